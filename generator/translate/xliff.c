#include "translate/xliff.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static void put_xml(struct buf *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '<':
			buf_puts(out, "&lt;");
			break;
		case '>':
			buf_puts(out, "&gt;");
			break;
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '"':
			buf_puts(out, "&quot;");
			break;
		default:
			buf_putc(out, *p);
		}
	}
}

void xliff_write(struct buf *out, const char *kit, const char *src, const char *lang,
                 const struct units *u)
{
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	              "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
	              "  <file original=\"");
	put_xml(out, kit);
	buf_printf(out,
	           "\" source-language=\"%s\" target-language=\"%s\" datatype=\"plaintext\">\n"
	           "    <body>\n",
	           src, lang);
	for (size_t i = 0; i < u->count; i++) {
		const struct unit *x = &u->items[i];
		buf_puts(out, "      <trans-unit id=\"");
		put_xml(out, x->context);
		buf_puts(out, "\" xml:space=\"preserve\">\n        <source>");
		put_xml(out, x->source);
		buf_puts(out, "</source>\n");
		if (x->target) {
			buf_printf(out, "        <target state=\"%s\">",
			           x->outdated ? "needs-review-translation" : "translated");
			put_xml(out, x->target);
			buf_puts(out, "</target>\n");
		}
		struct buf note;
		buf_init(&note);
		po_note(&note, x);
		buf_puts(out, "        <note>");
		put_xml(out, buf_str(&note));
		buf_printf(out, " (%s:%d)</note>\n      </trans-unit>\n", units_file(x),
		           x->src_mark.line);
		buf_finish(&note);
	}
	buf_puts(out, "    </body>\n  </file>\n</xliff>\n");
}

/* ---- reading: the subset of XML that XLIFF files of plain text use ---- */

struct rx {
	struct xfile *f;
	const char *name, *data, *end;
	struct diag *d;
	bool ok;
};

static struct mark at(const struct rx *r, const char *p)
{
	struct mark m = {.file = r->name, .line = 1, .col = 1};
	for (const char *q = r->data; q < p; q++) {
		if (*q == '\n') {
			m.line++;
			m.col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			m.col++;
		}
	}
	return m;
}

static void fail(struct rx *r, const char *p, const char *msg)
{
	if (r->ok)
		diag_error(r->d, at(r, p), "%s", msg);
	r->ok = false;
}

static void put_utf8(struct buf *b, unsigned long cp)
{
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (char)(0xC0 | cp >> 6));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_putc(b, (char)(0xE0 | cp >> 12));
		buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_putc(b, (char)(0xF0 | cp >> 18));
		buf_putc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Decodes the character data [p, end) into b: the five entities and
 * &#N; &#xN;, and a line break written CR LF or CR as LF (XML 1.0 §2.11:
 * a file saved on Windows means the same text); an element inside is
 * refused. */
static void decode(struct rx *r, const char *p, const char *end, struct buf *b)
{
	static const char *const ents[] = {"lt;<", "gt;>", "amp;&", "quot;\"", "apos;'", NULL};
	while (p < end && r->ok) {
		if (*p == '<') {
			fail(r, p,
			     "markup inside a text; write the text plain, with **bold** and "
			     "*italic* as in the YAML");
			return;
		}
		if (*p == '\r') {
			buf_putc(b, '\n');
			p += p + 1 < end && p[1] == '\n' ? 2 : 1;
			continue;
		}
		if (*p != '&') {
			buf_putc(b, *p++);
			continue;
		}
		const char *semi = memchr(p, ';', (size_t)(end - p));
		bool done = false;
		for (int i = 0; ents[i] && semi && !done; i++) {
			size_t n = strlen(ents[i]) - 1;
			if ((size_t)(semi + 1 - (p + 1)) == n && strncmp(p + 1, ents[i], n) == 0) {
				buf_putc(b, ents[i][n]);
				done = true;
			}
		}
		if (!done && semi && p[1] == '#') {
			char *e;
			bool hex = p[2] == 'x';
			unsigned long cp = strtoul(p + (hex ? 3 : 2), &e, hex ? 16 : 10);
			if (e == semi && cp > 0 && cp < 0x110000) {
				put_utf8(b, cp);
				done = true;
			}
		}
		if (!done) {
			fail(r, p, "unknown entity; write &lt; &gt; &amp; &quot; or &apos;");
			return;
		}
		p = semi + 1;
	}
}

/* The start tag <name ...> at or after p and before end; NULL when there
 * is none. *attrs_end is set to its '>'. */
static const char *find_tag(const char *p, const char *end, const char *name,
                            const char **attrs_end)
{
	size_t n = strlen(name);
	for (; p && p < end; p++) {
		p = memchr(p, '<', (size_t)(end - p));
		if (!p)
			return NULL;
		if ((size_t)(end - p) > n + 1 && strncmp(p + 1, name, n) == 0 && p[n + 1] &&
		    strchr(" \t\r\n>/", p[n + 1])) {
			*attrs_end = memchr(p, '>', (size_t)(end - p));
			return *attrs_end ? p : NULL;
		}
	}
	return NULL;
}

/* The value of attribute name in the tag [tag, tag_end), decoded into the
 * file's arena; NULL when absent. */
static const char *attr(struct rx *r, const char *tag, const char *tag_end, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = tag + 1; p + n + 2 < tag_end; p++) {
		if ((p[-1] != ' ' && p[-1] != '\n' && p[-1] != '\t' && p[-1] != '\r') ||
		    strncmp(p, name, n) != 0 || p[n] != '=' ||
		    (p[n + 1] != '"' && p[n + 1] != '\''))
			continue;
		const char *v = p + n + 2, *e = memchr(v, p[n + 1], (size_t)(tag_end - v));
		if (!e)
			return NULL;
		struct buf b;
		buf_init(&b);
		decode(r, v, e, &b);
		const char *s = arena_strdup(&r->f->arena, buf_str(&b));
		buf_finish(&b);
		return s;
	}
	return NULL;
}

/* The text of element name inside [p, end): NULL when absent; *m its
 * position; *tag_out its start tag for attributes. */
static const char *element(struct rx *r, const char *p, const char *end, const char *name,
                           struct mark *m, const char **tag_out, const char **tag_end_out)
{
	const char *tag_end, *tag = find_tag(p, end, name, &tag_end);
	if (!tag)
		return NULL;
	*tag_out = tag;
	*tag_end_out = tag_end;
	*m = at(r, tag_end + 1);
	if (tag_end[-1] == '/')
		return "";
	struct buf close;
	buf_init(&close);
	buf_printf(&close, "</%s>", name);
	const char *c = strstr(tag_end + 1, buf_str(&close));
	buf_finish(&close);
	if (!c || c > end) {
		fail(r, tag, "element not closed");
		return NULL;
	}
	struct buf b;
	buf_init(&b);
	decode(r, tag_end + 1, c, &b);
	const char *s = arena_strdup(&r->f->arena, buf_str(&b));
	buf_finish(&b);
	return s;
}

static void read_unit(struct rx *r, const char *tag, const char *tag_end, const char *end)
{
	struct xentry e = {.mark = at(r, tag), .context = attr(r, tag, tag_end, "id")};
	const char *t, *te;
	struct mark m;
	e.source = element(r, tag_end, end, "source", &m, &t, &te);
	e.target = element(r, tag_end, end, "target", &e.target_mark, &t, &te);
	if (e.target) {
		const char *state = attr(r, t, te, "state");
		e.fuzzy = state && strncmp(state, "needs-", 6) == 0;
	}
	if (!r->ok)
		return;
	if (!e.context || !e.source) {
		fail(r, tag, e.context ? "trans-unit without <source>" : "trans-unit without id");
		return;
	}
	if (!e.target)
		e.target = "";
	XGROW(r->f->items, r->f->cap, r->f->count + 1);
	r->f->items[r->f->count++] = e;
}

bool xliff_read(struct xfile *f, const char *name, const char *data, size_t len, struct diag *d)
{
	*f = (struct xfile){0};
	arena_init(&f->arena);
	struct rx r = {.f = f, .name = name, .data = data, .end = data + len, .d = d, .ok = true};
	const char *te, *file = find_tag(data, r.end, "file", &te);
	if (!find_tag(data, r.end, "xliff", &te) || !file) {
		fail(&r, data, "not an XLIFF file: expected <xliff> and <file>");
		return false;
	}
	const char *xe, *x = find_tag(data, r.end, "xliff", &xe);
	const char *version = attr(&r, x, xe, "version");
	if (version && version[0] != '1') {
		fail(&r, x,
		     "XLIFF 2 is not read; deckpress writes and reads XLIFF 1.2 (export "
		     "again with --format xliff, or save as XLIFF 1.2)");
		return false;
	}
	find_tag(data, r.end, "file", &te);
	f->head = (struct xfile_head){.kit = attr(&r, file, te, "original"),
	                              .lang = attr(&r, file, te, "target-language"),
	                              .source = attr(&r, file, te, "source-language"),
	                              .mark = at(&r, file)};
	const char *p = te;
	while (r.ok) {
		const char *ue, *u = find_tag(p, r.end, "trans-unit", &ue);
		if (!u)
			break;
		const char *close = strstr(ue, "</trans-unit>");
		if (!close) {
			fail(&r, u, "trans-unit not closed");
			break;
		}
		read_unit(&r, u, ue, close);
		p = close;
	}
	if (r.ok && !strstr(p, "</xliff>"))
		fail(&r, r.end, "not closed: expected </xliff>");
	return r.ok;
}
