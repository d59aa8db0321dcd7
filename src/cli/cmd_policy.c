/*
 * headroom policy: print the built-in default policy, or check a policy
 * file and summarise it.
 */
#include "cli/cli.h"
#include "cli/options.h"

#include "headroom/headroom.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_DEFAULT = 1, OPT_HELP };

static const cli_option options[] = {
	{OPT_DEFAULT, 0, "default", NULL,
	 "print the built-in default policy (a commented .headroom.yaml)"},
	{OPT_HELP, 'h', "help", NULL, "show this help"},
};

#define OPTION_COUNT (sizeof(options) / sizeof(options[0]))

static void print_help(void)
{
	printf("usage: headroom policy --default\n"
	       "       headroom policy FILE\n\n"
	       "Print the built-in policy, or check FILE and list its profiles.\n\n"
	       "options:\n");
	cli_print_options(options, OPTION_COUNT, stdout);
}

static const char *requirement(hr_requirement r)
{
	return r == HR_REQ_REQUIRED ? "required"
	       : r == HR_REQ_FORBIDDEN ? "forbidden"
	                               : "optional";
}

static int summarise(const char *path)
{
	hr_policy *policy;
	if (hr_policy_load(path, &policy) != HR_OK) {
		cli_error_last();
		return EXIT_CANNOT_EVALUATE;
	}
	printf("%s: valid, %zu profile%s, default %s, %zu waiver%s\n", path,
	       policy->profile_count, policy->profile_count == 1 ? "" : "s",
	       policy->default_profile->name, policy->waiver_count,
	       policy->waiver_count == 1 ? "" : "s");
	for (size_t i = 0; i < policy->profile_count; i++) {
		const hr_profile *p = &policy->profiles[i];
		printf("  %-12s memory limit %s (+%.0f%%), request %s; cpu request "
		       "%s (%s), limit %s\n",
		       p->name, requirement(p->memory.limit),
		       p->memory.limit_headroom * 100, requirement(p->memory.request),
		       requirement(p->cpu.request),
		       hr_percentile_name(p->cpu.request_percentile),
		       requirement(p->cpu.limit));
	}
	hr_policy_free(&policy);
	return EXIT_PASS;
}

int cmd_policy(int argc, char **argv)
{
	cli_parser p;
	cli_parser_init(&p, options, OPTION_COUNT, argc, argv);
	const char *file = NULL;
	bool print_default = false;
	for (;;) {
		int id = cli_next_option(&p);
		if (id == CLI_DONE)
			break;
		switch (id) {
		case CLI_ERROR:
			cli_error("%s (try 'headroom policy --help')", p.error);
			return EXIT_CANNOT_EVALUATE;
		case CLI_OPERAND:
			if (file) {
				cli_error("give one policy file");
				return EXIT_CANNOT_EVALUATE;
			}
			file = p.operand;
			break;
		case OPT_DEFAULT:
			print_default = true;
			break;
		case OPT_HELP:
			print_help();
			return EXIT_PASS;
		default:
			return EXIT_CANNOT_EVALUATE;
		}
	}
	if (print_default == (file != NULL)) {
		cli_error("give either --default or a policy FILE (try 'headroom "
		          "policy --help')");
		return EXIT_CANNOT_EVALUATE;
	}
	if (file)
		return summarise(file);
	fputs(hr_policy_default_text(), stdout);
	return fflush(stdout) == 0 ? EXIT_PASS : EXIT_CANNOT_EVALUATE;
}
