/* Preflight: what only the chosen outputs can find wrong, before anything
 * is written. PDF/X-3 prints a transparent image's page as a bitmap and
 * needs a real ICC profile. */
#include "build/item.h"

#include <stdlib.h>

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

void preflight_icc(const struct item_ctx *ctx)
{
	const struct profile *pr = ctx->kit->profile;
	if (!(ctx->formats & FORMAT_PDFX) || !pr->icc)
		return;
	char *desc = pdfx_icc_description(pr->icc);
	if (!desc)
		diag_error(ctx->diag, pr->icc_mark, "'%s' is not an ICC profile", pr->icc);
	free(desc);
}

struct pdfx_options preflight_pdfx_options(const struct item_ctx *ctx, const char *title)
{
	const struct profile *pr = ctx->kit->profile;
	return (struct pdfx_options){
	        .icc_path = pr->icc,
	        .condition_id = pr->condition_id,
	        .condition = pr->condition,
	        .title = title,
	        .epoch = sink_get_epoch(),
	        .ink_limit = pr->ink_limit,
	};
}
