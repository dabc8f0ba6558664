#include "model/profile.h"

#include <math.h>

#include "load/scalar.h"

const char *const page_order_names[] = {"front-first", "back-first", "split", NULL};

const struct printing_condition printing_conditions[] = {
        {"FOGRA39", "FOGRA39L",
         "Offset printing, according to ISO 12647-2:2004/Amd 1, paper type 1 or 2 "
         "(gloss or matt coated offset, 115 g/m2), screen ruling 60/cm",
         300, "FOGRA39L-300.icc"},
        {"CGATS TR 003", "TR003", "SWOP proofing on grade 3 coated paper (CGATS TR 003)", 240,
         "TR003-240.icc"},
        {0},
};

const struct profile profile_default = {
        .id = "default",
        .order = ORDER_FRONT_FIRST,
        .ink_limit = 3.0,
        .min_ppi = 300,
        .reject_ppi = 150,
        .min_text = 6,
        .min_reversed = 7,
        .min_line = 0.25,
        .rich_black_min = 10 * PT_PER_MM,
};

static const char *const profile_keys[] = {
        "kind",
        "id",
        "name",
        "bleed",
        "safe",
        "marks",
        "order",
        "ink-limit",
        "pdfx",
        "icc",
        "output-condition-id",
        "output-condition",
        "stock",
        "printing-condition",
        "min-ppi",
        "reject-ppi",
        "caliper",
        "min-text-size",
        "min-reversed-text-size",
        "min-line-width",
        "fine-marks",
        "rich-black",
        "rich-black-min",
        NULL,
};

#define PDF_PAGE_MAX 14400.0
#define MARKS_MAX (10 * PT_PER_MM)

bool profile_check_page_size(double w, double h, double bleed, const char *what, struct mark m,
                             struct diag *d)
{
	double side = fmax(w, h) + 2 * (bleed + MARKS_MAX);
	if (side <= PDF_PAGE_MAX)
		return true;
	diag_error(
	        d, m,
	        "a %.4g x %.4g mm %s with %.4g mm bleed and room for crop marks is %.0f mm across, "
	        "more than the 5080 mm (200 in) a PDF page can be",
	        w / PT_PER_MM, h / PT_PER_MM, what, bleed / PT_PER_MM, side / PT_PER_MM);
	return false;
}

/* An effective resolution in pixels per inch: a whole number, 1 to 10000. */
static bool read_ppi(struct reader *r, const struct node *v, const char *key, double *out)
{
	long n;
	if (v->type != NODE_SCALAR || scalar_parse_int(v->str, 1, 10000, &n)) {
		diag_error(r->d, v->mark, "invalid %s '%s'; expected pixels per inch such as 300",
		           key, v->type == NODE_SCALAR ? v->str : "");
		return false;
	}
	*out = (double)n;
	return true;
}

static bool read_printing(struct reader *r, const struct node *v, struct profile *p)
{
	const char *names[8];
	size_t n = 0;
	for (const struct printing_condition *c = printing_conditions; c->id; c++)
		names[n++] = c->id;
	names[n] = NULL;
	int i;
	if (!read_enum(r, v, "printing condition", names, &i))
		return false;
	p->printing = &printing_conditions[i];
	p->printing_mark = v->mark;
	return true;
}

/* ---- tuck boxes: the stock's caliper ---- */

bool profile_read_caliper(struct reader *r, const struct node *v, double *out)
{
	if (!read_length(r, v, "caliper", out))
		return false;
	if (*out < 0.05 * PT_PER_MM - 1e-9 || *out > 2 * PT_PER_MM + 1e-9) {
		diag_error(r->d, v->mark,
		           "caliper %s is not the thickness of one card; expected 0.05mm to 2mm, "
		           "such as 0.30mm for 300-350 g/m2 card",
		           v->str);
		return false;
	}
	return true;
}

/* min-text-size, min-reversed-text-size, min-line-width (0 turns the
 * check off) and fine-marks: warning or error. */
static bool read_fine_marks(struct reader *r, const struct node *root, struct profile *p)
{
	static const char *const fine_keys[] = {"min-text-size", "min-reversed-text-size",
	                                        "min-line-width"};
	double *const fields[] = {&p->min_text, &p->min_reversed, &p->min_line};
	bool ok = true;
	for (int i = 0; i < 3; i++) {
		const struct node *v = node_get(root, fine_keys[i]);
		if (!v)
			continue;
		if (!read_extent(r, v, fine_keys[i], fields[i])) {
			ok = false;
		} else if (*fields[i] > 72) {
			diag_error(r->d, v->mark, "%s is larger than 72pt", fine_keys[i]);
			ok = false;
		}
	}
	static const char *const fine_marks_names[] = {"warning", "error", NULL};
	const struct node *v = node_get(root, "fine-marks");
	int sev;
	if (v) {
		if (read_enum(r, v, "fine-marks severity", fine_marks_names, &sev))
			p->fine_errors = sev == 1;
		else
			ok = false;
	}
	return ok;
}

/* rich-black: [C, M, Y, K] in percent, at most 400 in all, and
 * rich-black-min: the least width and height of an area it is used on. */
static bool read_rich_black(struct reader *r, const struct node *root, struct profile *p)
{
	const struct node *v = node_get(root, "rich-black");
	bool ok = true;
	if (v && (v->type != NODE_SEQ || v->count != 4)) {
		diag_error(r->d, v->mark,
		           "invalid rich-black; expected four percentages C, M, Y, K such as "
		           "[40, 30, 30, 100]");
		ok = false;
	} else if (v) {
		for (size_t i = 0; i < 4; i++) {
			ok &= read_number(r, v->items[i], "rich-black", 0, 100, &p->rich_black[i]);
			p->rich_black[i] /= 100;
		}
		p->has_rich_black = ok;
	}
	const struct node *m = node_get(root, "rich-black-min");
	if (m)
		ok &= read_extent(r, m, "rich-black-min", &p->rich_black_min);
	return ok;
}

bool profile_read(struct profile **out, const struct node *root, struct reader *r)
{
	*out = NULL;
	struct profile *p = arena_alloc(r->arena, sizeof(*p));
	*p = profile_default;
	p->id = NULL;
	p->path = root->mark.file;
	bool ok = read_map(r, root, profile_keys, "profile");
	const struct node *v;
	if ((v = read_required(r, root, "id", "profile")))
		ok &= read_id(r, v, "profile id", &p->id);
	else
		ok = false;
	if ((v = node_get(root, "name")))
		ok &= read_string(r, v, "name", &p->name);
	if ((v = node_get(root, "bleed"))) {
		p->has_bleed = read_extent(r, v, "bleed", &p->bleed);
		ok &= p->has_bleed;
		if (p->has_bleed && p->bleed > 20 * PT_PER_MM) {
			diag_error(r->d, v->mark, "bleed is larger than 20mm");
			ok = false;
		}
	}
	if ((v = node_get(root, "safe")))
		ok &= read_extent(r, v, "safe", &p->safe);
	if ((v = node_get(root, "marks")))
		ok &= read_bool(r, v, "marks", &p->marks);
	int order;
	if ((v = node_get(root, "order"))) {
		if (read_enum(r, v, "page order", page_order_names, &order))
			p->order = (enum page_order)order;
		else
			ok = false;
	}
	if ((v = node_get(root, "ink-limit"))) {
		if (v->type != NODE_SCALAR || scalar_parse_ink(v->str, &p->ink_limit)) {
			diag_error(r->d, v->mark, "invalid ink-limit '%s'; %s",
			           v->type == NODE_SCALAR ? v->str : "",
			           "expected a total ink limit such as '300%', from 100% to 400%");
			ok = false;
		}
	}
	if ((v = node_get(root, "pdfx")))
		ok &= read_bool(r, v, "pdfx", &p->pdfx);
	if ((v = node_get(root, "icc"))) {
		p->icc_mark = v->mark;
		ok &= read_path(r, v, "ICC profile", &p->icc);
	}
	if ((v = node_get(root, "output-condition-id")))
		ok &= read_string(r, v, "output-condition-id", &p->condition_id);
	if ((v = node_get(root, "output-condition")))
		ok &= read_string(r, v, "output-condition", &p->condition);
	if ((v = node_get(root, "stock")))
		ok &= read_string(r, v, "stock", &p->stock);
	if ((v = node_get(root, "printing-condition")))
		ok &= read_printing(r, v, p);
	if ((v = node_get(root, "min-ppi")))
		ok &= read_ppi(r, v, "min-ppi", &p->min_ppi);
	if ((v = node_get(root, "reject-ppi")))
		ok &= read_ppi(r, v, "reject-ppi", &p->reject_ppi);
	if ((v = node_get(root, "caliper")))
		ok &= profile_read_caliper(r, v, &p->caliper);
	ok &= read_fine_marks(r, root, p);
	ok &= read_rich_black(r, root, p);
	if (ok && p->reject_ppi > p->min_ppi) {
		diag_error(r->d,
		           node_get(root, "reject-ppi") ? node_get(root, "reject-ppi")->mark
		                                        : root->mark,
		           "reject-ppi %g is more than min-ppi %g", p->reject_ppi, p->min_ppi);
		ok = false;
	}
	if (!ok)
		return false;
	*out = p;
	return true;
}
