#include "model/i18n.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
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

bool lang_plan_builds(const struct lang_plan *p, const char *code)
{
	if (!p || !p->built)
		return true;
	for (size_t i = 0; i < p->nbuilt; i++)
		if (strcmp(p->built[i], code) == 0)
			return true;
	return false;
}

bool lang_plan_is_draft(const struct lang_plan *p, const char *code)
{
	return p && langs_find(&p->draft, code) >= 0;
}

bool lang_plan_requires(const struct lang_plan *p, const char *code)
{
	return lang_plan_builds(p, code) && !lang_plan_is_draft(p, code);
}

const char *lang_plan_get_missing_text(const struct lang_plan *p, const char *code)
{
	/* distinct from any other "", so that the checks know it was missing */
	static const char marked[] = "[missing]", none[] = "";
	return lang_plan_builds(p, code) && lang_plan_is_draft(p, code) ? marked : none;
}

static bool all(const char *s, size_t n, int (*is)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!is((unsigned char)s[i]))
			return false;
	return true;
}

/* One subtag after the language, in its canonical case into out: a script
 * (4 letters, "Latn"), a region (2 letters "BR" or 3 digits "419") or a
 * variant (5 to 8 letters or digits, lower case). */
static bool subtag(const char *s, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	if (n == 4 && all(s, n, isalpha)) {
		out[0] = (char)toupper((unsigned char)out[0]);
		return true;
	}
	if (n == 2 && all(s, n, isalpha)) {
		out[0] = (char)toupper((unsigned char)out[0]);
		out[1] = (char)toupper((unsigned char)out[1]);
		return true;
	}
	return (n == 3 && all(s, n, isdigit)) || (n >= 5 && n <= 8 && all(s, n, isalnum));
}

bool lang_tag_check(const char *tag, char *hint, size_t hint_size)
{
	size_t len = strlen(tag);
	char canon[64];
	bool ok = len > 0 && len < sizeof(canon);
	size_t i = 0, start = 0, part = 0;
	while (ok && i <= len) {
		if (tag[i] != '-' && tag[i] != '_' && tag[i] != '\0') {
			i++;
			continue;
		}
		size_t n = i - start;
		if (part == 0) {
			ok = n >= 2 && n <= 3 && all(tag, n, isalpha);
			for (size_t k = 0; ok && k < n; k++)
				canon[k] = (char)tolower((unsigned char)tag[k]);
		} else {
			ok = n > 0 && subtag(tag + start, n, canon + start);
		}
		if (ok && i < len)
			canon[i] = '-';
		part++;
		start = ++i;
	}
	if (ok)
		canon[len] = '\0';
	if (ok && strcmp(canon, tag) == 0)
		return true;
	snprintf(hint, hint_size, "%s", ok ? canon : "");
	return false;
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
