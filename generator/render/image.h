/* Images (PNG, and SVG through librsvg), decoded once per process and drawn
 * into a box keeping their aspect ratio. SVG stays vector in a PDF. */
#ifndef DECKPRESS_RENDER_IMAGE_H
#define DECKPRESS_RENDER_IMAGE_H

#include <stdbool.h>

#include <cairo.h>

#include "util/diag.h"
#include "util/geom.h"

struct image_cache;

/* Caller owns; free with image_cache_destroy(). */
struct image_cache *image_cache_create(void);
void image_cache_destroy(struct image_cache *c);

/* Decodes path if not yet done. An unreadable or corrupt file, or an SVG
 * that would be rasterised (filters), is reported at m; returns false. */
bool image_cache_load(struct image_cache *c, const char *path, struct mark m, struct diag *d);

/* True when a loaded image has transparency that would survive into a PDF:
 * a PNG with any pixel not fully opaque, an SVG with opacity below 1, an
 * rgba()/hsla() colour or a mask. PDF/X-3 cannot hold it (Ghostscript
 * rasterises the whole page), so the caller refuses it there. */
bool image_cache_has_alpha(struct image_cache *c, const char *path);

/* Draws a loaded image centred in box, as large as fits. False when path
 * was never loaded successfully. */
bool image_cache_draw(struct image_cache *c, cairo_t *cr, const char *path, struct box box);

/* Draws a loaded image so that it covers box entirely, keeping its aspect
 * ratio, centred and clipped to box: for backgrounds that must reach every
 * edge (into the bleed). False when path was never loaded successfully. */
bool image_cache_draw_cover(struct image_cache *c, cairo_t *cr, const char *path, struct box box);

#endif
