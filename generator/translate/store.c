/* getline() is POSIX */
#define _POSIX_C_SOURCE 200809L

#include "translate/store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/atomic.h"
#include "util/buf.h"
#include "util/mem.h"

static const char header[] =
        "# deckpress: the source text each translation was made from (hashes), so that\n"
        "# 'deckpress check' finds outdated translations. Written by 'deckpress translate\n"
        "# confirm' and 'translate import', and by check and build when a translation\n"
        "# was edited; keep it in git. language, context, source, translation:\n";

/* "lang\tcontext": what names an entry. Caller frees. */
static char *key_of(const char *lang, const char *context)
{
	struct buf k;
	buf_init(&k);
	buf_printf(&k, "%s\t%s", lang, context);
	return buf_detach(&k);
}

static struct store_entry *find(const struct store *s, const char *lang, const char *context)
{
	char *key = key_of(lang, context);
	size_t i;
	bool got = strindex_get(&s->by_key, key, &i);
	free(key);
	return got ? &s->items[i] : NULL;
}

/* Appends an entry; the index keeps the first of a language and context
 * written twice (a lock file merged by hand). */
static struct store_entry *push(struct store *s, struct store_entry e)
{
	XGROW(s->items, s->cap, s->count + 1);
	e.key = key_of(e.lang, e.context);
	if (!strindex_get(&s->by_key, e.key, NULL))
		strindex_put(&s->by_key, e.key, s->count);
	s->items[s->count] = e;
	return &s->items[s->count++];
}

static bool parse_hash(const char *s, uint64_t *out)
{
	if (strlen(s) != 16)
		return false;
	uint64_t h = 0;
	for (const char *p = s; *p; p++) {
		int v = *p >= '0' && *p <= '9'   ? *p - '0'
		        : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
		                                 : -1;
		if (v < 0)
			return false;
		h = h << 4 | (uint64_t)v;
	}
	*out = h;
	return true;
}

/* "lang\tcontext\tsource\ttarget" */
static bool parse_line(struct store *s, char *line)
{
	char *f[4];
	for (int i = 0; i < 4; i++) {
		f[i] = line;
		char *tab = strchr(line, '\t');
		if ((tab == NULL) != (i == 3))
			return false;
		if (tab) {
			*tab = '\0';
			line = tab + 1;
		}
	}
	uint64_t src, tr;
	if (!f[0][0] || !f[1][0] || !parse_hash(f[2], &src) || !parse_hash(f[3], &tr))
		return false;
	push(s,
	     (struct store_entry){
	             .lang = xstrdup(f[0]), .context = xstrdup(f[1]), .source = src, .target = tr});
	return true;
}

bool store_load(struct store *s, const char *dir, struct diag *d)
{
	*s = (struct store){0};
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/translations.lock", dir);
	s->path = buf_detach(&path);
	FILE *fp = fopen(s->path, "r");
	if (!fp) {
		if (errno == ENOENT)
			return true;
		diag_error(d, (struct mark){.file = s->path}, "cannot read: %s", strerror(errno));
		return false;
	}
	s->exists = true;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	bool ok = true;
	while ((n = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (!parse_line(s, line)) {
			diag_error(
			        d, (struct mark){.file = s->path, .line = lineno, .col = 1},
			        "malformed line; expected language, context and two hashes, "
			        "separated by tabs (run 'deckpress translate confirm' to rewrite "
			        "the file)");
			ok = false;
		}
	}
	free(line);
	fclose(fp);
	return ok;
}

/* "lang\tbase\ttarget": an entry by its language, its context without the
 * number and its translation's hash. Caller frees. */
static char *moved_key(const char *lang, const char *context, uint64_t target)
{
	size_t number;
	struct buf k;
	buf_init(&k);
	buf_printf(&k, "%s\t%.*s\t%016" PRIx64, lang, (int)units_base_len(context, &number),
	           context, target);
	return buf_detach(&k);
}

/* Whether record r no longer describes the text at its context (there is
 * none, or it has another source or translation): a paragraph added or
 * removed may have moved its text to another number. A record that still
 * describes its own text is that text's, never another's. */
static bool moved_away(const struct store_entry *r, const struct units *u)
{
	const struct unit *y = units_find(u, r->context);
	return !y || units_hash(y->source) != r->source || !y->target ||
	       units_hash(y->target) != r->target;
}

void store_mark_outdated(const struct store *s, const char *lang, struct units *u)
{
	/* the entries of lang by base and translation, made when first needed */
	struct strindex moved;
	strindex_init(&moved);
	char **keys = NULL;
	for (size_t i = 0; i < u->count; i++) {
		struct unit *x = &u->items[i];
		const struct store_entry *e = find(s, lang, x->context);
		/* "=" is the source on purpose, whatever the source says */
		if (!x->target || strcmp(x->target, "=") == 0) {
			x->outdated = false;
			continue;
		}
		uint64_t target = units_hash(x->target);
		if (!e || e->target != target) {
			/* not the translation recorded at this context: recorded at
			 * another number of the same file, owner and field (a
			 * paragraph added or removed before it moved it)? */
			if (!keys) {
				keys = xcalloc(s->count + 1, sizeof(*keys));
				for (size_t k = 0; k < s->count; k++) {
					const struct store_entry *r = &s->items[k];
					if (strcmp(r->lang, lang) != 0 || !moved_away(r, u))
						continue;
					keys[k] = moved_key(lang, r->context, r->target);
					/* two such records of one translation: which one
					 * it was made from cannot be told */
					size_t *at = strindex_at(&moved, keys[k]);
					if (at)
						*at = SIZE_MAX;
					else
						strindex_put(&moved, keys[k], k);
				}
			}
			char *key = moved_key(lang, x->context, target);
			size_t k;
			if (strindex_get(&moved, key, &k) && k != SIZE_MAX)
				e = &s->items[k];
			free(key);
		}
		x->outdated = e && e->source != units_hash(x->source) && e->target == target;
		x->made_from = x->outdated ? e->source : 0;
	}
	for (size_t k = 0; keys && k < s->count; k++)
		free(keys[k]);
	free(keys);
	strindex_finish(&moved);
}

static struct store_entry *add(struct store *s, const char *lang, const char *context)
{
	return push(s, (struct store_entry){.lang = xstrdup(lang), .context = xstrdup(context)});
}

void store_confirm(struct store *s, const char *lang, const struct unit *u)
{
	if (!u->target || !u->target[0])
		return;
	struct store_entry *e = find(s, lang, u->context);
	if (!e)
		e = add(s, lang, u->context);
	e->source = units_hash(u->source);
	e->target = units_hash(u->target);
}

bool store_update(struct store *s, const char *lang, const struct units *u)
{
	bool changed = false;
	for (size_t i = 0; i < u->count; i++) {
		const struct unit *x = &u->items[i];
		if (x->outdated) {
			/* its record found at another number (store_mark_outdated())
			 * moves to its own, so that it stays outdated */
			struct store_entry *e = find(s, lang, x->context);
			if (!e)
				e = add(s, lang, x->context);
			if (e->source != x->made_from || e->target != units_hash(x->target)) {
				e->source = x->made_from;
				e->target = units_hash(x->target);
				changed = true;
			}
			continue;
		}
		if (!x->target || !x->target[0])
			continue;
		const struct store_entry *e = find(s, lang, x->context);
		if ((e || s->exists) && (!e || e->source != units_hash(x->source) ||
		                         e->target != units_hash(x->target))) {
			store_confirm(s, lang, x);
			changed = true;
		}
	}
	return changed;
}

void store_keep_outdated(struct store *s, const char *lang, const struct unit *u)
{
	if (!u->target || !u->target[0])
		return;
	struct store_entry *e = find(s, lang, u->context);
	if (!e)
		e = add(s, lang, u->context); /* made from no source known: to review */
	e->target = units_hash(u->target);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct store_entry *x = a, *y = b;
	int c = strcmp(x->lang, y->lang);
	return c ? c : strcmp(x->context, y->context);
}

bool store_save(struct store *s, struct diag *d)
{
	qsort(s->items, s->count, sizeof(*s->items), cmp_entry);
	/* the entries moved: indexed again, where they are now */
	strindex_finish(&s->by_key);
	for (size_t i = 0; i < s->count; i++)
		if (!strindex_get(&s->by_key, s->items[i].key, NULL))
			strindex_put(&s->by_key, s->items[i].key, i);
	struct buf b;
	buf_init(&b);
	buf_puts(&b, header);
	for (size_t i = 0; i < s->count; i++)
		buf_printf(&b, "%s\t%s\t%016" PRIx64 "\t%016" PRIx64 "\n", s->items[i].lang,
		           s->items[i].context, s->items[i].source, s->items[i].target);
	bool ok = atomic_write_file(s->path, buf_str(&b), b.len, d);
	buf_finish(&b);
	return ok;
}

void store_finish(struct store *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->items[i].lang);
		free(s->items[i].context);
		free(s->items[i].key);
	}
	free(s->items);
	strindex_finish(&s->by_key);
	free(s->path);
	*s = (struct store){0};
}
