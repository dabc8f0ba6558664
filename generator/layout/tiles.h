/* Tile sheets: a large board printed at home on several sheets, as display
 * lists. The assembly page (instructions and the board with every window on
 * it) and one sheet per tile, each showing its window of the board with its
 * label (row letter and column number, "B2"), cut lines where it is laid
 * over its neighbours, glue strips where they are laid over it, and
 * alignment ticks where their edges go; at the board's outer edges the
 * artwork runs on past the trim ticks by the bleed. The board itself is a DL_INSET
 * operation: the sink paints the board it recorded there. Every text is
 * fitted here with typeset/fit. */
#ifndef DECKPRESS_LAYOUT_TILES_H
#define DECKPRESS_LAYOUT_TILES_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "display/dlist.h"
#include "model/phrasebook.h"
#include "util/diag.h"
#include "util/geom.h"

/* Where the windows are (layout/board's tile_plan). Points. */
struct tile_layout {
	double board_w, board_h;
	double sheet_w, sheet_h;
	int rows, cols;
	const double *x, *y; /* window starts on the board; borrowed */
	double win_w, win_h;
	struct box window;  /* where each window is on its sheet */
	double margin;      /* the printer's border; nothing is drawn in it */
	double bleed;       /* the board's artwork shown beyond its outer edges on the sheets
	                       at those edges, so the final trim has tolerance; at most the
	                       board's own bleed and the band */
	const bool *x_text; /* cols flags: the seam where that column starts crosses a text
	                       of the board (marked on the map); may be NULL */
	const bool *y_text; /* rows flags, likewise; may be NULL */
	const struct box
	        *texts; /* the board's texts, to mark where seams cross them; may be NULL */
	size_t ntexts;
};

/* The words on the sheets, in the board's language, from the phrasebook;
 * borrowed. cut and glue are phrasebook texts with the placeholder {tile}
 * (a neighbour's label), filled here. */
struct tile_texts {
	const char *family;       /* the font */
	const char *title;        /* the board's */
	const char *heading;      /* of the assembly page */
	const char *instructions; /* markup; may hold line breaks */
	const char *seam_note;    /* beside the map when a seam crosses text; may be NULL */
	const char *cut;          /* "cut here · lay over {tile}" */
	const char *glue;         /* "glue · {tile} goes here" */
	const char *note;         /* "print at 100 %" */
};

/* The sheets in print order: the assembly page, then the tiles row by
 * row; labels[i] is the PDF page label of pages[i]. */
struct tile_sheets {
	struct dlist *pages; /* owned */
	char **labels;       /* owned */
	size_t count;
};

/* Composes every sheet into out (always initialised; free with
 * tile_sheets_finish()). A text that cannot fit its place is reported at
 * where; returns false then. */
bool tiles_compose(struct tile_sheets *out, const struct tile_layout *t,
                   const struct tile_texts *tx, PangoContext *pango, struct mark where,
                   struct diag *d);

void tile_sheets_finish(struct tile_sheets *s);

/* Checks that lang has every text the tile sheets print (tiles.*), before
 * anything is laid out; a missing one is reported once per language at at
 * (phrasebook_require()). */
bool tiles_require_texts(struct phrasebook *pb, const char *lang, struct mark at, struct diag *d);

#endif
