#include "output/sink.h"

#include <math.h>
#include <stdlib.h>

#include "output/atomic.h"
#include "util/buf.h"
#include "util/geom.h"
#include "util/mem.h"

struct sink_png {
	struct sink base;
	char *dir;
	double dpi;
	cairo_surface_t *surface; /* the page being drawn */
	char *path;               /* its file */
};

static cairo_t *begin_page(struct sink *base, const struct page_spec *p, struct diag *d)
{
	(void)d;
	struct sink_png *s = (struct sink_png *)base;
	double scale = s->dpi / PT_PER_IN;
	int w = (int)lround(p->trim_w * scale), h = (int)lround(p->trim_h * scale);
	s->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w > 0 ? w : 1, h > 0 ? h : 1);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s.png", s->dir, p->label);
	free(s->path);
	s->path = buf_detach(&b);
	cairo_t *cr = cairo_create(s->surface);
	/* white under everything: a PNG of a face has no transparent corners */
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	return cr;
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct atomic_file *f = closure;
	atomic_write(f, data, len);
	return f->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_png *s = (struct sink_png *)base;
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	bool ok = false;
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = s->path}, "cannot draw: %s", cairo_status_to_string(st));
	} else {
		struct atomic_file f;
		if (atomic_open(&f, s->path, d)) {
			st = cairo_surface_write_to_png_stream(s->surface, write_cb, &f);
			if (st != CAIRO_STATUS_SUCCESS && !f.failed) {
				diag_error(d, (struct mark){.file = s->path}, "cannot write PNG: %s",
					   cairo_status_to_string(st));
				atomic_abort(&f);
			} else {
				ok = atomic_commit(&f, d);
			}
		}
	}
	cairo_surface_destroy(s->surface);
	s->surface = NULL;
	return ok;
}

static bool finish(struct sink *base, struct diag *d)
{
	(void)base;
	(void)d;
	return true;
}

static void destroy(struct sink *base)
{
	struct sink_png *s = (struct sink_png *)base;
	if (s->surface)
		cairo_surface_destroy(s->surface);
	free(s->path);
	free(s->dir);
	free(s);
}

static const struct sink_ops png_ops = {begin_page, end_page, finish, destroy};

struct sink *sink_png_create(const char *dir, double dpi, struct diag *d)
{
	if (!make_dirs(dir, d))
		return NULL;
	struct sink_png *s = xcalloc(1, sizeof(*s));
	s->base.ops = &png_ops;
	s->dir = xstrdup(dir);
	s->dpi = dpi;
	return &s->base;
}
