#include "translate/units.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/strindex.h"

uint64_t units_hash(const char *s)
{
	return hash_fnv1a64(HASH_FNV1A64_INIT, s, strlen(s));
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void add_item(struct units *u, const struct kit_item *it, const char *lang)
{
	int li = langs_find(&it->langs, lang);
	if (li <= 0)
		return;
	/* by context without its number: how many texts of it came so far */
	struct strindex seen;
	strindex_init(&seen);
	for (size_t t = 0; t < it->ntexts; t++) {
		const struct item_text *x = &it->texts[t];
		if (x->plain || !x->s || !x->s[0] || !x->s[0][0])
			continue;
		XGROW(u->items, u->cap, u->count + 1);
		struct unit *n = &u->items[u->count++];
		struct buf ctx;
		buf_init(&ctx);
		buf_printf(&ctx, "%s %s%s%s", file_name(it->path), x->owner, x->owner[0] ? " " : "",
		           x->field);
		*n = (struct unit){.it = it,
		                   .x = x,
		                   .lang = (size_t)li,
		                   .source = x->s[0],
		                   .target = x->s[li],
		                   .has_lang = true,
		                   .src_mark = x->marks[0]};
		n->context = buf_detach(&ctx);
		size_t *same = strindex_at(&seen, n->context);
		if (!same) {
			strindex_put(&seen, n->context, 1); /* the first keeps its context */
			continue;
		}
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s#%zu", n->context, ++*same);
		free(n->context);
		n->context = buf_detach(&b);
	}
	strindex_finish(&seen);
}

void units_collect(struct units *u, const struct kit *kit, const char *lang)
{
	*u = (struct units){0};
	if (kit->file_item && kit->file_item->asked)
		add_item(u, kit->file_item, lang);
	for (size_t i = 0; i < kit->nitems; i++) {
		const struct kit_item *it = &kit->items[i];
		if (it->asked &&
		    (it->kind == KIND_DECK || it->kind == KIND_BOARD || it->kind == KIND_DOCUMENT))
			add_item(u, it, lang);
	}
	for (size_t i = 0; i < u->count; i++)
		strindex_put(&u->by_context, u->items[i].context, i);
}

const char *units_file(const struct unit *x)
{
	return x->src_mark.file ? x->src_mark.file : x->it->path;
}

struct unit *units_find(const struct units *u, const char *context)
{
	size_t i;
	return strindex_get(&u->by_context, context, &i) ? &u->items[i] : NULL;
}

size_t units_base_len(const char *context, size_t *number)
{
	size_t n = strlen(context), k = n;
	while (k > 0 && context[k - 1] >= '0' && context[k - 1] <= '9')
		k--;
	if (k == n || k == 0 || context[k - 1] != '#' || context[k] == '0') {
		*number = 1;
		return n;
	}
	size_t v = 0;
	for (size_t i = k; i < n && v < SIZE_MAX / 10 - 9; i++)
		v = v * 10 + (size_t)(context[i] - '0');
	*number = v;
	return k - 1;
}

void units_finish(struct units *u)
{
	for (size_t i = 0; i < u->count; i++) {
		free(u->items[i].context);
		free(u->items[i].fit);
	}
	free(u->items);
	strindex_finish(&u->by_context);
	*u = (struct units){0};
}
