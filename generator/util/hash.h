/* A 64-bit FNV-1a hash: fast, stable across runs and machines, for
 * fingerprints kept in files and for telling equal data apart in memory.
 * Not for anything an adversary chooses to collide. */
#ifndef DECKPRESS_UTIL_HASH_H
#define DECKPRESS_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV1A64_INIT 0xcbf29ce484222325u

/* Continues h (HASH_FNV1A64_INIT to start) over n bytes at p. */
static inline uint64_t hash_fnv1a64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3u;
	}
	return h;
}

#endif
