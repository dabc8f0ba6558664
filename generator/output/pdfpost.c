#include "output/pdfpost.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>
#include <zlib.h>

#include "output/atomic.h"
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

/* Keeps the first failure's message in *err. */
static void keep_first(char **err, const char *fmt, va_list ap)
{
	if (*err)
		return;
	struct buf b;
	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	*err = buf_detach(&b);
}

static void fail(struct post *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct post *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	keep_first(&p->err, fmt, ap);
	va_end(ap);
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

/* The BleedBox and TrimBox of a page whose MediaBox is media. */
static void page_box_values(const struct pdf_boxes *b, const double media[4], double bleed[4],
                            double trim[4])
{
	double m = b->margin, e = b->margin - b->bleed;
	bleed[0] = media[0] + e;
	bleed[1] = media[1] + e;
	bleed[2] = media[0] + m + b->trim_w + b->bleed;
	bleed[3] = media[1] + m + b->trim_h + b->bleed;
	round_inward(bleed, media);
	trim[0] = media[0] + m;
	trim[1] = media[1] + m;
	trim[2] = media[0] + m + b->trim_w;
	trim[3] = media[1] + m + b->trim_h;
	round_inward(trim, bleed);
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
		double bleed[4], trim[4];
		page_box_values(b, media, bleed, trim);
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

/* PDF's character classes (ISO 32000-1 §7.2.2), by a table: the tokenizer
 * asks for every byte of every content stream. */
enum { CHAR_SPACE = 1, CHAR_DELIM = 2 };
static const unsigned char char_class[256] = {
        [' '] = CHAR_SPACE,  ['\n'] = CHAR_SPACE, ['\r'] = CHAR_SPACE, ['\t'] = CHAR_SPACE,
        ['\f'] = CHAR_SPACE, ['\0'] = CHAR_SPACE, ['('] = CHAR_DELIM,  [')'] = CHAR_DELIM,
        ['<'] = CHAR_DELIM,  ['>'] = CHAR_DELIM,  ['['] = CHAR_DELIM,  [']'] = CHAR_DELIM,
        ['{'] = CHAR_DELIM,  ['}'] = CHAR_DELIM,  ['/'] = CHAR_DELIM,  ['%'] = CHAR_DELIM,
};

static bool is_space(unsigned char c)
{
	return char_class[c] == CHAR_SPACE;
}

static bool is_delim(unsigned char c)
{
	return char_class[c] == CHAR_DELIM;
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

bool pdfpost_number(const unsigned char *s, size_t start, size_t end, double *v)
{
	if (!is_number(s, start, end))
		return false;
	char tok[64];
	size_t len = end - start < sizeof(tok) - 1 ? end - start : sizeof(tok) - 1;
	memcpy(tok, s + start, len);
	tok[len] = '\0';
	*v = strtod(tok, NULL);
	return true;
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
		while (i < n && !char_class[s[i]])
			i++;
	} else if (is_delim(c)) {
		i++;
	} else {
		t->regular = true;
		while (i < n && !char_class[s[i]])
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

/* The last k numbers before the operator, read (k <= sc->nums). */
static const double *operands(struct scan *sc, int k)
{
	for (int i = sc->nums - k; i < sc->nums; i++)
		sc->num[i] = strtod((const char *)sc->s + sc->num_start[i], NULL);
	return sc->num + sc->nums - k;
}

static void on_setter(struct scan *sc, const struct tok *t, bool stroke)
{
	struct gstate *g = &sc->st[sc->depth];
	size_t start = sc->num_start[sc->nums - 3];
	const double *v = operands(sc, 3);
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

/* What an operator means to the scan. */
enum op {
	OP_OTHER,
	OP_INLINE_IMAGE,
	OP_RGB_FILL,
	OP_RGB_STROKE,
	OP_OTHER_FILL,   /* a fill colour that is not an RGB setter's */
	OP_OTHER_STROKE, /* a stroke colour that is not */
	OP_SAVE,
	OP_RESTORE,
	OP_MATRIX,
	OP_WIDTH,
	OP_PATH,
	OP_TEXT,
	OP_FILL,
	OP_STROKE,
	OP_FILL_STROKE,
	OP_END_PATH,
	OP_XOBJECT,
};

/* The operator s[0..n), by a table (commonest first) rather than string
 * comparisons one by one: the scan reads every operator of every page
 * twice (issue 15). */
#define OP2(a, b) ((unsigned)(a) << 8 | (unsigned)(b))

/* A switch rather than a table: a page has thousands of operators, most of
 * them text ones (Tf, Tm, Td) that a table search went all through. */
static enum op op_of(const unsigned char *s, size_t n)
{
	if (n == 1) {
		switch (s[0]) {
		case 'f':
		case 'F':
			return OP_FILL;
		case 'g':
		case 'k':
			return OP_OTHER_FILL;
		case 'G':
		case 'K':
			return OP_OTHER_STROKE;
		case 'q':
			return OP_SAVE;
		case 'Q':
			return OP_RESTORE;
		case 'm':
		case 'l':
		case 'c':
		case 'h':
		case 'v':
		case 'y':
			return OP_PATH;
		case 'w':
			return OP_WIDTH;
		case 'S':
		case 's':
			return OP_STROKE;
		case 'n':
			return OP_END_PATH;
		case 'B':
		case 'b':
			return OP_FILL_STROKE;
		case '\'':
		case '"':
			return OP_TEXT;
		default:
			return OP_OTHER;
		}
	}
	if (n == 2) {
		switch (OP2(s[0], s[1])) {
		case OP2('r', 'e'):
			return OP_PATH;
		case OP2('r', 'g'):
			return OP_RGB_FILL;
		case OP2('R', 'G'):
			return OP_RGB_STROKE;
		case OP2('c', 'm'):
			return OP_MATRIX;
		case OP2('T', 'J'):
		case OP2('T', 'j'):
			return OP_TEXT;
		case OP2('D', 'o'):
			return OP_XOBJECT;
		case OP2('f', '*'):
			return OP_FILL;
		case OP2('B', '*'):
		case OP2('b', '*'):
			return OP_FILL_STROKE;
		case OP2('c', 's'):
		case OP2('s', 'c'):
			return OP_OTHER_FILL;
		case OP2('C', 'S'):
		case OP2('S', 'C'):
			return OP_OTHER_STROKE;
		case OP2('B', 'I'):
			return OP_INLINE_IMAGE;
		default:
			return OP_OTHER;
		}
	}
	if (n == 3 && memcmp(s, "scn", 3) == 0)
		return OP_OTHER_FILL;
	if (n == 3 && memcmp(s, "SCN", 3) == 0)
		return OP_OTHER_STROKE;
	return OP_OTHER;
}

/* One operator (t) with the numbers before it. False for an inline image,
 * whose binary data cannot be tokenised. */
static bool on_operator(struct scan *sc, const struct tok *t)
{
	struct gstate *g = &sc->st[sc->depth];
	enum op op = op_of(sc->s + t->start, t->end - t->start);
	switch (op) {
	case OP_INLINE_IMAGE:
		return false;
	case OP_RGB_FILL:
	case OP_RGB_STROKE:
		if (sc->nums >= 3)
			on_setter(sc, t, op == OP_RGB_STROKE);
		break;
	case OP_OTHER_FILL:
		g->fill = -1;
		break;
	case OP_OTHER_STROKE:
		g->stroke = -1;
		break;
	case OP_SAVE:
		if (sc->depth + 1 < MAX_GSTATE) {
			sc->st[sc->depth + 1] = *g;
			sc->depth++;
		} else {
			sc->overflow++;
		}
		break;
	case OP_RESTORE:
		if (sc->overflow)
			sc->overflow--;
		else if (sc->depth > 0)
			sc->depth--;
		break;
	case OP_MATRIX:
		if (sc->nums >= 6) {
			const double *m = operands(sc, 6);
			g->scale *= sqrt(fabs(m[0] * m[3] - m[1] * m[2]));
		}
		break;
	case OP_WIDTH:
		if (sc->nums >= 1)
			g->width = operands(sc, 1)[0];
		break;
	case OP_PATH:
		if (!sc->in_path)
			sc->path = sc->operands;
		sc->in_path = true;
		break;
	case OP_TEXT:
		use(sc, false, true, sc->operands);
		break;
	case OP_FILL:
	case OP_STROKE:
	case OP_FILL_STROKE: {
		size_t at = sc->in_path ? sc->path : sc->operands;
		if (op != OP_STROKE)
			use(sc, false, false, at);
		if (op != OP_FILL)
			use(sc, true, g->width * g->scale <= THIN_LINE, at);
		sc->in_path = false;
		break;
	}
	case OP_END_PATH:
		sc->in_path = false;
		break;
	case OP_XOBJECT:
		use(sc, false, false, sc->operands); /* a stencil mask paints in the fill colour */
		break;
	case OP_OTHER:
		break;
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
				memmove(sc->num_start, sc->num_start + 1,
				        5 * sizeof(sc->num_start[0]));
				memmove(sc->num_end, sc->num_end + 1, 5 * sizeof(sc->num_end[0]));
				sc->nums = 5;
			}
			/* read when an operator that needs it takes it
			 * (operands()): most numbers are glyph positions */
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
		ok = spot_mark_die_lines(q) >= 0 && !took_error(&p);
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

/* ---- the streaming pass: a PDF that cairo wrote, file to file ---- */

/* Object flags of the streaming pass, by object number. */
enum {
	OBJ_LIVE = 1 << 0,    /* found where the xref table says */
	OBJ_PAGE = 1 << 1,    /* a /Type /Page dictionary */
	OBJ_CONTENT = 1 << 2, /* a page's content stream */
	OBJ_FORM = 1 << 3,    /* a Form XObject or a tiling pattern */
	OBJ_SPOT = 1 << 4,    /* a page's resources that the CutContour needs */
	OBJ_FOLD = 1 << 5,    /* a page's resources that the Fold needs */
	OBJ_PLAIN = 1 << 6,   /* a stream with no filter: compressed here */
};

/* The head of an object read first; a larger dictionary is read whole. */
#define HEAD_CHUNK 4096
#define COPY_CHUNK 65536

/* What read_range() reads at once: the pass reads objects mostly in file
 * order, a few hundred bytes each (15 a card). */
#define READ_WINDOW (256 * 1024)

struct spass {
	FILE *in;
	const struct pdfpost_options *o;
	char date[18];
	uint64_t xref;   /* offset of cairo's xref table: the end of the objects */
	uint32_t size;   /* the trailer's /Size */
	uint64_t *off;   /* by object number: the offset the xref gives */
	uint32_t *order; /* live objects by offset */
	size_t norder;
	unsigned char *flags;
	uint32_t *res_of;  /* content stream → its page's resources object */
	int64_t *new_len;  /* length objects to write with a new value, else -1 */
	uint64_t *new_off; /* where each object went in the output; 0: not yet */
	/* with o->pdfx, by object number: a content stream's page object, a
	 * page's number (from 1); the catalogue, the objects appended */
	uint32_t *link, root, added;
	uint64_t added_off[2];
	struct pdfpost_pdfx *x;
	struct buf trailer, obj, data, plain, edited, scratch, res;
	struct buf window; /* bytes of the file read from window_off on */
	uint64_t window_off;
	/* zlib's state, made once and reset for each stream: making it
	 * (deflate's is 268 KB, cleared) cost more than compressing a
	 * card's content (issue 15) */
	z_stream inf, def;
	bool inf_ready, def_ready;
	struct atomic_file *dst;
	uint64_t pos;
	uint64_t hash[2]; /* of every byte written, for the /ID */
	char *err;
};

static void sfail(struct spass *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sfail(struct spass *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	keep_first(&p->err, fmt, ap);
	va_end(ap);
}

/* Writes to the output, hashing every byte: two FNV-1a hashes with
 * different seeds make the 128-bit /ID, so equal files get equal IDs. */
static void emit(struct spass *p, const void *data, size_t len)
{
	const unsigned char *s = data;
	for (size_t i = 0; i < len; i++) {
		p->hash[0] = (p->hash[0] ^ s[i]) * 0x100000001b3ull;
		p->hash[1] = (p->hash[1] ^ s[i]) * 0x100000001b3ull;
	}
	atomic_write(p->dst, data, len);
	p->pos += len;
}

/* Reads len bytes at off into out (replacing what it held), from the
 * window of the file read last, or from the file with pread(): one call
 * for many ranges, where fseeko() and fread() made two a range (3,500
 * calls for a 100-card deck, about 30 with the window). */
static bool read_range(struct spass *p, uint64_t off, uint64_t len, struct buf *out)
{
	buf_clear(out);
	if (len > SIZE_MAX / 2 || off > (uint64_t)INT64_MAX - len) {
		sfail(p, "cairo's PDF ends early");
		return false;
	}
	struct buf *w = &p->window;
	if (off >= p->window_off && off + len <= p->window_off + w->len) {
		buf_append(out, w->data + (off - p->window_off), (size_t)len);
		return true;
	}
	/* a range larger than the window is read as it is */
	bool direct = len >= READ_WINDOW;
	struct buf *to = direct ? out : w;
	size_t want = direct ? (size_t)len : READ_WINDOW;
	buf_clear(to);
	XGROW(to->data, to->cap, want + 1);
	int fd = fileno(p->in);
	while (to->len < want) {
		ssize_t got = pread(fd, to->data + to->len, want - to->len, (off_t)(off + to->len));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			/* a window half refilled holds no range of the file */
			buf_clear(to);
			sfail(p, "cannot read cairo's PDF");
			return false;
		}
		if (got == 0)
			break; /* the end of the file */
		to->len += (size_t)got;
	}
	to->data[to->len] = '\0';
	if (!direct)
		p->window_off = off;
	if (to->len < len) {
		sfail(p, "cairo's PDF ends early");
		return false;
	}
	if (!direct)
		buf_append(out, w->data, (size_t)len);
	return true;
}

/* Copies len bytes at off to the output. */
static bool copy_range(struct spass *p, uint64_t off, uint64_t len)
{
	while (len > 0) {
		uint64_t part = len < COPY_CHUNK ? len : COPY_CHUNK;
		if (!read_range(p, off, part, &p->scratch))
			return false;
		emit(p, p->scratch.data, p->scratch.len);
		off += part;
		len -= part;
	}
	return true;
}

/* The end of the value that starts with token t: a whole dictionary or
 * array, a reference "7 0 R", or the token itself; 0 when s ends first. */
static size_t value_end(const unsigned char *s, size_t n, const struct tok *t)
{
	bool dict = token_is(s, t->start, t->end, "<<"), array = token_is(s, t->start, t->end, "[");
	if (dict || array) {
		size_t i = t->start;
		int depth = 0;
		struct tok u;
		while (next_token(s, n, &i, &u)) {
			if (token_is(s, u.start, u.end, "<<") || token_is(s, u.start, u.end, "["))
				depth++;
			else if ((token_is(s, u.start, u.end, ">>") ||
			          token_is(s, u.start, u.end, "]")) &&
			         --depth == 0)
				return u.end;
		}
		return 0;
	}
	size_t j = t->end;
	struct tok a, b;
	if (t->regular && next_token(s, n, &j, &a) && a.regular && next_token(s, n, &j, &b) &&
	    token_is(s, b.start, b.end, "R"))
		return b.end;
	return t->end;
}

/* In the dictionary that starts at s[at], the value of key (such as
 * "/Length") at its top level: [*vs, *ve). *ve is set to the position of
 * the dictionary's closing ">>" when the key is missing (false). */
static bool dict_get(const unsigned char *s, size_t n, size_t at, const char *key, size_t *vs,
                     size_t *ve)
{
	size_t i = at;
	struct tok t;
	*vs = *ve = 0;
	if (!next_token(s, n, &i, &t) || !token_is(s, t.start, t.end, "<<"))
		return false;
	for (;;) {
		if (!next_token(s, n, &i, &t))
			return false;
		if (token_is(s, t.start, t.end, ">>")) {
			*vs = *ve = t.start;
			return false;
		}
		bool match = token_is(s, t.start, t.end, key);
		struct tok v;
		if (!next_token(s, n, &i, &v))
			return false;
		size_t end = value_end(s, n, &v);
		if (!end)
			return false;
		if (match) {
			*vs = v.start;
			*ve = end;
			return true;
		}
		i = end;
	}
}

static bool dict_is(const unsigned char *s, size_t n, size_t at, const char *key, const char *value)
{
	size_t vs, ve;
	return dict_get(s, n, at, key, &vs, &ve) && token_is(s, vs, ve, value);
}

/* The object number of a reference "7 0 R" in s[vs..ve); 0 when it is not
 * one. */
static uint32_t ref_of(const unsigned char *s, size_t vs, size_t ve)
{
	if (ve <= vs || s[ve - 1] != 'R')
		return 0;
	unsigned long v = strtoul((const char *)s + vs, NULL, 10);
	return v < UINT32_MAX ? (uint32_t)v : 0;
}

/* Sets key of the dictionary at b->data[at] to value: replaces the value
 * it has, or adds the key before the closing ">>". */
static bool dict_set(struct buf *b, size_t at, const char *key, const char *value)
{
	size_t vs, ve;
	bool has = dict_get((const unsigned char *)b->data, b->len, at, key, &vs, &ve);
	if (!ve)
		return false;
	struct buf out;
	buf_init(&out);
	buf_append(&out, b->data, vs);
	if (!has)
		buf_printf(&out, "%s ", key);
	buf_puts(&out, value);
	buf_puts(&out, has ? "" : "\n");
	buf_append(&out, b->data + ve, b->len - ve);
	buf_finish(b);
	*b = out;
	return true;
}

/* Removes key and its value from the dictionary at b->data[at]; false when
 * it has none. */
static bool dict_remove(struct buf *b, size_t at, const char *key)
{
	const unsigned char *s = (const unsigned char *)b->data;
	size_t n = b->len, i = at;
	struct tok t, v;
	if (!next_token(s, n, &i, &t) || !token_is(s, t.start, t.end, "<<"))
		return false;
	while (next_token(s, n, &i, &t) && !token_is(s, t.start, t.end, ">>")) {
		size_t end = next_token(s, n, &i, &v) ? value_end(s, n, &v) : 0;
		if (!end)
			return false;
		if (token_is(s, t.start, t.end, key)) {
			memmove(b->data + t.start, b->data + end, b->len - end);
			b->len -= end - t.start;
			b->data[b->len] = '\0';
			return true;
		}
		i = end;
	}
	return false;
}

/* Reads cairo's xref table and trailer: the objects' offsets, /Size, and
 * the trailer dictionary (into p->trailer). One table, as cairo writes. */
static bool read_xref(struct spass *p)
{
	if (fseeko(p->in, 0, SEEK_END) != 0) {
		sfail(p, "cannot seek in cairo's PDF");
		return false;
	}
	off_t len = ftello(p->in);
	uint64_t tail = len > 1024 ? 1024 : (uint64_t)len;
	if (len < 0 || !read_range(p, (uint64_t)len - tail, tail, &p->scratch))
		return false;
	/* the last "startxref"; what comes before it may be binary */
	const char *sx = NULL;
	for (size_t i = p->scratch.len; !sx && i >= 9; i--)
		if (memcmp(p->scratch.data + i - 9, "startxref", 9) == 0)
			sx = p->scratch.data + i - 9;
	if (!sx) {
		sfail(p, "cairo's PDF has no startxref");
		return false;
	}
	p->xref = strtoull(sx + 9, NULL, 10);
	if (p->xref >= (uint64_t)len || fseeko(p->in, (off_t)p->xref, SEEK_SET) != 0) {
		sfail(p, "cairo's PDF has a bad startxref");
		return false;
	}
	char line[128];
	unsigned long first, count;
	if (!fgets(line, sizeof(line), p->in) || strncmp(line, "xref", 4) != 0 ||
	    !fgets(line, sizeof(line), p->in) || sscanf(line, "%lu %lu", &first, &count) != 2 ||
	    first != 0 || count == 0 || count > (1ul << 26)) {
		sfail(p, "cairo's PDF has an xref table this pass does not read");
		return false;
	}
	p->size = (uint32_t)count;
	p->off = xcalloc(count, sizeof(*p->off));
	for (unsigned long i = 0; i < count; i++) {
		unsigned long long o;
		unsigned gen;
		char kind;
		if (!fgets(line, sizeof(line), p->in) ||
		    sscanf(line, "%llu %u %c", &o, &gen, &kind) != 3) {
			sfail(p, "cairo's xref table ends early");
			return false;
		}
		p->off[i] = kind == 'n' && gen == 0 && o < p->xref ? o : 0;
	}
	/* the trailer dictionary: what follows, up to startxref */
	long at = ftell(p->in);
	if (at < 0 || !read_range(p, (uint64_t)at, (uint64_t)len - (uint64_t)at, &p->trailer))
		return false;
	char *t = strstr(p->trailer.data, "trailer"), *e = strstr(p->trailer.data, "startxref");
	if (!t || !e || e < t) {
		sfail(p, "cairo's PDF has no trailer");
		return false;
	}
	size_t skip = (size_t)(t + 7 - p->trailer.data);
	memmove(p->trailer.data, p->trailer.data + skip, (size_t)(e - t) - 7);
	p->trailer.len = (size_t)(e - t) - 7;
	p->trailer.data[p->trailer.len] = '\0';
	return true;
}

struct placed {
	uint64_t off;
	uint32_t num;
};

static int by_offset(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* One object as read: p->obj holds its text from its offset, the head
 * only (up to the stream data) or the whole of it. */
struct oview {
	uint32_t num;
	uint64_t off, extent; /* up to the next object or the xref table */
	size_t body;          /* where the value starts in p->obj */
	size_t dict_end;      /* after a dictionary value's ">>"; 0: not a dictionary */
	bool stream;
	size_t data; /* with stream: where the stream data starts */
};

/* Reads object v->num at v->off (whole when whole, else at least its head)
 * into p->obj. False when the object there is another (cairo's xref names
 * objects it never wrote) or cannot be read. */
static bool load_object(struct spass *p, struct oview *v, bool whole)
{
	uint64_t want = whole || v->extent < HEAD_CHUNK ? v->extent : HEAD_CHUNK;
	if (!read_range(p, v->off, want, &p->obj))
		return false;
	const unsigned char *s = (const unsigned char *)p->obj.data;
	size_t n = p->obj.len;
	char head[32];
	int hl = snprintf(head, sizeof(head), "%" PRIu32 " 0 obj", v->num);
	if (n < (size_t)hl || memcmp(s, head, (size_t)hl) != 0)
		return false;
	size_t i = (size_t)hl;
	while (i < n && is_space(s[i]))
		i++;
	v->body = i;
	v->dict_end = 0;
	v->stream = false;
	struct tok t;
	size_t j = i;
	if (next_token(s, n, &j, &t) && token_is(s, t.start, t.end, "<<")) {
		v->dict_end = value_end(s, n, &t);
		if (!v->dict_end)
			return want < v->extent && load_object(p, v, true);
		j = v->dict_end;
		struct tok k;
		if (next_token(s, n, &j, &k) && token_is(s, k.start, k.end, "stream")) {
			v->stream = true;
			v->data = k.end;
			if (v->data < n && s[v->data] == '\r')
				v->data++;
			if (v->data < n && s[v->data] == '\n')
				v->data++;
		}
	}
	return true;
}

static void mark_content(struct spass *p, const unsigned char *s, size_t vs, size_t ve,
                         uint32_t res, uint32_t page)
{
	uint32_t c = ref_of(s, vs, ve);
	if (c > 0 && c < p->size) {
		p->flags[c] |= OBJ_CONTENT;
		p->res_of[c] = res;
		if (p->link)
			p->link[c] = page;
	}
}

static void refuse(struct spass *p, uint32_t num)
{
	p->x->refused = true;
	sfail(p, "the PDF/X fast path does not take object %" PRIu32, num);
}

/* The page tree's numbers for the PDF/X (cairo writes one /Pages node):
 * each kid of the node at s[at] gets its number. */
static void number_pages(struct spass *p, const unsigned char *s, size_t n, size_t at, uint32_t num)
{
	size_t vs, ve;
	if (dict_get(s, n, at, "/Parent", &vs, &ve) || !dict_get(s, n, at, "/Kids", &vs, &ve) ||
	    s[vs] != '[') {
		refuse(p, num);
		return;
	}
	size_t i = vs + 1;
	uint32_t count = 0;
	struct tok t;
	while (next_token(s, ve, &i, &t) && !token_is(s, t.start, t.end, "]")) {
		size_t e = value_end(s, ve, &t);
		uint32_t kid = e ? ref_of(s, t.start, e) : 0;
		if (!kid || kid >= p->size || p->link[kid]) {
			refuse(p, num);
			return;
		}
		p->link[kid] = ++count;
		i = e;
	}
}

/* Whether the PDF/X fast path takes the object v (in p->obj) as it will be
 * written: a page without /Annots and /Group, a form without /Group. */
static void check_pdfx(struct spass *p, const struct oview *v)
{
	size_t end = v->stream ? v->dict_end : p->obj.len;
	buf_clear(&p->edited);
	buf_append(&p->edited, p->obj.data + v->body, end - v->body);
	if (p->flags[v->num] & (OBJ_PAGE | OBJ_FORM))
		dict_remove(&p->edited, 0, "/Group");
	if (p->flags[v->num] & OBJ_PAGE)
		dict_remove(&p->edited, 0, "/Annots");
	if (!p->x->accept(p->x->ctx, (const unsigned char *)p->edited.data, p->edited.len))
		refuse(p, v->num);
}

/* What the first pass learns from one object: pages, their content
 * streams and resources, forms. */
static void classify(struct spass *p, const struct oview *v)
{
	const unsigned char *s = (const unsigned char *)p->obj.data;
	size_t n = p->obj.len, vs, ve;
	if (!v->dict_end)
		return;
	if (v->stream) {
		/* what cairo compresses when not asked otherwise; a tiling
		 * pattern's cell and a mesh shading it never does */
		if (!dict_get(s, n, v->body, "/Filter", &vs, &ve) &&
		    !dict_get(s, n, v->body, "/PatternType", &vs, &ve) &&
		    !dict_get(s, n, v->body, "/ShadingType", &vs, &ve))
			p->flags[v->num] |= OBJ_PLAIN;
		if (dict_is(s, n, v->body, "/Subtype", "/Form") ||
		    dict_is(s, n, v->body, "/PatternType", "1"))
			p->flags[v->num] |= OBJ_FORM;
		return;
	}
	if (p->x && dict_is(s, n, v->body, "/Type", "/Pages"))
		number_pages(p, s, n, v->body, v->num);
	if (!dict_is(s, n, v->body, "/Type", "/Page"))
		return;
	p->flags[v->num] |= OBJ_PAGE;
	uint32_t res = 0;
	if (dict_get(s, n, v->body, "/Resources", &vs, &ve))
		res = ref_of(s, vs, ve);
	if (!dict_get(s, n, v->body, "/Contents", &vs, &ve))
		return;
	if (s[vs] != '[') {
		mark_content(p, s, vs, ve, res, v->num);
		return;
	}
	/* a colour space set in one part holds in the next, which a
	 * conversion part by part would not follow */
	if (p->x)
		refuse(p, v->num);
	size_t i = vs + 1;
	struct tok t;
	while (next_token(s, ve, &i, &t) && !token_is(s, t.start, t.end, "]")) {
		size_t e = value_end(s, ve, &t);
		if (!e)
			break;
		mark_content(p, s, t.start, e, res, v->num);
		i = e;
	}
}

/* The extent of the k-th object in offset order: up to the next object
 * or the xref table. */
static uint64_t extent_of(const struct spass *p, size_t k)
{
	uint64_t end = k + 1 < p->norder ? p->off[p->order[k + 1]] : p->xref;
	return end - p->off[p->order[k]];
}

/* The place in offset order of the live object num. */
static size_t place_of(const struct spass *p, uint32_t num)
{
	size_t lo = 0, hi = p->norder;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->off[p->order[mid]] <= p->off[num])
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The first pass: which objects are where cairo's xref says (it lists
 * some it never wrote, at another object's offset), sorted by offset, and
 * what they are. */
static bool first_pass(struct spass *p)
{
	struct placed *all = xcalloc(p->size, sizeof(*all));
	size_t n = 0;
	for (uint32_t i = 1; i < p->size; i++)
		if (p->off[i])
			all[n++] = (struct placed){p->off[i], i};
	qsort(all, n, sizeof(*all), by_offset);
	p->order = xcalloc(n ? n : 1, sizeof(*p->order));
	for (size_t k = 0; k < n && !p->err; k++) {
		char head[32];
		int hl = snprintf(head, sizeof(head), "%" PRIu32 " 0 obj", all[k].num);
		uint64_t room = p->xref - all[k].off;
		if (read_range(p, all[k].off, room < (uint64_t)hl ? room : (uint64_t)hl,
		               &p->scratch) &&
		    p->scratch.len == (size_t)hl && memcmp(p->scratch.data, head, (size_t)hl) == 0)
			p->order[p->norder++] = all[k].num;
		else
			p->off[all[k].num] = 0;
	}
	free(all);
	for (size_t k = 0; k < p->norder && !p->err; k++) {
		struct oview v = {.num = p->order[k], .off = p->off[p->order[k]]};
		v.extent = extent_of(p, k);
		if (!load_object(p, &v, false) ||
		    (p->x && !v.dict_end && v.extent > p->obj.len && !load_object(p, &v, true))) {
			sfail(p, "cannot read object %" PRIu32 " of cairo's PDF", v.num);
			break;
		}
		p->flags[v.num] |= OBJ_LIVE;
		classify(p, &v);
		if (p->x && !p->err)
			check_pdfx(p, &v);
	}
	return !p->err;
}

/* The value of a /Length: a number, or a reference to one. */
static bool stream_length(struct spass *p, size_t vs, size_t ve, uint64_t *len, uint32_t *ref)
{
	const unsigned char *s = (const unsigned char *)p->obj.data;
	*ref = ref_of(s, vs, ve);
	if (!*ref) {
		*len = strtoull((const char *)s + vs, NULL, 10);
		return is_number(s, vs, ve);
	}
	if (*ref >= p->size || !(p->flags[*ref] & OBJ_LIVE))
		return false;
	/* read after the stream's head: p->obj is reused, so keep nothing */
	struct buf num;
	buf_init(&num);
	bool ok = read_range(p, p->off[*ref],
	                     64 < p->xref - p->off[*ref] ? 64 : p->xref - p->off[*ref], &num);
	const char *o = ok ? strstr(num.data, "obj") : NULL;
	ok = o != NULL;
	if (ok) {
		char *end;
		*len = strtoull(o + 3, &end, 10);
		ok = end != o + 3;
	}
	buf_finish(&num);
	return ok;
}

/* Runs in through zlib's step (inflate or deflate) into out. */
static bool pump(z_stream *z, int (*step)(z_streamp, int), int flush, const struct buf *in,
                 struct buf *out)
{
	buf_clear(out);
	z->next_in = (unsigned char *)in->data;
	z->avail_in = (uInt)in->len;
	unsigned char chunk[COPY_CHUNK];
	int r;
	do {
		z->next_out = chunk;
		z->avail_out = sizeof(chunk);
		r = step(z, flush);
		buf_append(out, (const char *)chunk, sizeof(chunk) - z->avail_out);
	} while (r == Z_OK);
	return r == Z_STREAM_END;
}

static bool inflate_all(struct spass *p, const struct buf *in, struct buf *out)
{
	if (!p->inf_ready && inflateInit(&p->inf) != Z_OK)
		return false;
	if (p->inf_ready && inflateReset(&p->inf) != Z_OK)
		return false;
	p->inf_ready = true;
	return pump(&p->inf, inflate, Z_NO_FLUSH, in, out);
}

/* What compress2() at the default level writes, with a state kept for
 * the next stream. */
static bool deflate_all(struct spass *p, const struct buf *in, struct buf *out)
{
	if (!p->def_ready && deflateInit(&p->def, Z_DEFAULT_COMPRESSION) != Z_OK)
		return false;
	if (p->def_ready && deflateReset(&p->def) != Z_OK)
		return false;
	p->def_ready = true;
	return pump(&p->def, deflate, Z_FINISH, in, out);
}

/* The /ColorSpace dictionary of the resources object res as PDF text, or
 * NULL when it is not written out there (see struct pdfpost_pdfx). */
static const char *colour_spaces(struct spass *p, uint32_t res)
{
	if (!res || res >= p->size || !(p->flags[res] & OBJ_LIVE) ||
	    !read_range(p, p->off[res], extent_of(p, place_of(p, res)), &p->res))
		return NULL;
	const unsigned char *s = (const unsigned char *)p->res.data;
	size_t n = p->res.len, i = 0, vs, ve;
	struct tok t;
	/* "7 0 obj": three tokens */
	for (int k = 0; k < 3; k++)
		if (!next_token(s, n, &i, &t))
			return NULL;
	if (!dict_get(s, n, i, "/ColorSpace", &vs, &ve))
		return ve ? "<< >>" : NULL;
	if (!token_is(s, vs, vs + 2, "<<"))
		return NULL;
	p->res.data[ve] = '\0';
	return p->res.data + vs;
}

/* The content of a page or form for the PDF/X, from cur into p->edited,
 * and its head without a form's /Group; false when the fast path refuses
 * it. */
static bool convert_content(struct spass *p, const struct oview *v, struct buf *head,
                            const struct buf *cur)
{
	unsigned char f = p->flags[v->num];
	int page = 0;
	if (f & OBJ_CONTENT) {
		uint32_t pg = p->link[v->num];
		page = pg && pg < p->size && (p->flags[pg] & OBJ_PAGE) ? (int)p->link[pg] : 0;
		if (!page)
			return false;
	} else {
		dict_remove(head, v->body, "/Group");
	}
	const char *spaces = page ? colour_spaces(p, p->res_of[v->num]) : NULL;
	buf_clear(&p->edited);
	return p->x->convert(p->x->ctx, (const unsigned char *)cur->data, cur->len, page, spaces,
	                     &p->edited);
}

/* Adds the /Filter of a stream this pass compressed to its dictionary
 * head, where cairo writes it when it compresses the stream itself: on its
 * own line after the /Length. */
static bool add_filter(struct buf *head, size_t at)
{
	size_t vs, ve;
	if (!dict_get((const unsigned char *)head->data, head->len, at, "/Length", &vs, &ve))
		return false;
	const char *nl = memchr(head->data + ve, '\n', head->len - ve);
	if (!nl)
		return dict_set(head, at, "/Filter", "/FlateDecode");
	static const char line[] = "   /Filter /FlateDecode\n";
	size_t pos = (size_t)(nl - head->data) + 1;
	struct buf out;
	buf_init(&out);
	buf_append(&out, head->data, pos);
	buf_append(&out, line, sizeof(line) - 1);
	buf_append(&out, head->data + pos, head->len - pos);
	buf_finish(head);
	*head = out;
	return true;
}

/* A stream, with its data compressed once, here: cairo leaves the streams
 * it would compress as they are (sink_pdf_prepare_process()), as this pass
 * reads most of them anyway. When paint is true, a page's or form's
 * content, rewritten for K only and the CutContour when it needs it, or
 * for the PDF/X. Cairo's compressed streams are inflated for that, and
 * copied as they are when nothing changed (*wrote false). False on a
 * failure (p->err set). */
static bool rewrite_content(struct spass *p, const struct oview *v, bool paint, bool *wrote)
{
	*wrote = false;
	const unsigned char *s = (const unsigned char *)p->obj.data;
	size_t n = v->dict_end, vs, ve;
	bool plain = (p->flags[v->num] & OBJ_PLAIN) != 0;
	/* a filter this pass cannot undo (cairo uses none other for content):
	 * leave the stream as it is rather than edit compressed bytes */
	if (!plain && (!dict_is(s, n, v->body, "/Filter", "/FlateDecode") ||
	               dict_get(s, n, v->body, "/DecodeParms", &vs, &ve))) {
		if (p->x && paint)
			refuse(p, v->num);
		return !p->x || !paint;
	}
	uint64_t len;
	uint32_t len_ref;
	if (!dict_get(s, n, v->body, "/Length", &vs, &ve) ||
	    !stream_length(p, vs, ve, &len, &len_ref) || v->data + len > v->extent) {
		sfail(p, "object %" PRIu32 " of cairo's PDF has no valid /Length", v->num);
		return false;
	}
	struct buf head;
	buf_init(&head);
	buf_append(&head, p->obj.data, v->dict_end);
	bool read = plain ? read_range(p, v->off + v->data, len, &p->plain)
	                  : read_range(p, v->off + v->data, len, &p->data) &&
	                            inflate_all(p, &p->data, &p->plain);
	if (!read) {
		sfail(p, "cannot %s object %" PRIu32 " of cairo's PDF", plain ? "read" : "inflate",
		      v->num);
		buf_finish(&head);
		return false;
	}
	struct buf *cur = &p->plain;
	if (paint && p->o->black_to_k &&
	    pdfpost_rewrite_neutral((const unsigned char *)cur->data, cur->len, p->o->k_rule,
	                            &p->edited))
		cur = &p->edited;
	unsigned found = 0;
	bool spot = paint && !p->x && (p->flags[v->num] & OBJ_CONTENT) &&
	            spot_rewrite_stream((const unsigned char *)cur->data, cur->len, &p->scratch,
	                                &found);
	if (spot)
		cur = &p->scratch;
	if (paint && p->x) {
		if (!convert_content(p, v, &head, cur)) {
			refuse(p, v->num);
			buf_finish(&head);
			return false;
		}
		cur = &p->edited;
	}
	bool edited = cur != &p->plain, ok = true;
	if (edited || plain) {
		ok = deflate_all(p, cur, &p->data);
		char value[32];
		/* cairo ends a form it compresses with a newline that its
		 * /Length counts (the newline before endstream, written with the
		 * data): a form only compressed here says so too */
		snprintf(value, sizeof(value), "%zu",
		         p->data.len + (plain && !edited && !len_ref ? 1 : 0));
		/* an edited stream gets its length in its dictionary; one only
		 * compressed keeps cairo's reference to its length object */
		if (ok && (edited || !len_ref))
			ok = dict_set(&head, v->body, "/Length", value);
		if (ok && plain)
			ok = add_filter(&head, v->body);
		if (ok) {
			emit(p, head.data, head.len);
			emit(p, "\nstream\n", 8);
			emit(p, p->data.data, p->data.len);
			emit(p, "\nendstream\nendobj\n", 18);
			*wrote = true;
		}
		if (ok && len_ref) {
			ok = !p->new_off[len_ref];
			p->new_len[len_ref] = (int64_t)p->data.len;
		}
		uint32_t res = p->res_of[v->num];
		if (ok && spot) {
			ok = res && !p->new_off[res];
			if (ok)
				p->flags[res] |= (found & SPOT_FOUND_CUT ? OBJ_SPOT : 0) |
				                 (found & SPOT_FOUND_FOLD ? OBJ_FOLD : 0);
		}
		if (!ok)
			sfail(p, "cannot rewrite object %" PRIu32 " of cairo's PDF in one pass",
			      v->num);
	}
	buf_finish(&head);
	return ok;
}

/* "[ a b c d ]" with up to 4 decimals, as qpdf writes the boxes of
 * pdfpost_apply(): "[ 8.504 8.504 187.0866 257.9527 ]". */
static void rect_text(char *out, size_t n, const double r[4])
{
	/* from whole ten-thousandths, which every box is on (round_inward()):
	 * the digits "%.4f" gives, without printf's exact decimal expansion,
	 * which cost 19,000 instructions a box (issue 15) */
	size_t len = 0;
	for (int i = 0; i < 4 && len < n; i++) {
		long long k = llround(r[i] * BOX_SCALE);
		unsigned long long a = k < 0 ? 0ULL - (unsigned long long)k : (unsigned long long)k;
		unsigned frac = (unsigned)(a % 10000);
		int w = snprintf(out + len, n - len, "%s %s%llu", i ? "" : "[", k < 0 ? "-" : "",
		                 a / 10000);
		if (w < 0)
			break;
		len += (size_t)w;
		if (frac && len < n) {
			char f[8];
			snprintf(f, sizeof(f), ".%04u", frac);
			size_t fl = strlen(f);
			while (f[fl - 1] == '0')
				fl--;
			f[fl] = '\0';
			w = snprintf(out + len, n - len, "%s", f);
			len += w > 0 ? (size_t)w : 0;
		}
	}
	if (len < n)
		snprintf(out + len, n - len, " ]");
}

/* TrimBox and BleedBox on the page dictionary in b at at. */
static bool page_boxes(struct spass *p, struct buf *b, size_t at, uint32_t num)
{
	const struct pdf_boxes *bx = p->o->boxes;
	size_t vs, ve;
	double media[4];
	int got = 0;
	if (dict_get((const unsigned char *)b->data, b->len, at, "/MediaBox", &vs, &ve)) {
		const char *c = b->data + vs + 1;
		for (; got < 4; got++) {
			char *end;
			media[got] = strtod(c, &end);
			if (end == c || !isfinite(media[got]))
				break;
			c = end;
		}
	}
	if (got != 4) {
		sfail(p, "page object %" PRIu32 " has no valid /MediaBox", num);
		return false;
	}
	double w = media[2] - media[0], h = media[3] - media[1];
	double want_w = bx->trim_w + 2 * bx->margin, want_h = bx->trim_h + 2 * bx->margin;
	if (fabs(w - want_w) > PAGE_SIZE_TOLERANCE || fabs(h - want_h) > PAGE_SIZE_TOLERANCE) {
		sfail(p, "a page is %.4f x %.4f pt, but trim + 2 x margin is %.4f x %.4f pt", w, h,
		      want_w, want_h);
		return false;
	}
	double bleed[4], trim[4];
	page_box_values(bx, media, bleed, trim);
	char text[128];
	rect_text(text, sizeof(text), bleed);
	bool ok = dict_set(b, at, "/BleedBox", text);
	rect_text(text, sizeof(text), trim);
	return ok && dict_set(b, at, "/TrimBox", text);
}

/* Adds name value to the category (/ExtGState, /ColorSpace) of the
 * resources dictionary in b at at. */
static bool add_resource(struct buf *b, size_t at, const char *category, const char *name,
                         const char *value)
{
	size_t vs, ve;
	struct buf entry;
	buf_init(&entry);
	bool ok;
	if (dict_get((const unsigned char *)b->data, b->len, at, category, &vs, &ve)) {
		ok = ve - vs >= 4 && b->data[vs] == '<' && b->data[vs + 1] == '<';
		if (ok) {
			buf_append(&entry, b->data, vs + 2);
			buf_printf(&entry, " %s %s", name, value);
			buf_append(&entry, b->data + vs + 2, b->len - vs - 2);
			buf_finish(b);
			*b = entry;
			return true;
		}
	} else {
		buf_printf(&entry, "<< %s %s >>", name, value);
		ok = dict_set(b, at, category, buf_str(&entry));
	}
	buf_finish(&entry);
	return ok;
}

/* The PDF/X's edits of a page, the Info dictionary and the catalogue, in
 * p->obj. */
static bool edit_pdfx(struct spass *p, const struct oview *v, uint32_t info)
{
	const struct pdfpost_pdfx *x = p->x;
	bool ok = true;
	if (p->flags[v->num] & OBJ_PAGE) {
		dict_remove(&p->obj, v->body, "/Annots");
		dict_remove(&p->obj, v->body, "/Group");
	}
	for (const char *const *kv = x->info; v->num == info && kv && kv[0] && ok; kv += 2)
		ok = dict_set(&p->obj, v->body, kv[0], kv[1]);
	if (ok && v->num == p->root) {
		char value[40];
		snprintf(value, sizeof(value), "[ %" PRIu32 " 0 R ]", p->size + 1);
		ok = dict_set(&p->obj, v->body, "/OutputIntents", value);
	}
	return ok;
}

/* An object that is not content, edited where it must be: a length
 * object whose stream changed, a page (boxes), resources (the
 * CutContour's), the Info dictionary (dates); for the PDF/X, edit_pdfx()'s. */
static bool write_object(struct spass *p, struct oview *v, uint32_t info)
{
	unsigned char f = p->flags[v->num];
	bool page = (f & OBJ_PAGE) && p->o->boxes, dates = v->num == info && p->o->date;
	bool pdfx = p->x && ((f & OBJ_PAGE) || v->num == info || v->num == p->root);
	if (p->new_len[v->num] >= 0) {
		char text[64];
		int n = snprintf(text, sizeof(text), "%" PRIu32 " 0 obj\n   %" PRId64 "\nendobj\n",
		                 v->num, p->new_len[v->num]);
		emit(p, text, (size_t)n);
		return true;
	}
	unsigned spots = (f & OBJ_SPOT ? SPOT_FOUND_CUT : 0) | (f & OBJ_FOLD ? SPOT_FOUND_FOLD : 0);
	if (!page && !spots && !dates && !pdfx)
		return copy_range(p, v->off, v->extent);
	if (!load_object(p, v, true) || !v->dict_end) {
		sfail(p, "cannot read object %" PRIu32 " of cairo's PDF", v->num);
		return false;
	}
	bool ok = !page || page_boxes(p, &p->obj, v->body, v->num);
	for (unsigned bit = SPOT_FOUND_CUT; ok && bit <= SPOT_FOUND_FOLD; bit <<= 1) {
		const char *key;
		const char *separation = spot_separation(bit, &key);
		if (spots & bit)
			ok = add_resource(&p->obj, v->body, "/ColorSpace", key, separation);
	}
	if (ok && spots)
		ok = add_resource(&p->obj, v->body, "/ExtGState", "/DPCutGS", spot_overprint);
	if (ok && dates) {
		char value[24];
		snprintf(value, sizeof(value), "(%s)", p->date);
		ok = dict_set(&p->obj, v->body, "/CreationDate", value) &&
		     dict_set(&p->obj, v->body, "/ModDate", value);
	}
	if (ok && pdfx)
		ok = edit_pdfx(p, v, info);
	if (!ok)
		sfail(p, "cannot edit object %" PRIu32 " of cairo's PDF", v->num);
	else
		emit(p, p->obj.data, p->obj.len);
	return ok;
}

/* The second pass: every object in the order cairo wrote it. */
static bool second_pass(struct spass *p, uint32_t info)
{
	for (size_t k = 0; k < p->norder && !p->err; k++) {
		struct oview v = {.num = p->order[k], .off = p->off[p->order[k]]};
		v.extent = extent_of(p, k);
		p->new_off[v.num] = p->pos;
		unsigned char f = p->flags[v.num];
		bool content = (f & OBJ_CONTENT) || ((f & OBJ_FORM) && (p->o->black_to_k || p->x));
		if ((!content && !(f & OBJ_PLAIN)) || (f & OBJ_PAGE)) {
			write_object(p, &v, info);
			continue;
		}
		bool wrote = false;
		if (!load_object(p, &v, false))
			sfail(p, "cannot read object %" PRIu32 " of cairo's PDF", v.num);
		else if (!v.stream && p->x)
			refuse(p, v.num);
		else if (!v.stream)
			copy_range(p, v.off, v.extent);
		else if (rewrite_content(p, &v, content, &wrote) && !wrote)
			copy_range(p, v.off, v.extent);
	}
	return !p->err;
}

/* The PDF/X's new objects after cairo's: the ICC profile (deflated) and
 * the OutputIntent that names it. */
static bool append_pdfx(struct spass *p)
{
	const struct pdfpost_pdfx *x = p->x;
	buf_clear(&p->plain);
	buf_append(&p->plain, x->icc, x->icc_len);
	if (!deflate_all(p, &p->plain, &p->data)) {
		sfail(p, "cannot compress the ICC profile");
		return false;
	}
	char head[128];
	p->added_off[0] = p->pos;
	int n = snprintf(head, sizeof(head),
	                 "%" PRIu32 " 0 obj\n<< /N 4 /Length %zu /Filter /FlateDecode >>\nstream\n",
	                 p->size, p->data.len);
	emit(p, head, (size_t)n);
	emit(p, p->data.data, p->data.len);
	emit(p, "\nendstream\nendobj\n", 18);
	buf_clear(&p->edited);
	buf_puts(&p->edited, x->intent);
	snprintf(head, sizeof(head), "%" PRIu32 " 0 R", p->size);
	if (!dict_set(&p->edited, 0, "/DestOutputProfile", head)) {
		sfail(p, "the OutputIntent is not a dictionary");
		return false;
	}
	p->added_off[1] = p->pos;
	n = snprintf(head, sizeof(head), "%" PRIu32 " 0 obj\n", p->size + 1);
	emit(p, head, (size_t)n);
	emit(p, p->edited.data, p->edited.len);
	emit(p, "\nendobj\n", 8);
	p->added = 2;
	return true;
}

/* What comes before the first object (at first): cairo's header, made
 * "%PDF-1.3" for the PDF/X (PDF/X-3:2002). */
static bool copy_header(struct spass *p, uint64_t first)
{
	if (!p->x)
		return copy_range(p, 0, first);
	if (!read_range(p, 0, first, &p->scratch))
		return false;
	if (p->scratch.len < 8 || memcmp(p->scratch.data, "%PDF-1.", 7) != 0) {
		sfail(p, "cairo's PDF has no header");
		return false;
	}
	p->scratch.data[7] = '3';
	emit(p, p->scratch.data, p->scratch.len);
	return true;
}

/* The xref table and the trailer with a deterministic /ID. */
static void write_trailer(struct spass *p)
{
	uint64_t xref = p->pos;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "xref\n0 %" PRIu32 "\n0000000000 65535 f \n", p->size + p->added);
	for (uint32_t i = 1; i < p->size + p->added; i++) {
		if (i >= p->size) {
			buf_printf(&b, "%010" PRIu64 " 00000 n \n", p->added_off[i - p->size]);
			continue;
		}
		if (p->flags[i] & OBJ_LIVE)
			buf_printf(&b, "%010" PRIu64 " 00000 n \n", p->new_off[i]);
		else
			buf_puts(&b, "0000000000 00000 f \n");
		if (b.len > COPY_CHUNK) {
			emit(p, b.data, b.len);
			buf_clear(&b);
		}
	}
	char id[80];
	snprintf(id, sizeof(id),
	         "[ <%016" PRIx64 "%016" PRIx64 "> <%016" PRIx64 "%016" PRIx64 "> ]", p->hash[0],
	         p->hash[1], p->hash[0], p->hash[1]);
	dict_set(&p->trailer, 0, "/ID", id);
	if (p->added) {
		char size[16];
		snprintf(size, sizeof(size), "%" PRIu32, p->size + p->added);
		dict_set(&p->trailer, 0, "/Size", size);
	}
	buf_puts(&b, "trailer\n");
	buf_append(&b, p->trailer.data, p->trailer.len);
	buf_printf(&b, "\nstartxref\n%" PRIu64 "\n%%%%EOF\n", xref);
	emit(p, b.data, b.len);
	buf_finish(&b);
}

bool pdfpost_apply_file(FILE *in, struct atomic_file *out, const struct pdfpost_options *o,
                        char **err)
{
	assert(in && out && o && err && !o->fix_to_unicode && !o->strip_annots);
	assert(!o->pdfx || (!o->boxes && !o->date && !o->black_to_k));
	*err = NULL;
	struct spass p = {.in = in, .o = o, .dst = out, .x = o->pdfx};
	p.hash[0] = 0xcbf29ce484222325ull;
	p.hash[1] = 0x84222325cbf29ce4ull;
	buf_init(&p.trailer);
	buf_init(&p.obj);
	buf_init(&p.data);
	buf_init(&p.plain);
	buf_init(&p.edited);
	buf_init(&p.scratch);
	buf_init(&p.res);
	buf_init(&p.window);
	if (p.x)
		p.x->refused = false;
	if (o->date && !pdf_date(o->date, p.date))
		sfail(&p, "date '%s' is not ISO 8601 UTC like 2024-01-01T00:00:00Z", o->date);
	struct post check = {0};
	if (!p.err && o->boxes && !check_boxes(&check, o->boxes))
		p.err = check.err;
	if (!p.err && read_xref(&p)) {
		p.flags = xcalloc(p.size, 1);
		p.res_of = xcalloc(p.size, sizeof(*p.res_of));
		p.new_off = xcalloc(p.size, sizeof(*p.new_off));
		p.new_len = xmalloc(p.size * sizeof(*p.new_len));
		for (uint32_t i = 0; i < p.size; i++)
			p.new_len[i] = -1;
		if (p.x) {
			p.link = xcalloc(p.size, sizeof(*p.link));
		}
	}
	if (!p.err && first_pass(&p)) {
		size_t vs, ve;
		uint32_t info = 0;
		const unsigned char *t = (const unsigned char *)p.trailer.data;
		if (dict_get(t, p.trailer.len, 0, "/Info", &vs, &ve))
			info = ref_of(t, vs, ve);
		if (dict_get(t, p.trailer.len, 0, "/Root", &vs, &ve))
			p.root = ref_of(t, vs, ve);
		if (p.x && (!info || !p.root))
			refuse(&p, 0);
		/* what comes before the first object: the header */
		uint64_t first = p.norder ? p.off[p.order[0]] : p.xref;
		if (!p.err && copy_header(&p, first) && second_pass(&p, info) &&
		    (!p.x || append_pdfx(&p)))
			write_trailer(&p);
	}
	*err = p.err;
	free(p.off);
	free(p.order);
	free(p.flags);
	free(p.res_of);
	free(p.new_len);
	free(p.new_off);
	free(p.link);
	buf_finish(&p.res);
	buf_finish(&p.trailer);
	buf_finish(&p.obj);
	buf_finish(&p.data);
	buf_finish(&p.plain);
	buf_finish(&p.edited);
	buf_finish(&p.scratch);
	buf_finish(&p.window);
	if (p.inf_ready)
		inflateEnd(&p.inf);
	if (p.def_ready)
		deflateEnd(&p.def);
	return !*err;
}
