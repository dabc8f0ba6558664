#include "build/spec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build/cache.h"
#include "output/atomic.h"
#include "output/sink.h"
#include "util/hash.h"
#include "util/mem.h"

/* A length in mm to 0.001 mm, without trailing zeros: "105", "111.35",
 * "3.175"; valid until the end of the full expression it is made in. */
struct mm_text {
	char s[32];
};

static struct mm_text mm_text(double pt)
{
	struct mm_text t;
	snprintf(t.s, sizeof(t.s), "%.3f", pt / PT_PER_MM + 0.0);
	char *e = t.s + strlen(t.s) - 1;
	while (*e == '0')
		*e-- = '\0';
	if (*e == '.')
		*e = '\0';
	return t;
}

static const char *weight_name(int w)
{
	return w >= 900   ? "Black"
	       : w >= 700 ? "Bold"
	       : w >= 600 ? "Semibold"
	       : w >= 500 ? "Medium"
	                  : "Regular";
}

void spec_item_init(struct spec_item *s, const char *kind, const char *id, const char *title,
                    const char *version)
{
	*s = (struct spec_item){.kind = kind, .id = id, .title = title, .version = version};
	preflight_found_init(&s->found);
}

void spec_item_finish(struct spec_item *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i].name);
	free(s->files);
	free(s->backs_seen);
	*s = (struct spec_item){0};
}

void spec_item_add_file(struct spec_item *s, const char *lang, const char *ext, const char *kind,
                        const char *what, long pages, double page_w, double page_h, double trim_w,
                        double trim_h)
{
	struct buf name;
	buf_init(&name);
	buf_printf(&name, "%s.%s%s", s->id, lang, ext);
	XGROW(s->files, s->cap, s->nfiles + 1);
	s->files[s->nfiles++] = (struct spec_file){
	        .name = buf_detach(&name),
	        .lang = lang,
	        .kind = kind,
	        .what = what,
	        .pages = pages,
	        .page_w = page_w,
	        .page_h = page_h,
	        .trim_w = trim_w,
	        .trim_h = trim_h,
	};
}

static void add_font(struct spec_item *s, const char *family, int weight, bool italic)
{
	char name[64];
	snprintf(name, sizeof(name), "%s %s%s", family, weight_name(weight),
	         italic ? " Italic" : "");
	size_t k = 0;
	while (k < s->nfonts && strcmp(s->fonts[k], name) != 0)
		k++;
	if (k == s->nfonts && s->nfonts < sizeof(s->fonts) / sizeof(s->fonts[0]))
		memcpy(s->fonts[s->nfonts++], name, sizeof(name));
}

/* Whether bytes [a, b) of t hold more than spaces. */
static bool inked(const char *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (t[i] != ' ' && t[i] != '\n')
			return true;
	return false;
}

void spec_item_add_fonts(struct spec_item *s, const struct dlist *dl)
{
	for (size_t i = 0; i < dl->count; i++) {
		const struct dl_op *op = &dl->ops[i];
		if (op->kind != DL_TEXT || !op->u.text.rich.text[0] || !op->u.text.style.family)
			continue;
		const struct text_style *st = &op->u.text.style;
		const struct rich *r = &op->u.text.rich;
		/* the text's own style where no span makes it bold or italic;
		 * markup's bold is weight 700 (typeset/markup.c) */
		size_t plain_from = 0;
		bool plain = false;
		for (size_t k = 0; k < r->nspans; k++) {
			const struct rich_span *sp = &r->spans[k];
			if (!(sp->style & (RICH_BOLD | RICH_ITALIC)))
				continue;
			plain |= inked(r->text, plain_from, sp->start);
			plain_from = sp->end;
			if (inked(r->text, sp->start, sp->end))
				add_font(s, st->family, sp->style & RICH_BOLD ? 700 : st->weight,
				         st->italic || (sp->style & RICH_ITALIC));
		}
		if (plain || inked(r->text, plain_from, r->len))
			add_font(s, st->family, st->weight, st->italic);
	}
}

/* ---- the deck's files and cards ---- */

static const char *const order_text[] = {
        "front, back, front, back ... (front first, one file)",
        "back, front, back, front ... (back first, one file)",
        "fronts and backs in two files of equal length (.fronts and .backs)",
};

void spec_item_from_deck(struct spec_item *s, const struct item_ctx *ctx, const struct deck *deck,
                         const struct preflight_found *found)
{
	static const char *const parts[] = {".fronts", ".backs"};
	static const char *const what[2][3] = {
	        {"RGB, fronts and backs", "RGB, fronts", "RGB, backs"},
	        {"CMYK PDF/X-3, fronts and backs", "CMYK PDF/X-3, fronts", "CMYK PDF/X-3, backs"}};
	const struct profile *pr = ctx->kit->profile;
	spec_item_init(s, "deck", deck->id, ltext_get(&deck->title, 0), deck->version);
	s->deck = deck;
	s->trim_w = deck->trim_w, s->trim_h = deck->trim_h;
	s->bleed = deck->bleed, s->safe = deck->safe, s->marks = pr->marks;
	s->corner_radius = deck->corner_radius;
	s->order = order_text[pr->order];
	s->found = *found;
	long copies = 0;
	for (size_t i = 0; i < deck->ncards; i++)
		copies += deck->cards[i].count;
	bool split = pr->order == ORDER_SPLIT;
	double margin = sink_pdf_get_margin(deck->bleed, pr->marks);
	double pw = deck->trim_w + 2 * margin, ph = deck->trim_h + 2 * margin;
	struct buf ext;
	buf_init(&ext);
	for (size_t l = 0; l < deck->langs.count; l++) {
		const char *code = deck->langs.codes[l];
		if (!item_wants_lang(ctx->opt, code))
			continue;
		for (int x = 0; x < 2; x++) {
			if (!(ctx->formats & (x ? FORMAT_PDFX : FORMAT_PRINT)))
				continue;
			for (int part = 0; part < (split ? 2 : 1); part++) {
				buf_clear(&ext);
				buf_printf(&ext, "%s.%s.pdf", split ? parts[part] : "",
				           x ? "pdfx" : "print");
				spec_item_add_file(s, code, buf_str(&ext), x ? "pdfx" : "print",
				                   what[x][split ? 1 + part : 0],
				                   split ? copies : 2 * copies, pw, ph,
				                   deck->trim_w, deck->trim_h);
			}
		}
	}
	buf_finish(&ext);
}

void spec_item_add_back(struct spec_item *s, const struct dlist *back)
{
	/* hashed field by field: a text dump formatted thousands of numbers
	 * a deck; an inset page, which the hash cannot hold, by its dump */
	struct cache_hash ch;
	cache_hash_init(&ch);
	uint64_t h;
	unsigned char key[16];
	if (cache_hash_dlist(&ch, NULL, back)) {
		cache_hash_get(&ch, key);
		memcpy(&h, key, sizeof(h));
	} else {
		struct buf dump;
		buf_init(&dump);
		dlist_dump(back, &dump);
		h = hash_fnv1a64(HASH_FNV1A64_INIT, buf_str(&dump), dump.len);
		buf_finish(&dump);
	}
	for (long k = 0; k < s->backs_distinct; k++)
		if (s->backs_seen[k] == h)
			return;
	XGROW(s->backs_seen, s->backs_cap, (size_t)s->backs_distinct + 1);
	s->backs_seen[s->backs_distinct++] = h;
}

/* ---- writing: each statement once, to the text and the JSON ---- */

struct out {
	struct buf txt, json;
};

/* Starts a statement: "Label:" padded in the text, "key": in the JSON. */
static void key(struct out *o, const char *label, const char *k)
{
	buf_printf(&o->txt, "%s:%*s", label, (int)(15 - strlen(label)), "");
	buf_printf(&o->json, ",\n  \"%s\": ", k);
}

static void put_string(struct out *o, const char *label, const char *k, const char *v,
                       const char *note)
{
	key(o, label, k);
	buf_printf(&o->txt, "%s%s%s%s\n", v, note ? " (" : "", note ? note : "", note ? ")" : "");
	buf_put_json_string(&o->json, v);
}

static void put_long(struct out *o, const char *label, const char *k, long v, const char *note)
{
	key(o, label, k);
	buf_printf(&o->txt, "%ld%s%s%s\n", v, note ? " (" : "", note ? note : "", note ? ")" : "");
	buf_printf(&o->json, "%ld", v);
}

static void put_mm(struct out *o, const char *label, const char *k, double v, const char *note)
{
	key(o, label, k);
	buf_printf(&o->txt, "%s mm%s%s%s\n", mm_text(v).s, note ? " (" : "", note ? note : "",
	           note ? ")" : "");
	buf_puts(&o->json, mm_text(v).s);
}

static void put_mm2(struct out *o, const char *label, const char *k, double w, double h,
                    const char *note)
{
	key(o, label, k);
	buf_printf(&o->txt, "%s x %s mm%s%s%s\n", mm_text(w).s, mm_text(h).s, note ? " (" : "",
	           note ? note : "", note ? ")" : "");
	buf_printf(&o->json, "[%s, %s]", mm_text(w).s, mm_text(h).s);
}

/* A measured value in points, or none. */
static void put_pt(struct out *o, const char *label, const char *k, double v, double least,
                   const char *none)
{
	key(o, label, k);
	if (!isfinite(v)) {
		buf_printf(&o->txt, "%s\n", none);
		buf_puts(&o->json, "null");
		return;
	}
	buf_printf(&o->txt, "%.2f pt (the profile asks for at least %g pt)\n", v, least);
	buf_printf(&o->json, "%.2f", v);
}

/* How the colours are printed, the same words in both files. */
static void colour_text(const struct item_ctx *ctx, struct buf *b)
{
	const struct profile *pr = ctx->kit->profile;
	const struct printing_condition *pc = pr->icc ? NULL : pr->printing;
	const char *cond_id = pr->condition_id ? pr->condition_id : pc ? pc->id : "Custom";
	if (ctx->formats & FORMAT_PDFX)
		buf_printf(b,
		           "CMYK PDF/X-3:2002 (.pdfx.pdf) converted from the RGB print PDF with "
		           "%s%s%s%s, output condition %s; total ink at most %.0f%%; ",
		           pr->icc ? pr->icc
		           : pc    ? "the ICC profile "
		                   : "Ghostscript's default CMYK profile",
		           pc ? pc->file : "",
		           pc ? " made with ArgyllCMS from the characterisation data " : "",
		           pc ? pc->data : "", cond_id, pr->ink_limit * 100);
	else
		buf_puts(b, "RGB (sRGB); ");
	buf_puts(b, "black, grey and near-neutral dark text and lines up to 2 pt as K only "
	            "(DeviceGray); areas in their own colours");
	if ((ctx->formats & FORMAT_PDFX) && pr->has_rich_black)
		buf_printf(b,
		           ", but in the PDF/X black areas at least %s mm wide and high as rich "
		           "black C%.0f M%.0f Y%.0f K%.0f",
		           mm_text(pr->rich_black_min).s, pr->rich_black[0] * 100,
		           pr->rich_black[1] * 100, pr->rich_black[2] * 100,
		           pr->rich_black[3] * 100);
}

static void put_header(struct out *o, const struct item_ctx *ctx, const struct spec_item *s)
{
	const struct profile *pr = ctx->kit->profile;
	buf_printf(&o->txt, "Print specification: %s (%s %s)%s%s\n", s->title, s->kind, s->id,
	           s->version[0] ? ", version " : "", s->version);
	buf_printf(&o->json, "{\n  \"%s\": ", s->kind);
	buf_put_json_string(&o->json, s->id);
	buf_puts(&o->json, ",\n  \"title\": ");
	buf_put_json_string(&o->json, s->title);
	buf_puts(&o->json, ",\n  \"version\": ");
	buf_put_json_string(&o->json, s->version);
	put_string(o, "Kit", "kit", ctx->kit->name, NULL);
	put_string(o, "Profile", "profile", pr->id, pr->name);
	put_mm2(o, "Trim size", "trim_mm", s->trim_w, s->trim_h, "the finished size; TrimBox");
	put_mm(o, "Bleed", "bleed_mm", s->bleed,
	       s->bleed > 0 ? "on every side, artwork to the edge of the page"
	                    : "none: printed on a sheet this size, or with a white border");
	put_mm(o, "Safe margin", "safe_mm", s->safe,
	       "text and marks stay this far inside the trim");
	key(o, "Crop marks", "crop_marks");
	buf_puts(&o->txt, s->marks ? "yes (0.25 pt, 5 mm long, outside the bleed)\n" : "no\n");
	buf_puts(&o->json, s->marks ? "true" : "false");
	if (s->corner_radius > 0)
		put_mm(o, "Corners", "corner_radius_mm", s->corner_radius,
		       "rounded: the die line is a 0.25 pt path in the spot colour CutContour, "
		       "overprinting, not to be printed");
	put_string(o, "Page order", "page_order", s->order, NULL);
	struct buf colour;
	buf_init(&colour);
	colour_text(ctx, &colour);
	put_string(o, "Colour", "colour", buf_str(&colour), NULL);
	buf_finish(&colour);
	key(o, "Fonts", "fonts");
	buf_puts(&o->txt, "all embedded and subset:");
	buf_putc(&o->json, '[');
	for (size_t i = 0; i < s->nfonts; i++) {
		buf_printf(&o->txt, "%s %s", i ? "," : "", s->fonts[i]);
		buf_puts(&o->json, i ? ", " : "");
		buf_put_json_string(&o->json, s->fonts[i]);
	}
	buf_putc(&o->txt, '\n');
	buf_putc(&o->json, ']');
	put_pt(o, "Smallest text", "min_text_pt", s->found.min_text, pr->min_text, "no text");
	put_pt(o, "Thinnest line", "min_line_pt", s->found.min_line, pr->min_line,
	       "no stroked line in the artwork");
	key(o, "Images", "images");
	if (s->found.images) {
		buf_printf(&o->txt, "%ld raster placed, the lowest at %.0f ppi effective\n",
		           s->found.images, s->found.min_ppi);
		buf_printf(&o->json, "{\"raster_placed\": %ld, \"min_ppi\": %.0f}", s->found.images,
		           s->found.min_ppi);
	} else {
		buf_puts(&o->txt, "no raster image: vector artwork only\n");
		buf_puts(&o->json, "{\"raster_placed\": 0, \"min_ppi\": null}");
	}
	put_string(o, "Stock", "stock", pr->stock ? pr->stock : "ask the shop", NULL);
}

static void put_files(struct out *o, const struct item_ctx *ctx, const struct spec_item *s)
{
	bool pdfx = ctx->formats & FORMAT_PDFX;
	key(o, "Files", "files");
	buf_printf(&o->txt, "print one copy of each file%s; send the %s\n",
	           s->deck ? ", which holds every copy of every card" : "",
	           pdfx ? "CMYK PDF/X files (.pdfx.pdf): the RGB print PDFs hold the same pages"
	                : "print PDFs");
	buf_putc(&o->json, '[');
	for (size_t f = 0; f < s->nfiles; f++) {
		const struct spec_file *fl = &s->files[f];
		bool send =
		        strcmp(fl->kind, "pieces") == 0 || (strcmp(fl->kind, "pdfx") == 0) == pdfx;
		buf_printf(&o->txt, "  %-34s %s, %ld page%s, %s x %s mm (trim %s x %s mm)%s\n",
		           fl->name, fl->what, fl->pages, fl->pages == 1 ? "" : "s",
		           mm_text(fl->page_w).s, mm_text(fl->page_h).s, mm_text(fl->trim_w).s,
		           mm_text(fl->trim_h).s, send ? ", send" : "");
		buf_puts(&o->json, f ? ",\n    {\"name\": " : "\n    {\"name\": ");
		buf_put_json_string(&o->json, fl->name);
		buf_puts(&o->json, ", \"language\": ");
		buf_put_json_string(&o->json, fl->lang);
		buf_printf(&o->json, ", \"kind\": \"%s\", \"what\": ", fl->kind);
		buf_put_json_string(&o->json, fl->what);
		buf_printf(&o->json,
		           ", \"pages\": %ld, \"page_mm\": [%s, %s], \"trim_mm\": [%s, %s], "
		           "\"send\": %s}",
		           fl->pages, mm_text(fl->page_w).s, mm_text(fl->page_h).s,
		           mm_text(fl->trim_w).s, mm_text(fl->trim_h).s, send ? "true" : "false");
	}
	buf_puts(&o->json, s->nfiles ? "\n  ]" : "]");
}

/* The cards of a deck: copies and where they are in each file. */
static void put_cards(struct out *o, const struct item_ctx *ctx, const struct spec_item *s)
{
	const struct deck *deck = s->deck;
	bool split = ctx->kit->profile->order == ORDER_SPLIT;
	long copies = 0;
	for (size_t i = 0; i < deck->ncards; i++)
		copies += deck->cards[i].count;
	put_long(o, "Cards printed", "cards_printed", copies, NULL);
	put_long(o, "Different", "cards_distinct", (long)deck->ncards, NULL);
	put_long(o, "Faces per card", "faces_per_card", 2, "front and back, one face per page");
	put_long(o, "Pages per file", "pages_per_file", split ? copies : 2 * copies, NULL);
	put_long(o, "Backs", "backs_distinct", s->backs_distinct,
	         s->backs_distinct > 1
	                 ? "different backs: each back belongs to its card's front, so fronts "
	                   "and backs must stay paired"
	                 : "the same back on every card");
	key(o, "Cards", "cards");
	buf_printf(&o->txt, "id, copies, %s\n",
	           split ? "pages in each of the two files" : "pages, front and back");
	buf_putc(&o->json, '[');
	long page = 1;
	for (size_t i = 0; i < deck->ncards; i++) {
		const struct card *c = &deck->cards[i];
		long n = c->count * (split ? 1 : 2);
		buf_printf(&o->txt, "  %-12s %ld  page%s %ld", c->id, c->count, n == 1 ? "" : "s",
		           page);
		if (n > 1)
			buf_printf(&o->txt, "-%ld", page + n - 1);
		buf_putc(&o->txt, '\n');
		buf_puts(&o->json, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		buf_put_json_string(&o->json, c->id);
		buf_printf(&o->json, ", \"copies\": %ld, \"pages\": [%ld, %ld]}", c->count, page,
		           page + n - 1);
		page += n;
	}
	buf_puts(&o->json, deck->ncards ? "\n  ]" : "]");
}

void spec_outputs(const struct item_ctx *ctx, const char *id, struct build_outputs *out)
{
	unsigned spec = ctx->formats & FORMAT_PRINT ? FORMAT_PRINT : ctx->formats & FORMAT_PDFX;
	static const char *const exts[] = {"txt", "json"};
	struct buf p;
	buf_init(&p);
	for (size_t e = 0; spec && e < 2; e++) {
		buf_printf(&p, "%s/%s/%s.print-spec.%s", ctx->opt->out_dir, ctx->kit->name, id,
		           exts[e]);
		build_outputs_add(out, spec, &p);
	}
	buf_finish(&p);
}

/* Whether the file at path holds exactly the len bytes at data. */
static bool holds(const char *path, const char *data, size_t len)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != len)
		return false;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	char chunk[4096];
	size_t at = 0, n;
	bool same = true;
	while (same && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		same = at + n <= len && memcmp(chunk, data + at, n) == 0;
		at += n;
	}
	fclose(fp);
	return same && at == len;
}

/* Writes b as the file at path; one that holds the same bytes already is
 * left as it is (a rebuild after another item's edit leaves its time and
 * what a folder sync sees alone). */
static bool write_buf(const char *path, const struct buf *b, struct diag *d)
{
	if (holds(path, buf_str(b), b->len))
		return true;
	struct atomic_file f;
	if (!atomic_open(&f, path, d))
		return false;
	atomic_write(&f, buf_str(b), b->len);
	return atomic_commit(&f, d);
}

bool spec_write(const struct item_ctx *ctx, const struct spec_item *s)
{
	struct out o;
	buf_init(&o.txt);
	buf_init(&o.json);
	put_header(&o, ctx, s);
	if (s->deck)
		put_cards(&o, ctx, s);
	put_files(&o, ctx, s);
	buf_puts(&o.json, "\n}\n");
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/%s/%s.print-spec.txt", ctx->opt->out_dir, ctx->kit->name, s->id);
	bool ok = write_buf(buf_str(&path), &o.txt, ctx->diag);
	buf_clear(&path);
	buf_printf(&path, "%s/%s/%s.print-spec.json", ctx->opt->out_dir, ctx->kit->name, s->id);
	ok = ok && write_buf(buf_str(&path), &o.json, ctx->diag);
	buf_finish(&o.txt);
	buf_finish(&o.json);
	buf_finish(&path);
	return ok;
}
