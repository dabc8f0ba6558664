#include "output/sink.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cairo-pdf.h>

#include "output/atomic.h"
#include "output/impose.h"
#include "render/paint.h"
#include "util/buf.h"
#include "util/geom.h"
#include "util/mem.h"

#define MM PT_PER_MM

/* Cut marks at the usual crop-mark weight: an inkjet still draws it solid,
 * and it is too thin to blur where the eye puts the cut. */
#define MARK_WIDTH 0.3
/* How far a mark keeps from any card's bleed (and from the note) ... */
#define MARK_CLEAR (0.5 * MM)
/* ... and, in the margins, from the outer cards: crop marks that start
 * right at the card show as a stub on the card when the cut is off. */
#define MARK_OFFSET (1.0 * MM)
/* Shorter pieces are specks, not marks. */
#define MARK_MIN (1.0 * MM)
/* Dashed, so the fold line never reads as a cut mark. */
static const double fold_dash[] = {1.5 * MM, 1.0 * MM};

/* The alignment test: crosses at the card corners, rings on the back. */
#define CROSS_ARM (2.5 * MM)
#define RING_STEP (1.0 * MM)
#define RINGS 3

#define EPS 0.01 /* pt: positions closer than this are the same line */

/* One card on the sheet being collected. */
struct slot {
	cairo_surface_t *face[2]; /* recorded front [0] and back [1]; NULL until drawn */
	char *outline;            /* bookmark of the card; may be NULL */
};

struct sink_sheets {
	struct sink base;
	struct atomic_file file;
	struct atomic_file raw;   /* what cairo writes, finished at the end */
	const char *date;         /* borrowed from the meta */
	cairo_surface_t *surface; /* the PDF */
	struct impose_plan plan;
	enum duplex duplex;
	double trim_w, trim_h;
	double bleed; /* the plan's: faces are clipped to trim grown by it */
	double margin;
	struct sheet_overlays ov;   /* borrowed; all NULL when not given */
	bool alignment_test;        /* still to be emitted */
	bool turn_backs;            /* see sink_sheets_create() */
	struct slot *slots;         /* plan.per_sheet of them */
	int used;                   /* slots holding a card on the sheet being collected */
	int sheets, pages;          /* emitted so far */
	cairo_surface_t *recording; /* the face being drawn; NULL between pages */
	int rec_slot, rec_side;     /* where it goes */
};

static struct box grow(struct box b, double d)
{
	return box_inset(b, -d);
}

/* ---- drawing helpers ---- */

/* Paints a recorded face with its trim box at b, clipped to the plan's
 * bleed. Turned faces are rotated by 180° (not mirrored) inside the box. */
static void paint_face(cairo_t *cr, cairo_surface_t *face, struct box b, double bleed, bool turned)
{
	cairo_save(cr);
	struct box clip = grow(b, bleed);
	cairo_rectangle(cr, clip.x, clip.y, clip.w, clip.h);
	cairo_clip(cr);
	if (turned) {
		cairo_translate(cr, b.x + b.w, b.y + b.h);
		cairo_scale(cr, -1, -1);
	} else {
		cairo_translate(cr, b.x, b.y);
	}
	cairo_set_source_surface(cr, face, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

struct span {
	double a, b;
};

static int cmp_span(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;
	return (a->a > b->a) - (a->a < b->a);
}

/* Adds to the path the pieces of the line at pos (x of a vertical line, y
 * of a horizontal one) between lo and hi that keep clear of every blocker.
 * A piece that runs from the margin to a card stops MARK_OFFSET short of
 * it; pieces between two blockers are the ticks in the gaps. */
static void add_free_line(cairo_t *cr, bool vertical, double pos, double lo, double hi,
                          const struct box *block, size_t nblock)
{
	struct span *sp = xcalloc(nblock ? nblock : 1, sizeof(*sp));
	size_t n = 0;
	for (size_t i = 0; i < nblock; i++) {
		struct box b = block[i];
		double c0 = vertical ? b.x : b.y, c1 = c0 + (vertical ? b.w : b.h);
		if (pos <= c0 || pos >= c1)
			continue;
		sp[n].a = vertical ? b.y : b.x;
		sp[n].b = sp[n].a + (vertical ? b.h : b.w);
		n++;
	}
	qsort(sp, n, sizeof(*sp), cmp_span);
	double cur = lo;
	for (size_t i = 0; i <= n; i++) {
		double a = cur, b = i < n ? fmin(sp[i].a, hi) : hi;
		if (i < n)
			cur = fmax(cur, sp[i].b);
		/* a 2 mm gap leaves exactly MARK_MIN, give or take rounding */
		if (b - a < MARK_MIN - 1e-6)
			continue;
		bool from_margin = a <= lo, to_margin = b >= hi;
		if (from_margin && !to_margin)
			b -= MARK_OFFSET - MARK_CLEAR;
		else if (to_margin && !from_margin)
			a += MARK_OFFSET - MARK_CLEAR;
		if (b - a < MARK_MIN - 1e-6)
			continue;
		if (vertical) {
			cairo_move_to(cr, pos, a);
			cairo_line_to(cr, pos, b);
		} else {
			cairo_move_to(cr, a, pos);
			cairo_line_to(cr, b, pos);
		}
	}
	free(sp);
}

/* Appends v to the set *xs unless a position within EPS is in it. */
static void add_pos(double *xs, size_t *n, double v)
{
	for (size_t i = 0; i < *n; i++)
		if (fabs(xs[i] - v) < EPS)
			return;
	xs[(*n)++] = v;
}

/* What the marks of one page keep clear of, and where they go. */
struct page_marks {
	const struct box *cards; /* the occupied slots on this page (trim boxes) */
	size_t ncards;
	const struct box *slots; /* every slot on this page, empty ones too */
	size_t nslots;
	const struct box *note; /* may be NULL */
	double fold_x, fold_y;  /* -1 if none */
};

/* Cut marks on the extensions of every edge of the occupied cards: in the
 * margins (from MARK_OFFSET outside the outer cards to the margin line, never
 * to the paper's edge) and, where a gap leaves room, as ticks in the gaps.
 * Nothing crosses a slot or its bleed, so a mark never prints on a card. The
 * fold line, dashed, goes wherever a cut mark could. */
static void draw_marks(struct sink_sheets *s, cairo_t *cr, const struct page_marks *pm)
{
	double W = s->plan.sheet_w, H = s->plan.sheet_h, m = s->margin;
	size_t nblock = pm->nslots + 1;
	struct box *block = xcalloc(nblock, sizeof(*block));
	for (size_t i = 0; i < pm->nslots; i++)
		block[i] = grow(pm->slots[i], s->bleed + MARK_CLEAR);
	if (pm->note)
		block[pm->nslots] = grow(*pm->note, MARK_CLEAR);
	else
		nblock--;

	double *xs = xcalloc(2 * pm->ncards + 1, sizeof(*xs));
	double *ys = xcalloc(2 * pm->ncards + 1, sizeof(*ys));
	size_t nx = 0, ny = 0;
	for (size_t i = 0; i < pm->ncards; i++) {
		struct box b = pm->cards[i];
		add_pos(xs, &nx, b.x);
		add_pos(xs, &nx, b.x + b.w);
		add_pos(ys, &ny, b.y);
		add_pos(ys, &ny, b.y + b.h);
	}

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, MARK_WIDTH);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_new_path(cr);
	for (size_t i = 0; i < nx; i++)
		/* the edge on the fold is folded, not cut */
		if (!(pm->fold_x >= 0 && fabs(xs[i] - pm->fold_x) < EPS))
			add_free_line(cr, true, xs[i], m, H - m, block, nblock);
	for (size_t i = 0; i < ny; i++)
		if (!(pm->fold_y >= 0 && fabs(ys[i] - pm->fold_y) < EPS))
			add_free_line(cr, false, ys[i], m, W - m, block, nblock);
	cairo_stroke(cr);

	if (pm->fold_x >= 0 || pm->fold_y >= 0) {
		cairo_set_dash(cr, fold_dash, 2, 0);
		if (pm->fold_x >= 0)
			add_free_line(cr, true, pm->fold_x, m, H - m, block, nblock);
		if (pm->fold_y >= 0)
			add_free_line(cr, false, pm->fold_y, m, W - m, block, nblock);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
	free(xs);
	free(ys);
	free(block);
}

/* ---- pages ---- */

/* A text that layout set for the sheet (see struct sheet_overlays). */
static void paint_overlay(struct sink_sheets *s, cairo_t *cr, const struct dlist *l)
{
	if (l && s->ov.pc)
		paint_page(cr, l, s->ov.pc);
}

static cairo_t *new_page(struct sink_sheets *s, const char *label)
{
	/* every sheet has the size the surface was made with: no resize,
	 * which would cut the clip to whole points (sink_pdf_resize()) */
	cairo_pdf_surface_set_page_label(s->surface, label);
	s->pages++;
	return cairo_create(s->surface);
}

static bool end_sheet_page(struct sink_sheets *s, cairo_t *cr, struct diag *d)
{
	return sink_pdf_show_page(cr, s->file.path, s->pages, d);
}

static void draw_cross(cairo_t *cr, double x, double y)
{
	cairo_move_to(cr, x - CROSS_ARM, y);
	cairo_line_to(cr, x + CROSS_ARM, y);
	cairo_move_to(cr, x, y - CROSS_ARM);
	cairo_line_to(cr, x, y + CROSS_ARM);
}

static void draw_corners(cairo_t *cr, const struct box *b, size_t n, bool rings)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, MARK_WIDTH);
	cairo_new_path(cr);
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 4; k++) {
			double x = b[i].x + (k & 1 ? b[i].w : 0), y = b[i].y + (k & 2 ? b[i].h : 0);
			draw_cross(cr, x, y);
			for (int r = 1; rings && r <= RINGS; r++) {
				cairo_new_sub_path(cr);
				cairo_arc(cr, x, y, r * RING_STEP, 0, 2 * PI);
			}
		}
	}
	cairo_stroke(cr);
	/* the card outlines, faint, so the test sheet reads as the real one */
	cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
	for (size_t i = 0; i < n; i++)
		cairo_rectangle(cr, b[i].x, b[i].y, b[i].w, b[i].h);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* One sheet pair: crosses at every card corner on the front, the same
 * crosses ringed at the back's corners, so after duplex printing a shift
 * of the back side shows against the light, and how large it is. */
static bool emit_alignment(struct sink_sheets *s, struct diag *d)
{
	const struct impose_plan *p = &s->plan;
	size_t n = (size_t)p->per_sheet;
	cairo_t *cr = new_page(s, "alignment test front");
	draw_corners(cr, p->front, n, false);
	paint_overlay(s, cr, s->ov.test_front);
	bool ok = end_sheet_page(s, cr, d);
	cr = new_page(s, "alignment test back");
	draw_corners(cr, p->back, n, true);
	paint_overlay(s, cr, s->ov.test_back);
	ok = end_sheet_page(s, cr, d) && ok;
	return ok;
}

static void clear_slots(struct sink_sheets *s)
{
	for (int i = 0; i < s->used; i++) {
		for (int k = 0; k < 2; k++)
			if (s->slots[i].face[k])
				cairo_surface_destroy(s->slots[i].face[k]);
		free(s->slots[i].outline);
		s->slots[i] = (struct slot){0};
	}
	s->used = 0;
}

/* Emits the collected cards: the front sheet, then (unless folding) the back
 * sheet; empty slots stay blank and get no marks. */
static bool emit_sheet(struct sink_sheets *s, struct diag *d)
{
	const struct impose_plan *p = &s->plan;
	bool ok = true;
	if (s->alignment_test) {
		s->alignment_test = false;
		ok = emit_alignment(s, d);
	}
	if (s->used == 0)
		return ok;
	size_t used = (size_t)s->used, all = (size_t)p->per_sheet;
	bool fold = s->duplex == DUPLEX_FOLD;
	s->sheets++;
	struct buf label;
	buf_init(&label);

	buf_printf(&label, fold ? "sheet %d" : "sheet %d front", s->sheets);
	cairo_t *cr = new_page(s, buf_str(&label));
	for (size_t i = 0; i < used; i++) {
		if (s->slots[i].face[0])
			paint_face(cr, s->slots[i].face[0], p->front[i], s->bleed, false);
		if (fold && s->slots[i].face[1])
			paint_face(cr, s->slots[i].face[1], p->back[i], s->bleed, s->turn_backs);
		if (s->slots[i].outline) {
			char dest[32];
			snprintf(dest, sizeof(dest), "page=%d", s->pages);
			cairo_pdf_surface_add_outline(s->surface, CAIRO_PDF_OUTLINE_ROOT,
			                              s->slots[i].outline, dest, 0);
		}
	}
	/* for folding, one page holds both halves */
	struct box *cards = xcalloc(2 * all, sizeof(*cards));
	struct box *slots = xcalloc(2 * all, sizeof(*slots));
	size_t ncards = 0, nslots = 0;
	for (size_t i = 0; i < all; i++) {
		slots[nslots++] = p->front[i];
		if (fold)
			slots[nslots++] = p->back[i];
		if (i < used) {
			cards[ncards++] = p->front[i];
			if (fold)
				cards[ncards++] = p->back[i];
		}
	}
	paint_overlay(s, cr, s->ov.note);
	struct page_marks pm = {
	        cards,     ncards,   slots, nslots, s->ov.note ? &s->ov.note_at : NULL,
	        p->fold_x, p->fold_y};
	draw_marks(s, cr, &pm);
	ok = end_sheet_page(s, cr, d) && ok;

	if (!fold) {
		buf_clear(&label);
		buf_printf(&label, "sheet %d back", s->sheets);
		cr = new_page(s, buf_str(&label));
		for (size_t i = 0; i < used; i++)
			if (s->slots[i].face[1])
				paint_face(cr, s->slots[i].face[1], p->back[i], s->bleed,
				           s->turn_backs);
		/* no note: the front says it, and a back stays clean */
		pm = (struct page_marks){p->back, used, p->back, all, NULL, -1, -1};
		draw_marks(s, cr, &pm);
		ok = end_sheet_page(s, cr, d) && ok;
	}
	free(cards);
	free(slots);
	buf_finish(&label);
	clear_slots(s);
	return ok;
}

/* ---- sink operations ---- */

static cairo_t *begin_page(struct sink *base, const struct page_spec *p, struct diag *d)
{
	struct sink_sheets *s = (struct sink_sheets *)base;
	if (fabs(p->trim_w - s->trim_w) > EPS || fabs(p->trim_h - s->trim_h) > EPS) {
		diag_error(d, (struct mark){.file = s->file.path},
		           "face '%s' is %.1f x %.1f mm; the sheets hold cards of %.1f x %.1f mm",
		           p->label ? p->label : "", p->trim_w / MM, p->trim_h / MM, s->trim_w / MM,
		           s->trim_h / MM);
		return NULL;
	}
	int side = p->back ? 1 : 0;
	/* a face belongs to the card of the face before it unless that card
	 * already has this side (fronts and backs come in pairs) */
	int slot = s->used - 1;
	if (slot < 0 || s->slots[slot].face[side] || !s->slots[slot].face[!side]) {
		if (s->used == s->plan.per_sheet && !emit_sheet(s, d))
			return NULL;
		slot = s->used++;
	}
	if (p->outline && !s->slots[slot].outline)
		s->slots[slot].outline = xstrdup(p->outline);
	double b = p->bleed;
	cairo_rectangle_t ext = {-b, -b, p->trim_w + 2 * b, p->trim_h + 2 * b};
	s->recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	s->rec_slot = slot;
	s->rec_side = side;
	return cairo_create(s->recording);
}

static bool end_page(struct sink *base, cairo_t *cr, struct diag *d)
{
	struct sink_sheets *s = (struct sink_sheets *)base;
	cairo_status_t st = sink_end_recording(cr, s->recording);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = s->file.path},
		           "cannot draw card %d of sheet %d: %s", s->rec_slot + 1, s->sheets + 1,
		           cairo_status_to_string(st));
		s->recording = NULL;
		return false;
	}
	s->slots[s->rec_slot].face[s->rec_side] = s->recording;
	s->recording = NULL;
	return true;
}

static bool finish(struct sink *base, struct diag *d)
{
	struct sink_sheets *s = (struct sink_sheets *)base;
	bool ok = emit_sheet(s, d);
	cairo_surface_t *surface = s->surface;
	s->surface = NULL;
	return sink_pdf_finish_plain(surface, &s->raw, s->date, &s->file, ok, d);
}

static void destroy(struct sink *base)
{
	struct sink_sheets *s = (struct sink_sheets *)base;
	if (s->recording)
		cairo_surface_destroy(s->recording);
	clear_slots(s);
	free(s->slots);
	sink_pdf_surface_discard(s->surface);
	atomic_abort(&s->file);
	atomic_abort(&s->raw);
	impose_plan_finish(&s->plan);
	free(s);
}

static const struct sink_ops sheets_ops = {begin_page, end_page, finish, destroy};

double sink_sheets_mark_room(void)
{
	/* a mark in the margin stops MARK_OFFSET short of the card's bleed and
	 * is drawn only when at least MARK_MIN long (add_free_line()) */
	return MARK_OFFSET + MARK_MIN;
}

struct sink *sink_sheets_create(const char *path, const struct pdf_meta *meta,
                                const struct impose_options *o, double trim_w, double trim_h,
                                const struct sheet_overlays *ov, bool alignment_test,
                                struct diag *d)
{
	struct impose_plan plan;
	const char *err;
	if (!impose_plan(&plan, trim_w, trim_h, o, &err)) {
		diag_error(d, (struct mark){0}, "cannot lay out '%s': %s", path, err);
		return NULL;
	}
	struct sink_sheets *s = xcalloc(1, sizeof(*s));
	s->base.ops = &sheets_ops;
	s->plan = plan;
	if (!atomic_open(&s->file, path, d) || !atomic_open(&s->raw, path, d)) {
		atomic_abort(&s->file);
		impose_plan_finish(&s->plan);
		free(s);
		return NULL;
	}
	s->duplex = o->duplex;
	s->trim_w = trim_w;
	s->trim_h = trim_h;
	s->bleed = o->bleed;
	s->margin = o->margin;
	if (ov)
		s->ov = *ov;
	/* only a printer that prints the back side has a back side to shift */
	s->alignment_test =
	        alignment_test && (o->duplex == DUPLEX_LONG || o->duplex == DUPLEX_SHORT);
	/* A card's back is upright when the card is turned over about its
	 * vertical axis, like a book page, whatever the sheet did. Where the
	 * sheet turns about its horizontal axis instead (long edge of landscape
	 * paper, short edge of portrait paper, a fold across), that upright back
	 * is upside down on the back page, so it is drawn turned by 180°. */
	bool landscape = plan.sheet_w > plan.sheet_h;
	s->turn_backs = (o->duplex == DUPLEX_LONG && landscape) ||
	                (o->duplex == DUPLEX_SHORT && !landscape) ||
	                (o->duplex == DUPLEX_FOLD && plan.fold_y >= 0);
	s->slots = xcalloc((size_t)plan.per_sheet, sizeof(*s->slots));

	s->date = meta->date;
	s->surface = sink_pdf_surface_create(atomic_write_cairo, &s->raw, plan.sheet_w,
	                                     plan.sheet_h, meta);
	return &s->base;
}
