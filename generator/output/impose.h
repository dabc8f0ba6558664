/* Imposition for print at home: cards laid out on sheets of paper, and the
 * positions of their backs so that duplex printing lands every back on its
 * front. Pure geometry, in points, y down, origin at the paper's top-left. */
#ifndef DECKPRESS_OUTPUT_IMPOSE_H
#define DECKPRESS_OUTPUT_IMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/geom.h"

enum duplex {
	DUPLEX_LONG,  /* backs on the back of the sheet, flipped on the long edge */
	DUPLEX_SHORT, /* flipped on the short edge */
	DUPLEX_FOLD,  /* fronts and backs side by side on one side, fold between */
	DUPLEX_NONE,  /* fronts only, then backs on sheets of their own, unflipped */
};

enum orientation {
	ORIENT_AUTO, /* whichever holds more cards; portrait on a tie */
	ORIENT_PORTRAIT,
	ORIENT_LANDSCAPE,
};

struct impose_options {
	double paper_w, paper_h; /* portrait: w <= h */
	enum orientation orientation;
	double margin; /* unprintable border the printer needs, >= 5 mm */
	double gap;    /* between neighbouring cards */
	double bleed;  /* drawn around each card, <= gap / 2 (0 when gap is 0) */
	enum duplex duplex;
	/* room kept between the margin and the outer cards' bleed for the cut
	 * marks there (sink_sheets_mark_room()); given up when without it not
	 * one card fits. 0: none kept */
	double mark_room;
};

/* Where cards go on a sheet. */
struct impose_plan {
	double sheet_w, sheet_h; /* after orientation */
	int cols, rows;          /* of cards on one side (for fold: of front/back pairs) */
	int per_sheet;           /* cards per sheet */
	struct box *front;       /* per_sheet trim boxes of the fronts, row by row; owned */
	struct box *back;        /* where each front's back goes (on the back side for long
	                            and short, beside it for fold, same as front for none); owned */
	double fold_x, fold_y;   /* fold: the fold line (x for a vertical line, or y); -1 if none */
};

/* Plans the sheet for cards of trim_w × trim_h. On failure (a card that
 * does not fit inside the margins, a bleed larger than half the gap)
 * returns false and sets *err to a static message. Free with
 * impose_plan_finish(). */
bool impose_plan(struct impose_plan *out, double trim_w, double trim_h,
                 const struct impose_options *o, const char **err);
void impose_plan_finish(struct impose_plan *p);

#endif
