/* The painter: draws any display list page (card face, document page,
 * board, pieces sheet) onto a cairo_t. Every text is already set and
 * fitted by layout: a text that carries its fitted layout is drawn from
 * it, any other is set up again with the same values, so it breaks the
 * same lines. Knows nothing about files. */
#ifndef DECKPRESS_RENDER_PAINT_H
#define DECKPRESS_RENDER_PAINT_H

#include <cairo.h>
#include <pango/pango.h>

#include "display/dlist.h"
#include "render/image.h"

struct paint_ctx {
	PangoContext *pango;        /* the fonts' context; borrowed */
	struct image_cache *images; /* borrowed; every image of the page loaded */
	cairo_surface_t *inset;     /* what DL_INSET draws; borrowed; may be NULL */
	/* draw a page's die line (dlist die_radius): on PDF surfaces a stroke in
	 * PAINT_CUT_CONTOUR, which output/spot turns into the CutContour spot
	 * colour; on image surfaces the card as cut, corners outside it white */
	bool die_line;
};

/* The RGB a die line is stroked with on PDF surfaces, and the exact
 * operands cairo writes for it ("... RG"): a colour no design uses. */
#define PAINT_CUT_CONTOUR_R 0.0123
#define PAINT_CUT_CONTOUR_G 0.9876
#define PAINT_CUT_CONTOUR_B 0.4567
#define PAINT_CUT_CONTOUR_OPERANDS "0.0123 0.9876 0.4567"
/* Its width, points: a hairline, as cutting plotters want */
#define PAINT_CUT_CONTOUR_WIDTH 0.25

/* Draws l with the trim box's top-left corner at the current origin of cr,
 * so the caller decides where the bleed goes (PDF page or trimmed PNG).
 * Link targets, links and bookmarks are drawn on PDF surfaces only. Errors
 * stay sticky in cr; check cairo_status() afterwards. False when an image
 * could not be drawn: the page misses it, and pc->images keeps why for
 * image_cache_report_failure(). */
bool paint_page(cairo_t *cr, const struct dlist *l, const struct paint_ctx *pc);

#endif
