#include "build/build.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build/items.h"
#include "build/summary.h"
#include "layout/card.h"
#include "layout/sheet_text.h"
#include "model/kit.h"
#include "model/lint.h"
#include "output/impose.h"
#include "output/pdfx.h"
#include "output/proof.h"
#include "output/sink.h"
#include "build/spec.h"
#include "render/image.h"
#include "render/paint.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "util/buf.h"
#include "util/exitcode.h"
#include "util/mem.h"

/* One deck in one language, laid out: a front and a back per card. */
struct deck_job {
	const struct deck *deck;
	size_t lang;
	struct face_layout *fronts, *backs; /* owned, deck->ncards each */
};

struct run {
	const struct build_options *opt;
	struct diag diag;
	struct fonts *fonts;
	struct image_cache *images;
	struct hyphenator *hy; /* the kit's, with its exceptions; owned per kit */
	bool io_failed;
	bool usage_failed;
	struct buf json;    /* findings so far, with --format json */
	struct buf summary; /* with --summary: the translation status of each kit */
	size_t errors, warnings;
};

/* Hands the findings collected so far to the user: as text on stderr, or
 * kept for the JSON document printed at the end. */
static void report(struct run *r)
{
	diag_take_counts(&r->diag, &r->errors, &r->warnings);
	if (r->opt->json)
		diag_flush_json(&r->diag, &r->json);
	else
		diag_flush(&r->diag, stderr);
}

static bool has_family(const char *family, const void *ctx)
{
	return fonts_has_family(ctx, family);
}

static void job_finish(struct deck_job *j)
{
	for (size_t i = 0; i < j->deck->ncards; i++) {
		face_layout_finish(&j->fronts[i]);
		face_layout_finish(&j->backs[i]);
	}
	free(j->fronts);
	free(j->backs);
}

/* Decodes every image a deck uses, so a corrupt file is an input error
 * found before anything is written. */
static void load_images(struct run *r, const struct deck *deck)
{
	if (deck->back.icon)
		image_cache_load(r->images, deck->back.icon, deck->back.icon_mark, &r->diag);
	for (size_t i = 0; i < deck->ncategories; i++)
		if (deck->categories[i].icon)
			image_cache_load(r->images, deck->categories[i].icon,
					 deck->categories[i].icon_mark, &r->diag);
	for (int f = 0; f < FACE_COUNT_; f++) {
		const struct face *face = &deck->tmpl->faces[f];
		for (size_t i = 0; i < face->count; i++)
			if (face->elems[i].type == ELEM_IMAGE && face->elems[i].src_path)
				image_cache_load(r->images, face->elems[i].src_path, face->elems[i].mark,
						 &r->diag);
	}
}

static void layout_job(struct run *r, struct deck_job *j)
{
	const struct deck *deck = j->deck;
	PangoContext *ctx = fonts_get_context(r->fonts);
	j->fronts = xcalloc(deck->ncards ? deck->ncards : 1, sizeof(*j->fronts));
	j->backs = xcalloc(deck->ncards ? deck->ncards : 1, sizeof(*j->backs));
	for (size_t i = 0; i < deck->ncards; i++) {
		layout_card_face(&j->fronts[i], deck, &deck->cards[i], FACE_FRONT, j->lang, ctx, r->hy,
				 &r->diag);
		layout_card_face(&j->backs[i], deck, &deck->cards[i], FACE_BACK, j->lang, ctx, r->hy,
				 &r->diag);
	}
}

static bool draw_page(struct run *r, struct sink *s, const struct face_layout *fl,
		      const struct page_spec *p)
{
	cairo_t *cr = s->ops->begin_page(s, p, &r->diag);
	if (!cr)
		return false;
	struct paint_ctx pc = {.pango = fonts_get_context(r->fonts), .images = r->images};
	paint_page(cr, &fl->dlist, &pc);
	return s->ops->end_page(s, cr, &r->diag);
}

/* The localized line in the margin of print-at-home sheets. */
static const char *sheet_note(const char *lang)
{
	if (strcmp(lang, "da") == 0)
		return "Udskriv i 100 % (faktisk størrelse), ikke \u201ctilpas til side\u201d";
	return "Print at 100 % (actual size), not \u201cfit to page\u201d";
}

/* Sends every card's faces to the sinks: one sink gets fronts and backs in
 * the profile's order; with two (split), fronts go to the first and backs
 * to the second. */
static bool send_faces(struct run *r, const struct deck_job *j, struct sink *a, struct sink *b,
		       bool back_first, bool all_copies)
{
	const struct deck *deck = j->deck;
	struct buf label;
	buf_init(&label);
	bool ok = true;
	for (size_t i = 0; ok && i < deck->ncards; i++) {
		const struct card *c = &deck->cards[i];
		long copies = all_copies ? c->count : 1;
		for (long copy = 0; ok && copy < copies; copy++) {
			for (int side = 0; ok && side < 2; side++) {
				bool back = back_first ? side == 0 : side == 1;
				struct page_spec p = {.trim_w = deck->trim_w, .trim_h = deck->trim_h,
						      .bleed = deck->bleed, .back = back};
				buf_clear(&label);
				buf_printf(&label, "%s %s", c->id, back ? "back" : "front");
				p.label = buf_str(&label);
				p.outline = copy == 0 && side == 0 ? c->id : NULL;
				struct sink *s = b && back ? b : a;
				ok = draw_page(r, s, back ? &j->backs[i] : &j->fronts[i], &p);
			}
		}
	}
	buf_finish(&label);
	return ok;
}

static bool finish_sinks(struct run *r, struct sink *a, struct sink *b)
{
	bool ok = a && a->ops->finish(a, &r->diag);
	if (b)
		ok = ok && b->ops->finish(b, &r->diag);
	sink_destroy(a);
	sink_destroy(b);
	return ok;
}

static void pdf_meta_for(struct run *r, const struct kit *kit, const struct deck_job *j,
			 struct pdf_meta *meta, char *date, size_t n)
{
	(void)r;
	sink_get_date(date, n);
	const struct deck *deck = j->deck;
	*meta = (struct pdf_meta){
		.title = ltext_get(&deck->title, j->lang),
		.author = deck->author ? deck->author : kit->author,
		.subject = ltext_get(&deck->subject, j->lang),
		.keywords = deck->langs.codes[j->lang],
		.date = date,
	};
}

static void sheet_options(const struct run *r, const struct deck *deck, struct impose_options *io)
{
	double gap = r->opt->gap < 0 ? 2 * deck->bleed : r->opt->gap;
	*io = (struct impose_options){
		.paper_w = r->opt->paper_w,
		.paper_h = r->opt->paper_h,
		.orientation = r->opt->orientation,
		.margin = 5 * PT_PER_MM,
		.gap = gap,
		/* cards that touch share their cut lines and have no room for bleed */
		.bleed = gap > 0 ? deck->bleed : 0,
		.duplex = r->opt->duplex,
	};
}

static bool wants_pdfx(const struct run *r, const struct kit *kit)
{
	return (r->opt->formats & FORMAT_PDFX) ||
	       ((r->opt->formats & FORMAT_PRINT) && kit->profile->pdfx);
}

static void check_alpha(struct run *r, const char *path, struct mark m)
{
	if (path && image_cache_has_alpha(r->images, path))
		diag_error(&r->diag, m,
			   "image '%s' is transparent, and PDF/X-3 would print its page as a bitmap; "
			   "flatten it onto an opaque background",
			   path);
}

/* What only the chosen outputs can find wrong: a card that does not fit
 * the sheets, transparency in PDF/X. Reported before anything is written. */
static void check_outputs(struct run *r, const struct kit *kit, const struct deck *deck)
{
	if (r->opt->formats & FORMAT_SHEETS) {
		struct impose_options io;
		sheet_options(r, deck, &io);
		struct impose_plan plan;
		const char *err;
		if (impose_plan(&plan, deck->trim_w, deck->trim_h, &io, &err))
			impose_plan_finish(&plan);
		else
			diag_error(&r->diag, deck->size_mark, "cannot impose deck '%s' on %s sheets: %s",
				   deck->id, r->opt->paper_name, err);
	}
	if (wants_pdfx(r, kit)) {
		const struct profile *pr = kit->profile;
		char *desc = pr->icc ? pdfx_icc_description(pr->icc) : NULL;
		if (pr->icc && !desc)
			diag_error(&r->diag, pr->icc_mark, "'%s' is not an ICC profile", pr->icc);
		free(desc);
		check_alpha(r, deck->back.icon, deck->back.icon_mark);
		for (size_t i = 0; i < deck->ncategories; i++)
			check_alpha(r, deck->categories[i].icon, deck->categories[i].icon_mark);
		for (int f = 0; f < FACE_COUNT_; f++) {
			const struct face *face = &deck->tmpl->faces[f];
			for (size_t i = 0; i < face->count; i++)
				check_alpha(r, face->elems[i].src_path, face->elems[i].mark);
		}
	}
}

/* The print PDF(s) for the shop, and their PDF/X when asked. */
static bool render_print(struct run *r, const struct kit *kit, const struct deck_job *j)
{
	const struct deck *deck = j->deck;
	const struct profile *pr = kit->profile;
	const char *lang = deck->langs.codes[j->lang];
	bool want_print = r->opt->formats & FORMAT_PRINT;
	bool want_pdfx = wants_pdfx(r, kit);
	if (!want_print && !want_pdfx)
		return true;
	struct pdf_meta meta;
	char date[32];
	pdf_meta_for(r, kit, j, &meta, date, sizeof(date));
	struct pdfx_options xo = {
		.icc_path = pr->icc,
		.condition_id = pr->condition_id,
		.condition = pr->condition,
		.title = meta.title,
		.epoch = sink_get_epoch(),
		.ink_limit = pr->ink_limit,
	};
	bool split = pr->order == ORDER_SPLIT;
	struct buf paths[4];
	for (int i = 0; i < 4; i++)
		buf_init(&paths[i]);
	static const char *const parts[2] = {".fronts", ".backs"};
	struct sink *sinks[2] = {NULL, NULL};
	bool ok = true;
	for (int i = 0; i < (split ? 2 : 1) && ok; i++) {
		const char *part = split ? parts[i] : "";
		buf_printf(&paths[2 * i], "%s/%s/%s.%s%s.print.pdf", r->opt->out_dir, kit->name,
			   deck->id, lang, part);
		buf_printf(&paths[2 * i + 1], "%s/%s/%s.%s%s.pdfx.pdf", r->opt->out_dir, kit->name,
			   deck->id, lang, part);
		struct pdf_print pp = {
			.marks = pr->marks,
			.path = want_print ? buf_str(&paths[2 * i]) : NULL,
			.pdfx_path = want_pdfx ? buf_str(&paths[2 * i + 1]) : NULL,
			.pdfx = &xo,
		};
		sinks[i] = sink_pdf_create(&meta, &pp, &r->diag);
		ok = sinks[i] != NULL;
	}
	ok = ok && send_faces(r, j, sinks[0], sinks[1], pr->order == ORDER_BACK_FIRST, true);
	ok = finish_sinks(r, sinks[0], sinks[1]) && ok;
	for (int i = 0; i < 4; i++)
		buf_finish(&paths[i]);
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
static bool sheet_texts_make(struct sheet_texts *st, struct run *r, const struct deck *deck,
			     const struct impose_options *io, const char *note)
{
	struct impose_plan plan;
	const char *err;
	if (!impose_plan(&plan, deck->trim_w, deck->trim_h, io, &err))
		return false;
	PangoContext *ctx = fonts_get_context(r->fonts);
	st->pc = (struct paint_ctx){.pango = ctx, .images = r->images};
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
	struct sheet_frame f = {plan.sheet_w, plan.sheet_h, io->margin, plan.fold_x,
				slots,        n,            io->bleed};
	if (note && *note) {
		sheet_text_note(&st->note, &st->ov.note_at, note, &f, ctx);
		st->ov.note = &st->note;
	}
	if (r->opt->alignment_test &&
	    (io->duplex == DUPLEX_LONG || io->duplex == DUPLEX_SHORT)) {
		sheet_text_alignment(&st->test_front, plan.front[0], false,
				     io->duplex == DUPLEX_SHORT, ctx);
		f.slots = plan.front;
		f.nslots = all;
		struct box at;
		if (note && *note)
			sheet_text_note(&st->test_front, &at, note, &f, ctx);
		sheet_text_alignment(&st->test_back, plan.back[0], true, false, ctx);
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

static bool render_sheets(struct run *r, const struct kit *kit, const struct deck_job *j)
{
	const struct deck *deck = j->deck;
	const char *lang = deck->langs.codes[j->lang];
	struct pdf_meta meta;
	char date[32];
	pdf_meta_for(r, kit, j, &meta, date, sizeof(date));
	struct impose_options io;
	sheet_options(r, deck, &io);
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/%s/%s.%s.sheets.pdf", r->opt->out_dir, kit->name, deck->id, lang);
	struct sheet_texts st = {0};
	bool planned = sheet_texts_make(&st, r, deck, &io, sheet_note(lang));
	struct sink *s = sink_sheets_create(buf_str(&path), &meta, &io, deck->trim_w, deck->trim_h,
					    planned ? &st.ov : NULL, r->opt->alignment_test,
					    &r->diag);
	bool ok = s && send_faces(r, j, s, NULL, false, true);
	ok = finish_sinks(r, s, NULL) && ok;
	sheet_texts_finish(&st);
	buf_finish(&path);
	return ok;
}

static bool render_png(struct run *r, const struct kit *kit, const struct deck_job *j)
{
	const struct deck *deck = j->deck;
	const char *lang = deck->langs.codes[j->lang];
	struct buf dir, label;
	buf_init(&dir);
	buf_init(&label);
	buf_printf(&dir, "%s/%s/png/%s.%s", r->opt->out_dir, kit->name, deck->id, lang);
	struct sink *s = sink_png_create(buf_str(&dir), r->opt->dpi, &r->diag);
	bool ok = s != NULL;
	for (size_t i = 0; ok && i < deck->ncards; i++) {
		const struct card *c = &deck->cards[i];
		struct page_spec p = {.trim_w = deck->trim_w, .trim_h = deck->trim_h,
					      .bleed = deck->bleed};
		buf_clear(&label);
		buf_printf(&label, "%03zu-%s-front", i + 1, c->id);
		p.label = buf_str(&label);
		ok = draw_page(r, s, &j->fronts[i], &p);
		buf_clear(&label);
		buf_printf(&label, "%03zu-%s-back", i + 1, c->id);
		p.label = buf_str(&label);
		p.back = true;
		ok = ok && draw_page(r, s, &j->backs[i], &p);
	}
	ok = ok && s->ops->finish(s, &r->diag);
	sink_destroy(s);
	buf_finish(&dir);
	buf_finish(&label);
	return ok;
}

/* The languages to build for a deck: all of its own, or those asked for
 * that it has. */
static bool wants_lang(const struct build_options *opt, const char *code)
{
	if (!opt->langs)
		return true;
	for (size_t i = 0; i < opt->nlangs; i++)
		if (strcmp(opt->langs[i], code) == 0)
			return true;
	return false;
}

/* Splits a PATH into a kit folder and, for a file, the file's name. */
static bool resolve_path(const char *path, char **dir, char **only)
{
	struct stat st;
	*only = NULL;
	if (stat(path, &st) != 0)
		return false;
	if (S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		while (n > 1 && path[n - 1] == '/')
			n--;
		*dir = xstrndup(path, n);
		return true;
	}
	const char *slash = strrchr(path, '/');
	*dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	if (strcmp(slash ? slash + 1 : path, "kit.yaml") != 0)
		*only = xstrdup(slash ? slash + 1 : path);
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every folder under decks/, for a build without PATH. */
static char **default_kits(size_t *count)
{
	*count = 0;
	DIR *dp = opendir("decks");
	if (!dp)
		return NULL;
	char **dirs = NULL;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "decks/%s", de->d_name);
		struct stat st;
		if (stat(buf_str(&b), &st) == 0 && S_ISDIR(st.st_mode)) {
			XGROW(dirs, cap, *count + 1);
			dirs[(*count)++] = buf_detach(&b);
		} else {
			buf_finish(&b);
		}
	}
	closedir(dp);
	if (*count)
		qsort(dirs, *count, sizeof(*dirs), cmp_str);
	return dirs;
}

/* A language asked for with --lang that no deck of the kit has is a usage
 * error, found before anything is written. */
static bool check_langs(struct run *r, const struct kit *kit)
{
	bool ok = true;
	for (size_t k = 0; k < r->opt->nlangs; k++) {
		/* boards and documents have the kit's languages */
		bool found = (kit->nboards || kit->ndocuments) &&
			     langs_find(&kit->langs, r->opt->langs[k]) >= 0;
		for (size_t i = 0; i < kit->ndecks && !found; i++)
			found = langs_find(&kit->decks[i]->langs, r->opt->langs[k]) >= 0;
		if (found)
			continue;
		struct buf have;
		buf_init(&have);
		for (size_t i = 0; i < kit->ndecks; i++) {
			const struct langs *ls = &kit->decks[i]->langs;
			for (size_t l = 0; l < ls->count; l++) {
				bool listed = false; /* by an earlier deck */
				for (size_t j = 0; j < i && !listed; j++)
					listed = langs_find(&kit->decks[j]->langs, ls->codes[l]) >= 0;
				if (!listed)
					buf_printf(&have, "%s%s", have.len ? ", " : "", ls->codes[l]);
			}
		}
		fprintf(stderr, "deckpress: error: kit '%s' has no language '%s' (it has %s)\n",
			kit->name, r->opt->langs[k], buf_str(&have));
		buf_finish(&have);
		ok = false;
	}
	return ok;
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

static void progress_start(struct progress *p, const struct run *r, size_t total)
{
	*p = (struct progress){.on = isatty(STDERR_FILENO) && !r->opt->json && total > 1,
			       .total = total,
			       .start = seconds()};
}

static void progress_show(const struct progress *p, const struct kit *kit,
			  const struct deck_job *j, size_t done)
{
	if (!p->on)
		return;
	double elapsed = seconds() - p->start;
	fprintf(stderr, "\r\033[Kdeckpress: %s/%s.%s  %zu/%zu", kit->name, j->deck->id,
		j->deck->langs.codes[j->lang], done + 1, p->total);
	if (done > 0)
		fprintf(stderr, ", about %.0f s left", elapsed / (double)done * (double)(p->total - done));
	fflush(stderr);
}

static void progress_end(const struct progress *p)
{
	if (p->on)
		fprintf(stderr, "\r\033[K");
}

/* The translation proof of each deck: its languages side by side. Written
 * even when texts do not fit, since that is what it is for. */
static bool render_proofs(struct run *r, const struct kit *kit, const struct deck_job *jobs,
			  size_t njobs)
{
	bool ok = true;
	for (size_t i = 0; i < kit->ndecks && ok; i++) {
		const struct deck *deck = kit->decks[i];
		struct proof_lang *langs = xcalloc(njobs ? njobs : 1, sizeof(*langs));
		size_t n = 0;
		const struct deck_job *first = NULL;
		for (size_t j = 0; j < njobs; j++) {
			if (jobs[j].deck != deck)
				continue;
			first = first ? first : &jobs[j];
			langs[n++] = (struct proof_lang){deck->langs.codes[jobs[j].lang], jobs[j].fronts,
							 jobs[j].backs};
		}
		if (n) {
			struct pdf_meta meta;
			char date[32];
			pdf_meta_for(r, kit, first, &meta, date, sizeof(date));
			meta.keywords = "translation proof";
			struct buf path;
			buf_init(&path);
			buf_printf(&path, "%s/%s/%s.proof.pdf", r->opt->out_dir, kit->name, deck->id);
			ok = proof_write(buf_str(&path), deck, langs, n, fonts_get_context(r->fonts), &meta,
					 &r->diag);
			buf_finish(&path);
		}
		free(langs);
	}
	/* boards and documents, from their texts */
	const char **codes = xcalloc(kit->langs.count ? kit->langs.count : 1, sizeof(*codes));
	struct langs want = {.codes = codes};
	for (size_t l = 0; l < kit->langs.count; l++)
		if (wants_lang(r->opt, kit->langs.codes[l]))
			codes[want.count++] = kit->langs.codes[l];
	for (size_t i = 0; i < kit->nitems && ok && want.count; i++) {
		const struct kit_item *it = &kit->items[i];
		if (!it->asked || !it->id || (it->kind != KIND_BOARD && it->kind != KIND_DOCUMENT))
			continue;
		char date[32];
		sink_get_date(date, sizeof(date));
		struct pdf_meta meta = {
			.title = item_get_title(it, want.codes[0]),
			.author = kit->author,
			.keywords = "translation proof",
			.date = date,
		};
		struct buf path;
		buf_init(&path);
		buf_printf(&path, "%s/%s/%s.proof.pdf", r->opt->out_dir, kit->name, it->id);
		ok = proof_write_tree(buf_str(&path), it, &want, fonts_get_context(r->fonts), &meta,
				      &r->diag);
		buf_finish(&path);
	}
	free(codes);
	return ok;
}

/* Loads, checks and (when writing) renders one kit. */
static void run_kit(struct run *r, const char *dir, const char *only, const struct kit_env *env)
{
	struct kit *kit;
	bool profile_missing = false;
	struct kit_env e = *env;
	e.profile_missing = &profile_missing;
	bool loaded = kit_load(&kit, dir, only, &e, &r->diag);
	if (r->opt->summary)
		summary_format(dir, kit, r->opt->json, &r->summary);
	if (!loaded) {
		if (profile_missing) {
			/* a typo on the command line, not in the input */
			r->usage_failed = true;
			diag_take_counts(&r->diag, NULL, &r->warnings);
		}
		report(r);
		kit_destroy(kit);
		return;
	}
	if (!check_langs(r, kit)) {
		r->usage_failed = true;
		kit_destroy(kit);
		return;
	}
	/* each kit hyphenates with its own exceptions */
	struct hyphenator *hy = hyphenator_create(NULL);
	r->hy = hy;
	for (size_t i = 0; i < kit->nhyphenation; i++) {
		const struct hyphen_exception *x = &kit->hyphenation[i];
		if (!hyphenator_add_exception(hy, x->lang, x->entry))
			diag_error(&r->diag, x->mark,
				   "invalid hyphenation '%s'; write the word with '-' where it may break, "
				   "such as 'fra-værs-sam-ta-len', or whole to never break it",
				   x->entry);
	}
	size_t njobs = 0, cap = 0;
	struct deck_job *jobs = NULL;
	for (size_t i = 0; i < kit->ndecks; i++) {
		const struct deck *deck = kit->decks[i];
		load_images(r, deck);
		if (deck->reference_only)
			continue;
		check_outputs(r, kit, deck);
		lint_deck(kit, deck, &r->diag);
		for (size_t l = 0; l < deck->langs.count; l++) {
			if (!wants_lang(r->opt, deck->langs.codes[l]))
				continue;
			XGROW(jobs, cap, njobs + 1);
			jobs[njobs] = (struct deck_job){.deck = deck, .lang = l};
			layout_job(r, &jobs[njobs]);
			njobs++;
		}
	}
	struct item_ctx ictx = {
		.opt = r->opt, .kit = kit, .diag = &r->diag, .fonts = r->fonts, .images = r->images,
		.hy = hy,
	};
	struct board_jobs *boards;
	struct document_jobs *documents;
	boards_prepare(&boards, &ictx);
	documents_prepare(&documents, &ictx);
	for (size_t i = 0; i < kit->nitems; i++)
		if (kit->items[i].asked)
			lint_item(kit, &kit->items[i], &r->diag);
	bool clean = !diag_has_errors(&r->diag);
	report(r);
	if (r->opt->write && (r->opt->formats & FORMAT_PROOF)) {
		if (!render_proofs(r, kit, jobs, njobs))
			r->io_failed = true;
		report(r);
	}
	if (clean && r->opt->write) {
		struct progress pg;
		progress_start(&pg, r, njobs);
		for (size_t i = 0; i < njobs && !r->io_failed; i++) {
			progress_show(&pg, kit, &jobs[i], i);
			bool ok = render_print(r, kit, &jobs[i]);
			if (ok && (r->opt->formats & FORMAT_PNG))
				ok = render_png(r, kit, &jobs[i]);
			if (ok && (r->opt->formats & FORMAT_SHEETS))
				ok = render_sheets(r, kit, &jobs[i]);
			if (!ok)
				r->io_failed = true;
		}
		progress_end(&pg);
		for (size_t i = 0; i < kit->ndecks && !r->io_failed; i++)
			if (!kit->decks[i]->reference_only &&
			    ((r->opt->formats & FORMAT_PRINT) || wants_pdfx(r, kit)))
				if (!spec_write(r->opt->out_dir, kit, kit->decks[i], wants_pdfx(r, kit),
						&r->diag))
					r->io_failed = true;
		if (!r->io_failed && boards && !boards_render(boards, &ictx))
			r->io_failed = true;
		if (!r->io_failed && documents && !documents_render(documents, &ictx))
			r->io_failed = true;
		report(r);
	}
	boards_destroy(boards);
	documents_destroy(documents);
	for (size_t i = 0; i < njobs; i++)
		job_finish(&jobs[i]);
	free(jobs);
	r->hy = NULL;
	hyphenator_destroy(hy);
	kit_destroy(kit);
}

int build_run(const struct build_options *opt)
{
	struct run r = {.opt = opt};
	diag_init(&r.diag);
	char date[32];
	if (!sink_get_date(date, sizeof(date))) {
		fprintf(stderr, "deckpress: error: SOURCE_DATE_EPOCH must be a number of seconds\n");
		diag_finish(&r.diag);
		return EXIT_USAGE;
	}

	/* every PATH must exist before any work starts */
	char **dirs = NULL, **onlys = NULL;
	size_t ndirs = 0;
	if (opt->npaths == 0) {
		dirs = default_kits(&ndirs);
		if (!ndirs) {
			fprintf(stderr, "deckpress: error: no PATH given and no kit folders under decks/\n");
			diag_finish(&r.diag);
			return EXIT_USAGE;
		}
		onlys = xcalloc(ndirs, sizeof(*onlys));
	} else {
		dirs = xcalloc(opt->npaths, sizeof(*dirs));
		onlys = xcalloc(opt->npaths, sizeof(*onlys));
		for (size_t i = 0; i < opt->npaths; i++) {
			if (!resolve_path(opt->paths[i], &dirs[ndirs], &onlys[ndirs])) {
				fprintf(stderr, "deckpress: error: '%s': %s\n", opt->paths[i], strerror(errno));
				for (size_t k = 0; k < ndirs; k++) {
					free(dirs[k]);
					free(onlys[k]);
				}
				free(dirs);
				free(onlys);
				diag_finish(&r.diag);
				return EXIT_USAGE;
			}
			ndirs++;
		}
	}

	int code = EXIT_OK;
	struct buf fontdir, tpldir;
	buf_init(&fontdir);
	buf_init(&tpldir);
	buf_printf(&fontdir, "%s/fonts", opt->root);
	buf_printf(&tpldir, "%s/templates", opt->root);
	struct buf profdir;
	buf_init(&profdir);
	buf_printf(&profdir, "%s/templates/profiles", opt->root);
	struct buf phrasedir;
	buf_init(&phrasedir);
	buf_printf(&phrasedir, "%s/templates/i18n", opt->root);
	if (!fonts_create(&r.fonts, buf_str(&fontdir), &r.diag)) {
		diag_flush(&r.diag, stderr);
		code = EXIT_INTERNAL;
	} else {
		size_t nfam;
		const char *const *fam = fonts_get_families(r.fonts, &nfam);
		struct kit_env env = {
			.templates_dir = buf_str(&tpldir),
			.profiles_dir = buf_str(&profdir),
			.phrases_dir = buf_str(&phrasedir),
			.profile = opt->profile,
			.has_family = has_family,
			.families = fam,
			.nfamilies = nfam,
			.fonts_ctx = r.fonts,
		};
		r.images = image_cache_create();
		for (size_t i = 0; i < ndirs; i++)
			run_kit(&r, dirs[i], onlys[i], &env);
		if (opt->json)
			printf("{\n  \"errors\": %zu,\n  \"warnings\": %zu,\n  \"findings\": [\n%s%s  ],\n"
			       "  \"summary\": [\n%s%s  ]\n}\n",
			       r.errors, r.warnings, buf_str(&r.json), r.json.len ? "\n" : "",
			       buf_str(&r.summary), r.summary.len ? "\n" : "");
		else
			fputs(buf_str(&r.summary), stdout);
		if (r.io_failed)
			code = EXIT_INTERNAL;
		else if (r.errors)
			code = EXIT_INPUT;
		else if (r.usage_failed)
			code = EXIT_USAGE;
		image_cache_destroy(r.images);
	}
	fonts_destroy(r.fonts);
	for (size_t k = 0; k < ndirs; k++) {
		free(dirs[k]);
		free(onlys[k]);
	}
	free(dirs);
	free(onlys);
	buf_finish(&fontdir);
	buf_finish(&tpldir);
	buf_finish(&profdir);
	buf_finish(&phrasedir);
	buf_finish(&r.json);
	buf_finish(&r.summary);
	diag_finish(&r.diag);
	return code;
}
