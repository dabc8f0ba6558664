#include "cli/translate_cmd.h"

#include <stdio.h>
#include <string.h>

#include "build/fitnote.h"
#include "translate/translate.h"
#include "util/diag.h"
#include "util/exitcode.h"
#include "util/suggest.h"

static const char usage[] =
        "usage: deckpress translate export KIT --lang LANG [--format po|xliff] [--out FILE]\n"
        "       deckpress translate import FILE [KIT]\n"
        "       deckpress translate confirm KIT [--lang LANG]\n"
        "\n"
        "export   writes every translatable text of the kit (cards, categories, types,\n"
        "         backs, boards, documents) with its source, its translation into LANG\n"
        "         and a note, as a PO file (default) or XLIFF 1.2, for Poedit, Weblate,\n"
        "         memoQ, Trados ...; outdated translations are fuzzy / need review\n"
        "import   writes the translations of FILE back into the kit's YAML in place:\n"
        "         only the changed texts change, all files or none; a translation not\n"
        "         marked fuzzy is confirmed. KIT defaults to decks/<the file's kit>\n"
        "confirm  records the source of every translation (of LANG, or all) as the one\n"
        "         it was made from, so check stops calling them outdated\n"
        "\n"
        "The sources are recorded in the kit's translations.lock; keep it in git.\n";

static int fail(const char *fmt, const char *arg, const char *hint)
{
	char m[512];
	snprintf(m, sizeof(m), fmt, arg);
	if (hint)
		diag_print_now(stderr, SEV_ERROR, "%s; did you mean '%s'?", m, hint);
	else
		diag_print_now(stderr, SEV_ERROR, "%s", m);
	fputs("try 'deckpress translate --help'\n", stderr);
	return EXIT_USAGE;
}

/* Options --lang, --format, --out; the rest are paths (at most two). */
static int parse(int argc, char **argv, struct translate_options *o, const char **paths,
                 int *npaths)
{
	static const char *const opts[] = {"--lang", "--format", "--out", NULL};
	*npaths = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-') {
			if (*npaths == 2)
				return fail("unexpected argument '%s'", a, NULL);
			paths[(*npaths)++] = a;
			continue;
		}
		int k = 0;
		while (opts[k] && strcmp(opts[k], a) != 0)
			k++;
		if (!opts[k])
			return fail("unknown option '%s'", a, suggest(a, opts, 3));
		if (i + 1 >= argc)
			return fail("option '%s' needs a value", a, NULL);
		const char *v = argv[++i];
		if (k == 0)
			o->lang = v;
		else if (k == 1)
			o->format = v;
		else
			o->out = v;
	}
	return -1;
}

int translate_cmd_main(int argc, char **argv, const char *root)
{
	static const char *const cmds[] = {"export", "import", "confirm", NULL};
	if (argc < 1 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0) {
		fputs(usage, argc < 1 ? stderr : stdout);
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	struct translate_options o = {.root = root, .format = "po"};
	const char *paths[2];
	int n, code = parse(argc - 1, argv + 1, &o, paths, &n);
	if (code >= 0)
		return code;
	const char *cmd = argv[0];
	if (strcmp(cmd, "import") == 0) {
		if (n < 1)
			return fail("%s: which file? deckpress translate import FILE", "import",
			            NULL);
		o.file = paths[0];
		o.kit = n > 1 ? paths[1] : NULL;
		return translate_import(&o);
	}
	if (strcmp(cmd, "export") != 0 && strcmp(cmd, "confirm") != 0)
		return fail("unknown translate command '%s'", cmd, suggest(cmd, cmds, 3));
	if (n != 1)
		return fail("%s: which kit? give one kit folder", cmd, NULL);
	o.kit = paths[0];
	if (strcmp(cmd, "confirm") == 0)
		return translate_confirm(&o);
	if (!o.lang)
		return fail("%s: which language? add --lang, such as --lang en", cmd, NULL);
	if (strcmp(o.format, "po") != 0 && strcmp(o.format, "xliff") != 0) {
		static const char *const formats[] = {"po", "xliff"};
		return fail("unknown format '%s'; expected po or xliff", o.format,
		            suggest(o.format, formats, 2));
	}
	o.annotate = fitnote_annotate;
	o.annotate_ctx = (void *)root;
	return translate_export(&o);
}
