#include "cli/new.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
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

/* A starter text in the languages the starter kit is written in. */
struct text {
	const char *da, *en;
};

struct lang_list {
	char **codes;
	size_t count;
};

static const struct {
	const char *id;
	struct text name;
	const char *color;
	const char *shape; /* SVG body of the icon, white on the category colour */
} categories[] = {
	{"trivsel", {"Trivsel", "Well-being"}, "#2B6CA8",
	 "<circle cx=\"50\" cy=\"50\" r=\"30\" fill=\"none\" stroke=\"#fff\" stroke-width=\"6\"/>"},
	{"samarbejde", {"Samarbejde", "Collaboration"}, "#2F7D4F",
	 "<circle cx=\"38\" cy=\"50\" r=\"22\" fill=\"none\" stroke=\"#fff\" stroke-width=\"6\"/>"
	 "<circle cx=\"62\" cy=\"50\" r=\"22\" fill=\"none\" stroke=\"#fff\" stroke-width=\"6\"/>"},
	{"ledelse", {"Ledelse", "Leadership"}, "#6B4C9A",
	 "<path d=\"M50 18 L82 78 L18 78 Z\" fill=\"none\" stroke=\"#fff\" stroke-width=\"6\" "
	 "stroke-linejoin=\"round\"/>"},
	{"forandring", {"Forandring", "Change"}, "#A8681C",
	 "<path d=\"M22 50 A28 28 0 1 1 50 78\" fill=\"none\" stroke=\"#fff\" stroke-width=\"6\" "
	 "stroke-linecap=\"round\"/><path d=\"M40 70 L50 78 L42 88\" fill=\"none\" stroke=\"#fff\" "
	 "stroke-width=\"6\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"},
};

static const struct {
	const char *id, *category, *type;
	int level;
	struct text text;
} cards[] = {
	{"TR01", "trivsel", "question", 1,
	 {"Hvad giver dig energi på en almindelig arbejdsdag?",
	  "What gives you energy on an ordinary working day?"}},
	{"TR02", "trivsel", "statement", 2,
	 {"Hos os er det i orden at sige, når noget er svært.",
	  "Here, it is fine to say when something is hard."}},
	{"SA01", "samarbejde", "question", 1,
	 {"Hvornår har du sidst fået god hjælp fra en kollega?",
	  "When did a colleague last help you well?"}},
	{"SA02", "samarbejde", "action", 3,
	 {"Aftal én ting, der gør det lettere at hjælpe hinanden i næste uge.",
	  "Agree on one thing that makes it easier to help each other next week."}},
	{"LE01", "ledelse", "question", 2,
	 {"Hvad har du brug for fra din leder for at gøre dit bedste arbejde?",
	  "What do you need from your leader to do your best work?"}},
	{"LE02", "ledelse", "dilemma", 2,
	 {"To vigtige opgaver har samme deadline, og der er kun tid til én. Hvem bør vælge – og hvordan?",
	  "Two important tasks share a deadline and there is only time for one. Who should choose – and how?"}},
	{"FO01", "forandring", "question", 1,
	 {"Fortæl om en forandring, der endte med at blive god.",
	  "Tell about a change that turned out well."}},
	{"FO02", "forandring", "statement", 2,
	 {"Vi bliver hørt, før der bliver besluttet noget, der ændrer vores arbejde.",
	  "We are heard before decisions are made that change our work."}},
};

static const struct {
	const char *id;
	struct text label;
	struct text prompt; /* may be NULL */
} types[] = {
	{"question", {"Spørgsmål", "Question"}, {NULL, NULL}},
	{"statement", {"Udsagn", "Statement"}, {"Enig · Uenig · Ved ikke", "Agree · Disagree · Not sure"}},
	{"dilemma", {"Dilemma", "="}, {NULL, NULL}},
	{"action", {"Handling", "Action"}, {NULL, NULL}},
};

static const char *pick(const struct text *t, const char *lang)
{
	return strcmp(lang, "da") == 0 ? t->da : t->en;
}

/* Appends a YAML double-quoted string. */
static void put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* {da: "...", en: "..."} for the kit's languages. */
static void put_text(struct buf *b, const struct text *t, const struct lang_list *langs)
{
	buf_putc(b, '{');
	for (size_t i = 0; i < langs->count; i++) {
		buf_printf(b, "%s%s: ", i ? ", " : "", langs->codes[i]);
		const char *s = pick(t, langs->codes[i]);
		/* "=" only makes sense after the source language */
		put_quoted(b, i == 0 && strcmp(s, "=") == 0 ? t->da : s);
	}
	buf_putc(b, '}');
}

static bool write_file(const char *dir, const char *name, const struct buf *b)
{
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/%s", dir, name);
	FILE *fp = fopen(buf_str(&path), "wx");
	bool ok = fp && fwrite(buf_str(b), 1, b->len, fp) == b->len;
	if (fp && fclose(fp) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "deckpress: error: cannot write '%s': %s\n", buf_str(&path),
			strerror(errno));
	buf_finish(&path);
	return ok;
}

/* The first line of every YAML file, so that editors with the YAML language
 * server validate and complete as people type. */
static void put_schema_line(struct buf *b, const char *schema_dir, const char *kind)
{
	buf_printf(b, "# yaml-language-server: $schema=%s/%s.schema.json\n", schema_dir, kind);
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

static bool write_kit(const char *dir, const char *kit, const char *client,
		      const struct lang_list *langs, const char *schema_dir)
{
	struct buf b;
	buf_init(&b);
	bool ok = true;

	put_schema_line(&b, schema_dir, "kit");
	buf_printf(&b, "# %s: a kit for ", kit);
	buf_puts(&b, client);
	buf_puts(&b, ", started with `deckpress new`.\n# The format: docs/yaml.md. Build it: deckpress build decks/");
	buf_printf(&b, "%s\nkind: kit\nid: %s\ntitle: ", kit, kit);
	struct text title = {"Dialogkort", "Dialogue cards"};
	put_text(&b, &title, langs);
	buf_puts(&b, "\nlanguages: [");
	for (size_t i = 0; i < langs->count; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", langs->codes[i]);
	buf_puts(&b, "]\nauthor: ");
	put_quoted(&b, client);
	buf_puts(&b, "\nprofile: eu\n");
	ok = ok && write_file(dir, "kit.yaml", &b);

	buf_clear(&b);
	put_schema_line(&b, schema_dir, "brand");
	buf_puts(&b, "# The client's look: the shared templates take colours, fonts and the logo\n"
		     "# from here, so changing this file restyles every deck of the kit.\n");
	buf_printf(&b, "kind: brand\nid: %s\nname: ", kit);
	put_quoted(&b, client);
	buf_puts(&b, "\ncolors:\n  text: \"#1E2430\"\n  muted: \"#6B6F78\"\n  rule: \"#D3D3CE\"\n"
		     "  surface: \"#F2F1EC\"\n  on-color: \"#FFFFFF\"\nfonts:\n  heading: Lato\n"
		     "  body: Lato\nlogo: logo.svg\n");
	ok = ok && write_file(dir, "brand.yaml", &b);

	char ini[4];
	initials(client, ini);
	buf_clear(&b);
	buf_printf(&b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\n"
		   "  <title>%s: replace with the client's logo</title>\n"
		   "  <path d=\"M50 8 L88 38 L50 92 L12 38 Z\" fill=\"none\" stroke=\"#fff\" "
		   "stroke-width=\"5\" stroke-linejoin=\"round\"/>\n"
		   "  <path d=\"M12 38 L88 38 M32 38 L50 92 L68 38 M30 8 L32 38 M70 8 L68 38\" "
		   "fill=\"none\" stroke=\"#fff\" stroke-width=\"3\"/>\n</svg>\n",
		   ini);
	ok = ok && write_file(dir, "logo.svg", &b);

	buf_clear(&b);
	put_schema_line(&b, schema_dir, "deck");
	buf_printf(&b, "# A starter deck: replace the cards with the client's own.\n"
		       "kind: deck\nid: dialogkort\ntitle: ");
	put_text(&b, &title, langs);
	buf_puts(&b, "\nversion: \"0.1\"\nsize: a6\nbleed: 3mm\nsafe: 4mm\ntemplate: dialogue-card\ntypes:\n");
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		buf_printf(&b, "  %s:\n    label: ", types[i].id);
		put_text(&b, &types[i].label, langs);
		if (types[i].prompt.da) {
			buf_puts(&b, "\n    prompt: ");
			put_text(&b, &types[i].prompt, langs);
		}
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "categories:\n");
	for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++) {
		buf_printf(&b, "  - id: %s\n    name: ", categories[i].id);
		put_text(&b, &categories[i].name, langs);
		buf_printf(&b, "\n    color: \"%s\"\n    icon: icons/%s.svg\n", categories[i].color,
			   categories[i].id);
	}
	buf_puts(&b, "special:\n  - id: how-to\n    title: ");
	struct text howto = {"Sådan bruger I kortene", "How to use the cards"};
	put_text(&b, &howto, langs);
	buf_puts(&b, "\n    text: ");
	struct text howto_text = {
		"**Træk og tal.** Tag et kort, læs det højt, og lad alle svare én gang, før I taler frit.",
		"**Draw and talk.** Take a card, read it aloud, and let everyone answer once before open "
		"discussion."};
	put_text(&b, &howto_text, langs);
	buf_puts(&b, "\ncards:\n");
	for (size_t i = 0; i < sizeof(cards) / sizeof(cards[0]); i++) {
		buf_printf(&b, "  - id: %s\n    category: %s\n    type: %s\n    level: %d\n    text: ",
			   cards[i].id, cards[i].category, cards[i].type, cards[i].level);
		put_text(&b, &cards[i].text, langs);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "back:\n  design: category\n  color: \"#1F2A44\"\n  text: ");
	put_text(&b, &title, langs);
	buf_puts(&b, "\n  icon: logo.svg\n");
	ok = ok && write_file(dir, "dialogkort.yaml", &b);

	/* a one-hour script that uses the deck: the shape real ones have */
	static const struct text script_title = {"Dialog om trivsel og samarbejde",
						 "Dialogue on well-being and collaboration"};
	static const struct text script_sub = {"Drejebog til en workshop på 1 time",
					       "Facilitator script for a one-hour workshop"};
	static const struct {
		struct text label, text;
	} facts[] = {
		{{"Formål", "Purpose"},
		 {"At tale om, hvad der giver trivsel og godt samarbejde – og aftale én ting, vi gør.",
		  "To talk about what makes for well-being and good collaboration – and agree on one "
		  "thing we will do."}},
		{{"Deltagere", "Participants"}, {"6–24, ved borde med 4–6", "6–24, at tables of 4–6"}},
		{{"Materialer", "Materials"},
		 {"1 sæt dialogkort pr. bord, post-its, flipover",
		  "1 deck of dialogue cards per table, post-its, flip-chart"}},
	};
	static const struct {
		int minutes;
		struct text title, how;
	} agenda[] = {
		{10, {"Velkomst", "Welcome"},
		 {"Formål og program. Læs kortet »Sådan bruger I kortene« højt.",
		  "Purpose and agenda. Read the card “How to use the cards” aloud."}},
		{35, {"Dialog med kort", "Card dialogue"},
		 {"Ved bordene: træk og tal, én kategori ad gangen.",
		  "At the tables: draw and talk, one category at a time."}},
		{15, {"Aftaler", "Agreements"},
		 {"Hvert bord vælger én ting, de vil gøre. Skriv den på flipover.",
		  "Each table chooses one thing to do. Write it on the flip-chart."}},
	};
	static const struct text program = {"Program", "Agenda"}, time_l = {"Tid", "Time"},
				 block_l = {"Blok", "Block"}, how_l = {"Sådan", "How"},
				 cards_h = {"Kortene", "The cards"};
	buf_clear(&b);
	put_schema_line(&b, schema_dir, "document");
	buf_puts(&b, "# A starter script: adapt the agenda and the texts to the workshop.\n"
		     "kind: document\nid: drejebog\ntitle: ");
	put_text(&b, &script_title, langs);
	buf_puts(&b, "\nsubtitle: ");
	put_text(&b, &script_sub, langs);
	buf_puts(&b, "\nversion: \"0.1\"\npage: {size: a4, margins: 18mm}\nblocks:\n  - type: title\n"
		     "  - type: facts\n    rows:\n");
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		buf_puts(&b, "      - label: ");
		put_text(&b, &facts[i].label, langs);
		buf_puts(&b, "\n        text: ");
		put_text(&b, &facts[i].text, langs);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "  - type: heading\n    text: ");
	put_text(&b, &program, langs);
	buf_puts(&b, "\n  - type: agenda\n    start: \"0:00\"\n    total-minutes: 60\n    columns:\n"
		     "      - {field: time, width: 22mm, label: ");
	put_text(&b, &time_l, langs);
	buf_puts(&b, "}\n      - {field: title, width: 40mm, label: ");
	put_text(&b, &block_l, langs);
	buf_puts(&b, "}\n      - {field: how, label: ");
	put_text(&b, &how_l, langs);
	buf_puts(&b, "}\n    items:\n");
	for (size_t i = 0; i < sizeof(agenda) / sizeof(agenda[0]); i++) {
		buf_printf(&b, "      - minutes: %d\n        title: ", agenda[i].minutes);
		put_text(&b, &agenda[i].title, langs);
		buf_puts(&b, "\n        how: ");
		put_text(&b, &agenda[i].how, langs);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "  - type: heading\n    text: ");
	put_text(&b, &cards_h, langs);
	buf_puts(&b, "\n  - {type: cards, deck: dialogkort, show: list}\n");
	ok = ok && write_file(dir, "drejebog.yaml", &b);

	/* a small track board in the deck's colours, with its pieces */
	static const struct text board_title = {"Vejen til bedre samarbejde",
						"The road to better collaboration"};
	static const struct text draw = {"Træk et kort fra kategorien, og tal om det.",
					 "Draw a card of the category and talk about it."};
	static const struct text pause_name = {"Pause", "Break"},
				 pause_text = {"Alle giver en kollega en konkret anerkendelse.",
					       "Everyone gives a colleague a specific appreciation."},
				 start_t = {"START", "="}, goal_t = {"MÅL", "GOAL"},
				 box_t = {"Handlingsboks", "Action box"},
				 box_text = {"Læg jeres idéer til handling her.",
					     "Put your ideas for action here."};
	buf_clear(&b);
	put_schema_line(&b, schema_dir, "board");
	buf_puts(&b, "# A starter board: a track through the deck's categories, and its pieces.\n"
		     "kind: board\nid: spillebraet\ntitle: ");
	put_text(&b, &board_title, langs);
	buf_puts(&b, "\ndeck: dialogkort\nsize: a3 landscape\ntypes:\n");
	for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++) {
		buf_printf(&b, "  %s: {category: %s, text: ", categories[i].id, categories[i].id);
		put_text(&b, &draw, langs);
		buf_puts(&b, "}\n");
	}
	buf_puts(&b, "  pause: {name: ");
	put_text(&b, &pause_name, langs);
	buf_puts(&b, ", color: \"#7B5B45\", text: ");
	put_text(&b, &pause_text, langs);
	buf_puts(&b, "}\ntrack:\n  shape: loop\n  area: {x: 12mm, y: 48mm, w: 396mm, h: 237mm}\n"
		     "  space: {size: 30mm, min-size: 20mm}\n  start: {title: ");
	put_text(&b, &start_t, langs);
	buf_puts(&b, "}\n  goal: {title: ");
	put_text(&b, &goal_t, langs);
	buf_puts(&b, "}\n  spaces: [");
	for (int i = 0; i < 16; i++)
		buf_printf(&b, "%s%s", i ? ", " : "",
			   i % 5 == 4 ? "pause" : categories[i % 4].id);
	buf_puts(&b, "]\nlegend: {x: 60mm, y: 90mm, w: 300mm, h: 60mm, columns: 3}\nzones:\n"
		     "  - {id: handling, x: 60mm, y: 170mm, w: 300mm, h: 70mm, label: ");
	put_text(&b, &box_t, langs);
	buf_puts(&b, ", text: ");
	put_text(&b, &box_text, langs);
	buf_puts(&b, "}\npieces:\n  pawns: [{category: trivsel}, {category: samarbejde}, "
		     "{category: ledelse}, {category: forandring}]\n  die: {}\n");
	ok = ok && write_file(dir, "spillebraet.yaml", &b);

	struct buf icons;
	buf_init(&icons);
	buf_printf(&icons, "%s/icons", dir);
	if (ok && mkdir(buf_str(&icons), 0777) != 0) {
		fprintf(stderr, "deckpress: error: cannot create '%s': %s\n", buf_str(&icons),
			strerror(errno));
		ok = false;
	}
	for (size_t i = 0; ok && i < sizeof(categories) / sizeof(categories[0]); i++) {
		buf_clear(&b);
		buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">%s</svg>\n",
			   categories[i].shape);
		char name[64];
		snprintf(name, sizeof(name), "%s.svg", categories[i].id);
		ok = write_file(buf_str(&icons), name, &b);
	}
	buf_finish(&icons);
	buf_finish(&b);
	return ok;
}

static int fail_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "deckpress: error: ");
	fprintf(stderr, msg, arg);
	fprintf(stderr, "\ntry 'deckpress new --help'\n");
	return EXIT_USAGE;
}

/* Removes what a failed scaffold wrote into its temporary folder. */
static void remove_tree(const char *dir)
{
	static const char *const files[] = {"kit.yaml", "brand.yaml", "logo.svg", "dialogkort.yaml",
					    "drejebog.yaml", "spillebraet.yaml",
					    "icons/trivsel.svg", "icons/samarbejde.svg",
					    "icons/ledelse.svg", "icons/forandring.svg", NULL};
	struct buf p;
	buf_init(&p);
	for (const char *const *f = files; *f; f++) {
		buf_clear(&p);
		buf_printf(&p, "%s/%s", dir, *f);
		unlink(buf_str(&p));
	}
	buf_clear(&p);
	buf_printf(&p, "%s/icons", dir);
	rmdir(buf_str(&p));
	rmdir(dir);
	buf_finish(&p);
}

int new_main(int argc, char **argv)
{
	const char *kit = NULL, *client = NULL, *lang = "da,en", *root = "decks";
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		const char **target = strcmp(a, "--client") == 0 ? &client
				      : strcmp(a, "--lang") == 0 ? &lang
				      : strcmp(a, "--dir") == 0  ? &root
								 : NULL;
		if (target) {
			if (i + 1 >= argc)
				return fail_usage("option '%s' needs a value", a);
			*target = argv[++i];
		} else if (a[0] == '-') {
			return fail_usage("unknown option '%s'", a);
		} else if (!kit) {
			kit = a;
		} else {
			return fail_usage("more than one kit name: '%s'", a);
		}
	}
	if (!kit)
		return fail_usage("%sno kit name; deckpress new KIT --client NAME", "");
	if (!valid_kit_name(kit))
		return fail_usage("invalid kit name '%s'; use lowercase letters, digits and '-'", kit);
	if (!client || !client[0] || strspn(client, " \t") == strlen(client))
		return fail_usage("%sno client; deckpress new KIT --client \"Name\"", "");

	struct lang_list langs = {0};
	char *copy = xstrdup(lang);
	for (char *tok = copy, *next; tok; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		if (strcmp(tok, "da") != 0 && strcmp(tok, "en") != 0) {
			int code = fail_usage("the starter texts are in da and en, not '%s'; start with "
					      "those and add the language to kit.yaml",
					      tok);
			free(langs.codes);
			free(copy);
			return code;
		}
		langs.codes = xreallocarray(langs.codes, langs.count + 1, sizeof(*langs.codes));
		langs.codes[langs.count++] = tok;
	}

	/* kits in decks/ of the project name the schemas relatively, so the kit
	 * moves with the project; elsewhere by their absolute path */
	const char *env_root = getenv("DECKPRESS_ROOT");
	struct buf schema_buf;
	buf_init(&schema_buf);
	if (strcmp(root, "decks") == 0)
		buf_puts(&schema_buf, "../../schema");
	else
		buf_printf(&schema_buf, "%s/schema", env_root && *env_root ? env_root : DECKPRESS_SOURCE_DIR);
	const char *schema_dir = buf_str(&schema_buf);
	struct buf dir, tmp;
	buf_init(&dir);
	buf_init(&tmp);
	buf_printf(&dir, "%s/%s", root, kit);
	buf_printf(&tmp, "%s/.%s.new-XXXXXX", root, kit);
	int code = EXIT_OK;
	struct stat st;
	if (stat(buf_str(&dir), &st) == 0) {
		fprintf(stderr, "deckpress: error: '%s' already exists; nothing was changed\n",
			buf_str(&dir));
		code = EXIT_USAGE;
	} else if (mkdir(root, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "deckpress: error: cannot create '%s': %s\n", root, strerror(errno));
		code = EXIT_INTERNAL;
	} else {
		char *t = buf_detach(&tmp);
		/* write into a temporary folder beside it, then rename: never half a kit */
		if (!mkdtemp(t)) {
			fprintf(stderr, "deckpress: error: cannot create a folder in '%s': %s\n", root,
				strerror(errno));
			code = EXIT_INTERNAL;
		} else if (!write_kit(t, kit, client, &langs, schema_dir)) {
			remove_tree(t);
			code = EXIT_INTERNAL;
		} else if (rename(t, buf_str(&dir)) != 0) {
			fprintf(stderr, "deckpress: error: cannot create '%s': %s\n", buf_str(&dir),
				strerror(errno));
			remove_tree(t);
			code = EXIT_INTERNAL;
		} else {
			printf("created %s/ for %s: kit.yaml, brand.yaml, logo.svg, dialogkort.yaml,\n"
			       "drejebog.yaml, spillebraet.yaml, icons/\n"
			       "next: deckpress build %s\n",
			       buf_str(&dir), client, buf_str(&dir));
		}
		free(t);
	}
	free(langs.codes);
	free(copy);
	buf_finish(&dir);
	buf_finish(&tmp);
	buf_finish(&schema_buf);
	return code;
}
