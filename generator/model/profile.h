/* Print profiles: what one print shop (or the office printer) needs.
 * templates/profiles/<id>.yaml ships generic ones; a kit may add its own in
 * decks/<kit>/profiles/; kit.yaml names the default, --profile another. */
#ifndef DECKPRESS_MODEL_PROFILE_H
#define DECKPRESS_MODEL_PROFILE_H

#include <stdbool.h>

#include "model/read.h"

enum page_order {
	ORDER_FRONT_FIRST, /* front, back, front, back ... in one file */
	ORDER_BACK_FIRST,  /* back, front, ... (DriveThruCards) */
	ORDER_SPLIT,       /* fronts and backs in two files of equal length (MeinSpiel) */
};

/* A registered printing condition whose ICC profile the build makes from
 * the free characterisation data of icc-profiles-free with ArgyllCMS
 * (templates/profiles/make-icc.sh), once per ink limit it is built for. */
struct printing_condition {
	const char *id;        /* OutputConditionIdentifier, as registered at color.org */
	const char *data;      /* the characterisation data's stem: FOGRA39L (.ti3) */
	const char *condition; /* OutputCondition: the condition in words */
	int ink_limit;         /* percent: the ICC profile's total ink limit */
	const char *file;      /* the built profile's name in the ICC folder */
};

/* FOGRA39 (300 %) and CGATS TR 003 (SWOP on grade 3 coated, 240 %);
 * NULL-terminated by a zero entry. */
extern const struct printing_condition printing_conditions[];

struct profile {
	const char *id;
	const char *path;
	const char *name; /* human name; may be NULL */
	bool has_bleed;
	double bleed; /* points; replaces the deck's bleed when has_bleed */
	double safe;  /* points; the deck's safe margin is at least this */
	bool marks;   /* crop marks outside the bleed */
	enum page_order order;
	double ink_limit; /* total area coverage, 3.0 = 300 % */
	bool pdfx;        /* also write CMYK PDF/X-3 */
	const char *icc;  /* resolved path of the shop's CMYK profile; may be NULL */
	struct mark icc_mark;
	const char *condition_id; /* OutputConditionIdentifier; may be NULL */
	const char *condition;    /* OutputCondition; may be NULL */
	const char *stock;        /* suggested stock, for the print spec; may be NULL */
	double min_ppi;           /* a raster image below this effective resolution warns */
	double reject_ppi;        /* and below this one is an error */
	const struct printing_condition *printing; /* the built ICC profile to convert with;
	                                              may be NULL (icc or Ghostscript's) */
	struct mark printing_mark;
	/* tuck boxes (docs/boxes.md): the thickness of one card of the shop's
	 * stock, points; 0 when the profile does not say (PROFILE_CALIPER) */
	double caliper;
	/* The finest marks a shop prints reliably, in points: text under
	 * min_text (min_reversed for light text on a darker ground) and
	 * lines under min_line are warnings, or errors with fine_errors. */
	double min_text, min_reversed, min_line;
	bool fine_errors;
	/* Black areas (fills of black or near-black neutral, at least
	 * rich_black_min wide and high) in the PDF/X as this CMYK, when
	 * has_rich_black; text and lines stay K only. Fractions; points. */
	bool has_rich_black;
	double rich_black[4];
	double rich_black_min;
};

/* The caliper of 300-350 g/m2 card, points: a box's default. */
#define PROFILE_CALIPER (0.30 * PT_PER_MM)

/* A card's caliper from the YAML: a length from 0.05 mm to 2 mm. */
bool profile_read_caliper(struct reader *r, const struct node *v, double *out);

/* The profile used when none is named: the deck's own bleed and safe
 * margin, no marks, fronts first, 300 % ink, no PDF/X; text at least 6 pt
 * (7 pt reversed), lines at least 0.25 pt, as warnings. */
extern const struct profile profile_default;

/* Reads a profile document. *out lives in r->arena, freed with it, never on
 * its own. */
bool profile_read(struct profile **out, const struct node *root, struct reader *r);

/* Whether a page of w × h points trimmed, with bleed around it and room
 * for crop marks (10 mm beyond the bleed at most), stays inside PDF's
 * largest page: 14,400 units (200 in, 5080 mm) a side, the limit of
 * PDF 1.x that Acrobat and print RIPs enforce. Reports at m otherwise;
 * what names the page ("card", "page"). */
bool profile_check_page_size(double w, double h, double bleed, const char *what, struct mark m,
                             struct diag *d);

/* The names of page orders, for messages and the print spec. */
extern const char *const page_order_names[];

#endif
