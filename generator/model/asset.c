/* realpath() is in XSI, beyond _POSIX_C_SOURCE */
#define _XOPEN_SOURCE 700

#include "model/asset.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/read.h"
#include "util/buf.h"

/* path made absolute with '.' and '..' resolved by their names only, links
 * untouched; allocated in arena. */
static const char *lexical(struct arena *arena, const char *path)
{
	struct buf in;
	buf_init(&in);
	if (path[0] != '/') {
		char cwd[PATH_MAX];
		if (getcwd(cwd, sizeof(cwd)))
			buf_puts(&in, cwd);
		buf_putc(&in, '/');
	}
	buf_puts(&in, path);
	const char *p = buf_str(&in);
	char *out = arena_alloc(arena, strlen(p) + 2);
	size_t len = 0;
	while (*p) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (len > 0 && out[--len] != '/')
				;
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	buf_finish(&in);
	return out;
}

static bool inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

bool asset_roots_add(struct asset_roots *roots, struct arena *arena, const char *dir)
{
	if (roots->count == ASSET_MAX_ROOTS)
		return false;
	char *real = realpath(dir, NULL);
	if (!real)
		return true;
	roots->given[roots->count] = lexical(arena, dir);
	roots->real[roots->count] = arena_strdup(arena, real);
	roots->count++;
	free(real);
	return true;
}

/* Whether path is in one of roots' folders, as written (real false) or
 * with links resolved (real true). */
static bool in_roots(const struct asset_roots *roots, const char *path, bool real)
{
	for (int i = 0; i < roots->count; i++)
		if (inside(path, real ? roots->real[i] : roots->given[i]))
			return true;
	return false;
}

bool asset_resolve(const struct asset_roots *roots, struct arena *arena, const char *base,
                   const char *rel, const char *what, struct mark m, struct diag *d,
                   const char **out)
{
	*out = NULL;
	struct asset_roots own = {0};
	if (!roots) {
		asset_roots_add(&own, arena, base);
		roots = &own;
	}
	const char *p = path_join(arena, base, rel);
	/* by name first: what is outside is never looked at */
	if (rel[0] == '/' || !in_roots(roots, lexical(arena, p), false)) {
		diag_error(d, m, "%s path '%s' leaves the kit folder", what, rel);
		return false;
	}
	char *real = realpath(p, NULL);
	if (!real) {
		int err = errno;
		/* a link inside that points out, to nothing, says no more */
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
			diag_error(d, m, "%s path '%s' leaves the kit folder", what, rel);
		else if (err == ENOENT || err == ENOTDIR)
			diag_error(d, m, "%s '%s' not found (looked for '%s')", what, rel, p);
		else
			diag_error(d, m, "%s '%s' cannot be read", what, rel);
		return false;
	}
	bool ok = in_roots(roots, real, true);
	struct stat st;
	if (!ok)
		diag_error(d, m, "%s path '%s' leaves the kit folder", what, rel);
	else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode) || access(real, R_OK) != 0)
		diag_error(d, m, "%s '%s' cannot be read", what, rel);
	else
		*out = p;
	free(real);
	return *out != NULL;
}
