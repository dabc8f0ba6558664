/* deckpress: YAML in, print-ready PDFs of workshop materials out. */
#include "cli/cli.h"
#include "output/sink.h"

int main(int argc, char **argv)
{
	sink_pdf_prepare_process();
	return cli_main(argc, argv);
}
