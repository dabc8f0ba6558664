/* "Did you mean" for typos in keys, ids and names. */
#ifndef DECKPRESS_UTIL_SUGGEST_H
#define DECKPRESS_UTIL_SUGGEST_H

#include <stddef.h>

/* Returns the candidate closest to word (optimal string alignment distance,
 * case-insensitive), or NULL when none is close enough to be a likely typo:
 * at most 1 edit for words of up to 4 letters, 2 up to 8, else 3.
 * Borrowed from candidates. */
const char *suggest(const char *word, const char *const *candidates, size_t count);

/* Distance between a and b as used by suggest(); exposed for tests. */
size_t suggest_distance(const char *a, const char *b);

#endif
