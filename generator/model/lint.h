/* Translation findings: what a translator should look at in a deck that
 * loads. Reported with the position of the text in question:
 *  - an empty translation where the source language has text (error);
 *  - a translation identical to the source, probably untranslated, unless
 *    written "=" (warning);
 *  - a glossary term of the kit used in the source but not its translation
 *    in the target (warning). */
#ifndef DECKPRESS_MODEL_LINT_H
#define DECKPRESS_MODEL_LINT_H

#include "model/kit.h"

void lint_deck(const struct kit *kit, const struct deck *deck, struct diag *d);

/* The same findings for a board or document item: every language map among
 * its texts is a text to look at. */
void lint_item(const struct kit *kit, const struct kit_item *it, struct diag *d);

#endif
