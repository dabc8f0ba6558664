#include "layout/qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

bool qr_encode(struct qr *out, const char *data, int level)
{
	*out = (struct qr){0};
	if (!data[0])
		return false;
	static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
	QRcode *code = QRcode_encodeData((int)strlen(data), (const unsigned char *)data, 0,
	                                 levels[level < 0 || level > 3 ? 1 : level]);
	if (!code)
		return false;
	size_t n = (size_t)code->width * (size_t)code->width;
	out->width = code->width;
	out->dark = xmalloc(n);
	/* bit 0 of each byte is the module's colour; the others say what it is */
	for (size_t i = 0; i < n; i++)
		out->dark[i] = code->data[i] & 1;
	QRcode_free(code);
	return true;
}

void qr_finish(struct qr *q)
{
	free(q->dark);
	*q = (struct qr){0};
}

void qr_add_to_path(const struct qr *q, struct dl_path *p, double x, double y, double m)
{
	for (int row = 0; row < q->width; row++) {
		const unsigned char *r = q->dark + (size_t)row * (size_t)q->width;
		for (int col = 0; col < q->width;) {
			if (!r[col]) {
				col++;
				continue;
			}
			int start = col;
			while (col < q->width && r[col])
				col++;
			dl_path_rect(p,
			             (struct box){x + start * m, y + row * m, (col - start) * m, m},
			             0);
		}
	}
}
