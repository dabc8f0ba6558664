#include "output/spot.h"

#include <stdlib.h>
#include <string.h>

#include "render/paint.h"

/* The marker as cairo writes it, and what it becomes: the spot colour at
 * full tint, with the overprinting graphics state first. */
static const char marker[] = PAINT_CUT_CONTOUR_OPERANDS " RG";
static const char replacement[] = "/DPCutGS gs /" SPOT_CUT_CONTOUR " CS 1 SCN";

/* The colour space: 100 % magenta where the die line is shown, the usual
 * stand-in colour for CutContour. */
const char spot_separation[] = "[ /Separation /" SPOT_CUT_CONTOUR " /DeviceCMYK "
                               "<< /FunctionType 2 /Domain [ 0 1 ] /C0 [ 0 0 0 0 ] "
                               "/C1 [ 0 1 0 0 ] /N 1 >> ]";
const char spot_overprint[] = "<< /Type /ExtGState /OP true /op true /OPM 1 >>";

size_t spot_rewrite_stream(const unsigned char *s, size_t n, struct buf *out)
{
	size_t m = strlen(marker), copied = 0, count = 0;
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
		/* the marker as whole tokens: a space or the start before it, a
		 * space or the end after it */
		bool starts = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\r';
		if (!starts || n - i < m || memcmp(s + i, marker, m) != 0)
			continue;
		if (i + m < n && s[i + m] != ' ' && s[i + m] != '\n' && s[i + m] != '\r')
			continue;
		buf_append(out, (const char *)s + copied, i - copied);
		buf_puts(out, replacement);
		copied = i + m;
		i = copied - 1;
		count++;
	}
	if (count)
		buf_append(out, (const char *)s + copied, n - copied);
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

/* Rewrites one content stream; true when it had the marker. */
static bool rewrite(qpdf_data q, qpdf_oh st, struct buf *scratch)
{
	unsigned char *data = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	qpdf_oh_get_stream_data(q, st, qpdf_dl_generalized, &filtered, &data, &len);
	bool changed = filtered && data && spot_rewrite_stream(data, len, scratch);
	if (changed)
		qpdf_oh_replace_stream_data(q, st, (const unsigned char *)scratch->data,
		                            scratch->len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	free(data);
	return changed;
}

int spot_mark_cut_contour(qpdf_data q)
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
		bool changed = false;
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
			qpdf_oh_replace_key(q, category(q, res, "/ColorSpace"),
			                    "/" SPOT_CUT_CONTOUR,
			                    qpdf_oh_parse(q, spot_separation));
			qpdf_oh_replace_key(q, category(q, res, "/ExtGState"), "/DPCutGS",
			                    qpdf_oh_parse(q, spot_overprint));
			pages++;
		}
		qpdf_oh_release_all(q);
	}
	buf_finish(&scratch);
	return qpdf_has_error(q) ? -1 : pages;
}
