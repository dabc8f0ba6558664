/* Total ink of a CMYK PDF (the PDF/X that Ghostscript wrote), read from
 * what its pages paint rather than from a rendering (issue 15): every fill,
 * stroke and text colour (DeviceGray, DeviceCMYK, a Separation whose
 * alternate is CMYK or grey through a type 2 function), and every sample
 * of its 8-bit CMYK and grey images, in page content and form XObjects.
 *
 * How it differs from measuring a raster of the page (docs/print.md):
 * a colour counts wherever it is painted, even where later paint covers it
 * or a clip hides it, so the figure is never below what shows; it is exact
 * where a raster rounds each channel to 1/255; and an overprinting colour
 * (the die line's spot colour) counts on its own, not added to what lies
 * under it. What it cannot value (shadings, patterns, inline images,
 * Type 3 fonts, other colour spaces or image forms) makes the answer
 * INK_UNSURE, and the caller measures a rendering instead. */
#ifndef DECKPRESS_OUTPUT_INK_H
#define DECKPRESS_OUTPUT_INK_H

#include <stddef.h>

enum ink_result {
	INK_MEASURED,   /* every page measured */
	INK_UNSURE,     /* something on a page cannot be valued this way */
	INK_UNREADABLE, /* qpdf cannot read the PDF */
};

/* Measures the highest C+M+Y+K (as a sum of fractions: 3.0 = 300 %) that
 * each page of the PDF pdf (len bytes) paints, into *tac (one a page,
 * caller frees with free()) and *pages. With INK_UNSURE and
 * INK_UNREADABLE, *tac is NULL and *pages 0. */
enum ink_result ink_measure_pdf(const void *pdf, size_t len, double **tac, int *pages);

/* The same for the content s (n bytes) of one page whose resources name
 * the colour spaces of the dictionary spaces (PDF text without references,
 * such as "<< /CutContour [ /Separation ... ] >>"; NULL: none), into *tac,
 * for a page that the PDF/X fast path wrote as a stream: an XObject (Do)
 * makes it INK_UNSURE, and fonts are taken not to be Type 3 (the fast path
 * refuses those). */
enum ink_result ink_measure_page(const unsigned char *s, size_t n, const char *spaces, double *tac);

/* The same for one content stream s (n bytes) without resources: colours,
 * paths and text only (a named colour space, XObject or font makes it
 * INK_UNSURE). For tests. */
enum ink_result ink_measure_content(const unsigned char *s, size_t n, double *tac);

#endif
