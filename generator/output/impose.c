#include "output/impose.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "util/mem.h"

/* Lengths converted from mm rarely add up exactly (3 × 63 mm may come out a
 * hair above 189 mm); a millionth of a point is far below anything a printer
 * can show, and keeps exact fits fitting. */
#define EPS 1e-6

/* The messages are static and name the option that fixes the problem. */
static const char err_bleed_gap[] =
        "bleed needs a gap of at least twice its size; use a larger --gap or --gap 0mm";
static const char err_too_large[] =
        "card does not fit on the paper inside the printer margins; use a larger --paper";
static const char err_too_large_bleed[] =
        "card with its bleed does not fit on the paper inside the printer margins; "
        "use --gap 0mm to print without bleed, or a larger --paper";
static const char err_portrait[] =
        "cards do not fit on portrait paper; use --orientation landscape";
static const char err_landscape[] =
        "cards do not fit on landscape paper; use --orientation portrait";
static const char err_fold[] = "card and its back do not fit side by side on the paper; "
                               "use a larger --paper or --duplex long";

/* How many cards of length t fit in avail, gap g apart, when the bleed b of
 * the outer ones must stay inside avail too. */
static int fit(double avail, double t, double g, double b)
{
	if (t + 2 * b > avail + EPS)
		return 0;
	return 1 + (int)floor((avail - t - 2 * b + EPS) / (t + g));
}

/* The grid on a sheet of one orientation; for folding, also whether the fold
 * line runs across (horizontal) rather than down the middle. */
struct grid {
	double sheet_w, sheet_h;
	int cols, rows; /* of card slots on one side, both halves when folding */
	int per_sheet;  /* cards (for fold: pairs) per sheet */
	bool fold_across;
};

static struct grid grid_for(double sheet_w, double sheet_h, double tw, double th, double bleed,
                            const struct impose_options *o)
{
	struct grid g = {.sheet_w = sheet_w, .sheet_h = sheet_h};
	double keep = o->margin + o->mark_room;
	g.cols = fit(sheet_w - 2 * keep, tw, o->gap, bleed);
	g.rows = fit(sheet_h - 2 * keep, th, o->gap, bleed);
	if (o->duplex != DUPLEX_FOLD) {
		g.per_sheet = g.cols * g.rows;
		return g;
	}
	/* A fold at the middle of the paper folds it neatly in half, and the
	 * grid is centred, so an even number of columns (or rows) puts the fold
	 * in the middle of the central gap: half the slots for fronts, their
	 * mirror images for backs. Down the middle wins a tie: "side by side". */
	int down = (g.cols / 2) * g.rows, across = g.cols * (g.rows / 2);
	g.fold_across = across > down;
	if (g.fold_across)
		g.rows -= g.rows % 2;
	else
		g.cols -= g.cols % 2;
	g.per_sheet = g.fold_across ? across : down;
	return g;
}

/* Picks the message for a plan with no room, from the most specific cause. */
static const char *no_room(double tw, double th, const struct impose_options *o, bool landscape)
{
	double pw = o->paper_w, ph = o->paper_h;
	struct grid other = landscape ? grid_for(pw, ph, tw, th, o->bleed, o)
	                              : grid_for(ph, pw, tw, th, o->bleed, o);
	if (o->orientation != ORIENT_AUTO && other.per_sheet > 0)
		return landscape ? err_landscape : err_portrait;
	if (o->duplex == DUPLEX_FOLD) {
		struct impose_options single = *o;
		single.duplex = DUPLEX_NONE;
		if (grid_for(pw, ph, tw, th, o->bleed, &single).per_sheet > 0 ||
		    grid_for(ph, pw, tw, th, o->bleed, &single).per_sheet > 0)
			return err_fold;
	}
	if (o->bleed > 0 && (grid_for(pw, ph, tw, th, 0, o).per_sheet > 0 ||
	                     grid_for(ph, pw, tw, th, 0, o).per_sheet > 0))
		return err_too_large_bleed;
	return err_too_large;
}

bool impose_plan(struct impose_plan *out, double trim_w, double trim_h,
                 const struct impose_options *o, const char **err)
{
	assert(trim_w > 0 && trim_h > 0 && o->paper_w > 0 && o->paper_h > 0);
	assert(o->margin >= 0 && o->gap >= 0 && o->bleed >= 0);
	*out = (struct impose_plan){.fold_x = -1, .fold_y = -1};
	*err = NULL;
	/* neighbouring bleeds may meet in the middle of the gap, never overlap */
	if (o->bleed > o->gap / 2 + EPS) {
		*err = err_bleed_gap;
		return false;
	}
	/* a sheet without room for marks rather than no sheet, in the
	 * orientations allowed */
	if (o->mark_room > 0) {
		struct impose_options bare = *o;
		bare.mark_room = 0;
		double pw = fmin(o->paper_w, o->paper_h), ph = fmax(o->paper_w, o->paper_h);
		bool portrait = o->orientation != ORIENT_LANDSCAPE &&
		                grid_for(pw, ph, trim_w, trim_h, o->bleed, o).per_sheet > 0;
		bool landscape = o->orientation != ORIENT_PORTRAIT &&
		                 grid_for(ph, pw, trim_w, trim_h, o->bleed, o).per_sheet > 0;
		if (!portrait && !landscape)
			return impose_plan(out, trim_w, trim_h, &bare, err);
	}
	/* the options give the paper portrait; turn it for landscape */
	double pw = fmin(o->paper_w, o->paper_h), ph = fmax(o->paper_w, o->paper_h);
	struct grid portrait = grid_for(pw, ph, trim_w, trim_h, o->bleed, o);
	struct grid landscape = grid_for(ph, pw, trim_w, trim_h, o->bleed, o);
	bool turn = o->orientation == ORIENT_LANDSCAPE ||
	            (o->orientation == ORIENT_AUTO && landscape.per_sheet > portrait.per_sheet);
	struct grid g = turn ? landscape : portrait;
	if (g.per_sheet == 0) {
		struct impose_options po = *o;
		po.paper_w = pw;
		po.paper_h = ph;
		*err = no_room(trim_w, trim_h, &po, turn);
		return false;
	}

	double W = g.sheet_w, H = g.sheet_h;
	out->sheet_w = W;
	out->sheet_h = H;
	out->per_sheet = g.per_sheet;
	out->front = xcalloc((size_t)g.per_sheet, sizeof(*out->front));
	out->back = xcalloc((size_t)g.per_sheet, sizeof(*out->back));

	/* centred on the paper, so the mirror image of the grid is the grid and
	 * every back lands on a slot */
	double x0 = (W - (g.cols * trim_w + (g.cols - 1) * o->gap)) / 2;
	double y0 = (H - (g.rows * trim_h + (g.rows - 1) * o->gap)) / 2;
	int cols = g.cols, rows = g.rows;
	if (o->duplex == DUPLEX_FOLD) {
		if (g.fold_across) {
			rows /= 2;
			out->fold_y = H / 2;
		} else {
			cols /= 2;
			out->fold_x = W / 2;
		}
	}
	out->cols = cols;
	out->rows = rows;

	/* The physical flip turns the paper over about its long edge or its
	 * short edge: about the vertical axis for long on portrait paper and for
	 * short on landscape paper, about the horizontal axis otherwise. A fold
	 * is a flip about the fold line. */
	bool landscape_sheet = W > H;
	bool mirror_x = false, mirror_y = false;
	switch (o->duplex) {
	case DUPLEX_LONG:
		mirror_x = !landscape_sheet;
		mirror_y = landscape_sheet;
		break;
	case DUPLEX_SHORT:
		mirror_x = landscape_sheet;
		mirror_y = !landscape_sheet;
		break;
	case DUPLEX_FOLD:
		mirror_x = !g.fold_across;
		mirror_y = g.fold_across;
		break;
	case DUPLEX_NONE:
		break;
	}
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			size_t i = (size_t)r * (size_t)cols + (size_t)c;
			struct box f = {x0 + c * (trim_w + o->gap), y0 + r * (trim_h + o->gap),
			                trim_w, trim_h};
			struct box b = f;
			if (mirror_x)
				b.x = W - f.x - f.w;
			if (mirror_y)
				b.y = H - f.y - f.h;
			out->front[i] = f;
			out->back[i] = b;
		}
	}
	return true;
}

void impose_plan_finish(struct impose_plan *p)
{
	free(p->front);
	free(p->back);
	*p = (struct impose_plan){.fold_x = -1, .fold_y = -1};
}
