/* The command line: deckpress build|check [options] [PATH...]. */
#ifndef DECKPRESS_CLI_CLI_H
#define DECKPRESS_CLI_CLI_H

/* Runs the program; returns an exit code from util/exitcode.h. */
int cli_main(int argc, char **argv);

#endif
