#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/i18n.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static void assert_tag(const char *tag, bool valid, const char *hint)
{
	char got[64] = "unset";
	bool ok = lang_tag_check(tag, got, sizeof(got));
	if (ok != valid)
		fail_msg("lang_tag_check(\"%s\") gave %d", tag, ok);
	if (!valid)
		assert_string_equal(got, hint);
}

static void i18n__accepts_bcp47_tags(void **state)
{
	(void)state;
	assert_tag("da", true, NULL);
	assert_tag("nb", true, NULL);
	assert_tag("pt-BR", true, NULL);
	assert_tag("sr-Latn", true, NULL);
	assert_tag("sr-Latn-RS", true, NULL);
	assert_tag("es-419", true, NULL);
	assert_tag("gsw", true, NULL);
}

static void i18n__suggests_the_tag_meant(void **state)
{
	(void)state;
	assert_tag("pt_br", false, "pt-BR");
	assert_tag("pt-br", false, "pt-BR");
	assert_tag("sr_latn", false, "sr-Latn");
	assert_tag("DA", false, "da");
}

static void i18n__refuses_what_is_no_tag(void **state)
{
	(void)state;
	assert_tag("", false, "");
	assert_tag("d", false, "");
	assert_tag("dansk", false, "");
	assert_tag("da-", false, "");
	assert_tag("da--DK", false, "");
	assert_tag("da-D", false, "");
	assert_tag("1a", false, "");
}

static void i18n__plan_requires_only_built_languages(void **state)
{
	(void)state;
	static const char *const built[] = {"da"};
	static const char *const drafts[] = {"en"};
	struct lang_plan all = {0};
	struct lang_plan da = {.built = built, .nbuilt = 1};
	assert_true(lang_plan_requires(&all, "en"));
	assert_true(lang_plan_requires(&da, "da"));
	assert_false(lang_plan_requires(&da, "en"));
	assert_string_equal(lang_plan_get_missing_text(&da, "en"), "");
	struct lang_plan draft = {.draft = {drafts, 1}};
	assert_true(lang_plan_builds(&draft, "en"));
	assert_false(lang_plan_requires(&draft, "en"));
	assert_string_equal(lang_plan_get_missing_text(&draft, "en"), "[missing]");
	assert_string_equal(lang_plan_get_missing_text(&draft, "da"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(i18n__accepts_bcp47_tags),
	        cmocka_unit_test(i18n__suggests_the_tag_meant),
	        cmocka_unit_test(i18n__refuses_what_is_no_tag),
	        cmocka_unit_test(i18n__plan_requires_only_built_languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
