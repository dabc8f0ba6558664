#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build/build.h"
#include "cli/export_csv.h"
#include "cli/new.h"
#include "cli/translate_cmd.h"
#include "cli/watch.h"
#include "util/exitcode.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/mem.h"
#include "util/suggest.h"

static const char usage_main[] =
        "usage: deckpress <command> [options] [PATH...]\n"
        "\n"
        "Turns the YAML of a kit into print-ready PDFs and PNG previews.\n"
        "\n"
        "commands:\n"
        "  build    check everything, then render every deck into out/\n"
        "  check    check everything (YAML, images, fonts, text fit, translations);\n"
        "           write nothing\n"
        "  new      start a kit for a new client: deckpress new KIT --client NAME\n"
        "  export-csv  write a deck's cards as CSV: deckpress export-csv DECK\n"
        "  translate\n"
        "           export texts for translators (PO, XLIFF), import them back,\n"
        "           confirm outdated translations: deckpress translate --help\n"
        "\n"
        "PATH is a kit folder (decks/<kit>) or one YAML file of a kit; without PATH,\n"
        "every kit under decks/.\n"
        "\n"
        "options:\n"
        "  -h, --help       show this help (also after a command)\n"
        "  -V, --version    show the version\n"
        "\n"
        "exit codes: 0 ok, 1 errors in the input, 2 usage error, 3 I/O or internal failure\n";

static const char usage_build[] =
        "usage: deckpress build [options] [PATH...]\n"
        "\n"
        "Checks every kit, then renders each deck, board and document in each language:\n"
        "  out/<kit>/<id>.<lang>.print.pdf        decks: one face per page, trim + bleed;\n"
        "                                         boards: one page; documents: their pages\n"
        "  out/<kit>/<board>.<lang>.pieces.pdf    a board's pawns, tokens, die and spinner\n"
        "  out/<kit>/png/<id>.<lang>/...          previews\n"
        "  out/<kit>/<kit>.<lang>.catalogue.pdf   the kit's catalogue (--format catalogue)\n"
        "  out/<kit>/<deck>.<lang>.box.pdf        a deck's tuck box for the shop (--format box);\n"
        "                                         .box-sheet.pdf: the same on --paper at home\n"
        "  out/<kit>/web/                         the kit's web edition (--format web, which\n"
        "                                         writes print, png and catalogue too)\n"
        "Nothing is written when the input has errors; files are replaced atomically.\n"
        "\n"
        "options:\n"
        "  --lang LIST         languages to build, such as 'da' or 'da,en', or 'all' (default)\n"
        "  --format LIST       any of %s (default:\n"
        "                      print,png, plus pdfx when the print profile asks for it);\n"
        "                      proof is the translation proof, written even when texts do\n"
        "                      not fit; tiles splits boards over --paper sheets\n"
        "  --profile NAME      print profile: templates/profiles/NAME.yaml or the kit's\n"
        "                      profiles/NAME.yaml (default: the one kit.yaml names)\n"
        "  --out DIR           output folder (default: out)\n"
        "  --dpi N             resolution of the PNGs, 72 to 1200 (default: 300)\n"
        "  --jobs N            processes that build items, languages and PNGs at once,\n"
        "                      1 to 256 (default: the number of processors); the files\n"
        "                      are the same for every N\n"
        "  --watch             build, then rebuild a kit whenever one of its files (or a\n"
        "                      shared template) changes, one line per rebuild; Ctrl-C stops\n"
        "  --no-cache          draw every file again instead of keeping those whose inputs\n"
        "                      did not change (out/<kit>/.deckpress-cache)\n"
        "\n"
        "print at home (--format sheets, and the sheet of --format box):\n"
        "  --paper NAME        a4 (default), a3 or letter\n"
        "  --orientation O     auto (default: whichever holds more cards), portrait, landscape\n"
        "  --duplex MODE       long (default), short, fold or none\n"
        "  --gap LENGTH        space between cards (default: twice the bleed; 0mm: cards\n"
        "                      touch and share their cut lines)\n"
        "  --alignment-test    start with a sheet that shows how the printer shifts the back\n"
        "\n"
        "  -h, --help          show this help\n"
        "  -V, --version       show the version\n";

static const char usage_check[] =
        "usage: deckpress check [options] [PATH...]\n"
        "\n"
        "Checks every kit as build does (YAML, templates, images, fonts, text fit in\n"
        "every language) and what translators should look at: empty translations,\n"
        "texts identical to the source language (write '=' where that is meant),\n"
        "glossary terms not carried over. Writes nothing. Exit 0 when there is no\n"
        "error (warnings allowed), 1 on errors.\n"
        "\n"
        "options:\n"
        "  --lang LIST      languages to check (default: all)\n"
        "  --profile NAME   check against this print profile's bleed and safe margin\n"
        "  --format F       text (default, on stderr) or json (on stdout)\n"
        "  --summary        also print the translation status of every deck: how many\n"
        "                   texts each language has, and which are missing, empty or\n"
        "                   still the source text\n"
        "  -h, --help       show this help\n"
        "  -V, --version    show the version\n";

/* The help of build, with the formats of the build layer's table. */
static void usage_build_print(FILE *fp)
{
	size_t n;
	const struct build_format *f = build_get_formats(&n);
	struct buf names;
	buf_init(&names);
	for (size_t i = 0; i < n; i++)
		buf_printf(&names, "%s%s", i ? ", " : "", f[i].name);
	fprintf(fp, usage_build, buf_str(&names));
	buf_finish(&names);
}

static int usage_error(const char *cmd, const char *fmt, const char *arg, const char *hint)
{
	struct buf msg;
	buf_init(&msg);
	buf_printf(&msg, fmt, arg);
	if (hint)
		buf_printf(&msg, "; did you mean '%s'?", hint);
	diag_print_now(stderr, SEV_ERROR, "%s", buf_str(&msg));
	buf_finish(&msg);
	fprintf(stderr, "try 'deckpress %s%s--help'\n", cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

static int version(void)
{
	printf("deckpress %s\n", DECKPRESS_VERSION);
	return EXIT_OK;
}

/* Splits "a,b,c" into a NULL-terminated list; caller frees list[0] and list. */
static char **split_list(const char *s, size_t *count)
{
	char *copy = xstrdup(s);
	size_t n = 1;
	for (const char *p = copy; *p; p++)
		n += *p == ',';
	char **list = xcalloc(n + 1, sizeof(*list));
	*count = 0;
	char *start = copy;
	for (char *p = copy;; p++) {
		if (*p != ',' && *p != '\0')
			continue;
		bool end = *p == '\0';
		*p = '\0';
		list[(*count)++] = start;
		start = p + 1;
		if (end)
			break;
	}
	if (*count == 0 || list[0] != copy) /* keep list[0] == copy for freeing */
		list[0] = copy;
	return list;
}

static void free_list(char **list)
{
	if (list) {
		free(list[0]);
		free(list);
	}
}

/* Where fonts/ and templates/ are: $DECKPRESS_ROOT, else the source tree
 * this program was built from. */
static const char *data_root(void)
{
	const char *env = getenv("DECKPRESS_ROOT");
	return env && *env ? env : DECKPRESS_SOURCE_DIR;
}

static const char *const build_opts[] = {
        "--lang",  "--format",      "--out",      "--dpi", "--jobs",           "--profile",
        "--paper", "--orientation", "--duplex",   "--gap", "--alignment-test", "--watch",
        "--help",  "--version",     "--no-cache", NULL,
};
static const char *const check_opts[] = {"--lang", "--profile", "--format", "--summary",
                                         "--help", "--version", NULL};
/* options that take no value */
static const char *const flag_opts[] = {"--alignment-test", "--summary", "--watch", "--no-cache",
                                        NULL};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* Reads one of the NULL-terminated names, or reports with a suggestion. */
static int choose(const char *cmd, const char *what, const char *value, const char *const *names,
                  int *out)
{
	size_t n = 0;
	for (; names[n]; n++) {
		if (strcmp(names[n], value) == 0) {
			*out = (int)n;
			return -1;
		}
	}
	struct buf b;
	buf_init(&b);
	const char *hint = suggest(value, names, n);
	buf_printf(&b, "unknown %s '%%s'", what);
	if (!hint) {
		buf_puts(&b, "; expected ");
		for (size_t i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
	}
	int code = usage_error(cmd, buf_str(&b), value, hint);
	buf_finish(&b);
	return code;
}

/* The list --lang splits off; the options point into it. */
struct lists {
	char **langs; /* owned; free with free_list() */
};

/* Sets the option name, which takes a value, to value. -1 to go on, else
 * the exit code of a usage error (reported). */
static int set_option(const char *cmd, struct build_options *opt, struct lists *lists,
                      const char *name, const char *value)
{
	int code = -1;
	if (strcmp(name, "--lang") == 0) {
		free_list(lists->langs);
		lists->langs = NULL;
		opt->langs = NULL;
		opt->nlangs = 0;
		if (strcmp(value, "all") != 0) {
			lists->langs = split_list(value, &opt->nlangs);
			for (size_t k = 0; k < opt->nlangs && code < 0; k++)
				if (!lists->langs[k][0])
					code = usage_error(cmd, "empty language in '--lang %s'",
					                   value, NULL);
			opt->langs = (const char *const *)lists->langs;
		}
	} else if (strcmp(name, "--format") == 0 && !opt->write) {
		static const char *const names[] = {"text", "json", NULL};
		int f = 0;
		code = choose(cmd, "format", value, names, &f);
		opt->json = f == 1;
	} else if (strcmp(name, "--format") == 0) {
		struct buf msg;
		buf_init(&msg);
		if (!build_parse_formats(value, &opt->formats, &msg))
			code = usage_error(cmd, "%s", buf_str(&msg), NULL);
		buf_finish(&msg);
	} else if (strcmp(name, "--out") == 0) {
		if (!value[0])
			code = usage_error(cmd, "empty output folder%s", "", NULL);
		opt->out_dir = value;
	} else if (strcmp(name, "--profile") == 0) {
		opt->profile = value;
	} else if (strcmp(name, "--paper") == 0) {
		int i_paper;
		code = choose(cmd, "paper", value, build_get_papers(), &i_paper);
		if (code < 0)
			build_set_paper(opt, value);
	} else if (strcmp(name, "--orientation") == 0) {
		static const char *const names[] = {"auto", "portrait", "landscape", NULL};
		int o = 0;
		code = choose(cmd, "orientation", value, names, &o);
		opt->orientation = (enum orientation)o;
	} else if (strcmp(name, "--duplex") == 0) {
		static const char *const names[] = {"long", "short", "fold", "none", NULL};
		int dm = 0;
		code = choose(cmd, "duplex mode", value, names, &dm);
		opt->duplex = (enum duplex)dm;
	} else if (strcmp(name, "--gap") == 0) {
		if (!build_parse_gap(opt, value))
			code = usage_error(cmd,
			                   "invalid --gap '%s'; expected a length such as '6mm'",
			                   value, NULL);
	} else if (strcmp(name, "--dpi") == 0) {
		if (!build_parse_dpi(opt, value))
			code = usage_error(cmd, "invalid --dpi '%s'; expected 72 to 1200", value,
			                   NULL);
	} else if (strcmp(name, "--jobs") == 0) {
		if (!build_parse_jobs(opt, value))
			code = usage_error(cmd, "invalid --jobs '%s'; expected 1 to 256", value,
			                   NULL);
	}
	return code;
}

static int run_command(const char *cmd, int argc, char **argv)
{
	bool write = strcmp(cmd, "build") == 0;
	const char *const *known = write ? build_opts : check_opts;
	struct build_options opt;
	build_options_init(&opt, write, data_root());
	const char **paths = xcalloc((size_t)argc + 1, sizeof(*paths));
	struct lists lists = {0};
	size_t npaths = 0;
	int code = -1;
	bool options_done = false, watch = false;

	for (int i = 0; i < argc && code < 0; i++) {
		const char *a = argv[i];
		if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
			paths[npaths++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			if (write)
				usage_build_print(stdout);
			else
				fputs(usage_check, stdout);
			code = EXIT_OK;
			break;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			code = version();
			break;
		}
		/* --name=value or --name value */
		const char *eq = strchr(a, '=');
		char *name = eq ? xstrndup(a, (size_t)(eq - a)) : xstrdup(a);
		const char *value = eq ? eq + 1 : NULL;
		bool found = false;
		for (const char *const *k = known; *k; k++)
			found |= strcmp(*k, name) == 0;
		if (!found || strcmp(name, "--help") == 0 || strcmp(name, "--version") == 0) {
			size_t n = 0;
			while (known[n])
				n++;
			code = usage_error(cmd, "unknown option '%s'", name,
			                   suggest(name, known, n));
			free(name);
			break;
		}
		if (in_list(flag_opts, name)) {
			if (value)
				code = usage_error(cmd, "option '%s' takes no value", name, NULL);
			else if (strcmp(name, "--alignment-test") == 0)
				opt.alignment_test = true;
			else if (strcmp(name, "--summary") == 0)
				opt.summary = true;
			else if (strcmp(name, "--watch") == 0)
				watch = true;
			else if (strcmp(name, "--no-cache") == 0)
				opt.no_cache = true;
			free(name);
			continue;
		}
		if (!value) {
			if (i + 1 >= argc) {
				code = usage_error(cmd, "option '%s' needs a value", name, NULL);
				free(name);
				break;
			}
			value = argv[++i];
		}
		code = set_option(cmd, &opt, &lists, name, value);
		free(name);
	}
	if (code < 0) {
		opt.paths = paths;
		opt.npaths = npaths;
		code = watch ? watch_run(&opt) : build_run(&opt);
	}
	free_list(lists.langs);
	free(paths);
	return code;
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_main, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_main, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0)
		return version();
	if (strcmp(cmd, "build") == 0 || strcmp(cmd, "check") == 0)
		return run_command(cmd, argc - 2, argv + 2);
	if (strcmp(cmd, "new") == 0)
		return new_main(argc - 2, argv + 2);
	if (strcmp(cmd, "export-csv") == 0)
		return export_csv_main(argc - 2, argv + 2, data_root());
	if (strcmp(cmd, "translate") == 0)
		return translate_cmd_main(argc - 2, argv + 2, data_root());
	static const char *const commands[] = {"build",     "check",      "new",
	                                       "translate", "export-csv", NULL};
	if (cmd[0] == '-')
		return usage_error(NULL, "unknown option '%s'", cmd, NULL);
	return usage_error(NULL, "unknown command '%s'", cmd, suggest(cmd, commands, 4));
}
