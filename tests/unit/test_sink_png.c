#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, nanosleep, sigaction */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "output/sink.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* What a test page shows: a square of colour rgb and, when dot is set, one
 * pixel at 10, 10 (at 72 dpi, so points are pixels) a shade darker. */
struct page {
	const char *label;
	double rgb;
	bool dot;
};

/* Which processes drew pages, shared by all of them: a slot a process. */
#define MAX_PROCS 8
struct drawers {
	atomic_int n;
	atomic_int pid[MAX_PROCS];
	atomic_int pages[MAX_PROCS];
};

static struct drawers *drawers_create(void)
{
	void *m = mmap(NULL, sizeof(struct drawers), PROT_READ | PROT_WRITE,
	               MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	memset(m, 0, sizeof(struct drawers));
	return m;
}

/* Counts a page drawn by this process. */
static void drawers_add(struct drawers *w)
{
	int me = (int)getpid();
	for (int k = 0; k < MAX_PROCS; k++) {
		int expected = 0;
		if (atomic_compare_exchange_strong(&w->pid[k], &expected, me))
			atomic_fetch_add(&w->n, 1); /* a new slot, this process's */
		else if (expected != me)
			continue;
		atomic_fetch_add(&w->pages[k], 1);
		return;
	}
	fail();
}

/* How pages are written by write_pages_with(): by jobs processes, each
 * page taking slow_ms to draw, the first skip pages left out (fresh in a
 * cache), a helper killing itself at page die (SIZE_MAX: none), and the
 * processes that drew counted in who (may be NULL). */
struct run {
	unsigned jobs;
	long slow_ms;
	size_t skip, die;
	struct drawers *who;
};

static void write_pages_with(const char *dir, const struct run *r, const struct page *pages,
                             size_t n)
{
	struct diag d;
	diag_init(&d);
	pid_t leader = getpid();
	struct sink *s = sink_png_create(dir, 72, r->jobs, n, &d);
	assert_non_null(s);
	for (size_t i = r->skip; i < n; i++) {
		struct page_spec p = {.trim_w = 40, .trim_h = 30, .label = pages[i].label};
		cairo_t *cr = s->ops->begin_page(s, &p, &d);
		assert_non_null(cr);
		if (s->skip) { /* another process draws it */
			assert_true(s->ops->end_page(s, cr, &d));
			continue;
		}
		if (i >= r->die && getpid() != leader)
			raise(SIGKILL);
		if (r->who)
			drawers_add(r->who);
		if (r->slow_ms)
			nanosleep(&(struct timespec){0, r->slow_ms * 1000000}, NULL);
		cairo_set_source_rgb(cr, pages[i].rgb, 0.5, 0.25);
		cairo_rectangle(cr, 5, 5, 20, 20);
		cairo_fill(cr);
		if (pages[i].dot) {
			cairo_set_source_rgb(cr, pages[i].rgb - 1.0 / 255, 0.5, 0.25);
			cairo_rectangle(cr, 10, 10, 1, 1);
			cairo_fill(cr);
		}
		assert_true(s->ops->end_page(s, cr, &d));
	}
	assert_true(s->ops->finish(s, &d));
	sink_destroy(s); /* in a helper, the end of the process */
	assert_int_equal(diag_get_error_count(&d), 0);
	diag_finish(&d);
}

/* Writes pages into dir with jobs processes; every call must succeed. */
static void write_pages(const char *dir, unsigned jobs, const struct page *pages, size_t n)
{
	struct run r = {.jobs = jobs, .die = SIZE_MAX};
	write_pages_with(dir, &r, pages, n);
}

static char *read_file(const char *dir, const char *label, size_t *len)
{
	char *path = g_strdup_printf("%s/%s.png", dir, label);
	char *data = NULL;
	gsize n = 0;
	assert_true(g_file_get_contents(path, &data, &n, NULL));
	g_free(path);
	*len = n;
	return data;
}

static bool same_file(const char *dir_a, const char *a, const char *dir_b, const char *b)
{
	size_t la, lb;
	char *x = read_file(dir_a, a, &la), *y = read_file(dir_b, b, &lb);
	bool same = la == lb && memcmp(x, y, la) == 0;
	g_free(x);
	g_free(y);
	return same;
}

/* The red of the pixel at x, y of a written page. */
static int red_at(const char *dir, const char *label, int x, int y)
{
	char *path = g_strdup_printf("%s/%s.png", dir, label);
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	g_free(path);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	const unsigned char *row = cairo_image_surface_get_data(s) +
	                           (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t px;
	memcpy(&px, row + 4 * x, sizeof(px));
	cairo_surface_destroy(s);
	return (int)(px >> 16 & 0xFF);
}

static void remove_dir(const char *dir, const struct page *pages, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *path = g_strdup_printf("%s/%s.png", dir, pages[i].label);
		unlink(path);
		g_free(path);
	}
	rmdir(dir);
}

/* Pages with the same pixels get the same bytes; a
 * page one pixel apart is a page of its own; and none of it depends on
 * the number of jobs. */
static void sink_png__repeated_pages_are_the_same_file(void **state)
{
	(void)state;
	static const struct page pages[] = {
	        {"a", 0.8, false},    {"b", 0.2, false},       {"a-again", 0.8, false},
	        {"a-dot", 0.8, true}, {"b-again", 0.2, false}, {"a-dot-again", 0.8, true},
	};
	size_t n = sizeof(pages) / sizeof(pages[0]);
	char one[] = "/tmp/test_sink_png.XXXXXX", two[] = "/tmp/test_sink_png.XXXXXX";
	assert_non_null(mkdtemp(one));
	assert_non_null(mkdtemp(two));
	write_pages(one, 1, pages, n);
	write_pages(two, 2, pages, n);
	for (size_t i = 0; i < n; i++)
		assert_true(same_file(one, pages[i].label, two, pages[i].label));
	assert_true(same_file(one, "a", one, "a-again"));
	assert_true(same_file(one, "b", one, "b-again"));
	assert_true(same_file(one, "a-dot", one, "a-dot-again"));
	assert_false(same_file(one, "a", one, "a-dot"));
	assert_false(same_file(one, "a", one, "b"));
	/* and each holds its own pixels */
	assert_int_equal(red_at(one, "a-again", 10, 10), 204);
	assert_int_equal(red_at(one, "a-dot-again", 10, 10), 203);
	assert_int_equal(red_at(two, "b-again", 10, 10), 51);
	assert_int_equal(red_at(two, "a-dot", 0, 0), 255);
	remove_dir(one, pages, n);
	remove_dir(two, pages, n);
}

/* NPAGES pages of NPAGES / 2 colours: page i shows colour i / 2. */
#define NPAGES 40
static struct page many[NPAGES];
static char many_labels[NPAGES][16];

static void make_many(void)
{
	for (size_t i = 0; i < NPAGES; i++) {
		snprintf(many_labels[i], sizeof(many_labels[i]), "p%02zu", i);
		many[i] = (struct page){many_labels[i], (double)(i / 2) / NPAGES, i % 2 == 1};
	}
}

/* Every file of dir_b is byte for byte the one in dir_a, from page from on. */
static void assert_same_files(const char *dir_a, const char *dir_b, size_t from)
{
	for (size_t i = from; i < NPAGES; i++)
		assert_true(same_file(dir_a, many[i].label, dir_b, many[i].label));
}

/* With 1, 2 and 3 jobs every process draws pages (each takes a while, so
 * the pages spread), and the files are the same bytes. */
static void sink_png__every_process_draws_and_the_bytes_stay(void **state)
{
	(void)state;
	make_many();
	char one[] = "/tmp/test_sink_png.XXXXXX";
	assert_non_null(mkdtemp(one));
	write_pages(one, 1, many, NPAGES);
	for (unsigned jobs = 2; jobs <= 3; jobs++) {
		char dir[] = "/tmp/test_sink_png.XXXXXX";
		assert_non_null(mkdtemp(dir));
		struct drawers *who = drawers_create();
		struct run r = {.jobs = jobs, .slow_ms = 3, .die = SIZE_MAX, .who = who};
		write_pages_with(dir, &r, many, NPAGES);
		assert_int_equal(atomic_load(&who->n), jobs);
		assert_same_files(one, dir, 0);
		munmap(who, sizeof(*who));
		remove_dir(dir, many, NPAGES);
	}
	remove_dir(one, many, NPAGES);
}

/* A helper killed while it draws leaves its pages to the build's own
 * process: every file is still written, the same bytes, and no error. */
static void sink_png__a_killed_helper_is_covered(void **state)
{
	(void)state;
	make_many();
	char one[] = "/tmp/test_sink_png.XXXXXX", two[] = "/tmp/test_sink_png.XXXXXX";
	assert_non_null(mkdtemp(one));
	assert_non_null(mkdtemp(two));
	write_pages(one, 1, many, NPAGES);
	struct run r = {.jobs = 3, .slow_ms = 2, .die = 10};
	write_pages_with(two, &r, many, NPAGES);
	assert_same_files(one, two, 0);
	remove_dir(one, many, NPAGES);
	remove_dir(two, many, NPAGES);
}

static volatile sig_atomic_t children_ended;

static void on_child(int sig)
{
	(void)sig;
	children_ended++;
}

/* Pages fresh in the cache never reach the sink: a folder whose pages are
 * all fresh forks no helper, nor one of which two pages are drawn again
 * (a card's front and back); one whose first half is fresh forks for the
 * rest, and every process draws some of it. */
static void sink_png__fresh_pages_fork_nothing(void **state)
{
	(void)state;
	make_many();
	struct sigaction sa = {.sa_handler = on_child, .sa_flags = SA_RESTART}, old;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, &old);
	char all[] = "/tmp/test_sink_png.XXXXXX", some[] = "/tmp/test_sink_png.XXXXXX";
	assert_non_null(mkdtemp(all));
	assert_non_null(mkdtemp(some));
	children_ended = 0;
	struct run fresh = {.jobs = 3, .skip = NPAGES, .die = SIZE_MAX};
	write_pages_with(all, &fresh, many, NPAGES);
	assert_int_equal(children_ended, 0);
	struct run card = {.jobs = 3, .skip = NPAGES - 2, .die = SIZE_MAX};
	write_pages_with(all, &card, many, NPAGES);
	assert_int_equal(children_ended, 0);
	struct drawers *who = drawers_create();
	struct run half = {
	        .jobs = 3, .slow_ms = 3, .skip = NPAGES / 2, .die = SIZE_MAX, .who = who};
	write_pages_with(some, &half, many, NPAGES);
	assert_true(children_ended > 0);
	assert_int_equal(atomic_load(&who->n), 3);
	char one[] = "/tmp/test_sink_png.XXXXXX";
	assert_non_null(mkdtemp(one));
	write_pages(one, 1, many, NPAGES);
	assert_same_files(one, some, NPAGES / 2);
	munmap(who, sizeof(*who));
	sigaction(SIGCHLD, &old, NULL);
	remove_dir(all, many, NPAGES);
	remove_dir(some, many, NPAGES);
	remove_dir(one, many, NPAGES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sink_png__repeated_pages_are_the_same_file),
	        cmocka_unit_test(sink_png__every_process_draws_and_the_bytes_stay),
	        cmocka_unit_test(sink_png__a_killed_helper_is_covered),
	        cmocka_unit_test(sink_png__fresh_pages_fork_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
