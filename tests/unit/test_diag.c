#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* Flushes d and asserts the whole printed text. */
static void assert_flushed(struct diag *d, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	assert_non_null(fp);
	diag_flush(d, fp);
	assert_int_equal(fclose(fp), 0);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

static void assert_entry_printed(const struct diag_entry *e, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	assert_non_null(fp);
	diag_print_entry(e, fp);
	assert_int_equal(fclose(fp), 0);
	assert_string_equal(out, want);
	free(out);
}

static struct mark at(const char *file, int line, int col)
{
	return (struct mark){.file = file, .line = line, .col = col};
}

static void diag__prints_file_line_col_error_message(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("decks/x/deck.yaml", 12, 7), "unknown template '%s'", "minor-arcana");
	assert_flushed(&d, "decks/x/deck.yaml:12:7: error: unknown template 'minor-arcana'\n");
	diag_finish(&d);
}

static void diag__empty_diag_prints_nothing(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	assert_flushed(&d, "");
	assert_false(diag_has_errors(&d));
	diag_finish(&d);
}

static void diag__sorts_by_line_then_column_within_a_file(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("a.yaml", 5, 1), "five-one");
	diag_error(&d, at("a.yaml", 2, 9), "two-nine");
	diag_error(&d, at("a.yaml", 10, 1), "ten-one");
	diag_error(&d, at("a.yaml", 2, 3), "two-three");
	diag_error(&d, at("a.yaml", 1, 80), "one-eighty");
	assert_flushed(&d, "a.yaml:1:80: error: one-eighty\n"
	                   "a.yaml:2:3: error: two-three\n"
	                   "a.yaml:2:9: error: two-nine\n"
	                   "a.yaml:5:1: error: five-one\n"
	                   "a.yaml:10:1: error: ten-one\n");
	diag_finish(&d);
}

static void diag__same_position_keeps_reporting_order(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("a.yaml", 3, 4), "first");
	diag_error(&d, at("a.yaml", 1, 1), "top");
	diag_error(&d, at("a.yaml", 3, 4), "second");
	diag_warning(&d, at("a.yaml", 3, 4), "third");
	diag_error(&d, at("a.yaml", 3, 4), "fourth");
	assert_flushed(&d, "a.yaml:1:1: error: top\n"
	                   "a.yaml:3:4: error: first\n"
	                   "a.yaml:3:4: error: second\n"
	                   "a.yaml:3:4: warning: third\n"
	                   "a.yaml:3:4: error: fourth\n");
	diag_finish(&d);
}

static void diag__files_keep_first_reported_order(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	/* z is reported first, so it prints first although 'a' sorts before 'z' */
	diag_error(&d, at("z.yaml", 5, 1), "z5");
	diag_error(&d, at("a.yaml", 3, 1), "a3");
	diag_error(&d, at("z.yaml", 2, 7), "z2.7");
	diag_error(&d, at("a.yaml", 1, 1), "a1");
	diag_error(&d, at("z.yaml", 2, 3), "z2.3");
	assert_flushed(&d, "z.yaml:2:3: error: z2.3\n"
	                   "z.yaml:2:7: error: z2.7\n"
	                   "z.yaml:5:1: error: z5\n"
	                   "a.yaml:1:1: error: a1\n"
	                   "a.yaml:3:1: error: a3\n");
	diag_finish(&d);
}

static void diag__equal_file_names_from_different_strings_group_together(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	char one[] = "deck.yaml", two[] = "deck.yaml";
	diag_error(&d, at(one, 9, 1), "nine");
	diag_error(&d, at("other.yaml", 1, 1), "other");
	diag_error(&d, at(two, 2, 1), "two");
	assert_flushed(&d, "deck.yaml:2:1: error: two\n"
	                   "deck.yaml:9:1: error: nine\n"
	                   "other.yaml:1:1: error: other\n");
	diag_finish(&d);
}

static void diag__warning_prints_as_warning(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_warning(&d, at("a.yaml", 4, 2), "unused key '%s'", "colour");
	assert_flushed(&d, "a.yaml:4:2: warning: unused key 'colour'\n");
	diag_finish(&d);
}

static void diag__mark_without_line_prints_file_only(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("out/deck.pdf", 0, 0), "cannot write: %s", "No space left on device");
	assert_flushed(&d, "out/deck.pdf: error: cannot write: No space left on device\n");
	diag_finish(&d);
}

static void diag__mark_without_file_prints_program_name(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at(NULL, 0, 0), "no decks found");
	diag_warning(&d, at(NULL, 3, 4), "line without a file");
	assert_flushed(&d, "deckpress: error: no decks found\n"
	                   "deckpress: warning: line without a file\n");
	diag_finish(&d);
}

static void diag__messages_without_file_group_in_first_reported_order(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("b.yaml", 2, 1), "b2");
	diag_error(&d, at(NULL, 0, 0), "global");
	diag_error(&d, at("b.yaml", 1, 1), "b1");
	diag_error(&d, at("b.yaml", 0, 0), "b-whole-file");
	assert_flushed(&d, "b.yaml: error: b-whole-file\n"
	                   "b.yaml:1:1: error: b1\n"
	                   "b.yaml:2:1: error: b2\n"
	                   "deckpress: error: global\n");
	diag_finish(&d);
}

static void diag__print_entry_formats_one_entry(void **state)
{
	(void)state;
	struct diag_entry e = {
	        .severity = SEV_ERROR, .mark = at("f.yaml", 3, 14), .message = (char *)"bad"};
	assert_entry_printed(&e, "f.yaml:3:14: error: bad\n");
	e.severity = SEV_WARNING;
	assert_entry_printed(&e, "f.yaml:3:14: warning: bad\n");
	e.mark = at("f.yaml", 0, 0);
	assert_entry_printed(&e, "f.yaml: warning: bad\n");
	e.mark = at(NULL, 0, 0);
	assert_entry_printed(&e, "deckpress: warning: bad\n");
}

static void diag__file_name_is_copied(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	char *name = strdup("decks/tmp/deck.yaml");
	assert_non_null(name);
	diag_error(&d, at(name, 7, 3), "first");
	diag_warning(&d, at(name, 2, 1), "second");
	/* overwrite before freeing, so a kept pointer shows even without ASan */
	memset(name, 'X', strlen(name));
	free(name);
	assert_flushed(&d, "decks/tmp/deck.yaml:2:1: warning: second\n"
	                   "decks/tmp/deck.yaml:7:3: error: first\n");
	diag_finish(&d);
}

static void diag__format_arguments_are_expanded(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("a.yaml", 1, 2), "value %d of '%s' is %.1f%%", 3, "x", 12.5);
	assert_flushed(&d, "a.yaml:1:2: error: value 3 of 'x' is 12.5%\n");
	diag_finish(&d);
}

static void diag__counts_errors_and_warnings(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	assert_int_equal(diag_get_error_count(&d), 0);
	assert_int_equal(diag_get_warning_count(&d), 0);
	assert_false(diag_has_errors(&d));

	diag_warning(&d, at("a.yaml", 1, 1), "w1");
	diag_warning(&d, at("b.yaml", 1, 1), "w2");
	assert_int_equal(diag_get_error_count(&d), 0);
	assert_int_equal(diag_get_warning_count(&d), 2);
	assert_false(diag_has_errors(&d));

	diag_error(&d, at("a.yaml", 2, 1), "e1");
	diag_error(&d, at(NULL, 0, 0), "e2");
	diag_error(&d, at("a.yaml", 3, 1), "e3");
	assert_int_equal(diag_get_error_count(&d), 3);
	assert_int_equal(diag_get_warning_count(&d), 2);
	assert_int_equal(d.len, 5);
	assert_true(diag_has_errors(&d));
	diag_finish(&d);
}

static void diag__counts_survive_a_flush(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("a.yaml", 1, 1), "e");
	diag_warning(&d, at("a.yaml", 2, 1), "w");
	assert_flushed(&d, "a.yaml:1:1: error: e\na.yaml:2:1: warning: w\n");
	/* a stage compares counts before and after; a flush must not hide its errors */
	assert_int_equal(diag_get_error_count(&d), 1);
	assert_int_equal(diag_get_warning_count(&d), 1);
	assert_true(diag_has_errors(&d));
	diag_finish(&d);
}

static void diag__take_counts_adds_and_restarts_them(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	size_t errors = 10, warnings = 20;
	diag_error(&d, at("a.yaml", 1, 1), "e1");
	diag_error(&d, at("a.yaml", 2, 1), "e2");
	diag_warning(&d, at("a.yaml", 3, 1), "w");
	diag_take_counts(&d, &errors, &warnings);
	assert_int_equal(errors, 12);
	assert_int_equal(warnings, 21);
	assert_int_equal(diag_get_error_count(&d), 0);
	assert_int_equal(diag_get_warning_count(&d), 0);
	assert_false(diag_has_errors(&d));
	/* the entries stay, to be flushed */
	assert_int_equal(d.len, 3);

	diag_warning(&d, at("a.yaml", 4, 1), "w2");
	diag_take_counts(&d, &errors, &warnings);
	assert_int_equal(errors, 12);
	assert_int_equal(warnings, 22);
	diag_finish(&d);
}

static void diag__take_counts_drops_a_null_count(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	size_t warnings = 0;
	diag_error(&d, at("a.yaml", 1, 1), "e");
	diag_warning(&d, at("a.yaml", 2, 1), "w");
	diag_take_counts(&d, NULL, &warnings);
	assert_int_equal(warnings, 1);
	assert_false(diag_has_errors(&d));
	size_t errors = 0;
	diag_take_counts(&d, &errors, NULL);
	assert_int_equal(errors, 0);
	assert_int_equal(diag_get_warning_count(&d), 0);
	/* the dropped error is still printed */
	assert_flushed(&d, "a.yaml:1:1: error: e\na.yaml:2:1: warning: w\n");
	diag_finish(&d);
}

static void diag__flush_empties_the_list(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("a.yaml", 1, 1), "once");
	assert_flushed(&d, "a.yaml:1:1: error: once\n");
	assert_int_equal(d.len, 0);
	assert_flushed(&d, "");
	/* and it still collects afterwards */
	diag_error(&d, at("a.yaml", 2, 1), "again");
	assert_flushed(&d, "a.yaml:2:1: error: again\n");
	diag_finish(&d);
}

static void diag__finish_leaves_an_empty_diag(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, at("a.yaml", 1, 1), "x");
	diag_warning(&d, at("b.yaml", 1, 1), "y");
	diag_finish(&d);
	assert_null(d.entries);
	assert_null(d.files);
	assert_int_equal(d.len, 0);
	assert_int_equal(d.nfiles, 0);
	assert_int_equal(diag_get_error_count(&d), 0);
	assert_int_equal(diag_get_warning_count(&d), 0);
	diag_finish(&d); /* twice is harmless */
}

/* Findings sent between processes of a run come back as they were sent. */
static void diag__entries_survive_a_round_trip(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	diag_error(&d, (struct mark){"cards.yaml", 12, 7}, "text of card '%s' does not fit", "T1");
	diag_warning(&d, (struct mark){NULL, 0, 0}, "no file");
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < d.len; i++)
		diag_put_entry(&b, &d.entries[i]);
	struct buf_reader r = {b.data, b.data + b.len, false};
	struct diag_entry e;
	assert_true(diag_get_entry(&r, &e));
	assert_int_equal(e.severity, SEV_ERROR);
	assert_string_equal(e.mark.file, "cards.yaml");
	assert_int_equal(e.mark.line, 12);
	assert_int_equal(e.mark.col, 7);
	assert_string_equal(e.message, "text of card 'T1' does not fit");
	free((char *)e.mark.file);
	free(e.message);
	assert_true(diag_get_entry(&r, &e));
	assert_int_equal(e.severity, SEV_WARNING);
	assert_null(e.mark.file);
	assert_string_equal(e.message, "no file");
	free(e.message);
	assert_true(r.p == r.end);
	assert_false(diag_get_entry(&r, &e)); /* nothing left */
	assert_true(r.bad);
	buf_finish(&b);
	diag_finish(&d);
}

/* A record cut short anywhere is refused, and nothing is left to free. */
static void diag__a_cut_entry_is_refused(void **state)
{
	(void)state;
	struct diag_entry in = {SEV_ERROR, {"a.yaml", 1, 2}, "message", 0};
	struct buf b;
	buf_init(&b);
	diag_put_entry(&b, &in);
	for (size_t n = 0; n < b.len; n++) {
		struct buf_reader r = {b.data, b.data + n, false};
		struct diag_entry e;
		assert_false(diag_get_entry(&r, &e));
		assert_null(e.message);
		assert_null(e.mark.file);
	}
	buf_finish(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(diag__prints_file_line_col_error_message),
	        cmocka_unit_test(diag__empty_diag_prints_nothing),
	        cmocka_unit_test(diag__sorts_by_line_then_column_within_a_file),
	        cmocka_unit_test(diag__same_position_keeps_reporting_order),
	        cmocka_unit_test(diag__files_keep_first_reported_order),
	        cmocka_unit_test(diag__equal_file_names_from_different_strings_group_together),
	        cmocka_unit_test(diag__warning_prints_as_warning),
	        cmocka_unit_test(diag__mark_without_line_prints_file_only),
	        cmocka_unit_test(diag__mark_without_file_prints_program_name),
	        cmocka_unit_test(diag__messages_without_file_group_in_first_reported_order),
	        cmocka_unit_test(diag__print_entry_formats_one_entry),
	        cmocka_unit_test(diag__file_name_is_copied),
	        cmocka_unit_test(diag__format_arguments_are_expanded),
	        cmocka_unit_test(diag__counts_errors_and_warnings),
	        cmocka_unit_test(diag__counts_survive_a_flush),
	        cmocka_unit_test(diag__take_counts_adds_and_restarts_them),
	        cmocka_unit_test(diag__take_counts_drops_a_null_count),
	        cmocka_unit_test(diag__flush_empties_the_list),
	        cmocka_unit_test(diag__finish_leaves_an_empty_diag),
	        cmocka_unit_test(diag__entries_survive_a_round_trip),
	        cmocka_unit_test(diag__a_cut_entry_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
