/* Tool metadata (model/about): the 'about:' of a deck, board or document
 * read into ranges, a level and texts, with every problem reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/about.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static const char *const codes[] = {"da", "en"};

struct fixture {
	struct yml_doc *doc;
	struct arena arena;
	struct diag diag;
	struct reader r;
	struct about about;
	bool ok;
	char *out; /* what diag printed */
};

/* Reads text, a mapping holding 'about:', in da and en. */
static void read_text(struct fixture *f, const char *text)
{
	diag_init(&f->diag);
	arena_init(&f->arena);
	assert_true(yml_load_buffer(&f->doc, "t.yaml", text, strlen(text), &f->diag));
	f->r = (struct reader){.d = &f->diag, .arena = &f->arena, .langs = {codes, 2}};
	f->ok = about_read(&f->about, &f->r, f->doc->root, "deck", "mini");
	size_t len = 0;
	FILE *fp = open_memstream(&f->out, &len);
	assert_non_null(fp);
	diag_flush(&f->diag, fp);
	assert_int_equal(fclose(fp), 0);
}

static void finish(struct fixture *f)
{
	free(f->out);
	yml_doc_destroy(f->doc);
	arena_finish(&f->arena);
	diag_finish(&f->diag);
}

static void about__reads_every_field(void **state)
{
	(void)state;
	struct fixture f;
	read_text(&f, "about:\n"
	              "  theme: {da: Dialog, en: Dialogue}\n"
	              "  purpose: {da: At tale, en: To talk}\n"
	              "  description: Kort\n"
	              "  duration: 30-45\n"
	              "  group: 6\n"
	              "  level: advanced\n"
	              "  materials: [{da: Et ur, en: A timer}, Post-its]\n");
	assert_true(f.ok);
	assert_string_equal(f.out, "");
	assert_true(f.about.present);
	assert_string_equal(ltext_get(&f.about.theme, 1), "Dialogue");
	assert_string_equal(ltext_get(&f.about.description, 0), "Kort");
	assert_int_equal(f.about.minutes.min, 30);
	assert_int_equal(f.about.minutes.max, 45);
	assert_int_equal(f.about.group.min, 6);
	assert_int_equal(f.about.group.max, 6);
	assert_int_equal(f.about.level, ABOUT_LEVEL_ADVANCED);
	assert_int_equal(f.about.nmaterials, 2);
	assert_string_equal(ltext_get(&f.about.materials[1], 1), "Post-its");
	struct buf b;
	buf_init(&b);
	about_format_range(&f.about.minutes, &b);
	buf_puts(&b, " ");
	about_format_range(&f.about.group, &b);
	assert_string_equal(buf_str(&b), "30-45 6");
	buf_finish(&b);
	finish(&f);
}

static void about__none_is_empty_and_silent(void **state)
{
	(void)state;
	struct fixture f;
	read_text(&f, "id: mini\n");
	assert_true(f.ok);
	assert_false(f.about.present);
	assert_int_equal(f.about.minutes.min, 0);
	assert_string_equal(f.out, "");
	finish(&f);
}

static void about__reports_bad_ranges_and_level(void **state)
{
	(void)state;
	struct fixture f;
	read_text(&f, "about:\n"
	              "  purpose: P\n"
	              "  description: D\n"
	              "  duration: 0\n"
	              "  group: 6-3\n"
	              "  level: intermediat\n");
	assert_false(f.ok);
	assert_string_equal(
	        f.out,
	        "t.yaml:4:13: error: invalid duration '0'; write a whole number from 1 to 10080, "
	        "or a range such as 30-45 (minutes)\n"
	        "t.yaml:5:10: error: group size '6-3' starts above where it ends; write the "
	        "smaller number first\n"
	        "t.yaml:6:10: error: unknown level 'intermediat'; did you mean 'intermediate'?\n");
	finish(&f);
}

static void about__warns_about_missing_fields(void **state)
{
	(void)state;
	struct fixture f;
	read_text(&f, "about:\n  theme: T\n  duration: 5\n");
	assert_true(f.ok);
	assert_string_equal(f.out, "t.yaml:2:3: warning: 'about' of deck 'mini' has no 'purpose', "
	                           "'description' or 'group'; the catalogue shows only what is "
	                           "given\n");
	finish(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(about__reads_every_field),
	        cmocka_unit_test(about__none_is_empty_and_silent),
	        cmocka_unit_test(about__reports_bad_ranges_and_level),
	        cmocka_unit_test(about__warns_about_missing_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
