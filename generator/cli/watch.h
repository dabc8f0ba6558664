/* build --watch: rebuild what changed when a YAML file or an asset changes. */
#ifndef DECKPRESS_CLI_WATCH_H
#define DECKPRESS_CLI_WATCH_H

#include "build/build.h"

/* Builds once, then watches every kit of opt (and the shared templates and
 * fonts) with inotify and rebuilds a kit when one of its files changes,
 * printing one line per rebuild; the build cache (build/cache.h) redraws
 * only what the change reaches. A broken or half-saved file is reported and
 * waited out. Runs until interrupted (SIGINT, SIGTERM); returns an exit
 * code. */
int watch_run(const struct build_options *opt);

#endif
