/* Translation status: for each deck of a kit, how many of its texts each
 * language has, and which are missing, empty or still the source text.
 * Read from the YAML itself, so it works on a kit with errors too: that is
 * when a translator needs it most. */
#ifndef DECKPRESS_CLI_SUMMARY_H
#define DECKPRESS_CLI_SUMMARY_H

#include <stdbool.h>

#include "util/buf.h"

/* Appends the status of the kit in dir (only one file of it when only is
 * not NULL) to out, as text or as one JSON object. */
void summary_format(const char *dir, const char *only, bool json, struct buf *out);

#endif
