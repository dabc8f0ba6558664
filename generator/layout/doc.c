#include "layout/doc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/fit.h"
#include "typeset/hyphen.h"
#include "util/mem.h"

/* House style: what a consultancy's handout looks like. Sizes are factors
 * of the document's body size (9.5 pt by default); lengths in points. */
#define MM PT_PER_MM
/* the document's colours (its brand's by default) */
#define INK (c->doc->ink)
#define GREY (c->doc->muted)
#define RULE (c->doc->rule)
#define ON_ACCENT (c->doc->on_accent)
static const struct color WHITE = {1, 1, 1};

enum {
	W_REGULAR = 400,
	W_SEMIBOLD = 600,
	W_BOLD = 700,
	W_BLACK = 900,
};

/* How many pages a document may have before layout gives up: a guard
 * against a runaway loop, far above any real script. */
#define MAX_PAGES 2000

#define NO_PAR SIZE_MAX

/* ---------------------------------------------------------------------
 * Rows: the unit that holds text. A row has cells side by side; each cell
 * holds lines of paragraphs stacked from its top. Paragraphs, lists and
 * panels are one-cell rows that may break between lines; table rows are
 * many-cell rows that move whole unless taller than a page.
 */

enum marker {
	MARK_NONE,
	MARK_BULLET,   /* a dot */
	MARK_TEXT,     /* a number or letter: marker_par */
	MARK_CHECKBOX, /* an empty square to tick */
};

struct cline {
	size_t par; /* NO_PAR: a spacer (write-in lines) */
	int line;
	double x;                 /* left of the paragraph, from the cell's left */
	double top, bottom, base; /* from the cell's content top */
	size_t first, n;          /* the paragraph's first line (index in the cell) and count */
	enum marker marker;       /* drawn with the paragraph's first line */
	bool keep;                /* no break after this paragraph */
	size_t marker_par;
	double marker_base; /* the marker's first baseline from its top */
	double marker_size;
	struct color marker_color;
	int rules; /* spacers: write-in lines to draw */
	struct color rule_color;
};

struct cell {
	double x, w; /* from the row's left */
	struct cline *lines;
	size_t nlines, cap;
	double cursor; /* while building: where the next paragraph goes */
	bool has_fill;
	struct color fill;
};

struct row {
	struct cell *cells;
	size_t ncells;
	double w, pad_t, pad_b, min_h;
	bool breakable;     /* may break between lines wherever it must */
	double split_above; /* ... but only when the rest is taller than this */
	bool has_bg, has_bar, rule_below, rule_above, grid, frame;
	struct color bg, bar, rule;
	double bar_w, rule_w;
	const char *dest;       /* link target at the row's top; may be NULL */
	struct doc_item *extra; /* drawn with the first fragment, row-relative */
	size_t nextra, extra_cap;
};

enum piece_kind {
	PIECE_ITEMS,
	PIECE_ROW,
	PIECE_PAGE_BREAK,
	PIECE_COLUMN_BREAK,
};

struct piece {
	enum piece_kind kind;
	double h;               /* PIECE_ITEMS */
	double space_before;    /* dropped at the top of a column */
	bool keep_next;         /* no break between this and the next piece */
	bool empty_ok;          /* PIECE_PAGE_BREAK: leaves its page's rest empty on purpose */
	bool span;              /* across all columns */
	struct doc_item *items; /* PIECE_ITEMS, piece-relative */
	size_t nitems, cap;
	struct row *row; /* PIECE_ROW; owned */
	size_t *from;    /* PIECE_ROW: per cell, the first line not yet placed */
	bool started;    /* PIECE_ROW: a fragment is placed */
	int table;       /* index into tables, or -1 */
	bool header;     /* the table's header row */
	int outline;     /* index into the outline, or -1 */
	struct mark mark;
	const char *what; /* "table block" etc., for messages */
};

struct lay {
	struct doc_layout *L;
	const struct document *doc;
	size_t lang;
	const char *code;
	PangoContext *ctx;
	PangoLayout *probe;
	struct hyphenator *hy; /* may be NULL: no hyphenation */
	struct diag *d;
	bool ok;
	double s; /* body size */
	double text_w, col_w;
	struct piece *pieces;
	size_t npieces, pcap;
	struct row **tables; /* header rows; NULL for tables without */
	size_t ntables, tcap;
	int nheadings;
	struct mark mark; /* of the block being built, for messages */
	const char *what;
	/* the card whose text is being added (a cards block), NULL else: its
	 * messages name it as the deck's own do, so that the same finding
	 * the deck reports is reported once (build/document.c) */
	const struct card *card;
};

/* ---------------------------------------------------------------------
 * Paragraphs */

static struct text_style style(const struct lay *c, bool heading, int weight, bool italic,
                               double size)
{
	return (struct text_style){
	        .family = heading ? c->doc->heading_family : c->doc->body_family,
	        .weight = weight,
	        .italic = italic,
	        .size = size,
	        .min_size = size,
	        .line_height = 0, /* the font's own */
	        .align = ALIGN_START,
	        .lang = c->code,
	};
}

/* Sets up l to measure p: text_layout_setup() plus the colours of card
 * references. */
static void doc_text_layout_setup(PangoLayout *l, const struct doc_par *p)
{
	text_layout_setup(l, &p->rich, &p->style, p->style.size, p->width);
	for (size_t i = 0; i < p->nlinks; i++)
		text_layout_set_color(l, p->links[i].start, p->links[i].end, p->links[i].color);
}

/* Line metrics of a paragraph, from its top. */
struct metrics {
	int n;
	double *top, *bottom, *base; /* one allocation */
	double width;                /* widest line */
};

static void metrics_finish(struct metrics *m)
{
	free(m->top);
	*m = (struct metrics){0};
}

static void measure(PangoLayout *l, struct metrics *m)
{
	int n = pango_layout_get_line_count(l);
	*m = (struct metrics){.n = n};
	m->top = xcalloc((size_t)(n ? n : 1) * 3, sizeof(double));
	m->bottom = m->top + n;
	m->base = m->top + 2 * n;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	for (int i = 0; i < n; i++) {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		m->top[i] = (double)y0 / PANGO_SCALE;
		m->bottom[i] = (double)y1 / PANGO_SCALE;
		m->base[i] = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		pango_layout_iter_next_line(it);
	}
	pango_layout_iter_free(it);
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	m->width = (double)log.width / PANGO_SCALE;
}

/* Adds a paragraph (taking over rich and links), measures it and checks
 * that it fits its width and has every glyph. m gets its line metrics
 * (finish it) when not NULL. Returns its index. */
static size_t add_par(struct lay *c, struct rich *rich, struct text_style st, double width,
                      struct color color, struct doc_link *links, size_t nlinks, struct mark m,
                      struct metrics *out)
{
	struct doc_layout *L = c->L;
	XGROW(L->pars, L->pars_cap, L->npars + 1);
	size_t idx = L->npars++;
	struct doc_par *p = &L->pars[idx];
	*p = (struct doc_par){.rich = *rich,
	                      .style = st,
	                      .width = width > 1 ? width : 1,
	                      .color = color,
	                      .links = links,
	                      .nlinks = nlinks};
	*rich = (struct rich){0}; /* taken over */
	doc_text_layout_setup(c->probe, p);
	struct metrics mt;
	measure(c->probe, &mt);
	if (mt.width > p->width + 0.01 && p->rich.len) {
		/* a word wider than the column: hyphenate it, as cards do */
		struct rich hyph;
		if (hyphenator_hyphenate(&hyph, c->hy, c->code, &p->rich)) {
			struct rich old = p->rich;
			p->rich = hyph;
			doc_text_layout_setup(c->probe, p);
			struct metrics mh;
			measure(c->probe, &mh);
			if (mh.width < mt.width) {
				rich_finish(&old);
				metrics_finish(&mt);
				mt = mh;
			} else {
				rich_finish(&p->rich);
				p->rich = old;
				metrics_finish(&mh);
				doc_text_layout_setup(c->probe, p);
			}
		} else {
			rich_finish(&hyph);
		}
		if (mt.width > p->width + 0.01) {
			diag_error(c->d, m,
			           "a word in this text is %.1fmm too wide for its %.1fmm column "
			           "in '%s'",
			           (mt.width - p->width) / MM, p->width / MM, c->code);
			c->ok = false;
		}
	}
	if (pango_layout_get_unknown_glyphs_count(c->probe) > 0) {
		gunichar ch = text_first_unknown_char(c->probe);
		char utf8[8] = {0};
		g_unichar_to_utf8(ch, utf8);
		if (c->card)
			diag_error(
			        c->d, m,
			        "character U+%04X '%s' in %scard '%s' (%s) is in no font in fonts/",
			        (unsigned)ch, utf8, c->card->special ? "special " : "", c->card->id,
			        c->code);
		else
			diag_error(c->d, m, "character U+%04X '%s' (%s) is in no font in fonts/",
			           (unsigned)ch, utf8, c->code);
		c->ok = false;
	}
	p->nlines = mt.n;
	p->starts = xcalloc((size_t)mt.n + 1, sizeof(*p->starts));
	{
		GSList *lines = pango_layout_get_lines_readonly(c->probe);
		size_t k = 0;
		for (GSList *i = lines; i && k < (size_t)mt.n; i = i->next)
			p->starts[k++] = (size_t)((const PangoLayoutLine *)i->data)->start_index;
		p->starts[mt.n] = p->rich.len;
	}
	if (out)
		*out = mt;
	else
		metrics_finish(&mt);
	return idx;
}

/* The destination name of a listed card. */
static const char *card_dest(struct lay *c, const struct deck *deck, const struct card *card)
{
	size_t n = strlen(deck->id) + strlen(card->id) + 8;
	char *s = arena_alloc(&c->L->arena, n);
	snprintf(s, n, "card/%s/%s", deck->id, card->id);
	return s;
}

/* True when a cards block of the document lists the card. */
static bool is_listed(const struct document *doc, const struct card *card)
{
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct doc_block *b = &doc->blocks[i];
		if (b->type != BLOCK_CARDS)
			continue;
		for (size_t j = 0; j < b->ncards; j++)
			if (b->cards[j] == card)
				return true;
	}
	return false;
}

static bool parse_markup(struct lay *c, struct rich *out, const char *s, size_t n, unsigned base,
                         struct mark m)
{
	char *seg = xstrndup(s, n);
	const char *err;
	size_t off;
	bool ok = markup_parse(out, seg, base, &err, &off);
	if (!ok) {
		diag_error(c->d, m, "%s (in '%s')", err, c->code);
		c->ok = false;
	}
	free(seg);
	return ok;
}

/* Whether a card reference of s sits inside '**' or '*' (docs/documents.md:
 * it cannot): s read whole, each reference as one private-use character,
 * whose style then tells. False when s does not read whole (its own error
 * is reported where it is read). */
static bool ref_in_emphasis(const char *s)
{
	static const char mark[] = "\xEE\x80\x80"; /* U+E000 */
	struct buf b;
	buf_init(&b);
	for (const char *p = s;;) {
		const char *ref = strstr(p, "{card:"), *end = ref ? strchr(ref, '}') : NULL;
		if (!end) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(ref - p));
		buf_puts(&b, mark);
		p = end + 1;
	}
	struct rich r;
	rich_init(&r);
	const char *err;
	size_t off;
	bool inside = false;
	if (markup_parse(&r, buf_str(&b), 0, &err, &off))
		for (size_t i = 0; i < r.nspans && !inside; i++) {
			const struct rich_span *sp = &r.spans[i];
			for (size_t k = sp->start; k + 3 <= sp->end && !inside; k++)
				inside = (sp->style & (RICH_BOLD | RICH_ITALIC)) &&
				         memcmp(r.text + k, mark, 3) == 0;
		}
	rich_finish(&r);
	buf_finish(&b);
	return inside;
}

/* The rich text of s (translator markup), with {card:ID} references turned
 * into the card's id, in bold and its category's colour, linked to the
 * card's entry when this document lists it. */
static void build_rich(struct lay *c, const char *s, struct mark m, unsigned base, struct rich *out,
                       struct doc_link **links, size_t *nlinks)
{
	rich_init(out);
	*links = NULL;
	*nlinks = 0;
	size_t cap = 0;
	if (strstr(s, "{card:") && ref_in_emphasis(s)) {
		diag_error(c->d, m, "a card reference cannot sit inside '**' or '*' (in '%s')",
		           c->code);
		c->ok = false;
		return;
	}
	const char *p = s;
	for (;;) {
		const char *ref = strstr(p, "{card:");
		if (!ref) {
			parse_markup(c, out, p, strlen(p), base, m);
			return;
		}
		parse_markup(c, out, p, (size_t)(ref - p), base, m);
		const char *id = ref + 6, *end = strchr(id, '}');
		if (!end) {
			diag_error(c->d, m, "unclosed card reference '{card:' (in '%s')", c->code);
			c->ok = false;
			return;
		}
		const struct deck *deck;
		char *why;
		const struct card *card = doc_find_card(c->doc->decks, c->doc->ndecks, id,
		                                        (size_t)(end - id), &deck, &why);
		if (!card) {
			diag_error(c->d, m, "%s (in '%s')", why, c->code);
			free(why);
			c->ok = false;
		} else {
			size_t start = out->len;
			rich_append_plain(out, card->id, strlen(card->id), base | RICH_BOLD);
			XGROW(*links, cap, *nlinks + 1);
			(*links)[(*nlinks)++] = (struct doc_link){
			        .start = start,
			        .end = out->len,
			        .color = card->category ? card->category->color : c->doc->accent,
			        .dest = is_listed(c->doc, card) ? card_dest(c, deck, card) : NULL,
			};
		}
		p = end + 1;
	}
}

/* A paragraph from a language text. */
static size_t text_par(struct lay *c, const struct ltext *t, unsigned base, struct text_style st,
                       double width, struct color color, struct metrics *m)
{
	struct rich r;
	struct doc_link *links;
	size_t nlinks;
	struct mark mk = ltext_is_set(t) ? ltext_get_mark(t, c->lang) : c->mark;
	build_rich(c, ltext_get(t, c->lang), mk, base, &r, &links, &nlinks);
	return add_par(c, &r, st, width, color, links, nlinks, mk, m);
}

/* A paragraph from text the program makes (times, numbers). */
static size_t plain_par(struct lay *c, const char *s, struct text_style st, double width,
                        struct color color, struct metrics *m)
{
	struct rich r;
	rich_init(&r);
	rich_append_plain(&r, s, strlen(s), 0);
	return add_par(c, &r, st, width, color, NULL, 0, c->mark, m);
}

/* ---------------------------------------------------------------------
 * Pieces */

static struct piece *new_piece(struct lay *c, enum piece_kind kind, bool span)
{
	XGROW(c->pieces, c->pcap, c->npieces + 1);
	struct piece *p = &c->pieces[c->npieces++];
	*p = (struct piece){.kind = kind,
	                    .span = span && c->doc->columns > 1,
	                    .table = -1,
	                    .outline = -1,
	                    .mark = c->mark,
	                    .what = c->what};
	return p;
}

static struct doc_item *piece_add(struct piece *p, struct doc_item it)
{
	XGROW(p->items, p->cap, p->nitems + 1);
	p->items[p->nitems] = it;
	return &p->items[p->nitems++];
}

static struct doc_item text_item(size_t par, int first, int n, double x, double y, double w)
{
	return (struct doc_item){.type = DOC_TEXT,
	                         .par = par,
	                         .first_line = first,
	                         .nlines = n,
	                         .box = {x, y, w, 0}};
}

static struct doc_item rect_item(struct box b, const struct color *fill, const struct color *stroke,
                                 double lw, double radius)
{
	struct doc_item it = {.type = DOC_RECT, .box = b, .line_width = lw, .radius = radius};
	if (fill) {
		it.has_fill = true;
		it.fill = *fill;
	}
	if (stroke) {
		it.has_stroke = true;
		it.stroke = *stroke;
	}
	return it;
}

static struct doc_item line_item(double x1, double y1, double x2, double y2, struct color col,
                                 double lw)
{
	return (struct doc_item){.type = DOC_LINE,
	                         .box = {x1, y1, x2 - x1, y2 - y1},
	                         .has_stroke = true,
	                         .stroke = col,
	                         .line_width = lw};
}

/* Adds a whole paragraph to an items piece at (x, *y); *y moves below it. */
static void piece_text(struct lay *c, struct piece *p, const struct ltext *t, unsigned base,
                       struct text_style st, double x, double *y, double w, struct color col)
{
	struct metrics m;
	size_t par = text_par(c, t, base, st, w, col, &m);
	if (m.n > 0) {
		piece_add(p, text_item(par, 0, m.n, x, *y, w));
		*y += m.bottom[m.n - 1];
	}
	metrics_finish(&m);
}

/* ---------------------------------------------------------------------
 * Building rows */

static struct row *new_row(size_t ncells, double w)
{
	struct row *r = xcalloc(1, sizeof(*r));
	r->cells = xcalloc(ncells ? ncells : 1, sizeof(*r->cells));
	r->ncells = ncells;
	r->w = w;
	r->cells[0] = (struct cell){.x = 0, .w = w};
	return r;
}

static void row_destroy(struct row *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ncells; i++)
		free(r->cells[i].lines);
	free(r->cells);
	free(r->extra);
	free(r);
}

static struct piece *row_piece(struct lay *c, struct row *r, bool span, double space_before)
{
	struct piece *p = new_piece(c, PIECE_ROW, span);
	p->row = r;
	p->space_before = space_before;
	p->from = xcalloc(r->ncells, sizeof(*p->from));
	return p;
}

static void row_extra(struct row *r, struct doc_item it)
{
	XGROW(r->extra, r->extra_cap, r->nextra + 1);
	r->extra[r->nextra++] = it;
}

struct par_opts {
	double indent;       /* of the text from the cell's left */
	bool keep;           /* keep with the next paragraph in the cell */
	double space_before; /* above this paragraph, unless first in the cell */
	enum marker marker;
	const char *marker_text; /* MARK_TEXT */
	struct text_style marker_style;
	struct color marker_color;
};

/* Appends the lines of a laid-out paragraph to a cell. */
static void cell_add_lines(struct cell *cl, size_t par, const struct metrics *m,
                           const struct par_opts *o, size_t marker_par, double marker_base)
{
	double top = cl->cursor + (cl->nlines ? o->space_before : 0);
	size_t first = cl->nlines;
	for (int i = 0; i < m->n; i++) {
		XGROW(cl->lines, cl->cap, cl->nlines + 1);
		cl->lines[cl->nlines++] = (struct cline){
		        .par = par,
		        .line = i,
		        .x = o->indent,
		        .top = top + m->top[i],
		        .bottom = top + m->bottom[i],
		        .base = top + m->base[i],
		        .first = first,
		        .n = (size_t)m->n,
		        .marker = i == 0 ? o->marker : MARK_NONE,
		        .keep = o->keep,
		        .marker_par = marker_par,
		        .marker_base = marker_base,
		        .marker_size = o->marker_style.size,
		        .marker_color = o->marker_color,
		};
	}
	if (m->n)
		cl->cursor = top + m->bottom[m->n - 1];
}

/* A paragraph in cell ci of row r. */
static void cell_text(struct lay *c, struct row *r, size_t ci, const struct ltext *t, unsigned base,
                      struct text_style st, struct color col, const struct par_opts *o)
{
	struct cell *cl = &r->cells[ci];
	struct metrics m;
	size_t par = text_par(c, t, base, st, cl->w - o->indent, col, &m);
	size_t mpar = NO_PAR;
	double mbase = 0;
	if (o->marker == MARK_TEXT && m.n) {
		struct metrics mm;
		mpar = plain_par(c, o->marker_text, o->marker_style, o->indent, o->marker_color,
		                 &mm);
		mbase = mm.n ? mm.base[0] : 0;
		metrics_finish(&mm);
	}
	cell_add_lines(cl, par, &m, o, mpar, mbase);
	metrics_finish(&m);
}

static void cell_plain(struct lay *c, struct row *r, size_t ci, const char *s, struct text_style st,
                       struct color col)
{
	struct cell *cl = &r->cells[ci];
	struct metrics m;
	size_t par = plain_par(c, s, st, cl->w, col, &m);
	struct par_opts o = {0};
	cell_add_lines(cl, par, &m, &o, NO_PAR, 0);
	metrics_finish(&m);
}

/* Room for writing: `rules` lines spaced `spacing` apart. */
static void cell_spacer(struct row *r, size_t ci, int rules, double spacing, double indent,
                        struct color col)
{
	struct cell *cl = &r->cells[ci];
	XGROW(cl->lines, cl->cap, cl->nlines + 1);
	double top = cl->cursor;
	cl->lines[cl->nlines] = (struct cline){
	        .par = NO_PAR,
	        .x = indent,
	        .top = top,
	        .bottom = top + rules * spacing,
	        .first = cl->nlines,
	        .n = 1,
	        .rules = rules,
	        .rule_color = col,
	};
	cl->nlines++;
	cl->cursor = top + rules * spacing;
}

/* A cell's doc_text: one paragraph, or bullets. */
static void cell_doc_text(struct lay *c, struct row *r, size_t ci, const struct doc_text *t,
                          struct text_style st, struct color col, struct color bullet)
{
	for (size_t i = 0; i < t->count; i++) {
		struct par_opts o = {.space_before = st.size * 0.3};
		if (t->list) {
			o.marker = MARK_BULLET;
			o.indent = st.size * 0.95;
			o.marker_color = bullet;
			o.marker_style = st;
		}
		cell_text(c, r, ci, &t->items[i], 0, st, col, &o);
	}
}

/* Moves the cells of a table row down so that their first baselines line
 * up: a bold label beside body text, a time beside a title. */
static void align_baselines(struct row *r)
{
	double base = 0;
	for (size_t i = 0; i < r->ncells; i++)
		if (r->cells[i].nlines && r->cells[i].lines[0].par != NO_PAR)
			base = fmax(base, r->cells[i].lines[0].base);
	for (size_t i = 0; i < r->ncells; i++) {
		struct cell *cl = &r->cells[i];
		if (!cl->nlines || cl->lines[0].par == NO_PAR)
			continue;
		double d = base - cl->lines[0].base;
		for (size_t k = 0; k < cl->nlines; k++) {
			cl->lines[k].top += d;
			cl->lines[k].bottom += d;
			cl->lines[k].base += d;
		}
		cl->cursor += d;
	}
}

/* ---------------------------------------------------------------------
 * Fragments of rows */

static double frag_content(const struct row *r, const size_t *from, const size_t *to)
{
	double h = 0;
	for (size_t i = 0; i < r->ncells; i++) {
		if (to[i] <= from[i])
			continue;
		const struct cline *ls = r->cells[i].lines;
		double top = from[i] == 0 ? 0 : ls[from[i]].top;
		h = fmax(h, ls[to[i] - 1].bottom - top);
	}
	return h;
}

static bool row_whole(const struct row *r, const size_t *from, const size_t *to)
{
	for (size_t i = 0; i < r->ncells; i++)
		if (from[i] != 0 || to[i] != r->cells[i].nlines)
			return false;
	return true;
}

static double frag_height(const struct row *r, const size_t *from, const size_t *to)
{
	double h = r->pad_t + frag_content(r, from, to) + r->pad_b;
	if (row_whole(r, from, to))
		h = fmax(h, r->min_h);
	return h;
}

/* The rest of a row from `from` on. */
static double rest_height(const struct row *r, const size_t *from)
{
	size_t *to = xcalloc(r->ncells, sizeof(*to));
	for (size_t i = 0; i < r->ncells; i++)
		to[i] = r->cells[i].nlines;
	double h = frag_height(r, from, to);
	free(to);
	return h;
}

/* May a cell's fragment that starts at line `from` end before line k?
 * Never with one line of a paragraph on either side (widows, orphans). */
static bool legal_cut(const struct cell *cl, size_t from, size_t k)
{
	if (k <= from)
		return false;
	if (k >= cl->nlines)
		return true;
	/* never one line of the whole cell alone on either side */
	if (k - from < 2 || cl->nlines - k < 2)
		return false;
	const struct cline *a = &cl->lines[k - 1], *b = &cl->lines[k];
	if (a->first != b->first)
		return !a->keep;
	size_t start = a->first > from ? a->first : from;
	size_t before = k - start, after = a->first + a->n - k;
	return before >= 2 && after >= 2;
}

/* The end of the largest fragment of cell ci from `from` whose content is
 * at most h high; with legal, only at legal cuts. Returns from when none. */
static size_t cell_cut(const struct cell *cl, size_t from, double h, bool legal)
{
	size_t best = from;
	double top = from == 0 ? 0 : cl->lines[from].top;
	for (size_t k = from + 1; k <= cl->nlines; k++) {
		if (cl->lines[k - 1].bottom - top > h + 0.001)
			break;
		if (!legal || legal_cut(cl, from, k))
			best = k;
	}
	return best;
}

/* The smallest first fragment of a breakable row: what must fit under a
 * heading that is kept with it. */
static double min_head(const struct row *r, const size_t *from)
{
	if (!r->breakable || r->ncells != 1 || rest_height(r, from) <= r->split_above)
		return rest_height(r, from);
	const struct cell *cl = &r->cells[0];
	size_t k = from[0] + 1;
	while (k < cl->nlines && !legal_cut(cl, from[0], k))
		k++;
	if (k > cl->nlines)
		k = cl->nlines;
	size_t to = k;
	return frag_height(r, from, &to);
}

/* ---------------------------------------------------------------------
 * Pages */

static struct doc_page *cur_page(struct doc_layout *L)
{
	return &L->pages[L->npages - 1];
}

static void page_add(struct doc_page *pg, struct doc_item it)
{
	XGROW(pg->items, pg->cap, pg->count + 1);
	pg->items[pg->count++] = it;
}

static void new_page(struct doc_layout *L)
{
	L->pages = xreallocarray(L->pages, L->npages + 1, sizeof(*L->pages));
	L->pages[L->npages++] = (struct doc_page){0};
}

/* Draws a fragment [from, to) of row r with its top-left at (x, y), h high. */
static void emit_row(struct doc_page *pg, const struct row *r, const size_t *from, const size_t *to,
                     double x, double y, double h, bool first)
{
	if (r->has_bg)
		page_add(pg, rect_item((struct box){x, y, r->w, h}, &r->bg, NULL, 0, 0));
	for (size_t i = 0; i < r->ncells; i++) {
		const struct cell *cl = &r->cells[i];
		if (cl->has_fill)
			page_add(pg, rect_item((struct box){x + cl->x, y, cl->w, h}, &cl->fill,
			                       NULL, 0, 0));
	}
	if (r->has_bar)
		page_add(pg, rect_item((struct box){x, y, r->bar_w, h}, &r->bar, NULL, 0, 0));
	if (first) {
		for (size_t i = 0; i < r->nextra; i++) {
			struct doc_item it = r->extra[i];
			it.box.x += x;
			it.box.y += y;
			page_add(pg, it);
		}
		if (r->dest)
			page_add(pg, (struct doc_item){.type = DOC_DEST,
			                               .box = {x, y, 0, 0},
			                               .name = r->dest});
	}
	for (size_t i = 0; i < r->ncells; i++) {
		const struct cell *cl = &r->cells[i];
		if (to[i] <= from[i])
			continue;
		/* a first fragment keeps what lies above its first line */
		double top0 = from[i] == 0 ? 0 : cl->lines[from[i]].top;
		for (size_t k = from[i]; k < to[i];) {
			const struct cline *ln = &cl->lines[k];
			double ly = y + r->pad_t + (ln->top - top0);
			if (ln->par == NO_PAR) {
				for (int j = 1; j <= ln->rules; j++) {
					double sp = (ln->bottom - ln->top) / ln->rules;
					double yy = ly + j * sp - 0.5;
					page_add(pg,
					         line_item(x + cl->x + ln->x, yy, x + cl->x + cl->w,
					                   yy, ln->rule_color, 0.5));
				}
				k++;
				continue;
			}
			/* the run of lines of one paragraph */
			size_t e = k + 1;
			while (e < to[i] && cl->lines[e].par == ln->par)
				e++;
			page_add(pg, text_item(ln->par, ln->line, (int)(e - k), x + cl->x + ln->x,
			                       ly, cl->w - ln->x));
			if (ln->marker != MARK_NONE && ln->line == 0) {
				double base = y + r->pad_t + (ln->base - top0);
				double sz = ln->marker_size;
				double mx = x + cl->x;
				if (ln->marker == MARK_BULLET) {
					double d = sz * 0.32;
					page_add(pg,
					         (struct doc_item){.type = DOC_DOT,
					                           .box = {mx + sz * 0.12,
					                                   base - sz * 0.36 - d / 2,
					                                   d, d},
					                           .has_fill = true,
					                           .fill = ln->marker_color});
				} else if (ln->marker == MARK_CHECKBOX) {
					double d = sz * 1.0;
					page_add(pg,
					         rect_item((struct box){mx, base - sz * 0.82, d, d},
					                   NULL, &ln->marker_color, 0.8, 1.0));
				} else if (ln->marker == MARK_TEXT && ln->marker_par != NO_PAR) {
					/* on the baseline of the paragraph's first line */
					page_add(pg, text_item(ln->marker_par, 0, 1, mx,
					                       base - ln->marker_base, 0));
				}
			}
			k = e;
		}
	}
	double x0 = x, x1 = x + r->w;
	if (r->rule_above)
		page_add(pg, line_item(x0, y, x1, y, r->rule, r->rule_w));
	if (r->rule_below)
		page_add(pg, line_item(x0, y + h, x1, y + h, r->rule, r->rule_w));
	if (r->grid) {
		for (size_t i = 1; i < r->ncells; i++) {
			/* between the cells, in the middle of their padding */
			const struct cell *a = &r->cells[i - 1], *b = &r->cells[i];
			double gx = x + (a->x + a->w + b->x) / 2;
			page_add(pg, line_item(gx, y, gx, y + h, r->rule, r->rule_w));
		}
	}
	if (r->frame) {
		page_add(pg, line_item(x0, y, x0, y + h, r->rule, r->rule_w));
		page_add(pg, line_item(x1, y, x1, y + h, r->rule, r->rule_w));
	}
}

/* ---------------------------------------------------------------------
 * Pagination */

struct flow {
	struct lay *c;
	double top, bottom; /* of the text area */
	double left;
	int col; /* current column; -1 in a spanning region */
	double y;
	double region_top;    /* where the columns of this region start */
	double region_bottom; /* the lowest column end in this region */
	bool empty;           /* nothing placed in this column (or span) yet */
	bool page_empty;
	int cur_table; /* the table whose rows are in this column, or -1 */
};

static double col_x(const struct flow *f, bool span)
{
	const struct document *doc = f->c->doc;
	if (span || f->col < 0)
		return f->left;
	return f->left + (double)f->col * (f->c->col_w + doc->gap);
}

static void flow_new_page(struct flow *f)
{
	new_page(f->c->L);
	f->col = f->col < 0 ? -1 : 0;
	f->y = f->region_top = f->region_bottom = f->top;
	f->empty = f->page_empty = true;
	f->cur_table = -1;
}

/* Moves on to the next column, or page. */
static void flow_advance(struct flow *f)
{
	f->region_bottom = fmax(f->region_bottom, f->y);
	if (f->col >= 0 && f->col + 1 < f->c->doc->columns) {
		f->col++;
		f->y = f->region_top;
		f->empty = true;
		f->cur_table = -1;
		return;
	}
	flow_new_page(f);
}

/* Switches between spanning and column regions. */
static void flow_region(struct flow *f, bool span)
{
	if (f->c->doc->columns < 2 || span == (f->col < 0))
		return;
	f->region_bottom = fmax(f->region_bottom, f->y);
	if (!f->page_empty)
		f->y = f->region_bottom;
	f->region_top = f->y;
	f->col = span ? -1 : 0;
	f->empty = true;
	f->cur_table = -1;
}

/* The header row to repeat before p here, if any. */
static const struct row *repeat_header(const struct flow *f, const struct piece *p)
{
	if (p->kind != PIECE_ROW || p->table < 0 || p->header || f->cur_table == p->table)
		return NULL;
	return f->c->tables[p->table];
}

static double piece_height(const struct piece *p)
{
	return p->kind == PIECE_ROW ? rest_height(p->row, p->from) : p->h;
}

/* What piece p needs here: space, a repeated header, its first part. */
static double piece_need(const struct flow *f, const struct piece *p, bool head_only)
{
	double h = head_only && p->kind == PIECE_ROW ? min_head(p->row, p->from) : piece_height(p);
	const struct row *hdr = repeat_header(f, p);
	if (hdr) {
		size_t *to = xcalloc(hdr->ncells, sizeof(*to)),
		       *zero = xcalloc(hdr->ncells, sizeof(*zero));
		for (size_t i = 0; i < hdr->ncells; i++)
			to[i] = hdr->cells[i].nlines;
		h += frag_height(hdr, zero, to);
		free(to);
		free(zero);
	}
	return h;
}

static void place_header(struct flow *f, const struct row *hdr, double x)
{
	size_t *to = xcalloc(hdr->ncells, sizeof(*to)), *zero = xcalloc(hdr->ncells, sizeof(*zero));
	for (size_t i = 0; i < hdr->ncells; i++)
		to[i] = hdr->cells[i].nlines;
	double h = frag_height(hdr, zero, to);
	emit_row(cur_page(f->c->L), hdr, zero, to, x, f->y, h, false);
	f->y += h;
	free(to);
	free(zero);
}

/* Places p, or as much of it as fits. Returns true when all of it is
 * placed; false when the rest must go to the next column (p->from moved). */
static bool place(struct flow *f, struct piece *p, bool *failed)
{
	struct lay *c = f->c;
	double x = col_x(f, p->span);
	/* space above a piece, but none at the top of a page's text area */
	double sb = f->y <= f->top + 0.01 ? 0 : p->space_before;
	double avail = f->bottom - f->y - sb;
	const struct row *hdr = repeat_header(f, p);
	double need = piece_need(f, p, false);
	/* at the top of a page's text area, moving on gains nothing */
	bool at_top = f->y <= f->top + 0.01;
	*failed = false;
	if (need <= avail + 0.001) {
		f->y += sb;
		if (hdr)
			place_header(f, hdr, x);
		if (p->kind == PIECE_ITEMS) {
			struct doc_page *pg = cur_page(c->L);
			for (size_t i = 0; i < p->nitems; i++) {
				struct doc_item it = p->items[i];
				it.box.x += x;
				it.box.y += f->y;
				if (it.type == DOC_DEST && p->outline >= 0)
					c->L->outline[p->outline].page = c->L->npages - 1;
				page_add(pg, it);
			}
			f->y += p->h;
		} else {
			struct row *r = p->row;
			size_t *to = xcalloc(r->ncells, sizeof(*to));
			for (size_t i = 0; i < r->ncells; i++)
				to[i] = r->cells[i].nlines;
			double h = frag_height(r, p->from, to);
			emit_row(cur_page(c->L), r, p->from, to, x, f->y, h, !p->started);
			f->y += h;
			memcpy(p->from, to, r->ncells * sizeof(*to));
			free(to);
			if (p->table >= 0)
				f->cur_table = p->table;
		}
		f->empty = f->page_empty = false;
		return true;
	}
	/* It does not fit whole. Only rows can be broken: paragraphs and
	 * panels wherever a line may end; table rows only when they are
	 * taller than a whole column. */
	bool taller = need > f->bottom - f->top + 0.001; /* than a whole column */
	bool may_split =
	        p->kind == PIECE_ROW &&
	        ((p->row->breakable && piece_height(p) > p->row->split_above) || at_top || taller);
	if (may_split) {
		struct row *r = p->row;
		double hdr_h = need - piece_height(p);
		double room = avail - hdr_h - r->pad_t - r->pad_b;
		size_t *to = xcalloc(r->ncells, sizeof(*to));
		bool progress = false;
		for (int pass = 0; pass < 2 && !progress; pass++) {
			/* first at legal cuts; a table row taller than a page
			 * may, as a last resort, break anywhere */
			if (pass == 1 && ((!at_top && !taller) || r->breakable))
				break;
			for (size_t i = 0; i < r->ncells; i++) {
				to[i] = room > 0 ? cell_cut(&r->cells[i], p->from[i], room,
				                            pass == 0)
				                 : p->from[i];
				progress |= to[i] > p->from[i];
			}
		}
		if (progress) {
			f->y += sb;
			if (hdr)
				place_header(f, hdr, x);
			double h = frag_height(r, p->from, to);
			emit_row(cur_page(c->L), r, p->from, to, x, f->y, h, !p->started);
			f->y += h;
			memcpy(p->from, to, r->ncells * sizeof(*to));
			p->started = true;
			f->empty = f->page_empty = false;
			if (p->table >= 0)
				f->cur_table = p->table;
			free(to);
			return false;
		}
		free(to);
	}
	if (!at_top)
		return false; /* try again in the next column */
	double col_h = f->bottom - f->top;
	diag_error(c->d, p->mark,
	           "this %s is %.1fmm tall and can never fit on a page, whose text area is %.1fmm "
	           "high",
	           p->what ? p->what : "block", need / MM, col_h / MM);
	*failed = true;
	return false;
}

/* A forced page break that leaves more than a third of the page's text
 * area empty is a warning with the figure: keep-with-next on what must not
 * be parted says the same without the hole. */
static void warn_empty_page(const struct flow *f, const struct piece *p)
{
	double used = fmax(f->y, f->region_bottom) - f->top, area = f->bottom - f->top;
	if (area <= 0 || area - used <= area / 3)
		return;
	diag_warning(f->c->d, p->mark,
	             "page break leaves %.0f%% of page %zu empty in '%s'; use keep-with-next on "
	             "what must stay together instead",
	             100 * (area - used) / area, f->c->L->npages, f->c->code);
}

static bool paginate(struct lay *c)
{
	const struct document *doc = c->doc;
	struct flow f = {
	        .c = c,
	        .top = doc->margin_top,
	        .bottom = doc->page_h - doc->margin_bottom,
	        .left = doc->margin_left,
	        .col = 0,
	};
	flow_new_page(&f);
	/* Every round places a piece, or a part of one, or leaves a column
	 * that holds something; so the rounds are bounded. The guard is for
	 * bugs, not for input. */
	size_t guard = 0, max_rounds = 4 * (c->npieces + (size_t)MAX_PAGES * 2);
	for (size_t i = 0; i < c->npieces;) {
		if (++guard > max_rounds || c->L->npages > MAX_PAGES) {
			diag_error(c->d, doc->mark,
			           "document '%s' does not end within %d pages in '%s'", doc->id,
			           MAX_PAGES, c->code);
			return false;
		}
		struct piece *p = &c->pieces[i];
		if (p->kind == PIECE_PAGE_BREAK) {
			if (!f.page_empty) {
				if (!p->empty_ok)
					warn_empty_page(&f, p);
				flow_new_page(&f);
			}
			i++;
			continue;
		}
		if (p->kind == PIECE_COLUMN_BREAK) {
			if (!f.empty)
				flow_advance(&f);
			i++;
			continue;
		}
		flow_region(&f, p->span);
		/* a chain of pieces kept together starts here: move it whole to
		 * the next column when the chain's head does not fit */
		bool chain_start = i == 0 || !c->pieces[i - 1].keep_next;
		if (chain_start && p->keep_next && f.y > f.top + 0.01) {
			double need = 0;
			size_t j = i;
			for (; j < c->npieces; j++) {
				const struct piece *q = &c->pieces[j];
				if (q->kind != PIECE_ITEMS && q->kind != PIECE_ROW)
					break;
				if (q->span != p->span)
					break;
				bool last = !q->keep_next || j + 1 == c->npieces;
				need += (j == i ? p->space_before : q->space_before) +
				        piece_need(&f, q, last);
				if (last)
					break;
			}
			if (need > f.bottom - f.y + 0.001 && need <= f.bottom - f.top) {
				flow_advance(&f);
				continue;
			}
		}
		bool failed;
		if (place(&f, p, &failed)) {
			i++;
			continue;
		}
		if (failed)
			return false;
		flow_advance(&f);
	}
	return true;
}

/* ---------------------------------------------------------------------
 * Blocks */

static double block_w(const struct lay *c, const struct doc_block *b)
{
	return b->span || c->doc->columns == 1 ? c->text_w : c->col_w;
}

static struct color accent_of(const struct lay *c, const struct doc_block *b)
{
	return b->has_color ? b->color : c->doc->accent;
}

/* The plain text of a paragraph, for bookmarks: without soft hyphens. */
static const char *plain_text(struct lay *c, const struct doc_par *p)
{
	char *s = arena_alloc(&c->L->arena, p->rich.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < p->rich.len; i++) {
		if ((unsigned char)p->rich.text[i] == 0xC2 && i + 1 < p->rich.len &&
		    (unsigned char)p->rich.text[i + 1] == 0xAD) {
			i++;
			continue;
		}
		s[n++] = p->rich.text[i] == '\n' ? ' ' : p->rich.text[i];
	}
	s[n] = '\0';
	return s;
}

/* A cover (`cover: true` on the first block): a band in the accent
 * colour from the page's top edge (and its bleed) across the whole page,
 * with the header's logo on it and the title and subtitle in white. The
 * piece starts at the top margin, so the band reaches up and out past it;
 * it ends a gap below the texts, at least 38 % down the page. */
static void build_cover(struct lay *c, const struct doc_block *b)
{
	const struct document *doc = c->doc;
	double w = c->text_w;
	struct piece *p = new_piece(c, PIECE_ITEMS, true);
	struct color acc = accent_of(c, b);
	const struct ltext *title = ltext_is_set(&b->title) ? &b->title : &doc->title;
	const struct ltext *sub = ltext_is_set(&b->subtitle) ? &b->subtitle : &doc->subtitle;
	double top = -doc->margin_top - doc->bleed;
	struct box band = {-doc->margin_left - doc->bleed, top, doc->page_w + 2 * doc->bleed, 0};
	piece_add(p, rect_item(band, &acc, NULL, 0, 0)); /* its height below */
	size_t band_at = p->nitems - 1;
	double y = 0;
	if (doc->logo) {
		double side = 24 * MM;
		struct box lb = {0, y, side, side};
		if (doc->has_logo_bg) { /* as in the header: a logo drawn for that ground */
			piece_add(p, rect_item(lb, &doc->logo_bg, NULL, 0, 3 * MM));
			lb = box_inset(lb, 3 * MM);
		}
		piece_add(p, (struct doc_item){.type = DOC_IMAGE, .box = lb, .image = doc->logo});
		y += side + 14 * MM;
	} else {
		y += 30 * MM;
	}
	piece_add(p, rect_item((struct box){0, y, 18 * MM, 1.8}, &WHITE, NULL, 0, 0));
	y += 6 * MM;
	piece_text(c, p, title, 0, style(c, true, W_BLACK, false, c->s * 3.4), 0, &y, w, WHITE);
	if (ltext_is_set(sub) && ltext_get(sub, c->lang)[0]) {
		y += 3;
		piece_text(c, p, sub, 0, style(c, true, W_REGULAR, false, c->s * 1.6), 0, &y, w,
		           WHITE);
	}
	double bottom = fmax(y + 16 * MM, 0.38 * doc->page_h - doc->margin_top);
	p->items[band_at].box.h = bottom - top;
	p->h = bottom + 12 * MM;
	p->keep_next = true;
}

static void build_title(struct lay *c, const struct doc_block *b)
{
	if (b->cover) {
		build_cover(c, b);
		return;
	}
	double w = block_w(c, b);
	struct piece *p = new_piece(c, PIECE_ITEMS, b->span);
	struct color acc = accent_of(c, b);
	double y = 0;
	const struct ltext *title = ltext_is_set(&b->title) ? &b->title : &c->doc->title;
	const struct ltext *sub = ltext_is_set(&b->subtitle) ? &b->subtitle : &c->doc->subtitle;
	piece_add(p, rect_item((struct box){0, 0, 18 * MM, 1.8}, &acc, NULL, 0, 0));
	y += 5 * MM;
	piece_text(c, p, title, 0, style(c, true, W_BLACK, false, c->s * 2.75), 0, &y, w, acc);
	if (ltext_is_set(sub) && ltext_get(sub, c->lang)[0]) {
		y += 2;
		piece_text(c, p, sub, 0, style(c, true, W_REGULAR, false, c->s * 1.4), 0, &y, w,
		           GREY);
	}
	p->h = y + 7 * MM;
	p->keep_next = true;
}

static void build_heading(struct lay *c, const struct doc_block *b)
{
	static const double size[3] = {1.9, 1.4, 1.1}, before[3] = {16, 12, 8},
	                    after[3] = {4, 3, 2};
	int lv = (int)b->level - 1;
	double w = block_w(c, b);
	struct piece *p = new_piece(c, PIECE_ITEMS, b->span);
	struct color col = lv == 2 ? INK : accent_of(c, b);
	double y = 0;
	struct metrics m;
	size_t par = text_par(c, &b->title, 0,
	                      style(c, true, lv == 0 ? W_BLACK : W_BOLD, false, c->s * size[lv]), w,
	                      col, &m);
	char name[32];
	snprintf(name, sizeof(name), "h%d", ++c->nheadings);
	const char *dest = arena_strdup(&c->L->arena, name);
	piece_add(p, (struct doc_item){.type = DOC_DEST, .box = {0, 0, 0, 0}, .name = dest});
	if (m.n) {
		piece_add(p, text_item(par, 0, m.n, 0, y, w));
		y += m.bottom[m.n - 1];
	}
	metrics_finish(&m);
	if (lv == 0) {
		y += 2.5;
		piece_add(p, line_item(0, y, w, y, col, 0.8));
		y += 1;
	}
	p->h = y + after[lv];
	p->space_before = before[lv];
	p->keep_next = true;
	struct doc_layout *L = c->L;
	L->outline = xreallocarray(L->outline, L->noutline + 1, sizeof(*L->outline));
	L->outline[L->noutline] = (struct doc_outline){
	        .level = (int)b->level, .title = plain_text(c, &L->pars[par]), .dest = dest};
	p->outline = (int)L->noutline++;
}

static void build_paragraph(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	struct row *r = new_row(1, w);
	r->breakable = true;
	struct text_style st = style(c, false, W_REGULAR, false, c->s);
	struct color col = INK;
	if (b->style == PAR_LEAD) {
		st.size = c->s * 1.2;
		st.family = c->doc->heading_family;
	} else if (b->style == PAR_SMALL) {
		st.size = c->s * 0.85;
		col = GREY;
	}
	st.min_size = st.size;
	st.align = b->align;
	struct par_opts o = {0};
	cell_text(c, r, 0, &b->text, 0, st, col, &o);
	row_piece(c, r, b->span, c->s * 0.6);
}

static void build_list(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	struct row *r = new_row(1, w);
	r->breakable = true;
	struct text_style st = style(c, false, W_REGULAR, false, c->s);
	struct color acc = accent_of(c, b);
	for (size_t i = 0; i < b->nitems; i++) {
		char num[32];
		snprintf(num, sizeof(num), "%zu.", i + 1);
		struct par_opts o = {
		        .indent = b->numbered ? c->s * 1.6 : c->s * 1.1,
		        .space_before = c->s * 0.3,
		        .marker = b->numbered ? MARK_TEXT : MARK_BULLET,
		        .marker_text = num,
		        .marker_style = b->numbered ? style(c, true, W_BOLD, false, c->s) : st,
		        .marker_color = acc,
		};
		cell_text(c, r, 0, &b->items[i], 0, st, INK, &o);
	}
	row_piece(c, r, b->span, c->s * 0.6);
}

/* A tinted panel with an accent bar on the left: notes, questions,
 * conversation agreements. */
static struct row *panel_row(struct lay *c, const struct doc_block *b, double tint)
{
	double w = block_w(c, b);
	struct row *r = new_row(1, w);
	struct color acc = accent_of(c, b);
	r->breakable = true;
	r->has_bg = true;
	r->bg = color_tint(acc, tint);
	r->has_bar = true;
	r->bar = acc;
	r->bar_w = 2.2;
	r->pad_t = 3.2 * MM;
	r->pad_b = 3.4 * MM;
	/* a short panel moves whole rather than break */
	r->split_above = (c->doc->page_h - c->doc->margin_top - c->doc->margin_bottom) / 3;
	r->cells[0].x = 2.2 + 4 * MM;
	r->cells[0].w = w - r->cells[0].x - 4 * MM;
	return r;
}

static void panel_title(struct lay *c, struct row *r, const struct doc_block *b)
{
	if (!ltext_is_set(&b->title))
		return;
	struct par_opts o = {.keep = true};
	cell_text(c, r, 0, &b->title, 0, style(c, true, W_BLACK, false, c->s * 1.12),
	          accent_of(c, b), &o);
}

static void build_note(struct lay *c, const struct doc_block *b)
{
	struct row *r = panel_row(c, b, 0.08);
	panel_title(c, r, b);
	struct par_opts o = {.space_before = c->s * 0.35};
	struct text_style st = style(c, false, W_REGULAR, false, c->s);
	st.align = b->align;
	cell_text(c, r, 0, &b->text, 0, st, INK, &o);
	row_piece(c, r, b->span, c->s * 1.0);
}

static void build_questions(struct lay *c, const struct doc_block *b)
{
	struct row *r = panel_row(c, b, b->type == BLOCK_QUESTIONS ? 0.07 : 0.09);
	struct color acc = accent_of(c, b);
	panel_title(c, r, b);
	struct text_style st = style(c, false, W_REGULAR, false, c->s * 1.02);
	for (size_t i = 0; i < b->nitems; i++) {
		char num[32];
		snprintf(num, sizeof(num), "%zu", i + 1);
		struct par_opts o = {
		        .space_before = c->s * 0.55, .marker_color = acc, .keep = b->count > 0};
		if (b->type == BLOCK_QUESTIONS) {
			o.marker = MARK_TEXT;
			o.marker_text = num;
			o.indent = c->s * 1.7;
			o.marker_style = style(c, true, W_BLACK, false, c->s * 1.02);
		} else {
			o.marker = MARK_BULLET;
			o.indent = c->s * 1.3;
			o.marker_style = st;
		}
		cell_text(c, r, 0, &b->items[i], 0, st, INK, &o);
		if (b->count > 0)
			cell_spacer(r, 0, (int)b->count, 7.5 * MM, o.indent, GREY);
	}
	row_piece(c, r, b->span, c->s * 1.0);
}

static void build_checklist(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	struct row *r = new_row(1, w);
	r->breakable = true;
	struct color acc = accent_of(c, b);
	if (ltext_is_set(&b->title)) {
		struct par_opts o = {.keep = true};
		cell_text(c, r, 0, &b->title, 0, style(c, true, W_BOLD, false, c->s * 1.05), INK,
		          &o);
	}
	struct text_style st = style(c, false, W_REGULAR, false, c->s);
	for (size_t i = 0; i < b->nitems; i++) {
		struct par_opts o = {.space_before = c->s * 0.45,
		                     .marker = MARK_CHECKBOX,
		                     .indent = c->s * 1.75,
		                     .marker_style = st,
		                     .marker_color = acc};
		cell_text(c, r, 0, &b->items[i], 0, st, INK, &o);
	}
	row_piece(c, r, b->span, c->s * 0.7);
}

/* The widest word (min) and the widest paragraph set on one line (max) of
 * s in style st, in points, raised into *min and *max: CSS's min- and
 * max-content widths. Card references are measured as written. */
static void content_width(struct lay *c, const char *s, struct text_style st, double indent,
                          double *min, double *max)
{
	struct rich r;
	rich_init(&r);
	const char *err;
	size_t off;
	if (!markup_parse(&r, s, 0, &err, &off))
		rich_append_plain(&r, s, strlen(s), 0);
	PangoLayout *l = pango_layout_new(c->ctx);
	text_layout_setup(l, &r, &st, st.size, 1);
	PangoRectangle log;
	pango_layout_get_extents(l, NULL, &log);
	*min = fmax(*min, indent + (double)log.width / PANGO_SCALE);
	pango_layout_set_width(l, -1);
	pango_layout_get_extents(l, NULL, &log);
	*max = fmax(*max, indent + (double)log.width / PANGO_SCALE);
	g_object_unref(l);
	rich_finish(&r);
}

/* What a table's or agenda's columns hold, for sizing them: the style of
 * the cells and of the labels, and the text of a generated cell (an
 * agenda's times). */
struct table_content {
	struct text_style body, head;
	/* the text of cell (row, col) when the program makes it, else NULL */
	const char *(*generated)(const struct doc_block *b, size_t row, size_t col, char *buf,
	                         size_t n);
};

/* Min- and max-content widths of column j, padding included. */
static void column_content(struct lay *c, const struct doc_block *b, size_t j, double pad_x,
                           const struct table_content *tc, double *min, double *max)
{
	*min = *max = 0;
	if (b->header && ltext_is_set(&b->columns[j].label))
		content_width(c, ltext_get(&b->columns[j].label, c->lang), tc->head, 0, min, max);
	for (size_t i = 0; i < b->nrows; i++) {
		char buf[64];
		const char *g = tc->generated ? tc->generated(b, i, j, buf, sizeof(buf)) : NULL;
		if (g) {
			/* a time range is never broken: its min is its max */
			double gmin = 0, gmax = 0;
			content_width(c, g, tc->body, 0, &gmin, &gmax);
			*min = fmax(*min, gmax);
			*max = fmax(*max, gmax);
			continue;
		}
		const struct doc_text *t = &b->cells[i * b->ncolumns + j];
		for (size_t k = 0; k < t->count; k++)
			content_width(c, ltext_get(&t->items[k], c->lang), tc->body,
			              t->list ? tc->body.size * 0.95 : 0, min, max);
	}
	*min += 2 * pad_x;
	*max += 2 * pad_x;
}

/* Column widths: fixed ones as given; the room left shared by weight when
 * a column gives one, else sized from the columns' content as CSS's
 * automatic table layout does: every column its max-content width and the
 * rest shared in proportion when they all fit, else each between its min-
 * and max-content width by the same share of the difference, else the
 * min-content widths scaled down (long words are then hyphenated). */
static void column_widths(struct lay *c, const struct doc_block *b, double w, double pad_x,
                          const struct table_content *tc, double *out)
{
	double fixed = 0, weights = 0, sum_min = 0, sum_max = 0;
	bool by_weight = false;
	for (size_t i = 0; i < b->ncolumns; i++) {
		by_weight |= b->columns[i].has_weight;
		if (b->columns[i].width > 0)
			fixed += b->columns[i].width;
		else
			weights += b->columns[i].weight;
	}
	double room = fmax(0, w - fixed);
	double *min = xcalloc(b->ncolumns * 2, sizeof(*min)), *max = min + b->ncolumns;
	for (size_t i = 0; i < b->ncolumns && !by_weight; i++) {
		if (b->columns[i].width > 0)
			continue;
		column_content(c, b, i, pad_x, tc, &min[i], &max[i]);
		sum_min += min[i];
		sum_max += max[i];
	}
	for (size_t i = 0; i < b->ncolumns; i++) {
		if (b->columns[i].width > 0)
			out[i] = b->columns[i].width;
		else if (by_weight || sum_max <= 0)
			out[i] = weights > 0 ? room * b->columns[i].weight / weights : 0;
		else if (sum_max <= room)
			out[i] = max[i] + (room - sum_max) * max[i] / sum_max;
		else if (sum_min < room)
			out[i] =
			        min[i] + (max[i] - min[i]) * (room - sum_min) / (sum_max - sum_min);
		else
			out[i] = min[i] * room / sum_min;
	}
	free(min);
}

/* A cell padding: as given (>= 0), else def, a share of the cells' text
 * size, so the padding follows the type. */
static double padding(double given, double def)
{
	return given >= 0 ? given : def;
}

/* The text of an agenda cell the program makes: the time ("0:10–0:25")
 * and the duration ("15 min"); NULL for the others. */
static const char *agenda_cell(const struct doc_block *b, size_t row, size_t col, char *buf,
                               size_t n)
{
	enum agenda_field fld = b->columns[col].field;
	if (fld == AGENDA_DURATION) {
		snprintf(buf, n, "%ld min", b->minutes[row]);
		return buf;
	}
	if (fld != AGENDA_TIME)
		return NULL;
	long t = b->start;
	for (size_t i = 0; i < row; i++)
		t += b->minutes[i];
	char a[16], z[16];
	doc_format_clock(t, b->start_two_digits, a, sizeof(a));
	doc_format_clock(t + b->minutes[row], b->start_two_digits, z, sizeof(z));
	snprintf(buf, n, "%s\u2013%s", a, z);
	return buf;
}

/* A row of a table: cells at the column positions, padded. */
static struct row *table_row(const double *widths, size_t n, double w, double pad_x, double pad_y)
{
	struct row *r = new_row(n, w);
	double x = 0;
	for (size_t i = 0; i < n; i++) {
		r->cells[i] = (struct cell){.x = x + pad_x, .w = widths[i] - 2 * pad_x};
		x += widths[i];
	}
	r->pad_t = pad_y;
	r->pad_b = pad_y;
	return r;
}

static bool has_labels(const struct doc_block *b)
{
	for (size_t i = 0; i < b->ncolumns; i++)
		if (ltext_is_set(&b->columns[i].label) && ltext_get(&b->columns[i].label, 0)[0])
			return true;
	return false;
}

/* The header row of a table or agenda, repeated on every page. */
static struct row *header_row(struct lay *c, const struct doc_block *b, const double *widths,
                              double w, double pad_x, bool grid)
{
	struct row *r = table_row(widths, b->ncolumns, w, pad_x, 1.8 * MM);
	r->has_bg = true;
	r->bg = accent_of(c, b);
	r->grid = grid;
	r->rule = ON_ACCENT;
	r->rule_w = 0.5;
	struct text_style st = style(c, true, W_BOLD, false, c->s * 0.88);
	for (size_t i = 0; i < b->ncolumns; i++) {
		if (!ltext_is_set(&b->columns[i].label))
			continue;
		struct par_opts o = {0};
		cell_text(c, r, i, &b->columns[i].label, 0, st, ON_ACCENT, &o);
	}
	align_baselines(r);
	return r;
}

/* Whether row i of n stays with the next one: a table never leaves its
 * first row alone at the foot of a column nor its last at the head of the
 * next (the orphans and widows of rows), so a break falls two rows in at
 * least, and a table of three rows or less is not broken at all. */
static bool keeps_next_row(size_t i, size_t n)
{
	return i + 1 < n && (i == 0 || i + 2 == n);
}

static int add_table(struct lay *c, struct row *hdr)
{
	XGROW(c->tables, c->tcap, c->ntables + 1);
	c->tables[c->ntables] = hdr;
	return (int)c->ntables++;
}

static void build_table(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	double *widths = xcalloc(b->ncolumns, sizeof(*widths));
	struct text_style st = style(c, false, W_REGULAR, false, c->s * 0.9);
	double pad_x = padding(b->pad_x, st.size * 0.8), pad_y = padding(b->pad_y, st.size * 0.6);
	struct table_content tc = {.body = st, .head = style(c, true, W_BOLD, false, c->s * 0.88)};
	column_widths(c, b, w, pad_x, &tc, widths);
	struct color acc = accent_of(c, b);
	struct row *hdr =
	        b->header && has_labels(b) ? header_row(c, b, widths, w, pad_x, true) : NULL;
	if (hdr) {
		hdr->frame = true;
		hdr->rule = acc;
	}
	int table = add_table(c, hdr);
	if (hdr) {
		/* the header row is drawn by the table's pieces: a copy goes
		 * first, the original is kept for repeats */
		struct piece *p = row_piece(c, hdr, b->span, c->s * 0.8);
		p->table = table;
		p->header = true;
		p->keep_next = true;
		/* repeats draw tables[table]; the piece owns hdr, so the table
		 * list only borrows it */
	}
	size_t nrows = b->nrows + (size_t)b->empty_rows;
	for (size_t i = 0; i < nrows; i++) {
		struct row *r = table_row(widths, b->ncolumns, w, pad_x, pad_y);
		r->grid = r->frame = r->rule_below = true;
		r->rule = RULE;
		r->rule_w = 0.6;
		r->rule_above = !hdr && i == 0;
		r->min_h = b->row_height;
		if (i < b->nrows) {
			c->mark = b->row_marks[i];
			for (size_t j = 0; j < b->ncolumns; j++)
				cell_doc_text(c, r, j, &b->cells[i * b->ncolumns + j], st, INK,
				              acc);
			align_baselines(r);
		}
		struct piece *p = row_piece(c, r, b->span, hdr || i > 0 ? 0 : c->s * 0.8);
		p->table = table;
		p->keep_next = keeps_next_row(i, nrows);
	}
	c->mark = b->mark;
	free(widths);
}

static void build_agenda(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	double *widths = xcalloc(b->ncolumns, sizeof(*widths));
	struct text_style body = style(c, false, W_REGULAR, false, c->s * 0.88);
	double pad_x = padding(b->pad_x, body.size * 0.65),
	       pad_y = padding(b->pad_y, body.size * 0.7);
	struct text_style strong = style(c, true, W_BOLD, false, c->s * 0.9);
	struct table_content tc = {.body = strong,
	                           .head = style(c, true, W_BOLD, false, c->s * 0.88),
	                           .generated = agenda_cell};
	column_widths(c, b, w, pad_x, &tc, widths);
	struct color acc = accent_of(c, b);
	struct row *hdr =
	        b->header && has_labels(b) ? header_row(c, b, widths, w, pad_x, false) : NULL;
	int table = add_table(c, hdr);
	if (hdr) {
		struct piece *p = row_piece(c, hdr, b->span, c->s * 0.8);
		p->table = table;
		p->header = true;
		p->keep_next = true;
	}
	long t = b->start;
	for (size_t i = 0; i < b->nrows; i++) {
		c->mark = b->row_marks[i];
		struct row *r = table_row(widths, b->ncolumns, w, pad_x, pad_y);
		r->rule_below = true;
		r->rule = RULE;
		r->rule_w = 0.6;
		if (b->is_break[i]) {
			r->has_bg = true;
			r->bg = color_tint(acc, 0.08);
		}
		for (size_t j = 0; j < b->ncolumns; j++) {
			enum agenda_field fld = b->columns[j].field;
			char s[64];
			if (fld == AGENDA_TIME || fld == AGENDA_DURATION) {
				agenda_cell(b, i, j, s, sizeof(s));
				cell_plain(c, r, j, s, fld == AGENDA_TIME ? strong : body,
				           fld == AGENDA_TIME ? acc : GREY);
			} else {
				bool title = fld == AGENDA_TITLE;
				cell_doc_text(c, r, j, &b->cells[i * b->ncolumns + j],
				              title ? strong : body, INK, acc);
			}
		}
		align_baselines(r);
		t += b->minutes[i];
		struct piece *p = row_piece(c, r, b->span, hdr || i > 0 ? 0 : c->s * 0.8);
		p->table = table;
		p->keep_next = keeps_next_row(i, b->nrows);
	}
	c->mark = b->mark;
	free(widths);
}

static void build_facts(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	struct color acc = accent_of(c, b);
	struct color bg = color_tint(acc, 0.07);
	double pad_x = 3 * MM;
	double widths[2] = {fmin(34 * MM, w * 0.36), 0};
	widths[1] = w - widths[0];
	int table = add_table(c, NULL);
	bool first = true;
	if (ltext_is_set(&b->title)) {
		struct row *r = new_row(1, w);
		r->has_bg = true;
		r->bg = bg;
		r->pad_t = 3.2 * MM;
		r->pad_b = 1.2 * MM;
		r->cells[0] = (struct cell){.x = pad_x, .w = w - 2 * pad_x};
		row_extra(r, rect_item((struct box){0, 0, w, 1.8}, &acc, NULL, 0, 0));
		struct par_opts o = {0};
		cell_text(c, r, 0, &b->title, 0, style(c, true, W_BLACK, false, c->s * 1.25), acc,
		          &o);
		struct piece *p = row_piece(c, r, b->span, c->s * 0.8);
		p->keep_next = true;
		first = false;
	}
	struct text_style label = style(c, true, W_BOLD, false, c->s * 0.92);
	struct text_style body = style(c, false, W_REGULAR, false, c->s * 0.95);
	for (size_t i = 0; i < b->nrows; i++) {
		c->mark = b->row_marks[i];
		struct row *r = table_row(widths, 2, w, pad_x, 1.5 * MM);
		r->cells[0].w = widths[0] - pad_x;
		r->cells[1].x = widths[0];
		r->cells[1].w = widths[1] - pad_x;
		r->has_bg = true;
		r->bg = bg;
		if (i + 1 < b->nrows) {
			r->rule_below = true;
			r->rule = WHITE;
			r->rule_w = 1.2;
		} else {
			r->pad_b = 3 * MM;
		}
		if (first)
			row_extra(r, rect_item((struct box){0, 0, w, 1.8}, &acc, NULL, 0, 0));
		if (first)
			r->pad_t = 3 * MM;
		first = false;
		cell_doc_text(c, r, 0, &b->cells[2 * i], label, acc, acc);
		cell_doc_text(c, r, 1, &b->cells[2 * i + 1], body, INK, acc);
		align_baselines(r);
		struct piece *p = row_piece(c, r, b->span, 0);
		p->table = table;
	}
	c->mark = b->mark;
}

static void build_lines(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	struct piece *p = new_piece(c, PIECE_ITEMS, b->span);
	double y = 0;
	if (ltext_is_set(&b->title)) {
		piece_text(c, p, &b->title, 0, style(c, true, W_BOLD, false, c->s * 1.0), 0, &y, w,
		           INK);
	}
	for (long i = 1; i <= b->count; i++) {
		double yy = y + (double)i * b->spacing;
		piece_add(p, line_item(0, yy, w, yy, GREY, 0.5));
	}
	p->h = y + (double)b->count * b->spacing + 2;
	p->space_before = c->s * 1.2;
}

static void build_box(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	struct color acc = accent_of(c, b);
	struct piece *p = new_piece(c, PIECE_ITEMS, b->span);
	double pad = 3.5 * MM, y = pad;
	size_t frame = p->nitems;
	piece_add(p, rect_item((struct box){0, 0, w, 0}, NULL, &acc, 0.9, 2.5 * MM));
	if (ltext_is_set(&b->title))
		piece_text(c, p, &b->title, 0, style(c, true, W_BOLD, false, c->s * 1.0), pad, &y,
		           w - 2 * pad, acc);
	for (long i = 1; i <= b->count; i++) {
		double yy = y + (double)i * b->spacing;
		piece_add(p, line_item(pad, yy, w - pad, yy, GREY, 0.5));
	}
	double h = y + (double)b->count * b->spacing + pad;
	if (b->height > h)
		h = b->height;
	p->items[frame].box.h = h;
	p->h = h;
	p->space_before = c->s * 1.0;
}

static void build_fields(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	struct piece *p = new_piece(c, PIECE_ITEMS, b->span);
	double gap = 6 * MM;
	double fw = (w - gap * (double)(b->nitems - 1)) / (double)b->nitems;
	struct text_style st = style(c, true, W_BOLD, false, c->s * 0.95);
	double h = 0;
	for (size_t i = 0; i < b->nitems; i++) {
		double x = (double)i * (fw + gap);
		struct metrics m;
		size_t par = text_par(c, &b->items[i], 0, st, fw - 15 * MM, INK, &m);
		if (m.n > 0) {
			double lw = 0;
			PangoLayout *l = c->probe;
			doc_text_layout_setup(l, &c->L->pars[par]);
			PangoRectangle log;
			pango_layout_line_get_extents(pango_layout_get_line_readonly(l, m.n - 1),
			                              NULL, &log);
			lw = (double)log.width / PANGO_SCALE;
			piece_add(p, text_item(par, 0, m.n, x, 4 * MM, fw));
			double base = 4 * MM + m.base[m.n - 1] + 1.5;
			piece_add(p, line_item(x + lw + 2 * MM, base, x + fw, base, GREY, 0.6));
			h = fmax(h, base + 2);
		}
		metrics_finish(&m);
	}
	p->h = h;
	p->space_before = c->s * 0.8;
}

static void build_scale(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	struct color acc = accent_of(c, b);
	struct piece *p = new_piece(c, PIECE_ITEMS, b->span);
	double y = 0;
	piece_text(c, p, &b->title, 0, style(c, true, W_BOLD, false, c->s * 1.0), 0, &y, w, INK);
	y += 2.5 * MM;
	double d = b->scale == SCALE_SMILEYS ? 11 * MM : 9 * MM;
	double gap = b->scale == SCALE_SMILEYS ? 8 * MM : 5 * MM;
	double x = 0;
	struct text_style num = style(c, true, W_BOLD, false, c->s * 1.15);
	num.align = ALIGN_CENTER;
	for (long i = 0; i < b->count; i++) {
		struct box bx = {x, y, d, d};
		if (b->scale == SCALE_SMILEYS) {
			/* 3 faces: sad, neutral, happy; 5: very sad .. very happy */
			int mood = b->count == 3 ? (int)i * 2 - 2 : (int)i - 2;
			piece_add(p, (struct doc_item){.type = DOC_SMILEY,
			                               .box = bx,
			                               .mood = mood,
			                               .has_stroke = true,
			                               .stroke = acc,
			                               .line_width = 1.1});
		} else {
			piece_add(p, rect_item(bx, NULL, &acc, 1.0, d / 2));
			char s[32];
			snprintf(s, sizeof(s), "%ld", i + 1);
			struct metrics m;
			size_t par = plain_par(c, s, num, d, acc, &m);
			double th = m.n ? m.bottom[m.n - 1] : 0;
			piece_add(p, text_item(par, 0, m.n, x, y + (d - th) / 2, d));
			metrics_finish(&m);
		}
		x += d + gap;
	}
	double total = x - gap;
	y += d + 1.5 * MM;
	double below = 0;
	struct text_style small = style(c, false, W_REGULAR, false, c->s * 0.82);
	const struct ltext *ends[2] = {&b->low, &b->high};
	for (int e = 0; e < 2; e++) {
		if (!ltext_is_set(ends[e]))
			continue;
		double lw = fmin(w, 40 * MM);
		struct text_style st = small;
		st.align = e ? ALIGN_END : ALIGN_START;
		double lx = e ? fmax(0, total - lw) : 0;
		struct metrics m;
		size_t par = text_par(c, ends[e], 0, st, lw, GREY, &m);
		piece_add(p, text_item(par, 0, m.n, lx, y, lw));
		if (m.n)
			below = fmax(below, m.bottom[m.n - 1]);
		metrics_finish(&m);
	}
	if (total > w + 0.01) {
		diag_error(c->d, b->mark, "this scale is %.1fmm wide, more than the %.1fmm column",
		           total / MM, w / MM);
		c->ok = false;
	}
	p->h = y + below;
	p->space_before = c->s * 1.0;
}

static void build_image(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	double iw = b->width > 0 ? b->width : w;
	struct piece *p = new_piece(c, PIECE_ITEMS, b->span);
	piece_add(p, (struct doc_item){.type = DOC_IMAGE,
	                               .box = {(w - iw) / 2, 0, iw, b->height},
	                               .image = b->src,
	                               .mark = b->mark});
	p->h = b->height;
	p->space_before = c->s * 0.8;
}

static void build_cards_list(struct lay *c, const struct doc_block *b)
{
	double w = block_w(c, b);
	const struct deck *deck = b->deck;
	size_t dl = (size_t)langs_find(&deck->langs, c->code);
	double chip_w = 19 * MM, gap = 4 * MM;
	struct text_style idst = style(c, true, W_BLACK, false, c->s * 0.95);
	idst.align = ALIGN_CENTER;
	struct text_style cat = style(c, true, W_BOLD, false, c->s * 0.7);
	cat.align = ALIGN_CENTER;
	struct text_style title = style(c, false, W_BOLD, false, c->s * 0.95);
	struct text_style body = style(c, false, W_REGULAR, false, c->s * 0.95);
	for (size_t i = 0; i < b->ncards; i++) {
		const struct card *card = b->cards[i];
		c->mark = card->mark;
		struct row *r = new_row(2, w);
		r->cells[0] = (struct cell){.x = 0, .w = chip_w};
		r->cells[1] = (struct cell){.x = chip_w + gap, .w = w - chip_w - gap};
		r->pad_t = 2 * MM;
		r->pad_b = 2 * MM;
		r->rule_below = true;
		r->rule = RULE;
		r->rule_w = 0.5;
		r->dest = card_dest(c, deck, card);
		struct color cc = card->category ? card->category->color : c->doc->accent;
		struct metrics m;
		size_t par = plain_par(c, card->id, idst, chip_w, ON_ACCENT, &m);
		double ih = m.n ? m.bottom[m.n - 1] : 0;
		row_extra(r, rect_item((struct box){0, r->pad_t, chip_w, ih + 2.4 * MM}, &cc, NULL,
		                       0, 1.5 * MM));
		row_extra(r, text_item(par, 0, m.n, 0, r->pad_t + 1.2 * MM, chip_w));
		metrics_finish(&m);
		/* the category's name under the chip, from the deck */
		double chip_h = ih + 2.4 * MM;
		r->min_h = r->pad_t + chip_h + r->pad_b;
		r->cells[0].cursor = chip_h + 1.2;
		if (card->category) {
			const char *nm = ltext_get(&card->category->name, dl);
			struct rich rr;
			rich_init(&rr);
			const char *err;
			size_t off;
			if (!markup_parse(&rr, nm, 0, &err, &off))
				rich_append_plain(&rr, nm, strlen(nm), 0);
			struct metrics mc;
			size_t np = add_par(c, &rr, cat, chip_w, cc, NULL, 0, card->mark, &mc);
			struct par_opts o = {0};
			cell_add_lines(&r->cells[0], np, &mc, &o, NO_PAR, 0);
			metrics_finish(&mc);
		}
		/* title and text in the document's language, from the deck */
		const struct ltext *texts[2] = {&card->title, &card->text};
		for (int k = 0; k < 2; k++) {
			if (!ltext_is_set(texts[k]) || !ltext_get(texts[k], dl)[0])
				continue;
			struct rich rr;
			rich_init(&rr);
			const char *err;
			size_t off;
			const char *src = ltext_get(texts[k], dl);
			if (!markup_parse(&rr, src, 0, &err, &off))
				rich_append_plain(&rr, src, strlen(src), 0);
			struct metrics mt;
			struct cell *cl = &r->cells[1];
			c->card = card;
			size_t np = add_par(c, &rr, k ? body : title, cl->w, INK, NULL, 0,
			                    ltext_get_mark(texts[k], dl), &mt);
			c->card = NULL;
			struct par_opts po = {.space_before = 1.5};
			cell_add_lines(cl, np, &mt, &po, NO_PAR, 0);
			metrics_finish(&mt);
		}
		row_piece(c, r, b->span, i == 0 ? c->s * 0.8 : 0);
	}
	c->mark = b->mark;
}

static void build_cards_thumbs(struct lay *c, const struct doc_block *b, PangoContext *pctx)
{
	double w = block_w(c, b);
	const struct deck *deck = b->deck;
	size_t dl = (size_t)langs_find(&deck->langs, c->code);
	long per = b->per_row;
	double gap = 4 * MM;
	double tw = (w - gap * (double)(per - 1)) / (double)per;
	double th = tw * deck->trim_h / deck->trim_w;
	struct text_style cap = style(c, true, W_BOLD, false, c->s * 0.8);
	cap.align = ALIGN_CENTER;
	/* the deck's shared sizes, as its own build sets them; its build
	 * reports what is wrong with them */
	struct diag quiet;
	diag_init(&quiet);
	struct deck_fit fit;
	deck_fit_init(&fit, deck, dl, pctx, c->hy, &quiet);
	diag_finish(&quiet);
	for (size_t i = 0; i < b->ncards; i += (size_t)per) {
		struct piece *p = new_piece(c, PIECE_ITEMS, b->span);
		p->space_before = i == 0 ? c->s * 0.8 : gap;
		double capt_h = 0;
		for (size_t k = i; k < b->ncards && k < i + (size_t)per; k++) {
			const struct card *card = b->cards[k];
			double x = (double)(k - i) * (tw + gap);
			struct face_layout *fl = &c->L->faces[c->L->nfaces++];
			if (!layout_card_face(fl, deck, card, FACE_FRONT, dl, pctx, c->hy, &fit,
			                      c->d))
				c->ok = false;
			piece_add(p, (struct doc_item){.type = DOC_DEST,
			                               .box = {x, 0, 0, 0},
			                               .name = card_dest(c, deck, card)});
			piece_add(p, (struct doc_item){
			                     .type = DOC_CARD, .box = {x, 0, tw, th}, .face = fl});
			piece_add(p, rect_item((struct box){x, 0, tw, th}, NULL, &RULE, 0.5, 0));
			struct metrics m;
			size_t par = plain_par(c, card->id, cap, tw, GREY, &m);
			piece_add(p, text_item(par, 0, m.n, x, th + 1.2 * MM, tw));
			if (m.n)
				capt_h = fmax(capt_h, m.bottom[m.n - 1]);
			metrics_finish(&m);
		}
		p->h = th + 1.2 * MM + capt_h;
	}
	deck_fit_finish(&fit);
}

/* ---------------------------------------------------------------------
 * Running header and footer */

/* Expands {fields} of a header or footer text in language lang. */
static void expand(struct lay *c, const char *tmpl, const char *page, const char *pages,
                   struct buf *out)
{
	const struct document *doc = c->doc;
	for (const char *p = tmpl; *p; p++) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			buf_putc(out, *p);
			p++;
			continue;
		}
		const char *end = p[0] == '{' ? strchr(p, '}') : NULL;
		if (!end) {
			buf_putc(out, *p);
			continue;
		}
		size_t n = (size_t)(end - p - 1);
		const char *name = p + 1;
		const char *v = "";
#define IS(s) (n == strlen(s) && strncmp(name, s, n) == 0)
		if (IS("title"))
			v = ltext_get(&doc->title, c->lang);
		else if (IS("subtitle"))
			v = ltext_get(&doc->subtitle, c->lang);
		else if (IS("version"))
			v = doc->version;
		else if (IS("author"))
			v = doc->author ? doc->author : "";
		else if (IS("kit.title") && langs_find(&doc->kit_langs, c->code) >= 0)
			v = ltext_get(&doc->kit_title,
			              (size_t)langs_find(&doc->kit_langs, c->code));
		else if (IS("page"))
			v = page;
		else if (IS("pages"))
			v = pages;
#undef IS
		buf_puts(out, v);
		p = end;
	}
}

static size_t furniture_par(struct lay *c, const char *s, struct mark m, struct text_style st,
                            double w, struct color col, struct metrics *mt)
{
	struct rich r;
	rich_init(&r);
	const char *err;
	size_t off;
	if (!markup_parse(&r, s, 0, &err, &off)) {
		diag_error(c->d, m, "%s (in '%s')", err, c->code);
		c->ok = false;
	}
	return add_par(c, &r, st, w, col, NULL, 0, m, mt);
}

static void furniture(struct lay *c)
{
	const struct document *doc = c->doc;
	struct doc_layout *L = c->L;
	double left = doc->margin_left, right = doc->page_w - doc->margin_right;
	double w = right - left;
	struct buf b;
	buf_init(&b);
	char pages[24];
	snprintf(pages, sizeof(pages), "%zu", L->npages);
	bool title_first = doc->nblocks && doc->blocks[0].type == BLOCK_TITLE;
	struct text_style hs = style(c, true, W_REGULAR, false, 7.8);
	struct text_style fs = style(c, true, W_REGULAR, false, 7.2);
	struct text_style ps = style(c, true, W_BOLD, false, 7.2);
	ps.align = ALIGN_END;
	for (size_t i = 0; i < L->npages; i++) {
		struct doc_page *pg = &L->pages[i];
		if (doc->has_header && !(i == 0 && title_first)) {
			double logo = doc->logo ? 7 * MM : 0;
			double ry = doc->margin_top - 5 * MM;
			buf_clear(&b);
			if (ltext_is_set(&doc->header_text))
				expand(c, ltext_get(&doc->header_text, c->lang), "", pages, &b);
			else
				expand(c,
				       ltext_is_set(&doc->subtitle) ? "{title} \u00b7 {subtitle}"
				                                    : "{title}",
				       "", pages, &b);
			struct metrics m;
			size_t par =
			        furniture_par(c, buf_str(&b),
			                      ltext_is_set(&doc->header_text)
			                              ? ltext_get_mark(&doc->header_text, c->lang)
			                              : doc->mark,
			                      hs, w - logo - 3 * MM, GREY, &m);
			double th = m.n ? m.bottom[m.n - 1] : 0;
			page_add(pg, text_item(par, 0, m.n, left, ry - 2 - th, w - logo - 3 * MM));
			metrics_finish(&m);
			if (doc->logo) {
				struct box lb = {right - logo, ry - 1.5 - logo, logo, logo};
				if (doc->has_logo_bg) {
					page_add(pg,
					         rect_item(lb, &doc->logo_bg, NULL, 0, 1.2 * MM));
					lb = box_inset(lb, 1.1 * MM);
				}
				page_add(pg, (struct doc_item){.type = DOC_IMAGE,
				                               .box = lb,
				                               .image = doc->logo});
			}
			page_add(pg, line_item(left, ry, right, ry, doc->accent, 0.6));
		}
		if (doc->has_footer) {
			double ry = doc->page_h - doc->margin_bottom + 5 * MM;
			page_add(pg, line_item(left, ry, right, ry, RULE, 0.5));
			char page[24];
			snprintf(page, sizeof(page), "%zu", i + 1);
			buf_clear(&b);
			expand(c, ltext_get(&doc->page_text, c->lang), page, pages, &b);
			struct mark pm = ltext_get_mark(&doc->page_text, c->lang);
			double pw = 45 * MM;
			size_t ppar = furniture_par(c, buf_str(&b), pm, ps, pw, doc->accent, NULL);
			page_add(pg,
			         text_item(ppar, 0, L->pars[ppar].nlines, right - pw, ry + 2, pw));
			buf_clear(&b);
			if (ltext_is_set(&doc->footer_text))
				expand(c, ltext_get(&doc->footer_text, c->lang), page, pages, &b);
			else if (doc->author && doc->version[0])
				expand(c, "{author} \u00b7 {title} \u00b7 v{version}", page, pages,
				       &b);
			else if (doc->author)
				expand(c, "{author} \u00b7 {title}", page, pages, &b);
			else
				expand(c, "{title}", page, pages, &b);
			struct mark fm = ltext_is_set(&doc->footer_text)
			                         ? ltext_get_mark(&doc->footer_text, c->lang)
			                         : doc->mark;
			size_t fpar =
			        furniture_par(c, buf_str(&b), fm, fs, w - pw - 3 * MM, GREY, NULL);
			page_add(pg, text_item(fpar, 0, L->pars[fpar].nlines, left, ry + 2,
			                       w - pw - 3 * MM));
		}
	}
	buf_finish(&b);
}

/* ---------------------------------------------------------------------
 * The document */

static size_t count_thumbnails(const struct document *doc)
{
	size_t n = 0;
	for (size_t i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].type == BLOCK_CARDS && doc->blocks[i].show == CARDS_THUMBNAILS)
			n += doc->blocks[i].ncards;
	return n;
}

/* ---------------------------------------------------------------------
 * Display lists: the items of each page as drawing operations */

static void put_text(struct dlist *dl, const struct doc_layout *L, const struct doc_item *it)
{
	const struct doc_par *p = &L->pars[it->par];
	if (it->nlines <= 0 || it->first_line >= p->nlines)
		return;
	struct dl_text *t = dlist_add_text(dl);
	dl_text_set_rich(t, &p->rich);
	t->style = p->style;
	t->width = p->width;
	t->box = it->box;
	t->color = p->color;
	t->lines = true;
	t->first_line = it->first_line;
	t->nlines = it->nlines;
	for (size_t k = 0; k < p->nlinks; k++)
		dl_text_add_link(t, p->links[k].start, p->links[k].end, p->links[k].color,
		                 p->links[k].dest);
}

/* A card face scaled into the item's box, clipped to its trim. */
/* The finest marks a thumbnail keeps: text that would print under 6 pt is
 * left out, and thinner lines are drawn this wide, so a card shown small
 * has no mark a print shop cannot print (docs/print.md, "Fine marks";
 * light text on a dark ground needs 7 pt, which preflight checks). */
#define THUMB_MIN_TEXT 6.0
#define THUMB_MIN_LINE 0.25

/* Ops from first on of dl, a card face drawn at k times its size. */
static void thumbnail_marks(struct dlist *dl, size_t first, double k)
{
	struct rich empty;
	rich_init(&empty);
	for (size_t i = first; i < dl->count; i++) {
		struct dl_op *op = &dl->ops[i];
		if (op->kind == DL_TEXT && op->u.text.style.size * k < THUMB_MIN_TEXT)
			dl_text_set_rich(&op->u.text, &empty);
		else if (op->kind == DL_PATH && op->u.path.has_stroke &&
		         op->u.path.width * k < THUMB_MIN_LINE)
			op->u.path.width = THUMB_MIN_LINE / k;
	}
	rich_finish(&empty);
}

static void put_card(struct dlist *dl, const struct doc_item *it)
{
	const struct face_layout *fl = it->face;
	if (!fl || fl->trim_w <= 0 || fl->trim_h <= 0)
		return;
	double k = fmin(it->box.w / fl->trim_w, it->box.h / fl->trim_h);
	size_t first = dl->count;
	struct dl_group *g = dlist_add_group(dl);
	g->transform = g->clip = true;
	g->tx = it->box.x;
	g->ty = it->box.y;
	g->sx = it->box.w / fl->trim_w;
	g->sy = it->box.h / fl->trim_h;
	g->clip_box = (struct box){0, 0, fl->trim_w, fl->trim_h};
	g->figure = fl->card ? fl->card->id : NULL;
	dlist_append(dl, &fl->dlist);
	if (k < 1)
		thumbnail_marks(dl, first + 1, k);
	dlist_add_end(dl);
}

/* A face in a circle: mood -2 (very sad) to 2 (very happy). Drawn, not a
 * glyph: no bundled font has the emoji. */
static void put_smiley(struct dlist *dl, const struct doc_item *it)
{
	double d = fmin(it->box.w, it->box.h), lw = it->line_width;
	double cx = it->box.x + it->box.w / 2, cy = it->box.y + it->box.h / 2;
	dlist_add_group(dl);
	struct dl_path *p = dlist_add_path(dl, DL_NEW_PATH_BEFORE);
	dl_path_arc(p, cx, cy, d / 2 - lw / 2, 0, 2 * G_PI);
	dl_path_set_stroke(p, it->stroke, lw);
	p->line_cap = DL_CAP_ROUND;
	for (int s = -1; s <= 1; s += 2) {
		p = dlist_add_path(dl, DL_NEW_PATH_BEFORE);
		dl_path_arc(p, cx + s * d * 0.17, cy - d * 0.11, d * 0.055, 0, 2 * G_PI);
		dl_path_set_fill(p, it->stroke);
	}
	double k = it->mood / 2.0;
	double by = cy + d * 0.2 - (k > 0 ? k * d * 0.04 : 0);
	double x0 = cx - d * 0.21, x1 = cx + d * 0.21;
	double qy = by + k * d * 0.2; /* the quadratic's control point */
	p = dlist_add_path(dl, DL_NEW_PATH_BEFORE);
	dl_path_move_to(p, x0, by);
	dl_path_curve_to(p, x0 + (cx - x0) * 2 / 3, by + (qy - by) * 2 / 3, x1 + (cx - x1) * 2 / 3,
	                 by + (qy - by) * 2 / 3, x1, by);
	dl_path_set_stroke(p, it->stroke, lw);
	dlist_add_end(dl);
}

static void put_item(struct dlist *dl, const struct doc_layout *L, const struct doc_item *it)
{
	struct dl_path *p;
	switch (it->type) {
	case DOC_TEXT:
		put_text(dl, L, it);
		break;
	case DOC_RECT:
		p = dlist_add_path(dl, DL_NEW_PATH_BEFORE | DL_NEW_PATH_AFTER);
		dl_path_rect(p, it->box, it->radius);
		if (it->has_fill)
			dl_path_set_fill(p, it->fill);
		if (it->has_stroke)
			dl_path_set_stroke(p, it->stroke, it->line_width);
		break;
	case DOC_LINE:
		p = dlist_add_path(dl, DL_NEW_PATH_BEFORE);
		dl_path_move_to(p, it->box.x, it->box.y);
		dl_path_line_to(p, it->box.x + it->box.w, it->box.y + it->box.h);
		dl_path_set_stroke(p, it->stroke, it->line_width);
		p->line_cap = DL_CAP_BUTT;
		break;
	case DOC_IMAGE:
		dlist_add_image(dl, it->image, it->box, false)->mark = it->mark;
		break;
	case DOC_CARD:
		put_card(dl, it);
		break;
	case DOC_SMILEY:
		put_smiley(dl, it);
		break;
	case DOC_DOT:
		p = dlist_add_path(dl, DL_NEW_PATH_BEFORE);
		dl_path_arc(p, it->box.x + it->box.w / 2, it->box.y + it->box.h / 2,
		            fmin(it->box.w, it->box.h) / 2, 0, 2 * G_PI);
		dl_path_set_fill(p, it->fill);
		break;
	case DOC_DEST:
		dlist_add_dest(dl, it->name, it->box.x, it->box.y);
		break;
	}
}

/* One display list per page; the bookmarks go first on the first page. */
static void make_dlists(struct doc_layout *L)
{
	L->dlists = xcalloc(L->npages ? L->npages : 1, sizeof(*L->dlists));
	for (size_t i = 0; i < L->npages; i++) {
		struct dlist *dl = &L->dlists[i];
		dlist_init(dl, L->page_w, L->page_h, L->bleed);
		for (size_t k = 0; i == 0 && k < L->noutline; k++)
			dlist_add_bookmark(dl, L->outline[k].level, L->outline[k].title,
			                   L->outline[k].dest);
		for (size_t k = 0; k < L->pages[i].count; k++)
			put_item(dl, L, &L->pages[i].items[k]);
	}
}

bool layout_document(struct doc_layout **out, const struct document *doc, size_t lang,
                     PangoContext *ctx, struct hyphenator *hy, struct diag *d)
{
	*out = NULL;
	struct doc_layout *L = xcalloc(1, sizeof(*L));
	arena_init(&L->arena);
	L->doc = doc;
	L->lang = lang;
	L->page_w = doc->page_w;
	L->page_h = doc->page_h;
	L->bleed = doc->bleed;
	size_t nthumbs = count_thumbnails(doc);
	L->faces = xcalloc(nthumbs ? nthumbs : 1, sizeof(*L->faces));
	struct lay c = {
	        .L = L,
	        .doc = doc,
	        .lang = lang,
	        .code = doc->langs.codes[lang],
	        .ctx = ctx,
	        .probe = pango_layout_new(ctx),
	        .hy = hy,
	        .d = d,
	        .ok = true,
	        .s = doc->body_size,
	        .mark = doc->mark,
	};
	c.text_w = doc->page_w - doc->margin_left - doc->margin_right;
	c.col_w = (c.text_w - doc->gap * (double)(doc->columns - 1)) / (double)doc->columns;
	char what[48];
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct doc_block *b = &doc->blocks[i];
		c.mark = b->mark;
		snprintf(what, sizeof(what), "%s block", doc_block_names[b->type]);
		c.what = arena_strdup(&L->arena, what);
		switch (b->type) {
		case BLOCK_TITLE:
			build_title(&c, b);
			break;
		case BLOCK_HEADING:
			build_heading(&c, b);
			break;
		case BLOCK_PARAGRAPH:
			build_paragraph(&c, b);
			break;
		case BLOCK_LIST:
			build_list(&c, b);
			break;
		case BLOCK_IMAGE:
			build_image(&c, b);
			break;
		case BLOCK_PAGE_BREAK:
			new_piece(&c, PIECE_PAGE_BREAK, false)->empty_ok = b->empty_ok;
			break;
		case BLOCK_COLUMN_BREAK:
			new_piece(&c, PIECE_COLUMN_BREAK, false);
			break;
		case BLOCK_FACTS:
			build_facts(&c, b);
			break;
		case BLOCK_AGENDA:
			build_agenda(&c, b);
			break;
		case BLOCK_TABLE:
			build_table(&c, b);
			break;
		case BLOCK_QUESTIONS:
		case BLOCK_AGREEMENTS:
			build_questions(&c, b);
			break;
		case BLOCK_NOTE:
			build_note(&c, b);
			break;
		case BLOCK_LINES:
			build_lines(&c, b);
			break;
		case BLOCK_BOX:
			build_box(&c, b);
			break;
		case BLOCK_FIELDS:
			build_fields(&c, b);
			break;
		case BLOCK_SCALE:
			build_scale(&c, b);
			break;
		case BLOCK_CHECKLIST:
			build_checklist(&c, b);
			break;
		case BLOCK_CARDS:
			if (b->show == CARDS_THUMBNAILS)
				build_cards_thumbs(&c, b, ctx);
			else
				build_cards_list(&c, b);
			break;
		case BLOCK_COUNT_:
			break;
		}
		if (b->keep_next && c.npieces)
			c.pieces[c.npieces - 1].keep_next = true;
	}
	/* lay out only what is clean: a markup error leaves texts empty */
	if (c.ok && !paginate(&c))
		c.ok = false;
	if (c.ok)
		furniture(&c);
	for (size_t i = 0; i < c.npieces; i++) {
		free(c.pieces[i].items);
		free(c.pieces[i].from);
		row_destroy(c.pieces[i].row);
	}
	free(c.pieces);
	free(c.tables);
	g_object_unref(c.probe);
	if (!c.ok) {
		doc_layout_destroy(L);
		return false;
	}
	make_dlists(L);
	*out = L;
	return true;
}

void doc_layout_destroy(struct doc_layout *L)
{
	if (!L)
		return;
	for (size_t i = 0; i < L->npages; i++) {
		free(L->pages[i].items);
		if (L->dlists)
			dlist_finish(&L->dlists[i]);
	}
	free(L->pages);
	free(L->dlists);
	for (size_t i = 0; i < L->npars; i++) {
		rich_finish(&L->pars[i].rich);
		free(L->pars[i].links);
		free(L->pars[i].starts);
	}
	free(L->pars);
	free(L->outline);
	for (size_t i = 0; i < L->nfaces; i++)
		face_layout_finish(&L->faces[i]);
	free(L->faces);
	arena_finish(&L->arena);
	free(L);
}

/* ---------------------------------------------------------------------
 * Dump */

static const char *const item_names[] = {"text", "rect",   "line", "image",
                                         "card", "smiley", "dot",  "dest"};

void doc_layout_dump(const struct doc_layout *L, struct buf *out)
{
	for (size_t p = 0; p < L->npages; p++) {
		buf_printf(out, "page %zu\n", p + 1);
		const struct doc_page *pg = &L->pages[p];
		for (size_t i = 0; i < pg->count; i++) {
			const struct doc_item *it = &pg->items[i];
			buf_printf(out, "  %s %.1f %.1f %.1f %.1f", item_names[it->type],
			           it->box.x / MM, it->box.y / MM, it->box.w / MM, it->box.h / MM);
			if (it->type == DOC_TEXT) {
				const struct doc_par *par = &L->pars[it->par];
				buf_printf(out, " lines %d-%d/%d \"", it->first_line,
				           it->first_line + it->nlines - 1, par->nlines);
				/* the text of the lines shown, without soft hyphens */
				size_t a = par->starts[it->first_line];
				size_t z = par->starts[it->first_line + it->nlines];
				for (size_t k = a; k < z; k++) {
					unsigned char ch = (unsigned char)par->rich.text[k];
					if (ch == 0xC2 && k + 1 < z &&
					    (unsigned char)par->rich.text[k + 1] == 0xAD) {
						k++;
						continue;
					}
					buf_putc(out, ch == '\n' ? ' ' : (char)ch);
				}
				buf_puts(out, "\"");
			} else if (it->type == DOC_DEST) {
				buf_printf(out, " %s", it->name);
			}
			buf_putc(out, '\n');
		}
	}
}
