#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/exitcode.h"

static void die_oom(size_t size)
{
	fprintf(stderr, "deckpress: fatal: out of memory (%zu bytes)\n", size);
	exit(EXIT_INTERNAL);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

void *xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		die_oom(SIZE_MAX);
	return xrealloc(ptr, nmemb * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void xgrow(void **items, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	*items = xreallocarray(*items, n, elem);
	*cap = n;
}

/* Blocks are a linked list; each holds a run of allocations. Large requests get
 * a block of their own so the common block size stays small. */
struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

void arena_init(struct arena *a)
{
	*a = (struct arena){0};
}

void arena_finish(struct arena *a)
{
	struct arena_block *b = a->blocks;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	*a = (struct arena){0};
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size = (size + align - 1) / align * align;
	if (size == 0)
		size = align;
#ifdef DECKPRESS_DEBUG_ARENA
	struct arena_block *b = xcalloc(1, sizeof(*b) + size);
	b->used = b->size = size;
	b->next = a->blocks;
	a->blocks = b;
	return b->data;
#else
	struct arena_block *b = a->blocks;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
		struct arena_block *nb = xmalloc(sizeof(*nb) + bsize);
		nb->used = 0;
		nb->size = bsize;
		if (b && bsize != ARENA_BLOCK) {
			/* keep the partly used block at the head */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->blocks = nb;
		}
		b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
#endif
}

void *arena_alloc_array(struct arena *a, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		die_oom(SIZE_MAX);
	return arena_alloc(a, nmemb * size);
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = arena_alloc(a, len + 1);
	memcpy(p, s, len);
	return p;
}
