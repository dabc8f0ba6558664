#include "render/image.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <librsvg/rsvg.h>

#include "util/mem.h"

struct image {
	char *path;
	char *mark_file; /* where it was loaded from, for a failed draw */
	int line, col;
	bool ok;
	bool svg_kind;
	bool alpha;           /* see image_cache_has_alpha() */
	double w, h;          /* natural size: pixels, or SVG user units */
	size_t bytes;         /* what it holds decoded; 0 when evicted */
	unsigned long used;   /* when last loaded or drawn, for eviction */
	cairo_surface_t *png; /* may be NULL: not decoded now */
	RsvgHandle *svg;      /* may be NULL: not parsed now */
};

struct image_cache {
	struct image *items;
	size_t count, cap;
	size_t budget, size;
	unsigned long clock;
	size_t failed; /* the first failed draw's index + 1; 0: none */
	char *why;     /* its reason; owned; may be NULL */
};

struct image_cache *image_cache_create(void)
{
	struct image_cache *c = xcalloc(1, sizeof(*c));
	c->budget = IMAGE_CACHE_BUDGET;
	return c;
}

static void drop(struct image_cache *c, struct image *im)
{
	if (im->png)
		cairo_surface_destroy(im->png);
	if (im->svg)
		g_object_unref(im->svg);
	im->png = NULL;
	im->svg = NULL;
	c->size -= im->bytes;
	im->bytes = 0;
}

void image_cache_destroy(struct image_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++) {
		drop(c, &c->items[i]);
		free(c->items[i].path);
		free(c->items[i].mark_file);
	}
	free(c->why);
	free(c->items);
	free(c);
}

/* Evicts the least recently used images until need more bytes fit, keeping
 * keep. One image larger than the budget still loads, alone. */
static void make_room(struct image_cache *c, size_t need, const struct image *keep)
{
	while (c->size + need > c->budget) {
		struct image *lru = NULL;
		for (size_t i = 0; i < c->count; i++) {
			struct image *im = &c->items[i];
			if (im != keep && im->bytes && (!lru || im->used < lru->used))
				lru = im;
		}
		if (!lru)
			return;
		drop(c, lru);
	}
}

void image_cache_set_budget(struct image_cache *c, size_t bytes)
{
	c->budget = bytes;
	make_room(c, 0, NULL);
}

size_t image_cache_get_size(const struct image_cache *c)
{
	return c->size;
}

static void hold(struct image_cache *c, struct image *im, size_t bytes)
{
	make_room(c, bytes, im);
	im->bytes = bytes;
	c->size += bytes;
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

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* The first bytes decide the format, not the name: 1 for PNG, 0 for
 * anything else, -1 when the file cannot be read. A PNG's header (IHDR,
 * its checksum right) gives its size before anything is decoded; 0 x 0
 * when it has none. */
static int sniff(const char *path, uint32_t *w, uint32_t *h)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	unsigned char b[33] = {0}; /* signature, IHDR's length, type, 13 bytes, CRC */
	size_t n = fread(b, 1, sizeof(b), fp);
	fclose(fp);
	*w = *h = 0;
	if (n < 8 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0)
		return 0;
	if (n == sizeof(b) && be32(b + 8) == 13 && memcmp(b + 12, "IHDR", 4) == 0 &&
	    crc32_of(b + 12, 17) == be32(b + 29)) {
		*w = be32(b + 16);
		*h = be32(b + 20);
	}
	return 1;
}

static bool alpha_in(cairo_surface_t *s)
{
	if (cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32)
		return false;
	/* cairo writes an SMask only when some pixel is not opaque */
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++)
			if ((row[x] >> 24) != 0xff)
				return true;
	}
	return false;
}

/* Decodes a PNG whose header was checked; the reason it cannot, or NULL. */
static const char *decode_png(struct image_cache *c, struct image *im)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(im->path);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		/* the header bounds what decoding takes, so cairo's "out of
		 * memory" here, like its read and libpng errors, means bad data */
		cairo_surface_destroy(s);
		return "corrupt or truncated data";
	}
	im->png = s;
	hold(c, im,
	     (size_t)cairo_image_surface_get_stride(s) * (size_t)cairo_image_surface_get_height(s));
	return NULL;
}

static bool load_png(struct image_cache *c, struct image *im, uint32_t w, uint32_t h, struct mark m,
                     struct diag *d)
{
	if (w == 0 || h == 0 || w > INT32_MAX || h > INT32_MAX) {
		diag_error(d, m, "image '%s' is not a valid PNG: its header is missing or corrupt",
		           im->path);
		return false;
	}
	if ((uint64_t)w * h > (uint64_t)IMAGE_MAX_MEGAPIXELS * 1000000) {
		diag_error(d, m,
		           "image '%s' is %" PRIu32 " x %" PRIu32
		           " pixels, more than the limit of %d megapixels",
		           im->path, w, h, IMAGE_MAX_MEGAPIXELS);
		return false;
	}
	const char *why = decode_png(c, im);
	if (why) {
		diag_error(d, m, "image '%s' is not a valid PNG: %s", im->path, why);
		return false;
	}
	im->w = w;
	im->h = h;
	im->alpha = alpha_in(im->png);
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

/* The elements of an SVG in document order, enough to count what its
 * <use> references make librsvg draw. */
struct svg_scan {
	struct svg_el {
		size_t parent; /* SIZE_MAX for the root */
		char *id;      /* owned; may be NULL */
		char *target;  /* a <use>'s "#id" without '#'; owned; may be NULL */
		bool unseen;   /* <defs> or <symbol>: drawn only where used */
	} * els;
	size_t count, cap;
	size_t *stack;
	size_t depth, stack_cap;
	bool bitmap; /* an <image>: librsvg would decode it unchecked */
};

static const char *attr(const gchar **names, const gchar **values, const char *a, const char *b)
{
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], a) == 0 || (b && strcmp(names[i], b) == 0))
			return values[i];
	return NULL;
}

static void scan_start(GMarkupParseContext *ctx, const gchar *name, const gchar **names,
                       const gchar **values, gpointer data, GError **error)
{
	(void)ctx;
	struct svg_scan *s = data;
	if (s->count >= IMAGE_SVG_MAX_ELEMENTS) {
		g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "too many");
		return;
	}
	XGROW(s->els, s->cap, s->count + 1);
	struct svg_el *e = &s->els[s->count];
	*e = (struct svg_el){.parent = s->depth ? s->stack[s->depth - 1] : SIZE_MAX};
	const char *id = attr(names, values, "id", NULL);
	e->id = id ? xstrdup(id) : NULL;
	const char *local = strrchr(name, ':');
	local = local ? local + 1 : name;
	e->unseen = strcmp(local, "defs") == 0 || strcmp(local, "symbol") == 0;
	if (strcmp(local, "image") == 0) {
		s->bitmap = true;
		g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "bitmap");
	}
	if (strcmp(local, "use") == 0) {
		const char *href = attr(names, values, "href", "xlink:href");
		if (href && href[0] == '#')
			e->target = xstrdup(href + 1);
	}
	XGROW(s->stack, s->stack_cap, s->depth + 1);
	s->stack[s->depth++] = s->count++;
}

static void scan_end(GMarkupParseContext *ctx, const gchar *name, gpointer data, GError **error)
{
	(void)ctx;
	(void)name;
	(void)error;
	struct svg_scan *s = data;
	if (s->depth)
		s->depth--;
}

static size_t add_capped(size_t a, size_t b)
{
	size_t cap = (size_t)IMAGE_SVG_MAX_ELEMENTS + 1;
	return a + b > cap ? cap : a + b;
}

/* How many elements librsvg draws with every <use> expanded, capped at
 * IMAGE_SVG_MAX_ELEMENTS + 1 (a cycle reaches the cap). Each pass, in
 * reverse document order so children come before their parent, counts an
 * element as itself, its children and what it uses (a <defs> or <symbol>
 * counts only where used); the counts only grow,
 * and stop changing after as many passes as <use> references nest. False
 * when they nest deeper than IMAGE_SVG_MAX_USE_DEPTH. */
static bool count_expanded(const struct svg_scan *s, size_t *total)
{
	GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < s->count; i++)
		if (s->els[i].id && !g_hash_table_contains(ids, s->els[i].id))
			g_hash_table_insert(ids, s->els[i].id, (gpointer)(uintptr_t)(i + 1));
	size_t *target = xcalloc(s->count + 1, sizeof(*target)); /* index + 1; 0: none */
	for (size_t i = 0; i < s->count; i++)
		if (s->els[i].target)
			target[i] = (uintptr_t)g_hash_table_lookup(ids, s->els[i].target);
	size_t *w = xcalloc(s->count + 1, sizeof(*w)), *acc = xcalloc(s->count + 1, sizeof(*acc));
	bool settled = false;
	for (int pass = 0; pass <= IMAGE_SVG_MAX_USE_DEPTH && !settled; pass++) {
		settled = true;
		memset(acc, 0, (s->count + 1) * sizeof(*acc));
		for (size_t i = s->count; i-- > 0;) {
			size_t v = add_capped(1, acc[i]);
			if (target[i])
				v = add_capped(v, w[target[i] - 1]);
			settled &= v == w[i];
			w[i] = v;
			if (s->els[i].parent != SIZE_MAX && !s->els[i].unseen)
				acc[s->els[i].parent] = add_capped(acc[s->els[i].parent], v);
		}
	}
	*total = s->count ? w[0] : 0;
	free(w);
	free(acc);
	free(target);
	g_hash_table_destroy(ids);
	return settled;
}

/* Refuses an SVG whose <use> references would make librsvg draw more than
 * IMAGE_SVG_MAX_ELEMENTS elements, or that embeds a bitmap (<image>, whose
 * pixels librsvg would decode without a limit), before librsvg spends time
 * and memory on them. A file GMarkup cannot read (entities of its own) is
 * refused only when it has a <use> or an <image> at all. */
static bool check_svg_size(const char *path, const char *data, size_t len, struct mark m,
                           struct diag *d)
{
	struct svg_scan s = {0};
	GMarkupParser p = {.start_element = scan_start, .end_element = scan_end};
	GMarkupParseContext *ctx = g_markup_parse_context_new(&p, 0, &s, NULL);
	GError *err = NULL;
	bool parsed = g_markup_parse_context_parse(ctx, data, (gssize)len, &err) &&
	              g_markup_parse_context_end_parse(ctx, &err);
	bool too_many = s.count >= IMAGE_SVG_MAX_ELEMENTS;
	size_t total = 0;
	bool ok = false;
	if (s.bitmap)
		diag_error(d, m,
		           "image '%s' embeds a bitmap (<image>), whose size cannot be checked; "
		           "use the bitmap as a PNG of its own",
		           path);
	else if (too_many ||
	         (parsed && (!count_expanded(&s, &total) || total > IMAGE_SVG_MAX_ELEMENTS)))
		diag_error(d, m,
		           "image '%s' draws more than %d elements, the limit, once its <use> "
		           "references are expanded",
		           path, IMAGE_SVG_MAX_ELEMENTS);
	else if (!parsed && (g_strstr_len(data, (gssize)len, "<use") ||
	                     g_strstr_len(data, (gssize)len, "<image") ||
	                     g_strstr_len(data, (gssize)len, ":image")))
		diag_error(d, m, "image '%s' cannot be checked for <use> and <image>: %s", path,
		           g_strchomp(err->message));
	else
		ok = true;
	if (err)
		g_error_free(err);
	g_markup_parse_context_free(ctx);
	for (size_t i = 0; i < s.count; i++) {
		free(s.els[i].id);
		free(s.els[i].target);
	}
	free(s.els);
	free(s.stack);
	return ok;
}

/* What librsvg holds for an SVG, roughly: its tree is a few times its text. */
static size_t svg_bytes(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size * 4 : 4096;
}

/* Parses an SVG already checked; the reason it cannot, or NULL (owned by
 * the caller when not NULL; free with g_free()). */
static char *decode_svg(struct image_cache *c, struct image *im)
{
	GError *err = NULL;
	RsvgHandle *h = rsvg_handle_new_from_file(im->path, &err);
	if (!h) {
		char *why = g_strdup(err ? g_strchomp(err->message) : "unknown error");
		if (err)
			g_error_free(err);
		return why;
	}
	im->svg = h;
	hold(c, im, svg_bytes(im->path));
	return NULL;
}

/* The image's own size in its units (pixels, or SVG user units). */
static bool svg_size(RsvgHandle *h, double *w, double *hgt)
{
	gdouble iw = 0, ih = 0;
	if (rsvg_handle_get_intrinsic_size_in_pixels(h, &iw, &ih) && iw > 0 && ih > 0) {
		*w = iw;
		*hgt = ih;
		return true;
	}
	RsvgLength lw, lh;
	gboolean has_w, has_h, has_vb;
	RsvgRectangle vb;
	rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
	if (!has_vb || vb.width <= 0 || vb.height <= 0)
		return false;
	*w = vb.width;
	*hgt = vb.height;
	return true;
}

/* Draws the SVG once into a recording surface, so that what librsvg cannot
 * draw is found by check, not missing from a page. */
static bool try_svg(struct image *im, char **why)
{
	cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	cairo_t *cr = cairo_create(rec);
	RsvgRectangle vp = {0, 0, im->w, im->h};
	GError *err = NULL;
	bool ok = rsvg_handle_render_document(im->svg, cr, &vp, &err) &&
	          cairo_status(cr) == CAIRO_STATUS_SUCCESS;
	if (!ok)
		*why = g_strdup(err ? g_strchomp(err->message)
		                    : cairo_status_to_string(cairo_status(cr)));
	if (err)
		g_error_free(err);
	cairo_destroy(cr);
	cairo_surface_destroy(rec);
	return ok;
}

static bool load_svg(struct image_cache *c, struct image *im, struct mark m, struct diag *d)
{
	gchar *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(im->path, &data, &len, NULL)) {
		diag_error(d, m, "image '%s' cannot be read", im->path);
		return false;
	}
	/* librsvg rasterises filter effects at 72 ppi (docs/typesetting.md §6):
	 * refuse them rather than print a blurry bitmap */
	bool filters = g_strstr_len(data, (gssize)len, "<filter") != NULL;
	im->alpha = svg_has_alpha(data, len);
	bool ok = !filters && check_svg_size(im->path, data, len, m, d);
	g_free(data);
	if (filters)
		diag_error(
		        d, m,
		        "image '%s' uses SVG filters, which would print as a low-resolution bitmap",
		        im->path);
	char *why = NULL;
	if (ok && (why = decode_svg(c, im)))
		diag_error(d, m, "image '%s' is not a valid SVG: %s", im->path, why);
	else if (ok && !svg_size(im->svg, &im->w, &im->h))
		diag_error(d, m, "image '%s' has neither a size nor a viewBox", im->path);
	else if (ok && !try_svg(im, &why))
		diag_error(d, m, "image '%s' cannot be drawn: %s", im->path, why);
	else
		return ok;
	g_free(why);
	drop(c, im);
	return false;
}

bool image_cache_load(struct image_cache *c, const char *path, struct mark m, struct diag *d)
{
	struct image *im = find(c, path);
	if (im) {
		im->used = ++c->clock;
		return im->ok;
	}
	XGROW(c->items, c->cap, c->count + 1);
	im = &c->items[c->count++];
	*im = (struct image){
	        .path = xstrdup(path),
	        .mark_file = m.file ? xstrdup(m.file) : NULL,
	        .line = m.line,
	        .col = m.col,
	        .used = ++c->clock,
	};
	uint32_t w, h;
	int kind = sniff(path, &w, &h);
	if (kind < 0) {
		diag_error(d, m, "image '%s' cannot be read: %s", path, strerror(errno));
	} else if (kind == 1) {
		im->ok = load_png(c, im, w, h, m, d);
	} else if (has_suffix(path, ".svg")) {
		im->svg_kind = true;
		im->ok = load_svg(c, im, m, d);
	} else {
		diag_error(d, m, "image '%s' is neither PNG nor SVG", path);
	}
	return im->ok;
}

bool image_cache_get_pixels(struct image_cache *c, const char *path, double *w, double *h)
{
	struct image *im = find(c, path);
	if (!im || !im->ok || im->svg_kind)
		return false;
	*w = im->w;
	*h = im->h;
	return true;
}

bool image_cache_has_alpha(struct image_cache *c, const char *path)
{
	struct image *im = find(c, path);
	return im && im->ok && im->alpha;
}

/* Keeps the first failed draw for image_cache_report_failure(). */
static bool fail(struct image_cache *c, struct image *im, const char *why)
{
	if (!c->failed) {
		c->failed = (size_t)(im - c->items) + 1;
		c->why = xstrdup(why);
	}
	return false;
}

/* The image ready to draw, decoded again if it was evicted; NULL (kept as
 * the failure) when it cannot be. */
static struct image *ready(struct image_cache *c, const char *path)
{
	struct image *im = c ? find(c, path) : NULL;
	if (!im)
		return NULL; /* a programming error: preflight loads every image */
	if (!im->ok) {
		fail(c, im, "it did not load");
		return NULL;
	}
	im->used = ++c->clock;
	if (im->png || im->svg)
		return im;
	char *svg_why = NULL;
	const char *why = im->svg_kind ? (svg_why = decode_svg(c, im)) : decode_png(c, im);
	if (why) {
		fail(c, im, why);
		g_free(svg_why);
		return NULL;
	}
	return im;
}

static bool draw_loaded(struct image_cache *c, struct image *im, cairo_t *cr, struct box box)
{
	if (im->svg) {
		/* librsvg fits the document into the viewport by its preserveAspectRatio
		 * (default: centred, meet) */
		RsvgRectangle vp = {box.x, box.y, box.w, box.h};
		GError *err = NULL;
		bool ok = rsvg_handle_render_document(im->svg, cr, &vp, &err);
		if (!ok)
			fail(c, im, err ? g_strchomp(err->message) : "librsvg failed");
		if (err)
			g_error_free(err);
		return ok;
	}
	double iw = im->w, ih = im->h;
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

bool image_cache_draw(struct image_cache *c, cairo_t *cr, const char *path, struct box box)
{
	struct image *im = ready(c, path);
	return im && draw_loaded(c, im, cr, box);
}

bool image_cache_draw_cover(struct image_cache *c, cairo_t *cr, const char *path, struct box box)
{
	struct image *im = ready(c, path);
	if (!im)
		return false;
	double iw = im->w, ih = im->h;
	double s = box.w / iw > box.h / ih ? box.w / iw : box.h / ih;
	struct box big = {box.x + (box.w - iw * s) / 2, box.y + (box.h - ih * s) / 2, iw * s,
	                  ih * s};
	cairo_save(cr);
	cairo_rectangle(cr, box.x, box.y, box.w, box.h);
	cairo_clip(cr);
	bool ok = draw_loaded(c, im, cr, big);
	cairo_restore(cr);
	return ok;
}

bool image_cache_report_failure(struct image_cache *c, struct diag *d)
{
	if (!c || !c->failed)
		return false;
	struct image *im = &c->items[c->failed - 1];
	diag_error(d, (struct mark){im->mark_file, im->line, im->col},
	           "image '%s' could not be drawn: %s", im->path, c->why);
	free(c->why);
	c->why = NULL;
	c->failed = 0;
	return true;
}
