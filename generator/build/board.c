/* Boards: lay out and compose every board the kit read in every language
 * asked for (prepare), then write its print PDF, pieces sheet, tiles and
 * previews (render). The stages are model/board (YAML to model, called by
 * model/kit), layout/board (geometry), layout/board_scene (display lists
 * with fitted text), render/paint (drawing) and the sinks of output/. */
#include "build/item.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/cache.h"
#include "layout/board.h"
#include "layout/board_scene.h"
#include "layout/tiles.h"
#include "model/board.h"
#include "output/pdfx.h"
#include "output/sink.h"
#include "output/tile.h"
#include "render/paint.h"
#include "util/buf.h"
#include "util/mem.h"
#include "build/spec.h"

#define MM PT_PER_MM

/* Previews of boards are for looking at, not printing: an A2 board at
 * 300 dpi is a 35-megapixel PNG. */
#define PREVIEW_DPI_MAX 150.0

/* Tiles: the printer's border, the band for labels and marks around each
 * window, and the least overlap of neighbouring windows. */
#define TILE_MARGIN (5 * MM)
#define TILE_BAND (9 * MM)
#define TILE_BLEED (2 * MM) /* the board's artwork beyond its outer edges on tiles */

/* One board in one language. */
struct lang_job {
	size_t lang; /* index into the board's languages */
	struct dlist board;
	struct dlist *pieces; /* owned; npieces pages */
	size_t npieces;
	struct tile_plan tiles;
	bool has_tiles;
	struct preflight_found fine; /* the finest marks of the board and pieces */
};

struct board_job {
	const struct board *board;
	struct board_layout layout;
	struct lang_job *langs; /* owned */
	size_t nlangs;
};

struct board_jobs {
	struct board_job *jobs; /* owned */
	size_t count;
};

/* Decodes every image a board draws; with pdfx, a transparent one is an
 * error. */
static void load_images(const struct item_ctx *ctx, const struct board *b)
{
	if (b->background_image)
		preflight_image(ctx, b->background_image, b->background_mark, true);
	for (size_t i = 0; i < b->ntypes; i++)
		if (b->types[i]->used && b->types[i]->icon)
			preflight_image(ctx, b->types[i]->icon, b->types[i]->icon_mark, true);
	const struct track *t = &b->track;
	for (size_t i = 0; i < t->nspaces; i++)
		if (t->spaces[i].icon)
			preflight_image(ctx, t->spaces[i].icon, t->spaces[i].icon_mark, true);
	if (t->has_start && t->start.icon)
		preflight_image(ctx, t->start.icon, t->start.icon_mark, true);
	if (t->has_goal && t->goal.icon)
		preflight_image(ctx, t->goal.icon, t->goal.icon_mark, true);
	for (size_t i = 0; i < b->pieces.ntokens; i++)
		if (b->pieces.tokens[i].icon)
			preflight_image(ctx, b->pieces.tokens[i].icon,
			                b->pieces.tokens[i].icon_mark, true);
}

static enum tile_orientation tile_orientation(enum orientation o)
{
	return o == ORIENT_PORTRAIT    ? TILE_PORTRAIT
	       : o == ORIENT_LANDSCAPE ? TILE_LANDSCAPE
	                               : TILE_AUTO;
}

static void tile_options_for(const struct item_ctx *ctx, const struct board *b,
                             struct tile_options *o)
{
	*o = (struct tile_options){
	        .board_w = b->trim_w,
	        .board_h = b->trim_h,
	        .paper_w = ctx->opt->paper_w,
	        .paper_h = ctx->opt->paper_h,
	        .orientation = tile_orientation(ctx->opt->orientation),
	        .margin = TILE_MARGIN,
	        .band = TILE_BAND,
	        .overlap = b->tile_overlap,
	};
}

/* Whether the board can be tiled at all: reported once, not per language. */
static bool check_tiles(const struct item_ctx *ctx, const struct board *b)
{
	struct tile_options o;
	tile_options_for(ctx, b, &o);
	struct tile_plan p;
	const char *err;
	if (!tile_plan_make(&p, &o, &err)) {
		diag_error(ctx->diag, b->size_mark, "cannot tile board '%s' on %s sheets: %s",
		           b->id, ctx->opt->paper_name, err);
		return false;
	}
	tile_plan_finish(&p);
	return true;
}

/* The tiles of one language: seams keep off its texts where they can. */
static void plan_tiles(const struct item_ctx *ctx, const struct board *b, struct lang_job *lj)
{
	struct tile_options o;
	tile_options_for(ctx, b, &o);
	size_t navoid;
	struct box *avoid = dlist_get_text_boxes(&lj->board, &navoid);
	o.avoid = avoid;
	o.navoid = navoid;
	const char *err;
	lj->has_tiles = tile_plan_make(&lj->tiles, &o, &err);
	free(avoid);
}

static void prepare_board(const struct item_ctx *ctx, struct board_jobs *bj, const struct board *b)
{
	load_images(ctx, b);
	bj->jobs = xreallocarray(bj->jobs, bj->count + 1, sizeof(*bj->jobs));
	struct board_job *job = &bj->jobs[bj->count++];
	*job = (struct board_job){.board = b};
	if (!board_layout(&job->layout, b, ctx->diag))
		return;
	PangoContext *pango = fonts_get_context(ctx->fonts);
	job->langs = xcalloc(b->langs.count, sizeof(*job->langs));
	bool tiles = (ctx->formats & FORMAT_TILES) && check_tiles(ctx, b);
	for (size_t l = 0; l < b->langs.count; l++) {
		if (!item_wants_lang(ctx->opt, b->langs.codes[l]))
			continue;
		struct lang_job *lj = &job->langs[job->nlangs++];
		*lj = (struct lang_job){.lang = l};
		board_compose(&lj->board, b, &job->layout, l, pango, ctx->diag);
		pieces_compose(&lj->pieces, &lj->npieces, b, l, ctx->kit->phrases, pango,
		               ctx->diag);
		char what[160];
		snprintf(what, sizeof(what), "board '%s' (%s)", b->id, b->langs.codes[l]);
		preflight_found_init(&lj->fine);
		preflight_images(ctx, &lj->board, b->mark, what, &lj->fine);
		preflight_marks(ctx, &lj->board, b->mark, what, &lj->fine);
		for (size_t p = 0; p < lj->npieces; p++) {
			snprintf(what, sizeof(what), "pieces sheet %zu of board '%s' (%s)", p + 1,
			         b->id, b->langs.codes[l]);
			preflight_images(ctx, &lj->pieces[p], b->mark, what, &lj->fine);
			preflight_marks(ctx, &lj->pieces[p], b->mark, what, &lj->fine);
		}
		if (tiles &&
		    tiles_require_texts(ctx->kit->phrases, b->langs.codes[l], b->mark, ctx->diag))
			plan_tiles(ctx, b, lj);
	}
}

static void *boards_prepare(const struct item_ctx *ctx)
{
	if (ctx->kit->nboards == 0)
		return NULL;
	struct board_jobs *bj = xcalloc(1, sizeof(*bj));
	for (size_t i = 0; i < ctx->kit->nboards; i++)
		prepare_board(ctx, bj, ctx->kit->boards[i]);
	return bj;
}

static void add_output(struct build_outputs *out, const struct item_ctx *ctx, unsigned format,
                       const struct board *b, const char *lang, const char *ext)
{
	if (!(ctx->formats & format))
		return;
	struct buf p;
	buf_init(&p);
	if (ext)
		item_path(&p, ctx, b->id, lang, ext);
	else
		buf_printf(&p, "%s/%s/png/%s.%s/", ctx->opt->out_dir, ctx->kit->name, b->id, lang);
	build_outputs_add(out, format, &p);
	buf_finish(&p);
}

static void boards_outputs(const void *jobs, const struct item_ctx *ctx, struct build_outputs *out)
{
	const struct board_jobs *bj = jobs;
	for (size_t i = 0; bj && i < bj->count; i++) {
		const struct board_job *job = &bj->jobs[i];
		for (size_t l = 0; l < job->nlangs; l++) {
			const struct lang_job *lj = &job->langs[l];
			const char *lang = job->board->langs.codes[lj->lang];
			add_output(out, ctx, FORMAT_PRINT, job->board, lang, ".print.pdf");
			add_output(out, ctx, FORMAT_PDFX, job->board, lang, ".pdfx.pdf");
			if (lj->npieces)
				add_output(out, ctx, FORMAT_PRINT, job->board, lang, ".pieces.pdf");
			if (lj->has_tiles)
				add_output(out, ctx, FORMAT_TILES, job->board, lang, ".tiles.pdf");
			add_output(out, ctx, FORMAT_PNG, job->board, lang, NULL);
		}
		if (job->nlangs)
			spec_outputs(ctx, job->board->id, out);
	}
	item_text_proof_outputs(ctx, KIND_BOARD, out);
}

/* ---- render ---- */

static void meta_for(const struct board *b, const struct lang_job *lj, struct pdf_meta *meta,
                     char *date, size_t n)
{
	sink_get_date(date, n);
	*meta = (struct pdf_meta){
	        .title = ltext_get(&b->title, lj->lang),
	        .author = b->author,
	        .subject = ltext_get(&b->subtitle, lj->lang),
	        .keywords = b->langs.codes[lj->lang],
	        .date = date,
	};
}

static bool draw(const struct item_ctx *ctx, struct sink *s, const struct dlist *sc,
                 const char *label)
{
	struct page_spec p = {
	        .trim_w = sc->trim_w, .trim_h = sc->trim_h, .bleed = sc->bleed, .label = label};
	return item_draw_page(ctx, s, sc, &p);
}

/* A preview page, unless the cache has it (build/cache.h). */
static bool draw_png(const struct item_ctx *ctx, struct sink *s, const char *dir,
                     const struct dlist *sc, const char *label, double dpi)
{
	struct page_spec p = {
	        .trim_w = sc->trim_w, .trim_h = sc->trim_h, .bleed = sc->bleed, .label = label};
	return cache_draw_png(ctx, s, dir, sc, &p, dpi);
}

static bool render_print(const struct item_ctx *ctx, const struct board *b,
                         const struct lang_job *lj)
{
	const struct profile *pr = ctx->kit->profile;
	bool want_print = ctx->formats & FORMAT_PRINT, want_pdfx = ctx->formats & FORMAT_PDFX;
	if (!want_print && !want_pdfx)
		return true;
	const char *lang = b->langs.codes[lj->lang];
	struct pdf_meta meta;
	char date[32];
	meta_for(b, lj, &meta, date, sizeof(date));
	struct pdfx_options xo = preflight_pdfx_options(ctx, meta.title);
	struct buf path, xpath;
	buf_init(&path);
	buf_init(&xpath);
	item_path(&path, ctx, b->id, lang, ".print.pdf");
	item_path(&xpath, ctx, b->id, lang, ".pdfx.pdf");
	struct pdf_print pp = {
	        .marks = pr->marks,
	        .path = want_print ? buf_str(&path) : NULL,
	        .pdfx_path = want_pdfx ? buf_str(&xpath) : NULL,
	        .pdfx = &xo,
	        .k_rule = ctx->k_rule,
	};
	struct page_spec spec = {.trim_w = lj->board.trim_w,
	                         .trim_h = lj->board.trim_h,
	                         .bleed = lj->board.bleed,
	                         .label = b->id};
	bool ok = true;
	if (!cache_pdf_is_fresh(ctx, "board print", &meta, &pp, &lj->board, &spec, 1)) {
		struct sink *s = sink_pdf_create(&meta, &pp, ctx->diag);
		ok = s && draw(ctx, s, &lj->board, b->id);
		ok = item_finish_sink(ctx, s, ok);
	}
	buf_finish(&path);
	buf_finish(&xpath);
	return ok;
}

static bool render_pieces(const struct item_ctx *ctx, const struct board *b,
                          const struct lang_job *lj)
{
	if (!(ctx->formats & FORMAT_PRINT) || !lj->npieces)
		return true;
	struct pdf_meta meta;
	char date[32];
	meta_for(b, lj, &meta, date, sizeof(date));
	struct buf path;
	buf_init(&path);
	item_path(&path, ctx, b->id, b->langs.codes[lj->lang], ".pieces.pdf");
	/* home printing: no marks, no PDF/X; boxes, dates and K-only black
	 * all the same */
	struct pdf_print pp = {.path = buf_str(&path)};
	struct page_spec *specs = xcalloc(lj->npieces, sizeof(*specs));
	char(*labels)[32] = xcalloc(lj->npieces, sizeof(*labels));
	for (size_t i = 0; i < lj->npieces; i++) {
		snprintf(labels[i], sizeof(labels[i]), "pieces %zu", i + 1);
		specs[i] = (struct page_spec){.trim_w = lj->pieces[i].trim_w,
		                              .trim_h = lj->pieces[i].trim_h,
		                              .bleed = lj->pieces[i].bleed,
		                              .label = labels[i]};
	}
	bool ok = true;
	if (!cache_pdf_is_fresh(ctx, "pieces", &meta, &pp, lj->pieces, specs, lj->npieces)) {
		struct sink *s = sink_pdf_create(&meta, &pp, ctx->diag);
		ok = s != NULL;
		for (size_t i = 0; ok && i < lj->npieces; i++)
			ok = draw(ctx, s, &lj->pieces[i], labels[i]);
		ok = item_finish_sink(ctx, s, ok);
	}
	free(specs);
	free(labels);
	buf_finish(&path);
	return ok;
}

static bool render_png(const struct item_ctx *ctx, const struct board *b, const struct lang_job *lj)
{
	if (!(ctx->formats & FORMAT_PNG))
		return true;
	struct buf dir, label;
	buf_init(&dir);
	buf_init(&label);
	buf_printf(&dir, "%s/%s/png/%s.%s", ctx->opt->out_dir, ctx->kit->name, b->id,
	           b->langs.codes[lj->lang]);
	double dpi = fmin(ctx->opt->dpi, PREVIEW_DPI_MAX);
	struct sink *s =
	        sink_png_create(buf_str(&dir), dpi, ctx->opt->jobs, 1 + lj->npieces, ctx->diag);
	bool ok = s && draw_png(ctx, s, buf_str(&dir), &lj->board, "board", dpi);
	for (size_t i = 0; ok && i < lj->npieces; i++) {
		buf_clear(&label);
		buf_printf(&label, "pieces-%zu", i + 1);
		ok = draw_png(ctx, s, buf_str(&dir), &lj->pieces[i], buf_str(&label), dpi);
	}
	ok = item_finish_sink(ctx, s, ok);
	buf_finish(&dir);
	buf_finish(&label);
	return ok;
}

/* The words of the tile sheets in lang, from the kit's phrasebook (checked
 * by tiles_require_texts() when the board was prepared). */
static void tile_texts(struct tile_texts *tx, const struct phrasebook *pb, const char *lang,
                       struct buf *instr, const struct board *b, const struct tile_plan *p,
                       const char *paper)
{
	double ov =
	        fmin(p->rows > 1 ? p->overlap_y : HUGE_VAL, p->cols > 1 ? p->overlap_x : HUGE_VAL);
	ov = isfinite(ov) ? ov : 0;
	char last[16], name[16], num[6][32];
	tile_plan_get_label(p->rows - 1, p->cols - 1, last, sizeof(last));
	size_t k = 0;
	for (; paper[k] && k + 1 < sizeof(name); k++)
		name[k] = paper[k] >= 'a' && paper[k] <= 'z' ? (char)(paper[k] - 'a' + 'A')
		                                             : paper[k];
	name[k] = '\0';
	snprintf(num[0], sizeof(num[0]), "%d", p->rows * p->cols);
	snprintf(num[1], sizeof(num[1]), "%d", p->rows);
	snprintf(num[2], sizeof(num[2]), "%d", p->cols);
	snprintf(num[3], sizeof(num[3]), "%.0f", b->trim_w / MM);
	snprintf(num[4], sizeof(num[4]), "%.0f", b->trim_h / MM);
	snprintf(num[5], sizeof(num[5]), "%.0f", ov / MM);
	const struct phrase_arg args[] = {
	        {"sheets", num[0]}, {"paper", name},    {"rows", num[1]},    {"columns", num[2]},
	        {"width", num[3]},  {"height", num[4]}, {"overlap", num[5]}, {"last", last},
	};
	phrasebook_format(pb, lang, PHRASE_TILES_INSTRUCTIONS, args, sizeof(args) / sizeof(args[0]),
	                  instr);
	*tx = (struct tile_texts){
	        .family = b->font,
	        .heading = phrasebook_get(pb, lang, PHRASE_TILES_HEADING, NULL),
	        .instructions = buf_str(instr),
	        .cut = phrasebook_get(pb, lang, PHRASE_TILES_CUT, NULL),
	        .glue = phrasebook_get(pb, lang, PHRASE_TILES_GLUE, NULL),
	        .note = phrasebook_get(pb, lang, PHRASE_TILES_NOTE, NULL),
	        .seam_note = phrasebook_get(pb, lang, PHRASE_TILES_SEAM, NULL),
	};
}

static bool render_tiles(const struct item_ctx *ctx, const struct board *b,
                         const struct lang_job *lj)
{
	if (!lj->has_tiles)
		return true;
	const char *lang = b->langs.codes[lj->lang];
	struct pdf_meta meta;
	char date[32];
	meta_for(b, lj, &meta, date, sizeof(date));
	const struct tile_plan *p = &lj->tiles;
	struct tile_layout tl = {
	        .board_w = b->trim_w,
	        .board_h = b->trim_h,
	        .sheet_w = p->sheet_w,
	        .sheet_h = p->sheet_h,
	        .rows = p->rows,
	        .cols = p->cols,
	        .x = p->x,
	        .y = p->y,
	        .win_w = p->win_w,
	        .win_h = p->win_h,
	        .window = p->window,
	        .margin = TILE_MARGIN,
	        .bleed = fmin(b->bleed, TILE_BLEED),
	        .x_text = p->x_text,
	        .y_text = p->y_text,
	};
	tl.texts = dlist_get_text_boxes(&lj->board, &tl.ntexts);
	struct buf path, instr;
	buf_init(&path);
	buf_init(&instr);
	struct tile_texts tx;
	tile_texts(&tx, ctx->kit->phrases, lang, &instr, b, p, ctx->opt->paper_name);
	tx.title = meta.title;
	item_path(&path, ctx, b->id, lang, ".tiles.pdf");
	PangoContext *pango = fonts_get_context(ctx->fonts);
	struct tile_sheets sheets;
	bool ok = tiles_compose(&sheets, &tl, &tx, pango, (struct mark){.file = buf_str(&path)},
	                        ctx->diag);
	struct paint_ctx pc = {.pango = pango, .images = ctx->images};
	struct sink *s = ok ? sink_tiles_create(buf_str(&path), &meta, sheets.pages,
	                                        (const char *const *)sheets.labels, sheets.count,
	                                        &pc, ctx->diag)
	                    : NULL;
	ok = s && draw(ctx, s, &lj->board, b->id);
	ok = item_finish_sink(ctx, s, ok);
	tile_sheets_finish(&sheets);
	free((struct box *)tl.texts);
	buf_finish(&path);
	buf_finish(&instr);
	return ok;
}

/* The board's print spec: the board in each language (print PDF and
 * PDF/X) and its pieces sheets. */
static bool write_spec(const struct item_ctx *ctx, const struct board_job *job)
{
	const struct board *b = job->board;
	const struct profile *pr = ctx->kit->profile;
	struct spec_item s;
	spec_item_init(&s, "board", b->id, ltext_get(&b->title, 0), "");
	s.trim_w = b->trim_w, s.trim_h = b->trim_h, s.bleed = b->bleed, s.safe = b->safe;
	s.marks = pr->marks;
	s.order = "the board on one page; its pieces on sheets of their own, printed on one side";
	double margin = sink_pdf_get_margin(b->bleed, pr->marks);
	for (size_t l = 0; l < job->nlangs; l++) {
		const struct lang_job *lj = &job->langs[l];
		const char *lang = b->langs.codes[lj->lang];
		for (int x = 0; x < 2; x++)
			if (ctx->formats & (x ? FORMAT_PDFX : FORMAT_PRINT))
				spec_item_add_file(&s, lang, x ? ".pdfx.pdf" : ".print.pdf",
				                   x ? "pdfx" : "print",
				                   x ? "CMYK PDF/X-3, the board" : "RGB, the board",
				                   1, b->trim_w + 2 * margin,
				                   b->trim_h + 2 * margin, b->trim_w, b->trim_h);
		if (lj->npieces && (ctx->formats & FORMAT_PRINT))
			spec_item_add_file(&s, lang, ".pieces.pdf", "pieces",
			                   "RGB, pieces to cut out, no bleed", (long)lj->npieces,
			                   lj->pieces[0].trim_w, lj->pieces[0].trim_h,
			                   lj->pieces[0].trim_w, lj->pieces[0].trim_h);
		preflight_found_add(&s.found, &lj->fine);
		spec_item_add_fonts(&s, &lj->board);
		for (size_t p = 0; p < lj->npieces; p++)
			spec_item_add_fonts(&s, &lj->pieces[p]);
	}
	bool ok = spec_write(ctx, &s);
	spec_item_finish(&s);
	return ok;
}

static bool boards_render(void *jobs, const struct item_ctx *ctx)
{
	const struct board_jobs *bj = jobs;
	bool ok = true;
	for (size_t i = 0; ok && i < bj->count; i++) {
		const struct board_job *job = &bj->jobs[i];
		for (size_t l = 0; ok && l < job->nlangs; l++) {
			const struct lang_job *lj = &job->langs[l];
			if (!item_take_unit(ctx))
				continue;
			ok = render_print(ctx, job->board, lj) &&
			     render_pieces(ctx, job->board, lj) &&
			     render_tiles(ctx, job->board, lj) && render_png(ctx, job->board, lj);
		}
		if (ok && job->nlangs && (ctx->formats & (FORMAT_PRINT | FORMAT_PDFX)) &&
		    item_take_unit(ctx))
			ok = write_spec(ctx, job);
	}
	return ok;
}

static bool boards_proof(const void *jobs, const struct item_ctx *ctx)
{
	(void)jobs;
	return item_write_text_proofs(ctx, KIND_BOARD);
}

static void boards_destroy(void *jobs)
{
	struct board_jobs *bj = jobs;
	if (!bj)
		return;
	for (size_t i = 0; i < bj->count; i++) {
		struct board_job *job = &bj->jobs[i];
		for (size_t l = 0; l < job->nlangs; l++) {
			struct lang_job *lj = &job->langs[l];
			dlist_finish(&lj->board);
			for (size_t k = 0; k < lj->npieces; k++)
				dlist_finish(&lj->pieces[k]);
			free(lj->pieces);
			tile_plan_finish(&lj->tiles);
		}
		free(job->langs);
		board_layout_finish(&job->layout);
	}
	free(bj->jobs);
	free(bj);
}

const struct item_kind board_kind = {
        .kind = KIND_BOARD,
        .prepare = boards_prepare,
        .outputs = boards_outputs,
        .proof = boards_proof,
        .render = boards_render,
        .destroy = boards_destroy,
};
