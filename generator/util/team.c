#define _GNU_SOURCE /* F_SETPIPE_SZ, sched_getaffinity() */
#include "util/team.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/mem.h"

/* The most helpers a team has (more jobs than this draw as this many). */
#define TEAM_MAX 64

/* A helper's pipe takes this much before the helper waits for the leader. */
#define PIPE_BYTES (1 << 20)

/* What a helper sends for an item, followed by len bytes. */
struct header {
	uint64_t item, len;
	uint32_t ok;
};

/* A result the leader has read and not yet taken. */
struct result {
	size_t item;
	bool ok;
	struct buf data;
};

struct helper {
	pid_t pid;
	int fd; /* the leader's end of its pipe; -1 once it has closed */
};

struct team {
	atomic_size_t *next; /* shared: the first item no helper has claimed */
	size_t claim;
	bool claimed; /* claim holds an item this process has not reached yet */
	/* in a helper */
	int index; /* 1 + its place; 0 in the leader */
	int fd;    /* the write end of its pipe */
	/* in the leader */
	struct helper *helpers;
	unsigned nhelpers;
	bool lost; /* a helper died before it closed its pipe */
	struct result *results;
	size_t nresults, cap;
};

/* Writes (out) or reads len bytes whole; false on an error or, reading,
 * at the end of the pipe. */
static bool transfer(int fd, void *data, size_t len, bool out)
{
	char *p = data;
	while (len > 0) {
		ssize_t n = out ? write(fd, p, len) : read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* The helper's side after fork() (with the stop signals blocked): it dies
 * with the leader and of the leader's stop signals without running their
 * handlers (the leader's temporary files are the leader's to remove); a
 * signal the leader ignores (nohup, a background job) it ignores too. */
static void become_helper(struct team *t, int index, int fd, pid_t leader, const sigset_t *old)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != leader)
		_exit(1);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++) {
		struct sigaction sa;
		if (sigaction(stop_signals[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
			signal(stop_signals[i], SIG_DFL);
	}
	sigprocmask(SIG_SETMASK, old, NULL);
	for (unsigned i = 0; i < t->nhelpers; i++)
		if (t->helpers[i].fd >= 0)
			close(t->helpers[i].fd);
	free(t->helpers);
	t->helpers = NULL;
	t->nhelpers = 0;
	t->index = index;
	t->fd = fd;
}

struct team *team_create(unsigned n)
{
	void *shared = mmap(NULL, sizeof(atomic_size_t), PROT_READ | PROT_WRITE,
	                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return NULL;
	struct team *t = xcalloc(1, sizeof(*t));
	t->next = shared;
	atomic_init(t->next, 0);
	n = n < TEAM_MAX ? n : TEAM_MAX;
	t->helpers = xcalloc(n, sizeof(*t->helpers));
	pid_t leader = getpid();
	fflush(NULL); /* what is buffered is the leader's to write, once */
	/* a stop signal between fork() and become_helper() would run the
	 * leader's handler in the helper */
	sigset_t stops, old;
	sigemptyset(&stops);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&stops, stop_signals[i]);
	sigprocmask(SIG_BLOCK, &stops, &old);
	for (unsigned i = 0; i < n; i++) {
		int p[2];
		if (pipe2(p, O_CLOEXEC) != 0)
			break;
		fcntl(p[1], F_SETPIPE_SZ, PIPE_BYTES); /* as large as allowed */
		pid_t pid = fork();
		if (pid < 0) {
			close(p[0]);
			close(p[1]);
			break;
		}
		if (pid == 0) {
			close(p[0]);
			become_helper(t, (int)i + 1, p[1], leader, &old);
			return t;
		}
		close(p[1]);
		t->helpers[t->nhelpers++] = (struct helper){pid, p[0]};
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!t->nhelpers) {
		team_destroy(t);
		return NULL;
	}
	return t;
}

bool team_is_helper(const struct team *t)
{
	return t->index > 0;
}

bool team_claim(struct team *t, size_t i)
{
	/* every item before i is claimed (this process did or skipped each,
	 * and skipped only those before its claim), so the claim is i or
	 * later */
	if (!t->claimed) {
		t->claim = atomic_fetch_add(t->next, 1);
		t->claimed = true;
	}
	if (t->claim != i)
		return false;
	t->claimed = false;
	return true;
}

void team_send(struct team *t, size_t i, bool ok, const void *data, size_t len)
{
	struct header h = {.item = i, .len = len, .ok = ok};
	if (!transfer(t->fd, &h, sizeof(h), true) || !transfer(t->fd, (void *)data, len, true))
		_exit(1); /* the leader is gone, or will do the item itself */
}

/* Reads one result from helper h into the leader's list; false (and the
 * pipe closed) at its end. */
static bool receive(struct team *t, struct helper *h)
{
	struct header head;
	if (!transfer(h->fd, &head, sizeof(head), false)) {
		close(h->fd);
		h->fd = -1;
		int status = 0;
		/* only a helper that exits 0 has sent every item it claimed */
		if (waitpid(h->pid, &status, 0) == h->pid)
			h->pid = 0;
		if (h->pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			t->lost = true;
		return false;
	}
	XGROW(t->results, t->cap, t->nresults + 1);
	struct result *r = &t->results[t->nresults];
	*r = (struct result){.item = (size_t)head.item, .ok = head.ok != 0};
	buf_init(&r->data);
	if (head.len) {
		r->data.data = xmalloc((size_t)head.len + 1);
		r->data.cap = (size_t)head.len + 1;
		if (!transfer(h->fd, r->data.data, (size_t)head.len, false)) {
			buf_finish(&r->data);
			t->lost = true;
			return false;
		}
		r->data.len = (size_t)head.len;
		r->data.data[r->data.len] = '\0';
	}
	t->nresults++;
	return true;
}

bool team_take(struct team *t, size_t i, struct buf *out, bool *ok)
{
	for (;;) {
		for (size_t k = 0; k < t->nresults; k++) {
			if (t->results[k].item != i)
				continue;
			*ok = t->results[k].ok;
			buf_finish(out);
			*out = t->results[k].data;
			t->results[k] = t->results[--t->nresults];
			return true;
		}
		if (t->lost)
			return false;
		struct pollfd fds[TEAM_MAX];
		nfds_t n = 0;
		for (unsigned k = 0; k < t->nhelpers; k++)
			if (t->helpers[k].fd >= 0)
				fds[n++] =
				        (struct pollfd){.fd = t->helpers[k].fd, .events = POLLIN};
		if (n == 0)
			return false; /* every helper is done, and none sent it */
		if (poll(fds, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		for (unsigned k = 0; k < t->nhelpers; k++)
			for (nfds_t f = 0; f < n; f++)
				if (fds[f].fd == t->helpers[k].fd && fds[f].revents)
					receive(t, &t->helpers[k]);
	}
}

void team_destroy(struct team *t)
{
	if (!t)
		return;
	if (t->index > 0) {
		close(t->fd);
		_exit(0);
	}
	for (unsigned k = 0; k < t->nhelpers; k++) {
		struct helper *h = &t->helpers[k];
		if (h->fd >= 0)
			close(h->fd);
		if (h->pid > 0) {
			kill(h->pid, SIGKILL);
			waitpid(h->pid, NULL, 0);
		}
	}
	for (size_t k = 0; k < t->nresults; k++)
		buf_finish(&t->results[k].data);
	free(t->results);
	free(t->helpers);
	munmap(t->next, sizeof(*t->next));
	free(t);
}

unsigned team_count_cpus(void)
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
