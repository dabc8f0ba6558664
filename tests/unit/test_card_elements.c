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
#include "typeset/fit.h"
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
	                           f->hy, NULL, &f->diag);
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
	                              fonts_get_context(f->fonts), f->hy, NULL, &f->diag));
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

/* Three cards whose texts need different sizes, a `fit: deck` element and
 * the same text sizing itself, and a two-line title balanced and not. */
static const char fit_deck_yaml[] =
        "kind: deck\nid: poker\ntitle: {da: Kort, en: Cards}\nsize: poker\ntemplate: t\n"
        "types:\n  question: {label: {da: Spørgsmål, en: Question}}\n"
        "categories:\n  - {id: c, name: {da: Tillid, en: Trust}, color: \"#FF0000\"}\n"
        "cards:\n"
        "  - {id: K01, category: c, type: question, text: {da: Hej, en: Hello}}\n"
        "  - {id: K02, category: c, type: question, text: {da: \"Hvad gør vi på mandag, "
        "når tilliden mellem ledelse og medarbejdere er blevet svækket af en lang "
        "omstrukturering?\", en: What do we do on Monday when trust between managers and "
        "staff has been weakened by a long reorganisation?}}\n"
        "  - {id: K03, category: c, type: question, text: {da: Hvem spørger du først?, "
        "en: Who do you ask first?}}\n";

#define TITLE "Everyone speaks once before anyone speaks"
static const char fit_template_yaml[] =
        "kind: template\nid: t\nfaces:\n  front:\n"
        "    - {type: text, id: shared, x: 5mm, y: 5mm, w: 50mm, h: 20mm, text: \"{text}\", "
        "fit: deck, font: {family: Lato, size: 16pt, min-size: 5pt}}\n"
        "    - {type: text, id: own, x: 5mm, y: 30mm, w: 50mm, h: 20mm, text: \"{text}\", "
        "font: {family: Lato, size: 16pt, min-size: 5pt}}\n"
        "    - {type: text, id: balanced, x: 5mm, y: 55mm, w: 53mm, h: 20mm, balance: true, "
        "align: center, hyphenate: false, text: \"" TITLE "\", font: {family: Lato, size: 11pt}}\n"
        "    - {type: text, id: greedy, x: 5mm, y: 55mm, w: 53mm, h: 20mm, align: center, "
        "hyphenate: false, text: \"" TITLE "\", font: "
        "{family: Lato, size: 11pt}}\n"
        "  back: []\n";

static void load_fit_kit(void **state)
{
	struct fixture *f = *state;
	kit_destroy(f->kit);
	f->kit = NULL;
	write_file(f->dir, "poker.yaml", fit_deck_yaml);
	write_file(f->dir, "templates/t.yaml", fit_template_yaml);
	if (!load(f))
		diag_flush(&f->diag, stderr);
	assert_false(diag_has_errors(&f->diag));
}

static const struct lay_item *named(const struct face_layout *fl, const char *name)
{
	for (size_t i = 0; i < fl->count; i++)
		if (fl->items[i].name && strcmp(fl->items[i].name, name) == 0)
			return &fl->items[i];
	fail_msg("no item '%s'", name);
	return NULL;
}

static void elements__fit_deck_sets_every_card_at_the_smallest_own_size(void **state)
{
	struct fixture *f = *state;
	load_fit_kit(state);
	const struct deck *d = deck_named(state, "poker");
	assert_int_equal(d->ncards, 3);
	for (size_t lang = 0; lang < 2; lang++) {
		struct deck_fit fit;
		deck_fit_init(&fit, d, lang, fonts_get_context(f->fonts), f->hy, &f->diag);
		double own[3], shared[3], least = 100;
		for (size_t i = 0; i < 3; i++) {
			struct face_layout fl;
			assert_true(layout_card_face(&fl, d, &d->cards[i], FACE_FRONT, lang,
			                             fonts_get_context(f->fonts), f->hy, &fit,
			                             &f->diag));
			own[i] = named(&fl, "own")->style.size;
			shared[i] = named(&fl, "shared")->style.size;
			assert_true(named(&fl, "shared")->fits);
			least = fmin(least, own[i]);
			face_layout_finish(&fl);
		}
		deck_fit_finish(&fit);
		/* on their own the cards differ; shared, all at the smallest */
		assert_true(own[0] > own[1]);
		assert_float_equal(own[0], 16, 1e-9);
		for (size_t i = 0; i < 3; i++)
			assert_float_equal(shared[i], least, 1e-9);
		assert_true(least < 16);
	}
	/* the shrink is reported once per language, at the element, not per card */
	struct buf out;
	buf_init(&out);
	diag_flush_json(&f->diag, &out);
	const char *p = strstr(buf_str(&out), "element 'shared' is set at");
	assert_non_null(p);
	assert_non_null(strstr(p, "on every card of deck 'poker' (da, fit: deck)"));
	assert_non_null(strstr(p, "card 'K02' sets the size"));
	assert_null(strstr(buf_str(&out), "in element 'shared'"));
	buf_finish(&out);
}

/* The widths of the lines of an item's text as it is drawn. */
static int line_widths(struct fixture *f, const struct lay_item *it, double *w, int max)
{
	PangoLayout *l = pango_layout_new(fonts_get_context(f->fonts));
	text_layout_setup(l, &it->rich, &it->style, it->style.size, it->box.w);
	int n = pango_layout_get_line_count(l);
	for (int i = 0; i < n && i < max; i++) {
		PangoRectangle log;
		pango_layout_line_get_extents(pango_layout_get_line_readonly(l, i), NULL, &log);
		w[i] = (double)log.width / PANGO_SCALE;
	}
	g_object_unref(l);
	return n;
}

static void elements__balance_keeps_the_lines_and_evens_them(void **state)
{
	struct fixture *f = *state;
	load_fit_kit(state);
	const struct deck *d = deck_named(state, "poker");
	struct face_layout fl;
	assert_true(layout_card_face(&fl, d, &d->cards[0], FACE_FRONT, 1,
	                             fonts_get_context(f->fonts), f->hy, NULL, &f->diag));
	const struct lay_item *b = named(&fl, "balanced"), *g = named(&fl, "greedy");
	double bw[4], gw[4];
	int bn = line_widths(f, b, bw, 4), gn = line_widths(f, g, gw, 4);
	assert_int_equal(gn, 2);
	assert_int_equal(bn, 2);
	/* greedy: a full first line and a short second; balanced: the spread
	 * between the lines is a fraction of it */
	double gspread = fabs(gw[0] - gw[1]), bspread = fabs(bw[0] - bw[1]);
	assert_true(gspread > MM(10));
	assert_true(bspread < gspread / 3);
	/* the same size, narrower, and still centred on the same axis */
	assert_float_equal(b->style.size, g->style.size, 1e-9);
	assert_true(b->box.w < g->box.w);
	assert_float_equal(b->box.x + b->box.w / 2, g->box.x + g->box.w / 2, 1e-6);
	face_layout_finish(&fl);
}

/* The faces of every deck laid out again from what fitting decided (a deck
 * too large to keep its faces): the same items, sizes, boxes, texts and
 * display list as the first layout, for fitted, shared (fit: deck),
 * balanced and shrunk texts. */
static void elements__a_face_laid_out_again_from_its_memo_is_the_same(void **state)
{
	struct fixture *f = *state;
	load_fit_kit(state);
	PangoContext *pc = fonts_get_context(f->fonts);
	for (size_t k = 0; k < f->kit->ndecks; k++) {
		const struct deck *d = f->kit->decks[k];
		for (size_t lang = 0; lang < d->langs.count; lang++) {
			struct deck_fit fit;
			deck_fit_init(&fit, d, lang, pc, f->hy, &f->diag);
			struct fit_memo memo;
			fit_memo_init(&memo);
			for (size_t i = 0; i < d->ncards; i++) {
				for (int side = 0; side < 2; side++) {
					enum face_kind fk = side ? FACE_BACK : FACE_FRONT;
					struct face_layout a, b;
					size_t first = memo.count;
					bool ok = layout_card_face_record(&a, d, &d->cards[i], fk,
					                                  lang, pc, f->hy, &fit,
					                                  &memo, &f->diag);
					assert_int_equal(layout_card_face_again(&b, d, &d->cards[i],
					                                        fk, lang, f->hy,
					                                        &fit, &memo, first),
					                 ok);
					assert_int_equal(a.count, b.count);
					for (size_t n = 0; n < a.count; n++) {
						const struct lay_item *x = &a.items[n],
						                      *y = &b.items[n];
						assert_int_equal(x->type, y->type);
						assert_memory_equal(&x->box, &y->box,
						                    sizeof(x->box));
						if (x->type != ELEM_TEXT)
							continue;
						assert_string_equal(x->rich.text, y->rich.text);
						assert_int_equal(x->rich.nspans, y->rich.nspans);
						assert_true(x->style.size == y->style.size);
						assert_true(x->style.min_size == y->style.min_size);
						assert_true(x->text_dy == y->text_dy);
						assert_int_equal(x->fits, y->fits);
						assert_int_equal(x->made, y->made);
						assert_null(y->layout);
					}
					struct buf da, db;
					buf_init(&da);
					buf_init(&db);
					dlist_dump(&a.dlist, &da);
					dlist_dump(&b.dlist, &db);
					assert_string_equal(buf_str(&da), buf_str(&db));
					buf_finish(&da);
					buf_finish(&db);
					face_layout_finish(&a);
					face_layout_finish(&b);
				}
			}
			fit_memo_finish(&memo);
			deck_fit_finish(&fit);
		}
	}
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
	        cmocka_unit_test_setup_teardown(
	                elements__fit_deck_sets_every_card_at_the_smallest_own_size, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                elements__a_face_laid_out_again_from_its_memo_is_the_same, setup, teardown),
	        cmocka_unit_test_setup_teardown(elements__balance_keeps_the_lines_and_evens_them,
	                                        setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
