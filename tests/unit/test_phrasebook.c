/* The phrasebook (model/phrasebook.c): the program's own words per language,
 * from templates/i18n/ and a kit's i18n/. Files are written to a temporary
 * folder; the shared files of the repository are checked against the C
 * strings they replaced, so the pages do not change. */
#include <assert.h>
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

#include "model/phrasebook.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the C strings the shared files replace (cli/board.c, cli/build.c,
 * render/board.c, output/sink_sheets.c, output/proof.c, model/document.c
 * before issue 9), byte for byte ---- */

#define OLD_DA_INSTR                                                                                    \
	"**%d ark %s** (%d rækker × %d kolonner) giver tavlen i fuld størrelse, %.0f × %.0f mm; "   \
	"nabo-ark overlapper mindst %.0f mm.\n"                                                         \
	"1. Udskriv i 100 %% (faktisk størrelse), ikke “tilpas til side”.\n"                       \
	"2. Klip hvert ark langs den hele linje i venstre og øverste kant, hvor der står “klip” " \
	"(A1 klippes ikke).\n"                                                                          \
	"3. Læg det klippede ark over naboen, så billedet passer og kanten flugter med mærkerne, "   \
	"og lim i den grå stribe.\n"                                                                   \
	"4. Saml række for række, fra A1 til %s. Skær til sidst den hvide kant af langs "            \
	"hjørnemærkerne."
#define OLD_EN_INSTR                                                                                   \
	"**%d sheets of %s** (%d rows × %d columns) make the board at full size, %.0f × %.0f mm; "   \
	"neighbouring sheets overlap by at least %.0f mm.\n"                                           \
	"1. Print at 100 %% (actual size), not “fit to page”.\n"                                   \
	"2. Cut each sheet along the solid line at its left and top edge where it says “cut” (A1 " \
	"is not cut).\n"                                                                               \
	"3. Lay the cut sheet over its neighbour so the picture lines up and its edge meets the "      \
	"ticks, and glue it in the grey strip.\n"                                                      \
	"4. Join row by row, from A1 to %s. Last, trim the white border along the corner marks."
#define OLD_DA_CUT "klip her · læg over %s"
#define OLD_EN_CUT "cut here · lay over %s"
#define OLD_DA_GLUE "lim · %s lægges her"
#define OLD_EN_GLUE "glue · %s goes here"

static const struct {
	const char *lang;
	enum phrase_key key;
	const char *text;
} old_plain[] = {
        {"da", PHRASE_BOARD_LEGEND_TITLE, "Felterne"},
        {"da", PHRASE_PIECES_CUT, "Klip langs de hele linjer"},
        {"da", PHRASE_PIECES_FOLD, "Fold langs de stiplede linjer"},
        {"da", PHRASE_PIECES_PRINT,
         "Udskriv i 100 % (faktisk størrelse). Lim figurens to sider sammen; sæt en splitnål "
         "gennem hjulet og viseren."},
        {"da", PHRASE_SHEETS_NOTE, "Udskriv i 100 % (faktisk størrelse), ikke “tilpas til side”"},
        {"da", PHRASE_TILES_HEADING, "Samlevejledning"},
        {"da", PHRASE_TILES_NOTE, "udskriv i 100 %"},
        {"da", PHRASE_TILES_SEAM,
         "Hvor en samling går gennem tekst, er den orange: læg arkene særlig præcist der."},
        {"en", PHRASE_BOARD_LEGEND_TITLE, "The spaces"},
        {"en", PHRASE_PIECES_CUT, "Cut along the solid lines"},
        {"en", PHRASE_PIECES_FOLD, "Fold along the dashed lines"},
        {"en", PHRASE_PIECES_PRINT,
         "Print at 100 % (actual size). Glue the two sides of each pawn together; push a paper "
         "fastener through spinner and pointer."},
        {"en", PHRASE_SHEETS_NOTE, "Print at 100 % (actual size), not “fit to page”"},
        {"en", PHRASE_TILES_HEADING, "Assembly"},
        {"en", PHRASE_TILES_NOTE, "print at 100 %"},
        {"en", PHRASE_TILES_SEAM,
         "Where a seam runs through text, it is orange: lay the sheets with extra care there."},
        {"en", PHRASE_SHEETS_ALIGNMENT_LONG,
         "Alignment test. Print this page and the next on the two sides of one sheet, at 100 %, "
         "flipping on the long edge. Hold the sheet against the light: each cross on this side "
         "should sit in the middle of the rings on the other side (1, 2 and 3 mm). If it does not, "
         "set your printer's duplex offset, or use --duplex fold."},
        {"en", PHRASE_SHEETS_ALIGNMENT_SHORT,
         "Alignment test. Print this page and the next on the two sides of one sheet, at 100 %, "
         "flipping on the short edge. Hold the sheet against the light: each cross on this side "
         "should sit in the middle of the rings on the other side (1, 2 and 3 mm). If it does not, "
         "set your printer's duplex offset, or use --duplex fold."},
        {"en", PHRASE_SHEETS_ALIGNMENT_BACK, "Alignment test, back: rings 1, 2 and 3 mm"},
        {"en", PHRASE_PROOF_WHERE, "where"},
        {"en", PHRASE_PROOF_EMPTY, "(empty)"},
        {"en", PHRASE_PROOF_MISSING, "MISSING"},
        {"en", PHRASE_PROOF_BACK, "back"},
        {"en", PHRASE_PROOF_FRONT, "front"},
};

static const struct {
	const char *lang, *text;
} old_page_texts[] = {
        {"da", "Side {page} af {pages}"},    {"en", "Page {page} of {pages}"},
        {"de", "Seite {page} von {pages}"},  {"sv", "Sida {page} av {pages}"},
        {"nb", "Side {page} av {pages}"},    {"nn", "Side {page} av {pages}"},
        {"no", "Side {page} av {pages}"},    {"fr", "Page {page} sur {pages}"},
        {"nl", "Pagina {page} van {pages}"}, {"es", "Página {page} de {pages}"},
        {"it", "Pagina {page} di {pages}"},  {"fi", "Sivu {page}/{pages}"},
        {"pl", "Strona {page} z {pages}"},   {"is", "Síða {page} af {pages}"},
};

/* ---- fixture: a temporary folder with shared/ and kit/i18n/ ---- */

struct fixture {
	char dir[64];    /* the temporary folder */
	char shared[96]; /* <dir>/shared */
	char kit[96];    /* <dir>/kit */
	char *files[16]; /* written, to remove */
	size_t nfiles;
	struct diag diag;
	struct phrasebook *pb;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_phrasebook.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->shared, sizeof(f->shared), "%s/shared", f->dir);
	snprintf(f->kit, sizeof(f->kit), "%s/kit", f->dir);
	char i18n[128];
	snprintf(i18n, sizeof(i18n), "%s/i18n", f->kit);
	if (mkdir(f->shared, 0700) || mkdir(f->kit, 0700) || mkdir(i18n, 0700))
		return -1;
	diag_init(&f->diag);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	phrasebook_destroy(f->pb);
	diag_finish(&f->diag);
	for (size_t i = 0; i < f->nfiles; i++) {
		unlink(f->files[i]);
		free(f->files[i]);
	}
	char i18n[128];
	snprintf(i18n, sizeof(i18n), "%s/i18n", f->kit);
	rmdir(i18n);
	rmdir(f->kit);
	rmdir(f->shared);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Writes text to <dir>/<rel>. */
static void put(struct fixture *f, const char *rel, const char *text)
{
	assert(f->nfiles < LEN(f->files));
	size_t n = strlen(f->dir) + strlen(rel) + 2;
	char *path = malloc(n);
	snprintf(path, n, "%s/%s", f->dir, rel);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	f->files[f->nfiles++] = path;
}

/* What d holds, as printed, with the temporary folder left out of paths;
 * empties d. Caller frees. */
static char *messages(struct fixture *f)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	assert_non_null(fp);
	diag_flush(&f->diag, fp);
	assert_int_equal(fclose(fp), 0);
	size_t n = strlen(f->dir);
	char *w = out;
	for (const char *r = out; *r;) {
		if (strncmp(r, f->dir, n) == 0 && r[n] == '/')
			r += n + 1;
		else
			*w++ = *r++;
	}
	*w = '\0';
	return out;
}

static void assert_messages(struct fixture *f, const char *want)
{
	char *got = messages(f);
	assert_string_equal(got, want);
	free(got);
}

/* Loads shared/ and, with kit, kit/i18n/; asserts it loads cleanly. */
static void load_ok(struct fixture *f, bool kit)
{
	bool ok = phrasebook_load(&f->pb, f->shared, kit ? f->kit : NULL, &f->diag);
	assert_messages(f, "");
	assert_true(ok);
	assert_non_null(f->pb);
}

/* Loads and asserts failure with exactly the messages in want. */
static void assert_load_fails(struct fixture *f, bool kit, const char *want)
{
	f->pb = (struct phrasebook *)1;
	bool ok = phrasebook_load(&f->pb, f->shared, kit ? f->kit : NULL, &f->diag);
	assert_false(ok);
	assert_null(f->pb);
	assert_messages(f, want);
}

#define HEADER(lang) "kind: phrasebook\nlang: " lang "\ntexts:\n"

/* ---- the table ---- */

static void phrasebook__keys_are_unique_and_found_by_name(void **state)
{
	(void)state;
	for (int i = 0; i < PHRASE_COUNT; i++) {
		const char *key = phrasebook_get_key((enum phrase_key)i);
		enum phrase_key p;
		assert_true(phrasebook_find_key(key, &p));
		assert_int_equal(p, i);
		const char *const *ph = phrasebook_get_placeholders((enum phrase_key)i);
		size_t n = 0;
		while (ph[n])
			n++;
		assert_in_range(n, 0, 8);
	}
	enum phrase_key p;
	assert_false(phrasebook_find_key("tiles.cutt", &p));
	assert_false(phrasebook_find_key("", &p));
}

/* docs/i18n.md and the schema name every key: they are kept by hand. */
static void phrasebook__docs_and_schema_name_every_key(void **state)
{
	(void)state;
	const char *files[] = {"docs/i18n.md", "schema/phrasebook.schema.json"};
	for (size_t k = 0; k < LEN(files); k++) {
		FILE *fp = fopen(files[k], "r");
		assert_non_null(fp);
		static char text[65536];
		size_t n = fread(text, 1, sizeof(text) - 1, fp);
		text[n] = '\0';
		fclose(fp);
		for (int i = 0; i < PHRASE_COUNT; i++) {
			char want[64];
			snprintf(want, sizeof(want), k == 0 ? "`%s`" : "\"%s\"",
			         phrasebook_get_key((enum phrase_key)i));
			if (!strstr(text, want))
				fail_msg("%s does not name %s", files[k], want);
		}
	}
}

/* ---- the shared files ---- */

static void phrasebook__shared_files_are_valid_and_da_en_complete(void **state)
{
	struct fixture *f = *state;
	bool ok = phrasebook_load(&f->pb, "templates/i18n", NULL, &f->diag);
	assert_messages(f, "");
	assert_true(ok);
	for (int i = 0; i < PHRASE_COUNT; i++) {
		assert_non_null(phrasebook_get(f->pb, "da", (enum phrase_key)i, NULL));
		assert_non_null(phrasebook_get(f->pb, "en", (enum phrase_key)i, NULL));
	}
}

static void phrasebook__shared_texts_equal_the_old_c_strings(void **state)
{
	struct fixture *f = *state;
	assert_true(phrasebook_load(&f->pb, "templates/i18n", NULL, &f->diag));
	for (size_t i = 0; i < LEN(old_plain); i++) {
		const char *got = phrasebook_get(f->pb, old_plain[i].lang, old_plain[i].key, NULL);
		assert_non_null(got);
		assert_string_equal(got, old_plain[i].text);
	}
	for (size_t i = 0; i < LEN(old_page_texts); i++) {
		const char *got =
		        phrasebook_get(f->pb, old_page_texts[i].lang, PHRASE_DOCUMENT_PAGE, NULL);
		assert_non_null(got);
		assert_string_equal(got, old_page_texts[i].text);
	}
}

/* The printf formats of before, against the texts filled with the values
 * a caller formats the same way. */
static void phrasebook__filled_texts_equal_the_old_printf(void **state)
{
	struct fixture *f = *state;
	assert_true(phrasebook_load(&f->pb, "templates/i18n", NULL, &f->diag));
	char old[2048];
	struct buf b;
	buf_init(&b);
	const struct phrase_arg tiles[] = {
	        {"sheets", "6"},  {"paper", "A3"},   {"rows", "2"},     {"columns", "3"},
	        {"width", "841"}, {"height", "594"}, {"overlap", "12"}, {"last", "B3"},
	};
	const char *fmts[] = {OLD_DA_INSTR, OLD_EN_INSTR};
	const char *langs[] = {"da", "en"};
	for (int l = 0; l < 2; l++) {
		snprintf(old, sizeof(old), fmts[l], 6, "A3", 2, 3, 841.0, 594.0, 12.0, "B3");
		buf_clear(&b);
		assert_true(phrasebook_format(f->pb, langs[l], PHRASE_TILES_INSTRUCTIONS, tiles,
		                              LEN(tiles), &b));
		assert_string_equal(buf_str(&b), old);
	}
	const struct phrase_arg tile[] = {{"tile", "B2"}};
	const char *cut[] = {OLD_DA_CUT, OLD_EN_CUT}, *glue[] = {OLD_DA_GLUE, OLD_EN_GLUE};
	for (int l = 0; l < 2; l++) {
		snprintf(old, sizeof(old), cut[l], "B2");
		buf_clear(&b);
		assert_true(phrasebook_format(f->pb, langs[l], PHRASE_TILES_CUT, tile, 1, &b));
		assert_string_equal(buf_str(&b), old);
		snprintf(old, sizeof(old), glue[l], "B2");
		buf_clear(&b);
		assert_true(phrasebook_format(f->pb, langs[l], PHRASE_TILES_GLUE, tile, 1, &b));
		assert_string_equal(buf_str(&b), old);
	}
	/* output/proof.c */
	struct {
		enum phrase_key key;
		struct phrase_arg args[2];
		const char *want;
	} proof[] = {
	        {PHRASE_PROOF_TITLE,
	         {{"title", "Kapitalkort"}, {"id", "kapitalkort"}},
	         "Translation proof: Kapitalkort (kapitalkort)"},
	        {PHRASE_PROOF_SET, {{"size", "9.5"}}, "set at 9.5 pt"},
	        {PHRASE_PROOF_SHRUNK,
	         {{"size", "8.25"}, {"design", "10"}},
	         "set at 8.25 pt (shrunk from 10 pt)"},
	        {PHRASE_PROOF_TOO_WIDE, {{"mm", "1.5"}}, "a word 1.5 mm too wide"},
	        {PHRASE_PROOF_TOO_TALL, {{"mm", "3.0"}}, "3.0 mm too tall"},
	        {PHRASE_PROOF_NO_FIT,
	         {{"size", "7"}, {"problem", "a word 1.5 mm too wide, 3.0 mm too tall"}},
	         "DOES NOT FIT at 7 pt: a word 1.5 mm too wide, 3.0 mm too tall"},
	};
	for (size_t i = 0; i < LEN(proof); i++) {
		buf_clear(&b);
		assert_true(phrasebook_format(f->pb, "en", proof[i].key, proof[i].args, 2, &b));
		assert_string_equal(buf_str(&b), proof[i].want);
	}
	buf_finish(&b);
}

/* ---- lookup ---- */

/* English, Chinese and Traditional Chinese, each with one text. */
static void put_chain(struct fixture *f)
{
	put(f, "shared/en.yaml", HEADER("en") "  board.legend-title: The spaces\n");
	put(f, "shared/zh.yaml", HEADER("zh") "  document.page: \"第 {page} 页\"\n");
	put(f, "shared/zh-Hant.yaml", HEADER("zh-Hant") "  board.legend-title: 格子\n");
}

/* zh-Hant-TW's texts from put_chain()'s files: its own, then zh's. */
static void assert_zh_hant_tw(const struct phrasebook *pb)
{
	assert_string_equal(phrasebook_get(pb, "zh-Hant-TW", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "格子");
	assert_string_equal(phrasebook_get(pb, "zh-Hant-TW", PHRASE_DOCUMENT_PAGE, NULL),
	                    "第 {page} 页");
}

static void phrasebook__falls_back_along_bcp47_tags(void **state)
{
	struct fixture *f = *state;
	put_chain(f);
	load_ok(f, false);
	struct phrasebook *pb = f->pb;
	assert_string_equal(phrasebook_get(pb, "en-GB", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "The spaces");
	assert_string_equal(phrasebook_get(pb, "EN-gb", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "The spaces");
	assert_string_equal(phrasebook_get(pb, "en-a-foo", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "The spaces");
	assert_zh_hant_tw(pb);
	/* no prefix match that is not a whole subtag */
	assert_null(phrasebook_get(pb, "eng", PHRASE_BOARD_LEGEND_TITLE, NULL));
	assert_null(phrasebook_get(pb, "e", PHRASE_BOARD_LEGEND_TITLE, NULL));
	assert_null(phrasebook_get(pb, "", PHRASE_BOARD_LEGEND_TITLE, NULL));
}

/* A kit's build reads the shared files its languages' lookups can reach
 * (their fallback chains, and English) and no other: the same texts for
 * those, and another language's file, broken here, is never parsed. */
static void phrasebook__load_for_reads_the_kit_languages_only(void **state)
{
	struct fixture *f = *state;
	put_chain(f);
	put(f, "shared/sv.yaml", HEADER("sv") "  board.legend-title: Rutorna\n");
	put(f, "shared/de.yaml", HEADER("fr") "  no.such-key: x\n");
	static const char *const codes[] = {"zh-Hant-TW", "da"};
	const struct langs only = {.codes = codes, .count = 2};
	bool ok = phrasebook_load_for(&f->pb, f->shared, NULL, &only, &f->diag);
	assert_messages(f, "");
	assert_true(ok);
	struct phrasebook *pb = f->pb;
	assert_zh_hant_tw(pb);
	assert_string_equal(phrasebook_get(pb, "en", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "The spaces");
	assert_null(phrasebook_get(pb, "sv", PHRASE_BOARD_LEGEND_TITLE, NULL));
	phrasebook_destroy(pb);
	f->pb = NULL;
	/* all of them: the broken file is read and reported */
	f->pb = (struct phrasebook *)1;
	assert_false(phrasebook_load(&f->pb, f->shared, NULL, &f->diag));
	assert_null(f->pb);
	char *got = messages(f);
	assert_non_null(strstr(got, "de.yaml"));
	free(got);
}

/* A text only deckpress has falls back to English, with a warning from
 * require; a text the product can carry itself (a footer's page text, a
 * legend's title) never does. */
static void phrasebook__only_program_texts_fall_back_to_english(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/en.yaml",
	    HEADER("en") "  tiles.cut: \"cut here · lay over {tile}\"\n"
	                 "  document.page: \"Page {page} of {pages}\"\n"
	                 "  board.legend-title: The spaces\n");
	put(f, "shared/sv.yaml", HEADER("sv") "  tiles.glue: \"limma · {tile}\"\n");
	load_ok(f, false);
	assert_string_equal(phrasebook_get(f->pb, "sv", PHRASE_TILES_CUT, NULL),
	                    "cut here · lay over {tile}");
	assert_null(phrasebook_get(f->pb, "sv", PHRASE_DOCUMENT_PAGE, NULL));
	assert_null(phrasebook_get(f->pb, "pt-BR", PHRASE_BOARD_LEGEND_TITLE, NULL));
	assert_null(phrasebook_get(NULL, "en", PHRASE_TILES_CUT, NULL));
	struct buf b;
	buf_init(&b);
	const struct phrase_arg a[] = {{"tile", "B2"}};
	assert_true(phrasebook_format(f->pb, "sv", PHRASE_TILES_CUT, a, 1, &b));
	assert_string_equal(buf_str(&b), "cut here · lay over B2");
	buf_finish(&b);
	struct mark at = {.file = "board.yaml", .line = 2, .col = 1};
	const enum phrase_key keys[] = {PHRASE_TILES_CUT, PHRASE_TILES_GLUE};
	assert_true(phrasebook_require(f->pb, "sv", keys, 2, at, &f->diag));
	assert_messages(f, "board.yaml:2:1: warning: no text for 'tiles.cut' in language 'sv', so "
	                   "the English is printed; add it to 'shared/sv.yaml'\n");
	assert_int_equal(diag_get_error_count(&f->diag), 0);
	const enum phrase_key page = PHRASE_DOCUMENT_PAGE;
	assert_false(phrasebook_require(f->pb, "sv", &page, 1, at, &f->diag));
	assert_messages(f, "board.yaml:2:1: error: no text for 'document.page' in language 'sv'; "
	                   "add it to 'shared/sv.yaml'\n");
	assert_true(phrasebook_require(NULL, "sv", keys, 2, at, &f->diag));
}

static void phrasebook__fill_replaces_placeholders_and_unescapes_braces(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "> ");
	const struct phrase_arg a[] = {{"a", "1"}, {"bb", "{x}"}, {"unused", "?"}};
	phrasebook_fill("{a}-{bb} {{a}} }} {a}{a}", a, LEN(a), &b);
	assert_string_equal(buf_str(&b), "> 1-{x} {a} } 11");
	buf_clear(&b);
	phrasebook_fill("", a, LEN(a), &b);
	assert_string_equal(buf_str(&b), "");
	phrasebook_fill("no braces at all", NULL, 0, &b);
	assert_string_equal(buf_str(&b), "no braces at all");
	buf_finish(&b);
}

static void phrasebook__format_fills_and_reports_where_the_text_is(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/da.yaml",
	    HEADER("da") "  tiles.note: udskriv i 100 %\n"
	                 "  tiles.glue: \"lim · {tile} lægges her\"\n");
	load_ok(f, false);
	struct buf b;
	buf_init(&b);
	const struct phrase_arg a[] = {{"tile", "A2"}};
	assert_true(phrasebook_format(f->pb, "da", PHRASE_TILES_GLUE, a, 1, &b));
	assert_string_equal(buf_str(&b), "lim · A2 lægges her");
	buf_finish(&b);
	struct mark m = {0};
	assert_non_null(phrasebook_get(f->pb, "da", PHRASE_TILES_GLUE, &m));
	assert_int_equal(m.line, 5);
	assert_int_equal(m.col, 15);
	assert_non_null(strstr(m.file, "shared/da.yaml"));
}

/* ---- the kit ---- */

static void phrasebook__kit_overrides_shared_texts_per_key(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/da.yaml",
	    HEADER("da") "  board.legend-title: Felterne\n"
	                 "  tiles.cut: \"klip her · læg over {tile}\"\n");
	put(f, "shared/en-GB.yaml", HEADER("en-GB") "  board.legend-title: The squares\n");
	put(f, "kit/i18n/da.yaml", HEADER("da") "  board.legend-title: Banens felter\n");
	put(f, "kit/i18n/en.yaml", HEADER("en") "  board.legend-title: Our spaces\n");
	put(f, "kit/i18n/pt.yaml", HEADER("pt") "  tiles.cut: \"corte aqui · {tile}\"\n");
	load_ok(f, true);
	struct phrasebook *pb = f->pb;
	struct mark m = {0};
	assert_string_equal(phrasebook_get(pb, "da", PHRASE_BOARD_LEGEND_TITLE, &m),
	                    "Banens felter");
	assert_non_null(strstr(m.file, "kit/i18n/da.yaml"));
	assert_string_equal(phrasebook_get(pb, "da-DK", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "Banens felter");
	/* what the kit leaves out comes from the shared file */
	assert_string_equal(phrasebook_get(pb, "da", PHRASE_TILES_CUT, NULL),
	                    "klip her · læg over {tile}");
	/* a language the tool lacks */
	assert_string_equal(phrasebook_get(pb, "pt-BR", PHRASE_TILES_CUT, NULL),
	                    "corte aqui · {tile}");
	/* the more specific language wins over the kit */
	assert_string_equal(phrasebook_get(pb, "en-GB", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "The squares");
	assert_string_equal(phrasebook_get(pb, "en-US", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "Our spaces");
}

/* A kit without an i18n folder is fine. */
static void phrasebook__kit_folder_is_optional(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/en.yaml", HEADER("en") "  board.legend-title: The spaces\n");
	bool ok = phrasebook_load(&f->pb, f->shared, f->shared /* has no i18n/ */, &f->diag);
	assert_messages(f, "");
	assert_true(ok);
	assert_string_equal(phrasebook_get(f->pb, "en", PHRASE_BOARD_LEGEND_TITLE, NULL),
	                    "The spaces");
}

/* ---- missing texts ---- */

static void phrasebook__missing_texts_are_reported_once_per_language_and_key(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/en.yaml", HEADER("en") "  tiles.cut: \"cut here · lay over {tile}\"\n");
	put(f, "shared/sv.yaml", HEADER("sv") "  tiles.cut: \"klipp här · {tile}\"\n");
	load_ok(f, true);
	struct mark at = {.file = "board.yaml", .line = 3, .col = 12};
	const enum phrase_key tiles[] = {PHRASE_TILES_CUT, PHRASE_TILES_GLUE, PHRASE_TILES_NOTE,
	                                 PHRASE_TILES_SEAM};
	assert_false(phrasebook_require(f->pb, "sv", tiles, 3, at, &f->diag));
	assert_messages(f, "board.yaml:3:12: error: no text for 'tiles.glue' and 'tiles.note' in "
	                   "language 'sv'; add them to 'kit/i18n/sv.yaml'\n");
	/* per page, per board: no second report */
	for (int page = 0; page < 3; page++)
		assert_false(phrasebook_require(f->pb, "sv", tiles, 3, at, &f->diag));
	assert_messages(f, "");
	/* only the key not reported before */
	assert_false(phrasebook_require(f->pb, "sv", tiles, 4, at, &f->diag));
	assert_messages(f, "board.yaml:3:12: error: no text for 'tiles.seam' in language 'sv'; "
	                   "add it to 'kit/i18n/sv.yaml'\n");
	/* present everywhere: true, silent */
	assert_true(phrasebook_require(f->pb, "sv", tiles, 1, at, &f->diag));
	assert_true(phrasebook_require(f->pb, "en-GB", tiles, 1, at, &f->diag));
	assert_true(phrasebook_require(f->pb, "fi", tiles, 0, at, &f->diag));
	assert_messages(f, "");
	/* another language is reported on its own */
	assert_false(phrasebook_require(f->pb, "fi", tiles, 4, at, &f->diag));
	assert_messages(f, "board.yaml:3:12: error: no text for 'tiles.cut', 'tiles.glue', "
	                   "'tiles.note' and 'tiles.seam' in language 'fi'; add them to "
	                   "'kit/i18n/fi.yaml'\n");
	assert_int_equal(f->diag.errors, 3);
}

/* The file to add to: the kit's most specific file of the language's
 * chain, else the kit's file for the language; without a kit, the shared
 * one. */
static void phrasebook__missing_texts_name_the_file_to_add_them_to(void **state)
{
	struct fixture *f = *state;
	put(f, "kit/i18n/pt.yaml", HEADER("pt") "  tiles.cut: \"corte aqui · {tile}\"\n");
	put(f, "shared/de.yaml", HEADER("de") "  board.legend-title: Die Felder\n");
	load_ok(f, true);
	struct mark at = {.file = "board.yaml", .line = 1, .col = 1};
	const enum phrase_key glue = PHRASE_TILES_GLUE;
	assert_false(phrasebook_require(f->pb, "pt-BR", &glue, 1, at, &f->diag));
	assert_false(phrasebook_require(f->pb, "de", &glue, 1, at, &f->diag));
	assert_messages(f, "board.yaml:1:1: error: no text for 'tiles.glue' in language 'pt-BR'; "
	                   "add it to 'kit/i18n/pt.yaml'\n"
	                   "board.yaml:1:1: error: no text for 'tiles.glue' in language 'de'; "
	                   "add it to 'kit/i18n/de.yaml'\n");
	phrasebook_destroy(f->pb);
	f->pb = NULL;
	assert_true(phrasebook_load(&f->pb, f->shared, NULL, &f->diag));
	assert_false(phrasebook_require(f->pb, "de-AT", &glue, 1, at, &f->diag));
	assert_false(phrasebook_require(f->pb, "sv", &glue, 1, at, &f->diag));
	assert_messages(f, "board.yaml:1:1: error: no text for 'tiles.glue' in language 'de-AT'; "
	                   "add it to 'shared/de.yaml'\n"
	                   "board.yaml:1:1: error: no text for 'tiles.glue' in language 'sv'; "
	                   "add it to 'shared/sv.yaml'\n");
}

/* ---- validation ---- */

static void phrasebook__unknown_keys_are_errors_with_a_suggestion(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/da.yaml",
	    HEADER("da") "  tiles.cutt: klip\n"
	                 "  colour: rød\n"
	                 "  pieces.cut: Klip\n"
	                 "text: {}\n");
	assert_load_fails(f, false,
	                  "shared/da.yaml:4:3: error: unknown key 'tiles.cutt' in texts; did you "
	                  "mean 'tiles.cut'?\n"
	                  "shared/da.yaml:5:3: error: unknown key 'colour' in texts\n"
	                  "shared/da.yaml:7:1: error: unknown key 'text' in phrasebook; did you "
	                  "mean 'texts'?\n");
}

static void phrasebook__unknown_placeholders_are_errors(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/en.yaml",
	    HEADER("en") "  tiles.cut: \"cut here · lay over {tiel}\"\n"
	                 "  tiles.glue: \"glue {x}\"\n"
	                 "  tiles.note: \"{page}\"\n"
	                 "  document.page: \"{page} {pages} {total}\"\n"
	                 "  tiles.heading: \"{{literal}} braces\"\n");
	assert_load_fails(f, false,
	                  "shared/en.yaml:4:14: error: unknown placeholder '{tiel}' in "
	                  "'tiles.cut'; did you mean '{tile}'?\n"
	                  "shared/en.yaml:5:15: error: unknown placeholder '{x}' in 'tiles.glue'; "
	                  "it may use {tile}\n"
	                  "shared/en.yaml:6:15: error: unknown placeholder '{page}' in "
	                  "'tiles.note'; it takes none\n"
	                  "shared/en.yaml:7:18: error: unknown placeholder '{total}' in "
	                  "'document.page'; it may use {page}, {pages}\n");
}

static void phrasebook__unbalanced_braces_are_errors(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/en.yaml",
	    HEADER("en") "  tiles.cut: \"cut {tile\"\n"
	                 "  tiles.glue: \"glue } {tile}\"\n");
	assert_load_fails(f, false,
	                  "shared/en.yaml:4:14: error: unclosed '{' in 'tiles.cut'; write '{{' for "
	                  "a literal brace\n"
	                  "shared/en.yaml:5:15: error: unmatched '}' in 'tiles.glue'; write '}}' "
	                  "for a literal brace\n");
}

static void phrasebook__header_errors(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/da.yaml", "kind: phrasebook\ntexts: {}\n");
	put(f, "shared/en.yaml", "kind: deck\nlang: en\ntexts: {}\n");
	put(f, "shared/sv.yaml", "kind: phrasebook\nlang: se\ntexts: {}\n");
	put(f, "kit/i18n/fi.yaml", "lang: fi\n");
	assert_load_fails(f, true,
	                  "kit/i18n/fi.yaml:1:1: error: phrasebook has no 'kind'\n"
	                  "kit/i18n/fi.yaml:1:1: error: phrasebook has no 'texts'\n"
	                  "shared/da.yaml:1:1: error: phrasebook has no 'lang'\n"
	                  "shared/en.yaml:1:7: error: expected 'kind: phrasebook' in a file of "
	                  "i18n texts, not 'kind: deck'\n"
	                  "shared/sv.yaml:2:7: error: phrasebook language 'se' does not match its "
	                  "file name 'sv.yaml'\n");
}

static void phrasebook__values_of_the_wrong_shape_are_errors(void **state)
{
	struct fixture *f = *state;
	put(f, "shared/da.yaml",
	    HEADER("da") "  tiles.cut: [klip]\n"
	                 "  tiles.glue: \"\"\n");
	put(f, "shared/en.yaml", "kind: phrasebook\nlang: en\ntexts: [a]\n");
	put(f, "shared/fi.yaml", "- kind: phrasebook\n");
	put(f, "shared/sv.yaml", "");
	assert_load_fails(
	        f, false,
	        "shared/da.yaml:4:14: error: text 'tiles.cut' must be a single value, not a list\n"
	        "shared/da.yaml:5:15: error: text 'tiles.glue' is empty\n"
	        "shared/en.yaml:3:8: error: texts must be a mapping of keys, not a list\n"
	        "shared/fi.yaml:1:1: error: phrasebook must be a mapping of keys, not a list\n"
	        "shared/sv.yaml: error: file is empty; expected 'kind: phrasebook', 'lang:' and "
	        "'texts:'\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	        T(phrasebook__keys_are_unique_and_found_by_name),
	        T(phrasebook__docs_and_schema_name_every_key),
	        T(phrasebook__shared_files_are_valid_and_da_en_complete),
	        T(phrasebook__shared_texts_equal_the_old_c_strings),
	        T(phrasebook__filled_texts_equal_the_old_printf),
	        T(phrasebook__falls_back_along_bcp47_tags),
	        T(phrasebook__load_for_reads_the_kit_languages_only),
	        T(phrasebook__only_program_texts_fall_back_to_english),
	        T(phrasebook__fill_replaces_placeholders_and_unescapes_braces),
	        T(phrasebook__format_fills_and_reports_where_the_text_is),
	        T(phrasebook__kit_overrides_shared_texts_per_key),
	        T(phrasebook__kit_folder_is_optional),
	        T(phrasebook__missing_texts_are_reported_once_per_language_and_key),
	        T(phrasebook__missing_texts_name_the_file_to_add_them_to),
	        T(phrasebook__unknown_keys_are_errors_with_a_suggestion),
	        T(phrasebook__unknown_placeholders_are_errors),
	        T(phrasebook__unbalanced_braces_are_errors),
	        T(phrasebook__header_errors),
	        T(phrasebook__values_of_the_wrong_shape_are_errors),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
