#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "load/scalar.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM(x) ((x)*72.0 / 25.4)

/* The hints, spelled out here so that a changed word fails a test. */
#define NO_UNIT "a length needs a unit: mm, cm, in or pt"
#define LEN_NOT_NUMBER "expected a number with a unit, such as '3mm'"
#define LEN_UNKNOWN_UNIT "unknown unit; use mm, cm, in or pt"
#define LEN_EXPONENT "no exponents; write the number out, such as '1000mm'"
#define LEN_TRAILING "unexpected text after the unit"
#define LEN_TOO_LARGE "too large; at most 5 m"
#define COLOR_HINT "a colour is '#RRGGBB' or '#RGB', such as '#2E6DB4'"
#define SIZE_NOT_SIZE                                                                              \
	"a size is a preset (poker, bridge, tarot, a7, a6, square, a4, ...) or "                   \
	"'WIDTH x HEIGHT' with units, such as '63mm x 88mm'"
#define SIZE_SHAPE "a size is 'WIDTH x HEIGHT' with units, such as '63mm x 88mm'"
#define SIZE_AFTER_PRESET "after the preset, only 'landscape' or 'portrait' may follow"
#define SIZE_TRAILING "unexpected text after the size"
#define SIZE_TOO_SMALL "too small; at least 10mm on each side"
#define SIZE_TOO_LARGE "too large; at most 5 m on each side"
#define INT_NOT_INT "expected a whole number"
#define OUT_OF_RANGE "number out of range"
#define NOT_NUMBER "expected a number"
#define PCT_NOT_PCT "expected a percentage such as '20%'"
#define PCT_TOO_LARGE "a percentage is at most 100%"
#define BOOL_HINT "expected true or false"

/* Values converted from mm go through one multiplication; 1e-9 pt is far
 * below anything visible and far above double rounding at these sizes. */
static void assert_near(double got, double want, const char *what)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

static void assert_length(const char *s, double want_pt)
{
	double pt = -12345;
	const char *hint = scalar_parse_length(s, &pt);
	if (hint)
		fail_msg("scalar_parse_length(\"%s\") failed: %s", s, hint);
	assert_near(pt, want_pt, s);
}

static void assert_length_hint(const char *s, const char *want)
{
	double pt = -12345;
	const char *hint = scalar_parse_length(s, &pt);
	if (!hint)
		fail_msg("scalar_parse_length(\"%s\") accepted it as %.17g pt", s, pt);
	assert_string_equal(hint, want);
	assert_true(pt == -12345); /* untouched on failure */
}

static void assert_size(const char *s, double want_w, double want_h)
{
	double w = -1, h = -1;
	const char *hint = scalar_parse_size(s, &w, &h);
	if (hint)
		fail_msg("scalar_parse_size(\"%s\") failed: %s", s, hint);
	assert_near(w, want_w, s);
	assert_near(h, want_h, s);
}

static void assert_size_hint(const char *s, const char *want)
{
	double w = -1, h = -1;
	const char *hint = scalar_parse_size(s, &w, &h);
	if (!hint)
		fail_msg("scalar_parse_size(\"%s\") accepted it as %.17g x %.17g", s, w, h);
	assert_string_equal(hint, want);
	assert_true(w == -1 && h == -1);
}

static void assert_color(const char *s, double r, double g, double b)
{
	struct color c = {-1, -1, -1};
	const char *hint = scalar_parse_color(s, &c);
	if (hint)
		fail_msg("scalar_parse_color(\"%s\") failed: %s", s, hint);
	assert_near(c.r, r, s);
	assert_near(c.g, g, s);
	assert_near(c.b, b, s);
}

static void assert_color_refused(const char *s)
{
	struct color c = {-1, -1, -1};
	const char *hint = scalar_parse_color(s, &c);
	if (!hint)
		fail_msg("scalar_parse_color(\"%s\") accepted it", s);
	assert_string_equal(hint, COLOR_HINT);
	assert_true(c.r == -1 && c.g == -1 && c.b == -1);
}

static void assert_int(const char *s, long min, long max, long want)
{
	long v = -12345;
	const char *hint = scalar_parse_int(s, min, max, &v);
	if (hint)
		fail_msg("scalar_parse_int(\"%s\") failed: %s", s, hint);
	assert_int_equal(v, want);
}

static void assert_int_hint(const char *s, long min, long max, const char *want)
{
	long v = -12345;
	const char *hint = scalar_parse_int(s, min, max, &v);
	if (!hint)
		fail_msg("scalar_parse_int(\"%s\") accepted it as %ld", s, v);
	assert_string_equal(hint, want);
	assert_int_equal(v, -12345);
}

static void assert_percent(const char *s, double want)
{
	double v = -1;
	const char *hint = scalar_parse_percent(s, &v);
	if (hint)
		fail_msg("scalar_parse_percent(\"%s\") failed: %s", s, hint);
	assert_near(v, want, s);
}

static void assert_percent_hint(const char *s, const char *want)
{
	double v = -1;
	const char *hint = scalar_parse_percent(s, &v);
	if (!hint)
		fail_msg("scalar_parse_percent(\"%s\") accepted it as %.17g", s, v);
	assert_string_equal(hint, want);
	assert_true(v == -1);
}

/* ---- lengths ---- */

static void scalar__length_in_points(void **state)
{
	(void)state;
	assert_length("11pt", 11);
	assert_length("0pt", 0);
	assert_length("0.5pt", 0.5);
}

static void scalar__length_in_inches(void **state)
{
	(void)state;
	assert_length("1in", 72);
	assert_length("0.125in", 9);
	assert_length("2.5in", 180);
}

static void scalar__length_in_millimetres(void **state)
{
	(void)state;
	assert_length("25.4mm", 72);
	assert_length("3mm", MM(3));
	assert_length("63mm", MM(63));
}

static void scalar__length_in_centimetres(void **state)
{
	(void)state;
	assert_length("2.54cm", 72);
	assert_length("1cm", MM(10));
}

static void scalar__negative_length(void **state)
{
	(void)state;
	assert_length("-1.5mm", MM(-1.5));
	assert_length("-1in", -72);
	assert_length("+2pt", 2);
}

static void scalar__spaces_around_number_and_unit(void **state)
{
	(void)state;
	assert_length("-1.5 mm", MM(-1.5));
	assert_length("3   pt", 3);
	assert_length("  3mm  ", MM(3));
}

static void scalar__fraction_without_leading_digit(void **state)
{
	(void)state;
	assert_length(".5in", 36);
	assert_length("1.in", 72);
}

static void scalar__bare_number_is_not_a_length(void **state)
{
	(void)state;
	assert_length_hint("12", NO_UNIT);
	assert_length_hint("12   ", NO_UNIT);
	assert_length_hint("0", NO_UNIT);
}

static void scalar__unknown_unit_is_refused(void **state)
{
	(void)state;
	assert_length_hint("3px", LEN_UNKNOWN_UNIT);
	assert_length_hint("3m", LEN_UNKNOWN_UNIT);
	assert_length_hint("3MM", LEN_UNKNOWN_UNIT);
	assert_length_hint("3 %", LEN_UNKNOWN_UNIT);
}

static void scalar__text_after_the_unit_is_refused(void **state)
{
	(void)state;
	assert_length_hint("3mmx", LEN_TRAILING);
	assert_length_hint("3inch", LEN_TRAILING);
	assert_length_hint("3mm 4mm", LEN_TRAILING);
	assert_length_hint("3ptpt", LEN_TRAILING);
}

static void scalar__length_without_a_number_is_refused(void **state)
{
	(void)state;
	assert_length_hint("", LEN_NOT_NUMBER);
	assert_length_hint("   ", LEN_NOT_NUMBER);
	assert_length_hint("mm", LEN_NOT_NUMBER);
	assert_length_hint("-mm", LEN_NOT_NUMBER);
	assert_length_hint(".mm", LEN_NOT_NUMBER);
	assert_length_hint("- 3mm", LEN_NOT_NUMBER);
	assert_length_hint("1,5mm", LEN_UNKNOWN_UNIT);
}

static void scalar__exponent_is_refused(void **state)
{
	(void)state;
	/* told as such: "unknown unit" sent one looking for a unit 'e3mm' */
	assert_length_hint("1e3mm", LEN_EXPONENT);
	assert_length_hint("1E3mm", LEN_EXPONENT);
	assert_length_hint("1e-3 mm", LEN_EXPONENT);
	assert_length_hint("2em", LEN_UNKNOWN_UNIT); /* a unit, if not ours */
}

static void scalar__hex_inf_and_nan_are_refused(void **state)
{
	(void)state;
	assert_length_hint("0x10pt", LEN_UNKNOWN_UNIT);
	assert_length_hint("inf pt", LEN_NOT_NUMBER);
	assert_length_hint("nan pt", LEN_NOT_NUMBER);
}

static void scalar__too_large_length_is_refused(void **state)
{
	(void)state;
	assert_length("200in", 14400); /* exactly the limit */
	assert_length("-200in", -14400);
	assert_length_hint("201in", LEN_TOO_LARGE);
	assert_length_hint("-201in", LEN_TOO_LARGE);
	assert_length_hint("5081mm", LEN_TOO_LARGE);
	assert_length_hint("14401pt", LEN_TOO_LARGE);
}

static void scalar__too_many_digits_are_refused(void **state)
{
	(void)state;
	assert_length("000000000000001pt", 1);       /* 15 digits */
	assert_length("0.00000000000001in", 72e-14); /* 15 digits */
	assert_length_hint("0000000000000001pt", LEN_NOT_NUMBER);
	assert_length_hint("0.000000000000001in", LEN_NOT_NUMBER);
	assert_length_hint("99999999999999999999999999999999mm", LEN_NOT_NUMBER);
}

/* ---- colours ---- */

static void scalar__six_digit_colour_has_exact_channels(void **state)
{
	(void)state;
	assert_color("#2E6DB4", 0x2E / 255.0, 0x6D / 255.0, 0xB4 / 255.0);
	assert_color("#000000", 0, 0, 0);
	assert_color("#FFFFFF", 1, 1, 1);
	assert_color("#FF0080", 1, 0, 128 / 255.0);
}

static void scalar__three_digit_colour_expands(void **state)
{
	(void)state;
	assert_color("#F00", 1, 0, 0);
	assert_color("#abc", 0xAA / 255.0, 0xBB / 255.0, 0xCC / 255.0);
	assert_color("#123", 0x11 / 255.0, 0x22 / 255.0, 0x33 / 255.0);
}

static void scalar__colour_is_case_insensitive(void **state)
{
	(void)state;
	assert_color("#2e6db4", 0x2E / 255.0, 0x6D / 255.0, 0xB4 / 255.0);
	assert_color("#2E6dB4", 0x2E / 255.0, 0x6D / 255.0, 0xB4 / 255.0);
	assert_color("#aBc", 0xAA / 255.0, 0xBB / 255.0, 0xCC / 255.0);
}

static void scalar__colour_without_hash_is_refused(void **state)
{
	(void)state;
	assert_color_refused("2E6DB4");
	assert_color_refused("abc");
	assert_color_refused("red");
	assert_color_refused(" #2E6DB4");
}

static void scalar__colour_of_wrong_length_is_refused(void **state)
{
	(void)state;
	assert_color_refused("");
	assert_color_refused("#");
	assert_color_refused("#1");
	assert_color_refused("#12");
	assert_color_refused("#1234");
	assert_color_refused("#12345");
	assert_color_refused("#1234567");
	assert_color_refused("#2E6DB4FF");
	assert_color_refused("#2E6DB4 ");
}

static void scalar__non_hex_colour_is_refused(void **state)
{
	(void)state;
	assert_color_refused("#GGG");
	assert_color_refused("#12345G");
	assert_color_refused("#-12345");
	assert_color_refused("#12 456");
	assert_color_refused("#0x1234");
}

/* ---- sizes ---- */

static void scalar__every_preset_has_exact_size(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		double w_mm, h_mm;
	} want[] = {
	        {"poker", 63, 88},        {"bridge", 57, 89}, {"tarot", 70, 120}, {"a7", 74, 105},
	        {"a6", 105, 148},         {"square", 70, 70}, {"a5", 148, 210},   {"a4", 210, 297},
	        {"a3", 297, 420},         {"a2", 420, 594},   {"a1", 594, 841},   {"a0", 841, 1189},
	        {"letter", 215.9, 279.4},
	};
	size_t n = sizeof(want) / sizeof(want[0]);
	for (size_t i = 0; i < n; i++)
		assert_size(want[i].name, MM(want[i].w_mm), MM(want[i].h_mm));
	/* and the list for suggestions names exactly these, in this order */
	for (size_t i = 0; i < n; i++) {
		assert_non_null(scalar_size_presets[i]);
		assert_string_equal(scalar_size_presets[i], want[i].name);
	}
	assert_null(scalar_size_presets[n]);
}

static void scalar__letter_is_612_by_792_points(void **state)
{
	(void)state;
	assert_size("letter", 612, 792);
}

static void scalar__landscape_swaps_sides(void **state)
{
	(void)state;
	assert_size("poker landscape", MM(88), MM(63));
	assert_size("a4 landscape", MM(297), MM(210));
	assert_size("letter landscape", 792, 612);
	assert_size("square landscape", MM(70), MM(70));
	assert_size("tarot   landscape", MM(120), MM(70));
	/* in any case, as the preset is */
	assert_size("A6 Landscape", MM(148), MM(105));
	assert_size("Poker PORTRAIT", MM(63), MM(88));
}

static void scalar__portrait_keeps_sides(void **state)
{
	(void)state;
	assert_size("poker portrait", MM(63), MM(88));
	assert_size("a6 portrait", MM(105), MM(148));
}

static void scalar__preset_name_is_case_insensitive(void **state)
{
	(void)state;
	assert_size("Poker", MM(63), MM(88));
	assert_size("A4", MM(210), MM(297));
	assert_size("  bridge  ", MM(57), MM(89));
}

static void scalar__preset_followed_by_other_text_is_refused(void **state)
{
	(void)state;
	assert_size_hint("poker sideways", SIZE_AFTER_PRESET);
	assert_size_hint("a4 landscape please", SIZE_AFTER_PRESET);
}

static void scalar__unknown_preset_is_refused(void **state)
{
	(void)state;
	assert_size_hint("pokr", SIZE_NOT_SIZE);
	assert_size_hint("a8", SIZE_NOT_SIZE);
	assert_size_hint("a40", SIZE_NOT_SIZE);
	assert_size_hint("pokerface", SIZE_NOT_SIZE);
	assert_size_hint("", SIZE_NOT_SIZE);
	assert_size_hint("-63mm x 88mm", SIZE_NOT_SIZE);
}

static void scalar__size_with_a_unit_on_each_side(void **state)
{
	(void)state;
	assert_size("63mm x 88mm", MM(63), MM(88));
	assert_size("63 mm x 88 mm", MM(63), MM(88));
	assert_size("63mmx88mm", MM(63), MM(88));
	assert_size("63mm X 88mm", MM(63), MM(88));
	assert_size("2.5in x 3.5in", 180, 252);
	assert_size("1in x 25.4mm", 72, 72);
	assert_size("6.3cm x 8.8cm", MM(63), MM(88));
	assert_size("100pt x 200pt", 100, 200);
}

static void scalar__height_unit_applies_to_both_sides(void **state)
{
	(void)state;
	assert_size("63x88mm", MM(63), MM(88));
	assert_size("63 x 88mm", MM(63), MM(88));
	assert_size("2.5x3.5in", 180, 252);
}

static void scalar__size_without_units_is_refused(void **state)
{
	(void)state;
	assert_size_hint("63 x 88", NO_UNIT);
	assert_size_hint("63x88", NO_UNIT);
	assert_size_hint("63mm x 88", NO_UNIT);
}

static void scalar__size_with_unknown_unit_says_so(void **state)
{
	(void)state;
	assert_size_hint("63 x 88px", "unknown unit; use mm, cm, in or pt");
}

static void scalar__malformed_size_is_refused(void **state)
{
	(void)state;
	assert_size_hint("63mm", SIZE_SHAPE);
	assert_size_hint("63mm by 88mm", SIZE_SHAPE);
	assert_size_hint("63mm x", SIZE_SHAPE);
	assert_size_hint("63mm x mm", SIZE_SHAPE);
	assert_size_hint("63mm x -88mm", SIZE_SHAPE);
	assert_size_hint("63mm x 88mm x 2mm", SIZE_TRAILING);
	assert_size_hint("63mm x 88mmm", SIZE_TRAILING);
}

static void scalar__too_small_size_is_refused(void **state)
{
	(void)state;
	assert_size("10mm x 10mm", MM(10), MM(10)); /* exactly the limit */
	assert_size_hint("9.9mm x 88mm", SIZE_TOO_SMALL);
	assert_size_hint("63mm x 9mm", SIZE_TOO_SMALL);
	assert_size_hint("0x88mm", SIZE_TOO_SMALL);
	assert_size_hint("28pt x 88mm", SIZE_TOO_SMALL);
}

static void scalar__too_large_size_is_refused(void **state)
{
	(void)state;
	assert_size("200in x 200in", 14400, 14400); /* exactly the limit */
	assert_size_hint("201in x 10in", SIZE_TOO_LARGE);
	assert_size_hint("10in x 201in", SIZE_TOO_LARGE);
	assert_size_hint("6m x 1m", SIZE_SHAPE);
}

/* ---- whole numbers ---- */

static void scalar__int_in_range(void **state)
{
	(void)state;
	assert_int("0", 0, 10, 0);
	assert_int("10", 0, 10, 10);
	assert_int("-3", -5, 5, -3);
	assert_int("007", 0, 10, 7);
	assert_int("300", 72, 1200, 300);
}

static void scalar__int_out_of_range_is_refused(void **state)
{
	(void)state;
	assert_int_hint("11", 0, 10, OUT_OF_RANGE);
	assert_int_hint("-1", 0, 10, OUT_OF_RANGE);
	assert_int_hint("71", 72, 1200, OUT_OF_RANGE);
	assert_int_hint("1201", 72, 1200, OUT_OF_RANGE);
}

static void scalar__int_with_junk_is_refused(void **state)
{
	(void)state;
	assert_int_hint("", 0, 10, INT_NOT_INT);
	assert_int_hint("-", 0, 10, INT_NOT_INT);
	assert_int_hint("+3", 0, 10, INT_NOT_INT);
	assert_int_hint(" 3", 0, 10, INT_NOT_INT);
	assert_int_hint("3 ", 0, 10, INT_NOT_INT);
	assert_int_hint("3.0", 0, 10, INT_NOT_INT);
	assert_int_hint("3x", 0, 10, INT_NOT_INT);
	assert_int_hint("0x3", 0, 10, INT_NOT_INT);
	assert_int_hint("1e2", 0, 1000, INT_NOT_INT);
	assert_int_hint("--3", -10, 10, INT_NOT_INT);
}

static void scalar__int_overflow_is_refused(void **state)
{
	(void)state;
	assert_int_hint("99999999999999999999", LONG_MIN, LONG_MAX, OUT_OF_RANGE);
	assert_int_hint("-99999999999999999999", LONG_MIN, LONG_MAX, OUT_OF_RANGE);
	assert_int_hint("9223372036854775808", LONG_MIN, LONG_MAX, OUT_OF_RANGE);
	assert_int_hint("99999999999999999999999999999999999999", 0, 10, OUT_OF_RANGE);
}

static void scalar__int_accepts_long_max(void **state)
{
	(void)state;
	assert_int("9223372036854775807", LONG_MIN, LONG_MAX, LONG_MAX);
	assert_int("9223372036854775799", LONG_MIN, LONG_MAX, LONG_MAX - 8);
	assert_int("-9223372036854775807", LONG_MIN, LONG_MAX, -LONG_MAX);
}

static void scalar__int_accepts_long_min(void **state)
{
	(void)state;
	assert_int("-9223372036854775808", LONG_MIN, LONG_MAX, LONG_MIN);
}

/* ---- numbers ---- */

static void scalar__number_in_range(void **state)
{
	(void)state;
	double v = -1;
	assert_null(scalar_parse_number("1.5", 0, 2, &v));
	assert_near(v, 1.5, "1.5");
	assert_null(scalar_parse_number("-0.25", -1, 1, &v));
	assert_near(v, -0.25, "-0.25");
	assert_null(scalar_parse_number("2", 0, 2, &v));
	assert_near(v, 2, "2");
}

static void scalar__number_out_of_range_or_malformed_is_refused(void **state)
{
	(void)state;
	double v = -1;
	assert_string_equal(scalar_parse_number("2.01", 0, 2, &v), OUT_OF_RANGE);
	assert_string_equal(scalar_parse_number("-0.5", 0, 2, &v), OUT_OF_RANGE);
	assert_string_equal(scalar_parse_number("1e3", 0, 2000, &v), NOT_NUMBER);
	assert_string_equal(scalar_parse_number("", 0, 2, &v), NOT_NUMBER);
	assert_string_equal(scalar_parse_number("1.5 ", 0, 2, &v), NOT_NUMBER);
	assert_string_equal(scalar_parse_number("1mm", 0, 2, &v), NOT_NUMBER);
	assert_string_equal(scalar_parse_number("nan", 0, 2, &v), NOT_NUMBER);
	assert_true(v == -1);
}

/* ---- percentages ---- */

static void scalar__percent_is_a_fraction(void **state)
{
	(void)state;
	assert_percent("42%", 0.42);
	assert_percent("0%", 0);
	assert_percent("100%", 1);
	assert_percent("12.5%", 0.125);
}

static void scalar__percent_out_of_range_is_refused(void **state)
{
	(void)state;
	assert_percent_hint("101%", PCT_TOO_LARGE);
	assert_percent_hint("100.5%", PCT_TOO_LARGE);
	assert_percent_hint("-5%", PCT_NOT_PCT);
}

static void scalar__malformed_percent_is_refused(void **state)
{
	(void)state;
	assert_percent_hint("42", PCT_NOT_PCT);
	assert_percent_hint("42 %", PCT_NOT_PCT);
	assert_percent_hint("42%%", PCT_NOT_PCT);
	assert_percent_hint("%", PCT_NOT_PCT);
	assert_percent_hint("", PCT_NOT_PCT);
	assert_percent_hint("0.42", PCT_NOT_PCT);
}

/* ---- booleans ---- */

static void scalar__bool_true_and_false(void **state)
{
	(void)state;
	bool b = false;
	assert_null(scalar_parse_bool("true", &b));
	assert_true(b);
	assert_null(scalar_parse_bool("false", &b));
	assert_false(b);
}

static void scalar__other_bool_spellings_are_refused(void **state)
{
	(void)state;
	static const char *const refused[] = {"True", "FALSE", "yes", "no",    "on",    "off",
	                                      "1",    "0",     "",    "true ", " false"};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		bool b = true;
		const char *hint = scalar_parse_bool(refused[i], &b);
		if (!hint)
			fail_msg("scalar_parse_bool(\"%s\") accepted it", refused[i]);
		assert_string_equal(hint, BOOL_HINT);
		assert_true(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(scalar__length_in_points),
	        cmocka_unit_test(scalar__length_in_inches),
	        cmocka_unit_test(scalar__length_in_millimetres),
	        cmocka_unit_test(scalar__length_in_centimetres),
	        cmocka_unit_test(scalar__negative_length),
	        cmocka_unit_test(scalar__spaces_around_number_and_unit),
	        cmocka_unit_test(scalar__fraction_without_leading_digit),
	        cmocka_unit_test(scalar__bare_number_is_not_a_length),
	        cmocka_unit_test(scalar__unknown_unit_is_refused),
	        cmocka_unit_test(scalar__text_after_the_unit_is_refused),
	        cmocka_unit_test(scalar__length_without_a_number_is_refused),
	        cmocka_unit_test(scalar__exponent_is_refused),
	        cmocka_unit_test(scalar__hex_inf_and_nan_are_refused),
	        cmocka_unit_test(scalar__too_large_length_is_refused),
	        cmocka_unit_test(scalar__too_many_digits_are_refused),
	        cmocka_unit_test(scalar__six_digit_colour_has_exact_channels),
	        cmocka_unit_test(scalar__three_digit_colour_expands),
	        cmocka_unit_test(scalar__colour_is_case_insensitive),
	        cmocka_unit_test(scalar__colour_without_hash_is_refused),
	        cmocka_unit_test(scalar__colour_of_wrong_length_is_refused),
	        cmocka_unit_test(scalar__non_hex_colour_is_refused),
	        cmocka_unit_test(scalar__every_preset_has_exact_size),
	        cmocka_unit_test(scalar__letter_is_612_by_792_points),
	        cmocka_unit_test(scalar__landscape_swaps_sides),
	        cmocka_unit_test(scalar__portrait_keeps_sides),
	        cmocka_unit_test(scalar__preset_name_is_case_insensitive),
	        cmocka_unit_test(scalar__preset_followed_by_other_text_is_refused),
	        cmocka_unit_test(scalar__unknown_preset_is_refused),
	        cmocka_unit_test(scalar__size_with_a_unit_on_each_side),
	        cmocka_unit_test(scalar__height_unit_applies_to_both_sides),
	        cmocka_unit_test(scalar__size_without_units_is_refused),
	        cmocka_unit_test(scalar__size_with_unknown_unit_says_so),
	        cmocka_unit_test(scalar__malformed_size_is_refused),
	        cmocka_unit_test(scalar__too_small_size_is_refused),
	        cmocka_unit_test(scalar__too_large_size_is_refused),
	        cmocka_unit_test(scalar__int_in_range),
	        cmocka_unit_test(scalar__int_out_of_range_is_refused),
	        cmocka_unit_test(scalar__int_with_junk_is_refused),
	        cmocka_unit_test(scalar__int_overflow_is_refused),
	        cmocka_unit_test(scalar__int_accepts_long_max),
	        cmocka_unit_test(scalar__int_accepts_long_min),
	        cmocka_unit_test(scalar__number_in_range),
	        cmocka_unit_test(scalar__number_out_of_range_or_malformed_is_refused),
	        cmocka_unit_test(scalar__percent_is_a_fraction),
	        cmocka_unit_test(scalar__percent_out_of_range_is_refused),
	        cmocka_unit_test(scalar__malformed_percent_is_refused),
	        cmocka_unit_test(scalar__bool_true_and_false),
	        cmocka_unit_test(scalar__other_bool_spellings_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
