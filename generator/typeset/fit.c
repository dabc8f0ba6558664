#include "typeset/fit.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include <fribidi.h>
#include <hb.h>
#include <pango/pangofc-font.h>

#include "typeset/hyphen.h"
#include "util/geom.h"
#include "util/mem.h"

static PangoFontDescription *font_description(const struct text_style *st, double size)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, st->family);
	pango_font_description_set_weight(fd, (PangoWeight)st->weight);
	pango_font_description_set_style(fd, st->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	/* the font map is at 72 dpi, so Pango's points are our points */
	pango_font_description_set_size(fd, (gint)lround(size * PANGO_SCALE));
	return fd;
}

bool text_is_rtl(const char *text, size_t len)
{
	/* the first letter of a strong direction decides, as for Pango */
	for (const char *p = text; p < text + len && *p; p = g_utf8_next_char(p)) {
		FriBidiCharType t = fribidi_get_bidi_type(g_utf8_get_char(p));
		if (FRIBIDI_IS_STRONG(t))
			return FRIBIDI_IS_RTL(t);
	}
	return false;
}

enum text_align text_align_side(enum text_align a, bool rtl)
{
	switch (a) {
	case ALIGN_START:
		return rtl ? ALIGN_RIGHT : ALIGN_LEFT;
	case ALIGN_END:
		return rtl ? ALIGN_LEFT : ALIGN_RIGHT;
	case ALIGN_CENTER:
	case ALIGN_JUSTIFY:
	case ALIGN_LEFT:
	case ALIGN_RIGHT:
		break;
	}
	return a;
}

/* Pango's alignment for a in a text that runs right to left (rtl) or not.
 * Pango sets the lines of a right-to-left paragraph at the other side than
 * it is told (its LEFT is where such a line starts), so a side of the
 * paper is asked for by its opposite there. */
static PangoAlignment alignment(enum text_align a, bool rtl)
{
	switch (text_align_side(a, rtl)) {
	case ALIGN_CENTER:
		return PANGO_ALIGN_CENTER;
	case ALIGN_LEFT:
		return rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
	case ALIGN_RIGHT:
		return rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
	case ALIGN_START:
	case ALIGN_END:
	case ALIGN_JUSTIFY:
		break;
	}
	return PANGO_ALIGN_LEFT; /* justified: the last line at the start */
}

/* Appends the decimal digits of v to key at *n. */
static void put_number(char *key, size_t *n, unsigned v)
{
	char d[12];
	size_t k = 0;
	do {
		d[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k)
		key[(*n)++] = d[--k];
}

/* "family|weight|italic|lang", the key of natural_height()'s table: in
 * stack (n bytes) when it fits, else allocated (free with g_free()). */
static char *height_key(const struct text_style *st, char *stack, size_t n)
{
	const char *family = st->family ? st->family : "", *lang = st->lang ? st->lang : "";
	size_t lf = strlen(family), ll = strlen(lang);
	if (st->weight < 0 || lf + ll + 32 > n)
		return g_strdup_printf("%s|%d|%d|%s", family, st->weight, st->italic ? 1 : 0, lang);
	size_t k = 0;
	memcpy(stack, family, lf);
	k += lf;
	stack[k++] = '|';
	put_number(stack, &k, (unsigned)st->weight);
	stack[k++] = '|';
	stack[k++] = st->italic ? '1' : '0';
	stack[k++] = '|';
	memcpy(stack + k, lang, ll);
	stack[k + ll] = '\0';
	return stack;
}

/* The height metric of font (ascent + descent + line gap, as Pango's font
 * metrics take it from HarfBuzz) at size, in Pango units; -1 when font is
 * not one whose metrics this reads as Pango does: a fontconfig font with
 * no transform and no variations, scaled to its size (font_size, Pango
 * units). */
static int font_height_at(PangoFont *font, int font_size, int size)
{
	if (!PANGO_IS_FC_FONT(font))
		return -1;
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	FcMatrix *m;
	if (!pat || (FcPatternGetMatrix(pat, FC_MATRIX, 0, &m) == FcResultMatch &&
	             (m->xx != 1 || m->xy != 0 || m->yx != 0 || m->yy != 1)))
		return -1;
	hb_font_t *base = pango_font_get_hb_font(font);
	int xs, ys;
	hb_font_get_scale(base, &xs, &ys);
	/* Pango scales a font to its pixel size in Pango units, at 72 dpi its
	 * point size: anything else is a matrix this does not repeat */
	if (xs != font_size || ys != font_size)
		return -1;
	/* a variable font's instance may follow the size (an optical size
	 * axis): Pango measures that one at size itself */
	unsigned n = 0;
	hb_font_get_var_coords_normalized(base, &n);
	if (n)
		return -1;
	hb_font_t *hb = hb_font_create(hb_font_get_face(base));
	hb_font_set_scale(hb, size, size);
	hb_font_extents_t e;
	hb_font_get_extents_for_direction(hb, HB_DIRECTION_LTR, &e);
	hb_font_destroy(hb);
	return e.ascender - e.descender + e.line_gap;
}

static gboolean take_first(PangoFontset *set, PangoFont *font, gpointer data)
{
	(void)set;
	*(PangoFont **)data = g_object_ref(font);
	return TRUE;
}

/* The fonts fontset_height() looks at: the first of the fontset and those
 * of the sample text, a handful. */
enum { HEIGHT_FONTS = 8 };

/* What pango_context_get_metrics() gives as the height at size (Pango
 * units) for fd (at any size) and lang: the largest height metric of the
 * fontset's first font and of the fonts that draw the language's sample
 * text. Read from the fonts themselves, as Pango reads them: its own call
 * also shapes the sample text, more than once per font, for character
 * widths nobody here asks for. -1 when a font is one font_height_at()
 * cannot read. */
static int fontset_height(PangoContext *ctx, const PangoFontDescription *fd, PangoLanguage *lang,
                          int size, bool *mixed)
{
	*mixed = false;
	PangoFontset *set =
	        pango_font_map_load_fontset(pango_context_get_font_map(ctx), ctx, fd, lang);
	if (!set)
		return -1;
	int font_size = pango_font_description_get_size(fd);
	PangoFont *seen[HEIGHT_FONTS] = {0};
	pango_fontset_foreach(set, take_first, &seen[0]);
	size_t nseen = seen[0] ? 1 : 0;
	int height = nseen ? font_height_at(seen[0], font_size, size) : -1;
	/* Pango itemizes the sample text; a character that is not graphic
	 * (a space) stays in the font before it */
	const char *sample = pango_language_get_sample_string(lang);
	for (const char *p = sample; height >= 0 && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isgraph(c))
			continue;
		PangoFont *f = pango_fontset_get_font(set, c);
		if (!f) {
			height = -1;
			break;
		}
		bool known = false;
		for (size_t i = 0; i < nseen && !known; i++)
			known = seen[i] == f;
		if (known || nseen == HEIGHT_FONTS) {
			height = known ? height : -1;
			g_object_unref(f);
			continue;
		}
		seen[nseen++] = f;
		int h = font_height_at(f, font_size, size);
		*mixed |= h >= 0 && h != height;
		height = h < 0 ? -1 : MAX(height, h);
	}
	for (size_t i = 0; i < nseen; i++)
		g_object_unref(seen[i]);
	g_object_unref(set);
	if (height < 0)
		*mixed = false; /* Pango's metrics then, for every text alike */
	return height;
}

/* The font's own line height at size (100 pt, below), in Pango units, for
 * st's family, weight, slant and language. Each context keeps what it
 * measured (a small table, freed with the context; guarded by a lock, as
 * drawing may happen on several threads). */
static int natural_height(PangoContext *ctx, const struct text_style *st, double size, bool *mixed)
{
	static GMutex lock;
	static GQuark quark;
	/* the key is made on the stack: this runs for every text set up */
	char stack[256];
	char *key = height_key(st, stack, sizeof(stack));
	g_mutex_lock(&lock);
	if (!quark)
		quark = g_quark_from_static_string("deckpress-line-heights");
	GHashTable *heights = g_object_get_qdata(G_OBJECT(ctx), quark);
	if (!heights) {
		heights = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_object_set_qdata_full(G_OBJECT(ctx), quark, heights,
		                        (GDestroyNotify)g_hash_table_unref);
	}
	gpointer found = g_hash_table_lookup(heights, key);
	g_mutex_unlock(&lock);
	if (key == stack)
		key = found ? NULL : g_strdup(stack);
	if (found) {
		g_free(key);
		*mixed = GPOINTER_TO_INT(found) < 0;
		return abs(GPOINTER_TO_INT(found)) - 1;
	}
	PangoLanguage *lang = st->lang ? pango_language_from_string(st->lang) : NULL;
	/* the fonts at the text's own size, which its layout loads anyway,
	 * rather than at size, which no text uses */
	PangoFontDescription *fd = font_description(st, st->size > 0 ? st->size : size);
	int natural = fontset_height(ctx, fd, lang ? lang : pango_context_get_language(ctx),
	                             (int)lround(size * PANGO_SCALE), mixed);
	pango_font_description_free(fd);
	if (natural < 0) {
		fd = font_description(st, size);
		PangoFontMetrics *m = pango_context_get_metrics(ctx, fd, lang);
		natural = pango_font_metrics_get_height(m);
		pango_font_metrics_unref(m);
		pango_font_description_free(fd);
	}
	g_mutex_lock(&lock);
	/* stored plus one, so that a height of 0 is not taken for a miss;
	 * negative when the fonts differ */
	g_hash_table_replace(heights, key, GINT_TO_POINTER(*mixed ? -(natural + 1) : natural + 1));
	g_mutex_unlock(&lock);
	return natural;
}

/* The line height (Pango units, at size points) of the fonts that draw
 * text in st's face, when st's language needs fonts of different heights
 * (an Arabic kit font beside Lato): Pango spaces each line by its own
 * fonts' height, so a factor from a font the text does not use would set
 * its lines too close (or too far). The largest of them; natural when a
 * font cannot be read. A span in another face of the family (bold,
 * italic) is measured in st's: a family's faces share their heights. */
static int text_height(PangoContext *ctx, const struct text_style *st, const char *text, size_t len,
                       double size, int natural)
{
	/* the fonts at the text's own size, as natural_height() loads them */
	PangoFontDescription *fd = font_description(st, st->size > 0 ? st->size : size);
	int font_size = pango_font_description_get_size(fd);
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_font_desc_new(fd));
	if (st->lang)
		pango_attr_list_insert(
		        attrs, pango_attr_language_new(pango_language_from_string(st->lang)));
	pango_font_description_free(fd);
	GList *items = pango_itemize(ctx, text, 0, (int)len, attrs, NULL);
	int height = -1;
	bool read = true;
	for (GList *i = items; i && read; i = i->next) {
		PangoItem *it = i->data;
		int h = it->analysis.font ? font_height_at(it->analysis.font, font_size,
		                                           (int)lround(size * PANGO_SCALE))
		                          : -1;
		read = h >= 0;
		height = MAX(height, h);
	}
	g_list_free_full(items, (GDestroyNotify)pango_item_free);
	pango_attr_list_unref(attrs);
	return read && height > 0 ? height : natural;
}

/* Pango's line-spacing factor that sets baselines line-height × size apart
 * (docs/typesetting.md §2). line-height is a multiple of the size, as
 * designers and CSS mean it; Pango's factor multiplies the font's own line
 * height (its height metric: 1.2 em for Lato, 1.36 for Noto Sans), so it is
 * divided by that. A single line keeps the font's own height, so a box sized
 * for one line holds it at any line-height; the leading goes between lines
 * only. 0 is the font's own spacing. */
static float line_spacing(PangoLayout *l, const struct text_style *st, const char *text, size_t len)
{
	/* at one size for all, so that fitting (which changes only the size)
	 * and drawing (whose style holds the fitted size) use the very same
	 * factor: the font's height is proportional to its size */
	const double size = 100;
	if (st->line_height <= 0)
		return 1.0f;
	bool mixed;
	PangoContext *ctx = pango_layout_get_context(l);
	int natural = natural_height(ctx, st, size, &mixed);
	if (mixed)
		natural = text_height(ctx, st, text, len, size, natural);
	if (natural <= 0)
		return (float)st->line_height;
	return (float)(st->line_height * size * PANGO_SCALE / natural);
}

/* Bytes of the list marker and space a paragraph at p starts with ("• ",
 * "– ", "① "), or 0. */
static size_t marker_len(const char *p)
{
	gunichar c = g_utf8_get_char(p);
	bool marker = c == 0x2022 || c == 0x2013 || c == 0x25E6 || (c >= 0x2460 && c <= 0x2473);
	const char *q = g_utf8_next_char(p);
	return marker && *q == ' ' ? (size_t)(q + 1 - p) : 0;
}

/* Bytes of a list label a paragraph at p starts with: one letter or
 * digit, a ')' or '.' after it or not, then a space or the tab
 * hang_labels() put there ("A ", "b) ", "3. "); 0 when none. */
static size_t label_len(const char *p)
{
	bool alnum =
	        (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
	if (!alnum)
		return 0;
	size_t n = p[1] == ')' || p[1] == '.' ? 2 : 1;
	return p[n] == ' ' || p[n] == '\t' ? n + 1 : 0;
}

/* Whether t is a labelled list: two or more paragraphs, each starting
 * with a label, the labels counting up (A B C, a b c, 1 2 3) with the same
 * mark after them. */
static bool is_labelled_list(const char *t)
{
	size_t first = label_len(t), n = 1;
	if (!first)
		return false;
	char want = t[0];
	for (const char *p = strchr(t, '\n'); p; p = strchr(p + 1, '\n')) {
		if (!p[1] || p[1] == '\n')
			continue;
		if (label_len(p + 1) != first || p[1] != ++want || (first == 3 && p[2] != t[1]))
			return false;
		n++;
	}
	return n >= 2;
}

/* Hangs a labelled list: the space after each label becomes a tab (the
 * same number of bytes, so the attributes stay where they are) to one tab
 * stop past the widest label, and the lines a paragraph wraps to start at
 * that stop too, so every option's text starts at the same x. */
static void hang_labels(PangoLayout *l, const char *t)
{
	char *copy = g_strdup(t);
	size_t len = strlen(copy);
	for (char *p = copy; p; p = strchr(p + 1, '\n')) {
		char *q = p + (*p == '\n');
		size_t n = label_len(q);
		if (n)
			q[n - 1] = ' ';
	}
	pango_layout_set_text(l, copy, (int)len); /* measured with spaces */
	int widest = 0, space = 0;
	for (char *p = copy; p; p = strchr(p + 1, '\n')) {
		char *q = p + (*p == '\n');
		size_t n = label_len(q);
		if (!n)
			continue;
		PangoRectangle a, b;
		pango_layout_index_to_pos(l, (int)(q - copy + (ptrdiff_t)n - 1), &a);
		pango_layout_index_to_pos(l, (int)(q - copy + (ptrdiff_t)n), &b);
		widest = MAX(widest, a.x);
		space = MAX(space, b.x - a.x);
		q[n - 1] = '\t';
	}
	int stop = widest + 2 * space;
	PangoTabArray *tabs = pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT, stop);
	pango_layout_set_tabs(l, tabs);
	pango_tab_array_free(tabs);
	pango_layout_set_text(l, copy, (int)len);
	pango_layout_set_indent(l, -stop);
	g_free(copy);
}

/* Hangs the marker of a list: when every paragraph of l's text starts with
 * one, the lines a paragraph wraps to start under its text, not under its
 * marker (a negative indent: Pango gives the first line of each paragraph
 * the full width and indents the rest). The marker's width depends on the
 * size, so this is redone whenever the size changes. */
static void set_hanging_indent(PangoLayout *l)
{
	const char *t = pango_layout_get_text(l);
	if (is_labelled_list(t) && pango_layout_get_alignment(l) == PANGO_ALIGN_LEFT) {
		pango_layout_set_indent(l, 0);
		pango_layout_set_tabs(l, NULL);
		hang_labels(l, t);
		return;
	}
	size_t first = marker_len(t);
	if (first == 0)
		return;
	for (const char *p = strchr(t, '\n'); p; p = strchr(p + 1, '\n'))
		if (p[1] && p[1] != '\n' && marker_len(p + 1) == 0)
			return;
	pango_layout_set_indent(l, 0);
	PangoRectangle pos;
	pango_layout_index_to_pos(l, (int)first, &pos);
	pango_layout_set_indent(l, -pos.x);
}

void text_layout_setup(PangoLayout *l, const struct rich *t, const struct text_style *st,
                       double size, double w)
{
	PangoFontDescription *fd = font_description(st, size);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);

	pango_layout_set_width(l, pango_units_from_double(w));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_alignment(l, alignment(st->align, text_is_rtl(t->text, t->len)));
	pango_layout_set_justify(l, st->align == ALIGN_JUSTIFY);
	pango_layout_set_line_spacing(l, line_spacing(l, st, t->text, t->len));
	pango_layout_set_text(l, t->text, (int)t->len);

	PangoAttrList *attrs = rich_get_attrs(t);
	if (st->lang) {
		/* the language picks locale-specific glyphs and line breaking */
		PangoAttribute *a = pango_attr_language_new(pango_language_from_string(st->lang));
		a->start_index = 0;
		a->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
		pango_attr_list_insert_before(attrs, a);
	}
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	set_hanging_indent(l);
}

void text_layout_setup_cell(PangoLayout *l, const struct rich *t, bool markup,
                            const struct text_style *st, double w)
{
	PangoFontDescription *fd = pango_font_description_from_string(st->family);
	pango_font_description_set_size(fd, (gint)(st->size * PANGO_SCALE));
	if (st->weight >= 700)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, pango_units_from_double(w));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, t->text, (int)t->len);
	if (markup) {
		PangoAttrList *attrs = rich_get_attrs(t);
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	if (st->align == ALIGN_END)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
}

void text_layout_setup_plain(PangoLayout *l, const char *text, const char *family, double size,
                             double width)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_size(fd, (gint)lround(size * PANGO_SCALE));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text, -1);
	if (width > 0) {
		pango_layout_set_width(l, pango_units_from_double(width));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD);
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	}
}

void text_layout_set_color(PangoLayout *l, size_t start, size_t end, struct color c)
{
	PangoAttrList *attrs = pango_attr_list_copy(pango_layout_get_attributes(l));
	if (!attrs)
		attrs = pango_attr_list_new();
	PangoAttribute *a = pango_attr_foreground_new(
	        (guint16)(c.r * 65535), (guint16)(c.g * 65535), (guint16)(c.b * 65535));
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_change(attrs, a);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
}

struct probe {
	PangoLayout *l;
	PangoFontDescription *fd;
	int w, h;           /* box, in Pango units */
	int size;           /* of the last layout, in Pango units */
	PangoRectangle log; /* of the last layout */
	bool justified;     /* fits in no order of the size: searched in halves */
};

static void probe_init(struct probe *p, PangoContext *ctx, const struct rich *t,
                       const struct text_style *st, double w, double h)
{
	*p = (struct probe){
	        .l = pango_layout_new(ctx),
	        .fd = font_description(st, st->size),
	        .w = pango_units_from_double(w),
	        .h = pango_units_from_double(h),
	        .size = -1,
	        .justified = st->align == ALIGN_JUSTIFY,
	};
	text_layout_setup(p->l, t, st, st->size, w);
}

static void probe_finish(struct probe *p)
{
	pango_font_description_free(p->fd);
	g_object_unref(p->l);
}

/* Lays out at size (Pango units) and tells whether it fits. Text and
 * attributes stay set between probes; only the font size changes. */
static bool fits_at(struct probe *p, int size)
{
	p->size = size;
	pango_font_description_set_size(p->fd, size);
	pango_layout_set_font_description(p->l, p->fd);
	set_hanging_indent(p->l);
	/* The logical width is the widest line, so a word wider than the box
	 * counts; compare widths, because x goes negative when a centred or
	 * right-aligned line overflows. */
	pango_layout_get_extents(p->l, NULL, &p->log);
	return p->log.width <= p->w && p->log.height <= p->h;
}

/* Makes sure the last layout is the one at size. */
static void lay_out_at(struct probe *p, int size)
{
	if (p->size != size)
		fits_at(p, size);
}

static int quarter(int q)
{
	return q * PANGO_SCALE / 4;
}

/* Where the last layout of p, which did not fit, says p would: in quarter
 * points, the size times the share of the box's width that its widest line
 * takes, when that is too wide, and times the square root of the share of
 * the box's height (the lines get fewer as well as lower); -1 when p was
 * not laid out. Only a start: search() finds the size. */
static int guess_quarter(const struct probe *p)
{
	if (p->size <= 0 || p->log.width <= 0 || p->log.height <= 0)
		return -1;
	double f = 1;
	if (p->log.width > p->w)
		f = fmin(f, (double)p->w / p->log.width);
	if (p->log.height > p->h)
		f = fmin(f, sqrt((double)p->h / p->log.height));
	return (int)floor((double)p->size * f * 4 / PANGO_SCALE);
}

/* The largest quarter point in [lo, hi] at which p fits, or -1; p is then
 * laid out at it. This one starts where p's last layout (too large, at a
 * size above hi) says the text would fit, and gallops from there, which
 * takes two or three layouts where a plain binary search took five or six.
 * Ragged text fits monotonically in the size, and any search finds the
 * same size; justified text with soft hyphens need not, and the size found
 * (which always fits) depends on the sizes tried: it is searched in halves
 * from the start, as it always was (docs/typesetting.md §2). */
/* Lays p out at quarter point q and narrows [*lo, *hi] by what it found:
 * above q when it fits (q is then *best), below q when not. */
static bool narrow(struct probe *p, int q, int *best, int *lo, int *hi)
{
	bool fits = fits_at(p, quarter(q));
	if (fits) {
		*best = q;
		*lo = q + 1;
	} else {
		*hi = q - 1;
	}
	return fits;
}

static int search(struct probe *p, int lo, int hi)
{
	int floor_q = lo, best = -1;
	/* justified text keeps the search in halves: the sizes it chose,
	 * where fitting goes back and forth, stay the sizes it chooses */
	int guess = p->justified ? -1 : guess_quarter(p);
	if (guess > hi)
		guess = hi;
	if (guess >= lo) {
		/* steps that double, away from the guess, until the side
		 * turns: then [lo, hi] brackets the answer closely */
		bool up = narrow(p, guess, &best, &lo, &hi);
		for (int step = 1;; step *= 2) {
			int q = up ? lo + step - 1 : hi - step + 1;
			if ((up ? q > hi : q < lo) || narrow(p, q, &best, &lo, &hi) != up)
				break;
		}
	}
	while (lo <= hi)
		narrow(p, lo + (hi - lo) / 2, &best, &lo, &hi);
	/* But a size reported as fitting must have been seen to fit, and the
	 * extents must be those of that size: re-lay out unless the last probe
	 * was the best one, and step down should it not fit after all. */
	while (best >= floor_q && p->size != quarter(best)) {
		if (!fits_at(p, quarter(best)))
			best--;
	}
	return best >= floor_q ? best : -1;
}

/* Counts the lines of p's last layout that end in a break at a soft hyphen
 * and sets *run to the most of them in a row. Pango keeps the U+00AD on the
 * line it ends, so the next line starts right after its two bytes. */
static int hyphen_lines(const struct probe *p, int *run)
{
	const char *text = pango_layout_get_text(p->l);
	GSList *lines = pango_layout_get_lines_readonly(p->l);
	int count = 0, cur = 0;
	*run = 0;
	for (GSList *i = lines ? lines->next : NULL; i; i = i->next) {
		int start = ((const PangoLayoutLine *)i->data)->start_index;
		if (start >= 2 && memcmp(text + start - 2, "\xC2\xAD", 2) == 0) {
			count++;
			cur++;
			if (cur > *run)
				*run = cur;
		} else {
			cur = 0;
		}
	}
	return count;
}

/* At most this many lines in a row may end in a hyphen, where avoidable. */
enum { MAX_HYPHEN_RUN = 2 };

/* Searches the hyphenated text between quarter point lo and the design
 * size; -1 when it fits nowhere there, otherwise the size in Pango units,
 * with hp laid out at it. A size where more than MAX_HYPHEN_RUN lines in a
 * row end in a hyphen gives way to the largest smaller one in 0.25 pt steps
 * (down to lo) without such a ladder; when every one has a ladder, it
 * stays: the ladder was unavoidable. */
static int search_hyphenated(struct probe *hp, const struct text_style *st, int lo, int top_q)
{
	int design = (int)lround(st->size * PANGO_SCALE), best = -1, best_q = top_q + 1;
	if (fits_at(hp, design)) {
		best = design;
	} else {
		best_q = search(hp, lo, top_q);
		if (best_q < 0)
			return -1;
		best = quarter(best_q);
	}
	int run;
	hyphen_lines(hp, &run);
	if (run <= MAX_HYPHEN_RUN)
		return best;
	/* A ladder is a matter of line breaks, which change with the size in
	 * no order: step down, don't search. */
	for (int q = best_q - 1; q >= lo; q--) {
		if (!fits_at(hp, quarter(q)))
			continue;
		hyphen_lines(hp, &run);
		if (run <= MAX_HYPHEN_RUN)
			return quarter(q);
	}
	lay_out_at(hp, best);
	return best;
}

/* A lower bound on the height of t at size, without Pango: every line break
 * (LF, U+2028, U+2029) starts a line, and lines stand at least the size
 * times min(line-height, 1) apart (a font's own line height, ascent plus
 * descent, is more than its size: Lato 1.2, Noto Sans 1.36). Laying out a
 * text costs time that grows with the square of its lines, so a text that
 * cannot fit even by this bound (a template that repeats a long field) is
 * refused before Pango sees it. */
static double min_height(const struct rich *t, const struct text_style *st, double size)
{
	size_t lines = 1;
	for (size_t i = 0; i < t->len; i++) {
		const unsigned char *c = (const unsigned char *)t->text + i;
		if (c[0] == '\n')
			lines++;
		else if (i + 2 < t->len && c[0] == 0xE2 && c[1] == 0x80 &&
		         (c[2] == 0xA8 || c[2] == 0xA9))
			lines++;
	}
	double f = st->line_height > 0 ? fmin(st->line_height, 1) : 1;
	return (double)lines * size * f;
}

bool fit_text(PangoContext *ctx, const struct rich *t, const struct text_style *st, double w,
              double h, struct fit_result *out)
{
	return fit_text_with_hyphens(ctx, t, NULL, st, w, h, out);
}

/* fit_text_with_hyphens(), handing the chosen layout, laid out at the
 * chosen size, to *keep when keep is not NULL (and the text is not empty
 * and not refused unlaid-out; *keep is NULL then). */
static bool fit_keep(PangoContext *ctx, const struct rich *t, const struct rich *hyph,
                     struct fit_hyphens *lazy, const struct text_style *st, double w, double h,
                     struct fit_result *out, PangoLayout **keep)
{
	assert(st->min_size <= st->size);
	if (keep)
		*keep = NULL;
	if (t->len == 0) {
		/* nothing is drawn, so nothing can overflow */
		*out = (struct fit_result){.size = st->size, .fits = true};
		return true;
	}
	double least = min_height(t, st, st->min_size);
	if (least > h) {
		*out = (struct fit_result){
		        .size = st->min_size, .height = least, .overflow_h = least - h};
		return false;
	}

	struct probe plain, hp = {0};
	probe_init(&plain, ctx, t, st, w, h);
	struct probe *p = &plain; /* the chosen one */

	/* Most boxes fit at their design size: one layout, never hyphenated. */
	double size = st->size;
	bool ok = fits_at(&plain, (int)lround(size * PANGO_SCALE));
	if (!ok && lazy && lazy->make) {
		/* hyphens made now that they may be chosen */
		lazy->made = lazy->make(&lazy->rich, lazy->arg);
		hyph = lazy->made ? &lazy->rich : NULL;
	}
	if (!ok) {
		/* binary search in quarter points below the design size */
		int floor_q = (int)ceil(st->min_size * 4), top_q = (int)ceil(st->size * 4) - 1;
		int best = search(&plain, floor_q, top_q);
		if (best >= 0) {
			ok = true;
			size = best / 4.0;
		}
		/* Hyphens only where they buy a larger size than plain text
		 * gets, or make a text fit that does not. */
		if (hyph) {
			probe_init(&hp, ctx, hyph, st, w, h);
			int lo = best >= 0 ? best + 1 : floor_q;
			int hsize = search_hyphenated(&hp, st, lo, top_q);
			if (hsize >= 0) {
				p = &hp;
				ok = true;
				size = (double)hsize / PANGO_SCALE;
			} else if (best < 0) {
				/* fits neither way: report the hyphenated text, the
				 * closer of the two and the one that would be drawn */
				p = &hp;
			}
		}
		if (!ok)
			size = st->min_size;
		lay_out_at(p, (int)lround(size * PANGO_SCALE));
	}

	int run;
	int hyphens = hyphen_lines(p, &run);
	*out = (struct fit_result){
	        .size = size,
	        .width = (double)p->log.width / PANGO_SCALE,
	        .height = (double)p->log.height / PANGO_SCALE,
	        .fits = ok,
	        .unknown_glyphs = pango_layout_get_unknown_glyphs_count(p->l),
	        .hyphenated = p == &hp,
	        .hyphen_lines = hyphens,
	        .hyphen_run = run,
	};
	out->overflow_w = fmax(0.0, out->width - w);
	out->overflow_h = fmax(0.0, out->height - h);

	if (keep)
		*keep = g_object_ref(p->l);
	probe_finish(&plain);
	if (hp.l)
		probe_finish(&hp);
	return ok;
}

bool fit_text_with_hyphens(PangoContext *ctx, const struct rich *t, const struct rich *hyph,
                           const struct text_style *st, double w, double h, struct fit_result *out)
{
	return fit_keep(ctx, t, hyph, NULL, st, w, h, out, NULL);
}

bool fit_text_hyphen_lazily(PangoContext *ctx, const struct rich *t, struct fit_hyphens *hy,
                            const struct text_style *st, double w, double h, struct fit_result *out,
                            PangoLayout **keep)
{
	hy->made = false;
	/* at the design size first: when it holds, hyphens are never made */
	return fit_keep(ctx, t, NULL, hy, st, w, h, out, keep);
}

/* The glyph is the character itself, flagged unknown: Pango draws it as a
 * hex box. */
gunichar text_first_unknown_char(PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	gunichar found = 0;
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		for (int g = 0; g < run->glyphs->num_glyphs && !found; g++) {
			PangoGlyph glyph = run->glyphs->glyphs[g].glyph;
			if (glyph & PANGO_GLYPH_UNKNOWN_FLAG)
				found = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
		}
	} while (!found && pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	return found;
}

void fit_describe_overflow(const struct fit_result *fr, struct buf *out)
{
	size_t start = out->len;
	if (fr->overflow_w > 0)
		buf_printf(out, "a word is %.1fmm too wide", fr->overflow_w / PT_PER_MM);
	if (fr->overflow_h > 0)
		buf_printf(out, "%s%.1fmm too tall", out->len > start ? " and " : "",
		           fr->overflow_h / PT_PER_MM);
}

/* Whether the text of p, laid out at its size and width x (Pango units),
 * keeps lines lines, no wider than x, with at most hyphens lines ending in
 * a hyphen. */
static bool keeps_lines(struct probe *p, int x, int lines, int hyphens)
{
	pango_layout_set_width(p->l, x);
	pango_layout_get_extents(p->l, NULL, &p->log);
	int run;
	return pango_layout_get_line_count(p->l) == lines && p->log.width <= x &&
	       hyphen_lines(p, &run) <= hyphens;
}

double fit_balance_width(PangoContext *ctx, const struct rich *t, const struct text_style *st,
                         double w)
{
	struct probe p;
	probe_init(&p, ctx, t, st, w, 0);
	double best = w;
	/* the height plays no part: p's box is 0 high, and only the width
	 * of what fits_at() lays out is looked at */
	if (t->len > 0)
		fits_at(&p, (int)lround(st->size * PANGO_SCALE));
	if (t->len > 0 && p.log.width <= p.w) {
		int lines = pango_layout_get_line_count(p.l), run;
		int hyphens = hyphen_lines(&p, &run);
		/* the narrowest half point that keeps them: narrowing never
		 * takes a line away, so the search is monotone */
		int lo = 0, hi = (int)floor(w * 2);
		while (lines > 1 && lo < hi) {
			int mid = lo + (hi - lo) / 2;
			if (keeps_lines(&p, mid * PANGO_SCALE / 2, lines, hyphens))
				hi = mid;
			else
				lo = mid + 1;
		}
		if (lines > 1)
			best = fmin(w, hi / 2.0);
	}
	probe_finish(&p);
	return best;
}

/* A line filled less than this much of the measure, other than the last
 * of its paragraph, is very short (docs/typesetting.md §7). */
#define RAG_FILL 0.65

/* At most this many very short lines of a text are looked at. */
enum { RAG_LINES = 32 };

/* The rag of layout l at measure w (Pango units): the sum of the squared shortfalls (as a
 * share of the measure) of its lines other than the last of a paragraph.
 * next[] gets where the line after each very short one (filled less than
 * RAG_FILL) starts, top down; *n how many. */
static double rag_of_layout(PangoLayout *l, int w, int next[RAG_LINES], int *n)
{
	const char *text = pango_layout_get_text(l);
	GSList *lines = pango_layout_get_lines_readonly(l);
	double bad = 0;
	*n = 0;
	for (GSList *it = lines; it && it->next; it = it->next) {
		const PangoLayoutLine *after = it->next->data;
		if (after->start_index > 0 && text[after->start_index - 1] == '\n')
			continue; /* the last line of a paragraph */
		PangoRectangle log;
		pango_layout_line_get_extents((PangoLayoutLine *)it->data, NULL, &log);
		double fill = (double)log.width / w;
		if (fill < 1)
			bad += (1 - fill) * (1 - fill);
		if (fill < RAG_FILL && *n < RAG_LINES)
			next[(*n)++] = after->start_index;
	}
	return bad;
}

static double rag_of(const struct probe *p, int next[RAG_LINES], int *n)
{
	return rag_of_layout(p->l, p->w, next, n);
}

bool fit_rag_may_improve(PangoLayout *l, double w)
{
	int next[RAG_LINES], n;
	rag_of_layout(l, pango_units_from_double(w), next, &n);
	return n > 0;
}

/* The index of the word (hyphenator_count_words()) that starts at byte at
 * of t. */
static size_t word_at(const struct rich *t, int at)
{
	size_t word = 0;
	bool in_word = false;
	for (size_t i = 0; i < (size_t)at && i < t->len; i++) {
		bool space = t->text[i] == ' ' || t->text[i] == '\n';
		if (space && in_word)
			word++;
		in_word = !space;
	}
	return word;
}

/* Words shorter than this many letters are not hyphenated for the rag
 * ("kun-den" mends a line and spoils the word). */
enum { RAG_MIN_WORD = 8 };

/* The letters of the word of t that starts at byte at (soft hyphens not
 * counted). */
static size_t word_letters(const struct rich *t, int at)
{
	size_t n = 0;
	for (const char *p = t->text + at; *p && *p != ' ' && *p != '\n'; p = g_utf8_next_char(p))
		n += g_utf8_get_char(p) != 0xAD && g_unichar_isalpha(g_utf8_get_char(p));
	return n;
}

/* Whether a line of p's last layout that ends in a hyphen is followed by
 * the last line of its paragraph: the break would leave the end of a word
 * and little else on that line. */
static bool hyphen_before_last_line(const struct probe *p)
{
	const char *text = pango_layout_get_text(p->l);
	GSList *lines = pango_layout_get_lines_readonly(p->l);
	for (GSList *it = lines; it && it->next; it = it->next) {
		int start = ((const PangoLayoutLine *)it->next->data)->start_index;
		if (start < 2 || memcmp(text + start - 2, "\xC2\xAD", 2) != 0)
			continue;
		const GSList *after = it->next->next;
		if (!after)
			return true;
		int end = ((const PangoLayoutLine *)after->data)->start_index;
		if (end > 0 && text[end - 1] == '\n')
			return true;
	}
	return false;
}

/* The first word pushed down by a very short line of cur (set in cur_t)
 * that was not tried yet and is long enough to break; marks it tried.
 * Returns false when none is left. */
static bool next_candidate(const struct probe *cur, const struct rich *cur_t, bool *tried,
                           size_t nwords, size_t *word)
{
	int next[RAG_LINES], n;
	rag_of(cur, next, &n);
	for (int i = 0; i < n; i++) {
		size_t k = word_at(cur_t, next[i]);
		if (k < nwords && !tried[k] && word_letters(cur_t, next[i]) >= RAG_MIN_WORD) {
			tried[k] = true;
			*word = k;
			return true;
		}
	}
	return false;
}

/* fit_improve_rag(), starting from laid (may be NULL), the layout of t at
 * fr->size, when t is what its hyphens are taken from; *keep (when keep
 * is not NULL and a word was kept) the layout of *out at fr->size, caller
 * owns. */
static bool improve_rag(PangoContext *ctx, const struct rich *t, const struct rich *hyph,
                        PangoLayout *laid, const struct text_style *st, double w, double h,
                        struct fit_result *fr, struct rich *out, PangoLayout **keep)
{
	size_t nwords = hyphenator_count_words(t), k;
	bool *keep_word = xcalloc(nwords + 1, sizeof(*keep_word));
	bool *tried = xcalloc(nwords + 1, sizeof(*tried));
	int size = (int)lround(fr->size * PANGO_SCALE), next[RAG_LINES], n, run;
	struct rich best;
	hyphenator_keep_words(&best, hyph, t, keep_word);
	struct probe cur;
	if (laid && rich_equal(&best, t)) {
		/* what fitting laid out: the same text at the same size */
		cur = (struct probe){
		        .l = g_object_ref(laid),
		        .fd = font_description(st, fr->size),
		        .w = pango_units_from_double(w),
		        .h = pango_units_from_double(h),
		        .size = size,
		};
		pango_layout_get_extents(cur.l, NULL, &cur.log);
	} else {
		probe_init(&cur, ctx, &best, st, w, h);
		fits_at(&cur, size);
	}
	double bad = rag_of(&cur, next, &n);
	bool improved = false;
	/* Each round hyphenates one word that a very short line pushed to
	 * the next, top down, and keeps it when the rag gets better without
	 * overflowing or a third hyphenated line in a row. */
	for (int round = 0; round < RAG_LINES && next_candidate(&cur, &best, tried, nwords, &k);
	     round++) {
		keep_word[k] = true;
		struct rich cand;
		hyphenator_keep_words(&cand, hyph, t, keep_word);
		struct probe cp;
		probe_init(&cp, ctx, &cand, st, w, h);
		bool ok = fits_at(&cp, size);
		hyphen_lines(&cp, &run);
		double nbad = rag_of(&cp, next, &n);
		if (ok && run <= MAX_HYPHEN_RUN && nbad < bad - 1e-9 &&
		    !hyphen_before_last_line(&cp)) {
			rich_finish(&best);
			probe_finish(&cur);
			best = cand;
			cur = cp;
			bad = nbad;
			improved = true;
		} else {
			keep_word[k] = false;
			rich_finish(&cand);
			probe_finish(&cp);
		}
	}
	if (improved) {
		*out = best;
		fr->width = (double)cur.log.width / PANGO_SCALE;
		fr->height = (double)cur.log.height / PANGO_SCALE;
		fr->hyphenated = true;
		fr->hyphen_lines = hyphen_lines(&cur, &run);
		fr->hyphen_run = run;
		if (keep)
			*keep = g_object_ref(cur.l);
	} else {
		rich_finish(&best);
	}
	probe_finish(&cur);
	free(keep_word);
	free(tried);
	return improved;
}

bool fit_improve_rag(PangoContext *ctx, const struct rich *t, const struct rich *hyph,
                     const struct text_style *st, double w, double h, struct fit_result *fr,
                     struct rich *out)
{
	return improve_rag(ctx, t, hyph, NULL, st, w, h, fr, out, NULL);
}

/* Whether t's text is in NFC, as the words hyphenation breaks come out
 * (hyphen.h): then t with its hyphens taken out again is t. */
static bool is_nfc(const struct rich *t)
{
	/* Below U+0300 and in General Punctuation (dashes, quotes, the
	 * ellipsis) every character is its own NFC and none combines with
	 * the one before: a card's text mostly needs no normalizing to tell
	 * (g_utf8_normalize() cost 30,000 instructions a text) */
	const char *p = t->text, *end = t->text + t->len;
	while (p < end) {
		gunichar c = g_utf8_get_char(p);
		if (c >= 0x300 && (c < 0x2010 || c > 0x205E))
			break;
		p = g_utf8_next_char(p);
	}
	if (p >= end)
		return true;
	char *nfc = g_utf8_normalize(t->text, (gssize)t->len, G_NORMALIZE_NFC);
	bool same = nfc && strlen(nfc) == t->len && memcmp(nfc, t->text, t->len) == 0;
	g_free(nfc);
	return same;
}

bool fit_improve_rag_lazily(PangoContext *ctx, const struct rich *t, PangoLayout *laid,
                            struct fit_hyphens *hy, const struct text_style *st, double w, double h,
                            struct fit_result *fr, struct rich *out, PangoLayout **keep)
{
	*keep = NULL;
	if (!hy->make)
		return false;
	if (is_nfc(t)) {
		/* the first word a round would try, looked for in laid: without
		 * one, no round runs, and nothing need be hyphenated */
		struct probe p = {.l = laid, .w = pango_units_from_double(w)};
		size_t nwords = hyphenator_count_words(t), k;
		bool *tried = xcalloc(nwords + 1, sizeof(*tried));
		bool any = next_candidate(&p, t, tried, nwords, &k);
		free(tried);
		if (!any)
			return false;
	}
	if (!hy->made)
		hy->made = hy->make(&hy->rich, hy->arg);
	return hy->made && improve_rag(ctx, t, &hy->rich, laid, st, w, h, fr, out, keep);
}
