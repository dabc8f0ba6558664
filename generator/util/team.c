#define _GNU_SOURCE /* F_SETPIPE_SZ, sched_getaffinity() */
#include "util/team.h"

#include <dirent.h>
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
#include <time.h>
#include <unistd.h>

#include "util/mem.h"

/* The most helpers a team has (more jobs than this draw as this many). */
#define TEAM_MAX 64

/* A helper's pipe takes this much before the helper waits for the leader. */
#define PIPE_BYTES (1 << 20)

/* How many items the leader claims at once while many are left. */
#define LEADER_CLAIM 4

/* How long team_single_threaded() waits for other threads to end. */
#define THREADS_WAIT_MS 200

/* What a helper sends for an item, followed by tag_len bytes of its tag
 * and len bytes of its result. */
struct header {
	uint64_t item, len;
	uint32_t ok, tag_len;
};

/* The item of the header a helper sends last, when it has sent all it
 * had: the leader goes on without waiting for the helper's exit (the
 * kernel's tearing down of its memory took about a millisecond at the end
 * of every build with a crew, sometimes eight), and reaps it later
 * (leave_exiting()). */
#define END_ITEM UINT64_MAX

/* A result the leader has read and not yet taken: at most one a helper. */
struct result {
	size_t item;
	bool ok;
	char *tag;
	struct buf data;
};

struct helper {
	pid_t pid;
	int fd;     /* the leader's end of its pipe; -1 once it has closed */
	bool ended; /* it sent its end header: it is exiting, of itself */
	bool held;  /* its result is read and not yet taken: it is not read further */
	struct result r;
};

/* What the processes of a team share (one mapping, made before the fork). */
struct shared {
	atomic_size_t next;     /* the first item no process has claimed */
	atomic_uchar grabbed[]; /* by item: 1 once a process has grabbed it */
};

struct team {
	struct shared *shared;
	size_t shared_size;
	size_t items; /* how many the loop has at most */
	size_t claim, claim_end;
	bool claimed; /* [claim, claim_end) holds items this process has not done yet */
	/* in a helper */
	int index; /* 1 + its place; 0 in the leader */
	int fd;    /* the write end of its pipe */
	/* in the leader */
	struct helper *helpers;
	unsigned nhelpers;
	bool alone; /* the team is stopped: the leader does every item */
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
 * signal the leader ignores (nohup, a background job) it ignores too, but
 * SIGTERM, with which the leader stops it (a caller's files it writes
 * into a folder of the leader's: output/atomic.h's atomic_track_process()
 * stops it with SIGTERM and waits before removing them). */
static void become_helper(struct team *t, int index, int fd, pid_t leader, const sigset_t *old)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != leader)
		_exit(1);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++) {
		struct sigaction sa;
		if (stop_signals[i] == SIGTERM ||
		    (sigaction(stop_signals[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN))
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

/* Helpers that sent their end header and had not finished exiting when
 * their team ended: this process's, of every team, reaped when the next
 * team starts (a build with --watch makes one a rebuild) or as this
 * process exits (so that its parent's account of cpu time has theirs).
 * Waiting for them at the end of a crew kept the build from its last
 * writes for the kernel's tearing down of the helper. */
static pid_t exiting[TEAM_MAX];
static unsigned nexiting;
static bool reap_at_exit;

/* Reaps the helpers left exiting (they have long ended, or are about to). */
static void reap_exiting(void)
{
	for (unsigned i = 0; i < nexiting; i++)
		while (waitpid(exiting[i], NULL, 0) < 0 && errno == EINTR)
			;
	nexiting = 0;
}

/* A helper that has sent all it had and is exiting: reaped now if it is
 * gone, else later (reap_exiting()). */
static void leave_exiting(pid_t pid)
{
	if (waitpid(pid, NULL, WNOHANG) != 0)
		return; /* reaped, or not this process's child any more */
	if (nexiting == TEAM_MAX)
		reap_exiting();
	if (!reap_at_exit)
		reap_at_exit = atexit(reap_exiting) == 0;
	exiting[nexiting++] = pid;
}

/* The number of threads of this process; 0 when it cannot tell. */
static unsigned count_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	if (!d)
		return 0;
	unsigned n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

bool team_single_threaded(void)
{
	for (int ms = 0;; ms++) {
		unsigned n = count_threads();
		if (n == 1)
			return true;
		if (n == 0 || ms >= THREADS_WAIT_MS)
			return false;
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
}

struct team *team_create(unsigned n, size_t items)
{
	reap_exiting();
	if (!team_single_threaded())
		return NULL;
	if (items > (SIZE_MAX - sizeof(struct shared)) / sizeof(atomic_uchar))
		return NULL;
	size_t size = sizeof(struct shared) + items * sizeof(atomic_uchar);
	/* anonymous shared memory starts zeroed: no item is grabbed */
	void *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return NULL;
	struct team *t = xcalloc(1, sizeof(*t));
	t->shared = shared;
	t->shared_size = size;
	t->items = items;
	atomic_init(&t->shared->next, 0);
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
		t->helpers[t->nhelpers++] = (struct helper){.pid = pid, .fd = p[0]};
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

unsigned team_index(const struct team *t)
{
	return (unsigned)t->index;
}

unsigned team_helpers(const struct team *t)
{
	return t->nhelpers;
}

pid_t team_helper_pid(const struct team *t, unsigned i)
{
	return i < t->nhelpers ? t->helpers[i].pid : 0;
}

/* How many items this process claims at once: a helper one; the leader,
 * which must take a helper's item before it can do a later one of its own
 * (and so waits for the one a helper is at when it claims), LEADER_CLAIM
 * while many are left, so that it waits once for that many. */
static size_t claim_size(struct team *t)
{
	size_t next = atomic_load(&t->shared->next);
	if (t->index > 0 || next > t->items ||
	    t->items - next < 4 * LEADER_CLAIM * (t->nhelpers + 1))
		return 1;
	return LEADER_CLAIM;
}

bool team_claim(struct team *t, size_t i)
{
	if (t->alone)
		return true;
	/* every item before i is claimed (this process did or skipped each,
	 * and skipped only those before its claim), so the claim is i or
	 * later */
	if (!t->claimed) {
		size_t k = claim_size(t);
		t->claim = atomic_fetch_add(&t->shared->next, k);
		t->claim_end = t->claim + k;
		t->claimed = true;
	}
	if (i < t->claim)
		return false;
	t->claimed = i + 1 < t->claim_end;
	return true;
}

bool team_grab(struct team *t, size_t i)
{
	if (t->alone)
		return true;
	if (i >= t->items)
		return false;
	unsigned char free_ = 0;
	return atomic_compare_exchange_strong(&t->shared->grabbed[i], &free_, 1);
}

bool team_grabbed(const struct team *t, size_t i)
{
	return !t->alone && i < t->items && atomic_load(&t->shared->grabbed[i]) != 0;
}

void team_send(struct team *t, size_t i, const char *tag, bool ok, const void *data, size_t len)
{
	size_t n = strlen(tag);
	struct header h = {.item = i, .len = len, .ok = ok, .tag_len = (uint32_t)n};
	if (n > UINT32_MAX || !transfer(t->fd, &h, sizeof(h), true) ||
	    !transfer(t->fd, (void *)tag, n, true) || !transfer(t->fd, (void *)data, len, true))
		_exit(1); /* the leader is gone, or will do the item itself */
}

/* Ends the helpers: killed when kill is set (or still at work), waited for;
 * one that sent its end header is left to exit by itself. */
static void stop_helpers(struct team *t, bool kill_them)
{
	for (unsigned k = 0; k < t->nhelpers; k++) {
		struct helper *h = &t->helpers[k];
		if (h->fd >= 0)
			close(h->fd);
		h->fd = -1;
		if (h->pid > 0 && h->ended) {
			leave_exiting(h->pid);
			h->pid = 0;
		} else if (h->pid > 0) {
			if (kill_them)
				kill(h->pid, SIGKILL);
			waitpid(h->pid, NULL, 0);
			h->pid = 0;
		}
		if (h->held) {
			free(h->r.tag);
			buf_finish(&h->r.data);
			h->held = false;
		}
	}
}

/* Stops the team: from now on the leader does every item. */
static void go_alone(struct team *t)
{
	stop_helpers(t, true);
	t->alone = true;
}

/* Reads bytes whole into a new block of len + 1 bytes, ended by a 0;
 * NULL at an error or the end of the pipe. */
static char *read_block(int fd, size_t len)
{
	char *p = xmalloc(len + 1);
	if (!transfer(fd, p, len, false)) {
		free(p);
		return NULL;
	}
	p[len] = '\0';
	return p;
}

/* Reads one result from helper h, which holds none; false (and the pipe
 * closed) at its end or an error. Only a helper that sent its end header,
 * or else exited 0, has sent every item it claimed: at any other end t is
 * stopped. */
static bool receive(struct team *t, struct helper *h)
{
	struct header head;
	bool got = transfer(h->fd, &head, sizeof(head), false);
	if (got && head.item == END_ITEM) {
		close(h->fd); /* every item it claimed is sent; reaped in stop_helpers() */
		h->fd = -1;
		h->ended = true;
		return false;
	}
	if (!got) {
		close(h->fd);
		h->fd = -1;
		int status = 0;
		if (waitpid(h->pid, &status, 0) == h->pid)
			h->pid = 0;
		if (h->pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			go_alone(t);
		return false;
	}
	char *tag = read_block(h->fd, head.tag_len);
	char *data = tag && head.len < SIZE_MAX ? read_block(h->fd, (size_t)head.len) : NULL;
	if (!data) {
		free(tag);
		go_alone(t);
		return false;
	}
	h->r = (struct result){.item = (size_t)head.item, .ok = head.ok != 0, .tag = tag};
	h->r.data =
	        (struct buf){.data = data, .len = (size_t)head.len, .cap = (size_t)head.len + 1};
	h->held = true;
	return true;
}

/* The helper holding the result of item i; NULL when none does. */
static struct helper *holder(struct team *t, size_t i)
{
	for (unsigned k = 0; k < t->nhelpers; k++)
		if (t->helpers[k].held && t->helpers[k].r.item == i)
			return &t->helpers[k];
	return NULL;
}

/* Waits until a helper that holds no result can be read, and reads one
 * result from each such; false when none is left to read. */
static bool read_more(struct team *t)
{
	struct pollfd fds[TEAM_MAX];
	unsigned who[TEAM_MAX];
	nfds_t n = 0;
	/* a helper's results come in the order it claimed them, so one that
	 * holds a result later than the item waited for does not have it */
	for (unsigned k = 0; k < t->nhelpers; k++)
		if (t->helpers[k].fd >= 0 && !t->helpers[k].held) {
			who[n] = k;
			fds[n++] = (struct pollfd){.fd = t->helpers[k].fd, .events = POLLIN};
		}
	if (n == 0)
		return false;
	if (poll(fds, n, -1) < 0)
		return errno == EINTR;
	for (nfds_t f = 0; f < n && !t->alone; f++)
		if (fds[f].revents)
			receive(t, &t->helpers[who[f]]);
	return true;
}

bool team_take(struct team *t, size_t i, const char *tag, struct buf *out, bool *ok)
{
	struct helper *h;
	while (!t->alone && !(h = holder(t, i)))
		if (!read_more(t))
			go_alone(t); /* every helper is done, and none sent it */
	if (t->alone)
		return false;
	h->held = false;
	bool same = strcmp(h->r.tag, tag) == 0;
	free(h->r.tag);
	*ok = h->r.ok;
	buf_finish(out);
	*out = h->r.data;
	if (!same) /* the processes disagree on the loop: no result is what it seems */
		go_alone(t);
	return same;
}

/* Moves helper h's held result out. */
static void hand_over(struct helper *h, size_t *item, char **tag, struct buf *out, bool *ok)
{
	h->held = false;
	*item = h->r.item;
	*tag = h->r.tag;
	*ok = h->r.ok;
	buf_finish(out);
	*out = h->r.data;
}

enum team_next team_take_next(struct team *t, bool wait, size_t *item, char **tag, struct buf *out,
                              bool *ok)
{
	while (!t->alone) {
		for (unsigned k = 0; k < t->nhelpers; k++)
			if (t->helpers[k].held) {
				hand_over(&t->helpers[k], item, tag, out, ok);
				return TEAM_GOT;
			}
		struct pollfd fds[TEAM_MAX];
		unsigned who[TEAM_MAX];
		nfds_t n = 0;
		for (unsigned k = 0; k < t->nhelpers; k++)
			if (t->helpers[k].fd >= 0) {
				who[n] = k;
				fds[n++] =
				        (struct pollfd){.fd = t->helpers[k].fd, .events = POLLIN};
			}
		if (n == 0)
			return TEAM_END; /* every helper has sent all it had */
		int ready = poll(fds, n, wait ? -1 : 0);
		if (ready < 0 && errno != EINTR) {
			go_alone(t);
			break;
		}
		if (ready == 0)
			return TEAM_NONE;
		for (nfds_t f = 0; f < n && !t->alone; f++)
			if (fds[f].revents)
				receive(t, &t->helpers[who[f]]);
	}
	return TEAM_END;
}

void team_stop(struct team *t)
{
	if (!t->alone)
		go_alone(t);
}

void team_destroy(struct team *t)
{
	if (!t)
		return;
	if (t->index > 0) {
		struct header end = {.item = END_ITEM};
		transfer(t->fd, &end, sizeof(end), true);
		close(t->fd);
		_exit(0);
	}
	stop_helpers(t, true);
	free(t->helpers);
	munmap(t->shared, t->shared_size);
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
