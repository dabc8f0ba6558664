/* Program text as data: the words deckpress itself puts on a page (legend
 * headings, cut and fold lines, assembly instructions, "Side 1 af 4", proof
 * headings), one file per language.
 *
 * The shared files are templates/i18n/<lang>.yaml; a kit may add or override
 * texts in its own i18n/<lang>.yaml, so a consultant can add a language the
 * tool lacks without changing the tool:
 *
 *   kind: phrasebook
 *   lang: da
 *   texts:
 *     tiles.cut: "klip her · læg over {tile}"
 *
 * A text is looked up by language with BCP 47 fallback ("en-GB" → "en"),
 * the kit's file before the shared one at each step. A text missing in a
 * language is never replaced in silence: a text only deckpress has (cut and
 * fold lines, tile instructions, proof headings) falls back to English and
 * phrasebook_require() warns, naming the texts and the file to add them to;
 * a text the product can carry itself (a legend's title, a footer's page
 * text) has no fallback, and its absence is an error. docs/i18n.md lists
 * the keys and their placeholders. */
#ifndef DECKPRESS_MODEL_PHRASEBOOK_H
#define DECKPRESS_MODEL_PHRASEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "model/i18n.h"
#include "util/buf.h"
#include "util/diag.h"

/* Every text the program prints, by key; phrasebook.c holds the one table
 * of their names ("tiles.cut") and the placeholders each may use. */
enum phrase_key {
	PHRASE_BOARD_LEGEND_TITLE,     /* board.legend-title */
	PHRASE_PIECES_CUT,             /* pieces.cut */
	PHRASE_PIECES_FOLD,            /* pieces.fold */
	PHRASE_PIECES_PRINT,           /* pieces.print */
	PHRASE_SHEETS_NOTE,            /* sheets.note */
	PHRASE_SHEETS_ALIGNMENT_LONG,  /* sheets.alignment-long */
	PHRASE_SHEETS_ALIGNMENT_SHORT, /* sheets.alignment-short */
	PHRASE_SHEETS_ALIGNMENT_BACK,  /* sheets.alignment-back */
	PHRASE_TILES_HEADING,          /* tiles.heading */
	PHRASE_TILES_INSTRUCTIONS,     /* tiles.instructions {sheets} {paper} {rows} ... */
	PHRASE_TILES_CUT,              /* tiles.cut {tile} */
	PHRASE_TILES_GLUE,             /* tiles.glue {tile} */
	PHRASE_TILES_NOTE,             /* tiles.note */
	PHRASE_TILES_SEAM,             /* tiles.seam */
	PHRASE_PROOF_TITLE,            /* proof.title {title} {id} */
	PHRASE_PROOF_WHERE,            /* proof.where */
	PHRASE_PROOF_FRONT,            /* proof.front */
	PHRASE_PROOF_BACK,             /* proof.back */
	PHRASE_PROOF_EMPTY,            /* proof.empty */
	PHRASE_PROOF_MISSING,          /* proof.missing */
	PHRASE_PROOF_SET,              /* proof.set {size} */
	PHRASE_PROOF_SHRUNK,           /* proof.shrunk {size} {design} */
	PHRASE_PROOF_NO_FIT,           /* proof.no-fit {size} {problem} */
	PHRASE_PROOF_TOO_WIDE,         /* proof.too-wide {mm} */
	PHRASE_PROOF_TOO_TALL,         /* proof.too-tall {mm} */
	PHRASE_DOCUMENT_PAGE,          /* document.page {page} {pages} */
	PHRASE_ABOUT_DURATION,         /* about.duration {minutes} */
	PHRASE_ABOUT_GROUP,            /* about.group {people} */
	PHRASE_ABOUT_MATERIALS,        /* about.materials */
	PHRASE_ABOUT_INTRODUCTION,     /* about.introduction */
	PHRASE_ABOUT_INTERMEDIATE,     /* about.intermediate */
	PHRASE_ABOUT_ADVANCED,         /* about.advanced */
	PHRASE_ABOUT_OTHER,            /* about.other */
	PHRASE_WEB_CARDS,              /* web.cards {shown} {total} */
	PHRASE_WEB_ALL_CATEGORIES,     /* web.all-categories */
	PHRASE_WEB_ALL_LEVELS,         /* web.all-levels */
	PHRASE_WEB_LEVEL,              /* web.level {level} */
	PHRASE_WEB_DRAW,               /* web.draw */
	PHRASE_WEB_FLIP,               /* web.flip */
	PHRASE_WEB_SHUFFLE,            /* web.shuffle */
	PHRASE_WEB_FULLSCREEN,         /* web.fullscreen */
	PHRASE_WEB_CLOSE,              /* web.close */
	PHRASE_WEB_KEYS,               /* web.keys */
	PHRASE_WEB_LEFT,               /* web.left {left} */
	PHRASE_WEB_ZOOM_IN,            /* web.zoom-in */
	PHRASE_WEB_ZOOM_OUT,           /* web.zoom-out */
	PHRASE_WEB_OPEN_PDF,           /* web.open-pdf */
	PHRASE_WEB_OPEN_FRONTS,        /* web.open-fronts */
	PHRASE_WEB_OPEN_BACKS,         /* web.open-backs */
	PHRASE_WEB_START,              /* web.start */
	PHRASE_CATALOGUE_TITLE,        /* catalogue.title */
	PHRASE_CATALOGUE_CONTENTS,     /* catalogue.contents */
	PHRASE_CATALOGUE_DURATION,     /* catalogue.duration */
	PHRASE_CATALOGUE_GROUP,        /* catalogue.group */
	PHRASE_CATALOGUE_LEVEL,        /* catalogue.level */
	PHRASE_CATALOGUE_CARDS,        /* catalogue.cards */
	PHRASE_COUNT
};

/* A value for a placeholder, already formatted by the caller ("420" for a
 * size in mm): the files hold no printf formats. Both strings borrowed. */
struct phrase_arg {
	const char *name; /* without braces: "tile" */
	const char *value;
};

struct phrasebook;

/* The key of p as the files write it, such as "tiles.cut". Static. */
const char *phrasebook_get_key(enum phrase_key p);

/* The placeholders p may use, NULL-terminated, without braces. Static. */
const char *const *phrasebook_get_placeholders(enum phrase_key p);

/* The phrase whose key is key; false when there is none. */
bool phrasebook_find_key(const char *key, enum phrase_key *out);

/* Loads every .yaml file in shared_dir and, when kit_dir is not NULL, every
 * .yaml file in <kit_dir>/i18n (the folder is optional). Reports every problem of
 * every file into d (unknown keys and placeholders, missing lang, wrong
 * kind, a lang that is not the file name); returns false with *out = NULL
 * when there was any. Caller owns *out; free with phrasebook_destroy(). */
bool phrasebook_load(struct phrasebook **out, const char *shared_dir, const char *kit_dir,
                     struct diag *d);

/* phrasebook_load() with only the shared files that lookups in only's
 * languages can reach (each language's fallback chain and English); the
 * kit's own files are all read. A kit's build asks for its languages only:
 * parsing the 14 shared files was a tenth of a one-card build. */
bool phrasebook_load_for(struct phrasebook **out, const char *shared_dir, const char *kit_dir,
                         const struct langs *only, struct diag *d);

/* Frees pb and everything it returned; NULL is fine. */
void phrasebook_destroy(struct phrasebook *pb);

/* The text of p in lang, placeholders unfilled ("Side {page} af {pages}"),
 * from lang's fallback chain, else (for a text only deckpress has) the
 * English one; NULL when there is none, or pb is NULL. When where is not
 * NULL, *where is the position of the text in its file (for "does not fit"
 * messages). Borrowed; valid until phrasebook_destroy(). */
const char *phrasebook_get(const struct phrasebook *pb, const char *lang, enum phrase_key p,
                           struct mark *where);

/* Checks that lang has a text for each of keys (what one product, such as
 * the tile sheets, prints). The missing ones are reported at at in one
 * message naming the language, the keys and the file to add them to: a
 * warning when English stands in for all of them, else an error. A key is
 * reported once per language over the life of pb, however often it is
 * required (per board, per page). Returns false when a key is missing with
 * nothing to stand in (reported now or before); true with a NULL pb. */
bool phrasebook_require(struct phrasebook *pb, const char *lang, const enum phrase_key *keys,
                        size_t nkeys, struct mark at, struct diag *d);

/* phrasebook_require() for a document deckpress makes itself (the
 * catalogue): English stands in, with a warning, for a document's own
 * texts too (document.page), which a user's document must have in its
 * language. */
bool phrasebook_require_program(struct phrasebook *pb, const char *lang,
                                const enum phrase_key *keys, size_t nkeys, struct mark at,
                                struct diag *d);

/* phrasebook_get() for such a document: the English text when lang has
 * none, a document's own ones too. Borrowed; NULL when there is none. */
const char *phrasebook_get_program(const struct phrasebook *pb, const char *lang,
                                   enum phrase_key p);

/* Appends the text of p in lang to out with its placeholders filled from
 * args. False, and nothing appended, when the text is missing (call
 * phrasebook_require() first to report it). */
bool phrasebook_format(const struct phrasebook *pb, const char *lang, enum phrase_key p,
                       const struct phrase_arg *args, size_t nargs, struct buf *out);

/* Appends text to out with "{name}" replaced by the value of name in args
 * and "{{", "}}" by literal braces. A placeholder with no value in args is a
 * programming error (the files are checked against the table at load). */
void phrasebook_fill(const char *text, const struct phrase_arg *args, size_t nargs,
                     struct buf *out);

#endif
