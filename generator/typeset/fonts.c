#include "typeset/fonts.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include "util/buf.h"
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
 * no cachedir; giving it one of ours silences that and keeps it warm. The
 * match appends the fallback chain to every request, so a glyph the named
 * family lacks comes from these fonts in this order rather than from
 * whichever font fontconfig happens to sort next. */
static const char cache_conf[] =
        "<fontconfig><cachedir prefix=\"xdg\">deckpress-fc</cachedir>"
        "<match target=\"pattern\"><edit name=\"family\" mode=\"append_last\">"
        "<string>Noto Sans</string><string>Noto Sans Symbols2</string>"
        "<string>Noto Sans Symbols</string></edit></match></fontconfig>";

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

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	return n > k && strcasecmp(name + n - k, suffix) == 0;
}

static bool is_font_name(const char *name)
{
	return has_suffix(name, ".ttf") || has_suffix(name, ".otf") || has_suffix(name, ".ttc");
}

/* Whether the folder dir holds a licence file. */
static bool has_licence(const char *dir)
{
	static const char *const prefixes[] = {"ofl", "license", "licence", "copying", "ufl"};
	DIR *dp = opendir(dir);
	if (!dp)
		return false;
	bool found = false;
	struct dirent *de;
	while (!found && (de = readdir(dp)))
		for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]) && !found; i++)
			found = strncasecmp(de->d_name, prefixes[i], strlen(prefixes[i])) == 0;
	closedir(dp);
	return found;
}

/* Adds the font files under dir (recursively) to cfg, each checked: a font,
 * with a licence beside it. False when any is not (reported). */
static bool add_kit_fonts(FcConfig *cfg, const char *dir, int depth, struct diag *d)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		diag_error(d, (struct mark){.file = dir}, "cannot open font directory: %s",
		           strerror(errno));
		return false;
	}
	bool ok = true, licence = has_licence(dir);
	struct dirent *de;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		struct buf path;
		buf_init(&path);
		buf_printf(&path, "%s/%s", dir, de->d_name);
		struct stat st;
		struct mark at = {.file = buf_str(&path)};
		if (stat(buf_str(&path), &st) != 0) {
			/* a dangling link: nothing to load */
		} else if (S_ISDIR(st.st_mode)) {
			if (depth < 8)
				ok &= add_kit_fonts(cfg, buf_str(&path), depth + 1, d);
		} else if (is_font_name(de->d_name)) {
			int count = 0;
			FcPattern *pat =
			        FcFreeTypeQuery((const FcChar8 *)buf_str(&path), 0, NULL, &count);
			if (!pat) {
				diag_error(d, at,
				           "not a font file; a kit's fonts/ takes TTF or OTF "
				           "files");
				ok = false;
			} else if (!licence) {
				diag_error(d, at,
				           "font has no licence file beside it; put its licence "
				           "(such as OFL.txt) in the same folder");
				ok = false;
			} else if (!FcConfigAppFontAddFile(cfg, (const FcChar8 *)buf_str(&path))) {
				diag_error(d, at, "cannot read font file");
				ok = false;
			}
			if (pat)
				FcPatternDestroy(pat);
		}
		buf_finish(&path);
	}
	closedir(dp);
	return ok;
}

/* An empty config (no fonts.conf, no system directories, no aliases) that
 * holds only the fonts under dir, and those of kit_dir when it is not NULL. */
static FcConfig *load_config(const char *dir, const char *kit_dir, struct diag *d)
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
	if (kit_dir && !add_kit_fonts(cfg, kit_dir, 0, d)) {
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
	return fonts_create_for_kit(out, dir, NULL, d);
}

bool fonts_create_for_kit(struct fonts **out, const char *dir, const char *kit_dir, struct diag *d)
{
	*out = NULL;
	FcConfig *cfg = load_config(dir, kit_dir, d);
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

void fonts_use(const struct fonts *f)
{
	FcConfigSetCurrent(f->cfg);
	installed_config = f->cfg;
	pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(f->map));
	installed_default = f->map;
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
