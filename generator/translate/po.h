/* Translation files: gettext PO and XLIFF 1.2, written from a kit's units
 * and read back into entries for import (translate/translate.c). */
#ifndef DECKPRESS_TRANSLATE_PO_H
#define DECKPRESS_TRANSLATE_PO_H

#include <stdbool.h>
#include <stddef.h>

#include "translate/units.h"
#include "util/buf.h"
#include "util/diag.h"

/* What a file says about itself. */
struct xfile_head {
	const char *kit;    /* the kit's name; NULL when missing */
	const char *lang;   /* the target language; NULL when missing */
	const char *source; /* the source language; may be NULL */
	struct mark mark;   /* of the header, for messages */
};

/* One translation read from a file. Strings are owned by the file's
 * struct xfile. */
struct xentry {
	const char *context;
	const char *source;
	const char *target; /* "" when untranslated */
	bool fuzzy;         /* needs review: not confirmed */
	struct mark mark;   /* of the entry; target_mark of its translation */
	struct mark target_mark;
};

struct xfile {
	struct xfile_head head;
	struct xentry *items;
	size_t count, cap;
	struct arena arena;
};

/* What the note of a unit for the translator says: where the text is used. */
void po_note(struct buf *out, const struct unit *u);

/* Writes units (all of kit, target lang, source language src) as PO. */
void po_write(struct buf *out, const char *kit, const char *src, const char *lang,
              const struct units *u);

/* Parses PO text (name for messages). False (reported with file:line:col)
 * when it is malformed; f is filled either way; finish with
 * xfile_finish(). */
bool po_read(struct xfile *f, const char *name, const char *data, size_t len, struct diag *d);

void xfile_finish(struct xfile *f);

#endif
