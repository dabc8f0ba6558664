/* Split: the outputs of a kit built by several processes (--jobs N), in units.
 *
 * After a kit is loaded, checked and laid out, split_start() forks up to
 * N-1 helpers. Every process then walks the same units (a deck or board in
 * one language, a print spec, a catalogue...) in the same order, asking
 * split_take() at each; the first free unit goes to the first process
 * ready for more, so the work spreads by itself. A process builds the
 * units it takes exactly as one process would build them all: into held
 * temporary files (output/atomic.h), its findings into a diag of its own.
 *
 * A helper then sends what it did to the leader and waits (split_end()):
 * the units it built, its findings with the place of each in the walk,
 * what the build cache noted, and its held files, which the leader adopts
 * (its to rename or remove from then on). The leader puts the findings in
 * the order one process reports them, builds itself any unit no helper
 * sent (a helper that died: split_redo()), and keeps or removes every file
 * as one process would. So the files, the messages and all-or-nothing are
 * the same for every N.
 *
 * Helpers die with the leader, and a stop signal the leader gets stops
 * them first: each removes its own temporary files. */
#ifndef DECKPRESS_BUILD_SPLIT_H
#define DECKPRESS_BUILD_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

struct cache;
struct diag;

struct split;

/* What ends a unit in the process that built it, before its findings are
 * closed (the PDF/X conversions it started): false on a failure. */
typedef bool split_unit_end_fn(struct diag *d);

/* Forks up to n-1 helpers that report into scratch (an empty diag each
 * process has a copy of); unit_end (may be NULL) ends each unit. Caller owns the result in every
 * process; the leader frees it with split_finish(), a helper ends in split_end(). NULL when n < 2
 * or no helper could be started: then the caller builds every unit itself, into its own diag. */
struct split *split_start(unsigned n, struct diag *scratch, split_unit_end_fn *unit_end);

/* Whether this process is a helper. */
bool split_is_helper(const struct split *u);

/* Called at the start of each unit of the walk, in the same order in every
 * process: whether this process builds it. u may be NULL (true). */
bool split_take(struct split *u);

/* In a helper, after its walk (ok: every unit it took was built): sends
 * its results, with what cache noted, and exits; never returns. In the
 * leader, after each walk: receives every helper's results not yet
 * received, adopts their held files and cache notes, and sets *failed when
 * a unit failed; false when a unit is left that no process built (its
 * helper died or stopped early): split_redo(). */
bool split_end(struct split *u, struct cache *cache, bool ok, bool *failed);

/* In the leader, after split_end(): starts a second walk in which
 * split_take() is true for the units no helper sent, to be ended with
 * split_end() too; false when there are none. */
bool split_redo(struct split *u);

/* In the leader, after the walks: moves the findings of every process
 * into d in the order one process reports them (scratch is empty again)
 * and frees u. Returns whether a helper died: the caller removes the
 * temporary files it may have left (atomic_remove_stale()) once the kit's
 * files are kept or removed. Accepts NULL (false). */
bool split_finish(struct split *u, struct diag *d);

#endif
