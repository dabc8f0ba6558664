#include "typeset/markup.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static const char soft_hyphen[] = "\xC2\xAD"; /* U+00AD */

void rich_init(struct rich *r)
{
	*r = (struct rich){0};
	r->text = xcalloc(1, 1);
}

void rich_finish(struct rich *r)
{
	free(r->text);
	free(r->spans);
	*r = (struct rich){0};
}

void rich_copy(struct rich *out, const struct rich *in)
{
	rich_init(out);
	free(out->text);
	out->text = xstrndup(in->text, in->len);
	out->len = in->len;
	if (in->nspans) {
		XGROW(out->spans, out->cap, in->nspans);
		memcpy(out->spans, in->spans, in->nspans * sizeof(*in->spans));
		out->nspans = in->nspans;
	}
}

bool rich_equal(const struct rich *a, const struct rich *b)
{
	if (a->len != b->len || a->nspans != b->nspans || memcmp(a->text, b->text, a->len) != 0)
		return false;
	for (size_t i = 0; i < a->nspans; i++)
		if (a->spans[i].start != b->spans[i].start || a->spans[i].end != b->spans[i].end ||
		    a->spans[i].style != b->spans[i].style)
			return false;
	return true;
}

void rich_append_plain(struct rich *out, const char *s, size_t n, unsigned style)
{
	if (n == 0)
		return;
	size_t start = out->len;
	out->text = xrealloc(out->text, start + n + 1);
	memcpy(out->text + start, s, n);
	out->len = start + n;
	out->text[out->len] = '\0';
	if (!style)
		return;

	/* one span per run of equal style, so the attribute list stays short */
	struct rich_span *last = out->nspans ? &out->spans[out->nspans - 1] : NULL;
	if (last && last->end == start && last->style == style) {
		last->end = out->len;
		return;
	}
	XGROW(out->spans, out->cap, out->nspans + 1);
	out->spans[out->nspans++] = (struct rich_span){start, out->len, style};
}

static bool is_space_at(const char *p)
{
	return *p == '\0' || g_unichar_isspace(g_utf8_get_char(p));
}

/* A marker is a flanking delimiter as in Markdown, reduced to what
 * translators need: it opens only before a non-space and closes only after
 * one, so arithmetic such as "5 * 3" or "a ** b" stays literal. */
static bool can_open(const char *after)
{
	return !is_space_at(after);
}

static bool can_close(const char *src, const char *at)
{
	return at > src && !is_space_at(g_utf8_prev_char(at));
}

static bool is_alnum_at(const char *p)
{
	return *p != '\0' && g_unichar_isalnum(g_utf8_get_char(p));
}

/* A marker between two letters or digits is a character, never emphasis
 * ("2*3*4", "a**b"): a translator who means emphasis inside a word has no
 * way to say it in our subset, and a formula or a name must print as typed. */
static bool inside_word(const char *src, const char *at, size_t width)
{
	return at > src && is_alnum_at(g_utf8_prev_char(at)) && is_alnum_at(at + width);
}

struct parser {
	struct rich *r;
	const char *src;
	unsigned style; /* bits toggled on by markers so far */
	unsigned base;  /* added to every run */
	size_t open[2]; /* offset of the marker that set RICH_BOLD, RICH_ITALIC */
};

static void put(struct parser *p, const char *s, size_t n)
{
	rich_append_plain(p->r, s, n, p->style | p->base);
}

/* Handles the marker for bit ("**" or "*") at at; false when it is text. */
static bool toggle(struct parser *p, const char *at, unsigned bit)
{
	size_t width = bit == RICH_BOLD ? 2 : 1;
	size_t slot = bit == RICH_BOLD ? 0 : 1;
	if (inside_word(p->src, at, width))
		return false;
	if (p->style & bit) {
		if (!can_close(p->src, at))
			return false;
		p->style &= ~bit;
	} else {
		if (!can_open(at + width))
			return false;
		p->style |= bit;
		p->open[slot] = (size_t)(at - p->src);
	}
	return true;
}

static bool parse(struct parser *p, const char **err, size_t *err_offset)
{
	const char *s = p->src, *lit = s; /* lit: start of pending literal text */
	while (*s) {
		if (*s == '\\') {
			put(p, lit, (size_t)(s - lit));
			switch (s[1]) {
			case '*':
			case '\\':
				put(p, s + 1, 1);
				break;
			case '-':
				put(p, soft_hyphen, sizeof(soft_hyphen) - 1);
				break;
			default:
				*err = "unknown escape; use '\\\\' for a backslash";
				*err_offset = (size_t)(s - p->src);
				return false;
			}
			s += 2;
			lit = s;
		} else if (*s == '*') {
			/* "**" is one token, so "***" is bold then italic */
			unsigned bit = s[1] == '*' ? RICH_BOLD : RICH_ITALIC;
			size_t width = bit == RICH_BOLD ? 2 : 1;
			put(p, lit, (size_t)(s - lit));
			lit = s;
			if (toggle(p, s, bit))
				lit = s + width;
			s += width;
		} else {
			s++;
		}
	}
	put(p, lit, (size_t)(s - lit));

	/* report the earlier of two unclosed markers: it is where the reader
	 * should start looking */
	bool bold = p->style & RICH_BOLD, italic = p->style & RICH_ITALIC;
	if (bold && (!italic || p->open[0] < p->open[1])) {
		*err = "unclosed '**'";
		*err_offset = p->open[0];
		return false;
	}
	if (italic) {
		*err = "unclosed '*'";
		*err_offset = p->open[1];
		return false;
	}
	return true;
}

/* Appends r run by run, so a span that continues out's last one merges. */
static void append_rich(struct rich *out, const struct rich *r)
{
	size_t at = 0;
	for (size_t i = 0; i < r->nspans; i++) {
		const struct rich_span *sp = &r->spans[i];
		rich_append_plain(out, r->text + at, sp->start - at, 0);
		rich_append_plain(out, r->text + sp->start, sp->end - sp->start, sp->style);
		at = sp->end;
	}
	rich_append_plain(out, r->text + at, r->len - at, 0);
}

bool markup_parse(struct rich *out, const char *src, unsigned base_style, const char **err,
                  size_t *err_offset)
{
	assert(out && src && err && err_offset);

	/* parse aside, so that *out stays unchanged on an error */
	struct rich tmp;
	rich_init(&tmp);
	struct parser p = {.r = &tmp, .src = src, .base = base_style};
	bool ok = parse(&p, err, err_offset);
	if (ok)
		append_rich(out, &tmp);
	rich_finish(&tmp);
	return ok;
}

/* Adds one attribute per maximal run of spans that have bit, rather than
 * one per span, so "**a *b* c**" is a single bold attribute. */
static void add_runs(PangoAttrList *list, const struct rich *r, unsigned bit)
{
	for (size_t i = 0; i < r->nspans;) {
		if (!(r->spans[i].style & bit)) {
			i++;
			continue;
		}
		size_t start = r->spans[i].start, end = r->spans[i].end;
		for (i++; i < r->nspans && r->spans[i].start == end && (r->spans[i].style & bit);
		     i++)
			end = r->spans[i].end;
		PangoAttribute *a = bit == RICH_BOLD     ? pango_attr_weight_new(PANGO_WEIGHT_BOLD)
		                    : bit == RICH_ITALIC ? pango_attr_style_new(PANGO_STYLE_ITALIC)
		                    : bit == RICH_GAP    ? pango_attr_scale_new(0.5)
		                                         : pango_attr_allow_breaks_new(FALSE);
		a->start_index = (guint)start;
		a->end_index = (guint)end;
		pango_attr_list_insert(list, a);
	}
}

PangoAttrList *rich_get_attrs(const struct rich *r)
{
	PangoAttrList *list = pango_attr_list_new();
	add_runs(list, r, RICH_BOLD);
	add_runs(list, r, RICH_ITALIC);
	add_runs(list, r, RICH_NOBREAK);
	add_runs(list, r, RICH_GAP);
	return list;
}

/* Adds bit to bytes [start, end) of r, splitting and merging spans. */
static void add_style(struct rich *r, unsigned *styles, size_t start, size_t end, unsigned bit)
{
	for (size_t i = start; i < end && i < r->len; i++)
		styles[i] |= bit;
}

static bool is_dash(gunichar c)
{
	return c == 0x2013 || c == 0x2014;
}

/* Characters of the word ending just before byte at (a run of non-spaces). */
static size_t word_before(const char *s, size_t at, bool *number)
{
	size_t n = 0;
	bool digits = true, any_digit = false;
	const char *p = s + at;
	while (p > s) {
		const char *q = g_utf8_prev_char(p);
		gunichar c = g_utf8_get_char(q);
		if (g_unichar_isspace(c))
			break;
		any_digit |= g_unichar_isdigit(c);
		digits &= g_unichar_isdigit(c) || c == '.' || c == ',';
		n++;
		p = q;
	}
	*number = digits && any_digit;
	return n;
}

/* Characters of the word starting at byte at, to the next space or end. */
static size_t word_after(const char *s, size_t at)
{
	size_t n = 0;
	for (const char *p = s + at; *p && !g_unichar_isspace(g_utf8_get_char(p));
	     p = g_utf8_next_char(p))
		n++;
	return n;
}

/* The end of the character at byte at. */
static size_t char_end(const char *s, size_t at)
{
	return s[at] ? (size_t)(g_utf8_next_char(s + at) - s) : at;
}

/* Binds the last two words of the paragraph that ends at byte end. */
static void bind_last_words(struct rich *r, unsigned *styles, size_t start, size_t end)
{
	const char *s = r->text;
	size_t sp = end;
	while (sp > start && s[sp - 1] != ' ')
		sp--;
	if (sp <= start + 1 || s[sp - 2] == ' ')
		return;
	bool number;
	size_t last = word_after(s, sp), before = word_before(s, sp - 1, &number);
	if (last > 0 && before > 0 && last + before <= 22)
		add_style(r, styles, sp - 1, char_end(s, sp), RICH_NOBREAK);
}

void rich_bind(struct rich *r)
{
	const char *s = r->text;
	unsigned *styles = xcalloc(r->len + 1, sizeof(*styles));
	for (size_t i = 0; i < r->nspans; i++)
		add_style(r, styles, r->spans[i].start, r->spans[i].end, r->spans[i].style);
	size_t para = 0;
	for (size_t i = 0; i <= r->len; i = char_end(s, i)) {
		if (i == r->len || s[i] == '\n') {
			if (i < r->len && i == para && i > 0)
				add_style(r, styles, i, i + 1, RICH_GAP); /* "\n\n" */
			bind_last_words(r, styles, para, i);
			para = i + 1;
			if (i == r->len)
				break;
			continue;
		}
		gunichar c = g_utf8_get_char(s + i);
		size_t next = char_end(s, i);
		gunichar after = next < r->len ? g_utf8_get_char(s + next) : 0;
		bool number;
		if (c == ' ' && is_dash(after) && i > 0 && s[i - 1] != ' ') {
			/* "ord – og": the dash never starts a line */
			add_style(r, styles, i, char_end(s, next), RICH_NOBREAK);
		} else if (c == ' ' && g_unichar_isalpha(after) && word_before(s, i, &number) &&
		           number) {
			/* "20 ord", "3 min" */
			add_style(r, styles, i, char_end(s, next), RICH_NOBREAK);
		} else if (is_dash(c) && i > 0 && g_unichar_isdigit(after) &&
		           g_unichar_isdigit(g_utf8_get_char(g_utf8_prev_char(s + i)))) {
			/* "9.00–11.30": a range breaks at neither end */
			add_style(r, styles, i, char_end(s, next), RICH_NOBREAK);
		}
	}
	/* the spans again, from the styles of the bytes */
	r->nspans = 0;
	for (size_t i = 0; i < r->len;) {
		size_t j = i;
		while (j < r->len && styles[j] == styles[i])
			j++;
		if (styles[i]) {
			XGROW(r->spans, r->cap, r->nspans + 1);
			r->spans[r->nspans++] = (struct rich_span){i, j, styles[i]};
		}
		i = j;
	}
	free(styles);
}
