/* libFuzzer target: bytes as translator markup (typeset/markup.h), parsed
 * twice into one rich text as a template concatenates them, then turned into
 * Pango attributes. Checks what the parser promises: spans sorted, within
 * the text and non-overlapping; on an error the text is unchanged. */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/markup.h"
#include "util/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_spans(const struct rich *r)
{
	if (strlen(r->text) > r->len)
		abort();
	for (size_t i = 0; i < r->nspans; i++) {
		const struct rich_span *s = &r->spans[i];
		if (s->start > s->end || s->end > r->len)
			abort();
		if (i > 0 && r->spans[i - 1].end > s->start)
			abort();
	}
}

static void parse(struct rich *r, const char *src, unsigned base)
{
	size_t before = r->len;
	const char *err = NULL;
	size_t off = 0;
	if (!markup_parse(r, src, base, &err, &off)) {
		if (!err || off > strlen(src) || r->len != before)
			abort();
	}
	check_spans(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the loader hands on only valid UTF-8 without NULs */
	if (!g_utf8_validate((const char *)data, (gssize)size, NULL))
		return 0;
	char *src = xstrndup((const char *)data, size);
	struct rich r;
	rich_init(&r);
	parse(&r, src, 0);
	rich_append_plain(&r, src, strlen(src), RICH_ITALIC);
	parse(&r, src, RICH_BOLD);
	check_spans(&r);
	PangoAttrList *attrs = rich_get_attrs(&r);
	if (attrs)
		pango_attr_list_unref(attrs);
	rich_finish(&r);
	free(src);
	return 0;
}
