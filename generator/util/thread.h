/* Threads beside the main one. The stop signals (SIGINT, SIGTERM, SIGHUP)
 * stay with the main thread: output/atomic.c's handler removes the
 * temporary files, and the main thread blocks them on purpose around the
 * steps that must not be cut in two. A thread must also be joined before
 * the process forks (util/team.h, build/split.h): a helper has only the
 * thread that forked it, and memory another thread was changing. */
#ifndef DECKPRESS_UTIL_THREAD_H
#define DECKPRESS_UTIL_THREAD_H

#include <pthread.h>
#include <stdbool.h>

/* Starts fn(arg) on a new thread with the stop signals blocked; false when
 * no thread could be made (the caller then does the work itself). */
bool thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
