#include "cli/watch.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/exitcode.h"
#include "util/mem.h"

/* Quiet time after the last event before rebuilding: editors write a file
 * in several steps (truncate, write, rename a backup). */
#define SETTLE_MS 200

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* A watched folder and the kit it belongs to (-1: shared, all kits). */
struct watch {
	int wd;
	int kit;
	char *dir;
};

struct watcher {
	int fd;
	struct watch *w;
	size_t n, cap;
};

static void add_tree(struct watcher *wt, const char *dir, int kit, int depth)
{
	uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;
	int wd = inotify_add_watch(wt->fd, dir, mask);
	if (wd < 0)
		return;
	XGROW(wt->w, wt->cap, wt->n + 1);
	wt->w[wt->n++] = (struct watch){wd, kit, xstrdup(dir)};
	if (depth >= 4)
		return;
	DIR *dp = opendir(dir);
	struct dirent *de;
	while (dp && (de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		struct buf sub;
		buf_init(&sub);
		buf_printf(&sub, "%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(buf_str(&sub), &st) == 0 && S_ISDIR(st.st_mode))
			add_tree(wt, buf_str(&sub), kit, depth + 1);
		buf_finish(&sub);
	}
	if (dp)
		closedir(dp);
}

/* Files whose change can change an output (fonts and the hyphenation
 * lists too); not our own temporary files nor an editor's swap and backup
 * files. Which outputs a change reaches is the build cache's business. */
static bool relevant(const char *name)
{
	static const char *const exts[] = {".yaml", ".yml", ".csv", ".svg", ".png", ".icc",
	                                   ".icm",  ".ttf", ".otf", ".ttc", ".txt", NULL};
	if (name[0] == '.' || name[strlen(name) - 1] == '~')
		return false;
	size_t n = strlen(name);
	for (const char *const *e = exts; *e; e++) {
		size_t m = strlen(*e);
		if (n > m && strcmp(name + n - m, *e) == 0)
			return true;
	}
	return false;
}

static const char *kit_name(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	return slash && slash[1] ? slash + 1 : dir;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void stamp(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, n, "%H:%M:%S", &tm);
}

/* Builds the kits marked in dirty, one line each. */
static void rebuild(const struct build_options *opt, char **kits, size_t nkits, const bool *dirty)
{
	for (size_t i = 0; i < nkits; i++) {
		if (!dirty[i])
			continue;
		struct build_options o = *opt;
		const char *path = kits[i];
		o.paths = &path;
		o.npaths = 1;
		double t0 = now_s();
		int code = build_run(&o);
		char when[16];
		stamp(when, sizeof(when));
		const char *result =
		        code == EXIT_OK ? "ok"
		        : code == EXIT_INPUT
		                ? "errors in the input (above); fix and save to rebuild"
		        : code == EXIT_USAGE ? "usage error (above)"
		                             : "failed to write (above)";
		printf("[%s] %s %s in %.1f s: %s\n", when, opt->write ? "built" : "checked",
		       kit_name(kits[i]), now_s() - t0, result);
		fflush(stdout);
	}
}

/* The kit folders to watch: the paths given (a file stands for its kit),
 * or every kit under decks/. Caller frees each and the array. */
static char **list_kits(const struct build_options *opt, size_t *nkits)
{
	char **kits = NULL;
	*nkits = 0;
	if (opt->npaths == 0) {
		DIR *dp = opendir("decks");
		struct dirent *de;
		while (dp && (de = readdir(dp))) {
			if (de->d_name[0] == '.')
				continue;
			struct buf p;
			buf_init(&p);
			buf_printf(&p, "decks/%s", de->d_name);
			struct stat st;
			if (stat(buf_str(&p), &st) == 0 && S_ISDIR(st.st_mode)) {
				kits = xreallocarray(kits, *nkits + 1, sizeof(*kits));
				kits[(*nkits)++] = buf_detach(&p);
			} else {
				buf_finish(&p);
			}
		}
		if (dp)
			closedir(dp);
	} else {
		for (size_t i = 0; i < opt->npaths; i++) {
			struct stat st;
			char *p = xstrdup(opt->paths[i]);
			if (stat(p, &st) == 0 && !S_ISDIR(st.st_mode)) {
				char *slash = strrchr(p, '/');
				if (slash) {
					*slash = '\0';
				} else {
					free(p);
					p = xstrdup(".");
				}
			}
			kits = xreallocarray(kits, *nkits + 1, sizeof(*kits));
			kits[(*nkits)++] = p;
		}
	}
	return kits;
}

/* Reads the events waiting on the watcher: a new folder is watched too, and
 * a change to a relevant file marks its kit dirty (every kit when the file
 * is shared). True when some kit became dirty. */
static bool read_events(struct watcher *wt, bool *dirty, size_t nkits)
{
	char events[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false;
	ssize_t len;
	while ((len = read(wt->fd, events, sizeof(events))) > 0) {
		for (char *p = events; p < events + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			p += sizeof(*ev) + ev->len;
			const struct watch *w = NULL;
			for (size_t i = 0; i < wt->n && !w; i++)
				if (wt->w[i].wd == ev->wd)
					w = &wt->w[i];
			if (!w || !ev->len)
				continue;
			if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
				struct buf sub;
				buf_init(&sub);
				buf_printf(&sub, "%s/%s", w->dir, ev->name);
				add_tree(wt, buf_str(&sub), w->kit, 1);
				buf_finish(&sub);
				continue;
			}
			if (!relevant(ev->name))
				continue;
			for (size_t i = 0; i < nkits; i++)
				if (w->kit < 0 || (size_t)w->kit == i)
					dirty[i] = true;
			changed = true;
		}
	}
	return changed;
}

int watch_run(const struct build_options *opt)
{
	size_t nkits;
	char **kits = list_kits(opt, &nkits);
	if (!nkits) {
		fprintf(stderr,
		        "deckpress: error: nothing to watch: no kit folders under decks/\n");
		return EXIT_USAGE;
	}

	struct watcher wt = {.fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)};
	if (wt.fd < 0) {
		fprintf(stderr, "deckpress: error: cannot watch files: %s\n", strerror(errno));
		for (size_t i = 0; i < nkits; i++)
			free(kits[i]);
		free(kits);
		return EXIT_INTERNAL;
	}
	for (size_t i = 0; i < nkits; i++)
		add_tree(&wt, kits[i], (int)i, 0);
	struct buf shared;
	buf_init(&shared);
	buf_printf(&shared, "%s/templates", opt->root);
	add_tree(&wt, buf_str(&shared), -1, 0);
	buf_clear(&shared);
	buf_printf(&shared, "%s/fonts", opt->root);
	add_tree(&wt, buf_str(&shared), -1, 0);
	buf_finish(&shared);

	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	bool *dirty = xcalloc(nkits, sizeof(*dirty));
	for (size_t i = 0; i < nkits; i++)
		dirty[i] = true;
	rebuild(opt, kits, nkits, dirty);
	printf("watching %zu kit%s; Ctrl-C to stop\n", nkits, nkits == 1 ? "" : "s");
	fflush(stdout);

	bool pending = false;
	while (!stop) {
		struct pollfd pfd = {.fd = wt.fd, .events = POLLIN};
		int r = poll(&pfd, 1, pending ? SETTLE_MS : -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 && pending) {
			rebuild(opt, kits, nkits, dirty);
			memset(dirty, 0, nkits * sizeof(*dirty));
			pending = false;
			continue;
		}
		pending |= read_events(&wt, dirty, nkits);
	}
	printf("stopped watching\n");
	for (size_t i = 0; i < wt.n; i++)
		free(wt.w[i].dir);
	free(wt.w);
	close(wt.fd);
	for (size_t i = 0; i < nkits; i++)
		free(kits[i]);
	free(kits);
	free(dirty);
	return EXIT_OK;
}
