/* Memory: allocation that never fails (out of memory is fatal) and arenas. */
#ifndef DECKPRESS_UTIL_MEM_H
#define DECKPRESS_UTIL_MEM_H

#include <stddef.h>

/* Each returns memory the caller owns and frees with free(); on failure they
 * print a message and exit with EXIT_INTERNAL, like git's xmalloc. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows an array *items of *cap elements of size elem so that it holds at
 * least need elements. *items may move; the caller still owns it. */
void xgrow(void **items, size_t *cap, size_t need, size_t elem);
#define XGROW(items, cap, need) xgrow((void **)&(items), &(cap), (need), sizeof(*(items)))

/* An arena owns every allocation made from it until arena_finish().
 * Built with DECKPRESS_DEBUG_ARENA, every allocation is a separate malloc so
 * ASan and valgrind see each one (libgit2's DEBUG_POOL). */
struct arena {
	struct arena_block *blocks; /* may be NULL */
};

void arena_init(struct arena *a);
void arena_finish(struct arena *a);
/* Each returns memory that is zeroed (a copy of s for the strdups), aligned
 * for any type and owned by the arena: freed by arena_finish(), never by
 * free(). */
void *arena_alloc(struct arena *a, size_t size);
void *arena_alloc_array(struct arena *a, size_t nmemb, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

#endif
