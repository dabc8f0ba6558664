/* deckpress new KIT --client NAME: a new kit to start from. */
#ifndef DECKPRESS_CLI_NEW_H
#define DECKPRESS_CLI_NEW_H

/* argv holds the arguments after "new". Returns an exit code. */
int new_main(int argc, char **argv);

#endif
