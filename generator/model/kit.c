/* realpath() is XSI */
#define _XOPEN_SOURCE 700

#include "model/kit.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "model/asset.h"
#include "model/board.h"
#include "model/document.h"
#include "util/buf.h"
#include "util/suggest.h"

static const char *const kit_keys[] = {"kind",    "id",       "title",       "languages", "author",
                                       "profile", "glossary", "hyphenation", "draft",     NULL};

struct loader {
	struct kit *kit;
	const struct kit_env *env;
	struct diag *d;
	const char *only;            /* the file asked for; may be NULL */
	const struct yml_doc **docs; /* per item of the kit; NULL where it did not parse */
	bool *bad_header;            /* per item: reported, read no further */
	bool kit_ok;                 /* kit.yaml read: the languages every text needs are known */
	/* the font families reported missing, so that each is reported once
	 * however many templates, decks and documents use it; borrowed */
	const char **missing_fonts;
	size_t nmissing_fonts, missing_fonts_cap;
	struct asset_roots assets; /* the kit folder and the shared templates/ */
};

/* Whether family is in fonts/; reports it at m the first time a missing
 * family is met in the kit (a brand font used by every template and
 * document would otherwise be reported once per use). */
static bool check_family(const char *family, struct mark m, void *ctx)
{
	struct loader *l = ctx;
	if (!l->env->has_family || l->env->has_family(family, l->env->fonts_ctx))
		return true;
	for (size_t i = 0; i < l->nmissing_fonts; i++)
		if (strcasecmp(l->missing_fonts[i], family) == 0)
			return false;
	XGROW(l->missing_fonts, l->missing_fonts_cap, l->nmissing_fonts + 1);
	l->missing_fonts[l->nmissing_fonts++] = family;
	const char *s = suggest(family, l->env->families, l->env->nfamilies);
	/* where it was looked for: the program's fonts/ and the kit's own */
	if (s)
		diag_error(
		        l->d, m,
		        "font family '%s' is not in deckpress's fonts/ nor in %s/fonts/; did you "
		        "mean '%s'?",
		        family, l->kit->dir, s);
	else
		diag_error(
		        l->d, m,
		        "font family '%s' is not in deckpress's fonts/ nor in %s/fonts/; add its "
		        "files and their licence there",
		        family, l->kit->dir);
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A name deckpress reads: it ends in ".yaml". */
static bool is_yaml(DIR *dp, const char *name)
{
	(void)dp;
	size_t n = strlen(name);
	return n >= 6 && strcmp(name + n - 5, ".yaml") == 0;
}

/* A file that looks like YAML but is not read: deck.yml, Deck.YAML (a
 * folder called x.yml is no YAML file). */
static bool is_unread_yaml(DIR *dp, const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || strcmp(dot, ".yaml") == 0 ||
	    (strcasecmp(dot, ".yaml") != 0 && strcasecmp(dot, ".yml") != 0))
		return false;
	struct stat st;
	return fstatat(dirfd(dp), name, &st, 0) == 0 && S_ISREG(st.st_mode);
}

/* The names directly in dir (but those starting with '.') that keep
 * takes, sorted; NULL when there are none or dir cannot be read. Caller
 * frees the array and strings. */
static char **list_names(const char *dir, bool (*keep)(DIR *dp, const char *name), size_t *count)
{
	*count = 0;
	DIR *dp = opendir(dir);
	if (!dp)
		return NULL;
	char **names = NULL;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.' || !keep(dp, de->d_name))
			continue;
		XGROW(names, cap, *count + 1);
		names[(*count)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (*count)
		qsort(names, *count, sizeof(*names), cmp_str);
	return names;
}

/* The *.yaml files directly in dir, sorted; caller frees the array and strings. */
static char **list_yaml(const char *dir, size_t *count)
{
	return list_names(dir, is_yaml, count);
}

/* Warns of each file in dir that looks like YAML but is not read. */
static void warn_unread_yaml(const char *dir, struct diag *d)
{
	size_t count;
	char **names = list_names(dir, is_unread_yaml, &count);
	struct buf path;
	buf_init(&path);
	for (size_t i = 0; i < count; i++) {
		buf_clear(&path);
		buf_printf(&path, "%s/%s", dir, names[i]);
		diag_warning(d, (struct mark){.file = buf_str(&path)},
		             "not read: deckpress reads the files whose names end in '.yaml' "
		             "(rename it to '%.*s.yaml')",
		             (int)(strrchr(names[i], '.') - names[i]), names[i]);
		free(names[i]);
	}
	buf_finish(&path);
	free(names);
}

static void free_list(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* Parses path once per kit, reporting into d. */
static struct yml_doc *load_doc(struct loader *l, const char *path, struct diag *d)
{
	struct kit *k = l->kit;
	for (size_t i = 0; i < k->ndocs; i++)
		if (strcmp(k->docs[i]->path, path) == 0)
			return k->docs[i];
	struct yml_doc *doc;
	if (!yml_load_file(&doc, path, d))
		return NULL;
	XGROW(k->docs, k->docs_cap, k->ndocs + 1);
	k->docs[k->ndocs++] = doc;
	return doc;
}

/* Reads kind: and id: of a document; reports problems. */
static bool read_header(struct loader *l, const struct yml_doc *doc, enum kit_item_kind *kind,
                        const char **id)
{
	struct reader r = {.d = l->d, .arena = &l->kit->arena, .assets = &l->assets};
	if (!doc->root) {
		diag_error(l->d, (struct mark){.file = doc->path},
		           "file is empty; expected 'kind:' and 'id:'");
		return false;
	}
	if (doc->root->type != NODE_MAP) {
		diag_error(l->d, doc->root->mark,
		           "expected a mapping that starts with 'kind:' and 'id:', not %s",
		           node_type_name(doc->root));
		return false;
	}
	const struct node *v = read_required(&r, doc->root, "kind", "file");
	int k = 0;
	bool ok = v && read_enum(&r, v, "kind", item_kind_names, &k);
	*kind = (enum kit_item_kind)k;
	if ((v = read_required(&r, doc->root, "id", "file")))
		ok &= read_id(&r, v, "id", id);
	else
		ok = false;
	return ok;
}

static const char *existing_path(struct loader *l, const char *dir, const char *name)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s.yaml", dir, name);
	const char *p = arena_strdup(&l->kit->arena, buf_str(&b));
	buf_finish(&b);
	struct stat st;
	return stat(p, &st) == 0 ? p : NULL;
}

/* Named documents (templates, profiles) live in a folder of the kit first,
 * then in a shared folder. */
struct named {
	enum kit_item_kind kind;
	const char *subdir;     /* in the kit: "templates" */
	const char *shared_dir; /* e.g. <root>/templates */
};

static void report_unknown_named(struct loader *l, const struct named *w, const char *name,
                                 struct mark m)
{
	const char *dirs[2] = {path_join(&l->kit->arena, l->kit->dir, w->subdir), w->shared_dir};
	const char *best = NULL;
	for (int i = 0; i < 2 && !best; i++) {
		size_t n;
		char **names = list_yaml(dirs[i], &n);
		for (size_t j = 0; j < n; j++)
			names[j][strlen(names[j]) - 5] = '\0';
		const char *s = suggest(name, (const char *const *)names, n);
		if (s)
			best = arena_strdup(&l->kit->arena, s);
		free_list(names, n);
	}
	if (best)
		diag_error(l->d, m, "unknown %s '%s'; did you mean '%s'?", item_kind_names[w->kind],
		           name, best);
	else
		diag_error(l->d, m, "unknown %s '%s' (looked in %s and %s)",
		           item_kind_names[w->kind], name, dirs[0], dirs[1]);
}

/* Finds and parses the document called name; its root, or NULL (reported). */
static const struct node *load_named(struct loader *l, const struct named *w, const char *name,
                                     struct mark m)
{
	const char *path =
	        existing_path(l, path_join(&l->kit->arena, l->kit->dir, w->subdir), name);
	if (!path)
		path = existing_path(l, w->shared_dir, name);
	if (!path) {
		report_unknown_named(l, w, name, m);
		return NULL;
	}
	struct yml_doc *doc = load_doc(l, path, l->d);
	if (!doc)
		return NULL;
	enum kit_item_kind kind;
	const char *id;
	if (!read_header(l, doc, &kind, &id))
		return NULL;
	if (kind != w->kind) {
		diag_error(l->d, doc->root->mark, "'%s' is a %s, not a %s", path,
		           item_kind_names[kind], item_kind_names[w->kind]);
		return NULL;
	}
	if (strcmp(id, name) != 0) {
		diag_error(l->d, node_get(doc->root, "id")->mark,
		           "%s id '%s' does not match its file name '%s.yaml'",
		           item_kind_names[w->kind], id, name);
		return NULL;
	}
	return doc->root;
}

static const struct template *get_template(const char *name, struct mark m,
                                           const struct langs *langs, void *ctx)
{
	struct loader *l = ctx;
	struct named w = {KIND_TEMPLATE, "templates", l->env->templates_dir};
	const struct node *root = load_named(l, &w, name, m);
	if (!root)
		return NULL;
	/* read per deck: a template's language maps must cover the deck's languages */
	struct reader r = {.d = l->d,
	                   .arena = &l->kit->arena,
	                   .langs = *langs,
	                   .assets = &l->assets,
	                   .langs_owner = "deck"};
	struct template *t;
	if (!template_read(&t, root, &r, l->kit->brand, check_family, l))
		return NULL;
	return t;
}

/* The profile named on the command line, else in kit.yaml, else the
 * default. False (reported) when the named one cannot be read. */
static bool load_profile(struct loader *l, const char *kit_profile, struct mark m)
{
	struct kit *k = l->kit;
	const char *name = l->env->profile ? l->env->profile : kit_profile;
	k->profile = &profile_default;
	if (!name)
		return true;
	struct named w = {KIND_PROFILE, "profiles", l->env->profiles_dir};
	const struct node *root = load_named(l, &w, name, l->env->profile ? (struct mark){0} : m);
	if (!root && l->env->profile && l->env->profile_missing &&
	    !existing_path(l, path_join(&k->arena, k->dir, w.subdir), name) &&
	    !existing_path(l, w.shared_dir, name))
		*l->env->profile_missing = true;
	struct reader r = {.d = l->d, .arena = &k->arena, .assets = &l->assets};
	struct profile *p;
	if (!root || !profile_read(&p, root, &r))
		return false;
	k->profile = p;
	return true;
}

/* draft: [en]: languages still being translated; each one of the kit's. */
static bool read_draft(struct loader *l, struct reader *r, const struct node *v)
{
	struct kit *k = l->kit;
	struct langs draft;
	if (!read_langs(r, v, &draft))
		return false;
	for (size_t i = 0; i < draft.count; i++) {
		if (langs_find(&k->langs, draft.codes[i]) >= 0)
			continue;
		diag_error(l->d, v->items[i]->mark,
		           "draft language '%s' is not one of the kit's languages", draft.codes[i]);
		return false;
	}
	k->plan.draft = draft;
	return true;
}

static bool read_kit_yaml(struct loader *l, const struct yml_doc *doc)
{
	struct kit *k = l->kit;
	struct reader r = {.d = l->d, .arena = &k->arena, .assets = &l->assets};
	const struct node *root = doc->root;
	bool ok = read_map(&r, root, kit_keys, "kit");
	const struct node *v = node_get(root, "id");
	if (v && v->type == NODE_SCALAR && strcmp(v->str, k->name) != 0) {
		diag_error(l->d, v->mark, "kit id '%s' does not match its folder '%s'", v->str,
		           k->name);
		ok = false;
	}
	if ((v = read_required(&r, root, "languages", "kit")))
		ok &= read_langs(&r, v, &k->langs);
	else
		ok = false;
	r.langs = k->langs;
	if ((v = read_required(&r, root, "title", "kit")))
		ok &= k->langs.count && read_ltext(&r, v, "kit title", &k->title);
	else
		ok = false;
	if ((v = node_get(root, "author")))
		ok &= read_string(&r, v, "author", &k->author);
	if ((v = node_get(root, "glossary")) && read_seq(&r, v, "glossary") && k->langs.count) {
		k->glossary =
		        arena_alloc_array(&k->arena, v->count ? v->count : 1, sizeof(*k->glossary));
		for (size_t i = 0; i < v->count; i++) {
			const struct node *g = v->items[i];
			if (g->type != NODE_MAP) {
				diag_error(l->d, g->mark,
				           "a glossary entry is a language map such as {da: "
				           "kerneopgave, en: core task}");
				ok = false;
				continue;
			}
			ok &= read_ltext(&r, g, "glossary entry", &k->glossary[k->nglossary]);
			k->nglossary++;
		}
	} else if (v) {
		ok = false;
	}
	if ((v = node_get(root, "hyphenation"))) {
		if (v->type != NODE_MAP) {
			diag_error(l->d, v->mark,
			           "hyphenation is a map of languages to words, such as {da: "
			           "[fra-værs-sam-ta-len]}");
			ok = false;
		}
		for (size_t i = 0; v->type == NODE_MAP && i < v->count; i++) {
			const struct node *lk = v->pairs[i].key, *words = v->pairs[i].value;
			if (langs_find(&k->langs, lk->str) < 0) {
				diag_error(l->d, lk->mark,
				           "language '%s' in hyphenation is not one of the kit's "
				           "languages",
				           lk->str);
				ok = false;
				continue;
			}
			if (!read_seq(&r, words, "hyphenation words")) {
				ok = false;
				continue;
			}
			k->hyphenation =
			        xreallocarray(k->hyphenation, k->nhyphenation + words->count,
			                      sizeof(*k->hyphenation));
			for (size_t j = 0; j < words->count; j++) {
				const char *w;
				if (!read_string(&r, words->items[j], "hyphenation word", &w)) {
					ok = false;
					continue;
				}
				size_t wl = strlen(w);
				if (w[0] == '-' || w[wl - 1] == '-' || strstr(w, "--") ||
				    strpbrk(w, " \t")) {
					diag_error(l->d, words->items[j]->mark,
					           "invalid hyphenation '%s'; write one word with "
					           "'-' where it may "
					           "break, such as 'fra-værs-sam-ta-len'",
					           w);
					ok = false;
					continue;
				}
				k->hyphenation[k->nhyphenation++] = (struct hyphen_exception){
				        lk->str, w, words->items[j]->mark};
			}
		}
	}
	if ((v = node_get(root, "draft")))
		ok &= read_draft(l, &r, v);
	const char *profile = NULL;
	if ((v = node_get(root, "profile")))
		ok &= read_id(&r, v, "profile", &profile);
	ok &= load_profile(l, profile, v ? v->mark : root->mark);
	return ok;
}

/* The folder's own name: "decks/x/" is "x"; ".", ".." and "decks/x/.."
 * are named after the folder they stand for, so that a kit can be built
 * from inside its folder. */
static const char *basename_of(struct arena *a, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	bool dots = (n - start == 1 && dir[start] == '.') ||
	            (n - start == 2 && dir[start] == '.' && dir[start + 1] == '.');
	char *real = dots ? realpath(dir, NULL) : NULL;
	if (real) {
		const char *slash = strrchr(real, '/');
		const char *name = arena_strdup(a, slash && slash[1] ? slash + 1 : real);
		free(real);
		return name;
	}
	return arena_strndup(a, dir + start, n - start);
}

/* The first step: the kit itself, named after its folder. */
static struct kit *kit_create(const char *dir)
{
	struct kit *k = xcalloc(1, sizeof(*k));
	arena_init(&k->arena);
	k->dir = arena_strdup(&k->arena, dir);
	k->name = basename_of(&k->arena, dir);
	return k;
}

/* kit.yaml first: it declares the languages everything else must have.
 * Then the profile, which decks take their size from. */
static bool read_kit_file(struct loader *l, char *const *names, size_t n)
{
	struct kit *k = l->kit;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], "kit.yaml") != 0)
			continue;
		struct yml_doc *doc = load_doc(l, path_join(&k->arena, k->dir, names[i]), l->d);
		enum kit_item_kind kind;
		const char *id;
		if (!doc || !read_header(l, doc, &kind, &id)) {
			ok = false;
		} else if (kind != KIND_KIT) {
			diag_error(l->d, doc->root->mark,
			           "kit.yaml must have 'kind: kit', not '%s'",
			           item_kind_names[kind]);
			ok = false;
		} else {
			ok = read_kit_yaml(l, doc);
		}
		if (ok) {
			struct kit_item *it = arena_alloc(&k->arena, sizeof(*it));
			*it = (struct kit_item){.kind = KIND_KIT,
			                        .id = k->name,
			                        .path = doc->root->mark.file,
			                        .mark = {.file = doc->root->mark.file},
			                        .asked = !l->only,
			                        .langs = k->langs,
			                        .plan = &k->plan};
			item_collect_texts(it, doc->root, &k->arena);
			k->file_item = it;
		}
	}
	if (!k->profile && !load_profile(l, NULL, (struct mark){0}))
		ok = false;
	return ok;
}

/* The kind and id a parsed file declares, as written: quoted or not, and
 * whether or not they are valid (read_header reports that). */
static void identify(struct kit_item *it, const struct node *root)
{
	it->kind = KIND_NONE;
	const struct node *kind = node_get(root, "kind"), *id = node_get(root, "id");
	for (int i = 0; kind && kind->type == NODE_SCALAR && item_kind_names[i]; i++)
		if (strcmp(kind->str, item_kind_names[i]) == 0)
			it->kind = (enum kit_item_kind)i;
	if (id && id->type == NODE_SCALAR) {
		it->id = id->str;
		it->mark = id->mark;
	}
}

/* Every other file parsed once, so that no problem is reported twice, and
 * known by the kind and id it declares. Only the files asked for report
 * their problems here: the others are read when what is asked for needs
 * them. */
static void parse_items(struct loader *l, char *const *names, size_t n)
{
	struct kit *k = l->kit;
	struct diag quiet;
	diag_init(&quiet);
	k->items = xcalloc(n ? n : 1, sizeof(*k->items));
	l->docs = xcalloc(n ? n : 1, sizeof(*l->docs));
	l->bad_header = xcalloc(n ? n : 1, sizeof(*l->bad_header));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], "kit.yaml") == 0)
			continue;
		struct kit_item *it = &k->items[k->nitems];
		const char *path = path_join(&k->arena, k->dir, names[i]);
		*it = (struct kit_item){
		        .kind = KIND_NONE, .path = path, .mark = {.file = path}, .plan = &k->plan};
		it->asked = !l->only || strcmp(l->only, names[i]) == 0;
		const struct yml_doc *doc = load_doc(l, path, it->asked ? l->d : &quiet);
		l->docs[k->nitems++] = doc;
		if (doc && doc->root)
			identify(it, doc->root);
	}
	diag_finish(&quiet);
}

/* What must be read besides the files asked for: the brand, whose colours
 * and fonts templates take, and, for a board or document, the decks it may
 * refer to. A file that does not parse might be either, so its problems are
 * reported too. */
static void choose_items(struct loader *l)
{
	struct kit *k = l->kit;
	bool decks = false;
	for (size_t i = 0; i < k->nitems; i++)
		if (k->items[i].asked)
			decks |=
			        k->items[i].kind == KIND_BOARD || k->items[i].kind == KIND_DOCUMENT;
	for (size_t i = 0; i < k->nitems; i++) {
		struct kit_item *it = &k->items[i];
		it->needed =
		        it->asked || it->kind == KIND_BRAND || (decks && it->kind == KIND_DECK);
		if (!it->asked && !l->docs[i])
			load_doc(l, it->path, l->d); /* fails again, reported this time */
	}
}

/* The brand before the decks: their templates take colours and fonts from it. */
static void read_brand(struct loader *l)
{
	struct kit *k = l->kit;
	for (size_t i = 0; i < k->nitems; i++) {
		struct kit_item *it = &k->items[i];
		if (!it->needed || it->kind != KIND_BRAND)
			continue;
		if (k->brand) {
			diag_error(l->d, l->docs[i]->root->mark,
			           "a kit has one brand, and '%s' already is it", k->brand_path);
			continue;
		}
		struct reader r = {
		        .d = l->d, .arena = &k->arena, .langs = k->langs, .assets = &l->assets};
		struct brand *b = arena_alloc(&k->arena, sizeof(*b));
		if (brand_read(b, l->docs[i]->root, &r, true)) {
			k->brand = b;
			k->brand_path = it->path;
			it->as.brand = b;
		}
	}
}

/* One id registry per kit: decks, boards and documents name their files in
 * out/<kit>/ by id, so no two of them may share one, nor differ in case
 * only ("mini", "Mini"): on a disk that ignores case (macOS, Windows, a zip
 * unpacked there) one's files would replace the other's. A pair is
 * reported at the later of the two files asked for, or at the one asked
 * for. */
static void check_id(struct loader *l, size_t i)
{
	const struct kit *k = l->kit;
	const struct kit_item *it = &k->items[i];
	if (!it->asked || !it->id || !it->id[0] || !item_kind_has_outputs(it->kind))
		return;
	for (size_t j = 0; j < k->nitems; j++) {
		const struct kit_item *o = &k->items[j];
		if (j == i || (j > i && o->asked) || !o->id || !item_kind_has_outputs(o->kind) ||
		    strcasecmp(o->id, it->id) != 0)
			continue;
		if (strcmp(o->id, it->id) == 0)
			diag_error(l->d, it->mark,
			           "duplicate id '%s' (also the id of the %s at %s:%d:%d); their "
			           "files in out/ would clash",
			           it->id, item_kind_names[o->kind], o->path, o->mark.line,
			           o->mark.col);
		else
			diag_error(l->d, it->mark,
			           "id '%s' differs only in case from '%s' (the %s at %s:%d:%d); "
			           "their files in out/ would clash where case is not told apart "
			           "(macOS, Windows)",
			           it->id, o->id, item_kind_names[o->kind], o->path, o->mark.line,
			           o->mark.col);
		return;
	}
}

/* A deck's `draft: [en]`: its drafts besides the kit's, in a plan of its
 * own. Each must be one of the deck's languages. */
static void read_deck_draft(struct loader *l, struct kit_item *it, const struct node *root)
{
	struct kit *k = l->kit;
	const struct node *v = node_get(root, "draft"), *own = node_get(root, "languages");
	struct reader r = {.d = l->d, .arena = &k->arena};
	struct langs draft;
	if (!v || !read_langs(&r, v, &draft))
		return;
	/* the deck's languages as written; deck_read checks them */
	bool in_deck[64] = {false};
	for (size_t i = 0; i < draft.count && i < 64; i++) {
		in_deck[i] = !own && langs_find(&k->langs, draft.codes[i]) >= 0;
		for (size_t j = 0; own && own->type == NODE_SEQ && j < own->count; j++)
			in_deck[i] |= own->items[j]->type == NODE_SCALAR &&
			              strcmp(own->items[j]->str, draft.codes[i]) == 0;
	}
	const char **codes =
	        arena_alloc_array(&k->arena, draft.count + k->plan.draft.count, sizeof(*codes));
	size_t n = 0;
	for (size_t i = 0; i < k->plan.draft.count; i++)
		codes[n++] = k->plan.draft.codes[i];
	for (size_t i = 0; i < draft.count; i++) {
		if (i >= 64 || !in_deck[i])
			diag_error(l->d, v->items[i]->mark,
			           "draft language '%s' is not one of the deck's languages",
			           draft.codes[i]);
		else if (langs_find(&k->plan.draft, draft.codes[i]) < 0)
			codes[n++] = draft.codes[i];
	}
	struct lang_plan *p = arena_alloc(&k->arena, sizeof(*p));
	*p = k->plan;
	p->draft = (struct langs){codes, n};
	it->plan = p;
}

static void read_deck(struct loader *l, struct kit_item *it, const struct node *root)
{
	struct kit *k = l->kit;
	read_deck_draft(l, it, root);
	struct reader r = {.d = l->d,
	                   .arena = &k->arena,
	                   .assets = &l->assets,
	                   .plan = it->plan,
	                   .langs_owner = "deck"};
	struct deck *deck;
	if (!deck_read(&deck, root, &r, &k->langs, k->author, k->profile, get_template, l))
		return;
	deck->reference_only = !it->asked;
	it->as.deck = deck;
	k->decks = xreallocarray(k->decks, k->ndecks + 1, sizeof(*k->decks));
	k->decks[k->ndecks++] = deck;
}

static void read_board(struct loader *l, struct kit_item *it, const struct node *root)
{
	struct kit *k = l->kit;
	struct reader r = {.d = l->d,
	                   .arena = &k->arena,
	                   .assets = &l->assets,
	                   .plan = &k->plan,
	                   .langs_owner = "board"};
	struct board_env env = {
	        .kit = k, .check_family = check_family, .fonts_ctx = l, .phrases = k->phrases};
	struct board *b;
	if (!board_read(&b, root, &r, &env))
		return;
	it->as.board = b;
	k->boards = xreallocarray(k->boards, k->nboards + 1, sizeof(*k->boards));
	k->boards[k->nboards++] = b;
}

/* For a document: whether a deck it names could not be read. */
static bool deck_unread(const char *id, const void *kit)
{
	return kit_deck_unread(kit, id);
}

static void read_document(struct loader *l, struct kit_item *it, const struct node *root)
{
	struct kit *k = l->kit;
	struct doc_env env = {
	        .kit_langs = &k->langs,
	        .kit_title = ltext_is_set(&k->title) ? &k->title : NULL,
	        .kit_author = k->author,
	        .brand = k->brand,
	        .decks = k->decks,
	        .ndecks = k->ndecks,
	        .check_family = check_family,
	        .fonts_ctx = l,
	        .phrases = k->phrases,
	        .assets = &l->assets,
	        .plan = &k->plan,
	        .deck_unread = deck_unread,
	        .deck_ctx = k,
	};
	struct document *doc;
	if (!document_read(&doc, root, &env, l->d))
		return;
	it->as.document = doc;
	k->documents = xreallocarray(k->documents, k->ndocuments + 1, sizeof(*k->documents));
	k->documents[k->ndocuments++] = doc;
}

static const char *file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Checks the header of an item needed and, for a deck, reads it. */
static void read_first(struct loader *l, size_t i)
{
	struct kit_item *it = &l->kit->items[i];
	const struct yml_doc *doc = l->docs[i];
	enum kit_item_kind kind;
	const char *id;
	if (!read_header(l, doc, &kind, &id)) {
		l->bad_header[i] = true;
		return;
	}
	if (kind == KIND_KIT) {
		diag_error(l->d, doc->root->mark, "a kit is declared in kit.yaml, not in '%s'",
		           file_name(it->path));
		return;
	}
	if (l->kit_ok && kind == KIND_DECK)
		read_deck(l, it, doc->root);
}

/* Reads every item needed into its model: the decks first, then the boards
 * and the documents, which refer to them; then checks their ids. Without the
 * kit's languages every text would be reported, so then only the headers are
 * checked. False when more than errors were reported before the boards: the
 * kit, its brand or a deck could not be read, and nothing can be laid out. */
static bool read_items(struct loader *l, size_t errors)
{
	struct kit *k = l->kit;
	for (size_t i = 0; i < k->nitems; i++)
		if (k->items[i].needed && l->docs[i])
			read_first(l, i);
	bool ok = l->kit_ok && diag_get_error_count(l->d) == errors;
	for (size_t i = 0; l->kit_ok && i < k->nitems; i++)
		if (k->items[i].needed && !l->bad_header[i] && k->items[i].kind == KIND_BOARD)
			read_board(l, &k->items[i], l->docs[i]->root);
	for (size_t i = 0; l->kit_ok && i < k->nitems; i++)
		if (k->items[i].needed && !l->bad_header[i] && k->items[i].kind == KIND_DOCUMENT)
			read_document(l, &k->items[i], l->docs[i]->root);
	for (size_t i = 0; i < k->nitems; i++)
		if (k->items[i].needed && l->docs[i] && !l->bad_header[i])
			check_id(l, i);
	return ok;
}

/* The texts of the decks, boards and documents asked for, in their own
 * languages or the kit's, for the summary, the proofs and the checks. */
static void collect_texts(struct loader *l)
{
	struct kit *k = l->kit;
	for (size_t i = 0; i < k->nitems; i++) {
		struct kit_item *it = &k->items[i];
		const struct node *root = l->docs[i] ? l->docs[i]->root : NULL;
		if (!it->asked || !root ||
		    (it->kind != KIND_DECK && it->kind != KIND_BOARD && it->kind != KIND_DOCUMENT))
			continue;
		it->langs = k->langs;
		const struct node *langs = node_get(root, "languages");
		if (langs && langs->type == NODE_SEQ && langs->count) {
			const char **codes =
			        arena_alloc_array(&k->arena, langs->count, sizeof(*codes));
			size_t count = 0;
			for (size_t j = 0; j < langs->count; j++)
				if (langs->items[j]->type == NODE_SCALAR)
					codes[count++] = langs->items[j]->str;
			it->langs = (struct langs){codes, count};
		}
		item_collect_texts(it, root, &k->arena);
	}
}

/* A missing translation of an item's text, in a language being built that
 * is no draft: reported here by item and id, where the readers left it. */
static void report_missing(struct loader *l, const struct kit_item *it)
{
	for (size_t t = 0; t < it->ntexts; t++) {
		const struct item_text *x = &it->texts[t];
		for (size_t i = 0; x->s && i < it->langs.count; i++) {
			if (x->s[i] || !lang_plan_requires(it->plan, it->langs.codes[i]))
				continue;
			diag_error(l->d, x->mark, "'%s' of %s%s%s has no '%s' translation",
			           x->field, x->owner[0] ? x->owner : "", x->owner[0] ? " in " : "",
			           it->id ? it->id : file_name(it->path), it->langs.codes[i]);
		}
	}
}

bool kit_load(struct kit **out, const char *dir, const char *only, const struct kit_env *env,
              struct diag *d)
{
	*out = NULL;
	size_t n;
	char **names = list_yaml(dir, &n);
	if (!names) {
		DIR *dp = opendir(dir);
		if (!dp) {
			diag_error(d, (struct mark){.file = dir}, "cannot read kit folder: %s",
			           strerror(errno));
			return false;
		}
		closedir(dp);
	}
	if (!only)
		warn_unread_yaml(dir, d);
	struct kit *k = kit_create(dir);
	struct loader l = {.kit = k, .env = env, .d = d, .only = only};
	k->plan = (struct lang_plan){.built = env->langs, .nbuilt = env->nlangs};
	asset_roots_add(&l.assets, &k->arena, dir);
	if (env->templates_dir)
		asset_roots_add(&l.assets, &k->arena, env->templates_dir);
	size_t errors = diag_get_error_count(d);
	l.kit_ok = read_kit_file(&l, names, n);
	/* the shared texts of the kit's languages (all when kit.yaml names
	 * none: the decks' own languages are read later) */
	if (env->phrases_dir && !phrasebook_load_for(&k->phrases, env->phrases_dir, dir,
	                                             k->langs.count ? &k->langs : NULL, d))
		l.kit_ok = false;
	parse_items(&l, names, n);
	choose_items(&l);
	read_brand(&l);
	bool ok = read_items(&l, errors);
	/* every template, board and document has looked its names up */
	if (!only && k->brand && l.kit_ok && diag_get_error_count(d) == errors)
		brand_check_used(k->brand, d);
	collect_texts(&l);
	for (size_t i = 0; l.kit_ok && i < k->nitems; i++)
		report_missing(&l, &k->items[i]);
	free(l.docs);
	free(l.bad_header);
	free(l.missing_fonts);
	free_list(names, n);
	if (n == 0) {
		diag_error(d, (struct mark){.file = dir}, "no YAML files in this kit folder");
		ok = false;
	}
	*out = k;
	return ok;
}

bool kit_deck_unread(const struct kit *k, const char *id)
{
	for (size_t i = 0; i < k->nitems; i++) {
		const struct kit_item *it = &k->items[i];
		if (it->kind == KIND_DECK && it->id && strcmp(it->id, id) == 0 && !it->as.deck)
			return true;
	}
	return false;
}

void kit_destroy(struct kit *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->ndocuments; i++)
		document_destroy(k->documents[i]);
	for (size_t i = 0; i < k->ndocs; i++)
		yml_doc_destroy(k->docs[i]);
	free(k->docs);
	free(k->items);
	free(k->decks);
	free(k->boards);
	free(k->documents);
	free(k->hyphenation);
	phrasebook_destroy(k->phrases);
	arena_finish(&k->arena);
	free(k);
}
