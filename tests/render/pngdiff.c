/* pngdiff: compares two PNGs within a tolerance, like Cairo's buffer-diff.
 *
 *   pngdiff REFERENCE ACTUAL [DIFF.png]
 *
 * A pixel differs when any channel differs by more than CHANNEL (default 24 of
 * 255: anti-aliasing noise stays below it). The images match when at most
 * MAXFRAC (default 0.002, i.e. 0.2 %) of the pixels differ. Different sizes
 * never match. On a mismatch, writes DIFF.png (differing pixels red) when
 * given. Exit 0 match, 1 mismatch, 2 unreadable input.
 * Environment: PNGDIFF_CHANNEL, PNGDIFF_MAXFRAC.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cairo.h>

static cairo_surface_t *load(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngdiff: cannot read '%s': %s\n", path,
		        cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	/* compare in one format whatever the files hold */
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	cairo_surface_t *rgb = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(rgb);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	cairo_surface_flush(rgb);
	return rgb;
}

static double env_num(const char *name, double def)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return def;
	char *end;
	double d = strtod(v, &end);
	return *end ? def : d;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: pngdiff REFERENCE ACTUAL [DIFF.png]\n");
		return 2;
	}
	int channel = (int)env_num("PNGDIFF_CHANNEL", 24);
	double maxfrac = env_num("PNGDIFF_MAXFRAC", 0.002);
	cairo_surface_t *a = load(argv[1]), *b = load(argv[2]);
	if (!a || !b) {
		if (a)
			cairo_surface_destroy(a);
		if (b)
			cairo_surface_destroy(b);
		return 2;
	}
	int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
	if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b)) {
		fprintf(stderr, "pngdiff: sizes differ: %dx%d vs %dx%d\n", w, h,
		        cairo_image_surface_get_width(b), cairo_image_surface_get_height(b));
		cairo_surface_destroy(a);
		cairo_surface_destroy(b);
		return 1;
	}
	int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
	const unsigned char *da = cairo_image_surface_get_data(a),
	                    *db = cairo_image_surface_get_data(b);
	cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	unsigned char *dd = cairo_image_surface_get_data(diff);
	int sd = cairo_image_surface_get_stride(diff);
	long differing = 0;
	int worst = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *pa = (const uint32_t *)(da + y * sa),
		               *pb = (const uint32_t *)(db + y * sb);
		uint32_t *pd = (uint32_t *)(dd + y * sd);
		for (int x = 0; x < w; x++) {
			int m = 0;
			for (int c = 0; c < 24; c += 8) {
				int d = abs((int)((pa[x] >> c) & 0xff) -
				            (int)((pb[x] >> c) & 0xff));
				m = d > m ? d : m;
			}
			worst = m > worst ? m : worst;
			if (m > channel) {
				differing++;
				pd[x] = 0xffff0000;
			} else {
				/* faded reference for orientation */
				uint32_t g = (((pa[x] >> 8) & 0xff) + 255 * 3) / 4;
				pd[x] = 0xff000000 | g << 16 | g << 8 | g;
			}
		}
	}
	cairo_surface_mark_dirty(diff);
	double frac = (double)differing / ((double)w * h);
	int match = frac <= maxfrac;
	printf("pngdiff: %ld of %d pixels differ (%.4f%%, limit %.4f%%), worst channel delta %d\n",
	       differing, w * h, frac * 100, maxfrac * 100, worst);
	if (!match && argc == 4)
		cairo_surface_write_to_png(diff, argv[3]);
	cairo_surface_destroy(diff);
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
	return match ? 0 : 1;
}
