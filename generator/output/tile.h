/* Tiles: a large board printed at home on several sheets. A sink that takes
 * one page (the board), records it, and writes the sheets that
 * layout/tiles composed (the assembly map, then one sheet per tile), each
 * with the recorded board painted at its DL_INSET. */
#ifndef DECKPRESS_OUTPUT_TILE_H
#define DECKPRESS_OUTPUT_TILE_H

#include <stdbool.h>
#include <stddef.h>

#include "display/dlist.h"
#include "output/sink.h"
#include "render/paint.h"
#include "util/diag.h"

/* A PDF at path of the count (at least 1) sheets pages, labelled labels;
 * both borrowed for the sink's life, as is what pc points at. Takes one
 * page of the board's trim (with any bleed, which the tiles leave out).
 * Caller owns the result; free with sink_destroy(). */
struct sink *sink_tiles_create(const char *path, const struct pdf_meta *meta,
                               const struct dlist *pages, const char *const *labels, size_t count,
                               const struct paint_ctx *pc, struct diag *d);

#endif
