/* Documents: facilitator scripts (drejebøger), handouts and rules sheets, as
 * a page setup and a list of blocks (docs/documents.md). This module reads
 * and checks a `kind: document` file into a typed model; layout/doc.c flows
 * it onto pages. */
#ifndef DECKPRESS_MODEL_DOCUMENT_H
#define DECKPRESS_MODEL_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/about.h"
#include "model/brand.h"
#include "model/deck.h"
#include "model/i18n.h"
#include "model/phrasebook.h"
#include "model/read.h"
#include "model/style.h"
#include "util/geom.h"
#include "util/mem.h"

enum doc_block_type {
	BLOCK_TITLE,
	BLOCK_HEADING,
	BLOCK_PARAGRAPH,
	BLOCK_LIST,
	BLOCK_IMAGE,
	BLOCK_PAGE_BREAK,
	BLOCK_COLUMN_BREAK,
	BLOCK_FACTS,
	BLOCK_AGENDA,
	BLOCK_TABLE,
	BLOCK_QUESTIONS,
	BLOCK_AGREEMENTS,
	BLOCK_NOTE,
	BLOCK_LINES,
	BLOCK_BOX,
	BLOCK_FIELDS,
	BLOCK_SCALE,
	BLOCK_CHECKLIST,
	BLOCK_CARDS,
	BLOCK_COUNT_,
};

/* "heading", "page-break" ..., indexed by enum doc_block_type. */
extern const char *const doc_block_names[BLOCK_COUNT_ + 1];

/* What an agenda column shows. AGENDA_TIME and AGENDA_DURATION are
 * computed; the others are texts of each agenda item. */
enum agenda_field {
	AGENDA_TIME,
	AGENDA_DURATION,
	AGENDA_TITLE,
	AGENDA_PURPOSE,
	AGENDA_HOW,
	AGENDA_GROUPING,
	AGENDA_MATERIALS,
	AGENDA_OUTPUT,
	AGENDA_NOTES,
	AGENDA_PLAN_B,
	AGENDA_WHO,
	AGENDA_FIELD_COUNT_,
};

enum doc_par_style {
	PAR_BODY,
	PAR_LEAD,  /* a larger opening paragraph */
	PAR_SMALL, /* notes, sources */
};

enum scale_kind {
	SCALE_SMILEYS,
	SCALE_NUMBERS,
};

enum cards_show {
	CARDS_LIST,
	CARDS_THUMBNAILS,
};

/* A cell or field that holds one text, or a list of texts shown as
 * bullets. count 0: empty. */
struct doc_text {
	struct ltext *items; /* in the document's arena */
	size_t count;
	bool list; /* written as a YAML list: bullets */
	struct mark mark;
};

/* A table or agenda column. */
struct doc_column {
	struct ltext label;      /* may be unset (no header text) */
	double width;            /* points; 0 = flexible */
	double weight;           /* share of the room the fixed columns leave */
	bool has_weight;         /* weight was given: the table shares by weight,
	                            else its flexible columns are sized from their content */
	enum agenda_field field; /* agendas only */
	struct mark mark;
};

struct doc_block {
	enum doc_block_type type;
	struct mark mark;
	bool span;      /* across every column of a multi-column page */
	bool keep_next; /* kept on the page of the block after it */
	bool empty_ok;  /* page breaks: the rest of the page is empty on purpose */
	bool cover;     /* title blocks: a band in the accent colour from the page's top edge */
	bool has_color;
	struct color color; /* the block's accent, when has_color */

	struct ltext title; /* heading and title text, box labels, section titles; may be unset */
	struct ltext subtitle; /* title blocks; may be unset */
	struct ltext text;     /* paragraphs and notes */
	long level;            /* headings: 1-3 */
	enum text_align align; /* paragraphs */
	enum doc_par_style style;
	struct ltext *items; /* lists, questions, agreements, checklists, fields */
	size_t nitems;
	bool numbered;

	/* tables, agendas and fact boxes: nrows × ncolumns cells, row by row */
	struct doc_column *columns;
	size_t ncolumns;
	struct doc_text *cells;
	size_t nrows;
	struct mark *row_marks;
	bool header;         /* tables: show the column labels (repeated on each page) */
	long empty_rows;     /* tables: blank rows to write in, after the given ones */
	double row_height;   /* tables: minimum row height (points); 0 = as the text needs */
	double pad_x, pad_y; /* tables, agendas: cell padding (points); < 0: from the text size */
	struct mark columns_mark;
	/* agendas */
	long start;            /* minutes after midnight */
	bool start_two_digits; /* "09:00" rather than "9:00" */
	long *minutes;         /* per row */
	bool *is_break;        /* per row: a break, shaded */

	/* fill-in blocks */
	long count;     /* lines: how many; box: lines inside; scale: steps */
	double spacing; /* between write-in lines (points) */
	double height;  /* box, image (points); 0 = from its lines */
	enum scale_kind scale;
	struct ltext low, high; /* scale end labels; may be unset */

	/* images */
	const char *src; /* resolved path */
	struct mark src_mark;
	double width; /* 0 = the column's */

	/* card references */
	const struct deck *deck;
	const struct card **cards; /* in deck order */
	size_t ncards;
	enum cards_show show;
	long per_row; /* thumbnails per row */
};

struct document {
	struct arena arena; /* everything below that is not borrowed */
	const char *id;
	const char *path;
	struct mark mark;
	struct langs langs;
	struct ltext title;
	struct ltext subtitle;  /* may be unset */
	struct ltext subject;   /* may be unset */
	struct about about;     /* what the catalogue says of it */
	struct ltext kit_title; /* the kit's, for {kit.title}; may be unset */
	struct langs kit_langs; /* what kit_title is indexed by */
	const char *author;     /* may be NULL */
	const char *version;    /* "" when unset */

	double page_w, page_h, bleed; /* points */
	struct mark size_mark;
	struct mark page_mark; /* of page:, or the document's */
	double margin_top, margin_bottom, margin_left, margin_right;
	long columns; /* 1 or 2 */
	double gap;   /* between columns */

	struct color accent;
	struct color ink, muted, rule, on_accent; /* text, secondary text, rules, text on accent */
	const char *body_family, *heading_family; /* borrowed; families in fonts/ */
	double body_size;

	bool has_header, has_footer;
	struct ltext header_text; /* with {fields}; may be unset (then the title) */
	struct ltext footer_text; /* may be unset (then author · version) */
	struct ltext page_text;   /* "Side {page} af {pages}" per language: footer.page, or the
	                           * phrasebook's document.page */
	const char *logo;         /* resolved path; may be NULL */
	struct mark logo_mark;
	bool has_logo_bg; /* draw the logo on a rounded square of this colour */
	struct color logo_bg;

	struct doc_block *blocks;
	size_t nblocks;

	/* the kit's decks, for {card:ID} in texts; borrowed */
	struct deck *const *decks;
	size_t ndecks;
};

/* What reading a document needs from the kit. */
struct doc_env {
	const struct langs *kit_langs; /* may have count 0 */
	const struct ltext *kit_title; /* may be NULL */
	const char *kit_author;        /* may be NULL */
	const struct brand *brand;     /* the kit's; may be NULL: colours and fonts by default */
	struct deck *const *decks;     /* the kit's decks, for card references */
	size_t ndecks;
	/* checks a font family, reporting it at m when it is missing (the kit
	 * reports each family once); may be NULL: no check */
	bool (*check_family)(const char *family, struct mark m, void *ctx);
	void *fonts_ctx;
	const struct phrasebook *phrases; /* the program's texts; may be NULL: none */
	const struct asset_roots *assets; /* where its files may be; may be NULL: its folder */
	const struct lang_plan *plan;     /* may be NULL: every missing translation an error */
	/* whether the kit has a deck called id it could not read (its errors
	 * reported): a reference to it reports nothing more; may be NULL */
	bool (*deck_unread)(const char *id, const void *ctx);
	const void *deck_ctx;
};

/* Reads and checks the document whose root is root, reporting every problem
 * into d. Returns false with *out = NULL when there were errors. The model
 * borrows strings from the YAML document, which must outlive it. Caller owns
 * *out; free with document_destroy(). */
bool document_read(struct document **out, const struct node *root, const struct doc_env *env,
                   struct diag *d);

void document_destroy(struct document *doc);

/* The card `ref` ("K10" or "kapitalkort/K10") among decks; NULL when there is
 * none or it is ambiguous. *deck_out gets its deck. The card and the deck are
 * borrowed from decks. When not found, *why is set to a message for the user
 * (caller frees with free()). */
const struct card *doc_find_card(struct deck *const *decks, size_t ndecks, const char *ref,
                                 size_t len, const struct deck **deck_out, char **why);

/* Formats minutes after midnight as "9:05" or "09:05". buf: 8 bytes or more. */
void doc_format_clock(long minutes, bool two_digits, char *buf, size_t n);

#endif
