/* Draws a laid-out document page onto a cairo_t: text lines, rules, boxes,
 * images, card thumbnails, smileys; and on PDF surfaces the named link
 * targets, the links of card references and the bookmarks. Knows nothing
 * about files. */
#ifndef DECKPRESS_RENDER_DOC_H
#define DECKPRESS_RENDER_DOC_H

#include <stddef.h>

#include <cairo.h>

#include "layout/doc.h"
#include "render/card.h"
#include "render/image.h"

struct render_ctx {
	PangoContext *pango;
	struct image_cache *images;
};

/* Draws page `page` (0-based) of l with the trim box's top-left corner at
 * the current origin of cr. Errors stay sticky in cr; check cairo_status()
 * afterwards. */
void render_doc_page(cairo_t *cr, const struct doc_layout *l, size_t page,
                     const struct render_ctx *rc);

/* Adds l's headings as nested bookmarks to surface when it is a PDF
 * surface; does nothing on others. Call once, while the surface is open;
 * the targets are the named destinations render_doc_page() draws. */
void render_doc_outline(cairo_surface_t *surface, const struct doc_layout *l);

#endif
