/* The texts of the print-at-home sheets as display lists: the line note
 * ("Print at 100 %") placed in a margin beside the cards, and the
 * alignment test's instructions in a card slot. The sheets' geometry
 * comes from output/impose's plan, handed over as plain numbers. Texts are
 * measured as the PDF page will set them (a layout made for the page's
 * cairo_t), and drawn by render/paint the same way. */
#ifndef DECKPRESS_LAYOUT_SHEET_TEXT_H
#define DECKPRESS_LAYOUT_SHEET_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "display/dlist.h"
#include "model/phrasebook.h"
#include "util/geom.h"

/* One side of a sheet. Points. */
struct sheet_frame {
	double sheet_w, sheet_h, margin;
	double fold_x;           /* the fold line, or -1 */
	const struct box *slots; /* the trim boxes of every card slot on it; borrowed */
	size_t nslots;
	double bleed; /* around each slot */
};

/* Appends the note (sheets.note of pb in lang) to out in the first margin
 * strip beside the slots that holds it: the bottom, the top, then the left
 * or right one (reading upwards); without room beside the cards, in the
 * bottom margin itself, centred. *at is where it went, so that the marks
 * keep clear of it; empty when there is no note. ctx is the fonts' context
 * (its font map is used). */
void sheet_text_note(struct dlist *out, struct box *at, const struct phrasebook *pb,
                     const char *lang, const struct sheet_frame *f, PangoContext *ctx);

/* Appends the alignment test's instructions for the front (short: the
 * sheet is flipped on the short edge) or the back, in lang from pb,
 * centred in slot and wrapped to its width. */
void sheet_text_alignment(struct dlist *out, struct box slot, bool back, bool short_edge,
                          const struct phrasebook *pb, const char *lang, PangoContext *ctx);

/* Checks, before anything is written, that lang has the texts the sheets
 * print: the note, and with alignment_test the instructions for the edge
 * the sheet is flipped on. A missing one is reported once per language at
 * at (phrasebook_require()). */
bool sheet_text_require(struct phrasebook *pb, const char *lang, bool alignment_test,
                        bool short_edge, struct mark at, struct diag *d);

#endif
