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
