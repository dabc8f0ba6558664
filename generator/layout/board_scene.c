#include "layout/board_scene.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/fit.h"
#include "util/buf.h"
#include "util/mem.h"

#define MM PT_PER_MM

/* Lines of the pieces sheets (print shops want lines of 0.25 pt or more). */
#define CUT_WIDTH 0.6
#define FOLD_DASH (2.0 * MM)

static const struct color white = {1, 1, 1};

/* ---- colours ---- */

static struct color mix(struct color a, struct color b, double t)
{
	return (struct color){a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

static double luminance(struct color c)
{
	return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

/* Light fills carry ink, dark ones white. */
static bool is_light(struct color c)
{
	return luminance(c) > 0.62;
}

/* ---- paths ---- */

/* A path of a board: the painter sets the caps, joins and dash of every
 * stroke and clears the path after painting it. */
static struct dl_path *add_path(struct dlist *s)
{
	struct dl_path *p = dlist_add_path(s, DL_NEW_PATH_AFTER);
	p->line_cap = DL_CAP_BUTT;
	p->line_join = DL_JOIN_MITER;
	p->dash_mode = DL_DASH_SOLID;
	return p;
}

static struct dl_path *add_rect(struct dlist *s, struct box b, double radius)
{
	struct dl_path *p = add_path(s);
	dl_path_rect(p, b, radius);
	return p;
}

static struct dl_path *add_ellipse(struct dlist *s, struct box b)
{
	struct dl_path *p = add_path(s);
	dl_path_ellipse(p, b);
	return p;
}

static struct dl_path *add_poly(struct dlist *s, const struct bpoint *pts, size_t n, bool closed)
{
	struct dl_path *p = add_path(s);
	for (size_t i = 0; i < n; i++) {
		if (i == 0)
			dl_path_move_to(p, pts[i].x, pts[i].y);
		else
			dl_path_line_to(p, pts[i].x, pts[i].y);
	}
	if (closed && n)
		dl_path_close(p);
	return p;
}

static void fill(struct dl_path *p, struct color c)
{
	dl_path_set_fill(p, c);
}

static void stroke(struct dl_path *p, struct color c, double width)
{
	dl_path_set_stroke(p, c, width);
}

/* Round caps and joins. */
static void round_ends(struct dl_path *p)
{
	p->line_cap = DL_CAP_ROUND;
	p->line_join = DL_JOIN_ROUND;
}

static void set_dash(struct dl_path *p, double dash)
{
	p->dash_mode = DL_DASH_ON_OFF;
	p->dash[0] = dash;
	p->dash[1] = dash * 0.7;
}

static void add_image(struct dlist *s, const char *path, struct box b)
{
	if (path)
		dlist_add_image(s, path, b, false);
}

/* The page's background: the colour, then the image, over the bleed. The
 * state is saved first and restored by end_page(). */
static void begin_page(struct dlist *s, struct color background, const char *image)
{
	struct box all = {-s->bleed, -s->bleed, s->trim_w + 2 * s->bleed, s->trim_h + 2 * s->bleed};
	dlist_add_group(s);
	struct dl_path *p = dlist_add_path(s, 0);
	dl_path_rect(p, all, 0);
	dl_path_set_fill(p, background);
	if (image)
		dlist_add_image(s, image, all, true);
}

static void end_page(struct dlist *s)
{
	dlist_add_end(s);
}

/* ---- composing ---- */

struct composer {
	struct dlist *sc;
	const struct board *b;
	const struct board_layout *l;
	size_t lang;
	PangoContext *pango;
	const struct phrasebook *phrases; /* the pieces sheet's texts; NULL for the board */
	struct diag *d;
	bool ok;
};

enum text_pos {
	POS_TOP,
	POS_MIDDLE,
	POS_BOTTOM,
};

/* How a text is set. Sizes in points. */
struct tspec {
	double size, min;
	int weight;
	bool italic;
	enum text_align align;
	enum text_pos valign;
	struct color color;
	double angle;
	double line_height;
};

static const char *lang_code(const struct composer *c)
{
	return c->b->langs.codes[c->lang];
}

/* Fits src (markup) into box and adds it; what names it in messages. The
 * fitted size goes to *size when size is not NULL. Empty text adds nothing. */
static void put_text_sized(struct composer *c, const char *src, struct mark m, struct box box,
                           const struct tspec *ts, const char *what, double *size)
{
	if (size)
		*size = ts->size;
	if (!src || !*src || box.w <= 0 || box.h <= 0)
		return;
	struct dl_text *it = dlist_add_text(c->sc);
	it->box = box;
	it->width = box.w;
	it->angle = ts->angle;
	it->color = ts->color;
	const char *err;
	size_t off;
	if (!markup_parse(&it->rich, src, 0, &err, &off)) {
		diag_error(c->d, m, "%s (in %s, %s)", err, what, lang_code(c));
		c->ok = false;
		return;
	}
	rich_bind(&it->rich); /* rag: what a line break must not part */
	it->style = (struct text_style){
	        .family = c->b->font,
	        .weight = ts->weight ? ts->weight : 400,
	        .italic = ts->italic,
	        .size = ts->size,
	        .min_size = fmin(ts->min, ts->size),
	        .line_height = ts->line_height > 0 ? ts->line_height : 1.32,
	        .align = ts->align,
	        .lang = lang_code(c),
	};
	struct fit_result fr;
	fit_text(c->pango, &it->rich, &it->style, box.w, box.h, &fr);
	if (!fr.fits) {
		struct buf b;
		buf_init(&b);
		fit_describe_overflow(&fr, &b);
		diag_error(c->d, m, "text of %s does not fit in '%s' even at %.4gpt: %s", what,
		           lang_code(c), fr.size, buf_str(&b));
		buf_finish(&b);
		c->ok = false;
	}
	if (fr.unknown_glyphs > 0) {
		PangoLayout *l = pango_layout_new(c->pango);
		text_layout_setup(l, &it->rich, &it->style, fr.size, box.w);
		gunichar ch = text_first_unknown_char(l);
		g_object_unref(l);
		char utf8[8] = {0};
		g_unichar_to_utf8(ch, utf8);
		diag_error(c->d, m, "character U+%04X '%s' in %s (%s) is in no font in fonts/",
		           (unsigned)ch, utf8, what, lang_code(c));
		c->ok = false;
	}
	it->style.size = fr.size;
	it->dy = ts->valign == POS_TOP      ? 0
	         : ts->valign == POS_MIDDLE ? (box.h - fr.height) / 2
	                                    : box.h - fr.height;
	if (size)
		*size = fr.size;
}

static void put_text(struct composer *c, const char *src, struct mark m, struct box box,
                     const struct tspec *ts, const char *what)
{
	put_text_sized(c, src, m, box, ts, what, NULL);
}

static void put_ltext(struct composer *c, const struct ltext *t, struct box box,
                      const struct tspec *ts, const char *what)
{
	if (!ltext_is_set(t))
		return;
	put_text(c, ltext_get(t, c->lang), ltext_get_mark(t, c->lang), box, ts, what);
}

static struct tspec text_spec(double size, double min, int weight, struct color color)
{
	return (struct tspec){.size = size,
	                      .min = min,
	                      .weight = weight,
	                      .align = ALIGN_CENTER,
	                      .valign = POS_MIDDLE,
	                      .color = color};
}

static struct color shadow_color(const struct board *b)
{
	return mix(b->background, b->ink, 0.2);
}

/* ---- header, brand ---- */

static void compose_header(struct composer *c)
{
	const struct board *b = c->b;
	if (!b->has_header)
		return;
	struct box h = b->header;
	bool sub = ltext_is_set(&b->subtitle);
	struct box tb = {h.x, h.y, h.w, sub ? h.h * 0.64 : h.h};
	struct tspec ts = text_spec(fmin(54, tb.h / 1.3), 12, 900, b->ink);
	ts.align = b->header_align;
	ts.valign = sub ? POS_BOTTOM : POS_MIDDLE;
	put_ltext(c, &b->title, tb, &ts, "the board's title");
	if (sub) {
		struct box sb = {h.x, h.y + h.h * 0.67, h.w, h.h * 0.33};
		struct tspec ss = text_spec(fmin(18, sb.h / 1.25), 7, 400, mix(b->ink, white, 0.2));
		ss.align = b->header_align;
		ss.valign = POS_TOP;
		put_ltext(c, &b->subtitle, sb, &ss, "the board's subtitle");
	}
}

static void compose_brand(struct composer *c)
{
	const struct board *b = c->b;
	if (!ltext_is_set(&b->brand))
		return;
	struct box safe = board_get_safe(b);
	struct box bb = {safe.x, safe.y + safe.h - 6 * MM, safe.w, 6 * MM};
	struct tspec ts = text_spec(9, 6, 400, mix(b->ink, b->background, 0.35));
	ts.align = ALIGN_END;
	ts.valign = POS_BOTTOM;
	put_ltext(c, &b->brand, bb, &ts, "the brand line");
}

/* ---- the track ---- */

static const struct space *space_at(const struct board *b, size_t i, size_t count)
{
	const struct track *t = &b->track;
	if (t->has_start && i == 0)
		return &t->start;
	if (t->has_goal && i == count - 1)
		return &t->goal;
	return &t->spaces[i - (t->has_start ? 1 : 0)];
}

/* The index of the position of space number n. */
static size_t index_of(const struct board *b, long n)
{
	const struct track *t = &b->track;
	if (n == 0)
		return 0;
	return (size_t)(n - 1) + (t->has_start ? 1 : 0);
}

static void space_shape(struct composer *c, struct box bx, double radius, bool circle,
                        struct dl_path **out)
{
	*out = circle ? add_ellipse(c->sc, bx) : add_rect(c->sc, bx, radius);
}

static void compose_space(struct composer *c, const struct space *sp, struct bpoint at, double s)
{
	const struct board *b = c->b;
	bool circle = b->track.form == FORM_CIRCLE;
	bool end = sp->type == NULL;
	struct box bx = {at.x - s / 2, at.y - s / 2, s, s};
	double radius = s * 0.16;
	struct dl_path *it;
	/* a solid shadow: PDF/X-3 has no transparency */
	space_shape(c, (struct box){bx.x + 0.025 * s, bx.y + 0.035 * s, s, s}, radius, circle, &it);
	fill(it, shadow_color(b));
	space_shape(c, bx, radius, circle, &it);
	fill(it, sp->color);
	bool light = is_light(sp->color);
	struct color on = light ? b->ink : white;
	if (light)
		stroke(it, b->ink, 1.4);
	double in = 0.05 * s;
	space_shape(c, box_inset(bx, in), radius - in, circle, &it);
	stroke(it, light ? mix(sp->color, b->ink, 0.35) : mix(sp->color, white, 0.55), 0.7);

	char name[64];
	board_space_name(sp, name, sizeof(name));
	const struct ltext *label = ltext_is_set(&sp->label) ? &sp->label
	                            : end                    ? NULL
	                                                     : &sp->type->name;
	if (end) {
		struct box icon = {at.x - 0.15 * s, bx.y + 0.09 * s, 0.3 * s, 0.3 * s};
		add_image(c->sc, sp->icon, icon);
		double top = sp->icon ? bx.y + 0.41 * s : bx.y + 0.18 * s;
		struct box tb = {bx.x + 0.08 * s, top, 0.84 * s, 0.22 * s};
		struct tspec ts = text_spec(0.17 * s, 9, 900, on);
		put_ltext(c, &sp->title, tb, &ts, name);
		if (label) {
			struct box lb = {bx.x + 0.08 * s, top + 0.23 * s, 0.84 * s,
			                 bx.y + 0.93 * s - (top + 0.23 * s)};
			struct tspec ls = text_spec(0.085 * s, 6.5, 700, on);
			ls.valign = POS_TOP;
			ls.line_height = 0; /* the font's own */
			put_ltext(c, label, lb, &ls, name);
		}
		return;
	}
	if (b->track.numbers) {
		double r = 0.1 * s;
		struct bpoint nc = circle ? (struct bpoint){at.x, bx.y + 0.15 * s}
		                          : (struct bpoint){bx.x + 0.17 * s, bx.y + 0.17 * s};
		struct box disc = {nc.x - r, nc.y - r, 2 * r, 2 * r};
		it = add_ellipse(c->sc, disc);
		fill(it, light ? b->ink : white);
		char num[24];
		snprintf(num, sizeof(num), "%ld", sp->number);
		struct tspec ns = text_spec(0.085 * s, 5, 900, light ? white : sp->color);
		put_text(c, num, sp->mark, box_inset(disc, -0.02 * s), &ns, name);
	}
	double wide = circle ? 0.72 : 0.86;
	if (sp->icon) {
		double isz = circle ? 0.3 * s : 0.36 * s;
		struct box icon = {at.x - isz / 2, bx.y + (circle ? 0.24 : 0.12) * s, isz, isz};
		add_image(c->sc, sp->icon, icon);
		struct box lb = {at.x - wide * s / 2, bx.y + 0.54 * s, wide * s,
		                 (circle ? 0.3 : 0.38) * s};
		struct tspec ls = text_spec(0.105 * s, 6.5, 700, on);
		ls.line_height = 0; /* the font's own */
		put_ltext(c, label, lb, &ls, name);
	} else {
		struct box lb = {at.x - wide * s / 2, bx.y + 0.3 * s, wide * s, 0.6 * s};
		struct tspec ls = text_spec(0.13 * s, 6.5, 700, on);
		ls.line_height = 0; /* the font's own */
		put_ltext(c, label, lb, &ls, name);
	}
}

/* The point of a cubic Bézier at t. */
static struct bpoint bezier(struct bpoint a, struct bpoint k1, struct bpoint k2, struct bpoint e,
                            double t)
{
	double u = 1 - t, b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
	return (struct bpoint){b0 * a.x + b1 * k1.x + b2 * k2.x + b3 * e.x,
	                       b0 * a.y + b1 * k1.y + b2 * k2.y + b3 * e.y};
}

/* True when p lies within the space at centre q grown by pad. */
static bool in_space(const struct board *b, struct bpoint p, struct bpoint q, double s, double pad)
{
	double half = s / 2 + pad;
	if (b->track.form == FORM_CIRCLE)
		return hypot(p.x - q.x, p.y - q.y) < half;
	return fabs(p.x - q.x) < half && fabs(p.y - q.y) < half;
}

/* The smallest distance from p to any space centre. */
static double clearance(const struct path_layout *p, struct bpoint q)
{
	double best = HUGE_VAL;
	for (size_t i = 0; i < p->count; i++)
		best = fmin(best, hypot(p->centres[i].x - q.x, p->centres[i].y - q.y));
	return best;
}

static void compose_shortcut(struct composer *c, const struct shortcut *sc)
{
	const struct board *b = c->b;
	const struct path_layout *p = &c->l->path;
	size_t ia = index_of(b, sc->from), ie = index_of(b, sc->to);
	if (ia >= p->count || ie >= p->count)
		return;
	struct bpoint a = p->centres[ia], e = p->centres[ie];
	double dx = e.x - a.x, dy = e.y - a.y, len = hypot(dx, dy);
	if (len <= 0)
		return;
	/* the left of the way from a to e, on the page (y down) */
	struct bpoint left = {dy / len, -dx / len}, mid = {(a.x + e.x) / 2, (a.y + e.y) / 2};
	double bend = sc->bend;
	if (!sc->has_bend) {
		/* bow to the side where the arch's top keeps furthest from the spaces */
		double d = fmax(0.3 * len, 0.9 * p->size);
		struct bpoint l1 = {mid.x + left.x * d * 0.75, mid.y + left.y * d * 0.75};
		struct bpoint r1 = {mid.x - left.x * d * 0.75, mid.y - left.y * d * 0.75};
		bend = clearance(p, l1) >= clearance(p, r1) ? d : -d;
	}
	/* an arch: it leaves and lands square to the line between the two
	 * spaces, and its top is 3/4 of bend away from that line */
	struct bpoint k1 = {a.x + left.x * bend, a.y + left.y * bend};
	struct bpoint k2 = {e.x + left.x * bend, e.y + left.y * bend};
	enum { N = 96 };
	struct bpoint pts[N + 1];
	size_t n = 0;
	double s = p->size;
	for (int i = 0; i <= N; i++) {
		struct bpoint q = bezier(a, k1, k2, e, (double)i / N);
		if (in_space(b, q, a, s, 1.2 * MM) || in_space(b, q, e, s, 3.5 * MM))
			continue;
		pts[n++] = q;
	}
	if (n < 2)
		return;
	const struct space *from = space_at(b, ia, p->count);
	struct color col = from->type ? from->color : b->ink;
	if (is_light(col))
		col = b->ink;
	double w = fmax(1.6 * MM, 0.035 * s);
	/* a white casing first, so the arrow reads on the road and on the board */
	struct dl_path *it = add_poly(c->sc, pts, n, false);
	stroke(it, white, w + 1.6 * MM);
	round_ends(it);
	it = add_poly(c->sc, pts, n, false);
	stroke(it, col, w);
	round_ends(it);
	set_dash(it, 3.2 * MM);
	/* the head, along the last piece */
	struct bpoint tip = pts[n - 1], back = pts[n > 4 ? n - 4 : 0];
	double hx = tip.x - back.x, hy = tip.y - back.y, hl = hypot(hx, hy);
	if (hl > 0) {
		hx /= hl;
		hy /= hl;
		double hs = 3.2 * w;
		struct bpoint tipx = {tip.x + hx * 1.5 * MM, tip.y + hy * 1.5 * MM};
		struct bpoint head[3] = {
		        tipx,
		        {tipx.x - hx * hs + hy * hs * 0.6, tipx.y - hy * hs - hx * hs * 0.6},
		        {tipx.x - hx * hs - hy * hs * 0.6, tipx.y - hy * hs + hx * hs * 0.6},
		};
		it = add_poly(c->sc, head, 3, true);
		fill(it, col);
		stroke(it, white, 0.8);
	}
	if (ltext_is_set(&sc->label)) {
		struct bpoint top = bezier(a, k1, k2, e, 0.5);
		double lw = fmin(60 * MM, fmax(30 * MM, 0.5 * len)), lh = fmax(8 * MM, 0.075 * s);
		struct box lb = {top.x - lw / 2, top.y - lh / 2, lw, lh};
		struct tspec ts = text_spec(fmin(16, 0.1 * s), 7, 900, col);
		double size;
		/* measure first, then draw a pill just around the text */
		struct dl_path *pill = add_rect(c->sc, lb, lh / 2);
		size_t at = c->sc->count;
		char name[96];
		snprintf(name, sizeof(name), "the shortcut from %ld to %ld", sc->from, sc->to);
		put_text_sized(c, ltext_get(&sc->label, c->lang),
		               ltext_get_mark(&sc->label, c->lang), box_inset(lb, 1.5 * MM), &ts,
		               name, &size);
		if (c->sc->count > at) {
			struct dl_text *t = &c->sc->ops[at].u.text;
			PangoLayout *l = pango_layout_new(c->pango);
			text_layout_setup(l, &t->rich, &t->style, t->style.size, t->box.w);
			PangoRectangle ink, log;
			pango_layout_get_extents(l, &ink, &log);
			g_object_unref(l);
			double tw = pango_units_to_double(log.width);
			double pw = fmin(lw, tw + lh);
			pill = &c->sc->ops[at - 1].u.path;
			double *v = pill->segs[0].v; /* the rect: x, y, w, h */
			v[0] = top.x - pw / 2;
			v[1] = top.y - lh / 2;
			v[2] = pw;
			v[3] = lh;
		}
		pill = &c->sc->ops[at - 1].u.path;
		fill(pill, white);
		stroke(pill, col, 1.2);
	}
}

static void compose_track(struct composer *c)
{
	const struct board *b = c->b;
	const struct path_layout *p = &c->l->path;
	if (!b->track.present || p->count == 0)
		return;
	double s = p->size;
	/* the road under the spaces, and its centre line */
	struct dl_path *it = add_poly(c->sc, p->guide, p->nguide, p->closed);
	stroke(it, b->track.road, 0.62 * s);
	round_ends(it);
	it = add_poly(c->sc, p->guide, p->nguide, p->closed);
	stroke(it, mix(b->track.road, white, 0.65), 1.2);
	round_ends(it);
	set_dash(it, 4 * MM);
	for (size_t i = 0; i < b->track.nshortcuts; i++)
		compose_shortcut(c, &b->track.shortcuts[i]);
	for (size_t i = 0; i < p->count; i++)
		compose_space(c, space_at(b, i, p->count), p->centres[i], s);
	/* labels of shortcuts stay above the spaces: draw them again on top */
}

/* ---- zones ---- */

/* A gem, like the diamond of social capital: a flat top, shoulders and a
 * point, in box. */
static void gem_points(struct box b, struct bpoint out[5])
{
	out[0] = (struct bpoint){b.x + 0.27 * b.w, b.y + 0.1 * b.h};
	out[1] = (struct bpoint){b.x + 0.73 * b.w, b.y + 0.1 * b.h};
	out[2] = (struct bpoint){b.x + 0.98 * b.w, b.y + 0.4 * b.h};
	out[3] = (struct bpoint){b.x + 0.5 * b.w, b.y + 0.95 * b.h};
	out[4] = (struct bpoint){b.x + 0.02 * b.w, b.y + 0.4 * b.h};
}

/* The gem's facets: the shoulder line and the cuts from the top. */
static void gem_facets(struct composer *c, struct box b, struct color col, double width)
{
	struct bpoint g[5];
	gem_points(b, g);
	struct bpoint shoulder[2] = {g[4], g[2]};
	struct bpoint v[5] = {
	        g[0],
	        {b.x + 0.38 * b.w, b.y + 0.4 * b.h},
	        {b.x + 0.5 * b.w, b.y + 0.1 * b.h},
	        {b.x + 0.62 * b.w, b.y + 0.4 * b.h},
	        g[1],
	};
	struct bpoint fan[3] = {
	        {b.x + 0.38 * b.w, b.y + 0.4 * b.h}, g[3], {b.x + 0.62 * b.w, b.y + 0.4 * b.h}};
	struct dl_path *it = add_poly(c->sc, shoulder, 2, false);
	stroke(it, col, width);
	it = add_poly(c->sc, v, 5, false);
	stroke(it, col, width);
	round_ends(it);
	it = add_poly(c->sc, fan, 3, false);
	stroke(it, col, width);
	round_ends(it);
}

static void compose_zone(struct composer *c, const struct zone *z)
{
	const struct board *b = c->b;
	char name[96];
	snprintf(name, sizeof(name), "zone '%s'", z->id);
	struct dl_path *it;
	for (int pass = 0; pass < 2; pass++) {
		struct box bx = z->box;
		if (pass == 0) {
			bx.x += 1.2 * MM;
			bx.y += 1.6 * MM;
		}
		if (z->shape == ZONE_RECT) {
			it = add_rect(c->sc, bx, 4 * MM);
		} else if (z->shape == ZONE_CIRCLE) {
			it = add_ellipse(c->sc, bx);
		} else {
			it = add_poly(c->sc, z->points, z->npoints, true);
			if (pass == 0)
				for (size_t i = 0; i < z->npoints; i++) {
					it->segs[i].v[0] += 1.2 * MM;
					it->segs[i].v[1] += 1.6 * MM;
				}
		}
		if (pass == 0) {
			fill(it, shadow_color(b));
		} else {
			fill(it, z->fill);
			stroke(it, z->color, 1.5);
		}
	}
	struct zone_geometry g;
	zone_layout(&g, z);
	enum text_align align = g.centred ? ALIGN_CENTER : ALIGN_START;
	if (ltext_is_set(&z->label)) {
		struct tspec ts = text_spec(fmin(24, g.label.h / 1.2), 9, 900, z->color);
		ts.align = align;
		put_ltext(c, &z->label, g.label, &ts, name);
	}
	if (ltext_is_set(&z->text)) {
		struct tspec ts = text_spec(13, 7, 400, mix(b->ink, white, 0.15));
		ts.align = align;
		ts.valign = POS_TOP;
		ts.italic = true;
		put_ltext(c, &z->text, g.text, &ts, name);
	}
	for (size_t i = 0; z->nslots && i < g.ncells; i++) {
		const struct slot *sl = &z->slots[i];
		struct box sb = g.cells[i];
		if (z->diamond_slots) {
			struct bpoint gp[5];
			gem_points(sb, gp);
			it = add_poly(c->sc, gp, 5, true);
			fill(it, mix(white, sl->color, 0.14));
			stroke(it, sl->color, 2);
			round_ends(it);
			gem_facets(c, sb, mix(white, sl->color, 0.5), 1);
		} else {
			it = add_ellipse(c->sc, sb);
			fill(it, mix(white, sl->color, 0.14));
			stroke(it, sl->color, 2);
		}
		struct tspec ts = text_spec(13, 7, 700, sl->color);
		put_ltext(c, &sl->label, g.captions[i], &ts, name);
	}
	for (size_t i = 0; z->postits && i < g.ncells; i++) {
		it = add_rect(c->sc, g.cells[i], 1 * MM);
		fill(it, mix(z->fill, (struct color){1, 0.93, 0.55}, 0.35));
		stroke(it, mix(z->color, white, 0.3), 1);
		set_dash(it, 2.5 * MM);
	}
	zone_geometry_finish(&g);
}

/* ---- scales, placemats, timelines ---- */

/* The title of a scale or timeline across the top of box b, at most
 * max_h high (or frac of the box); returns where what is below it starts. */
static double put_block_title(struct composer *c, const struct ltext *title, struct box b,
                              double max_h, double frac, struct color color, const char *name)
{
	if (!ltext_is_set(title))
		return b.y;
	double h = fmin(max_h, frac * b.h);
	struct tspec ts = text_spec(fmin(20, h / 1.2), 8, 900, color);
	ts.align = ALIGN_START;
	put_ltext(c, title, (struct box){b.x, b.y, b.w, h}, &ts, name);
	return b.y + h + 2 * MM;
}

static void compose_scale(struct composer *c, const struct scale *s)
{
	char name[96];
	snprintf(name, sizeof(name), "scale '%s'", s->id);
	struct box b = s->box;
	double y = put_block_title(c, &s->title, b, 12 * MM, 0.2, s->color, name);
	struct box area = {b.x, y, b.w, b.y + b.h - y};
	double gap = 3 * MM, n = (double)s->nsteps;
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct scale_step *st = &s->steps[i];
		struct box cell, head;
		if (!s->rows) {
			double w = (area.w - (n - 1) * gap) / n;
			cell = (struct box){area.x + (double)i * (w + gap), area.y, w, area.h};
			head = (struct box){cell.x, cell.y, w, fmin(14 * MM, 0.22 * cell.h)};
		} else {
			double h = (area.h - (n - 1) * gap) / n;
			cell = (struct box){area.x, area.y + (double)i * (h + gap), area.w, h};
			head = (struct box){cell.x, cell.y, fmin(50 * MM, 0.3 * cell.w), h};
		}
		struct dl_path *it = add_rect(c->sc, cell, 3 * MM);
		fill(it, mix(white, st->color, 0.1));
		stroke(it, st->color, 1);
		set_dash(it, 3 * MM);
		it = add_rect(c->sc, head, 3 * MM);
		fill(it, st->color);
		struct tspec ts = text_spec(15, 7, 700, is_light(st->color) ? c->b->ink : white);
		put_ltext(c, &st->label, box_inset(head, 2 * MM), &ts, name);
	}
}

/* Where the ray from the centre of b at (elliptic) angle a meets the
 * boundary of b scaled by f about its centre. */
static struct bpoint ray_box(struct box b, double a, double f)
{
	double cx = b.x + b.w / 2, cy = b.y + b.h / 2;
	double ca = cos(a), sa = sin(a), t = 1 / fmax(fabs(ca), fabs(sa));
	return (struct bpoint){cx + ca * t * f * b.w / 2, cy + sa * t * f * b.h / 2};
}

static void compose_placemat(struct composer *c, const struct placemat *pm)
{
	char name[96];
	snprintf(name, sizeof(name), "placemat '%s'", pm->id);
	struct box b = pm->box;
	const double inner = 0.42;
	long n = pm->seats;
	double step = 2 * PI / (double)n, a0 = PI / 2 - step / 2;
	struct dl_path *it = add_rect(c->sc, b, 2 * MM);
	fill(it, white);
	for (long k = 0; k < n; k++) {
		double a = a0 + step * (double)k, e = a + step;
		struct bpoint pts[16];
		size_t np = 0;
		pts[np++] = ray_box(b, a, inner);
		pts[np++] = ray_box(b, a, 1);
		/* the corners of the box between the two rays */
		for (int m = -4; m < 12; m++) {
			double ca = PI / 4 + PI / 2 * m;
			if (ca > a + 1e-9 && ca < e - 1e-9 && np < 8)
				pts[np++] = ray_box(b, ca, 1);
		}
		pts[np++] = ray_box(b, e, 1);
		pts[np++] = ray_box(b, e, inner);
		for (int m = 12; m >= -4; m--) {
			double ca = PI / 4 + PI / 2 * m;
			if (ca > a + 1e-9 && ca < e - 1e-9 && np < 16)
				pts[np++] = ray_box(b, ca, inner);
		}
		it = add_poly(c->sc, pts, np, true);
		fill(it, mix(white, pm->color, k % 2 ? 0.1 : 0.18));
		stroke(it, pm->color, 1.2);
		/* the seat's label faces whoever sits at that side */
		double mid = a + step / 2;
		struct bpoint pin = ray_box(b, mid, inner), pout = ray_box(b, mid, 1);
		struct bpoint ctr = {(pin.x + 2 * pout.x) / 3, (pin.y + 2 * pout.y) / 3};
		struct bpoint e0 = ray_box(b, a, 1), e1 = ray_box(b, e, 1);
		double width = fmin(hypot(e1.x - e0.x, e1.y - e0.y) * 0.5, 90 * MM);
		double height = fmax(hypot(pout.x - pin.x, pout.y - pin.y) * 0.45, 8 * MM);
		struct box lb = {ctr.x - width / 2, ctr.y - height / 2, width, height};
		struct tspec ts = text_spec(22, 8, 900, pm->color);
		ts.angle = mid - PI / 2;
		if (ltext_is_set(&pm->labels[k])) {
			put_ltext(c, &pm->labels[k], lb, &ts, name);
		} else {
			char num[24];
			snprintf(num, sizeof(num), "%ld", k + 1);
			put_text(c, num, pm->mark, lb, &ts, name);
		}
	}
	double cw = b.w * inner, ch = b.h * inner;
	struct box cb = {b.x + (b.w - cw) / 2, b.y + (b.h - ch) / 2, cw, ch};
	it = add_rect(c->sc, cb, 0);
	fill(it, white);
	stroke(it, pm->color, 2);
	struct tspec ts = text_spec(24, 8, 900, pm->color);
	put_ltext(c, &pm->centre, box_inset(cb, 4 * MM), &ts, name);
}

static void compose_timeline(struct composer *c, const struct timeline *t)
{
	char name[96];
	snprintf(name, sizeof(name), "timeline '%s'", t->id);
	struct box b = t->box;
	double y = put_block_title(c, &t->title, b, 11 * MM, 0.3, t->color, name);
	double line_y = y + 4 * MM, pad = fmin(12 * MM, b.w * 0.05);
	struct bpoint band[2] = {{b.x, line_y}, {b.x + b.w - 5 * MM, line_y}};
	struct dl_path *it = add_poly(c->sc, band, 2, false);
	stroke(it, t->color, 2.5 * MM);
	struct bpoint head[3] = {{b.x + b.w, line_y},
	                         {b.x + b.w - 7 * MM, line_y - 4 * MM},
	                         {b.x + b.w - 7 * MM, line_y + 4 * MM}};
	it = add_poly(c->sc, head, 3, true);
	fill(it, t->color);
	double span = b.w - 2 * pad - 7 * MM, step = span / (double)(t->nticks - 1);
	for (size_t i = 0; i < t->nticks; i++) {
		double x = b.x + pad + step * (double)i;
		it = add_ellipse(c->sc,
		                 (struct box){x - 2.4 * MM, line_y - 2.4 * MM, 4.8 * MM, 4.8 * MM});
		fill(it, white);
		stroke(it, t->color, 1.5);
		double w = fmin(step * 0.94, 70 * MM);
		struct box lb = {x - w / 2, line_y + 5 * MM, w, b.y + b.h - (line_y + 5 * MM)};
		struct tspec ts = text_spec(12, 6.5, 700, t->color);
		ts.valign = POS_TOP;
		put_ltext(c, &t->ticks[i], lb, &ts, name);
	}
}

/* ---- the legend ---- */

/* A small picture of a space of type t in box. */
static void swatch(struct composer *c, const struct space_type *t, struct box bx)
{
	const struct board *b = c->b;
	bool circle = b->track.form == FORM_CIRCLE;
	struct dl_path *it;
	space_shape(c, bx, bx.w * 0.16, circle, &it);
	fill(it, t->color);
	if (is_light(t->color))
		stroke(it, b->ink, 1);
	add_image(c->sc, t->icon, box_inset(bx, bx.w * 0.2));
}

static void compose_legend(struct composer *c)
{
	const struct board *b = c->b;
	const struct legend *lg = &b->legend;
	if (!lg->show)
		return;
	struct dl_path *it = add_rect(
	        c->sc,
	        (struct box){lg->box.x + 1.2 * MM, lg->box.y + 1.6 * MM, lg->box.w, lg->box.h},
	        4 * MM);
	fill(it, shadow_color(b));
	it = add_rect(c->sc, lg->box, 4 * MM);
	fill(it, mix(b->background, white, 0.75));
	stroke(it, mix(b->ink, white, 0.35), 1);
	struct box k = box_inset(lg->box, 5 * MM);
	double th = fmin(11 * MM, 0.22 * k.h);
	struct tspec ts = text_spec(fmin(22, th / 1.2), 8, 900, b->ink);
	ts.align = ALIGN_START;
	/* model/board gives a legend without 'title:' the phrasebook's */
	put_ltext(c, &lg->title, (struct box){k.x, k.y, k.w, th}, &ts, "the legend");
	struct box area = {k.x, k.y + th + 2 * MM, k.w, k.h - th - 2 * MM};
	size_t n = 0;
	for (size_t i = 0; i < b->ntypes; i++)
		n += b->types[i]->used;
	if (n == 0 || area.h <= 0)
		return;
	long cols = lg->columns;
	if (!cols) {
		/* the most even cells whose width is some three times their height */
		double best = -1;
		for (long cc = 1; cc <= 6 && (size_t)cc <= n; cc++) {
			long rows = ((long)n + cc - 1) / cc;
			double cw = area.w / (double)cc, ch = area.h / (double)rows;
			double score = fmin(cw / 3.4, ch);
			if (score > best + 1e-9) {
				best = score;
				cols = cc;
			}
		}
	}
	long rows = ((long)n + cols - 1) / cols;
	double gx = 4 * MM, gy = 2 * MM;
	double cw = (area.w - (double)(cols - 1) * gx) / (double)cols;
	double ch = (area.h - (double)(rows - 1) * gy) / (double)rows;
	double sw = fmin(fmin(ch, 18 * MM), cw * 0.3);
	/* one size for every entry: the smallest any of them needs */
	struct tspec es = text_spec(13, 6.5, 400, b->ink);
	es.align = ALIGN_START;
	es.line_height = 1.26;
	size_t first = c->sc->count;
	double size = es.size;
	size_t k2 = 0;
	for (int pass = 0; pass < 2; pass++) {
		k2 = 0;
		for (size_t i = 0; i < b->ntypes; i++) {
			const struct space_type *t = b->types[i];
			if (!t->used)
				continue;
			long col = (long)k2 % cols, row = (long)k2 / cols;
			k2++;
			struct box cell = {area.x + (double)col * (cw + gx),
			                   area.y + (double)row * (ch + gy), cw, ch};
			struct box sb = {cell.x, cell.y + (ch - sw) / 2, sw, sw};
			if (pass == 1)
				swatch(c, t, sb);
			struct buf txt;
			buf_init(&txt);
			/* the name in bold, the explanation under it; both are
			 * markup already, so they are joined, not escaped */
			buf_printf(&txt, "**%s**", ltext_get(&t->name, c->lang));
			if (ltext_is_set(&t->text) && *ltext_get(&t->text, c->lang))
				buf_printf(&txt, "\n%s", ltext_get(&t->text, c->lang));
			char name[96];
			snprintf(name, sizeof(name), "the legend's entry '%s'", t->id);
			struct box tb = {sb.x + sw + 3 * MM, cell.y, cw - sw - 3 * MM, ch};
			struct mark m = ltext_is_set(&t->text) ? ltext_get_mark(&t->text, c->lang)
			                                       : ltext_get_mark(&t->name, c->lang);
			double got;
			if (pass == 0) {
				struct diag quiet;
				diag_init(&quiet);
				struct diag *real = c->d;
				bool was_ok = c->ok;
				c->d = &quiet;
				put_text_sized(c, buf_str(&txt), m, tb, &es, name, &got);
				c->d = real;
				c->ok = was_ok;
				diag_finish(&quiet);
				size = fmin(size, got);
			} else {
				struct tspec fixed = es;
				fixed.size = size;
				fixed.min = es.min;
				put_text(c, buf_str(&txt), m, tb, &fixed, name);
			}
			buf_finish(&txt);
		}
		if (pass == 0) {
			/* drop the measuring items */
			dlist_truncate(c->sc, first);
		}
	}
}

bool board_compose(struct dlist *out, const struct board *b, const struct board_layout *l,
                   size_t lang, PangoContext *pango, struct diag *d)
{
	dlist_init(out, b->trim_w, b->trim_h, b->bleed);
	begin_page(out, b->background, b->background_image);
	struct composer c = {
	        .sc = out, .b = b, .l = l, .lang = lang, .pango = pango, .d = d, .ok = true};
	if (b->has_frame) {
		double in = b->safe / 2;
		struct dl_path *it = add_rect(
		        out, (struct box){in, in, b->trim_w - 2 * in, b->trim_h - 2 * in}, in);
		stroke(it, b->frame, 1.5);
		it = add_rect(out,
		              (struct box){in + 1.2 * MM, in + 1.2 * MM,
		                           b->trim_w - 2 * in - 2.4 * MM,
		                           b->trim_h - 2 * in - 2.4 * MM},
		              in - 1.2 * MM);
		stroke(it, b->frame, 0.5);
	}
	compose_header(&c);
	for (size_t i = 0; i < b->nzones; i++)
		compose_zone(&c, &b->zones[i]);
	for (size_t i = 0; i < b->nscales; i++)
		compose_scale(&c, &b->scales[i]);
	for (size_t i = 0; i < b->nplacemats; i++)
		compose_placemat(&c, &b->placemats[i]);
	for (size_t i = 0; i < b->ntimelines; i++)
		compose_timeline(&c, &b->timelines[i]);
	compose_legend(&c);
	compose_track(&c);
	compose_brand(&c);
	end_page(out);
	return c.ok;
}

/* ---- pieces ---- */

#define A4_W (210 * MM)
#define A4_H (297 * MM)
#define PAGE_MARGIN (10 * MM)
#define BLOCK_GAP (6 * MM)

static void cut_line(struct dl_path *it, const struct board *b)
{
	stroke(it, b->ink, CUT_WIDTH);
	round_ends(it);
}

static void fold_line(struct composer *c, struct bpoint a, struct bpoint e)
{
	struct bpoint p[2] = {a, e};
	struct dl_path *it = add_poly(c->sc, p, 2, false);
	stroke(it, c->b->ink, CUT_WIDTH);
	set_dash(it, FOLD_DASH);
}

static void cut_segment(struct composer *c, struct bpoint a, struct bpoint e)
{
	struct bpoint p[2] = {a, e};
	cut_line(add_poly(c->sc, p, 2, false), c->b);
}

/* Rotates p by 180° about q. */
static struct bpoint turn(struct bpoint p, struct bpoint q)
{
	return (struct bpoint){2 * q.x - p.x, 2 * q.y - p.y};
}

static const double pawn_w = 30 * MM, pawn_tab = 12 * MM, pawn_panel = 40 * MM;

/* A figure on one panel of a pawn, upright or turned (the back). */
static void pawn_panel_draw(struct composer *c, const struct pawn *p, struct box panel, bool turned,
                            const char *name)
{
	struct bpoint q = {panel.x + panel.w / 2, panel.y + panel.h / 2};
	struct dl_path *it = add_rect(c->sc, panel, 0);
	fill(it, mix(white, p->color, 0.12));
	/* head and body of a figure, in the upper two thirds */
	double hx = q.x, hy = panel.y + 0.2 * panel.h, hr = 0.13 * panel.h;
	struct bpoint head = {hx, hy};
	struct bpoint body[6] = {
	        {q.x - 0.1 * panel.w, panel.y + 0.35 * panel.h},
	        {q.x + 0.1 * panel.w, panel.y + 0.35 * panel.h},
	        {q.x + 0.3 * panel.w, panel.y + 0.7 * panel.h},
	        {q.x + 0.34 * panel.w, panel.y + 0.74 * panel.h},
	        {q.x - 0.34 * panel.w, panel.y + 0.74 * panel.h},
	        {q.x - 0.3 * panel.w, panel.y + 0.7 * panel.h},
	};
	if (turned) {
		head = turn(head, q);
		for (int i = 0; i < 6; i++)
			body[i] = turn(body[i], q);
	}
	it = add_poly(c->sc, body, 6, true);
	fill(it, p->color);
	round_ends(it);
	stroke(it, p->color, 2);
	it = add_ellipse(c->sc, (struct box){head.x - hr, head.y - hr, 2 * hr, 2 * hr});
	fill(it, p->color);
	struct box lb = {panel.x + 2 * MM, panel.y + 0.77 * panel.h, panel.w - 4 * MM,
	                 0.2 * panel.h};
	if (turned)
		lb.y = panel.y + panel.h - (lb.y - panel.y) - lb.h;
	struct tspec ts = text_spec(10, 6, 700, c->b->ink);
	ts.angle = turned ? PI : 0;
	put_ltext(c, &p->label, lb, &ts, name);
}

static void pawn_block(struct composer *c, const struct pawn *p, struct bpoint at, const char *name)
{
	double x = at.x, y = at.y, w = pawn_w;
	struct box tab1 = {x, y, w, pawn_tab}, front = {x, y + pawn_tab, w, pawn_panel};
	struct box back = {x, front.y + pawn_panel, w, pawn_panel};
	struct box tab2 = {x, back.y + pawn_panel, w, pawn_tab};
	struct dl_path *it = add_rect(c->sc, tab1, 0);
	fill(it, mix(white, p->color, 0.3));
	it = add_rect(c->sc, tab2, 0);
	fill(it, mix(white, p->color, 0.3));
	pawn_panel_draw(c, p, front, false, name);
	pawn_panel_draw(c, p, back, true, name);
	double h = 2 * pawn_tab + 2 * pawn_panel;
	cut_line(add_rect(c->sc, (struct box){x, y, w, h}, 0), c->b);
	fold_line(c, (struct bpoint){x, front.y}, (struct bpoint){x + w, front.y});
	fold_line(c, (struct bpoint){x, back.y}, (struct bpoint){x + w, back.y});
	fold_line(c, (struct bpoint){x, tab2.y}, (struct bpoint){x + w, tab2.y});
}

/* Pips of face v (1..6) in box f. */
static void pips(struct composer *c, struct box f, int v, struct color col)
{
	static const int layout[7][9] = {
	        {0},
	        {0, 0, 0, 0, 1, 0, 0, 0, 0},
	        {1, 0, 0, 0, 0, 0, 0, 0, 1},
	        {1, 0, 0, 0, 1, 0, 0, 0, 1},
	        {1, 0, 1, 0, 0, 0, 1, 0, 1},
	        {1, 0, 1, 0, 1, 0, 1, 0, 1},
	        {1, 0, 1, 1, 0, 1, 1, 0, 1},
	};
	double r = 0.09 * f.w;
	for (int i = 0; i < 9; i++) {
		if (!layout[v][i])
			continue;
		double px = f.x + f.w * (0.25 + 0.25 * (i % 3)),
		       py = f.y + f.h * (0.25 + 0.25 * (i / 3));
		struct dl_path *it = add_ellipse(c->sc, (struct box){px - r, py - r, 2 * r, 2 * r});
		fill(it, col);
	}
}

static const double die_face = 22 * MM, die_tab = 6 * MM;

/* A cross-shaped net: faces in a column at (1, 0..3) and beside the second
 * at (0, 1) and (2, 1); glue tabs on the left and right faces and under the
 * last, one on each pair of edges that meet. Opposite faces add up to 7. */
static void die_block(struct composer *c, const struct pieces *pc, struct bpoint at)
{
	const struct board *b = c->b;
	double f = die_face, t = die_tab;
	double ox = at.x + t, oy = at.y;
	static const int cells[6][3] = {
	        /* col, row, face value */
	        {1, 0, 2}, {1, 1, 1}, {1, 2, 5}, {1, 3, 6}, {0, 1, 3}, {2, 1, 4},
	};
	struct color ink = is_light(pc->die_color) ? b->ink : white;
	for (int i = 0; i < 6; i++) {
		struct box fb = {ox + cells[i][0] * f, oy + cells[i][1] * f, f, f};
		struct dl_path *it = add_rect(c->sc, fb, 0);
		fill(it, pc->die_color);
		int v = cells[i][2];
		if (pc->die_pips) {
			pips(c, fb, v, ink);
		} else {
			struct tspec ts = text_spec(16, 6, 900, ink);
			put_ltext(c, &pc->die_faces[v - 1], box_inset(fb, 2 * MM), &ts, "the die");
		}
	}
	/* edges: (x0, y0, x1, y1, kind) with kind 0 cut, 1 fold, 2 fold with a
	 * tab on the side away from the face at (fx, fy) */
	struct {
		double x0, y0, x1, y1;
		int kind;
		double nx, ny; /* outward normal for a tab */
	} e[] = {
	        /* the column */
	        {1, 0, 2, 0, 0, 0, 0},
	        {1, 0, 1, 1, 0, 0, 0},
	        {2, 0, 2, 1, 0, 0, 0},
	        {1, 1, 2, 1, 1, 0, 0},
	        {1, 2, 2, 2, 1, 0, 0},
	        {1, 3, 2, 3, 1, 0, 0},
	        {1, 2, 1, 3, 0, 0, 0},
	        {2, 2, 2, 3, 0, 0, 0},
	        {1, 3, 1, 4, 0, 0, 0},
	        {2, 3, 2, 4, 0, 0, 0},
	        {1, 4, 2, 4, 2, 0, 1},
	        /* the left face */
	        {1, 1, 1, 2, 1, 0, 0},
	        {0, 1, 1, 1, 2, 0, -1},
	        {0, 1, 0, 2, 2, -1, 0},
	        {0, 2, 1, 2, 2, 0, 1},
	        /* the right face */
	        {2, 1, 2, 2, 1, 0, 0},
	        {2, 1, 3, 1, 2, 0, -1},
	        {3, 1, 3, 2, 2, 1, 0},
	        {2, 2, 3, 2, 2, 0, 1},
	};
	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		struct bpoint a = {ox + e[i].x0 * f, oy + e[i].y0 * f};
		struct bpoint z = {ox + e[i].x1 * f, oy + e[i].y1 * f};
		if (e[i].kind == 0) {
			cut_segment(c, a, z);
			continue;
		}
		fold_line(c, a, z);
		if (e[i].kind != 2)
			continue;
		/* a tab with 45° ends, short of the corners */
		double dx = (z.x - a.x) / f, dy = (z.y - a.y) / f;
		struct bpoint tab[4] = {
		        a,
		        {a.x + e[i].nx * t + dx * t, a.y + e[i].ny * t + dy * t},
		        {z.x + e[i].nx * t - dx * t, z.y + e[i].ny * t - dy * t},
		        z,
		};
		struct dl_path *it = add_poly(c->sc, tab, 4, false);
		fill(it, mix(white, pc->die_color, 0.25));
		cut_line(it, b);
	}
}

static const double spinner_d = 80 * MM, pointer_w = 14 * MM, pointer_l = 62 * MM;

static void hole_mark(struct composer *c, struct bpoint q, struct color col)
{
	struct dl_path *it =
	        add_ellipse(c->sc, (struct box){q.x - 1.5 * MM, q.y - 1.5 * MM, 3 * MM, 3 * MM});
	fill(it, white);
	stroke(it, col, 0.5);
	struct bpoint h[2] = {{q.x - 2.5 * MM, q.y}, {q.x + 2.5 * MM, q.y}};
	struct bpoint v[2] = {{q.x, q.y - 2.5 * MM}, {q.x, q.y + 2.5 * MM}};
	stroke(add_poly(c->sc, h, 2, false), col, 0.4);
	stroke(add_poly(c->sc, v, 2, false), col, 0.4);
}

static void spinner_block(struct composer *c, const struct pieces *pc, struct bpoint at)
{
	const struct board *b = c->b;
	double r = spinner_d / 2;
	struct bpoint q = {at.x + r, at.y + r};
	double n = (double)pc->nsectors, step = 2 * PI / n;
	for (size_t i = 0; i < pc->nsectors; i++) {
		double a0 = -PI / 2 + step * (double)i - step / 2;
		struct bpoint pts[40];
		size_t np = 0;
		pts[np++] = q;
		for (int k = 0; k <= 32; k++) {
			double a = a0 + step * k / 32;
			pts[np++] = (struct bpoint){q.x + r * cos(a), q.y + r * sin(a)};
		}
		struct dl_path *it = add_poly(c->sc, pts, np, true);
		fill(it, pc->sectors[i].color);
		stroke(it, white, 1);
		double mid = a0 + step / 2, lr = 0.64 * r;
		struct bpoint lc = {q.x + lr * cos(mid), q.y + lr * sin(mid)};
		double w = fmin(2 * lr * sin(step / 2) * 0.9, 0.5 * r), h = 0.42 * r;
		if (n <= 2)
			w = 0.8 * r;
		struct tspec ts =
		        text_spec(13, 6, 900, is_light(pc->sectors[i].color) ? b->ink : white);
		/* upright: a turned 6 reads as a 9 */
		put_ltext(c, &pc->sectors[i].label, (struct box){lc.x - w / 2, lc.y - h / 2, w, h},
		          &ts, "the spinner");
	}
	cut_line(add_ellipse(c->sc, (struct box){at.x, at.y, spinner_d, spinner_d}), b);
	hole_mark(c, q, b->ink);
	/* the pointer, beside the disc */
	double px = at.x + spinner_d + 6 * MM, py = at.y + (spinner_d - pointer_l) / 2;
	struct bpoint arrow[7] = {
	        {px + pointer_w / 2, py},
	        {px + pointer_w, py + 0.3 * pointer_l},
	        {px + 0.68 * pointer_w, py + 0.3 * pointer_l},
	        {px + 0.68 * pointer_w, py + pointer_l},
	        {px + 0.32 * pointer_w, py + pointer_l},
	        {px + 0.32 * pointer_w, py + 0.3 * pointer_l},
	        {px, py + 0.3 * pointer_l},
	};
	struct dl_path *it = add_poly(c->sc, arrow, 7, true);
	fill(it, b->ink);
	cut_line(it, b);
	hole_mark(c, (struct bpoint){px + pointer_w / 2, py + 0.62 * pointer_l}, white);
}

static const double token_gap = 3 * MM;

/* Tokens of one kind in a compact block: about half again as wide as
 * tall, no wider than width. */
static long token_cols(const struct token *t, double width)
{
	long fit = (long)floor((width + token_gap) / (t->size + token_gap));
	long want = (long)ceil(sqrt(1.5 * (double)t->count));
	fit = fit < 1 ? 1 : fit;
	want = want < fit ? want : fit;
	return t->count < want ? t->count : want;
}

static void token_one(struct composer *c, const struct token *t, struct box bx, const char *name)
{
	const struct board *b = c->b;
	struct color on = is_light(t->color) ? b->ink : white;
	struct dl_path *it;
	if (t->shape == TOKEN_DIAMOND) {
		/* the gem spans 0.96 of its box's width and 0.85 of its height:
		 * scaled so that it is as wide as the token's size, its shape
		 * kept and centred (a 22 mm diamond measures 22 x 19.5 mm) */
		double k = 1 / 0.96;
		struct box gb = {bx.x - 0.02 * k * bx.w,
		                 bx.y + (bx.h - 0.85 * k * bx.h) / 2 - 0.1 * k * bx.h, k * bx.w,
		                 k * bx.h};
		struct bpoint g[5];
		gem_points(gb, g);
		it = add_poly(c->sc, g, 5, true);
		fill(it, t->color);
		cut_line(it, b);
		round_ends(it);
		gem_facets(c, gb, mix(t->color, white, 0.55), 0.7);
		return;
	}
	it = add_ellipse(c->sc, bx);
	fill(it, t->color);
	cut_line(it, b);
	it = add_ellipse(c->sc, box_inset(bx, 1.4 * MM));
	stroke(it, mix(t->color, white, 0.55), 0.6);
	bool label = ltext_is_set(&t->label) && t->icon == NULL;
	if (t->icon)
		add_image(c->sc, t->icon, box_inset(bx, bx.w * 0.24));
	if (label) {
		struct tspec ts = text_spec(9, 6, 900, on);
		put_ltext(c, &t->label, box_inset(bx, bx.w * 0.16), &ts, name);
	}
}

/* A block on a pieces page. */
enum block_kind {
	BLOCK_PAWN,
	BLOCK_DIE,
	BLOCK_SPINNER,
	BLOCK_TOKENS,
};

struct block {
	enum block_kind kind;
	const void *what;
	double w, h;
	long count; /* tokens: how many of the group this block holds */
};

/* count tokens of group t (a page's share of it, or all), in rows of as
 * many as fit across w, with their caption below. */
static void token_block(struct composer *c, const struct token *t, long count, struct bpoint at,
                        double w)
{
	long cols = token_cols(t, w);
	char name[64];
	snprintf(name, sizeof(name), "a token");
	for (long i = 0; i < count; i++) {
		struct box bx = {at.x + (double)(i % cols) * (t->size + token_gap),
		                 at.y + (double)(i / cols) * (t->size + token_gap), t->size,
		                 t->size};
		token_one(c, t, bx, name);
	}
	long rows = (count + cols - 1) / cols;
	double gw = (double)cols * t->size + (double)(cols - 1) * token_gap;
	struct buf cap;
	buf_init(&cap);
	if (ltext_is_set(&t->label))
		buf_printf(&cap, "%s \u00d7 %ld", ltext_get(&t->label, c->lang), count);
	else
		buf_printf(&cap, "\u00d7 %ld", count);
	struct tspec ts = text_spec(9, 6, 700, c->b->ink);
	ts.align = ALIGN_START;
	struct box cb = {at.x, at.y + (double)rows * (t->size + token_gap), fmax(gw, 40 * MM),
	                 5 * MM};
	put_text(c, buf_str(&cap),
	         ltext_is_set(&t->label) ? ltext_get_mark(&t->label, c->lang) : t->mark, cb, &ts,
	         "a token's caption");
	buf_finish(&cap);
}

/* The texts the pieces sheet prints, from the phrasebook. */
static const enum phrase_key pieces_keys[] = {PHRASE_PIECES_CUT, PHRASE_PIECES_FOLD,
                                              PHRASE_PIECES_PRINT};

/* A line of the key in the board's language, at its place in the
 * phrasebook (for "does not fit"); nothing when it is missing, which
 * pieces_compose() has reported. */
static void put_phrase(struct composer *c, enum phrase_key p, struct box bx, const struct tspec *ts)
{
	struct mark m = c->b->pieces.mark;
	const char *text = phrasebook_get(c->phrases, lang_code(c), p, &m);
	put_text(c, text, m, bx, ts, "the pieces' key");
}

static void page_header(struct composer *c)
{
	const struct board *b = c->b;
	const struct pieces *pc = &b->pieces;
	struct tspec ts = text_spec(18, 10, 900, b->ink);
	ts.align = ALIGN_START;
	struct box tb = {PAGE_MARGIN, PAGE_MARGIN, A4_W - 2 * PAGE_MARGIN, 9 * MM};
	put_ltext(c, ltext_is_set(&pc->title) ? &pc->title : &b->title, tb, &ts,
	          "the pieces' title");
	double y = PAGE_MARGIN + 11 * MM, x = PAGE_MARGIN;
	struct tspec ks = text_spec(8.5, 6, 400, b->ink);
	ks.align = ALIGN_START;
	cut_segment(c, (struct bpoint){x, y + 2.5 * MM},
	            (struct bpoint){x + 10 * MM, y + 2.5 * MM});
	put_phrase(c, PHRASE_PIECES_CUT, (struct box){x + 12 * MM, y, 48 * MM, 5 * MM}, &ks);
	x += 64 * MM;
	fold_line(c, (struct bpoint){x, y + 2.5 * MM}, (struct bpoint){x + 10 * MM, y + 2.5 * MM});
	put_phrase(c, PHRASE_PIECES_FOLD, (struct box){x + 12 * MM, y, 52 * MM, 5 * MM}, &ks);
	put_phrase(c, PHRASE_PIECES_PRINT,
	           (struct box){PAGE_MARGIN, y + 6 * MM, A4_W - 2 * PAGE_MARGIN, 8 * MM}, &ks);
}

static void new_page(struct composer *c, struct dlist **pages, size_t *n, size_t *cap)
{
	if (*n)
		end_page(&(*pages)[*n - 1]);
	XGROW(*pages, *cap, *n + 1);
	struct dlist *s = &(*pages)[(*n)++];
	dlist_init(s, A4_W, A4_H, 0);
	begin_page(s, white, NULL);
	c->sc = s;
	page_header(c);
}

bool pieces_compose(struct dlist **pages, size_t *npages, const struct board *b, size_t lang,
                    struct phrasebook *phrases, PangoContext *pango, struct diag *d)
{
	*pages = NULL;
	*npages = 0;
	const struct pieces *pc = &b->pieces;
	if (!pc->present)
		return true;
	struct composer c = {
	        .b = b, .lang = lang, .pango = pango, .phrases = phrases, .d = d, .ok = true};
	c.ok = phrasebook_require(phrases, b->langs.codes[lang], pieces_keys,
	                          sizeof(pieces_keys) / sizeof(pieces_keys[0]), pc->mark, d);
	double cw = A4_W - 2 * PAGE_MARGIN;
	struct block *blocks = NULL;
	size_t nb = 0, bcap = 0;
	for (size_t i = 0; i < pc->npawns; i++)
		for (long k = 0; k < pc->pawns[i].count; k++) {
			XGROW(blocks, bcap, nb + 1);
			blocks[nb++] = (struct block){BLOCK_PAWN, &pc->pawns[i], pawn_w,
			                              2 * pawn_tab + 2 * pawn_panel, 1};
		}
	if (pc->has_die) {
		XGROW(blocks, bcap, nb + 1);
		blocks[nb++] = (struct block){BLOCK_DIE, pc, 3 * die_face + 2 * die_tab,
		                              4 * die_face + die_tab, 1};
	}
	if (pc->has_spinner) {
		XGROW(blocks, bcap, nb + 1);
		blocks[nb++] = (struct block){BLOCK_SPINNER, pc, spinner_d + 6 * MM + pointer_w,
		                              spinner_d, 1};
	}
	double top = PAGE_MARGIN + 26 * MM, bottom = A4_H - PAGE_MARGIN;
	for (size_t i = 0; i < pc->ntokens; i++) {
		/* a group taller than a page goes on as many as it needs, a page's
		 * rows at a time, each with its caption (5 mm) */
		const struct token *t = &pc->tokens[i];
		long cols = token_cols(t, cw);
		long page_rows = (long)floor((bottom - top - 5 * MM) / (t->size + token_gap));
		long per_block = (page_rows > 0 ? page_rows : 1) * cols;
		for (long left = t->count; left > 0; left -= per_block) {
			long n = left < per_block ? left : per_block, rows = (n + cols - 1) / cols;
			XGROW(blocks, bcap, nb + 1);
			blocks[nb++] = (struct block){
			        BLOCK_TOKENS, t,
			        fmax((double)cols * t->size + (double)(cols - 1) * token_gap,
			             40 * MM),
			        (double)rows * (t->size + token_gap) + 5 * MM, n};
		}
	}
	size_t cap = 0;
	double x = PAGE_MARGIN, y = top, shelf = 0;
	for (size_t i = 0; i < nb; i++) {
		struct block *bl = &blocks[i];
		if (bl->h > bottom - top) {
			diag_error(d, pc->mark,
			           "a piece of the pieces sheet is taller than an A4 page");
			c.ok = false;
			break;
		}
		if (!*npages)
			new_page(&c, pages, npages, &cap);
		if (x > PAGE_MARGIN && x + bl->w > A4_W - PAGE_MARGIN + 0.01) {
			x = PAGE_MARGIN;
			y += shelf + BLOCK_GAP;
			shelf = 0;
		}
		if (y + bl->h > bottom + 0.01) {
			new_page(&c, pages, npages, &cap);
			x = PAGE_MARGIN;
			y = top;
			shelf = 0;
		}
		struct bpoint at = {x, y};
		switch (bl->kind) {
		case BLOCK_PAWN:
			pawn_block(&c, bl->what, at, "a pawn");
			break;
		case BLOCK_DIE:
			die_block(&c, bl->what, at);
			break;
		case BLOCK_SPINNER:
			spinner_block(&c, bl->what, at);
			break;
		case BLOCK_TOKENS:
			token_block(&c, bl->what, bl->count, at, cw);
			break;
		}
		x += bl->w + BLOCK_GAP;
		shelf = fmax(shelf, bl->h);
	}
	free(blocks);
	if (*npages)
		end_page(&(*pages)[*npages - 1]);
	return c.ok;
}
