/* The print specification that goes to the shop with every print build:
 * out/<kit>/<deck>.print-spec.txt and .json, generated from the same model
 * and profile as the PDFs, so the two cannot disagree. */
#ifndef DECKPRESS_BUILD_SPEC_H
#define DECKPRESS_BUILD_SPEC_H

#include <stdbool.h>

#include "build/build.h"
#include "model/kit.h"
#include "util/buf.h"
#include "util/diag.h"

/* Writes both files atomically into opt->out_dir/<kit>/, listing the print
 * PDFs (when print) and PDF/X files (when pdfx) of the languages opt asks
 * for. Reports I/O failures. */
bool spec_write(const struct build_options *opt, const struct kit *kit, const struct deck *deck,
                bool print, bool pdfx, struct diag *d);

#endif
