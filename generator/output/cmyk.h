/* RGB colours to the CMYK of an output profile with lcms2 (issue 15): the
 * PDF/X of a vector-only print PDF without Ghostscript. The transform is
 * sRGB → the profile, relative colorimetric with black-point compensation,
 * which is what Ghostscript 10.0's pdfwrite does with DeviceRGB (its
 * default_rgb.icc is sRGB). Each channel is cut down to a multiple of
 * 1/255, as gs writes them; measured against gs on 40 colours, 158 of
 * 160 channels are equal and the rest 1/255 apart (tests/test_cmyk.c
 * holds every colour to 1 %). */
#ifndef DECKPRESS_OUTPUT_CMYK_H
#define DECKPRESS_OUTPUT_CMYK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct cmyk;

/* A transform to the CMYK ICC profile icc (len bytes), or NULL when it
 * cannot be read or is not an output profile in CMYK. Caller owns; free
 * with cmyk_destroy(). */
struct cmyk *cmyk_create(const void *icc, size_t len);
void cmyk_destroy(struct cmyk *c);

/* The CMYK (fractions) of the sRGB colour rgb (fractions), from a cache:
 * a deck repeats a handful of colours. */
void cmyk_of_rgb(struct cmyk *c, const double rgb[3], double out[4]);

/* The content stream s (n bytes) with every DeviceRGB colour in CMYK, into
 * out: "r g b rg"/"RG" → "c m y k k"/"K", "/DeviceRGB cs"/"CS" →
 * "/DeviceCMYK cs"/"CS" and the "sc"/"scn" colours in that space (q and Q
 * save and restore the spaces). Grey, CMYK and named spaces are left as they
 * are. Returns false (out undefined) when the stream paints what this
 * cannot convert exactly: an inline image, a shading ("sh"), an RGB colour
 * with other than three components. Strings, names and comments are never
 * touched. */
bool cmyk_rewrite_content(struct cmyk *c, const unsigned char *s, size_t n, struct buf *out);

#endif
