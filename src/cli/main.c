/*
 * headroom's entry point: find the command, run it, return its exit code.
 */
#include "cli/cli.h"

#include "headroom/headroom.h"
#include "report/escape.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const cli_command commands[] = {
	{"check", "[OPTIONS] [PATH...]",
	 "evaluate manifests and pass, warn or fail", cmd_check},
	{"recommend", "[--prometheus URL] [OPTIONS] -o FILE",
	 "export usage history as headroom/recommendations/v1 JSON",
	 cmd_recommend},
	{"rules", "[--format text|json|markdown]", "list every rule", cmd_rules},
	{"explain", "RULE", "what a rule checks, why, and how to fix it",
	 cmd_explain},
	{"policy", "--default | FILE",
	 "print the built-in policy, or check a policy file", cmd_policy},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void print_usage(FILE *out)
{
	fputs("headroom: a performance gate for Kubernetes delivery\n\n"
	      "usage:\n", out);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  headroom %s %s\n      %s\n", commands[i].name,
		        commands[i].usage, commands[i].summary);
	fputs("  headroom --version | --help\n\n"
	      "exit codes: 0 passed, 1 the gate failed, 2 could not evaluate\n"
	      "run 'headroom COMMAND --help' for a command's options\n", out);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
static void vprint_escaped(FILE *out, const char *fmt, va_list ap)
{
	char message[2048];
	vsnprintf(message, sizeof(message), fmt, ap);
	hr_fputs_terminal(message, out);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("headroom: ", stderr);
	vprint_escaped(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void cli_error_located(const char *file, unsigned line, unsigned column,
                       const char *message)
{
	if (file) {
		hr_fputs_terminal(file, stderr);
		if (line && column)
			fprintf(stderr, ":%u:%u", line, column);
		else if (line)
			fprintf(stderr, ":%u", line);
		fputs(": ", stderr);
	} else {
		fputs("headroom: ", stderr);
	}
	fputs("error: ", stderr);
	hr_fputs_terminal(message, stderr);
	fputc('\n', stderr);
}

void cli_error_last(void)
{
	const hr_error *e = hr_error_last();
	cli_error_located(e->file, e->line, e->column, e->message);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_CANNOT_EVALUATE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		printf("headroom %s\n", hr_version());
		return EXIT_PASS;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		print_usage(stdout);
		return EXIT_PASS;
	}
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	cli_error("unknown command '%s' (try 'headroom --help')", name);
	return EXIT_CANNOT_EVALUATE;
}
