#include "build/build.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/cache.h"
#include "build/item.h"
#include "build/summary.h"
#include "build/split.h"
#include "layout/proof_table.h"
#include "model/about.h"
#include "model/kit.h"
#include "model/lint.h"
#include "output/atomic.h"
#include "output/pdfx.h"
#include "output/sink.h"
#include "render/image.h"
#include "translate/translate.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "typeset/script.h"
#include "util/buf.h"
#include "util/exitcode.h"
#include "util/mem.h"

struct run {
	const struct build_options *opt;
	struct diag diag;
	struct fonts *fonts;
	struct image_cache *images;
	bool io_failed;
	bool usage_failed;
	struct atomic_lock lock; /* of the output folder, from the first write on */
	bool lock_failed;
	/* owned: the kit folder (out_dir/name) claim_out_dir() last cleaned;
	 * NULL: none. Cleaned again, it would take a deck's crew's folder at
	 * work for a killed build's. */
	char *cleaned;
	struct buf json;    /* findings so far, with --format json */
	struct buf summary; /* with --summary: the translation status of each kit */
	struct buf said;    /* the findings printed for the kit being built */
	size_t errors, warnings;
	/* made when the first kit needs them (none when every kit is cached) */
	struct kit_env env;
	bool fonts_failed;
};

/* Hands the findings collected so far to the user: as text on stderr
 * (kept in r->said too, for the build cache), or kept for the JSON
 * document printed at the end. */
static void report(struct run *r)
{
	diag_take_counts(&r->diag, &r->errors, &r->warnings);
	if (r->opt->json) {
		diag_flush_json(&r->diag, &r->json);
		return;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem) {
		diag_flush(&r->diag, stderr);
		return;
	}
	diag_flush(&r->diag, mem);
	fclose(mem);
	fwrite(text, 1, len, stderr);
	fflush(stderr);
	buf_append(&r->said, text, len);
	free(text);
}

static bool has_family(const char *family, const void *ctx)
{
	return fonts_has_family(ctx, family);
}

/* Splits a PATH into a kit folder and, for a file, the file's name. */
static bool resolve_path(const char *path, char **dir, char **only, const char **why)
{
	struct stat st;
	*only = NULL;
	if (stat(path, &st) != 0) {
		*why = strerror(errno);
		return false;
	}
	size_t len = strlen(path);
	if (!S_ISDIR(st.st_mode) && (len < 5 || strcmp(path + len - 5, ".yaml") != 0)) {
		/* a kit's files all end in ".yaml": another would be read by nobody */
		*why = "neither a kit folder nor a file of a kit (their names end in '.yaml')";
		return false;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		while (n > 1 && path[n - 1] == '/')
			n--;
		*dir = xstrndup(path, n);
		return true;
	}
	const char *slash = strrchr(path, '/');
	*dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	if (strcmp(slash ? slash + 1 : path, "kit.yaml") != 0)
		*only = xstrdup(slash ? slash + 1 : path);
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every folder under decks/, for a build without PATH. */
static char **default_kits(size_t *count)
{
	*count = 0;
	DIR *dp = opendir("decks");
	if (!dp)
		return NULL;
	char **dirs = NULL;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "decks/%s", de->d_name);
		struct stat st;
		if (stat(buf_str(&b), &st) == 0 && S_ISDIR(st.st_mode)) {
			XGROW(dirs, cap, *count + 1);
			dirs[(*count)++] = buf_detach(&b);
		} else {
			buf_finish(&b);
		}
	}
	closedir(dp);
	if (*count)
		qsort(dirs, *count, sizeof(*dirs), cmp_str);
	return dirs;
}

/* A language asked for with --lang that no deck of the kit has is a usage
 * error, found before anything is written. */
static bool check_langs(struct run *r, const struct kit *kit)
{
	bool ok = true;
	for (size_t k = 0; k < r->opt->nlangs; k++) {
		/* boards and documents have the kit's languages */
		bool found = (kit->nboards || kit->ndocuments) &&
		             langs_find(&kit->langs, r->opt->langs[k]) >= 0;
		for (size_t i = 0; i < kit->ndecks && !found; i++)
			found = langs_find(&kit->decks[i]->langs, r->opt->langs[k]) >= 0;
		if (found)
			continue;
		struct buf have;
		buf_init(&have);
		for (size_t i = 0; i < kit->ndecks; i++) {
			const struct langs *ls = &kit->decks[i]->langs;
			for (size_t l = 0; l < ls->count; l++) {
				bool listed = false; /* by an earlier deck */
				for (size_t j = 0; j < i && !listed; j++)
					listed = langs_find(&kit->decks[j]->langs, ls->codes[l]) >=
					         0;
				if (!listed)
					buf_printf(&have, "%s%s", have.len ? ", " : "",
					           ls->codes[l]);
			}
		}
		diag_print_now(stderr, SEV_ERROR, "kit '%s' has no language '%s' (it has %s)",
		               kit->name, r->opt->langs[k], buf_str(&have));
		buf_finish(&have);
		ok = false;
	}
	return ok;
}

/* Every kind of item that makes files, in the order they are built. */
static const struct item_kind *const kinds[] = {&deck_kind, &board_kind,     &document_kind,
                                                &box_kind,  &catalogue_kind, &web_kind};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* Whether texts in language tag code are broken with hyphens at all:
 * Chinese, Japanese, Korean and the Southeast Asian scripts without spaces
 * break lines between characters or syllables, so a missing dictionary is
 * nothing to warn about. */
static bool lang_uses_hyphens(const char *code)
{
	static const char *const none[] = {"ja", "zh", "ko", "th", "lo", "km", "my", "bo"};
	size_t n = strcspn(code, "-");
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (strlen(none[i]) == n && strncmp(code, none[i], n) == 0)
			return false;
	return true;
}

/* The kit's hyphenator: the system dictionaries, those of the languages
 * the build sets (opt) loading ahead when it has jobs (a core of its own
 * while the kit is checked; a deck's crew then forks with them loaded).
 * Caller owns; free with hyphenator_destroy(). */
static struct hyphenator *start_hyphenator(struct run *r, const struct kit *kit,
                                           const struct build_options *opt)
{
	struct hyphenator *hy = hyphenator_create(NULL);
	struct buf builtin;
	buf_init(&builtin);
	buf_printf(&builtin, "%s/templates/hyphenation", r->opt->root);
	hyphenator_set_builtin_dir(hy, buf_str(&builtin));
	buf_finish(&builtin);
	if (opt->jobs < 2 || !opt->write)
		return hy;
	const char **ahead = xcalloc(kit->langs.count + 1, sizeof(*ahead));
	size_t n = 0;
	for (size_t i = 0; i < kit->langs.count; i++)
		if (item_wants_lang(opt, kit->langs.codes[i]) &&
		    lang_uses_hyphens(kit->langs.codes[i]))
			ahead[n++] = kit->langs.codes[i];
	hyphenator_load_ahead(hy, ahead, n);
	free(ahead);
	return hy;
}

/* Adds the kit's exceptions to hy, and reports a language the build sets
 * (opt) that has no dictionary. */
static void kit_hyphenation(struct run *r, const struct kit *kit, const struct build_options *opt,
                            struct hyphenator *hy)
{
	struct buf builtin;
	buf_init(&builtin);
	buf_printf(&builtin, "%s/kit.yaml", kit->dir);
	for (size_t i = 0; i < kit->langs.count; i++)
		if (item_wants_lang(opt, kit->langs.codes[i]) &&
		    lang_uses_hyphens(kit->langs.codes[i]) &&
		    !hyphenator_has_language(hy, kit->langs.codes[i]))
			diag_warning(&r->diag, (struct mark){.file = buf_str(&builtin)},
			             "no hyphenation dictionary for language '%s'; its texts are "
			             "set without hyphens (docs/i18n.md says how to add one)",
			             kit->langs.codes[i]);
	buf_finish(&builtin);
	for (size_t i = 0; i < kit->nhyphenation; i++) {
		const struct hyphen_exception *x = &kit->hyphenation[i];
		if (!hyphenator_add_exception(hy, x->lang, x->entry))
			diag_error(&r->diag, x->mark,
			           "invalid hyphenation '%s'; write the word with '-' where it may "
			           "break, "
			           "such as 'fra-værs-sam-ta-len', or whole to never break it",
			           x->entry);
	}
}

/* Loads kit; false (reported) when nothing of it can be built. Caller owns
 * *kit, even then; free with kit_destroy(). */
static bool load_kit(struct run *r, struct kit **kit, const char *dir, const char *only,
                     const struct kit_env *env)
{
	bool profile_missing = false;
	struct kit_env e = *env;
	e.profile_missing = &profile_missing;
	bool loaded = kit_load(kit, dir, only, &e, &r->diag);
	if (r->opt->summary)
		summary_format(dir, *kit, r->opt->json, &r->summary);
	if (!loaded) {
		if (profile_missing) {
			/* a typo on the command line, not in the input */
			r->usage_failed = true;
			diag_take_counts(&r->diag, NULL, &r->warnings);
		}
		report(r);
		return false;
	}
	if (!check_langs(r, *kit)) {
		r->usage_failed = true;
		return false;
	}
	return true;
}

/* The proofs' own words in the source language of each deck, board and
 * document, reported with the other problems before anything is written. */
static void require_proof_texts(struct run *r, const struct kit *kit)
{
	for (size_t i = 0; i < kit->nitems; i++) {
		const struct kit_item *it = &kit->items[i];
		if (it->asked && it->id && it->langs.count &&
		    (it->kind == KIND_DECK || it->kind == KIND_BOARD || it->kind == KIND_DOCUMENT))
			proof_table_require(kit->phrases, it->langs.codes[0], it->mark, &r->diag);
	}
}

static void say_waiting(long pid, const char *dir)
{
	if (pid > 0)
		fprintf(stderr,
		        "deckpress: waiting for another build into '%s' (pid %ld) to finish\n", dir,
		        pid);
	else
		fprintf(stderr, "deckpress: waiting for another build into '%s' to finish\n", dir);
}

/* Whether the kit's output folder (OUT/<kit>) is the kit's folder itself
 * ('build kit --out .' from the folder above it): its outputs would land
 * among its sources. */
static bool out_is_kit(const struct run *r, const struct kit *kit)
{
	struct buf dir;
	buf_init(&dir);
	buf_printf(&dir, "%s/%s", r->opt->out_dir, kit->name);
	struct stat a, b;
	bool same = stat(buf_str(&dir), &a) == 0 && stat(kit->dir, &b) == 0 &&
	            a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	buf_finish(&dir);
	return same;
}

/* Before the first file of a kit is written: the output folder's lock,
 * held until the run ends, then the temporary files (and a deck's crew's
 * folders, build/deck.c) a killed build left in the kit's folder
 * (out_dir/name). False (reported once) when it cannot be locked. */
static bool claim_out_dir(struct run *r, const char *name)
{
	if (r->lock_failed)
		return false;
	if (r->lock.fd < 0 && !atomic_lock_dir(&r->lock, r->opt->out_dir, say_waiting, &r->diag)) {
		r->lock_failed = true;
		return false;
	}
	if (!r->lock.held)
		return true; /* a file system without locks: a live build's files */
	if (r->cleaned && strcmp(r->cleaned, name) == 0)
		return true; /* claimed before the layout (a crew) and now again */
	free(r->cleaned);
	r->cleaned = xstrdup(name);
	struct buf dir;
	buf_init(&dir);
	buf_printf(&dir, "%s/%s", r->opt->out_dir, name);
	atomic_remove_stale(buf_str(&dir));
	buf_finish(&dir);
	return true;
}

/* A kit with its own fonts/ gets a font set of its own: the bundled fonts
 * and the kit's. False (reported) when the kit's fonts are wrong; *out is
 * NULL when the kit has none. Caller owns *out; free with fonts_destroy(). */
static bool kit_fonts(struct run *r, const char *dir, struct fonts **out)
{
	*out = NULL;
	struct buf kdir;
	buf_init(&kdir);
	buf_printf(&kdir, "%s/fonts", dir);
	struct stat st;
	bool ok = true;
	if (stat(buf_str(&kdir), &st) == 0 && S_ISDIR(st.st_mode)) {
		struct buf bundled;
		buf_init(&bundled);
		buf_printf(&bundled, "%s/fonts", r->opt->root);
		ok = fonts_create_for_kit(out, buf_str(&bundled), buf_str(&kdir), &r->diag);
		buf_finish(&bundled);
		if (!ok) {
			fonts_use(r->fonts);
			report(r);
		}
	}
	buf_finish(&kdir);
	return ok;
}

/* The languages a run builds of a kit with drafts (`draft:` in kit.yaml or
 * a deck asked for):
 * without --lang every language but the drafts; a draft asked for with
 * --lang builds only the proof and the previews (*formats), with its
 * missing texts marked. opt is r's options with langs set to *owned when
 * they change; caller frees *owned. */
static void plan_drafts(struct run *r, const struct kit *kit, struct build_options *opt,
                        unsigned *formats, const char ***owned)
{
	*opt = *r->opt;
	*owned = NULL;
	/* the kit's drafts and those of the decks asked for */
	const char **draft = xcalloc(kit->langs.count + 1, sizeof(*draft));
	struct langs drafts = {.codes = draft};
	for (size_t i = 0; i < kit->nitems; i++) {
		const struct kit_item *it = &kit->items[i];
		for (size_t k = 0; it->asked && k < it->plan->draft.count; k++)
			if (langs_find(&drafts, it->plan->draft.codes[k]) < 0 &&
			    drafts.count < kit->langs.count)
				draft[drafts.count++] = it->plan->draft.codes[k];
	}
	for (size_t i = 0; i < kit->plan.draft.count; i++)
		if (langs_find(&drafts, kit->plan.draft.codes[i]) < 0 &&
		    drafts.count < kit->langs.count)
			draft[drafts.count++] = kit->plan.draft.codes[i];
	if (drafts.count && !opt->langs) {
		const char **codes = xcalloc(kit->langs.count + 1, sizeof(*codes));
		size_t n = 0;
		for (size_t i = 0; i < kit->langs.count; i++)
			if (langs_find(&drafts, kit->langs.codes[i]) < 0)
				codes[n++] = kit->langs.codes[i];
		opt->langs = codes;
		opt->nlangs = n;
		*owned = codes;
	}
	for (size_t i = 0; opt->langs && *owned == NULL && i < opt->nlangs; i++) {
		if (langs_find(&drafts, opt->langs[i]) < 0)
			continue;
		if (opt->write)
			diag_warning(&r->diag, (struct mark){.file = kit->dir},
			             "language '%s' is a draft; writing only the proof and the "
			             "previews, with missing texts marked",
			             opt->langs[i]);
		*formats = FORMAT_PROOF | FORMAT_PNG;
	}
	free(draft);
}

/* The first text of lang among the kit's items that needs a script no
 * font of f (the bundled ones and the kit's own) has, reported once for
 * the language; false then. */
static bool check_script(struct run *r, const struct kit *kit, const struct fonts *f,
                         const char *lang)
{
	PangoContext *ctx = fonts_get_context(f);
	for (size_t i = 0; i < kit->nitems; i++) {
		const struct kit_item *it = &kit->items[i];
		int li = langs_find(&it->langs, lang);
		for (size_t t = 0; it->asked && li >= 0 && t < it->ntexts; t++) {
			const struct item_text *x = &it->texts[t];
			const char *s = x->plain ? NULL : x->s ? x->s[li] : NULL;
			uint32_t ch;
			char utf8[8], script[5];
			if (!s || !script_find_uncovered(ctx, lang, s, &ch, utf8, script))
				continue;
			diag_error(
			        &r->diag, x->marks[li],
			        "language '%s' is written in a script that no font in fonts/ has "
			        "(ISO 15924 '%s': '%s' U+%04X in '%s'%s%s); add a font that covers "
			        "it to the kit's own fonts folder, %s/fonts/",
			        lang, script, utf8, (unsigned)ch, x->field,
			        x->owner[0] ? " of " : "", x->owner, kit->dir);
			return false;
		}
	}
	return true;
}

/* Leaves out of opt the languages whose script no font of f has
 * (reported once each), so that their texts are not reported glyph by
 * glyph. */
static void drop_uncovered(struct run *r, const struct kit *kit, const struct fonts *f,
                           struct build_options *opt, const char ***owned)
{
	const char **codes = xcalloc(kit->langs.count + 1, sizeof(*codes));
	size_t n = 0;
	bool dropped = false;
	for (size_t i = 0; i < kit->langs.count; i++) {
		const char *lang = kit->langs.codes[i];
		if (!item_wants_lang(opt, lang))
			continue;
		if (check_script(r, kit, f, lang))
			codes[n++] = lang;
		else
			dropped = true;
	}
	if (!dropped) {
		free(codes);
		return;
	}
	free(*owned);
	*owned = codes;
	opt->langs = codes;
	opt->nlangs = n;
}

/* ---- the manifest: what a build made, so the next can remove what it no
 * longer makes (out/<kit>/.deckpress-manifest, "FORMAT<TAB>PATH" a line,
 * paths relative to the kit's folder; a PNG folder ends in '/') ---- */

#define MANIFEST CACHE_MANIFEST

/* The group of a file: its format, its folder and the first two parts of
 * its name ("1 kapitalkort.da"), which are the item and the language. A
 * file of an earlier build is stale when this build made its group but not
 * the file itself (a profile that now writes one file for fronts and
 * backs). */
static void manifest_group(unsigned format, const char *rel, struct buf *g)
{
	/* the print PDF and the PDF/X are one deliverable for the shop: a
	 * profile without PDF/X leaves none of the earlier profile's */
	if (format == FORMAT_PDFX)
		format = FORMAT_PRINT;
	buf_clear(g);
	size_t n = strlen(rel);
	bool dir = n > 0 && rel[n - 1] == '/';
	const char *base = rel;
	for (const char *p = rel; *p && (!dir || p < rel + n - 1); p++)
		if (*p == '/')
			base = p + 1;
	const char *end = strchr(base, '.');
	if (end && !dir)
		end = strchr(end + 1, '.');
	buf_printf(g, "%u %.*s", format, (int)(end && !dir ? end - rel : (long)n), rel);
}

/* Only names a build makes: no "..", nothing absolute, at most a png/X/
 * folder. */
static bool manifest_path_ok(const char *rel)
{
	if (!*rel || rel[0] == '/' || rel[0] == '.' || strstr(rel, "..") || strchr(rel, '\n'))
		return false;
	const char *slash = strchr(rel, '/');
	if (!slash)
		return true;
	return strncmp(rel, "png/", 4) == 0 && strchr(slash + 1, '/') == rel + strlen(rel) - 1;
}

/* Removes a stale file, or the PNGs of a stale preview folder. */
static void remove_made(const char *kit_dir, const char *rel)
{
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", kit_dir, rel);
	size_t n = strlen(rel);
	if (rel[n - 1] != '/') {
		unlink(buf_str(&p));
		buf_finish(&p);
		return;
	}
	DIR *d = opendir(buf_str(&p));
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t k = strlen(e->d_name);
		if (k > 4 && e->d_name[0] != '.' && strcmp(e->d_name + k - 4, ".png") == 0) {
			struct buf f;
			buf_init(&f);
			buf_printf(&f, "%s%s", buf_str(&p), e->d_name);
			unlink(buf_str(&f));
			buf_finish(&f);
		}
	}
	if (d)
		closedir(d);
	rmdir(buf_str(&p));
	buf_finish(&p);
}

static bool made_has(const struct build_outputs *made, size_t skip, const char *rel,
                     unsigned format, bool group, struct buf *g, struct buf *h)
{
	if (group)
		manifest_group(format, rel, g);
	for (size_t i = 0; i < made->count; i++) {
		const char *m = made->items[i].path + skip;
		if (group) {
			manifest_group(made->items[i].format, m, h);
			if (strcmp(buf_str(g), buf_str(h)) == 0)
				return true;
		} else if (made->items[i].format == format && strcmp(m, rel) == 0) {
			return true;
		}
	}
	return false;
}

/* Whether name (a file's or folder's name in the kit's output folder) is
 * one that id's outputs are called by: id, then a '.'. */
static bool named_for(const char *name, const char *id)
{
	size_t n = strlen(id);
	return n && strncmp(name, id, n) == 0 && name[n] == '.';
}

/* Whether rel, a path the manifest lists, is an output of an item the kit
 * no longer has (its file removed, or its id changed): every item of the
 * kit was read (whole), and no item's id, nor the kit's own name (the
 * catalogue), names it. The web edition's folder is the kit's. */
static bool orphaned(const struct kit *kit, const char *rel, bool whole)
{
	if (!whole)
		return false;
	const char *name = strncmp(rel, "png/", 4) == 0 ? rel + 4 : rel;
	const char *dot = strchr(name, '.'), *slash = strchr(name, '/');
	if (!dot || (slash && slash < dot) || named_for(name, kit->name))
		return false;
	for (size_t i = 0; i < kit->nitems; i++) {
		const struct kit_item *it = &kit->items[i];
		if (it->id && item_kind_has_outputs(it->kind) && named_for(name, it->id))
			return false;
	}
	return true;
}

/* After a kit's outputs are in place: removes what the manifest lists, this
 * build did not make, and whose group it made, or whose item the kit no
 * longer has; then writes the manifest of what is there now. Never touches
 * a file no build listed. */
static void manifest_update(struct run *r, const struct kit *kit, const struct build_outputs *made)
{
	struct buf dir, path, next, g, h;
	buf_init(&dir);
	buf_init(&path);
	buf_init(&next);
	buf_init(&g);
	buf_init(&h);
	buf_printf(&dir, "%s/%s", r->opt->out_dir, kit->name);
	buf_printf(&path, "%s/" MANIFEST, buf_str(&dir));
	size_t skip = dir.len + 1;
	bool whole = true; /* every item read: none the build was not asked for */
	for (size_t i = 0; i < kit->nitems; i++)
		whole &= kit->items[i].asked;
	for (size_t i = 0; i < made->count; i++)
		if (strncmp(made->items[i].path, buf_str(&dir), dir.len) == 0 &&
		    made->items[i].path[dir.len] == '/')
			buf_printf(&next, "%u\t%s\n", made->items[i].format,
			           made->items[i].path + skip);
	FILE *fp = fopen(buf_str(&path), "r");
	char line[4096];
	while (fp && fgets(line, sizeof(line), fp)) {
		char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
		if (!tab || !nl)
			continue;
		*tab = *nl = '\0';
		char *end;
		unsigned long format = strtoul(line, &end, 10);
		const char *rel = tab + 1;
		if (*end || !manifest_path_ok(rel) ||
		    made_has(made, skip, rel, (unsigned)format, false, &g, &h))
			continue;
		if (made_has(made, skip, rel, (unsigned)format, true, &g, &h) ||
		    orphaned(kit, rel, whole))
			remove_made(buf_str(&dir), rel);
		else
			buf_printf(&next, "%lu\t%s\n", format, rel);
	}
	if (fp)
		fclose(fp);
	if (!atomic_write_file(buf_str(&path), next.data ? next.data : "", next.len, &r->diag))
		r->io_failed = true;
	buf_finish(&dir);
	buf_finish(&path);
	buf_finish(&next);
	buf_finish(&g);
	buf_finish(&h);
}

/* The bundled fonts and the environment kits are loaded in, made for the
 * first kit the cache does not have. False (reported) when the fonts
 * cannot be set up. */
static bool start_fonts(struct run *r)
{
	if (r->fonts || r->fonts_failed)
		return r->fonts != NULL;
	struct buf fontdir;
	buf_init(&fontdir);
	buf_printf(&fontdir, "%s/fonts", r->opt->root);
	bool ok = fonts_create(&r->fonts, buf_str(&fontdir), &r->diag);
	buf_finish(&fontdir);
	if (!ok) {
		diag_flush(&r->diag, stderr);
		r->fonts_failed = true;
		return false;
	}
	r->env.has_family = has_family;
	r->env.families = fonts_get_families(r->fonts, &r->env.nfamilies);
	r->env.fonts_ctx = r->fonts;
	return true;
}

/* The name of the kit's output folder: the last part of dir, as kit_load
 * names the kit; NULL for "." and "..", which the cache leaves alone. */
static const char *out_name(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	const char *name = slash ? slash + 1 : dir;
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return NULL;
	return name;
}

/* The build cache of the kit at dir, for a build that writes its files
 * (not for another command's use of the kit); NULL without one. When the
 * output folder holds a record, its lock is taken first, so that no other
 * build changes the files the record describes while it is read. */
static struct cache *open_cache(struct run *r, const char *dir, const char *only)
{
	const char *name = out_name(dir);
	if (!r->opt->write || r->opt->on_clean_kit || !name)
		return NULL;
	struct buf rec;
	buf_init(&rec);
	buf_printf(&rec, "%s/%s/" CACHE_RECORD, r->opt->out_dir, name);
	bool have = access(buf_str(&rec), F_OK) == 0;
	buf_finish(&rec);
	if (have && !claim_out_dir(r, name)) {
		r->io_failed = true;
		report(r);
		return NULL;
	}
	return cache_open(r->opt, dir, name, only);
}

/* A kit whose inputs and files are the ones the cache recorded: the
 * findings of the build that made them are printed again, and nothing is
 * loaded or drawn. False when the kit must be built. */
static bool skip_kit(struct run *r, struct cache *cache)
{
	const char *said;
	size_t warnings;
	if (!cache_kit_is_fresh(cache, &said, &warnings, r->opt->outputs))
		return false;
	fputs(said, stderr);
	fflush(stderr);
	r->warnings += warnings;
	return true;
}

/* Whether kind k writes files of ctx's formats from its jobs. */
static bool kind_writes(size_t k, void *const *jobs, const struct item_ctx *ctx)
{
	return jobs[k] && (ctx->formats & build_formats_of_kind(kinds[k]->kind));
}

/* With proofs, writes every kind's translation proofs (at once, not held),
 * then holds what follows; renders every kind that does not read the
 * others' outputs. With a split, only this process's units of them. False
 * on an I/O failure. */
static bool render_kinds(void *const *jobs, const struct item_ctx *ctx, bool proofs)
{
	bool ok = true;
	for (size_t k = 0; k < NKINDS && ok && proofs; k++)
		ok = kinds[k]->proof(jobs[k], ctx);
	atomic_hold_begin();
	for (size_t k = 0; k < NKINDS && ok; k++)
		if (kind_writes(k, jobs, ctx) && !kinds[k]->reads_outputs)
			ok = kinds[k]->render(jobs[k], ctx);
	return ok;
}

/* The end of a unit in a build shared by processes: its PDF/X made, so
 * that what that reports is the unit's. */
static bool end_conversions(struct diag *d)
{
	bool ok = pdfx_batch_end(d);
	pdfx_batch_begin(1);
	return ok;
}

/* How many items and languages the kit draws: a kit of fewer than --jobs
 * (one deck in one language) is not split; its decks' crews (build/deck.c)
 * and PNG previews (output/sink_png.h) take every job. */
static size_t count_drawn(const struct item_ctx *ctx)
{
	size_t n = 0;
	for (size_t i = 0; i < ctx->kit->nitems; i++) {
		const struct kit_item *it = &ctx->kit->items[i];
		if (!it->asked ||
		    (it->kind != KIND_DECK && it->kind != KIND_BOARD && it->kind != KIND_DOCUMENT))
			continue;
		for (size_t l = 0; l < it->langs.count; l++)
			n += item_wants_lang(ctx->opt, it->langs.codes[l]);
	}
	return n;
}

/* Renders the kit's outputs into held files: with --jobs N, shared with
 * helper processes (build/split.h), whose files and findings the leader
 * takes over, so that what follows is as for one process. False on an I/O
 * failure; *lost when a helper died (its temporary files may be left). */
static bool render_held(void *const *jobs, const struct item_ctx *ctx, bool proofs, bool *lost)
{
	*lost = false;
	struct diag scratch;
	diag_init(&scratch);
	unsigned n = ctx->opt->jobs;
	struct split *u =
	        n > 1 && count_drawn(ctx) >= n ? split_start(n, &scratch, end_conversions) : NULL;
	struct build_options uopt = *ctx->opt;
	struct item_ctx uctx = *ctx;
	if (u) {
		uopt.jobs = 1; /* every core has a unit of its own */
		uctx.opt = &uopt;
		uctx.diag = &scratch;
		uctx.split = u;
	}
	pdfx_batch_begin(uopt.jobs); /* PDF/X made in the background */
	bool ok = render_kinds(jobs, &uctx, proofs);
	if (u) {
		bool failed = false;
		if (!split_end(u, ctx->cache, ok, &failed) && ok && !failed && split_redo(u)) {
			ok = render_kinds(jobs, &uctx, proofs);
			split_end(u, ctx->cache, ok, &failed);
		}
		ok &= !failed;
		*lost = split_finish(u, ctx->diag);
	}
	diag_finish(&scratch);
	return pdfx_batch_end(ctx->diag) && ok;
}

/* Writes a clean kit's outputs, all or nothing: an error found while
 * rendering (a page with more ink than the profile allows) leaves no file
 * of the kit. Then the manifest and the cache's record. */
static void write_kit(struct run *r, const struct kit *kit, void *const *jobs,
                      const struct item_ctx *ctx, struct cache *cache, size_t warnings_before,
                      bool proofs)
{
	struct build_outputs made = {0};
	for (size_t k = 0; k < NKINDS; k++) {
		if (!kind_writes(k, jobs, ctx))
			continue;
		if (r->opt->outputs)
			kinds[k]->outputs(jobs[k], ctx, r->opt->outputs);
		kinds[k]->outputs(jobs[k], ctx, &made);
	}
	bool lost = false;
	if (!r->io_failed) /* a failure earlier in the run (a proof) writes nothing more */
		r->io_failed = !render_held(jobs, ctx, proofs, &lost);
	else
		atomic_hold_begin();
	bool keep = !r->io_failed && !diag_has_errors(&r->diag);
	r->io_failed |= !atomic_hold_end(keep, &r->diag);
	if (lost) {
		struct buf dir;
		buf_init(&dir);
		buf_printf(&dir, "%s/%s", r->opt->out_dir, kit->name);
		atomic_remove_stale(buf_str(&dir));
		buf_finish(&dir);
	}
	for (size_t k = 0; k < NKINDS && keep && !r->io_failed; k++)
		if (kind_writes(k, jobs, ctx) && kinds[k]->reads_outputs)
			r->io_failed = !kinds[k]->render(jobs[k], ctx);
	if (keep && !r->io_failed)
		manifest_update(r, kit, &made);
	report(r);
	if (cache && keep && !r->io_failed &&
	    !cache_commit(cache, &made, buf_str(&r->said), r->warnings - warnings_before,
	                  !(ctx->formats & FORMAT_PROOF), &r->diag)) {
		r->io_failed = true;
		report(r);
	}
	build_outputs_finish(&made);
}

/* Loads, checks and (when writing) renders one kit: every kind of item
 * prepared first, the proofs, and only when nothing is wrong the outputs;
 * nothing of it when the cache has it all, and only the outputs whose
 * pages changed otherwise. */
static void run_kit(struct run *r, const char *dir, const char *only)
{
	buf_clear(&r->said);
	size_t warnings_before = r->warnings;
	struct cache *cache = open_cache(r, dir, only);
	if ((cache && skip_kit(r, cache)) || !start_fonts(r)) {
		cache_destroy(cache);
		return;
	}
	struct fonts *own;
	if (!kit_fonts(r, dir, &own)) {
		cache_destroy(cache);
		return;
	}
	const struct kit_env *env = &r->env;
	struct kit_env kenv = *env;
	if (own) {
		kenv.fonts_ctx = own;
		kenv.families = fonts_get_families(own, &kenv.nfamilies);
	}
	struct kit *kit;
	if (!load_kit(r, &kit, dir, only, &kenv)) {
		cache_destroy(cache);
		kit_destroy(kit);
		if (own) {
			fonts_destroy(own);
			fonts_use(r->fonts);
		}
		return;
	}
	struct build_options opt;
	const char **owned_langs;
	unsigned formats = r->opt->formats;
	plan_drafts(r, kit, &opt, &formats, &owned_langs);
	struct hyphenator *hy = start_hyphenator(r, kit, &opt);
	drop_uncovered(r, kit, own ? own : r->fonts, &opt, &owned_langs);
	cache_ready(cache); /* its keys, made in a thread while the kit loaded */
	kit_hyphenation(r, kit, &opt, hy);
	struct item_ctx ctx = {
	        .opt = &opt,
	        .kit = kit,
	        .formats = build_formats_for(formats, kit->profile),
	        .diag = &r->diag,
	        .fonts = own ? own : r->fonts,
	        .images = r->images,
	        .hy = hy,
	        .cache = cache,
	};
	/* the brand's colours that stay four-colour even as text */
	const struct brand *brand = kit->brand;
	unsigned char(*kept)[3] = xcalloc(brand && brand->ncolors ? brand->ncolors : 1, 3);
	struct pdfpost_k_rule rule = {(const unsigned char(*)[3])kept, 0};
	for (size_t i = 0; brand && i < brand->ncolors; i++) {
		const struct color *c = &brand->colors[i].color;
		if (!brand->colors[i].four_color)
			continue;
		kept[rule.nkeep][0] = (unsigned char)lround(c->r * 255);
		kept[rule.nkeep][1] = (unsigned char)lround(c->g * 255);
		kept[rule.nkeep++][2] = (unsigned char)lround(c->b * 255);
	}
	ctx.k_rule = &rule;
	bool into_kit = opt.write && out_is_kit(r, kit);
	if (into_kit)
		diag_error(&r->diag, (struct mark){.file = kit->dir},
		           "the output folder '%s/%s' is the kit's own folder; build into another "
		           "(--out)",
		           r->opt->out_dir, kit->name);
	ctx.crew = opt.write && !into_kit && opt.jobs > 1 && count_drawn(&ctx) < opt.jobs;
	/* a crew's helpers write previews into the output folder as the
	 * layout begins (build/deck.c): it must be this build's by then */
	if (ctx.crew && !claim_out_dir(r, kit->name))
		ctx.crew = false;
	preflight_icc(&ctx); /* once a kit, whatever kinds it has */
	void *jobs[NKINDS];
	for (size_t k = 0; k < NKINDS; k++)
		jobs[k] = kinds[k]->prepare(&ctx);
	/* no thread lives on into the forks of the drawing (util/thread.h) */
	hyphenator_settle(ctx.hy);
	for (size_t i = 0; i < kit->nitems; i++)
		if (kit->items[i].asked)
			lint_item(kit, &kit->items[i], &r->diag);
	translate_report_outdated(kit, &r->diag);
	about_check_kit(kit, &r->diag);
	if (ctx.formats & FORMAT_PROOF)
		require_proof_texts(r, kit);
	bool clean = !diag_has_errors(&r->diag);
	if (clean && r->opt->on_clean_kit &&
	    !r->opt->on_clean_kit(kit, r->opt->on_clean_kit_ctx, &r->diag))
		r->io_failed = true;
	report(r);
	bool writes = r->opt->write && !into_kit && (clean || (ctx.formats & FORMAT_PROOF));
	if (writes && !claim_out_dir(r, kit->name)) {
		writes = false;
		r->io_failed = true;
		report(r);
	}
	/* a clean kit's proofs are units of the build too (build/split.h) */
	bool split_proofs = clean && writes && (ctx.formats & FORMAT_PROOF) && r->opt->jobs > 1;
	if (writes && (ctx.formats & FORMAT_PROOF) && !split_proofs) {
		bool ok = true;
		for (size_t k = 0; k < NKINDS && ok; k++)
			ok = kinds[k]->proof(jobs[k], &ctx);
		r->io_failed |= !ok;
		report(r);
	}
	if (clean && writes)
		write_kit(r, kit, jobs, &ctx, cache, warnings_before, split_proofs);
	for (size_t k = 0; k < NKINDS; k++)
		kinds[k]->destroy(jobs[k]);
	hyphenator_destroy(ctx.hy);
	cache_destroy(cache);
	free(owned_langs);
	free(kept);
	kit_destroy(kit);
	if (own) {
		fonts_destroy(own);
		fonts_use(r->fonts);
	}
}

int build_run(const struct build_options *opt)
{
	struct run r = {.opt = opt, .lock = {.fd = -1, .held = false}};
	diag_init(&r.diag);
	char date[32];
	if (!sink_get_date(date, sizeof(date))) {
		fprintf(stderr,
		        "deckpress: error: SOURCE_DATE_EPOCH must be a number of seconds\n");
		diag_finish(&r.diag);
		return EXIT_USAGE;
	}

	/* every PATH must exist before any work starts */
	char **dirs = NULL, **onlys = NULL;
	size_t ndirs = 0;
	if (opt->npaths == 0) {
		dirs = default_kits(&ndirs);
		if (!ndirs) {
			fprintf(stderr, "deckpress: error: no PATH given and no kit folders under "
			                "decks/\n");
			diag_finish(&r.diag);
			return EXIT_USAGE;
		}
		onlys = xcalloc(ndirs, sizeof(*onlys));
	} else {
		dirs = xcalloc(opt->npaths, sizeof(*dirs));
		onlys = xcalloc(opt->npaths, sizeof(*onlys));
		for (size_t i = 0; i < opt->npaths; i++) {
			const char *why;
			if (!resolve_path(opt->paths[i], &dirs[ndirs], &onlys[ndirs], &why)) {
				diag_print_now(stderr, SEV_ERROR, "'%s': %s", opt->paths[i], why);
				for (size_t k = 0; k < ndirs; k++) {
					free(dirs[k]);
					free(onlys[k]);
				}
				free(dirs);
				free(onlys);
				diag_finish(&r.diag);
				return EXIT_USAGE;
			}
			ndirs++;
		}
	}

	int code = EXIT_OK;
	struct buf tpldir;
	buf_init(&tpldir);
	buf_printf(&tpldir, "%s/templates", opt->root);
	struct buf profdir;
	buf_init(&profdir);
	buf_printf(&profdir, "%s/templates/profiles", opt->root);
	struct buf phrasedir;
	buf_init(&phrasedir);
	buf_printf(&phrasedir, "%s/templates/i18n", opt->root);
	r.env = (struct kit_env){
	        .templates_dir = buf_str(&tpldir),
	        .profiles_dir = buf_str(&profdir),
	        .phrases_dir = buf_str(&phrasedir),
	        .profile = opt->profile,
	        .langs = opt->langs,
	        .nlangs = opt->nlangs,
	};
	r.images = image_cache_create();
	for (size_t i = 0; i < ndirs && !r.fonts_failed; i++)
		run_kit(&r, dirs[i], onlys[i]);
	if (r.fonts_failed) {
		code = EXIT_INTERNAL;
	} else {
		if (opt->json)
			printf("{\n  \"errors\": %zu,\n  \"warnings\": %zu,\n  \"findings\": "
			       "[\n%s%s  ],\n"
			       "  \"summary\": [\n%s%s  ]\n}\n",
			       r.errors, r.warnings, buf_str(&r.json), r.json.len ? "\n" : "",
			       buf_str(&r.summary), r.summary.len ? "\n" : "");
		else
			fputs(buf_str(&r.summary), stdout);
		if (r.io_failed)
			code = EXIT_INTERNAL;
		else if (r.errors)
			code = EXIT_INPUT;
		else if (r.usage_failed)
			code = EXIT_USAGE;
	}
	image_cache_destroy(r.images);
	atomic_unlock_dir(&r.lock);
	fonts_destroy(r.fonts);
	for (size_t k = 0; k < ndirs; k++) {
		free(dirs[k]);
		free(onlys[k]);
	}
	free(dirs);
	free(onlys);
	buf_finish(&tpldir);
	buf_finish(&profdir);
	buf_finish(&phrasedir);
	buf_finish(&r.json);
	buf_finish(&r.summary);
	buf_finish(&r.said);
	free(r.cleaned);
	diag_finish(&r.diag);
	return code;
}
