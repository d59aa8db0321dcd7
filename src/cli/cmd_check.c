/*
 * headroom check: run the gate and write the report(s).
 */
#include "cli/cli.h"
#include "cli/options.h"

#include "headroom/headroom.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OUTPUTS_MAX 16

enum {
	OPT_CONFIG = 1,
	OPT_RECOMMENDATIONS,
	OPT_AT,
	OPT_JOBS,
	OPT_FORMAT,
	OPT_FAIL_ON,
	OPT_WARN_EXIT_CODE,
	OPT_COLOR,
	OPT_HELP,
	OPT_BASE,
	OPT_CHANGED_ONLY,
	OPT_COMMENT,
	OPT_SUGGESTIONS,
	OPT_TOKEN_ENV,
	OPT_GITHUB_OUTPUT,
	OPT_PROMETHEUS,
	OPT_WINDOW,
};

static const cli_option options[] = {
	{OPT_CONFIG, 'c', "config", "FILE",
	 "policy file (default: ./.headroom.yaml when present, else the "
	 "built-in policy)"},
	{OPT_RECOMMENDATIONS, 'r', "recommendations", "FILE",
	 "usage and recommendations: headroom JSON, KRR JSON or VPA "
	 "objects (format detected); repeatable"},
	{OPT_PROMETHEUS, 0, "prometheus", "URL",
	 "read usage history from a Prometheus-compatible API (the policy's "
	 "prometheus: settings apply)"},
	{OPT_WINDOW, 0, "window", "DURATION",
	 "usage window for --prometheus: 30s 5m 1h 14d 2w (default: 14d)"},
	{OPT_AT, 0, "at", "TIME",
	 "the time to judge waiver expiry by, and the end of the usage "
	 "window: RFC 3339 or unix seconds (default: now)"},
	{OPT_JOBS, 'j', "jobs", "N",
	 "threads for large inputs (default: one per CPU, at most 8)"},
	{OPT_BASE, 0, "base", "REV",
	 "compare with the manifests at the merge base of REV and HEAD (git); "
	 "default: the pull/merge request's base from GitHub or GitLab CI "
	 "variables, else no comparison"},
	{OPT_CHANGED_ONLY, 0, "changed-only", NULL,
	 "with a base: report only workloads the change adds, changes or "
	 "moves"},
	{OPT_FORMAT, 'f', "format", "FMT[=FILE]",
	 "report format, repeatable: text json markdown sarif codequality "
	 "junit github; =FILE writes to a file"},
	{OPT_FAIL_ON, 0, "fail-on", "LEVEL",
	 "fail (default): only failures fail; warn: warnings fail too"},
	{OPT_WARN_EXIT_CODE, 0, "warn-exit-code", "N",
	 "exit N instead of 0 when the verdict is warn"},
	{OPT_COLOR, 0, "color", "WHEN", "auto (default), always or never"},
	{OPT_COMMENT, 0, "comment", "github|gitlab",
	 "post the report as one sticky PR/MR comment, updated in place "
	 "(place from the CI variables)"},
	{OPT_SUGGESTIONS, 0, "suggestions", NULL,
	 "with --comment github: review comments with the safe value as a "
	 "suggestion, on lines the PR adds"},
	{OPT_TOKEN_ENV, 0, "token-env", "NAME",
	 "variable holding the API token (default: GITHUB_TOKEN, "
	 "HEADROOM_GITLAB_TOKEN)"},
	{OPT_GITHUB_OUTPUT, 0, "github-output", "FILE",
	 "append step outputs (verdict, counts, cost) to FILE "
	 "($GITHUB_OUTPUT)"},
	{OPT_HELP, 'h', "help", NULL, "show this help"},
};

#define OPTION_COUNT (sizeof(options) / sizeof(options[0]))

typedef struct output {
	const hr_report_format *format;
	const char *path; /* NULL: stdout */
} output;

#define RECOMMENDATIONS_MAX 64

typedef struct check_args {
	const char **paths;
	size_t path_count;
	const char *config;
	const char *recommendations[RECOMMENDATIONS_MAX];
	size_t recommendation_count;
	int64_t at;
	const char *prometheus;
	int64_t window;
	int jobs;
	output outputs[OUTPUTS_MAX];
	size_t output_count;
	bool fail_on_warn;
	int warn_exit_code;
	int color; /* -1 auto, 0 never, 1 always */
	const char *base;
	bool changed_only;
	cli_publish_args publish;
	const char *github_output;
} check_args;

static void print_help(void)
{
	printf("usage: headroom check [OPTIONS] [PATH...]\n\n"
	       "Evaluate the Kubernetes manifests under PATH (files, directories "
	       "walked for\n*.yaml *.yml *.json, or - for stdin; default: .) "
	       "and pass, warn or fail.\n\noptions:\n");
	cli_print_options(options, OPTION_COUNT, stdout);
	printf("\nexit codes: 0 passed, 1 the gate failed, 2 could not evaluate\n");
}

static int parse_output(const char *spec, output *out)
{
	const char *eq = strchr(spec, '=');
	size_t len = eq ? (size_t)(eq - spec) : strlen(spec);
	char name[32];
	if (len >= sizeof(name)) {
		cli_error("unknown format '%s'", spec);
		return -1;
	}
	memcpy(name, spec, len);
	name[len] = '\0';
	out->format = hr_report_format_find(name);
	if (!out->format) {
		cli_error("unknown format '%s' (formats: text, json, markdown, "
		          "sarif, codequality, junit, github)", name);
		return -1;
	}
	out->path = eq && eq[1] ? eq + 1 : NULL;
	if (eq && !eq[1]) {
		cli_error("-f %s= needs a file name after '='", name);
		return -1;
	}
	return 0;
}

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* 0 to run, 1 to exit 0 (help), -1 on a usage error. */
static int parse_args(int argc, char **argv, check_args *a)
{
	cli_parser p;
	cli_parser_init(&p, options, OPTION_COUNT, argc, argv);
	a->paths = calloc((size_t)argc + 1, sizeof(*a->paths));
	a->color = -1;
	for (;;) {
		int id = cli_next_option(&p);
		switch (id) {
		case CLI_DONE:
			return 0;
		case CLI_ERROR:
			cli_error("%s (try 'headroom check --help')", p.error);
			return -1;
		case CLI_OPERAND:
			a->paths[a->path_count++] = p.operand;
			break;
		case OPT_CONFIG:
			a->config = p.value;
			break;
		case OPT_RECOMMENDATIONS:
			if (a->recommendation_count == RECOMMENDATIONS_MAX) {
				cli_error("too many -r options (at most %d)",
				          RECOMMENDATIONS_MAX);
				return -1;
			}
			a->recommendations[a->recommendation_count++] = p.value;
			break;
		case OPT_AT:
			if (cli_parse_at(p.value, &a->at))
				return -1;
			break;
		case OPT_PROMETHEUS:
			a->prometheus = p.value;
			break;
		case OPT_WINDOW:
			if (cli_parse_window(p.value, &a->window))
				return -1;
			break;
		case OPT_JOBS:
			if (parse_int(p.value, 1, 64, &a->jobs)) {
				cli_error("--jobs takes a number from 1 to 64");
				return -1;
			}
			break;
		case OPT_FORMAT:
			if (a->output_count == OUTPUTS_MAX) {
				cli_error("too many -f options");
				return -1;
			}
			if (parse_output(p.value, &a->outputs[a->output_count++]))
				return -1;
			break;
		case OPT_FAIL_ON:
			if (strcmp(p.value, "warn") == 0)
				a->fail_on_warn = true;
			else if (strcmp(p.value, "fail") == 0)
				a->fail_on_warn = false;
			else {
				cli_error("--fail-on takes fail or warn, not '%s'", p.value);
				return -1;
			}
			break;
		case OPT_WARN_EXIT_CODE:
			/* 1 and 2 already say "failed" and "could not evaluate". */
			if (parse_int(p.value, 0, 255, &a->warn_exit_code) ||
			    a->warn_exit_code == 1 || a->warn_exit_code == 2) {
				cli_error("--warn-exit-code takes a number from 0 to 255 "
				          "other than 1 (failed) and 2 (could not "
				          "evaluate)");
				return -1;
			}
			break;
		case OPT_COLOR:
			if (strcmp(p.value, "auto") == 0)
				a->color = -1;
			else if (strcmp(p.value, "always") == 0)
				a->color = 1;
			else if (strcmp(p.value, "never") == 0)
				a->color = 0;
			else {
				cli_error("--color takes auto, always or never");
				return -1;
			}
			break;
		case OPT_BASE:
			if (!*p.value) {
				cli_error("--base needs a revision (a branch, tag or "
				          "commit)");
				return -1;
			}
			a->base = p.value;
			break;
		case OPT_CHANGED_ONLY:
			a->changed_only = true;
			break;
		case OPT_COMMENT:
			if (strcmp(p.value, "github") && strcmp(p.value, "gitlab")) {
				cli_error("--comment takes github or gitlab, not '%s'",
				          p.value);
				return -1;
			}
			a->publish.comment = p.value;
			break;
		case OPT_SUGGESTIONS:
			a->publish.suggestions = true;
			break;
		case OPT_TOKEN_ENV:
			a->publish.token_env = p.value;
			break;
		case OPT_GITHUB_OUTPUT:
			a->github_output = p.value;
			break;
		case OPT_HELP:
			print_help();
			return 1;
		default:
			return -1;
		}
	}
}

/* Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
static bool want_color(int setting, FILE *stream)
{
	if (setting >= 0)
		return setting == 1;
	const char *no_color = getenv("NO_COLOR");
	if (no_color && *no_color)
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(stream));
}

static int validate_outputs(check_args *a)
{
	if (a->publish.suggestions && (!a->publish.comment ||
	                               strcmp(a->publish.comment, "github"))) {
		cli_error("--suggestions needs --comment github");
		return -1;
	}
	if (a->output_count == 0) {
		a->outputs[0] = (output){hr_report_format_find("text"), NULL};
		a->output_count = 1;
	}
	size_t to_stdout = 0;
	for (size_t i = 0; i < a->output_count; i++)
		to_stdout += a->outputs[i].path == NULL;
	if (to_stdout > 1) {
		cli_error("only one format can go to standard output; give the "
		          "others a file (-f json=report.json)");
		return -1;
	}
	return 0;
}

static int write_outputs(const check_args *a, const hr_report *report)
{
	for (size_t i = 0; i < a->output_count; i++) {
		const output *o = &a->outputs[i];
		FILE *f = o->path ? fopen(o->path, "w") : stdout;
		if (!f) {
			cli_error("cannot write %s: %s", o->path, strerror(errno));
			return -1;
		}
		hr_report_style style = {false, hr_version(), NULL};
		/* a fixed github stop-commands token, for golden tests only */
		const char *token = getenv("HEADROOM_TEST_STOP_TOKEN");
		if (token && *token)
			style.stop_token = token;
		style.color = !o->path && strcmp(o->format->name, "text") == 0 &&
		              want_color(a->color, f);
		int rc = o->format->write(report, &style, f);
		int closed = o->path ? fclose(f) : fflush(f);
		if (rc || closed) {
			cli_error("cannot write %s report to %s", o->format->name,
			          o->path ? o->path : "standard output");
			return -1;
		}
	}
	return 0;
}

static int exit_code(const check_args *a, hr_verdict v)
{
	switch (v) {
	case HR_VERDICT_FAIL:
		return EXIT_GATE_FAILED;
	case HR_VERDICT_WARN:
		return a->fail_on_warn ? EXIT_GATE_FAILED : a->warn_exit_code;
	default:
		return EXIT_PASS;
	}
}

static const char *env_lookup(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

/* The base: --base, else what the CI environment says (headroom/base.h
 * has the precedence), else none.  -1 when the environment is wrong. */
static int choose_base(const check_args *a, hr_base_choice *choice,
                       hr_check_options *opts)
{
	bool from_stdin = false;
	for (size_t i = 0; i < a->path_count; i++)
		from_stdin |= strcmp(a->paths[i], "-") == 0;
	if (a->base) {
		if (from_stdin) {
			/* Rendered manifests have no file in the base tree to
			 * compare with: every workload would look new. */
			cli_error("--base compares files of the repository; standard "
			          "input has none (render the base revision yourself, "
			          "or check files)");
			return -1;
		}
		opts->base_rev = a->base;
		opts->base_source = "--base";
		return 0;
	}
	if (hr_base_from_env(env_lookup, NULL, choice)) {
		cli_error_last();
		return -1;
	}
	if (choice->rev[0] && from_stdin) {
		cli_error("note: the %s base is not compared: the manifests come "
		          "from standard input, which has no base version",
		          choice->source);
	} else if (choice->rev[0]) {
		opts->base_rev = choice->rev;
		opts->base_source = choice->source;
	} else if (a->changed_only) {
		/* A push build has no base: every finding is this build's. */
		cli_error("note: --changed-only without a base (no --base, no "
		          "pull or merge request in the CI variables): every "
		          "finding is reported");
	}
	return 0;
}

static void print_model_errors(const hr_model *m)
{
	for (size_t i = 0; i < m->error_count; i++)
		cli_error_located(m->errors[i].file, m->errors[i].line,
		                  m->errors[i].column, m->errors[i].message);
	cli_error("%zu invalid value%s: the manifests cannot be evaluated",
	          m->error_count, m->error_count == 1 ? "" : "s");
}

int cmd_check(int argc, char **argv)
{
	check_args a = {0};
	int code = EXIT_CANNOT_EVALUATE;
	hr_report *report = NULL;
	int parsed = parse_args(argc, argv, &a);
	if (parsed)
		goto done_parsed;
	if (validate_outputs(&a))
		goto done;
	static const char *const here[] = {"."};
	hr_check_options opts;
	hr_check_options_init(&opts);
	opts.paths = a.path_count ? a.paths : here;
	opts.path_count = a.path_count ? a.path_count : 1;
	opts.policy_path = a.config;
	if (!opts.policy_path && access(".headroom.yaml", F_OK) == 0)
		opts.policy_path = ".headroom.yaml";
	opts.recommendation_paths = a.recommendations;
	opts.recommendation_count = a.recommendation_count;
	opts.now = a.at;
	opts.limits.jobs = (unsigned)a.jobs;
	opts.changed_only = a.changed_only;
	hr_base_choice base;
	if (choose_base(&a, &base, &opts))
		goto done;
	opts.prometheus_url = a.prometheus;
	opts.window = a.window;

	int rc = hr_check(&opts, &report);
	for (size_t i = 0; report && i < report->note_count; i++)
		cli_error("%s", report->notes[i]);
	if (rc == HR_EINVALID && report && report->model &&
	    report->model->error_count > 0) {
		print_model_errors(report->model);
		goto done;
	}
	if (rc) {
		cli_error_last();
		goto done;
	}
	if (write_outputs(&a, report))
		goto done;
	if (a.github_output && cli_github_output(report, a.github_output))
		goto done;
	code = exit_code(&a, report->verdict);
	/* The verdict is about the manifests: an API that fails to take the
	 * comment is reported, and does not turn it into "could not
	 * evaluate". */
	if (a.publish.comment && cli_publish(report, &a.publish))
		cli_error("the report was not posted; the exit code is the "
		          "gate's (%d)", code);
done:
	hr_report_free(&report);
	free(a.paths);
	return code;
done_parsed:
	free(a.paths);
	return parsed > 0 ? EXIT_PASS : EXIT_CANNOT_EVALUATE;
}
