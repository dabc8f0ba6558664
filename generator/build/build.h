/* The pipeline behind `build` and `check`: load every kit, lay out every
 * face in every language, report all problems, and only when there are none
 * (and for build) render the outputs. */
#ifndef DECKPRESS_BUILD_BUILD_H
#define DECKPRESS_BUILD_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "model/profile.h"
#include "output/impose.h"
#include "util/buf.h"

struct diag;
struct kit;

/* The outputs a build can write, as --format names them: bits, so that a
 * run asks for any set. */
enum output_format {
	FORMAT_PRINT = 1 << 0,
	FORMAT_PNG = 1 << 1,
	FORMAT_SHEETS = 1 << 2,
	FORMAT_PDFX = 1 << 3,
	FORMAT_PROOF = 1 << 4,
	FORMAT_TILES = 1 << 5,     /* boards split over sheets of paper */
	FORMAT_WEB = 1 << 6,       /* the kit's web edition: out/<kit>/web/ */
	FORMAT_CATALOGUE = 1 << 7, /* the kit's catalogue: out/<kit>/<kit>.<lang>.catalogue.pdf */
	FORMAT_BOX = 1 << 8,       /* a tuck box per deck: out/<kit>/<deck>.<lang>.box.pdf */
};

/* One row of the format table: the one place a format is named. */
struct build_format {
	const char *name; /* as --format names it */
	unsigned flag;    /* its enum output_format bit */
	unsigned kinds;   /* the item kinds that write it: 1u << KIND_DECK ... */
};

/* Every format, in the order the usage text names them; count in *n.
 * Borrowed; static. */
const struct build_format *build_get_formats(size_t *n);

/* Sets *formats to the bits of list, comma-separated format names. On a
 * name that is no format, returns false and sets msg to a message in git's
 * voice ("unknown format 'pdf'; did you mean 'pdfx'?"). */
bool build_parse_formats(const char *list, unsigned *formats, struct buf *msg);

/* The formats that items of kind (enum kit_item_kind) write. */
unsigned build_formats_of_kind(int kind);

/* The formats a kit gets for the asked ones: print, png and catalogue too
 * when web is asked (the site shows them); pdfx too when print is asked and the kit's
 * print profile asks for PDF/X. */
unsigned build_formats_for(unsigned asked, const struct profile *profile);

/* One file a run writes. */
struct build_output {
	unsigned format; /* its enum output_format bit */
	char *path;      /* owned; a folder ends in '/' (PNG previews) */
};

/* The files a run writes, in the order it writes them. */
struct build_outputs {
	struct build_output *items; /* owned */
	size_t count, cap;
};

/* Frees every path and the array; the list is empty again. */
void build_outputs_finish(struct build_outputs *o);

struct build_options {
	const char *const *paths; /* kit folders or YAML files; borrowed */
	size_t npaths;
	const char *const *langs; /* NULL = every language of each deck */
	size_t nlangs;
	const char *out_dir; /* default "out" */
	unsigned formats;    /* enum output_format bits */
	double dpi;          /* for PNG */
	unsigned jobs;       /* processes that build units (build/split.h) and PNGs; 1 = this one */
	bool write;          /* false for check */
	bool no_cache;       /* --no-cache: draw everything; the record is written anew */
	const char *root;    /* where fonts/ and templates/ are */
	const char *profile; /* --profile; NULL = the kit's default */
	bool json;           /* check --format json: findings as JSON on stdout */
	bool summary;        /* check --summary: translation status per deck */
	/* sheets: paper size and orientation, duplex mode, gap (points; < 0 =
	 * twice the bleed), alignment test page */
	double paper_w, paper_h;
	const char *paper_name;
	enum orientation orientation;
	enum duplex duplex;
	double gap;
	bool alignment_test;
	/* may be NULL; else each kit that is written appends the files it
	 * writes, before it writes them; caller finishes it */
	struct build_outputs *outputs;
	/* may be NULL; else called with each kit that checks without errors,
	 * for what another command makes of it (export-csv); false when it
	 * failed to write (reported into d) */
	bool (*on_clean_kit)(const struct kit *kit, void *ctx, struct diag *d);
	void *on_clean_kit_ctx;
};

/* Sets *opt to the defaults of build (write) or check, with fonts/ and
 * templates/ under root (borrowed). */
void build_options_init(struct build_options *opt, bool write, const char *root);

/* The paper sizes --paper knows, NULL-terminated. Borrowed; static. */
const char *const *build_get_papers(void);

/* Sets the paper of opt to name, one of build_get_papers(); false when it
 * is none of them. */
bool build_set_paper(struct build_options *opt, const char *name);

/* Parses --gap (a length such as "6mm", not negative) into opt->gap, in
 * points, and --dpi (72 to 1200) into opt->dpi; false when s is not one. */
bool build_parse_gap(struct build_options *opt, const char *s);
bool build_parse_dpi(struct build_options *opt, const char *s);

/* Parses --jobs (1 to 256) into opt->jobs; false when s is not one. */
bool build_parse_jobs(struct build_options *opt, const char *s);

/* Returns an exit code from util/exitcode.h. */
int build_run(const struct build_options *opt);

#endif
