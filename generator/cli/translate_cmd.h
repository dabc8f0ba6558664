/* `deckpress translate export|import|confirm`: the command line of
 * translate/translate.h. */
#ifndef DECKPRESS_CLI_TRANSLATE_CMD_H
#define DECKPRESS_CLI_TRANSLATE_CMD_H

/* argv holds what follows "translate"; root is where templates/ is.
 * Returns an exit code from util/exitcode.h. */
int translate_cmd_main(int argc, char **argv, const char *root);

#endif
