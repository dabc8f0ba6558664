#include "output/tile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "output/atomic.h"
#include "typeset/fit.h"
#include "typeset/markup.h"
#include "util/buf.h"
#include "util/mem.h"

#define MM PT_PER_MM

/* M_PI is not in C11 */
static const double pi = 3.14159265358979323846;

#define LINE 0.5      /* pt: marks and cut lines */
#define TICK (3 * MM) /* alignment ticks reach this far from the window */

struct sink_tiles {
	struct sink base;
	struct atomic_file file;
	cairo_surface_t *surface;   /* the PDF */
	cairo_surface_t *board;     /* the recorded board; NULL until drawn */
	cairo_surface_t *recording; /* being drawn */
	struct tile_layout t;
	double *x, *y;         /* owned copies */
	bool *x_text, *y_text; /* owned copies; all false when not given */
	struct tile_texts tx;
	PangoContext *pango;
	int pages;
	bool text_cut; /* a text did not fit */
	char *what;    /* which one, for the message; owned */
};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	struct atomic_file *f = closure;
	atomic_write(f, data, len);
	return f->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static const struct color ink = {0.12, 0.16, 0.27};
static const struct color grey = {0.45, 0.45, 0.45};

/* Draws markup text fitted into box, turned by angle about its centre. */
static void text(struct sink_tiles *s, cairo_t *cr, const char *src, struct box box, double size,
                 double min, int weight, enum text_align align, double angle, struct color col)
{
	struct rich r;
	rich_init(&r);
	const char *err;
	size_t off;
	if (!markup_parse(&r, src, 0, &err, &off))
		rich_append_plain(&r, src, strlen(src), 0);
	struct text_style st = {.family = s->tx.family,
	                        .weight = weight,
	                        .size = size,
	                        .min_size = min,
	                        .line_height = 1.15,
	                        .align = align};
	struct fit_result fr;
	if (!fit_text(s->pango, &r, &st, box.w, box.h, &fr) && !s->text_cut) {
		s->text_cut = true;
		s->what = xstrdup(src);
	}
	PangoLayout *l = pango_layout_new(s->pango);
	text_layout_setup(l, &r, &st, fr.size, box.w);
	cairo_save(cr);
	cairo_set_source_rgb(cr, col.r, col.g, col.b);
	cairo_translate(cr, box.x + box.w / 2, box.y + box.h / 2);
	cairo_rotate(cr, angle);
	cairo_move_to(cr, -box.w / 2, -box.h / 2 + (box.h - fr.height) / 2);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	g_object_unref(l);
	rich_finish(&r);
}

/* Text reading up or down a band: area is the band's part of the page. */
static void vtext(struct sink_tiles *s, cairo_t *cr, const char *src, struct box area, double size,
                  double min, int weight, double angle, struct color col)
{
	double cx = area.x + area.w / 2, cy = area.y + area.h / 2;
	struct box frame = {cx - area.h / 2, cy - area.w / 2, area.h, area.w};
	text(s, cr, src, frame, size, min, weight, ALIGN_CENTER, angle, col);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
}

static cairo_t *new_page(struct sink_tiles *s, const char *label)
{
	cairo_pdf_surface_set_size(s->surface, s->t.sheet_w, s->t.sheet_h);
	cairo_pdf_surface_set_page_label(s->surface, label);
	s->pages++;
	return cairo_create(s->surface);
}

static bool end_sheet(struct sink_tiles *s, cairo_t *cr, struct diag *d)
{
	cairo_show_page(cr);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = s->file.path}, "cannot draw page %d: %s",
		           s->pages, cairo_status_to_string(st));
		return false;
	}
	return true;
}

/* The board, scaled by k, with its top-left corner at (x, y), clipped to
 * the part (bx, by, bw, bh) of it. */
static void paint_board(struct sink_tiles *s, cairo_t *cr, double x, double y, double k,
                        struct box part)
{
	cairo_save(cr);
	cairo_rectangle(cr, x + part.x * k, y + part.y * k, part.w * k, part.h * k);
	cairo_clip(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, k, k);
	cairo_set_source_surface(cr, s->board, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

static struct box win_of(const struct sink_tiles *s, int r, int c)
{
	return (struct box){s->x[c], s->y[r], s->t.win_w, s->t.win_h};
}

static void label_of(int r, int c, char *buf, size_t n)
{
	char letters[8];
	int len = 0;
	for (int v = r + 1; v > 0 && len < 7; v = (v - 1) / 26)
		letters[len++] = (char)('A' + (v - 1) % 26);
	char rev[8];
	for (int i = 0; i < len; i++)
		rev[i] = letters[len - 1 - i];
	rev[len] = '\0';
	snprintf(buf, n, "%s%d", rev, c + 1);
}

/* The assembly page: how many sheets, how to join them, and the board with
 * every window on it. */
static bool emit_map(struct sink_tiles *s, struct diag *d)
{
	cairo_t *cr = new_page(s, "assembly");
	double m = s->t.margin + 5 * MM, W = s->t.sheet_w, H = s->t.sheet_h;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s: %s", s->tx.heading, s->tx.title);
	text(s, cr, buf_str(&b), (struct box){m, m, W - 2 * m, 11 * MM}, 18, 9, 900, ALIGN_LEFT, 0,
	     ink);
	buf_finish(&b);
	double ty = m + 13 * MM, th = 42 * MM;
	text(s, cr, s->tx.instructions, (struct box){m, ty, W - 2 * m, th}, 10, 6.5, 400,
	     ALIGN_LEFT, 0, ink);
	/* the map */
	struct box area = {m, ty + th + 4 * MM, W - 2 * m, H - m - (ty + th + 4 * MM)};
	double k = fmin(area.w / s->t.board_w, area.h / s->t.board_h);
	double bw = s->t.board_w * k, bh = s->t.board_h * k;
	double x0 = area.x + (area.w - bw) / 2, y0 = area.y;
	paint_board(s, cr, x0, y0, k, (struct box){0, 0, s->t.board_w, s->t.board_h});
	cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, x0, y0, bw, bh);
	cairo_stroke(cr);
	/* where seams cross text: bold orange marks along the seam over each
	 * such text, and the note under the map */
	bool any = false;
	cairo_set_source_rgb(cr, 0.93, 0.45, 0.05);
	cairo_set_line_width(cr, 3);
	for (size_t i = 0; i < s->t.ntexts; i++) {
		struct box tb = s->t.texts[i];
		for (int c = 1; c < s->t.cols; c++)
			if (s->x_text[c] && s->x[c] > tb.x + 0.5 * MM &&
			    s->x[c] < tb.x + tb.w - 0.5 * MM) {
				line(cr, x0 + s->x[c] * k, y0 + tb.y * k, x0 + s->x[c] * k,
				     y0 + (tb.y + tb.h) * k);
				any = true;
			}
		for (int r = 1; r < s->t.rows; r++)
			if (s->y_text[r] && s->y[r] > tb.y + 0.5 * MM &&
			    s->y[r] < tb.y + tb.h - 0.5 * MM) {
				line(cr, x0 + tb.x * k, y0 + s->y[r] * k, x0 + (tb.x + tb.w) * k,
				     y0 + s->y[r] * k);
				any = true;
			}
	}
	cairo_stroke(cr);
	if (any && s->tx.seam_note)
		text(s, cr, s->tx.seam_note, (struct box){m, y0 + bh + 3 * MM, W - 2 * m, 12 * MM},
		     10, 6.5, 700, ALIGN_LEFT, 0, (struct color){0.75, 0.35, 0.02});
	/* each sheet's own part: from its seam to the next one's */
	for (int r = 0; r < s->t.rows; r++) {
		for (int c = 0; c < s->t.cols; c++) {
			struct box w = win_of(s, r, c);
			double x1 = c + 1 < s->t.cols ? s->x[c + 1] : s->t.board_w;
			double y1 = r + 1 < s->t.rows ? s->y[r + 1] : s->t.board_h;
			struct box own = {x0 + w.x * k, y0 + w.y * k, (x1 - w.x) * k,
			                  (y1 - w.y) * k};
			cairo_set_dash(cr, (double[]){3, 2}, 2, 0);
			cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
			cairo_rectangle(cr, own.x, own.y, own.w, own.h);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			char lab[24];
			label_of(r, c, lab, sizeof(lab));
			double lw = fmin(16 * MM, own.w * 0.8), lh = fmin(9 * MM, own.h * 0.5);
			struct box lb = {own.x + (own.w - lw) / 2, own.y + (own.h - lh) / 2, lw,
			                 lh};
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_rectangle(cr, lb.x, lb.y, lb.w, lb.h);
			cairo_fill_preserve(cr);
			cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
			cairo_set_line_width(cr, 0.8);
			cairo_stroke(cr);
			text(s, cr, lab, box_inset(lb, 0.5 * MM), 14, 6, 900, ALIGN_CENTER, 0,
			     (struct color){0.8, 0.1, 0.1});
		}
	}
	return end_sheet(s, cr, d);
}

static bool emit_tile(struct sink_tiles *s, int r, int c, struct diag *d)
{
	char lab[24], other[24];
	label_of(r, c, lab, sizeof(lab));
	cairo_t *cr = new_page(s, lab);
	struct box w = s->t.window, part = win_of(s, r, c);
	double k = 1;
	paint_board(s, cr, w.x - part.x, w.y - part.y, k, part);
	double m = s->t.margin, top = w.y, bottom = w.y + w.h, left = w.x, right = w.x + w.w;
	double band_t = top - m, band_l = left - m;
	struct buf b;
	buf_init(&b);
	/* the label and the note in the top band */
	text(s, cr, lab, (struct box){left, m, 20 * MM, band_t - 0.5 * MM}, 16, 7, 900, ALIGN_LEFT,
	     0, ink);
	buf_printf(&b, "%s \u00b7 %s", s->tx.title, s->tx.note);
	text(s, cr, buf_str(&b), (struct box){left + 22 * MM, m, w.w - 22 * MM, band_t - 0.5 * MM},
	     7, 5, 400, ALIGN_RIGHT, 0, grey);
	cairo_set_line_width(cr, LINE);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* cut where this sheet is laid over its left and upper neighbours:
	 * the window's edge, drawn in the bands */
	if (c > 0) {
		line(cr, left, m, left, top);
		line(cr, left, bottom, left, s->t.sheet_h - m);
		cairo_stroke(cr);
		label_of(r, c - 1, other, sizeof(other));
		buf_clear(&b);
		buf_printf(&b, s->tx.cut_fmt, other);
		vtext(s, cr, buf_str(&b), (struct box){m, top, band_l - 0.5 * MM, w.h}, 7, 5, 700,
		      -pi / 2, ink);
	}
	if (r > 0) {
		line(cr, m, top, left, top);
		line(cr, right, top, s->t.sheet_w - m, top);
		cairo_stroke(cr);
	}
	/* glue where the right and lower neighbours are laid over this one:
	 * the shared strip, marked in the bands, with ticks where their edge goes */
	struct color glue = {0.82, 0.82, 0.82};
	if (c + 1 < s->t.cols) {
		double sx = left + (s->x[c + 1] - s->x[c]);
		cairo_set_source_rgb(cr, glue.r, glue.g, glue.b);
		cairo_rectangle(cr, sx, top - 2.5 * MM, right - sx, 2.5 * MM);
		cairo_rectangle(cr, sx, bottom, right - sx, 2.5 * MM);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		line(cr, sx, top - TICK, sx, top);
		line(cr, sx, bottom, sx, bottom + TICK);
		cairo_stroke(cr);
		label_of(r, c + 1, other, sizeof(other));
		buf_clear(&b);
		buf_printf(&b, s->tx.glue_fmt, other);
		double rw = s->t.sheet_w - m - right;
		vtext(s, cr, buf_str(&b), (struct box){right + 0.5 * MM, top, rw - 0.5 * MM, w.h},
		      7, 5, 700, pi / 2, ink);
	}
	if (r + 1 < s->t.rows) {
		double sy = top + (s->y[r + 1] - s->y[r]);
		cairo_set_source_rgb(cr, glue.r, glue.g, glue.b);
		cairo_rectangle(cr, left - 2.5 * MM, sy, 2.5 * MM, bottom - sy);
		cairo_rectangle(cr, right, sy, 2.5 * MM, bottom - sy);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		line(cr, left - TICK, sy, left, sy);
		line(cr, right, sy, right + TICK, sy);
		cairo_stroke(cr);
		label_of(r + 1, c, other, sizeof(other));
		buf_clear(&b);
		buf_printf(&b, s->tx.glue_fmt, other);
		double bh = s->t.sheet_h - m - bottom;
		text(s, cr, buf_str(&b), (struct box){left, bottom + 2.5 * MM, w.w, bh - 2.5 * MM},
		     7, 5, 700, ALIGN_CENTER, 0, ink);
	}
	/* corner ticks on the board's own edges, where the finished board is
	 * trimmed */
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (c == 0) {
		line(cr, left, m, left, top - 1 * MM);
		line(cr, left, bottom + 1 * MM, left, s->t.sheet_h - m);
	}
	if (c + 1 == s->t.cols) {
		line(cr, right, m, right, top - 1 * MM);
		line(cr, right, bottom + 1 * MM, right, s->t.sheet_h - m);
	}
	if (r == 0) {
		line(cr, m, top, left - 1 * MM, top);
		line(cr, right + 1 * MM, top, s->t.sheet_w - m, top);
	}
	if (r + 1 == s->t.rows) {
		line(cr, m, bottom, left - 1 * MM, bottom);
		line(cr, right + 1 * MM, bottom, s->t.sheet_w - m, bottom);
	}
	cairo_stroke(cr);
	buf_finish(&b);
	return end_sheet(s, cr, d);
}

static cairo_t *begin_page(struct sink *base, const struct page_spec *p, struct diag *d)
{
	struct sink_tiles *s = (struct sink_tiles *)base;
	if (s->board || s->recording) {
		diag_error(d, (struct mark){.file = s->file.path}, "a tiled board has one page");
		return NULL;
	}
	/* only the trim is tiled: the bleed is for a shop's cutter */
	cairo_rectangle_t ext = {0, 0, p->trim_w, p->trim_h};
	s->recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	return cairo_create(s->recording);
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_tiles *s = (struct sink_tiles *)base;
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s->recording);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = s->file.path}, "cannot draw the board: %s",
		           cairo_status_to_string(st));
		cairo_surface_destroy(s->recording);
		s->recording = NULL;
		return false;
	}
	s->board = s->recording;
	s->recording = NULL;
	return true;
}

static bool finish(struct sink *base, struct diag *d)
{
	struct sink_tiles *s = (struct sink_tiles *)base;
	bool ok = s->board != NULL;
	if (!ok)
		diag_error(d, (struct mark){.file = s->file.path}, "no board to tile");
	ok = ok && emit_map(s, d);
	for (int r = 0; ok && r < s->t.rows; r++)
		for (int c = 0; ok && c < s->t.cols; c++)
			ok = emit_tile(s, r, c, d);
	if (ok && s->text_cut) {
		diag_error(d, (struct mark){.file = s->file.path},
		           "text '%s' does not fit its place on the tile sheets", s->what);
		ok = false;
	}
	cairo_surface_t *surface = s->surface;
	s->surface = NULL;
	return sink_pdf_surface_finish(surface, &s->file, ok, d);
}

static void destroy(struct sink *base)
{
	struct sink_tiles *s = (struct sink_tiles *)base;
	if (s->recording)
		cairo_surface_destroy(s->recording);
	if (s->board)
		cairo_surface_destroy(s->board);
	if (s->surface) {
		cairo_surface_finish(s->surface);
		cairo_surface_destroy(s->surface);
	}
	atomic_abort(&s->file);
	free(s->x);
	free(s->y);
	free(s->x_text);
	free(s->y_text);
	free(s->what);
	free(s);
}

static const struct sink_ops tiles_ops = {begin_page, end_page, finish, destroy};

struct sink *sink_tiles_create(const char *path, const struct pdf_meta *meta,
                               const struct tile_layout *t, const struct tile_texts *tx,
                               PangoContext *pango, struct diag *d)
{
	struct sink_tiles *s = xcalloc(1, sizeof(*s));
	s->base.ops = &tiles_ops;
	if (!atomic_open(&s->file, path, d)) {
		free(s);
		return NULL;
	}
	s->t = *t;
	s->x = xcalloc((size_t)t->cols, sizeof(*s->x));
	s->y = xcalloc((size_t)t->rows, sizeof(*s->y));
	memcpy(s->x, t->x, (size_t)t->cols * sizeof(*s->x));
	memcpy(s->y, t->y, (size_t)t->rows * sizeof(*s->y));
	s->t.x = s->x;
	s->t.y = s->y;
	s->x_text = xcalloc((size_t)t->cols, sizeof(*s->x_text));
	s->y_text = xcalloc((size_t)t->rows, sizeof(*s->y_text));
	if (t->x_text)
		memcpy(s->x_text, t->x_text, (size_t)t->cols * sizeof(*s->x_text));
	if (t->y_text)
		memcpy(s->y_text, t->y_text, (size_t)t->rows * sizeof(*s->y_text));
	s->t.x_text = s->x_text;
	s->t.y_text = s->y_text;
	s->tx = *tx;
	s->pango = pango;
	s->surface = sink_pdf_surface_create(write_cb, &s->file, t->sheet_w, t->sheet_h, meta);
	return &s->base;
}
