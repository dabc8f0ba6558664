/* A growable, always NUL-terminated byte string. */
#ifndef DECKPRESS_UTIL_BUF_H
#define DECKPRESS_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data; /* owned; NULL until the first append */
	size_t len, cap;
};

void buf_init(struct buf *b);
void buf_finish(struct buf *b);
void buf_clear(struct buf *b);
void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends s with its control characters written out, so that a terminal
 * shows user text in a message instead of obeying it: line feed and tab as
 * \n and \t, other C0 characters and DEL as \xHH (ESC is \x1b), C1 ones as
 * \uHHHH. Everything else, invalid UTF-8 included, is copied. */
void buf_put_escaped(struct buf *b, const char *s);
/* Appends s as a JSON string literal, quotes and escapes included; NULL as
 * an empty string. */
void buf_put_json_string(struct buf *b, const char *s);

/* Records that processes of one run send each other (never stored: the
 * numbers are this machine's): a number as its 8 bytes; a string as its
 * length, then its bytes, or as UINT64_MAX for NULL. */
void buf_put_u64(struct buf *b, uint64_t v);
void buf_put_str(struct buf *b, const char *s);

/* Reads such records from p up to end; bad once a read ran past end (and
 * every read after it gives 0 or NULL). */
struct buf_reader {
	const char *p, *end;
	bool bad;
};
uint64_t buf_get_u64(struct buf_reader *r);
/* Caller owns the result (NULL for a NULL string or when bad). */
char *buf_get_str(struct buf_reader *r);

/* Returns the contents ("" when empty), never NULL; borrowed until the next change. */
const char *buf_str(const struct buf *b);
/* Hands the string to the caller (free with free()) and empties the buffer. */
char *buf_detach(struct buf *b);

#endif
