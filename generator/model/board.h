/* Game boards and their pieces (docs/boards.md): the YAML of a `kind: board`
 * file read into a checked model. Lengths are points, positions are from the
 * top-left corner of the board's trim, y down. Geometry that needs the
 * track's layout (spaces that do not fit, zones over spaces, overlaps) is
 * checked by layout/board. */
#ifndef DECKPRESS_MODEL_BOARD_H
#define DECKPRESS_MODEL_BOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "model/about.h"
#include "model/kit.h"
#include "model/read.h"
#include "util/geom.h"

/* A point in points, board coordinates. */
struct bpoint {
	double x, y;
};

/* The shape a track's spaces follow. */
enum track_shape {
	TRACK_SERPENTINE, /* rows joined by half-circle turns (an S for three rows) */
	TRACK_LOOP,       /* around the edge of its area, closed */
	TRACK_SPIRAL,     /* from the outside inwards */
	TRACK_CIRCLE,     /* an ellipse inscribed in its area, closed */
	TRACK_POINTS,     /* one given centre per space */
	TRACK_PATH,       /* spread evenly along a given polyline */
};

enum space_form {
	FORM_SQUARE, /* rounded square, upright */
	FORM_CIRCLE,
};

/* Where a track starts. */
enum corner {
	CORNER_BOTTOM_LEFT,
	CORNER_BOTTOM_RIGHT,
	CORNER_TOP_LEFT,
	CORNER_TOP_RIGHT,
};

/* A kind of space: its colour, icon and name, shown on the space and in the
 * legend. From a deck's category or given in the board. */
struct space_type {
	const char *id;
	struct mark mark;
	struct ltext name;
	struct ltext text; /* the legend's explanation; may be unset */
	struct color color;
	const char *icon; /* resolved path; may be NULL */
	struct mark icon_mark;
	const struct category *category; /* may be NULL */
	bool used;                       /* by a space of the track: listed in the legend */
};

/* One space of a track, or its start or goal. */
struct space {
	const struct space_type *type; /* NULL for start and goal */
	struct mark mark;
	struct ltext title; /* start and goal: the big word ("START"); may be unset */
	struct ltext label; /* may be unset: then the type's name */
	struct color color; /* resolved: the space's own, else the type's */
	const char *icon;   /* resolved; may be NULL */
	struct mark icon_mark;
	long number; /* 1..n for spaces; 0 for start, n + 1 for goal */
};

struct shortcut {
	struct mark mark;
	long from, to;      /* space numbers, 0 = start, n + 1 = goal */
	struct ltext label; /* may be unset */
	double bend;        /* how far the arrow's arch bows to the left of its way (negative:
	                       right); its top is 3/4 of this from the straight line */
	bool has_bend;      /* else chosen: away from the track */
};

struct track {
	bool present;
	struct mark mark;
	enum track_shape shape;
	struct box area; /* where every space lies whole */
	struct mark area_mark;
	long rows;    /* serpentine; 0 = as many as give the largest spaces */
	double turns; /* spiral; 0 = as many as give the largest spaces */
	enum corner start_corner;
	bool clockwise;        /* loop, circle, spiral */
	struct bpoint *points; /* points, path */
	size_t npoints;
	struct mark points_mark;
	enum space_form form;
	double size, min_size, gap; /* largest space, smallest allowed, least room between two */
	struct mark size_mark;
	bool numbers;      /* print each space's number */
	struct color road; /* the band under the spaces */
	bool has_start, has_goal;
	struct space start, goal;
	struct space *spaces; /* numbers 1..nspaces */
	size_t nspaces;
	struct mark spaces_mark;
	struct shortcut *shortcuts;
	size_t nshortcuts;
};

enum zone_shape {
	ZONE_RECT,
	ZONE_CIRCLE, /* an ellipse in x, y, w, h */
	ZONE_POLYGON,
};

/* A place for tokens in a zone. */
struct slot {
	struct ltext label; /* may be unset */
	struct color color;
	struct mark mark;
};

struct zone {
	const char *id;
	struct mark mark;
	enum zone_shape shape;
	struct box box;        /* rect and circle; the polygon's bounds */
	struct bpoint *points; /* polygon, at least 3 */
	size_t npoints;
	struct ltext label; /* may be unset */
	struct ltext text;  /* may be unset */
	struct color color; /* accent: border and title */
	struct color fill;
	struct slot *slots;
	size_t nslots;
	bool diamond_slots; /* slot-shape: diamond (else circle) */
	long postits;       /* dashed post-it places */
	double postit_size;
	bool overlap; /* may overlap other zones and elements */
};

/* Scale / sorting: labelled columns or rows. */
struct scale_step {
	struct ltext label;
	struct color color;
	struct mark mark;
};

struct scale {
	const char *id;
	struct mark mark;
	struct box box;
	bool rows;          /* steps one under the other (else side by side) */
	struct ltext title; /* may be unset */
	struct scale_step *steps;
	size_t nsteps;
	struct color color;
	bool overlap;
};

/* n seats around a shared centre. */
struct placemat {
	const char *id;
	struct mark mark;
	struct box box;
	long seats;
	struct ltext *labels; /* seats of them; unset ones print the seat's number */
	struct ltext centre;  /* may be unset */
	struct color color;
	bool overlap;
};

/* A band with labelled ticks. */
struct timeline {
	const char *id;
	struct mark mark;
	struct box box;
	struct ltext title; /* may be unset */
	struct ltext *ticks;
	size_t nticks;
	struct color color;
	bool overlap;
};

struct legend {
	bool show;
	struct mark mark;
	struct box box;
	struct ltext title; /* may be unset: a built-in one for da and en */
	long columns;       /* 0 = chosen */
};

enum token_shape {
	TOKEN_CIRCLE,
	TOKEN_DIAMOND,
};

struct pawn {
	struct mark mark;
	struct ltext label;
	struct color color;
	long count;
};

struct token {
	struct mark mark;
	enum token_shape shape;
	struct ltext label; /* may be unset */
	struct color color;
	const char *icon; /* may be NULL */
	struct mark icon_mark;
	long count;
	double size;
};

struct spinner_sector {
	struct ltext label;
	struct color color;
	struct mark mark;
};

struct pieces {
	bool present;
	struct mark mark;
	struct ltext title; /* may be unset: the board's title */
	struct pawn *pawns;
	size_t npawns;
	struct token *tokens;
	size_t ntokens;
	bool has_die;
	struct mark die_mark;
	struct ltext die_faces[6]; /* unset: pips */
	bool die_pips;
	struct color die_color;
	bool has_spinner;
	struct mark spinner_mark;
	struct spinner_sector *sectors;
	size_t nsectors;
};

struct board {
	const char *id;
	struct mark id_mark;
	const char *path;
	struct mark mark;
	struct langs langs;
	struct ltext title;
	struct ltext subtitle;   /* may be unset */
	struct about about;      /* what the catalogue says of it */
	const char *author;      /* may be NULL */
	const struct deck *deck; /* where categories come from; may be NULL */
	double trim_w, trim_h, bleed, safe;
	struct mark size_mark;
	struct color background;
	const char *background_image; /* may be NULL */
	struct mark background_mark;
	const char *font; /* a family of fonts/ */
	struct color ink; /* the dark colour of text and lines */
	bool has_frame;   /* a line around the board, halfway into the safe margin */
	struct color frame;
	struct box header; /* title and subtitle */
	enum text_align header_align;
	bool has_header;     /* false when the title is not drawn */
	bool header_default; /* the header is where it goes without 'header:' */
	struct mark header_mark;
	struct ltext brand; /* small line at the bottom; may be unset */
	struct mark brand_mark;
	double tile_overlap;       /* the least overlap of tiles printed at home */
	struct space_type **types; /* in the order defined; the legend's order */
	size_t ntypes;
	struct track track;
	struct zone *zones;
	size_t nzones;
	struct scale *scales;
	size_t nscales;
	struct placemat *placemats;
	size_t nplacemats;
	struct timeline *timelines;
	size_t ntimelines;
	struct legend legend;
	struct pieces pieces;
};

/* What reading a board needs from its kit. */
struct board_env {
	const struct kit *kit; /* its decks, languages, author and profile */
	/* checks a font family, reporting it at m when it is missing (the kit
	 * reports each family once); may be NULL: no check */
	bool (*check_family)(const char *family, struct mark m, void *ctx);
	void *fonts_ctx;
	const struct phrasebook *phrases; /* the program's texts; may be NULL: none */
};

/* Reads a board document. *out and everything in it live in r->arena, freed
 * with it, never on their own (r->langs is set here from the board or the
 * kit); strings are borrowed from the document, which must outlive the
 * board. Reports every problem into r->d; returns false and *out = NULL
 * when there was one. */
bool board_read(struct board **out, const struct node *root, struct reader *r,
                const struct board_env *env);

/* The smallest box holding the n points of pts (n > 0). */
struct box bpoint_bounds(const struct bpoint *pts, size_t n);

/* The safe area: the trim inset by the safe margin. */
struct box board_get_safe(const struct board *b);

/* "zone 'x'", "space 12", "the start" ...: what a message calls a thing.
 * Written into buf (n bytes), which it returns. */
const char *board_space_name(const struct space *s, char *buf, size_t n);

#endif
