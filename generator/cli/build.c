#include "cli/build.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "layout/card.h"
#include "model/kit.h"
#include "output/sink.h"
#include "render/card.h"
#include "render/image.h"
#include "typeset/fonts.h"
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
	bool io_failed;
	bool usage_failed;
};

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
		layout_card_face(&j->fronts[i], deck, &deck->cards[i], FACE_FRONT, j->lang, ctx, &r->diag);
		layout_card_face(&j->backs[i], deck, &deck->cards[i], FACE_BACK, j->lang, ctx, &r->diag);
	}
}

static const char *out_path(struct buf *b, const char *out_dir, const char *kit, const char *id,
			    const char *lang, const char *suffix)
{
	buf_clear(b);
	buf_printf(b, "%s/%s/%s.%s%s", out_dir, kit, id, lang, suffix);
	return buf_str(b);
}

static bool draw_page(struct run *r, struct sink *s, const struct face_layout *fl,
		      const struct page_spec *p)
{
	cairo_t *cr = s->ops->begin_page(s, p, &r->diag);
	if (!cr)
		return false;
	struct render_ctx rc = {.pango = fonts_get_context(r->fonts), .images = r->images};
	render_card_face(cr, fl, &rc);
	return s->ops->end_page(s, cr, &r->diag);
}

static bool render_pdf(struct run *r, const struct kit *kit, const struct deck_job *j)
{
	const struct deck *deck = j->deck;
	const char *lang = deck->langs.codes[j->lang];
	struct buf path, label;
	buf_init(&path);
	buf_init(&label);
	char date[32];
	sink_get_date(date, sizeof(date));
	const char *author = deck->author ? deck->author : kit->author;
	struct pdf_meta meta = {
		.title = ltext_get(&deck->title, j->lang),
		.author = author,
		.subject = ltext_get(&deck->subject, j->lang),
		.keywords = lang,
		.date = date,
	};
	struct sink *s = sink_pdf_create(out_path(&path, r->opt->out_dir, kit->name, deck->id, lang,
						  ".print.pdf"),
					 &meta, &r->diag);
	bool ok = s != NULL;
	for (size_t i = 0; ok && i < deck->ncards; i++) {
		const struct card *c = &deck->cards[i];
		for (long copy = 0; ok && copy < c->count; copy++) {
			struct page_spec p = {.trim_w = deck->trim_w, .trim_h = deck->trim_h,
					      .bleed = deck->bleed};
			buf_clear(&label);
			buf_printf(&label, "%s front", c->id);
			p.label = buf_str(&label);
			p.outline = copy == 0 ? c->id : NULL;
			ok = draw_page(r, s, &j->fronts[i], &p);
			buf_clear(&label);
			buf_printf(&label, "%s back", c->id);
			p.label = buf_str(&label);
			p.outline = NULL;
			p.back = true;
			ok = ok && draw_page(r, s, &j->backs[i], &p);
		}
	}
	ok = ok && s->ops->finish(s, &r->diag);
	sink_destroy(s);
	buf_finish(&path);
	buf_finish(&label);
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
		bool found = false;
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

/* Loads, checks and (when writing) renders one kit. */
static void run_kit(struct run *r, const char *dir, const char *only, const struct kit_env *env)
{
	struct kit *kit;
	if (!kit_load(&kit, dir, only, env, &r->diag)) {
		diag_flush(&r->diag, stderr);
		return;
	}
	if (!check_langs(r, kit)) {
		r->usage_failed = true;
		kit_destroy(kit);
		return;
	}
	size_t njobs = 0, cap = 0;
	struct deck_job *jobs = NULL;
	for (size_t i = 0; i < kit->ndecks; i++) {
		const struct deck *deck = kit->decks[i];
		load_images(r, deck);
		for (size_t l = 0; l < deck->langs.count; l++) {
			if (!wants_lang(r->opt, deck->langs.codes[l]))
				continue;
			XGROW(jobs, cap, njobs + 1);
			jobs[njobs] = (struct deck_job){.deck = deck, .lang = l};
			layout_job(r, &jobs[njobs]);
			njobs++;
		}
	}
	bool clean = !diag_has_errors(&r->diag);
	diag_flush(&r->diag, stderr);
	if (clean && r->opt->write) {
		for (size_t i = 0; i < njobs && !r->io_failed; i++) {
			bool ok = true;
			if (r->opt->formats & FORMAT_PRINT)
				ok = render_pdf(r, kit, &jobs[i]);
			if (ok && (r->opt->formats & FORMAT_PNG))
				ok = render_png(r, kit, &jobs[i]);
			if (!ok)
				r->io_failed = true;
		}
		diag_flush(&r->diag, stderr);
	}
	for (size_t i = 0; i < njobs; i++)
		job_finish(&jobs[i]);
	free(jobs);
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
	if (!fonts_create(&r.fonts, buf_str(&fontdir), &r.diag)) {
		diag_flush(&r.diag, stderr);
		code = EXIT_INTERNAL;
	} else {
		size_t nfam;
		const char *const *fam = fonts_get_families(r.fonts, &nfam);
		struct kit_env env = {
			.templates_dir = buf_str(&tpldir),
			.has_family = has_family,
			.families = fam,
			.nfamilies = nfam,
			.fonts_ctx = r.fonts,
		};
		r.images = image_cache_create();
		size_t errors = 0;
		for (size_t i = 0; i < ndirs; i++) {
			run_kit(&r, dirs[i], onlys[i], &env);
			errors += r.diag.errors;
			r.diag.errors = 0;
		}
		if (r.io_failed)
			code = EXIT_INTERNAL;
		else if (errors)
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
	diag_finish(&r.diag);
	return code;
}
