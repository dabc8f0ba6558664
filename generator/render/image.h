/* Images (PNG, and SVG through librsvg), decoded on demand and drawn into a
 * box keeping their aspect ratio. SVG stays vector in a PDF.
 *
 * Every image is checked before the expensive step: a PNG's size is read
 * from its header before any pixel is decoded, an SVG's element count with
 * its <use> references expanded is counted before librsvg sees it. Decoded
 * images are kept up to a byte budget, the least recently drawn evicted
 * first and decoded again when drawn again. */
#ifndef DECKPRESS_RENDER_IMAGE_H
#define DECKPRESS_RENDER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

#include "util/diag.h"
#include "util/geom.h"

/* A PNG of more pixels is refused before decoding: 64 megapixels (256 MB
 * decoded) holds an A2 board background at 300 dpi with its bleed. */
#define IMAGE_MAX_MEGAPIXELS 64
/* An SVG that draws more elements once every <use> is expanded, or whose
 * <use> references nest deeper, is refused before librsvg parses it. */
#define IMAGE_SVG_MAX_ELEMENTS 100000
#define IMAGE_SVG_MAX_USE_DEPTH 64
/* The default budget of decoded images kept, in bytes. */
#define IMAGE_CACHE_BUDGET ((size_t)256 << 20)

struct image_cache;

/* Caller owns; free with image_cache_destroy(). Budget IMAGE_CACHE_BUDGET. */
struct image_cache *image_cache_create(void);
void image_cache_destroy(struct image_cache *c);

/* Sets the byte budget of decoded images (tests use small ones); evicts at
 * once what no longer fits. */
void image_cache_set_budget(struct image_cache *c, size_t bytes);

/* The bytes of decoded images held now. */
size_t image_cache_get_size(const struct image_cache *c);

/* Decodes path if not yet done, checking it completely (an SVG is drawn
 * once into a recording surface). An unreadable, corrupt or too large file,
 * or an SVG that would be rasterised (filters), is reported at m, which is
 * also where a later failed draw is reported; returns false. */
bool image_cache_load(struct image_cache *c, const char *path, struct mark m, struct diag *d);

/* True when a loaded image has transparency that would survive into a PDF:
 * a PNG with any pixel not fully opaque, an SVG with opacity below 1, an
 * rgba()/hsla() colour or a mask. PDF/X-3 cannot hold it (Ghostscript
 * rasterises the whole page), so the caller refuses it there. */
bool image_cache_has_alpha(struct image_cache *c, const char *path);

/* The size in pixels of a loaded PNG into *w and *h; false for an SVG
 * (vectors have no resolution) or an image that did not load. */
bool image_cache_get_pixels(struct image_cache *c, const char *path, double *w, double *h);

/* Draws a loaded image centred in box, as large as fits. False when path
 * was never loaded successfully or cannot be drawn (decoded again after
 * eviction, or librsvg failed); the failure is kept for
 * image_cache_report_failure(). c may be NULL: nothing to draw with. */
bool image_cache_draw(struct image_cache *c, cairo_t *cr, const char *path, struct box box);

/* Draws a loaded image so that it covers box entirely, keeping its aspect
 * ratio, centred and clipped to box: for backgrounds that must reach every
 * edge (into the bleed). Fails like image_cache_draw(). */
bool image_cache_draw_cover(struct image_cache *c, cairo_t *cr, const char *path, struct box box);

/* Reports the first draw that failed since the last call into d, at the
 * mark the image was loaded with, and forgets it. False when every draw
 * succeeded. */
bool image_cache_report_failure(struct image_cache *c, struct diag *d);

#endif
