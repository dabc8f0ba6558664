#include "output/proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/proof_table.h"
#include "output/atomic.h"
#include "render/paint.h"
#include "util/buf.h"
#include "util/mem.h"

struct proof {
	const char *id;          /* the deck's, board's or document's */
	const char *const *codes; /* the languages, one column each */
	size_t nlangs;
	struct proof_table table; /* the rows */
	struct rich **owned;     /* texts read from YAML for the rows; each allocated
				    on its own, since cells point at them */
	size_t nowned, owned_cap;
};

static void add_row(struct proof *p, const char *label, struct proof_cell *cells)
{
	proof_table_add_row(&p->table, label, cells);
}

/* A text of a board or document as it reads: markup applied ("=" is the
 * source text). */
static const struct rich *own_text(struct proof *p, const char *src)
{
	XGROW(p->owned, p->owned_cap, p->nowned + 1);
	struct rich *r = xmalloc(sizeof(*r));
	p->owned[p->nowned++] = r;
	rich_init(r);
	const char *err;
	size_t off;
	if (!markup_parse(r, src, 0, &err, &off))
		rich_append_plain(r, src, strlen(src), 0);
	return r;
}

/* Boards and documents: every language map, named by the nearest id above
 * it and its key; lang[l] is the item's language of column l, or -1. Texts
 * flow at their block's size or are fitted on the board; check reports any
 * that do not fit. */
static void collect_text(struct proof *p, const struct item_text *x, const int *lang)
{
	const char *src = lang[0] >= 0 ? x->s[lang[0]] : NULL;
	struct proof_cell *cells = xcalloc(p->nlangs, sizeof(*cells));
	bool differs = false;
	for (size_t l = 0; l < p->nlangs; l++) {
		const char *v = lang[l] >= 0 ? x->s[lang[l]] : NULL;
		const char *text = v ? v : "";
		if (v && strcmp(text, "=") == 0 && src)
			text = src;
		differs |= l > 0 && src && strcmp(text, src) != 0;
		if (!v)
			snprintf(cells[l].note, sizeof(cells[l].note), "MISSING");
		cells[l].bad = !v;
		if (text[0])
			cells[l].rich = own_text(p, text);
	}
	if (p->nlangs > 1 && !differs && src && src[0]) {
		free(cells);
		return;
	}
	char label[160];
	snprintf(label, sizeof(label), "%s\n%s", x->owner, x->field);
	add_row(p, label, cells);
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct atomic_file *f = closure;
	atomic_write(f, data, len);
	return f->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Paginates and writes the rows; frees them. */
static bool write_rows(struct proof *p, const char *path, const struct pdf_meta *meta,
		       struct diag *d)
{
	struct dlist *pages;
	size_t npages;
	proof_table_compose(&p->table, meta->title, &pages, &npages);
	struct paint_ctx pc = {.pango = p->table.ctx};
	struct atomic_file f;
	bool ok = atomic_open(&f, path, d);
	if (ok) {
		cairo_surface_t *s = sink_pdf_surface_create(write_cb, &f, pages[0].trim_w,
							     pages[0].trim_h, meta);
		cairo_t *cr = cairo_create(s);
		for (size_t i = 0; i < npages; i++) {
			paint_page(cr, &pages[i], &pc);
			cairo_show_page(cr);
		}
		cairo_status_t st = cairo_status(cr);
		cairo_destroy(cr);
		if (st != CAIRO_STATUS_SUCCESS)
			diag_error(d, (struct mark){.file = path}, "cannot draw proof: %s",
				   cairo_status_to_string(st));
		ok = sink_pdf_surface_finish(s, &f, st == CAIRO_STATUS_SUCCESS, d);
	}
	for (size_t i = 0; i < npages; i++)
		dlist_finish(&pages[i]);
	free(pages);
	proof_table_finish(&p->table);
	for (size_t i = 0; i < p->nowned; i++) {
		rich_finish(p->owned[i]);
		free(p->owned[i]);
	}
	free(p->owned);
	return ok;
}

bool proof_write(const char *path, const struct deck *deck, const struct proof_lang *langs,
		 size_t nlangs, PangoContext *ctx, const struct pdf_meta *meta, struct diag *d)
{
	const char **codes = xcalloc(nlangs ? nlangs : 1, sizeof(*codes));
	for (size_t l = 0; l < nlangs; l++)
		codes[l] = langs[l].code;
	struct proof p = {.id = deck->id, .codes = codes, .nlangs = nlangs};
	proof_table_init(&p.table, deck->id, codes, nlangs, ctx);
	proof_table_add_deck(&p.table, deck, langs);
	bool ok = write_rows(&p, path, meta, d);
	free(codes);
	return ok;
}

bool proof_write_tree(const char *path, const struct kit_item *it, const struct langs *langs,
		      PangoContext *ctx, const struct pdf_meta *meta, struct diag *d)
{
	struct proof p = {.id = it->id, .codes = langs->codes, .nlangs = langs->count};
	proof_table_init(&p.table, it->id, langs->codes, langs->count, ctx);
	int *lang = xcalloc(langs->count ? langs->count : 1, sizeof(*lang));
	for (size_t l = 0; l < langs->count; l++)
		lang[l] = langs_find(&it->langs, langs->codes[l]);
	for (size_t i = 0; langs->count && i < it->ntexts; i++)
		if (it->texts[i].s)
			collect_text(&p, &it->texts[i], lang);
	free(lang);
	return write_rows(&p, path, meta, d);
}
