#include "output/pdfx.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>

#include "output/atomic.h"
#include "output/cmyk.h"
#include "output/ink.h"
#include "output/pdfpost.h"
#include "output/spot.h"
#include "util/fdio.h"
#include "util/mem.h"

extern char **environ;

/* Debian's Ghostscript reads its default profiles from here; the copy in a
 * private folder is where the shop's profile replaces default_cmyk.icc,
 * because pdfwrite ignores -sOutputICCProfile (measured with gs 10.0). */
#define GS_ICC_DIR "/usr/share/color/icc/ghostscript"
/* Low, because the largest total ink sits in areas, not in hairlines: a
 * 69 × 94 mm card is then 98 × 133 pixels. Interpreting the PDF, not
 * rendering, takes the time, so more dpi would cost disk, not speed. */
#define TAC_DPI "36"
/* Pages per gs run while measuring: each run reads the PDF again (2000
 * pages took 7.4 s in one run, 8.7 s in runs of 200, 11.9 s of 50), and a
 * batch of A6 pages at 36 dpi is ~28 MB of raster on disk. */
#define TAC_BATCH 200
/* Rendering quantises each channel to 1/255; half a percent absorbs that,
 * like the ink check of tests/render/check_render.sh. Kept for the exact
 * measure too (output/ink.h), so that no file that passed before fails. */
#define TAC_TOLERANCE 0.005
/* Ghostscript's messages beyond this are stack dumps. */
#define MAX_LOG 65536
/* Enough of its log to say what went wrong, in a one-line message. */
#define MAX_LOG_IN_MESSAGE 600
#define MAX_ICC_SIZE (64u << 20)
/* How long one Ghostscript run may take before it is killed, in seconds:
 * a base plus a share per page of the input. gs needs about 4 ms a page to
 * measure ink and 10-20 ms to convert (2000 pages: 7.4 s measuring), so
 * this is ten times the worst measured on a slow, busy machine; only a
 * hung or runaway gs reaches it. DECKPRESS_GS_TIMEOUT (whole seconds)
 * replaces it, for tests. */
#define GS_TIMEOUT_BASE 120.0
#define GS_TIMEOUT_PER_PAGE 0.2

struct job {
	char *dir;      /* owned: the private temporary folder, or NULL */
	int dir_handle; /* atomic_track_dir()'s, so a signal removes dir too */
	char *gs;       /* owned: the resolved Ghostscript executable */
	char **envp;    /* owned: environ with SOURCE_DATE_EPOCH set */
	int pages;      /* of the input, for the time limit */
	bool over;      /* failed because a page needs more ink than the limit */
	pid_t pid;      /* the conversion's Ghostscript while it runs, or 0 */
	double started; /* when it was started (now_seconds()) */
	double ink_limit;
	struct buf msg; /* the failure, once set */
};

static void fail(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct job *j, const char *fmt, ...)
{
	if (j->msg.len)
		return;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&j->msg, fmt, ap);
	va_end(ap);
}

static char *path_in(const char *dir, const char *name)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b);
}

/* Reads a whole file (at most max bytes) into out. False with errno set. */
static bool read_file(const char *path, size_t max, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return false;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > max) {
			close(fd);
			errno = EFBIG;
			return false;
		}
		buf_append(out, chunk, (size_t)n);
	}
	close(fd);
	return true;
}

static bool write_file(struct job *j, const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && fd_write_all(fd, data, len);
	int e = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok)
		fail(j, "cannot write '%s': %s", path, strerror(e));
	return ok;
}

static bool copy_file(struct job *j, const char *from, const char *to)
{
	struct buf b;
	buf_init(&b);
	bool ok = read_file(from, MAX_ICC_SIZE, &b);
	if (!ok)
		fail(j, "cannot read '%s': %s", from, strerror(errno));
	else
		ok = write_file(j, to, b.data ? b.data : "", b.len);
	buf_finish(&b);
	return ok;
}

/* Removes dir and everything in it. Only our own folder, which holds
 * plain files and one folder level, so a short recursion is enough. */
static void remove_tree(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *p = path_in(dir, e->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth < 4)
				remove_tree(p, depth + 1);
			else
				unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* The working directory, or NULL. Caller frees. */
static char *current_dir(void)
{
	for (size_t size = 256; size <= 65536; size *= 2) {
		char *d = xmalloc(size);
		if (getcwd(d, size))
			return d;
		free(d);
		if (errno != ERANGE)
			break;
	}
	return NULL;
}

static bool make_tmp_dir(struct job *j)
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	struct buf b;
	buf_init(&b);
	/* gs runs inside the folder and is given paths in it, which must
	 * therefore not be relative (TMPDIR=tmp) */
	if (base[0] != '/') {
		char *cwd = current_dir();
		if (!cwd) {
			fail(j, "cannot find the current folder: %s", strerror(errno));
			buf_finish(&b);
			return false;
		}
		buf_printf(&b, "%s/", cwd);
		free(cwd);
	}
	buf_printf(&b, "%s/deckpress-pdfx-XXXXXX", base);
	char *tmpl = buf_detach(&b);
	if (!mkdtemp(tmpl)) {
		fail(j, "cannot create a temporary folder in '%s': %s", base, strerror(errno));
		free(tmpl);
		return false;
	}
	j->dir = tmpl;
	j->dir_handle = atomic_track_dir(tmpl);
	return true;
}

/* Looks gs up in PATH here, so that the child only has to call execve.
 * Only absolute folders: the child runs in the private folder. */
static bool find_gs(struct job *j)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%.*s/gs", (int)n, p);
		struct stat st;
		if (*p == '/' && stat(buf_str(&b), &st) == 0 && S_ISREG(st.st_mode) &&
		    access(buf_str(&b), X_OK) == 0) {
			j->gs = buf_detach(&b);
			return true;
		}
		buf_finish(&b);
		if (!end)
			break;
		p = end + 1;
	}
	fail(j, "Ghostscript ('gs') is not installed (Debian package 'ghostscript')");
	return false;
}

/* Our environment, with SOURCE_DATE_EPOCH set (gs takes the PDF dates from
 * it), TMPDIR set to the private folder (gs's own temporary files go there
 * and are removed with it), and without GS_OPTIONS, which would add
 * options we did not choose. */
static void make_env(struct job *j, long long epoch)
{
	static const char *const drop[] = {"SOURCE_DATE_EPOCH=", "TMPDIR=", "TEMP=", "GS_OPTIONS="};
	size_t n = 0;
	while (environ[n])
		n++;
	j->envp = xcalloc(n + 3, sizeof(*j->envp));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool keep = true;
		for (size_t d = 0; d < sizeof(drop) / sizeof(drop[0]); d++)
			if (strncmp(environ[i], drop[d], strlen(drop[d])) == 0)
				keep = false;
		if (keep)
			j->envp[k++] = xstrdup(environ[i]);
	}
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "SOURCE_DATE_EPOCH=%lld", epoch);
	j->envp[k++] = buf_detach(&b);
	buf_printf(&b, "TMPDIR=%s", j->dir);
	j->envp[k] = buf_detach(&b);
}

/* Appends what gs printed, minus the PostScript stack dump, on one line. */
static void append_gs_log(struct job *j)
{
	char *log_path = path_in(j->dir, "gs.log");
	struct buf log;
	buf_init(&log);
	read_file(log_path, MAX_LOG, &log);
	free(log_path);
	bool in_dump = false, any = false;
	size_t shown = 0;
	const char *s = buf_str(&log);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		const char *line = s;
		s += n + (nl ? 1 : 0);
		while (n > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			n--;
		}
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		if (strncmp(line, "Operand stack:", 14) == 0)
			in_dump = true;
		if (in_dump) {
			if (strncmp(line, "Current file position", 21) == 0)
				in_dump = false;
			continue;
		}
		if (shown + n > MAX_LOG_IN_MESSAGE) {
			buf_puts(&j->msg, "; ...");
			break;
		}
		buf_puts(&j->msg, any ? "; " : ": ");
		buf_append(&j->msg, line, n);
		shown += n;
		any = true;
	}
	buf_finish(&log);
}

/* The time limit of one gs run in seconds, and in *knob whether it came
 * from DECKPRESS_GS_TIMEOUT. */
static double gs_timeout(const struct job *j, bool *knob)
{
	const char *env = getenv("DECKPRESS_GS_TIMEOUT");
	*knob = false;
	if (env && *env) {
		char *end;
		errno = 0;
		long v = strtol(env, &end, 10);
		if (errno == 0 && *end == '\0' && v > 0 && v <= 86400) {
			*knob = true;
			return (double)v;
		}
	}
	return GS_TIMEOUT_BASE + GS_TIMEOUT_PER_PAGE * (j->pages > 0 ? j->pages : 0);
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Waits for gs, at most its time limit: a gs that hangs or runs away on a
 * hostile PDF is killed (its files go with the private folder). Polls,
 * from 1 ms up to every 20 ms, which costs nothing next to a gs run and
 * needs no SIGCHLD handler. False (failed) when gs was killed or cannot be
 * waited for. */
static bool wait_gs(struct job *j, pid_t pid, double start, int *status, const char *what)
{
	bool knob;
	double limit = gs_timeout(j, &knob);
	long nap_ns = 1000000;
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return true;
		if (r < 0 && errno != EINTR) {
			fail(j, "cannot wait for Ghostscript: %s", strerror(errno));
			return false;
		}
		if (now_seconds() - start > limit)
			break;
		struct timespec nap = {0, nap_ns};
		nanosleep(&nap, NULL);
		nap_ns = nap_ns < 10000000 ? nap_ns * 2 : 20000000;
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	if (knob)
		fail(j,
		     "Ghostscript%s took longer than %g s (DECKPRESS_GS_TIMEOUT) and was stopped",
		     what, limit);
	else
		fail(j,
		     "Ghostscript%s took longer than %g s (the limit for a %d-page PDF) and "
		     "was stopped",
		     what, limit, j->pages);
	return false;
}

/* Starts gs with args (NULL-terminated, without argv[0]) in the private
 * folder, its output going to gs.log there, into *pid. */
static bool spawn_gs(struct job *j, const char *const *args, pid_t *pid)
{
	size_t n = 0;
	while (args[n])
		n++;
	char **argv = xcalloc(n + 2, sizeof(*argv));
	argv[0] = "gs";
	for (size_t i = 0; i < n; i++)
		argv[i + 1] = (char *)args[i];
	char *log_path = path_in(j->dir, "gs.log");
	int log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	*pid = -1;
	if (log_fd < 0 || null_fd < 0)
		fail(j, "cannot run Ghostscript: %s", strerror(errno));
	else if ((*pid = fork()) < 0)
		fail(j, "cannot run Ghostscript: %s", strerror(errno));
	if (*pid == 0) {
		/* only async-signal-safe calls between fork and exec */
		if (dup2(null_fd, 0) < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0 ||
		    chdir(j->dir) != 0)
			_exit(127);
		execve(j->gs, argv, j->envp);
		_exit(127);
	}
	if (log_fd >= 0)
		close(log_fd);
	if (null_fd >= 0)
		close(null_fd);
	free(log_path);
	free(argv);
	return *pid > 0;
}

/* Waits for the gs that spawn_gs() started at start. what names the run
 * in messages: "" or " (while ...)". */
static bool reap_gs(struct job *j, pid_t pid, double start, const char *what)
{
	int status = 0;
	if (!wait_gs(j, pid, start, &status, what))
		return false;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFEXITED(status))
		fail(j, "Ghostscript%s failed (exit status %d)", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		fail(j, "Ghostscript%s was killed by signal %d", what, WTERMSIG(status));
	else
		fail(j, "Ghostscript%s failed", what);
	append_gs_log(j);
	return false;
}

static bool run_gs(struct job *j, const char *const *args, const char *what)
{
	pid_t pid;
	double start = now_seconds();
	return spawn_gs(j, args, &pid) && reap_gs(j, pid, start, what);
}

/* Whether gs printed needle in an exit-0 run. */
static bool gs_log_has(struct job *j, const char *needle)
{
	char *log_path = path_in(j->dir, "gs.log");
	struct buf log;
	buf_init(&log);
	read_file(log_path, MAX_LOG, &log);
	bool found = strstr(buf_str(&log), needle) != NULL;
	buf_finish(&log);
	free(log_path);
	return found;
}

struct pdf_facts {
	int pages;     /* -1: qpdf cannot read it */
	bool labelled; /* GTS_PDFXVersion in Info and an OutputIntent */
	int bad_boxes; /* the first page whose boxes do not nest, or 0 */
	int rgb;       /* the first object with an RGB colour space, or 0 */
	int rgb_page;  /* the first page that sets an RGB colour (rg, RG), or 0 */
};

/* Whether the colour space cs is RGB, or is based on it (Indexed,
 * Separation and DeviceN alternates). */
static bool rgb_space(qpdf_data q, qpdf_oh cs, int depth)
{
	if (qpdf_oh_is_name(q, cs))
		return qpdf_oh_is_name_and_equals(q, cs, "/DeviceRGB") ||
		       qpdf_oh_is_name_and_equals(q, cs, "/CalRGB");
	if (depth > 3 || !qpdf_oh_is_array(q, cs) || qpdf_oh_get_array_n_items(q, cs) < 2)
		return false;
	qpdf_oh family = qpdf_oh_get_array_item(q, cs, 0), arg = qpdf_oh_get_array_item(q, cs, 1);
	if (qpdf_oh_is_name_and_equals(q, family, "/CalRGB"))
		return true;
	if (qpdf_oh_is_name_and_equals(q, family, "/ICCBased")) {
		qpdf_oh n = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, arg), "/N");
		return qpdf_oh_is_integer(q, n) && qpdf_oh_get_int_value_as_int(q, n) == 3;
	}
	if (qpdf_oh_is_name_and_equals(q, family, "/Indexed"))
		return rgb_space(q, arg, depth + 1);
	if ((qpdf_oh_is_name_and_equals(q, family, "/Separation") ||
	     qpdf_oh_is_name_and_equals(q, family, "/DeviceN")) &&
	    qpdf_oh_get_array_n_items(q, cs) > 2)
		return rgb_space(q, qpdf_oh_get_array_item(q, cs, 2), depth + 1);
	return false;
}

/* The first max keys of the dictionary d into keys, and their number;
 * *more tells whether it has more. Read first, because qpdf has one key
 * iteration, which a nested call would restart. */
static int dict_keys(qpdf_data q, qpdf_oh d, char (*keys)[64], int max, bool *more)
{
	int n = 0;
	qpdf_oh_begin_dict_key_iter(q, d);
	while (qpdf_oh_dict_more_keys(q) && n < max)
		snprintf(keys[n++], sizeof(keys[0]), "%s", qpdf_oh_dict_next_key(q));
	*more = qpdf_oh_dict_more_keys(q);
	return n;
}

/* Whether found() holds for the object o (a stream's dictionary) or for
 * one of the dictionaries and arrays written inside it; indirect objects
 * are looked at on their own. Nesting deeper than 8 levels gives deep. */
static bool find_in(qpdf_data q, qpdf_oh o, bool (*found)(qpdf_data, qpdf_oh), bool deep, int depth)
{
	if (qpdf_oh_is_stream(q, o))
		o = qpdf_oh_get_dict(q, o);
	if (depth > 8)
		return deep;
	if (found(q, o))
		return true;
	if (qpdf_oh_is_array(q, o)) {
		int n = qpdf_oh_get_array_n_items(q, o);
		for (int i = 0; i < n; i++) {
			qpdf_oh v = qpdf_oh_get_array_item(q, o, i);
			if (!qpdf_oh_is_indirect(q, v) && find_in(q, v, found, deep, depth + 1))
				return true;
		}
		return false;
	}
	if (!qpdf_oh_is_dictionary(q, o))
		return false;
	char keys[64][64];
	bool more;
	int nkeys = dict_keys(q, o, keys, 64, &more);
	if (more && deep)
		return true;
	for (int i = 0; i < nkeys; i++) {
		qpdf_oh v = qpdf_oh_get_key(q, o, keys[i]);
		if (!qpdf_oh_is_indirect(q, v) && find_in(q, v, found, deep, depth + 1))
			return true;
	}
	return false;
}

/* Whether the dictionary o names an RGB colour space: an image's or
 * shading's /ColorSpace, a resource dictionary's, a transparency group's
 * /CS. */
static bool names_rgb_here(qpdf_data q, qpdf_oh o)
{
	if (!qpdf_oh_is_dictionary(q, o))
		return false;
	if (rgb_space(q, qpdf_oh_get_key(q, o, "/CS"), 0))
		return true;
	qpdf_oh cs = qpdf_oh_get_key(q, o, "/ColorSpace");
	if (rgb_space(q, cs, 0))
		return true;
	char keys[64][64];
	bool more;
	int nkeys = qpdf_oh_is_dictionary(q, cs) ? dict_keys(q, cs, keys, 64, &more) : 0;
	for (int i = 0; i < nkeys; i++) /* a resource dictionary's, by name */
		if (rgb_space(q, qpdf_oh_get_key(q, cs, keys[i]), 0))
			return true;
	return false;
}

/* Whether the object o, or what is written inside it, names an RGB colour
 * space (names_rgb_here()). */
static bool names_rgb(qpdf_data q, qpdf_oh o, int depth)
{
	return find_in(q, o, names_rgb_here, false, depth);
}

/* Whether content s (n bytes) sets an RGB colour: an "rg" or "RG"
 * operator; inline images end the scan (their data is not tokens). */
static bool sets_rgb(const unsigned char *s, size_t n)
{
	size_t pos = 0, a, b;
	bool regular;
	while (pdfpost_next_token(s, n, &pos, &a, &b, &regular)) {
		if (!regular || b - a != 2)
			continue;
		if (memcmp(s + a, "rg", 2) == 0 || memcmp(s + a, "RG", 2) == 0)
			return true;
		if (memcmp(s + a, "BI", 2) == 0)
			return false;
	}
	return false;
}

/* The first object naming an RGB colour space, and the first page setting
 * an RGB colour, into f. */
static void find_rgb(qpdf_data q, struct pdf_facts *f)
{
	qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
	int n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	for (int id = 1; id < n && !f->rgb; id++)
		if (names_rgb(q, qpdf_get_object_by_id(q, id, 0), 0))
			f->rgb = id;
	for (int i = 0; i < f->pages && !f->rgb_page; i++) {
		unsigned char *data = NULL;
		size_t len = 0;
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		if (!(qpdf_oh_get_page_content_data(q, page, &data, &len) & QPDF_ERRORS) &&
		    sets_rgb(data, len))
			f->rgb_page = i + 1;
		free(data);
	}
}

static bool get_box(qpdf_data q, qpdf_oh page, const char *key, double r[4])
{
	qpdf_oh a = qpdf_oh_get_key(q, page, key);
	if (!qpdf_oh_is_array(q, a) || qpdf_oh_get_array_n_items(q, a) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		r[i] = qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, a, i));
	return true;
}

static bool inside(const double in[4], const double out[4])
{
	return in[0] >= out[0] && in[1] >= out[1] && in[2] <= out[2] && in[3] <= out[3];
}

/* What a preflight would look at first, read back with qpdf. */
static struct pdf_facts inspect(const void *pdf, size_t len)
{
	struct pdf_facts f = {.pages = -1};
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (!(qpdf_read_memory(q, "PDF", pdf, len, NULL) & QPDF_ERRORS))
		f.pages = qpdf_get_num_pages(q);
	if (f.pages >= 0) {
		qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
		qpdf_oh intents = qpdf_oh_get_key(q, qpdf_get_root(q), "/OutputIntents");
		f.labelled = qpdf_oh_is_dictionary(q, info) &&
		             qpdf_oh_is_string(q, qpdf_oh_get_key(q, info, "/GTS_PDFXVersion")) &&
		             qpdf_oh_is_array(q, intents) &&
		             qpdf_oh_get_array_n_items(q, intents) > 0;
	}
	for (int i = 0; i < f.pages && !f.bad_boxes; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		double media[4], bleed[4], trim[4];
		if (!get_box(q, page, "/MediaBox", media))
			continue; /* inherited: gs writes it on every page */
		if (!get_box(q, page, "/BleedBox", bleed))
			memcpy(bleed, media, sizeof(bleed));
		if (!get_box(q, page, "/TrimBox", trim))
			memcpy(trim, bleed, sizeof(trim));
		if (!inside(bleed, media) || !inside(trim, bleed))
			f.bad_boxes = i + 1;
	}
	if (f.pages >= 0)
		find_rgb(q, &f);
	if (qpdf_has_error(q))
		f.pages = -1;
	qpdf_cleanup(&q);
	return f;
}

/* After an edit of the PDF q read (ok when it did), writes it to out when
 * changed, with a deterministic /ID, and frees q; true when it was. */
static bool finish_edit(qpdf_data q, bool ok, bool changed, struct buf *out)
{
	if (ok && changed) {
		ok = !(qpdf_init_write_memory(q) & QPDF_ERRORS);
		qpdf_set_deterministic_ID(q, QPDF_TRUE);
		ok = ok && !(qpdf_write(q) & QPDF_ERRORS);
		if (ok)
			buf_append(out, (const char *)qpdf_get_buffer(q),
			           qpdf_get_buffer_length(q));
	}
	ok = ok && !qpdf_has_error(q);
	qpdf_cleanup(&q);
	return ok && changed;
}

/* The PDF in without /Interpolate on its images, into out: PDF/X-3
 * (ISO 15930-3, 6.10) wants it false or absent, and Ghostscript copies
 * cairo's "/Interpolate true" into the PDF/X. False when no image had it
 * (out is left alone) or qpdf cannot read the file (gs reports that). */
static bool drop_interpolate(const void *in, size_t len, struct buf *out)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	bool ok = !(qpdf_read_memory(q, "PDF", in, len, NULL) & QPDF_ERRORS);
	int changed = 0;
	qpdf_oh size = ok ? qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size") : 0;
	int n = ok && qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	for (int id = 1; id < n; id++) {
		qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
		if (!qpdf_oh_is_stream(q, o))
			continue;
		qpdf_oh d = qpdf_oh_get_dict(q, o);
		if (qpdf_oh_has_key(q, d, "/Interpolate")) {
			qpdf_oh_remove_key(q, d, "/Interpolate");
			changed++;
		}
	}
	return finish_edit(q, ok, changed > 0, out);
}

bool pdfx_find_rgb(const void *in, size_t len, int *object, int *page)
{
	struct pdf_facts f = inspect(in, len);
	*object = f.rgb;
	*page = f.rgb_page;
	return f.pages >= 0;
}

/* ---- rich black: large black areas in the profile's CMYK ---- */

/* A fill colour counts as black at or below this (DeviceGray, or every RGB
 * component): the K-only pass has made black and near-black greys. */
#define BLACKISH 0.1

struct rich_state {
	double ctm[6];
	bool black; /* the fill colour */
};

static void ctm_point(const double m[6], double x, double y, double *ox, double *oy)
{
	*ox = m[0] * x + m[2] * y + m[4];
	*oy = m[1] * x + m[3] * y + m[5];
}

/* The content stream s (n bytes) with every fill of a black path at least
 * o->rich_black_min wide and high (on the page) in o->rich_black, as
 * "q C M Y K k <path> f Q", into out; the number of areas changed.
 * Clipping paths, text and strokes keep their colours. */
static size_t rich_black_content(const unsigned char *s, size_t n, const struct pdfx_options *o,
                                 struct buf *out)
{
	struct rich_state st[64] = {{{1, 0, 0, 1, 0, 0}, false}};
	int depth = 0, nnum = 0;
	double num[6] = {0};
	size_t pos = 0, a, b, copied = 0, changed = 0, path_at = SIZE_MAX, operands_at = SIZE_MAX;
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	bool clip = false, regular;
	while (pdfpost_next_token(s, n, &pos, &a, &b, &regular)) {
		char tok[16];
		size_t len = b - a < sizeof(tok) - 1 ? b - a : sizeof(tok) - 1;
		memcpy(tok, s + a, len);
		tok[len] = '\0';
		double v;
		if (regular && pdfpost_number(s, a, b, &v)) {
			if (operands_at == SIZE_MAX)
				operands_at = a;
			memmove(num, num + (nnum == 6),
			        sizeof(double) * (size_t)(nnum == 6 ? 5 : nnum));
			num[nnum < 6 ? nnum++ : 5] = v;
			continue;
		}
		size_t here = operands_at == SIZE_MAX ? a : operands_at;
		operands_at = SIZE_MAX;
		struct rich_state *cur = &st[depth];
		double pts[3][2];
		int npts = 0;
		if (!strcmp(tok, "q") && depth < 63) {
			st[depth + 1] = *cur, depth++;
		} else if (!strcmp(tok, "Q") && depth > 0) {
			depth--;
		} else if (!strcmp(tok, "cm") && nnum >= 6) {
			const double *m = num + nnum - 6, *c = cur->ctm;
			double r[6] = {
			        m[0] * c[0] + m[1] * c[2],        m[0] * c[1] + m[1] * c[3],
			        m[2] * c[0] + m[3] * c[2],        m[2] * c[1] + m[3] * c[3],
			        m[4] * c[0] + m[5] * c[2] + c[4], m[4] * c[1] + m[5] * c[3] + c[5]};
			memcpy(cur->ctm, r, sizeof(r));
		} else if (!strcmp(tok, "g") && nnum >= 1) {
			cur->black = num[nnum - 1] <= BLACKISH;
		} else if (!strcmp(tok, "rg") && nnum >= 3) {
			cur->black =
			        fmax(fmax(num[nnum - 3], num[nnum - 2]), num[nnum - 1]) <= BLACKISH;
		} else if (!strcmp(tok, "k") || !strcmp(tok, "sc") || !strcmp(tok, "scn") ||
		           !strcmp(tok, "cs")) {
			cur->black = false;
		} else if (!strcmp(tok, "BI")) {
			return 0; /* inline image data is not tokens */
		} else if (!strcmp(tok, "re") && nnum >= 4) {
			const double *r = num + nnum - 4;
			pts[0][0] = r[0], pts[0][1] = r[1];
			pts[1][0] = r[0] + r[2], pts[1][1] = r[1] + r[3];
			pts[2][0] = r[0], pts[2][1] = r[1] + r[3];
			npts = 3;
		} else if ((!strcmp(tok, "m") || !strcmp(tok, "l")) && nnum >= 2) {
			pts[0][0] = num[nnum - 2], pts[0][1] = num[nnum - 1], npts = 1;
		} else if ((!strcmp(tok, "c") && nnum >= 6) ||
		           ((!strcmp(tok, "v") || !strcmp(tok, "y")) && nnum >= 4)) {
			int k = tok[0] == 'c' ? 3 : 2;
			for (int i = 0; i < k; i++)
				pts[i][0] = num[nnum - 2 * (k - i)],
				pts[i][1] = num[nnum - 2 * (k - i) + 1];
			npts = k;
		} else if (!strcmp(tok, "W") || !strcmp(tok, "W*")) {
			clip = true;
		} else if (strchr("fFbBSsn", tok[0]) && (len == 1 || (len == 2 && tok[1] == '*'))) {
			bool fill = tok[0] != 'S' && tok[0] != 's' && tok[0] != 'n';
			if (fill && cur->black && !clip && path_at != SIZE_MAX &&
			    x1 - x0 >= o->rich_black_min - 1e-6 &&
			    y1 - y0 >= o->rich_black_min - 1e-6) {
				buf_append(out, (const char *)s + copied, path_at - copied);
				buf_printf(out, "q %.4g %.4g %.4g %.4g k\n", o->rich_black[0],
				           o->rich_black[1], o->rich_black[2], o->rich_black[3]);
				buf_append(out, (const char *)s + path_at, b - path_at);
				buf_puts(out, "\nQ");
				copied = b;
				changed++;
			}
			path_at = SIZE_MAX, clip = false;
			x0 = y0 = INFINITY, x1 = y1 = -INFINITY;
		}
		for (int i = 0; i < npts; i++) {
			double px, py;
			ctm_point(cur->ctm, pts[i][0], pts[i][1], &px, &py);
			x0 = fmin(x0, px), y0 = fmin(y0, py), x1 = fmax(x1, px), y1 = fmax(y1, py);
			if (path_at == SIZE_MAX)
				path_at = here;
		}
		nnum = 0;
	}
	if (changed)
		buf_append(out, (const char *)s + copied, n - copied);
	return changed;
}

/* The PDF in with its pages' black areas in the rich black of o, into
 * out: false when nothing changed (out is left alone) or qpdf cannot read
 * it (gs reports that). */
static bool apply_rich_black(const void *in, size_t len, const struct pdfx_options *o,
                             struct buf *out)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	bool ok = !(qpdf_read_memory(q, "PDF", in, len, NULL) & QPDF_ERRORS);
	int pages = ok ? qpdf_get_num_pages(q) : 0;
	size_t changed = 0;
	for (int i = 0; i < pages; i++) {
		qpdf_oh contents = qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)i), "/Contents");
		unsigned char *data = NULL;
		size_t n = 0;
		if (!qpdf_oh_is_stream(q, contents) ||
		    (qpdf_oh_get_stream_data(q, contents, qpdf_dl_all, NULL, &data, &n) &
		     QPDF_ERRORS))
			continue; /* cairo writes one stream a page */
		struct buf b;
		buf_init(&b);
		size_t k = rich_black_content(data, n, o, &b);
		if (k) {
			qpdf_oh_replace_stream_data(q, contents, (const unsigned char *)b.data,
			                            b.len, qpdf_oh_new_null(q),
			                            qpdf_oh_new_null(q));
			changed += k;
		}
		buf_finish(&b);
		free(data);
	}
	return finish_edit(q, ok, changed > 0, out);
}

/* A PostScript string of raw bytes (a file name), escaped. */
static void ps_bytes(struct buf *b, const char *s)
{
	buf_putc(b, '(');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '(' || *p == ')' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			buf_printf(b, "\\%03o", *p);
		else
			buf_putc(b, (char)*p);
	}
	buf_putc(b, ')');
}

/* Decodes one UTF-8 sequence at *p; a stray byte is taken as Latin-1. */
static uint32_t next_utf8(const unsigned char **p)
{
	const unsigned char *s = *p;
	int len = s[0] < 0x80             ? 1
	          : (s[0] & 0xe0) == 0xc0 ? 2
	          : (s[0] & 0xf0) == 0xe0 ? 3
	          : (s[0] & 0xf8) == 0xf0 ? 4
	                                  : 0;
	uint32_t c = len == 1   ? s[0]
	             : len == 2 ? s[0] & 0x1fu
	             : len == 3 ? s[0] & 0x0fu
	                        : s[0] & 7u;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			len = 0;
			break;
		}
		c = c << 6 | (s[i] & 0x3fu);
	}
	if (len == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*p = s + 1;
		return s[0];
	}
	*p = s + len;
	return c;
}

/* A PDF text string: plain when ASCII, else UTF-16BE with a byte order
 * mark, which PDF 1.3 (PDF/X-3) readers understand. */
static void ps_text(struct buf *b, const char *s)
{
	bool ascii = true;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			ascii = false;
	if (ascii) {
		ps_bytes(b, s);
		return;
	}
	buf_puts(b, "<FEFF");
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		uint32_t c = next_utf8(&p);
		if (c >= 0x10000) {
			c -= 0x10000;
			buf_printf(b, "%04X%04X", 0xd800u + (c >> 10), 0xdc00u + (c & 0x3ffu));
		} else {
			buf_printf(b, "%04X", c);
		}
	}
	buf_putc(b, '>');
}

/* The def file for -dPDFX: PDF/X-3 identification and an OutputIntent with
 * the profile the conversion really uses. Written out rather than patched
 * from gs's PDFX_def.ps, whose place and text change between versions. */
static void def_file(struct buf *b, const char *profile, const char *id, const char *condition,
                     const char *info)
{
	buf_puts(b, "%!\n% PDF/X-3 set-up written by deckpress for one conversion.\n"
	            "[ /GTS_PDFXVersion (PDF/X-3:2002)\n"
	            "  /Trapped /False\n/DOCINFO pdfmark\n"
	            "[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark\n"
	            "[{icc_PDFX} << /N 4 >> /PUT pdfmark\n"
	            "[{icc_PDFX} ");
	ps_bytes(b, profile);
	buf_puts(b, " (r) file /PUT pdfmark\n"
	            "[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark\n"
	            "[{OutputIntent_PDFX} <<\n"
	            "  /Type /OutputIntent\n"
	            "  /S /GTS_PDFX\n"
	            "  /OutputConditionIdentifier ");
	ps_text(b, id);
	buf_puts(b, "\n  /OutputCondition ");
	ps_text(b, condition);
	buf_puts(b, "\n  /Info ");
	ps_text(b, info);
	buf_puts(b, "\n  /RegistryName (http://www.color.org)\n"
	            "  /DestOutputProfile {icc_PDFX}\n"
	            ">> /PUT pdfmark\n"
	            "[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark\n");
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_utf8(struct buf *b, uint32_t c)
{
	if (c < 0x80) {
		buf_putc(b, (char)c);
	} else if (c < 0x800) {
		buf_putc(b, (char)(0xc0 | c >> 6));
		buf_putc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_putc(b, (char)(0xe0 | c >> 12));
		buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_putc(b, (char)(0xf0 | c >> 18));
		buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (c & 0x3f)));
	}
}

/* ICC v2 textDescriptionType: a counted ASCII string (Latin-1 in the
 * wild, so bytes above 127 are kept as such). */
static void desc_ascii(const unsigned char *t, size_t size, struct buf *out)
{
	if (size < 12)
		return;
	uint32_t count = be32(t + 8);
	if (count > size - 12)
		count = (uint32_t)(size - 12);
	for (uint32_t i = 0; i < count && t[12 + i]; i++)
		put_utf8(out, t[12 + i]);
}

/* ICC v4 multiLocalizedUnicodeType: UTF-16BE records; English if there is
 * one, else the first. */
static void desc_mluc(const unsigned char *t, size_t size, struct buf *out)
{
	if (size < 16)
		return;
	uint32_t n = be32(t + 8), rec = be32(t + 12);
	if (rec < 12 || n == 0 || n > (size - 16) / rec)
		return;
	size_t pick = 0;
	for (uint32_t i = 0; i < n; i++)
		if (memcmp(t + 16 + (size_t)i * rec, "en", 2) == 0) {
			pick = i;
			break;
		}
	const unsigned char *r = t + 16 + pick * rec;
	uint32_t len = be32(r + 4), off = be32(r + 8);
	if (off > size || len > size - off)
		return;
	const unsigned char *s = t + off;
	for (uint32_t i = 0; i + 1 < len; i += 2) {
		uint32_t c = (uint32_t)s[i] << 8 | s[i + 1];
		if (c >= 0xd800 && c <= 0xdbff && i + 3 < len) {
			uint32_t lo = (uint32_t)s[i + 2] << 8 | s[i + 3];
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if (c == 0)
			break;
		if (c >= 0xd800 && c <= 0xdfff)
			c = 0xfffd;
		put_utf8(out, c);
	}
}

/* The title, run after the input: the input's own /Title would replace
 * one set before it. */
static void title_ps(struct buf *b, const char *title)
{
	buf_puts(b, "%!\n[ /Title ");
	ps_text(b, title);
	buf_puts(b, " /DOCINFO pdfmark\n");
}

/* The colour space signature of an ICC profile ("CMYK", "RGB ") in sig,
 * from the bytes of a profile; false when it is not one. */
static bool icc_header(const struct buf *b, char sig[5])
{
	const unsigned char *d = (const unsigned char *)b->data;
	if (b->len < 132 || memcmp(d + 36, "acsp", 4) != 0)
		return false;
	memcpy(sig, d + 16, 4);
	sig[4] = '\0';
	return true;
}

char *pdfx_icc_description(const char *path)
{
	struct buf file;
	buf_init(&file);
	char sig[5];
	if (!read_file(path, MAX_ICC_SIZE, &file) || !icc_header(&file, sig)) {
		buf_finish(&file);
		return NULL;
	}
	const unsigned char *d = (const unsigned char *)file.data;
	size_t size = file.len;
	uint32_t tags = be32(d + 128);
	struct buf out;
	buf_init(&out);
	for (uint32_t i = 0; i < tags && i < (size - 132) / 12; i++) {
		const unsigned char *e = d + 132 + (size_t)i * 12;
		if (memcmp(e, "desc", 4) != 0)
			continue;
		uint32_t off = be32(e + 4), len = be32(e + 8);
		if (off > size || len > size - off || len < 8)
			break;
		if (memcmp(d + off, "desc", 4) == 0)
			desc_ascii(d + off, len, &out);
		else if (memcmp(d + off, "mluc", 4) == 0)
			desc_mluc(d + off, len, &out);
		break;
	}
	buf_finish(&file);
	while (out.len > 0 && (out.data[out.len - 1] == ' ' || out.data[out.len - 1] == '\0'))
		out.data[--out.len] = '\0';
	if (out.len == 0) {
		buf_finish(&out);
		return NULL;
	}
	return buf_detach(&out);
}

/* Copies Ghostscript's profiles into icc_dir, the shop's in place of
 * default_cmyk.icc. */
static bool make_icc_dir(struct job *j, const char *icc_dir, const char *shop)
{
	if (mkdir(icc_dir, 0700) != 0) {
		fail(j, "cannot create '%s': %s", icc_dir, strerror(errno));
		return false;
	}
	DIR *d = opendir(GS_ICC_DIR);
	if (!d) {
		fail(j, "cannot read Ghostscript's ICC profiles in '%s': %s", GS_ICC_DIR,
		     strerror(errno));
		return false;
	}
	bool ok = true;
	struct dirent *e;
	while (ok && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".icc") != 0)
			continue;
		char *from = path_in(GS_ICC_DIR, e->d_name), *to = path_in(icc_dir, e->d_name);
		ok = copy_file(j, from, to);
		free(from);
		free(to);
	}
	closedir(d);
	if (!ok)
		return false;
	char *dst = path_in(icc_dir, "default_cmyk.icc");
	if (shop) {
		struct buf b;
		buf_init(&b);
		char sig[5];
		if (!read_file(shop, MAX_ICC_SIZE, &b)) {
			fail(j, "cannot read ICC profile '%s': %s", shop, strerror(errno));
			ok = false;
		} else if (!icc_header(&b, sig) || strcmp(sig, "CMYK") != 0) {
			fail(j, "'%s' is not a CMYK ICC profile", shop);
			ok = false;
		} else {
			ok = write_file(j, dst, b.data, b.len);
		}
		buf_finish(&b);
	} else if (access(dst, R_OK) != 0) {
		fail(j, "Ghostscript's default_cmyk.icc is missing from '%s'", GS_ICC_DIR);
		ok = false;
	}
	free(dst);
	return ok;
}

static char *arg(const char *fmt, const char *s)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, fmt, s);
	return buf_detach(&b);
}

/* The highest C+M+Y+K of any pixel of a raster page gs wrote, as a
 * fraction; -1 when the file is missing or not 8-bit CMYK. */
static double page_tac(const char *path)
{
	struct buf raw;
	buf_init(&raw);
	bool ok = read_file(path, SIZE_MAX, &raw) && raw.len > 0 && raw.len % 4 == 0;
	unsigned best = 0;
	const unsigned char *px = (const unsigned char *)raw.data;
	for (size_t i = 0; ok && i < raw.len; i += 4) {
		unsigned sum = (unsigned)px[i] + px[i + 1] + px[i + 2] + px[i + 3];
		if (sum > best)
			best = sum;
	}
	buf_finish(&raw);
	return ok ? best / 255.0 : -1;
}

/* The highest total ink per page, as measured, against the limit. */
struct tac_tally {
	double limit, worst, first_over_tac;
	int over, first_over;
};

static void tally_page(struct tac_tally *t, int page, double tac)
{
	if (tac > t->worst)
		t->worst = tac;
	if (t->limit > 0 && tac > t->limit + TAC_TOLERANCE && t->over++ == 0) {
		t->first_over = page;
		t->first_over_tac = tac;
	}
}

/* The verdict on every page tallied: false (and the message) when one
 * needs more ink than the limit. */
static bool tally_finish(struct job *j, const struct tac_tally *t, double *max_tac)
{
	if (max_tac)
		*max_tac = t->worst;
	if (!t->over)
		return true;
	j->over = true;
	fail(j, "page %d needs %.0f%% ink, more than the limit of %g%%", t->first_over,
	     t->first_over_tac * 100, t->limit * 100);
	if (t->over > 1)
		buf_printf(&j->msg, " (and %d more page%s)", t->over - 1, t->over > 2 ? "s" : "");
	return false;
}

/* Renders out.pdf as 8-bit CMYK and finds the highest total ink per page.
 * In batches of pages, each raster deleted once read, so the folder never
 * holds more than a batch (2000 A6 pages at once would be 266 MB). */
static bool render_tac(struct job *j, int pages, struct tac_tally *t)
{
	char *permit = arg("--permit-file-read=%s/", j->dir);
	char *icc = arg("-sICCProfilesDir=%s/icc/", j->dir);
	char *input = path_in(j->dir, "out.pdf");
	bool ok = true;
	for (int first = 1; ok && first <= pages; first += TAC_BATCH) {
		int last = pages - first < TAC_BATCH ? pages : first + TAC_BATCH - 1;
		char first_arg[32], last_arg[32];
		snprintf(first_arg, sizeof(first_arg), "-dFirstPage=%d", first);
		snprintf(last_arg, sizeof(last_arg), "-dLastPage=%d", last);
		const char *args[] = {"-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", permit, icc,
		                      "-sDEVICE=bitcmyk", "-dGrayValues=256", "-r" TAC_DPI,
		                      first_arg, last_arg,
		                      /* gs counts the pages it writes from 1 */
		                      "-sOutputFile=p%d.raw", input, NULL};
		ok = run_gs(j, args, " (measuring ink)");
		for (int page = first; ok && page <= last; page++) {
			char name[32];
			snprintf(name, sizeof(name), "p%d.raw", page - first + 1);
			char *path = path_in(j->dir, name);
			double tac = page_tac(path);
			unlink(path);
			free(path);
			if (tac < 0) {
				fail(j,
				     "cannot measure the ink of page %d: Ghostscript wrote no "
				     "raster",
				     page);
				ok = false;
			}
			tally_page(t, page, tac);
		}
	}
	free(permit);
	free(icc);
	free(input);
	return ok;
}

/* The highest total ink of each page of the PDF/X pdf, against the limit:
 * read from what the pages paint (output/ink.h), or, where that cannot
 * value something, from a rendering of the pages. */
static bool measure_tac(struct job *j, const struct buf *pdf, int pages, double limit,
                        double *max_tac)
{
	struct tac_tally t = {.limit = limit};
	double *tac;
	int n;
	if (ink_measure_pdf(pdf->data, pdf->len, &tac, &n) == INK_MEASURED && n == pages) {
		for (int page = 1; page <= n; page++)
			tally_page(&t, page, tac[page - 1]);
		free(tac);
	} else {
		free(tac);
		if (!render_tac(j, pages, &t))
			return false;
	}
	return tally_finish(j, &t, max_tac);
}

/* Everything up to Ghostscript's conversion, which it starts in the
 * background (j->pid). */
static bool start_convert(struct job *j, const void *in, size_t len, const struct pdfx_options *o)
{
	j->ink_limit = o->ink_limit;
	if (!find_gs(j) || !make_tmp_dir(j))
		return false;
	make_env(j, o->epoch);
	struct pdf_facts want = inspect(in, len);
	j->pages = want.pages;
	char *in_path = path_in(j->dir, "in.pdf");
	char *icc_dir = path_in(j->dir, "icc");
	char *def_path = path_in(j->dir, "pdfx_def.ps");
	char *title_path = path_in(j->dir, "title.ps");
	char *profile = path_in(icc_dir, "default_cmyk.icc");
	char *desc = NULL;
	char *built =
	        !o->icc_path && o->icc_dir && o->icc_name ? path_in(o->icc_dir, o->icc_name) : NULL;
	/* links and other annotations have no place in a print file */
	struct buf plain;
	buf_init(&plain);
	struct pdfpost_options strip = {.strip_annots = true};
	char *perr = NULL;
	bool stripped = pdfpost_apply(in, len, &strip, &plain, &perr);
	free(perr); /* a PDF qpdf cannot read goes to gs as it is, for its message */
	if (stripped)
		in = plain.data, len = plain.len;
	struct buf crisp, rich;
	buf_init(&crisp);
	buf_init(&rich);
	if (drop_interpolate(in, len, &crisp))
		in = crisp.data, len = crisp.len;
	if (o->rich_black && apply_rich_black(in, len, o, &rich))
		in = rich.data, len = rich.len;
	bool ok = write_file(j, in_path, in, len) &&
	          make_icc_dir(j, icc_dir, o->icc_path ? o->icc_path : built);
	buf_finish(&crisp);
	buf_finish(&rich);
	buf_finish(&plain);
	free(built);
	if (ok) {
		desc = pdfx_icc_description(profile);
		const char *id = o->condition_id ? o->condition_id : "Custom";
		const char *info = desc ? desc : id;
		const char *condition = o->condition ? o->condition : info;
		struct buf def;
		buf_init(&def);
		def_file(&def, profile, id, condition, info);
		ok = write_file(j, def_path, def.data, def.len);
		if (ok && o->title) {
			buf_clear(&def);
			title_ps(&def, o->title);
			ok = write_file(j, title_path, def.data, def.len);
		}
		buf_finish(&def);
	}
	if (ok) {
		char *permit = arg("--permit-file-read=%s/", j->dir);
		char *icc = arg("-sICCProfilesDir=%s/", icc_dir);
		const char *args[] = {
		        "-q",
		        "-dBATCH",
		        "-dNOPAUSE",
		        "-dSAFER",
		        permit,
		        icc,
		        "-sDEVICE=pdfwrite",
		        /* the PostScript-based PDF interpreter: gs 10.0's new
		         * one writes the text of ligatures into ToUnicode as
		         * little-endian or broken UTF-16 ("tti" as <7400dd00>) */
		        "-dNEWPDF=false",
		        "-dPDFX",
		        "-sColorConversionStrategy=CMYK",
		        "-sProcessColorModel=DeviceCMYK",
		        "-dAutoFilterColorImages=false",
		        "-dColorImageFilter=/FlateEncode",
		        "-dAutoFilterGrayImages=false",
		        "-dGrayImageFilter=/FlateEncode",
		        /* relative to the private folder, gs's working
		         * directory: gs derives the /ID from the name,
		         * which must not hold the folder's random part
		         * (pitfall 10) */
		        "-sOutputFile=out.pdf",
		        def_path,
		        in_path,
		        o->title ? title_path : NULL,
		        NULL,
		};
		j->started = now_seconds();
		ok = spawn_gs(j, args, &j->pid);
		free(permit);
		free(icc);
	}
	free(in_path);
	free(icc_dir);
	free(def_path);
	free(title_path);
	free(profile);
	free(desc);
	return ok;
}

/* Waits for the conversion start_convert() started, checks and measures
 * its result and repairs its text, into result. */
static bool finish_convert(struct job *j, struct buf *result, double *max_tac)
{
	if (j->pid <= 0)
		return false;
	bool ok = reap_gs(j, j->pid, j->started, "");
	j->pid = 0;
	/* gs exits 0 after a broken input ("Output may be incorrect",
	 * pitfall 9) and when it falls back to plain PDF, e.g. "TrimBox
	 * does not fit inside BleedBox ... reverting to normal PDF output"
	 * after rounding the MediaBox to 2 decimals: neither may pass. */
	if (ok && gs_log_has(j, "**** Error")) {
		fail(j, "Ghostscript found errors in the PDF");
		append_gs_log(j);
		ok = false;
	} else if (ok && gs_log_has(j, "reverting to normal PDF")) {
		fail(j, "Ghostscript did not make PDF/X");
		append_gs_log(j);
		ok = false;
	}
	if (ok) {
		char *out_path = path_in(j->dir, "out.pdf");
		if (!read_file(out_path, SIZE_MAX, result)) {
			fail(j, "cannot read Ghostscript's output: %s", strerror(errno));
			ok = false;
		}
		free(out_path);
	}
	int pages = 0;
	if (ok) {
		struct pdf_facts got = inspect(result->data, result->len);
		pages = got.pages;
		if (j->pages < 0)
			fail(j, "the input is not a PDF that qpdf can read");
		else if (got.pages != j->pages)
			fail(j, "Ghostscript wrote %d pages for %d", got.pages, j->pages);
		else if (!got.labelled)
			fail(j, "Ghostscript did not make PDF/X");
		else if (got.bad_boxes)
			fail(j,
			     "Ghostscript's page %d has a TrimBox or BleedBox outside its parent",
			     got.bad_boxes);
		else if (got.rgb)
			fail(j, "Ghostscript left an RGB colour space in the PDF/X (object %d)",
			     got.rgb);
		else if (got.rgb_page)
			fail(j, "Ghostscript left RGB colour on page %d of the PDF/X",
			     got.rgb_page);
		ok = !j->msg.len;
		if (!ok)
			append_gs_log(j);
	}
	if (ok && (max_tac || j->ink_limit > 0))
		ok = measure_tac(j, result, pages, j->ink_limit, max_tac);
	if (ok) {
		/* the text of ligatures, which gs garbles (pdftotext read
		 * "situa琀椀on"); qpdf keeps everything else */
		struct pdfpost_options po = {.fix_to_unicode = true};
		struct buf fixed;
		buf_init(&fixed);
		char *err = NULL;
		ok = pdfpost_apply(result->data, result->len, &po, &fixed, &err);
		if (ok) {
			buf_clear(result);
			buf_append(result, fixed.data, fixed.len);
		} else {
			fail(j, "cannot repair the PDF/X's text: %s", err);
			free(err);
		}
		buf_finish(&fixed);
	}
	return ok;
}

/* ---- the fast path: vector pages converted here, without gs ---- */

/* Whether the colour space cs is one the fast path keeps or converts
 * exactly: the device spaces and the die lines' Separations. */
static bool fast_space(qpdf_data q, qpdf_oh cs)
{
	if (qpdf_oh_is_name(q, cs))
		return !qpdf_oh_is_name_and_equals(q, cs, "/Pattern") &&
		       !qpdf_oh_is_name_and_equals(q, cs, "/CalRGB");
	if (!qpdf_oh_is_array(q, cs) || qpdf_oh_get_array_n_items(q, cs) < 3)
		return false;
	qpdf_oh family = qpdf_oh_get_array_item(q, cs, 0), name = qpdf_oh_get_array_item(q, cs, 1),
	        alt = qpdf_oh_get_array_item(q, cs, 2);
	return qpdf_oh_is_name_and_equals(q, family, "/Separation") &&
	       (qpdf_oh_is_name_and_equals(q, name, "/" SPOT_CUT_CONTOUR) ||
	        qpdf_oh_is_name_and_equals(q, name, "/" SPOT_FOLD)) &&
	       (qpdf_oh_is_name_and_equals(q, alt, "/DeviceCMYK") ||
	        qpdf_oh_is_name_and_equals(q, alt, "/DeviceGray"));
}

/* Whether the object o is one the fast path refuses: a dictionary with an
 * image, a shading, a pattern, a Type 3 font, a soft mask, alpha below 1, a
 * blend mode, a colour space other than fast_space()'s; an array that is
 * such a colour space. */
static bool refused_here(qpdf_data q, qpdf_oh o)
{
	if (qpdf_oh_is_array(q, o)) {
		int n = qpdf_oh_get_array_n_items(q, o);
		qpdf_oh first = n > 0 ? qpdf_oh_get_array_item(q, o, 0) : 0;
		static const char *const spaces[] = {"/ICCBased", "/Indexed", "/Lab",    "/CalRGB",
		                                     "/CalGray",  "/DeviceN", "/Pattern"};
		for (size_t i = 0; n > 0 && i < sizeof(spaces) / sizeof(spaces[0]); i++)
			if (qpdf_oh_is_name_and_equals(q, first, spaces[i]))
				return true;
		return n > 0 && qpdf_oh_is_name_and_equals(q, first, "/Separation") &&
		       !fast_space(q, o);
	}
	if (!qpdf_oh_is_dictionary(q, o))
		return false;
	qpdf_oh subtype = qpdf_oh_get_key(q, o, "/Subtype"), bm = qpdf_oh_get_key(q, o, "/BM");
	if (qpdf_oh_is_name_and_equals(q, subtype, "/Image") ||
	    qpdf_oh_is_name_and_equals(q, subtype, "/Type3") ||
	    qpdf_oh_has_key(q, o, "/ShadingType") || qpdf_oh_has_key(q, o, "/PatternType") ||
	    (qpdf_oh_has_key(q, o, "/SMask") &&
	     !qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, o, "/SMask"), "/None")) ||
	    (qpdf_oh_has_key(q, o, "/BM") && !qpdf_oh_is_name_and_equals(q, bm, "/Normal") &&
	     !qpdf_oh_is_name_and_equals(q, bm, "/Compatible")))
		return true;
	static const char *const alpha[] = {"/CA", "/ca"};
	for (int i = 0; i < 2; i++) {
		qpdf_oh v = qpdf_oh_get_key(q, o, alpha[i]);
		if (qpdf_oh_is_number(q, v) && qpdf_oh_get_numeric_value(q, v) < 1)
			return true;
	}
	qpdf_oh cs = qpdf_oh_get_key(q, o, "/ColorSpace");
	if (qpdf_oh_has_key(q, o, "/ColorSpace") && !qpdf_oh_is_dictionary(q, cs))
		return !fast_space(q, cs);
	char keys[64][64];
	bool more = false;
	int nkeys = qpdf_oh_is_dictionary(q, cs) ? dict_keys(q, cs, keys, 64, &more) : 0;
	if (more)
		return true;
	for (int i = 0; i < nkeys; i++) {
		qpdf_oh v = qpdf_oh_get_key(q, cs, keys[i]);
		if (!fast_space(q, v) || qpdf_oh_is_name_and_equals(q, v, "/DeviceRGB"))
			return true; /* an RGB space by resource name is not followed */
	}
	return false;
}

/* The content stream st in CMYK (and, for a page's, its black areas in the
 * rich black of o); false when it paints what the fast path refuses. */
static bool fast_stream(qpdf_data q, qpdf_oh st, struct cmyk *c, const struct pdfx_options *o,
                        bool page)
{
	unsigned char *data = NULL;
	size_t n = 0;
	if (qpdf_oh_get_stream_data(q, st, qpdf_dl_all, NULL, &data, &n) & QPDF_ERRORS)
		return false;
	struct buf rich, conv;
	buf_init(&rich);
	buf_init(&conv);
	const unsigned char *s = data;
	if (page && o->rich_black && rich_black_content(data, n, o, &rich))
		s = (const unsigned char *)rich.data, n = rich.len;
	bool ok = cmyk_rewrite_content(c, s, n, &conv);
	if (ok)
		qpdf_oh_replace_stream_data(q, st, (const unsigned char *)conv.data, conv.len,
		                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	buf_finish(&rich);
	buf_finish(&conv);
	free(data);
	return ok;
}

/* Every page: no links, no transparency group (the drawing is opaque),
 * its content in CMYK. */
static bool fast_pages(qpdf_data q, struct cmyk *c, const struct pdfx_options *o)
{
	int pages = qpdf_get_num_pages(q);
	bool ok = pages > 0;
	for (int i = 0; ok && i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh_remove_key(q, page, "/Annots");
		qpdf_oh_remove_key(q, page, "/Group");
		qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
		if (qpdf_oh_is_stream(q, contents)) {
			ok = fast_stream(q, contents, c, o, true);
		} else if (qpdf_oh_is_array(q, contents)) {
			/* a colour space set in one part holds in the next, which
			 * a rewrite part by part would not follow: several parts
			 * take Ghostscript's path */
			int n = qpdf_oh_get_array_n_items(q, contents);
			ok = n <= 1;
			for (int k = 0; ok && k < n; k++) {
				qpdf_oh st = qpdf_oh_get_array_item(q, contents, k);
				ok = qpdf_oh_is_stream(q, st) && fast_stream(q, st, c, o, false);
			}
		}
		qpdf_oh_release_all(q);
	}
	return ok;
}

/* Every object: nothing the fast path refuses, and form XObjects in CMYK
 * without their transparency groups. */
static bool fast_objects(qpdf_data q, struct cmyk *c, const struct pdfx_options *o)
{
	qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
	int n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	bool ok = n > 0;
	for (int id = 1; ok && id < n; id++) {
		qpdf_oh obj = qpdf_get_object_by_id(q, id, 0);
		ok = !find_in(q, obj, refused_here, true, 0);
		if (ok && qpdf_oh_is_stream(q, obj) &&
		    qpdf_oh_is_name_and_equals(
		            q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, obj), "/Subtype"), "/Form")) {
			qpdf_oh_remove_key(q, qpdf_oh_get_dict(q, obj), "/Group");
			ok = fast_stream(q, obj, c, o, false);
		}
		qpdf_oh_release_all(q);
	}
	return ok;
}

/* The PDF/X-3 keys and the OutputIntent with the profile icc, as def_file()
 * has gs write them. */
static void fast_label(qpdf_data q, const struct pdfx_options *o, const struct buf *icc,
                       const char *desc)
{
	qpdf_oh trailer = qpdf_get_trailer(q), info = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_dictionary(q, info)) {
		info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
		qpdf_oh_replace_key(q, trailer, "/Info", info);
	}
	qpdf_oh_replace_key(q, info, "/GTS_PDFXVersion", qpdf_oh_new_string(q, "PDF/X-3:2002"));
	qpdf_oh_replace_key(q, info, "/Trapped", qpdf_oh_new_name(q, "/False"));
	if (o->title)
		qpdf_oh_replace_key(q, info, "/Title", qpdf_oh_new_unicode_string(q, o->title));
	qpdf_oh profile = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, profile, (const unsigned char *)icc->data, icc->len,
	                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/N", qpdf_oh_new_integer(q, 4));
	const char *id = o->condition_id ? o->condition_id : "Custom";
	const char *about = desc ? desc : id;
	qpdf_oh intent = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
	qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFX"));
	qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
	                    qpdf_oh_new_unicode_string(q, id));
	qpdf_oh_replace_key(q, intent, "/OutputCondition",
	                    qpdf_oh_new_unicode_string(q, o->condition ? o->condition : about));
	qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_unicode_string(q, about));
	qpdf_oh_replace_key(q, intent, "/RegistryName",
	                    qpdf_oh_new_string(q, "http://www.color.org"));
	qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
	qpdf_oh intents = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, intents, qpdf_make_indirect_object(q, intent));
	qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", intents);
}

/* The profile the conversion uses (the shop's, the one the build made, or
 * Ghostscript's default_cmyk.icc) into icc and its path into *path (caller
 * frees); false when it cannot be read or is not CMYK (gs's path then says
 * why). */
static bool fast_profile(const struct pdfx_options *o, struct buf *icc, char **path)
{
	*path = o->icc_path                 ? xstrdup(o->icc_path)
	        : o->icc_dir && o->icc_name ? path_in(o->icc_dir, o->icc_name)
	                                    : path_in(GS_ICC_DIR, "default_cmyk.icc");
	char sig[5];
	return read_file(*path, MAX_ICC_SIZE, icc) && icc_header(icc, sig) &&
	       strcmp(sig, "CMYK") == 0;
}

/* The PDF/X of in made without Ghostscript, into out, when in holds only
 * what this converts exactly (docs/print.md, "Two ways to PDF/X"); false
 * (out left alone) otherwise, and the caller takes gs's path. */
static bool fast_convert(const void *in, size_t len, const struct pdfx_options *o, struct buf *out)
{
	struct buf icc;
	buf_init(&icc);
	char *path = NULL;
	struct cmyk *c = fast_profile(o, &icc, &path) ? cmyk_create(icc.data, icc.len) : NULL;
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	/* a file qpdf had to repair goes to gs, which says what is wrong */
	bool ok = c && !(qpdf_read_memory(q, "PDF", in, len, NULL) & QPDF_ERRORS) &&
	          !qpdf_more_warnings(q) && fast_objects(q, c, o) && fast_pages(q, c, o) &&
	          !qpdf_more_warnings(q);
	char *desc = ok ? pdfx_icc_description(path) : NULL;
	if (ok)
		fast_label(q, o, &icc, desc);
	struct buf result;
	buf_init(&result);
	ok = ok && !(qpdf_init_write_memory(q) & QPDF_ERRORS);
	if (ok) {
		qpdf_set_deterministic_ID(q, QPDF_TRUE);
		qpdf_force_pdf_version(q, "1.3"); /* PDF/X-3:2002 */
		ok = !(qpdf_write(q) & QPDF_ERRORS) && !qpdf_has_error(q);
	}
	if (ok)
		buf_append(&result, (const char *)qpdf_get_buffer(q), qpdf_get_buffer_length(q));
	qpdf_cleanup(&q);
	struct pdf_facts got = ok ? inspect(result.data, result.len) : (struct pdf_facts){0};
	ok = ok && got.labelled && !got.rgb && !got.rgb_page && !got.bad_boxes;
	if (ok)
		buf_append(out, result.data, result.len);
	buf_finish(&result);
	cmyk_destroy(c);
	buf_finish(&icc);
	free(path);
	free(desc);
	return ok;
}

/* ---- the fast path as a stream: the print PDF file to the PDF/X file ---- */

struct stream_conv {
	struct cmyk *c;
	const struct pdfx_options *o;
	double *tac; /* by page, from 0 */
	size_t ntac, cap;
	struct buf rich;
};

/* Whether a token of an object's text is a name the fast path refuses
 * (refused_here()'s, read from text): images, Type 3 fonts, shadings,
 * patterns, colour spaces other than the device ones (RGB included, which
 * the PDF/X may not name) and the die lines' Separations. */
static bool refused_name(const char *t)
{
	static const char *const names[] = {"/Image",    "/Type3",   "/ShadingType", "/PatternType",
	                                    "/Shading",  "/Pattern", "/ICCBased",    "/Indexed",
	                                    "/Lab",      "/CalRGB",  "/CalGray",     "/DeviceN",
	                                    "/DeviceRGB"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(t, names[i]))
			return true;
	return false;
}

/* Whether the fast path refuses the token t after the token before it:
 * a soft mask, a blend mode other than Normal, alpha below 1, another
 * Separation than the die lines' in CMYK or grey (sep: where in one). */
static bool refused_after(const char *before, const char *t, bool number, double v, int *sep)
{
	if (*sep == 1 && strcmp(t, "/" SPOT_CUT_CONTOUR) && strcmp(t, "/" SPOT_FOLD))
		return true;
	if (*sep == 2 && strcmp(t, "/DeviceCMYK") && strcmp(t, "/DeviceGray"))
		return true;
	*sep = !strcmp(t, "/Separation") ? 1 : *sep == 1 ? 2 : 0;
	if (!strcmp(before, "/SMask"))
		return strcmp(t, "/None") != 0;
	if (!strcmp(before, "/BM"))
		return strcmp(t, "/Normal") && strcmp(t, "/Compatible");
	if (!strcmp(before, "/CA") || !strcmp(before, "/ca"))
		return !number || v < 1;
	return false;
}

static bool stream_accept(void *ctx, const unsigned char *s, size_t n)
{
	(void)ctx;
	char before[32] = "";
	int sep = 0;
	size_t pos = 0, a, b;
	bool regular;
	while (pdfpost_next_token(s, n, &pos, &a, &b, &regular)) {
		char t[32];
		size_t len = b - a < sizeof(t) - 1 ? b - a : sizeof(t) - 1;
		memcpy(t, s + a, len);
		t[len] = '\0';
		double v = 0;
		bool number = regular && pdfpost_number(s, a, b, &v);
		if (refused_name(t) || refused_after(before, t, number, v, &sep))
			return false;
		memcpy(before, t, len + 1);
	}
	return true;
}

static bool stream_convert(void *ctx, const unsigned char *s, size_t n, int page,
                           const char *spaces, struct buf *out)
{
	struct stream_conv *x = ctx;
	buf_clear(&x->rich);
	if (page && x->o->rich_black && rich_black_content(s, n, x->o, &x->rich))
		s = (const unsigned char *)x->rich.data, n = x->rich.len;
	if (!cmyk_rewrite_content(x->c, s, n, out))
		return false;
	if (!page)
		return true;
	double tac;
	if (ink_measure_page((const unsigned char *)out->data, out->len, spaces, &tac) !=
	    INK_MEASURED)
		return false;
	if ((size_t)page > x->ntac) {
		XGROW(x->tac, x->cap, (size_t)page);
		while (x->ntac < (size_t)page)
			x->tac[x->ntac++] = 0;
	}
	x->tac[page - 1] = tac;
	return true;
}

/* The OutputIntent of def_file() and fast_label(), as PDF text. */
static void intent_text(struct buf *b, const struct pdfx_options *o, const char *desc)
{
	const char *id = o->condition_id ? o->condition_id : "Custom";
	const char *about = desc ? desc : id;
	buf_puts(b, "<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier ");
	ps_text(b, id);
	buf_puts(b, " /OutputCondition ");
	ps_text(b, o->condition ? o->condition : about);
	buf_puts(b, " /Info ");
	ps_text(b, about);
	buf_puts(b, " /RegistryName (http://www.color.org) >>");
}

bool pdfx_stream(FILE *in, struct atomic_file *out, const struct pdfx_options *o, bool *refused,
                 bool *over_limit, char **err)
{
	*refused = true;
	*over_limit = false;
	*err = NULL;
	if (getenv("DECKPRESS_PDFX_GS"))
		return false;
	struct buf icc;
	buf_init(&icc);
	char *path = NULL;
	struct stream_conv x = {.o = o};
	buf_init(&x.rich);
	x.c = fast_profile(o, &icc, &path) ? cmyk_create(icc.data, icc.len) : NULL;
	char *desc = x.c ? pdfx_icc_description(path) : NULL;
	struct buf intent, title;
	buf_init(&intent);
	buf_init(&title);
	intent_text(&intent, o, desc);
	if (o->title)
		ps_text(&title, o->title);
	const char *info[] = {"/GTS_PDFXVersion",         "(PDF/X-3:2002)", "/Trapped", "/False",
	                      o->title ? "/Title" : NULL, buf_str(&title),  NULL};
	struct pdfpost_pdfx hooks = {
	        .ctx = &x,
	        .accept = stream_accept,
	        .convert = stream_convert,
	        .info = info,
	        .intent = buf_str(&intent),
	        .icc = icc.data,
	        .icc_len = icc.len,
	};
	struct pdfpost_options po = {.pdfx = &hooks};
	char *perr = NULL;
	bool ok = x.c && pdfpost_apply_file(in, out, &po, &perr);
	if (x.c && !ok && !hooks.refused) {
		*refused = false;
		*err = perr;
		perr = NULL;
	}
	free(perr);
	if (ok) {
		*refused = false;
		struct job j = {.ink_limit = o->ink_limit};
		buf_init(&j.msg);
		struct tac_tally t = {.limit = o->ink_limit};
		for (size_t page = 1; page <= x.ntac; page++)
			tally_page(&t, (int)page, x.tac[page - 1]);
		ok = tally_finish(&j, &t, NULL);
		if (!ok) {
			*over_limit = true;
			*err = buf_detach(&j.msg);
		}
		buf_finish(&j.msg);
	}
	cmyk_destroy(x.c);
	free(x.tac);
	buf_finish(&x.rich);
	buf_finish(&intent);
	buf_finish(&title);
	buf_finish(&icc);
	free(path);
	free(desc);
	return ok;
}

struct pdfx_job {
	struct job j;
	bool started;
	bool fast;       /* made by fast_convert(), into pdfx */
	struct buf pdfx; /* the fast path's PDF/X */
	double *tac;     /* its total ink per page (owned) */
	int pages;
};

/* The fast path's result and the ink of its pages, into x; false (x left
 * as it was) when the file takes Ghostscript's path. */
static bool start_fast(struct pdfx_job *x, const void *in, size_t len, const struct pdfx_options *o)
{
	if (getenv("DECKPRESS_PDFX_GS") || !fast_convert(in, len, o, &x->pdfx))
		return false;
	if (ink_measure_pdf(x->pdfx.data, x->pdfx.len, &x->tac, &x->pages) != INK_MEASURED) {
		buf_clear(&x->pdfx);
		free(x->tac);
		x->tac = NULL;
		return false;
	}
	x->j.ink_limit = o->ink_limit;
	x->fast = true;
	return true;
}

struct pdfx_job *pdfx_start(const void *in, size_t len, const struct pdfx_options *o)
{
	assert(in && o);
	struct pdfx_job *x = xcalloc(1, sizeof(*x));
	buf_init(&x->j.msg);
	buf_init(&x->pdfx);
	x->started = start_fast(x, in, len, o) || start_convert(&x->j, in, len, o);
	return x;
}

/* The fast path's PDF/X into result, once its ink is within the limit. */
static bool finish_fast(struct pdfx_job *x, struct buf *result, double *max_tac)
{
	struct tac_tally t = {.limit = x->j.ink_limit};
	for (int page = 1; page <= x->pages; page++)
		tally_page(&t, page, x->tac[page - 1]);
	if (!tally_finish(&x->j, &t, max_tac))
		return false;
	buf_append(result, x->pdfx.data, x->pdfx.len);
	return true;
}

/* Frees x, its folder and what gs left there; a gs still running (a
 * conversion given up) is killed first. */
static void job_destroy(struct pdfx_job *x)
{
	struct job *j = &x->j;
	if (j->pid > 0) {
		kill(j->pid, SIGKILL);
		while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	buf_finish(&j->msg);
	buf_finish(&x->pdfx);
	free(x->tac);
	if (j->dir)
		remove_tree(j->dir, 0);
	atomic_untrack_dir(j->dir_handle);
	free(j->dir);
	free(j->gs);
	if (j->envp)
		for (char **e = j->envp; *e; e++)
			free(*e);
	free(j->envp);
	free(x);
}

bool pdfx_finish(struct pdfx_job *x, struct buf *out, double *max_tac, bool *over_limit, char **err)
{
	assert(x && out && err);
	*err = NULL;
	struct buf result;
	buf_init(&result);
	bool ok = x->started && (x->fast ? finish_fast(x, &result, max_tac)
	                                 : finish_convert(&x->j, &result, max_tac));
	if (over_limit)
		*over_limit = !ok && x->j.over;
	if (ok)
		buf_append(out, result.data ? result.data : "", result.len);
	else
		*err = buf_detach(&x->j.msg);
	buf_finish(&result);
	job_destroy(x);
	return ok;
}

bool pdfx_convert(const void *in, size_t len, const struct pdfx_options *o, struct buf *out,
                  double *max_tac, bool *over_limit, char **err)
{
	return pdfx_finish(pdfx_start(in, len, o), out, max_tac, over_limit, err);
}

/* ---- conversions in the background, while the build draws on ---- */

struct pending {
	struct pdfx_job *job;
	char *path; /* owned: where its PDF/X goes */
};

static struct {
	bool open;
	unsigned jobs;
	struct pending *list; /* oldest first */
	size_t n, cap;
} batch;

void pdfx_batch_begin(unsigned jobs)
{
	batch.open = true;
	batch.jobs = jobs ? jobs : 1;
}

bool pdfx_batch_is_open(void)
{
	return batch.open;
}

/* Finishes the oldest conversion and writes its PDF/X; false when that
 * failed other than by too much ink (which is reported as an error of
 * the input). */
static bool finish_oldest(struct diag *d)
{
	struct pending p = batch.list[0];
	memmove(batch.list, batch.list + 1, --batch.n * sizeof(*batch.list));
	struct buf x;
	buf_init(&x);
	char *err = NULL;
	bool over = false;
	bool ok = pdfx_finish(p.job, &x, NULL, &over, &err);
	if (ok) {
		ok = atomic_write_file(p.path, x.data, x.len, d);
	} else {
		diag_error(d, (struct mark){.file = p.path}, "cannot make PDF/X: %s", err);
		ok = over; /* an input error: the build writes nothing */
	}
	free(err);
	free(p.path);
	buf_finish(&x);
	return ok;
}

bool pdfx_batch_add(const void *in, size_t len, const struct pdfx_options *o, const char *path,
                    struct diag *d)
{
	assert(batch.open);
	bool ok = true;
	while (batch.n >= batch.jobs)
		ok &= finish_oldest(d);
	XGROW(batch.list, batch.cap, batch.n + 1);
	batch.list[batch.n++] = (struct pending){pdfx_start(in, len, o), xstrdup(path)};
	return ok;
}

bool pdfx_batch_end(struct diag *d)
{
	bool ok = true;
	while (batch.n > 0)
		ok &= finish_oldest(d);
	free(batch.list);
	batch.list = NULL;
	batch.cap = 0;
	batch.open = false;
	return ok;
}
