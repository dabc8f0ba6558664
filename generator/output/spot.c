#include "output/spot.h"

#include <stdlib.h>
#include <string.h>

#include "render/paint.h"

/* The markers as cairo writes them, and what each becomes: the spot
 * colour at full tint, with the overprinting graphics state first. */
struct marker {
	const char *operands; /* "r g b RG" */
	const char *replacement;
	const char *name;       /* the colour space's key in the resources */
	const char *separation; /* the colour space */
	unsigned found;
};

/* The die line is shown in 100 % magenta, the usual stand-in colour for
 * CutContour, the fold lines in 100 % cyan. */
static const struct marker markers[] = {
        {PAINT_CUT_CONTOUR_OPERANDS " RG", "/DPCutGS gs /" SPOT_CUT_CONTOUR " CS 1 SCN",
         "/" SPOT_CUT_CONTOUR,
         "[ /Separation /" SPOT_CUT_CONTOUR " /DeviceCMYK "
         "<< /FunctionType 2 /Domain [ 0 1 ] /C0 [ 0 0 0 0 ] /C1 [ 0 1 0 0 ] /N 1 >> ]",
         SPOT_FOUND_CUT},
        {SPOT_FOLD_OPERANDS " RG", "/DPCutGS gs /" SPOT_FOLD " CS 1 SCN", "/" SPOT_FOLD,
         "[ /Separation /" SPOT_FOLD " /DeviceCMYK "
         "<< /FunctionType 2 /Domain [ 0 1 ] /C0 [ 0 0 0 0 ] /C1 [ 1 0 0 0 ] /N 1 >> ]",
         SPOT_FOUND_FOLD},
};
#define NMARKERS (sizeof(markers) / sizeof(markers[0]))

const char spot_overprint[] = "<< /Type /ExtGState /OP true /op true /OPM 1 >>";

const char *spot_separation(unsigned found, const char **key)
{
	for (size_t k = 0; k < NMARKERS; k++)
		if (markers[k].found == found) {
			*key = markers[k].name;
			return markers[k].separation;
		}
	return NULL;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r';
}

/* The marker that starts at s[i] as whole tokens (a space or the start
 * before it, a space or the end after it), or NULL. */
static const struct marker *marker_at(const unsigned char *s, size_t n, size_t i)
{
	if (i > 0 && !is_space(s[i - 1]))
		return NULL;
	for (size_t k = 0; k < NMARKERS; k++) {
		if (s[i] != (unsigned char)markers[k].operands[0])
			continue; /* most tokens: no need to measure the marker */
		size_t m = strlen(markers[k].operands);
		if (n - i >= m && memcmp(s + i, markers[k].operands, m) == 0 &&
		    (i + m == n || is_space(s[i + m])))
			return &markers[k];
	}
	return NULL;
}

size_t spot_rewrite_stream(const unsigned char *s, size_t n, struct buf *out, unsigned *found)
{
	size_t copied = 0, count = 0;
	unsigned bits = 0;
	buf_clear(out);
	bool in_string = false;
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '(')
				depth++;
			else if (c == ')' && --depth == 0)
				in_string = false;
			continue;
		}
		if (c == '(') {
			in_string = true;
			depth = 1;
			continue;
		}
		const struct marker *mk = marker_at(s, n, i);
		if (!mk)
			continue;
		buf_append(out, (const char *)s + copied, i - copied);
		buf_puts(out, mk->replacement);
		copied = i + strlen(mk->operands);
		i = copied - 1;
		bits |= mk->found;
		count++;
	}
	if (count)
		buf_append(out, (const char *)s + copied, n - copied);
	if (found)
		*found = bits;
	return count;
}

/* The page's resources dictionary's entry category (/ColorSpace,
 * /ExtGState), made when it is missing. */
static qpdf_oh category(qpdf_data q, qpdf_oh res, const char *key)
{
	qpdf_oh d = qpdf_oh_get_key(q, res, key);
	if (qpdf_oh_is_dictionary(q, d))
		return d;
	d = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, res, key, d);
	return qpdf_oh_get_key(q, res, key);
}

/* Rewrites one content stream; the SPOT_FOUND_* bits of the markers it
 * had. */
static unsigned rewrite(qpdf_data q, qpdf_oh st, struct buf *scratch)
{
	unsigned char *data = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	qpdf_oh_get_stream_data(q, st, qpdf_dl_generalized, &filtered, &data, &len);
	unsigned found = 0;
	bool changed = filtered && data && spot_rewrite_stream(data, len, scratch, &found);
	if (changed)
		qpdf_oh_replace_stream_data(q, st, (const unsigned char *)scratch->data,
		                            scratch->len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	free(data);
	return changed ? found : 0;
}

int spot_mark_die_lines(qpdf_data q)
{
	int n = qpdf_get_num_pages(q);
	if (n < 0 || qpdf_has_error(q))
		return -1;
	struct buf scratch;
	buf_init(&scratch);
	int pages = 0;
	for (int i = 0; i < n && !qpdf_has_error(q); i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
		unsigned changed = 0;
		if (qpdf_oh_is_stream(q, c)) {
			changed = rewrite(q, c, &scratch);
		} else if (qpdf_oh_is_array(q, c)) {
			int k = qpdf_oh_get_array_n_items(q, c);
			for (int j = 0; j < k; j++) {
				qpdf_oh s = qpdf_oh_get_array_item(q, c, j);
				if (qpdf_oh_is_stream(q, s))
					changed |= rewrite(q, s, &scratch);
			}
		}
		qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
		if (changed && qpdf_oh_is_dictionary(q, res)) {
			for (size_t k = 0; k < NMARKERS; k++)
				if (changed & markers[k].found)
					qpdf_oh_replace_key(
					        q, category(q, res, "/ColorSpace"), markers[k].name,
					        qpdf_oh_parse(q, markers[k].separation));
			qpdf_oh_replace_key(q, category(q, res, "/ExtGState"), "/DPCutGS",
			                    qpdf_oh_parse(q, spot_overprint));
			pages++;
		}
		qpdf_oh_release_all(q);
	}
	buf_finish(&scratch);
	return qpdf_has_error(q) ? -1 : pages;
}
