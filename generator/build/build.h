/* The pipeline behind `build` and `check`: load every kit, lay out every
 * face in every language, report all problems, and only when there are none
 * (and for build) render the outputs. */
#ifndef DECKPRESS_BUILD_BUILD_H
#define DECKPRESS_BUILD_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "output/impose.h"

enum output_format {
	FORMAT_PRINT = 1 << 0,
	FORMAT_PNG = 1 << 1,
	FORMAT_SHEETS = 1 << 2,
	FORMAT_PDFX = 1 << 3,
	FORMAT_PROOF = 1 << 4,
	FORMAT_TILES = 1 << 5, /* boards split over sheets of paper */
};

struct build_options {
	const char *const *paths; /* kit folders or YAML files; borrowed */
	size_t npaths;
	const char *const *langs; /* NULL = every language of each deck */
	size_t nlangs;
	const char *out_dir;      /* default "out" */
	unsigned formats;         /* enum output_format bits */
	double dpi;               /* for PNG */
	bool write;               /* false for check */
	const char *root;         /* where fonts/ and templates/ are */
	const char *profile;      /* --profile; NULL = the kit's default */
	bool json;                /* check --format json: findings as JSON on stdout */
	bool summary;             /* check --summary: translation status per deck */
	/* sheets: paper size and orientation, duplex mode, gap (points; < 0 =
	 * twice the bleed), alignment test page */
	double paper_w, paper_h;
	const char *paper_name;
	enum orientation orientation;
	enum duplex duplex;
	double gap;
	bool alignment_test;
};

/* Returns an exit code from util/exitcode.h. */
int build_run(const struct build_options *opt);

#endif
