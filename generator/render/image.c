#include "render/image.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <librsvg/rsvg.h>

#include "util/mem.h"

struct image {
	char *path;
	bool ok;
	bool alpha;           /* see image_cache_has_alpha() */
	cairo_surface_t *png; /* may be NULL */
	RsvgHandle *svg;      /* may be NULL */
};

struct image_cache {
	struct image *items;
	size_t count, cap;
};

struct image_cache *image_cache_create(void)
{
	return xcalloc(1, sizeof(struct image_cache));
}

void image_cache_destroy(struct image_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++) {
		if (c->items[i].png)
			cairo_surface_destroy(c->items[i].png);
		if (c->items[i].svg)
			g_object_unref(c->items[i].svg);
		free(c->items[i].path);
	}
	free(c->items);
	free(c);
}

static struct image *find(struct image_cache *c, const char *path)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->items[i].path, path) == 0)
			return &c->items[i];
	return NULL;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* The first bytes decide the format, not the name. */
static int sniff(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	unsigned char b[8] = {0};
	size_t n = fread(b, 1, sizeof(b), fp);
	fclose(fp);
	if (n == 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return 1;
	return 0;
}

static bool load_png(struct image *im, const char *path, struct mark m, struct diag *d)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	cairo_status_t st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, m, "image '%s' cannot be read: %s", path,
		           st == CAIRO_STATUS_READ_ERROR ? "corrupt or truncated PNG"
		                                         : cairo_status_to_string(st));
		cairo_surface_destroy(s);
		return false;
	}
	im->png = s;
	if (cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32) {
		/* cairo writes an SMask only when some pixel is not opaque */
		int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
		int stride = cairo_image_surface_get_stride(s);
		const unsigned char *data = cairo_image_surface_get_data(s);
		for (int y = 0; y < h && !im->alpha; y++) {
			const uint32_t *row = (const uint32_t *)(data + (size_t)y * (size_t)stride);
			for (int x = 0; x < w && !im->alpha; x++)
				im->alpha = (row[x] >> 24) != 0xff;
		}
	}
	return true;
}

/* Reads the number after an opacity attribute or property at p. */
static bool below_one(const char *p)
{
	while (*p == '=' || *p == ':' || *p == ' ' || *p == '"' || *p == '\'')
		p++;
	if (*p == '.')
		return true;
	if (*p == '0')
		return !(p[1] == '.' && p[2] == '\0');
	return false;
}

/* Transparency an SVG asks for, found in its text: enough for our own
 * icons and honest about what it cannot see (CSS classes from outside). */
static bool svg_has_alpha(const char *data, size_t len)
{
	static const char *const words[] = {"opacity", "rgba(", "hsla(", "<mask", NULL};
	for (const char *const *w = words; *w; w++) {
		const char *p = data;
		size_t wl = strlen(*w);
		while ((p = g_strstr_len(p, (gssize)(len - (size_t)(p - data)), *w))) {
			p += wl;
			if (strcmp(*w, "opacity") != 0)
				return true;
			if (below_one(p))
				return true;
		}
	}
	return false;
}

/* librsvg rasterises filter effects at 72 ppi (docs/typesetting.md §6): refuse
 * them rather than print a blurry bitmap. */
static bool uses_filters(const char *path, bool *alpha)
{
	gchar *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, NULL))
		return false;
	bool found = g_strstr_len(data, (gssize)len, "<filter") != NULL;
	*alpha = svg_has_alpha(data, len);
	g_free(data);
	return found;
}

static bool load_svg(struct image *im, const char *path, struct mark m, struct diag *d)
{
	if (uses_filters(path, &im->alpha)) {
		diag_error(
		        d, m,
		        "image '%s' uses SVG filters, which would print as a low-resolution bitmap",
		        path);
		return false;
	}
	GError *err = NULL;
	RsvgHandle *h = rsvg_handle_new_from_file(path, &err);
	if (!h) {
		if (err)
			g_strchomp(err->message);
		diag_error(d, m, "image '%s' is not a valid SVG: %s", path,
		           err ? err->message : "unknown error");
		if (err)
			g_error_free(err);
		return false;
	}
	gdouble w = 0, hgt = 0;
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt)) {
		RsvgLength lw, lh;
		gboolean has_vb;
		RsvgRectangle vb;
		gboolean has_w, has_h;
		rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
		if (!has_vb) {
			diag_error(d, m, "image '%s' has neither a size nor a viewBox", path);
			g_object_unref(h);
			return false;
		}
	}
	im->svg = h;
	return true;
}

bool image_cache_load(struct image_cache *c, const char *path, struct mark m, struct diag *d)
{
	struct image *im = find(c, path);
	if (im)
		return im->ok;
	XGROW(c->items, c->cap, c->count + 1);
	im = &c->items[c->count++];
	*im = (struct image){.path = xstrdup(path)};
	int kind = sniff(path);
	if (kind < 0) {
		diag_error(d, m, "image '%s' cannot be read: %s", path, strerror(errno));
	} else if (kind == 1) {
		im->ok = load_png(im, path, m, d);
	} else if (has_suffix(path, ".svg")) {
		im->ok = load_svg(im, path, m, d);
	} else {
		diag_error(d, m, "image '%s' is neither PNG nor SVG", path);
	}
	return im->ok;
}

bool image_cache_has_alpha(struct image_cache *c, const char *path)
{
	struct image *im = find(c, path);
	return im && im->ok && im->alpha;
}

bool image_cache_draw(struct image_cache *c, cairo_t *cr, const char *path, struct box box)
{
	struct image *im = find(c, path);
	if (!im || !im->ok)
		return false;
	if (im->svg) {
		/* librsvg fits the document into the viewport by its preserveAspectRatio
		 * (default: centred, meet) */
		RsvgRectangle vp = {box.x, box.y, box.w, box.h};
		GError *err = NULL;
		bool ok = rsvg_handle_render_document(im->svg, cr, &vp, &err);
		if (err)
			g_error_free(err);
		return ok;
	}
	double iw = cairo_image_surface_get_width(im->png);
	double ih = cairo_image_surface_get_height(im->png);
	if (iw <= 0 || ih <= 0)
		return false;
	double s = box.w / iw < box.h / ih ? box.w / iw : box.h / ih;
	cairo_save(cr);
	cairo_translate(cr, box.x + (box.w - iw * s) / 2, box.y + (box.h - ih * s) / 2);
	cairo_scale(cr, s, s);
	cairo_set_source_surface(cr, im->png, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_rectangle(cr, 0, 0, iw, ih);
	cairo_fill(cr);
	cairo_restore(cr);
	return true;
}

/* The image's own size in its units (pixels, or SVG user units). */
static bool natural_size(const struct image *im, double *w, double *h)
{
	if (im->png) {
		*w = cairo_image_surface_get_width(im->png);
		*h = cairo_image_surface_get_height(im->png);
		return *w > 0 && *h > 0;
	}
	gdouble iw = 0, ih = 0;
	if (rsvg_handle_get_intrinsic_size_in_pixels(im->svg, &iw, &ih) && iw > 0 && ih > 0) {
		*w = iw;
		*h = ih;
		return true;
	}
	RsvgLength lw, lh;
	gboolean has_w, has_h, has_vb;
	RsvgRectangle vb;
	rsvg_handle_get_intrinsic_dimensions(im->svg, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
	if (!has_vb || vb.width <= 0 || vb.height <= 0)
		return false;
	*w = vb.width;
	*h = vb.height;
	return true;
}

bool image_cache_draw_cover(struct image_cache *c, cairo_t *cr, const char *path, struct box box)
{
	struct image *im = find(c, path);
	double iw, ih;
	if (!im || !im->ok || !natural_size(im, &iw, &ih))
		return false;
	double s = box.w / iw > box.h / ih ? box.w / iw : box.h / ih;
	struct box big = {box.x + (box.w - iw * s) / 2, box.y + (box.h - ih * s) / 2, iw * s,
	                  ih * s};
	cairo_save(cr);
	cairo_rectangle(cr, box.x, box.y, box.w, box.h);
	cairo_clip(cr);
	bool ok = image_cache_draw(c, cr, path, big);
	cairo_restore(cr);
	return ok;
}
