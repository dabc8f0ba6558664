/* libFuzzer target: template field expansion. The bytes up to the first NUL
 * are the text of a template's text element ("{id} · {text}", with "{{" and
 * "}}" as literal braces, and markup); the rest is the card's text, which
 * {text} brings in. Both go into YAML as quoted strings, the deck and its
 * template are read, and the card's front and back are laid out in both
 * languages with the bundled fonts: field lookup, markup of literals and
 * values, hyphenation and fitting. */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout/card.h"
#include "model/template.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const codes[] = {"da", "en"};
static const struct langs langs = {codes, 2};
static struct fonts *fonts;
static struct hyphenator *hy;
static FILE *sink;

static const char deck_head[] =
        "kind: deck\n"
        "id: d\n"
        "title: {da: Kortene, en: The cards}\n"
        "size: poker\n"
        "template: t\n"
        "types:\n"
        "  statement: {label: {da: Udsagn, en: Statement}, prompt: {da: Enig?, en: Agree?}}\n"
        "categories:\n"
        "  - {id: tillid, name: {da: Tillid, en: Trust}, color: \"#FF0000\"}\n"
        "back: {design: category, color: \"#0000FF\", text: {da: Bag, en: Back}}\n"
        "cards:\n"
        "  - {id: T01, category: tillid, type: statement, level: 2, text: ";

static const char template_head[] =
        "kind: template\n"
        "id: t\n"
        "faces:\n"
        "  front:\n"
        "    - {type: text, x: 5mm, y: 5mm, w: 53mm, h: 78mm, hyphenate: true,\n"
        "       font: {family: Lato, size: 12pt, min-size: 6pt}, text: ";

static const char template_back[] =
        "}\n"
        "  back:\n"
        "    - {type: rect, x: 0mm, y: 0mm, w: 63mm, h: 88mm, fill: \"{back.color}\"}\n"
        "    - {type: text, x: 5mm, y: 40mm, w: 53mm, h: 10mm, text: \"{back.text} "
        "{deck.title}\",\n"
        "       font: {family: Noto Sans, size: 10pt}}\n";

/* s[0, n) as a YAML double-quoted string. */
static void append_quoted(struct buf *b, const char *s, size_t n)
{
	buf_append(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02X", c);
		else
			buf_append(b, &s[i], 1);
	}
	buf_append(b, "\"", 1);
}

static bool check_family(const char *family, struct mark m, void *ctx)
{
	if (fonts_has_family(fonts, family))
		return true;
	diag_error(ctx, m, "font family '%s' is not in fonts/", family);
	return false;
}

struct tmpl_ctx {
	const struct node *root;
	struct arena *arena;
	struct diag *d;
};

static const struct template *get_template(const char *name, struct mark m, const struct langs *l,
                                           void *ctx)
{
	struct tmpl_ctx *tc = ctx;
	(void)name;
	(void)m;
	struct reader r = {.d = tc->d, .arena = tc->arena, .langs = *l};
	struct template *t;
	if (!template_read(&t, tc->root, &r, NULL, check_family, tc->d))
		return NULL;
	return t;
}

static void lay_out(const struct deck *deck, struct diag *d)
{
	for (size_t lang = 0; lang < langs.count; lang++) {
		struct deck_fit fit;
		deck_fit_init(&fit, deck, lang, fonts_get_context(fonts), hy, d);
		for (size_t i = 0; i < deck->ncards; i++)
			for (int face = FACE_FRONT; face <= FACE_BACK; face++) {
				struct face_layout fl;
				layout_card_face(&fl, deck, &deck->cards[i], (enum face_kind)face,
				                 lang, fonts_get_context(fonts), hy, &fit, d);
				face_layout_finish(&fl);
			}
		deck_fit_finish(&fit);
	}
}

static void run(const char *tmpl, size_t tlen, const char *text, size_t xlen)
{
	struct diag d;
	diag_init(&d);
	struct buf t, k;
	buf_init(&t);
	buf_init(&k);
	buf_append(&t, template_head, strlen(template_head));
	append_quoted(&t, tmpl, tlen);
	buf_append(&t, template_back, strlen(template_back));
	buf_append(&k, deck_head, strlen(deck_head));
	append_quoted(&k, text, xlen);
	buf_append(&k, "}\n", 2);
	struct yml_doc *tdoc = NULL, *kdoc = NULL;
	struct arena arena;
	arena_init(&arena);
	if (yml_load_buffer(&tdoc, "t.yaml", t.data, t.len, &d) &&
	    yml_load_buffer(&kdoc, "d.yaml", k.data, k.len, &d)) {
		struct tmpl_ctx tc = {tdoc->root, &arena, &d};
		struct reader r = {.d = &d, .arena = &arena};
		struct deck *deck;
		if (deck_read(&deck, kdoc->root, &r, &langs, NULL, &profile_default, get_template,
		              &tc))
			lay_out(deck, &d);
	}
	arena_finish(&arena);
	yml_doc_destroy(tdoc);
	yml_doc_destroy(kdoc);
	buf_finish(&t);
	buf_finish(&k);
	diag_flush(&d, sink);
	diag_finish(&d);
}

static void destroy(void)
{
	fonts_destroy(fonts);
	hyphenator_destroy(hy);
	fclose(sink);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct diag d;
	diag_init(&d);
	if (!fonts_create(&fonts, DECKPRESS_SOURCE_DIR "/fonts", &d) ||
	    !(sink = getenv("FUZZ_VERBOSE") ? fdopen(dup(2), "w") : fopen("/dev/null", "w")))
		abort();
	diag_finish(&d);
	hy = hyphenator_create(NULL);
	/* loads the dictionaries once, so that every input then does the same */
	static const char warm[] = "{text} **{id}**";
	static const char text[] = "samarbejdsrelationer *collaboration*";
	run(warm, strlen(warm), text, strlen(text));
	atexit(destroy);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a NUL ends the template text; the loader refuses invalid UTF-8 and a
	 * NUL in a text, so those inputs are not worth laying out */
	const char *s = (const char *)data;
	const char *nul = memchr(s, '\0', size);
	size_t tlen = nul ? (size_t)(nul - s) : size;
	const char *text = nul ? nul + 1 : "";
	size_t xlen = nul ? size - tlen - 1 : 0;
	if (!g_utf8_validate(s, (gssize)tlen, NULL) || !g_utf8_validate(text, (gssize)xlen, NULL))
		return 0;
	run(s, tlen, text, xlen);
	return 0;
}
