#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>

#include "typeset/fonts.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* The tests run from the repository root. */
#define FONT_DIR "fonts"

static int setup(void **state)
{
	struct diag d;
	diag_init(&d);
	struct fonts *f = NULL;
	bool ok = fonts_create(&f, FONT_DIR, &d);
	if (!ok)
		diag_flush(&d, stderr);
	diag_finish(&d);
	*state = f;
	return ok ? 0 : -1;
}

static int teardown(void **state)
{
	fonts_destroy(*state);
	return 0;
}

static PangoLayout *layout_for(struct fonts *f, const char *desc, const char *text)
{
	PangoLayout *l = pango_layout_new(fonts_get_context(f));
	PangoFontDescription *fd = pango_font_description_from_string(desc);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text, -1);
	return l;
}

static int unknown_glyphs(struct fonts *f, const char *desc, const char *text)
{
	PangoLayout *l = layout_for(f, desc, text);
	int n = pango_layout_get_unknown_glyphs_count(l);
	g_object_unref(l);
	return n;
}

/* The file the context loads for a description; caller frees with g_free(). */
static char *resolved_file(struct fonts *f, const char *desc)
{
	PangoFontDescription *fd = pango_font_description_from_string(desc);
	PangoFont *font = pango_context_load_font(fonts_get_context(f), fd);
	pango_font_description_free(fd);
	assert_non_null(font);
	FcChar8 *file = NULL;
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	assert_int_equal(FcPatternGetString(pat, FC_FILE, 0, &file), FcResultMatch);
	char *copy = g_strdup((const char *)file);
	g_object_unref(font);
	return copy;
}

static void assert_resolves_to(struct fonts *f, const char *desc, const char *suffix)
{
	char *file = resolved_file(f, desc);
	if (!g_str_has_suffix(file, suffix))
		fail_msg("'%s' resolved to %s, want .../%s", desc, file, suffix);
	g_free(file);
}

static void fonts__map_is_pango_default(void **state)
{
	struct fonts *f = *state;
	PangoFontMap *map = pango_context_get_font_map(fonts_get_context(f));
	assert_ptr_equal(pango_cairo_font_map_get_default(), map);
}

static void fonts__bundled_families_are_present(void **state)
{
	struct fonts *f = *state;
	assert_true(fonts_has_family(f, "Lato"));
	assert_true(fonts_has_family(f, "Noto Sans"));
	/* fontconfig compares family names without case */
	assert_true(fonts_has_family(f, "lato"));
	assert_true(fonts_has_family(f, "NOTO SANS"));
}

static void fonts__second_family_names_are_families(void **state)
{
	struct fonts *f = *state;
	/* Lato-Black.ttf names both "Lato" and "Lato Black" */
	assert_true(fonts_has_family(f, "Lato Black"));
	assert_true(fonts_has_family(f, "Lato Semibold"));
	assert_resolves_to(f, "Lato Black 11", "fonts/lato/Lato-Black.ttf");
}

static void fonts__system_fonts_are_absent(void **state)
{
	struct fonts *f = *state;
	/* DejaVu is installed on the machine, but not under fonts/ */
	assert_false(fonts_has_family(f, "DejaVu Sans"));
	assert_false(fonts_has_family(f, "Liberation Sans"));
}

static void fonts__generic_aliases_are_absent(void **state)
{
	struct fonts *f = *state;
	assert_false(fonts_has_family(f, "Sans"));
	assert_false(fonts_has_family(f, "Serif"));
	assert_false(fonts_has_family(f, "Monospace"));
	assert_false(fonts_has_family(f, "System-ui"));
	assert_false(fonts_has_family(f, "sans-serif"));
	assert_false(fonts_has_family(f, ""));
	/* no prefix matching either */
	assert_false(fonts_has_family(f, "Lat"));
	assert_false(fonts_has_family(f, "Lato Blac"));
}

static void fonts__families_are_the_files_families_sorted(void **state)
{
	struct fonts *f = *state;
	size_t n = 0;
	const char *const *names = fonts_get_families(f, &n);
	static const char *const want[] = {"Lato",      "Lato Black",        "Lato Semibold",
	                                   "Noto Sans", "Noto Sans Symbols", "Noto Sans Symbols2"};
	assert_int_equal(n, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(names[i], want[i]);
}

static void fonts__styles_resolve_to_bundled_files(void **state)
{
	struct fonts *f = *state;
	assert_resolves_to(f, "Lato 11", "fonts/lato/Lato-Regular.ttf");
	assert_resolves_to(f, "Lato Bold 11", "fonts/lato/Lato-Bold.ttf");
	assert_resolves_to(f, "Lato Bold Italic 11", "fonts/lato/Lato-BoldItalic.ttf");
	assert_resolves_to(f, "Lato Semi-Bold 11", "fonts/lato/Lato-Semibold.ttf");
	assert_resolves_to(f, "Lato Heavy 11", "fonts/lato/Lato-Black.ttf");
	assert_resolves_to(f, "Noto Sans Italic 11", "fonts/noto-sans/NotoSans-Italic.ttf");
	assert_resolves_to(f, "Noto Sans Bold 11", "fonts/noto-sans/NotoSans-Bold.ttf");
}

static void fonts__unknown_family_stays_inside_the_set(void **state)
{
	struct fonts *f = *state;
	/* the pitfall that fonts_has_family() exists for: no error, just Lato */
	char *file = resolved_file(f, "DejaVu Sans 11");
	assert_non_null(strstr(file, "/fonts/"));
	assert_null(strstr(file, "DejaVu"));
	g_free(file);
}

static void fonts__danish_renders_without_unknown_glyphs(void **state)
{
	struct fonts *f = *state;
	const char *text = "Æblemost på ØEN: „citat“ – ‘fint’ … 5 € · Arbejdsmiljøindsatsen";
	assert_int_equal(unknown_glyphs(f, "Lato 11", text), 0);
	assert_int_equal(unknown_glyphs(f, "Noto Sans Bold Italic 11", text), 0);
}

static void fonts__missing_glyph_is_counted(void **state)
{
	struct fonts *f = *state;
	/* no bundled font has U+4E2D (CJK) */
	assert_true(unknown_glyphs(f, "Lato 11", "Tjek \u4e2d") > 0);
	assert_true(unknown_glyphs(f, "Noto Sans 11", "\u4e2d") > 0);
}

static void fonts__symbols_come_from_the_fallback_chain(void **state)
{
	struct fonts *f = *state;
	const char *text = "\u2660\u2665\u2666\u2663 \u2190\u2191\u2192\u2193 \u2713\u2717 "
	                   "\u2605 \u25CF \u2610\u2611 \u266A";
	assert_int_equal(unknown_glyphs(f, "Lato 11", text), 0);
	assert_int_equal(unknown_glyphs(f, "Noto Sans Bold 11", text), 0);
}

/* A kit folder under a temporary folder; caller removes it. */
static void make_kit_fonts(char *tmp, bool licence, const char *junk)
{
	assert_non_null(mkdtemp(tmp));
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
	         "mkdir -p %s/house && cp fonts/noto-sans/NotoSans-Regular.ttf "
	         "%s/house/House.ttf && sed 's/Noto Sans/House/' /dev/null >/dev/null",
	         tmp, tmp);
	assert_int_equal(system(cmd), 0);
	if (licence) {
		snprintf(cmd, sizeof(cmd), "cp fonts/noto-sans/OFL.txt %s/house/", tmp);
		assert_int_equal(system(cmd), 0);
	}
	if (junk) {
		snprintf(cmd, sizeof(cmd), "printf 'not a font' > %s/house/%s", tmp, junk);
		assert_int_equal(system(cmd), 0);
	}
}

static void remove_dir(const char *tmp)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	assert_int_equal(system(cmd), 0);
}

static void fonts__kit_fonts_join_the_set(void **state)
{
	(void)state;
	char tmp[] = "/tmp/deckpress-kitfonts-XXXXXX";
	make_kit_fonts(tmp, true, "README.md");
	struct diag d;
	diag_init(&d);
	struct fonts *f;
	assert_true(fonts_create_for_kit(&f, FONT_DIR, tmp, &d));
	assert_int_equal(diag_get_error_count(&d), 0);
	char *file = resolved_file(f, "Noto Sans 11");
	assert_true(strstr(file, "/house/House.ttf") || strstr(file, "NotoSans-Regular.ttf"));
	g_free(file);
	fonts_destroy(f);
	diag_finish(&d);
	remove_dir(tmp);
}

static void fonts__kit_font_without_licence_is_an_error(void **state)
{
	(void)state;
	char tmp[] = "/tmp/deckpress-kitfonts-XXXXXX";
	make_kit_fonts(tmp, false, NULL);
	struct diag d;
	diag_init(&d);
	struct fonts *f = (struct fonts *)&d;
	assert_false(fonts_create_for_kit(&f, FONT_DIR, tmp, &d));
	assert_null(f);
	assert_int_equal(diag_get_error_count(&d), 1);
	assert_non_null(strstr(d.entries[0].mark.file, "/house/House.ttf"));
	assert_string_equal(d.entries[0].message,
	                    "font has no licence file beside it; put its licence (such as "
	                    "OFL.txt) in the same folder");
	diag_finish(&d);
	remove_dir(tmp);
}

static void fonts__kit_file_that_is_no_font_is_an_error(void **state)
{
	(void)state;
	char tmp[] = "/tmp/deckpress-kitfonts-XXXXXX";
	make_kit_fonts(tmp, true, "Broken.otf");
	struct diag d;
	diag_init(&d);
	struct fonts *f;
	assert_false(fonts_create_for_kit(&f, FONT_DIR, tmp, &d));
	assert_int_equal(diag_get_error_count(&d), 1);
	assert_non_null(strstr(d.entries[0].mark.file, "/house/Broken.otf"));
	assert_string_equal(d.entries[0].message,
	                    "not a font file; a kit's fonts/ takes TTF or OTF files");
	diag_finish(&d);
	remove_dir(tmp);
}

static void fonts__context_is_set_up_for_print(void **state)
{
	struct fonts *f = *state;
	PangoContext *ctx = fonts_get_context(f);
	PangoFontMap *map = pango_context_get_font_map(ctx);
	assert_float_equal(pango_cairo_font_map_get_resolution(PANGO_CAIRO_FONT_MAP(map)), 72.0,
	                   0.0);
	assert_false(pango_context_get_round_glyph_positions(ctx));

	const cairo_font_options_t *ctx_opts = pango_cairo_context_get_font_options(ctx);
	assert_non_null(ctx_opts);
	assert_int_equal(cairo_font_options_get_hint_metrics(ctx_opts), CAIRO_HINT_METRICS_OFF);
	assert_int_equal(cairo_font_options_get_hint_style(ctx_opts), CAIRO_HINT_STYLE_NONE);

	const cairo_font_options_t *opts = fonts_get_options(f);
	assert_int_equal(cairo_font_options_get_hint_metrics(opts), CAIRO_HINT_METRICS_OFF);
	assert_true(cairo_font_options_equal(opts, ctx_opts));
}

static void fonts__missing_dir_is_an_error(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct fonts *f = (struct fonts *)&d; /* must be overwritten */
	const char *dir = "tests/no-such-font-dir";
	assert_false(fonts_create(&f, dir, &d));
	assert_null(f);
	assert_int_equal(diag_get_error_count(&d), 1);
	assert_string_equal(d.entries[0].mark.file, dir);
	assert_int_equal(d.entries[0].mark.line, 0);
	assert_string_equal(d.entries[0].message,
	                    "cannot open font directory: No such file or directory");
	diag_finish(&d);
}

static void fonts__dir_without_fonts_is_an_error(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct fonts *f = (struct fonts *)&d;
	/* a directory that holds files, but no fonts */
	const char *dir = "tests/unit";
	assert_false(fonts_create(&f, dir, &d));
	assert_null(f);
	assert_int_equal(diag_get_error_count(&d), 1);
	assert_string_equal(d.entries[0].mark.file, dir);
	assert_string_equal(d.entries[0].message, "no font files in font directory");
	diag_finish(&d);
}

static void fonts__destroy_accepts_null(void **state)
{
	(void)state;
	fonts_destroy(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fonts__map_is_pango_default),
	        cmocka_unit_test(fonts__bundled_families_are_present),
	        cmocka_unit_test(fonts__second_family_names_are_families),
	        cmocka_unit_test(fonts__system_fonts_are_absent),
	        cmocka_unit_test(fonts__generic_aliases_are_absent),
	        cmocka_unit_test(fonts__families_are_the_files_families_sorted),
	        cmocka_unit_test(fonts__styles_resolve_to_bundled_files),
	        cmocka_unit_test(fonts__unknown_family_stays_inside_the_set),
	        cmocka_unit_test(fonts__danish_renders_without_unknown_glyphs),
	        cmocka_unit_test(fonts__missing_glyph_is_counted),
	        cmocka_unit_test(fonts__context_is_set_up_for_print),
	        cmocka_unit_test(fonts__missing_dir_is_an_error),
	        cmocka_unit_test(fonts__dir_without_fonts_is_an_error),
	        cmocka_unit_test(fonts__destroy_accepts_null),
	        cmocka_unit_test_setup_teardown(fonts__symbols_come_from_the_fallback_chain, setup,
	                                        teardown),
	        cmocka_unit_test(fonts__kit_fonts_join_the_set),
	        cmocka_unit_test(fonts__kit_font_without_licence_is_an_error),
	        cmocka_unit_test(fonts__kit_file_that_is_no_font_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
