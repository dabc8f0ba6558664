#include "build/spec.h"

#include <stdio.h>
#include <string.h>

#include "build/item.h"
#include "output/atomic.h"
#include "output/sink.h"
#include "util/mem.h"

static double mm(double pt)
{
	return pt / PT_PER_MM;
}

/* A length in mm to 0.001 mm, without trailing zeros: "105", "111.35",
 * "3.175"; valid until the end of the full expression it is made in. */
struct mm_text {
	char s[32];
};

static struct mm_text mm_text(double pt)
{
	struct mm_text t;
	snprintf(t.s, sizeof(t.s), "%.3f", mm(pt) + 0.0);
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

/* The faces printed: fronts, backs, and the special face when a special
 * card uses it. */
static bool face_used(const struct deck *deck, int f)
{
	if (f != FACE_SPECIAL)
		return true;
	if (!deck->tmpl->has_special)
		return false;
	for (size_t i = 0; i < deck->ncards; i++)
		if (deck->cards[i].special)
			return true;
	return false;
}

/* "Lato Bold, Lato Regular": the styles the template sets text in. */
static void fonts_used(const struct deck *deck, struct buf *out, bool json)
{
	struct buf seen;
	buf_init(&seen);
	for (int f = 0; f < FACE_COUNT_; f++) {
		if (!face_used(deck, f))
			continue;
		const struct face *face = &deck->tmpl->faces[f];
		for (size_t i = 0; i < face->count; i++) {
			const struct element *e = &face->elems[i];
			if (e->type != ELEM_TEXT)
				continue;
			char name[128];
			snprintf(name, sizeof(name), "%s %s%s", e->style.family,
			         weight_name(e->style.weight), e->style.italic ? " Italic" : "");
			char key[132];
			snprintf(key, sizeof(key), "|%s|", name);
			if (strstr(buf_str(&seen), key))
				continue;
			buf_puts(&seen, key);
			if (json)
				buf_printf(out, "%s\"%s\"", out->len ? ", " : "", name);
			else
				buf_printf(out, "%s%s", out->len ? ", " : "", name);
		}
	}
	buf_finish(&seen);
}

static const char *const order_text[] = {
        "front, back, front, back ... (front first, one file)",
        "back, front, back, front ... (back first, one file)",
        "fronts and backs in two files of equal length (.fronts and .backs)",
};

/* The files a spec lists: names, languages, and whether each is a PDF/X. */
struct spec_files {
	char *names[64];
	const char *langs[64], *what[64];
	bool pdfx[64];
	size_t count;
};

static void add_file(struct spec_files *f, const char *name, const char *lang, bool pdfx,
                     const char *what)
{
	if (f->count == 64)
		return;
	f->names[f->count] = xstrdup(name);
	f->langs[f->count] = lang;
	f->pdfx[f->count] = pdfx;
	f->what[f->count++] = what;
}

/* The files the build writes for deck in the languages opt asks for. */
static void list_files(struct spec_files *f, const struct build_options *opt,
                       const struct profile *pr, const struct deck *deck, bool print, bool pdfx)
{
	static const char *const parts[] = {".fronts", ".backs"};
	static const char *const what[2][3] = {
	        {"RGB, fronts and backs", "RGB, fronts", "RGB, backs"},
	        {"CMYK PDF/X-3, fronts and backs", "CMYK PDF/X-3, fronts", "CMYK PDF/X-3, backs"}};
	bool split = pr->order == ORDER_SPLIT;
	struct buf b;
	buf_init(&b);
	for (size_t l = 0; l < deck->langs.count; l++) {
		const char *code = deck->langs.codes[l];
		if (!item_wants_lang(opt, code))
			continue;
		for (int x = 0; x < 2; x++) {
			if (!(x ? pdfx : print))
				continue;
			for (int part = 0; part < (split ? 2 : 1); part++) {
				buf_clear(&b);
				buf_printf(&b, "%s.%s%s.%s.pdf", deck->id, code,
				           split ? parts[part] : "", x ? "pdfx" : "print");
				add_file(f, buf_str(&b), code, x, what[x][split ? 1 + part : 0]);
			}
		}
	}
	buf_finish(&b);
}

/* Appends the text and JSON forms of the spec for deck to txt and json. */
static void spec_format(const struct kit *kit, const struct deck *deck, bool pdfx,
                        const struct spec_files *files, struct buf *txt, struct buf *json)
{
	const struct profile *pr = kit->profile;
	double margin = sink_pdf_get_margin(deck->bleed, pr->marks);
	long copies = 0;
	for (size_t i = 0; i < deck->ncards; i++)
		copies += deck->cards[i].count;
	long pages = pr->order == ORDER_SPLIT ? copies : 2 * copies;
	struct buf fonts, fonts_json;
	buf_init(&fonts);
	buf_init(&fonts_json);
	fonts_used(deck, &fonts, false);
	fonts_used(deck, &fonts_json, true);
	const char *title = ltext_get(&deck->title, 0);

	buf_printf(txt, "Print specification: %s (%s)%s%s\n", title, deck->id,
	           deck->version[0] ? ", version " : "", deck->version);
	buf_printf(txt, "Kit:            %s\n", kit->name);
	buf_printf(txt, "Profile:        %s%s%s\n", pr->id, pr->name ? " - " : "",
	           pr->name ? pr->name : "");
	buf_printf(txt, "Trim size:      %s x %s mm (the finished card; TrimBox)\n",
	           mm_text(deck->trim_w).s, mm_text(deck->trim_h).s);
	buf_printf(txt, "Bleed:          %s mm on every side (BleedBox %s x %s mm)\n",
	           mm_text(deck->bleed).s, mm_text(deck->trim_w + 2 * deck->bleed).s,
	           mm_text(deck->trim_h + 2 * deck->bleed).s);
	buf_printf(txt, "Page size:      %s x %s mm%s\n", mm_text(deck->trim_w + 2 * margin).s,
	           mm_text(deck->trim_h + 2 * margin).s, pr->marks ? " (with crop marks)" : "");
	buf_printf(txt, "Safe margin:    %s mm inside the trim\n", mm_text(deck->safe).s);
	buf_printf(txt, "Crop marks:     %s\n",
	           pr->marks ? "0.25 pt, 5 mm long, outside the bleed" : "none");
	if (deck->corner_radius > 0)
		buf_printf(
		        txt,
		        "Corners:        rounded, %.4g mm radius; the die line is a 0.25 pt path "
		        "in the spot colour CutContour (overprint, not to be printed)\n",
		        mm(deck->corner_radius));
	buf_printf(txt, "Faces:          2 per card (front and back), one face per page\n");
	buf_printf(txt, "Page order:     %s\n", order_text[pr->order]);
	buf_printf(txt, "Cards:          %ld printed (%zu different)\n", copies, deck->ncards);
	buf_printf(txt, "Pages per file: %ld\n", pages);
	const struct printing_condition *pc = pr->icc ? NULL : pr->printing;
	const char *cond_id = pr->condition_id ? pr->condition_id : pc ? pc->id : NULL;
	if (pdfx && pc)
		buf_printf(txt,
		           "Colour:         RGB print PDF, and CMYK PDF/X-3:2002 (.pdfx.pdf) "
		           "converted with the ICC profile %s, made from the %s characterisation "
		           "data (%s.ti3) with ArgyllCMS, output condition %s; total ink at most "
		           "%.0f%%; black, grey and near-neutral dark text and lines up to 2 pt as "
		           "K only\n",
		           pc->file, pc->id, pc->data, cond_id, pr->ink_limit * 100);
	else if (pdfx)
		buf_printf(txt,
		           "Colour:         RGB print PDF, and CMYK PDF/X-3:2002 (.pdfx.pdf) "
		           "converted with %s%s%s; total ink at most %.0f%%\n",
		           pr->icc ? pr->icc : "Ghostscript's default CMYK profile",
		           cond_id ? ", output condition " : "", cond_id ? cond_id : "",
		           pr->ink_limit * 100);
	else
		buf_printf(txt,
		           "Colour:         RGB (sRGB); black, grey and near-neutral dark text "
		           "and lines up to 2 pt as K only (DeviceGray); areas as designed\n");
	buf_printf(txt, "Fonts:          all embedded and subset: %s\n", buf_str(&fonts));
	buf_printf(txt, "Stock:          %s\n", pr->stock ? pr->stock : "(ask the shop)");
	buf_printf(txt,
	           "Files:          print one copy of each file, which holds every copy of "
	           "every card; %s\n",
	           pdfx ? "send the CMYK PDF/X files (.pdfx.pdf): the RGB print PDFs hold the "
	                  "same pages"
	                : "send the print PDFs");
	for (size_t f = 0; f < files->count; f++)
		buf_printf(txt, "  %-36s %s, %ld pages\n", files->names[f], files->what[f], pages);
	buf_printf(txt, "Cards in each file (copies, %s):\n",
	           pr->order == ORDER_SPLIT ? "pages in each of the two files"
	                                    : "pages, front and back");
	long page = 1;
	for (size_t i = 0; i < deck->ncards; i++) {
		long n = deck->cards[i].count * (pr->order == ORDER_SPLIT ? 1 : 2);
		if (n == 1)
			buf_printf(txt, "  %-12s %ld  page %ld\n", deck->cards[i].id,
			           deck->cards[i].count, page);
		else
			buf_printf(txt, "  %-12s %ld  pages %ld-%ld\n", deck->cards[i].id,
			           deck->cards[i].count, page, page + n - 1);
		page += n;
	}

	buf_puts(json, "{\n  \"deck\": ");
	buf_put_json_string(json, deck->id);
	buf_puts(json, ",\n  \"title\": ");
	buf_put_json_string(json, title);
	buf_puts(json, ",\n  \"version\": ");
	buf_put_json_string(json, deck->version);
	buf_puts(json, ",\n  \"kit\": ");
	buf_put_json_string(json, kit->name);
	buf_puts(json, ",\n  \"profile\": ");
	buf_put_json_string(json, pr->id);
	buf_printf(json, ",\n  \"trim_mm\": [%s, %s],\n  \"bleed_mm\": %s,\n",
	           mm_text(deck->trim_w).s, mm_text(deck->trim_h).s, mm_text(deck->bleed).s);
	buf_printf(json, "  \"page_mm\": [%s, %s],\n  \"safe_mm\": %s,\n",
	           mm_text(deck->trim_w + 2 * margin).s, mm_text(deck->trim_h + 2 * margin).s,
	           mm_text(deck->safe).s);
	buf_printf(json, "  \"crop_marks\": %s,\n  \"faces_per_card\": 2,\n",
	           pr->marks ? "true" : "false");
	if (deck->corner_radius > 0)
		buf_printf(json, "  \"corner_radius_mm\": %.4f,\n  \"die_line\": \"CutContour\",\n",
		           mm(deck->corner_radius));
	buf_printf(json, "  \"page_order\": \"%s\",\n", page_order_names[pr->order]);
	buf_printf(json, "  \"cards_printed\": %ld,\n  \"cards_distinct\": %zu,\n", copies,
	           deck->ncards);
	buf_printf(json, "  \"pages_per_file\": %ld,\n", pages);
	buf_printf(json, "  \"colour\": {\"print\": \"RGB\", \"pdfx\": %s",
	           pdfx ? "true" : "false");
	if (pdfx) {
		buf_puts(json, ", \"icc\": ");
		buf_put_json_string(json, pr->icc ? pr->icc
		                          : pc    ? pc->file
		                                  : "ghostscript default_cmyk.icc");
		buf_puts(json, ", \"output_condition_id\": ");
		buf_put_json_string(json, cond_id ? cond_id : "Custom");
		buf_printf(json, ", \"ink_limit_percent\": %.0f", pr->ink_limit * 100);
	}
	buf_printf(json, "},\n  \"fonts\": [%s],\n  \"stock\": ", buf_str(&fonts_json));
	buf_put_json_string(json, pr->stock);
	buf_puts(json, ",\n  \"files\": [");
	for (size_t f = 0; f < files->count; f++) {
		buf_puts(json, f ? ",\n    " : "\n    ");
		buf_puts(json, "{\"name\": ");
		buf_put_json_string(json, files->names[f]);
		buf_puts(json, ", \"language\": ");
		buf_put_json_string(json, files->langs[f]);
		buf_printf(json, ", \"kind\": \"%s\", \"send\": %s, \"pages\": %ld}",
		           files->pdfx[f] ? "pdfx" : "print",
		           files->pdfx[f] == pdfx ? "true" : "false", pages);
	}
	buf_puts(json, "\n  ],\n  \"copies_of_each_file\": 1,\n  \"quantities\": {");
	for (size_t i = 0; i < deck->ncards; i++) {
		buf_puts(json, i ? ", " : "");
		buf_put_json_string(json, deck->cards[i].id);
		buf_printf(json, ": %ld", deck->cards[i].count);
	}
	buf_puts(json, "}\n}\n");
	buf_finish(&fonts);
	buf_finish(&fonts_json);
}

static bool write_buf(const char *path, const struct buf *b, struct diag *d)
{
	struct atomic_file f;
	if (!atomic_open(&f, path, d))
		return false;
	atomic_write(&f, buf_str(b), b->len);
	return atomic_commit(&f, d);
}

bool spec_write(const struct build_options *opt, const struct kit *kit, const struct deck *deck,
                bool print, bool pdfx, struct diag *d)
{
	const char *out_dir = opt->out_dir;
	struct buf txt, json, path;
	buf_init(&txt);
	buf_init(&json);
	buf_init(&path);
	struct spec_files files = {0};
	list_files(&files, opt, kit->profile, deck, print, pdfx);
	spec_format(kit, deck, pdfx, &files, &txt, &json);
	for (size_t i = 0; i < files.count; i++)
		free(files.names[i]);
	buf_printf(&path, "%s/%s/%s.print-spec.txt", out_dir, kit->name, deck->id);
	bool ok = write_buf(buf_str(&path), &txt, d);
	buf_clear(&path);
	buf_printf(&path, "%s/%s/%s.print-spec.json", out_dir, kit->name, deck->id);
	ok = ok && write_buf(buf_str(&path), &json, d);
	buf_finish(&txt);
	buf_finish(&json);
	buf_finish(&path);
	return ok;
}
