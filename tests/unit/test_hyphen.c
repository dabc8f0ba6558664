#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <stdio.h>

#include "typeset/hyphen.h"
#include "typeset/markup.h"
#include "util/buf.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define SHY "\xC2\xAD" /* U+00AD, soft hyphen */

static int setup(void **state)
{
	*state = hyphenator_create(NULL);
	hyphenator_set_builtin_dir(*state, "templates/hyphenation");
	return 0;
}

static int teardown(void **state)
{
	hyphenator_destroy(*state);
	return 0;
}

static void rich_from(struct rich *r, const char *src)
{
	const char *err = NULL;
	size_t off = 0;
	rich_init(r);
	if (!markup_parse(r, src, 0, &err, &off))
		fail_msg("markup_parse(\"%s\"): %s at %zu", src, err, off);
}

/* Soft hyphens as '-', for readable expectations; caller frees. */
static char *show(const struct rich *r)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < r->len; i++) {
		if (i + 1 < r->len && memcmp(r->text + i, SHY, 2) == 0) {
			buf_putc(&b, '-');
			i++;
		} else {
			buf_putc(&b, r->text[i]);
		}
	}
	return buf_detach(&b);
}

static size_t count_soft_hyphens(const struct rich *r)
{
	size_t n = 0;
	for (size_t i = 0; i + 1 < r->len; i++)
		n += memcmp(r->text + i, SHY, 2) == 0;
	return n;
}

/* Asserts that hyphenating markup src in lang with h shows as want. */
static void check_with(struct hyphenator *h, const char *lang, const char *src, const char *want)
{
	struct rich in, out;
	rich_from(&in, src);
	memset(&out, 0xA5, sizeof(out)); /* out needs no initialisation */
	bool inserted = hyphenator_hyphenate(&out, h, lang, &in);
	assert_int_equal(inserted, count_soft_hyphens(&out) > count_soft_hyphens(&in));
	if (!inserted) {
		/* an exact copy, spans included */
		assert_int_equal(out.len, in.len);
		assert_memory_equal(out.text, in.text, in.len + 1);
		assert_int_equal(out.nspans, in.nspans);
	}
	assert_int_equal(strlen(out.text), out.len);
	char *got = show(&out);
	assert_string_equal(got, want);
	free(got);
	rich_finish(&in);
	rich_finish(&out);
}

static void check(void **state, const char *lang, const char *src, const char *want)
{
	check_with(*state, lang, src, want);
}

static void hyphen__danish_compounds(void **state)
{
	/* libhyphen's breaks, as measured in docs/typesetting.md §1 with the
	 * right minimum of 3 */
	check(state, "da", "medarbejderrepræsentanter", "med-arbejder-repræ-sen-tan-ter");
	check(state, "da", "samarbejdsudvalget", "sam-ar-bejds-ud-valget");
	check(state, "da", "kompetenceudviklingsforløb", "kom-pe-tence-ud-vik-lings-for-løb");
	check(state, "da", "tillidsrepræsentant", "til-lids-repræ-sen-tant");
	check(state, "da", "Hvad gør arbejdsmiljøindsatsen for trivslen?",
	      "Hvad gør arbejds-miljø-indsat-sen for trivs-len?");
}

static void hyphen__danish_right_minimum_is_three(void **state)
{
	/* not "bor-ger-ne", "skul-le", "Hvil-ke": weak one-syllable endings */
	check(state, "da", "borgerne skulle Hvilke", "bor-gerne skulle Hvilke");
	/* never two letters at the left end either: not "be-", "op-", "ud-" */
	check(state, "da", "beskrivelse opgaver uddannelse", "beskri-velse opgaver uddan-nelse");
}

static void hyphen__danish_repairs_weak_patterns(void **state)
{
	/* a one-letter fragment joins the one before: the linking s stays
	 * with its word (libhyphen: fra-vær-s-sam-ta-len, we-e-kend) */
	check(state, "da", "fraværssamtalen", "fra-værs-sam-ta-len");
	check(state, "da", "weekend", "week-end");
	/* no line may start with a cluster no Danish syllable starts with
	 * (libhyphen: møde-rne; møder-ne would leave 2 letters) */
	check(state, "da", "møderne", "møderne");
	/* a fragment without a vowel joins the one before (libhyphen:
	 * fe-ed-ba-ck); the exceptions list is the real fix */
	check(state, "da", "feedback", "feed-back");
	/* a linking s stays left of the break */
	check(state, "da", "kvalitetssikring ledelsesstil", "kva-li-tets-sik-ring ledelses-stil");
}

static void hyphen__english_words(void **state)
{
	check(state, "en", "collaboration", "col-lab-o-ra-tion");
	check(state, "en", "responsibility", "respon-si-bil-ity");
	check(state, "en", "Our representatives value collaboration.",
	      "Our rep-re-sen-ta-tives value col-lab-o-ra-tion.");
	/* English is not repaired like Danish: a one-letter fragment is
	 * TeX's choice (re-spon-si-bil-i-ties) and stays */
	check(state, "en", "responsibilities", "respon-si-bil-i-ties");
}

static void hyphen__every_english_uses_the_us_dictionary(void **state)
{
	check(state, "en-GB", "collaboration", "col-lab-o-ra-tion");
	check(state, "en_US", "collaboration", "col-lab-o-ra-tion");
	check(state, "EN", "collaboration", "col-lab-o-ra-tion");
	check(state, "da-DK", "samarbejdsudvalget", "sam-ar-bejds-ud-valget");
}

static void hyphen__exception_wins_over_dictionary(void **state)
{
	(void)state;
	struct hyphenator *h = hyphenator_create(NULL);
	check_with(h, "da", "medejerskab", "med-ejer-skab"); /* the dictionary is wrong */
	assert_true(hyphenator_add_exception(h, "da", "med-ejer-skab"));
	assert_true(hyphenator_add_exception(h, "da", "fra-værs-sam-ta-len"));
	assert_true(hyphenator_add_exception(h, "da", "feed-back-kul-tur"));
	check_with(h, "da", "medejerskab", "med-ejer-skab");
	check_with(h, "da", "fraværssamtalen", "fra-værs-sam-ta-len");
	/* matched without regard to case; the text keeps its own */
	check_with(h, "da", "Medejerskab og FEEDBACKKULTUR", "Med-ejer-skab og FEED-BACK-KUL-TUR");
	/* only the whole word matches */
	check_with(h, "da", "medejerskabet", "med-ejer-skabet");
	/* per language */
	check_with(h, "en", "medejerskab", "mede-jer-skab");
	hyphenator_destroy(h);
}

static void hyphen__exception_without_hyphen_never_breaks(void **state)
{
	(void)state;
	struct hyphenator *h = hyphenator_create(NULL);
	assert_true(hyphenator_add_exception(h, "da", "feedback"));
	check_with(h, "da", "Feedback er godt", "Feedback er godt");
	/* a later entry for the same word replaces it */
	assert_true(hyphenator_add_exception(h, "da", "Feed-Back"));
	check_with(h, "da", "feedback", "feed-back");
	/* an exception applies below the minimum word length too */
	assert_true(hyphenator_add_exception(h, "da", "efter"));
	check_with(h, "da", "efter", "efter");
	hyphenator_destroy(h);
}

static void hyphen__malformed_exceptions_are_refused(void **state)
{
	struct hyphenator *h = *state;
	const char *bad[] = {"",          "-",         "-feedback",      "feedback-", "feed--back",
	                     "feed back", "feed1back", "feed\u00ADback", "e-mail.dk"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (hyphenator_add_exception(h, "da", bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(hyphenator_add_exception(h, "1x", "Zu-sam-men-ar-beit"));
	assert_false(hyphenator_add_exception(h, NULL, "feed-back"));
	/* nothing was added */
	check(state, "da", "feedback", "feed-back");
}

static void hyphen__typed_soft_hyphens_are_kept(void **state)
{
	/* a word with the author's break points is left as it is */
	check(state, "da", "samarbejds\\-udvalget", "samarbejds-udvalget");
	check(state, "da", "samarbejds" SHY "udvalget og medarbejderrepræsentanter",
	      "samarbejds-udvalget og med-arbejder-repræ-sen-tan-ter");
	check(state, "en", "collab\\-oration", "collab-oration");
}

static void hyphen__spans_cover_inserted_bytes(void **state)
{
	struct rich in, out;
	rich_from(&in, "**samarbejdsudvalget** og *medarbejderrepræsentanter*");
	assert_true(hyphenator_hyphenate(&out, *state, "da", &in));
	/* samarbejdsudvalget: 18 bytes + 4 soft hyphens; " og ": 4 bytes;
	 * medarbejderrepræsentanter: 26 bytes + 5 soft hyphens */
	assert_int_equal(out.len, 18 + 8 + 4 + 26 + 10);
	assert_int_equal(out.nspans, 2);
	assert_int_equal(out.spans[0].start, 0);
	assert_int_equal(out.spans[0].end, 26);
	assert_int_equal(out.spans[0].style, RICH_BOLD);
	assert_int_equal(out.spans[1].start, 30);
	assert_int_equal(out.spans[1].end, 66);
	assert_int_equal(out.spans[1].style, RICH_ITALIC);
	assert_memory_equal(out.text + 26, " og m", 5);
	rich_finish(&out);
	rich_finish(&in);

	/* a span that ends inside a word takes the soft hyphen after it, as
	 * the hyphen drawn there ends its part of the word (markup cannot
	 * write one, a template's fields can: "{a}{b}") */
	rich_init(&in);
	rich_append_plain(&in, "Sam", 3, RICH_BOLD);
	rich_append_plain(&in, "arbejdsudvalget", 15, 0);
	assert_true(hyphenator_hyphenate(&out, *state, "da", &in));
	char *got = show(&out);
	assert_string_equal(got, "Sam-ar-bejds-ud-valget");
	free(got);
	assert_int_equal(out.nspans, 1);
	assert_int_equal(out.spans[0].start, 0);
	assert_int_equal(out.spans[0].end, 5);
	rich_finish(&out);
	rich_finish(&in);
}

static void hyphen__apostrophes_euro_and_ligatures_render(void **state)
{
	/* after an apostrophe comes an ending, which stays whole; ’ and €
	 * are no letters and never reach the ISO-8859-1 dictionary */
	check(state, "da", "NGO’erne og medarbejdernes’ løn på 1.500 €",
	      "NGO’erne og med-arbejder-nes’ løn på 1.500 €");
	check(state, "en", "the organisation’s goals, couldn’t they?",
	      "the organ-i-sa-tion’s goals, couldn’t they?");
	/* letters outside ISO-8859-1: no Danish breaks, text intact */
	check(state, "da", "ﬁnansieringen œuvrekataloget", "ﬁnansieringen œuvrekataloget");
	/* the English dictionary is UTF-8 and takes them */
	check(state, "en", "œsophagus", "œsoph-a-gus");
}

static void hyphen__short_words_stay_whole(void **state)
{
	/* under 6 letters: "ef-ter", "wa-ter" are never offered */
	check(state, "da", "efter mødet", "efter mødet");
	check(state, "en", "water paper", "water paper");
	/* 6 letters is enough */
	check(state, "da", "bolden", "bol-den");
	check(state, "en", "better", "bet-ter");
}

static void hyphen__digits_caps_and_addresses_stay_whole(void **state)
{
	check(state, "da", "COVID19 3medarbejderrepræsentanter medarbejderrepræsentanter2",
	      "COVID19 3medarbejderrepræsentanter medarbejderrepræsentanter2");
	check(state, "da", "NATO UNESCO SAMARBEJDSUDVALGET", "NATO UNESCO SAMARBEJDSUDVALGET");
	check(state, "da", "se www.samarbejdsudvalget.dk eller arbejdsmiljoweb.dk",
	      "se www.samarbejdsudvalget.dk eller arbejdsmiljoweb.dk");
	check(state, "da", "skriv til medarbejderrepraesentant@firma.dk",
	      "skriv til medarbejderrepraesentant@firma.dk");
	check(state, "en", "https://example.com/collaboration",
	      "https://example.com/collaboration");
	/* a hyphen or a dash is no digit: the word next to it is a word */
	check(state, "da", "2-dagesseminaret", "2-dages-semi-na-ret");
}

static void hyphen__unknown_language_is_unchanged(void **state)
{
	check(state, "fi", "yhteistyössä", "yhteistyössä");
	check(state, "1x", "medarbetarrepresentanter", "medarbetarrepresentanter");
	check(state, "", "medarbejderrepræsentanter", "medarbejderrepræsentanter");
	check(state, NULL, "**medarbejderrepræsentanter**", "medarbejderrepræsentanter");
	check(state, "da", "", "");
}

static void hyphen__missing_dictionary_is_no_error(void **state)
{
	(void)state;
	struct hyphenator *h = hyphenator_create("/nonexistent/hyphen");
	check_with(h, "da", "medarbejderrepræsentanter", "medarbejderrepræsentanter");
	/* the exceptions still apply */
	assert_true(hyphenator_add_exception(h, "da", "med-ejer-skab"));
	check_with(h, "da", "medejerskab", "med-ejer-skab");
	hyphenator_destroy(h);
}

static void hyphen__decomposed_letters_are_normalised(void **state)
{
	/* "å" as a + U+030A COMBINING RING ABOVE: hyphenated in NFC */
	check(state, "da", "a\u030Abenhedskulturen", "åben-heds-kul-tu-ren");
	/* left alone, the word keeps its bytes */
	check(state, "da", "a\u030Aben", "a\u030Aben");
}

static void hyphen__no_hyphenator_hyphenates_nothing(void **state)
{
	(void)state;
	check_with(NULL, "da", "samarbejdsudvalget", "samarbejdsudvalget");
	hyphenator_destroy(NULL);
}

/* A folder holding a copy of Debian's Danish dictionary as hyph_da.dic
 * (caller removes it with remove_dict_dir()). */
static char *copy_dict_dir(void)
{
	char *dir = g_dir_make_tmp("deckpress-hyphen-XXXXXX", NULL);
	assert_non_null(dir);
	gchar *data = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents("/usr/share/hyphen/hyph_da_DK.dic", &data, &len, NULL));
	char *path = g_build_filename(dir, "hyph_da.dic", NULL);
	assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	g_free(path);
	g_free(data);
	return dir;
}

static void remove_dict_dir(char *dir)
{
	char *path = g_build_filename(dir, "hyph_da.dic", NULL);
	remove(path);
	g_free(path);
	assert_int_equal(remove(dir), 0);
	g_free(dir);
}

static void hyphen__dictionaries_load_ahead(void **state)
{
	(void)state;
	char *dir = copy_dict_dir();
	struct hyphenator *h = hyphenator_create(dir);
	/* a language twice, one without a dictionary, and no language */
	const char *langs[] = {"da", "fi", "da-DK", "1x"};
	hyphenator_load_ahead(h, langs, 4);
	hyphenator_settle(h);
	hyphenator_settle(h); /* nothing left to wait for */
	/* loaded: what the file holds now is not read again */
	char *path = g_build_filename(dir, "hyph_da.dic", NULL);
	assert_true(g_file_set_contents(path, "ISO8859-1\n", -1, NULL));
	g_free(path);
	check_with(h, "da", "medarbejderrepræsentanter", "med-arbejder-repræ-sen-tan-ter");
	check_with(h, "fi", "yhteistyössä", "yhteistyössä");
	hyphenator_destroy(h);

	/* without loading ahead, the dictionary is read at first use: one
	 * without patterns by then */
	h = hyphenator_create(dir);
	struct rich in, out;
	rich_from(&in, "medarbejderrepræsentanter");
	hyphenator_hyphenate(&out, h, "da", &in);
	char *got = show(&out);
	assert_string_not_equal(got, "med-arbejder-repræ-sen-tan-ter");
	free(got);
	rich_finish(&in);
	rich_finish(&out);
	hyphenator_destroy(h);
	remove_dict_dir(dir);
}

static void hyphen__loading_ahead_is_waited_for(void **state)
{
	(void)state;
	const char *langs[] = {"en", "da"};
	/* hyphenating waits for the thread, whichever language it asks */
	struct hyphenator *h = hyphenator_create(NULL);
	hyphenator_load_ahead(h, langs, 2);
	check_with(h, "en", "collaboration", "col-lab-o-ra-tion");
	check_with(h, "da", "samarbejdsudvalget", "sam-ar-bejds-ud-valget");
	/* loading ahead again loads nothing twice */
	hyphenator_load_ahead(h, langs, 2);
	check_with(h, "en", "collaboration", "col-lab-o-ra-tion");
	hyphenator_destroy(h);
	/* and so does freeing the hyphenator unused */
	h = hyphenator_create(NULL);
	hyphenator_load_ahead(h, langs, 2);
	hyphenator_destroy(h);
	hyphenator_settle(NULL);
}

/* Break points of one word, as a string of '0'/'1' per letter gap. */
struct measure {
	size_t words, points, wrong, wrong_words, joints, missed;
};

/* Measures h on bench/hyphen-da.txt (tests run in the source folder): the
 * points it offers that are not correct, and the compound joints it misses,
 * only where a point leaves at least three letters on each side. */
static void measure_list(struct hyphenator *h, struct measure *m, bool verbose)
{
	*m = (struct measure){0};
	FILE *fp = fopen("bench/hyphen-da.txt", "r");
	assert_non_null(fp);
	char line[256];
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		/* the word, and the mark after each letter (by letter index) */
		struct buf word;
		buf_init(&word);
		char marks[64] = {0};
		size_t n = 0;
		for (const char *p = line; *p; p = g_utf8_next_char(p)) {
			if (*p == '-' || *p == '|')
				marks[n - 1] = *p;
			else {
				buf_append(&word, p, (size_t)(g_utf8_next_char(p) - p));
				n++;
			}
		}
		struct rich in, out;
		rich_init(&in);
		rich_append_plain(&in, buf_str(&word), word.len, 0);
		hyphenator_hyphenate(&out, h, "da", &in);
		char got[64] = {0};
		size_t letter = 0;
		for (const char *p = out.text; *p; p = g_utf8_next_char(p)) {
			if (memcmp(p, SHY, 2) == 0)
				got[letter - 1] = 1;
			else
				letter++;
		}
		bool bad = false;
		for (size_t i = 0; i + 1 < n; i++) {
			bool usable = i + 1 >= 3 && n - i - 1 >= 3;
			m->points += got[i] != 0;
			if (got[i] && (!usable || !marks[i])) {
				m->wrong++;
				bad = true;
			}
			if (usable && marks[i] == '|') {
				m->joints++;
				m->missed += !got[i];
			}
		}
		m->wrong_words += bad;
		m->words++;
		if (verbose && bad) {
			char *shown = show(&out);
			print_message("  %-40s  want %s\n", shown, line);
			free(shown);
		}
		rich_finish(&in);
		rich_finish(&out);
		buf_finish(&word);
	}
	fclose(fp);
}

static void hyphen__dictionaries_are_found_by_bcp47_code(void **state)
{
	struct hyphenator *h = *state;
	/* Debian's hyphen-de, hyphen-sv, hyphen-pt-br: by language, by the
	 * language's usual region, by the code's region */
	check(state, "de", "Zusammenarbeit", "Zusam-men-ar-beit");
	check(state, "sv", "arbetsmiljön", "arbets-mil-jön");
	check(state, "pt-BR", "colaboração", "cola-bo-ra-ção");
	assert_true(hyphenator_has_language(h, "de-AT"));
	assert_true(hyphenator_has_language(h, "sv"));
	assert_true(hyphenator_has_language(h, "pt_br"));
	/* no hyphen-fi or hyphen-nb on the machine: no dictionary, text as is */
	assert_false(hyphenator_has_language(h, "fi"));
	check(state, "fi", "yhteistyö", "yhteistyö");
}

static void hyphen__danish_workplace_words_measured(void **state)
{
	struct measure m;
	measure_list(*state, &m, getenv("HYPHEN_VERBOSE") != NULL);
	print_message("bench/hyphen-da.txt: %zu words, %zu points offered, %zu wrong in %zu "
	              "words, %zu of %zu joints missed\n",
	              m.words, m.points, m.wrong, m.wrong_words, m.missed, m.joints);
	assert_true(m.words >= 150);
	/* measured when written: 2 wrong points in 2 words ("for-an-drings"
	 * twice, the dictionary's), 6 of 227 joints missed; before the
	 * compound finder and the built-in exceptions: 74 wrong points in 72
	 * words, 28 joints missed (bench/README.md) */
	assert_true(m.wrong <= 3);
	assert_true(m.missed <= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(hyphen__danish_compounds),
	        cmocka_unit_test(hyphen__danish_right_minimum_is_three),
	        cmocka_unit_test(hyphen__danish_repairs_weak_patterns),
	        cmocka_unit_test(hyphen__english_words),
	        cmocka_unit_test(hyphen__every_english_uses_the_us_dictionary),
	        cmocka_unit_test(hyphen__exception_wins_over_dictionary),
	        cmocka_unit_test(hyphen__exception_without_hyphen_never_breaks),
	        cmocka_unit_test(hyphen__malformed_exceptions_are_refused),
	        cmocka_unit_test(hyphen__typed_soft_hyphens_are_kept),
	        cmocka_unit_test(hyphen__spans_cover_inserted_bytes),
	        cmocka_unit_test(hyphen__apostrophes_euro_and_ligatures_render),
	        cmocka_unit_test(hyphen__short_words_stay_whole),
	        cmocka_unit_test(hyphen__digits_caps_and_addresses_stay_whole),
	        cmocka_unit_test(hyphen__unknown_language_is_unchanged),
	        cmocka_unit_test(hyphen__missing_dictionary_is_no_error),
	        cmocka_unit_test(hyphen__decomposed_letters_are_normalised),
	        cmocka_unit_test(hyphen__no_hyphenator_hyphenates_nothing),
	        cmocka_unit_test(hyphen__dictionaries_load_ahead),
	        cmocka_unit_test(hyphen__loading_ahead_is_waited_for),
	        cmocka_unit_test(hyphen__dictionaries_are_found_by_bcp47_code),
	        cmocka_unit_test(hyphen__danish_workplace_words_measured),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
