#include "cli/new.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "output/atomic.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/exitcode.h"
#include "util/mem.h"

static const char usage[] =
        "usage: deckpress new KIT --client NAME [--lang da,en] [--dir decks]\n"
        "\n"
        "Starts a kit for a new client in decks/KIT/: kit.yaml, the client's\n"
        "brand.yaml (colours, fonts, a placeholder logo), a starter dialogue-card\n"
        "deck with four categories and icons, a one-hour workshop script that uses\n"
        "it, and a track board in the deck's colours with its pieces, in the\n"
        "languages given. It builds\n"
        "right away: deckpress build decks/KIT. Nothing existing is touched: an\n"
        "existing folder is refused.\n"
        "\n"
        "options:\n"
        "  --client NAME    the client's name, for the brand and the PDFs' author\n"
        "  --lang LIST      languages, the first being the source (default: da,en);\n"
        "                   the starter texts exist in da and en\n"
        "  --dir DIR        where kits live (default: decks)\n"
        "  -h, --help       show this help\n";

/* The starter kit is the folder templates/starter/ of the data root: every
 * file and sub-folder is copied. In its text files (.yaml, .yml, .svg) each
 * placeholder below is replaced; in its YAML files every text written
 * {da: "...", en: "..."} keeps the kit's languages, in the kit's order; a
 * text marked "=" (same as the source) in the kit's first language takes
 * the da text, and da then takes the "=".
 * Placeholders are not filled inside texts. tests/schema/check_schema.py
 * fills the same placeholders and validates the starter YAML files. */
enum placeholder {
	P_KIT,            /* the kit's name: lowercase letters, digits, '-' */
	P_CLIENT,         /* the client's name as a YAML double-quoted string, quotes included */
	P_CLIENT_COMMENT, /* the client's name on one line, for a comment */
	P_INITIALS,       /* up to three capitals from the client's name */
	P_LANGUAGES,      /* the kit's languages: "da, en" */
	P_SCHEMA,         /* the folder of the JSON Schemas, for line 1's $schema= */
	P_COUNT
};
static const char *const placeholders[] = {
        "KIT", "CLIENT", "CLIENT_COMMENT", "INITIALS", "LANGUAGES", "SCHEMA",
};

/* The languages the starter texts are written in; the first is their source. */
static const char *const starter_langs[] = {"da", "en"};
#define NSTARTER (sizeof(starter_langs) / sizeof(starter_langs[0]))

struct lang_list {
	char **codes;  /* borrowed from the --lang copy */
	size_t *index; /* owned: each code's index in starter_langs */
	size_t count;
};

/* What new fills in. */
struct fill {
	char *values[P_COUNT]; /* owned, by enum placeholder */
	const struct lang_list *langs;
};

/* One template file being filled. */
struct filler {
	const struct fill *fill;
	const char *path; /* the template file, for messages */
	const char *src;  /* its text */
	struct diag *d;
	bool ok;
};

/* Appends a YAML double-quoted string: control characters are escaped, so
 * the value stays on its line and is the name as given; a tab stays as it is. */
static void put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(b, '\\');
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			buf_printf(b, "\\x%02X", *p);
		else
			buf_putc(b, (char)*p);
	}
	buf_putc(b, '"');
}

/* Appends s for a comment: a control character (but a tab) becomes a space,
 * so that the comment cannot end early. */
static void put_one_line(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		buf_putc(b, (*p < 0x20 && *p != '\t') || *p == 0x7f ? ' ' : (char)*p);
}

static bool valid_kit_name(const char *s)
{
	if (!s[0] || strlen(s) > 64 || s[0] == '-' || s[0] == '.')
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

/* The client's initials for the placeholder logo's title. */
static void initials(const char *client, char out[4])
{
	size_t n = 0;
	bool start = true;
	for (const char *p = client; *p && n < 3; p++) {
		if (*p == ' ' || *p == '-' || *p == '&') {
			start = true;
		} else if (start && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) {
			out[n++] = (char)(*p >= 'a' ? *p - 32 : *p);
			start = false;
		} else {
			start = false;
		}
	}
	out[n] = '\0';
}

/* The position of p in the file being filled, 1-based, columns in characters. */
static struct mark mark_at(const struct filler *f, const char *p)
{
	struct mark m = {.file = f->path, .line = 1, .col = 1};
	for (const char *s = f->src; s < p; s++) {
		if (*s == '\n') {
			m.line++;
			m.col = 1;
		} else if ((*s & 0xC0) != 0x80) {
			m.col++;
		}
	}
	return m;
}

/* Fills the placeholder at p ('@NAME@'); the length it takes in the
 * template, 0 when p does not start one. */
static size_t put_placeholder(struct buf *out, const char *p, struct filler *f)
{
	size_t n = strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
	if (n == 0 || p[n + 1] != '@')
		return 0;
	for (size_t i = 0; i < P_COUNT; i++) {
		if (strlen(placeholders[i]) == n && strncmp(p + 1, placeholders[i], n) == 0) {
			buf_puts(out, f->fill->values[i]);
			return n + 2;
		}
	}
	diag_error(f->d, mark_at(f, p), "unknown placeholder '%.*s'", (int)n + 2, p);
	f->ok = false;
	return n + 2;
}

/* The index in starter_langs of the key "xx:" at s, or -1; *len its length. */
static int lang_key(const char *s, size_t *len)
{
	for (size_t i = 0; i < NSTARTER; i++) {
		size_t n = strlen(starter_langs[i]);
		if (strncmp(s, starter_langs[i], n) == 0 && s[n] == ':') {
			*len = n + 1;
			return (int)i;
		}
	}
	return -1;
}

/* The length of the double-quoted YAML scalar at s, quotes included; 0 when
 * s does not start one that closes on its line. */
static size_t quoted_len(const char *s)
{
	if (*s != '"')
		return 0;
	for (size_t i = 1; s[i] && s[i] != '\n'; i++) {
		if (s[i] == '\\' && s[i + 1] && s[i + 1] != '\n')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return 0;
}

/* Reads the text {da: "...", en: "..."} at p into vals and lens (the quoted
 * values as written); the length of the text, 0 when it is malformed. */
static size_t read_text(const char *p, const char *vals[NSTARTER], size_t lens[NSTARTER])
{
	const char *s = p + 1;
	for (;;) {
		size_t n;
		s += strspn(s, " ");
		int lang = lang_key(s, &n);
		if (lang < 0 || vals[lang])
			return 0;
		s += n + strspn(s + n, " ");
		vals[lang] = s;
		lens[lang] = quoted_len(s);
		if (!lens[lang])
			return 0;
		s += lens[lang] + strspn(s + lens[lang], " ");
		if (*s == '}')
			break;
		if (*s++ != ',')
			return 0;
	}
	for (size_t i = 0; i < NSTARTER; i++)
		if (!vals[i])
			return 0;
	return (size_t)(s + 1 - p);
}

/* Whether the quoted value v of length n is "=", the same as the source. */
static bool is_same(const char *v, size_t n)
{
	return n == 3 && strncmp(v, "\"=\"", 3) == 0;
}

/* Fills the text at p ('{' then a starter language's key) for the kit's
 * languages; the length it takes in the template, 0 when p starts no text. */
static size_t put_text(struct buf *out, const char *p, struct filler *f)
{
	size_t n;
	if (lang_key(p + 1 + strspn(p + 1, " "), &n) < 0)
		return 0; /* another flow mapping */
	const char *vals[NSTARTER] = {0};
	size_t lens[NSTARTER] = {0};
	size_t len = read_text(p, vals, lens);
	if (!len) {
		diag_error(f->d, mark_at(f, p),
		           "malformed text; a starter text is written {da: \"...\", en: \"...\"} "
		           "on one line");
		f->ok = false;
		return 0;
	}
	const struct lang_list *langs = f->fill->langs;
	bool swapped = false; /* the kit's source took the starter's source text */
	buf_putc(out, '{');
	for (size_t i = 0; i < langs->count; i++) {
		size_t k = langs->index[i];
		/* "=" only makes sense after the kit's source language: there the
		 * starter's source text goes, and the "=" moves to that language */
		if (i == 0 && is_same(vals[k], lens[k])) {
			k = 0;
			swapped = true;
		} else if (k == 0 && swapped) {
			k = langs->index[0];
		}
		buf_printf(out, "%s%s: ", i ? ", " : "", langs->codes[i]);
		buf_append(out, vals[k], lens[k]);
	}
	buf_putc(out, '}');
	return len;
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static bool is_text(const char *name)
{
	size_t n = strlen(name);
	return is_yaml(name) || (n > 4 && strcmp(name + n - 4, ".svg") == 0);
}

/* Fills in the template f->src into out. False (reported) on a placeholder
 * or text it cannot fill. */
static bool fill_text(struct filler *f, size_t len, bool yaml, struct buf *out)
{
	const char *end = f->src + len;
	for (const char *p = f->src; p < end;) {
		size_t n = 0;
		if (*p == '@')
			n = put_placeholder(out, p, f);
		else if (*p == '{' && yaml)
			n = put_text(out, p, f);
		if (n)
			p += n;
		else
			buf_putc(out, *p++);
	}
	return f->ok;
}

/* Copying the starter folder into the new kit's temporary folder. */
struct copy {
	const struct fill *fill;
	struct diag *d;
	char **made; /* owned: what was created, to remove on failure */
	size_t nmade, cap;
};

static void remember(struct copy *c, const char *path)
{
	XGROW(c->made, c->cap, c->nmade + 1);
	c->made[c->nmade++] = xstrdup(path);
}

static bool read_all(const char *path, struct buf *b, struct diag *d)
{
	FILE *fp = fopen(path, "rb");
	bool ok = fp != NULL;
	char chunk[8192];
	size_t n;
	while (ok && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(b, chunk, n);
	if (fp && ferror(fp))
		ok = false;
	if (!ok)
		diag_error(d, (struct mark){.file = path}, "cannot read: %s", strerror(errno));
	if (fp)
		fclose(fp);
	return ok;
}

/* Copies the file from to to, filled in when it is a text file. */
static bool copy_file(struct copy *c, const char *from, const char *to, const char *name)
{
	struct buf in, out;
	buf_init(&in);
	buf_init(&out);
	bool ok = read_all(from, &in, c->d);
	const struct buf *data = &in;
	if (ok && is_text(name)) {
		struct filler f = {
		        .fill = c->fill, .path = from, .src = buf_str(&in), .d = c->d, .ok = true};
		ok = fill_text(&f, in.len, is_yaml(name), &out);
		data = &out;
	}
	struct atomic_file af;
	if (ok && (ok = atomic_open(&af, to, c->d))) {
		atomic_write(&af, buf_str(data), data->len);
		ok = atomic_commit(&af, c->d);
	}
	if (ok)
		remember(c, to);
	buf_finish(&in);
	buf_finish(&out);
	return ok;
}

/* Copies every file and folder in from into the folder to. Goes on after
 * an error, so that all of them are reported. */
static bool copy_tree(struct copy *c, const char *from, const char *to)
{
	struct dirent **list;
	int n = scandir(from, &list, NULL, alphasort);
	if (n < 0) {
		diag_error(c->d, (struct mark){.file = from}, "cannot read the starter kit: %s",
		           strerror(errno));
		return false;
	}
	bool ok = true;
	struct buf src, dst;
	buf_init(&src);
	buf_init(&dst);
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		buf_clear(&src);
		buf_clear(&dst);
		buf_printf(&src, "%s/%s", from, name);
		buf_printf(&dst, "%s/%s", to, name);
		struct stat st;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
			/* not copied */
		} else if (stat(buf_str(&src), &st) != 0) {
			diag_error(c->d, (struct mark){.file = buf_str(&src)}, "cannot read: %s",
			           strerror(errno));
			ok = false;
		} else if (!S_ISDIR(st.st_mode)) {
			ok = copy_file(c, buf_str(&src), buf_str(&dst), name) && ok;
		} else if (mkdir(buf_str(&dst), 0777) != 0) {
			diag_error(c->d, (struct mark){.file = buf_str(&dst)}, "cannot create: %s",
			           strerror(errno));
			ok = false;
		} else {
			remember(c, buf_str(&dst));
			ok = copy_tree(c, buf_str(&src), buf_str(&dst)) && ok;
		}
		free(list[i]);
	}
	free(list);
	buf_finish(&src);
	buf_finish(&dst);
	return ok;
}

/* Writes the kit into a temporary folder beside root/kit, then renames it:
 * never half a kit, and nothing existing is touched. Returns an exit code. */
static int make_kit(const char *root, const char *kit, const char *starter, const struct fill *fill,
                    struct diag *d)
{
	struct buf dir, tmp;
	buf_init(&dir);
	buf_init(&tmp);
	buf_printf(&dir, "%s/%s", root, kit);
	buf_printf(&tmp, "%s/.%s.new-XXXXXX", root, kit);
	struct copy c = {.fill = fill, .d = d};
	int code = EXIT_INTERNAL;
	struct stat st;
	if (stat(buf_str(&dir), &st) == 0) {
		diag_error(d, (struct mark){0}, "'%s' already exists; nothing was changed",
		           buf_str(&dir));
		code = EXIT_USAGE;
	} else if (mkdir(root, 0777) != 0 && errno != EEXIST) {
		diag_error(d, (struct mark){0}, "cannot create '%s': %s", root, strerror(errno));
	} else if (!mkdtemp(tmp.data)) {
		diag_error(d, (struct mark){0}, "cannot create a folder in '%s': %s", root,
		           strerror(errno));
	} else {
		/* mkdtemp() makes 0700; the kit is an ordinary folder, as mkdir()
		 * would make it */
		mode_t mask = umask(0);
		umask(mask);
		chmod(buf_str(&tmp), 0777 & ~mask);
		bool ok = copy_tree(&c, starter, buf_str(&tmp));
		if (ok && rename(buf_str(&tmp), buf_str(&dir)) != 0) {
			diag_error(d, (struct mark){0}, "cannot create '%s': %s", buf_str(&dir),
			           strerror(errno));
			ok = false;
		}
		for (size_t i = c.nmade; !ok && i-- > 0;)
			remove(c.made[i]);
		if (!ok)
			remove(buf_str(&tmp));
		code = ok ? EXIT_OK : EXIT_INTERNAL;
	}
	for (size_t i = 0; i < c.nmade; i++)
		free(c.made[i]);
	free(c.made);
	buf_finish(&dir);
	buf_finish(&tmp);
	return code;
}

static int fail_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "deckpress: error: ");
	fprintf(stderr, msg, arg);
	fprintf(stderr, "\ntry 'deckpress new --help'\n");
	return EXIT_USAGE;
}

/* Splits the --lang list (in place) into langs; an exit code when a
 * language has no starter texts, else -1. */
static int parse_langs(char *list, struct lang_list *langs)
{
	for (char *tok = list, *next; tok; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		size_t k = 0;
		while (k < NSTARTER && strcmp(tok, starter_langs[k]) != 0)
			k++;
		if (k == NSTARTER)
			return fail_usage(
			        "the starter texts are in da and en, not '%s'; start with "
			        "those and add the language to kit.yaml",
			        tok);
		langs->codes = xreallocarray(langs->codes, langs->count + 1, sizeof(*langs->codes));
		langs->index = xreallocarray(langs->index, langs->count + 1, sizeof(*langs->index));
		langs->codes[langs->count] = tok;
		langs->index[langs->count++] = k;
	}
	return -1;
}

/* Where fonts/ and templates/ are: $DECKPRESS_ROOT, else the source tree
 * this program was built from. */
static const char *data_root(void)
{
	const char *env = getenv("DECKPRESS_ROOT");
	return env && *env ? env : DECKPRESS_SOURCE_DIR;
}

/* The values of the placeholders. Free with fill_finish(). */
static void fill_init(struct fill *f, const char *kit, const char *client,
                      const struct lang_list *langs, const char *root)
{
	struct buf b;
	buf_init(&b);
	*f = (struct fill){.langs = langs};
	f->values[P_KIT] = xstrdup(kit);
	put_quoted(&b, client);
	f->values[P_CLIENT] = buf_detach(&b);
	put_one_line(&b, client);
	f->values[P_CLIENT_COMMENT] = buf_detach(&b);
	char ini[4];
	initials(client, ini);
	f->values[P_INITIALS] = xstrdup(ini);
	for (size_t i = 0; i < langs->count; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", langs->codes[i]);
	f->values[P_LANGUAGES] = buf_detach(&b);
	/* kits in decks/ of the project name the schemas relatively, so the kit
	 * moves with the project; elsewhere by their absolute path */
	if (strcmp(root, "decks") == 0) {
		buf_puts(&b, "../../schema");
	} else {
		put_one_line(&b, data_root());
		buf_puts(&b, "/schema");
	}
	f->values[P_SCHEMA] = buf_detach(&b);
}

static void fill_finish(struct fill *f)
{
	for (size_t i = 0; i < P_COUNT; i++)
		free(f->values[i]);
}

struct args {
	const char *kit, *client, *lang, *root;
};

/* An exit code when the command line is done with (help, or an error),
 * else -1. */
static int parse_args(int argc, char **argv, struct args *a)
{
	*a = (struct args){.lang = "da,en", .root = "decks"};
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		const char **target = strcmp(s, "--client") == 0 ? &a->client
		                      : strcmp(s, "--lang") == 0 ? &a->lang
		                      : strcmp(s, "--dir") == 0  ? &a->root
		                                                 : NULL;
		if (target) {
			if (i + 1 >= argc)
				return fail_usage("option '%s' needs a value", s);
			*target = argv[++i];
		} else if (s[0] == '-') {
			return fail_usage("unknown option '%s'", s);
		} else if (!a->kit) {
			a->kit = s;
		} else {
			return fail_usage("more than one kit name: '%s'", s);
		}
	}
	if (!a->kit)
		return fail_usage("%sno kit name; deckpress new KIT --client NAME", "");
	if (!valid_kit_name(a->kit))
		return fail_usage("invalid kit name '%s'; use lowercase letters, digits and '-'",
		                  a->kit);
	const char *c = a->client;
	if (!c || !c[0] || strspn(c, " \t") == strlen(c))
		return fail_usage("%sno client; deckpress new KIT --client \"Name\"", "");
	return -1;
}

int new_main(int argc, char **argv)
{
	struct args a;
	int code = parse_args(argc, argv, &a);
	if (code >= 0)
		return code;
	struct lang_list langs = {0};
	char *copy = xstrdup(a.lang);
	code = parse_langs(copy, &langs);
	if (code < 0) {
		struct fill fill;
		fill_init(&fill, a.kit, a.client, &langs, a.root);
		struct buf starter;
		buf_init(&starter);
		buf_printf(&starter, "%s/templates/starter", data_root());
		struct diag d;
		diag_init(&d);
		code = make_kit(a.root, a.kit, buf_str(&starter), &fill, &d);
		diag_flush(&d, stderr);
		diag_finish(&d);
		if (code == EXIT_OK)
			printf("created %s/%s/ for %s: kit.yaml, brand.yaml, logo.svg, "
			       "dialogkort.yaml,\n"
			       "drejebog.yaml, spillebraet.yaml, icons/\n"
			       "next: deckpress build %s/%s\n",
			       a.root, a.kit, a.client, a.root, a.kit);
		buf_finish(&starter);
		fill_finish(&fill);
	}
	free(langs.codes);
	free(langs.index);
	free(copy);
	return code;
}
