#include "model/i18n.h"

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
