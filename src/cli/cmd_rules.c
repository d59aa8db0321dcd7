/*
 * headroom rules / headroom explain: the catalog, for people and tools.
 */
#include "cli/cli.h"

#include "headroom/headroom.h"

#include <jansson.h>
#include <string.h>

static int list_json(void)
{
	json_t *list = json_array();
	for (size_t i = 0; i < hr_rule_count(); i++) {
		const hr_rule_info *r = hr_rule_at(i);
		json_array_append_new(list,
		        json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", r->id, "severity",
		                  hr_severity_name(r->default_severity), "group",
		                  r->group, "summary", r->summary, "explain",
		                  r->explain));
	}
	int rc = json_dumpf(list, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(list);
	fputc('\n', stdout);
	return rc ? EXIT_CANNOT_EVALUATE : EXIT_PASS;
}

/* The rules page of the README (kept equal to this output by a test). */
static int list_markdown(void)
{
	const char *group = "";
	for (size_t i = 0; i < hr_rule_count(); i++) {
		const hr_rule_info *r = hr_rule_at(i);
		if (strcmp(group, r->group) != 0) {
			group = r->group;
			printf("### %s rules\n\n", group);
		}
		printf("#### `%s`\n\n*%s by default.* %s.\n\n%s\n\n", r->id,
		       hr_severity_name(r->default_severity), r->summary, r->explain);
	}
	return fflush(stdout) == 0 ? EXIT_PASS : EXIT_CANNOT_EVALUATE;
}

int cmd_rules(int argc, char **argv)
{
	bool json = false, markdown = false;
	for (int i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "--format") == 0 || strcmp(argv[i], "-f") == 0) &&
		    i + 1 < argc) {
			const char *f = argv[++i];
			if (strcmp(f, "json") == 0)
				json = true;
			else if (strcmp(f, "markdown") == 0)
				markdown = true;
			else if (strcmp(f, "text") != 0) {
				cli_error("rules --format takes text, json or markdown");
				return EXIT_CANNOT_EVALUATE;
			}
		} else if (strcmp(argv[i], "--format=json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--format=text") != 0) {
			cli_error("usage: headroom rules [--format text|json|markdown]");
			return EXIT_CANNOT_EVALUATE;
		}
	}
	if (json)
		return list_json();
	if (markdown)
		return list_markdown();
	for (size_t i = 0; i < hr_rule_count(); i++) {
		const hr_rule_info *r = hr_rule_at(i);
		printf("%-34s %-5s %s\n", r->id, hr_severity_name(r->default_severity),
		       r->summary);
	}
	return EXIT_PASS;
}

int cmd_explain(int argc, char **argv)
{
	if (argc != 2) {
		cli_error("usage: headroom explain RULE");
		return EXIT_CANNOT_EVALUATE;
	}
	const hr_rule_info *r = hr_rule_find(argv[1]);
	if (!r) {
		cli_error("no rule called '%s' (see 'headroom rules')", argv[1]);
		return EXIT_CANNOT_EVALUATE;
	}
	printf("%s (default severity: %s)\n\n%s\n\n%s\n", r->id,
	       hr_severity_name(r->default_severity), r->summary, r->explain);
	return EXIT_PASS;
}
