#include "load/yml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "util/buf.h"

struct builder {
	struct yml_doc *doc;
	const char *src; /* the file's bytes, to find a bad character in a text */
	size_t src_len;
	yaml_parser_t parser;
	struct diag *d;
	size_t nodes;
	bool failed;
	char *pool; /* the rest of a block of the arena that scalars' bytes are packed into */
	size_t pool_left;
};

static struct mark mark_at(const struct yml_doc *doc, yaml_mark_t m)
{
	return (struct mark){.file = doc->path, .line = (int)m.line + 1, .col = (int)m.column + 1};
}

/* Length of the UTF-8 sequence at s (at most n bytes), or 0 when invalid:
 * overlong forms, surrogates and code points past U+10FFFF are refused. */
size_t yml_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* "UTF-16" or "UTF-32" when data starts with the byte order mark of one, or
 * with the NUL bytes that ASCII text has in one; else NULL. Saves the user
 * one "NUL byte" error per character. */
static const char *wide_encoding(const unsigned char *s, size_t len)
{
	if (len >= 4 && ((s[0] == 0xFF && s[1] == 0xFE && !s[2] && !s[3]) ||
	                 (!s[0] && !s[1] && s[2] == 0xFE && s[3] == 0xFF) ||
	                 (s[0] && !s[1] && !s[2] && !s[3]) || (!s[0] && !s[1] && !s[2] && s[3])))
		return "UTF-32";
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF) ||
	                 (s[0] && !s[1]) || (!s[0] && s[1])))
		return "UTF-16";
	return NULL;
}

/* Checks encoding and indentation before libyaml runs, reporting every bad
 * line (libyaml would stop at the first, with a message about tokens). */
static bool prescan(const struct yml_doc *doc, const char *data, size_t len, struct diag *d)
{
	const unsigned char *s = (const unsigned char *)data;
	bool ok = true, line_start = true;
	bool bad_utf8_reported = false, control_reported = false;
	int line = 1, col = 1;
	size_t i = 0;
	const char *wide = wide_encoding(s, len);
	if (wide) {
		diag_error(d, (struct mark){.file = doc->path}, "file is %s; save it as UTF-8",
		           wide);
		return false;
	}
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3; /* a BOM is allowed and skipped by libyaml */
	while (i < len) {
		unsigned char c = s[i];
		struct mark m = {.file = doc->path, .line = line, .col = col};
		/* count lines as libyaml does: \n, \r\n and a lone \r */
		if (c == '\n' || c == '\r') {
			i += c == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
			line++;
			col = 1;
			line_start = true;
			bad_utf8_reported = control_reported = false;
			continue;
		}
		if (c == '\t' && line_start) {
			diag_error(d, m, "tab character in indentation; indent with spaces");
			ok = false;
			line_start = false;
		} else if ((c < 0x20 && c != '\t') || c == 0x7F) {
			if (!control_reported && c == 0)
				diag_error(d, m, "NUL byte in text");
			else if (!control_reported)
				diag_error(d, m, "control character U+%04X in text", c);
			control_reported = true;
			ok = false;
		} else if (c != ' ' && c != '\t') {
			line_start = false;
		}
		size_t n = yml_utf8_seq(s + i, len - i);
		if (n == 0) {
			if (!bad_utf8_reported)
				diag_error(d, m,
				           "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
				           c);
			bad_utf8_reported = true;
			ok = false;
			n = 1;
		}
		i += n;
		col++;
	}
	return ok;
}

static struct node *new_node(struct builder *b, enum node_type type, yaml_mark_t m)
{
	struct node *n = arena_alloc(&b->doc->arena, sizeof(*n));
	n->type = type;
	n->mark = mark_at(b->doc, m);
	b->nodes++;
	return n;
}

static void parser_error(struct builder *b)
{
	yaml_parser_t *p = &b->parser;
	struct mark m = mark_at(b->doc, p->problem_mark);
	if (p->error == YAML_READER_ERROR)
		m = (struct mark){.file = b->doc->path}; /* reader errors carry only an offset */
	if (p->context && p->error == YAML_PARSER_ERROR && strstr(p->context, " block ") &&
	    p->context_mark.line < p->problem_mark.line) {
		/* "while parsing a block mapping": the collection may start
		 * many lines above; the line out of step is where the fix is */
		diag_error(b->d, m, "malformed YAML: %s %s started at line %zu",
		           p->problem ? p->problem : "error", p->context, p->context_mark.line + 1);
	} else if (p->context) {
		/* "while scanning a quoted scalar", "while parsing a flow
		 * sequence": the start is where the fix is */
		if (p->context_mark.line < p->problem_mark.line)
			m = mark_at(b->doc, p->context_mark);
		diag_error(b->d, m, "malformed YAML: %s %s", p->problem ? p->problem : "error",
		           p->context);
	} else
		diag_error(b->d, m, "malformed YAML: %s", p->problem ? p->problem : "error");
	b->failed = true;
}

static bool next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev)) {
		parser_error(b);
		return false;
	}
	return true;
}

static struct node *parse_node(struct builder *b, yaml_event_t *ev, int depth);

static bool check_limits(struct builder *b, yaml_event_t *ev, int depth)
{
	struct mark m = mark_at(b->doc, ev->start_mark);
	if (depth > YML_MAX_DEPTH) {
		diag_error(b->d, m, "nesting deeper than %d levels", YML_MAX_DEPTH);
		return false;
	}
	if (b->nodes >= YML_MAX_NODES) {
		diag_error(b->d, m, "more than %d values in one file", YML_MAX_NODES);
		return false;
	}
	return true;
}

static bool refuse_anchor(struct builder *b, yaml_event_t *ev, const yaml_char_t *anchor)
{
	if (!anchor)
		return true;
	diag_error(b->d, mark_at(b->doc, ev->start_mark),
	           "anchors ('&%s') are not supported; repeat the value instead",
	           (const char *)anchor);
	return false;
}

/* The code point of the control character at s (at most n bytes, valid
 * UTF-8), or -1: C0 but line feed (a tab included: it has no defined width
 * on a card, docs/yaml.md), DEL and C1. Escapes such as "\0", "\e" or "\x85"
 * in a quoted text put them there after the prescan. */
static long control_at(const unsigned char *s, size_t n)
{
	if ((s[0] < 0x20 && s[0] != '\n') || s[0] == 0x7F)
		return s[0];
	if (n >= 2 && s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
		return s[1];
	return -1;
}

long yml_find_control(const char *s, size_t n, size_t *at)
{
	for (size_t i = 0; i < n; i++) {
		long c = control_at((const unsigned char *)s + i, n - i);
		if (c >= 0) {
			*at = i;
			return c;
		}
	}
	return -1;
}

/* 1 when a line break that is not the text's last character is at s (n
 * bytes left): a line feed, or U+2028 or U+2029, where Pango breaks too. */
static size_t line_break_at(const unsigned char *s, size_t n)
{
	if (s[0] == '\n')
		return n > 1;
	return n > 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9);
}

/* Steps over the character at src[*i], counting lines and columns as libyaml
 * does (a line break is \n, \r\n or a lone \r; a column is a character). */
static void step(const struct builder *b, size_t *i, struct mark *m)
{
	unsigned char c = (unsigned char)b->src[*i];
	if (c == '\n' || c == '\r') {
		*i += c == '\r' && *i + 1 < b->src_len && b->src[*i + 1] == '\n' ? 2 : 1;
		m->line++;
		m->col = 1;
		return;
	}
	size_t n = yml_utf8_seq((const unsigned char *)b->src + *i, b->src_len - *i);
	*i += n ? n : 1;
	m->col++;
}

/* The value of the escape at src[i] (just after its backslash) when it
 * stands for a control character, a tab included; else -1. */
static long escaped_control(const struct builder *b, size_t i)
{
	static const char simple[] = "0abtvfreN\t";
	static const unsigned char values[] = {0, 7, 8, 9, 11, 12, 13, 27, 0x85, 9};
	const char *e = i < b->src_len ? strchr(simple, b->src[i]) : NULL;
	if (e && *e)
		return values[e - simple];
	int digits = 0;
	if (i < b->src_len)
		digits = b->src[i] == 'x' ? 2 : b->src[i] == 'u' ? 4 : b->src[i] == 'U' ? 8 : 0;
	unsigned long v = 0;
	for (int k = 1; k <= digits; k++) {
		char h = i + (size_t)k < b->src_len ? b->src[i + (size_t)k] : 0;
		int d = h >= '0' && h <= '9'   ? h - '0'
		        : h >= 'a' && h <= 'f' ? h - 'a' + 10
		        : h >= 'A' && h <= 'F' ? h - 'A' + 10
		                               : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (unsigned long)d;
	}
	if (digits && ((v < 0x20 && v != '\n') || (v >= 0x7F && v <= 0x9F)))
		return (long)v;
	return -1;
}

/* Where in the file, between the scalar's start and end, the first control
 * character or tab of its value was written: raw, or as an escape of a
 * double-quoted text. The scalar's start when it cannot be found. Called
 * only on an error, so scanning from the file's start costs nothing in the
 * common case. */
static struct mark locate_control(const struct builder *b, yaml_event_t *ev)
{
	struct mark m = mark_at(b->doc, ev->start_mark), at = {.file = m.file, .line = 1, .col = 1};
	size_t i = 0;
	if (b->src_len >= 3 && memcmp(b->src, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < b->src_len && (at.line < m.line || (at.line == m.line && at.col < m.col)))
		step(b, &i, &at);
	struct mark end = mark_at(b->doc, ev->end_mark);
	bool escapes = ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	while (i < b->src_len &&
	       (at.line < end.line || (at.line == end.line && at.col < end.col))) {
		const unsigned char *s = (const unsigned char *)b->src + i;
		if (escapes && s[0] == '\\') {
			if (escaped_control(b, i + 1) >= 0)
				return at;
			step(b, &i, &at); /* the backslash; the next step skips what it escapes */
		} else if (s[0] != '\r' && control_at(s, b->src_len - i) >= 0) {
			return at;
		}
		step(b, &i, &at);
	}
	return m;
}

/* Refuses what the prescan cannot see (escaped control characters, a NUL
 * that would cut the text short, a tab in a text) and texts past the limits,
 * at the character's position. One error per scalar; the parse goes on. */
static void check_scalar(struct builder *b, const struct node *n, yaml_event_t *ev)
{
	const unsigned char *s = (const unsigned char *)n->str;
	if (n->len > YML_MAX_TEXT_BYTES) {
		diag_error(b->d, n->mark, "text longer than %d bytes", YML_MAX_TEXT_BYTES);
		b->failed = true;
		return;
	}
	size_t breaks = 0;
	for (size_t i = 0; i < n->len; i++) {
		long c = control_at(s + i, n->len - i);
		if (c >= 0) {
			struct mark at = locate_control(b, ev);
			if (c == 0)
				diag_error(b->d, at, "NUL character in text");
			else if (c == '\t')
				diag_error(b->d, at, "tab character in text; use a space");
			else
				diag_error(b->d, at, "control character U+%04lX in text", c);
			b->failed = true;
			return;
		}
		breaks += line_break_at(s + i, n->len - i);
	}
	if (breaks >= YML_MAX_TEXT_LINES) {
		diag_error(b->d, n->mark, "text of more than %d lines", YML_MAX_TEXT_LINES);
		b->failed = true;
	}
}

/* Bytes of the white space character at s (n bytes left), or 0: ASCII
 * space and line breaks, no-break and other Unicode spaces, line and
 * paragraph separators. */
static size_t space_at(const unsigned char *s, size_t n)
{
	if (s[0] == ' ' || s[0] == '\n' || s[0] == '\r')
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
		return 3;
	if (n >= 3 && ((s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||
	               (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)))
		return 3;
	return 0;
}

/* Drops white space at both ends of a text (docs/yaml.md): a block text's
 * final line break, or a space inside quotes, would otherwise be set as an
 * empty line or an indent. Blank lines inside a text stay. */
static void trim(struct node *n)
{
	const unsigned char *s = (const unsigned char *)n->str;
	size_t start = 0, end = n->len, k;
	while (start < end && (k = space_at(s + start, end - start)) > 0)
		start += k;
	for (bool again = true; again && end > start;) {
		again = false;
		for (k = 1; k <= 3 && k <= end - start; k++) {
			if (space_at(s + end - k, k) == k) {
				end -= k;
				again = true;
				break;
			}
		}
	}
	n->str += start;
	n->len = end - start;
	((char *)n->str)[n->len] = '\0';
}

/* n bytes for a scalar's text: packed one after the other, without the
 * arena's alignment (a deck's texts are most of its nodes' bytes). */
static char *scalar_bytes(struct builder *b, size_t n)
{
	enum { POOL_BLOCK = 4096 };
	if (n > POOL_BLOCK / 4)
		return arena_alloc(&b->doc->arena, n);
	if (b->pool_left < n) {
		b->pool = arena_alloc(&b->doc->arena, POOL_BLOCK);
		b->pool_left = POOL_BLOCK;
	}
	char *p = b->pool;
	b->pool += n;
	b->pool_left -= n;
	return p;
}

static struct node *parse_scalar(struct builder *b, yaml_event_t *ev)
{
	struct node *n = new_node(b, NODE_SCALAR, ev->start_mark);
	n->len = (uint32_t)ev->data.scalar.length;
	/* checked and trimmed whole where libyaml put it (a NUL inside must
	 * not cut the text before it is refused), then copied */
	n->str = (const char *)ev->data.scalar.value;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->start = (uint32_t)ev->start_mark.index;
	n->end = (uint32_t)ev->end_mark.index;
	check_scalar(b, n, ev);
	trim(n);
	char *str = scalar_bytes(b, n->len + 1);
	memcpy(str, n->str, n->len + 1);
	n->str = str;
	return n;
}

/* The first code point of s, UTF-8 (0 for an empty or broken start). */
static unsigned first_code_point(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80)
		return u[0];
	if ((u[0] & 0xe0) == 0xc0 && (u[1] & 0xc0) == 0x80)
		return (unsigned)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
	return 0;
}

/* Upper- and lower-case letters of ASCII and Latin-1 (the Nordic and
 * western European languages): enough for the guess below, which stays
 * silent on any other script. */
static bool is_upper(unsigned c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7);
}

static bool is_lower(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7);
}

/* An unquoted text that reads as the start of a sentence cut short: it
 * begins with a capital, has four words or more, and does not end in
 * punctuation that closes a text. */
static bool reads_cut_short(const struct node *n)
{
	if (n->type != NODE_SCALAR || !n->plain || !n->len || !is_upper(first_code_point(n->str)))
		return false;
	size_t spaces = 0;
	for (const char *p = n->str; *p; p++)
		spaces += *p == ' ';
	static const char *const closers[] = {".",  "!", "?",      ":",      ";",      ")",
	                                      "\"", "'", "\u2026", "\u00bb", "\u201d", "\u2019"};
	for (size_t i = 0; i < sizeof(closers) / sizeof(closers[0]); i++) {
		size_t cl = strlen(closers[i]);
		if (n->len >= cl && memcmp(n->str + n->len - cl, closers[i], cl) == 0)
			return false;
	}
	return spaces >= 3;
}

/* A comma in an unquoted text of a [...] list ends that text, so
 * [We talk about situations, not persons] is two items, silently. When an
 * unquoted item starts in lower case right after one that reads as a
 * sentence cut short, the writer most likely meant one text: one warning at
 * the list, which says to quote it. A list of short items ([kort, papir])
 * says nothing. */
static void warn_comma_cut(struct builder *b, const struct node *seq)
{
	for (size_t i = 1; i < seq->count; i++) {
		const struct node *prev = seq->items[i - 1], *n = seq->items[i];
		if (n->type != NODE_SCALAR || !n->plain || !is_lower(first_code_point(n->str)) ||
		    !reads_cut_short(prev))
			continue;
		diag_warning(b->d, seq->mark,
		             "'%s' and '%s' are two items of this [...] list, since a comma ends "
		             "an unquoted text; if they are one text, put it in quotes: "
		             "[\"..., ...\"]",
		             prev->str, n->str);
		return;
	}
}

static struct node *parse_seq(struct builder *b, yaml_event_t *start, int depth)
{
	struct node *n = new_node(b, NODE_SEQ, start->start_mark);
	struct node **items = NULL;
	size_t cap = 0;
	bool ok = true;
	for (;;) {
		yaml_event_t ev;
		if (!next_event(b, &ev)) {
			ok = false;
			break;
		}
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		struct node *item = parse_node(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!item) {
			ok = false;
			break;
		}
		XGROW(items, cap, n->count + 1);
		items[n->count++] = item;
	}
	if (ok && n->count) {
		n->items = arena_alloc_array(&b->doc->arena, n->count, sizeof(*n->items));
		memcpy(n->items, items, n->count * sizeof(*items));
	}
	free(items);
	n->flow = start->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	if (ok && n->flow)
		warn_comma_cut(b, n);
	return ok ? n : NULL;
}

/* A key and its place in its mapping, sorted by report_duplicate_keys. */
struct key_at {
	const struct node *key;
	size_t index;
};

/* Orders keys by their bytes, then by their place in the mapping. */
static int cmp_key_at(const void *a, const void *b)
{
	const struct key_at *x = a, *y = b;
	size_t lx = x->key->len, ly = y->key->len;
	int c = memcmp(x->key->str, y->key->str, lx < ly ? lx : ly);
	if (c == 0 && lx != ly)
		c = lx < ly ? -1 : 1;
	if (c == 0)
		c = x->index < y->index ? -1 : x->index > y->index;
	return c;
}

/* Reports every key that repeats an earlier one of the same mapping, naming
 * the first. Sorting keeps a mapping of many keys O(n log n); the messages
 * are sorted by position when printed. */
static void report_duplicate_keys(struct builder *b, const struct node_pair *pairs, size_t count)
{
	if (count < 2)
		return;
	struct key_at *keys = xmalloc(count * sizeof(*keys));
	for (size_t i = 0; i < count; i++)
		keys[i] = (struct key_at){pairs[i].key, i};
	qsort(keys, count, sizeof(*keys), cmp_key_at);
	const struct node *first = keys[0].key;
	for (size_t i = 1; i < count; i++) {
		const struct node *k = keys[i].key;
		if (k->len != first->len || memcmp(k->str, first->str, k->len) != 0) {
			first = k;
			continue;
		}
		diag_error(b->d, k->mark, "duplicate key '%s' (first at line %d)", k->str,
		           first->mark.line);
		b->failed = true;
	}
	free(keys);
}

static struct node *parse_map(struct builder *b, yaml_event_t *start, int depth)
{
	struct node *n = new_node(b, NODE_MAP, start->start_mark);
	n->flow = start->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	n->start = start->start_mark.index;
	struct node_pair *pairs = NULL;
	size_t cap = 0;
	bool ok = true;
	for (;;) {
		yaml_event_t ev;
		if (!next_event(b, &ev)) {
			ok = false;
			break;
		}
		if (ev.type == YAML_MAPPING_END_EVENT) {
			n->end = ev.end_mark.index;
			yaml_event_delete(&ev);
			break;
		}
		struct node *key = parse_node(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!key) {
			ok = false;
			break;
		}
		if (n->count >= YML_MAX_KEYS) {
			/* stop here: the rest would only cost time */
			diag_error(b->d, key->mark, "more than %d keys in one mapping",
			           YML_MAX_KEYS);
			ok = false;
			break;
		}
		if (!next_event(b, &ev)) {
			ok = false;
			break;
		}
		struct node *value = parse_node(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!value) {
			ok = false;
			break;
		}
		if (key->type != NODE_SCALAR) {
			diag_error(b->d, key->mark, "a key must be a plain name, not %s",
			           node_type_name(key));
			b->failed = true;
			continue;
		}
		XGROW(pairs, cap, n->count + 1);
		pairs[n->count++] = (struct node_pair){key, value};
	}
	report_duplicate_keys(b, pairs, n->count);
	if (ok && n->count) {
		n->pairs = arena_alloc_array(&b->doc->arena, n->count, sizeof(*n->pairs));
		memcpy(n->pairs, pairs, n->count * sizeof(*pairs));
	}
	free(pairs);
	return ok ? n : NULL;
}

/* Builds the node that starts with ev (which the caller deletes). NULL on a
 * fatal problem, which has been reported. */
static struct node *parse_node(struct builder *b, yaml_event_t *ev, int depth)
{
	if (!check_limits(b, ev, depth))
		return NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (!refuse_anchor(b, ev, ev->data.scalar.anchor))
			return NULL;
		return parse_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		if (!refuse_anchor(b, ev, ev->data.sequence_start.anchor))
			return NULL;
		return parse_seq(b, ev, depth);
	case YAML_MAPPING_START_EVENT:
		if (!refuse_anchor(b, ev, ev->data.mapping_start.anchor))
			return NULL;
		return parse_map(b, ev, depth);
	case YAML_ALIAS_EVENT:
		diag_error(b->d, mark_at(b->doc, ev->start_mark),
		           "aliases ('*%s') are not supported; repeat the value instead",
		           (const char *)ev->data.alias.anchor);
		return NULL;
	default:
		diag_error(b->d, mark_at(b->doc, ev->start_mark),
		           "malformed YAML: unexpected event");
		return NULL;
	}
}

static bool parse_stream(struct builder *b)
{
	yaml_event_t ev;
	int docs = 0;
	for (;;) {
		if (!next_event(b, &ev))
			return false;
		yaml_event_type_t type = ev.type;
		if (type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			return true;
		}
		if (type == YAML_DOCUMENT_START_EVENT) {
			if (++docs > 1) {
				diag_error(b->d, mark_at(b->doc, ev.start_mark),
				           "more than one YAML document in a file; put each in a "
				           "file of its own");
				yaml_event_delete(&ev);
				return false;
			}
		} else if (type != YAML_STREAM_START_EVENT && type != YAML_DOCUMENT_END_EVENT) {
			struct node *root = parse_node(b, &ev, 1);
			yaml_event_delete(&ev);
			if (!root)
				return false;
			b->doc->root = root;
			continue;
		}
		yaml_event_delete(&ev);
	}
}

bool yml_load_buffer(struct yml_doc **out, const char *name, const char *data, size_t len,
                     struct diag *d)
{
	*out = NULL;
	struct yml_doc *doc = xcalloc(1, sizeof(*doc));
	arena_init(&doc->arena);
	doc->path = arena_strdup(&doc->arena, name);
	size_t before = diag_get_error_count(d);

	if (len > YML_MAX_BYTES) {
		diag_error(d, (struct mark){.file = doc->path}, "file is larger than %d MiB",
		           YML_MAX_BYTES / (1024 * 1024));
		yml_doc_destroy(doc);
		return false;
	}
	if (!prescan(doc, data, len, d)) {
		yml_doc_destroy(doc);
		return false;
	}

	struct builder b = {.doc = doc, .d = d, .src = data, .src_len = len};
	if (!yaml_parser_initialize(&b.parser)) {
		fprintf(stderr, "deckpress: fatal: out of memory\n");
		exit(3);
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)data, len);
	bool ok = parse_stream(&b) && !b.failed;
	yaml_parser_delete(&b.parser);
	if (!ok || diag_get_error_count(d) > before) {
		yml_doc_destroy(doc);
		return false;
	}
	*out = doc;
	return true;
}

/* Opens path for reading if it is a regular file of at most YML_MAX_BYTES;
 * else reports and returns NULL. O_NONBLOCK makes opening a named pipe return
 * at once (a blocking open waits for a writer), and fstat then refuses it:
 * what is checked is what is read. */
static FILE *open_regular(const char *path, struct diag *d)
{
	struct mark m = {.file = path};
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		diag_error(d, m, "cannot read: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	const char *problem = NULL;
	if (fstat(fd, &st) != 0)
		problem = strerror(errno);
	else if (S_ISDIR(st.st_mode))
		problem = strerror(EISDIR);
	else if (!S_ISREG(st.st_mode))
		problem = "not a regular file";
	else if (st.st_size > YML_MAX_BYTES)
		diag_error(d, m, "file is larger than %d MiB", YML_MAX_BYTES / (1024 * 1024));
	FILE *fp = NULL;
	if (problem)
		diag_error(d, m, "cannot read: %s", problem);
	else if (st.st_size <= YML_MAX_BYTES && !(fp = fdopen(fd, "rb")))
		diag_error(d, m, "cannot read: %s", strerror(errno));
	if (!fp)
		close(fd);
	return fp;
}

bool yml_read_file(struct buf *out, const char *path, struct diag *d)
{
	FILE *fp = open_regular(path, d);
	if (!fp)
		return false;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_append(out, chunk, n);
		if (out->len > YML_MAX_BYTES)
			break;
	}
	bool read_error = ferror(fp);
	fclose(fp);
	if (read_error) {
		diag_error(d, (struct mark){.file = path}, "cannot read: %s", strerror(errno));
		return false;
	}
	return true;
}

bool yml_load_file(struct yml_doc **out, const char *path, struct diag *d)
{
	*out = NULL;
	struct buf b;
	buf_init(&b);
	bool ok = yml_read_file(&b, path, d) && yml_load_buffer(out, path, buf_str(&b), b.len, d);
	buf_finish(&b);
	return ok;
}

void yml_doc_destroy(struct yml_doc *doc)
{
	if (!doc)
		return;
	arena_finish(&doc->arena);
	free(doc);
}

const struct node *node_get_key(const struct node *map, const char *key)
{
	if (!map || map->type != NODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].key;
	return NULL;
}

const struct node *node_get(const struct node *map, const char *key)
{
	if (!map || map->type != NODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

bool node_is_null(const struct node *n)
{
	if (!n)
		return true;
	if (n->type != NODE_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	       strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

const char *node_type_name(const struct node *n)
{
	switch (n->type) {
	case NODE_MAP:
		return "a mapping";
	case NODE_SEQ:
		return "a list";
	default:
		/* "cards:" left without a value is no text the writer wrote */
		return node_is_null(n) ? "empty" : "a text";
	}
}
