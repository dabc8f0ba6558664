/* The PDF post-pass, with the qpdf C API (libqpdf): what cairo 1.16 cannot
 * write. Page boxes (TrimBox, BleedBox; MediaBox kept), proper "D:" dates,
 * a deterministic /ID, and optionally black and greys as K only.
 * docs/print.md says what it guarantees. */
#ifndef DECKPRESS_OUTPUT_PDFPOST_H
#define DECKPRESS_OUTPUT_PDFPOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"

/* The geometry of every page, in points. The page (MediaBox) is
 * trim + 2 × margin on each axis; margin >= bleed (larger when crop marks
 * are on). TrimBox = the trim centred on the page; BleedBox = TrimBox grown
 * by bleed. Boxes are rounded inward to 4 decimals, so that each lies
 * inside its parent whatever the rounding. */
struct pdf_boxes {
	double trim_w, trim_h;
	double bleed;
	double margin;
};

/* Colours a brand keeps as designed (8-bit sRGB), even for text. */
struct pdfpost_k_rule {
	const unsigned char (*keep)[3];
	size_t nkeep;
};

struct pdfpost_options {
	const struct pdf_boxes *boxes; /* NULL: leave the boxes alone */
	const char *date;              /* ISO 8601 UTC "2024-01-01T00:00:00Z" → /CreationDate and
	                                  /ModDate as "D:20240101000000Z"; NULL leaves them */
	bool black_to_k; /* neutral colours "v v v rg" → "v g" (and RG → G) in page
	                    and form content, so black prints as 100 % K and greys as
	                    K only after CMYK conversion, never four-colour black;
	                    and near-neutral text and thin lines as grey (see
	                    pdfpost_rewrite_neutral()) */
	const struct pdfpost_k_rule *k_rule; /* may be NULL: no colour kept */
	bool fix_to_unicode;       /* ToUnicode CMaps as pdfpost_fix_to_unicode() makes them */
	bool strip_annots;         /* no annotations (a document's links): PDF/X forbids them
	                              on the page, and Ghostscript then makes plain PDF */
	struct pdfpost_pdfx *pdfx; /* the streaming pass only: make PDF/X (see below) */
};

/* The PDF/X fast path's part in the streaming pass (output/pdfx.c), which
 * then reads a print PDF that the pass wrote and writes its PDF/X-3 in the
 * same order and numbering: PDF 1.3; pages without /Annots and /Group,
 * forms without /Group; every page's and form's content through convert;
 * keys added to the Info dictionary; the ICC profile and the OutputIntent
 * appended as two new objects, and named by the catalogue. */
struct pdfpost_pdfx {
	void *ctx;
	/* Whether the fast path takes an object, given its text up to its
	 * stream data (a page's or form's without the keys removed). */
	bool (*accept)(void *ctx, const unsigned char *s, size_t n);
	/* The content s (n bytes) of page number page (from 1; 0 for a form)
	 * into out (empty), with the /ColorSpace dictionary of its resources
	 * as PDF text ("<< >>" when it has none; NULL when it is not written
	 * out in the resources); false when the fast path refuses it. */
	bool (*convert)(void *ctx, const unsigned char *s, size_t n, int page, const char *spaces,
	                struct buf *out);
	const char *const *info; /* key, value (PDF text), ..., NULL: set in /Info */
	const char *intent;      /* the OutputIntent dictionary, without /DestOutputProfile */
	const void *icc;         /* the profile's bytes */
	size_t icc_len;
	bool refused; /* set by the pass: it failed because the fast path refuses the file */
};

/* Reads the PDF in (len bytes), applies o, and appends the result to out.
 * Two runs on the same input give the same bytes. On failure returns false
 * and sets *err to a message (caller frees with free()). */
bool pdfpost_apply(const void *in, size_t len, const struct pdfpost_options *o, struct buf *out,
                   char **err);

struct atomic_file;

/* The same post-pass (boxes, dates, black_to_k, the CutContour) as a
 * stream: reads a PDF that cairo 1.16 wrote from in (a seekable file) and
 * writes it to out object by object, in cairo's order and numbering, so
 * that the memory it takes does not grow with the pages (issue 15): an
 * object at a time, and a few bytes per object. Content streams that
 * change are inflated, rewritten and deflated again; a page gets its boxes,
 * the resources of a page with a die line get the CutContour's; every
 * other object is copied as it is. A new xref table, and a /ID that is a
 * 128-bit hash (two FNV-1a) of the bytes written, so equal input gives
 * equal bytes. fix_to_unicode and strip_annots are not for cairo's files
 * and must be false. With o->pdfx, the rest of o must be unset. On failure returns false and sets
 * *err (caller frees with free()); what was written to out is then garbage, to be aborted. */
bool pdfpost_apply_file(FILE *in, struct atomic_file *out, const struct pdfpost_options *o,
                        char **err);

/* The content-stream rewrite behind black_to_k, into out:
 * - every exactly neutral "v v v rg"/"RG" becomes "v g"/"G";
 * - a near-neutral colour (components within 0.1 of each other, not kept by
 *   rule) that colours text or lines up to 2 pt wide becomes the grey of the
 *   same luminance (pdfpost_grey_of()): replaced where it is set when it
 *   colours nothing else, else inserted before the text or line and the RGB
 *   set again before the next area, which keeps its colour (a rich black in
 *   CMYK).
 * Returns the number of edits; 0 (out undefined) when there is none or the
 * stream holds an inline image. Strings, names and comments are never
 * touched. */
size_t pdfpost_rewrite_neutral(const unsigned char *s, size_t n, const struct pdfpost_k_rule *rule,
                               struct buf *out);

/* The next token of content stream s (n bytes) from *pos, skipping white
 * space and comments: bytes [*start, *end), *regular for numbers and
 * operators (strings, names, arrays and dictionaries are tokens of their
 * own, so "(0 0 0 rg)Tj" is never read as operators). False at the end. */
bool pdfpost_next_token(const unsigned char *s, size_t n, size_t *pos, size_t *start, size_t *end,
                        bool *regular);

/* Whether the token s[start, end) is a PDF number (a sign, digits, one
 * point; never the "nan", "inf" or hex that strtod() also takes), with its
 * value in *v. */
bool pdfpost_number(const unsigned char *s, size_t start, size_t end, double *v);

/* Repairs what Ghostscript 10.0's pdfwrite does to the text of ligatures
 * in a ToUnicode CMap s (n bytes), into out: a ligature glyph mapped to
 * U+FB00-FB06 gets its letters ("fi"), and letters it wrote as
 * little-endian UTF-16 ("ti" as <74006900>, which reads as CJK) are turned
 * big-endian. Returns the number of mappings changed; 0 (out undefined)
 * when none. */
size_t pdfpost_fix_to_unicode(const unsigned char *s, size_t n, struct buf *out);

/* The grey (0 black … 1 white) that replaces the sRGB colour rgb: its
 * luminance, 0.2126 R + 0.7152 G + 0.0722 B. */
double pdfpost_grey_of(const double rgb[3]);

#endif
