#include "fuzz_kit.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

static const char *const families[] = {"Lato", "Noto Sans"};

bool fuzz_has_family(const char *family, const void *ctx)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(families) / sizeof(*families); i++)
		if (strcasecmp(family, families[i]) == 0)
			return true;
	return false;
}

bool fuzz_check_family(const char *family, struct mark m, void *ctx)
{
	if (fuzz_has_family(family, NULL))
		return true;
	diag_error(ctx, m, "font family '%s' is not in fonts/", family);
	return false;
}

const struct kit_env *fuzz_kit_env(void)
{
	static const struct kit_env env = {
	        .templates_dir = DECKPRESS_SOURCE_DIR "/templates",
	        .profiles_dir = DECKPRESS_SOURCE_DIR "/templates/profiles",
	        .phrases_dir = DECKPRESS_SOURCE_DIR "/templates/i18n",
	        .has_family = fuzz_has_family,
	        .families = families,
	        .nfamilies = sizeof(families) / sizeof(*families),
	};
	return &env;
}

static struct kit *kit;

static void destroy(void)
{
	kit_destroy(kit);
	kit = NULL;
}

const struct kit *fuzz_kit_get(void)
{
	if (kit)
		return kit;
	struct diag d;
	diag_init(&d);
	if (!kit_load(&kit, FUZZ_KIT_DIR, NULL, fuzz_kit_env(), &d)) {
		diag_flush(&d, stderr);
		abort();
	}
	diag_finish(&d);
	atexit(destroy);
	return kit;
}
