#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "build/build.h"
#include "build/item.h"
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

/* Builds the kit at path into out with profile (may be NULL) and formats,
 * each deck kept from prepare to render (keep_faces 0: the default, which
 * the test kits are under) or drawn while it is laid out (keep_faces 1);
 * with err, its messages go to that file. Returns the exit code. */
static int build_with(const char *path, const char *out, const char *profile, unsigned formats,
                      size_t keep_faces, const char *err)
{
	const char *paths[] = {path};
	struct build_options opt;
	build_options_init(&opt, true, ".");
	opt.paths = paths;
	opt.npaths = 1;
	opt.out_dir = out;
	opt.formats = formats;
	opt.profile = profile;
	opt.dpi = 36;
	opt.jobs = 1;
	fflush(stderr);
	int saved = err ? dup(2) : -1;
	if (err) {
		int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		assert_true(saved >= 0 && fd >= 0);
		dup2(fd, 2);
		close(fd);
	}
	deck_set_keep_faces(keep_faces);
	int code = build_run(&opt);
	deck_set_keep_faces(0);
	fflush(stderr);
	if (err) {
		dup2(saved, 2);
		close(saved);
	}
	return code;
}

/* The sample kit into dir/name (build_with()). */
static void build_sample(const char *dir, const char *name, const char *profile, unsigned formats,
                         size_t keep_faces)
{
	struct buf out;
	buf_init(&out);
	buf_printf(&out, "%s/%s", dir, name);
	assert_int_equal(build_with("decks/social-kapital", buf_str(&out), profile, formats,
	                            keep_faces, NULL),
	                 EXIT_OK);
	buf_finish(&out);
}

/* A deck too large to keep its faces (drawn while laid out, its other
 * outputs laid out again from what fitting decided) makes the same bytes
 * as a kept one, in every order of fronts and backs. */
static void build__large_deck_path_writes_the_same_bytes(void **state)
{
	(void)state;
	char tmp[] = "/tmp/deckpress-test-large-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	static const struct {
		const char *profile;
		unsigned formats;
	} runs[] = {
	        {"eu", FORMAT_PRINT | FORMAT_PROOF | FORMAT_SHEETS},
	        {"us", FORMAT_PRINT | FORMAT_PNG},        /* back first */
	        {"eu-marks", FORMAT_PRINT | FORMAT_PDFX}, /* split, marks */
	};
	struct buf cmd;
	buf_init(&cmd);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		buf_clear(&cmd);
		buf_printf(&cmd, "rm -rf '%s'/kept '%s'/drawn", tmp, tmp);
		assert_int_equal(system(buf_str(&cmd)), 0);
		build_sample(tmp, "kept", runs[i].profile, runs[i].formats, 0);
		build_sample(tmp, "drawn", runs[i].profile, runs[i].formats, 1);
		buf_clear(&cmd);
		buf_printf(&cmd, "diff -r -x .deckpress-cache '%s/kept' '%s/drawn' >&2", tmp, tmp);
		assert_int_equal(system(buf_str(&cmd)), 0);
	}
	buf_clear(&cmd);
	buf_printf(&cmd, "rm -rf '%s'", tmp);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_finish(&cmd);
}

/* The kit at dir/kit into dir/out, its messages into dir/<err>
 * (build_with()). */
static int build_case(const char *dir, unsigned formats, size_t keep_faces, const char *err)
{
	struct buf kit, out, log;
	buf_init(&kit);
	buf_init(&out);
	buf_init(&log);
	buf_printf(&kit, "%s/kit", dir);
	buf_printf(&out, "%s/out", dir);
	buf_printf(&log, "%s/%s", dir, err);
	int code =
	        build_with(buf_str(&kit), buf_str(&out), NULL, formats, keep_faces, buf_str(&log));
	buf_finish(&kit);
	buf_finish(&out);
	buf_finish(&log);
	return code;
}

/* A kit with errors whose decks are drawn while laid out reports the same
 * messages in the same order as one whose decks are kept, and writes the
 * same files: none but the proof, whether the error is the deck's own or
 * another item's found after the deck was drawn. */
static void build__large_deck_path_reports_the_same_and_writes_nothing(void **state)
{
	(void)state;
	static const char *const cases[] = {"text-does-not-fit", "board-text-does-not-fit",
	                                    "doc-never-fits"};
	char tmp[] = "/tmp/deckpress-test-large-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	struct buf cmd;
	buf_init(&cmd);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_clear(&cmd);
		buf_printf(&cmd, "rm -rf '%s'/* && cp -r tests/cases/_base/. tests/cases/%s/. '%s'",
		           tmp, cases[i], tmp);
		assert_int_equal(system(buf_str(&cmd)), 0);
		int kept = build_case(tmp, FORMAT_PRINT | FORMAT_PROOF, 0, "kept.err");
		assert_int_not_equal(kept, EXIT_OK);
		buf_clear(&cmd);
		buf_printf(&cmd, "mv '%s/out' '%s/out-kept'", tmp, tmp);
		assert_int_equal(system(buf_str(&cmd)), 0);
		assert_int_equal(build_case(tmp, FORMAT_PRINT | FORMAT_PROOF, 1, "drawn.err"),
		                 kept);
		buf_clear(&cmd);
		buf_printf(&cmd,
		           "cd '%s' && diff kept.err drawn.err >&2 && test -s kept.err && "
		           "diff -r -x .deckpress-cache out-kept out >&2 && "
		           "test -z \"$(find out -name '*print.pdf')\"",
		           tmp);
		assert_int_equal(system(buf_str(&cmd)), 0);
	}
	buf_clear(&cmd);
	buf_printf(&cmd, "rm -rf '%s'", tmp);
	assert_int_equal(system(buf_str(&cmd)), 0);
	buf_finish(&cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(build__formats_are_read_from_the_table),
	        cmocka_unit_test(build__unknown_format_is_named_with_a_hint_or_the_list),
	        cmocka_unit_test(build__formats_belong_to_kinds),
	        cmocka_unit_test(build__options_parse_paper_gap_and_dpi),
	        cmocka_unit_test(build__run_lists_what_it_writes),
	        cmocka_unit_test(build__large_deck_path_writes_the_same_bytes),
	        cmocka_unit_test(build__large_deck_path_reports_the_same_and_writes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
