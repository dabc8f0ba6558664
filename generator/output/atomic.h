/* Atomic file output: write to a temporary file in the target folder, then
 * rename over the target. A failed build never leaves a half-written file
 * and never replaces a good earlier output. */
#ifndef DECKPRESS_OUTPUT_ATOMIC_H
#define DECKPRESS_OUTPUT_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cairo.h>

#include "util/diag.h"

struct atomic_file {
	char *path;     /* owned: the final name */
	char *tmp_path; /* owned: the temporary name */
	FILE *fp;       /* open while writing */
	bool failed;    /* a write failed; commit will refuse */
	int err;        /* errno of the first failure */
};

/* Creates parent folders as needed and opens a temporary file beside path.
 * On failure reports into d (no file position: the message names the path)
 * and returns false. */
bool atomic_open(struct atomic_file *f, const char *path, struct diag *d);

/* Appends bytes; errors are sticky and reported by atomic_commit(). */
void atomic_write(struct atomic_file *f, const void *data, size_t len);

/* Flushes, syncs and renames over the target. Returns false (and removes the
 * temporary file) when any write failed. Always releases f. */
bool atomic_commit(struct atomic_file *f, struct diag *d);

/* Removes the temporary file and releases f. Accepts a released f. */
void atomic_abort(struct atomic_file *f);

/* A cairo_write_func_t for cairo's stream surfaces: appends to closure,
 * an open struct atomic_file, and tells cairo when a write failed. */
cairo_status_t atomic_write_cairo(void *closure, const unsigned char *data, unsigned int len);

/* Writes len bytes of data to path at once: open, write, commit. Reports
 * into d. */
bool atomic_write_file(const char *path, const void *data, size_t len, struct diag *d);

/* Creates dir and its parents (like mkdir -p). Reports into d. */
bool make_dirs(const char *dir, struct diag *d);

#endif
