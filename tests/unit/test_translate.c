#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "translate/apply.h"
#include "translate/po.h"
#include "translate/store.h"
#include "translate/xliff.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static void assert_render(const char *text, const char *raw, bool flow, const char *want)
{
	struct buf b;
	buf_init(&b);
	apply_render(&b, text, raw, raw ? strlen(raw) : 0, flow, 4);
	assert_string_equal(buf_str(&b), want);
	buf_finish(&b);
}

static void translate__keeps_the_style_of_the_text(void **state)
{
	(void)state;
	assert_render("Trust", "Tillid", true, "Trust");
	assert_render("Trust, and more", "Tillid", true, "\"Trust, and more\"");
	assert_render("Trust, and more", "Tillid", false, "Trust, and more");
	assert_render("Trust: a start", "Tillid", false, "\"Trust: a start\"");
	assert_render("Trust", "\"Tillid\"", true, "\"Trust\"");
	assert_render("It's \"it\"", "'Tillid'", true, "'It''s \"it\"'");
	assert_render("One\nTwo\n", "|\n    En\n    To\n", false, "|\n    One\n    Two\n");
	assert_render("One", "|\n    En\n\n", false, "|-\n    One\n\n");
	assert_render("=", NULL, true, "\"=\"");
	assert_render("null", "x", false, "\"null\"");
	assert_render("a \\ b", NULL, false, "a \\ b");
	assert_render("say \"hi\"\n", "\"x\"", true, "\"say \\\"hi\\\"\\n\"");
}

static void translate__reads_what_po_and_xliff_write(void **state)
{
	(void)state;
	static const char *po =
	        "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\"X-Deckpress-Kit: kit\\n\"\n\n"
	        "#, fuzzy\nmsgctxt \"deck.yaml card T01 text\"\nmsgid \"\"\n\"En\\n\"\n\"To "
	        "\\\"x\\\"\"\n"
	        "msgstr \"One\"\n\n#~ msgid \"old\"\n";
	struct diag d;
	diag_init(&d);
	struct xfile f;
	assert_true(po_read(&f, "en.po", po, strlen(po), &d));
	assert_string_equal(f.head.kit, "kit");
	assert_string_equal(f.head.lang, "en");
	assert_int_equal(f.count, 1);
	assert_string_equal(f.items[0].context, "deck.yaml card T01 text");
	assert_string_equal(f.items[0].source, "En\nTo \"x\"");
	assert_string_equal(f.items[0].target, "One");
	assert_true(f.items[0].fuzzy);
	assert_int_equal(f.items[0].mark.line, 7);
	xfile_finish(&f);

	static const char *xlf =
	        "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file original=\"kit\" "
	        "source-language=\"da\" target-language=\"en\"><body>\n"
	        "<trans-unit id=\"a &amp; b\"><source>x &lt; y &#229;</source>"
	        "<target state=\"needs-review-translation\">z</target></trans-unit>\n"
	        "</body></file></xliff>\n";
	assert_true(xliff_read(&f, "en.xlf", xlf, strlen(xlf), &d));
	assert_string_equal(f.head.kit, "kit");
	assert_string_equal(f.head.lang, "en");
	assert_int_equal(f.count, 1);
	assert_string_equal(f.items[0].context, "a & b");
	assert_string_equal(f.items[0].source, "x < y \xc3\xa5");
	assert_true(f.items[0].fuzzy);
	xfile_finish(&f);
	assert_false(diag_has_errors(&d));
	diag_finish(&d);
}

static void translate__reports_malformed_po_with_its_position(void **state)
{
	(void)state;
	static const char *po = "msgid \"\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"b\\q\"\n";
	struct diag d;
	diag_init(&d);
	struct xfile f;
	assert_false(po_read(&f, "en.po", po, strlen(po), &d));
	assert_int_equal(d.len, 1);
	assert_string_equal(d.entries[0].message, "unknown escape in a PO string");
	assert_int_equal(d.entries[0].mark.line, 5);
	assert_int_equal(d.entries[0].mark.col, 9);
	xfile_finish(&f);
	diag_finish(&d);
}

static void translate__finds_outdated_translations(void **state)
{
	(void)state;
	struct store s = {0};
	struct unit u = {.context = "deck.yaml card T01 text", .source = "Hej", .target = "Hi"};
	store_confirm(&s, "en", &u);
	struct units list = {.items = &u, .count = 1};
	store_mark_outdated(&s, "en", &list);
	assert_false(u.outdated);
	u.source = "Hejsa"; /* the source changes */
	store_mark_outdated(&s, "en", &list);
	assert_true(u.outdated);
	store_mark_outdated(&s, "de", &list); /* another language: not tracked */
	assert_false(u.outdated);
	u.target = "Hello"; /* editing the translation confirms it */
	store_mark_outdated(&s, "en", &list);
	assert_false(u.outdated);
	store_finish(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(translate__keeps_the_style_of_the_text),
	        cmocka_unit_test(translate__reads_what_po_and_xliff_write),
	        cmocka_unit_test(translate__reports_malformed_po_with_its_position),
	        cmocka_unit_test(translate__finds_outdated_translations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
