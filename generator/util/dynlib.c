#include "util/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/exitcode.h"

bool dynlib_open(struct dynlib *lib, char **why)
{
	*why = NULL;
	if (lib->handle)
		return true;
	/* lazy binding: only the functions called are looked up */
	lib->handle = dlopen(lib->soname, RTLD_LAZY | RTLD_LOCAL);
	if (lib->handle)
		return true;
	const char *err = dlerror();
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "cannot load %s (install %s): %s", lib->soname, lib->package,
	           err ? err : "unknown error");
	*why = buf_detach(&b);
	return false;
}

dynlib_fn dynlib_get_function(struct dynlib *lib, const char *name)
{
	char *why = NULL;
	if (!dynlib_open(lib, &why)) {
		fprintf(stderr, "deckpress: fatal: %s\n", why);
		free(why);
		exit(EXIT_INTERNAL);
	}
	dlerror();
	void *sym = dlsym(lib->handle, name);
	if (!sym) {
		const char *err = dlerror();
		fprintf(stderr,
		        "deckpress: fatal: %s has no function '%s' (install a newer %s): %s\n",
		        lib->soname, name, lib->package, err ? err : "unknown error");
		exit(EXIT_INTERNAL);
	}
	/* POSIX: a function's address read through dlsym()'s void * */
	return (dynlib_fn)sym;
}
