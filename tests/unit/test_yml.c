#include <errno.h>
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

#include "load/yml.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* Flushes d and returns what it printed; caller frees. */
static char *flush_to_string(struct diag *d)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	assert_non_null(fp);
	diag_flush(d, fp);
	assert_int_equal(fclose(fp), 0);
	return out;
}

/* Loads len bytes of data as "t.yaml" and asserts success without any
 * diagnostic. Caller destroys the result. */
static struct yml_doc *load_ok_n(const char *data, size_t len)
{
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = (struct yml_doc *)1;
	bool ok = yml_load_buffer(&doc, "t.yaml", data, len, &d);
	bool clean = ok && diag_get_error_count(&d) == 0 && diag_get_warning_count(&d) == 0;
	char *out = flush_to_string(&d);
	diag_finish(&d);
	if (!clean) {
		print_error("yml_load_buffer failed or reported:\n%s", out);
		free(out);
		yml_doc_destroy(ok ? doc : NULL);
		fail();
	}
	free(out);
	assert_non_null(doc);
	return doc;
}

static struct yml_doc *load_ok(const char *data)
{
	return load_ok_n(data, strlen(data));
}

/* Loads len bytes of data as "t.yaml", asserts failure with *out == NULL
 * and exactly the diagnostics in want. */
static void assert_load_fails_n(const char *data, size_t len, const char *want)
{
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = (struct yml_doc *)1;
	bool ok = yml_load_buffer(&doc, "t.yaml", data, len, &d);
	bool has_errors = diag_has_errors(&d);
	char *out = flush_to_string(&d);
	diag_finish(&d);
	if (ok)
		yml_doc_destroy(doc);
	/* compare before asserting, so that a failure leaks nothing */
	bool same = strcmp(out, want) == 0;
	if (!same)
		print_error("diagnostics differ:\n--- got:\n%s--- want:\n%s", out, want);
	free(out);
	assert_true(same);
	assert_false(ok);
	assert_null(doc);
	assert_true(has_errors);
}

static void assert_load_fails(const char *data, const char *want)
{
	assert_load_fails_n(data, strlen(data), want);
}

static void assert_mark(const struct node *n, int line, int col)
{
	assert_non_null(n);
	if (n->mark.line != line || n->mark.col != col)
		fail_msg("node at %d:%d, want %d:%d", n->mark.line, n->mark.col, line, col);
	assert_non_null(n->mark.file);
	assert_string_equal(n->mark.file, "t.yaml");
}

static void assert_scalar(const struct node *n, const char *str, bool plain)
{
	assert_non_null(n);
	assert_int_equal(n->type, NODE_SCALAR);
	assert_string_equal(n->str, str);
	assert_int_equal(n->len, strlen(str));
	assert_int_equal(n->plain, plain);
}

/* ---- trees and positions ---- */

static void yml__simple_map_has_positions(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("name: Tarot\n"
	                              "size:   poker\n"
	                              "bleed: 3mm\n");
	const struct node *root = doc->root;
	assert_int_equal(root->type, NODE_MAP);
	assert_mark(root, 1, 1);
	assert_int_equal(root->count, 3);

	assert_scalar(root->pairs[0].key, "name", true);
	assert_mark(root->pairs[0].key, 1, 1);
	assert_scalar(root->pairs[0].value, "Tarot", true);
	assert_mark(root->pairs[0].value, 1, 7);

	assert_scalar(root->pairs[1].key, "size", true);
	assert_mark(root->pairs[1].key, 2, 1);
	assert_scalar(root->pairs[1].value, "poker", true);
	assert_mark(root->pairs[1].value, 2, 9);

	assert_scalar(root->pairs[2].key, "bleed", true);
	assert_mark(root->pairs[2].key, 3, 1);
	assert_scalar(root->pairs[2].value, "3mm", true);
	assert_mark(root->pairs[2].value, 3, 8);

	assert_ptr_equal(node_get(root, "size"), root->pairs[1].value);
	assert_ptr_equal(node_get_key(root, "size"), root->pairs[1].key);
	assert_null(node_get(root, "colour"));
	assert_null(node_get_key(root, "colour"));
	assert_null(node_get(root, "Size")); /* keys are case-sensitive */
	assert_string_equal(node_type_name(root), "a mapping");
	assert_string_equal(node_type_name(root->pairs[0].value), "a text");
	yml_doc_destroy(doc);
}

static void yml__nested_sequence_has_positions(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("deck:\n"
	                              "  cards:\n"
	                              "    - id: one\n"
	                              "      title: First\n"
	                              "    - two\n"
	                              "    - [a, 'b']\n");
	const struct node *deck = node_get(doc->root, "deck");
	assert_non_null(deck);
	assert_int_equal(deck->type, NODE_MAP);
	assert_mark(deck, 2, 3);

	const struct node *cards = node_get(deck, "cards");
	assert_non_null(cards);
	assert_int_equal(cards->type, NODE_SEQ);
	assert_string_equal(node_type_name(cards), "a list");
	assert_mark(cards, 3, 5);
	assert_int_equal(cards->count, 3);

	const struct node *first = cards->items[0];
	assert_int_equal(first->type, NODE_MAP);
	assert_mark(first, 3, 7);
	assert_mark(node_get_key(first, "id"), 3, 7);
	assert_mark(node_get(first, "id"), 3, 11);
	assert_mark(node_get_key(first, "title"), 4, 7);
	assert_scalar(node_get(first, "title"), "First", true);
	assert_mark(node_get(first, "title"), 4, 14);

	assert_scalar(cards->items[1], "two", true);
	assert_mark(cards->items[1], 5, 7);

	const struct node *flow = cards->items[2];
	assert_int_equal(flow->type, NODE_SEQ);
	assert_mark(flow, 6, 7);
	assert_int_equal(flow->count, 2);
	assert_scalar(flow->items[0], "a", true);
	assert_mark(flow->items[0], 6, 8);
	assert_scalar(flow->items[1], "b", false);
	assert_mark(flow->items[1], 6, 11);
	yml_doc_destroy(doc);
}

static void yml__columns_count_characters_not_bytes(void **state)
{
	(void)state;
	/* "é" is two bytes and "€" three, but one column each */
	struct yml_doc *doc = load_ok("t\xC3\xA9: \xE2\x82\xAC x\n");
	const struct node *root = doc->root;
	assert_int_equal(root->count, 1);
	assert_scalar(root->pairs[0].key, "t\xC3\xA9", true);
	assert_scalar(root->pairs[0].value, "\xE2\x82\xAC x", true);
	assert_mark(root->pairs[0].value, 1, 5);
	yml_doc_destroy(doc);
}

static void yml__empty_sequence_and_map_have_no_items(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("a: []\nb: {}\n");
	const struct node *a = node_get(doc->root, "a"), *b = node_get(doc->root, "b");
	assert_int_equal(a->type, NODE_SEQ);
	assert_int_equal(a->count, 0);
	assert_null(a->items);
	assert_int_equal(b->type, NODE_MAP);
	assert_int_equal(b->count, 0);
	assert_null(b->pairs);
	assert_mark(b, 2, 4);
	yml_doc_destroy(doc);
}

static void yml__node_get_on_a_non_map_is_null(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("- a\n- b\n");
	assert_int_equal(doc->root->type, NODE_SEQ);
	assert_null(node_get(doc->root, "a"));
	assert_null(node_get_key(doc->root, "a"));
	assert_null(node_get(doc->root->items[0], "a"));
	assert_null(node_get(NULL, "a"));
	assert_null(node_get_key(NULL, "a"));
	yml_doc_destroy(doc);
}

static void yml__plain_and_quoted_scalars(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("a: null\n"
	                              "b: 'null'\n"
	                              "c:\n"
	                              "d: ~\n"
	                              "e: \"\"\n"
	                              "f: \"~\"\n"
	                              "g: Null\n"
	                              "h: NULL\n"
	                              "i: nil\n"
	                              "j: ''\n"
	                              "k: 0\n"
	                              "l: \"line\\nbreak\"\n");
	const struct node *r = doc->root;
	assert_scalar(node_get(r, "a"), "null", true);
	assert_true(node_is_null(node_get(r, "a")));
	assert_scalar(node_get(r, "b"), "null", false);
	assert_false(node_is_null(node_get(r, "b")));
	assert_scalar(node_get(r, "c"), "", true);
	assert_true(node_is_null(node_get(r, "c")));
	assert_scalar(node_get(r, "d"), "~", true);
	assert_true(node_is_null(node_get(r, "d")));
	assert_scalar(node_get(r, "e"), "", false);
	assert_false(node_is_null(node_get(r, "e")));
	assert_scalar(node_get(r, "f"), "~", false);
	assert_false(node_is_null(node_get(r, "f")));
	assert_true(node_is_null(node_get(r, "g")));
	assert_true(node_is_null(node_get(r, "h")));
	assert_scalar(node_get(r, "i"), "nil", true);
	assert_false(node_is_null(node_get(r, "i")));
	assert_scalar(node_get(r, "j"), "", false);
	assert_false(node_is_null(node_get(r, "j")));
	assert_false(node_is_null(node_get(r, "k")));
	assert_scalar(node_get(r, "l"), "line\nbreak", false);
	/* absent values and containers */
	assert_true(node_is_null(node_get(r, "absent")));
	assert_false(node_is_null(r));
	yml_doc_destroy(doc);
}

static void yml__block_scalar_is_not_plain(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("text: |\n  one\n  two\n");
	const struct node *text = node_get(doc->root, "text");
	assert_scalar(text, "one\ntwo", false); /* the final line break is trimmed */
	assert_mark(text, 1, 7);
	yml_doc_destroy(doc);
}

static void yml__doc_keeps_its_own_copy_of_the_path(void **state)
{
	(void)state;
	char *name = strdup("decks/x/deck.yaml");
	assert_non_null(name);
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = NULL;
	assert_true(yml_load_buffer(&doc, name, "a: 1\n", 5, &d));
	memset(name, 'X', strlen(name));
	free(name);
	assert_string_equal(doc->path, "decks/x/deck.yaml");
	assert_ptr_equal(doc->root->mark.file, doc->path);
	assert_ptr_equal(node_get(doc->root, "a")->mark.file, doc->path);
	yml_doc_destroy(doc);
	diag_finish(&d);
}

static void yml__empty_buffer_has_no_root(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("");
	assert_null(doc->root);
	yml_doc_destroy(doc);

	doc = load_ok("# only a comment\n\n");
	assert_null(doc->root);
	yml_doc_destroy(doc);
}

static void yml__bom_is_accepted(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("\xEF\xBB\xBFname: x\nsize: poker\n");
	const struct node *r = doc->root;
	assert_int_equal(r->type, NODE_MAP);
	assert_scalar(r->pairs[0].key, "name", true);
	assert_mark(r->pairs[1].key, 2, 1);
	assert_mark(r->pairs[1].value, 2, 7);
	yml_doc_destroy(doc);

	doc = load_ok("\xEF\xBB\xBF");
	assert_null(doc->root);
	yml_doc_destroy(doc);
}

static void yml__bom_does_not_shift_columns(void **state)
{
	(void)state;
	/* the BOM is invisible in an editor, so "name" is at column 1 */
	struct yml_doc *doc = load_ok("\xEF\xBB\xBFname: x\n");
	assert_mark(doc->root, 1, 1);
	assert_mark(doc->root->pairs[0].key, 1, 1);
	assert_mark(doc->root->pairs[0].value, 1, 7);
	yml_doc_destroy(doc);
}

static void yml__bom_line_reports_tab_at_column_one(void **state)
{
	(void)state;
	assert_load_fails("\xEF\xBB\xBF\tname: x\n",
	                  "t.yaml:1:1: error: tab character in indentation; indent with spaces\n");
}

/* ---- prescan: tabs, UTF-8, NUL ---- */

static void yml__reports_line_and_column_of_tab(void **state)
{
	(void)state;
	assert_load_fails("deck:\n"
	                  "  \tname: x\n",
	                  "t.yaml:2:3: error: tab character in indentation; indent with spaces\n");
}

static void yml__reports_every_tabbed_line_once(void **state)
{
	(void)state;
	assert_load_fails("deck:\n"
	                  "\tname: x\n"
	                  "\t\tsize: poker\n"
	                  "  ok: 1\n"
	                  " \t bleed: 3mm\n",
	                  "t.yaml:2:1: error: tab character in indentation; indent with spaces\n"
	                  "t.yaml:3:1: error: tab character in indentation; indent with spaces\n"
	                  "t.yaml:5:2: error: tab character in indentation; indent with spaces\n");
}

static void yml__tab_after_text_is_not_indentation(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("name:\tx\n");
	assert_scalar(node_get(doc->root, "name"), "x", true);
	yml_doc_destroy(doc);
}

static void yml__reports_invalid_utf8_position(void **state)
{
	(void)state;
	assert_load_fails(
	        "name: caf\xE9\n",
	        "t.yaml:1:10: error: invalid UTF-8 (byte 0xE9); save the file as UTF-8\n");
}

static void yml__invalid_utf8_column_counts_characters(void **state)
{
	(void)state;
	assert_load_fails("a: 1\n"
	                  "b: \xC3\xA9\xE2\x82\xAC\xFF\n",
	                  "t.yaml:2:6: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8\n");
}

static void yml__reports_invalid_utf8_once_per_line(void **state)
{
	(void)state;
	assert_load_fails("a: \xFF\xFE\xFD\n"
	                  "b: ok\n"
	                  "c: x\x80 \x80\n",
	                  "t.yaml:1:4: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8\n"
	                  "t.yaml:3:5: error: invalid UTF-8 (byte 0x80); save the file as UTF-8\n");
}

static void yml__overlong_utf8_is_refused(void **state)
{
	(void)state;
	/* C0 AF is an overlong '/' */
	assert_load_fails("a: \xC0\xAF\n",
	                  "t.yaml:1:4: error: invalid UTF-8 (byte 0xC0); save the file as UTF-8\n");
	/* E0 80 AF is an overlong '/' too */
	assert_load_fails("a: \xE0\x80\xAF\n",
	                  "t.yaml:1:4: error: invalid UTF-8 (byte 0xE0); save the file as UTF-8\n");
}

static void yml__surrogates_and_past_unicode_are_refused(void **state)
{
	(void)state;
	assert_load_fails("a: \xED\xA0\x80\n", /* U+D800 */
	                  "t.yaml:1:4: error: invalid UTF-8 (byte 0xED); save the file as UTF-8\n");
	assert_load_fails("a: \xF4\x90\x80\x80\n", /* U+110000 */
	                  "t.yaml:1:4: error: invalid UTF-8 (byte 0xF4); save the file as UTF-8\n");
}

static void yml__truncated_utf8_at_end_is_refused(void **state)
{
	(void)state;
	assert_load_fails("a: \xE2\x82",
	                  "t.yaml:1:4: error: invalid UTF-8 (byte 0xE2); save the file as UTF-8\n");
}

static void yml__four_byte_utf8_is_accepted(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("a: \xF0\x9F\x82\xA1\n"); /* U+1F0A1 playing card */
	assert_scalar(node_get(doc->root, "a"), "\xF0\x9F\x82\xA1", true);
	yml_doc_destroy(doc);
}

static void yml__nul_byte_is_refused(void **state)
{
	(void)state;
	static const char data[] = "a: 1\nb: x\0y\n";
	assert_load_fails_n(data, sizeof(data) - 1, "t.yaml:2:5: error: NUL byte in text\n");
}

static void yml__nul_bytes_are_reported_once_per_line(void **state)
{
	(void)state;
	static const char data[] = "a: x\0\0y\0\nb: \0\n";
	assert_load_fails_n(data, sizeof(data) - 1,
	                    "t.yaml:1:5: error: NUL byte in text\n"
	                    "t.yaml:2:4: error: NUL byte in text\n");
}

static void yml__control_characters_are_reported_with_position(void **state)
{
	(void)state;
	assert_load_fails("a: x\x01y\nb: \x1b[1m\n",
	                  "t.yaml:1:5: error: control character U+0001 in text\n"
	                  "t.yaml:2:4: error: control character U+001B in text\n");
}

static void yml__lone_carriage_returns_count_as_lines(void **state)
{
	(void)state;
	assert_load_fails("a: 1\rb: 2\r\tc: 3\r",
	                  "t.yaml:3:1: error: tab character in indentation; indent with spaces\n");
}

static void yml__tab_and_bad_utf8_are_all_reported(void **state)
{
	(void)state;
	assert_load_fails("a:\n"
	                  "\tb: 1\n"
	                  "c: \xFF\n"
	                  "\td: 2\n",
	                  "t.yaml:2:1: error: tab character in indentation; indent with spaces\n"
	                  "t.yaml:3:4: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8\n"
	                  "t.yaml:4:1: error: tab character in indentation; indent with spaces\n");
}

/* ---- refused structure ---- */

static void yml__duplicate_key_names_the_first(void **state)
{
	(void)state;
	assert_load_fails("name: a\n"
	                  "size: poker\n"
	                  "name: b\n",
	                  "t.yaml:3:1: error: duplicate key 'name' (first at line 1)\n");
}

static void yml__duplicate_keys_are_all_reported(void **state)
{
	(void)state;
	assert_load_fails("card:\n"
	                  "  id: a\n"
	                  "  id: b\n"
	                  "other:\n"
	                  "  x: 1\n"
	                  "  'x': 2\n",
	                  "t.yaml:3:3: error: duplicate key 'id' (first at line 2)\n"
	                  "t.yaml:6:3: error: duplicate key 'x' (first at line 5)\n");
}

static void yml__third_duplicate_is_reported_once(void **state)
{
	(void)state;
	assert_load_fails("a: 1\n"
	                  "a: 2\n"
	                  "a: 3\n",
	                  "t.yaml:2:1: error: duplicate key 'a' (first at line 1)\n"
	                  "t.yaml:3:1: error: duplicate key 'a' (first at line 1)\n");
}

static void yml__same_key_in_different_maps_is_fine(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("- id: a\n- id: b\n");
	assert_int_equal(doc->root->count, 2);
	yml_doc_destroy(doc);
}

static void yml__key_that_is_not_a_scalar_is_refused(void **state)
{
	(void)state;
	assert_load_fails("? [a, b]\n"
	                  ": 1\n",
	                  "t.yaml:1:3: error: a key must be a plain name, not a list\n");
}

static void yml__anchor_is_refused(void **state)
{
	(void)state;
	assert_load_fails(
	        "base: &common\n"
	        "  size: poker\n",
	        "t.yaml:1:7: error: anchors ('&common') are not supported; repeat the value "
	        "instead\n");
	assert_load_fails("a: &x 1\n",
	                  "t.yaml:1:4: error: anchors ('&x') are not supported; repeat the value "
	                  "instead\n");
}

static void yml__alias_is_refused(void **state)
{
	(void)state;
	assert_load_fails("a: 1\n"
	                  "b: *x\n",
	                  "t.yaml:2:4: error: aliases ('*x') are not supported; repeat the value "
	                  "instead\n");
}

static void yml__multiple_documents_are_refused(void **state)
{
	(void)state;
	assert_load_fails("a: 1\n"
	                  "---\n"
	                  "b: 2\n",
	                  "t.yaml:2:1: error: more than one YAML document in a file; put each in a "
	                  "file of its own\n");
}

static void yml__one_explicit_document_is_fine(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("---\na: 1\n...\n");
	assert_mark(node_get(doc->root, "a"), 2, 4);
	yml_doc_destroy(doc);
}

static void yml__deep_nesting_is_refused(void **state)
{
	(void)state;
	char data[141];
	memset(data, '[', 70);
	memset(data + 70, ']', 70);
	data[140] = '\0';
	assert_load_fails(data, "t.yaml:1:65: error: nesting deeper than 64 levels\n");
	/* and unbalanced, as an attacker would send it */
	data[70] = '\0';
	assert_load_fails(data, "t.yaml:1:65: error: nesting deeper than 64 levels\n");
}

static void yml__nesting_of_64_levels_is_fine(void **state)
{
	(void)state;
	char data[129];
	memset(data, '[', 64);
	memset(data + 64, ']', 64);
	data[128] = '\0';
	struct yml_doc *doc = load_ok(data);
	const struct node *n = doc->root;
	for (int i = 1; i < 64; i++) {
		assert_int_equal(n->type, NODE_SEQ);
		assert_int_equal(n->count, 1);
		n = n->items[0];
	}
	assert_int_equal(n->type, NODE_SEQ);
	assert_int_equal(n->count, 0);
	assert_mark(n, 1, 64);
	yml_doc_destroy(doc);
}

static void yml__deep_block_nesting_is_refused(void **state)
{
	(void)state;
	/* 70 levels of "k:" maps, each indented by one more space */
	char data[70 * 75];
	size_t len = 0;
	for (int i = 0; i < 70; i++) {
		memset(data + len, ' ', (size_t)i);
		len += (size_t)i;
		memcpy(data + len, "k:\n", 3);
		len += 3;
	}
	data[len] = '\0';
	/* a key is one level below its map: the 64th map's key is level 65 */
	assert_load_fails(data, "t.yaml:64:64: error: nesting deeper than 64 levels\n");
}

static void yml__malformed_yaml_reports_its_line(void **state)
{
	(void)state;
	assert_load_fails("name: x\n"
	                  "size: poker\n"
	                  "  bleed: 3mm\n",
	                  "t.yaml:3:8: error: malformed YAML: mapping values are not allowed in "
	                  "this context\n");
}

static void yml__unclosed_quote_reports_its_line(void **state)
{
	(void)state;
	assert_load_fails("name: x\n"
	                  "title: \"Tarot\n"
	                  "size: poker\n",
	                  /* reported where the quote opens, not at the end of the file */
	                  "t.yaml:2:8: error: malformed YAML: found unexpected end of stream while "
	                  "scanning a quoted scalar\n");
}

static void yml__unclosed_flow_sequence_reports_its_line(void **state)
{
	(void)state;
	assert_load_fails("a: 1\n"
	                  "b: [1, 2\n"
	                  "c: 3\n",
	                  /* reported where the '[' opens */
	                  "t.yaml:2:4: error: malformed YAML: did not find expected ',' or ']' "
	                  "while parsing a flow sequence\n");
}

static void yml__misindented_block_line_reports_that_line(void **state)
{
	(void)state;
	assert_load_fails("cards:\n"
	                  "  - id: a\n"
	                  "    text: x\n"
	                  "  - id: b\n"
	                  "    text: y\n"
	                  "   count: 2\n",
	                  /* the line out of step, not the list's first item */
	                  "t.yaml:6:4: error: malformed YAML: did not find expected '-' indicator "
	                  "while parsing a block collection started at line 2\n");
}

/* ---- files ---- */

static void yml__load_file_reads_a_file(void **state)
{
	(void)state;
	char path[] = "/tmp/deckpress-test-yml-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static const char text[] = "name: x\nsize: [\n";
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	assert_int_equal(close(fd), 0);

	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = (struct yml_doc *)1;
	assert_false(yml_load_file(&doc, path, &d));
	assert_null(doc);
	char *out = flush_to_string(&d);
	char want[256];
	snprintf(want, sizeof(want),
	         "%s:3:1: error: malformed YAML: did not find expected node content while "
	         "parsing a flow node\n",
	         path);
	assert_string_equal(out, want);
	free(out);

	/* now valid, and the marks carry the path */
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("name: x\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_true(yml_load_file(&doc, path, &d));
	assert_non_null(doc);
	assert_string_equal(doc->path, path);
	const struct node *name = node_get(doc->root, "name");
	assert_string_equal(name->mark.file, path);
	assert_int_equal(name->mark.line, 1);
	assert_int_equal(name->mark.col, 7);
	assert_int_equal(diag_get_error_count(&d), 1); /* only the earlier one */
	yml_doc_destroy(doc);
	diag_finish(&d);
	assert_int_equal(unlink(path), 0);
}

static void yml__missing_file_reports_path_and_reason(void **state)
{
	(void)state;
	const char *path = "/nonexistent-deckpress-dir/deck.yaml";
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = (struct yml_doc *)1;
	assert_false(yml_load_file(&doc, path, &d));
	assert_null(doc);
	assert_int_equal(diag_get_error_count(&d), 1);
	char *out = flush_to_string(&d);
	char want[256];
	snprintf(want, sizeof(want), "%s: error: cannot read: %s\n", path, strerror(ENOENT));
	assert_string_equal(out, want);
	assert_string_equal(out, "/nonexistent-deckpress-dir/deck.yaml: error: cannot read: "
	                         "No such file or directory\n");
	free(out);
	diag_finish(&d);
}

static void yml__directory_is_refused_with_a_message(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = (struct yml_doc *)1;
	assert_false(yml_load_file(&doc, "/tmp", &d));
	assert_null(doc);
	char *out = flush_to_string(&d);
	char want[256];
	snprintf(want, sizeof(want), "/tmp: error: cannot read: %s\n", strerror(EISDIR));
	assert_string_equal(out, want);
	free(out);
	diag_finish(&d);
}

static void yml__errors_of_earlier_loads_do_not_fail_later_ones(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = NULL;
	assert_false(yml_load_buffer(&doc, "bad.yaml", "\tx: 1\n", 6, &d));
	assert_true(yml_load_buffer(&doc, "good.yaml", "x: 1\n", 5, &d));
	assert_non_null(doc);
	yml_doc_destroy(doc);
	char *out = flush_to_string(&d);
	assert_string_equal(
	        out, "bad.yaml:1:1: error: tab character in indentation; indent with spaces\n");
	free(out);
	diag_finish(&d);
}

static void yml__file_larger_than_the_limit_is_refused(void **state)
{
	(void)state;
	size_t len = (size_t)YML_MAX_BYTES + 1;
	char *data = malloc(len);
	assert_non_null(data);
	memset(data, ' ', len);
	assert_load_fails_n(data, len, "t.yaml: error: file is larger than 16 MiB\n");
	/* exactly the limit is read */
	struct yml_doc *doc = load_ok_n(data, len - 1);
	assert_null(doc->root);
	yml_doc_destroy(doc);
	free(data);
}

static void yml__too_many_values_are_refused(void **state)
{
	(void)state;
	/* "[0,0,...,0]" with one value more than the limit allows besides the list */
	size_t items = YML_MAX_NODES, len = 2 * items + 1;
	char *data = malloc(len + 1);
	assert_non_null(data);
	data[0] = '[';
	for (size_t i = 0; i < items; i++) {
		data[1 + 2 * i] = '0';
		data[2 + 2 * i] = ',';
	}
	data[len - 1] = ']';
	data[len] = '\0';
	/* the list is value 1; the item at column 2000000 would be value 1000001 */
	assert_load_fails_n(data, len,
	                    "t.yaml:1:2000000: error: more than 1000000 values in one file\n");
	/* one item fewer fits */
	data[len - 3] = ']';
	struct yml_doc *doc = load_ok_n(data, len - 2);
	assert_int_equal(doc->root->count, YML_MAX_NODES - 1);
	yml_doc_destroy(doc);
	free(data);
}

/* ---- escapes, limits, encodings and files (issue 14) ---- */

static void yml__escaped_nul_is_refused_not_cut(void **state)
{
	(void)state;
	/* was read as "T02" */
	assert_load_fails("id: \"T02\\0!! bad id\"\n"
	                  "x: \"\\x00\"\n"
	                  "y: \"\\u0000\"\n",
	                  "t.yaml:1:9: error: NUL character in text\n"
	                  "t.yaml:2:5: error: NUL character in text\n"
	                  "t.yaml:3:5: error: NUL character in text\n");
}

static void yml__escaped_control_characters_are_refused(void **state)
{
	(void)state;
	assert_load_fails("\"\\e[31mred\": 1\n"
	                  "b: \"x\\ry\"\n"
	                  "c: \"\\x7f\"\n"
	                  "d: \"a\\Nb\"\n"
	                  "e: \"\\u009b2J\"\n",
	                  "t.yaml:1:2: error: control character U+001B in text\n"
	                  "t.yaml:2:6: error: control character U+000D in text\n"
	                  "t.yaml:3:5: error: control character U+007F in text\n"
	                  "t.yaml:4:6: error: control character U+0085 in text\n"
	                  "t.yaml:5:5: error: control character U+009B in text\n");
}

static void yml__escaped_line_break_is_kept(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("a: \"x y\\nz\"\nb: \"\\u00e9\"\n");
	assert_scalar(node_get(doc->root, "a"), "x y\nz", false);
	assert_scalar(node_get(doc->root, "b"), "\xC3\xA9", false);
	yml_doc_destroy(doc);
}

static void yml__tab_in_a_text_is_refused_where_written(void **state)
{
	(void)state;
	/* a tab has no defined width on a card: it was set to a tab stop */
	assert_load_fails("a: \"x\\ty\"\n"
	                  "b: x\ty\n"
	                  "c: |\n  one\n  t\two\n"
	                  "d: \"\\u0009\"\n",
	                  "t.yaml:1:6: error: tab character in text; use a space\n"
	                  "t.yaml:2:5: error: tab character in text; use a space\n"
	                  "t.yaml:5:4: error: tab character in text; use a space\n"
	                  "t.yaml:6:5: error: tab character in text; use a space\n");
}

static void yml__texts_are_trimmed_at_both_ends(void **state)
{
	(void)state;
	struct yml_doc *doc = load_ok("a: \"  x \\n\"\n"
	                              "b: |\n\n  one\n\n  two\n\n\n"
	                              "c: \"\xC2\xA0y\xE2\x80\xAF\"\n"
	                              "d: \"  \"\n");
	assert_scalar(node_get(doc->root, "a"), "x", false);
	/* blank lines inside a block keep their meaning */
	assert_scalar(node_get(doc->root, "b"), "one\n\ntwo", false);
	assert_scalar(node_get(doc->root, "c"), "y", false);
	assert_scalar(node_get(doc->root, "d"), "", false);
	yml_doc_destroy(doc);
}

/* "a: " and a quoted text of len bytes of c, then a line break. */
static char *quoted_text(size_t len, char c)
{
	char *data = malloc(len + 8);
	assert_non_null(data);
	memcpy(data, "a: \"", 4);
	memset(data + 4, c, len);
	memcpy(data + 4 + len, "\"\n", 3);
	return data;
}

static void yml__text_longer_than_the_limit_is_refused(void **state)
{
	(void)state;
	char *data = quoted_text(YML_MAX_TEXT_BYTES + 1, 'x');
	assert_load_fails(data, "t.yaml:1:4: error: text longer than 20000 bytes\n");
	free(data);
	data = quoted_text(YML_MAX_TEXT_BYTES, 'x');
	struct yml_doc *doc = load_ok(data);
	assert_int_equal(node_get(doc->root, "a")->len, YML_MAX_TEXT_BYTES);
	yml_doc_destroy(doc);
	free(data);
}

static void yml__text_of_too_many_lines_is_refused(void **state)
{
	(void)state;
	/* "\n" escapes: 500 line breaks make 501 lines */
	size_t breaks = YML_MAX_TEXT_LINES;
	char *data = malloc(2 * breaks + 8);
	assert_non_null(data);
	memcpy(data, "a: \"", 4);
	for (size_t i = 0; i < breaks; i++)
		memcpy(data + 4 + 2 * i, "\\n", 2);
	memcpy(data + 4 + 2 * breaks, "x\"\n", 4);
	assert_load_fails(data, "t.yaml:1:4: error: text of more than 500 lines\n");
	/* 500 lines, the last one ended by its line break, are fine */
	memcpy(data + 4 + 2 * breaks - 2, "x\"\n", 4);
	struct yml_doc *doc = load_ok(data);
	yml_doc_destroy(doc);
	free(data);
	/* a block text ends with a line break too */
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "a: |\n");
	for (size_t i = 0; i < breaks; i++)
		buf_puts(&b, "  line\n");
	doc = load_ok(buf_str(&b));
	yml_doc_destroy(doc);
	buf_puts(&b, "  line\n");
	assert_load_fails(buf_str(&b), "t.yaml:1:4: error: text of more than 500 lines\n");
	/* U+2028 and U+2029 break lines too */
	buf_clear(&b);
	buf_puts(&b, "a: \"");
	for (size_t i = 0; i < breaks; i++)
		buf_puts(&b, i % 2 ? "\\L" : "\xE2\x80\xA9");
	buf_puts(&b, "x\"\n");
	assert_load_fails(buf_str(&b), "t.yaml:1:4: error: text of more than 500 lines\n");
	buf_finish(&b);
}

static void yml__mapping_of_too_many_keys_is_refused(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < YML_MAX_KEYS; i++)
		buf_printf(&b, "k%d: 1\n", i);
	struct yml_doc *doc = load_ok(buf_str(&b));
	assert_int_equal(doc->root->count, YML_MAX_KEYS);
	yml_doc_destroy(doc);
	buf_puts(&b, "extra: 1\nmore: 2\n");
	assert_load_fails(buf_str(&b),
	                  "t.yaml:10001:1: error: more than 10000 keys in one mapping\n");
	buf_finish(&b);
}

static void yml__many_duplicate_keys_are_reported_in_order(void **state)
{
	(void)state;
	/* b a c a b a: sorted, then printed by position */
	assert_load_fails("b: 1\na: 2\nc: 3\na: 4\nb: 5\na: 6\n'b\\0': 7\n",
	                  "t.yaml:4:1: error: duplicate key 'a' (first at line 2)\n"
	                  "t.yaml:5:1: error: duplicate key 'b' (first at line 1)\n"
	                  "t.yaml:6:1: error: duplicate key 'a' (first at line 2)\n");
}

static void yml__utf16_and_utf32_files_are_one_error(void **state)
{
	(void)state;
	static const char le_bom[] = "\xFF\xFE"
	                             "a\0:\0 \0x\0\n\0";
	assert_load_fails_n(le_bom, sizeof(le_bom) - 1,
	                    "t.yaml: error: file is UTF-16; save it as UTF-8\n");
	static const char be[] = "\0a\0:\0 \0x\0\n";
	assert_load_fails_n(be, sizeof(be) - 1,
	                    "t.yaml: error: file is UTF-16; save it as UTF-8\n");
	static const char le[] = "a\0:\0";
	assert_load_fails_n(le, sizeof(le) - 1,
	                    "t.yaml: error: file is UTF-16; save it as UTF-8\n");
	static const char le32_bom[] = "\xFF\xFE\0\0a\0\0\0";
	assert_load_fails_n(le32_bom, sizeof(le32_bom) - 1,
	                    "t.yaml: error: file is UTF-32; save it as UTF-8\n");
	static const char be32[] = "\0\0\0a\0\0\0:";
	assert_load_fails_n(be32, sizeof(be32) - 1,
	                    "t.yaml: error: file is UTF-32; save it as UTF-8\n");
	/* UTF-8 with its BOM and a NUL later stays the usual error */
	static const char utf8[] = "\xEF\xBB\xBF"
	                           "a: 1\0\n";
	assert_load_fails_n(utf8, sizeof(utf8) - 1, "t.yaml:1:5: error: NUL byte in text\n");
}

/* Loads path, which must fail with exactly "<path>: error: <want>\n". */
static void assert_file_refused(const char *path, const char *want)
{
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = (struct yml_doc *)1;
	assert_false(yml_load_file(&doc, path, &d));
	assert_null(doc);
	char *out = flush_to_string(&d);
	char expected[512];
	snprintf(expected, sizeof(expected), "%s: error: %s\n", path, want);
	assert_string_equal(out, expected);
	free(out);
	diag_finish(&d);
}

static void yml__named_pipe_and_device_are_refused_without_waiting(void **state)
{
	(void)state;
	char dir[] = "/tmp/deckpress-test-fifo-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/deck.yaml", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* a blocking open would wait here for a writer, for ever */
	assert_file_refused(path, "cannot read: not a regular file");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	assert_file_refused("/dev/null", "cannot read: not a regular file");
}

static void yml__large_file_is_refused_before_reading(void **state)
{
	(void)state;
	char path[] = "/tmp/deckpress-test-yml-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	/* sparse: nothing is written, the size alone refuses it */
	assert_int_equal(ftruncate(fd, (off_t)YML_MAX_BYTES + 1), 0);
	assert_int_equal(close(fd), 0);
	assert_file_refused(path, "file is larger than 16 MiB");
	assert_int_equal(unlink(path), 0);
}

static void yml__control_characters_in_file_names_are_printed_escaped(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = NULL;
	assert_false(yml_load_buffer(&doc, "\x1b[31mred\x9b.yaml", "\tx: 1\n", 6, &d));
	assert_false(yml_load_buffer(&doc, "\xC2\x9b\x7f.yaml", "\tx: 1\n", 6, &d));
	char *out = flush_to_string(&d);
	assert_string_equal(out, "\\x1b[31mred\x9b.yaml:1:1: error: tab character in indentation; "
	                         "indent with spaces\n"
	                         "\\u009b\\x7f.yaml:1:1: error: tab character in indentation; "
	                         "indent with spaces\n");
	free(out);
	diag_finish(&d);
}

static void yml__destroy_accepts_null(void **state)
{
	(void)state;
	yml_doc_destroy(NULL);
}

/* Loads data as "t.yaml", asserts success, and returns what it reported
 * (warnings); caller frees. */
static char *load_warnings(const char *data)
{
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc = NULL;
	assert_true(yml_load_buffer(&doc, "t.yaml", data, strlen(data), &d));
	char *out = flush_to_string(&d);
	diag_finish(&d);
	yml_doc_destroy(doc);
	return out;
}

static void yml__comma_cut_sentence_in_flow_list_warns_once(void **state)
{
	(void)state;
	char *out = load_warnings("a: [We talk about situations, not persons, not blame]\n");
	assert_string_equal(out, "t.yaml:1:4: warning: 'We talk about situations' and 'not "
	                         "persons' are two items of this [...] list, since a comma ends "
	                         "an unquoted text; if they are one text, put it in quotes: "
	                         "[\"..., ...\"]\n");
	free(out);
	/* Latin-1 letters count as letters */
	out = load_warnings("a: [\xc3\x98nsker vi det hele nu, \xc3\xa6ndrer vi det]\n");
	assert_non_null(strstr(out, "warning"));
	free(out);
}

static void yml__flow_lists_that_read_as_items_say_nothing(void **state)
{
	(void)state;
	static const char *const quiet[] = {
	        "a: [kort, papir, kuglepenne]\n",                   /* short items */
	        "a: [Kort og papir, kuglepenne]\n",                 /* three words */
	        "a: [We talk about it., not blame]\n",              /* closed by punctuation */
	        "a: [We talk about it \xe2\x80\xa6, and so on]\n",  /* an ellipsis */
	        "a: [\"We talk about situations\", not persons]\n", /* quoted */
	        "a: [We talk about situations, \"not persons\"]\n",
	        "a: [We talk about situations, Not persons]\n",        /* a capital */
	        "a:\n  - We talk about situations\n  - not persons\n", /* block list */
	};
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		char *out = load_warnings(quiet[i]);
		if (out[0])
			print_error("%s reported: %s", quiet[i], out);
		assert_string_equal(out, "");
		free(out);
	}
	struct yml_doc *doc = load_ok("a: [x, y]\nb:\n  - x\n");
	assert_true(doc->root->pairs[0].value->flow);
	assert_false(doc->root->pairs[1].value->flow);
	yml_doc_destroy(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(yml__simple_map_has_positions),
	        cmocka_unit_test(yml__nested_sequence_has_positions),
	        cmocka_unit_test(yml__columns_count_characters_not_bytes),
	        cmocka_unit_test(yml__empty_sequence_and_map_have_no_items),
	        cmocka_unit_test(yml__node_get_on_a_non_map_is_null),
	        cmocka_unit_test(yml__plain_and_quoted_scalars),
	        cmocka_unit_test(yml__block_scalar_is_not_plain),
	        cmocka_unit_test(yml__doc_keeps_its_own_copy_of_the_path),
	        cmocka_unit_test(yml__empty_buffer_has_no_root),
	        cmocka_unit_test(yml__bom_is_accepted),
	        cmocka_unit_test(yml__bom_does_not_shift_columns),
	        cmocka_unit_test(yml__bom_line_reports_tab_at_column_one),
	        cmocka_unit_test(yml__reports_line_and_column_of_tab),
	        cmocka_unit_test(yml__reports_every_tabbed_line_once),
	        cmocka_unit_test(yml__tab_after_text_is_not_indentation),
	        cmocka_unit_test(yml__reports_invalid_utf8_position),
	        cmocka_unit_test(yml__invalid_utf8_column_counts_characters),
	        cmocka_unit_test(yml__reports_invalid_utf8_once_per_line),
	        cmocka_unit_test(yml__overlong_utf8_is_refused),
	        cmocka_unit_test(yml__surrogates_and_past_unicode_are_refused),
	        cmocka_unit_test(yml__truncated_utf8_at_end_is_refused),
	        cmocka_unit_test(yml__four_byte_utf8_is_accepted),
	        cmocka_unit_test(yml__nul_byte_is_refused),
	        cmocka_unit_test(yml__nul_bytes_are_reported_once_per_line),
	        cmocka_unit_test(yml__control_characters_are_reported_with_position),
	        cmocka_unit_test(yml__lone_carriage_returns_count_as_lines),
	        cmocka_unit_test(yml__tab_and_bad_utf8_are_all_reported),
	        cmocka_unit_test(yml__duplicate_key_names_the_first),
	        cmocka_unit_test(yml__duplicate_keys_are_all_reported),
	        cmocka_unit_test(yml__third_duplicate_is_reported_once),
	        cmocka_unit_test(yml__same_key_in_different_maps_is_fine),
	        cmocka_unit_test(yml__key_that_is_not_a_scalar_is_refused),
	        cmocka_unit_test(yml__anchor_is_refused),
	        cmocka_unit_test(yml__alias_is_refused),
	        cmocka_unit_test(yml__multiple_documents_are_refused),
	        cmocka_unit_test(yml__one_explicit_document_is_fine),
	        cmocka_unit_test(yml__deep_nesting_is_refused),
	        cmocka_unit_test(yml__nesting_of_64_levels_is_fine),
	        cmocka_unit_test(yml__deep_block_nesting_is_refused),
	        cmocka_unit_test(yml__malformed_yaml_reports_its_line),
	        cmocka_unit_test(yml__unclosed_quote_reports_its_line),
	        cmocka_unit_test(yml__unclosed_flow_sequence_reports_its_line),
	        cmocka_unit_test(yml__misindented_block_line_reports_that_line),
	        cmocka_unit_test(yml__load_file_reads_a_file),
	        cmocka_unit_test(yml__missing_file_reports_path_and_reason),
	        cmocka_unit_test(yml__directory_is_refused_with_a_message),
	        cmocka_unit_test(yml__errors_of_earlier_loads_do_not_fail_later_ones),
	        cmocka_unit_test(yml__file_larger_than_the_limit_is_refused),
	        cmocka_unit_test(yml__too_many_values_are_refused),
	        cmocka_unit_test(yml__escaped_nul_is_refused_not_cut),
	        cmocka_unit_test(yml__escaped_control_characters_are_refused),
	        cmocka_unit_test(yml__escaped_line_break_is_kept),
	        cmocka_unit_test(yml__tab_in_a_text_is_refused_where_written),
	        cmocka_unit_test(yml__texts_are_trimmed_at_both_ends),
	        cmocka_unit_test(yml__text_longer_than_the_limit_is_refused),
	        cmocka_unit_test(yml__text_of_too_many_lines_is_refused),
	        cmocka_unit_test(yml__mapping_of_too_many_keys_is_refused),
	        cmocka_unit_test(yml__many_duplicate_keys_are_reported_in_order),
	        cmocka_unit_test(yml__utf16_and_utf32_files_are_one_error),
	        cmocka_unit_test(yml__named_pipe_and_device_are_refused_without_waiting),
	        cmocka_unit_test(yml__large_file_is_refused_before_reading),
	        cmocka_unit_test(yml__control_characters_in_file_names_are_printed_escaped),
	        cmocka_unit_test(yml__destroy_accepts_null),
	        cmocka_unit_test(yml__comma_cut_sentence_in_flow_list_warns_once),
	        cmocka_unit_test(yml__flow_lists_that_read_as_items_say_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
