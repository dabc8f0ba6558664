#include "render/doc.h"

#include <math.h>
#include <stdio.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "render/card.h"
#include "render/paint.h"
#include "util/buf.h"

static void set_color(cairo_t *cr, struct color c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Link targets and links exist only in PDFs; on other surfaces the tags
 * would do nothing, and bookmarks would put the surface in an error. */
static bool is_pdf(cairo_t *cr)
{
	return cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
}

static void draw_rect(cairo_t *cr, const struct doc_item *it)
{
	cairo_new_path(cr);
	render_rounded_rect(cr, it->box, it->radius);
	if (it->has_fill) {
		set_color(cr, it->fill);
		if (it->has_stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (it->has_stroke) {
		set_color(cr, it->stroke);
		cairo_set_line_width(cr, it->line_width);
		cairo_stroke(cr);
	}
	cairo_new_path(cr);
}

static void draw_line(cairo_t *cr, const struct doc_item *it)
{
	cairo_new_path(cr);
	cairo_move_to(cr, it->box.x, it->box.y);
	cairo_line_to(cr, it->box.x + it->box.w, it->box.y + it->box.h);
	set_color(cr, it->stroke);
	cairo_set_line_width(cr, it->line_width);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_stroke(cr);
}

/* A link area for the card reference k on one line, in device space:
 * cairo 1.16 takes link rectangles and destination positions in page
 * coordinates, whatever the transformation. */
static void link_rect(cairo_t *cr, const struct doc_link *k, PangoLayoutLine *line, double x,
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

static void draw_text(cairo_t *cr, const struct doc_layout *L, const struct doc_item *it,
                      const struct render_ctx *rc, bool pdf)
{
	const struct doc_par *p = &L->pars[it->par];
	if (it->nlines <= 0 || it->first_line >= p->nlines)
		return;
	PangoLayout *l = pango_layout_new(rc->pango);
	doc_text_layout_setup(l, p);
	PangoLayoutIter *iter = pango_layout_get_iter(l);
	for (int i = 0; i < it->first_line; i++)
		pango_layout_iter_next_line(iter);
	int y0, y1;
	pango_layout_iter_get_line_yrange(iter, &y0, &y1);
	double top0 = (double)y0 / PANGO_SCALE;
	cairo_save(cr);
	set_color(cr, p->color);
	for (int i = 0; i < it->nlines; i++) {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
		PangoRectangle log;
		pango_layout_iter_get_line_extents(iter, NULL, &log);
		pango_layout_iter_get_line_yrange(iter, &y0, &y1);
		double base = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
		double x = it->box.x + (double)log.x / PANGO_SCALE;
		cairo_move_to(cr, x, it->box.y + base - top0);
		pango_cairo_show_layout_line(cr, line);
		for (size_t k = 0; pdf && k < p->nlinks; k++)
			if (p->links[k].dest)
				link_rect(cr, &p->links[k], line, x,
				          it->box.y + (double)y0 / PANGO_SCALE - top0,
				          (double)(y1 - y0) / PANGO_SCALE);
		if (!pango_layout_iter_next_line(iter))
			break;
	}
	cairo_restore(cr);
	pango_layout_iter_free(iter);
	g_object_unref(l);
}

static void draw_card(cairo_t *cr, const struct doc_item *it, const struct render_ctx *rc)
{
	const struct face_layout *fl = it->face;
	if (!fl || fl->trim_w <= 0 || fl->trim_h <= 0)
		return;
	cairo_save(cr);
	cairo_translate(cr, it->box.x, it->box.y);
	cairo_scale(cr, it->box.w / fl->trim_w, it->box.h / fl->trim_h);
	cairo_rectangle(cr, 0, 0, fl->trim_w, fl->trim_h);
	cairo_clip(cr);
	struct paint_ctx pc = {.pango = rc->pango, .images = rc->images};
	paint_page(cr, &fl->dlist, &pc);
	cairo_restore(cr);
}

/* A face in a circle: mood -2 (very sad) to 2 (very happy). Drawn, not a
 * glyph: no bundled font has the emoji. */
static void draw_smiley(cairo_t *cr, const struct doc_item *it)
{
	double d = fmin(it->box.w, it->box.h), lw = it->line_width;
	double cx = it->box.x + it->box.w / 2, cy = it->box.y + it->box.h / 2;
	cairo_save(cr);
	set_color(cr, it->stroke);
	cairo_set_line_width(cr, lw);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_new_path(cr);
	cairo_arc(cr, cx, cy, d / 2 - lw / 2, 0, 2 * G_PI);
	cairo_stroke(cr);
	for (int s = -1; s <= 1; s += 2) {
		cairo_new_path(cr);
		cairo_arc(cr, cx + s * d * 0.17, cy - d * 0.11, d * 0.055, 0, 2 * G_PI);
		cairo_fill(cr);
	}
	double k = it->mood / 2.0;
	double by = cy + d * 0.2 - (k > 0 ? k * d * 0.04 : 0);
	double x0 = cx - d * 0.21, x1 = cx + d * 0.21;
	double qy = by + k * d * 0.2; /* the quadratic's control point */
	cairo_new_path(cr);
	cairo_move_to(cr, x0, by);
	cairo_curve_to(cr, x0 + (cx - x0) * 2 / 3, by + (qy - by) * 2 / 3, x1 + (cx - x1) * 2 / 3,
	               by + (qy - by) * 2 / 3, x1, by);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_dest(cairo_t *cr, const struct doc_item *it)
{
	double x = it->box.x, y = it->box.y;
	cairo_user_to_device(cr, &x, &y);
	char attrs[256];
	snprintf(attrs, sizeof(attrs), "name='%s' x=%.3f y=%.3f", it->name, x, y);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs);
	cairo_tag_end(cr, CAIRO_TAG_DEST);
}

void render_doc_page(cairo_t *cr, const struct doc_layout *L, size_t page,
                     const struct render_ctx *rc)
{
	if (page >= L->npages)
		return;
	bool pdf = is_pdf(cr);
	const struct doc_page *pg = &L->pages[page];
	for (size_t i = 0; i < pg->count; i++) {
		const struct doc_item *it = &pg->items[i];
		switch (it->type) {
		case DOC_TEXT:
			draw_text(cr, L, it, rc, pdf);
			break;
		case DOC_RECT:
			draw_rect(cr, it);
			break;
		case DOC_LINE:
			draw_line(cr, it);
			break;
		case DOC_IMAGE:
			image_cache_draw(rc->images, cr, it->image, it->box);
			break;
		case DOC_CARD:
			draw_card(cr, it, rc);
			break;
		case DOC_SMILEY:
			draw_smiley(cr, it);
			break;
		case DOC_DOT:
			cairo_new_path(cr);
			cairo_arc(cr, it->box.x + it->box.w / 2, it->box.y + it->box.h / 2,
			          fmin(it->box.w, it->box.h) / 2, 0, 2 * G_PI);
			set_color(cr, it->fill);
			cairo_fill(cr);
			break;
		case DOC_DEST:
			if (pdf)
				draw_dest(cr, it);
			break;
		}
	}
}

void render_doc_outline(cairo_surface_t *surface, const struct doc_layout *L)
{
	if (cairo_surface_get_type(surface) != CAIRO_SURFACE_TYPE_PDF)
		return;
	int parent[4] = {CAIRO_PDF_OUTLINE_ROOT, 0, 0, 0}; /* last entry per level */
	bool have[4] = {true, false, false, false};
	char link[160];
	for (size_t i = 0; i < L->noutline; i++) {
		const struct doc_outline *o = &L->outline[i];
		int lv = o->level < 1 ? 1 : o->level > 3 ? 3 : o->level;
		int up = lv - 1;
		while (up > 0 && !have[up])
			up--;
		snprintf(link, sizeof(link), "dest='%s'", o->dest);
		int id = cairo_pdf_surface_add_outline(surface, parent[up], o->title, link,
		                                       lv == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
		parent[lv] = id;
		have[lv] = true;
		for (int k = lv + 1; k < 4; k++)
			have[k] = false;
	}
}
