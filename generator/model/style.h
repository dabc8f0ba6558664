/* How a text is set: plain data that the model reads from templates and
 * documents and that typeset/ turns into Pango's terms. No Pango here, so
 * the model stays free of the typesetting library. */
#ifndef DECKPRESS_MODEL_STYLE_H
#define DECKPRESS_MODEL_STYLE_H

#include <stdbool.h>

enum text_align {
	ALIGN_LEFT,
	ALIGN_CENTER,
	ALIGN_RIGHT,
	ALIGN_JUSTIFY,
};

/* How a text box sets its text. All lengths in points (1/72 in). */
struct text_style {
	const char *family; /* borrowed; must exist in the font set */
	int weight; /* 400 regular, 600 semibold, 700 bold, 900 black (PangoWeight's values) */
	bool italic;
	double size;        /* design size */
	double min_size;    /* smallest acceptable size, <= size */
	double line_height; /* a multiple of size (1.25: lines 1.25 × size apart); 0: the font's own
	                     */
	enum text_align align;
	const char *lang; /* BCP 47 code for shaping and line breaking, e.g. "da"; may be NULL */
};

#endif
