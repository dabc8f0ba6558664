/* Boards and documents: the kit's items beside its decks, read into models
 * by model/kit.c and each kind built by its own module (build/board.c,
 * build/document.c) in two steps, so that nothing
 * is written when any item of the kit has an error:
 *   prepare: check and lay out every item in the languages asked for,
 *            reporting every problem into ctx->diag;
 *   render:  write the outputs (only called when the whole kit is clean). */
#ifndef DECKPRESS_BUILD_ITEMS_H
#define DECKPRESS_BUILD_ITEMS_H

#include <stdbool.h>

#include "build/build.h"
#include "model/kit.h"
#include "render/image.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "util/diag.h"

struct item_ctx {
	const struct build_options *opt; /* languages, formats, out_dir, paper ... */
	const struct kit *kit;           /* its boards, documents, decks, profile */
	struct diag *diag;
	struct fonts *fonts;
	struct image_cache *images;
	struct hyphenator *hy; /* the kit's */
};

struct board_jobs;
/* *out is NULL when the kit has no boards. Returns false on errors (reported). */
bool boards_prepare(struct board_jobs **out, const struct item_ctx *ctx);
/* Returns false on an I/O failure (reported). */
bool boards_render(struct board_jobs *b, const struct item_ctx *ctx);
void boards_destroy(struct board_jobs *b);

struct document_jobs;
bool documents_prepare(struct document_jobs **out, const struct item_ctx *ctx);
bool documents_render(struct document_jobs *d, const struct item_ctx *ctx);
void documents_destroy(struct document_jobs *d);

#endif
