#include "translate/translate.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load/csv.h"
#include "load/yml.h"
#include "output/atomic.h"
#include "translate/apply.h"
#include "translate/po.h"
#include "translate/store.h"
#include "translate/xliff.h"
#include "typeset/markup.h"
#include "util/exitcode.h"
#include "util/mem.h"
#include "util/strindex.h"

/* Loads the kit in dir for its texts: no language is required, so a half
 * translated kit loads. False (printed) when it has errors. */
static bool load(struct kit **out, const char *root, const char *dir, struct diag *d)
{
	struct buf tpl, prof, phrases;
	buf_init(&tpl);
	buf_init(&prof);
	buf_init(&phrases);
	buf_printf(&tpl, "%s/templates", root);
	buf_printf(&prof, "%s/templates/profiles", root);
	buf_printf(&phrases, "%s/templates/i18n", root);
	static const char *const none[] = {NULL};
	struct kit_env env = {.templates_dir = buf_str(&tpl),
	                      .profiles_dir = buf_str(&prof),
	                      .phrases_dir = buf_str(&phrases),
	                      .langs = none,
	                      .nlangs = 0};
	bool ok = kit_load(out, dir, NULL, &env, d) && !diag_has_errors(d);
	buf_finish(&tpl);
	buf_finish(&prof);
	buf_finish(&phrases);
	diag_flush(d, stderr);
	return ok;
}

/* The kit's source language for lang: an error when lang is not one of the
 * kit's translations. */
static const char *source_of(const struct kit *kit, const char *lang)
{
	int i = langs_find(&kit->langs, lang);
	if (i > 0)
		return kit->langs.codes[0];
	if (i == 0)
		diag_print_now(stderr, SEV_ERROR,
		               "'%s' is the source language of kit '%s'; name a language to "
		               "translate into",
		               lang, kit->name);
	else
		diag_print_now(stderr, SEV_ERROR, "kit '%s' has no language '%s'", kit->name, lang);
	return NULL;
}

/* The units of lang with their outdated flags. */
static bool collect(struct units *u, struct store *s, const struct kit *kit, const char *lang,
                    struct diag *d)
{
	units_collect(u, kit, lang);
	bool ok = store_load(s, kit->dir, d);
	store_mark_outdated(s, lang, u);
	return ok;
}

int translate_export(const struct translate_options *opt)
{
	struct diag d;
	diag_init(&d);
	struct kit *kit = NULL;
	int code = EXIT_INPUT;
	const char *src = NULL;
	bool loaded = load(&kit, opt->root, opt->kit, &d);
	if (loaded && !(src = source_of(kit, opt->lang)))
		code = EXIT_USAGE; /* --lang names no translation */
	if (src) {
		struct units u;
		struct store s;
		bool ok = collect(&u, &s, kit, opt->lang, &d);
		if (opt->annotate)
			opt->annotate(kit, opt->lang, &u, opt->annotate_ctx);
		struct buf out;
		buf_init(&out);
		if (strcmp(opt->format, "po") == 0)
			po_write(&out, kit->name, src, opt->lang, &u);
		else
			xliff_write(&out, kit->name, src, opt->lang, &u);
		if (!ok)
			code = EXIT_INPUT;
		else if (!opt->out)
			code = fwrite(out.data, 1, out.len, stdout) == out.len ? EXIT_OK
			                                                       : EXIT_INTERNAL;
		else
			code = atomic_write_file(opt->out, buf_str(&out), out.len, &d)
			               ? EXIT_OK
			               : EXIT_INTERNAL;
		buf_finish(&out);
		units_finish(&u);
		store_finish(&s);
	}
	diag_flush(&d, stderr);
	kit_destroy(kit);
	diag_finish(&d);
	return code;
}

int translate_confirm(const struct translate_options *opt)
{
	struct diag d;
	diag_init(&d);
	struct kit *kit = NULL;
	int code = EXIT_INPUT;
	if (load(&kit, opt->root, opt->kit, &d) && (!opt->lang || source_of(kit, opt->lang))) {
		struct store s;
		bool ok = store_load(&s, kit->dir, &d);
		size_t n = 0;
		for (size_t l = 1; ok && l < kit->langs.count; l++) {
			const char *lang = kit->langs.codes[l];
			if (opt->lang && strcmp(opt->lang, lang) != 0)
				continue;
			struct units u;
			units_collect(&u, kit, lang);
			store_mark_outdated(&s, lang, &u);
			for (size_t i = 0; i < u.count; i++) {
				n += u.items[i].outdated;
				store_confirm(&s, lang, &u.items[i]);
			}
			units_finish(&u);
		}
		if (ok && store_save(&s, &d)) {
			fprintf(stderr, "deckpress: %zu outdated translation%s confirmed; %s\n", n,
			        n == 1 ? "" : "s", s.path);
			code = EXIT_OK;
		} else if (ok) {
			code = EXIT_INTERNAL;
		}
		store_finish(&s);
	}
	diag_flush(&d, stderr);
	kit_destroy(kit);
	diag_finish(&d);
	return code;
}

/* Saves a store that check or build brought up to date; a kit folder that
 * cannot be written only gets a warning (the build goes on). */
static void save_quietly(struct store *s, struct diag *d)
{
	struct diag io;
	diag_init(&io);
	if (!store_save(s, &io))
		diag_warning(d, (struct mark){.file = s->path},
		             "cannot record the translations edited since the last check: %s",
		             io.len ? io.entries[0].message : "unknown error");
	diag_finish(&io);
}

void translate_report_outdated(const struct kit *kit, struct diag *d)
{
	struct store s;
	if (!store_load(&s, kit->dir, d)) {
		store_finish(&s);
		return;
	}
	bool changed = false;
	for (size_t l = 1; s.exists && l < kit->langs.count; l++) {
		struct units u;
		units_collect(&u, kit, kit->langs.codes[l]);
		store_mark_outdated(&s, kit->langs.codes[l], &u);
		for (size_t i = 0; i < u.count; i++) {
			const struct unit *x = &u.items[i];
			if (!x->outdated)
				continue;
			diag_warning(
			        d, x->x->marks[x->lang],
			        "the '%s' translation of '%s'%s%s is outdated: its source at "
			        "%s:%d:%d changed since; update it, or run 'deckpress translate "
			        "confirm'",
			        kit->langs.codes[l], x->x->field, x->x->owner[0] ? " of " : "",
			        x->x->owner, x->src_mark.file, x->src_mark.line, x->src_mark.col);
		}
		changed |= store_update(&s, kit->langs.codes[l], &u);
		units_finish(&u);
	}
	if (changed)
		save_quietly(&s, d);
	store_finish(&s);
}

void translate_list_outdated(const struct kit *kit, const struct kit_item *it, const char *lang,
                             struct buf *out)
{
	struct diag quiet;
	diag_init(&quiet);
	struct store s;
	struct units u;
	collect(&u, &s, kit, lang, &quiet);
	for (size_t i = 0; i < u.count; i++) {
		const struct unit *x = &u.items[i];
		if (x->outdated && x->it == it)
			buf_printf(out, "%s%s%s%s", out->len ? ", " : "", x->x->owner,
			           x->x->owner[0] ? " " : "", x->x->field);
	}
	units_finish(&u);
	store_finish(&s);
	diag_finish(&quiet);
}

static bool is_xliff(const char *path, const char *data)
{
	size_t n = strlen(path);
	return (n > 4 && strcmp(path + n - 4, ".xlf") == 0) ||
	       (n > 6 && strcmp(path + n - 6, ".xliff") == 0) || strncmp(data, "<?xml", 5) == 0 ||
	       strncmp(data, "<xliff", 6) == 0;
}

/* Texts (or a file's entries) by what their contexts name without the
 * number ("drejebog text" of "drejebog text#4"): the places of those with
 * each base, chained, and each one's number. */
struct by_base {
	struct strindex head; /* base -> the first place with it */
	char **base;          /* owned, by place */
	size_t *number;       /* by place: the context's number (1 without) */
	size_t *next;         /* by place: the next with the same base; SIZE_MAX ends */
};

static void by_base_init(struct by_base *b, const char *const *contexts, size_t n)
{
	strindex_init(&b->head);
	b->base = xcalloc(n + 1, sizeof(*b->base));
	b->number = xcalloc(n + 1, sizeof(*b->number));
	b->next = xcalloc(n + 1, sizeof(*b->next));
	for (size_t k = n; k-- > 0;) {
		b->base[k] = xstrndup(contexts[k], units_base_len(contexts[k], &b->number[k]));
		size_t *h = strindex_at(&b->head, b->base[k]);
		b->next[k] = h ? *h : SIZE_MAX;
		if (h)
			*h = k;
		else
			strindex_put(&b->head, b->base[k], k);
	}
}

static void by_base_finish(struct by_base *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(b->base[k]);
	free(b->base);
	free(b->number);
	free(b->next);
	strindex_finish(&b->head);
}

/* The places with base, in the order of their numbers, into *out (the
 * caller's to free); how many. */
static size_t places_of(const struct by_base *b, const char *base, size_t **out)
{
	size_t n = 0, cap = 0, k;
	*out = NULL;
	for (bool any = strindex_get(&b->head, base, &k); any && k != SIZE_MAX; k = b->next[k]) {
		XGROW(*out, cap, n + 1);
		size_t i = n++;
		/* chains run in place order, nearly the numbers' order */
		for (; i > 0 && b->number[(*out)[i - 1]] > b->number[k]; i--)
			(*out)[i] = (*out)[i - 1];
		(*out)[i] = k;
	}
	return n;
}

/* The largest table of the alignment below (entries x texts of one base);
 * a larger group is matched by context and then by nearest number. */
#define ALIGN_MAX_CELLS (4u << 20)

/* Matches entries e[0..n) of f to the kit's texts t[0..m) of the same base,
 * both in number order, through the longest sequence of equal sources that
 * keeps both orders (as diff aligns lines): the texts a paragraph added or
 * removed moved keep their translations, even where a source is repeated. */
static void align(const struct xfile *f, const size_t *e, size_t n, const struct units *u,
                  const size_t *t, size_t m, struct unit **out, bool *taken)
{
	uint32_t *len = xcalloc((n + 1) * (m + 1), sizeof(*len));
#define LEN(i, j) len[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			LEN(i, j) = strcmp(f->items[e[i]].source, u->items[t[j]].source) == 0
			                    ? LEN(i + 1, j + 1) + 1
			            : LEN(i + 1, j) >= LEN(i, j + 1) ? LEN(i + 1, j)
			                                             : LEN(i, j + 1);
	for (size_t i = 0, j = 0; i < n && j < m;) {
		if (strcmp(f->items[e[i]].source, u->items[t[j]].source) == 0) {
			out[e[i]] = &u->items[t[j]];
			taken[t[j]] = true;
			i++, j++;
		} else if (LEN(i + 1, j) >= LEN(i, j + 1)) {
			i++;
		} else {
			j++;
		}
	}
#undef LEN
	free(len);
}

/* The unit each entry of f is for (NULL where none is): of the texts of
 * its file, owner and field (its context without the number), the one its
 * source was aligned with (align()), else the one of its context when that
 * has its source, else the nearest by number with its source. So a file
 * made before a paragraph was added to a document, or removed from it,
 * which moves the number of every later text of the same kind ("drejebog
 * text#4" is now "#5"), is imported all the same; a text whose source
 * changed is not. */
static void resolve(const struct xfile *f, const struct units *u, struct unit **out)
{
	bool *taken = xcalloc(u->count + 1, sizeof(*taken));
	bool *done = xcalloc(f->count + 1, sizeof(*done));
	const char **uc = xcalloc(u->count + 1, sizeof(*uc));
	const char **fc = xcalloc(f->count + 1, sizeof(*fc));
	for (size_t k = 0; k < u->count; k++)
		uc[k] = u->items[k].context;
	for (size_t i = 0; i < f->count; i++) {
		fc[i] = f->items[i].context;
		out[i] = NULL;
	}
	struct by_base ub, fb;
	by_base_init(&ub, uc, u->count);
	by_base_init(&fb, fc, f->count);
	for (size_t i = 0; i < f->count; i++) {
		if (done[i])
			continue;
		size_t *e, *t;
		size_t n = places_of(&fb, fb.base[i], &e), m = places_of(&ub, fb.base[i], &t);
		for (size_t k = 0; k < n; k++)
			done[e[k]] = true;
		if ((uint64_t)(n + 1) * (m + 1) <= ALIGN_MAX_CELLS) {
			align(f, e, n, u, t, m, out, taken);
		} else {
			for (size_t k = 0; k < n; k++) {
				struct unit *x = units_find(u, f->items[e[k]].context);
				if (x && !taken[x - u->items] &&
				    strcmp(x->source, f->items[e[k]].source) == 0) {
					out[e[k]] = x;
					taken[x - u->items] = true;
				}
			}
			for (size_t k = 0; k < n; k++) {
				size_t best = SIZE_MAX, off = SIZE_MAX, want = fb.number[e[k]];
				for (size_t j = 0; !out[e[k]] && j < m; j++) {
					size_t num = ub.number[t[j]],
					       o = num > want ? num - want : want - num;
					if (!taken[t[j]] && o < off &&
					    strcmp(u->items[t[j]].source, f->items[e[k]].source) ==
					            0) {
						best = t[j];
						off = o;
					}
				}
				if (best != SIZE_MAX) {
					out[e[k]] = &u->items[best];
					taken[best] = true;
				}
			}
		}
		free(e);
		free(t);
	}
	by_base_finish(&ub, u->count);
	by_base_finish(&fb, f->count);
	free(uc);
	free(fc);
	free(done);
	free(taken);
}

/* Checks one entry against the kit, whose unit for it is x (resolve());
 * adds an edit when it changes a text. */
static void check_entry(const struct xentry *e, struct unit *x, struct units *u, const char *lang,
                        struct apply_edit *edits, size_t *nedits, struct diag *d)
{
	if (!x) {
		/* no text of its kind has its source any more (or another entry
		 * of the file took the one that has): nothing is written for it */
		const struct unit *y = units_find(u, e->context);
		if (y && strcmp(e->source, y->source) != 0)
			diag_error(d, e->mark,
			           "the source of '%s' changed since this file was made (now at "
			           "%s:%d:%d); export again",
			           e->context, y->src_mark.file, y->src_mark.line, y->src_mark.col);
		else if (y)
			diag_error(d, e->mark,
			           "'%s' cannot be told from another text with the same source: "
			           "texts were added or removed since this file was made; export "
			           "again",
			           e->context);
		else
			diag_error(d, e->mark,
			           "unknown text '%s'; it is not in the kit (export again)",
			           e->context);
		return;
	}
	if (strcmp(e->source, x->source) != 0) {
		diag_error(d, e->mark,
		           "the source of '%s' changed since this file was made (now at %s:%d:%d); "
		           "export again",
		           e->context, x->src_mark.file, x->src_mark.line, x->src_mark.col);
		return;
	}
	if (!e->target[0])
		return;
	/* a card of a CSV file (cards: {csv: ...}) without a cell for the
	 * language: a column is not added (the text would land in the deck's
	 * YAML, which has no such card) */
	const struct node *map = x->x->value;
	if (map && csv_is_mark(&map->mark) && !apply_is_csv_cell(x) &&
	    (!x->target || strcmp(x->target, e->target) != 0)) {
		diag_error(d, e->target_mark,
		           "'%s' is a row of %s (row %d) without a '%s.%s' column; add the column "
		           "(its cells may be empty) and import again",
		           e->context, map->mark.file, map->mark.line, x->x->field, lang);
		return;
	}
	size_t at;
	long c = yml_find_control(e->target, strlen(e->target), &at);
	if (c >= 0) {
		/* refused as the deck's own YAML would refuse it */
		if (c == '\t')
			diag_error(d, e->target_mark,
			           "the '%s' translation of '%s': tab character; use a space", lang,
			           e->context);
		else
			diag_error(d, e->target_mark,
			           "the '%s' translation of '%s': control character U+%04lX", lang,
			           e->context, c);
		return;
	}
	struct rich r;
	rich_init(&r);
	const char *err;
	size_t off;
	if (strcmp(e->target, "=") != 0 && !markup_parse(&r, e->target, 0, &err, &off))
		diag_error(d, e->target_mark, "the '%s' translation of '%s': %s", lang, e->context,
		           err);
	else if (!x->target || strcmp(x->target, e->target) != 0)
		edits[(*nedits)++] = (struct apply_edit){x, lang, e->target};
	rich_finish(&r);
}

/* The kit the file is for: opt->kit, else decks/<its kit>. */
static bool load_for(struct kit **kit, const struct translate_options *opt, const struct xfile *f,
                     struct diag *d)
{
	if (!f->head.kit || !f->head.lang) {
		diag_error(d, f->head.mark.file ? f->head.mark : (struct mark){.file = opt->file},
		           "no %s in the file; was it made by 'deckpress translate export'?",
		           f->head.kit ? "target language" : "kit name");
		return false;
	}
	struct buf dir;
	buf_init(&dir);
	buf_printf(&dir, "%s", opt->kit ? opt->kit : "decks/");
	if (!opt->kit)
		buf_puts(&dir, f->head.kit);
	diag_flush(d, stderr);
	bool ok = load(kit, opt->root, buf_str(&dir), d);
	buf_finish(&dir);
	if (ok && strcmp((*kit)->name, f->head.kit) != 0) {
		diag_error(d, f->head.mark, "this file is for kit '%s', not '%s'", f->head.kit,
		           (*kit)->name);
		ok = false;
	}
	return ok && source_of(*kit, f->head.lang);
}

/* Writes the edits and confirms the translations not marked for review. */
static int write_back(const struct xfile *f, struct units *u, struct unit *const *of,
                      struct apply_edit *edits, size_t n, struct store *s, struct diag *d)
{
	size_t files;
	if (n && !apply_edits(edits, n, &files, d))
		return EXIT_INTERNAL;
	for (size_t i = 0; i < n; i++)
		((struct unit *)edits[i].unit)->target = edits[i].text;
	/* what the YAML held before is confirmed as check would; then the file's
	 * texts: confirmed, or kept for review when marked so */
	store_update(s, f->head.lang, u);
	for (size_t i = 0; i < f->count; i++) {
		struct unit *x = of[i];
		if (!f->items[i].target[0])
			continue;
		if (f->items[i].fuzzy)
			store_keep_outdated(s, f->head.lang, x);
		else
			store_confirm(s, f->head.lang, x);
	}
	if (!store_save(s, d))
		return EXIT_INTERNAL;
	fprintf(stderr, "deckpress: %zu translation%s written into %zu file%s\n", n,
	        n == 1 ? "" : "s", n ? files : 0, n && files == 1 ? "" : "s");
	return EXIT_OK;
}

static const struct xentry *sort_entries;

static int cmp_entry(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_entries[i].context, sort_entries[j].context);
	return c ? c : i < j ? -1 : i > j;
}

/* Reports every entry of f whose text an earlier entry names too (two
 * files joined into one): which translation is meant cannot be told.
 * Returns, by entry, whether it was reported (the caller frees). */
static bool *check_duplicates(const struct xfile *f, struct diag *d)
{
	bool *dup = xcalloc(f->count + 1, sizeof(*dup));
	size_t *order = xcalloc(f->count + 1, sizeof(*order));
	for (size_t i = 0; i < f->count; i++)
		order[i] = i;
	sort_entries = f->items;
	qsort(order, f->count, sizeof(*order), cmp_entry);
	/* sorted by text, then by place: each run starts with its first entry */
	for (size_t k = 1, first = 0; k < f->count; k++) {
		const struct xentry *head = &f->items[order[first]], *e = &f->items[order[k]];
		if (strcmp(head->context, e->context) != 0) {
			first = k;
		} else {
			diag_error(d, e->mark,
			           "'%s' is in the file twice (first at line %d); keep one of them",
			           e->context, head->mark.line);
			dup[order[k]] = true;
		}
	}
	free(order);
	return dup;
}

int translate_import(const struct translate_options *opt)
{
	struct diag d;
	diag_init(&d);
	size_t len = 0;
	char *data = apply_read_file(opt->file, &len, &d);
	struct xfile f = {0};
	struct kit *kit = NULL;
	int code = data ? EXIT_INPUT : EXIT_USAGE;
	bool read = data && (is_xliff(opt->file, data) ? xliff_read(&f, opt->file, data, len, &d)
	                                               : po_read(&f, opt->file, data, len, &d));
	if (read && load_for(&kit, opt, &f, &d)) {
		struct units u;
		struct store s;
		if (collect(&u, &s, kit, f.head.lang, &d)) {
			struct apply_edit *edits = xcalloc(f.count + 1, sizeof(*edits));
			struct unit **of = xcalloc(f.count + 1, sizeof(*of));
			size_t n = 0;
			bool *dup = check_duplicates(&f, &d);
			resolve(&f, &u, of);
			for (size_t i = 0; i < f.count; i++)
				if (!dup[i]) /* reported once is enough */
					check_entry(&f.items[i], of[i], &u, f.head.lang, edits, &n,
					            &d);
			free(dup);
			if (!diag_has_errors(&d))
				code = write_back(&f, &u, of, edits, n, &s, &d);
			free(of);
			free(edits);
		}
		units_finish(&u);
		store_finish(&s);
	}
	diag_flush(&d, stderr);
	kit_destroy(kit);
	if (f.items || data)
		xfile_finish(&f);
	free(data);
	diag_finish(&d);
	return code;
}
