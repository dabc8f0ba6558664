#include "load/csv.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

/* One cell as read: unescaped, NUL-terminated, in the document's arena;
 * [start, end) where it is written, quotes included, in characters from
 * the start of the file (as struct node has them). */
struct cell {
	const char *s;
	size_t len;
	uint32_t start, end;
};

struct lexer {
	const char *p, *end;
	char sep;
	int row; /* the record being read, 1-based */
	const char *path;
	struct arena *arena;
	struct diag *d;
	struct buf text; /* the cell being read */
	size_t nodes;
	/* counting characters: how many lie before counted, a byte of the
	 * file (which starts at a byte order mark, if any) */
	const char *counted;
	uint32_t chars;
};

/* The characters from the start of the file to p, which is no earlier than
 * the last p asked about. */
static uint32_t chars_to(struct lexer *lx, const char *p)
{
	for (; lx->counted < p; lx->counted++)
		lx->chars += ((unsigned char)*lx->counted & 0xC0) != 0x80;
	return lx->chars;
}

static struct mark at(const struct lexer *lx, int row, int col)
{
	return (struct mark){.file = lx->path, .line = row, .col = col};
}

/* ',' or ';': whichever the first record has more of outside quotes; ','
 * when it has neither (one column). */
static char find_separator(const char *p, const char *end)
{
	size_t comma = 0, semicolon = 0;
	bool quoted = false;
	for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			comma++;
		else if (!quoted && *p == ';')
			semicolon++;
	}
	return semicolon > comma ? ';' : ',';
}

/* Checks the text of a cell as load/yml.c checks a YAML text: UTF-8, no
 * control characters but line breaks (yml_find_control()), and the text
 * limits of load/yml.h. */
static bool check_cell(struct lexer *lx, const char *s, size_t len, int col)
{
	struct mark m = at(lx, lx->row, col);
	if (len > YML_MAX_TEXT_BYTES) {
		diag_error(lx->d, m, "cell is longer than %d bytes", YML_MAX_TEXT_BYTES);
		return false;
	}
	size_t lines = 1;
	for (size_t i = 0; i < len;) {
		if (s[i] == '\n' && i + 1 < len)
			lines++;
		size_t n = yml_utf8_seq((const unsigned char *)s + i, len - i);
		if (!n) {
			diag_error(lx->d, m,
			           "invalid UTF-8 in a cell; save the file as 'CSV UTF-8'");
			return false;
		}
		i += n;
	}
	size_t off;
	long c = yml_find_control(s, len, &off);
	if (c == '\t')
		diag_error(lx->d, m, "tab character in a cell; use a space");
	else if (c == '\r') /* one that ends no line: CRLF is read as one break */
		diag_error(lx->d, m,
		           "carriage return (U+000D) in a cell; save the file with Windows (CRLF) "
		           "or Unix (LF) line endings");
	else if (c >= 0)
		diag_error(lx->d, m, "control character U+%04lX in a cell", c);
	if (c >= 0)
		return false;
	if (lines > YML_MAX_TEXT_LINES) {
		diag_error(lx->d, m, "cell has more than %d lines", YML_MAX_TEXT_LINES);
		return false;
	}
	return true;
}

/* At the end of a record: a line break (LF or CRLF) or the end of the file. */
static bool at_record_end(const struct lexer *lx)
{
	return lx->p == lx->end || *lx->p == '\n' ||
	       (*lx->p == '\r' && lx->p + 1 < lx->end && lx->p[1] == '\n');
}

/* A quoted cell, from its opening quote; "" is a quote, CRLF is LF. */
static bool read_quoted(struct lexer *lx, int col)
{
	lx->p++;
	for (;;) {
		if (lx->p == lx->end) {
			diag_error(lx->d, at(lx, lx->row, col),
			           "the quote that opens this cell is never closed");
			return false;
		}
		char c = *lx->p;
		if (c == '"' && lx->p + 1 < lx->end && lx->p[1] == '"') {
			buf_putc(&lx->text, '"');
			lx->p += 2;
		} else if (c == '"') {
			lx->p++;
			break;
		} else if (c == '\r' && lx->p + 1 < lx->end && lx->p[1] == '\n') {
			buf_putc(&lx->text, '\n');
			lx->p += 2;
		} else {
			buf_putc(&lx->text, c);
			lx->p++;
		}
	}
	if (!at_record_end(lx) && *lx->p != lx->sep) {
		diag_error(lx->d, at(lx, lx->row, col),
		           "text after the closing quote of a cell; a quote inside a quoted cell "
		           "is written twice (\"\")");
		return false;
	}
	return true;
}

static bool read_unquoted(struct lexer *lx, int col)
{
	while (!at_record_end(lx) && *lx->p != lx->sep) {
		if (*lx->p == '"') {
			diag_error(lx->d, at(lx, lx->row, col),
			           "a quote inside a cell that does not start with one; quote "
			           "the cell and write the quote twice (\"\")");
			return false;
		}
		buf_putc(&lx->text, *lx->p++);
	}
	return true;
}

/* Reads one record into *cells (grown on the heap). Returns 1 for a
 * record, 0 at the end of the file, -1 on an error (reported; the rest of
 * the record is skipped, so the next one is read from its start). */
static int read_record(struct lexer *lx, struct cell **cells, size_t *n, size_t *cap)
{
	*n = 0;
	if (lx->p == lx->end)
		return 0;
	for (int col = 1;; col++) {
		buf_clear(&lx->text);
		uint32_t start = chars_to(lx, lx->p);
		bool ok = lx->p < lx->end && *lx->p == '"' ? read_quoted(lx, col)
		                                           : read_unquoted(lx, col);
		ok = ok && check_cell(lx, buf_str(&lx->text), lx->text.len, col);
		if (ok && col > CSV_MAX_COLUMNS) {
			diag_error(lx->d, at(lx, lx->row, col), "row has more than %d columns",
			           CSV_MAX_COLUMNS);
			ok = false;
		}
		if (!ok) {
			/* on to the next line, which starts the next record */
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			lx->p += lx->p < lx->end;
			return -1;
		}
		XGROW(*cells, *cap, *n + 1);
		(*cells)[(*n)++] =
		        (struct cell){arena_strndup(lx->arena, buf_str(&lx->text), lx->text.len),
		                      lx->text.len, start, chars_to(lx, lx->p)};
		if (lx->p < lx->end && *lx->p == lx->sep) {
			lx->p++;
			continue;
		}
		if (lx->p < lx->end)
			lx->p += *lx->p == '\r' ? 2 : 1;
		return 1;
	}
}

/* A column of the header: its key in a row, and its language, if any. */
struct column {
	const char *name; /* the header's cell, without spaces around it */
	const char *key;
	const char *lang; /* NULL for a column without a language */
	int group;        /* index of the key among the header's keys */
};

static struct node *new_node(struct lexer *lx, enum node_type type, struct mark m)
{
	lx->nodes++;
	struct node *n = arena_alloc(lx->arena, sizeof(*n));
	*n = (struct node){.type = type, .mark = m};
	return n;
}

static struct node *new_scalar(struct lexer *lx, const char *s, size_t len, struct mark m)
{
	struct node *n = new_node(lx, NODE_SCALAR, m);
	n->str = s;
	n->len = len;
	return n;
}

/* The header row: names, keys and languages, checked. */
static bool read_header(struct lexer *lx, const struct cell *cells, size_t n, struct column *cols,
                        int *ngroups)
{
	bool ok = true;
	*ngroups = 0;
	for (size_t i = 0; i < n; i++) {
		struct mark m = at(lx, 1, (int)i + 1);
		/* a name with spaces around it (" id", as a spreadsheet keeps
		 * them) is the name, as a YAML key is */
		const char *name = cells[i].s;
		size_t len = strlen(name);
		while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
			len--;
		while (len && (*name == ' ' || *name == '\t')) {
			name++;
			len--;
		}
		name = arena_strndup(lx->arena, name, len);
		const char *dot = strchr(name, '.');
		cols[i] = (struct column){.name = name, .key = name, .group = -1};
		if (dot) {
			cols[i].key = arena_strndup(lx->arena, name, (size_t)(dot - name));
			cols[i].lang = dot + 1;
		}
		if (!name[0] || !cols[i].key[0] || (cols[i].lang && !cols[i].lang[0])) {
			diag_error(lx->d, m,
			           "column %zu of the header has no name; name it after a field, "
			           "or FIELD.LANGUAGE such as 'text.da'",
			           i + 1);
			ok = false;
			continue;
		}
		for (size_t j = 0; j < i && cols[i].group < 0; j++) {
			if (cols[j].group < 0 || strcmp(cols[j].key, cols[i].key) != 0)
				continue;
			if (strcmp(cols[j].name, name) == 0 || !cols[i].lang != !cols[j].lang) {
				diag_error(lx->d, m,
				           "column '%s' gives '%s' again (first in column %zu)",
				           name, cols[i].key, j + 1);
				ok = false;
			}
			cols[i].group = cols[j].group;
		}
		if (cols[i].group < 0)
			cols[i].group = (*ngroups)++;
	}
	return ok;
}

/* One data row as a mapping over the header's keys. */
static struct node *make_row(struct lexer *lx, const struct cell *cells, const struct column *cols,
                             const struct node *const *keys, size_t ncols, int ngroups)
{
	struct node *row = new_node(lx, NODE_MAP, at(lx, lx->row, 1));
	row->pairs = arena_alloc_array(lx->arena, (size_t)ngroups ? (size_t)ngroups : 1,
	                               sizeof(*row->pairs));
	for (int g = 0; g < ngroups; g++) {
		struct node *value = NULL;
		bool any = false;
		for (size_t i = 0; i < ncols; i++) {
			if (cols[i].group != g)
				continue;
			struct node *v = new_scalar(lx, cells[i].s, cells[i].len,
			                            at(lx, lx->row, (int)i + 1));
			v->start = cells[i].start;
			v->end = cells[i].end;
			any |= cells[i].len > 0;
			if (!cols[i].lang) {
				value = v;
				continue;
			}
			if (!value) {
				value = new_node(lx, NODE_MAP, v->mark);
				value->pairs =
				        arena_alloc_array(lx->arena, ncols, sizeof(*value->pairs));
			}
			struct node *k =
			        new_scalar(lx, cols[i].lang, strlen(cols[i].lang), keys[i]->mark);
			value->pairs[value->count++] = (struct node_pair){k, v};
		}
		if (!any)
			continue;
		size_t first = 0;
		while (cols[first].group != g)
			first++;
		struct node *k =
		        new_scalar(lx, cols[first].key, strlen(cols[first].key), keys[first]->mark);
		row->pairs[row->count++] = (struct node_pair){k, value};
	}
	return row;
}

static bool all_empty(const struct cell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cells[i].len)
			return false;
	return true;
}

/* The data rows after the header, each checked against its width. */
static bool read_rows(struct lexer *lx, struct node *rows, const struct column *cols,
                      const struct node *const *keys, size_t ncols, int ngroups)
{
	struct cell *cells = NULL;
	size_t n = 0, cap = 0;
	size_t rows_cap = 0;
	bool ok = true;
	int r;
	for (lx->row = 2; (r = read_record(lx, &cells, &n, &cap)) != 0; lx->row++) {
		if (r < 0) {
			ok = false;
			continue;
		}
		if (all_empty(cells, n))
			continue;
		if (n != ncols) {
			diag_error(lx->d, at(lx, lx->row, (int)(n < ncols ? n : ncols) + 1),
			           "row %d has %zu cell%s, but the header has %zu columns", lx->row,
			           n, n == 1 ? "" : "s", ncols);
			ok = false;
			continue;
		}
		if (lx->nodes > YML_MAX_NODES) {
			diag_error(lx->d, at(lx, lx->row, 1), "file has more than %d values",
			           YML_MAX_NODES);
			ok = false;
			break;
		}
		XGROW(rows->items, rows_cap, rows->count + 1);
		rows->items[rows->count++] = make_row(lx, cells, cols, keys, ncols, ngroups);
	}
	free(cells);
	return ok;
}

static bool parse(struct lexer *lx, const struct node **out)
{
	struct cell *cells = NULL;
	size_t n = 0, cap = 0;
	lx->row = 1;
	int r = read_record(lx, &cells, &n, &cap);
	if (r <= 0) {
		if (r == 0)
			diag_error(lx->d, at(lx, 0, 0),
			           "file is empty; its first row names the columns");
		free(cells);
		return false;
	}
	struct arena *a = lx->arena;
	struct column *cols = arena_alloc_array(a, n, sizeof(*cols));
	int ngroups;
	bool ok = read_header(lx, cells, n, cols, &ngroups);
	struct node *root = new_node(lx, NODE_MAP, at(lx, 1, 1));
	struct node *columns = new_node(lx, NODE_SEQ, at(lx, 1, 1));
	struct node *rows = new_node(lx, NODE_SEQ, at(lx, 1, 1));
	columns->items = arena_alloc_array(a, n, sizeof(*columns->items));
	for (size_t i = 0; i < n; i++)
		columns->items[columns->count++] =
		        new_scalar(lx, cols[i].name, strlen(cols[i].name), at(lx, 1, (int)i + 1));
	free(cells);
	if (!ok)
		return false;
	/* rows grow on the heap while read, then move to the arena */
	ok = read_rows(lx, rows, cols, (const struct node *const *)columns->items, n, ngroups);
	struct node **items = arena_alloc_array(a, rows->count ? rows->count : 1, sizeof(*items));
	if (rows->count)
		memcpy(items, rows->items, rows->count * sizeof(*items));
	free(rows->items);
	rows->items = items;
	root->pairs = arena_alloc_array(a, 2, sizeof(*root->pairs));
	root->pairs[0] = (struct node_pair){new_scalar(lx, "columns", 7, root->mark), columns};
	root->pairs[1] = (struct node_pair){new_scalar(lx, "rows", 4, root->mark), rows};
	root->count = 2;
	*out = root;
	return ok;
}

bool csv_load_buffer(const struct node **out, struct arena *arena, const char *name,
                     const char *data, size_t len, struct diag *d)
{
	*out = NULL;
	struct mark m = {.file = name};
	const unsigned char *u = (const unsigned char *)data;
	if (len > YML_MAX_BYTES) {
		diag_error(d, m, "file is larger than %d MiB", YML_MAX_BYTES / (1024 * 1024));
		return false;
	}
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		diag_error(d, m, "file is UTF-16; save it as 'CSV UTF-8'");
		return false;
	}
	const char *file = data;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		data += 3;
		len -= 3;
	}
	struct lexer lx = {.p = data,
	                   .end = data + len,
	                   .path = arena_strdup(arena, name),
	                   .arena = arena,
	                   .d = d,
	                   .sep = find_separator(data, data + len),
	                   .counted = file};
	const struct node *root = NULL;
	buf_init(&lx.text);
	bool ok = parse(&lx, &root);
	buf_finish(&lx.text);
	if (ok)
		*out = root;
	return ok;
}

bool csv_load_file(const struct node **out, struct arena *arena, const char *path, struct diag *d)
{
	*out = NULL;
	struct buf b;
	buf_init(&b);
	bool ok = yml_read_file(&b, path, d) &&
	          csv_load_buffer(out, arena, path, buf_str(&b), b.len, d);
	buf_finish(&b);
	return ok;
}

bool csv_is_mark(const struct mark *m)
{
	size_t n = m->file ? strlen(m->file) : 0;
	return n > 4 && strcmp(m->file + n - 4, ".csv") == 0;
}

char csv_find_separator(const char *data, size_t len)
{
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	return find_separator(data, data + len);
}

void csv_put_cell(struct buf *b, const char *s, char sep)
{
	size_t n = strlen(s);
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (const char *p = s; *p && !quote; p++)
		quote = *p == sep || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}
