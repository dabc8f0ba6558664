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

/* In a kit where any deck, board or document has an 'about:', each of
 * them that is asked for and has none is a warning: the kit describes its
 * tools, and the catalogue would show only this one's title. */
void about_check_kit(const struct kit *k, struct diag *d);

/* Appends r as "30-45" or "45" to out; nothing when unset. */
void about_format_range(const struct about_range *r, struct buf *out);

#endif
