/* Output sinks: where pages go. A sink owns its surfaces and files; the
 * caller draws each page on the cairo_t it gets, in points, with the origin
 * at the top-left corner of the trim box. */
#ifndef DECKPRESS_OUTPUT_SINK_H
#define DECKPRESS_OUTPUT_SINK_H

#include <stdbool.h>

#include <cairo.h>

#include "util/buf.h"
#include "util/diag.h"
#include "util/geom.h"

/* One page: a face of trim_w × trim_h with bleed on every side (points).
 * Decks send faces in pairs, front then back. */
struct page_spec {
	double trim_w, trim_h, bleed;
	bool back;           /* the back of the card whose front came just before */
	const char *label;   /* page label / file stem, such as "T01-front" */
	const char *outline; /* PDF bookmark; may be NULL */
};

struct sink;

struct sink_ops {
	/* Starts a page; returns a cairo_t owned by the sink until end_page. */
	cairo_t *(*begin_page)(struct sink *s, const struct page_spec *p, struct diag *d);
	/* Ends the page; reports cairo errors (sticky) into d. */
	bool (*end_page)(struct sink *s, cairo_t *cr, struct diag *d);
	/* Completes the output and moves it into place. */
	bool (*finish)(struct sink *s, struct diag *d);
	/* Frees the sink; an unfinished output is discarded, leaving any earlier
	 * output in place. */
	void (*destroy)(struct sink *s);
};

struct sink {
	const struct sink_ops *ops;
	/* set by begin_page: another process draws this page, so the caller
	 * ends it without drawing on it (sink_png with jobs) */
	bool skip;
	/* set by the caller before end_page: the page misses something it
	 * could not draw (an image); a process drawing for another says so */
	bool missed;
};

/* Metadata of a PDF. Strings are borrowed for the life of the sink. */
struct pdf_meta {
	const char *title, *author, *subject, *keywords;
	const char *date; /* ISO 8601, such as "2024-01-01T00:00:00Z" */
};

/* A cairo PDF surface writing to write_func, PDF 1.5, with meta (and
 * deckpress as the Creator) in its Info dictionary. Caller owns it. */
/* Asks cairo to leave the streams it would compress as they are: the
 * post-pass (output/pdfpost.h), which every PDF goes through, reads and
 * rewrites most of them and compresses each once, to the bytes cairo would
 * have written, where cairo's compressed streams had to be inflated first
 * (issue 15: 5 % of a print build). Sets CAIRO_DEBUG_PDF, which cairo reads
 * when it makes a surface; call it first thing in main(), before any
 * thread runs. Without it the files are the same, made more slowly. */
void sink_pdf_prepare_process(void);

cairo_surface_t *sink_pdf_surface_create(cairo_write_func_t write_func, void *closure, double w,
                                         double h, const struct pdf_meta *meta);

struct atomic_file;

/* Finishes and destroys a surface made by sink_pdf_surface_create() that
 * writes into f, then commits f, or aborts it (keeping any earlier output)
 * when ok is false or cairo reports an error, which it reports into d.
 * Returns whether the file is now in place. */
bool sink_pdf_surface_finish(cairo_surface_t *s, struct atomic_file *f, bool ok, struct diag *d);

/* Finishes and destroys the surface of an output that is given up (NULL
 * is fine); what it wrote is not committed. */
void sink_pdf_surface_discard(cairo_surface_t *s);

/* Shows the page drawn on cr (on a PDF surface) and destroys cr; a cairo
 * error is reported into d as page number page of the PDF at path. */
bool sink_pdf_show_page(cairo_t *cr, const char *path, int page, struct diag *d);

/* Destroys cr, drawn on the recording surface rec, and returns the first
 * error of either; on an error rec is destroyed too. For sinks that record
 * a page and place it later. */
cairo_status_t sink_end_recording(cairo_t *cr, cairo_surface_t *rec);

struct pdfx_options;
struct pdfpost_k_rule;

/* How a print PDF is made for the shop. Lengths in points. */
struct pdf_print {
	bool marks;            /* crop marks: 0.25 pt, 5 mm long, starting outside the bleed */
	const char *path;      /* the print PDF; NULL when only the PDF/X is wanted */
	const char *pdfx_path; /* also convert to PDF/X-3 here; may be NULL */
	const struct pdfx_options *pdfx;     /* with pdfx_path */
	const struct pdfpost_k_rule *k_rule; /* colours kept from K only; may be NULL */
	/* cairo's file is unnamed (atomic_open_unnamed()), not one beside the
	 * output: for pages drawn before the build may write into the output
	 * folder (a large deck drawn while it is laid out) */
	bool unnamed;
};

/* Sets the size of the next page of the PDF surface s to w × h points when
 * it differs from size (the surface's current size, updated). cairo 1.16's
 * cairo_pdf_surface_set_size() cuts the page's clip down to whole points
 * (0.6 pt off a 314.6 pt page, the outer edge of the bleed left white), while
 * creating a surface rounds up: so a PDF is created at the size of its first
 * page and resized only when a page differs, which then keeps that clip. */
void sink_pdf_resize(cairo_surface_t *s, double size[2], double w, double h);

/* For a plain PDF (sheets, tiles, the proof) that the surface s wrote into
 * the temporary file raw (through atomic_write_cairo(), page by page):
 * finishes and destroys s, gives the PDF "D:" dates (date: ISO 8601 UTC,
 * may be NULL) and a deterministic /ID like the shop files with the
 * streaming post-pass (pdfpost_apply_file()), writes it into f and commits
 * f; or aborts f when ok is false or anything fails (reported into d).
 * Always removes raw. Returns whether the file is in place. */
bool sink_pdf_finish_plain(cairo_surface_t *s, struct atomic_file *raw, const char *date,
                           struct atomic_file *f, bool ok, struct diag *d);

/* The distance from the page edge to the trim: the bleed, or with crop
 * marks the room the marks need beyond it. */
double sink_pdf_get_margin(double bleed, bool marks);

/* A PDF with one page per face, at trim + 2 × margin (sink_pdf.c), then
 * the post-pass: TrimBox and BleedBox on every page, "D:" dates, a
 * deterministic /ID, black as K only; and the PDF/X conversion when asked.
 * Caller owns the result; free with sink_destroy(). NULL (reported) on
 * failure. */
struct sink *sink_pdf_create(const struct pdf_meta *meta, const struct pdf_print *print,
                             struct diag *d);

/* Completes cairo's file of s, a sink_pdf_create() sink whose pages are
 * all drawn, and frees cairo's memory of it (an unnamed file is flushed
 * too, so that a process forked later has nothing of it to write);
 * finish() then makes the output from that file. False (reported into d)
 * on a cairo or write error. */
bool sink_pdf_close_pages(struct sink *s, struct diag *d);

struct dlist;
struct paint_ctx;

/* Writes n (at least 1) display-list pages, each at its trim size without
 * bleed, to a plain PDF at path (atomically), painted with pc: no marks,
 * no boxes, no post-pass (the translation proof). Reports drawing and I/O
 * failures into d. */
bool sink_pdf_write_pages(const char *path, const struct dlist *pages, size_t n,
                          const struct paint_ctx *pc, const struct pdf_meta *meta, struct diag *d);

/* The same PDF written a page at a time, so that a long one (a large
 * deck's proof) is never held whole: open, add each page (drawn, then the
 * caller may finish it), close. Open reports and returns NULL when the file
 * cannot be made; caller owns the result, which close frees (at least one
 * page must have been added), reporting drawing and I/O failures. meta's
 * strings are borrowed until close. */
struct pdf_pages;
struct pdf_pages *sink_pdf_pages_open(const char *path, const struct pdf_meta *meta,
                                      struct diag *d);
void sink_pdf_pages_add(struct pdf_pages *w, const struct dlist *page, const struct paint_ctx *pc);
bool sink_pdf_pages_close(struct pdf_pages *w, struct diag *d);

/* One PNG per page at dpi, trimmed, written to dir/<label>.png (sink_png.c),
 * as output/pngenc encodes them (the same pixels give the same bytes).
 * With jobs > 1, once this process has drawn two pages (pages fresh in a
 * cache never get here, so a folder of fresh pages, or of a card or two
 * changed, forks nothing), it forks helpers (util/team): jobs - 1 of them,
 * fewer so that each process has two of the rest of npages (the pages the
 * caller will send at most) or more. Every process runs the caller's loop and draws the next page
 * free when it is ready; where another process draws a page, begin_page sets skip. This one draws
 * its pages too and writes every file in page order, the helpers' bytes taken from them, so
 * temporary files and messages stay with it; it draws itself a page a helper could not draw (for
 * its messages) and every page left when a helper dies. The bytes do not depend on jobs: jobs is
 * the only knob of the team's size (a process that runs items in parallel passes its share). Caller
 * owns the result; free with sink_destroy(), which in a helper ends the process. NULL (reported) on
 * failure. */
struct sink *sink_png_create(const char *dir, double dpi, unsigned jobs, size_t npages,
                             struct diag *d);

struct team;

/* What the message of a page a helper sends holds after its prefix
 * (sink_png_send_as()): a byte saying how the page comes, then for
 * SINK_PNG_BYTES the PNG's bytes. */
enum sink_png_sent {
	SINK_PNG_FRESH = 'F',   /* not drawn: the build cache has it (build/deck.c) */
	SINK_PNG_BYTES = 'B',   /* the PNG's bytes follow */
	SINK_PNG_WRITTEN = 'W', /* written into the leader's folder (sink_png_write_into()) */
};

/* For a helper of team t that draws pages its leader keeps (build/deck.c's
 * crew): a PNG sink of the pages in dir (a folder it neither makes nor
 * writes into) that sends each page to the leader as the item
 * sink_png_send_as() names, tagged dir/LABEL.png: the prefix given there,
 * then SINK_PNG_BYTES and the PNG's bytes, or SINK_PNG_WRITTEN; or fails it
 * (ok false, no bytes) where it could not draw the page or an image on it.
 * Destroying it ends nothing: the caller ends the team. */
struct sink *sink_png_create_sender(struct team *t, const char *dir, double dpi);

/* Makes a sink_png_create_sender() sink write each page into folder (the
 * leader's, from output/atomic.h's atomic_make_dir()) under a temporary
 * name, and send SINK_PNG_WRITTEN instead of the bytes: the bytes then
 * cross no pipe, and the leader only adopts the file (sink_png_adopt()). A
 * page it cannot write there goes as bytes. folder is borrowed. */
void sink_png_write_into(struct sink *s, const char *folder);

/* The team item the next page of a sink_png_create_sender() sink is sent
 * as, and the len bytes at prefix its message starts with (copied). */
void sink_png_send_as(struct sink *s, size_t item, const void *prefix, size_t len);

/* Writes the len bytes at png, page label as another process drew it, as
 * dir/LABEL.png, as if s had drawn it: false (reported, and finish()
 * false) when it cannot. */
bool sink_png_write(struct sink *s, const char *label, const void *png, size_t len, struct diag *d);

/* Takes page label that a helper wrote into folder (sink_png_write_into())
 * as dir/LABEL.png, as if s had written it: false (reported, and finish()
 * false) when it cannot. */
bool sink_png_adopt(struct sink *s, const char *label, const char *folder, struct diag *d);

struct impose_options;

/* What layout/sheet_text set for the print-at-home sheets, for the plan
 * that impose_plan() makes from the same options; borrowed for the sink's
 * life. */
struct sheet_overlays {
	const struct dlist *note;                   /* on every front sheet; may be NULL */
	struct box note_at;                         /* where the note is: marks keep clear of it */
	const struct dlist *test_front, *test_back; /* the alignment test's texts
	                                               (the front's with the note); may be NULL */
	const struct paint_ctx *pc;                 /* may be NULL when there is nothing to paint */
};

/* The room (points) the cut marks in the margins need between the printer's
 * margin and the outer cards' bleed: impose_options.mark_room. */
double sink_sheets_mark_room(void);

/* Print-at-home sheets (sink_sheets.c): the faces imposed on paper as
 * impose_plan() lays them out, each front sheet followed by its back sheet
 * (or fronts and backs side by side for DUPLEX_FOLD), with cut marks in the
 * margins and gaps, never over a card nor to the paper's edge, and the line
 * overlays of ov (the note, such as "Print at 100 % / actual size", in a
 * margin; ov may be NULL). With alignment_test, a first sheet pair of
 * crosses at the card corners shows how far the printer shifts the back
 * side. All faces must have the trim size given here. Caller owns the
 * result; free with sink_destroy(). NULL (reported) on failure. */
struct sink *sink_sheets_create(const char *path, const struct pdf_meta *meta,
                                const struct impose_options *o, double trim_w, double trim_h,
                                const struct sheet_overlays *ov, bool alignment_test,
                                struct diag *d);

void sink_destroy(struct sink *s);

/* The date as seconds since 1970 (SOURCE_DATE_EPOCH or the fixed date). */
long long sink_get_epoch(void);

/* The PDF date for reproducible output: SOURCE_DATE_EPOCH when set, else a
 * fixed date, so the same input gives the same bytes. Writes ISO 8601 into
 * buf (at least 32 bytes). False when SOURCE_DATE_EPOCH is malformed. */
bool sink_get_date(char *buf, size_t n);

#endif
