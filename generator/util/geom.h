/* Geometry and colour values shared by every stage. Lengths are points. */
#ifndef DECKPRESS_UTIL_GEOM_H
#define DECKPRESS_UTIL_GEOM_H

#include <stdbool.h>

#define PT_PER_MM (72.0 / 25.4)
#define PT_PER_IN 72.0

/* M_PI is not in C11 */
#define PI 3.14159265358979323846

/* An axis-aligned rectangle in points; y grows downwards as in Cairo. */
struct box {
	double x, y, w, h;
};

/* An sRGB colour, each channel in [0, 1]. */
struct color {
	double r, g, b;
};

static inline struct box box_inset(struct box b, double d)
{
	return (struct box){b.x + d, b.y + d, b.w - 2 * d, b.h - 2 * d};
}

/* True when inner lies inside outer, with eps points of tolerance for
 * rounding of values converted from mm. */
static inline bool box_contains(struct box outer, struct box inner, double eps)
{
	return inner.x >= outer.x - eps && inner.y >= outer.y - eps &&
	       inner.x + inner.w <= outer.x + outer.w + eps &&
	       inner.y + inner.h <= outer.y + outer.h + eps;
}

/* Mixes c with white: amount 1 keeps c, 0 gives white. */
static inline struct color color_tint(struct color c, double amount)
{
	return (struct color){1 - (1 - c.r) * amount, 1 - (1 - c.g) * amount,
	                      1 - (1 - c.b) * amount};
}

#endif
