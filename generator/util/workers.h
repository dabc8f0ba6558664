/* Workers: a fixed set of threads that run jobs handed to them, for the
 * work of a build that can go on beside the drawing (encoding PNGs).
 *
 * A job is a struct work embedded in the caller's own struct; the caller
 * keeps it alive from workers_submit() until workers_wait() on it returns.
 * Jobs start in the order they were submitted. What a job computes must not
 * depend on which thread runs it or when, so that the output of a build is
 * the same for every number of workers. */
#ifndef DECKPRESS_UTIL_WORKERS_H
#define DECKPRESS_UTIL_WORKERS_H

#include <stdbool.h>

struct work {
	void (*run)(struct work *w); /* set by the caller; runs once */
	/* private */
	struct work *next;
	bool done;
};

struct workers;

/* Starts n threads; n == 0 starts none, and every job then runs in the
 * caller's thread inside workers_submit(). The threads block every signal,
 * so that handlers (the cleanup of temporary files) run in the caller's
 * thread. Caller owns; free with workers_destroy(). Returns NULL, with
 * nothing started, when the system cannot start a thread. */
struct workers *workers_create(unsigned n);

void workers_submit(struct workers *ws, struct work *w);

/* Blocks until w has run. */
void workers_wait(struct workers *ws, struct work *w);

/* Waits for every job submitted, then stops the threads. NULL is allowed. */
void workers_destroy(struct workers *ws);

/* The number of processors this process may run on (at least 1). */
unsigned workers_count_cpus(void);

#endif
