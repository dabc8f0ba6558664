#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layout/board.h"
#include "util/geom.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM(x) ((x)*PT_PER_MM)

/* ---- tracks ---- */

static struct path_spec spec_of(enum track_shape shape, size_t count, enum space_form form)
{
	return (struct path_spec){
	        .shape = shape,
	        .area = {MM(12), MM(56), MM(570), MM(342)},
	        .count = count,
	        .form = form,
	        .max_size = MM(46),
	        .min_size = MM(20),
	        .gap = MM(6),
	        .start = CORNER_BOTTOM_LEFT,
	        .clockwise = true,
	};
}

static struct path_layout layout_ok(const struct path_spec *s)
{
	struct path_layout p;
	struct path_failure why;
	bool ok = path_layout(&p, s, &why);
	if (!ok)
		fprintf(stderr, "path_layout: %s\n", why.reason);
	assert_true(ok);
	assert_int_equal(p.count, s->count);
	return p;
}

/* Every space whole inside the area, and any two at least size + gap apart
 * (the way their form overlaps). */
static void assert_fits(const struct path_spec *s, const struct path_layout *p)
{
	double half = p->size / 2, eps = 0.02;
	assert_true(p->size >= s->min_size - 1e-9);
	assert_true(p->size <= s->max_size + 1e-9);
	for (size_t i = 0; i < p->count; i++) {
		struct bpoint c = p->centres[i];
		assert_true(c.x - half >= s->area.x - eps);
		assert_true(c.y - half >= s->area.y - eps);
		assert_true(c.x + half <= s->area.x + s->area.w + eps);
		assert_true(c.y + half <= s->area.y + s->area.h + eps);
		for (size_t j = i + 1; j < p->count; j++)
			assert_true(path_space_distance(s->form, c, p->centres[j]) >=
			            p->size + s->gap - eps);
	}
}

/* Equal distances along the guide, the ends at its ends (open) or the
 * same step around (closed). */
static void assert_even(const struct path_layout *p)
{
	double step = p->closed ? p->length / (double)p->count : p->length / (double)(p->count - 1);
	for (size_t i = 1; i < p->count; i++)
		assert_true(fabs(p->at[i] - p->at[i - 1] - step) < 1e-6);
	assert_true(fabs(p->at[0]) < 1e-9);
	if (!p->closed)
		assert_true(fabs(p->at[p->count - 1] - p->length) < 1e-6);
}

static void board__serpentine_spaces_evenly_spaced_inside_and_apart(void **state)
{
	(void)state;
	for (int form = 0; form < 2; form++) {
		struct path_spec s = spec_of(TRACK_SERPENTINE, 34, (enum space_form)form);
		s.rows = 3;
		struct path_layout p = layout_ok(&s);
		assert_even(&p);
		assert_fits(&s, &p);
		assert_int_equal(p.rows, 3);
		path_layout_finish(&p);
	}
}

static void board__serpentine_runs_from_its_corner_to_the_far_one(void **state)
{
	(void)state;
	struct path_spec s = spec_of(TRACK_SERPENTINE, 34, FORM_CIRCLE);
	s.rows = 3;
	struct path_layout p = layout_ok(&s);
	double half = p.size / 2;
	/* the start in the bottom-left corner, the end in the top-right one */
	assert_true(fabs(p.centres[0].x - (s.area.x + half)) < 1e-6);
	assert_true(fabs(p.centres[0].y - (s.area.y + s.area.h - half)) < 1e-6);
	assert_true(fabs(p.centres[33].x - (s.area.x + s.area.w - half)) < 1e-6);
	assert_true(fabs(p.centres[33].y - (s.area.y + half)) < 1e-6);
	/* on a straight row, neighbours are one step apart in x alone */
	assert_true(fabs(p.centres[1].y - p.centres[0].y) < 1e-6);
	assert_true(fabs(p.centres[1].x - p.centres[0].x - p.at[1]) < 1e-6);
	path_layout_finish(&p);
}

static void board__serpentine_chooses_rows_for_the_largest_spaces(void **state)
{
	(void)state;
	struct path_spec s = spec_of(TRACK_SERPENTINE, 34, FORM_CIRCLE);
	struct path_layout p = layout_ok(&s);
	assert_true(p.rows >= 1);
	assert_fits(&s, &p);
	/* no row count does better */
	for (long r = 1; r <= 8; r++) {
		struct path_spec t = s;
		t.rows = r;
		t.min_size = p.size + MM(0.25);
		struct path_layout q;
		struct path_failure why;
		if (t.min_size <= t.max_size && path_layout(&q, &t, &why)) {
			fprintf(stderr, "rows %ld fit %.2f mm > %.2f mm\n", r, q.size / PT_PER_MM,
			        p.size / PT_PER_MM);
			fail();
		}
		if (t.min_size <= t.max_size)
			path_layout_finish(&q);
	}
	path_layout_finish(&p);
}

static void board__size_is_the_largest_that_fits(void **state)
{
	(void)state;
	struct path_spec s = spec_of(TRACK_SERPENTINE, 60, FORM_SQUARE);
	s.rows = 4;
	struct path_layout p = layout_ok(&s);
	assert_true(p.size < s.max_size);
	/* a quarter millimetre more does not fit */
	struct path_spec t = s;
	t.min_size = p.size + MM(0.25);
	struct path_layout q;
	struct path_failure why;
	assert_false(path_layout(&q, &t, &why));
	path_layout_finish(&q);
	path_layout_finish(&p);
}

static void board__loop_circle_spiral_and_path_fit(void **state)
{
	(void)state;
	static const enum track_shape shapes[] = {TRACK_LOOP, TRACK_CIRCLE, TRACK_SPIRAL,
	                                          TRACK_PATH};
	/* a gentle curve from bottom left to top right */
	struct bpoint pts[4] = {
	        {MM(40), MM(370)}, {MM(250), MM(330)}, {MM(450), MM(250)}, {MM(550), MM(100)}};
	for (size_t k = 0; k < 4; k++) {
		for (int form = 0; form < 2; form++) {
			/* the path is some 610 mm long: room for 14 */
			struct path_spec s = spec_of(shapes[k], shapes[k] == TRACK_PATH ? 14 : 24,
			                             (enum space_form)form);
			s.points = pts;
			s.npoints = 4;
			struct path_layout p = layout_ok(&s);
			assert_even(&p);
			assert_fits(&s, &p);
			assert_true(p.closed ==
			            (shapes[k] == TRACK_LOOP || shapes[k] == TRACK_CIRCLE));
			path_layout_finish(&p);
		}
	}
}

static void board__loop_starts_at_its_corner_and_goes_round(void **state)
{
	(void)state;
	struct path_spec s = spec_of(TRACK_LOOP, 30, FORM_SQUARE);
	s.start = CORNER_TOP_LEFT;
	struct path_layout p = layout_ok(&s);
	struct box a = s.area;
	/* near the top-left corner, then to the right along the top */
	assert_true(p.centres[0].x < a.x + a.w / 4 && p.centres[0].y < a.y + a.h / 4);
	assert_true(p.centres[1].x > p.centres[0].x);
	s.clockwise = false;
	struct path_layout q = layout_ok(&s);
	/* anticlockwise: down the left side */
	assert_true(q.centres[1].y > q.centres[0].y);
	path_layout_finish(&p);
	path_layout_finish(&q);
}

static void board__points_places_each_space_as_given(void **state)
{
	(void)state;
	struct bpoint pts[3] = {{MM(100), MM(100)}, {MM(200), MM(100)}, {MM(300), MM(200)}};
	struct path_spec s = spec_of(TRACK_POINTS, 3, FORM_CIRCLE);
	s.points = pts;
	s.npoints = 3;
	struct path_layout p = layout_ok(&s);
	for (int i = 0; i < 3; i++) {
		assert_true(p.centres[i].x == pts[i].x);
		assert_true(p.centres[i].y == pts[i].y);
	}
	assert_true(p.size == s.max_size);
	path_layout_finish(&p);
	/* one point per space */
	s.count = 4;
	struct path_failure why;
	assert_false(path_layout(&p, &s, &why));
	assert_string_equal(
	        why.reason,
	        "a track of shape 'points' needs one point per space, start and goal included");
	path_layout_finish(&p);
	/* points too close for the minimum size */
	pts[1].x = MM(115);
	s.count = 3;
	assert_false(path_layout(&p, &s, &why));
	path_layout_finish(&p);
}

static void board__too_many_spaces_fail_with_what_would_fit(void **state)
{
	(void)state;
	struct path_spec s = spec_of(TRACK_SERPENTINE, 200, FORM_CIRCLE);
	s.min_size = MM(30);
	struct path_layout p;
	struct path_failure why;
	assert_false(path_layout(&p, &s, &why));
	assert_string_equal(why.reason, "the spaces do not fit at the minimum size");
	assert_true(why.fits_at_min > 0 && why.fits_at_min < 200);
	assert_true(why.best_size > 0 && why.best_size < s.min_size);
	/* and what it says fits does */
	s.count = why.fits_at_min;
	struct path_layout q = layout_ok(&s);
	assert_fits(&s, &q);
	path_layout_finish(&q);
	path_layout_finish(&p);
}

/* ---- outlines ---- */

static void board__outlines_overlap_but_touching_does_not(void **state)
{
	(void)state;
	struct outline a, b, c, d, e, f;
	outline_rect(&a, (struct box){0, 0, 100, 100});
	outline_rect(&b, (struct box){100, 0, 100, 100});        /* touches a */
	outline_rect(&c, (struct box){50, 50, 100, 100});        /* overlaps a */
	outline_rect(&d, (struct box){0, 0, 100, 100});          /* equals a */
	outline_rect(&e, (struct box){25, 25, 10, 10});          /* inside a */
	outline_ellipse(&f, (struct box){100, 100, 60, 60}, 72); /* only near a's corner */
	assert_false(outlines_overlap(&a, &b, 0.01));
	assert_true(outlines_overlap(&a, &c, 0.01));
	assert_true(outlines_overlap(&a, &d, 0.01));
	assert_true(outlines_overlap(&a, &e, 0.01));
	assert_true(outlines_overlap(&e, &a, 0.01));
	assert_false(outlines_overlap(&a, &f, 0.01));
	assert_true(outlines_overlap(&c, &f, 0.01));
	assert_true(outline_inside(&e, (struct box){0, 0, 100, 100}, 0.01));
	assert_false(outline_inside(&c, (struct box){0, 0, 100, 100}, 0.01));
	struct bpoint tri[3] = {{0, 0}, {100, 0}, {0, 100}};
	struct outline t;
	outline_polygon(&t, tri, 3);
	assert_true(outline_contains(&t, (struct bpoint){10, 10}, 0.01));
	assert_false(outline_contains(&t, (struct bpoint){90, 90}, 0.01));
	assert_false(outline_contains(&t, (struct bpoint){50, 0}, 0.01)); /* on the edge */
	outline_finish(&a);
	outline_finish(&b);
	outline_finish(&c);
	outline_finish(&d);
	outline_finish(&e);
	outline_finish(&f);
	outline_finish(&t);
}

static void board__zone_post_its_fit_or_say_how_many_would(void **state)
{
	(void)state;
	/* 346 x 94 mm: texts in a column at the left, three 76 mm post-its beside */
	struct zone z = {.shape = ZONE_RECT,
	                 .box = {MM(132), MM(254), MM(346), MM(94)},
	                 .postits = 3,
	                 .postit_size = MM(76)};
	struct zone_geometry g;
	assert_true(zone_layout(&g, &z));
	assert_int_equal(g.ncells, 3);
	for (size_t i = 0; i < g.ncells; i++) {
		assert_true(box_contains(z.box, g.cells[i], 1e-6));
		assert_true(box_contains(g.rest, g.cells[i], 1e-6));
		for (size_t j = 0; j < i; j++)
			assert_true(g.cells[j].x + g.cells[j].w <= g.cells[i].x + 1e-6);
	}
	zone_geometry_finish(&g);
	z.postits = 4;
	assert_false(zone_layout(&g, &z));
	assert_int_equal(g.room, 3);
	zone_geometry_finish(&g);
	/* slots in a row, each with its caption under it */
	struct slot slots[3] = {{.color = {0, 0, 1}}, {.color = {0, 1, 0}}, {.color = {1, 0, 0}}};
	struct zone y = {.shape = ZONE_RECT,
	                 .box = {MM(12), MM(254), MM(112), MM(94)},
	                 .slots = slots,
	                 .nslots = 3};
	assert_true(zone_layout(&g, &y));
	assert_int_equal(g.ncells, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_true(box_contains(box_inset(y.box, MM(5)), g.cells[i], 1e-6));
		assert_true(g.captions[i].y >= g.cells[i].y + g.cells[i].h);
	}
	zone_geometry_finish(&g);
}

/* ---- tiles ---- */

static struct tile_options tile_opts(double bw, double bh, double pw, double ph)
{
	return (struct tile_options){
	        .board_w = MM(bw),
	        .board_h = MM(bh),
	        .paper_w = MM(pw),
	        .paper_h = MM(ph),
	        .margin = MM(5),
	        .band = MM(9),
	        .overlap = MM(10),
	};
}

static struct tile_plan plan_ok(const struct tile_options *o)
{
	struct tile_plan p;
	const char *err = "unset";
	bool ok = tile_plan_make(&p, o, &err);
	if (!ok)
		fprintf(stderr, "tile_plan_make: %s\n", err);
	assert_true(ok);
	assert_null(err);
	return p;
}

/* Every point of the board on a 1 mm grid is in some window, windows stay
 * on the board, neighbours share at least the overlap, and each window
 * fits its sheet inside the margins and the band. */
static void assert_covers(const struct tile_options *o, const struct tile_plan *p)
{
	double eps = 1e-6;
	assert_true(p->window.x >= o->margin + o->band - eps);
	assert_true(p->window.y >= o->margin + o->band - eps);
	assert_true(p->window.x + p->window.w <= p->sheet_w - o->margin - o->band + eps);
	assert_true(p->window.y + p->window.h <= p->sheet_h - o->margin - o->band + eps);
	for (int r = 0; r < p->rows; r++)
		for (int c = 0; c < p->cols; c++) {
			struct box w = tile_plan_get_window(p, r, c);
			assert_true(w.x >= -eps && w.y >= -eps);
			assert_true(w.x + w.w <= o->board_w + eps && w.y + w.h <= o->board_h + eps);
		}
	for (int c = 1; c < p->cols; c++)
		assert_true(p->x[c - 1] + p->win_w - p->x[c] >= o->overlap - eps);
	for (int r = 1; r < p->rows; r++)
		assert_true(p->y[r - 1] + p->win_h - p->y[r] >= o->overlap - eps);
	if (p->cols > 1)
		assert_true(p->overlap_x >= o->overlap - eps);
	if (p->rows > 1)
		assert_true(p->overlap_y >= o->overlap - eps);
	for (double y = 0; y <= o->board_h + eps; y += MM(1)) {
		for (double x = 0; x <= o->board_w + eps; x += MM(1)) {
			bool in = false;
			for (int r = 0; r < p->rows && !in; r++)
				for (int c = 0; c < p->cols && !in; c++) {
					struct box w = tile_plan_get_window(p, r, c);
					in = x >= w.x - eps && x <= w.x + w.w + eps &&
					     y >= w.y - eps && y <= w.y + w.h + eps;
				}
			if (!in) {
				fprintf(stderr, "board point (%.1f, %.1f) mm is on no tile\n",
				        x / PT_PER_MM, y / PT_PER_MM);
				fail();
			}
		}
	}
}

static void tiles__a2_landscape_on_a4_is_4_by_2_portrait_sheets(void **state)
{
	(void)state;
	struct tile_options o = tile_opts(594, 420, 210, 297);
	struct tile_plan p = plan_ok(&o);
	assert_int_equal(p.cols, 4);
	assert_int_equal(p.rows, 2);
	assert_true(p.sheet_w < p.sheet_h);
	assert_covers(&o, &p);
	tile_plan_finish(&p);
}

static void tiles__a2_landscape_on_a3_is_2_by_2_landscape_sheets(void **state)
{
	(void)state;
	struct tile_options o = tile_opts(594, 420, 297, 420);
	struct tile_plan p = plan_ok(&o);
	assert_int_equal(p.cols, 2);
	assert_int_equal(p.rows, 2);
	assert_true(p.sheet_w > p.sheet_h);
	assert_covers(&o, &p);
	tile_plan_finish(&p);
}

static void tiles__a2_portrait_on_a4_is_2_by_4_landscape_sheets(void **state)
{
	(void)state;
	struct tile_options o = tile_opts(420, 594, 210, 297);
	struct tile_plan p = plan_ok(&o);
	assert_int_equal(p.cols, 2);
	assert_int_equal(p.rows, 4);
	assert_true(p.sheet_w > p.sheet_h);
	assert_covers(&o, &p);
	tile_plan_finish(&p);
	/* and A3 sheets */
	o = tile_opts(420, 594, 297, 420);
	p = plan_ok(&o);
	assert_int_equal(p.cols * p.rows, 4);
	assert_covers(&o, &p);
	tile_plan_finish(&p);
}

static void tiles__forced_orientation_is_kept(void **state)
{
	(void)state;
	struct tile_options o = tile_opts(594, 420, 210, 297);
	o.orientation = TILE_LANDSCAPE;
	struct tile_plan p = plan_ok(&o);
	assert_true(p.sheet_w > p.sheet_h);
	assert_int_equal(p.cols * p.rows, 9);
	assert_covers(&o, &p);
	tile_plan_finish(&p);
}

static void tiles__a1_and_a0_are_covered(void **state)
{
	(void)state;
	static const double sizes[][2] = {{841, 594}, {594, 841}, {1189, 841}, {500, 300}};
	for (size_t i = 0; i < 4; i++) {
		for (int paper = 0; paper < 2; paper++) {
			struct tile_options o = tile_opts(sizes[i][0], sizes[i][1],
			                                  paper ? 297 : 210, paper ? 420 : 297);
			struct tile_plan p = plan_ok(&o);
			assert_covers(&o, &p);
			tile_plan_finish(&p);
		}
	}
}

static void tiles__paper_not_smaller_than_the_board_fails(void **state)
{
	(void)state;
	struct tile_options o = tile_opts(297, 420, 297, 420);
	struct tile_plan p;
	const char *err = NULL;
	assert_false(tile_plan_make(&p, &o, &err));
	assert_string_equal(err, "the paper is not smaller than the board; print the board whole");
	o = tile_opts(420, 297, 297, 420); /* turned */
	assert_false(tile_plan_make(&p, &o, &err));
	o = tile_opts(200, 200, 297, 420);
	assert_false(tile_plan_make(&p, &o, &err));
}

static void tiles__seams_move_off_text_where_they_can(void **state)
{
	(void)state;
	struct tile_options o = tile_opts(594, 420, 210, 297);
	struct tile_plan even = plan_ok(&o);
	/* a text right across each seam of the even plan that can move (the
	 * first and last windows sit at the board's edges) */
	struct box avoid[8];
	size_t n = 0;
	for (int c = 1; c + 1 < even.cols; c++)
		avoid[n++] = (struct box){even.x[c] - MM(8), MM(100), MM(16), MM(10)};
	o.avoid = avoid;
	o.navoid = n;
	struct tile_plan p = plan_ok(&o);
	assert_int_equal(p.crossings, 0);
	for (int c = 1; c < p.cols; c++)
		for (size_t i = 0; i < n; i++)
			assert_false(p.x[c] > avoid[i].x + MM(0.5) &&
			             p.x[c] < avoid[i].x + avoid[i].w - MM(0.5));
	assert_covers(&o, &p);
	tile_plan_finish(&p);
	tile_plan_finish(&even);
}

static void tiles__labels_are_row_letters_and_column_numbers(void **state)
{
	(void)state;
	char buf[16];
	tile_plan_get_label(0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "A1");
	tile_plan_get_label(1, 1, buf, sizeof(buf));
	assert_string_equal(buf, "B2");
	tile_plan_get_label(25, 9, buf, sizeof(buf));
	assert_string_equal(buf, "Z10");
	tile_plan_get_label(26, 0, buf, sizeof(buf));
	assert_string_equal(buf, "AA1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(board__serpentine_spaces_evenly_spaced_inside_and_apart),
	        cmocka_unit_test(board__serpentine_runs_from_its_corner_to_the_far_one),
	        cmocka_unit_test(board__serpentine_chooses_rows_for_the_largest_spaces),
	        cmocka_unit_test(board__size_is_the_largest_that_fits),
	        cmocka_unit_test(board__loop_circle_spiral_and_path_fit),
	        cmocka_unit_test(board__loop_starts_at_its_corner_and_goes_round),
	        cmocka_unit_test(board__points_places_each_space_as_given),
	        cmocka_unit_test(board__too_many_spaces_fail_with_what_would_fit),
	        cmocka_unit_test(board__outlines_overlap_but_touching_does_not),
	        cmocka_unit_test(board__zone_post_its_fit_or_say_how_many_would),
	        cmocka_unit_test(tiles__a2_landscape_on_a4_is_4_by_2_portrait_sheets),
	        cmocka_unit_test(tiles__a2_landscape_on_a3_is_2_by_2_landscape_sheets),
	        cmocka_unit_test(tiles__a2_portrait_on_a4_is_2_by_4_landscape_sheets),
	        cmocka_unit_test(tiles__forced_orientation_is_kept),
	        cmocka_unit_test(tiles__a1_and_a0_are_covered),
	        cmocka_unit_test(tiles__paper_not_smaller_than_the_board_fails),
	        cmocka_unit_test(tiles__seams_move_off_text_where_they_can),
	        cmocka_unit_test(tiles__labels_are_row_letters_and_column_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
