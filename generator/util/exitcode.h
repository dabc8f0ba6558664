/* The program's exit codes, documented in README.md and `deckpress --help`. */
#ifndef DECKPRESS_UTIL_EXITCODE_H
#define DECKPRESS_UTIL_EXITCODE_H

enum exit_code {
	EXIT_OK = 0,       /* everything built or checked cleanly */
	EXIT_INPUT = 1,    /* errors in the input files (YAML, assets, fit) */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_INTERNAL = 3, /* I/O failure, out of memory, or a bug */
};

#endif
