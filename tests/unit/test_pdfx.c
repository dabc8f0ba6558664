#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cairo-pdf.h>
#include <dirent.h>
#include <math.h>
#include <fontconfig/fontconfig.h>
#include <qpdf/qpdf-c.h>
#include <sys/resource.h>
#include <unistd.h>

#include "output/atomic.h"
#include "output/pdfpost.h"
#include "output/pdfx.h"
#include "render/paint.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM (72.0 / 25.4)
#define GS_ICC "/usr/share/color/icc/ghostscript/"
#define EPOCH 1704067200LL /* 2024-01-01T00:00:00Z */

/* TMPDIR for the whole run: a fresh folder, which must be empty again after
 * every conversion, failed or not. */
static char tmpdir[] = "/tmp/test_pdfx-XXXXXX";

static const struct pdf_boxes poker = {63 * MM, 88 * MM, 3 * MM, 3 * MM};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Output files of the streaming tests go here, not into tmpdir, which
 * must stay empty. */
static char outdir[] = "/tmp/test_pdfx_out-XXXXXX";

/* The post-pass the tests' PDFs take: qpdf's (pdfpost_apply()), or the
 * streaming pass of the pipeline (pdfpost_apply_file()), which
 * pdfx_stream() reads. */
static bool stream_post;

static bool post(const struct buf *raw, const struct pdfpost_options *o, struct buf *out,
                 char **err)
{
	if (!stream_post)
		return pdfpost_apply(raw->data, raw->len, o, out, err);
	FILE *in = tmpfile();
	assert_non_null(in);
	assert_int_equal(fwrite(raw->data, 1, raw->len, in), raw->len);
	assert_int_equal(fflush(in), 0);
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/post.pdf", outdir);
	struct diag d;
	diag_init(&d);
	struct atomic_file f;
	assert_true(atomic_open(&f, buf_str(&path), &d));
	bool ok = pdfpost_apply_file(in, &f, o, err);
	FILE *back = ok ? atomic_reopen_read(&f) : NULL;
	char chunk[65536];
	size_t got;
	while (back && (got = fread(chunk, 1, sizeof(chunk), back)) > 0)
		buf_append(out, chunk, got);
	if (back)
		fclose(back);
	atomic_abort(&f);
	fclose(in);
	diag_finish(&d);
	buf_finish(&path);
	return ok;
}

/* Cards as the pipeline makes them: opaque cairo drawing, then the qpdf
 * post-pass. Page 1 is pale with black text and a black bar; page 2 the
 * same, or a dark blue that needs a lot of ink when dark is set. */
static void make_pdf(struct buf *out, const struct pdf_boxes *b, bool dark, bool black_to_k)
{
	struct buf raw;
	buf_init(&raw);
	double w = b->trim_w + 2 * b->margin, h = b->trim_h + 2 * b->margin;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, &raw, w, h);
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Cairo title");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
	cairo_t *cr = cairo_create(s);
	for (int page = 0; page < 2; page++) {
		if (page == 1 && dark)
			cairo_set_source_rgb(cr, 0.05, 0.05, 0.3);
		else
			cairo_set_source_rgb(cr, 1, 0.95, 0.8);
		cairo_paint(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_rectangle(cr, 20, 80, w - 40, 10);
		cairo_fill(cr);
		cairo_select_font_face(cr, "sans", CAIRO_FONT_SLANT_NORMAL,
		                       CAIRO_FONT_WEIGHT_NORMAL);
		cairo_set_font_size(cr, 14);
		cairo_move_to(cr, 20, h / 2);
		cairo_show_text(cr, "Black text");
		cairo_show_page(cr);
	}
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	struct pdfpost_options o = {
	        .boxes = b, .date = "2024-01-01T00:00:00Z", .black_to_k = black_to_k};
	buf_init(out);
	char *err = NULL;
	if (!post(&raw, &o, out, &err))
		fail_msg("pdfpost_apply: %s", err);
	buf_finish(&raw);
}

static void make_card(struct buf *out, bool dark, bool black_to_k)
{
	make_pdf(out, &poker, dark, black_to_k);
}

static void assert_tmpdir_empty(void)
{
	DIR *d = opendir(tmpdir);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			print_error("left behind: %s/%s\n", tmpdir, e->d_name);
			n++;
		}
	closedir(d);
	assert_int_equal(n, 0);
}

static void convert_ok(const struct buf *in, const struct pdfx_options *o, struct buf *out,
                       double *tac)
{
	buf_init(out);
	char *err = NULL;
	if (!pdfx_convert(in->data, in->len, o, out, tac, NULL, &err))
		fail_msg("pdfx_convert: %s", err);
	assert_null(err);
	assert_memory_equal(out->data, "%PDF-1.3", 8);
	assert_tmpdir_empty();
}

/* Returns the message (caller frees) and checks nothing was appended or
 * left behind. */
static char *convert_fails(const struct buf *in, const struct pdfx_options *o, double *tac)
{
	struct buf out;
	buf_init(&out);
	buf_puts(&out, "kept");
	char *err = NULL;
	assert_false(pdfx_convert(in->data, in->len, o, &out, tac, NULL, &err));
	assert_non_null(err);
	assert_string_equal(buf_str(&out), "kept");
	buf_finish(&out);
	assert_tmpdir_empty();
	print_message("message: %s\n", err);
	return err;
}

static qpdf_data open_pdf(const struct buf *b)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	assert_false(qpdf_read_memory(q, "result", b->data, b->len, NULL) & QPDF_ERRORS);
	return q;
}

/* The whole file with every stream decoded, as `qpdf --qdf
 * --object-streams=disable` writes it, for the greps of tests/render. */
static void qdf_text(const struct buf *pdf, struct buf *out)
{
	qpdf_data q = open_pdf(pdf);
	assert_false(qpdf_init_write_memory(q) & QPDF_ERRORS);
	qpdf_set_qdf_mode(q, QPDF_TRUE);
	qpdf_set_object_stream_mode(q, qpdf_o_disable);
	assert_false(qpdf_write(q) & QPDF_ERRORS);
	buf_init(out);
	buf_append(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
	qpdf_cleanup(&q);
}

/* The decoded content streams of every page and the forms they use: where
 * colour operators live. */
static void page_content(const struct buf *pdf, struct buf *out)
{
	buf_init(out);
	qpdf_data q = open_pdf(pdf);
	for (int i = 0; i < qpdf_get_num_pages(q); i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		unsigned char *data = NULL;
		size_t len = 0;
		assert_false(qpdf_oh_get_page_content_data(q, page, &data, &len) & QPDF_ERRORS);
		buf_append(out, (const char *)data, len);
		buf_putc(out, '\n');
		free(data);
		qpdf_oh xo = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/XObject");
		if (!qpdf_oh_is_dictionary(q, xo))
			continue;
		qpdf_oh_begin_dict_key_iter(q, xo);
		while (qpdf_oh_dict_more_keys(q)) {
			qpdf_oh f = qpdf_oh_get_key(q, xo, qpdf_oh_dict_next_key(q));
			if (qpdf_oh_get_stream_data(q, f, qpdf_dl_generalized, NULL, &data, &len) &
			    QPDF_ERRORS)
				fail_msg("cannot decode a form");
			buf_append(out, (const char *)data, len);
			buf_putc(out, '\n');
			free(data);
		}
	}
	qpdf_cleanup(&q);
}

/* How many whitespace-separated tokens of the content equal op. */
static int count_operator(const struct buf *content, const char *op)
{
	int n = 0;
	size_t len = strlen(op);
	const char *s = buf_str(content);
	for (size_t i = 0; i + len <= content->len; i++) {
		bool before = i == 0 || strchr(" \n\r\t", s[i - 1]);
		bool after = i + len == content->len || strchr(" \n\r\t", s[i + len]);
		if (before && after && memcmp(s + i, op, len) == 0)
			n++;
	}
	return n;
}

static bool contains(const struct buf *b, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->data + i, needle, n) == 0)
			return true;
	return false;
}

/* The CMYK colours content sets ("c m y k k", "K"), one a line, in order. */
static void colours_of(const struct buf *content, struct buf *out)
{
	buf_init(out);
	size_t pos = 0, a, b;
	bool regular;
	double num[4] = {0};
	int nnum = 0;
	const unsigned char *s = (const unsigned char *)content->data;
	while (pdfpost_next_token(s, content->len, &pos, &a, &b, &regular)) {
		char tok[32], *end;
		size_t len = b - a < sizeof(tok) - 1 ? b - a : sizeof(tok) - 1;
		memcpy(tok, s + a, len);
		tok[len] = '\0';
		double v = regular ? strtod(tok, &end) : 0;
		if (regular && end != tok && *end == '\0') {
			memmove(num, num + 1, sizeof(double) * 3);
			num[3] = v;
			nnum++;
			continue;
		}
		if (nnum >= 4 && (!strcmp(tok, "k") || !strcmp(tok, "K")))
			buf_printf(out, "%.3f %.3f %.3f %.3f\n", num[0], num[1], num[2], num[3]);
		nnum = 0;
	}
}

static qpdf_oh output_intent(qpdf_data q)
{
	qpdf_oh list = qpdf_oh_get_key(q, qpdf_get_root(q), "/OutputIntents");
	assert_true(qpdf_oh_is_array(q, list));
	assert_int_equal(qpdf_oh_get_array_n_items(q, list), 1);
	qpdf_oh oi = qpdf_oh_get_array_item(q, list, 0);
	assert_true(qpdf_oh_is_dictionary(q, oi));
	return oi;
}

static void pdfx__names_the_condition_in_an_output_intent(void **state)
{
	(void)state;
	struct buf in, out;
	make_card(&in, false, true);
	struct pdfx_options o = {
	        .condition_id = "FOGRA39",
	        .condition = "Offset printing, according to ISO 12647-2:2004/Amd 1",
	        .title = "Kapitalkort – Sørensen",
	        .epoch = EPOCH,
	};
	convert_ok(&in, &o, &out, NULL);
	qpdf_data q = open_pdf(&out);
	qpdf_oh oi = output_intent(q);
	assert_true(qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, oi, "/S"), "/GTS_PDFX"));
	assert_string_equal(
	        qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, oi, "/OutputConditionIdentifier")),
	        "FOGRA39");
	assert_string_equal(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, oi, "/OutputCondition")),
	                    "Offset printing, according to ISO 12647-2:2004/Amd 1");
	qpdf_oh prof = qpdf_oh_get_key(q, oi, "/DestOutputProfile");
	assert_true(qpdf_oh_is_stream(q, prof));
	assert_int_equal(
	        qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, prof), "/N")), 4);
	qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
	assert_string_equal(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/GTS_PDFXVersion")),
	                    "PDF/X-3:2002");
	assert_true(qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, info, "/Trapped"), "/False"));
	print_message("title: %s\n", qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/Title")));
	assert_string_equal(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/Title")),
	                    "Kapitalkort – Sørensen");
	/* SOURCE_DATE_EPOCH reached gs */
	assert_memory_equal(qpdf_get_info_key(q, "/CreationDate"), "D:20240101000000", 16);
	qpdf_oh id = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/ID");
	assert_true(qpdf_oh_is_array(q, id));
	assert_int_equal(qpdf_get_num_pages(q), 2);
	assert_false(qpdf_has_error(q));
	qpdf_cleanup(&q);
	buf_finish(&in);
	buf_finish(&out);
}

static void pdfx__leaves_no_rgb(void **state)
{
	(void)state;
	struct buf in, out, text, content;
	make_card(&in, true, false);
	struct pdfx_options o = {.epoch = EPOCH};
	convert_ok(&in, &o, &out, NULL);
	/* the input has plenty of it */
	qdf_text(&in, &text);
	assert_true(contains(&text, "/DeviceRGB"));
	buf_finish(&text);
	page_content(&in, &content);
	assert_true(count_operator(&content, "rg") >= 4);
	buf_finish(&content);

	/* as the conversion's own check finds: RGB before, none after */
	int object, page;
	assert_true(pdfx_find_rgb(in.data, in.len, &object, &page));
	assert_true(object > 0);
	assert_int_equal(page, 1);
	assert_true(pdfx_find_rgb(out.data, out.len, &object, &page));
	assert_int_equal(object, 0);
	assert_int_equal(page, 0);
	assert_false(pdfx_find_rgb("not a PDF", 9, &object, &page));

	qdf_text(&out, &text);
	assert_false(contains(&text, "/DeviceRGB"));
	page_content(&out, &content);
	assert_int_equal(count_operator(&content, "rg"), 0);
	assert_int_equal(count_operator(&content, "RG"), 0);
	assert_int_equal(count_operator(&content, "sc"), 0);
	assert_int_equal(count_operator(&content, "scn"), 0);
	assert_true(count_operator(&content, "k") >= 4);
	/* no OutputCondition given: the profile's own description */
	assert_true(contains(&text, "/OutputCondition (Artifex CMYK SWOP Profile)"));
	assert_true(contains(&text, "/OutputConditionIdentifier (Custom)"));
	buf_finish(&in);
	buf_finish(&out);
	buf_finish(&text);
	buf_finish(&content);
}

static void pdfx__black_to_k_stays_gray(void **state)
{
	(void)state;
	struct buf in, out, content;
	make_card(&in, false, true);
	struct pdfx_options o = {.epoch = EPOCH};
	convert_ok(&in, &o, &out, NULL);
	page_content(&out, &content);
	/* the bar and the text on both pages: gray, which gs maps to K */
	assert_true(count_operator(&content, "g") >= 2);
	assert_int_equal(count_operator(&content, "rg"), 0);
	buf_finish(&in);
	buf_finish(&out);
	buf_finish(&content);
}

/* Without bleed the TrimBox touches the MediaBox, which gs rounds to 2
 * decimals: 31 mm = 87.874016 pt becomes 87.87, the TrimBox 87.874 no
 * longer fits, and gs silently writes plain PDF with exit status 0. */
static void pdfx__fails_when_gs_falls_back_to_plain_pdf(void **state)
{
	(void)state;
	struct pdf_boxes b = {31 * MM, 31 * MM, 0, 0};
	struct buf in;
	make_pdf(&in, &b, false, true);
	struct pdfx_options o = {.epoch = EPOCH};
	setenv("DECKPRESS_PDFX_GS", "1", 1); /* the fast path keeps the boxes */
	char *err = convert_fails(&in, &o, NULL);
	unsetenv("DECKPRESS_PDFX_GS");
	const char *want = "Ghostscript did not make PDF/X: ";
	assert_memory_equal(err, want, strlen(want));
	assert_non_null(strstr(err, "TrimBox does not fit inside BleedBox"));
	free(err);
	buf_finish(&in);
}

/* gs rounds the boxes it copies (MediaBox to 2 decimals, the others to 6
 * digits); they must still nest. */
static void pdfx__keeps_page_boxes_nested(void **state)
{
	(void)state;
	struct buf in, out;
	make_card(&in, false, true);
	struct pdfx_options o = {.epoch = EPOCH};
	convert_ok(&in, &o, &out, NULL);
	qpdf_data q = open_pdf(&out);
	for (int i = 0; i < qpdf_get_num_pages(q); i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		double r[3][4];
		const char *keys[3] = {"/MediaBox", "/BleedBox", "/TrimBox"};
		for (int b = 0; b < 3; b++) {
			qpdf_oh a = qpdf_oh_get_key(q, page, keys[b]);
			assert_true(qpdf_oh_is_array(q, a));
			for (int c = 0; c < 4; c++)
				r[b][c] = qpdf_oh_get_numeric_value(
				        q, qpdf_oh_get_array_item(q, a, c));
			print_message("page %d %s %s\n", i + 1, keys[b], qpdf_oh_unparse(q, a));
		}
		for (int b = 1; b < 3; b++) {
			assert_true(r[b][0] >= r[b - 1][0] && r[b][1] >= r[b - 1][1]);
			assert_true(r[b][2] <= r[b - 1][2] && r[b][3] <= r[b - 1][3]);
		}
		/* the trim is still the card, to 1/1000 pt */
		assert_true(fabs(r[2][2] - r[2][0] - poker.trim_w) < 0.001);
		assert_true(fabs(r[2][3] - r[2][1] - poker.trim_h) < 0.001);
	}
	qpdf_cleanup(&q);
	buf_finish(&in);
	buf_finish(&out);
}

/* Proves pitfall 3's workaround: the shop's profile changes the numbers,
 * and the OutputIntent embeds that very profile. */
static void pdfx__shop_profile_is_really_used(void **state)
{
	(void)state;
	struct buf in, a, b, ta, tb, ka, kb;
	make_card(&in, true, true);
	struct pdfx_options o = {.condition_id = "FOGRA39", .epoch = EPOCH};
	convert_ok(&in, &o, &a, NULL);
	o.icc_path = GS_ICC "ps_cmyk.icc";
	convert_ok(&in, &o, &b, NULL);
	page_content(&a, &ta);
	page_content(&b, &tb);
	colours_of(&ta, &ka);
	colours_of(&tb, &kb);
	print_message("default_cmyk.icc:\n%sps_cmyk.icc:\n%s", buf_str(&ka), buf_str(&kb));
	assert_true(ka.len > 0 && kb.len > 0);
	assert_string_not_equal(buf_str(&ka), buf_str(&kb));

	qpdf_data q = open_pdf(&b);
	qpdf_oh oi = output_intent(q);
	assert_string_equal(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, oi, "/OutputCondition")),
	                    "Artifex PS CMYK Profile");
	unsigned char *data = NULL;
	size_t len = 0;
	assert_false(qpdf_oh_get_stream_data(q, qpdf_oh_get_key(q, oi, "/DestOutputProfile"),
	                                     qpdf_dl_generalized, NULL, &data, &len) &
	             QPDF_ERRORS);
	FILE *fp = fopen(GS_ICC "ps_cmyk.icc", "rb");
	assert_non_null(fp);
	unsigned char *want = malloc(len + 1);
	assert_int_equal(fread(want, 1, len + 1, fp), len);
	fclose(fp);
	assert_memory_equal(data, want, len);
	free(want);
	free(data);
	qpdf_cleanup(&q);
	buf_finish(&in);
	buf_finish(&a);
	buf_finish(&b);
	buf_finish(&ta);
	buf_finish(&tb);
	buf_finish(&ka);
	buf_finish(&kb);
}

static void pdfx__two_runs_give_identical_bytes(void **state)
{
	(void)state;
	struct buf in, a, b;
	make_card(&in, true, true);
	struct pdfx_options o = {.condition_id = "FOGRA39", .title = "Deck", .epoch = EPOCH};
	convert_ok(&in, &o, &a, NULL);
	convert_ok(&in, &o, &b, NULL);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_finish(&in);
	buf_finish(&a);
	buf_finish(&b);
}

static void pdfx__reads_icc_descriptions(void **state)
{
	(void)state;
	char *d = pdfx_icc_description(GS_ICC "default_cmyk.icc");
	print_message("default_cmyk.icc: %s\n", d ? d : "(null)");
	assert_non_null(d);
	assert_string_equal(d, "Artifex CMYK SWOP Profile"); /* v2 'desc' */
	free(d);
	d = pdfx_icc_description(GS_ICC "ps_cmyk.icc");
	assert_non_null(d);
	assert_string_equal(d, "Artifex PS CMYK Profile"); /* v4 'mluc' */
	free(d);
	assert_null(pdfx_icc_description("CMakeLists.txt"));
	assert_null(pdfx_icc_description("does/not/exist.icc"));
}

static void write_bytes(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Truncated and lying profiles give NULL, not a read past the end (ASan
 * watches). */
static void pdfx__icc_description_checks_bounds(void **state)
{
	(void)state;
	FILE *fp = fopen(GS_ICC "default_cmyk.icc", "rb");
	assert_non_null(fp);
	unsigned char head[400];
	assert_int_equal(fread(head, 1, sizeof(head), fp), sizeof(head));
	fclose(fp);
	char dir[] = "/tmp/test_pdfx_icc-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/p.icc", dir);

	/* the 'desc' tag lies at 240..356: cut inside it */
	write_bytes(path, head, 250);
	assert_null(pdfx_icc_description(path));
	/* header only */
	write_bytes(path, head, 132);
	assert_null(pdfx_icc_description(path));
	/* a tag count far beyond the file */
	unsigned char bad[400];
	memcpy(bad, head, sizeof(bad));
	bad[128] = 0x7f;
	write_bytes(path, bad, sizeof(bad));
	char *d = pdfx_icc_description(path);
	assert_non_null(d); /* the first entry is still 'desc' and in bounds */
	free(d);
	/* a string count beyond the tag */
	memcpy(bad, head, sizeof(bad));
	bad[240 + 8] = 0xff;
	write_bytes(path, bad, sizeof(bad));
	d = pdfx_icc_description(path);
	assert_non_null(d);
	assert_string_equal(d, "Artifex CMYK SWOP Profile");
	free(d);
	/* no 'acsp' signature */
	memcpy(bad, head, sizeof(bad));
	bad[36] = 'x';
	write_bytes(path, bad, sizeof(bad));
	assert_null(pdfx_icc_description(path));
	unlink(path);
	rmdir(dir);
}

static void pdfx__measures_total_ink(void **state)
{
	(void)state;
	struct buf in, out;
	double light = -1, dark = -1, rich = -1;
	struct pdfx_options o = {.epoch = EPOCH};
	make_card(&in, false, true);
	convert_ok(&in, &o, &out, &light);
	buf_finish(&in);
	buf_finish(&out);
	make_card(&in, true, true);
	convert_ok(&in, &o, &out, &dark);
	buf_finish(&in);
	buf_finish(&out);
	make_card(&in, false, false);
	convert_ok(&in, &o, &out, &rich);
	buf_finish(&in);
	buf_finish(&out);
	print_message("max TAC: light %.0f%%, dark blue %.0f%%, rich black text %.0f%%\n",
	              light * 100, dark * 100, rich * 100);
	/* black as K only is 100 % and the pale colours are below it */
	assert_true(light > 0.99 && light < 1.01);
	assert_true(dark > 2.0);
	/* without the rewrite, RGB black becomes 4-colour black */
	assert_true(rich > 2.5);
}

static void pdfx__ink_limit_names_the_page(void **state)
{
	(void)state;
	struct buf in, out;
	make_card(&in, true, true);
	double tac = -1;
	struct pdfx_options o = {.epoch = EPOCH};
	convert_ok(&in, &o, &out, &tac);
	buf_finish(&out);
	/* page 1 is at 100 %: exactly the limit passes */
	o.ink_limit = tac;
	convert_ok(&in, &o, &out, NULL);
	buf_finish(&out);
	o.ink_limit = 1.0;
	char want[128];
	snprintf(want, sizeof(want), "page 2 needs %.0f%% ink, more than the limit of 100%%",
	         tac * 100);
	double seen = -1;
	char *err = convert_fails(&in, &o, &seen);
	assert_string_equal(err, want);
	free(err);
	/* without max_tac the limit is still checked */
	err = convert_fails(&in, &o, NULL);
	assert_string_equal(err, want);
	free(err);
	buf_finish(&in);
}

static void pdfx__garbage_fails_with_ghostscripts_message(void **state)
{
	(void)state;
	struct buf in;
	buf_init(&in);
	buf_puts(&in, "this is not a PDF\n");
	struct pdfx_options o = {.epoch = EPOCH};
	char *err = convert_fails(&in, &o, NULL);
	/* gs reads it as PostScript; its own words, without the stack dump */
	const char *want = "Ghostscript failed (exit status 1): Error: /undefined in this; ";
	assert_memory_equal(err, want, strlen(want));
	assert_non_null(strstr(err, "Unrecoverable error"));
	assert_null(strstr(err, "Operand stack"));
	free(err);
	buf_finish(&in);
}

/* gs exits 0 on a broken PDF and writes a page of junk (pitfall 9). */
static void pdfx__truncated_pdf_fails_although_gs_exits_0(void **state)
{
	(void)state;
	struct buf card, in;
	make_card(&card, false, true);
	buf_init(&in);
	buf_append(&in, card.data, card.len / 2);
	struct pdfx_options o = {.epoch = EPOCH};
	char *err = convert_fails(&in, &o, NULL);
	assert_non_null(strstr(err, "Ghostscript found errors in the PDF: "));
	assert_non_null(strstr(err, "**** Error"));
	free(err);
	buf_finish(&card);
	buf_finish(&in);
}

static void pdfx__rejects_unusable_profiles(void **state)
{
	(void)state;
	struct buf in;
	make_card(&in, false, true);
	struct pdfx_options o = {.icc_path = "no/such/shop.icc", .epoch = EPOCH};
	char *err = convert_fails(&in, &o, NULL);
	assert_string_equal(
	        err, "cannot read ICC profile 'no/such/shop.icc': No such file or directory");
	free(err);
	o.icc_path = GS_ICC "srgb.icc";
	err = convert_fails(&in, &o, NULL);
	assert_string_equal(err, "'" GS_ICC "srgb.icc' is not a CMYK ICC profile");
	free(err);
	o.icc_path = "CMakeLists.txt";
	err = convert_fails(&in, &o, NULL);
	assert_string_equal(err, "'CMakeLists.txt' is not a CMYK ICC profile");
	free(err);
	buf_finish(&in);
}

static void pdfx__reports_missing_ghostscript(void **state)
{
	(void)state;
	struct buf in;
	make_card(&in, false, true);
	char *path = strdup(getenv("PATH"));
	setenv("PATH", tmpdir, 1);
	setenv("DECKPRESS_PDFX_GS", "1", 1); /* the fast path needs no gs */
	struct pdfx_options o = {.epoch = EPOCH};
	char *err = convert_fails(&in, &o, NULL);
	unsetenv("DECKPRESS_PDFX_GS");
	setenv("PATH", path, 1);
	free(path);
	assert_string_equal(err,
	                    "Ghostscript ('gs') is not installed (Debian package 'ghostscript')");
	free(err);
	buf_finish(&in);
}

/* Colours a deck uses: black, near-neutrals (which the K-only rule makes
 * grey only as text and thin lines), brand colours, white. */
static const double swatches[][3] = {
        {0, 0, 0},          {0.05, 0.05, 0.06},    {0.121569, 0.137255, 0.156863},
        {0.5, 0.5, 0.52},   {0.9, 0.9, 0.91},      {1, 1, 1},
        {1, 0, 0},          {0, 0.6, 0.3},         {0.184314, 0.490196, 0.309804},
        {0.72, 0.23, 0.29}, {0.945, 0.788, 0.647}, {0.168627, 0.423529, 0.658824},
};

/* A card with a swatch of each colour, near-neutral text, and a die line. */
static void make_swatches(struct buf *out)
{
	struct buf raw;
	buf_init(&raw);
	double w = poker.trim_w + 2 * poker.margin, h = poker.trim_h + 2 * poker.margin;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, &raw, w, h);
	cairo_t *cr = cairo_create(s);
	size_t n = sizeof(swatches) / sizeof(swatches[0]);
	for (size_t i = 0; i < n; i++) {
		cairo_set_source_rgb(cr, swatches[i][0], swatches[i][1], swatches[i][2]);
		cairo_rectangle(cr, 10 + (double)(i % 4) * 40, 10 + (double)(i / 4) * 40, 35, 35);
		cairo_fill(cr);
	}
	cairo_set_source_rgb(cr, 0.121569, 0.137255, 0.156863);
	cairo_move_to(cr, 20, h - 40);
	cairo_set_font_size(cr, 12);
	cairo_show_text(cr, "Grey text");
	cairo_set_source_rgb(cr, PAINT_CUT_CONTOUR_R, PAINT_CUT_CONTOUR_G, PAINT_CUT_CONTOUR_B);
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, poker.margin, poker.margin, poker.trim_w, poker.trim_h);
	cairo_stroke(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	struct pdfpost_options o = {
	        .boxes = &poker, .date = "2024-01-01T00:00:00Z", .black_to_k = true};
	buf_init(out);
	char *err = NULL;
	if (!post(&raw, &o, out, &err))
		fail_msg("pdfpost_apply: %s", err);
	buf_finish(&raw);
}

static bool made_by_gs(const struct buf *pdf)
{
	return contains(pdf, "Ghostscript");
}

/* The largest difference of any channel between a colour of the list a
 * (colours_of()) and the nearest colour of the list b. */
static double farthest(const struct buf *a, const struct buf *b)
{
	double worst = 0;
	for (const char *p = buf_str(a); *p;) {
		double x[4];
		int used = 0;
		assert_int_equal(sscanf(p, "%lf %lf %lf %lf\n%n", x, x + 1, x + 2, x + 3, &used),
		                 4);
		p += used;
		double best = INFINITY;
		for (const char *q = buf_str(b); *q;) {
			double y[4];
			int got = 0;
			assert_int_equal(
			        sscanf(q, "%lf %lf %lf %lf\n%n", y, y + 1, y + 2, y + 3, &got), 4);
			q += got;
			double d = 0;
			for (int i = 0; i < 4; i++)
				d = fmax(d, fabs(x[i] - y[i]));
			best = fmin(best, d);
		}
		worst = fmax(worst, best);
	}
	return worst;
}

/* Ghostscript is the oracle of the fast path: the same page converted both
 * ways paints the same CMYK colours, to 1 % a channel (measured: 1/255 at
 * most), the same greys and the same die line. */
static void pdfx__fast_path_matches_ghostscript(void **state)
{
	(void)state;
	struct buf in, fast, gs, cf, cg, kf, kg;
	make_swatches(&in);
	struct pdfx_options o = {.condition_id = "FOGRA39", .epoch = EPOCH};
	convert_ok(&in, &o, &fast, NULL);
	setenv("DECKPRESS_PDFX_GS", "1", 1);
	convert_ok(&in, &o, &gs, NULL);
	unsetenv("DECKPRESS_PDFX_GS");
	assert_false(made_by_gs(&fast));
	assert_true(made_by_gs(&gs));
	page_content(&fast, &cf);
	page_content(&gs, &cg);
	colours_of(&cf, &kf);
	colours_of(&cg, &kg);
	print_message("fast path:\n%sGhostscript:\n%s", buf_str(&kf), buf_str(&kg));
	assert_true(kf.len > 0);
	double d = fmax(farthest(&kf, &kg), farthest(&kg, &kf));
	print_message("largest difference: %.4f\n", d);
	assert_true(d <= 0.01);
	assert_int_equal(count_operator(&cf, "g") > 0, count_operator(&cg, "g") > 0);
	assert_true(count_operator(&cf, "CS") > 0 && count_operator(&cg, "CS") > 0); /* die line */
	int object = 0, page = 0;
	assert_true(pdfx_find_rgb(fast.data, fast.len, &object, &page));
	assert_int_equal(object, 0);
	assert_int_equal(page, 0);
	buf_finish(&in);
	buf_finish(&fast);
	buf_finish(&gs);
	buf_finish(&cf);
	buf_finish(&cg);
	buf_finish(&kf);
	buf_finish(&kg);
}

/* A card with a small blue image, through the post-pass post() takes. */
static void make_image_card(struct buf *in)
{
	struct buf raw;
	buf_init(&raw);
	double w = poker.trim_w + 2 * poker.margin, h = poker.trim_h + 2 * poker.margin;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, &raw, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4, 4);
	cairo_t *ic = cairo_create(img);
	cairo_set_source_rgb(ic, 0.2, 0.5, 0.8);
	cairo_paint(ic);
	cairo_destroy(ic);
	cairo_set_source_surface(cr, img, 20, 20);
	cairo_paint(cr);
	cairo_surface_destroy(img);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
	struct pdfpost_options po = {.boxes = &poker, .date = "2024-01-01T00:00:00Z"};
	buf_init(in);
	char *err = NULL;
	if (!post(&raw, &po, in, &err))
		fail_msg("post-pass: %s", err);
	buf_finish(&raw);
}

/* What the fast path cannot convert exactly, such as an image, goes to
 * Ghostscript as before. */
static void pdfx__image_takes_ghostscripts_path(void **state)
{
	(void)state;
	struct buf in, out;
	make_image_card(&in);
	struct pdfx_options o = {.epoch = EPOCH};
	convert_ok(&in, &o, &out, NULL);
	assert_true(made_by_gs(&out));
	buf_finish(&in);
	buf_finish(&out);
}

/* A file qpdf can read only by repairing it goes to Ghostscript, whose
 * verdict it was before the fast path. */
static void pdfx__repaired_pdf_takes_ghostscripts_path(void **state)
{
	(void)state;
	struct buf in, out;
	make_card(&in, false, true);
	char *at = NULL;
	for (size_t i = 0; i + 10 <= in.len; i++)
		if (memcmp(in.data + i, "startxref\n", 10) == 0)
			at = in.data + i + 10;
	assert_non_null(at);
	for (; *at >= '0' && *at <= '9'; at++)
		*at = '1'; /* points into the middle of the file */
	struct pdfx_options o = {.epoch = EPOCH};
	buf_init(&out);
	char *err = NULL;
	if (pdfx_convert(in.data, in.len, &o, &out, NULL, NULL, &err))
		assert_true(made_by_gs(&out));
	else
		assert_memory_equal(err, "Ghostscript", 11);
	print_message("%s\n", err ? err : "made by Ghostscript");
	free(err);
	assert_tmpdir_empty();
	buf_finish(&in);
	buf_finish(&out);
}

/* ---- the fast path as a stream (pdfx_stream()) ---- */

static void write_all_to(FILE *f, const struct buf *b)
{
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	assert_int_equal(fflush(f), 0);
	rewind(f);
}

/* Reads what f holds so far into out and gives f up. */
static void take_file(struct atomic_file *f, struct buf *out)
{
	FILE *in = atomic_reopen_read(f);
	assert_non_null(in);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
		buf_append(out, chunk, got);
	fclose(in);
	atomic_abort(f);
}

/* pdfx_stream() of the PDF in: true when made (into out); *refused and
 * *err (caller frees) as it sets them. */
static bool stream(const struct buf *in, const struct pdfx_options *o, struct buf *out,
                   bool *refused, bool *over, char **err)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	write_all_to(f, in);
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/out.pdfx.pdf", outdir);
	struct diag d;
	diag_init(&d);
	struct atomic_file x;
	assert_true(atomic_open(&x, buf_str(&path), &d));
	bool ok = pdfx_stream(f, &x, o, refused, over, err);
	if (*err)
		print_message("pdfx_stream: %s\n", *err);
	buf_init(out);
	if (ok)
		take_file(&x, out);
	else
		atomic_abort(&x);
	fclose(f);
	diag_finish(&d);
	buf_finish(&path);
	assert_tmpdir_empty();
	return ok;
}

/* The stream's PDF/X has the fast path's pages (pdfx_convert(), which
 * reads the whole file with qpdf), in CMYK, labelled as PDF/X-3. */
static void pdfx__stream_matches_the_fast_path(void **state)
{
	(void)state;
	struct buf in, fast, streamed, cf, cs;
	stream_post = true;
	make_swatches(&in);
	stream_post = false;
	struct pdfx_options o = {.condition_id = "FOGRA39", .title = "Swatch Æ", .epoch = EPOCH};
	convert_ok(&in, &o, &fast, NULL);
	bool refused = true, over = true;
	char *err = NULL;
	assert_true(stream(&in, &o, &streamed, &refused, &over, &err));
	assert_false(refused);
	assert_false(over);
	assert_null(err);
	assert_memory_equal(streamed.data, "%PDF-1.3", 8);
	page_content(&fast, &cf);
	page_content(&streamed, &cs);
	assert_int_equal(cf.len, cs.len);
	assert_memory_equal(cf.data, cs.data, cf.len);
	qpdf_data q = open_pdf(&streamed);
	assert_false(qpdf_more_warnings(q));
	qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
	assert_string_equal(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/GTS_PDFXVersion")),
	                    "PDF/X-3:2002");
	assert_string_equal(qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, info, "/Title")),
	                    "Swatch Æ");
	qpdf_oh intent = qpdf_oh_get_array_item(
	        q, qpdf_oh_get_key(q, qpdf_get_root(q), "/OutputIntents"), 0);
	assert_string_equal(
	        qpdf_oh_get_utf8_value(q, qpdf_oh_get_key(q, intent, "/OutputConditionIdentifier")),
	        "FOGRA39");
	assert_true(qpdf_oh_is_stream(q, qpdf_oh_get_key(q, intent, "/DestOutputProfile")));
	qpdf_oh page = qpdf_get_page_n(q, 0);
	assert_false(qpdf_oh_has_key(q, page, "/Group"));
	qpdf_cleanup(&q);
	int object = -1, rgb_page = -1;
	assert_true(pdfx_find_rgb(streamed.data, streamed.len, &object, &rgb_page));
	assert_int_equal(object, 0);
	assert_int_equal(rgb_page, 0);
	buf_finish(&in);
	buf_finish(&fast);
	buf_finish(&streamed);
	buf_finish(&cf);
	buf_finish(&cs);
}

/* An image is not the stream's to convert: refused, without a message. */
static void pdfx__stream_refuses_an_image(void **state)
{
	(void)state;
	struct buf in, out;
	stream_post = true;
	make_image_card(&in);
	stream_post = false;
	char *err = NULL;
	struct pdfx_options o = {.epoch = EPOCH};
	bool refused = false, over = true;
	assert_false(stream(&in, &o, &out, &refused, &over, &err));
	assert_true(refused);
	assert_false(over);
	assert_null(err);
	buf_finish(&in);
	buf_finish(&out);
}

/* The stream measures ink as ink_measure_pdf() does, and names the page
 * over the limit as the other paths do. */
static void pdfx__stream_ink_limit_names_the_page(void **state)
{
	(void)state;
	struct buf in, out;
	stream_post = true;
	make_card(&in, true, true);
	stream_post = false;
	double tac = -1;
	struct pdfx_options o = {.epoch = EPOCH};
	convert_ok(&in, &o, &out, &tac);
	buf_finish(&out);
	o.ink_limit = tac;
	bool refused, over;
	char *err = NULL;
	assert_true(stream(&in, &o, &out, &refused, &over, &err));
	buf_finish(&out);
	o.ink_limit = 1.0;
	assert_false(stream(&in, &o, &out, &refused, &over, &err));
	assert_false(refused);
	assert_true(over);
	char want[128];
	snprintf(want, sizeof(want), "page 2 needs %.0f%% ink, more than the limit of 100%%",
	         tac * 100);
	assert_string_equal(err, want);
	free(err);
	buf_finish(&out);
	buf_finish(&in);
}

static cairo_status_t write_file_cb(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS
	                                            : CAIRO_STATUS_WRITE_ERROR;
}

static long peak_kib(void)
{
	struct rusage u;
	assert_int_equal(getrusage(RUSAGE_SELF, &u), 0);
	return u.ru_maxrss;
}

/* Issue 15: the stream holds an object at a time, not the document. A
 * print PDF of many pages, made and boxed as files, becomes a PDF/X while
 * the peak memory of the process grows by less than 3 KiB a page (the
 * stream: under 1; reading the document whole with qpdf: some 20, 83 MB
 * for these pages). Runs first, before other tests raise the peak. */
#define MANY_PAGES 4000
static void pdfx__stream_memory_does_not_grow_with_pages(void **state)
{
	(void)state;
	FILE *raw = tmpfile();
	assert_non_null(raw);
	double w = poker.trim_w + 2 * poker.margin, h = poker.trim_h + 2 * poker.margin;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_file_cb, raw, w, h);
	cairo_t *cr = cairo_create(s);
	for (int page = 0; page < MANY_PAGES; page++) {
		cairo_set_source_rgb(cr, (page % 7) / 7.0, 0.5, 0.8);
		cairo_paint(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_rectangle(cr, 20, 80, w - 40, 10);
		cairo_fill(cr);
		cairo_move_to(cr, 20, h / 2);
		cairo_show_text(cr, "Many pages");
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	assert_int_equal(fflush(raw), 0);
	rewind(raw);
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/many.print.pdf", outdir);
	struct diag d;
	diag_init(&d);
	struct atomic_file boxed, x;
	assert_true(atomic_open(&boxed, buf_str(&path), &d));
	struct pdfpost_options po = {.boxes = &poker, .black_to_k = true};
	char *err = NULL;
	assert_true(pdfpost_apply_file(raw, &boxed, &po, &err));
	fclose(raw);
	FILE *in = atomic_reopen_read(&boxed);
	assert_non_null(in);
	buf_clear(&path);
	buf_printf(&path, "%s/many.pdfx.pdf", outdir);
	assert_true(atomic_open(&x, buf_str(&path), &d));
	struct pdfx_options o = {.epoch = EPOCH};
	bool refused = true, over = true;
	long before = peak_kib();
	assert_true(pdfx_stream(in, &x, &o, &refused, &over, &err));
	long grew = peak_kib() - before;
	print_message("%d pages: the peak grew by %ld KiB\n", MANY_PAGES, grew);
#ifndef __SANITIZE_ADDRESS__ /* ASan's quarantine keeps what is freed */
	assert_true(grew < MANY_PAGES * 30 / 10);
#endif
	fclose(in);
	atomic_abort(&boxed);
	struct buf out;
	buf_init(&out);
	take_file(&x, &out);
	qpdf_data q = open_pdf(&out);
	assert_int_equal(qpdf_get_num_pages(q), MANY_PAGES);
	qpdf_cleanup(&q);
	buf_finish(&out);
	buf_finish(&path);
	diag_finish(&d);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir) || !mkdtemp(outdir))
		return -1;
	return setenv("TMPDIR", tmpdir, 1);
}

/* Also releases the toy font caches of cairo and fontconfig, kept for the
 * life of the process, so LeakSanitizer sees only our leaks. */
static int teardown(void **state)
{
	(void)state;
	cairo_debug_reset_static_data();
	FcFini();
	return rmdir(tmpdir) | rmdir(outdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(pdfx__stream_memory_does_not_grow_with_pages),
	        cmocka_unit_test(pdfx__names_the_condition_in_an_output_intent),
	        cmocka_unit_test(pdfx__leaves_no_rgb),
	        cmocka_unit_test(pdfx__black_to_k_stays_gray),
	        cmocka_unit_test(pdfx__fails_when_gs_falls_back_to_plain_pdf),
	        cmocka_unit_test(pdfx__keeps_page_boxes_nested),
	        cmocka_unit_test(pdfx__shop_profile_is_really_used),
	        cmocka_unit_test(pdfx__two_runs_give_identical_bytes),
	        cmocka_unit_test(pdfx__reads_icc_descriptions),
	        cmocka_unit_test(pdfx__icc_description_checks_bounds),
	        cmocka_unit_test(pdfx__measures_total_ink),
	        cmocka_unit_test(pdfx__ink_limit_names_the_page),
	        cmocka_unit_test(pdfx__garbage_fails_with_ghostscripts_message),
	        cmocka_unit_test(pdfx__truncated_pdf_fails_although_gs_exits_0),
	        cmocka_unit_test(pdfx__rejects_unusable_profiles),
	        cmocka_unit_test(pdfx__reports_missing_ghostscript),
	        cmocka_unit_test(pdfx__fast_path_matches_ghostscript),
	        cmocka_unit_test(pdfx__image_takes_ghostscripts_path),
	        cmocka_unit_test(pdfx__repaired_pdf_takes_ghostscripts_path),
	        cmocka_unit_test(pdfx__stream_matches_the_fast_path),
	        cmocka_unit_test(pdfx__stream_refuses_an_image),
	        cmocka_unit_test(pdfx__stream_ink_limit_names_the_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
