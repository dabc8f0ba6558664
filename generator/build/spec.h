/* The print specification that goes to the shop with every print build:
 * out/<kit>/<deck>.print-spec.txt and .json, generated from the same model
 * and profile as the PDFs, so the two cannot disagree. */
#ifndef DECKPRESS_BUILD_SPEC_H
#define DECKPRESS_BUILD_SPEC_H

#include <stdbool.h>

#include "model/kit.h"
#include "util/buf.h"
#include "util/diag.h"

/* Writes both files atomically into out_dir/<kit>/. Reports I/O failures. */
bool spec_write(const char *out_dir, const struct kit *kit, const struct deck *deck, bool pdfx,
                struct diag *d);

#endif
