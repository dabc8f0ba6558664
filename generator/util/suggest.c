#include "util/suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return (size_t)-1; /* names are short; never spend time on long text */
	size_t *d = xcalloc((n + 1) * (m + 1), sizeof(*d));
#define D(i, j) d[(i) * (m + 1) + (j)]
	for (size_t i = 0; i <= n; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= m; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			int ca = tolower((unsigned char)a[i - 1]),
			    cb = tolower((unsigned char)b[j - 1]);
			size_t cost = ca != cb;
			D(i, j) = min3(D(i - 1, j) + 1, D(i, j - 1) + 1, D(i - 1, j - 1) + cost);
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && D(i - 2, j - 2) + 1 < D(i, j))
				D(i, j) = D(i - 2, j - 2) + 1; /* transposition */
		}
	}
	size_t r = D(n, m);
#undef D
	free(d);
	return r;
}

const char *suggest(const char *word, const char *const *candidates, size_t count)
{
	size_t len = strlen(word);
	size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	const char *best = NULL;
	size_t best_d = limit + 1;
	for (size_t i = 0; i < count; i++) {
		if (!candidates[i])
			continue;
		size_t dist = suggest_distance(word, candidates[i]);
		if (dist < best_d && dist < strlen(candidates[i])) {
			best = candidates[i];
			best_d = dist;
		}
	}
	return best;
}
