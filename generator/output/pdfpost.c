#include "output/pdfpost.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "output/spot.h"
#include "util/mem.h"

/* Boxes are written with 4 decimals: 1/10000 pt is far below any cutting
 * tolerance, and a fixed grid makes "inside" exact in the written file. */
#define BOX_SCALE 1e4
/* Absorbs binary noise such as 0.3 * 1e4 = 2999.9999999999995, so a value
 * already on the grid is not moved a step inward. */
#define BOX_NOISE 1e-6
/* cairo writes the MediaBox to 6 decimals; a page further off than this
 * was drawn for other boxes. */
#define PAGE_SIZE_TOLERANCE 0.01
/* /Parent chains and nested forms deeper than this are not from cairo. */
#define MAX_DEPTH 64

struct post {
	qpdf_data q;
	unsigned char *seen; /* by object number: form or pattern already rewritten */
	size_t seen_cap;
	struct buf scratch; /* rewritten stream data */
	char *err;          /* first failure; owned */
	const struct pdfpost_k_rule *rule;
};

static void fail(struct post *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct post *p, const char *fmt, ...)
{
	if (p->err)
		return;
	struct buf b;
	buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->err = buf_detach(&b);
}

/* qpdf keeps one pending error; turns it into p->err. True when there was
 * one, so callers can stop. */
static bool took_error(struct post *p)
{
	if (!qpdf_has_error(p->q))
		return p->err != NULL;
	qpdf_error e = qpdf_get_error(p->q);
	fail(p, "%s", qpdf_get_error_full_text(p->q, e));
	return true;
}

/* The key's value on the page or, as PDF allows for MediaBox and Resources,
 * inherited from an ancestor in the page tree. 0 when absent. */
static qpdf_oh inherited(qpdf_data q, qpdf_oh page, const char *key)
{
	qpdf_oh node = page;
	for (int depth = 0; depth < MAX_DEPTH && qpdf_oh_is_dictionary(q, node); depth++) {
		if (qpdf_oh_has_key(q, node, key))
			return qpdf_oh_get_key(q, node, key);
		node = qpdf_oh_get_key(q, node, "/Parent");
	}
	return 0;
}

static bool read_rect(qpdf_data q, qpdf_oh a, double r[4])
{
	if (!a || !qpdf_oh_is_array(q, a) || qpdf_oh_get_array_n_items(q, a) != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		qpdf_oh v = qpdf_oh_get_array_item(q, a, i);
		if (!qpdf_oh_is_number(q, v))
			return false;
		r[i] = qpdf_oh_get_numeric_value(q, v);
		if (!isfinite(r[i]))
			return false;
	}
	/* PDF allows any two opposite corners */
	if (r[0] > r[2]) {
		double t = r[0];
		r[0] = r[2];
		r[2] = t;
	}
	if (r[1] > r[3]) {
		double t = r[1];
		r[1] = r[3];
		r[3] = t;
	}
	return true;
}

/* The smallest grid value >= x, and never below lo (the parent's edge). */
static double round_up(double x, double lo)
{
	double k = ceil(x * BOX_SCALE - BOX_NOISE);
	while (k / BOX_SCALE < lo)
		k += 1;
	return k / BOX_SCALE;
}

/* The largest grid value <= x, and never above hi. */
static double round_down(double x, double hi)
{
	double k = floor(x * BOX_SCALE + BOX_NOISE);
	while (k / BOX_SCALE > hi)
		k -= 1;
	return k / BOX_SCALE;
}

/* Rounds r inward onto the grid, inside parent. */
static void round_inward(double r[4], const double parent[4])
{
	r[0] = round_up(r[0], parent[0]);
	r[1] = round_up(r[1], parent[1]);
	r[2] = round_down(r[2], parent[2]);
	r[3] = round_down(r[3], parent[3]);
}

static qpdf_oh new_rect(qpdf_data q, const double r[4])
{
	qpdf_oh a = qpdf_oh_new_array(q);
	for (int i = 0; i < 4; i++)
		qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, r[i], 4));
	return a;
}

static bool check_boxes(struct post *p, const struct pdf_boxes *b)
{
	if (!(isfinite(b->trim_w) && isfinite(b->trim_h) && b->trim_w > 0 && b->trim_h > 0)) {
		fail(p, "trim size %g x %g pt is not positive", b->trim_w, b->trim_h);
		return false;
	}
	if (!(isfinite(b->bleed) && isfinite(b->margin) && b->bleed >= 0 &&
	      b->margin >= b->bleed)) {
		fail(p, "bleed %g pt and margin %g pt do not satisfy 0 <= bleed <= margin",
		     b->bleed, b->margin);
		return false;
	}
	return true;
}

static bool set_boxes(struct post *p, const struct pdf_boxes *b)
{
	qpdf_data q = p->q;
	int n = qpdf_get_num_pages(q);
	if (n < 0 || took_error(p))
		return false;
	double want_w = b->trim_w + 2 * b->margin, want_h = b->trim_h + 2 * b->margin;
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		double media[4];
		if (!read_rect(q, inherited(q, page, "/MediaBox"), media)) {
			if (!took_error(p))
				fail(p, "page %d has no valid /MediaBox", i + 1);
			return false;
		}
		double w = media[2] - media[0], h = media[3] - media[1];
		/* Boxes centred on a page of another size would cut the wrong
		 * card: the caller's geometry and cairo's page disagree. */
		if (fabs(w - want_w) > PAGE_SIZE_TOLERANCE ||
		    fabs(h - want_h) > PAGE_SIZE_TOLERANCE) {
			fail(p,
			     "page %d is %.4f x %.4f pt, but trim + 2 x margin is %.4f x %.4f pt",
			     i + 1, w, h, want_w, want_h);
			return false;
		}
		double m = b->margin, e = b->margin - b->bleed;
		double bleed[4] = {media[0] + e, media[1] + e, media[0] + m + b->trim_w + b->bleed,
		                   media[1] + m + b->trim_h + b->bleed};
		round_inward(bleed, media);
		double trim[4] = {media[0] + m, media[1] + m, media[0] + m + b->trim_w,
		                  media[1] + m + b->trim_h};
		round_inward(trim, bleed);
		qpdf_oh_replace_key(q, page, "/BleedBox", new_rect(q, bleed));
		qpdf_oh_replace_key(q, page, "/TrimBox", new_rect(q, trim));
		qpdf_oh_release_all(q);
		if (took_error(p))
			return false;
	}
	return true;
}

static bool two_digits(const char *s, int lo, int hi, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return *v >= lo && *v <= hi;
}

/* "2024-01-01T00:00:00Z" → "D:20240101000000Z" into pdf (18 bytes). Only
 * the UTC form: the header promises it, and a local offset would make the
 * output depend on where it was built. */
static bool pdf_date(const char *iso, char pdf[18])
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	if (strlen(iso) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++) {
		bool digit = iso[i] >= '0' && iso[i] <= '9';
		if (shape[i] == 'd' ? !digit : iso[i] != shape[i])
			return false;
	}
	int v;
	if (!two_digits(iso + 5, 1, 12, &v) || !two_digits(iso + 8, 1, 31, &v) ||
	    !two_digits(iso + 11, 0, 23, &v) || !two_digits(iso + 14, 0, 59, &v) ||
	    !two_digits(iso + 17, 0, 60, &v))
		return false;
	char *o = pdf;
	*o++ = 'D';
	*o++ = ':';
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd')
			*o++ = iso[i];
	*o++ = 'Z';
	*o = '\0';
	return true;
}

/* PDF's character classes (ISO 32000-1 §7.2.2). */
static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(unsigned char c)
{
	return strchr("()<>[]{}/%", c) != NULL && c != '\0';
}

static bool token_is(const unsigned char *s, size_t start, size_t end, const char *word)
{
	size_t n = strlen(word);
	return end - start == n && memcmp(s + start, word, n) == 0;
}

/* True for a PDF number token: [+-]digits[.digits] or [+-].digits. */
static bool is_number(const unsigned char *s, size_t start, size_t end)
{
	size_t i = start, digits = 0;
	if (i < end && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < end && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < end && s[i] == '.')
		for (i++; i < end && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return i == end && digits > 0;
}

/* One token of a content stream: [start, end); regular tokens are numbers
 * and operators. */
struct tok {
	size_t start, end;
	bool regular;
};

/* The next token from *i, skipping white space and comments; false at the
 * end. Strings, hex strings, names, arrays and dictionaries are tokens of
 * their own, so text such as "(0 0 0 rg)Tj" is never read as operators. */
static bool next_token(const unsigned char *s, size_t n, size_t *pos, struct tok *t)
{
	size_t i = *pos;
	for (;;) {
		while (i < n && is_space(s[i]))
			i++;
		if (i < n && s[i] == '%') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
			continue;
		}
		break;
	}
	if (i >= n) {
		*pos = n;
		return false;
	}
	unsigned char c = s[i];
	t->start = i;
	t->regular = false;
	if (c == '(') {
		int depth = 0;
		for (; i < n; i++) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '(')
				depth++;
			else if (s[i] == ')' && --depth == 0)
				break;
		}
		i++;
	} else if ((c == '<' || c == '>') && i + 1 < n && s[i + 1] == c) {
		i += 2;
	} else if (c == '<') {
		while (i < n && s[i] != '>')
			i++;
		i++;
	} else if (c == '/') {
		i++;
		while (i < n && !is_space(s[i]) && !is_delim(s[i]))
			i++;
	} else if (is_delim(c)) {
		i++;
	} else {
		t->regular = true;
		while (i < n && !is_space(s[i]) && !is_delim(s[i]))
			i++;
	}
	*pos = t->end = i > n ? n : i;
	return true;
}

bool pdfpost_next_token(const unsigned char *s, size_t n, size_t *pos, size_t *start, size_t *end,
                        bool *regular)
{
	struct tok t;
	if (!next_token(s, n, pos, &t))
		return false;
	*start = t.start, *end = t.end, *regular = t.regular;
	return true;
}

/* Components may differ by this much and a colour still counts as
 * near-neutral (26 of 255): the sample's text #1E2430 and muted #6B6F78
 * are, its blue #1F2A44 is not. */
#define NEAR_NEUTRAL 0.1
/* Strokes up to this width (points, on the page) are lines, printed K only
 * when near-neutral; wider ones are areas and keep their colour. */
#define THIN_LINE 2.0
#define MAX_GSTATE 64

/* An "r g b rg" or "RG" in the stream. */
struct setter {
	size_t start, end; /* from the first number to the end of the operator */
	double rgb[3];
	bool stroke;
	bool exact;    /* three equal components */
	bool near;     /* near-neutral, not exactly neutral, and not kept by the rule */
	bool k_use;    /* sets the colour of text or a thin line */
	bool area_use; /* sets the colour of an area (fill, wide stroke, mask) */
};

struct gstate {
	int fill, stroke;            /* setters in effect; -1: not an RGB setter */
	bool fill_grey, stroke_grey; /* a mixed setter's grey was inserted */
	double width, scale;         /* line width (user units) and CTM scale */
};

struct scan {
	const unsigned char *s;
	size_t n;
	const struct pdfpost_k_rule *rule;
	struct setter *set;
	size_t nset, cap;
	struct gstate st[MAX_GSTATE];
	int depth, overflow;
	double num[6];
	size_t num_start[6], num_end[6];
	int nums;
	size_t operands; /* where the operands of the next operator start */
	size_t path;     /* where the current path object starts */
	bool in_path;
	/* the writing pass */
	struct buf *out;
	size_t copied, edits, next_setter;
	bool writing;
};

static bool kept(const struct pdfpost_k_rule *rule, const double rgb[3])
{
	for (size_t i = 0; rule && i < rule->nkeep; i++) {
		bool same = true;
		for (int c = 0; c < 3; c++)
			if (lround(rgb[c] * 255) != rule->keep[i][c])
				same = false;
		if (same)
			return true;
	}
	return false;
}

double pdfpost_grey_of(const double rgb[3])
{
	return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

/* Copies the stream up to at, then the grey (or the setter's own RGB when
 * grey is false) of setter k, as the next operator. */
static void insert_colour(struct scan *sc, size_t at, int k, bool grey)
{
	const struct setter *t = &sc->set[k];
	buf_append(sc->out, (const char *)sc->s + sc->copied, at - sc->copied);
	sc->copied = at;
	if (grey)
		buf_printf(sc->out, "%.6g %s ", pdfpost_grey_of(t->rgb), t->stroke ? "G" : "g");
	else
		buf_printf(sc->out, "%.*s ", (int)(t->end - t->start), sc->s + t->start);
	sc->edits++;
}

/* A use of the fill (stroke when stroke) colour: for text and thin lines
 * (k) or an area. The analysing pass records it on the setter; the writing
 * pass, for a setter used both ways, inserts the grey before a K use and
 * the RGB again before an area use, at `at` (before the text operator's
 * operands, or before the path). */
static void use(struct scan *sc, bool stroke, bool k, size_t at)
{
	struct gstate *g = &sc->st[sc->depth];
	int idx = stroke ? g->stroke : g->fill;
	if (idx < 0 || (size_t)idx >= sc->nset)
		return;
	struct setter *t = &sc->set[idx];
	if (!sc->writing) {
		if (k && t->near)
			t->k_use = true;
		else
			t->area_use = true;
		return;
	}
	if (!t->near || !t->k_use || !t->area_use)
		return;
	bool *grey = stroke ? &g->stroke_grey : &g->fill_grey;
	bool want = k;
	if (*grey != want) {
		insert_colour(sc, at, idx, want);
		*grey = want;
	}
}

static void on_setter(struct scan *sc, const struct tok *t, bool stroke)
{
	struct gstate *g = &sc->st[sc->depth];
	size_t start = sc->num_start[sc->nums - 3];
	const double *v = sc->num + sc->nums - 3;
	int idx;
	if (!sc->writing) {
		XGROW(sc->set, sc->cap, sc->nset + 1);
		struct setter *x = &sc->set[sc->nset];
		*x = (struct setter){.start = start, .end = t->end, .stroke = stroke};
		memcpy(x->rgb, v, sizeof(x->rgb));
		double hi = fmax(v[0], fmax(v[1], v[2])), lo = fmin(v[0], fmin(v[1], v[2]));
		x->exact = hi == lo;
		x->near = !x->exact && hi - lo <= NEAR_NEUTRAL + 1e-9 && !kept(sc->rule, v);
		idx = (int)sc->nset++;
	} else {
		idx = (int)sc->next_setter++;
		const struct setter *x = &sc->set[idx];
		if (x->exact || (x->near && x->k_use && !x->area_use)) {
			buf_append(sc->out, (const char *)sc->s + sc->copied, start - sc->copied);
			if (x->exact) /* "v v v rg" → "v g", whatever it paints */
				buf_append(sc->out, (const char *)sc->s + start,
				           sc->num_end[sc->nums - 3] - start);
			else
				buf_printf(sc->out, "%.6g", pdfpost_grey_of(x->rgb));
			buf_puts(sc->out, stroke ? " G" : " g");
			sc->copied = t->end;
			sc->edits++;
		}
	}
	if (stroke) {
		g->stroke = idx;
		g->stroke_grey = false;
	} else {
		g->fill = idx;
		g->fill_grey = false;
	}
}

static bool op_is(const struct scan *sc, const struct tok *t, const char *const *names)
{
	for (; *names; names++)
		if (token_is(sc->s, t->start, t->end, *names))
			return true;
	return false;
}

/* One operator (t) with the numbers before it. False for an inline image,
 * whose binary data cannot be tokenised. */
static bool on_operator(struct scan *sc, const struct tok *t)
{
	static const char *const path_ops[] = {"m", "l", "c", "v", "y", "h", "re", NULL};
	static const char *const fills[] = {"f", "F", "f*", NULL};
	static const char *const strokes[] = {"S", "s", NULL};
	static const char *const both[] = {"B", "B*", "b", "b*", NULL};
	static const char *const texts[] = {"Tj", "TJ", "'", "\"", NULL};
	static const char *const other_fill[] = {"g", "k", "cs", "sc", "scn", NULL};
	static const char *const other_stroke[] = {"G", "K", "CS", "SC", "SCN", NULL};
	struct gstate *g = &sc->st[sc->depth];
	if (token_is(sc->s, t->start, t->end, "BI"))
		return false;
	if (sc->nums >= 3 && token_is(sc->s, t->start, t->end, "rg")) {
		on_setter(sc, t, false);
	} else if (sc->nums >= 3 && token_is(sc->s, t->start, t->end, "RG")) {
		on_setter(sc, t, true);
	} else if (op_is(sc, t, other_fill)) {
		g->fill = -1;
	} else if (op_is(sc, t, other_stroke)) {
		g->stroke = -1;
	} else if (token_is(sc->s, t->start, t->end, "q")) {
		if (sc->depth + 1 < MAX_GSTATE) {
			sc->st[sc->depth + 1] = *g;
			sc->depth++;
		} else {
			sc->overflow++;
		}
	} else if (token_is(sc->s, t->start, t->end, "Q")) {
		if (sc->overflow)
			sc->overflow--;
		else if (sc->depth > 0)
			sc->depth--;
	} else if (sc->nums >= 6 && token_is(sc->s, t->start, t->end, "cm")) {
		const double *m = sc->num + sc->nums - 6;
		g->scale *= sqrt(fabs(m[0] * m[3] - m[1] * m[2]));
	} else if (sc->nums >= 1 && token_is(sc->s, t->start, t->end, "w")) {
		g->width = sc->num[sc->nums - 1];
	} else if (op_is(sc, t, path_ops)) {
		if (!sc->in_path)
			sc->path = sc->operands;
		sc->in_path = true;
	} else if (op_is(sc, t, texts)) {
		use(sc, false, true, sc->operands);
	} else if (op_is(sc, t, fills) || op_is(sc, t, strokes) || op_is(sc, t, both)) {
		size_t at = sc->in_path ? sc->path : sc->operands;
		if (!op_is(sc, t, strokes))
			use(sc, false, false, at);
		if (!op_is(sc, t, fills))
			use(sc, true, g->width * g->scale <= THIN_LINE, at);
		sc->in_path = false;
	} else if (token_is(sc->s, t->start, t->end, "n")) {
		sc->in_path = false;
	} else if (token_is(sc->s, t->start, t->end, "Do")) {
		use(sc, false, false, sc->operands); /* a stencil mask paints in the fill colour */
	}
	return true;
}

/* One pass over the stream: false for an inline image. */
static bool scan_pass(struct scan *sc)
{
	sc->depth = sc->overflow = sc->nums = 0;
	sc->st[0] = (struct gstate){.fill = -1, .stroke = -1, .width = 1, .scale = 1};
	sc->in_path = false;
	sc->operands = 0;
	size_t i = 0;
	struct tok t;
	bool fresh = true; /* the next token starts an operator's operands */
	while (next_token(sc->s, sc->n, &i, &t)) {
		if (fresh)
			sc->operands = t.start;
		fresh = false;
		if (t.regular && is_number(sc->s, t.start, t.end)) {
			if (sc->nums == 6) {
				memmove(sc->num, sc->num + 1, 5 * sizeof(sc->num[0]));
				memmove(sc->num_start, sc->num_start + 1,
				        5 * sizeof(sc->num_start[0]));
				memmove(sc->num_end, sc->num_end + 1, 5 * sizeof(sc->num_end[0]));
				sc->nums = 5;
			}
			sc->num[sc->nums] = strtod((const char *)sc->s + t.start, NULL);
			sc->num_start[sc->nums] = t.start;
			sc->num_end[sc->nums++] = t.end;
			continue;
		}
		if (t.regular &&
		    !(t.end - t.start == 4 && memcmp(sc->s + t.start, "true", 4) == 0) &&
		    !(t.end - t.start == 5 && memcmp(sc->s + t.start, "false", 5) == 0) &&
		    !(t.end - t.start == 4 && memcmp(sc->s + t.start, "null", 4) == 0)) {
			if (!on_operator(sc, &t))
				return false;
			fresh = true;
		}
		sc->nums = 0;
	}
	return true;
}

size_t pdfpost_rewrite_neutral(const unsigned char *s, size_t n, const struct pdfpost_k_rule *rule,
                               struct buf *out)
{
	struct scan sc = {.s = s, .n = n, .rule = rule, .out = out};
	buf_clear(out);
	size_t edits = 0;
	if (scan_pass(&sc)) {
		sc.writing = true;
		scan_pass(&sc);
		edits = sc.edits;
		if (edits)
			buf_append(out, (const char *)s + sc.copied, n - sc.copied);
	}
	free(sc.set);
	return edits;
}

static bool rewrite_stream(struct post *p, qpdf_oh st)
{
	qpdf_data q = p->q;
	unsigned char *data = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	qpdf_oh_get_stream_data(q, st, qpdf_dl_generalized, &filtered, &data, &len);
	if (took_error(p)) {
		free(data);
		return false;
	}
	/* A filter qpdf cannot undo (none is used for content by cairo):
	 * leave the stream as it is rather than edit compressed bytes. */
	if (filtered && pdfpost_rewrite_neutral(data, len, p->rule, &p->scratch))
		qpdf_oh_replace_stream_data(q, st, (const unsigned char *)p->scratch.data,
		                            p->scratch.len, qpdf_oh_new_null(q),
		                            qpdf_oh_new_null(q));
	free(data);
	return !took_error(p);
}

/* True the first time an indirect object is met. */
static bool first_visit(struct post *p, qpdf_oh o)
{
	int id = qpdf_oh_get_object_id(p->q, o);
	if (id <= 0)
		return true;
	size_t i = (size_t)id;
	if (i >= p->seen_cap) {
		size_t old = p->seen_cap;
		XGROW(p->seen, p->seen_cap, i + 1);
		memset(p->seen + old, 0, p->seen_cap - old);
	}
	if (p->seen[i])
		return false;
	p->seen[i] = 1;
	return true;
}

static bool rewrite_resources(struct post *p, qpdf_oh res, int depth);

/* Each stream in a resource category (XObject or Pattern) that has content
 * of its own: Form XObjects and tiling patterns. */
static bool rewrite_category(struct post *p, qpdf_oh res, const char *category, int depth)
{
	qpdf_data q = p->q;
	qpdf_oh dict = qpdf_oh_get_key(q, res, category);
	if (!qpdf_oh_is_dictionary(q, dict))
		return true;
	/* qpdf iterates one dictionary at a time, and the recursion below
	 * starts another: collect the streams first. */
	qpdf_oh *items = NULL;
	size_t n = 0, cap = 0;
	qpdf_oh_begin_dict_key_iter(q, dict);
	while (qpdf_oh_dict_more_keys(q)) {
		qpdf_oh v = qpdf_oh_get_key(q, dict, qpdf_oh_dict_next_key(q));
		if (!qpdf_oh_is_stream(q, v))
			continue;
		qpdf_oh d = qpdf_oh_get_dict(q, v);
		bool form =
		        qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/Subtype"), "/Form");
		qpdf_oh pt = qpdf_oh_get_key(q, d, "/PatternType");
		bool tiling = qpdf_oh_is_integer(q, pt) && qpdf_oh_get_int_value(q, pt) == 1;
		if ((form || tiling) && first_visit(p, v)) {
			XGROW(items, cap, n + 1);
			items[n++] = v;
		}
	}
	bool ok = !took_error(p);
	for (size_t i = 0; ok && i < n; i++) {
		ok = rewrite_stream(p, items[i]);
		if (ok)
			ok = rewrite_resources(
			        p, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, items[i]), "/Resources"),
			        depth + 1);
	}
	free(items);
	return ok;
}

static bool rewrite_resources(struct post *p, qpdf_oh res, int depth)
{
	if (!res || !qpdf_oh_is_dictionary(p->q, res) || depth > MAX_DEPTH)
		return true;
	return rewrite_category(p, res, "/XObject", depth) &&
	       rewrite_category(p, res, "/Pattern", depth);
}

static bool black_to_k(struct post *p)
{
	qpdf_data q = p->q;
	int n = qpdf_get_num_pages(q);
	if (n < 0 || took_error(p))
		return false;
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
		bool ok = true;
		if (qpdf_oh_is_stream(q, c)) {
			if (first_visit(p, c))
				ok = rewrite_stream(p, c);
		} else if (qpdf_oh_is_array(q, c)) {
			int k = qpdf_oh_get_array_n_items(q, c);
			for (int j = 0; ok && j < k; j++) {
				qpdf_oh s = qpdf_oh_get_array_item(q, c, j);
				if (qpdf_oh_is_stream(q, s) && first_visit(p, s))
					ok = rewrite_stream(p, s);
			}
		}
		if (ok)
			ok = rewrite_resources(p, inherited(q, page, "/Resources"), 0);
		/* Handles are only an index into qpdf's table: drop them per
		 * page so a long deck does not grow it. */
		qpdf_oh_release_all(q);
		if (!ok)
			return false;
	}
	return true;
}

/* The text of ligatures that fonts name as one character (U+FB00-FB06),
 * as UTF-16BE hex: what a search or a screen reader expects. */
static const char *const ligature_text[] = {
        "00660066", "00660069", "0066006c", "006600660069", "00660066006c", "017f0074", "00730074",
};

static int hex_value(unsigned char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* Writes the destination hex string d (n hex digits, without <>) of a
 * ToUnicode mapping as it should be; true when it changed. */
static bool fix_destination(const unsigned char *d, size_t n, struct buf *out)
{
	if (n == 4 && hex_value(d[0]) == 15 && hex_value(d[1]) == 11 && d[2] == '0' &&
	    hex_value(d[3]) >= 0 && hex_value(d[3]) <= 6) {
		buf_puts(out, ligature_text[hex_value(d[3])]);
		return true;
	}
	/* two or more UTF-16 units all of the form XX00 with XX printable
	 * ASCII: the little-endian bytes Ghostscript 10.0 writes for a
	 * ligature's characters ("ti" as <74006900>, read as 琀椀) */
	if (n < 8 || n % 4)
		return false;
	for (size_t i = 0; i < n; i += 4) {
		int hi = hex_value(d[i]) * 16 + hex_value(d[i + 1]);
		if (hex_value(d[i]) < 0 || hex_value(d[i + 1]) < 0 || d[i + 2] != '0' ||
		    d[i + 3] != '0' || hi < 0x20 || hi > 0x7e)
			return false;
	}
	for (size_t i = 0; i < n; i += 4)
		buf_printf(out, "00%c%c", d[i], d[i + 1]);
	return true;
}

size_t pdfpost_fix_to_unicode(const unsigned char *s, size_t n, struct buf *out)
{
	size_t copied = 0, edits = 0, i = 0;
	struct tok t, prev[2] = {{0}};
	int hexes = 0; /* hex strings just before this one */
	bool in_range = false, in_char = false;
	struct buf fixed;
	buf_init(&fixed);
	buf_clear(out);
	while (next_token(s, n, &i, &t)) {
		bool hex = s[t.start] == '<' && t.end - t.start >= 2 && s[t.start + 1] != '<';
		if (!hex) {
			if (token_is(s, t.start, t.end, "beginbfrange"))
				in_range = true;
			else if (token_is(s, t.start, t.end, "beginbfchar"))
				in_char = true;
			else if (token_is(s, t.start, t.end, "endbfrange") ||
			         token_is(s, t.start, t.end, "endbfchar"))
				in_range = in_char = false;
			hexes = 0;
			continue;
		}
		/* the destination: second of a bfchar pair, or third of a
		 * bfrange whose first and last codes are the same */
		bool dest = (in_char && hexes % 2 == 1) ||
		            (in_range && hexes % 3 == 2 &&
		             prev[0].end - prev[0].start == prev[1].end - prev[1].start &&
		             memcmp(s + prev[0].start, s + prev[1].start,
		                    prev[0].end - prev[0].start) == 0);
		buf_clear(&fixed);
		if (dest && fix_destination(s + t.start + 1, t.end - t.start - 2, &fixed)) {
			buf_append(out, (const char *)s + copied, t.start + 1 - copied);
			buf_append(out, fixed.data, fixed.len);
			copied = t.end - 1;
			edits++;
		}
		prev[0] = prev[1];
		prev[1] = t;
		hexes++;
	}
	if (edits)
		buf_append(out, (const char *)s + copied, n - copied);
	buf_finish(&fixed);
	return edits;
}

static bool has_text(const unsigned char *data, size_t len, const char *text)
{
	size_t k = strlen(text);
	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(data + i, text, k) == 0)
			return true;
	return false;
}

/* Every ToUnicode CMap of the file, through pdfpost_fix_to_unicode(). */
static bool fix_to_unicode(struct post *p)
{
	qpdf_data q = p->q;
	qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
	int n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	for (int id = 1; id < n; id++) {
		qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
		if (qpdf_oh_is_stream(q, o) &&
		    !qpdf_oh_has_key(q, qpdf_oh_get_dict(q, o), "/Subtype")) {
			unsigned char *data = NULL;
			size_t len = 0;
			QPDF_BOOL filtered = QPDF_FALSE;
			qpdf_oh_get_stream_data(q, o, qpdf_dl_generalized, &filtered, &data, &len);
			if (filtered && len < (1u << 20) && has_text(data, len, "begincmap") &&
			    pdfpost_fix_to_unicode(data, len, &p->scratch))
				qpdf_oh_replace_stream_data(
				        q, o, (const unsigned char *)p->scratch.data,
				        p->scratch.len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
			free(data);
		}
		qpdf_oh_release_all(q);
		if (took_error(p))
			return false;
	}
	return true;
}

bool pdfpost_apply(const void *in, size_t len, const struct pdfpost_options *o, struct buf *out,
                   char **err)
{
	assert(in && o && out && err);
	*err = NULL;
	char date[18];
	if (o->date && !pdf_date(o->date, date)) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "date '%s' is not ISO 8601 UTC like 2024-01-01T00:00:00Z", o->date);
		*err = buf_detach(&b);
		return false;
	}
	struct post p = {.q = qpdf_init(), .rule = o->k_rule};
	buf_init(&p.scratch);
	qpdf_data q = p.q;
	/* Errors come back through *err; warnings (a repaired xref table and
	 * the like) do not stop us and must not reach the user's terminal. */
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	bool ok = !(qpdf_read_memory(q, "PDF", in, len, NULL) & QPDF_ERRORS) && !took_error(&p);
	if (ok && o->boxes)
		ok = check_boxes(&p, o->boxes) && set_boxes(&p, o->boxes);
	if (ok && o->black_to_k)
		ok = black_to_k(&p);
	if (ok && o->fix_to_unicode)
		ok = fix_to_unicode(&p);
	if (ok && o->strip_annots) {
		int n = qpdf_get_num_pages(q);
		for (int i = 0; i < n && ok; i++) {
			qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
			if (qpdf_oh_has_key(q, page, "/Annots"))
				qpdf_oh_remove_key(q, page, "/Annots");
			qpdf_oh_release_all(q);
			ok = !took_error(&p);
		}
	}
	if (ok)
		ok = spot_mark_cut_contour(q) >= 0 && !took_error(&p);
	if (ok && o->date) {
		qpdf_set_info_key(q, "/CreationDate", date);
		qpdf_set_info_key(q, "/ModDate", date);
		ok = !took_error(&p);
	}
	if (ok)
		ok = !(qpdf_init_write_memory(q) & QPDF_ERRORS) && !took_error(&p);
	if (ok) {
		/* The /ID is a digest of the content, not of the time and
		 * the file name, so equal input gives equal bytes. */
		qpdf_set_deterministic_ID(q, QPDF_TRUE);
		qpdf_set_object_stream_mode(q, qpdf_o_preserve);
		ok = !(qpdf_write(q) & QPDF_ERRORS) && !took_error(&p);
	}
	if (ok)
		buf_append(out, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
	if (!ok && !p.err)
		took_error(&p);
	if (!ok)
		*err = p.err ? p.err : xstrdup("qpdf failed without a message");
	else
		free(p.err);
	while (qpdf_more_warnings(q))
		qpdf_next_warning(q);
	qpdf_cleanup(&q);
	free(p.seen);
	buf_finish(&p.scratch);
	return ok;
}
