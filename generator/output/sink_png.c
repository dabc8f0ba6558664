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
 * With jobs, this process and helper processes draw and encode (Pango
 * cannot draw in threads): see sink_png_create() in output/sink.h. (A
 * deck's crew, build/deck.c, draws its helpers' pages with
 * sink_png_create_sender(), which write them into a folder of the
 * leader's that it adopts with sink_png_adopt(): 7 MB of a 100-card
 * deck's previews no longer cross a pipe to be written by the leader.) With 2
 * jobs (bench/jobs.sh: 100 poker cards at 300 dpi, three invocations of
 * 11-15 paired runs, 2026-12-03 17:51-18:00 UTC, under SCHED_FIFO beside
 * other builds), the pages' own phase takes 0.22 s instead of 0.35 (1.6x);
 * the whole build 1.31-1.63x as fast as with one job, the same as before
 * this process drew too (1.24-1.61x in the same runs, where 2 processes of
 * pure cpu work gave 1.84-2.00x one): 0.13 s before the first page
 * (start-up, the layout of every face in prepare) and 0.05 s after it (the
 * sync, the cache's record) are one process's, which bounds the whole at
 * about 1.5x. The sample kit forked 8 helpers instead of 24 (2 jobs: 0.40-
 * 0.57 s of system time instead of 0.55-0.83; one job 0.25-0.46), and 6
 * since a folder draws two pages alone first.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise() */
#include "output/sink.h"

#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "output/atomic.h"
#include "output/pngenc.h"
#include "util/buf.h"
#include "util/fdio.h"
#include "util/geom.h"
#include "util/mem.h"
#include "util/team.h"

/* The pages this process draws before it forks its team: a rebuild that
 * draws a card or two again forks nothing (a fork costs more than a page:
 * about 20 ms of system time in the sample kit, copies of the leader's
 * memory and the helper's own surface). */
#define ALONE_PAGES 2

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
	size_t page;            /* the current page's number among the team's, from 0 */
	bool taken;             /* the leader has the page's bytes from a helper */
	bool failed;            /* a page could not be written: finish() says no */
	/* the processes drawing the pages with this one; NULL when it draws
	 * every page itself */
	struct team *team;
	size_t alone;     /* pages begun so far (the team forks at the one after ALONE_PAGES) */
	unsigned helpers; /* how many to fork after ALONE_PAGES */
	size_t npages;    /* how many pages the caller sends at most */
	/* a helper's sink of another team (sink_png_create_sender()): draws
	 * every page and sends it as item */
	bool sender;
	size_t item;
	struct buf prefix;  /* what the page's message starts with */
	const char *folder; /* where it writes its pages (sink_png_write_into()); NULL: none */
};

/* The page drawn into s->png, after what its message starts with in a
 * sender: the prefix and SINK_PNG_BYTES. */
static void encode(struct sink_png *s)
{
	cairo_surface_t *sf = s->surface;
	cairo_surface_flush(sf);
	buf_clear(&s->png);
	if (s->sender) {
		buf_append(&s->png, s->prefix.data, s->prefix.len);
		buf_putc(&s->png, SINK_PNG_BYTES);
	}
	pngenc_write_rgb24(&s->png, cairo_image_surface_get_data(sf),
	                   cairo_image_surface_get_width(sf), cairo_image_surface_get_height(sf),
	                   cairo_image_surface_get_stride(sf), s->dpi);
}

/* Writes len bytes at data as the current page's file; false when it
 * cannot (reported, and finish() false). */
static bool write_bytes(struct sink_png *s, const void *data, size_t len, struct diag *d)
{
	struct atomic_file f;
	bool ok = false;
	if (atomic_open(&f, s->path, d)) {
		atomic_write(&f, data, len);
		ok = atomic_commit(&f, d);
	}
	s->failed |= !ok;
	return ok;
}

static void write_file(struct sink_png *s, struct diag *d)
{
	write_bytes(s, s->png.data, s->png.len, d);
}

/* The page's file, dir/LABEL.png, as s->path. */
static void set_path(struct sink_png *s, const char *label)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s.png", s->dir, label);
	free(s->path);
	s->path = buf_detach(&b);
}

/* Where a helper's sink writes the page whose file is s->path into folder
 * (sink_png_write_into()): atomic_open()'s pattern, six letters for
 * mkstemp's, so that a stale one goes with atomic_remove_stale(). */
static void crew_path(struct buf *out, const struct sink_png *s, const char *folder)
{
	const char *slash = strrchr(s->path, '/');
	buf_printf(out, "%s/.%s.tmp-helper", folder, slash ? slash + 1 : s->path);
}

/* In a sender that writes into a folder: the page just encoded (after
 * its message's start, head bytes) as its file there, whole or not at
 * all; false when it cannot be (the bytes are sent instead). */
static bool write_into_folder(struct sink_png *s, size_t head)
{
	struct buf path;
	buf_init(&path);
	crew_path(&path, s, s->folder);
	/* 0666: the umask makes it what atomic_open() makes */
	int fd = open(buf_str(&path), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	bool ok = fd >= 0 && fd_write_all(fd, s->png.data + head, s->png.len - head);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok && fd >= 0)
		unlink(buf_str(&path));
	buf_finish(&path);
	return ok;
}

/* In a sender: sends the page just encoded, written into its folder when it
 * has one and can, else as bytes. */
static void send_page(struct sink_png *s, size_t item, bool ok)
{
	size_t head = s->prefix.len + 1;
	if (s->folder && write_into_folder(s, head)) {
		s->png.data[s->prefix.len] = SINK_PNG_WRITTEN;
		s->png.len = head;
	}
	team_send(s->team, item, s->path, ok, s->png.data, s->png.len);
}

/* Page memory: a block of whole 2 MiB pages, which the system may back
 * with huge pages (madvise(2)'s MADV_HUGEPAGE) rather than 4 KiB ones. */
#define HUGE_PAGE ((size_t)2 << 20)

struct page_memory {
	void *p;
	size_t len;
};

static void page_memory_free(void *data)
{
	struct page_memory *m = data;
	munmap(m->p, m->len);
	free(m);
}

static const cairo_user_data_key_t page_memory_key;

/* An RGB24 surface of w × h pixels, white or black (the caller paints it):
 * a poker card at 300 dpi is 3.6 MB, which the system hands out on first
 * touch 4 KiB at a time, 880 faults for each process that draws (2.2 ms
 * of its 130 for 100 cards); in huge pages it is two. Cairo's own surface
 * when the page is smaller than a huge page or the memory cannot be had. */
static cairo_surface_t *page_surface_create(int w, int h)
{
	int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w);
	size_t need = stride > 0 ? (size_t)stride * (size_t)h : 0;
	if (need < HUGE_PAGE || need > SIZE_MAX / 2 - HUGE_PAGE)
		return cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	size_t len = (need + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	/* one huge page more, to start the block on a huge page's edge */
	unsigned char *raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
	                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	size_t head = (HUGE_PAGE - (uintptr_t)raw % HUGE_PAGE) % HUGE_PAGE;
	if (head)
		munmap(raw, head);
	munmap(raw + head + len, HUGE_PAGE - head);
	struct page_memory *m = xmalloc(sizeof(*m));
	*m = (struct page_memory){raw + head, len};
	madvise(m->p, len, MADV_HUGEPAGE); /* a hint: without, the pages are small */
	cairo_surface_t *sf =
	        cairo_image_surface_create_for_data(m->p, CAIRO_FORMAT_RGB24, w, h, stride);
	if (cairo_surface_set_user_data(sf, &page_memory_key, m, page_memory_free) !=
	    CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(sf); /* an error surface: the memory is not its */
		page_memory_free(m);
		return cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	}
	return sf;
}

/* A white page of w × h pixels in s->surface. */
static void clear_surface(struct sink_png *s, int w, int h)
{
	cairo_surface_t *old = s->surface;
	if (!old || cairo_image_surface_get_width(old) != w ||
	    cairo_image_surface_get_height(old) != h) {
		cairo_surface_destroy(old);
		s->surface = page_surface_create(w, h);
	}
	cairo_t *cr = cairo_create(s->surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_destroy(cr);
}

/* Whether another process draws the page (whose file is s->path): in a
 * helper, a page it did not claim; in the leader, a page a helper claimed
 * and sent (a page a helper could not draw is drawn here again, for its
 * messages). The team is forked once this process has drawn ALONE_PAGES:
 * a page the cache has fresh never gets here, so a folder whose pages are
 * all fresh, or of which a card or two changed, forks nothing. */
static bool drawn_elsewhere(struct sink_png *s)
{
	s->taken = false;
	if (s->alone < ALONE_PAGES) {
		s->alone++;
		return false;
	}
	if (s->alone++ == ALONE_PAGES && s->helpers) {
		s->team = team_create(s->helpers, s->npages - ALONE_PAGES);
		/* a helper draws on a surface of its own: on the leader's,
		 * inherited, both processes would copy it a 4 KiB page at a time
		 * as they write to it */
		if (s->team && team_is_helper(s->team)) {
			cairo_surface_destroy(s->surface);
			s->surface = NULL;
		}
	}
	if (!s->team)
		return false;
	size_t i = s->page++;
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
	base->skip = !s->sender && drawn_elsewhere(s);
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
	size_t item = s->sender ? s->item : s->page - 1;
	if (st != CAIRO_STATUS_SUCCESS) {
		if (helper)
			team_send(s->team, item, s->path, false, NULL, 0);
		diag_error(d, (struct mark){.file = s->path}, "cannot draw: %s",
		           cairo_status_to_string(st));
		cairo_surface_destroy(s->surface);
		s->surface = NULL;
		s->failed = true;
		return false;
	}
	encode(s);
	if (s->sender)
		send_page(s, item, !base->missed);
	else if (helper)
		team_send(s->team, item, s->path, !base->missed, s->png.data, s->png.len);
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
	if (!s->sender)
		team_destroy(s->team);
	cairo_surface_destroy(s->surface);
	cairo_surface_destroy(s->blank);
	buf_finish(&s->png);
	buf_finish(&s->prefix);
	free(s->path);
	free(s->dir);
	free(s);
}

static const struct sink_ops png_ops = {begin_page, end_page, finish, destroy};

static struct sink_png *png_new(const char *dir, double dpi)
{
	struct sink_png *s = xcalloc(1, sizeof(*s));
	s->base.ops = &png_ops;
	s->dir = xstrdup(dir);
	s->dpi = dpi;
	s->blank = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	buf_init(&s->png);
	return s;
}

struct sink *sink_png_create_sender(struct team *t, const char *dir, double dpi)
{
	struct sink_png *s = png_new(dir, dpi);
	s->team = t;
	s->sender = true;
	buf_init(&s->prefix);
	return &s->base;
}

void sink_png_write_into(struct sink *base, const char *folder)
{
	struct sink_png *s = (struct sink_png *)base;
	s->folder = folder;
}

void sink_png_send_as(struct sink *base, size_t item, const void *prefix, size_t len)
{
	struct sink_png *s = (struct sink_png *)base;
	s->item = item;
	buf_clear(&s->prefix);
	buf_append(&s->prefix, (const char *)prefix, len);
}

bool sink_png_write(struct sink *base, const char *label, const void *png, size_t len,
                    struct diag *d)
{
	struct sink_png *s = (struct sink_png *)base;
	set_path(s, label);
	return write_bytes(s, png, len, d);
}

bool sink_png_adopt(struct sink *base, const char *label, const char *folder, struct diag *d)
{
	struct sink_png *s = (struct sink_png *)base;
	struct buf tmp;
	buf_init(&tmp);
	set_path(s, label);
	crew_path(&tmp, s, folder);
	bool ok = atomic_adopt(buf_str(&tmp), s->path, d);
	s->failed |= !ok;
	buf_finish(&tmp);
	return ok;
}

struct sink *sink_png_create(const char *dir, double dpi, unsigned jobs, size_t npages,
                             struct diag *d)
{
	if (!make_dirs(dir, d))
		return NULL;
	struct sink_png *s = png_new(dir, dpi);
	/* more jobs: one helper fewer, for this process draws too, each
	 * process taking the next free page when it is ready and this one
	 * writing every file in page order; two pages a process at least (a
	 * fork costs more than a page) */
	size_t team_pages = npages > ALONE_PAGES ? npages - ALONE_PAGES : 0;
	size_t procs = jobs < team_pages / 2 ? jobs : team_pages / 2;
	s->helpers = procs > 1 ? (unsigned)procs - 1 : 0;
	s->npages = npages;
	return &s->base;
}
