/* deckpress: YAML in, print-ready PDFs of workshop materials out. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
