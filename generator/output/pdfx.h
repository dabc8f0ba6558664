/* PDF/X-3:2002 in CMYK through Ghostscript's pdfwrite (a subprocess), with
 * an OutputIntent that names the ICC profile really used for conversion.
 * The pitfalls this avoids, measured with Debian 12's gs 10.0:
 * -sOutputICCProfile is ignored (use -sICCProfilesDir with default_cmyk.icc),
 * gs leaves junk output on failure, /ID depends on the output name, images
 * get JPEG-recompressed unless told otherwise. */
#ifndef DECKPRESS_OUTPUT_PDFX_H
#define DECKPRESS_OUTPUT_PDFX_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct pdfx_options {
	const char *icc_path;           /* the shop's CMYK profile; NULL = icc_dir/icc_name, or
	                                   Ghostscript's default_cmyk.icc when that is NULL too */
	const char *icc_dir, *icc_name; /* a profile the build made (FOGRA39); may be NULL */
	const char *condition_id; /* OutputConditionIdentifier, e.g. "FOGRA39"; NULL = "Custom" */
	const char *condition;    /* OutputCondition, human text; NULL = the profile's own
	                             description, read from its 'desc' tag */
	const char *title;        /* document title */
	long long epoch;          /* SOURCE_DATE_EPOCH for gs, so dates are fixed */
	double ink_limit;         /* total area coverage limit as a fraction (3.0 = 300 %);
	                             0 = no check */
	const double *rich_black; /* C, M, Y, K (fractions) for black areas; may be NULL */
	double rich_black_min;    /* points: the least width and height of such an area */
};

/* Converts the PDF in (opaque drawing only: transparency would make gs
 * rasterise whole pages) and appends the PDF/X to out. Measures the
 * highest total ink coverage of the result into *max_tac (fraction) when
 * max_tac is not NULL. Returns false and sets *err (caller frees) when gs
 * is missing, fails or outlives its time limit (killed; 120 s plus 0.2 s a
 * page, or DECKPRESS_GS_TIMEOUT seconds), the profile cannot be read, or
 * the ink limit is exceeded (the message says on which page and by how
 * much; then *over_limit, when not NULL, is true: a fault of the
 * artwork, not of the machine). Never leaves a file behind. */
bool pdfx_convert(const void *in, size_t len, const struct pdfx_options *o, struct buf *out,
                  double *max_tac, bool *over_limit, char **err);

/* Where the PDF in (len bytes) still holds RGB, as the conversion checks
 * its result: the first object naming an RGB colour space (an image's,
 * a shading's, a resource's, a transparency group's; Indexed, Separation
 * and DeviceN alternates included) into *object, and the first page whose
 * content sets an RGB colour into *page; 0 when there is none. False when
 * qpdf cannot read it. */
bool pdfx_find_rgb(const void *in, size_t len, int *object, int *page);

/* The description of an ICC profile (its 'desc' tag), or NULL when the file
 * cannot be read or is not an ICC profile. Caller frees. */
char *pdfx_icc_description(const char *path);

#endif
