/* The item interface of the build: every kind of kit item that makes files
 * (decks, boards, documents) is built by its own module (build/deck.c,
 * build/board.c, build/document.c) behind one small table of functions,
 * which build/build.c drives the same way for every kind, so that nothing
 * is written when any item of the kit has an error:
 *   prepare: check and lay out every item of the kind in the languages
 *            asked for, reporting every problem into ctx->diag;
 *   outputs: the files render will write, by format;
 *   proof:   write the translation proofs (even when texts do not fit);
 *   render:  write the outputs (only called when the whole kit is clean);
 *   destroy: free what prepare made.
 * A new kind is one more table and one more entry in build.c's list. */
#ifndef DECKPRESS_BUILD_ITEM_H
#define DECKPRESS_BUILD_ITEM_H

#include <stdbool.h>
#include <stddef.h>

#include "build/build.h"
#include "display/dlist.h"
#include "layout/proof_table.h"
#include "model/kit.h"
#include "output/pdfpost.h"
#include "output/pdfx.h"
#include "output/sink.h"
#include "render/image.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "util/buf.h"
#include "util/diag.h"

struct cache;
struct split;

/* What every kind builds with: one kit in one run. */
struct item_ctx {
	const struct build_options *opt; /* languages, out_dir, paper ... */
	const struct kit *kit;           /* its boards, documents, decks, profile */
	unsigned formats;                /* opt->formats, with pdfx when the profile asks for it */
	struct diag *diag;
	struct fonts *fonts;
	struct image_cache *images;
	struct hyphenator *hy;               /* the kit's, with its exceptions */
	const struct pdfpost_k_rule *k_rule; /* the brand's four-color colours; may be NULL */
	struct cache *cache;                 /* build/cache.h; may be NULL (check) */
	/* the processes that share render's units (build/split.h); NULL when
	 * this one builds them all. Then opt->jobs is what one unit may use
	 * (its PNG team): 1. */
	struct split *split;
	/* with --jobs N, a kit that draws fewer items than N (not split): a
	 * deck's layout may be shared with helpers that keep the faces they
	 * lay out and draw their PNG previews (build/deck.c's crew) */
	bool crew;
};

struct item_kind {
	enum kit_item_kind kind;
	/* Checks and lays out every item of this kind that the kit read. Caller
	 * owns the result (NULL when the kit has none); free with destroy(). */
	void *(*prepare)(const struct item_ctx *ctx);
	/* Appends every file render writes to out, in the order it writes
	 * them (the run's output list). */
	void (*outputs)(const void *jobs, const struct item_ctx *ctx, struct build_outputs *out);
	/* Writes the translation proofs, even when the kit has errors; jobs
	 * may be NULL (an item that did not read still has texts to proof).
	 * False on an I/O failure (reported). */
	bool (*proof)(const void *jobs, const struct item_ctx *ctx);
	/* Writes the outputs; false on an I/O failure (reported). */
	bool (*render)(void *jobs, const struct item_ctx *ctx);
	void (*destroy)(void *jobs);
	/* Renders from the files the other kinds wrote (linking or copying
	 * them), so only once they are in place under their own names, after
	 * the kit's all-or-nothing hold (output/atomic.h). */
	bool reads_outputs;
};

extern const struct item_kind deck_kind, board_kind, document_kind, catalogue_kind, web_kind;
extern const struct item_kind box_kind; /* tuck boxes of the decks (build/box.c) */

/* Sets how many faces a kit's decks may have, over all languages, for
 * their layouts to be kept from prepare to render (build/deck.c); 0 sets
 * the default (2,000). Larger decks are drawn as they are laid out. For
 * tests, which reach the large-deck path with small decks. */
void deck_set_keep_faces(size_t faces);

/* ---- shared by the kinds (build/item.c) ---- */

/* In render and proof, at the start of each unit of work whose files do
 * not depend on another unit's (an item in one language, a print spec, a
 * proof): whether this
 * process builds it (build/split.h). Every process asks at the same units
 * in the same order; a unit reports and writes nothing outside them. */
bool item_take_unit(const struct item_ctx *ctx);

/* Whether the run builds the language code: every language when none was
 * asked for. */
bool item_wants_lang(const struct build_options *opt, const char *code);

/* Appends format and path (taken over; path is left empty) to out. */
void build_outputs_add(struct build_outputs *out, unsigned format, struct buf *path);

/* Sets path to out_dir/<kit>/<id>.<lang><ext>, such as ".print.pdf". */
void item_path(struct buf *path, const struct item_ctx *ctx, const char *id, const char *lang,
               const char *ext);

/* Draws dl as one page of s. */
bool item_draw_page(const struct item_ctx *ctx, struct sink *s, const struct dlist *dl,
                    const struct page_spec *p);

/* Finishes s when ok, then destroys it (s may be NULL); returns whether
 * everything went well. An image that could not be drawn on one of its
 * pages is reported at the image's mark and counts as not ok, so the
 * output is not written without it. */
bool item_finish_sink(const struct item_ctx *ctx, struct sink *s, bool ok);

/* Paginates the rows of t, writes them to out/<kit>/<id>.proof.pdf (a plain
 * PDF, no print post-pass) and finishes t. False (reported) on I/O errors. */
bool item_write_proof(const struct item_ctx *ctx, struct proof_table *t, const char *id,
                      const struct pdf_meta *meta);

/* The translation proof of every board or document item asked for, from
 * its texts: out/<kit>/<id>.proof.pdf. */
bool item_write_text_proofs(const struct item_ctx *ctx, enum kit_item_kind kind);

/* Adds item id's translation proof to out when the build writes proofs
 * (so that the manifest lists it, and removes it with its item). */
void item_proof_output(const struct item_ctx *ctx, const char *id, struct build_outputs *out);

/* item_proof_output() for every item of kind item_write_text_proofs()
 * writes a proof of. */
void item_text_proof_outputs(const struct item_ctx *ctx, enum kit_item_kind kind,
                             struct build_outputs *out);

/* ---- preflight: what only the chosen outputs can find wrong (build/preflight.c) ---- */

/* What preflight found on an item's pages, for the print spec: the
 * smallest text and thinnest line in points, the lowest effective
 * resolution of a raster image (INFINITY when there is none) and how many
 * raster images the pages place. */
struct preflight_found {
	double min_text, min_line, min_ppi;
	long images;
};

void preflight_found_init(struct preflight_found *f);

/* Adds what from found to to. */
void preflight_found_add(struct preflight_found *to, const struct preflight_found *from);

/* Decodes the image at path, so a corrupt file is an input error found
 * before anything is written; with alpha, preflight_alpha() too. False when
 * it cannot be decoded (reported). */
bool preflight_image(const struct item_ctx *ctx, const char *path, struct mark m, bool alpha);

/* With pdfx: an image at path with transparency is an error. */
void preflight_alpha(const struct item_ctx *ctx, const char *path, struct mark m);

/* With png: a PNG preview of a w × h point page (what: "card", "page") at
 * dpi must be one cairo can draw: at most 32767 pixels a side, and at most
 * 2^31 bytes of 4-byte pixels (pixman's limit), so that a page too large
 * for the preview is an input error, not a failed build. */
void preflight_png_size(const struct item_ctx *ctx, double w, double h, double dpi,
                        const char *what, struct mark m);

/* Every raster image that dl places: below the profile's min-ppi
 * effective resolution a warning, below its reject-ppi an error, at m,
 * naming what ("card 'T01' front (da)"), the image, its pixels, its placed
 * size and its resolution. Each is counted in found. */
void preflight_images(const struct item_ctx *ctx, const struct dlist *dl, struct mark m,
                      const char *what, struct preflight_found *found);

/* Every text and stroked line of dl: text under the profile's
 * min-text-size (min-reversed-text-size when lighter than the area under
 * it) and lines under its min-line-width are warnings, or errors when the
 * profile says 'fine-marks: error', at m, one a kind and figure (a card
 * drawn in a document) of the page: what names the page ("page 2 of
 * document 'rules' (da)"). Sizes count the groups' scale. The smallest
 * text and line are added to found. */
void preflight_marks(const struct item_ctx *ctx, const struct dlist *dl, struct mark m,
                     const char *what, struct preflight_found *found);

/* With pdfx: the profile's ICC file must be an ICC profile. */
void preflight_icc(const struct item_ctx *ctx);

/* The PDF/X conversion the kit's print profile asks for, of a file whose
 * title is title (borrowed, as are the profile's strings). */
struct pdfx_options preflight_pdfx_options(const struct item_ctx *ctx, const char *title);

#endif
