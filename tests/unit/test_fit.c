#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pango/pangocairo.h>

#include "typeset/fit.h"
#include "typeset/fonts.h"
#include "typeset/markup.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM(x) ((x)*72.0 / 25.4)

/* 42 words of card text with long compounds. */
static const char paragraph[] =
        "Når medarbejderrepræsentanterne og ledelsen mødes i samarbejdsudvalget, skal "
        "arbejdsmiljøindsatsen drøftes åbent. Hvordan sikrer I, at alle kolleger bliver "
        "hørt, også dem der sjældent siger noget på møderne? Giv et konkret eksempel fra "
        "jeres egen arbejdsplads, og fortæl hvad I lærte af det bagefter.";

static const struct text_style lato11 = {
        .family = "Lato",
        .weight = PANGO_WEIGHT_NORMAL,
        .size = 11,
        .min_size = 8,
        .line_height = 1.0,
        .align = ALIGN_START,
        .lang = "da",
};

static int setup(void **state)
{
	struct diag d;
	diag_init(&d);
	struct fonts *f = NULL;
	bool ok = fonts_create(&f, "fonts", &d);
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

static PangoContext *context(void **state)
{
	return fonts_get_context(*state);
}

static void rich_from(struct rich *r, const char *src)
{
	const char *err = NULL;
	size_t off = 0;
	rich_init(r);
	if (!markup_parse(r, src, 0, &err, &off))
		fail_msg("markup_parse: %s at %zu", err, off);
}

static struct fit_result fit(void **state, const char *src, const struct text_style *st, double w,
                             double h)
{
	struct rich r;
	rich_from(&r, src);
	struct fit_result res;
	memset(&res, 0xA5, sizeof(res)); /* every field must be written */
	bool ok = fit_text(context(state), &r, st, w, h, &res);
	assert_int_equal(ok, res.fits);
	rich_finish(&r);
	return res;
}

/* Extents of a fresh layout, as the renderer would make it. */
static PangoRectangle measure(void **state, const char *src, const struct text_style *st,
                              double size, double w)
{
	struct rich r;
	rich_from(&r, src);
	PangoLayout *l = pango_layout_new(context(state));
	text_layout_setup(l, &r, st, size, w);
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	g_object_unref(l);
	rich_finish(&r);
	return log;
}

/* A text and its hyphenated variant from one source that marks the break
 * points with \-: the variant keeps them, the plain text drops them. So the
 * fitting tests do not depend on the dictionaries. */
static void variants(struct rich *plain, struct rich *hyph, const char *src)
{
	size_t n = strlen(src), k = 0;
	char *bare = malloc(n + 1);
	assert_non_null(bare);
	for (size_t i = 0; i < n; i++) {
		if (src[i] == '\\' && src[i + 1] == '-')
			i++;
		else
			bare[k++] = src[i];
	}
	bare[k] = '\0';
	rich_from(plain, bare);
	rich_from(hyph, src);
	free(bare);
}

static struct fit_result fit_hyph(void **state, const char *src, const struct text_style *st,
                                  double w, double h)
{
	struct rich plain, hyph;
	variants(&plain, &hyph, src);
	struct fit_result res;
	memset(&res, 0xA5, sizeof(res)); /* every field must be written */
	bool ok = fit_text_with_hyphens(context(state), &plain, &hyph, st, w, h, &res);
	assert_int_equal(ok, res.fits);
	rich_finish(&plain);
	rich_finish(&hyph);
	return res;
}

/* Lays out the hyphenated variant of src at size as the renderer would and
 * counts, from the ends of the lines, those that end in a soft hyphen
 * (*run: the most in a row); *fits tells whether it fits w × h. */
static int hyphen_lines_at(void **state, const char *src, const struct text_style *st, double size,
                           double w, double h, int *run, bool *fits)
{
	struct rich plain, hyph;
	variants(&plain, &hyph, src);
	PangoLayout *l = pango_layout_new(context(state));
	text_layout_setup(l, &hyph, st, size, w);
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	*fits = log.width <= pango_units_from_double(w) && log.height <= pango_units_from_double(h);
	int count = 0, cur = 0;
	*run = 0;
	for (GSList *i = pango_layout_get_lines_readonly(l); i; i = i->next) {
		const PangoLayoutLine *line = i->data;
		int end = line->start_index + line->length;
		if (line->length >= 2 && memcmp(hyph.text + end - 2, "\xC2\xAD", 2) == 0) {
			count++;
			cur++;
			*run = cur > *run ? cur : *run;
		} else {
			cur = 0;
		}
	}
	g_object_unref(l);
	rich_finish(&plain);
	rich_finish(&hyph);
	return count;
}

static bool is_quarter(double size)
{
	return size * 4 == floor(size * 4);
}

static void fit__text_that_fits_keeps_design_size(void **state)
{
	struct fit_result res = fit(state, "Hvad betyder tillid for dig?", &lato11, MM(53), MM(40));
	assert_true(res.fits);
	assert_float_equal(res.size, 11.0, 0.0);
	assert_float_equal(res.overflow_w, 0.0, 0.0);
	assert_float_equal(res.overflow_h, 0.0, 0.0);
	assert_int_equal(res.unknown_glyphs, 0);
	assert_true(res.width > 0 && res.width <= MM(53));
	assert_true(res.height > 0 && res.height <= MM(40));
	assert_false(res.hyphenated);
	assert_int_equal(res.hyphen_lines, 0);
	assert_int_equal(res.hyphen_run, 0);
}

static void fit__long_paragraph_shrinks_and_then_fits(void **state)
{
	struct text_style st = lato11;
	st.min_size = 6;
	double w = MM(53), h = MM(40);
	struct fit_result res = fit(state, paragraph, &st, w, h);
	assert_true(res.fits);
	assert_true(res.size > st.min_size && res.size < st.size);
	assert_true(is_quarter(res.size));
	assert_float_equal(res.overflow_w, 0.0, 0.0);
	assert_float_equal(res.overflow_h, 0.0, 0.0);

	/* a fresh layout at the chosen size fits and has the reported extents */
	PangoRectangle log = measure(state, paragraph, &st, res.size, w);
	assert_true(log.width <= pango_units_from_double(w));
	assert_true(log.height <= pango_units_from_double(h));
	assert_float_equal(res.width, (double)log.width / PANGO_SCALE, 1e-9);
	assert_float_equal(res.height, (double)log.height / PANGO_SCALE, 1e-9);

	/* and it is the largest such quarter point */
	log = measure(state, paragraph, &st, res.size + 0.25, w);
	assert_true(log.width > pango_units_from_double(w) ||
	            log.height > pango_units_from_double(h));
}

static void fit__long_word_in_narrow_box_overflows(void **state)
{
	double w = MM(20), h = MM(30);
	struct fit_result res = fit(state, "Medarbejderrepræsentanterne", &lato11, w, h);
	assert_false(res.fits);
	assert_float_equal(res.size, lato11.min_size, 0.0);
	assert_true(res.overflow_w > 0);
	assert_float_equal(res.overflow_w, res.width - w, 1e-9);
	assert_float_equal(res.overflow_h, 0.0, 0.0);

	/* centred, the line sticks out on both sides (x < 0); still caught */
	struct text_style st = lato11;
	st.align = ALIGN_CENTER;
	struct fit_result centred = fit(state, "Medarbejderrepræsentanterne", &st, w, h);
	assert_false(centred.fits);
	assert_float_equal(centred.overflow_w, res.overflow_w, 1e-9);
}

static void fit__too_much_text_reports_overflow_h(void **state)
{
	double w = MM(53), h = MM(10);
	struct fit_result res = fit(state, paragraph, &lato11, w, h);
	assert_false(res.fits);
	assert_float_equal(res.size, 8.0, 0.0);
	assert_float_equal(res.overflow_w, 0.0, 0.0);
	assert_true(res.overflow_h > 0);
	assert_float_equal(res.overflow_h, res.height - h, 1e-9);
}

/* A text whose line breaks alone need more height than the box has at
 * min-size is refused without laying it out, and the bound is below what
 * Pango measures (so it never refuses a text that fits). */
static void fit__line_breaks_beyond_the_box_are_refused_by_the_bound(void **state)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < 2000; i++)
		buf_puts(&b, "linje\n");
	buf_puts(&b, "slut");
	double w = MM(53), h = MM(40);
	struct fit_result res = fit(state, buf_str(&b), &lato11, w, h);
	assert_false(res.fits);
	assert_float_equal(res.size, lato11.min_size, 0.0);
	/* the bound's height, not Pango's (which is about 1.2 times more) */
	double f = lato11.line_height > 0 && lato11.line_height < 1 ? lato11.line_height : 1;
	assert_float_equal(res.height, 2001 * lato11.min_size * f, 1e-9);
	assert_float_equal(res.overflow_h, res.height - h, 1e-9);
	/* four lines fit; their bound is below the measured height */
	struct fit_result few = fit(state, "en\nto\ntre\nfire", &lato11, w, h);
	assert_true(few.fits);
	assert_true(few.height >= 4 * few.size);
	buf_finish(&b);
}

static void fit__sizes_are_quarter_points(void **state)
{
	struct text_style st = lato11;
	st.size = 24;
	st.min_size = 6;
	int shrunk = 0;
	for (double w = MM(30); w <= MM(90); w += MM(7)) {
		struct fit_result res = fit(state, paragraph, &st, w, MM(45));
		if (!res.fits)
			continue;
		if (!is_quarter(res.size))
			fail_msg("width %.2f: size %.6f is not a quarter point", w, res.size);
		shrunk += res.size < st.size;
	}
	assert_true(shrunk >= 5); /* the loop did exercise the search */
}

static void fit__min_size_off_the_grid_is_respected(void **state)
{
	/* the search never goes below min_size, even between quarter points */
	struct text_style st = lato11;
	st.min_size = 7.9;
	struct fit_result res = fit(state, paragraph, &st, MM(53), MM(25));
	if (res.fits) {
		assert_true(res.size >= 8.0);
		assert_true(is_quarter(res.size));
	} else {
		assert_float_equal(res.size, 7.9, 0.0);
	}
}

static void fit__bold_is_wider(void **state)
{
	const char *text = "Hvad betyder tillid";
	struct text_style bold = lato11;
	bold.weight = PANGO_WEIGHT_BOLD;
	struct fit_result regular = fit(state, text, &lato11, 500, 100);
	struct fit_result heavy = fit(state, text, &bold, 500, 100);
	assert_true(heavy.width > regular.width);

	/* **markup** reaches the layout as a weight attribute */
	char src[64];
	int n = snprintf(src, sizeof(src), "**%s**", text);
	assert_true(n > 0 && (size_t)n < sizeof(src));
	struct fit_result marked = fit(state, src, &lato11, 500, 100);
	assert_float_equal(marked.width, heavy.width, 1e-9);
}

static void fit__line_height_is_a_multiple_of_the_size(void **state)
{
	const char *text = "én\nto\ntre";
	struct text_style loose = lato11;
	loose.line_height = 1.5;
	struct fit_result tight = fit(state, text, &lato11, 200, 200);
	struct fit_result airy = fit(state, text, &loose, 200, 200);
	assert_true(airy.height > tight.height);
	/* Lato: a line is 1 em high, and baselines stand line-height × size
	 * apart (CSS's meaning), not a multiple of the font's 1.2 em */
	assert_float_equal(tight.height, 11 + 2 * 11 * 1.0, 0.01);
	assert_float_equal(airy.height, 11 + 2 * 11 * 1.5, 0.01);

	/* one line is one line high, whatever the factor */
	struct fit_result one = fit(state, "én", &loose, 200, 200);
	assert_float_equal(one.height, 11.0, 0.01);
}

static void fit__unset_line_height_is_the_fonts_own(void **state)
{
	struct text_style unset = lato11, own = lato11;
	unset.line_height = 0;
	own.line_height = 1.2; /* Lato's height metric */
	struct fit_result a = fit(state, "én\nto\ntre", &unset, 200, 200);
	struct fit_result b = fit(state, "én\nto\ntre", &own, 200, 200);
	assert_float_equal(a.height, b.height, 0.01);
}

/* The font's own height, the unit of Pango's line spacing, is read from each
 * font: Noto Sans's is 1.362 em, Lato's 1.2 em; a wrong one would set the
 * baselines of a loose text at another multiple of the size. */
/* The size fitting finds is the largest quarter point that fits, whatever
 * the box: the search starts from a guess and gallops, and must land where
 * trying every size from the top down lands. */
static void fit__the_size_is_the_largest_quarter_that_fits(void **state)
{
	static const char *const texts[] = {
	        "Tillid",
	        "Samarbejdsudvalgsmedlemmerne",
	        "Hvad betyder tillid for dig i hverdagen?",
	        paragraph,
	};
	struct text_style st = lato11;
	st.size = 14;
	st.min_size = 5;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		for (double w = 40; w <= 160; w += 60) {
			for (double h = 14; h <= 120; h += 26) {
				struct fit_result got = fit(state, texts[i], &st, w, h);
				double want = -1;
				for (int q = (int)(st.size * 4);
				     q >= (int)(st.min_size * 4) && want < 0; q--) {
					struct text_style one = st;
					one.size = one.min_size = q / 4.0;
					if (fit(state, texts[i], &one, w, h).fits)
						want = q / 4.0;
				}
				if (want < 0) {
					assert_false(got.fits);
				} else {
					assert_true(got.fits);
					assert_float_equal(got.size, want, 1e-9);
				}
			}
		}
	}
}

static void fit__line_height_holds_in_every_font_and_language(void **state)
{
	static const struct {
		const char *family, *lang;
		int weight;
		bool italic;
	} fonts[] = {
	        {"Noto Sans", "da", PANGO_WEIGHT_NORMAL, false},
	        {"Noto Sans", "en", PANGO_WEIGHT_BOLD, true},
	        {"Lato", "en", PANGO_WEIGHT_HEAVY, false},
	        {"Lato", "el", PANGO_WEIGHT_NORMAL, true},
	        {"Lato", "he", PANGO_WEIGHT_NORMAL, false},
	        {"Lato", NULL, PANGO_WEIGHT_NORMAL, false},
	};
	for (size_t i = 0; i < sizeof(fonts) / sizeof(fonts[0]); i++) {
		struct text_style st = lato11;
		st.family = fonts[i].family;
		st.lang = fonts[i].lang;
		st.weight = fonts[i].weight;
		st.italic = fonts[i].italic;
		st.line_height = 1.5;
		struct fit_result three = fit(state, "én\nto\ntre", &st, 200, 200);
		struct fit_result one = fit(state, "én", &st, 200, 200);
		assert_float_equal(three.height - one.height, 2 * 11 * 1.5, 0.01);
	}
}

static void fit__points_are_points_at_72_dpi(void **state)
{
	/* at Pango's default 96 dpi these would be 4/3 as large */
	struct fit_result lato = fit(state, "x", &lato11, 100, 100);
	/* Lato uses its typographic metrics: ascent + descent = 1 em */
	assert_float_equal(lato.height, 11.0, 0.01);
	struct text_style noto = lato11;
	noto.family = "Noto Sans";
	struct fit_result n = fit(state, "x", &noto, 100, 100);
	/* Noto Sans: 1.362 em, the 14.98 pt of docs/typesetting.md §2 */
	assert_float_equal(n.height, 14.982, 0.01);
}

static void fit__empty_text_fits(void **state)
{
	struct fit_result res = fit(state, "", &lato11, 1, 1);
	assert_true(res.fits);
	assert_float_equal(res.size, 11.0, 0.0);
	assert_float_equal(res.width, 0.0, 0.0);
	assert_float_equal(res.height, 0.0, 0.0);
	assert_float_equal(res.overflow_w, 0.0, 0.0);
	assert_float_equal(res.overflow_h, 0.0, 0.0);
	assert_int_equal(res.unknown_glyphs, 0);
}

static void fit__unknown_glyphs_are_counted(void **state)
{
	struct fit_result ok = fit(state, "Æblemost på øen\\-gruppen", &lato11, 500, 100);
	assert_int_equal(ok.unknown_glyphs, 0);
	struct fit_result bad =
	        fit(state, "Tjek \u4e2d" /* CJK: in no bundled font */, &lato11, 500, 100);
	assert_true(bad.unknown_glyphs > 0);
	assert_true(bad.fits); /* counting is the caller's business */
}

/* Where the one line of src stands in a box 200 pt wide set with align a:
 * its left edge, in points. */
static double line_left(void **state, const char *src, enum text_align a)
{
	struct text_style st = lato11;
	st.align = a;
	return pango_units_to_double(measure(state, src, &st, 11, 200).x);
}

/* start and end follow the text's direction; left and right are the
 * paper's sides in Hebrew too (Pango alone would mirror them). */
static void fit__left_and_right_are_the_sides_of_the_paper(void **state)
{
	/* "emun", trust: U+05D0 U+05DE U+05D5 U+05DF */
	const char *da = "Tillid", *hebrew = "\xD7\x90\xD7\x9E\xD7\x95\xD7\x9F";
	assert_true(text_is_rtl(hebrew, strlen(hebrew)));
	assert_false(text_is_rtl(da, strlen(da)));
	assert_false(text_is_rtl("123 ", 4)); /* no letter of a direction */
	assert_true(line_left(state, da, ALIGN_START) < 1);
	assert_true(line_left(state, da, ALIGN_LEFT) < 1);
	assert_true(line_left(state, da, ALIGN_END) > 150);
	assert_true(line_left(state, da, ALIGN_RIGHT) > 150);
	assert_true(line_left(state, hebrew, ALIGN_START) > 150);
	assert_true(line_left(state, hebrew, ALIGN_END) < 1);
	assert_true(line_left(state, hebrew, ALIGN_LEFT) < 1);
	assert_true(line_left(state, hebrew, ALIGN_RIGHT) > 150);
	assert_int_equal(text_align_side(ALIGN_START, true), ALIGN_RIGHT);
	assert_int_equal(text_align_side(ALIGN_END, false), ALIGN_RIGHT);
	assert_int_equal(text_align_side(ALIGN_LEFT, true), ALIGN_LEFT);
	assert_int_equal(text_align_side(ALIGN_JUSTIFY, true), ALIGN_JUSTIFY);
}

static void fit__layout_carries_language(void **state)
{
	struct rich r;
	rich_from(&r, "*Hej*");
	PangoLayout *l = pango_layout_new(context(state));
	text_layout_setup(l, &r, &lato11, 11, 100);
	GSList *attrs = pango_attr_list_get_attributes(pango_layout_get_attributes(l));
	bool lang = false, italic = false;
	for (GSList *i = attrs; i; i = i->next) {
		const PangoAttribute *a = i->data;
		if (a->klass->type == PANGO_ATTR_LANGUAGE) {
			PangoLanguage *value = ((const PangoAttrLanguage *)a)->value;
			lang = true;
			assert_string_equal(pango_language_to_string(value), "da");
		} else if (a->klass->type == PANGO_ATTR_STYLE) {
			italic = true;
			assert_int_equal(a->start_index, 0);
			assert_int_equal(a->end_index, 3);
		}
	}
	assert_true(lang && italic);
	g_slist_free_full(attrs, (GDestroyNotify)pango_attribute_destroy);
	assert_int_equal(pango_layout_get_wrap(l), PANGO_WRAP_WORD);
	assert_int_equal(pango_layout_get_width(l), 100 * PANGO_SCALE);
	g_object_unref(l);
	rich_finish(&r);
}

static void fit__justify_and_alignment_are_set(void **state)
{
	struct rich r;
	rich_from(&r, "tekst");
	PangoLayout *l = pango_layout_new(context(state));
	struct text_style st = lato11;
	st.align = ALIGN_JUSTIFY;
	text_layout_setup(l, &r, &st, 11, 100);
	assert_true(pango_layout_get_justify(l));
	assert_int_equal(pango_layout_get_alignment(l), PANGO_ALIGN_LEFT);
	st.align = ALIGN_END;
	text_layout_setup(l, &r, &st, 11, 100);
	assert_false(pango_layout_get_justify(l));
	assert_int_equal(pango_layout_get_alignment(l), PANGO_ALIGN_RIGHT);
	g_object_unref(l);
	rich_finish(&r);
}

/* A question with long compounds, break points where the Danish
 * dictionary puts them (hyphen.h). */
static const char question[] =
        "Hvordan kan med\\-ar\\-bejder\\-re\\-præ\\-sen\\-tan\\-terne og le\\-delsen styrke "
        "sam\\-ar\\-bejds\\-udval\\-get og ar\\-bejds\\-mil\\-jøind\\-sat\\-sen?";

static const struct text_style lato18 = {
        .family = "Lato",
        .weight = PANGO_WEIGHT_NORMAL,
        .size = 18,
        .min_size = 8,
        .line_height = 1.0,
        .align = ALIGN_START,
        .lang = "da",
};

static void fit__hyphens_buy_a_larger_size(void **state)
{
	double w = MM(53), h = MM(40);
	struct rich plain, hyph;
	variants(&plain, &hyph, question);
	struct fit_result without, with;
	fit_text(context(state), &plain, &lato18, w, h, &without);
	fit_text_with_hyphens(context(state), &plain, &hyph, &lato18, w, h, &with);
	rich_finish(&plain);
	rich_finish(&hyph);

	/* the longest compound holds plain text down */
	assert_true(without.fits);
	assert_true(without.size < lato18.size);
	assert_false(without.hyphenated);
	assert_true(with.fits);
	assert_true(with.hyphenated);
	assert_true(with.size > without.size);
	assert_true(is_quarter(with.size));
	assert_true(with.hyphen_lines > 0);
	assert_true(with.hyphen_run <= 2);
	assert_true(with.width <= w && with.height <= h);

	/* the counts are those of the lines the renderer will draw */
	int run;
	bool fits;
	int n = hyphen_lines_at(state, question, &lato18, with.size, w, h, &run, &fits);
	assert_true(fits);
	assert_int_equal(with.hyphen_lines, n);
	assert_int_equal(with.hyphen_run, run);

	/* a null variant is fit_text() */
	struct fit_result same;
	rich_from(&plain, "Medarbejderrepræsentanterne");
	fit_text_with_hyphens(context(state), &plain, NULL, &lato11, MM(20), MM(30), &same);
	rich_finish(&plain);
	assert_false(same.fits);
	assert_false(same.hyphenated);
	assert_float_equal(same.size, 8.0, 0.0);
}

static void fit__text_that_fits_is_never_hyphenated(void **state)
{
	/* the narrow box would break "be-ty-der", but the text fits whole */
	struct fit_result res =
	        fit_hyph(state, "Hvad be\\-ty\\-der til\\-lid for dig?", &lato11, MM(25), MM(40));
	assert_true(res.fits);
	assert_false(res.hyphenated);
	assert_float_equal(res.size, 11.0, 0.0);
	assert_int_equal(res.hyphen_lines, 0);
}

static void fit__hyphens_that_buy_nothing_are_not_used(void **state)
{
	/* too tall, not too wide: every word fits its line, so the hyphens
	 * cannot make it larger and plain text wins the tie */
	const char *src = "sam\\-ar\\-bejde\nsam\\-ar\\-bejde\nsam\\-ar\\-bejde\nsam\\-ar\\-bejde";
	struct fit_result res = fit_hyph(state, src, &lato11, MM(40), MM(14));
	assert_true(res.fits);
	assert_true(res.size < 11.0);
	assert_false(res.hyphenated);
	assert_int_equal(res.hyphen_lines, 0);
}

static void fit__hyphens_make_a_long_word_fit(void **state)
{
	/* plain text fits at no size: any size the variant fits at is better */
	const char *src = "Med\\-ar\\-bej\\-der\\-re\\-præ\\-sen\\-tan\\-ter\\-ne";
	struct fit_result res = fit_hyph(state, src, &lato11, MM(20), MM(30));
	assert_true(res.fits);
	assert_true(res.hyphenated);
	assert_true(res.size >= lato11.min_size);
	assert_true(res.hyphen_lines > 0);
	assert_float_equal(res.overflow_w, 0.0, 0.0);
}

static void fit__no_fit_reports_the_hyphenated_text(void **state)
{
	/* even its fragments are too wide: the variant at min size, which is
	 * what would be drawn, and its smaller overflow */
	const char *src = "Medarbejder\\-repræsentanterne";
	struct fit_result res = fit_hyph(state, src, &lato11, MM(15), MM(30));
	assert_false(res.fits);
	assert_true(res.hyphenated);
	assert_float_equal(res.size, lato11.min_size, 0.0);
	assert_true(res.overflow_w > 0);
	struct fit_result plain =
	        fit(state, "Medarbejderrepræsentanterne", &lato11, MM(15), MM(30));
	assert_true(res.overflow_w < plain.overflow_w);
}

static void fit__avoids_more_than_two_hyphens_in_a_row(void **state)
{
	double w = MM(53), h = MM(60);
	/* at the design size the variant fits, but with a ladder */
	int run;
	bool fits;
	hyphen_lines_at(state, question, &lato18, 18, w, h, &run, &fits);
	assert_true(fits);
	assert_true(run > 2);

	struct fit_result res = fit_hyph(state, question, &lato18, w, h);
	assert_true(res.fits);
	assert_true(res.hyphenated);
	assert_true(res.hyphen_run <= 2);
	assert_true(res.size < 18);
	assert_true(is_quarter(res.size));
	/* and it is the largest such size: every quarter point above has a
	 * ladder */
	for (double s = res.size + 0.25; s < 18; s += 0.25) {
		hyphen_lines_at(state, question, &lato18, s, w, h, &run, &fits);
		if (fits && run <= 2)
			fail_msg("%.2f pt fits without a ladder, %.2f pt was chosen", s, res.size);
	}
	/* still far larger than plain text */
	struct fit_result plain = fit(state,
	                              "Hvordan kan medarbejderrepræsentanterne og ledelsen "
	                              "styrke samarbejdsudvalget og arbejdsmiljøindsatsen?",
	                              &lato18, w, h);
	assert_true(res.size > plain.size);
}

static void fit__unavoidable_ladder_is_accepted(void **state)
{
	/* a word that only fits broken into one syllable per line: every
	 * size has a ladder, so the largest size that fits is taken */
	const char *src = "Sam\\-ar\\-bejds\\-udvalgs\\-møde\\-for\\-be\\-re\\-delsen";
	double w = MM(14), h = MM(80);
	struct fit_result res = fit_hyph(state, src, &lato11, w, h);
	assert_true(res.fits);
	assert_true(res.hyphenated);
	assert_true(res.hyphen_run > 2);
	if (res.size < lato11.size) {
		int run;
		bool fits;
		hyphen_lines_at(state, src, &lato11, res.size + 0.25, w, h, &run, &fits);
		assert_false(fits);
	}
}

/* How full the fullest very short line of r is laid out at size in w:
 * the least fill of the lines other than a paragraph's last, as a share
 * of w; *lines the lines, *run the most in a row that end in a hyphen. */
static double least_fill(void **state, const struct rich *r, double size, double w, int *lines,
                         int *run)
{
	PangoLayout *l = pango_layout_new(context(state));
	text_layout_setup(l, r, &lato11, size, w);
	double least = 1;
	int cur = 0;
	*run = 0;
	*lines = pango_layout_get_line_count(l);
	for (GSList *i = pango_layout_get_lines_readonly(l); i && i->next; i = i->next) {
		const PangoLayoutLine *line = i->data;
		PangoRectangle log;
		pango_layout_line_get_extents((PangoLayoutLine *)line, NULL, &log);
		least = fmin(least, (double)log.width / PANGO_SCALE / w);
		int end = line->start_index + line->length;
		bool hy = line->length >= 2 && memcmp(r->text + end - 2, "\xC2\xAD", 2) == 0;
		cur = hy ? cur + 1 : 0;
		*run = cur > *run ? cur : *run;
	}
	g_object_unref(l);
	return least;
}

static void fit__a_very_short_line_is_mended_with_a_hyphen(void **state)
{
	const char *src =
	        "Det er om arbejds\\-miljø\\-ind\\-sat\\-sen, vi taler i dag, og om hvad vi "
	        "gør bagefter";
	double w = MM(45), h = MM(40);
	struct rich plain, hyph, out;
	variants(&plain, &hyph, src);
	struct fit_result res;
	assert_true(fit_text_with_hyphens(context(state), &plain, &hyph, &lato11, w, h, &res));
	/* it fits plain at its design size, so fitting leaves it unhyphenated */
	assert_false(res.hyphenated);
	assert_float_equal(res.size, 11, 1e-9);
	int lines, run;
	double before = least_fill(state, &plain, 11, w, &lines, &run);
	assert_true(before < 0.65); /* "Det er om" */
	/* the cheap look at the fitted lines sees the short one; the mended
	 * text has none left */
	PangoLayout *l = pango_layout_new(context(state));
	text_layout_setup(l, &plain, &lato11, 11, w);
	assert_true(fit_rag_may_improve(l, w));
	assert_true(fit_improve_rag(context(state), &plain, &hyph, &lato11, w, h, &res, &out));
	text_layout_setup(l, &out, &lato11, 11, w);
	assert_false(fit_rag_may_improve(l, w));
	g_object_unref(l);
	double after = least_fill(state, &out, 11, w, &lines, &run);
	assert_true(after >= 0.65);
	assert_true(res.hyphenated);
	assert_int_equal(res.hyphen_lines, 1);
	assert_float_equal(res.size, 11, 1e-9);
	assert_true(res.height <= h);
	rich_finish(&out);
	rich_finish(&plain);
	rich_finish(&hyph);
}

static void fit__rag_never_makes_three_hyphens_in_a_row(void **state)
{
	/* every line is short plain and every next word can be broken: all
	 * hyphens would make a ladder */
	const char *src =
	        "Om arbejds\\-miljø\\-ind\\-sat\\-sen om sam\\-ar\\-bejds\\-ud\\-val\\-get "
	        "om til\\-lids\\-re\\-præ\\-sen\\-tan\\-ten om "
	        "sy\\-ge\\-fra\\-værs\\-sam\\-ta\\-len om";
	double w = MM(40), h = MM(80);
	struct rich plain, hyph, out;
	variants(&plain, &hyph, src);
	int lines, run;
	least_fill(state, &hyph, 11, w, &lines, &run);
	assert_true(run > 2);
	struct fit_result res;
	assert_true(fit_text_with_hyphens(context(state), &plain, &hyph, &lato11, w, h, &res));
	assert_false(res.hyphenated);
	assert_true(fit_improve_rag(context(state), &plain, &hyph, &lato11, w, h, &res, &out));
	least_fill(state, &out, 11, w, &lines, &run);
	assert_true(run <= 2);
	assert_int_equal(res.hyphen_run, run);
	assert_true(res.hyphen_lines >= 2);
	rich_finish(&out);
	rich_finish(&plain);
	rich_finish(&hyph);
}

/* The x of line i of src laid out at 11pt in width w, in points. */
static double line_x(void **state, const char *src, int i, double w)
{
	struct rich r;
	rich_from(&r, src);
	PangoLayout *l = pango_layout_new(context(state));
	text_layout_setup(l, &r, &lato11, 11, w);
	PangoRectangle log;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	for (int k = 0; k < i; k++)
		pango_layout_iter_next_line(it);
	pango_layout_iter_get_line_extents(it, NULL, &log);
	pango_layout_iter_free(it);
	g_object_unref(l);
	rich_finish(&r);
	return (double)log.x / PANGO_SCALE;
}

static void fit__list_markers_hang(void **state)
{
	const char *list = "\xE2\x80\xA2 en to tre fire fem seks syv otte ni ti\n"
	                   "\xE2\x80\xA2 elleve tolv";
	/* the wrapped line starts under the text, not under the bullet */
	assert_true(line_x(state, list, 1, 80) > 3);
	assert_float_equal(line_x(state, list, 0, 80), 0, 0.01);
	/* a text that is not a list wraps flush left */
	assert_float_equal(line_x(state, "en to tre fire fem seks syv otte ni ti", 1, 80), 0, 0.01);
}

/* The x of the character at byte index of src's text, as line_x() lays it out. */
static double char_x(void **state, const char *src, int index, double w)
{
	struct rich r;
	rich_from(&r, src);
	PangoLayout *l = pango_layout_new(context(state));
	text_layout_setup(l, &r, &lato11, 11, w);
	PangoRectangle pos;
	pango_layout_index_to_pos(l, index, &pos);
	g_object_unref(l);
	rich_finish(&r);
	return (double)pos.x / PANGO_SCALE;
}

static void fit__labelled_options_hang_at_one_stop(void **state)
{
	/* "A", "B", "C" are of different widths: every option's text starts at
	 * one tab stop, and lines that wrap start there too */
	const char *list = "**A** Løn og lokaler\n"
	                   "**B** Tillid, retfærdighed og samarbejdsevne i hele huset\n"
	                   "**C** Trivsel";
	double wrapped = line_x(state, list, 2, 120);
	assert_true(wrapped > 6);
	assert_float_equal(line_x(state, list, 0, 120), 0, 0.01);
	assert_float_equal(char_x(state, list, 2, 120), wrapped, 0.01);     /* "Løn" */
	int b = (int)(strchr(list, '\n') - list) + 1 - 4;                   /* "B" less 4 '*' */
	assert_float_equal(char_x(state, list, b + 2, 120), wrapped, 0.01); /* "Tillid" */
	/* labels that do not count up are no list: wrapped lines go flush left */
	const char *not = "A Løn og lokaler\nC Tillid, retfærdighed og samarbejdsevne i hele huset";
	assert_float_equal(line_x(state, not, 2, 120), 0, 0.01);
	/* nor is one labelled paragraph alone */
	assert_float_equal(line_x(state,
	                          "I tillid, retfærdighed og samarbejdsevne i hele huset og mere",
	                          1, 120),
	                   0, 0.01);
}

/* The variant the lazy tests hand out, and how often it was asked for. */
struct lazy {
	const char *src; /* with \\- at the break points */
	int calls;
};

static bool make_variant(struct rich *out, void *arg)
{
	struct lazy *z = arg;
	z->calls++;
	struct rich plain;
	variants(&plain, out, z->src);
	rich_finish(&plain);
	return true;
}

/* fit_text_hyphen_lazily() on src's plain text; *keep gets the layout. */
static struct fit_result fit_lazy(void **state, struct lazy *z, const struct text_style *st,
                                  double w, double h, PangoLayout **keep)
{
	struct rich plain, hyph;
	variants(&plain, &hyph, z->src);
	rich_finish(&hyph);
	struct fit_hyphens hy = {.make = make_variant, .arg = z};
	struct fit_result res;
	memset(&res, 0xA5, sizeof(res)); /* every field must be written */
	bool ok = fit_text_hyphen_lazily(context(state), &plain, &hy, st, w, h, &res, keep);
	assert_int_equal(ok, res.fits);
	assert_int_equal(hy.made, z->calls > 0);
	if (hy.made)
		rich_finish(&hy.rich);
	rich_finish(&plain);
	return res;
}

static void fit__lazy_hyphens_are_made_only_when_needed(void **state)
{
	/* fits at its design size: the variant is never made */
	struct lazy z = {"Hvad be\\-ty\\-der til\\-lid for dig?", 0};
	struct fit_result res = fit_lazy(state, &z, &lato11, MM(25), MM(40), NULL);
	assert_int_equal(z.calls, 0);
	assert_true(res.fits);
	assert_float_equal(res.size, 11.0, 0.0);

	/* held down by a long compound: made once, and the same choice as
	 * fit_text_with_hyphens() with the variant given */
	z = (struct lazy){question, 0};
	res = fit_lazy(state, &z, &lato18, MM(53), MM(40), NULL);
	assert_int_equal(z.calls, 1);
	struct fit_result eager = fit_hyph(state, question, &lato18, MM(53), MM(40));
	assert_true(res.hyphenated);
	assert_true(eager.hyphenated);
	assert_float_equal(res.size, eager.size, 0.0);
	assert_float_equal(res.height, eager.height, 0.0);
	assert_int_equal(res.hyphen_lines, eager.hyphen_lines);
}

/* The rag mended from the layout fitting kept: the hyphenated variant is
 * made only when a very short line pushes down a word long enough to break,
 * and the result is fit_improve_rag()'s, with the mended layout handed over. */
static void fit__lazy_rag_makes_hyphens_only_for_a_word_it_may_break(void **state)
{
	struct lazy z = {"Det er om arbejds\\-miljø\\-ind\\-sat\\-sen, vi taler i dag, og om "
	                 "hvad vi gør bagefter",
	                 0};
	double w = MM(45), h = MM(40);
	struct rich plain, hyph, out, eager_out;
	variants(&plain, &hyph, z.src);
	struct fit_hyphens hy = {.make = make_variant, .arg = &z};
	struct fit_result res, eager;
	PangoLayout *kept, *mended;
	assert_true(
	        fit_text_hyphen_lazily(context(state), &plain, &hy, &lato11, w, h, &res, &kept));
	assert_int_equal(z.calls, 0);
	eager = res;
	assert_true(fit_improve_rag_lazily(context(state), &plain, kept, &hy, &lato11, w, h, &res,
	                                   &out, &mended));
	assert_int_equal(z.calls, 1);
	assert_true(
	        fit_improve_rag(context(state), &plain, &hyph, &lato11, w, h, &eager, &eager_out));
	assert_string_equal(out.text, eager_out.text);
	assert_int_equal(res.hyphen_lines, eager.hyphen_lines);
	assert_float_equal(res.height, eager.height, 0.0);
	assert_non_null(mended);
	assert_string_equal(pango_layout_get_text(mended), out.text);
	g_object_unref(mended);
	g_object_unref(kept);
	rich_finish(&hy.rich);
	rich_finish(&out);
	rich_finish(&eager_out);
	rich_finish(&plain);
	rich_finish(&hyph);

	/* short words only: nothing to break, nothing made */
	z = (struct lazy){"Hvad be\\-ty\\-der til\\-lid for dig i dag og i morgen?", 0};
	variants(&plain, &hyph, z.src);
	hy = (struct fit_hyphens){.make = make_variant, .arg = &z};
	assert_true(fit_text_hyphen_lazily(context(state), &plain, &hy, &lato11, MM(25), MM(40),
	                                   &res, &kept));
	assert_false(fit_improve_rag_lazily(context(state), &plain, kept, &hy, &lato11, MM(25),
	                                    MM(40), &res, &out, &mended));
	assert_int_equal(z.calls, 0);
	assert_null(mended);
	g_object_unref(kept);
	rich_finish(&plain);
	rich_finish(&hyph);

	/* the same with "på" decomposed (a and a combining ring): the words
	 * a round would try are not found in the layout, so the variant is
	 * made; in General Punctuation ("–") nothing needs composing */
	static const char *const srcs[] = {
	        "Hvad be\\-ty\\-der til\\-lid for dig pa\xcc\x8a dag og i morgen?",
	        "Hvad be\\-ty\\-der til\\-lid for dig – i dag og i morgen?",
	};
	for (int i = 0; i < 2; i++) {
		z = (struct lazy){srcs[i], 0};
		variants(&plain, &hyph, z.src);
		hy = (struct fit_hyphens){.make = make_variant, .arg = &z};
		assert_true(fit_text_hyphen_lazily(context(state), &plain, &hy, &lato11, MM(25),
		                                   MM(40), &res, &kept));
		assert_false(fit_improve_rag_lazily(context(state), &plain, kept, &hy, &lato11,
		                                    MM(25), MM(40), &res, &out, &mended));
		assert_int_equal(z.calls, i == 0 ? 1 : 0);
		if (hy.made)
			rich_finish(&hy.rich);
		g_object_unref(kept);
		rich_finish(&plain);
		rich_finish(&hyph);
	}
}

/* The kept layout is the one drawing would set up: the same size, text and
 * lines as a fresh text_layout_setup() at the chosen size. */
static void assert_kept_layout_is_fresh(void **state, PangoLayout *kept, const char *text,
                                        const struct text_style *st, double size, double w)
{
	assert_non_null(kept);
	assert_string_equal(pango_layout_get_text(kept), text);
	const PangoFontDescription *fd = pango_layout_get_font_description(kept);
	assert_int_equal(pango_font_description_get_size(fd), (int)lround(size * PANGO_SCALE));
	struct rich r;
	rich_init(&r);
	rich_append_plain(&r, text, strlen(text), 0);
	PangoLayout *fresh = pango_layout_new(context(state));
	text_layout_setup(fresh, &r, st, size, w);
	PangoRectangle a, b;
	pango_layout_get_extents(kept, NULL, &a);
	pango_layout_get_extents(fresh, NULL, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(pango_layout_get_line_count(kept), pango_layout_get_line_count(fresh));
	assert_int_equal(pango_layout_get_line_spacing(kept) * 1000,
	                 pango_layout_get_line_spacing(fresh) * 1000);
	g_object_unref(fresh);
	rich_finish(&r);
}

static void fit__keeps_the_layout_it_chose(void **state)
{
	/* at the design size */
	PangoLayout *kept = NULL;
	struct lazy z = {"Hvad betyder tillid for dig?", 0};
	struct fit_result res = fit_lazy(state, &z, &lato11, MM(25), MM(40), &kept);
	assert_kept_layout_is_fresh(state, kept, "Hvad betyder tillid for dig?", &lato11, res.size,
	                            MM(25));
	g_object_unref(kept);

	/* shrunk and hyphenated: the variant's layout at the size chosen */
	z = (struct lazy){question, 0};
	res = fit_lazy(state, &z, &lato18, MM(53), MM(40), &kept);
	assert_true(res.hyphenated);
	assert_true(res.size < lato18.size);
	assert_non_null(kept);
	assert_non_null(strstr(pango_layout_get_text(kept), "\xC2\xAD"));
	assert_int_equal(pango_font_description_get_size(pango_layout_get_font_description(kept)),
	                 (int)lround(res.size * PANGO_SCALE));
	PangoRectangle log;
	pango_layout_get_extents(kept, NULL, &log);
	assert_float_equal((double)log.height / PANGO_SCALE, res.height, 1e-9);
	g_object_unref(kept);

	/* nothing to keep for an empty text */
	z = (struct lazy){"", 0};
	kept = (PangoLayout *)&z;
	res = fit_lazy(state, &z, &lato11, MM(25), MM(40), &kept);
	assert_true(res.fits);
	assert_null(kept);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fit__text_that_fits_keeps_design_size),
	        cmocka_unit_test(fit__long_paragraph_shrinks_and_then_fits),
	        cmocka_unit_test(fit__long_word_in_narrow_box_overflows),
	        cmocka_unit_test(fit__too_much_text_reports_overflow_h),
	        cmocka_unit_test(fit__line_breaks_beyond_the_box_are_refused_by_the_bound),
	        cmocka_unit_test(fit__sizes_are_quarter_points),
	        cmocka_unit_test(fit__min_size_off_the_grid_is_respected),
	        cmocka_unit_test(fit__bold_is_wider),
	        cmocka_unit_test(fit__line_height_is_a_multiple_of_the_size),
	        cmocka_unit_test(fit__list_markers_hang),
	        cmocka_unit_test(fit__labelled_options_hang_at_one_stop),
	        cmocka_unit_test(fit__unset_line_height_is_the_fonts_own),
	        cmocka_unit_test(fit__line_height_holds_in_every_font_and_language),
	        cmocka_unit_test(fit__the_size_is_the_largest_quarter_that_fits),
	        cmocka_unit_test(fit__points_are_points_at_72_dpi),
	        cmocka_unit_test(fit__empty_text_fits),
	        cmocka_unit_test(fit__unknown_glyphs_are_counted),
	        cmocka_unit_test(fit__layout_carries_language),
	        cmocka_unit_test(fit__left_and_right_are_the_sides_of_the_paper),
	        cmocka_unit_test(fit__justify_and_alignment_are_set),
	        cmocka_unit_test(fit__hyphens_buy_a_larger_size),
	        cmocka_unit_test(fit__text_that_fits_is_never_hyphenated),
	        cmocka_unit_test(fit__hyphens_that_buy_nothing_are_not_used),
	        cmocka_unit_test(fit__hyphens_make_a_long_word_fit),
	        cmocka_unit_test(fit__no_fit_reports_the_hyphenated_text),
	        cmocka_unit_test(fit__avoids_more_than_two_hyphens_in_a_row),
	        cmocka_unit_test(fit__unavoidable_ladder_is_accepted),
	        cmocka_unit_test(fit__a_very_short_line_is_mended_with_a_hyphen),
	        cmocka_unit_test(fit__rag_never_makes_three_hyphens_in_a_row),
	        cmocka_unit_test(fit__lazy_hyphens_are_made_only_when_needed),
	        cmocka_unit_test(fit__lazy_rag_makes_hyphens_only_for_a_word_it_may_break),
	        cmocka_unit_test(fit__keeps_the_layout_it_chose),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
