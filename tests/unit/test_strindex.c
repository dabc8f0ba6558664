#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/strindex.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define N 5000

/* Many keys, sharing long prefixes as translation contexts do: each is
 * found with its own value after every growth, and none that was not put. */
static void strindex__finds_every_key_it_was_given(void **state)
{
	(void)state;
	char(*keys)[48] = calloc(N, sizeof(*keys));
	assert_non_null(keys);
	struct strindex ix;
	strindex_init(&ix);
	size_t v;
	assert_false(strindex_get(&ix, "anything", &v));
	assert_null(strindex_at(&ix, "anything"));
	for (size_t i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "workshop.yaml drejebog text#%zu", i + 1);
		assert_true(strindex_put(&ix, keys[i], i));
		/* what was put before is still there as the table grows */
		assert_true(strindex_get(&ix, keys[i / 2], &v));
		assert_int_equal(v, i / 2);
	}
	assert_int_equal(ix.count, N);
	for (size_t i = 0; i < N; i++) {
		assert_true(strindex_get(&ix, keys[i], &v));
		assert_int_equal(v, i);
	}
	char other[48];
	snprintf(other, sizeof(other), "workshop.yaml drejebog text#%d", N + 1);
	assert_false(strindex_get(&ix, other, NULL));
	assert_false(strindex_get(&ix, "workshop.yaml drejebog text", NULL));
	strindex_finish(&ix);
	free(keys);
}

/* A key put again keeps one place, with the new value; a value changed
 * through strindex_at() is the one found. Keys are compared by content,
 * not by pointer. */
static void strindex__a_key_has_one_value(void **state)
{
	(void)state;
	struct strindex ix;
	strindex_init(&ix);
	char a[] = "da\tkapitalkort.yaml T01 text";
	char b[] = "da\tkapitalkort.yaml T01 text";
	assert_true(strindex_put(&ix, a, 1));
	assert_false(strindex_put(&ix, b, 2));
	assert_int_equal(ix.count, 1);
	size_t v = 0;
	assert_true(strindex_get(&ix, a, &v));
	assert_int_equal(v, 2);
	size_t *at = strindex_at(&ix, "da\tkapitalkort.yaml T01 text");
	assert_non_null(at);
	*at = 7;
	assert_true(strindex_get(&ix, b, &v));
	assert_int_equal(v, 7);
	assert_false(strindex_get(&ix, "en\tkapitalkort.yaml T01 text", NULL));
	strindex_finish(&ix);
	strindex_finish(&ix); /* finished twice is fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(strindex__finds_every_key_it_was_given),
	        cmocka_unit_test(strindex__a_key_has_one_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
