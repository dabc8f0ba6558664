/* mkdtemp() is POSIX */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "translate/apply.h"
#include "translate/po.h"
#include "translate/store.h"
#include "translate/xliff.h"
#include "util/mem.h"

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

/* What Windows editors do to a file: a byte order mark before a PO file,
 * CR LF line ends in an XLIFF file (XML reads them as LF), in a text and
 * between a tag's name and its attributes. */
static void translate__reads_files_saved_on_windows(void **state)
{
	(void)state;
	static const char *po = "\xEF\xBB\xBFmsgid \"\"\r\nmsgstr \"\"\r\n\"Language: en\\n\"\r\n"
	                        "\"X-Deckpress-Kit: kit\\n\"\r\n\r\nmsgctxt \"c\"\r\n"
	                        "msgid \"En\"\r\nmsgstr \"One\"\r\n";
	struct diag d;
	diag_init(&d);
	struct xfile f;
	assert_true(po_read(&f, "en.po", po, strlen(po), &d));
	assert_string_equal(f.head.kit, "kit");
	assert_int_equal(f.count, 1);
	assert_string_equal(f.items[0].target, "One");
	xfile_finish(&f);

	static const char *xlf =
	        "<?xml version=\"1.0\"?>\r\n<xliff version=\"1.2\">\r\n<file original=\"kit\" "
	        "source-language=\"da\" target-language=\"en\"><body>\r\n"
	        "<trans-unit\r\n id=\"c\"><source>En\r\nTo\rTre</source>"
	        "<target>One\r\nTwo</target></trans-unit>\r\n</body></file></xliff>\r\n";
	assert_true(xliff_read(&f, "en.xlf", xlf, strlen(xlf), &d));
	assert_int_equal(f.count, 1);
	assert_string_equal(f.items[0].context, "c");
	assert_string_equal(f.items[0].source, "En\nTo\nTre");
	assert_string_equal(f.items[0].target, "One\nTwo");
	xfile_finish(&f);
	assert_false(diag_has_errors(&d));
	diag_finish(&d);
}

/* A PO file in another character set, and XLIFF 2, are refused for what
 * they are (they read as sources that changed, or as no kit). */
static void translate__refuses_other_charsets_and_xliff_2(void **state)
{
	(void)state;
	static const char *po = "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n"
	                        "\"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n";
	static const char *xlf = "<xliff version=\"2.0\" srcLang=\"da\" trgLang=\"en\"><file "
	                         "id=\"f\"></file></xliff>\n";
	struct diag d;
	diag_init(&d);
	struct xfile f;
	assert_false(po_read(&f, "en.po", po, strlen(po), &d));
	xfile_finish(&f);
	assert_false(xliff_read(&f, "en.xlf", xlf, strlen(xlf), &d));
	xfile_finish(&f);
	assert_int_equal(d.len, 2);
	assert_non_null(strstr(d.entries[0].message, "the file is in ISO-8859-1"));
	assert_non_null(strstr(d.entries[1].message, "XLIFF 2 is not read"));
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

/* A paragraph added before others moves their numbers: a translation
 * whose source changed is still found outdated by the record made at its
 * old number, and after the store is brought up to date (as check does)
 * by the record moved to its new one. */
static void translate__a_translation_moved_by_a_new_paragraph_keeps_its_record(void **state)
{
	(void)state;
	struct store s = {0};
	struct unit before[2] = {
	        {.context = "w.yaml script text", .source = "Velkommen", .target = "Welcome"},
	        {.context = "w.yaml script text#2", .source = "Tillid", .target = "Trust"},
	};
	for (int i = 0; i < 2; i++)
		store_confirm(&s, "en", &before[i]);
	struct unit after[3] = {
	        {.context = "w.yaml script text", .source = "Nyt", .target = "New"},
	        {.context = "w.yaml script text#2", .source = "Velkommen", .target = "Welcome"},
	        {.context = "w.yaml script text#3", .source = "Tillid og mod", .target = "Trust"},
	};
	struct units list = {.items = after, .count = 3};
	for (int round = 0; round < 2; round++) {
		store_mark_outdated(&s, "en", &list);
		assert_false(after[0].outdated);
		assert_false(after[1].outdated);
		assert_true(after[2].outdated);
		store_update(&s, "en", &list);
	}
	store_finish(&s);
}

/* A translation edited to be another paragraph's is an edit, not a moved
 * translation: the other paragraph's record still describes it. */
static void translate__an_edit_like_another_paragraph_is_not_outdated(void **state)
{
	(void)state;
	struct store s = {0};
	struct unit u[2] = {
	        {.context = "w.yaml script text", .source = "Kort pause", .target = "A break"},
	        {.context = "w.yaml script text#2", .source = "Frokost", .target = "Lunch"},
	};
	struct units list = {.items = u, .count = 2};
	for (size_t i = 0; i < 2; i++) {
		store_confirm(&s, "en", &u[i]);
		strindex_put(&list.by_context, u[i].context, i);
	}
	u[1].target = "A break";
	store_mark_outdated(&s, "en", &list);
	assert_false(u[0].outdated);
	assert_false(u[1].outdated);
	strindex_finish(&list.by_context);
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
	assert_null(units_find(&u, "workshop.yaml script items#3"));
	/* what a context names without its number, and the number */
	size_t number;
	assert_int_equal(units_base_len(u.items[2].context, &number),
	                 strlen("workshop.yaml script items"));
	assert_int_equal(number, 2);
	assert_int_equal(units_base_len(u.items[1].context, &number), strlen(u.items[1].context));
	assert_int_equal(number, 1);
	assert_int_equal(units_base_len("x.yaml card T#0", &number), strlen("x.yaml card T#0"));
	assert_int_equal(units_base_len("x.yaml card T#12", &number), strlen("x.yaml card T"));
	assert_int_equal(number, 12);
	units_finish(&u);
	units_collect(&u, &kit, "da"); /* the source language has nothing to translate */
	assert_int_equal(u.count, 0);
	units_finish(&u);
}

static void translate__the_store_learns_edits_so_later_source_changes_show(void **state)
{
	(void)state;
	struct store s = {.exists = true};
	struct unit u = {.context = "deck.yaml card T01 text", .source = "Hej", .target = "Hi"};
	struct units list = {.items = &u, .count = 1};
	store_confirm(&s, "en", &u);
	/* a typo fixed in the translation: not outdated, and recorded */
	u.target = "Hi!";
	store_mark_outdated(&s, "en", &list);
	assert_false(u.outdated);
	assert_true(store_update(&s, "en", &list));
	assert_false(store_update(&s, "en", &list)); /* once */
	/* then the source changes: outdated, and update keeps it so */
	u.source = "Hejsa";
	store_mark_outdated(&s, "en", &list);
	assert_true(u.outdated);
	assert_false(store_update(&s, "en", &list));
	store_mark_outdated(&s, "en", &list);
	assert_true(u.outdated);
	/* the translator updates it: confirmed by the edit, and recorded, so a
	 * second change of the source shows again */
	u.target = "Hello";
	store_mark_outdated(&s, "en", &list);
	assert_false(u.outdated);
	assert_true(store_update(&s, "en", &list));
	u.source = "Hejsa du";
	store_mark_outdated(&s, "en", &list);
	assert_true(u.outdated);
	/* an import marked fuzzy changes the text but leaves it to review */
	u.target = "Hello you";
	store_keep_outdated(&s, "en", &u);
	store_mark_outdated(&s, "en", &list);
	assert_true(u.outdated);
	/* a text the store does not know: added only where the file exists */
	struct unit v = {.context = "deck.yaml card T02 text", .source = "Ja", .target = "Yes"};
	struct units one = {.items = &v, .count = 1};
	struct store none = {0};
	assert_false(store_update(&none, "en", &one));
	assert_int_equal(none.count, 0);
	assert_true(store_update(&s, "en", &one));
	v.source = "Jo";
	store_mark_outdated(&s, "en", &one);
	assert_true(v.outdated);
	store_finish(&s);
	store_finish(&none);
}

/* Two YAML files in a fresh folder, each with one English text to change,
 * as the units an import edits. */
struct two_files {
	char dir[64];
	char *path[2];
	struct yml_doc *doc[2];
	struct kit_item it[2];
	struct item_text x[2];
	const char *s[2][2];
	const struct node *nodes[2][2];
	struct unit u[2];
	struct apply_edit e[2];
};

static const char two_yaml[] = "title: {da: Hej, en: Hi}\n";

static void two_files_init(struct two_files *t)
{
	static const char *const codes[] = {"da", "en"};
	snprintf(t->dir, sizeof(t->dir), "/tmp/deckpress-apply-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	for (int i = 0; i < 2; i++) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s/deck%d.yaml", t->dir, i);
		t->path[i] = buf_detach(&b);
		FILE *fp = fopen(t->path[i], "w");
		assert_non_null(fp);
		fputs(two_yaml, fp);
		fclose(fp);
		struct diag d;
		diag_init(&d);
		assert_true(yml_load_file(&t->doc[i], t->path[i], &d));
		diag_finish(&d);
		const struct node *map = node_get(t->doc[i]->root, "title");
		t->nodes[i][0] = node_get(map, "da");
		t->nodes[i][1] = node_get(map, "en");
		t->s[i][0] = "Hej";
		t->s[i][1] = "Hi";
		t->x[i] = (struct item_text){.owner = "deck",
		                             .field = "title",
		                             .s = t->s[i],
		                             .value = map,
		                             .nodes = t->nodes[i]};
		t->it[i] = (struct kit_item){.kind = KIND_DECK,
		                             .path = t->path[i],
		                             .langs = {codes, 2},
		                             .texts = &t->x[i],
		                             .ntexts = 1};
		t->u[i] = (struct unit){
		        .it = &t->it[i], .x = &t->x[i], .lang = 1, .source = "Hej", .target = "Hi"};
		t->e[i] = (struct apply_edit){&t->u[i], "en", "Hello"};
	}
}

static void assert_file(const char *path, const char *want)
{
	struct diag d;
	diag_init(&d);
	size_t len;
	char *got = apply_read_file(path, &len, &d);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	diag_finish(&d);
}

/* Only the two YAML files (and what the test put there) are left. */
static void assert_no_leftovers(const struct two_files *t, int want)
{
	struct buf cmd;
	buf_init(&cmd);
	buf_printf(&cmd, "test $(ls -A %s | wc -l) -eq %d", t->dir, want);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_clear(&cmd);
	buf_printf(&cmd, "rm -rf %s", t->dir);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_finish(&cmd);
}

static void two_files_finish(struct two_files *t)
{
	for (int i = 0; i < 2; i++) {
		yml_doc_destroy(t->doc[i]);
		free(t->path[i]);
	}
}

static void translate__import_puts_back_the_files_a_failed_rename_replaced(void **state)
{
	(void)state;
	struct two_files t;
	two_files_init(&t);
	struct diag d;
	diag_init(&d);
	struct apply_plan *p;
	assert_true(apply_prepare(&p, t.e, 2, &d));
	assert_int_equal(apply_plan_get_count(p), 2);
	/* the second rename fails: its temporary file is gone */
	assert_int_equal(unlink(apply_plan_get_temp(p, 1)), 0);
	size_t changed;
	assert_false(apply_commit(p, &changed, &d));
	assert_int_equal(changed, 0);
	assert_int_equal(diag_get_error_count(&d), 1);
	assert_string_equal(d.entries[0].message, "cannot write: No such file or directory");
	assert_file(t.path[0], two_yaml); /* replaced, then put back */
	assert_file(t.path[1], two_yaml);
	assert_no_leftovers(&t, 2);
	/* and when all renames succeed, both change */
	two_files_finish(&t);
	two_files_init(&t);
	assert_true(apply_edits(t.e, 2, &changed, &d));
	assert_int_equal(changed, 2);
	assert_file(t.path[0], "title: {da: Hej, en: Hello}\n");
	assert_file(t.path[1], "title: {da: Hej, en: Hello}\n");
	assert_no_leftovers(&t, 2);
	two_files_finish(&t);
	diag_finish(&d);
}

static void translate__import_changes_nothing_when_a_directory_is_in_the_way(void **state)
{
	(void)state;
	struct two_files t;
	two_files_init(&t);
	struct diag d;
	diag_init(&d);
	struct apply_plan *p;
	assert_true(apply_prepare(&p, t.e, 2, &d));
	assert_int_equal(unlink(t.path[1]), 0);
	assert_int_equal(mkdir(t.path[1], 0755), 0);
	size_t changed;
	assert_false(apply_commit(p, &changed, &d));
	assert_int_equal(diag_get_error_count(&d), 1);
	assert_true(strstr(d.entries[0].message, "nothing was changed") != NULL);
	assert_file(t.path[0], two_yaml);
	assert_no_leftovers(&t, 2); /* deck0.yaml and the directory */
	two_files_finish(&t);
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(translate__keeps_the_style_of_the_text),
	        cmocka_unit_test(translate__reads_what_po_and_xliff_write),
	        cmocka_unit_test(translate__reports_malformed_po_with_its_position),
	        cmocka_unit_test(translate__reads_files_saved_on_windows),
	        cmocka_unit_test(translate__refuses_other_charsets_and_xliff_2),
	        cmocka_unit_test(translate__finds_outdated_translations),
	        cmocka_unit_test(
	                translate__a_translation_moved_by_a_new_paragraph_keeps_its_record),
	        cmocka_unit_test(translate__an_edit_like_another_paragraph_is_not_outdated),
	        cmocka_unit_test(translate__contexts_name_file_owner_and_field),
	        cmocka_unit_test(translate__the_store_learns_edits_so_later_source_changes_show),
	        cmocka_unit_test(translate__import_puts_back_the_files_a_failed_rename_replaced),
	        cmocka_unit_test(translate__import_changes_nothing_when_a_directory_is_in_the_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
