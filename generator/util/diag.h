/* Diagnostics: collected problems with their source positions.
 *
 * Every stage reports into a struct diag instead of printing, so that all the
 * errors of a file come out together, sorted by position, in git's voice:
 *   decks/x/deck.yaml:12:7: error: unknown category 'tilid'; did you mean 'tillid'?
 */
#ifndef DECKPRESS_UTIL_DIAG_H
#define DECKPRESS_UTIL_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct buf;

/* A position in an input file; line and col are 1-based (0 = unknown).
 * file is borrowed; diag_error() copies it. */
struct mark {
	const char *file; /* borrowed; may be NULL for messages about no file */
	int line, col;
};

enum severity {
	SEV_WARNING,
	SEV_ERROR,
};

struct diag_entry {
	enum severity severity;
	struct mark mark;
	char *message; /* owned */
	size_t seq;    /* order of reporting, to keep the sort stable */
};

struct diag {
	struct diag_entry *entries; /* owned */
	size_t len, cap;
	char **files; /* owned copies of the file names entries point to */
	size_t nfiles, files_cap;
	/* Counted since diag_init() or the last diag_take_counts(); private:
	 * read them with diag_get_error_count() and diag_get_warning_count(),
	 * never write them. */
	size_t errors, warnings;
};

void diag_init(struct diag *d);
void diag_finish(struct diag *d);

/* Records a message; the file name of m is copied, so it need not outlive
 * the call. fmt is printf-style. The message must be lowercase,
 * without a final full stop, with the subject in single quotes. */
void diag_error(struct diag *d, struct mark m, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct mark m, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Whether any error was recorded since diag_init() or the last
 * diag_take_counts(); flushing does not change it. */
bool diag_has_errors(const struct diag *d);

/* The numbers of errors and warnings recorded since diag_init() or the last
 * diag_take_counts(), flushed or not. A stage that must know whether it
 * reported an error compares the count before and after. */
size_t diag_get_error_count(const struct diag *d);
size_t diag_get_warning_count(const struct diag *d);

/* Adds the counts to *errors and *warnings and starts both from zero again;
 * the entries stay, to be flushed. A NULL pointer drops that count. For a
 * caller that totals its findings report by report (build does, per kit),
 * and that may decide some errors are not input errors (a mistyped
 * --profile is a usage failure). */
void diag_take_counts(struct diag *d, size_t *errors, size_t *warnings);

/* Prints every entry, grouped by file in first-reported order and sorted by
 * line and column within a file, then empties the list. */
void diag_flush(struct diag *d, FILE *fp);

/* As diag_flush, but appends the entries as JSON objects
 * {"file", "line", "col", "severity", "message"} to out, separated by
 * commas (a comma first when out is not empty), and empties the list. */
void diag_flush_json(struct diag *d, struct buf *out);

/* Prints "deckpress: error: message" (or warning) to fp at once, for what
 * has no position and must not wait for a flush (usage errors, waiting for
 * a lock); the message is escaped like every entry's. */
void diag_print_now(FILE *fp, enum severity sev, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Writes one entry as "file:line:col: error: message". */
void diag_print_entry(const struct diag_entry *e, FILE *fp);

struct buf_reader;

/* A finding sent to another process of the run (buf_put_* records): its
 * severity, line, column, file (may be NULL) and message. */
void diag_put_entry(struct buf *b, const struct diag_entry *e);

/* Reads what diag_put_entry() wrote into *e: e->mark.file and e->message
 * are the caller's to free (the file may be NULL); e->seq is 0. False (e
 * empty) when r holds no such record. */
bool diag_get_entry(struct buf_reader *r, struct diag_entry *e);

#endif
