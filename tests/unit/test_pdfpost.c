#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <qpdf/qpdf-c.h>

#include "output/atomic.h"
#include "output/pdfpost.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM (72.0 / 25.4)

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Ends the drawing on s and writes the file. */
static void finish_pdf(cairo_t *cr, cairo_surface_t *s)
{
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* Two pages of trim + 2 × margin like sink_pdf: a black rectangle, black
 * text that reads "0 0 0 rg" (cairo writes it as a literal string, which
 * the rewrite must leave alone), a black stroke, a blue fill, and a black
 * fill inside a group, which cairo writes as a Form XObject. */
static void make_pdf(struct buf *out, const struct pdf_boxes *b)
{
	buf_init(out);
	double w = b->trim_w + 2 * b->margin, h = b->trim_h + 2 * b->margin;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, out, w, h);
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Test deck");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
	cairo_t *cr = cairo_create(s);
	for (int page = 0; page < 2; page++) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_rectangle(cr, 0, 0, w, h / 4);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.1, 0.2, 0.6);
		cairo_rectangle(cr, 0, h / 4, w, h / 4);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_select_font_face(cr, "sans", CAIRO_FONT_SLANT_NORMAL,
		                       CAIRO_FONT_WEIGHT_NORMAL);
		cairo_set_font_size(cr, 12);
		cairo_move_to(cr, 20, h * 0.6);
		cairo_show_text(cr, page ? "0 0 0 RG" : "0 0 0 rg");
		cairo_set_line_width(cr, 2);
		cairo_move_to(cr, 20, h * 0.7);
		cairo_line_to(cr, w - 20, h * 0.7);
		cairo_stroke(cr);
		cairo_push_group(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_rectangle(cr, 20, h * 0.8, 40, 20);
		cairo_fill(cr);
		cairo_pop_group_to_source(cr);
		cairo_paint(cr);
		cairo_show_page(cr);
	}
	finish_pdf(cr, s);
	if (getenv("PDFPOST_TEST_DUMP")) {
		FILE *fp = fopen(getenv("PDFPOST_TEST_DUMP"), "wb");
		fwrite(out->data, 1, out->len, fp);
		fclose(fp);
	}
}

static void apply_ok(const struct buf *in, const struct pdfpost_options *o, struct buf *out)
{
	buf_init(out);
	char *err = NULL;
	bool ok = pdfpost_apply(in->data, in->len, o, out, &err);
	if (!ok)
		fail_msg("pdfpost_apply: %s", err);
	assert_null(err);
	assert_true(out->len > 0);
}

static qpdf_data open_pdf(const struct buf *b)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	assert_false(qpdf_read_memory(q, "result", b->data, b->len, NULL) & QPDF_ERRORS);
	assert_false(qpdf_more_warnings(q));
	return q;
}

static void get_rect(qpdf_data q, qpdf_oh page, const char *key, double r[4])
{
	assert_true(qpdf_oh_has_key(q, page, key));
	qpdf_oh a = qpdf_oh_get_key(q, page, key);
	assert_true(qpdf_oh_is_array(q, a));
	assert_int_equal(qpdf_oh_get_array_n_items(q, a), 4);
	for (int i = 0; i < 4; i++)
		r[i] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, a, i));
}

static void assert_inside(const double inner[4], const double outer[4])
{
	assert_true(inner[0] >= outer[0]);
	assert_true(inner[1] >= outer[1]);
	assert_true(inner[2] <= outer[2]);
	assert_true(inner[3] <= outer[3]);
}

/* Every page has exactly these boxes (as qpdf unparses them) and they nest
 * Trim ⊂ Bleed ⊂ Media as numbers read back from the file. */
static void assert_boxes(const struct buf *pdf, const char *bleed, const char *trim)
{
	qpdf_data q = open_pdf(pdf);
	int n = qpdf_get_num_pages(q);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		assert_string_equal(qpdf_oh_unparse(q, qpdf_oh_get_key(q, page, "/BleedBox")),
		                    bleed);
		assert_string_equal(qpdf_oh_unparse(q, qpdf_oh_get_key(q, page, "/TrimBox")), trim);
		double m[4], b[4], t[4];
		get_rect(q, page, "/MediaBox", m);
		get_rect(q, page, "/BleedBox", b);
		get_rect(q, page, "/TrimBox", t);
		assert_inside(b, m);
		assert_inside(t, b);
	}
	assert_false(qpdf_has_error(q));
	qpdf_cleanup(&q);
}

/* The decoded content of every page plus every Form XObject it uses, in
 * page order, so two files can be compared or searched. */
static void collect_content(const struct buf *pdf, struct buf *out)
{
	buf_init(out);
	qpdf_data q = open_pdf(pdf);
	int n = qpdf_get_num_pages(q);
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		unsigned char *data = NULL;
		size_t len = 0;
		assert_false(qpdf_oh_get_page_content_data(q, page, &data, &len) & QPDF_ERRORS);
		buf_printf(out, "%%%% page %d\n", i + 1);
		buf_append(out, (const char *)data, len);
		free(data);
		qpdf_oh xo = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/XObject");
		if (!qpdf_oh_is_dictionary(q, xo))
			continue;
		qpdf_oh_begin_dict_key_iter(q, xo);
		while (qpdf_oh_dict_more_keys(q)) {
			qpdf_oh f = qpdf_oh_get_key(q, xo, qpdf_oh_dict_next_key(q));
			QPDF_BOOL filtered = QPDF_FALSE;
			assert_false(qpdf_oh_get_stream_data(q, f, qpdf_dl_generalized, &filtered,
			                                     &data, &len) &
			             QPDF_ERRORS);
			assert_true(filtered);
			buf_printf(out, "\n%%%% form\n");
			buf_append(out, (const char *)data, len);
			free(data);
		}
	}
	assert_false(qpdf_has_error(q));
	qpdf_cleanup(&q);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* 63 × 88 mm with 3 mm bleed: 3 mm = 8.50393700787 pt is off the grid, so
 * rounding decides whether the boxes stay inside their parents. */
static const struct pdf_boxes poker = {63 * MM, 88 * MM, 3 * MM, 3 * MM};

static void pdfpost__sets_exact_boxes_on_every_page(void **state)
{
	(void)state;
	struct buf in, out;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {.boxes = &poker};
	apply_ok(&in, &o, &out);
	/* MediaBox is 195.590551 x 266.456693 as cairo writes it; 195.5906
	 * (rounding to nearest) would stick out of it */
	assert_boxes(&out, "[ 0 0 195.5905 266.4566 ]", "[ 8.504 8.504 187.0866 257.9527 ]");
	buf_finish(&in);
	buf_finish(&out);
}

static void pdfpost__boxes_with_crop_mark_margin_nest(void **state)
{
	(void)state;
	/* sink_pdf's margin with marks: 3 mm offset + 5 mm mark + 2 mm slug */
	struct pdf_boxes marks = {63 * MM, 88 * MM, 3 * MM, 10 * MM};
	struct buf in, out;
	make_pdf(&in, &marks);
	struct pdfpost_options o = {.boxes = &marks};
	apply_ok(&in, &o, &out);
	/* 7 mm = 19.84251968 rounds up, 76 mm = 215.43307087 and 98 mm =
	 * 277.79527559 down */
	assert_boxes(&out, "[ 19.8426 19.8426 215.433 286.2992 ]",
	             "[ 28.3465 28.3465 206.9291 277.7952 ]");
	buf_finish(&in);
	buf_finish(&out);
}

static void pdfpost__zero_bleed_makes_bleed_box_equal_trim_box(void **state)
{
	(void)state;
	struct pdf_boxes b = {100, 50, 0, 0};
	struct buf in, out;
	make_pdf(&in, &b);
	struct pdfpost_options o = {.boxes = &b};
	apply_ok(&in, &o, &out);
	assert_boxes(&out, "[ 0 0 100 50 ]", "[ 0 0 100 50 ]");
	buf_finish(&in);
	buf_finish(&out);
}

static void pdfpost__writes_pdf_dates_and_id(void **state)
{
	(void)state;
	struct buf in, out;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {.boxes = &poker, .date = "2024-03-05T06:07:08Z"};
	apply_ok(&in, &o, &out);
	qpdf_data q = open_pdf(&out);
	assert_string_equal(qpdf_get_info_key(q, "/CreationDate"), "D:20240305060708Z");
	assert_string_equal(qpdf_get_info_key(q, "/ModDate"), "D:20240305060708Z");
	assert_string_equal(qpdf_get_info_key(q, "/Title"), "Test deck");
	qpdf_oh id = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/ID");
	assert_true(qpdf_oh_is_array(q, id));
	assert_int_equal(qpdf_oh_get_array_n_items(q, id), 2);
	size_t len = 0;
	qpdf_oh_get_binary_string_value(q, qpdf_oh_get_array_item(q, id, 0), &len);
	assert_int_equal(len, 16);
	assert_false(qpdf_has_error(q));
	qpdf_cleanup(&q);
	buf_finish(&in);
	buf_finish(&out);
}

static void pdfpost__keeps_dates_without_date(void **state)
{
	(void)state;
	struct buf in, out;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {0};
	apply_ok(&in, &o, &out);
	qpdf_data q = open_pdf(&out);
	/* cairo's own form, without "D:" (cairo 1.16 writes the date so; docs/typesetting.md §5) */
	assert_string_equal(qpdf_get_info_key(q, "/CreationDate"), "20000101000000Z");
	qpdf_cleanup(&q);
	buf_finish(&in);
	buf_finish(&out);
}

static void pdfpost__two_runs_give_identical_bytes(void **state)
{
	(void)state;
	struct buf in, a, b;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {
	        .boxes = &poker, .date = "2024-01-01T00:00:00Z", .black_to_k = true};
	apply_ok(&in, &o, &a);
	apply_ok(&in, &o, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* and the /ID follows the content: another date, another /ID */
	struct pdfpost_options o2 = o;
	o2.date = "2024-01-02T00:00:00Z";
	struct buf c;
	apply_ok(&in, &o2, &c);
	qpdf_data qa = open_pdf(&a), qc = open_pdf(&c);
	char ida[64], idc[64];
	snprintf(ida, sizeof(ida), "%s",
	         qpdf_oh_unparse(qa, qpdf_oh_get_key(qa, qpdf_get_trailer(qa), "/ID")));
	snprintf(idc, sizeof(idc), "%s",
	         qpdf_oh_unparse(qc, qpdf_oh_get_key(qc, qpdf_get_trailer(qc), "/ID")));
	assert_string_not_equal(ida, idc);
	qpdf_cleanup(&qa);
	qpdf_cleanup(&qc);
	buf_finish(&in);
	buf_finish(&a);
	buf_finish(&b);
	buf_finish(&c);
}

static void pdfpost__keeps_pdf_version(void **state)
{
	(void)state;
	struct buf in, out;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {.boxes = &poker, .black_to_k = true};
	apply_ok(&in, &o, &out);
	assert_memory_equal(out.data, "%PDF-1.5\n", 9);
	buf_finish(&in);
	buf_finish(&out);
}

static void pdfpost__black_to_k_rewrites_operators_only(void **state)
{
	(void)state;
	struct buf in, out, before, after;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {.boxes = &poker, .black_to_k = true};
	apply_ok(&in, &o, &out);
	collect_content(&in, &before);
	collect_content(&out, &after);
	const char *a = buf_str(&after);
	/* fill, stroke, and the fill inside the form on both pages */
	assert_true(count(buf_str(&before), "0 0 0 rg") >= 4);
	assert_true(count(buf_str(&before), "0 0 0 RG") >= 2);
	assert_int_equal(count(a, "\n0 0 0 rg"), 0);
	assert_int_equal(count(a, " 0 0 0 rg"), 0);
	assert_int_equal(count(a, "\n0 0 0 RG"), 0);
	assert_int_equal(count(a, " 0 0 0 RG"), 0);
	assert_true(count(a, "0 g") >= 4);
	assert_true(count(a, "0 G") >= 2);
	/* the text that reads like the operator is untouched */
	assert_int_equal(count(a, "(0 0 0 rg)"), count(buf_str(&before), "(0 0 0 rg)"));
	assert_int_equal(count(a, "(0 0 0 RG)"), count(buf_str(&before), "(0 0 0 RG)"));
	assert_int_equal(count(a, "(0 0 0 rg)") + count(a, "(0 0 0 RG)"), 2);
	/* and the form's own black became gray */
	const char *form = strstr(a, "%% form");
	assert_non_null(form);
	assert_non_null(strstr(form, "0 g"));
	buf_finish(&in);
	buf_finish(&out);
	buf_finish(&before);
	buf_finish(&after);
}

/* Neutral greys print with K only too; colours stay as they are. */
static void pdfpost__black_to_k_rewrites_neutral_greys_only(void **state)
{
	(void)state;
	static const char content[] = "0.133333 0.133333 0.133333 rg 0 0 10 10 re f\n"
	                              "0.5 0.5 0.4 rg 0 0 10 10 re f\n"
	                              "1 1 1 RG 0 0 10 10 re S\n"
	                              "0.2 0.2 rg 0 0 10 10 re f\n";
	struct buf out;
	buf_init(&out);
	size_t n = pdfpost_rewrite_neutral((const unsigned char *)content, sizeof(content) - 1,
	                                   NULL, &out);
	assert_int_equal(n, 2);
	assert_string_equal(buf_str(&out), "0.133333 g 0 0 10 10 re f\n"
	                                   "0.5 0.5 0.4 rg 0 0 10 10 re f\n"
	                                   "1 G 0 0 10 10 re S\n"
	                                   "0.2 0.2 rg 0 0 10 10 re f\n");
	buf_finish(&out);
}

static void assert_rewrite(const char *in, const struct pdfpost_k_rule *rule, size_t edits,
                           const char *want)
{
	struct buf out;
	buf_init(&out);
	assert_int_equal(pdfpost_rewrite_neutral((const unsigned char *)in, strlen(in), rule, &out),
	                 edits);
	if (edits)
		assert_string_equal(buf_str(&out), want);
	buf_finish(&out);
}

/* Near-neutral text and thin lines become the grey of the same luminance
 * where they are set; areas and colours keep theirs. */
static void pdfpost__near_neutral_text_and_thin_lines_become_grey(void **state)
{
	(void)state;
	assert_rewrite("0.117647 0.141176 0.188235 rg BT (x)Tj ET\n"
	               "0.5 w 0.4 0.42 0.45 RG 0 0 m 1 1 l S\n"
	               "0.1 0.2 0.6 rg BT (blue)Tj ET\n",
	               NULL, 2,
	               "0.139571 g BT (x)Tj ET\n"
	               "0.5 w 0.417914 G 0 0 m 1 1 l S\n"
	               "0.1 0.2 0.6 rg BT (blue)Tj ET\n");
	/* an area in a near-neutral colour stays RGB (rich black in CMYK),
	 * and so does a stroke wider than 2 pt on the page */
	assert_rewrite("0.117647 0.141176 0.188235 rg 0 0 9 9 re f\n"
	               "1.5 w 2 0 0 2 0 0 cm 0.4 0.42 0.45 RG 0 0 m 1 1 l S\n",
	               NULL, 0, NULL);
}

/* One colour for an area and then text: the grey goes before the text
 * and the RGB before the next area, outside the path object. */
static void pdfpost__shared_colour_gets_grey_for_text_only(void **state)
{
	(void)state;
	assert_rewrite("0.2 0.21 0.25 rg 0 0 9 9 re f BT [(a)5(b)]TJ (c)Tj ET 0 0 1 1 re f\n", NULL,
	               2,
	               "0.2 0.21 0.25 rg 0 0 9 9 re f BT 0.210762 g [(a)5(b)]TJ (c)Tj ET "
	               "0.2 0.21 0.25 rg 0 0 1 1 re f\n");
	/* q/Q restore the colour: nothing to set again after Q */
	assert_rewrite("0.2 0.21 0.25 rg q BT (c)Tj ET Q 0 0 1 1 re f\n", NULL, 1,
	               "0.2 0.21 0.25 rg q BT 0.210762 g (c)Tj ET Q 0 0 1 1 re f\n");
}

/* A colour the brand keeps prints as designed, even as text. */
static void pdfpost__kept_colour_stays_rgb(void **state)
{
	(void)state;
	static const unsigned char keep[][3] = {{30, 36, 48}};
	struct pdfpost_k_rule rule = {keep, 1};
	assert_rewrite("0.117647 0.141176 0.188235 rg BT (x)Tj ET\n", &rule, 0, NULL);
	assert_rewrite("0 0 0 rg BT (x)Tj ET\n", &rule, 1, "0 g BT (x)Tj ET\n");
}

/* Ghostscript's ToUnicode of ligatures: U+FB01 becomes "fi", little-endian
 * letters become big-endian; other mappings and ranges stay. */
static void pdfpost__fixes_ligature_text_in_to_unicode(void **state)
{
	(void)state;
	static const char cmap[] = "begincmap\n5 beginbfrange\n"
	                           "<0001><0001><66007400>\n<0002><0003><74006900>\n"
	                           "<0004><0004><fb01>\n<0005><0005><4e2d6587>\n"
	                           "<20><20><0020>\nendbfrange\n1 beginbfchar\n"
	                           "<06> <fb00>\nendbfchar\nendcmap\n";
	struct buf out;
	buf_init(&out);
	assert_int_equal(
	        pdfpost_fix_to_unicode((const unsigned char *)cmap, sizeof(cmap) - 1, &out), 3);
	assert_string_equal(buf_str(&out), "begincmap\n5 beginbfrange\n"
	                                   "<0001><0001><00660074>\n<0002><0003><74006900>\n"
	                                   "<0004><0004><00660069>\n<0005><0005><4e2d6587>\n"
	                                   "<20><20><0020>\nendbfrange\n1 beginbfchar\n"
	                                   "<06> <00660066>\nendbfchar\nendcmap\n");
	buf_finish(&out);
}

static void pdfpost__without_black_to_k_content_is_unchanged(void **state)
{
	(void)state;
	struct buf in, out, before, after;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {.boxes = &poker, .date = "2024-01-01T00:00:00Z"};
	apply_ok(&in, &o, &out);
	collect_content(&in, &before);
	collect_content(&out, &after);
	assert_string_equal(buf_str(&after), buf_str(&before));
	buf_finish(&in);
	buf_finish(&out);
	buf_finish(&before);
	buf_finish(&after);
}

static void assert_fails(const struct buf *in, const struct pdfpost_options *o, const char *want)
{
	struct buf out;
	buf_init(&out);
	char *err = NULL;
	assert_false(pdfpost_apply(in->data, in->len, o, &out, &err));
	assert_non_null(err);
	assert_string_equal(err, want);
	assert_int_equal(out.len, 0);
	free(err);
	buf_finish(&out);
}

static void pdfpost__rejects_a_page_of_another_size(void **state)
{
	(void)state;
	struct buf in;
	make_pdf(&in, &poker);
	struct pdf_boxes bridge = {56 * MM, 87 * MM, 3 * MM, 3 * MM};
	struct pdfpost_options o = {.boxes = &bridge};
	assert_fails(&in, &o,
	             "page 1 is 195.5906 x 266.4567 pt, but trim + 2 x margin is 175.7480 x "
	             "263.6220 pt");
	buf_finish(&in);
}

static void pdfpost__rejects_bleed_beyond_margin(void **state)
{
	(void)state;
	struct buf in;
	make_pdf(&in, &poker);
	struct pdf_boxes b = {63 * MM, 88 * MM, 4, 3};
	struct pdfpost_options o = {.boxes = &b};
	assert_fails(&in, &o, "bleed 4 pt and margin 3 pt do not satisfy 0 <= bleed <= margin");
	buf_finish(&in);
}

static void pdfpost__rejects_a_date_that_is_not_utc(void **state)
{
	(void)state;
	struct buf in;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {.date = "2024-01-01T00:00:00+01:00"};
	assert_fails(
	        &in, &o,
	        "date '2024-01-01T00:00:00+01:00' is not ISO 8601 UTC like 2024-01-01T00:00:00Z");
	o.date = "2024-13-01T00:00:00Z";
	assert_fails(&in, &o,
	             "date '2024-13-01T00:00:00Z' is not ISO 8601 UTC like 2024-01-01T00:00:00Z");
	buf_finish(&in);
}

static void pdfpost__reports_qpdf_error_for_garbage(void **state)
{
	(void)state;
	struct buf in;
	buf_init(&in);
	buf_puts(&in, "this is not a PDF file at all");
	struct pdfpost_options o = {.boxes = &poker};
	struct buf out;
	buf_init(&out);
	char *err = NULL;
	assert_false(pdfpost_apply(in.data, in.len, &o, &out, &err));
	assert_non_null(err);
	print_message("qpdf says: %s\n", err);
	assert_non_null(strstr(err, "PDF"));
	assert_int_equal(out.len, 0);
	free(err);
	buf_finish(&out);
	buf_finish(&in);
}

/* A broken xref table makes qpdf repair the file with warnings; the result
 * must still be complete and the same bytes every time. */
static void pdfpost__repaired_input_is_still_deterministic(void **state)
{
	(void)state;
	struct buf in, a, b;
	make_pdf(&in, &poker);
	/* the last "startxref"; the file has binary streams, so no strstr */
	char *sx = NULL;
	for (size_t i = in.len - 9; !sx && i > 0; i--)
		if (memcmp(in.data + i, "startxref", 9) == 0)
			sx = in.data + i;
	assert_non_null(sx);
	/* point startxref at offset 1 */
	char *num = sx + strlen("startxref\n");
	while (*num >= '0' && *num <= '9')
		*num++ = ' ';
	num[-1] = '1';
	struct pdfpost_options o = {
	        .boxes = &poker, .date = "2024-01-01T00:00:00Z", .black_to_k = true};
	apply_ok(&in, &o, &a);
	apply_ok(&in, &o, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_boxes(&a, "[ 0 0 195.5905 266.4566 ]", "[ 8.504 8.504 187.0866 257.9527 ]");
	buf_finish(&in);
	buf_finish(&a);
	buf_finish(&b);
}

/* Appends to what out already holds, as the header says. */
static void pdfpost__appends_to_out(void **state)
{
	(void)state;
	struct buf in, out;
	make_pdf(&in, &poker);
	buf_init(&out);
	buf_puts(&out, "keep");
	char *err = NULL;
	struct pdfpost_options o = {.boxes = &poker};
	assert_true(pdfpost_apply(in.data, in.len, &o, &out, &err));
	assert_memory_equal(out.data, "keep%PDF-", 9);
	buf_finish(&in);
	buf_finish(&out);
}

/* The toy font API keeps cairo's and fontconfig's caches for the life of
 * the process; release them so LeakSanitizer sees only our leaks. */
/* ---- the streaming pass (pdfpost_apply_file) ---- */

/* Runs pdfpost_apply_file() on in (written to a file first) and reads the
 * result back into out; the error (or NULL) into *err when err is given. */
static bool apply_file(const struct buf *in, const struct pdfpost_options *o, struct buf *out,
                       char **err)
{
	buf_init(out);
	FILE *src = tmpfile();
	assert_non_null(src);
	assert_int_equal(fwrite(in->data, 1, in->len, src), in->len);
	char path[] = "/tmp/test_pdfpost-XXXXXX";
	assert_non_null(mkdtemp(path));
	struct buf target;
	buf_init(&target);
	buf_printf(&target, "%s/out.pdf", path);
	struct diag d;
	diag_init(&d);
	struct atomic_file f;
	assert_true(atomic_open(&f, buf_str(&target), &d));
	char *e = NULL;
	bool ok = pdfpost_apply_file(src, &f, o, &e);
	fclose(src);
	if (ok) {
		assert_true(atomic_commit(&f, &d));
		FILE *fp = fopen(buf_str(&target), "rb");
		assert_non_null(fp);
		char chunk[4096];
		size_t got;
		while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			buf_append(out, chunk, got);
		fclose(fp);
		remove(buf_str(&target));
	} else {
		atomic_abort(&f);
	}
	rmdir(path);
	diag_finish(&d);
	buf_finish(&target);
	if (err)
		*err = e;
	else
		free(e);
	return ok;
}

/* Where text first occurs in b, binary data and all (strstr stops at the
 * first NUL of a compressed stream); NULL when it does not. */
static const char *find(const struct buf *b, const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->data + i, text, n) == 0)
			return b->data + i;
	return NULL;
}

/* How often text occurs in b, binary data and all. */
static size_t count_in(const struct buf *b, const char *text)
{
	size_t n = strlen(text), c = 0;
	for (size_t i = 0; i + n <= b->len; i++)
		c += memcmp(b->data + i, text, n) == 0;
	return c;
}

/* The same boxes, black as K and dates as the qpdf pass, and the same
 * content once decoded. */
static void pdfpost__stream_pass_matches_the_qpdf_pass(void **state)
{
	(void)state;
	struct buf in, via_qpdf, streamed, a, b;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {
	        .boxes = &poker, .black_to_k = true, .date = "2024-05-06T07:08:09Z"};
	apply_ok(&in, &o, &via_qpdf);
	assert_true(apply_file(&in, &o, &streamed, NULL));
	assert_boxes(&streamed, "[ 0 0 195.5905 266.4566 ]", "[ 8.504 8.504 187.0866 257.9527 ]");
	collect_content(&via_qpdf, &a);
	collect_content(&streamed, &b);
	assert_string_equal(buf_str(&a), buf_str(&b));
	assert_true(count(buf_str(&b), "0 g") >= 4);
	assert_non_null(find(&streamed, "/CreationDate (D:20240506070809Z)"));
	assert_non_null(find(&streamed, "/ModDate (D:20240506070809Z)"));
	buf_finish(&in);
	buf_finish(&via_qpdf);
	buf_finish(&streamed);
	buf_finish(&a);
	buf_finish(&b);
}

/* Equal input, equal bytes, and an /ID that follows the content. */
static void pdfpost__stream_pass_is_deterministic(void **state)
{
	(void)state;
	struct buf in, one, two, other;
	make_pdf(&in, &poker);
	struct pdfpost_options o = {.boxes = &poker, .black_to_k = true};
	assert_true(apply_file(&in, &o, &one, NULL));
	assert_true(apply_file(&in, &o, &two, NULL));
	assert_int_equal(one.len, two.len);
	assert_memory_equal(one.data, two.data, one.len);
	const char *id = find(&one, "/ID [ <");
	assert_non_null(id);
	o.black_to_k = false;
	assert_true(apply_file(&in, &o, &other, NULL));
	const char *id2 = find(&other, "/ID [ <");
	assert_non_null(id2);
	assert_memory_not_equal(id, id2, 40);
	qpdf_data q = open_pdf(&other); /* read without a warning */
	qpdf_cleanup(&q);
	buf_finish(&in);
	buf_finish(&one);
	buf_finish(&two);
	buf_finish(&other);
}

/* Whether the dictionary of the first stream whose dictionary holds key
 * has a /Filter. */
static bool stream_has_filter(const struct buf *b, const char *key)
{
	const char *at = find(b, key);
	assert_non_null(at);
	const char *start = at;
	while (start > b->data && memcmp(start, " obj", 4) != 0)
		start--;
	struct buf head;
	buf_init(&head);
	buf_append(&head, b->data + (start - b->data), (size_t)(at - start));
	const char *end = at;
	while (end + 6 < b->data + b->len && memcmp(end, "stream", 6) != 0)
		end++;
	buf_append(&head, at, (size_t)(end - at));
	bool has = strstr(buf_str(&head), "/Filter") != NULL;
	buf_finish(&head);
	return has;
}

/* A page of what cairo writes as streams other than a page's content: a
 * soft mask (a form whose /Length is in its dictionary), a tiling pattern
 * (a cell cairo never compresses) and a mesh shading (the same). */
static void make_patterned_pdf(struct buf *out)
{
	buf_init(out);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, out, 200, 200);
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
	cairo_t *cr = cairo_create(s);
	cairo_pattern_t *fade = cairo_pattern_create_linear(0, 0, 200, 0);
	cairo_pattern_add_color_stop_rgba(fade, 0, 0, 0, 0, 1);
	cairo_pattern_add_color_stop_rgba(fade, 1, 0, 0, 0, 0);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_mask(cr, fade);
	cairo_pattern_destroy(fade);
	/* an image cell: a recording surface as a repeating source leaks
	 * inside cairo 1.16's PDF surface */
	cairo_surface_t *cell = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 5, 5);
	cairo_t *cc = cairo_create(cell);
	cairo_set_source_rgb(cc, 0.2, 0.2, 0.2);
	cairo_rectangle(cc, 0, 0, 5, 5);
	cairo_fill(cc);
	cairo_destroy(cc);
	cairo_pattern_t *tile = cairo_pattern_create_for_surface(cell);
	cairo_pattern_set_extend(tile, CAIRO_EXTEND_REPEAT);
	cairo_set_source(cr, tile);
	cairo_rectangle(cr, 0, 100, 100, 100);
	cairo_fill(cr);
	cairo_pattern_destroy(tile);
	cairo_surface_destroy(cell);
	cairo_pattern_t *mesh = cairo_pattern_create_mesh();
	cairo_mesh_pattern_begin_patch(mesh);
	cairo_mesh_pattern_move_to(mesh, 100, 100);
	cairo_mesh_pattern_line_to(mesh, 200, 100);
	cairo_mesh_pattern_line_to(mesh, 200, 200);
	cairo_mesh_pattern_line_to(mesh, 100, 200);
	for (int c = 0; c < 4; c++)
		cairo_mesh_pattern_set_corner_color_rgb(mesh, (unsigned)c, c * 0.3, 0.5,
		                                        1 - c * 0.3);
	cairo_mesh_pattern_end_patch(mesh);
	cairo_set_source(cr, mesh);
	cairo_rectangle(cr, 100, 100, 100, 100);
	cairo_fill(cr);
	cairo_pattern_destroy(mesh);
	cairo_show_page(cr);
	finish_pdf(cr, s);
}

/* The pass over packed (what cairo compresses) and over plain (the same
 * drawing with CAIRO_DEBUG_PDF) gives the same bytes, K or not; streams
 * cairo never compresses stay as they are. */
static void assert_same_after_pass(const struct buf *packed, const struct buf *plain,
                                   const struct pdf_boxes *boxes, bool patterns)
{
	for (int k = 0; k < 2; k++) {
		struct pdfpost_options o = {.boxes = boxes, .black_to_k = k == 1};
		struct buf a, b;
		assert_true(apply_file(packed, &o, &a, NULL));
		assert_true(apply_file(plain, &o, &b, NULL));
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.data, b.data, a.len);
		if (patterns) {
			assert_false(stream_has_filter(&b, "/PatternType 1"));
			assert_false(stream_has_filter(&b, "/ShadingType"));
		}
		qpdf_data q = open_pdf(&b); /* read without a warning */
		qpdf_cleanup(&q);
		buf_finish(&a);
		buf_finish(&b);
	}
}

/* What cairo writes when asked to leave its streams as they are
 * (sink_pdf_prepare_process()) comes out of the pass compressed, to the
 * very bytes of cairo's own compressed file: content edited or not, a form
 * with its length in its dictionary (a soft mask), ToUnicode CMaps; a
 * tiling pattern's cell and a mesh shading, which cairo never compresses,
 * stay as they are. */
static void pdfpost__stream_pass_compresses_what_cairo_left_plain(void **state)
{
	(void)state;
	struct buf packed, plain;
	make_pdf(&packed, &poker);
	setenv("CAIRO_DEBUG_PDF", "1", 1);
	make_pdf(&plain, &poker);
	unsetenv("CAIRO_DEBUG_PDF");
	/* the content is there to read; only the fonts are compressed, which
	 * cairo does whatever it is asked */
	assert_non_null(find(&plain, " re f"));
	assert_true(count_in(&plain, "/FlateDecode") < count_in(&packed, "/FlateDecode"));
	assert_same_after_pass(&packed, &plain, &poker, false);
	buf_finish(&packed);
	buf_finish(&plain);

	make_patterned_pdf(&packed);
	setenv("CAIRO_DEBUG_PDF", "1", 1);
	make_patterned_pdf(&plain);
	unsetenv("CAIRO_DEBUG_PDF");
	assert_non_null(find(&packed, "/PatternType 1"));
	assert_non_null(find(&packed, "/ShadingType"));
	assert_non_null(find(&packed, "/SMask"));
	static const struct pdf_boxes page = {.trim_w = 200, .trim_h = 200};
	assert_same_after_pass(&packed, &plain, &page, true);
	buf_finish(&packed);
	buf_finish(&plain);
}

static void pdfpost__stream_pass_rejects_a_page_of_another_size(void **state)
{
	(void)state;
	struct buf in, out;
	make_pdf(&in, &poker);
	struct pdf_boxes other = poker;
	other.trim_w += 1;
	struct pdfpost_options o = {.boxes = &other};
	char *err = NULL;
	assert_false(apply_file(&in, &o, &out, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "but trim + 2 x margin is"));
	free(err);
	buf_finish(&in);
	buf_finish(&out);
}

static void pdfpost__stream_pass_refuses_what_cairo_did_not_write(void **state)
{
	(void)state;
	struct buf in, out;
	buf_init(&in);
	buf_puts(&in, "%PDF-1.5\nnot a PDF at all\n");
	struct pdfpost_options o = {0};
	char *err = NULL;
	assert_false(apply_file(&in, &o, &out, &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "startxref"));
	free(err);
	buf_finish(&in);
	buf_finish(&out);
}

static int teardown(void **state)
{
	(void)state;
	cairo_debug_reset_static_data();
	FcFini();
	return 0;
}

static bool number(const char *t, double *v)
{
	return pdfpost_number((const unsigned char *)t, 0, strlen(t), v);
}

/* what PDF calls a number, and nothing of what strtod() takes besides */
static void pdfpost__numbers_are_pdf_numbers_only(void **state)
{
	(void)state;
	double v = 0;
	assert_true(number("-.5", &v));
	assert_true(v == -0.5);
	assert_true(number("+12", &v));
	assert_true(v == 12);
	assert_true(number("3.", &v));
	assert_true(v == 3);
	const char *bad[] = {"nan", "-nan", "inf", "-inf", "0x10", "1e3", ".", "-", "1.2.3", "rg"};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		assert_false(number(bad[k], &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(pdfpost__numbers_are_pdf_numbers_only),
	        cmocka_unit_test(pdfpost__sets_exact_boxes_on_every_page),
	        cmocka_unit_test(pdfpost__boxes_with_crop_mark_margin_nest),
	        cmocka_unit_test(pdfpost__zero_bleed_makes_bleed_box_equal_trim_box),
	        cmocka_unit_test(pdfpost__writes_pdf_dates_and_id),
	        cmocka_unit_test(pdfpost__keeps_dates_without_date),
	        cmocka_unit_test(pdfpost__two_runs_give_identical_bytes),
	        cmocka_unit_test(pdfpost__keeps_pdf_version),
	        cmocka_unit_test(pdfpost__black_to_k_rewrites_operators_only),
	        cmocka_unit_test(pdfpost__black_to_k_rewrites_neutral_greys_only),
	        cmocka_unit_test(pdfpost__near_neutral_text_and_thin_lines_become_grey),
	        cmocka_unit_test(pdfpost__shared_colour_gets_grey_for_text_only),
	        cmocka_unit_test(pdfpost__kept_colour_stays_rgb),
	        cmocka_unit_test(pdfpost__fixes_ligature_text_in_to_unicode),
	        cmocka_unit_test(pdfpost__without_black_to_k_content_is_unchanged),
	        cmocka_unit_test(pdfpost__rejects_a_page_of_another_size),
	        cmocka_unit_test(pdfpost__rejects_bleed_beyond_margin),
	        cmocka_unit_test(pdfpost__rejects_a_date_that_is_not_utc),
	        cmocka_unit_test(pdfpost__reports_qpdf_error_for_garbage),
	        cmocka_unit_test(pdfpost__repaired_input_is_still_deterministic),
	        cmocka_unit_test(pdfpost__appends_to_out),
	        cmocka_unit_test(pdfpost__stream_pass_matches_the_qpdf_pass),
	        cmocka_unit_test(pdfpost__stream_pass_is_deterministic),
	        cmocka_unit_test(pdfpost__stream_pass_compresses_what_cairo_left_plain),
	        cmocka_unit_test(pdfpost__stream_pass_rejects_a_page_of_another_size),
	        cmocka_unit_test(pdfpost__stream_pass_refuses_what_cairo_did_not_write),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
