#include "load/scalar.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* Reads [-]digits[.digits] at *s; advances *s. No exponent, no hex, no inf. */
static bool read_decimal(const char **s, bool allow_sign, double *out)
{
	const char *p = *s;
	bool neg = false;
	if (allow_sign && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	double v = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p - '0');
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		double scale = 0.1;
		while (*p >= '0' && *p <= '9') {
			v += (*p - '0') * scale;
			scale /= 10;
			p++;
			digits++;
		}
	}
	if (digits == 0 || digits > 15)
		return false;
	*out = neg ? -v : v;
	*s = p;
	return true;
}

static const struct {
	const char *name;
	double pt;
} units[] = {
        {"mm", PT_PER_MM},
        {"cm", 10 * PT_PER_MM},
        {"in", PT_PER_IN},
        {"pt", 1.0},
};

/* Reads a unit at *s; advances *s. */
static bool read_unit(const char **s, double *factor)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t n = strlen(units[i].name);
		if (strncmp(*s, units[i].name, n) == 0) {
			*factor = units[i].pt;
			*s += n;
			return true;
		}
	}
	return false;
}

static const char *const no_unit = "a length needs a unit: mm, cm, in or pt";

const char *scalar_parse_length(const char *s, double *out_pt)
{
	const char *p = skip_spaces(s);
	double v, f;
	if (!read_decimal(&p, true, &v))
		return "expected a number with a unit, such as '3mm'";
	p = skip_spaces(p);
	if (*p == '\0')
		return no_unit;
	if ((*p == 'e' || *p == 'E') &&
	    ((p[1] >= '0' && p[1] <= '9') || p[1] == '-' || p[1] == '+'))
		return "no exponents; write the number out, such as '1000mm'";
	if (!read_unit(&p, &f))
		return "unknown unit; use mm, cm, in or pt";
	if (*skip_spaces(p) != '\0')
		return "unexpected text after the unit";
	if (fabs(v * f) > 14400.0) /* 5 m: no page is larger, and PDF viewers choke */
		return "too large; at most 5 m";
	*out_pt = v * f;
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *scalar_parse_color(const char *s, struct color *out)
{
	const char *hint = "a colour is '#RRGGBB' or '#RGB', such as '#2E6DB4'";
	if (s[0] != '#')
		return hint;
	size_t n = strlen(s + 1);
	if (n != 3 && n != 6)
		return hint;
	int v[6];
	for (size_t i = 0; i < n; i++)
		if ((v[i] = hexval(s[1 + i])) < 0)
			return hint;
	if (n == 3)
		*out = (struct color){v[0] * 17 / 255.0, v[1] * 17 / 255.0, v[2] * 17 / 255.0};
	else
		*out = (struct color){(v[0] * 16 + v[1]) / 255.0, (v[2] * 16 + v[3]) / 255.0,
		                      (v[4] * 16 + v[5]) / 255.0};
	return NULL;
}

static const struct {
	const char *name;
	double w_mm, h_mm;
} presets[] = {
        {"poker", 63, 88},        {"bridge", 57, 89}, {"tarot", 70, 120}, {"a7", 74, 105},
        {"a6", 105, 148},         {"square", 70, 70}, {"a5", 148, 210},   {"a4", 210, 297},
        {"a3", 297, 420},         {"a2", 420, 594},   {"a1", 594, 841},   {"a0", 841, 1189},
        {"letter", 215.9, 279.4},
};

const char *const scalar_size_presets[] = {
        "poker", "bridge", "tarot", "a7", "a6", "square", "a5",
        "a4",    "a3",     "a2",    "a1", "a0", "letter", NULL,
};

const char *scalar_parse_size(const char *s, double *out_w, double *out_h)
{
	const char *p = skip_spaces(s);
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		size_t n = strlen(presets[i].name);
		if (strncasecmp(p, presets[i].name, n) != 0 || (p[n] != '\0' && p[n] != ' '))
			continue;
		double w = presets[i].w_mm * PT_PER_MM, h = presets[i].h_mm * PT_PER_MM;
		/* as the preset, in any case: "A6 Landscape" */
		const char *rest = skip_spaces(p + n);
		if (strcasecmp(rest, "landscape") == 0) {
			double t = w < h ? w : h;
			w = w < h ? h : w;
			h = t;
		} else if (strcasecmp(rest, "portrait") != 0 && *rest != '\0') {
			return "after the preset, only 'landscape' or 'portrait' may follow";
		}
		*out_w = w;
		*out_h = h;
		return NULL;
	}
	/* W [unit] x H unit */
	double w, h, fw = 0, fh;
	if (!read_decimal(&p, false, &w))
		return "a size is a preset (poker, bridge, tarot, a7, a6, square, a4, ...) or "
		       "'WIDTH x HEIGHT' with units, such as '63mm x 88mm'";
	p = skip_spaces(p);
	bool w_unit = read_unit(&p, &fw);
	p = skip_spaces(p);
	if (*p != 'x' && *p != 'X')
		return "a size is 'WIDTH x HEIGHT' with units, such as '63mm x 88mm'";
	p = skip_spaces(p + 1);
	if (!read_decimal(&p, false, &h))
		return "a size is 'WIDTH x HEIGHT' with units, such as '63mm x 88mm'";
	p = skip_spaces(p);
	if (!read_unit(&p, &fh))
		return *p ? "unknown unit; use mm, cm, in or pt" : no_unit;
	if (*skip_spaces(p) != '\0')
		return "unexpected text after the size";
	if (!w_unit)
		fw = fh;
	w *= fw;
	h *= fh;
	if (w < 10 * PT_PER_MM || h < 10 * PT_PER_MM)
		return "too small; at least 10mm on each side";
	if (w > 14400.0 || h > 14400.0)
		return "too large; at most 5 m on each side";
	*out_w = w;
	*out_h = h;
	return NULL;
}

const char *scalar_parse_int(const char *s, long min, long max, long *out)
{
	const char *p = s;
	bool neg = false;
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		return "expected a whole number";
	/* accumulate towards the sign so LONG_MIN is representable */
	long v = 0;
	while (*p >= '0' && *p <= '9') {
		int digit = *p - '0';
		if (neg ? v < (LONG_MIN + digit) / 10 : v > (LONG_MAX - digit) / 10)
			return "number out of range";
		v = v * 10 + (neg ? -digit : digit);
		p++;
	}
	if (*p != '\0')
		return "expected a whole number";
	if (v < min || v > max)
		return "number out of range";
	*out = v;
	return NULL;
}

const char *scalar_parse_number(const char *s, double min, double max, double *out)
{
	const char *p = s;
	double v;
	if (!read_decimal(&p, true, &v) || *p != '\0')
		return "expected a number";
	if (v < min || v > max)
		return "number out of range";
	*out = v;
	return NULL;
}

const char *scalar_parse_percent(const char *s, double *out)
{
	const char *p = s;
	double v;
	if (!read_decimal(&p, false, &v) || *p != '%' || p[1] != '\0')
		return "expected a percentage such as '20%'";
	if (v > 100)
		return "a percentage is at most 100%";
	*out = v / 100;
	return NULL;
}

const char *scalar_parse_ink(const char *s, double *out)
{
	const char *p = s;
	double v;
	if (!read_decimal(&p, false, &v) || *p != '%' || p[1] != '\0')
		return "expected a total ink limit such as '300%'";
	if (v < 100 || v > 400)
		return "a total ink limit lies between 100% and 400%";
	*out = v / 100;
	return NULL;
}

const char *scalar_parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "true") == 0)
		*out = true;
	else if (strcmp(s, "false") == 0)
		*out = false;
	else
		return "expected true or false";
	return NULL;
}
