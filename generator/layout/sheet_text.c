#include "layout/sheet_text.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "typeset/fit.h"

#define MM PT_PER_MM

#define FAMILY "Lato"
#define NOTE_SIZE 6.5 /* pt: readable, and small enough for any margin */
#define INSTRUCTION_SIZE 8.0
/* between the cards' bleed and the note */
#define NOTE_OFFSET (1.0 * MM)

/* A context that measures as a layout made for a PDF page's cairo_t: the
 * fonts' map, the PDF surface's font options, and Pango's default of
 * rounded glyph positions. Caller unrefs. */
static PangoContext *page_context(PangoContext *ctx)
{
	PangoContext *c = pango_font_map_create_context(pango_context_get_font_map(ctx));
	cairo_font_options_t *o = cairo_font_options_create();
	cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(c, o);
	cairo_font_options_destroy(o);
	return c;
}

/* The logical box of text set plain at size, wrapped at width (0: not). */
static struct box measure(PangoContext *c, const char *text, double size, double width)
{
	PangoLayout *l = pango_layout_new(c);
	text_layout_setup_plain(l, text, FAMILY, size, width);
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	g_object_unref(l);
	return (struct box){pango_units_to_double(r.x), pango_units_to_double(r.y),
	                    pango_units_to_double(r.width), pango_units_to_double(r.height)};
}

static struct dl_text *add_plain(struct dlist *out, const char *text, double size, double width,
                                 struct color col)
{
	struct dl_text *t = dlist_add_text(out);
	rich_append_plain(&t->rich, text, strlen(text), 0);
	t->style = (struct text_style){.family = FAMILY, .size = size};
	t->setup = DL_SETUP_PLAIN;
	t->place = DL_PLACE_ORIGIN;
	t->width = width;
	t->color = col;
	return t;
}

/* The bounding box of the slots grown by the bleed. */
static struct box bounds(const struct sheet_frame *f)
{
	struct box u = box_inset(f->slots[0], -f->bleed);
	for (size_t i = 1; i < f->nslots; i++) {
		struct box b = box_inset(f->slots[i], -f->bleed);
		double x0 = fmin(u.x, b.x), y0 = fmin(u.y, b.y);
		double x1 = fmax(u.x + u.w, b.x + b.w), y1 = fmax(u.y + u.h, b.y + b.h);
		u = (struct box){x0, y0, x1 - x0, y1 - y0};
	}
	return u;
}

void sheet_text_note(struct dlist *out, struct box *at, const struct phrasebook *pb,
                     const char *lang, const struct sheet_frame *f, PangoContext *ctx)
{
	*at = (struct box){0};
	const char *text = phrasebook_get(pb, lang, PHRASE_SHEETS_NOTE, NULL);
	if (!text || !*text)
		return;
	PangoContext *c = page_context(ctx);
	double W = f->sheet_w, H = f->sheet_h, m = f->margin, need = NOTE_OFFSET;
	struct box cards = bounds(f);
	double width = 0;
	struct box lb = measure(c, text, NOTE_SIZE, 0);
	/* wrap only what does not fit across the paper */
	if (lb.w > W - 2 * m) {
		width = W - 2 * m;
		lb = measure(c, text, NOTE_SIZE, width);
	}
	/* centred, except that a fold line down the middle would cut through
	 * it: then in the middle of the fronts' half, if it fits there */
	double x = (W - lb.w) / 2, fold = f->fold_x;
	if (fold >= 0 && lb.w <= fold - m - need)
		x = m + (fold - need - m - lb.w) / 2;
	bool rotated = false;
	if ((H - m) - (cards.y + cards.h) >= lb.h + need) {
		*at = (struct box){x, H - m - lb.h, lb.w, lb.h};
	} else if (cards.y - m >= lb.h + need) {
		*at = (struct box){x, m, lb.w, lb.h};
	} else {
		double rwidth = lb.w > H - 2 * m ? H - 2 * m : 0;
		struct box rb = measure(c, text, NOTE_SIZE, rwidth);
		if (cards.x - m >= rb.h + need) {
			*at = (struct box){m, (H - rb.w) / 2, rb.h, rb.w};
			rotated = true;
		} else if ((W - m) - (cards.x + cards.w) >= rb.h + need) {
			*at = (struct box){W - m - rb.h, (H - rb.w) / 2, rb.h, rb.w};
			rotated = true;
		} else {
			*at = (struct box){x, H - m + (m - lb.h) / 2, lb.w, lb.h};
		}
		if (rotated) {
			width = rwidth;
			lb = rb;
		}
	}
	g_object_unref(c);
	struct dl_text *t = add_plain(out, text, NOTE_SIZE, width, (struct color){0.4, 0.4, 0.4});
	/* reading upwards: the layout's x runs up the page */
	t->box = rotated ? (struct box){at->x, at->y + at->h, 0, 0}
	                 : (struct box){at->x, at->y, 0, 0};
	t->angle = rotated ? -PI / 2 : 0;
	t->offset = true;
	t->off_x = -lb.x;
	t->off_y = -lb.y;
}

void sheet_text_alignment(struct dlist *out, struct box slot, bool back, bool short_edge,
                          const struct phrasebook *pb, const char *lang, PangoContext *ctx)
{
	enum phrase_key p = back         ? PHRASE_SHEETS_ALIGNMENT_BACK
	                    : short_edge ? PHRASE_SHEETS_ALIGNMENT_SHORT
	                                 : PHRASE_SHEETS_ALIGNMENT_LONG;
	const char *text = phrasebook_get(pb, lang, p, NULL);
	if (!text)
		return;
	double inset = 4 * MM, width = slot.w - 2 * inset;
	PangoContext *c = page_context(ctx);
	struct box lb = measure(c, text, INSTRUCTION_SIZE, width);
	g_object_unref(c);
	struct dl_text *t = add_plain(out, text, INSTRUCTION_SIZE, width, (struct color){0, 0, 0});
	t->box = (struct box){slot.x + inset, slot.y + (slot.h - lb.h) / 2 - lb.y, 0, 0};
}

bool sheet_text_require(struct phrasebook *pb, const char *lang, bool alignment_test,
                        bool short_edge, struct mark at, struct diag *d)
{
	enum phrase_key keys[3] = {PHRASE_SHEETS_NOTE};
	size_t n = 1;
	if (alignment_test) {
		keys[n++] =
		        short_edge ? PHRASE_SHEETS_ALIGNMENT_SHORT : PHRASE_SHEETS_ALIGNMENT_LONG;
		keys[n++] = PHRASE_SHEETS_ALIGNMENT_BACK;
	}
	return phrasebook_require(pb, lang, keys, n, at, d);
}
