/* Card layout: fields, conditions, colours, bleed and fitting of one face,
 * from a kit written to a temporary folder and loaded like the CLI does. */
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

static const char deck_yaml[] =
        "kind: deck\n"
        "id: d\n"
        "title: {da: Kortene, en: The cards}\n"
        "size: poker\n"
        "bleed: 3mm\n"
        "template: t\n"
        "types:\n"
        "  statement: {label: {da: Udsagn, en: Statement}, prompt: {da: Enig?, en: Agree?}}\n"
        "  question: {label: {da: Spørgsmål, en: Question}}\n"
        "categories:\n"
        "  - {id: tillid, name: {da: Tillid, en: Trust}, color: \"#FF0000\"}\n"
        "special:\n"
        "  - {id: how, title: {da: Sådan, en: How}, text: {da: Læs, en: Read}}\n"
        "cards:\n"
        "  - {id: T01, category: tillid, type: statement, level: 2, text: {da: Kort tekst, en: "
        "Short text}}\n"
        "  - id: T02\n"
        "    category: tillid\n"
        "    type: question\n"
        "    text:\n"
        "      da: En meget lang tekst der skal skrumpe for at kunne være i den lille boks på "
        "kortet\n"
        "      en: A very long text that has to shrink to fit in the small box on the card at "
        "all,\n"
        "        since it goes on and on about trust, fairness and collaboration in the team and\n"
        "        about the core task that all of it serves\n"
        "back: {design: category, color: \"#0000FF\", text: {da: Bag, en: Back}}\n";

static const char template_yaml[] =
        "kind: template\n"
        "id: t\n"
        "faces:\n"
        "  front:\n"
        "    - {type: rect, id: band, x: 0mm, y: 0mm, w: 63mm, h: 20mm, fill: "
        "\"{category.color}\", bleed: true}\n"
        "    - {type: rect, id: strip, x: 5mm, y: 70mm, w: 53mm, h: 8mm, fill: \"#000000\", tint: "
        "50%, when: {type: statement}}\n"
        "    - {type: text, id: body, x: 5mm, y: 25mm, w: 53mm, h: 20mm, text: \"{text}\", font: "
        "{family: Lato, size: 12pt, min-size: 6pt}, valign: bottom}\n"
        "    - {type: text, id: foot, x: 5mm, y: 80mm, w: 53mm, h: 4mm, text: \"{deck.title} "
        "{index}/{count} {type.prompt}\", font: {family: Lato, size: 6pt}}\n"
        "    - {type: dots, x: 40mm, y: 5mm, w: 15mm, h: 3mm, count: 3, value: \"{level}\", fill: "
        "\"#000000\"}\n"
        "  back:\n"
        "    - {type: rect, x: 0mm, y: 0mm, w: 63mm, h: 88mm, fill: \"{back.color}\", bleed: "
        "true}\n"
        "    - {type: text, x: 5mm, y: 40mm, w: 53mm, h: 10mm, text: {da: \"Dansk {back.text}\", "
        "en: \"English {back.text}\"}, font: {family: Lato, size: 10pt}}\n";

struct fixture {
	char tmp[64]; /* a temporary folder holding the kit folder k/ */
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

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	strcpy(f->tmp, "/tmp/deckpress-layout-XXXXXX");
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
	write_file(f->dir, "deck.yaml", deck_yaml);
	write_file(f->dir, "templates/t.yaml", template_yaml);
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

static const struct lay_item *find(const struct face_layout *fl, enum elem_type type, size_t nth)
{
	for (size_t i = 0; i < fl->count; i++)
		if (fl->items[i].type == type && nth-- == 0)
			return &fl->items[i];
	return NULL;
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

static void layout__special_cards_come_first_and_are_counted(void **state)
{
	const struct deck *d = deck(state);
	assert_int_equal(d->ncards, 3);
	assert_string_equal(d->cards[0].id, "how");
	assert_true(d->cards[0].special);
	assert_string_equal(d->cards[1].id, "T01");
	assert_int_equal(d->cards[1].index, 2);
}

static void layout__bleed_rect_reaches_the_bleed_edge_only_where_it_touches_the_trim(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_FRONT, 0);
	const struct lay_item *band = find(&fl, ELEM_RECT, 0);
	assert_non_null(band);
	assert_float_equal(band->box.x, -MM(3), 1e-9);
	assert_float_equal(band->box.y, -MM(3), 1e-9);
	assert_float_equal(band->box.w, MM(69), 1e-9);
	assert_float_equal(band->box.h, MM(23), 1e-9); /* bottom edge is inside: not moved */
	assert_float_equal(band->fill.r, 1, 1e-9);
	face_layout_finish(&fl);
}

static void layout__when_condition_selects_elements(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_FRONT, 0); /* statement */
	const struct lay_item *strip = find(&fl, ELEM_RECT, 1);
	assert_non_null(strip);
	assert_float_equal(strip->fill.r, 0.5, 1e-9); /* black at 50 % tint */
	face_layout_finish(&fl);
	fl = lay(state, 2, FACE_FRONT, 0); /* question */
	assert_null(find(&fl, ELEM_RECT, 1));
	face_layout_finish(&fl);
}

/* The display list holds the face's items in order, the bleed rect first
 * and every text as fitted. */
static void layout__face_display_list_follows_the_items(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_FRONT, 0);
	const struct dlist *dl = &fl.dlist;
	assert_float_equal(dl->trim_w, fl.trim_w, 1e-9);
	assert_float_equal(dl->bleed, fl.bleed, 1e-9);
	assert_true(dl->count >= fl.count);
	assert_int_equal(dl->ops[0].kind, DL_PATH);
	const struct dl_seg *band = &dl->ops[0].u.path.segs[0];
	assert_int_equal(band->kind, DL_SEG_RECT);
	assert_float_equal(band->v[0], -MM(3), 1e-9);
	assert_true(dl->ops[0].u.path.has_fill);
	size_t ntexts = 0;
	for (size_t i = 0; i < dl->count; i++) {
		if (dl->ops[i].kind != DL_TEXT)
			continue;
		const struct dl_text *t = &dl->ops[i].u.text;
		const struct lay_item *it = find(&fl, ELEM_TEXT, ntexts++);
		assert_non_null(it);
		assert_string_equal(t->rich.text, it->rich.text);
		assert_float_equal(t->style.size, it->style.size, 1e-9);
		assert_float_equal(t->width, it->box.w, 1e-9);
		assert_float_equal(t->dy, it->text_dy, 1e-9);
	}
	assert_null(find(&fl, ELEM_TEXT, ntexts));
	face_layout_finish(&fl);
}

static void layout__fields_resolve_per_language(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_FRONT, 1);
	const struct lay_item *foot = find(&fl, ELEM_TEXT, 1);
	assert_non_null(foot);
	assert_string_equal(foot->rich.text, "The cards 2/3 Agree?");
	face_layout_finish(&fl);
	fl = lay(state, 1, FACE_FRONT, 0);
	assert_string_equal(find(&fl, ELEM_TEXT, 1)->rich.text, "Kortene 2/3 Enig?");
	face_layout_finish(&fl);
}

static void layout__short_text_keeps_design_size_and_sits_at_the_bottom(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_FRONT, 0);
	const struct lay_item *body = find(&fl, ELEM_TEXT, 0);
	assert_float_equal(body->style.size, 12, 1e-9);
	assert_true(body->text_dy > MM(10)); /* one line at the bottom of a 20 mm box */
	assert_string_equal(body->style.lang, "da");
	face_layout_finish(&fl);
}

static void layout__long_text_shrinks_to_fit(void **state)
{
	struct face_layout fl = lay(state, 2, FACE_FRONT, 1);
	const struct lay_item *body = find(&fl, ELEM_TEXT, 0);
	assert_true(body->style.size < 12);
	assert_true(body->style.size >= 6);
	assert_float_equal(body->style.size * 4, (double)(long)(body->style.size * 4), 1e-9);
	assert_true(body->text_dy >= 0);
	face_layout_finish(&fl);
}

static void layout__dots_fill_the_level(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_FRONT, 0);
	const struct lay_item *dots = find(&fl, ELEM_DOTS, 0);
	assert_non_null(dots);
	assert_int_equal(dots->dot_count, 3);
	assert_int_equal(dots->dot_filled, 2);
	face_layout_finish(&fl);
	fl = lay(state, 2, FACE_FRONT, 0); /* no level: no dots */
	assert_null(find(&fl, ELEM_DOTS, 0));
	face_layout_finish(&fl);
}

static void layout__back_colour_follows_category_but_not_on_special_cards(void **state)
{
	struct face_layout fl = lay(state, 1, FACE_BACK, 0);
	assert_float_equal(find(&fl, ELEM_RECT, 0)->fill.r, 1, 1e-9);
	face_layout_finish(&fl);
	fl = lay(state, 0, FACE_BACK, 0);
	const struct lay_item *bg = find(&fl, ELEM_RECT, 0);
	assert_float_equal(bg->fill.r, 0, 1e-9);
	assert_float_equal(bg->fill.b, 1, 1e-9);
	face_layout_finish(&fl);
}

static void layout__template_language_maps_pick_the_language(void **state)
{
	struct face_layout fl = lay(state, 0, FACE_BACK, 1);
	assert_string_equal(find(&fl, ELEM_TEXT, 0)->rich.text, "English Back");
	face_layout_finish(&fl);
}

/* The back's text is the deck's own words, the same on every card: with
 * the deck's fit it is fitted once and its layout shared, and it is what
 * fitting it on its own makes. */
static void layout__a_text_of_the_decks_own_words_is_fitted_once(void **state)
{
	struct fixture *f = *state;
	const struct deck *d = deck(state);
	PangoContext *pc = fonts_get_context(f->fonts);
	struct deck_fit fit;
	deck_fit_init(&fit, d, 0, pc, f->hy, &f->diag);
	struct face_layout a, b;
	assert_true(layout_card_face(&a, d, &d->cards[1], FACE_BACK, 0, pc, f->hy, &fit, &f->diag));
	assert_true(layout_card_face(&b, d, &d->cards[2], FACE_BACK, 0, pc, f->hy, &fit, &f->diag));
	const struct lay_item *ta = find(&a, ELEM_TEXT, 0), *tb = find(&b, ELEM_TEXT, 0);
	assert_non_null(ta->layout);
	assert_ptr_equal(ta->layout, tb->layout);
	assert_ptr_not_equal(ta->rich.text, tb->rich.text); /* each item owns its text */
	struct face_layout alone = lay(state, 2, FACE_BACK, 0);
	const struct lay_item *t = find(&alone, ELEM_TEXT, 0);
	assert_string_equal(tb->rich.text, t->rich.text);
	assert_float_equal(tb->style.size, t->style.size, 1e-9);
	assert_float_equal(tb->text_dy, t->text_dy, 1e-9);
	face_layout_finish(&alone);
	/* the body is the card's own: laid out for each card */
	face_layout_finish(&a);
	face_layout_finish(&b);
	assert_true(
	        layout_card_face(&a, d, &d->cards[1], FACE_FRONT, 0, pc, f->hy, &fit, &f->diag));
	assert_true(
	        layout_card_face(&b, d, &d->cards[2], FACE_FRONT, 0, pc, f->hy, &fit, &f->diag));
	assert_ptr_not_equal(find(&a, ELEM_TEXT, 0)->layout, find(&b, ELEM_TEXT, 0)->layout);
	face_layout_finish(&a);
	face_layout_finish(&b);
	deck_fit_finish(&fit);
	assert_false(diag_has_errors(&f->diag));
}

static void layout__special_card_without_category_leaves_category_items_out(void **state)
{
	struct face_layout fl = lay(state, 0, FACE_FRONT, 0);
	/* the band's fill is the category colour: a special card has none */
	for (size_t i = 0; i < fl.count; i++)
		assert_false(fl.items[i].type == ELEM_RECT && fl.items[i].box.y < 0);
	face_layout_finish(&fl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(layout__special_cards_come_first_and_are_counted),
	        cmocka_unit_test(
	                layout__bleed_rect_reaches_the_bleed_edge_only_where_it_touches_the_trim),
	        cmocka_unit_test(layout__when_condition_selects_elements),
	        cmocka_unit_test(layout__fields_resolve_per_language),
	        cmocka_unit_test(layout__short_text_keeps_design_size_and_sits_at_the_bottom),
	        cmocka_unit_test(layout__long_text_shrinks_to_fit),
	        cmocka_unit_test(layout__dots_fill_the_level),
	        cmocka_unit_test(layout__back_colour_follows_category_but_not_on_special_cards),
	        cmocka_unit_test(layout__template_language_maps_pick_the_language),
	        cmocka_unit_test(layout__special_card_without_category_leaves_category_items_out),
	        cmocka_unit_test(layout__face_display_list_follows_the_items),
	        cmocka_unit_test(layout__a_text_of_the_decks_own_words_is_fitted_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
