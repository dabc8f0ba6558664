/* PNG previews. Encoding was most of a default build's time: cairo's writer
 * (every libpng filter tried, zlib's default level) took 90 %; libpng with
 * the Sub filter at zlib level 3 still took 70 % (zlib 38 %, libpng 20 %,
 * the RGB byte shuffle 9 %, a hash of each page to encode repeated pages
 * once 6 %). libdeflate (levels 1-4) and zlib's Z_RLE were no faster on
 * these pages. output/pngenc reads cairo's pixels directly and sends flat
 * colour as runs and copies of the row above without a match search: the
 * sample kit's 239 distinct pages at 300 dpi (1.38 GB of RGB) encode in
 * 0.6-0.8 s instead of 3.7-4.3 s, and a whole default build takes 2.7 s
 * cpu instead of 7.0 (medians of 3 paired runs, one job). The files are
 * 28 % larger (37.2 MB instead of 29.1), the pixels the same; a repeated
 * page now costs less to encode again than the hash cost every page.
 *
 * With jobs, helper processes draw and encode (Pango cannot draw in
 * threads): see sink_png_create() in output/sink.h. On 2 cores shared
 * with other builds (bench/jobs.sh, 5 paired runs, 2026-12-03 15:43 UTC),
 * 2 jobs gave 1.27x the PNG throughput of 1 for 100 poker cards, where 2
 * processes of pure cpu work gave 1.35x one in the same runs: what the
 * cores allowed. The sample kit's default build gained nothing (0.97x,
 * ceiling 1.33x): its 14 PNG folders fork 24 helpers, 0.6 s of cpu in
 * all (copies of the leader's memory, pages of their own), and the print
 * PDFs, the layout and the files' writing stay in one process. */
#include "output/sink.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/atomic.h"
#include "output/pngenc.h"
#include "util/buf.h"
#include "util/geom.h"
#include "util/mem.h"
#include "util/team.h"

struct sink_png {
	struct sink base;
	char *dir;
	double dpi;
	/* the page drawn in this process, then kept for the next page of its
	 * size (a new one costs the system zeroing its memory again); may be
	 * NULL */
	cairo_surface_t *surface;
	cairo_surface_t *blank; /* what a page drawn elsewhere is "drawn" on */
	char *path;             /* the current page's file */
	struct buf png;         /* its bytes */
	size_t page;            /* the current page's number, from 0 */
	bool taken;             /* the leader has the page's bytes from a helper */
	bool failed;            /* a page could not be written: finish() says no */
	/* the processes drawing the pages with this one; NULL when it draws
	 * every page itself */
	struct team *team;
	unsigned helpers; /* how many to fork at the first page drawn */
	size_t npages;    /* how many pages the caller sends at most */
};

static void encode(struct sink_png *s)
{
	cairo_surface_t *sf = s->surface;
	cairo_surface_flush(sf);
	buf_clear(&s->png);
	pngenc_write_rgb24(&s->png, cairo_image_surface_get_data(sf),
	                   cairo_image_surface_get_width(sf), cairo_image_surface_get_height(sf),
	                   cairo_image_surface_get_stride(sf));
}

static void write_file(struct sink_png *s, struct diag *d)
{
	struct atomic_file f;
	bool ok = false;
	if (atomic_open(&f, s->path, d)) {
		atomic_write(&f, s->png.data, s->png.len);
		ok = atomic_commit(&f, d);
	}
	s->failed |= !ok;
}

/* A white page of w × h pixels in s->surface. */
static void clear_surface(struct sink_png *s, int w, int h)
{
	cairo_surface_t *old = s->surface;
	if (!old || cairo_image_surface_get_width(old) != w ||
	    cairo_image_surface_get_height(old) != h) {
		cairo_surface_destroy(old);
		s->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	}
	cairo_t *cr = cairo_create(s->surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_destroy(cr);
}

/* Whether another process draws page i (whose file is s->path): in a helper, a page it
 * did not claim; in the leader, a page a helper claimed and sent (a page a
 * helper could not draw is drawn here again, for its messages). The team
 * is forked at the first page drawn: a page the cache has fresh never gets
 * here, so a folder whose pages are all fresh forks nothing. */
static bool drawn_elsewhere(struct sink_png *s, size_t i)
{
	s->taken = false;
	if (i == 0 && s->helpers)
		s->team = team_create(s->helpers, s->npages);
	if (!s->team)
		return false;
	if (team_claim(s->team, i))
		return false;
	if (team_is_helper(s->team))
		return true;
	bool ok;
	s->taken = team_take(s->team, i, s->path, &s->png, &ok) && ok;
	return s->taken;
}

static cairo_t *begin_page(struct sink *base, const struct page_spec *p, struct diag *d)
{
	(void)d;
	struct sink_png *s = (struct sink_png *)base;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s.png", s->dir, p->label);
	free(s->path);
	s->path = buf_detach(&b);
	base->missed = false;
	base->skip = drawn_elsewhere(s, s->page++);
	if (base->skip)
		return cairo_create(s->blank);
	double scale = s->dpi / PT_PER_IN;
	int w = (int)lround(p->trim_w * scale), h = (int)lround(p->trim_h * scale);
	/* white under everything: a PNG of a face has no transparent corners */
	clear_surface(s, w > 0 ? w : 1, h > 0 ? h : 1);
	cairo_t *cr = cairo_create(s->surface);
	cairo_scale(cr, scale, scale);
	return cr;
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_png *s = (struct sink_png *)base;
	bool helper = s->team && team_is_helper(s->team);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (base->skip) {
		if (s->taken)
			write_file(s, d);
		return true;
	}
	if (!st)
		st = cairo_surface_status(s->surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		if (helper)
			team_send(s->team, s->page - 1, s->path, false, NULL, 0);
		diag_error(d, (struct mark){.file = s->path}, "cannot draw: %s",
		           cairo_status_to_string(st));
		cairo_surface_destroy(s->surface);
		s->surface = NULL;
		s->failed = true;
		return false;
	}
	encode(s);
	if (helper)
		team_send(s->team, s->page - 1, s->path, !base->missed, s->png.data, s->png.len);
	else
		write_file(s, d);
	return true;
}

static bool finish(struct sink *base, struct diag *d)
{
	(void)d;
	struct sink_png *s = (struct sink_png *)base;
	return !s->failed;
}

/* In a helper, ends the process. */
static void destroy(struct sink *base)
{
	struct sink_png *s = (struct sink_png *)base;
	team_destroy(s->team);
	cairo_surface_destroy(s->surface);
	cairo_surface_destroy(s->blank);
	buf_finish(&s->png);
	free(s->path);
	free(s->dir);
	free(s);
}

static const struct sink_ops png_ops = {begin_page, end_page, finish, destroy};

struct sink *sink_png_create(const char *dir, double dpi, unsigned jobs, size_t npages,
                             struct diag *d)
{
	if (!make_dirs(dir, d))
		return NULL;
	struct sink_png *s = xcalloc(1, sizeof(*s));
	s->base.ops = &png_ops;
	s->dir = xstrdup(dir);
	s->dpi = dpi;
	s->blank = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	buf_init(&s->png);
	/* more jobs: one helper fewer, for this process draws too, each
	 * process taking the next free page when it is ready and this one
	 * writing every file in page order; two pages a process at least (a
	 * fork costs more than a page) */
	size_t procs = jobs < npages / 2 ? jobs : npages / 2;
	s->helpers = procs > 1 ? (unsigned)procs - 1 : 0;
	s->npages = npages;
	return &s->base;
}
