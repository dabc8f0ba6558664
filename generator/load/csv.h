/* Spreadsheets: a CSV file (RFC 4180) as a node tree, so that the readers
 * of the model take cards from it as they take them from YAML, and every
 * message points at the cell: file.csv:ROW:COLUMN, where ROW is the record
 * as a spreadsheet numbers it (the header is row 1) and COLUMN the cell's
 * place in it (1 = A).
 *
 * UTF-8 with or without a byte order mark; the separator is ',' or ';'
 * (what Excel writes in Danish and German locales), whichever the header
 * row has more of outside quotes. Line ends may be LF or CRLF; a line break
 * inside a quoted cell becomes LF. Rows whose cells are all empty are
 * skipped (spreadsheets write them below the data). The limits of
 * load/yml.h hold: file size, nodes, bytes and lines a cell.
 */
#ifndef DECKPRESS_LOAD_CSV_H
#define DECKPRESS_LOAD_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "load/yml.h"

/* The tree of a CSV file has a mapping at its root with two keys:
 *   columns: the header's cells as written, a list of texts;
 *   rows:    one mapping per data row, keyed by the header's names.
 * A column named "NAME.LANG" (text.da, text.en) is one key NAME in a row,
 * whose value is a mapping {LANG: cell, ...} over those columns. An empty
 * cell is no key at all; a language map whose cells are all empty is none
 * either (an empty language beside a written one stays, as ""). Key nodes
 * carry the header cell's position, values their own cell's (and where the
 * cell is written, start and end, so that it can be replaced). Every
 * scalar is as if quoted (plain is false): "null" in a cell is a text. */
enum {
	CSV_MAX_COLUMNS = 1000,
};

/* Parses data (len bytes) as the CSV file name (used in messages and
 * copied). On any problem reports it with its row and column into d and
 * returns false with *out = NULL. The tree and its strings live in arena,
 * freed with it, never on their own. */
bool csv_load_buffer(const struct node **out, struct arena *arena, const char *name,
                     const char *data, size_t len, struct diag *d);

/* As csv_load_buffer, from the regular file path; the tree lives in arena. */
bool csv_load_file(const struct node **out, struct arena *arena, const char *path, struct diag *d);

struct buf;

/* Whether a position is in a CSV file (its name ends in .csv): a row and
 * a column rather than a line and a column. */
bool csv_is_mark(const struct mark *m);

/* The separator of the CSV file data (len bytes): ',' or ';', as
 * csv_load_buffer() finds it. */
char csv_find_separator(const char *data, size_t len);

/* Appends s to b as one cell for a file with separator sep, quoted when it
 * holds sep, a quote, a line break or leading or trailing spaces (quotes
 * doubled), so that csv_load_buffer() reads back exactly s. */
void csv_put_cell(struct buf *b, const char *s, char sep);

#endif
