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

static void translate__contexts_name_file_owner_and_field(void **state)
{
	(void)state;
	static const char *const codes[] = {"da", "en"};
	const char *t1[] = {"Hej", "Hi"}, *t2[] = {"Ja", NULL}, *t3[] = {"Nej", "No"};
	struct mark m[2] = {{.line = 3}, {.line = 4}};
	struct item_text texts[] = {
	        {.owner = "card T01", .field = "text", .s = t1, .marks = m},
	        {.owner = "script", .field = "items", .s = t2, .marks = m},
	        {.owner = "script", .field = "items", .s = t3, .marks = m},
	        {.owner = "deck", .field = "title", .plain = true},
	};
	struct kit_item it = {.kind = KIND_DOCUMENT,
	                      .id = "script",
	                      .path = "decks/x/workshop.yaml",
	                      .asked = true,
	                      .langs = {codes, 2},
	                      .texts = texts,
	                      .ntexts = 4};
	struct kit kit = {.items = &it, .nitems = 1};
	struct units u;
	units_collect(&u, &kit, "en");
	assert_int_equal(u.count, 3); /* a plain text is the same in every language */
	assert_string_equal(u.items[0].context, "workshop.yaml card T01 text");
	assert_string_equal(u.items[0].target, "Hi");
	assert_string_equal(u.items[1].context, "workshop.yaml script items");
	assert_null(u.items[1].target);
	assert_string_equal(u.items[2].context, "workshop.yaml script items#2");
	assert_ptr_equal(units_find(&u, "workshop.yaml script items#2"), &u.items[2]);
	units_finish(&u);
	units_collect(&u, &kit, "da"); /* the source language has nothing to translate */
	assert_int_equal(u.count, 0);
	units_finish(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(translate__keeps_the_style_of_the_text),
	        cmocka_unit_test(translate__reads_what_po_and_xliff_write),
	        cmocka_unit_test(translate__reports_malformed_po_with_its_position),
	        cmocka_unit_test(translate__finds_outdated_translations),
	        cmocka_unit_test(translate__contexts_name_file_owner_and_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
