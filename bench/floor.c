/* floor: the least work that draws a bench deck, for comparing deckpress with.
 *
 *   floor FONTDIR CARDS.tsv OUT.pdf
 *
 * Draws the cards of a deck written by bench/gen_poker.py the way its
 * template does (poker 63 x 88 mm + 3 mm bleed: a category band with the
 * category's name, a title, a body text, a footer; then one shared back),
 * with Cairo and Pango and nothing else: no YAML, no model, no fitting (the
 * sizes are the template's design sizes), no boxes, no post-pass. It uses
 * only the fonts under FONTDIR (deckpress's bundled Lato), through a private
 * fontconfig configuration as deckpress does, so both shape the same glyphs.
 *
 * CARDS.tsv: one card per line, tab-separated: id, colour (#RRGGBB),
 * category name, title, body. Markup is Pango's; the generator writes the
 * same text as plain runs with <i>/<b> where the deck has *, **.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#define PT_PER_MM (72.0 / 25.4)
#define MM(x) ((x) * PT_PER_MM)

/* The page: trim plus bleed on every side. */
static const double bleed = MM(3), trim_w = MM(63), trim_h = MM(88);

struct card {
	char *id, *color, *category, *title, *body;
};

static void die(const char *what)
{
	fprintf(stderr, "floor: %s\n", what);
	exit(1);
}

static void set_hex(cairo_t *cr, const char *hex)
{
	unsigned v = 0;
	if (hex[0] != '#' || sscanf(hex + 1, "%6x", &v) != 1)
		die("bad colour");
	cairo_set_source_rgb(cr, ((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0,
	                     (v & 255) / 255.0);
}

/* One text box at a fixed size: width set, wrapped by words, vertically
 * centred when middle is set. */
static void text_box(cairo_t *cr, PangoLayout *l, const char *markup, const char *font,
                     double x, double y, double w, double h, PangoAlignment align, int middle)
{
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_alignment(l, align);
	pango_layout_set_markup(l, markup, -1);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	double top = middle ? y + (h - lh / (double)PANGO_SCALE) / 2 : y;
	cairo_move_to(cr, x, top);
	pango_cairo_show_layout(cr, l);
}

static void draw_front(cairo_t *cr, PangoLayout *l, const struct card *c)
{
	double ox = bleed, oy = bleed;
	set_hex(cr, "#FFFFFF");
	cairo_paint(cr);
	set_hex(cr, c->color);
	cairo_rectangle(cr, 0, 0, trim_w + 2 * bleed, oy + MM(16));
	cairo_fill(cr);
	set_hex(cr, "#FFFFFF");
	text_box(cr, l, c->category, "Lato Bold 10", ox + MM(6), oy + MM(5), MM(51), MM(8),
	         PANGO_ALIGN_LEFT, 1);
	set_hex(cr, "#222222");
	text_box(cr, l, c->title, "Lato Bold 13", ox + MM(6), oy + MM(20), MM(51), MM(12),
	         PANGO_ALIGN_LEFT, 1);
	text_box(cr, l, c->body, "Lato 10", ox + MM(6), oy + MM(34), MM(51), MM(44),
	         PANGO_ALIGN_LEFT, 1);
	set_hex(cr, "#6E6E6E");
	text_box(cr, l, c->id, "Lato 7", ox + MM(6), oy + MM(80), MM(51), MM(4),
	         PANGO_ALIGN_CENTER, 1);
	cairo_show_page(cr);
}

static void draw_back(cairo_t *cr, PangoLayout *l)
{
	set_hex(cr, "#1F2A44");
	cairo_paint(cr);
	set_hex(cr, "#FFFFFF");
	text_box(cr, l, "Bench", "Lato Black 20", bleed + MM(6), bleed + MM(36), MM(51), MM(16),
	         PANGO_ALIGN_CENTER, 1);
	cairo_show_page(cr);
}

/* Splits line in place at tabs into n fields; 0 when the count differs. */
static int split(char *line, char **f, int n)
{
	int k = 0;
	for (char *p = line; k < n; k++) {
		f[k] = p;
		char *t = strchr(p, '\t');
		if (!t)
			return k == n - 1;
		*t = '\0';
		p = t + 1;
	}
	return 0;
}

static void use_fonts(const char *dir)
{
	static const char cache_conf[] =
	        "<fontconfig><cachedir prefix=\"xdg\">deckpress-fc</cachedir></fontconfig>";
	FcConfig *cfg = FcConfigCreate();
	if (cfg)
		FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)cache_conf, FcFalse);
	if (!cfg || !FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir))
		die("cannot read the font directory");
	FcConfigBuildFonts(cfg);
	FcConfigSetCurrent(cfg);
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg);
	FcConfigDestroy(cfg);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
	pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(map));
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: floor FONTDIR CARDS.tsv OUT.pdf\n");
		return 2;
	}
	use_fonts(argv[1]);
	FILE *in = fopen(argv[2], "r");
	if (!in)
		die(strerror(errno));

	cairo_surface_t *s = cairo_pdf_surface_create(argv[3], trim_w + 2 * bleed, trim_h + 2 * bleed);
	cairo_t *cr = cairo_create(s);
	PangoLayout *l = pango_cairo_create_layout(cr);

	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		char *f[5];
		if (!split(line, f, 5))
			die("a line of CARDS.tsv has not 5 fields");
		struct card c = {f[0], f[1], f[2], f[3], f[4]};
		draw_front(cr, l, &c);
		draw_back(cr, l);
	}
	free(line);
	fclose(in);

	g_object_unref(l);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		die(cairo_status_to_string(cairo_surface_status(s)));
	cairo_surface_destroy(s);
	return 0;
}
