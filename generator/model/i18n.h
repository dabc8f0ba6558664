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

/* What a run asks of a kit's languages (model/kit.c makes it from the
 * command line and kit.yaml): a missing or empty translation is an error
 * only in a language being built, and in a draft language (kit.yaml's
 * `draft: [en]`) it is no error but visibly marked. */
struct lang_plan {
	const char *const *built; /* --lang; NULL: every language */
	size_t nbuilt;
	struct langs draft; /* languages in progress; borrowed */
};

/* Whether the run builds (or checks) code. */
bool lang_plan_builds(const struct lang_plan *p, const char *code);
/* Whether code is a draft language. */
bool lang_plan_is_draft(const struct lang_plan *p, const char *code);
/* Whether a missing or empty text in code is an error: built, not a draft. */
bool lang_plan_requires(const struct lang_plan *p, const char *code);
/* What a missing text in code is read as: "[missing]" in a draft language
 * being built, so that the proof and the previews show it, else "".
 * Static. */
const char *lang_plan_get_missing_text(const struct lang_plan *p, const char *code);

/* Checks a language tag as BCP 47 writes it (a subset: language, then
 * script, region): "da", "pt-BR", "sr-Latn", "nb". On a tag that is not
 * one, returns false and writes the tag it probably means into hint
 * ("pt-BR" for "pt_br"), or "" when there is none. */
bool lang_tag_check(const char *tag, char *hint, size_t hint_size);

/* Calls fn for every language map under root: a mapping whose keys are all
 * languages of langs, with text values. owner is the id of the nearest
 * mapping above it that has one ("" when none), key the key it stands
 * under. For the texts of board and document items (model/item.c), which
 * the summary, the proofs and the translation checks read. */
void ltext_walk(const struct node *root, const struct langs *langs,
                void (*fn)(const struct node *map, const char *owner, const char *key, void *ctx),
                void *ctx);

#endif
