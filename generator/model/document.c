#include "model/document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/scalar.h"
#include "util/buf.h"
#include "util/suggest.h"

const char *const doc_block_names[BLOCK_COUNT_ + 1] = {
        [BLOCK_TITLE] = "title",
        [BLOCK_HEADING] = "heading",
        [BLOCK_PARAGRAPH] = "paragraph",
        [BLOCK_LIST] = "list",
        [BLOCK_IMAGE] = "image",
        [BLOCK_PAGE_BREAK] = "page-break",
        [BLOCK_COLUMN_BREAK] = "column-break",
        [BLOCK_FACTS] = "facts",
        [BLOCK_AGENDA] = "agenda",
        [BLOCK_TABLE] = "table",
        [BLOCK_QUESTIONS] = "questions",
        [BLOCK_AGREEMENTS] = "agreements",
        [BLOCK_NOTE] = "note",
        [BLOCK_LINES] = "lines",
        [BLOCK_BOX] = "box",
        [BLOCK_FIELDS] = "fields",
        [BLOCK_SCALE] = "scale",
        [BLOCK_CHECKLIST] = "checklist",
        [BLOCK_CARDS] = "cards",
        [BLOCK_COUNT_] = NULL,
};

/* "time", "duration", "title", ... indexed by enum agenda_field. */
static const char *const agenda_field_names[AGENDA_FIELD_COUNT_ + 1] = {
        [AGENDA_TIME] = "time",
        [AGENDA_DURATION] = "duration",
        [AGENDA_TITLE] = "title",
        [AGENDA_PURPOSE] = "purpose",
        [AGENDA_HOW] = "how",
        [AGENDA_GROUPING] = "grouping",
        [AGENDA_MATERIALS] = "materials",
        [AGENDA_OUTPUT] = "output",
        [AGENDA_NOTES] = "notes",
        [AGENDA_PLAN_B] = "plan-b",
        [AGENDA_WHO] = "who",
        [AGENDA_FIELD_COUNT_] = NULL,
};

/* The keys of each mapping, for read_map() and for the JSON schema. */
static const char *const document_keys[] = {
        "kind", "id",     "title", "subtitle", "subject", "author", "version", "languages",
        "page", "accent", "fonts", "header",   "footer",  "blocks", "about",   NULL};
static const char *const page_keys[] = {"size", "margins", "bleed", "columns", "gap", NULL};
static const char *const margin_keys[] = {"top", "bottom", "left", "right", NULL};
static const char *const fonts_keys[] = {"body", "headings", "size", NULL};
static const char *const header_keys[] = {"text", "logo", "logo-background", NULL};
static const char *const footer_keys[] = {"text", "page", NULL};

static const char *const keys_title[] = {"type", "text",           "subtitle", "cover",
                                         "span", "keep-with-next", "color",    NULL};
static const char *const keys_heading[] = {"type", "level", "text", "span", "keep-with-next", NULL};
static const char *const keys_paragraph[] = {"type", "text",           "align", "style",
                                             "span", "keep-with-next", NULL};
static const char *const keys_list[] = {"type", "items",          "numbered",
                                        "span", "keep-with-next", NULL};
static const char *const keys_image[] = {"type",           "src", "width", "height", "span",
                                         "keep-with-next", NULL};
static const char *const keys_break[] = {"type", NULL};
static const char *const keys_page_break[] = {"type", "empty-ok", NULL};
static const char *const keys_facts[] = {"type", "title",          "rows", "color",
                                         "span", "keep-with-next", NULL};
static const char *const keys_fact_row[] = {"label", "text", NULL};
static const char *const keys_agenda[] = {"type",  "start", "total-minutes",  "columns", "items",
                                          "color", "span",  "keep-with-next", "padding", NULL};
static const char *const keys_agenda_column[] = {"field", "label", "width", "weight", NULL};
static const char *const keys_agenda_item[] = {"minutes", "break",    "title",     "purpose",
                                               "how",     "grouping", "materials", "output",
                                               "notes",   "plan-b",   "who",       NULL};
static const char *const keys_table[] = {"type",           "columns", "rows",  "empty-rows",
                                         "row-height",     "header",  "color", "span",
                                         "keep-with-next", "padding", NULL};
static const char *const keys_padding[] = {"x", "y", NULL};
static const char *const keys_table_column[] = {"label", "width", "weight", NULL};
static const char *const keys_questions[] = {"type",  "title", "items",          "lines",
                                             "color", "span",  "keep-with-next", NULL};
static const char *const keys_agreements[] = {"type", "title",          "items", "color",
                                              "span", "keep-with-next", NULL};
static const char *const keys_note[] = {"type", "title",          "text", "color",
                                        "span", "keep-with-next", NULL};
static const char *const keys_lines[] = {"type", "label",          "count", "spacing",
                                         "span", "keep-with-next", NULL};
static const char *const keys_box[] = {"type",    "label", "lines",          "height",
                                       "spacing", "span",  "keep-with-next", NULL};
static const char *const keys_fields[] = {"type", "items", "span", "keep-with-next", NULL};
static const char *const keys_scale[] = {"type", "label", "kind",           "count", "low",
                                         "high", "span",  "keep-with-next", NULL};
static const char *const keys_checklist[] = {"type", "title",          "items",
                                             "span", "keep-with-next", NULL};
static const char *const keys_cards[] = {"type", "deck",    "cards", "categories",     "level",
                                         "show", "per-row", "span",  "keep-with-next", NULL};

static const char *const *const block_keys[BLOCK_COUNT_] = {
        [BLOCK_TITLE] = keys_title,
        [BLOCK_HEADING] = keys_heading,
        [BLOCK_PARAGRAPH] = keys_paragraph,
        [BLOCK_LIST] = keys_list,
        [BLOCK_IMAGE] = keys_image,
        [BLOCK_PAGE_BREAK] = keys_page_break,
        [BLOCK_COLUMN_BREAK] = keys_break,
        [BLOCK_FACTS] = keys_facts,
        [BLOCK_AGENDA] = keys_agenda,
        [BLOCK_TABLE] = keys_table,
        [BLOCK_QUESTIONS] = keys_questions,
        [BLOCK_AGREEMENTS] = keys_agreements,
        [BLOCK_NOTE] = keys_note,
        [BLOCK_LINES] = keys_lines,
        [BLOCK_BOX] = keys_box,
        [BLOCK_FIELDS] = keys_fields,
        [BLOCK_SCALE] = keys_scale,
        [BLOCK_CHECKLIST] = keys_checklist,
        [BLOCK_CARDS] = keys_cards,
};

static const char *const align_names[] = {"left", "justify", "start", NULL};
static const enum text_align align_values[] = {ALIGN_LEFT, ALIGN_JUSTIFY, ALIGN_START};
static const char *const style_names[] = {"body", "lead", "small", NULL};
static const char *const scale_names[] = {"smileys", "numbers", NULL};
static const char *const show_names[] = {"list", "thumbnails", NULL};

/* Fields the running header and footer may name. */
static const char *const furniture_fields[] = {"title",  "subtitle",  "version",
                                               "author", "kit.title", NULL};
static const char *const page_fields[] = {"page", "pages", NULL};

/* A narrow column still needs room for a word or two. */
#define MIN_FLEX_WIDTH (8 * PT_PER_MM)

struct rd {
	struct reader r;
	const struct doc_env *env;
	struct document *doc;
};

void doc_format_clock(long minutes, bool two_digits, char *buf, size_t n)
{
	long m = ((minutes % (24 * 60)) + 24 * 60) % (24 * 60);
	snprintf(buf, n, two_digits ? "%02ld:%02ld" : "%ld:%02ld", m / 60, m % 60);
}

/* "what" for messages about a block: "heading block". */
static const char *block_what(enum doc_block_type t, char *buf, size_t n)
{
	snprintf(buf, n, "%s block", doc_block_names[t]);
	return buf;
}

/* A text, or a list of texts (bullets). */
static bool read_doc_text(struct rd *c, const struct node *n, const char *what,
                          struct doc_text *out)
{
	*out = (struct doc_text){.mark = n->mark};
	if (n->type != NODE_SEQ) {
		if (node_is_null(n))
			return true;
		out->items = arena_alloc(&c->doc->arena, sizeof(*out->items));
		out->count = 1;
		return read_ltext(&c->r, n, what, &out->items[0]);
	}
	out->list = true;
	out->items =
	        arena_alloc_array(&c->doc->arena, n->count ? n->count : 1, sizeof(*out->items));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		if (n->items[i]->type == NODE_SEQ) {
			diag_error(c->r.d, n->items[i]->mark,
			           "%s holds a list inside a list; use one level", what);
			ok = false;
			continue;
		}
		ok &= read_ltext(&c->r, n->items[i], what, &out->items[out->count++]);
	}
	return ok;
}

/* A non-empty list of texts. */
static bool read_items(struct rd *c, const struct node *n, const char *what, struct ltext **out,
                       size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!read_seq(&c->r, n, what))
		return false;
	if (n->count == 0) {
		diag_error(c->r.d, n->mark, "%s is empty", what);
		return false;
	}
	*out = arena_alloc_array(&c->doc->arena, n->count, sizeof(**out));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++)
		ok &= read_ltext(&c->r, n->items[i], what, &(*out)[(*count)++]);
	return ok;
}

static const struct deck *find_deck(struct rd *c, const char *id)
{
	for (size_t i = 0; i < c->env->ndecks; i++)
		if (strcmp(c->env->decks[i]->id, id) == 0)
			return c->env->decks[i];
	return NULL;
}

/* Reports an unknown deck with a suggestion. */
static void unknown_deck(struct rd *c, const struct node *n, const char *id)
{
	if (c->env->deck_unread && c->env->deck_unread(id, c->env->deck_ctx))
		return; /* a deck with errors of its own, reported there */
	size_t nd = c->env->ndecks;
	const char **ids = xcalloc(nd ? nd : 1, sizeof(*ids));
	for (size_t i = 0; i < nd; i++)
		ids[i] = c->env->decks[i]->id;
	const char *s = suggest(id, ids, nd);
	if (s)
		diag_error(c->r.d, n->mark, "unknown deck '%s'; did you mean '%s'?", id, s);
	else if (nd)
		diag_error(c->r.d, n->mark, "unknown deck '%s'; the kit's decks are: %s%s", id,
		           ids[0], nd > 1 ? " ..." : "");
	else
		diag_error(c->r.d, n->mark, "unknown deck '%s'; the kit has no decks", id);
	free(ids);
}

/* "#RRGGBB", or "{deck/category}" for a category's colour. */
static bool read_doc_color(struct rd *c, const struct node *n, const char *what, struct color *out)
{
	if (n->type != NODE_SCALAR || n->str[0] != '{')
		return read_color(&c->r, n, what, out);
	size_t len = strlen(n->str);
	if (strncmp(n->str, "{brand.", 7) == 0 && n->str[len - 1] == '}') {
		char *name = xstrndup(n->str + 7, len - 8);
		const struct brand_color *bc = brand_find_color(c->env->brand, NULL, name);
		if (bc) {
			*out = bc->color;
		} else if (!c->env->brand) {
			diag_error(c->r.d, n->mark,
			           "colour '%s' names the brand, but the kit has no brand.yaml",
			           n->str);
		} else {
			size_t count;
			const char **names = brand_list_names(c->env->brand, NULL, false,
			                                      &c->doc->arena, &count);
			const char *s = suggest(name, names, count);
			if (s)
				diag_error(c->r.d, n->mark,
				           "the brand has no colour '%s'; did you mean '%s'?", name,
				           s);
			else
				diag_error(c->r.d, n->mark, "the brand has no colour '%s'", name);
		}
		free(name);
		return bc != NULL;
	}
	const char *slash = strchr(n->str, '/');
	if (len < 4 || n->str[len - 1] != '}' || !slash) {
		diag_error(c->r.d, n->mark,
		           "invalid colour '%s' for %s; use \"#RRGGBB\", a category's colour as "
		           "\"{deck/category}\" or a brand colour as \"{brand.name}\"",
		           n->str, what);
		return false;
	}
	char *deck_id = xstrndup(n->str + 1, (size_t)(slash - n->str - 1));
	char *cat_id = xstrndup(slash + 1, len - (size_t)(slash - n->str) - 2);
	bool ok = false;
	const struct deck *deck = find_deck(c, deck_id);
	if (!deck) {
		unknown_deck(c, n, deck_id);
	} else {
		const char **ids = xcalloc(deck->ncategories ? deck->ncategories : 1, sizeof(*ids));
		for (size_t i = 0; i < deck->ncategories && !ok; i++) {
			ids[i] = deck->categories[i].id;
			if (strcmp(deck->categories[i].id, cat_id) == 0) {
				*out = deck->categories[i].color;
				ok = true;
			}
		}
		if (!ok) {
			const char *s = suggest(cat_id, ids, deck->ncategories);
			if (s)
				diag_error(c->r.d, n->mark,
				           "deck '%s' has no category '%s'; did you mean '%s'?",
				           deck_id, cat_id, s);
			else
				diag_error(c->r.d, n->mark, "deck '%s' has no category '%s'",
				           deck_id, cat_id);
		}
		free(ids);
	}
	free(deck_id);
	free(cat_id);
	return ok;
}

/* Checks the {fields} of a header, footer or page text in every language. */
static bool check_fields(struct rd *c, const struct ltext *t, const char *const *allowed,
                         const char *what)
{
	size_t nallowed = 0;
	while (allowed[nallowed])
		nallowed++;
	bool ok = true;
	for (size_t l = 0; l < t->count; l++) {
		const char *s = ltext_get(t, l);
		for (const char *p = s; *p; p++) {
			if (p[0] == '{' && p[1] == '{') {
				p++;
				continue;
			}
			if (*p != '{')
				continue;
			const char *end = strchr(p, '}');
			if (!end) {
				diag_error(c->r.d, ltext_get_mark(t, l),
				           "unclosed '{' in %s; write '{{' for a literal brace",
				           what);
				ok = false;
				break;
			}
			char *name = xstrndup(p + 1, (size_t)(end - p - 1));
			bool known = false;
			for (size_t i = 0; i < nallowed && !known; i++)
				known = strcmp(name, allowed[i]) == 0;
			if (!known) {
				const char *sug = suggest(name, allowed, nallowed);
				struct buf b;
				buf_init(&b);
				for (size_t i = 0; i < nallowed; i++)
					buf_printf(&b, "%s{%s}", i ? ", " : "", allowed[i]);
				if (sug)
					diag_error(
					        c->r.d, ltext_get_mark(t, l),
					        "unknown field '{%s}' in %s; did you mean '{%s}'?",
					        name, what, sug);
				else
					diag_error(c->r.d, ltext_get_mark(t, l),
					           "unknown field '{%s}' in %s; it may use %s",
					           name, what, buf_str(&b));
				buf_finish(&b);
				ok = false;
			}
			free(name);
			p = end;
		}
	}
	return ok;
}

static bool read_page(struct rd *c, const struct node *n)
{
	struct document *doc = c->doc;
	struct reader *r = &c->r;
	doc->page_mark = n->mark;
	if (!read_map(r, n, page_keys, "page"))
		return false;
	bool ok = true;
	const struct node *v;
	if ((v = node_get(n, "size"))) {
		doc->size_mark = v->mark;
		const char *s;
		if (read_string(r, v, "page size", &s)) {
			const char *hint = scalar_parse_size(s, &doc->page_w, &doc->page_h);
			if (hint) {
				diag_error(r->d, v->mark, "invalid page size '%s'; %s", s, hint);
				ok = false;
			}
		} else {
			ok = false;
		}
	}
	if ((v = node_get(n, "margins"))) {
		if (v->type == NODE_MAP) {
			ok &= read_map(r, v, margin_keys, "margins");
			double *dst[4] = {&doc->margin_top, &doc->margin_bottom, &doc->margin_left,
			                  &doc->margin_right};
			for (int i = 0; i < 4; i++) {
				const struct node *m = node_get(v, margin_keys[i]);
				if (m)
					ok &= read_extent(r, m, "margin", dst[i]);
			}
		} else {
			double m;
			if (read_extent(r, v, "margins", &m))
				doc->margin_top = doc->margin_bottom = doc->margin_left =
				        doc->margin_right = m;
			else
				ok = false;
		}
	}
	if ((v = node_get(n, "bleed")))
		ok &= read_extent(r, v, "bleed", &doc->bleed);
	if ((v = node_get(n, "columns")))
		ok &= read_int(r, v, "columns", 1, 2, &doc->columns);
	if ((v = node_get(n, "gap")))
		ok &= read_extent(r, v, "column gap", &doc->gap);
	if (!ok)
		return false;
	double text_w = doc->page_w - doc->margin_left - doc->margin_right;
	double text_h = doc->page_h - doc->margin_top - doc->margin_bottom;
	if (text_w < 20 * PT_PER_MM || text_h < 20 * PT_PER_MM) {
		diag_error(r->d, n->mark,
		           "the margins leave %.1fmm x %.1fmm of the page; at least 20mm x 20mm is "
		           "needed",
		           text_w / PT_PER_MM, text_h / PT_PER_MM);
		return false;
	}
	if ((text_w - doc->gap * (double)(doc->columns - 1)) / (double)doc->columns <
	    15 * PT_PER_MM) {
		diag_error(r->d, n->mark, "the columns would be narrower than 15mm");
		return false;
	}
	return profile_check_page_size(doc->page_w, doc->page_h, doc->bleed, "page",
	                               doc->size_mark.file ? doc->size_mark : n->mark, r->d);
}

static bool read_fonts(struct rd *c, const struct node *n)
{
	struct reader *r = &c->r;
	if (!read_map(r, n, fonts_keys, "fonts"))
		return false;
	bool ok = true;
	const char *names[2] = {"body", "headings"};
	const char **dst[2] = {&c->doc->body_family, &c->doc->heading_family};
	for (int i = 0; i < 2; i++) {
		const struct node *v = node_get(n, names[i]);
		if (!v)
			continue;
		const char *fam;
		if (!read_string(r, v, "font family", &fam)) {
			ok = false;
			continue;
		}
		if (c->env->check_family &&
		    !c->env->check_family(fam, v->mark, c->env->fonts_ctx)) {
			ok = false;
			continue;
		}
		*dst[i] = fam;
	}
	const struct node *v = node_get(n, "size");
	if (v && read_length(r, v, "font size", &c->doc->body_size)) {
		if (c->doc->body_size < 6 || c->doc->body_size > 16) {
			diag_error(r->d, v->mark, "body font size must be from 6pt to 16pt");
			ok = false;
		}
	} else if (v) {
		ok = false;
	}
	return ok;
}

static bool read_furniture(struct rd *c, const struct node *n, bool footer)
{
	struct document *doc = c->doc;
	struct reader *r = &c->r;
	const char *what = footer ? "footer" : "header";
	if (n->type == NODE_SCALAR) {
		bool on;
		if (!read_bool(r, n, what, &on))
			return false;
		if (footer)
			doc->has_footer = on;
		else
			doc->has_header = on;
		return true;
	}
	if (!read_map(r, n, footer ? footer_keys : header_keys, what))
		return false;
	bool ok = true;
	const struct node *v;
	struct ltext *text = footer ? &doc->footer_text : &doc->header_text;
	if ((v = node_get(n, "text")) &&
	    read_ltext(r, v, footer ? "footer text" : "header text", text))
		ok &= check_fields(c, text, furniture_fields, footer ? "the footer" : "the header");
	else if (v)
		ok = false;
	if (!footer && (v = node_get(n, "logo"))) {
		doc->logo_mark = v->mark;
		ok &= read_path(r, v, "logo", &doc->logo);
	}
	if (!footer && (v = node_get(n, "logo-background"))) {
		doc->has_logo_bg = read_doc_color(c, v, "logo-background", &doc->logo_bg);
		ok &= doc->has_logo_bg;
	}
	if (footer && (v = node_get(n, "page"))) {
		if (read_ltext(r, v, "page number text", &doc->page_text))
			ok &= check_fields(c, &doc->page_text, page_fields, "the page number text");
		else
			ok = false;
	}
	return ok;
}

/* Column widths must leave the flexible columns some room. */
static bool check_widths(struct rd *c, struct doc_block *b, double avail)
{
	double fixed = 0;
	size_t nflex = 0;
	for (size_t i = 0; i < b->ncolumns; i++) {
		if (b->columns[i].width > 0)
			fixed += b->columns[i].width;
		else
			nflex++;
	}
	if (fixed + (double)nflex * MIN_FLEX_WIDTH <= avail + 0.01)
		return true;
	if (nflex)
		diag_error(c->r.d, b->columns_mark,
		           "the fixed column widths add up to %.1fmm and leave %.1fmm for %zu "
		           "flexible "
		           "column%s, which need %.0fmm each; the %s is %.1fmm wide",
		           fixed / PT_PER_MM, (avail - fixed) / PT_PER_MM, nflex,
		           nflex > 1 ? "s" : "", MIN_FLEX_WIDTH / PT_PER_MM,
		           b->span ? "page's text area" : "column", avail / PT_PER_MM);
	else
		diag_error(c->r.d, b->columns_mark,
		           "the column widths add up to %.1fmm, more than the %.1fmm the %s has",
		           fixed / PT_PER_MM, avail / PT_PER_MM,
		           b->span ? "page's text area" : "column");
	return false;
}

/* The width a block has: the text area, or one column of it. */
static double block_width(const struct document *doc, const struct doc_block *b)
{
	double text_w = doc->page_w - doc->margin_left - doc->margin_right;
	if (b->span || doc->columns == 1)
		return text_w;
	return (text_w - doc->gap * (double)(doc->columns - 1)) / (double)doc->columns;
}

static bool read_column_width(struct rd *c, const struct node *col, struct doc_column *out)
{
	bool ok = true;
	const struct node *v;
	out->weight = 1;
	if ((v = node_get(col, "width"))) {
		ok &= read_extent(&c->r, v, "column width", &out->width);
		if (ok && out->width <= 0) {
			diag_error(c->r.d, v->mark, "column width must be more than 0mm");
			ok = false;
		}
	}
	if ((v = node_get(col, "weight"))) {
		ok &= read_number(&c->r, v, "column weight", 0.1, 100, &out->weight);
		out->has_weight = true;
		if (node_get(col, "width")) {
			diag_error(c->r.d, v->mark,
			           "a column has a 'width' or a 'weight', not both");
			ok = false;
		}
	}
	return ok;
}

/* A table's or agenda's `padding:`, a length for both or {x, y}; without
 * it, the padding follows the text size (layout/doc.c). */
static bool read_padding(struct rd *c, const struct node *n, struct doc_block *b)
{
	struct reader *r = &c->r;
	const struct node *v = node_get(n, "padding");
	b->pad_x = b->pad_y = -1;
	if (!v)
		return true;
	if (v->type != NODE_MAP) {
		if (!read_extent(r, v, "padding", &b->pad_x))
			return false;
		b->pad_y = b->pad_x;
		return true;
	}
	if (!read_map(r, v, keys_padding, "padding"))
		return false;
	bool ok = true;
	const struct node *x = node_get(v, "x"), *y = node_get(v, "y");
	if (x)
		ok &= read_extent(r, x, "padding x", &b->pad_x);
	if (y)
		ok &= read_extent(r, y, "padding y", &b->pad_y);
	return ok;
}

static bool read_table(struct rd *c, const struct node *n, struct doc_block *b)
{
	struct reader *r = &c->r;
	bool ok = true;
	b->header = true;
	const struct node *cols = read_required(r, n, "columns", "table block");
	if (!cols)
		return false;
	b->columns_mark = cols->mark;
	if (!read_seq(r, cols, "table columns"))
		return false;
	if (cols->count == 0 || cols->count > 20) {
		diag_error(r->d, cols->mark, "a table has from 1 to 20 columns, not %zu",
		           (size_t)cols->count);
		return false;
	}
	b->ncolumns = cols->count;
	b->columns = arena_alloc_array(&c->doc->arena, b->ncolumns, sizeof(*b->columns));
	for (size_t i = 0; i < cols->count; i++) {
		const struct node *col = cols->items[i];
		struct doc_column *dc = &b->columns[i];
		dc->mark = col->mark;
		dc->weight = 1;
		/* a column is its label (a text or language map), or a mapping
		 * with label, width or weight */
		bool spec = col->type == NODE_MAP &&
		            (node_get(col, "label") || node_get(col, "width") ||
		             node_get(col, "weight"));
		if (!spec) {
			ok &= read_ltext(r, col, "column label", &dc->label);
			continue;
		}
		ok &= read_map(r, col, keys_table_column, "table column");
		const struct node *l = node_get(col, "label");
		if (l)
			ok &= read_ltext(r, l, "column label", &dc->label);
		ok &= read_column_width(c, col, dc);
	}
	const struct node *v;
	if ((v = node_get(n, "header")))
		ok &= read_bool(r, v, "header", &b->header);
	ok &= read_padding(c, n, b);
	if ((v = node_get(n, "empty-rows")))
		ok &= read_int(r, v, "empty-rows", 0, 100, &b->empty_rows);
	if ((v = node_get(n, "row-height"))) {
		ok &= read_extent(r, v, "row-height", &b->row_height);
	}
	const struct node *rows = node_get(n, "rows");
	if (rows && read_seq(r, rows, "table rows")) {
		b->nrows = rows->count;
		b->cells = arena_alloc_array(&c->doc->arena, b->nrows * b->ncolumns + 1,
		                             sizeof(*b->cells));
		b->row_marks =
		        arena_alloc_array(&c->doc->arena, b->nrows + 1, sizeof(*b->row_marks));
		for (size_t i = 0; i < rows->count; i++) {
			const struct node *row = rows->items[i];
			b->row_marks[i] = row->mark;
			if (!read_seq(r, row, "table row")) {
				ok = false;
				continue;
			}
			if (row->count != b->ncolumns) {
				diag_error(r->d, row->mark,
				           "this row has %zu cell%s, but the table has %zu columns",
				           (size_t)row->count, row->count == 1 ? "" : "s",
				           b->ncolumns);
				ok = false;
				continue;
			}
			for (size_t j = 0; j < row->count; j++)
				ok &= read_doc_text(c, row->items[j], "table cell",
				                    &b->cells[i * b->ncolumns + j]);
		}
	} else if (rows) {
		ok = false;
	}
	if (ok && b->nrows == 0 && b->empty_rows == 0) {
		diag_error(r->d, n->mark, "table has no 'rows' and no 'empty-rows'");
		ok = false;
	}
	if (ok && b->empty_rows > 0 && b->row_height <= 0)
		b->row_height = 10 * PT_PER_MM;
	return ok;
}

static bool read_facts(struct rd *c, const struct node *n, struct doc_block *b)
{
	struct reader *r = &c->r;
	bool ok = true;
	const struct node *v;
	if ((v = node_get(n, "title")))
		ok &= read_ltext(r, v, "title", &b->title);
	const struct node *rows = read_required(r, n, "rows", "facts block");
	if (!rows || !read_seq(r, rows, "facts rows"))
		return false;
	b->ncolumns = 2;
	b->columns = arena_alloc_array(&c->doc->arena, 2, sizeof(*b->columns));
	b->columns[0] = (struct doc_column){.weight = 1, .mark = n->mark};
	b->columns[1] = (struct doc_column){.weight = 2.8, .mark = n->mark};
	b->nrows = rows->count;
	b->cells = arena_alloc_array(&c->doc->arena, 2 * b->nrows + 1, sizeof(*b->cells));
	b->row_marks = arena_alloc_array(&c->doc->arena, b->nrows + 1, sizeof(*b->row_marks));
	for (size_t i = 0; i < rows->count; i++) {
		const struct node *row = rows->items[i];
		b->row_marks[i] = row->mark;
		if (!read_map(r, row, keys_fact_row, "facts row")) {
			ok = false;
			continue;
		}
		const struct node *label = read_required(r, row, "label", "facts row");
		const struct node *text = read_required(r, row, "text", "facts row");
		if (label)
			ok &= read_doc_text(c, label, "label", &b->cells[2 * i]);
		if (text)
			ok &= read_doc_text(c, text, "facts text", &b->cells[2 * i + 1]);
		ok &= label && text;
	}
	if (rows->count == 0) {
		diag_error(r->d, rows->mark, "facts rows is empty");
		ok = false;
	}
	return ok;
}

/* "9:00" or "09:00" (or "0:00" for times from the start). */
static bool read_clock(struct rd *c, const struct node *n, long *out, bool *two_digits)
{
	const char *s;
	if (!read_string(&c->r, n, "start time", &s))
		return false;
	const char *colon = strchr(s, ':');
	long h = -1, m = -1;
	bool ok = colon && colon > s && colon - s <= 2 && strlen(colon + 1) == 2;
	if (ok) {
		char hh[3] = {0};
		memcpy(hh, s, (size_t)(colon - s));
		ok = !scalar_parse_int(hh, 0, 23, &h) && !scalar_parse_int(colon + 1, 0, 59, &m) &&
		     hh[0] != '+' && hh[0] != '-' && colon[1] != '+' && colon[1] != '-';
	}
	if (!ok) {
		diag_error(
		        c->r.d, n->mark,
		        "invalid start time '%s'; write hours and minutes as \"9:00\" or \"0:00\"",
		        s);
		return false;
	}
	*out = h * 60 + m;
	*two_digits = colon - s == 2;
	return true;
}

static bool read_agenda(struct rd *c, const struct node *n, struct doc_block *b)
{
	struct reader *r = &c->r;
	bool ok = true;
	const struct node *v;
	b->header = true;
	ok &= read_padding(c, n, b);
	if ((v = node_get(n, "start")))
		ok &= read_clock(c, v, &b->start, &b->start_two_digits);
	const struct node *cols = read_required(r, n, "columns", "agenda block");
	const struct node *items = read_required(r, n, "items", "agenda block");
	if (!cols || !items)
		return false;
	b->columns_mark = cols->mark;
	if (!read_seq(r, cols, "agenda columns") || !read_seq(r, items, "agenda items"))
		return false;
	if (cols->count == 0 || cols->count > 12) {
		diag_error(r->d, cols->mark, "an agenda has from 1 to 12 columns, not %zu",
		           (size_t)cols->count);
		return false;
	}
	b->ncolumns = cols->count;
	b->columns = arena_alloc_array(&c->doc->arena, b->ncolumns, sizeof(*b->columns));
	bool fields_ok = true; /* else items are not checked against the columns */
	for (size_t i = 0; i < cols->count; i++) {
		const struct node *col = cols->items[i];
		struct doc_column *dc = &b->columns[i];
		dc->mark = col->mark;
		dc->field = AGENDA_FIELD_COUNT_;
		if (!read_map(r, col, keys_agenda_column, "agenda column")) {
			ok = fields_ok = false;
			continue;
		}
		const struct node *f = read_required(r, col, "field", "agenda column");
		int field = 0;
		if (f && read_enum(r, f, "agenda field", agenda_field_names, &field)) {
			dc->field = (enum agenda_field)field;
			for (size_t j = 0; j < i; j++) {
				if (b->columns[j].field == dc->field) {
					diag_error(r->d, f->mark,
					           "agenda field '%s' has a column already",
					           f->str);
					ok = false;
				}
			}
		} else {
			ok = fields_ok = false;
		}
		if ((f = node_get(col, "label")))
			ok &= read_ltext(r, f, "column label", &dc->label);
		ok &= read_column_width(c, col, dc);
	}
	if (items->count == 0) {
		diag_error(r->d, items->mark, "agenda items is empty");
		return false;
	}
	b->nrows = items->count;
	b->cells = arena_alloc_array(&c->doc->arena, b->nrows * b->ncolumns, sizeof(*b->cells));
	b->row_marks = arena_alloc_array(&c->doc->arena, b->nrows, sizeof(*b->row_marks));
	b->minutes = arena_alloc_array(&c->doc->arena, b->nrows, sizeof(*b->minutes));
	b->is_break = arena_alloc_array(&c->doc->arena, b->nrows, sizeof(*b->is_break));
	long total = 0;
	for (size_t i = 0; i < items->count; i++) {
		const struct node *it = items->items[i];
		b->row_marks[i] = it->mark;
		if (!read_map(r, it, keys_agenda_item, "agenda item")) {
			ok = false;
			if (it->type != NODE_MAP)
				continue;
		}
		const struct node *m = read_required(r, it, "minutes", "agenda item");
		if (m && read_int(r, m, "minutes", 1, 24 * 60, &b->minutes[i]))
			total += b->minutes[i];
		else
			ok = false;
		if ((m = node_get(it, "break")))
			ok &= read_bool(r, m, "break", &b->is_break[i]);
		for (size_t k = 0; k < it->count; k++) {
			const struct node *key = it->pairs[k].key;
			int field = -1;
			for (int f = AGENDA_TITLE; f < AGENDA_FIELD_COUNT_ && field < 0; f++)
				if (strcmp(key->str, agenda_field_names[f]) == 0)
					field = f;
			if (field < 0)
				continue;
			size_t col = b->ncolumns;
			for (size_t j = 0; j < b->ncolumns && col == b->ncolumns; j++)
				if ((int)b->columns[j].field == field)
					col = j;
			if (col == b->ncolumns) {
				ok = false;
				if (!fields_ok)
					continue;
				diag_error(r->d, key->mark,
				           "agenda item has '%s', but no column shows it; add a "
				           "column with "
				           "'field: %s'",
				           key->str, key->str);
				continue;
			}
			ok &= read_doc_text(c, it->pairs[k].value, agenda_field_names[field],
			                    &b->cells[i * b->ncolumns + col]);
		}
	}
	if ((v = node_get(n, "total-minutes"))) {
		long want;
		if (!read_int(r, v, "total-minutes", 1, 7 * 24 * 60, &want)) {
			ok = false;
		} else if (ok && want != total) {
			diag_error(r->d, v->mark,
			           "the agenda items add up to %ld minutes (%ld:%02ld), not %ld "
			           "(%ld:%02ld)",
			           total, total / 60, total % 60, want, want / 60, want % 60);
			ok = false;
		}
	}
	return ok;
}

/* Lists of ids, such as cards: [T01, K10]. */
static bool read_id_list(struct rd *c, const struct node *n, const char *what)
{
	if (!read_seq(&c->r, n, what))
		return false;
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const char *id;
		ok &= read_id(&c->r, n->items[i], what, &id);
	}
	return ok;
}

static bool read_cards(struct rd *c, const struct node *n, struct doc_block *b)
{
	struct reader *r = &c->r;
	bool ok = true;
	const struct node *v = node_get(n, "deck");
	if (v) {
		const char *id;
		if (!read_id(r, v, "deck", &id))
			return false;
		b->deck = find_deck(c, id);
		if (!b->deck) {
			unknown_deck(c, v, id);
			return false;
		}
	} else if (c->env->ndecks == 1) {
		b->deck = c->env->decks[0];
	} else {
		diag_error(r->d, n->mark, "cards block has no 'deck' (the kit has %zu decks)",
		           c->env->ndecks);
		return false;
	}
	const struct deck *deck = b->deck;
	for (size_t l = 0; l < c->doc->langs.count; l++) {
		if (langs_find(&deck->langs, c->doc->langs.codes[l]) < 0) {
			diag_error(r->d, v ? v->mark : n->mark, "deck '%s' has no language '%s'",
			           deck->id, c->doc->langs.codes[l]);
			ok = false;
		}
	}
	if ((v = node_get(n, "show"))) {
		int s = 0;
		ok &= read_enum(r, v, "show", show_names, &s);
		b->show = (enum cards_show)s;
	}
	b->per_row = 4;
	if ((v = node_get(n, "per-row")))
		ok &= read_int(r, v, "per-row", 1, 8, &b->per_row);
	long level = 0;
	if ((v = node_get(n, "level")))
		ok &= read_int(r, v, "level", 1, 3, &level);
	const struct node *ids = node_get(n, "cards"), *cats = node_get(n, "categories");
	if (ids)
		ok &= read_id_list(c, ids, "card id");
	if (cats)
		ok &= read_id_list(c, cats, "category");
	if (!ok)
		return false;
	bool *want = xcalloc(deck->ncards ? deck->ncards : 1, sizeof(*want));
	const char **all = xcalloc(deck->ncards + deck->ncategories + 1, sizeof(*all));
	for (size_t i = 0; ids && i < ids->count; i++) {
		const char *id = ids->items[i]->str;
		size_t k = 0;
		while (k < deck->ncards && strcmp(deck->cards[k].id, id) != 0)
			k++;
		if (k < deck->ncards) {
			want[k] = true;
			continue;
		}
		for (size_t j = 0; j < deck->ncards; j++)
			all[j] = deck->cards[j].id;
		const char *s = suggest(id, all, deck->ncards);
		if (s)
			diag_error(r->d, ids->items[i]->mark,
			           "deck '%s' has no card '%s'; did you mean '%s'?", deck->id, id,
			           s);
		else
			diag_error(r->d, ids->items[i]->mark, "deck '%s' has no card '%s'",
			           deck->id, id);
		ok = false;
	}
	for (size_t i = 0; cats && i < cats->count; i++) {
		const char *id = cats->items[i]->str;
		size_t k = 0;
		while (k < deck->ncategories && strcmp(deck->categories[k].id, id) != 0)
			k++;
		if (k == deck->ncategories) {
			for (size_t j = 0; j < deck->ncategories; j++)
				all[j] = deck->categories[j].id;
			const char *s = suggest(id, all, deck->ncategories);
			if (s)
				diag_error(r->d, cats->items[i]->mark,
				           "deck '%s' has no category '%s'; did you mean '%s'?",
				           deck->id, id, s);
			else
				diag_error(r->d, cats->items[i]->mark,
				           "deck '%s' has no category '%s'", deck->id, id);
			ok = false;
			continue;
		}
		for (size_t j = 0; j < deck->ncards; j++)
			if (deck->cards[j].category == &deck->categories[k] &&
			    (!level || deck->cards[j].level == level))
				want[j] = true;
	}
	if (!ids && !cats)
		for (size_t j = 0; j < deck->ncards; j++)
			if (!deck->cards[j].special && (!level || deck->cards[j].level == level))
				want[j] = true;
	b->cards = arena_alloc_array(&c->doc->arena, deck->ncards ? deck->ncards : 1,
	                             sizeof(*b->cards));
	for (size_t j = 0; j < deck->ncards; j++)
		if (want[j])
			b->cards[b->ncards++] = &deck->cards[j];
	free(want);
	free(all);
	if (ok && b->ncards == 0) {
		diag_error(r->d, n->mark, "no card of deck '%s' matches this cards block",
		           deck->id);
		ok = false;
	}
	return ok;
}

/* The keys of a paragraph or a note. */
static bool read_paragraph(struct rd *c, const struct node *n, const char *what,
                           struct doc_block *b)
{
	struct reader *r = &c->r;
	const struct node *v;
	bool ok = true;
	if ((v = read_required(r, n, "text", what)))
		ok &= read_ltext(r, v, "text", &b->text);
	else
		ok = false;
	if ((v = node_get(n, "title")))
		ok &= read_ltext(r, v, "title", &b->title);
	if ((v = node_get(n, "align"))) {
		int a = 0;
		ok &= read_enum(r, v, "align", align_names, &a);
		b->align = align_values[a];
	}
	if ((v = node_get(n, "style"))) {
		int s = 0;
		ok &= read_enum(r, v, "paragraph style", style_names, &s);
		b->style = (enum doc_par_style)s;
	}
	return ok;
}

/* The keys of a list, agreements, checklist, fields or questions block. */
static bool read_list(struct rd *c, const struct node *n, const char *what, struct doc_block *b)
{
	struct reader *r = &c->r;
	const struct node *v;
	bool ok = true;
	if ((v = read_required(r, n, "items", what)))
		ok &= read_items(c, v, "items", &b->items, &b->nitems);
	else
		ok = false;
	if ((v = node_get(n, "numbered")))
		ok &= read_bool(r, v, "numbered", &b->numbered);
	if ((v = node_get(n, "title")))
		ok &= read_ltext(r, v, "title", &b->title);
	if ((v = node_get(n, "lines")))
		ok &= read_int(r, v, "lines", 0, 10, &b->count);
	b->spacing = 8 * PT_PER_MM;
	return ok;
}

/* The keys of an image block, clearing *ok on a problem. A check that compares
 * values runs only while *ok holds, so that it does not pile onto an
 * earlier error of the block. */
static void read_image(struct rd *c, const struct node *n, const char *what, struct doc_block *b,
                       bool *ok)
{
	struct reader *r = &c->r;
	const struct node *v;
	if ((v = read_required(r, n, "src", what))) {
		b->src_mark = v->mark;
		*ok &= read_path(r, v, "image", &b->src);
	} else {
		*ok = false;
	}
	if ((v = read_required(r, n, "height", what))) {
		*ok &= read_extent(r, v, "image height", &b->height);
		if (*ok && b->height <= 0) {
			diag_error(r->d, v->mark, "image height must be more than 0mm");
			*ok = false;
		}
	} else {
		*ok = false;
	}
	if ((v = node_get(n, "width")))
		*ok &= read_extent(r, v, "image width", &b->width);
	if (*ok && b->width > block_width(c->doc, b) + 0.01) {
		diag_error(r->d, v->mark, "image width %.1fmm is wider than the %.1fmm column",
		           b->width / PT_PER_MM, block_width(c->doc, b) / PT_PER_MM);
		*ok = false;
	}
}

/* The keys of a lines or box block, clearing *ok on a problem. A check that
 * compares values runs only while *ok holds, so that it does not pile onto
 * an earlier error of the block. */
static void read_lines(struct rd *c, const struct node *n, struct doc_block *b, bool *ok)
{
	struct reader *r = &c->r;
	const struct node *v;
	b->count = b->type == BLOCK_LINES ? 3 : 0;
	b->spacing = 9 * PT_PER_MM;
	if ((v = node_get(n, "label")))
		*ok &= read_ltext(r, v, "label", &b->title);
	if ((v = node_get(n, b->type == BLOCK_LINES ? "count" : "lines")))
		*ok &= read_int(r, v, "number of lines", b->type == BLOCK_LINES ? 1 : 0, 50,
		                &b->count);
	if ((v = node_get(n, "spacing"))) {
		*ok &= read_extent(r, v, "line spacing", &b->spacing);
		if (*ok && b->spacing < 4 * PT_PER_MM) {
			diag_error(r->d, v->mark, "write-in lines need at least 4mm of spacing");
			*ok = false;
		}
	}
	if ((v = node_get(n, "height")))
		*ok &= read_extent(r, v, "box height", &b->height);
	if (b->type == BLOCK_BOX && b->count == 0 && b->height <= 0)
		b->height = 30 * PT_PER_MM;
}

/* The keys of a scale block, clearing *ok on a problem. A check that compares
 * values runs only while *ok holds, so that it does not pile onto an
 * earlier error of the block. */
static void read_scale(struct rd *c, const struct node *n, const char *what, struct doc_block *b,
                       bool *ok)
{
	struct reader *r = &c->r;
	const struct node *v;
	if ((v = read_required(r, n, "label", what)))
		*ok &= read_ltext(r, v, "label", &b->title);
	else
		*ok = false;
	if ((v = node_get(n, "kind"))) {
		int s = 0;
		*ok &= read_enum(r, v, "scale kind", scale_names, &s);
		b->scale = (enum scale_kind)s;
	}
	b->count = b->scale == SCALE_SMILEYS ? 3 : 5;
	if ((v = node_get(n, "count"))) {
		*ok &= read_int(r, v, "count", 2, 10, &b->count);
		if (*ok && b->scale == SCALE_SMILEYS && b->count != 3 && b->count != 5) {
			diag_error(r->d, v->mark, "a smiley scale has 3 or 5 faces, not %ld",
			           b->count);
			*ok = false;
		}
	}
	if ((v = node_get(n, "low")))
		*ok &= read_ltext(r, v, "label", &b->low);
	if ((v = node_get(n, "high")))
		*ok &= read_ltext(r, v, "label", &b->high);
}

static bool read_block(struct rd *c, const struct node *n, struct doc_block *b)
{
	struct reader *r = &c->r;
	*b = (struct doc_block){.mark = n->mark};
	if (n->type != NODE_MAP) {
		diag_error(r->d, n->mark, "a block must be a mapping with a 'type:', not %s",
		           node_type_name(n));
		return false;
	}
	const struct node *t = node_get(n, "type");
	if (!t) {
		diag_error(r->d, n->mark, "block has no 'type'");
		return false;
	}
	int type = 0;
	if (!read_enum(r, t, "block type", doc_block_names, &type))
		return false;
	b->type = (enum doc_block_type)type;
	char what[48];
	block_what(b->type, what, sizeof(what));
	bool ok = read_map(r, n, block_keys[type], what);
	const struct node *v;
	if ((v = node_get(n, "span")))
		ok &= read_bool(r, v, "span", &b->span);
	if ((v = node_get(n, "keep-with-next")))
		ok &= read_bool(r, v, "keep-with-next", &b->keep_next);
	if ((v = node_get(n, "color"))) {
		b->has_color = read_doc_color(c, v, "color", &b->color);
		ok &= b->has_color;
	}
	switch (b->type) {
	case BLOCK_TITLE:
		if ((v = node_get(n, "cover")))
			ok &= read_bool(r, v, "cover", &b->cover);
		if ((v = node_get(n, "text")))
			ok &= read_ltext(r, v, "title", &b->title);
		if ((v = node_get(n, "subtitle")))
			ok &= read_ltext(r, v, "subtitle", &b->subtitle);
		break;
	case BLOCK_HEADING:
		b->level = 1;
		if ((v = node_get(n, "level")))
			ok &= read_int(r, v, "heading level", 1, 3, &b->level);
		if ((v = read_required(r, n, "text", what)))
			ok &= read_ltext(r, v, "heading", &b->title);
		else
			ok = false;
		break;
	case BLOCK_PARAGRAPH:
	case BLOCK_NOTE:
		ok &= read_paragraph(c, n, what, b);
		break;
	case BLOCK_LIST:
	case BLOCK_AGREEMENTS:
	case BLOCK_CHECKLIST:
	case BLOCK_FIELDS:
	case BLOCK_QUESTIONS:
		ok &= read_list(c, n, what, b);
		break;
	case BLOCK_IMAGE:
		read_image(c, n, what, b, &ok);
		break;
	case BLOCK_PAGE_BREAK:
		if ((v = node_get(n, "empty-ok")))
			ok &= read_bool(r, v, "empty-ok", &b->empty_ok);
		break;
	case BLOCK_COLUMN_BREAK:
		break;
	case BLOCK_FACTS:
		ok &= read_facts(c, n, b);
		break;
	case BLOCK_AGENDA:
		if (read_agenda(c, n, b))
			ok &= check_widths(c, b, block_width(c->doc, b));
		else
			ok = false;
		break;
	case BLOCK_TABLE:
		if (read_table(c, n, b))
			ok &= check_widths(c, b, block_width(c->doc, b));
		else
			ok = false;
		break;
	case BLOCK_LINES:
	case BLOCK_BOX:
		read_lines(c, n, b, &ok);
		break;
	case BLOCK_SCALE:
		read_scale(c, n, what, b, &ok);
		break;
	case BLOCK_CARDS:
		ok &= read_cards(c, n, b);
		break;
	case BLOCK_COUNT_:
		break;
	}
	return ok;
}

/* The kit's brand restyles documents as it does decks: its colours and
 * fonts are the defaults a document's own settings override. */
static void apply_brand(struct document *doc, const struct doc_env *env)
{
	const struct brand *b = env->brand;
	if (!b)
		return;
	static const char *const names[] = {"primary", "text", "muted", "rule", "on-color"};
	struct color *dst[] = {&doc->accent, &doc->ink, &doc->muted, &doc->rule, &doc->on_accent};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct brand_color *bc = brand_find_color(b, NULL, names[i]);
		if (bc)
			*dst[i] = bc->color;
	}
	/* a missing one is reported (once a kit) and the default kept */
	const struct brand_font *f = brand_find_font(b, NULL, "body");
	if (f && (!env->check_family || env->check_family(f->family, f->mark, env->fonts_ctx)))
		doc->body_family = f->family;
	f = brand_find_font(b, NULL, "heading");
	if (f && (!env->check_family || env->check_family(f->family, f->mark, env->fonts_ctx)))
		doc->heading_family = f->family;
}

/* A document with the house defaults, restyled by the kit's brand, before
 * its own keys are read. */
static struct document *new_document(const struct node *root, const struct doc_env *env)
{
	struct document *doc = xcalloc(1, sizeof(*doc));
	arena_init(&doc->arena);
	doc->path = root->mark.file;
	doc->mark = root->mark;
	doc->author = env->kit_author;
	doc->version = "";
	doc->decks = env->decks;
	doc->ndecks = env->ndecks;
	doc->page_w = 210 * PT_PER_MM;
	doc->page_h = 297 * PT_PER_MM;
	doc->margin_top = doc->margin_bottom = 20 * PT_PER_MM;
	doc->margin_left = doc->margin_right = 18 * PT_PER_MM;
	doc->columns = 1;
	doc->gap = 8 * PT_PER_MM;
	doc->accent = (struct color){0x1F / 255.0, 0x2A / 255.0, 0x44 / 255.0};
	doc->ink = (struct color){0.13, 0.15, 0.19};
	doc->muted = (struct color){0.36, 0.39, 0.46};
	doc->rule = (struct color){0.78, 0.80, 0.85};
	doc->on_accent = (struct color){1, 1, 1};
	doc->body_family = "Noto Sans";
	doc->heading_family = "Lato";
	apply_brand(doc, env);
	doc->body_size = 10;
	doc->has_header = doc->has_footer = true;
	if (env->kit_title)
		doc->kit_title = *env->kit_title;
	doc->kit_langs = *env->kit_langs;
	doc->page_mark = root->mark;
	return doc;
}

/* The document's languages, else the kit's; false when it ends up with none. */
static bool read_languages(struct rd *c, const struct node *root)
{
	struct reader *r = &c->r;
	struct document *doc = c->doc;
	const struct doc_env *env = c->env;
	struct diag *d = r->d;
	const struct node *v;
	if ((v = node_get(root, "languages"))) {
		if (read_langs(r, v, &doc->langs)) {
			for (size_t i = 0; i < doc->langs.count && env->kit_langs->count; i++)
				if (langs_find(env->kit_langs, doc->langs.codes[i]) < 0)
					diag_error(
					        d, v->mark,
					        "language '%s' is not one of the kit's languages",
					        doc->langs.codes[i]);
		} else {
			doc->langs = *env->kit_langs;
		}
	} else if (env->kit_langs->count) {
		doc->langs = *env->kit_langs;
	} else {
		diag_error(
		        d, root->mark,
		        "document has no 'languages' and there is no kit.yaml that declares them");
	}
	return doc->langs.count > 0;
}

/* A footer without its own 'page:' text gets the program's, from the
 * phrasebook, in every language of the document; a language without one is
 * an error, never another language's text. */
static void default_page_text(struct rd *c, struct mark at)
{
	struct document *doc = c->doc;
	size_t n = doc->langs.count;
	struct ltext *t = &doc->page_text;
	t->s = arena_alloc_array(&doc->arena, n, sizeof(*t->s));
	t->marks = arena_alloc_array(&doc->arena, n, sizeof(*t->marks));
	for (size_t l = 0; l < n; l++) {
		const char *code = doc->langs.codes[l];
		t->s[l] = c->env->phrases ? phrasebook_get(c->env->phrases, code,
		                                           PHRASE_DOCUMENT_PAGE, &t->marks[l])
		                          : NULL;
		if (t->s[l])
			continue;
		diag_error(c->r.d, at,
		           "no page number text for language '%s'; set footer.page, such as "
		           "{%s: \"... {page} ... {pages}\"}, or add 'document.page' to the "
		           "kit's i18n/%s.yaml",
		           code, code, code);
		t->s[l] = "{page}/{pages}";
		t->marks[l] = at;
	}
	t->count = n;
	t->mark = at;
}

/* The running header and footer need their texts and room in the margins;
 * footer is the document's 'footer:' node, or NULL. */
static void check_furniture(struct rd *c, const struct node *root, const struct node *footer)
{
	struct document *doc = c->doc;
	struct diag *d = c->r.d;
	if (doc->has_footer && !ltext_is_set(&doc->page_text))
		default_page_text(c, footer ? footer->mark : root->mark);
	if (doc->has_header && doc->margin_top < 12 * PT_PER_MM)
		diag_error(d, doc->page_mark,
		           "the top margin of %.1fmm leaves no room for the running header; use "
		           "12mm or "
		           "more, or 'header: false'",
		           doc->margin_top / PT_PER_MM);
	if (doc->has_footer && doc->margin_bottom < 10 * PT_PER_MM)
		diag_error(d, doc->page_mark,
		           "the bottom margin of %.1fmm leaves no room for the footer; use 10mm or "
		           "more, "
		           "or 'footer: false'",
		           doc->margin_bottom / PT_PER_MM);
}

bool document_read(struct document **out, const struct node *root, const struct doc_env *env,
                   struct diag *d)
{
	*out = NULL;
	struct document *doc = new_document(root, env);
	struct rd c = {.r = {.d = d,
	                     .arena = &doc->arena,
	                     .assets = env->assets,
	                     .plan = env->plan,
	                     .langs_owner = "document"},
	               .env = env,
	               .doc = doc};
	struct reader *r = &c.r;
	size_t errors = diag_get_error_count(d);
	read_map(r, root, document_keys, "document");
	const struct node *v;
	if ((v = read_required(r, root, "id", "document")))
		read_id(r, v, "document id", &doc->id);
	if (!read_languages(&c, root)) {
		document_destroy(doc);
		return false;
	}
	r->langs = doc->langs;
	if ((v = read_required(r, root, "title", "document")))
		read_ltext(r, v, "document title", &doc->title);
	if ((v = node_get(root, "subtitle")))
		read_ltext(r, v, "subtitle", &doc->subtitle);
	if ((v = node_get(root, "subject")))
		read_ltext(r, v, "subject", &doc->subject);
	if ((v = node_get(root, "author")))
		read_string(r, v, "author", &doc->author);
	if ((v = node_get(root, "version")))
		read_string(r, v, "version", &doc->version);
	about_read(&doc->about, r, root, "document", doc->id);
	if ((v = node_get(root, "page")))
		read_page(&c, v);
	if ((v = node_get(root, "accent")))
		read_doc_color(&c, v, "accent", &doc->accent);
	if ((v = node_get(root, "fonts")))
		read_fonts(&c, v);
	if ((v = node_get(root, "header")))
		read_furniture(&c, v, false);
	if ((v = node_get(root, "footer")))
		read_furniture(&c, v, true);
	check_furniture(&c, root, node_get(root, "footer"));
	const struct node *blocks = read_required(r, root, "blocks", "document");
	if (blocks && read_seq(r, blocks, "blocks")) {
		doc->blocks = arena_alloc_array(&doc->arena, blocks->count ? blocks->count : 1,
		                                sizeof(*doc->blocks));
		for (size_t i = 0; i < blocks->count; i++) {
			struct doc_block *b = &doc->blocks[doc->nblocks];
			if (!read_block(&c, blocks->items[i], b))
				continue;
			doc->nblocks++;
			if (b->cover && i > 0)
				diag_error(d, b->mark,
				           "a cover is drawn from the top of the first page; make "
				           "this title block the document's first block, or drop "
				           "'cover: true'");
		}
		if (blocks->count == 0)
			diag_error(d, blocks->mark, "blocks is empty");
	}
	if (diag_get_error_count(d) > errors) {
		document_destroy(doc);
		return false;
	}
	*out = doc;
	return true;
}

void document_destroy(struct document *doc)
{
	if (!doc)
		return;
	arena_finish(&doc->arena);
	free(doc);
}

const struct card *doc_find_card(struct deck *const *decks, size_t ndecks, const char *ref,
                                 size_t len, const struct deck **deck_out, char **why)
{
	*deck_out = NULL;
	*why = NULL;
	const char *slash = memchr(ref, '/', len);
	const char *id = slash ? slash + 1 : ref;
	size_t idlen = slash ? len - (size_t)(slash - ref) - 1 : len;
	const struct card *found = NULL;
	size_t nfound = 0, ncand = 0;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < ndecks; i++) {
		const struct deck *deck = decks[i];
		if (slash && (strlen(deck->id) != (size_t)(slash - ref) ||
		              strncmp(deck->id, ref, (size_t)(slash - ref)) != 0))
			continue;
		ncand++;
		for (size_t j = 0; j < deck->ncards; j++) {
			if (strlen(deck->cards[j].id) == idlen &&
			    strncmp(deck->cards[j].id, id, idlen) == 0) {
				if (!nfound)
					buf_printf(&b, "'%s/%s'", deck->id, deck->cards[j].id);
				else
					buf_printf(&b, " and '%s/%s'", deck->id, deck->cards[j].id);
				found = &deck->cards[j];
				*deck_out = deck;
				nfound++;
			}
		}
	}
	if (nfound == 1) {
		buf_finish(&b);
		return found;
	}
	char *want = xstrndup(ref, len);
	char *idz = xstrndup(id, idlen);
	struct buf msg;
	buf_init(&msg);
	if (nfound > 1) {
		buf_printf(&msg, "card reference '%s' is ambiguous: %s; write it as 'deck/card'",
		           want, buf_str(&b));
	} else if (slash && ncand == 0) {
		buf_printf(&msg, "card reference '%s' names no deck of the kit", want);
	} else {
		/* a suggestion among the cards of the decks searched */
		size_t n = 0;
		for (size_t i = 0; i < ndecks; i++)
			n += decks[i]->ncards;
		const char **ids = xcalloc(n ? n : 1, sizeof(*ids));
		n = 0;
		for (size_t i = 0; i < ndecks; i++) {
			if (slash && strncmp(decks[i]->id, ref, (size_t)(slash - ref)) != 0)
				continue;
			for (size_t j = 0; j < decks[i]->ncards; j++)
				ids[n++] = decks[i]->cards[j].id;
		}
		const char *s = suggest(idz, ids, n);
		if (!ndecks)
			buf_printf(&msg, "card reference '%s', but the kit has no decks", want);
		else if (s)
			buf_printf(&msg, "no card '%s' in the kit's decks; did you mean '%s'?",
			           want, s);
		else
			buf_printf(&msg, "no card '%s' in the kit's decks", want);
		free(ids);
	}
	*why = buf_detach(&msg);
	*deck_out = NULL;
	free(want);
	free(idz);
	buf_finish(&b);
	return NULL;
}
