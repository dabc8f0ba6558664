#include "model/template.h"

#include <math.h>
#include <string.h>

#include "load/scalar.h"
#include "model/brand.h"
#include "util/buf.h"
#include "util/suggest.h"

const char *const field_names[FIELD_COUNT_] = {
        [FIELD_ID] = "id",
        [FIELD_TITLE] = "title",
        [FIELD_TEXT] = "text",
        [FIELD_LEVEL] = "level",
        [FIELD_INDEX] = "index",
        [FIELD_COUNT] = "count",
        [FIELD_TYPE] = "type",
        [FIELD_TYPE_LABEL] = "type.label",
        [FIELD_TYPE_PROMPT] = "type.prompt",
        [FIELD_CATEGORY] = "category",
        [FIELD_CATEGORY_NAME] = "category.name",
        [FIELD_CATEGORY_COLOR] = "category.color",
        [FIELD_CATEGORY_ICON] = "category.icon",
        [FIELD_DECK_TITLE] = "deck.title",
        [FIELD_DECK_VERSION] = "deck.version",
        [FIELD_BACK_TEXT] = "back.text",
        [FIELD_BACK_COLOR] = "back.color",
        [FIELD_BACK_ICON] = "back.icon",
        [FIELD_CATEGORY_INDEX] = "category.index",
        [FIELD_CATEGORY_COUNT] = "category.count",
        [FIELD_NUMBER] = "number",
        [FIELD_NUMBER_COUNT] = "number.count",
};

const char *field_get_name(enum field f, const char *custom)
{
	return f == FIELD_CUSTOM ? custom : field_names[f];
}

enum field_kind {
	FIELD_KIND_TEXT,
	FIELD_KIND_COLOR,
	FIELD_KIND_IMAGE,
};

static enum field_kind field_get_kind(enum field f)
{
	switch (f) {
	case FIELD_CATEGORY_COLOR:
	case FIELD_BACK_COLOR:
		return FIELD_KIND_COLOR;
	case FIELD_CATEGORY_ICON:
	case FIELD_BACK_ICON:
		return FIELD_KIND_IMAGE;
	default:
		return FIELD_KIND_TEXT;
	}
}

static const char *const kind_names[] = {"a text", "a colour", "an image"};

bool field_is_custom_name(const char *name, size_t len)
{
	if (len == 0 || len > 64 ||
	    !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* Looks up a field name; reports with a suggestion. A name that could be
 * a deck's own field is FIELD_CUSTOM with *custom set: the deck that uses
 * the template checks it against its fields (model/deck.c). */
static bool lookup_field(struct reader *r, const char *name, size_t len, struct mark m,
                         enum field *out, const char **custom)
{
	*custom = NULL;
	for (int f = 0; f < FIELD_COUNT_; f++) {
		if (strlen(field_names[f]) == len && strncmp(field_names[f], name, len) == 0) {
			*out = (enum field)f;
			return true;
		}
	}
	char *copy = arena_strndup(r->arena, name, len);
	if (field_is_custom_name(name, len)) {
		*out = FIELD_CUSTOM;
		*custom = copy;
		return true;
	}
	const char *s = suggest(copy, field_names, FIELD_COUNT_);
	if (s)
		diag_error(r->d, m, "unknown field '{%s}'; did you mean '{%s}'?", copy, s);
	else
		diag_error(r->d, m, "unknown field '{%s}'", copy);
	return false;
}

/* Parses "{text} · {id}" into parts; reports unknown fields with a
 * suggestion and unbalanced braces ("{{" and "}}" are literal braces).
 * Parts live in r->arena. */
static bool tstring_parse(struct reader *r, const char *s, struct mark mark, struct tpart **out,
                          size_t *count)
{
	/* at most one part per character, plus one */
	size_t n = strlen(s);
	struct tpart *parts = arena_alloc_array(r->arena, n + 1, sizeof(*parts));
	size_t np = 0;
	char *lit = arena_alloc(r->arena, n + 1); /* literal text with braces unescaped */
	size_t litlen = 0, litstart = 0;
	bool ok = true;
	for (size_t i = 0; i < n;) {
		if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
			lit[litlen++] = s[i];
			i += 2;
			continue;
		}
		if (s[i] == '}') {
			diag_error(r->d, mark,
			           "unmatched '}' in '%s'; write '}}' for a literal brace", s);
			return false;
		}
		if (s[i] != '{') {
			lit[litlen++] = s[i++];
			continue;
		}
		const char *end = strchr(s + i + 1, '}');
		if (!end) {
			diag_error(r->d, mark,
			           "unclosed '{' in '%s'; write '{{' for a literal brace", s);
			return false;
		}
		if (litlen > litstart)
			parts[np++] =
			        (struct tpart){.text = lit + litstart, .len = litlen - litstart};
		lit[litlen++] = '\0';
		litstart = litlen;
		enum field f;
		const char *custom;
		if (lookup_field(r, s + i + 1, (size_t)(end - s - i - 1), mark, &f, &custom))
			parts[np++] =
			        (struct tpart){.is_field = true, .field = f, .custom = custom};
		else
			ok = false;
		i = (size_t)(end - s) + 1;
	}
	if (litlen > litstart)
		parts[np++] = (struct tpart){.text = lit + litstart, .len = litlen - litstart};
	lit[litlen] = '\0';
	*out = parts;
	*count = np;
	return ok;
}

/* What reading a template needs besides the reader: the fonts, and the
 * brands its "{brand.*}" values resolve against. */
struct font_check {
	bool (*check_family)(const char *family, struct mark m, void *ctx);
	void *ctx;
	const struct brand *brand;    /* the kit's; may be NULL */
	const struct brand *defaults; /* the template's own brand: block */
};

/* "{brand.NAME}": returns NAME (in the arena), or NULL for anything else. */
static const char *brand_ref(struct reader *r, const char *s)
{
	size_t len = strlen(s);
	if (len < 9 || strncmp(s, "{brand.", 7) != 0 || s[len - 1] != '}')
		return NULL;
	return arena_strndup(r->arena, s + 7, len - 8);
}

static void report_unknown_brand(struct reader *r, const struct font_check *fc, struct mark m,
                                 const char *what, const char *name, bool fonts)
{
	size_t n;
	const char **names = brand_list_names(fc->brand, fc->defaults, fonts, r->arena, &n);
	const char *s = suggest(name, names, n);
	if (s)
		diag_error(r->d, m, "unknown brand %s '%s'; did you mean '%s'?", what, name, s);
	else
		diag_error(r->d, m,
		           "unknown brand %s '%s'; add it to the kit's brand.yaml or the "
		           "template's brand: block",
		           what, name);
}

/* A value that must be exactly one field of the given kind, or a literal.
 * A deck's own field (*custom set) can only be a text or an image; the
 * deck checks its kind. */
static bool single_field(struct reader *r, const struct node *n, enum field_kind want,
                         bool *is_field, enum field *f, const char **custom)
{
	*is_field = false;
	*custom = NULL;
	const char *s = n->str;
	size_t len = strlen(s);
	if (len < 2 || s[0] != '{' || s[len - 1] != '}' || s[1] == '{' ||
	    memchr(s + 1, '{', len - 2) || memchr(s + 1, '}', len - 2))
		return true;
	if (!lookup_field(r, s + 1, len - 2, n->mark, f, custom))
		return false;
	if (*f == FIELD_CUSTOM && want == FIELD_KIND_COLOR) {
		diag_error(r->d, n->mark,
		           "field '%s' is not a colour; a colour here is '{category.color}', "
		           "'{back.color}' or one such as '#2E6DB4'",
		           s);
		return false;
	}
	if (*f != FIELD_CUSTOM && field_get_kind(*f) != want) {
		diag_error(r->d, n->mark, "field '%s' is %s, but %s is needed here", s,
		           kind_names[field_get_kind(*f)], kind_names[want]);
		return false;
	}
	*is_field = true;
	return true;
}

static bool read_tcolor(struct reader *r, const struct font_check *fc, const struct node *n,
                        const char *what, struct tcolor *out)
{
	*out = (struct tcolor){.mark = n->mark};
	if (n->type != NODE_SCALAR) {
		diag_error(r->d, n->mark,
		           "%s must be a colour such as '#2E6DB4' or '{category.color}'", what);
		return false;
	}
	const char *name = brand_ref(r, n->str);
	if (name) {
		const struct brand_color *c = brand_find_color(fc->brand, fc->defaults, name);
		if (!c) {
			report_unknown_brand(r, fc, n->mark, "colour", name, false);
			return false;
		}
		out->color = c->color;
		out->set = true;
		return true;
	}
	const char *custom;
	if (!single_field(r, n, FIELD_KIND_COLOR, &out->is_field, &out->field, &custom))
		return false;
	if (!out->is_field && !read_color(r, n, what, &out->color))
		return false;
	out->set = true;
	return true;
}

static bool read_tstring(struct reader *r, const struct node *n, const char *what,
                         struct tstring *out)
{
	*out = (struct tstring){.mark = n->mark};
	struct ltext lt;
	if (!read_ltext(r, n, what, &lt))
		return false;
	size_t nl = r->langs.count;
	out->parts = arena_alloc_array(r->arena, nl ? nl : 1, sizeof(*out->parts));
	out->nparts = arena_alloc_array(r->arena, nl ? nl : 1, sizeof(*out->nparts));
	bool ok = true;
	for (size_t i = 0; i < nl; i++) {
		if (lt.plain && i > 0) {
			out->parts[i] = out->parts[0];
			out->nparts[i] = out->nparts[0];
			continue;
		}
		ok &= tstring_parse(r, lt.s[i], lt.marks[i], &out->parts[i], &out->nparts[i]);
	}
	out->set = ok;
	return ok;
}

static const char *const type_names[] = {"rect", "text", "image", "line", "dots", "qr", NULL};

static const char *const keys_rect[] = {"type",   "id",   "x",     "y",      "w",
                                        "h",      "when", "fill",  "stroke", "stroke-width",
                                        "radius", "tint", "bleed", NULL};
static const char *const keys_text[] = {
        "type",  "id",    "x",      "y",           "w",         "h",      "when", "text",    "font",
        "color", "align", "valign", "line-height", "hyphenate", "rotate", "fit",  "balance", NULL};
static const char *const keys_image[] = {"type", "id",   "x",   "y",      "w",
                                         "h",    "when", "src", "rotate", NULL};
static const char *const keys_line[] = {"type", "id",   "x1",    "y1",    "x2",
                                        "y2",   "when", "color", "width", NULL};
static const char *const keys_dots[] = {"type",   "id",           "x",     "y",     "w",
                                        "h",      "when",         "count", "value", "fill",
                                        "stroke", "stroke-width", NULL};
static const char *const keys_qr[] = {"type", "id",   "x",     "y",          "w",          "h",
                                      "when", "data", "color", "background", "correction", NULL};
static const char *const *const keys_by_type[] = {keys_rect, keys_text, keys_image,
                                                  keys_line, keys_dots, keys_qr};

static const char *const font_keys[] = {"family", "weight", "style", "size", "min-size", NULL};
static const char *const weight_names[] = {"regular", "medium", "semibold", "bold", "black", NULL};
static const int weight_values[] = {400, 500, 600, 700, 900};
static const char *const style_names[] = {"normal", "italic", NULL};
static const char *const align_names[] = {"left",  "center", "right", "justify",
                                          "start", "end",    NULL};
static const enum text_align align_values[] = {ALIGN_LEFT,    ALIGN_CENTER, ALIGN_RIGHT,
                                               ALIGN_JUSTIFY, ALIGN_START,  ALIGN_END};
static const char *const valign_names[] = {"top", "middle", "bottom", NULL};
static const char *const fit_names[] = {"box", "deck", NULL};

static bool read_font(struct reader *r, const struct node *n, const struct font_check *fc,
                      struct text_style *st)
{
	if (!read_map(r, n, font_keys, "font"))
		return false;
	bool ok = true;
	const struct node *v;
	if ((v = read_required(r, n, "family", "font"))) {
		if (read_string(r, v, "font family", &st->family)) {
			const char *role = brand_ref(r, st->family);
			struct mark fm = v->mark;
			if (role) {
				const struct brand_font *bf =
				        brand_find_font(fc->brand, fc->defaults, role);
				if (!bf) {
					report_unknown_brand(r, fc, v->mark, "font", role, true);
					return false;
				}
				st->family = bf->family;
				fm = bf->mark;
			}
			if (!fc->check_family(st->family, fm, fc->ctx))
				ok = false;
		} else {
			ok = false;
		}
	} else {
		ok = false;
	}
	int i;
	if ((v = node_get(n, "weight"))) {
		if (read_enum(r, v, "font weight", weight_names, &i))
			st->weight = weight_values[i];
		else
			ok = false;
	}
	if ((v = node_get(n, "style"))) {
		if (read_enum(r, v, "font style", style_names, &i))
			st->italic = i == 1;
		else
			ok = false;
	}
	if ((v = read_required(r, n, "size", "font"))) {
		if (read_extent(r, v, "font size", &st->size) && st->size < 2) {
			diag_error(r->d, v->mark,
			           "font size '%s' is too small to print (at least 2pt)", v->str);
			ok = false;
		}
	} else {
		ok = false;
	}
	st->min_size = st->size;
	if ((v = node_get(n, "min-size"))) {
		if (!read_extent(r, v, "font min-size", &st->min_size)) {
			ok = false;
		} else if (st->min_size > st->size) {
			diag_error(r->d, v->mark, "min-size '%s' is larger than the font size",
			           v->str);
			ok = false;
		} else if (st->min_size < 4) {
			diag_error(r->d, v->mark,
			           "min-size '%s' is too small to print (at least 4pt)", v->str);
			ok = false;
		}
	}
	return ok;
}

static bool read_when(struct reader *r, const struct node *n, struct element *e)
{
	if (n->type != NODE_MAP) {
		diag_error(r->d, n->mark, "when must be a mapping such as {type: statement}");
		return false;
	}
	e->when = arena_alloc_array(r->arena, n->count ? n->count : 1, sizeof(*e->when));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *k = n->pairs[i].key, *v = n->pairs[i].value;
		struct cond *c = &e->when[e->nwhen];
		c->mark = k->mark;
		if (!lookup_field(r, k->str, strlen(k->str), k->mark, &c->field, &c->custom)) {
			ok = false;
			continue;
		}
		if (c->field != FIELD_CUSTOM && field_get_kind(c->field) != FIELD_KIND_TEXT) {
			diag_error(r->d, k->mark, "when cannot test '%s'; test 'category' instead",
			           k->str);
			ok = false;
			continue;
		}
		if (v->type == NODE_SCALAR && strcmp(v->str, "set") == 0 && v->plain) {
			c->values = NULL;
		} else if (v->type == NODE_SCALAR) {
			const char **vals = arena_alloc_array(r->arena, 2, sizeof(*vals));
			vals[0] = v->str;
			c->values = vals;
		} else if (v->type == NODE_SEQ) {
			const char **vals =
			        arena_alloc_array(r->arena, v->count + 1, sizeof(*vals));
			for (size_t j = 0; j < v->count; j++)
				if (!read_string(r, v->items[j], "when value", &vals[j]))
					ok = false;
			c->values = vals;
		} else {
			diag_error(r->d, v->mark, "when value must be a text or a list of texts");
			ok = false;
			continue;
		}
		e->nwhen++;
	}
	return ok;
}

/* Reads a required length key of e into *out: a length, or a % of the trim
 * (then sets pct in e->pct and keeps the fraction). */
static bool req_length(struct reader *r, const struct node *n, const char *key, const char *what,
                       double *out, bool extent, struct element *e, unsigned pct)
{
	const struct node *v = read_required(r, n, key, what);
	if (!v)
		return false;
	size_t len = v->type == NODE_SCALAR ? strlen(v->str) : 0;
	if (len && v->str[len - 1] == '%') {
		if (!read_percent(r, v, key, out))
			return false;
		if (extent && *out <= 0) {
			diag_error(r->d, v->mark, "%s '%s' must be larger than 0%%", key, v->str);
			return false;
		}
		e->pct |= pct;
		return true;
	}
	return extent ? read_extent(r, v, key, out) : read_length(r, v, key, out);
}

/* The box a line's ends span. */
static struct box line_box(const struct element *e)
{
	return (struct box){fmin(e->x1, e->x2), fmin(e->y1, e->y2), fabs(e->x2 - e->x1),
	                    fabs(e->y2 - e->y1)};
}

/* A required template string, such as a text's text. */
static bool req_tstring(struct reader *r, const struct node *n, const char *key, const char *what,
                        struct tstring *out)
{
	const struct node *v = read_required(r, n, key, what);
	return v && read_tstring(r, v, key, out);
}

/* The color: of a text, line or qr element; default black. */
static bool read_ink(struct reader *r, const struct font_check *fc, const struct node *n,
                     struct element *e)
{
	const struct node *v = node_get(n, "color");
	if (v)
		return read_tcolor(r, fc, v, "color", &e->color);
	e->color = (struct tcolor){.set = true};
	return true;
}

/* The keys of a rect element. */
static bool read_rect(struct reader *r, const struct node *n, const struct font_check *fc,
                      struct element *e)
{
	const struct node *v;
	bool ok = true;
	if ((v = node_get(n, "fill")))
		ok &= read_tcolor(r, fc, v, "fill", &e->fill);
	if ((v = node_get(n, "stroke")))
		ok &= read_tcolor(r, fc, v, "stroke", &e->stroke);
	if ((v = node_get(n, "stroke-width")))
		ok &= read_extent(r, v, "stroke-width", &e->stroke_width);
	if ((v = node_get(n, "radius")))
		ok &= read_extent(r, v, "radius", &e->radius);
	if ((v = node_get(n, "tint")))
		ok &= read_percent(r, v, "tint", &e->tint);
	if ((v = node_get(n, "bleed")))
		ok &= read_bool(r, v, "bleed", &e->bleed);
	if (!e->fill.set && !e->stroke.set) {
		diag_error(r->d, n->mark, "rect element needs a 'fill' or a 'stroke'");
		ok = false;
	}
	return ok;
}

/* The keys of a text element; what names it in messages. */
static bool read_text(struct reader *r, const struct node *n, const char *what,
                      const struct font_check *fc, struct element *e)
{
	const struct node *v;
	bool ok = true;
	ok &= req_tstring(r, n, "text", what, &e->text);
	if ((v = read_required(r, n, "font", what)))
		ok &= read_font(r, v, fc, &e->style);
	else
		ok = false;
	ok &= read_ink(r, fc, n, e);
	int i;
	if ((v = node_get(n, "align"))) {
		if (read_enum(r, v, "alignment", align_names, &i))
			e->style.align = align_values[i];
		else
			ok = false;
	}
	if ((v = node_get(n, "valign"))) {
		if (read_enum(r, v, "vertical alignment", valign_names, &i))
			e->valign = (enum valign)i;
		else
			ok = false;
	}
	if ((v = node_get(n, "line-height")))
		ok &= read_number(r, v, "line-height", 0.5, 3.0, &e->style.line_height);
	if ((v = node_get(n, "hyphenate")))
		ok &= read_bool(r, v, "hyphenate", &e->hyphenate);
	if ((v = node_get(n, "fit"))) {
		if (read_enum(r, v, "fit", fit_names, &i))
			e->fit = (enum text_fit)i;
		else
			ok = false;
	}
	if ((v = node_get(n, "balance")))
		ok &= read_bool(r, v, "balance", &e->balance);
	return ok;
}

/* The src of an image element: a file, an image field or the brand's logo. */
static bool read_image(struct reader *r, const struct node *n, const char *what,
                       const struct font_check *fc, struct element *e)
{
	const struct node *v;
	bool ok = true;
	if ((v = read_required(r, n, "src", what))) {
		e->src_mark = v->mark;
		const char *bname = v->type == NODE_SCALAR ? brand_ref(r, v->str) : NULL;
		if (bname) {
			const struct brand *b =
			        fc->brand && fc->brand->logo ? fc->brand : fc->defaults;
			if (strcmp(bname, "logo") != 0) {
				diag_error(r->d, v->mark,
				           "an image from the brand is '{brand.logo}', not '%s'",
				           v->str);
				ok = false;
			} else if (!b || !b->logo) {
				diag_error(r->d, v->mark,
				           "'{brand.logo}' but no brand has a logo; add 'logo:' to "
				           "the kit's brand.yaml");
				ok = false;
			} else {
				e->src_path = b->logo;
			}
		} else if (v->type != NODE_SCALAR) {
			diag_error(r->d, v->mark, "src must be a file path or an image field");
			ok = false;
		} else if (!single_field(r, v, FIELD_KIND_IMAGE, &e->src_is_field, &e->src_field,
		                         &e->src_custom)) {
			ok = false;
		} else if (!e->src_is_field && strchr(v->str, '{')) {
			/* a path with fields: the deck expands it for each card */
			ok &= tstring_parse(r, v->str, v->mark, &e->src_parts, &e->src_nparts);
		} else if (!e->src_is_field) {
			ok &= read_path(r, v, "image", &e->src_path);
		}
	} else {
		ok = false;
	}
	return ok;
}

/* The keys of a line element; its box is the one its ends span. */
static bool read_line(struct reader *r, const struct node *n, const char *what,
                      const struct font_check *fc, struct element *e)
{
	const struct node *v;
	bool ok = true;
	ok &= req_length(r, n, "x1", what, &e->x1, false, e, PCT_X1);
	ok &= req_length(r, n, "y1", what, &e->y1, false, e, PCT_Y1);
	ok &= req_length(r, n, "x2", what, &e->x2, false, e, PCT_X2);
	ok &= req_length(r, n, "y2", what, &e->y2, false, e, PCT_Y2);
	ok &= read_ink(r, fc, n, e);
	if ((v = node_get(n, "width")))
		ok &= read_extent(r, v, "width", &e->width);
	e->box = line_box(e);
	return ok;
}

/* The keys of a dots element, whose value is a field such as '{level}'. */
static bool read_dots(struct reader *r, const struct node *n, const char *what,
                      const struct font_check *fc, struct element *e)
{
	const struct node *v;
	bool ok = true;
	if ((v = read_required(r, n, "count", what)))
		ok &= read_int(r, v, "count", 1, 20, &e->dot_count);
	else
		ok = false;
	if ((v = read_required(r, n, "value", what))) {
		e->dot_mark = v->mark;
		bool is_field = false;
		if (v->type == NODE_SCALAR &&
		    single_field(r, v, FIELD_KIND_TEXT, &is_field, &e->dot_value, &e->dot_custom) &&
		    is_field) {
			/* fine */
		} else {
			if (!is_field && v->type == NODE_SCALAR)
				diag_error(r->d, v->mark,
				           "dots value must be a field such as '{level}'");
			ok = false;
		}
	} else {
		ok = false;
	}
	if ((v = node_get(n, "fill")))
		ok &= read_tcolor(r, fc, v, "fill", &e->fill);
	else
		e->fill = (struct tcolor){.set = true};
	if ((v = node_get(n, "stroke")))
		ok &= read_tcolor(r, fc, v, "stroke", &e->stroke);
	if ((v = node_get(n, "stroke-width")))
		ok &= read_extent(r, v, "stroke-width", &e->stroke_width);
	return ok;
}

static const char *const correction_names[] = {"low", "medium", "quartile", "high", NULL};

/* The keys of a qr element: what it encodes, its colours and its error
 * correction (default medium). */
static bool read_qr(struct reader *r, const struct node *n, const char *what,
                    const struct font_check *fc, struct element *e)
{
	const struct node *v;
	bool ok = true;
	ok &= req_tstring(r, n, "data", what, &e->qr_data);
	ok &= read_ink(r, fc, n, e);
	if ((v = node_get(n, "background")))
		ok &= read_tcolor(r, fc, v, "background", &e->background);
	else
		e->background = (struct tcolor){.set = true, .color = {1, 1, 1}};
	e->qr_level = 1;
	if ((v = node_get(n, "correction")))
		ok &= read_enum(r, v, "error correction", correction_names, &e->qr_level);
	return ok;
}

static bool read_element(struct reader *r, const struct node *n, const char *face, size_t index,
                         const struct font_check *fc, struct element *e)
{
	*e = (struct element){.mark = n->mark,
	                      .tint = 1,
	                      .stroke_width = 0.5,
	                      .width = 0.5,
	                      .hyphenate = true,
	                      .valign = VALIGN_TOP};
	e->style = (struct text_style){.weight = 400, .line_height = 1.38, .align = ALIGN_START};
	if (n->type != NODE_MAP) {
		diag_error(r->d, n->mark, "element must be a mapping with a 'type', not %s",
		           node_type_name(n));
		return false;
	}
	const struct node *t = read_required(r, n, "type", "element");
	int type;
	if (!t || !read_enum(r, t, "element type", type_names, &type))
		return false;
	e->type = (enum elem_type)type;
	char what[64];
	snprintf(what, sizeof(what), "%s element", type_names[type]);
	bool ok = read_map(r, n, keys_by_type[type], what);

	const struct node *v;
	if ((v = node_get(n, "id"))) {
		ok &= read_id(r, v, "element id", &e->name);
	} else {
		char name[48];
		snprintf(name, sizeof(name), "%s[%zu] (%s)", face, index + 1, type_names[type]);
		e->name = arena_strdup(r->arena, name);
	}
	if (e->type != ELEM_LINE) {
		ok &= req_length(r, n, "x", what, &e->box.x, false, e, PCT_X);
		ok &= req_length(r, n, "y", what, &e->box.y, false, e, PCT_Y);
		ok &= req_length(r, n, "w", what, &e->box.w, true, e, PCT_W);
		ok &= req_length(r, n, "h", what, &e->box.h, true, e, PCT_H);
	}
	if ((v = node_get(n, "when")))
		ok &= read_when(r, v, e);
	if ((v = node_get(n, "rotate")))
		ok &= read_number(r, v, "rotate", -360, 360, &e->rotate);

	switch (e->type) {
	case ELEM_RECT:
		ok &= read_rect(r, n, fc, e);
		break;
	case ELEM_TEXT:
		ok &= read_text(r, n, what, fc, e);
		break;
	case ELEM_IMAGE:
		ok &= read_image(r, n, what, fc, e);
		break;
	case ELEM_LINE:
		ok &= read_line(r, n, what, fc, e);
		break;
	case ELEM_DOTS:
		ok &= read_dots(r, n, what, fc, e);
		break;
	case ELEM_QR:
		ok &= read_qr(r, n, what, fc, e);
		break;
	}
	return ok;
}

static bool read_face(struct reader *r, const struct node *n, const char *name,
                      const struct font_check *fc, struct face *out)
{
	*out = (struct face){0};
	if (!read_seq(r, n, "face"))
		return false;
	out->elems = arena_alloc_array(r->arena, n->count ? n->count : 1, sizeof(*out->elems));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++)
		ok &= read_element(r, n->items[i], name, i, fc, &out->elems[i]);
	out->count = n->count;
	return ok;
}

static const char *const template_keys[] = {"kind",   "id",    "brand", "sizes",
                                            "fields", "faces", NULL};
static const char *const face_names[] = {"front", "back", "special", NULL};

/* sizes: [poker, a6, "80 x 120mm"]: the card sizes the template is made for. */
static bool read_sizes(struct reader *r, const struct node *n, struct template *t)
{
	if (!read_seq(r, n, "sizes"))
		return false;
	t->sizes = arena_alloc_array(r->arena, n->count ? n->count : 1, sizeof(*t->sizes));
	bool ok = true;
	for (size_t i = 0; i < n->count; i++) {
		const struct node *v = n->items[i];
		struct template_size *s = &t->sizes[t->nsizes];
		if (!read_string(r, v, "size", &s->name)) {
			ok = false;
			continue;
		}
		const char *hint = scalar_parse_size(s->name, &s->w, &s->h);
		if (hint) {
			size_t np = 0;
			while (scalar_size_presets[np])
				np++;
			const char *sug = suggest(s->name, scalar_size_presets, np);
			if (sug)
				diag_error(r->d, v->mark, "invalid size '%s'; did you mean '%s'?",
				           s->name, sug);
			else
				diag_error(r->d, v->mark, "invalid size '%s'; %s", s->name, hint);
			ok = false;
			continue;
		}
		t->nsizes++;
	}
	if (n->count == 0) {
		diag_error(r->d, n->mark, "sizes is empty; leave it out to allow any size");
		ok = false;
	}
	return ok;
}

bool template_read(struct template **out, const struct node *root, struct reader *r,
                   const struct brand *brand,
                   bool (*check_family)(const char *family, struct mark m, void *ctx), void *ctx)
{
	*out = NULL;
	struct brand *defaults = arena_alloc(r->arena, sizeof(*defaults));
	const struct node *bn = node_get(root, "brand");
	if (bn && !brand_read(defaults, bn, r, false))
		return false;
	struct font_check fc = {check_family, ctx, brand, defaults};
	struct template *t = arena_alloc(r->arena, sizeof(*t));
	t->path = root->mark.file;
	bool ok = read_map(r, root, template_keys, "template");
	const struct node *v;
	if ((v = read_required(r, root, "id", "template")))
		ok &= read_id(r, v, "template id", &t->id);
	else
		ok = false;
	if ((v = node_get(root, "sizes")))
		ok &= read_sizes(r, v, t);
	t->fields = node_get(root, "fields");
	const struct node *faces = read_required(r, root, "faces", "template");
	if (!faces)
		return false;
	if (!read_map(r, faces, face_names, "faces"))
		return false;
	for (int f = 0; f < FACE_COUNT_; f++) {
		const struct node *fn = node_get(faces, face_names[f]);
		if (!fn) {
			if (f != FACE_SPECIAL) {
				diag_error(r->d, faces->mark, "faces has no '%s'", face_names[f]);
				ok = false;
			}
			continue;
		}
		ok &= read_face(r, fn, face_names[f], &fc, &t->faces[f]);
		if (f == FACE_SPECIAL)
			t->has_special = true;
		for (size_t i = 0; i < t->faces[f].count; i++)
			t->relative |= t->faces[f].elems[i].pct != 0;
	}
	if (!ok)
		return false;
	*out = t;
	return true;
}

static double resolve_length(double v, bool pct, double whole)
{
	return pct ? v * whole : v;
}

/* Turns the % lengths of e into points on a trim of tw x th. */
static void resolve_element(struct element *e, double tw, double th)
{
	unsigned p = e->pct;
	if (e->type == ELEM_LINE) {
		e->x1 = resolve_length(e->x1, p & PCT_X1, tw);
		e->y1 = resolve_length(e->y1, p & PCT_Y1, th);
		e->x2 = resolve_length(e->x2, p & PCT_X2, tw);
		e->y2 = resolve_length(e->y2, p & PCT_Y2, th);
		e->box = line_box(e);
	} else {
		e->box.x = resolve_length(e->box.x, p & PCT_X, tw);
		e->box.y = resolve_length(e->box.y, p & PCT_Y, th);
		e->box.w = resolve_length(e->box.w, p & PCT_W, tw);
		e->box.h = resolve_length(e->box.h, p & PCT_H, th);
	}
	e->pct = 0;
}

/* Whether t is made for a trim of tw x th points (within half a point). */
static bool serves_size(const struct template *t, double tw, double th)
{
	if (!t->nsizes)
		return true;
	for (size_t i = 0; i < t->nsizes; i++)
		if (fabs(t->sizes[i].w - tw) < 0.5 && fabs(t->sizes[i].h - th) < 0.5)
			return true;
	return false;
}

bool template_resolve(const struct template **out, const struct template *t, double trim_w,
                      double trim_h, struct mark at, const char *deck_id, struct reader *r)
{
	*out = NULL;
	if (!serves_size(t, trim_w, trim_h)) {
		struct buf names;
		buf_init(&names);
		for (size_t i = 0; i < t->nsizes; i++)
			buf_printf(&names, "%s%s", i ? ", " : "", t->sizes[i].name);
		/* a size it serves turned: say so, the fix is the orientation */
		bool turned = serves_size(t, trim_h, trim_w);
		diag_error(r->d, at,
		           "template '%s' is made for the sizes %s, not the %.4gx%.4gmm of "
		           "deck '%s'%s",
		           t->id, buf_str(&names), trim_w / PT_PER_MM, trim_h / PT_PER_MM, deck_id,
		           !turned           ? ""
		           : trim_w > trim_h ? " (it is made for them upright, not in landscape)"
		                             : " (it is made for them in landscape, not upright)");
		buf_finish(&names);
		return false;
	}
	if (!t->relative) {
		*out = t;
		return true;
	}
	struct template *c = arena_alloc(r->arena, sizeof(*c));
	*c = *t;
	c->relative = false;
	for (int f = 0; f < FACE_COUNT_; f++) {
		struct face *face = &c->faces[f];
		if (!face->count)
			continue;
		struct element *elems = arena_alloc_array(r->arena, face->count, sizeof(*elems));
		memcpy(elems, face->elems, face->count * sizeof(*elems));
		for (size_t i = 0; i < face->count; i++)
			resolve_element(&elems[i], trim_w, trim_h);
		face->elems = elems;
	}
	*out = c;
	return true;
}
