/* Templates: the faces of a card as lists of positioned elements bound to
 * card fields (docs/yaml.md, "Template"). */
#ifndef DECKPRESS_MODEL_TEMPLATE_H
#define DECKPRESS_MODEL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/i18n.h"
#include "model/read.h"
#include "model/style.h"
#include "util/geom.h"

/* The card fields a template can name in braces. */
enum field {
	FIELD_ID,
	FIELD_TITLE,
	FIELD_TEXT,
	FIELD_LEVEL,
	FIELD_INDEX,
	FIELD_COUNT,
	FIELD_TYPE, /* the type's id, for when: */
	FIELD_TYPE_LABEL,
	FIELD_TYPE_PROMPT,
	FIELD_CATEGORY, /* the category's id, for when: */
	FIELD_CATEGORY_NAME,
	FIELD_CATEGORY_COLOR,
	FIELD_CATEGORY_ICON,
	FIELD_DECK_TITLE,
	FIELD_DECK_VERSION,
	FIELD_BACK_TEXT,
	FIELD_BACK_COLOR,
	FIELD_BACK_ICON,
	FIELD_CATEGORY_INDEX, /* the card's place in its category, 1-based */
	FIELD_CATEGORY_COUNT, /* the cards of its category */
	FIELD_NUMBER,         /* the deck's numbering; "" on a card left out */
	FIELD_NUMBER_COUNT,   /* the cards numbered */
	FIELD_COUNT_,
	/* a field the deck declares (model/deck.h), named where it is used */
	FIELD_CUSTOM = FIELD_COUNT_,
};

/* "category.name" etc., indexed by enum field. */
extern const char *const field_names[FIELD_COUNT_];

/* One piece of a template string: literal text or a field. */
struct tpart {
	bool is_field;
	enum field field;
	const char *custom; /* the name of a FIELD_CUSTOM; borrowed from the kit */
	const char *text;   /* literal, braces unescaped; borrowed from the kit */
	size_t len;
};

/* The name of the field of a part, a condition or an image source:
 * "category.name", or a deck's own field's name. Borrowed. */
const char *field_get_name(enum field f, const char *custom);

/* Whether name (len bytes) is one a deck may give its own field: a letter,
 * then at most 63 letters, digits, '-' and '_' (no '.', which the built-in
 * fields use). */
bool field_is_custom_name(const char *name, size_t len);

/* A template string split into parts, per language. */
struct tstring {
	struct tpart **parts; /* per language */
	size_t *nparts;
	struct mark mark;
	bool set;
};

/* A colour: a literal or a colour field. */
struct tcolor {
	bool set;
	bool is_field;
	enum field field;
	struct color color;
	struct mark mark;
};

enum elem_type {
	ELEM_RECT,
	ELEM_TEXT,
	ELEM_IMAGE,
	ELEM_LINE,
	ELEM_DOTS,
	ELEM_QR,
};

/* Which lengths of an element are given in % of the trim (`x: 8%`): x, w,
 * x1 and x2 of its width, y, h, y1 and y2 of its height. Until
 * template_resolve() the lengths so marked hold the fraction (0.08). */
enum {
	PCT_X = 1 << 0,
	PCT_Y = 1 << 1,
	PCT_W = 1 << 2,
	PCT_H = 1 << 3,
	PCT_X1 = 1 << 4,
	PCT_Y1 = 1 << 5,
	PCT_X2 = 1 << 6,
	PCT_Y2 = 1 << 7,
};

enum valign {
	VALIGN_TOP,
	VALIGN_MIDDLE,
	VALIGN_BOTTOM,
};

/* How a text element's size is chosen (`fit:`): each card on its own, or
 * one size for the element on every card of the deck in a language, the
 * largest at which every card's text fits (docs/typesetting.md §8). */
enum text_fit {
	FIT_BOX,
	FIT_DECK,
};

/* when: {field: [values]} (or "set": not empty). */
struct cond {
	enum field field;
	const char *custom;        /* the name of a FIELD_CUSTOM */
	const char *const *values; /* NULL-terminated; NULL means "set" */
	struct mark mark;
};

struct element {
	enum elem_type type;
	const char *name; /* id: or "<face>[n]", for messages */
	struct mark mark;
	struct box box; /* in points, from the top-left of the trim box */
	unsigned pct;   /* PCT_* bits; 0 once resolved */
	double rotate;  /* text, image: degrees, clockwise; 0 = upright */
	bool bleed;     /* rect: push edges on the trim edge out to the bleed */
	struct tcolor fill, stroke, color;
	double stroke_width, radius, tint; /* tint: 1 = the colour itself */
	/* text */
	struct tstring text;
	struct text_style style;
	enum valign valign;
	bool hyphenate;
	enum text_fit fit;
	bool balance; /* lines as even as the same number of lines allows */
	/* image: a literal path (resolved), an image field, or a path with
	 * fields in it ("portraits/{id}.png"), which the deck expands per card
	 * (model/deck.h, card images) */
	const char *src_path; /* may be NULL */
	bool src_is_field;
	enum field src_field;
	const char *src_custom;  /* the name of a FIELD_CUSTOM src_field */
	struct tpart *src_parts; /* the path with fields; NULL otherwise */
	size_t src_nparts;
	struct mark src_mark; /* where src: is */
	/* line, in points */
	double x1, y1, x2, y2, width;
	/* dots */
	long dot_count;
	enum field dot_value;
	const char *dot_custom; /* the name of a FIELD_CUSTOM dot_value */
	struct mark dot_mark;   /* where value: is */
	/* qr: what it encodes (fields expanded, no markup), at which error
	 * correction (0-3: L, M, Q, H), dark modules in color on background */
	struct tstring qr_data;
	int qr_level;
	struct tcolor background;
	struct cond *when;
	size_t nwhen;
};

struct face {
	struct element *elems;
	size_t count;
};

enum face_kind {
	FACE_FRONT,
	FACE_BACK,
	FACE_SPECIAL,
	FACE_COUNT_,
};

/* A card size a template is made for (`sizes:`), in points. */
struct template_size {
	const char *name; /* as written: "poker", "63 x 88mm"; borrowed */
	double w, h;
};

struct template
{
	const char *id;
	const char *path;
	struct face faces[FACE_COUNT_];
	bool has_special;            /* when false, special cards use the front */
	struct template_size *sizes; /* may be NULL: any size */
	size_t nsizes;
	bool relative; /* some length is a % of the trim */
	/* may be NULL: the fields it declares (fields:, as a deck's), which a
	 * deck using it has without declaring them; read by model/deck.c */
	const struct node *fields;
};

struct brand;

/* Reads a template document. r->langs are the languages its texts must
 * have (a language map in a template must cover the deck's languages).
 * brand: the kit's (may be NULL); "{brand.*}" values resolve against it,
 * then against the template's own `brand:` defaults. check_family checks a
 * font family and reports it at m when it is missing (the kit reports each
 * family once), with ctx. On failure
 * reports and returns false; *out is NULL. *out and everything in it live
 * in r->arena, freed with it, never on their own. */
bool template_read(struct template **out, const struct node *root, struct reader *r,
                   const struct brand *brand,
                   bool (*check_family)(const char *family, struct mark m, void *ctx), void *ctx);

/* The template t laid onto a trim of trim_w x trim_h points: every % length
 * turned into points. When t lists its sizes and this trim is none of them,
 * reports one error at `at` naming them (deck_id names the deck) and
 * returns false, *out NULL. *out is t itself when no length is relative,
 * else a copy in r->arena, freed with it. */
bool template_resolve(const struct template **out, const struct template *t, double trim_w,
                      double trim_h, struct mark at, const char *deck_id, struct reader *r);

#endif
