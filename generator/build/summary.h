/* Translation status: for each deck, board and document of a kit, how many
 * of its texts each language has, and which are missing, empty or still the
 * source text.
 * Read from the kit's items (model/item.h), which a kit with errors has
 * too: that is when a translator needs it most. */
#ifndef DECKPRESS_BUILD_SUMMARY_H
#define DECKPRESS_BUILD_SUMMARY_H

#include <stdbool.h>

#include "model/kit.h"
#include "util/buf.h"

/* Appends the status of the items asked for of the kit in dir to out, as
 * text or as one JSON object. kit may be NULL (dir could not be read). */
void summary_format(const char *dir, const struct kit *kit, bool json, struct buf *out);

#endif
