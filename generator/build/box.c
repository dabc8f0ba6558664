/* Tuck boxes (--format box, docs/boxes.md): for each deck and language, the
 * net of a box sized from the card and the stack (layout/box), written
 * twice: for the shop at 1:1 with bleed, its cut and fold lines in the
 * CutContour and Fold spot colours (output/spot), and for print at home on
 * the --paper sheet with the lines printed. A deck too thick for a box, or
 * whose net does not fit the paper, is an error found before anything is
 * written. */
#include "build/item.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/box.h"
#include "layout/card.h"
#include "output/spot.h"
#include "render/paint.h"
#include "util/mem.h"

#define MM PT_PER_MM
#define HOME_MARGIN (5 * MM) /* what home printers leave unprinted, as the sheets */

/* One deck's box in one language. */
struct box_job {
	const struct deck *deck;
	size_t lang;
	struct box_net net;
	struct box_paper paper;          /* the home print's, turned */
	struct face_layout back;         /* the card back the front shows */
	bool has_back;                   /* false: backs differ per card; the front has the title */
	struct box_legend_entry *legend; /* owned; one per category */
};

struct box_jobs {
	struct box_job *jobs; /* owned */
	size_t count, cap;
};

/* Every card in the box: each copy counts. */
static long stack_count(const struct deck *deck)
{
	long n = 0;
	for (size_t i = 0; i < deck->ncards; i++)
		n += deck->cards[i].count;
	return n;
}

/* The caliper: the deck's box:, else the print profile's, else that of
 * 300-350 g/m2 card. */
static double caliper_of(const struct item_ctx *ctx, const struct deck *deck)
{
	if (deck->box.caliper > 0)
		return deck->box.caliper;
	if (ctx->kit->profile->caliper > 0)
		return ctx->kit->profile->caliper;
	return PROFILE_CALIPER;
}

/* The net of deck's box, or false (reported) when it has none that is sane
 * or that fits the home print's paper. */
static bool plan(const struct item_ctx *ctx, const struct deck *deck, struct box_net *net,
                 struct box_paper *paper)
{
	double caliper = caliper_of(ctx, deck);
	long cards = stack_count(deck);
	if (box_net_plan(net, deck->trim_w, deck->trim_h, cards, caliper, deck->box.clearance) ==
	    BOX_NET_TOO_THICK) {
		diag_error(ctx->diag, deck->box.mark,
		           "deck '%s' is too thick for a tuck box: its %ld cards at %.2f mm make a "
		           "%.1f mm stack, and the box would be %.1f mm deep but its front only "
		           "%.1f x %.1f mm; split the deck, or give box: a thinner caliper",
		           deck->id, cards, caliper / MM, net->stack / MM, net->d / MM, net->w / MM,
		           net->h / MM);
		return false;
	}
	enum orientation o = ctx->opt->orientation;
	*paper = (struct box_paper){ctx->opt->paper_w, ctx->opt->paper_h, HOME_MARGIN};
	if (box_net_fit_paper(net, paper, o == ORIENT_LANDSCAPE, o != ORIENT_AUTO))
		return true;
	double a = ctx->opt->paper_w - 2 * HOME_MARGIN, b = ctx->opt->paper_h - 2 * HOME_MARGIN;
	double lo = a < b ? a : b, hi = a < b ? b : a;
	/* the paper as --orientation turns it (landscape, the roomier way for
	 * a net, when it does not say) */
	bool portrait = o == ORIENT_PORTRAIT;
	const char *turned = portrait                ? " turned portrait"
	                     : o == ORIENT_LANDSCAPE ? " turned landscape"
	                                             : "";
	struct box_paper other = {ctx->opt->paper_w, ctx->opt->paper_h, HOME_MARGIN};
	bool other_way = o != ORIENT_AUTO && box_net_fit_paper(net, &other, portrait, true);
	struct box_paper a3 = {297 * MM, 420 * MM, HOME_MARGIN};
	bool bigger = !other_way && strcmp(ctx->opt->paper_name, "a3") != 0 &&
	              box_net_fit_paper(net, &a3, false, false);
	char name[16], hint[96] = "";
	snprintf(name, sizeof(name), "%s", ctx->opt->paper_name);
	name[0] = (char)toupper((unsigned char)name[0]);
	if (other_way)
		snprintf(hint, sizeof(hint),
		         "; it fits turned the other way: leave out --orientation");
	else if (bigger)
		snprintf(hint, sizeof(hint), "; build it with --paper a3");
	diag_error(ctx->diag, deck->box.mark,
	           "the tuck box of deck '%s' does not fit on %s paper%s: its net is %.1f x %.1f "
	           "mm (cards %.1f x %.1f mm, a %.1f mm stack of %ld card%s), and %s paper%s "
	           "holds %.1f x %.1f mm inside %.0f mm margins%s",
	           deck->id, name, turned, net->width / MM, net->height / MM, deck->trim_w / MM,
	           deck->trim_h / MM, net->stack / MM, cards, cards == 1 ? "" : "s", name, turned,
	           (portrait ? lo : hi) / MM, (portrait ? hi : lo) / MM, HOME_MARGIN / MM, hint);
	return false;
}

/* The card whose back the box's front shows: the first special card, whose
 * back is the deck's own (no category's colour), else the first card of a
 * category; *next is the next card of the same kind, or NULL. */
static const struct card *front_card(const struct deck *deck, const struct card **next)
{
	const struct card *c = NULL;
	for (size_t i = 0; i < deck->ncards && !c; i++)
		if (deck->cards[i].special)
			c = &deck->cards[i];
	for (size_t i = 0; i < deck->ncards && !c; i++)
		if (deck->cards[i].category)
			c = &deck->cards[i];
	c = c ? c : &deck->cards[0];
	*next = NULL;
	for (const struct card *k = c + 1; k < deck->cards + deck->ncards && !*next; k++)
		if (k->category == c->category && k->special == c->special)
			*next = k;
	return c;
}

/* A card of c's kind with none of c's own: another id, number and level,
 * no title, text, field values or images. Its back is c's when c's back
 * shows nothing of c (the deck's own back). Free with probe_finish(). */
static struct card probe_card(const struct deck *deck, const struct card *c)
{
	struct card p = *c;
	p.id = c->id && strcmp(c->id, "x") == 0 ? "y" : "x";
	p.title = (struct ltext){0};
	p.text = (struct ltext){0};
	p.level = c->level ? 0 : 1;
	p.index = c->index + 1;
	p.cat_index = c->cat_index + 1;
	p.number = c->number + 1;
	p.values = xcalloc(deck->nfields ? deck->nfields : 1, sizeof(*p.values));
	p.images = xcalloc(deck->nimage_elems ? deck->nimage_elems : 1, sizeof(*p.images));
	return p;
}

static void probe_finish(struct card *p)
{
	free(p->values);
	free((void *)p->images);
}

/* Whether two faces draw the same. */
static bool same_face(const struct dlist *a, const struct dlist *b)
{
	struct buf da, db;
	buf_init(&da);
	buf_init(&db);
	dlist_dump(a, &da);
	dlist_dump(b, &db);
	bool same = da.len == db.len && memcmp(buf_str(&da), buf_str(&db), da.len) == 0;
	buf_finish(&da);
	buf_finish(&db);
	return same;
}

/* The back the front shows; none (has_back false) when backs differ from
 * card to card (a quiz's answers, a card's id), which the box must not
 * give away or get wrong. */
static void layout_back(const struct item_ctx *ctx, struct box_job *j)
{
	const struct deck *deck = j->deck;
	PangoContext *pango = fonts_get_context(ctx->fonts);
	const struct card *next;
	const struct card *c = front_card(deck, &next);
	/* the deck kind reports what is wrong with the backs; not again here */
	struct diag quiet;
	diag_init(&quiet);
	struct deck_fit fit; /* the sizes the deck's own build sets its backs at */
	deck_fit_init(&fit, deck, j->lang, pango, ctx->hy, &quiet);
	layout_card_face(&j->back, deck, c, FACE_BACK, j->lang, pango, ctx->hy, &fit, &quiet);
	/* the next card of its kind, or (the only one of its kind: a deck's
	 * one special card) a card with nothing of its own */
	struct card probe = probe_card(deck, c);
	struct face_layout other;
	layout_card_face(&other, deck, next ? next : &probe, FACE_BACK, j->lang, pango, ctx->hy,
	                 &fit, &quiet);
	j->has_back = same_face(&j->back.dlist, &other.dlist);
	face_layout_finish(&other);
	probe_finish(&probe);
	deck_fit_finish(&fit);
	diag_finish(&quiet);
}

static void layout_job(const struct item_ctx *ctx, struct box_job *j)
{
	const struct deck *deck = j->deck;
	layout_back(ctx, j);
	j->legend = xcalloc(deck->ncategories ? deck->ncategories : 1, sizeof(*j->legend));
	for (size_t i = 0; i < deck->ncategories; i++)
		j->legend[i] = (struct box_legend_entry){
		        ltext_get(&deck->categories[i].name, j->lang), deck->categories[i].color};
}

static void *boxes_prepare(const struct item_ctx *ctx)
{
	const struct kit *kit = ctx->kit;
	if (!(ctx->formats & FORMAT_BOX) || kit->ndecks == 0)
		return NULL;
	struct box_jobs *bj = xcalloc(1, sizeof(*bj));
	size_t nkeys;
	const enum phrase_key *keys = box_net_get_phrases(&nkeys);
	for (size_t i = 0; i < kit->ndecks; i++) {
		const struct deck *deck = kit->decks[i];
		struct box_net net;
		struct box_paper paper;
		if (deck->reference_only || deck->ncards == 0 || !plan(ctx, deck, &net, &paper))
			continue;
		for (size_t l = 0; l < deck->langs.count; l++) {
			if (!item_wants_lang(ctx->opt, deck->langs.codes[l]))
				continue;
			phrasebook_require(kit->phrases, deck->langs.codes[l], keys, nkeys,
			                   deck->mark, ctx->diag);
			XGROW(bj->jobs, bj->cap, bj->count + 1);
			struct box_job *j = &bj->jobs[bj->count++];
			*j = (struct box_job){.deck = deck, .lang = l, .net = net, .paper = paper};
			layout_job(ctx, j);
		}
	}
	return bj;
}

static void boxes_destroy(void *jobs)
{
	struct box_jobs *bj = jobs;
	if (!bj)
		return;
	for (size_t i = 0; i < bj->count; i++) {
		face_layout_finish(&bj->jobs[i].back);
		free(bj->jobs[i].legend);
	}
	free(bj->jobs);
	free(bj);
}

/* The files of a box: out/<kit>/<deck>.<lang>.box.pdf for the shop (and
 * .box.pdfx.pdf, its PDF/X), .box-sheet.pdf for home. */
enum box_file { BOX_SHOP, BOX_SHOP_PDFX, BOX_HOME };

static void box_path(struct buf *path, const struct item_ctx *ctx, const struct box_job *j,
                     enum box_file file)
{
	static const char *const exts[] = {".box.pdf", ".box.pdfx.pdf", ".box-sheet.pdf"};
	item_path(path, ctx, j->deck->id, j->deck->langs.codes[j->lang], exts[file]);
}

static void boxes_outputs(const void *jobs, const struct item_ctx *ctx, struct build_outputs *out)
{
	const struct box_jobs *bj = jobs;
	struct buf p;
	buf_init(&p);
	/* a PDF/X beside the shop's file when the build makes PDF/X (a pdfx
	 * profile with print, or --format pdfx), whose checks the decks ran */
	bool pdfx = ctx->formats & FORMAT_PDFX;
	for (size_t i = 0; i < bj->count; i++) {
		for (enum box_file f = BOX_SHOP; f <= BOX_HOME; f++) {
			if (f == BOX_SHOP_PDFX && !pdfx)
				continue;
			box_path(&p, ctx, &bj->jobs[i], f);
			build_outputs_add(out, FORMAT_BOX, &p);
		}
	}
	buf_finish(&p);
}

static bool boxes_proof(const void *jobs, const struct item_ctx *ctx)
{
	(void)jobs;
	(void)ctx;
	return true; /* the box's texts are the deck's, in the deck's proof */
}

/* What the faces show, in the job's language. */
static struct box_faces faces_of(const struct item_ctx *ctx, const struct box_job *j)
{
	const struct deck *deck = j->deck;
	const struct brand *brand = ctx->kit->brand;
	const struct brand_font *heading = brand_find_font(brand, NULL, "heading");
	const char *family =
	        heading && fonts_has_family(ctx->fonts, heading->family) ? heading->family : "Lato";
	return (struct box_faces){
	        .title = ltext_get(&deck->title, j->lang),
	        .subject = ltext_is_set(&deck->subject) ? ltext_get(&deck->subject, j->lang) : NULL,
	        .maker = brand && brand->name ? brand->name : deck->author,
	        .card_back = j->has_back ? &j->back.dlist : NULL,
	        .legend = j->legend,
	        .nlegend = deck->ncategories,
	        .base = deck->back.color,
	        .family = family,
	        .lang = deck->langs.codes[j->lang],
	};
}

/* The PDFs' metadata; the subject gives the box's figures, and for the
 * shop its spot colours (into about, which must outlive meta). */
static void meta_of(const struct item_ctx *ctx, const struct box_job *j, bool shop,
                    struct pdf_meta *meta, char *date, size_t n, struct buf *about)
{
	sink_get_date(date, n);
	const struct deck *deck = j->deck;
	const struct box_net *b = &j->net;
	buf_clear(about);
	buf_printf(about,
	           "tuck box: net %.1f x %.1f mm, inside %.1f x %.1f x %.1f mm; %ld cards of "
	           "%.1f x %.1f mm at a caliper of %.2f mm, a %.1f mm stack, %.1f mm clearance%s",
	           b->width / MM, b->height / MM, b->w / MM, b->h / MM, b->d / MM, b->cards,
	           b->card_w / MM, b->card_h / MM, b->caliper / MM, b->stack / MM,
	           b->clearance / MM, shop ? "; cut line: CutContour, fold lines: Fold" : "");
	*meta = (struct pdf_meta){
	        .title = ltext_get(&deck->title, j->lang),
	        .author = deck->author ? deck->author : ctx->kit->author,
	        .subject = buf_str(about),
	        .keywords = deck->langs.codes[j->lang],
	        .date = date,
	};
}

/* The shop's file: the net at 1:1, bleed around it, the lines in the spot
 * colours' markers. */
static bool render_shop(const struct item_ctx *ctx, const struct box_job *j,
                        const struct box_faces *f, const struct pdf_meta *meta)
{
	const struct box_net *n = &j->net;
	double bleed = j->deck->bleed;
	struct dlist dl;
	dlist_init(&dl, n->width, n->height, bleed);
	struct box_lines lines = {
	        .cut = {PAINT_CUT_CONTOUR_R, PAINT_CUT_CONTOUR_G, PAINT_CUT_CONTOUR_B},
	        .fold = {SPOT_FOLD_R, SPOT_FOLD_G, SPOT_FOLD_B},
	        .width = PAINT_CUT_CONTOUR_WIDTH,
	};
	size_t left_out =
	        box_net_layout(&dl, n, f, &lines, bleed, 0, 0, fonts_get_context(ctx->fonts));
	if (left_out)
		diag_warning(ctx->diag, j->deck->box.mark,
		             "the tuck box of deck '%s' has no room on its back for %zu of the %zu "
		             "category names, even at 5 pt in as many columns as the panel holds; "
		             "their colours are shown without them (shorter names, or fewer "
		             "categories, fit)",
		             j->deck->id, left_out, f->nlegend);
	struct buf path, xpath;
	buf_init(&path);
	buf_init(&xpath);
	box_path(&path, ctx, j, BOX_SHOP);
	box_path(&xpath, ctx, j, BOX_SHOP_PDFX);
	struct pdfx_options xo = preflight_pdfx_options(ctx, meta->title);
	struct pdf_print pp = {
	        .marks = ctx->kit->profile->marks,
	        .path = buf_str(&path),
	        .pdfx_path = ctx->formats & FORMAT_PDFX ? buf_str(&xpath) : NULL,
	        .pdfx = &xo,
	        .k_rule = ctx->k_rule,
	};
	struct sink *s = sink_pdf_create(meta, &pp, ctx->diag);
	struct page_spec p = {
	        .trim_w = n->width, .trim_h = n->height, .bleed = bleed, .label = "box"};
	bool ok = s && item_draw_page(ctx, s, &dl, &p);
	ok = item_finish_sink(ctx, s, ok);
	dlist_finish(&dl);
	buf_finish(&path);
	buf_finish(&xpath);
	return ok;
}

/* The home print: the net on one sheet of the --paper. */
static bool render_home(const struct item_ctx *ctx, const struct box_job *j,
                        const struct box_faces *f, const struct pdf_meta *meta)
{
	PangoContext *pango = fonts_get_context(ctx->fonts);
	struct dlist dl;
	box_net_layout_sheet(&dl, &j->net, f, &j->paper, ctx->kit->phrases, pango);
	struct buf path;
	buf_init(&path);
	box_path(&path, ctx, j, BOX_HOME);
	struct paint_ctx pc = {.pango = pango, .images = ctx->images};
	bool ok = sink_pdf_write_pages(buf_str(&path), &dl, 1, &pc, meta, ctx->diag);
	if (image_cache_report_failure(ctx->images, ctx->diag))
		ok = false;
	dlist_finish(&dl);
	buf_finish(&path);
	return ok;
}

static bool boxes_render(void *jobs, const struct item_ctx *ctx)
{
	const struct box_jobs *bj = jobs;
	bool ok = true;
	struct buf about;
	buf_init(&about);
	for (size_t i = 0; i < bj->count && ok && (ctx->formats & FORMAT_BOX); i++) {
		const struct box_job *j = &bj->jobs[i];
		if (!item_take_unit(ctx))
			continue;
		struct box_faces f = faces_of(ctx, j);
		struct pdf_meta meta;
		char date[32];
		meta_of(ctx, j, true, &meta, date, sizeof(date), &about);
		ok = render_shop(ctx, j, &f, &meta);
		meta_of(ctx, j, false, &meta, date, sizeof(date), &about);
		ok = ok && render_home(ctx, j, &f, &meta);
	}
	buf_finish(&about);
	return ok;
}

const struct item_kind box_kind = {
        .kind = KIND_DECK,
        .prepare = boxes_prepare,
        .outputs = boxes_outputs,
        .proof = boxes_proof,
        .render = boxes_render,
        .destroy = boxes_destroy,
};
