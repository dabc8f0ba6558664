#include "translate/po.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/item.h"
#include "util/mem.h"

void po_note(struct buf *out, const struct unit *u)
{
	const struct kit_item *it = u->it;
	const char *id = it->id ? it->id : "?", *owner = u->x->owner;
	bool own = !owner[0] || strcmp(owner, id) == 0 ||
	           strcmp(owner, item_kind_names[it->kind]) == 0;
	buf_printf(out, "%s%s%s of %s '%s'", u->x->field, own ? "" : " of ", own ? "" : owner,
	           item_kind_names[it->kind], id);
	if (u->fit)
		buf_printf(out, "; %s", u->fit);
	if (u->target && strcmp(u->target, "=") == 0)
		buf_puts(out, "; \"=\" means the same as the source text");
	if (u->outdated)
		buf_puts(out, "; the source changed after this was translated");
}

/* One PO string: "..." on one line, or "" and a line per line of text. */
static void put_string(struct buf *out, const char *kw, const char *s)
{
	buf_printf(out, "%s ", kw);
	const char *nl = strchr(s, '\n');
	bool split = nl && nl[1];
	if (split)
		buf_puts(out, "\"\"\n");
	buf_putc(out, '"');
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '"':
			buf_puts(out, "\\\"");
			break;
		case '\\':
			buf_puts(out, "\\\\");
			break;
		case '\t':
			buf_puts(out, "\\t");
			break;
		case '\n':
			buf_puts(out, "\\n");
			if (split && p[1])
				buf_puts(out, "\"\n\"");
			break;
		default:
			buf_putc(out, *p);
		}
	}
	buf_puts(out, "\"\n");
}

void po_write(struct buf *out, const char *kit, const char *src, const char *lang,
              const struct units *u)
{
	buf_printf(out,
	           "# The texts of kit '%s' to translate from '%s' into '%s'.\n"
	           "# Made by 'deckpress translate export'; bring the translations back with\n"
	           "# 'deckpress translate import FILE'. Keep msgctxt and msgid as they are.\n"
	           "msgid \"\"\n"
	           "msgstr \"\"\n"
	           "\"Project-Id-Version: %s\\n\"\n"
	           "\"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n\"\n"
	           "\"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n\"\n"
	           "\"Language-Team: none\\n\"\n"
	           "\"Language: %s\\n\"\n"
	           "\"MIME-Version: 1.0\\n\"\n"
	           "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	           "\"Content-Transfer-Encoding: 8bit\\n\"\n"
	           "\"X-Deckpress-Kit: %s\\n\"\n"
	           "\"X-Deckpress-Source-Language: %s\\n\"\n",
	           kit, src, lang, kit, lang, kit, src);
	for (size_t i = 0; i < u->count; i++) {
		const struct unit *x = &u->items[i];
		struct buf note;
		buf_init(&note);
		po_note(&note, x);
		buf_printf(out, "\n#. %s\n#: %s:%d\n", buf_str(&note), units_file(x),
		           x->src_mark.line);
		buf_finish(&note);
		if (x->outdated)
			buf_puts(out, "#, fuzzy\n");
		put_string(out, "msgctxt", x->context);
		put_string(out, "msgid", x->source);
		put_string(out, "msgstr", x->target ? x->target : "");
	}
}

/* ---- reading ---- */

struct reader_po {
	struct xfile *f;
	const char *name;
	const char *p, *end;
	int line;
	const char *line_start;
	struct diag *d;
	bool ok;
};

static struct mark here(const struct reader_po *r, const char *at)
{
	return (struct mark){
	        .file = r->name, .line = r->line, .col = (int)(at - r->line_start) + 1};
}

/* Parses one "..." at *at, appending to b; false (reported) when malformed. */
static bool read_quoted(struct reader_po *r, const char **at, const char *eol, struct buf *b)
{
	const char *p = *at;
	if (p >= eol || *p != '"') {
		diag_error(r->d, here(r, p), "expected a string in \"...\"");
		return false;
	}
	for (p++; p < eol && *p != '"'; p++) {
		if (*p != '\\') {
			buf_putc(b, *p);
			continue;
		}
		p++;
		char c = p < eol ? *p : '\0';
		const char *esc = strchr("n\nt\t\"\"\\\\", c);
		if (!c || !esc || (esc - "n\nt\t\"\"\\\\") % 2) {
			diag_error(r->d, here(r, p - 1), "unknown escape in a PO string");
			return false;
		}
		buf_putc(b, esc[1]);
	}
	if (p >= eol) {
		diag_error(r->d, here(r, *at), "unterminated string");
		return false;
	}
	p++;
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	if (p < eol) {
		diag_error(r->d, here(r, p), "unexpected text after the string");
		return false;
	}
	*at = p;
	return true;
}

enum po_field { F_NONE, F_CTXT, F_ID, F_STR };

struct pending {
	struct buf s[4];
	bool seen[4];
	bool fuzzy;
	struct mark mark, target_mark;
	enum po_field last;
};

static void flush(struct reader_po *r, struct pending *e)
{
	if (!e->seen[F_ID] && !e->seen[F_STR] && !e->seen[F_CTXT])
		return;
	if (!e->seen[F_ID] || !e->seen[F_STR]) {
		diag_error(r->d, e->mark, "entry without %s", e->seen[F_ID] ? "msgstr" : "msgid");
		r->ok = false;
	} else if (!e->seen[F_CTXT] && !buf_str(&e->s[F_ID])[0]) {
		/* the header */
		struct xfile_head *h = &r->f->head;
		h->mark = e->mark;
		const char *s = buf_str(&e->s[F_STR]);
		static const char *const keys[] = {
		        "X-Deckpress-Kit: ", "Language: ", "X-Deckpress-Source-Language: "};
		const char **dst[] = {&h->kit, &h->lang, &h->source};
		for (int k = 0; k < 3; k++) {
			const char *v = strstr(s, keys[k]);
			if (v && (v == s || v[-1] == '\n')) {
				v += strlen(keys[k]);
				*dst[k] = arena_strndup(&r->f->arena, v, strcspn(v, "\n"));
			}
		}
		/* the texts are read as UTF-8: a file in another character set
		 * would read as sources that changed */
		const char *cs = strstr(s, "charset=");
		if (cs) {
			cs += strlen("charset=");
			size_t n = strcspn(cs, " ;\n");
			if (!(n == 5 && strncasecmp(cs, "UTF-8", 5) == 0) &&
			    !(n == 4 && strncasecmp(cs, "UTF8", 4) == 0) &&
			    !(n == 7 && strncasecmp(cs, "CHARSET", 7) == 0)) {
				diag_error(
				        r->d, e->mark,
				        "the file is in %.*s; deckpress reads PO files in UTF-8: "
				        "convert it (msgconv --to-code=UTF-8) and import again",
				        (int)n, cs);
				r->ok = false;
			}
		}
	} else {
		XGROW(r->f->items, r->f->cap, r->f->count + 1);
		r->f->items[r->f->count++] = (struct xentry){
		        .context = arena_strdup(&r->f->arena, buf_str(&e->s[F_CTXT])),
		        .source = arena_strdup(&r->f->arena, buf_str(&e->s[F_ID])),
		        .target = arena_strdup(&r->f->arena, buf_str(&e->s[F_STR])),
		        .fuzzy = e->fuzzy,
		        .mark = e->mark,
		        .target_mark = e->target_mark,
		};
	}
	for (int i = 0; i < 4; i++) {
		buf_clear(&e->s[i]);
		e->seen[i] = false;
	}
	e->fuzzy = false;
	e->last = F_NONE;
}

/* "#, fuzzy, c-format" */
static bool has_fuzzy(const char *p, const char *eol)
{
	for (; p + 5 <= eol; p++)
		if (strncmp(p, "fuzzy", 5) == 0)
			return true;
	return false;
}

/* One line of a PO file. */
static void read_line(struct reader_po *r, struct pending *e, const char *p, const char *eol)
{
	static const char *const kws[] = {NULL, "msgctxt", "msgid", "msgstr"};
	if (p == eol || *p == '#') {
		if (p == eol || (p + 1 < eol && p[1] == '~'))
			flush(r, e);
		else if (p + 1 < eol && p[1] == ',' && has_fuzzy(p, eol)) {
			flush(r, e);
			e->fuzzy = true;
		}
		return;
	}
	if (*p == '"') {
		if (e->last == F_NONE) {
			diag_error(r->d, here(r, p), "a string continues no msgid or msgstr");
			r->ok = false;
			return;
		}
		r->ok &= read_quoted(r, &p, eol, &e->s[e->last]);
		return;
	}
	for (int k = F_CTXT; k <= F_STR; k++) {
		size_t n = strlen(kws[k]);
		if ((size_t)(eol - p) <= n || strncmp(p, kws[k], n) != 0 || p[n] != ' ')
			continue;
		if (k == F_CTXT || (k == F_ID && e->seen[F_STR]) || e->seen[k])
			flush(r, e);
		if (!e->seen[F_CTXT] && !e->seen[F_ID])
			e->mark = here(r, p);
		if (k == F_STR)
			e->target_mark = here(r, p + n + 1);
		e->seen[k] = true;
		e->last = (enum po_field)k;
		const char *q = p + n + 1;
		r->ok &= read_quoted(r, &q, eol, &e->s[k]);
		return;
	}
	diag_error(r->d, here(r, p), "expected msgctxt, msgid, msgstr, a string or a comment");
	r->ok = false;
}

bool po_read(struct xfile *f, const char *name, const char *data, size_t len, struct diag *d)
{
	*f = (struct xfile){0};
	arena_init(&f->arena);
	struct reader_po r = {
	        .f = f, .name = name, .p = data, .end = data + len, .d = d, .ok = true};
	struct pending e = {0};
	for (int i = 0; i < 4; i++)
		buf_init(&e.s[i]);
	const char *p = data;
	/* a byte order mark, as Windows editors save UTF-8 (GNU gettext reads it) */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < r.end && r.ok) {
		const char *eol = memchr(p, '\n', (size_t)(r.end - p));
		if (!eol)
			eol = r.end;
		r.line++;
		r.line_start = p;
		read_line(&r, &e, p, eol > p && eol[-1] == '\r' ? eol - 1 : eol);
		p = eol + 1;
	}
	if (r.ok)
		flush(&r, &e);
	for (int i = 0; i < 4; i++)
		buf_finish(&e.s[i]);
	return r.ok;
}

void xfile_finish(struct xfile *f)
{
	free(f->items);
	arena_finish(&f->arena);
	*f = (struct xfile){0};
}
