/* What every kind of item builds with: the languages asked for, output
 * paths, drawing a display list into a sink, the proofs of items read
 * from their texts. */
#include "build/item.h"

#include <stdlib.h>
#include <string.h>

#include "build/split.h"
#include "render/paint.h"
#include "util/mem.h"

bool item_wants_lang(const struct build_options *opt, const char *code)
{
	if (!opt->langs)
		return true;
	for (size_t i = 0; i < opt->nlangs; i++)
		if (strcmp(opt->langs[i], code) == 0)
			return true;
	return false;
}

bool item_take_unit(const struct item_ctx *ctx)
{
	return split_take(ctx->split);
}

void build_outputs_add(struct build_outputs *out, unsigned format, struct buf *path)
{
	XGROW(out->items, out->cap, out->count + 1);
	out->items[out->count++] = (struct build_output){format, buf_detach(path)};
}

void build_outputs_finish(struct build_outputs *o)
{
	for (size_t i = 0; i < o->count; i++)
		free(o->items[i].path);
	free(o->items);
	*o = (struct build_outputs){0};
}

void item_path(struct buf *path, const struct item_ctx *ctx, const char *id, const char *lang,
               const char *ext)
{
	buf_clear(path);
	buf_printf(path, "%s/%s/%s.%s%s", ctx->opt->out_dir, ctx->kit->name, id, lang, ext);
}

bool item_draw_page(const struct item_ctx *ctx, struct sink *s, const struct dlist *dl,
                    const struct page_spec *p)
{
	cairo_t *cr = s->ops->begin_page(s, p, ctx->diag);
	if (!cr)
		return false;
	struct paint_ctx pc = {
	        .pango = fonts_get_context(ctx->fonts), .images = ctx->images, .die_line = true};
	/* a page another process draws (PNG with jobs) is only ended here */
	if (!s->skip)
		s->missed = !paint_page(cr, dl, &pc);
	return s->ops->end_page(s, cr, ctx->diag);
}

bool item_finish_sink(const struct item_ctx *ctx, struct sink *s, bool ok)
{
	/* every page of the sink is drawn: an image missing from any of them
	 * keeps the output from being written */
	if (image_cache_report_failure(ctx->images, ctx->diag))
		ok = false;
	ok = s && ok && s->ops->finish(s, ctx->diag);
	sink_destroy(s);
	return ok;
}

/* The proof's PDF, a page at a time. */
struct proof_out {
	struct pdf_pages *w;
	const struct paint_ctx *pc;
};

static void draw_proof_page(void *arg, struct dlist *page)
{
	const struct proof_out *o = arg;
	sink_pdf_pages_add(o->w, page, o->pc);
	dlist_finish(page);
}

static void proof_path(struct buf *path, const struct item_ctx *ctx, const char *id)
{
	buf_clear(path);
	buf_printf(path, "%s/%s/%s.proof.pdf", ctx->opt->out_dir, ctx->kit->name, id);
}

void item_proof_output(const struct item_ctx *ctx, const char *id, struct build_outputs *out)
{
	if (!(ctx->formats & FORMAT_PROOF))
		return;
	struct buf p;
	buf_init(&p);
	proof_path(&p, ctx, id);
	build_outputs_add(out, FORMAT_PROOF, &p);
	buf_finish(&p);
}

bool item_write_proof(const struct item_ctx *ctx, struct proof_table *t, const char *id,
                      const struct pdf_meta *meta)
{
	struct buf path;
	buf_init(&path);
	proof_path(&path, ctx, id);
	struct paint_ctx pc = {.pango = fonts_get_context(ctx->fonts)};
	struct proof_out o = {sink_pdf_pages_open(buf_str(&path), meta, ctx->diag), &pc};
	bool ok = o.w != NULL;
	if (ok) {
		proof_table_each_page(t, meta->title, draw_proof_page, &o);
		ok = sink_pdf_pages_close(o.w, ctx->diag);
	}
	proof_table_finish(t);
	buf_finish(&path);
	return ok;
}

/* Whether the text proof of item it (of kind) is written. */
static bool has_text_proof(const struct kit_item *it, enum kit_item_kind kind)
{
	return it->asked && it->id && it->langs.count && it->kind == kind;
}

/* How many of the kit's languages the build sets; their codes into codes
 * when it is not NULL. */
static size_t wanted_langs(const struct item_ctx *ctx, const char **codes)
{
	size_t n = 0;
	for (size_t l = 0; l < ctx->kit->langs.count; l++)
		if (item_wants_lang(ctx->opt, ctx->kit->langs.codes[l])) {
			if (codes)
				codes[n] = ctx->kit->langs.codes[l];
			n++;
		}
	return n;
}

void item_text_proof_outputs(const struct item_ctx *ctx, enum kit_item_kind kind,
                             struct build_outputs *out)
{
	for (size_t i = 0; wanted_langs(ctx, NULL) && i < ctx->kit->nitems; i++)
		if (has_text_proof(&ctx->kit->items[i], kind))
			item_proof_output(ctx, ctx->kit->items[i].id, out);
}

bool item_write_text_proofs(const struct item_ctx *ctx, enum kit_item_kind kind)
{
	const struct kit *kit = ctx->kit;
	const char **codes = xcalloc(kit->langs.count ? kit->langs.count : 1, sizeof(*codes));
	struct langs want = {.codes = codes};
	want.count = wanted_langs(ctx, codes);
	bool ok = true;
	for (size_t i = 0; i < kit->nitems && ok && want.count; i++) {
		const struct kit_item *it = &kit->items[i];
		if (!has_text_proof(it, kind) || !item_take_unit(ctx))
			continue;
		char date[32];
		sink_get_date(date, sizeof(date));
		struct pdf_meta meta = {
		        .title = item_get_title(it, want.codes[0]),
		        .author = kit->author,
		        .keywords = "translation proof",
		        .date = date,
		};
		struct proof_table t;
		proof_table_init(&t, it->id, want.codes, want.count, kit->phrases,
		                 it->langs.codes[0], fonts_get_context(ctx->fonts));
		proof_table_add_item(&t, it);
		ok = item_write_proof(ctx, &t, it->id, &meta);
	}
	free(codes);
	return ok;
}
