/* Typed reading of YAML nodes into model values, reporting every problem
 * with its position. Shared by every kind of file (kit, deck, template). */
#ifndef DECKPRESS_MODEL_READ_H
#define DECKPRESS_MODEL_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "load/yml.h"
#include "model/i18n.h"
#include "util/geom.h"

struct asset_roots;

struct reader {
	struct diag *d;
	struct arena *arena; /* where strings made while reading go */
	struct langs langs;  /* languages every text must have */
	/* where read_path() may lead; borrowed; may be NULL: the folder of the
	 * file read */
	const struct asset_roots *assets;
	/* for the texts of a kit's items: a missing translation is read as
	 * lang_plan_get_missing_text() and not reported here (the kit reports
	 * it by item and id, in the languages being built); NULL: reported */
	const struct lang_plan *plan;
	const char *langs_owner; /* whose languages langs are: "deck"; NULL: the kit's */
};

/* Checks that n is a mapping whose keys are all in keys (NULL-terminated);
 * an unknown key is reported with a suggestion. what names the mapping in
 * messages ("card", "category"). False when n is not a mapping. */
bool read_map(struct reader *r, const struct node *n, const char *const *keys, const char *what);

/* Reports a missing key of map and returns NULL, or returns its value,
 * borrowed from the document. */
const struct node *read_required(struct reader *r, const struct node *map, const char *key,
                                 const char *what);

/* Checks that n is a list; reports and returns false if not. */
bool read_seq(struct reader *r, const struct node *n, const char *what);

/* A non-empty scalar. *out is borrowed from the document. */
bool read_string(struct reader *r, const struct node *n, const char *what, const char **out);

/* An identifier: letters, digits, '-', '_', '.'; at most 64 bytes. *out is
 * borrowed from the document. */
bool read_id(struct reader *r, const struct node *n, const char *what, const char **out);

bool read_length(struct reader *r, const struct node *n, const char *what, double *out);
/* A length >= 0. */
bool read_extent(struct reader *r, const struct node *n, const char *what, double *out);
bool read_color(struct reader *r, const struct node *n, const char *what, struct color *out);
bool read_int(struct reader *r, const struct node *n, const char *what, long min, long max,
              long *out);
bool read_number(struct reader *r, const struct node *n, const char *what, double min, double max,
                 double *out);
bool read_percent(struct reader *r, const struct node *n, const char *what, double *out);
bool read_bool(struct reader *r, const struct node *n, const char *what, bool *out);
/* One of the NULL-terminated choices; reports with a suggestion. Returns the index. */
bool read_enum(struct reader *r, const struct node *n, const char *what, const char *const *choices,
               int *out);

/* A human text in every language of r->langs: a plain string or a language
 * map. Missing and undeclared languages are errors; an empty text is
 * allowed (callers that need text check ltext_get). out's arrays live in
 * r->arena; its texts are borrowed from the document. */
bool read_ltext(struct reader *r, const struct node *n, const char *what, struct ltext *out);

/* A list of language codes, such as [da, en]. The array lives in r->arena;
 * the codes are borrowed from the document. */
bool read_langs(struct reader *r, const struct node *n, struct langs *out);

/* A path relative to the directory of the file n is in; checks that the file
 * is inside r->assets (model/asset.h), regular and readable. *out is
 * allocated in r->arena, freed with it. */
bool read_path(struct reader *r, const struct node *n, const char *what, const char **out);

/* Joins dir and rel ("." dir gives rel); allocated in arena, freed with it. */
const char *path_join(struct arena *arena, const char *dir, const char *rel);

#endif
