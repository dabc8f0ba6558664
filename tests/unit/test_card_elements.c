/* The element side of card layout: lengths in % of the trim, the sizes a
 * template is made for, turned texts and images, and QR codes, from a kit
 * written to a temporary folder and loaded like the CLI does. */
#include <math.h>
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

#include "layout/card.h"
#include "model/kit.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM(x) ((x)*72.0 / 25.4)

static const char kit_yaml[] = "kind: kit\nid: k\ntitle: {da: Kit, en: Kit}\nlanguages: [da, en]\n";

/* The same template on two decks of different sizes. */
static const char deck_fmt[] =
        "kind: deck\n"
        "id: %s\n"
        "title: {da: Kort, en: Cards}\n"
        "size: %s\n"
        "template: t\n"
        "types:\n"
        "  question: {label: {da: Spørgsmål, en: Question}}\n"
        "categories:\n"
        "  - {id: c, name: {da: Tillid, en: Trust}, color: \"#FF0000\"}\n"
        "cards:\n"
        "  - {id: K01, category: c, type: question, text: {da: Hej, en: Hello}}\n";

static const char template_yaml[] =
        "kind: template\n"
        "id: t\n"
        "sizes: [poker, a6, square]\n"
        "faces:\n"
        "  front:\n"
        "    - {type: rect, x: 0%, y: 0%, w: 100%, h: 25%, fill: \"#00FF00\", bleed: true}\n"
        "    - {type: line, x1: 10%, y1: 50%, x2: 90%, y2: 50%}\n"
        "    - {type: text, id: body, x: 10%, y: 30%, w: 80%, h: 15%, text: \"{text}\", font: "
        "{family: Lato, size: 9pt}}\n"
        "    - {type: text, id: side, x: 75%, y: 60%, w: 10mm, h: 30%, rotate: 90, text: "
        "\"{id}\", font: {family: Lato, size: 9pt}}\n"
        "    - {type: text, id: corner, x: 10%, y: 60%, w: 10mm, h: 8mm, rotate: 180, text: "
        "\"{id}\", font: {family: Lato, size: 9pt}}\n"
        "    - {type: qr, x: 35%, y: 60%, w: 30mm, h: 30%, data: \"https://example.org/{id}\"}\n"
        "  back:\n"
        "    - {type: rect, x: 0mm, y: 0mm, w: 100%, h: 100%, fill: \"#0000FF\", bleed: true}\n";

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

static void write_deck(const char *dir, const char *id, const char *size)
{
	struct buf name, text;
	buf_init(&name);
	buf_init(&text);
	buf_printf(&name, "%s.yaml", id);
	buf_printf(&text, deck_fmt, id, size);
	write_file(dir, buf_str(&name), buf_str(&text));
	buf_finish(&name);
	buf_finish(&text);
}

static bool has_family(const char *family, const void *ctx)
{
	return fonts_has_family(ctx, family);
}

/* Loads the kit in f->dir; false with the findings in f->diag. */
static bool load(struct fixture *f)
{
	size_t n;
	const char *const *fam = fonts_get_families(f->fonts, &n);
	struct kit_env env = {.templates_dir = "/nonexistent",
	                      .profiles_dir = "/nonexistent",
	                      .phrases_dir = "templates/i18n",
	                      .has_family = has_family,
	                      .families = fam,
	                      .nfamilies = n,
	                      .fonts_ctx = f->fonts};
	return kit_load(&f->kit, f->dir, NULL, &env, &f->diag);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	strcpy(f->tmp, "/tmp/deckpress-elements-XXXXXX");
	if (!mkdtemp(f->tmp))
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/k", f->tmp);
	mkdir(f->dir, 0777);
	struct buf t;
	buf_init(&t);
	buf_printf(&t, "%s/templates", f->dir);
	mkdir(buf_str(&t), 0777);
	buf_finish(&t);
	write_file(f->dir, "kit.yaml", kit_yaml);
	write_deck(f->dir, "poker", "poker");
	write_deck(f->dir, "big", "a6");
	write_file(f->dir, "templates/t.yaml", template_yaml);
	diag_init(&f->diag);
	if (!fonts_create(&f->fonts, "fonts", &f->diag))
		return -1;
	f->hy = hyphenator_create(NULL);
	if (!load(f)) {
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

static const struct deck *deck_named(void **state, const char *id)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < f->kit->ndecks; i++)
		if (strcmp(f->kit->decks[i]->id, id) == 0)
			return f->kit->decks[i];
	fail_msg("no deck '%s'", id);
	return NULL;
}

static const struct element *elem(const struct deck *d, const char *id)
{
	const struct face *face = &d->tmpl->faces[FACE_FRONT];
	for (size_t i = 0; i < face->count; i++)
		if (strcmp(face->elems[i].name, id) == 0)
			return &face->elems[i];
	fail_msg("no element '%s'", id);
	return NULL;
}

static struct face_layout lay(void **state, const char *deck)
{
	struct fixture *f = *state;
	struct face_layout fl;
	const struct deck *d = deck_named(state, deck);
	bool ok = layout_card_face(&fl, d, &d->cards[0], FACE_FRONT, 0, fonts_get_context(f->fonts),
	                           f->hy, &f->diag);
	if (!ok)
		diag_flush(&f->diag, stderr);
	assert_true(ok);
	return fl;
}

static const struct lay_item *find(const struct face_layout *fl, enum elem_type type, size_t nth)
{
	for (size_t i = 0; i < fl->count; i++)
		if (fl->items[i].type == type && nth-- == 0)
			return &fl->items[i];
	return NULL;
}

static void elements__percent_lengths_follow_each_decks_trim(void **state)
{
	const struct deck *poker = deck_named(state, "poker"), *big = deck_named(state, "big");
	const struct element *p = elem(poker, "body"), *b = elem(big, "body");
	assert_float_equal(p->box.x, MM(63) * 0.10, 1e-9);
	assert_float_equal(p->box.y, MM(88) * 0.30, 1e-9);
	assert_float_equal(p->box.w, MM(63) * 0.80, 1e-9);
	assert_float_equal(p->box.h, MM(88) * 0.15, 1e-9);
	assert_float_equal(b->box.x, MM(105) * 0.10, 1e-9);
	assert_float_equal(b->box.h, MM(148) * 0.15, 1e-9);
	/* a length in mm stays as it is next to % ones */
	assert_float_equal(elem(poker, "side")->box.w, MM(10), 1e-9);
	assert_int_equal(p->pct, 0);
	/* a line's ends, and the box they span */
	const struct element *line = &poker->tmpl->faces[FACE_FRONT].elems[1];
	assert_float_equal(line->x1, MM(63) * 0.10, 1e-9);
	assert_float_equal(line->y2, MM(88) * 0.50, 1e-9);
	assert_float_equal(line->box.w, MM(63) * 0.80, 1e-9);
	assert_float_equal(line->box.h, 0, 1e-9);
}

static void elements__a_size_the_template_is_not_made_for_is_one_error(void **state)
{
	struct fixture *f = *state;
	kit_destroy(f->kit);
	f->kit = NULL;
	write_deck(f->dir, "wide", "tarot");
	assert_false(load(f));
	assert_int_equal(diag_get_error_count(&f->diag), 1);
	struct buf out;
	buf_init(&out);
	diag_flush_json(&f->diag, &out);
	assert_non_null(strstr(buf_str(&out), "template 't' is made for the sizes poker, a6, "
	                                      "square, not the 70x120mm of deck 'wide'"));
	buf_finish(&out);
}

static void elements__quarter_turn_trades_width_and_height(void **state)
{
	struct face_layout fl = lay(state, "poker");
	const struct lay_item *side = find(&fl, ELEM_TEXT, 1);
	assert_non_null(side);
	const struct element *e = elem(deck_named(state, "poker"), "side");
	/* set in a frame as wide as the element is tall, about the same centre */
	assert_float_equal(side->box.w, e->box.h, 1e-9);
	assert_float_equal(side->box.h, e->box.w, 1e-9);
	assert_float_equal(side->box.x + side->box.w / 2, e->box.x + e->box.w / 2, 1e-9);
	assert_float_equal(side->box.y + side->box.h / 2, e->box.y + e->box.h / 2, 1e-9);
	assert_float_equal(side->angle, G_PI / 2, 1e-12);
	/* turned half way, the frame is the element's box */
	const struct lay_item *corner = find(&fl, ELEM_TEXT, 2);
	assert_float_equal(corner->angle, G_PI, 1e-12);
	assert_float_equal(corner->box.w, MM(10), 1e-9);
	/* the display list turns the text, and its box grown by the turn is
	 * the element's */
	size_t n;
	struct box *boxes = dlist_get_text_boxes(&fl.dlist, &n);
	assert_int_equal(n, 3);
	assert_float_equal(boxes[1].w, e->box.w, 1e-6);
	assert_float_equal(boxes[1].h, e->box.h, 1e-6);
	free(boxes);
	face_layout_finish(&fl);
}

static void elements__qr_sits_centred_with_its_quiet_zone(void **state)
{
	struct face_layout fl = lay(state, "poker");
	const struct lay_item *qr = find(&fl, ELEM_QR, 0);
	assert_non_null(qr);
	/* "https://example.org/K01" at medium correction: version 2, 25 modules */
	assert_int_equal(qr->qr.width, 25);
	double side = fmin(qr->box.w, qr->box.h);
	assert_float_equal(qr->module, side / (25 + 8), 1e-9);
	assert_true(qr->module >= MM(0.4));
	face_layout_finish(&fl);
}

static void elements__qr_modules_below_0_4mm_are_an_error(void **state)
{
	struct fixture *f = *state;
	kit_destroy(f->kit);
	f->kit = NULL;
	write_file(f->dir, "templates/t.yaml",
	           "kind: template\nid: t\nfaces:\n  front:\n"
	           "    - {type: qr, x: 5mm, y: 5mm, w: 12mm, h: 12mm, data: "
	           "\"https://example.org/a/rather/long/address/{id}\"}\n"
	           "  back: []\n");
	assert_true(load(f));
	struct face_layout fl;
	const struct deck *d = deck_named(state, "poker");
	assert_false(layout_card_face(&fl, d, &d->cards[0], FACE_FRONT, 0,
	                              fonts_get_context(f->fonts), f->hy, &f->diag));
	face_layout_finish(&fl);
	struct buf out;
	buf_init(&out);
	diag_flush_json(&f->diag, &out);
	assert_non_null(strstr(buf_str(&out), "qr element 'front[1] (qr)' on card 'K01' (da) has "
	                                      "modules of 0.29mm, below the 0.4mm phones read; "
	                                      "make it at least 16.4mm square or shorten its "
	                                      "data (45 bytes, 41 modules with the quiet zone)"));
	buf_finish(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(elements__percent_lengths_follow_each_decks_trim,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                elements__a_size_the_template_is_not_made_for_is_one_error, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(elements__quarter_turn_trades_width_and_height,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(elements__qr_sits_centred_with_its_quiet_zone,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(elements__qr_modules_below_0_4mm_are_an_error,
	                                        setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
