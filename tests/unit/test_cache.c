#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "build/cache.h"
#include "build/item.h"
#include "display/dlist.h"
#include "output/sink.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* A root with fonts/ and templates/, a kit and an output folder in a
 * temporary folder. */
struct fixture {
	char tmp[64];
	struct buf root, kit, out, input, output, record;
	struct build_options opt;
};

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct buf b;
	buf_init(&b);
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, k);
	fclose(fp);
	*n = b.len;
	return buf_detach(&b);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->tmp, sizeof(f->tmp), "/tmp/test_cache.XXXXXX");
	assert_non_null(mkdtemp(f->tmp));
	struct buf *bufs[] = {&f->root, &f->kit, &f->out, &f->input, &f->output, &f->record};
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		buf_init(bufs[i]);
	buf_printf(&f->root, "%s/root", f->tmp);
	buf_printf(&f->kit, "%s/root/kit", f->tmp);
	buf_printf(&f->out, "%s/out", f->tmp);
	buf_printf(&f->input, "%s/kit.yaml", buf_str(&f->kit));
	buf_printf(&f->output, "%s/kit/a.print.pdf", buf_str(&f->out));
	buf_printf(&f->record, "%s/kit/" CACHE_RECORD, buf_str(&f->out));
	mkdir(buf_str(&f->root), 0755);
	mkdir(buf_str(&f->kit), 0755);
	mkdir(buf_str(&f->out), 0755);
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/kit", buf_str(&f->out));
	mkdir(buf_str(&p), 0755);
	buf_finish(&p);
	put(buf_str(&f->input), "name: kit\n");
	put(buf_str(&f->output), "%PDF-1.5 one\n");
	build_options_init(&f->opt, true, buf_str(&f->root));
	f->opt.out_dir = buf_str(&f->out);
	f->opt.jobs = 1; /* the keys made before the kit loads (the thread's test says) */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct buf cmd;
	buf_init(&cmd);
	buf_printf(&cmd, "rm -rf '%s'", f->tmp);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_finish(&cmd);
	struct buf *bufs[] = {&f->root, &f->kit, &f->out, &f->input, &f->output, &f->record};
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		buf_finish(bufs[i]);
	free(f);
	return 0;
}

static struct cache *open_kit(struct fixture *f)
{
	return cache_open(&f->opt, buf_str(&f->kit), "kit", NULL);
}

static void key_of(struct cache_hash *h, const struct cache *c, const char *text)
{
	cache_key_begin(h, c, "test");
	cache_hash_str(h, text);
}

/* A first build: the output's key noted, then the record written. */
static void build_once(struct fixture *f, const char *key)
{
	struct cache *c = open_kit(f);
	const char *said;
	size_t warnings;
	assert_false(cache_kit_is_fresh(c, &said, &warnings, NULL));
	struct cache_hash h;
	key_of(&h, c, key);
	cache_output_is_fresh(c, buf_str(&f->output), &h);
	struct build_outputs made = {0};
	struct buf p;
	buf_init(&p);
	buf_puts(&p, buf_str(&f->output));
	build_outputs_add(&made, FORMAT_PRINT, &p);
	struct diag d;
	diag_init(&d);
	assert_true(cache_commit(c, &made, "kit.yaml:1:1: warning: a finding\n", 1, true, &d));
	assert_int_equal(diag_get_error_count(&d), 0);
	diag_finish(&d);
	build_outputs_finish(&made);
	buf_finish(&p);
	cache_destroy(c);
}

static bool kit_is_fresh(struct fixture *f)
{
	struct cache *c = open_kit(f);
	const char *said;
	size_t warnings;
	bool fresh = cache_kit_is_fresh(c, &said, &warnings, NULL);
	if (fresh) {
		assert_string_equal(said, "kit.yaml:1:1: warning: a finding\n");
		assert_int_equal(warnings, 1);
	}
	cache_destroy(c);
	return fresh;
}

static void cache__hash_frames_strings_and_streams_bytes(void **state)
{
	(void)state;
	struct cache_hash a, b;
	unsigned char ha[16], hb[16];
	cache_hash_init(&a);
	cache_hash_init(&b);
	cache_hash_bytes(&a, "hello, world and more", 21);
	cache_hash_bytes(&b, "hello, w", 8);
	cache_hash_bytes(&b, "orld and more", 13);
	cache_hash_get(&a, ha);
	cache_hash_get(&b, hb);
	assert_memory_equal(ha, hb, 16);
	cache_hash_init(&a);
	cache_hash_init(&b);
	cache_hash_str(&a, "ab");
	cache_hash_str(&a, "c");
	cache_hash_str(&b, "a");
	cache_hash_str(&b, "bc");
	cache_hash_get(&a, ha);
	cache_hash_get(&b, hb);
	assert_memory_not_equal(ha, hb, 16);
	/* one bit of a long input changes the hash */
	char big[1000];
	memset(big, 'x', sizeof(big));
	cache_hash_init(&a);
	cache_hash_bytes(&a, big, sizeof(big));
	big[517] ^= 1;
	cache_hash_init(&b);
	cache_hash_bytes(&b, big, sizeof(big));
	cache_hash_get(&a, ha);
	cache_hash_get(&b, hb);
	assert_memory_not_equal(ha, hb, 16);
}

static void page(struct dlist *l, double x, const char *text, struct color c, double clip)
{
	dlist_init(l, 180, 252, 9);
	struct dl_path *p = dlist_add_path(l, 0);
	dl_path_rect(p, (struct box){x, 0, 10, 10}, 2);
	dl_path_set_fill(p, c);
	struct dl_text *t = dlist_add_text(l);
	const char *err;
	size_t off;
	assert_true(markup_parse(&t->rich, text, 0, &err, &off));
	t->style.family = "Lato";
	t->style.size = 10;
	struct dl_group *g = dlist_add_group(l);
	g->clip = true;
	g->clip_box = (struct box){0, 0, clip, 5};
	dlist_add_end(l);
	dlist_add_dest(l, "card-T01", 1, 2);
}

static void key_of_page(struct cache *c, const struct dlist *l, unsigned char out[16])
{
	struct cache_hash h;
	cache_key_begin(&h, c, "png");
	struct page_spec p = {.trim_w = 180, .trim_h = 252, .bleed = 9, .label = "001-T01-front"};
	assert_true(cache_key_page(&h, c, l, &p));
	cache_hash_get(&h, out);
}

static void cache__page_key_changes_with_what_is_drawn(void **state)
{
	struct fixture *f = *state;
	struct cache *c = open_kit(f);
	struct color black = {0, 0, 0}, red = {1, 0, 0};
	struct dlist base, same, moved, text, styled, colour, clip;
	page(&base, 1, "Tillid", black, 5);
	page(&same, 1, "Tillid", black, 5);
	page(&moved, 1.0001, "Tillid", black, 5);
	page(&text, 1, "Tilid", black, 5);
	page(&styled, 1, "**Tillid**", black, 5);
	page(&colour, 1, "Tillid", red, 5);
	page(&clip, 1, "Tillid", black, 6);
	unsigned char k0[16], k[16];
	key_of_page(c, &base, k0);
	key_of_page(c, &same, k);
	assert_memory_equal(k0, k, 16);
	const struct dlist *other[] = {&moved, &text, &styled, &colour, &clip};
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		key_of_page(c, other[i], k);
		assert_memory_not_equal(k0, k, 16);
	}
	/* an inset draws a page the list does not hold: never cached */
	dlist_add_inset(&same, 0, 0, 1, (struct box){0, 0, 1, 1});
	struct cache_hash h;
	cache_key_begin(&h, c, "png");
	assert_false(cache_hash_dlist(&h, c, &same));
	struct dlist *all[] = {&base, &same, &moved, &text, &styled, &colour, &clip};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		dlist_finish(all[i]);
	cache_destroy(c);
}

static void cache__image_content_is_in_the_key(void **state)
{
	struct fixture *f = *state;
	struct buf img;
	buf_init(&img);
	buf_printf(&img, "%s/icon.svg", buf_str(&f->kit));
	put(buf_str(&img), "<svg fill='red'/>");
	struct dlist l;
	dlist_init(&l, 100, 100, 0);
	dlist_add_image(&l, buf_str(&img), (struct box){0, 0, 10, 10}, false);
	struct cache *c = open_kit(f);
	unsigned char k0[16], k[16];
	key_of_page(c, &l, k0);
	cache_destroy(c);
	put(buf_str(&img), "<svg fill='tan'/>"); /* the same size */
	c = open_kit(f);
	key_of_page(c, &l, k);
	assert_memory_not_equal(k0, k, 16);
	cache_destroy(c);
	unlink(buf_str(&img));
	c = open_kit(f);
	struct cache_hash h;
	cache_key_begin(&h, c, "png");
	assert_false(cache_hash_dlist(&h, c, &l));
	cache_destroy(c);
	dlist_finish(&l);
	buf_finish(&img);
}

/* The key of a page that draws the SVG at path whose text is svg, before
 * and after a file beside it (sibling) changes: whether they differ. */
static bool key_follows_sibling(struct fixture *f, const char *svg)
{
	struct buf img, sib;
	buf_init(&img);
	buf_init(&sib);
	buf_printf(&img, "%s/icons", buf_str(&f->kit));
	mkdir(buf_str(&img), 0755);
	buf_puts(&img, "/combo.svg");
	buf_printf(&sib, "%s/icons/part.svg", buf_str(&f->kit));
	put(buf_str(&img), svg);
	put(buf_str(&sib), "<svg><circle id='a' fill='red'/></svg>");
	struct dlist l;
	dlist_init(&l, 100, 100, 0);
	dlist_add_image(&l, buf_str(&img), (struct box){0, 0, 10, 10}, false);
	unsigned char k0[16], k[16];
	struct cache *c = open_kit(f);
	key_of_page(c, &l, k0);
	cache_destroy(c);
	put(buf_str(&sib), "<svg><circle id='a' fill='tan'/></svg>");
	c = open_kit(f);
	key_of_page(c, &l, k);
	cache_destroy(c);
	dlist_finish(&l);
	unlink(buf_str(&img));
	unlink(buf_str(&sib));
	buf_finish(&img);
	buf_finish(&sib);
	return memcmp(k0, k, 16) != 0;
}

static void cache__svg_references_are_in_the_key(void **state)
{
	struct fixture *f = *state;
	/* librsvg draws what these name from the SVG's folder */
	assert_true(key_follows_sibling(f, "<svg><use xlink:href=\"part.svg#a\"/></svg>"));
	assert_true(key_follows_sibling(f, "<svg><use href = 'part.svg#a'/></svg>"));
	assert_true(key_follows_sibling(f, "<svg><rect style='fill:URL(part.svg#g)'/></svg>"));
	assert_true(key_follows_sibling(f, "<?xml-stylesheet href='s.css'?><svg/>"));
	/* references inside the SVG, or data, read nothing else */
	assert_false(
	        key_follows_sibling(f, "<svg><use xlink:href='#a'/><rect fill='url(#g)'/></svg>"));
	assert_false(key_follows_sibling(f, "<svg><image href='data:image/png;base64,AA'/></svg>"));
}

static void cache__record_keeps_kit_and_outputs(void **state)
{
	struct fixture *f = *state;
	build_once(f, "one");
	assert_true(kit_is_fresh(f));
	struct cache *c = open_kit(f);
	struct cache_hash h;
	key_of(&h, c, "one");
	assert_true(cache_output_is_fresh(c, buf_str(&f->output), &h));
	key_of(&h, c, "two");
	assert_false(cache_output_is_fresh(c, buf_str(&f->output), &h));
	cache_destroy(c);
	/* --no-cache reads nothing */
	f->opt.no_cache = true;
	assert_false(kit_is_fresh(f));
	f->opt.no_cache = false;
	/* an option that changes bytes; --jobs does not */
	f->opt.jobs = 7;
	assert_true(kit_is_fresh(f));
	/* Ghostscript for every PDF/X, a setting for tests */
	setenv("DECKPRESS_PDFX_GS", "1", 1);
	assert_false(kit_is_fresh(f));
	unsetenv("DECKPRESS_PDFX_GS");
	assert_true(kit_is_fresh(f));
	f->opt.dpi = 150;
	assert_false(kit_is_fresh(f));
}

/* With jobs and no record, the keys are made in a thread while the kit
 * loads: the same keys, the same record, and a cache destroyed before they
 * are made waits for them. */
static void cache__keys_made_in_a_thread_are_the_same(void **state)
{
	struct fixture *f = *state;
	struct cache_hash h1, h2;
	unsigned char k1[16], k2[16];
	f->opt.jobs = 2;
	struct cache *c = open_kit(f);
	cache_ready(c);
	key_of(&h2, c, "one");
	cache_destroy(c);
	f->opt.jobs = 1;
	c = open_kit(f);
	key_of(&h1, c, "one");
	cache_destroy(c);
	cache_hash_get(&h1, k1);
	cache_hash_get(&h2, k2);
	assert_memory_equal(k1, k2, 16);
	/* a record written from the thread's keys is fresh for one job,
	 * unless an input changed as the thread and the loader read it (the
	 * thread may have hashed what the loader never saw): the fixture's
	 * kit was written just now */
	f->opt.jobs = 2;
	build_once(f, "one");
	f->opt.jobs = 1;
	assert_false(kit_is_fresh(f));
	nanosleep(&(struct timespec){0, 100000000}, NULL); /* past the clock's tick */
	/* a link to an input changes its ctime, not what it holds (the web
	 * edition links its style sheet): no reason to distrust the keys */
	struct buf other;
	buf_init(&other);
	buf_printf(&other, "%s/linked.yaml", f->tmp);
	assert_int_equal(link(buf_str(&f->input), buf_str(&other)), 0);
	f->opt.jobs = 2;
	unlink(buf_str(&f->record));
	build_once(f, "one");
	f->opt.jobs = 1;
	assert_true(kit_is_fresh(f));
	unlink(buf_str(&other));
	buf_finish(&other);
	put(buf_str(&f->input), "name: kat\n");
	assert_false(kit_is_fresh(f));
	unlink(buf_str(&f->record));
	f->opt.jobs = 2;
	cache_destroy(open_kit(f));
	cache_ready(NULL);
}

static void cache__any_input_or_output_change_is_seen(void **state)
{
	struct fixture *f = *state;
	build_once(f, "one");
	put(buf_str(&f->input), "name: kat\n"); /* same size, maybe same mtime */
	assert_false(kit_is_fresh(f));
	put(buf_str(&f->input), "name: kit\n");
	assert_true(kit_is_fresh(f));
	struct buf extra;
	buf_init(&extra);
	buf_printf(&extra, "%s/new.csv", buf_str(&f->kit));
	put(buf_str(&extra), "id\n");
	assert_false(kit_is_fresh(f));
	unlink(buf_str(&extra));
	assert_true(kit_is_fresh(f));
	/* a hidden file, deep in hidden folders, and one in a folder reached
	 * through a link (one that leads back into the kit ends the walk) */
	buf_clear(&extra);
	buf_printf(&extra, "%s/.a/b/c/d/e/f/g/h/i", buf_str(&f->kit));
	assert_int_equal(g_mkdir_with_parents(buf_str(&extra), 0755), 0);
	buf_puts(&extra, "/.deep.csv");
	struct buf link, away;
	buf_init(&link);
	buf_init(&away);
	buf_printf(&link, "%s/loop", buf_str(&f->kit));
	assert_int_equal(symlink(".", buf_str(&link)), 0);
	buf_printf(&away, "%s/away.csv", f->tmp);
	put(buf_str(&away), "id\n");
	buf_clear(&link);
	buf_printf(&link, "%s/linked", buf_str(&f->kit));
	assert_int_equal(symlink(f->tmp, buf_str(&link)), 0);
	put(buf_str(&extra), "id\n");
	build_once(f, "one");
	assert_true(kit_is_fresh(f));
	put(buf_str(&extra), "ix\n");
	assert_false(kit_is_fresh(f));
	build_once(f, "one");
	put(buf_str(&away), "ix\n");
	assert_false(kit_is_fresh(f));
	buf_finish(&link);
	buf_finish(&away);
	put(buf_str(&f->output), "%PDF-1.5 two, longer\n");
	assert_false(kit_is_fresh(f));
	buf_finish(&extra);
}

/* Writes text as the record, with a correct checksum. */
static void forge(struct fixture *f, const char *text)
{
	struct cache_hash h;
	cache_hash_init(&h);
	cache_hash_bytes(&h, text, strlen(text));
	unsigned char s[16];
	cache_hash_get(&h, s);
	FILE *fp = fopen(buf_str(&f->record), "w");
	assert_non_null(fp);
	fputs(text, fp);
	fputs("sum ", fp);
	for (int i = 0; i < 16; i++)
		fprintf(fp, "%02x", s[i]);
	fputs("\n", fp);
	fclose(fp);
}

static void cache__untrusted_records_are_ignored(void **state)
{
	struct fixture *f = *state;
	build_once(f, "one");
	size_t n;
	char *good = slurp(buf_str(&f->record), &n);
	/* truncated */
	FILE *fp = fopen(buf_str(&f->record), "wb");
	fwrite(good, 1, n / 2, fp);
	fclose(fp);
	assert_false(kit_is_fresh(f));
	/* one byte changed */
	char *bad = strdup(good);
	bad[n / 3] ^= 0x01;
	fp = fopen(buf_str(&f->record), "wb");
	fwrite(bad, 1, n, fp);
	fclose(fp);
	assert_false(kit_is_fresh(f));
	/* another program's, or another format's, with a right checksum */
	char *body = strndup(good, n - 37);
	char *prog = strstr(body, "program ") + 8;
	prog[0] = prog[0] == '0' ? '1' : '0';
	forge(f, body);
	assert_false(kit_is_fresh(f));
	prog[0] = good[prog - body];
	forge(f, body);
	assert_true(kit_is_fresh(f)); /* the forged copy of the real one */
	body[strlen("deckpress-cache ")] = '9';
	forge(f, body);
	assert_false(kit_is_fresh(f));
	/* empty */
	put(buf_str(&f->record), "");
	assert_false(kit_is_fresh(f));
	/* replaced by the next build */
	build_once(f, "one");
	assert_true(kit_is_fresh(f));
	free(body);
	free(bad);
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(cache__hash_frames_strings_and_streams_bytes),
	        cmocka_unit_test_setup_teardown(cache__page_key_changes_with_what_is_drawn, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(cache__image_content_is_in_the_key, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(cache__svg_references_are_in_the_key, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(cache__record_keeps_kit_and_outputs, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(cache__keys_made_in_a_thread_are_the_same, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(cache__any_input_or_output_change_is_seen, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(cache__untrusted_records_are_ignored, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
