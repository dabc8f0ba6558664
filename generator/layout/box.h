/* Tuck boxes (docs/boxes.md): the net (die line) of a box for one deck,
 * sized from its card size and the thickness of its stack, and the net's
 * faces as a display list: the shop's page at 1:1 with bleed around the
 * net, and the print-at-home sheet with the net on paper.
 *
 * The box has a tuck top and a glued bottom. Across the net, left to right:
 * front, side, back, side, glue flap. The top panel with its tuck flap
 * hangs from the back, a dust flap from each side; the bottom panel hangs
 * from the front, a dust flap from each side and a glue flap from the back,
 * which the bottom panel is glued onto. The front shows the deck's back
 * design, the back its title and the legend of its categories, the sides
 * and the top its title. Pure computation: no drawing, no files. */
#ifndef DECKPRESS_LAYOUT_BOX_H
#define DECKPRESS_LAYOUT_BOX_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "display/dlist.h"
#include "model/phrasebook.h"
#include "util/geom.h"

/* The geometry of a net. Points, with the top-left corner of the net's
 * bounding box at the origin, y down; the top of the box is up. */
struct box_net {
	double card_w, card_h; /* the trim of one card */
	double caliper;        /* one card's thickness */
	double clearance;      /* added to the card and to the stack */
	long cards;            /* in the box: every copy counts */
	double stack;          /* cards × caliper */
	double w, h, d;        /* inside: card + clearance, and stack + clearance */
	double glue;           /* the side seam's glue flap, wide */
	double tuck;           /* the tuck flap, high */
	double tuck_inset;     /* the tuck flap is narrower than the top by this a side */
	double notch;          /* radius of the thumb notch in the front's top edge */
	double dust_top, dust_bottom, bottom_glue; /* flaps' heights */
	double width, height;                      /* the bounding box */
	/* the panels */
	struct box front, back, side_left, side_right, top, tuck_flap, bottom, glue_flap;
};

/* Why a net cannot be made. */
enum box_net_problem {
	BOX_NET_OK,
	BOX_NET_TOO_THICK, /* the box would be deeper than its front is wide or high */
};

/* Plans the net for cards copies of a card_w × card_h card caliper thick,
 * with clearance. BOX_NET_OK, or why there is no sane box (out is filled
 * in either way, for the message). */
enum box_net_problem box_net_plan(struct box_net *out, double card_w, double card_h, long cards,
                                  double caliper, double clearance);

/* Where the lines of a net go: the shop's are the marker colours that the
 * PDF post-pass turns into the CutContour and Fold spot colours; the home
 * sheet's are printed, folds dashed. */
struct box_lines {
	struct color cut, fold;
	double width;     /* points */
	bool fold_dashed; /* the fold lines dashed: a home print */
};

/* One category in the legend. Borrowed. */
struct box_legend_entry {
	const char *name;
	struct color color;
};

/* What the faces of one net show, in one language. Borrowed. */
struct box_faces {
	const char *title;
	const char *subject; /* may be NULL */
	const char *maker;   /* the brand's or the author's name; may be NULL */
	/* a card's back face, as layout/card made it; NULL when the backs
	 * differ from card to card: the front shows the title then */
	const struct dlist *card_back;
	const struct box_legend_entry *legend;
	size_t nlegend;
	struct color base; /* the colour of the net around the panels: the deck's back */
	const char *family;
	const char *lang;
};

/* Appends the net to out with its top-left corner at x, y: the art, with
 * bleed points of it beyond the cut line, then the cut and fold lines.
 * Texts that do not fit their panel at their smallest size (the title on a
 * side thinner than a line) are left out. The legend takes as many columns
 * as its rows need to stay readable. ctx is the fonts' context. Returns how
 * many category names of the legend were left out (0 when all are there). */
size_t box_net_layout(struct dlist *out, const struct box_net *net, const struct box_faces *f,
                      const struct box_lines *lines, double bleed, double x, double y,
                      PangoContext *ctx);

/* A home print's paper and what it may use. Points. */
struct box_paper {
	double w, h;   /* the sheet as it is turned */
	double margin; /* kept clear at every edge */
};

/* Turns paper (w × h, portrait) so that the net fits inside its margins,
 * trying portrait first unless landscape is asked; false when it fits
 * neither way (or the way asked: only_one). */
bool box_net_fit_paper(const struct box_net *net, struct box_paper *paper, bool landscape,
                       bool only_one);

/* The home print of the net on paper (as box_net_fit_paper() turned it):
 * out is initialised to the sheet, with the net centred, a little bleed,
 * the lines printed and, beside the net, the words of pb in lang that say
 * to print at 100 %, to cut along the solid lines and to fold along the
 * dashed ones. out must be finished. */
void box_net_layout_sheet(struct dlist *out, const struct box_net *net, const struct box_faces *f,
                          const struct box_paper *paper, const struct phrasebook *pb,
                          PangoContext *ctx);

/* The phrasebook texts the home sheet prints, for phrasebook_require();
 * count in *n. Static. */
const enum phrase_key *box_net_get_phrases(size_t *n);

#endif
