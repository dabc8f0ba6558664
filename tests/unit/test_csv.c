#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load/csv.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* Parses data as "t.csv"; returns the messages (caller frees) and sets
 * *root (NULL on failure). Nodes live in arena. */
static char *parse(struct arena *arena, const char *data, size_t len, const struct node **root)
{
	struct diag d;
	diag_init(&d);
	bool ok = csv_load_buffer(root, arena, "t.csv", data, len, &d);
	assert_true(ok == (*root != NULL));
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);
	assert_non_null(fp);
	diag_flush(&d, fp);
	assert_int_equal(fclose(fp), 0);
	diag_finish(&d);
	return out;
}

static const struct node *parse_ok(struct arena *arena, const char *data)
{
	const struct node *root;
	char *out = parse(arena, data, strlen(data), &root);
	if (!root || out[0]) {
		print_error("csv_load_buffer failed or reported:\n%s", out);
		free(out);
		fail();
	}
	free(out);
	return root;
}

static void expect_error(const char *data, size_t len, const char *want)
{
	struct arena arena;
	arena_init(&arena);
	const struct node *root;
	char *out = parse(&arena, data, len, &root);
	assert_null(root);
	assert_string_equal(out, want);
	free(out);
	arena_finish(&arena);
}

static const struct node *row(const struct node *root, size_t i)
{
	const struct node *rows = node_get(root, "rows");
	assert_non_null(rows);
	assert_true(i < rows->count);
	return rows->items[i];
}

static void csv__reads_header_and_rows_with_positions(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	const struct node *root = parse_ok(&arena, "id,text\nA,Hello\nB,World\n");
	const struct node *cols = node_get(root, "columns");
	assert_int_equal(cols->count, 2);
	assert_string_equal(cols->items[1]->str, "text");
	assert_int_equal(node_get(root, "rows")->count, 2);
	const struct node *v = node_get(row(root, 1), "text");
	assert_string_equal(v->str, "World");
	assert_int_equal(v->mark.line, 3);
	assert_int_equal(v->mark.col, 2);
	assert_false(v->plain);
	arena_finish(&arena);
}

static void csv__quotes_commas_newlines_and_crlf(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	const struct node *root =
	        parse_ok(&arena, "id,text\r\n\"A\",\"one, \"\"two\"\"\r\nthree\"\r\nB,\"\"\r\n");
	assert_string_equal(node_get(row(root, 0), "text")->str, "one, \"two\"\nthree");
	/* an empty cell is no key */
	assert_null(node_get(row(root, 1), "text"));
	arena_finish(&arena);
}

static void csv__semicolon_and_bom(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	const struct node *root = parse_ok(&arena, "\xEF\xBB\xBFid;text\nA;3,5 kr.\n");
	assert_string_equal(node_get(root, "columns")->items[0]->str, "id");
	assert_string_equal(node_get(row(root, 0), "text")->str, "3,5 kr.");
	arena_finish(&arena);
}

/* Where each cell is written, quotes included, in characters from the
 * start of the file (its byte order mark one of them): what a translation
 * import replaces. */
static void csv__cells_know_where_they_are_written(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	const char *data = "\xEF\xBB\xBFid;text.da;text.en\r\n\xC3\x86"
	                   "1;\"Bl\xC3\xA5; \"\"x\"\"\";\r\n";
	const struct node *root = parse_ok(&arena, data);
	const struct node *t = node_get(row(root, 0), "text");
	const struct node *da = node_get(t, "da"), *en = node_get(t, "en");
	/* the mark and "id;text.da;text.en", CR, LF: 21 characters */
	assert_int_equal(node_get(row(root, 0), "id")->start, 21);
	/* then "Æ1;": the cell "Blå; ""x""" with its quotes is 12 characters */
	assert_int_equal(da->start, 24);
	assert_int_equal(da->end, 36);
	assert_string_equal(da->str, "Bl\xC3\xA5; \"x\"");
	assert_int_equal(en->start, 37); /* empty, before the line's end */
	assert_int_equal(en->end, 37);
	arena_finish(&arena);
}

static void csv__language_columns_make_a_map(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	const struct node *root = parse_ok(&arena, "id,text.da,text.en\nA,Hej,Hi\nB,,\nC,Ja,\n");
	const struct node *t = node_get(row(root, 0), "text");
	assert_int_equal(t->type, NODE_MAP);
	assert_string_equal(node_get(t, "da")->str, "Hej");
	assert_string_equal(node_get(t, "en")->str, "Hi");
	assert_int_equal(node_get(t, "en")->mark.col, 3);
	assert_null(node_get(row(root, 1), "text"));
	assert_string_equal(node_get(node_get(row(root, 2), "text"), "en")->str, "");
	arena_finish(&arena);
}

static void csv__skips_empty_rows_and_takes_no_final_newline(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	const struct node *root = parse_ok(&arena, "id,text\nA,x\n\n,\nB,y");
	assert_int_equal(node_get(root, "rows")->count, 2);
	assert_string_equal(node_get(row(root, 1), "id")->str, "B");
	assert_int_equal(row(root, 1)->mark.line, 5);
	arena_finish(&arena);
}

static void csv__reports_broken_quote(void **state)
{
	(void)state;
	const char *s = "id,text\nA,\"never closed\nB,x\n";
	expect_error(s, strlen(s),
	             "t.csv:2:2: error: the quote that opens this cell is never closed\n");
	s = "id,text\nA,\"x\"y\n";
	expect_error(s, strlen(s),
	             "t.csv:2:2: error: text after the closing quote of a cell; a quote inside "
	             "a quoted cell is written twice (\"\")\n");
	s = "id,text\nA,x\"y\n";
	expect_error(s, strlen(s),
	             "t.csv:2:2: error: a quote inside a cell that does not start with one; "
	             "quote the cell and write the quote twice (\"\")\n");
}

static void csv__reports_wrong_column_count_by_row(void **state)
{
	(void)state;
	const char *s = "id,text\nA,x\nB,y,z\nC\n";
	expect_error(s, strlen(s),
	             "t.csv:3:3: error: row 3 has 3 cells, but the header has 2 columns\n"
	             "t.csv:4:2: error: row 4 has 1 cell, but the header has 2 columns\n");
}

static void csv__reports_header_problems(void **state)
{
	(void)state;
	const char *s = "id,,text,text\nA,,x,y\n";
	expect_error(s, strlen(s),
	             "t.csv:1:2: error: column 2 of the header has no name; name it after a "
	             "field, or FIELD.LANGUAGE such as 'text.da'\n"
	             "t.csv:1:4: error: column 'text' gives 'text' again (first in column 3)\n");
	s = "id,text,text.da\n";
	expect_error(s, strlen(s),
	             "t.csv:1:3: error: column 'text.da' gives 'text' again (first in column "
	             "2)\n");
	expect_error("", 0, "t.csv: error: file is empty; its first row names the columns\n");
}

static void csv__reports_encoding(void **state)
{
	(void)state;
	const char *s = "id,text\nA,caf\xE9\n";
	expect_error(s, strlen(s),
	             "t.csv:2:2: error: invalid UTF-8 in a cell; save the file as 'CSV UTF-8'\n");
	expect_error("\xFF\xFEi\0d\0", 6, "t.csv: error: file is UTF-16; save it as 'CSV UTF-8'\n");
	s = "id,text\nA,x\x01y\n";
	expect_error(s, strlen(s), "t.csv:2:2: error: control character U+0001 in a cell\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(csv__reads_header_and_rows_with_positions),
	        cmocka_unit_test(csv__quotes_commas_newlines_and_crlf),
	        cmocka_unit_test(csv__semicolon_and_bom),
	        cmocka_unit_test(csv__cells_know_where_they_are_written),
	        cmocka_unit_test(csv__language_columns_make_a_map),
	        cmocka_unit_test(csv__skips_empty_rows_and_takes_no_final_newline),
	        cmocka_unit_test(csv__reports_broken_quote),
	        cmocka_unit_test(csv__reports_wrong_column_count_by_row),
	        cmocka_unit_test(csv__reports_header_problems),
	        cmocka_unit_test(csv__reports_encoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
