/* An index from strings to numbers (such as places in an array): open
 * addressing over FNV-1a hashes, for lookups that a linear search made
 * quadratic (a 10,000-card deck has 30,000 translatable texts).
 *
 * Keys are borrowed: each must stay as it is while the index holds it. */
#ifndef DECKPRESS_UTIL_STRINDEX_H
#define DECKPRESS_UTIL_STRINDEX_H

#include <stdbool.h>
#include <stddef.h>

struct strindex_slot {
	const char *key; /* borrowed; NULL: free */
	size_t value;
};

struct strindex {
	struct strindex_slot *slots; /* owned; a power of two of them, or none */
	size_t cap, count;
};

void strindex_init(struct strindex *ix);
void strindex_finish(struct strindex *ix);

/* Sets key's value; true when the key was new, false when an earlier
 * value was replaced. */
bool strindex_put(struct strindex *ix, const char *key, size_t value);

/* Whether key is in ix; its value into *value (may be NULL). */
bool strindex_get(const struct strindex *ix, const char *key, size_t *value);

/* The place of key's value, to change it; NULL when key is not in ix.
 * Valid until the next strindex_put(). */
size_t *strindex_at(const struct strindex *ix, const char *key);

#endif
