/*
 * The headroom command: a table of subcommands over the core library.
 * The CLI owns stdout, stderr and the exit code; the library owns none.
 */
#ifndef HR_CLI_H
#define HR_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes (design.md): what a pipeline reads. */
enum {
	EXIT_PASS = 0,
	EXIT_GATE_FAILED = 1,
	EXIT_CANNOT_EVALUATE = 2,
};

typedef struct cli_command {
	const char *name;
	const char *usage;   /* after "headroom NAME " */
	const char *summary;
	int (*run)(int argc, char **argv);
} cli_command;

int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_recommend(int argc, char **argv);

/* Publishing flags of headroom check (publish_cli.c). */
typedef struct cli_publish_args {
	const char *comment;   /* "github", "gitlab", or NULL: none */
	bool suggestions;
	const char *token_env; /* NULL: GITHUB_TOKEN / HEADROOM_GITLAB_TOKEN */
} cli_publish_args;

struct hr_report;

/* Post or update the sticky comment; 0 done or degraded with a notice,
 * -1 after printing an error. */
int cli_publish(const struct hr_report *report, const cli_publish_args *p);

/* Append the step outputs to a $GITHUB_OUTPUT file; 0 or -1 (printed). */
int cli_github_output(const struct hr_report *report, const char *path);

/* An RFC 3339 time ("2026-11-20T10:00:00Z", "...+02:00"), a date
 * ("2026-11-20", its midnight UTC) or unix seconds; 0 on success. */
int cli_parse_time(const char *text, int64_t *out);

/* --at TIME: cli_parse_time(), or -1 after saying why. */
int cli_parse_at(const char *text, int64_t *out);

/* --window DURATION: 30s 5m 1h 14d 2w, at most a year; 0 on success,
 * else -1 after saying why. */
int cli_parse_window(const char *text, int64_t *seconds);

/* Print "headroom: message" to stderr, escaped for the terminal. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* Print the library's last error as "file:line:col: error: message". */
void cli_error_last(void);

/* Print one located error the same way. */
void cli_error_located(const char *file, unsigned line, unsigned column,
                       const char *message);

#endif
