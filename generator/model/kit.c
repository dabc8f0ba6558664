#include "model/kit.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/suggest.h"

static const char *const kit_keys[] = {"kind",    "id",       "title",       "languages", "author",
					"profile", "glossary", "hyphenation", NULL};
/* The kinds of file a kit holds; indexes into kinds[]. */
enum kind {
	KIND_KIT,
	KIND_DECK,
	KIND_TEMPLATE,
	KIND_PROFILE,
	KIND_BOARD,
	KIND_DOCUMENT,
	KIND_BRAND,
};
static const char *const kinds[] = {"kit",   "deck",     "template", "profile",
				    "board", "document", "brand",    NULL};

struct loader {
	struct kit *kit;
	const struct kit_env *env;
	struct diag *d;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The *.yaml files directly in dir, sorted; caller frees the array and strings. */
static char **list_yaml(const char *dir, size_t *count)
{
	*count = 0;
	DIR *dp = opendir(dir);
	if (!dp)
		return NULL;
	char **names = NULL;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 6 || strcmp(de->d_name + n - 5, ".yaml") != 0)
			continue;
		XGROW(names, cap, *count + 1);
		names[(*count)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (*count)
		qsort(names, *count, sizeof(*names), cmp_str);
	return names;
}

static void free_list(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

static struct yml_doc *load_doc(struct loader *l, const char *path)
{
	struct kit *k = l->kit;
	for (size_t i = 0; i < k->ndocs; i++)
		if (strcmp(k->docs[i]->path, path) == 0)
			return k->docs[i];
	struct yml_doc *doc;
	if (!yml_load_file(&doc, path, l->d))
		return NULL;
	XGROW(k->docs, k->docs_cap, k->ndocs + 1);
	k->docs[k->ndocs++] = doc;
	return doc;
}

/* Reads kind: and id: of a document; reports problems. */
static bool read_header(struct loader *l, const struct yml_doc *doc, enum kind *kind,
			const char **id)
{
	struct reader r = {.d = l->d, .arena = &l->kit->arena};
	if (!doc->root) {
		diag_error(l->d, (struct mark){.file = doc->path}, "file is empty; expected 'kind:' and 'id:'");
		return false;
	}
	if (doc->root->type != NODE_MAP) {
		diag_error(l->d, doc->root->mark, "expected a mapping that starts with 'kind:' and 'id:', not %s",
			   node_type_name(doc->root));
		return false;
	}
	const struct node *v = read_required(&r, doc->root, "kind", "file");
	int k = 0;
	bool ok = v && read_enum(&r, v, "kind", kinds, &k);
	*kind = (enum kind)k;
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
	enum kind kind;
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
		diag_error(l->d, m, "unknown %s '%s'; did you mean '%s'?", kinds[w->kind], name, best);
	else
		diag_error(l->d, m, "unknown %s '%s' (looked in %s and %s)", kinds[w->kind], name,
			   dirs[0], dirs[1]);
}

/* Finds and parses the document called name; its root, or NULL (reported). */
static const struct node *load_named(struct loader *l, const struct named *w, const char *name,
				     struct mark m)
{
	const char *path = existing_path(l, path_join(&l->kit->arena, l->kit->dir, w->subdir), name);
	if (!path)
		path = existing_path(l, w->shared_dir, name);
	if (!path) {
		report_unknown_named(l, w, name, m);
		return NULL;
	}
	struct yml_doc *doc = load_doc(l, path);
	if (!doc)
		return NULL;
	enum kind kind;
	const char *id;
	if (!read_header(l, doc, &kind, &id))
		return NULL;
	if (kind != w->kind) {
		diag_error(l->d, doc->root->mark, "'%s' is a %s, not a %s", path, kinds[kind],
			   kinds[w->kind]);
		return NULL;
	}
	if (strcmp(id, name) != 0) {
		diag_error(l->d, node_get(doc->root, "id")->mark,
			   "%s id '%s' does not match its file name '%s.yaml'", kinds[w->kind], id, name);
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
	struct reader r = {.d = l->d, .arena = &l->kit->arena, .langs = *langs};
	struct template *t;
	if (!template_read(&t, root, &r, l->kit->brand, l->env->has_family, l->env->families, l->env->nfamilies,
			   l->env->fonts_ctx))
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
	const struct node *root =
		load_named(l, &w, name, l->env->profile ? (struct mark){0} : m);
	if (!root && l->env->profile && l->env->profile_missing &&
	    !existing_path(l, path_join(&k->arena, k->dir, w.subdir), name) &&
	    !existing_path(l, w.shared_dir, name))
		*l->env->profile_missing = true;
	struct reader r = {.d = l->d, .arena = &k->arena};
	struct profile *p;
	if (!root || !profile_read(&p, root, &r))
		return false;
	k->profile = p;
	return true;
}

/* Whether the file name in dir declares kind, judged from its text alone,
 * so that a build of one file still finds the kit's brand without parsing
 * (and reporting on) every other file. */
static bool is_kind(struct loader *l, const char *dir, const char *name, const char *kind)
{
	(void)l;
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/%s", dir, name);
	FILE *fp = fopen(buf_str(&p), "r");
	buf_finish(&p);
	if (!fp)
		return false;
	char line[256];
	bool found = false;
	while (!found && fgets(line, sizeof(line), fp)) {
		size_t kl = strlen(kind);
		found = strncmp(line, "kind: ", 6) == 0 && strncmp(line + 6, kind, kl) == 0 &&
			(line[6 + kl] == '\n' || line[6 + kl] == ' ' || line[6 + kl] == '\0');
	}
	fclose(fp);
	return found;
}

static bool read_kit_yaml(struct loader *l, const struct yml_doc *doc)
{
	struct kit *k = l->kit;
	struct reader r = {.d = l->d, .arena = &k->arena};
	const struct node *root = doc->root;
	bool ok = read_map(&r, root, kit_keys, "kit");
	const struct node *v = node_get(root, "id");
	if (v && v->type == NODE_SCALAR && strcmp(v->str, k->name) != 0) {
		diag_error(l->d, v->mark, "kit id '%s' does not match its folder '%s'", v->str, k->name);
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
		k->glossary = arena_alloc_array(&k->arena, v->count ? v->count : 1, sizeof(*k->glossary));
		for (size_t i = 0; i < v->count; i++) {
			const struct node *g = v->items[i];
			if (g->type != NODE_MAP) {
				diag_error(l->d, g->mark,
					   "a glossary entry is a language map such as {da: kerneopgave, en: core task}");
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
				   "hyphenation is a map of languages to words, such as {da: [fra-værs-sam-ta-len]}");
			ok = false;
		}
		for (size_t i = 0; v->type == NODE_MAP && i < v->count; i++) {
			const struct node *lk = v->pairs[i].key, *words = v->pairs[i].value;
			if (langs_find(&k->langs, lk->str) < 0) {
				diag_error(l->d, lk->mark, "language '%s' in hyphenation is not one of the kit's languages",
					   lk->str);
				ok = false;
				continue;
			}
			if (!read_seq(&r, words, "hyphenation words")) {
				ok = false;
				continue;
			}
			k->hyphenation = xreallocarray(k->hyphenation, k->nhyphenation + words->count,
						       sizeof(*k->hyphenation));
			for (size_t j = 0; j < words->count; j++) {
				const char *w;
				if (!read_string(&r, words->items[j], "hyphenation word", &w)) {
					ok = false;
					continue;
				}
				size_t wl = strlen(w);
				if (w[0] == '-' || w[wl - 1] == '-' || strstr(w, "--") || strpbrk(w, " \t")) {
					diag_error(l->d, words->items[j]->mark,
						   "invalid hyphenation '%s'; write one word with '-' where it may "
						   "break, such as 'fra-værs-sam-ta-len'",
						   w);
					ok = false;
					continue;
				}
				k->hyphenation[k->nhyphenation++] =
					(struct hyphen_exception){lk->str, w, words->items[j]->mark};
			}
		}
	}
	const char *profile = NULL;
	if ((v = node_get(root, "profile")))
		ok &= read_id(&r, v, "profile", &profile);
	ok &= load_profile(l, profile, v ? v->mark : root->mark);
	return ok;
}

static const char *basename_of(struct arena *a, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	return arena_strndup(a, dir + start, n - start);
}

bool kit_load(struct kit **out, const char *dir, const char *only, const struct kit_env *env,
	      struct diag *d)
{
	*out = NULL;
	struct kit *k = xcalloc(1, sizeof(*k));
	arena_init(&k->arena);
	k->dir = arena_strdup(&k->arena, dir);
	k->name = basename_of(&k->arena, dir);
	struct loader l = {.kit = k, .env = env, .d = d};
	size_t errors = d->errors;
	bool deck_filter_off = false;

	size_t n;
	char **names = list_yaml(dir, &n);
	if (!names && n == 0) {
		DIR *dp = opendir(dir);
		if (!dp) {
			diag_error(d, (struct mark){.file = dir}, "cannot read kit folder: %s",
				   strerror(errno));
			kit_destroy(k);
			return false;
		}
		closedir(dp);
	}

	/* kit.yaml first: it declares the languages everything else must have */
	bool kit_ok = true;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], "kit.yaml") != 0)
			continue;
		struct yml_doc *doc = load_doc(&l, path_join(&k->arena, dir, names[i]));
		enum kind kind;
		const char *id;
		if (!doc || !read_header(&l, doc, &kind, &id)) {
			kit_ok = false;
		} else if (kind != KIND_KIT) {
			diag_error(d, doc->root->mark, "kit.yaml must have 'kind: kit', not '%s'",
				   kinds[kind]);
			kit_ok = false;
		} else {
			kit_ok = read_kit_yaml(&l, doc);
		}
	}

	if (!k->profile && !load_profile(&l, NULL, (struct mark){0}))
		kit_ok = false;

	/* a board or document refers to decks: building one still reads them all */
	if (only && (is_kind(&l, dir, only, "document") || is_kind(&l, dir, only, "board")))
		deck_filter_off = true;

	/* every file parsed once, so that no problem is reported twice */
	struct yml_doc **docs = xcalloc(n ? n : 1, sizeof(*docs));
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], "kit.yaml") != 0 &&
		    (!only || strcmp(only, names[i]) == 0 || is_kind(&l, dir, names[i], "brand") ||
		     (deck_filter_off && is_kind(&l, dir, names[i], "deck"))))
			docs[i] = load_doc(&l, path_join(&k->arena, dir, names[i]));

	/* the brand before the decks: their templates take colours and fonts from it */
	for (size_t i = 0; i < n; i++) {
		const struct node *kind = docs[i] ? node_get(docs[i]->root, "kind") : NULL;
		if (!kind || kind->type != NODE_SCALAR || strcmp(kind->str, "brand") != 0)
			continue;
		if (k->brand) {
			diag_error(d, docs[i]->root->mark, "a kit has one brand, and '%s' already is it",
				   k->brand_path);
			continue;
		}
		struct reader r = {.d = d, .arena = &k->arena, .langs = k->langs};
		struct brand *b = arena_alloc(&k->arena, sizeof(*b));
		if (brand_read(b, docs[i]->root, &r, true)) {
			k->brand = b;
			k->brand_path = docs[i]->path;
		}
	}

	size_t ndecks = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], "kit.yaml") == 0 || !docs[i])
			continue;
		struct yml_doc *doc = docs[i];
		enum kind kind;
		const char *id;
		if (!doc || !read_header(&l, doc, &kind, &id))
			continue;
		if (kind == KIND_KIT) {
			diag_error(d, doc->root->mark, "a kit is declared in kit.yaml, not in '%s'",
				   names[i]);
			continue;
		}
		if (kind == KIND_TEMPLATE || kind == KIND_PROFILE || kind == KIND_BRAND)
			continue; /* read when named, or above */
		if (kind == KIND_BOARD || kind == KIND_DOCUMENT) {
			/* read after the decks they may refer to */
			const struct node ***roots = kind == KIND_BOARD ? &k->boards : &k->documents;
			size_t *count = kind == KIND_BOARD ? &k->nboards : &k->ndocuments;
			*roots = xreallocarray(*roots, *count + 1, sizeof(**roots));
			(*roots)[(*count)++] = doc->root;
			continue;
		}
		if (!kit_ok)
			continue; /* without languages every text would be reported */
		struct reader r = {.d = d, .arena = &k->arena};
		struct deck *deck;
		if (!deck_read(&deck, doc->root, &r, &k->langs, k->author, k->profile, get_template,
			       &l))
			continue;
		for (size_t j = 0; j < ndecks; j++) {
			if (strcmp(k->decks[j]->id, deck->id) == 0) {
				diag_error(d, node_get(doc->root, "id")->mark,
					   "duplicate id '%s' (also in %s)", deck->id, k->decks[j]->path);
			}
		}
		deck->reference_only = only && strcmp(only, names[i]) != 0;
		k->decks = xreallocarray(k->decks, ndecks + 1, sizeof(*k->decks));
		k->decks[ndecks++] = deck;
		k->ndecks = ndecks;
	}
	free(docs);
	free_list(names, n);
	if (n == 0)
		diag_error(d, (struct mark){.file = dir}, "no YAML files in this kit folder");
	if (d->errors > errors) {
		kit_destroy(k);
		return false;
	}
	*out = k;
	return true;
}

void kit_destroy(struct kit *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->ndocs; i++)
		yml_doc_destroy(k->docs[i]);
	free(k->docs);
	free(k->decks);
	free(k->boards);
	free(k->documents);
	free(k->hyphenation);
	arena_finish(&k->arena);
	free(k);
}
