#include "output/proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "output/atomic.h"
#include "util/buf.h"
#include "util/geom.h"
#include "util/mem.h"

/* A4 landscape, in points. */
#define PAGE_W (297 * PT_PER_MM)
#define PAGE_H (210 * PT_PER_MM)
#define MARGIN (12 * PT_PER_MM)
#define LABEL_W (38 * PT_PER_MM)
#define PAD 4.0
#define HEADER_H 34.0
#define FOOTER_H 16.0
#define TEXT_SIZE 9.5
#define NOTE_SIZE 7.0

/* One language of one text: what it says, and the line under it. */
struct cell {
	const struct rich *rich; /* NULL where the text is empty */
	char note[160];
	bool bad;                /* the note is a problem: red */
};

/* One row: a text in every language. */
struct row {
	char label[160];
	struct cell *cells; /* per language */
	double height;
};

struct proof {
	const char *id;          /* the deck's, board's or document's */
	const char *const *codes; /* the languages, one column each */
	size_t nlangs;
	PangoContext *ctx;
	double col_w;
	struct row *rows;
	size_t nrows, cap;
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

static PangoLayout *cell_layout(struct proof *p, const char *text, const struct rich *rich,
				double size, bool bold, double width)
{
	PangoLayout *l = pango_layout_new(p->ctx);
	PangoFontDescription *fd = pango_font_description_from_string("Lato");
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, pango_units_from_double(width));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (rich) {
		pango_layout_set_text(l, rich->text, (int)rich->len);
		PangoAttrList *attrs = rich_get_attrs(rich);
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	} else {
		pango_layout_set_text(l, text, -1);
	}
	return l;
}

static double layout_height(PangoLayout *l)
{
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	return (double)log.height / PANGO_SCALE;
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

static double cell_height(struct proof *p, const struct cell *c)
{
	if (!c->rich)
		return TEXT_SIZE * 1.3;
	PangoLayout *t = cell_layout(p, NULL, c->rich, TEXT_SIZE, false, p->col_w - 2 * PAD);
	double h = layout_height(t) + (c->note[0] ? NOTE_SIZE * 1.4 : 0);
	g_object_unref(t);
	return h;
}

static void add_row(struct proof *p, const char *label, struct cell *cells)
{
	PangoLayout *lab = cell_layout(p, label, NULL, 8, false, LABEL_W - 2 * PAD);
	double h = layout_height(lab);
	g_object_unref(lab);
	for (size_t l = 0; l < p->nlangs; l++) {
		double ch = cell_height(p, &cells[l]);
		h = ch > h ? ch : h;
	}
	XGROW(p->rows, p->cap, p->nrows + 1);
	struct row *row = &p->rows[p->nrows++];
	*row = (struct row){.cells = cells, .height = h + 2 * PAD};
	snprintf(row->label, sizeof(row->label), "%s", label);
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
				struct cell *cells = xcalloc(p->nlangs, sizeof(*cells));
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
 * it and its key; lang[l] is the item's language of column l, or -1. Texts
 * flow at their block's size or are fitted on the board; check reports any
 * that do not fit. */
static void collect_text(struct proof *p, const struct item_text *x, const int *lang)
{
	const char *src = lang[0] >= 0 ? x->s[lang[0]] : NULL;
	struct cell *cells = xcalloc(p->nlangs, sizeof(*cells));
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

static void draw_text(cairo_t *cr, PangoLayout *l, double x, double y, double r, double g,
		      double b)
{
	cairo_set_source_rgb(cr, r, g, b);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
}

static void draw_header(struct proof *p, cairo_t *cr, const char *title, int page, int pages)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "Translation proof: %s (%s)", title, p->id);
	PangoLayout *l = cell_layout(p, buf, NULL, 12, true, PAGE_W - 2 * MARGIN);
	draw_text(cr, l, MARGIN, MARGIN - 4, 0, 0, 0);
	g_object_unref(l);
	double y = MARGIN + HEADER_H - 14;
	l = cell_layout(p, "where", NULL, 8, true, LABEL_W);
	draw_text(cr, l, MARGIN + PAD, y, 0.35, 0.35, 0.35);
	g_object_unref(l);
	for (size_t c = 0; c < p->nlangs; c++) {
		l = cell_layout(p, p->codes[c], NULL, 8, true, p->col_w);
		draw_text(cr, l, MARGIN + LABEL_W + (double)c * p->col_w + PAD, y, 0.35, 0.35, 0.35);
		g_object_unref(l);
	}
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_set_line_width(cr, 0.75);
	cairo_move_to(cr, MARGIN, MARGIN + HEADER_H);
	cairo_line_to(cr, PAGE_W - MARGIN, MARGIN + HEADER_H);
	cairo_stroke(cr);
	snprintf(buf, sizeof(buf), "%d / %d", page, pages);
	l = cell_layout(p, buf, NULL, 7, false, PAGE_W - 2 * MARGIN);
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	draw_text(cr, l, MARGIN, PAGE_H - MARGIN, 0.4, 0.4, 0.4);
	g_object_unref(l);
}

static void draw_row(struct proof *p, cairo_t *cr, const struct row *row, double y)
{
	PangoLayout *l = cell_layout(p, row->label, NULL, 8, false, LABEL_W - 2 * PAD);
	draw_text(cr, l, MARGIN + PAD, y + PAD, 0.3, 0.3, 0.3);
	g_object_unref(l);
	for (size_t c = 0; c < p->nlangs; c++) {
		double x = MARGIN + LABEL_W + (double)c * p->col_w + PAD;
		const struct cell *cell = &row->cells[c];
		double th = 0;
		if (cell->rich) {
			l = cell_layout(p, NULL, cell->rich, TEXT_SIZE, false, p->col_w - 2 * PAD);
			th = layout_height(l);
			draw_text(cr, l, x, y + PAD, 0.1, 0.1, 0.1);
		} else {
			l = cell_layout(p, "(empty)", NULL, TEXT_SIZE, false, p->col_w - 2 * PAD);
			th = layout_height(l);
			draw_text(cr, l, x, y + PAD, 0.6, 0.6, 0.6);
		}
		g_object_unref(l);
		if (!cell->note[0])
			continue;
		l = cell_layout(p, cell->note, NULL, NOTE_SIZE, cell->bad, p->col_w - 2 * PAD);
		if (cell->bad)
			draw_text(cr, l, x, y + PAD + th + 1, 0.8, 0.05, 0.05);
		else
			draw_text(cr, l, x, y + PAD + th + 1, 0.45, 0.45, 0.45);
		g_object_unref(l);
	}
	cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, MARGIN, y + row->height);
	cairo_line_to(cr, PAGE_W - MARGIN, y + row->height);
	cairo_stroke(cr);
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
	/* rows never split; a page takes what fits below the header */
	double body = PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H;
	int pages = 1;
	double used = 0;
	for (size_t i = 0; i < p->nrows; i++) {
		if (used > 0 && used + p->rows[i].height > body) {
			pages++;
			used = 0;
		}
		used += p->rows[i].height;
	}

	struct atomic_file f;
	bool ok = atomic_open(&f, path, d);
	if (ok) {
		cairo_surface_t *s = sink_pdf_surface_create(write_cb, &f, PAGE_W, PAGE_H, meta);
		cairo_t *cr = cairo_create(s);
		int page = 1;
		double y = MARGIN + HEADER_H;
		draw_header(p, cr, meta->title, page, pages);
		for (size_t i = 0; i < p->nrows; i++) {
			if (y > MARGIN + HEADER_H && y + p->rows[i].height > MARGIN + HEADER_H + body) {
				cairo_show_page(cr);
				draw_header(p, cr, meta->title, ++page, pages);
				y = MARGIN + HEADER_H;
			}
			draw_row(p, cr, &p->rows[i], y);
			y += p->rows[i].height;
		}
		cairo_show_page(cr);
		cairo_status_t st = cairo_status(cr);
		cairo_destroy(cr);
		if (st != CAIRO_STATUS_SUCCESS)
			diag_error(d, (struct mark){.file = path}, "cannot draw proof: %s",
				   cairo_status_to_string(st));
		ok = sink_pdf_surface_finish(s, &f, st == CAIRO_STATUS_SUCCESS, d);
	}
	for (size_t i = 0; i < p->nrows; i++)
		free(p->rows[i].cells);
	free(p->rows);
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
	struct proof p = {.id = deck->id, .codes = codes, .nlangs = nlangs, .ctx = ctx};
	p.col_w = (PAGE_W - 2 * MARGIN - LABEL_W) / (double)(nlangs ? nlangs : 1);
	buf_init(&p.seen);
	collect_cards(&p, deck, langs);
	bool ok = write_rows(&p, path, meta, d);
	free(codes);
	return ok;
}

bool proof_write_tree(const char *path, const struct kit_item *it, const struct langs *langs,
		      PangoContext *ctx, const struct pdf_meta *meta, struct diag *d)
{
	struct proof p = {.id = it->id, .codes = langs->codes, .nlangs = langs->count, .ctx = ctx};
	p.col_w = (PAGE_W - 2 * MARGIN - LABEL_W) / (double)(langs->count ? langs->count : 1);
	buf_init(&p.seen);
	int *lang = xcalloc(langs->count ? langs->count : 1, sizeof(*lang));
	for (size_t l = 0; l < langs->count; l++)
		lang[l] = langs_find(&it->langs, langs->codes[l]);
	for (size_t i = 0; langs->count && i < it->ntexts; i++)
		if (it->texts[i].s)
			collect_text(&p, &it->texts[i], lang);
	free(lang);
	return write_rows(&p, path, meta, d);
}
