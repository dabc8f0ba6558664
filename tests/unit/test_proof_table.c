#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layout/proof_table.h"
#include "typeset/fonts.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/mem.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static const char *const codes[] = {"da", "en"};

struct fixture {
	struct diag diag;
	struct fonts *fonts;
	struct phrasebook *phrases;
	struct rich text;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	diag_init(&f->diag);
	if (!fonts_create(&f->fonts, "fonts", &f->diag))
		return -1;
	if (!phrasebook_load(&f->phrases, "templates/i18n", NULL, &f->diag))
		return -1;
	rich_init(&f->text);
	const char *err;
	size_t off;
	if (!markup_parse(&f->text, "**Hej** verden", 0, &err, &off))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	rich_finish(&f->text);
	fonts_destroy(f->fonts);
	phrasebook_destroy(f->phrases);
	diag_finish(&f->diag);
	free(f);
	return 0;
}

static void add_rows(struct fixture *f, struct proof_table *t, int n)
{
	for (int i = 0; i < n; i++) {
		struct proof_cell *cells = xcalloc(2, sizeof(*cells));
		cells[0].rich = &f->text;
		snprintf(cells[0].note, sizeof(cells[0].note), "set at 9 pt");
		snprintf(cells[1].note, sizeof(cells[1].note), "MISSING");
		cells[1].bad = true;
		char label[32];
		snprintf(label, sizeof(label), "T%02d\nfront · text", i);
		proof_table_add_row(t, label, cells);
	}
}

/* Every page's dump, concatenated. */
static char *dump_pages(struct dlist *pages, size_t n)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++)
		dlist_dump(&pages[i], &b);
	return buf_detach(&b);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void proof_table__rows_are_measured_and_cells_marked(void **state)
{
	struct fixture *f = *state;
	struct proof_table t;
	proof_table_init(&t, "deck", codes, 2, f->phrases, "en", fonts_get_context(f->fonts));
	add_rows(f, &t, 1);
	assert_int_equal(t.nrows, 1);
	assert_true(t.rows[0].height > 9.5);
	struct dlist *pages;
	size_t n;
	proof_table_compose(&t, "Kort", &pages, &n);
	assert_int_equal(n, 1);
	char *d = dump_pages(pages, n);
	assert_non_null(strstr(d, "\"Translation proof: Kort (deck)\""));
	assert_non_null(strstr(d, "\"1 / 1\""));
	assert_non_null(strstr(d, "cell-markup #1a1a1a \"Hej verden\""));
	assert_non_null(strstr(d, "cell #999999 \"(empty)\""));
	assert_non_null(strstr(d, "cell #cc0d0d \"MISSING\"")); /* the problem in red */
	free(d);
	for (size_t i = 0; i < n; i++)
		dlist_finish(&pages[i]);
	free(pages);
	proof_table_finish(&t);
}

static void proof_table__rows_never_split_and_every_page_has_a_header(void **state)
{
	struct fixture *f = *state;
	struct proof_table t;
	proof_table_init(&t, "deck", codes, 2, f->phrases, "en", fonts_get_context(f->fonts));
	add_rows(f, &t, 40);
	struct dlist *pages;
	size_t n;
	proof_table_compose(&t, "Kort", &pages, &n);
	assert_true(n > 1);
	char *d = dump_pages(pages, n);
	assert_int_equal(count_of(d, "Translation proof:"), n);
	assert_int_equal(count_of(d, "\"Hej verden\""), 40);
	char last[32];
	snprintf(last, sizeof(last), "\"%zu / %zu\"", n, n);
	assert_non_null(strstr(d, last));
	free(d);
	for (size_t i = 0; i < n; i++)
		dlist_finish(&pages[i]);
	free(pages);
	proof_table_finish(&t);
}

/* The proof's own words are the phrasebook's, in the language it is given. */
static void proof_table__headings_come_from_the_phrasebook(void **state)
{
	struct fixture *f = *state;
	struct proof_table t;
	proof_table_init(&t, "deck", codes, 2, f->phrases, "da", fonts_get_context(f->fonts));
	struct proof_cell *cells = xcalloc(2, sizeof(*cells));
	proof_table_add_row(&t, "T01\nforside · text", cells);
	struct dlist *pages;
	size_t n;
	proof_table_compose(&t, "Kort", &pages, &n);
	char *d = dump_pages(pages, n);
	assert_non_null(strstr(d, "\"Oversættelseskorrektur: Kort (deck)\""));
	assert_non_null(strstr(d, "\"hvor\""));
	assert_non_null(strstr(d, "\"(tom)\""));
	assert_null(strstr(d, "Translation proof"));
	free(d);
	for (size_t i = 0; i < n; i++)
		dlist_finish(&pages[i]);
	free(pages);
	proof_table_finish(&t);
}

/* A board's or document's texts: a row per language map, in the table's
 * columns; "=" reads as the source, a missing language is marked, and a
 * text that reads the same in every language is left out. */
static void proof_table__item_texts_become_rows(void **state)
{
	struct fixture *f = *state;
	static const char *const item_codes[] = {"da", "en"};
	const char *title[] = {"Spil", "Game"}, *same[] = {"Q1", "Q1"}, *half[] = {"Hej", NULL},
	           *eq[] = {"Gå", "="};
	struct item_text texts[] = {
	        {.owner = "board", .field = "title", .s = title},
	        {.owner = "timeline", .field = "ticks", .s = same},
	        {.owner = "zone z", .field = "label", .s = half},
	        {.owner = "zone y", .field = "label", .s = eq},
	};
	struct kit_item it = {.kind = KIND_BOARD,
	                      .id = "b",
	                      .langs = {item_codes, 2},
	                      .texts = texts,
	                      .ntexts = sizeof(texts) / sizeof(texts[0])};
	struct proof_table t;
	proof_table_init(&t, "b", codes, 2, f->phrases, "en", fonts_get_context(f->fonts));
	proof_table_add_item(&t, &it);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[0].label, "board\ntitle");
	assert_string_equal(t.rows[0].cells[0].rich->text, "Spil");
	assert_string_equal(t.rows[0].cells[1].rich->text, "Game");
	assert_string_equal(t.rows[1].label, "zone z\nlabel");
	assert_false(t.rows[1].cells[0].bad);
	assert_null(t.rows[1].cells[1].rich);
	assert_string_equal(t.rows[1].cells[1].note, "MISSING");
	assert_true(t.rows[1].cells[1].bad);
	proof_table_finish(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(proof_table__rows_are_measured_and_cells_marked),
	        cmocka_unit_test(proof_table__rows_never_split_and_every_page_has_a_header),
	        cmocka_unit_test(proof_table__headings_come_from_the_phrasebook),
	        cmocka_unit_test(proof_table__item_texts_become_rows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
