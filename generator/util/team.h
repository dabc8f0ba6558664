/* Team: processes that share the items of a loop, for drawing that cannot
 * run in threads (Pango's objects are not thread-safe).
 *
 * team_create() forks n helpers after everything the loop needs is loaded.
 * Every process then runs the same loop over the same items in the same
 * order and does the items it claims (team_claim(): the first free one
 * when it is ready for more, so the work spreads by itself). A helper
 * sends each result to the leader (team_send()), which takes the items it
 * did not claim in the loop's order (team_take()), so that it can write
 * files, keep temporary files and report errors as a single process would.
 * A helper ends in team_destroy() and never returns from it.
 *
 * Helpers die with the leader, never touch the leader's temporary files
 * and print nothing. A helper that dies or cannot send leaves the leader to
 * do the items it has not received itself. */
#ifndef DECKPRESS_UTIL_TEAM_H
#define DECKPRESS_UTIL_TEAM_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct team;

/* Forks n (at least 1) helpers. Caller owns the result in every process;
 * free with team_destroy(). NULL when no helper could be started: then
 * the caller does every item itself. */
struct team *team_create(unsigned n);

/* Whether this process is a helper. */
bool team_is_helper(const struct team *t);

/* Whether this process does item i. Items are numbered from 0 in the
 * loop's order and asked about in that order. */
bool team_claim(struct team *t, size_t i);

/* In a helper: the result of item i, done (ok) or failed, with its bytes. */
void team_send(struct team *t, size_t i, bool ok, const void *data, size_t len);

/* In the leader: waits for the result of item i, which it did not claim
 * (in the loop's order), and moves its bytes into out. False when no helper will send it (one
 * died): the leader then does the item itself. *ok says whether the helper did it. */
bool team_take(struct team *t, size_t i, struct buf *out, bool *ok);

/* In the leader: stops the helpers (killing those still at work) and waits
 * for them. In a helper: exits the process. NULL is allowed. */
void team_destroy(struct team *t);

/* The number of processors this process may run on (at least 1): the
 * default of --jobs. */
unsigned team_count_cpus(void);

#endif
