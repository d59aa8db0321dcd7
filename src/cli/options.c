#include "cli/options.h"

#include <stdio.h>
#include <string.h>

void cli_parser_init(cli_parser *p, const cli_option *options, size_t count,
                     int argc, char **argv)
{
	memset(p, 0, sizeof(*p));
	p->options = options;
	p->option_count = count;
	p->argc = argc;
	p->argv = argv;
	p->index = 1;
}

static const cli_option *find_long(const cli_parser *p, const char *name,
                                   size_t len)
{
	for (size_t i = 0; i < p->option_count; i++) {
		const char *l = p->options[i].long_name;
		if (l && strlen(l) == len && strncmp(l, name, len) == 0)
			return &p->options[i];
	}
	return NULL;
}

static const cli_option *find_short(const cli_parser *p, char c)
{
	for (size_t i = 0; i < p->option_count; i++)
		if (p->options[i].short_name == c)
			return &p->options[i];
	return NULL;
}

static int take_value(cli_parser *p, const cli_option *o, const char *inline_value,
                      const char *shown)
{
	if (!o->value) {
		if (inline_value) {
			snprintf(p->error, sizeof(p->error),
			         "option %s takes no value", shown);
			return CLI_ERROR;
		}
		p->value = NULL;
		return o->id;
	}
	if (inline_value) {
		p->value = inline_value;
		return o->id;
	}
	if (p->index >= p->argc) {
		snprintf(p->error, sizeof(p->error), "option %s needs a value (%s)",
		         shown, o->value);
		return CLI_ERROR;
	}
	p->value = p->argv[p->index++];
	return o->id;
}

static int next_short(cli_parser *p)
{
	char c = *p->cluster++;
	char shown[3] = {'-', c, '\0'};
	const cli_option *o = find_short(p, c);
	if (!o) {
		snprintf(p->error, sizeof(p->error), "unknown option -%c", c);
		return CLI_ERROR;
	}
	const char *inline_value = NULL;
	if (o->value && *p->cluster) {
		inline_value = p->cluster;
		p->cluster = NULL;
	}
	if (p->cluster && !*p->cluster)
		p->cluster = NULL;
	return take_value(p, o, inline_value, shown);
}

int cli_next_option(cli_parser *p)
{
	if (p->cluster)
		return next_short(p);
	if (p->index >= p->argc)
		return CLI_DONE;
	const char *arg = p->argv[p->index++];
	if (p->only_operands || arg[0] != '-' || strcmp(arg, "-") == 0) {
		p->operand = arg;
		return CLI_OPERAND;
	}
	if (strcmp(arg, "--") == 0) {
		p->only_operands = true;
		return cli_next_option(p);
	}
	if (arg[1] == '-') {
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const cli_option *o = find_long(p, name, len);
		if (!o) {
			snprintf(p->error, sizeof(p->error), "unknown option --%.*s",
			         (int)(len > 64 ? 64 : len), name);
			return CLI_ERROR;
		}
		char shown[80];
		snprintf(shown, sizeof(shown), "--%s", o->long_name);
		return take_value(p, o, eq ? eq + 1 : NULL, shown);
	}
	p->cluster = arg + 1;
	return next_short(p);
}

void cli_print_options(const cli_option *options, size_t count, FILE *out)
{
	for (size_t i = 0; i < count; i++) {
		const cli_option *o = &options[i];
		char left[64];
		int n = 0;
		if (o->short_name)
			n = snprintf(left, sizeof(left), "-%c, ", o->short_name);
		else
			n = snprintf(left, sizeof(left), "    ");
		snprintf(left + n, sizeof(left) - (size_t)n, "--%s%s%s", o->long_name,
		         o->value ? " " : "", o->value ? o->value : "");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
}
