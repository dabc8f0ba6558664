#include "translate/apply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/atomic.h"
#include "util/buf.h"
#include "util/mem.h"

/* Whether text can be written plain where it stands: no leading
 * indicator, no ": " or " #", no flow indicators inside {...}, one line,
 * not a word YAML reads as no value. */
static bool plain_ok(const char *text, bool flow)
{
	size_t n = strlen(text);
	if (!n || text[0] == ' ' || text[n - 1] == ' ' || strchr("-?:,[]{}#&*!|>'\"%@`=", text[0]))
		return false;
	if (strstr(text, ": ") || strstr(text, " #") || text[n - 1] == ':' || strchr(text, '\n') ||
	    strchr(text, '\t'))
		return false;
	if (flow && strpbrk(text, ",[]{}"))
		return false;
	static const char *const nulls[] = {"null", "Null", "NULL", "~", "true", "false", NULL};
	for (int i = 0; nulls[i]; i++)
		if (strcmp(text, nulls[i]) == 0)
			return false;
	return true;
}

static void put_double(struct buf *out, const char *text)
{
	buf_putc(out, '"');
	for (const char *p = text; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (*p == '\n')
			buf_puts(out, "\\n");
		else if (*p == '\t')
			buf_puts(out, "\\t");
		else
			buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

/* A literal block, "|" (one final line break) or "|-" (none), without
 * its last line break: the caller keeps what followed the old one. */
static bool put_block(struct buf *out, const char *text, size_t indent)
{
	size_t n = strlen(text);
	bool keep = n && text[n - 1] == '\n';
	if (!n || (keep && n > 1 && text[n - 2] == '\n') || text[0] == ' ' || text[0] == '\n')
		return false;
	buf_puts(out, keep ? "|" : "|-");
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		buf_putc(out, '\n');
		if (len)
			buf_printf(out, "%*s%.*s", (int)indent, "", (int)len, p);
		p = nl ? nl + 1 : p + len;
	}
	return true;
}

static void put_single(struct buf *out, const char *text)
{
	buf_putc(out, '\'');
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			buf_putc(out, '\'');
		buf_putc(out, *p);
	}
	buf_putc(out, '\'');
}

void apply_render(struct buf *out, const char *text, const char *raw, size_t raw_len, bool flow,
                  size_t indent)
{
	char style = raw && raw_len ? raw[0] : 0;
	bool block = style == '|' || style == '>';
	if (block && !flow && put_block(out, text, indent)) {
		/* what followed the old text's last line: its line break, blank lines */
		size_t k = raw_len;
		while (k > 0 && (raw[k - 1] == ' ' || raw[k - 1] == '\n'))
			k--;
		const char *nl = memchr(raw + k, '\n', raw_len - k);
		if (nl)
			buf_append(out, nl, raw_len - (size_t)(nl - raw));
		return;
	}
	if (style == '\'' && !strchr(text, '\n')) {
		put_single(out, text);
		return;
	}
	if (style != '"' && style != '\'' && !block && plain_ok(text, flow)) {
		buf_puts(out, text);
		return;
	}
	put_double(out, text);
	if (block) /* the old text ended with its line break */
		buf_putc(out, '\n');
}

/* One change of a file: bytes [start, end) become text. */
struct change {
	size_t start, end;
	char *text; /* owned */
};

struct file_job {
	const char *path;
	char *data; /* owned, NUL-terminated */
	size_t len;
	size_t *offs; /* owned: byte offset of each character index */
	size_t nchars;
	struct change *changes;
	size_t count, cap;
	struct atomic_file out;
	bool opened;
};

char *apply_read_file(const char *path, size_t *len, struct diag *d)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		diag_error(d, (struct mark){.file = path}, "cannot read: %s", strerror(errno));
		return NULL;
	}
	struct buf b;
	buf_init(&b);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	bool ok = !ferror(fp);
	fclose(fp);
	*len = b.len;
	buf_putc(&b, '\0');
	if (!ok) {
		diag_error(d, (struct mark){.file = path}, "cannot read");
		buf_finish(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static bool read_whole(struct file_job *j, struct diag *d)
{
	j->data = apply_read_file(j->path, &j->len, d);
	if (!j->data)
		return false;
	j->offs = xcalloc(j->len + 2, sizeof(*j->offs));
	for (size_t i = 0; i < j->len; i++)
		if (((unsigned char)j->data[i] & 0xC0) != 0x80)
			j->offs[j->nchars++] = i;
	j->offs[j->nchars] = j->len;
	return true;
}

static size_t byte_at(const struct file_job *j, size_t ch)
{
	return ch <= j->nchars ? j->offs[ch] : j->len;
}

/* The change one edit makes to its file. */
static void plan_edit(struct file_job *j, const struct apply_edit *e)
{
	const struct unit *u = e->unit;
	const struct node *map = u->x->value, *v = u->x->nodes[u->lang];
	struct buf t;
	buf_init(&t);
	struct change c;
	if (v) {
		c.start = byte_at(j, v->start);
		c.end = byte_at(j, v->end);
		const char *raw = j->data + c.start;
		const char *nl = memchr(raw, '\n', c.end - c.start);
		size_t indent = 0;
		while (nl && nl + 1 + indent < j->data + c.end && nl[1 + indent] == ' ')
			indent++;
		apply_render(&t, e->text, raw, c.end - c.start, map->flow, indent);
	} else {
		const struct node_pair *last = &map->pairs[map->count - 1];
		c.start = c.end = byte_at(j, last->value->type == NODE_MAP ? last->value->end
		                                                           : last->value->end);
		if (map->flow) {
			buf_printf(&t, ", %s: ", e->lang);
			apply_render(&t, e->text, NULL, 0, true, 0);
		} else {
			int col = last->key->mark.col - 1;
			bool at_line_start = c.start > 0 && j->data[c.start - 1] == '\n';
			if (!at_line_start)
				buf_putc(&t, '\n');
			buf_printf(&t, "%*s%s: ", col, "", e->lang);
			apply_render(&t, e->text, NULL, 0, false, (size_t)col + 2);
			if (at_line_start)
				buf_putc(&t, '\n');
		}
	}
	c.text = buf_detach(&t);
	buf_finish(&t);
	XGROW(j->changes, j->cap, j->count + 1);
	j->changes[j->count++] = c;
}

static int cmp_change(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	return x->start < y->start ? 1 : x->start > y->start ? -1 : 0;
}

/* The file with its changes, from the last to the first. */
static void write_changed(struct file_job *j, struct buf *out)
{
	qsort(j->changes, j->count, sizeof(*j->changes), cmp_change);
	size_t pos = 0; /* front to back: the changes are sorted last first */
	for (size_t i = j->count; i-- > 0;) {
		const struct change *c = &j->changes[i];
		buf_append(out, j->data + pos, c->start - pos);
		buf_puts(out, c->text);
		pos = c->end;
	}
	buf_append(out, j->data + pos, j->len - pos);
}

static void job_finish(struct file_job *j)
{
	for (size_t i = 0; i < j->count; i++)
		free(j->changes[i].text);
	free(j->changes);
	free(j->offs);
	free(j->data);
}

bool apply_edits(const struct apply_edit *edits, size_t n, size_t *changed, struct diag *d)
{
	struct file_job *jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	size_t njobs = 0;
	bool ok = true;
	*changed = 0;
	for (size_t i = 0; i < n && ok; i++) {
		const char *path = edits[i].unit->it->path;
		size_t k = 0;
		while (k < njobs && strcmp(jobs[k].path, path) != 0)
			k++;
		if (k == njobs) {
			jobs[njobs].path = path;
			ok = read_whole(&jobs[njobs++], d);
		}
		if (ok)
			plan_edit(&jobs[k], &edits[i]);
	}
	/* every file to a temporary file first; renamed only when all are */
	for (size_t k = 0; k < njobs && ok; k++) {
		struct buf out;
		buf_init(&out);
		write_changed(&jobs[k], &out);
		ok = atomic_open(&jobs[k].out, jobs[k].path, d);
		jobs[k].opened = ok;
		if (ok)
			atomic_write(&jobs[k].out, buf_str(&out), out.len);
		buf_finish(&out);
	}
	for (size_t k = 0; k < njobs; k++) {
		if (jobs[k].opened && ok) {
			ok = atomic_commit(&jobs[k].out, d);
			*changed += ok;
		} else if (jobs[k].opened) {
			atomic_abort(&jobs[k].out);
		}
		job_finish(&jobs[k]);
	}
	free(jobs);
	return ok;
}
