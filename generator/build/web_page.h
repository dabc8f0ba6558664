/* The pages of the web edition (build/web.c, docs/web.md): plain HTML that
 * templates/web/deckpress.css styles and deckpress.js brings to life. Every
 * text is escaped; card texts are in the page as text (alt text and a
 * caption), so they can be searched and read aloud. */
#ifndef DECKPRESS_BUILD_WEB_PAGE_H
#define DECKPRESS_BUILD_WEB_PAGE_H

#include <stdbool.h>

#include "build/item.h"
#include "model/board.h"
#include "model/deck.h"

/* The site being written. */
struct web_site {
	const struct item_ctx *ctx;
	const char *dir;           /* the folder being filled; borrowed */
	const struct langs *langs; /* the languages of the site, the first on index.html */
	const char *logo;          /* "assets/logo.svg" or NULL */
};

/* True when the kit's print profile puts a deck's fronts and backs in two
 * PDFs (order: split): the site then offers pdf/<deck>.<lang>.fronts.pdf
 * and .backs.pdf instead of pdf/<deck>.<lang>.pdf. */
bool web_split_pdfs(const struct kit *kit);

/* Writes <deck>.<lang>.html: the gallery and the draw mode. False
 * (reported) on an I/O error. */
bool web_write_gallery(const struct web_site *w, const struct deck *d, const char *lang);

/* Writes <board>.<lang>.html: the board as a zoomable image. */
bool web_write_board(const struct web_site *w, const struct board *b, const char *lang);

/* Writes the start page of lang: index.html for the first language,
 * index.<lang>.html for the others. */
bool web_write_start(const struct web_site *w, const char *lang);

#endif
