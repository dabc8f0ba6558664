/* librsvg, opened on the first call rather than at start-up: only a kit
 * with SVG images calls it, and it pulls in gio, gdk-pixbuf and libxml2.
 * lazy_rsvg.c defines the rsvg_* functions render/image.c calls, with the
 * prototypes of <librsvg/rsvg.h>; each finds the library's own on its
 * first call (util/dynlib.h). */
#ifndef DECKPRESS_RENDER_LAZY_RSVG_H
#define DECKPRESS_RENDER_LAZY_RSVG_H

#include "util/dynlib.h"

/* The library: its SONAME, the file the build found it as, and whether it
 * is open. Borrowed; valid for the life of the process. */
struct dynlib *lazy_rsvg_get_lib(void);

#endif
