/* The web edition (docs/web.md): --format web writes out/<kit>/web/, a
 * static site that needs no network and works from file:// as from any web
 * server:
 *   index.html, index.<lang>.html   the start page of each language: the
 *                                    kit's tools by theme, with what their
 *                                    'about:' says (model/about.h)
 *   <deck>.<lang>.html               a gallery of the cards, with filters and
 *                                    the draw mode of online workshops
 *   <board>.<lang>.html              the board as a zoomable image
 *   img/<id>.<lang>/...              the PNG previews the build just wrote
 *   pdf/<id>.<lang>.pdf              the print PDFs of boards, documents, decks
 *   assets/                          templates/web/ (CSS, JavaScript), the logo
 * The images are the PNG previews and the PDFs the print PDFs of the same
 * run (web asks for png and print, build_formats_for()), linked or copied.
 * The folder is written beside the old one and swapped in whole, so a
 * failed build leaves the previous site as it was. It is a kind of the
 * build (build/item.h) made once a kit: it runs after the decks, boards and
 * documents have written their files. */
#define _GNU_SOURCE /* renameat2 */
#include "build/item.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/web_page.h"
#include "model/about.h"
#include "model/board.h"
#include "model/document.h"
#include "output/atomic.h"
#include "util/buf.h"
#include "util/mem.h"

/* The program's texts the pages use, required of each language. */
static const enum phrase_key web_phrases[] = {
        PHRASE_CATALOGUE_TITLE,    PHRASE_ABOUT_DURATION,     PHRASE_ABOUT_GROUP,
        PHRASE_ABOUT_MATERIALS,    PHRASE_ABOUT_INTRODUCTION, PHRASE_ABOUT_INTERMEDIATE,
        PHRASE_ABOUT_ADVANCED,     PHRASE_ABOUT_OTHER,        PHRASE_WEB_CARDS,
        PHRASE_WEB_ALL_CATEGORIES, PHRASE_WEB_ALL_LEVELS,     PHRASE_WEB_LEVEL,
        PHRASE_WEB_DRAW,           PHRASE_WEB_FLIP,           PHRASE_WEB_SHUFFLE,
        PHRASE_WEB_FULLSCREEN,     PHRASE_WEB_CLOSE,          PHRASE_WEB_KEYS,
        PHRASE_WEB_LEFT,           PHRASE_WEB_ZOOM_IN,        PHRASE_WEB_ZOOM_OUT,
        PHRASE_WEB_OPEN_PDF,       PHRASE_WEB_START,
};

/* Those of a kit whose decks' fronts and backs are two PDFs
 * (web_split_pdfs()). */
static const enum phrase_key split_phrases[] = {PHRASE_WEB_OPEN_FRONTS, PHRASE_WEB_OPEN_BACKS};

/* The static files of templates/web/ every site holds. */
static const char *const assets[] = {"deckpress.css", "deckpress.js"};

struct web_job {
	struct langs langs; /* the languages built: the kit's asked for */
	const char **codes; /* owned array behind langs */
};

/* The kit's languages the run asks for: those of kit.yaml, else of the
 * first deck. */
static void choose_langs(const struct item_ctx *ctx, struct web_job *j)
{
	const struct kit *kit = ctx->kit;
	const struct langs *all = &kit->langs;
	if (!all->count && kit->ndecks)
		all = &kit->decks[0]->langs;
	j->codes = xcalloc(all->count ? all->count : 1, sizeof(*j->codes));
	for (size_t l = 0; l < all->count; l++)
		if (item_wants_lang(ctx->opt, all->codes[l]))
			j->codes[j->langs.count++] = all->codes[l];
	j->langs.codes = j->codes;
}

static void *web_prepare(const struct item_ctx *ctx)
{
	if (!(ctx->formats & FORMAT_WEB))
		return NULL;
	struct web_job *j = xcalloc(1, sizeof(*j));
	choose_langs(ctx, j);
	struct mark at = {.file = ctx->kit->dir};
	for (size_t i = 0; i < ctx->kit->nitems; i++)
		if (ctx->kit->items[i].asked && item_kind_has_outputs(ctx->kit->items[i].kind)) {
			at = ctx->kit->items[i].mark;
			break;
		}
	bool split = web_split_pdfs(ctx->kit) && ctx->kit->ndecks;
	for (size_t l = 0; l < j->langs.count; l++) {
		phrasebook_require(ctx->kit->phrases, j->langs.codes[l], web_phrases,
		                   sizeof(web_phrases) / sizeof(web_phrases[0]), at, ctx->diag);
		if (split)
			phrasebook_require(ctx->kit->phrases, j->langs.codes[l], split_phrases,
			                   sizeof(split_phrases) / sizeof(split_phrases[0]), at,
			                   ctx->diag);
	}
	return j;
}

static void web_site_path(struct buf *p, const struct item_ctx *ctx, const char *name)
{
	buf_printf(p, "%s/%s/%s", ctx->opt->out_dir, ctx->kit->name, name);
}

static void web_outputs(const void *jobs, const struct item_ctx *ctx, struct build_outputs *out)
{
	(void)jobs;
	struct buf p;
	buf_init(&p);
	web_site_path(&p, ctx, "web/");
	build_outputs_add(out, FORMAT_WEB, &p);
	buf_finish(&p);
}

static bool web_proof(const void *jobs, const struct item_ctx *ctx)
{
	(void)jobs;
	(void)ctx;
	return true;
}

/* Links from to to (a hard link: the same bytes, no copy), else copies it.
 * False (reported) when neither works. */
static bool link_file(const char *from, const char *to, struct diag *d)
{
	if (link(from, to) == 0)
		return true;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		diag_error(d, (struct mark){.file = from}, "cannot read: %s", strerror(errno));
		return false;
	}
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	bool ok = out >= 0;
	char chunk[65536];
	ssize_t n;
	while (ok && (n = read(in, chunk, sizeof(chunk))) != 0) {
		ok = n > 0 && write(out, chunk, (size_t)n) == n;
	}
	if (!ok)
		diag_error(d, (struct mark){.file = to}, "cannot write: %s", strerror(errno));
	if (out >= 0 && close(out) != 0 && ok) {
		diag_error(d, (struct mark){.file = to}, "cannot write: %s", strerror(errno));
		ok = false;
	}
	close(in);
	return ok;
}

/* Removes dir and everything in it (the site's own folders: a few
 * levels); a file there is removed too. */
static void remove_tree(const char *dir, int depth)
{
	struct stat top;
	if (lstat(dir, &top) == 0 && !S_ISDIR(top.st_mode)) {
		unlink(dir);
		return;
	}
	DIR *dp = depth < 6 ? opendir(dir) : NULL;
	struct dirent *de;
	while (dp && (de = readdir(dp))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		struct buf p;
		buf_init(&p);
		buf_printf(&p, "%s/%s", dir, de->d_name);
		struct stat st;
		if (lstat(buf_str(&p), &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(buf_str(&p), depth + 1);
		else
			unlink(buf_str(&p));
		buf_finish(&p);
	}
	if (dp)
		closedir(dp);
	rmdir(dir);
}

/* The folders a killed build left, .web.tmp-XXXXXX beside web/ (the lock
 * of the output folder is held). */
static void remove_stale_sites(const char *kit_dir)
{
	DIR *dp = opendir(kit_dir);
	struct dirent *de;
	while (dp && (de = readdir(dp))) {
		if (strncmp(de->d_name, ".web.tmp-", 9) != 0 || strlen(de->d_name) != 15)
			continue;
		struct buf p;
		buf_init(&p);
		buf_printf(&p, "%s/%s", kit_dir, de->d_name);
		remove_tree(buf_str(&p), 0);
		buf_finish(&p);
	}
	if (dp)
		closedir(dp);
}

/* Writes the static files of templates/web/ and the brand's logo (as
 * assets/logo.<ext>; *logo set to that name, or NULL) into site. */
static bool copy_assets(const struct item_ctx *ctx, const char *site, const char **logo)
{
	struct buf from, to;
	buf_init(&from);
	buf_init(&to);
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof(assets) / sizeof(assets[0]); i++) {
		buf_clear(&from);
		buf_clear(&to);
		buf_printf(&from, "%s/templates/web/%s", ctx->opt->root, assets[i]);
		buf_printf(&to, "%s/assets/%s", site, assets[i]);
		ok = link_file(buf_str(&from), buf_str(&to), ctx->diag);
	}
	*logo = NULL;
	const char *src = ctx->kit->brand ? ctx->kit->brand->logo : NULL;
	const char *ext = src ? strrchr(src, '.') : NULL;
	if (ok && ext && (strcmp(ext, ".svg") == 0 || strcmp(ext, ".png") == 0)) {
		*logo = strcmp(ext, ".svg") == 0 ? "assets/logo.svg" : "assets/logo.png";
		buf_clear(&to);
		buf_printf(&to, "%s/%s", site, *logo);
		ok = link_file(src, buf_str(&to), ctx->diag);
	}
	buf_finish(&from);
	buf_finish(&to);
	return ok;
}

/* Links out/<kit>/<rel> into site/<as>. */
static bool take(const struct web_site *w, const char *rel, const char *as)
{
	struct buf from, to;
	buf_init(&from);
	buf_init(&to);
	web_site_path(&from, w->ctx, rel);
	buf_printf(&to, "%s/%s", w->dir, as);
	bool ok = link_file(buf_str(&from), buf_str(&to), w->ctx->diag);
	buf_finish(&from);
	buf_finish(&to);
	return ok;
}

/* Creates site/img/<id>.<lang>/ and links the files of one tool in one
 * language into it: the card faces of a deck, a board's image, a
 * document's first page; and its print PDFs into site/pdf/. */
static bool take_tool(const struct web_site *w, const struct kit_item *it, const char *lang)
{
	struct buf dir, rel, as;
	buf_init(&dir);
	buf_init(&rel);
	buf_init(&as);
	buf_printf(&dir, "%s/img/%s.%s", w->dir, it->id, lang);
	bool ok = make_dirs(buf_str(&dir), w->ctx->diag);
	const char *names[2] = {NULL, NULL};
	if (it->kind == KIND_BOARD)
		names[0] = "board.png";
	else if (it->kind == KIND_DOCUMENT)
		names[0] = "001.png";
	for (size_t i = 0; ok && it->kind == KIND_DECK && i < it->as.deck->ncards; i++) {
		const struct card *c = &it->as.deck->cards[i];
		for (int back = 0; ok && back < 2; back++) {
			buf_clear(&rel);
			buf_clear(&as);
			buf_printf(&rel, "png/%s.%s/%03zu-%s-%s.png", it->id, lang, i + 1, c->id,
			           back ? "back" : "front");
			buf_printf(&as, "img/%s.%s/%03zu-%s-%s.png", it->id, lang, i + 1, c->id,
			           back ? "back" : "front");
			ok = take(w, buf_str(&rel), buf_str(&as));
		}
	}
	for (size_t i = 0; ok && i < 2 && names[i]; i++) {
		buf_clear(&rel);
		buf_clear(&as);
		buf_printf(&rel, "png/%s.%s/%s", it->id, lang, names[i]);
		buf_printf(&as, "img/%s.%s/%s", it->id, lang, names[i]);
		ok = take(w, buf_str(&rel), buf_str(&as));
	}
	/* the print PDFs as they are named in out/ and in the site */
	const char *pdfs[2][2] = {{"print.pdf", "pdf"}, {NULL, NULL}};
	if (it->kind == KIND_BOARD)
		pdfs[1][0] = pdfs[1][1] = "pieces.pdf";
	else if (it->kind == KIND_DECK && web_split_pdfs(w->ctx->kit)) {
		pdfs[0][0] = "fronts.print.pdf", pdfs[0][1] = "fronts.pdf";
		pdfs[1][0] = "backs.print.pdf", pdfs[1][1] = "backs.pdf";
	}
	for (int k = 0; ok && k < 2 && pdfs[k][0]; k++) {
		buf_clear(&rel);
		buf_clear(&as);
		buf_printf(&rel, "%s.%s.%s", it->id, lang, pdfs[k][0]);
		buf_printf(&as, "pdf/%s.%s.%s", it->id, lang, pdfs[k][1]);
		ok = take(w, buf_str(&rel), buf_str(&as));
	}
	buf_finish(&dir);
	buf_finish(&rel);
	buf_finish(&as);
	return ok;
}

/* Writes every file of the site into w->dir. */
static bool write_site(struct web_site *w)
{
	struct buf p;
	buf_init(&p);
	bool ok = true;
	const char *sub[] = {"assets", "img", "pdf"};
	for (size_t i = 0; ok && i < 3; i++) {
		buf_clear(&p);
		buf_printf(&p, "%s/%s", w->dir, sub[i]);
		ok = make_dirs(buf_str(&p), w->ctx->diag);
	}
	buf_finish(&p);
	ok = ok && copy_assets(w->ctx, w->dir, &w->logo);
	const struct kit *kit = w->ctx->kit;
	for (size_t l = 0; ok && l < w->langs->count; l++) {
		const char *lang = w->langs->codes[l];
		for (size_t i = 0; ok && i < kit->nitems; i++) {
			const struct kit_item *it = &kit->items[i];
			if (about_find_lang(it, lang) < 0)
				continue;
			ok = take_tool(w, it, lang);
			if (ok && it->kind == KIND_DECK)
				ok = web_write_gallery(w, it->as.deck, lang);
			else if (ok && it->kind == KIND_BOARD)
				ok = web_write_board(w, it->as.board, lang);
		}
		if (ok && (w->ctx->formats & FORMAT_CATALOGUE)) {
			struct buf rel, as;
			buf_init(&rel);
			buf_init(&as);
			buf_printf(&rel, "%s.%s.catalogue.pdf", kit->name, lang);
			buf_printf(&as, "pdf/%s", buf_str(&rel));
			ok = take(w, buf_str(&rel), buf_str(&as));
			buf_finish(&rel);
			buf_finish(&as);
		}
		ok = ok && web_write_start(w, lang);
	}
	return ok;
}

/* Puts the finished folder tmp in the place of site: swapped with the old
 * one in one step where the system can, which is then removed. */
static bool swap_in(const char *tmp, const char *site, struct diag *d)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, site, RENAME_EXCHANGE) == 0) {
		remove_tree(tmp, 0); /* now the old site */
		return true;
	}
	if (errno == ENOENT && rename(tmp, site) == 0)
		return true;
	diag_error(d, (struct mark){.file = site}, "cannot replace the web edition: %s",
	           strerror(errno));
	return false;
}

static bool web_render(void *jobs, const struct item_ctx *ctx)
{
	struct web_job *j = jobs;
	struct buf kit_dir, tmp, site;
	buf_init(&kit_dir);
	buf_init(&tmp);
	buf_init(&site);
	web_site_path(&kit_dir, ctx, "");
	remove_stale_sites(buf_str(&kit_dir));
	buf_printf(&tmp, "%s.web.tmp-XXXXXX", buf_str(&kit_dir));
	buf_printf(&site, "%sweb", buf_str(&kit_dir));
	char *dir = buf_detach(&tmp);
	bool ok = make_dirs(buf_str(&kit_dir), ctx->diag);
	if (ok && !mkdtemp(dir)) {
		diag_error(ctx->diag, (struct mark){.file = dir}, "cannot create folder: %s",
		           strerror(errno));
		ok = false;
	}
	if (ok && chmod(dir, 0755) != 0) { /* mkdtemp's 0700: a web server must read it */
		diag_error(ctx->diag, (struct mark){.file = dir}, "cannot write: %s",
		           strerror(errno));
		rmdir(dir);
		ok = false;
	}
	if (ok) {
		int handle = atomic_track_dir(dir);
		struct web_site w = {.ctx = ctx, .dir = dir, .langs = &j->langs};
		ok = write_site(&w) && swap_in(dir, buf_str(&site), ctx->diag);
		if (!ok)
			remove_tree(dir, 0);
		atomic_untrack_dir(handle);
	}
	free(dir);
	buf_finish(&kit_dir);
	buf_finish(&site);
	return ok;
}

static void web_destroy(void *jobs)
{
	struct web_job *j = jobs;
	if (!j)
		return;
	free(j->codes);
	free(j);
}

const struct item_kind web_kind = {
        .kind = KIND_KIT,
        .prepare = web_prepare,
        .outputs = web_outputs,
        .proof = web_proof,
        .render = web_render,
        .destroy = web_destroy,
        .reads_outputs = true,
};
