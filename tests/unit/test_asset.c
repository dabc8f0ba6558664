/* realpath(), symlink() and mkdtemp() are beyond _POSIX_C_SOURCE */
#define _XOPEN_SOURCE 700

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/asset.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

struct fixture {
	char dir[64]; /* the temporary folder: kit/, common/, outside.png */
	struct arena arena;
	struct asset_roots roots;
	struct diag d;
};

static void touch(const char *dir, const char *name)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", dir, name);
	FILE *fp = fopen(buf_str(&p), "w");
	assert_non_null(fp);
	fclose(fp);
	buf_finish(&p);
}

static void link_to(const char *dir, const char *target, const char *name)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", dir, name);
	assert_int_equal(symlink(target, buf_str(&p)), 0);
	buf_finish(&p);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/deckpress-asset-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(mkdir("kit", 0700), 0);
	assert_int_equal(mkdir("kit/icons", 0700), 0);
	assert_int_equal(mkdir("common", 0700), 0);
	touch(f->dir, "kit/icons/a.png");
	touch(f->dir, "common/b.png");
	touch(f->dir, "outside.png");
	link_to(f->dir, "../../outside.png", "kit/icons/out.png");
	link_to(f->dir, "a.png", "kit/icons/in.png");
	link_to(f->dir, "/nonexistent/x.png", "kit/icons/dangling.png");
	arena_init(&f->arena);
	diag_init(&f->d);
	assert_true(asset_roots_add(&f->roots, &f->arena, "kit"));
	assert_true(asset_roots_add(&f->roots, &f->arena, "common"));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct buf cmd;
	buf_init(&cmd);
	buf_printf(&cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_finish(&cmd);
	arena_finish(&f->arena);
	diag_finish(&f->d);
	free(f);
	return 0;
}

/* Resolves rel from base; the message it reports, or the path it gives. */
static const char *resolve(struct fixture *f, const char *base, const char *rel)
{
	const char *out;
	size_t before = f->d.len;
	if (asset_resolve(&f->roots, &f->arena, base, rel, "image", (struct mark){"x.yaml", 1, 1},
	                  &f->d, &out))
		return out;
	assert_int_equal(f->d.len, before + 1);
	return f->d.entries[before].message;
}

static void asset__paths_inside_the_roots_resolve(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(resolve(f, "kit", "icons/a.png"), "kit/icons/a.png");
	assert_string_equal(resolve(f, "kit", "icons/in.png"), "kit/icons/in.png");
	assert_string_equal(resolve(f, "kit", "../common/b.png"), "kit/../common/b.png");
	assert_string_equal(resolve(f, "kit/icons", "../icons/./a.png"),
	                    "kit/icons/../icons/./a.png");
}

static void asset__leaving_paths_say_nothing_about_the_file(void **state)
{
	struct fixture *f = *state;
	static const char *const out[] = {"/etc/hostname",      "../outside.png",
	                                  "../nothing.png",     "icons/out.png",
	                                  "icons/dangling.png", "icons/../../x.png"};
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		struct buf want;
		buf_init(&want);
		buf_printf(&want, "image path '%s' leaves the kit folder", out[i]);
		assert_string_equal(resolve(f, "kit", out[i]), buf_str(&want));
		buf_finish(&want);
	}
}

static void asset__missing_and_unreadable_files_inside_are_named(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(resolve(f, "kit", "icons/none.png"),
	                    "image 'icons/none.png' not found (looked for 'kit/icons/none.png')");
	assert_string_equal(resolve(f, "kit", "icons"), "image 'icons' cannot be read");
}

static void asset__without_roots_the_file_folder_is_the_root(void **state)
{
	struct fixture *f = *state;
	const char *out;
	assert_true(asset_resolve(NULL, &f->arena, "kit/icons", "a.png", "image",
	                          (struct mark){"x.yaml", 1, 1}, &f->d, &out));
	assert_false(asset_resolve(NULL, &f->arena, "kit", "../common/b.png", "image",
	                           (struct mark){"x.yaml", 1, 1}, &f->d, &out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(asset__paths_inside_the_roots_resolve, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(asset__leaving_paths_say_nothing_about_the_file,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                asset__missing_and_unreadable_files_inside_are_named, setup, teardown),
	        cmocka_unit_test_setup_teardown(asset__without_roots_the_file_folder_is_the_root,
	                                        setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
