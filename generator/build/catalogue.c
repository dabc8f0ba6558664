/* The catalogue of a kit (docs/catalogue.md): --format catalogue writes
 *   out/<kit>/<kit>.<lang>.catalogue.pdf
 * an A4 document of the kit's tools: a cover in the brand with the
 * contents, then one section a theme and in it one per tool, with what its
 * 'about:' says (model/about.h) and a picture of the tool itself: cards of
 * a deck, the board, the first page of a document.
 *
 * It is a document like the others, made the same way: the catalogue is
 * written as the YAML of a document (one language each), read by
 * model/document and laid out by layout/doc, so it has the documents'
 * brand, bookmarks, footers and page numbers. Cards are the documents'
 * card thumbnails; a board or a document is an image block naming the
 * tool's own YAML file, whose image operation is then replaced by the
 * tool's own display list (board_compose, layout_document), scaled: the
 * same drawing as its print PDF. Laid out twice: the contents' page
 * numbers come from the first layout's bookmarks. */
#include "build/item.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/board.h"
#include "layout/board_scene.h"
#include "layout/doc.h"
#include "model/about.h"
#include "model/board.h"
#include "model/document.h"
#include "output/sink.h"
#include "typeset/markup.h"
#include "util/buf.h"
#include "util/mem.h"

/* The program's texts the catalogue prints, required of each language. */
static const enum phrase_key cat_phrases[] = {
        PHRASE_CATALOGUE_TITLE,    PHRASE_CATALOGUE_CONTENTS, PHRASE_CATALOGUE_DURATION,
        PHRASE_CATALOGUE_GROUP,    PHRASE_CATALOGUE_LEVEL,    PHRASE_CATALOGUE_CARDS,
        PHRASE_ABOUT_DURATION,     PHRASE_ABOUT_GROUP,        PHRASE_ABOUT_MATERIALS,
        PHRASE_ABOUT_INTRODUCTION, PHRASE_ABOUT_INTERMEDIATE, PHRASE_ABOUT_ADVANCED,
        PHRASE_ABOUT_OTHER,        PHRASE_DOCUMENT_PAGE,
};

/* A tool's picture: a display list of its own, trim_w × trim_h. */
struct thumb {
	const char *file;       /* the tool's YAML file name, as the image block names it */
	struct dlist board;     /* a board's; trim 0 when none */
	struct doc_layout *doc; /* a document's, for its first page; may be NULL */
};

/* The catalogue in one language. */
struct cat_job {
	const char *lang;
	struct yml_doc *yml;       /* the generated YAML, which the model borrows from */
	struct document *doc;      /* owned */
	struct doc_layout *layout; /* owned */
	struct thumb *thumbs;      /* owned */
	size_t nthumbs;
};

struct cat_jobs {
	struct cat_job *jobs; /* owned */
	size_t njobs;
};

/* ---- the YAML of the catalogue ---- */

static void put_str(struct buf *y, const char *s)
{
	buf_put_json_string(y, s); /* a JSON string is a YAML double-quoted scalar */
}

static void put_phrase(struct buf *y, const struct kit *kit, const char *lang, enum phrase_key p,
                       const char *name, const char *value)
{
	struct buf t;
	buf_init(&t);
	struct phrase_arg arg = {name, value};
	phrasebook_format(kit->phrases, lang, p, &arg, name ? 1 : 0, &t);
	put_str(y, buf_str(&t));
	buf_finish(&t);
}

/* One row of a facts box: the label label, the text p filled with name. */
static void put_row(struct buf *y, const struct kit *kit, const char *lang, enum phrase_key label,
                    enum phrase_key p, const char *name, const char *value)
{
	buf_puts(y, "      - {label: ");
	put_phrase(y, kit, lang, label, NULL, NULL);
	buf_puts(y, ", text: ");
	put_phrase(y, kit, lang, p, name, value);
	buf_puts(y, "}\n");
}

/* The facts box of a tool: duration, group size, level, materials. */
static void put_facts(struct buf *y, const struct kit *kit, const struct about *a, const char *lang,
                      size_t l)
{
	static const enum phrase_key levels[] = {PHRASE_ABOUT_INTRODUCTION,
	                                         PHRASE_ABOUT_INTERMEDIATE, PHRASE_ABOUT_ADVANCED};
	if (!a->minutes.min && !a->group.min && !a->level && !a->nmaterials)
		return;
	struct buf n;
	buf_init(&n);
	buf_puts(y, "  - type: facts\n    rows:\n");
	if (a->minutes.min) {
		about_format_range(&a->minutes, &n);
		put_row(y, kit, lang, PHRASE_CATALOGUE_DURATION, PHRASE_ABOUT_DURATION, "minutes",
		        buf_str(&n));
	}
	if (a->group.min) {
		buf_clear(&n);
		about_format_range(&a->group, &n);
		put_row(y, kit, lang, PHRASE_CATALOGUE_GROUP, PHRASE_ABOUT_GROUP, "people",
		        buf_str(&n));
	}
	if (a->level)
		put_row(y, kit, lang, PHRASE_CATALOGUE_LEVEL,
		        levels[a->level - ABOUT_LEVEL_INTRODUCTION], NULL, NULL);
	if (a->nmaterials) {
		buf_puts(y, "      - label: ");
		put_phrase(y, kit, lang, PHRASE_ABOUT_MATERIALS, NULL, NULL);
		buf_puts(y, "\n        text:\n");
		for (size_t i = 0; i < a->nmaterials; i++) {
			buf_puts(y, "          - ");
			put_str(y, ltext_get(&a->materials[i], l));
			buf_putc(y, '\n');
		}
	}
	buf_finish(&n);
}

/* Appends to out, once each, "{card:DECK/ID}" for every card text t
 * refers to. */
static void text_refs(const struct kit *kit, const char *t, struct buf *out)
{
	for (const char *p = t; (p = strstr(p, "{card:")); p++) {
		const char *id = p + 6, *end = strchr(id, '}');
		if (!end)
			return;
		const struct deck *deck;
		char *why;
		const struct card *c =
		        doc_find_card(kit->decks, kit->ndecks, id, (size_t)(end - id), &deck, &why);
		free(why);
		if (!c)
			continue;
		struct buf ref;
		buf_init(&ref);
		buf_printf(&ref, "{card:%s/%s}", deck->id, c->id);
		if (!strstr(buf_str(out), buf_str(&ref)))
			buf_printf(out, "%s%s", out->len ? ", " : "", buf_str(&ref));
		buf_finish(&ref);
	}
}

/* Appends to out, once each, "{card:DECK/ID}" for every card doc lists in
 * a cards block or names in a text of language l, in the order they come. */
static void script_refs(const struct kit *kit, const struct document *doc, size_t l,
                        struct buf *out)
{
	struct buf t;
	buf_init(&t);
	for (size_t b = 0; b < doc->nblocks; b++) {
		const struct doc_block *bl = &doc->blocks[b];
		buf_clear(&t);
		for (size_t k = 0; bl->type == BLOCK_CARDS && k < bl->ncards; k++)
			buf_printf(&t, "{card:%s/%s}", bl->deck->id, bl->cards[k]->id);
		buf_puts(&t, ltext_get(&bl->text, l));
		for (size_t k = 0; k < bl->nitems; k++)
			buf_puts(&t, ltext_get(&bl->items[k], l));
		for (size_t k = 0; bl->cells && k < bl->nrows * bl->ncolumns; k++)
			for (size_t i = 0; i < bl->cells[k].count; i++)
				buf_puts(&t, ltext_get(&bl->cells[k].items[i], l));
		text_refs(kit, buf_str(&t), out);
	}
	buf_finish(&t);
}

/* Whether a document of the catalogue in lang refers to card c of deck d. */
static bool used_by_scripts(const struct kit *kit, const struct deck *d, const struct card *c,
                            const char *lang)
{
	struct buf want, refs;
	buf_init(&want);
	buf_init(&refs);
	buf_printf(&want, "{card:%s/%s}", d->id, c->id);
	bool used = false;
	for (size_t i = 0; i < kit->nitems && !used; i++) {
		const struct kit_item *it = &kit->items[i];
		int l = about_find_lang(it, lang);
		if (it->kind != KIND_DOCUMENT || l < 0)
			continue;
		buf_clear(&refs);
		script_refs(kit, it->as.document, (size_t)l, &refs);
		used = strstr(buf_str(&refs), buf_str(&want)) != NULL;
	}
	buf_finish(&want);
	buf_finish(&refs);
	return used;
}

/* The picture of a tool: cards of a deck (the first of each category,
 * the next ones up to four, and every card a script lists, so that the
 * scripts' sections link to them), or an image block that names the
 * tool's file, replaced after layout. */
static void put_picture(struct buf *y, const struct kit *kit, const struct kit_item *it,
                        const char *lang)
{
	if (it->kind != KIND_DECK) {
		const char *slash = strrchr(it->path, '/');
		buf_printf(y, "  - {type: image, height: %s, src: ",
		           it->kind == KIND_BOARD ? "95mm" : "100mm");
		put_str(y, slash ? slash + 1 : it->path);
		buf_puts(y, "}\n");
		return;
	}
	const struct deck *d = it->as.deck;
	bool *pick = xcalloc(d->ncards + 1, sizeof(*pick));
	size_t n = 0;
	for (size_t c = 0; c < d->ncategories && n < 4; c++)
		for (size_t i = 0; i < d->ncards; i++)
			if (d->cards[i].category == &d->categories[c]) {
				n += !pick[i];
				pick[i] = true;
				break;
			}
	for (size_t i = 0; i < d->ncards; i++) {
		bool more = (n < 4 && !d->cards[i].special) ||
		            used_by_scripts(kit, d, &d->cards[i], lang);
		n += more && !pick[i];
		pick[i] |= more;
	}
	buf_printf(y, "  - {type: cards, show: thumbnails, per-row: 4, deck: \"%s\", cards: [",
	           d->id);
	const char *sep = "";
	for (size_t i = 0; i < d->ncards; i++) {
		if (!pick[i])
			continue;
		buf_printf(y, "%s\"%s\"", sep, d->cards[i].id);
		sep = ", ";
	}
	buf_puts(y, "]}\n");
	free(pick);
}

/* The cards a script lists or names, each a link to its picture in its
 * deck's section. */
static void put_card_refs(struct buf *y, const struct kit *kit, const struct document *doc,
                          const char *lang, size_t l)
{
	struct buf t;
	buf_init(&t);
	script_refs(kit, doc, l, &t);
	if (t.len) {
		struct buf label;
		buf_init(&label);
		phrasebook_format(kit->phrases, lang, PHRASE_CATALOGUE_CARDS, NULL, 0, &label);
		buf_printf(&label, ": %s", buf_str(&t));
		buf_puts(y, "  - {type: paragraph, style: small, text: ");
		put_str(y, buf_str(&label));
		buf_puts(y, "}\n");
		buf_finish(&label);
	}
	buf_finish(&t);
}

static void put_tool(struct buf *y, const struct kit *kit, const struct kit_item *it,
                     const char *lang)
{
	size_t l = (size_t)about_find_lang(it, lang);
	const struct about *a = about_get(it);
	buf_puts(y, "  - {type: heading, level: 2, text: ");
	put_str(y, about_get_title(it, l));
	buf_puts(y, "}\n");
	if (ltext_is_set(&a->purpose)) {
		buf_puts(y, "  - {type: paragraph, style: lead, text: ");
		put_str(y, ltext_get(&a->purpose, l));
		buf_puts(y, "}\n");
	}
	put_facts(y, kit, a, lang, l);
	if (ltext_is_set(&a->description)) {
		buf_puts(y, "  - {type: paragraph, text: ");
		put_str(y, ltext_get(&a->description, l));
		buf_puts(y, "}\n");
	}
	if (it->kind == KIND_DOCUMENT)
		put_card_refs(y, kit, it->as.document, lang, l);
	put_picture(y, kit, it, lang);
}

/* The cover: the title on a band in the brand's colour, the contents (with the page of each tool,
 * from pages; 0 on the first layout), and a page break. */
static void put_cover(struct buf *y, const struct kit *kit, const char *lang,
                      const struct kit_item *const *tools, size_t n, const size_t *pages)
{
	buf_puts(y, "  - {type: title, cover: true}\n  - {type: heading, text: ");
	put_phrase(y, kit, lang, PHRASE_CATALOGUE_CONTENTS, NULL, NULL);
	buf_puts(y, "}\n  - type: table\n    header: false\n    columns: [{weight: 1}, {width: "
	            "16mm}]\n    rows:\n");
	for (size_t i = 0; i < n; i++) {
		buf_puts(y, "      - [");
		put_str(y, about_get_title(tools[i], (size_t)about_find_lang(tools[i], lang)));
		buf_printf(y, ", \"%zu\"]\n", pages ? pages[i] : 0);
	}
	buf_puts(y, "  - {type: page-break, empty-ok: true}\n");
}

/* The whole document of lang; pages as put_cover(). */
static void write_yaml(struct buf *y, const struct kit *kit, const char *lang,
                       const struct kit_item *const *tools, size_t n, const size_t *pages)
{
	int kl = langs_find(&kit->langs, lang);
	const char *title = kl >= 0 && ltext_is_set(&kit->title)
	                            ? ltext_get(&kit->title, (size_t)kl)
	                            : kit->name;
	buf_printf(y,
	           "kind: document\nid: \"%s-catalogue\"\nlanguages: [\"%s\"]\ntitle: ", kit->name,
	           lang);
	put_str(y, title);
	buf_puts(y, "\nsubtitle: ");
	put_phrase(y, kit, lang, PHRASE_CATALOGUE_TITLE, NULL, NULL);
	buf_puts(y, "\npage: {size: a4, margins: {top: 22mm, bottom: 20mm, left: 18mm, right: "
	            "18mm}}\nheader:\n  text: ");
	put_str(y, title);
	const char *logo = kit->brand ? kit->brand->logo : NULL;
	size_t dl = strlen(kit->dir);
	if (logo && !(strncmp(logo, kit->dir, dl) == 0 && logo[dl] == '/'))
		logo = NULL; /* only the kit's own: the document's paths are relative to it */
	const struct brand_color *bg = brand_find_color(kit->brand, NULL, "text");
	if (logo) { /* on the brand's dark colour: logos are drawn for it */
		buf_puts(y, "\n  logo: ");
		put_str(y, logo + dl + 1);
		if (bg)
			buf_printf(y, "\n  logo-background: \"#%02x%02x%02x\"",
			           (int)lround(bg->color.r * 255), (int)lround(bg->color.g * 255),
			           (int)lround(bg->color.b * 255));
	}
	/* the page number in the language's words, else in English (as the
	 * catalogue's other texts): a document of the user's would need its own */
	const char *page = phrasebook_get_program(kit->phrases, lang, PHRASE_DOCUMENT_PAGE);
	if (page) {
		buf_puts(y, "\nfooter:\n  page: ");
		put_str(y, page);
	}
	buf_puts(y, "\nblocks:\n");
	put_cover(y, kit, lang, tools, n, pages);
	const char *last = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *theme = about_get_theme(tools[i], lang);
		if (!last || strcmp(theme, last) != 0) {
			buf_puts(y, "  - {type: heading, level: 1, text: ");
			if (*theme)
				put_str(y, theme);
			else
				put_phrase(y, kit, lang, PHRASE_ABOUT_OTHER, NULL, NULL);
			buf_puts(y, "}\n");
			last = theme;
		}
		put_tool(y, kit, tools[i], lang);
	}
}

/* ---- reading and laying it out ---- */

/* Copies the errors d found into the run's diag; the catalogue is
 * generated, so anything it reports is the kit's texts (a glyph, a word too
 * wide). Its warnings are not: they repeat, for the cards and pages it
 * shows, what the tools' own builds say (a text set small), once for each
 * of the two layouts. */
static void report_into(const struct item_ctx *ctx, struct diag *d)
{
	for (size_t i = 0; i < d->len; i++) {
		const struct diag_entry *e = &d->entries[i];
		if (e->severity == SEV_ERROR)
			diag_error(ctx->diag, e->mark, "catalogue: %s", e->message);
	}
}

/* Reads y as the catalogue document and lays it out; false (reported)
 * when it does not read or lay out. */
static bool read_and_lay_out(const struct item_ctx *ctx, struct cat_job *j, const struct buf *y)
{
	const struct kit *kit = ctx->kit;
	struct diag d;
	diag_init(&d);
	struct buf name;
	buf_init(&name);
	buf_printf(&name, "%s/%s.%s.catalogue", kit->dir, kit->name, j->lang);
	struct doc_env env = {
	        .kit_langs = &kit->langs,
	        .kit_title = ltext_is_set(&kit->title) ? &kit->title : NULL,
	        .kit_author = kit->author,
	        .brand = kit->brand,
	        .decks = kit->decks,
	        .ndecks = kit->ndecks,
	        .phrases = kit->phrases,
	};
	bool ok =
	        yml_load_buffer(&j->yml, buf_str(&name), y->data, y->len, &d) &&
	        document_read(&j->doc, j->yml->root, &env, &d) &&
	        layout_document(&j->layout, j->doc, 0, fonts_get_context(ctx->fonts), ctx->hy, &d);
	report_into(ctx, &d);
	diag_finish(&d);
	buf_finish(&name);
	return ok;
}

/* The page of each tool's heading, from the outline (level 2, in order). */
static void tool_pages(const struct doc_layout *L, size_t *pages, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < L->noutline && k < n; i++)
		if (L->outline[i].level == 2)
			pages[k++] = L->outline[i].page + 1;
}

static void drop_layout(struct cat_job *j)
{
	doc_layout_destroy(j->layout);
	document_destroy(j->doc);
	yml_doc_destroy(j->yml);
	j->layout = NULL;
	j->doc = NULL;
	j->yml = NULL;
}

/* ---- the pictures of boards and documents ---- */

/* Lays out the picture of a board or document in lang, quietly: the tool's
 * own kind reports its problems. */
static void make_thumb(const struct item_ctx *ctx, struct thumb *t, const struct kit_item *it,
                       const char *lang)
{
	const char *slash = strrchr(it->path, '/');
	t->file = slash ? slash + 1 : it->path;
	struct diag quiet;
	diag_init(&quiet);
	PangoContext *pc = fonts_get_context(ctx->fonts);
	size_t l = (size_t)about_find_lang(it, lang);
	if (it->kind == KIND_BOARD) {
		struct board_layout bl;
		if (board_layout(&bl, it->as.board, &quiet)) {
			board_compose(&t->board, it->as.board, &bl, l, pc, &quiet);
			board_layout_finish(&bl);
		}
	} else if (it->kind == KIND_DOCUMENT) {
		layout_document(&t->doc, it->as.document, l, pc, ctx->hy, &quiet);
	}
	diag_finish(&quiet);
}

static const struct dlist *thumb_dlist(const struct thumb *t)
{
	if (t->doc && t->doc->npages)
		return &t->doc->dlists[0];
	return t->board.trim_w > 0 ? &t->board : NULL;
}

/* The image operation of the image block naming file: its base name. */
static const struct thumb *thumb_for(const struct cat_job *j, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	for (size_t i = 0; i < j->nthumbs; i++)
		if (strcmp(j->thumbs[i].file, base) == 0)
			return &j->thumbs[i];
	return NULL;
}

/* Replaces, on every page, the image operation of each board's and
 * document's block by the tool's own display list scaled into its box,
 * centred, with a hairline frame. */
static void place_thumbs(struct cat_job *j)
{
	struct doc_layout *L = j->layout;
	for (size_t p = 0; p < L->npages; p++) {
		struct dlist *page = &L->dlists[p];
		struct dlist out;
		dlist_init(&out, page->trim_w, page->trim_h, page->bleed);
		for (size_t i = 0; i < page->count; i++) {
			const struct dl_op *op = &page->ops[i];
			const struct thumb *t =
			        op->kind == DL_IMAGE ? thumb_for(j, op->u.image.path) : NULL;
			const struct dlist *src = t ? thumb_dlist(t) : NULL;
			if (!t) {
				struct dlist one = {.ops = (struct dl_op *)op, .count = 1};
				dlist_append(&out, &one);
				continue;
			}
			if (!src)
				continue;
			struct box b = op->u.image.box;
			double k = fmin(b.w / src->trim_w, b.h / src->trim_h);
			double w = src->trim_w * k, h = src->trim_h * k;
			double x = b.x + (b.w - w) / 2, y = b.y + (b.h - h) / 2;
			struct dl_group *g = dlist_add_group(&out);
			*g = (struct dl_group){.transform = true,
			                       .clip = true,
			                       .tx = x,
			                       .ty = y,
			                       .sx = k,
			                       .sy = k,
			                       .clip_box = {0, 0, src->trim_w, src->trim_h}};
			dlist_append(&out, src);
			dlist_add_end(&out);
			struct dl_path *frame = dlist_add_path(&out, DL_NEW_PATH_BEFORE);
			dl_path_rect(frame, (struct box){x, y, w, h}, 0);
			dl_path_set_stroke(frame, (struct color){0.6, 0.6, 0.6}, 0.5);
		}
		dlist_finish(page);
		*page = out;
	}
}

/* ---- the kind ---- */

static bool prepare_lang(const struct item_ctx *ctx, struct cat_job *j)
{
	const struct kit *kit = ctx->kit;
	size_t n;
	const struct kit_item **tools = about_list_tools(kit, j->lang, &n);
	size_t *pages = xcalloc(n + 1, sizeof(*pages));
	struct buf y;
	buf_init(&y);
	write_yaml(&y, kit, j->lang, tools, n, NULL);
	bool ok = read_and_lay_out(ctx, j, &y);
	if (ok) { /* again, with the contents' page numbers */
		tool_pages(j->layout, pages, n);
		drop_layout(j);
		buf_clear(&y);
		write_yaml(&y, kit, j->lang, tools, n, pages);
		ok = read_and_lay_out(ctx, j, &y);
	}
	j->thumbs = xcalloc(n + 1, sizeof(*j->thumbs));
	for (size_t i = 0; ok && i < n; i++)
		if (tools[i]->kind != KIND_DECK)
			make_thumb(ctx, &j->thumbs[j->nthumbs++], tools[i], j->lang);
	if (ok)
		place_thumbs(j);
	buf_finish(&y);
	free(pages);
	free(tools);
	return ok;
}

/* The markup of each language of t, a text of the tool it's about. */
static void check_text(const struct item_ctx *ctx, const struct kit_item *it, const struct ltext *t)
{
	for (size_t l = 0; l < t->count; l++) {
		struct rich r;
		rich_init(&r);
		const char *err;
		size_t off;
		if (!markup_parse(&r, ltext_get(t, l), 0, &err, &off))
			diag_error(ctx->diag, ltext_get_mark(t, l), "%s (in '%s')", err,
			           l < it->langs.count ? it->langs.codes[l] : "?");
		rich_finish(&r);
	}
}

/* The markup of every text of the tools' 'about:', checked whatever the
 * run makes (check too), since only the catalogue and the web edition set
 * them. */
static void check_markup(const struct item_ctx *ctx)
{
	const struct kit *kit = ctx->kit;
	for (size_t i = 0; i < kit->nitems; i++) {
		const struct kit_item *it = &kit->items[i];
		const struct about *a = about_get(it);
		if (!a || !a->present || !it->asked)
			continue;
		check_text(ctx, it, &a->theme);
		check_text(ctx, it, &a->purpose);
		check_text(ctx, it, &a->description);
		for (size_t k = 0; k < a->nmaterials; k++)
			check_text(ctx, it, &a->materials[k]);
	}
}

static void *cat_prepare(const struct item_ctx *ctx)
{
	size_t errors = diag_get_error_count(ctx->diag);
	check_markup(ctx);
	if (!(ctx->formats & FORMAT_CATALOGUE) || diag_get_error_count(ctx->diag) > errors)
		return NULL; /* not asked for, or the same errors again */
	const struct kit *kit = ctx->kit;
	const struct langs *ls = &kit->langs;
	struct cat_jobs *cj = xcalloc(1, sizeof(*cj));
	cj->jobs = xcalloc(ls->count + 1, sizeof(*cj->jobs));
	struct mark at = {.file = kit->dir};
	for (size_t i = 0; i < kit->nitems; i++)
		if (kit->items[i].asked && item_kind_has_outputs(kit->items[i].kind)) {
			at = kit->items[i].mark;
			break;
		}
	if (!ls->count)
		diag_error(ctx->diag, at, "the catalogue needs the kit's languages; add kit.yaml");
	for (size_t l = 0; l < ls->count; l++) {
		if (!item_wants_lang(ctx->opt, ls->codes[l]))
			continue;
		if (!phrasebook_require_program(kit->phrases, ls->codes[l], cat_phrases,
		                                sizeof(cat_phrases) / sizeof(cat_phrases[0]), at,
		                                ctx->diag))
			continue;
		struct cat_job *j = &cj->jobs[cj->njobs++];
		j->lang = ls->codes[l];
		prepare_lang(ctx, j);
	}
	return cj;
}

static void cat_path(struct buf *p, const struct item_ctx *ctx, const char *lang)
{
	item_path(p, ctx, ctx->kit->name, lang, ".catalogue.pdf");
}

static void cat_outputs(const void *jobs, const struct item_ctx *ctx, struct build_outputs *out)
{
	const struct cat_jobs *cj = jobs;
	struct buf p;
	buf_init(&p);
	for (size_t i = 0; i < cj->njobs; i++) {
		cat_path(&p, ctx, cj->jobs[i].lang);
		build_outputs_add(out, FORMAT_CATALOGUE, &p);
	}
	buf_finish(&p);
}

static bool cat_proof(const void *jobs, const struct item_ctx *ctx)
{
	(void)jobs;
	(void)ctx;
	return true;
}

static bool render_one(const struct item_ctx *ctx, const struct cat_job *j)
{
	const struct doc_layout *L = j->layout;
	char date[32];
	sink_get_date(date, sizeof(date));
	struct pdf_meta meta = {
	        .title = ltext_get(&j->doc->title, 0),
	        .author = j->doc->author,
	        .subject = ltext_get(&j->doc->subtitle, 0),
	        .keywords = j->lang,
	        .date = date,
	};
	struct buf path;
	buf_init(&path);
	cat_path(&path, ctx, j->lang);
	struct pdf_print pp = {.marks = false, .path = buf_str(&path)};
	struct sink *s = sink_pdf_create(&meta, &pp, ctx->diag);
	bool ok = s != NULL;
	char label[32];
	for (size_t p = 0; ok && p < L->npages; p++) {
		snprintf(label, sizeof(label), "%zu", p + 1);
		struct page_spec spec = {.trim_w = L->page_w,
		                         .trim_h = L->page_h,
		                         .bleed = L->bleed,
		                         .label = label};
		ok = item_draw_page(ctx, s, &L->dlists[p], &spec);
	}
	ok = item_finish_sink(ctx, s, ok);
	buf_finish(&path);
	return ok;
}

static bool cat_render(void *jobs, const struct item_ctx *ctx)
{
	const struct cat_jobs *cj = jobs;
	bool ok = true;
	for (size_t i = 0; ok && i < cj->njobs; i++)
		if (item_take_unit(ctx))
			ok = render_one(ctx, &cj->jobs[i]);
	return ok;
}

static void cat_destroy(void *jobs)
{
	struct cat_jobs *cj = jobs;
	if (!cj)
		return;
	for (size_t i = 0; i < cj->njobs; i++) {
		struct cat_job *j = &cj->jobs[i];
		for (size_t k = 0; k < j->nthumbs; k++) {
			dlist_finish(&j->thumbs[k].board);
			doc_layout_destroy(j->thumbs[k].doc);
		}
		free(j->thumbs);
		drop_layout(j);
	}
	free(cj->jobs);
	free(cj);
}

const struct item_kind catalogue_kind = {
        .kind = KIND_KIT,
        .prepare = cat_prepare,
        .outputs = cat_outputs,
        .proof = cat_proof,
        .render = cat_render,
        .destroy = cat_destroy,
};
