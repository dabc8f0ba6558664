/* getdents64: the one way to read a folder from a signal handler */
#define _GNU_SOURCE
#include "output/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/mem.h"

/* The temporary files and folders open now, and the helper processes, for
 * the signal handler to remove or stop. Slots come in chunks that are
 * linked once and never moved or freed, so the handler can read them at
 * any moment; a slot's path (borrowed: its owner keeps it until the slot is
 * freed) is written before the slot is marked used, and the slot is
 * unmarked before the path may go. There is no limit: a build holds every
 * file it writes until the end (20,000 PNGs for a 10,000-card deck). */
#define SLOT_CHUNK 256
enum { SLOT_FREE, SLOT_FILE, SLOT_DIR, SLOT_PROCESS };
struct slot_chunk {
	struct slot_chunk *volatile next;
	const char *volatile path[SLOT_CHUNK]; /* SLOT_FILE, SLOT_DIR */
	volatile pid_t pid[SLOT_CHUNK];        /* SLOT_PROCESS */
	volatile sig_atomic_t used[SLOT_CHUNK];
};
static struct slot_chunk slots;
static size_t slots_free_hint; /* no free slot below this index */
/* The process the slots are of. A process forked from it has a copy: one
 * that ends by exit() or gets a stop signal before it makes them its own
 * (atomic_become_helper(); a helper of util/team never does) must not
 * remove its parent's files. */
static volatile pid_t slots_owner;

/* Removes the folder path (relative to the folder at) and what it holds,
 * depth levels down, with async-signal-safe calls only. */
static void remove_tree_at(int at, const char *path, int depth)
{
	int fd = openat(at, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	char entries[2048] __attribute__((aligned(__alignof__(struct dirent64))));
	/* passes, since removing while reading may skip an entry */
	bool removed = true;
	for (int pass = 0; pass < 4 && removed; pass++) {
		removed = false;
		lseek(fd, 0, SEEK_SET);
		ssize_t n;
		while ((n = getdents64(fd, entries, sizeof(entries))) > 0) {
			for (ssize_t off = 0; off < n;) {
				const struct dirent64 *de =
				        (const struct dirent64 *)(entries + off);
				off += de->d_reclen;
				const char *name = de->d_name;
				if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
					continue;
				if (unlinkat(fd, name, 0) != 0 && errno == EISDIR && depth > 0) {
					remove_tree_at(fd, name, depth - 1);
					unlinkat(fd, name, AT_REMOVEDIR);
				}
				removed = true;
			}
		}
	}
	close(fd);
	unlinkat(at, path, AT_REMOVEDIR);
}

static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NFATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))

/* Stops the tracked helpers (each removes its own files and dies of
 * SIGTERM), then removes the tracked files and folders: async-signal-safe
 * calls only. At a signal, and at exit(): a build that stops on a fatal
 * error (out of memory, a library that cannot be loaded) leaves nothing
 * half-written either. Forked processes leave with _exit(). */
static void remove_tracked(void)
{
	if (getpid() != slots_owner)
		return;
	for (struct slot_chunk *c = &slots; c; c = c->next)
		for (size_t i = 0; i < SLOT_CHUNK; i++) {
			if (c->used[i] != SLOT_PROCESS)
				continue;
			/* only a child of ours not reaped yet: a pid reaped (by
			 * util/team, which waits for its helpers itself) may be
			 * another process's by now; one that ended is not waited
			 * for, and a stopped one is woken to die */
			pid_t pid = c->pid[i];
			siginfo_t si = {0};
			if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0 ||
			    si.si_pid != 0)
				continue;
			if (kill(pid, SIGTERM) == 0) {
				kill(pid, SIGCONT);
				waitpid(pid, NULL, 0);
			}
		}
	for (struct slot_chunk *c = &slots; c; c = c->next)
		for (size_t i = 0; i < SLOT_CHUNK; i++) {
			if (c->used[i] == SLOT_FILE)
				unlink(c->path[i]);
			else if (c->used[i] == SLOT_DIR)
				remove_tree_at(AT_FDCWD, c->path[i], 4);
		}
}

/* Cleans up, then dies of the signal as if no handler were there. */
static void on_fatal_signal(int sig)
{
	remove_tracked();
	signal(sig, SIG_DFL);
	raise(sig); /* blocked until the handler returns, then default */
}

/* Once: the handler for each fatal signal still at its default action. */
static void install_handler(void)
{
	static bool installed;
	if (installed)
		return;
	installed = true;
	slots_owner = getpid();
	atexit(remove_tracked);
	struct sigaction sa = {.sa_handler = on_fatal_signal};
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	for (size_t i = 0; i < NFATAL; i++) {
		struct sigaction old;
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
		    old.sa_handler == SIG_DFL)
			sigaction(fatal_signals[i], &sa, NULL);
	}
}

/* Blocks the fatal signals; *old gets the mask to restore. */
static void block_stop_signals(sigset_t *old)
{
	sigset_t stops;
	sigemptyset(&stops);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&stops, fatal_signals[i]);
	sigprocmask(SIG_BLOCK, &stops, old);
}

/* The chunk holding slot index k, linking new chunks as needed. */
static struct slot_chunk *slot_chunk_at(size_t k)
{
	struct slot_chunk *c = &slots;
	for (; k >= SLOT_CHUNK; k -= SLOT_CHUNK) {
		if (!c->next) {
			struct slot_chunk *n = xcalloc(1, sizeof(*n));
			atomic_signal_fence(memory_order_seq_cst); /* zeroed before linked */
			c->next = n;
		}
		c = c->next;
	}
	return c;
}

/* 1 + the slot now holding path or pid, or 0 for none (so that a zeroed
 * file has none). */
static int track(const char *path, pid_t pid, int kind)
{
	install_handler();
	for (size_t k = slots_free_hint;; k++) {
		if (k >= INT_MAX)
			return 0;
		struct slot_chunk *c = slot_chunk_at(k);
		size_t i = k % SLOT_CHUNK;
		if (c->used[i])
			continue;
		c->path[i] = path;
		c->pid[i] = pid;
		atomic_signal_fence(memory_order_seq_cst); /* the path before the mark */
		c->used[i] = kind;
		slots_free_hint = k + 1;
		return (int)k + 1;
	}
}

static void untrack(int slot)
{
	if (slot <= 0)
		return;
	size_t k = (size_t)slot - 1;
	struct slot_chunk *c = slot_chunk_at(k);
	c->used[k % SLOT_CHUNK] = SLOT_FREE;
	atomic_signal_fence(memory_order_seq_cst); /* unmarked before the path goes */
	c->path[k % SLOT_CHUNK] = NULL;
	if (k < slots_free_hint)
		slots_free_hint = k;
}

int atomic_track_dir(const char *dir)
{
	return track(dir, 0, SLOT_DIR);
}

void atomic_untrack_dir(int handle)
{
	untrack(handle);
}

char *atomic_make_dir(const char *parent, int *handle)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/.deckpress-crew.tmp-XXXXXX", parent);
	char *dir = buf_detach(&b);
	/* the folder and its slot together, as create_tmp() makes a file */
	sigset_t old;
	block_stop_signals(&old);
	bool made = mkdtemp(dir) != NULL;
	int err = errno;
	*handle = made ? track(dir, 0, SLOT_DIR) : 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!made) {
		free(dir);
		errno = err;
		return NULL;
	}
	return dir;
}

void atomic_remove_dir(char *dir, int handle)
{
	if (!dir)
		return;
	remove_tree_at(AT_FDCWD, dir, 4);
	untrack(handle);
	free(dir);
}

int atomic_track_process(pid_t pid)
{
	return track(NULL, pid, SLOT_PROCESS);
}

void atomic_untrack_process(int handle)
{
	untrack(handle);
}

void atomic_become_helper(void)
{
	slots_owner = getpid();
	size_t k = 0;
	for (struct slot_chunk *c = &slots; c; c = c->next)
		for (size_t i = 0; i < SLOT_CHUNK; i++, k++)
			if (c->used[i] == SLOT_PROCESS)
				untrack((int)k + 1);
	struct sigaction old;
	if (sigaction(SIGTERM, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		signal(SIGTERM, SIG_DFL);
	install_handler();
	struct sigaction sa = {.sa_handler = on_fatal_signal};
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	sigaction(SIGTERM, &sa, NULL);
}

bool make_dirs(const char *dir, struct diag *d)
{
	char *p = xstrdup(dir);
	bool ok = true;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char saved = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			diag_error(d, (struct mark){.file = p}, "cannot create folder: %s",
			           strerror(errno));
			ok = false;
			break;
		}
		struct stat st;
		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			diag_error(d, (struct mark){.file = p},
			           "cannot create folder: a file is in the way");
			ok = false;
			break;
		}
		*s = saved;
		if (saved == '\0')
			break;
	}
	free(p);
	return ok;
}

/* Creates the temporary file of path (its name in *tmp, which the caller
 * frees) and tracks it in *slot. The descriptor, or -1 with errno set. */
static int create_tmp(const char *path, char **tmp, int *slot)
{
	const char *slash = strrchr(path, '/');
	struct buf b;
	buf_init(&b);
	if (slash)
		buf_printf(&b, "%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path, slash + 1);
	else
		buf_printf(&b, ".%s.tmp-XXXXXX", path);
	*tmp = buf_detach(&b);
	/* the file and its slot together: a stop signal in between would
	 * leave the file behind */
	sigset_t old;
	block_stop_signals(&old);
	int fd = mkstemp(*tmp);
	int err = errno;
	*slot = fd >= 0 ? track(*tmp, 0, SLOT_FILE) : 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = err;
	return fd;
}

bool atomic_open(struct atomic_file *f, const char *path, struct diag *d)
{
	*f = (struct atomic_file){0};
	char *tmp;
	int slot;
	int fd = create_tmp(path, &tmp, &slot);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		/* the folders first, when the first file goes into them (asking
		 * for each parent of each file cost a preview folder of 200
		 * files 1,600 system calls) */
		free(tmp);
		const char *slash = strrchr(path, '/');
		char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
		bool made = make_dirs(dir, d);
		free(dir);
		if (!made)
			return false;
		fd = create_tmp(path, &tmp, &slot);
	}
	if (fd < 0) {
		diag_error(d, (struct mark){.file = path}, "cannot write: %s", strerror(errno));
		free(tmp);
		return false;
	}
	/* mkstemp makes 0600; outputs are ordinary files for the print shop */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	f->fp = fdopen(fd, "wb");
	if (!f->fp) {
		diag_error(d, (struct mark){.file = path}, "cannot write: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		untrack(slot);
		free(tmp);
		return false;
	}
	f->path = xstrdup(path);
	f->tmp_path = tmp;
	f->slot = slot;
	return true;
}

/* An unnamed file in dir: O_TMPFILE, or a name removed at once where the
 * file system has no O_TMPFILE. -1 when neither can be made. */
static int open_unnamed_in(const char *dir)
{
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || errno == ENOENT)
		return fd;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/.deckpress-XXXXXX", dir);
	sigset_t old;
	block_stop_signals(&old); /* no stop between the name and its removal */
	fd = mkostemp(b.data, O_CLOEXEC);
	if (fd >= 0)
		unlink(b.data);
	sigprocmask(SIG_SETMASK, &old, NULL);
	buf_finish(&b);
	return fd;
}

bool atomic_open_unnamed(struct atomic_file *f, const char *near)
{
	*f = (struct atomic_file){0};
	const char *slash = strrchr(near, '/');
	char *dir = slash ? xstrndup(near, (size_t)(slash - near)) : xstrdup(".");
	int fd = open_unnamed_in(dir);
	free(dir);
	if (fd < 0) {
		const char *tmp = getenv("TMPDIR");
		fd = open_unnamed_in(tmp && *tmp ? tmp : "/tmp");
	}
	if (fd < 0)
		return false;
	f->fp = fdopen(fd, "w+b");
	if (!f->fp) {
		close(fd);
		return false;
	}
	return true;
}

void atomic_write(struct atomic_file *f, const void *data, size_t len)
{
	if (f->failed || !f->fp)
		return;
	/* one thread writes a file: no lock for each of the many small
	 * pieces cairo writes (83,000 for a 100-card deck) */
	if (fwrite_unlocked(data, 1, len, f->fp) != len) {
		f->failed = true;
		f->err = errno;
	}
}

cairo_status_t atomic_write_cairo(void *closure, const unsigned char *data, unsigned int len)
{
	struct atomic_file *f = closure;
	atomic_write(f, data, len);
	return f->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Files committed while a hold is on (atomic_hold_begin()), in order. */
static bool holding;
static struct atomic_file *held_files;
static size_t nheld, held_cap;

static void release(struct atomic_file *f)
{
	untrack(f->slot);
	free(f->path);
	free(f->tmp_path);
	*f = (struct atomic_file){0};
}

void atomic_abort(struct atomic_file *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp_path)
		unlink(f->tmp_path);
	release(f);
}

FILE *atomic_reopen_read(struct atomic_file *f)
{
	if (!f->fp || f->failed)
		return NULL;
	FILE *in = NULL;
	if (!f->tmp_path) { /* unnamed: read through a second descriptor */
		int fd = fflush(f->fp) == 0 ? dup(fileno(f->fp)) : -1;
		if (fd >= 0 && lseek(fd, 0, SEEK_SET) == 0)
			in = fdopen(fd, "rb");
		if (!in) {
			f->failed = true;
			f->err = errno;
			if (fd >= 0)
				close(fd);
		}
		return in;
	}
	if (fflush(f->fp) != 0 || !(in = fopen(f->tmp_path, "rb"))) {
		f->failed = true;
		f->err = errno;
	}
	return in;
}

bool atomic_commit(struct atomic_file *f, struct diag *d)
{
	if (!f->fp) {
		release(f);
		return false;
	}
	if (!f->failed && fflush(f->fp) != 0) {
		f->failed = true;
		f->err = errno;
	}
	/* a held file is synced with the others by atomic_hold_end() */
	if (!f->failed && !holding && fsync(fileno(f->fp)) != 0 && errno != EINVAL) {
		f->failed = true;
		f->err = errno;
	}
	if (fclose(f->fp) != 0 && !f->failed) {
		f->failed = true;
		f->err = errno;
	}
	f->fp = NULL;
	if (!f->failed && holding) {
		XGROW(held_files, held_cap, nheld + 1);
		held_files[nheld++] = *f; /* renamed or removed by atomic_hold_end() */
		*f = (struct atomic_file){0};
		return true;
	}
	if (!f->failed && rename(f->tmp_path, f->path) != 0) {
		f->failed = true;
		f->err = errno;
	}
	if (f->failed) {
		diag_error(d, (struct mark){.file = f->path}, "cannot write: %s", strerror(f->err));
		unlink(f->tmp_path);
		release(f);
		return false;
	}
	release(f);
	return true;
}

void atomic_hold_begin(void)
{
	holding = true;
}

const struct atomic_file *atomic_get_held(size_t *n)
{
	*n = nheld;
	return held_files;
}

void atomic_hold_adopt(const char *tmp_path, const char *path)
{
	XGROW(held_files, held_cap, nheld + 1);
	struct atomic_file *f = &held_files[nheld++];
	*f = (struct atomic_file){.path = xstrdup(path), .tmp_path = xstrdup(tmp_path)};
	f->slot = track(f->tmp_path, 0, SLOT_FILE);
}

bool atomic_adopt(const char *tmp_path, const char *path, struct diag *d)
{
	if (holding) {
		atomic_hold_adopt(tmp_path, path);
		return true;
	}
	/* on disk before it takes the name, as atomic_commit() does */
	int fd = open(tmp_path, O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && (fsync(fd) == 0 || errno == EINVAL);
	int err = errno;
	if (fd >= 0)
		close(fd);
	if (ok && rename(tmp_path, path) == 0)
		return true;
	diag_error(d, (struct mark){.file = path}, "cannot write: %s", strerror(ok ? errno : err));
	unlink(tmp_path);
	return false;
}

/* The held files' data on disk before any of them takes its name: one
 * syncfs() a file system instead of an fsync() a file, each of which costs
 * a journal commit (348 of them took a second of the sample kit's build). */
static bool sync_held(struct diag *d)
{
	dev_t done[8];
	size_t ndone = 0;
	/* the folders of files already looked at (a deck's crew's files and
	 * the leader's alternate between two) */
	const char *folders[8];
	size_t folder_len[8], nfolders = 0;
	for (size_t i = 0; i < nheld; i++) {
		/* a file in the folder of one looked at is on its file system:
		 * the one before, or one of the first few folders */
		const char *path = held_files[i].tmp_path, *slash = strrchr(path, '/');
		size_t n = slash ? (size_t)(slash - path) + 1 : 0;
		const char *prev = i > 0 ? held_files[i - 1].tmp_path : NULL;
		bool known_folder =
		        slash && prev && strncmp(prev, path, n) == 0 && !strchr(prev + n, '/');
		for (size_t k = 0; slash && k < nfolders && !known_folder; k++)
			known_folder = folder_len[k] == n && strncmp(folders[k], path, n) == 0;
		if (known_folder)
			continue;
		if (slash && nfolders < sizeof(folders) / sizeof(folders[0])) {
			folders[nfolders] = path;
			folder_len[nfolders++] = n;
		}
		struct stat st;
		bool known = stat(held_files[i].tmp_path, &st) == 0, seen = false;
		for (size_t k = 0; k < ndone; k++)
			seen |= done[k] == st.st_dev;
		if (seen)
			continue;
		int fd = open(held_files[i].tmp_path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (syncfs(fd) != 0 && errno != EINVAL)) {
			diag_error(d, (struct mark){.file = held_files[i].path}, "cannot write: %s",
			           strerror(errno));
			if (fd >= 0)
				close(fd);
			return false;
		}
		close(fd);
		if (known && ndone < sizeof(done) / sizeof(done[0]))
			done[ndone++] = st.st_dev;
	}
	return true;
}

bool atomic_hold_end(bool keep, struct diag *d)
{
	bool ok = !keep || sync_held(d);
	for (size_t i = 0; i < nheld; i++) {
		struct atomic_file *f = &held_files[i];
		if (keep && ok && rename(f->tmp_path, f->path) != 0) {
			diag_error(d, (struct mark){.file = f->path}, "cannot write: %s",
			           strerror(errno));
			ok = false;
		}
		if (!keep || !ok)
			unlink(f->tmp_path);
		release(f);
	}
	free(held_files);
	held_files = NULL;
	nheld = held_cap = 0;
	holding = false;
	return ok;
}

bool atomic_write_file(const char *path, const void *data, size_t len, struct diag *d)
{
	struct atomic_file f;
	if (!atomic_open(&f, path, d))
		return false;
	atomic_write(&f, data, len);
	return atomic_commit(&f, d);
}

/* The pid a holder wrote into the lock file, or 0. */
static long read_holder(int fd)
{
	char text[32];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	char *end;
	errno = 0;
	long pid = strtol(text, &end, 10);
	if (errno || end == text || (*end != '\n' && *end != '\0') || pid <= 0)
		return 0;
	return pid;
}

/* Opens path and waits for its flock (telling waiting once, in *told).
 * Returns the descriptor, or -1 with errno set. *held is false where the
 * file system has no flock (then d has a warning). */
static int take(const char *path, const char *dir, atomic_lock_wait_fn *waiting, bool *told,
                bool *held, struct diag *d)
{
	/* close-on-exec: Ghostscript must not hold it after we die */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EACCES) /* made by another user: flock needs no write */
		fd = open(path, O_RDONLY | O_CLOEXEC);
	*held = fd >= 0;
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (errno == EWOULDBLOCK) {
		if (!*told)
			waiting(read_holder(fd), dir);
		*told = true;
		if (flock(fd, LOCK_EX) == 0)
			return fd;
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	/* a file system without locks (some network mounts): build all the
	 * same, and say what is lost */
	*held = false;
	diag_warning(d, (struct mark){.file = path},
	             "cannot lock: %s; a build into '%s' at the same time would mix its files "
	             "with these",
	             strerror(errno), dir);
	return fd;
}

/* True when fd is still the file at path: the holder before us removes the
 * lock file as it ends, and a lock on a removed file locks nothing. */
static bool still_linked(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

bool atomic_lock_dir(struct atomic_lock *l, const char *dir, atomic_lock_wait_fn *waiting,
                     struct diag *d)
{
	*l = (struct atomic_lock){.fd = -1};
	struct stat st;
	bool existed = stat(dir, &st) == 0;
	if (!make_dirs(dir, d))
		return false;
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/.deckpress.lock", dir);
	bool told = false;
	int fd;
	for (int remade = 0;;) {
		fd = take(buf_str(&path), dir, waiting, &told, &l->held, d);
		if (fd >= 0 && l->held && !still_linked(fd, buf_str(&path))) {
			close(fd);
			continue;
		}
		/* the holder before removed the folder it had made, empty: made
		 * again here, it is this lock's to remove */
		if (fd < 0 && errno == ENOENT && remade++ < 3 && make_dirs(dir, d)) {
			existed = false;
			continue;
		}
		break;
	}
	if (fd < 0) {
		if (errno == EINTR)
			diag_error(d, (struct mark){.file = buf_str(&path)},
			           "interrupted while waiting for another build");
		else
			diag_error(d, (struct mark){.file = buf_str(&path)}, "cannot lock: %s",
			           strerror(errno));
		buf_finish(&path);
		l->held = false;
		return false;
	}
	l->fd = fd;
	l->path = buf_detach(&path);
	l->made = existed ? NULL : xstrdup(dir);
	l->slot = l->held ? track(l->path, 0, SLOT_FILE) : 0;
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (l->held && (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)) {
		/* the pid is only a hint for the message of a build that waits */
	}
	return true;
}

void atomic_unlock_dir(struct atomic_lock *l)
{
	/* removed while held, so that whoever waits on it tries again; and
	 * the folder too, while held: a build that waits makes it again, and
	 * never has its new lock file in a folder about to be removed */
	untrack(l->slot);
	if (l->held)
		unlink(l->path);
	if (l->made)
		rmdir(l->made); /* fails, as it should, when anything is in it */
	if (l->fd >= 0)
		close(l->fd); /* closing the last descriptor releases the flock */
	free(l->path);
	free(l->made);
	*l = (struct atomic_lock){.fd = -1};
}

/* True for a name atomic_open makes: ".", a name, ".tmp-" and the six
 * letters or digits mkstemp puts for its XXXXXX. */
static bool is_temp_name(const char *name)
{
	static const char tag[] = ".tmp-";
	size_t n = strlen(name), t = sizeof(tag) - 1;
	if (name[0] != '.' || n < 1 + 1 + t + 6)
		return false;
	const char *x = name + n - 6;
	if (memcmp(x - t, tag, t) != 0)
		return false;
	for (size_t i = 0; i < 6; i++) {
		char c = x[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* True for a name atomic_make_dir() makes (no other temporary folder is
 * taken: a folder is removed with what it holds). */
static bool is_crew_dir_name(const char *name)
{
	static const char prefix[] = ".deckpress-crew";
	return strncmp(name, prefix, sizeof(prefix) - 1) == 0 && is_temp_name(name) &&
	       strlen(name) == sizeof(prefix) - 1 + sizeof(".tmp-XXXXXX") - 1;
}

static size_t remove_stale_in(const char *dir, int depth)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return 0;
	size_t removed = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		struct buf p;
		buf_init(&p);
		buf_printf(&p, "%s/%s", dir, de->d_name);
		struct stat st; /* lstat: never follow a link out of the folder */
		if (lstat(buf_str(&p), &st) == 0) {
			if (S_ISREG(st.st_mode) && is_temp_name(de->d_name)) {
				removed += unlink(buf_str(&p)) == 0;
			} else if (S_ISDIR(st.st_mode) && is_crew_dir_name(de->d_name)) {
				remove_tree_at(AT_FDCWD, buf_str(&p), 4);
				removed++;
			} else if (S_ISDIR(st.st_mode) && depth < 3) {
				removed += remove_stale_in(buf_str(&p), depth + 1);
			}
		}
		buf_finish(&p);
	}
	closedir(dp);
	return removed;
}

size_t atomic_remove_stale(const char *dir)
{
	return remove_stale_in(dir, 0);
}
