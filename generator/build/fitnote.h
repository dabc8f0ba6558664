/* Fit notes for translators: where on a card each text of a deck is set
 * (the face and the element, and the card when the text is not the card's
 * own), how large the element's box is, its design size, and whether the
 * translation fits there and at what size, so that a PO or XLIFF file tells
 * the translator how much room there is ("front 'body': box 52.0 × 40.0
 * mm, design 18 pt; the 'en' text fits at 16.5 pt"). */
#ifndef DECKPRESS_BUILD_FITNOTE_H
#define DECKPRESS_BUILD_FITNOTE_H

#include "model/kit.h"
#include "translate/units.h"

/* Sets u->items[i].fit for every unit of kit's decks in lang that an
 * element of the deck's template shows: the first card and face where it
 * is set, with the translation as the YAML now has it laid out as a build
 * would (the kit's fonts, hyphenation). root is where fonts/ and templates/
 * are. Units no element shows (documents, boards, kit.yaml) keep fit NULL.
 * Nothing is reported: without fonts, no notes. ctx is root (a const char
 * *), so that this is a translate_options annotate function. */
void fitnote_annotate(const struct kit *kit, const char *lang, struct units *u, void *root);

#endif
