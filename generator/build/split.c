/* Split (build/split.h): a kit's outputs built by helper processes, kept
 * and reported by the leader as if it had built them all. */
#define _GNU_SOURCE /* SOCK_CLOEXEC */
#include "build/split.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build/cache.h"
#include "output/atomic.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/fdio.h"
#include "util/mem.h"
#include "util/team.h"

/* The most helpers a build forks (more jobs than this build as this many). */
#define SPLIT_MAX 64

/* The findings a process reported from scratch->entries[first] on, until
 * the next segment, at place pos of the walk: 0 before the first unit,
 * i + 1 from the start of unit i, SIZE_MAX after the walk. keep: the
 * process built that unit (or it is the leader's start or a helper's
 * end), so they are its to report. */
struct seg {
	size_t first, pos;
	bool keep;
};

/* A finding to report, from any process: its place in the walk, the
 * process (0 the leader) and its order there. */
struct found {
	size_t pos, from, seq;
	enum severity sev;
	int line, col;
	char *file, *message; /* owned; file may be NULL */
};

struct helper {
	pid_t pid;
	int fd;     /* the leader's end of its socket; -1 once closed */
	int handle; /* atomic_track_process()'s */
};

struct split {
	atomic_size_t *next; /* shared: the first unit no process has claimed */
	size_t claim;
	bool claimed; /* claim holds a unit this process has not reached yet */
	size_t walk;  /* units asked about in this walk */
	struct diag *scratch;
	split_unit_end_fn *unit_end;
	bool in_unit;    /* this process is building a unit */
	bool end_failed; /* unit_end() failed */
	struct seg *segs;
	size_t nsegs, segcap;
	bool *done; /* by unit: built by this process (or, in the leader, sent) */
	size_t donecap;
	/* in a helper */
	int fd; /* its end of its socket; -1 in the leader */
	/* in the leader */
	struct helper *helpers;
	unsigned nhelpers;
	size_t total; /* the units of the first walk */
	bool redo;    /* in split_redo()'s walk */
	bool died;    /* a helper died before it sent its results */
	struct found *found;
	size_t nfound, foundcap;
};

static void push_seg(struct split *u, size_t pos, bool keep)
{
	XGROW(u->segs, u->segcap, u->nsegs + 1);
	u->segs[u->nsegs++] = (struct seg){u->scratch->len, pos, keep};
}

static void mark_done(struct split *u, size_t i)
{
	if (i >= u->donecap) {
		size_t cap = u->donecap;
		XGROW(u->done, u->donecap, i + 1);
		memset(u->done + cap, 0, (u->donecap - cap) * sizeof(*u->done));
	}
	u->done[i] = true;
}

static bool is_done(const struct split *u, size_t i)
{
	return i < u->donecap && u->done[i];
}

/* Ends the unit this process is building, if any. */
static void end_unit(struct split *u)
{
	if (u->in_unit && u->unit_end)
		u->end_failed |= !u->unit_end(u->scratch);
	u->in_unit = false;
}

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* The helper's side after fork() (stop signals blocked): dies with the
 * leader (SIGTERM, so that it removes its temporary files), prints
 * nothing, and is stopped by the leader's stop signals the same way. */
static void become_helper(struct split *u, int fd, pid_t leader, const sigset_t *old)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != leader)
		_exit(1);
	atomic_become_helper();
	signal(SIGPIPE, SIG_IGN); /* a leader gone: the write fails */
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(null);
	}
	for (unsigned i = 0; i < u->nhelpers; i++)
		close(u->helpers[i].fd);
	free(u->helpers);
	u->helpers = NULL;
	u->nhelpers = 0;
	u->fd = fd;
	sigprocmask(SIG_SETMASK, old, NULL);
}

struct split *split_start(unsigned n, struct diag *scratch, split_unit_end_fn *unit_end)
{
	if (n < 2)
		return NULL;
	/* a helper forked while a font-loading thread holds fontconfig's lock
	 * waits for it forever (seen in CI): then one process builds it all */
	if (!team_single_threaded())
		return NULL;
	void *shared = mmap(NULL, sizeof(atomic_size_t), PROT_READ | PROT_WRITE,
	                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return NULL;
	struct split *u = xcalloc(1, sizeof(*u));
	u->next = shared;
	atomic_init(u->next, 0);
	u->scratch = scratch;
	u->unit_end = unit_end;
	u->fd = -1;
	push_seg(u, 0, true);
	n = n - 1 < SPLIT_MAX ? n - 1 : SPLIT_MAX;
	u->helpers = xcalloc(n, sizeof(*u->helpers));
	pid_t leader = getpid();
	fflush(NULL); /* what is buffered is the leader's to write, once */
	sigset_t stops, old;
	sigemptyset(&stops);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&stops, stop_signals[i]);
	sigprocmask(SIG_BLOCK, &stops, &old);
	for (unsigned i = 0; i < n; i++) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
			break;
		pid_t pid = fork();
		if (pid < 0) {
			close(sv[0]);
			close(sv[1]);
			break;
		}
		if (pid == 0) {
			close(sv[0]);
			become_helper(u, sv[1], leader, &old);
			return u;
		}
		close(sv[1]);
		u->helpers[u->nhelpers++] = (struct helper){pid, sv[0], atomic_track_process(pid)};
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!u->nhelpers) {
		split_finish(u, scratch);
		return NULL;
	}
	return u;
}

bool split_is_helper(const struct split *u)
{
	return u && u->fd >= 0;
}

bool split_take(struct split *u)
{
	if (!u)
		return true;
	end_unit(u);
	size_t i = u->walk++;
	bool mine;
	if (u->redo) {
		mine = i < u->total && !is_done(u, i);
	} else {
		/* every unit before i is claimed (this process built or passed
		 * each, and passed only those before its claim), so the claim
		 * is i or later */
		if (!u->claimed) {
			u->claim = atomic_fetch_add(u->next, 1);
			u->claimed = true;
		}
		mine = u->claim == i;
		u->claimed = !mine;
	}
	if (mine)
		mark_done(u, i);
	u->in_unit = mine;
	push_seg(u, i + 1, mine);
	return mine;
}

/* ---- the helper's results: records of a tag byte and fields ---- */

/* The findings a helper keeps, each with its place in the walk. */
static void put_findings(struct buf *m, const struct split *u)
{
	for (size_t s = 1; s < u->nsegs; s++) {
		const struct seg *g = &u->segs[s];
		size_t end = s + 1 < u->nsegs ? u->segs[s + 1].first : u->scratch->len;
		for (size_t e = g->first; g->keep && e < end; e++) {
			const struct diag_entry *d = &u->scratch->entries[e];
			buf_putc(m, 'D');
			buf_put_u64(m, g->pos);
			diag_put_entry(m, d);
		}
	}
}

/* The helper's end: its results to the leader, then, once the leader has
 * taken its held files over, exit without removing them. */
static void helper_end(struct split *u, struct cache *cache, bool ok)
{
	struct buf m;
	buf_init(&m);
	for (size_t i = 0; i < u->donecap; i++)
		if (u->done[i]) {
			buf_putc(&m, 'U');
			buf_put_u64(&m, i);
		}
	put_findings(&m, u);
	struct buf c;
	buf_init(&c);
	cache_export(cache, &c);
	buf_putc(&m, 'C');
	buf_put_u64(&m, c.len);
	buf_append(&m, c.data ? c.data : "", c.len);
	buf_finish(&c);
	size_t n;
	const struct atomic_file *held = atomic_get_held(&n);
	for (size_t i = 0; i < n; i++) {
		buf_putc(&m, 'H');
		buf_put_str(&m, held[i].tmp_path);
		buf_put_str(&m, held[i].path);
	}
	if (!ok)
		buf_putc(&m, 'F');
	buf_putc(&m, 'E');
	char ack = 0;
	bool sent = fd_write_all(u->fd, m.data, m.len) && /* false: the leader is gone */
	            shutdown(u->fd, SHUT_WR) == 0;
	while (sent && read(u->fd, &ack, 1) < 0 && errno == EINTR)
		;
	if (ack != 'k') /* the leader did not take them: they are still ours */
		atomic_hold_end(false, u->scratch);
	_exit(ack == 'k' ? 0 : 1);
}

/* Reads everything a helper sent, to its end. */
static bool receive_all(int fd, struct buf *b)
{
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			return true;
		buf_append(b, chunk, (size_t)n);
	}
}

/* What one helper sent, read whole before any of it is used. */
struct message {
	size_t *units, nunits, unitcap;
	struct found *found;
	size_t nfound, foundcap;
	char **held; /* tmp, path, tmp, path ... */
	size_t nheld, heldcap;
	const char *cache;
	size_t cache_len;
	bool failed;
};

static void message_finish(struct message *m)
{
	for (size_t i = 0; i < m->nfound; i++) {
		free(m->found[i].file);
		free(m->found[i].message);
	}
	for (size_t i = 0; i < m->nheld; i++)
		free(m->held[i]);
	free(m->units);
	free(m->found);
	free(m->held);
}

/* Reads one record of tag into m. */
static void read_record(struct buf_reader *r, char tag, struct message *m, size_t from)
{
	if (tag == 'U') {
		XGROW(m->units, m->unitcap, m->nunits + 1);
		m->units[m->nunits++] = (size_t)buf_get_u64(r);
	} else if (tag == 'D') {
		struct found f = {.from = from, .seq = m->nfound};
		f.pos = (size_t)buf_get_u64(r);
		struct diag_entry e;
		if (!diag_get_entry(r, &e)) {
			r->bad = true;
			return;
		}
		f.sev = e.severity;
		f.line = e.mark.line;
		f.col = e.mark.col;
		f.file = (char *)e.mark.file;
		f.message = e.message;
		XGROW(m->found, m->foundcap, m->nfound + 1);
		m->found[m->nfound++] = f;
	} else if (tag == 'H') {
		XGROW(m->held, m->heldcap, m->nheld + 2);
		m->held[m->nheld++] = buf_get_str(r);
		m->held[m->nheld++] = buf_get_str(r);
		if (!m->held[m->nheld - 1] || !m->held[m->nheld - 2])
			r->bad = true;
	} else if (tag == 'C') {
		uint64_t n = buf_get_u64(r);
		if (r->bad || (uint64_t)(r->end - r->p) < n) {
			r->bad = true;
			return;
		}
		m->cache = r->p;
		m->cache_len = (size_t)n;
		r->p += n;
	} else if (tag == 'F') {
		m->failed = true;
	} else {
		r->bad = true;
	}
}

/* Reads a helper's message into m; false unless it is whole: every record
 * well formed, 'E' last. */
static bool read_message(const struct buf *msg, struct message *m, size_t from)
{
	struct buf_reader r = {msg->data, msg->data + msg->len, false};
	while (r.p < r.end && !r.bad) {
		char tag = *r.p++;
		if (tag == 'E')
			return r.p == r.end;
		read_record(&r, tag, m, from);
	}
	return false;
}

/* Takes over what helper h built: its units, findings, cache notes and
 * held files; then lets it go. False when it sent no whole message. */
static bool take_helper(struct split *u, struct helper *h, size_t from, struct cache *cache,
                        bool *failed)
{
	struct buf msg;
	buf_init(&msg);
	struct message m = {0};
	bool whole = receive_all(h->fd, &msg) && msg.len && read_message(&msg, &m, from) &&
	             cache_import(cache, m.cache ? m.cache : "", m.cache_len);
	if (whole) {
		for (size_t i = 0; i < m.nheld; i += 2)
			atomic_hold_adopt(m.held[i], m.held[i + 1]);
		for (size_t i = 0; i < m.nunits; i++)
			mark_done(u, m.units[i]);
		if (m.nfound) { /* none: both arrays may be NULL */
			XGROW(u->found, u->foundcap, u->nfound + m.nfound);
			memcpy(u->found + u->nfound, m.found, m.nfound * sizeof(*m.found));
			u->nfound += m.nfound;
			m.nfound = 0;
		}
		*failed |= m.failed;
		send(h->fd, "k", 1, MSG_NOSIGNAL);
	}
	message_finish(&m);
	buf_finish(&msg);
	close(h->fd); /* without 'k', the helper removes its files */
	h->fd = -1;
	atomic_untrack_process(h->handle);
	int status = 0;
	waitpid(h->pid, &status, 0);
	return whole && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool split_end(struct split *u, struct cache *cache, bool ok, bool *failed)
{
	end_unit(u);
	ok &= !u->end_failed;
	if (split_is_helper(u))
		helper_end(u, cache, ok);
	*failed |= u->end_failed;
	if (!u->redo)
		u->total = u->walk;
	for (unsigned i = 0; i < u->nhelpers; i++)
		if (u->helpers[i].fd >= 0 && !take_helper(u, &u->helpers[i], i + 1, cache, failed))
			u->died = true;
	bool all = true;
	for (size_t i = 0; i < u->total && all; i++)
		all = is_done(u, i); /* not: claimed by a helper that died or stopped early */
	return all;
}

bool split_redo(struct split *u)
{
	bool any = false;
	for (size_t i = 0; i < u->total; i++)
		any |= !is_done(u, i);
	u->redo = any;
	u->walk = 0;
	u->claimed = false;
	return any;
}

static int cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The leader's own findings that are its to report, as found. */
static void leader_findings(struct split *u)
{
	for (size_t s = 0; s < u->nsegs; s++) {
		const struct seg *g = &u->segs[s];
		size_t end = s + 1 < u->nsegs ? u->segs[s + 1].first : u->scratch->len;
		for (size_t e = g->first; g->keep && e < end; e++) {
			const struct diag_entry *d = &u->scratch->entries[e];
			XGROW(u->found, u->foundcap, u->nfound + 1);
			u->found[u->nfound++] = (struct found){
			        .pos = g->pos,
			        .seq = e,
			        .sev = d->severity,
			        .line = d->mark.line,
			        .col = d->mark.col,
			        .file = d->mark.file ? xstrdup(d->mark.file) : NULL,
			        .message = xstrdup(d->message),
			};
		}
	}
}

bool split_finish(struct split *u, struct diag *d)
{
	if (!u)
		return false;
	for (unsigned i = 0; i < u->nhelpers; i++) /* not ended: a failure */
		if (u->helpers[i].fd >= 0) {
			kill(u->helpers[i].pid, SIGTERM);
			close(u->helpers[i].fd);
			atomic_untrack_process(u->helpers[i].handle);
			waitpid(u->helpers[i].pid, NULL, 0);
		}
	leader_findings(u);
	if (u->nfound) /* none: u->found may be NULL */
		qsort(u->found, u->nfound, sizeof(*u->found), cmp_found);
	for (size_t i = 0; i < u->nfound; i++) {
		struct found *f = &u->found[i];
		struct mark m = {f->file, f->line, f->col};
		if (f->sev == SEV_ERROR)
			diag_error(d, m, "%s", f->message);
		else
			diag_warning(d, m, "%s", f->message);
		free(f->file);
		free(f->message);
	}
	bool died = u->died;
	diag_finish(u->scratch);
	diag_init(u->scratch);
	free(u->found);
	free(u->segs);
	free(u->done);
	free(u->helpers);
	munmap(u->next, sizeof(*u->next));
	free(u);
	return died;
}
