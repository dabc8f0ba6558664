/* Board geometry, pure computation in points (y down): where a track's
 * spaces go and how large they are, the outlines of zones and other
 * elements and whether they overlap, and how a board is split into tiles
 * for printing at home. No fonts, no cairo, no files. */
#ifndef DECKPRESS_LAYOUT_BOARD_H
#define DECKPRESS_LAYOUT_BOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "model/board.h"
#include "util/diag.h"
#include "util/geom.h"

/* ---- tracks ---- */

/* What a track's layout depends on. */
struct path_spec {
	enum track_shape shape;
	struct box area; /* every space lies inside it, whole */
	size_t count;    /* positions: start and goal included */
	enum space_form form;
	double max_size, min_size, gap;
	long rows;    /* serpentine; 0 = chosen */
	double turns; /* spiral; 0 = chosen */
	enum corner start;
	bool clockwise;
	const struct bpoint *points; /* points: one per position; path: waypoints */
	size_t npoints;
};

struct path_layout {
	double size;            /* side of a square space or diameter of a round one */
	struct bpoint *centres; /* count of them, in track order; owned */
	double *at;             /* each centre's distance along the guide; owned */
	size_t count;
	struct bpoint *guide; /* the line the spaces follow, for the road; owned */
	size_t nguide;
	bool closed;   /* the guide returns to its start */
	double length; /* of the guide */
	long rows;     /* serpentine: rows used */
	double turns;  /* spiral: turns used */
};

/* Why a track could not be laid out. */
struct path_failure {
	const char *reason; /* static, git's voice */
	double best_size;   /* the largest size that would have worked, 0 if none */
	size_t fits_at_min; /* how many positions fit at min_size (0 if unknown) */
};

/* Chooses the largest size in [min_size, max_size] (in 0.25 mm steps) at
 * which every space lies inside the area and any two keep gap between
 * them, and places the centres evenly along the guide: for an open guide
 * the first at its start and the last at its end, for a closed one
 * length / count apart. Points place each centre as given. Returns false
 * (with why) when even min_size does not work. out is initialised either
 * way; free with path_layout_finish(). */
bool path_layout(struct path_layout *out, const struct path_spec *spec, struct path_failure *why);
void path_layout_finish(struct path_layout *p);

/* The distance two spaces of this form must keep apart, centre to centre,
 * measured the way that tells overlap: Euclidean for circles, the larger of
 * |dx| and |dy| for upright squares. */
double path_space_distance(enum space_form form, struct bpoint a, struct bpoint b);

/* ---- outlines and overlap ---- */

/* A closed outline: a polygon (circles become 72-gons). */
struct outline {
	struct bpoint *pts; /* owned */
	size_t n;
	struct box bounds;
};

void outline_rect(struct outline *o, struct box b);
void outline_ellipse(struct outline *o, struct box b, size_t segments);
void outline_polygon(struct outline *o, const struct bpoint *pts, size_t n);
void outline_finish(struct outline *o);

/* True when the insides of a and b share an area; outlines that only
 * touch do not overlap (eps points of tolerance). */
bool outlines_overlap(const struct outline *a, const struct outline *b, double eps);
/* True when every point of o lies inside box (eps tolerance). */
bool outline_inside(const struct outline *o, struct box box, double eps);
/* True when p lies strictly inside o (more than eps from its edge). */
bool outline_contains(const struct outline *o, struct bpoint p, double eps);

/* ---- inside a zone ---- */

/* Where a zone's label, text and contents go. */
struct zone_geometry {
	struct box label;     /* h 0 when the zone has no label */
	struct box text;      /* h 0 when it has no text */
	bool centred;         /* texts centred (round and polygon zones) */
	struct box rest;      /* what is left for slots or post-its */
	struct box *cells;    /* each slot's or post-it's box; owned */
	struct box *captions; /* under each slot (slots only); owned */
	size_t ncells;
	long room; /* post-its: how many fit */
};

/* Lays out the inside of z. False when its slots or post-its do not fit
 * (g->room says how many post-its would); g is complete either way. Free
 * with zone_geometry_finish(). */
bool zone_layout(struct zone_geometry *g, const struct zone *z);
void zone_geometry_finish(struct zone_geometry *g);

/* ---- a whole board ---- */

/* One thing that takes room on the board, for the overlap checks. */
struct board_part {
	struct outline outline;
	const char *name; /* "zone 'diamonds'", "space 12" ...; owned */
	struct mark mark;
	bool may_overlap; /* overlap: true, or a space (checked separately) */
	bool is_space;
};

struct board_layout {
	struct path_layout path;  /* count 0 without a track */
	struct board_part *parts; /* owned */
	size_t nparts;
};

/* Lays out the track and checks the geometry: spaces that cannot fit the
 * track at its minimum size, zones and other elements outside the board
 * or across the safe margin, elements over spaces, elements over each
 * other unless one allows it, shortcuts that name no space. Reports into
 * d; returns false on errors. out is initialised either way; free with
 * board_layout_finish(). */
bool board_layout(struct board_layout *out, const struct board *b, struct diag *d);
void board_layout_finish(struct board_layout *l);

/* ---- tiles ---- */

enum tile_orientation {
	TILE_AUTO, /* whichever needs fewer sheets; portrait on a tie */
	TILE_PORTRAIT,
	TILE_LANDSCAPE,
};

struct tile_options {
	double board_w, board_h;
	double paper_w, paper_h; /* portrait: w <= h */
	enum tile_orientation orientation;
	double margin;           /* the printer's unprintable border */
	double band;             /* room for marks and labels around the window */
	double overlap;          /* the least two neighbouring windows share */
	const struct box *avoid; /* text on the board, in board coordinates: seams */
	size_t navoid;           /* are moved off it where the slack allows */
};

struct tile_plan {
	double sheet_w, sheet_h; /* after orientation */
	int rows, cols;
	double win_w, win_h;         /* the part of the board every sheet shows */
	double *x;                   /* cols window starts, board coordinates; owned */
	double *y;                   /* rows window starts; owned */
	struct box window;           /* where the window is on the sheet */
	double overlap_x, overlap_y; /* the least overlap between neighbours (0 if alone) */
	int crossings;               /* seams that still cross a text to avoid */
	bool *x_text, *y_text;       /* per column and row: its seam (window start) crosses a
	                                text; owned */
};

/* Splits the board over sheets: windows of equal size, in a grid, the first
 * at the board's top-left corner and the last at its bottom-right, each
 * sharing at least overlap with its neighbours, so every point of the board
 * is on at least one sheet. Seams (where a sheet's window starts) move
 * within the slack to cross as few avoid boxes as they can. Fails (static
 * *err) when the paper is not smaller than the board, or leaves no window
 * larger than the overlap. Free with tile_plan_finish(). */
bool tile_plan_make(struct tile_plan *out, const struct tile_options *o, const char **err);
void tile_plan_finish(struct tile_plan *p);
/* The part of the board on the sheet of row r, column c (0-based). */
struct box tile_plan_get_window(const struct tile_plan *p, int r, int c);
/* "B2": the row as a letter (A..Z, then AA ...), the column from 1. */
void tile_plan_get_label(int r, int c, char *buf, size_t n);

#endif
