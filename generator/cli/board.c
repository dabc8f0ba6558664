/* Boards: not built yet. Until they are, a kit that holds one gets an
 * error that says so, rather than a build that leaves it out. */
#include "cli/items.h"

#include "load/yml.h"

struct board_jobs {
	int unused;
};

bool boards_prepare(struct board_jobs **out, const struct item_ctx *ctx)
{
	*out = NULL;
	for (size_t i = 0; i < ctx->kit->nboards; i++)
		diag_error(ctx->diag, ctx->kit->boards[i]->mark,
			   "boards are not supported yet; this file is not built");
	return ctx->kit->nboards == 0;
}

bool boards_render(struct board_jobs *b, const struct item_ctx *ctx)
{
	(void)b;
	(void)ctx;
	return true;
}

void boards_destroy(struct board_jobs *b)
{
	(void)b;
}
