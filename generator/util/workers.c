#define _GNU_SOURCE /* sched_getaffinity() */
#include "util/workers.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/mem.h"

struct workers {
	pthread_mutex_t lock;
	pthread_cond_t queued;    /* a job was queued, or stop was set */
	pthread_cond_t ran;       /* a job finished */
	struct work *head, *tail; /* queued, not yet started */
	unsigned pending;         /* submitted, not yet finished */
	bool stop;
	pthread_t *threads;
	unsigned nthreads;
};

static void *worker_main(void *arg)
{
	struct workers *ws = arg;
	pthread_mutex_lock(&ws->lock);
	for (;;) {
		while (!ws->head && !ws->stop)
			pthread_cond_wait(&ws->queued, &ws->lock);
		if (!ws->head)
			break; /* stop, and nothing left */
		struct work *w = ws->head;
		ws->head = w->next;
		if (!ws->head)
			ws->tail = NULL;
		pthread_mutex_unlock(&ws->lock);
		w->run(w);
		pthread_mutex_lock(&ws->lock);
		w->done = true;
		ws->pending--;
		pthread_cond_broadcast(&ws->ran);
	}
	pthread_mutex_unlock(&ws->lock);
	return NULL;
}

struct workers *workers_create(unsigned n)
{
	struct workers *ws = xcalloc(1, sizeof(*ws));
	pthread_mutex_init(&ws->lock, NULL);
	pthread_cond_init(&ws->queued, NULL);
	pthread_cond_init(&ws->ran, NULL);
	if (n == 0)
		return ws;

	/* The threads inherit this mask: every signal goes to the caller's thread. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ws->threads = xcalloc(n, sizeof(*ws->threads));
	for (; ws->nthreads < n; ws->nthreads++)
		if (pthread_create(&ws->threads[ws->nthreads], NULL, worker_main, ws) != 0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ws->nthreads < n) {
		workers_destroy(ws);
		return NULL;
	}
	return ws;
}

void workers_submit(struct workers *ws, struct work *w)
{
	w->next = NULL;
	w->done = false;
	if (ws->nthreads == 0) {
		w->run(w);
		w->done = true;
		return;
	}
	pthread_mutex_lock(&ws->lock);
	if (ws->tail)
		ws->tail->next = w;
	else
		ws->head = w;
	ws->tail = w;
	ws->pending++;
	pthread_cond_signal(&ws->queued);
	pthread_mutex_unlock(&ws->lock);
}

void workers_wait(struct workers *ws, struct work *w)
{
	pthread_mutex_lock(&ws->lock);
	while (!w->done)
		pthread_cond_wait(&ws->ran, &ws->lock);
	pthread_mutex_unlock(&ws->lock);
}

void workers_destroy(struct workers *ws)
{
	if (!ws)
		return;
	pthread_mutex_lock(&ws->lock);
	while (ws->pending > 0)
		pthread_cond_wait(&ws->ran, &ws->lock);
	ws->stop = true;
	pthread_cond_broadcast(&ws->queued);
	pthread_mutex_unlock(&ws->lock);
	for (unsigned i = 0; i < ws->nthreads; i++)
		pthread_join(ws->threads[i], NULL);
	free(ws->threads);
	pthread_cond_destroy(&ws->ran);
	pthread_cond_destroy(&ws->queued);
	pthread_mutex_destroy(&ws->lock);
	free(ws);
}

unsigned workers_count_cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0) {
		int n = CPU_COUNT(&set);
		if (n > 0)
			return (unsigned)n;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}
