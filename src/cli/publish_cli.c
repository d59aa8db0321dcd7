/*
 * headroom check --comment / --github-output: the CLI side of publishing.
 * The report is rendered by the markdown format into memory, handed to the
 * core, and what was done is said on stderr (stdout may carry the
 * annotations of -f github).
 */
#include "cli/cli.h"

#include "headroom/headroom.h"
#include "headroom/publish.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *markdown_body(const hr_report *report, size_t *len)
{
	char *body = NULL;
	FILE *f = open_memstream(&body, len);
	if (!f)
		return NULL;
	hr_report_style style = {false, hr_version(), NULL};
	int rc = hr_report_format_find("markdown")->write(report, &style, f);
	if (fclose(f) || rc) {
		free(body);
		return NULL;
	}
	return body;
}

static void say(const hr_publish_options *o, const hr_publish_result *r)
{
	const char *where = o->target == HR_PUBLISH_GITHUB ? "pull request"
	                                                   : "merge request";
	switch (r->comment) {
	case HR_PUBLISH_CREATED:
	case HR_PUBLISH_UPDATED:
		cli_error("comment %s on %s #%llu (id %llu)%s",
		          hr_publish_action_name(r->comment), where,
		          (unsigned long long)o->number,
		          (unsigned long long)r->comment_id,
		          r->shortened ? ", shortened: the API refused the full "
		                         "report as too long" : "");
		break;
	case HR_PUBLISH_KEPT_NEWER:
		cli_error("comment on %s #%llu left alone: a newer run wrote it",
		          where, (unsigned long long)o->number);
		break;
	default:
		break;
	}
	if (o->suggestions)
		cli_error("suggestions: %zu posted, %zu already there, %zu not on "
		          "a line the change adds", r->suggestions_posted,
		          r->suggestions_existing, r->suggestions_outside);
	if (r->notice[0])
		cli_error("notice: %s", r->notice);
}

int cli_publish(const hr_report *report, const cli_publish_args *p)
{
	hr_publish_target target = HR_PUBLISH_GITHUB;
	hr_publish_target_parse(p->comment, &target); /* checked by the parser */
	const char *token_var = p->token_env ? p->token_env
	                        : target == HR_PUBLISH_GITHUB
	                                ? "GITHUB_TOKEN" : "HEADROOM_GITLAB_TOKEN";
	hr_publish_options o;
	int rc = hr_publish_options_from_env(target, token_var, &o);
	if (rc == HR_ENOTFOUND) {
		cli_error("notice: %s", hr_error_last()->message);
		hr_publish_options_dispose(&o);
		return 0;
	}
	if (rc) {
		cli_error_last();
		hr_publish_options_dispose(&o);
		return -1;
	}
	o.suggestions = p->suggestions;
	size_t len = 0;
	char *body = markdown_body(report, &len);
	if (!body) {
		cli_error("cannot render the comment");
		hr_publish_options_dispose(&o);
		return -1;
	}
	o.body = body;
	o.body_len = len;
	hr_publish_result result;
	rc = hr_publish(report, &o, &result);
	if (rc)
		cli_error_last();
	else
		say(&o, &result);
	free(body);
	hr_publish_options_dispose(&o);
	return rc ? -1 : 0;
}

int cli_github_output(const hr_report *report, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	int rc = hr_publish_write_github_outputs(report, f);
	if (fclose(f) || rc) {
		cli_error("cannot write the step outputs to %s", path);
		return -1;
	}
	return 0;
}
