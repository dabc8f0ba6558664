#include "model/brand.h"

#include <string.h>

#include "util/suggest.h"

static const char *const file_keys[] = {"kind",  "id",   "name",       "colors",
                                        "fonts", "logo", "four-color", NULL};
static const char *const block_keys[] = {"colors", "fonts", "logo", NULL};

static bool valid_name(struct reader *r, const struct node *k, const char *what)
{
	const char *id;
	return read_id(r, k, what, &id);
}

/* four-color: [name, ...]: colours the print post-pass keeps as designed,
 * even for text and thin lines (docs/print.md). */
static bool read_four_color(struct reader *r, const struct node *v, struct brand *out)
{
	if (v->type != NODE_SEQ) {
		diag_error(r->d, v->mark,
		           "four-color must be a list of colour names such as [muted]");
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < v->count; i++) {
		const struct node *e = v->items[i];
		struct brand_color *c = NULL;
		for (size_t k = 0; e->type == NODE_SCALAR && k < out->ncolors; k++)
			if (strcmp(out->colors[k].name, e->str) == 0)
				c = &out->colors[k];
		if (c) {
			c->four_color = true;
		} else {
			diag_error(r->d, e->mark, "four-color names '%s', which is not in colors",
			           e->type == NODE_SCALAR ? e->str : "");
			ok = false;
		}
	}
	return ok;
}

bool brand_read(struct brand *out, const struct node *n, struct reader *r, bool file)
{
	*out = (struct brand){0};
	if (!read_map(r, n, file ? file_keys : block_keys, "brand"))
		return false;
	bool ok = true;
	const struct node *v;
	if (file) {
		if ((v = read_required(r, n, "id", "brand")))
			ok &= read_id(r, v, "brand id", &out->id);
		else
			ok = false;
		if ((v = node_get(n, "name")))
			ok &= read_string(r, v, "name", &out->name);
		out->asked = arena_alloc(r->arena, sizeof(*out->asked));
		*out->asked = (struct brand_asked){0};
	}
	if ((v = node_get(n, "colors"))) {
		if (v->type != NODE_MAP) {
			diag_error(r->d, v->mark,
			           "colors must be a mapping such as {primary: \"#1F2A44\"}");
			ok = false;
		} else {
			out->colors = arena_alloc_array(r->arena, v->count ? v->count : 1,
			                                sizeof(*out->colors));
			for (size_t i = 0; i < v->count; i++) {
				struct brand_color *c = &out->colors[out->ncolors];
				c->name = v->pairs[i].key->str;
				c->mark = v->pairs[i].key->mark;
				if (valid_name(r, v->pairs[i].key, "colour name") &&
				    read_color(r, v->pairs[i].value, "brand colour", &c->color))
					out->ncolors++;
				else
					ok = false;
			}
		}
	}
	if ((v = node_get(n, "fonts"))) {
		if (v->type != NODE_MAP) {
			diag_error(r->d, v->mark,
			           "fonts must be a mapping such as {heading: Lato, body: Lato}");
			ok = false;
		} else {
			out->fonts = arena_alloc_array(r->arena, v->count ? v->count : 1,
			                               sizeof(*out->fonts));
			for (size_t i = 0; i < v->count; i++) {
				struct brand_font *f = &out->fonts[out->nfonts];
				f->role = v->pairs[i].key->str;
				f->mark = v->pairs[i].value->mark;
				f->role_mark = v->pairs[i].key->mark;
				if (valid_name(r, v->pairs[i].key, "font role") &&
				    read_string(r, v->pairs[i].value, "font family", &f->family))
					out->nfonts++;
				else
					ok = false;
			}
		}
	}
	if ((v = node_get(n, "logo"))) {
		out->logo_mark = v->mark;
		ok &= read_path(r, v, "logo", &out->logo);
	}
	if (file && (v = node_get(n, "four-color")))
		ok &= read_four_color(r, v, out);
	return ok;
}

/* Remembers that name was looked up in a brand file. */
static void note_asked(const struct brand *brand, const char *name, bool font)
{
	struct brand_asked *a = brand ? brand->asked : NULL;
	if (!a)
		return;
	for (size_t i = 0; i < a->count; i++)
		if (a->fonts[i] == font && strcmp(a->names[i], name) == 0)
			return;
	if (a->count < BRAND_MAX_ASKED) {
		a->fonts[a->count] = font;
		a->names[a->count++] = name;
	}
}

const struct brand_color *brand_find_color(const struct brand *brand, const struct brand *fallback,
                                           const char *name)
{
	const struct brand *b[2] = {brand, fallback};
	note_asked(brand, name, false);
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; b[k] && i < b[k]->ncolors; i++)
			if (strcmp(b[k]->colors[i].name, name) == 0) {
				b[k]->colors[i].used = true;
				return &b[k]->colors[i];
			}
	return NULL;
}

const struct brand_font *brand_find_font(const struct brand *brand, const struct brand *fallback,
                                         const char *role)
{
	const struct brand *b[2] = {brand, fallback};
	note_asked(brand, role, true);
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; b[k] && i < b[k]->nfonts; i++)
			if (strcmp(b[k]->fonts[i].role, role) == 0) {
				b[k]->fonts[i].used = true;
				return &b[k]->fonts[i];
			}
	return NULL;
}

static void report_unused(const struct brand *brand, const char *name, struct mark m, bool font,
                          struct diag *d)
{
	const struct brand_asked *a = brand->asked;
	const char *cands[BRAND_MAX_ASKED];
	size_t n = 0;
	for (size_t i = 0; i < a->count; i++)
		if (a->fonts[i] == font)
			cands[n++] = a->names[i];
	const char *what = font ? "font role" : "colour";
	const char *s = suggest(name, cands, n);
	if (s)
		diag_error(d, m, "unknown brand %s '%s' (nothing uses it); did you mean '%s'?",
		           what, name, s);
	else
		diag_error(d, m, "unknown brand %s '%s'; no template, board or document uses it",
		           what, name);
}

bool brand_check_used(const struct brand *brand, struct diag *d)
{
	bool ok = true;
	for (size_t i = 0; brand->asked && i < brand->ncolors; i++)
		if (!brand->colors[i].used) {
			report_unused(brand, brand->colors[i].name, brand->colors[i].mark, false,
			              d);
			ok = false;
		}
	for (size_t i = 0; brand->asked && i < brand->nfonts; i++)
		if (!brand->fonts[i].used) {
			report_unused(brand, brand->fonts[i].role, brand->fonts[i].role_mark, true,
			              d);
			ok = false;
		}
	return ok;
}

const char **brand_list_names(const struct brand *brand, const struct brand *fallback, bool fonts,
                              struct arena *arena, size_t *count)
{
	const struct brand *b[2] = {brand, fallback};
	size_t max = 0;
	for (int k = 0; k < 2; k++)
		if (b[k])
			max += fonts ? b[k]->nfonts : b[k]->ncolors;
	const char **names = arena_alloc_array(arena, max + 1, sizeof(*names));
	*count = 0;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; b[k] && i < (fonts ? b[k]->nfonts : b[k]->ncolors); i++)
			names[(*count)++] = fonts ? b[k]->fonts[i].role : b[k]->colors[i].name;
	return names;
}
