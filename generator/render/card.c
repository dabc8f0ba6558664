#include "render/card.h"

#include <math.h>

#include <pango/pangocairo.h>

static void set_color(cairo_t *cr, struct color c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void render_rounded_rect(cairo_t *cr, struct box b, double r)
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

static void draw_rect(cairo_t *cr, const struct lay_item *it)
{
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
		cairo_set_line_width(cr, it->stroke_width);
		cairo_stroke(cr);
	}
}

static void draw_text(cairo_t *cr, const struct lay_item *it, const struct render_ctx *rc)
{
	PangoLayout *l = pango_layout_new(rc->pango);
	text_layout_setup(l, &it->rich, &it->style, it->style.size, it->box.w);
	cairo_save(cr);
	set_color(cr, it->color);
	cairo_move_to(cr, it->box.x, it->box.y + it->text_dy);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	g_object_unref(l);
}

static void draw_line(cairo_t *cr, const struct lay_item *it)
{
	cairo_move_to(cr, it->x1, it->y1);
	cairo_line_to(cr, it->x2, it->y2);
	set_color(cr, it->color);
	cairo_set_line_width(cr, it->width);
	cairo_stroke(cr);
}

/* A row of circles across the box, the first dot_filled of them filled. */
static void draw_dots(cairo_t *cr, const struct lay_item *it)
{
	double n = (double)it->dot_count;
	double d = fmin(it->box.h, it->box.w / (n + (n - 1) * 0.5));
	double gap = n > 1 ? (it->box.w - n * d) / (n - 1) : 0;
	gap = fmin(gap, d * 0.6);
	double r = d / 2, sw = it->has_stroke ? it->stroke_width : 0;
	for (long i = 0; i < it->dot_count; i++) {
		double cx = it->box.x + r + (double)i * (d + gap), cy = it->box.y + it->box.h / 2;
		cairo_new_path(cr);
		cairo_arc(cr, cx, cy, r - sw / 2, 0, 2 * G_PI);
		if (i < it->dot_filled && it->has_fill) {
			set_color(cr, it->fill);
			cairo_fill_preserve(cr);
		}
		set_color(cr, it->has_stroke ? it->stroke : it->fill);
		cairo_set_line_width(cr, sw > 0 ? sw : 0.5);
		cairo_stroke(cr);
	}
}

void render_card_face(cairo_t *cr, const struct face_layout *fl, const struct render_ctx *rc)
{
	for (size_t i = 0; i < fl->count; i++) {
		const struct lay_item *it = &fl->items[i];
		switch (it->type) {
		case ELEM_RECT:
			draw_rect(cr, it);
			break;
		case ELEM_TEXT:
			draw_text(cr, it, rc);
			break;
		case ELEM_IMAGE:
			image_cache_draw(rc->images, cr, it->image, it->box);
			break;
		case ELEM_LINE:
			draw_line(cr, it);
			break;
		case ELEM_DOTS:
			draw_dots(cr, it);
			break;
		}
	}
}
