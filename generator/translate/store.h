/* The fingerprint store: for each translation, a hash of the source text
 * it was made from (and of the translation itself), kept in the kit's
 * translations.lock beside the YAML, one sorted line per text, so that it
 * merges in git and the YAML the translators edit stays as it is. A
 * translation whose source changed since is outdated until it is edited
 * (its own hash changes), confirmed (`translate confirm`) or imported
 * without a fuzzy or needs-review mark.
 *
 * Editing confirms: a translation whose hash differs from the recorded one
 * was edited after it was recorded, so it is taken as made from the source
 * it now stands beside. For that to hold, the store learns every edit the
 * first time deckpress reads the kit after it (check, build, translate):
 * store_update() records the translations that are not outdated as they
 * now are. Otherwise a translation edited (a typo fixed) while its source
 * stayed the same would hide a later change of the source. */
#ifndef DECKPRESS_TRANSLATE_STORE_H
#define DECKPRESS_TRANSLATE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translate/units.h"
#include "util/strindex.h"
#include "util/diag.h"

struct store_entry {
	char *lang;    /* owned */
	char *context; /* owned */
	char *key;     /* owned: "lang\tcontext", which the index holds */
	uint64_t source, target;
};

struct store {
	char *path;  /* owned: <kit>/translations.lock */
	bool exists; /* the file was there: a kit without one tracks nothing */
	struct store_entry *items;
	size_t count, cap;
	struct strindex by_key; /* each entry's place, by its key */
};

/* Reads the store of the kit in dir; a kit without one has an empty
 * store. False (reported, with file:line) on a malformed line. Caller
 * finishes s with store_finish(), even then. */
bool store_load(struct store *s, const char *dir, struct diag *d);

/* Sets u->outdated on every unit of lang whose source changed after its
 * translation, which is unchanged since. */
void store_mark_outdated(const struct store *s, const char *lang, struct units *u);

/* Records the source and translation of u (a unit of lang) as confirmed. */
void store_confirm(struct store *s, const char *lang, const struct unit *u);

/* Records, for every unit of lang that has a translation and is not
 * outdated (store_mark_outdated() has run), its source and translation as
 * they now are: an edit confirms a translation. A unit the store does not
 * know is added when the store's file exists. Returns whether anything
 * changed. */
bool store_update(struct store *s, const char *lang, const struct units *u);

/* Records the translation of u (a unit of lang) as still to be reviewed:
 * its new hash with the source it was made from left as it was (unknown
 * for a text not yet tracked), so that it stays outdated. */
void store_keep_outdated(struct store *s, const char *lang, const struct unit *u);

/* Writes the store atomically; false (reported) on I/O errors. */
bool store_save(struct store *s, struct diag *d);

void store_finish(struct store *s);

#endif
