/* The build cache (build/cache.h): a record in out/<kit>/.deckpress-cache
 * of the inputs a kit was built from and the outputs it made. */
#define _GNU_SOURCE /* memmem() */
#include "build/cache.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build/item.h"
#include "display/dlist.h"
#include "output/atomic.h"
#include "output/lazy_qpdf.h"
#include "output/sink.h"
#include "render/lazy_rsvg.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/thread.h"

#define RECORD CACHE_RECORD
/* The first line of a record; the number changes with the record's format
 * and with the hash function. */
#define MAGIC "deckpress-cache 2"
/* A file changed this soon (ns) before it was hashed may change again
 * within the same mtime tick: hashed again next time. */
#define RACY_NS 2000000000LL
/* How far before a change a file system with nanosecond times may stamp
 * it: the kernel's clock tick, 1-10 ms. */
#define TICK_NS 50000000LL
/* How deep the outputs' folders are walked. */
#define WALK_DEPTH 8
/* How deep the input folders are walked: anything the loader can read is
 * in the key, hidden names and deep folders too (a folder reached through a
 * link is not walked, so there is no loop); this only stops a runaway. */
#define INPUT_DEPTH 256

/* ---- the hash: two 64-bit lanes over 8-byte words ---- */

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t fmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

static void mix_word(struct cache_hash *h, uint64_t w)
{
	h->a = rotl((h->a ^ w) * 0x9e3779b97f4a7c15ULL, 31) * 0x87c37b91114253d5ULL;
	h->b = rotl(h->b + (w ^ 0x4cf5ad432745937fULL), 27) * 0x52dce729ULL + h->a;
}

void cache_hash_init(struct cache_hash *h)
{
	*h = (struct cache_hash){.a = 0x243f6a8885a308d3ULL, .b = 0x13198a2e03707344ULL};
}

void cache_hash_bytes(struct cache_hash *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	h->n += n;
	if (h->ntail) {
		/* fill the tail to a word in one copy (a string of odd length
		 * leaves one, and every number after it goes through here) */
		size_t k = 8 - h->ntail < n ? 8 - h->ntail : n;
		memcpy(h->tail + h->ntail, s, k);
		h->ntail += k;
		s += k;
		n -= k;
		if (h->ntail < 8)
			return;
		uint64_t w;
		memcpy(&w, h->tail, 8);
		mix_word(h, w);
		h->ntail = 0;
	}
	for (; n >= 8; n -= 8, s += 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		mix_word(h, w);
	}
	/* what is left: less than a word, after a tail that may still be
	 * short of one */
	memcpy(h->tail + h->ntail, s, n);
	h->ntail += n;
}

void cache_hash_u64(struct cache_hash *h, uint64_t v)
{
	cache_hash_bytes(h, &v, sizeof(v));
}

void cache_hash_double(struct cache_hash *h, double v)
{
	uint64_t u;
	memcpy(&u, &v, sizeof(u));
	cache_hash_u64(h, u);
}

void cache_hash_str(struct cache_hash *h, const char *s)
{
	if (!s) {
		cache_hash_u64(h, UINT64_MAX);
		return;
	}
	size_t n = strlen(s);
	cache_hash_u64(h, n);
	cache_hash_bytes(h, s, n);
}

void cache_hash_get(const struct cache_hash *h, unsigned char out[16])
{
	struct cache_hash t = *h;
	uint64_t w = 0;
	memcpy(&w, t.tail, t.ntail);
	mix_word(&t, w ^ ((uint64_t)t.ntail << 56));
	mix_word(&t, t.n);
	uint64_t a = fmix(t.a ^ rotl(t.b, 17)), b = fmix(t.b + a);
	memcpy(out, &a, 8);
	memcpy(out + 8, &b, 8);
}

/* ---- records of files, by path ---- */

struct rec {
	char *path; /* owned */
	uint64_t dev, ino, size;
	int64_t mtime, ctime; /* ns */
	unsigned char hash[16];
	bool has_hash; /* inputs: the content's; outputs: the key */
	bool racy;     /* an input changed just before it was hashed */
	unsigned format;
};

/* Records in the order added, with an open-addressing index by path. */
struct table {
	struct rec *v;
	size_t n, cap;
	size_t *idx; /* 1 + position in v; 0 free */
	size_t nidx; /* a power of two, at least twice n */
};

static size_t path_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct rec *table_find(const struct table *t, const char *path)
{
	if (!t->nidx)
		return NULL;
	for (size_t i = path_hash(path) & (t->nidx - 1);; i = (i + 1) & (t->nidx - 1)) {
		if (!t->idx[i])
			return NULL;
		if (strcmp(t->v[t->idx[i] - 1].path, path) == 0)
			return &t->v[t->idx[i] - 1];
	}
}

static void table_index(struct table *t, size_t pos)
{
	for (size_t i = path_hash(t->v[pos].path) & (t->nidx - 1);; i = (i + 1) & (t->nidx - 1))
		if (!t->idx[i]) {
			t->idx[i] = pos + 1;
			return;
		}
}

/* The record of path, added (zeroed but for the path) when it is new.
 * Borrowed; valid until the next add. */
static struct rec *table_add(struct table *t, const char *path)
{
	struct rec *r = table_find(t, path);
	if (r)
		return r;
	if (2 * (t->n + 1) > t->nidx) {
		free(t->idx);
		t->nidx = t->nidx ? 2 * t->nidx : 64;
		t->idx = xcalloc(t->nidx, sizeof(*t->idx));
		for (size_t i = 0; i < t->n; i++)
			table_index(t, i);
	}
	XGROW(t->v, t->cap, t->n + 1);
	t->v[t->n] = (struct rec){.path = xstrdup(path)};
	table_index(t, t->n);
	return &t->v[t->n++];
}

static void table_finish(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].path);
	free(t->v);
	free(t->idx);
	*t = (struct table){0};
}

static int64_t ns_of(struct timespec ts)
{
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void rec_set_stat(struct rec *r, const struct stat *st)
{
	r->dev = (uint64_t)st->st_dev;
	r->ino = (uint64_t)st->st_ino;
	r->size = (uint64_t)st->st_size;
	r->mtime = ns_of(st->st_mtim);
	r->ctime = ns_of(st->st_ctim);
}

/* ---- the cache ---- */

struct cache {
	struct buf dir;  /* out_dir/<name>: the outputs' paths are relative to it */
	struct buf file; /* dir/.deckpress-cache */
	bool usable;     /* every key could be made: the record may be used and written */
	unsigned char program[16], env[16], kit[16];
	int64_t now; /* ns, when the cache was opened */
	/* the record read (empty when there was none or it was not trusted) */
	bool loaded, old_cacheable;
	unsigned char old_kit[16];
	char *old_findings; /* owned */
	size_t old_warnings;
	struct table old_in, old_out, old_made;
	/* this build's */
	struct table in;    /* input files: stat and content hash */
	struct table noted; /* outputs: key (has_hash) when it is known */
	struct table svgs;  /* SVG images: the hash of what they draw from their folder */
	/* the keys being made in a thread of their own (cache_open()), which
	 * owns usable, env, kit and in until it is joined; NULL when
	 * cache_open() made them */
	struct keying *keying;
};

struct keying {
	pthread_t thread;
	bool joined;
	struct cache *c;
	const struct build_options *opt; /* borrowed: the build's */
	char *kit_dir, *only;            /* owned */
};

/* Waits for the thread making c's keys, if any: every entry point that
 * reads them calls it first. */
static void settle(const struct cache *c)
{
	if (c && c->keying && !c->keying->joined) {
		pthread_join(c->keying->thread, NULL);
		c->keying->joined = true;
	}
}

static void hex(const unsigned char h[16], char out[33])
{
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static bool unhex(const char *s, unsigned char h[16])
{
	for (int i = 0; i < 16; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + k];
			int d = c >= '0' && c <= '9'   ? c - '0'
			        : c >= 'a' && c <= 'f' ? c - 'a' + 10
			                               : -1;
			if (d < 0)
				return false;
			v = v * 16 + (unsigned)d;
		}
		h[i] = (unsigned char)v;
	}
	return s[32] == '\0' || s[32] == '\t' || s[32] == '\n';
}

/* cache_hash_file() without waiting for the keys: for the code that makes
 * them (in their thread, which owns c->in until it is joined). */
static bool hash_file(struct cache *c, const char *path, unsigned char out[16])
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	struct rec *r = table_find(&c->in, path);
	if (r && r->has_hash) {
		memcpy(out, r->hash, 16);
		return true;
	}
	struct rec now = {0};
	rec_set_stat(&now, &st);
	const struct rec *o = table_find(&c->old_in, path);
	bool same = o && o->has_hash && !o->racy && o->dev == now.dev && o->ino == now.ino &&
	            o->size == now.size && o->mtime == now.mtime && o->ctime == now.ctime;
	if (same) {
		memcpy(now.hash, o->hash, 16);
	} else {
		FILE *fp = fopen(path, "rb");
		if (!fp)
			return false;
		struct cache_hash h;
		cache_hash_init(&h);
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			cache_hash_bytes(&h, chunk, n);
		bool err = ferror(fp);
		fclose(fp);
		if (err)
			return false;
		cache_hash_get(&h, now.hash);
		now.racy = c->now - now.mtime < RACY_NS || c->now - now.ctime < RACY_NS;
	}
	now.has_hash = true;
	r = table_add(&c->in, path);
	now.path = r->path;
	*r = now;
	memcpy(out, now.hash, 16);
	return true;
}

bool cache_hash_file(struct cache *c, const char *path, unsigned char out[16])
{
	settle(c);
	return hash_file(c, path, out);
}

/* ---- reading the record ---- */

/* Splits the tab-separated fields of line (changed in place) into f;
 * false unless there are exactly n. */
static bool fields(char *line, char **f, size_t n)
{
	size_t k = 0;
	f[k++] = line;
	for (char *p = line; *p; p++)
		if (*p == '\t') {
			if (k == n)
				return false;
			*p = '\0';
			f[k++] = p + 1;
		}
	return k == n;
}

static bool number(const char *s, uint64_t *v)
{
	if (*s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (*end || errno)
		return false;
	*v = x;
	return true;
}

/* One "in" or "out" line: KEY DEV INO SIZE MTIME CTIME [RACY] PATH, KEY
 * "-" for none. */
static bool parse_rec(char *line, struct table *t, bool input)
{
	char *f[8];
	size_t n = input ? 8 : 7;
	if (!fields(line, f, n) || !*f[n - 1])
		return false;
	uint64_t v[6] = {0};
	for (size_t i = 1; i < n - 1; i++)
		if (!number(f[i], &v[i - 1]))
			return false;
	struct rec *r = table_add(t, f[n - 1]);
	r->dev = v[0];
	r->ino = v[1];
	r->size = v[2];
	r->mtime = (int64_t)v[3];
	r->ctime = (int64_t)v[4];
	r->racy = input && v[5];
	r->has_hash = strcmp(f[0], "-") != 0;
	return !r->has_hash || unhex(f[0], r->hash);
}

/* Reads the lines after the magic one; false on anything unexpected. */
static bool parse_body(struct cache *c, char *s, char *end, unsigned char program[16])
{
	bool have_program = false, have_kit = false;
	while (s < end) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			return false;
		*nl = '\0';
		char *line = s;
		s = nl + 1;
		uint64_t v;
		if (strncmp(line, "program ", 8) == 0) {
			have_program = unhex(line + 8, program);
		} else if (strncmp(line, "kit ", 4) == 0) {
			have_kit = unhex(line + 4, c->old_kit);
		} else if (strncmp(line, "cacheable ", 10) == 0) {
			c->old_cacheable = strcmp(line + 10, "1") == 0;
		} else if (strncmp(line, "warnings ", 9) == 0) {
			if (!number(line + 9, &v))
				return false;
			c->old_warnings = (size_t)v;
		} else if (strncmp(line, "findings ", 9) == 0) {
			if (!number(line + 9, &v) || v > (uint64_t)(end - s) || c->old_findings)
				return false;
			c->old_findings = xstrndup(s, (size_t)v);
			s += v;
		} else if (strncmp(line, "made ", 5) == 0) {
			char *f[2];
			if (!fields(line + 5, f, 2) || !number(f[0], &v) || !*f[1])
				return false;
			table_add(&c->old_made, f[1])->format = (unsigned)v;
		} else if (strncmp(line, "out ", 4) == 0) {
			if (!parse_rec(line + 4, &c->old_out, false))
				return false;
		} else if (strncmp(line, "in ", 3) == 0) {
			if (!parse_rec(line + 3, &c->old_in, true))
				return false;
		} else {
			return false;
		}
	}
	return have_program && have_kit && c->old_findings;
}

static void forget_record(struct cache *c)
{
	c->loaded = c->old_cacheable = false;
	free(c->old_findings);
	c->old_findings = NULL;
	table_finish(&c->old_in);
	table_finish(&c->old_out);
	table_finish(&c->old_made);
}

/* Appends the bytes of the file at path to b; false when it cannot be
 * read. */
static bool read_whole(const char *path, struct buf *b)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(b, chunk, n);
	bool err = ferror(fp);
	fclose(fp);
	return !err;
}

/* Reads the record when it is whole: the magic line first, and last a
 * checksum of everything before it. *program gets the id it was made by. */
static void read_record(struct cache *c, unsigned char program[16])
{
	struct buf b;
	buf_init(&b);
	if (!read_whole(buf_str(&c->file), &b)) {
		buf_finish(&b);
		return;
	}
	/* "sum <32 hex>\n" closes it */
	const size_t tail = 37;
	size_t m = strlen(MAGIC) + 1;
	unsigned char sum[16], want[16];
	if (b.len < m + tail || memcmp(b.data, MAGIC "\n", m) != 0 ||
	    memcmp(b.data + b.len - tail, "sum ", 4) != 0 || b.data[b.len - 1] != '\n') {
		buf_finish(&b);
		return;
	}
	b.data[b.len - 1] = '\0';
	struct cache_hash h;
	cache_hash_init(&h);
	cache_hash_bytes(&h, b.data, b.len - tail);
	cache_hash_get(&h, want);
	c->loaded = unhex(b.data + b.len - tail + 4, sum) && memcmp(sum, want, 16) == 0 &&
	            parse_body(c, b.data + m, b.data + b.len - tail, program);
	if (!c->loaded)
		forget_record(c);
	buf_finish(&b);
}

/* ---- the keys ---- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in folder dir but those starting with '.', sorted; NULL when
 * it cannot be read. Caller frees each and the array. */
/* The names in dir, sorted; those starting with '.' too when hidden is
 * set ("." and ".." never). NULL when it cannot be read. */
static char **list_dir(const char *dir, size_t *count, bool hidden)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **names = xcalloc(1, sizeof(*names));
	size_t n = 0, cap = 1;
	struct dirent *e;
	while ((e = readdir(d)))
		if (hidden ? strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0
		           : e->d_name[0] != '.') {
			XGROW(names, cap, n + 1);
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	*count = n;
	return names;
}

/* A file by its identity (device, inode, size, mtime, ctime), which any
 * write or replacement changes, without reading it: for the files a
 * package or the program's installation owns. */
static void hash_identity(struct cache_hash *h, const char *path)
{
	struct stat st;
	struct rec r = {0};
	if (stat(path, &st) == 0)
		rec_set_stat(&r, &st);
	cache_hash_str(h, path);
	cache_hash_u64(h, r.dev);
	cache_hash_u64(h, r.ino);
	cache_hash_u64(h, r.size);
	cache_hash_u64(h, (uint64_t)r.mtime);
	cache_hash_u64(h, (uint64_t)r.ctime);
}

/* The program: its identity (a build or an install writes it anew; reading
 * its 3 MB took 2 ms a run), that of every shared library it has mapped,
 * which a package upgrade changes, and that of the libraries it opens on
 * first use (util/dynlib.h), mapped or not. */
static bool make_program_id(unsigned char out[16])
{
	struct cache_hash h;
	cache_hash_init(&h);
	struct stat st;
	if (stat("/proc/self/exe", &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	hash_identity(&h, "/proc/self/exe");
	hash_identity(&h, lazy_qpdf_get_lib()->file);
	hash_identity(&h, lazy_rsvg_get_lib()->file);
	FILE *fp = fopen("/proc/self/maps", "r");
	if (!fp)
		return false;
	/* in name order: where each is mapped changes from run to run */
	char **libs = NULL;
	size_t n = 0, cap = 0;
	char line[4096];
	while (fgets(line, sizeof(line), fp)) {
		char *path = strchr(line, '/');
		char *nl = strchr(line, '\n');
		if (!path || !nl || !strstr(path, ".so"))
			continue;
		*nl = '\0';
		XGROW(libs, cap, n + 1);
		libs[n++] = xstrdup(path);
	}
	fclose(fp);
	if (n)
		qsort(libs, n, sizeof(*libs), cmp_name);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(libs[i], libs[i - 1]) != 0)
			hash_identity(&h, libs[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(libs[i]);
	free(libs);
	cache_hash_get(&h, out);
	return true;
}

/* The program's id, made once a process: before anything opened a library
 * on first use, whose mappings would change it from one kit to the next. */
static bool program_id(unsigned char out[16])
{
	static unsigned char id[16];
	static bool made, ok;
	if (!made) {
		ok = make_program_id(id);
		made = true;
	}
	memcpy(out, id, 16);
	return ok;
}

/* How a tree is walked: the folder to leave out (may be NULL), and whether
 * its files count by identity rather than content. */
struct walk {
	const struct stat *skip;
	bool identity;
};

/* The folders a walk is in, from the top: a link back to one of them
 * counts by where it points, and is not followed again. */
struct walk_frame {
	dev_t dev;
	ino_t ino;
	const struct walk_frame *up;
};

/* A version control system's folder: never an input, and large. */
static bool is_vcs_dir(const char *name)
{
	return strcmp(name, ".git") == 0 || strcmp(name, ".hg") == 0 || strcmp(name, ".svn") == 0;
}

static bool walk_tree(struct cache *c, struct cache_hash *h, const char *path, const char *rel,
                      const struct walk *w, const struct walk_frame *up, int depth);

/* Adds every file under path (a file or a folder, walked in name order,
 * skipping the folder w->skip and version control folders) to h: its name
 * relative to path and its content or identity. Links are followed (the
 * loader reads through them), but not back into a folder the walk is in.
 * A missing path adds a mark of its absence. False when a file cannot be
 * read. */
static bool hash_tree(struct cache *c, struct cache_hash *h, const char *path, const char *rel,
                      const struct walk *w, int depth)
{
	return walk_tree(c, h, path, rel, w, NULL, depth);
}

static bool walk_tree(struct cache *c, struct cache_hash *h, const char *path, const char *rel,
                      const struct walk *w, const struct walk_frame *up, int depth)
{
	const struct stat *skip = w->skip;
	struct stat st, lst;
	if (stat(path, &st) != 0) {
		cache_hash_str(h, "missing");
		cache_hash_str(h, rel);
		return true;
	}
	if (skip && st.st_dev == skip->st_dev && st.st_ino == skip->st_ino)
		return true;
	bool loop = false;
	for (const struct walk_frame *f = up; f && !loop; f = f->up)
		loop = f->dev == st.st_dev && f->ino == st.st_ino;
	if (loop) {
		char to[4096];
		ssize_t n = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)
		                    ? readlink(path, to, sizeof(to) - 1)
		                    : 0;
		to[n > 0 ? n : 0] = '\0';
		cache_hash_str(h, "loop");
		cache_hash_str(h, rel);
		cache_hash_str(h, to);
		return true;
	}
	if (S_ISREG(st.st_mode)) {
		unsigned char fh[16];
		cache_hash_str(h, "file");
		cache_hash_str(h, rel);
		if (w->identity) {
			hash_identity(h, path);
			return true;
		}
		if (!hash_file(c, path, fh))
			return false;
		cache_hash_bytes(h, fh, 16);
		return true;
	}
	if (!S_ISDIR(st.st_mode) || depth > INPUT_DEPTH)
		return true;
	cache_hash_str(h, "dir");
	cache_hash_str(h, rel);
	size_t n;
	char **names = list_dir(path, &n, true);
	if (!names)
		return false;
	const struct walk_frame here = {st.st_dev, st.st_ino, up};
	bool ok = true;
	struct buf p, r;
	buf_init(&p);
	buf_init(&r);
	for (size_t i = 0; i < n; i++) {
		buf_clear(&p);
		buf_clear(&r);
		buf_printf(&p, "%s/%s", path, names[i]);
		buf_printf(&r, "%s/%s", rel, names[i]);
		if (!is_vcs_dir(names[i]))
			ok = ok && walk_tree(c, h, buf_str(&p), buf_str(&r), w, &here, depth + 1);
		free(names[i]);
	}
	free(names);
	buf_finish(&p);
	buf_finish(&r);
	return ok;
}

/* The Ghostscript that PDF/X would run: its identity, found in PATH. */
static void hash_gs(struct cache_hash *h)
{
	const char *path = getenv("PATH");
	for (const char *p = path; p && *p;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%.*s/gs", (int)n, p);
		struct stat st;
		bool found = n && stat(buf_str(&b), &st) == 0 && S_ISREG(st.st_mode);
		if (found)
			hash_identity(h, buf_str(&b));
		buf_finish(&b);
		if (found)
			return;
		p = colon ? colon + 1 : p + n;
	}
	cache_hash_str(h, "no gs");
}

/* Every option that changes the bytes of an output (not --jobs). */
static void hash_options(struct cache_hash *h, const struct build_options *opt, const char *only)
{
	cache_hash_u64(h, opt->formats);
	cache_hash_u64(h, opt->nlangs);
	for (size_t i = 0; opt->langs && i < opt->nlangs; i++)
		cache_hash_str(h, opt->langs[i]);
	cache_hash_str(h, only);
	cache_hash_str(h, opt->profile);
	cache_hash_double(h, opt->dpi);
	cache_hash_double(h, opt->paper_w);
	cache_hash_double(h, opt->paper_h);
	cache_hash_str(h, opt->paper_name);
	cache_hash_u64(h, (uint64_t)opt->orientation);
	cache_hash_u64(h, (uint64_t)opt->duplex);
	cache_hash_double(h, opt->gap);
	cache_hash_u64(h, opt->alignment_test);
	cache_hash_str(h, opt->out_dir);
}

/* The program, the fonts (bundled and the kit's) and the date: what every
 * output of the kit is made with, besides its own pages. */
static bool make_env(struct cache *c, const struct build_options *opt, const char *kit_dir)
{
	struct cache_hash h;
	cache_hash_init(&h);
	cache_hash_bytes(&h, c->program, 16);
	char date[32] = "";
	sink_get_date(date, sizeof(date));
	cache_hash_str(&h, date);
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/fonts", opt->root);
	/* the bundled fonts by identity (they are the installation's, and
	 * 7 MB to read on a first build), the kit's by content */
	const struct walk installed = {.identity = true}, content = {0};
	bool ok = hash_tree(c, &h, buf_str(&p), "fonts", &installed, 0);
	buf_clear(&p);
	buf_printf(&p, "%s/fonts", kit_dir);
	ok = ok && hash_tree(c, &h, buf_str(&p), "kit fonts", &content, 0);
	buf_finish(&p);
	cache_hash_get(&h, c->env);
	return ok;
}

/* Every input of the kit, the options and the environment. */
static bool make_kit_key(struct cache *c, const struct build_options *opt, const char *kit_dir,
                         const char *only)
{
	struct cache_hash h;
	cache_hash_init(&h);
	cache_hash_bytes(&h, c->env, 16);
	hash_options(&h, opt, only);
	struct stat out;
	bool have_out = stat(opt->out_dir, &out) == 0;
	const struct walk kit = {.skip = have_out ? &out : NULL}, content = {0},
	                  system = {.identity = true};
	bool ok = hash_tree(c, &h, kit_dir, "kit", &kit, 0);
	/* the kit's folder as the command names it: the findings printed
	 * again name their files that way */
	cache_hash_str(&h, kit_dir);
	/* Ghostscript for every PDF/X (a setting for tests and comparisons) */
	cache_hash_str(&h, getenv("DECKPRESS_PDFX_GS") ? "gs" : NULL);
	struct buf p;
	buf_init(&p);
	buf_printf(&p, "%s/templates", opt->root);
	ok = ok && hash_tree(c, &h, buf_str(&p), "templates", &content, 0);
	/* the system's hyphenation dictionaries, the Danish word list for
	 * compound joints (typeset/hyphen.c), the ICC profiles of PDF/X: the
	 * packages' files, by identity */
	ok = ok && hash_tree(c, &h, "/usr/share/hyphen", "hyphen", &system, 0);
	ok = ok && hash_tree(c, &h, "/usr/share/dict/danish", "danish", &system, 0);
	const char *icc = getenv("DECKPRESS_ICC_DIR");
	cache_hash_str(&h, icc);
	ok = ok &&
	     hash_tree(c, &h, icc ? icc : "/usr/share/color/icc/ghostscript", "icc", &system, 0);
	buf_finish(&p);
	hash_gs(&h);
	cache_hash_get(&h, c->kit);
	return ok;
}

static void *make_keys(void *arg)
{
	struct keying *k = arg;
	struct cache *c = k->c;
	c->usable = make_env(c, k->opt, k->kit_dir) && make_kit_key(c, k->opt, k->kit_dir, k->only);
	return NULL;
}

/* With jobs and no record to compare them with at once: the keys in a
 * thread, while the build loads the kit (cache_ready()). True when that
 * thread runs. */
static bool key_in_thread(struct cache *c, const struct build_options *opt, const char *kit_dir,
                          const char *only)
{
	if (opt->jobs < 2 || c->loaded || !c->usable)
		return false;
	struct keying *k = xcalloc(1, sizeof(*k));
	*k = (struct keying){.c = c,
	                     .opt = opt,
	                     .kit_dir = xstrdup(kit_dir),
	                     .only = only ? xstrdup(only) : NULL};
	if (!thread_start(&k->thread, make_keys, k)) {
		free(k->kit_dir);
		free(k->only);
		free(k);
		return false;
	}
	c->keying = k;
	return true;
}

struct cache *cache_open(const struct build_options *opt, const char *kit_dir, const char *name,
                         const char *only)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	buf_init(&c->dir);
	buf_init(&c->file);
	buf_printf(&c->dir, "%s/%s", opt->out_dir, name);
	buf_printf(&c->file, "%s/" RECORD, buf_str(&c->dir));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	c->now = ns_of(ts);
	unsigned char recorded[16];
	if (!opt->no_cache)
		read_record(c, recorded);
	/* here, not in a thread: before anything maps another library */
	c->usable = program_id(c->program);
	if (c->loaded && (!c->usable || memcmp(recorded, c->program, 16) != 0))
		forget_record(c); /* another program's: nothing in it is trusted */
	if (key_in_thread(c, opt, kit_dir, only))
		return c;
	c->usable = c->usable && make_env(c, opt, kit_dir) && make_kit_key(c, opt, kit_dir, only);
	return c;
}

void cache_ready(const struct cache *c)
{
	if (c)
		settle(c);
}

void cache_destroy(struct cache *c)
{
	if (!c)
		return;
	settle(c);
	if (c->keying) {
		free(c->keying->kit_dir);
		free(c->keying->only);
		free(c->keying);
	}
	forget_record(c);
	table_finish(&c->in);
	table_finish(&c->noted);
	table_finish(&c->svgs);
	buf_finish(&c->dir);
	buf_finish(&c->file);
	free(c);
}

/* Whether the file at path is still the one rec describes. */
static bool output_unchanged(const char *path, const struct rec *r)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	struct rec now = {0};
	rec_set_stat(&now, &st);
	/* the change time too: a file written over in place with its
	 * modification time put back is not the file the build left */
	return now.dev == r->dev && now.ino == r->ino && now.size == r->size &&
	       now.mtime == r->mtime && now.ctime == r->ctime;
}

bool cache_kit_is_fresh(struct cache *c, const char **findings, size_t *warnings,
                        struct build_outputs *made)
{
	if (!c->loaded) /* nothing to compare with: the keys need not be made yet */
		return false;
	settle(c);
	if (!c->usable || !c->old_cacheable || !c->old_out.n || memcmp(c->old_kit, c->kit, 16) != 0)
		return false;
	struct buf p;
	buf_init(&p);
	bool fresh = true;
	for (size_t i = 0; fresh && i < c->old_out.n; i++) {
		buf_clear(&p);
		buf_printf(&p, "%s/%s", buf_str(&c->dir), c->old_out.v[i].path);
		fresh = output_unchanged(buf_str(&p), &c->old_out.v[i]);
	}
	for (size_t i = 0; fresh && made && i < c->old_made.n; i++) {
		buf_clear(&p);
		buf_printf(&p, "%s/%s", buf_str(&c->dir), c->old_made.v[i].path);
		build_outputs_add(made, c->old_made.v[i].format, &p);
	}
	buf_finish(&p);
	*findings = c->old_findings;
	*warnings = c->old_warnings;
	return fresh;
}

/* ---- the keys of outputs ---- */

static void hash_color(struct cache_hash *h, struct color c)
{
	cache_hash_double(h, c.r);
	cache_hash_double(h, c.g);
	cache_hash_double(h, c.b);
}

static void hash_box(struct cache_hash *h, struct box b)
{
	cache_hash_double(h, b.x);
	cache_hash_double(h, b.y);
	cache_hash_double(h, b.w);
	cache_hash_double(h, b.h);
}

static void hash_path(struct cache_hash *h, const struct dl_path *p)
{
	cache_hash_u64(h, p->nsegs);
	for (size_t i = 0; i < p->nsegs; i++) {
		cache_hash_u64(h, (uint64_t)p->segs[i].kind);
		for (int k = 0; k < 6; k++)
			cache_hash_double(h, p->segs[i].v[k]);
	}
	cache_hash_u64(h, p->flags);
	cache_hash_u64(h, p->has_fill);
	cache_hash_u64(h, p->has_stroke);
	hash_color(h, p->fill);
	hash_color(h, p->stroke);
	cache_hash_double(h, p->width);
	cache_hash_u64(h, (uint64_t)p->line_cap);
	cache_hash_u64(h, (uint64_t)p->line_join);
	cache_hash_u64(h, (uint64_t)p->dash_mode);
	cache_hash_double(h, p->dash[0]);
	cache_hash_double(h, p->dash[1]);
}

static void hash_text(struct cache_hash *h, const struct dl_text *t)
{
	cache_hash_u64(h, t->rich.len);
	cache_hash_bytes(h, t->rich.text, t->rich.len);
	cache_hash_u64(h, t->rich.nspans);
	for (size_t i = 0; i < t->rich.nspans; i++) {
		cache_hash_u64(h, t->rich.spans[i].start);
		cache_hash_u64(h, t->rich.spans[i].end);
		cache_hash_u64(h, t->rich.spans[i].style);
	}
	const struct text_style *s = &t->style;
	cache_hash_str(h, s->family);
	cache_hash_u64(h, (uint64_t)s->weight);
	cache_hash_u64(h, s->italic);
	cache_hash_double(h, s->size);
	cache_hash_double(h, s->min_size);
	cache_hash_double(h, s->line_height);
	cache_hash_u64(h, (uint64_t)s->align);
	cache_hash_str(h, s->lang);
	cache_hash_double(h, t->width);
	hash_box(h, t->box);
	cache_hash_double(h, t->dy);
	cache_hash_double(h, t->angle);
	hash_color(h, t->color);
	cache_hash_u64(h, (uint64_t)t->place);
	cache_hash_u64(h, (uint64_t)t->setup);
	cache_hash_u64(h, t->offset);
	cache_hash_double(h, t->off_x);
	cache_hash_double(h, t->off_y);
	cache_hash_u64(h, t->lines);
	cache_hash_u64(h, (uint64_t)t->first_line);
	cache_hash_u64(h, (uint64_t)t->nlines);
	cache_hash_u64(h, t->nlinks);
	for (size_t i = 0; i < t->nlinks; i++) {
		cache_hash_u64(h, t->links[i].start);
		cache_hash_u64(h, t->links[i].end);
		hash_color(h, t->links[i].color);
		cache_hash_str(h, t->links[i].dest);
	}
}

/* Whether the SVG data (in lower case) refers to anything outside itself:
 * an href or a url() that is not "#..." or "data:...", a style sheet or an
 * @import. Read loosely, erring towards yes. */
static bool svg_refers_outside(const char *d, size_t len)
{
	static const char *const always[] = {"xml-stylesheet", "@import"};
	for (size_t k = 0; k < 2; k++)
		if (memmem(d, len, always[k], strlen(always[k])))
			return true;
	static const char *const refs[] = {"href", "url("};
	const char *end = d + len;
	for (size_t k = 0; k < 2; k++) {
		size_t m = strlen(refs[k]);
		for (const char *p = d; (p = memmem(p, (size_t)(end - p), refs[k], m));) {
			p += m;
			if (k == 0) { /* href = "value" */
				while (p < end && strchr(" \t\r\n", *p) && *p)
					p++;
				if (p >= end || *p != '=')
					continue;
				p++;
			}
			while (p < end && strchr(" \t\r\n\"'", *p) && *p)
				p++;
			if (p < end && *p != '#' &&
			    !(end - p >= 5 && strncasecmp(p, "data:", 5) == 0))
				return true;
		}
	}
	return false;
}

/* What an SVG draws besides itself: librsvg reads the files its references
 * name (<use>, <image>, a style sheet) from the SVG's own folder and those
 * under it only, so an SVG that refers outside itself adds every file
 * there, by content (one walk a folder a build). False when one cannot be
 * read. */
static bool hash_svg_sources(struct cache *c, struct cache_hash *h, const char *path)
{
	size_t n = strlen(path);
	if (n < 4 || strcasecmp(path + n - 4, ".svg") != 0)
		return true;
	struct rec *r = table_find(&c->svgs, path);
	if (!r) {
		struct buf data;
		buf_init(&data);
		bool read = read_whole(path, &data);
		/* CSS's url() and @import in any case */
		for (size_t i = 0; i < data.len; i++)
			data.data[i] = (char)tolower((unsigned char)data.data[i]);
		bool outside = read && svg_refers_outside(data.data ? data.data : "", data.len);
		buf_finish(&data);
		if (!read)
			return false;
		struct cache_hash sub;
		cache_hash_init(&sub);
		if (outside) {
			const char *slash = strrchr(path, '/');
			struct buf dir;
			buf_init(&dir);
			if (slash)
				buf_append(&dir, path, slash == path ? 1 : (size_t)(slash - path));
			else
				buf_putc(&dir, '.');
			const struct walk content = {0};
			bool ok = hash_tree(c, &sub, buf_str(&dir), "svg folder", &content, 0);
			buf_finish(&dir);
			if (!ok)
				return false;
		}
		r = table_add(&c->svgs, path);
		cache_hash_get(&sub, r->hash);
		r->has_hash = true;
	}
	cache_hash_bytes(h, r->hash, 16);
	return true;
}

/* One operation; false when it cannot be cached. Every field of struct
 * dl_op (display/dlist.h) is here: a field added there must be added here,
 * or two pages that differ in it would share a key. */
static bool hash_op(struct cache_hash *h, struct cache *c, const struct dl_op *op)
{
	cache_hash_u64(h, (uint64_t)op->kind);
	switch (op->kind) {
	case DL_PATH:
		hash_path(h, &op->u.path);
		return true;
	case DL_TEXT:
		hash_text(h, &op->u.text);
		return true;
	case DL_IMAGE: {
		const struct dl_image *im = &op->u.image;
		unsigned char fh[16];
		if (c && !cache_hash_file(c, im->path, fh))
			return false;
		cache_hash_str(h, im->path);
		if (c)
			cache_hash_bytes(h, fh, 16);
		if (c && !hash_svg_sources(c, h, im->path))
			return false;
		hash_box(h, im->box);
		cache_hash_u64(h, im->cover);
		cache_hash_double(h, im->angle);
		return true;
	}
	case DL_GROUP: {
		const struct dl_group *g = &op->u.group;
		cache_hash_u64(h, g->transform);
		cache_hash_u64(h, g->clip);
		cache_hash_double(h, g->tx);
		cache_hash_double(h, g->ty);
		cache_hash_double(h, g->sx);
		cache_hash_double(h, g->sy);
		hash_box(h, g->clip_box);
		return true;
	}
	case DL_END:
		return true;
	case DL_DEST:
		cache_hash_str(h, op->u.dest.name);
		cache_hash_double(h, op->u.dest.x);
		cache_hash_double(h, op->u.dest.y);
		return true;
	case DL_BOOKMARK:
		cache_hash_u64(h, (uint64_t)op->u.bookmark.level);
		cache_hash_str(h, op->u.bookmark.title);
		cache_hash_str(h, op->u.bookmark.dest);
		return true;
	case DL_INSET: /* draws a page the list does not hold */
		return false;
	}
	return false;
}

bool cache_hash_dlist(struct cache_hash *h, struct cache *c, const struct dlist *l)
{
	cache_hash_double(h, l->trim_w);
	cache_hash_double(h, l->trim_h);
	cache_hash_double(h, l->bleed);
	cache_hash_double(h, l->die_radius);
	cache_hash_u64(h, l->count);
	for (size_t i = 0; i < l->count; i++)
		if (!hash_op(h, c, &l->ops[i]))
			return false;
	return true;
}

void cache_key_begin(struct cache_hash *h, const struct cache *c, const char *what)
{
	settle(c);
	cache_hash_init(h);
	cache_hash_bytes(h, c->env, 16);
	cache_hash_str(h, what);
}

bool cache_key_page(struct cache_hash *h, struct cache *c, const struct dlist *l,
                    const struct page_spec *p)
{
	settle(c);
	cache_hash_double(h, p->trim_w);
	cache_hash_double(h, p->trim_h);
	cache_hash_double(h, p->bleed);
	cache_hash_u64(h, p->back);
	cache_hash_str(h, p->label);
	cache_hash_str(h, p->outline);
	return cache_hash_dlist(h, c, l);
}

bool cache_key_pdf(struct cache_hash *h, const struct pdf_meta *meta, const struct pdf_print *pp)
{
	if (pp->pdfx_path)
		return false;
	cache_hash_str(h, meta->title);
	cache_hash_str(h, meta->author);
	cache_hash_str(h, meta->subject);
	cache_hash_str(h, meta->keywords);
	cache_hash_str(h, meta->date);
	cache_hash_u64(h, pp->marks);
	cache_hash_u64(h, pp->path != NULL);
	size_t n = pp->k_rule ? pp->k_rule->nkeep : 0;
	cache_hash_u64(h, n);
	for (size_t i = 0; i < n; i++)
		cache_hash_bytes(h, pp->k_rule->keep[i], 3);
	return true;
}

/* path relative to the kit's output folder; NULL when it is not in it. */
static const char *relative(const struct cache *c, const char *path)
{
	size_t n = c->dir.len;
	if (strncmp(path, buf_str(&c->dir), n) != 0 || path[n] != '/' || !path[n + 1])
		return NULL;
	return path + n + 1;
}

bool cache_output_is_fresh(struct cache *c, const char *path, const struct cache_hash *key)
{
	settle(c);
	const char *rel = c ? relative(c, path) : NULL;
	if (!rel || !c->usable)
		return false;
	struct rec *r = table_add(&c->noted, rel);
	if (!key)
		return false;
	cache_hash_get(key, r->hash);
	r->has_hash = true;
	const struct rec *o = table_find(&c->old_out, rel);
	return o && o->has_hash && memcmp(o->hash, r->hash, 16) == 0 && output_unchanged(path, o);
}

bool cache_pdf_is_fresh(const struct item_ctx *ctx, const char *what, const struct pdf_meta *meta,
                        const struct pdf_print *pp, const struct dlist *pages,
                        const struct page_spec *specs, size_t n)
{
	if (!ctx->cache || !pp->path)
		return false;
	struct cache_hash key;
	cache_key_begin(&key, ctx->cache, what);
	bool keyed = cache_key_pdf(&key, meta, pp);
	for (size_t i = 0; keyed && i < n; i++)
		keyed = cache_key_page(&key, ctx->cache, &pages[i], &specs[i]);
	return keyed && cache_output_is_fresh(ctx->cache, pp->path, &key);
}

bool cache_png_is_fresh(const struct item_ctx *ctx, const char *dir, const struct dlist *l,
                        const struct page_spec *p, double dpi)
{
	if (!ctx->cache)
		return false;
	struct cache_hash key;
	cache_key_begin(&key, ctx->cache, "png");
	cache_hash_double(&key, dpi);
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/%s.png", dir, p->label);
	bool keyed = cache_key_page(&key, ctx->cache, l, p);
	bool fresh = cache_output_is_fresh(ctx->cache, buf_str(&path), keyed ? &key : NULL);
	buf_finish(&path);
	return fresh;
}

bool cache_draw_png(const struct item_ctx *ctx, struct sink *s, const char *dir,
                    const struct dlist *l, const struct page_spec *p, double dpi)
{
	return cache_png_is_fresh(ctx, dir, l, p, dpi) || item_draw_page(ctx, s, l, p);
}

/* ---- what a helper process noted (build/units.h) ---- */

/* One record: its kind ('i' an input, 'o' an output noted), its fields and
 * its path, as this machine lays them out (the bytes never leave it). */
static void export_rec(struct buf *out, char kind, const struct rec *r)
{
	struct rec copy = *r;
	copy.path = NULL;
	uint64_t n = strlen(r->path);
	buf_putc(out, kind);
	buf_append(out, (const char *)&copy, sizeof(copy));
	buf_append(out, (const char *)&n, sizeof(n));
	buf_append(out, r->path, (size_t)n);
}

void cache_mark_now(const struct cache *c, struct cache_mark *m)
{
	settle(c);
	*m = (struct cache_mark){c ? c->in.n : 0, c ? c->noted.n : 0};
}

void cache_export_since(const struct cache *c, struct cache_mark *m, struct buf *out)
{
	settle(c);
	for (size_t i = m->in; c && i < c->in.n; i++)
		export_rec(out, 'i', &c->in.v[i]);
	for (size_t i = m->noted; c && i < c->noted.n; i++)
		export_rec(out, 'o', &c->noted.v[i]);
	cache_mark_now(c, m);
}

void cache_export(const struct cache *c, struct buf *out)
{
	settle(c);
	struct cache_mark m = {0, 0};
	cache_export_since(c, &m, out);
}

bool cache_import(struct cache *c, const char *data, size_t len)
{
	settle(c);
	const char *p = data, *end = data + len;
	while (c && p < end) {
		struct rec r;
		uint64_t n;
		char kind = *p++;
		if ((kind != 'i' && kind != 'o') || (size_t)(end - p) < sizeof(r) + sizeof(n))
			return false;
		memcpy(&r, p, sizeof(r));
		memcpy(&n, p + sizeof(r), sizeof(n));
		p += sizeof(r) + sizeof(n);
		if ((uint64_t)(end - p) < n)
			return false;
		char *path = xstrndup(p, (size_t)n);
		p += n;
		struct rec *to = table_add(kind == 'i' ? &c->in : &c->noted, path);
		r.path = to->path;
		if (kind == 'i' || r.has_hash || !to->has_hash)
			*to = r;
		free(path);
	}
	return true;
}

/* ---- writing the record ---- */

/* The output at path, whose stat() is st (NULL when it failed). */
static void put_out_stat(struct cache *c, struct buf *b, const char *path, const struct stat *st)
{
	const char *rel = relative(c, path);
	if (!rel || strchr(rel, '\t') || strchr(rel, '\n') || !st || !S_ISREG(st->st_mode)) {
		c->usable = false; /* an output the record cannot hold */
		return;
	}
	struct rec r = {0};
	rec_set_stat(&r, st);
	const struct rec *k = table_find(&c->noted, rel);
	char h[33] = "-";
	if (k && k->has_hash)
		hex(k->hash, h);
	buf_printf(b, "out %s\t%llu\t%llu\t%llu\t%lld\t%lld\t%s\n", h, (unsigned long long)r.dev,
	           (unsigned long long)r.ino, (unsigned long long)r.size, (long long)r.mtime,
	           (long long)r.ctime, rel);
}

static void put_out(struct cache *c, struct buf *b, const char *path)
{
	struct stat st;
	put_out_stat(c, b, path, stat(path, &st) == 0 ? &st : NULL);
}

/* Every file under dir (a folder an output names), recorded. */
static void put_folder(struct cache *c, struct buf *b, const char *dir, int depth)
{
	size_t n;
	char **names = list_dir(dir, &n, false);
	if (!names) {
		c->usable = false;
		return;
	}
	/* each file by its name in the folder: a 100-card deck's 200
	 * previews took 0.5 ms by path, 0.3 ms so */
	int at = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct buf p;
	buf_init(&p);
	for (size_t i = 0; i < n; i++) {
		buf_clear(&p);
		buf_printf(&p, "%s%s", dir, names[i]);
		struct stat st;
		bool known =
		        (at >= 0 ? fstatat(at, names[i], &st, 0) : stat(buf_str(&p), &st)) == 0;
		if (known && S_ISDIR(st.st_mode) && depth < WALK_DEPTH) {
			buf_putc(&p, '/');
			put_folder(c, b, buf_str(&p), depth + 1);
		} else {
			put_out_stat(c, b, buf_str(&p), known ? &st : NULL);
		}
		free(names[i]);
	}
	if (at >= 0)
		close(at);
	free(names);
	buf_finish(&p);
}

/* Removes the previews in the PNG folder dir that this build did not make,
 * when it made any there (so a folder of a kind that does not note its
 * pages is left alone). */
static void prune_pngs(struct cache *c, const char *dir)
{
	const char *rel = relative(c, dir);
	size_t n = rel ? strlen(rel) : 0;
	bool mine = false;
	for (size_t i = 0; rel && i < c->noted.n && !mine; i++)
		mine = strncmp(c->noted.v[i].path, rel, n) == 0 &&
		       !strchr(c->noted.v[i].path + n, '/');
	DIR *d = mine ? opendir(dir) : NULL;
	struct dirent *e;
	struct buf p;
	buf_init(&p);
	while (d && (e = readdir(d))) {
		size_t k = strlen(e->d_name);
		if (e->d_name[0] == '.' || k < 5 || strcmp(e->d_name + k - 4, ".png") != 0)
			continue;
		buf_clear(&p);
		buf_printf(&p, "%s%s", rel, e->d_name);
		if (table_find(&c->noted, buf_str(&p)))
			continue;
		buf_clear(&p);
		buf_printf(&p, "%s%s", dir, e->d_name);
		unlink(buf_str(&p));
	}
	if (d)
		closedir(d);
	buf_finish(&p);
}

static int cmp_rec_path(const void *a, const void *b)
{
	return strcmp((*(const struct rec *const *)a)->path, (*(const struct rec *const *)b)->path);
}

static void put_input(struct buf *b, const struct rec *r)
{
	if (strchr(r->path, '\t') || strchr(r->path, '\n'))
		return;
	char h[33];
	hex(r->hash, h);
	buf_printf(b, "in %s\t%llu\t%llu\t%llu\t%lld\t%lld\t%d\t%s\n", h,
	           (unsigned long long)r->dev, (unsigned long long)r->ino,
	           (unsigned long long)r->size, (long long)r->mtime, (long long)r->ctime,
	           r->racy ? 1 : 0, r->path);
}

/* Whether the keys were made in a thread while the kit loaded and an input
 * changed about then: the key may hold the file as it was after the loader
 * read it, and so vouch for outputs made from what it was before. Such a
 * record never skips the kit (the next build reads and lays it out, and
 * the outputs' own keys, made from what was laid out, redraw what
 * changed). */
static bool changed_while_keyed(const struct cache *c)
{
	if (!c->keying)
		return false;
	for (size_t i = 0; i < c->in.n; i++) {
		const struct rec *r = &c->in.v[i];
		/* a file system that keeps times to the nanosecond stamps them
		 * with the kernel's clock tick; one that keeps whole seconds (or
		 * two) may stamp a change up to RACY_NS before it happened. The
		 * modification time: a link to the file (the web edition links
		 * its style sheet) changes only its ctime */
		bool fine = r->mtime % 1000000000 != 0;
		if (r->mtime > c->now - (fine ? TICK_NS : RACY_NS))
			return true;
	}
	return false;
}

bool cache_commit(struct cache *c, const struct build_outputs *made, const char *findings,
                  size_t warnings, bool cacheable, struct diag *d)
{
	settle(c);
	for (size_t i = 0; i < made->count; i++) {
		const char *p = made->items[i].path;
		size_t n = strlen(p);
		if (made->items[i].format == FORMAT_PNG && n && p[n - 1] == '/')
			prune_pngs(c, p);
	}
	struct buf b;
	buf_init(&b);
	char h[33];
	buf_puts(&b, MAGIC "\n");
	hex(c->program, h);
	buf_printf(&b, "program %s\n", h);
	hex(c->kit, h);
	buf_printf(&b, "kit %s\n", h);
	buf_printf(&b, "warnings %zu\n", warnings);
	buf_printf(&b, "findings %zu\n", strlen(findings));
	buf_puts(&b, findings);
	for (size_t i = 0; i < made->count; i++) {
		const char *p = made->items[i].path, *rel = relative(c, p);
		size_t n = strlen(p);
		if (!rel || strchr(rel, '\t') || strchr(rel, '\n')) {
			c->usable = false;
			continue;
		}
		buf_printf(&b, "made %u\t%s\n", made->items[i].format, rel);
		if (p[n - 1] == '/')
			put_folder(c, &b, p, 0);
		else
			put_out(c, &b, p);
	}
	/* the manifest too: a build that skips the kit leaves it as it is,
	 * and the next one that makes less needs it whole */
	struct buf mp;
	buf_init(&mp);
	buf_printf(&mp, "%s/" CACHE_MANIFEST, buf_str(&c->dir));
	struct stat mst;
	if (stat(buf_str(&mp), &mst) == 0)
		put_out_stat(c, &b, buf_str(&mp), &mst);
	buf_finish(&mp);
	/* sorted by path: the order files were first read in is not the same
	 * in every build (a deck's crew, build/deck.c, hashes its images in
	 * whichever process draws the page first) */
	const struct rec **in = xcalloc(c->in.n ? c->in.n : 1, sizeof(*in));
	for (size_t i = 0; i < c->in.n; i++)
		in[i] = &c->in.v[i];
	qsort(in, c->in.n, sizeof(*in), cmp_rec_path);
	for (size_t i = 0; i < c->in.n; i++)
		put_input(&b, in[i]);
	free(in);
	/* written last: a record whose outputs could not all be listed still
	 * keeps its inputs' hashes, but never skips the kit */
	buf_printf(&b, "cacheable %d\n", cacheable && c->usable && !changed_while_keyed(c) ? 1 : 0);
	struct cache_hash sum;
	cache_hash_init(&sum);
	cache_hash_bytes(&sum, b.data, b.len);
	unsigned char s[16];
	cache_hash_get(&sum, s);
	hex(s, h);
	buf_printf(&b, "sum %s\n", h);
	bool ok = atomic_write_file(buf_str(&c->file), b.data, b.len, d);
	buf_finish(&b);
	return ok;
}
