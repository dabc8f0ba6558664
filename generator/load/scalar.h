/* Strict parsers for the scalars of our YAML: lengths with units, colours,
 * page sizes, numbers. No atof/atoi: every character is accounted for.
 *
 * Each parser returns NULL on success, or a hint in git's voice (static
 * storage: never freed) that says what is wrong, for a message such as
 *   invalid length '12'; a length needs a unit: mm, cm, in or pt
 */
#ifndef DECKPRESS_LOAD_SCALAR_H
#define DECKPRESS_LOAD_SCALAR_H

#include <stdbool.h>

#include "util/geom.h"

/* "3mm", "-1.5 mm", "0.125in", "11pt", "2cm" → points. A unit is required. */
const char *scalar_parse_length(const char *s, double *out_pt);

/* "#RGB" or "#RRGGBB" (case-insensitive). */
const char *scalar_parse_color(const char *s, struct color *out);

/* A preset name ("poker", "a6", ...), optionally followed by " landscape" or
 * " portrait", or "W x H" with units ("63mm x 88mm", "63x88mm"). Points. */
const char *scalar_parse_size(const char *s, double *out_w, double *out_h);

/* A decimal integer in [min, max]. */
const char *scalar_parse_int(const char *s, long min, long max, long *out);

/* A decimal number (no exponent) in [min, max]. */
const char *scalar_parse_number(const char *s, double min, double max, double *out);

/* "42%" → 0.42; the value must lie in [0, 100]. */
const char *scalar_parse_percent(const char *s, double *out);

/* A total ink limit: "300%" → 3.0; from 100% to 400%. */
const char *scalar_parse_ink(const char *s, double *out);

/* "true" or "false". */
const char *scalar_parse_bool(const char *s, bool *out);

/* The preset names, NULL-terminated, for did-you-mean suggestions; static. */
extern const char *const scalar_size_presets[];

#endif
