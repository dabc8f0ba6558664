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
#include "model/item.h"
#include "util/buf.h"
#include "util/exitcode.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static void build__formats_are_read_from_the_table(void **state)
{
	(void)state;
	unsigned f = 0;
	struct buf msg;
	buf_init(&msg);
	assert_true(build_parse_formats("print,tiles", &f, &msg));
	assert_int_equal(f, FORMAT_PRINT | FORMAT_TILES);
	size_t n;
	const struct build_format *all = build_get_formats(&n);
	for (size_t i = 0; i < n; i++) {
		assert_true(build_parse_formats(all[i].name, &f, &msg));
		assert_int_equal(f, all[i].flag);
	}
	assert_int_equal(msg.len, 0);
	buf_finish(&msg);
}

static void build__unknown_format_is_named_with_a_hint_or_the_list(void **state)
{
	(void)state;
	unsigned f;
	struct buf msg;
	buf_init(&msg);
	assert_false(build_parse_formats("print,pdf", &f, &msg));
	assert_string_equal(buf_str(&msg), "unknown format 'pdf'; did you mean 'pdfx'?");
	buf_clear(&msg);
	assert_false(build_parse_formats("print,", &f, &msg));
	assert_string_equal(buf_str(&msg),
	                    "unknown format ''; expected print, png, sheets, tiles, pdfx, proof, "
	                    "catalogue, web or box");
	buf_finish(&msg);
}

static void build__formats_belong_to_kinds(void **state)
{
	(void)state;
	assert_true(build_formats_of_kind(KIND_DECK) & FORMAT_SHEETS);
	assert_false(build_formats_of_kind(KIND_BOARD) & FORMAT_SHEETS);
	assert_true(build_formats_of_kind(KIND_BOARD) & FORMAT_TILES);
	assert_true(build_formats_of_kind(KIND_DOCUMENT) & FORMAT_PDFX);
	assert_int_equal(build_formats_of_kind(KIND_TEMPLATE), 0);
	struct profile pr = {.pdfx = true};
	assert_int_equal(build_formats_for(FORMAT_PRINT, &pr), FORMAT_PRINT | FORMAT_PDFX);
	assert_int_equal(build_formats_for(FORMAT_PNG, &pr), FORMAT_PNG);
	/* the kit's catalogue and web edition are made once a kit; the web
	 * edition shows the print PDFs, the PNG previews and the catalogue */
	assert_int_equal(build_formats_of_kind(KIND_KIT), FORMAT_CATALOGUE | FORMAT_WEB);
	assert_false(build_formats_of_kind(KIND_DECK) & (FORMAT_CATALOGUE | FORMAT_WEB));
	pr.pdfx = false;
	assert_int_equal(build_formats_for(FORMAT_WEB, &pr),
	                 FORMAT_WEB | FORMAT_PRINT | FORMAT_PNG | FORMAT_CATALOGUE);
	assert_int_equal(build_formats_for(FORMAT_CATALOGUE, &pr), FORMAT_CATALOGUE);
}

static void build__options_parse_paper_gap_and_dpi(void **state)
{
	(void)state;
	struct build_options opt;
	build_options_init(&opt, true, ".");
	assert_string_equal(opt.paper_name, "a4");
	assert_true(opt.paper_w > 595 && opt.paper_w < 596);
	assert_true(build_set_paper(&opt, "letter"));
	assert_float_equal(opt.paper_w, 612, 0.01);
	assert_false(build_set_paper(&opt, "a5"));
	assert_true(build_parse_gap(&opt, "0mm"));
	assert_float_equal(opt.gap, 0, 0);
	assert_false(build_parse_gap(&opt, "-1mm"));
	assert_false(build_parse_gap(&opt, "6"));
	assert_true(build_parse_dpi(&opt, "150"));
	assert_float_equal(opt.dpi, 150, 0);
	assert_false(build_parse_dpi(&opt, "71"));
}

/* A build lists every file it writes, and writes each. */
static void build__run_lists_what_it_writes(void **state)
{
	(void)state;
	char tmp[] = "/tmp/deckpress-test-build-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	const char *paths[] = {"tests/cases/_base/kit"};
	const char *langs[] = {"en"};
	struct build_outputs outs = {0};
	struct build_options opt;
	build_options_init(&opt, true, ".");
	opt.paths = paths;
	opt.npaths = 1;
	opt.langs = langs;
	opt.nlangs = 1;
	opt.out_dir = tmp;
	opt.formats = FORMAT_PRINT | FORMAT_PNG;
	opt.dpi = 72;
	opt.outputs = &outs;
	assert_int_equal(build_run(&opt), EXIT_OK);
	assert_int_equal(outs.count, 4);
	struct buf want;
	buf_init(&want);
	buf_printf(&want, "%s/kit/mini.en.print.pdf", tmp);
	assert_int_equal(outs.items[0].format, FORMAT_PRINT);
	assert_string_equal(outs.items[0].path, buf_str(&want));
	buf_clear(&want);
	buf_printf(&want, "%s/kit/png/mini.en/", tmp);
	assert_int_equal(outs.items[1].format, FORMAT_PNG);
	assert_string_equal(outs.items[1].path, buf_str(&want));
	buf_clear(&want);
	buf_printf(&want, "%s/kit/mini.print-spec.json", tmp);
	assert_string_equal(outs.items[3].path, buf_str(&want));
	for (size_t i = 0; i < outs.count; i++) {
		struct stat st;
		assert_int_equal(stat(outs.items[i].path, &st), 0);
	}
	build_outputs_finish(&outs);
	assert_int_equal(outs.count, 0);
	buf_clear(&want);
	buf_printf(&want, "rm -rf '%s'", tmp);
	assert_int_equal(system(buf_str(&want)), 0);
	buf_finish(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(build__formats_are_read_from_the_table),
	        cmocka_unit_test(build__unknown_format_is_named_with_a_hint_or_the_list),
	        cmocka_unit_test(build__formats_belong_to_kinds),
	        cmocka_unit_test(build__options_parse_paper_gap_and_dpi),
	        cmocka_unit_test(build__run_lists_what_it_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
