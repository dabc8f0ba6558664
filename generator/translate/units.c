#include "translate/units.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/hash.h"
#include "util/mem.h"

uint64_t units_hash(const char *s)
{
	return hash_fnv1a64(HASH_FNV1A64_INIT, s, strlen(s));
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* How many units before the last have the context base. */
static size_t count_same(const struct units *u, const char *base, size_t from)
{
	size_t n = 0, len = strlen(base);
	for (size_t i = from; i + 1 < u->count; i++)
		if (strncmp(u->items[i].context, base, len) == 0 &&
		    (u->items[i].context[len] == '\0' || u->items[i].context[len] == '#'))
			n++;
	return n;
}

static void add_item(struct units *u, const struct kit_item *it, const char *lang)
{
	int li = langs_find(&it->langs, lang);
	if (li <= 0)
		return;
	size_t first = u->count;
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
		size_t same = count_same(u, n->context, first);
		if (same) {
			struct buf b;
			buf_init(&b);
			buf_printf(&b, "%s#%zu", n->context, same + 1);
			free(n->context);
			n->context = buf_detach(&b);
		}
	}
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
}

const char *units_file(const struct unit *x)
{
	return x->src_mark.file ? x->src_mark.file : x->it->path;
}

struct unit *units_find(const struct units *u, const char *context)
{
	for (size_t i = 0; i < u->count; i++)
		if (strcmp(u->items[i].context, context) == 0)
			return &u->items[i];
	return NULL;
}

void units_finish(struct units *u)
{
	for (size_t i = 0; i < u->count; i++) {
		free(u->items[i].context);
		free(u->items[i].fit);
	}
	free(u->items);
	*u = (struct units){0};
}
