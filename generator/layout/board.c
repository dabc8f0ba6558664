#include "layout/board.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

#define MM PT_PER_MM
#define EPS 0.01 /* pt: closer than this is the same */

/* ---- guides: polylines with their lengths ---- */

struct guide {
	struct bpoint *p;
	size_t n, cap;
	bool closed;
};

static void guide_add(struct guide *g, double x, double y)
{
	if (g->n && fabs(g->p[g->n - 1].x - x) < 1e-9 && fabs(g->p[g->n - 1].y - y) < 1e-9)
		return;
	XGROW(g->p, g->cap, g->n + 1);
	g->p[g->n++] = (struct bpoint){x, y};
}

/* Adds the arc from angle a0 to a1 (radians, y down), first point included. */
static void guide_arc(struct guide *g, double cx, double cy, double rx, double ry, double a0,
                      double a1, int segs)
{
	for (int i = 0; i <= segs; i++) {
		double a = a0 + (a1 - a0) * i / segs;
		guide_add(g, cx + rx * cos(a), cy + ry * sin(a));
	}
}

static double dist(struct bpoint a, struct bpoint b)
{
	return hypot(a.x - b.x, a.y - b.y);
}

static double guide_length(const struct guide *g)
{
	double len = 0;
	for (size_t i = 1; i < g->n; i++)
		len += dist(g->p[i - 1], g->p[i]);
	if (g->closed && g->n > 1)
		len += dist(g->p[g->n - 1], g->p[0]);
	return len;
}

/* Places count points at equal distances along g: open guides from end to
 * end, closed ones length / count apart starting at the first point. */
static void guide_place(const struct guide *g, size_t count, struct bpoint *out, double *at)
{
	double len = guide_length(g);
	double step = g->closed ? len / (double)count : (count > 1 ? len / (double)(count - 1) : 0);
	size_t seg = 0;
	double seg_start = 0;
	size_t nseg = g->closed ? g->n : g->n - 1;
	for (size_t k = 0; k < count; k++) {
		double u = step * (double)k;
		if (!g->closed && k == count - 1 && count > 1)
			u = len;
		/* advance to the segment holding u */
		while (seg < nseg) {
			struct bpoint a = g->p[seg], b = g->p[(seg + 1) % g->n];
			double l = dist(a, b);
			if (u <= seg_start + l + 1e-9 || seg + 1 == nseg) {
				double t = l > 0 ? (u - seg_start) / l : 0;
				t = t < 0 ? 0 : t > 1 ? 1 : t;
				out[k] = (struct bpoint){a.x + (b.x - a.x) * t,
				                         a.y + (b.y - a.y) * t};
				break;
			}
			seg_start += l;
			seg++;
		}
		if (nseg == 0)
			out[k] = g->p[0];
		at[k] = u;
	}
}

static bool corner_left(enum corner c)
{
	return c == CORNER_BOTTOM_LEFT || c == CORNER_TOP_LEFT;
}

static bool corner_bottom(enum corner c)
{
	return c == CORNER_BOTTOM_LEFT || c == CORNER_BOTTOM_RIGHT;
}

/* The angle (y down) pointing from the centre to the corner. */
static double corner_angle(enum corner c)
{
	double x = corner_left(c) ? -1 : 1, y = corner_bottom(c) ? 1 : -1;
	return atan2(y, x);
}

/* Rows joined by half circles at alternate ends. False when the rows do
 * not fit (turns wider than the area). */
static bool build_serpentine(struct guide *g, struct box a, long rows, enum corner start)
{
	if (rows < 1 || a.w < 0 || a.h < 0)
		return false;
	double d = rows > 1 ? a.h / (double)(rows - 1) : 0, r = d / 2;
	if (rows > 2 && 2 * r > a.w + EPS)
		return false;
	if (rows == 2 && r > a.w + EPS)
		return false;
	bool bottom = corner_bottom(start);
	int dir = corner_left(start) ? 1 : -1;
	double left = a.x, right = a.x + a.w;
	for (long k = 0; k < rows; k++) {
		double y = rows == 1 ? a.y + a.h / 2
		           : bottom  ? a.y + a.h - (double)k * d
		                     : a.y + (double)k * d;
		double from = dir > 0 ? left : right, to = dir > 0 ? right : left;
		if (k > 0)
			from += dir * r;
		if (k < rows - 1)
			to -= dir * r;
		guide_add(g, from, y);
		guide_add(g, to, y);
		if (k < rows - 1) {
			double ny = bottom ? y - d : y + d, mid = (y + ny) / 2;
			double a0 = atan2(y - mid, 0);
			/* sweep half a turn through the side the row is heading to */
			double a1 = a0 + PI;
			if ((cos(a0 + PI / 2) > 0) != (dir > 0))
				a1 = a0 - PI;
			guide_arc(g, to, mid, r, r, a0, a1, 48);
			dir = -dir;
		}
	}
	return true;
}

/* A rounded rectangle, clockwise on the page, from the start corner. */
static bool build_loop(struct guide *g, struct box a, double rc, enum corner start, bool clockwise)
{
	if (a.w <= 0 || a.h <= 0)
		return false;
	rc = fmin(rc, fmin(a.w, a.h) / 2);
	struct guide tmp = {0};
	/* corners clockwise on the page (y down): top-left, top-right,
	 * bottom-right, bottom-left; each arc from its middle to its end, then
	 * the edge to the next arc, then that arc's first half */
	double cx[4] = {a.x + rc, a.x + a.w - rc, a.x + a.w - rc, a.x + rc};
	double cy[4] = {a.y + rc, a.y + rc, a.y + a.h - rc, a.y + a.h - rc};
	double mid[4] = {-3 * PI / 4, -PI / 4, PI / 4, 3 * PI / 4};
	int first = start == CORNER_TOP_LEFT       ? 0
	            : start == CORNER_TOP_RIGHT    ? 1
	            : start == CORNER_BOTTOM_RIGHT ? 2
	                                           : 3;
	for (int i = 0; i < 4; i++) {
		int c = (first + i) % 4;
		if (rc > 0) {
			guide_arc(&tmp, cx[c], cy[c], rc, rc, mid[c], mid[c] + PI / 4, 12);
			int nc = (c + 1) % 4;
			guide_arc(&tmp, cx[nc], cy[nc], rc, rc, mid[nc] - PI / 4, mid[nc], 12);
		} else {
			guide_add(&tmp, cx[c], cy[c]);
		}
	}
	/* the last point closes onto the first */
	if (tmp.n > 1 && dist(tmp.p[0], tmp.p[tmp.n - 1]) < 1e-9)
		tmp.n--;
	if (clockwise) {
		for (size_t i = 0; i < tmp.n; i++)
			guide_add(g, tmp.p[i].x, tmp.p[i].y);
	} else {
		guide_add(g, tmp.p[0].x, tmp.p[0].y);
		for (size_t i = tmp.n - 1; i >= 1; i--)
			guide_add(g, tmp.p[i].x, tmp.p[i].y);
	}
	free(tmp.p);
	g->closed = true;
	return true;
}

static bool build_circle(struct guide *g, struct box a, enum corner start, bool clockwise)
{
	if (a.w <= 0 || a.h <= 0)
		return false;
	double a0 = corner_angle(start), s = clockwise ? 1 : -1;
	for (int i = 0; i < 360; i++) {
		double t = a0 + s * 2 * PI * i / 360;
		guide_add(g, a.x + a.w / 2 + a.w / 2 * cos(t), a.y + a.h / 2 + a.h / 2 * sin(t));
	}
	g->closed = true;
	return true;
}

/* An Archimedean spiral squeezed into the area, from the start corner's
 * direction on the outside to inner (a fraction of the radius). */
static bool build_spiral(struct guide *g, struct box a, double turns, double inner,
                         enum corner start, bool clockwise)
{
	if (a.w <= 0 || a.h <= 0 || turns <= 0)
		return false;
	double a0 = corner_angle(start), s = clockwise ? 1 : -1;
	int n = (int)(turns * 180) + 2;
	for (int i = 0; i <= n; i++) {
		double t = (double)i / n, rho = 1 - (1 - inner) * t,
		       th = a0 + s * 2 * PI * turns * t;
		guide_add(g, a.x + a.w / 2 + rho * a.w / 2 * cos(th),
		          a.y + a.h / 2 + rho * a.h / 2 * sin(th));
	}
	return true;
}

double path_space_distance(enum space_form form, struct bpoint a, struct bpoint b)
{
	if (form == FORM_CIRCLE)
		return dist(a, b);
	return fmax(fabs(a.x - b.x), fabs(a.y - b.y));
}

struct candidate {
	long rows;
	double turns, inner;
};

/* Builds the guide of spec at size s with the choices of c. */
static bool build_guide(struct guide *g, const struct path_spec *spec, double s,
                        const struct candidate *c)
{
	struct box a = box_inset(spec->area, s / 2);
	g->n = 0;
	g->closed = false;
	switch (spec->shape) {
	case TRACK_SERPENTINE:
		return build_serpentine(g, a, c->rows, spec->start);
	case TRACK_LOOP:
		return build_loop(g, a, s, spec->start, spec->clockwise);
	case TRACK_CIRCLE:
		return build_circle(g, a, spec->start, spec->clockwise);
	case TRACK_SPIRAL:
		return build_spiral(g, a, c->turns, c->inner, spec->start, spec->clockwise);
	case TRACK_POINTS:
	case TRACK_PATH:
		for (size_t i = 0; i < spec->npoints; i++)
			guide_add(g, spec->points[i].x, spec->points[i].y);
		return g->n > 0;
	}
	return false;
}

struct order {
	double x;
	size_t i;
};

static int cmp_order(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;
	return (a->x > b->x) - (a->x < b->x);
}

/* The smallest distance between two of the n centres, the way the form
 * overlaps; HUGE_VAL for fewer than two. Sorted by x, so pairs further
 * apart in x than limit are skipped (their distance is at least that). */
static double min_distance(enum space_form form, const struct bpoint *c, size_t n, double limit)
{
	struct order *o = xcalloc(n ? n : 1, sizeof(*o));
	for (size_t i = 0; i < n; i++)
		o[i] = (struct order){c[i].x, i};
	qsort(o, n, sizeof(*o), cmp_order);
	double best = HUGE_VAL;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n && o[j].x - o[i].x < fmin(best, limit); j++)
			best = fmin(best, path_space_distance(form, c[o[i].i], c[o[j].i]));
	free(o);
	return best;
}

/* Lays out count positions at size s; true when they fit. */
static bool try_size(const struct path_spec *spec, size_t count, double s,
                     const struct candidate *c, struct guide *g, struct bpoint *centres, double *at)
{
	if (!build_guide(g, spec, s, c))
		return false;
	if (spec->shape == TRACK_POINTS) {
		for (size_t i = 0; i < count; i++) {
			centres[i] = spec->points[i];
			at[i] = i ? at[i - 1] + dist(centres[i - 1], centres[i]) : 0;
		}
	} else {
		guide_place(g, count, centres, at);
	}
	struct box inside = box_inset(spec->area, s / 2);
	for (size_t i = 0; i < count; i++) {
		if (centres[i].x < inside.x - EPS || centres[i].y < inside.y - EPS ||
		    centres[i].x > inside.x + inside.w + EPS ||
		    centres[i].y > inside.y + inside.h + EPS)
			return false;
	}
	double need = s + spec->gap;
	return min_distance(spec->form, centres, count, need) >= need - EPS;
}

#define STEP (0.25 * MM)

/* The largest size on the 0.25 mm grid in [min, max] at which count
 * positions fit with choices c, or -1. */
static double best_size(const struct path_spec *spec, size_t count, const struct candidate *c,
                        struct guide *g, struct bpoint *centres, double *at)
{
	double lo = spec->min_size, hi = spec->max_size;
	if (try_size(spec, count, hi, c, g, centres, at))
		return hi;
	if (!try_size(spec, count, lo, c, g, centres, at))
		return -1;
	/* grid steps above lo; lo works, lo + nhi * STEP does not */
	long nlo = 0, nhi = (long)ceil((hi - lo) / STEP);
	while (nhi - nlo > 1) {
		long mid = nlo + (nhi - nlo) / 2;
		if (try_size(spec, count, lo + (double)mid * STEP, c, g, centres, at))
			nlo = mid;
		else
			nhi = mid;
	}
	return lo + (double)nlo * STEP;
}

/* The choices to try: rows for a serpentine, turns and inner radius for a
 * spiral, one empty choice otherwise. Caller frees. */
static struct candidate *candidates(const struct path_spec *spec, size_t *n)
{
	struct candidate *c = NULL;
	size_t cap = 0;
	*n = 0;
	if (spec->shape == TRACK_SERPENTINE) {
		long from = spec->rows ? spec->rows : 1, to = spec->rows;
		if (!to) {
			double room = spec->area.h - spec->min_size;
			to = (long)(room / (spec->min_size + spec->gap)) + 1;
			to = to < 1 ? 1 : to > (long)spec->count ? (long)spec->count : to;
			to = to > 40 ? 40 : to;
		}
		for (long r = from; r <= to; r++) {
			XGROW(c, cap, *n + 1);
			c[(*n)++] = (struct candidate){.rows = r};
		}
	} else if (spec->shape == TRACK_SPIRAL) {
		static const double inner[] = {0.0, 0.15, 0.3};
		double t0 = spec->turns > 0 ? spec->turns : 0.75;
		double t1 = spec->turns > 0 ? spec->turns : 8;
		for (double t = t0; t <= t1 + 1e-9; t += 0.25)
			for (int i = 0; i < 3; i++) {
				XGROW(c, cap, *n + 1);
				c[(*n)++] = (struct candidate){.turns = t, .inner = inner[i]};
			}
	} else {
		XGROW(c, cap, 1);
		c[(*n)++] = (struct candidate){0};
	}
	return c;
}

void path_layout_finish(struct path_layout *p)
{
	free(p->centres);
	free(p->at);
	free(p->guide);
	*p = (struct path_layout){0};
}

/* The best size for count positions over every choice; -1 when none fits.
 * *best is the choice. */
static double search(const struct path_spec *spec, size_t count, const struct candidate *c,
                     size_t nc, size_t *best, struct guide *g, struct bpoint *centres, double *at)
{
	double size = -1;
	for (size_t i = 0; i < nc; i++) {
		double s = best_size(spec, count, &c[i], g, centres, at);
		if (s > size + 1e-9) {
			size = s;
			*best = i;
		}
	}
	return size;
}

bool path_layout(struct path_layout *out, const struct path_spec *spec, struct path_failure *why)
{
	*out = (struct path_layout){0};
	*why = (struct path_failure){0};
	size_t count = spec->count;
	if (count == 0) {
		why->reason = "a track needs at least one space";
		return false;
	}
	if (spec->shape == TRACK_POINTS && spec->npoints != count) {
		why->reason = "a track of shape 'points' needs one point per space, start and goal "
		              "included";
		return false;
	}
	if (spec->shape == TRACK_PATH && spec->npoints < 2) {
		why->reason = "a track of shape 'path' needs at least two points";
		return false;
	}
	size_t nc;
	struct candidate *c = candidates(spec, &nc);
	struct guide g = {0};
	struct bpoint *centres = xcalloc(count, sizeof(*centres));
	double *at = xcalloc(count, sizeof(*at));
	size_t best = 0;
	double size = search(spec, count, c, nc, &best, &g, centres, at);
	if (size < 0) {
		why->reason = "the spaces do not fit at the minimum size";
		/* how many would fit, and how large the spaces could be */
		if (spec->shape != TRACK_POINTS) {
			size_t lo = 0, hi = count;
			while (hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;
				size_t b;
				if (search(spec, mid, c, nc, &b, &g, centres, at) >= 0)
					lo = mid;
				else
					hi = mid;
			}
			why->fits_at_min = lo;
		}
		struct path_spec smaller = *spec;
		smaller.min_size = 1 * MM;
		smaller.max_size = spec->min_size;
		size_t b;
		double s = search(&smaller, count, c, nc, &b, &g, centres, at);
		why->best_size = s > 0 ? s : 0;
		free(c);
		free(g.p);
		free(centres);
		free(at);
		return false;
	}
	/* lay out again at the chosen size: the last try may have been another */
	bool ok = try_size(spec, count, size, &c[best], &g, centres, at);
	(void)ok;
	out->size = size;
	out->centres = centres;
	out->at = at;
	out->count = count;
	out->closed = g.closed;
	out->length = guide_length(&g);
	out->guide = g.p;
	out->nguide = g.n;
	out->rows = c[best].rows;
	out->turns = c[best].turns;
	free(c);
	return true;
}

/* The spec of a model's track (count = spaces + start + goal). */
static void path_spec_from_track(struct path_spec *out, const struct track *t)
{
	*out = (struct path_spec){
	        .shape = t->shape,
	        .area = t->area,
	        .count = t->nspaces + (t->has_start ? 1 : 0) + (t->has_goal ? 1 : 0),
	        .form = t->form,
	        .max_size = t->size,
	        .min_size = t->min_size,
	        .gap = t->gap,
	        .rows = t->rows,
	        .turns = t->turns,
	        .start = t->start_corner,
	        .clockwise = t->clockwise,
	        .points = t->points,
	        .npoints = t->npoints,
	};
}

/* ---- outlines ---- */

static void outline_bounds(struct outline *o)
{
	o->bounds = bpoint_bounds(o->pts, o->n);
}

void outline_rect(struct outline *o, struct box b)
{
	o->n = 4;
	o->pts = xcalloc(4, sizeof(*o->pts));
	o->pts[0] = (struct bpoint){b.x, b.y};
	o->pts[1] = (struct bpoint){b.x + b.w, b.y};
	o->pts[2] = (struct bpoint){b.x + b.w, b.y + b.h};
	o->pts[3] = (struct bpoint){b.x, b.y + b.h};
	outline_bounds(o);
}

void outline_ellipse(struct outline *o, struct box b, size_t segments)
{
	o->n = segments < 8 ? 8 : segments;
	o->pts = xcalloc(o->n, sizeof(*o->pts));
	for (size_t i = 0; i < o->n; i++) {
		double a = 2 * PI * (double)i / (double)o->n;
		o->pts[i] = (struct bpoint){b.x + b.w / 2 + b.w / 2 * cos(a),
		                            b.y + b.h / 2 + b.h / 2 * sin(a)};
	}
	outline_bounds(o);
}

void outline_polygon(struct outline *o, const struct bpoint *pts, size_t n)
{
	o->n = n;
	o->pts = xcalloc(n ? n : 1, sizeof(*o->pts));
	if (n)
		memcpy(o->pts, pts, n * sizeof(*pts));
	outline_bounds(o);
}

void outline_finish(struct outline *o)
{
	free(o->pts);
	*o = (struct outline){0};
}

static double cross(struct bpoint o, struct bpoint a, struct bpoint b)
{
	return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/* Distance from p to the segment ab. */
static double seg_dist(struct bpoint p, struct bpoint a, struct bpoint b)
{
	double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
	double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

bool outline_contains(const struct outline *o, struct bpoint p, double eps)
{
	if (o->n < 3)
		return false;
	bool in = false;
	for (size_t i = 0, j = o->n - 1; i < o->n; j = i++) {
		struct bpoint a = o->pts[i], b = o->pts[j];
		if (seg_dist(p, a, b) <= eps)
			return false;
		if ((a.y > p.y) != (b.y > p.y) &&
		    p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
			in = !in;
	}
	return in;
}

/* True when segments ab and cd cross at a point inside both (not at an
 * end and not along a shared line). */
static bool segments_cross(struct bpoint a, struct bpoint b, struct bpoint c, struct bpoint d,
                           double eps)
{
	double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
	double lcd = dist(c, d), lab = dist(a, b);
	/* signed distances from the other line, in points */
	if (lcd <= 0 || lab <= 0)
		return false;
	d1 /= lcd;
	d2 /= lcd;
	d3 /= lab;
	d4 /= lab;
	return ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps)) &&
	       ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps));
}

static struct bpoint centroid(const struct outline *o)
{
	double x = 0, y = 0;
	for (size_t i = 0; i < o->n; i++) {
		x += o->pts[i].x;
		y += o->pts[i].y;
	}
	return (struct bpoint){x / (double)o->n, y / (double)o->n};
}

bool outlines_overlap(const struct outline *a, const struct outline *b, double eps)
{
	if (a->n < 3 || b->n < 3)
		return false;
	struct box p = a->bounds, q = b->bounds;
	if (p.x + p.w <= q.x + eps || q.x + q.w <= p.x + eps || p.y + p.h <= q.y + eps ||
	    q.y + q.h <= p.y + eps)
		return false;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++)
			if (segments_cross(a->pts[i], a->pts[(i + 1) % a->n], b->pts[j],
			                   b->pts[(j + 1) % b->n], eps))
				return true;
	for (size_t i = 0; i < a->n; i++)
		if (outline_contains(b, a->pts[i], eps))
			return true;
	for (size_t j = 0; j < b->n; j++)
		if (outline_contains(a, b->pts[j], eps))
			return true;
	/* equal outlines cross nowhere and have no vertex inside each other */
	return outline_contains(b, centroid(a), eps) || outline_contains(a, centroid(b), eps);
}

bool outline_inside(const struct outline *o, struct box box, double eps)
{
	return box_contains(box, o->bounds, eps);
}

/* ---- inside a zone ---- */

/* The area inside a zone where its texts and contents go. */
static struct box zone_content(const struct zone *z)
{
	struct box b = z->box;
	switch (z->shape) {
	case ZONE_RECT:
		return box_inset(b, 5 * MM);
	case ZONE_CIRCLE: {
		double w = b.w * 0.7071, h = b.h * 0.7071;
		return box_inset((struct box){b.x + (b.w - w) / 2, b.y + (b.h - h) / 2, w, h},
		                 2 * MM);
	}
	case ZONE_POLYGON:
		return (struct box){b.x + 0.2 * b.w, b.y + 0.2 * b.h, 0.6 * b.w, 0.6 * b.h};
	}
	return b;
}

void zone_geometry_finish(struct zone_geometry *g)
{
	free(g->cells);
	free(g->captions);
	*g = (struct zone_geometry){0};
}

bool zone_layout(struct zone_geometry *g, const struct zone *z)
{
	*g = (struct zone_geometry){.centred = z->shape != ZONE_RECT};
	struct box k = zone_content(z);
	/* a wide zone with contents keeps its texts in a column at the left */
	bool side = (z->nslots || z->postits) && z->shape == ZONE_RECT && k.w > 2.2 * k.h;
	struct box beside = k;
	if (side) {
		double tw = fmin(0.28 * k.w, 70 * MM);
		beside = (struct box){k.x + tw + 5 * MM, k.y, k.w - tw - 5 * MM, k.h};
		k.w = tw;
	}
	double y = k.y;
	if (ltext_is_set(&z->label)) {
		double h = side ? fmin(14 * MM, 0.3 * k.h) : fmin(13 * MM, 0.28 * k.h);
		g->label = (struct box){k.x, y, k.w, h};
		y += h + 1 * MM;
	}
	bool contents = z->nslots || z->postits;
	if (ltext_is_set(&z->text)) {
		/* the text takes what the contents leave */
		double h = side || !contents ? k.y + k.h - y : fmin(17 * MM, 0.3 * k.h);
		g->text = (struct box){k.x, y, k.w, h};
		y += h + 2 * MM;
	}
	g->rest = side ? beside : (struct box){k.x, y, k.w, k.y + k.h - y};
	struct box rest = g->rest;
	if (z->nslots) {
		double cw = rest.w / (double)z->nslots, lab = 8 * MM;
		double size = fmin(cw * 0.8, rest.h - lab - 2 * MM);
		if (size < 8 * MM)
			return false;
		double top = rest.y + (rest.h - size - lab - 1 * MM) / 2;
		g->cells = xcalloc(z->nslots, sizeof(*g->cells));
		g->captions = xcalloc(z->nslots, sizeof(*g->captions));
		g->ncells = z->nslots;
		for (size_t i = 0; i < z->nslots; i++) {
			double cx = rest.x + cw * (double)i;
			g->cells[i] = (struct box){cx + (cw - size) / 2, top, size, size};
			g->captions[i] =
			        (struct box){cx + 1 * MM, top + size + 1 * MM, cw - 2 * MM, lab};
		}
	}
	if (z->postits) {
		double p = z->postit_size, gap = 5 * MM;
		long cols = rest.w > 0 ? (long)floor((rest.w + gap) / (p + gap)) : 0;
		long rows = rest.h > 0 ? (long)floor((rest.h + gap) / (p + gap)) : 0;
		g->room = cols * rows;
		if (g->room < z->postits)
			return false;
		long use_cols = z->postits < cols ? z->postits : cols;
		long use_rows = (z->postits + use_cols - 1) / use_cols;
		double gw = (double)use_cols * p + (double)(use_cols - 1) * gap;
		double gh = (double)use_rows * p + (double)(use_rows - 1) * gap;
		double x0 = rest.x + (rest.w - gw) / 2, y0 = rest.y + (rest.h - gh) / 2;
		g->cells = xcalloc((size_t)z->postits, sizeof(*g->cells));
		g->ncells = (size_t)z->postits;
		for (long i = 0; i < z->postits; i++)
			g->cells[i] = (struct box){x0 + (double)(i % use_cols) * (p + gap),
			                           y0 + (double)(i / use_cols) * (p + gap), p, p};
	}
	return true;
}

/* ---- a whole board ---- */

static struct board_part *add_part(struct board_layout *l, size_t *cap, const char *name,
                                   struct mark m, bool may_overlap)
{
	XGROW(l->parts, *cap, l->nparts + 1);
	struct board_part *p = &l->parts[l->nparts++];
	*p = (struct board_part){.name = xstrdup(name), .mark = m, .may_overlap = may_overlap};
	return p;
}

static const char *const shape_names[] = {"serpentine", "loop",   "spiral",
                                          "circle",     "points", "path"};

static void report_track(const struct board *b, const struct path_spec *spec,
                         const struct path_failure *why, struct diag *d)
{
	const struct track *t = &b->track;
	if (why->reason && strcmp(why->reason, "the spaces do not fit at the minimum size") != 0) {
		diag_error(d, t->points_mark.line ? t->points_mark : t->mark, "%s", why->reason);
		return;
	}
	struct buf msg;
	buf_init(&msg);
	buf_printf(&msg, "%zu spaces%s do not fit the %s track at the minimum size %.4gmm",
	           t->nspaces,
	           t->has_start && t->has_goal ? " with start and goal"
	           : t->has_start              ? " with the start"
	           : t->has_goal               ? " with the goal"
	                                       : "",
	           shape_names[t->shape], spec->min_size / MM);
	if (why->best_size > 0)
		buf_printf(&msg, "; they would fit at %.4gmm", why->best_size / MM);
	if (why->fits_at_min > 0)
		buf_printf(&msg, "%s%zu positions fit at %.4gmm",
		           why->best_size > 0 ? ", and " : "; ", why->fits_at_min,
		           spec->min_size / MM);
	buf_printf(&msg, " (area %.4g x %.4g mm)", spec->area.w / MM, spec->area.h / MM);
	diag_error(d, t->spaces_mark, "%s", buf_str(&msg));
	buf_finish(&msg);
}

static void add_space_parts(struct board_layout *l, size_t *cap, const struct board *b)
{
	const struct track *t = &b->track;
	const struct path_layout *p = &l->path;
	for (size_t i = 0; i < p->count; i++) {
		const struct space *sp;
		if (t->has_start && i == 0)
			sp = &t->start;
		else if (t->has_goal && i == p->count - 1)
			sp = &t->goal;
		else
			sp = &t->spaces[i - (t->has_start ? 1 : 0)];
		char name[64];
		board_space_name(sp, name, sizeof(name));
		struct board_part *part = add_part(l, cap, name, sp->mark, false);
		part->is_space = true;
		double s = p->size;
		struct box bx = {p->centres[i].x - s / 2, p->centres[i].y - s / 2, s, s};
		if (t->form == FORM_CIRCLE)
			outline_ellipse(&part->outline, bx, 48);
		else
			outline_rect(&part->outline, bx);
	}
}

static void add_element_parts(struct board_layout *l, size_t *cap, const struct board *b)
{
	char name[160];
	if (b->has_header) {
		struct board_part *p = add_part(
		        l, cap,
		        b->header_default ? "the title (at the top, where 'header:' would place it)"
		                          : "the header",
		        b->header_mark, false);
		outline_rect(&p->outline, b->header);
	}
	if (ltext_is_set(&b->brand)) {
		struct box safe = board_get_safe(b);
		struct board_part *p = add_part(l, cap, "the brand line", b->brand_mark, false);
		outline_rect(&p->outline,
		             (struct box){safe.x, safe.y + safe.h - 6 * MM, safe.w, 6 * MM});
	}
	if (b->legend.show) {
		struct board_part *p = add_part(l, cap, "the legend", b->legend.mark, false);
		outline_rect(&p->outline, b->legend.box);
	}
	for (size_t i = 0; i < b->nzones; i++) {
		const struct zone *z = &b->zones[i];
		snprintf(name, sizeof(name), "zone '%s'", z->id);
		struct board_part *p = add_part(l, cap, name, z->mark, z->overlap);
		if (z->shape == ZONE_RECT)
			outline_rect(&p->outline, z->box);
		else if (z->shape == ZONE_CIRCLE)
			outline_ellipse(&p->outline, z->box, 72);
		else
			outline_polygon(&p->outline, z->points, z->npoints);
	}
	for (size_t i = 0; i < b->nscales; i++) {
		snprintf(name, sizeof(name), "scale '%s'", b->scales[i].id);
		struct board_part *p =
		        add_part(l, cap, name, b->scales[i].mark, b->scales[i].overlap);
		outline_rect(&p->outline, b->scales[i].box);
	}
	for (size_t i = 0; i < b->nplacemats; i++) {
		snprintf(name, sizeof(name), "placemat '%s'", b->placemats[i].id);
		struct board_part *p =
		        add_part(l, cap, name, b->placemats[i].mark, b->placemats[i].overlap);
		outline_rect(&p->outline, b->placemats[i].box);
	}
	for (size_t i = 0; i < b->ntimelines; i++) {
		snprintf(name, sizeof(name), "timeline '%s'", b->timelines[i].id);
		struct board_part *p =
		        add_part(l, cap, name, b->timelines[i].mark, b->timelines[i].overlap);
		outline_rect(&p->outline, b->timelines[i].box);
	}
}

/* Elements inside the board and its safe area, off the spaces, and off
 * each other unless one of the two allows it. */
static bool check_parts(const struct board_layout *l, const struct board *b, struct diag *d)
{
	bool ok = true;
	struct box trim = {0, 0, b->trim_w, b->trim_h}, safe = board_get_safe(b);
	for (size_t i = 0; i < l->nparts; i++) {
		const struct board_part *p = &l->parts[i];
		if (p->is_space)
			continue;
		if (!outline_inside(&p->outline, trim, EPS)) {
			diag_error(d, p->mark, "%s lies outside the board (%.4g x %.4g mm)",
			           p->name, b->trim_w / MM, b->trim_h / MM);
			ok = false;
			continue;
		}
		if (!outline_inside(&p->outline, safe, EPS)) {
			diag_error(d, p->mark,
			           "%s crosses the safe margin; keep it %.4gmm inside the board's "
			           "edge",
			           p->name, b->safe / MM);
			ok = false;
		}
		size_t covered = 0;
		const struct board_part *first = NULL;
		for (size_t j = 0; j < l->nparts && !p->may_overlap; j++) {
			const struct board_part *q = &l->parts[j];
			if (!q->is_space || !outlines_overlap(&p->outline, &q->outline, EPS))
				continue;
			first = first ? first : q;
			covered++;
		}
		if (covered == 1)
			diag_error(d, p->mark, "%s covers %s of the track", p->name, first->name);
		else if (covered > 1)
			diag_error(d, p->mark, "%s covers %s of the track and %zu more", p->name,
			           first->name, covered - 1);
		ok &= covered == 0;
		for (size_t j = 0; j < i; j++) {
			const struct board_part *q = &l->parts[j];
			if (q->is_space || p->may_overlap || q->may_overlap)
				continue;
			if (outlines_overlap(&p->outline, &q->outline, EPS)) {
				diag_error(d, p->mark,
				           "%s overlaps %s; move one, or allow it with 'overlap: "
				           "true'",
				           p->name, q->name);
				ok = false;
			}
		}
	}
	return ok;
}

bool board_layout(struct board_layout *out, const struct board *b, struct diag *d)
{
	*out = (struct board_layout){0};
	size_t cap = 0;
	bool ok = true;
	if (b->track.present) {
		struct path_spec spec;
		path_spec_from_track(&spec, &b->track);
		struct path_failure why;
		if (path_layout(&out->path, &spec, &why))
			add_space_parts(out, &cap, b);
		else {
			report_track(b, &spec, &why, d);
			ok = false;
		}
	}
	add_element_parts(out, &cap, b);
	ok &= check_parts(out, b, d);
	for (size_t i = 0; i < b->nzones; i++) {
		const struct zone *z = &b->zones[i];
		struct zone_geometry g;
		if (!zone_layout(&g, z)) {
			if (z->postits)
				diag_error(d, z->mark,
				           "zone '%s' has room for %ld post-its of %.4gmm, not "
				           "%ld; make it "
				           "larger or the post-its smaller",
				           z->id, g.room > 0 ? g.room : 0, z->postit_size / MM,
				           z->postits);
			else
				diag_error(d, z->mark, "zone '%s' has no room for its %zu slots",
				           z->id, z->nslots);
			ok = false;
		}
		zone_geometry_finish(&g);
	}
	return ok;
}

void board_layout_finish(struct board_layout *l)
{
	path_layout_finish(&l->path);
	for (size_t i = 0; i < l->nparts; i++) {
		outline_finish(&l->parts[i].outline);
		free((char *)l->parts[i].name);
	}
	free(l->parts);
	*l = (struct board_layout){0};
}

/* ---- tiles ---- */

/* Seams: where each window starts along one axis. The first is 0 and the
 * last len - win; the ones between move in 1 mm steps within their slack
 * to cross as few avoid spans as they can, then to be as even as they can.
 * Returns the number of seams that still cross a span. */
struct span {
	double a, b;
};

static int crossings_at(double s, const struct span *sp, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		c += s > sp[i].a + 0.5 * MM && s < sp[i].b - 0.5 * MM;
	return c;
}

static int place_seams(double *x, int count, double len, double win, double overlap,
                       const struct span *sp, size_t nsp)
{
	if (count == 1) {
		x[0] = 0;
		return 0;
	}
	double step = (len - win) / (count - 1);
	for (int i = 0; i < count; i++)
		x[i] = step * i;
	x[count - 1] = len - win;
	if (count == 2 || nsp == 0) {
		int c = 0;
		for (int i = 1; i < count; i++)
			c += crossings_at(x[i], sp, nsp);
		return c;
	}
	/* dynamic programming over a 1 mm grid of seam positions */
	double unit = 1 * MM;
	long ngrid = (long)floor((len - win) / unit) + 1;
	int inner = count - 2;
	double maxstep = win - overlap, minstep = fmin(win / 2, step) - 1 * MM;
	double *cost = xcalloc((size_t)(inner * ngrid), sizeof(*cost));
	long *from = xcalloc((size_t)(inner * ngrid), sizeof(*from));
	for (int k = 0; k < inner; k++) {
		for (long g = 0; g < ngrid; g++) {
			double pos = (double)g * unit, dev = (pos - step * (k + 1)) / MM;
			double own = 1000.0 * crossings_at(pos, sp, nsp) + dev * dev * 1e-3;
			double best = HUGE_VAL;
			long arg = -1;
			if (k == 0) {
				if (pos <= maxstep + 1e-9 && pos >= minstep - 1e-9)
					best = 0;
			} else {
				for (long h = 0; h < ngrid; h++) {
					double prev = (double)h * unit, dd = pos - prev;
					double c = cost[(k - 1) * ngrid + h];
					if (dd > maxstep + 1e-9 || dd < minstep - 1e-9 ||
					    c >= HUGE_VAL)
						continue;
					if (c < best) {
						best = c;
						arg = h;
					}
				}
			}
			/* the last seam must reach the final window */
			if (k == inner - 1) {
				double dd = (len - win) - pos;
				if (dd > maxstep + 1e-9 || dd < minstep - 1e-9)
					best = HUGE_VAL;
			}
			cost[k * ngrid + g] = best < HUGE_VAL ? best + own : HUGE_VAL;
			from[k * ngrid + g] = arg;
		}
	}
	long bestg = -1;
	double bestc = HUGE_VAL;
	for (long g = 0; g < ngrid; g++)
		if (cost[(inner - 1) * ngrid + g] < bestc) {
			bestc = cost[(inner - 1) * ngrid + g];
			bestg = g;
		}
	if (bestg >= 0) {
		for (int k = inner - 1; k >= 0; k--) {
			x[k + 1] = (double)bestg * unit;
			bestg = from[k * ngrid + bestg];
		}
	}
	free(cost);
	free(from);
	int c = 0;
	for (int i = 1; i < count; i++)
		c += crossings_at(x[i], sp, nsp);
	return c;
}

/* Sheets needed along one axis: windows of win with at least overlap. */
static int count_tiles(double len, double win, double overlap)
{
	if (len <= win + EPS)
		return 1;
	return (int)ceil((len - overlap - EPS) / (win - overlap));
}

bool tile_plan_make(struct tile_plan *out, const struct tile_options *o, const char **err)
{
	*out = (struct tile_plan){0};
	*err = NULL;
	double pw = fmin(o->paper_w, o->paper_h), ph = fmax(o->paper_w, o->paper_h);
	double bw = o->board_w, bh = o->board_h;
	if ((pw >= bw - EPS && ph >= bh - EPS) || (pw >= bh - EPS && ph >= bw - EPS)) {
		*err = "the paper is not smaller than the board; print the board whole";
		return false;
	}
	double inset = o->margin + o->band;
	int best_n = 0;
	bool landscape = false;
	for (int land = 0; land < 2; land++) {
		if ((o->orientation == TILE_PORTRAIT && land) ||
		    (o->orientation == TILE_LANDSCAPE && !land))
			continue;
		double sw = land ? ph : pw, sh = land ? pw : ph;
		double ww = sw - 2 * inset, wh = sh - 2 * inset;
		if (ww <= o->overlap + EPS || wh <= o->overlap + EPS)
			continue;
		int n = count_tiles(bw, ww, o->overlap) * count_tiles(bh, wh, o->overlap);
		if (best_n == 0 || n < best_n) {
			best_n = n;
			landscape = land;
		}
	}
	if (best_n == 0) {
		*err = "the paper leaves no room for a window larger than the overlap";
		return false;
	}
	out->sheet_w = landscape ? ph : pw;
	out->sheet_h = landscape ? pw : ph;
	double ww = out->sheet_w - 2 * inset, wh = out->sheet_h - 2 * inset;
	out->cols = count_tiles(bw, ww, o->overlap);
	out->rows = count_tiles(bh, wh, o->overlap);
	out->win_w = out->cols == 1 ? bw : ww;
	out->win_h = out->rows == 1 ? bh : wh;
	out->window = (struct box){(out->sheet_w - out->win_w) / 2, (out->sheet_h - out->win_h) / 2,
	                           out->win_w, out->win_h};
	out->x = xcalloc((size_t)out->cols, sizeof(*out->x));
	out->y = xcalloc((size_t)out->rows, sizeof(*out->y));
	/* a vertical seam crosses a text when it runs between the text's left
	 * and right edge; a horizontal one between its top and bottom */
	struct span *sx = xcalloc(o->navoid ? o->navoid : 1, sizeof(*sx));
	struct span *sy = xcalloc(o->navoid ? o->navoid : 1, sizeof(*sy));
	for (size_t i = 0; i < o->navoid; i++) {
		sx[i] = (struct span){o->avoid[i].x, o->avoid[i].x + o->avoid[i].w};
		sy[i] = (struct span){o->avoid[i].y, o->avoid[i].y + o->avoid[i].h};
	}
	out->crossings = place_seams(out->x, out->cols, bw, out->win_w, o->overlap, sx, o->navoid) +
	                 place_seams(out->y, out->rows, bh, out->win_h, o->overlap, sy, o->navoid);
	out->x_text = xcalloc((size_t)out->cols, sizeof(*out->x_text));
	out->y_text = xcalloc((size_t)out->rows, sizeof(*out->y_text));
	for (int c = 1; c < out->cols; c++)
		out->x_text[c] = crossings_at(out->x[c], sx, o->navoid) > 0;
	for (int r = 1; r < out->rows; r++)
		out->y_text[r] = crossings_at(out->y[r], sy, o->navoid) > 0;
	free(sx);
	free(sy);
	out->overlap_x = out->overlap_y = 0;
	for (int c = 1; c < out->cols; c++) {
		double ov = out->x[c - 1] + out->win_w - out->x[c];
		out->overlap_x = c == 1 ? ov : fmin(out->overlap_x, ov);
	}
	for (int r = 1; r < out->rows; r++) {
		double ov = out->y[r - 1] + out->win_h - out->y[r];
		out->overlap_y = r == 1 ? ov : fmin(out->overlap_y, ov);
	}
	return true;
}

void tile_plan_finish(struct tile_plan *p)
{
	free(p->x);
	free(p->y);
	free(p->x_text);
	free(p->y_text);
	*p = (struct tile_plan){0};
}

struct box tile_plan_get_window(const struct tile_plan *p, int r, int c)
{
	return (struct box){p->x[c], p->y[r], p->win_w, p->win_h};
}

void tile_plan_get_label(int r, int c, char *buf, size_t n)
{
	char letters[8];
	int len = 0;
	/* bijective base 26: A..Z, AA.. */
	for (int v = r + 1; v > 0 && len < 7; v = (v - 1) / 26)
		letters[len++] = (char)('A' + (v - 1) % 26);
	char rev[8];
	for (int i = 0; i < len; i++)
		rev[i] = letters[len - 1 - i];
	rev[len] = '\0';
	snprintf(buf, n, "%s%d", rev, c + 1);
}
