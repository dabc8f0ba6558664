/* Kit loading: every file parsed once into an item of its kind, one id
 * registry per kit, and the texts the summary and the proofs read. Each
 * test writes a kit to a temporary folder and loads it like the CLI does. */
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

#include "model/kit.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static const char kit_yaml[] = "kind: kit\nid: k\ntitle: {da: Kit, en: Kit}\nlanguages: [da, en]\n";

static const char board_yaml[] =
        "kind: board\n"
        "id: intro\n"
        "title: {da: Spil, en: Game}\n"
        "size: a4\n"
        "zones:\n"
        "  - {id: lager, label: {da: Lager, en: Store}, x: 20mm, y: 60mm, w: 150mm, h: 60mm}\n";

/* quoted kind: valid YAML, the same kind */
static const char document_yaml[] = "kind: \"document\"\n"
                                    "id: %s\n"
                                    "title: {da: Introduktion%s}\n"
                                    "page: {size: a5}\n"
                                    "blocks:\n"
                                    "  - {type: title}\n";

struct fixture {
	char tmp[64]; /* a temporary folder holding the kit folder k/ */
	char dir[80];
	const char *files[4];
	size_t nfiles;
	struct kit *kit;
	struct diag diag;
};

static void write_file(struct fixture *f, const char *name, const char *text)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", f->dir, name);
	FILE *fp = fopen(buf_str(&p), "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	buf_finish(&p);
	f->files[f->nfiles++] = name;
}

/* A document with id and, unless with_en, no English title. */
static void write_document(struct fixture *f, const char *name, const char *id, bool with_en)
{
	struct buf text;
	buf_init(&text);
	buf_printf(&text, document_yaml, id, with_en ? ", en: Introduction" : "");
	write_file(f, name, buf_str(&text));
	buf_finish(&text);
}

static bool load(struct fixture *f)
{
	struct kit_env env = {.templates_dir = "/nonexistent",
	                      .profiles_dir = "/nonexistent",
	                      .phrases_dir = "templates/i18n"};
	return kit_load(&f->kit, f->dir, NULL, &env, &f->diag);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	snprintf(f->tmp, sizeof(f->tmp), "/tmp/deckpress-kit-XXXXXX");
	if (!mkdtemp(f->tmp))
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/k", f->tmp);
	mkdir(f->dir, 0777);
	diag_init(&f->diag);
	write_file(f, "kit.yaml", kit_yaml);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	kit_destroy(f->kit);
	diag_finish(&f->diag);
	for (size_t i = 0; i < f->nfiles; i++) {
		struct buf p;
		buf_init(&p);
		buf_printf(&p, "%s/%s", f->dir, f->files[i]);
		unlink(buf_str(&p));
		buf_finish(&p);
	}
	rmdir(f->dir);
	rmdir(f->tmp);
	free(f);
	return 0;
}

static void kit__reads_every_file_into_an_item_of_its_kind(void **state)
{
	struct fixture *f = *state;
	write_file(f, "board.yaml", board_yaml);
	write_document(f, "script.yaml", "script", true);
	assert_true(load(f));
	assert_int_equal(f->diag.len, 0);
	assert_int_equal(f->kit->nitems, 2);
	assert_int_equal(f->kit->items[0].kind, KIND_BOARD);
	assert_string_equal(f->kit->items[0].id, "intro");
	assert_ptr_equal(f->kit->items[0].as.board, f->kit->boards[0]);
	assert_int_equal(f->kit->items[1].kind, KIND_DOCUMENT);
	assert_ptr_equal(f->kit->items[1].as.document, f->kit->documents[0]);
	assert_int_equal(f->kit->nboards, 1);
	assert_int_equal(f->kit->ndocuments, 1);
}

static void kit__refuses_a_board_and_a_document_with_one_id(void **state)
{
	struct fixture *f = *state;
	write_file(f, "board.yaml", board_yaml);
	write_document(f, "intro.yaml", "intro", true);
	load(f);
	assert_non_null(f->kit);
	assert_int_equal(f->diag.errors, 1);
	struct buf want;
	buf_init(&want);
	buf_printf(
	        &want,
	        "duplicate id 'intro' (also the id of the board at %s/board.yaml:2:5); their files "
	        "in out/ would clash",
	        f->dir);
	assert_string_equal(f->diag.entries[0].message, buf_str(&want));
	assert_int_equal(f->diag.entries[0].mark.line, 2);
	buf_finish(&want);
}

static void kit__reports_a_missing_translation_by_item(void **state)
{
	struct fixture *f = *state;
	write_document(f, "script.yaml", "script", false);
	load(f);
	assert_non_null(f->kit);
	assert_int_equal(f->diag.len, 1);
	assert_string_equal(f->diag.entries[0].message,
	                    "'title' of script in script has no 'en' translation");
	const struct kit_item *it = &f->kit->items[0];
	assert_non_null(it->as.document); /* read: only the languages built need it */
	assert_int_equal(it->ntexts, 1);
	assert_string_equal(it->texts[0].owner, "script");
	assert_string_equal(it->texts[0].field, "title");
	assert_string_equal(it->texts[0].s[0], "Introduktion");
	assert_null(it->texts[0].s[1]); /* missing: the summary lists it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(kit__reads_every_file_into_an_item_of_its_kind,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(kit__refuses_a_board_and_a_document_with_one_id,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(kit__reports_a_missing_translation_by_item, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
