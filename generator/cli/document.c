/* Documents: not built yet. Until they are, a kit that holds one gets an
 * error that says so, rather than a build that leaves it out. */
#include "cli/items.h"

#include "load/yml.h"

struct document_jobs {
	int unused;
};

bool documents_prepare(struct document_jobs **out, const struct item_ctx *ctx)
{
	*out = NULL;
	for (size_t i = 0; i < ctx->kit->ndocuments; i++)
		diag_error(ctx->diag, ctx->kit->documents[i]->mark,
			   "documents are not supported yet; this file is not built");
	return ctx->kit->ndocuments == 0;
}

bool documents_render(struct document_jobs *b, const struct item_ctx *ctx)
{
	(void)b;
	(void)ctx;
	return true;
}

void documents_destroy(struct document_jobs *b)
{
	(void)b;
}
