#include "cli/summary.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/yml.h"
#include "model/i18n.h"
#include "util/buf.h"
#include "util/mem.h"

/* The status of one language over the texts of one deck. */
struct lang_status {
	const char *code;
	size_t have;
	struct buf missing, empty, same; /* "card T05 text, ..." */
};

struct tally {
	size_t texts;
	struct lang_status *langs;
	size_t nlangs;
};

static void add_ref(struct buf *b, const char *owner, const char *field)
{
	buf_printf(b, "%s%s%s%s", b->len ? ", " : "", owner, owner[0] ? " " : "", field);
}

/* Counts one human text: a plain string counts for every language. */
static void count_text(struct tally *t, const struct node *n, const char *owner, const char *field)
{
	if (!n)
		return;
	t->texts++;
	if (n->type == NODE_SCALAR) {
		for (size_t i = 0; i < t->nlangs; i++)
			t->langs[i].have++;
		return;
	}
	if (n->type != NODE_MAP)
		return;
	const struct node *src = t->nlangs ? node_get(n, t->langs[0].code) : NULL;
	for (size_t i = 0; i < t->nlangs; i++) {
		struct lang_status *l = &t->langs[i];
		const struct node *v = node_get(n, l->code);
		if (!v)
			add_ref(&l->missing, owner, field);
		else if (v->type != NODE_SCALAR || node_is_null(v) || !v->str[0])
			add_ref(&l->empty, owner, field);
		else if (i > 0 && src && src->type == NODE_SCALAR && strcmp(v->str, src->str) == 0)
			add_ref(&l->same, owner, field);
		else
			l->have++;
	}
}

static const char *id_of(const struct node *n)
{
	const struct node *id = node_get(n, "id");
	return id && id->type == NODE_SCALAR ? id->str : "?";
}

static void count_items(struct tally *t, const struct node *seq, const char *kind,
			const char *const *fields)
{
	if (!seq || seq->type != NODE_SEQ)
		return;
	for (size_t i = 0; i < seq->count; i++) {
		char owner[96];
		snprintf(owner, sizeof(owner), "%s %s", kind, id_of(seq->items[i]));
		for (const char *const *f = fields; *f; f++)
			count_text(t, node_get(seq->items[i], *f), owner, *f);
	}
}

static void count_deck(struct tally *t, const struct node *root)
{
	static const char *const card_fields[] = {"title", "text", NULL};
	static const char *const cat_fields[] = {"name", NULL};
	count_text(t, node_get(root, "title"), "deck", "title");
	count_text(t, node_get(root, "subject"), "deck", "subject");
	count_text(t, node_get(node_get(root, "back"), "text"), "back", "text");
	count_items(t, node_get(root, "categories"), "category", cat_fields);
	const struct node *types = node_get(root, "types");
	for (size_t i = 0; types && types->type == NODE_MAP && i < types->count; i++) {
		char owner[96];
		snprintf(owner, sizeof(owner), "type %s", types->pairs[i].key->str);
		count_text(t, node_get(types->pairs[i].value, "label"), owner, "label");
		count_text(t, node_get(types->pairs[i].value, "prompt"), owner, "prompt");
	}
	count_items(t, node_get(root, "special"), "card", card_fields);
	count_items(t, node_get(root, "cards"), "card", card_fields);
}

static void count_map(const struct node *n, const char *owner, const char *key, void *ctx)
{
	count_text(ctx, n, owner, key);
}

/* Boards and documents: every language map is a text, named by the nearest
 * id above it and its key. */
static void count_tree_of(struct tally *t, const struct node *root)
{
	const char **codes = xcalloc(t->nlangs ? t->nlangs : 1, sizeof(*codes));
	for (size_t l = 0; l < t->nlangs; l++)
		codes[l] = t->langs[l].code;
	struct langs langs = {codes, t->nlangs};
	ltext_walk(root, &langs, count_map, t);
	free(codes);
}

/* The language codes of a node such as [da, en]; borrowed from the doc. */
static size_t read_codes(const struct node *n, const char **codes, size_t max)
{
	size_t count = 0;
	for (size_t i = 0; n && n->type == NODE_SEQ && i < n->count && count < max; i++)
		if (n->items[i]->type == NODE_SCALAR)
			codes[count++] = n->items[i]->str;
	return count;
}

/* "a, b" as the JSON list ["a", "b"]; the parts never hold ", ". */
static void put_json_list(struct buf *b, const struct buf *list)
{
	buf_putc(b, '[');
	const char *p = buf_str(list);
	while (*p) {
		const char *end = strstr(p, ", ");
		char *item = xstrndup(p, end ? (size_t)(end - p) : strlen(p));
		buf_put_json_string(b, item);
		free(item);
		if (!end)
			break;
		buf_puts(b, ", ");
		p = end + 2;
	}
	buf_putc(b, ']');
}

static void print_deck(struct buf *out, bool json, bool first, const char *path, const char *kind,
		       const char *id, const struct tally *t)
{
	if (json) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s{\"kind\": ", first ? "" : ", ");
		buf_put_json_string(&b, kind);
		buf_puts(&b, ", \"id\": ");
		buf_put_json_string(&b, id);
		buf_puts(&b, ", \"file\": ");
		buf_put_json_string(&b, path);
		buf_printf(&b, ", \"texts\": %zu, \"languages\": {", t->texts);
		for (size_t i = 0; i < t->nlangs; i++) {
			const struct lang_status *l = &t->langs[i];
			buf_puts(&b, i ? ", " : "");
			buf_put_json_string(&b, l->code);
			buf_printf(&b, ": {\"have\": %zu, \"missing\": ", l->have);
			put_json_list(&b, &l->missing);
			buf_puts(&b, ", \"empty\": ");
			put_json_list(&b, &l->empty);
			buf_puts(&b, ", \"same_as_source\": ");
			put_json_list(&b, &l->same);
			buf_putc(&b, '}');
		}
		buf_puts(&b, "}}");
		buf_puts(out, buf_str(&b));
		buf_finish(&b);
		return;
	}
	buf_printf(out, "%s (%s): %zu texts\n", id, path, t->texts);
	for (size_t i = 0; i < t->nlangs; i++) {
		const struct lang_status *l = &t->langs[i];
		buf_printf(out, "  %-5s %zu of %zu", l->code, l->have, t->texts);
		if (l->missing.len)
			buf_printf(out, "; missing: %s", buf_str(&l->missing));
		if (l->empty.len)
			buf_printf(out, "; empty: %s", buf_str(&l->empty));
		if (l->same.len)
			buf_printf(out, "; same as %s: %s", t->langs[0].code, buf_str(&l->same));
		buf_putc(out, '\n');
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void summary_format(const char *dir, const char *only, bool json, struct buf *out)
{
	struct diag quiet; /* problems are check's to report, not the summary's */
	diag_init(&quiet);
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/kit.yaml", dir);
	struct yml_doc *kitdoc = NULL;
	yml_load_file(&kitdoc, buf_str(&path), &quiet);
	const char *kit_codes[16];
	size_t nkit = read_codes(node_get(kitdoc ? kitdoc->root : NULL, "languages"), kit_codes, 16);

	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *dp = opendir(dir);
	struct dirent *de;
	while (dp && (de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] != '.' && len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0 &&
		    strcmp(de->d_name, "kit.yaml") != 0 && (!only || strcmp(only, de->d_name) == 0)) {
			XGROW(names, cap, n + 1);
			names[n++] = xstrdup(de->d_name);
		}
	}
	if (dp)
		closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);

	if (json) {
		buf_puts(out, out->len ? ",\n    {\"kit\": " : "    {\"kit\": ");
		buf_put_json_string(out, dir);
		buf_puts(out, ", \"items\": [");
	}
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		buf_clear(&path);
		buf_printf(&path, "%s/%s", dir, names[i]);
		struct yml_doc *doc = NULL;
		yml_load_file(&doc, buf_str(&path), &quiet);
		const struct node *root = doc ? doc->root : NULL;
		const struct node *kind = node_get(root, "kind");
		bool deck = kind && kind->type == NODE_SCALAR && strcmp(kind->str, "deck") == 0;
		bool other = kind && kind->type == NODE_SCALAR &&
			     (strcmp(kind->str, "board") == 0 || strcmp(kind->str, "document") == 0);
		if (deck || other) {
			const char *codes[16];
			size_t nl = read_codes(node_get(root, "languages"), codes, 16);
			if (!nl) {
				memcpy(codes, kit_codes, nkit * sizeof(*codes));
				nl = nkit;
			}
			struct tally t = {.langs = xcalloc(nl ? nl : 1, sizeof(*t.langs)), .nlangs = nl};
			for (size_t l = 0; l < nl; l++)
				t.langs[l].code = codes[l];
			if (deck)
				count_deck(&t, root);
			else
				count_tree_of(&t, root);
			print_deck(out, json, first, buf_str(&path), kind->str, id_of(root), &t);
			first = false;
			for (size_t l = 0; l < nl; l++) {
				buf_finish(&t.langs[l].missing);
				buf_finish(&t.langs[l].empty);
				buf_finish(&t.langs[l].same);
			}
			free(t.langs);
		}
		yml_doc_destroy(doc);
		free(names[i]);
	}
	if (json)
		buf_puts(out, "]}");
	free(names);
	yml_doc_destroy(kitdoc);
	buf_finish(&path);
	diag_finish(&quiet);
}
