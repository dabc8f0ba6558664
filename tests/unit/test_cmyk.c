#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "output/cmyk.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define GS_ICC "/usr/share/color/icc/ghostscript/"

static struct cmyk *open_profile(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct buf b;
	buf_init(&b);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, got);
	fclose(f);
	struct cmyk *c = cmyk_create(b.data, b.len);
	buf_finish(&b);
	return c;
}

/* The content s rewritten; NULL when it was refused. Caller frees. */
static char *rewrite(struct cmyk *c, const char *s)
{
	struct buf out;
	buf_init(&out);
	if (!cmyk_rewrite_content(c, (const unsigned char *)s, strlen(s), &out)) {
		buf_finish(&out);
		return NULL;
	}
	char *r = buf_detach(&out);
	print_message("%s\n  -> %s\n", s, r);
	return r;
}

static void cmyk__rejects_what_is_not_a_cmyk_profile(void **state)
{
	(void)state;
	assert_null(open_profile(GS_ICC "srgb.icc"));
	assert_null(cmyk_create("not a profile", 13));
	struct cmyk *c = open_profile(GS_ICC "default_cmyk.icc");
	assert_non_null(c);
	cmyk_destroy(c);
}

/* Values checked against Ghostscript 10.0 (pdfwrite, CMYK) with the same
 * profile; white is no ink, black is rich. */
static void cmyk__converts_like_ghostscript(void **state)
{
	(void)state;
	struct cmyk *c = open_profile(GS_ICC "default_cmyk.icc");
	double white[3] = {1, 1, 1}, black[3] = {0, 0, 0}, out[4];
	cmyk_of_rgb(c, white, out);
	for (int i = 0; i < 4; i++)
		assert_true(out[i] == 0);
	cmyk_of_rgb(c, black, out);
	assert_true(out[3] > 0.5 && out[0] + out[1] + out[2] > 1);
	double again[4];
	cmyk_of_rgb(c, black, again); /* from the cache */
	assert_memory_equal(out, again, sizeof(out));
	for (int i = 0; i < 4; i++) /* multiples of 1/255 */
		assert_true(fabs(out[i] * 255 - round(out[i] * 255)) < 1e-9);
	cmyk_destroy(c);
}

static void cmyk__rewrites_rgb_operators_only(void **state)
{
	(void)state;
	struct cmyk *c = open_profile(GS_ICC "default_cmyk.icc");
	char *r = rewrite(c, "q 1 1 1 rg 0 0 10 10 re f 1 1 1 RG 0.5 g (1 1 1 rg) Tj Q");
	assert_string_equal(r, "q 0 0 0 0 k 0 0 10 10 re f 0 0 0 0 K 0.5 g (1 1 1 rg) Tj Q");
	free(r);
	r = rewrite(c, "%1 1 1 rg\n0 0 0 1 k /CutContour CS 1 SCN");
	assert_string_equal(r, "%1 1 1 rg\n0 0 0 1 k /CutContour CS 1 SCN");
	free(r);
	cmyk_destroy(c);
}

/* "/DeviceRGB cs" turns CMYK with its sc colours; q and Q keep the space
 * of each level. */
static void cmyk__follows_the_colour_space(void **state)
{
	(void)state;
	struct cmyk *c = open_profile(GS_ICC "default_cmyk.icc");
	char *r = rewrite(c, "/DeviceRGB cs 1 1 1 sc q /DeviceGray cs 0.5 sc Q 1 1 1 scn");
	assert_string_equal(r, "/DeviceCMYK cs 0 0 0 0 sc q /DeviceGray cs 0.5 sc Q 0 0 0 0 scn");
	free(r);
	cmyk_destroy(c);
}

/* rg sets the space to DeviceRGB, so a later sc gives RGB too; g and k
 * set another space */
static void cmyk__rg_sets_the_colour_space(void **state)
{
	(void)state;
	struct cmyk *c = open_profile(GS_ICC "default_cmyk.icc");
	char *r = rewrite(c, "1 1 1 rg 1 1 1 sc 0 0 0 1 k 0.5 0.5 0.5 0.5 sc 1 1 1 RG 0 G 0.5 SC");
	assert_non_null(r);
	assert_string_equal(
	        r, "0 0 0 0 k 0 0 0 0 sc 0 0 0 1 k 0.5 0.5 0.5 0.5 sc 0 0 0 0 K 0 G 0.5 SC");
	free(r);
	cmyk_destroy(c);
}

static void cmyk__refuses_what_it_cannot_convert(void **state)
{
	(void)state;
	struct cmyk *c = open_profile(GS_ICC "default_cmyk.icc");
	assert_null(rewrite(c, "q BI /W 1 /H 1 /CS /RGB /BPC 8 ID abc EI Q"));
	assert_null(rewrite(c, "/Sh0 sh"));
	assert_null(rewrite(c, "1 1 rg"));
	assert_null(rewrite(c, "/DeviceRGB CS /P0 SCN"));
	assert_null(rewrite(c, "nan nan nan rg")); /* not numbers: no colour */
	cmyk_destroy(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(cmyk__rejects_what_is_not_a_cmyk_profile),
	        cmocka_unit_test(cmyk__converts_like_ghostscript),
	        cmocka_unit_test(cmyk__rewrites_rgb_operators_only),
	        cmocka_unit_test(cmyk__follows_the_colour_space),
	        cmocka_unit_test(cmyk__rg_sets_the_colour_space),
	        cmocka_unit_test(cmyk__refuses_what_it_cannot_convert),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
