#include "output/sink.h"

#include <math.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

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

/* Pages whose pixels repeat (the backs of a deck, one a category) are
 * encoded once: the files of the last MEMO_MAX distinct pages are kept, up
 * to MEMO_BYTES_MAX, and a page with the same pixels gets the same bytes. */
#define MEMO_MAX 16
#define MEMO_BYTES_MAX (8u << 20)

/* A slot keeps its page's surface for the next one up to this size. */
#define SPARE_BYTES_MAX (8u << 20)

/* Pixels are known by a 128-bit hash of their RGB (what the file holds)
 * and the size. */
struct pixel_key {
	uint64_t a, b;
};

/* An encoded page kept for pages with the same pixels. */
struct png_memo {
	struct pixel_key key;
	struct buf png;
	unsigned long used; /* when last written; 0: the entry is free */
};

/* A page on its way to its file: drawn by the caller's thread, encoded by a
 * worker, written (in page order) by the caller's thread again, so the
 * temporary files and messages stay with the thread that handles signals. */
struct png_slot {
	struct work work;
	cairo_surface_t *surface; /* NULL when the slot is free */
	char *path;
	struct buf png; /* the file's bytes */
	bool ok;
	struct pixel_key key; /* of the surface's pixels */
	/* the last page's surface, kept for the next page of its size: a new
	 * one costs the system zeroing its memory again; may be NULL */
	cairo_surface_t *spare;
	bool repeat; /* an earlier page has the same pixels: not encoded */
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
	struct png_memo memo[MEMO_MAX];
	unsigned long clock; /* counts the pages written, for the memo's age */
};

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Four lanes over the RGB of every pixel, two pixels a word (the unused
 * byte of RGB24 masked off), folded into two: pages that differ collide
 * with odds of about 2^-128. The lanes do not wait for each other, so a
 * 300 dpi A6 page takes about a millisecond. */
static struct pixel_key pixel_key(cairo_surface_t *s)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	const uint64_t rgb = 0x00FFFFFF00FFFFFFULL, k = 0x9e3779b97f4a7c15ULL;
	uint64_t lane[4] = {k ^ (uint64_t)w, k * 3 ^ (uint64_t)h, k * 5, k * 7};
	size_t words = (size_t)w / 2;
	for (int y = 0; y < h; y++) {
		const unsigned char *row = data + (size_t)y * (size_t)stride;
		size_t i = 0;
		for (; i + 4 <= words; i += 4) {
			uint64_t v[4];
			memcpy(v, row + 8 * i, sizeof(v));
			for (int j = 0; j < 4; j++)
				lane[j] = ((lane[j] ^ (v[j] & rgb)) * 0xff51afd7ed558ccdULL) +
				          (uint64_t)j;
		}
		for (; i < words; i++) {
			uint64_t v;
			memcpy(&v, row + 8 * i, sizeof(v));
			lane[i % 4] = (lane[i % 4] ^ (v & rgb)) * 0xc4ceb9fe1a85ec53ULL;
		}
		if (w % 2) {
			uint32_t v;
			memcpy(&v, row + 4 * (size_t)(w - 1), sizeof(v));
			lane[3] = (lane[3] ^ (v & 0x00FFFFFFu)) * 0xc4ceb9fe1a85ec53ULL;
		}
		/* rows apart, so that pixels moved between rows differ */
		lane[y % 4] = mix(lane[y % 4] + (uint64_t)y);
	}
	return (struct pixel_key){mix(lane[0] ^ mix(lane[1])), mix(lane[2] ^ mix(lane[3] + k))};
}

static bool same_key(struct pixel_key x, struct pixel_key y)
{
	return x.a == y.a && x.b == y.b;
}

static struct png_memo *memo_find(struct sink_png *s, struct pixel_key k)
{
	for (size_t i = 0; i < MEMO_MAX; i++)
		if (s->memo[i].used && same_key(s->memo[i].key, k))
			return &s->memo[i];
	return NULL;
}

/* Keeps a copy of a page's file, in place of the oldest entries while the
 * memo would hold more than its budget. */
static void memo_keep(struct sink_png *s, struct pixel_key k, const struct buf *png)
{
	if (png->len > MEMO_BYTES_MAX / 2 || memo_find(s, k))
		return;
	size_t total = png->len;
	for (size_t i = 0; i < MEMO_MAX; i++)
		total += s->memo[i].used ? s->memo[i].png.len : 0;
	for (;;) {
		struct png_memo *oldest = NULL, *free_entry = NULL;
		for (size_t i = 0; i < MEMO_MAX; i++) {
			struct png_memo *m = &s->memo[i];
			if (!m->used)
				free_entry = m;
			else if (!oldest || m->used < oldest->used)
				oldest = m;
		}
		if (free_entry && total <= MEMO_BYTES_MAX) {
			free_entry->key = k;
			buf_clear(&free_entry->png);
			buf_append(&free_entry->png, png->data, png->len);
			free_entry->used = ++s->clock;
			return;
		}
		total -= oldest->png.len;
		oldest->used = 0;
	}
}

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
	/* one byte more: each pixel is stored as four bytes, the fourth
	 * overwritten by the next pixel */
	unsigned char *volatile row = xmalloc((size_t)w * 3 + 1);
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
		unsigned char *dst = row;
		for (int x = 0; x < w; x++, dst += 3) {
			/* 0x..RRGGBB → the bytes R, G, B whatever the byte order */
			const unsigned char rgb[4] = {(unsigned char)(src[x] >> 16),
			                              (unsigned char)(src[x] >> 8),
			                              (unsigned char)src[x], 0};
			memcpy(dst, rgb, 4);
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

/* A repeated page takes the bytes of the earlier one from the memo, or is
 * encoded here when they have left it. */
static void repeat_slot(struct sink_png *s, struct png_slot *sl)
{
	struct png_memo *m = memo_find(s, sl->key);
	if (!m) {
		encode_slot(&sl->work);
		return;
	}
	buf_clear(&sl->png);
	buf_append(&sl->png, m->png.data, m->png.len);
	m->used = ++s->clock;
	sl->ok = true;
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
	if (sl->repeat && write)
		repeat_slot(s, sl);
	else if (!sl->repeat)
		workers_wait(s->workers, &sl->work);
	if (!sl->repeat && sl->ok && write)
		memo_keep(s, sl->key, &sl->png);
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
	cairo_surface_destroy(sl->spare);
	sl->spare = surface_bytes(sl->surface) <= SPARE_BYTES_MAX ? sl->surface : NULL;
	if (!sl->spare)
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
	if (sl->spare && cairo_image_surface_get_width(sl->spare) == w &&
	    cairo_image_surface_get_height(sl->spare) == h) {
		/* painted white all over below, like a new one */
		sl->surface = sl->spare;
		sl->spare = NULL;
	} else {
		sl->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	}
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
	/* the same pixels as a page written or on its way: its bytes again */
	sl->key = pixel_key(sl->surface);
	sl->repeat = memo_find(s, sl->key) != NULL;
	for (size_t i = 1; i < s->nslots && !sl->repeat; i++) {
		const struct png_slot *o = &s->slots[(s->next + s->nslots - i) % s->nslots];
		sl->repeat = o->surface && !o->repeat && same_key(o->key, sl->key);
	}
	if (!sl->repeat) {
		sl->work.run = encode_slot;
		workers_submit(s->workers, &sl->work);
	}
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
		cairo_surface_destroy(s->slots[i].spare);
	}
	for (size_t i = 0; i < MEMO_MAX; i++)
		buf_finish(&s->memo[i].png);
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
	for (size_t i = 0; i < MEMO_MAX; i++)
		buf_init(&s->memo[i].png);
	s->workers = workers_create(jobs > 1 ? jobs : 0);
	if (!s->workers) {
		diag_error(d, (struct mark){.file = dir}, "cannot start the PNG encoders");
		destroy(&s->base);
		return NULL;
	}
	return &s->base;
}
