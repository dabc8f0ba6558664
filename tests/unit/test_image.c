#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "render/image.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* Writes a w x h opaque PNG into a temporary file; caller frees the path
 * with free() after unlink(). */
static char *write_png(int w, int h, double grey)
{
	char tmpl[] = "/tmp/deckpress-image-XXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	close(fd);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, grey, grey, grey);
	cairo_paint(cr);
	cairo_destroy(cr);
	assert_int_equal(cairo_surface_write_to_png(s, tmpl), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	char *path = malloc(sizeof(tmpl));
	memcpy(path, tmpl, sizeof(tmpl));
	return path;
}

/* The colour of the middle pixel after drawing path over a 10 x 10 white
 * surface. */
static uint32_t draw_middle(struct image_cache *c, const char *path, bool *ok)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	*ok = image_cache_draw(c, cr, path, (struct box){0, 0, 10, 10});
	cairo_destroy(cr);
	cairo_surface_flush(s);
	uint32_t px = ((const uint32_t *)(cairo_image_surface_get_data(s) +
	                                  5 * cairo_image_surface_get_stride(s)))[5];
	cairo_surface_destroy(s);
	return px & 0xffffff;
}

static void image__cache_stays_within_its_budget_and_draws_evicted_images(void **state)
{
	(void)state;
	char *a = write_png(100, 100, 0), *b = write_png(100, 100, 1);
	struct image_cache *c = image_cache_create();
	image_cache_set_budget(c, 50000); /* one 100 x 100 image: 40000 bytes */
	struct diag d;
	diag_init(&d);
	assert_true(image_cache_load(c, a, (struct mark){"x.yaml", 1, 1}, &d));
	assert_int_equal(image_cache_get_size(c), 40000);
	assert_true(image_cache_load(c, b, (struct mark){"x.yaml", 2, 1}, &d));
	assert_int_equal(image_cache_get_size(c), 40000); /* a evicted */
	bool ok;
	assert_int_equal(draw_middle(c, a, &ok), 0x000000); /* decoded again */
	assert_true(ok);
	assert_int_equal(image_cache_get_size(c), 40000); /* b evicted */
	assert_int_equal(draw_middle(c, b, &ok), 0xffffff);
	assert_true(ok);
	assert_false(image_cache_report_failure(c, &d));
	assert_false(diag_has_errors(&d));
	image_cache_set_budget(c, 0);
	assert_int_equal(image_cache_get_size(c), 0);
	image_cache_destroy(c);
	diag_finish(&d);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
}

static void image__failed_draw_is_reported_at_the_image_mark(void **state)
{
	(void)state;
	char *a = write_png(20, 20, 0.5), *b = write_png(20, 20, 0);
	struct image_cache *c = image_cache_create();
	image_cache_set_budget(c, 0); /* only the last image stays decoded */
	struct diag d;
	diag_init(&d);
	assert_true(image_cache_load(c, a, (struct mark){"deck.yaml", 3, 9}, &d));
	assert_true(image_cache_load(c, b, (struct mark){"deck.yaml", 4, 9}, &d));
	FILE *fp = fopen(a, "wb"); /* the file changes after check */
	fputs("\x89PNG\r\n\x1a\n broken", fp);
	fclose(fp);
	bool ok;
	draw_middle(c, a, &ok);
	assert_false(ok);
	assert_true(image_cache_report_failure(c, &d));
	assert_false(image_cache_report_failure(c, &d)); /* reported once */
	assert_int_equal(d.len, 1);
	struct buf want;
	buf_init(&want);
	buf_printf(&want, "image '%s' could not be drawn: corrupt or truncated data", a);
	assert_string_equal(d.entries[0].message, buf_str(&want));
	assert_int_equal(d.entries[0].mark.line, 3);
	assert_int_equal(d.entries[0].mark.col, 9);
	buf_finish(&want);
	image_cache_destroy(c);
	diag_finish(&d);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(image__cache_stays_within_its_budget_and_draws_evicted_images),
	        cmocka_unit_test(image__failed_draw_is_reported_at_the_image_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
