#include "layout/tiles.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/board.h"
#include "typeset/fit.h"
#include "typeset/markup.h"
#include "util/buf.h"
#include "util/mem.h"

#define MM PT_PER_MM

#define LINE 0.5      /* pt: marks and cut lines */
#define TICK (3 * MM) /* alignment ticks reach this far from the window */

static const struct color ink = {0.12, 0.16, 0.27};
static const struct color grey = {0.45, 0.45, 0.45};
static const struct color black = {0, 0, 0};
static const struct color red = {0.8, 0.1, 0.1};

struct composer {
	const struct tile_layout *t;
	const struct tile_texts *tx;
	PangoContext *pango;
	struct dlist *page;
	char *cut; /* the first text that did not fit; owned; may be NULL */
};

/* Markup text fitted into box and centred in it, turned by angle about its
 * centre. */
static void text(struct composer *c, const char *src, struct box box, double size, double min,
                 int weight, enum text_align align, double angle, struct color col)
{
	struct dl_text *t = dlist_add_text(c->page);
	const char *err;
	size_t off;
	if (!markup_parse(&t->rich, src, 0, &err, &off))
		rich_append_plain(&t->rich, src, strlen(src), 0);
	t->style = (struct text_style){.family = c->tx->family,
	                               .weight = weight,
	                               .size = size,
	                               .min_size = min,
	                               .line_height = 1.38,
	                               .align = align};
	struct fit_result fr;
	if (!fit_text(c->pango, &t->rich, &t->style, box.w, box.h, &fr) && !c->cut)
		c->cut = xstrdup(src);
	t->style.size = fr.size;
	t->width = box.w;
	t->box = box;
	t->dy = (box.h - fr.height) / 2;
	t->angle = angle;
	t->color = col;
	t->place = DL_PLACE_CENTRED;
}

/* Text reading up or down a band: area is the band's part of the page. */
static void vtext(struct composer *c, const char *src, struct box area, double size, double min,
                  int weight, double angle, struct color col)
{
	double cx = area.x + area.w / 2, cy = area.y + area.h / 2;
	struct box frame = {cx - area.h / 2, cy - area.w / 2, area.h, area.w};
	text(c, src, frame, size, min, weight, ALIGN_CENTER, angle, col);
}

static struct dl_path *stroked(struct composer *c, struct color col, double width)
{
	struct dl_path *p = dlist_add_path(c->page, 0);
	dl_path_set_stroke(p, col, width);
	return p;
}

static void line(struct dl_path *p, double x0, double y0, double x1, double y1)
{
	dl_path_move_to(p, x0, y0);
	dl_path_line_to(p, x1, y1);
}

static struct box win_of(const struct tile_layout *t, int r, int c)
{
	return (struct box){t->x[c], t->y[r], t->win_w, t->win_h};
}

static struct dlist *new_sheet(struct composer *c, struct tile_sheets *out, const char *label)
{
	out->pages = xreallocarray(out->pages, out->count + 1, sizeof(*out->pages));
	out->labels = xreallocarray(out->labels, out->count + 1, sizeof(*out->labels));
	out->labels[out->count] = xstrdup(label);
	c->page = &out->pages[out->count++];
	dlist_init(c->page, c->t->sheet_w, c->t->sheet_h, 0);
	return c->page;
}

/* Bold orange marks along each seam over each text of the board it
 * crosses; true when there is any. */
static bool seam_marks(struct composer *c, double x0, double y0, double k)
{
	const struct tile_layout *t = c->t;
	struct dl_path *p = stroked(c, (struct color){0.93, 0.45, 0.05}, 3);
	bool any = false;
	for (size_t i = 0; i < t->ntexts; i++) {
		struct box tb = t->texts[i];
		for (int col = 1; col < t->cols; col++)
			if (t->x_text && t->x_text[col] && t->x[col] > tb.x + 0.5 * MM &&
			    t->x[col] < tb.x + tb.w - 0.5 * MM) {
				line(p, x0 + t->x[col] * k, y0 + tb.y * k, x0 + t->x[col] * k,
				     y0 + (tb.y + tb.h) * k);
				any = true;
			}
		for (int r = 1; r < t->rows; r++)
			if (t->y_text && t->y_text[r] && t->y[r] > tb.y + 0.5 * MM &&
			    t->y[r] < tb.y + tb.h - 0.5 * MM) {
				line(p, x0 + tb.x * k, y0 + t->y[r] * k, x0 + (tb.x + tb.w) * k,
				     y0 + t->y[r] * k);
				any = true;
			}
	}
	return any;
}

/* Each sheet's own part on the map, from its seam to the next one's, with
 * its label. */
static void map_windows(struct composer *c, double x0, double y0, double k)
{
	const struct tile_layout *t = c->t;
	double width = 3; /* the line width the seam marks left */
	for (int r = 0; r < t->rows; r++) {
		for (int col = 0; col < t->cols; col++) {
			struct box w = win_of(t, r, col);
			double x1 = col + 1 < t->cols ? t->x[col + 1] : t->board_w;
			double y1 = r + 1 < t->rows ? t->y[r + 1] : t->board_h;
			struct box own = {x0 + w.x * k, y0 + w.y * k, (x1 - w.x) * k,
			                  (y1 - w.y) * k};
			struct dl_path *p = stroked(c, red, width);
			dl_path_rect(p, own, 0);
			p->dash_mode = DL_DASH_ON_OFF;
			p->dash[0] = 3;
			p->dash[1] = 2;
			char lab[24];
			tile_plan_get_label(r, col, lab, sizeof(lab));
			double lw = fmin(16 * MM, own.w * 0.8), lh = fmin(9 * MM, own.h * 0.5);
			struct box lb = {own.x + (own.w - lw) / 2, own.y + (own.h - lh) / 2, lw,
			                 lh};
			p = stroked(c, red, 0.8);
			dl_path_rect(p, lb, 0);
			dl_path_set_fill(p, (struct color){1, 1, 1});
			p->dash_mode = DL_DASH_SOLID;
			width = 0.8;
			text(c, lab, box_inset(lb, 0.5 * MM), 14, 6, 900, ALIGN_CENTER, 0, red);
		}
	}
}

/* The assembly page: how many sheets, how to join them, and the board with
 * every window on it. */
static void compose_map(struct composer *c, struct tile_sheets *out)
{
	const struct tile_layout *t = c->t;
	new_sheet(c, out, "assembly");
	double m = t->margin + 5 * MM, W = t->sheet_w, H = t->sheet_h;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s: %s", c->tx->heading, c->tx->title);
	text(c, buf_str(&b), (struct box){m, m, W - 2 * m, 11 * MM}, 18, 9, 900, ALIGN_START, 0,
	     ink);
	buf_finish(&b);
	double ty = m + 13 * MM, th = 42 * MM;
	text(c, c->tx->instructions, (struct box){m, ty, W - 2 * m, th}, 10, 6.5, 400, ALIGN_START,
	     0, ink);
	/* the map */
	struct box area = {m, ty + th + 4 * MM, W - 2 * m, H - m - (ty + th + 4 * MM)};
	double k = fmin(area.w / t->board_w, area.h / t->board_h);
	double bw = t->board_w * k, bh = t->board_h * k;
	double x0 = area.x + (area.w - bw) / 2, y0 = area.y;
	dlist_add_inset(c->page, x0, y0, k, (struct box){0, 0, t->board_w, t->board_h});
	dl_path_rect(stroked(c, ink, 0.8), (struct box){x0, y0, bw, bh}, 0);
	/* where seams cross text: the marks, and the note under the map */
	if (seam_marks(c, x0, y0, k) && c->tx->seam_note)
		text(c, c->tx->seam_note, (struct box){m, y0 + bh + 3 * MM, W - 2 * m, 12 * MM}, 10,
		     6.5, 700, ALIGN_START, 0, (struct color){0.75, 0.35, 0.02});
	map_windows(c, x0, y0, k);
}

/* Glue where the right and lower neighbours are laid over this sheet: the
 * shared strip, marked in the bands, with ticks where their edge goes. */
static void glue_marks(struct composer *c, int r, int col, struct buf *b)
{
	const struct tile_layout *t = c->t;
	struct box w = t->window;
	double m = t->margin, top = w.y, bottom = w.y + w.h, left = w.x, right = w.x + w.w;
	struct color glue = {0.82, 0.82, 0.82};
	char other[24];
	if (col + 1 < t->cols) {
		double sx = left + (t->x[col + 1] - t->x[col]);
		struct dl_path *p = dlist_add_path(c->page, 0);
		dl_path_rect(p, (struct box){sx, top - 2.5 * MM, right - sx, 2.5 * MM}, 0);
		dl_path_rect(p, (struct box){sx, bottom, right - sx, 2.5 * MM}, 0);
		dl_path_set_fill(p, glue);
		p = stroked(c, black, LINE);
		line(p, sx, top - TICK, sx, top);
		line(p, sx, bottom, sx, bottom + TICK);
		tile_plan_get_label(r, col + 1, other, sizeof(other));
		buf_clear(b);
		phrasebook_fill(c->tx->glue, &(struct phrase_arg){"tile", other}, 1, b);
		double rw = t->sheet_w - m - right;
		vtext(c, buf_str(b), (struct box){right + 0.5 * MM, top, rw - 0.5 * MM, w.h}, 7, 5,
		      700, PI / 2, ink);
	}
	if (r + 1 < t->rows) {
		double sy = top + (t->y[r + 1] - t->y[r]);
		struct dl_path *p = dlist_add_path(c->page, 0);
		dl_path_rect(p, (struct box){left - 2.5 * MM, sy, 2.5 * MM, bottom - sy}, 0);
		dl_path_rect(p, (struct box){right, sy, 2.5 * MM, bottom - sy}, 0);
		dl_path_set_fill(p, glue);
		p = stroked(c, black, LINE);
		line(p, left - TICK, sy, left, sy);
		line(p, right, sy, right + TICK, sy);
		tile_plan_get_label(r + 1, col, other, sizeof(other));
		buf_clear(b);
		phrasebook_fill(c->tx->glue, &(struct phrase_arg){"tile", other}, 1, b);
		double bh = t->sheet_h - m - bottom;
		text(c, buf_str(b), (struct box){left, bottom + 2.5 * MM, w.w, bh - 2.5 * MM}, 7, 5,
		     700, ALIGN_CENTER, 0, ink);
	}
}

/* Corner ticks on the board's own edges, where the finished board is
 * trimmed: they stop 1 mm short of the bleed. */
static void corner_ticks(struct composer *c, int r, int col)
{
	const struct tile_layout *t = c->t;
	struct box w = t->window;
	double m = t->margin, top = w.y, bottom = w.y + w.h, left = w.x, right = w.x + w.w;
	double gap = 1 * MM + t->bleed;
	struct dl_path *p = stroked(c, black, LINE);
	if (col == 0) {
		line(p, left, m, left, top - gap);
		line(p, left, bottom + gap, left, t->sheet_h - m);
	}
	if (col + 1 == t->cols) {
		line(p, right, m, right, top - gap);
		line(p, right, bottom + gap, right, t->sheet_h - m);
	}
	if (r == 0) {
		line(p, m, top, left - gap, top);
		line(p, right + gap, top, t->sheet_w - m, top);
	}
	if (r + 1 == t->rows) {
		line(p, m, bottom, left - gap, bottom);
		line(p, right + gap, bottom, t->sheet_w - m, bottom);
	}
}

/* The part of the board sheet r, col shows: its window, and the bleed
 * beyond the board's outer edges. */
static struct box shown_part(const struct tile_layout *t, int r, int col)
{
	struct box part = win_of(t, r, col);
	double b = t->bleed;
	if (col == 0)
		part.x -= b, part.w += b;
	if (col + 1 == t->cols)
		part.w += b;
	if (r == 0)
		part.y -= b, part.h += b;
	if (r + 1 == t->rows)
		part.h += b;
	return part;
}

static void compose_tile(struct composer *c, struct tile_sheets *out, int r, int col)
{
	const struct tile_layout *t = c->t;
	char lab[24], other[24];
	tile_plan_get_label(r, col, lab, sizeof(lab));
	new_sheet(c, out, lab);
	struct box w = t->window, win = win_of(t, r, col);
	dlist_add_inset(c->page, w.x - win.x, w.y - win.y, 1, shown_part(t, r, col));
	double m = t->margin, top = w.y, bottom = w.y + w.h, left = w.x, right = w.x + w.w;
	/* the top band holds the label and note, above the bleed of the top row */
	double band_t = top - m - (r == 0 ? t->bleed : 0), band_l = left - m;
	struct buf b;
	buf_init(&b);
	/* the label and the note in the top band */
	text(c, lab, (struct box){left, m, 20 * MM, band_t - 0.5 * MM}, 16, 7, 900, ALIGN_START, 0,
	     ink);
	buf_printf(&b, "%s \u00b7 %s", c->tx->title, c->tx->note);
	/* below a neighbour, the band's lower half says where to cut and what
	 * to lay over, as the left band does for the left neighbour */
	double note_h = r > 0 ? (band_t - 0.5 * MM) / 2 : band_t - 0.5 * MM;
	text(c, buf_str(&b), (struct box){left + 22 * MM, m, w.w - 22 * MM, note_h}, 7, 5, 400,
	     ALIGN_END, 0, grey);
	if (r > 0) {
		tile_plan_get_label(r - 1, col, other, sizeof(other));
		buf_clear(&b);
		phrasebook_fill(c->tx->cut, &(struct phrase_arg){"tile", other}, 1, &b);
		text(c, buf_str(&b),
		     (struct box){left + 22 * MM, m + note_h, w.w - 22 * MM, note_h}, 7, 5, 700,
		     ALIGN_END, 0, ink);
	}
	/* cut where this sheet is laid over its left and upper neighbours:
	 * the window's edge, drawn in the bands */
	if (col > 0) {
		struct dl_path *p = stroked(c, black, LINE);
		line(p, left, m, left, top);
		line(p, left, bottom, left, t->sheet_h - m);
		tile_plan_get_label(r, col - 1, other, sizeof(other));
		buf_clear(&b);
		phrasebook_fill(c->tx->cut, &(struct phrase_arg){"tile", other}, 1, &b);
		vtext(c, buf_str(&b), (struct box){m, top, band_l - 0.5 * MM, w.h}, 7, 5, 700,
		      -PI / 2, ink);
	}
	if (r > 0) {
		struct dl_path *p = stroked(c, black, LINE);
		line(p, m, top, left, top);
		line(p, right, top, t->sheet_w - m, top);
	}
	glue_marks(c, r, col, &b);
	corner_ticks(c, r, col);
	buf_finish(&b);
}

bool tiles_compose(struct tile_sheets *out, const struct tile_layout *t,
                   const struct tile_texts *tx, PangoContext *pango, struct mark where,
                   struct diag *d)
{
	*out = (struct tile_sheets){0};
	struct composer c = {.t = t, .tx = tx, .pango = pango};
	compose_map(&c, out);
	for (int r = 0; r < t->rows; r++)
		for (int col = 0; col < t->cols; col++)
			compose_tile(&c, out, r, col);
	if (c.cut) {
		diag_error(d, where, "text '%s' does not fit its place on the tile sheets", c.cut);
		free(c.cut);
		return false;
	}
	return true;
}

void tile_sheets_finish(struct tile_sheets *s)
{
	for (size_t i = 0; i < s->count; i++) {
		dlist_finish(&s->pages[i]);
		free(s->labels[i]);
	}
	free(s->pages);
	free(s->labels);
	*s = (struct tile_sheets){0};
}

bool tiles_require_texts(struct phrasebook *pb, const char *lang, struct mark at, struct diag *d)
{
	static const enum phrase_key keys[] = {
	        PHRASE_TILES_HEADING, PHRASE_TILES_INSTRUCTIONS, PHRASE_TILES_CUT,
	        PHRASE_TILES_GLUE,    PHRASE_TILES_NOTE,         PHRASE_TILES_SEAM,
	};
	return phrasebook_require(pb, lang, keys, sizeof(keys) / sizeof(keys[0]), at, d);
}
