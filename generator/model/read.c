#include "model/read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "load/scalar.h"
#include "model/asset.h"
#include "util/buf.h"
#include "util/suggest.h"

bool read_map(struct reader *r, const struct node *n, const char *const *keys, const char *what)
{
	if (n->type != NODE_MAP) {
		diag_error(r->d, n->mark, "%s must be a mapping of keys, not %s", what,
		           node_type_name(n));
		return false;
	}
	size_t nkeys = 0;
	while (keys[nkeys])
		nkeys++;
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *k = n->pairs[i].key;
		bool known = false;
		for (size_t j = 0; j < nkeys && !known; j++)
			known = strcmp(k->str, keys[j]) == 0;
		if (known)
			continue;
		const char *s = suggest(k->str, keys, nkeys);
		if (s)
			diag_error(r->d, k->mark, "unknown key '%s' in %s; did you mean '%s'?",
			           k->str, what, s);
		else
			diag_error(r->d, k->mark, "unknown key '%s' in %s", k->str, what);
		ok = false;
	}
	return ok;
}

const struct node *read_required(struct reader *r, const struct node *map, const char *key,
                                 const char *what)
{
	const struct node *v = node_get(map, key);
	if (v || map->type != NODE_MAP)
		return v;
	/* a misspelt key was already reported with this key as its suggestion */
	for (size_t i = 0; i < map->count; i++) {
		const char *k = map->pairs[i].key->str;
		if (suggest(k, &key, 1))
			return NULL;
	}
	diag_error(r->d, map->mark, "%s has no '%s'", what, key);
	return NULL;
}

bool read_seq(struct reader *r, const struct node *n, const char *what)
{
	if (n->type == NODE_SEQ)
		return true;
	diag_error(r->d, n->mark, "%s must be a list, not %s", what, node_type_name(n));
	return false;
}

static bool scalar(struct reader *r, const struct node *n, const char *what)
{
	if (n->type == NODE_SCALAR)
		return true;
	diag_error(r->d, n->mark, "%s must be a single value, not %s", what, node_type_name(n));
	return false;
}

bool read_string(struct reader *r, const struct node *n, const char *what, const char **out)
{
	if (!scalar(r, n, what))
		return false;
	if (node_is_null(n) || n->len == 0) {
		diag_error(r->d, n->mark, "%s is empty", what);
		return false;
	}
	*out = n->str;
	return true;
}

/* s as a message shows it: characters that show nothing (a zero-width
 * space, a byte order mark, a no-break space, a direction mark) written as
 * \u{HHHH}, so that an id that looks right shows why it is not. */
static void put_visible(struct buf *b, const char *s)
{
	for (const char *p = s; *p;) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			buf_printf(b, "\\x%02X", (unsigned char)*p++);
			continue;
		}
		const char *next = g_utf8_next_char(p);
		GUnicodeType t = g_unichar_type(c);
		if (c >= 0x80 && (t == G_UNICODE_FORMAT || t == G_UNICODE_SPACE_SEPARATOR ||
		                  t == G_UNICODE_CONTROL || t == G_UNICODE_UNASSIGNED))
			buf_printf(b, "\\u{%04X}", (unsigned)c);
		else
			buf_append(b, p, (size_t)(next - p));
		p = next;
	}
}

bool read_id(struct reader *r, const struct node *n, const char *what, const char **out)
{
	if (!read_string(r, n, what, out))
		return false;
	size_t len = strlen(*out);
	bool ok = len <= 64;
	for (const char *p = *out; *p && ok; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.';
	if (!ok || (*out)[0] == '.' || (*out)[0] == '-') {
		struct buf shown;
		buf_init(&shown);
		put_visible(&shown, *out);
		diag_error(r->d, n->mark,
		           "invalid %s '%s'; use ASCII letters, digits, '-', '_' and '.', "
		           "starting with a letter, digit or '_', at most 64 characters",
		           what, buf_str(&shown));
		buf_finish(&shown);
		return false;
	}
	return true;
}

/* Runs a scalar parser and reports its hint. */
#define PARSE(r, n, what, kind, call)                                                              \
	do {                                                                                       \
		if (!scalar(r, n, what))                                                           \
			return false;                                                              \
		const char *hint_ = (call);                                                        \
		if (hint_) {                                                                       \
			diag_error((r)->d, (n)->mark, "invalid %s '%s' for %s; %s", kind,          \
			           (n)->str, what, hint_);                                         \
			return false;                                                              \
		}                                                                                  \
		return true;                                                                       \
	} while (0)

bool read_length(struct reader *r, const struct node *n, const char *what, double *out)
{
	PARSE(r, n, what, "length", scalar_parse_length(n->str, out));
}

bool read_extent(struct reader *r, const struct node *n, const char *what, double *out)
{
	if (!read_length(r, n, what, out))
		return false;
	if (*out < 0) {
		diag_error(r->d, n->mark, "%s must not be negative", what);
		return false;
	}
	return true;
}

bool read_color(struct reader *r, const struct node *n, const char *what, struct color *out)
{
	PARSE(r, n, what, "colour", scalar_parse_color(n->str, out));
}

bool read_int(struct reader *r, const struct node *n, const char *what, long min, long max,
              long *out)
{
	if (!scalar(r, n, what))
		return false;
	const char *hint = scalar_parse_int(n->str, min, max, out);
	if (hint) {
		diag_error(r->d, n->mark,
		           "invalid number '%s' for %s; expected a whole number from %ld to %ld",
		           n->str, what, min, max);
		return false;
	}
	return true;
}

bool read_number(struct reader *r, const struct node *n, const char *what, double min, double max,
                 double *out)
{
	if (!scalar(r, n, what))
		return false;
	if (scalar_parse_number(n->str, min, max, out)) {
		diag_error(r->d, n->mark,
		           "invalid number '%s' for %s; expected a number from %g to %g", n->str,
		           what, min, max);
		return false;
	}
	return true;
}

bool read_percent(struct reader *r, const struct node *n, const char *what, double *out)
{
	PARSE(r, n, what, "percentage", scalar_parse_percent(n->str, out));
}

bool read_bool(struct reader *r, const struct node *n, const char *what, bool *out)
{
	PARSE(r, n, what, "value", scalar_parse_bool(n->str, out));
}

bool read_enum(struct reader *r, const struct node *n, const char *what, const char *const *choices,
               int *out)
{
	if (!scalar(r, n, what))
		return false;
	size_t count = 0;
	for (; choices[count]; count++) {
		if (strcmp(n->str, choices[count]) == 0) {
			*out = (int)count;
			return true;
		}
	}
	const char *s = suggest(n->str, choices, count);
	if (s) {
		diag_error(r->d, n->mark, "unknown %s '%s'; did you mean '%s'?", what, n->str, s);
	} else {
		struct buf b;
		buf_init(&b);
		for (size_t i = 0; i < count; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", choices[i]);
		diag_error(r->d, n->mark, "unknown %s '%s'; expected one of: %s", what, n->str,
		           buf_str(&b));
		buf_finish(&b);
	}
	return false;
}

/* A text with a comma in a flow map, {da: Hvornår oplevede du sidst, at
 * ...}, is cut there into a text and a key without a value: one error at
 * the brace that says to quote it, instead of one per piece. */
static bool is_cut_at_comma(struct reader *r, const struct node *n, const char *what)
{
	if (n->type != NODE_MAP || !n->flow)
		return false;
	for (size_t i = 1; i < n->count; i++) {
		const struct node *k = n->pairs[i].key, *v = n->pairs[i].value;
		const char *lang = n->pairs[i - 1].key->str;
		if (langs_find(&r->langs, k->str) >= 0 || !node_is_null(v) || !v->plain ||
		    langs_find(&r->langs, lang) < 0)
			continue;
		diag_error(r->d, n->mark,
		           "the '%s' %s is cut at a comma, which ends a text inside {...}; put it "
		           "in quotes: {%s: \"..., ...\"}",
		           lang, what, lang);
		return true;
	}
	return false;
}

bool read_ltext(struct reader *r, const struct node *n, const char *what, struct ltext *out)
{
	*out = (struct ltext){.mark = n->mark};
	size_t nl = r->langs.count;
	if (n->type == NODE_SEQ) {
		diag_error(r->d, n->mark,
		           "%s must be a text or a language map such as {da: ..., en: ...}, not a "
		           "list",
		           what);
		return false;
	}
	const char **s = arena_alloc_array(r->arena, nl ? nl : 1, sizeof(*s));
	struct mark *marks = arena_alloc_array(r->arena, nl ? nl : 1, sizeof(*marks));
	if (n->type == NODE_SCALAR) {
		for (size_t i = 0; i < nl; i++) {
			s[i] = node_is_null(n) ? "" : n->str;
			marks[i] = n->mark;
		}
		*out = (struct ltext){
		        .s = s, .marks = marks, .mark = n->mark, .count = nl, .plain = true};
		return true;
	}
	if (is_cut_at_comma(r, n, what))
		return false;
	bool ok = true;
	bool *same = NULL;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *k = n->pairs[i].key, *v = n->pairs[i].value;
		int li = langs_find(&r->langs, k->str);
		if (li < 0) {
			const char *sug = suggest(k->str, r->langs.codes, r->langs.count);
			if (sug)
				diag_error(
				        r->d, k->mark,
				        "language '%s' in %s is not declared; did you mean '%s'?",
				        k->str, what, sug);
			else
				diag_error(r->d, k->mark,
				           "language '%s' in %s is not one of the %s's languages",
				           k->str, what, r->langs_owner ? r->langs_owner : "kit");
			ok = false;
			continue;
		}
		if (v->type != NODE_SCALAR) {
			diag_error(r->d, v->mark, "%s in '%s' must be a text, not %s", what, k->str,
			           node_type_name(v));
			ok = false;
			continue;
		}
		s[li] = node_is_null(v) ? "" : v->str;
		if (r->plan && li > 0 && !s[li][0] &&
		    lang_plan_get_missing_text(r->plan, k->str)[0])
			s[li] = lang_plan_get_missing_text(r->plan, k->str);
		marks[li] = v->mark;
		if (strcmp(v->str, "=") == 0) {
			/* "=": the same as the source language, on purpose */
			if (li == 0) {
				diag_error(r->d, v->mark,
				           "'=' means \"the same as '%s'\"; the source language "
				           "itself needs a text",
				           r->langs.codes[0]);
				ok = false;
			}
			if (!same)
				same = arena_alloc_array(r->arena, nl, sizeof(*same));
			same[li] = true;
		}
	}
	for (size_t i = 0; i < nl; i++) {
		if (!s[i] && r->plan) {
			s[i] = lang_plan_get_missing_text(r->plan, r->langs.codes[i]);
			marks[i] = n->mark;
		} else if (!s[i]) {
			diag_error(r->d, n->mark, "%s has no '%s' translation", what,
			           r->langs.codes[i]);
			ok = false;
		}
	}
	if (!ok)
		return false;
	for (size_t i = 1; same && i < nl; i++)
		if (same[i])
			s[i] = s[0];
	*out = (struct ltext){.s = s, .marks = marks, .same = same, .mark = n->mark, .count = nl};
	return true;
}

bool read_langs(struct reader *r, const struct node *n, struct langs *out)
{
	*out = (struct langs){0};
	if (!read_seq(r, n, "languages"))
		return false;
	if (n->count == 0) {
		diag_error(r->d, n->mark,
		           "languages is empty; list at least one, such as [da, en]");
		return false;
	}
	const char **codes = arena_alloc_array(r->arena, n->count, sizeof(*codes));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *c = n->items[i];
		if (!read_string(r, c, "language", &codes[i])) {
			ok = false;
			continue;
		}
		char hint[64];
		if (!lang_tag_check(codes[i], hint, sizeof(hint))) {
			if (hint[0])
				diag_error(r->d, c->mark,
				           "invalid language tag '%s'; did you mean '%s'?",
				           codes[i], hint);
			else
				diag_error(r->d, c->mark,
				           "invalid language tag '%s'; use BCP 47 tags such as "
				           "'da', 'en' or 'pt-BR'",
				           codes[i]);
			ok = false;
		}
		for (size_t j = 0; j < i; j++) {
			if (codes[j] && strcmp(codes[j], codes[i]) == 0) {
				diag_error(r->d, c->mark, "language '%s' is listed twice",
				           codes[i]);
				ok = false;
			}
		}
	}
	if (!ok)
		return false;
	*out = (struct langs){.codes = codes, .count = n->count};
	return true;
}

const char *path_join(struct arena *arena, const char *dir, const char *rel)
{
	if (rel[0] == '/' || strcmp(dir, ".") == 0)
		return arena_strdup(arena, rel);
	size_t a = strlen(dir), b = strlen(rel);
	char *p = arena_alloc(arena, a + b + 2);
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, rel, b);
	return p;
}

/* The directory part of path ("." when none); allocated in arena. */
static const char *path_dirname(struct arena *arena, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(arena, path, (size_t)(slash - path));
}

bool read_path(struct reader *r, const struct node *n, const char *what, const char **out)
{
	const char *rel;
	if (!read_string(r, n, what, &rel))
		return false;
	return asset_resolve(r->assets, r->arena, path_dirname(r->arena, n->mark.file), rel, what,
	                     n->mark, r->d, out);
}
