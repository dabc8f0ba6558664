/* The translation proof: every text of a deck with its languages side by
 * side, each with the size it was set at and any overflow, so a translator
 * reviews one file (out/<kit>/<deck>.proof.pdf). layout/proof_table
 * collects a deck's rows, measures and paginates them into display lists;
 * this module adds the rows of boards and documents and writes the pages,
 * drawn by render/paint. */
#ifndef DECKPRESS_OUTPUT_PROOF_H
#define DECKPRESS_OUTPUT_PROOF_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "layout/proof_table.h"
#include "model/i18n.h"
#include "model/item.h"
#include "output/sink.h"

/* Writes the proof of deck for nlangs languages to path (atomically): A4
 * landscape, one row per distinct text of each card, a column per language.
 * Texts that repeat on every card (a category name, a footer) are shown
 * once. Reports I/O failures into d. */
bool proof_write(const char *path, const struct deck *deck, const struct proof_lang *langs,
		 size_t nlangs, PangoContext *ctx, const struct pdf_meta *meta, struct diag *d);

/* The proof of a board or document item: every language map among its
 * texts as a row, with its owner and key, in the columns of langs; texts
 * written "=" show the source text, missing ones are marked. */
bool proof_write_tree(const char *path, const struct kit_item *it, const struct langs *langs,
		      PangoContext *ctx, const struct pdf_meta *meta, struct diag *d);

#endif
