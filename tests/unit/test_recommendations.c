/*
 * Recommendation files (headroom/recommendations/v1): every field valid
 * and invalid with its exact message and position, defaults, format
 * detection, lookups (misses and hostile strings), later files replacing
 * earlier ones, limits, and the example of design.md value by value.
 */
#include "test_util.h"

#include "recs/recs_internal.h"
#include "util/json_input.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SCHEMA "\"schema\": \"headroom/recommendations/v1\""
/* Line 1: the schema; line 2: a workload (its '{' at column 15); line 3:
 * its container (the '{' at column 16); line 4: body, more members of the
 * container. */
#define ONE(body)                                                            \
	"{" SCHEMA ",\n\"workloads\": [{\"kind\": \"Deployment\", "           \
	"\"name\": \"cart\",\n\"containers\": [{\"name\": \"server\",\n" body   \
	"}]}]}\n"
/* Line 3: body, more members of the workload of line 2. */
#define WL(body)                                                             \
	"{" SCHEMA ",\n\"workloads\": [{\"kind\": \"Deployment\", "           \
	"\"name\": \"cart\",\n" body "}]}\n"
/* Line 2: body, the other top-level members. */
#define TOP(body) "{" SCHEMA ",\n" body "}\n"

#define PFX "workloads[0].containers[0]."

#define EXPECTED                                                             \
	"expected headroom JSON (\"schema\": \"headroom/recommendations/v1\"), " \
	"KRR JSON (\"scans\" and \"strategy\", from krr simple -f json) or "    \
	"VerticalPodAutoscaler objects (kubectl get vpa -A -o yaml)"
#define FORMAT_RE                                                            \
	"quantities must match the regular expression "                      \
	"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

static int load(hr_recommendations **set, const char *text, size_t len)
{
	hr_recommendations_new(set);
	return hr_recommendations_add_buffer(*set, "r.json", text, len);
}

/* ---- errors: exact code, position and message ------------------------ */

typedef struct error_case {
	const char *name;
	const char *input;
	int rc;
	unsigned line, column;
	const char *message;
	size_t input_len; /* 0: strlen */
} error_case;

static const error_case errors[] = {
	/* the file as a whole */
	/* the file as a whole (detection: see test_recs_sources.c) */
	{"empty", "", HR_EINVALID, 1, 1, "the input is empty: " EXPECTED, 0},
	{"whitespace only", " \n ", HR_EINVALID, 2, 2,
	 "the input is empty: " EXPECTED, 0},
	{"top level array", "[1, 2]", HR_EINVALID, 1, 1,
	 "not a recommendation source: " EXPECTED, 0},
	{"top level string", "\n  \"x\"", HR_EINVALID, 2, 3,
	 "not a recommendation source: " EXPECTED, 0},
	{"missing schema", "{\"workloads\": []}", HR_EINVALID, 1, 1,
	 "the top level has no \"schema\": expected \"schema\": "
	 "\"headroom/recommendations/v1\"", 0},
	{"other schema", "{\"schema\": \"headroom/recommendations/v2\"}",
	 HR_EINVALID, 1, 12, "unsupported schema \"headroom/recommendations/v2\": "
	 "this build reads \"headroom/recommendations/v1\"", 0},
	{"schema after workloads is still checked first",
	 "{\"workloads\": [{\"bad\": }],\n \"schema\": \"v9\"}", HR_EINVALID, 2,
	 12, "unsupported schema \"v9\": this build reads "
	 "\"headroom/recommendations/v1\"", 0},
	{"schema not a string", "{\"schema\": 1, \"workloads\": []}",
	 HR_EINVALID, 1, 12, "schema must be a string, not a number", 0},
	{"schema null", "{\"schema\": null}", HR_EINVALID, 1, 12,
	 "schema must be a string, not null", 0},
	{"schema hostile", "{\"schema\": \"\\u001b[31mred\\n\"}", HR_EINVALID, 1,
	 12, "unsupported schema \"\\u001b[31mred\\u000a\": this build reads "
	 "\"headroom/recommendations/v1\"", 0},
	{"other List", "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": "
	 "[]}", HR_EINVALID, 1, 1, "not a recommendation source: " EXPECTED, 0},
	{"YAML", "schema: headroom/recommendations/v1\n", HR_EINVALID, 1, 1,
	 "not a recommendation source: " EXPECTED, 0},
	{"no workloads", TOP("\"window\": \"14d\""), HR_EINVALID, 1, 1,
	 "the top level has no \"workloads\" array", 0},
	{"workloads object", TOP("\"workloads\": {}"), HR_EINVALID, 2, 14,
	 "workloads must be an array, not an object", 0},
	{"workloads null", TOP("\"workloads\": null"), HR_EINVALID, 2, 14,
	 "workloads must be an array, not null", 0},
	{"trailing data", TOP("\"workloads\": []") "x", HR_EINVALID, 3, 1,
	 "invalid JSON: unexpected data after the top-level value near 'x'", 0},
	{"two objects", TOP("\"workloads\": []") "{}", HR_EINVALID, 3, 1,
	 "invalid JSON: unexpected data after the top-level value near '{'", 0},

	/* window and generated_at */
	{"window words", TOP("\"window\": \"2 weeks\", \"workloads\": []"),
	 HR_EINVALID, 2, 11, "window must be a duration such as \"14d\" (at most "
	 "9 digits, then one of s m h d w), not \"2 weeks\"", 0},
	{"window without unit", TOP("\"window\": \"14\", \"workloads\": []"),
	 HR_EINVALID, 2, 11, "window must be a duration such as \"14d\" (at most "
	 "9 digits, then one of s m h d w), not \"14\"", 0},
	{"window without digits", TOP("\"window\": \"d\", \"workloads\": []"),
	 HR_EINVALID, 2, 11, "window must be a duration such as \"14d\" (at most "
	 "9 digits, then one of s m h d w), not \"d\"", 0},
	{"window upper case", TOP("\"window\": \"14D\", \"workloads\": []"),
	 HR_EINVALID, 2, 11, "window must be a duration such as \"14d\" (at most "
	 "9 digits, then one of s m h d w), not \"14D\"", 0},
	{"window fraction", TOP("\"window\": \"1.5h\", \"workloads\": []"),
	 HR_EINVALID, 2, 11, "window must be a duration such as \"14d\" (at most "
	 "9 digits, then one of s m h d w), not \"1.5h\"", 0},
	{"window empty", TOP("\"window\": \"\", \"workloads\": []"),
	 HR_EINVALID, 2, 11, "window must be a duration such as \"14d\" (at most "
	 "9 digits, then one of s m h d w), not \"\"", 0},
	{"window ten digits", TOP("\"window\": \"1234567890s\", \"workloads\": []"),
	 HR_EINVALID, 2, 11, "window must be a duration such as \"14d\" (at most "
	 "9 digits, then one of s m h d w), not \"1234567890s\"", 0},
	{"window number", TOP("\"window\": 14, \"workloads\": []"), HR_EINVALID,
	 2, 11, "window must be a string, not a number", 0},
	{"generated_at number", TOP("\"generated_at\": 20261120, \"workloads\": []"),
	 HR_EINVALID, 2, 17, "generated_at must be a string, not a number", 0},

	/* JSON itself */
	{"truncated", "{" SCHEMA ",\n\"workloads\": [{\"kind\": \"Deployment\"",
	 HR_EINVALID, 2, 36, "invalid JSON: ',' or '}' expected near end of input",
	 0},
	{"truncated in a container", "{" SCHEMA ",\n\"workloads\": [{\"kind\": "
	 "\"D\", \"name\": \"a\",\n\"containers\": [{\"name\": \"s\",\n"
	 "\"samples\": 4", HR_EINVALID, 4, 12,
	 "invalid JSON: '}' expected near end of file", 0},
	{"missing comma between workloads",
	 TOP("\"workloads\": [{\"kind\": \"D\", \"name\": \"a\"}\n{\"kind\": \"D\"}]"),
	 HR_EINVALID, 3, 1, "invalid JSON: ',' or ']' expected near '{'", 0},
	{"trailing comma in workloads", TOP("\"workloads\": [{\"kind\": \"D\", "
	 "\"name\": \"a\"},\n]"), HR_EINVALID, 3, 1,
	 "invalid JSON: a value expected near ']'", 0},
	{"trailing comma in top level", TOP("\"workloads\": [],\n"), HR_EINVALID,
	 3, 1, "invalid JSON: a string (a key) expected near '}'", 0},
	{"syntax error in a container", ONE("\"samples\": 12,, \"x\": 1"),
	 HR_EINVALID, 4, 15, "invalid JSON: string or '}' expected near ','", 0},
	{"NaN", ONE("\"cpu\": {\"p50\": NaN}"), HR_EINVALID, 4, 18,
	 "invalid JSON: invalid token near 'NaN'", 0},
	{"Infinity", ONE("\"coverage\": Infinity"), HR_EINVALID, 4, 20,
	 "invalid JSON: invalid token near 'Infinity'", 0},
	{"integer too big", ONE("\"samples\": 99999999999999999999"), HR_EINVALID,
	 4, 31, "invalid JSON: too big integer near '99999999999999999999'", 0},
	{"real too big", ONE("\"memory\": {\"max\": 1e999}"), HR_EINVALID, 4, 23,
	 "invalid JSON: real number overflow near '1e999'", 0},
	{"not UTF-8", ONE("\"x\": \"caf\xe9\""), HR_EINVALID, 4, 10,
	 "invalid JSON: unable to decode byte 0xe9 near '\"caf'", 0},
	{"NUL escape", WL("\"namespace\": \"a\\u0000b\""), HR_EINVALID, 3, 23,
	 "invalid JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near "
	 "'\"a\\u0000b\"'", 0},
	{"control character", WL("\"namespace\": \"a\x1b[31m\""), HR_EINVALID, 3,
	 15, "invalid JSON: control character 0x1b near '\"a'", 0},
	{"comment", TOP("// a comment\n\"workloads\": []"), HR_EINVALID, 2, 1,
	 "invalid JSON: a string (a key) expected near '//'", 0},
	{"single quotes", TOP("'workloads': []"), HR_EINVALID, 2, 1,
	 "invalid JSON: a string (a key) expected near ''workloads''", 0},

	/* duplicate keys */
	{"duplicate top-level key", TOP("\"window\": \"1d\",\n\"window\": \"2d\", "
	 "\"workloads\": []"), HR_EINVALID, 3, 1,
	 "invalid JSON: duplicate key \"window\" (a key may appear once in an "
	 "object)", 0},
	{"duplicate key spelt with an escape", TOP("\"workloads\": [],\n"
	 "\"\\u0077orkloads\": []"), HR_EINVALID, 3, 1,
	 "invalid JSON: duplicate key \"workloads\" (a key may appear once in an "
	 "object)", 0},
	{"duplicate schema", "{" SCHEMA ", " SCHEMA ", \"workloads\": []}",
	 HR_EINVALID, 1, 43, "invalid JSON: duplicate key \"schema\" (a key may "
	 "appear once in an object)", 0},
	{"duplicate workload key", WL("\"kind\": \"StatefulSet\""), HR_EINVALID, 3,
	 1, "invalid JSON: duplicate key \"kind\" (a key may appear once in an "
	 "object)", 0},
	{"duplicate container key", ONE("\"samples\": 1, \"samples\": 2"),
	 HR_EINVALID, 4, 15, "invalid JSON: duplicate key \"samples\" (a key may "
	 "appear once in an object)", 0},
	{"duplicate nested key", ONE("\"cpu\": {\"p50\": 1, \"p50\": 2}"),
	 HR_EINVALID, 4, 19, "invalid JSON: duplicate key \"p50\" (a key may "
	 "appear once in an object)", 0},
	{"repeated comment key inside a container",
	 ONE("\"//\": \"a\", \"//\": \"b\""), HR_EINVALID, 4, 12,
	 "invalid JSON: duplicate key \"//\" (a key may appear once in an "
	 "object)", 0},
	{"duplicate long key in a container",
	 ONE("\"a-key-longer-than-twenty-bytes\": 1,\n"
	     "\"a-key-longer-than-twenty-bytes\": 2"), HR_EINVALID, 5, 1,
	 "invalid JSON: duplicate key \"a-key-longer-than-twenty-bytes\" (a key "
	 "may appear once in an object)", 0},

	/* workloads */
	{"workload not an object", TOP("\"workloads\": [{\"kind\": \"D\", \"name\": "
	 "\"a\"}, 7]"), HR_EINVALID, 2, 43,
	 "workloads[1] must be an object, not a number", 0},
	{"workload without kind", TOP("\"workloads\": [\n {\"name\": \"a\"}]"),
	 HR_EINVALID, 3, 2, "workloads[0] has no \"kind\"", 0},
	{"workload without name", TOP("\"workloads\": [{\"kind\": \"D\"}]"),
	 HR_EINVALID, 2, 15, "workloads[0] has no \"name\"", 0},
	{"kind a number", TOP("\"workloads\": [{\"kind\": 1, \"name\": \"a\"}]"),
	 HR_EINVALID, 2, 24, "workloads[0].kind must be a string, not a number",
	 0},
	{"kind null", TOP("\"workloads\": [{\"kind\": null, \"name\": \"a\"}]"),
	 HR_EINVALID, 2, 24, "workloads[0].kind must be a string, not null", 0},
	{"kind empty", TOP("\"workloads\": [{\"kind\": \"\", \"name\": \"a\"}]"),
	 HR_EINVALID, 2, 24, "workloads[0].kind must not be empty", 0},
	{"name an array", TOP("\"workloads\": [{\"kind\": \"D\", \"name\": []}]"),
	 HR_EINVALID, 2, 37, "workloads[0].name must be a string, not an array",
	 0},
	{"name empty", TOP("\"workloads\": [{\"kind\": \"D\", \"name\": \"\"}]"),
	 HR_EINVALID, 2, 37, "workloads[0].name must not be empty", 0},
	{"namespace a number", WL("\"namespace\": 3"), HR_EINVALID, 3, 14,
	 "workloads[0].namespace must be a string, not a number", 0},
	{"namespace empty", WL("\"namespace\": \"\""), HR_EINVALID, 3, 14,
	 "workloads[0].namespace must not be empty", 0},
	{"cluster a boolean", WL("\"cluster\": true"), HR_EINVALID, 3, 12,
	 "workloads[0].cluster must be a string, not a boolean", 0},
	{"replicas a number", WL("\"replicas\": 3"), HR_EINVALID, 3, 13,
	 "workloads[0].replicas must be an object, not a number", 0},
	{"replicas without avg", WL("\"replicas\": {\"max\": 3}"), HR_EINVALID, 3,
	 13, "workloads[0].replicas has no \"avg\"", 0},
	{"replicas avg a string", WL("\"replicas\": {\"avg\": \"3\"}"), HR_EINVALID,
	 3, 21, "workloads[0].replicas.avg must be a number, not a string", 0},
	{"replicas avg negative", WL("\"replicas\": {\"avg\": -1}"), HR_EINVALID,
	 3, 21, "workloads[0].replicas.avg must be 0 or more, not -1", 0},
	{"replicas max below avg", WL("\"replicas\": {\"avg\": 3.5, \"max\": 2}"),
	 HR_EINVALID, 3, 33,
	 "workloads[0].replicas.max (2) is less than replicas.avg (3.5)", 0},
	{"containers an object", WL("\"containers\": {}"), HR_EINVALID, 3, 15,
	 "workloads[0].containers must be an array, not an object", 0},
	{"container a string", WL("\"containers\": [\"server\"]"), HR_EINVALID,
	 3, 16, "workloads[0].containers[0] must be an object, not a string", 0},
	{"same workload twice", TOP("\"workloads\": [{\"kind\": \"D\", \"name\": "
	 "\"a\"},\n {\"kind\": \"D\", \"name\": \"a\", \"namespace\": \"default\"}]"),
	 HR_EINVALID, 3, 2, "workloads[1]: workload \"default/D/a\" is listed "
	 "twice in this file (first at line 2); the cluster field does not tell "
	 "entries apart", 0},
	{"same workload twice in two clusters", TOP("\"workloads\": [\n"
	 "{\"cluster\": \"eu\", \"kind\": \"D\", \"name\": \"a\"},\n"
	 "{\"cluster\": \"us\", \"kind\": \"D\", \"name\": \"a\"}]"),
	 HR_EINVALID, 4, 1, "workloads[1]: workload \"default/D/a\" is listed "
	 "twice in this file (first at line 3); the cluster field does not tell "
	 "entries apart", 0},

	/* containers */
	{"container without name", WL("\"containers\": [\n{\"samples\": 1}]"),
	 HR_EINVALID, 4, 1, "workloads[0].containers[0] has no \"name\"", 0},
	{"container name a number", WL("\"containers\": [{\"name\": 5}]"),
	 HR_EINVALID, 3, 25,
	 "workloads[0].containers[0].name must be a string, not a number", 0},
	{"container name empty", WL("\"containers\": [{\"name\": \"\"}]"),
	 HR_EINVALID, 3, 25, "workloads[0].containers[0].name must not be empty",
	 0},
	{"container twice", WL("\"containers\": [{\"name\": \"a\"},\n"
	 "{\"name\": \"b\"}, {\"name\": \"a\"}]"), HR_EINVALID, 4, 25,
	 "workloads[0].containers[2].name: container \"a\" is listed twice in "
	 "this workload (first at line 3, containers[0])", 0},
	{"samples negative", ONE("\"samples\": -1"), HR_EINVALID, 4, 12,
	 PFX "samples must be 0 or more, not -1", 0},
	{"samples fraction", ONE("\"samples\": 1.5"), HR_EINVALID, 4, 12,
	 PFX "samples must be a whole number of 0 or more, not 1.5", 0},
	{"samples huge real", ONE("\"samples\": 1e300"), HR_EINVALID, 4, 12,
	 PFX "samples must be a whole number of 0 or more, not 1e+300", 0},
	{"samples a string", ONE("\"samples\": \"4032\""), HR_EINVALID, 4, 12,
	 PFX "samples must be a whole number, not a string", 0},
	{"coverage above 1", ONE("\"coverage\": 1.01"), HR_EINVALID, 4, 13,
	 PFX "coverage must be between 0 and 1, not 1.01", 0},
	{"coverage negative", ONE("\"coverage\": -0.5"), HR_EINVALID, 4, 13,
	 PFX "coverage must be between 0 and 1, not -0.5", 0},
	{"coverage a boolean", ONE("\"coverage\": true"), HR_EINVALID, 4, 13,
	 PFX "coverage must be a number, not a boolean", 0},
	{"cpu a number", ONE("\"cpu\": 0.3"), HR_EINVALID, 4, 8,
	 PFX "cpu must be an object, not a number", 0},
	{"cpu p50 a string", ONE("\"cpu\": {\"p50\": \"100m\"}"), HR_EINVALID, 4,
	 16, PFX "cpu.p50 must be a number, not a string", 0},
	{"cpu p95 negative", ONE("\"cpu\": {\"p95\": -0.1}"), HR_EINVALID, 4, 16,
	 PFX "cpu.p95 must be 0 or more, not -0.1", 0},
	{"cpu p95 below p50", ONE("\"cpu\": {\"p50\": 0.3, \"p95\": 0.2}"),
	 HR_EINVALID, 4, 28, PFX "cpu.p95 (0.2) is less than cpu.p50 (0.3): "
	 "percentiles must not decrease", 0},
	{"cpu p99 below p50 when p95 is absent",
	 ONE("\"cpu\": {\"p99\": 0.1,\n \"p50\": 0.3}"), HR_EINVALID, 4, 16,
	 PFX "cpu.p99 (0.1) is less than cpu.p50 (0.3): percentiles must not "
	 "decrease", 0},
	{"memory max below p99", ONE("\"memory\": {\"p99\": 300000000, \"max\": "
	 "299999999}"), HR_EINVALID, 4, 37, PFX "memory.max (299999999) is less "
	 "than memory.p99 (300000000): percentiles must not decrease", 0},
	{"memory p50 null then p95 wrong", ONE("\"memory\": {\"p50\": null, "
	 "\"p95\": []}"), HR_EINVALID, 4, 32,
	 PFX "memory.p95 must be a number, not an array", 0},
	{"oom_kills negative", ONE("\"oom_kills\": -2"), HR_EINVALID, 4, 14,
	 PFX "oom_kills must be 0 or more, not -2", 0},
	{"oom_kills fraction", ONE("\"oom_kills\": 0.5"), HR_EINVALID, 4, 14,
	 PFX "oom_kills must be a whole number of 0 or more, not 0.5", 0},
	{"cpu_throttled_ratio above 1", ONE("\"cpu_throttled_ratio\": 2"),
	 HR_EINVALID, 4, 24, PFX "cpu_throttled_ratio must be between 0 and 1, "
	 "not 2", 0},
	{"jvm a string", ONE("\"jvm\": \"big\""), HR_EINVALID, 4, 8,
	 PFX "jvm must be an object, not a string", 0},
	{"jvm heap negative", ONE("\"jvm\": {\"heap_used_max\": -1}"), HR_EINVALID,
	 4, 26, PFX "jvm.heap_used_max must be 0 or more, not -1", 0},
	{"recommended an array", ONE("\"recommended\": []"), HR_EINVALID, 4, 16,
	 PFX "recommended must be an object, not an array", 0},
	{"requests a string", ONE("\"recommended\": {\"requests\": \"350m\"}"),
	 HR_EINVALID, 4, 29,
	 PFX "recommended.requests must be an object, not a string", 0},
	{"limits a number", ONE("\"recommended\": {\"limits\": 1}"), HR_EINVALID,
	 4, 27, PFX "recommended.limits must be an object, not a number", 0},
	{"request cpu not a quantity",
	 ONE("\"recommended\": {\"requests\": {\"cpu\": \"1.5 cores\"}}"),
	 HR_EINVALID, 4, 37, PFX "recommended.requests.cpu: invalid quantity "
	 "\"1.5 cores\": " FORMAT_RE, 0},
	{"limit memory with a bad suffix",
	 ONE("\"recommended\": {\"limits\": {\"memory\": \"512MB\"}}"),
	 HR_EINVALID, 4, 38, PFX "recommended.limits.memory: invalid quantity "
	 "\"512MB\": " FORMAT_RE, 0},
	{"request negative",
	 ONE("\"recommended\": {\"requests\": {\"memory\": \"-1Gi\"}}"),
	 HR_EINVALID, 4, 40,
	 PFX "recommended.requests.memory must not be negative, not \"-1Gi\"", 0},
	{"request negative number",
	 ONE("\"recommended\": {\"requests\": {\"cpu\": -0.5}}"), HR_EINVALID, 4,
	 37, PFX "recommended.requests.cpu must not be negative, not \"-0.5\"", 0},
	{"request a boolean",
	 ONE("\"recommended\": {\"requests\": {\"ephemeral-storage\": true}}"),
	 HR_EINVALID, 4, 51, PFX "recommended.requests.ephemeral-storage must be "
	 "a quantity such as \"350m\" or a number, not a boolean", 0},
	{"second container's error", WL("\"containers\": [{\"name\": \"a\"},\n"
	 "  {\"name\": \"b\", \"cpu\": {\"max\": \"x\"}}]"), HR_EINVALID, 4, 32,
	 "workloads[0].containers[1].cpu.max must be a number, not a string", 0},
	{"error in a later workload", TOP("\"workloads\": [{\"kind\": \"D\", "
	 "\"name\": \"a\"},\n{\"kind\": \"D\", \"name\": \"b\", \"containers\": "
	 "[{\"name\": \"c\",\n \"coverage\": 3}]}]"), HR_EINVALID, 4, 14,
	 "workloads[1].containers[0].coverage must be between 0 and 1, not 3", 0},
	{"error at a key with escapes", ONE("\"\\u0063pu\": {\"p\\u0035\\u0030\": "
	 "\"x\"}"), HR_EINVALID, 4, 31, PFX "cpu.p50 must be a number, not a "
	 "string", 0},
	{"position counts characters", ONE("\"x\": \"\xc3\xa9\xc3\xa9\", "
	 "\"samples\": true"), HR_EINVALID, 4, 23,
	 PFX "samples must be a whole number, not a boolean", 0},
	{"UTF-16", "\xff\xfe{\0}\0", HR_EINVALID, 1, 1, "UTF-16 input is not "
	 "supported; convert the file to UTF-8 (iconv -f UTF-16 -t UTF-8)", 6},
	{"position after a BOM", "\xef\xbb\xbf{\"schema\": 7}", HR_EINVALID, 1, 12,
	 "schema must be a string, not a number", 0},
	{"CRLF lines", "{" SCHEMA ",\r\n\"workloads\": [{\"kind\": \"D\",\r\n"
	 "\"name\": 1}]}\r\n", HR_EINVALID, 3, 9,
	 "workloads[0].name must be a string, not a number", 0},
};

static void test_errors(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		const error_case *c = &errors[i];
		size_t len = c->input_len ? c->input_len : strlen(c->input);
		hr_recommendations *set;
		hr_error_clear();
		int rc = load(&set, c->input, len);
		const hr_error *e = hr_error_last();
		bool ok = rc == c->rc && e->code == c->rc && e->file &&
		          strcmp(e->file, "r.json") == 0 && e->line == c->line &&
		          e->column == c->column &&
		          strcmp(e->message, c->message) == 0 &&
		          hr_recommendations_source_count(set) == 0 &&
		          hr_recs_container_count(set) == 0;
		if (!ok) {
			printf("case '%s': rc %d (want %d) at %u:%u (want %u:%u)\n"
			       "  got:  %s\n  want: %s\n", c->name, rc, c->rc, e->line,
			       e->column, c->line, c->column, e->message, c->message);
			bad++;
		}
		hr_recommendations_free(&set);
	}
	assert_int_equal(bad, 0);
}

/* The same input read as a stream, chunk bytes at a time: every window
 * boundary moves, the outcome must not. */
static int load_stream(hr_recommendations **set, const char *text, size_t len,
                       size_t chunk)
{
	hr_recommendations_new(set);
	FILE *f = len ? fmemopen((void *)text, len, "rb") : fopen("/dev/null", "rb");
	assert_non_null(f);
	int rc = hr_recs_add_stream(*set, "r.json", f, chunk);
	fclose(f);
	return rc;
}

static void test_errors_streamed(void **state)
{
	(void)state;
	static const size_t chunks[] = {1, 2, 3, 7, 64, 4096};
	int bad = 0;
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
			const error_case *c = &errors[i];
			size_t len = c->input_len ? c->input_len : strlen(c->input);
			hr_recommendations *set;
			hr_error_clear();
			int rc = load_stream(&set, c->input, len, chunks[k]);
			const hr_error *e = hr_error_last();
			bool ok = rc == c->rc && e->line == c->line &&
			          e->column == c->column &&
			          strcmp(e->message, c->message) == 0 &&
			          hr_recommendations_source_count(set) == 0;
			if (!ok) {
				printf("case '%s', chunks of %zu: rc %d at %u:%u: %s\n",
				       c->name, chunks[k], rc, e->line, e->column,
				       e->message);
				bad++;
			}
			hr_recommendations_free(&set);
		}
	}
	assert_int_equal(bad, 0);
}

/* ---- valid files ------------------------------------------------------- */

static const char design_example[] =
	"{\n"
	"  \"schema\": \"headroom/recommendations/v1\",\n"
	"  \"generated_at\": \"2026-11-20T00:00:00Z\",\n"
	"  \"window\": \"14d\",\n"
	"  \"workloads\": [{\n"
	"    \"cluster\": \"prod\",                       \"//\": \"optional\",\n"
	"    \"namespace\": \"shop\", \"kind\": \"Deployment\", \"name\": \"cart\",\n"
	"    \"replicas\": {\"avg\": 3.1, \"max\": 6},      \"//\": \"optional\",\n"
	"    \"containers\": [{\n"
	"      \"name\": \"server\",\n"
	"      \"samples\": 4032, \"coverage\": 0.99,\n"
	"      \"cpu\":    {\"p50\": 0.12, \"p95\": 0.31, \"p99\": 0.40, \"max\": "
	"0.95},\n"
	"      \"memory\": {\"p50\": 210000000, \"p95\": 260000000, \"p99\": "
	"280000000, \"max\": 300000000},\n"
	"      \"oom_kills\": 0, \"cpu_throttled_ratio\": 0.01,\n"
	"      \"jvm\": {\"heap_used_max\": 150000000},\n"
	"      \"recommended\": {\"requests\": {\"cpu\": \"350m\", \"memory\": "
	"\"320Mi\"}, \"limits\": {\"memory\": \"384Mi\"}}\n"
	"    }]\n"
	"  }]\n"
	"}\n";

static void check_design_example(const hr_recommendations *set,
                                 const char *file)
{
	assert_int_equal(hr_recommendations_source_count(set), 1);
	assert_string_equal(hr_recommendations_window(set), "14d");
	assert_string_equal(hr_recommendations_generated_at(set),
	                    "2026-11-20T00:00:00Z");
	assert_int_equal(hr_recs_workload_count(set), 1);
	assert_int_equal(hr_recs_container_count(set), 1);

	const hr_workload_usage *w =
	        hr_recommendations_find_workload(set, "shop", "Deployment", "cart");
	assert_non_null(w);
	assert_string_equal(w->cluster, "prod");
	assert_string_equal(w->namespace_, "shop");
	assert_string_equal(w->kind, "Deployment");
	assert_string_equal(w->name, "cart");
	assert_true(w->has_replicas);
	assert_true(w->replicas_avg == 3.1);
	assert_true(w->replicas_max == 6);
	assert_int_equal(w->container_count, 1);

	const hr_container_usage *u = hr_recommendations_find(
	        set, "shop", "Deployment", "cart", "server");
	assert_ptr_equal(u, &w->containers[0]);
	assert_string_equal(u->name, "server");
	assert_int_equal(u->samples, 4032);
	assert_true(u->coverage == 0.99);
	static const double cpu[] = {0.12, 0.31, 0.40, 0.95};
	static const double mem[] = {210000000, 260000000, 280000000, 300000000};
	assert_true(u->cpu.present && u->memory.present);
	for (int p = 0; p < HR_PERCENTILE_COUNT; p++) {
		assert_true(u->cpu.has[p] && u->cpu.value[p] == cpu[p]);
		assert_true(u->memory.has[p] && u->memory.value[p] == mem[p]);
	}
	assert_int_equal(u->oom_kills, 0);
	assert_true(u->cpu_throttled_ratio == 0.01);
	assert_true(u->jvm_heap_used_max == 150000000);

	assert_true(u->requests[HR_RES_CPU].set);
	assert_string_equal(u->requests[HR_RES_CPU].text, "350m");
	assert_int_equal(hr_quantity_milli(&u->requests[HR_RES_CPU].quantity), 350);
	assert_true(u->requests[HR_RES_MEMORY].set);
	assert_string_equal(u->requests[HR_RES_MEMORY].text, "320Mi");
	assert_int_equal(hr_quantity_value(&u->requests[HR_RES_MEMORY].quantity),
	                 320 * 1024 * 1024);
	assert_false(u->requests[HR_RES_EPHEMERAL_STORAGE].set);
	assert_false(u->limits[HR_RES_CPU].set);
	assert_true(u->limits[HR_RES_MEMORY].set);
	assert_string_equal(u->limits[HR_RES_MEMORY].text, "384Mi");
	assert_int_equal(hr_quantity_value(&u->limits[HR_RES_MEMORY].quantity),
	                 384 * 1024 * 1024);
	assert_false(u->limits[HR_RES_EPHEMERAL_STORAGE].set);
	assert_string_equal(u->file, file);
	assert_int_equal(u->line, 9);
}

static void test_design_example(void **state)
{
	(void)state;
	hr_recommendations *set;
	assert_int_equal(load(&set, design_example, strlen(design_example)), HR_OK);
	check_design_example(set, "r.json");
	hr_recommendations_free(&set);
	assert_null(set);
	for (size_t chunk = 1; chunk < 40; chunk++) {
		assert_int_equal(load_stream(&set, design_example,
		                             strlen(design_example), chunk), HR_OK);
		check_design_example(set, "r.json");
		hr_recommendations_free(&set);
	}
}

/* The fixtures next to the sources (found from this file's path, which
 * meson gives relative to the build directory the tests run in). */
static bool fixture_path(char *buf, size_t size, const char *name)
{
	const char *marker = "tests/unit/test_recommendations.c";
	const char *f = __FILE__;
	size_t n = strlen(f), m = strlen(marker);
	if (n < m || strcmp(f + n - m, marker) != 0)
		return false;
	snprintf(buf, size, "%.*sfixtures/recommendations/%s", (int)(n - m), f,
	         name);
	return access(buf, R_OK) == 0;
}

static void test_design_example_fixture(void **state)
{
	(void)state;
	char path[4096];
	if (!fixture_path(path, sizeof(path), "design-example.json"))
		fail_msg("fixtures/recommendations/design-example.json not found "
		         "from %s", __FILE__);
	hr_recommendations *set;
	hr_recommendations_new(&set);
	assert_int_equal(hr_recommendations_add_file(set, path), HR_OK);
	check_design_example(set, path);
	hr_recommendations_free(&set);
}

typedef struct fixture_case {
	const char *file;
	int rc;
	unsigned line;
	const char *message;
} fixture_case;

static const fixture_case fixtures[] = {
	{"shop.json", HR_OK, 0, NULL},
	{"invalid-schema.json", HR_EINVALID, 2,
	 "unsupported schema \"headroom/recommendations/v2\": this build reads "
	 "\"headroom/recommendations/v1\""},
	{"invalid-krr.json", HR_EINVALID, 7,
	 "scans[0].recommended.requests.memory.value must be 0 or more, not "
	 "-335544320"},
	{"invalid-syntax.json", HR_EINVALID, 9,
	 "invalid JSON: string or '}' expected near '}'"},
	{"invalid-type.json", HR_EINVALID, 11,
	 "workloads[0].containers[0].memory.p95 must be a number, not a string"},
	{"invalid-percentiles.json", HR_EINVALID, 10,
	 "workloads[0].containers[0].cpu.p99 (0.25) is less than cpu.p95 (0.31): "
	 "percentiles must not decrease"},
	{"invalid-duplicate-container.json", HR_EINVALID, 12,
	 "workloads[0].containers[2].name: container \"server\" is listed twice "
	 "in this workload (first at line 9, containers[0])"},
	{"invalid-duplicate-key.json", HR_EINVALID, 10,
	 "invalid JSON: duplicate key \"samples\" (a key may appear once in an "
	 "object)"},
	{"invalid-quantity.json", HR_EINVALID, 11,
	 "workloads[0].containers[0].recommended.limits.memory: invalid quantity "
	 "\"384 MiB\": " FORMAT_RE},
};

static void test_fixtures(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		const fixture_case *c = &fixtures[i];
		char path[4096];
		if (!fixture_path(path, sizeof(path), c->file)) {
			printf("fixture %s not found\n", c->file);
			bad++;
			continue;
		}
		hr_recommendations *set;
		hr_recommendations_new(&set);
		int rc = hr_recommendations_add_file(set, path);
		const hr_error *e = hr_error_last();
		bool ok = rc == c->rc;
		if (ok && rc)
			ok = strcmp(e->file, path) == 0 && e->line == c->line &&
			     strcmp(e->message, c->message) == 0;
		if (!ok) {
			printf("fixture %s: rc %d (want %d) line %u (want %u): %s\n",
			       c->file, rc, c->rc, e->line, c->line, e->message);
			bad++;
		}
		hr_recommendations_free(&set);
	}
	assert_int_equal(bad, 0);
}

/* The richer valid fixture, value by value where it tests something. */
static void test_shop_fixture(void **state)
{
	(void)state;
	char path[4096];
	if (!fixture_path(path, sizeof(path), "shop.json"))
		fail_msg("fixtures/recommendations/shop.json not found");
	hr_recommendations *set;
	hr_recommendations_new(&set);
	assert_int_equal(hr_recommendations_add_file(set, path), HR_OK);
	assert_int_equal(hr_recs_workload_count(set), 4);
	assert_int_equal(hr_recs_container_count(set), 4);
	assert_string_equal(hr_recommendations_window(set), "30d");
	assert_null(hr_recommendations_generated_at(set));

	const hr_container_usage *u =
	        hr_recommendations_find(set, "shop", "Deployment", "cart", "envoy");
	assert_non_null(u);
	assert_int_equal(u->line, 26);
	assert_string_equal(u->requests[HR_RES_CPU].text, "0.05");
	assert_int_equal(hr_quantity_milli(&u->requests[HR_RES_CPU].quantity), 50);
	assert_string_equal(u->limits[HR_RES_MEMORY].text, "134217728");
	assert_int_equal(hr_quantity_value(&u->limits[HR_RES_MEMORY].quantity),
	                 134217728);

	const hr_workload_usage *w = hr_recommendations_find_workload(
	        set, "default", "CronJob", "nightly-report");
	assert_non_null(w);
	assert_int_equal(w->container_count, 0);
	assert_null(w->containers);
	assert_false(w->has_replicas);
	assert_null(w->cluster);

	w = hr_recommendations_find_workload(set, "payments", "StatefulSet",
	                                     "ledger");
	assert_non_null(w);
	assert_int_equal(w->container_count, 2);
	assert_string_equal(w->containers[1].name, "jvm-app");
	assert_true(w->containers[1].jvm_heap_used_max == 805306368);
	assert_int_equal(w->containers[1].oom_kills, 2);
	hr_recommendations_free(&set);
}

static void test_defaults(void **state)
{
	(void)state;
	const char *text = "{\"workloads\": [{\"kind\": \"Deployment\", \"name\": "
	                   "\"api\", \"containers\": [{\"name\": \"app\"}]}], "
	                   SCHEMA "}";
	hr_recommendations *set;
	assert_int_equal(load(&set, text, strlen(text)), HR_OK);
	assert_null(hr_recommendations_window(set));
	assert_null(hr_recommendations_generated_at(set));
	const hr_workload_usage *w =
	        hr_recommendations_find_workload(set, "default", "Deployment", "api");
	assert_non_null(w);
	assert_string_equal(w->namespace_, "default");
	assert_null(w->cluster);
	assert_false(w->has_replicas);
	const hr_container_usage *u = hr_recommendations_find(
	        set, NULL, "Deployment", "api", "app");
	assert_ptr_equal(u, &w->containers[0]);
	assert_int_equal(u->samples, -1);
	assert_true(u->coverage == -1);
	assert_int_equal(u->oom_kills, -1);
	assert_true(u->cpu_throttled_ratio == -1);
	assert_true(u->jvm_heap_used_max == -1);
	assert_false(u->cpu.present);
	assert_false(u->memory.present);
	for (int p = 0; p < HR_PERCENTILE_COUNT; p++)
		assert_false(u->cpu.has[p] || u->memory.has[p]);
	for (int r = 0; r < HR_RES_COUNT; r++)
		assert_false(u->requests[r].set || u->limits[r].set);
	assert_int_equal(u->line, 1);
	hr_recommendations_free(&set);
}

/* Valid inputs and one thing each must produce. */
typedef struct value_case {
	const char *name;
	const char *input;
	const char *container;      /* of workload default/Deployment/cart */
	int64_t samples, oom_kills; /* -2: not checked */
	double coverage;            /* -2: not checked */
	int stats_has;              /* bit p: cpu.has[p]; -1: not checked */
	const char *request_cpu;    /* its text; "" when unset; NULL: not checked */
	int64_t request_cpu_milli;
	const char *limit_memory;
	int64_t limit_memory_bytes;
} value_case;

static const value_case values[] = {
	{"integral real count", ONE("\"samples\": 4032.0, \"oom_kills\": 0"),
	 "server", 4032, 0, -2, -1, NULL, 0, NULL, 0},
	{"zero everything", ONE("\"samples\": 0, \"coverage\": 0, "
	 "\"cpu\": {\"p50\": 0, \"p95\": 0, \"p99\": 0, \"max\": 0}"),
	 "server", 0, -1, 0, 15, NULL, 0, NULL, 0},
	{"coverage 1 as an integer", ONE("\"coverage\": 1"), "server", -1, -1, 1,
	 -1, NULL, 0, NULL, 0},
	{"nulls are absent", ONE("\"samples\": null, \"coverage\": null, "
	 "\"cpu\": {\"p50\": null, \"p95\": 0.5}, \"memory\": null, \"jvm\": null, "
	 "\"recommended\": {\"requests\": null, \"limits\": {\"memory\": null}}"),
	 "server", -1, -1, -1, 2, "", 0, "", 0},
	{"equal percentiles", ONE("\"cpu\": {\"p50\": 0.5, \"p95\": 0.5, \"max\": "
	 "0.5}"), "server", -2, -2, -2, 11, NULL, 0, NULL, 0},
	{"numbers as quantities", ONE("\"recommended\": {\"requests\": {\"cpu\": "
	 "0.35}, \"limits\": {\"memory\": 402653184}}"), "server", -2, -2, -2, -1,
	 "0.35", 350, "402653184", 402653184},
	{"numbers with exponents", ONE("\"recommended\": {\"requests\": {\"cpu\": "
	 "1e-1}, \"limits\": {\"memory\": 1.5E+9}}"), "server", -2, -2, -2, -1,
	 "1e-1", 100, "1.5E+9", 1500000000},
	{"quantity strings", ONE("\"recommended\": {\"requests\": {\"cpu\": \"2\"},"
	 " \"limits\": {\"memory\": \"1Gi\", \"nvidia.com/gpu\": \"1\"}}"),
	 "server", -2, -2, -2, -1, "2", 2000, "1Gi", 1073741824},
	{"unknown fields everywhere", "{\"//\": \"top\", " SCHEMA ", \"extra\": "
	 "{\"a\": [1, {\"b\": null}]},\n\"workloads\": [{\"kind\": \"Deployment\", "
	 "\"name\": \"cart\", \"//\": 1, \"//\": 2, \"future\": [true],\n"
	 "\"containers\": [{\"name\": \"server\", \"gpu\": {\"p50\": \"x\"}, "
	 "\"cpu\": {\"p50\": 0.1, \"p75\": \"any\", \"max\": 1}, "
	 "\"recommended\": {\"requests\": {\"cpu\": \"100m\", \"x\": []}, "
	 "\"note\": 1}}]}]}", "server", -2, -2, -2, 9, "100m", 100, "", 0},
	{"escaped names", "{" SCHEMA ", \"workloads\": [{\"kind\": "
	 "\"Deploy\\u006dent\", \"name\": \"c\\u0061rt\", \"containers\": "
	 "[{\"name\": \"serv\\u0065r\"}]}]}", "server", -1, -1, -1, -1, NULL, 0,
	 NULL, 0},
	{"schema after workloads", "{\"workloads\": [{\"kind\": \"Deployment\", "
	 "\"name\": \"cart\", \"containers\": [{\"name\": \"server\", \"samples\": "
	 "7}]}], " SCHEMA "}", "server", 7, -1, -1, -1, NULL, 0, NULL, 0},
	{"BOM and CRLF", "\xef\xbb\xbf{" SCHEMA ",\r\n\"workloads\": [{\"kind\": "
	 "\"Deployment\",\r\n\"name\": \"cart\", \"containers\": [{\"name\": "
	 "\"server\", \"oom_kills\": 3}]}]}\r\n", "server", -1, 3, -1, -1, NULL, 0,
	 NULL, 0},
	{"containers null", WL("\"containers\": null"), NULL, -2, -2, -2, -1, NULL,
	 0, NULL, 0},
	{"containers empty", WL("\"containers\": []"), NULL, -2, -2, -2, -1, NULL,
	 0, NULL, 0},
	{"no containers key", WL("\"cluster\": null, \"namespace\": null"), NULL,
	 -2, -2, -2, -1, NULL, 0, NULL, 0},
	{"window null", TOP("\"window\": null, \"generated_at\": null, "
	 "\"workloads\": [{\"kind\": \"Deployment\", \"name\": \"cart\"}]"), NULL,
	 -2, -2, -2, -1, NULL, 0, NULL, 0},
	{"same name, other kind", TOP("\"workloads\": [{\"kind\": \"Deployment\", "
	 "\"name\": \"cart\"}, {\"kind\": \"StatefulSet\", \"name\": \"cart\"}, "
	 "{\"kind\": \"Deployment\", \"name\": \"cart\", \"namespace\": \"b\"}]"),
	 NULL, -2, -2, -2, -1, NULL, 0, NULL, 0},
};

static void test_values(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t n = 0; n < 3 * sizeof(values) / sizeof(values[0]); n++) {
		/* Each case from a buffer, and streamed in chunks of 1 and 5. */
		const value_case *c = &values[n / 3];
		hr_recommendations *set;
		int rc = n % 3 == 0 ? load(&set, c->input, strlen(c->input))
		                    : load_stream(&set, c->input, strlen(c->input),
		                                  n % 3 == 1 ? 1 : 5);
		const hr_workload_usage *w = hr_recommendations_find_workload(
		        set, "default", "Deployment", "cart");
		const hr_container_usage *u =
		        c->container ? hr_recommendations_find(set, "default",
		                                               "Deployment", "cart",
		                                               c->container)
		                     : NULL;
		bool ok = rc == HR_OK && w != NULL;
		if (ok && !c->container)
			ok = w->container_count == 0;
		if (ok && c->container)
			ok = u != NULL && w->container_count == 1;
		if (ok && u) {
			if (c->samples != -2)
				ok = ok && u->samples == c->samples;
			if (c->oom_kills != -2)
				ok = ok && u->oom_kills == c->oom_kills;
			if (c->coverage != -2)
				ok = ok && u->coverage == c->coverage;
			if (c->stats_has >= 0)
				for (int p = 0; p < HR_PERCENTILE_COUNT; p++)
					ok = ok && u->cpu.has[p] ==
					                   (bool)(c->stats_has & (1 << p));
			const hr_recommended_value *rq = &u->requests[HR_RES_CPU];
			const hr_recommended_value *lm = &u->limits[HR_RES_MEMORY];
			if (c->request_cpu && !c->request_cpu[0])
				ok = ok && !rq->set;
			else if (c->request_cpu)
				ok = ok && rq->set && strcmp(rq->text, c->request_cpu) == 0 &&
				     hr_quantity_milli(&rq->quantity) == c->request_cpu_milli;
			if (c->limit_memory && !c->limit_memory[0])
				ok = ok && !lm->set;
			else if (c->limit_memory)
				ok = ok && lm->set &&
				     strcmp(lm->text, c->limit_memory) == 0 &&
				     hr_quantity_value(&lm->quantity) ==
				             c->limit_memory_bytes;
		}
		if (!ok) {
			printf("case '%s': rc %d, workload %p, container %p: %s\n",
			       c->name, rc, (const void *)w, (const void *)u,
			       hr_error_last()->message);
			bad++;
		}
		hr_recommendations_free(&set);
	}
	assert_int_equal(bad, 0);
}

/* ---- lookups ------------------------------------------------------------ */

static char long_name[2001];

static void test_lookups(void **state)
{
	(void)state;
	memset(long_name, 'n', sizeof(long_name) - 1);
	char text[8192];
	snprintf(text, sizeof(text),
	         "{" SCHEMA ", \"workloads\": ["
	         "{\"namespace\": \"shop\", \"kind\": \"Deployment\", \"name\": "
	         "\"cart\", \"containers\": [{\"name\": \"server\"}, {\"name\": "
	         "\"envoy\"}]},"
	         "{\"namespace\": \"shop/Deployment\", \"kind\": \"cart\", \"name\": "
	         "\"server\", \"containers\": [{\"name\": \"x\"}]},"
	         "{\"namespace\": \"caf\\u00e9\", \"kind\": \"Job\", \"name\": "
	         "\"\\\"quoted\\\" \\\\ name\", \"containers\": [{\"name\": "
	         "\"\\u001b[31m\"}]},"
	         "{\"kind\": \"Pod\", \"name\": \"%s\", \"containers\": [{\"name\": "
	         "\"%s\"}]}]}",
	         long_name, long_name);
	hr_recommendations *set;
	assert_int_equal(load(&set, text, strlen(text)), HR_OK);

	static const struct {
		const char *ns, *kind, *name, *container;
		const char *found; /* the container's name, NULL: a miss */
	} cases[] = {
		{"shop", "Deployment", "cart", "server", "server"},
		{"shop", "Deployment", "cart", "envoy", "envoy"},
		{"shop", "Deployment", "cart", "Server", NULL},
		{"shop", "deployment", "cart", "server", NULL},
		{"Shop", "Deployment", "cart", "server", NULL},
		{"shop", "Deployment", "car", "server", NULL},
		{"shop", "Deployment", "cart", "", NULL},
		{"shop", "Deployment", "cart", "server ", NULL},
		{"default", "Deployment", "cart", "server", NULL},
		{NULL, "Deployment", "cart", "server", NULL},
		{"shop", NULL, "cart", "server", NULL},
		{"shop", "Deployment", NULL, "server", NULL},
		{"shop", "Deployment", "cart", NULL, NULL},
		{"shop/Deployment", "cart", "server", "x", "x"},
		{"shop/Deployment/cart", "server", "x", "", NULL},
		{"shop", "Deployment/cart", "server", "x", NULL},
		{"caf\xc3\xa9", "Job", "\"quoted\" \\ name", "\x1b[31m", "\x1b[31m"},
		{"cafe", "Job", "\"quoted\" \\ name", "\x1b[31m", NULL},
		{"default", "Pod", long_name, long_name, long_name},
		{"default", "Pod", long_name, "n", NULL},
		{"", "", "", "", NULL},
		{"\xff\xfe", "\x01", "%s%n", "\n", NULL},
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const hr_container_usage *u = hr_recommendations_find(
		        set, cases[i].ns, cases[i].kind, cases[i].name,
		        cases[i].container);
		bool ok = cases[i].found ? u && strcmp(u->name, cases[i].found) == 0
		                         : u == NULL;
		const hr_workload_usage *w = hr_recommendations_find_workload(
		        set, cases[i].ns, cases[i].kind, cases[i].name);
		if (cases[i].found)
			ok = ok && w && u >= w->containers &&
			     u < w->containers + w->container_count;
		if (!ok) {
			printf("lookup %zu: got %p\n", i, (const void *)u);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	assert_null(hr_recommendations_find_workload(set, "shop", "Deployment",
	                                             "nothing"));
	assert_null(hr_recommendations_find(NULL, "a", "b", "c", "d"));
	assert_null(hr_recommendations_find_workload(NULL, "a", "b", "c"));
	hr_recommendations_free(&set);

	/* An empty set finds nothing. */
	hr_recommendations_new(&set);
	assert_null(hr_recommendations_find(set, "shop", "Deployment", "cart",
	                                    "server"));
	assert_null(hr_recommendations_window(set));
	assert_int_equal(hr_recommendations_source_count(set), 0);
	hr_recommendations_free(&set);
	hr_recommendations_free(&set); /* NULL: nothing to do */
	hr_recommendations_free(NULL);
}

/* Many workloads: the index stays consistent as the maps grow. */
static void test_many_lookups(void **state)
{
	(void)state;
	enum { N = 5000 };
	size_t cap = (size_t)N * 160 + 256;
	char *text = malloc(cap);
	assert_non_null(text);
	size_t o = (size_t)snprintf(text, cap, "{" SCHEMA ", \"workloads\": [");
	for (int i = 0; i < N; i++)
		o += (size_t)snprintf(text + o, cap - o,
		                      "%s{\"namespace\": \"ns%d\", \"kind\": "
		                      "\"Deployment\", \"name\": \"w%d\", "
		                      "\"containers\": [{\"name\": \"a\", \"samples\": "
		                      "%d}, {\"name\": \"b\", \"samples\": %d}]}",
		                      i ? ", " : "", i % 7, i, i, i + 1);
	snprintf(text + o, cap - o, "]}");
	hr_recommendations *set;
	assert_int_equal(load(&set, text, strlen(text)), HR_OK);
	assert_int_equal(hr_recs_workload_count(set), N);
	assert_int_equal(hr_recs_container_count(set), 2 * N);

	/* Streamed, the text goes through a window of a few chunks. */
	FILE *f = fmemopen(text, strlen(text), "rb");
	assert_non_null(f);
	hr_json_input in;
	assert_int_equal(hr_json_input_open(&in, "big.json", f, 4096), HR_OK);
	hr_recommendations *streamed;
	hr_recommendations_new(&streamed);
	hr_recs_batch batch;
	memset(&batch, 0, sizeof(batch));
	assert_int_equal(hr_recs_read(streamed, &batch, &in), HR_OK);
	hr_recs_commit(streamed, &batch);
	assert_true(strlen(text) > 100 * 4096);
	assert_true(in.window_max <= 3 * 4096);
	hr_json_input_dispose(&in);
	fclose(f);
	assert_int_equal(hr_recs_container_count(streamed), 2 * N);
	assert_non_null(hr_recommendations_find(streamed, "ns1", "Deployment",
	                                        "w4999", "b"));
	hr_recommendations_free(&streamed);
	for (int i = 0; i < N; i++) {
		char ns[16], name[16];
		snprintf(ns, sizeof(ns), "ns%d", i % 7);
		snprintf(name, sizeof(name), "w%d", i);
		const hr_container_usage *a =
		        hr_recommendations_find(set, ns, "Deployment", name, "a");
		const hr_container_usage *b =
		        hr_recommendations_find(set, ns, "Deployment", name, "b");
		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(a->samples, i);
		assert_int_equal(b->samples, i + 1);
		snprintf(ns, sizeof(ns), "ns%d", (i + 1) % 7);
		assert_null(hr_recommendations_find(set, ns, "Deployment", name, "a"));
	}
	hr_recommendations_free(&set);
	free(text);
}

/* ---- several files ------------------------------------------------------ */

static void test_later_file_replaces(void **state)
{
	(void)state;
	const char *first =
	        "{" SCHEMA ", \"window\": \"14d\", \"generated_at\": \"one\", "
	        "\"workloads\": [{\"namespace\": \"shop\", \"kind\": \"Deployment\", "
	        "\"name\": \"cart\", \"replicas\": {\"avg\": 2},\n"
	        "\"containers\": [{\"name\": \"server\", \"samples\": 1},\n"
	        "{\"name\": \"envoy\", \"samples\": 2}]},\n"
	        "{\"kind\": \"Job\", \"name\": \"only-first\"}]}";
	const char *second =
	        "{" SCHEMA ", \"window\": \"7d\", \"generated_at\": \"two\", "
	        "\"workloads\": [\n{\"namespace\": \"shop\", \"kind\": "
	        "\"Deployment\", \"name\": \"cart\", \"containers\": [\n"
	        "{\"name\": \"server\", \"samples\": 10}]}]}";
	hr_recommendations *set;
	hr_recommendations_new(&set);
	assert_int_equal(hr_recommendations_add_buffer(set, "a.json", first,
	                                               strlen(first)), HR_OK);
	assert_int_equal(hr_recommendations_add_buffer(set, "b.json", second,
	                                               strlen(second)), HR_OK);
	assert_int_equal(hr_recommendations_source_count(set), 2);
	/* The first file's window and generated_at are kept. */
	assert_string_equal(hr_recommendations_window(set), "14d");
	assert_string_equal(hr_recommendations_generated_at(set), "one");

	const hr_container_usage *server = hr_recommendations_find(
	        set, "shop", "Deployment", "cart", "server");
	assert_non_null(server);
	assert_int_equal(server->samples, 10);
	assert_string_equal(server->file, "b.json");
	assert_int_equal(server->line, 3);
	/* Only the first file has envoy: still found, from there. */
	const hr_container_usage *envoy = hr_recommendations_find(
	        set, "shop", "Deployment", "cart", "envoy");
	assert_non_null(envoy);
	assert_int_equal(envoy->samples, 2);
	assert_string_equal(envoy->file, "a.json");
	assert_int_equal(envoy->line, 3);
	/* The workload entry is the later file's (no replicas there). */
	const hr_workload_usage *w =
	        hr_recommendations_find_workload(set, "shop", "Deployment", "cart");
	assert_non_null(w);
	assert_false(w->has_replicas);
	assert_int_equal(w->container_count, 1);
	assert_ptr_equal(&w->containers[0], server);
	assert_non_null(hr_recommendations_find_workload(set, "default", "Job",
	                                                 "only-first"));
	assert_int_equal(hr_recs_workload_count(set), 2);
	assert_int_equal(hr_recs_container_count(set), 2);

	/* A failing file changes nothing, even after valid workloads. */
	const char *bad =
	        "{" SCHEMA ", \"workloads\": [{\"namespace\": \"shop\", \"kind\": "
	        "\"Deployment\", \"name\": \"cart\", \"containers\": [{\"name\": "
	        "\"server\", \"samples\": 99}]},\n{\"kind\": 5}]}";
	assert_int_equal(hr_recommendations_add_buffer(set, "c.json", bad,
	                                               strlen(bad)), HR_EINVALID);
	assert_string_equal(hr_error_last()->file, "c.json");
	assert_int_equal(hr_error_last()->line, 2);
	assert_int_equal(hr_recommendations_source_count(set), 2);
	assert_ptr_equal(hr_recommendations_find(set, "shop", "Deployment",
	                                         "cart", "server"), server);
	assert_int_equal(server->samples, 10);

	/* The same file twice: every entry replaced by an equal one. */
	assert_int_equal(hr_recommendations_add_buffer(set, "b.json", second,
	                                               strlen(second)), HR_OK);
	assert_int_equal(hr_recs_container_count(set), 2);
	assert_int_equal(hr_recommendations_find(set, "shop", "Deployment", "cart",
	                                         "server")->samples, 10);
	hr_recommendations_free(&set);
}

static void test_files(void **state)
{
	(void)state;
	hr_recommendations *set;
	hr_recommendations_new(&set);
	assert_int_equal(hr_recommendations_add_file(set, "/nonexistent/r.json"),
	                 HR_EIO);
	assert_string_equal(hr_error_last()->file, "/nonexistent/r.json");
	char dir[] = "/tmp/hr-recs-XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(hr_recommendations_add_file(set, dir), HR_EIO);
	char path[64];
	snprintf(path, sizeof(path), "%s/r.json", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(design_example, f);
	fclose(f);
	assert_int_equal(hr_recommendations_add_file(set, path), HR_OK);
	check_design_example(set, path);
	unlink(path);
	rmdir(dir);
	assert_int_equal(hr_recommendations_add_buffer(NULL, "x", "", 0),
	                 HR_EUSAGE);
	assert_int_equal(hr_recommendations_add_buffer(set, NULL, "", 0),
	                 HR_EUSAGE);
	assert_int_equal(hr_recommendations_add_file(set, NULL), HR_EUSAGE);
	hr_recommendations_free(&set);
}

/* ---- limits and hostile shapes ----------------------------------------- */

static void test_limits(void **state)
{
	(void)state;
	hr_recommendations *set;
	hr_recommendations_new(&set);

	/* The whole input (never read: the size is checked first). */
	char one = '{';
	assert_int_equal(hr_recommendations_add_buffer(set, "big.json", &one,
	                                               HR_JSON_INPUT_MAX + 1),
	                 HR_ELIMIT);
	assert_string_equal(hr_error_last()->message,
	                    "input is larger than the limit of 67108864 bytes");

	/* One value over 1 MiB, and a broken one whose end is not found
	 * within 1 MiB: a limit, or the syntax error when it comes first. */
	size_t n = HR_JSON_VALUE_MAX + 100;
	char *text = malloc(n + 200);
	assert_non_null(text);
	int o = snprintf(text, 200, "{" SCHEMA ", \"workloads\": [], \"x\": \"");
	memset(text + o, 'a', n);
	strcpy(text + o + n, "\"}");
	assert_int_equal(hr_recommendations_add_buffer(set, "v.json", text,
	                                               strlen(text)), HR_ELIMIT);
	assert_string_equal(hr_error_last()->message,
	                    "a value of more than 1048576 bytes (the limit for "
	                    "one value)");
	assert_int_equal(hr_error_last()->column, (unsigned)o);
	o = snprintf(text, 200, "{" SCHEMA ", \"workloads\": [], \"x\": [1, }, ");
	memset(text + o, ' ', n);
	strcpy(text + o + n, "]}");
	assert_int_equal(hr_recommendations_add_buffer(set, "v.json", text,
	                                               strlen(text)), HR_EINVALID);
	assert_string_equal(hr_error_last()->message,
	                    "invalid JSON: unexpected token near '}'");
	free(text);

	/* Keys of one walked object. */
	size_t cap = (size_t)(HR_JSON_MEMBERS_MAX + 1) * 16 + 256;
	text = malloc(cap);
	assert_non_null(text);
	size_t k = (size_t)snprintf(text, cap, "{" SCHEMA);
	for (unsigned i = 0; i < HR_JSON_MEMBERS_MAX; i++)
		k += (size_t)snprintf(text + k, cap - k, ", \"k%u\": 0", i);
	snprintf(text + k, cap - k, "}");
	assert_int_equal(hr_recommendations_add_buffer(set, "k.json", text,
	                                               strlen(text)), HR_ELIMIT);
	assert_string_equal(hr_error_last()->message,
	                    "more than 10000 keys in one object");
	free(text);

	/* Nesting: jansson's limit inside a value, none needed outside. */
	size_t depth = 5000;
	text = malloc(2 * depth + 256);
	assert_non_null(text);
	o = snprintf(text, 256, "{" SCHEMA ", \"workloads\": [], \"deep\": ");
	memset(text + o, '[', depth);
	memset(text + o + depth, ']', depth);
	strcpy(text + o + 2 * depth, "}");
	assert_int_equal(hr_recommendations_add_buffer(set, "d.json", text,
	                                               strlen(text)), HR_EINVALID);
	assert_string_equal(hr_error_last()->message,
	                    "invalid JSON: maximum parsing depth reached near '['");
	free(text);

	assert_int_equal(hr_recommendations_source_count(set), 0);
	hr_recommendations_free(&set);
}

/* ---- the JSON cursor itself -------------------------------------------- */

static void test_json_input(void **state)
{
	(void)state;
	const char *text = "\xef\xbb\xbf{\"a\": {\"b\\u0063\": [1, {\"d\": 2}],\n"
	                   "  \"c\": {\"x\": \"}\\\"{\", \"d\": \"\xc3\xa9\"}}}";
	hr_json_input in;
	assert_int_equal(hr_json_input_init(&in, "t.json", text, strlen(text)),
	                 HR_OK);
	size_t at;
	unsigned line, column;
	assert_true(hr_json_locate(&in, 3, "a.c.d", &at));
	assert_memory_equal(text + at, "\"\xc3\xa9\"", 4);
	hr_json_position(&in, at, &line, &column);
	assert_int_equal(line, 2);
	assert_int_equal(column, 27);
	assert_true(hr_json_locate(&in, 3, "a.bc", &at));
	assert_int_equal(hr_json_value_end(&in, at) - at, 13);
	hr_json_position(&in, at, &line, &column); /* backwards: recounted */
	assert_int_equal(line, 1);
	assert_int_equal(column, 19);
	assert_false(hr_json_locate(&in, 3, "a.c.e", &at));
	assert_false(hr_json_locate(&in, 3, "a.bc.d", &at));
	hr_json_position(&in, 0, &line, &column);
	assert_int_equal(line, 1);
	assert_int_equal(column, 1);
	hr_json_position(&in, strlen(text), &line, &column);
	assert_int_equal(line, 2);
	assert_int_equal(column, 33);

	char buf[HR_JSON_QUOTE_MAX];
	assert_string_equal(hr_json_quote(buf, sizeof(buf), "a\"b\\c\n", 6),
	                    "\"a\\\"b\\\\c\\u000a\"");
	assert_string_equal(hr_json_quote(buf, sizeof(buf), "\xc2\x9b" "x", 3),
	                    "\"\\u009bx\"");
	char longer[100];
	memset(longer, 'x', sizeof(longer));
	longer[59] = '\xc3';
	longer[60] = '\xa9';
	assert_string_equal(hr_json_quote(buf, sizeof(buf), longer, 100),
	                    "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	                    "xxxxxxxxx\"...");
	assert_string_equal(hr_json_quote(buf, 4, "abc", 3), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_errors_streamed),
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_design_example_fixture),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_shop_fixture),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_many_lookups),
		cmocka_unit_test(test_later_file_replaces),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_json_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
