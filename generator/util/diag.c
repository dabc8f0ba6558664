#include "util/diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

void diag_init(struct diag *d)
{
	*d = (struct diag){0};
}

void diag_finish(struct diag *d)
{
	for (size_t i = 0; i < d->len; i++)
		free(d->entries[i].message);
	free(d->entries);
	for (size_t i = 0; i < d->nfiles; i++)
		free(d->files[i]);
	free(d->files);
	*d = (struct diag){0};
}

static const char *intern(struct diag *d, const char *file)
{
	if (!file)
		return NULL;
	for (size_t i = d->nfiles; i-- > 0;)
		if (strcmp(d->files[i], file) == 0)
			return d->files[i];
	XGROW(d->files, d->files_cap, d->nfiles + 1);
	d->files[d->nfiles] = xstrdup(file);
	return d->files[d->nfiles++];
}

static void add(struct diag *d, enum severity sev, struct mark m, const char *fmt, va_list ap)
{
	struct buf b;
	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	m.file = intern(d, m.file);
	XGROW(d->entries, d->cap, d->len + 1);
	d->entries[d->len] = (struct diag_entry){
	        .severity = sev,
	        .mark = m,
	        .message = buf_detach(&b),
	        .seq = d->len,
	};
	d->len++;
	if (sev == SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void diag_error(struct diag *d, struct mark m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, SEV_ERROR, m, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, struct mark m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, SEV_WARNING, m, fmt, ap);
	va_end(ap);
}

bool diag_has_errors(const struct diag *d)
{
	return d->errors > 0;
}

size_t diag_get_error_count(const struct diag *d)
{
	return d->errors;
}

size_t diag_get_warning_count(const struct diag *d)
{
	return d->warnings;
}

void diag_take_counts(struct diag *d, size_t *errors, size_t *warnings)
{
	if (errors)
		*errors += d->errors;
	if (warnings)
		*warnings += d->warnings;
	d->errors = d->warnings = 0;
}

void diag_print_entry(const struct diag_entry *e, FILE *fp)
{
	/* file names and messages quote user text: escaped, so that a key or a
	 * file name holding ESC cannot drive the terminal */
	struct buf b;
	buf_init(&b);
	const char *sev = e->severity == SEV_ERROR ? "error" : "warning";
	if (e->mark.file) {
		buf_put_escaped(&b, e->mark.file);
		if (e->mark.line > 0)
			buf_printf(&b, ":%d", e->mark.line);
		if (e->mark.line > 0 && e->mark.col > 0)
			buf_printf(&b, ":%d", e->mark.col);
	} else {
		buf_puts(&b, "deckpress");
	}
	buf_printf(&b, ": %s: ", sev);
	buf_put_escaped(&b, e->message);
	buf_putc(&b, '\n');
	fputs(buf_str(&b), fp);
	buf_finish(&b);
}

void diag_print_now(FILE *fp, enum severity sev, const char *fmt, ...)
{
	struct buf msg;
	buf_init(&msg);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	struct diag_entry e = {.severity = sev, .message = (char *)buf_str(&msg)};
	diag_print_entry(&e, fp);
	buf_finish(&msg);
}

/* Files keep the order in which they were first reported; positions within a
 * file are sorted so the user reads them top to bottom. */
static const struct diag *sort_ctx;

static size_t file_rank(const char *file)
{
	for (size_t i = 0; i < sort_ctx->len; i++) {
		const char *f = sort_ctx->entries[i].mark.file;
		if (f == file)
			return i;
	}
	return sort_ctx->len;
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct diag_entry *a = pa, *b = pb;
	size_t ra = file_rank(a->mark.file), rb = file_rank(b->mark.file);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->mark.line != b->mark.line)
		return a->mark.line < b->mark.line ? -1 : 1;
	if (a->mark.col != b->mark.col)
		return a->mark.col < b->mark.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void sort_entries(struct diag *d)
{
	/* rank against an unsorted copy so ranks do not move while sorting */
	struct diag orig = *d;
	orig.entries = xmalloc(d->len * sizeof(*d->entries));
	memcpy(orig.entries, d->entries, d->len * sizeof(*d->entries));
	sort_ctx = &orig;
	qsort(d->entries, d->len, sizeof(*d->entries), cmp_entry);
	sort_ctx = NULL;
	free(orig.entries);
}

void diag_flush_json(struct diag *d, struct buf *out)
{
	if (d->len == 0)
		return;
	sort_entries(d);
	for (size_t i = 0; i < d->len; i++) {
		const struct diag_entry *e = &d->entries[i];
		buf_puts(out, out->len ? ",\n    {\"file\": " : "    {\"file\": ");
		if (e->mark.file)
			buf_put_json_string(out, e->mark.file);
		else
			buf_puts(out, "null");
		buf_printf(out, ", \"line\": %d, \"col\": %d, \"severity\": \"%s\", \"message\": ",
		           e->mark.line, e->mark.col,
		           e->severity == SEV_ERROR ? "error" : "warning");
		buf_put_json_string(out, e->message);
		buf_putc(out, '}');
		free(e->message);
	}
	d->len = 0;
}

void diag_flush(struct diag *d, FILE *fp)
{
	if (d->len == 0)
		return;
	sort_entries(d);
	for (size_t i = 0; i < d->len; i++) {
		diag_print_entry(&d->entries[i], fp);
		free(d->entries[i].message);
	}
	fflush(fp);
	d->len = 0;
}

void diag_put_entry(struct buf *b, const struct diag_entry *e)
{
	buf_put_u64(b, e->severity);
	buf_put_u64(b, (uint64_t)(int64_t)e->mark.line);
	buf_put_u64(b, (uint64_t)(int64_t)e->mark.col);
	buf_put_str(b, e->mark.file);
	buf_put_str(b, e->message);
}

bool diag_get_entry(struct buf_reader *r, struct diag_entry *e)
{
	*e = (struct diag_entry){0};
	e->severity = buf_get_u64(r) == SEV_ERROR ? SEV_ERROR : SEV_WARNING;
	e->mark.line = (int)(int64_t)buf_get_u64(r);
	e->mark.col = (int)(int64_t)buf_get_u64(r);
	char *file = buf_get_str(r);
	e->message = buf_get_str(r);
	e->mark.file = file;
	if (r->bad || !e->message) {
		free(file);
		free(e->message);
		*e = (struct diag_entry){0};
		return false;
	}
	return true;
}
