/* Tuck boxes: the net's panels from the card, the stack and the clearance,
 * the limits of a sane box and of the paper, and the display list: art
 * first, then the fold lines and the one closed cut line over it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "layout/box.h"
#include "typeset/fonts.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM PT_PER_MM

static void assert_mm(double pt, double mm)
{
	if (fabs(pt / MM - mm) > 0.001)
		fail_msg("%.4f mm, expected %.4f mm", pt / MM, mm);
}

/* The sample's Capital Cards: 44 A6 cards at 0.32 mm, 1 mm clearance. */
static void box__panels_are_card_and_stack_plus_clearance(void **state)
{
	(void)state;
	struct box_net n;
	assert_int_equal(box_net_plan(&n, 105 * MM, 148 * MM, 44, 0.32 * MM, 1 * MM), BOX_NET_OK);
	assert_mm(n.stack, 14.08);
	assert_mm(n.front.w, 106);
	assert_mm(n.front.h, 149);
	assert_mm(n.back.w, 106);
	assert_mm(n.side_left.w, 15.08);
	assert_mm(n.side_right.w, 15.08);
	assert_mm(n.side_left.h, 149);
	assert_mm(n.top.w, 106);
	assert_mm(n.top.h, 15.08);
	assert_mm(n.bottom.h, 15.08);
	assert_mm(n.glue_flap.w, 12);
	assert_mm(n.tuck_flap.h, 15);
	/* the tuck flap fits between the sides, each a card thick */
	assert_true(n.tuck_flap.w <= n.w - 2 * n.caliper);
	/* left to right: front, side, back, side, glue flap */
	assert_mm(n.side_left.x, 106);
	assert_mm(n.back.x, 121.08);
	assert_mm(n.side_right.x, 227.08);
	assert_mm(n.glue_flap.x, 242.16);
	assert_mm(n.width, 254.16);
	assert_mm(n.height, 15 + 15.08 + 149 + 15.08);
	/* the top hangs from the back, the bottom from the front */
	assert_mm(n.top.x, n.back.x / MM);
	assert_mm(n.top.y + n.top.h, n.back.y / MM);
	assert_mm(n.bottom.y, (n.front.y + n.front.h) / MM);
	/* flaps that fold in against each other leave room between them */
	assert_true(2 * n.dust_top < n.w);
	assert_true(n.bottom_glue <= n.d);
}

static void box__a_stack_deeper_than_the_box_is_wide_is_too_thick(void **state)
{
	(void)state;
	struct box_net n;
	/* 64 mm wide inside: 209 × 0.30 + 1 = 63.7 mm deep is still a box, 211 not */
	assert_int_equal(box_net_plan(&n, 63 * MM, 88 * MM, 209, 0.30 * MM, 1 * MM), BOX_NET_OK);
	assert_int_equal(box_net_plan(&n, 63 * MM, 88 * MM, 211, 0.30 * MM, 1 * MM),
	                 BOX_NET_TOO_THICK);
	assert_mm(n.d, 64.3);
	/* a landscape card: its height limits the depth */
	assert_int_equal(box_net_plan(&n, 88 * MM, 63 * MM, 211, 0.30 * MM, 1 * MM),
	                 BOX_NET_TOO_THICK);
}

static void box__paper_is_turned_to_hold_the_net(void **state)
{
	(void)state;
	struct box_net n;
	box_net_plan(&n, 105 * MM, 148 * MM, 44, 0.32 * MM, 1 * MM);
	/* 254 × 194 mm: only A4 landscape holds it inside 5 mm margins */
	struct box_paper p = {210 * MM, 297 * MM, 5 * MM};
	assert_true(box_net_fit_paper(&n, &p, false, false));
	assert_mm(p.w, 297);
	assert_mm(p.h, 210);
	p = (struct box_paper){210 * MM, 297 * MM, 5 * MM};
	assert_false(box_net_fit_paper(&n, &p, false, true)); /* portrait only */
	p = (struct box_paper){210 * MM, 297 * MM, 5 * MM};
	assert_true(box_net_fit_paper(&n, &p, true, true)); /* landscape only */
	/* A5 cards: too large for A4 either way, and A3 holds them */
	box_net_plan(&n, 148 * MM, 210 * MM, 20, 0.30 * MM, 1 * MM);
	p = (struct box_paper){210 * MM, 297 * MM, 5 * MM};
	assert_false(box_net_fit_paper(&n, &p, false, false));
	p = (struct box_paper){297 * MM, 420 * MM, 5 * MM};
	assert_true(box_net_fit_paper(&n, &p, false, false));
	assert_mm(p.w, 420);
}

/* The stroked paths of l, in order: their colours' red and whether dashed. */
static size_t strokes(const struct dlist *l, double *red, bool *dashed, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < l->count && n < max; i++) {
		const struct dl_op *op = &l->ops[i];
		if (op->kind != DL_PATH || !op->u.path.has_stroke || op->u.path.has_fill)
			continue;
		red[n] = op->u.path.stroke.r;
		dashed[n++] = op->u.path.dash_mode == DL_DASH_ON_OFF;
	}
	return n;
}

static void box__lines_come_last_over_the_art(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct fonts *fonts;
	assert_true(fonts_create(&fonts, "fonts", &d));
	struct box_net n;
	box_net_plan(&n, 63 * MM, 88 * MM, 30, 0.30 * MM, 1 * MM);
	struct dlist back;
	dlist_init(&back, 63 * MM, 88 * MM, 3 * MM);
	struct box_legend_entry legend[] = {{"Tillid", {0.2, 0.4, 0.7}}};
	struct box_faces f = {.title = "Kapitalkort",
	                      .card_back = &back,
	                      .legend = legend,
	                      .nlegend = 1,
	                      .base = {0.1, 0.1, 0.3},
	                      .family = "Lato",
	                      .lang = "da"};
	struct box_lines shop = {.cut = {0.9, 0, 0}, .fold = {0.5, 0, 0}, .width = 0.25};
	struct dlist l;
	dlist_init(&l, n.width, n.height, 3 * MM);
	box_net_layout(&l, &n, &f, &shop, 3 * MM, 0, 0, fonts_get_context(fonts));
	double red[8];
	bool dashed[8];
	assert_int_equal(strokes(&l, red, dashed, 8), 2);
	assert_true(red[0] == 0.5 && !dashed[0]); /* folds, solid for the shop */
	assert_true(red[1] == 0.9 && !dashed[1]); /* the cut line on top */
	const struct dl_op *last = &l.ops[l.count - 1];
	assert_int_equal(last->kind, DL_PATH);
	/* one closed outline */
	size_t moves = 0, closes = 0;
	for (size_t i = 0; i < last->u.path.nsegs; i++) {
		moves += last->u.path.segs[i].kind == DL_SEG_MOVE;
		closes += last->u.path.segs[i].kind == DL_SEG_CLOSE;
	}
	assert_int_equal(moves, 1);
	assert_int_equal(closes, 1);
	dlist_finish(&l);

	/* at home: on A4, the folds dashed, the net centred */
	struct box_paper p = {210 * MM, 297 * MM, 5 * MM};
	assert_true(box_net_fit_paper(&n, &p, false, false));
	box_net_layout_sheet(&l, &n, &f, &p, NULL, fonts_get_context(fonts));
	assert_mm(l.trim_w, 210);
	assert_int_equal(strokes(&l, red, dashed, 8), 2);
	assert_true(dashed[0] && !dashed[1]);
	dlist_finish(&l);
	dlist_finish(&back);
	fonts_destroy(fonts);
	diag_finish(&d);
}

/* A light back colour gets dark texts on the sides, the top and the back. */
static void box__texts_stay_readable_on_a_light_back(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct fonts *fonts;
	assert_true(fonts_create(&fonts, "fonts", &d));
	struct box_net n;
	box_net_plan(&n, 63 * MM, 88 * MM, 40, 0.30 * MM, 1 * MM);
	struct box_faces f = {.title = "Quiz",
	                      .subject = "Om social kapital",
	                      .base = {0.95, 0.93, 0.85},
	                      .family = "Lato",
	                      .lang = "da"};
	struct box_lines lines = {.width = 0.5};
	struct dlist l;
	dlist_init(&l, n.width, n.height, 0);
	box_net_layout(&l, &n, &f, &lines, 0, 0, 0, fonts_get_context(fonts));
	size_t texts = 0;
	for (size_t i = 0; i < l.count; i++) {
		if (l.ops[i].kind != DL_TEXT)
			continue;
		texts++;
		assert_true(l.ops[i].u.text.color.r < 0.5);
	}
	/* front (title, subject), back (title, subject), two sides, top */
	assert_int_equal(texts, 7);
	dlist_finish(&l);
	fonts_destroy(fonts);
	diag_finish(&d);
}

/* The legend's texts in l: how many, and how many distinct left edges
 * (columns) they start at. */
static size_t legend_texts(const struct dlist *l, const char *prefix, size_t *columns)
{
	double xs[16];
	size_t n = 0, nx = 0;
	for (size_t i = 0; i < l->count; i++) {
		const struct dl_op *op = &l->ops[i];
		if (op->kind != DL_TEXT ||
		    strncmp(op->u.text.rich.text, prefix, strlen(prefix)) != 0)
			continue;
		n++;
		bool seen = false;
		for (size_t k = 0; k < nx; k++)
			seen |= fabs(xs[k] - op->u.text.box.x) < 0.01;
		if (!seen && nx < 16)
			xs[nx++] = op->u.text.box.x;
	}
	*columns = nx;
	return n;
}

/* Many categories on a poker deck's box: the legend takes two columns, and
 * every name is there; far too many for the panel: the names left out are
 * counted (the build warns), their colours still shown. */
static void box__a_long_legend_takes_columns(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct fonts *fonts;
	assert_true(fonts_create(&fonts, "fonts", &d));
	struct box_net n;
	box_net_plan(&n, 63 * MM, 88 * MM, 60, 0.30 * MM, 1 * MM);
	char names[400][24];
	struct box_legend_entry legend[400];
	for (size_t i = 0; i < 400; i++) {
		snprintf(names[i], sizeof(names[i]), "Kategori %zu", i + 1);
		legend[i] = (struct box_legend_entry){names[i], {0.2, 0.4, 0.7}};
	}
	struct box_faces f = {.title = "Mini",
	                      .legend = legend,
	                      .nlegend = 28,
	                      .base = {0.1, 0.1, 0.3},
	                      .family = "Lato",
	                      .lang = "da"};
	struct box_lines lines = {.width = 0.5};
	struct dlist l;
	dlist_init(&l, n.width, n.height, 0);
	assert_int_equal(box_net_layout(&l, &n, &f, &lines, 0, 0, 0, fonts_get_context(fonts)), 0);
	size_t columns;
	assert_int_equal(legend_texts(&l, "Kategori ", &columns), 28);
	assert_int_equal(columns, 2);
	dlist_finish(&l);

	f.nlegend = 400;
	dlist_init(&l, n.width, n.height, 0);
	size_t left_out = box_net_layout(&l, &n, &f, &lines, 0, 0, 0, fonts_get_context(fonts));
	assert_true(left_out > 0);
	assert_int_equal(legend_texts(&l, "Kategori ", &columns) + left_out, 400);
	size_t swatches = 0;
	for (size_t i = 0; i < l.count; i++)
		swatches += l.ops[i].kind == DL_PATH && l.ops[i].u.path.has_fill &&
		            l.ops[i].u.path.fill.r == 0.2 && l.ops[i].u.path.fill.b == 0.7;
	assert_int_equal(swatches, 400);
	dlist_finish(&l);
	fonts_destroy(fonts);
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(box__panels_are_card_and_stack_plus_clearance),
	        cmocka_unit_test(box__a_stack_deeper_than_the_box_is_wide_is_too_thick),
	        cmocka_unit_test(box__paper_is_turned_to_hold_the_net),
	        cmocka_unit_test(box__lines_come_last_over_the_art),
	        cmocka_unit_test(box__texts_stay_readable_on_a_light_back),
	        cmocka_unit_test(box__a_long_legend_takes_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
