#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cmocka.h>
#include <zlib.h>

#include "output/pngenc.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

struct reader {
	const struct buf *b;
	size_t at;
};

static cairo_status_t read_cb(void *closure, unsigned char *data, unsigned int len)
{
	struct reader *r = closure;
	if (r->at + len > r->b->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->b->data + r->at, len);
	r->at += len;
	return CAIRO_STATUS_SUCCESS;
}

/* Encodes s, decodes the file with libpng (through cairo) and checks that
 * every pixel comes back; returns the file's size. */
static size_t round_trip(cairo_surface_t *s)
{
	cairo_surface_flush(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *px = cairo_image_surface_get_data(s);
	struct buf b;
	buf_init(&b);
	pngenc_write_rgb24(&b, px, w, h, stride, 0);
	struct reader r = {&b, 0};
	cairo_surface_t *back = cairo_image_surface_create_from_png_stream(read_cb, &r);
	assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
	assert_int_equal(r.at, b.len); /* nothing after IEND */
	assert_int_equal(cairo_image_surface_get_width(back), w);
	assert_int_equal(cairo_image_surface_get_height(back), h);
	const unsigned char *got = cairo_image_surface_get_data(back);
	int gstride = cairo_image_surface_get_stride(back);
	for (int y = 0; y < h; y++) {
		const uint32_t *a = (const uint32_t *)(px + (size_t)y * (size_t)stride);
		const uint32_t *c = (const uint32_t *)(got + (size_t)y * (size_t)gstride);
		for (int x = 0; x < w; x++)
			if ((a[x] ^ c[x]) & 0xFFFFFFu)
				fail_msg("pixel %d,%d of %dx%d: %06x, decoded %06x", x, y, w, h,
				         a[x] & 0xFFFFFFu, c[x] & 0xFFFFFFu);
	}
	cairo_surface_destroy(back);
	size_t n = b.len;
	/* the same pixels, the same bytes */
	struct buf again;
	buf_init(&again);
	pngenc_write_rgb24(&again, px, w, h, stride, 0);
	assert_int_equal(again.len, b.len);
	assert_memory_equal(again.data, b.data, b.len);
	buf_finish(&again);
	buf_finish(&b);
	return n;
}

/* A page like a card: white, a band, text-like noise, a rounded box, with
 * rows repeated and pixels equal to their neighbours and to those above. */
static cairo_surface_t *card(int w, int h, unsigned seed)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.8, 0.1, 0.3);
	cairo_rectangle(cr, 0, 0, w, h / 5.0);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.1, 0.4, 0.7);
	cairo_arc(cr, w / 2.0, h / 2.0, w / 3.0, 0, 6.283);
	cairo_set_line_width(cr, 2.5);
	cairo_stroke(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = h / 2; y < h * 3 / 4; y++)
		for (int x = w / 8; x < w / 2; x++) {
			seed = seed * 1103515245u + 12345u;
			if (seed >> 28 == 0) /* specks, some repeated below */
				((uint32_t *)(d + (size_t)y * (size_t)stride))[x] = seed >> 8;
		}
	cairo_surface_mark_dirty(s);
	return s;
}

/* The resolution is recorded: 300 dpi is 11,811 pixels a metre (pHYs,
 * unit 1), right after IHDR, and the file still decodes. */
static void pngenc__records_its_resolution(void **state)
{
	(void)state;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 3, 2);
	cairo_surface_flush(s);
	struct buf b;
	buf_init(&b);
	pngenc_write_rgb24(&b, cairo_image_surface_get_data(s), 3, 2,
	                   cairo_image_surface_get_stride(s), 300);
	/* signature 8, IHDR 4 + 4 + 13 + 4: then pHYs */
	const unsigned char *c = (const unsigned char *)b.data + 8 + 25;
	assert_true(b.len > 8 + 25 + 21);
	assert_memory_equal(c, "\0\0\0\x09pHYs\0\0\x2e\x23\0\0\x2e\x23\x01", 17);
	struct reader r = {&b, 0};
	cairo_surface_t *back = cairo_image_surface_create_from_png_stream(read_cb, &r);
	assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(back);
	/* none without a resolution */
	buf_clear(&b);
	pngenc_write_rgb24(&b, cairo_image_surface_get_data(s), 3, 2,
	                   cairo_image_surface_get_stride(s), 0);
	assert_memory_equal((const unsigned char *)b.data + 8 + 25 + 4, "IDAT", 4);
	buf_finish(&b);
	cairo_surface_destroy(s);
}

static void pngenc__decodes_to_the_same_pixels(void **state)
{
	(void)state;
	static const int sizes[][2] = {{1, 1},   {2, 1},      {1, 3},    {3, 2},
	                               {40, 30}, {744, 1039}, {97, 300}, {300, 97}};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		cairo_surface_t *s = card(sizes[i][0], sizes[i][1], (unsigned)i);
		round_trip(s);
		cairo_surface_destroy(s);
	}
}

/* Pixels no run or copy covers: every byte a literal of its own. */
static void pngenc__noise(void **state)
{
	(void)state;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 257, 129);
	unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	unsigned seed = 7;
	for (int y = 0; y < 129; y++)
		for (int x = 0; x < 257; x++) {
			seed = seed * 1103515245u + 12345u;
			/* the byte cairo leaves unused is noise too */
			((uint32_t *)(d + (size_t)y * (size_t)stride))[x] = seed;
		}
	cairo_surface_mark_dirty(s);
	size_t n = round_trip(s);
	assert_true(n < 257 * 129 * 3 * 2);
	cairo_surface_destroy(s);
}

/* Flat pages cost next to nothing; rows too long for a copy of the row
 * above (over 10,922 pixels) are still right. */
static void pngenc__flat_and_wide(void **state)
{
	(void)state;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1240, 1748);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_destroy(cr);
	assert_true(round_trip(s) < 20000);
	cairo_surface_destroy(s);
	s = card(11000, 40, 3);
	round_trip(s);
	cairo_surface_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(pngenc__decodes_to_the_same_pixels),
	        cmocka_unit_test(pngenc__records_its_resolution),
	        cmocka_unit_test(pngenc__noise),
	        cmocka_unit_test(pngenc__flat_and_wide),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
