/* What the fuzz targets share: the sample kit, loaded once per process
 * (its decks, brand, phrases and languages are the context an item is read
 * in), and a font check that needs no fontconfig. */
#ifndef DECKPRESS_FUZZ_KIT_H
#define DECKPRESS_FUZZ_KIT_H

#include <stdbool.h>

#include "model/kit.h"

#define FUZZ_KIT_DIR DECKPRESS_SOURCE_DIR "/decks/social-kapital"

/* The kit decks/social-kapital, loaded on the first call and freed at exit;
 * aborts when it does not load. Borrowed; valid until exit. */
const struct kit *fuzz_kit_get(void);

/* The families in fonts/, by name only: deterministic and fast. */
bool fuzz_has_family(const char *family, const void *ctx);

/* The model readers' font check (model/kit.c's, in short): false, and an
 * error at m in ctx (a struct diag *), for a family not bundled. */
bool fuzz_check_family(const char *family, struct mark m, void *ctx);

/* The kit_env the sample kit is loaded with; static. */
const struct kit_env *fuzz_kit_env(void);

#endif
