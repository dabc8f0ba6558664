#include "typeset/hyphen.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <hyphen.h>

#include "util/buf.h"
#include "util/mem.h"

static const char soft_hyphen[] = "\xC2\xAD"; /* U+00AD */
#define SOFT_HYPHEN_LEN (sizeof(soft_hyphen) - 1)

/* How a language is hyphenated. Lengths count letters. */
struct lang_rules {
	const char *code; /* primary subtag of the BCP 47 code */
	const char *file; /* in the dictionary directory */
	/* Shorter words stay whole: breaking a 5-letter word gains at most
	 * three letters of line width, and on 10-18 pt card text a hyphen in
	 * a short word is the most visible kind there is. */
	size_t min_word;
	/* Letters before the first and after the last break. Left 2 keeps
	 * the Danish prefixes be-, af-, op-, ud-, an- (lhmin 3 drops them all,
	 * measured on the sample kit); right 3 avoids the weak one-syllable
	 * endings -ne, -re, -le, -ke ("skul-le", "Hvil-ke", "bor-ger-ne").
	 * English uses the dictionary's own LEFT/RIGHTHYPHENMIN 2/3, TeX's
	 * values. */
	int left, right;
	/* Repair the known weaknesses of Debian's Danish patterns
	 * (docs/typesetting.md §1): see repair_danish(). */
	bool danish;
};

static const struct lang_rules rules[] = {
        {"da", "hyph_da_DK.dic", 6, 2, 3, true},
        {"en", "hyph_en_US.dic", 6, 2, 3, false},
};
#define NLANGS (sizeof(rules) / sizeof(rules[0]))

struct lang_state {
	HyphenDict *dict; /* may be NULL: not loaded yet, or missing */
	bool tried;       /* loading was attempted */
	/* lower-case word -> lower-case entry with its '-'; may be NULL */
	GHashTable *exceptions;
};

struct hyphenator {
	char *dir; /* owned */
	struct lang_state langs[NLANGS];
};

struct hyphenator *hyphenator_create(const char *dict_dir)
{
	struct hyphenator *h = xcalloc(1, sizeof(*h));
	h->dir = xstrdup(dict_dir ? dict_dir : "/usr/share/hyphen");
	return h;
}

void hyphenator_destroy(struct hyphenator *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < NLANGS; i++) {
		if (h->langs[i].dict)
			hnj_hyphen_free(h->langs[i].dict);
		if (h->langs[i].exceptions)
			g_hash_table_destroy(h->langs[i].exceptions);
	}
	free(h->dir);
	free(h);
}

/* The rules for a BCP 47 code by its primary subtag, so that "en-GB" and
 * "da-DK" find "en" and "da"; -1 when the language is not hyphenated. */
static int find_lang(const char *lang)
{
	if (!lang)
		return -1;
	size_t n = strcspn(lang, "-_");
	for (size_t i = 0; i < NLANGS; i++)
		if (strlen(rules[i].code) == n && g_ascii_strncasecmp(lang, rules[i].code, n) == 0)
			return (int)i;
	return -1;
}

static HyphenDict *get_dict(struct hyphenator *h, int li)
{
	struct lang_state *ls = &h->langs[li];
	if (!ls->tried) {
		/* loading costs 1 ms (da) to 11 ms (en): only for languages used */
		ls->tried = true;
		char *path = g_build_filename(h->dir, rules[li].file, NULL);
		ls->dict = hnj_hyphen_load(path);
		g_free(path);
	}
	return ls->dict;
}

/* Appends the lower case of c. Per code point, so a word and its lower
 * case have the same number of characters and break indexes carry over. */
static void put_lower(struct buf *b, gunichar c)
{
	char u[6];
	buf_append(b, u, (size_t)g_unichar_to_utf8(g_unichar_tolower(c), u));
}

bool hyphenator_add_exception(struct hyphenator *h, const char *lang, const char *entry)
{
	int li = find_lang(lang);
	if (li < 0 || !g_utf8_validate(entry, -1, NULL))
		return false;
	char *nfc = g_utf8_normalize(entry, -1, G_NORMALIZE_NFC);
	struct buf key, value;
	buf_init(&key);
	buf_init(&value);
	bool ok = nfc != NULL, after_letter = false;
	for (const char *p = nfc; ok && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '-') {
			ok = after_letter; /* not first, not doubled */
			after_letter = false;
			buf_putc(&value, '-');
		} else if (g_unichar_isalpha(c)) {
			put_lower(&key, c);
			put_lower(&value, c);
			after_letter = true;
		} else {
			ok = false;
		}
	}
	ok = ok && after_letter; /* not empty, not ending in '-' */
	g_free(nfc);
	if (ok) {
		struct lang_state *ls = &h->langs[li];
		if (!ls->exceptions)
			ls->exceptions = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
		g_hash_table_replace(ls->exceptions, buf_detach(&key), buf_detach(&value));
	}
	buf_finish(&key);
	buf_finish(&value);
	return ok;
}

/* Sets brk from an exception's entry; brk[i] means a break after letter i. */
static void exception_breaks(const char *entry, bool *brk)
{
	size_t letters = 0;
	for (const char *p = entry; *p; p = g_utf8_next_char(p)) {
		if (*p == '-')
			brk[letters - 1] = true;
		else
			letters++;
	}
}

/* Sets brk from the dictionary; lc is the word in lower case, in UTF-8,
 * n letters long. A word the dictionary's charset cannot hold gets no
 * breaks. */
static void dict_breaks(HyphenDict *d, const struct lang_rules *r, const char *lc, size_t n,
                        bool *brk)
{
	char *enc;
	gsize len;
	if (d->utf8) {
		enc = g_strdup(lc);
		len = strlen(lc);
	} else {
		enc = g_convert(lc, -1, d->cset, "UTF-8", NULL, &len, NULL);
		if (!enc || len != n) {
			g_free(enc);
			return;
		}
	}
	char *hy = xcalloc(len + 5, 1); /* the size libhyphen asks for */
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	int rc = hnj_hyphen_hyphenate3(d, enc, (int)len, hy, NULL, &rep, &pos, &cut, r->left,
	                               r->right, r->left, r->right);
	/* For both charsets hy[] is indexed by character (libhyphen re-indexes
	 * UTF-8 itself). Non-standard breaks (rep) change letters, which a soft
	 * hyphen cannot do: skip them; neither dictionary has any. */
	for (size_t i = 0; rc == 0 && i + 1 < n; i++)
		brk[i] = (hy[i] & 1) && !(rep && rep[i]);
	if (rep)
		for (gsize k = 0; k < len; k++)
			free(rep[k]);
	free(rep);
	free(pos);
	free(cut);
	free(hy);
	g_free(enc);
}

/* Vowels of Danish, accented ones by their base letter (é, ü, å). */
static bool is_vowel(gunichar c)
{
	gunichar a, b;
	while (g_unichar_decompose(c, &a, &b))
		c = a;
	switch (c) {
	case 'a':
	case 'e':
	case 'i':
	case 'o':
	case 'u':
	case 'y':
	case 0xE6: /* æ */
	case 0xF8: /* ø */
		return true;
	default:
		return false;
	}
}

/* Consonant clusters a Danish syllable can start with, loanwords' included. */
static bool is_onset(const gunichar *c, size_t k)
{
	static const char *const onsets[] = {
	        "bl", "br",  "ch",  "cl",  "cr",  "dj",  "dr",  "fj",  "fl",  "fr",
	        "gj", "gl",  "gn",  "gr",  "hj",  "hv",  "kj",  "kl",  "kn",  "kr",
	        "kv", "ph",  "pj",  "pl",  "pr",  "ps",  "sc",  "sh",  "sj",  "sk",
	        "sl", "sm",  "sn",  "sp",  "st",  "sv",  "th",  "tj",  "tr",  "tv",
	        "vr", "chr", "sch", "skj", "skr", "skv", "spl", "spr", "str", "thr",
	};
	if (k == 1)
		return true;
	for (size_t i = 0; i < sizeof(onsets) / sizeof(onsets[0]); i++) {
		const char *o = onsets[i];
		if (strlen(o) != k)
			continue;
		size_t j = 0;
		while (j < k && c[j] == (gunichar)o[j])
			j++;
		if (j == k)
			return true;
	}
	return false;
}

/* Removes or moves the breaks Debian's Danish patterns get wrong, measured
 * in docs/typesetting.md §1 and on the sample kit. lc: the word in lower case,
 * n letters. Only ever removes breaks or moves one to the right, so the
 * minimum lengths still hold except at the right end, which is checked. */
static void repair_danish(const gunichar *lc, size_t n, bool *brk, int right)
{
	/* 1. A one-letter fragment joins the one before it: "fra-vær-s-sam"
	 * becomes "fra-værs-sam" (a linking s stays with its word) and
	 * "we-e-kend" "wee-kend". */
	for (size_t start = 0, i = 0; i < n; i++) {
		if (i + 1 < n && !brk[i])
			continue;
		if (i == start && start > 0) {
			brk[start - 1] = false;
		} else if (i == start && i + 1 < n) {
			brk[i] = false; /* the first: it joins the next one */
			continue;
		}
		start = i + 1;
	}

	/* 2. A line starts with a consonant cluster a Danish syllable can
	 * start with, or the break moves right until it does ("maximal
	 * onset"): "møde-rne" would be "møder-ne", and a linking s split off
	 * as in "kvalitet-ssikring" goes back left: "kvalitets-sikring". When
	 * moving would leave fewer than right letters, the break goes. */
	for (size_t i = 0; i + 1 < n; i++) {
		if (!brk[i])
			continue;
		size_t j = i + 1, k = 0;
		while (j + k < n && !is_vowel(lc[j + k]) && (k == 0 || !brk[j + k - 1]))
			k++;
		if (k < 2 || j + k == n || brk[j + k - 1] || is_onset(lc + j, k))
			continue; /* fine, or no vowel follows: rule 3's case */
		size_t s = 1;
		while (!is_onset(lc + j + s, k - s))
			s++;
		brk[i] = false;
		if (n - (i + s + 1) >= (size_t)right)
			brk[i + s] = true;
		i += s;
	}

	/* 3. A fragment without a vowel is no syllable ("fe-ed-ba-ck" leaves
	 * "ck"): it joins the fragment before it, or the one after it when it
	 * is the first. */
	for (size_t start = 0, i = 0; i < n; i++) {
		if (i + 1 < n && !brk[i])
			continue;
		bool vowel = false;
		for (size_t j = start; j <= i && !vowel; j++)
			vowel = is_vowel(lc[j]);
		if (!vowel && start > 0) {
			brk[start - 1] = false;
		} else if (!vowel && i + 1 < n) {
			brk[i] = false;
			continue; /* the fragment grows to the next break */
		}
		start = i + 1;
	}
}

/* Where the output stands for each input byte, to move span offsets. */
struct builder {
	const char *src;
	struct buf out;
	size_t *map; /* map[i]: output offset of input byte i; len + 1 entries */
};

static void copy(struct builder *b, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		b->map[i] = b->out.len + (i - from);
	buf_append(&b->out, b->src + from, to - from);
}

static bool is_word_char(gunichar c)
{
	/* marks keep a decomposed "å" (a + U+030A) in its word until NFC;
	 * a soft hyphen keeps "øen\-gruppen" one word, which stays as typed */
	return g_unichar_isalpha(c) || g_unichar_ismark(c) || c == 0xAD;
}

static bool is_apostrophe(gunichar c)
{
	return c == '\'' || c == 0x2019;
}

/* End of the word that starts at i, within [i, end). */
static size_t word_end(const char *s, size_t i, size_t end)
{
	while (i < end) {
		gunichar c = g_utf8_get_char(s + i);
		size_t next = (size_t)(g_utf8_next_char(s + i) - s);
		bool apostrophe = is_apostrophe(c) && next < end &&
		                  g_unichar_isalpha(g_utf8_get_char(s + next));
		if (!is_word_char(c) && !apostrophe)
			break;
		i = next;
	}
	return i;
}

/* A chunk of text between spaces that is a URL or an e-mail address, whose
 * words are names, not language. */
static bool is_address(const char *s, size_t n)
{
	if (memchr(s, '@', n) || g_strstr_len(s, (gssize)n, "://") ||
	    (n > 4 && g_ascii_strncasecmp(s, "www.", 4) == 0))
		return true;
	/* a dot between letters: "arbejdsmiljoweb.dk" */
	for (size_t i = 1; i + 1 < n; i++)
		if (s[i] == '.' && g_ascii_isalnum(s[i - 1]) && g_ascii_isalpha(s[i + 1]))
			return true;
	return false;
}

static bool is_digit_at(const char *s, size_t i)
{
	return g_unichar_isdigit(g_utf8_get_char(s + i));
}

/* A span starts or ends strictly inside [from, to). */
static bool span_edge_inside(const struct rich *r, size_t from, size_t to)
{
	for (size_t i = 0; i < r->nspans; i++) {
		const struct rich_span *sp = &r->spans[i];
		if ((sp->start > from && sp->start < to) || (sp->end > from && sp->end < to))
			return true;
	}
	return false;
}

/* Break points of one word (NFC, n letters, all alphabetic) in language li;
 * false when it has none. */
static bool word_breaks(struct hyphenator *h, int li, const gunichar *w, size_t n, bool *brk)
{
	const struct lang_rules *r = &rules[li];
	struct buf lc;
	buf_init(&lc);
	bool lower = false, upper = false;
	for (size_t i = 0; i < n; i++) {
		put_lower(&lc, w[i]);
		lower |= g_unichar_islower(w[i]);
		upper |= g_unichar_isupper(w[i]);
	}

	const char *entry = NULL;
	if (h->langs[li].exceptions)
		entry = g_hash_table_lookup(h->langs[li].exceptions, buf_str(&lc));
	HyphenDict *d;
	if (entry) {
		exception_breaks(entry, brk);
	} else if (upper && !lower) {
		/* ALL CAPS: an abbreviation (the dictionary knows none), or a
		 * shouted word too rare on cards to be worth the risk */
	} else if (n >= r->min_word && (d = get_dict(h, li))) {
		dict_breaks(d, r, buf_str(&lc), n, brk);
		if (r->danish) {
			gunichar *l = xmalloc(n * sizeof(*l));
			for (size_t i = 0; i < n; i++)
				l[i] = g_unichar_tolower(w[i]);
			repair_danish(l, n, brk, r->right);
			free(l);
		}
	}
	buf_finish(&lc);
	for (size_t i = 0; i + 1 < n; i++)
		if (brk[i])
			return true;
	return false;
}

/* Copies the word [from, to) of in's text, hyphenated when it may be. */
static bool put_word(struct builder *b, struct hyphenator *h, int li, const struct rich *in,
                     size_t from, size_t to, bool address)
{
	const char *s = in->text;
	size_t before = from > 0 ? (size_t)(g_utf8_prev_char(s + from) - s) : 0;
	bool whole = address || (from > 0 && is_digit_at(s, before)) ||
	             (to < in->len && is_digit_at(s, to));
	for (const char *p = s + from; !whole && p < s + to; p = g_utf8_next_char(p)) {
		whole = g_utf8_get_char(p) == 0xAD;
	}
	char *nfc = whole ? NULL : g_utf8_normalize(s + from, (gssize)(to - from), G_NORMALIZE_NFC);
	glong n = 0;
	gunichar *w = nfc ? g_utf8_to_ucs4_fast(nfc, -1, &n) : NULL;
	for (glong i = 0; w && i < n; i++)
		if (!g_unichar_isalpha(w[i]))
			whole = true; /* a mark NFC could not compose: never break before it */
	size_t nfc_len = nfc ? strlen(nfc) : 0;
	bool same = nfc_len == to - from && memcmp(nfc, s + from, nfc_len) == 0;
	/* a span edge inside a word that NFC changed has nowhere to go */
	if (w && !same && span_edge_inside(in, from, to))
		whole = true;

	bool *brk = NULL, any = false;
	if (!whole && w) {
		brk = xcalloc((size_t)n, sizeof(*brk));
		any = word_breaks(h, li, w, (size_t)n, brk);
	}
	if (!any) {
		copy(b, from, to);
	} else {
		size_t at = from;
		const char *p = nfc;
		for (glong i = 0; i < n; i++) {
			const char *next = g_utf8_next_char(p);
			for (size_t k = 0; same && k < (size_t)(next - p); k++)
				b->map[at++] = b->out.len + k;
			buf_append(&b->out, p, (size_t)(next - p));
			if (i + 1 < n && brk[i])
				buf_append(&b->out, soft_hyphen, SOFT_HYPHEN_LEN);
			p = next;
		}
		if (!same) {
			/* no span edge inside: any offset in the word will do */
			size_t start = b->map[from] = b->out.len - nfc_len;
			for (size_t i = from + 1; i < to; i++)
				b->map[i] = start;
		}
	}
	free(brk);
	g_free(w);
	g_free(nfc);
	return any;
}

static void rich_copy(struct rich *out, const struct rich *in)
{
	rich_init(out);
	free(out->text);
	out->text = xstrndup(in->text, in->len);
	out->len = in->len;
	if (in->nspans) {
		XGROW(out->spans, out->cap, in->nspans);
		memcpy(out->spans, in->spans, in->nspans * sizeof(*in->spans));
		out->nspans = in->nspans;
	}
}

bool hyphenator_hyphenate(struct rich *out, struct hyphenator *h, const char *lang,
                          const struct rich *in)
{
	int li = find_lang(lang);
	if (!h || li < 0 || in->len == 0 || !g_utf8_validate(in->text, (gssize)in->len, NULL)) {
		rich_copy(out, in);
		return false;
	}

	struct builder b = {.src = in->text, .map = xmalloc((in->len + 1) * sizeof(size_t))};
	buf_init(&b.out);
	const char *s = in->text;
	bool any = false;
	for (size_t i = 0; i < in->len;) {
		/* a chunk between spaces: URLs and e-mail addresses are chunks */
		size_t end = i;
		while (end < in->len && !g_unichar_isspace(g_utf8_get_char(s + end)))
			end = (size_t)(g_utf8_next_char(s + end) - s);
		if (end == i) {
			end = (size_t)(g_utf8_next_char(s + i) - s);
			copy(&b, i, end);
			i = end;
			continue;
		}
		bool address = is_address(s + i, end - i);
		while (i < end) {
			size_t next = (size_t)(g_utf8_next_char(s + i) - s);
			if (!is_word_char(g_utf8_get_char(s + i))) {
				copy(&b, i, next);
				i = next;
				continue;
			}
			/* after an apostrophe comes an ending ("organisation’s",
			 * "NGO’erne", "couldn’t"): only the stem is hyphenated */
			next = word_end(s, i, end);
			size_t stem = i;
			while (stem < next && !is_apostrophe(g_utf8_get_char(s + stem)))
				stem = (size_t)(g_utf8_next_char(s + stem) - s);
			any |= put_word(&b, h, li, in, i, stem, address);
			copy(&b, stem, next);
			i = next;
		}
	}
	b.map[in->len] = b.out.len;

	if (!any) {
		free(b.map);
		buf_finish(&b.out);
		rich_copy(out, in);
		return false;
	}
	rich_init(out);
	free(out->text);
	out->len = b.out.len;
	out->text = buf_detach(&b.out);
	if (in->nspans) {
		XGROW(out->spans, out->cap, in->nspans);
		for (size_t i = 0; i < in->nspans; i++) {
			const struct rich_span *sp = &in->spans[i];
			out->spans[i] =
			        (struct rich_span){b.map[sp->start], b.map[sp->end], sp->style};
		}
		out->nspans = in->nspans;
	}
	free(b.map);
	return true;
}
