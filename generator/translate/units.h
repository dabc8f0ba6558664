/* The translatable texts of a kit in one target language, each with a
 * context that stays the same from one export to the next: the file, the
 * owner (the nearest id: "card T01") and the field, with "#2" ... for a
 * second text of the same owner and field. They come from the kit's items
 * (model/item.h), so every text a kind of item declares is exported and
 * imported without naming it here. */
#ifndef DECKPRESS_TRANSLATE_UNITS_H
#define DECKPRESS_TRANSLATE_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/kit.h"
#include "util/strindex.h"

struct unit {
	const struct kit_item *it;
	const struct item_text *x;
	size_t lang;        /* the target's index in it->langs; 0 when the item lacks it */
	char *context;      /* owned by the list: "kapitalkort.yaml card T01 text" */
	const char *source; /* borrowed from the kit */
	const char *target; /* as written ("=" too); NULL when missing */
	bool has_lang;      /* the item has the target language */
	bool outdated;      /* its source changed after it was translated */
	uint64_t made_from; /* when outdated: the hash of the source it was made from */
	/* owned by the list; may be NULL: where the text is set on a card and
	 * whether the translation fits there (build/fitnote.h) */
	char *fit;
	struct mark src_mark;
};

struct units {
	struct unit *items; /* owned */
	size_t count, cap;
	struct strindex by_context; /* each unit's place, by its context */
};

/* Fills u with the texts of kit.yaml (the kit's title, its glossary's
 * terms), then of every deck, board and document of kit that has lang, in
 * file order: language maps only (a plain text is the same in
 * every language). lang must not be the source language of an item for
 * its texts to be listed. Caller finishes u with units_finish(). */
void units_collect(struct units *u, const struct kit *kit, const char *lang);

/* The file x's source text is written in: its item's YAML, or the CSV
 * file its card is a row of (for a reference beside the line of
 * src_mark). Borrowed. */
const char *units_file(const struct unit *x);

/* The unit of context, or NULL. Borrowed from u. */
struct unit *units_find(const struct units *u, const char *context);

/* The length of context without its number ("#2"): what names the file,
 * owner and field of the text; *number gets the number (1 without one). */
size_t units_base_len(const char *context, size_t *number);

void units_finish(struct units *u);

/* The 64-bit FNV-1a hash of s, which the fingerprint store keeps. */
uint64_t units_hash(const char *s);

#endif
