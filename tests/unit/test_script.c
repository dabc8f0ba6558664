#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "typeset/fonts.h"
#include "typeset/script.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static void script__finds_a_script_no_font_has(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct fonts *f;
	assert_true(fonts_create(&f, "fonts", &d));
	PangoContext *ctx = fonts_get_context(f);
	uint32_t ch = 0;
	char utf8[8], script[5];
	/* Latin, Greek and Cyrillic are bundled */
	assert_false(script_find_uncovered(ctx, "da", "Tillid æøå", &ch, utf8, script));
	assert_false(script_find_uncovered(ctx, "el", "Εμπιστοσύνη", &ch, utf8, script));
	assert_false(script_find_uncovered(ctx, "ru", "Доверие", &ch, utf8, script));
	/* a symbol is no script: it is reported where it is used */
	assert_false(script_find_uncovered(ctx, "da", "Ja \xe2\x9c\x93", &ch, utf8, script));
	/* nor is a stray character of a script the language is not written in */
	assert_false(script_find_uncovered(ctx, "en", "Trust: 信頼", &ch, utf8, script));
	/* a language Pango does not know: any script counts */
	assert_true(script_find_uncovered(ctx, "x-klingon", "Trust: 信頼", &ch, utf8, script));
	assert_int_equal(ch, 0x4FE1);
	assert_string_equal(utf8, "信");
	assert_string_equal(script, "Hani");
	assert_true(script_find_uncovered(ctx, "zh", "信頼", &ch, utf8, script));
	assert_int_equal(ch, 0x4FE1);
	assert_string_equal(utf8, "信");
	assert_string_equal(script, "Hani");
	fonts_destroy(f);
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(script__finds_a_script_no_font_has),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
