#include "output/atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/mem.h"

bool make_dirs(const char *dir, struct diag *d)
{
	char *p = xstrdup(dir);
	bool ok = true;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char saved = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			diag_error(d, (struct mark){.file = p}, "cannot create folder: %s",
			           strerror(errno));
			ok = false;
			break;
		}
		struct stat st;
		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			diag_error(d, (struct mark){.file = p},
			           "cannot create folder: a file is in the way");
			ok = false;
			break;
		}
		*s = saved;
		if (saved == '\0')
			break;
	}
	free(p);
	return ok;
}

bool atomic_open(struct atomic_file *f, const char *path, struct diag *d)
{
	*f = (struct atomic_file){0};
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	bool ok = make_dirs(dir, d);
	free(dir);
	if (!ok)
		return false;
	struct buf b;
	buf_init(&b);
	if (slash)
		buf_printf(&b, "%.*s/.%s.tmp-XXXXXX", (int)(slash - path), path, slash + 1);
	else
		buf_printf(&b, ".%s.tmp-XXXXXX", path);
	char *tmp = buf_detach(&b);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		diag_error(d, (struct mark){.file = path}, "cannot write: %s", strerror(errno));
		free(tmp);
		return false;
	}
	/* mkstemp makes 0600; outputs are ordinary files for the print shop */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	f->fp = fdopen(fd, "wb");
	if (!f->fp) {
		diag_error(d, (struct mark){.file = path}, "cannot write: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return false;
	}
	f->path = xstrdup(path);
	f->tmp_path = tmp;
	return true;
}

void atomic_write(struct atomic_file *f, const void *data, size_t len)
{
	if (f->failed || !f->fp)
		return;
	if (fwrite(data, 1, len, f->fp) != len) {
		f->failed = true;
		f->err = errno;
	}
}

cairo_status_t atomic_write_cairo(void *closure, const unsigned char *data, unsigned int len)
{
	struct atomic_file *f = closure;
	atomic_write(f, data, len);
	return f->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void release(struct atomic_file *f)
{
	free(f->path);
	free(f->tmp_path);
	*f = (struct atomic_file){0};
}

void atomic_abort(struct atomic_file *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp_path)
		unlink(f->tmp_path);
	release(f);
}

bool atomic_commit(struct atomic_file *f, struct diag *d)
{
	if (!f->fp) {
		release(f);
		return false;
	}
	if (!f->failed && fflush(f->fp) != 0) {
		f->failed = true;
		f->err = errno;
	}
	if (!f->failed && fsync(fileno(f->fp)) != 0 && errno != EINVAL) {
		f->failed = true;
		f->err = errno;
	}
	if (fclose(f->fp) != 0 && !f->failed) {
		f->failed = true;
		f->err = errno;
	}
	f->fp = NULL;
	if (!f->failed && rename(f->tmp_path, f->path) != 0) {
		f->failed = true;
		f->err = errno;
	}
	if (f->failed) {
		diag_error(d, (struct mark){.file = f->path}, "cannot write: %s", strerror(f->err));
		unlink(f->tmp_path);
		release(f);
		return false;
	}
	release(f);
	return true;
}

bool atomic_write_file(const char *path, const void *data, size_t len, struct diag *d)
{
	struct atomic_file f;
	if (!atomic_open(&f, path, d))
		return false;
	atomic_write(&f, data, len);
	return atomic_commit(&f, d);
}
