/* The painter: draws any display list page (card face, document page,
 * board, pieces sheet) onto a cairo_t. Every text is already set and
 * fitted by layout; the painter only sets it up again with the same
 * values, so it breaks the same lines. Knows nothing about files. */
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
};

/* Draws l with the trim box's top-left corner at the current origin of cr,
 * so the caller decides where the bleed goes (PDF page or trimmed PNG).
 * Link targets, links and bookmarks are drawn on PDF surfaces only. Errors
 * stay sticky in cr; check cairo_status() afterwards. False when an image
 * could not be drawn: the page misses it, and pc->images keeps why for
 * image_cache_report_failure(). */
bool paint_page(cairo_t *cr, const struct dlist *l, const struct paint_ctx *pc);

#endif
