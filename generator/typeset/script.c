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

bool script_find_uncovered(PangoContext *ctx, const char *lang, const char *text, uint32_t *ch,
                           char utf8[8], char script[5])
{
	GUnicodeScript covered[16]; /* scripts found in a font already */
	size_t ncovered = 0;
	PangoLayout *l = pango_layout_new(ctx);
	pango_layout_set_text(l, text, -1);
	bool found = false;
	if (pango_layout_get_unknown_glyphs_count(l) > 0) {
		/* a script character among the unknown ones: check each in turn */
		for (const char *p = text; *p && !found; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			GUnicodeScript s = g_unichar_get_script(c);
			bool known = s == G_UNICODE_SCRIPT_COMMON ||
			             s == G_UNICODE_SCRIPT_INHERITED ||
			             s == G_UNICODE_SCRIPT_UNKNOWN || !is_own_script(lang, s);
			for (size_t i = 0; i < ncovered && !known; i++)
				known = covered[i] == s;
			if (known)
				continue;
			char one[8] = {0};
			g_unichar_to_utf8(c, one);
			pango_layout_set_text(l, one, -1);
			if (pango_layout_get_unknown_glyphs_count(l) == 0) {
				if (ncovered < 16)
					covered[ncovered++] = s;
				continue;
			}
			memcpy(utf8, one, 8);
			guint32 code = g_unicode_script_to_iso15924(s);
			for (int i = 0; i < 4; i++)
				script[i] = (char)(code >> (24 - 8 * i) & 0xFF);
			script[4] = '\0';
			*ch = c;
			found = true;
		}
	}
	g_object_unref(l);
	return found;
}
