#include "model/lint.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

/* A text must have letters to be worth translating: "T01", "1.0" and "–" are
 * the same in every language. */
static bool has_letters(const char *s)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (g_unichar_isalpha(g_utf8_get_char(p)))
			return true;
	return false;
}

/* True when text contains term at the start of a word, ignoring case, so
 * that "kerneopgave" is found in "Kerneopgaven". */
static bool lint_has_term(const char *text, const char *term)
{
	gchar *t = g_utf8_casefold(text, -1), *w = g_utf8_casefold(term, -1);
	bool found = false;
	size_t wl = strlen(w);
	for (const char *p = t; !found && (p = strstr(p, w)); p++) {
		if (p == t) {
			found = true;
			break;
		}
		const char *prev = g_utf8_find_prev_char(t, p);
		found = !prev || !g_unichar_isalnum(g_utf8_get_char(prev));
		(void)wl;
	}
	g_free(t);
	g_free(w);
	return found;
}

/* One translation against its source: empty, identical, or missing a
 * glossary term. */
static void lint_translation(const struct kit *kit, const struct lang_plan *plan,
                             const char *src_lang, const char *src, const char *lang, const char *s,
                             bool same, struct mark m, const char *what, struct diag *d)
{
	if (s == lang_plan_get_missing_text(plan, lang))
		return; /* missing: the kit reports it, or marks it in a draft */
	if (!s[0] && src[0]) {
		if (lang_plan_requires(plan, lang))
			diag_error(d, m, "the '%s' translation of %s is empty", lang, what);
		return;
	}
	if (same)
		return;
	if (strcmp(s, src) == 0 && has_letters(src)) {
		diag_warning(
		        d, m,
		        "the '%s' translation of %s is the same as the '%s' text; translate it, "
		        "or write \"=\" if it is meant to be the same",
		        lang, what, src_lang);
		return;
	}
	int ks = langs_find(&kit->langs, src_lang), kt = langs_find(&kit->langs, lang);
	for (size_t g = 0; ks >= 0 && kt >= 0 && g < kit->nglossary; g++) {
		const struct ltext *term = &kit->glossary[g];
		const char *ts = ltext_get(term, (size_t)ks), *tt = ltext_get(term, (size_t)kt);
		if (ts[0] && tt[0] && lint_has_term(src, ts) && !lint_has_term(s, tt))
			diag_warning(d, m,
			             "the '%s' translation of %s does not use the glossary's '%s' "
			             "for '%s'",
			             lang, what, tt, ts);
	}
}

/* The plan of the item the deck was read from: its own drafts, or the kit's. */
static const struct lang_plan *plan_of(const struct kit *kit, const struct deck *deck)
{
	for (size_t i = 0; i < kit->nitems; i++)
		if (kit->items[i].kind == KIND_DECK && kit->items[i].as.deck == deck)
			return kit->items[i].plan;
	return &kit->plan;
}

static void lint_text(const struct kit *kit, const struct deck *deck, const struct ltext *t,
                      const char *what, struct diag *d)
{
	if (!ltext_is_set(t) || t->plain)
		return;
	for (size_t i = 1; i < t->count; i++)
		lint_translation(kit, plan_of(kit, deck), deck->langs.codes[0], ltext_get(t, 0),
		                 deck->langs.codes[i], ltext_get(t, i), ltext_is_same(t, i),
		                 ltext_get_mark(t, i), what, d);
}

void lint_item(const struct kit *kit, const struct kit_item *it, struct diag *d)
{
	char what[160];
	if (kit->langs.count < 2 || (it->kind != KIND_BOARD && it->kind != KIND_DOCUMENT))
		return;
	for (size_t t = 0; t < it->ntexts; t++) {
		const struct item_text *x = &it->texts[t];
		if (!x->s || !x->s[0])
			continue; /* the loader reports missing translations */
		snprintf(what, sizeof(what), "'%s' of '%s'", x->field, x->owner);
		for (size_t i = 1; i < it->langs.count; i++)
			if (x->s[i])
				lint_translation(kit, it->plan, it->langs.codes[0], x->s[0],
				                 it->langs.codes[i], x->s[i],
				                 strcmp(x->s[i], "=") == 0, x->marks[i], what, d);
	}
}

void lint_deck(const struct kit *kit, const struct deck *deck, struct diag *d)
{
	char what[160];
	lint_text(kit, deck, &deck->title, "the deck title", d);
	lint_text(kit, deck, &deck->subject, "the deck subject", d);
	lint_text(kit, deck, &deck->back.text, "the back text", d);
	for (size_t i = 0; i < deck->ncategories; i++) {
		snprintf(what, sizeof(what), "the name of category '%s'", deck->categories[i].id);
		lint_text(kit, deck, &deck->categories[i].name, what, d);
	}
	for (size_t i = 0; i < deck->ntypes; i++) {
		snprintf(what, sizeof(what), "the label of type '%s'", deck->types[i].id);
		lint_text(kit, deck, &deck->types[i].label, what, d);
		snprintf(what, sizeof(what), "the prompt of type '%s'", deck->types[i].id);
		lint_text(kit, deck, &deck->types[i].prompt, what, d);
	}
	for (size_t i = 0; i < deck->ncards; i++) {
		const struct card *c = &deck->cards[i];
		snprintf(what, sizeof(what), "the title of card '%s'", c->id);
		lint_text(kit, deck, &c->title, what, d);
		snprintf(what, sizeof(what), "the text of card '%s'", c->id);
		lint_text(kit, deck, &c->text, what, d);
		for (size_t f = 0; f < deck->nfields; f++) {
			if (deck->fields[f].kind != DFIELD_TEXT || !c->values[f].set)
				continue;
			snprintf(what, sizeof(what), "the %s of card '%s'", deck->fields[f].name,
			         c->id);
			lint_text(kit, deck, &c->values[f].text, what, d);
		}
	}
}
