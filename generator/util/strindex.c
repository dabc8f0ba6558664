#include "util/strindex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/mem.h"

void strindex_init(struct strindex *ix)
{
	*ix = (struct strindex){0};
}

void strindex_finish(struct strindex *ix)
{
	free(ix->slots);
	*ix = (struct strindex){0};
}

static size_t hash_of(const char *key)
{
	return (size_t)hash_fnv1a64(HASH_FNV1A64_INIT, key, strlen(key));
}

/* The slot of key, or the free one where it would go (cap > count). */
static struct strindex_slot *slot_of(const struct strindex *ix, const char *key)
{
	size_t mask = ix->cap - 1;
	for (size_t i = hash_of(key) & mask;; i = (i + 1) & mask) {
		struct strindex_slot *s = &ix->slots[i];
		if (!s->key || strcmp(s->key, key) == 0)
			return s;
	}
}

static void grow(struct strindex *ix)
{
	struct strindex old = *ix;
	ix->cap = old.cap ? old.cap * 2 : 16;
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*slot_of(ix, old.slots[i].key) = old.slots[i];
	free(old.slots);
}

bool strindex_put(struct strindex *ix, const char *key, size_t value)
{
	/* at most three quarters full: probes stay short */
	if (4 * (ix->count + 1) > 3 * ix->cap)
		grow(ix);
	struct strindex_slot *s = slot_of(ix, key);
	bool added = !s->key;
	ix->count += added;
	*s = (struct strindex_slot){key, value};
	return added;
}

size_t *strindex_at(const struct strindex *ix, const char *key)
{
	if (!ix->cap)
		return NULL;
	struct strindex_slot *s = slot_of(ix, key);
	return s->key ? &s->value : NULL;
}

bool strindex_get(const struct strindex *ix, const char *key, size_t *value)
{
	const size_t *v = strindex_at(ix, key);
	if (v && value)
		*value = *v;
	return v != NULL;
}
