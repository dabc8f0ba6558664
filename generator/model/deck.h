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
	size_t ncards; /* distinct cards in it; the value of {category.count} */
};

/* The kinds of a deck's own field (docs/yaml.md, "Fields"). */
enum deck_field_kind {
	DFIELD_TEXT,   /* translatable text, with the markup allowed */
	DFIELD_PLAIN,  /* one text for every language */
	DFIELD_NUMBER, /* a number, kept as written */
	DFIELD_IMAGE,  /* a PNG or SVG file */
	DFIELD_URL,    /* a web address */
	DFIELD_KIND_COUNT_,
};

/* "text", "plain", ... indexed by enum deck_field_kind. */
extern const char *const deck_field_kind_names[DFIELD_KIND_COUNT_ + 1];

/* Markup a text field allows; the bits are typeset/markup.h's styles. */
enum {
	FIELD_MARKUP_BOLD = 1 << 0,
	FIELD_MARKUP_ITALIC = 1 << 1,
};

/* A field the deck declares under fields:. */
struct deck_field {
	const char *name;
	struct mark mark;
	enum deck_field_kind kind;
	bool required;
	unsigned markup; /* DFIELD_TEXT: FIELD_MARKUP_* allowed */
};

/* A card's value of one of its deck's fields. */
struct card_value {
	bool set;
	struct ltext text; /* DFIELD_TEXT */
	const char *str;   /* the others, as written */
	const char *path;  /* DFIELD_IMAGE: the file, resolved */
	struct mark mark;
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
	size_t index;              /* 1-based position in the deck */
	size_t cat_index;          /* 1-based position in its category; 0 without one */
	size_t number;             /* the deck's numbering, 1-based; 0 = left out */
	struct card_value *values; /* one per deck field, indexed like deck->fields */
	/* per deck->image_elems: the path its "{...}" expands to for this card,
	 * resolved; NULL where the element does not apply to the card */
	const char **images;
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
	double corner_radius;               /* points; 0: cut square */
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
	struct deck_field *fields; /* its own fields, in declared order */
	size_t nfields;
	size_t numbered; /* cards that have a number; the value of {number.count} */
	/* the template's image elements whose src has fields in it */
	const struct element **image_elems;
	size_t nimage_elems;
	const char *csv; /* the CSV file its cards come from; NULL when none */
	/* that file's rows, special ones too, as load/csv.h makes them: for
	 * the texts of the kit item (model/item.h); NULL without one */
	const struct node *csv_rows;
	struct {
		enum back_design design;
		struct color color;
		struct ltext text;
		const char *icon; /* may be NULL */
		struct mark icon_mark;
	} back;
	/* the tuck box (`box:`, docs/boxes.md) */
	struct {
		double caliper;   /* one card's thickness, points; 0: the profile's */
		double clearance; /* added to the card and the stack, points */
		struct mark mark; /* of box:, or of the deck's size */
	} box;
};

/* A tuck box's clearance when the deck does not say: 1 mm. */
#define DECK_BOX_CLEARANCE (1.0 * PT_PER_MM)

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

/* The index of the deck's own field called name, or -1. */
int deck_find_field(const struct deck *d, const char *name);

/* The value of a field that is the same in every language (id, level,
 * category, a plain, number, url or image field ...) on card c, or NULL for
 * a field that is translated or is a colour or image of the deck. Numbers
 * are written into num (n bytes). "" when the card has no value. Borrowed
 * from the deck, or num. */
const char *deck_get_plain_value(const struct deck *d, const struct card *c, enum field f,
                                 const char *custom, char *num, size_t n);

/* The path image element e (one of d->image_elems) shows on card c, or
 * NULL. Borrowed from the deck. */
const char *deck_get_card_image(const struct deck *d, const struct card *c,
                                const struct element *e);

struct buf;

/* Appends the deck's cards to out as a CSV file that cards: {csv: ...}
 * reads back into the same cards: a UTF-8 byte order mark (for Excel), a
 * header row (id, special when the deck has special cards, the built-in
 * fields its cards use, then its own fields; a translated one as a column
 * per language, text.da, text.en), a row per card, special cards first,
 * separated by sep (',' or ';'), lines ending in CRLF. A text that is the
 * same in every language, or written "=", is "=" in the other languages'
 * columns. Image paths are as written: relative to the deck's file, so
 * the CSV file belongs beside it. */
void deck_write_csv(const struct deck *d, char sep, struct buf *out);

#endif
