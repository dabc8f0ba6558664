/* A PNG encoder for flat artwork (card faces, boards, handouts): 8-bit RGB
 * straight from a cairo RGB24 surface's memory, without zlib's match search.
 *
 * Each row is filtered Up when it equals the row above (the whole row then
 * is zeros) and Sub otherwise, and the DEFLATE stream holds literals and
 * runs of zeros only (a match at distance 1), in one block whose Huffman
 * code is counted from a sample of the rows. Flat colour and white space,
 * most of such a page, then cost a few bits per row; files are larger than
 * zlib's where a page is busy (text, photographs), the pixels the same. */
#ifndef DECKPRESS_OUTPUT_PNGENC_H
#define DECKPRESS_OUTPUT_PNGENC_H

#include "util/buf.h"

/* Appends to out a PNG of the w × h pixels at data (w, h ≥ 1), rows stride
 * bytes apart, each pixel a native-endian uint32 0xXXRRGGBB (cairo's
 * CAIRO_FORMAT_RGB24; the XX byte is ignored), drawn at dpi pixels an inch
 * (a pHYs chunk, so that a layout program places it at its size; none when
 * dpi is not above 0, nor from 1,000,000 up). The bytes depend on the
 * pixels and dpi only. */
void pngenc_write_rgb24(struct buf *out, const unsigned char *data, int w, int h, int stride,
                        double dpi);

#endif
