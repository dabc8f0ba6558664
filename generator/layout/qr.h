/* QR codes: the module matrix of a text through libqrencode, and its dark
 * modules as one vector path. */
#ifndef DECKPRESS_LAYOUT_QR_H
#define DECKPRESS_LAYOUT_QR_H

#include <stdbool.h>

#include "display/dlist.h"

/* The modules a QR code's symbol leaves light around it on each side
 * (ISO/IEC 18004 asks for 4). */
#define QR_QUIET_ZONE 4

struct qr {
	int width;           /* modules a side, without the quiet zone */
	unsigned char *dark; /* width * width, row by row: 1 = dark; owned */
};

/* Encodes data (UTF-8, as 8-bit bytes) at error correction level 0-3 (L,
 * M, Q, H) in the smallest version that holds it. False when data is empty
 * or too long for any version; out is then empty. Finish out with
 * qr_finish() either way. */
bool qr_encode(struct qr *out, const char *data, int level);
void qr_finish(struct qr *q);

/* Appends the dark modules of q to p as rectangles (each row's runs merged),
 * the symbol's top-left corner (inside the quiet zone) at x, y, m points a
 * module. One path, filled at once, leaves no seams between modules. */
void qr_add_to_path(const struct qr *q, struct dl_path *p, double x, double y, double m);

#endif
