#include "output/tile.h"

#include <assert.h>
#include <stdlib.h>

#include <cairo-pdf.h>

#include "output/atomic.h"
#include "util/mem.h"

struct sink_tiles {
	struct sink base;
	struct atomic_file file;
	struct atomic_file raw;     /* what cairo writes, finished at the end */
	const char *date;           /* borrowed from the meta */
	cairo_surface_t *surface;   /* the PDF */
	cairo_surface_t *board;     /* the recorded board; NULL until drawn */
	cairo_surface_t *recording; /* being drawn */
	const struct dlist *pages;  /* borrowed */
	const char *const *labels;  /* borrowed */
	size_t count;
	struct paint_ctx pc;
	int npages;     /* begun so far */
	double size[2]; /* of the current page, points */
};

static cairo_t *new_page(struct sink_tiles *s, const struct dlist *page, const char *label)
{
	sink_pdf_resize(s->surface, s->size, page->trim_w, page->trim_h);
	cairo_pdf_surface_set_page_label(s->surface, label);
	s->npages++;
	return cairo_create(s->surface);
}

static bool end_sheet(struct sink_tiles *s, cairo_t *cr, struct diag *d)
{
	return sink_pdf_show_page(cr, s->file.path, s->npages, d);
}

/* Sheet i, with the recorded board at its DL_INSET. */
static bool emit_sheet(struct sink_tiles *s, size_t i, struct diag *d)
{
	cairo_t *cr = new_page(s, &s->pages[i], s->labels[i]);
	struct paint_ctx pc = s->pc;
	pc.inset = s->board;
	paint_page(cr, &s->pages[i], &pc);
	return end_sheet(s, cr, d);
}

static cairo_t *begin_page(struct sink *base, const struct page_spec *p, struct diag *d)
{
	struct sink_tiles *s = (struct sink_tiles *)base;
	if (s->board || s->recording) {
		diag_error(d, (struct mark){.file = s->file.path}, "a tiled board has one page");
		return NULL;
	}
	/* the trim, and the bleed the sheets at the board's edges show */
	cairo_rectangle_t ext = {-p->bleed, -p->bleed, p->trim_w + 2 * p->bleed,
	                         p->trim_h + 2 * p->bleed};
	s->recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	return cairo_create(s->recording);
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_tiles *s = (struct sink_tiles *)base;
	cairo_status_t st = sink_end_recording(cr, s->recording);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = s->file.path}, "cannot draw the board: %s",
		           cairo_status_to_string(st));
		s->recording = NULL;
		return false;
	}
	s->board = s->recording;
	s->recording = NULL;
	return true;
}

static bool finish(struct sink *base, struct diag *d)
{
	struct sink_tiles *s = (struct sink_tiles *)base;
	bool ok = s->board != NULL;
	if (!ok)
		diag_error(d, (struct mark){.file = s->file.path}, "no board to tile");
	for (size_t i = 0; ok && i < s->count; i++)
		ok = emit_sheet(s, i, d);
	cairo_surface_t *surface = s->surface;
	s->surface = NULL;
	return sink_pdf_finish_plain(surface, &s->raw, s->date, &s->file, ok, d);
}

static void destroy(struct sink *base)
{
	struct sink_tiles *s = (struct sink_tiles *)base;
	if (s->recording)
		cairo_surface_destroy(s->recording);
	if (s->board)
		cairo_surface_destroy(s->board);
	sink_pdf_surface_discard(s->surface);
	atomic_abort(&s->file);
	atomic_abort(&s->raw);
	free(s);
}

static const struct sink_ops tiles_ops = {begin_page, end_page, finish, destroy};

struct sink *sink_tiles_create(const char *path, const struct pdf_meta *meta,
                               const struct dlist *pages, const char *const *labels, size_t count,
                               const struct paint_ctx *pc, struct diag *d)
{
	assert(count > 0);
	struct sink_tiles *s = xcalloc(1, sizeof(*s));
	s->base.ops = &tiles_ops;
	if (!atomic_open(&s->file, path, d) || !atomic_open(&s->raw, path, d)) {
		atomic_abort(&s->file);
		free(s);
		return NULL;
	}
	s->pages = pages;
	s->labels = labels;
	s->count = count;
	s->pc = *pc;
	s->size[0] = pages[0].trim_w;
	s->size[1] = pages[0].trim_h;
	s->date = meta->date;
	s->surface =
	        sink_pdf_surface_create(atomic_write_cairo, &s->raw, s->size[0], s->size[1], meta);
	return &s->base;
}
