/* How a text is set: plain data that the model reads from templates and
 * documents and that typeset/ turns into Pango's terms. No Pango here, so
 * the model stays free of the typesetting library. */
#ifndef DECKPRESS_MODEL_STYLE_H
#define DECKPRESS_MODEL_STYLE_H

#include <stdbool.h>

/* Where a text's lines stand in their box. START and END follow the
 * text's direction (the left and the right of a Danish text, the right and
 * the left of a Hebrew one); LEFT and RIGHT are the sides of the paper
 * whatever the script. A justified text's last line stands at its start. */
enum text_align {
	ALIGN_START,
	ALIGN_CENTER,
	ALIGN_END,
	ALIGN_JUSTIFY,
	ALIGN_LEFT,
	ALIGN_RIGHT,
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
