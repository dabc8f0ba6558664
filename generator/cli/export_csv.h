/* deckpress export-csv DECK: a deck's cards as a CSV file, to move them
 * into a spreadsheet and back (docs/yaml.md, "Cards from a spreadsheet"). */
#ifndef DECKPRESS_CLI_EXPORT_CSV_H
#define DECKPRESS_CLI_EXPORT_CSV_H

/* argv holds the arguments after "export-csv"; root is where fonts/ and
 * templates/ are (borrowed). Returns an exit code. */
int export_csv_main(int argc, char **argv, const char *root);

#endif
