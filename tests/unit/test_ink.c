#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>
#include <unistd.h>

#include "output/ink.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static double content_ink(const char *s)
{
	double tac = -1;
	assert_int_equal(ink_measure_content((const unsigned char *)s, strlen(s), &tac),
	                 INK_MEASURED);
	return tac;
}

static void ink__counts_painted_colours(void **state)
{
	(void)state;
	assert_float_equal(content_ink("0.2 0.3 0.4 0.5 k 0 0 10 10 re f"), 1.4, 1e-9);
	/* a colour set and replaced before anything is painted does not count */
	assert_float_equal(content_ink("1 1 1 1 k 0.25 g 0 0 1 1 re f"), 0.75, 1e-9);
	/* strokes take the stroke colour, B both */
	assert_float_equal(content_ink("1 1 0 0 K 0 0 0 0.3 k 0 0 m 1 1 l S"), 2.0, 1e-9);
	assert_float_equal(content_ink("1 1 0 0 K 0 0 0 0.3 k 0 0 m 1 1 l f"), 0.3, 1e-9);
	assert_float_equal(content_ink("1 1 0 1 K 0 0 0 0.3 k 0 0 1 1 re B"), 3.0, 1e-9);
	/* nothing painted: no ink */
	assert_float_equal(content_ink("1 1 1 1 k 0 0 1 1 re n"), 0, 1e-9);
	/* components are clamped to 0..1 */
	assert_float_equal(content_ink("2 0 0 -1 k 0 0 1 1 re f"), 1, 1e-9);
}

static void ink__follows_save_and_restore(void **state)
{
	(void)state;
	/* the page starts black (100 %); Q restores it */
	assert_float_equal(content_ink("q 1 1 1 0 k Q 0 0 1 1 re f"), 1.0, 1e-9);
	assert_float_equal(content_ink("q 0 0 0 0.2 k q Q 0 0 1 1 re f Q"), 0.2, 1e-9);
	/* strings and names are never read as operators */
	assert_float_equal(content_ink("0 g /F1 12 Tf"), 0, 1e-9);
}

static void ink__is_unsure_of_what_it_cannot_value(void **state)
{
	(void)state;
	static const char *const unsure[] = {
	        "0 0 1 rg 0 0 1 1 re f",                 /* RGB, painted */
	        "/Sh0 sh",                               /* a shading */
	        "BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI", /* an inline image */
	        "/Im0 Do",                               /* an XObject without resources */
	        "/P0 cs /Pat scn 0 0 1 1 re f",          /* a pattern */
	};
	for (size_t i = 0; i < sizeof(unsure) / sizeof(unsure[0]); i++) {
		double tac = -1;
		assert_int_equal(ink_measure_content((const unsigned char *)unsure[i],
		                                     strlen(unsure[i]), &tac),
		                 INK_UNSURE);
	}
	/* RGB that paints nothing is harmless */
	assert_float_equal(content_ink("0 0 1 rg 0.5 g 0 0 1 1 re f"), 0.5, 1e-9);
}

static enum ink_result page_ink(const char *s, const char *spaces, double *tac)
{
	return ink_measure_page((const unsigned char *)s, strlen(s), spaces, tac);
}

/* A page the PDF/X stream wrote: its colour spaces come as text (the die
 * line's Separation as the post-pass writes it); text is measured, an
 * XObject is not followed. */
static void ink__reads_a_pages_colour_spaces_from_text(void **state)
{
	(void)state;
	static const char spaces[] =
	        "<< /CutContour [ /Separation /CutContour /DeviceCMYK << /FunctionType 2 "
	        "/Domain [ 0 1 ] /C0 [ 0 0 0 0 ] /C1 [ 0 1 0 0 ] /N 1 >> ]\n"
	        "/Half [ /Separation /Half /DeviceGray << /FunctionType 2 /N 2 >> ]\n"
	        "/K /DeviceCMYK /Odd [ /Separation /Odd /DeviceCMYK 12 0 R ] >>";
	double tac = -1;
	assert_int_equal(page_ink("/CutContour CS 1 SCN 0 0 m 1 1 l S", spaces, &tac),
	                 INK_MEASURED);
	assert_float_equal(tac, 1.0, 1e-9);
	/* a grey alternate from C0 0 to C1 1 (the defaults), exponent 2:
	 * tint 0.5 is grey 0.25, so 75 % */
	assert_int_equal(page_ink("/Half cs 0.5 scn 0 0 1 1 re f", spaces, &tac), INK_MEASURED);
	assert_float_equal(tac, 0.75, 1e-9);
	assert_int_equal(page_ink("/K cs 0.1 0.2 0.3 0.4 scn 0 0 1 1 re f", spaces, &tac),
	                 INK_MEASURED);
	assert_float_equal(tac, 1.0, 1e-9);
	assert_int_equal(page_ink("0.2 0.3 0.4 0.5 k BT /f-0-0 12 Tf (x) Tj ET", NULL, &tac),
	                 INK_MEASURED);
	assert_float_equal(tac, 1.4, 1e-9);
	static const char *const unsure[] = {
	        "/Odd cs 1 scn 0 0 1 1 re f",     /* a function by reference */
	        "/Missing cs 1 scn 0 0 1 1 re f", /* not in the resources */
	        "/x5 Do",                         /* a form, not followed */
	};
	for (size_t i = 0; i < sizeof(unsure) / sizeof(unsure[0]); i++)
		assert_int_equal(page_ink(unsure[i], spaces, &tac), INK_UNSURE);
}

/* A PDF of the objects objs[0..n) (numbered from 1: 1 the catalog, 2 the
 * page tree), with a correct xref table. */
static void make_pdf(struct buf *out, const char *const *objs, size_t n)
{
	buf_init(out);
	buf_puts(out, "%PDF-1.3\n");
	size_t *at = calloc(n, sizeof(*at));
	for (size_t i = 0; i < n; i++) {
		at[i] = out->len;
		buf_printf(out, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	size_t xref = out->len;
	buf_printf(out, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%010zu 00000 n \n", at[i]);
	buf_printf(out, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1,
	           xref);
	free(at);
}

static char *stream(const char *dict, const char *data, size_t len)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "<< %s /Length %zu >>\nstream\n", dict, len);
	buf_append(&b, data, len);
	buf_puts(&b, "\nendstream");
	return buf_detach(&b);
}

/* Page 1: a CMYK image whose darkest sample is 10 % 20 % 30 % 90 %, the
 * CutContour spot colour (100 % magenta) stroked, a form filled with
 * 50 % K, and text in 70 % C 70 % M drawn invisibly (rendering mode 3).
 * Page 2: a grey image (black is 100 %) and a 30 % tint of a spot colour
 * whose alternate is 100 % C 100 % Y. */
static void make_mixed_pdf(struct buf *out)
{
	/* samples 0 0 0 0, 26 51 77 230 (the darkest), 255 0 0 0, 10 10 10 10 */
	const char *cmyk = "00000000 1A334DE6 FF000000 0A0A0A0A>";
	const char *grey = "FF 80 00 C8>"; /* the black sample is visible */
	const char *page1 = "q 10 0 0 10 0 0 cm /Im1 Do Q /CS0 CS 1 SCN 0 0 m 5 5 l S "
	                    "/Fm1 Do BT 0.7 0.7 0 0 k 3 Tr /F1 12 Tf (x) Tj ET";
	const char *page2 = "q 10 0 0 10 0 0 cm /Im2 Do Q /CS1 cs 0.3 scn 6 6 3 3 re f";
	const char *form = "0 0 0 0.5 k 0 0 5 5 re f";
	char *objs[] = {
	        "<< /Type /Catalog /Pages 2 0 R >>",
	        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 20 20] >>",
	        "<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Resources << /XObject << /Im1 7 "
	        "0 R /Fm1 9 0 R >> /ColorSpace << /CS0 [/Separation /CutContour /DeviceCMYK "
	        "<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 1 0 0] /N 1 >>] >> "
	        "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
	        "<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Resources << /XObject << /Im2 8 "
	        "0 R >> /ColorSpace << /CS1 [/Separation /Green /DeviceCMYK << /FunctionType "
	        "2 /Domain [0 1] /C0 [0 0 0 0] /C1 [1 0 1 0] /N 1 >>] >> >> >>",
	        stream("", page1, strlen(page1)),
	        stream("", page2, strlen(page2)),
	        stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace "
	               "/DeviceCMYK /BitsPerComponent 8 /Filter /ASCIIHexDecode",
	               cmyk, strlen(cmyk)),
	        stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace "
	               "/DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode",
	               grey, strlen(grey)),
	        stream("/Type /XObject /Subtype /Form /BBox [0 0 20 20]", form, strlen(form)),
	};
	make_pdf(out, (const char *const *)objs, sizeof(objs) / sizeof(objs[0]));
	for (size_t i = 4; i < sizeof(objs) / sizeof(objs[0]); i++)
		free(objs[i]);
}

static void ink__measures_images_spots_and_forms(void **state)
{
	(void)state;
	struct buf pdf;
	make_mixed_pdf(&pdf);
	double *tac = NULL;
	int pages = 0;
	assert_int_equal(ink_measure_pdf(pdf.data, pdf.len, &tac, &pages), INK_MEASURED);
	assert_int_equal(pages, 2);
	assert_float_equal(tac[0], (26 + 51 + 77 + 230) / 255.0, 1e-9);
	assert_float_equal(tac[1], 1.0, 1e-9);
	free(tac);
	assert_int_equal(ink_measure_pdf("not a PDF", 9, &tac, &pages), INK_UNREADABLE);
	assert_null(tac);
	assert_int_equal(pages, 0);
	buf_finish(&pdf);
}

/* Ghostscript as the oracle: the highest C+M+Y+K of a 72 dpi CMYK
 * rendering of each page, against the measure (a hidden text is the one
 * thing the measure counts that a rendering cannot show, so the test page
 * has none visible above the image). */
static void ink__agrees_with_a_rendering(void **state)
{
	(void)state;
	if (system("gs --version >/dev/null 2>&1") != 0) {
		print_message("gs is missing: skipped\n");
		return;
	}
	char dir[] = "/tmp/test_ink-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct buf pdf, path, cmd;
	make_mixed_pdf(&pdf);
	buf_init(&path);
	buf_init(&cmd);
	buf_printf(&path, "%s/in.pdf", dir);
	FILE *f = fopen(buf_str(&path), "wb");
	assert_non_null(f);
	fwrite(pdf.data, 1, pdf.len, f);
	fclose(f);
	buf_printf(&cmd,
	           "cd %s && gs -q -dSAFER -dBATCH -dNOPAUSE -r72 -sDEVICE=bitcmyk "
	           "-dGrayValues=256 -sOutputFile=p%%d.raw in.pdf",
	           dir);
	assert_int_equal(system(buf_str(&cmd)), 0);
	double *tac = NULL;
	int pages = 0;
	assert_int_equal(ink_measure_pdf(pdf.data, pdf.len, &tac, &pages), INK_MEASURED);
	for (int p = 1; p <= pages; p++) {
		buf_clear(&path);
		buf_printf(&path, "%s/p%d.raw", dir, p);
		f = fopen(buf_str(&path), "rb");
		assert_non_null(f);
		unsigned char px[4];
		unsigned best = 0;
		while (fread(px, 1, 4, f) == 4)
			if ((unsigned)px[0] + px[1] + px[2] + px[3] > best)
				best = (unsigned)px[0] + px[1] + px[2] + px[3];
		fclose(f);
		unlink(buf_str(&path));
		print_message("page %d: rendered %.1f%%, measured %.1f%%\n", p, best / 2.55,
		              tac[p - 1] * 100);
		assert_true(fabs(best / 255.0 - tac[p - 1]) < 0.01);
	}
	free(tac);
	buf_clear(&path);
	buf_printf(&path, "%s/in.pdf", dir);
	unlink(buf_str(&path));
	rmdir(dir);
	buf_finish(&path);
	buf_finish(&cmd);
	buf_finish(&pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(ink__counts_painted_colours),
	        cmocka_unit_test(ink__follows_save_and_restore),
	        cmocka_unit_test(ink__is_unsure_of_what_it_cannot_value),
	        cmocka_unit_test(ink__reads_a_pages_colour_spaces_from_text),
	        cmocka_unit_test(ink__measures_images_spots_and_forms),
	        cmocka_unit_test(ink__agrees_with_a_rendering),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
