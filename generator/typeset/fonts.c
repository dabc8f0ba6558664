#include "typeset/fonts.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include "util/mem.h"

struct fonts {
	FcConfig *cfg;
	PangoFontMap *map;
	PangoContext *ctx;
	cairo_font_options_t *options;
	char **families; /* owned, each owned; sorted */
	size_t nfamilies, families_cap;
};

/* Fontconfig warns "No writable cache directories" once per config that has
 * no cachedir; giving it one of ours silences that and keeps it warm. */
static const char cache_conf[] =
        "<fontconfig><cachedir prefix=\"xdg\">deckpress-fc</cachedir></fontconfig>";

/* The default font map is per thread in Pango, so this is too. Remembering
 * which map we installed lets fonts_destroy() drop exactly that reference
 * without asking pango_cairo_font_map_get_default(), which would build a
 * system-wide map when there is none. */
static _Thread_local PangoFontMap *installed_default;
/* Fontconfig's current config is process-wide. */
static FcConfig *installed_config;

/* Family names compare as fontconfig's FcStrCmpIgnoreCase does. */
static int cmp_name(const char *a, const char *b)
{
	return FcStrCmpIgnoreCase((const FcChar8 *)a, (const FcChar8 *)b);
}

static int cmp_family(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	int c = cmp_name(a, b);
	return c ? c : strcmp(a, b);
}

static bool has_family(const struct fonts *f, const char *family)
{
	for (size_t i = 0; i < f->nfamilies; i++)
		if (cmp_name(f->families[i], family) == 0)
			return true;
	return false;
}

/* The families come from the font files themselves rather than from
 * pango_font_map_list_families(), which adds the generic aliases (Sans,
 * Serif, Monospace, System-ui) that silently resolve to any font. A file may
 * name several families: Lato Black is both "Lato" and "Lato Black". */
static void collect_families(struct fonts *f, FcConfig *cfg)
{
	FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
	for (int i = 0; set && i < set->nfont; i++) {
		const FcPattern *font = set->fonts[i];
		FcChar8 *name;
		for (int k = 0; FcPatternGetString(font, FC_FAMILY, k, &name) == FcResultMatch;
		     k++) {
			if (has_family(f, (const char *)name))
				continue;
			XGROW(f->families, f->families_cap, f->nfamilies + 1);
			f->families[f->nfamilies++] = xstrdup((const char *)name);
		}
	}
	if (f->nfamilies > 1)
		qsort(f->families, f->nfamilies, sizeof(*f->families), cmp_family);
}

/* An empty config (no fonts.conf, no system directories, no aliases) that
 * holds only the fonts under dir. */
static FcConfig *load_config(const char *dir, struct diag *d)
{
	struct mark at = {.file = dir};

	/* fontconfig says nothing useful about a missing directory */
	DIR *probe = opendir(dir);
	if (!probe) {
		diag_error(d, at, "cannot open font directory: %s", strerror(errno));
		return NULL;
	}
	closedir(probe);

	FcConfig *cfg = FcConfigCreate();
	if (!cfg) {
		diag_error(d, at, "cannot create a fontconfig configuration");
		return NULL;
	}
	FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)cache_conf, FcFalse);
	if (!FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir)) {
		diag_error(d, at, "cannot read font directory");
		FcConfigDestroy(cfg);
		return NULL;
	}
	FcConfigBuildFonts(cfg);
	FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
	if (!set || set->nfont == 0) {
		diag_error(d, at, "no font files in font directory");
		FcConfigDestroy(cfg);
		return NULL;
	}
	return cfg;
}

bool fonts_create(struct fonts **out, const char *dir, struct diag *d)
{
	*out = NULL;
	FcConfig *cfg = load_config(dir, d);
	if (!cfg)
		return false;

	struct fonts *f = xcalloc(1, sizeof(*f));
	collect_families(f, cfg);

	/* Current before the map exists: Pango starts a thread that calls
	 * FcInit(), which would otherwise load the machine's whole font
	 * configuration (time, and a leak inside fontconfig 2.14.1) only to
	 * have it ignored. Being current also keeps cairo's own font lookups
	 * on the bundled set. */
	FcConfigSetCurrent(cfg);
	installed_config = cfg;
	f->cfg = cfg; /* only compared in fonts_destroy(); the map and fontconfig hold refs */

	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	/* the map takes its own reference to the config */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), cfg);
	FcConfigDestroy(cfg);
	/* 72 dpi: a point in the YAML is a point on paper; Pango's default of
	 * 96 would make 11 pt come out as 14.7 pt */
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->map), 72.0);
	pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(f->map));
	installed_default = f->map;

	/* Hinted metrics round line heights and advances to whole pixels of a
	 * resolution that PDF does not have, so PNG and PDF would break lines
	 * differently. */
	f->options = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(f->options, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(f->options, CAIRO_HINT_STYLE_NONE);
	f->ctx = pango_font_map_create_context(f->map);
	pango_cairo_context_set_font_options(f->ctx, f->options);
	pango_context_set_round_glyph_positions(f->ctx, FALSE);

	*out = f;
	return true;
}

/* Pango 1.50 matches and sorts fonts on a worker thread of the map, and
 * every queued job holds a reference to the map. Should one still be queued
 * when we drop ours, the worker finalizes the map later, and a process that
 * exits first leaves the map's caches unreleased (LSan reports them, about
 * one run in four). The wait measured 0-200 us; the bound only guards
 * against a caller that kept a context or layout alive. */
static void wait_for_worker(PangoFontMap *map)
{
	for (int i = 0; i < 10000 && g_atomic_int_get(&G_OBJECT(map)->ref_count) > 1; i++)
		g_usleep(100);
}

void fonts_destroy(struct fonts *f)
{
	if (!f)
		return;
	if (installed_default == f->map) {
		pango_cairo_font_map_set_default(NULL);
		installed_default = NULL;
	}
	if (installed_config == f->cfg) {
		FcConfigSetCurrent(NULL);
		installed_config = NULL;
	}
	g_object_unref(f->ctx);
	wait_for_worker(f->map);
	g_object_unref(f->map);
	cairo_font_options_destroy(f->options);
	for (size_t i = 0; i < f->nfamilies; i++)
		free(f->families[i]);
	free(f->families);
	free(f);
}

bool fonts_has_family(const struct fonts *f, const char *family)
{
	return has_family(f, family);
}

const char *const *fonts_get_families(const struct fonts *f, size_t *count)
{
	*count = f->nfamilies;
	return (const char *const *)f->families;
}

PangoContext *fonts_get_context(const struct fonts *f)
{
	return f->ctx;
}

const cairo_font_options_t *fonts_get_options(const struct fonts *f)
{
	return f->options;
}
