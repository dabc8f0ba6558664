#include "output/sink.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "output/atomic.h"
#include "output/pdfpost.h"
#include "output/pdfx.h"
#include "render/paint.h"
#include "util/buf.h"
#include "util/geom.h"
#include "util/mem.h"

/* Crop marks: hairlines on the trim lines extended, starting
 * outside the bleed so that none crosses the BleedBox, with a slug beyond. */
#define MARK_WIDTH 0.25
#define MARK_LENGTH (5 * PT_PER_MM)
#define MARK_MIN_OFFSET (3 * PT_PER_MM)
#define MARK_SLUG (2 * PT_PER_MM)

struct sink_pdf {
	struct sink base;
	struct pdf_meta meta;
	struct pdf_print print;
	struct atomic_file raw; /* cairo's output, post-processed at finish */
	cairo_surface_t *surface;
	int pages;
	bool geometry_set;
	bool closed;            /* cairo's file is complete (sink_pdf_close_pages()) */
	struct pdf_boxes boxes; /* every page has the same */
	const char *name;       /* for messages: the first output path */
	double size[2];         /* of the surface's current page, points */
};

static double mark_offset(double bleed)
{
	return bleed > MARK_MIN_OFFSET ? bleed : MARK_MIN_OFFSET;
}

double sink_pdf_get_margin(double bleed, bool marks)
{
	return marks ? mark_offset(bleed) + MARK_LENGTH + MARK_SLUG : bleed;
}

bool sink_pdf_finish_plain(cairo_surface_t *s, struct atomic_file *raw, const char *date,
                           struct atomic_file *f, bool ok, struct diag *d)
{
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (ok && st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = f->path}, "cannot write PDF: %s",
		           cairo_status_to_string(st));
		ok = false;
	}
	FILE *in = ok ? atomic_reopen_read(raw) : NULL;
	if (ok && !in) {
		diag_error(d, (struct mark){.file = f->path}, "cannot read back the PDF: %s",
		           strerror(raw->err));
		ok = false;
	}
	if (ok) {
		struct pdfpost_options po = {.date = date};
		char *err = NULL;
		ok = pdfpost_apply_file(in, f, &po, &err);
		if (!ok) {
			diag_error(d, (struct mark){.file = f->path}, "cannot finish the PDF: %s",
			           err);
			free(err);
		}
	}
	if (in)
		fclose(in);
	atomic_abort(raw);
	if (ok)
		return atomic_commit(f, d);
	atomic_abort(f);
	return false;
}

/* cairo writes the PDF into a temporary file beside the output, page by
 * page: the post-pass reads it from there (issue 15). */
static bool open_surface(struct sink_pdf *s, double w, double h, struct diag *d)
{
	if (s->print.unnamed && !atomic_open_unnamed(&s->raw, s->name)) {
		diag_error(d, (struct mark){.file = s->name}, "cannot write: %s", strerror(errno));
		return false;
	}
	if (!s->print.unnamed && !atomic_open(&s->raw, s->name, d))
		return false;
	s->surface = sink_pdf_surface_create(atomic_write_cairo, &s->raw, w, h, &s->meta);
	s->size[0] = w;
	s->size[1] = h;
	return true;
}

static cairo_t *begin_page(struct sink *base, const struct page_spec *p, struct diag *d)
{
	struct sink_pdf *s = (struct sink_pdf *)base;
	double margin = sink_pdf_get_margin(p->bleed, s->print.marks);
	struct pdf_boxes boxes = {p->trim_w, p->trim_h, p->bleed, margin};
	if (s->geometry_set && (boxes.trim_w != s->boxes.trim_w ||
	                        boxes.trim_h != s->boxes.trim_h || boxes.bleed != s->boxes.bleed)) {
		diag_error(d, (struct mark){.file = s->name},
		           "pages of different sizes in one PDF");
		return NULL;
	}
	s->boxes = boxes;
	s->geometry_set = true;
	double w = p->trim_w + 2 * margin, h = p->trim_h + 2 * margin;
	/* at the exact size of the first page: see sink_pdf_resize() */
	if (!s->surface && !open_surface(s, w, h, d))
		return NULL;
	sink_pdf_resize(s->surface, s->size, w, h);
	if (p->label)
		cairo_pdf_surface_set_page_label(s->surface, p->label);
	s->pages++;
	if (p->outline) {
		char dest[32];
		snprintf(dest, sizeof(dest), "page=%d", s->pages);
		cairo_pdf_surface_add_outline(s->surface, CAIRO_PDF_OUTLINE_ROOT, p->outline, dest,
		                              0);
	}
	cairo_t *cr = cairo_create(s->surface);
	cairo_translate(cr, margin, margin);
	return cr;
}

static void draw_marks(cairo_t *cr, const struct pdf_boxes *b)
{
	double off = mark_offset(b->bleed), len = MARK_LENGTH;
	double xs[2] = {0, b->trim_w}, ys[2] = {0, b->trim_h};
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, MARK_WIDTH);
	for (int i = 0; i < 2; i++) {
		double sx = i ? 1 : -1; /* outwards from the left or right edge */
		for (int j = 0; j < 2; j++) {
			double sy = j ? 1 : -1;
			/* horizontal mark on the line y = ys[j], outside the left/right edge */
			cairo_move_to(cr, xs[i] + sx * off, ys[j]);
			cairo_line_to(cr, xs[i] + sx * (off + len), ys[j]);
			/* vertical mark on the line x = xs[i], above/below */
			cairo_move_to(cr, xs[i], ys[j] + sy * off);
			cairo_line_to(cr, xs[i], ys[j] + sy * (off + len));
		}
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_pdf *s = (struct sink_pdf *)base;
	if (s->print.marks)
		draw_marks(cr, &s->boxes);
	return sink_pdf_show_page(cr, s->name, s->pages, d);
}

/* The post-pass from cairo's file into out, opened at path. */
static bool post_pass(struct sink_pdf *s, const char *path, struct atomic_file *out, struct diag *d)
{
	FILE *in = atomic_reopen_read(&s->raw);
	if (!in) {
		diag_error(d, (struct mark){.file = s->name}, "cannot read back the PDF: %s",
		           strerror(s->raw.err));
		return false;
	}
	bool ok = atomic_open(out, path, d);
	if (ok) {
		struct pdfpost_options po = {
		        .boxes = s->geometry_set ? &s->boxes : NULL,
		        .date = s->meta.date,
		        .black_to_k = true,
		        .k_rule = s->print.k_rule,
		};
		char *err = NULL;
		ok = pdfpost_apply_file(in, out, &po, &err);
		if (!ok) {
			diag_error(d, (struct mark){.file = s->name}, "cannot add page boxes: %s",
			           err);
			free(err);
			atomic_abort(out);
		}
	}
	fclose(in);
	atomic_abort(&s->raw);
	return ok;
}

/* The whole of an atomic file written so far, into out. */
static bool read_back(struct atomic_file *f, struct buf *out)
{
	FILE *in = atomic_reopen_read(f);
	if (!in)
		return false;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
		buf_append(out, chunk, got);
	bool ok = !ferror(in);
	fclose(in);
	return ok;
}

/* The PDF/X from the print PDF in boxed. True with *input_error when the
 * artwork needs more ink than the shop allows: neither file is written. */
static bool convert_pdfx(struct sink_pdf *s, struct atomic_file *boxed, struct buf *x,
                         bool *input_error, struct diag *d)
{
	struct buf pdf;
	buf_init(&pdf);
	bool ok = read_back(boxed, &pdf);
	if (!ok)
		diag_error(d, (struct mark){.file = s->print.pdfx_path},
		           "cannot read back the PDF");
	char *err = NULL;
	bool over = false;
	if (ok && !pdfx_convert(pdf.data, pdf.len, s->print.pdfx, x, NULL, &over, &err)) {
		diag_error(d, (struct mark){.file = s->print.pdfx_path}, "cannot make PDF/X: %s",
		           err);
		free(err);
		*input_error = over;
		ok = false;
	}
	buf_finish(&pdf);
	return ok;
}

/* The PDF/X streamed from the print PDF in boxed by the fast path, into x
 * (open when true); *taken false (x released) when the fast path does not
 * take the file. False with *input_error when the artwork needs more ink
 * than the shop allows. */
static bool stream_pdfx(struct sink_pdf *s, struct atomic_file *boxed, struct atomic_file *x,
                        bool *taken, bool *input_error, struct diag *d)
{
	FILE *in = atomic_reopen_read(boxed);
	if (!in || !atomic_open(x, s->print.pdfx_path, d)) {
		*taken = !!in; /* no file to read: the other path says so */
		if (in)
			fclose(in);
		return false;
	}
	bool refused = false, over = false;
	char *err = NULL;
	bool ok = pdfx_stream(in, x, s->print.pdfx, &refused, &over, &err);
	fclose(in);
	*taken = !refused;
	if (!ok && !refused)
		diag_error(d, (struct mark){.file = s->print.pdfx_path}, "cannot make PDF/X: %s",
		           err);
	free(err);
	*input_error = over;
	if (!ok)
		atomic_abort(x);
	return ok;
}

static const struct sink_ops pdf_ops;

bool sink_pdf_close_pages(struct sink *base, struct diag *d)
{
	assert(base->ops == &pdf_ops);
	struct sink_pdf *s = (struct sink_pdf *)base;
	assert(!s->closed);
	if (!s->surface && !open_surface(s, 100, 100, d)) /* no page: an empty PDF */
		return false;
	cairo_surface_finish(s->surface);
	cairo_status_t st = cairo_surface_status(s->surface);
	cairo_surface_destroy(s->surface);
	s->surface = NULL;
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = s->name}, "cannot make PDF: %s",
		           cairo_status_to_string(st));
		return false;
	}
	/* drawn early: nothing left in stdio's buffer that a process forked
	 * before finish (a PNG helper) could write again */
	if (s->print.unnamed && fflush(s->raw.fp) != 0) {
		diag_error(d, (struct mark){.file = s->name}, "cannot write: %s", strerror(errno));
		return false;
	}
	s->closed = true;
	return true;
}

static bool finish(struct sink *base, struct diag *d)
{
	struct sink_pdf *s = (struct sink_pdf *)base;
	if (!s->closed && !sink_pdf_close_pages(base, d))
		return false;
	/* the print PDF; when only the PDF/X is wanted, a file beside it that
	 * is never kept */
	struct atomic_file boxed;
	if (!post_pass(s, s->name, &boxed, d))
		return false;
	/* the fast path streams the PDF/X; neither file is kept when the
	 * artwork needs more ink than the shop allows */
	struct atomic_file sx = {0};
	bool taken = false, over = false;
	if (s->print.pdfx_path) {
		bool ok = stream_pdfx(s, &boxed, &sx, &taken, &over, d);
		if (taken) {
			if (ok && s->print.path)
				ok = atomic_commit(&boxed, d);
			else
				atomic_abort(&boxed);
			if (ok)
				return atomic_commit(&sx, d);
			atomic_abort(&sx);
			return over;
		}
	}
	/* in a batch (a build), the PDF/X is made in the background and
	 * written later; a page over the ink limit is then an error that
	 * keeps every file of the kit from being written */
	if (s->print.pdfx_path && pdfx_batch_is_open()) {
		struct buf pdf;
		buf_init(&pdf);
		bool ok = read_back(&boxed, &pdf);
		if (!ok)
			diag_error(d, (struct mark){.file = s->print.pdfx_path},
			           "cannot read back the PDF");
		ok = ok && pdfx_batch_add(pdf.data, pdf.len, s->print.pdfx, s->print.pdfx_path, d);
		buf_finish(&pdf);
		if (ok && s->print.path)
			return atomic_commit(&boxed, d);
		atomic_abort(&boxed);
		return ok;
	}
	/* the PDF/X first: when the artwork needs more ink than the shop
	 * allows, neither file is written, and the error is the input's */
	struct buf x;
	buf_init(&x);
	bool input_error = false, ok = true;
	if (s->print.pdfx_path)
		ok = convert_pdfx(s, &boxed, &x, &input_error, d);
	if (ok && s->print.path)
		ok = atomic_commit(&boxed, d);
	else
		atomic_abort(&boxed);
	if (ok && s->print.pdfx_path)
		ok = atomic_write_file(s->print.pdfx_path, x.data, x.len, d);
	buf_finish(&x);
	return ok || input_error; /* an input error: the build writes nothing */
}

static void destroy(struct sink *base)
{
	struct sink_pdf *s = (struct sink_pdf *)base;
	sink_pdf_surface_discard(s->surface);
	atomic_abort(&s->raw);
	free(s);
}

static const struct sink_ops pdf_ops = {begin_page, end_page, finish, destroy};

struct sink *sink_pdf_create(const struct pdf_meta *meta, const struct pdf_print *print,
                             struct diag *d)
{
	(void)d;
	struct sink_pdf *s = xcalloc(1, sizeof(*s));
	s->base.ops = &pdf_ops;
	s->meta = *meta;
	s->print = *print;
	s->name = print->path ? print->path : print->pdfx_path;
	/* the surface is made at the first page's size */
	return &s->base;
}

void sink_pdf_resize(cairo_surface_t *s, double size[2], double w, double h)
{
	if (w == size[0] && h == size[1])
		return;
	cairo_pdf_surface_set_size(s, w, h);
	size[0] = w;
	size[1] = h;
}

struct pdf_pages {
	char *path; /* owned */
	struct pdf_meta meta;
	struct atomic_file f, raw;
	cairo_surface_t *s; /* made at the first page's size */
	cairo_t *cr;
	double size[2];
};

struct pdf_pages *sink_pdf_pages_open(const char *path, const struct pdf_meta *meta, struct diag *d)
{
	struct pdf_pages *w = xcalloc(1, sizeof(*w));
	if (!atomic_open(&w->f, path, d)) {
		free(w);
		return NULL;
	}
	if (!atomic_open(&w->raw, path, d)) {
		atomic_abort(&w->f);
		free(w);
		return NULL;
	}
	w->path = xstrdup(path);
	w->meta = *meta;
	return w;
}

void sink_pdf_pages_add(struct pdf_pages *w, const struct dlist *page, const struct paint_ctx *pc)
{
	if (!w->s) {
		w->size[0] = page->trim_w;
		w->size[1] = page->trim_h;
		w->s = sink_pdf_surface_create(atomic_write_cairo, &w->raw, w->size[0], w->size[1],
		                               &w->meta);
		w->cr = cairo_create(w->s);
	}
	sink_pdf_resize(w->s, w->size, page->trim_w, page->trim_h);
	paint_page(w->cr, page, pc);
	cairo_show_page(w->cr);
}

bool sink_pdf_pages_close(struct pdf_pages *w, struct diag *d)
{
	assert(w->s);
	cairo_status_t st = cairo_status(w->cr);
	cairo_destroy(w->cr);
	if (st != CAIRO_STATUS_SUCCESS)
		diag_error(d, (struct mark){.file = w->path}, "cannot draw page: %s",
		           cairo_status_to_string(st));
	bool ok = sink_pdf_finish_plain(w->s, &w->raw, w->meta.date, &w->f,
	                                st == CAIRO_STATUS_SUCCESS, d);
	free(w->path);
	free(w);
	return ok;
}

bool sink_pdf_write_pages(const char *path, const struct dlist *pages, size_t n,
                          const struct paint_ctx *pc, const struct pdf_meta *meta, struct diag *d)
{
	assert(n > 0);
	struct pdf_pages *w = sink_pdf_pages_open(path, meta, d);
	if (!w)
		return false;
	for (size_t i = 0; i < n; i++)
		sink_pdf_pages_add(w, &pages[i], pc);
	return sink_pdf_pages_close(w, d);
}
