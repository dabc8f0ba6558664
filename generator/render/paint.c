#include "render/paint.h"

#include <math.h>
#include <stdio.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "typeset/fit.h"

static void set_color(cairo_t *cr, struct color c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Adds a rectangle with corners rounded by r points (0: square; at most
 * half the shorter side) to the path of cr. */
static void rounded_rect(cairo_t *cr, struct box b, double r)
{
	if (r <= 0) {
		cairo_rectangle(cr, b.x, b.y, b.w, b.h);
		return;
	}
	double m = fmin(b.w, b.h) / 2;
	r = fmin(r, m);
	cairo_new_sub_path(cr);
	cairo_arc(cr, b.x + b.w - r, b.y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, b.x + b.w - r, b.y + b.h - r, r, 0, G_PI / 2);
	cairo_arc(cr, b.x + r, b.y + b.h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, b.x + r, b.y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

static void add_seg(cairo_t *cr, const struct dl_seg *s)
{
	const double *v = s->v;
	switch (s->kind) {
	case DL_SEG_MOVE:
		cairo_move_to(cr, v[0], v[1]);
		break;
	case DL_SEG_LINE:
		cairo_line_to(cr, v[0], v[1]);
		break;
	case DL_SEG_CURVE:
		cairo_curve_to(cr, v[0], v[1], v[2], v[3], v[4], v[5]);
		break;
	case DL_SEG_ARC:
		cairo_arc(cr, v[0], v[1], v[2], v[3], v[4]);
		break;
	case DL_SEG_CLOSE:
		cairo_close_path(cr);
		break;
	case DL_SEG_RECT:
		rounded_rect(cr, (struct box){v[0], v[1], v[2], v[3]}, v[4]);
		break;
	case DL_SEG_ELLIPSE:
		cairo_save(cr);
		cairo_translate(cr, v[0] + v[2] / 2, v[1] + v[3] / 2);
		cairo_scale(cr, v[2] / 2, v[3] / 2);
		cairo_new_sub_path(cr);
		cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
		cairo_restore(cr);
		break;
	}
}

static void set_stroke_style(cairo_t *cr, const struct dl_path *p)
{
	set_color(cr, p->stroke);
	cairo_set_line_width(cr, p->width);
	if (p->line_cap != DL_CAP_KEEP)
		cairo_set_line_cap(cr, p->line_cap == DL_CAP_ROUND ? CAIRO_LINE_CAP_ROUND
		                                                   : CAIRO_LINE_CAP_BUTT);
	if (p->line_join != DL_JOIN_KEEP)
		cairo_set_line_join(cr, p->line_join == DL_JOIN_ROUND ? CAIRO_LINE_JOIN_ROUND
		                                                      : CAIRO_LINE_JOIN_MITER);
	if (p->dash_mode == DL_DASH_ON_OFF)
		cairo_set_dash(cr, p->dash, 2, 0);
	else if (p->dash_mode == DL_DASH_SOLID)
		cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_path(cairo_t *cr, const struct dl_path *p)
{
	if (p->flags & DL_NEW_PATH_BEFORE)
		cairo_new_path(cr);
	for (size_t i = 0; i < p->nsegs; i++)
		add_seg(cr, &p->segs[i]);
	if (p->has_fill) {
		set_color(cr, p->fill);
		if (p->has_stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (p->has_stroke) {
		set_stroke_style(cr, p);
		cairo_stroke(cr);
	}
	if (p->flags & DL_NEW_PATH_AFTER)
		cairo_new_path(cr);
}

/* Sets up l to draw t: text_layout_setup() plus the colours of its links,
 * or a table cell. */
static void setup_text(PangoLayout *l, const struct dl_text *t)
{
	if (t->setup != DL_SETUP_STYLE) {
		text_layout_setup_cell(l, &t->rich, t->setup == DL_SETUP_CELL_MARKUP, &t->style,
		                       t->width);
		return;
	}
	text_layout_setup(l, &t->rich, &t->style, t->style.size, t->width);
	for (size_t i = 0; i < t->nlinks; i++)
		text_layout_set_color(l, t->links[i].start, t->links[i].end, t->links[i].color);
}

/* A plain text in a layout made for cr (the sheets' notes): moved to its
 * origin, turned, moved again, and set for cr's transformation there. */
static void draw_at_origin(cairo_t *cr, const struct dl_text *t)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	text_layout_setup_plain(l, t->rich.text, t->style.family, t->style.size, t->width);
	cairo_save(cr);
	set_color(cr, t->color);
	cairo_translate(cr, t->box.x, t->box.y);
	if (t->angle != 0)
		cairo_rotate(cr, t->angle);
	if (t->offset)
		cairo_translate(cr, t->off_x, t->off_y);
	pango_cairo_update_layout(cr, l);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	g_object_unref(l);
}

static void draw_block(cairo_t *cr, const struct dl_text *t, const struct paint_ctx *pc)
{
	/* the layout fitting chose, when layout kept it: shaped once */
	PangoLayout *l = t->layout ? g_object_ref(t->layout) : pango_layout_new(pc->pango);
	if (!t->layout)
		setup_text(l, t);
	cairo_save(cr);
	set_color(cr, t->color);
	if (t->place == DL_PLACE_CENTRED) {
		cairo_translate(cr, t->box.x + t->box.w / 2, t->box.y + t->box.h / 2);
		cairo_rotate(cr, t->angle);
		cairo_move_to(cr, -t->box.w / 2, -t->box.h / 2 + t->dy);
	} else if (t->angle != 0) {
		cairo_translate(cr, t->box.x + t->box.w / 2, t->box.y + t->box.h / 2);
		cairo_rotate(cr, t->angle);
		cairo_translate(cr, -t->box.w / 2, -t->box.h / 2);
		cairo_move_to(cr, 0, t->dy);
	} else {
		cairo_move_to(cr, t->box.x, t->box.y + t->dy);
	}
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	g_object_unref(l);
}

/* A link area for the link k on one line, in device space: cairo 1.16
 * takes link rectangles and destination positions in page coordinates,
 * whatever the transformation. */
static void link_rect(cairo_t *cr, const struct dl_link *k, PangoLayoutLine *line, double x,
                      double top, double h)
{
	int a = line->start_index, z = line->start_index + line->length;
	int s = (int)k->start > a ? (int)k->start : a;
	int e = (int)k->end < z ? (int)k->end : z;
	if (s >= e)
		return;
	int xs, xe;
	pango_layout_line_index_to_x(line, s, 0, &xs);
	pango_layout_line_index_to_x(line, e, 0, &xe);
	double x0 = x + (double)(xs < xe ? xs : xe) / PANGO_SCALE;
	double x1 = x + (double)(xs < xe ? xe : xs) / PANGO_SCALE;
	double dx0 = x0, dy0 = top, dx1 = x1, dy1 = top + h;
	cairo_user_to_device(cr, &dx0, &dy0);
	cairo_user_to_device(cr, &dx1, &dy1);
	char attrs[256];
	snprintf(attrs, sizeof(attrs), "dest='%s' rect=[%.3f %.3f %.3f %.3f]", k->dest,
	         fmin(dx0, dx1), fmin(dy0, dy1), fabs(dx1 - dx0), fabs(dy1 - dy0));
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
}

/* Lines of a paragraph, one by one, so a paragraph can be split across
 * columns and pages; with the link areas of its links on PDF surfaces. */
static void draw_lines(cairo_t *cr, const struct dl_text *t, const struct paint_ctx *pc, bool pdf)
{
	PangoLayout *l = pango_layout_new(pc->pango);
	setup_text(l, t);
	PangoLayoutIter *iter = pango_layout_get_iter(l);
	for (int i = 0; i < t->first_line; i++)
		pango_layout_iter_next_line(iter);
	int y0, y1;
	pango_layout_iter_get_line_yrange(iter, &y0, &y1);
	double top0 = (double)y0 / PANGO_SCALE;
	cairo_save(cr);
	set_color(cr, t->color);
	for (int i = 0; i < t->nlines; i++) {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
		PangoRectangle log;
		pango_layout_iter_get_line_extents(iter, NULL, &log);
		pango_layout_iter_get_line_yrange(iter, &y0, &y1);
		double base = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
		double x = t->box.x + (double)log.x / PANGO_SCALE;
		cairo_move_to(cr, x, t->box.y + base - top0);
		pango_cairo_show_layout_line(cr, line);
		for (size_t k = 0; pdf && k < t->nlinks; k++)
			if (t->links[k].dest)
				link_rect(cr, &t->links[k], line, x,
				          t->box.y + (double)y0 / PANGO_SCALE - top0,
				          (double)(y1 - y0) / PANGO_SCALE);
		if (!pango_layout_iter_next_line(iter))
			break;
	}
	cairo_restore(cr);
	pango_layout_iter_free(iter);
	g_object_unref(l);
}

static void draw_group(cairo_t *cr, const struct dl_group *g)
{
	cairo_save(cr);
	if (g->transform) {
		cairo_translate(cr, g->tx, g->ty);
		cairo_scale(cr, g->sx, g->sy);
	}
	if (g->clip) {
		cairo_rectangle(cr, g->clip_box.x, g->clip_box.y, g->clip_box.w, g->clip_box.h);
		cairo_clip(cr);
	}
}

static void draw_inset(cairo_t *cr, const struct dl_inset *in, cairo_surface_t *inset)
{
	if (!inset)
		return;
	cairo_save(cr);
	cairo_rectangle(cr, in->x + in->part.x * in->k, in->y + in->part.y * in->k,
	                in->part.w * in->k, in->part.h * in->k);
	cairo_clip(cr);
	cairo_translate(cr, in->x, in->y);
	cairo_scale(cr, in->k, in->k);
	cairo_set_source_surface(cr, inset, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

static void draw_dest(cairo_t *cr, const struct dl_dest *dd)
{
	double x = dd->x, y = dd->y;
	cairo_user_to_device(cr, &x, &y);
	char attrs[256];
	snprintf(attrs, sizeof(attrs), "name='%s' x=%.3f y=%.3f", dd->name, x, y);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs);
	cairo_tag_end(cr, CAIRO_TAG_DEST);
}

/* The last outline entry of each level so far, to nest the next under. */
struct outline {
	int parent[4];
	bool have[4];
};

static void draw_bookmark(cairo_surface_t *surface, const struct dl_bookmark *b, struct outline *o)
{
	int lv = b->level < 1 ? 1 : b->level > 3 ? 3 : b->level;
	int up = lv - 1;
	while (up > 0 && !o->have[up])
		up--;
	char link[160];
	snprintf(link, sizeof(link), "dest='%s'", b->dest);
	int id = cairo_pdf_surface_add_outline(surface, o->parent[up], b->title, link,
	                                       lv == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	o->parent[lv] = id;
	o->have[lv] = true;
	for (int k = lv + 1; k < 4; k++)
		o->have[k] = false;
}

/* An image in its box, turned about the box's centre when it has an angle. */
static bool draw_image(cairo_t *cr, const struct dl_image *im, const struct paint_ctx *pc)
{
	struct box b = im->box;
	if (im->angle != 0) {
		cairo_save(cr);
		cairo_translate(cr, b.x + b.w / 2, b.y + b.h / 2);
		cairo_rotate(cr, im->angle);
		b = (struct box){-b.w / 2, -b.h / 2, b.w, b.h};
	}
	bool drawn = im->cover ? image_cache_draw_cover(pc->images, cr, im->path, b)
	                       : image_cache_draw(pc->images, cr, im->path, b);
	if (im->angle != 0)
		cairo_restore(cr);
	return drawn;
}

/* The card's outline as cut: the trim with rounded corners. On a PDF the
 * die line in the marker colour (output/spot makes it the CutContour spot
 * colour); on an image the corners outside it white, and a light hairline
 * so the shape shows on a white card too. */
static void draw_die_line(cairo_t *cr, const struct dlist *l)
{
	struct box trim = {0, 0, l->trim_w, l->trim_h};
	cairo_save(cr);
	cairo_new_path(cr);
	if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF) {
		rounded_rect(cr, trim, l->die_radius);
		cairo_set_source_rgb(cr, PAINT_CUT_CONTOUR_R, PAINT_CUT_CONTOUR_G,
		                     PAINT_CUT_CONTOUR_B);
		cairo_set_line_width(cr, PAINT_CUT_CONTOUR_WIDTH);
		cairo_set_dash(cr, NULL, 0, 0);
		cairo_stroke(cr);
	} else {
		cairo_rectangle(cr, -l->bleed, -l->bleed, l->trim_w + 2 * l->bleed,
		                l->trim_h + 2 * l->bleed);
		rounded_rect(cr, trim, l->die_radius);
		cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_fill(cr);
		rounded_rect(cr, box_inset(trim, 0.25), l->die_radius - 0.25);
		cairo_set_source_rgb(cr, 0.78, 0.78, 0.78);
		cairo_set_line_width(cr, 0.5);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

bool paint_page(cairo_t *cr, const struct dlist *l, const struct paint_ctx *pc)
{
	bool drawn = true;
	/* link targets, links and bookmarks exist only in PDFs; on other
	 * surfaces the tags would do nothing, and bookmarks would put the
	 * surface in an error */
	bool pdf = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
	struct outline o = {{CAIRO_PDF_OUTLINE_ROOT, 0, 0, 0}, {true, false, false, false}};
	for (size_t i = 0; i < l->count; i++) {
		const struct dl_op *op = &l->ops[i];
		switch (op->kind) {
		case DL_PATH:
			draw_path(cr, &op->u.path);
			break;
		case DL_TEXT:
			if (op->u.text.lines)
				draw_lines(cr, &op->u.text, pc, pdf);
			else if (op->u.text.place == DL_PLACE_ORIGIN)
				draw_at_origin(cr, &op->u.text);
			else if (op->u.text.rich.len)
				draw_block(cr, &op->u.text, pc);
			break;
		case DL_IMAGE:
			drawn &= draw_image(cr, &op->u.image, pc);
			break;
		case DL_GROUP:
			draw_group(cr, &op->u.group);
			break;
		case DL_END:
			cairo_restore(cr);
			break;
		case DL_DEST:
			if (pdf)
				draw_dest(cr, &op->u.dest);
			break;
		case DL_INSET:
			draw_inset(cr, &op->u.inset, pc->inset);
			break;
		case DL_BOOKMARK:
			if (pdf)
				draw_bookmark(cairo_get_target(cr), &op->u.bookmark, &o);
			break;
		}
	}
	if (pc->die_line && l->die_radius > 0)
		draw_die_line(cr, l);
	return drawn;
}
