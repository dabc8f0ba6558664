/* File descriptors: whole writes. */
#ifndef DECKPRESS_UTIL_FDIO_H
#define DECKPRESS_UTIL_FDIO_H

#include <stdbool.h>
#include <stddef.h>

/* Writes all len bytes at data to fd, again after a signal or a short
 * write; false (errno set) when a write fails or writes nothing. */
bool fd_write_all(int fd, const void *data, size_t len);

#endif
