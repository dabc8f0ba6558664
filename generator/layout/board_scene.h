/* Boards and their pieces composed as display lists: every shape, image
 * and fitted text of one board (or one page of pieces) in one language.
 * Composing fits every text with typeset/fit (the same code as cards) and
 * reports what does not fit; render/paint draws the result. */
#ifndef DECKPRESS_LAYOUT_BOARD_SCENE_H
#define DECKPRESS_LAYOUT_BOARD_SCENE_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "display/dlist.h"
#include "layout/board.h"
#include "model/board.h"
#include "model/phrasebook.h"
#include "util/diag.h"

/* The board in language lang (an index into b->langs), laid out as l says:
 * its background colour and image over the bleed first. Reports text that
 * does not fit, markup errors and missing glyphs into d; returns false
 * then. out is initialised either way; free with dlist_finish(). */
bool board_compose(struct dlist *out, const struct board *b, const struct board_layout *l,
                   size_t lang, PangoContext *pango, struct diag *d);

/* The pieces sheets on A4: *npages display lists in *pages (caller owns;
 * finish each with dlist_finish() and free the array with free()). Their
 * key (cut, fold, print) comes from phrases in the board's language; a
 * missing text is reported once per language (phrasebook_require()) at the
 * board's 'pieces'. Reports like board_compose(). */
bool pieces_compose(struct dlist **pages, size_t *npages, const struct board *b, size_t lang,
                    struct phrasebook *phrases, PangoContext *pango, struct diag *d);

#endif
