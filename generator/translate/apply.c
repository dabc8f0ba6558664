/* mkstemp(), link() are POSIX */
#define _POSIX_C_SOURCE 200809L

#include "translate/apply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/csv.h"
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

bool apply_is_csv_cell(const struct unit *u)
{
	const struct node *v = u->x->nodes ? u->x->nodes[u->lang] : NULL;
	return v && csv_is_mark(&v->mark);
}

/* The file an edit changes: the deck's YAML, or the CSV file its card is
 * a row of. */
static const char *edit_path(const struct apply_edit *e)
{
	const struct unit *u = e->unit;
	return apply_is_csv_cell(u) ? u->x->nodes[u->lang]->mark.file : u->it->path;
}

/* The change one edit makes to its file. */
static void plan_edit(struct file_job *j, const struct apply_edit *e)
{
	const struct unit *u = e->unit;
	const struct node *map = u->x->value, *v = u->x->nodes[u->lang];
	struct buf t;
	buf_init(&t);
	struct change c;
	if (apply_is_csv_cell(u)) {
		/* the cell, quoted as the CSV file's writer quotes it */
		c.start = byte_at(j, v->start);
		c.end = byte_at(j, v->end);
		csv_put_cell(&t, e->text, csv_find_separator(j->data, j->len));
	} else if (v) {
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

struct apply_plan {
	struct file_job *jobs;
	size_t njobs;
};

bool apply_prepare(struct apply_plan **out, const struct apply_edit *edits, size_t n,
                   struct diag *d)
{
	struct apply_plan *p = xcalloc(1, sizeof(*p));
	p->jobs = xcalloc(n ? n : 1, sizeof(*p->jobs));
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++) {
		const char *path = edit_path(&edits[i]);
		size_t k = 0;
		while (k < p->njobs && strcmp(p->jobs[k].path, path) != 0)
			k++;
		if (k == p->njobs) {
			p->jobs[p->njobs].path = path;
			ok = read_whole(&p->jobs[p->njobs++], d);
		}
		if (ok)
			plan_edit(&p->jobs[k], &edits[i]);
	}
	for (size_t k = 0; k < p->njobs && ok; k++) {
		struct buf b;
		buf_init(&b);
		write_changed(&p->jobs[k], &b);
		ok = atomic_open(&p->jobs[k].out, p->jobs[k].path, d);
		p->jobs[k].opened = ok;
		if (ok)
			atomic_write(&p->jobs[k].out, buf_str(&b), b.len);
		buf_finish(&b);
	}
	*out = ok ? p : NULL;
	if (!ok)
		apply_plan_destroy(p);
	return ok;
}

size_t apply_plan_get_count(const struct apply_plan *p)
{
	return p->njobs;
}

const char *apply_plan_get_temp(const struct apply_plan *p, size_t k)
{
	return p->jobs[k].out.tmp_path;
}

/* A second name for the file at path, .NAME.orig-XXXXXX beside it: while
 * it lasts, the file's old bytes stay whatever is renamed over path.
 * Caller owns; NULL (reported) when the file system refuses. */
static char *keep_old(const char *path, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	struct buf b;
	buf_init(&b);
	if (slash)
		buf_printf(&b, "%.*s/.%s.orig-XXXXXX", (int)(slash - path), path, slash + 1);
	else
		buf_printf(&b, ".%s.orig-XXXXXX", path);
	char *name = buf_detach(&b);
	int fd = mkstemp(name);
	if (fd >= 0) {
		close(fd);
		unlink(name);
	}
	if (fd < 0 || link(path, name) != 0) {
		diag_error(d, (struct mark){.file = path},
		           "cannot keep the old file while importing: %s; nothing was changed",
		           strerror(errno));
		free(name);
		return NULL;
	}
	return name;
}

/* Puts the old files back after a rename failed: the ones already replaced
 * get their old bytes again; for the others both names are the same file,
 * which rename() leaves alone. */
static void restore_old(struct apply_plan *p, char **old, struct diag *d)
{
	for (size_t k = 0; k < p->njobs; k++) {
		if (rename(old[k], p->jobs[k].path) != 0) {
			diag_error(d, (struct mark){.file = p->jobs[k].path},
			           "cannot restore the file after a failed import: %s; its old "
			           "text is in %s",
			           strerror(errno), old[k]);
			free(old[k]);
			old[k] = NULL;
		}
	}
}

bool apply_commit(struct apply_plan *p, size_t *changed, struct diag *d)
{
	*changed = 0;
	char **old = xcalloc(p->njobs + 1, sizeof(*old));
	bool ok = true;
	for (size_t k = 0; k < p->njobs && ok; k++)
		ok = (old[k] = keep_old(p->jobs[k].path, d)) != NULL;
	/* synced under their temporary names, then renamed one after another */
	atomic_hold_begin();
	for (size_t k = 0; k < p->njobs; k++) {
		if (ok)
			ok = atomic_commit(&p->jobs[k].out, d);
		else
			atomic_abort(&p->jobs[k].out);
		p->jobs[k].opened = false;
	}
	if (!atomic_hold_end(ok, d) && ok) {
		ok = false;
		restore_old(p, old, d);
	}
	for (size_t k = 0; k < p->njobs; k++) {
		if (old[k])
			unlink(old[k]);
		free(old[k]);
	}
	free(old);
	*changed = ok ? p->njobs : 0;
	apply_plan_destroy(p);
	return ok;
}

void apply_plan_destroy(struct apply_plan *p)
{
	if (!p)
		return;
	for (size_t k = 0; k < p->njobs; k++) {
		if (p->jobs[k].opened)
			atomic_abort(&p->jobs[k].out);
		job_finish(&p->jobs[k]);
	}
	free(p->jobs);
	free(p);
}

bool apply_edits(const struct apply_edit *edits, size_t n, size_t *changed, struct diag *d)
{
	struct apply_plan *p;
	*changed = 0;
	return apply_prepare(&p, edits, n, d) && apply_commit(p, changed, d);
}
