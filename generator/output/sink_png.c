#include "output/sink.h"

#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <png.h>

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

static void png_write_cb(png_structp png, png_bytep data, png_size_t len)
{
	atomic_write(png_get_io_ptr(png), data, len);
}

static void png_flush_cb(png_structp png)
{
	(void)png;
}

/* Writes an RGB24 surface as an 8-bit RGB PNG. Cairo's own writer lets libpng
 * try every row filter and the default zlib effort, which took 90 % of a
 * build's time; one filter (Sub suits flat card artwork) and a moderate
 * level write the same pixels three times faster (sample kit: 8.2 s → 2.7 s),
 * files about a third larger. */
static bool write_png(struct atomic_file *f, cairo_surface_t *s)
{
	cairo_surface_flush(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (!png)
		return false;
	png_infop info = png_create_info_struct(png);
	unsigned char *volatile row = xmalloc((size_t)w * 3);
	if (!info || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, info ? &info : NULL);
		free(row);
		return false;
	}
	png_set_write_fn(png, f, png_write_cb, png_flush_cb);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_set_compression_level(png, 3);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const uint32_t *src = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			row[3 * x] = (unsigned char)(src[x] >> 16);
			row[3 * x + 1] = (unsigned char)(src[x] >> 8);
			row[3 * x + 2] = (unsigned char)src[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return !f->failed;
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_png *s = (struct sink_png *)base;
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	bool ok = false;
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = s->path}, "cannot draw: %s",
		           cairo_status_to_string(st));
	} else {
		struct atomic_file f;
		if (atomic_open(&f, s->path, d)) {
			if (!write_png(&f, s->surface) && !f.failed) {
				diag_error(d, (struct mark){.file = s->path}, "cannot encode PNG");
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
