/* A kit: one client toolkit, a folder under decks/ with kit.yaml and the
 * YAML files of its items (decks, boards, documents, its brand). Loading
 * parses every file once into typed items (model/item.h): nothing after the
 * model reads YAML. */
#ifndef DECKPRESS_MODEL_KIT_H
#define DECKPRESS_MODEL_KIT_H

#include <stdbool.h>
#include <stddef.h>

#include "load/yml.h"
#include "model/brand.h"
#include "model/deck.h"
#include "model/i18n.h"
#include "model/phrasebook.h"
#include "model/item.h"
#include "model/profile.h"

/* What loading needs from outside the model. */
struct kit_env {
	const char *templates_dir; /* the shared templates/ */
	const char *profiles_dir;  /* the shared profiles, templates/profiles/ */
	const char *phrases_dir;   /* the program's texts, templates/i18n/; may be NULL: none */
	const char *profile;       /* --profile NAME; may be NULL */
	bool *profile_missing;     /* set when --profile names no profile; may be NULL */
	bool (*has_family)(const char *family, const void *ctx);
	const char *const *families; /* for suggestions */
	size_t nfamilies;
	const void *fonts_ctx;
	/* --lang: the languages built or checked; NULL: every one. A missing
	 * or empty translation is an error only in these. */
	const char *const *langs;
	size_t nlangs;
};

struct kit {
	struct arena arena;
	const char *dir;  /* as given */
	const char *name; /* the folder's name: out/<name>/ */
	struct ltext title;
	struct langs langs; /* count 0 when there is no kit.yaml */
	/* the languages asked for and the kit's drafts (kit.yaml's `draft:
	 * [en]`), which build only the proof and the previews */
	struct lang_plan plan;
	const char *author;            /* may be NULL */
	const struct profile *profile; /* never NULL once loaded; borrowed */
	const struct brand *brand;     /* the kit's brand.yaml; may be NULL */
	const char *brand_path;
	/* the program's own texts on pages: the shared ones and the kit's
	 * i18n/; owned; NULL when its files have errors */
	struct phrasebook *phrases;
	struct ltext *glossary; /* terms and their translations, in kit.yaml */
	size_t nglossary;
	/* kit.yaml as an item of kind KIND_KIT, not among items: its texts
	 * (the title, the glossary's terms) for translation (translate/);
	 * NULL without a kit.yaml that reads */
	struct kit_item *file_item;
	/* hyphenation exceptions from kit.yaml: "fra-værs-sam-ta-len" per language */
	struct hyphen_exception {
		const char *lang;
		const char *entry;
		struct mark mark;
	} * hyphenation;
	size_t nhyphenation;
	/* every YAML file of the folder but kit.yaml, in file name order; owned */
	struct kit_item *items;
	size_t nitems;
	/* the items read into models, in file order; the arrays are owned, the
	 * decks and boards live in the arena, the documents are owned */
	struct deck **decks;
	size_t ndecks;
	struct board **boards;
	size_t nboards;
	struct document **documents;
	size_t ndocuments;
	/* every document read, owned; the model borrows their strings */
	struct yml_doc **docs;
	size_t ndocs, docs_cap;
};

/* Loads the kit in dir: parses every YAML file once into items, checks
 * that no two items share an output name, and reads the decks, boards and
 * documents into models. With only set (the file name of one YAML file in
 * dir, such as "kapitalkort.yaml"), only that item is read, with what it
 * needs (kit.yaml, templates, the brand, and for a board or document the
 * decks). Reports every problem found into d. Returns false when the kit,
 * its brand or a deck could not be read, so that nothing can be laid out;
 * a board or document that does not read, or ids that clash, are reported
 * without that, so that laying out the rest still finds its problems (check
 * d before writing anything). *out is NULL only when dir cannot be read;
 * otherwise it holds what could be read, even after errors, so that the
 * summary can report on a kit with errors. Caller owns *out; free with
 * kit_destroy(). */
bool kit_load(struct kit **out, const char *dir, const char *only, const struct kit_env *env,
              struct diag *d);

void kit_destroy(struct kit *k);

/* Whether the kit has a deck called id that could not be read (its errors
 * are reported): an item that names it reports nothing more of it. */
bool kit_deck_unread(const struct kit *k, const char *id);

#endif
