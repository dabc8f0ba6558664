#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/team.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define NITEMS 40

/* What item i's result holds: its number and the helper's pid, so the
 * leader sees that more than one process did the work. */
static void result_of(size_t i, char *out, size_t n)
{
	snprintf(out, n, "item %zu by %ld", i, (long)getpid());
}

/* Runs the loop in every process: each does the items it claims (helpers
 * failing item fail, dying at the first item from die on), the leader
 * takes the others in order. Returns in the leader only: how many items it
 * did itself (claimed, or left by a dead helper), how many came failed, and
 * how many distinct helpers sent the others. */
static void run(unsigned helpers, size_t fail, size_t die, size_t *self, size_t *failed,
                size_t *pids)
{
	struct team *t = team_create(helpers);
	assert_non_null(t);
	long seen[NITEMS] = {0};
	*self = *failed = *pids = 0;
	for (size_t i = 0; i < NITEMS; i++) {
		if (team_claim(t, i)) {
			if (team_is_helper(t) && i >= die)
				_exit(3);
			nanosleep(&(struct timespec){0, 1000000},
			          NULL); /* work: the items spread */
			if (!team_is_helper(t)) {
				(*self)++;
				continue;
			}
			char r[64];
			result_of(i, r, sizeof(r));
			team_send(t, i, i != fail, r, strlen(r));
			continue;
		}
		if (team_is_helper(t))
			continue;
		struct buf b;
		buf_init(&b);
		bool ok;
		if (!team_take(t, i, &b, &ok)) {
			(*self)++;
		} else {
			long pid;
			size_t item;
			assert_int_equal(sscanf(buf_str(&b), "item %zu by %ld", &item, &pid), 2);
			assert_int_equal(item, i);
			assert_true(pid != (long)getpid());
			*failed += !ok;
			bool known = false;
			for (size_t k = 0; k < *pids; k++)
				known |= seen[k] == pid;
			if (!known)
				seen[(*pids)++] = pid;
		}
		buf_finish(&b);
	}
	team_destroy(t); /* in a helper, the end of the process */
}

static void team__items_come_in_order_from_every_process(void **state)
{
	(void)state;
	size_t self, failed, pids;
	run(2, SIZE_MAX, SIZE_MAX, &self, &failed, &pids);
	assert_true(self > 0 && self < NITEMS);
	assert_int_equal(failed, 0);
	assert_true(pids >= 1);
}

static void team__a_failed_item_is_said(void **state)
{
	(void)state;
	size_t self, failed, pids;
	run(2, 7, SIZE_MAX, &self, &failed, &pids);
	assert_true(failed <= 1); /* 1 unless the leader claimed item 7 */
}

/* Helpers that die leave their items to the leader: none is lost, and the
 * leader does not wait for them. */
static void team__a_dead_helper_leaves_its_items_to_the_leader(void **state)
{
	(void)state;
	size_t self, failed, pids;
	run(2, SIZE_MAX, 11, &self, &failed, &pids);
	assert_true(self >= NITEMS - 11);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(team__items_come_in_order_from_every_process),
	        cmocka_unit_test(team__a_failed_item_is_said),
	        cmocka_unit_test(team__a_dead_helper_leaves_its_items_to_the_leader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
