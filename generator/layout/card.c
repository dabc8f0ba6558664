#include "layout/card.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset/hyphen.h"
#include "typeset/fit.h"
#include "util/buf.h"
#include "util/mem.h"

/* Everything a field resolves to for one card in one language. */
struct value {
	const char *text;         /* "" when empty */
	bool human;               /* translator text: markup applies */
	const struct ltext *from; /* where it came from, for messages; may be NULL */
};

struct ctx {
	const struct deck *deck;
	const struct card *card;
	size_t lang;
	char num[32];            /* scratch for numbers */
	struct hyphenator *hy;   /* may be NULL: no hyphenation */
	struct fit_share *share; /* may be NULL */
	struct diag *d;
	struct fit_memo *rec;        /* may be NULL: what fitting decides is not kept */
	const struct fit_memo *play; /* may be NULL: texts are fitted */
	size_t next;                 /* play's next text */
};

static struct value text_value(const struct ltext *t, size_t lang)
{
	return (struct value){ltext_get(t, lang), true, ltext_is_set(t) ? t : NULL};
}

static struct value field_value(struct ctx *c, enum field f, const char *custom)
{
	const struct deck *deck = c->deck;
	const struct card *card = c->card;
	const struct category *cat = card->category;
	const struct card_type *type = card->type;
	size_t lang = c->lang;
	switch (f) {
	case FIELD_TITLE:
		return text_value(&card->title, lang);
	case FIELD_TEXT:
		return text_value(&card->text, lang);
	case FIELD_TYPE_LABEL:
		return type ? text_value(&type->label, lang) : (struct value){"", false, NULL};
	case FIELD_TYPE_PROMPT:
		return type ? text_value(&type->prompt, lang) : (struct value){"", false, NULL};
	case FIELD_CATEGORY_NAME:
		return cat ? text_value(&cat->name, lang) : (struct value){"", false, NULL};
	case FIELD_DECK_TITLE:
		return text_value(&deck->title, lang);
	case FIELD_BACK_TEXT:
		return text_value(&deck->back.text, lang);
	default:
		break;
	}
	int i = f == FIELD_CUSTOM ? deck_find_field(deck, custom) : -1;
	if (i >= 0 && deck->fields[i].kind == DFIELD_TEXT)
		return card->values[i].set ? text_value(&card->values[i].text, lang)
		                           : (struct value){"", false, NULL};
	/* colours and images are resolved by their own functions */
	const char *v = deck_get_plain_value(deck, card, f, custom, c->num, sizeof(c->num));
	return (struct value){v ? v : "", false, NULL};
}

static bool uses_category_back(const struct ctx *c)
{
	return c->deck->back.design == BACK_CATEGORY && c->card->category;
}

/* Resolves a colour; false when the field has no value on this card (a
 * special card has no category), so the item is left out. */
static bool resolve_color(struct ctx *c, const struct tcolor *t, struct color *out)
{
	if (!t->set)
		return false;
	if (!t->is_field) {
		*out = t->color;
		return true;
	}
	if (t->field == FIELD_CATEGORY_COLOR ||
	    (t->field == FIELD_BACK_COLOR && uses_category_back(c))) {
		if (!c->card->category)
			return false;
		*out = c->card->category->color;
		return true;
	}
	*out = c->deck->back.color;
	return true;
}

static const char *resolve_image(struct ctx *c, const struct element *e, struct mark *m)
{
	*m = e->mark;
	if (e->src_parts)
		return deck_get_card_image(c->deck, c->card, e);
	if (e->src_is_field && e->src_field == FIELD_CUSTOM) {
		int i = deck_find_field(c->deck, e->src_custom);
		const struct card_value *v = i >= 0 ? &c->card->values[i] : NULL;
		if (!v || !v->set)
			return NULL;
		*m = v->mark;
		return v->path;
	}
	if (!e->src_is_field)
		return e->src_path;
	if (e->src_field == FIELD_CATEGORY_ICON) {
		if (!c->card->category)
			return NULL;
		*m = c->card->category->icon_mark;
		return c->card->category->icon;
	}
	*m = c->deck->back.icon_mark;
	return c->deck->back.icon;
}

static bool matches(struct ctx *c, const struct element *e)
{
	for (size_t i = 0; i < e->nwhen; i++) {
		const struct cond *cond = &e->when[i];
		struct value v = field_value(c, cond->field, cond->custom);
		if (!cond->values) {
			if (!v.text[0])
				return false;
			continue;
		}
		bool any = false;
		for (const char *const *p = cond->values; *p && !any; p++)
			any = strcmp(*p, v.text) == 0;
		if (!any)
			return false;
	}
	return true;
}

/* A short name for the card in messages, in buf. */
static const char *card_name(const struct ctx *c, char *buf, size_t n)
{
	snprintf(buf, n, "%scard '%s'", c->card->special ? "special " : "", c->card->id);
	return buf;
}

/* Markup in a deck field's text that the deck does not allow there: the
 * spans markup_parse added to out from index first on. */
static bool check_markup_allowed(struct ctx *c, const struct tpart *part, const struct rich *out,
                                 size_t first, struct mark m)
{
	int i = part->field == FIELD_CUSTOM ? deck_find_field(c->deck, part->custom) : -1;
	if (i < 0)
		return true;
	unsigned allowed = c->deck->fields[i].markup, used = 0;
	for (size_t k = first; k < out->nspans; k++)
		used |= out->spans[k].style & ~allowed;
	if (!used)
		return true;
	char who[96];
	card_name(c, who, sizeof(who));
	diag_error(c->d, m, "%s is not allowed in {%s} of %s, %s; the deck's fields: allow %s",
	           used & RICH_BOLD ? "bold (**)" : "italic (*)", part->custom, who,
	           c->deck->langs.codes[c->lang],
	           allowed == 0          ? "none"
	           : allowed & RICH_BOLD ? "bold"
	                                 : "italic");
	return false;
}

/* Builds the rich text of a text element. Reports markup errors at the text
 * they come from. *from is the single translator text the element shows, if
 * any, so that fit errors can point at it. */
static bool build_text(struct ctx *c, const struct element *e, struct rich *out,
                       const struct ltext **from)
{
	const struct tpart *parts = e->text.parts[c->lang];
	size_t n = e->text.nparts[c->lang];
	bool ok = true;
	*from = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *err;
		size_t off;
		if (!parts[i].is_field) {
			char *lit = xstrndup(parts[i].text, parts[i].len);
			if (!markup_parse(out, lit, 0, &err, &off)) {
				diag_error(c->d, e->text.mark, "%s (in the text of element '%s')",
				           err, e->name);
				ok = false;
			}
			free(lit);
			continue;
		}
		struct value v = field_value(c, parts[i].field, parts[i].custom);
		if (!v.human) {
			rich_append_plain(out, v.text, strlen(v.text), 0);
			continue;
		}
		if (v.from && !*from)
			*from = v.from;
		struct mark m = v.from ? ltext_get_mark(v.from, c->lang) : e->mark;
		size_t first = out->nspans;
		if (!markup_parse(out, v.text, 0, &err, &off)) {
			char who[96];
			card_name(c, who, sizeof(who));
			diag_error(c->d, m, "%s (in {%s} of %s, %s)", err,
			           field_get_name(parts[i].field, parts[i].custom), who,
			           c->deck->langs.codes[c->lang]);
			ok = false;
		} else {
			ok &= check_markup_allowed(c, &parts[i], out, first, m);
		}
	}
	return ok;
}

/* The frame a text or image is set in before it is turned about its
 * centre by deg degrees: turned a quarter, width and height trade places,
 * so that the turned content fills the element's box. */
static struct box turned_frame(struct box b, double deg)
{
	if (fmod(fabs(deg), 180) != 90)
		return b;
	return (struct box){b.x + b.w / 2 - b.h / 2, b.y + b.h / 2 - b.w / 2, b.h, b.w};
}

/* Whether a text set at size is far enough below its design size (or
 * below 7pt) to warn; the warning's words after "is set at ...pt". */
static bool is_shrunk(double size, double design, char *why, size_t n)
{
	if (size < 7)
		snprintf(why, n, "below 7pt (its design size is %.4gpt)", design);
	else if (size < 0.8 * design)
		snprintf(why, n, "%.0f%% below its design size of %.4gpt",
		         100 * (1 - size / design), design);
	else
		return false;
	return true;
}

/* What make_hyphenated() hyphenates. */
struct hyph_arg {
	struct hyphenator *hy;
	const char *lang;
	const struct rich *text;
};

static bool make_hyphenated(struct rich *out, void *arg)
{
	const struct hyph_arg *a = arg;
	if (hyphenator_hyphenate(out, a->hy, a->lang, a->text))
		return true;
	rich_finish(out);
	return false;
}

/* Builds the text of e on c's card into it->rich, bound (rag: what a line
 * break must not part), and it->style at the design size, or at shared >
 * 0, the size the deck's cards share. False on a markup error; an empty
 * text leaves it->style unset. */
static bool start_text(struct ctx *c, const struct element *e, struct lay_item *it, double shared,
                       const struct ltext **from)
{
	rich_init(&it->rich);
	if (!build_text(c, e, &it->rich, from))
		return false;
	if (it->rich.len == 0)
		return true;
	it->style = e->style;
	it->style.lang = c->deck->langs.codes[c->lang];
	if (shared > 0)
		it->style.size = it->style.min_size = shared;
	rich_bind(&it->rich);
	return true;
}

/* The texts of elements made only of the deck's own words (literal text,
 * the category's name, the back's text, the deck's title, a type's label
 * or prompt) repeat from card to card: each distinct one is fitted once a
 * deck and language, and its layout shared by the cards that show it. A
 * text is found again by everything its fitting reads (the element, the
 * text as built and bound, the size the deck shares, the context and the
 * hyphenator), so a text found draws what fitting it again would. */
struct share_entry {
	const struct element *e;
	PangoContext *pctx;
	struct hyphenator *hy;
	double shared;
	struct rich in;       /* as built and bound */
	struct rich out;      /* what fitting made of it */
	struct fit_result fr; /* of out */
	enum text_made made;  /* how out was made */
	PangoLayout *layout;  /* may be NULL */
};

/* At most this many texts a deck and language (a category's name, the
 * back's text: a deck has few). */
enum { SHARE_MAX = 128 };

struct fit_share {
	struct share_entry *entries;
	size_t count, cap;
};

static bool is_share_field(enum field f)
{
	return f == FIELD_CATEGORY_NAME || f == FIELD_BACK_TEXT || f == FIELD_DECK_TITLE ||
	       f == FIELD_TYPE_LABEL || f == FIELD_TYPE_PROMPT;
}

/* Whether the text of e in language lang is made of the deck's own words. */
static bool is_shared_element(const struct element *e, size_t lang)
{
	for (size_t i = 0; i < e->text.nparts[lang]; i++)
		if (e->text.parts[lang][i].is_field &&
		    !is_share_field(e->text.parts[lang][i].field))
			return false;
	return true;
}

/* The entry of share for in (set up as the key's other fields say), or
 * NULL. */
static struct share_entry *share_find(struct fit_share *share, const struct share_entry *key)
{
	for (size_t i = 0; i < share->count; i++) {
		struct share_entry *m = &share->entries[i];
		if (m->e == key->e && m->pctx == key->pctx && m->hy == key->hy &&
		    m->shared == key->shared && rich_equal(&m->in, &key->in))
			return m;
	}
	return NULL;
}

/* Gives it what fitting in made, when share has it: it->rich (which holds
 * in) becomes a copy of the fitted text, it->layout a reference to the
 * shared layout. */
static bool share_get(struct fit_share *share, const struct share_entry *key, struct lay_item *it,
                      struct fit_result *fr)
{
	const struct share_entry *m = share_find(share, key);
	if (m) {
		rich_finish(&it->rich);
		rich_copy(&it->rich, &m->out);
		it->layout = m->layout ? g_object_ref(m->layout) : NULL;
		*fr = m->fr;
		it->made = m->made;
	}
	return m != NULL;
}

static void share_put(struct fit_share *share, struct share_entry *key, const struct rich *in,
                      const struct lay_item *it, const struct fit_result *fr)
{
	if (share->count < SHARE_MAX && !share_find(share, key)) {
		XGROW(share->entries, share->cap, share->count + 1);
		struct share_entry *m = &share->entries[share->count++];
		*m = *key;
		rich_copy(&m->in, in);
		rich_copy(&m->out, &it->rich);
		m->fr = *fr;
		m->made = it->made;
		m->layout = it->layout ? g_object_ref(it->layout) : NULL;
	}
}

static void share_destroy(struct fit_share *share)
{
	if (!share)
		return;
	for (size_t i = 0; i < share->count; i++) {
		rich_finish(&share->entries[i].in);
		rich_finish(&share->entries[i].out);
		if (share->entries[i].layout)
			g_object_unref(share->entries[i].layout);
	}
	free(share->entries);
	free(share);
}

static void fit_element_now(struct ctx *c, const struct element *e, struct lay_item *it,
                            bool measure, PangoContext *pctx, struct fit_result *fr);

/* Builds, binds and fits the text of e on c's card into it->box: it->rich
 * is the variant fitted (plain or hyphenated), it->style its style at the
 * design size. shared > 0 is the size the deck's cards share (`fit:
 * deck`): the text is set at that size, never larger or smaller. measure:
 * only the size is wanted, so the rag is left as it is. False on a markup
 * error; *fr is then untouched. */
static bool fit_element(struct ctx *c, const struct element *e, struct lay_item *it, double shared,
                        bool measure, PangoContext *pctx, struct fit_result *fr,
                        const struct ltext **from)
{
	if (!start_text(c, e, it, shared, from))
		return false;
	if (it->rich.len == 0)
		return true;
	struct share_entry key = {
	        .e = e, .pctx = pctx, .hy = c->hy, .shared = shared, .in = it->rich};
	struct fit_share *share = !measure && is_shared_element(e, c->lang) ? c->share : NULL;
	if (share && share_get(share, &key, it, fr))
		return true;
	struct rich in;
	if (share)
		rich_copy(&in, &it->rich);
	fit_element_now(c, e, it, measure, pctx, fr);
	if (share) {
		key.in = in;
		share_put(share, &key, &in, it, fr);
		rich_finish(&in);
	}
	return true;
}

/* The fitting of fit_element(), of the text it built and bound. */
static void fit_element_now(struct ctx *c, const struct element *e, struct lay_item *it,
                            bool measure, PangoContext *pctx, struct fit_result *fr)
{
	/* The hyphenated text is a second choice: fitting takes it only where
	 * it buys a larger size or makes the text fit at all, and makes it
	 * only then. */
	struct hyph_arg ha = {c->hy, it->style.lang, &it->rich};
	struct fit_hyphens hy = {.make = e->hyphenate ? make_hyphenated : NULL, .arg = &ha};
	fit_text_hyphen_lazily(pctx, &it->rich, &hy, &it->style, it->box.w, it->box.h, fr,
	                       measure ? NULL : &it->layout);
	if (fr->hyphenated) {
		/* the item draws what was fitted */
		rich_finish(&it->rich);
		it->rich = hy.rich;
		it->made = TEXT_HYPHENATED;
		return;
	}
	/* at its size, a few words hyphenated where a line is very short:
	 * looked for only where the fitted lines have one */
	struct rich ragged;
	PangoLayout *mended;
	if (fr->fits && !measure && it->layout &&
	    fit_improve_rag_lazily(pctx, &it->rich, it->layout, &hy, &it->style, it->box.w,
	                           it->box.h, fr, &ragged, &mended)) {
		/* the text changed: the item draws the mended layout */
		rich_finish(&it->rich);
		it->rich = ragged;
		it->made = TEXT_RAGGED;
		g_object_unref(it->layout);
		it->layout = mended;
	}
	if (hy.made)
		rich_finish(&hy.rich);
	return;
}

/* Balanced lines (`balance: true`): the box narrows to the narrowest
 * measure that keeps the lines the text has, on the side its alignment
 * leaves free (both for centred text), so the text stays where it was
 * aligned; a turned box narrows along its text's own direction. */
static void balance(struct lay_item *it, PangoContext *pctx)
{
	double w = it->box.w, bw = fit_balance_width(pctx, &it->rich, &it->style, w);
	if (bw >= w)
		return;
	if (it->layout) { /* wrapped at the old measure: the painter lays it out again */
		g_object_unref(it->layout);
		it->layout = NULL;
	}
	/* how far the box's centre moves along the text's lines */
	double d = 0;
	bool rtl = text_is_rtl(it->rich.text, it->rich.len);
	enum text_align side = text_align_side(it->style.align, rtl);
	if (side == ALIGN_JUSTIFY) /* its lines are full: it keeps its start */
		side = rtl ? ALIGN_RIGHT : ALIGN_LEFT;
	if (side == ALIGN_LEFT)
		d = (bw - w) / 2;
	else if (side == ALIGN_RIGHT)
		d = (w - bw) / 2;
	double cx = it->box.x + w / 2 + d * cos(it->angle);
	double cy = it->box.y + it->box.h / 2 + d * sin(it->angle);
	it->box.x = cx - bw / 2;
	it->box.y = cy - it->box.h / 2;
	it->box.w = bw;
}

/* Keeps in m what fitting decided for it, a text fitted into frame, as its
 * text k (appended by layout_text() before fitting). */
static void record_text(struct fit_memo *m, size_t k, const struct lay_item *it, struct box frame,
                        bool ok)
{
	struct fit_memo_text *tf = &m->texts[k];
	*tf = (struct fit_memo_text){.size = it->style.size,
	                             .dy = it->text_dy,
	                             .made = (unsigned char)it->made,
	                             .fits = it->fits,
	                             .ok = ok};
	bool moved = it->box.x != frame.x || it->box.y != frame.y || it->box.w != frame.w ||
	             it->box.h != frame.h;
	if (it->made != TEXT_RAGGED && !moved && it->fits)
		return;
	XGROW(m->rare, m->rare_cap, m->nrare + 1);
	struct fit_memo_rare *r = &m->rare[m->nrare++];
	*r = (struct fit_memo_rare){
	        .box = it->box, .overflow_w = it->overflow_w, .overflow_h = it->overflow_h};
	if (it->made == TEXT_RAGGED)
		rich_copy(&r->rag, &it->rich);
	else
		rich_init(&r->rag);
	tf->rare = (uint32_t)m->nrare;
}

/* layout_text() from what c->play kept: the text built as before, and set
 * as fitting set it, without fitting or shaping it. */
static bool replay_text(struct ctx *c, const struct element *e, struct lay_item *it, double shared)
{
	const struct fit_memo_text *tf = &c->play->texts[c->next++];
	const struct ltext *from;
	bool built = start_text(c, e, it, shared, &from);
	if (!built || it->rich.len == 0)
		return built;
	it->made = (enum text_made)tf->made;
	const struct fit_memo_rare *r = tf->rare ? &c->play->rare[tf->rare - 1] : NULL;
	struct rich made;
	if (it->made == TEXT_HYPHENATED)
		hyphenator_hyphenate(&made, c->hy, it->style.lang, &it->rich);
	else if (it->made == TEXT_RAGGED)
		rich_copy(&made, &r->rag);
	if (it->made != TEXT_PLAIN) {
		rich_finish(&it->rich);
		it->rich = made;
	}
	it->style.size = tf->size;
	it->fits = tf->fits;
	it->text_dy = tf->dy;
	if (r) {
		it->box = r->box;
		it->overflow_w = r->overflow_w;
		it->overflow_h = r->overflow_h;
	}
	return tf->ok;
}

static bool layout_text(struct ctx *c, const struct element *e, struct lay_item *it,
                        PangoContext *pctx, double shared)
{
	struct box frame = turned_frame(e->box, e->rotate);
	it->box = frame;
	it->angle = e->rotate * G_PI / 180;
	if (c->play)
		return replay_text(c, e, it, shared);
	size_t k = 0;
	if (c->rec) {
		XGROW(c->rec->texts, c->rec->cap, c->rec->count + 1);
		k = c->rec->count++;
		c->rec->texts[k] = (struct fit_memo_text){0};
	}
	const struct ltext *from;
	struct fit_result fr;
	if (!fit_element(c, e, it, shared, false, pctx, &fr, &from))
		return false;
	if (it->rich.len == 0)
		return true;
	char who[96]; /* named only in a message: most texts have none */
	const char *lang = c->deck->langs.codes[c->lang];
	struct mark m = from ? ltext_get_mark(from, c->lang) : e->mark;
	bool ok = true;
	if (!fr.fits) {
		struct buf b;
		buf_init(&b);
		fit_describe_overflow(&fr, &b);
		diag_error(c->d, m,
		           "text of %s does not fit element '%s' in '%s' even at %.4gpt: %s",
		           card_name(c, who, sizeof(who)), e->name, lang, fr.size, buf_str(&b));
		buf_finish(&b);
		ok = false;
	}
	char why[96];
	/* a shared size is reported once, by deck_fit_init() */
	if (fr.fits && shared <= 0 && is_shrunk(fr.size, e->style.size, why, sizeof(why)))
		diag_warning(c->d, m, "text of %s is set at %.4gpt in element '%s' (%s), %s",
		             card_name(c, who, sizeof(who)), fr.size, e->name, lang, why);
	if (fr.unknown_glyphs > 0) {
		PangoLayout *l = it->layout ? g_object_ref(it->layout) : pango_layout_new(pctx);
		if (!it->layout)
			text_layout_setup(l, &it->rich, &it->style, fr.size, frame.w);
		gunichar ch = text_first_unknown_char(l);
		g_object_unref(l);
		char utf8[8] = {0};
		g_unichar_to_utf8(ch, utf8);
		diag_error(c->d, m, "character U+%04X '%s' in %s (%s) is in no font in fonts/",
		           (unsigned)ch, utf8, card_name(c, who, sizeof(who)), lang);
		ok = false;
	}
	it->style.size = fr.size;
	it->fits = fr.fits;
	it->overflow_w = fr.overflow_w;
	it->overflow_h = fr.overflow_h;
	if (e->balance && fr.fits)
		balance(it, pctx);
	switch (e->valign) {
	case VALIGN_TOP:
		it->text_dy = 0;
		break;
	case VALIGN_MIDDLE:
		it->text_dy = (frame.h - fr.height) / 2;
		break;
	case VALIGN_BOTTOM:
		it->text_dy = frame.h - fr.height;
		break;
	}
	if (c->rec)
		record_text(c->rec, k, it, frame, ok);
	return ok;
}

/* A QR code of the element's data (fields expanded as they are, without
 * markup) whose modules are at least 0.4 mm, so that phones read it printed;
 * an empty data draws nothing. */
static bool layout_qr(struct ctx *c, const struct element *e, struct lay_item *it)
{
	struct buf data;
	buf_init(&data);
	const struct tpart *parts = e->qr_data.parts[c->lang];
	for (size_t i = 0; i < e->qr_data.nparts[c->lang]; i++) {
		if (parts[i].is_field)
			buf_puts(&data, field_value(c, parts[i].field, parts[i].custom).text);
		else
			buf_append(&data, parts[i].text, parts[i].len);
	}
	if (!data.len) {
		buf_finish(&data);
		return true;
	}
	char who[96];
	card_name(c, who, sizeof(who));
	const char *lang = c->deck->langs.codes[c->lang];
	bool ok = true;
	if (!qr_encode(&it->qr, buf_str(&data), e->qr_level)) {
		diag_error(c->d, e->qr_data.mark,
		           "data of qr element '%s' on %s (%s) is too long for a QR code (%zu "
		           "bytes)",
		           e->name, who, lang, data.len);
		ok = false;
	} else {
		int modules = it->qr.width + 2 * QR_QUIET_ZONE;
		it->module = fmin(e->box.w, e->box.h) / modules;
		if (it->module < 0.4 * PT_PER_MM - 1e-9) {
			diag_error(c->d, e->mark,
			           "qr element '%s' on %s (%s) has modules of %.2fmm, below the "
			           "0.4mm phones read; make it at least %.1fmm square or shorten "
			           "its data (%zu bytes, %d modules with the quiet zone)",
			           e->name, who, lang, it->module / PT_PER_MM, modules * 0.4,
			           data.len, modules);
			qr_finish(&it->qr);
			ok = false;
		}
	}
	buf_finish(&data);
	return ok;
}

/* The code centred in its box: the quiet zone in the background colour,
 * then the dark modules as one path. */
static void put_qr(struct dlist *dl, const struct lay_item *it)
{
	double m = it->module, side = m * (it->qr.width + 2 * QR_QUIET_ZONE);
	double x = it->box.x + (it->box.w - side) / 2, y = it->box.y + (it->box.h - side) / 2;
	struct dl_path *p;
	if (it->has_fill) {
		p = dlist_add_path(dl, 0);
		dl_path_rect(p, (struct box){x, y, side, side}, 0);
		dl_path_set_fill(p, it->fill);
	}
	p = dlist_add_path(dl, 0);
	qr_add_to_path(&it->qr, p, x + QR_QUIET_ZONE * m, y + QR_QUIET_ZONE * m, m);
	dl_path_set_fill(p, it->color);
}

/* The template face a card uses for its front or back. */
static const struct face *layout_get_face(const struct deck *deck, const struct card *card,
                                          enum face_kind face)
{
	const struct template *t = deck->tmpl;
	if (face == FACE_FRONT && card->special && t->has_special)
		return &t->faces[FACE_SPECIAL];
	return &t->faces[face == FACE_BACK ? FACE_BACK : FACE_FRONT];
}

static struct box bleed_rect(const struct deck *deck, struct box b)
{
	const double eps = 0.01;
	double x0 = b.x, y0 = b.y, x1 = b.x + b.w, y1 = b.y + b.h;
	if (x0 <= eps)
		x0 = -deck->bleed;
	if (y0 <= eps)
		y0 = -deck->bleed;
	if (x1 >= deck->trim_w - eps)
		x1 = deck->trim_w + deck->bleed;
	if (y1 >= deck->trim_h - eps)
		y1 = deck->trim_h + deck->bleed;
	return (struct box){x0, y0, x1 - x0, y1 - y0};
}

/* A row of circles across the box, the first dot_filled of them filled. */
static void put_dots(struct dlist *dl, const struct lay_item *it)
{
	double n = (double)it->dot_count;
	double d = fmin(it->box.h, it->box.w / (n + (n - 1) * 0.5));
	double gap = n > 1 ? (it->box.w - n * d) / (n - 1) : 0;
	gap = fmin(gap, d * 0.6);
	double r = d / 2, sw = it->has_stroke ? it->stroke_width : 0;
	for (long i = 0; i < it->dot_count; i++) {
		double cx = it->box.x + r + (double)i * (d + gap), cy = it->box.y + it->box.h / 2;
		struct dl_path *p = dlist_add_path(dl, DL_NEW_PATH_BEFORE);
		dl_path_arc(p, cx, cy, r - sw / 2, 0, 2 * G_PI);
		if (i < it->dot_filled && it->has_fill)
			dl_path_set_fill(p, it->fill);
		dl_path_set_stroke(p, it->has_stroke ? it->stroke : it->fill, sw > 0 ? sw : 0.5);
	}
}

static void put_item(struct dlist *dl, const struct lay_item *it)
{
	struct dl_path *p;
	struct dl_text *t;
	switch (it->type) {
	case ELEM_RECT:
		p = dlist_add_path(dl, 0);
		dl_path_rect(p, it->box, it->radius);
		if (it->has_fill)
			dl_path_set_fill(p, it->fill);
		if (it->has_stroke)
			dl_path_set_stroke(p, it->stroke, it->stroke_width);
		break;
	case ELEM_TEXT:
		t = dlist_add_text(dl);
		dl_text_set_rich(t, &it->rich);
		t->style = it->style;
		t->width = it->box.w;
		t->box = it->box;
		t->dy = it->text_dy;
		t->angle = it->angle;
		t->color = it->color;
		t->layout = it->layout ? g_object_ref(it->layout) : NULL;
		break;
	case ELEM_IMAGE:
		dlist_add_image(dl, it->image, it->box, false)->angle = it->angle;
		break;
	case ELEM_LINE:
		p = dlist_add_path(dl, 0);
		dl_path_move_to(p, it->x1, it->y1);
		dl_path_line_to(p, it->x2, it->y2);
		dl_path_set_stroke(p, it->color, it->width);
		break;
	case ELEM_DOTS:
		put_dots(dl, it);
		break;
	case ELEM_QR:
		put_qr(dl, it);
		break;
	}
}

/* The card a face of card shows: card itself, but on a uniform back, which
 * is one back for every card (a blind shuffle), a copy in *blind without
 * its category: no name, colour, icon, index or when: of it shows there. */
static const struct card *face_card(const struct deck *deck, const struct card *card,
                                    enum face_kind face, struct card *blind)
{
	if (face != FACE_BACK || deck->back.design != BACK_UNIFORM || !card->category)
		return card;
	*blind = *card;
	blind->category = NULL;
	blind->cat_index = 0;
	return blind;
}

/* The smallest size at which the text of e (of face f) fits on every card
 * that shows it, each fitted on its own; 0 when no card shows a text
 * there. *limit is the card that set it. */
static double shared_size(struct ctx *c, const struct element *e, const struct face *f,
                          PangoContext *pctx, const struct card **limit)
{
	const struct deck *deck = c->deck;
	double least = 0;
	for (size_t k = 0; k < deck->ncards; k++) {
		const struct card *card = &deck->cards[k];
		bool front = layout_get_face(deck, card, FACE_FRONT) == f;
		if (!front && layout_get_face(deck, card, FACE_BACK) != f)
			continue;
		struct card blind;
		c->card = face_card(deck, card, front ? FACE_FRONT : FACE_BACK, &blind);
		if (!matches(c, e))
			continue;
		struct lay_item it = {.box = turned_frame(e->box, e->rotate)};
		struct fit_result fr;
		const struct ltext *from;
		if (fit_element(c, e, &it, 0, true, pctx, &fr, &from) && it.rich.len > 0 &&
		    (least == 0 || fr.size < least)) {
			least = fr.size;
			*limit = card;
		}
		rich_finish(&it.rich);
	}
	c->card = NULL;
	return least;
}

void deck_fit_init(struct deck_fit *out, const struct deck *deck, size_t lang, PangoContext *pctx,
                   struct hyphenator *hy, struct diag *d)
{
	*out = (struct deck_fit){0};
	out->share = xcalloc(1, sizeof(*out->share));
	/* the cards report their own markup and fit errors when laid out */
	struct diag quiet;
	diag_init(&quiet);
	struct ctx c = {.deck = deck, .lang = lang, .hy = hy, .d = &quiet};
	for (int fi = 0; fi < FACE_COUNT_; fi++) {
		const struct face *f = &deck->tmpl->faces[fi];
		for (size_t i = 0; i < f->count; i++) {
			const struct element *e = &f->elems[i];
			if (e->type != ELEM_TEXT || e->fit != FIT_DECK)
				continue;
			if (!out->sizes[fi])
				out->sizes[fi] = xcalloc(f->count, sizeof(*out->sizes[fi]));
			const struct card *limit = NULL;
			double size = shared_size(&c, e, f, pctx, &limit);
			out->sizes[fi][i] = size;
			char why[96];
			if (size > 0 && is_shrunk(size, e->style.size, why, sizeof(why)))
				diag_warning(d, e->mark,
				             "element '%s' is set at %.4gpt on every card of deck "
				             "'%s' (%s, fit: deck), %s; card '%s' sets the size",
				             e->name, size, deck->id, deck->langs.codes[lang], why,
				             limit->id);
		}
	}
	diag_finish(&quiet);
}

void deck_fit_finish(struct deck_fit *df)
{
	for (int fi = 0; fi < FACE_COUNT_; fi++)
		free(df->sizes[fi]);
	share_destroy(df->share);
	*df = (struct deck_fit){0};
}

/* layout_card_face() with c's deck, card, language, hyphenator, messages
 * and memo; the texts fit shares are fit's. */
static bool layout_face(struct face_layout *out, struct ctx *c, enum face_kind face,
                        PangoContext *pctx, const struct deck_fit *fit)
{
	const struct deck *deck = c->deck;
	const struct face *tf = layout_get_face(deck, c->card, face);
	*out = (struct face_layout){.card = c->card,
	                            .face = face,
	                            .lang = c->lang,
	                            .trim_w = deck->trim_w,
	                            .trim_h = deck->trim_h,
	                            .bleed = deck->bleed};
	out->items = xcalloc(tf->count ? tf->count : 1, sizeof(*out->items));
	c->share = fit ? fit->share : NULL;
	const struct card *own = c->card;
	struct card blind;
	c->card = face_card(deck, own, face, &blind);
	bool ok = true;
	for (size_t i = 0; i < tf->count; i++) {
		const struct element *e = &tf->elems[i];
		if (!matches(c, e))
			continue;
		struct lay_item *it = &out->items[out->count];
		*it = (struct lay_item){.type = e->type, .box = e->box};
		bool keep = true;
		switch (e->type) {
		case ELEM_RECT:
			it->has_fill = resolve_color(c, &e->fill, &it->fill);
			it->has_stroke = resolve_color(c, &e->stroke, &it->stroke);
			if (it->has_fill)
				it->fill = color_tint(it->fill, e->tint);
			it->stroke_width = e->stroke_width;
			it->radius = e->radius;
			if (e->bleed)
				it->box = bleed_rect(deck, e->box);
			keep = it->has_fill || it->has_stroke;
			break;
		case ELEM_TEXT:
			it->name = e->name;
			it->design_size = e->style.size;
			if (!resolve_color(c, &e->color, &it->color))
				it->color = (struct color){0, 0, 0};
			ok &= layout_text(c, e, it, pctx,
			                  fit && fit->sizes[tf - deck->tmpl->faces]
			                          ? fit->sizes[tf - deck->tmpl->faces][i]
			                          : 0);
			keep = it->rich.len > 0;
			if (!keep) {
				rich_finish(&it->rich);
				if (it->layout)
					g_object_unref(it->layout);
			}
			break;
		case ELEM_IMAGE:
			it->image = resolve_image(c, e, &it->image_mark);
			it->box = turned_frame(e->box, e->rotate);
			it->angle = e->rotate * G_PI / 180;
			keep = it->image != NULL;
			break;
		case ELEM_QR:
			if (!resolve_color(c, &e->color, &it->color))
				it->color = (struct color){0, 0, 0};
			it->has_fill = resolve_color(c, &e->background, &it->fill);
			ok &= layout_qr(c, e, it);
			keep = it->qr.width > 0;
			break;
		case ELEM_LINE:
			it->x1 = e->x1;
			it->y1 = e->y1;
			it->x2 = e->x2;
			it->y2 = e->y2;
			it->width = e->width;
			if (!resolve_color(c, &e->color, &it->color))
				it->color = (struct color){0, 0, 0};
			break;
		case ELEM_DOTS: {
			struct value v = field_value(c, e->dot_value, e->dot_custom);
			long filled = 0;
			for (const char *p = v.text; *p >= '0' && *p <= '9'; p++)
				filled = filled * 10 + (*p - '0');
			it->dot_count = e->dot_count;
			it->dot_filled = filled < e->dot_count ? filled : e->dot_count;
			it->has_fill = resolve_color(c, &e->fill, &it->fill);
			it->has_stroke = resolve_color(c, &e->stroke, &it->stroke);
			it->stroke_width = e->stroke_width;
			keep = v.text[0] != '\0';
			break;
		}
		}
		if (keep)
			out->count++;
	}
	c->card = own;
	dlist_init(&out->dlist, deck->trim_w, deck->trim_h, deck->bleed);
	out->dlist.die_radius = deck->corner_radius;
	for (size_t i = 0; i < out->count; i++)
		put_item(&out->dlist, &out->items[i]);
	return ok;
}

bool layout_card_face(struct face_layout *out, const struct deck *deck, const struct card *card,
                      enum face_kind face, size_t lang, PangoContext *pctx, struct hyphenator *hy,
                      const struct deck_fit *fit, struct diag *d)
{
	struct ctx c = {.deck = deck, .card = card, .lang = lang, .hy = hy, .d = d};
	return layout_face(out, &c, face, pctx, fit);
}

bool layout_card_face_record(struct face_layout *out, const struct deck *deck,
                             const struct card *card, enum face_kind face, size_t lang,
                             PangoContext *pctx, struct hyphenator *hy, const struct deck_fit *fit,
                             struct fit_memo *memo, struct diag *d)
{
	struct ctx c = {.deck = deck, .card = card, .lang = lang, .hy = hy, .d = d, .rec = memo};
	return layout_face(out, &c, face, pctx, fit);
}

bool layout_card_face_again(struct face_layout *out, const struct deck *deck,
                            const struct card *card, enum face_kind face, size_t lang,
                            struct hyphenator *hy, const struct deck_fit *fit,
                            const struct fit_memo *memo, size_t first)
{
	struct diag quiet;
	diag_init(&quiet);
	struct ctx c = {.deck = deck,
	                .card = card,
	                .lang = lang,
	                .hy = hy,
	                .d = &quiet,
	                .play = memo,
	                .next = first};
	bool ok = layout_face(out, &c, face, NULL, fit);
	diag_finish(&quiet);
	return ok;
}

void face_layout_finish(struct face_layout *fl)
{
	for (size_t i = 0; i < fl->count; i++)
		if (fl->items[i].type == ELEM_TEXT) {
			rich_finish(&fl->items[i].rich);
			if (fl->items[i].layout)
				g_object_unref(fl->items[i].layout);
		} else if (fl->items[i].type == ELEM_QR)
			qr_finish(&fl->items[i].qr);
	free(fl->items);
	dlist_finish(&fl->dlist);
	*fl = (struct face_layout){0};
}

void fit_memo_init(struct fit_memo *m)
{
	*m = (struct fit_memo){0};
}

void fit_memo_finish(struct fit_memo *m)
{
	for (size_t i = 0; i < m->nrare; i++)
		rich_finish(&m->rare[i].rag);
	free(m->texts);
	free(m->rare);
	*m = (struct fit_memo){0};
}
