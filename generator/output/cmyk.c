#include "output/cmyk.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lcms2.h>

#include "output/pdfpost.h"
#include "util/mem.h"

/* Distinct colours remembered; a deck has tens. Beyond, colours are
 * converted each time. */
#define CACHE_SIZE 1024
/* q nesting followed; deeper content is refused (cairo nests a few). */
#define MAX_DEPTH 64

struct entry {
	bool used;
	double rgb[3];
	double cmyk[4];
};

struct cmyk {
	cmsHTRANSFORM t;
	struct entry cache[CACHE_SIZE];
};

struct cmyk *cmyk_create(const void *icc, size_t len)
{
	cmsHPROFILE dst = cmsOpenProfileFromMem(icc, (cmsUInt32Number)len);
	if (!dst)
		return NULL;
	cmsHTRANSFORM t = NULL;
	if (cmsGetColorSpace(dst) == cmsSigCmykData) {
		cmsHPROFILE src = cmsCreate_sRGBProfile();
		t = cmsCreateTransform(src, TYPE_RGB_16, dst, TYPE_CMYK_16,
		                       INTENT_RELATIVE_COLORIMETRIC,
		                       cmsFLAGS_BLACKPOINTCOMPENSATION | cmsFLAGS_HIGHRESPRECALC);
		cmsCloseProfile(src);
	}
	cmsCloseProfile(dst);
	if (!t)
		return NULL;
	struct cmyk *c = xcalloc(1, sizeof(*c));
	c->t = t;
	return c;
}

void cmyk_destroy(struct cmyk *c)
{
	if (!c)
		return;
	cmsDeleteTransform(c->t);
	free(c);
}

static uint16_t to16(double v)
{
	return (uint16_t)lround(fmin(fmax(v, 0), 1) * 65535);
}

void cmyk_of_rgb(struct cmyk *c, const double rgb[3], double out[4])
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (int i = 0; i < 3; i++) {
		h ^= to16(rgb[i]);
		h *= 0x100000001b3ull;
	}
	struct entry *e = NULL;
	for (size_t k = 0; k < 8; k++) {
		struct entry *x = &c->cache[(h + k) % CACHE_SIZE];
		if (!x->used || !memcmp(x->rgb, rgb, sizeof(x->rgb))) {
			e = x;
			break;
		}
	}
	if (e && e->used) {
		memcpy(out, e->cmyk, sizeof(e->cmyk));
		return;
	}
	uint16_t in[3] = {to16(rgb[0]), to16(rgb[1]), to16(rgb[2])}, px[4];
	cmsDoTransform(c->t, in, px, 1);
	for (int i = 0; i < 4; i++)
		out[i] = floor(px[i] / 65535.0 * 255) / 255; /* gs truncates */
	if (e) {
		e->used = true;
		memcpy(e->rgb, rgb, sizeof(e->rgb));
		memcpy(e->cmyk, out, sizeof(e->cmyk));
	}
}

/* A fraction as Ghostscript writes one: up to 3 decimals, no trailing
 * zeros. */
static void put_fraction(struct buf *b, double v)
{
	char s[16];
	snprintf(s, sizeof(s), "%.3f", v);
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '0')
		n--;
	if (s[n - 1] == '.')
		n--;
	buf_append(b, s, n);
}

struct spaces {
	bool fill_rgb, stroke_rgb;
};

struct rewrite {
	struct cmyk *c;
	const unsigned char *s;
	struct buf *out;
	size_t copied;     /* bytes of s already in out */
	size_t operands;   /* where the operands of the next operator start */
	double num[4];     /* the last numbers, newest last */
	int nnum;          /* numbers since the last operator (may exceed 4) */
	int others;        /* other operands since the last operator */
	size_t name_start; /* the last name operand, when others == 1 */
	size_t name_end;
	struct spaces st[MAX_DEPTH];
	int depth;
};

/* Replaces the operands and operator [r->operands, end) by the CMYK of
 * the three numbers and the operator op. */
static void put_cmyk(struct rewrite *r, size_t end, const char *op)
{
	double cmyk[4];
	cmyk_of_rgb(r->c, r->num + 1, cmyk);
	buf_append(r->out, (const char *)r->s + r->copied, r->operands - r->copied);
	for (int i = 0; i < 4; i++) {
		put_fraction(r->out, cmyk[i]);
		buf_putc(r->out, ' ');
	}
	buf_puts(r->out, op);
	r->copied = end;
}

static bool is_word(const unsigned char *s, size_t a, size_t b, const char *w)
{
	return b - a == strlen(w) && !memcmp(s + a, w, b - a);
}

/* One operator [a, b): false when it cannot be converted. */
static bool on_operator(struct rewrite *r, size_t a, size_t b)
{
	const unsigned char *s = r->s;
	struct spaces *cur = &r->st[r->depth];
	bool three = r->nnum == 3 && r->others == 0;
	if (is_word(s, a, b, "q")) {
		if (r->depth + 1 >= MAX_DEPTH)
			return false;
		r->st[r->depth + 1] = *cur;
		r->depth++;
	} else if (is_word(s, a, b, "Q")) {
		if (r->depth > 0)
			r->depth--;
	} else if (is_word(s, a, b, "rg") || is_word(s, a, b, "RG")) {
		if (!three)
			return false;
		bool stroke = s[a] == 'R';
		/* the space is DeviceRGB now: a later sc/scn gives RGB too */
		*(stroke ? &cur->stroke_rgb : &cur->fill_rgb) = true;
		put_cmyk(r, b, stroke ? "K" : "k");
	} else if (is_word(s, a, b, "g") || is_word(s, a, b, "G") || is_word(s, a, b, "k") ||
	           is_word(s, a, b, "K")) {
		*(s[a] == 'G' || s[a] == 'K' ? &cur->stroke_rgb : &cur->fill_rgb) = false;
	} else if (is_word(s, a, b, "cs") || is_word(s, a, b, "CS")) {
		bool stroke = s[a] == 'C';
		bool rgb = r->others == 1 && r->nnum == 0 &&
		           is_word(s, r->name_start, r->name_end, "/DeviceRGB");
		*(stroke ? &cur->stroke_rgb : &cur->fill_rgb) = rgb;
		if (rgb) {
			buf_append(r->out, (const char *)s + r->copied, r->name_start - r->copied);
			buf_puts(r->out, stroke ? "/DeviceCMYK CS" : "/DeviceCMYK cs");
			r->copied = b;
		}
	} else if (is_word(s, a, b, "sc") || is_word(s, a, b, "scn") || is_word(s, a, b, "SC") ||
	           is_word(s, a, b, "SCN")) {
		bool stroke = s[a] == 'S';
		if (stroke ? cur->stroke_rgb : cur->fill_rgb) {
			if (!three)
				return false;
			char op[4];
			memcpy(op, s + a, b - a);
			op[b - a] = '\0';
			put_cmyk(r, b, op);
		}
	} else if (is_word(s, a, b, "BI") || is_word(s, a, b, "sh")) {
		return false;
	}
	return true;
}

bool cmyk_rewrite_content(struct cmyk *c, const unsigned char *s, size_t n, struct buf *out)
{
	struct rewrite r = {.c = c, .s = s, .out = out, .operands = SIZE_MAX};
	size_t pos = 0, a, b;
	bool regular;
	while (pdfpost_next_token(s, n, &pos, &a, &b, &regular)) {
		if (r.operands == SIZE_MAX)
			r.operands = a;
		double v;
		if (regular && pdfpost_number(s, a, b, &v)) {
			memmove(r.num, r.num + 1, sizeof(double) * 3);
			r.num[3] = v;
			r.nnum++;
			continue;
		}
		if (!regular) {
			r.others++;
			r.name_start = a, r.name_end = b;
			continue;
		}
		if (!on_operator(&r, a, b))
			return false;
		r.operands = SIZE_MAX;
		r.nnum = r.others = 0;
	}
	buf_append(out, (const char *)s + r.copied, n - r.copied);
	return true;
}
