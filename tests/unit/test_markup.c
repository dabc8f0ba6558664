#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "typeset/markup.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define B RICH_BOLD
#define I RICH_ITALIC

struct want_span {
	size_t start, end;
	unsigned style;
};

/* Parses src on top of whatever r holds and asserts success. */
static void parse_ok(struct rich *r, const char *src, unsigned base)
{
	const char *err = NULL;
	size_t off = 12345;
	bool ok = markup_parse(r, src, base, &err, &off);
	if (!ok)
		fail_msg("markup_parse(\"%s\") failed: %s at %zu", src, err, off);
}

static void assert_rich(const struct rich *r, const char *text, size_t len,
                        const struct want_span *spans, size_t nspans)
{
	assert_int_equal(r->len, len);
	assert_memory_equal(r->text, text, len + 1); /* NUL included */
	assert_int_equal(r->nspans, nspans);
	for (size_t i = 0; i < nspans; i++) {
		assert_int_equal(r->spans[i].start, spans[i].start);
		assert_int_equal(r->spans[i].end, spans[i].end);
		assert_int_equal(r->spans[i].style, spans[i].style);
	}
}

static void assert_parses_to(const char *src, const char *text, const struct want_span *spans,
                             size_t nspans)
{
	struct rich r;
	rich_init(&r);
	parse_ok(&r, src, 0);
	assert_rich(&r, text, strlen(text), spans, nspans);
	rich_finish(&r);
}

static void assert_error(const char *src, const char *msg, size_t offset)
{
	struct rich r;
	rich_init(&r);
	const char *err = NULL;
	size_t off = 12345;
	assert_false(markup_parse(&r, src, 0, &err, &off));
	assert_non_null(err);
	assert_string_equal(err, msg);
	assert_int_equal(off, offset);
	rich_finish(&r);
}

static void markup__init_gives_empty_string(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	assert_non_null(r.text);
	assert_string_equal(r.text, "");
	assert_int_equal(r.len, 0);
	assert_int_equal(r.nspans, 0);
	rich_finish(&r);
}

static void markup__empty_source_adds_nothing(void **state)
{
	(void)state;
	assert_parses_to("", "", NULL, 0);
}

static void markup__plain_text_has_no_spans(void **state)
{
	(void)state;
	assert_parses_to("Hvad gør I, når en kollega siger fra?",
	                 "Hvad gør I, når en kollega siger fra?", NULL, 0);
}

static void markup__double_star_makes_bold(void **state)
{
	(void)state;
	const struct want_span s[] = {{4, 6, B}};
	assert_parses_to("Det **er** godt", "Det er godt", s, 1);
}

static void markup__single_star_makes_italic(void **state)
{
	(void)state;
	const struct want_span s[] = {{4, 6, I}};
	assert_parses_to("Det *er* godt", "Det er godt", s, 1);
}

static void markup__star_between_spaces_is_literal(void **state)
{
	(void)state;
	assert_parses_to("5 * 3 = 15", "5 * 3 = 15", NULL, 0);
	assert_parses_to("a ** b", "a ** b", NULL, 0);
}

static void markup__star_at_the_edges_is_literal(void **state)
{
	(void)state;
	/* nothing after a marker to open, nothing before one to close */
	assert_parses_to("note*", "note*", NULL, 0);
	assert_parses_to("x **", "x **", NULL, 0);
}

static void markup__star_between_letters_or_digits_is_literal(void **state)
{
	(void)state;
	/* was "234" with an italic 3 */
	assert_parses_to("2*3*4", "2*3*4", NULL, 0);
	assert_parses_to("a**b**c", "a**b**c", NULL, 0);
	assert_parses_to("snake_case", "snake_case", NULL, 0);
	/* beside punctuation or a space a marker still works */
	const struct want_span s[] = {{1, 3, I}};
	assert_parses_to("(*ja*)", "(ja)", s, 1);
	/* a closing marker inside a word is text, so the opener stays open */
	assert_error("*ord*er", "unclosed '*'", 0);
}

static void markup__marker_before_space_does_not_close(void **state)
{
	(void)state;
	/* the middle "**" has a space before it, so it cannot close */
	const struct want_span s[] = {{0, 6, B}};
	assert_parses_to("**a ** b**", "a ** b", s, 1);
	const struct want_span t[] = {{0, 11, I}};
	assert_parses_to("*x gange * y*", "x gange * y", t, 1);
}

static void markup__marker_after_space_does_not_open(void **state)
{
	(void)state;
	/* "* " cannot open; the last star has a space before it: literal */
	assert_parses_to("a* b *", "a* b *", NULL, 0);
}

static void markup__bold_and_italic_combine(void **state)
{
	(void)state;
	const struct want_span s[] = {{0, 2, B}, {2, 3, B | I}, {3, 5, B}};
	assert_parses_to("**a *b* c**", "a b c", s, 3);
}

static void markup__triple_star_is_bold_italic(void **state)
{
	(void)state;
	const struct want_span s[] = {{4, 6, B | I}};
	assert_parses_to("Det ***er*** godt", "Det er godt", s, 1);
}

static void markup__escaped_star_is_literal(void **state)
{
	(void)state;
	assert_parses_to("\\*ikke kursiv\\*", "*ikke kursiv*", NULL, 0);
	const struct want_span s[] = {{0, 3, B}};
	assert_parses_to("**a\\*b**", "a*b", s, 1);
}

static void markup__escaped_backslash_is_literal(void **state)
{
	(void)state;
	assert_parses_to("C:\\\\temp", "C:\\temp", NULL, 0);
	/* the second backslash is escaped, so the star is a marker */
	const struct want_span s[] = {{1, 2, I}};
	assert_parses_to("\\\\*x*", "\\x", s, 1);
}

static void markup__backslash_dash_is_soft_hyphen(void **state)
{
	(void)state;
	assert_parses_to("arbejds\\-miljø", "arbejds\xC2\xADmiljø", NULL, 0);
	const struct want_span s[] = {{0, 6, B}};
	assert_parses_to("**ab\\-cd**",
	                 "ab\xC2\xAD"
	                 "cd",
	                 s, 1);
}

static void markup__newlines_are_kept(void **state)
{
	(void)state;
	const struct want_span s[] = {{8, 11, B}};
	assert_parses_to("Linje 1\n**fed**", "Linje 1\nfed", s, 1);
	/* a newline is a space: a star before it does not open */
	assert_parses_to("a *\nb*", "a *\nb*", NULL, 0);
}

static void markup__pango_markup_characters_are_text(void **state)
{
	(void)state;
	assert_parses_to("Salt & peber, x < y og <b>AT&T</b>", "Salt & peber, x < y og <b>AT&T</b>",
	                 NULL, 0);
}

static void markup__offsets_are_bytes(void **state)
{
	(void)state;
	/* æ, ø and å are two bytes each */
	const struct want_span s[] = {{0, 4, B}, {5, 7, I}};
	assert_parses_to("**æø** *å*", "æø å", s, 2);
}

static void markup__unknown_escape_is_an_error(void **state)
{
	(void)state;
	assert_error("Linje\\nny", "unknown escape; use '\\\\' for a backslash", 5);
	assert_error("\\ø", "unknown escape; use '\\\\' for a backslash", 0);
}

static void markup__trailing_backslash_is_an_error(void **state)
{
	(void)state;
	assert_error("slut\\", "unknown escape; use '\\\\' for a backslash", 4);
}

static void markup__unclosed_bold_reports_its_offset(void **state)
{
	(void)state;
	assert_error("Det **er godt", "unclosed '**'", 4);
}

static void markup__unclosed_italic_reports_its_offset(void **state)
{
	(void)state;
	assert_error("Det er *godt", "unclosed '*'", 7);
	/* closing needs a non-space before the star */
	assert_error("*godt *", "unclosed '*'", 0);
}

static void markup__earlier_unclosed_marker_is_reported(void **state)
{
	(void)state;
	assert_error("*a **b", "unclosed '*'", 0);
	assert_error("**a *b", "unclosed '**'", 0);
	assert_error("*a* **b *c", "unclosed '**'", 4);
}

static void markup__escape_error_comes_before_unclosed(void **state)
{
	(void)state;
	assert_error("**a \\q", "unknown escape; use '\\\\' for a backslash", 4);
}

static void markup__error_leaves_out_unchanged(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	rich_append_plain(&r, "Q: ", 3, B);
	const char *err = NULL;
	size_t off = 0;
	assert_false(markup_parse(&r, "fint *men", 0, &err, &off));
	const struct want_span s[] = {{0, 3, B}};
	assert_rich(&r, "Q: ", 3, s, 1);
	assert_false(markup_parse(&r, "a\\x", 0, &err, &off));
	assert_rich(&r, "Q: ", 3, s, 1);
	rich_finish(&r);
}

static void markup__appends_with_shifted_spans(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	rich_append_plain(&r, "Nr. 3: ", 7, 0);
	parse_ok(&r, "Hvad *nu*?", 0);
	const struct want_span s[] = {{12, 14, I}};
	assert_rich(&r, "Nr. 3: Hvad nu?", 15, s, 1);
	rich_finish(&r);
}

static void markup__base_style_applies_to_all_text(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	parse_ok(&r, "a *b* c", B);
	const struct want_span s[] = {{0, 2, B}, {2, 3, B | I}, {3, 5, B}};
	assert_rich(&r, "a b c", 5, s, 3);
	rich_finish(&r);
}

static void markup__adjacent_runs_of_one_style_merge(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	rich_append_plain(&r, "ab", 2, B);
	parse_ok(&r, "**cd** e", 0);
	rich_append_plain(&r, "", 0, I); /* adds neither text nor a span */
	const struct want_span s[] = {{0, 4, B}};
	assert_rich(&r, "abcd e", 6, s, 1);
	rich_finish(&r);
}

static void markup__append_plain_takes_stars_literally(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	rich_append_plain(&r, "**x** \\", 7, 0);
	assert_rich(&r, "**x** \\", 7, NULL, 0);
	rich_finish(&r);
}

static void check_attr(const PangoAttribute *a, PangoAttrType type, int value, guint start,
                       guint end)
{
	assert_int_equal(a->klass->type, type);
	assert_int_equal(((const PangoAttrInt *)a)->value, value);
	assert_int_equal(a->start_index, start);
	assert_int_equal(a->end_index, end);
}

static void markup__attrs_cover_maximal_runs(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	/* bold across three spans is one attribute */
	parse_ok(&r, "**æ *b* c** og *d*", 0);
	PangoAttrList *list = rich_get_attrs(&r);
	GSList *attrs = pango_attr_list_get_attributes(list);
	assert_int_equal(g_slist_length(attrs), 3);
	/* sorted by start index; text is "æ b c og d" */
	check_attr(g_slist_nth_data(attrs, 0), PANGO_ATTR_WEIGHT, PANGO_WEIGHT_BOLD, 0, 6);
	check_attr(g_slist_nth_data(attrs, 1), PANGO_ATTR_STYLE, PANGO_STYLE_ITALIC, 3, 4);
	check_attr(g_slist_nth_data(attrs, 2), PANGO_ATTR_STYLE, PANGO_STYLE_ITALIC, 10, 11);
	g_slist_free_full(attrs, (GDestroyNotify)pango_attribute_destroy);
	pango_attr_list_unref(list);
	rich_finish(&r);
}

static void markup__plain_text_has_no_attrs(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	parse_ok(&r, "5 * 3", 0);
	PangoAttrList *list = rich_get_attrs(&r);
	assert_null(pango_attr_list_get_attributes(list));
	pango_attr_list_unref(list);
	rich_finish(&r);
}

/* The bytes of r marked RICH_NOBREAK, as the text with '_' for them. */
static char *nobreak_bytes(const struct rich *r)
{
	char *out = strdup(r->text);
	for (size_t i = 0; i < r->nspans; i++)
		if (r->spans[i].style & RICH_NOBREAK)
			for (size_t k = r->spans[i].start; k < r->spans[i].end; k++)
				out[k] = '_';
	return out;
}

static void assert_binds(const char *src, const char *want)
{
	struct rich r;
	rich_init(&r);
	parse_ok(&r, src, 0);
	rich_bind(&r);
	char *got = nobreak_bytes(&r);
	assert_string_equal(got, want);
	free(got);
	rich_finish(&r);
}

static void markup__bind_keeps_dashes_numbers_ranges_and_last_words(void **state)
{
	(void)state;
	/* a spaced en dash (3 bytes) stays with the word before it */
	assert_binds("Hvad og \xE2\x80\x93 hvorfor ikke alligevel nu her",
	             "Hvad og____ hvorfor ikke alligevel nu__er");
	/* a number with its noun, a range with its ends */
	assert_binds("Skriv højst 20 ord i alt", "Skriv højst 20__rd i__lt");
	assert_binds("Kl. 9.00\xE2\x80\x93"
	             "11.30 i dag",
	             "Kl. 9.00____1.30 i__ag");
	/* the last two words of each paragraph; not when they are too long */
	assert_binds("en to\ntre fire", "en__o\ntre__ire");
	assert_binds("kort medarbejderrepræsentanterne", "kort medarbejderrepræsentanterne");
}

/* A blank line between paragraphs is a half-line gap: its line break. */
static void markup__bind_makes_blank_lines_gaps(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	parse_ok(&r, "a b\n\nc d", 0);
	rich_bind(&r);
	bool gap = false;
	for (size_t i = 0; i < r.nspans; i++)
		if (r.spans[i].style & RICH_GAP) {
			assert_int_equal(r.spans[i].start, 4);
			assert_int_equal(r.spans[i].end, 5);
			gap = true;
		}
	assert_true(gap);
	rich_finish(&r);
}

/* Styles survive binding: spans are split, not lost. */
static void markup__bind_keeps_styles(void **state)
{
	(void)state;
	struct rich r;
	rich_init(&r);
	parse_ok(&r, "**fed** ord", 0);
	rich_bind(&r);
	assert_int_equal(r.nspans, 2);
	assert_int_equal(r.spans[0].style, RICH_BOLD);
	assert_int_equal(r.spans[0].end, 3);
	assert_int_equal(r.spans[1].start, 3);
	assert_int_equal(r.spans[1].end, 5);
	assert_int_equal(r.spans[1].style, RICH_NOBREAK);
	rich_finish(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(markup__init_gives_empty_string),
	        cmocka_unit_test(markup__empty_source_adds_nothing),
	        cmocka_unit_test(markup__plain_text_has_no_spans),
	        cmocka_unit_test(markup__double_star_makes_bold),
	        cmocka_unit_test(markup__single_star_makes_italic),
	        cmocka_unit_test(markup__star_between_spaces_is_literal),
	        cmocka_unit_test(markup__star_at_the_edges_is_literal),
	        cmocka_unit_test(markup__star_between_letters_or_digits_is_literal),
	        cmocka_unit_test(markup__bind_keeps_dashes_numbers_ranges_and_last_words),
	        cmocka_unit_test(markup__bind_keeps_styles),
	        cmocka_unit_test(markup__bind_makes_blank_lines_gaps),
	        cmocka_unit_test(markup__marker_before_space_does_not_close),
	        cmocka_unit_test(markup__marker_after_space_does_not_open),
	        cmocka_unit_test(markup__bold_and_italic_combine),
	        cmocka_unit_test(markup__triple_star_is_bold_italic),
	        cmocka_unit_test(markup__escaped_star_is_literal),
	        cmocka_unit_test(markup__escaped_backslash_is_literal),
	        cmocka_unit_test(markup__backslash_dash_is_soft_hyphen),
	        cmocka_unit_test(markup__newlines_are_kept),
	        cmocka_unit_test(markup__pango_markup_characters_are_text),
	        cmocka_unit_test(markup__offsets_are_bytes),
	        cmocka_unit_test(markup__unknown_escape_is_an_error),
	        cmocka_unit_test(markup__trailing_backslash_is_an_error),
	        cmocka_unit_test(markup__unclosed_bold_reports_its_offset),
	        cmocka_unit_test(markup__unclosed_italic_reports_its_offset),
	        cmocka_unit_test(markup__earlier_unclosed_marker_is_reported),
	        cmocka_unit_test(markup__escape_error_comes_before_unclosed),
	        cmocka_unit_test(markup__error_leaves_out_unchanged),
	        cmocka_unit_test(markup__appends_with_shifted_spans),
	        cmocka_unit_test(markup__base_style_applies_to_all_text),
	        cmocka_unit_test(markup__adjacent_runs_of_one_style_merge),
	        cmocka_unit_test(markup__append_plain_takes_stars_literally),
	        cmocka_unit_test(markup__attrs_cover_maximal_runs),
	        cmocka_unit_test(markup__plain_text_has_no_attrs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
