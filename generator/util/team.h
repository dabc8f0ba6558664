/* Team: processes that share the items of a loop, for drawing that cannot
 * run in threads (Pango's objects are not thread-safe).
 *
 * team_create() forks n helpers once everything the loop needs is loaded.
 * Every process then runs the same loop over the same items in the same
 * order and does the items it claims (team_claim(): the first free one
 * when it is ready for more, so the work spreads by itself); the leader
 * claims items too and does them itself. A helper sends each result to the
 * leader (team_send()), tagged with what the item is, and the leader takes
 * the items it did not claim in the loop's order (team_take()), so that it
 * can write files, keep temporary files and report errors as a single
 * process would. A helper ends in team_destroy() and never returns from it.
 *
 * Helpers die with the leader, never touch the leader's temporary files
 * and print nothing. A helper that dies, or a result whose tag is not the
 * item's (the processes disagree on the loop), stops the team: the leader
 * does every item it has not received itself from then on. The leader
 * holds at most one result a helper ahead of the item it waits for; a
 * helper further ahead waits (its pipe is full).
 *
 * Work that follows the loop and may move between processes (a deck's
 * crew draws what each laid out, then what others have not begun) is
 * claimed a second time with team_grab(), and its results taken as they
 * come with team_take_next(). */
#ifndef DECKPRESS_UTIL_TEAM_H
#define DECKPRESS_UTIL_TEAM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"

struct team;

/* Whether this process runs alone, after waiting up to 200 ms for threads
 * that are ending (Pango starts short-lived ones while it loads fonts): a
 * process forked while another thread holds a lock (fontconfig's, malloc's)
 * can wait for it forever. False when it cannot tell. */
bool team_single_threaded(void);

/* Forks n (at least 1) helpers. Only a process without other threads
 * forks (a thread's locks would stay locked in the helpers): it waits a
 * little for short-lived ones (Pango starts some while it loads fonts).
 * items: how many the loop has at most (the leader claims a few at once
 * while many are left; team_grab() takes items below it). Caller owns the result in every process;
 * free with team_destroy(). NULL when no helper could be started (or threads stayed alive): then
 * the caller does every item itself. */
struct team *team_create(unsigned n, size_t items);

/* Whether this process is a helper. */
bool team_is_helper(const struct team *t);

/* 0 in the leader; in a helper, 1 + its place among the helpers. */
unsigned team_index(const struct team *t);

/* In the leader: how many helpers were started. */
unsigned team_helpers(const struct team *t);

/* In the leader: the process id of helper i (from 0; 0 when there is no
 * such helper), for a caller that must stop it before it removes files
 * the helpers write (output/atomic.h, atomic_track_process()). */
pid_t team_helper_pid(const struct team *t, unsigned i);

/* Whether this process does item i. Items are numbered from 0 in the
 * loop's order and asked about in that order. */
bool team_claim(struct team *t, size_t i);

/* In a helper: the result of item i, done (ok) or failed, with its bytes;
 * tag names the item (such as a page's label; "" is fine). */
void team_send(struct team *t, size_t i, const char *tag, bool ok, const void *data, size_t len);

/* In the leader: waits for the result of item i, which it did not claim
 * (in the loop's order), and moves its bytes into out. False when no
 * helper will send it (one died) or the one that came is tagged otherwise
 * than tag: the leader then does the item itself (and every later one).
 * *ok says whether the helper did it. */
bool team_take(struct team *t, size_t i, const char *tag, struct buf *out, bool *ok);

/* A second claim, for work that follows the loop and that any process may
 * take over from another (such as drawing what the loop laid out: each
 * process grabs its own items, then those of others still free): true
 * for the first process to grab item i, and always in a team stopped. */
bool team_grab(struct team *t, size_t i);

/* Whether a process has grabbed item i (false in a team stopped). */
bool team_grabbed(const struct team *t, size_t i);

/* What team_take_next() found. */
enum team_next {
	TEAM_GOT,  /* a result */
	TEAM_NONE, /* none has come yet (only when not waiting) */
	TEAM_END,  /* no helper will send more, or the team is stopped */
};

/* In the leader: the next result any helper sent, in the order they come,
 * for items the leader may take in any order (grabbed ones); it checks
 * what they are itself (team_stop() when one is not what it should be).
 * Waits for one when wait is true. With TEAM_GOT, *item, *tag (the
 * caller's to free), out and *ok hold it. */
enum team_next team_take_next(struct team *t, bool wait, size_t *item, char **tag, struct buf *out,
                              bool *ok);

/* In the leader: stops the team (its helpers killed); the leader does
 * every item it has not received itself from then on. */
void team_stop(struct team *t);

/* In the leader: stops the helpers (killing those still at work) and waits
 * for them. In a helper: tells the leader it has sent all it had (so the
 * leader need not wait for the process to end to know it) and exits the
 * process. NULL is allowed. */
void team_destroy(struct team *t);

/* The number of processors this process may run on (at least 1): the
 * default of --jobs. */
unsigned team_count_cpus(void);

#endif
