/* YAML documents as a small tree of nodes that remember where they came from.
 *
 * The only module that includes <yaml.h>. Enforces limits so that no input can
 * blow up memory or time: file size, nesting depth, number of nodes; anchors
 * and aliases are refused (nothing in our format needs them, and they are the
 * road to the billion-laughs blow-up). Checks UTF-8 and tab indentation before
 * libyaml sees the text, so those errors point at the exact byte; control
 * characters written as escapes ("\0", "\e") and tabs inside a text are
 * refused after it, at the position where they are written. Every scalar is
 * trimmed of white space at both ends (docs/yaml.md). Only regular files are
 * read: a named pipe or a device is an error, never a wait.
 */
#ifndef DECKPRESS_LOAD_YML_H
#define DECKPRESS_LOAD_YML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/mem.h"

enum node_type {
	NODE_SCALAR,
	NODE_MAP,
	NODE_SEQ,
};

struct node;

struct node_pair {
	struct node *key; /* always a scalar */
	struct node *value;
};

/* 64 bytes: a 10,000-card deck has 150,000 of them. Lengths, positions
 * and counts fit 32 bits, since a file has at most YML_MAX_BYTES. */
struct node {
	struct mark mark; /* where the node starts */
	/* NODE_SCALAR */
	const char *str; /* NUL-terminated UTF-8 of len bytes, trimmed (a NUL inside is refused) */
	/* NODE_MAP: pairs in file order; NODE_SEQ: items */
	struct node_pair *pairs;
	struct node **items;
	uint32_t len;
	/* NODE_SCALAR, NODE_MAP: where it is written in the file, quotes and
	 * braces included, as [start, end) in characters (code points) from the
	 * start of the file, so that a value can be replaced in place */
	uint32_t start, end;
	uint32_t count;
	enum node_type type;
	bool plain; /* NODE_SCALAR: unquoted: "null", "~" and "" mean no value */
	bool flow;  /* NODE_MAP, NODE_SEQ: written as {...} or [...] */
};

/* A parsed file; owns all its nodes and the copy of the path marks point to. */
struct yml_doc {
	struct arena arena;
	const char *path;  /* as given, for messages */
	struct node *root; /* NULL for an empty file */
};

/* Limits, each an error naming it, checked before the work it bounds
 * (docs/yaml.md lists them). The text limits hold for every scalar, keys
 * included: the sample kit's texts are a few hundred bytes on a few lines
 * and a long handout paragraph a few thousand bytes, so 20,000 bytes and 500
 * lines leave room for any real text while keeping text fitting fast
 * (Pango's time grows with the square of the lines of one text: 320 KB on
 * many lines took 40 s). Keys are limited because a mapping is searched key
 * by key (node_get) and every key may cost an error; the sample's largest
 * mapping has 26 keys, a glossary may have hundreds. */
enum {
	YML_MAX_BYTES = 16 * 1024 * 1024,
	YML_MAX_DEPTH = 64,
	YML_MAX_NODES = 1000000,
	YML_MAX_KEYS = 10000,       /* keys in one mapping */
	YML_MAX_TEXT_BYTES = 20000, /* bytes in one scalar */
	YML_MAX_TEXT_LINES = 500,   /* lines in one scalar; a final line break ends the last */
};

/* Reads and parses path. On any problem reports every error it can find into
 * d and returns false with *out = NULL. Caller owns *out; free with
 * yml_doc_destroy(). Returns false without a diagnostic only never. */
bool yml_load_file(struct yml_doc **out, const char *path, struct diag *d);

/* As yml_load_file, from memory; name is used in messages and copied. Caller
 * owns *out; free with yml_doc_destroy(). */
bool yml_load_buffer(struct yml_doc **out, const char *name, const char *data, size_t len,
                     struct diag *d);

void yml_doc_destroy(struct yml_doc *doc);

struct buf;

/* Appends the bytes of path to out if it is a regular file of at most
 * YML_MAX_BYTES (more is read only to tell it is too large); else reports
 * and returns false. For other readers of text files (load/csv). */
bool yml_read_file(struct buf *out, const char *path, struct diag *d);

/* Length of the UTF-8 sequence at s (at most n bytes), or 0 when invalid:
 * overlong forms, surrogates and code points past U+10FFFF are refused. */
size_t yml_utf8_seq(const unsigned char *s, size_t n);

/* The first character of the n bytes at s that no text may hold: a C0
 * control but line feed (a tab included: it has no defined width on a
 * card), DEL or a C1 control. Its code point, its offset in *at; -1 when
 * there is none. For every reader of texts: YAML, CSV cells, imported
 * translations. */
long yml_find_control(const char *s, size_t n, size_t *at);

/* The value of key in map, or NULL when absent or when map is not a map.
 * Borrowed; valid until the document is destroyed. */
const struct node *node_get(const struct node *map, const char *key);
/* The key node of key in map (for marks), or NULL. Borrowed; valid until the
 * document is destroyed. */
const struct node *node_get_key(const struct node *map, const char *key);

/* True for a scalar that means "no value" (plain null, ~ or empty). */
bool node_is_null(const struct node *n);

/* "a mapping", "a list" or "a text": for messages; static. */
const char *node_type_name(const struct node *n);

#endif
