/* QR codes: the module matrix is libqrencode's, and the vector path puts
 * every dark module, and only those, where it belongs (checked by painting
 * the path and sampling each module's centre). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cairo.h>
#include <cmocka.h>
#include <qrencode.h>

#include "display/dlist.h"
#include "layout/qr.h"
#include "render/paint.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static void qr__matrix_is_libqrencodes(void **state)
{
	(void)state;
	const char *url = "https://example.org/evaluering?deck=roller";
	struct qr q;
	assert_true(qr_encode(&q, url, 1));
	QRcode *ref =
	        QRcode_encodeData((int)strlen(url), (const unsigned char *)url, 0, QR_ECLEVEL_M);
	assert_non_null(ref);
	assert_int_equal(q.width, ref->width);
	for (int i = 0; i < q.width * q.width; i++)
		assert_int_equal(q.dark[i], ref->data[i] & 1);
	/* a version 3 symbol: 29 modules, finder patterns in three corners */
	assert_int_equal(q.width, 29);
	assert_int_equal(q.dark[0], 1);
	assert_int_equal(q.dark[28], 1);
	assert_int_equal(q.dark[28 * 29], 1);
	assert_int_equal(q.dark[28 * 29 + 28], 0);
	QRcode_free(ref);
	qr_finish(&q);
}

static void qr__higher_correction_needs_more_modules(void **state)
{
	(void)state;
	struct qr low, high;
	assert_true(qr_encode(&low, "https://example.org/a/long/path/to/an/evaluation", 0));
	assert_true(qr_encode(&high, "https://example.org/a/long/path/to/an/evaluation", 3));
	assert_true(high.width > low.width);
	qr_finish(&low);
	qr_finish(&high);
}

static void qr__empty_or_too_long_data_is_refused(void **state)
{
	(void)state;
	struct qr q;
	assert_false(qr_encode(&q, "", 1));
	assert_null(q.dark);
	static char big[8000];
	memset(big, 'x', sizeof(big) - 1);
	assert_false(qr_encode(&q, big, 3));
	assert_null(q.dark);
	qr_finish(&q);
}

/* Paints the code at 4 px a module with a quiet zone and reads back every
 * module's centre, and the quiet zone, from the pixels. */
static void qr__path_paints_each_dark_module_in_place(void **state)
{
	(void)state;
	struct qr q;
	assert_true(qr_encode(&q, "DECKPRESS", 2));
	const double m = 4;
	int side = (int)((q.width + 2 * QR_QUIET_ZONE) * m);
	struct dlist l;
	dlist_init(&l, side, side, 0);
	struct dl_path *p = dlist_add_path(&l, 0);
	qr_add_to_path(&q, p, QR_QUIET_ZONE * m, QR_QUIET_ZONE * m, m);
	dl_path_set_fill(p, (struct color){0, 0, 0});
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	struct paint_ctx pc = {0};
	assert_true(paint_page(cr, &l, &pc));
	cairo_destroy(cr);
	cairo_surface_flush(s);
	const unsigned char *px = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int row = -QR_QUIET_ZONE; row < q.width + QR_QUIET_ZONE; row++) {
		for (int col = -QR_QUIET_ZONE; col < q.width + QR_QUIET_ZONE; col++) {
			int x = (int)((col + QR_QUIET_ZONE + 0.5) * m);
			int y = (int)((row + QR_QUIET_ZONE + 0.5) * m);
			uint32_t v = *(const uint32_t *)(px + y * stride + x * 4) & 0xFFFFFF;
			bool inside = row >= 0 && col >= 0 && row < q.width && col < q.width;
			bool dark = inside && q.dark[row * q.width + col];
			assert_int_equal(v, dark ? 0x000000 : 0xFFFFFF);
		}
	}
	cairo_surface_destroy(s);
	dlist_finish(&l);
	qr_finish(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(qr__matrix_is_libqrencodes),
	        cmocka_unit_test(qr__higher_correction_needs_more_modules),
	        cmocka_unit_test(qr__empty_or_too_long_data_is_refused),
	        cmocka_unit_test(qr__path_paints_each_dark_module_in_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
