/* Spot colours in the PDF post-pass: the die line of a card with rounded
 * corners or of a tuck box, stroked by the painter in a marker colour
 * (render/paint.h, PAINT_CUT_CONTOUR_*), becomes a stroke in the
 * Separation colour space "CutContour" that print shops' cutting workflows
 * look for; a tuck box's fold lines, stroked in SPOT_FOLD_*, become the
 * Separation "Fold" (creased, not cut). Both are set to overprint so they
 * knock nothing out of the artwork. Cairo cannot write a Separation. */
#ifndef DECKPRESS_OUTPUT_SPOT_H
#define DECKPRESS_OUTPUT_SPOT_H

#include <stdbool.h>
#include <stddef.h>

#include <qpdf/qpdf-c.h>

#include "util/buf.h"

/* The names of the spot colours, as in the PDF. */
#define SPOT_CUT_CONTOUR "CutContour"
#define SPOT_FOLD "Fold"

/* The RGB a fold line is stroked with, and the operands cairo writes for
 * it: like the cut's marker, a colour no design uses. */
#define SPOT_FOLD_R 0.4567
#define SPOT_FOLD_G 0.0123
#define SPOT_FOLD_B 0.9876
#define SPOT_FOLD_OPERANDS "0.4567 0.0123 0.9876"

/* What spot_rewrite_stream() found: bits. */
enum {
	SPOT_FOUND_CUT = 1 << 0,
	SPOT_FOUND_FOLD = 1 << 1,
};

/* The overprinting graphics state the rewritten streams name (under
 * /ExtGState as /DPCutGS), as PDF text. */
extern const char spot_overprint[];

/* The resource key (such as "/CutContour") and the Separation colour
 * space, as PDF text, of the spot colour that SPOT_FOUND_* bit `found`
 * stands for; NULL for any other value. */
const char *spot_separation(unsigned found, const char **key);

/* Turns every marker-coloured stroke colour ("r g b RG" with a marker's
 * operands) in the page content streams of q into its spot colour at full
 * tint (CutContour, Fold), and adds the colour spaces and an overprinting
 * graphics state to those pages' resources. Pages without a marker are
 * left byte for byte. Returns the number of pages changed, or -1 when qpdf
 * failed (its error is q's). */
int spot_mark_die_lines(qpdf_data q);

/* The content-stream rewrite behind it: writes s (n bytes) with each marker
 * "RG" replaced into out and returns the number of replacements; 0 (out
 * undefined) when there is none. Strings are never touched. *found (may be
 * NULL) gets the SPOT_FOUND_* bits of the markers replaced. */
size_t spot_rewrite_stream(const unsigned char *s, size_t n, struct buf *out, unsigned *found);

#endif
