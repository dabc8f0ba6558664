/* Kit items: every YAML file of a kit, parsed once and known by its kind
 * and id, with the typed model it was read into and an inventory of its
 * human texts. The kit (model/kit.c) makes and owns them; the summary, the
 * proofs and the translation checks read them instead of the YAML. */
#ifndef DECKPRESS_MODEL_ITEM_H
#define DECKPRESS_MODEL_ITEM_H

#include <stdbool.h>
#include <stddef.h>

#include "load/yml.h"
#include "model/i18n.h"
#include "util/mem.h"

struct board;
struct brand;
struct deck;
struct document;

/* The kinds of file a kit holds, as 'kind:' names them. Kinds that later
 * issues add go before KIND_NONE. */
enum kit_item_kind {
	KIND_KIT,
	KIND_DECK,
	KIND_TEMPLATE,
	KIND_PROFILE,
	KIND_BOARD,
	KIND_DOCUMENT,
	KIND_BRAND,
	KIND_NONE, /* a file whose 'kind:' is missing or not one of these */
};

/* "kit", "deck", ... indexed by enum kit_item_kind; NULL at KIND_NONE. */
extern const char *const item_kind_names[KIND_NONE + 1];

/* One human text of an item, as written: for the translation summary, the
 * proof and the translation checks. Tolerant of errors, so that it exists
 * for an item that does not read. */
struct item_text {
	const char *owner; /* "card T01", "script": the nearest id above it; "" when none */
	const char *field; /* "text", "title": the key it stands under */
	bool plain;        /* one string for every language */
	/* per language of the item, as written ("=" too): NULL where the
	 * language is missing, "" where it is empty; NULL (the array) when the
	 * value is neither a text nor a language map */
	const char **s;
	struct mark *marks; /* where each language's text is; NULL with s */
	struct mark mark;   /* where the value starts */
	/* the value as written (a text or a language map), and per language
	 * the text node (NULL where missing; the array NULL with s), for
	 * writing a translation back in place; borrowed from the kit's
	 * documents */
	const struct node *value;
	const struct node **nodes;
};

struct kit_item {
	enum kit_item_kind kind;
	const char *id;     /* as written; NULL when missing or not a scalar */
	struct mark mark;   /* of its id, else of the file */
	const char *path;   /* the file; borrowed from the kit */
	bool asked;         /* the file asked for, or every file when none was */
	bool needed;        /* read into a model: asked for, or used by one that is */
	struct langs langs; /* what its texts are indexed by: its own or the kit's */
	/* the languages built and the drafts: the kit's, or a deck's with its
	 * own `draft:` too; borrowed from the kit */
	const struct lang_plan *plan;
	struct item_text *texts; /* decks, boards and documents that are asked for */
	size_t ntexts;
	/* the model it was read into, by kind; NULL when it was not read or
	 * could not be. Owned by the kit. */
	union {
		struct deck *deck;
		struct board *board;
		struct document *document;
		const struct brand *brand;
	} as;
};

/* Whether items of this kind write files named by their id
 * (out/<kit>/<id>.<lang>.print.pdf ...), so that two of them may not share
 * an id. */
bool item_kind_has_outputs(enum kit_item_kind kind);

/* The title of a board or document item read into its model, in language
 * lang; its id when it has none there. Borrowed from the model. */
const char *item_get_title(const struct kit_item *it, const char *lang);

/* Fills it->texts from root, indexed by it->langs: for a deck its titles,
 * names, labels, prompts and card texts; for a board or document every
 * language map (a mapping whose keys are all languages of it->langs, with
 * text values), named by the nearest id above it and its key. Reports
 * nothing: the readers do. Everything lives in arena; strings are borrowed
 * from root's document. */
void item_collect_texts(struct kit_item *it, const struct node *root, struct arena *arena);

#endif
