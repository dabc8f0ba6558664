/* Draws a laid-out card face onto a cairo_t. Knows nothing about files. */
#ifndef DECKPRESS_RENDER_CARD_H
#define DECKPRESS_RENDER_CARD_H

#include <cairo.h>
#include <pango/pango.h>

#include "layout/card.h"
#include "render/image.h"

struct render_ctx {
	PangoContext *pango;       /* the fonts' context; borrowed */
	struct image_cache *images; /* borrowed */
};

/* Draws fl with the trim box's top-left corner at the current origin of cr,
 * so the caller decides where the bleed goes (PDF page or trimmed PNG).
 * Errors stay sticky in cr; check cairo_status() afterwards. */
void render_card_face(cairo_t *cr, const struct face_layout *fl, const struct render_ctx *rc);

/* Adds a rectangle with corners rounded by r points (0: square; at most
 * half the shorter side) to the path of cr. */
void render_rounded_rect(cairo_t *cr, struct box b, double r);

#endif
