/* Documents: reading (model/document.c) and pagination (layout/doc.c), from
 * YAML in memory, measured with the bundled fonts. No pixels: the pages are
 * checked as positioned items. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layout/doc.h"
#include "load/yml.h"
#include "model/document.h"
#include "typeset/fonts.h"
#include "util/buf.h"
#include "util/diag.h"

#ifdef NDEBUG
#error "the tests rely on assert(); build them without NDEBUG"
#endif

#define MM(x) ((x)*72.0 / 25.4)

struct fixture {
	struct fonts *fonts;
	struct diag diag;
	struct yml_doc *yml;
	struct document *doc;
	struct doc_layout *layout;
	struct phrasebook *phrases;
	struct hyphenator *hy;
};

static const char *const codes[] = {"da", "en"};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	diag_init(&f->diag);
	if (!fonts_create(&f->fonts, "fonts", &f->diag))
		return -1;
	f->hy = hyphenator_create(NULL);
	if (!phrasebook_load(&f->phrases, "templates/i18n", NULL, &f->diag))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fonts_destroy(f->fonts);
	hyphenator_destroy(f->hy);
	phrasebook_destroy(f->phrases);
	diag_finish(&f->diag);
	free(f);
	return 0;
}

/* Frees what the last test made. */
static int reset(void **state)
{
	struct fixture *f = *state;
	doc_layout_destroy(f->layout);
	document_destroy(f->doc);
	yml_doc_destroy(f->yml);
	f->layout = NULL;
	f->doc = NULL;
	f->yml = NULL;
	diag_finish(&f->diag);
	diag_init(&f->diag);
	return 0;
}

/* The kit reports a missing family; here it is only checked. */
static bool check_family(const char *family, struct mark m, void *ctx)
{
	(void)m;
	return fonts_has_family(ctx, family);
}

/* Reads yaml as a document; NULL (errors in f->diag) when it is wrong. */
static struct document *read_doc(struct fixture *f, const char *yaml)
{
	if (!yml_load_buffer(&f->yml, "doc.yaml", yaml, strlen(yaml), &f->diag))
		return NULL;
	struct langs kl = {codes, 2};
	struct doc_env env = {.kit_langs = &kl,
	                      .check_family = check_family,
	                      .fonts_ctx = f->fonts,
	                      .phrases = f->phrases};
	document_read(&f->doc, f->yml->root, &env, &f->diag);
	return f->doc;
}

/* Reads and lays out yaml in language lang; asserts that both succeed. */
static struct doc_layout *lay(struct fixture *f, const char *yaml, size_t lang)
{
	struct document *doc = read_doc(f, yaml);
	if (!doc)
		diag_flush(&f->diag, stderr);
	assert_non_null(doc);
	bool ok = layout_document(&f->layout, doc, lang, fonts_get_context(f->fonts), f->hy,
	                          &f->diag);
	if (!ok)
		diag_flush(&f->diag, stderr);
	assert_true(ok);
	return f->layout;
}

/* The text of a text item (the lines it shows), without soft hyphens. */
static void item_text(const struct doc_layout *l, const struct doc_item *it, struct buf *out)
{
	const struct doc_par *p = &l->pars[it->par];
	for (size_t k = p->starts[it->first_line]; k < p->starts[it->first_line + it->nlines];
	     k++) {
		if ((unsigned char)p->rich.text[k] == 0xC2 &&
		    (unsigned char)p->rich.text[k + 1] == 0xAD) {
			k++;
			continue;
		}
		buf_putc(out, p->rich.text[k]);
	}
}

/* Every text of a page, in drawing order, separated by '|'. */
static char *page_text(const struct doc_layout *l, size_t page)
{
	struct buf b;
	buf_init(&b);
	const struct doc_page *pg = &l->pages[page];
	for (size_t i = 0; i < pg->count; i++) {
		if (pg->items[i].type != DOC_TEXT)
			continue;
		item_text(l, &pg->items[i], &b);
		buf_putc(&b, '|');
	}
	return buf_detach(&b);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* A small page so that a few blocks fill it: A6, 10 mm margins, no header
 * or footer. */
#define SMALL_PAGE                                                                                 \
	"kind: document\nid: t\ntitle: {da: Prøve, en: Test}\n"                                   \
	"page: {size: a6, margins: 10mm}\nheader: false\nfooter: false\n"

/* Each page becomes a display list: the outline's bookmarks first on the
 * first page, then one operation per item, texts as ranges of lines. */
static void doc__pages_become_display_lists_with_the_outline_first(void **state)
{
	struct fixture *f = *state;
	struct doc_layout *l = lay(f,
	                           SMALL_PAGE "blocks:\n"
	                                      "  - {type: heading, level: 1, text: Overskriften}\n"
	                                      "  - {type: paragraph, text: Hej verden}\n",
	                           0);
	assert_int_equal(l->npages, 1);
	assert_true(l->noutline >= 1);
	const struct dlist *dl = &l->dlists[0];
	assert_float_equal(dl->trim_w, l->page_w, 1e-9);
	assert_float_equal(dl->trim_h, l->page_h, 1e-9);
	size_t i = 0;
	for (; i < l->noutline; i++) {
		assert_int_equal(dl->ops[i].kind, DL_BOOKMARK);
		assert_string_equal(dl->ops[i].u.bookmark.title, l->outline[i].title);
		assert_string_equal(dl->ops[i].u.bookmark.dest, l->outline[i].dest);
	}
	size_t ntexts = 0, nitems = 0;
	for (size_t k = 0; k < l->pages[0].count; k++)
		nitems += l->pages[0].items[k].type == DOC_TEXT;
	for (; i < dl->count; i++) {
		assert_int_not_equal(dl->ops[i].kind, DL_BOOKMARK);
		if (dl->ops[i].kind == DL_TEXT) {
			assert_true(dl->ops[i].u.text.lines);
			ntexts++;
		}
	}
	assert_int_equal(ntexts, nitems);
	struct buf b;
	buf_init(&b);
	dlist_dump(dl, &b);
	assert_non_null(strstr(buf_str(&b), "\"Hej verden\""));
	buf_finish(&b);
}

/* The text dump of a layout names every page and item, with its box in mm
 * and, for texts, the lines it shows of its paragraph. */
static void doc__dump_lists_pages_items_and_lines(void **state)
{
	struct fixture *f = *state;
	struct doc_layout *l = lay(f,
	                           SMALL_PAGE "blocks:\n"
	                                      "  - {type: heading, level: 1, text: Overskriften}\n"
	                                      "  - {type: paragraph, text: Hej verden}\n",
	                           0);
	struct buf b;
	buf_init(&b);
	doc_layout_dump(l, &b);
	const char *d = buf_str(&b);
	assert_true(strncmp(d, "page 1\n", 7) == 0);
	assert_null(strstr(d, "page 2\n"));
	assert_non_null(strstr(d, " lines 0-0/1 \"Overskriften\"\n"));
	assert_non_null(strstr(d, " lines 0-0/1 \"Hej verden\"\n"));
	assert_int_equal(count_of(d, "\n  text "), 2);
	buf_finish(&b);
}

static void doc__agenda_times_are_computed_from_start_and_minutes(void **state)
{
	struct fixture *f = *state;
	struct doc_layout *l =
	        lay(f,
	            SMALL_PAGE "blocks:\n"
	                       "  - type: agenda\n"
	                       "    start: \"9:50\"\n"
	                       "    total-minutes: 75\n"
	                       "    columns:\n"
	                       "      - {field: time, label: Tid, width: 25mm}\n"
	                       "      - {field: duration, label: Min, width: 15mm}\n"
	                       "      - {field: title, label: Blok}\n"
	                       "    items:\n"
	                       "      - {minutes: 10, title: Velkomst}\n"
	                       "      - {minutes: 45, title: Arbejde}\n"
	                       "      - {minutes: 20, title: Afslutning, break: true}\n",
	            0);
	char *t = page_text(l, 0);
	assert_non_null(strstr(t, "9:50\u201310:00|"));
	assert_non_null(strstr(t, "10:00\u201310:45|"));
	assert_non_null(strstr(t, "10:45\u201311:05|"));
	assert_non_null(strstr(t, "45 min|"));
	free(t);
}

static void doc__clock_formats_keep_the_start_times_style(void **state)
{
	(void)state;
	char b[16];
	doc_format_clock(0, false, b, sizeof(b));
	assert_string_equal(b, "0:00");
	doc_format_clock(9 * 60 + 5, true, b, sizeof(b));
	assert_string_equal(b, "09:05");
	doc_format_clock(24 * 60 + 30, false, b, sizeof(b)); /* past midnight */
	assert_string_equal(b, "0:30");
}

static void doc__agenda_total_that_does_not_add_up_is_an_error(void **state)
{
	struct fixture *f = *state;
	assert_null(read_doc(f, SMALL_PAGE
	                     "blocks:\n"
	                     "  - type: agenda\n"
	                     "    total-minutes: 60\n"
	                     "    columns: [{field: time}, {field: title}]\n"
	                     "    items: [{minutes: 10, title: A}, {minutes: 20, title: B}]\n"));
	assert_int_equal(f->diag.len, 1);
	assert_int_equal(f->diag.entries[0].mark.line, 9);
	assert_string_equal(f->diag.entries[0].message,
	                    "the agenda items add up to 30 minutes (0:30), not 60 (1:00)");
}

/* A table of many rows on a small page: every row once and whole, and
 * the header first on every page. */
static void doc__table_across_pages_repeats_its_header(void **state)
{
	struct fixture *f = *state;
	struct buf y;
	buf_init(&y);
	buf_puts(&y,
	         SMALL_PAGE "blocks:\n  - type: paragraph\n    text: Indledning\n"
	                    "  - type: table\n    columns: [Hoved, {label: Kolonne, width: 30mm}]\n"
	                    "    rows:\n");
	for (int i = 1; i <= 40; i++)
		buf_printf(&y,
		           "      - [\"Række %02d\", \"celle %02d med lidt tekst der brydes\"]\n",
		           i, i);
	struct doc_layout *l = lay(f, buf_str(&y), 0);
	buf_finish(&y);
	assert_true(l->npages >= 3);
	struct buf all;
	buf_init(&all);
	for (size_t p = 0; p < l->npages; p++) {
		char *t = page_text(l, p);
		/* the header opens every page (after the paragraph on the first) */
		const char *hdr = strstr(t, "Hoved|Kolonne|");
		assert_non_null(hdr);
		const char *row = strstr(t, "Række");
		assert_non_null(row);
		assert_true(hdr < row);
		assert_int_equal(count_of(t, "Hoved|"), 1);
		buf_puts(&all, t);
		free(t);
	}
	/* each row whole on one page, once */
	for (int i = 1; i <= 40; i++) {
		char want[64];
		snprintf(want, sizeof(want), "Række %02d|celle %02d", i, i);
		assert_int_equal(count_of(buf_str(&all), want), 1);
	}
	buf_finish(&all);
}

/* A heading is never the last thing in a column: whatever page it is
 * on, the first lines of the next paragraph are there too. */
static void doc__heading_is_kept_with_the_next_block(void **state)
{
	struct fixture *f = *state;
	for (int n = 1; n <= 14; n++) {
		struct buf y;
		buf_init(&y);
		buf_puts(&y, SMALL_PAGE "blocks:\n");
		for (int i = 0; i < n; i++)
			buf_printf(&y, "  - {type: paragraph, text: \"Afsnit %d på én linje.\"}\n",
			           i);
		buf_puts(&y, "  - {type: heading, level: 2, text: Overskriften}\n"
		             "  - type: paragraph\n    text: Første linje af teksten efter "
		             "overskriften, som er "
		             "lang nok til at fylde flere linjer på den lille side, så den kan "
		             "deles.\n");
		struct doc_layout *l = lay(f, buf_str(&y), 0);
		buf_finish(&y);
		bool found = false;
		for (size_t p = 0; p < l->npages; p++) {
			char *t = page_text(l, p);
			const char *h = strstr(t, "Overskriften|");
			if (h) {
				found = true;
				assert_non_null(strstr(h, "Første linje"));
			}
			free(t);
		}
		assert_true(found);
		reset(state);
	}
}

/* Wherever a long paragraph breaks, each part has at least two lines: no
 * orphan at the foot of a page, no widow at the head of the next. */
static void doc__paragraph_breaks_leave_no_widow_or_orphan(void **state)
{
	struct fixture *f = *state;
	int splits = 0;
	for (int n = 0; n <= 16; n++) {
		struct buf y;
		buf_init(&y);
		buf_puts(&y, SMALL_PAGE "blocks:\n");
		for (int i = 0; i < n; i++)
			buf_printf(&y, "  - {type: paragraph, text: \"Fyld %d.\"}\n", i);
		buf_puts(&y, "  - type: paragraph\n    text: LANG");
		for (int i = 0; i < 30; i++)
			buf_puts(&y, " ord og flere ord i en lang tekst");
		buf_puts(&y, "\n");
		struct doc_layout *l = lay(f, buf_str(&y), 0);
		buf_finish(&y);
		for (size_t p = 0; p < l->npages; p++) {
			const struct doc_page *pg = &l->pages[p];
			for (size_t i = 0; i < pg->count; i++) {
				const struct doc_item *it = &pg->items[i];
				if (it->type != DOC_TEXT)
					continue;
				const struct doc_par *par = &l->pars[it->par];
				if (strncmp(par->rich.text, "LANG", 4) != 0)
					continue;
				assert_true(it->nlines >= 2);
				if (it->nlines < par->nlines)
					splits++;
			}
		}
		reset(state);
	}
	assert_true(splits > 0); /* the paragraph did cross pages */
}

/* Rows move whole; only a row taller than a page is split, at lines. */
static void doc__table_row_splits_only_when_taller_than_a_page(void **state)
{
	struct fixture *f = *state;
	struct buf y;
	buf_init(&y);
	buf_puts(&y, SMALL_PAGE
	         "blocks:\n  - type: table\n    header: false\n"
	         "    columns: [{width: 20mm}, {label: B}]\n    rows:\n      - [Kort, kort]\n"
	         "      - [Lang, \"START");
	for (int i = 0; i < 160; i++)
		buf_puts(&y, " meget tekst");
	buf_puts(&y, " SLUT\"]\n");
	struct doc_layout *l = lay(f, buf_str(&y), 0);
	buf_finish(&y);
	assert_true(l->npages >= 2);
	char *p0 = page_text(l, 0), *last = page_text(l, l->npages - 1);
	assert_non_null(strstr(p0, "Kort|"));
	assert_non_null(strstr(p0, "START"));
	assert_non_null(strstr(last, "SLUT"));
	free(p0);
	free(last);
}

static void doc__block_that_never_fits_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct document *doc =
	        read_doc(f, SMALL_PAGE "blocks:\n"
	                               "  - {type: paragraph, text: Før}\n"
	                               "  - {type: lines, label: Noter, count: 50}\n");
	assert_non_null(doc);
	assert_false(
	        layout_document(&f->layout, doc, 0, fonts_get_context(f->fonts), f->hy, &f->diag));
	assert_null(f->layout);
	assert_int_equal(f->diag.len, 1);
	assert_int_equal(f->diag.entries[0].mark.line, 9);
	assert_int_equal(f->diag.entries[0].mark.col, 5);
	assert_non_null(strstr(f->diag.entries[0].message, "this lines block is"));
	assert_non_null(strstr(f->diag.entries[0].message, "can never fit on a page"));
}

static void doc__footer_says_page_n_of_m_in_each_language(void **state)
{
	struct fixture *f = *state;
	const char *yaml = "kind: document\nid: t\ntitle: {da: Prøve, en: Test}\n"
	                   "page: {size: a6, margins: 15mm}\n"
	                   "blocks:\n  - {type: paragraph, text: Et}\n  - {type: page-break}\n"
	                   "  - {type: paragraph, text: To}\n  - {type: page-break}\n"
	                   "  - {type: paragraph, text: Tre}\n";
	struct doc_layout *l = lay(f, yaml, 0);
	assert_int_equal(l->npages, 3);
	char *t = page_text(l, 1);
	assert_non_null(strstr(t, "Side 2 af 3|"));
	free(t);
	reset(state);
	l = lay(f, yaml, 1);
	t = page_text(l, 2);
	assert_non_null(strstr(t, "Page 3 of 3|"));
	free(t);
}

static void doc__two_columns_flow_left_then_right(void **state)
{
	struct fixture *f = *state;
	struct buf y;
	buf_init(&y);
	buf_puts(&y, "kind: document\nid: t\ntitle: T\npage: {size: a6, margins: 10mm, columns: 2, "
	             "gap: 5mm}\n"
	             "header: false\nfooter: false\nblocks:\n  - {type: title, span: true}\n");
	for (int i = 0; i < 30; i++)
		buf_printf(&y, "  - {type: paragraph, text: \"Afsnit %02d.\"}\n", i);
	struct doc_layout *l = lay(f, buf_str(&y), 0);
	buf_finish(&y);
	/* the paragraphs go down the left column, then the right one, in order */
	double left = MM(10), right = MM(10) + (MM(85) - MM(5)) / 2 + MM(5);
	int last = -1, in_right = 0;
	bool seen_right = false;
	const struct doc_page *pg = &l->pages[0];
	for (size_t i = 0; i < pg->count; i++) {
		const struct doc_item *it = &pg->items[i];
		int n;
		if (it->type != DOC_TEXT ||
		    sscanf(l->pars[it->par].rich.text, "Afsnit %d.", &n) != 1)
			continue;
		assert_int_equal(n, last + 1);
		last = n;
		if (it->box.x > left + 1) {
			assert_float_equal(it->box.x, right, 0.01);
			seen_right = true;
			in_right++;
		} else {
			assert_float_equal(it->box.x, left, 0.01);
			assert_false(seen_right);
		}
	}
	assert_true(in_right > 0);
}

static void doc__outline_nests_headings(void **state)
{
	struct fixture *f = *state;
	struct doc_layout *l =
	        lay(f,
	            SMALL_PAGE "blocks:\n"
	                       "  - {type: heading, text: Et}\n"
	                       "  - {type: heading, level: 2, text: \"Kerne\\\\-opgaven\"}\n"
	                       "  - {type: paragraph, text: x}\n"
	                       "  - {type: heading, text: To}\n"
	                       "  - {type: paragraph, text: y}\n",
	            0);
	assert_int_equal(l->noutline, 3);
	assert_int_equal(l->outline[1].level, 2);
	assert_string_equal(l->outline[1].title, "Kerneopgaven"); /* no soft hyphen */
	assert_string_equal(l->outline[2].title, "To");
	assert_string_equal(l->outline[0].dest, "h1");
}

static void doc__unknown_block_type_and_key_are_reported_with_suggestions(void **state)
{
	struct fixture *f = *state;
	assert_null(read_doc(f, SMALL_PAGE "blocks:\n"
	                                   "  - {type: tabel, columns: [A]}\n"
	                                   "  - {type: heading, txt: Hej}\n"));
	assert_int_equal(f->diag.len, 2);
	assert_int_equal(f->diag.entries[0].mark.line, 8);
	assert_int_equal(f->diag.entries[0].mark.col, 12);
	assert_string_equal(f->diag.entries[0].message,
	                    "unknown block type 'tabel'; did you mean 'table'?");
	assert_string_equal(f->diag.entries[1].message,
	                    "unknown key 'txt' in heading block; did you mean 'text'?");
}

static void doc__fixed_widths_wider_than_the_page_are_an_error(void **state)
{
	struct fixture *f = *state;
	assert_null(read_doc(f, SMALL_PAGE
	                     "blocks:\n"
	                     "  - type: table\n"
	                     "    columns: [{label: A, width: 50mm}, {label: B, width: 40mm}]\n"
	                     "    empty-rows: 2\n"));
	assert_int_equal(f->diag.len, 1);
	assert_int_equal(f->diag.entries[0].mark.line, 9);
	assert_string_equal(
	        f->diag.entries[0].message,
	        "the column widths add up to 90.0mm, more than the 85.0mm the column has");
}

static void doc__card_reference_without_decks_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct document *doc = read_doc(
	        f, SMALL_PAGE "blocks:\n  - {type: paragraph, text: \"Se {card:K10}.\"}\n");
	assert_non_null(doc);
	assert_false(
	        layout_document(&f->layout, doc, 0, fonts_get_context(f->fonts), f->hy, &f->diag));
	assert_int_equal(f->diag.len, 1);
	assert_string_equal(f->diag.entries[0].message,
	                    "card reference 'K10', but the kit has no decks (in 'da')");
}

/* The x of the first text item of page 0 that starts with s, in points. */
static double text_x(const struct doc_layout *l, const char *s)
{
	const struct doc_page *pg = &l->pages[0];
	for (size_t i = 0; i < pg->count; i++) {
		if (pg->items[i].type != DOC_TEXT)
			continue;
		struct buf b;
		buf_init(&b);
		item_text(l, &pg->items[i], &b);
		bool found = strncmp(buf_str(&b), s, strlen(s)) == 0;
		buf_finish(&b);
		if (found)
			return pg->items[i].box.x;
	}
	fail_msg("no text '%s'", s);
	return 0;
}

#define CONTENT_TABLE                                                                              \
	"blocks:\n  - type: table\n    header: false\n    padding: {x: 2mm, y: 1mm}\n"             \
	"    columns: %s\n    rows:\n"                                                             \
	"      - [\"Nr\", \"En lang tekst der har brug for det meste af pladsen i tabellen, "      \
	"fordi den fortsætter over flere linjer\", \"Kort svar her\"]\n"

/* Without weights, columns are as wide as their content asks (CSS's
 * automatic table layout); with weights, as the weights share the room. */
static void doc__table_columns_are_sized_from_their_content(void **state)
{
	struct fixture *f = *state;
	char yaml[1024];
	snprintf(yaml, sizeof(yaml), SMALL_PAGE CONTENT_TABLE, "[A, B, C]");
	struct doc_layout *l = lay(f, yaml, 0);
	double x0 = text_x(l, "Nr"), x1 = text_x(l, "En lang"), x2 = text_x(l, "Kort");
	double w0 = x1 - x0, w1 = x2 - x1, w2 = MM(85) - (x2 - x0);
	/* "Nr" gets little more than its width and its padding */
	assert_true(w0 < MM(12));
	assert_true(w1 > 2 * w2);
	assert_true(w2 > w0);
	/* the text sits 2mm (padding x) inside its column */
	assert_float_equal(x0, MM(10) + MM(2), 1e-6);
	reset(state);
	snprintf(yaml, sizeof(yaml), SMALL_PAGE CONTENT_TABLE,
	         "[{label: A, weight: 1}, {label: B, weight: 1}, {label: C, weight: 1}]");
	l = lay(f, yaml, 0);
	x0 = text_x(l, "Nr");
	x1 = text_x(l, "En lang");
	x2 = text_x(l, "Kort");
	assert_float_equal(x1 - x0, MM(85) / 3, 1e-6);
	assert_float_equal(x2 - x1, MM(85) / 3, 1e-6);
}

/* A cover's band starts at the page's top-left corner (bleed included)
 * and runs across the whole page; a plain title draws no such band. */
static bool has_top_band(const struct doc_layout *l, double bleed)
{
	const struct doc_page *pg = &l->pages[0];
	for (size_t k = 0; k < pg->count; k++) {
		const struct doc_item *it = &pg->items[k];
		if (it->type == DOC_RECT && it->has_fill && it->box.x <= -bleed + 1e-6 &&
		    it->box.y <= -bleed + 1e-6 && it->box.w >= l->page_w + 2 * bleed - 1e-6 &&
		    it->box.h > 0.3 * l->page_h)
			return true;
	}
	return false;
}

static void doc__cover_band_reaches_the_page_edges(void **state)
{
	struct fixture *f = *state;
	struct doc_layout *l =
	        lay(f,
	            SMALL_PAGE "blocks:\n  - {type: title, cover: true}\n  - {type: paragraph, "
	                       "text: Hej}\n",
	            0);
	assert_true(has_top_band(l, 0));
	char *t = page_text(l, 0);
	assert_non_null(strstr(t, "Prøve"));
	free(t);
	reset(state);
	l = lay(f, SMALL_PAGE "blocks:\n  - {type: title}\n  - {type: paragraph, text: Hej}\n", 0);
	assert_false(has_top_band(l, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_teardown(doc__cover_band_reaches_the_page_edges, reset),
	        cmocka_unit_test_teardown(doc__agenda_times_are_computed_from_start_and_minutes,
	                                  reset),
	        cmocka_unit_test(doc__clock_formats_keep_the_start_times_style),
	        cmocka_unit_test_teardown(doc__agenda_total_that_does_not_add_up_is_an_error,
	                                  reset),
	        cmocka_unit_test_teardown(doc__table_across_pages_repeats_its_header, reset),
	        cmocka_unit_test_teardown(doc__heading_is_kept_with_the_next_block, reset),
	        cmocka_unit_test_teardown(doc__paragraph_breaks_leave_no_widow_or_orphan, reset),
	        cmocka_unit_test_teardown(doc__table_row_splits_only_when_taller_than_a_page,
	                                  reset),
	        cmocka_unit_test_teardown(doc__block_that_never_fits_is_an_error, reset),
	        cmocka_unit_test_teardown(doc__footer_says_page_n_of_m_in_each_language, reset),
	        cmocka_unit_test_teardown(doc__two_columns_flow_left_then_right, reset),
	        cmocka_unit_test_teardown(doc__outline_nests_headings, reset),
	        cmocka_unit_test_teardown(
	                doc__unknown_block_type_and_key_are_reported_with_suggestions, reset),
	        cmocka_unit_test_teardown(doc__fixed_widths_wider_than_the_page_are_an_error,
	                                  reset),
	        cmocka_unit_test_teardown(doc__card_reference_without_decks_is_an_error, reset),
	        cmocka_unit_test_teardown(doc__table_columns_are_sized_from_their_content, reset),
	        cmocka_unit_test_teardown(doc__dump_lists_pages_items_and_lines, reset),
	        cmocka_unit_test_teardown(doc__pages_become_display_lists_with_the_outline_first,
	                                  reset),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
