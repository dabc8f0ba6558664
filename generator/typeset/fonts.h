/* The private font set: only the files under fonts/ (and a kit's own fonts/),
 * never the machine's fonts. A glyph the named family lacks comes from the
 * fallback chain: Noto Sans, then the bundled Noto Sans Symbols2 and Noto
 * Sans Symbols (suits, arrows, check marks, common symbols).
 *
 * One font map for the whole process, at 72 dpi with hint metrics off and
 * unrounded glyph positions, so a PDF and a PNG lay out identically and a
 * point in the YAML is a point on paper (docs/typesetting.md §2, §3).
 */
#ifndef DECKPRESS_TYPESET_FONTS_H
#define DECKPRESS_TYPESET_FONTS_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pangocairo.h>

#include "util/diag.h"

struct fonts;

/* Loads every font file found (recursively) under dir. Returns false and
 * reports into d when dir holds no usable font. *out is NULL on failure;
 * caller owns *out, free with fonts_destroy(). Also makes the map Pango's
 * default, so SVG <text> drawn by librsvg uses the bundled fonts too. */
bool fonts_create(struct fonts **out, const char *dir, struct diag *d);

/* Like fonts_create(), with the font files of a kit's own folder kit_dir
 * (searched recursively) added for that kit only. A file named *.ttf, *.otf
 * or *.ttc must be a font and have a licence file beside it (OFL*,
 * LICENSE*, LICENCE*, COPYING*, UFL*); each one that is not, or has none,
 * is reported at its path and makes this fail. Other files are ignored.
 * Ownership as fonts_create(). */
bool fonts_create_for_kit(struct fonts **out, const char *dir, const char *kit_dir, struct diag *d);

/* Makes f the font set Pango's default map and fontconfig use again (after
 * a kit's own set made with fonts_create_for_kit() is destroyed). */
void fonts_use(const struct fonts *f);

void fonts_destroy(struct fonts *f);

/* True when a family of that exact name (case-insensitive, as fontconfig
 * compares) is in the set. "Sans" and other generic aliases are not. */
bool fonts_has_family(const struct fonts *f, const char *family);

/* The family names in the set, sorted; borrowed, valid until fonts_destroy(). */
const char *const *fonts_get_families(const struct fonts *f, size_t *count);

/* A context set up for print: resolution 72, hint metrics off, glyph
 * positions unrounded. Borrowed; valid until fonts_destroy(). */
PangoContext *fonts_get_context(const struct fonts *f);

/* Font options that match the context, for cairo_t's that draw text laid out
 * with it (pango_cairo_update_context is not needed). Borrowed. */
const cairo_font_options_t *fonts_get_options(const struct fonts *f);

#endif
