/* Writes translations back into a kit's YAML files in place: only the
 * scalars that change are rewritten, in the style they were written
 * (plain, quoted, block) where the new text allows it; a missing
 * translation is added after the last language of its map. A card read
 * from a CSV file gets its translation in its cell of that file, quoted as
 * the CSV writer quotes (load/csv.h). Comments, key order and every other
 * byte stay as they were. All files or none: every
 * file is written to a temporary file first, and only when all are
 * written are they renamed over the originals, each old file kept under a
 * second name (a hard link) until the last rename succeeded: when one
 * fails, the files already replaced are put back. */
#ifndef DECKPRESS_TRANSLATE_APPLY_H
#define DECKPRESS_TRANSLATE_APPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "translate/units.h"
#include "util/diag.h"

struct apply_edit {
	const struct unit *unit; /* borrowed */
	const char *lang;        /* the target language's code */
	const char *text;        /* the new translation; borrowed */
};

/* Whether the text of u is a cell of a CSV file (cards: {csv: ...}), its
 * language's column there. */
bool apply_is_csv_cell(const struct unit *u);

/* Applies the edits (at most one per unit); false (reported) on I/O
 * errors, when nothing was changed. *changed counts the files written. */
bool apply_edits(const struct apply_edit *edits, size_t n, size_t *changed, struct diag *d);

struct apply_plan;

/* The two halves of apply_edits(): apply_prepare() reads the files, plans
 * the changes and writes each changed file to a temporary file beside it;
 * apply_commit() renames them all into place, or none (restoring the ones
 * already replaced when a rename fails), and destroys the plan. *out
 * (caller owns; free with apply_commit() or apply_plan_destroy()) is NULL
 * on failure, which is reported and changes nothing. */
bool apply_prepare(struct apply_plan **out, const struct apply_edit *edits, size_t n,
                   struct diag *d);
bool apply_commit(struct apply_plan *p, size_t *changed, struct diag *d);

/* Removes the temporary files of a plan not committed; accepts NULL. */
void apply_plan_destroy(struct apply_plan *p);

/* The number of files a plan changes, and the temporary file of the k-th
 * (borrowed; valid until the plan is committed or destroyed): for tests. */
size_t apply_plan_get_count(const struct apply_plan *p);
const char *apply_plan_get_temp(const struct apply_plan *p, size_t k);

/* Reads path whole, NUL-terminated, its length without the NUL in *len.
 * Caller owns; free with free(). NULL (reported) when it cannot be read. */
char *apply_read_file(const char *path, size_t *len, struct diag *d);

/* The text as a YAML scalar for a value in a flow map (flow) or a block
 * map, in the style of raw (the value as written, or NULL for a new one)
 * where the text allows it, else double-quoted. indent: spaces before the
 * lines of a block scalar. Appends to out. */
void apply_render(struct buf *out, const char *text, const char *raw, size_t raw_len, bool flow,
                  size_t indent);

#endif
