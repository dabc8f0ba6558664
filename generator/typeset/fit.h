/* Text fitting: the largest size between a box's design size and its
 * min-size at which the text fits the box in width and height.
 *
 * Sizes are searched in 0.25 pt steps (binary search; fitting is monotone,
 * TYPESETTING.md §2) on one reused PangoLayout. The logical width of a layout
 * is its widest line, so a single word wider than the box counts as overflow:
 * long words never stick out of their box.
 */
#ifndef DECKPRESS_TYPESET_FIT_H
#define DECKPRESS_TYPESET_FIT_H

#include <stdbool.h>

#include <pango/pangocairo.h>

#include "typeset/markup.h"

enum text_align {
	ALIGN_LEFT,
	ALIGN_CENTER,
	ALIGN_RIGHT,
	ALIGN_JUSTIFY,
};

/* How a text box sets its text. All lengths in points (1/72 in). */
struct text_style {
	const char *family; /* borrowed; must exist in the font set */
	int weight;         /* PangoWeight: 400 regular, 600 semibold, 700 bold, 900 black */
	bool italic;
	double size;        /* design size */
	double min_size;    /* smallest acceptable size, <= size */
	double line_height; /* factor of the font's line height, e.g. 1.15 */
	enum text_align align;
	const char *lang;   /* BCP 47 code for shaping and line breaking, e.g. "da"; may be NULL */
};

struct fit_result {
	double size;       /* chosen size; min_size when it does not fit */
	double width;      /* laid-out width and height at size */
	double height;
	double overflow_w; /* how much wider/higher than the box at size, >= 0 */
	double overflow_h;
	int unknown_glyphs; /* glyphs no bundled font has (drawn as hex boxes) */
	bool fits;
};

/* Sets up layout l (from the fonts' context) to draw t with style st at size,
 * wrapping at width w (points). Used by fitting and by rendering, so both
 * lay out exactly the same lines. */
void text_layout_setup(PangoLayout *l, const struct rich *t, const struct text_style *st,
		       double size, double w);

/* Fits t into a w × h box. Returns out->fits. Empty text always fits. */
bool fit_text(PangoContext *ctx, const struct rich *t, const struct text_style *st, double w,
	      double h, struct fit_result *out);

#endif
