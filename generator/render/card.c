#include "render/card.h"

#include <math.h>

#include <glib.h>

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
