/* Rounded rectangles for the painters still to be merged into render/paint. */
#ifndef DECKPRESS_RENDER_CARD_H
#define DECKPRESS_RENDER_CARD_H

#include <cairo.h>

#include "util/geom.h"

/* Adds a rectangle with corners rounded by r points (0: square; at most
 * half the shorter side) to the path of cr. */
void render_rounded_rect(cairo_t *cr, struct box b, double r);

#endif
