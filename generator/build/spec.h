/* The print specification that goes to the shop with every print build of
 * a deck, board or document: out/<kit>/<id>.print-spec.txt and .json,
 * made from the same display lists, profile and file list as the PDFs, so
 * the two cannot disagree. Both files state the same facts, each line of
 * the text one key of the JSON. */
#ifndef DECKPRESS_BUILD_SPEC_H
#define DECKPRESS_BUILD_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "build/item.h"
#include "display/dlist.h"
#include "model/deck.h"

/* One file of a deliverable. */
struct spec_file {
	char *name;       /* owned: "quiz.da.pdfx.pdf" */
	const char *lang; /* borrowed */
	const char *kind; /* "print", "pdfx", "pieces" */
	const char *what; /* "CMYK PDF/X-3, fronts and backs" */
	long pages;
	double page_w, page_h; /* points: the MediaBox */
	double trim_w, trim_h; /* points: the TrimBox */
	bool send;             /* the file the shop prints from */
};

/* A deliverable, in the languages built. */
struct spec_item {
	const char *kind;                                  /* "deck", "board", "document" */
	const char *id, *title, *version;                  /* borrowed from the model */
	double trim_w, trim_h, bleed, safe, corner_radius; /* points */
	bool marks;
	const char *order;       /* the page order in words */
	struct spec_file *files; /* owned */
	size_t nfiles, cap;
	struct preflight_found found;
	char fonts[16][64]; /* "Lato Bold", as the pages set them */
	size_t nfonts;
	const struct deck *deck; /* decks only; may be NULL */
	long backs_distinct;     /* decks: how many different backs the cards have */
	uint64_t *backs_seen;    /* owned: a hash of each different back, as drawn */
	size_t backs_cap;
};

void spec_item_init(struct spec_item *s, const char *kind, const char *id, const char *title,
                    const char *version);
void spec_item_finish(struct spec_item *s);

/* Adds ctx's file out_dir/<kit>/<id>.<lang><ext> (ext: ".print.pdf"). */
void spec_item_add_file(struct spec_item *s, const char *lang, const char *ext, const char *kind,
                        const char *what, long pages, double page_w, double page_h, double trim_w,
                        double trim_h);

/* Adds the fonts the texts of dl are set in. */
void spec_item_add_fonts(struct spec_item *s, const struct dlist *dl);

/* The deck's spec: files, cards and their copies; found: what preflight
 * found on every face. The backs are added one by one with
 * spec_item_add_back(). */
void spec_item_from_deck(struct spec_item *s, const struct item_ctx *ctx, const struct deck *deck,
                         const struct preflight_found *found);

/* Counts back, the back of a card as drawn, among the deck's different
 * backs (backs_distinct). Each card's back once, in one language. Holds a
 * hash, not the back, so that a deck of any size is counted in the same
 * memory. */
void spec_item_add_back(struct spec_item *s, const struct dlist *back);

/* Appends the two files of id's spec to out when the run writes print
 * PDFs or PDF/X (the spec goes with them). */
void spec_outputs(const struct item_ctx *ctx, const char *id, struct build_outputs *out);

/* Writes both files atomically into out_dir/<kit>/. Reports I/O failures. */
bool spec_write(const struct item_ctx *ctx, const struct spec_item *s);

#endif
