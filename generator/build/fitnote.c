#include "build/fitnote.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "layout/card.h"
#include "model/deck.h"
#include "typeset/fonts.h"
#include "typeset/hyphen.h"
#include "util/buf.h"
#include "util/mem.h"

static const char *const face_words[] = {"front", "back", "front"};

/* The owner and field (as model/item.h names them) of a text part of card
 * c; NULL when the part is no text of the kit's. */
static const char *part_owner(const struct tpart *p, const struct card *c, struct buf *owner)
{
	buf_clear(owner);
	switch (p->field) {
	case FIELD_TITLE:
	case FIELD_TEXT:
	case FIELD_CUSTOM:
		buf_printf(owner, "card %s", c->id);
		return p->field == FIELD_CUSTOM  ? p->custom
		       : p->field == FIELD_TITLE ? "title"
		                                 : "text";
	case FIELD_CATEGORY_NAME:
		if (!c->category)
			return NULL;
		buf_printf(owner, "category %s", c->category->id);
		return "name";
	case FIELD_TYPE_LABEL:
	case FIELD_TYPE_PROMPT:
		if (!c->type)
			return NULL;
		buf_printf(owner, "type %s", c->type->id);
		return p->field == FIELD_TYPE_LABEL ? "label" : "prompt";
	case FIELD_DECK_TITLE:
		buf_puts(owner, "deck");
		return "title";
	case FIELD_BACK_TEXT:
		buf_puts(owner, "back");
		return "text";
	default:
		return NULL;
	}
}

/* The unit of item it with owner and field that has no note yet. */
static struct unit *unit_for(struct units *u, const struct kit_item *it, const char *owner,
                             const char *field)
{
	for (size_t i = 0; i < u->count; i++) {
		struct unit *x = &u->items[i];
		if (x->it == it && !x->fit && strcmp(x->x->owner, owner) == 0 &&
		    strcmp(x->x->field, field) == 0)
			return x;
	}
	return NULL;
}

/* "front 'body': box 52.0 × 40.0 mm, design 18 pt; the 'en' text fits at
 * 16.5 pt", with "on card T03, " first for a text that is not the card's. */
static char *describe(const struct unit *x, const struct card *c, enum face_kind f,
                      const struct lay_item *li, const char *lang)
{
	struct buf b;
	buf_init(&b);
	/* the card is named unless the text is the card's own */
	if (strncmp(x->x->owner, "card ", 5) != 0 || strcmp(x->x->owner + 5, c->id) != 0)
		buf_printf(&b, "on card %s, ", c->id);
	buf_printf(&b, "%s '%s': box %.1f × %.1f mm, design %g pt; ", face_words[f], li->name,
	           li->box.w / PT_PER_MM, li->box.h / PT_PER_MM, li->design_size);
	if (!x->target || !x->target[0])
		buf_printf(&b, "no '%s' text yet", lang);
	else if (!li->fits)
		buf_printf(&b, "the '%s' text does not fit, even at %g pt", lang, li->style.size);
	else if (li->style.size < li->design_size)
		buf_printf(&b, "the '%s' text fits at %g pt", lang, li->style.size);
	else
		buf_printf(&b, "the '%s' text fits at the design size", lang);
	return buf_detach(&b);
}

/* Notes for the texts one laid-out face shows. */
static void note_face(struct units *u, const struct kit_item *it, const struct face_layout *fl,
                      const struct face *tf, const char *lang)
{
	struct buf owner;
	buf_init(&owner);
	for (size_t i = 0; i < fl->count; i++) {
		const struct lay_item *li = &fl->items[i];
		const struct element *e = NULL;
		for (size_t k = 0; li->type == ELEM_TEXT && !e && k < tf->count; k++)
			if (tf->elems[k].type == ELEM_TEXT && tf->elems[k].name == li->name)
				e = &tf->elems[k];
		if (!e)
			continue;
		for (size_t p = 0; p < e->text.nparts[fl->lang]; p++) {
			const struct tpart *part = &e->text.parts[fl->lang][p];
			const char *field =
			        part->is_field ? part_owner(part, fl->card, &owner) : NULL;
			struct unit *x = field ? unit_for(u, it, buf_str(&owner), field) : NULL;
			/* in the source language's layout: where the translation is missing */
			bool missing = !x || !x->target || !x->target[0];
			if (x && missing == (fl->lang == 0))
				x->fit = describe(x, fl->card, fl->face, li, lang);
		}
	}
	buf_finish(&owner);
}

/* The template face a card shows as f (a special card may have its own). */
static const struct face *face_of(const struct deck *d, const struct card *c, enum face_kind f)
{
	if (f == FACE_FRONT && c->special && d->tmpl->has_special)
		return &d->tmpl->faces[FACE_SPECIAL];
	return &d->tmpl->faces[f];
}

static void note_deck(struct units *u, const struct kit_item *it, const char *lang,
                      PangoContext *pango, struct hyphenator *hy)
{
	const struct deck *d = it->as.deck;
	int l = d ? langs_find(&d->langs, lang) : -1;
	if (l < 0)
		return;
	struct diag quiet;
	diag_init(&quiet);
	/* the translation where there is one, then the source where there is not */
	for (size_t pass = 0; pass < 2; pass++) {
		size_t lang_at = pass ? 0 : (size_t)l;
		struct deck_fit fit; /* the sizes a build sets a fit: deck element at */
		deck_fit_init(&fit, d, lang_at, pango, hy, &quiet);
		for (size_t c = 0; c < d->ncards; c++) {
			for (int f = FACE_FRONT; f <= FACE_BACK; f++) {
				struct face_layout fl;
				layout_card_face(&fl, d, &d->cards[c], (enum face_kind)f, lang_at,
				                 pango, hy, &fit, &quiet);
				note_face(u, it, &fl, face_of(d, &d->cards[c], (enum face_kind)f),
				          lang);
				face_layout_finish(&fl);
			}
		}
		deck_fit_finish(&fit);
	}
	diag_finish(&quiet);
}

void fitnote_annotate(const struct kit *kit, const char *lang, struct units *u, void *root)
{
	struct diag quiet;
	diag_init(&quiet);
	struct buf dir, kdir;
	buf_init(&dir);
	buf_init(&kdir);
	buf_printf(&dir, "%s/fonts", (const char *)root);
	buf_printf(&kdir, "%s/fonts", kit->dir);
	struct stat st;
	struct fonts *fonts = NULL;
	bool ok = stat(buf_str(&kdir), &st) == 0 && S_ISDIR(st.st_mode)
	                  ? fonts_create_for_kit(&fonts, buf_str(&dir), buf_str(&kdir), &quiet)
	                  : fonts_create(&fonts, buf_str(&dir), &quiet);
	struct hyphenator *hy = hyphenator_create(NULL);
	buf_clear(&dir);
	buf_printf(&dir, "%s/templates/hyphenation", (const char *)root);
	hyphenator_set_builtin_dir(hy, buf_str(&dir));
	for (size_t i = 0; i < kit->nhyphenation; i++)
		hyphenator_add_exception(hy, kit->hyphenation[i].lang, kit->hyphenation[i].entry);
	for (size_t i = 0; ok && i < kit->nitems; i++)
		if (kit->items[i].kind == KIND_DECK && kit->items[i].asked)
			note_deck(u, &kit->items[i], lang, fonts_get_context(fonts), hy);
	hyphenator_destroy(hy);
	fonts_destroy(fonts);
	buf_finish(&dir);
	buf_finish(&kdir);
	diag_finish(&quiet);
}
