#include "model/board.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "load/scalar.h"
#include "util/buf.h"
#include "util/suggest.h"

#define MM PT_PER_MM

static const char *const board_keys[] = {
        "kind",      "id",          "title",  "subtitle", "languages",  "author", "deck",
        "size",      "orientation", "bleed",  "safe",     "background", "font",   "ink",
        "header",    "brand",       "legend", "types",    "track",      "zones",  "scales",
        "placemats", "timelines",   "pieces", "tiles",    "frame",      "about",  NULL,
};
static const char *const type_keys[] = {"category", "name", "text", "color", "icon", NULL};
static const char *const track_keys[] = {"shape",     "area",   "rows",   "turns",     "from",
                                         "direction", "points", "space",  "numbers",   "road",
                                         "start",     "goal",   "spaces", "shortcuts", NULL};
static const char *const space_size_keys[] = {"shape", "size", "min-size", "gap", NULL};
static const char *const end_keys[] = {"title", "label", "color", "icon", NULL};
static const char *const space_keys[] = {"type", "category", "label", "icon", "color", NULL};
static const char *const shortcut_keys[] = {"from", "to", "label", "bend", NULL};
static const char *const box_keys[] = {"x", "y", "w", "h", NULL};
static const char *const header_keys[] = {"x", "y", "w", "h", "align", NULL};
static const char *const legend_keys[] = {"x", "y", "w", "h", "title", "columns", NULL};
static const char *const zone_keys[] = {"id",      "shape",  "x",          "y",       "w",
                                        "h",       "points", "label",      "text",    "color",
                                        "fill",    "slots",  "slot-shape", "postits", "postit-size",
                                        "overlap", NULL};
static const char *const slot_keys[] = {"label", "color", "category", NULL};
static const char *const scale_keys[] = {"id",    "x",     "y",     "w",       "h", "direction",
                                         "title", "steps", "color", "overlap", NULL};
static const char *const placemat_keys[] = {"id",     "x",      "y",     "w",       "h", "seats",
                                            "labels", "centre", "color", "overlap", NULL};
static const char *const timeline_keys[] = {"id",    "x",     "y",     "w",       "h",
                                            "title", "ticks", "color", "overlap", NULL};
static const char *const pieces_keys[] = {"title", "pawns", "tokens", "die", "spinner", NULL};
static const char *const pawn_keys[] = {"label", "color", "category", "count", NULL};
static const char *const token_keys[] = {"shape", "label", "color", "category",
                                         "icon",  "count", "size",  NULL};
static const char *const die_keys[] = {"faces", "color", "category", NULL};
static const char *const spinner_keys[] = {"sectors", NULL};
static const char *const background_keys[] = {"color", "image", NULL};

static const char *const track_shapes[] = {"serpentine", "loop", "spiral", "circle",
                                           "points",     "path", NULL};
static const char *const space_forms[] = {"square", "circle", NULL};
static const char *const corners[] = {"bottom-left", "bottom-right", "top-left", "top-right", NULL};
static const char *const directions[] = {"clockwise", "anticlockwise", NULL};
static const char *const zone_shapes[] = {"rect", "circle", "polygon", NULL};
static const char *const slot_shapes[] = {"circle", "diamond", NULL};
static const char *const scale_directions[] = {"columns", "rows", NULL};
static const char *const token_shapes[] = {"circle", "diamond", NULL};
static const char *const orientations[] = {"portrait", "landscape", NULL};
static const char *const aligns[] = {"left", "center", "right", "start", "end", NULL};
static const enum text_align align_values[] = {ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT, ALIGN_START,
                                               ALIGN_END};

/* Limits that keep every list to what a board can show. */
enum {
	MAX_SPACES = 400,
	MAX_ITEMS = 200,
};

struct bctx {
	struct reader *r;
	const struct board_env *env;
	struct board *b;
	size_t types_cap;
	bool deck_unread; /* its deck has errors of its own: nothing more is read */
};

/* A list longer than the board can hold is an error, never cut short in
 * silence. */
static bool not_too_many(struct bctx *c, const struct node *n, size_t max, const char *what)
{
	if (n->count <= max)
		return true;
	diag_error(c->r->d, n->mark, "%zu %s; at most %zu fit", (size_t)n->count, what, max);
	return false;
}

static struct color rgb(unsigned v)
{
	return (struct color){((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0,
	                      (v & 255) / 255.0};
}

struct box bpoint_bounds(const struct bpoint *pts, size_t n)
{
	double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
	for (size_t i = 0; i < n; i++) {
		x0 = fmin(x0, pts[i].x);
		y0 = fmin(y0, pts[i].y);
		x1 = fmax(x1, pts[i].x);
		y1 = fmax(y1, pts[i].y);
	}
	return n ? (struct box){x0, y0, x1 - x0, y1 - y0} : (struct box){0};
}

struct box board_get_safe(const struct board *b)
{
	return box_inset((struct box){0, 0, b->trim_w, b->trim_h}, b->safe);
}

const char *board_space_name(const struct space *s, char *buf, size_t n)
{
	if (!s->type && s->number == 0)
		snprintf(buf, n, "the start");
	else if (!s->type)
		snprintf(buf, n, "the goal");
	else
		snprintf(buf, n, "space %ld", s->number);
	return buf;
}

/* ---- small readers ---- */

static bool read_bool_key(struct bctx *c, const struct node *map, const char *key, bool *out)
{
	const struct node *v = node_get(map, key);
	return !v || read_bool(c->r, v, key, out);
}

/* x, y, w, h of map; w and h > 0. */
static bool read_box(struct bctx *c, const struct node *map, const char *what, struct box *out)
{
	static const char *const names[] = {"x", "y", "w", "h"};
	double v[4] = {0};
	bool ok = true;
	for (int i = 0; i < 4; i++) {
		const struct node *n = read_required(c->r, map, names[i], what);
		if (!n) {
			ok = false;
			continue;
		}
		if (i < 2)
			ok &= read_length(c->r, n, names[i], &v[i]);
		else if (read_extent(c->r, n, names[i], &v[i]) && v[i] <= 0) {
			diag_error(c->r->d, n->mark, "%s must be larger than 0", names[i]);
			ok = false;
		} else if (v[i] <= 0) {
			ok = false;
		}
	}
	*out = (struct box){v[0], v[1], v[2], v[3]};
	return ok;
}

/* [x, y] or {x: ..., y: ...}. */
static bool read_point(struct bctx *c, const struct node *n, struct bpoint *out)
{
	const struct node *x = NULL, *y = NULL;
	if (n->type == NODE_SEQ && n->count == 2) {
		x = n->items[0];
		y = n->items[1];
	} else if (n->type == NODE_MAP) {
		if (!read_map(c->r, n, (const char *const[]){"x", "y", NULL}, "point"))
			return false;
		x = read_required(c->r, n, "x", "point");
		y = read_required(c->r, n, "y", "point");
	} else {
		diag_error(c->r->d, n->mark, "a point is [x, y], such as [120mm, 80mm]");
		return false;
	}
	bool ok = x && y;
	ok = ok && read_length(c->r, x, "x", &out->x);
	ok = ok && read_length(c->r, y, "y", &out->y);
	return ok;
}

static bool read_points(struct bctx *c, const struct node *n, size_t min, struct bpoint **out,
                        size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!read_seq(c->r, n, "points"))
		return false;
	if (n->count < min || n->count > MAX_SPACES) {
		diag_error(c->r->d, n->mark, "expected from %zu to %d points, not %zu", min,
		           MAX_SPACES, (size_t)n->count);
		return false;
	}
	*out = arena_alloc_array(c->r->arena, n->count, sizeof(**out));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++)
		ok &= read_point(c, n->items[i], &(*out)[i]);
	if (ok)
		*count = n->count;
	return ok;
}

static const struct category *find_category(const struct deck *d, const char *id)
{
	for (size_t i = 0; d && i < d->ncategories; i++)
		if (strcmp(d->categories[i].id, id) == 0)
			return &d->categories[i];
	return NULL;
}

/* A category of the board's deck, with did-you-mean. */
static bool read_category(struct bctx *c, const struct node *n, const struct category **out)
{
	const char *id;
	*out = NULL;
	if (!read_id(c->r, n, "category", &id))
		return false;
	const struct deck *d = c->b->deck;
	if (!d) {
		if (c->env->kit->ndecks == 0)
			diag_error(c->r->d, n->mark,
			           "category '%s' needs a deck, and the kit has none", id);
		else
			diag_error(c->r->d, n->mark,
			           "category '%s' needs a deck; the kit has %zu, so name one with "
			           "'deck:'",
			           id, c->env->kit->ndecks);
		return false;
	}
	if ((*out = find_category(d, id)))
		return true;
	const char **names = arena_alloc_array(c->r->arena, d->ncategories + 1, sizeof(*names));
	for (size_t i = 0; i < d->ncategories; i++)
		names[i] = d->categories[i].id;
	const char *s = suggest(id, names, d->ncategories);
	if (s)
		diag_error(c->r->d, n->mark, "unknown category '%s'; did you mean '%s'?", id, s);
	else
		diag_error(c->r->d, n->mark,
		           "unknown category '%s' (deck '%s' has none of that name)", id, d->id);
	return false;
}

/* color: or category: of map (not both); *out unchanged when neither. Sets
 * *cat when it came from a category. */
static bool read_color_or_category(struct bctx *c, const struct node *map, struct color *out,
                                   const struct category **cat)
{
	const struct node *col = node_get(map, "color"), *ca = node_get(map, "category");
	if (cat)
		*cat = NULL;
	if (col && ca) {
		diag_error(c->r->d, col->mark, "give 'color' or 'category', not both");
		return false;
	}
	if (col)
		return read_color(c->r, col, "color", out);
	if (ca) {
		const struct category *k;
		if (!read_category(c, ca, &k))
			return false;
		*out = k->color;
		if (cat)
			*cat = k;
	}
	return true;
}

static bool read_icon(struct bctx *c, const struct node *map, const char **out, struct mark *m)
{
	const struct node *v = node_get(map, "icon");
	if (!v)
		return true;
	*m = v->mark;
	return read_path(c->r, v, "icon", out);
}

static bool read_ltext_key(struct bctx *c, const struct node *map, const char *key,
                           const char *what, struct ltext *out)
{
	const struct node *v = node_get(map, key);
	*out = (struct ltext){0};
	return !v || read_ltext(c->r, v, what, out);
}

static bool read_id_key(struct bctx *c, const struct node *map, const char *what, const char **out)
{
	const struct node *v = read_required(c->r, map, "id", what);
	*out = "?";
	return v && read_id(c->r, v, "id", out);
}

/* ---- the board's header, size and looks ---- */

static bool read_size(struct bctx *c, const struct node *root)
{
	struct board *b = c->b;
	const struct node *v = read_required(c->r, root, "size", "board");
	if (!v)
		return false;
	b->size_mark = v->mark;
	if (v->type != NODE_SCALAR) {
		diag_error(c->r->d, v->mark,
		           "size must be a preset such as 'a2 landscape' or 'WIDTH x HEIGHT'");
		return false;
	}
	const char *hint = scalar_parse_size(v->str, &b->trim_w, &b->trim_h);
	if (hint) {
		size_t n = 0;
		while (scalar_size_presets[n])
			n++;
		const char *s = suggest(v->str, scalar_size_presets, n);
		if (s)
			diag_error(c->r->d, v->mark, "invalid size '%s'; did you mean '%s'?",
			           v->str, s);
		else
			diag_error(c->r->d, v->mark, "invalid size '%s'; %s", v->str, hint);
		return false;
	}
	if (b->trim_w < 50 * MM || b->trim_h < 50 * MM || b->trim_w > 2000 * MM ||
	    b->trim_h > 2000 * MM) {
		diag_error(c->r->d, v->mark,
		           "a board is from 50mm to 2000mm on each side, not %.4g x %.4g mm",
		           b->trim_w / MM, b->trim_h / MM);
		return false;
	}
	if ((v = node_get(root, "orientation"))) {
		int o;
		if (!read_enum(c->r, v, "orientation", orientations, &o))
			return false;
		double lo = fmin(b->trim_w, b->trim_h), hi = fmax(b->trim_w, b->trim_h);
		b->trim_w = o == 1 ? hi : lo;
		b->trim_h = o == 1 ? lo : hi;
	}
	return true;
}

static bool read_looks(struct bctx *c, const struct node *root)
{
	struct board *b = c->b;
	const struct profile *pr = c->env->kit->profile;
	bool ok = true;
	const struct node *v;
	b->bleed = 3 * MM;
	b->safe = 10 * MM;
	if ((v = node_get(root, "bleed")) && (ok &= read_extent(c->r, v, "bleed", &b->bleed)) &&
	    b->bleed > 25 * MM) {
		diag_error(c->r->d, v->mark, "bleed is larger than 25mm");
		ok = false;
	}
	if (pr && pr->has_bleed)
		b->bleed = pr->bleed;
	if ((v = node_get(root, "safe")))
		ok &= read_extent(c->r, v, "safe", &b->safe);
	if (pr && b->safe < pr->safe)
		b->safe = pr->safe;
	if (b->trim_w > 0 && (4 * b->safe >= b->trim_w || 4 * b->safe >= b->trim_h)) {
		diag_error(c->r->d, v ? v->mark : root->mark,
		           "safe margin leaves too little of the board");
		ok = false;
	}
	b->background = rgb(0xFFFFFF);
	if ((v = node_get(root, "background"))) {
		b->background_mark = v->mark;
		if (v->type == NODE_MAP) {
			ok &= read_map(c->r, v, background_keys, "background");
			const struct node *w;
			if ((w = node_get(v, "color")))
				ok &= read_color(c->r, w, "background color", &b->background);
			if ((w = node_get(v, "image"))) {
				b->background_mark = w->mark;
				ok &= read_path(c->r, w, "background image", &b->background_image);
			}
		} else {
			ok &= read_color(c->r, v, "background", &b->background);
		}
	}
	b->ink = rgb(0x1F2A44);
	if ((v = node_get(root, "ink")))
		ok &= read_color(c->r, v, "ink", &b->ink);
	if ((v = node_get(root, "frame"))) {
		b->has_frame = true;
		ok &= read_color(c->r, v, "frame", &b->frame);
	}
	b->font = "Lato";
	if ((v = node_get(root, "font")) && read_string(c->r, v, "font", &b->font)) {
		if (c->env->check_family &&
		    !c->env->check_family(b->font, v->mark, c->env->fonts_ctx))
			ok = false;
	} else if (v) {
		ok = false;
	}
	if ((v = node_get(root, "brand"))) {
		b->brand_mark = v->mark;
		ok &= read_ltext(c->r, v, "brand", &b->brand);
	}
	return ok;
}

/* The title's place: header: {x, y, w, h, align}, or false for none. By
 * default a band across the top of the safe area. */
static bool read_header(struct bctx *c, const struct node *root)
{
	struct board *b = c->b;
	struct box safe = board_get_safe(b);
	b->has_header = true;
	b->header = (struct box){safe.x, safe.y, safe.w, fmin(40 * MM, 0.12 * safe.h)};
	const struct node *title = node_get(root, "title");
	b->header_mark = title ? title->mark : root->mark;
	b->header_align = ALIGN_START;
	b->header_default = true;
	const struct node *v = node_get(root, "header");
	if (!v)
		return true;
	b->header_default = false;
	b->header_mark = v->mark;
	if (v->type == NODE_SCALAR) {
		bool on;
		if (!read_bool(c->r, v, "header", &on))
			return false;
		b->has_header = on;
		return true;
	}
	if (!read_map(c->r, v, header_keys, "header"))
		return false;
	bool ok = read_box(c, v, "header", &b->header);
	const struct node *a = node_get(v, "align");
	int al = 0;
	if (a && read_enum(c->r, a, "align", aligns, &al))
		b->header_align = align_values[al];
	else if (a)
		ok = false;
	return ok;
}

/* ---- space types ---- */

static struct space_type *find_type(const struct board *b, const char *id)
{
	for (size_t i = 0; i < b->ntypes; i++)
		if (strcmp(b->types[i]->id, id) == 0)
			return b->types[i];
	return NULL;
}

static struct space_type *add_type(struct bctx *c, const char *id, struct mark m)
{
	struct board *b = c->b;
	if (b->ntypes == c->types_cap) {
		size_t cap = c->types_cap ? 2 * c->types_cap : 8;
		struct space_type **t = arena_alloc_array(c->r->arena, cap, sizeof(*t));
		if (b->ntypes)
			memcpy(t, b->types, b->ntypes * sizeof(*t));
		b->types = t;
		c->types_cap = cap;
	}
	struct space_type *t = arena_alloc(c->r->arena, sizeof(*t));
	*t = (struct space_type){.id = id, .mark = m};
	b->types[b->ntypes++] = t;
	return t;
}

static void from_category(struct space_type *t, const struct category *k)
{
	t->category = k;
	t->name = k->name;
	t->color = k->color;
	t->icon = k->icon;
	t->icon_mark = k->icon_mark;
}

static bool read_types(struct bctx *c, const struct node *n)
{
	if (n->type != NODE_MAP) {
		diag_error(c->r->d, n->mark,
		           "types must be a mapping such as {dilemma: {name: ..., color: ...}}");
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < n->count && i < MAX_ITEMS; i++) {
		const struct node *k = n->pairs[i].key, *tn = n->pairs[i].value;
		const char *id;
		if (!read_id(c->r, k, "space type", &id)) {
			ok = false;
			continue;
		}
		if (find_type(c->b, id)) {
			diag_error(c->r->d, k->mark, "duplicate space type '%s'", id);
			ok = false;
			continue;
		}
		struct space_type *t = add_type(c, id, k->mark);
		if (!read_map(c->r, tn, type_keys, "space type")) {
			ok = false;
			continue;
		}
		const struct node *v;
		if ((v = node_get(tn, "category"))) {
			const struct category *cat;
			if (read_category(c, v, &cat))
				from_category(t, cat);
			else
				ok = false;
		}
		if ((v = node_get(tn, "name")))
			ok &= read_ltext(c->r, v, "space type name", &t->name);
		else if (!t->category && !node_get(tn, "category")) {
			diag_error(
			        c->r->d, tn->mark,
			        "space type '%s' has no 'name' (nor a 'category' to take it from)",
			        id);
			ok = false;
		}
		if ((v = node_get(tn, "color")))
			ok &= read_color(c->r, v, "color", &t->color);
		else if (!node_get(tn, "category")) {
			diag_error(
			        c->r->d, tn->mark,
			        "space type '%s' has no 'color' (nor a 'category' to take it from)",
			        id);
			ok = false;
		}
		ok &= read_ltext_key(c, tn, "text", "space type text", &t->text);
		ok &= read_icon(c, tn, &t->icon, &t->icon_mark);
	}
	if (n->count > MAX_ITEMS) {
		diag_error(c->r->d, n->mark, "more than %d space types", MAX_ITEMS);
		ok = false;
	}
	return ok;
}

/* A type by id, or the type made from the deck's category of that id. */
static struct space_type *resolve_type(struct bctx *c, const struct node *n, bool category_only)
{
	const char *id;
	if (!read_id(c->r, n, category_only ? "category" : "space type", &id))
		return NULL;
	struct space_type *t = category_only ? NULL : find_type(c->b, id);
	if (t)
		return t;
	const struct category *k = find_category(c->b->deck, id);
	if (k) {
		/* one implicit type per category, named like it */
		for (size_t i = 0; i < c->b->ntypes; i++)
			if (c->b->types[i]->category == k && strcmp(c->b->types[i]->id, id) == 0)
				return c->b->types[i];
		t = add_type(c, k->id, n->mark);
		from_category(t, k);
		return t;
	}
	if (category_only) {
		const struct category *dummy;
		read_category(c, n, &dummy); /* reports it */
		return NULL;
	}
	size_t nd = c->b->deck ? c->b->deck->ncategories : 0;
	const char **names = arena_alloc_array(c->r->arena, c->b->ntypes + nd + 1, sizeof(*names));
	size_t nn = 0;
	for (size_t i = 0; i < c->b->ntypes; i++)
		names[nn++] = c->b->types[i]->id;
	for (size_t i = 0; i < nd; i++)
		names[nn++] = c->b->deck->categories[i].id;
	const char *s = suggest(id, names, nn);
	if (s)
		diag_error(c->r->d, n->mark, "unknown space type '%s'; did you mean '%s'?", id, s);
	else
		diag_error(c->r->d, n->mark,
		           "unknown space type '%s'; define it under 'types:' or name a category "
		           "of the deck",
		           id);
	return NULL;
}

/* ---- the track ---- */

static bool read_end(struct bctx *c, const struct node *n, struct space *s, long number)
{
	*s = (struct space){.mark = n->mark, .number = number, .color = c->b->ink};
	if (!read_map(c->r, n, end_keys, number ? "goal" : "start"))
		return false;
	bool ok = read_ltext_key(c, n, "title", "title", &s->title);
	ok &= read_ltext_key(c, n, "label", "label", &s->label);
	const struct node *v;
	if ((v = node_get(n, "color")))
		ok &= read_color(c->r, v, "color", &s->color);
	ok &= read_icon(c, n, &s->icon, &s->icon_mark);
	return ok;
}

static bool read_space(struct bctx *c, const struct node *n, struct space *s)
{
	struct space_type *t = NULL;
	s->mark = n->mark;
	if (n->type == NODE_SCALAR) {
		s->type = t = resolve_type(c, n, false);
	} else {
		if (!read_map(c->r, n, space_keys, "space"))
			return false;
		const struct node *tn = node_get(n, "type"), *k = node_get(n, "category");
		if (tn && k) {
			diag_error(c->r->d, k->mark,
			           "give a space a 'type' or a 'category', not both");
			return false;
		}
		if (!tn && !k) {
			diag_error(c->r->d, n->mark, "space %ld has no 'type' (or 'category')",
			           s->number);
			return false;
		}
		s->type = t = resolve_type(c, tn ? tn : k, k != NULL);
	}
	if (t)
		t->used = true;
	if (!s->type)
		return false;
	s->color = s->type->color;
	s->icon = s->type->icon;
	s->icon_mark = s->type->icon_mark;
	if (n->type != NODE_MAP)
		return true;
	bool ok = read_ltext_key(c, n, "label", "space label", &s->label);
	const struct node *v;
	if ((v = node_get(n, "color")))
		ok &= read_color(c->r, v, "color", &s->color);
	ok &= read_icon(c, n, &s->icon, &s->icon_mark);
	return ok;
}

/* A space number: 1..n, or start / goal. */
static bool read_space_ref(struct bctx *c, const struct node *n, const char *what, long *out)
{
	const struct track *t = &c->b->track;
	long last = (long)t->nspaces + 1;
	if (n->type == NODE_SCALAR && strcmp(n->str, "start") == 0) {
		*out = 0;
	} else if (n->type == NODE_SCALAR && strcmp(n->str, "goal") == 0) {
		*out = last;
	} else if (!read_int(c->r, n, what, 0, last, out)) {
		return false;
	}
	if ((*out == 0 && !t->has_start) || (*out == last && !t->has_goal)) {
		diag_error(c->r->d, n->mark, "%s '%s' names the %s, and the track has none", what,
		           n->str, *out == 0 ? "start" : "goal");
		return false;
	}
	return true;
}

static bool read_shortcuts(struct bctx *c, const struct node *n)
{
	struct track *t = &c->b->track;
	if (!read_seq(c->r, n, "shortcuts"))
		return false;
	t->shortcuts =
	        arena_alloc_array(c->r->arena, n->count ? n->count : 1, sizeof(*t->shortcuts));
	bool ok = not_too_many(c, n, MAX_ITEMS, "shortcuts");
	for (size_t i = 0; i < n->count && i < MAX_ITEMS; i++) {
		const struct node *sn = n->items[i];
		struct shortcut *s = &t->shortcuts[t->nshortcuts];
		*s = (struct shortcut){.mark = sn->mark};
		if (!read_map(c->r, sn, shortcut_keys, "shortcut")) {
			ok = false;
			continue;
		}
		const struct node *f = read_required(c->r, sn, "from", "shortcut");
		const struct node *to = read_required(c->r, sn, "to", "shortcut");
		bool sok = f && to && read_space_ref(c, f, "from", &s->from);
		sok = sok && read_space_ref(c, to, "to", &s->to);
		if (sok && s->from == s->to) {
			diag_error(c->r->d, to->mark, "a shortcut from space %ld to itself",
			           s->from);
			sok = false;
		}
		sok &= read_ltext_key(c, sn, "label", "shortcut label", &s->label);
		const struct node *v;
		if ((v = node_get(sn, "bend"))) {
			s->has_bend = true;
			sok &= read_length(c->r, v, "bend", &s->bend);
		}
		if (sok)
			t->nshortcuts++;
		ok &= sok;
	}
	return ok;
}

static bool read_space_size(struct bctx *c, const struct node *n)
{
	struct track *t = &c->b->track;
	t->size_mark = n->mark;
	if (!read_map(c->r, n, space_size_keys, "space"))
		return false;
	bool ok = true;
	const struct node *v;
	int f = 0;
	if ((v = node_get(n, "shape")) &&
	    (ok &= read_enum(c->r, v, "space shape", space_forms, &f)))
		t->form = (enum space_form)f;
	if ((v = node_get(n, "size")))
		ok &= read_extent(c->r, v, "size", &t->size);
	if ((v = node_get(n, "min-size"))) {
		t->size_mark = v->mark;
		ok &= read_extent(c->r, v, "min-size", &t->min_size);
	} else {
		t->min_size = fmin(t->min_size, t->size);
	}
	if ((v = node_get(n, "gap")))
		ok &= read_extent(c->r, v, "gap", &t->gap);
	if (ok && (t->min_size < 8 * MM || t->size > 300 * MM)) {
		diag_error(c->r->d, n->mark, "spaces are from 8mm to 300mm");
		ok = false;
	}
	if (ok && t->min_size > t->size) {
		diag_error(c->r->d, n->mark, "min-size %.4gmm is larger than size %.4gmm",
		           t->min_size / MM, t->size / MM);
		ok = false;
	}
	return ok;
}

/* The track's default area: the safe area under the header, above the brand. */
static struct box default_area(const struct board *b)
{
	struct box a = board_get_safe(b);
	if (b->has_header) {
		double bottom = b->header.y + b->header.h + 4 * MM;
		if (bottom > a.y && bottom < a.y + a.h / 2) {
			a.h -= bottom - a.y;
			a.y = bottom;
		}
	}
	if (ltext_is_set(&b->brand))
		a.h -= 8 * MM;
	return a;
}

static bool read_track(struct bctx *c, const struct node *n)
{
	struct board *b = c->b;
	struct track *t = &b->track;
	*t = (struct track){
	        .present = true,
	        .mark = n->mark,
	        .size = 40 * MM,
	        .min_size = 20 * MM,
	        .gap = 4 * MM,
	        .numbers = true,
	        .road = color_tint(b->ink, 0.12),
	        .clockwise = true,
	        .spaces_mark = n->mark,
	        .size_mark = n->mark,
	        .area_mark = n->mark,
	        .points_mark = n->mark,
	};
	if (!read_map(c->r, n, track_keys, "track"))
		return false;
	bool ok = true;
	const struct node *v;
	int e = 0;
	bool shaped = false;
	if ((v = read_required(c->r, n, "shape", "track")) &&
	    read_enum(c->r, v, "track shape", track_shapes, &e)) {
		t->shape = (enum track_shape)e;
		shaped = true;
	} else {
		ok = false;
	}
	/* keys that only some shapes use are errors on the others, so that a
	 * board does not silently ignore what its author wrote */
	static const struct {
		const char *key;
		unsigned shapes; /* bits of enum track_shape */
		const char *msg;
	} only[] = {
	        {"rows", 1u << TRACK_SERPENTINE, "'rows' is for serpentine tracks"},
	        {"turns", 1u << TRACK_SPIRAL, "'turns' is for spiral tracks"},
	        {"points", (1u << TRACK_POINTS) | (1u << TRACK_PATH),
	         "'points' is for tracks of shape 'points' or 'path'"},
	        {"direction", (1u << TRACK_LOOP) | (1u << TRACK_CIRCLE) | (1u << TRACK_SPIRAL),
	         "'direction' is for loop, circle and spiral tracks"},
	        {"from",
	         (1u << TRACK_SERPENTINE) | (1u << TRACK_LOOP) | (1u << TRACK_CIRCLE) |
	                 (1u << TRACK_SPIRAL),
	         "'from' is for serpentine, loop, circle and spiral tracks"},
	};
	for (size_t i = 0; shaped && i < sizeof(only) / sizeof(only[0]); i++) {
		const struct node *k = node_get_key(n, only[i].key);
		if (k && !(only[i].shapes & (1u << t->shape))) {
			diag_error(c->r->d, k->mark, "%s, not '%s'", only[i].msg,
			           track_shapes[t->shape]);
			ok = false;
		}
	}
	t->area = default_area(b);
	if ((v = node_get(n, "area"))) {
		t->area_mark = v->mark;
		ok &= read_map(c->r, v, box_keys, "area") && read_box(c, v, "area", &t->area);
	}
	if ((v = node_get(n, "rows")))
		ok &= read_int(c->r, v, "rows", 1, 40, &t->rows);
	if ((v = node_get(n, "turns")))
		ok &= read_number(c->r, v, "turns", 0.5, 20, &t->turns);
	if ((v = node_get(n, "from")) && (ok &= read_enum(c->r, v, "corner", corners, &e)))
		t->start_corner = (enum corner)e;
	if ((v = node_get(n, "direction")) &&
	    (ok &= read_enum(c->r, v, "direction", directions, &e)))
		t->clockwise = e == 0;
	if ((v = node_get(n, "points"))) {
		t->points_mark = v->mark;
		ok &= read_points(c, v, 1, &t->points, &t->npoints);
	}
	if (ok && (t->shape == TRACK_POINTS || t->shape == TRACK_PATH) && !v) {
		diag_error(c->r->d, n->mark, "a track of shape '%s' needs 'points'",
		           track_shapes[t->shape]);
		ok = false;
	}
	if ((v = node_get(n, "space")))
		ok &= read_space_size(c, v);
	ok &= read_bool_key(c, n, "numbers", &t->numbers);
	if ((v = node_get(n, "road")))
		ok &= read_color(c->r, v, "road", &t->road);
	if ((v = node_get(n, "start"))) {
		t->has_start = true;
		ok &= read_end(c, v, &t->start, 0);
	}
	const struct node *sn = read_required(c->r, n, "spaces", "track");
	if (sn && read_seq(c->r, sn, "spaces")) {
		t->spaces_mark = sn->mark;
		if (sn->count < 1 || sn->count > MAX_SPACES) {
			diag_error(c->r->d, sn->mark, "a track has from 1 to %d spaces, not %zu",
			           MAX_SPACES, (size_t)sn->count);
			ok = false;
		} else {
			t->spaces = arena_alloc_array(c->r->arena, sn->count, sizeof(*t->spaces));
			t->nspaces = sn->count;
			for (size_t i = 0; i < sn->count; i++) {
				t->spaces[i] =
				        (struct space){.number = (long)i + 1, .color = b->ink};
				ok &= read_space(c, sn->items[i], &t->spaces[i]);
			}
		}
	} else {
		ok = false;
	}
	if ((v = node_get(n, "goal"))) {
		t->has_goal = true;
		ok &= read_end(c, v, &t->goal, (long)t->nspaces + 1);
	}
	if ((v = node_get(n, "shortcuts")) && t->nspaces)
		ok &= read_shortcuts(c, v);
	return ok;
}

/* ---- zones and the other elements ---- */

static bool read_overlap(struct bctx *c, const struct node *n, bool *out)
{
	*out = false;
	return read_bool_key(c, n, "overlap", out);
}

/* An item that is a text, or a mapping with label: and color: or category:. */
static bool read_labelled(struct bctx *c, const struct node *n, const char *what,
                          struct ltext *label, struct color *color, struct mark *m)
{
	*m = n->mark;
	if (n->type == NODE_MAP &&
	    (node_get(n, "label") || node_get(n, "color") || node_get(n, "category"))) {
		if (!read_map(c->r, n, slot_keys, what))
			return false;
		const struct category *k = NULL;
		bool ok = read_color_or_category(c, n, color, &k);
		if (node_get(n, "label"))
			ok &= read_ltext_key(c, n, "label", what, label);
		else if (k)
			*label = k->name;
		return ok;
	}
	return read_ltext(c->r, n, what, label);
}

static bool read_slots(struct bctx *c, const struct node *n, struct zone *z)
{
	if (!read_seq(c->r, n, "slots"))
		return false;
	if (n->count > 12) {
		diag_error(c->r->d, n->mark, "a zone has at most 12 slots");
		return false;
	}
	z->slots = arena_alloc_array(c->r->arena, n->count ? n->count : 1, sizeof(*z->slots));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *sn = n->items[i];
		struct slot *s = &z->slots[z->nslots];
		*s = (struct slot){.color = z->color, .mark = sn->mark};
		bool sok;
		if (sn->type == NODE_SCALAR) {
			/* a category id */
			const struct category *k;
			sok = read_category(c, sn, &k);
			if (sok) {
				s->color = k->color;
				s->label = k->name;
			}
		} else {
			sok = read_labelled(c, sn, "slot", &s->label, &s->color, &s->mark);
		}
		if (sok)
			z->nslots++;
		ok &= sok;
	}
	return ok;
}

static bool read_zone(struct bctx *c, const struct node *n, struct zone *z)
{
	*z = (struct zone){.id = "?",
	                   .mark = n->mark,
	                   .color = c->b->ink,
	                   .fill = rgb(0xFFFFFF),
	                   .postit_size = 76 * MM};
	if (!read_map(c->r, n, zone_keys, "zone"))
		return false;
	bool ok = read_id_key(c, n, "zone", &z->id);
	const struct node *v;
	int e = 0;
	if ((v = node_get(n, "shape")) && (ok &= read_enum(c->r, v, "zone shape", zone_shapes, &e)))
		z->shape = (enum zone_shape)e;
	if (z->shape == ZONE_POLYGON) {
		if ((v = read_required(c->r, n, "points", "polygon zone")) &&
		    read_points(c, v, 3, &z->points, &z->npoints)) {
			z->box = bpoint_bounds(z->points, z->npoints);
			if (z->box.w <= 0 || z->box.h <= 0) {
				diag_error(c->r->d, v->mark, "the polygon of zone '%s' has no area",
				           z->id);
				ok = false;
			}
		} else {
			ok = false;
		}
		const struct node *x = node_get(n, "x");
		if (x) {
			diag_error(c->r->d, x->mark, "a polygon zone has 'points', not x, y, w, h");
			ok = false;
		}
	} else {
		ok &= read_box(c, n, "zone", &z->box);
		if ((v = node_get(n, "points"))) {
			diag_error(c->r->d, v->mark, "'points' is for zones of shape 'polygon'");
			ok = false;
		}
	}
	ok &= read_ltext_key(c, n, "label", "zone label", &z->label);
	ok &= read_ltext_key(c, n, "text", "zone text", &z->text);
	if ((v = node_get(n, "color")))
		ok &= read_color(c->r, v, "color", &z->color);
	if ((v = node_get(n, "fill")))
		ok &= read_color(c->r, v, "fill", &z->fill);
	if ((v = node_get(n, "slots")))
		ok &= read_slots(c, v, z);
	if ((v = node_get(n, "slot-shape")) &&
	    (ok &= read_enum(c->r, v, "slot shape", slot_shapes, &e)))
		z->diamond_slots = e == 1;
	if ((v = node_get(n, "postits")))
		ok &= read_int(c->r, v, "postits", 0, 24, &z->postits);
	if ((v = node_get(n, "postit-size"))) {
		ok &= read_extent(c->r, v, "postit-size", &z->postit_size);
		if (z->postit_size < 20 * MM) {
			diag_error(c->r->d, v->mark, "postit-size is at least 20mm");
			ok = false;
		}
	}
	if (z->nslots && z->postits) {
		diag_error(c->r->d, n->mark,
		           "zone '%s' has slots and post-its; give it one of the two", z->id);
		ok = false;
	}
	ok &= read_overlap(c, n, &z->overlap);
	return ok;
}

static bool read_scale(struct bctx *c, const struct node *n, struct scale *s)
{
	*s = (struct scale){.id = "?", .mark = n->mark, .color = c->b->ink};
	if (!read_map(c->r, n, scale_keys, "scale"))
		return false;
	bool ok = read_id_key(c, n, "scale", &s->id);
	ok &= read_box(c, n, "scale", &s->box);
	const struct node *v;
	int e = 0;
	if ((v = node_get(n, "direction")) &&
	    (ok &= read_enum(c->r, v, "direction", scale_directions, &e)))
		s->rows = e == 1;
	ok &= read_ltext_key(c, n, "title", "scale title", &s->title);
	if ((v = node_get(n, "color")))
		ok &= read_color(c->r, v, "color", &s->color);
	if ((v = read_required(c->r, n, "steps", "scale")) && read_seq(c->r, v, "steps")) {
		if (v->count < 2 || v->count > 12) {
			diag_error(c->r->d, v->mark, "a scale has from 2 to 12 steps, not %zu",
			           (size_t)v->count);
			ok = false;
		} else {
			s->steps = arena_alloc_array(c->r->arena, v->count, sizeof(*s->steps));
			for (size_t i = 0; i < v->count; i++) {
				s->steps[i].color = s->color;
				ok &= read_labelled(c, v->items[i], "step", &s->steps[i].label,
				                    &s->steps[i].color, &s->steps[i].mark);
			}
			s->nsteps = v->count;
		}
	} else {
		ok = false;
	}
	ok &= read_overlap(c, n, &s->overlap);
	return ok;
}

static bool read_placemat(struct bctx *c, const struct node *n, struct placemat *p)
{
	*p = (struct placemat){.id = "?", .mark = n->mark, .color = c->b->ink, .seats = 4};
	if (!read_map(c->r, n, placemat_keys, "placemat"))
		return false;
	bool ok = read_id_key(c, n, "placemat", &p->id);
	ok &= read_box(c, n, "placemat", &p->box);
	const struct node *v;
	if ((v = node_get(n, "seats")))
		ok &= read_int(c->r, v, "seats", 2, 12, &p->seats);
	p->labels = arena_alloc_array(c->r->arena, (size_t)p->seats, sizeof(*p->labels));
	if ((v = node_get(n, "labels")) && read_seq(c->r, v, "labels")) {
		if (v->count != (size_t)p->seats) {
			diag_error(c->r->d, v->mark, "placemat '%s' has %ld seats and %zu labels",
			           p->id, p->seats, (size_t)v->count);
			ok = false;
		} else {
			for (size_t i = 0; i < v->count; i++)
				ok &= read_ltext(c->r, v->items[i], "seat label", &p->labels[i]);
		}
	} else if (v) {
		ok = false;
	}
	ok &= read_ltext_key(c, n, "centre", "placemat centre", &p->centre);
	if ((v = node_get(n, "color")))
		ok &= read_color(c->r, v, "color", &p->color);
	ok &= read_overlap(c, n, &p->overlap);
	return ok;
}

static bool read_timeline(struct bctx *c, const struct node *n, struct timeline *t)
{
	*t = (struct timeline){.id = "?", .mark = n->mark, .color = c->b->ink};
	if (!read_map(c->r, n, timeline_keys, "timeline"))
		return false;
	bool ok = read_id_key(c, n, "timeline", &t->id);
	ok &= read_box(c, n, "timeline", &t->box);
	ok &= read_ltext_key(c, n, "title", "timeline title", &t->title);
	const struct node *v;
	if ((v = node_get(n, "color")))
		ok &= read_color(c->r, v, "color", &t->color);
	if ((v = read_required(c->r, n, "ticks", "timeline")) && read_seq(c->r, v, "ticks")) {
		if (v->count < 2 || v->count > 40) {
			diag_error(c->r->d, v->mark, "a timeline has from 2 to 40 ticks, not %zu",
			           (size_t)v->count);
			ok = false;
		} else {
			t->ticks = arena_alloc_array(c->r->arena, v->count, sizeof(*t->ticks));
			for (size_t i = 0; i < v->count; i++)
				ok &= read_ltext(c->r, v->items[i], "tick", &t->ticks[i]);
			t->nticks = v->count;
		}
	} else {
		ok = false;
	}
	ok &= read_overlap(c, n, &t->overlap);
	return ok;
}

/* Reads a list of elements of one kind, checking ids are unique among all
 * elements read so far. */
#define READ_LIST(c, root, key, arr, cnt, fn)                                                      \
	do {                                                                                       \
		const struct node *ln_ = node_get(root, key);                                      \
		if (!ln_)                                                                          \
			break;                                                                     \
		if (!read_seq((c)->r, ln_, key)) {                                                 \
			ok = false;                                                                \
			break;                                                                     \
		}                                                                                  \
		ok &= not_too_many(c, ln_, MAX_ITEMS, key);                                        \
		size_t n_ = ln_->count < MAX_ITEMS ? ln_->count : MAX_ITEMS;                       \
		arr = arena_alloc_array((c)->r->arena, n_ ? n_ : 1, sizeof(*(arr)));               \
		for (size_t i_ = 0; i_ < n_; i_++) {                                               \
			bool iok_ = fn(c, ln_->items[i_], &(arr)[cnt]);                            \
			ok &= iok_;                                                                \
			ok &= unique_id(c, (arr)[cnt].id, (arr)[cnt].mark, ids, &nids);            \
			(cnt)++;                                                                   \
		}                                                                                  \
	} while (0)

static bool unique_id(struct bctx *c, const char *id, struct mark m, const char **ids, size_t *n)
{
	if (strcmp(id, "?") == 0)
		return true;
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(ids[i], id) == 0) {
			diag_error(c->r->d, m, "duplicate element id '%s'", id);
			return false;
		}
	}
	ids[(*n)++] = id;
	return true;
}

static bool read_elements(struct bctx *c, const struct node *root)
{
	struct board *b = c->b;
	bool ok = true;
	const char *ids[4 * MAX_ITEMS];
	size_t nids = 0;
	READ_LIST(c, root, "zones", b->zones, b->nzones, read_zone);
	READ_LIST(c, root, "scales", b->scales, b->nscales, read_scale);
	READ_LIST(c, root, "placemats", b->placemats, b->nplacemats, read_placemat);
	READ_LIST(c, root, "timelines", b->timelines, b->ntimelines, read_timeline);
	return ok;
}

/* A legend without its own 'title:' gets the program's heading from the
 * phrasebook, in every language of the board; a language without one is an
 * error, never another language's heading. */
static bool default_legend_title(struct bctx *c, struct legend *l, struct mark at)
{
	size_t n = c->b->langs.count;
	struct ltext *t = &l->title;
	t->s = arena_alloc_array(c->r->arena, n, sizeof(*t->s));
	t->marks = arena_alloc_array(c->r->arena, n, sizeof(*t->marks));
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const char *code = c->b->langs.codes[i];
		t->s[i] = c->env->phrases ? phrasebook_get(c->env->phrases, code,
		                                           PHRASE_BOARD_LEGEND_TITLE, &t->marks[i])
		                          : NULL;
		if (t->s[i])
			continue;
		diag_error(c->r->d, at,
		           "legend has no 'title', and there is no 'board.legend-title' for '%s'; "
		           "give the legend a title or add it to the kit's i18n/%s.yaml",
		           code, code);
		t->s[i] = "";
		t->marks[i] = at;
		ok = false;
	}
	t->count = n;
	t->mark = at;
	return ok;
}

static bool read_legend(struct bctx *c, const struct node *root)
{
	struct legend *l = &c->b->legend;
	const struct node *v = node_get(root, "legend");
	*l = (struct legend){.mark = v ? v->mark : root->mark};
	if (!v) {
		if (c->b->track.present) {
			diag_error(c->r->d, root->mark,
			           "board has a track but no 'legend'; give it a box (x, y, w, h) "
			           "or write "
			           "'legend: false'");
			return false;
		}
		return true;
	}
	if (v->type == NODE_SCALAR) {
		bool on;
		if (!read_bool(c->r, v, "legend", &on))
			return false;
		if (on) {
			diag_error(c->r->d, v->mark,
			           "the legend needs a box: {x: ..., y: ..., w: ..., h: ...}");
			return false;
		}
		return true;
	}
	l->show = true;
	if (!read_map(c->r, v, legend_keys, "legend"))
		return false;
	bool ok = read_box(c, v, "legend", &l->box);
	ok &= read_ltext_key(c, v, "title", "legend title", &l->title);
	const struct node *w;
	if ((w = node_get(v, "columns")))
		ok &= read_int(c->r, w, "columns", 1, 8, &l->columns);
	if (!ltext_is_set(&l->title))
		ok &= default_legend_title(c, l, v->mark);
	return ok;
}

/* ---- pieces ---- */

static bool read_count_key(struct bctx *c, const struct node *n, long max, long *out)
{
	const struct node *v = node_get(n, "count");
	*out = 1;
	return !v || read_int(c->r, v, "count", 1, max, out);
}

static bool read_pawn(struct bctx *c, const struct node *n, struct pawn *p)
{
	*p = (struct pawn){.mark = n->mark, .color = c->b->ink};
	if (!read_map(c->r, n, pawn_keys, "pawn"))
		return false;
	const struct category *k = NULL;
	bool ok = read_color_or_category(c, n, &p->color, &k);
	if (node_get(n, "label"))
		ok &= read_ltext_key(c, n, "label", "pawn label", &p->label);
	else if (k)
		p->label = k->name;
	ok &= read_count_key(c, n, 20, &p->count);
	return ok;
}

static bool read_token(struct bctx *c, const struct node *n, struct token *t)
{
	*t = (struct token){.mark = n->mark, .color = c->b->ink, .size = 20 * MM};
	if (!read_map(c->r, n, token_keys, "token"))
		return false;
	bool ok = true;
	const struct node *v;
	int e = 0;
	if ((v = node_get(n, "shape")) &&
	    (ok &= read_enum(c->r, v, "token shape", token_shapes, &e)))
		t->shape = (enum token_shape)e;
	const struct category *k = NULL;
	ok &= read_color_or_category(c, n, &t->color, &k);
	if (node_get(n, "label"))
		ok &= read_ltext_key(c, n, "label", "token label", &t->label);
	else if (k)
		t->label = k->name;
	if (k) {
		t->icon = k->icon;
		t->icon_mark = k->icon_mark;
	}
	ok &= read_icon(c, n, &t->icon, &t->icon_mark);
	ok &= read_count_key(c, n, 100, &t->count);
	if ((v = node_get(n, "size"))) {
		ok &= read_extent(c->r, v, "size", &t->size);
		if (t->size < 10 * MM || t->size > 60 * MM) {
			diag_error(c->r->d, v->mark, "a token is from 10mm to 60mm");
			ok = false;
		}
	}
	return ok;
}

static bool read_die(struct bctx *c, const struct node *n, struct pieces *p)
{
	p->has_die = true;
	p->die_mark = n->mark;
	p->die_pips = true;
	p->die_color = rgb(0xFFFFFF);
	if (n->type == NODE_SCALAR) {
		bool on;
		if (!read_bool(c->r, n, "die", &on))
			return false;
		p->has_die = on;
		return true;
	}
	if (!read_map(c->r, n, die_keys, "die"))
		return false;
	bool ok = read_color_or_category(c, n, &p->die_color, NULL);
	const struct node *v = node_get(n, "faces");
	if (v && read_seq(c->r, v, "faces")) {
		if (v->count != 6) {
			diag_error(c->r->d, v->mark, "a d6 has 6 faces, not %zu", (size_t)v->count);
			return false;
		}
		p->die_pips = false;
		for (size_t i = 0; i < 6; i++)
			ok &= read_ltext(c->r, v->items[i], "die face", &p->die_faces[i]);
	} else if (v) {
		ok = false;
	}
	return ok;
}

static bool read_spinner(struct bctx *c, const struct node *n, struct pieces *p)
{
	p->has_spinner = true;
	p->spinner_mark = n->mark;
	if (!read_map(c->r, n, spinner_keys, "spinner"))
		return false;
	const struct node *v = read_required(c->r, n, "sectors", "spinner");
	if (!v || !read_seq(c->r, v, "sectors"))
		return false;
	if (v->count < 2 || v->count > 12) {
		diag_error(c->r->d, v->mark, "a spinner has from 2 to 12 sectors, not %zu",
		           (size_t)v->count);
		return false;
	}
	p->sectors = arena_alloc_array(c->r->arena, v->count, sizeof(*p->sectors));
	bool ok = true;
	for (size_t i = 0; i < v->count; i++) {
		/* alternate light and dark ink when no colour is given */
		p->sectors[i].color = color_tint(c->b->ink, i % 2 ? 0.25 : 0.6);
		ok &= read_labelled(c, v->items[i], "sector", &p->sectors[i].label,
		                    &p->sectors[i].color, &p->sectors[i].mark);
	}
	p->nsectors = v->count;
	return ok;
}

static bool read_pieces(struct bctx *c, const struct node *n)
{
	struct pieces *p = &c->b->pieces;
	*p = (struct pieces){.present = true, .mark = n->mark};
	if (!read_map(c->r, n, pieces_keys, "pieces"))
		return false;
	bool ok = read_ltext_key(c, n, "title", "pieces title", &p->title);
	const struct node *v;
	if ((v = node_get(n, "pawns")) && (ok &= read_seq(c->r, v, "pawns"))) {
		ok &= not_too_many(c, v, 20, "pawns");
		size_t cnt = v->count < 20 ? v->count : 20;
		p->pawns = arena_alloc_array(c->r->arena, cnt ? cnt : 1, sizeof(*p->pawns));
		for (size_t i = 0; i < cnt; i++)
			ok &= read_pawn(c, v->items[i], &p->pawns[p->npawns++]);
	}
	if ((v = node_get(n, "tokens")) && (ok &= read_seq(c->r, v, "tokens"))) {
		ok &= not_too_many(c, v, 40, "tokens");
		size_t cnt = v->count < 40 ? v->count : 40;
		p->tokens = arena_alloc_array(c->r->arena, cnt ? cnt : 1, sizeof(*p->tokens));
		for (size_t i = 0; i < cnt; i++)
			ok &= read_token(c, v->items[i], &p->tokens[p->ntokens++]);
	}
	if ((v = node_get(n, "die")))
		ok &= read_die(c, v, p);
	if ((v = node_get(n, "spinner")))
		ok &= read_spinner(c, v, p);
	if (!p->npawns && !p->ntokens && !p->has_die && !p->has_spinner) {
		diag_error(c->r->d, n->mark, "pieces has none of pawns, tokens, die or spinner");
		ok = false;
	}
	return ok;
}

/* ---- the board ---- */

static bool read_deck_ref(struct bctx *c, const struct node *root)
{
	const struct kit *kit = c->env->kit;
	const struct node *v = node_get(root, "deck");
	if (!v) {
		c->b->deck = kit->ndecks == 1 ? kit->decks[0] : NULL;
		return true;
	}
	const char *id;
	if (!read_id(c->r, v, "deck", &id))
		return false;
	for (size_t i = 0; i < kit->ndecks; i++) {
		if (strcmp(kit->decks[i]->id, id) == 0) {
			c->b->deck = kit->decks[i];
			return true;
		}
	}
	if (kit_deck_unread(kit, id)) {
		c->deck_unread = true; /* its categories cannot be checked now */
		return false;
	}
	const char **names = arena_alloc_array(c->r->arena, kit->ndecks + 1, sizeof(*names));
	for (size_t i = 0; i < kit->ndecks; i++)
		names[i] = kit->decks[i]->id;
	const char *s = suggest(id, names, kit->ndecks);
	if (s)
		diag_error(c->r->d, v->mark, "unknown deck '%s'; did you mean '%s'?", id, s);
	else
		diag_error(c->r->d, v->mark, "unknown deck '%s'; the kit has %zu deck%s", id,
		           kit->ndecks, kit->ndecks == 1 ? "" : "s");
	return false;
}

static bool read_langs_of(struct bctx *c, const struct node *root)
{
	const struct kit *kit = c->env->kit;
	struct board *b = c->b;
	const struct node *v = node_get(root, "languages");
	if (v) {
		if (!read_langs(c->r, v, &b->langs))
			return false;
		for (size_t i = 0; i < b->langs.count && kit->langs.count; i++) {
			if (langs_find(&kit->langs, b->langs.codes[i]) < 0) {
				diag_error(c->r->d, v->mark,
				           "language '%s' is not one of the kit's languages",
				           b->langs.codes[i]);
				return false;
			}
		}
	} else if (kit->langs.count) {
		b->langs = kit->langs;
	} else {
		diag_error(c->r->d, root->mark,
		           "board has no 'languages' and there is no kit.yaml that declares them");
		return false;
	}
	c->r->langs = b->langs;
	return true;
}

bool board_read(struct board **out, const struct node *root, struct reader *r,
                const struct board_env *env)
{
	*out = NULL;
	struct board *b = arena_alloc(r->arena, sizeof(*b));
	struct bctx c = {.r = r, .env = env, .b = b};
	b->path = root->mark.file;
	b->mark = root->mark;
	b->author = env->kit->author;
	bool ok = read_map(r, root, board_keys, "board");
	const struct node *v;
	b->id = "?";
	if ((v = read_required(r, root, "id", "board"))) {
		b->id_mark = v->mark;
		ok &= read_id(r, v, "board id", &b->id);
	} else {
		ok = false;
	}
	if (!read_langs_of(&c, root))
		return false;
	if ((v = read_required(r, root, "title", "board")))
		ok &= read_ltext(r, v, "board title", &b->title);
	else
		ok = false;
	ok &= read_ltext_key(&c, root, "subtitle", "subtitle", &b->subtitle);
	ok &= about_read(&b->about, r, root, "board", b->id);
	if ((v = node_get(root, "author")))
		ok &= read_string(r, v, "author", &b->author);
	ok &= read_deck_ref(&c, root);
	if (c.deck_unread)
		return false;
	if (!read_size(&c, root))
		return false; /* every position depends on it */
	ok &= read_looks(&c, root);
	ok &= read_header(&c, root);
	if ((v = node_get(root, "types")))
		ok &= read_types(&c, v);
	if ((v = node_get(root, "track")))
		ok &= read_track(&c, v);
	ok &= read_elements(&c, root);
	ok &= read_legend(&c, root);
	if ((v = node_get(root, "pieces")))
		ok &= read_pieces(&c, v);
	b->tile_overlap = 10 * MM;
	if ((v = node_get(root, "tiles")) &&
	    (ok &= read_map(r, v, (const char *const[]){"overlap", NULL}, "tiles"))) {
		const struct node *w = node_get(v, "overlap");
		if (w && (ok &= read_extent(r, w, "overlap", &b->tile_overlap)) &&
		    (b->tile_overlap < 3 * MM || b->tile_overlap > 50 * MM)) {
			diag_error(r->d, w->mark, "tiles overlap from 3mm to 50mm");
			ok = false;
		}
	}
	if (!b->track.present && !b->nzones && !b->nscales && !b->nplacemats && !b->ntimelines) {
		diag_error(r->d, root->mark,
		           "board has nothing to draw; give it a track, zones, scales, placemats "
		           "or timelines");
		ok = false;
	}
	if (!ok)
		return false;
	*out = b;
	return true;
}
