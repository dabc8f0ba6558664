#include "cli/export_csv.h"

#include <stdio.h>
#include <string.h>

#include "build/build.h"
#include "model/deck.h"
#include "model/kit.h"
#include "output/atomic.h"
#include "util/buf.h"
#include "util/exitcode.h"

static const char usage[] =
        "usage: deckpress export-csv [options] DECK\n"
        "\n"
        "Checks the kit DECK (a deck's YAML file) is in, then writes the deck's cards as\n"
        "CSV: a header row naming the fields (text.da, text.en for languages), a row\n"
        "per card. A deck whose cards: is {csv: FILE} reads the file back into the same\n"
        "cards. Nothing is written when the kit has errors.\n"
        "\n"
        "options:\n"
        "  -o, --output FILE   write FILE (default: standard output); beside the deck's\n"
        "                      file, so that the image paths in it stay right\n"
        "  --separator C       ',' (default) or ';' (Excel in Danish and German)\n"
        "  -h, --help          show this help\n";

struct export
{
	const char *deck_path; /* as given */
	const char *output;    /* NULL: stdout */
	char sep;
};

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The deck in the file asked for, among the kit's; NULL when that file
 * is no deck (kit.yaml asks for every item of the kit). */
static const struct deck *find_deck(const struct kit *kit, const char *path)
{
	for (size_t i = 0; i < kit->nitems; i++) {
		const struct kit_item *it = &kit->items[i];
		if (it->asked && it->kind == KIND_DECK && it->as.deck &&
		    strcmp(base_name(it->path), base_name(path)) == 0)
			return it->as.deck;
	}
	return NULL;
}

static bool write_csv(const struct kit *kit, void *ctx, struct diag *d)
{
	struct export *x = ctx;
	const struct deck *deck = find_deck(kit, x->deck_path);
	if (!deck) {
		diag_error(d, (struct mark){.file = x->deck_path},
		           "not a deck; export-csv takes "
		           "a deck's YAML file");
		return true; /* an input error, not an I/O one */
	}
	struct buf out;
	buf_init(&out);
	deck_write_csv(deck, x->sep, &out);
	bool ok;
	if (x->output) {
		ok = atomic_write_file(x->output, buf_str(&out), out.len, d);
	} else {
		ok = fwrite(buf_str(&out), 1, out.len, stdout) == out.len && fflush(stdout) == 0;
		if (!ok)
			diag_error(d, (struct mark){0}, "cannot write to standard output");
	}
	buf_finish(&out);
	return ok;
}

static int usage_error(const char *msg, const char *arg)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, msg, arg);
	diag_print_now(stderr, SEV_ERROR, "%s", buf_str(&b));
	buf_finish(&b);
	fputs("try 'deckpress export-csv --help'\n", stderr);
	return EXIT_USAGE;
}

int export_csv_main(int argc, char **argv, const char *root)
{
	struct export x = {.sep = ','};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		bool output = strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0;
		if (output || strcmp(a, "--separator") == 0) {
			if (i + 1 >= argc)
				return usage_error("option '%s' needs a value", a);
			const char *v = argv[++i];
			if (output)
				x.output = v;
			else if ((strcmp(v, ",") == 0 || strcmp(v, ";") == 0))
				x.sep = v[0];
			else
				return usage_error("invalid separator '%s'; write ',' or ';'", v);
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else if (x.deck_path) {
			return usage_error("one deck at a time, not also '%s'", a);
		} else {
			x.deck_path = a;
		}
	}
	if (!x.deck_path)
		return usage_error("%s", "which deck? give its YAML file, such as "
		                         "decks/social-kapital/kapitalkort.yaml");
	size_t n = strlen(x.deck_path);
	if (n < 5 || (strcmp(x.deck_path + n - 5, ".yaml") != 0 &&
	              (n < 4 || strcmp(x.deck_path + n - 4, ".yml") != 0)))
		return usage_error("'%s' is not a YAML file; give a deck's YAML file", x.deck_path);
	struct build_options opt;
	build_options_init(&opt, false, root);
	opt.paths = &x.deck_path;
	opt.npaths = 1;
	opt.on_clean_kit = write_csv;
	opt.on_clean_kit_ctx = &x;
	return build_run(&opt);
}
