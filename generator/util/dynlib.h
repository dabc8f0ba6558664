/* A shared library opened with dlopen() on its first use rather than by the
 * dynamic loader at start-up, so that a run that never calls it does not
 * map, relocate and bind it and everything it pulls in (docs/design.md,
 * "Libraries loaded on first use"). The modules of trampolines that use it
 * include no library header here: util/ stays free of them. */
#ifndef DECKPRESS_UTIL_DYNLIB_H
#define DECKPRESS_UTIL_DYNLIB_H

#include <stdbool.h>

/* Any function; cast to the real type before calling it. */
typedef void (*dynlib_fn)(void);

struct dynlib {
	const char *soname;  /* what dlopen() opens: "libqpdf.so.29" */
	const char *file;    /* where the build found it; for the build cache's key */
	const char *package; /* what to install when it is missing */
	void *handle;        /* may be NULL: not opened yet */
};

/* Opens lib unless it is open. False when it cannot be loaded, with *why
 * naming the library, the loader's reason and the package to install
 * (caller owns *why; free()). */
bool dynlib_open(struct dynlib *lib, char **why);

/* The function name of lib, opening lib first if needed. A library that
 * cannot be loaded, or lacks the function, is fatal as running out of
 * memory is: the message goes to stderr and the program exits with
 * EXIT_INTERNAL. Borrowed; valid for the life of the process. */
dynlib_fn dynlib_get_function(struct dynlib *lib, const char *name);

/* A trampoline: defines ret name params (the library's prototype, which the
 * compiler checks against its header) calling the function of the same name
 * in *lib with args, looked up on the first call and kept. Not for threads:
 * deckpress calls its libraries from one. */
#define DYNLIB_FUNCTION(lib, ret, name, params, args)                                              \
	ret name params                                                                            \
	{                                                                                          \
		static ret(*fn) params;                                                            \
		if (!fn)                                                                           \
			fn = (ret(*) params)dynlib_get_function(lib, #name);                       \
		return fn args;                                                                    \
	}

/* The same for a function returning void. */
#define DYNLIB_VOID_FUNCTION(lib, name, params, args)                                              \
	void name params                                                                           \
	{                                                                                          \
		static void(*fn) params;                                                           \
		if (!fn)                                                                           \
			fn = (void(*) params)dynlib_get_function(lib, #name);                      \
		fn args;                                                                           \
	}

#endif
