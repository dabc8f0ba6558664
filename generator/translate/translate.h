/* Translation exchange: `deckpress translate export|import|confirm`, and
 * the outdated translations `check` reports. Translators work in their
 * CAT tools on PO or XLIFF files; what comes back is checked whole and
 * written into the YAML in place, all files or none (translate/apply.h). */
#ifndef DECKPRESS_TRANSLATE_TRANSLATE_H
#define DECKPRESS_TRANSLATE_TRANSLATE_H

#include <stdbool.h>
#include <stdio.h>

#include "model/kit.h"
#include "translate/units.h"
#include "util/buf.h"
#include "util/diag.h"

struct translate_options {
	const char *root;   /* where templates/ is */
	const char *kit;    /* the kit folder; import: may be NULL (decks/<the file's kit>) */
	const char *lang;   /* export, confirm: the target language; confirm: NULL for all */
	const char *format; /* export: "po" or "xliff" */
	const char *out;    /* export: the file to write; NULL: stdout */
	const char *file;   /* import: the PO or XLIFF file */
	/* export: may be NULL; adds to the units of lang what the translation
	 * module cannot know, such as how the texts fit (build/fitnote.h) */
	void (*annotate)(const struct kit *kit, const char *lang, struct units *u, void *ctx);
	void *annotate_ctx;
};

/* Each returns an exit code from util/exitcode.h, having printed every
 * problem on stderr. */
int translate_export(const struct translate_options *opt);
int translate_import(const struct translate_options *opt);
int translate_confirm(const struct translate_options *opt);

/* Warns about every translation of the kit whose source changed after it
 * was translated (translate/store.h), at the translation, naming the
 * source's position. */
void translate_report_outdated(const struct kit *kit, struct diag *d);

/* For the summary: the contexts of item it's outdated translations in
 * lang, as "card T01 text, ...", appended to out. */
void translate_list_outdated(const struct kit *kit, const struct kit_item *it, const char *lang,
                             struct buf *out);

#endif
