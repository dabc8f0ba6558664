#include "output/sink.h"

#include <stdio.h>
#include <stdlib.h>

#include <cairo-pdf.h>

#include "output/atomic.h"
#include "util/mem.h"

struct sink_pdf {
	struct sink base;
	struct atomic_file file;
	cairo_surface_t *surface;
	int pages;
};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct atomic_file *f = closure;
	atomic_write(f, data, len);
	return f->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static cairo_t *begin_page(struct sink *base, const struct page_spec *p, struct diag *d)
{
	(void)d;
	struct sink_pdf *s = (struct sink_pdf *)base;
	double w = p->trim_w + 2 * p->bleed, h = p->trim_h + 2 * p->bleed;
	cairo_pdf_surface_set_size(s->surface, w, h);
	if (p->label)
		cairo_pdf_surface_set_page_label(s->surface, p->label);
	s->pages++;
	if (p->outline) {
		char dest[32];
		snprintf(dest, sizeof(dest), "page=%d", s->pages);
		cairo_pdf_surface_add_outline(s->surface, CAIRO_PDF_OUTLINE_ROOT, p->outline, dest, 0);
	}
	cairo_t *cr = cairo_create(s->surface);
	cairo_translate(cr, p->bleed, p->bleed);
	return cr;
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_pdf *s = (struct sink_pdf *)base;
	cairo_show_page(cr);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = s->file.path}, "cannot draw page %d: %s", s->pages,
			   cairo_status_to_string(st));
		return false;
	}
	return true;
}

static bool finish(struct sink *base, struct diag *d)
{
	struct sink_pdf *s = (struct sink_pdf *)base;
	cairo_surface_finish(s->surface);
	cairo_status_t st = cairo_surface_status(s->surface);
	cairo_surface_destroy(s->surface);
	s->surface = NULL;
	if (st != CAIRO_STATUS_SUCCESS && !s->file.failed) {
		diag_error(d, (struct mark){.file = s->file.path}, "cannot write PDF: %s",
			   cairo_status_to_string(st));
		atomic_abort(&s->file);
		return false;
	}
	return atomic_commit(&s->file, d);
}

static void destroy(struct sink *base)
{
	struct sink_pdf *s = (struct sink_pdf *)base;
	if (s->surface) {
		cairo_surface_finish(s->surface);
		cairo_surface_destroy(s->surface);
	}
	atomic_abort(&s->file);
	free(s);
}

static const struct sink_ops pdf_ops = {begin_page, end_page, finish, destroy};

struct sink *sink_pdf_create(const char *path, const struct pdf_meta *meta, struct diag *d)
{
	struct sink_pdf *s = xcalloc(1, sizeof(*s));
	s->base.ops = &pdf_ops;
	if (!atomic_open(&s->file, path, d)) {
		free(s);
		return NULL;
	}
	/* the real size is set per page */
	s->surface = cairo_pdf_surface_create_for_stream(write_cb, &s->file, 100, 100);
	cairo_pdf_surface_restrict_to_version(s->surface, CAIRO_PDF_VERSION_1_5);
	const struct {
		cairo_pdf_metadata_t key;
		const char *value;
	} md[] = {
		{CAIRO_PDF_METADATA_TITLE, meta->title},
		{CAIRO_PDF_METADATA_AUTHOR, meta->author},
		{CAIRO_PDF_METADATA_SUBJECT, meta->subject},
		{CAIRO_PDF_METADATA_KEYWORDS, meta->keywords},
		{CAIRO_PDF_METADATA_CREATOR, "deckpress " DECKPRESS_VERSION},
		{CAIRO_PDF_METADATA_CREATE_DATE, meta->date},
		{CAIRO_PDF_METADATA_MOD_DATE, meta->date},
	};
	for (size_t i = 0; i < sizeof(md) / sizeof(md[0]); i++)
		if (md[i].value && md[i].value[0])
			cairo_pdf_surface_set_metadata(s->surface, md[i].key, md[i].value);
	return &s->base;
}
