/* PDF/X-3:2002 in CMYK, with an OutputIntent that names the ICC profile
 * really used for conversion. A PDF of vector pages only is converted here
 * (output/cmyk.h, lcms2: docs/print.md, "Two ways to PDF/X"); anything else
 * through Ghostscript's pdfwrite (a subprocess), as is every file when the
 * environment sets DECKPRESS_PDFX_GS (for tests and comparisons).
 * The pitfalls this avoids, measured with Debian 12's gs 10.0:
 * -sOutputICCProfile is ignored (use -sICCProfilesDir with default_cmyk.icc),
 * gs leaves junk output on failure, /ID depends on the output name, images
 * get JPEG-recompressed unless told otherwise. */
#ifndef DECKPRESS_OUTPUT_PDFX_H
#define DECKPRESS_OUTPUT_PDFX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/diag.h"

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
 * rasterise whole pages) and appends the PDF/X to out; gs's failures below
 * apply to the files that take its path. Measures the
 * highest total ink coverage of the result into *max_tac (fraction) when
 * max_tac is not NULL (read from what the pages paint, output/ink.h, or
 * from a 36 dpi rendering where that cannot value something). Returns false and sets *err (caller
 * frees) when gs is missing, fails or outlives its time limit (killed; 120 s plus 0.2 s a page, or
 * DECKPRESS_GS_TIMEOUT seconds), the profile cannot be read, or the ink limit is exceeded (the
 * message says on which page and by how much; then *over_limit, when not NULL, is true: a fault of
 * the artwork, not of the machine). Never leaves a file behind. */
bool pdfx_convert(const void *in, size_t len, const struct pdfx_options *o, struct buf *out,
                  double *max_tac, bool *over_limit, char **err);

/* The PDF/X of the print PDF in (a file that pdfpost_apply_file() wrote),
 * made by the fast path as a stream into out (open, not committed), so that
 * its memory does not grow with the pages (issue 15). True when made.
 * False with *refused when the fast path does not take the file (or the
 * environment sets DECKPRESS_PDFX_GS): what was written to out is garbage,
 * and the caller converts with pdfx_convert() instead. Else false with a
 * message in *err (caller frees), and *over_limit as pdfx_convert()'s. */
struct atomic_file;
bool pdfx_stream(FILE *in, struct atomic_file *out, const struct pdfx_options *o, bool *refused,
                 bool *over_limit, char **err);

/* pdfx_convert() in two halves, so that Ghostscript converts in the
 * background while the caller goes on: pdfx_start() prepares the input
 * and starts gs, pdfx_finish() waits for it (within the same time limit,
 * counted from the start) and does the rest. Every job started must be
 * finished. pdfx_start() never fails: its failure is pdfx_finish()'s.
 * Caller owns the job; pdfx_finish() frees it. The options need not
 * outlive pdfx_start(). */
struct pdfx_job;
struct pdfx_job *pdfx_start(const void *in, size_t len, const struct pdfx_options *o);
bool pdfx_finish(struct pdfx_job *job, struct buf *out, double *max_tac, bool *over_limit,
                 char **err);

/* A batch runs up to jobs conversions at once (issue 15: the sample kit
 * has 14 PDF/X files), for a build that holds its outputs until the end
 * (atomic_hold_begin()): pdfx_batch_add() starts a conversion of the PDF
 * in whose PDF/X goes to path, first finishing the oldest one when jobs
 * are running; pdfx_batch_end() finishes every one left. A finished
 * conversion writes its file (atomic_write_file()) or reports
 * "PATH: error: cannot make PDF/X: ..." into d. Both return false when a
 * conversion failed for a reason other than the input's ink (a page over
 * the limit is an error of the input: reported, and true). One batch at a
 * time. */
void pdfx_batch_begin(unsigned jobs);
bool pdfx_batch_is_open(void);
bool pdfx_batch_add(const void *in, size_t len, const struct pdfx_options *o, const char *path,
                    struct diag *d);
bool pdfx_batch_end(struct diag *d);

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
