#include "layout/proof_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/fit.h"
#include "util/buf.h"
#include "util/geom.h"
#include "util/hash.h"
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
#define FAMILY "Lato"

void proof_table_init(struct proof_table *t, const char *id, const char *const *codes,
                      size_t nlangs, const struct phrasebook *phrases, const char *lang,
                      PangoContext *ctx)
{
	*t = (struct proof_table){.id = id,
	                          .codes = codes,
	                          .nlangs = nlangs,
	                          .phrases = phrases,
	                          .lang = lang,
	                          .ctx = ctx};
	t->col_w = (PAGE_W - 2 * MARGIN - LABEL_W) / (double)(nlangs ? nlangs : 1);
}

void proof_table_finish(struct proof_table *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i].cells);
	free(t->rows);
	for (size_t i = 0; i < t->nowned; i++) {
		rich_finish(t->owned[i]);
		free(t->owned[i]);
	}
	free(t->owned);
	free(t->heights);
	*t = (struct proof_table){0};
}

bool proof_table_require(struct phrasebook *pb, const char *lang, struct mark at, struct diag *d)
{
	static const enum phrase_key keys[] = {
	        PHRASE_PROOF_TITLE,    PHRASE_PROOF_WHERE,    PHRASE_PROOF_FRONT,
	        PHRASE_PROOF_BACK,     PHRASE_PROOF_EMPTY,    PHRASE_PROOF_MISSING,
	        PHRASE_PROOF_SET,      PHRASE_PROOF_SHRUNK,   PHRASE_PROOF_NO_FIT,
	        PHRASE_PROOF_TOO_WIDE, PHRASE_PROOF_TOO_TALL,
	};
	return phrasebook_require(pb, lang, keys, sizeof(keys) / sizeof(keys[0]), at, d);
}

/* The proof's text p in its language with args filled in, into out (n
 * bytes); empty when the phrasebook lacks it (proof_table_require()
 * reported that). */
static void say(const struct proof_table *t, enum phrase_key p, const struct phrase_arg *args,
                size_t nargs, char *out, size_t n)
{
	struct buf b;
	buf_init(&b);
	if (t->phrases)
		phrasebook_format(t->phrases, t->lang, p, args, nargs, &b);
	snprintf(out, n, "%s", buf_str(&b));
	buf_finish(&b);
}

/* How a cell's text is set. */
struct cell_text {
	const struct rich *rich; /* with its styled runs */
	const char *plain;       /* or this, when rich is NULL */
	double size;
	bool bold, right;
	double width;
};

/* Sets l up for c; r holds the plain text's copy (initialised, finished
 * by the caller). */
static void setup(PangoLayout *l, const struct cell_text *c, struct rich *r)
{
	struct text_style st = {.family = FAMILY,
	                        .size = c->size,
	                        .weight = c->bold ? 700 : 400,
	                        .align = c->right ? ALIGN_END : ALIGN_START};
	if (!c->rich)
		rich_append_plain(r, c->plain, strlen(c->plain), 0);
	text_layout_setup_cell(l, c->rich ? c->rich : r, c->rich != NULL, &st, c->width);
}

static double height_of(const struct proof_table *t, const struct cell_text *c)
{
	PangoLayout *l = pango_layout_new(t->ctx);
	struct rich r;
	rich_init(&r);
	setup(l, c, &r);
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	g_object_unref(l);
	rich_finish(&r);
	return (double)log.height / PANGO_SCALE;
}

/* Adds c at (x, y) in colour g (grey) or col. */
static void put(struct dlist *page, const struct cell_text *c, double x, double y, struct color col)
{
	struct dl_text *t = dlist_add_text(page);
	if (c->rich)
		dl_text_set_rich(t, c->rich);
	else
		rich_append_plain(&t->rich, c->plain, strlen(c->plain), 0);
	t->style = (struct text_style){.family = FAMILY,
	                               .size = c->size,
	                               .weight = c->bold ? 700 : 400,
	                               .align = c->right ? ALIGN_END : ALIGN_START};
	t->setup = c->rich ? DL_SETUP_CELL_MARKUP : DL_SETUP_CELL;
	t->width = c->width;
	t->box = (struct box){x, y, c->width, 0};
	t->color = col;
}

static struct color grey(double v)
{
	return (struct color){v, v, v};
}

static void rule(struct dlist *page, double y, double v, double width)
{
	struct dl_path *p = dlist_add_path(page, 0);
	dl_path_move_to(p, MARGIN, y);
	dl_path_line_to(p, PAGE_W - MARGIN, y);
	dl_path_set_stroke(p, grey(v), width);
}

/* The height of a row of label and cells, padding included, in points. */
static double row_height(const struct proof_table *t, const char *label,
                         const struct proof_cell *cells)
{
	double h = height_of(
	        t, &(struct cell_text){.plain = label, .size = 8, .width = LABEL_W - 2 * PAD});
	for (size_t l = 0; l < t->nlangs; l++) {
		const struct proof_cell *c = &cells[l];
		double ch = TEXT_SIZE * 1.3;
		if (c->rich)
			ch = height_of(t, &(struct cell_text){.rich = c->rich,
			                                      .size = TEXT_SIZE,
			                                      .width = t->col_w - 2 * PAD}) +
			     (c->note[0] ? NOTE_SIZE * 1.4 : 0);
		h = ch > h ? ch : h;
	}
	return h + 2 * PAD;
}

void proof_table_add_row(struct proof_table *t, const char *label, struct proof_cell *cells)
{
	double h = row_height(t, label, cells);
	XGROW(t->rows, t->cap, t->nrows + 1);
	struct proof_row *row = &t->rows[t->nrows++];
	*row = (struct proof_row){.cells = cells, .height = h};
	snprintf(row->label, sizeof(row->label), "%s", label);
}

static void put_header(const struct proof_table *t, struct dlist *page, const char *title, int n,
                       int pages)
{
	char buf[256], where[64];
	say(t, PHRASE_PROOF_TITLE, (struct phrase_arg[]){{"title", title}, {"id", t->id}}, 2, buf,
	    sizeof(buf));
	say(t, PHRASE_PROOF_WHERE, NULL, 0, where, sizeof(where));
	put(page,
	    &(struct cell_text){
	            .plain = buf, .size = 12, .bold = true, .width = PAGE_W - 2 * MARGIN},
	    MARGIN, MARGIN - 4, grey(0));
	double y = MARGIN + HEADER_H - 14;
	put(page, &(struct cell_text){.plain = where, .size = 8, .bold = true, .width = LABEL_W},
	    MARGIN + PAD, y, grey(0.35));
	for (size_t c = 0; c < t->nlangs; c++)
		put(page,
		    &(struct cell_text){
		            .plain = t->codes[c], .size = 8, .bold = true, .width = t->col_w},
		    MARGIN + LABEL_W + (double)c * t->col_w + PAD, y, grey(0.35));
	rule(page, MARGIN + HEADER_H, 0.2, 0.75);
	snprintf(buf, sizeof(buf), "%d / %d", n, pages);
	put(page,
	    &(struct cell_text){
	            .plain = buf, .size = 7, .right = true, .width = PAGE_W - 2 * MARGIN},
	    MARGIN, PAGE_H - MARGIN, grey(0.4));
}

static void put_row(const struct proof_table *t, struct dlist *page, const struct proof_row *row,
                    double y)
{
	char empty[64];
	say(t, PHRASE_PROOF_EMPTY, NULL, 0, empty, sizeof(empty));
	put(page, &(struct cell_text){.plain = row->label, .size = 8, .width = LABEL_W - 2 * PAD},
	    MARGIN + PAD, y + PAD, grey(0.3));
	for (size_t c = 0; c < t->nlangs; c++) {
		double x = MARGIN + LABEL_W + (double)c * t->col_w + PAD;
		const struct proof_cell *cell = &row->cells[c];
		struct cell_text ct = {.rich = cell->rich,
		                       .plain = empty,
		                       .size = TEXT_SIZE,
		                       .width = t->col_w - 2 * PAD};
		double th = height_of(t, &ct);
		put(page, &ct, x, y + PAD, cell->rich ? grey(0.1) : grey(0.6));
		if (!cell->note[0])
			continue;
		put(page,
		    &(struct cell_text){.plain = cell->note,
		                        .size = NOTE_SIZE,
		                        .bold = cell->bad,
		                        .width = t->col_w - 2 * PAD},
		    x, y + PAD + th + 1, cell->bad ? (struct color){0.8, 0.05, 0.05} : grey(0.45));
	}
	rule(page, y + row->height, 0.82, 0.4);
}

/* ---- decks ---- */

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

/* The texts of a deck's proof shown so far, as 64-bit hashes of their
 * keys (open addressing; 0 marks a free slot): two keys alike in their
 * hashes would be one in 2^64 for a pair. */
struct seen {
	uint64_t *slots; /* owned */
	size_t cap, count;
};

/* Adds h to s; true when it was there already. */
static bool seen_add(struct seen *s, uint64_t h)
{
	h = h ? h : 1;
	if (2 * (s->count + 1) > s->cap) {
		struct seen bigger = {.cap = s->cap ? 2 * s->cap : 256};
		bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i])
				seen_add(&bigger, s->slots[i]);
		free(s->slots);
		*s = bigger;
	}
	for (size_t i = (size_t)(h % s->cap);; i = (i + 1) % s->cap) {
		if (s->slots[i] == h)
			return true;
		if (!s->slots[i]) {
			s->slots[i] = h;
			s->count++;
			return false;
		}
	}
}

/* Text that says the same in every row is shown once, at its first card. */
static bool seen_before(struct seen *seen, size_t nlangs, const char *name, const char *id,
                        const struct lay_item **items)
{
	struct buf key;
	buf_init(&key);
	buf_printf(&key, "\x1f%s", name);
	for (size_t l = 0; l < nlangs; l++) {
		buf_putc(&key, '\x1e');
		put_without_id(&key, items[l] ? items[l]->rich.text : "", id);
	}
	buf_putc(&key, '\x1f');
	bool found = seen_add(seen, hash_fnv1a64(HASH_FNV1A64_INIT, key.data, key.len));
	buf_finish(&key);
	return found;
}

/* The line under each text: the size it was set at, or the overflow. */
static void status_text(const struct proof_table *t, const struct lay_item *it, char *buf, size_t n,
                        bool *bad)
{
	char size[32], design[32], w[96] = "", h[96] = "", mm[32];
	snprintf(size, sizeof(size), "%.4g", it->style.size);
	snprintf(design, sizeof(design), "%.4g", it->design_size);
	*bad = !it->fits;
	if (!it->fits) {
		if (it->overflow_w > 0) {
			snprintf(mm, sizeof(mm), "%.1f", it->overflow_w / PT_PER_MM);
			say(t, PHRASE_PROOF_TOO_WIDE, &(struct phrase_arg){"mm", mm}, 1, w,
			    sizeof(w));
		}
		if (it->overflow_h > 0) {
			snprintf(mm, sizeof(mm), "%.1f", it->overflow_h / PT_PER_MM);
			say(t, PHRASE_PROOF_TOO_TALL, &(struct phrase_arg){"mm", mm}, 1, h,
			    sizeof(h));
		}
		char problem[200];
		snprintf(problem, sizeof(problem), "%s%s%s", w, w[0] && h[0] ? ", " : "", h);
		say(t, PHRASE_PROOF_NO_FIT,
		    (struct phrase_arg[]){{"size", size}, {"problem", problem}}, 2, buf, n);
	} else if (it->style.size < it->design_size) {
		say(t, PHRASE_PROOF_SHRUNK,
		    (struct phrase_arg[]){{"size", size}, {"design", design}}, 2, buf, n);
	} else {
		say(t, PHRASE_PROOF_SET, &(struct phrase_arg){"size", size}, 1, buf, n);
	}
}

/* What deck_rows() does with a row: cells (from malloc) are the callee's;
 * their texts are borrowed for the call only. */
typedef void row_fn(const struct proof_table *t, const char *label, struct proof_cell *cells,
                    void *arg);

/* The rows of one text item it0 of card c's face (side), with items[l] its
 * counterpart in language l. */
static void item_row(const struct proof_table *p, size_t c, int side, const struct lay_item *it0,
                     const struct lay_item **items, struct seen *seen, row_fn *row, void *arg)
{
	/* the same in every language (an id, a number): nothing to review;
	 * an untranslated text is reported by check */
	bool differs = false;
	for (size_t l = 1; l < p->nlangs && !differs; l++)
		differs = !items[l] || strcmp(items[l]->rich.text, it0->rich.text) != 0;
	if ((p->nlangs > 1 && !differs) ||
	    seen_before(seen, p->nlangs, it0->name, p->deck->cards[c].id, items))
		return;
	struct proof_cell *cells = xcalloc(p->nlangs, sizeof(*cells));
	for (size_t l = 0; l < p->nlangs; l++) {
		if (!items[l])
			continue;
		cells[l].rich = &items[l]->rich;
		status_text(p, items[l], cells[l].note, sizeof(cells[l].note), &cells[l].bad);
	}
	char label[160], face[64];
	say(p, side ? PHRASE_PROOF_BACK : PHRASE_PROOF_FRONT, NULL, 0, face, sizeof(face));
	snprintf(label, sizeof(label), "%s\n%s · %s", p->deck->cards[c].id, face, it0->name);
	row(p, label, cells, arg);
}

/* Calls row for each row of p's deck, in order, laying out a card's faces
 * in every language at a time. */
static void deck_rows(const struct proof_table *p, row_fn *row, void *arg)
{
	struct seen seen = {0};
	struct face_layout *scratch = xcalloc(p->nlangs, sizeof(*scratch));
	const struct face_layout **fl = xcalloc(p->nlangs, sizeof(*fl));
	const struct lay_item **items = xcalloc(p->nlangs, sizeof(*items));
	for (size_t c = 0; c < p->deck->ncards; c++) {
		for (int side = 0; side < 2; side++) {
			for (size_t l = 0; l < p->nlangs; l++)
				fl[l] = p->faces->get(p->faces->arg, l, c, side, &scratch[l]);
			for (size_t i = 0; i < fl[0]->count; i++) {
				const struct lay_item *it0 = &fl[0]->items[i];
				if (it0->type != ELEM_TEXT || !it0->name)
					continue;
				for (size_t l = 0; l < p->nlangs; l++)
					items[l] = find_item(fl[l], it0->name);
				item_row(p, c, side, it0, items, &seen, row, arg);
			}
			for (size_t l = 0; l < p->nlangs; l++)
				face_layout_finish(&scratch[l]);
		}
	}
	free(items);
	free(fl);
	free(scratch);
	free(seen.slots);
}

static void measure_row(const struct proof_table *t, const char *label, struct proof_cell *cells,
                        void *arg)
{
	struct proof_table *p = arg;
	XGROW(p->heights, p->heights_cap, p->nheights + 1);
	p->heights[p->nheights++] = row_height(t, label, cells);
	free(cells);
}

void proof_table_add_deck(struct proof_table *p, const struct deck *deck,
                          const struct proof_faces *faces)
{
	p->deck = deck;
	p->faces = faces;
	if (p->nlangs)
		deck_rows(p, measure_row, p);
}

/* ---- boards and documents ---- */

/* A text of a board or document as it reads: markup applied ("=" is the
 * source text). Owned by t, since cells point at it. */
static const struct rich *own_text(struct proof_table *t, const char *src)
{
	XGROW(t->owned, t->owned_cap, t->nowned + 1);
	struct rich *r = xmalloc(sizeof(*r));
	t->owned[t->nowned++] = r;
	rich_init(r);
	const char *err;
	size_t off;
	if (!markup_parse(r, src, 0, &err, &off))
		rich_append_plain(r, src, strlen(src), 0);
	return r;
}

/* One language map of an item, named by the nearest id above it and its
 * key; lang[l] is the item's language of column l, or -1. Texts flow at
 * their block's size or are fitted on the board; check reports any that
 * do not fit. */
static void add_text(struct proof_table *t, const struct item_text *x, const int *lang)
{
	const char *src = lang[0] >= 0 ? x->s[lang[0]] : NULL;
	struct proof_cell *cells = xcalloc(t->nlangs, sizeof(*cells));
	bool differs = false;
	for (size_t l = 0; l < t->nlangs; l++) {
		const char *v = lang[l] >= 0 ? x->s[lang[l]] : NULL;
		const char *text = v ? v : "";
		if (v && strcmp(text, "=") == 0 && src)
			text = src;
		differs |= l > 0 && src && strcmp(text, src) != 0;
		if (!v)
			say(t, PHRASE_PROOF_MISSING, NULL, 0, cells[l].note, sizeof(cells[l].note));
		cells[l].bad = !v;
		if (text[0])
			cells[l].rich = own_text(t, text);
	}
	if (t->nlangs > 1 && !differs && src && src[0]) {
		free(cells);
		return;
	}
	char label[160];
	snprintf(label, sizeof(label), "%s\n%s", x->owner, x->field);
	proof_table_add_row(t, label, cells);
}

void proof_table_add_item(struct proof_table *t, const struct kit_item *it)
{
	int *lang = xcalloc(t->nlangs ? t->nlangs : 1, sizeof(*lang));
	for (size_t l = 0; l < t->nlangs; l++)
		lang[l] = langs_find(&it->langs, t->codes[l]);
	for (size_t i = 0; t->nlangs && i < it->ntexts; i++)
		if (it->texts[i].s)
			add_text(t, &it->texts[i], lang);
	free(lang);
}

/* Pages made one at a time: the one being filled, handed to emit when the
 * next row does not fit. */
struct pager {
	const char *title;
	int n, count;
	double y;
	struct dlist page;
	void (*emit)(void *arg, struct dlist *page);
	void *arg;
	size_t deck_row; /* the next of the deck's rows, for its height */
};

static void start_page(const struct proof_table *t, struct pager *pg)
{
	dlist_init(&pg->page, PAGE_W, PAGE_H, 0);
	put_header(t, &pg->page, pg->title, ++pg->n, pg->count);
	pg->y = MARGIN + HEADER_H;
}

/* Puts row on the page; rows never split: a row that does not fit below
 * the header's page's rows starts a new page. */
static void place(const struct proof_table *t, struct pager *pg, const struct proof_row *row)
{
	double body = PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H;
	if (pg->y > MARGIN + HEADER_H && pg->y + row->height > MARGIN + HEADER_H + body) {
		pg->emit(pg->arg, &pg->page);
		start_page(t, pg);
	}
	put_row(t, &pg->page, row, pg->y);
	pg->y += row->height;
}

static void place_deck_row(const struct proof_table *t, const char *label, struct proof_cell *cells,
                           void *arg)
{
	struct pager *pg = arg;
	struct proof_row row = {.cells = cells, .height = t->heights[pg->deck_row++]};
	snprintf(row.label, sizeof(row.label), "%s", label);
	place(t, pg, &row);
	free(cells);
}

/* Counts a row of height h into the pages: one more when it does not fit
 * below the rows before it (used: their height on the last page). */
static void count_row(int *count, double *used, double h)
{
	double body = PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H;
	if (*used > 0 && *used + h > body) {
		(*count)++;
		*used = 0;
	}
	*used += h;
}

void proof_table_each_page(const struct proof_table *t, const char *title,
                           void (*emit)(void *arg, struct dlist *page), void *arg)
{
	struct pager pg = {.title = title, .count = 1, .emit = emit, .arg = arg};
	double used = 0;
	for (size_t i = 0; i < t->nrows; i++)
		count_row(&pg.count, &used, t->rows[i].height);
	for (size_t i = 0; i < t->nheights; i++)
		count_row(&pg.count, &used, t->heights[i]);
	start_page(t, &pg);
	for (size_t i = 0; i < t->nrows; i++)
		place(t, &pg, &t->rows[i]);
	if (t->deck && t->nlangs)
		deck_rows(t, place_deck_row, &pg);
	emit(arg, &pg.page);
}

struct page_list {
	struct dlist *pages;
	size_t n;
};

static void keep_page(void *arg, struct dlist *page)
{
	struct page_list *pl = arg;
	pl->pages = xreallocarray(pl->pages, pl->n + 1, sizeof(*pl->pages));
	pl->pages[pl->n++] = *page;
}

void proof_table_compose(const struct proof_table *t, const char *title, struct dlist **pages,
                         size_t *npages)
{
	struct page_list pl = {0};
	proof_table_each_page(t, title, keep_page, &pl);
	*pages = pl.pages;
	*npages = pl.n;
}
