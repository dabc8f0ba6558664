#include "typeset/fit.h"

#include <assert.h>
#include <math.h>

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

static PangoAlignment alignment(enum text_align a)
{
	switch (a) {
	case ALIGN_CENTER:
		return PANGO_ALIGN_CENTER;
	case ALIGN_RIGHT:
		return PANGO_ALIGN_RIGHT;
	case ALIGN_LEFT:
	case ALIGN_JUSTIFY:
		break;
	}
	return PANGO_ALIGN_LEFT;
}

void text_layout_setup(PangoLayout *l, const struct rich *t, const struct text_style *st,
		       double size, double w)
{
	PangoFontDescription *fd = font_description(st, size);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);

	pango_layout_set_width(l, pango_units_from_double(w));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_alignment(l, alignment(st->align));
	pango_layout_set_justify(l, st->align == ALIGN_JUSTIFY);
	/* Pango's factor multiplies the font's line height, line gap included
	 * (1.2 em for Lato). Its "no factor", 0, instead stacks the lines'
	 * ascent + descent, which drops the gap: Lato's lines would be 1 em
	 * apart. So an unset line height means 1, the font's own. */
	pango_layout_set_line_spacing(l, st->line_height > 0 ? (float)st->line_height : 1.0f);
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
}

struct probe {
	PangoLayout *l;
	PangoFontDescription *fd;
	int w, h;            /* box, in Pango units */
	int size;            /* of the last layout, in Pango units */
	PangoRectangle log;  /* of the last layout */
};

/* Lays out at size (Pango units) and tells whether it fits. Text and
 * attributes stay set between probes; only the font size changes. */
static bool fits_at(struct probe *p, int size)
{
	p->size = size;
	pango_font_description_set_size(p->fd, size);
	pango_layout_set_font_description(p->l, p->fd);
	/* The logical width is the widest line, so a word wider than the box
	 * counts; compare widths, because x goes negative when a centred or
	 * right-aligned line overflows. */
	pango_layout_get_extents(p->l, NULL, &p->log);
	return p->log.width <= p->w && p->log.height <= p->h;
}

bool fit_text(PangoContext *ctx, const struct rich *t, const struct text_style *st, double w,
	      double h, struct fit_result *out)
{
	assert(st->min_size <= st->size);
	if (t->len == 0) {
		/* nothing is drawn, so nothing can overflow */
		*out = (struct fit_result){.size = st->size, .fits = true};
		return true;
	}

	PangoLayout *l = pango_layout_new(ctx);
	text_layout_setup(l, t, st, st->size, w);
	struct probe p = {
		.l = l,
		.fd = font_description(st, st->size),
		.w = pango_units_from_double(w),
		.h = pango_units_from_double(h),
	};

	/* Most boxes fit at their design size: one layout. */
	double size = st->size;
	bool ok = fits_at(&p, (int)lround(size * PANGO_SCALE));
	if (!ok) {
		/* binary search in quarter points below the design size */
		int floor_q = (int)ceil(st->min_size * 4);
		int lo = floor_q, hi = (int)ceil(st->size * 4) - 1, best = -1;
		while (lo <= hi) {
			int mid = lo + (hi - lo) / 2;
			if (fits_at(&p, mid * PANGO_SCALE / 4)) {
				best = mid;
				lo = mid + 1;
			} else {
				hi = mid - 1;
			}
		}
		/* Fitting was monotone in every measurement, but a size reported as
		 * fitting must have been seen to fit, and the extents must be those
		 * of that size: re-lay out unless the last probe was the best one,
		 * and step down should it not fit after all. */
		while (best >= floor_q && p.size != best * PANGO_SCALE / 4) {
			if (!fits_at(&p, best * PANGO_SCALE / 4))
				best--;
		}
		if (best >= floor_q) {
			ok = true;
			size = best / 4.0;
		} else {
			size = st->min_size;
			if (p.size != (int)lround(size * PANGO_SCALE))
				fits_at(&p, (int)lround(size * PANGO_SCALE));
		}
	}

	*out = (struct fit_result){
		.size = size,
		.width = (double)p.log.width / PANGO_SCALE,
		.height = (double)p.log.height / PANGO_SCALE,
		.fits = ok,
		.unknown_glyphs = pango_layout_get_unknown_glyphs_count(l),
	};
	out->overflow_w = fmax(0.0, out->width - w);
	out->overflow_h = fmax(0.0, out->height - h);

	pango_font_description_free(p.fd);
	g_object_unref(l);
	return ok;
}
