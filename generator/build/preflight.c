/* Preflight: what only the chosen outputs can find wrong, before anything
 * is written. PDF/X-3 prints a transparent image's page as a bitmap and
 * needs a real ICC profile. */
#include "build/item.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

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
                      const char *what)
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
			if (ppi >= pr->min_ppi)
				continue;
			bool error = ppi < pr->reject_ppi;
			(error ? diag_error
			       : diag_warning)(ctx->diag, m,
			                       "%s: image '%s' (%.0f x %.0f px) placed in %.1f x "
			                       "%.1f mm is %.0f ppi, "
			                       "under the %s %g ppi of profile '%s'",
			                       what, im->path, pw, ph, w / PT_PER_MM, h / PT_PER_MM,
			                       ppi, error ? "least" : "recommended",
			                       error ? pr->reject_ppi : pr->min_ppi, pr->id);
		}
	}
}
