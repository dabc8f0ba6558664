#include "typeset/hyphen.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <hyphen.h>

#include "util/buf.h"
#include "util/mem.h"
#include "util/thread.h"

static const char soft_hyphen[] = "\xC2\xAD"; /* U+00AD */
#define SOFT_HYPHEN_LEN (sizeof(soft_hyphen) - 1)

/* How a language is hyphenated. Lengths count letters. */
struct lang_rules {
	/* Shorter words stay whole: breaking a 5-letter word gains at most
	 * three letters of line width, and on 10-18 pt card text a hyphen in
	 * a short word is the most visible kind there is. */
	size_t min_word;
	/* Letters before the first and after the last break: never one or
	 * two at either end ("ar-", "-ne"): a two-letter fragment on a card
	 * line reads as a typo, and a prefix such as be-, af-, op- saves too
	 * little width to be worth the hyphen. */
	int left, right;
	/* Repair the known weaknesses of Debian's Danish patterns and find
	 * compound joints (docs/typesetting.md §1): see repair_danish() and
	 * compound_joints(). */
	bool danish;
};

/* Debian's wdanish word list: compound parts are words of it. */
static const char danish_words[] = "/usr/share/dict/danish";

/* A word list. wdanish is sorted in byte order, so it is searched where
 * it lies: the file mapped, a word found by binary search on its bytes,
 * which touches a few pages of it (reading and splitting its 4 MB into
 * lines took 8 ms a run). A list that a search finds out of order is read
 * as lines and sorted, once. */
struct word_list {
	GMappedFile *file;  /* owned; NULL once lines are used */
	char *data;         /* owned: a copy of the file's bytes, which lines point into */
	const char **lines; /* owned array; NULL while the file is searched */
	size_t count;
};

/* One language, by the primary subtag of its BCP 47 code: "en-GB" and
 * "en" share it. */
struct lang_state {
	char *code; /* owned: the primary subtag, lower case */
	char *tag;  /* owned: the first full code asked for, to find the dictionary */
	struct lang_rules rules;
	char *path;         /* owned: the dictionary's file, once looked for; may be NULL */
	bool found;         /* the file was looked for */
	HyphenDict *dict;   /* may be NULL: not loaded yet, or missing */
	bool tried;         /* loading was attempted */
	bool builtin_tried; /* the built-in exceptions were read */
	/* lower-case word -> lower-case entry with its '-'; may be NULL */
	GHashTable *exceptions;
	/* word (NFC) -> its break points as word_breaks() found them: a
	 * deck's words repeat from card to card, and a Danish compound takes
	 * a hundred searches of the word list; may be NULL */
	GHashTable *breaks;
};

/* Dictionaries loaded ahead (hyphenator_load_ahead()), by file: on a
 * thread of their own, which owns them until it is joined; then each
 * waits for the first language whose dictionary is that file (so which
 * file a language takes never depends on whether it was loaded ahead). */
struct loading {
	pthread_t thread;
	size_t n;
	char **paths;       /* owned */
	HyphenDict **dicts; /* owned; NULL: not loaded, or taken */
};

struct hyphenator {
	char *dir;         /* owned */
	char *builtin_dir; /* owned; may be NULL: no built-in exceptions */
	struct lang_state *langs;
	size_t nlangs, cap;
	struct word_list *words; /* the Danish word list; may be NULL */
	bool words_tried;
	struct loading *loading; /* owned: being loaded; NULL: nothing */
	struct loading *loaded;  /* owned: loaded, not taken yet; NULL: none */
};

static void loading_free(struct loading *l);

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
	hyphenator_settle(h);
	loading_free(h->loaded);
	for (size_t i = 0; i < h->nlangs; i++) {
		if (h->langs[i].dict)
			hnj_hyphen_free(h->langs[i].dict);
		if (h->langs[i].exceptions)
			g_hash_table_destroy(h->langs[i].exceptions);
		if (h->langs[i].breaks)
			g_hash_table_destroy(h->langs[i].breaks);
		g_free(h->langs[i].code);
		g_free(h->langs[i].tag);
		g_free(h->langs[i].path);
	}
	free(h->langs);
	if (h->words) {
		if (h->words->file)
			g_mapped_file_unref(h->words->file);
		g_free(h->words->data);
		free(h->words->lines);
		free(h->words);
	}
	free(h->builtin_dir);
	free(h->dir);
	free(h);
}

/* The primary subtag of a BCP 47 code, in lower case, into code; false for
 * NULL or a code that is no language. */
static bool primary_subtag(const char *lang, char code[9])
{
	size_t n = lang ? strcspn(lang, "-_") : 0;
	if (n < 2 || n > 8)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!g_ascii_isalpha(lang[i]))
			return false;
		code[i] = g_ascii_tolower(lang[i]);
	}
	code[n] = '\0';
	return true;
}

/* The state of a BCP 47 code's language, by its primary subtag, made on
 * first use; -1 for NULL or a code that is no language. */
static int find_lang(struct hyphenator *h, const char *lang)
{
	char code[9];
	if (!primary_subtag(lang, code))
		return -1;
	for (size_t i = 0; i < h->nlangs; i++)
		if (strcmp(h->langs[i].code, code) == 0)
			return (int)i;
	XGROW(h->langs, h->cap, h->nlangs + 1);
	struct lang_state *ls = &h->langs[h->nlangs];
	*ls = (struct lang_state){.code = g_strdup(code), .tag = g_strdup(lang)};
	ls->rules = (struct lang_rules){6, 3, 3, strcmp(ls->code, "da") == 0};
	return (int)h->nlangs++;
}

/* The region Debian's dictionary of a language is named after when the
 * code has none ("nb" -> hyph_nb_NO.dic); NULL: the language's own. */
static const char *default_region(const char *code)
{
	static const char *const map[][2] = {
	        {"da", "DK"}, {"de", "DE"}, {"en", "US"}, {"es", "ES"}, {"fr", "FR"},
	        {"it", "IT"}, {"nb", "NO"}, {"nl", "NL"}, {"nn", "NO"}, {"pl", "PL"},
	        {"pt", "PT"}, {"sv", "SE"}, {"cs", "CZ"}, {"el", "GR"}, {"sl", "SI"},
	        {"uk", "UA"}, {"ru", "RU"}, {"hu", "HU"}, {"ro", "RO"}, {"sk", "SK"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(code, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* Whether path is a file this process can read: a dictionary that cannot
 * be loaded is no dictionary, and the next candidate is tried. */
static bool readable(const char *path)
{
	return g_file_test(path, G_FILE_TEST_IS_REGULAR) && access(path, R_OK) == 0;
}

/* dir/hyph_<name>.dic when that is a readable file (caller frees), else
 * NULL. */
static char *path_named(const char *dir, const char *name)
{
	char *file = g_strconcat("hyph_", name, ".dic", NULL);
	char *path = g_build_filename(dir, file, NULL);
	g_free(file);
	if (readable(path))
		return path;
	g_free(path);
	return NULL;
}

/* Finds a language's dictionary by its BCP 47 code, as Debian's hyphen-*
 * packages name them: the code's region ("pt-BR": hyph_pt_BR.dic), the
 * language alone (hyph_de.dic), its usual region (hyph_nb_NO.dic), then any
 * region of it, the first in name order (hyph_sv_FI.dic before none). A
 * script subtag ("sr-Latn") is skipped. The file's path (caller frees), or
 * NULL. */
static char *find_dict(const char *dir, const char *code, const char *tag)
{
	char *d = NULL;
	char **sub = g_strsplit_set(tag, "-_", -1);
	for (size_t i = 1; !d && sub[0] && sub[i]; i++) {
		if (strlen(sub[i]) == 2 || (strlen(sub[i]) == 3 && g_ascii_isdigit(sub[i][0]))) {
			char *region = g_ascii_strup(sub[i], -1);
			char *name = g_strconcat(code, "_", region, NULL);
			d = path_named(dir, name);
			g_free(name);
			g_free(region);
			break;
		}
	}
	g_strfreev(sub);
	const char *region = default_region(code);
	if (!d)
		d = path_named(dir, code);
	if (!d && region) {
		char *name = g_strconcat(code, "_", region, NULL);
		d = path_named(dir, name);
		g_free(name);
	}
	GDir *gd = d ? NULL : g_dir_open(dir, 0, NULL);
	if (gd) {
		char *prefix = g_strconcat("hyph_", code, "_", NULL), *first = NULL;
		for (const char *f; (f = g_dir_read_name(gd));) {
			if (!g_str_has_prefix(f, prefix) || !g_str_has_suffix(f, ".dic") ||
			    (first && strcmp(f, first) >= 0))
				continue;
			char *path = g_build_filename(dir, f, NULL);
			if (readable(path)) {
				g_free(first);
				first = g_strdup(f);
			}
			g_free(path);
		}
		if (first)
			d = g_build_filename(dir, first, NULL);
		g_free(first);
		g_free(prefix);
		g_dir_close(gd);
	}
	return d;
}

/* The path of language li's dictionary, looked for once; NULL: none. */
static const char *dict_path(struct hyphenator *h, int li)
{
	struct lang_state *ls = &h->langs[li];
	if (!ls->found) {
		ls->found = true;
		ls->path = find_dict(h->dir, ls->code, ls->tag);
	}
	return ls->path;
}

/* The dictionary of file path if it was loaded ahead, taken from there
 * (caller owns); NULL if it was not. */
static HyphenDict *take_loaded(struct hyphenator *h, const char *path)
{
	struct loading *l = h->loaded;
	for (size_t i = 0; l && i < l->n; i++)
		if (l->dicts[i] && strcmp(l->paths[i], path) == 0) {
			HyphenDict *d = l->dicts[i];
			l->dicts[i] = NULL;
			return d;
		}
	return NULL;
}

static HyphenDict *get_dict(struct hyphenator *h, int li)
{
	hyphenator_settle(h);
	struct lang_state *ls = &h->langs[li];
	if (!ls->tried) {
		/* loading costs 1 ms (da) to 7 ms (en): only for languages whose
		 * texts are hyphenated, in each process that hyphenates them,
		 * unless loaded ahead */
		ls->tried = true;
		const char *path = dict_path(h, li);
		ls->dict = path ? take_loaded(h, path) : NULL;
		if (path && !ls->dict)
			ls->dict = hnj_hyphen_load(path);
	}
	return ls->dict;
}

static void *load_dicts(void *arg)
{
	struct loading *l = arg;
	for (size_t i = 0; i < l->n; i++)
		l->dicts[i] = hnj_hyphen_load(l->paths[i]);
	return NULL;
}

static void loading_free(struct loading *l)
{
	for (size_t i = 0; l && i < l->n; i++) {
		free(l->paths[i]);
		if (l->dicts[i])
			hnj_hyphen_free(l->dicts[i]);
	}
	if (l) {
		free(l->paths);
		free(l->dicts);
	}
	free(l);
}

/* Whether l lists path, or h has it loaded or taken already. */
static bool has_file(const struct hyphenator *h, const struct loading *l, const char *path)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->paths[i], path) == 0)
			return true;
	for (size_t i = 0; h->loaded && i < h->loaded->n; i++)
		if (strcmp(h->loaded->paths[i], path) == 0)
			return true;
	for (size_t i = 0; i < h->nlangs; i++)
		if (h->langs[i].tried && h->langs[i].path && strcmp(h->langs[i].path, path) == 0)
			return true;
	return false;
}

void hyphenator_load_ahead(struct hyphenator *h, const char *const *langs, size_t n)
{
	hyphenator_settle(h);
	struct loading *l = xcalloc(1, sizeof(*l));
	l->paths = xcalloc(n ? n : 1, sizeof(*l->paths));
	l->dicts = xcalloc(n ? n : 1, sizeof(*l->dicts));
	/* the files each code would find, looked for here; no language is
	 * made (which code of a language comes first picks its file) */
	for (size_t i = 0; i < n; i++) {
		char code[9];
		char *path =
		        primary_subtag(langs[i], code) ? find_dict(h->dir, code, langs[i]) : NULL;
		if (path && !has_file(h, l, path))
			l->paths[l->n++] = xstrdup(path);
		g_free(path);
	}
	if (l->n && thread_start(&l->thread, load_dicts, l))
		h->loading = l;
	else
		loading_free(l); /* nothing to load, or no thread: each loads when first used */
}

void hyphenator_settle(struct hyphenator *h)
{
	struct loading *l = h ? h->loading : NULL;
	if (!l)
		return;
	pthread_join(l->thread, NULL);
	h->loading = NULL;
	if (!h->loaded) {
		h->loaded = l;
		return;
	}
	/* a second load-ahead's files, after the first's */
	struct loading *to = h->loaded;
	to->paths = xreallocarray(to->paths, to->n + l->n, sizeof(*to->paths));
	to->dicts = xreallocarray(to->dicts, to->n + l->n, sizeof(*to->dicts));
	memcpy(to->paths + to->n, l->paths, l->n * sizeof(*l->paths));
	memcpy(to->dicts + to->n, l->dicts, l->n * sizeof(*l->dicts));
	to->n += l->n;
	l->n = 0;
	loading_free(l);
}

bool hyphenator_has_language(struct hyphenator *h, const char *lang)
{
	int li = find_lang(h, lang);
	return li >= 0 && dict_path(h, li) != NULL;
}

/* Appends the lower case of c. Per code point, so a word and its lower
 * case have the same number of characters and break indexes carry over. */
static void put_lower(struct buf *b, gunichar c)
{
	char u[6];
	buf_append(b, u, (size_t)g_unichar_to_utf8(g_unichar_tolower(c), u));
}

/* Adds entry to language li's exceptions; a later entry for the same word
 * replaces an earlier one unless keep is set (built-in entries never
 * replace a kit's). False when entry is malformed. */
static bool put_exception(struct hyphenator *h, int li, const char *entry, bool keep)
{
	if (!g_utf8_validate(entry, -1, NULL))
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
	struct lang_state *ls = &h->langs[li];
	if (ok && ls->breaks)
		g_hash_table_remove_all(ls->breaks); /* found without this entry */
	if (ok && !ls->exceptions)
		ls->exceptions = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	if (ok && !(keep && g_hash_table_contains(ls->exceptions, buf_str(&key))))
		g_hash_table_replace(ls->exceptions, buf_detach(&key), buf_detach(&value));
	buf_finish(&key);
	buf_finish(&value);
	return ok;
}

bool hyphenator_add_exception(struct hyphenator *h, const char *lang, const char *entry)
{
	int li = find_lang(h, lang);
	return li >= 0 && put_exception(h, li, entry, false);
}

void hyphenator_set_builtin_dir(struct hyphenator *h, const char *dir)
{
	for (size_t i = 0; i < h->nlangs; i++)
		if (h->langs[i].breaks)
			g_hash_table_remove_all(h->langs[i].breaks);
	free(h->builtin_dir);
	h->builtin_dir = dir ? xstrdup(dir) : NULL;
}

/* Reads the built-in exceptions of language li once, on its first word:
 * <builtin_dir>/<code>.txt, one entry a line, '#' starts a comment. A
 * missing file means none; a malformed line is skipped (the file ships with
 * the program and its test checks every line). */
static void load_builtin(struct hyphenator *h, int li)
{
	struct lang_state *ls = &h->langs[li];
	if (ls->builtin_tried || !h->builtin_dir)
		return;
	ls->builtin_tried = true;
	char *name = g_strconcat(ls->code, ".txt", NULL);
	char *path = g_build_filename(h->builtin_dir, name, NULL);
	char *data = NULL;
	if (g_file_get_contents(path, &data, NULL, NULL)) {
		char **lines = g_strsplit(data, "\n", -1);
		for (char **l = lines; *l; l++) {
			char *entry = g_strstrip(*l);
			if (*entry && *entry != '#')
				put_exception(h, li, entry, true);
		}
		g_strfreev(lines);
	}
	g_free(data);
	g_free(path);
	g_free(name);
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

static int compare_lines(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The Danish word list, opened on the first Danish compound, for
 * word_list_has(); NULL when the list is not installed: then no joints
 * are found. */
static struct word_list *get_words(struct hyphenator *h)
{
	if (h->words_tried)
		return h->words;
	h->words_tried = true;
	GMappedFile *f = g_mapped_file_new(danish_words, FALSE, NULL);
	if (!f)
		return NULL;
	h->words = xcalloc(1, sizeof(*h->words));
	h->words->file = f;
	return h->words;
}

/* Reads w's file as lines, sorted: for a list that is not in byte order.
 * The mapping is let go. */
static void sort_lines(struct word_list *w)
{
	gsize len = g_mapped_file_get_length(w->file);
	char *data = g_malloc(len + 1);
	memcpy(data, g_mapped_file_get_contents(w->file), len);
	data[len] = '\0';
	g_mapped_file_unref(w->file);
	w->file = NULL;
	w->data = data;
	size_t cap = 0;
	/* memchr with the length left, not strchr: the list is a few MB, and a
	 * string function that measures the rest of it at every line (as
	 * ASan's strict string checks do) makes reading it quadratic */
	const char *stop = data + len;
	for (char *line = data; line && line < stop && *line;) {
		char *end = memchr(line, '\n', (size_t)(stop - line));
		if (end)
			*end = '\0';
		XGROW(w->lines, cap, w->count + 1);
		w->lines[w->count++] = line;
		line = end ? end + 1 : NULL;
	}
	qsort(w->lines, w->count, sizeof(*w->lines), compare_lines);
}

/* strcmp() of the line of n bytes at a and the line of m bytes at b. */
static int compare_bytes(const char *a, size_t n, const char *b, size_t m)
{
	int c = memcmp(a, b, n < m ? n : m);
	return c ? c : (n > m) - (n < m);
}

/* Binary search for key in the sorted lines of d (len bytes): 1 when a
 * line is key, 0 when none is, -1 when the lines met on the way are out
 * of order. */
static int search_bytes(const char *d, size_t len, const char *key)
{
	size_t lo = 0, hi = len, klen = strlen(key);
	/* the last lines found below and above key: every line looked at
	 * between them must sort between them */
	const char *below = NULL, *above = NULL;
	size_t nbelow = 0, nabove = 0;
	while (lo < hi) {
		size_t start = lo + (hi - lo) / 2;
		while (start > lo && d[start - 1] != '\n')
			start--;
		const char *nl = memchr(d + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - d) : len, n = end - start;
		if ((below && compare_bytes(below, nbelow, d + start, n) > 0) ||
		    (above && compare_bytes(d + start, n, above, nabove) > 0))
			return -1;
		int c = compare_bytes(d + start, n, key, klen);
		if (c == 0)
			return 1;
		if (c < 0) {
			below = d + start;
			nbelow = n;
			lo = end + 1;
		} else {
			above = d + start;
			nabove = n;
			hi = start;
		}
	}
	return 0;
}

/* Whether s is a word of the list that can be a compound's part: lower
 * case (names and abbreviations are not), three letters or more. */
static bool word_list_has(struct word_list *w, const char *s)
{
	if (!g_utf8_validate(s, -1, NULL) || g_utf8_strlen(s, -1) < 3)
		return false;
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (!g_unichar_islower(g_utf8_get_char(p)))
			return false;
	if (w->file) {
		int found = search_bytes(g_mapped_file_get_contents(w->file),
		                         g_mapped_file_get_length(w->file), s);
		if (found >= 0)
			return found;
		sort_lines(w);
	}
	return bsearch(&s, w->lines, w->count, sizeof(*w->lines), compare_lines) != NULL;
}

static bool is_listed(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(word, *list) == 0)
			return true;
	return false;
}

static const char *const prefixes2[] = {"af", "an", "be", "om", "op", "ud", NULL};
static const char *const prefixes3[] = {"for", "fra", "gen", "hen", "ind", "med",
                                        "mis", "mod", "sam", "til", "vel", NULL};

/* Whether the bytes s, n long, are one of the prefixes above. */
static bool is_prefix(const char *s, size_t n)
{
	char p[4];
	if (n < 2 || n > 3)
		return false;
	memcpy(p, s, n);
	p[n] = '\0';
	return is_listed(p, n == 2 ? prefixes2 : prefixes3);
}

/* Whether letters [from, to) of the word lc (UTF-8, off: byte offset of
 * each letter, n letters) can be a part of a compound. Measured on
 * bench/hyphen-da.txt: short words of the list split words wrongly
 * ("regis|tre|ring", "ind|sat|som|råde"), so a part of two letters must be
 * a prefix and one of three inside a word a prefix too; a few words the
 * list has are never parts ("samt|alen"). */
static bool is_part(struct word_list *words, const char *lc, const size_t *off, size_t n,
                    size_t from, size_t to)
{
	static const char *const never[] = {"alen", "ion", "isat", "samt", NULL};
	char part[128];
	size_t bytes = off[to] - off[from];
	if (to - from < 2 || bytes >= sizeof(part))
		return false;
	memcpy(part, lc + off[from], bytes);
	part[bytes] = '\0';
	if (to - from == 2) /* an-, be- only begin a word: "for|an|dring" is wrong */
		return is_listed(part, prefixes2) &&
		       (from == 0 || (strcmp(part, "an") != 0 && strcmp(part, "be") != 0));
	if (to - from == 3 && from > 0 && to < n && !is_listed(part, prefixes3))
		return false;
	return !is_listed(part, never) && word_list_has(words, part);
}

/* Sets joint[i] after each letter i where the word lc (n letters, lower
 * case) joins two parts of a compound: the split into the most words of the
 * list, each non-final part optionally with a linking s or e
 * ("sygefraværs|samtale", "handle|plan"); splits without linking letters win
 * ties. A word with no such split gets none. */
static void compound_joints(struct word_list *words, const gunichar *l, const char *lc,
                            const size_t *off, size_t n, bool *joint)
{
	int *best = xmalloc((n + 1) * sizeof(*best));
	size_t *from = xcalloc(n + 1, sizeof(*from));
	for (size_t i = 0; i <= n; i++)
		best[i] = -1;
	best[0] = 0;
	for (size_t j = 0; j < n; j++) {
		if (best[j] < 0)
			continue;
		/* A part that starts with a vowel follows a prefix or a part of
		 * five letters or more: short words of the list before a vowel
		 * split simple words ("kult|uren", "dag|esse|mina|ret"). */
		if (j > 0 && is_vowel(l[j]) && j - from[j] < 5 &&
		    !is_prefix(lc + off[from[j]], off[j] - off[from[j]]))
			continue;
		for (size_t i = j + 2; i <= n; i++) {
			int score = -1;
			if (is_part(words, lc, off, n, j, i))
				score = 10;
			else if (i < n && i - j >= 4 && (l[i - 1] == 's' || l[i - 1] == 'e') &&
			         is_part(words, lc, off, n, j, i - 1))
				score = 9;
			/* on a tie the longer first part wins: "arbejds|tager",
			 * not "arbejd|stager" */
			if (score > 0 && best[j] + score >= best[i]) {
				best[i] = best[j] + score;
				from[i] = j;
			}
		}
	}
	for (size_t i = n; best[n] > 10 && i > 0; i = from[i])
		if (from[i] > 0)
			joint[from[i] - 1] = true;
	free(best);
	free(from);
}

/* Joins the compound joints to the dictionary's points (docs/typesetting.md
 * §1): a joint is always a point; a dictionary point within two letters of
 * a joint is a syllable guess across it ("fravær-s|samtale") and goes, and
 * so does any point inside a part of six letters or less: a short part is
 * better kept whole ("arbejds|miljø", not "arbejds|mil-jø"). */
static void prefer_joints(const bool *joint, size_t n, bool *brk)
{
	size_t start = 0; /* first letter of the current part */
	for (size_t i = 0; i + 1 < n; i++) {
		if (joint[i]) {
			brk[i] = true;
			start = i + 1;
			continue;
		}
		size_t end = i + 1; /* letters after the part's start up to the next joint */
		while (end < n && !(end > 0 && joint[end - 1]))
			end++;
		bool near = false;
		for (size_t k = i > 2 ? i - 2 : 0; k <= i + 2 && k + 1 < n; k++)
			near |= joint[k];
		if (near || end - start <= 6)
			brk[i] = false;
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

/* Repairs the dictionary's Danish points and joins the compound joints to
 * them; w: the word (n letters), lc: it in lower case, UTF-8. */
static void danish_breaks(struct hyphenator *h, const gunichar *w, const char *lc, size_t n,
                          bool *brk, int right)
{
	gunichar *l = xmalloc(n * sizeof(*l));
	size_t *off = xmalloc((n + 1) * sizeof(*off));
	const char *p = lc;
	for (size_t i = 0; i < n; i++) {
		l[i] = g_unichar_tolower(w[i]);
		off[i] = (size_t)(p - lc);
		p = g_utf8_next_char(p);
	}
	off[n] = (size_t)(p - lc);
	repair_danish(l, n, brk, right);
	struct word_list *words = get_words(h);
	if (words) {
		bool *joint = xcalloc(n, sizeof(*joint));
		compound_joints(words, l, lc, off, n, joint);
		prefer_joints(joint, n, brk);
		free(joint);
	}
	free(off);
	free(l);
}

/* Break points of one word (NFC, n letters, all alphabetic) in language li;
 * false when it has none. */
static bool word_breaks(struct hyphenator *h, int li, const gunichar *w, size_t n, bool *brk)
{
	const struct lang_rules *r = &h->langs[li].rules;
	struct buf lc;
	buf_init(&lc);
	bool lower = false, upper = false;
	for (size_t i = 0; i < n; i++) {
		put_lower(&lc, w[i]);
		lower |= g_unichar_islower(w[i]);
		upper |= g_unichar_isupper(w[i]);
	}

	load_builtin(h, li);
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
		if (r->danish)
			danish_breaks(h, w, buf_str(&lc), n, brk, r->right);
	}
	/* never one or two letters at either end, an exception's included */
	for (size_t i = 0; i + 1 < n; i++)
		if (i + 1 < (size_t)r->left || n - i - 1 < (size_t)r->right)
			brk[i] = false;
	buf_finish(&lc);
	for (size_t i = 0; i + 1 < n; i++)
		if (brk[i])
			return true;
	return false;
}

/* word_breaks() of w (n letters; nfc: the same in UTF-8), found once a
 * word and language: brk[i] for i < n - 1 as word_breaks() sets them on an
 * array of false. */
static bool word_breaks_once(struct hyphenator *h, int li, const char *nfc, const gunichar *w,
                             size_t n, bool *brk)
{
	struct lang_state *ls = &h->langs[li];
	if (!ls->breaks)
		ls->breaks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	/* any, then brk[0 .. n - 1] */
	const bool *found = g_hash_table_lookup(ls->breaks, nfc);
	if (found) {
		memcpy(brk, found + 1, n * sizeof(*brk));
		return found[0];
	}
	bool any = word_breaks(h, li, w, n, brk);
	bool *keep = g_malloc((n + 1) * sizeof(*keep));
	keep[0] = any;
	memcpy(keep + 1, brk, n * sizeof(*brk));
	g_hash_table_insert(ls->breaks, g_strdup(nfc), keep);
	return any;
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
		any = word_breaks_once(h, li, nfc, w, (size_t)n, brk);
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

bool hyphenator_hyphenate(struct rich *out, struct hyphenator *h, const char *lang,
                          const struct rich *in)
{
	int li = h ? find_lang(h, lang) : -1;
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

static bool is_space_byte(char c)
{
	return c == ' ' || c == '\n';
}

static bool is_soft_hyphen(const char *s, size_t i, size_t len)
{
	return i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xAD;
}

/* Which words of r (runs between spaces and line breaks, counted from 0)
 * hold a soft hyphen; *n is set to the number of words. Caller frees. */
static bool *words_with_hyphens(const struct rich *r, size_t *n)
{
	size_t count = 0, cap = 0;
	bool *has = NULL;
	for (size_t i = 0; i < r->len;) {
		while (i < r->len && is_space_byte(r->text[i]))
			i++;
		if (i == r->len)
			break;
		XGROW(has, cap, count + 1);
		has[count] = false;
		for (; i < r->len && !is_space_byte(r->text[i]); i++)
			has[count] |= is_soft_hyphen(r->text, i, r->len);
		count++;
	}
	*n = count;
	return has;
}

size_t hyphenator_count_words(const struct rich *r)
{
	size_t n;
	free(words_with_hyphens(r, &n));
	return n;
}

void hyphenator_keep_words(struct rich *out, const struct rich *hyph, const struct rich *plain,
                           const bool *keep)
{
	size_t nplain;
	bool *own = words_with_hyphens(plain, &nplain);
	size_t *map = xcalloc(hyph->len + 1, sizeof(*map));
	rich_init(out);
	free(out->text);
	out->text = xmalloc(hyph->len + 1);
	size_t o = 0, word = 0;
	bool in_word = false;
	for (size_t i = 0; i < hyph->len;) {
		map[i] = o;
		if (is_space_byte(hyph->text[i])) {
			if (in_word)
				word++;
			in_word = false;
		} else {
			in_word = true;
		}
		bool drop = in_word && is_soft_hyphen(hyph->text, i, hyph->len) &&
		            !(word < nplain && (own[word] || keep[word]));
		if (drop) {
			map[i + 1] = o;
			i += 2;
			continue;
		}
		out->text[o++] = hyph->text[i++];
	}
	map[hyph->len] = o;
	out->text[o] = '\0';
	out->len = o;
	if (hyph->nspans) {
		XGROW(out->spans, out->cap, hyph->nspans);
		for (size_t k = 0; k < hyph->nspans; k++)
			out->spans[k] =
			        (struct rich_span){map[hyph->spans[k].start],
			                           map[hyph->spans[k].end], hyph->spans[k].style};
		out->nspans = hyph->nspans;
	}
	free(map);
	free(own);
}
