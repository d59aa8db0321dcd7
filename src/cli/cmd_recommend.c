/*
 * headroom recommend: export usage history from a Prometheus-compatible
 * API as a headroom/recommendations/v1 file, so that a nightly job asks
 * the store once and pull-request checks read the file offline.
 *
 * A store that answers nothing leaves nothing to export: exit 2 whatever
 * the policy says.  A store that fails for some namespaces follows
 * prometheus.on_unreachable: open writes the rest and says which are
 * missing, closed exits 2.
 */
#include "cli/cli.h"
#include "cli/options.h"

#include "headroom/headroom.h"
#include "headroom/prometheus.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
	OPT_PROMETHEUS = 1,
	OPT_CONFIG,
	OPT_WINDOW,
	OPT_AT,
	OPT_NAMESPACE,
	OPT_OUTPUT,
	OPT_HELP,
};

static const cli_option options[] = {
	{OPT_PROMETHEUS, 0, "prometheus", "URL",
	 "the Prometheus-compatible API (default: the policy's prometheus.url)"},
	{OPT_CONFIG, 'c', "config", "FILE",
	 "policy file for the prometheus: settings (default: ./.headroom.yaml "
	 "when present, else the built-in policy)"},
	{OPT_WINDOW, 0, "window", "DURATION",
	 "usage window: 30s 5m 1h 14d 2w (default: 14d)"},
	{OPT_AT, 0, "at", "TIME",
	 "end of the usage window: RFC 3339 or unix seconds (default: now)"},
	{OPT_NAMESPACE, 'n', "namespace", "NS",
	 "only this namespace; repeatable (default: every namespace with "
	 "container series)"},
	{OPT_OUTPUT, 'o', "output", "FILE", "where to write the JSON; - for "
	 "standard output (required)"},
	{OPT_HELP, 'h', "help", NULL, "show this help"},
};

#define OPTION_COUNT (sizeof(options) / sizeof(options[0]))

typedef struct recommend_args {
	const char *url, *config, *output;
	int64_t window, at;
	const char **namespaces;
	size_t namespace_count;
} recommend_args;

static void print_help(void)
{
	printf("usage: headroom recommend [--prometheus URL] [OPTIONS] -o FILE\n\n"
	       "Export the usage history of every workload found in a "
	       "Prometheus-compatible\nAPI as headroom/recommendations/v1 JSON, "
	       "for 'headroom check -r FILE'.\n\noptions:\n");
	cli_print_options(options, OPTION_COUNT, stdout);
	printf("\nexit codes: 0 written, 2 could not export\n");
}

/* 0 to run, 1 to exit 0 (help), -1 on a usage error. */
static int parse_args(int argc, char **argv, recommend_args *a)
{
	cli_parser p;
	cli_parser_init(&p, options, OPTION_COUNT, argc, argv);
	a->namespaces = calloc((size_t)argc + 1, sizeof(*a->namespaces));
	for (;;) {
		switch (cli_next_option(&p)) {
		case CLI_DONE:
			if (!a->output) {
				cli_error("recommend needs -o FILE (or -o - for standard "
				          "output)");
				return -1;
			}
			return 0;
		case CLI_ERROR:
			cli_error("%s (try 'headroom recommend --help')", p.error);
			return -1;
		case CLI_OPERAND:
			cli_error("recommend takes no operands ('%.64s'); see "
			          "'headroom recommend --help'", p.operand);
			return -1;
		case OPT_PROMETHEUS:
			a->url = p.value;
			break;
		case OPT_CONFIG:
			a->config = p.value;
			break;
		case OPT_WINDOW:
			if (cli_parse_window(p.value, &a->window))
				return -1;
			break;
		case OPT_AT:
			if (cli_parse_at(p.value, &a->at))
				return -1;
			break;
		case OPT_NAMESPACE:
			a->namespaces[a->namespace_count++] = p.value;
			break;
		case OPT_OUTPUT:
			a->output = p.value;
			break;
		case OPT_HELP:
			print_help();
			return 1;
		default:
			return -1;
		}
	}
}

static int write_document(const char *path, const hr_prom_result *r)
{
	bool to_stdout = strcmp(path, "-") == 0;
	FILE *f = to_stdout ? stdout : fopen(path, "w");
	if (!f) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	bool ok = fwrite(r->document, 1, r->document_len, f) == r->document_len &&
	          fputc('\n', f) != EOF;
	ok = (to_stdout ? fflush(f) : fclose(f)) == 0 && ok;
	if (!ok)
		cli_error("cannot write %s", to_stdout ? "standard output" : path);
	return ok ? 0 : -1;
}

static int export(const recommend_args *a, const hr_policy *policy)
{
	const hr_prometheus_settings *set = &policy->prometheus;
	hr_prom_options po = {
		.url = a->url ? a->url : set->url,
		.settings = set,
		.at = a->at ? a->at : (int64_t)time(NULL),
		.window = a->window,
		.namespaces = a->namespace_count ? a->namespaces : NULL,
		.namespace_count = a->namespace_count,
	};
	if (!po.url) {
		cli_error("no Prometheus URL: give --prometheus URL or set "
		          "prometheus.url in the policy");
		return EXIT_CANNOT_EVALUATE;
	}
	hr_prom_result r;
	if (hr_prom_export(&po, &r) != HR_OK) {
		cli_error("%s", hr_error_last()->message);
		return EXIT_CANNOT_EVALUATE;
	}
	bool closed = set->on_unreachable == HR_UNREACHABLE_CLOSED;
	const char *what = r.unreachable ? "; nothing to export"
	                   : closed ? "; cannot export "
	                              "(prometheus.on_unreachable: closed)"
	                            : "; exported without those namespaces "
	                              "(prometheus.on_unreachable: open)";
	for (size_t i = 0; i < r.failure_count; i++)
		cli_error("%s%s", r.failures[i], what);
	for (size_t i = 0; i < r.note_count; i++)
		cli_error("%s", r.notes[i]);
	/* An empty export is legal but rarely meant: a window ending where
	 * the store has no data (--at), or a namespace that does not exist. */
	if (!r.unreachable && r.workloads == 0)
		cli_error("note: no workload had container series in the window "
		          "(check --at, --window and --namespace)");
	int code = EXIT_CANNOT_EVALUATE;
	if (!r.unreachable && !(closed && r.failure_count) &&
	    write_document(a->output, &r) == 0)
		code = EXIT_PASS;
	hr_prom_result_clear(&r);
	return code;
}

int cmd_recommend(int argc, char **argv)
{
	recommend_args a = {0};
	int parsed = parse_args(argc, argv, &a);
	int code = parsed > 0 ? EXIT_PASS : EXIT_CANNOT_EVALUATE;
	if (parsed == 0) {
		const char *config = a.config;
		if (!config && access(".headroom.yaml", F_OK) == 0)
			config = ".headroom.yaml";
		hr_policy *policy = NULL;
		int rc = config ? hr_policy_load(config, &policy)
		                : hr_policy_default(&policy);
		if (rc)
			cli_error_last();
		else
			code = export(&a, policy);
		hr_policy_free(&policy);
	}
	free(a.namespaces);
	return code;
}
