#include "util/thread.h"

#include <signal.h>

bool thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	/* the new thread starts with the signal mask of the one that makes
	 * it: blocked here, for it alone */
	sigset_t stops, old;
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stops, &old);
	int err = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err == 0;
}
