/* Text fitting: the largest size between a box's design size and its
 * min-size at which the text fits the box in width and height.
 *
 * Sizes are searched in 0.25 pt steps (binary search; fitting is monotone,
 * docs/typesetting.md §2) on one reused PangoLayout. The logical width of a layout
 * is its widest line, so a single word wider than the box counts as overflow:
 * long words never stick out of their box.
 */
#ifndef DECKPRESS_TYPESET_FIT_H
#define DECKPRESS_TYPESET_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pangocairo.h>

#include "model/style.h"
#include "typeset/markup.h"
#include "util/buf.h"
#include "util/geom.h"

struct fit_result {
	double size;  /* chosen size; min_size when it does not fit */
	double width; /* laid-out width and height at size */
	double height;
	double overflow_w; /* how much wider/higher than the box at size, >= 0 */
	double overflow_h;
	int unknown_glyphs; /* glyphs no bundled font has (drawn as hex boxes) */
	bool fits;
	bool hyphenated;  /* the hyphenated variant was chosen: draw that one */
	int hyphen_lines; /* lines that end in a break at a soft hyphen */
	int hyphen_run;   /* the most such lines in a row */
};

/* Whether text (len bytes) runs right to left: its first letter of a
 * strong direction is (Hebrew, Arabic). */
bool text_is_rtl(const char *text, size_t len);

/* The side of the box a's lines stand at in a text that runs right to
 * left (rtl) or not: ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER or (a
 * justified text) ALIGN_JUSTIFY. */
enum text_align text_align_side(enum text_align a, bool rtl);

/* Sets up layout l (from the fonts' context) to draw t with style st at size,
 * wrapping at width w (points). Used by fitting and by rendering, so both
 * lay out exactly the same lines. */
void text_layout_setup(PangoLayout *l, const struct rich *t, const struct text_style *st,
                       double size, double w);

/* Sets up l as a plain table cell (the translation proof): st's family at
 * st->size (truncated to Pango units), bold when st->weight >= 700, right
 * aligned when st->align says so, wrapping words (and characters within
 * words too long) at width w; t's styled runs only when markup is true. */
void text_layout_setup_cell(PangoLayout *l, const struct rich *t, bool markup,
                            const struct text_style *st, double w);

/* Sets up l with plain text in family at size (rounded to Pango units):
 * on one line when width is 0, else wrapped at width and centred. The
 * print-at-home sheets' notes and instructions. */
void text_layout_setup_plain(PangoLayout *l, const char *text, const char *family, double size,
                             double width);

/* Colours bytes [start, end) of l's text with c, over what
 * text_layout_setup() set: the card references of documents, so that
 * layout and render set them up alike. */
void text_layout_set_color(PangoLayout *l, size_t start, size_t end, struct color c);

/* Fits t into a w × h box. Returns out->fits. Empty text always fits. A
 * text whose line breaks alone need more than h at min_size is refused
 * without laying it out (out->height is then that lower bound). */
bool fit_text(PangoContext *ctx, const struct rich *t, const struct text_style *st, double w,
              double h, struct fit_result *out);

/* Like fit_text(), with hyph, the same text with soft hyphens at its break
 * points (hyphen.h), as a second choice; hyph may be NULL, which is
 * fit_text(). Hyphens are used only when they are needed (docs/typesetting.md
 * §2): text that fits at its design size is never hyphenated, and hyph is
 * chosen only when it fits at a larger size than t, or t fits at no size.
 * At a size where more than two lines in a row would end in a hyphen, the
 * largest smaller size in 0.25 pt steps without that is used, as long as it
 * is still larger than t's; when there is none, the ladder stays. When
 * neither fits, out describes hyph at min_size. out->hyphenated tells which
 * of the two the caller must draw. */
bool fit_text_with_hyphens(PangoContext *ctx, const struct rich *t, const struct rich *hyph,
                           const struct text_style *st, double w, double h, struct fit_result *out);

/* Rag (docs/typesetting.md §7): hyphenation used where a line is very
 * short, not only to avoid shrinking. t was fitted as plain text into
 * w × h at fr->size; hyph is t hyphenated (hyphen.h). Where a line other
 * than a paragraph's last fills less than 65 % of w, the word pushed to
 * the next line (of 8 letters or more) gets its soft hyphens, top down,
 * one word at a time, kept when the sum of the lines' squared shortfalls
 * gets smaller, the text still fits at that size, no more than two lines
 * in a row end in a hyphen and no paragraph's last line follows one. Returns true, with *out
 * (caller finishes it with rich_finish()) the text to draw and fr's width, height and hyphen counts
 * updated, when a word was kept; false, with *out untouched, otherwise. */
bool fit_improve_rag(PangoContext *ctx, const struct rich *t, const struct rich *hyph,
                     const struct text_style *st, double w, double h, struct fit_result *fr,
                     struct rich *out);

/* Whether fit_improve_rag() could find anything to mend in l, a text
 * fitted at width w (points): a line other than a paragraph's last that
 * fills less than 65 % of w. Cheap: it reads l's lines, shaping nothing. */
bool fit_rag_may_improve(PangoLayout *l, double w);

/* Balanced lines (`balance: true`, docs/typesetting.md §8): the narrowest
 * width, in half points up to w, at which t set with st at st->size keeps
 * the number of lines it has at w, no line wider than that width and no
 * more lines ending in a hyphen. w when t is one line or wider than w. In
 * points. */
double fit_balance_width(PangoContext *ctx, const struct rich *t, const struct text_style *st,
                         double w);

/* How fit_text_hyphen_lazily() gets the hyphenated variant of a text:
 * make(out, arg) sets *out to it (as hyphenator_hyphenate() does) and
 * returns true when it holds at least one soft hyphen; when it returns
 * false, *out is left with nothing to finish. */
struct fit_hyphens {
	bool (*make)(struct rich *out, void *arg); /* may be NULL: no hyphenation */
	void *arg;
	struct rich rich; /* the variant, when made; caller finishes it */
	bool made;        /* make() was called and returned true */
};

/* fit_text_with_hyphens() with the hyphenated text made only when it could
 * be chosen: a text that fits at its design size (most do) is fitted with
 * one layout, and nothing is hyphenated. When keep is not NULL, *keep is
 * the layout fitting chose, laid out at out->size (hy->rich when
 * out->hyphenated), so that drawing need not lay the text out again: set
 * up as text_layout_setup() would at that size. Caller owns it; free with
 * g_object_unref(). NULL when the text is empty or was refused without a
 * layout (min_height). */
bool fit_text_hyphen_lazily(PangoContext *ctx, const struct rich *t, struct fit_hyphens *hy,
                            const struct text_style *st, double w, double h, struct fit_result *out,
                            PangoLayout **keep);

/* fit_improve_rag() for a text t that fit_text_hyphen_lazily() fitted
 * unhyphenated (hy as it left it): laid is the layout it kept (t at
 * fr->size), which is where the very short lines are looked for, and the
 * hyphenated text (hy->rich, hy->made) is made only when such a line
 * pushes down a word long enough to break. When a word was kept, *keep is
 * the layout of *out at fr->size, set up as text_layout_setup() would, so
 * that drawing need not lay it out again (caller owns; free with
 * g_object_unref()); NULL otherwise. */
bool fit_improve_rag_lazily(PangoContext *ctx, const struct rich *t, PangoLayout *laid,
                            struct fit_hyphens *hy, const struct text_style *st, double w, double h,
                            struct fit_result *fr, struct rich *out, PangoLayout **keep);

/* Appends what is wrong with a text that does not fit, in a message's
 * words: "a word is 1.2mm too wide and 3.4mm too tall" (either part alone
 * when the other is 0). */
void fit_describe_overflow(const struct fit_result *fr, struct buf *out);

/* The first character of l that no bundled font has (drawn as a hex box),
 * or 0: for messages that name it. */
gunichar text_first_unknown_char(PangoLayout *l);

#endif
