/* Dialogue-card decks (docs/yaml.md, "Deck"). */
#ifndef DECKPRESS_MODEL_DECK_H
#define DECKPRESS_MODEL_DECK_H

#include <stdbool.h>
#include <stddef.h>

#include "model/about.h"
#include "model/i18n.h"
#include "model/profile.h"
#include "model/read.h"
#include "model/template.h"
#include "util/geom.h"

struct category {
	const char *id;
	struct mark mark;
	struct ltext name;
	struct color color;
	const char *icon; /* resolved path; may be NULL */
	struct mark icon_mark;
};

struct card_type {
	const char *id;
	struct mark mark;
	struct ltext label;
	struct ltext prompt; /* may be unset */
};

struct card {
	const char *id;
	struct mark mark;                /* the card's */
	struct mark id_mark;             /* its id's */
	const struct category *category; /* NULL on special cards */
	const struct card_type *type;    /* NULL on special cards */
	long level;                      /* 0 = none */
	struct ltext title;              /* may be unset */
	struct ltext text;
	long count; /* copies to print */
	bool special;
	size_t index; /* 1-based position in the deck */
};

enum back_design {
	BACK_CATEGORY,
	BACK_UNIFORM,
};

struct deck {
	const char *id;
	const char *path; /* the YAML file */
	struct mark mark;
	struct langs langs;
	struct ltext title;
	struct ltext subject;               /* may be unset */
	struct about about;                 /* what the catalogue says of it */
	const char *author;                 /* may be NULL */
	const char *version;                /* "" when unset */
	double trim_w, trim_h, bleed, safe; /* points */
	struct mark size_mark;
	bool reference_only; /* read only because the board or document being built
	                        refers to it: not built itself */
	const struct template *tmpl;
	struct category *categories;
	size_t ncategories;
	struct card_type *types;
	size_t ntypes;
	struct card *cards; /* special cards first, then the deck's cards */
	size_t ncards;
	struct {
		enum back_design design;
		struct color color;
		struct ltext text;
		const char *icon; /* may be NULL */
		struct mark icon_mark;
	} back;
};

/* Resolves a template name to a loaded template for the deck being read;
 * reports and returns NULL when there is none. Borrowed; valid as long as
 * the deck. */
typedef const struct template *(*deck_template_fn)(const char *name, struct mark m,
                                                   const struct langs *langs, void *ctx);

/* Reads a deck document. kit_langs and kit_author are the defaults from
 * kit.yaml (kit_langs->count may be 0). The profile's bleed replaces the
 * deck's and its safe margin is a minimum, before the template's geometry
 * is checked. *out and everything in it live in r->arena, freed with it,
 * never on their own; the deck borrows strings from the document, which
 * must outlive it. */
bool deck_read(struct deck **out, const struct node *root, struct reader *r,
               const struct langs *kit_langs, const char *kit_author, const struct profile *profile,
               deck_template_fn get_template, void *ctx);

/* Number of distinct cards (special ones included); the value of {count}. */
size_t deck_get_card_count(const struct deck *d);

#endif
