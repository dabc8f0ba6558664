#include "layout/box.h"

#include <math.h>
#include <string.h>

#include "typeset/fit.h"
#include "util/buf.h"

#define MM PT_PER_MM

/* The flaps, as folding cartons of card stock have them. */
#define GLUE_FLAP (12 * MM)   /* the side seam, at most a quarter of the front */
#define TUCK_FLAP (15 * MM)   /* at most a third of the front's height */
#define NOTCH_RADIUS (8 * MM) /* at most a sixth of the front's width */
#define DUST_CLEAR (1 * MM)   /* between two dust flaps folded in */
#define FLAP_CHAMFER (2 * MM) /* off the free corners of the dust flaps */
#define HOME_BLEED (2 * MM)   /* around the net on a home print */
#define KAPPA 0.5522847498    /* a quarter circle as one cubic Bézier */

enum box_net_problem box_net_plan(struct box_net *out, double card_w, double card_h, long cards,
                                  double caliper, double clearance)
{
	struct box_net n = {
	        .card_w = card_w,
	        .card_h = card_h,
	        .caliper = caliper,
	        .clearance = clearance,
	        .cards = cards,
	        .stack = (double)cards * caliper,
	};
	n.w = card_w + clearance;
	n.h = card_h + clearance;
	n.d = n.stack + clearance;
	n.glue = fmin(GLUE_FLAP, n.w / 4);
	n.tuck = fmin(TUCK_FLAP, n.h / 3);
	/* the flap slides in between the sides, each a card thick */
	n.tuck_inset = 2 * caliper;
	n.notch = fmin(NOTCH_RADIUS, n.w / 6);
	n.dust_top = fmax(0, fmin(n.tuck, n.w / 2 - DUST_CLEAR));
	n.dust_bottom = fmax(0, fmin(n.d, n.w / 2 - DUST_CLEAR));
	n.bottom_glue = n.d - fmin(1 * MM, n.d / 4);
	double body = n.tuck + n.d; /* the top of the front, back and sides */
	n.width = 2 * n.w + 2 * n.d + n.glue;
	n.height = body + n.h + n.d;
	n.front = (struct box){0, body, n.w, n.h};
	n.side_left = (struct box){n.w, body, n.d, n.h};
	n.back = (struct box){n.w + n.d, body, n.w, n.h};
	n.side_right = (struct box){2 * n.w + n.d, body, n.d, n.h};
	n.glue_flap = (struct box){2 * n.w + 2 * n.d, body, n.glue, n.h};
	n.top = (struct box){n.back.x, n.tuck, n.w, n.d};
	n.tuck_flap = (struct box){n.back.x + n.tuck_inset, 0, n.w - 2 * n.tuck_inset, n.tuck};
	n.bottom = (struct box){0, body + n.h, n.w, n.d};
	*out = n;
	return n.d > fmin(n.w, n.h) ? BOX_NET_TOO_THICK : BOX_NET_OK;
}

/* ---- the outline and the folds ---- */

/* A quarter of an ellipse from the current point a to b, bulging towards
 * the corner c. */
static void corner(struct dl_path *p, double ax, double ay, double cx, double cy, double bx,
                   double by)
{
	dl_path_curve_to(p, ax + KAPPA * (cx - ax), ay + KAPPA * (cy - ay), bx + KAPPA * (cx - bx),
	                 by + KAPPA * (cy - by), bx, by);
}

/* A flap on an edge from (x0, y) to (x1, y), reaching dy (up when
 * negative) and narrowing by chamfer at its free corners. */
static void flap(struct dl_path *p, double x0, double x1, double y, double dy, double chamfer)
{
	double s = x1 > x0 ? 1 : -1;
	dl_path_line_to(p, x0 + s * chamfer, y + dy);
	dl_path_line_to(p, x1 - s * chamfer, y + dy);
	dl_path_line_to(p, x1, y);
}

/* The cut line: the net's outline, clockwise from the front's top-left
 * corner, with x, y added. */
static void outline(struct dl_path *p, const struct box_net *n, double x, double y)
{
	double body = y + n->front.y, bot = body + n->h;
	double fx = x, s1 = x + n->side_left.x, bx = x + n->back.x, s2 = x + n->side_right.x;
	double gx = x + n->glue_flap.x, top = y + n->top.y, r = n->notch;
	double cx = fx + n->w / 2;
	dl_path_move_to(p, fx, body);
	/* the thumb notch */
	dl_path_line_to(p, cx - r, body);
	corner(p, cx - r, body, cx - r, body + r, cx, body + r);
	corner(p, cx, body + r, cx + r, body + r, cx + r, body);
	dl_path_line_to(p, s1, body);
	double ch = fmin(FLAP_CHAMFER, n->d / 4);
	flap(p, s1, bx, body, -n->dust_top, ch);
	/* the top panel and its tuck flap, with rounded corners */
	const struct box *t = &n->tuck_flap;
	double tx0 = x + t->x, tx1 = tx0 + t->w, ty = y + t->y;
	double rr = fmin(n->tuck / 2, t->w / 4);
	dl_path_line_to(p, bx, top);
	dl_path_line_to(p, tx0, top);
	dl_path_line_to(p, tx0, ty + rr);
	corner(p, tx0, ty + rr, tx0, ty, tx0 + rr, ty);
	dl_path_line_to(p, tx1 - rr, ty);
	corner(p, tx1 - rr, ty, tx1, ty, tx1, ty + rr);
	dl_path_line_to(p, tx1, top);
	dl_path_line_to(p, s2, top);
	dl_path_line_to(p, s2, body);
	flap(p, s2, gx, body, -n->dust_top, ch);
	/* the side seam's glue flap, its ends slanted */
	double gc = fmin(n->glue / 2, n->h / 8);
	dl_path_line_to(p, gx + n->glue, body + gc);
	dl_path_line_to(p, gx + n->glue, bot - gc);
	dl_path_line_to(p, gx, bot);
	/* the bottom: dust flaps, the back's glue flap, the bottom panel */
	flap(p, gx, s2, bot, n->dust_bottom, ch);
	flap(p, s2, bx, bot, n->bottom_glue, fmin(n->bottom_glue, n->w / 4));
	flap(p, bx, s1, bot, n->dust_bottom, ch);
	dl_path_line_to(p, s1, bot + n->d);
	dl_path_line_to(p, fx, bot + n->d);
	dl_path_close(p);
}

static void fold_lines(struct dl_path *p, const struct box_net *n, double x, double y)
{
	double body = y + n->front.y, bot = body + n->h;
	const double xs[] = {n->side_left.x, n->back.x, n->side_right.x, n->glue_flap.x};
	for (size_t i = 0; i < 4; i++) {
		dl_path_move_to(p, x + xs[i], body);
		dl_path_line_to(p, x + xs[i], bot);
	}
	/* the sides' dust flaps and the top panel; the front's top is cut */
	dl_path_move_to(p, x + n->side_left.x, body);
	dl_path_line_to(p, x + n->glue_flap.x, body);
	dl_path_move_to(p, x + n->tuck_flap.x, y + n->top.y);
	dl_path_line_to(p, x + n->tuck_flap.x + n->tuck_flap.w, y + n->top.y);
	dl_path_move_to(p, x, bot);
	dl_path_line_to(p, x + n->glue_flap.x, bot);
}

/* ---- the faces ---- */

static struct box shift(struct box b, double x, double y)
{
	return (struct box){b.x + x, b.y + y, b.w, b.h};
}

/* Appends s in a frame b (turned by angle about its centre), as large as
 * fits between size and min_size, centred; false, and nothing appended,
 * when it does not fit. */
static bool put_text(struct dlist *out, PangoContext *ctx, const char *s, struct box b,
                     struct text_style st, struct color c, double angle)
{
	if (!s || !*s || b.w <= 0 || b.h <= 0)
		return false;
	struct rich r;
	rich_init(&r);
	rich_append_plain(&r, s, strlen(s), 0);
	struct fit_result fr;
	bool fits = fit_text(ctx, &r, &st, b.w, b.h, &fr);
	if (fits) {
		struct dl_text *t = dlist_add_text(out);
		dl_text_set_rich(t, &r);
		t->style = st;
		t->style.size = fr.size;
		t->width = b.w;
		t->box = b;
		t->dy = (b.h - fr.height) / 2;
		t->angle = angle;
		t->color = c;
	}
	rich_finish(&r);
	return fits;
}

static struct text_style style(const struct box_faces *f, double size, double min, int weight)
{
	return (struct text_style){.family = f->family,
	                           .weight = weight,
	                           .size = size,
	                           .min_size = min,
	                           .line_height = 1.15,
	                           .align = ALIGN_CENTER,
	                           .lang = f->lang};
}

/* Text on c: white on a dark colour, near-black on a light one. */
static struct color ink_on(struct color c)
{
	double y = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
	return y > 0.5 ? (struct color){0.1, 0.1, 0.1} : (struct color){1, 1, 1};
}

static void fill_rect(struct dlist *out, struct box b, struct color c)
{
	struct dl_path *p = dlist_add_path(out, DL_NEW_PATH_BEFORE | DL_NEW_PATH_AFTER);
	dl_path_rect(p, b, 0);
	dl_path_set_fill(p, c);
}

/* The card's back, covering the front panel, and beyond its cut edges
 * (left and top) by bleed; without one, the title and the subject. */
static void put_front(struct dlist *out, const struct box_net *n, const struct box_faces *f,
                      double bleed, double x, double y, PangoContext *ctx)
{
	const struct dlist *cb = f->card_back;
	struct box fr = shift(n->front, x, y);
	if (!cb || cb->trim_w <= 0 || cb->trim_h <= 0) {
		struct box in = box_inset(fr, fmin(6 * MM, fr.w / 10));
		struct color ink = ink_on(f->base);
		struct box tb = {in.x, in.y + in.h / 4, in.w, fmin(in.h / 4, 30 * MM)};
		put_text(out, ctx, f->title, tb, style(f, 28, 8, 700), ink, 0);
		put_text(out, ctx, f->subject,
		         (struct box){in.x, tb.y + tb.h + 3 * MM, in.w, in.h / 6},
		         style(f, 11, 6, 400), ink, 0);
		return;
	}
	double k = fmax(fr.w / cb->trim_w, fr.h / cb->trim_h);
	struct dl_group *g = dlist_add_group(out);
	g->transform = true;
	g->tx = fr.x + (fr.w - k * cb->trim_w) / 2;
	g->ty = fr.y + (fr.h - k * cb->trim_h) / 2;
	g->sx = g->sy = k;
	g->clip = true;
	g->clip_box = (struct box){(fr.x - bleed - g->tx) / k, (fr.y - bleed - g->ty) / k,
	                           (fr.w + bleed) / k, (fr.h + bleed) / k};
	dlist_append(out, cb);
	dlist_add_end(out);
}

/* A legend row no lower than this holds a name at the legend's smallest
 * size (5 pt, lines 1.15 apart) with a little air; a column no narrower
 * than this holds the swatch and a short name. */
#define LEGEND_MIN_ROW (3 * MM)
#define LEGEND_MIN_COLUMN (18 * MM)

/* The legend of the categories in box legend, in as few columns as keep
 * every row at least LEGEND_MIN_ROW high (as many as the panel is wide
 * for); the number of names that fit nowhere, left out. */
static size_t put_legend(struct dlist *out, const struct box_faces *f, struct box legend,
                         struct color ink, PangoContext *ctx)
{
	size_t n = f->nlegend;
	size_t fit_rows = (size_t)fmax(1, floor(legend.h / LEGEND_MIN_ROW));
	size_t most_cols = (size_t)fmax(1, floor(legend.w / LEGEND_MIN_COLUMN));
	size_t cols = (n + fit_rows - 1) / fit_rows;
	cols = cols < 1 ? 1 : cols > most_cols ? most_cols : cols;
	size_t rows = (n + cols - 1) / cols;
	double row = fmin(7 * MM, legend.h / (double)rows), gap = cols > 1 ? 3 * MM : 0;
	double col_w = (legend.w - gap * (double)(cols - 1)) / (double)cols;
	double sw = fmin(row * 0.7, 5 * MM);
	size_t left_out = 0;
	for (size_t i = 0; i < n; i++) {
		double cx = legend.x + (double)(i / rows) * (col_w + gap);
		double ry = legend.y + (double)(i % rows) * row;
		struct text_style st = style(f, 10, 5, 400);
		st.align = ALIGN_START;
		struct dl_path *p = dlist_add_path(out, DL_NEW_PATH_BEFORE | DL_NEW_PATH_AFTER);
		dl_path_rect(p, (struct box){cx, ry + (row - sw) / 2, sw, sw}, sw / 5);
		dl_path_set_fill(p, f->legend[i].color);
		struct box name = {cx + sw + 2 * MM, ry, col_w - sw - 2 * MM, row};
		/* a name that does not fit leaves its swatch, the category's colour */
		left_out += !put_text(out, ctx, f->legend[i].name, name, st, ink, 0);
	}
	return left_out;
}

/* The back panel: the title, the subject, the legend of the categories and
 * the maker's name, on white, in the base colour when it is dark enough.
 * The number of category names left out. */
static size_t put_back(struct dlist *out, const struct box_net *n, const struct box_faces *f,
                       double x, double y, PangoContext *ctx)
{
	struct box b = shift(n->back, x, y);
	struct color white = {1, 1, 1};
	struct color ink = ink_on(f->base).r > 0.5 ? f->base : ink_on(white);
	fill_rect(out, b, white);
	double pad = fmin(6 * MM, b.w / 10);
	struct box in = box_inset(b, pad);
	double ty = in.y;
	struct box tb = {in.x, ty, in.w, fmin(in.h / 4, 24 * MM)};
	put_text(out, ctx, f->title, tb, style(f, 24, 8, 700), ink, 0);
	ty += tb.h + 1 * MM;
	struct box sb = {in.x, ty, in.w, fmin(in.h / 6, 12 * MM)};
	if (f->subject && put_text(out, ctx, f->subject, sb, style(f, 10, 6, 400), ink, 0))
		ty += sb.h;
	ty += 3 * MM;
	double foot = f->maker ? 6 * MM : 0;
	double room = in.y + in.h - foot - ty;
	size_t left_out = 0;
	if (f->nlegend && room > 0)
		left_out = put_legend(out, f, (struct box){in.x, ty, in.w, room}, ink, ctx);
	else
		left_out = f->nlegend;
	if (f->maker)
		put_text(out, ctx, f->maker, (struct box){in.x, in.y + in.h - foot, in.w, foot},
		         style(f, 8, 5, 400), ink, 0);
	return left_out;
}

/* The title along a side (read from the bottom up) or across the top
 * (read from the front, so upside down in the net). */
static void put_title_on(struct dlist *out, const struct box_faces *f, struct box panel, bool side,
                         PangoContext *ctx)
{
	double pad = fmin(2 * MM, fmin(panel.w, panel.h) / 6);
	struct box in = box_inset(panel, pad);
	double cx = in.x + in.w / 2, cy = in.y + in.h / 2;
	double along = side ? in.h : in.w, across = side ? in.w : in.h;
	struct box frame = {cx - along / 2, cy - across / 2, along, across};
	put_text(out, ctx, f->title, frame, style(f, 16, 6, 700), ink_on(f->base),
	         side ? -PI / 2 : PI);
}

size_t box_net_layout(struct dlist *out, const struct box_net *n, const struct box_faces *f,
                      const struct box_lines *lines, double bleed, double x, double y,
                      PangoContext *ctx)
{
	/* the net in the base colour, bleed beyond its cut line */
	struct dl_path *p = dlist_add_path(out, DL_NEW_PATH_BEFORE | DL_NEW_PATH_AFTER);
	outline(p, n, x, y);
	dl_path_set_fill(p, f->base);
	if (bleed > 0) {
		dl_path_set_stroke(p, f->base, 2 * bleed);
		p->line_join = DL_JOIN_ROUND;
	}
	put_front(out, n, f, bleed, x, y, ctx);
	size_t left_out = put_back(out, n, f, x, y, ctx);
	put_title_on(out, f, shift(n->side_left, x, y), true, ctx);
	put_title_on(out, f, shift(n->side_right, x, y), true, ctx);
	put_title_on(out, f, shift(n->top, x, y), false, ctx);
	/* the lines over the art */
	p = dlist_add_path(out, DL_NEW_PATH_BEFORE | DL_NEW_PATH_AFTER);
	fold_lines(p, n, x, y);
	dl_path_set_stroke(p, lines->fold, lines->width);
	p->line_cap = DL_CAP_BUTT;
	p->dash_mode = lines->fold_dashed ? DL_DASH_ON_OFF : DL_DASH_SOLID;
	p->dash[0] = 3 * MM;
	p->dash[1] = 1.5 * MM;
	p = dlist_add_path(out, DL_NEW_PATH_BEFORE | DL_NEW_PATH_AFTER);
	outline(p, n, x, y);
	dl_path_set_stroke(p, lines->cut, lines->width);
	p->line_join = DL_JOIN_MITER;
	p->dash_mode = DL_DASH_SOLID;
	return left_out;
}

/* ---- the home print ---- */

static bool fits(const struct box_net *n, double w, double h, double m)
{
	return n->width <= w - 2 * m + 1e-6 && n->height <= h - 2 * m + 1e-6;
}

bool box_net_fit_paper(const struct box_net *net, struct box_paper *paper, bool landscape,
                       bool only_one)
{
	double a = fmin(paper->w, paper->h), b = fmax(paper->w, paper->h);
	for (int i = 0; i < (only_one ? 1 : 2); i++) {
		bool wide = (i == 0) == landscape;
		double w = wide ? b : a, h = wide ? a : b;
		if (fits(net, w, h, paper->margin)) {
			paper->w = w;
			paper->h = h;
			return true;
		}
	}
	return false;
}

static const enum phrase_key sheet_phrases[] = {PHRASE_SHEETS_NOTE, PHRASE_PIECES_CUT,
                                                PHRASE_PIECES_FOLD};

const enum phrase_key *box_net_get_phrases(size_t *n)
{
	*n = sizeof(sheet_phrases) / sizeof(sheet_phrases[0]);
	return sheet_phrases;
}

void box_net_layout_sheet(struct dlist *out, const struct box_net *net, const struct box_faces *f,
                          const struct box_paper *paper, const struct phrasebook *pb,
                          PangoContext *ctx)
{
	dlist_init(out, paper->w, paper->h, 0);
	double x = (paper->w - net->width) / 2, y = (paper->h - net->height) / 2;
	double bleed = fmin(HOME_BLEED, fmin(x, y));
	struct box_lines lines = {
	        .cut = {0, 0, 0}, .fold = {0.35, 0.35, 0.35}, .width = 0.5, .fold_dashed = true};
	box_net_layout(out, net, f, &lines, bleed, x, y, ctx);
	/* what to do with it, in the widest strip beside the net */
	struct buf words;
	buf_init(&words);
	for (size_t i = 0; i < sizeof(sheet_phrases) / sizeof(sheet_phrases[0]); i++) {
		const char *s = phrasebook_get(pb, f->lang, sheet_phrases[i], NULL);
		if (s && *s)
			buf_printf(&words, "%s%s", words.len ? " · " : "", s);
	}
	/* the widest strip between the net and the margins: below, above, or
	 * (read upwards) at the left */
	double m = paper->margin;
	double below = paper->h - m - (y + net->height + bleed), above = y - bleed - m;
	double side = x - bleed - m;
	struct box strip =
	        below >= above ? (struct box){m, y + net->height + bleed, paper->w - 2 * m, below}
	                       : (struct box){m, m, paper->w - 2 * m, above};
	double angle = 0;
	if (side > strip.h) {
		double along = paper->h - 2 * m, cx = m + side / 2, cy = paper->h / 2;
		strip = (struct box){cx - along / 2, cy - side / 2, along, side};
		angle = -PI / 2;
	}
	if (strip.h < 2.5 * MM) /* no room beside the net: in the margin itself */
		strip = (struct box){m, paper->h - m, paper->w - 2 * m, m};
	struct box_faces plain = *f;
	plain.family = "Lato";
	put_text(out, ctx, buf_str(&words), strip, style(&plain, 7, 4.5, 400),
	         (struct color){0.3, 0.3, 0.3}, angle);
	buf_finish(&words);
}
