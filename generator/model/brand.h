/* Brands: a client's colours, fonts and logo. Templates name them as
 * "{brand.primary}" (a colour), family: "{brand.heading}" (a font role) and
 * src: "{brand.logo}", so that one template serves many clients; a kit's
 * brand.yaml restyles everything, and a template's own `brand:` block gives
 * the defaults it falls back on. */
#ifndef DECKPRESS_MODEL_BRAND_H
#define DECKPRESS_MODEL_BRAND_H

#include <stdbool.h>
#include <stddef.h>

#include "model/read.h"

struct brand_color {
	const char *name;
	struct color color;
	struct mark mark; /* of its name */
	bool used;        /* looked up by a template, board or document */
	bool four_color;  /* listed in four-color: never turned into K only */
};

struct brand_font {
	const char *role;   /* "heading", "body" ... */
	const char *family; /* checked against fonts/ where it is used */
	struct mark mark;
	struct mark role_mark;
	bool used; /* looked up by a template, board or document */
};

/* The names looked up in a brand file, for suggestions when one of its
 * names is used by nothing (a typo such as txt: for text:). */
enum { BRAND_MAX_ASKED = 64 };
struct brand_asked {
	const char *names[BRAND_MAX_ASKED]; /* borrowed from the lookups' documents */
	size_t count;
	bool fonts[BRAND_MAX_ASKED]; /* a font role, else a colour */
};

struct brand {
	const char *id;   /* may be NULL for a template's defaults */
	const char *name; /* the client's name; may be NULL */
	struct brand_color *colors;
	size_t ncolors;
	struct brand_font *fonts;
	size_t nfonts;
	const char *logo; /* resolved path; may be NULL */
	struct mark logo_mark;
	struct brand_asked *asked; /* a brand file's; NULL for a template's defaults */
};

/* Reads a brand: a whole brand file (with kind and id) when file is true,
 * else a template's `brand:` block. Lives in r->arena. */
bool brand_read(struct brand *out, const struct node *n, struct reader *r, bool file);

/* Looks name up in brand, then in fallback (either may be NULL); NULL when
 * neither has it. Borrowed from the brand that has it. */
const struct brand_color *brand_find_color(const struct brand *brand, const struct brand *fallback,
                                           const char *name);
const struct brand_font *brand_find_font(const struct brand *brand, const struct brand *fallback,
                                         const char *role);

/* Reports every colour and font role of a brand file that nothing looked
 * up, as an unknown key with a suggestion from the names that were looked
 * up. Only meaningful once every template, board and document of the kit
 * has been read. False when there was one. */
bool brand_check_used(const struct brand *brand, struct diag *d);

/* The names brand and fallback define, for suggestions: colours or font
 * roles. Allocated in arena; NULL-terminated; *count set. */
const char **brand_list_names(const struct brand *brand, const struct brand *fallback, bool fonts,
                              struct arena *arena, size_t *count);

#endif
