/* Boards and their pieces as scenes: every shape, image and fitted text of
 * one board (or one page of pieces) in one language, then drawn onto a
 * cairo_t. Composing fits every text with typeset/fit (the same code as
 * cards) and reports what does not fit; drawing cannot fail. */
#ifndef DECKPRESS_RENDER_BOARD_H
#define DECKPRESS_RENDER_BOARD_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <pango/pango.h>

#include "layout/board.h"
#include "model/board.h"
#include "render/image.h"
#include "typeset/fit.h"
#include "typeset/markup.h"
#include "util/diag.h"
#include "util/geom.h"

enum item_kind {
	ITEM_RECT,    /* box, radius */
	ITEM_ELLIPSE, /* in box */
	ITEM_POLY,    /* pts: a closed polygon or an open line */
	ITEM_TEXT,
	ITEM_IMAGE,
};

struct scene_item {
	enum item_kind kind;
	struct box box;
	double radius;
	struct bpoint *pts; /* owned */
	size_t npts;
	bool closed;
	bool has_fill, has_stroke;
	struct color fill, stroke; /* fill is the colour of text */
	double width;              /* of the stroke */
	double dash;               /* 0: solid */
	bool round;                /* round caps and joins */
	/* text: rich at style.size in box.w, its top text_dy below box.y; turned
	 * by angle (radians, clockwise on the page) about the box's centre */
	struct rich rich;
	struct text_style style;
	double text_dy;
	double angle;
	const char *image; /* path; borrowed from the model */
};

/* One page: the trim's top-left corner is the origin. */
struct scene {
	double trim_w, trim_h, bleed;
	struct color background;
	const char *background_image; /* may be NULL */
	struct scene_item *items;     /* owned, in drawing order */
	size_t count, cap;
};

/* The board in language lang (an index into b->langs), laid out as l says.
 * Reports text that does not fit, markup errors and missing glyphs into d;
 * returns false then. out is initialised either way; free with
 * scene_finish(). */
bool board_compose(struct scene *out, const struct board *b, const struct board_layout *l,
                   size_t lang, PangoContext *pango, struct diag *d);

/* The pieces sheets on A4: *pages scenes (caller frees each with
 * scene_finish() and the array with free()). Reports like board_compose. */
bool pieces_compose(struct scene **pages, size_t *npages, const struct board *b, size_t lang,
                    PangoContext *pango, struct diag *d);

void scene_finish(struct scene *s);

/* Draws s with the trim's top-left corner at the current origin of cr; the
 * background reaches into the bleed. Errors stay sticky in cr. */
void scene_draw(cairo_t *cr, const struct scene *s, PangoContext *pango,
                struct image_cache *images);

/* The boxes of every text of s (unturned boxes; a turned text's box grown
 * to hold it turned). Caller frees. */
struct box *scene_get_text_boxes(const struct scene *s, size_t *count);

#endif
