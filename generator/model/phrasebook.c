#include "model/phrasebook.h"

#include <assert.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load/yml.h"
#include "model/read.h"
#include "util/mem.h"
#include "util/suggest.h"

#define MAX_PLACEHOLDERS 8

/* The one table of the program's texts: the key the files use and the
 * placeholders its text may hold. A text may leave a placeholder out; it may
 * not use one that is not here. Keep docs/i18n.md and
 * schema/phrasebook.schema.json in step. */
/* own: the product can carry the text itself (a legend's 'title:', a
 * footer's 'page:'), so a language without it is an error that says so.
 * Every other text exists only here: a language without it gets the
 * English one with a warning (phrasebook_require()), so a kit in a new
 * language still prints while its translator adds the words. */
static const struct phrase_def {
	const char *key;
	const char *placeholders[MAX_PLACEHOLDERS + 1]; /* NULL-terminated */
	bool own;
} phrases[PHRASE_COUNT] = {
        [PHRASE_BOARD_LEGEND_TITLE] = {"board.legend-title", {NULL}, true},
        [PHRASE_PIECES_CUT] = {"pieces.cut", {NULL}},
        [PHRASE_PIECES_FOLD] = {"pieces.fold", {NULL}},
        [PHRASE_PIECES_PRINT] = {"pieces.print", {NULL}},
        [PHRASE_SHEETS_NOTE] = {"sheets.note", {NULL}},
        [PHRASE_SHEETS_ALIGNMENT_LONG] = {"sheets.alignment-long", {NULL}},
        [PHRASE_SHEETS_ALIGNMENT_SHORT] = {"sheets.alignment-short", {NULL}},
        [PHRASE_SHEETS_ALIGNMENT_BACK] = {"sheets.alignment-back", {NULL}},
        [PHRASE_TILES_HEADING] = {"tiles.heading", {NULL}},
        [PHRASE_TILES_INSTRUCTIONS] = {"tiles.instructions",
                                       {"sheets", "paper", "rows", "columns", "width", "height",
                                        "overlap", "last", NULL}},
        [PHRASE_TILES_CUT] = {"tiles.cut", {"tile", NULL}},
        [PHRASE_TILES_GLUE] = {"tiles.glue", {"tile", NULL}},
        [PHRASE_TILES_NOTE] = {"tiles.note", {NULL}},
        [PHRASE_TILES_SEAM] = {"tiles.seam", {NULL}},
        [PHRASE_PROOF_TITLE] = {"proof.title", {"title", "id", NULL}},
        [PHRASE_PROOF_WHERE] = {"proof.where", {NULL}},
        [PHRASE_PROOF_FRONT] = {"proof.front", {NULL}},
        [PHRASE_PROOF_BACK] = {"proof.back", {NULL}},
        [PHRASE_PROOF_EMPTY] = {"proof.empty", {NULL}},
        [PHRASE_PROOF_MISSING] = {"proof.missing", {NULL}},
        [PHRASE_PROOF_SET] = {"proof.set", {"size", NULL}},
        [PHRASE_PROOF_SHRUNK] = {"proof.shrunk", {"size", "design", NULL}},
        [PHRASE_PROOF_NO_FIT] = {"proof.no-fit", {"size", "problem", NULL}},
        [PHRASE_PROOF_TOO_WIDE] = {"proof.too-wide", {"mm", NULL}},
        [PHRASE_PROOF_TOO_TALL] = {"proof.too-tall", {"mm", NULL}},
        [PHRASE_DOCUMENT_PAGE] = {"document.page", {"page", "pages", NULL}, true},
        [PHRASE_ABOUT_DURATION] = {"about.duration", {"minutes", NULL}},
        [PHRASE_ABOUT_GROUP] = {"about.group", {"people", NULL}},
        [PHRASE_ABOUT_MATERIALS] = {"about.materials", {NULL}},
        [PHRASE_ABOUT_INTRODUCTION] = {"about.introduction", {NULL}},
        [PHRASE_ABOUT_INTERMEDIATE] = {"about.intermediate", {NULL}},
        [PHRASE_ABOUT_ADVANCED] = {"about.advanced", {NULL}},
        [PHRASE_ABOUT_OTHER] = {"about.other", {NULL}},
        [PHRASE_WEB_CARDS] = {"web.cards", {"shown", "total", NULL}},
        [PHRASE_WEB_ALL_CATEGORIES] = {"web.all-categories", {NULL}},
        [PHRASE_WEB_ALL_LEVELS] = {"web.all-levels", {NULL}},
        [PHRASE_WEB_LEVEL] = {"web.level", {"level", NULL}},
        [PHRASE_WEB_DRAW] = {"web.draw", {NULL}},
        [PHRASE_WEB_FLIP] = {"web.flip", {NULL}},
        [PHRASE_WEB_SHUFFLE] = {"web.shuffle", {NULL}},
        [PHRASE_WEB_FULLSCREEN] = {"web.fullscreen", {NULL}},
        [PHRASE_WEB_CLOSE] = {"web.close", {NULL}},
        [PHRASE_WEB_KEYS] = {"web.keys", {NULL}},
        [PHRASE_WEB_LEFT] = {"web.left", {"left", NULL}},
        [PHRASE_WEB_ZOOM_IN] = {"web.zoom-in", {NULL}},
        [PHRASE_WEB_ZOOM_OUT] = {"web.zoom-out", {NULL}},
        [PHRASE_WEB_OPEN_PDF] = {"web.open-pdf", {NULL}},
        [PHRASE_WEB_OPEN_FRONTS] = {"web.open-fronts", {NULL}},
        [PHRASE_WEB_OPEN_BACKS] = {"web.open-backs", {NULL}},
        [PHRASE_WEB_START] = {"web.start", {NULL}},
        [PHRASE_CATALOGUE_TITLE] = {"catalogue.title", {NULL}},
        [PHRASE_CATALOGUE_CONTENTS] = {"catalogue.contents", {NULL}},
        [PHRASE_CATALOGUE_DURATION] = {"catalogue.duration", {NULL}},
        [PHRASE_CATALOGUE_GROUP] = {"catalogue.group", {NULL}},
        [PHRASE_CATALOGUE_LEVEL] = {"catalogue.level", {NULL}},
        [PHRASE_CATALOGUE_CARDS] = {"catalogue.cards", {NULL}},
};

/* The language every text falls back to (phrasebook_get()). */
#define FALLBACK_LANG "en"

static const char *const file_keys[] = {"kind", "lang", "texts", NULL};

/* One file's texts, indexed by enum phrase_key. */
struct pfile {
	const char *path;               /* as found, for messages; borrowed from its yml_doc */
	const char *lang;               /* borrowed from its yml_doc */
	bool kit;                       /* from the kit's i18n/, which wins over the shared one */
	const char *text[PHRASE_COUNT]; /* NULL where the file has none */
	struct mark mark[PHRASE_COUNT];
};

/* A language some product required, and which of its missing keys have
 * been reported already. */
struct asked {
	const char *lang; /* in the arena */
	bool reported[PHRASE_COUNT];
};

struct phrasebook {
	struct arena arena;
	const char *shared_dir; /* in the arena */
	const char *kit_i18n;   /* <kit>/i18n in the arena; NULL without a kit */
	struct yml_doc **docs;  /* owned; the files borrow their strings */
	size_t ndocs, docs_cap;
	struct pfile *files; /* owned; the kit's first, each folder sorted */
	size_t nfiles, files_cap;
	struct asked *asked; /* owned */
	size_t nasked, asked_cap;
	const char **keys; /* every phrases[].key, NULL-terminated, in the arena */
};

const char *phrasebook_get_key(enum phrase_key p)
{
	assert(p >= 0 && p < PHRASE_COUNT);
	return phrases[p].key;
}

const char *const *phrasebook_get_placeholders(enum phrase_key p)
{
	assert(p >= 0 && p < PHRASE_COUNT);
	return phrases[p].placeholders;
}

bool phrasebook_find_key(const char *key, enum phrase_key *out)
{
	for (int i = 0; i < PHRASE_COUNT; i++) {
		if (strcmp(phrases[i].key, key) == 0) {
			*out = (enum phrase_key)i;
			return true;
		}
	}
	return false;
}

/* ---- placeholders ---- */

enum part_type {
	PART_TEXT,        /* literal text; "{{" and "}}" come out as one brace */
	PART_PLACEHOLDER, /* s, len: the name between the braces */
	PART_UNCLOSED,    /* a '{' with no '}' after it */
	PART_UNMATCHED,   /* a '}' with no '{' before it */
};

struct part {
	enum part_type type;
	const char *s;
	size_t len;
};

/* Reads the part of a text that starts at p (not at its end); returns where
 * the next part starts. The one reading of the syntax, for checking and
 * filling alike. */
static const char *next_part(const char *p, struct part *out)
{
	if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
		*out = (struct part){PART_TEXT, p, 1};
		return p + 2;
	}
	if (p[0] == '}') {
		*out = (struct part){PART_UNMATCHED, p, 1};
		return p + 1;
	}
	if (p[0] == '{') {
		const char *end = strchr(p + 1, '}');
		if (!end) {
			*out = (struct part){PART_UNCLOSED, p, strlen(p)};
			return p + out->len;
		}
		*out = (struct part){PART_PLACEHOLDER, p + 1, (size_t)(end - p - 1)};
		return end + 1;
	}
	*out = (struct part){PART_TEXT, p, strcspn(p, "{}")};
	return p + out->len;
}

void phrasebook_fill(const char *text, const struct phrase_arg *args, size_t nargs, struct buf *out)
{
	struct part part;
	for (const char *p = text; *p;) {
		const char *start = p;
		p = next_part(p, &part);
		const char *value = NULL;
		for (size_t i = 0; part.type == PART_PLACEHOLDER && i < nargs && !value; i++)
			if (strlen(args[i].name) == part.len &&
			    strncmp(args[i].name, part.s, part.len) == 0)
				value = args[i].value;
		if (part.type == PART_TEXT)
			buf_append(out, part.s, part.len);
		else if (value)
			buf_puts(out, value);
		else
			buf_append(out, start, (size_t)(p - start)); /* as written */
		assert(part.type == PART_TEXT || value);
	}
}

static void list_placeholders(struct buf *b, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		buf_printf(b, "%s{%s}", i ? ", " : "", names[i]);
}

/* Reports every brace in text that is not a placeholder p may use. */
static bool check_placeholders(struct diag *d, enum phrase_key p, const char *text, struct mark m)
{
	const char *key = phrases[p].key;
	const char *const *allowed = phrases[p].placeholders;
	size_t nallowed = 0;
	while (allowed[nallowed])
		nallowed++;
	bool ok = true;
	struct part part;
	for (const char *s = text; *s;) {
		s = next_part(s, &part);
		if (part.type == PART_UNCLOSED) {
			diag_error(d, m, "unclosed '{' in '%s'; write '{{' for a literal brace",
			           key);
			return false;
		}
		if (part.type == PART_UNMATCHED) {
			diag_error(d, m, "unmatched '}' in '%s'; write '}}' for a literal brace",
			           key);
			return false;
		}
		if (part.type != PART_PLACEHOLDER)
			continue;
		bool known = false;
		for (size_t i = 0; i < nallowed && !known; i++)
			known = strlen(allowed[i]) == part.len &&
			        strncmp(allowed[i], part.s, part.len) == 0;
		if (known)
			continue;
		char *name = xstrndup(part.s, part.len);
		const char *sug = suggest(name, allowed, nallowed);
		struct buf b;
		buf_init(&b);
		list_placeholders(&b, allowed);
		if (sug)
			diag_error(d, m, "unknown placeholder '{%s}' in '%s'; did you mean '{%s}'?",
			           name, key, sug);
		else if (nallowed)
			diag_error(d, m, "unknown placeholder '{%s}' in '%s'; it may use %s", name,
			           key, buf_str(&b));
		else
			diag_error(d, m, "unknown placeholder '{%s}' in '%s'; it takes none", name,
			           key);
		buf_finish(&b);
		free(name);
		ok = false;
	}
	return ok;
}

/* ---- reading a file ---- */

/* The file name of path without its folder and ".yaml". In arena. */
static const char *file_stem(struct arena *arena, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
		n -= 5;
	return arena_strndup(arena, base, n);
}

/* kind: and lang: of root, checked; false (reported) when either is wrong. */
static bool read_header(struct reader *r, const struct node *root, struct pfile *f)
{
	bool ok = true;
	const struct node *v;
	const char *kind;
	if ((v = read_required(r, root, "kind", "phrasebook")) &&
	    read_string(r, v, "kind", &kind)) {
		if (strcmp(kind, "phrasebook") != 0) {
			diag_error(r->d, v->mark,
			           "expected 'kind: phrasebook' in a file of i18n texts, not "
			           "'kind: %s'",
			           kind);
			ok = false;
		}
	} else {
		ok = false;
	}
	if ((v = read_required(r, root, "lang", "phrasebook")) &&
	    read_string(r, v, "lang", &f->lang)) {
		const char *stem = file_stem(r->arena, f->path);
		if (strcmp(f->lang, stem) != 0) {
			diag_error(
			        r->d, v->mark,
			        "phrasebook language '%s' does not match its file name '%s.yaml'",
			        f->lang, stem);
			ok = false;
		}
	} else {
		ok = false;
	}
	return ok;
}

/* texts: every known key with a text whose placeholders its key allows. */
static bool read_texts(struct reader *r, const struct node *texts, const char *const *keys,
                       struct pfile *f)
{
	bool ok = read_map(r, texts, keys, "texts");
	if (texts->type != NODE_MAP)
		return false;
	struct buf what;
	buf_init(&what);
	for (size_t i = 0; i < texts->count; i++) {
		const struct node *k = texts->pairs[i].key, *v = texts->pairs[i].value;
		enum phrase_key p;
		if (!phrasebook_find_key(k->str, &p))
			continue; /* reported by read_map */
		buf_clear(&what);
		buf_printf(&what, "text '%s'", k->str);
		const char *s;
		if (!read_string(r, v, buf_str(&what), &s) ||
		    !check_placeholders(r->d, p, s, v->mark)) {
			ok = false;
			continue;
		}
		f->text[p] = s;
		f->mark[p] = v->mark;
	}
	buf_finish(&what);
	return ok;
}

static bool read_file(struct phrasebook *pb, const char *path, bool kit, struct diag *d)
{
	struct yml_doc *doc;
	if (!yml_load_file(&doc, path, d))
		return false;
	XGROW(pb->docs, pb->docs_cap, pb->ndocs + 1);
	pb->docs[pb->ndocs++] = doc;
	const struct node *root = doc->root;
	if (!root) {
		diag_error(d, (struct mark){.file = doc->path},
		           "file is empty; expected 'kind: phrasebook', 'lang:' and 'texts:'");
		return false;
	}
	struct reader r = {.d = d, .arena = &pb->arena};
	bool ok = read_map(&r, root, file_keys, "phrasebook");
	if (root->type != NODE_MAP)
		return false;
	struct pfile f = {.path = doc->path, .kit = kit};
	ok &= read_header(&r, root, &f);
	const struct node *texts = read_required(&r, root, "texts", "phrasebook");
	ok = texts && read_texts(&r, texts, pb->keys, &f) && ok;
	if (!ok)
		return false;
	XGROW(pb->files, pb->files_cap, pb->nfiles + 1);
	pb->files[pb->nfiles++] = f;
	return true;
}

/* dir with glob's special characters escaped, then "/" and pattern. */
static void glob_pattern(struct buf *b, const char *dir, const char *pattern)
{
	for (const char *p = dir; *p; p++) {
		if (strchr("*?[]\\", *p))
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	buf_printf(b, "/%s", pattern);
}

static size_t shorter_tag(const char *lang, size_t n);

/* Whether the shared file of language stem can be looked up for one of
 * only's languages (it is on the language's fallback chain, "pt-BR" then
 * "pt"), or is English, which the program's own texts fall back to; every
 * file when only is NULL. */
static bool wanted(const char *stem, const struct langs *only)
{
	if (!only || strcasecmp(stem, "en") == 0)
		return true;
	size_t k = strlen(stem);
	for (size_t i = 0; i < only->count; i++) {
		const char *l = only->codes[i];
		for (size_t n = strlen(l); n > 0; n = shorter_tag(l, n))
			if (n == k && strncasecmp(l, stem, n) == 0)
				return true;
	}
	return false;
}

/* Reads every .yaml file of dir, in name order, that only wants (all when
 * NULL); a missing dir has none. */
static bool read_dir(struct phrasebook *pb, const char *dir, bool kit, const struct langs *only,
                     struct diag *d)
{
	struct buf pat;
	buf_init(&pat);
	glob_pattern(&pat, dir, "*.yaml");
	glob_t g = {0};
	bool ok = true;
	if (glob(buf_str(&pat), 0, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc; i++)
			if (wanted(file_stem(&pb->arena, g.gl_pathv[i]), only))
				ok &= read_file(pb, g.gl_pathv[i], kit, d);
	globfree(&g);
	buf_finish(&pat);
	return ok;
}

bool phrasebook_load(struct phrasebook **out, const char *shared_dir, const char *kit_dir,
                     struct diag *d)
{
	return phrasebook_load_for(out, shared_dir, kit_dir, NULL, d);
}

bool phrasebook_load_for(struct phrasebook **out, const char *shared_dir, const char *kit_dir,
                         const struct langs *only, struct diag *d)
{
	*out = NULL;
	struct phrasebook *pb = xcalloc(1, sizeof(*pb));
	arena_init(&pb->arena);
	pb->shared_dir = arena_strdup(&pb->arena, shared_dir);
	pb->kit_i18n = kit_dir ? path_join(&pb->arena, kit_dir, "i18n") : NULL;
	pb->keys = arena_alloc_array(&pb->arena, PHRASE_COUNT + 1, sizeof(*pb->keys));
	for (int i = 0; i < PHRASE_COUNT; i++)
		pb->keys[i] = phrases[i].key;
	bool ok = true;
	if (pb->kit_i18n)
		ok &= read_dir(pb, pb->kit_i18n, true, NULL, d);
	ok &= read_dir(pb, pb->shared_dir, false, only, d);
	if (!ok) {
		phrasebook_destroy(pb);
		return false;
	}
	*out = pb;
	return true;
}

void phrasebook_destroy(struct phrasebook *pb)
{
	if (!pb)
		return;
	for (size_t i = 0; i < pb->ndocs; i++)
		yml_doc_destroy(pb->docs[i]);
	free(pb->docs);
	free(pb->files);
	free(pb->asked);
	arena_finish(&pb->arena);
	free(pb);
}

/* ---- lookup ---- */

/* The length of the next shorter tag in lang's BCP 47 fallback chain (RFC
 * 4647 lookup: "zh-Hant-TW" → "zh-Hant" → "zh"), dropping a single-letter
 * subtag left at the end ("en-a-xyz" → "en"); 0 when there is none. */
static size_t shorter_tag(const char *lang, size_t n)
{
	while (n > 0 && lang[n - 1] != '-')
		n--;
	if (n > 0)
		n--; /* the '-' */
	if (n >= 2 && lang[n - 2] == '-')
		n -= 2;
	return n;
}

/* The file of language tag (its first n bytes, any case) from the kit or
 * the shared folder; NULL when there is none. */
static const struct pfile *find_file(const struct phrasebook *pb, const char *tag, size_t n,
                                     bool kit)
{
	for (size_t i = 0; i < pb->nfiles; i++) {
		const struct pfile *f = &pb->files[i];
		if (f->kit == kit && strlen(f->lang) == n && strncasecmp(f->lang, tag, n) == 0)
			return f;
	}
	return NULL;
}

/* The text of p in lang's fallback chain, without English for it. */
static const char *lookup(const struct phrasebook *pb, const char *lang, enum phrase_key p,
                          struct mark *where)
{
	for (size_t n = strlen(lang); n > 0; n = shorter_tag(lang, n)) {
		for (int k = 0; k < 2; k++) {
			const struct pfile *f = find_file(pb, lang, n, k == 0);
			if (f && f->text[p]) {
				if (where)
					*where = f->mark[p];
				return f->text[p];
			}
		}
	}
	return NULL;
}

const char *phrasebook_get(const struct phrasebook *pb, const char *lang, enum phrase_key p,
                           struct mark *where)
{
	assert(p >= 0 && p < PHRASE_COUNT);
	if (!pb)
		return NULL;
	const char *text = lookup(pb, lang, p, where);
	if (!text && !phrases[p].own)
		text = lookup(pb, FALLBACK_LANG, p, where);
	return text;
}

bool phrasebook_format(const struct phrasebook *pb, const char *lang, enum phrase_key p,
                       const struct phrase_arg *args, size_t nargs, struct buf *out)
{
	const char *text = phrasebook_get(pb, lang, p, NULL);
	if (!text)
		return false;
	phrasebook_fill(text, args, nargs, out);
	return true;
}

/* Where a consultant adds texts for lang: the most specific file of its
 * fallback chain the kit has, else the kit's file for lang itself; without
 * a kit, the same among the shared files. In the arena. */
static const char *file_to_add(struct phrasebook *pb, const char *lang)
{
	bool kit = pb->kit_i18n != NULL;
	for (size_t n = strlen(lang); n > 0; n = shorter_tag(lang, n)) {
		const struct pfile *f = find_file(pb, lang, n, kit);
		if (f)
			return f->path;
	}
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s.yaml", kit ? pb->kit_i18n : pb->shared_dir, lang);
	const char *path = arena_strdup(&pb->arena, buf_str(&b));
	buf_finish(&b);
	return path;
}

static struct asked *asked_for(struct phrasebook *pb, const char *lang)
{
	for (size_t i = 0; i < pb->nasked; i++)
		if (strcmp(pb->asked[i].lang, lang) == 0)
			return &pb->asked[i];
	XGROW(pb->asked, pb->asked_cap, pb->nasked + 1);
	struct asked *a = &pb->asked[pb->nasked++];
	*a = (struct asked){.lang = arena_strdup(&pb->arena, lang)};
	return a;
}

/* phrasebook_require(), with English standing in for a document's own
 * texts too when program is true. */
static bool require(struct phrasebook *pb, const char *lang, const enum phrase_key *keys,
                    size_t nkeys, struct mark at, bool program, struct diag *d)
{
	if (!pb)
		return true;
	struct asked *a = asked_for(pb, lang);
	enum phrase_key fresh[PHRASE_COUNT];
	size_t nfresh = 0;
	bool ok = true;
	for (size_t i = 0; i < nkeys; i++) {
		if (lookup(pb, lang, keys[i], NULL))
			continue;
		ok &= (program || !phrases[keys[i]].own) &&
		      lookup(pb, FALLBACK_LANG, keys[i], NULL);
		if (!a->reported[keys[i]]) {
			a->reported[keys[i]] = true;
			fresh[nfresh++] = keys[i];
		}
	}
	if (nfresh == 0)
		return ok;
	struct buf list;
	buf_init(&list);
	for (size_t i = 0; i < nfresh; i++)
		buf_printf(&list, "%s'%s'",
		           i == 0           ? ""
		           : i + 1 < nfresh ? ", "
		                            : " and ",
		           phrases[fresh[i]].key);
	if (ok)
		diag_warning(d, at,
		             "no text for %s in language '%s', so the English is printed; add %s "
		             "to '%s'",
		             buf_str(&list), lang, nfresh == 1 ? "it" : "them",
		             file_to_add(pb, lang));
	else
		diag_error(d, at, "no text for %s in language '%s'; add %s to '%s'", buf_str(&list),
		           lang, nfresh == 1 ? "it" : "them", file_to_add(pb, lang));
	buf_finish(&list);
	return ok;
}

bool phrasebook_require(struct phrasebook *pb, const char *lang, const enum phrase_key *keys,
                        size_t nkeys, struct mark at, struct diag *d)
{
	return require(pb, lang, keys, nkeys, at, false, d);
}

bool phrasebook_require_program(struct phrasebook *pb, const char *lang,
                                const enum phrase_key *keys, size_t nkeys, struct mark at,
                                struct diag *d)
{
	return require(pb, lang, keys, nkeys, at, true, d);
}

const char *phrasebook_get_program(const struct phrasebook *pb, const char *lang, enum phrase_key p)
{
	const char *s = phrasebook_get(pb, lang, p, NULL);
	return s ? s : pb ? lookup(pb, FALLBACK_LANG, p, NULL) : NULL;
}
