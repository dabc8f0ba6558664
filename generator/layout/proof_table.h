/* The translation proof's table as display lists: rows of one text in
 * every language side by side (A4 landscape), each cell with the line
 * under it (the size it was set at, or what is wrong), paginated so that
 * rows never split, with a header of the languages and a page count on
 * every page. Texts are measured here with the fonts' context. The rows
 * of a deck come from its face layouts, those of boards and documents from
 * their items' texts. The proof's own words (headings, notes) come from the
 * phrasebook in one language, the source language of what it proofs. */
#ifndef DECKPRESS_LAYOUT_PROOF_TABLE_H
#define DECKPRESS_LAYOUT_PROOF_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "display/dlist.h"
#include "layout/card.h"
#include "model/deck.h"
#include "model/item.h"
#include "model/phrasebook.h"
#include "typeset/markup.h"

/* One language of one text: what it says, and the line under it. */
struct proof_cell {
	const struct rich *rich; /* NULL where the text is empty; borrowed until
	                            proof_table_compose() */
	char note[160];
	bool bad; /* the note is a problem: red */
};

struct proof_row {
	char label[160];
	struct proof_cell *cells; /* owned; one per language */
	double height;            /* points */
};

struct proof_table {
	const char *id;           /* the deck's, board's or document's; borrowed */
	const char *const *codes; /* the languages, one column each; borrowed */
	size_t nlangs;
	const struct phrasebook *phrases; /* the proof's own words; borrowed; may be NULL */
	const char *lang;                 /* theirs; borrowed */
	PangoContext *ctx;                /* borrowed */
	double col_w;
	struct proof_row *rows; /* owned */
	size_t nrows, cap;
	struct rich **owned; /* the texts of items' rows, each from malloc: cells point at them */
	size_t nowned, owned_cap;
	/* a deck's rows, after the stored ones: made again from its faces for
	 * each page rather than stored (proof_table_add_deck()) */
	const struct deck *deck; /* borrowed; may be NULL */
	const struct proof_faces *faces;
	double *heights; /* owned: the deck's rows', in points */
	size_t nheights, heights_cap;
};

/* Starts an empty table whose headings and notes are phrases' texts in
 * lang; everything is borrowed until proof_table_finish(). */
void proof_table_init(struct proof_table *t, const char *id, const char *const *codes,
                      size_t nlangs, const struct phrasebook *phrases, const char *lang,
                      PangoContext *ctx);
void proof_table_finish(struct proof_table *t);

/* Checks, before anything is written, that lang has every text the proof
 * prints (proof.*); a missing one is reported once per language at at
 * (phrasebook_require()). */
bool proof_table_require(struct phrasebook *pb, const char *lang, struct mark at, struct diag *d);

/* Where a deck's faces come from for its proof: get(arg, l, card, back,
 * scratch) is the front (the back when back) of card in t's language l
 * (index into t's codes), either one kept or laid out into scratch, which
 * the table finishes with face_layout_finish() after use. */
struct proof_faces {
	const struct face_layout *(*get)(void *arg, size_t l, size_t card, bool back,
	                                 struct face_layout *scratch);
	void *arg;
};

/* Adds a row for every text element of every face of deck as fitted, a
 * cell per language of t, with the size it was set at or its overflow. A
 * text that is the same in every language (an id, a number) is left out,
 * and a text that reads the same on every card (a footer with the card's
 * id) is shown once. Only the rows' heights are kept: composing lays the
 * faces out again, a card at a time, so that a deck of any size is
 * proofed in the same memory. deck and faces are borrowed until
 * proof_table_finish(); at most one deck per table, after any other
 * rows. */
void proof_table_add_deck(struct proof_table *t, const struct deck *deck,
                          const struct proof_faces *faces);

/* Adds a row for every language map among the texts of a board or
 * document item, with its owner and key, in t's languages; a text written
 * "=" shows the source text, a missing one is marked. */
void proof_table_add_item(struct proof_table *t, const struct kit_item *it);

/* Adds a row labelled label (cut at 159 bytes); t takes cells (nlangs of
 * them, from malloc) and measures the row. */
void proof_table_add_row(struct proof_table *t, const char *label, struct proof_cell *cells);

/* The pages, titled title: *npages display lists in *pages (caller owns;
 * finish each with dlist_finish() and free the array with free()). There
 * is always at least one page. */
void proof_table_compose(const struct proof_table *t, const char *title, struct dlist **pages,
                         size_t *npages);

/* The same pages one at a time, in order: emit(arg, page) owns each page
 * (it finishes it with dlist_finish()); only one is made at a time. */
void proof_table_each_page(const struct proof_table *t, const char *title,
                           void (*emit)(void *arg, struct dlist *page), void *arg);

#endif
