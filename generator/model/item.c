#include "model/item.h"

#include <stdlib.h>
#include <string.h>

#include "model/board.h"
#include "model/deck.h"
#include "model/document.h"
#include "util/buf.h"
#include "util/mem.h"

const char *const item_kind_names[KIND_NONE + 1] = {
        "kit", "deck", "template", "profile", "board", "document", "brand", NULL,
};

bool item_kind_has_outputs(enum kit_item_kind kind)
{
	return kind == KIND_DECK || kind == KIND_BOARD || kind == KIND_DOCUMENT;
}

const char *item_get_title(const struct kit_item *it, const char *lang)
{
	const struct ltext *title = NULL;
	const struct langs *langs = NULL;
	if (it->kind == KIND_BOARD && it->as.board) {
		title = &it->as.board->title;
		langs = &it->as.board->langs;
	} else if (it->kind == KIND_DOCUMENT && it->as.document) {
		title = &it->as.document->title;
		langs = &it->as.document->langs;
	}
	int i = langs ? langs_find(langs, lang) : -1;
	const char *s = i >= 0 ? ltext_get(title, (size_t)i) : "";
	return s[0] ? s : it->id;
}

/* The texts are gathered on the heap and moved into the arena once, at
 * their number: grown in the arena, every smaller array before the last
 * would stay there (as much again; 2.6 MB for 10,000 cards). */
struct collector {
	struct kit_item *it;
	struct arena *arena;
	struct item_text *texts; /* owned until moved */
	size_t cap;
};

static struct item_text *add(struct collector *c, const char *owner, const char *field,
                             struct mark m)
{
	struct kit_item *it = c->it;
	XGROW(c->texts, c->cap, it->ntexts + 1);
	struct item_text *t = &c->texts[it->ntexts++];
	*t = (struct item_text){.owner = owner, .field = field, .mark = m};
	return t;
}

/* One text: a plain string counts for every language; of a map, each
 * language of the item is looked up (other keys are the reader's concern). */
static void add_text(struct collector *c, const struct node *n, const char *owner,
                     const char *field)
{
	if (!n)
		return;
	struct item_text *t = add(c, owner, field, n->mark);
	t->value = n;
	if (n->type == NODE_SCALAR) {
		t->plain = true;
		return;
	}
	if (n->type != NODE_MAP)
		return;
	size_t nl = c->it->langs.count;
	t->s = arena_alloc_array(c->arena, nl ? nl : 1, sizeof(*t->s));
	t->marks = arena_alloc_array(c->arena, nl ? nl : 1, sizeof(*t->marks));
	t->nodes = arena_alloc_array(c->arena, nl ? nl : 1, sizeof(*t->nodes));
	for (size_t i = 0; i < nl; i++) {
		const struct node *v = node_get(n, c->it->langs.codes[i]);
		t->marks[i] = v ? v->mark : n->mark;
		t->nodes[i] = v;
		if (v)
			t->s[i] = v->type != NODE_SCALAR || node_is_null(v) ? "" : v->str;
	}
}

static const char *owner_of(struct collector *c, const char *kind, const char *id)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s %s", kind, id);
	const char *s = arena_strdup(c->arena, buf_str(&b));
	buf_finish(&b);
	return s;
}

static const char *id_of(const struct node *n)
{
	const struct node *id = node_get(n, "id");
	return id && id->type == NODE_SCALAR ? id->str : "?";
}

/* The fields of every entry of a list such as cards:, owned by "card <id>". */
static void add_entries(struct collector *c, const struct node *seq, const char *kind,
                        const char *const *fields)
{
	if (!seq || seq->type != NODE_SEQ)
		return;
	for (size_t i = 0; i < seq->count; i++) {
		const char *owner = owner_of(c, kind, id_of(seq->items[i]));
		for (const char *const *f = fields; *f; f++)
			add_text(c, node_get(seq->items[i], *f), owner, *f);
	}
}

/* The fields a card's texts stand under: title, text and the deck's own
 * translated fields (fields: NAME: text, or {kind: text}), with those its
 * template declares once the deck is read. */
static const char *const *card_text_fields(struct collector *c, const struct node *root)
{
	const struct node *fields = node_get(root, "fields");
	const struct deck *deck = c->it->as.deck;
	size_t n = fields && fields->type == NODE_MAP ? fields->count : 0;
	const char **names =
	        arena_alloc_array(c->arena, (deck ? deck->nfields : n) + 3, sizeof(*names));
	size_t k = 0;
	names[k++] = "title";
	names[k++] = "text";
	for (size_t i = 0; deck && i < deck->nfields; i++)
		if (deck->fields[i].kind == DFIELD_TEXT)
			names[k++] = deck->fields[i].name;
	for (size_t i = 0; !deck && i < n; i++) {
		const struct node *v = fields->pairs[i].value;
		const struct node *kind = v->type == NODE_MAP ? node_get(v, "kind") : v;
		if (kind && kind->type == NODE_SCALAR && strcmp(kind->str, "text") == 0)
			names[k++] = fields->pairs[i].key->str;
	}
	names[k] = NULL;
	return names;
}

static void collect_deck(struct collector *c, const struct node *root)
{
	const char *const *card_fields = card_text_fields(c, root);
	static const char *const category_fields[] = {"name", NULL};
	add_text(c, node_get(root, "title"), "deck", "title");
	add_text(c, node_get(root, "subject"), "deck", "subject");
	add_text(c, node_get(node_get(root, "back"), "text"), "back", "text");
	add_entries(c, node_get(root, "categories"), "category", category_fields);
	const struct node *types = node_get(root, "types");
	for (size_t i = 0; types && types->type == NODE_MAP && i < types->count; i++) {
		const char *owner = owner_of(c, "type", types->pairs[i].key->str);
		add_text(c, node_get(types->pairs[i].value, "label"), owner, "label");
		add_text(c, node_get(types->pairs[i].value, "prompt"), owner, "prompt");
	}
	add_entries(c, node_get(root, "special"), "card", card_fields);
	/* cards from a CSV file are read by the deck, which keeps its rows */
	const struct deck *deck = c->it->as.deck;
	add_entries(c, deck && deck->csv_rows ? deck->csv_rows : node_get(root, "cards"), "card",
	            card_fields);
	/* what the catalogue says of the deck (boards and documents have their
	 * about: texts collected with the rest of their language maps) */
	const struct node *about = node_get(root, "about");
	add_text(c, node_get(about, "theme"), "about", "theme");
	add_text(c, node_get(about, "purpose"), "about", "purpose");
	add_text(c, node_get(about, "description"), "about", "description");
	const struct node *materials = node_get(about, "materials");
	for (size_t i = 0; materials && materials->type == NODE_SEQ && i < materials->count; i++)
		add_text(c, materials->items[i], "about", "material");
}

/* kit.yaml: the title and each glossary entry's term */
static void collect_kit(struct collector *c, const struct node *root)
{
	add_text(c, node_get(root, "title"), "kit", "title");
	const struct node *g = node_get(root, "glossary");
	for (size_t i = 0; g && g->type == NODE_SEQ && i < g->count; i++)
		add_text(c, g->items[i], "glossary", "term");
}

static void collect_map(const struct node *map, const char *owner, const char *key, void *ctx)
{
	add_text(ctx, map, owner, key);
}

void item_collect_texts(struct kit_item *it, const struct node *root, struct arena *arena)
{
	struct collector c = {.it = it, .arena = arena};
	it->texts = NULL;
	it->ntexts = 0;
	if (!root)
		return;
	if (it->kind == KIND_DECK)
		collect_deck(&c, root);
	else if (it->kind == KIND_KIT)
		collect_kit(&c, root);
	else if (it->kind == KIND_BOARD || it->kind == KIND_DOCUMENT)
		ltext_walk(root, &it->langs, collect_map, &c);
	if (it->ntexts) {
		it->texts = arena_alloc_array(arena, it->ntexts, sizeof(*it->texts));
		memcpy(it->texts, c.texts, it->ntexts * sizeof(*it->texts));
	}
	free(c.texts);
}
