/* Spot colours in the PDF post-pass: the die line of a card with rounded
 * corners, stroked by the painter in a marker colour (render/paint.h,
 * PAINT_CUT_CONTOUR_*), becomes a stroke in the Separation colour space
 * "CutContour" that print shops' cutting workflows look for, set to
 * overprint so it knocks nothing out. Cairo cannot write a Separation. */
#ifndef DECKPRESS_OUTPUT_SPOT_H
#define DECKPRESS_OUTPUT_SPOT_H

#include <stdbool.h>
#include <stddef.h>

#include <qpdf/qpdf-c.h>

#include "util/buf.h"

/* The name of the spot colour, as in the PDF. */
#define SPOT_CUT_CONTOUR "CutContour"

/* The resources that the rewritten streams name, as PDF text: the
 * Separation colour space (under /ColorSpace as /CutContour) and the
 * overprinting graphics state (under /ExtGState as /DPCutGS). */
extern const char spot_separation[];
extern const char spot_overprint[];

/* Turns every marker-coloured stroke colour ("r g b RG" with the marker's
 * operands) in the page content streams of q into the CutContour spot
 * colour at full tint, and adds the colour space and an overprinting
 * graphics state to those pages' resources. Pages without the marker are
 * left byte for byte. Returns the number of pages changed, or -1 when qpdf
 * failed (its error is q's). */
int spot_mark_cut_contour(qpdf_data q);

/* The content-stream rewrite behind it: writes s (n bytes) with each marker
 * "RG" replaced into out and returns the number of replacements; 0 (out
 * undefined) when there is none. Strings are never touched. */
size_t spot_rewrite_stream(const unsigned char *s, size_t n, struct buf *out);

#endif
