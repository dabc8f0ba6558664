/* Tiles: a large board printed at home on several sheets. A sink that takes
 * one page (the board), records it, and writes an assembly map followed by
 * one sheet per tile, each showing its window of the board with its label
 * (row letter and column number, "B2"), cut lines where it is laid over its
 * neighbours, glue strips where they are laid over it, and alignment ticks
 * where their edges go. */
#ifndef DECKPRESS_OUTPUT_TILE_H
#define DECKPRESS_OUTPUT_TILE_H

#include <stdbool.h>

#include <pango/pango.h>

#include "output/sink.h"
#include "util/diag.h"
#include "util/geom.h"

/* Where the windows are (layout/board's tile_plan). Points. */
struct tile_layout {
	double board_w, board_h;
	double sheet_w, sheet_h;
	int rows, cols;
	const double *x, *y; /* window starts on the board; borrowed for the sink's life */
	double win_w, win_h;
	struct box window;  /* where each window is on its sheet */
	double margin;      /* the printer's border; nothing is drawn in it */
	const bool *x_text; /* cols flags: the seam where that column starts crosses a text
	                       of the board (marked on the map); may be NULL */
	const bool *y_text; /* rows flags, likewise; may be NULL */
	const struct box
	        *texts; /* the board's texts, to mark where seams cross them; may be NULL */
	size_t ntexts;
};

/* The words on the sheets, in the board's language; borrowed for the
 * sink's life. The *_fmt strings take one %s, a tile's label. */
struct tile_texts {
	const char *family;       /* the font */
	const char *title;        /* the board's */
	const char *heading;      /* of the assembly page */
	const char *instructions; /* markup; may hold line breaks */
	const char *seam_note;    /* beside the map when a seam crosses text; may be NULL */
	const char *cut_fmt;      /* "cut here and lay over %s" */
	const char *glue_fmt;     /* "glue: %s goes here" */
	const char *note;         /* "print at 100 %" */
};

/* A PDF at path: the assembly page, then the tiles row by row. Takes one
 * page of the board's trim (with any bleed, which the tiles leave out).
 * Text is fitted with typeset/fit; text that cannot fit is an error at
 * finish. Caller owns the result; free with sink_destroy(). */
struct sink *sink_tiles_create(const char *path, const struct pdf_meta *meta,
                               const struct tile_layout *t, const struct tile_texts *tx,
                               PangoContext *pango, struct diag *d);

#endif
