/* Localized text: a plain string (the same in every language) or a language
 * map {da: ..., en: ...} holding every language of its item. */
#ifndef DECKPRESS_MODEL_I18N_H
#define DECKPRESS_MODEL_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "load/yml.h"
#include "util/diag.h"

/* The languages of an item (deck, template use), in declared order; the
 * first is the source language. Codes are borrowed. */
struct langs {
	const char *const *codes;
	size_t count;
};

struct ltext {
	const char **s;     /* per language of the item, indexed like its langs; NULL when unset */
	struct mark *marks; /* where each language's text is */
	bool *same;         /* per language: written as "=", the source text on purpose;
	                       NULL when none is */
	struct mark mark;   /* where the value starts */
	size_t count;       /* = langs.count when set, 0 when unset */
	bool plain;         /* one string for every language */
};

/* Index of code in langs, or -1. */
int langs_find(const struct langs *l, const char *code);

/* The text for language i, or "" when the text is unset. Borrowed. */
const char *ltext_get(const struct ltext *t, size_t i);
/* Where the text for language i is; the value's mark when unset. */
struct mark ltext_get_mark(const struct ltext *t, size_t i);
bool ltext_is_set(const struct ltext *t);
/* True when language i was written as "=" (the source text on purpose). */
bool ltext_is_same(const struct ltext *t, size_t i);

/* Calls fn for every language map under root: a mapping whose keys are all
 * languages of langs, with text values. owner is the id of the nearest
 * mapping above it that has one ("" when none), key the key it stands
 * under. For the texts of board and document items (model/item.c), which
 * the summary, the proofs and the translation checks read. */
void ltext_walk(const struct node *root, const struct langs *langs,
                void (*fn)(const struct node *map, const char *owner, const char *key, void *ctx),
                void *ctx);

#endif
