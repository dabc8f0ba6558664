/* Documents (docs/documents.md): facilitator scripts, handouts and rules
 * sheets. prepare lays out every document the kit read (model/kit.c reads
 * them) in each language asked for, so every problem is known before a file
 * is written; render draws the pages into
 *   out/<kit>/<id>.<lang>.print.pdf       one PDF per document and language
 *   out/<kit>/png/<id>.<lang>/NNN.png     a preview of every page (--format png)
 */
#include "build/item.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build/cache.h"
#include "build/spec.h"
#include "layout/doc.h"
#include "model/document.h"
#include "output/sink.h"
#include "util/buf.h"
#include "util/mem.h"

/* One document in one language, laid out. */
struct doc_job {
	const struct document *doc; /* borrowed from the kit */
	size_t lang;
	struct doc_layout *layout;   /* owned */
	struct preflight_found fine; /* the finest marks of its pages */
};

struct document_jobs {
	struct doc_job *jobs; /* owned */
	size_t njobs, cap;
};

/* Decodes every image a document draws, so a broken file is an input
 * error found before anything is written. */
static bool load_images(const struct item_ctx *ctx, const struct document *doc)
{
	bool ok = true;
	if (doc->logo)
		ok &= preflight_image(ctx, doc->logo, doc->logo_mark, true);
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct doc_block *b = &doc->blocks[i];
		if (b->type == BLOCK_IMAGE && b->src)
			ok &= preflight_image(ctx, b->src, b->src_mark, true);
	}
	return ok;
}

/* Lays out doc in language l. What is wrong in every language alike (a
 * block too tall, a missing card) is reported once, not once a language. */
static bool layout_in(const struct item_ctx *ctx, const struct document *doc, size_t l,
                      PangoContext *pctx, struct doc_layout **out)
{
	struct diag own;
	diag_init(&own);
	bool ok = layout_document(out, doc, l, pctx, ctx->hy, &own);
	for (size_t i = 0; i < own.len; i++) {
		const struct diag_entry *e = &own.entries[i];
		bool seen = false;
		for (size_t k = 0; k < ctx->diag->len && !seen; k++) {
			const struct diag_entry *o = &ctx->diag->entries[k];
			seen = o->mark.line == e->mark.line && o->mark.col == e->mark.col &&
			       o->mark.file && e->mark.file &&
			       strcmp(o->mark.file, e->mark.file) == 0 &&
			       strcmp(o->message, e->message) == 0;
		}
		if (seen)
			continue;
		if (e->severity == SEV_ERROR)
			diag_error(ctx->diag, e->mark, "%s", e->message);
		else
			diag_warning(ctx->diag, e->mark, "%s", e->message);
	}
	diag_finish(&own);
	return ok;
}

static void *documents_prepare(const struct item_ctx *ctx)
{
	const struct kit *kit = ctx->kit;
	if (kit->ndocuments == 0)
		return NULL;
	struct document_jobs *dj = xcalloc(1, sizeof(*dj));
	PangoContext *pctx = fonts_get_context(ctx->fonts);
	for (size_t i = 0; i < kit->ndocuments; i++) {
		const struct document *doc = kit->documents[i];
		preflight_png_size(ctx, doc->page_w, doc->page_h, ctx->opt->dpi, "page",
		                   doc->size_mark.file ? doc->size_mark : doc->page_mark);
		if (!load_images(ctx, doc))
			continue;
		for (size_t l = 0; l < doc->langs.count; l++) {
			if (!item_wants_lang(ctx->opt, doc->langs.codes[l]))
				continue;
			struct doc_layout *layout;
			if (!layout_in(ctx, doc, l, pctx, &layout))
				continue;
			struct preflight_found fine;
			preflight_found_init(&fine);
			for (size_t p = 0; p < layout->npages; p++) {
				char what[160];
				snprintf(what, sizeof(what), "page %zu of document '%s' (%s)",
				         p + 1, doc->id, doc->langs.codes[l]);
				preflight_images(ctx, &layout->dlists[p], doc->page_mark, what,
				                 &fine);
				preflight_marks(ctx, &layout->dlists[p], doc->page_mark, what,
				                &fine);
			}
			XGROW(dj->jobs, dj->cap, dj->njobs + 1);
			dj->jobs[dj->njobs++] = (struct doc_job){
			        .doc = doc, .lang = l, .layout = layout, .fine = fine};
		}
	}
	return dj;
}

static void documents_outputs(const void *jobs, const struct item_ctx *ctx,
                              struct build_outputs *out)
{
	const struct document_jobs *dj = jobs;
	struct buf p;
	buf_init(&p);
	for (size_t i = 0; dj && i < dj->njobs; i++) {
		const struct document *doc = dj->jobs[i].doc;
		const char *lang = doc->langs.codes[dj->jobs[i].lang];
		if (ctx->formats & FORMAT_PRINT) {
			item_path(&p, ctx, doc->id, lang, ".print.pdf");
			build_outputs_add(out, FORMAT_PRINT, &p);
		}
		if (ctx->formats & FORMAT_PDFX) {
			item_path(&p, ctx, doc->id, lang, ".pdfx.pdf");
			build_outputs_add(out, FORMAT_PDFX, &p);
		}
		if (ctx->formats & FORMAT_PNG) {
			buf_printf(&p, "%s/%s/png/%s.%s/", ctx->opt->out_dir, ctx->kit->name,
			           doc->id, lang);
			build_outputs_add(out, FORMAT_PNG, &p);
		}
		if (i + 1 == dj->njobs || dj->jobs[i + 1].doc != doc)
			spec_outputs(ctx, doc->id, out);
	}
	item_text_proof_outputs(ctx, KIND_DOCUMENT, out);
	buf_finish(&p);
}

/* The specs of the pages: PDF page labels are the numbers the footers
 * print; PNG names sort in page order. Caller frees the array and *labels. */
static struct page_spec *page_specs(const struct doc_layout *L, bool png, char (**labels)[32])
{
	struct page_spec *specs = xcalloc(L->npages ? L->npages : 1, sizeof(*specs));
	*labels = xcalloc(L->npages ? L->npages : 1, sizeof(**labels));
	for (size_t p = 0; p < L->npages; p++) {
		snprintf((*labels)[p], sizeof((*labels)[p]), png ? "%03zu" : "%zu", p + 1);
		specs[p] = (struct page_spec){.trim_w = L->page_w,
		                              .trim_h = L->page_h,
		                              .bleed = L->bleed,
		                              .label = (*labels)[p]};
	}
	return specs;
}

/* Draws the pages into s; PNG previews (into dir) only where the cache
 * does not have them. */
static bool draw_pages(const struct item_ctx *ctx, struct sink *s, const struct doc_job *j,
                       const struct page_spec *specs, const char *png_dir)
{
	const struct doc_layout *L = j->layout;
	bool ok = true;
	for (size_t p = 0; ok && p < L->npages; p++)
		ok = png_dir ? cache_draw_png(ctx, s, png_dir, &L->dlists[p], &specs[p],
		                              ctx->opt->dpi)
		             : item_draw_page(ctx, s, &L->dlists[p], &specs[p]);
	return ok;
}

static bool render_pdf(const struct item_ctx *ctx, const struct doc_job *j)
{
	const struct document *doc = j->doc;
	const char *lang = doc->langs.codes[j->lang];
	char date[32];
	sink_get_date(date, sizeof(date));
	const struct ltext *subject = ltext_is_set(&doc->subject) ? &doc->subject : &doc->subtitle;
	struct pdf_meta meta = {
	        .title = ltext_get(&doc->title, j->lang),
	        .author = doc->author,
	        .subject = ltext_get(subject, j->lang),
	        .keywords = lang,
	        .date = date,
	};
	bool want_print = ctx->formats & FORMAT_PRINT, want_pdfx = ctx->formats & FORMAT_PDFX;
	if (!want_print && !want_pdfx)
		return true;
	struct buf path, xpath;
	buf_init(&path);
	buf_init(&xpath);
	item_path(&path, ctx, doc->id, lang, ".print.pdf");
	item_path(&xpath, ctx, doc->id, lang, ".pdfx.pdf");
	struct pdfx_options xo = preflight_pdfx_options(ctx, meta.title);
	/* crop marks only where there is bleed to trim: a document without
	 * bleed is printed on office paper as it is */
	struct pdf_print pp = {.marks = ctx->kit->profile->marks && doc->bleed > 0,
	                       .path = want_print ? buf_str(&path) : NULL,
	                       .pdfx_path = want_pdfx ? buf_str(&xpath) : NULL,
	                       .pdfx = &xo,
	                       .k_rule = ctx->k_rule};
	char(*labels)[32];
	struct page_spec *specs = page_specs(j->layout, false, &labels);
	bool ok = true;
	if (!cache_pdf_is_fresh(ctx, "document print", &meta, &pp, j->layout->dlists, specs,
	                        j->layout->npages)) {
		struct sink *s = sink_pdf_create(&meta, &pp, ctx->diag);
		ok = s && draw_pages(ctx, s, j, specs, NULL);
		ok = item_finish_sink(ctx, s, ok);
	}
	free(specs);
	free(labels);
	buf_finish(&path);
	buf_finish(&xpath);
	return ok;
}

static bool render_png(const struct item_ctx *ctx, const struct doc_job *j)
{
	const struct document *doc = j->doc;
	struct buf dir;
	buf_init(&dir);
	buf_printf(&dir, "%s/%s/png/%s.%s", ctx->opt->out_dir, ctx->kit->name, doc->id,
	           doc->langs.codes[j->lang]);
	struct sink *s = sink_png_create(buf_str(&dir), ctx->opt->dpi, ctx->opt->jobs,
	                                 j->layout->npages, ctx->diag);
	char(*labels)[32];
	struct page_spec *specs = page_specs(j->layout, true, &labels);
	bool ok = s && draw_pages(ctx, s, j, specs, buf_str(&dir));
	ok = item_finish_sink(ctx, s, ok);
	free(specs);
	free(labels);
	/* previews of pages the document no longer has would look current */
	for (size_t p = j->layout->npages + 1; ok && p < 10000; p++) {
		struct buf stale;
		buf_init(&stale);
		buf_printf(&stale, "%s/%03zu.png", buf_str(&dir), p);
		bool gone = unlink(buf_str(&stale)) != 0;
		buf_finish(&stale);
		if (gone)
			break;
	}
	buf_finish(&dir);
	return ok;
}

/* The print spec of the document of jobs [first, end): one a language. */
static bool write_spec(const struct item_ctx *ctx, const struct doc_job *jobs, size_t n)
{
	const struct document *doc = jobs[0].doc;
	const struct profile *pr = ctx->kit->profile;
	bool marks = pr->marks && doc->bleed > 0;
	double margin = sink_pdf_get_margin(doc->bleed, marks);
	struct spec_item s;
	spec_item_init(&s, "document", doc->id, ltext_get(&doc->title, 0), doc->version);
	s.trim_w = doc->page_w, s.trim_h = doc->page_h, s.bleed = doc->bleed;
	s.safe = fmin(fmin(doc->margin_top, doc->margin_bottom),
	              fmin(doc->margin_left, doc->margin_right));
	s.marks = marks;
	s.order = "the pages in reading order, one file a language";
	for (size_t i = 0; i < n; i++) {
		const struct doc_layout *L = jobs[i].layout;
		const char *lang = doc->langs.codes[jobs[i].lang];
		for (int x = 0; x < 2; x++)
			if (ctx->formats & (x ? FORMAT_PDFX : FORMAT_PRINT))
				spec_item_add_file(&s, lang, x ? ".pdfx.pdf" : ".print.pdf",
				                   x ? "pdfx" : "print", x ? "CMYK PDF/X-3" : "RGB",
				                   (long)L->npages, doc->page_w + 2 * margin,
				                   doc->page_h + 2 * margin, doc->page_w,
				                   doc->page_h);
		preflight_found_add(&s.found, &jobs[i].fine);
		for (size_t p = 0; p < L->npages; p++)
			spec_item_add_fonts(&s, &L->dlists[p]);
	}
	bool ok = spec_write(ctx, &s);
	spec_item_finish(&s);
	return ok;
}

static bool documents_render(void *jobs, const struct item_ctx *ctx)
{
	const struct document_jobs *dj = jobs;
	bool ok = true;
	size_t first = 0;
	for (size_t i = 0; ok && i < dj->njobs; i++) {
		if (item_take_unit(ctx)) {
			ok = render_pdf(ctx, &dj->jobs[i]);
			if (ok && (ctx->formats & FORMAT_PNG))
				ok = render_png(ctx, &dj->jobs[i]);
		}
		bool last = i + 1 == dj->njobs || dj->jobs[i + 1].doc != dj->jobs[i].doc;
		if (ok && last && (ctx->formats & (FORMAT_PRINT | FORMAT_PDFX)) &&
		    item_take_unit(ctx))
			ok = write_spec(ctx, &dj->jobs[first], i + 1 - first);
		if (last)
			first = i + 1;
	}
	return ok;
}

static bool documents_proof(const void *jobs, const struct item_ctx *ctx)
{
	(void)jobs;
	return item_write_text_proofs(ctx, KIND_DOCUMENT);
}

static void documents_destroy(void *jobs)
{
	struct document_jobs *dj = jobs;
	if (!dj)
		return;
	for (size_t i = 0; i < dj->njobs; i++)
		doc_layout_destroy(dj->jobs[i].layout);
	free(dj->jobs);
	free(dj);
}

const struct item_kind document_kind = {
        .kind = KIND_DOCUMENT,
        .prepare = documents_prepare,
        .outputs = documents_outputs,
        .proof = documents_proof,
        .render = documents_render,
        .destroy = documents_destroy,
};
