#include "typeset/script.h"

#include <string.h>

/* Whether s is one of the scripts lang is written in; any script when
 * Pango does not know the language. */
static bool is_own_script(const char *lang, GUnicodeScript s)
{
	int n = 0;
	const PangoScript *own = pango_language_get_scripts(pango_language_from_string(lang), &n);
	if (!own || n == 0)
		return true;
	for (int i = 0; i < n; i++)
		if ((GUnicodeScript)own[i] == s)
			return true;
	return false;
}

/* Whether a font of ctx has c, drawn alone. Each context remembers the
 * characters it was asked about (a small table, freed with the context),
 * so a kit's texts cost a lookup a character rather than a layout each;
 * guarded by a lock, as layout may happen on several threads. */
static bool has_char(PangoContext *ctx, gunichar c)
{
	static GMutex lock;
	static GQuark quark;
	g_mutex_lock(&lock);
	if (!quark)
		quark = g_quark_from_static_string("deckpress-covered-chars");
	GHashTable *seen = g_object_get_qdata(G_OBJECT(ctx), quark);
	if (!seen) {
		seen = g_hash_table_new(g_direct_hash, g_direct_equal);
		g_object_set_qdata_full(G_OBJECT(ctx), quark, seen,
		                        (GDestroyNotify)g_hash_table_unref);
	}
	/* stored as 1 (no font has it) or 2 (covered), so 0 is a miss */
	int known = GPOINTER_TO_INT(g_hash_table_lookup(seen, GUINT_TO_POINTER(c)));
	g_mutex_unlock(&lock);
	if (known)
		return known == 2;
	char one[8] = {0};
	g_unichar_to_utf8(c, one);
	PangoLayout *l = pango_layout_new(ctx);
	pango_layout_set_text(l, one, -1);
	bool has = pango_layout_get_unknown_glyphs_count(l) == 0;
	g_object_unref(l);
	g_mutex_lock(&lock);
	g_hash_table_insert(seen, GUINT_TO_POINTER(c), GINT_TO_POINTER(has ? 2 : 1));
	g_mutex_unlock(&lock);
	return has;
}

bool script_find_uncovered(PangoContext *ctx, const char *lang, const char *text, uint32_t *ch,
                           char utf8[8], char script[5])
{
	GUnicodeScript covered[16]; /* scripts found in a font already */
	size_t ncovered = 0;
	/* each script character in turn, by the first of its script */
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		GUnicodeScript s = g_unichar_get_script(c);
		bool known = s == G_UNICODE_SCRIPT_COMMON || s == G_UNICODE_SCRIPT_INHERITED ||
		             s == G_UNICODE_SCRIPT_UNKNOWN;
		for (size_t i = 0; i < ncovered && !known; i++)
			known = covered[i] == s;
		/* after the scripts found: asking Pango costs more, and most
		 * characters are of a script found already */
		if (known || !is_own_script(lang, s))
			continue;
		if (has_char(ctx, c)) {
			if (ncovered < 16)
				covered[ncovered++] = s;
			continue;
		}
		memset(utf8, 0, 8);
		g_unichar_to_utf8(c, utf8);
		guint32 code = g_unicode_script_to_iso15924(s);
		for (int i = 0; i < 4; i++)
			script[i] = (char)(code >> (24 - 8 * i) & 0xFF);
		script[4] = '\0';
		*ch = c;
		return true;
	}
	return false;
}
