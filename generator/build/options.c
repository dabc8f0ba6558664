/* The build's options: the table of output formats that --format is read
 * from, and the paper, gap and resolution of the command line, parsed here
 * so that cli/ needs no parser of the stages. */
#include "build/build.h"

#include <stdlib.h>
#include <string.h>

#include "load/scalar.h"
#include "model/item.h"
#include "util/mem.h"
#include "util/suggest.h"
#include "util/team.h"

#define DECK (1u << KIND_DECK)
#define BOARD (1u << KIND_BOARD)
#define DOCUMENT (1u << KIND_DOCUMENT)
#define KIT (1u << KIND_KIT) /* made once a kit, from what the other kinds write */

static const struct build_format formats[] = {
        {"print", FORMAT_PRINT, DECK | BOARD | DOCUMENT},
        {"png", FORMAT_PNG, DECK | BOARD | DOCUMENT},
        {"sheets", FORMAT_SHEETS, DECK},
        {"tiles", FORMAT_TILES, BOARD},
        {"pdfx", FORMAT_PDFX, DECK | BOARD | DOCUMENT},
        {"proof", FORMAT_PROOF, DECK | BOARD | DOCUMENT},
        {"catalogue", FORMAT_CATALOGUE, KIT},
        {"web", FORMAT_WEB, KIT},
        {"box", FORMAT_BOX, DECK},
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const struct build_format *build_get_formats(size_t *n)
{
	*n = NFORMATS;
	return formats;
}

/* The format named by the n bytes at s; NULL when none is. */
static const struct build_format *find_format(const char *s, size_t n)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strlen(formats[i].name) == n && strncmp(formats[i].name, s, n) == 0)
			return &formats[i];
	return NULL;
}

static void unknown_format(struct buf *msg, const char *s, size_t n)
{
	const char *names[NFORMATS];
	for (size_t i = 0; i < NFORMATS; i++)
		names[i] = formats[i].name;
	char *name = xstrndup(s, n);
	const char *hint = suggest(name, names, NFORMATS);
	buf_printf(msg, "unknown format '%s'", name);
	if (hint) {
		buf_printf(msg, "; did you mean '%s'?", hint);
	} else {
		buf_puts(msg, "; expected ");
		for (size_t i = 0; i < NFORMATS; i++)
			buf_printf(msg, "%s%s",
			           i == 0              ? ""
			           : i + 1 == NFORMATS ? " or "
			                               : ", ",
			           names[i]);
	}
	free(name);
}

bool build_parse_formats(const char *list, unsigned *out, struct buf *msg)
{
	*out = 0;
	for (const char *s = list;; s++) {
		size_t n = strcspn(s, ",");
		const struct build_format *f = find_format(s, n);
		if (!f) {
			unknown_format(msg, s, n);
			return false;
		}
		*out |= f->flag;
		s += n;
		if (!*s)
			return true;
	}
}

unsigned build_formats_of_kind(int kind)
{
	unsigned out = 0;
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].kinds & (1u << kind))
			out |= formats[i].flag;
	return out;
}

unsigned build_formats_for(unsigned asked, const struct profile *profile)
{
	/* the web edition shows the PNG previews and links the print PDFs and
	 * the catalogue */
	if (asked & FORMAT_WEB)
		asked |= FORMAT_PRINT | FORMAT_PNG | FORMAT_CATALOGUE;
	if ((asked & FORMAT_PRINT) && profile->pdfx)
		asked |= FORMAT_PDFX;
	return asked;
}

static const char *const papers[] = {"a4", "a3", "letter", NULL};

const char *const *build_get_papers(void)
{
	return papers;
}

bool build_set_paper(struct build_options *opt, const char *name)
{
	for (size_t i = 0; papers[i]; i++) {
		if (strcmp(papers[i], name) == 0) {
			opt->paper_name = papers[i];
			scalar_parse_size(name, &opt->paper_w, &opt->paper_h);
			return true;
		}
	}
	return false;
}

void build_options_init(struct build_options *opt, bool write, const char *root)
{
	*opt = (struct build_options){
	        .out_dir = "out",
	        .formats = FORMAT_PRINT | FORMAT_PNG,
	        .dpi = 300,
	        .jobs = team_count_cpus(),
	        .write = write,
	        .root = root,
	        .orientation = ORIENT_AUTO,
	        .duplex = DUPLEX_LONG,
	        .gap = -1,
	};
	build_set_paper(opt, "a4");
}

bool build_parse_gap(struct build_options *opt, const char *s)
{
	double gap;
	if (scalar_parse_length(s, &gap) || gap < 0)
		return false;
	opt->gap = gap;
	return true;
}

bool build_parse_jobs(struct build_options *opt, const char *s)
{
	long jobs;
	if (scalar_parse_int(s, 1, 256, &jobs))
		return false;
	opt->jobs = (unsigned)jobs;
	return true;
}

bool build_parse_dpi(struct build_options *opt, const char *s)
{
	long dpi;
	if (scalar_parse_int(s, 72, 1200, &dpi))
		return false;
	opt->dpi = (double)dpi;
	return true;
}
