#include "render/lazy_rsvg.h"

#include <librsvg/rsvg.h>

/* the SONAME and file CMakeLists.txt read from the library pkg-config found */
static struct dynlib lib = {
        .soname = DECKPRESS_RSVG_SONAME,
        .file = DECKPRESS_RSVG_FILE,
        .package = "librsvg",
};

struct dynlib *lazy_rsvg_get_lib(void)
{
	return &lib;
}

#define VALUE(ret, name, params, args) DYNLIB_FUNCTION(&lib, ret, name, params, args)
#define VOID(name, params, args) DYNLIB_VOID_FUNCTION(&lib, name, params, args)

/* every librsvg function deckpress calls */
VALUE(RsvgHandle *, rsvg_handle_new_from_file, (const gchar *filename, GError **error),
      (filename, error))
VALUE(gboolean, rsvg_handle_get_intrinsic_size_in_pixels,
      (RsvgHandle * handle, gdouble *out_width, gdouble *out_height),
      (handle, out_width, out_height))
VOID(rsvg_handle_get_intrinsic_dimensions,
     (RsvgHandle * handle, gboolean *out_has_width, RsvgLength *out_width, gboolean *out_has_height,
      RsvgLength *out_height, gboolean *out_has_viewbox, RsvgRectangle *out_viewbox),
     (handle, out_has_width, out_width, out_has_height, out_height, out_has_viewbox, out_viewbox))
VALUE(gboolean, rsvg_handle_render_document,
      (RsvgHandle * handle, cairo_t *cr, const RsvgRectangle *viewport, GError **error),
      (handle, cr, viewport, error))
