#include "layout/proof_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/fit.h"
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
	                        .align = c->right ? ALIGN_RIGHT : ALIGN_LEFT};
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
	                               .align = c->right ? ALIGN_RIGHT : ALIGN_LEFT};
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

void proof_table_add_row(struct proof_table *t, const char *label, struct proof_cell *cells)
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
	XGROW(t->rows, t->cap, t->nrows + 1);
	struct proof_row *row = &t->rows[t->nrows++];
	*row = (struct proof_row){.cells = cells, .height = h + 2 * PAD};
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

/* Text that says the same in every row is shown once, at its first card. */
static bool seen_before(struct buf *seen, size_t nlangs, const char *name, const char *id,
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
	bool found = strstr(buf_str(seen), buf_str(&key)) != NULL;
	if (!found)
		buf_puts(seen, buf_str(&key));
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

void proof_table_add_deck(struct proof_table *p, const struct deck *deck,
                          const struct proof_lang *langs)
{
	struct buf seen;
	buf_init(&seen);
	for (size_t c = 0; c < deck->ncards; c++) {
		for (int side = 0; side < 2; side++) {
			const struct face_layout *fl0 =
			        side ? &langs[0].backs[c] : &langs[0].fronts[c];
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
					differs = !items[l] ||
					          strcmp(items[l]->rich.text, it0->rich.text) != 0;
				if ((p->nlangs > 1 && !differs) ||
				    seen_before(&seen, p->nlangs, it0->name, deck->cards[c].id,
				                items)) {
					free(items);
					continue;
				}
				struct proof_cell *cells = xcalloc(p->nlangs, sizeof(*cells));
				for (size_t l = 0; l < p->nlangs; l++) {
					if (!items[l])
						continue;
					cells[l].rich = &items[l]->rich;
					status_text(p, items[l], cells[l].note,
					            sizeof(cells[l].note), &cells[l].bad);
				}
				char label[160], face[64];
				say(p, side ? PHRASE_PROOF_BACK : PHRASE_PROOF_FRONT, NULL, 0, face,
				    sizeof(face));
				snprintf(label, sizeof(label), "%s\n%s · %s", deck->cards[c].id,
				         face, it0->name);
				proof_table_add_row(p, label, cells);
				free(items);
			}
		}
	}
	buf_finish(&seen);
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

static struct dlist *new_page(struct dlist **pages, size_t *n)
{
	*pages = xreallocarray(*pages, *n + 1, sizeof(**pages));
	struct dlist *page = &(*pages)[(*n)++];
	dlist_init(page, PAGE_W, PAGE_H, 0);
	return page;
}

void proof_table_compose(const struct proof_table *t, const char *title, struct dlist **pages,
                         size_t *npages)
{
	/* rows never split; a page takes what fits below the header */
	double body = PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H;
	int count = 1;
	double used = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		if (used > 0 && used + t->rows[i].height > body) {
			count++;
			used = 0;
		}
		used += t->rows[i].height;
	}
	*pages = NULL;
	*npages = 0;
	struct dlist *page = new_page(pages, npages);
	int n = 1;
	double y = MARGIN + HEADER_H;
	put_header(t, page, title, n, count);
	for (size_t i = 0; i < t->nrows; i++) {
		if (y > MARGIN + HEADER_H && y + t->rows[i].height > MARGIN + HEADER_H + body) {
			page = new_page(pages, npages);
			put_header(t, page, title, ++n, count);
			y = MARGIN + HEADER_H;
		}
		put_row(t, page, &t->rows[i], y);
		y += t->rows[i].height;
	}
}
