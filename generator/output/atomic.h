/* Atomic file output: write to a temporary file in the target folder, then
 * rename over the target. A failed build never leaves a half-written file
 * and never replaces a good earlier output. A build killed by SIGINT, SIGTERM
 * or SIGHUP removes its temporary files; one killed by SIGKILL leaves them,
 * and the next build into the folder removes them (atomic_remove_stale).
 * One build at a time writes into an output folder (atomic_lock_dir). */
#ifndef DECKPRESS_OUTPUT_ATOMIC_H
#define DECKPRESS_OUTPUT_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <cairo.h>

#include "util/diag.h"

struct atomic_file {
	char *path;     /* owned: the final name */
	char *tmp_path; /* owned: the temporary name */
	FILE *fp;       /* open while writing */
	bool failed;    /* a write failed; commit will refuse */
	int err;        /* errno of the first failure */
	int slot;       /* 1 + its place in the list the signal handler removes */
};

/* Creates parent folders as needed and opens a temporary file beside path,
 * named .NAME.tmp-XXXXXX. Until commit or abort, SIGINT, SIGTERM and SIGHUP
 * remove it before the program dies of the signal (where that signal still
 * has its default action: a handler of the caller's, such as --watch's,
 * stays). On failure reports into d (no file position: the message names
 * the path) and returns false. */
bool atomic_open(struct atomic_file *f, const char *path, struct diag *d);

/* Opens an unnamed temporary file (no file system name, so nothing but
 * this process can remove it, and it is gone however the process ends) in
 * the folder of near when that exists, else in $TMPDIR or /tmp: for a
 * file written before the build may write into the output folder and read
 * back with atomic_reopen_read() (which then shares the file position:
 * write no more), released with atomic_abort(); never committed. Creates
 * no folder. False when it cannot (errno says why; nothing reported). */
bool atomic_open_unnamed(struct atomic_file *f, const char *near);

/* Appends bytes; errors are sticky and reported by atomic_commit(). */
void atomic_write(struct atomic_file *f, const void *data, size_t len);

/* Flushes, syncs and renames over the target. Returns false (and removes the
 * temporary file) when any write failed. Always releases f. */
bool atomic_commit(struct atomic_file *f, struct diag *d);

/* Flushes what was written to f and opens its temporary file for reading
 * (a file written in one pass and read in another, such as cairo's PDF
 * before the post-pass); f stays open. Caller closes the result with
 * fclose(). NULL (and f failed) when it cannot. */
FILE *atomic_reopen_read(struct atomic_file *f);

/* Removes the temporary file and releases f. Accepts a released f. */
void atomic_abort(struct atomic_file *f);

/* A cairo_write_func_t for cairo's stream surfaces: appends to closure,
 * an open struct atomic_file, and tells cairo when a write failed. */
cairo_status_t atomic_write_cairo(void *closure, const unsigned char *data, unsigned int len);

/* A hold makes every output of a run all or nothing: from
 * atomic_hold_begin(), atomic_commit() leaves a file under its temporary
 * name (still removed by a signal), and atomic_hold_end() syncs them (one
 * syncfs() a file system) and renames all of them into place when keep is
 * true, or removes them all. With keep, a sync or rename that fails is
 * reported into d, the files after it are removed,
 * and it returns false. One hold at a time (the build holds one kit's
 * outputs, so that an error found while rendering, such as too much ink,
 * leaves none of them). */
void atomic_hold_begin(void);
bool atomic_hold_end(bool keep, struct diag *d);

/* The files held so far, in order (count in *n), for a helper process that
 * hands them to the process that keeps them (atomic_hold_adopt()).
 * Borrowed; valid until the next commit or atomic_hold_end(). */
const struct atomic_file *atomic_get_held(size_t *n);

/* Holds tmp_path, a file a helper process wrote and held, as if this
 * process had committed it: atomic_hold_end() renames it to path or
 * removes it, and so does a fatal signal until then. */
void atomic_hold_adopt(const char *tmp_path, const char *path);

/* A helper process that holds files of its own (build/split.h), or that
 * writes into a folder of this process's (build/deck.c's crew): until
 * atomic_untrack_process(), a fatal signal first stops pid with SIGTERM
 * (and SIGCONT, should it be stopped) and waits for it (it removes its
 * temporary files and dies), then removes this process's own. Only while
 * pid is a child of this process not yet waited for: a pid waited for may
 * be another process's by then. Returns the handle. */
int atomic_track_process(pid_t pid);
void atomic_untrack_process(int handle);

/* In a helper process just forked: forgets the helpers the parent tracks
 * and removes its own temporary files on SIGTERM too (even where the
 * parent ignores it), so that the parent can stop it. */
void atomic_become_helper(void);

/* Writes len bytes of data to path at once: open, write, commit. Reports
 * into d. */
bool atomic_write_file(const char *path, const void *data, size_t len, struct diag *d);

/* For a private temporary folder (such as PDF/X's): until
 * atomic_untrack_dir(), SIGINT, SIGTERM and SIGHUP remove dir and what it
 * holds (four levels down) as they do a temporary file. dir is borrowed:
 * keep it until atomic_untrack_dir(). Returns the handle for
 * atomic_untrack_dir(). */
int atomic_track_dir(const char *dir);

/* Forgets a folder atomic_track_dir() tracks; accepts 0. */
void atomic_untrack_dir(int handle);

/* Makes a private folder in parent, named .deckpress-crew.tmp-XXXXXX, for
 * files that helper processes write and this process then adopts
 * (atomic_adopt()): tracked as atomic_track_dir() tracks (a stop signal
 * removes it and what it holds), and atomic_remove_stale() takes one a
 * killed build left. Caller owns the result and frees it with
 * atomic_remove_dir(). NULL when it cannot be made (errno says why). */
char *atomic_make_dir(const char *parent, int *handle);

/* Removes a folder atomic_make_dir() made, with what it still holds, and
 * frees dir. Accepts NULL. */
void atomic_remove_dir(char *dir, int handle);

/* Takes over tmp_path, a whole file another process wrote, as the new
 * content of path: held as atomic_hold_adopt() holds it while a hold is on,
 * else renamed into place at once (a failure reported into d: false). */
bool atomic_adopt(const char *tmp_path, const char *path, struct diag *d);

/* Creates dir and its parents (like mkdir -p). Reports into d. */
bool make_dirs(const char *dir, struct diag *d);

/* The lock that lets one build at a time write into an output folder. */
struct atomic_lock {
	int fd;     /* of the lock file; -1 when not taken */
	bool held;  /* false where the file system has no flock: taken, not held */
	char *path; /* owned: dir/.deckpress.lock */
	char *made; /* owned: dir, when taking the lock made it; NULL */
	int slot;   /* the lock file's, removed at a stop signal as at the end */
};

/* Called once when another process holds the lock, before waiting for it:
 * pid is the holder's (0 when unknown), dir the folder. */
typedef void atomic_lock_wait_fn(long pid, const char *dir);

/* Creates dir as needed and takes an exclusive flock on dir/.deckpress.lock
 * (created if needed, holding the holder's pid), waiting while another
 * process holds it. The kernel releases the lock when the holder dies,
 * however it dies. False (reported into d) when the folder or the lock file
 * cannot be made or the wait is interrupted. On a file system without
 * flock it warns into d and returns true with l->held false. */
bool atomic_lock_dir(struct atomic_lock *l, const char *dir, atomic_lock_wait_fn *waiting,
                     struct diag *d);

/* Removes the lock file and releases the lock, and the folder when taking
 * the lock made it and it is empty (a build that wrote nothing leaves no
 * folder); accepts one not taken. */
void atomic_unlock_dir(struct atomic_lock *l);

/* Removes the temporary files a killed build left in dir and in its
 * folders (three levels down): regular files named exactly as atomic_open
 * names them, .NAME.tmp-XXXXXX, and the folders atomic_make_dir() makes
 * with what they hold; nothing else. Call it only while holding the lock of
 * the output folder, so that no live build's temporary file is taken.
 * Returns how many it removed. */
size_t atomic_remove_stale(const char *dir);

#endif
