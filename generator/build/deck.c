/* Decks: lay out every card's faces in every language asked for (prepare),
 * then write the print PDFs for the shop (and their PDF/X), the
 * print-at-home sheets, the PNG previews, the print specification and the
 * translation proof. The stages are model/deck (read by model/kit),
 * layout/card (a face → a display list), render/paint and output's sinks. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "build/item.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build/cache.h"
#include "build/spec.h"
#include "layout/card.h"
#include "layout/sheet_text.h"
#include "model/lint.h"
#include "output/atomic.h"
#include "output/impose.h"
#include "output/pdfx.h"
#include "layout/proof_table.h"
#include "render/paint.h"
#include "util/mem.h"
#include "util/team.h"

/* A kit's decks whose faces, over all languages, number at most this
 * many keep them from prepare for render (about 6 KB a face: 13 MB). A
 * larger kit draws its decks' print PDFs while laying them out, each text
 * from the layout that fitted it, into files render makes the outputs from
 * (early_open()), and keeps only what fitting decided for each text (a
 * fit_memo, about 24 bytes a text) for its other outputs, which lay each
 * face out again from it when it is drawn, then free it; so a deck of any
 * size is drawn in the same memory (issue 15). The second layout sets each
 * text as the first did, without fitting it again, so the pages are the
 * same. deck_set_keep_faces() changes it for tests. */
#define KEEP_FACES 2000

static size_t keep_faces = KEEP_FACES;

void deck_set_keep_faces(size_t faces)
{
	keep_faces = faces ? faces : KEEP_FACES;
}

/* The print PDF(s) of a deck in one language (one, or fronts and backs)
 * and what their sinks borrow. */
struct print_out {
	struct sink *sinks[2]; /* owned; NULL until opened */
	size_t n;
	struct buf paths[2], xpaths[2];
	struct pdf_meta meta;
	char date[32];
	struct pdfx_options xo;
	/* drawn while laying out: what drawing found, which makes render
	 * draw the deck instead (so its messages come where they always did) */
	struct diag found;
};

/* One deck in one language, laid out: a front and a back per card. */
struct deck_job {
	const struct deck *deck;
	size_t lang;
	struct face_layout *fronts, *backs; /* owned, deck->ncards each; empty unless
	                                       kept */
	struct deck_fit fit;                /* the sizes its `fit: deck` elements share */
	struct fit_memo memo;               /* its texts as fitted, unless kept */
	size_t *first; /* owned, 2 a card (front, back): where a face's texts start in memo;
	                  NULL when kept */
	struct preflight_found fine; /* the finest marks of its faces */
	bool kept;
	/* owned: the print PDF(s) of a deck not kept, drawn while it is laid
	 * out (each text shaped once) into unnamed files that render makes the
	 * outputs from; NULL when render draws them */
	struct print_out *early;
	/* the fonts and backs of the deck's faces, for its print spec, gathered
	 * as a deck not kept is laid out; owned by the deck's first job
	 * (spec_first), borrowed by its others; NULL when kept */
	struct spec_item *spec;
	bool spec_first;
	/* the helpers that laid out cards of a kept deck with this process and
	 * draw their PNG previews (see "The crew" below); NULL without */
	struct team *crew;
	bool *mine; /* owned, by card: laid out in prepare here; NULL: every card */
	bool *have; /* owned, by card: its faces are here (mine, or laid out again) */
	/* owned, by card, in the crew's leader: what laying out each of its
	 * own cards reported, until crew_report() reports it in card order */
	struct buf *found;
	size_t steal_top; /* every card from here on is drawn or grabbed (crew_steal()) */
	struct cache_mark crew_notes; /* in a helper: the cache notes not yet sent */
	/* owned (the leader's, atomic_make_dir(), in the deck's preview
	 * folder): where the helpers write the previews they draw, for the
	 * leader to adopt; NULL: they send bytes */
	char *crew_dir;
	int crew_dir_handle;
	/* owned: the folders made for crew_dir, the deepest first, removed
	 * with it when they are empty (a kit that writes nothing) */
	char **crew_made;
	size_t ncrew_made;
	int *crew_tracked; /* owned, in the leader: atomic_track_process()'s, by helper */
	/* owned, by card, shared with the crew's helpers: how its owner
	 * fitted its texts (crew_publish()); NULL: none */
	struct crew_memo *crew_memos;
	size_t crew_memos_size;
};

struct deck_jobs {
	struct deck_job *jobs; /* owned */
	size_t count, cap;
};

static void print_out_destroy(struct print_out *po);

static void crew_end(struct deck_job *j);
static void crew_remove_dir(struct deck_job *j);

static void job_finish(struct deck_job *j)
{
	crew_end(j);
	crew_remove_dir(j);
	free(j->mine);
	free(j->have);
	for (size_t i = 0; j->found && i < j->deck->ncards; i++)
		buf_finish(&j->found[i]);
	free(j->found);
	print_out_destroy(j->early);
	if (j->spec_first) {
		spec_item_finish(j->spec);
		free(j->spec);
	}
	for (size_t i = 0; j->fronts && i < j->deck->ncards; i++) {
		face_layout_finish(&j->fronts[i]);
		face_layout_finish(&j->backs[i]);
	}
	free(j->fronts);
	free(j->backs);
	free(j->first);
	fit_memo_finish(&j->memo);
	deck_fit_finish(&j->fit);
}

/* Calls fn for every image a deck draws. */
static void each_image(const struct item_ctx *ctx, const struct deck *deck,
                       void (*fn)(const struct item_ctx *ctx, const char *path, struct mark m))
{
	if (deck->back.icon)
		fn(ctx, deck->back.icon, deck->back.icon_mark);
	for (size_t i = 0; i < deck->ncategories; i++)
		if (deck->categories[i].icon)
			fn(ctx, deck->categories[i].icon, deck->categories[i].icon_mark);
	for (int f = 0; f < FACE_COUNT_; f++) {
		const struct face *face = &deck->tmpl->faces[f];
		for (size_t i = 0; i < face->count; i++)
			if (face->elems[i].type == ELEM_IMAGE && face->elems[i].src_path)
				fn(ctx, face->elems[i].src_path, face->elems[i].mark);
	}
	/* each card's own: image fields, and paths with fields expanded */
	for (size_t c = 0; c < deck->ncards; c++) {
		const struct card *card = &deck->cards[c];
		for (size_t k = 0; k < deck->nfields; k++)
			if (deck->fields[k].kind == DFIELD_IMAGE && card->values[k].set)
				fn(ctx, card->values[k].path, card->values[k].mark);
		for (size_t k = 0; card->images && k < deck->nimage_elems; k++)
			if (card->images[k])
				fn(ctx, card->images[k], card->id_mark);
	}
}

static void load_image(const struct item_ctx *ctx, const char *path, struct mark m)
{
	preflight_image(ctx, path, m, false);
}

static struct print_out *early_open(const struct item_ctx *ctx, const struct deck_job *j);
static void early_draw(const struct item_ctx *ctx, struct deck_job *j, size_t card, size_t n,
                       struct face_layout (*f)[2]);
static void early_close(const struct item_ctx *ctx, struct deck_job *j);

/* How many cards of a deck not kept are laid out before they are drawn:
 * shaping a run of texts, then drawing a run of pages, each keeps its own
 * working set in the processor's caches. */
#define DRAW_RUN 64

/* Lays out card i's front and back of j into f (and records their texts
 * in j's memo when j is not kept), reporting into ctx->diag; adds their
 * finest marks to fine. */
static void crew_publish(struct deck_job *j, size_t i, const struct fit_memo *m, size_t nfront);

static void lay_out_card(const struct item_ctx *ctx, struct deck_job *j, size_t i,
                         struct face_layout *const f[2], struct preflight_found *fine)
{
	const struct deck *deck = j->deck;
	PangoContext *pango = fonts_get_context(ctx->fonts);
	/* a crew's card: what fitting decided, for the process that may
	 * take it over */
	struct fit_memo shared;
	fit_memo_init(&shared);
	size_t nfront = 0;
	for (int side = 0; side < 2; side++) {
		enum face_kind fk = side ? FACE_BACK : FACE_FRONT;
		if (j->kept && j->crew_memos) {
			layout_card_face_record(f[side], deck, &deck->cards[i], fk, j->lang, pango,
			                        ctx->hy, &j->fit, &shared, ctx->diag);
			nfront = side ? nfront : shared.count;
		} else if (j->kept) {
			layout_card_face(f[side], deck, &deck->cards[i], fk, j->lang, pango,
			                 ctx->hy, &j->fit, ctx->diag);
		} else {
			j->first[2 * i + (size_t)side] = j->memo.count;
			layout_card_face_record(f[side], deck, &deck->cards[i], fk, j->lang, pango,
			                        ctx->hy, &j->fit, &j->memo, ctx->diag);
		}
		char what[160];
		snprintf(what, sizeof(what), "card '%s' %s (%s)", deck->cards[i].id,
		         side ? "back" : "front", deck->langs.codes[j->lang]);
		preflight_images(ctx, &f[side]->dlist, deck->cards[i].mark, what, fine);
		preflight_marks(ctx, &f[side]->dlist, deck->cards[i].mark, what, fine);
		if (j->spec)
			spec_item_add_fonts(j->spec, &f[side]->dlist);
		if (j->spec && j->spec_first && side)
			spec_item_add_back(j->spec, &f[side]->dlist);
	}
	if (j->kept && j->crew_memos)
		crew_publish(j, i, &shared, nfront);
	fit_memo_finish(&shared);
}

static void crew_start(const struct item_ctx *ctx, struct deck_job *j);
static bool crew_lay_out(const struct item_ctx *ctx, struct deck_job *j, size_t i,
                         struct face_layout *const f[2]);
static void crew_draw(const struct item_ctx *ctx, struct deck_job *j);
static void crew_report(const struct item_ctx *ctx, struct deck_job *j);

/* Lays out every face of j, reporting what is wrong, and keeps the faces
 * when keep is true; else draws its print PDFs as it goes when it can. */
static void layout_job(const struct item_ctx *ctx, struct deck_job *j, bool keep)
{
	const struct deck *deck = j->deck;
	PangoContext *pango = fonts_get_context(ctx->fonts);
	if (keep) {
		j->fronts = xcalloc(deck->ncards ? deck->ncards : 1, sizeof(*j->fronts));
		j->backs = xcalloc(deck->ncards ? deck->ncards : 1, sizeof(*j->backs));
	}
	deck_fit_init(&j->fit, deck, j->lang, pango, ctx->hy, ctx->diag);
	j->kept = keep;
	fit_memo_init(&j->memo);
	if (!keep)
		j->first = xcalloc(2 * deck->ncards + 1, sizeof(*j->first));
	preflight_found_init(&j->fine);
	j->early = keep ? NULL : early_open(ctx, j);
	if (keep)
		crew_start(ctx, j);
	struct face_layout(*run)[2] = keep ? NULL : xcalloc(DRAW_RUN, sizeof(*run));
	for (size_t i = 0; i < deck->ncards; i++) {
		struct face_layout *f[2] = {keep ? &j->fronts[i] : &run[i % DRAW_RUN][0],
		                            keep ? &j->backs[i] : &run[i % DRAW_RUN][1]};
		if (j->crew && crew_lay_out(ctx, j, i, f))
			continue;
		lay_out_card(ctx, j, i, f, &j->fine);
		size_t n = i % DRAW_RUN + 1;
		if (!keep && (n == DRAW_RUN || i + 1 == deck->ncards)) {
			early_draw(ctx, j, i + 1 - n, n, run);
			for (size_t k = 0; k < n; k++) {
				face_layout_finish(&run[k][0]);
				face_layout_finish(&run[k][1]);
			}
		}
	}
	free(run);
	early_close(ctx, j);
	if (j->crew && team_is_helper(j->crew))
		crew_draw(ctx, j); /* never returns */
	if (j->crew)
		crew_report(ctx, j);
}

static bool crew_replay_card(const struct item_ctx *ctx, const struct deck_job *j, size_t i);

/* The face of card i (the back when back) of j: the one kept (a card a
 * helper of j's crew laid out is laid out again here, and kept, the first
 * time), or laid out again from j's memo into scratch (finished by the
 * caller with face_layout_finish(); its messages were reported by
 * prepare). Borrowed until then. */
static const struct face_layout *job_face(const struct item_ctx *ctx, const struct deck_job *j,
                                          size_t i, bool back, struct face_layout *scratch)
{
	if (j->kept && j->have && !j->have[i]) {
		/* a card another process of the crew laid out: again here, the
		 * same, and kept from now on (its messages were reported) */
		if (!crew_replay_card(ctx, j, i)) {
			struct diag reported;
			diag_init(&reported);
			for (int side = 0; side < 2; side++)
				layout_card_face(side ? &j->backs[i] : &j->fronts[i], j->deck,
				                 &j->deck->cards[i], side ? FACE_BACK : FACE_FRONT,
				                 j->lang, fonts_get_context(ctx->fonts), ctx->hy,
				                 &j->fit, &reported);
			diag_finish(&reported);
		}
		j->have[i] = true;
	}
	if (j->kept)
		return back ? &j->backs[i] : &j->fronts[i];
	layout_card_face_again(scratch, j->deck, &j->deck->cards[i], back ? FACE_BACK : FACE_FRONT,
	                       j->lang, ctx->hy, &j->fit, &j->memo, j->first[2 * i + back]);
	return scratch;
}

static void sheet_options(const struct item_ctx *ctx, const struct deck *deck,
                          struct impose_options *io)
{
	double gap = ctx->opt->gap < 0 ? 2 * deck->bleed : ctx->opt->gap;
	*io = (struct impose_options){
	        .paper_w = ctx->opt->paper_w,
	        .paper_h = ctx->opt->paper_h,
	        .orientation = ctx->opt->orientation,
	        .margin = 5 * PT_PER_MM,
	        .gap = gap,
	        /* cards that touch share their cut lines and have no room for bleed */
	        .bleed = gap > 0 ? deck->bleed : 0,
	        .duplex = ctx->opt->duplex,
	        .mark_room = sink_sheets_mark_room(),
	};
}

/* What only the chosen outputs can find wrong: a card that does not fit
 * the sheets, transparency in PDF/X. Reported before anything is written
 * (the ICC file of PDF/X is the kit's: build.c checks it once). */
static void check_outputs(const struct item_ctx *ctx, const struct deck *deck)
{
	if (ctx->formats & FORMAT_SHEETS) {
		struct impose_options io;
		sheet_options(ctx, deck, &io);
		struct impose_plan plan;
		const char *err;
		if (impose_plan(&plan, deck->trim_w, deck->trim_h, &io, &err))
			impose_plan_finish(&plan);
		else
			diag_error(ctx->diag, deck->size_mark,
			           "cannot impose deck '%s' on %s sheets: %s", deck->id,
			           ctx->opt->paper_name, err);
	}
	preflight_png_size(ctx, deck->trim_w, deck->trim_h, ctx->opt->dpi, "card", deck->size_mark);
	each_image(ctx, deck, preflight_alpha);
}

/* The words of the print-at-home sheets in lang, asked for before anything
 * is written: the note, and the alignment test's for the edge chosen. */
static void require_sheet_texts(const struct item_ctx *ctx, const struct deck *deck,
                                const char *lang)
{
	enum duplex dx = ctx->opt->duplex;
	bool test = ctx->opt->alignment_test && dx != DUPLEX_FOLD && dx != DUPLEX_NONE;
	sheet_text_require(ctx->kit->phrases, lang, test, dx == DUPLEX_SHORT, deck->mark,
	                   ctx->diag);
}

static void *decks_prepare(const struct item_ctx *ctx)
{
	const struct kit *kit = ctx->kit;
	if (kit->ndecks == 0)
		return NULL;
	struct deck_jobs *dj = xcalloc(1, sizeof(*dj));
	size_t faces = 0;
	for (size_t i = 0; i < kit->ndecks; i++)
		for (size_t l = 0; !kit->decks[i]->reference_only && l < kit->decks[i]->langs.count;
		     l++)
			if (item_wants_lang(ctx->opt, kit->decks[i]->langs.codes[l]))
				faces += 2 * kit->decks[i]->ncards;
	for (size_t i = 0; i < kit->ndecks; i++) {
		const struct deck *deck = kit->decks[i];
		each_image(ctx, deck, load_image);
		if (deck->reference_only)
			continue;
		check_outputs(ctx, deck);
		lint_deck(kit, deck, ctx->diag);
		struct spec_item *spec = NULL;
		for (size_t l = 0; l < deck->langs.count; l++) {
			if (!item_wants_lang(ctx->opt, deck->langs.codes[l]))
				continue;
			if (ctx->formats & FORMAT_SHEETS)
				require_sheet_texts(ctx, deck, deck->langs.codes[l]);
			XGROW(dj->jobs, dj->cap, dj->count + 1);
			struct deck_job *j = &dj->jobs[dj->count++];
			*j = (struct deck_job){.deck = deck, .lang = l};
			bool keep = faces <= keep_faces;
			if (!keep && ctx->opt->write &&
			    (ctx->formats & (FORMAT_PRINT | FORMAT_PDFX))) {
				j->spec_first = !spec;
				if (!spec) {
					spec = xcalloc(1, sizeof(*spec));
					spec_item_init(spec, "deck", deck->id, NULL, NULL);
				}
				j->spec = spec;
			}
			layout_job(ctx, j, keep);
		}
	}
	return dj;
}

static void decks_destroy(void *jobs)
{
	struct deck_jobs *dj = jobs;
	if (!dj)
		return;
	for (size_t i = 0; i < dj->count; i++)
		job_finish(&dj->jobs[i]);
	free(dj->jobs);
	free(dj);
}

/* ---- outputs ---- */

/* The print PDFs of a deck in one language: one, or fronts and backs. */
static size_t print_paths(const struct item_ctx *ctx, const struct deck_job *j, const char *ext,
                          struct buf paths[2])
{
	static const char *const parts[2] = {".fronts", ".backs"};
	bool split = ctx->kit->profile->order == ORDER_SPLIT;
	const char *lang = j->deck->langs.codes[j->lang];
	struct buf e;
	buf_init(&e);
	for (int i = 0; i < (split ? 2 : 1); i++) {
		buf_clear(&e);
		buf_printf(&e, "%s%s", split ? parts[i] : "", ext);
		item_path(&paths[i], ctx, j->deck->id, lang, buf_str(&e));
	}
	buf_finish(&e);
	return split ? 2 : 1;
}

static void decks_outputs(const void *jobs, const struct item_ctx *ctx, struct build_outputs *out)
{
	const struct deck_jobs *dj = jobs;
	struct buf paths[2], p;
	buf_init(&paths[0]);
	buf_init(&paths[1]);
	buf_init(&p);
	for (size_t i = 0; dj && i < dj->count; i++) {
		const struct deck_job *j = &dj->jobs[i];
		const char *lang = j->deck->langs.codes[j->lang];
		static const struct {
			unsigned format;
			const char *ext;
		} pdfs[] = {{FORMAT_PRINT, ".print.pdf"}, {FORMAT_PDFX, ".pdfx.pdf"}};
		for (size_t f = 0; f < 2; f++)
			if (ctx->formats & pdfs[f].format)
				for (size_t k = 0, n = print_paths(ctx, j, pdfs[f].ext, paths);
				     k < n; k++)
					build_outputs_add(out, pdfs[f].format, &paths[k]);
		if (ctx->formats & FORMAT_PNG) {
			buf_printf(&p, "%s/%s/png/%s.%s/", ctx->opt->out_dir, ctx->kit->name,
			           j->deck->id, lang);
			build_outputs_add(out, FORMAT_PNG, &p);
		}
		if (ctx->formats & FORMAT_SHEETS) {
			item_path(&p, ctx, j->deck->id, lang, ".sheets.pdf");
			build_outputs_add(out, FORMAT_SHEETS, &p);
		}
	}
	for (size_t i = 0; i < ctx->kit->ndecks; i++) {
		if (!ctx->kit->decks[i]->reference_only)
			spec_outputs(ctx, ctx->kit->decks[i]->id, out);
		/* decks_proof() writes a proof of each deck with a job */
		bool proofed = false;
		for (size_t j = 0; dj && j < dj->count && !proofed; j++)
			proofed = dj->jobs[j].deck == ctx->kit->decks[i];
		if (proofed)
			item_proof_output(ctx, ctx->kit->decks[i]->id, out);
	}
	buf_finish(&paths[0]);
	buf_finish(&paths[1]);
	buf_finish(&p);
}

/* ---- render ---- */

/* Where send_card() sends a card's faces: one sink gets fronts and backs
 * in the profile's order; with two (split), fronts go to a and backs to b.
 * With key, the pages are added to the key instead (build/cache.h). */
struct face_dest {
	struct sink *a, *b; /* b may be NULL */
	bool back_first, all_copies;
	struct cache_hash *key; /* may be NULL */
};

/* Sends card i's front and back (fl) to where; false when a page could
 * not be drawn or keyed. */
static bool send_card(const struct item_ctx *ctx, const struct deck *deck, size_t i,
                      const struct face_layout *const fl[2], const struct face_dest *where,
                      struct buf *label)
{
	const struct card *c = &deck->cards[i];
	long copies = where->all_copies ? c->count : 1;
	bool ok = true;
	for (long copy = 0; ok && copy < copies; copy++) {
		for (int side = 0; ok && side < 2; side++) {
			bool back = where->back_first ? side == 0 : side == 1;
			struct page_spec p = {.trim_w = deck->trim_w,
			                      .trim_h = deck->trim_h,
			                      .bleed = deck->bleed,
			                      .back = back};
			buf_clear(label);
			buf_printf(label, "%s %s", c->id, back ? "back" : "front");
			p.label = buf_str(label);
			p.outline = copy == 0 && side == 0 ? c->id : NULL;
			struct sink *s = where->b && back ? where->b : where->a;
			const struct dlist *dl = &fl[back]->dlist;
			ok = where->key ? cache_key_page(where->key, ctx->cache, dl, &p)
			                : item_draw_page(ctx, s, dl, &p);
		}
	}
	return ok;
}

/* Sends every card's faces of j to where (send_card()). */
static bool send_faces(const struct item_ctx *ctx, const struct deck_job *j,
                       const struct face_dest *where)
{
	struct buf label;
	buf_init(&label);
	bool ok = true;
	for (size_t i = 0; ok && i < j->deck->ncards; i++) {
		struct face_layout scratch[2] = {{0}, {0}};
		const struct face_layout *fl[2] = {job_face(ctx, j, i, false, &scratch[0]),
		                                   job_face(ctx, j, i, true, &scratch[1])};
		ok = send_card(ctx, j->deck, i, fl, where, &label);
		face_layout_finish(&scratch[0]);
		face_layout_finish(&scratch[1]);
	}
	buf_finish(&label);
	return ok;
}

static void pdf_meta_for(const struct item_ctx *ctx, const struct deck_job *j,
                         struct pdf_meta *meta, char *date, size_t n)
{
	sink_get_date(date, n);
	const struct deck *deck = j->deck;
	*meta = (struct pdf_meta){
	        .title = ltext_get(&deck->title, j->lang),
	        .author = deck->author ? deck->author : ctx->kit->author,
	        .subject = ltext_get(&deck->subject, j->lang),
	        .keywords = deck->langs.codes[j->lang],
	        .date = date,
	};
}

static void print_out_init(struct print_out *po, const struct item_ctx *ctx,
                           const struct deck_job *j)
{
	*po = (struct print_out){0};
	pdf_meta_for(ctx, j, &po->meta, po->date, sizeof(po->date));
	po->xo = preflight_pdfx_options(ctx, po->meta.title);
	for (int i = 0; i < 2; i++) {
		buf_init(&po->paths[i]);
		buf_init(&po->xpaths[i]);
	}
	po->n = print_paths(ctx, j, ".print.pdf", po->paths);
	print_paths(ctx, j, ".pdfx.pdf", po->xpaths);
	diag_init(&po->found);
}

/* Makes po's sinks; unnamed: see struct pdf_print. */
static bool print_out_open(struct print_out *po, const struct item_ctx *ctx, bool unnamed)
{
	bool ok = true;
	for (size_t i = 0; i < po->n && ok; i++) {
		struct pdf_print pp = {
		        .marks = ctx->kit->profile->marks,
		        .path = ctx->formats & FORMAT_PRINT ? buf_str(&po->paths[i]) : NULL,
		        .pdfx_path = ctx->formats & FORMAT_PDFX ? buf_str(&po->xpaths[i]) : NULL,
		        .pdfx = &po->xo,
		        .k_rule = ctx->k_rule,
		        .unnamed = unnamed,
		};
		po->sinks[i] = sink_pdf_create(&po->meta, &pp, ctx->diag);
		ok = po->sinks[i] != NULL;
	}
	return ok;
}

/* Finishes po's sinks when ok (item_finish_sink()) and frees them. */
static bool print_out_finish(struct print_out *po, const struct item_ctx *ctx, bool ok)
{
	ok = item_finish_sink(ctx, po->sinks[0], ok);
	if (po->n == 2)
		ok = item_finish_sink(ctx, po->sinks[1], ok);
	po->sinks[0] = po->sinks[1] = NULL;
	return ok;
}

/* Frees po, discarding what its sinks drew (po may be NULL). */
static void print_out_destroy(struct print_out *po)
{
	if (!po)
		return;
	for (int i = 0; i < 2; i++) {
		sink_destroy(po->sinks[i]);
		buf_finish(&po->paths[i]);
		buf_finish(&po->xpaths[i]);
	}
	diag_finish(&po->found);
	free(po);
}

static struct face_dest print_dest(const struct item_ctx *ctx, struct print_out *po)
{
	return (struct face_dest){.a = po->sinks[0],
	                          .b = po->sinks[1],
	                          .back_first = ctx->kit->profile->order == ORDER_BACK_FIRST,
	                          .all_copies = true};
}

/* The print PDFs of j drawn while it is laid out (j->early), for a deck
 * not kept, when the build writes them: NULL when it does not, or when the
 * kit has errors already (it writes nothing). */
static struct print_out *early_open(const struct item_ctx *ctx, const struct deck_job *j)
{
	if (!ctx->opt->write || !(ctx->formats & (FORMAT_PRINT | FORMAT_PDFX)) ||
	    diag_has_errors(ctx->diag))
		return NULL;
	struct print_out *po = xcalloc(1, sizeof(*po));
	print_out_init(po, ctx, j);
	struct item_ctx own = *ctx;
	own.diag = &po->found;
	if (!print_out_open(po, &own, true)) {
		print_out_destroy(po);
		return NULL;
	}
	return po;
}

/* Gives up j->early: what it drew is discarded, and so is the failure of
 * an image it could not draw (render draws the deck again, or nothing). */
static void early_drop(const struct item_ctx *ctx, struct deck_job *j)
{
	image_cache_report_failure(ctx->images, &j->early->found);
	print_out_destroy(j->early);
	j->early = NULL;
}

/* Draws the n cards from card on, whose faces are f (front, back), into
 * j->early. Once the kit has an error (it writes nothing) or drawing
 * fails, stops: render then draws the deck, and reports what it finds
 * where it always did. */
static void early_draw(const struct item_ctx *ctx, struct deck_job *j, size_t card, size_t n,
                       struct face_layout (*f)[2])
{
	struct print_out *po = j->early;
	if (!po)
		return;
	struct item_ctx own = *ctx;
	own.diag = &po->found;
	struct face_dest where = print_dest(ctx, po);
	struct buf label;
	buf_init(&label);
	bool ok = !diag_has_errors(ctx->diag);
	for (size_t k = 0; k < n && ok; k++) {
		const struct face_layout *fl[2] = {&f[k][0], &f[k][1]};
		ok = send_card(&own, j->deck, card + k, fl, &where, &label);
	}
	buf_finish(&label);
	if (!ok || diag_has_errors(&po->found))
		early_drop(ctx, j);
}

/* Completes cairo's files of j->early, or gives them up as early_draw()
 * does (an image that could not be drawn included). */
static void early_close(const struct item_ctx *ctx, struct deck_job *j)
{
	struct print_out *po = j->early;
	if (!po)
		return;
	bool ok =
	        !diag_has_errors(ctx->diag) && !image_cache_report_failure(ctx->images, &po->found);
	for (size_t i = 0; i < po->n && ok; i++)
		ok = sink_pdf_close_pages(po->sinks[i], &po->found);
	if (!ok)
		early_drop(ctx, j);
}

/* The print PDF(s) for the shop, and their PDF/X when asked. */
static bool render_print(const struct item_ctx *ctx, struct deck_job *j)
{
	bool want_pdfx = ctx->formats & FORMAT_PDFX;
	if (!(ctx->formats & FORMAT_PRINT) && !want_pdfx)
		return true;
	if (j->early) { /* drawn while laid out */
		bool ok = print_out_finish(j->early, ctx, true);
		print_out_destroy(j->early);
		j->early = NULL;
		return ok;
	}
	struct print_out po;
	print_out_init(&po, ctx, j);
	const struct profile *pr = ctx->kit->profile;
	/* the same pages and options as the files the last build wrote: kept */
	struct pdf_print first = {.marks = pr->marks, .path = "", .k_rule = ctx->k_rule};
	struct cache_hash key;
	/* a deck too large to keep its faces is drawn, not keyed: keying it
	 * would lay every face out once more */
	bool keyed = ctx->cache && !want_pdfx && j->kept;
	if (keyed) {
		cache_key_begin(&key, ctx->cache, "deck print");
		struct face_dest where = {.back_first = pr->order == ORDER_BACK_FIRST,
		                          .all_copies = true,
		                          .key = &key};
		keyed = cache_key_pdf(&key, &po.meta, &first) && send_faces(ctx, j, &where);
	}
	bool fresh = keyed;
	for (size_t i = 0; keyed && i < po.n; i++)
		fresh &= cache_output_is_fresh(ctx->cache, buf_str(&po.paths[i]), &key);
	bool ok = true;
	if (!fresh) {
		ok = print_out_open(&po, ctx, false);
		struct face_dest where = print_dest(ctx, &po);
		ok = ok && send_faces(ctx, j, &where);
		ok = print_out_finish(&po, ctx, ok);
	}
	diag_finish(&po.found);
	for (int i = 0; i < 2; i++) {
		buf_finish(&po.paths[i]);
		buf_finish(&po.xpaths[i]);
	}
	return ok;
}

/* The texts on the print-at-home sheets, laid out for the plan that the
 * sink makes from the same options. */
struct sheet_texts {
	struct dlist note, test_front, test_back;
	struct paint_ctx pc;
	struct sheet_overlays ov;
};

/* False when the cards cannot be imposed (the sink reports it). */
static bool sheet_texts_make(struct sheet_texts *st, const struct item_ctx *ctx,
                             const struct deck *deck, const struct impose_options *io,
                             const char *lang)
{
	struct impose_plan plan;
	const char *err;
	if (!impose_plan(&plan, deck->trim_w, deck->trim_h, io, &err))
		return false;
	PangoContext *pango = fonts_get_context(ctx->fonts);
	st->pc = (struct paint_ctx){.pango = pango, .images = ctx->images};
	st->ov = (struct sheet_overlays){.pc = &st->pc};
	dlist_init(&st->note, plan.sheet_w, plan.sheet_h, 0);
	dlist_init(&st->test_front, plan.sheet_w, plan.sheet_h, 0);
	dlist_init(&st->test_back, plan.sheet_w, plan.sheet_h, 0);
	size_t all = (size_t)plan.per_sheet, n = 0;
	struct box *slots = xcalloc(2 * all, sizeof(*slots));
	for (size_t i = 0; i < all; i++) {
		slots[n++] = plan.front[i];
		if (io->duplex == DUPLEX_FOLD)
			slots[n++] = plan.back[i];
	}
	struct sheet_frame f = {plan.sheet_w, plan.sheet_h, io->margin, plan.fold_x, slots, n,
	                        io->bleed};
	const struct phrasebook *pb = ctx->kit->phrases;
	sheet_text_note(&st->note, &st->ov.note_at, pb, lang, &f, pango);
	st->ov.note = &st->note;
	if (ctx->opt->alignment_test && (io->duplex == DUPLEX_LONG || io->duplex == DUPLEX_SHORT)) {
		sheet_text_alignment(&st->test_front, plan.front[0], false,
		                     io->duplex == DUPLEX_SHORT, pb, lang, pango);
		f.slots = plan.front;
		f.nslots = all;
		struct box at;
		sheet_text_note(&st->test_front, &at, pb, lang, &f, pango);
		sheet_text_alignment(&st->test_back, plan.back[0], true, false, pb, lang, pango);
		st->ov.test_front = &st->test_front;
		st->ov.test_back = &st->test_back;
	}
	free(slots);
	impose_plan_finish(&plan);
	return true;
}

static void sheet_texts_finish(struct sheet_texts *st)
{
	dlist_finish(&st->note);
	dlist_finish(&st->test_front);
	dlist_finish(&st->test_back);
}

static bool render_sheets(const struct item_ctx *ctx, const struct deck_job *j)
{
	const struct deck *deck = j->deck;
	const char *lang = deck->langs.codes[j->lang];
	struct pdf_meta meta;
	char date[32];
	pdf_meta_for(ctx, j, &meta, date, sizeof(date));
	struct impose_options io;
	sheet_options(ctx, deck, &io);
	struct buf path;
	buf_init(&path);
	item_path(&path, ctx, deck->id, lang, ".sheets.pdf");
	struct sheet_texts st = {0};
	bool planned = sheet_texts_make(&st, ctx, deck, &io, lang);
	struct sink *s =
	        sink_sheets_create(buf_str(&path), &meta, &io, deck->trim_w, deck->trim_h,
	                           planned ? &st.ov : NULL, ctx->opt->alignment_test, ctx->diag);
	struct face_dest where = {.a = s, .all_copies = true};
	bool ok = s && send_faces(ctx, j, &where);
	ok = item_finish_sink(ctx, s, ok);
	sheet_texts_finish(&st);
	buf_finish(&path);
	return ok;
}

/* The folder of j's PNG previews. */
static void png_dir(struct buf *dir, const struct item_ctx *ctx, const struct deck_job *j)
{
	buf_printf(dir, "%s/%s/png/%s.%s", ctx->opt->out_dir, ctx->kit->name, j->deck->id,
	           j->deck->langs.codes[j->lang]);
}

/* The PNG preview page of card i's front or back: its label into label. */
static struct page_spec png_page(const struct deck_job *j, size_t i, bool back, struct buf *label)
{
	const struct deck *deck = j->deck;
	buf_clear(label);
	buf_printf(label, "%03zu-%s-%s", i + 1, deck->cards[i].id, back ? "back" : "front");
	return (struct page_spec){.trim_w = deck->trim_w,
	                          .trim_h = deck->trim_h,
	                          .bleed = deck->bleed,
	                          .back = back,
	                          .label = buf_str(label)};
}

static bool crew_render(const struct item_ctx *ctx, struct deck_job *j, struct sink *s,
                        const char *dir, struct buf *label);
static void crew_end(struct deck_job *j);

static bool render_png(const struct item_ctx *ctx, struct deck_job *j)
{
	const struct deck *deck = j->deck;
	struct buf dir, label;
	buf_init(&dir);
	buf_init(&label);
	png_dir(&dir, ctx, j);
	/* a deck with a crew: its helpers draw their cards' pages */
	struct sink *s = sink_png_create(buf_str(&dir), ctx->opt->dpi, j->crew ? 1 : ctx->opt->jobs,
	                                 2 * deck->ncards, ctx->diag);
	bool ok = s != NULL;
	if (ok && j->crew)
		ok = crew_render(ctx, j, s, buf_str(&dir), &label);
	for (size_t i = 0; ok && !j->crew && i < deck->ncards; i++) {
		for (int back = 0; ok && back < 2; back++) {
			struct page_spec p = png_page(j, i, back, &label);
			struct face_layout scratch = {0};
			ok = cache_draw_png(ctx, s, buf_str(&dir),
			                    &job_face(ctx, j, i, back, &scratch)->dlist, &p,
			                    ctx->opt->dpi);
			face_layout_finish(&scratch);
		}
	}
	if (ok)
		crew_end(j);
	ok = item_finish_sink(ctx, s, ok);
	buf_finish(&dir);
	buf_finish(&label);
	return ok;
}

/* ---- The crew ----
 *
 * With --jobs N, a kit that draws fewer items than N (one deck in one
 * language) is not split among processes (build/split.h); its PNG team
 * (output/sink_png.c) shared the drawing, but every card was laid out
 * first, here, alone: about 15 % of a PNG build, which kept two jobs at
 * 1.5x one. A kept deck's crew shares the layout too: helpers forked as
 * its layout begins each lay out the cards they claim (team_claim(), the
 * next free one when ready, as in util/team.h), keep the faces and send
 * the leader what laying out each card reported. The leader lays out the
 * cards it claims without waiting for anyone, keeping what each reported,
 * and once every card is laid out reports every card's findings in card
 * order (crew_report()), as one process would.
 *
 * Then each process draws the PNG previews of the cards it laid out, in
 * card order, grabbing each first (team_grab()); one that has drawn all
 * of its own takes the last card another has not grabbed yet, lays it out
 * again and draws it (crew_steal()), so that all end together whoever
 * laid out more (laying out is a fifth of drawing, and a process that
 * starts cold lays out slower). A helper writes each page into the
 * leader's folder j->crew_dir (output/atomic.h's atomic_make_dir(): a stop
 * signal stops the helpers, then removes it) and sends what its build
 * cache noted for it (the key, so that the leader's record holds it) and
 * how the page comes (output/sink.h's enum sink_png_sent: written there,
 * fresh, or as bytes where it could not write it). The leader adopts the
 * pages as they come, between its own, holding them with its own, so the
 * cache record and all-or-nothing stay with one process. A page it is not
 * sent (a helper died, or could not draw it) it draws itself at the end,
 * laying the card out again (job_face()), the same, its messages already
 * reported.
 *
 * The team's items: card i is item i (its findings), the page of card
 * i's front or back item ncards + 2i (+ 1). */

/* A deck with fewer cards has no crew: a fork costs more than a few cards. */
#define CREW_MIN_CARDS 16

static size_t page_item(const struct deck_job *j, size_t i, bool back)
{
	return j->deck->ncards + 2 * i + back;
}

/* The formats that draw a deck's faces besides its PNG previews: a build
 * of any of them has no crew. Their pages would need the helpers' faces
 * laid out again in the leader (the helper's half of the layout done
 * twice), and the leader would still draw its half of the previews after
 * them: a 1,000-card print + PNG build with two jobs took about 1.07x the
 * wall time and 1.09x the cpu time of one without a crew (three runs). */
#define CREW_NOT_WITH (FORMAT_PRINT | FORMAT_PDFX | FORMAT_SHEETS | FORMAT_PROOF)

/* How a crew's card was fitted, where every process of the crew reads it:
 * a card one process takes over from another (crew_steal()) is laid out
 * again from it, unfitted (layout_card_face_again()), rather than fitted
 * again (0.45 ms a card, 7-8 cards at the end of a 100-card deck). A card
 * with more texts than this, or with a text fitting moved or mended (the
 * memo's rare ones, which hold memory of their own), is fitted again. */
#define CREW_MEMO_TEXTS 24

struct crew_memo {
	atomic_uchar ready;   /* 1 once the rest is written */
	unsigned char nfront; /* texts of the front; the back's follow */
	unsigned char count;  /* texts of both faces */
	struct fit_memo_text texts[CREW_MEMO_TEXTS];
};

/* Makes j's memos, shared with the helpers forked after. */
static void crew_memos_create(struct deck_job *j)
{
	size_t n = j->deck->ncards;
	if (n > SIZE_MAX / sizeof(struct crew_memo))
		return;
	/* anonymous shared memory starts zeroed: no card is ready */
	size_t size = n * sizeof(struct crew_memo);
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	j->crew_memos = p;
	j->crew_memos_size = size;
}

static void crew_memos_destroy(struct deck_job *j)
{
	if (j->crew_memos)
		munmap(j->crew_memos, j->crew_memos_size);
	j->crew_memos = NULL;
}

/* Card i's texts as fitting decided (m, the front's first nfront), for
 * the other processes, when they fit a crew_memo. */
static void crew_publish(struct deck_job *j, size_t i, const struct fit_memo *m, size_t nfront)
{
	struct crew_memo *cm = &j->crew_memos[i];
	if (m->nrare || m->count > CREW_MEMO_TEXTS || atomic_load(&cm->ready))
		return;
	if (m->count) /* a face of shapes and images has none (and no array) */
		memcpy(cm->texts, m->texts, m->count * sizeof(*m->texts));
	cm->nfront = (unsigned char)nfront;
	cm->count = (unsigned char)m->count;
	atomic_store_explicit(&cm->ready, 1, memory_order_release);
}

/* Lays out card i's faces into j's from the memo its owner published;
 * false when there is none (yet). */
static bool crew_replay_card(const struct item_ctx *ctx, const struct deck_job *j, size_t i)
{
	const struct crew_memo *cm = j->crew_memos ? &j->crew_memos[i] : NULL;
	if (!cm || !atomic_load_explicit(&cm->ready, memory_order_acquire))
		return false;
	struct fit_memo m = {.texts = (struct fit_memo_text *)cm->texts, .count = cm->count};
	for (int side = 0; side < 2; side++)
		layout_card_face_again(side ? &j->backs[i] : &j->fronts[i], j->deck,
		                       &j->deck->cards[i], side ? FACE_BACK : FACE_FRONT, j->lang,
		                       ctx->hy, &j->fit, &m, side ? cm->nfront : 0);
	return true;
}

/* The crew's folder, in the deck's preview folder (made as needed: a
 * file renamed from it never crosses to another file system, and takes
 * the group and access rules of the folder it ends in from the start).
 * The output folder is this build's already: build.c takes its lock
 * before the layout of a kit that may have a crew. None (the helpers send
 * bytes) when it cannot be made: drawing reports why. */
static void crew_make_dir(const struct item_ctx *ctx, struct deck_job *j)
{
	struct buf dir, up;
	buf_init(&dir);
	buf_init(&up);
	png_dir(&dir, ctx, j);
	/* the folders missing now, so that a kit that writes nothing leaves
	 * none of them */
	buf_puts(&up, buf_str(&dir));
	size_t cap = 0;
	struct stat st;
	while (up.len && strcmp(buf_str(&up), ctx->opt->out_dir) != 0 &&
	       stat(buf_str(&up), &st) != 0 && errno == ENOENT) {
		XGROW(j->crew_made, cap, j->ncrew_made + 1);
		j->crew_made[j->ncrew_made++] = xstrdup(buf_str(&up));
		char *slash = strrchr(up.data, '/');
		up.len = slash ? (size_t)(slash - up.data) : 0;
		up.data[up.len] = '\0';
	}
	struct diag scratch;
	diag_init(&scratch);
	if (make_dirs(buf_str(&dir), &scratch))
		j->crew_dir = atomic_make_dir(buf_str(&dir), &j->crew_dir_handle);
	diag_finish(&scratch);
	buf_finish(&up);
	buf_finish(&dir);
}

/* Removes the crew's folder with what is left in it, and the folders made
 * for it that are still empty. */
static void crew_remove_dir(struct deck_job *j)
{
	atomic_remove_dir(j->crew_dir, j->crew_dir_handle);
	j->crew_dir = NULL;
	for (size_t i = 0; i < j->ncrew_made; i++) {
		rmdir(j->crew_made[i]); /* fails, as it should, when not empty */
		free(j->crew_made[i]);
	}
	free(j->crew_made);
	j->crew_made = NULL;
	j->ncrew_made = 0;
}

/* Forks j's crew when it may have one: a kept deck of which the build
 * draws only PNG previews, in a kit not split (ctx->crew). */
static void crew_start(const struct item_ctx *ctx, struct deck_job *j)
{
	if (!ctx->crew || !(ctx->formats & FORMAT_PNG) || (ctx->formats & CREW_NOT_WITH) ||
	    j->deck->ncards < CREW_MIN_CARDS)
		return;
	cache_mark_now(ctx->cache, &j->crew_notes);
	crew_make_dir(ctx, j);
	/* the dictionaries loading ahead are loaded in the helpers too, and no
	 * thread lives on into the fork (util/thread.h) */
	hyphenator_settle(ctx->hy);
	crew_memos_create(j);
	j->crew = team_create(ctx->opt->jobs - 1, j->deck->ncards);
	if (!j->crew) {
		crew_memos_destroy(j);
		crew_remove_dir(j);
		return;
	}
	j->mine = xcalloc(j->deck->ncards, sizeof(*j->mine));
	j->have = xcalloc(j->deck->ncards, sizeof(*j->have));
	j->steal_top = j->deck->ncards;
	if (team_is_helper(j->crew))
		return;
	j->found = xcalloc(j->deck->ncards, sizeof(*j->found));
	/* a stop signal stops the helpers before it removes their folder, so
	 * that none writes a file into it after */
	unsigned n = team_helpers(j->crew);
	j->crew_tracked = xcalloc(n, sizeof(*j->crew_tracked));
	for (unsigned i = 0; i < n; i++)
		j->crew_tracked[i] = atomic_track_process(team_helper_pid(j->crew, i));
}

/* What laying out a card reported (d) and its finest marks, into b. */
static void crew_pack(struct buf *b, const struct diag *d, const struct preflight_found *fine)
{
	buf_append(b, (const char *)fine, sizeof(*fine));
	for (size_t k = 0; k < d->len; k++)
		diag_put_entry(b, &d->entries[k]);
}

/* Reads what crew_pack() wrote; reports it into d unless d is NULL.
 * False when the bytes are not such a record. */
static bool crew_replay(const struct buf *b, struct preflight_found *fine, struct diag *d)
{
	struct buf_reader r = {b->data, b->data + b->len, false};
	if (b->len < sizeof(*fine))
		return false;
	memcpy(fine, r.p, sizeof(*fine));
	r.p += sizeof(*fine);
	struct diag_entry e;
	while (r.p < r.end && diag_get_entry(&r, &e)) {
		if (d && e.severity == SEV_ERROR)
			diag_error(d, e.mark, "%s", e.message);
		else if (d)
			diag_warning(d, e.mark, "%s", e.message);
		free((char *)e.mark.file);
		free(e.message);
	}
	return !r.bad;
}

/* Card i of a deck with a crew: true, for it is laid out here when this
 * process claims it (what that reports sent to the leader, or kept by
 * it for crew_report()) and by another process otherwise. */
static bool crew_lay_out(const struct item_ctx *ctx, struct deck_job *j, size_t i,
                         struct face_layout *const f[2])
{
	struct team *t = j->crew;
	if (!team_claim(t, i))
		return true;
	struct diag found;
	diag_init(&found);
	struct item_ctx hctx = *ctx;
	hctx.diag = &found;
	struct preflight_found fine;
	preflight_found_init(&fine);
	lay_out_card(&hctx, j, i, f, &fine);
	if (team_is_helper(t)) {
		struct buf b;
		buf_init(&b);
		crew_pack(&b, &found, &fine);
		team_send(t, i, j->deck->cards[i].id, true, b.data, b.len);
		buf_finish(&b);
	} else {
		crew_pack(&j->found[i], &found, &fine);
	}
	diag_finish(&found);
	j->mine[i] = j->have[i] = true;
	return true;
}

/* In the leader, once its layout loop is done: reports every card's
 * findings in card order, its own as it kept them and its helpers' as
 * they sent them (waiting for them); a card no helper will send (one
 * died) is laid out here, its messages reported in their place. */
static void crew_report(const struct item_ctx *ctx, struct deck_job *j)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < j->deck->ncards; i++) {
		struct preflight_found fine;
		bool sent;
		if (j->mine[i]) {
			crew_replay(&j->found[i], &fine, ctx->diag);
			preflight_found_add(&j->fine, &fine);
		} else if (team_take(j->crew, i, j->deck->cards[i].id, &b, &sent) && sent &&
		           crew_replay(&b, &fine, NULL)) {
			crew_replay(&b, &fine, ctx->diag);
			preflight_found_add(&j->fine, &fine);
		} else {
			struct face_layout *f[2] = {&j->fronts[i], &j->backs[i]};
			lay_out_card(ctx, j, i, f, &j->fine);
			j->mine[i] = j->have[i] = true;
		}
		buf_finish(&j->found[i]);
	}
	buf_finish(&b);
	free(j->found);
	j->found = NULL;
	/* a kit with errors draws nothing: the helpers stop now */
	if (diag_has_errors(ctx->diag))
		crew_end(j);
}

/* The card whose previews this process draws next once it has drawn its
 * own: the last one no process has grabbed (each draws its own in card
 * order, so they meet), grabbed; ncards when none is left. */
static size_t crew_steal(struct deck_job *j)
{
	while (j->steal_top > 0) {
		size_t i = --j->steal_top;
		if (!j->mine[i] && team_grab(j->crew, i))
			return i;
	}
	return j->deck->ncards;
}

/* In a helper: draws the PNG previews of card i and sends them. */
static void crew_send_pages(const struct item_ctx *ctx, struct deck_job *j, size_t i,
                            struct sink *s, const char *dir)
{
	struct buf label, tag, notes;
	buf_init(&label);
	buf_init(&tag);
	buf_init(&notes);
	for (int back = 0; back < 2; back++) {
		struct page_spec p = png_page(j, i, back, &label);
		struct face_layout scratch = {0};
		const struct dlist *dl = &job_face(ctx, j, i, back, &scratch)->dlist;
		size_t item = page_item(j, i, back);
		bool fresh = cache_png_is_fresh(ctx, dir, dl, &p, ctx->opt->dpi);
		buf_clear(&notes);
		uint64_t n = 0;
		buf_append(&notes, (const char *)&n, sizeof(n));
		cache_export_since(ctx->cache, &j->crew_notes, &notes);
		n = notes.len - sizeof(n);
		memcpy(notes.data, &n, sizeof(n));
		if (fresh) {
			buf_putc(&notes, SINK_PNG_FRESH);
			buf_clear(&tag);
			buf_printf(&tag, "%s/%s.png", dir, buf_str(&label));
			team_send(j->crew, item, buf_str(&tag), true, notes.data, notes.len);
		} else {
			sink_png_send_as(s, item, notes.data, notes.len);
			item_draw_page(ctx, s, dl, &p);
		}
		face_layout_finish(&scratch);
	}
	buf_finish(&notes);
	buf_finish(&tag);
	buf_finish(&label);
}

/* In a helper, once every card is claimed: draws the PNG previews of the
 * cards it laid out and of those it takes over, sends them, and ends the
 * process. */
static void crew_draw(const struct item_ctx *ctx, struct deck_job *j)
{
	struct team *t = j->crew;
	struct buf dir;
	buf_init(&dir);
	png_dir(&dir, ctx, j);
	struct sink *s = sink_png_create_sender(t, buf_str(&dir), ctx->opt->dpi);
	if (j->crew_dir)
		sink_png_write_into(s, j->crew_dir);
	for (size_t i = 0; i < j->deck->ncards; i++)
		if (j->mine[i] && team_grab(t, i))
			crew_send_pages(ctx, j, i, s, buf_str(&dir));
	for (size_t i; (i = crew_steal(j)) < j->deck->ncards;)
		crew_send_pages(ctx, j, i, s, buf_str(&dir));
	sink_destroy(s);
	team_destroy(t); /* never returns */
}

/* In the leader: draws the pages of card i that are not written yet
 * (written, by page). False when one could not be drawn or written. */
static bool crew_draw_here(const struct item_ctx *ctx, struct deck_job *j, size_t i, struct sink *s,
                           const char *dir, struct buf *label, bool *written)
{
	bool ok = true;
	for (int back = 0; ok && back < 2; back++) {
		if (written[2 * i + back])
			continue;
		struct page_spec p = png_page(j, i, back, label);
		struct face_layout scratch = {0};
		ok = cache_draw_png(ctx, s, dir, &job_face(ctx, j, i, back, &scratch)->dlist, &p,
		                    ctx->opt->dpi);
		face_layout_finish(&scratch);
		written[2 * i + back] = true;
	}
	/* a build of previews alone reads no face again: the card's go now,
	 * while the helpers draw, not all at the end (a face asked for again
	 * would be laid out again: job_face()) */
	if (ctx->formats == FORMAT_PNG && j->have[i] && written[2 * i] && written[2 * i + 1]) {
		face_layout_finish(&j->fronts[i]);
		face_layout_finish(&j->backs[i]);
		j->have[i] = false;
	}
	return ok;
}

/* In the leader: writes the pages the helpers have sent (waiting for all
 * of them when wait is true). A page that is not one a helper may send
 * stops the crew. False when a file could not be written. */
static bool crew_collect(const struct item_ctx *ctx, struct deck_job *j, bool wait, struct sink *s,
                         const char *dir, struct buf *label, bool *written)
{
	size_t n = j->deck->ncards;
	struct buf msg, want;
	buf_init(&msg);
	buf_init(&want);
	bool ok = true;
	size_t item;
	char *tag;
	bool drawn;
	while (ok && team_take_next(j->crew, wait, &item, &tag, &msg, &drawn) == TEAM_GOT) {
		size_t page = item - n, i = page / 2;
		uint64_t len;
		struct page_spec p = {0};
		bool fits = item >= n && page < 2 * n && !written[page] && team_grabbed(j->crew, i);
		if (fits) {
			p = png_page(j, i, page % 2, label);
			buf_clear(&want);
			buf_printf(&want, "%s/%s.png", dir, p.label);
			fits = strcmp(tag, buf_str(&want)) == 0;
		}
		free(tag);
		if (!fits ||
		    (drawn &&
		     !(msg.len >= sizeof(len) &&
		       (memcpy(&len, msg.data, sizeof(len)), len <= msg.len - sizeof(len)) &&
		       cache_import(ctx->cache, msg.data + sizeof(len), (size_t)len)))) {
			team_stop(j->crew); /* the processes disagree: every page not written is
			                       drawn here */
			break;
		}
		if (!drawn)
			continue; /* drawn here at the end, for its messages */
		size_t at = sizeof(len) + (size_t)len;
		char sent = at < msg.len ? msg.data[at] : 0;
		if (sent == SINK_PNG_BYTES)
			ok = sink_png_write(s, p.label, msg.data + at + 1, msg.len - at - 1,
			                    ctx->diag);
		else if (sent == SINK_PNG_WRITTEN && j->crew_dir && msg.len == at + 1)
			ok = sink_png_adopt(s, p.label, j->crew_dir, ctx->diag);
		else if (sent != SINK_PNG_FRESH || msg.len != at + 1) {
			team_stop(j->crew); /* not a message of a helper's */
			break;
		}
		written[page] = true;
	}
	buf_finish(&want);
	buf_finish(&msg);
	return ok;
}

/* In render, for a deck with a crew: the leader draws its own cards'
 * previews and then others' (crew_steal()), writing the helpers' pages
 * between them as they come, and at last draws any page no helper sent. */
static bool crew_render(const struct item_ctx *ctx, struct deck_job *j, struct sink *s,
                        const char *dir, struct buf *label)
{
	size_t n = j->deck->ncards;
	bool *written = xcalloc(2 * n, sizeof(*written));
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		if (j->mine[i] && team_grab(j->crew, i))
			ok = crew_draw_here(ctx, j, i, s, dir, label, written);
		ok = ok && crew_collect(ctx, j, false, s, dir, label, written);
	}
	for (size_t i; ok && (i = crew_steal(j)) < n;)
		ok = crew_draw_here(ctx, j, i, s, dir, label, written) &&
		     crew_collect(ctx, j, false, s, dir, label, written);
	ok = ok && crew_collect(ctx, j, true, s, dir, label, written);
	for (size_t i = 0; ok && i < n; i++)
		ok = crew_draw_here(ctx, j, i, s, dir, label, written);
	free(written);
	return ok;
}

/* After render has every page of j (or when j ends): ends its crew. */
static void crew_end(struct deck_job *j)
{
	/* stopped (or ended) before they are forgotten: a stop signal in
	 * between finds no helper at work in the folder it removes */
	unsigned n = j->crew && !team_is_helper(j->crew) ? team_helpers(j->crew) : 0;
	team_destroy(j->crew);
	j->crew = NULL;
	for (unsigned i = 0; j->crew_tracked && i < n; i++)
		atomic_untrack_process(j->crew_tracked[i]);
	free(j->crew_tracked);
	j->crew_tracked = NULL;
	crew_memos_destroy(j);
}

/* Progress on long builds, only when stderr is a terminal: which item,
 * how many are done, and an estimate of the time left. */
struct progress {
	bool on;
	size_t total;
	double start;
};

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_start(struct progress *p, const struct item_ctx *ctx, size_t total)
{
	*p = (struct progress){.on = isatty(STDERR_FILENO) && !ctx->opt->json && total > 1,
	                       .total = total,
	                       .start = seconds()};
}

static void progress_show(const struct progress *p, const struct item_ctx *ctx,
                          const struct deck_job *j, size_t done)
{
	if (!p->on)
		return;
	double elapsed = seconds() - p->start;
	/* the names are the user's: escaped, so they cannot drive the terminal */
	struct buf name;
	buf_init(&name);
	buf_printf(&name, "%s/%s.%s", ctx->kit->name, j->deck->id, j->deck->langs.codes[j->lang]);
	struct buf shown;
	buf_init(&shown);
	buf_put_escaped(&shown, buf_str(&name));
	fprintf(stderr, "\r\033[Kdeckpress: %s  %zu/%zu", buf_str(&shown), done + 1, p->total);
	buf_finish(&shown);
	buf_finish(&name);
	if (done > 0)
		fprintf(stderr, ", about %.0f s left",
		        elapsed / (double)done * (double)(p->total - done));
	fflush(stderr);
}

static void progress_end(const struct progress *p)
{
	if (p->on)
		fprintf(stderr, "\r\033[K");
}

/* The deck's print spec, from its faces in every language built. */
static bool write_spec(const struct item_ctx *ctx, const struct deck_jobs *dj,
                       const struct deck *deck)
{
	struct preflight_found found;
	preflight_found_init(&found);
	const struct deck_job *first = NULL;
	for (size_t i = 0; i < dj->count; i++) {
		const struct deck_job *j = &dj->jobs[i];
		if (j->deck != deck)
			continue;
		first = first ? first : j;
		preflight_found_add(&found, &j->fine);
	}
	struct spec_item s;
	spec_item_from_deck(&s, ctx, deck, &found);
	if (first && first->spec) { /* gathered as a deck not kept was laid out */
		memcpy(s.fonts, first->spec->fonts, sizeof(s.fonts));
		s.nfonts = first->spec->nfonts;
		free(s.backs_seen);
		s.backs_seen = first->spec->backs_seen;
		s.backs_distinct = first->spec->backs_distinct;
		s.backs_cap = first->spec->backs_cap;
		first->spec->backs_seen = NULL;
		first->spec->backs_distinct = 0;
		first->spec->backs_cap = 0;
	}
	for (size_t k = 0; first && !first->spec && k < dj->count; k++) {
		const struct deck_job *j = &dj->jobs[k];
		for (size_t i = 0; j->deck == deck && i < deck->ncards; i++) {
			struct face_layout f = {0};
			spec_item_add_fonts(&s, &job_face(ctx, j, i, false, &f)->dlist);
			face_layout_finish(&f);
			const struct dlist *back = &job_face(ctx, j, i, true, &f)->dlist;
			spec_item_add_fonts(&s, back);
			if (j == first)
				spec_item_add_back(&s, back);
			face_layout_finish(&f);
		}
	}
	bool ok = spec_write(ctx, &s);
	spec_item_finish(&s);
	return ok;
}

static bool decks_render(void *jobs, const struct item_ctx *ctx)
{
	struct deck_jobs *dj = jobs;
	const struct kit *kit = ctx->kit;
	bool ok = true;
	struct progress pg;
	progress_start(&pg, ctx, dj->count);
	for (size_t i = 0; i < dj->count && ok; i++) {
		if (!item_take_unit(ctx))
			continue;
		progress_show(&pg, ctx, &dj->jobs[i], i);
		ok = render_print(ctx, &dj->jobs[i]);
		if (ok && (ctx->formats & FORMAT_PNG))
			ok = render_png(ctx, &dj->jobs[i]);
		if (ok && (ctx->formats & FORMAT_SHEETS))
			ok = render_sheets(ctx, &dj->jobs[i]);
	}
	progress_end(&pg);
	for (size_t i = 0; i < kit->ndecks && ok; i++)
		if (!kit->decks[i]->reference_only &&
		    (ctx->formats & (FORMAT_PRINT | FORMAT_PDFX)) && item_take_unit(ctx))
			ok = write_spec(ctx, dj, kit->decks[i]);
	return ok;
}

/* A deck's faces for its proof: its jobs, one per language proofed. */
struct proof_src {
	const struct item_ctx *ctx;
	const struct deck_job **jobs;
};

static const struct face_layout *proof_face(void *arg, size_t l, size_t card, bool back,
                                            struct face_layout *scratch)
{
	const struct proof_src *src = arg;
	return job_face(src->ctx, src->jobs[l], card, back, scratch);
}

/* The translation proof of each deck: its languages side by side, headed
 * in its source language. Written even when texts do not fit, since that
 * is what it is for. */
static bool decks_proof(const void *jobs, const struct item_ctx *ctx)
{
	const struct deck_jobs *dj = jobs;
	const struct kit *kit = ctx->kit;
	bool ok = true;
	for (size_t i = 0; dj && i < kit->ndecks && ok; i++) {
		const struct deck *deck = kit->decks[i];
		if (!item_take_unit(ctx))
			continue;
		const char **codes = xcalloc(dj->count ? dj->count : 1, sizeof(*codes));
		struct proof_src src = {ctx, xcalloc(dj->count ? dj->count : 1, sizeof(*src.jobs))};
		size_t n = 0;
		for (size_t j = 0; j < dj->count; j++) {
			const struct deck_job *job = &dj->jobs[j];
			if (job->deck != deck)
				continue;
			codes[n] = deck->langs.codes[job->lang];
			src.jobs[n++] = job;
		}
		if (n) {
			struct pdf_meta meta;
			char date[32];
			pdf_meta_for(ctx, src.jobs[0], &meta, date, sizeof(date));
			meta.keywords = "translation proof";
			struct proof_table t;
			struct proof_faces faces = {proof_face, &src};
			proof_table_init(&t, deck->id, codes, n, kit->phrases, deck->langs.codes[0],
			                 fonts_get_context(ctx->fonts));
			proof_table_add_deck(&t, deck, &faces);
			ok = item_write_proof(ctx, &t, deck->id, &meta);
		}
		free(src.jobs);
		free(codes);
	}
	return ok;
}

const struct item_kind deck_kind = {
        .kind = KIND_DECK,
        .prepare = decks_prepare,
        .outputs = decks_outputs,
        .proof = decks_proof,
        .render = decks_render,
        .destroy = decks_destroy,
};
