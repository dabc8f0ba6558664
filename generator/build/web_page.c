#include "build/web_page.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/about.h"
#include "model/document.h"
#include "output/atomic.h"
#include "typeset/markup.h"
#include "util/buf.h"
#include "util/mem.h"

/* ---- text ---- */

/* Appends s with the characters HTML gives a meaning escaped. */
static void put_html(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

/* Appends a text as the reader sees it: markup taken out, escaped. */
static void put_text(struct buf *b, const char *src)
{
	struct rich r;
	rich_init(&r);
	const char *err;
	size_t off;
	put_html(b, markup_parse(&r, src, 0, &err, &off) ? r.text : src);
	rich_finish(&r);
}

/* Appends the program's text p in lang, filled from args, escaped. */
static void put_phrase(struct buf *b, const struct web_site *w, const char *lang, enum phrase_key p,
                       const struct phrase_arg *args, size_t nargs)
{
	struct buf t;
	buf_init(&t);
	phrasebook_format(w->ctx->kit->phrases, lang, p, args, nargs, &t);
	put_html(b, buf_str(&t));
	buf_finish(&t);
}

/* Appends the program's text p in lang with its placeholders unfilled, for
 * the script to fill (data-template). */
static void put_template(struct buf *b, const struct web_site *w, const char *lang,
                         enum phrase_key p)
{
	const char *t = phrasebook_get(w->ctx->kit->phrases, lang, p, NULL);
	put_html(b, t ? t : "");
}

/* ---- colours: WCAG 2 contrast ---- */

static double channel(double c)
{
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(struct color c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

static double contrast(struct color a, struct color b)
{
	double la = luminance(a), lb = luminance(b);
	return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* White or black, whichever reads better on bg: at least 4.58:1, AA. */
static struct color text_on(struct color bg)
{
	struct color white = {1, 1, 1}, black = {0, 0, 0};
	return contrast(white, bg) >= contrast(black, bg) ? white : black;
}

static void put_color(struct buf *b, struct color c)
{
	buf_printf(b, "#%02x%02x%02x", (int)lround(c.r * 255), (int)lround(c.g * 255),
	           (int)lround(c.b * 255));
}

/* The page's colours as CSS variables: the brand's text colour for ink and
 * the header, its surface for the paper, when they contrast enough. */
static void put_palette(struct buf *b, const struct web_site *w)
{
	const struct brand *brand = w->ctx->kit->brand;
	const struct brand_color *ink = brand_find_color(brand, NULL, "text");
	const struct brand_color *paper = brand_find_color(brand, NULL, "surface");
	struct color i = ink ? ink->color : (struct color){0.12, 0.14, 0.19};
	struct color p = paper ? paper->color : (struct color){0.97, 0.97, 0.95};
	if (contrast(i, p) < 7) {
		i = (struct color){0.1, 0.1, 0.1};
		p = (struct color){1, 1, 1};
	}
	buf_puts(b, "<style>:root{--ink:");
	put_color(b, i);
	buf_puts(b, ";--paper:");
	put_color(b, p);
	buf_puts(b, ";--bar:");
	put_color(b, i);
	buf_puts(b, ";--on-bar:");
	put_color(b, text_on(i));
	buf_puts(b, "}</style>\n");
}

/* ---- items ---- */

/* The start page of lang. Static or in the buffer: valid until it changes. */
static void start_page_name(struct buf *b, const struct web_site *w, const char *lang)
{
	if (strcmp(lang, w->langs->codes[0]) == 0)
		buf_puts(b, "index.html");
	else
		buf_printf(b, "index.%s.html", lang);
}

/* ---- the frame of every page ---- */

static void put_head(struct buf *b, const struct web_site *w, const char *lang, const char *title)
{
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	           lang);
	buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<title>");
	put_text(b, title);
	buf_puts(b, "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
	            "<link rel=\"stylesheet\" href=\"assets/deckpress.css\">\n");
	put_palette(b, w);
	buf_puts(b, "</head>\n<body>\n");
}

/* The bar at the top: logo, the kit's title (a link to the start page) and
 * the same page in the other languages (others(lang) gives its name, or
 * NULL where there is none). */
static void put_bar(struct buf *b, const struct web_site *w, const char *lang,
                    void (*other)(struct buf *, const struct web_site *, const char *,
                                  const void *),
                    const void *ctx)
{
	const struct kit *kit = w->ctx->kit;
	int kl = langs_find(&kit->langs, lang);
	buf_puts(b, "<header class=\"bar\">\n<a class=\"home\" href=\"");
	start_page_name(b, w, lang);
	buf_puts(b, "\">");
	if (w->logo)
		buf_printf(b, "<img class=\"logo\" src=\"%s\" alt=\"\">", w->logo);
	put_text(b, kl >= 0 && ltext_is_set(&kit->title) ? ltext_get(&kit->title, (size_t)kl)
	                                                 : kit->name);
	buf_puts(b, "</a>\n<nav class=\"langs\">");
	for (size_t l = 0; l < w->langs->count; l++) {
		const char *code = w->langs->codes[l];
		if (strcmp(code, lang) == 0) {
			buf_printf(b, "<span aria-current=\"page\" lang=\"%s\">%s</span>", code,
			           code);
			continue;
		}
		buf_printf(b, "<a lang=\"%s\" hreflang=\"%s\" href=\"", code, code);
		other(b, w, code, ctx);
		buf_printf(b, "\">%s</a>", code);
	}
	buf_puts(b, "</nav>\n</header>\n");
}

/* The heading of a tool's page, under a link back to the start page. */
static void put_title(struct buf *b, const struct web_site *w, const char *lang, const char *title)
{
	buf_puts(b, "<p class=\"back\"><a href=\"");
	start_page_name(b, w, lang);
	buf_puts(b, "\">");
	put_phrase(b, w, lang, PHRASE_WEB_START, NULL, 0);
	buf_puts(b, "</a></p>\n<h1>");
	put_text(b, title);
	buf_puts(b, "</h1>\n");
}

static void put_foot(struct buf *b)
{
	buf_puts(b, "<script src=\"assets/deckpress.js\"></script>\n</body>\n</html>\n");
}

static bool write_page(const struct web_site *w, const char *name, const struct buf *b)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", w->dir, name);
	bool ok = atomic_write_file(buf_str(&p), b->data, b->len, w->ctx->diag);
	buf_finish(&p);
	return ok;
}

/* ---- the gallery of a deck ---- */

static void other_start(struct buf *b, const struct web_site *w, const char *lang, const void *ctx)
{
	(void)ctx;
	start_page_name(b, w, lang);
}

static void other_item(struct buf *b, const struct web_site *w, const char *lang, const void *ctx)
{
	const char *id = *(const char *const *)ctx;
	for (size_t i = 0; i < w->ctx->kit->nitems; i++) {
		const struct kit_item *it = &w->ctx->kit->items[i];
		if (it->id && strcmp(it->id, id) == 0 && about_find_lang(it, lang) >= 0) {
			buf_printf(b, "%s.%s.html", id, lang);
			return;
		}
	}
	start_page_name(b, w, lang);
}

/* The filters of a gallery: category, and level when cards have one. */
static void put_filters(struct buf *b, const struct web_site *w, const struct deck *d,
                        const char *lang, size_t l)
{
	buf_puts(b, "<div class=\"filters\">\n<label>");
	buf_puts(b, "<select id=\"f-category\" aria-label=\"");
	put_phrase(b, w, lang, PHRASE_WEB_ALL_CATEGORIES, NULL, 0);
	buf_puts(b, "\"><option value=\"\">");
	put_phrase(b, w, lang, PHRASE_WEB_ALL_CATEGORIES, NULL, 0);
	buf_puts(b, "</option>");
	for (size_t i = 0; i < d->ncategories; i++) {
		buf_printf(b, "<option value=\"%s\">", d->categories[i].id);
		put_text(b, ltext_get(&d->categories[i].name, l));
		buf_puts(b, "</option>");
	}
	buf_puts(b, "</select></label>\n");
	long maxlevel = 0;
	for (size_t i = 0; i < d->ncards; i++)
		maxlevel = d->cards[i].level > maxlevel ? d->cards[i].level : maxlevel;
	if (maxlevel) {
		buf_puts(b, "<label><select id=\"f-level\" aria-label=\"");
		put_phrase(b, w, lang, PHRASE_WEB_ALL_LEVELS, NULL, 0);
		buf_puts(b, "\"><option value=\"\">");
		put_phrase(b, w, lang, PHRASE_WEB_ALL_LEVELS, NULL, 0);
		buf_puts(b, "</option>");
		for (long v = 1; v <= maxlevel; v++) {
			char n[24];
			snprintf(n, sizeof(n), "%ld", v);
			buf_printf(b, "<option value=\"%ld\">", v);
			put_phrase(b, w, lang, PHRASE_WEB_LEVEL, &(struct phrase_arg){"level", n},
			           1);
			buf_puts(b, "</option>");
		}
		buf_puts(b, "</select></label>\n");
	}
	char total[24];
	snprintf(total, sizeof(total), "%zu", d->ncards);
	buf_puts(b, "<p id=\"count\" aria-live=\"polite\" data-template=\"");
	put_template(b, w, lang, PHRASE_WEB_CARDS);
	buf_puts(b, "\">");
	put_phrase(b, w, lang, PHRASE_WEB_CARDS,
	           (struct phrase_arg[]){{"shown", total}, {"total", total}}, 2);
	buf_puts(b, "</p>\n<button type=\"button\" id=\"draw-open\" class=\"primary\">");
	put_phrase(b, w, lang, PHRASE_WEB_DRAW, NULL, 0);
	buf_puts(b, "</button>\n</div>\n");
}

/* One card: its front, the back for the draw mode, its texts as text. */
static void put_card(struct buf *b, const struct web_site *w, const struct deck *d, size_t i,
                     const char *lang, size_t l)
{
	const struct card *c = &d->cards[i];
	struct buf alt;
	buf_init(&alt);
	if (c->category)
		buf_printf(&alt, "%s · ", ltext_get(&c->category->name, l));
	if (c->type)
		buf_printf(&alt, "%s: ", ltext_get(&c->type->label, l));
	if (ltext_is_set(&c->title))
		buf_printf(&alt, "%s. ", ltext_get(&c->title, l));
	buf_puts(&alt, ltext_get(&c->text, l));
	buf_printf(b, "<li class=\"card\" data-category=\"%s\" data-level=\"%ld\">\n",
	           c->category ? c->category->id : "", c->level);
	long wpx = lround(d->trim_w / 72 * w->ctx->opt->dpi);
	long hpx = lround(d->trim_h / 72 * w->ctx->opt->dpi);
	buf_printf(b,
	           "<figure><img src=\"img/%s.%s/%03zu-%s-front.png\" "
	           "data-back=\"img/%s.%s/%03zu-%s-back.png\" width=\"%ld\" height=\"%ld\" "
	           "loading=\"lazy\" alt=\"",
	           d->id, lang, i + 1, c->id, d->id, lang, i + 1, c->id, wpx, hpx);
	put_text(b, buf_str(&alt));
	buf_puts(b, "\">\n<figcaption>");
	if (c->category) {
		buf_puts(b, "<span class=\"chip\" style=\"background:");
		put_color(b, c->category->color);
		buf_puts(b, ";color:");
		put_color(b, text_on(c->category->color));
		buf_puts(b, "\">");
		put_text(b, ltext_get(&c->category->name, l));
		buf_puts(b, "</span> ");
	}
	if (c->level) {
		char n[24];
		snprintf(n, sizeof(n), "%ld", c->level);
		buf_puts(b, "<span class=\"level\">");
		put_phrase(b, w, lang, PHRASE_WEB_LEVEL, &(struct phrase_arg){"level", n}, 1);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "<span class=\"text\">");
	if (ltext_is_set(&c->title)) {
		buf_puts(b, "<strong>");
		put_text(b, ltext_get(&c->title, l));
		buf_puts(b, "</strong> ");
	}
	put_text(b, ltext_get(&c->text, l));
	buf_puts(b, "</span></figcaption></figure>\n</li>\n");
	buf_finish(&alt);
}

/* The draw mode: one card at a time, large, on the whole screen if asked. */
static void put_draw(struct buf *b, const struct web_site *w, const char *lang)
{
	static const struct {
		const char *id;
		enum phrase_key p;
	} buttons[] = {
	        {"draw-next", PHRASE_WEB_DRAW},       {"draw-flip", PHRASE_WEB_FLIP},
	        {"draw-shuffle", PHRASE_WEB_SHUFFLE}, {"draw-full", PHRASE_WEB_FULLSCREEN},
	        {"draw-close", PHRASE_WEB_CLOSE},
	};
	buf_puts(b, "<section id=\"draw\" class=\"draw\" role=\"dialog\" aria-modal=\"true\" "
	            "aria-label=\"");
	put_phrase(b, w, lang, PHRASE_WEB_DRAW, NULL, 0);
	buf_puts(b, "\" hidden>\n<div class=\"draw-bar\">");
	for (size_t i = 0; i < sizeof(buttons) / sizeof(buttons[0]); i++) {
		buf_printf(b, "<button type=\"button\" id=\"%s\">", buttons[i].id);
		put_phrase(b, w, lang, buttons[i].p, NULL, 0);
		buf_puts(b, "</button>");
	}
	buf_puts(b, "<span id=\"draw-left\" aria-live=\"polite\" data-template=\"");
	put_template(b, w, lang, PHRASE_WEB_LEFT);
	buf_puts(b, "\"></span></div>\n<figure class=\"draw-card\"><img id=\"draw-img\" alt=\"\">"
	            "<figcaption id=\"draw-text\"></figcaption></figure>\n<p class=\"keys\">");
	put_phrase(b, w, lang, PHRASE_WEB_KEYS, NULL, 0);
	buf_puts(b, "</p>\n</section>\n");
}

/* A gallery lists every card of a deck: it goes to its file a few cards at
 * a time, so its memory does not grow with the deck (issue 15: a
 * 10,000-card gallery is 9 MB of HTML). */
#define GALLERY_CHUNK (64 * 1024)

bool web_write_gallery(const struct web_site *w, const struct deck *d, const char *lang)
{
	size_t l = (size_t)langs_find(&d->langs, lang);
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/%s.%s.html", w->dir, d->id, lang);
	struct atomic_file f;
	bool ok = atomic_open(&f, buf_str(&path), w->ctx->diag);
	buf_finish(&path);
	if (!ok)
		return false;
	struct buf b;
	buf_init(&b);
	put_head(&b, w, lang, ltext_get(&d->title, l));
	put_bar(&b, w, lang, other_item, &d->id);
	buf_puts(&b, "<main class=\"gallery\">\n");
	put_title(&b, w, lang, ltext_get(&d->title, l));
	put_filters(&b, w, d, lang, l);
	buf_puts(&b, "<ul id=\"cards\" class=\"cards\">\n");
	for (size_t i = 0; i < d->ncards; i++) {
		put_card(&b, w, d, i, lang, l);
		if (b.len >= GALLERY_CHUNK) {
			atomic_write(&f, b.data, b.len);
			buf_clear(&b);
		}
	}
	buf_puts(&b, "</ul>\n</main>\n");
	put_draw(&b, w, lang);
	put_foot(&b);
	atomic_write(&f, b.data, b.len);
	buf_finish(&b);
	return atomic_commit(&f, w->ctx->diag);
}

/* ---- a board ---- */

bool web_split_pdfs(const struct kit *kit)
{
	return kit->profile && kit->profile->order == ORDER_SPLIT;
}

static void put_pdf_link(struct buf *b, const struct web_site *w, const char *lang,
                         const char *file, enum phrase_key label)
{
	buf_printf(b, "<a class=\"pdf\" href=\"pdf/%s\">", file);
	put_phrase(b, w, lang, label, NULL, 0);
	buf_puts(b, "</a>");
}

bool web_write_board(const struct web_site *w, const struct board *bd, const char *lang)
{
	size_t l = (size_t)langs_find(&bd->langs, lang);
	struct buf b, f;
	buf_init(&b);
	buf_init(&f);
	put_head(&b, w, lang, ltext_get(&bd->title, l));
	put_bar(&b, w, lang, other_item, &bd->id);
	buf_puts(&b, "<main class=\"board\">\n");
	put_title(&b, w, lang, ltext_get(&bd->title, l));
	buf_puts(&b, "<div class=\"filters\"><button type=\"button\" id=\"zoom-out\">");
	put_phrase(&b, w, lang, PHRASE_WEB_ZOOM_OUT, NULL, 0);
	buf_puts(&b, "</button><button type=\"button\" id=\"zoom-in\">");
	put_phrase(&b, w, lang, PHRASE_WEB_ZOOM_IN, NULL, 0);
	buf_puts(&b, "</button>");
	buf_printf(&f, "%s.%s.pdf", bd->id, lang);
	put_pdf_link(&b, w, lang, buf_str(&f), PHRASE_WEB_OPEN_PDF);
	buf_puts(&b, "</div>\n<div id=\"zoom\" class=\"zoom\" tabindex=\"0\">");
	buf_printf(&b, "<img id=\"board-img\" src=\"img/%s.%s/board.png\" alt=\"", bd->id, lang);
	put_text(&b, ltext_get(&bd->title, l));
	if (ltext_is_set(&bd->subtitle)) {
		buf_puts(&b, ". ");
		put_text(&b, ltext_get(&bd->subtitle, l));
	}
	buf_puts(&b, "\"></div>\n</main>\n");
	put_foot(&b);
	buf_clear(&f);
	buf_printf(&f, "%s.%s.html", bd->id, lang);
	bool ok = write_page(w, buf_str(&f), &b);
	buf_finish(&f);
	buf_finish(&b);
	return ok;
}

/* ---- the start page ---- */

/* duration, group and level as a list. */
static void put_facts(struct buf *b, const struct web_site *w, const struct about *a,
                      const char *lang)
{
	if (!a->minutes.min && !a->group.min && !a->level)
		return;
	static const enum phrase_key levels[] = {PHRASE_ABOUT_INTRODUCTION,
	                                         PHRASE_ABOUT_INTERMEDIATE, PHRASE_ABOUT_ADVANCED};
	struct buf n;
	buf_init(&n);
	buf_puts(b, "<ul class=\"facts\">");
	if (a->minutes.min) {
		about_format_range(&a->minutes, &n);
		buf_puts(b, "<li>");
		put_phrase(b, w, lang, PHRASE_ABOUT_DURATION,
		           &(struct phrase_arg){"minutes", buf_str(&n)}, 1);
		buf_puts(b, "</li>");
	}
	if (a->group.min) {
		buf_clear(&n);
		about_format_range(&a->group, &n);
		buf_puts(b, "<li>");
		put_phrase(b, w, lang, PHRASE_ABOUT_GROUP,
		           &(struct phrase_arg){"people", buf_str(&n)}, 1);
		buf_puts(b, "</li>");
	}
	if (a->level) {
		buf_puts(b, "<li>");
		put_phrase(b, w, lang, levels[a->level - ABOUT_LEVEL_INTRODUCTION], NULL, 0);
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul>\n");
	buf_finish(&n);
}

/* The page a tool's title leads to, and the picture of it. */
static void tool_links(const struct kit_item *it, const char *lang, struct buf *href,
                       struct buf *thumb)
{
	if (it->kind == KIND_DOCUMENT) {
		buf_printf(href, "pdf/%s.%s.pdf", it->id, lang);
		buf_printf(thumb, "img/%s.%s/001.png", it->id, lang);
		return;
	}
	buf_printf(href, "%s.%s.html", it->id, lang);
	if (it->kind == KIND_BOARD) {
		buf_printf(thumb, "img/%s.%s/board.png", it->id, lang);
		return;
	}
	const struct deck *d = it->as.deck;
	size_t first = 0; /* the first card of a category, else the first */
	while (first < d->ncards && d->cards[first].special)
		first++;
	if (first == d->ncards)
		first = 0;
	buf_printf(thumb, "img/%s.%s/%03zu-%s-front.png", it->id, lang, first + 1,
	           d->cards[first].id);
}

static void put_tool(struct buf *b, const struct web_site *w, const struct kit_item *it,
                     const char *lang)
{
	size_t l = (size_t)about_find_lang(it, lang);
	const struct about *a = about_get(it);
	struct buf href, thumb;
	buf_init(&href);
	buf_init(&thumb);
	tool_links(it, lang, &href, &thumb);
	buf_printf(b, "<article class=\"tool %s\">\n<a href=\"%s\" tabindex=\"-1\">",
	           item_kind_names[it->kind], buf_str(&href));
	buf_printf(b, "<img class=\"thumb\" src=\"%s\" alt=\"\" loading=\"lazy\"></a>\n<div>\n",
	           buf_str(&thumb));
	buf_printf(b, "<h3><a href=\"%s\">", buf_str(&href));
	put_text(b, about_get_title(it, l));
	buf_puts(b, "</a></h3>\n");
	if (ltext_is_set(&a->purpose)) {
		buf_puts(b, "<p class=\"purpose\">");
		put_text(b, ltext_get(&a->purpose, l));
		buf_puts(b, "</p>\n");
	}
	put_facts(b, w, a, lang);
	if (ltext_is_set(&a->description)) {
		buf_puts(b, "<p>");
		put_text(b, ltext_get(&a->description, l));
		buf_puts(b, "</p>\n");
	}
	if (a->nmaterials) {
		buf_puts(b, "<h4>");
		put_phrase(b, w, lang, PHRASE_ABOUT_MATERIALS, NULL, 0);
		buf_puts(b, "</h4>\n<ul class=\"materials\">");
		for (size_t i = 0; i < a->nmaterials; i++) {
			buf_puts(b, "<li>");
			put_text(b, ltext_get(&a->materials[i], l));
			buf_puts(b, "</li>");
		}
		buf_puts(b, "</ul>\n");
	}
	buf_puts(b, "<p>");
	if (it->kind == KIND_DECK && web_split_pdfs(w->ctx->kit)) {
		static const char *const part[2] = {"fronts", "backs"};
		static const enum phrase_key label[2] = {PHRASE_WEB_OPEN_FRONTS,
		                                         PHRASE_WEB_OPEN_BACKS};
		for (int k = 0; k < 2; k++) {
			buf_clear(&href);
			buf_printf(&href, "%s.%s.%s.pdf", it->id, lang, part[k]);
			buf_puts(b, k ? " " : "");
			put_pdf_link(b, w, lang, buf_str(&href), label[k]);
		}
	} else {
		buf_clear(&href);
		buf_printf(&href, "%s.%s.pdf", it->id, lang);
		put_pdf_link(b, w, lang, buf_str(&href), PHRASE_WEB_OPEN_PDF);
	}
	buf_puts(b, "</p>\n");
	buf_puts(b, "</div>\n</article>\n");
	buf_finish(&href);
	buf_finish(&thumb);
}

bool web_write_start(const struct web_site *w, const char *lang)
{
	const struct kit *kit = w->ctx->kit;
	int kl = langs_find(&kit->langs, lang);
	const char *title = kl >= 0 && ltext_is_set(&kit->title)
	                            ? ltext_get(&kit->title, (size_t)kl)
	                            : kit->name;
	size_t n;
	const struct kit_item **tools = about_list_tools(kit, lang, &n);
	struct buf b;
	buf_init(&b);
	put_head(&b, w, lang, title);
	put_bar(&b, w, lang, other_start, NULL);
	buf_puts(&b, "<main class=\"start\">\n<h1>");
	put_text(&b, title);
	buf_puts(&b, "</h1>\n");
	if (w->ctx->formats & FORMAT_CATALOGUE) {
		buf_printf(&b, "<p><a class=\"pdf\" href=\"pdf/%s.%s.catalogue.pdf\">", kit->name,
		           lang);
		put_phrase(&b, w, lang, PHRASE_CATALOGUE_TITLE, NULL, 0);
		buf_puts(&b, " (PDF)</a></p>\n");
	}
	/* one section a theme; the tools come grouped */
	const char *last = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *theme = about_get_theme(tools[i], lang);
		if (!last || strcmp(theme, last) != 0) {
			buf_puts(&b, last ? "</div>\n</section>\n" : "");
			buf_puts(&b, "<section class=\"theme\">\n<h2>");
			if (*theme)
				put_text(&b, theme);
			else
				put_phrase(&b, w, lang, PHRASE_ABOUT_OTHER, NULL, 0);
			buf_puts(&b, "</h2>\n<div class=\"tools\">\n");
			last = theme;
		}
		put_tool(&b, w, tools[i], lang);
	}
	buf_puts(&b, last ? "</div>\n</section>\n</main>\n" : "</main>\n");
	put_foot(&b);
	struct buf name;
	buf_init(&name);
	start_page_name(&name, w, lang);
	bool ok = write_page(w, buf_str(&name), &b);
	buf_finish(&name);
	buf_finish(&b);
	free(tools);
	return ok;
}
