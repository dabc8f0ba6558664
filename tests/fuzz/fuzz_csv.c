/* libFuzzer target: bytes as a deck's CSV file (load/csv.h), parsed into
 * its node tree, which is then walked as the deck reader walks it. Checks
 * what the reader promises: a tree only without errors, and then a
 * mapping of columns and rows whose values are texts or language maps,
 * every position inside the file's rows and columns. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_scalar(const struct node *n, size_t ncols)
{
	if (n->type != NODE_SCALAR || !n->str || strlen(n->str) != n->len || n->mark.line < 1 ||
	    n->mark.col < 1 || (size_t)n->mark.col > ncols)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	diag_init(&d);
	struct arena arena;
	arena_init(&arena);
	const struct node *root = NULL;
	bool ok = csv_load_buffer(&root, &arena, "fuzz.csv", (const char *)data, size, &d);
	if (ok != (root != NULL) || ok != !diag_has_errors(&d))
		abort();
	if (root) {
		const struct node *cols = node_get(root, "columns"), *rows = node_get(root, "rows");
		if (!cols || !rows || cols->type != NODE_SEQ || rows->type != NODE_SEQ)
			abort();
		for (size_t i = 0; i < cols->count; i++)
			check_scalar(cols->items[i], cols->count);
		for (size_t r = 0; r < rows->count; r++) {
			const struct node *row = rows->items[r];
			for (size_t k = 0; k < row->count; k++) {
				const struct node *v = row->pairs[k].value;
				check_scalar(row->pairs[k].key, cols->count);
				if (v->type == NODE_MAP)
					for (size_t l = 0; l < v->count; l++)
						check_scalar(v->pairs[l].value, cols->count);
				else
					check_scalar(v, cols->count);
			}
		}
	}
	arena_finish(&arena);
	diag_finish(&d);
	return 0;
}
