#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "output/impose.h"
#include "util/geom.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM(x) ((x)*PT_PER_MM)

/* Positions are sums of a few mm conversions: equal to far below a printer
 * dot, not to the last bit. */
#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static const struct {
	double w, h;
} a4 = {210, 297}, a3 = {297, 420}, letter = {215.9, 279.4};

static struct impose_options opts(double paper_w, double paper_h, double gap, double bleed,
                                  enum orientation orient, enum duplex duplex)
{
	return (struct impose_options){
	        .paper_w = MM(paper_w),
	        .paper_h = MM(paper_h),
	        .orientation = orient,
	        .margin = MM(5),
	        .gap = MM(gap),
	        .bleed = MM(bleed),
	        .duplex = duplex,
	};
}

/* Plans cards of w × h mm and expects success. */
static struct impose_plan plan_ok(double w, double h, const struct impose_options *o)
{
	struct impose_plan p;
	const char *err = "unset";
	bool ok = impose_plan(&p, MM(w), MM(h), o, &err);
	if (!ok)
		fprintf(stderr, "impose_plan: %s\n", err);
	assert_true(ok);
	assert_null(err);
	return p;
}

/* Plans cards of w × h mm and expects failure; returns the message. */
static const char *plan_err(double w, double h, const struct impose_options *o)
{
	struct impose_plan p;
	const char *err = NULL;
	assert_false(impose_plan(&p, MM(w), MM(h), o, &err));
	assert_non_null(err);
	assert_null(p.front);
	assert_null(p.back);
	assert_int_equal(p.per_sheet, 0);
	return err;
}

static void assert_box_mm(struct box b, double x, double y, double w, double h)
{
	assert_near(b.x, MM(x));
	assert_near(b.y, MM(y));
	assert_near(b.w, MM(w));
	assert_near(b.h, MM(h));
}

static void assert_grid(const struct impose_plan *p, double sheet_w, double sheet_h, int cols,
                        int rows)
{
	assert_near(p->sheet_w, MM(sheet_w));
	assert_near(p->sheet_h, MM(sheet_h));
	assert_int_equal(p->cols, cols);
	assert_int_equal(p->rows, rows);
	assert_int_equal(p->per_sheet, cols * rows);
}

static void impose__poker_on_a4_fits_3_by_3_portrait(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_grid(&p, 210, 297, 3, 3);
	/* 189 x 264 mm centred: (210 - 189) / 2, (297 - 264) / 2 */
	assert_box_mm(p.front[0], 10.5, 16.5, 63, 88);
	assert_box_mm(p.front[1], 73.5, 16.5, 63, 88);
	assert_box_mm(p.front[3], 10.5, 104.5, 63, 88);
	assert_box_mm(p.front[8], 136.5, 192.5, 63, 88);
	assert_near(p.fold_x, -1);
	assert_near(p.fold_y, -1);
	impose_plan_finish(&p);
}

/* Bridge cards with 3 mm bleed, 6 mm apart, on portrait A4 fit 3 rows
 * with 1 mm between the margin and the outer bleed: too little for a cut
 * mark. With room kept for the marks (2 mm) the rows drop to 2, and the
 * landscape sheet, 4 by 2 with room to spare, holds more. */
static void impose__keeps_room_for_the_cut_marks(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 6, 3, ORIENT_PORTRAIT, DUPLEX_LONG);
	struct impose_plan p = plan_ok(57, 89, &o);
	assert_grid(&p, 210, 297, 3, 3);
	impose_plan_finish(&p);
	o.mark_room = MM(2);
	p = plan_ok(57, 89, &o);
	assert_grid(&p, 210, 297, 3, 2);
	/* every outer bleed at least 2 mm inside the 5 mm margin */
	for (int i = 0; i < p.per_sheet; i++) {
		assert_true(p.front[i].x - MM(3) >= MM(7) - 1e-6);
		assert_true(p.front[i].y - MM(3) >= MM(7) - 1e-6);
		assert_true(p.front[i].x + p.front[i].w + MM(3) <= MM(210 - 7) + 1e-6);
		assert_true(p.front[i].y + p.front[i].h + MM(3) <= MM(297 - 7) + 1e-6);
	}
	impose_plan_finish(&p);
	o.orientation = ORIENT_AUTO;
	p = plan_ok(57, 89, &o);
	assert_grid(&p, 297, 210, 4, 2);
	impose_plan_finish(&p);
	/* a card that fits only without that room still gets its sheet */
	o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	o.mark_room = MM(2);
	p = plan_ok(198, 285, &o);
	assert_grid(&p, 210, 297, 1, 1);
	impose_plan_finish(&p);
	/* in the orientation asked for, though the other has the room */
	o = opts(a4.w, a4.h, 0, 0, ORIENT_PORTRAIT, DUPLEX_LONG);
	o.mark_room = MM(2);
	p = plan_ok(200, 150, &o);
	assert_grid(&p, 210, 297, 1, 1);
	impose_plan_finish(&p);
	o.orientation = ORIENT_LANDSCAPE;
	p = plan_ok(150, 200, &o);
	assert_grid(&p, 297, 210, 1, 1);
	impose_plan_finish(&p);
}

/* A6 is a quarter of A4 only without margins: portrait holds 1, landscape 2. */
static void impose__a6_on_a4_fits_2_in_landscape(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(105, 148, &o);
	assert_grid(&p, 297, 210, 2, 1);
	assert_box_mm(p.front[0], 43.5, 31, 105, 148);
	assert_box_mm(p.front[1], 148.5, 31, 105, 148);
	impose_plan_finish(&p);

	o.orientation = ORIENT_PORTRAIT;
	p = plan_ok(105, 148, &o);
	assert_grid(&p, 210, 297, 1, 1);
	assert_box_mm(p.front[0], 52.5, 74.5, 105, 148);
	impose_plan_finish(&p);

	/* the sample deck's 3 mm bleed with the default gap of 6 mm: still 2 */
	o = opts(a4.w, a4.h, 6, 3, ORIENT_AUTO, DUPLEX_LONG);
	p = plan_ok(105, 148, &o);
	assert_grid(&p, 297, 210, 2, 1);
	assert_box_mm(p.front[0], 40.5, 31, 105, 148);
	assert_box_mm(p.front[1], 151.5, 31, 105, 148);
	impose_plan_finish(&p);
}

static void impose__a3_holds_more_than_a4(void **state)
{
	(void)state;
	struct impose_options o = opts(a3.w, a3.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	/* portrait 4 x 4 = 16, landscape 6 x 3 = 18 */
	assert_grid(&p, 420, 297, 6, 3);
	assert_box_mm(p.front[0], 21, 16.5, 63, 88);
	impose_plan_finish(&p);
}

static void impose__letter_holds_9_poker_portrait(void **state)
{
	(void)state;
	struct impose_options o = opts(letter.w, letter.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_grid(&p, 215.9, 279.4, 3, 3);
	assert_box_mm(p.front[0], 13.45, 7.7, 63, 88);
	impose_plan_finish(&p);

	p = plan_ok(105, 148, &o);
	assert_grid(&p, 279.4, 215.9, 2, 1);
	impose_plan_finish(&p);
}

static void impose__gap_reduces_the_count(void **state)
{
	(void)state;
	/* 3 x 63 + 2 x 10 = 209 mm > 200 mm */
	struct impose_options o = opts(a4.w, a4.h, 10, 0, ORIENT_PORTRAIT, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_grid(&p, 210, 297, 2, 3);
	assert_box_mm(p.front[0], 37, 6.5, 63, 88);
	assert_box_mm(p.front[1], 110, 6.5, 63, 88);
	impose_plan_finish(&p);
}

static void impose__bleed_reduces_the_count(void **state)
{
	(void)state;
	/* 3 x 63 + 2 x 4 = 197 mm fits in 200 mm; the outer bleeds make it 201 */
	struct impose_options o = opts(a4.w, a4.h, 4, 0, ORIENT_PORTRAIT, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_grid(&p, 210, 297, 3, 3);
	impose_plan_finish(&p);

	o.bleed = MM(2);
	p = plan_ok(63, 88, &o);
	assert_grid(&p, 210, 297, 2, 3);
	impose_plan_finish(&p);
}

static void impose__auto_picks_landscape_when_it_holds_more(void **state)
{
	(void)state;
	/* poker with 3 mm bleed and a 6 mm gap: portrait 2 x 3, landscape 4 x 2 */
	struct impose_options o = opts(a4.w, a4.h, 6, 3, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_grid(&p, 297, 210, 4, 2);
	assert_box_mm(p.front[0], 13.5, 14, 63, 88);
	assert_box_mm(p.front[7], 220.5, 108, 63, 88);
	impose_plan_finish(&p);

	o.orientation = ORIENT_PORTRAIT;
	p = plan_ok(63, 88, &o);
	assert_grid(&p, 210, 297, 2, 3);
	impose_plan_finish(&p);
}

static void impose__auto_picks_portrait_on_a_tie(void **state)
{
	(void)state;
	/* 90 mm squares: 2 x 3 either way */
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(90, 90, &o);
	assert_grid(&p, 210, 297, 2, 3);
	impose_plan_finish(&p);

	o.orientation = ORIENT_LANDSCAPE;
	p = plan_ok(90, 90, &o);
	assert_grid(&p, 297, 210, 3, 2);
	impose_plan_finish(&p);
}

/* Landscape given with the paper's sides the other way round is the same. */
static void impose__paper_given_landscape_is_turned(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.h, a4.w, 0, 0, ORIENT_PORTRAIT, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_grid(&p, 210, 297, 3, 3);
	impose_plan_finish(&p);
}

static void impose__card_that_fits_exactly_fits(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_PORTRAIT, DUPLEX_LONG);
	struct impose_plan p = plan_ok(200, 287, &o);
	assert_grid(&p, 210, 297, 1, 1);
	assert_box_mm(p.front[0], 5, 5, 200, 287);
	impose_plan_finish(&p);

	/* three thirds of 200 mm, each rounded in the conversion */
	p = plan_ok(200.0 / 3, 287, &o);
	assert_grid(&p, 210, 297, 3, 1);
	impose_plan_finish(&p);
}

/* Each back box is the mirror image of its front box across the axis the
 * paper turns about. */
static void assert_mirrored(const struct impose_plan *p, bool across_x, double axis)
{
	for (int i = 0; i < p->per_sheet; i++) {
		struct box f = p->front[i], b = p->back[i];
		assert_near(b.w, f.w);
		assert_near(b.h, f.h);
		if (across_x) {
			assert_near(b.x + b.w / 2, 2 * axis - (f.x + f.w / 2));
			assert_near(b.y, f.y);
		} else {
			assert_near(b.y + b.h / 2, 2 * axis - (f.y + f.h / 2));
			assert_near(b.x, f.x);
		}
	}
}

static void impose__long_edge_mirrors_left_right_on_portrait(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_mirrored(&p, true, p.sheet_w / 2);
	/* the first card's back is on the right of the first row */
	assert_box_mm(p.back[0], 136.5, 16.5, 63, 88);
	assert_box_mm(p.back[5], 10.5, 104.5, 63, 88);
	impose_plan_finish(&p);
}

static void impose__long_edge_mirrors_top_bottom_on_landscape(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 6, 3, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_near(p.sheet_w, MM(297));
	assert_mirrored(&p, false, p.sheet_h / 2);
	/* the first card's back is at the start of the second row */
	assert_box_mm(p.back[0], 13.5, 108, 63, 88);
	assert_box_mm(p.back[4], 13.5, 14, 63, 88);
	impose_plan_finish(&p);
}

static void impose__short_edge_mirrors_top_bottom_on_portrait(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_SHORT);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_near(p.sheet_w, MM(210));
	assert_mirrored(&p, false, p.sheet_h / 2);
	assert_box_mm(p.back[0], 10.5, 192.5, 63, 88);
	assert_box_mm(p.back[4], 73.5, 104.5, 63, 88);
	impose_plan_finish(&p);
}

static void impose__short_edge_mirrors_left_right_on_landscape(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 6, 3, ORIENT_AUTO, DUPLEX_SHORT);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_near(p.sheet_w, MM(297));
	assert_mirrored(&p, true, p.sheet_w / 2);
	assert_box_mm(p.back[0], 220.5, 14, 63, 88);
	impose_plan_finish(&p);
}

static void impose__fold_pairs_mirror_across_the_fold_line(void **state)
{
	(void)state;
	/* portrait: 3 columns make 1 pair column (3 pairs); landscape: 4 make 2
	 * (2 x 2 = 4 pairs) */
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_FOLD);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_grid(&p, 297, 210, 2, 2);
	assert_near(p.fold_x, MM(148.5));
	assert_near(p.fold_y, -1);
	assert_mirrored(&p, true, p.fold_x);
	assert_box_mm(p.front[0], 22.5, 17, 63, 88);
	assert_box_mm(p.back[0], 211.5, 17, 63, 88);
	assert_box_mm(p.front[1], 85.5, 17, 63, 88);
	assert_box_mm(p.back[1], 148.5, 17, 63, 88);
	for (int i = 0; i < p.per_sheet; i++) {
		assert_true(p.front[i].x + p.front[i].w <= p.fold_x + 1e-6);
		assert_true(p.back[i].x >= p.fold_x - 1e-6);
	}
	impose_plan_finish(&p);

	/* with a gap, the fold runs down the middle of the central gap */
	o = opts(a4.w, a4.h, 6, 3, ORIENT_AUTO, DUPLEX_FOLD);
	p = plan_ok(63, 88, &o);
	assert_grid(&p, 297, 210, 2, 2);
	assert_near(p.fold_x, MM(148.5));
	assert_box_mm(p.front[1], 82.5, 14, 63, 88);
	assert_box_mm(p.back[1], 151.5, 14, 63, 88);
	impose_plan_finish(&p);
}

static void impose__fold_runs_across_when_only_rows_pair(void **state)
{
	(void)state;
	/* A6 landscape cards: one column on portrait A4 but two rows */
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_FOLD);
	struct impose_plan p = plan_ok(148, 105, &o);
	assert_grid(&p, 210, 297, 1, 1);
	assert_near(p.fold_x, -1);
	assert_near(p.fold_y, MM(148.5));
	assert_mirrored(&p, false, p.fold_y);
	assert_box_mm(p.front[0], 31, 43.5, 148, 105);
	assert_box_mm(p.back[0], 31, 148.5, 148, 105);
	impose_plan_finish(&p);
}

static void impose__none_keeps_the_positions(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 6, 3, ORIENT_AUTO, DUPLEX_NONE);
	struct impose_plan p = plan_ok(63, 88, &o);
	assert_grid(&p, 297, 210, 4, 2);
	for (int i = 0; i < p.per_sheet; i++)
		assert_memory_equal(&p.front[i], &p.back[i], sizeof(struct box));
	impose_plan_finish(&p);
}

static bool overlap(struct box a, struct box b)
{
	double eps = 1e-6;
	return a.x < b.x + b.w - eps && b.x < a.x + a.w - eps && a.y < b.y + b.h - eps &&
	       b.y < a.y + a.h - eps;
}

/* Checks one plan: every slot is exactly the trim size, lies with its bleed
 * inside the margins and touches no other slot's bleed on its page. False
 * when the cards do not fit at all. */
static bool check_plan(double w, double h, const struct impose_options *o)
{
	struct impose_plan p;
	const char *err;
	if (!impose_plan(&p, MM(w), MM(h), o, &err))
		return false;
	struct box inside = box_inset((struct box){0, 0, p.sheet_w, p.sheet_h}, o->margin);
	bool fold = o->duplex == DUPLEX_FOLD;
	for (int i = 0; i < p.per_sheet; i++) {
		struct box f = box_inset(p.front[i], -o->bleed),
		           b = box_inset(p.back[i], -o->bleed);
		assert_true(p.front[i].w == MM(w) && p.front[i].h == MM(h));
		assert_true(p.back[i].w == MM(w) && p.back[i].h == MM(h));
		assert_true(box_contains(inside, f, 1e-6));
		assert_true(box_contains(inside, b, 1e-6));
		for (int j = 0; j < p.per_sheet; j++) {
			struct box gf = box_inset(p.front[j], -o->bleed);
			struct box gb = box_inset(p.back[j], -o->bleed);
			if (j != i) {
				assert_false(overlap(f, gf));
				assert_false(overlap(b, gb));
			}
			/* folding puts fronts and backs on one page */
			if (fold)
				assert_false(overlap(f, gb));
		}
	}
	impose_plan_finish(&p);
	return true;
}

/* Over many cards, papers, gaps and modes. */
static void impose__boxes_lie_inside_margins_and_never_overlap(void **state)
{
	(void)state;
	static const double cards[][2] = {{63, 88}, {57, 89},  {70, 120},    {74, 105}, {105, 148},
	                                  {70, 70}, {89, 146}, {44.5, 63.5}, {148, 105}};
	static const double papers[][2] = {{210, 297}, {297, 420}, {215.9, 279.4}};
	static const double gap_bleed[][2] = {{0, 0}, {2, 1}, {6, 3}, {10, 0}, {8, 4}};
	const int ncards = 9, npapers = 3, ngaps = 5, norient = 3, nduplex = 4;
	int plans = 0, total = ncards * npapers * ngaps * norient * nduplex;
	for (int k = 0; k < total; k++) {
		int q = k;
		int dx = q % nduplex, orient = (q /= nduplex) % norient;
		int g = (q /= norient) % ngaps, pp = (q /= ngaps) % npapers, c = q / npapers;
		struct impose_options o =
		        opts(papers[pp][0], papers[pp][1], gap_bleed[g][0], gap_bleed[g][1],
		             (enum orientation)orient, (enum duplex)dx);
		plans += check_plan(cards[c][0], cards[c][1], &o);
	}
	/* most combinations fit: the loop must not pass by testing nothing */
	assert_true(plans > total / 2);
}

static void impose__card_larger_than_the_paper_fails(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	assert_string_equal(plan_err(297, 420, &o),
	                    "card does not fit on the paper inside the printer margins; "
	                    "use a larger --paper");
	/* 1 mm more than the area inside the margins */
	assert_string_equal(plan_err(201, 288, &o),
	                    "card does not fit on the paper inside the printer margins; "
	                    "use a larger --paper");
}

static void impose__bleed_larger_than_half_the_gap_fails(void **state)
{
	(void)state;
	static const char msg[] =
	        "bleed needs a gap of at least twice its size; use a larger --gap or --gap 0mm";
	struct impose_options o = opts(a4.w, a4.h, 4, 3, ORIENT_AUTO, DUPLEX_LONG);
	assert_string_equal(plan_err(63, 88, &o), msg);
	/* cards that touch have no room for bleed */
	o = opts(a4.w, a4.h, 0, 3, ORIENT_AUTO, DUPLEX_LONG);
	assert_string_equal(plan_err(63, 88, &o), msg);
	/* exactly half the gap is fine: the bleeds meet in the middle */
	o = opts(a4.w, a4.h, 6, 3, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	impose_plan_finish(&p);
}

static void impose__card_that_fits_only_without_bleed_suggests_gap_0(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 6, 3, ORIENT_AUTO, DUPLEX_LONG);
	assert_string_equal(plan_err(195, 280, &o),
	                    "card with its bleed does not fit on the paper inside the printer "
	                    "margins; use --gap 0mm to print without bleed, or a larger --paper");
}

static void impose__orientation_that_does_not_fit_suggests_the_other(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_PORTRAIT, DUPLEX_LONG);
	assert_string_equal(plan_err(250, 150, &o),
	                    "cards do not fit on portrait paper; use --orientation landscape");
	o.orientation = ORIENT_LANDSCAPE;
	assert_string_equal(plan_err(150, 250, &o),
	                    "cards do not fit on landscape paper; use --orientation portrait");
	o.orientation = ORIENT_AUTO;
	struct impose_plan p = plan_ok(250, 150, &o);
	assert_grid(&p, 297, 210, 1, 1);
	impose_plan_finish(&p);
}

static void impose__fold_without_room_for_a_pair_fails(void **state)
{
	(void)state;
	/* A5 fits on A4 once, but not twice side by side */
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_FOLD);
	assert_string_equal(plan_err(148, 210, &o),
	                    "card and its back do not fit side by side on the paper; "
	                    "use a larger --paper or --duplex long");
	o.duplex = DUPLEX_LONG;
	struct impose_plan p = plan_ok(148, 210, &o);
	impose_plan_finish(&p);
}

static void impose__plan_finish_resets(void **state)
{
	(void)state;
	struct impose_options o = opts(a4.w, a4.h, 0, 0, ORIENT_AUTO, DUPLEX_LONG);
	struct impose_plan p = plan_ok(63, 88, &o);
	impose_plan_finish(&p);
	assert_null(p.front);
	assert_null(p.back);
	assert_int_equal(p.per_sheet, 0);
	impose_plan_finish(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(impose__poker_on_a4_fits_3_by_3_portrait),
	        cmocka_unit_test(impose__keeps_room_for_the_cut_marks),
	        cmocka_unit_test(impose__a6_on_a4_fits_2_in_landscape),
	        cmocka_unit_test(impose__a3_holds_more_than_a4),
	        cmocka_unit_test(impose__letter_holds_9_poker_portrait),
	        cmocka_unit_test(impose__gap_reduces_the_count),
	        cmocka_unit_test(impose__bleed_reduces_the_count),
	        cmocka_unit_test(impose__auto_picks_landscape_when_it_holds_more),
	        cmocka_unit_test(impose__auto_picks_portrait_on_a_tie),
	        cmocka_unit_test(impose__paper_given_landscape_is_turned),
	        cmocka_unit_test(impose__card_that_fits_exactly_fits),
	        cmocka_unit_test(impose__long_edge_mirrors_left_right_on_portrait),
	        cmocka_unit_test(impose__long_edge_mirrors_top_bottom_on_landscape),
	        cmocka_unit_test(impose__short_edge_mirrors_top_bottom_on_portrait),
	        cmocka_unit_test(impose__short_edge_mirrors_left_right_on_landscape),
	        cmocka_unit_test(impose__fold_pairs_mirror_across_the_fold_line),
	        cmocka_unit_test(impose__fold_runs_across_when_only_rows_pair),
	        cmocka_unit_test(impose__none_keeps_the_positions),
	        cmocka_unit_test(impose__boxes_lie_inside_margins_and_never_overlap),
	        cmocka_unit_test(impose__card_larger_than_the_paper_fails),
	        cmocka_unit_test(impose__bleed_larger_than_half_the_gap_fails),
	        cmocka_unit_test(impose__card_that_fits_only_without_bleed_suggests_gap_0),
	        cmocka_unit_test(impose__orientation_that_does_not_fit_suggests_the_other),
	        cmocka_unit_test(impose__fold_without_room_for_a_pair_fails),
	        cmocka_unit_test(impose__plan_finish_resets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
