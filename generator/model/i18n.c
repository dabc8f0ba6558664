#include "model/i18n.h"

#include <stdbool.h>
#include <string.h>

int langs_find(const struct langs *l, const char *code)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->codes[i], code) == 0)
			return (int)i;
	return -1;
}

const char *ltext_get(const struct ltext *t, size_t i)
{
	if (!t || i >= t->count || !t->s[i])
		return "";
	return t->s[i];
}

struct mark ltext_get_mark(const struct ltext *t, size_t i)
{
	if (i >= t->count)
		return t->mark;
	return t->marks[i];
}

bool ltext_is_set(const struct ltext *t)
{
	return t->count > 0;
}

bool ltext_is_same(const struct ltext *t, size_t i)
{
	return t->same && i < t->count && t->same[i];
}

static bool is_language_map(const struct node *n, const struct langs *langs)
{
	if (n->type != NODE_MAP || n->count == 0)
		return false;
	for (size_t i = 0; i < n->count; i++)
		if (langs_find(langs, n->pairs[i].key->str) < 0 ||
		    n->pairs[i].value->type != NODE_SCALAR)
			return false;
	return true;
}

static void walk(const struct node *n, const struct langs *langs, const char *owner,
                 const char *key, int depth,
                 void (*fn)(const struct node *, const char *, const char *, void *), void *ctx)
{
	if (!n || depth > YML_MAX_DEPTH)
		return;
	if (is_language_map(n, langs)) {
		fn(n, owner, key, ctx);
		return;
	}
	if (n->type == NODE_MAP) {
		const struct node *id = node_get(n, "id");
		if (id && id->type == NODE_SCALAR)
			owner = id->str;
		for (size_t i = 0; i < n->count; i++)
			walk(n->pairs[i].value, langs, owner, n->pairs[i].key->str, depth + 1, fn,
			     ctx);
	} else if (n->type == NODE_SEQ) {
		for (size_t i = 0; i < n->count; i++)
			walk(n->items[i], langs, owner, key, depth + 1, fn, ctx);
	}
}

void ltext_walk(const struct node *root, const struct langs *langs,
                void (*fn)(const struct node *map, const char *owner, const char *key, void *ctx),
                void *ctx)
{
	walk(root, langs, "", "text", 0, fn, ctx);
}
