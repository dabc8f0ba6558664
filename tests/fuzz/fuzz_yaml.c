/* libFuzzer target: bytes as one YAML file of a kit, read into the model its
 * 'kind:' names (deck, board, document, brand, template, profile) in the
 * context of the sample kit, then linted and its texts collected. Every
 * message is formatted and thrown away. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_kit.h"
#include "model/board.h"
#include "model/document.h"
#include "model/lint.h"
#include "model/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;
static struct yml_doc *card_template; /* templates/dialogue-card.yaml */

static void destroy(void)
{
	yml_doc_destroy(card_template);
	fclose(sink);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_kit_get();
	sink = getenv("FUZZ_VERBOSE") ? fdopen(dup(2), "w") : fopen("/dev/null", "w");
	struct diag d;
	diag_init(&d);
	if (!sink || !yml_load_file(&card_template,
	                            DECKPRESS_SOURCE_DIR "/templates/dialogue-card.yaml", &d))
		abort();
	diag_finish(&d);
	atexit(destroy);
	return 0;
}

/* Decks name templates; only the sample one exists here. */
static const struct template *get_template(const char *name, struct mark m,
                                           const struct langs *langs, void *ctx)
{
	struct reader *outer = ctx;
	if (strcmp(name, "dialogue-card") != 0) {
		diag_error(outer->d, m, "unknown template '%s'", name);
		return NULL;
	}
	const struct kit *kit = fuzz_kit_get();
	struct reader r = {.d = outer->d, .arena = outer->arena, .langs = *langs};
	struct template *t;
	if (!template_read(&t, card_template->root, &r, kit->brand, fuzz_check_family, outer->d))
		return NULL;
	return t;
}

static void read_item(struct kit_item *it, const struct node *root, struct reader *r)
{
	const struct kit *kit = fuzz_kit_get();
	switch (it->kind) {
	case KIND_DECK:
		if (deck_read(&it->as.deck, root, r, &kit->langs, kit->author, kit->profile,
		              get_template, r))
			lint_deck(kit, it->as.deck, r->d);
		break;
	case KIND_BOARD: {
		struct board_env be = {.kit = kit,
		                       .check_family = fuzz_check_family,
		                       .fonts_ctx = r->d,
		                       .phrases = kit->phrases};
		board_read(&it->as.board, root, r, &be);
		break;
	}
	case KIND_DOCUMENT: {
		struct doc_env de = {.kit_langs = &kit->langs,
		                     .kit_title = &kit->title,
		                     .kit_author = kit->author,
		                     .brand = kit->brand,
		                     .decks = kit->decks,
		                     .ndecks = kit->ndecks,
		                     .check_family = fuzz_check_family,
		                     .fonts_ctx = r->d,
		                     .phrases = kit->phrases};
		document_read(&it->as.document, root, &de, r->d);
		break;
	}
	case KIND_BRAND: {
		struct brand *b = arena_alloc(r->arena, sizeof(*b));
		if (brand_read(b, root, r, true))
			it->as.brand = b;
		break;
	}
	case KIND_TEMPLATE: {
		struct template *t;
		template_read(&t, root, r, kit->brand, fuzz_check_family, r->d);
		break;
	}
	case KIND_PROFILE: {
		struct profile *p;
		profile_read(&p, root, r);
		break;
	}
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	diag_init(&d);
	struct yml_doc *doc;
	if (yml_load_buffer(&doc, FUZZ_KIT_DIR "/fuzz.yaml", (const char *)data, size, &d) &&
	    doc->root && doc->root->type == NODE_MAP) {
		const struct kit *kit = fuzz_kit_get();
		/* the shared kit's brand notes the names this input looks up,
		 * borrowed from its document: forget them with it */
		struct brand_asked *asked = kit->brand ? kit->brand->asked : NULL;
		size_t nasked = asked ? asked->count : 0;
		struct arena arena;
		arena_init(&arena);
		struct reader r = {.d = &d, .arena = &arena, .langs = kit->langs};
		struct kit_item it = {.kind = KIND_NONE, .path = doc->path, .langs = kit->langs};
		const struct node *kind = node_get(doc->root, "kind");
		for (int i = 0; kind && kind->type == NODE_SCALAR && item_kind_names[i]; i++)
			if (strcmp(kind->str, item_kind_names[i]) == 0)
				it.kind = (enum kit_item_kind)i;
		read_item(&it, doc->root, &r);
		item_collect_texts(&it, doc->root, &arena);
		if (it.kind == KIND_BOARD || it.kind == KIND_DOCUMENT)
			lint_item(kit, &it, &d);
		if (it.kind == KIND_DOCUMENT)
			document_destroy(it.as.document);
		arena_finish(&arena);
		if (asked)
			asked->count = nasked;
	}
	yml_doc_destroy(doc);
	diag_flush(&d, sink);
	diag_finish(&d);
	return 0;
}
