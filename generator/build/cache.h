/* The build cache: out/<kit>/.deckpress-cache remembers what the last
 * successful build of a kit was made from, so that the next build redraws
 * only what changed (docs/design.md, "The build cache").
 *
 * Two levels:
 *   the kit:   a key of every input file (the kit's folder, the shared
 *              templates/ and fonts/, the hyphenation dictionaries and word
 *              list, the ICC profiles, gs), the options that change bytes,
 *              SOURCE_DATE_EPOCH and the program's id. When it is the
 *              recorded one and every recorded output is still the file
 *              the build left, nothing is loaded, laid out or drawn: the
 *              findings of that build are printed again.
 *   an output: the key of a print PDF or a PNG preview is a hash of its
 *              pages' display lists (after layout) with everything else
 *              that reaches its bytes (the fonts, the images a page names,
 *              the metadata, dpi, the program); an output whose key and
 *              file are the recorded ones is not drawn again.
 *
 * The kit's folder is walked whole (hidden names and deep folders too, and
 * through links, but not version control folders nor a link back into a
 * folder the walk is in). An SVG
 * image that refers outside itself brings every file of its folder and
 * those under it into its pages' keys: librsvg reads its references from
 * there. An input file is known by its size, mtime, ctime, inode and
 * device, with its content hash kept beside them: when any of those differ
 * (or the file changed less than two seconds before it was hashed), it is
 * hashed again. A first build whose keys were made while the kit loaded
 * (with jobs) and whose inputs changed about then never skips the next
 * build. An output is trusted only while its size, mtime, ctime and inode
 * are the ones recorded right after it was written; the manifest is one. The record carries a magic
 * line, a format version, the program's id and a checksum of itself: a file that is truncated,
 * corrupt or from another program is ignored and replaced. */
#ifndef DECKPRESS_BUILD_CACHE_H
#define DECKPRESS_BUILD_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "build/build.h"

/* The record's name in out/<kit>/, beside the manifest (build.c). */
#define CACHE_RECORD ".deckpress-cache"
#define CACHE_MANIFEST ".deckpress-manifest"

struct cache;
struct dlist;
struct sink;
struct page_spec;
struct pdf_meta;
struct pdf_print;
struct item_ctx;
struct buf;

/* A 128-bit hash being computed (not cryptographic: it tells changed input
 * from unchanged, it does not resist forgery). */
struct cache_hash {
	uint64_t a, b, n;
	unsigned char tail[8];
	size_t ntail;
};

void cache_hash_init(struct cache_hash *h);
void cache_hash_bytes(struct cache_hash *h, const void *p, size_t n);
/* A string with its length, so that "ab","c" and "a","bc" differ; NULL too. */
void cache_hash_str(struct cache_hash *h, const char *s);
void cache_hash_u64(struct cache_hash *h, uint64_t v);
void cache_hash_double(struct cache_hash *h, double v);
/* The 16 bytes of the hash; h may go on. */
void cache_hash_get(const struct cache_hash *h, unsigned char out[16]);

/* Adds every operation of l, with every field that reaches the drawing, to
 * h. False when l draws what its operations do not hold (an inset page)
 * or names an image that cannot be read: such a page is never cached.
 * c may be NULL: images then count by their path, not their content. */
bool cache_hash_dlist(struct cache_hash *h, struct cache *c, const struct dlist *l);

/* Opens the cache of the kit at kit_dir for a build of opt into
 * out_dir/<name>/ (name: the kit's folder name, only: the one file asked
 * for or NULL). With opt->no_cache the recorded file is not read, but a
 * new one is still written. Never fails: a missing, corrupt or foreign
 * record is an empty cache. With opt->jobs > 1 and no record to compare
 * the kit's key with, the kit's keys (its inputs', 1-2 ms of system
 * calls) are made in a thread while the caller goes on loading
 * the kit: every function here waits for it, and cache_ready() waits
 * before the process may fork. opt is borrowed until then. Caller owns the
 * result; free with cache_destroy(). */
struct cache *cache_open(const struct build_options *opt, const char *kit_dir, const char *name,
                         const char *only);

/* Waits for the keys cache_open() makes in a thread, if it does: call it
 * before this process forks (a thread's locks stay locked in the child)
 * or hands the cache on. NULL is allowed. */
void cache_ready(const struct cache *c);

void cache_destroy(struct cache *c);

/* Whether the kit needs no work: its key is the recorded one, the record
 * was of a build that wrote every file (without the translation proof) and
 * every file it wrote is still in place, unchanged. Then *findings is what
 * that build printed (borrowed; valid until c is destroyed), *warnings
 * how many warnings, and made gets the files it wrote (paths under
 * out_dir/<name>/), when made is not NULL. */
bool cache_kit_is_fresh(struct cache *c, const char **findings, size_t *warnings,
                        struct build_outputs *made);

/* The hash of a file's content, by its stat when it was hashed before.
 * False when it cannot be read. */
bool cache_hash_file(struct cache *c, const char *path, unsigned char out[16]);

/* The key of an output: starts h with what every output of the kit is made
 * with (the program, the fonts, the date) and what (a name of the kind of
 * output). Then add its pages. */
void cache_key_begin(struct cache_hash *h, const struct cache *c, const char *what);

/* Adds a page to an output's key: its spec (sizes, label, outline) and its
 * display list. False when the page cannot be cached. */
bool cache_key_page(struct cache_hash *h, struct cache *c, const struct dlist *l,
                    const struct page_spec *p);

/* Adds a print PDF's metadata and print options (not its paths) to h;
 * false when they include a PDF/X conversion, which is never cached. */
bool cache_key_pdf(struct cache_hash *h, const struct pdf_meta *meta, const struct pdf_print *pp);

/* Whether the file at path is the one the last build wrote with this key,
 * still in place and unchanged; either way, this build records path with
 * the key (so skipping it, or writing it, keeps it in the next record). c
 * may be NULL (nothing is fresh); key may be NULL for an output that cannot
 * be cached, which is noted as made (not fresh). */
bool cache_output_is_fresh(struct cache *c, const char *path, const struct cache_hash *key);

/* Whether the print PDF pp->path is fresh: the key of meta, pp and the n
 * pages with their specs. False without a cache and with a PDF/X. */
bool cache_pdf_is_fresh(const struct item_ctx *ctx, const char *what, const struct pdf_meta *meta,
                        const struct pdf_print *pp, const struct dlist *pages,
                        const struct page_spec *specs, size_t n);

/* Whether the PNG preview dir/<p->label>.png of l at dpi is fresh (and
 * noted as an output either way); false without a cache. */
bool cache_png_is_fresh(const struct item_ctx *ctx, const char *dir, const struct dlist *l,
                        const struct page_spec *p, double dpi);

/* A PNG preview page: draws l into s (a PNG sink writing into dir at dpi)
 * unless dir/<p->label>.png is fresh. False when drawing failed. */
bool cache_draw_png(const struct item_ctx *ctx, struct sink *s, const char *dir,
                    const struct dlist *l, const struct page_spec *p, double dpi);

/* In a helper process that built some of a kit's outputs (build/units.h):
 * appends to out what it noted (the outputs' keys, the inputs hashed), for
 * cache_import() in the process that commits the record. c may be NULL. */
void cache_export(const struct cache *c, struct buf *out);

/* How far a cache's notes went at some time, for cache_export_since(). */
struct cache_mark {
	size_t in, noted;
};

/* Sets *m to how far c's notes go now. c may be NULL. */
void cache_mark_now(const struct cache *c, struct cache_mark *m);

/* As cache_export(), only the notes added since *m (not those changed in
 * place), then sets *m to now. */
void cache_export_since(const struct cache *c, struct cache_mark *m, struct buf *out);

/* Adds what cache_export() wrote to c's notes; false when data is not
 * such (what was read before the fault is kept). c may be NULL. */
bool cache_import(struct cache *c, const char *data, size_t len);

/* After a kit's files are in place under their names: removes from each PNG
 * folder of made the previews this build did not make (a card that is no
 * longer in its deck), then writes the record: the kit's key, findings
 * (what the build printed for the kit) and warnings, every file of made
 * with its size, mtime and inode, the keys of the outputs, and the input
 * files hashed. cacheable: the build may be skipped next time (it wrote
 * no proof). False (reported into d) when the record cannot be written. */
bool cache_commit(struct cache *c, const struct build_outputs *made, const char *findings,
                  size_t warnings, bool cacheable, struct diag *d);

#endif
