/*
 * Command-line options from a static table: parsing and the usage text
 * both come from the same rows, so they cannot drift apart.
 */
#ifndef HR_CLI_OPTIONS_H
#define HR_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cli_option {
	int id;              /* returned by cli_next_option() */
	char short_name;     /* 0 when none */
	const char *long_name;
	const char *value;   /* placeholder such as "FILE"; NULL for a flag */
	const char *help;
} cli_option;

typedef struct cli_parser {
	const cli_option *options;
	size_t option_count;
	int argc;
	char **argv;
	int index;           /* next argv element */
	const char *cluster; /* rest of a -abc cluster */
	bool only_operands;  /* after "--" */
	const char *value;   /* the current option's value */
	const char *operand; /* set when cli_next_option() returns CLI_OPERAND */
	char error[256];
} cli_parser;

enum { CLI_DONE = -1, CLI_ERROR = -2, CLI_OPERAND = -3 };

void cli_parser_init(cli_parser *p, const cli_option *options, size_t count,
                     int argc, char **argv);

/* The next option's id, CLI_OPERAND, CLI_DONE, or CLI_ERROR (p->error). */
int cli_next_option(cli_parser *p);

void cli_print_options(const cli_option *options, size_t count, FILE *out);

#endif
