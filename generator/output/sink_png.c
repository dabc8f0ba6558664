#include "output/sink.h"

#include <math.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>

#include <png.h>

#include "output/atomic.h"
#include "util/buf.h"
#include "util/geom.h"
#include "util/mem.h"
#include "util/workers.h"

/* The pixels of the pages in flight may take this much memory beyond the
 * page being drawn: a 300 dpi poker card takes 3 MB, an A2 board's preview
 * 35 MB, so cards are encoded side by side and boards one at a time. */
#define PENDING_BYTES_MAX (24u << 20)

/* A page on its way to its file: drawn by the caller's thread, encoded by a
 * worker, written (in page order) by the caller's thread again, so the
 * temporary files and messages stay with the thread that handles signals. */
struct png_slot {
	struct work work;
	cairo_surface_t *surface; /* NULL when the slot is free */
	char *path;
	struct buf png; /* the file's bytes */
	bool ok;
};

struct sink_png {
	struct sink base;
	char *dir;
	double dpi;
	struct workers *workers;
	struct png_slot *slots; /* a ring: page n uses slots[n % nslots] */
	size_t nslots, next;
	size_t pending_bytes; /* pixels of the pages drawn and not yet written */
	bool failed;          /* a page could not be written: finish() says no */
};

static void png_write_cb(png_structp png, png_bytep data, png_size_t len)
{
	buf_append(png_get_io_ptr(png), (const char *)data, len);
}

static void png_flush_cb(png_structp png)
{
	(void)png;
}

/* Writes an RGB24 surface as an 8-bit RGB PNG into out. Cairo's own writer
 * lets libpng try every row filter at zlib's default effort, which took 90 %
 * of a build's time; one filter (Sub suits flat card artwork) and a moderate
 * level write the same pixels three times faster (sample kit: 8.2 s → 2.7 s),
 * files about a third larger. (zlib's Z_RLE, and libdeflate at any level,
 * were no faster on these pages: 10-19 ms for a 6.5 MB A6 face.) */
static bool write_png(struct buf *out, cairo_surface_t *s)
{
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
	png_set_write_fn(png, out, png_write_cb, png_flush_cb);
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
	return true;
}

static void encode_slot(struct work *w)
{
	struct png_slot *sl = (struct png_slot *)w;
	buf_clear(&sl->png);
	sl->ok = write_png(&sl->png, sl->surface);
}

static size_t surface_bytes(cairo_surface_t *s)
{
	return (size_t)cairo_image_surface_get_stride(s) *
	       (size_t)cairo_image_surface_get_height(s);
}

/* Waits for the slot's page and writes it (when write is set), then frees
 * the slot. False when the page could not be encoded or written. */
static bool collect(struct sink_png *s, struct png_slot *sl, bool write, struct diag *d)
{
	if (!sl->surface)
		return true;
	workers_wait(s->workers, &sl->work);
	bool ok = !write;
	if (write && !sl->ok) {
		diag_error(d, (struct mark){.file = sl->path}, "cannot encode PNG");
	} else if (write) {
		struct atomic_file f;
		if (atomic_open(&f, sl->path, d)) {
			atomic_write(&f, sl->png.data, sl->png.len);
			ok = atomic_commit(&f, d);
		}
	}
	s->pending_bytes -= surface_bytes(sl->surface);
	cairo_surface_destroy(sl->surface);
	sl->surface = NULL;
	if (!ok)
		s->failed = true;
	return ok;
}

static cairo_t *begin_page(struct sink *base, const struct page_spec *p, struct diag *d)
{
	struct sink_png *s = (struct sink_png *)base;
	double scale = s->dpi / PT_PER_IN;
	int w = (int)lround(p->trim_w * scale), h = (int)lround(p->trim_h * scale);
	w = w > 0 ? w : 1;
	h = h > 0 ? h : 1;
	/* the oldest pages are written first: to free this page's slot, and
	 * while the pages in flight would hold more than the budget */
	size_t bytes = (size_t)cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w) * (size_t)h;
	for (size_t i = 0; i < s->nslots; i++) {
		struct png_slot *old = &s->slots[(s->next + i) % s->nslots];
		if (i > 0 && s->pending_bytes + bytes <= PENDING_BYTES_MAX)
			break;
		collect(s, old, true, d);
	}
	struct png_slot *sl = &s->slots[s->next % s->nslots];
	sl->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	s->pending_bytes += surface_bytes(sl->surface);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s.png", s->dir, p->label);
	free(sl->path);
	sl->path = buf_detach(&b);
	cairo_t *cr = cairo_create(sl->surface);
	/* white under everything: a PNG of a face has no transparent corners */
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	return cr;
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_png *s = (struct sink_png *)base;
	struct png_slot *sl = &s->slots[s->next % s->nslots];
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_status(sl->surface) != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = sl->path}, "cannot draw: %s",
		           cairo_status_to_string(st ? st : cairo_surface_status(sl->surface)));
		s->pending_bytes -= surface_bytes(sl->surface);
		cairo_surface_destroy(sl->surface);
		sl->surface = NULL;
		s->failed = true;
		return false;
	}
	cairo_surface_flush(sl->surface);
	sl->work.run = encode_slot;
	workers_submit(s->workers, &sl->work);
	s->next++;
	return true;
}

/* Writes the pages still being encoded, oldest first. */
static bool finish(struct sink *base, struct diag *d)
{
	struct sink_png *s = (struct sink_png *)base;
	for (size_t i = 0; i < s->nslots; i++)
		collect(s, &s->slots[(s->next + i) % s->nslots], true, d);
	return !s->failed;
}

/* Without finish(): the build failed, and pages not yet written never are. */
static void destroy(struct sink *base)
{
	struct sink_png *s = (struct sink_png *)base;
	for (size_t i = 0; i < s->nslots; i++)
		collect(s, &s->slots[i], false, NULL);
	workers_destroy(s->workers);
	for (size_t i = 0; i < s->nslots; i++) {
		buf_finish(&s->slots[i].png);
		free(s->slots[i].path);
	}
	free(s->slots);
	free(s->dir);
	free(s);
}

static const struct sink_ops png_ops = {begin_page, end_page, finish, destroy};

struct sink *sink_png_create(const char *dir, double dpi, unsigned jobs, struct diag *d)
{
	if (!make_dirs(dir, d))
		return NULL;
	struct sink_png *s = xcalloc(1, sizeof(*s));
	s->base.ops = &png_ops;
	s->dir = xstrdup(dir);
	s->dpi = dpi;
	/* one job: every page is encoded in this thread as it ends; more: that
	 * many threads encode while this one draws the next page */
	s->nslots = jobs > 1 ? (size_t)jobs + 1 : 1;
	s->slots = xcalloc(s->nslots, sizeof(*s->slots));
	for (size_t i = 0; i < s->nslots; i++)
		buf_init(&s->slots[i].png);
	s->workers = workers_create(jobs > 1 ? jobs : 0);
	if (!s->workers) {
		diag_error(d, (struct mark){.file = dir}, "cannot start the PNG encoders");
		destroy(&s->base);
		return NULL;
	}
	return &s->base;
}
