/* Where the files a kit names (images, the ICC profile) may lead: inside
 * the kit folder or the project's shared templates/, after every symbolic
 * link is resolved. An absolute path, a '..' that climbs out or a link that
 * points out is an error that says nothing about the file outside, not
 * even whether it exists. */
#ifndef DECKPRESS_MODEL_ASSET_H
#define DECKPRESS_MODEL_ASSET_H

#include <stdbool.h>

#include "util/diag.h"
#include "util/mem.h"

#define ASSET_MAX_ROOTS 2

/* The folders assets may be in, each as given made absolute and as its
 * real path (with links resolved), both allocated in the arena given to
 * asset_roots_init(). */
struct asset_roots {
	const char *given[ASSET_MAX_ROOTS];
	const char *real[ASSET_MAX_ROOTS];
	int count;
};

/* Adds dir as a root; a dir that does not exist is left out. False when
 * ASSET_MAX_ROOTS are already there. */
bool asset_roots_add(struct asset_roots *roots, struct arena *arena, const char *dir);

/* Resolves rel, written in a file in folder base, to the path of a regular,
 * readable file inside roots (NULL roots: inside base itself). Reports at m,
 * naming the file by what ("image", "logo"), and returns false otherwise.
 * *out is base joined with rel as written (what messages show), allocated
 * in arena, freed with it. */
bool asset_resolve(const struct asset_roots *roots, struct arena *arena, const char *base,
                   const char *rel, const char *what, struct mark m, struct diag *d,
                   const char **out);

#endif
