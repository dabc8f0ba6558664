#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "output/sink.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* What a test page shows: a square of colour rgb and, when dot is set, one
 * pixel at 10, 10 (at 72 dpi, so points are pixels) a shade darker. */
struct page {
	const char *label;
	double rgb;
	bool dot;
};

/* Writes pages into dir with jobs processes; every call must succeed. */
static void write_pages(const char *dir, unsigned jobs, const struct page *pages, size_t n)
{
	struct diag d;
	diag_init(&d);
	struct sink *s = sink_png_create(dir, 72, jobs, n, &d);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		struct page_spec p = {.trim_w = 40, .trim_h = 30, .label = pages[i].label};
		cairo_t *cr = s->ops->begin_page(s, &p, &d);
		assert_non_null(cr);
		if (s->skip) { /* another process draws it */
			assert_true(s->ops->end_page(s, cr, &d));
			continue;
		}
		cairo_set_source_rgb(cr, pages[i].rgb, 0.5, 0.25);
		cairo_rectangle(cr, 5, 5, 20, 20);
		cairo_fill(cr);
		if (pages[i].dot) {
			cairo_set_source_rgb(cr, pages[i].rgb - 1.0 / 255, 0.5, 0.25);
			cairo_rectangle(cr, 10, 10, 1, 1);
			cairo_fill(cr);
		}
		assert_true(s->ops->end_page(s, cr, &d));
	}
	assert_true(s->ops->finish(s, &d));
	sink_destroy(s);
	assert_int_equal(diag_get_error_count(&d), 0);
	diag_finish(&d);
}

static char *read_file(const char *dir, const char *label, size_t *len)
{
	char *path = g_strdup_printf("%s/%s.png", dir, label);
	char *data = NULL;
	gsize n = 0;
	assert_true(g_file_get_contents(path, &data, &n, NULL));
	g_free(path);
	*len = n;
	return data;
}

static bool same_file(const char *dir_a, const char *a, const char *dir_b, const char *b)
{
	size_t la, lb;
	char *x = read_file(dir_a, a, &la), *y = read_file(dir_b, b, &lb);
	bool same = la == lb && memcmp(x, y, la) == 0;
	g_free(x);
	g_free(y);
	return same;
}

/* The red of the pixel at x, y of a written page. */
static int red_at(const char *dir, const char *label, int x, int y)
{
	char *path = g_strdup_printf("%s/%s.png", dir, label);
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	g_free(path);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	const unsigned char *row = cairo_image_surface_get_data(s) +
	                           (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t px;
	memcpy(&px, row + 4 * x, sizeof(px));
	cairo_surface_destroy(s);
	return (int)(px >> 16 & 0xFF);
}

static void remove_dir(const char *dir, const struct page *pages, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *path = g_strdup_printf("%s/%s.png", dir, pages[i].label);
		unlink(path);
		g_free(path);
	}
	rmdir(dir);
}

/* Pages with the same pixels get the same bytes; a
 * page one pixel apart is a page of its own; and none of it depends on
 * the number of jobs. */
static void sink_png__repeated_pages_are_the_same_file(void **state)
{
	(void)state;
	static const struct page pages[] = {
	        {"a", 0.8, false},    {"b", 0.2, false},       {"a-again", 0.8, false},
	        {"a-dot", 0.8, true}, {"b-again", 0.2, false}, {"a-dot-again", 0.8, true},
	};
	size_t n = sizeof(pages) / sizeof(pages[0]);
	char one[] = "/tmp/test_sink_png.XXXXXX", two[] = "/tmp/test_sink_png.XXXXXX";
	assert_non_null(mkdtemp(one));
	assert_non_null(mkdtemp(two));
	write_pages(one, 1, pages, n);
	write_pages(two, 2, pages, n);
	for (size_t i = 0; i < n; i++)
		assert_true(same_file(one, pages[i].label, two, pages[i].label));
	assert_true(same_file(one, "a", one, "a-again"));
	assert_true(same_file(one, "b", one, "b-again"));
	assert_true(same_file(one, "a-dot", one, "a-dot-again"));
	assert_false(same_file(one, "a", one, "a-dot"));
	assert_false(same_file(one, "a", one, "b"));
	/* and each holds its own pixels */
	assert_int_equal(red_at(one, "a-again", 10, 10), 204);
	assert_int_equal(red_at(one, "a-dot-again", 10, 10), 203);
	assert_int_equal(red_at(two, "b-again", 10, 10), 51);
	assert_int_equal(red_at(two, "a-dot", 0, 0), 255);
	remove_dir(one, pages, n);
	remove_dir(two, pages, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sink_png__repeated_pages_are_the_same_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
