#define _POSIX_C_SOURCE 200809L /* nanosleep, mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "build/split.h"
#include "output/atomic.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define NUNITS 24

static char dir[64];

/* Unit i: a held file dir/unit-i holding "i", a finding for odd units and
 * a warning when unit_end() ends it; a helper dies at the first unit from
 * die on that it takes, leaving its held files. */
static bool build_unit(size_t i, struct diag *d, bool helper, size_t die)
{
	if (helper && i >= die)
		_exit(3);
	nanosleep(&(struct timespec){0, 2000000}, NULL); /* work: the units spread */
	char path[128], text[32];
	snprintf(path, sizeof(path), "%s/unit-%02zu", dir, i);
	snprintf(text, sizeof(text), "%zu", i);
	if (i % 2)
		diag_error(d, (struct mark){.file = "kit.yaml", .line = (int)(NUNITS - i)},
		           "unit %zu", i);
	return atomic_write_file(path, text, strlen(text), d);
}

static bool end_unit(struct diag *d)
{
	diag_warning(d, (struct mark){.file = "end.yaml"}, "unit ended");
	return true;
}

/* Walks every unit in every process and keeps the files; returns, in the
 * leader, the findings as one text. */
static void run(unsigned n, size_t die, struct buf *said, bool *lost)
{
	struct diag scratch, d;
	diag_init(&scratch);
	diag_init(&d);
	atomic_hold_begin();
	struct split *u = split_start(n, &scratch, end_unit);
	assert_non_null(u);
	bool helper = split_is_helper(u);
	bool ok = true;
	for (size_t i = 0; i < NUNITS && ok; i++)
		if (split_take(u))
			ok = build_unit(i, &scratch, helper, die);
	bool failed = false;
	if (!split_end(u, NULL, ok, &failed) && split_redo(u))
		for (size_t i = 0; i < NUNITS && ok; i++)
			if (split_take(u))
				ok = build_unit(i, &scratch, false, die);
	assert_true(split_end(u, NULL, ok, &failed));
	assert_false(failed);
	*lost = split_finish(u, &d);
	assert_true(atomic_hold_end(true, &d));
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	diag_flush(&d, mem);
	fclose(mem);
	buf_append(said, text, len);
	free(text);
	diag_finish(&d);
	diag_finish(&scratch);
}

/* Every unit's file is there, whole, and nothing else. */
static void check_files(void)
{
	for (size_t i = 0; i < NUNITS; i++) {
		char path[128], text[32] = {0};
		snprintf(path, sizeof(path), "%s/unit-%02zu", dir, i);
		FILE *fp = fopen(path, "r");
		assert_non_null(fp);
		assert_non_null(fgets(text, sizeof(text), fp));
		fclose(fp);
		assert_int_equal(strtoul(text, NULL, 10), i);
		unlink(path);
	}
	assert_int_equal(atomic_remove_stale(dir), 0);
}

/* One process's findings, for comparison (its files removed). */
static void one_process(struct buf *said)
{
	atomic_hold_begin();
	struct diag d;
	diag_init(&d);
	for (size_t i = 0; i < NUNITS; i++) {
		build_unit(i, &d, false, SIZE_MAX);
		end_unit(&d);
	}
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	diag_flush(&d, mem);
	fclose(mem);
	buf_append(said, text, len);
	free(text);
	assert_true(atomic_hold_end(false, &d));
	diag_finish(&d);
}

static void test_same_as_one_process(void **state)
{
	(void)state;
	struct buf one, split;
	buf_init(&one);
	buf_init(&split);
	one_process(&one);
	for (unsigned n = 2; n <= 4; n++) {
		bool lost = true;
		buf_clear(&split);
		run(n, SIZE_MAX, &split, &lost);
		assert_false(lost);
		assert_string_equal(buf_str(&split), buf_str(&one));
		check_files();
	}
	buf_finish(&one);
	buf_finish(&split);
}

static void test_helper_dies(void **state)
{
	(void)state;
	struct buf one, split;
	buf_init(&one);
	buf_init(&split);
	one_process(&one);
	/* helpers that die at the first unit they take from unit 5 on,
	 * leaving the files of the units before held */
	for (unsigned n = 2; n <= 3; n++) {
		bool lost = false;
		buf_clear(&split);
		run(n, 5, &split, &lost);
		assert_true(lost);
		assert_string_equal(buf_str(&split), buf_str(&one));
		atomic_remove_stale(dir);
		check_files();
	}
	buf_finish(&one);
	buf_finish(&split);
}

static void test_one_job_is_no_split(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	assert_null(split_start(1, &d, NULL));
	assert_true(split_take(NULL));
	assert_false(split_finish(NULL, &d));
	diag_finish(&d);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_split-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_same_as_one_process),
	        cmocka_unit_test(test_helper_dies),
	        cmocka_unit_test(test_one_job_is_no_split),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
