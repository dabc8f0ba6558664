#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/suggest.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const keys[] = {"name",  "size",     "bleed",      "templates",
                                   "cards", "category", "background", "language"};

static void assert_suggests(const char *word, const char *const *cands, size_t n, const char *want)
{
	const char *got = suggest(word, cands, n);
	if (!got)
		fail_msg("suggest(\"%s\") gave NULL, want '%s'", word, want);
	assert_string_equal(got, want);
}

static void assert_no_suggestion(const char *word, const char *const *cands, size_t n)
{
	const char *got = suggest(word, cands, n);
	if (got)
		fail_msg("suggest(\"%s\") gave '%s', want NULL", word, got);
}

static void suggest__finds_a_typo(void **state)
{
	(void)state;
	assert_suggests("nmae", keys, COUNT(keys), "name");
	assert_suggests("bleeed", keys, COUNT(keys), "bleed");
	assert_suggests("templtes", keys, COUNT(keys), "templates");
	assert_suggests("catgory", keys, COUNT(keys), "category");
	assert_suggests("backgrund", keys, COUNT(keys), "background");
}

static void suggest__returns_the_borrowed_candidate(void **state)
{
	(void)state;
	assert_ptr_equal(suggest("sise", keys, COUNT(keys)), keys[1]);
}

static void suggest__is_case_insensitive(void **state)
{
	(void)state;
	assert_suggests("NAME", keys, COUNT(keys), "name");
	assert_suggests("Bleed", keys, COUNT(keys), "bleed");
	assert_suggests("CATGORY", keys, COUNT(keys), "category");
	assert_int_equal(suggest_distance("PoKeR", "poker"), 0);
}

static void suggest__too_far_gives_null(void **state)
{
	(void)state;
	assert_no_suggestion("colour", keys, COUNT(keys));
	assert_no_suggestion("xyz", keys, COUNT(keys));
	assert_no_suggestion("", keys, COUNT(keys));
	assert_no_suggestion("name", keys, 0);
}

static void suggest__limit_is_one_edit_up_to_four_letters(void **state)
{
	(void)state;
	static const char *const c[] = {"size"};
	assert_suggests("sze", c, 1, "size");  /* 3 letters, 1 edit */
	assert_suggests("sizx", c, 1, "size"); /* 4 letters, 1 edit */
	assert_no_suggestion("sxzx", c, 1);    /* 4 letters, 2 edits */
	assert_no_suggestion("zz", c, 1);
}

static void suggest__limit_is_two_edits_up_to_eight_letters(void **state)
{
	(void)state;
	static const char *const c[] = {"category"};
	assert_suggests("catxgory", c, 1, "category"); /* 8 letters, 1 edit */
	assert_suggests("catxxory", c, 1, "category"); /* 8 letters, 2 edits */
	assert_no_suggestion("cxtxxory", c, 1);        /* 8 letters, 3 edits */
	static const char *const d[] = {"bleed"};
	assert_suggests("blxxd", d, 1, "bleed"); /* 5 letters, 2 edits */
	assert_no_suggestion("xlxxd", d, 1);     /* 5 letters, 3 edits */
}

static void suggest__limit_is_three_edits_past_eight_letters(void **state)
{
	(void)state;
	static const char *const c[] = {"background"};
	assert_suggests("bxckxroxnd", c, 1, "background"); /* 10 letters, 3 edits */
	assert_no_suggestion("bxckxroxnx", c, 1);          /* 10 letters, 4 edits */
	static const char *const d[] = {"templates"};
	assert_no_suggestion("templ", d, 1); /* the limit follows the word: 5 letters, 2 edits */
}

static void suggest__transposition_counts_one(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("form", "from"), 1);
	assert_int_equal(suggest_distance("ab", "ba"), 1);
	assert_int_equal(suggest_distance("tilid", "tildi"), 1);
	static const char *const c[] = {"from", "size"};
	assert_suggests("form", c, 2, "from"); /* 4 letters allow only 1 edit */
	assert_suggests("szie", c, 2, "size");
}

static void suggest__distance_counts_edits(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("", "abc"), 3);
	assert_int_equal(suggest_distance("abc", ""), 3);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
	assert_int_equal(suggest_distance("name", "name"), 0);
	assert_int_equal(suggest_distance("name", "names"), 1);
	assert_int_equal(suggest_distance("name", "nme"), 1);
	assert_int_equal(suggest_distance("name", "nbme"), 1);
	/* optimal string alignment: no edits inside a transposed pair */
	assert_int_equal(suggest_distance("ca", "abc"), 3);
}

static void suggest__short_candidate_is_not_suggested(void **state)
{
	(void)state;
	/* one edit turns "x" into "y" or "ab" into "a": nothing of the
	 * candidate is left, so it is no evidence of a typo */
	static const char *const c1[] = {"y"};
	assert_no_suggestion("x", c1, 1);
	static const char *const c2[] = {"a"};
	assert_no_suggestion("ab", c2, 1);
	static const char *const c3[] = {"ab"};
	/* but a two-letter candidate one edit away is */
	assert_suggests("abc", c3, 1, "ab");
	assert_suggests("xb", c3, 1, "ab");
}

static void suggest__picks_the_closest_candidate(void **state)
{
	(void)state;
	static const char *const c[] = {"bleed", "bled", "blend"};
	assert_suggests("bled", c, 3, "bled");
	static const char *const d[] = {"category", "catalogue"};
	assert_suggests("catagory", d, 2, "category");
}

static void suggest__first_of_equally_close_candidates_wins(void **state)
{
	(void)state;
	static const char *const c[] = {"cart", "card", "care"};
	assert_suggests("carx", c, 3, "cart");
	static const char *const d[] = {"care", "card", "cart"};
	assert_suggests("carx", d, 3, "care");
}

static void suggest__skips_null_candidates(void **state)
{
	(void)state;
	static const char *const c[] = {NULL, "size", NULL};
	assert_suggests("szie", c, 3, "size");
}

static void suggest__long_words_are_not_compared(void **state)
{
	(void)state;
	char long_word[100];
	memset(long_word, 'a', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	const char *c[] = {long_word};
	assert_no_suggestion(long_word, c, 1);
	assert_int_equal(suggest_distance(long_word, "a"), (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(suggest__finds_a_typo),
	        cmocka_unit_test(suggest__returns_the_borrowed_candidate),
	        cmocka_unit_test(suggest__is_case_insensitive),
	        cmocka_unit_test(suggest__too_far_gives_null),
	        cmocka_unit_test(suggest__limit_is_one_edit_up_to_four_letters),
	        cmocka_unit_test(suggest__limit_is_two_edits_up_to_eight_letters),
	        cmocka_unit_test(suggest__limit_is_three_edits_past_eight_letters),
	        cmocka_unit_test(suggest__transposition_counts_one),
	        cmocka_unit_test(suggest__distance_counts_edits),
	        cmocka_unit_test(suggest__short_candidate_is_not_suggested),
	        cmocka_unit_test(suggest__picks_the_closest_candidate),
	        cmocka_unit_test(suggest__first_of_equally_close_candidates_wins),
	        cmocka_unit_test(suggest__skips_null_candidates),
	        cmocka_unit_test(suggest__long_words_are_not_compared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
