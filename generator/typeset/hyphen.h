/* Dictionary hyphenation: soft hyphens (U+00AD) at the break points that
 * libhyphen and Debian's hyphen-* dictionaries find (any language, by its
 * BCP 47 code; Danish with compound joints and repairs), so that Pango may
 * break a word there and draw a hyphen (docs/typesetting.md §1).
 *
 * Hyphenating is cheap; using the result is a fitting decision (fit.h): the
 * hyphenated text is laid out only when the plain one would shrink or
 * overflow.
 *
 * Words are runs of letters; what follows an apostrophe between letters is
 * an ending and stays whole ("organisation’s", "NGO’erne", "couldn’t").
 * Left alone: words that already hold a soft hyphen (the author chose, or
 * wrote `\-`), words next to a digit, ALL-CAPS words (abbreviations), words
 * in URLs and e-mail addresses, words shorter than the language's minimum,
 * and words the dictionary cannot encode (the Danish one is ISO-8859-1:
 * "ﬁ", "œ"). Such words are copied unchanged, so they still render.
 */
#ifndef DECKPRESS_TYPESET_HYPHEN_H
#define DECKPRESS_TYPESET_HYPHEN_H

#include <stdbool.h>

#include "typeset/markup.h"

/* Dictionaries by language, loaded on first use, and the exceptions. */
struct hyphenator;

/* Reads dictionaries from dict_dir, or /usr/share/hyphen when NULL; a
 * missing or unreadable dictionary means no dictionary hyphenation for its
 * language, not an error. Caller owns; free with hyphenator_destroy(). */
struct hyphenator *hyphenator_create(const char *dict_dir);

/* Frees h and its dictionaries; NULL is fine. */
void hyphenator_destroy(struct hyphenator *h);

/* Adds an exception for language lang (a BCP 47 code: "da"; "en", "en-GB"
 * and every other English share one list). entry is the word with
 * '-' at each allowed break, "fra-værs-sam-ta-len"; without a '-' the word is
 * never hyphenated. It wins over the dictionary and the minimum word length
 * for the whole word (never over the three letters kept at each end),
 * matched without regard to case; a later entry for the same word replaces
 * an earlier one. Returns false, and adds nothing, when lang is no language
 * code or entry is not letters with single inner '-'.
 * entry is copied. */
bool hyphenator_add_exception(struct hyphenator *h, const char *lang, const char *entry);

/* Whether language lang (a BCP 47 code) has a hyphenation dictionary: one
 * of Debian's hyphen-* packages, found by the code ("pt-BR":
 * hyph_pt_BR.dic, "nb": hyph_nb_NO.dic). It is loaded when a text is
 * first hyphenated (1 ms for Danish, 7 ms for English), in each process
 * that does, unless loaded ahead. Without one its texts are set
 * unhyphenated. */
bool hyphenator_has_language(struct hyphenator *h, const char *lang);

/* Starts loading the dictionaries of langs (n BCP 47 codes; those without
 * one, or loaded already, are skipped) on a thread of their own, while
 * the caller goes on: a build with jobs checks its kit meanwhile, and a
 * deck's crew (build/deck.c) forks with them loaded, rather than each
 * process loading them again. Nothing is loaded when no thread can be
 * made: each dictionary then loads when first used, as without this. */
void hyphenator_load_ahead(struct hyphenator *h, const char *const *langs, size_t n);

/* Waits for the dictionaries hyphenator_load_ahead() is loading, if any:
 * called before the process forks (util/thread.h). Hyphenating, and
 * hyphenator_destroy(), wait by themselves. h may be NULL. */
void hyphenator_settle(struct hyphenator *h);

/* Reads built-in exceptions from dir (the shared templates/hyphenation/),
 * one file a language, "<code>.txt", when the language is first used. They
 * never replace an exception added with hyphenator_add_exception(), before
 * or after. dir is copied; NULL: none. */
void hyphenator_set_builtin_dir(struct hyphenator *h, const char *dir);

/* Sets *out (which need not be initialised; caller finishes it with
 * rich_finish()) to a copy of in with soft hyphens at the break points of its
 * words in language lang (may be NULL: no hyphenation), with h (may be NULL:
 * no hyphenation either). Hyphenated words are
 * in NFC; spans are moved to cover the same words, inserted bytes included.
 * Returns true when at least one soft hyphen was inserted; otherwise *out is
 * an exact copy of in. */
bool hyphenator_hyphenate(struct rich *out, struct hyphenator *h, const char *lang,
                          const struct rich *in);

/* The words of r: runs between spaces and line breaks. For
 * hyphenator_keep_words(). */
size_t hyphenator_count_words(const struct rich *r);

/* Sets *out (caller finishes it with rich_finish()) to hyph, a result of
 * hyphenator_hyphenate() on plain, with the soft hyphens hyphenation
 * inserted kept only in the words (hyphenator_count_words() of plain, from
 * 0) that keep marks; those the author wrote (plain's own) all stay.
 * Rag control hyphenates a few chosen words this way (fit.h). */
void hyphenator_keep_words(struct rich *out, const struct rich *hyph, const struct rich *plain,
                           const bool *keep);

#endif
