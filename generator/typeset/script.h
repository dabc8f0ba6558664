/* Which writing systems the bundled fonts cover: a language whose script no
 * font in fonts/ has is one error naming the language and the script,
 * instead of one error per character (build/build.c). */
#ifndef DECKPRESS_TYPESET_SCRIPT_H
#define DECKPRESS_TYPESET_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pango/pango.h>

/* The first character of text (UTF-8) that no font of ctx has and that
 * belongs to a script lang (a BCP 47 tag) is written in (Han for ja,
 * Arabic for ar ...; any script when Pango does not know lang), not a
 * symbol, punctuation or a stray letter of another script (those are
 * reported one by one where they are used). Returns false when
 * every such character is covered; else sets *ch, utf8 to the character
 * and script to the script's ISO 15924 code ("Hani"), NUL-terminated. */
bool script_find_uncovered(PangoContext *ctx, const char *lang, const char *text, uint32_t *ch,
                           char utf8[8], char script[5]);

#endif
