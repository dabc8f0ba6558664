#include "model/deck.h"

#include <math.h>

#include <stdlib.h>
#include <string.h>

#include "load/csv.h"
#include "load/scalar.h"
#include "model/asset.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/suggest.h"

static const char *const deck_keys[] = {
        "kind",          "id",    "title",   "subject", "author",   "version",
        "languages",     "size",  "bleed",   "safe",    "template", "types",
        "categories",    "cards", "special", "back",    "fields",   "numbering",
        "corner-radius", "draft", "about",   "box",     NULL,
};
static const char *const category_keys[] = {"id", "name", "color", "icon", NULL};
static const char *const type_keys[] = {"label", "prompt", NULL};
static const char *const card_keys[] = {"id",    "category", "type",  "level",
                                        "title", "text",     "count", NULL};
static const char *const special_keys[] = {"id", "title", "text", "count", NULL};
static const char *const back_keys[] = {"design", "color", "text", "icon", NULL};
static const char *const back_designs[] = {"category", "uniform", NULL};
static const char *const field_keys[] = {"kind", "required", "markup", NULL};
static const char *const markup_names[] = {"bold", "italic", NULL};
static const char *const numbering_keys[] = {"special", "skip", NULL};
static const char *const csv_keys[] = {"csv", NULL};
static const char *const box_keys[] = {"caliper", "clearance", NULL};

const char *const deck_field_kind_names[DFIELD_KIND_COUNT_ + 1] = {
        "text", "plain", "number", "image", "url", NULL,
};

/* What a deck's own field may not be called: the keys of a card, and the
 * fields every template knows. */
static const char *const reserved_names[] = {
        "id",    "category", "type", "level", "title",   "text", "count",
        "index", "number",   "csv",  "deck",  "special", "back", NULL,
};

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
		/* an unknown key is reported, and the rest read all the same:
		 * its cards then find the category, and its other errors show */
		bool keys_ok = read_map(r, cn, category_keys, "category");
		if (cn->type != NODE_MAP) {
			ok = false;
			continue;
		}
		const struct node *v;
		bool cok = keys_ok, has_id = false;
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
		/* an unknown key is reported with the rest read, as in a category */
		tok &= read_map(r, tn, type_keys, "card type");
		if (tn->type != NODE_MAP) {
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
		const struct mark *m = &by_id[first]->mark;
		if (csv_is_mark(m))
			diag_error(r->d, by_id[i]->id_mark,
			           "duplicate card id '%s' (first in row %d of '%s')", by_id[i]->id,
			           m->line, m->file);
		else
			diag_error(r->d, by_id[i]->id_mark,
			           "duplicate card id '%s' (first at line %d)", by_id[i]->id,
			           m->line);
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

static bool read_card_values(struct reader *r, const struct node *cn, const struct deck *d,
                             struct card *c, const char *what);

/* The cards of list n; keys are the keys a card may have. */
static bool read_cards(struct reader *r, const struct node *n, struct deck *d, bool special,
                       const char *const *keys)
{
	const char *what = special ? "special card" : "card";
	if (!read_seq(r, n, special ? "special" : "cards"))
		return false;
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *cn = n->items[i];
		struct card *c = &d->cards[d->ncards];
		*c = (struct card){.mark = cn->mark, .special = special};
		/* an unknown key is reported with the card's other errors */
		bool keys_ok = read_map(r, cn, keys, what);
		if (cn->type != NODE_MAP) {
			ok = false;
			continue;
		}
		const struct node *v;
		bool cok = keys_ok;
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
			/* a deck without types has cards without one */
			if (!d->ntypes && !node_get(cn, "type")) {
				/* fine */
			} else if ((v = read_required(r, cn, "type", what)) &&
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
		/* a deck with its own fields may leave text out */
		if (d->nfields && !node_get(cn, "text"))
			c->text = (struct ltext){.mark = cn->mark};
		else if ((v = read_required(r, cn, "text", what)))
			cok &= read_ltext(r, v, "text", &c->text);
		else
			cok = false;
		cok &= read_count(r, cn, c);
		cok &= read_card_values(r, cn, d, c, what);
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

/* box: {caliper, clearance}: the tuck box of --format box. */
static bool read_box(struct reader *r, const struct node *n, struct deck *d)
{
	d->box.clearance = DECK_BOX_CLEARANCE;
	d->box.mark = n ? n->mark : d->size_mark;
	if (!n)
		return true;
	if (!read_map(r, n, box_keys, "box"))
		return false;
	bool ok = true;
	const struct node *v;
	if ((v = node_get(n, "caliper")))
		ok &= profile_read_caliper(r, v, &d->box.caliper);
	if ((v = node_get(n, "clearance"))) {
		if (!read_extent(r, v, "box clearance", &d->box.clearance)) {
			ok = false;
		} else if (d->box.clearance > 10 * PT_PER_MM) {
			diag_error(r->d, v->mark, "box clearance %s is more than 10mm", v->str);
			ok = false;
		}
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

/* corner-radius: at most a quarter of the shorter side, so the die can cut
 * it and the corners stay corners. */
static bool read_corner_radius(struct reader *r, const struct node *v, struct deck *d)
{
	if (!read_extent(r, v, "corner-radius", &d->corner_radius))
		return false;
	double most = fmin(d->trim_w, d->trim_h) / 4;
	if (d->trim_w > 0 && d->corner_radius > most) {
		diag_error(r->d, v->mark,
		           "corner-radius '%s' is more than a quarter of the card's shorter side "
		           "(%.4gmm)",
		           v->str, most / PT_PER_MM);
		return false;
	}
	return true;
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
	if ((v = node_get(root, "corner-radius")))
		ok &= read_corner_radius(r, v, d);
	return ok;
}

/* ---- a deck's own fields ---- */

static bool read_markup(struct reader *r, const struct node *n, struct deck_field *f)
{
	f->markup = 0;
	if (n->type == NODE_SCALAR && strcmp(n->str, "none") == 0)
		return true;
	if (n->type != NODE_SEQ) {
		diag_error(r->d, n->mark,
		           "markup must be a list such as [bold, italic], or 'none'");
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		int m;
		if (read_enum(r, n->items[i], "markup", markup_names, &m))
			f->markup |= 1u << m;
		else
			ok = false;
	}
	return ok;
}

/* One entry of fields:, a kind ("answer: text") or a mapping. */
static bool read_field(struct reader *r, const struct node *k, const struct node *v,
                       struct deck_field *f)
{
	*f = (struct deck_field){
	        .name = k->str, .mark = k->mark, .markup = FIELD_MARKUP_BOLD | FIELD_MARKUP_ITALIC};
	bool ok = true;
	if (!field_is_custom_name(k->str, strlen(k->str))) {
		diag_error(r->d, k->mark,
		           "invalid field name '%s'; a field name starts with a letter and has "
		           "only letters, digits, '-' and '_'",
		           k->str);
		ok = false;
	}
	for (const char *const *p = reserved_names; *p && ok; p++) {
		if (strcmp(*p, k->str) == 0) {
			diag_error(r->d, k->mark,
			           "field '%s' is built in; give the deck's own field another name",
			           k->str);
			ok = false;
		}
	}
	const struct node *kind = v, *mn = NULL;
	if (v->type != NODE_SCALAR) {
		if (!read_map(r, v, field_keys, "field"))
			return false;
		kind = read_required(r, v, "kind", "field");
		const struct node *req = node_get(v, "required");
		if (req)
			ok &= read_bool(r, req, "required", &f->required);
		if ((mn = node_get(v, "markup")))
			ok &= read_markup(r, mn, f);
	}
	int i;
	if (!kind || !read_enum(r, kind, "field kind", deck_field_kind_names, &i))
		return false;
	f->kind = (enum deck_field_kind)i;
	if (mn && f->kind != DFIELD_TEXT) {
		diag_error(r->d, mn->mark, "only a text field has markup; '%s' is a %s field",
		           f->name, deck_field_kind_names[f->kind]);
		ok = false;
	}
	return ok;
}

static bool is_fields_map(struct reader *r, const struct node *n)
{
	if (!n || n->type == NODE_MAP)
		return true;
	diag_error(r->d, n->mark,
	           "fields must be a mapping such as {answer: {kind: text, required: true}}");
	return false;
}

/* The deck's own fields, then those its template declares that the deck
 * does not (a deck may declare one itself, of the same kind, to make it
 * required or to allow other markup). */
static bool read_fields(struct reader *r, const struct node *n, const struct template *t,
                        struct deck *d)
{
	const struct node *tn = t ? t->fields : NULL;
	bool ok = is_fields_map(r, n) && is_fields_map(r, tn);
	if (!ok)
		return false;
	size_t max = (n ? n->count : 0) + (tn ? tn->count : 0);
	d->fields = arena_alloc_array(r->arena, max ? max : 1, sizeof(*d->fields));
	for (size_t i = 0; n && i < n->count; i++) {
		if (read_field(r, n->pairs[i].key, n->pairs[i].value, &d->fields[d->nfields]))
			d->nfields++;
		else
			ok = false;
	}
	for (size_t i = 0; tn && i < tn->count; i++) {
		struct deck_field f;
		if (!read_field(r, tn->pairs[i].key, tn->pairs[i].value, &f)) {
			ok = false;
			continue;
		}
		int k = deck_find_field(d, f.name);
		if (k < 0) {
			d->fields[d->nfields++] = f;
		} else if (d->fields[k].kind != f.kind) {
			diag_error(r->d, d->fields[k].mark,
			           "field '%s' is a %s field here, but template '%s' shows it as a "
			           "%s field (%s:%d:%d)",
			           f.name, deck_field_kind_names[d->fields[k].kind], t->id,
			           deck_field_kind_names[f.kind], f.mark.file, f.mark.line,
			           f.mark.col);
			ok = false;
		}
	}
	return ok;
}

int deck_find_field(const struct deck *d, const char *name)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* A web address: no spaces, and a scheme a phone or a browser opens. */
static bool is_url(const char *s)
{
	static const char *const schemes[] = {"https://", "http://", "mailto:", NULL};
	bool scheme = false;
	for (const char *const *p = schemes; *p; p++)
		scheme |= strncmp(s, *p, strlen(*p)) == 0 && s[strlen(*p)];
	return scheme && !strpbrk(s, " \t\n\"<>");
}

static bool read_value(struct reader *r, const struct node *v, const struct deck_field *f,
                       struct card_value *val)
{
	*val = (struct card_value){.mark = v->mark};
	if (f->kind == DFIELD_TEXT) {
		val->set = read_ltext(r, v, f->name, &val->text);
		return val->set;
	}
	if (v->type != NODE_SCALAR) {
		diag_error(r->d, v->mark,
		           "field '%s' is a %s field, the same in every language; not %s", f->name,
		           deck_field_kind_names[f->kind], node_type_name(v));
		return false;
	}
	double x;
	switch (f->kind) {
	case DFIELD_NUMBER:
		if (scalar_parse_number(v->str, -1e9, 1e9, &x)) {
			diag_error(r->d, v->mark, "invalid number '%s' for field '%s'", v->str,
			           f->name);
			return false;
		}
		break;
	case DFIELD_URL:
		if (!is_url(v->str)) {
			diag_error(r->d, v->mark,
			           "invalid web address '%s' for field '%s'; write it whole, such "
			           "as 'https://example.org/page'",
			           v->str, f->name);
			return false;
		}
		break;
	case DFIELD_IMAGE:
		if (!read_path(r, v, "image", &val->path))
			return false;
		break;
	default:
		break;
	}
	val->str = v->str;
	val->set = true;
	return true;
}

/* The values of the deck's fields on card c (the map cn). */
static bool read_card_values(struct reader *r, const struct node *cn, const struct deck *d,
                             struct card *c, const char *what)
{
	c->values = arena_alloc_array(r->arena, d->nfields ? d->nfields : 1, sizeof(*c->values));
	bool ok = true;
	for (size_t i = 0; i < d->nfields; i++) {
		const struct deck_field *f = &d->fields[i];
		const struct node *v = node_get(cn, f->name);
		if (v && node_is_null(v) && f->kind != DFIELD_TEXT)
			v = NULL;
		if (v)
			ok &= read_value(r, v, f, &c->values[i]);
		else if (f->required && !c->special)
			ok &= read_required(r, cn, f->name, what) != NULL;
	}
	return ok;
}

/* The keys a card may have: base, the deck's fields, and extra (may be
 * NULL). NULL-terminated, in the arena. */
static const char *const *card_key_list(struct reader *r, const struct deck *d,
                                        const char *const *base, const char *extra)
{
	size_t nb = 0;
	while (base[nb])
		nb++;
	const char **keys = arena_alloc_array(r->arena, nb + d->nfields + 2, sizeof(*keys));
	size_t n = 0;
	for (size_t i = 0; i < nb; i++)
		keys[n++] = base[i];
	for (size_t i = 0; i < d->nfields; i++)
		keys[n++] = d->fields[i].name;
	if (extra)
		keys[n++] = extra;
	keys[n] = NULL;
	return keys;
}

/* ---- cards from a CSV file ---- */

/* Whether key holds a text that is translated: its columns have languages. */
static bool is_translated(const struct deck *d, const char *key)
{
	int i = deck_find_field(d, key);
	return strcmp(key, "title") == 0 || strcmp(key, "text") == 0 ||
	       (i >= 0 && d->fields[i].kind == DFIELD_TEXT);
}

static void report_unknown_column(struct reader *r, const struct node *col, const char *key,
                                  const char *lang, const char *const *keys)
{
	size_t n = 0;
	while (keys[n])
		n++;
	const char *s = suggest(key, keys, n);
	if (s)
		diag_error(r->d, col->mark, "unknown column '%s'; did you mean '%s%s%s'?", col->str,
		           s, lang ? "." : "", lang ? lang : "");
	else
		diag_error(r->d, col->mark, "unknown column '%s'", col->str);
}

/* One column of the header: a field of the cards, with a language when
 * it is translated. */
static bool check_column(struct reader *r, const struct node *col, const struct deck *d,
                         const char *const *keys)
{
	const char *dot = strchr(col->str, '.');
	const char *key =
	        dot ? arena_strndup(r->arena, col->str, (size_t)(dot - col->str)) : col->str;
	const char *lang = dot ? dot + 1 : NULL;
	bool known = false;
	for (const char *const *k = keys; *k && !known; k++)
		known = strcmp(*k, key) == 0;
	if (!known) {
		report_unknown_column(r, col, key, lang, keys);
		return false;
	}
	if (lang && !is_translated(d, key)) {
		diag_error(r->d, col->mark,
		           "column '%s' has a language, but '%s' is the same in every language; "
		           "name the column '%s'",
		           col->str, key, key);
		return false;
	}
	if (lang && langs_find(&d->langs, lang) < 0) {
		struct buf b;
		buf_init(&b);
		for (size_t i = 0; i < d->langs.count; i++)
			buf_printf(&b, "%s%s.%s", i ? ", " : "", key, d->langs.codes[i]);
		diag_error(r->d, col->mark,
		           "unknown language column '%s'; the deck's languages give %s", col->str,
		           buf_str(&b));
		buf_finish(&b);
		return false;
	}
	return true;
}

/* The header of a CSV file: every column a field, and a translated field
 * in every language of the deck or in none. Reported once, at the header,
 * not at every row. */
static bool check_columns(struct reader *r, const struct node *columns, const struct deck *d,
                          const char *const *keys)
{
	bool ok = true;
	for (size_t i = 0; i < columns->count; i++)
		ok &= check_column(r, columns->items[i], d, keys);
	bool named = ok;
	for (size_t i = 0; named && i < columns->count; i++) {
		const char *name = columns->items[i]->str, *dot = strchr(name, '.');
		if (!dot)
			continue;
		size_t klen = (size_t)(dot - name) + 1;
		for (size_t l = 0; l < d->langs.count; l++) {
			bool found = false;
			for (size_t j = 0; j < columns->count && !found; j++) {
				const char *o = columns->items[j]->str;
				found = strncmp(o, name, klen) == 0 &&
				        strcmp(o + klen, d->langs.codes[l]) == 0;
			}
			if (!found) {
				diag_error(r->d, columns->items[i]->mark,
				           "there is no column '%.*s%s' beside '%s'", (int)klen,
				           name, d->langs.codes[l], name);
				ok = false;
			}
		}
		/* one report per field */
		for (size_t j = i + 1; j < columns->count; j++)
			if (strncmp(columns->items[j]->str, name, klen) == 0)
				i = j;
	}
	return ok;
}

/* The rows whose 'special' cell says so into *special, the others into
 * *cards: new lists in the arena. */
static bool split_rows(struct reader *r, const struct node *rows, struct node **special,
                       struct node **cards)
{
	static const char *const yes[] = {"yes", "true", "x", "1", NULL};
	static const char *const no[] = {"no", "false", "0", NULL};
	struct node *lists[2];
	for (int i = 0; i < 2; i++) {
		lists[i] = arena_alloc(r->arena, sizeof(*lists[i]));
		*lists[i] = (struct node){.type = NODE_SEQ, .mark = rows->mark};
		lists[i]->items = arena_alloc_array(r->arena, rows->count ? rows->count : 1,
		                                    sizeof(*lists[i]->items));
	}
	bool ok = true;
	for (size_t i = 0; i < rows->count; i++) {
		const struct node *v = node_get(rows->items[i], "special");
		int is_special = 0;
		for (size_t k = 0; v && yes[k]; k++)
			is_special |= strcmp(v->str, yes[k]) == 0;
		bool known = !v || is_special;
		for (size_t k = 0; v && no[k]; k++)
			known |= strcmp(v->str, no[k]) == 0;
		if (!known) {
			diag_error(r->d, v->mark,
			           "invalid value '%s' in column 'special'; write 'yes' or leave "
			           "the cell empty",
			           v->str);
			ok = false;
			continue;
		}
		lists[is_special]->items[lists[is_special]->count++] = rows->items[i];
	}
	*cards = lists[0];
	*special = lists[1];
	return ok;
}

/* cards: {csv: FILE}: the cards of a CSV file beside the deck. */
static bool read_csv(struct reader *r, const struct node *n, struct deck *d,
                     const struct node **special, const struct node **cards)
{
	*special = *cards = NULL;
	if (!read_map(r, n, csv_keys, "cards"))
		return false;
	const struct node *v = read_required(r, n, "csv", "cards");
	const struct node *root;
	if (!v || !read_path(r, v, "CSV file", &d->csv) ||
	    !csv_load_file(&root, r->arena, d->csv, r->d))
		return false;
	static const char *const csv_card_keys[] = {"id",   "category", "type",    "level", "title",
	                                            "text", "count",    "special", NULL};
	const struct node *rows = node_get(root, "rows");
	d->csv_rows = rows;
	if (!check_columns(r, node_get(root, "columns"), d,
	                   card_key_list(r, d, csv_card_keys, NULL)))
		return false;
	if (rows->count == 0) {
		diag_error(r->d, root->mark, "'%s' has no cards below its header row", d->csv);
		return false;
	}
	struct node *s, *c;
	bool ok = split_rows(r, rows, &s, &c);
	*special = s;
	*cards = c;
	return ok;
}

/* ---- numbering ---- */

/* {category.index}, {category.count} and the deck's numbering: every card
 * counts, unless numbering: leaves special cards or some ids out. */
static bool read_numbering(struct reader *r, const struct node *n, struct deck *d)
{
	bool special = true, ok = true;
	const struct node *skip = NULL, *v;
	if (n && read_map(r, n, numbering_keys, "numbering")) {
		if ((v = node_get(n, "special")))
			ok &= read_bool(r, v, "numbering special", &special);
		if ((skip = node_get(n, "skip")) && !read_seq(r, skip, "numbering skip"))
			ok = false;
		for (size_t i = 0; ok && skip && i < skip->count; i++) {
			const struct node *id = skip->items[i];
			if (id->type != NODE_SCALAR ||
			    !find_by_id(d->cards, d->ncards, sizeof(*d->cards), id->str)) {
				if (id->type == NODE_SCALAR)
					report_unknown(r, id, "card", d->cards, d->ncards,
					               sizeof(*d->cards));
				else
					diag_error(r->d, id->mark, "skip must list card ids");
				ok = false;
			}
		}
	} else if (n) {
		ok = false;
	}
	for (size_t i = 0; i < d->ncards; i++) {
		struct card *c = &d->cards[i];
		bool out = c->special && !special;
		for (size_t k = 0; !out && skip && k < skip->count; k++)
			out = skip->items[k]->type == NODE_SCALAR &&
			      strcmp(skip->items[k]->str, c->id) == 0;
		c->number = out ? 0 : ++d->numbered;
		if (c->category) {
			struct category *cat = &d->categories[c->category - d->categories];
			c->cat_index = ++cat->ncards;
		}
	}
	return ok;
}

const char *deck_get_plain_value(const struct deck *d, const struct card *c, enum field f,
                                 const char *custom, char *num, size_t n)
{
	size_t x;
	switch (f) {
	case FIELD_ID:
		return c->id;
	case FIELD_TYPE:
		return c->type ? c->type->id : "";
	case FIELD_CATEGORY:
		return c->category ? c->category->id : "";
	case FIELD_DECK_VERSION:
		return d->version;
	case FIELD_LEVEL:
		if (!c->level)
			return "";
		snprintf(num, n, "%ld", c->level);
		return num;
	case FIELD_INDEX:
		x = c->index;
		break;
	case FIELD_COUNT:
		x = deck_get_card_count(d);
		break;
	case FIELD_CATEGORY_INDEX:
		x = c->cat_index;
		break;
	case FIELD_CATEGORY_COUNT:
		x = c->category ? c->category->ncards : 0;
		break;
	case FIELD_NUMBER:
		x = c->number;
		break;
	case FIELD_NUMBER_COUNT:
		x = d->numbered;
		break;
	case FIELD_CUSTOM: {
		int i = deck_find_field(d, custom);
		if (i < 0 || d->fields[i].kind == DFIELD_TEXT)
			return NULL;
		return c->values[i].set ? c->values[i].str : "";
	}
	default:
		return NULL;
	}
	if (!x && f != FIELD_COUNT && f != FIELD_NUMBER_COUNT && f != FIELD_INDEX)
		return "";
	snprintf(num, n, "%zu", x);
	return num;
}

/* ---- the template's use of fields ---- */

/* The deck field a template names, or NULL (reported, with a suggestion
 * among the built-in fields and the deck's). */
static const struct deck_field *used_field(struct reader *r, const struct deck *d, const char *name,
                                           struct mark m)
{
	int i = deck_find_field(d, name);
	if (i >= 0)
		return &d->fields[i];
	const char **names = arena_alloc_array(r->arena, FIELD_COUNT_ + d->nfields, sizeof(*names));
	size_t n = 0;
	for (int f = 0; f < FIELD_COUNT_; f++)
		names[n++] = field_names[f];
	for (size_t k = 0; k < d->nfields; k++)
		names[n++] = d->fields[k].name;
	const char *s = suggest(name, names, n);
	if (s)
		diag_error(r->d, m, "unknown field '{%s}'; did you mean '{%s}'?", name, s);
	else
		diag_error(r->d, m, "unknown field '{%s}'; deck '%s' has no such field", name,
		           d->id);
	return NULL;
}

/* A field in an image path must be the same in every language. */
static bool check_path_part(struct reader *r, const struct deck *d, const struct tpart *p,
                            struct mark m)
{
	if (!p->is_field)
		return true;
	const struct deck_field *f = NULL;
	if (p->field == FIELD_CUSTOM && !(f = used_field(r, d, p->custom, m)))
		return false;
	char num[32];
	struct card probe = {.id = ""};
	if (f ? f->kind != DFIELD_TEXT && f->kind != DFIELD_IMAGE
	      : deck_get_plain_value(d, &probe, p->field, NULL, num, sizeof(num)) != NULL)
		return true;
	diag_error(r->d, m,
	           "an image path cannot use '{%s}'; use a field that is the same in "
	           "every language, such as '{id}'",
	           field_get_name(p->field, p->custom));
	return false;
}

/* The deck's own fields in a text or a QR code's data are fields it has, and
 * none of them an image. */
static bool check_tstring_fields(struct reader *r, const struct deck *d, const struct tstring *t)
{
	bool ok = true;
	const struct deck_field *f;
	for (size_t l = 0; t->set && l < d->langs.count; l++) {
		if (l > 0 && t->parts[l] == t->parts[0])
			break;
		for (size_t i = 0; i < t->nparts[l]; i++) {
			const struct tpart *p = &t->parts[l][i];
			if (!p->is_field || p->field != FIELD_CUSTOM)
				continue;
			if (!(f = used_field(r, d, p->custom, t->mark)))
				ok = false;
			else if (f->kind == DFIELD_IMAGE) {
				diag_error(r->d, t->mark,
				           "field '{%s}' is an image, but a text is needed here",
				           p->custom);
				ok = false;
			}
		}
	}
	return ok;
}

static bool check_element_fields(struct reader *r, const struct deck *d, const struct element *e)
{
	bool ok = true;
	const struct deck_field *f;
	if (e->type == ELEM_TEXT)
		ok &= check_tstring_fields(r, d, &e->text);
	if (e->type == ELEM_QR)
		ok &= check_tstring_fields(r, d, &e->qr_data);
	for (size_t i = 0; i < e->nwhen; i++)
		if (e->when[i].field == FIELD_CUSTOM &&
		    !used_field(r, d, e->when[i].custom, e->when[i].mark))
			ok = false;
	if (e->src_is_field && e->src_field == FIELD_CUSTOM) {
		if (!(f = used_field(r, d, e->src_custom, e->src_mark)))
			ok = false;
		else if (f->kind != DFIELD_IMAGE) {
			diag_error(r->d, e->src_mark,
			           "field '{%s}' is a %s field, but an image is needed here",
			           f->name, deck_field_kind_names[f->kind]);
			ok = false;
		}
	}
	for (size_t i = 0; i < e->src_nparts; i++)
		ok &= check_path_part(r, d, &e->src_parts[i], e->src_mark);
	if (e->type == ELEM_DOTS && e->dot_value == FIELD_CUSTOM) {
		if (!(f = used_field(r, d, e->dot_custom, e->dot_mark)))
			ok = false;
		else if (f->kind != DFIELD_NUMBER) {
			diag_error(r->d, e->dot_mark,
			           "field '{%s}' is a %s field, but dots need a number", f->name,
			           deck_field_kind_names[f->kind]);
			ok = false;
		}
	}
	return ok;
}

/* Every field the template names is the deck's, of a kind that fits. */
static bool check_template_fields(struct reader *r, const struct deck *d)
{
	bool ok = true;
	for (int f = 0; f < FACE_COUNT_; f++)
		for (size_t i = 0; i < d->tmpl->faces[f].count; i++)
			ok &= check_element_fields(r, d, &d->tmpl->faces[f].elems[i]);
	return ok;
}

/* ---- images per card ---- */

/* Whether card c shows face f of the template. */
static bool card_has_face(const struct deck *d, const struct card *c, enum face_kind f)
{
	bool own_special = c->special && d->tmpl->has_special;
	return f == FACE_BACK || (f == FACE_SPECIAL) == own_special;
}

/* Whether e's when: may hold for c: conditions on translated fields are
 * left to the layout, which tests them per language. */
static bool may_match(const struct deck *d, const struct card *c, const struct element *e)
{
	char num[32];
	for (size_t i = 0; i < e->nwhen; i++) {
		const struct cond *cond = &e->when[i];
		const char *v =
		        deck_get_plain_value(d, c, cond->field, cond->custom, num, sizeof(num));
		if (!v)
			continue;
		bool any = !cond->values && v[0];
		for (const char *const *p = cond->values; p && *p && !any; p++)
			any = strcmp(*p, v) == 0;
		if (!any)
			return false;
	}
	return true;
}

/* The path of e for card c: its fields expanded; NULL when a field in it
 * has no value on the card. Caller owns b. */
static bool expand_path(const struct deck *d, const struct card *c, const struct element *e,
                        struct buf *b)
{
	char num[32];
	buf_clear(b);
	for (size_t i = 0; i < e->src_nparts; i++) {
		const struct tpart *p = &e->src_parts[i];
		if (!p->is_field) {
			buf_append(b, p->text, p->len);
			continue;
		}
		const char *v = deck_get_plain_value(d, c, p->field, p->custom, num, sizeof(num));
		if (!v || !v[0])
			return false;
		buf_puts(b, v);
	}
	return true;
}

/* Expands every image path with fields for every card that shows it, and
 * checks that the file is there: a missing one names the card. */
static bool expand_images(struct reader *r, struct deck *d)
{
	const struct template *t = d->tmpl;
	size_t n = 0;
	for (int f = 0; f < FACE_COUNT_; f++)
		for (size_t i = 0; i < t->faces[f].count; i++)
			n += t->faces[f].elems[i].src_parts != NULL;
	if (!n)
		return true;
	d->image_elems = arena_alloc_array(r->arena, n, sizeof(*d->image_elems));
	enum face_kind *faces = arena_alloc_array(r->arena, n, sizeof(*faces));
	for (int f = 0; f < FACE_COUNT_; f++) {
		for (size_t i = 0; i < t->faces[f].count; i++) {
			if (!t->faces[f].elems[i].src_parts)
				continue;
			faces[d->nimage_elems] = (enum face_kind)f;
			d->image_elems[d->nimage_elems++] = &t->faces[f].elems[i];
		}
	}
	bool ok = true;
	struct buf path, what;
	buf_init(&path);
	buf_init(&what);
	for (size_t i = 0; i < d->ncards; i++) {
		struct card *c = &d->cards[i];
		c->images = arena_alloc_array(r->arena, n, sizeof(*c->images));
		for (size_t k = 0; k < n; k++) {
			const struct element *e = d->image_elems[k];
			if (!card_has_face(d, c, faces[k]) || !may_match(d, c, e) ||
			    !expand_path(d, c, e, &path))
				continue;
			buf_clear(&what);
			buf_printf(&what, "%scard '%s': image", c->special ? "special " : "",
			           c->id);
			struct node v = {.type = NODE_SCALAR,
			                 .mark = c->id_mark,
			                 .str = buf_str(&path),
			                 .len = path.len};
			ok &= read_path(r, &v, buf_str(&what), &c->images[k]);
		}
	}
	buf_finish(&path);
	buf_finish(&what);
	return ok;
}

/* Points the deck's image elements at the template resolved for its size
 * (a copy when it has % lengths), which layout draws. Always true. */
static bool follow_resolved(struct deck *d, const struct template *read)
{
	for (size_t k = 0; read != d->tmpl && k < d->nimage_elems; k++) {
		for (int f = 0; f < FACE_COUNT_; f++)
			for (size_t i = 0; i < read->faces[f].count; i++)
				if (d->image_elems[k] == &read->faces[f].elems[i])
					d->image_elems[k] = &d->tmpl->faces[f].elems[i];
	}
	return true;
}

const char *deck_get_card_image(const struct deck *d, const struct card *c, const struct element *e)
{
	for (size_t k = 0; c->images && k < d->nimage_elems; k++)
		if (d->image_elems[k] == e)
			return c->images[k];
	return NULL;
}

/* The special cards, then the numbered ones, into one array. */
static bool read_all_cards(struct reader *r, const struct node *root, struct deck *d)
{
	bool ok = true;
	const struct node *cards = node_get(root, "cards"), *special = node_get(root, "special");
	const struct node *csv_special = NULL, *csv_cards = NULL;
	if (cards && cards->type == NODE_MAP) {
		if (!read_csv(r, cards, d, &csv_special, &csv_cards))
			return false;
		cards = csv_cards;
	}
	size_t max = (cards && cards->type == NODE_SEQ ? cards->count : 0) +
	             (special && special->type == NODE_SEQ ? special->count : 0) +
	             (csv_special ? csv_special->count : 0);
	d->cards = arena_alloc_array(r->arena, max ? max : 1, sizeof(*d->cards));
	if (special)
		ok &= read_cards(r, special, d, true, card_key_list(r, d, special_keys, NULL));
	if (csv_special)
		ok &= read_cards(r, csv_special, d, true,
		                 card_key_list(r, d, special_keys, "special"));
	if (cards)
		ok &= read_cards(r, cards, d, false,
		                 card_key_list(r, d, card_keys, csv_cards ? "special" : NULL));
	else
		ok &= read_required(r, root, "cards", "deck") != NULL;
	if (cards && cards->type == NODE_SEQ && cards->count == 0 && !csv_cards) {
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
	/* before the fields: it may declare some */
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
	ok &= read_fields(r, node_get(root, "fields"), d->tmpl, d);

	ok &= read_all_cards(r, root, d);
	ok &= read_numbering(r, node_get(root, "numbering"), d);
	ok &= read_back(r, node_get(root, "back"), d);
	ok &= read_box(r, node_get(root, "box"), d);

	/* the images of the cards that read, even when others did not */
	if (d->tmpl && check_template_fields(r, d))
		ok &= expand_images(r, d);
	else if (d->tmpl)
		ok = false;
	if (profile && profile->has_bleed)
		d->bleed = profile->bleed;
	if (profile && profile->safe > d->safe)
		d->safe = profile->safe;
	const struct template *read_tmpl = d->tmpl;
	if (ok)
		ok = template_resolve(&d->tmpl, d->tmpl, d->trim_w, d->trim_h, d->size_mark, d->id,
		                      r) &&
		     follow_resolved(d, read_tmpl) && check_geometry(r, d) &&
		     profile_check_page_size(d->trim_w, d->trim_h, d->bleed, "card", d->size_mark,
		                             r->d);
	if (!ok)
		return false;
	*out = d;
	return true;
}

size_t deck_get_card_count(const struct deck *d)
{
	return d->ncards;
}

/* ---- export ---- */

/* The columns of an export: which built-in fields any card uses. */
struct export_cols {
	bool special, category, type, level, title, count;
};

static void put_sep(struct buf *out, char sep, bool *first)
{
	if (!*first)
		buf_putc(out, sep);
	*first = false;
}

static void put_lang_header(struct buf *out, const struct deck *d, const char *name, char sep,
                            bool *first)
{
	struct buf col;
	buf_init(&col);
	for (size_t l = 0; l < d->langs.count; l++) {
		buf_clear(&col);
		buf_printf(&col, "%s.%s", name, d->langs.codes[l]);
		put_sep(out, sep, first);
		csv_put_cell(out, buf_str(&col), sep);
	}
	buf_finish(&col);
}

static void put_header(struct buf *out, const struct deck *d, const struct export_cols *x, char sep)
{
	bool first = true;
	static const char *const names[] = {"id", "special", "category", "type", "level"};
	const bool want[] = {true, x->special, x->category, x->type, x->level};
	for (size_t i = 0; i < 5; i++) {
		if (!want[i])
			continue;
		put_sep(out, sep, &first);
		csv_put_cell(out, names[i], sep);
	}
	if (x->title)
		put_lang_header(out, d, "title", sep, &first);
	put_lang_header(out, d, "text", sep, &first);
	if (x->count) {
		put_sep(out, sep, &first);
		csv_put_cell(out, "count", sep);
	}
	for (size_t f = 0; f < d->nfields; f++) {
		if (d->fields[f].kind == DFIELD_TEXT) {
			put_lang_header(out, d, d->fields[f].name, sep, &first);
		} else {
			put_sep(out, sep, &first);
			csv_put_cell(out, d->fields[f].name, sep);
		}
	}
	buf_puts(out, "\r\n");
}

/* A text's cells, one per language; "=" where it is the source's. */
static void put_ltext(struct buf *out, const struct deck *d, const struct ltext *t, char sep)
{
	for (size_t l = 0; l < d->langs.count; l++) {
		buf_putc(out, sep);
		if (ltext_is_set(t) && l > 0 && (t->plain || ltext_is_same(t, l)))
			csv_put_cell(out, "=", sep);
		else
			csv_put_cell(out, ltext_get(t, l), sep);
	}
}

static void put_card(struct buf *out, const struct deck *d, const struct card *c,
                     const struct export_cols *x, char sep)
{
	char num[32];
	csv_put_cell(out, c->id, sep);
	if (x->special) {
		buf_putc(out, sep);
		csv_put_cell(out, c->special ? "yes" : "", sep);
	}
	if (x->category) {
		buf_putc(out, sep);
		csv_put_cell(out, c->category ? c->category->id : "", sep);
	}
	if (x->type) {
		buf_putc(out, sep);
		csv_put_cell(out, c->type ? c->type->id : "", sep);
	}
	if (x->level) {
		buf_putc(out, sep);
		csv_put_cell(out, deck_get_plain_value(d, c, FIELD_LEVEL, NULL, num, sizeof(num)),
		             sep);
	}
	if (x->title)
		put_ltext(out, d, &c->title, sep);
	put_ltext(out, d, &c->text, sep);
	if (x->count) {
		snprintf(num, sizeof(num), "%ld", c->count);
		buf_putc(out, sep);
		csv_put_cell(out, c->count == 1 ? "" : num, sep);
	}
	for (size_t f = 0; f < d->nfields; f++) {
		const struct card_value *v = &c->values[f];
		if (d->fields[f].kind == DFIELD_TEXT) {
			put_ltext(out, d, v->set ? &v->text : &(struct ltext){0}, sep);
			continue;
		}
		buf_putc(out, sep);
		csv_put_cell(out, v->set ? v->str : "", sep);
	}
	buf_puts(out, "\r\n");
}

void deck_write_csv(const struct deck *d, char sep, struct buf *out)
{
	struct export_cols x = {0};
	for (size_t i = 0; i < d->ncards; i++) {
		const struct card *c = &d->cards[i];
		x.special |= c->special;
		x.category |= c->category != NULL;
		x.type |= c->type != NULL;
		x.level |= c->level != 0;
		x.title |= ltext_is_set(&c->title);
		x.count |= c->count != 1;
	}
	buf_puts(out, "\xEF\xBB\xBF");
	put_header(out, d, &x, sep);
	for (size_t i = 0; i < d->ncards; i++)
		put_card(out, d, &d->cards[i], &x, sep);
}
