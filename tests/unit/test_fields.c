/* A deck's own fields, expanded on a card's faces: values from a CSV file,
 * per language, in when:, in image paths and in dots, with the numbering
 * and the category counts; from a kit written to a temporary folder and
 * loaded like the CLI does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "layout/card.h"
#include "model/kit.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static const char kit_yaml[] = "kind: kit\nid: k\ntitle: {da: Kit, en: Kit}\nlanguages: [da, en]\n";

static const char deck_yaml[] =
        "kind: deck\n"
        "id: d\n"
        "title: {da: Quiz, en: \"=\"}\n"
        "size: poker\n"
        "template: t\n"
        "fields:\n"
        "  options: {kind: text, markup: [bold]}\n"
        "  answer: {kind: text, required: true}\n"
        "  points: number\n"
        "  code: plain\n"
        "numbering: {special: false}\n"
        "categories:\n"
        "  - {id: a, name: {da: A, en: A}, color: \"#FF0000\"}\n"
        "  - {id: b, name: {da: B, en: B}, color: \"#00FF00\"}\n"
        "special:\n"
        "  - {id: how, title: {da: Sådan, en: How}, text: {da: Læs, en: Read}}\n"
        "cards: {csv: cards.csv}\n";

/* ';' as Excel writes it in Danish; a quoted cell with a line break */
static const char cards_csv[] = "\xEF\xBB\xBFid;category;points;code;text.da;text.en;options.da;"
                                "options.en;answer.da;answer.en\r\n"
                                "Q1;a;2;x-1;Hvad?;What?;\"**A** ja\n**B** nej\";\"**A** yes\n"
                                "**B** no\";A;A\r\n"
                                "Q2;b;;;Sandt?;True?;;;Ja;=\r\n"
                                "Q3;a;3;;Hvem?;Who?;;;Alle;All\r\n";

static const char template_yaml[] =
        "kind: template\n"
        "id: t\n"
        "faces:\n"
        "  front:\n"
        "    - {type: text, id: head, x: 5mm, y: 5mm, w: 53mm, h: 8mm, text: \"{number}/"
        "{number.count} {category.index}/{category.count} {code}\", font: {family: Lato, "
        "size: 8pt}}\n"
        "    - {type: text, id: options, x: 5mm, y: 20mm, w: 53mm, h: 20mm, text: \"{options}\","
        " font: {family: Lato, size: 8pt}}\n"
        "    - {type: text, id: alone, when: {options: \"\"}, x: 5mm, y: 45mm, w: 53mm, h: 20mm,"
        " text: \"{text}\", font: {family: Lato, size: 8pt}}\n"
        "    - {type: image, x: 5mm, y: 70mm, w: 10mm, h: 10mm, src: \"img/{id}.svg\", when: "
        "{category: a}}\n"
        "    - {type: dots, x: 40mm, y: 70mm, w: 15mm, h: 3mm, count: 3, value: \"{points}\"}\n"
        "  back:\n"
        "    - {type: text, id: answer, x: 5mm, y: 5mm, w: 53mm, h: 60mm, text: \"{answer}\", "
        "font: {family: Lato, size: 10pt}}\n";

static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" "
                          "height=\"4\"><rect width=\"4\" height=\"4\"/></svg>\n";

struct fixture {
	char tmp[64];
	char dir[80];
	struct fonts *fonts;
	struct hyphenator *hy;
	struct kit *kit;
	struct diag diag;
};

static void write_file(const char *dir, const char *name, const char *text)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", dir, name);
	FILE *fp = fopen(buf_str(&p), "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	buf_finish(&p);
}

static bool has_family(const char *family, const void *ctx)
{
	return fonts_has_family(ctx, family);
}

static void make_dir(const char *dir, const char *name)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", dir, name);
	mkdir(buf_str(&p), 0777);
	buf_finish(&p);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	snprintf(f->tmp, sizeof(f->tmp), "/tmp/deckpress-fields-XXXXXX");
	if (!mkdtemp(f->tmp))
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/k", f->tmp);
	mkdir(f->dir, 0777);
	make_dir(f->dir, "templates");
	make_dir(f->dir, "img");
	write_file(f->dir, "kit.yaml", kit_yaml);
	write_file(f->dir, "deck.yaml", deck_yaml);
	write_file(f->dir, "cards.csv", cards_csv);
	write_file(f->dir, "templates/t.yaml", template_yaml);
	write_file(f->dir, "img/Q1.svg", svg);
	write_file(f->dir, "img/Q3.svg", svg);
	diag_init(&f->diag);
	if (!fonts_create(&f->fonts, "fonts", &f->diag))
		return -1;
	f->hy = hyphenator_create(NULL);
	size_t n;
	const char *const *fam = fonts_get_families(f->fonts, &n);
	struct kit_env env = {.templates_dir = "/nonexistent",
	                      .profiles_dir = "/nonexistent",
	                      .phrases_dir = "templates/i18n",
	                      .has_family = has_family,
	                      .families = fam,
	                      .nfamilies = n,
	                      .fonts_ctx = f->fonts};
	if (!kit_load(&f->kit, f->dir, NULL, &env, &f->diag)) {
		diag_flush(&f->diag, stderr);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	kit_destroy(f->kit);
	fonts_destroy(f->fonts);
	hyphenator_destroy(f->hy);
	diag_finish(&f->diag);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->tmp);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static const struct deck *deck(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->kit->ndecks, 1);
	return f->kit->decks[0];
}

static struct face_layout lay(void **state, size_t card, enum face_kind face, size_t lang)
{
	struct fixture *f = *state;
	struct face_layout fl;
	const struct deck *d = deck(state);
	assert_true(layout_card_face(&fl, d, &d->cards[card], face, lang,
	                             fonts_get_context(f->fonts), f->hy, NULL, &f->diag));
	assert_false(diag_has_errors(&f->diag));
	return fl;
}

/* The text of the item an element called name made, or NULL. */
static const char *text_of(const struct face_layout *fl, const char *name)
{
	for (size_t i = 0; i < fl->count; i++)
		if (fl->items[i].type == ELEM_TEXT && strcmp(fl->items[i].name, name) == 0)
			return fl->items[i].rich.text;
	return NULL;
}

static const struct lay_item *item_of(const struct face_layout *fl, enum elem_type type)
{
	for (size_t i = 0; i < fl->count; i++)
		if (fl->items[i].type == type)
			return &fl->items[i];
	return NULL;
}

static void fields__cards_come_from_the_csv_file(void **state)
{
	const struct deck *d = deck(state);
	assert_int_equal(d->nfields, 4);
	assert_int_equal(d->ncards, 4);
	const struct card *q1 = &d->cards[1];
	assert_string_equal(q1->id, "Q1");
	assert_string_equal(ltext_get(&q1->text, 1), "What?");
	int options = deck_find_field(d, "options");
	assert_true(options >= 0);
	assert_string_equal(ltext_get(&q1->values[options].text, 0), "**A** ja\n**B** nej");
	assert_int_equal(q1->values[options].mark.line, 2);
	assert_int_equal(q1->values[options].mark.col, 7);
	assert_false(d->cards[2].values[options].set);
}

static void fields__numbering_and_category_counts(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_FRONT, 0);
	assert_string_equal(text_of(&fl, "head"), "1/3 1/2 x-1");
	face_layout_finish(&fl);
	fl = lay(state, 3, FACE_FRONT, 0);
	assert_string_equal(text_of(&fl, "head"), "3/3 2/2 ");
	face_layout_finish(&fl);
	fl = lay(state, 0, FACE_FRONT, 0); /* the special card: no number, no category */
	assert_string_equal(text_of(&fl, "head"), "/3 / ");
	face_layout_finish(&fl);
}

static void fields__own_text_field_per_language_with_markup(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_FRONT, 1);
	const struct lay_item *it = item_of(&fl, ELEM_TEXT);
	assert_non_null(it);
	assert_string_equal(text_of(&fl, "options"), "A yes\nB no");
	assert_null(text_of(&fl, "alone")); /* when: {options: ""} */
	face_layout_finish(&fl);
	fl = lay(state, 2, FACE_FRONT, 1);
	assert_string_equal(text_of(&fl, "alone"), "True?");
	face_layout_finish(&fl);
}

static void fields__each_back_shows_its_cards_answer(void **state)
{
	struct face_layout fl = lay(state, 2, FACE_BACK, 1);
	assert_string_equal(text_of(&fl, "answer"), "Ja"); /* "=": the source's */
	face_layout_finish(&fl);
	fl = lay(state, 3, FACE_BACK, 1);
	assert_string_equal(text_of(&fl, "answer"), "All");
	face_layout_finish(&fl);
}

static void fields__image_path_expands_per_card(void **state)
{
	struct face_layout fl = lay(state, 3, FACE_FRONT, 0);
	const struct lay_item *img = item_of(&fl, ELEM_IMAGE);
	assert_non_null(img);
	const char *tail = "/k/img/Q3.svg";
	assert_string_equal(img->image + strlen(img->image) - strlen(tail), tail);
	face_layout_finish(&fl);
	fl = lay(state, 2, FACE_FRONT, 0); /* category b: the element is left out */
	assert_null(item_of(&fl, ELEM_IMAGE));
	face_layout_finish(&fl);
}

static void fields__dots_count_a_number_field(void **state)
{
	struct face_layout fl = lay(state, 3, FACE_FRONT, 0);
	const struct lay_item *dots = item_of(&fl, ELEM_DOTS);
	assert_non_null(dots);
	assert_int_equal(dots->dot_filled, 3);
	face_layout_finish(&fl);
	fl = lay(state, 2, FACE_FRONT, 0); /* no points: no dots */
	assert_null(item_of(&fl, ELEM_DOTS));
	face_layout_finish(&fl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fields__cards_come_from_the_csv_file),
	        cmocka_unit_test(fields__numbering_and_category_counts),
	        cmocka_unit_test(fields__own_text_field_per_language_with_markup),
	        cmocka_unit_test(fields__each_back_shows_its_cards_answer),
	        cmocka_unit_test(fields__image_path_expands_per_card),
	        cmocka_unit_test(fields__dots_count_a_number_field),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
