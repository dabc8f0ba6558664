/* The catalogue (build/catalogue): --format catalogue of the small test
 * kit writes one PDF a language, listed before it is written, and nothing
 * else; a kit without kit.yaml has no languages to make it in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "build/build.h"
#include "util/buf.h"
#include "util/exitcode.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

/* Builds path with --format catalogue into a new folder under /tmp (its
 * name in tmp); returns the exit code. */
static int build(const char *path, char *tmp, struct build_outputs *outs)
{
	assert_non_null(mkdtemp(tmp));
	const char *paths[] = {path};
	struct build_options opt;
	build_options_init(&opt, true, ".");
	opt.paths = paths;
	opt.npaths = 1;
	opt.out_dir = tmp;
	opt.formats = FORMAT_CATALOGUE;
	opt.outputs = outs;
	return build_run(&opt);
}

static void remove_dir(const char *tmp)
{
	struct buf cmd;
	buf_init(&cmd);
	buf_printf(&cmd, "rm -rf '%s'", tmp);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_finish(&cmd);
}

static void catalogue__one_pdf_a_language(void **state)
{
	(void)state;
	char tmp[] = "/tmp/deckpress-test-catalogue-XXXXXX";
	struct build_outputs outs = {0};
	assert_int_equal(build("tests/cases/_base/kit", tmp, &outs), EXIT_OK);
	assert_int_equal(outs.count, 2);
	const char *langs[] = {"da", "en"};
	struct buf want;
	buf_init(&want);
	for (size_t i = 0; i < 2; i++) {
		buf_clear(&want);
		buf_printf(&want, "%s/kit/kit.%s.catalogue.pdf", tmp, langs[i]);
		assert_int_equal(outs.items[i].format, FORMAT_CATALOGUE);
		assert_string_equal(outs.items[i].path, buf_str(&want));
		FILE *fp = fopen(buf_str(&want), "rb");
		assert_non_null(fp);
		char head[6] = {0};
		assert_int_equal(fread(head, 1, 5, fp), 5);
		fclose(fp);
		assert_string_equal(head, "%PDF-");
	}
	/* the catalogue alone: no print PDFs or previews of the tools */
	buf_clear(&want);
	buf_printf(&want, "%s/kit/mini.da.print.pdf", tmp);
	struct stat st;
	assert_int_not_equal(stat(buf_str(&want), &st), 0);
	buf_finish(&want);
	build_outputs_finish(&outs);
	remove_dir(tmp);
}

static void catalogue__needs_the_kits_languages(void **state)
{
	(void)state;
	char kit[] = "/tmp/deckpress-test-catalogue-kit-XXXXXX";
	assert_non_null(mkdtemp(kit));
	struct buf cmd;
	buf_init(&cmd);
	/* the test kit without kit.yaml; its deck names its languages */
	buf_printf(
	        &cmd,
	        "mkdir -p '%s/k' && cp -r tests/cases/_base/kit/. '%s/k/' && rm '%s/k/kit.yaml' && "
	        "sed -i 's/^size: poker/languages: [da, en]\\nsize: poker/' '%s/k/deck.yaml'",
	        kit, kit, kit, kit);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_clear(&cmd);
	buf_printf(&cmd, "%s/k", kit);
	char tmp[] = "/tmp/deckpress-test-catalogue-XXXXXX";
	struct build_outputs outs = {0};
	assert_int_equal(build(buf_str(&cmd), tmp, &outs), EXIT_INPUT);
	assert_int_equal(outs.count, 0);
	build_outputs_finish(&outs);
	buf_finish(&cmd);
	remove_dir(tmp);
	remove_dir(kit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(catalogue__one_pdf_a_language),
	        cmocka_unit_test(catalogue__needs_the_kits_languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
