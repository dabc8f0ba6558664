/* A kit: one client toolkit, a folder under decks/ with kit.yaml and the
 * YAML files of its decks (later boards and documents). */
#ifndef DECKPRESS_MODEL_KIT_H
#define DECKPRESS_MODEL_KIT_H

#include <stdbool.h>
#include <stddef.h>

#include "load/yml.h"
#include "model/brand.h"
#include "model/deck.h"
#include "model/i18n.h"
#include "model/profile.h"

/* What loading needs from outside the model. */
struct kit_env {
	const char *templates_dir; /* the shared templates/ */
	const char *profiles_dir;  /* the shared profiles, templates/profiles/ */
	const char *profile;       /* --profile NAME; may be NULL */
	bool *profile_missing;     /* set when --profile names no profile; may be NULL */
	bool (*has_family)(const char *family, const void *ctx);
	const char *const *families; /* for suggestions */
	size_t nfamilies;
	const void *fonts_ctx;
};

struct kit {
	struct arena arena;
	const char *dir;   /* as given */
	const char *name;  /* the folder's name: out/<name>/ */
	struct ltext title;
	struct langs langs; /* count 0 when there is no kit.yaml */
	const char *author; /* may be NULL */
	const struct profile *profile; /* never NULL once loaded; borrowed */
	const struct brand *brand;     /* the kit's brand.yaml; may be NULL */
	const char *brand_path;
	struct ltext *glossary; /* terms and their translations, in kit.yaml */
	size_t nglossary;
	/* hyphenation exceptions from kit.yaml: "fra-værs-sam-ta-len" per language */
	struct hyphen_exception {
		const char *lang;
		const char *entry;
		struct mark mark;
	} *hyphenation;
	size_t nhyphenation;
	struct deck **decks;
	size_t ndecks;
	/* the roots of the board and document files, read by their own modules
	 * (cli/board.c, cli/document.c); borrowed from docs */
	const struct node **boards, **documents;
	size_t nboards, ndocuments;
	/* every document read, owned; the model borrows their strings */
	struct yml_doc **docs;
	size_t ndocs, docs_cap;
};

/* Loads the kit in dir. With only set (the file name of one YAML file in
 * dir, such as "kapitalkort.yaml"), only that item is read (kit.yaml and templates still are). Reports every
 * problem found into d; returns false and *out = NULL when there were errors.
 * Caller owns *out; free with kit_destroy(). */
bool kit_load(struct kit **out, const char *dir, const char *only, const struct kit_env *env,
	      struct diag *d);

void kit_destroy(struct kit *k);

#endif
