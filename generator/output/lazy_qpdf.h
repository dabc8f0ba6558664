/* libqpdf, opened on the first call rather than at start-up: a print build
 * never reads a PDF with qpdf (only Ghostscript's files and the PDF/X
 * conversion do), and the library pulls in libstdc++, gnutls and a dozen
 * more. lazy_qpdf.c defines every qpdf_* function deckpress calls, with the
 * prototypes of <qpdf/qpdf-c.h>; each finds the library's own on its first
 * call (util/dynlib.h). Callers include <qpdf/qpdf-c.h> as before. */
#ifndef DECKPRESS_OUTPUT_LAZY_QPDF_H
#define DECKPRESS_OUTPUT_LAZY_QPDF_H

#include "util/dynlib.h"

/* The library: its SONAME, the file the build found it as, and whether it
 * is open. Borrowed; valid for the life of the process. */
struct dynlib *lazy_qpdf_get_lib(void);

#endif
