#include "model/deck.h"

#include <stdlib.h>
#include <string.h>

#include "load/scalar.h"
#include "util/mem.h"
#include "util/suggest.h"

static const char *const deck_keys[] = {
        "kind",       "id",    "title",   "subject", "author",   "version",
        "languages",  "size",  "bleed",   "safe",    "template", "types",
        "categories", "cards", "special", "back",    "about",    NULL,
};
static const char *const category_keys[] = {"id", "name", "color", "icon", NULL};
static const char *const type_keys[] = {"label", "prompt", NULL};
static const char *const card_keys[] = {"id",    "category", "type",  "level",
                                        "title", "text",     "count", NULL};
static const char *const special_keys[] = {"id", "title", "text", "count", NULL};
static const char *const back_keys[] = {"design", "color", "text", "icon", NULL};
static const char *const back_designs[] = {"category", "uniform", NULL};

static bool read_categories(struct reader *r, const struct node *n, struct deck *d)
{
	if (!read_seq(r, n, "categories"))
		return false;
	d->categories =
	        arena_alloc_array(r->arena, n->count ? n->count : 1, sizeof(*d->categories));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *cn = n->items[i];
		struct category *c = &d->categories[d->ncategories];
		*c = (struct category){.mark = cn->mark};
		if (!read_map(r, cn, category_keys, "category")) {
			ok = false;
			continue;
		}
		const struct node *v;
		bool cok = true, has_id = false;
		if ((v = read_required(r, cn, "id", "category")) &&
		    read_id(r, v, "category id", &c->id)) {
			has_id = true;
			for (size_t j = 0; j < d->ncategories; j++) {
				if (strcmp(d->categories[j].id, c->id) == 0) {
					diag_error(r->d, v->mark,
					           "duplicate category id '%s' (first at line %d)",
					           c->id, d->categories[j].mark.line);
					cok = has_id = false;
				}
			}
		} else {
			cok = false;
		}
		if ((v = read_required(r, cn, "name", "category")))
			cok &= read_ltext(r, v, "category name", &c->name);
		else
			cok = false;
		if ((v = read_required(r, cn, "color", "category")))
			cok &= read_color(r, v, "category color", &c->color);
		else
			cok = false;
		if ((v = node_get(cn, "icon"))) {
			c->icon_mark = v->mark;
			cok &= read_path(r, v, "icon", &c->icon);
		}
		/* a category with a valid id stays, even with other errors, so the
		 * cards that name it are not reported too */
		if (has_id)
			d->ncategories++;
		ok &= cok;
	}
	return ok;
}

static bool read_types(struct reader *r, const struct node *n, struct deck *d)
{
	if (n->type != NODE_MAP) {
		diag_error(r->d, n->mark,
		           "types must be a mapping such as {question: {label: ...}}");
		return false;
	}
	d->types = arena_alloc_array(r->arena, n->count ? n->count : 1, sizeof(*d->types));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *k = n->pairs[i].key, *tn = n->pairs[i].value;
		struct card_type *t = &d->types[d->ntypes];
		*t = (struct card_type){.mark = k->mark};
		bool tok = read_id(r, k, "type id", &t->id);
		bool has_id = tok;
		if (!read_map(r, tn, type_keys, "card type")) {
			ok = false;
			d->ntypes += has_id;
			continue;
		}
		const struct node *v;
		if ((v = read_required(r, tn, "label", "card type")))
			tok &= read_ltext(r, v, "type label", &t->label);
		else
			tok = false;
		if ((v = node_get(tn, "prompt")))
			tok &= read_ltext(r, v, "type prompt", &t->prompt);
		if (has_id)
			d->ntypes++;
		ok &= tok;
	}
	return ok;
}

/* Finds id among count items of size stride whose first member is the id. */
static const void *find_by_id(const void *items, size_t count, size_t stride, const char *id)
{
	for (size_t i = 0; i < count; i++) {
		const void *it = (const char *)items + i * stride;
		if (strcmp(*(const char *const *)it, id) == 0)
			return it;
	}
	return NULL;
}

static void report_unknown(struct reader *r, const struct node *v, const char *what,
                           const void *items, size_t count, size_t stride)
{
	const char **names = arena_alloc_array(r->arena, count ? count : 1, sizeof(*names));
	for (size_t i = 0; i < count; i++)
		names[i] = *(const char *const *)((const char *)items + i * stride);
	const char *s = suggest(v->str, names, count);
	if (s)
		diag_error(r->d, v->mark, "unknown %s '%s'; did you mean '%s'?", what, v->str, s);
	else
		diag_error(r->d, v->mark, "unknown %s '%s'", what, v->str);
}

static bool check_card_id(struct reader *r, const struct node *v, struct card *c)
{
	c->id_mark = v->mark;
	return read_id(r, v, "card id", &c->id);
}

static int cmp_card_id(const void *a, const void *b)
{
	const struct card *x = *(const struct card *const *)a, *y = *(const struct card *const *)b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x < y ? -1 : x > y);
}

/* Every card whose id an earlier card has is reported at its id, naming
 * the line of the first: sorted, so a deck of 10,000 cards is not 50
 * million comparisons. */
static bool check_duplicate_ids(struct reader *r, struct deck *d)
{
	if (d->ncards < 2)
		return true;
	const struct card **by_id = xcalloc(d->ncards, sizeof(*by_id));
	for (size_t i = 0; i < d->ncards; i++)
		by_id[i] = &d->cards[i];
	qsort(by_id, d->ncards, sizeof(*by_id), cmp_card_id);
	bool ok = true;
	for (size_t i = 1, first = 0; i < d->ncards; i++) {
		if (strcmp(by_id[i]->id, by_id[first]->id) != 0) {
			first = i;
			continue;
		}
		diag_error(r->d, by_id[i]->id_mark, "duplicate card id '%s' (first at line %d)",
		           by_id[i]->id, by_id[first]->mark.line);
		ok = false;
	}
	free(by_id);
	return ok;
}

static bool read_count(struct reader *r, const struct node *cn, struct card *c)
{
	const struct node *v = node_get(cn, "count");
	c->count = 1;
	return !v || read_int(r, v, "count", 1, 1000, &c->count);
}

static bool read_cards(struct reader *r, const struct node *n, struct deck *d, bool special)
{
	const char *what = special ? "special card" : "card";
	if (!read_seq(r, n, special ? "special" : "cards"))
		return false;
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *cn = n->items[i];
		struct card *c = &d->cards[d->ncards];
		*c = (struct card){.mark = cn->mark, .special = special};
		if (!read_map(r, cn, special ? special_keys : card_keys, what)) {
			ok = false;
			continue;
		}
		const struct node *v;
		bool cok = true;
		if ((v = read_required(r, cn, "id", what)))
			cok &= check_card_id(r, v, c);
		else
			cok = false;
		if (!special) {
			if ((v = read_required(r, cn, "category", what)) &&
			    read_string(r, v, "category", &(const char *){0})) {
				c->category = find_by_id(d->categories, d->ncategories,
				                         sizeof(*d->categories), v->str);
				if (!c->category) {
					report_unknown(r, v, "category", d->categories,
					               d->ncategories, sizeof(*d->categories));
					cok = false;
				}
			} else {
				cok = false;
			}
			if ((v = read_required(r, cn, "type", what)) &&
			    read_string(r, v, "type", &(const char *){0})) {
				c->type =
				        find_by_id(d->types, d->ntypes, sizeof(*d->types), v->str);
				if (!c->type) {
					report_unknown(r, v, "card type", d->types, d->ntypes,
					               sizeof(*d->types));
					cok = false;
				}
			} else {
				cok = false;
			}
			if ((v = node_get(cn, "level")))
				cok &= read_int(r, v, "level", 1, 9, &c->level);
		}
		if ((v = node_get(cn, "title")))
			cok &= read_ltext(r, v, "title", &c->title);
		if ((v = read_required(r, cn, "text", what)))
			cok &= read_ltext(r, v, "text", &c->text);
		else
			cok = false;
		cok &= read_count(r, cn, c);
		if (c->id) {
			d->ncards++;
			c->index = d->ncards;
		}
		ok &= cok;
	}
	return ok;
}

static bool read_back(struct reader *r, const struct node *n, struct deck *d)
{
	d->back.design = BACK_CATEGORY;
	d->back.color = (struct color){0.12, 0.16, 0.27};
	if (!n)
		return true;
	if (!read_map(r, n, back_keys, "back"))
		return false;
	bool ok = true;
	const struct node *v;
	int i;
	if ((v = node_get(n, "design"))) {
		if (read_enum(r, v, "back design", back_designs, &i))
			d->back.design = (enum back_design)i;
		else
			ok = false;
	}
	if ((v = node_get(n, "color")))
		ok &= read_color(r, v, "back color", &d->back.color);
	if ((v = node_get(n, "text")))
		ok &= read_ltext(r, v, "back text", &d->back.text);
	if ((v = node_get(n, "icon"))) {
		d->back.icon_mark = v->mark;
		ok &= read_path(r, v, "back icon", &d->back.icon);
	}
	return ok;
}

/* Every element must stay on the page (trim + bleed), and text inside the
 * safe area, so nothing important is cut off. */
static bool check_geometry(struct reader *r, const struct deck *d)
{
	struct box trim = {0, 0, d->trim_w, d->trim_h};
	struct box page = box_inset(trim, -d->bleed);
	struct box safe = box_inset(trim, d->safe);
	const double eps = 0.01;
	bool ok = true;
	for (int f = 0; f < FACE_COUNT_; f++) {
		const struct face *face = &d->tmpl->faces[f];
		for (size_t i = 0; i < face->count; i++) {
			const struct element *e = &face->elems[i];
			if (e->type == ELEM_TEXT && !box_contains(safe, e->box, eps)) {
				diag_error(r->d, e->mark,
				           "text element '%s' reaches outside the safe area of "
				           "deck '%s' "
				           "(%.4gmm inside the %.4gx%.4gmm trim)",
				           e->name, d->id, d->safe / PT_PER_MM,
				           d->trim_w / PT_PER_MM, d->trim_h / PT_PER_MM);
				ok = false;
			} else if (!e->bleed && !box_contains(page, e->box, eps)) {
				diag_error(r->d, e->mark,
				           "element '%s' reaches outside the page of deck '%s' "
				           "(%.4gx%.4gmm trim with %.4gmm bleed)",
				           e->name, d->id, d->trim_w / PT_PER_MM,
				           d->trim_h / PT_PER_MM, d->bleed / PT_PER_MM);
				ok = false;
			}
		}
	}
	return ok;
}

/* The deck's languages, else the kit's. On a problem it still sets the
 * languages it can, so that the rest of the deck is checked too; none are
 * set only when the deck cannot go on. */
static bool read_languages(struct reader *r, const struct node *root, const struct langs *kit_langs,
                           struct deck *d)
{
	bool ok = true;
	const struct node *v;
	if ((v = node_get(root, "languages"))) {
		if (!read_langs(r, v, &d->langs)) {
			ok = false;
			d->langs = *kit_langs; /* to go on checking the rest */
		}
		for (size_t i = 0; i < d->langs.count && kit_langs->count; i++) {
			if (langs_find(kit_langs, d->langs.codes[i]) < 0) {
				diag_error(r->d, v->mark,
				           "language '%s' is not one of the kit's languages",
				           d->langs.codes[i]);
				ok = false;
			}
		}
	} else if (kit_langs->count) {
		d->langs = *kit_langs;
	} else {
		diag_error(r->d, root->mark,
		           "deck has no 'languages' and there is no kit.yaml that declares them");
		return false;
	}
	return ok;
}

/* The trim size, the bleed and the safe margin, in points. */
static bool read_size(struct reader *r, const struct node *root, struct deck *d)
{
	bool ok = true;
	const struct node *v;
	if ((v = read_required(r, root, "size", "deck"))) {
		d->size_mark = v->mark;
		if (v->type != NODE_SCALAR) {
			diag_error(r->d, v->mark, "size must be a preset or 'WIDTH x HEIGHT'");
			ok = false;
		} else {
			const char *hint = scalar_parse_size(v->str, &d->trim_w, &d->trim_h);
			if (hint) {
				size_t npresets = 0;
				while (scalar_size_presets[npresets])
					npresets++;
				const char *s = suggest(v->str, scalar_size_presets, npresets);
				if (s)
					diag_error(r->d, v->mark,
					           "invalid size '%s'; did you mean '%s'?", v->str,
					           s);
				else
					diag_error(r->d, v->mark, "invalid size '%s'; %s", v->str,
					           hint);
				ok = false;
			}
		}
	} else {
		ok = false;
	}
	if ((v = node_get(root, "bleed")))
		ok &= read_extent(r, v, "bleed", &d->bleed);
	if ((v = node_get(root, "safe")))
		ok &= read_extent(r, v, "safe", &d->safe);
	const struct node *bn = node_get(root, "bleed"), *sn = node_get(root, "safe");
	if (d->bleed > 20 * PT_PER_MM) {
		diag_error(r->d, bn ? bn->mark : root->mark, "bleed is larger than 20mm");
		ok = false;
	}
	if (d->trim_w > 0 && (d->safe * 2 >= d->trim_w || d->safe * 2 >= d->trim_h)) {
		diag_error(r->d, sn ? sn->mark : root->mark,
		           "safe margin leaves no room on the card");
		ok = false;
	}
	return ok;
}

/* The special cards, then the numbered ones, into one array. */
static bool read_all_cards(struct reader *r, const struct node *root, struct deck *d)
{
	bool ok = true;
	const struct node *cards = node_get(root, "cards"), *special = node_get(root, "special");
	size_t max = (cards && cards->type == NODE_SEQ ? cards->count : 0) +
	             (special && special->type == NODE_SEQ ? special->count : 0);
	d->cards = arena_alloc_array(r->arena, max ? max : 1, sizeof(*d->cards));
	if (special)
		ok &= read_cards(r, special, d, true);
	if (cards)
		ok &= read_cards(r, cards, d, false);
	else
		ok &= read_required(r, root, "cards", "deck") != NULL;
	if (cards && cards->type == NODE_SEQ && cards->count == 0) {
		diag_error(r->d, cards->mark, "deck has no cards");
		ok = false;
	}
	return check_duplicate_ids(r, d) && ok;
}

bool deck_read(struct deck **out, const struct node *root, struct reader *r,
               const struct langs *kit_langs, const char *kit_author, const struct profile *profile,
               deck_template_fn get_template, void *ctx)
{
	*out = NULL;
	struct deck *d = arena_alloc(r->arena, sizeof(*d));
	d->path = root->mark.file;
	d->mark = root->mark;
	d->author = kit_author;
	d->version = "";
	d->bleed = 3 * PT_PER_MM;
	d->safe = 4 * PT_PER_MM;
	bool ok = read_map(r, root, deck_keys, "deck");
	const struct node *v;

	if ((v = read_required(r, root, "id", "deck")))
		ok &= read_id(r, v, "deck id", &d->id);
	else
		ok = false;
	ok &= read_languages(r, root, kit_langs, d);
	if (!d->langs.count)
		return false;
	r->langs = d->langs;

	if ((v = read_required(r, root, "title", "deck")))
		ok &= read_ltext(r, v, "deck title", &d->title);
	else
		ok = false;
	if ((v = node_get(root, "subject")))
		ok &= read_ltext(r, v, "subject", &d->subject);
	if ((v = node_get(root, "author")))
		ok &= read_string(r, v, "author", &d->author);
	if ((v = node_get(root, "version")))
		ok &= read_string(r, v, "version", &d->version);
	ok &= about_read(&d->about, r, root, "deck", d->id);
	ok &= read_size(r, root, d);

	if ((v = node_get(root, "types")))
		ok &= read_types(r, v, d);
	if ((v = read_required(r, root, "categories", "deck")))
		ok &= read_categories(r, v, d);
	else
		ok = false;

	ok &= read_all_cards(r, root, d);
	ok &= read_back(r, node_get(root, "back"), d);

	if ((v = read_required(r, root, "template", "deck"))) {
		const char *name;
		if (read_id(r, v, "template name", &name)) {
			d->tmpl = get_template(name, v->mark, &d->langs, ctx);
			if (!d->tmpl)
				ok = false;
		} else {
			ok = false;
		}
	} else {
		ok = false;
	}
	if (profile && profile->has_bleed)
		d->bleed = profile->bleed;
	if (profile && profile->safe > d->safe)
		d->safe = profile->safe;
	if (ok)
		ok = check_geometry(r, d) && profile_check_page_size(d->trim_w, d->trim_h, d->bleed,
		                                                     "card", d->size_mark, r->d);
	if (!ok)
		return false;
	*out = d;
	return true;
}

size_t deck_get_card_count(const struct deck *d)
{
	return d->ncards;
}
