#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "util/workers.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define NJOBS 64

struct job {
	struct work work;
	unsigned input;
	unsigned long long output;
	pthread_t thread;
	int start; /* how many jobs started before it */
	int signal_blocked;
};

static pthread_mutex_t order_lock = PTHREAD_MUTEX_INITIALIZER;
static int started;

/* Enough work that several threads overlap. */
static void run_job(struct work *w)
{
	struct job *j = (struct job *)w;
	pthread_mutex_lock(&order_lock);
	j->start = started++;
	pthread_mutex_unlock(&order_lock);
	unsigned long long x = j->input;
	for (int i = 0; i < 200000; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	j->output = x;
	j->thread = pthread_self();
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	j->signal_blocked = sigismember(&now, SIGINT);
}

static unsigned long long expected(unsigned input)
{
	unsigned long long x = input;
	for (int i = 0; i < 200000; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return x;
}

static void submit_all(struct workers *ws, struct job *jobs)
{
	started = 0;
	for (unsigned i = 0; i < NJOBS; i++) {
		jobs[i] = (struct job){.work.run = run_job, .input = i, .start = -1};
		workers_submit(ws, &jobs[i].work);
	}
}

static void workers__run_every_job_once(void **state)
{
	(void)state;
	struct workers *ws = workers_create(3);
	assert_non_null(ws);
	struct job jobs[NJOBS];
	submit_all(ws, jobs);
	for (unsigned i = 0; i < NJOBS; i++) {
		workers_wait(ws, &jobs[i].work);
		assert_int_equal(jobs[i].output, expected(i));
	}
	/* each ran once */
	bool seen[NJOBS] = {false};
	for (unsigned i = 0; i < NJOBS; i++) {
		assert_in_range(jobs[i].start, 0, NJOBS - 1);
		assert_false(seen[jobs[i].start]);
		seen[jobs[i].start] = true;
	}
	workers_destroy(ws);
}

static void workers__run_on_other_threads_that_block_signals(void **state)
{
	(void)state;
	struct workers *ws = workers_create(2);
	assert_non_null(ws);
	struct job jobs[NJOBS];
	submit_all(ws, jobs);
	workers_destroy(ws); /* waits for every job */
	for (unsigned i = 0; i < NJOBS; i++) {
		assert_int_equal(jobs[i].output, expected(i));
		assert_false(pthread_equal(jobs[i].thread, pthread_self()));
		assert_true(jobs[i].signal_blocked);
	}
	/* the caller's own mask is as it was */
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	assert_false(sigismember(&now, SIGINT));
}

static void workers__none_runs_jobs_in_the_callers_thread(void **state)
{
	(void)state;
	struct workers *ws = workers_create(0);
	assert_non_null(ws);
	struct job jobs[NJOBS];
	submit_all(ws, jobs);
	for (unsigned i = 0; i < NJOBS; i++) {
		/* done when workers_submit() returned */
		assert_int_equal(jobs[i].output, expected(i));
		assert_true(pthread_equal(jobs[i].thread, pthread_self()));
		workers_wait(ws, &jobs[i].work);
	}
	workers_destroy(ws);
	workers_destroy(NULL);
}

static void workers__count_cpus_is_at_least_one(void **state)
{
	(void)state;
	assert_true(workers_count_cpus() >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(workers__run_every_job_once),
	        cmocka_unit_test(workers__run_on_other_threads_that_block_signals),
	        cmocka_unit_test(workers__none_runs_jobs_in_the_callers_thread),
	        cmocka_unit_test(workers__count_cpus_is_at_least_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
