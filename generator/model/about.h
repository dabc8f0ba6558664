/* Tool metadata: what a deck, board or document says about itself under
 * `about:` (docs/yaml.md, "Tool metadata"): its theme, purpose, a short
 * description, duration, group size, level and materials. The catalogue of a
 * kit and its web edition show it; `check` warns about what is missing. */
#ifndef DECKPRESS_MODEL_ABOUT_H
#define DECKPRESS_MODEL_ABOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "load/yml.h"
#include "model/i18n.h"
#include "model/read.h"
#include "util/buf.h"

enum about_level {
	ABOUT_LEVEL_NONE, /* not given */
	ABOUT_LEVEL_INTRODUCTION,
	ABOUT_LEVEL_INTERMEDIATE,
	ABOUT_LEVEL_ADVANCED,
};

/* "introduction", "intermediate", "advanced", NULL: the names of the levels
 * from ABOUT_LEVEL_INTRODUCTION on, as the YAML writes them. */
extern const char *const about_level_names[];

/* A range of whole numbers; 0 and 0 when not given, min == max for one. */
struct about_range {
	long min, max;
};

struct about {
	bool present;         /* the item has an 'about:' */
	struct mark mark;     /* of 'about:', else of the item */
	struct ltext theme;   /* what the catalogue groups by; may be unset */
	struct ltext purpose; /* may be unset */
	struct ltext description;
	struct about_range minutes; /* duration */
	struct about_range group;   /* people */
	enum about_level level;
	struct ltext *materials; /* in r->arena; NULL when none */
	size_t nmaterials;
};

/* Reads the 'about:' of root (a deck, board or document mapping: kind
 * "deck" ..., id as read, may be NULL), in the languages of r->langs, into
 * *out; with none, *out is empty (present false). Every error is reported
 * into r->d; every field the catalogue shows that an 'about:' lacks is a
 * warning. Arrays live in r->arena, texts are borrowed from the document.
 * False on an error. */
bool about_read(struct about *out, struct reader *r, const struct node *root, const char *kind,
                const char *id);

struct kit;
struct kit_item;

/* ---- the kit's tools: its decks, boards and documents ---- */

/* The about of a deck, board or document item read into its model; NULL
 * for any other item. Borrowed from the model. */
const struct about *about_get(const struct kit_item *it);

/* The index of lang among the languages of the tool it (asked for, read,
 * with an id); -1 when it is no such tool or lacks the language. */
int about_find_lang(const struct kit_item *it, const char *lang);

/* The title of the tool it in its language l. Borrowed from the model. */
const char *about_get_title(const struct kit_item *it, size_t l);

/* The theme of the tool it in lang (about_find_lang() >= 0); "" when it has
 * none. Borrowed from the model. */
const char *about_get_theme(const struct kit_item *it, const char *lang);

/* The tools of k in lang grouped by theme: the themes in the order they
 * first appear among the decks, then the boards, then the documents (each
 * in file order), the tools without a theme last; count in *n. Caller
 * frees the array (the items are borrowed from k). */
const struct kit_item **about_list_tools(const struct kit *k, const char *lang, size_t *n);

/* In a kit where any deck, board or document has an 'about:', each of
 * them that is asked for and has none is a warning: the kit describes its
 * tools, and the catalogue would show only this one's title. */
void about_check_kit(const struct kit *k, struct diag *d);

/* Appends r as "30-45" or "45" to out; nothing when unset. */
void about_format_range(const struct about_range *r, struct buf *out);

#endif
