#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

/* Adds pid to the *n pids seen (at most max) unless it is there. */
static void add_pid(long *seen, size_t *n, size_t max, long pid)
{
	for (size_t k = 0; k < *n; k++)
		if (seen[k] == pid)
			return;
	if (*n < max)
		seen[(*n)++] = pid;
}

/* How helpers go wrong in run(): failing item fail, dying at the first
 * item from die on, tagging each item from mistag on as another. */
struct faults {
	size_t fail, die, mistag;
};

static const struct faults none = {SIZE_MAX, SIZE_MAX, SIZE_MAX};

static void tag_of(size_t i, char *out, size_t n)
{
	snprintf(out, n, "page %zu", i);
}

/* Runs the loop in every process: each does the items it claims (helpers
 * going wrong as f says), the leader takes the others in order. Returns in
 * the leader only: how many items it did itself (claimed, or left by a dead
 * helper), how many came failed, and how many distinct helpers sent the
 * others. */
static void run(unsigned helpers, struct faults f, size_t *self, size_t *failed, size_t *pids)
{
	size_t fail = f.fail, die = f.die;
	struct team *t = team_create(helpers, NITEMS);
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
			char r[64], tag[32];
			result_of(i, r, sizeof(r));
			tag_of(i >= f.mistag ? i + 1 : i, tag, sizeof(tag));
			team_send(t, i, tag, i != fail, r, strlen(r));
			continue;
		}
		if (team_is_helper(t))
			continue;
		struct buf b;
		buf_init(&b);
		bool ok;
		char tag[32];
		tag_of(i, tag, sizeof(tag));
		if (!team_take(t, i, tag, &b, &ok)) {
			(*self)++;
		} else {
			long pid;
			size_t item;
			assert_int_equal(sscanf(buf_str(&b), "item %zu by %ld", &item, &pid), 2);
			assert_int_equal(item, i);
			assert_true(pid != (long)getpid());
			*failed += !ok;
			add_pid(seen, pids, NITEMS, pid);
		}
		buf_finish(&b);
	}
	team_destroy(t); /* in a helper, the end of the process */
}

static void team__items_come_in_order_from_every_process(void **state)
{
	(void)state;
	size_t self, failed, pids;
	run(2, none, &self, &failed, &pids);
	assert_true(self > 0 && self < NITEMS);
	assert_int_equal(failed, 0);
	assert_true(pids >= 1);
}

static void team__a_failed_item_is_said(void **state)
{
	(void)state;
	size_t self, failed, pids;
	run(2, (struct faults){7, SIZE_MAX, SIZE_MAX}, &self, &failed, &pids);
	assert_true(failed <= 1); /* 1 unless the leader claimed item 7 */
}

/* Helpers that die leave their items to the leader: none is lost, and the
 * leader does not wait for them. */
static void team__a_dead_helper_leaves_its_items_to_the_leader(void **state)
{
	(void)state;
	size_t self, failed, pids;
	run(2, (struct faults){SIZE_MAX, 11, SIZE_MAX}, &self, &failed, &pids);
	assert_true(self >= NITEMS - 11);
	assert_int_equal(failed, 0);
}

/* A result tagged as another item (the processes disagree on the loop)
 * is not taken: the leader does that item and every later one itself. */
static void team__a_result_tagged_otherwise_stops_the_team(void **state)
{
	(void)state;
	size_t self, failed, pids;
	run(1, (struct faults){SIZE_MAX, SIZE_MAX, 5}, &self, &failed, &pids);
	assert_true(self >= NITEMS - 5);
	assert_int_equal(failed, 0);
}

/* With one helper the leader draws too: both do items, and every item the
 * helper sends comes in order (the leader reads one result of it at a
 * time). */
static void team__one_helper_and_the_leader_share_the_items(void **state)
{
	(void)state;
	size_t self, failed, pids;
	run(1, none, &self, &failed, &pids);
	assert_true(self > 0 && self < NITEMS);
	assert_true(pids == 1);
}

/* The second claim: each process grabs the items of its share (every
 * third, by its place), helper 1 slowly, then any item still free from
 * the last one down; helpers send what they grabbed (helper 2 dies at
 * item die), the leader takes it as it comes. Returns in the leader only:
 * how many items it did itself and how many came from helpers; every
 * item done exactly once, and the processes' shares mixed. */
static void grab_run(size_t die, size_t *self, size_t *sent)
{
	struct team *t = team_create(2, NITEMS);
	assert_non_null(t);
	unsigned me = team_index(t);
	int done[NITEMS] = {0};
	*self = *sent = 0;
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < NITEMS; k++) {
			size_t i = pass ? NITEMS - 1 - k : k;
			if ((!pass && i % 3 != me) || !team_grab(t, i))
				continue;
			assert_true(team_grabbed(t, i));
			assert_false(team_grab(t, i));
			if (me == 2 && i >= die)
				_exit(3);
			nanosleep(&(struct timespec){0, me == 1 ? 3000000 : 1000000}, NULL);
			char r[64];
			result_of(i, r, sizeof(r));
			if (me > 0) {
				char tag[32];
				tag_of(i, tag, sizeof(tag));
				team_send(t, i, tag, true, r, strlen(r));
			} else {
				done[i]++;
				++*self;
			}
		}
	if (me > 0)
		team_destroy(t); /* the end of the process */
	size_t item;
	char *tag;
	bool ok;
	struct buf out;
	buf_init(&out);
	while (team_take_next(t, true, &item, &tag, &out, &ok) == TEAM_GOT) {
		char want[32];
		tag_of(item, want, sizeof(want));
		assert_string_equal(tag, want);
		assert_true(ok && item < NITEMS);
		free(tag);
		done[item]++;
		++*sent;
	}
	buf_finish(&out);
	/* what a dead helper grabbed and did not send is the leader's now */
	for (size_t i = 0; i < NITEMS; i++)
		if (!done[i]) {
			assert_true(team_grab(t, i));
			assert_false(team_grabbed(t, i));
			done[i]++;
			++*self;
		}
	for (size_t i = 0; i < NITEMS; i++)
		assert_int_equal(done[i], 1);
	team_destroy(t);
}

static void team__grabbed_items_are_done_once_and_taken_as_they_come(void **state)
{
	(void)state;
	size_t self, sent;
	grab_run(SIZE_MAX, &self, &sent);
	assert_int_equal(self + sent, NITEMS);
	/* the slow helper's share is more than a third: the others take some */
	assert_true(self > NITEMS / 3 - 1 && sent > 0);
}

static void team__a_dead_grabber_leaves_its_items_to_the_leader(void **state)
{
	(void)state;
	size_t self, sent;
	grab_run(10, &self, &sent);
	assert_true(self > NITEMS / 3);
}

static void *wait_for(void *arg)
{
	pthread_mutex_t *m = arg;
	pthread_mutex_lock(m);
	pthread_mutex_unlock(m);
	return NULL;
}

/* A process that runs another thread forks no helper (the thread's locks
 * would stay locked in them); once it has ended, it does. */
static void team__no_fork_while_a_thread_runs(void **state)
{
	(void)state;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&m);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, wait_for, &m), 0);
	assert_null(team_create(1, NITEMS));
	pthread_mutex_unlock(&m);
	pthread_join(th, NULL);
	size_t self, failed, pids;
	run(1, none, &self, &failed, &pids);
	assert_true(pids == 1);
}

/* Runs a team whose helpers each send their pid for the items they claim
 * and then take a while to exit (their memory is large: the kernel tears
 * it down after they have sent all); the leader keeps each pid seen. */
static size_t run_slow_exits(unsigned helpers, long *pids, size_t max)
{
	struct team *t = team_create(helpers, NITEMS);
	assert_non_null(t);
	size_t n = 0;
	for (size_t i = 0; i < NITEMS; i++) {
		if (team_claim(t, i)) {
			nanosleep(&(struct timespec){0, 500000}, NULL);
			if (team_is_helper(t)) {
				long pid = (long)getpid();
				team_send(t, i, "", true, &pid, sizeof(pid));
			}
			continue;
		}
		if (team_is_helper(t))
			continue;
		struct buf b;
		buf_init(&b);
		bool ok;
		if (team_take(t, i, "", &b, &ok) && b.len == sizeof(long)) {
			long pid;
			memcpy(&pid, b.data, sizeof(pid));
			add_pid(pids, &n, max, pid);
		}
		buf_finish(&b);
	}
	if (team_is_helper(t)) {
		size_t big = (size_t)64 << 20;
		char *p = malloc(big);
		assert_non_null(p);
		memset(p, 1, big); /* never freed: torn down with the process */
	} else {
		/* as a deck's crew does: every helper's end read */
		size_t item;
		char *tag;
		struct buf b;
		buf_init(&b);
		bool ok;
		assert_int_equal(team_take_next(t, true, &item, &tag, &b, &ok), TEAM_END);
		buf_finish(&b);
	}
	team_destroy(t); /* in a helper, the end of the process */
	return n;
}

/* The leader does not wait for a helper that has sent all it had to end
 * (the end of a crew would wait for the kernel), yet leaves no process
 * unreaped for long: the next team reaps the helpers of the one before. */
static void team__helpers_that_ended_are_reaped_by_the_next_team(void **state)
{
	(void)state;
	long first[4];
	size_t n = run_slow_exits(3, first, 4);
	assert_true(n >= 1);
	long second[4];
	run_slow_exits(1, second, 4);
	for (size_t k = 0; k < n; k++) {
		errno = 0;
		pid_t r = waitpid((pid_t)first[k], NULL, WNOHANG);
		int err = errno;
		assert_int_equal(r, -1); /* not a child left to wait for */
		assert_int_equal(err, ECHILD);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(team__items_come_in_order_from_every_process),
	        cmocka_unit_test(team__a_failed_item_is_said),
	        cmocka_unit_test(team__a_dead_helper_leaves_its_items_to_the_leader),
	        cmocka_unit_test(team__a_result_tagged_otherwise_stops_the_team),
	        cmocka_unit_test(team__one_helper_and_the_leader_share_the_items),
	        cmocka_unit_test(team__no_fork_while_a_thread_runs),
	        cmocka_unit_test(team__grabbed_items_are_done_once_and_taken_as_they_come),
	        cmocka_unit_test(team__a_dead_grabber_leaves_its_items_to_the_leader),
	        cmocka_unit_test(team__helpers_that_ended_are_reaped_by_the_next_team),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
