/* Translators' fit notes (build/fitnote): a kit written to a temporary
 * folder and loaded as `translate export` does; its template declares the
 * fields its deck's cards carry, and the kit's title and glossary are
 * texts to translate too. */
/* mkdtemp() is POSIX */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "build/fitnote.h"
#include "model/deck.h"
#include "model/kit.h"
#include "translate/units.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

static const char kit_yaml[] = "kind: kit\nid: k\ntitle: {da: Kit, en: Kit}\n"
                               "languages: [da, en]\n"
                               "glossary:\n  - {da: tillid, en: trust}\n";

/* no fields: of its own; the answer is the template's */
static const char deck_yaml[] =
        "kind: deck\nid: d\ntitle: {da: Quiz, en: \"=\"}\nsize: poker\ntemplate: t\n"
        "categories:\n  - {id: a, name: {da: A, en: A}, color: \"#FF0000\"}\n"
        "cards:\n"
        "  - {id: Q1, category: a, text: {da: Hvad?, en: What?}, answer: {da: Ja, en: Yes}}\n"
        "  - id: Q2\n    category: a\n    text:\n      da: Hvem?\n"
        "      en: Who do you trust most at work, and why do you trust them more than the "
        "others?\n"
        "  - id: Q3\n    category: a\n    text:\n      da: Hvor?\n"
        "      en: Where do you feel most trusted at work, and where least, and what makes "
        "the difference between the two places for you and for the others on your team?\n"
        "  - {id: Q4, category: a, text: {da: Hvornår?}}\n";

static const char template_yaml[] =
        "kind: template\nid: t\nfields:\n  answer: text\nfaces:\n"
        "  front:\n"
        "    - {type: text, id: q, x: 5mm, y: 5mm, w: 40mm, h: 12mm, text: \"{text}\", "
        "font: {family: Lato, size: 12pt, min-size: 9pt}}\n"
        "  back:\n"
        "    - {type: text, id: a, when: {answer: set}, x: 5mm, y: 5mm, w: 40mm, h: 20mm, "
        "text: \"{answer}\", font: {family: Lato, size: 10pt}}\n";

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

static const char *note_of(const struct units *u, const char *context)
{
	const struct unit *x = units_find(u, context);
	assert_non_null(x);
	return x->fit ? x->fit : "(none)";
}

static void fitnote__says_where_a_text_is_set_and_whether_it_fits(void **state)
{
	(void)state;
	char tmp[64], dir[80];
	snprintf(tmp, sizeof(tmp), "/tmp/deckpress-fitnote-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	snprintf(dir, sizeof(dir), "%s/k", tmp);
	mkdir(dir, 0777);
	struct buf t;
	buf_init(&t);
	buf_printf(&t, "%s/templates", dir);
	mkdir(buf_str(&t), 0777);
	buf_finish(&t);
	write_file(dir, "kit.yaml", kit_yaml);
	write_file(dir, "deck.yaml", deck_yaml);
	write_file(dir, "templates/t.yaml", template_yaml);

	static const char *const none[] = {NULL};
	struct kit_env env = {.templates_dir = "templates",
	                      .profiles_dir = "templates/profiles",
	                      .phrases_dir = "templates/i18n",
	                      .langs = none};
	struct diag d;
	diag_init(&d);
	struct kit *kit;
	assert_true(kit_load(&kit, dir, NULL, &env, &d));
	assert_false(diag_has_errors(&d));
	/* the template's field is the deck's */
	const struct deck *deck = NULL;
	for (size_t i = 0; i < kit->nitems; i++)
		if (kit->items[i].kind == KIND_DECK)
			deck = kit->items[i].as.deck;
	assert_non_null(deck);
	assert_int_equal(deck_find_field(deck, "answer"), 0);

	struct units u;
	units_collect(&u, kit, "en");
	fitnote_annotate(kit, "en", &u, ".");
	/* kit.yaml's texts first, with no card to be set on */
	assert_string_equal(u.items[0].context, "kit.yaml kit title");
	assert_string_equal(u.items[1].context, "kit.yaml glossary term");
	assert_string_equal(u.items[1].target, "trust");
	assert_null(u.items[1].fit);
	assert_string_equal(note_of(&u, "deck.yaml card Q1 text"),
	                    "front 'q': box 40.0 × 12.0 mm, design 12 pt; the 'en' text fits at "
	                    "the design size");
	assert_string_equal(note_of(&u, "deck.yaml card Q1 answer"),
	                    "back 'a': box 40.0 × 20.0 mm, design 10 pt; the 'en' text fits at "
	                    "the design size");
	const char *q2 = note_of(&u, "deck.yaml card Q2 text");
	assert_non_null(strstr(q2, "the 'en' text fits at "));
	assert_null(strstr(q2, "design size"));
	assert_string_equal(note_of(&u, "deck.yaml card Q3 text"),
	                    "front 'q': box 40.0 × 12.0 mm, design 12 pt; the 'en' text does not "
	                    "fit, even at 9 pt");
	assert_string_equal(note_of(&u, "deck.yaml card Q4 text"),
	                    "front 'q': box 40.0 × 12.0 mm, design 12 pt; no 'en' text yet");
	assert_string_equal(note_of(&u, "deck.yaml category a name"), "(none)");
	units_finish(&u);
	kit_destroy(kit);
	diag_finish(&d);
	buf_init(&t);
	buf_printf(&t, "rm -rf %s", tmp);
	assert_int_equal(system(buf_str(&t)), 0);
	buf_finish(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fitnote__says_where_a_text_is_set_and_whether_it_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
