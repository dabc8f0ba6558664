/* The CutContour spot colour: the marker stroke the painter draws for a
 * die line becomes a Separation, and nothing else in a content stream or a
 * PDF changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>

#include "display/dlist.h"
#include "output/pdfpost.h"
#include "output/spot.h"
#include "render/paint.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static size_t rewrite(const char *in, struct buf *out)
{
	return spot_rewrite_stream((const unsigned char *)in, strlen(in), out, NULL);
}

static void spot__marker_stroke_becomes_the_spot_colour(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out);
	assert_int_equal(rewrite("q 1 0 0 RG 0.0123 0.9876 0.4567 RG\n0.25 w S Q", &out), 1);
	assert_string_equal(buf_str(&out),
	                    "q 1 0 0 RG /DPCutGS gs /CutContour CS 1 SCN\n0.25 w S Q");
	buf_finish(&out);
}

static void spot__fold_marker_becomes_the_fold_colour(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out);
	unsigned found = 0;
	const char *in = "0.4567 0.0123 0.9876 RG 0 0 m 9 0 l S\n"
	                 "0.0123 0.9876 0.4567 RG 0 0 m 0 9 l S";
	assert_int_equal(spot_rewrite_stream((const unsigned char *)in, strlen(in), &out, &found),
	                 2);
	assert_int_equal(found, SPOT_FOUND_CUT | SPOT_FOUND_FOLD);
	assert_string_equal(buf_str(&out), "/DPCutGS gs /Fold CS 1 SCN 0 0 m 9 0 l S\n"
	                                   "/DPCutGS gs /CutContour CS 1 SCN 0 0 m 0 9 l S");
	assert_int_equal(rewrite("0.4567 0.0123 0.9876 rg f", &out), 0);
	buf_finish(&out);
}

static void spot__strings_other_colours_and_fills_stay(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out);
	/* in a string, as a fill colour, or as a longer number */
	assert_int_equal(rewrite("(0.0123 0.9876 0.4567 RG)Tj", &out), 0);
	assert_int_equal(rewrite("0.0123 0.9876 0.4567 rg f", &out), 0);
	assert_int_equal(rewrite("10.0123 0.9876 0.4567 RG S", &out), 0);
	assert_int_equal(rewrite("0.0123 0.9876 0.4567 RGB", &out), 0);
	buf_finish(&out);
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A card face with a die line, painted as the print PDF paints it. */
static void make_pdf(struct buf *out, double radius)
{
	buf_init(out);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, out, 200, 280);
	cairo_t *cr = cairo_create(s);
	struct dlist l;
	dlist_init(&l, 180, 260, 10);
	l.die_radius = radius;
	struct dl_path *p = dlist_add_path(&l, 0);
	dl_path_rect(p, (struct box){-10, -10, 200, 80}, 0);
	dl_path_set_fill(p, (struct color){0.2, 0.4, 0.7});
	cairo_translate(cr, 10, 10);
	struct paint_ctx pc = {.die_line = true};
	assert_true(paint_page(cr, &l, &pc));
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	dlist_finish(&l);
}

/* The post-pass output, uncompressed, for searching. */
static char *qdf(const struct buf *pdf)
{
	struct buf post;
	buf_init(&post);
	char *err = NULL;
	struct pdfpost_options o = {0};
	assert_true(pdfpost_apply(pdf->data, pdf->len, &o, &post, &err));
	qpdf_data q = qpdf_init();
	assert_false(qpdf_read_memory(q, "t", post.data, post.len, NULL) & QPDF_ERRORS);
	qpdf_init_write_memory(q);
	qpdf_set_qdf_mode(q, QPDF_TRUE);
	qpdf_set_object_stream_mode(q, qpdf_o_disable);
	assert_false(qpdf_write(q) & QPDF_ERRORS);
	size_t n = qpdf_get_buffer_length(q);
	char *text = malloc(n + 1);
	memcpy(text, qpdf_get_buffer(q), n);
	text[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!text[i])
			text[i] = ' ';
	qpdf_cleanup(&q);
	buf_finish(&post);
	return text;
}

static void spot__post_pass_adds_the_separation(void **state)
{
	(void)state;
	struct buf pdf;
	make_pdf(&pdf, 8.5);
	char *t = qdf(&pdf);
	assert_non_null(strstr(t, "/DPCutGS gs /CutContour CS 1 SCN"));
	assert_non_null(strstr(t, "/Separation"));
	assert_non_null(strstr(t, "/OP true"));
	assert_null(strstr(t, PAINT_CUT_CONTOUR_OPERANDS));
	free(t);
	buf_finish(&pdf);
}

static void spot__square_card_has_no_die_line(void **state)
{
	(void)state;
	struct buf pdf;
	make_pdf(&pdf, 0);
	char *t = qdf(&pdf);
	assert_null(strstr(t, "CutContour"));
	free(t);
	buf_finish(&pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(spot__marker_stroke_becomes_the_spot_colour),
	        cmocka_unit_test(spot__fold_marker_becomes_the_fold_colour),
	        cmocka_unit_test(spot__strings_other_colours_and_fills_stay),
	        cmocka_unit_test(spot__post_pass_adds_the_separation),
	        cmocka_unit_test(spot__square_card_has_no_die_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
