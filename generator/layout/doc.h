/* Document layout: a document in one language flowed onto pages, as
 * positioned items (text lines, rules, boxes, images, card faces, link
 * targets), and as one display list per page for render to paint. Pure computation with Pango's
 * measurements: no drawing, no files, so pagination can be tested without pixels.
 *
 * Guarantees (docs/documents.md, "Layout"): blocks flow down one or two
 * columns and across pages; a heading is kept with the first lines of what
 * follows; a paragraph never leaves a single line at the foot or head of a
 * column (widows and orphans); a table row moves whole to the next page
 * unless it is taller than a page, and the table's header row repeats at
 * the top of every page it continues on; every loop is bounded, and a block
 * that can never fit is an error, not an endless loop.
 */
#ifndef DECKPRESS_LAYOUT_DOC_H
#define DECKPRESS_LAYOUT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "display/dlist.h"
#include "layout/card.h"
#include "model/document.h"
#include "typeset/fit.h"
#include "typeset/markup.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/geom.h"

enum doc_item_type {
	DOC_TEXT,   /* lines [first_line, first_line + nlines) of pars[par]; box.y is the
	               top of the first line, box.x the left of the paragraph */
	DOC_RECT,   /* box filled and/or stroked, with corner radius */
	DOC_LINE,   /* from (box.x, box.y) to (box.x + box.w, box.y + box.h) */
	DOC_IMAGE,  /* image drawn centred in box, keeping its aspect ratio */
	DOC_CARD,   /* a card face scaled into box */
	DOC_SMILEY, /* a face in box: mood -2 (very sad) .. 2 (very happy) */
	DOC_DOT,    /* a filled circle inscribed in box (bullets) */
	DOC_DEST,   /* a named link target at (box.x, box.y); the links of card
	               references are spans of pars (struct doc_link) */
};

/* A card reference inside a paragraph: bytes [start, end) of the text. */
struct doc_link {
	size_t start, end;
	struct color color;
	const char *dest; /* link target, or NULL when the card is not listed in
	                     this document; borrowed from the layout's arena */
};

/* A paragraph of text set in one style at one width. Layout breaks its
 * lines once; the page's display list carries the same text and style, so
 * the painter sets the same lines. */
struct doc_par {
	struct rich rich;
	struct text_style style;
	double width; /* points */
	struct color color;
	struct doc_link *links; /* owned */
	size_t nlinks;
	int nlines;
	size_t *starts; /* owned: byte offset where each line starts, nlines + 1
	                   entries (the last is the text's length) */
};

struct doc_item {
	enum doc_item_type type;
	struct box box; /* points, trim coordinates of the page */
	bool has_fill, has_stroke;
	struct color fill, stroke;
	double line_width, radius;
	/* DOC_TEXT */
	size_t par;
	int first_line, nlines;
	/* DOC_IMAGE */
	const char *image; /* borrowed from the document */
	struct mark mark;  /* of its block, for messages; file NULL for the logo */
	/* DOC_CARD */
	const struct face_layout *face; /* borrowed from the layout */
	/* DOC_SMILEY */
	int mood;
	/* DOC_DEST */
	const char *name; /* borrowed from the layout's arena */
};

struct doc_page {
	struct doc_item *items; /* owned; drawn in order */
	size_t count, cap;
};

/* A PDF bookmark: a heading, nested by level under the last shallower one. */
struct doc_outline {
	int level;         /* 1-3 */
	const char *title; /* plain text; arena */
	const char *dest;  /* arena */
	size_t page;       /* 0-based */
};

struct doc_layout {
	struct arena arena;
	const struct document *doc; /* borrowed */
	size_t lang;                /* index into doc->langs */
	double page_w, page_h, bleed;
	struct doc_page *pages; /* owned */
	size_t npages;
	struct doc_par *pars; /* owned */
	size_t npars, pars_cap;
	struct doc_outline *outline; /* owned */
	size_t noutline;
	struct face_layout *faces; /* owned: card thumbnails */
	size_t nfaces;
	struct dlist *dlists; /* owned: what to paint, one per page; the first
	                         begins with the outline's bookmarks */
};

/* Lays out doc in language lang (an index into doc->langs). Problems (markup,
 * unknown card references, words too wide, glyphs no font has, blocks that
 * can never fit) are reported into d with file:line:col; returns false then
 * with *out = NULL. Words wider than their column are hyphenated with hy
 * (may be NULL: none). Caller owns *out; free with doc_layout_destroy(). */
bool layout_document(struct doc_layout **out, const struct document *doc, size_t lang,
                     PangoContext *ctx, struct hyphenator *hy, struct diag *d);

void doc_layout_destroy(struct doc_layout *l);

/* Appends a text description of every page (one line per item, with the
 * text of each text item) to out: for tests and debugging. */
void doc_layout_dump(const struct doc_layout *l, struct buf *out);

#endif
