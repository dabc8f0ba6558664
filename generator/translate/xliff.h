/* XLIFF 1.2 for CAT tools (memoQ, Trados, Weblate): one <file> per kit and
 * target language, one <trans-unit> per text, its id the unit's context.
 * Read back into the same entries as PO (translate/po.h). */
#ifndef DECKPRESS_TRANSLATE_XLIFF_H
#define DECKPRESS_TRANSLATE_XLIFF_H

#include "translate/po.h"

/* Writes units as XLIFF 1.2; an outdated translation has
 * state="needs-review-translation", a missing one none. */
void xliff_write(struct buf *out, const char *kit, const char *src, const char *lang,
                 const struct units *u);

/* Reads what xliff_write writes (and what CAT tools make of it: attributes
 * in any order, other elements ignored); text markup inside <source> or
 * <target> is refused. False (reported with file:line:col) when malformed.
 * Finish f with xfile_finish(). */
bool xliff_read(struct xfile *f, const char *name, const char *data, size_t len, struct diag *d);

#endif
