#include "output/proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/proof_table.h"
#include "output/atomic.h"
#include "render/paint.h"
#include "util/buf.h"
#include "util/geom.h"
#include "util/mem.h"

struct proof {
	const char *id;          /* the deck's, board's or document's */
	const char *const *codes; /* the languages, one column each */
	size_t nlangs;
	struct proof_table table; /* the rows */
	struct rich **owned;     /* texts read from YAML for the rows; each allocated
				    on its own, since cells point at them */
	size_t nowned, owned_cap;
	struct buf seen;         /* rows already shown, see seen_before() */
};

static const struct lay_item *find_item(const struct face_layout *fl, const char *name)
{
	for (size_t i = 0; i < fl->count; i++)
		if (fl->items[i].type == ELEM_TEXT && fl->items[i].name &&
		    strcmp(fl->items[i].name, name) == 0)
			return &fl->items[i];
	return NULL;
}

/* Appends text with every occurrence of the card's id replaced by a mark,
 * so that "Capital Cards · T01 · v1.0" and "... T02 ..." count as one. */
static void put_without_id(struct buf *key, const char *text, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = text; *p;) {
		const char *hit = n ? strstr(p, id) : NULL;
		if (!hit) {
			buf_puts(key, p);
			break;
		}
		buf_append(key, p, (size_t)(hit - p));
		buf_putc(key, '\x1d');
		p = hit + n;
	}
}

/* Text that says the same in every row is shown once, at its first card. */
static bool seen_before(struct proof *p, const char *name, const char *id,
			const struct lay_item **items)
{
	struct buf key;
	buf_init(&key);
	buf_printf(&key, "\x1f%s", name);
	for (size_t l = 0; l < p->nlangs; l++) {
		buf_putc(&key, '\x1e');
		put_without_id(&key, items[l] ? items[l]->rich.text : "", id);
	}
	buf_putc(&key, '\x1f');
	bool seen = strstr(buf_str(&p->seen), buf_str(&key)) != NULL;
	if (!seen)
		buf_puts(&p->seen, buf_str(&key));
	buf_finish(&key);
	return seen;
}

/* The line under each text: the size it was set at, or the overflow. */
static void status_text(const struct lay_item *it, char *buf, size_t n, bool *bad)
{
	*bad = !it->fits;
	if (!it->fits) {
		char w[48] = "", h[48] = "";
		if (it->overflow_w > 0)
			snprintf(w, sizeof(w), "a word %.1f mm too wide", it->overflow_w / PT_PER_MM);
		if (it->overflow_h > 0)
			snprintf(h, sizeof(h), "%s%.1f mm too tall", w[0] ? ", " : "",
				 it->overflow_h / PT_PER_MM);
		snprintf(buf, n, "DOES NOT FIT at %.4g pt: %s%s", it->style.size, w, h);
	} else if (it->style.size < it->design_size) {
		snprintf(buf, n, "set at %.4g pt (shrunk from %.4g pt)", it->style.size, it->design_size);
	} else {
		snprintf(buf, n, "set at %.4g pt", it->style.size);
	}
}

static void add_row(struct proof *p, const char *label, struct proof_cell *cells)
{
	proof_table_add_row(&p->table, label, cells);
}

/* Cards: every text element of every face, as fitted. */
static void collect_cards(struct proof *p, const struct deck *deck, const struct proof_lang *langs)
{
	for (size_t c = 0; c < deck->ncards; c++) {
		for (int side = 0; side < 2; side++) {
			const struct face_layout *fl0 = side ? &langs[0].backs[c] : &langs[0].fronts[c];
			for (size_t i = 0; i < fl0->count; i++) {
				const struct lay_item *it0 = &fl0->items[i];
				if (it0->type != ELEM_TEXT || !it0->name)
					continue;
				const struct lay_item **items = xcalloc(p->nlangs, sizeof(*items));
				for (size_t l = 0; l < p->nlangs; l++) {
					const struct face_layout *fl =
						side ? &langs[l].backs[c] : &langs[l].fronts[c];
					items[l] = find_item(fl, it0->name);
				}
				/* the same in every language (an id, a number): nothing to review;
				 * an untranslated text is reported by check */
				bool differs = false;
				for (size_t l = 1; l < p->nlangs && !differs; l++)
					differs = !items[l] || strcmp(items[l]->rich.text, it0->rich.text) != 0;
				if ((p->nlangs > 1 && !differs) ||
				    seen_before(p, it0->name, deck->cards[c].id, items)) {
					free(items);
					continue;
				}
				struct proof_cell *cells = xcalloc(p->nlangs, sizeof(*cells));
				for (size_t l = 0; l < p->nlangs; l++) {
					if (!items[l])
						continue;
					cells[l].rich = &items[l]->rich;
					status_text(items[l], cells[l].note, sizeof(cells[l].note), &cells[l].bad);
				}
				char label[160];
				snprintf(label, sizeof(label), "%s\n%s · %s", deck->cards[c].id,
					 side ? "back" : "front", it0->name);
				add_row(p, label, cells);
				free(items);
			}
		}
	}
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
 * it and its key. Texts flow at their block's size or are fitted on the
 * board; check reports any that do not fit. */
static void collect_map(const struct node *n, const char *owner, const char *key, void *ctx)
{
	struct proof *p = ctx;
	const struct node *src = node_get(n, p->codes[0]);
	struct proof_cell *cells = xcalloc(p->nlangs, sizeof(*cells));
	bool differs = false;
	for (size_t l = 0; l < p->nlangs; l++) {
		const struct node *v = node_get(n, p->codes[l]);
		const char *text = v ? v->str : "";
		if (v && strcmp(text, "=") == 0 && src)
			text = src->str;
		differs |= l > 0 && src && strcmp(text, src->str) != 0;
		if (!v)
			snprintf(cells[l].note, sizeof(cells[l].note), "MISSING");
		cells[l].bad = !v;
		if (text[0])
			cells[l].rich = own_text(p, text);
	}
	if (p->nlangs > 1 && !differs && src && src->str[0]) {
		free(cells);
		return;
	}
	char label[160];
	snprintf(label, sizeof(label), "%s\n%s", owner, key);
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
	buf_finish(&p->seen);
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
	buf_init(&p.seen);
	collect_cards(&p, deck, langs);
	bool ok = write_rows(&p, path, meta, d);
	free(codes);
	return ok;
}

bool proof_write_tree(const char *path, const char *id, const struct node *root,
		      const struct langs *langs, PangoContext *ctx, const struct pdf_meta *meta,
		      struct diag *d)
{
	struct proof p = {.id = id, .codes = langs->codes, .nlangs = langs->count};
	proof_table_init(&p.table, id, langs->codes, langs->count, ctx);
	buf_init(&p.seen);
	ltext_walk(root, langs, collect_map, &p);
	return write_rows(&p, path, meta, d);
}
