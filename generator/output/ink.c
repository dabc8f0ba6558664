#include "output/ink.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "output/pdfpost.h"
#include "util/mem.h"

/* Forms inside forms, and q inside q, deeper than any file we make. */
#define MAX_DEPTH 8
#define MAX_SAVE 64

enum space_kind { SPACE_GRAY, SPACE_CMYK, SPACE_SEPARATION, SPACE_OTHER };

struct space {
	enum space_kind kind;
	int nalt;               /* a Separation's alternate: 1 (grey) or 4 (CMYK) */
	double c0[4], c1[4], n; /* its type 2 (exponential) tint transform */
	bool none;              /* the Separation /None, which paints nothing */
};

/* A colour as its total ink; unknown when the scan cannot value it. */
struct colour {
	double ink;
	bool known;
};

struct gstate {
	struct space space[2]; /* 0 fill, 1 stroke */
	struct colour colour[2];
	int render; /* the text rendering mode (Tr) */
	bool type3; /* the font (Tf) is a Type 3 font, whose glyphs set colours */
};

struct seen_image {
	int id;
	double ink; /* < 0: unsure */
};

struct scan {
	qpdf_data q; /* NULL for a bare content stream */
	/* ink_measure_page(): the resources' colour spaces as PDF text */
	const unsigned char *spaces;
	size_t nspaces;
	bool unsure;
	double max; /* of the page being measured */
	struct seen_image *images;
	size_t nimages, cap;
};

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void paint(struct scan *sc, const struct colour *c)
{
	if (!c->known)
		sc->unsure = true;
	else if (c->ink > sc->max)
		sc->max = c->ink;
}

/* The ink of the tint t of the Separation sp. */
static double tint_ink(const struct space *sp, double t)
{
	if (sp->none)
		return 0;
	double f = pow(clamp01(t), sp->n), sum = 0;
	for (int i = 0; i < sp->nalt; i++)
		sum += clamp01(sp->c0[i] + f * (sp->c1[i] - sp->c0[i]));
	return sp->nalt == 1 ? 1 - sum : sum;
}

/* The colour a space starts with when cs/CS selects it: black, or a tint
 * of 1. */
static struct colour initial_colour(const struct space *sp)
{
	switch (sp->kind) {
	case SPACE_GRAY:
	case SPACE_CMYK:
		return (struct colour){1, true};
	case SPACE_SEPARATION:
		return (struct colour){tint_ink(sp, 1), true};
	default:
		return (struct colour){0, false};
	}
}

/* A number array of exactly n items into out. */
static bool numbers(qpdf_data q, qpdf_oh a, int n, double *out)
{
	if (!qpdf_oh_is_array(q, a) || qpdf_oh_get_array_n_items(q, a) != n)
		return false;
	for (int i = 0; i < n; i++) {
		qpdf_oh v = qpdf_oh_get_array_item(q, a, i);
		if (!qpdf_oh_is_number(q, v))
			return false;
		out[i] = qpdf_oh_get_numeric_value(q, v);
	}
	return true;
}

static void space_of(qpdf_data q, qpdf_oh cs, int depth, struct space *sp);

/* [/Separation name alternate function] with a grey or CMYK alternate and
 * a type 2 function. */
static void separation_of(qpdf_data q, qpdf_oh cs, int depth, struct space *sp)
{
	sp->kind = SPACE_OTHER;
	if (qpdf_oh_get_array_n_items(q, cs) != 4)
		return;
	qpdf_oh name = qpdf_oh_get_array_item(q, cs, 1);
	if (qpdf_oh_is_name_and_equals(q, name, "/All"))
		return;
	struct space alt;
	space_of(q, qpdf_oh_get_array_item(q, cs, 2), depth + 1, &alt);
	if (alt.kind != SPACE_GRAY && alt.kind != SPACE_CMYK)
		return;
	int n = alt.kind == SPACE_GRAY ? 1 : 4;
	qpdf_oh fn = qpdf_oh_get_array_item(q, cs, 3);
	if (qpdf_oh_is_stream(q, fn))
		fn = qpdf_oh_get_dict(q, fn);
	qpdf_oh type = qpdf_oh_get_key(q, fn, "/FunctionType");
	qpdf_oh exponent = qpdf_oh_get_key(q, fn, "/N");
	if (!qpdf_oh_is_integer(q, type) || qpdf_oh_get_int_value_as_int(q, type) != 2 ||
	    !qpdf_oh_is_number(q, exponent))
		return;
	*sp = (struct space){.kind = SPACE_SEPARATION, .nalt = n, .c1 = {1}};
	sp->n = qpdf_oh_get_numeric_value(q, exponent);
	qpdf_oh c0 = qpdf_oh_get_key(q, fn, "/C0"), c1 = qpdf_oh_get_key(q, fn, "/C1");
	if ((qpdf_oh_has_key(q, fn, "/C0") && !numbers(q, c0, n, sp->c0)) ||
	    (qpdf_oh_has_key(q, fn, "/C1") && !numbers(q, c1, n, sp->c1)) ||
	    (n != 1 && (!qpdf_oh_has_key(q, fn, "/C0") || !qpdf_oh_has_key(q, fn, "/C1"))))
		sp->kind = SPACE_OTHER;
	sp->none = qpdf_oh_is_name_and_equals(q, name, "/None");
}

/* The colour space object cs (a name or an array). */
static void space_of(qpdf_data q, qpdf_oh cs, int depth, struct space *sp)
{
	*sp = (struct space){.kind = SPACE_OTHER};
	if (qpdf_oh_is_name_and_equals(q, cs, "/DeviceGray")) {
		sp->kind = SPACE_GRAY;
	} else if (qpdf_oh_is_name_and_equals(q, cs, "/DeviceCMYK")) {
		sp->kind = SPACE_CMYK;
	} else if (depth < 4 && qpdf_oh_is_array(q, cs) && qpdf_oh_get_array_n_items(q, cs) >= 2) {
		qpdf_oh family = qpdf_oh_get_array_item(q, cs, 0);
		if (qpdf_oh_is_name_and_equals(q, family, "/ICCBased")) {
			qpdf_oh n = qpdf_oh_get_key(
			        q, qpdf_oh_get_dict(q, qpdf_oh_get_array_item(q, cs, 1)), "/N");
			int comps =
			        qpdf_oh_is_integer(q, n) ? qpdf_oh_get_int_value_as_int(q, n) : 0;
			sp->kind = comps == 1 ? SPACE_GRAY : comps == 4 ? SPACE_CMYK : SPACE_OTHER;
		} else if (qpdf_oh_is_name_and_equals(q, family, "/Separation")) {
			separation_of(q, cs, depth, sp);
		}
	}
}

/* ---- colour spaces read from PDF text (ink_measure_page()) ---- */

/* A token of PDF text s[0, n): [a, b), read from pos. */
struct ptok {
	const unsigned char *s;
	size_t n, pos, a, b;
};

static bool ptok_next(struct ptok *t)
{
	bool regular;
	return pdfpost_next_token(t->s, t->n, &t->pos, &t->a, &t->b, &regular);
}

static bool ptok_is(const struct ptok *t, const char *word)
{
	size_t k = strlen(word);
	return t->b - t->a == k && memcmp(t->s + t->a, word, k) == 0;
}

static bool ptok_opens(const struct ptok *t)
{
	return ptok_is(t, "<<") || ptok_is(t, "[");
}

/* Past the value whose first token t is at (a dictionary or array whole). */
static bool skip_value(struct ptok *t)
{
	int depth = ptok_opens(t);
	while (depth > 0 && ptok_next(t))
		depth += ptok_opens(t) ? 1 : ptok_is(t, ">>") || ptok_is(t, "]") ? -1 : 0;
	return depth == 0;
}

/* t at the first token of the value of key in the dictionary that opens
 * with t's next token; false when it has none. */
static bool text_value(struct ptok *t, const char *key)
{
	if (!ptok_next(t) || !ptok_is(t, "<<"))
		return false;
	while (ptok_next(t) && !ptok_is(t, ">>")) {
		bool match = ptok_is(t, key);
		if (!ptok_next(t))
			return false;
		if (match)
			return true;
		if (!skip_value(t))
			return false;
	}
	return false;
}

/* "[ n numbers ]" from t's next token into out. */
static bool text_numbers(struct ptok *t, int n, double *out)
{
	if (!ptok_next(t) || !ptok_is(t, "["))
		return false;
	for (int i = 0; i < n; i++)
		if (!ptok_next(t) || !pdfpost_number(t->s, t->a, t->b, &out[i]))
			return false;
	return ptok_next(t) && ptok_is(t, "]");
}

/* The tint transform of a Separation (separation_of()'s rules) from the
 * function dictionary that opens with t's next token, for an alternate
 * of n components. */
static bool text_function(struct ptok *t, int n, struct space *sp)
{
	int type = 0;
	bool exponent = false, c0 = false, c1 = false;
	if (!ptok_next(t) || !ptok_is(t, "<<"))
		return false;
	while (ptok_next(t) && !ptok_is(t, ">>")) {
		struct ptok key = *t;
		double v;
		if (ptok_is(&key, "/C0") || ptok_is(&key, "/C1")) {
			bool first = ptok_is(&key, "/C0");
			if (!text_numbers(t, n, first ? sp->c0 : sp->c1))
				return false;
			c0 |= first, c1 |= !first;
			continue;
		}
		if (!ptok_next(t))
			return false;
		if (ptok_is(&key, "/FunctionType") || ptok_is(&key, "/N")) {
			if (!pdfpost_number(t->s, t->a, t->b, &v))
				return false;
			if (ptok_is(&key, "/N"))
				sp->n = v, exponent = true;
			else if (!memchr(t->s + t->a, '.', t->b - t->a))
				type = (int)v;
		} else if (!skip_value(t)) {
			return false;
		}
	}
	return type == 2 && exponent && (n == 1 || (c0 && c1));
}

/* The colour space name of the /ColorSpace dictionary s (n bytes, PDF
 * text without references): a device space, or a Separation with a grey or
 * CMYK alternate and a type 2 function, as space_of() reads them. */
static void text_space(const unsigned char *s, size_t n, const char *name, struct space *sp)
{
	*sp = (struct space){.kind = SPACE_OTHER};
	struct ptok t = {s, n, 0, 0, 0};
	if (!text_value(&t, name))
		return;
	if (ptok_is(&t, "/DeviceGray") || ptok_is(&t, "/DeviceCMYK")) {
		sp->kind = ptok_is(&t, "/DeviceGray") ? SPACE_GRAY : SPACE_CMYK;
		return;
	}
	if (!ptok_is(&t, "[") || !ptok_next(&t) || !ptok_is(&t, "/Separation") || !ptok_next(&t) ||
	    t.s[t.a] != '/' || ptok_is(&t, "/All"))
		return;
	bool none = ptok_is(&t, "/None");
	if (!ptok_next(&t) || !(ptok_is(&t, "/DeviceGray") || ptok_is(&t, "/DeviceCMYK")))
		return;
	int alt = ptok_is(&t, "/DeviceGray") ? 1 : 4;
	struct space f = {.kind = SPACE_SEPARATION, .nalt = alt, .c1 = {1}, .none = none};
	if (text_function(&t, alt, &f) && ptok_next(&t) && ptok_is(&t, "]"))
		*sp = f;
}

/* The colour space that cs/CS names: a device space or one in the
 * resources' /ColorSpace. */
static void named_space(struct scan *sc, qpdf_oh res, const char *name, struct space *sp)
{
	*sp = (struct space){.kind = SPACE_OTHER};
	if (!strcmp(name, "/DeviceGray"))
		sp->kind = SPACE_GRAY;
	else if (!strcmp(name, "/DeviceCMYK"))
		sp->kind = SPACE_CMYK;
	else if (sc->spaces)
		text_space(sc->spaces, sc->nspaces, name, sp);
	else if (sc->q && qpdf_oh_is_dictionary(sc->q, res))
		space_of(sc->q,
		         qpdf_oh_get_key(sc->q, qpdf_oh_get_key(sc->q, res, "/ColorSpace"), name),
		         0, sp);
}

/* The colour that sc/scn/SC/SCN sets from the operands num[0..nnum) in
 * the space sp; named is true when a name (a pattern) was among them. */
static struct colour operand_colour(const struct space *sp, const double *num, int nnum, bool named)
{
	if (named)
		return (struct colour){0, false};
	if (sp->kind == SPACE_GRAY && nnum == 1)
		return (struct colour){1 - clamp01(num[0]), true};
	if (sp->kind == SPACE_CMYK && nnum == 4)
		return (struct colour){clamp01(num[0]) + clamp01(num[1]) + clamp01(num[2]) +
		                               clamp01(num[3]),
		                       true};
	if (sp->kind == SPACE_SEPARATION && nnum == 1)
		return (struct colour){tint_ink(sp, num[0]), true};
	return (struct colour){0, false};
}

/* The highest C+M+Y+K of the samples of an image XObject's dictionary
 * dict and stream o, or -1 when it is not an opaque 8-bit grey or CMYK
 * image without /Decode. */
static double image_ink(qpdf_data q, qpdf_oh o, qpdf_oh dict)
{
	struct space sp;
	space_of(q, qpdf_oh_get_key(q, dict, "/ColorSpace"), 0, &sp);
	qpdf_oh bpc = qpdf_oh_get_key(q, dict, "/BitsPerComponent");
	if ((sp.kind != SPACE_GRAY && sp.kind != SPACE_CMYK) || !qpdf_oh_is_integer(q, bpc) ||
	    qpdf_oh_get_int_value_as_int(q, bpc) != 8 || qpdf_oh_has_key(q, dict, "/Decode") ||
	    qpdf_oh_has_key(q, dict, "/SMask"))
		return -1;
	unsigned char *data = NULL;
	size_t len = 0;
	int filtered = 0;
	if ((qpdf_oh_get_stream_data(q, o, qpdf_dl_all, &filtered, &data, &len) & QPDF_ERRORS) ||
	    !filtered) {
		free(data);
		return -1;
	}
	unsigned best = 0;
	if (sp.kind == SPACE_GRAY) {
		for (size_t i = 0; i < len; i++)
			if (255u - data[i] > best)
				best = 255u - data[i];
	} else {
		for (size_t i = 0; i + 3 < len; i += 4) {
			unsigned sum = (unsigned)data[i] + data[i + 1] + data[i + 2] + data[i + 3];
			if (sum > best)
				best = sum;
		}
	}
	free(data);
	return best / 255.0;
}

static void scan_content(struct scan *sc, const unsigned char *s, size_t n, qpdf_oh res,
                         struct gstate *start, int depth);

/* An image, stencil mask or form XObject drawn by Do. */
static void draw_xobject(struct scan *sc, qpdf_oh res, const char *name, struct gstate *g,
                         int depth)
{
	qpdf_data q = sc->q;
	qpdf_oh o = q ? qpdf_oh_get_key(q, qpdf_oh_get_key(q, res, "/XObject"), name) : 0;
	if (!q || !qpdf_oh_is_stream(q, o)) {
		sc->unsure = true;
		return;
	}
	qpdf_oh dict = qpdf_oh_get_dict(q, o);
	qpdf_oh mask = qpdf_oh_get_key(q, dict, "/ImageMask");
	if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, "/Subtype"), "/Form")) {
		unsigned char *data = NULL;
		size_t len = 0;
		qpdf_oh own = qpdf_oh_get_key(q, dict, "/Resources");
		if (depth >= MAX_DEPTH ||
		    (qpdf_oh_get_stream_data(q, o, qpdf_dl_generalized, NULL, &data, &len) &
		     QPDF_ERRORS))
			sc->unsure = true;
		else
			scan_content(sc, data, len, qpdf_oh_is_dictionary(q, own) ? own : res, g,
			             depth + 1);
		free(data);
	} else if (qpdf_oh_is_bool(q, mask) && qpdf_oh_get_bool_value(q, mask)) {
		paint(sc, &g->colour[0]);
	} else {
		int id = qpdf_oh_get_object_id(q, o);
		size_t i = 0;
		while (i < sc->nimages && sc->images[i].id != id)
			i++;
		if (i == sc->nimages) {
			XGROW(sc->images, sc->cap, sc->nimages + 1);
			sc->images[sc->nimages++] = (struct seen_image){id, image_ink(q, o, dict)};
		}
		struct colour c = {sc->images[i].ink, sc->images[i].ink >= 0};
		paint(sc, &c);
	}
}

/* Whether the font resource name is a Type 3 font. */
static bool type3_font(struct scan *sc, qpdf_oh res, const char *name)
{
	if (sc->spaces)
		return false; /* the PDF/X stream refuses Type 3 fonts */
	if (!sc->q)
		return true;
	qpdf_oh font = qpdf_oh_get_key(sc->q, qpdf_oh_get_key(sc->q, res, "/Font"), name);
	return qpdf_oh_is_dictionary(sc->q, font) &&
	       qpdf_oh_is_name_and_equals(sc->q, qpdf_oh_get_key(sc->q, font, "/Subtype"),
	                                  "/Type3");
}

/* Text shown in the rendering mode of g: fill, stroke, both or neither. */
static void show_text(struct scan *sc, const struct gstate *g)
{
	int mode = g->render & 7;
	if (g->type3 && mode != 3 && mode != 7)
		sc->unsure = true;
	if (mode == 0 || mode == 2 || mode == 4 || mode == 6)
		paint(sc, &g->colour[0]);
	if (mode == 1 || mode == 2 || mode == 5 || mode == 6)
		paint(sc, &g->colour[1]);
}

struct operands {
	double num[8];
	int nnum;
	char name[128]; /* the last name operand, or "" */
};

/* One operator op of a content stream, with its operands; false to stop
 * (something that cannot be valued). */
static bool apply_operator(struct scan *sc, const char *op, const struct operands *a, qpdf_oh res,
                           struct gstate *st, int *top, int depth)
{
	struct gstate *g = &st[*top];
	int stroke = op[0] >= 'A' && op[0] <= 'Z';
	const double *v = a->num + a->nnum;
	if (!strcmp(op, "q")) {
		if (*top + 1 >= MAX_SAVE)
			return false;
		st[*top + 1] = *g;
		++*top;
	} else if (!strcmp(op, "Q")) {
		*top -= *top > 0;
	} else if ((!strcmp(op, "g") || !strcmp(op, "G")) && a->nnum >= 1) {
		g->space[stroke] = (struct space){.kind = SPACE_GRAY};
		g->colour[stroke] = (struct colour){1 - clamp01(v[-1]), true};
	} else if ((!strcmp(op, "k") || !strcmp(op, "K")) && a->nnum >= 4) {
		g->space[stroke] = (struct space){.kind = SPACE_CMYK};
		g->colour[stroke] = (struct colour){
		        clamp01(v[-4]) + clamp01(v[-3]) + clamp01(v[-2]) + clamp01(v[-1]), true};
	} else if (!strcmp(op, "rg") || !strcmp(op, "RG")) {
		g->space[stroke] = (struct space){.kind = SPACE_OTHER};
		g->colour[stroke] = (struct colour){0, false};
	} else if (!strcmp(op, "cs") || !strcmp(op, "CS")) {
		named_space(sc, res, a->name, &g->space[stroke]);
		g->colour[stroke] = initial_colour(&g->space[stroke]);
	} else if (!strcmp(op, "sc") || !strcmp(op, "scn") || !strcmp(op, "SC") ||
	           !strcmp(op, "SCN")) {
		g->colour[stroke] =
		        operand_colour(&g->space[stroke], a->num, a->nnum, a->name[0] != '\0');
	} else if (!strcmp(op, "Tr") && a->nnum >= 1) {
		g->render = (int)v[-1];
	} else if (!strcmp(op, "Tf")) {
		g->type3 = type3_font(sc, res, a->name);
	} else if (!strcmp(op, "Tj") || !strcmp(op, "TJ") || !strcmp(op, "'") ||
	           !strcmp(op, "\"")) {
		show_text(sc, g);
	} else if (!strcmp(op, "f") || !strcmp(op, "F") || !strcmp(op, "f*")) {
		paint(sc, &g->colour[0]);
	} else if (!strcmp(op, "S") || !strcmp(op, "s")) {
		paint(sc, &g->colour[1]);
	} else if (!strcmp(op, "B") || !strcmp(op, "B*") || !strcmp(op, "b") || !strcmp(op, "b*")) {
		paint(sc, &g->colour[0]);
		paint(sc, &g->colour[1]);
	} else if (!strcmp(op, "Do")) {
		draw_xobject(sc, res, a->name, g, depth);
	} else if (!strcmp(op, "sh") || !strcmp(op, "BI") || !strcmp(op, "d0") ||
	           !strcmp(op, "d1")) {
		return false; /* shadings, inline images and glyph procedures */
	}
	return !sc->unsure;
}

/* Reads the content stream s (n bytes) with the resources res, starting
 * from the graphics state start (which stays as it was). */
static void scan_content(struct scan *sc, const unsigned char *s, size_t n, qpdf_oh res,
                         struct gstate *start, int depth)
{
	struct gstate *st = xcalloc(MAX_SAVE, sizeof(*st));
	st[0] = *start;
	int top = 0;
	struct operands a = {.nnum = 0};
	size_t pos = 0, b, e;
	bool regular;
	while (!sc->unsure && pdfpost_next_token(s, n, &pos, &b, &e, &regular)) {
		char tok[128];
		size_t len = e - b < sizeof(tok) - 1 ? e - b : sizeof(tok) - 1;
		memcpy(tok, s + b, len);
		tok[len] = '\0';
		if (!regular) {
			if (tok[0] == '/')
				memcpy(a.name, tok, len + 1);
			continue;
		}
		double v;
		if (pdfpost_number(s, b, e, &v)) {
			if (a.nnum == 8)
				memmove(a.num, a.num + 1, sizeof(a.num) - sizeof(a.num[0]));
			a.num[a.nnum < 8 ? a.nnum++ : 7] = v;
			continue;
		}
		if (!apply_operator(sc, tok, &a, res, st, &top, depth))
			sc->unsure = true;
		a.nnum = 0;
		a.name[0] = '\0';
	}
	free(st);
}

static const struct gstate initial_state = {
        .space = {{.kind = SPACE_GRAY}, {.kind = SPACE_GRAY}},
        .colour = {{1, true}, {1, true}},
};

enum ink_result ink_measure_content(const unsigned char *s, size_t n, double *tac)
{
	struct scan sc = {0};
	struct gstate g = initial_state;
	scan_content(&sc, s, n, 0, &g, 0);
	*tac = sc.unsure ? 0 : sc.max;
	return sc.unsure ? INK_UNSURE : INK_MEASURED;
}

enum ink_result ink_measure_page(const unsigned char *s, size_t n, const char *spaces, double *tac)
{
	static const char none[] = "<< >>";
	const char *text = spaces ? spaces : none;
	struct scan sc = {.spaces = (const unsigned char *)text, .nspaces = strlen(text)};
	struct gstate g = initial_state;
	scan_content(&sc, s, n, 0, &g, 0);
	*tac = sc.unsure ? 0 : sc.max;
	free(sc.images);
	return sc.unsure ? INK_UNSURE : INK_MEASURED;
}

enum ink_result ink_measure_pdf(const void *pdf, size_t len, double **tac, int *pages)
{
	*tac = NULL;
	*pages = 0;
	struct scan sc = {.q = qpdf_init()};
	qpdf_silence_errors(sc.q);
	qpdf_set_suppress_warnings(sc.q, QPDF_TRUE);
	enum ink_result r = INK_UNREADABLE;
	if (!(qpdf_read_memory(sc.q, "PDF", pdf, len, NULL) & QPDF_ERRORS) &&
	    !(qpdf_push_inherited_attributes_to_page(sc.q) & QPDF_ERRORS)) {
		int n = qpdf_get_num_pages(sc.q);
		double *t = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*t));
		r = n >= 0 ? INK_MEASURED : INK_UNREADABLE;
		for (int i = 0; i < n && r == INK_MEASURED; i++) {
			qpdf_oh page = qpdf_get_page_n(sc.q, (size_t)i);
			unsigned char *data = NULL;
			size_t dlen = 0;
			if (qpdf_oh_get_page_content_data(sc.q, page, &data, &dlen) & QPDF_ERRORS) {
				r = INK_UNREADABLE;
			} else {
				struct gstate g = initial_state;
				sc.max = 0;
				scan_content(&sc, data, dlen,
				             qpdf_oh_get_key(sc.q, page, "/Resources"), &g, 0);
				t[i] = sc.max;
				r = sc.unsure ? INK_UNSURE : INK_MEASURED;
			}
			free(data);
			qpdf_oh_release_all(sc.q);
		}
		if (r == INK_MEASURED && !qpdf_has_error(sc.q)) {
			*tac = t;
			*pages = n;
		} else {
			free(t);
			if (r == INK_MEASURED)
				r = INK_UNREADABLE;
		}
	}
	free(sc.images);
	if (qpdf_has_error(sc.q))
		(void)qpdf_get_error(sc.q); /* handled: else qpdf prints a warning */
	qpdf_cleanup(&sc.q);
	return r;
}
