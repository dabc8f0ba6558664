/* Translator-safe markup: plain text plus **bold**, *italic*, \- (manual
 * hyphenation point), \* and \\ escapes, and newlines as line breaks.
 * '&', '<' and '>' are plain characters: this never goes near Pango's markup
 * parser; spans become PangoAttributes directly (docs/typesetting.md §4).
 */
#ifndef DECKPRESS_TYPESET_MARKUP_H
#define DECKPRESS_TYPESET_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

enum rich_style {
	RICH_BOLD = 1 << 0,
	RICH_ITALIC = 1 << 1,
	RICH_NOBREAK = 1 << 2, /* no line break inside (rich_bind()) */
	RICH_GAP = 1 << 3,     /* an empty line set at half height: a paragraph gap */
};

/* A styled run: bytes [start, end) of rich.text have the given style bits. */
struct rich_span {
	size_t start, end;
	unsigned style;
};

/* Text with styled runs. \- has become U+00AD (soft hyphen) in text. */
struct rich {
	char *text;              /* owned, NUL-terminated UTF-8; "" when empty */
	size_t len;              /* bytes, without the NUL */
	struct rich_span *spans; /* owned; sorted by start, non-overlapping */
	size_t nspans, cap;
};

void rich_init(struct rich *r);
void rich_finish(struct rich *r);

/* Parses src (UTF-8) into *out, which must be initialised and is appended to,
 * so a template can concatenate literal text and field values. Text added is
 * given the extra style bits base_style as well. On an error (an unclosed ** or *,
 * a backslash before anything but '*', '\\' or '-') returns false, sets *err
 * to a static message in git's voice (e.g. "unclosed '**'") and *err_offset
 * to the byte offset in src where the problem starts; *out is then unchanged. */
bool markup_parse(struct rich *out, const char *src, unsigned base_style, const char **err,
                  size_t *err_offset);

/* Sets *out (which need not be initialised; caller finishes it with
 * rich_finish()) to a copy of in. */
void rich_copy(struct rich *out, const struct rich *in);

/* Whether a and b are the same text with the same spans. */
bool rich_equal(const struct rich *a, const struct rich *b);

/* Appends plain text with no markup interpretation. */
void rich_append_plain(struct rich *out, const char *s, size_t n, unsigned style);

/* Binds what a line break must not part (docs/typesetting.md §7): a
 * spaced dash to the word before it ("ord – og"), a number to the word
 * after it ("20 ord", "3 min"), a range to its ends ("9.00–11.30"), and the
 * last two words of each paragraph, when they are short enough together
 * (22 characters) to share any line: no one-word last line. Marks those
 * bytes RICH_NOBREAK. An empty line between paragraphs (a blank line in a
 * block text) becomes a gap of half a line: its line break is marked
 * RICH_GAP. The text is unchanged. */
void rich_bind(struct rich *r);

/* Attributes for the spans; caller owns, free with pango_attr_list_unref(). */
PangoAttrList *rich_get_attrs(const struct rich *r);

#endif
