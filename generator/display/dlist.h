/* Display lists: one page as a list of drawing operations, the vocabulary
 * between layout (which makes them, with every text already set and
 * fitted) and render (which draws them on a cairo_t). Coordinates are page
 * coordinates in points with the trim box's top-left corner at the origin;
 * nothing here draws, measures or reads files.
 *
 * Where the three kinds of page (card faces, document pages, boards and
 * pieces) used to be drawn with slightly different cairo calls, the
 * difference is kept as a field of the operation (new_path flags, caps,
 * joins and dashes that are set or left alone), so the output stays the
 * same byte for byte. */
#ifndef DECKPRESS_DISPLAY_DLIST_H
#define DECKPRESS_DISPLAY_DLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "model/style.h"
#include "typeset/markup.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/geom.h"

enum dl_kind {
	DL_PATH,     /* a path, filled and/or stroked */
	DL_TEXT,     /* an already-fitted text run */
	DL_IMAGE,    /* an image file in a box */
	DL_GROUP,    /* saves the state, then transforms and clips; until DL_END */
	DL_END,      /* restores the state saved by the matching DL_GROUP */
	DL_DEST,     /* a named link target (PDF only) */
	DL_BOOKMARK, /* an outline entry pointing at a named target (PDF only) */
	DL_INSET,    /* the page recorded elsewhere (a board under its tile
	                sheets), which the painter is given */
};

enum dl_seg_kind {
	DL_SEG_MOVE,  /* v: x, y */
	DL_SEG_LINE,  /* v: x, y */
	DL_SEG_CURVE, /* v: x1, y1, x2, y2, x3, y3 (cubic Bézier) */
	DL_SEG_ARC,   /* v: cx, cy, r, a0, a1 (radians, clockwise on the page) */
	DL_SEG_CLOSE,
	DL_SEG_RECT,    /* v: x, y, w, h, corner radius (0: square) */
	DL_SEG_ELLIPSE, /* v: x, y, w, h (inscribed in the box) */
};

struct dl_seg {
	enum dl_seg_kind kind;
	double v[6];
};

enum dl_cap { DL_CAP_KEEP, DL_CAP_BUTT, DL_CAP_ROUND };
enum dl_join { DL_JOIN_KEEP, DL_JOIN_MITER, DL_JOIN_ROUND };
enum dl_dash { DL_DASH_KEEP, DL_DASH_SOLID, DL_DASH_ON_OFF };

/* Flags of a path: whether the current path is cleared before building it
 * and after painting it (documents and boards do, cards do not). */
enum {
	DL_NEW_PATH_BEFORE = 1 << 0,
	DL_NEW_PATH_AFTER = 1 << 1,
};

/* Painted as: build segs; if has_fill, fill with fill (keeping the path
 * when also stroked); if has_stroke, stroke with stroke at width, with cap,
 * join and dash unless they are KEEP. */
struct dl_path {
	struct dl_seg *segs; /* owned */
	size_t nsegs, cap;
	unsigned flags;
	bool has_fill, has_stroke;
	struct color fill, stroke;
	double width; /* points */
	enum dl_cap line_cap;
	enum dl_join line_join;
	enum dl_dash dash_mode;
	double dash[2]; /* on, off; points; with DL_DASH_ON_OFF */
};

/* A card reference in a document text: bytes [start, end) of the text,
 * coloured, and a link to dest when dest is not NULL. */
struct dl_link {
	size_t start, end;
	struct color color;
	char *dest; /* owned; may be NULL */
};

/* Where a block text goes: PLAIN puts its top-left corner at box.x, box.y
 * + dy (turned about the box's centre when angle is not 0); CENTRED always
 * moves to the box's centre, turns by angle and places the text from
 * there (the tile sheets' labels); ORIGIN moves the origin to box.x,
 * box.y, turns by angle when it is not 0, moves it again by off_x, off_y
 * when offset is set, and draws the text there, set up PLAIN (the
 * sheets' notes). */
enum dl_place { DL_PLACE_PLAIN, DL_PLACE_CENTRED, DL_PLACE_ORIGIN };

/* How the painter sets a text up: with its style, as every fitted text
 * (typeset's text_layout_setup()), as a plain table cell of the
 * translation proof (text_layout_setup_cell()), with or without the
 * styled runs of its text, or (PLAIN) as the sheets' notes: plain text in a
 * layout made for the page's own cairo_t (text_layout_setup_plain(), at
 * style.size in style.family, wrapped at width when it is not 0). */
enum dl_setup { DL_SETUP_STYLE, DL_SETUP_CELL, DL_SETUP_CELL_MARKUP, DL_SETUP_PLAIN };

/* A text run set with style at style.size (the fitted size) in width
 * points. Block mode (lines == false): the whole text, its top at box.y +
 * dy, turned by angle (radians, clockwise) about the centre of box when
 * angle is not 0; an empty text draws nothing. Line mode (documents): lines [first_line, first_line
 * + nlines), the first line's top at box.y, each line placed as Pango puts it, with the links of
 * the run on PDF surfaces. */
struct dl_text {
	struct rich rich;        /* owned */
	struct text_style style; /* its strings are borrowed from the model */
	double width;
	struct box box;
	double dy, angle;
	struct color color;
	enum dl_place place;
	enum dl_setup setup;
	bool offset; /* with DL_PLACE_ORIGIN */
	double off_x, off_y;
	bool lines;
	int first_line, nlines;
	struct dl_link *links; /* owned */
	size_t nlinks;
	/* The layout fitting chose, already set up as setup says and laid out
	 * (card faces): the painter draws it rather than shaping the text
	 * again. Owned reference (g_object_unref); may be NULL: the painter
	 * sets one up from the fields above. */
	PangoLayout *layout;
};

/* An image drawn centred in box: as large as fits, or (cover) covering the
 * box entirely, clipped to it; turned by angle (radians, clockwise) about
 * the centre of box when angle is not 0. */
struct dl_image {
	char *path; /* owned */
	struct box box;
	bool cover;
	double angle;
	struct mark mark; /* where the YAML names it, for messages; file NULL when
	                     the caller knows better (a card's mark); borrowed */
};

/* Saves the drawing state, then (transform) translates by tx, ty and scales
 * by sx, sy, then (clip) clips to clip_box in the new coordinates. The
 * painter ignores figure. */
struct dl_group {
	bool transform, clip;
	double tx, ty, sx, sy;
	struct box clip_box;
	const char *figure; /* borrowed from the model; may be NULL: what the group
	                       draws (a card's id), for preflight messages */
};

struct dl_dest {
	char *name; /* owned */
	double x, y;
};

/* The inset page scaled by k with its top-left corner at x, y, clipped to
 * part of it (in the inset's coordinates). */
struct dl_inset {
	double x, y, k;
	struct box part;
};

/* Nested by level (1-3) under the last shallower entry. */
struct dl_bookmark {
	int level;
	char *title; /* owned; plain text */
	char *dest;  /* owned */
};

struct dl_op {
	enum dl_kind kind;
	union {
		struct dl_path path;
		struct dl_text text;
		struct dl_image image;
		struct dl_group group;
		struct dl_dest dest;
		struct dl_bookmark bookmark;
		struct dl_inset inset;
	} u;
};

/* One page. The painter draws ops in order. die_radius is the page's own,
 * not an operation, so dlist_append() (a card drawn inside a document page)
 * leaves it behind. */
struct dlist {
	double trim_w, trim_h, bleed; /* points */
	double die_radius;            /* > 0: the page is a card cut along the trim with
	                                 corners rounded this much (points); see paint_ctx */
	struct dl_op *ops;            /* owned */
	size_t count, cap;
};

void dlist_init(struct dlist *l, double trim_w, double trim_h, double bleed);
void dlist_finish(struct dlist *l);

/* The append functions return the new operation for the caller to fill
 * in; borrowed, valid until the next append to l. */

/* A path with no segments, no fill and no stroke, width 1. */
struct dl_path *dlist_add_path(struct dlist *l, unsigned flags);
/* A text run with an empty (initialised) rich and colour black. */
struct dl_text *dlist_add_text(struct dlist *l);
struct dl_image *dlist_add_image(struct dlist *l, const char *path, struct box box, bool cover);
struct dl_group *dlist_add_group(struct dlist *l);
void dlist_add_end(struct dlist *l);
void dlist_add_dest(struct dlist *l, const char *name, double x, double y);
void dlist_add_bookmark(struct dlist *l, int level, const char *title, const char *dest);
void dlist_add_inset(struct dlist *l, double x, double y, double k, struct box part);

/* Drops the operations from index count on (to undo a trial). */
void dlist_truncate(struct dlist *l, size_t count);

/* Appends a copy of every operation of src to l. */
void dlist_append(struct dlist *l, const struct dlist *src);

/* Segments of a path. */
void dl_path_move_to(struct dl_path *p, double x, double y);
void dl_path_line_to(struct dl_path *p, double x, double y);
void dl_path_curve_to(struct dl_path *p, double x1, double y1, double x2, double y2, double x3,
                      double y3);
void dl_path_arc(struct dl_path *p, double cx, double cy, double r, double a0, double a1);
void dl_path_close(struct dl_path *p);
void dl_path_rect(struct dl_path *p, struct box b, double radius);
void dl_path_ellipse(struct dl_path *p, struct box b);

/* Paint of a path. */
void dl_path_set_fill(struct dl_path *p, struct color c);
void dl_path_set_stroke(struct dl_path *p, struct color c, double width);

/* Replaces t's text with a copy of r. */
void dl_text_set_rich(struct dl_text *t, const struct rich *r);

/* A link span of a text run; dest may be NULL. */
void dl_text_add_link(struct dl_text *t, size_t start, size_t end, struct color c,
                      const char *dest);

/* The boxes of every non-empty text of l: a turned text's box grown to
 * hold it turned. Caller owns the array; free with free(). */
struct box *dlist_get_text_boxes(const struct dlist *l, size_t *count);

/* Appends a text description of l (one line per operation, numbers with
 * three decimals) to out: for golden tests and debugging. */
void dlist_dump(const struct dlist *l, struct buf *out);

#endif
