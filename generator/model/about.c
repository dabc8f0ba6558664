#include "model/about.h"

#include <stdlib.h>
#include <string.h>

#include "load/scalar.h"
#include "model/board.h"
#include "model/document.h"
#include "model/kit.h"
#include "util/mem.h"

static const char *const about_keys[] = {"theme", "purpose", "description", "duration",
                                         "group", "level",   "materials",   NULL};
const char *const about_level_names[] = {"introduction", "intermediate", "advanced", NULL};

/* "45" or "30-60" (whole numbers from lo to hi, the first not above the
 * second) into *out; what names the value, example shows a good one. */
static bool read_range(struct reader *r, const struct node *n, const char *what, long lo, long hi,
                       const char *example, struct about_range *out)
{
	const char *s = n->type == NODE_SCALAR ? n->str : NULL;
	const char *dash = s ? strchr(s, '-') : NULL;
	bool ok = s && *s;
	if (ok && dash) {
		char *first = xstrndup(s, (size_t)(dash - s));
		ok = !scalar_parse_int(first, lo, hi, &out->min) &&
		     !scalar_parse_int(dash + 1, lo, hi, &out->max);
		free(first);
	} else if (ok) {
		ok = !scalar_parse_int(s, lo, hi, &out->min);
		out->max = out->min;
	}
	if (!ok) {
		diag_error(r->d, n->mark,
		           "invalid %s '%s'; write a whole number from %ld to %ld, or a range such "
		           "as %s",
		           what, s ? s : node_type_name(n), lo, hi, example);
		*out = (struct about_range){0};
		return false;
	}
	if (out->min > out->max) {
		diag_error(r->d, n->mark,
		           "%s '%s' starts above where it ends; write the smaller number first",
		           what, s);
		*out = (struct about_range){0};
		return false;
	}
	return true;
}

static bool read_materials(struct reader *r, const struct node *n, struct about *a)
{
	if (!read_seq(r, n, "materials"))
		return false;
	a->materials = arena_alloc_array(r->arena, n->count ? n->count : 1, sizeof(*a->materials));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++)
		if (read_ltext(r, n->items[i], "material", &a->materials[a->nmaterials]))
			a->nmaterials++;
		else
			ok = false;
	return ok;
}

/* The fields the catalogue shows in every tool's box: a warning for each
 * that is missing, so that the box is never empty by accident. */
static void warn_missing(struct reader *r, const struct node *n, const char *kind, const char *id)
{
	static const char *const wanted[] = {"purpose", "description", "duration", "group"};
	struct buf miss;
	buf_init(&miss);
	size_t count = 0;
	const size_t nwanted = sizeof(wanted) / sizeof(wanted[0]);
	size_t last = nwanted;
	for (size_t i = 0; i < nwanted; i++)
		if (!node_get(n, wanted[i]))
			last = i;
	for (size_t i = 0; i < nwanted; i++) {
		if (node_get(n, wanted[i]))
			continue;
		buf_printf(&miss, "%s'%s'", !count ? "" : i == last ? " or " : ", ", wanted[i]);
		count++;
	}
	if (count)
		diag_warning(r->d, n->mark,
		             "'about' of %s '%s' has no %s; the catalogue shows only what is given",
		             kind, id ? id : "?", buf_str(&miss));
	buf_finish(&miss);
}

bool about_read(struct about *out, struct reader *r, const struct node *root, const char *kind,
                const char *id)
{
	*out = (struct about){.mark = root->mark};
	const struct node *n = node_get(root, "about");
	if (!n)
		return true;
	out->present = true;
	out->mark = n->mark;
	bool ok = read_map(r, n, about_keys, "about");
	if (n->type != NODE_MAP)
		return false; /* reported; with only an unknown key, the rest is read */
	const struct node *v;
	if ((v = node_get(n, "theme")))
		ok &= read_ltext(r, v, "theme", &out->theme);
	if ((v = node_get(n, "purpose")))
		ok &= read_ltext(r, v, "purpose", &out->purpose);
	if ((v = node_get(n, "description")))
		ok &= read_ltext(r, v, "description", &out->description);
	if ((v = node_get(n, "duration")))
		ok &= read_range(r, v, "duration", 1, 7 * 24 * 60, "30-45 (minutes)",
		                 &out->minutes);
	if ((v = node_get(n, "group")))
		ok &= read_range(r, v, "group size", 1, 1000, "3-6 (people)", &out->group);
	int level;
	if ((v = node_get(n, "level"))) {
		if (read_enum(r, v, "level", about_level_names, &level))
			out->level = (enum about_level)(level + 1);
		else
			ok = false;
	}
	if ((v = node_get(n, "materials")))
		ok &= read_materials(r, v, out);
	warn_missing(r, n, kind, id);
	return ok;
}

void about_format_range(const struct about_range *r, struct buf *out)
{
	if (!r->min)
		return;
	if (r->min == r->max)
		buf_printf(out, "%ld", r->min);
	else
		buf_printf(out, "%ld-%ld", r->min, r->max);
}

const struct about *about_get(const struct kit_item *it)
{
	switch (it->kind) {
	case KIND_DECK:
		return it->as.deck ? &it->as.deck->about : NULL;
	case KIND_BOARD:
		return it->as.board ? &it->as.board->about : NULL;
	case KIND_DOCUMENT:
		return it->as.document ? &it->as.document->about : NULL;
	default:
		return NULL;
	}
}

int about_find_lang(const struct kit_item *it, const char *lang)
{
	if (!about_get(it) || !it->asked || !it->id)
		return -1;
	if (it->kind == KIND_DECK)
		return langs_find(&it->as.deck->langs, lang);
	if (it->kind == KIND_BOARD)
		return langs_find(&it->as.board->langs, lang);
	return langs_find(&it->as.document->langs, lang);
}

const char *about_get_title(const struct kit_item *it, size_t l)
{
	if (it->kind == KIND_DECK)
		return ltext_get(&it->as.deck->title, l);
	if (it->kind == KIND_BOARD)
		return ltext_get(&it->as.board->title, l);
	return ltext_get(&it->as.document->title, l);
}

const char *about_get_theme(const struct kit_item *it, const char *lang)
{
	const struct about *a = about_get(it);
	return ltext_is_set(&a->theme) ? ltext_get(&a->theme, (size_t)about_find_lang(it, lang))
	                               : "";
}

const struct kit_item **about_list_tools(const struct kit *k, const char *lang, size_t *n)
{
	static const enum kit_item_kind order[] = {KIND_DECK, KIND_BOARD, KIND_DOCUMENT};
	const struct kit_item **all = xcalloc(k->nitems + 1, sizeof(*all));
	const struct kit_item **out = xcalloc(k->nitems + 1, sizeof(*out));
	size_t count = 0;
	for (size_t o = 0; o < 3; o++)
		for (size_t i = 0; i < k->nitems; i++)
			if (k->items[i].kind == order[o] &&
			    about_find_lang(&k->items[i], lang) >= 0)
				all[count++] = &k->items[i];
	*n = 0;
	for (size_t i = 0; i <= count; i++) {
		if (i < count && !all[i])
			continue; /* in a theme already */
		const char *theme = i < count ? about_get_theme(all[i], lang) : "";
		if (i < count && !*theme)
			continue; /* last, with the others that have none */
		for (size_t j = i < count ? i : 0; j < count; j++) {
			if (all[j] && strcmp(about_get_theme(all[j], lang), theme) == 0) {
				out[(*n)++] = all[j];
				all[j] = NULL;
			}
		}
	}
	free(all);
	return out;
}

void about_check_kit(const struct kit *k, struct diag *d)
{
	bool any = false;
	for (size_t i = 0; i < k->nitems && !any; i++) {
		const struct about *a = about_get(&k->items[i]);
		any = a && a->present;
	}
	if (!any)
		return;
	for (size_t i = 0; i < k->nitems; i++) {
		const struct kit_item *it = &k->items[i];
		const struct about *a = about_get(it);
		if (a && !a->present && it->asked && it->id)
			diag_warning(d, it->mark,
			             "%s '%s' has no 'about'; the catalogue shows only its title",
			             item_kind_names[it->kind], it->id);
	}
}
