/* Card layout: one face of one card in one language, as positioned items
 * with every field resolved, colour chosen and text fitted (kept for the
 * translation proof and the tests), and as the display list that render
 * paints. Pure computation: no drawing, no files. */
#ifndef DECKPRESS_LAYOUT_CARD_H
#define DECKPRESS_LAYOUT_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pango/pango.h>

#include "display/dlist.h"
#include "layout/qr.h"
#include "model/deck.h"
#include "typeset/fit.h"
#include "typeset/hyphen.h"
#include "typeset/markup.h"
#include "util/diag.h"
#include "util/geom.h"

/* How a text item's rich text was made from the element's text. */
enum text_made {
	TEXT_PLAIN,
	TEXT_HYPHENATED, /* hyphenated where it breaks, to fit at a larger size */
	TEXT_RAGGED,     /* a few words hyphenated, to mend a very short line */
};

struct lay_item {
	enum elem_type type;
	struct box box; /* points, trim coordinates; rects already pushed into the bleed;
	                   a turned text or image: the frame it is set in before turning */
	double angle;   /* text, image: radians, clockwise, about the box's centre */
	bool has_fill, has_stroke;
	struct color fill, stroke, color;
	double stroke_width, radius;
	/* text: draw rich at style.size, width box.w, top at box.y + text_dy */
	struct rich rich;
	struct text_style style;
	double text_dy;
	const char *name;              /* the element's, for the translation proof; borrowed */
	double design_size;            /* the element's font size before fitting */
	bool fits;                     /* false: style.size is min-size and it still overflows */
	double overflow_w, overflow_h; /* points, when !fits */
	enum text_made made;
	PangoLayout *layout; /* the fitted one, drawn as it is; owned reference;
	                        may be NULL */
	/* image */
	const char *image; /* path; borrowed from the kit */
	struct mark image_mark;
	/* line */
	double x1, y1, x2, y2, width;
	/* dots */
	long dot_count, dot_filled;
	/* qr: dark modules in color on fill (has_fill), module points a side */
	struct qr qr;
	double module;
};

struct face_layout {
	const struct card *card; /* borrowed */
	enum face_kind face;
	size_t lang; /* index into the deck's languages */
	double trim_w, trim_h, bleed;
	struct lay_item *items; /* owned */
	size_t count;
	struct dlist dlist; /* owned: the face to paint */
};

/* The sizes a deck's `fit: deck` text elements share in one language
 * (docs/typesetting.md §8): per face of the template, per element, the
 * largest size in points at which that element's text fits on every card
 * that shows it; 0 for an element that sizes itself. */
struct deck_fit {
	double *sizes[FACE_COUNT_]; /* owned; NULL for a face without such elements */
	struct fit_share *share;    /* owned: texts fitted already (card.c); may be NULL */
};

/* Fits the text of every `fit: deck` element of deck on every card in
 * language lang on its own and keeps the smallest size. Reports into d
 * (once, at the element) when that size is more than 20 % below the design
 * size or below 7pt; a card's own problems are reported when it is laid
 * out. out must be finished with deck_fit_finish(). */
void deck_fit_init(struct deck_fit *out, const struct deck *deck, size_t lang, PangoContext *ctx,
                   struct hyphenator *hy, struct diag *d);

void deck_fit_finish(struct deck_fit *df);

/* Lays out one face; texts that ask for it are hyphenated with hy (may be
 * NULL: none). fit holds the sizes of the `fit: deck` elements for this
 * deck and language (deck_fit_init()); NULL only for a deck that has none.
 * Problems (markup, text that does not fit, glyphs no bundled font has)
 * are reported into d with the card, element and language; returns false
 * then. out is always initialised and must be finished. */
bool layout_card_face(struct face_layout *out, const struct deck *deck, const struct card *card,
                      enum face_kind face, size_t lang, PangoContext *ctx, struct hyphenator *hy,
                      const struct deck_fit *fit, struct diag *d);

void face_layout_finish(struct face_layout *fl);

/* What fitting decided for one text of a face: enough to lay the face out
 * again without fitting (layout_card_face_again()). */
struct fit_memo_text {
	double size;        /* points, as set */
	double dy;          /* the lay_item's text_dy */
	uint32_t rare;      /* 1 + its index in the memo's rare ones; 0: none */
	unsigned char made; /* enum text_made */
	bool fits, ok;
};

/* The few texts that need more: a rag mended, a box balanced, an overflow. */
struct fit_memo_rare {
	struct rich rag; /* owned, when made is TEXT_RAGGED; else empty */
	struct box box;  /* the item's box, balanced or not */
	double overflow_w, overflow_h;
};

/* What fitting decided for every text of many faces, in the order they
 * were laid out: about 24 bytes a text, where a face layout takes about
 * 6 KB (a deck too large to keep its faces keeps this instead). */
struct fit_memo {
	struct fit_memo_text *texts; /* owned */
	size_t count, cap;
	struct fit_memo_rare *rare; /* owned */
	size_t nrare, rare_cap;
};

void fit_memo_init(struct fit_memo *m);
void fit_memo_finish(struct fit_memo *m);

/* layout_card_face() that also appends to memo what fitting decided for
 * each of the face's texts, from index memo->count (taken before the call)
 * on. */
bool layout_card_face_record(struct face_layout *out, const struct deck *deck,
                             const struct card *card, enum face_kind face, size_t lang,
                             PangoContext *ctx, struct hyphenator *hy, const struct deck_fit *fit,
                             struct fit_memo *memo, struct diag *d);

/* Lays the face out again as layout_card_face_record() did when memo->count
 * was first: the same items and display list, with each text at the size
 * and in the variant fitting chose, but nothing fitted or shaped (the
 * painter shapes each text once). fit is the one given then. Its problems
 * were reported then; returns what it returned. out is always initialised and must be finished. */
bool layout_card_face_again(struct face_layout *out, const struct deck *deck,
                            const struct card *card, enum face_kind face, size_t lang,
                            struct hyphenator *hy, const struct deck_fit *fit,
                            const struct fit_memo *memo, size_t first);

#endif
