/* Preflight: what only the chosen outputs can find wrong, before anything
 * is written. PDF/X-3 prints a transparent image's page as a bitmap and
 * needs a real ICC profile. */
#include "build/item.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/mem.h"

void preflight_alpha(const struct item_ctx *ctx, const char *path, struct mark m)
{
	if (path && (ctx->formats & FORMAT_PDFX) && image_cache_has_alpha(ctx->images, path))
		diag_error(
		        ctx->diag, m,
		        "image '%s' is transparent, and PDF/X-3 would print its page as a bitmap; "
		        "flatten it onto an opaque background",
		        path);
}

bool preflight_image(const struct item_ctx *ctx, const char *path, struct mark m, bool alpha)
{
	if (!image_cache_load(ctx->images, path, m, ctx->diag))
		return false;
	if (alpha)
		preflight_alpha(ctx, path, m);
	return true;
}

#define PNG_SIDE_MAX 32767.0
#define PNG_PIXELS_MAX (2147483647.0 / 4)

void preflight_png_size(const struct item_ctx *ctx, double w, double h, double dpi,
                        const char *what, struct mark m)
{
	if (!(ctx->formats & FORMAT_PNG))
		return;
	/* as sink_png rounds them */
	double pw = round(w * dpi / PT_PER_IN), ph = round(h * dpi / PT_PER_IN);
	if (pw <= PNG_SIDE_MAX && ph <= PNG_SIDE_MAX && pw * ph <= PNG_PIXELS_MAX)
		return;
	diag_error(ctx->diag, m,
	           "a %.4g x %.4g mm %s is %.0f x %.0f pixels at %g dpi, more than a PNG preview "
	           "can hold (32767 pixels a side, 536 million in all); use a lower --dpi or a "
	           "--format without png",
	           w / PT_PER_MM, h / PT_PER_MM, what, pw, ph, dpi);
}

/* Where the build put the ICC profiles it made: DECKPRESS_ICC_DIR, else
 * the build folder. */
static const char *built_icc_dir(void)
{
	const char *env = getenv("DECKPRESS_ICC_DIR");
	return env && *env ? env : DECKPRESS_ICC_DIR;
}

void preflight_icc(const struct item_ctx *ctx)
{
	const struct profile *pr = ctx->kit->profile;
	const struct printing_condition *pc = pr->printing;
	if (!(ctx->formats & FORMAT_PDFX))
		return;
	if (pc && !pr->icc && pc->ink_limit > pr->ink_limit * 100 + 0.5)
		diag_error(ctx->diag, pr->printing_mark,
		           "the ICC profile of %s is made for %d%% ink, more than the profile's "
		           "ink-limit of %g%%; name the shop's own profile with 'icc:'",
		           pc->id, pc->ink_limit, pr->ink_limit * 100);
	if (pc && !pr->icc) {
		struct buf path;
		buf_init(&path);
		buf_printf(&path, "%s/%s", built_icc_dir(), pc->file);
		if (access(buf_str(&path), R_OK) != 0)
			diag_error(ctx->diag, pr->printing_mark,
			           "the ICC profile of %s, '%s', is missing: 'make' builds it from "
			           "Debian's icc-profiles-free with ArgyllCMS",
			           pc->id, buf_str(&path));
		buf_finish(&path);
	}
	if (!pr->icc)
		return;
	char *desc = pdfx_icc_description(pr->icc);
	if (!desc)
		diag_error(ctx->diag, pr->icc_mark, "'%s' is not an ICC profile", pr->icc);
	free(desc);
}

struct pdfx_options preflight_pdfx_options(const struct item_ctx *ctx, const char *title)
{
	const struct profile *pr = ctx->kit->profile;
	const struct printing_condition *pc = pr->icc ? NULL : pr->printing;
	return (struct pdfx_options){
	        .icc_path = pr->icc,
	        .icc_dir = pc ? built_icc_dir() : NULL,
	        .icc_name = pc ? pc->file : NULL,
	        .condition_id = pr->condition_id ? pr->condition_id
	                        : pc             ? pc->id
	                                         : NULL,
	        .condition = pr->condition ? pr->condition
	                     : pc          ? pc->condition
	                                   : NULL,
	        .title = title,
	        .epoch = sink_get_epoch(),
	        .ink_limit = pr->ink_limit,
	        .rich_black = pr->has_rich_black ? pr->rich_black : NULL,
	        .rich_black_min = pr->rich_black_min,
	};
}

/* The effective resolution of a raster image of pw × ph pixels drawn in a
 * w × h point box (fit: as large as fits; cover: filling the box). */
static double effective_ppi(double pw, double ph, double w, double h, bool cover)
{
	double sx = w / pw, sy = h / ph; /* points per pixel */
	double s = cover ? fmax(sx, sy) : fmin(sx, sy);
	return s > 0 ? PT_PER_IN / s : INFINITY;
}

#define MAX_GROUPS 32

void preflight_images(const struct item_ctx *ctx, const struct dlist *dl, struct mark m,
                      const char *what, struct preflight_found *found)
{
	const struct profile *pr = ctx->kit->profile;
	double scale[MAX_GROUPS + 1][2] = {{1, 1}};
	int depth = 0, skipped = 0;
	for (size_t i = 0; i < dl->count; i++) {
		const struct dl_op *op = &dl->ops[i];
		if (op->kind == DL_GROUP) {
			if (depth == MAX_GROUPS) {
				skipped++;
				continue;
			}
			const struct dl_group *g = &op->u.group;
			scale[depth + 1][0] = scale[depth][0] * (g->transform ? fabs(g->sx) : 1);
			scale[depth + 1][1] = scale[depth][1] * (g->transform ? fabs(g->sy) : 1);
			depth++;
		} else if (op->kind == DL_END) {
			if (skipped)
				skipped--;
			else if (depth > 0)
				depth--;
		} else if (op->kind == DL_IMAGE) {
			const struct dl_image *im = &op->u.image;
			double pw, ph;
			if (!image_cache_get_pixels(ctx->images, im->path, &pw, &ph) || pw <= 0 ||
			    ph <= 0)
				continue;
			double w = im->box.w * scale[depth][0], h = im->box.h * scale[depth][1];
			double ppi = effective_ppi(pw, ph, w, h, im->cover);
			found->images++;
			found->min_ppi = fmin(found->min_ppi, ppi);
			if (ppi >= pr->min_ppi)
				continue;
			bool error = ppi < pr->reject_ppi;
			(error ? diag_error
			       : diag_warning)(ctx->diag, im->mark.file ? im->mark : m,
			                       "%s: image '%s' (%.0f x %.0f px) placed in %.1f x "
			                       "%.1f mm is %.0f ppi, "
			                       "under the %s %g ppi of profile '%s'",
			                       what, im->path, pw, ph, w / PT_PER_MM, h / PT_PER_MM,
			                       ppi, error ? "least" : "recommended",
			                       error ? pr->reject_ppi : pr->min_ppi, pr->id);
		}
	}
}

/* ---- the finest marks: small text and thin lines ---- */

/* Where an operation lands on the page: page = s × local + t. */
struct place {
	double tx, ty, sx, sy;
	const char *figure;
};

static double luminance(struct color c)
{
	return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

/* The page box of a path's segments (a curve's control points included). */
static struct box path_bounds(const struct dl_path *p, const struct place *pl)
{
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	for (size_t i = 0; i < p->nsegs; i++) {
		const struct dl_seg *s = &p->segs[i];
		double pts[3][2];
		int n = 0;
		switch (s->kind) {
		case DL_SEG_MOVE:
		case DL_SEG_LINE:
			pts[n][0] = s->v[0], pts[n++][1] = s->v[1];
			break;
		case DL_SEG_CURVE:
			for (int k = 0; k < 3; k++)
				pts[n][0] = s->v[2 * k], pts[n++][1] = s->v[2 * k + 1];
			break;
		case DL_SEG_ARC:
			pts[n][0] = s->v[0] - s->v[2], pts[n++][1] = s->v[1] - s->v[2];
			pts[n][0] = s->v[0] + s->v[2], pts[n++][1] = s->v[1] + s->v[2];
			break;
		case DL_SEG_RECT:
		case DL_SEG_ELLIPSE:
			pts[n][0] = s->v[0], pts[n++][1] = s->v[1];
			pts[n][0] = s->v[0] + s->v[2], pts[n++][1] = s->v[1] + s->v[3];
			break;
		case DL_SEG_CLOSE:
			break;
		}
		for (int k = 0; k < n; k++) {
			double x = pl->tx + pl->sx * pts[k][0], y = pl->ty + pl->sy * pts[k][1];
			x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
		}
	}
	return (struct box){x0, y0, x1 - x0, y1 - y0};
}

/* The ground a text at page point x, y is printed on: the last area
 * filled under it before op i, else the paper. False when an image is
 * (its colour is not known). */
static bool ground_of(const struct dlist *dl, const struct place *places, size_t i, double x,
                      double y, struct color *out)
{
	*out = (struct color){1, 1, 1};
	for (size_t j = i; j-- > 0;) {
		const struct dl_op *op = &dl->ops[j];
		struct box b;
		if (op->kind == DL_IMAGE) {
			const struct place *pl = &places[j];
			b = (struct box){pl->tx + pl->sx * op->u.image.box.x,
			                 pl->ty + pl->sy * op->u.image.box.y,
			                 pl->sx * op->u.image.box.w, pl->sy * op->u.image.box.h};
		} else if (op->kind == DL_PATH && op->u.path.has_fill) {
			b = path_bounds(&op->u.path, &places[j]);
		} else {
			continue;
		}
		if (x < b.x || y < b.y || x > b.x + b.w || y > b.y + b.h)
			continue;
		if (op->kind == DL_IMAGE)
			return false;
		*out = op->u.path.fill;
		return true;
	}
	return true;
}

enum fine_kind { FINE_TEXT, FINE_REVERSED, FINE_LINE };

/* What one page holds under the minimums, by figure and kind. */
struct fine_find {
	const char *figure; /* may be NULL: the page itself */
	enum fine_kind kind;
	int count;
	double least;
	char sample[48]; /* the smallest text's beginning */
};

/* The beginning of text in out (n bytes), whole characters only, soft
 * hyphens left out, "..." when cut. */
static void sample_of(char *out, size_t n, const char *text)
{
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
		if (k + len + 4 > n) {
			memcpy(out + k, "...", 4);
			return;
		}
		if (p[0] == 0xC2 && p[1] == 0xAD) {
			p += 2;
			continue;
		}
		for (size_t i = 0; i < len && *p; i++, p++)
			out[k++] = *p == '\n' || *p == '\t' ? ' ' : (char)*p;
	}
	out[k] = '\0';
}

static void note_find(struct fine_find **finds, size_t *n, size_t *cap, const char *figure,
                      enum fine_kind kind, double v, const char *text)
{
	struct fine_find *f = NULL;
	for (size_t i = 0; i < *n && !f; i++)
		if ((*finds)[i].figure == figure && (*finds)[i].kind == kind)
			f = &(*finds)[i];
	if (!f) {
		XGROW(*finds, *cap, *n + 1);
		f = &(*finds)[(*n)++];
		*f = (struct fine_find){.figure = figure, .kind = kind, .least = INFINITY};
	}
	f->count++;
	if (v < f->least) {
		f->least = v;
		if (text)
			sample_of(f->sample, sizeof(f->sample), text);
	}
}

static void report_finds(const struct item_ctx *ctx, const struct fine_find *finds, size_t n,
                         struct mark m, const char *what)
{
	const struct profile *pr = ctx->kit->profile;
	static const char *const things[][2] = {
	        {"text", "texts"},
	        {"light text on a darker ground", "light texts on a darker ground"},
	        {"line", "lines"}};
	static const char *const keys[] = {"min-text-size", "min-reversed-text-size",
	                                   "min-line-width"};
	const double limits[] = {pr->min_text, pr->min_reversed, pr->min_line};
	for (size_t i = 0; i < n; i++) {
		const struct fine_find *f = &finds[i];
		struct buf where, sample;
		buf_init(&where);
		buf_init(&sample);
		if (f->figure)
			buf_printf(&where, ", figure '%s'", f->figure);
		if (f->sample[0])
			buf_printf(&sample, " ('%s')", f->sample);
		(pr->fine_errors ? diag_error : diag_warning)(
		        ctx->diag, m,
		        "%s%s: %d %s under %g pt, the %s %.*f pt%s; profile '%s' asks for "
		        "at least %g pt (%s)",
		        what, buf_str(&where), f->count, things[f->kind][f->count > 1],
		        limits[f->kind], f->kind == FINE_LINE ? "thinnest" : "smallest",
		        f->kind == FINE_LINE ? 2 : 1, f->least, buf_str(&sample), pr->id,
		        limits[f->kind], keys[f->kind]);
		buf_finish(&where);
		buf_finish(&sample);
	}
}

/* Where every operation of dl lands on the page; caller frees. */
static struct place *place_ops(const struct dlist *dl)
{
	struct place *places = xcalloc(dl->count ? dl->count : 1, sizeof(*places));
	struct place stack[MAX_GROUPS + 1] = {{0, 0, 1, 1, NULL}};
	int depth = 0, skipped = 0;
	for (size_t i = 0; i < dl->count; i++) {
		const struct dl_op *op = &dl->ops[i];
		places[i] = stack[depth];
		if (op->kind == DL_GROUP) {
			if (depth == MAX_GROUPS) {
				skipped++;
				continue;
			}
			const struct dl_group *g = &op->u.group;
			struct place p = stack[depth];
			if (g->transform) {
				p.tx += p.sx * g->tx, p.ty += p.sy * g->ty;
				p.sx *= g->sx, p.sy *= g->sy;
			}
			if (g->figure)
				p.figure = g->figure;
			stack[++depth] = p;
		} else if (op->kind == DL_END) {
			if (skipped)
				skipped--;
			else if (depth > 0)
				depth--;
		}
	}
	return places;
}

void preflight_found_init(struct preflight_found *f)
{
	*f = (struct preflight_found){
	        .min_text = INFINITY, .min_line = INFINITY, .min_ppi = INFINITY};
}

void preflight_found_add(struct preflight_found *to, const struct preflight_found *from)
{
	to->min_text = fmin(to->min_text, from->min_text);
	to->min_line = fmin(to->min_line, from->min_line);
	to->min_ppi = fmin(to->min_ppi, from->min_ppi);
	to->images += from->images;
}

void preflight_marks(const struct item_ctx *ctx, const struct dlist *dl, struct mark m,
                     const char *what, struct preflight_found *found)
{
	const struct profile *pr = ctx->kit->profile;
	struct place *places = place_ops(dl);
	struct fine_find *finds = NULL;
	size_t nfinds = 0, cap = 0;
	for (size_t i = 0; i < dl->count; i++) {
		const struct dl_op *op = &dl->ops[i];
		const struct place *pl = &places[i];
		double k = fmin(fabs(pl->sx), fabs(pl->sy));
		if (op->kind == DL_PATH && op->u.path.has_stroke && op->u.path.nsegs) {
			double w = op->u.path.width * k;
			found->min_line = fmin(found->min_line, w);
			if (w < pr->min_line - 1e-9)
				note_find(&finds, &nfinds, &cap, pl->figure, FINE_LINE, w, NULL);
		}
		if (op->kind != DL_TEXT || !op->u.text.rich.text[0])
			continue;
		const struct dl_text *t = &op->u.text;
		double size = t->style.size * k;
		if (size <= 0)
			continue; /* not set: its error is reported */
		found->min_text = fmin(found->min_text, size);
		double x = pl->tx + pl->sx * (t->box.x + fmin(t->width, t->box.w) / 2);
		double y = pl->ty + pl->sy * (t->box.y + t->dy + t->style.size / 2);
		struct color ground;
		bool reversed = ground_of(dl, places, i, x, y, &ground) &&
		                luminance(t->color) > luminance(ground) + 0.2;
		if (size < (reversed ? pr->min_reversed : pr->min_text) - 1e-9)
			note_find(&finds, &nfinds, &cap, pl->figure,
			          reversed ? FINE_REVERSED : FINE_TEXT, size, t->rich.text);
	}
	report_finds(ctx, finds, nfinds, m, what);
	free(finds);
	free(places);
}
