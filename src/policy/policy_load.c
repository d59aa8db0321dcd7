/*
 * Reading a policy: `.headroom.yaml`, `--config`, or the built-in text of
 * policy_default.c.  The contract is in design.md; the fields it fills are
 * in include/headroom/policy.h.
 *
 * What a file leaves out:
 *   - A profile sets only the keys it changes.  Every key it leaves out
 *     takes the value of the built-in `standard` profile, whatever the
 *     profile is called: a file's `critical` does NOT inherit from the
 *     built-in `critical`, only from `standard`.  Its `select:` and
 *     `severity:` start empty.
 *   - Without `profiles:`, the built-in profiles (standard, critical,
 *     batch) apply unchanged.  With it, the file's profiles are all there
 *     is.
 *   - `default_profile:` defaults to the profile called `standard`, else
 *     to the only profile; otherwise it must be given.
 *   - Each key of `pricing:`, `confidence:`, `overrides:` and
 *     `prometheus:` left out keeps its built-in value (`headers:` given
 *     replaces the built-in ones).  `node:` left out means the node size is
 *     unknown.  `severity:` (top level) and `waivers:` start empty.
 *
 * Validation: one YAML document, a mapping, no key written twice; every
 * key known; every value of the right type and range; rule ids in the
 * catalog; patterns that PCRE2 compiles.  The first problem found is the
 * error, HR_EINVALID at the file, line and column of the node it is about
 * (HR_ELIMIT for a policy over the bounds of policy_internal.h).  Keys
 * are read in the order they are written, so "first" is first in the file.
 *
 * Everything the policy hands out lives in its arena; compiled patterns
 * are listed in the policy and freed with it.
 */
#include "policy/policy_internal.h"

#include "headroom/error.h"
#include "headroom/prometheus.h"
#include "headroom/quantity.h"
#include "headroom/rules.h"
#include "load/source_reader.h"
#include "load/yaml_tree.h"
#include "policy/waive_annotation.h"
#include "util/alloc.h"
#include "util/error_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enum fields are written through int pointers (field tables below). */
_Static_assert(sizeof(hr_requirement) == sizeof(int), "enum size");
_Static_assert(sizeof(hr_percentile) == sizeof(int), "enum size");
_Static_assert(sizeof(hr_severity) == sizeof(int), "enum size");

#define WHAT_MAX 256

typedef struct loader {
	hr_policy_impl *p;
	const char *file;             /* the name errors are reported under */
	const char *pos_file;         /* hr_policy_pos.file: NULL if built-in */
	const hr_profile *base;       /* where unset profile keys come from */
	const hr_node *root;
	const hr_node *default_name;  /* the value of default_profile */
	const hr_node *profiles_key;
	bool version_seen;
} loader;

/* ---- messages ---------------------------------------------------------- */

const char *hr_policy_quote(char *buf, size_t size, const char *s, size_t len)
{
	size_t keep = size / 2; /* bytes of s shown before "..." */
	size_t o = 0;
	buf[o++] = '"';
	size_t i = 0;
	for (; i < len && i < keep; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		int n;
		/* Backslashes stay as they are: patterns read as written. */
		if (c == '"')
			n = snprintf(esc, sizeof(esc), "\\\"");
		else if (c == '\n')
			n = snprintf(esc, sizeof(esc), "\\n");
		else if (c == '\t')
			n = snprintf(esc, sizeof(esc), "\\t");
		else if (c < 0x20 || c == 0x7f)
			n = snprintf(esc, sizeof(esc), "\\x%02x", c);
		else
			n = snprintf(esc, sizeof(esc), "%c", c);
		/* Room for this, then `..."` and the NUL. */
		if (o + (size_t)n + 5 > size)
			break;
		memcpy(buf + o, esc, (size_t)n);
		o += (size_t)n;
	}
	if (i < len) {
		/* Never cut a UTF-8 sequence in two. */
		while (o > 1 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 1 && (unsigned char)buf[o - 1] >= 0xC0)
			o--;
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

static const char *quote_node(char *buf, size_t size, const hr_node *n)
{
	return hr_policy_quote(buf, size, n->text, n->len);
}

static bool is_null(const hr_node *n)
{
	return !n || (n->kind == HR_NODE_SCALAR &&
	              hr_scalar_resolve(n) == HR_TYPE_NULL);
}

static bool is_string(const hr_node *n)
{
	return n && n->kind == HR_NODE_SCALAR &&
	       hr_scalar_resolve(n) == HR_TYPE_STRING;
}

/* How a value reads in "must be X, not <this>". */
static const char *describe(char *buf, size_t size, const hr_node *n)
{
	if (is_null(n))
		return "empty";
	if (n->kind == HR_NODE_MAPPING)
		return "a mapping";
	if (n->kind == HR_NODE_SEQUENCE)
		return "a list";
	if (hr_scalar_resolve(n) == HR_TYPE_STRING)
		return quote_node(buf, size, n);
	/* Numbers and booleans: plain scalars of a few safe characters. */
	snprintf(buf, size, "%.40s%s", n->text, n->len > 40 ? "..." : "");
	return buf;
}

HR_PRINTF(4, 5)
static int fail_node(const loader *l, int code, const hr_node *n,
                     const char *fmt, ...)
{
	char message[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	const hr_node *at = n ? n : l->root;
	return hr_fail_at(code, l->file, at ? at->start.line : 0,
	                  at ? at->start.column : 0, "%s", message);
}

#define FAIL(l, n, ...) fail_node((l), HR_EINVALID, (n), __VA_ARGS__)

static int fail_type(const loader *l, const hr_node *n, const char *what,
                     const char *expected)
{
	char buf[160];
	return FAIL(l, n, "%s must be %s, not %s", what, expected,
	            describe(buf, sizeof(buf), n));
}

static void join(char *out, const char *where, const char *name)
{
	if (where[0])
		snprintf(out, WHAT_MAX, "%s.%s", where, name);
	else
		snprintf(out, WHAT_MAX, "%s", name);
}

static void join_index(char *out, const char *where, size_t i)
{
	snprintf(out, WHAT_MAX, "%s[%zu]", where, i);
}

static hr_policy_pos pos_of(const loader *l, const hr_node *n)
{
	return (hr_policy_pos){l->pos_file, n->start.line, n->start.column};
}

/* Levenshtein distance, for "did you mean"; SIZE_MAX past 64 bytes. */
static size_t edit_distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b);
	if (la > 64 || lb > 64)
		return SIZE_MAX;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Keep candidate when it is the closest so far and close enough to be a
 * typo of s. */
static void consider(const char *s, size_t len, const char *candidate,
                     size_t *best_d, const char **best)
{
	size_t d = edit_distance(s, len, candidate);
	size_t limit = len < 6 ? 1 : 2;
	if (d <= limit && d < *best_d) {
		*best_d = d;
		*best = candidate;
	}
}

static const char *closest_rule(const char *s, size_t len)
{
	size_t best_d = SIZE_MAX;
	const char *best = NULL;
	for (size_t i = 0; i < hr_rule_count(); i++)
		consider(s, len, hr_rule_at(i)->id, &best_d, &best);
	return best;
}

/* ---- field tables ------------------------------------------------------ */

typedef struct choice {
	const char *name;
	int value;
} choice;

typedef enum field_type {
	F_MAP,      /* nested keys: children */
	F_CHOICE,   /* one of choices, an enum (int) */
	F_PERCENT,  /* "25%" -> 0.25 (double), min..max as fractions */
	F_NUMBER,   /* double, min..max */
	F_RATIO,    /* double: 0 (no bound) or min..max */
	F_INT,      /* int64_t, min..max */
	F_BOOL,     /* bool */
	F_TEXT,     /* non-empty string (const char *), then check() */
	F_CUSTOM,   /* custom() */
} field_type;

typedef struct field field;

typedef int (*field_custom_fn)(loader *l, const field *f, const hr_node *key,
                               const hr_node *value, void *target,
                               const char *what);
typedef int (*text_check_fn)(loader *l, const hr_node *value,
                             const char *what);

struct field {
	const char *name;
	field_type type;
	size_t offset;           /* into the target */
	size_t offset2;          /* a second slot (counts, pattern text) */
	double min, max;
	bool required;
	const char *hint;        /* appended when a required key is missing */
	const field *children;   /* F_MAP, terminated by a NULL name */
	const choice *choices;   /* F_CHOICE, terminated by a NULL name */
	field_custom_fn custom;
	text_check_fn check;
};

#define AT(target, off, type) ((type *)(void *)((char *)(target) + (off)))

static int apply_fields(loader *l, const hr_node *map, const field *fields,
                        void *target, const char *where);

/* ---- scalar readers ---------------------------------------------------- */

static const char *choice_list(char *buf, size_t size, const choice *choices)
{
	size_t n = 0;
	while (choices[n].name)
		n++;
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < size; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int w = snprintf(buf + o, size - o, "%s%s", sep, choices[i].name);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return buf;
}

static int read_choice(loader *l, const hr_node *n, const char *what,
                       const choice *choices, int *out)
{
	/* Compared as written: a plain `off` is a YAML 1.1 boolean, and
	 * still the severity "off". */
	if (n && n->kind == HR_NODE_SCALAR && !is_null(n))
		for (size_t i = 0; choices[i].name; i++)
			if (strlen(choices[i].name) == n->len &&
			    memcmp(choices[i].name, n->text, n->len) == 0) {
				*out = choices[i].value;
				return HR_OK;
			}
	char list[160];
	return fail_type(l, n, what, choice_list(list, sizeof(list), choices));
}

/* A decimal "25", "12.5", "-3" followed by '%'. */
static bool parse_percent(const char *s, size_t len, double *out)
{
	if (len < 2 || s[len - 1] != '%')
		return false;
	size_t i = 0;
	bool negative = false;
	if (s[i] == '-' || s[i] == '+')
		negative = s[i++] == '-';
	double v = 0;
	size_t digits = 0;
	for (; i < len - 1 && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (digits == 0)
		return false;
	if (i < len - 1 && s[i] == '.') {
		i++;
		double scale = 0.1;
		size_t frac = 0;
		for (; i < len - 1 && s[i] >= '0' && s[i] <= '9'; i++, frac++) {
			v += (s[i] - '0') * scale;
			scale /= 10;
		}
		if (frac == 0)
			return false;
	}
	if (i != len - 1 || !isfinite(v))
		return false;
	*out = (negative ? -v : v) / 100.0;
	return true;
}

static int read_percent(loader *l, const hr_node *n, const char *what,
                        double min, double max, double *out)
{
	if (n && n->kind == HR_NODE_SCALAR) {
		hr_scalar_type t = hr_scalar_resolve(n);
		if (t == HR_TYPE_INT || t == HR_TYPE_FLOAT) {
			/* 0.25 or 25?  Ambiguous: ask for the percent sign. */
			double v = strtod(n->text, NULL);
			double pct = fabs(v) < 1 ? v * 100 : v;
			return FAIL(l, n, "%s must be a percentage: write \"%g%%\", "
			            "not %.40s (a bare number is ambiguous)", what,
			            pct, n->text);
		}
		double v;
		if (t == HR_TYPE_STRING && parse_percent(n->text, n->len, &v)) {
			/* Compare in percent, where the bounds are whole. */
			if (v * 100 < min * 100 - 1e-9 || v * 100 > max * 100 + 1e-9)
				return FAIL(l, n, "%s must be between %g%% and %g%%, not "
				            "%.40s", what, min * 100, max * 100, n->text);
			*out = v;
			return HR_OK;
		}
	}
	return fail_type(l, n, what, "a percentage such as \"25%\"");
}

static bool read_double(const hr_node *n, double *out)
{
	if (!n || n->kind != HR_NODE_SCALAR)
		return false;
	hr_scalar_type t = hr_scalar_resolve(n);
	if (t != HR_TYPE_INT && t != HR_TYPE_FLOAT)
		return false;
	char buf[64];
	size_t len;
	const char *s = hr_scalar_as_string(n, buf, sizeof(buf), &len);
	if (!s)
		return false;
	double v = strtod(s, NULL);
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}

static int read_number(loader *l, const hr_node *n, const char *what,
                       double min, double max, double *out)
{
	double v;
	if (!read_double(n, &v))
		return fail_type(l, n, what, "a number");
	if (v < min || v > max)
		return FAIL(l, n, "%s must be between %g and %g, not %.40s", what,
		            min, max, n->text);
	*out = v;
	return HR_OK;
}

static int read_int(loader *l, const hr_node *n, const char *what,
                    double min, double max, int64_t *out)
{
	int64_t v;
	if (!n || n->kind != HR_NODE_SCALAR || !hr_scalar_as_int(n, &v))
		return fail_type(l, n, what, "a whole number");
	if ((double)v < min || (double)v > max)
		return FAIL(l, n, "%s must be between %.0f and %.0f, not %.40s",
		            what, min, max, n->text);
	*out = v;
	return HR_OK;
}

static int read_bool(loader *l, const hr_node *n, const char *what, bool *out)
{
	if (!n || n->kind != HR_NODE_SCALAR || !hr_scalar_as_bool(n, out))
		return fail_type(l, n, what, "true or false");
	return HR_OK;
}

/* A non-empty string, copied into the policy's arena. */
static int read_text(loader *l, const hr_node *n, const char *what,
                     const char **out)
{
	if (!is_string(n))
		return fail_type(l, n, what, "a string (quote it)");
	if (n->len == 0 || strlen(n->text) != n->len)
		return FAIL(l, n, "%s must be a non-empty string without NUL "
		            "characters", what);
	*out = hr_arena_strndup(&l->p->arena, n->text, n->len);
	return HR_OK;
}

static int read_quantity(loader *l, const hr_node *n, const char *what,
                         bool cpu, int64_t *out)
{
	const char *example = cpu ? "a quantity such as \"16\" or \"15500m\""
	                          : "a quantity such as \"64Gi\"";
	char buf[64];
	size_t len = 0;
	const char *text = n && n->kind == HR_NODE_SCALAR && !is_null(n)
	                           ? hr_scalar_as_string(n, buf, sizeof(buf), &len)
	                           : NULL;
	if (!text)
		return fail_type(l, n, what, example);
	hr_quantity q;
	if (hr_quantity_parse(text, len, &q) != HR_OK) {
		char why[256];
		snprintf(why, sizeof(why), "%s", hr_error_last()->message);
		return FAIL(l, n, "%s: %s", what, why);
	}
	if (q.nano <= 0)
		return FAIL(l, n, "%s must be greater than 0, not %.40s", what,
		            text);
	*out = cpu ? hr_quantity_milli(&q) : hr_quantity_value(&q);
	return HR_OK;
}

/* ---- text checks ------------------------------------------------------- */

static int check_currency(loader *l, const hr_node *n, const char *what)
{
	bool ok = n->len == 3;
	for (size_t i = 0; ok && i < 3; i++)
		ok = n->text[i] >= 'A' && n->text[i] <= 'Z';
	if (!ok) {
		char buf[80];
		return FAIL(l, n, "%s must be an ISO 4217 code of 3 capital "
		            "letters such as \"USD\" or \"EUR\", not %s", what,
		            quote_node(buf, sizeof(buf), n));
	}
	return HR_OK;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* A Kubernetes name segment: alphanumerics, '-', '_', '.', beginning and
 * ending with an alphanumeric, at most max bytes. */
static bool is_name(const char *s, size_t len, size_t max)
{
	if (len == 0 || len > max || !is_alnum(s[0]) || !is_alnum(s[len - 1]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

static int check_annotation_key(loader *l, const hr_node *n,
                                const char *what)
{
	const char *slash = memchr(n->text, '/', n->len);
	size_t prefix = slash ? (size_t)(slash - n->text) : 0;
	const char *name = slash ? slash + 1 : n->text;
	size_t name_len = n->len - (slash ? prefix + 1 : 0);
	bool ok = is_name(name, name_len, 63) &&
	          (!slash || is_name(n->text, prefix, 253));
	if (!ok) {
		char buf[120];
		return FAIL(l, n, "%s must be an annotation key such as "
		            "\"headroom.dev/profile\", not %s", what,
		            quote_node(buf, sizeof(buf), n));
	}
	return HR_OK;
}

/* ---- choices ----------------------------------------------------------- */

static const choice requirement_choices[] = {
	{"required", HR_REQ_REQUIRED}, {"optional", HR_REQ_OPTIONAL}, {NULL, 0}};
static const choice cpu_limit_choices[] = {
	{"required", HR_REQ_REQUIRED}, {"optional", HR_REQ_OPTIONAL},
	{"forbidden", HR_REQ_FORBIDDEN}, {NULL, 0}};
static const choice percentile_choices[] = {
	{"p50", HR_P50}, {"p95", HR_P95}, {"p99", HR_P99}, {"max", HR_PMAX},
	{NULL, 0}};
static const choice missing_data_choices[] = {
	{"pass", HR_SEVERITY_INFO}, {"warn", HR_SEVERITY_WARN},
	{"fail", HR_SEVERITY_FAIL}, {NULL, 0}};
static const choice severity_choices[] = {
	{"fail", HR_SEVERITY_FAIL}, {"warn", HR_SEVERITY_WARN},
	{"info", HR_SEVERITY_INFO}, {"off", HR_SEVERITY_OFF}, {NULL, 0}};

/* The kinds the model evaluates (src/model/workload.c). */
static const char *const known_kinds[] = {
	"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	"ReplicationController", "Job", "CronJob", "Rollout", NULL};

/* ---- patterns ---------------------------------------------------------- */

static int compile_pattern(loader *l, const hr_node *n, const char *what,
                           const hr_pattern **out)
{
	if (!is_string(n))
		return fail_type(l, n, what, "a pattern (a string)");
	if (n->len == 0)
		return FAIL(l, n, "%s must not be empty", what);
	hr_policy_impl *p = l->p;
	hr_pattern *pat = hr_strmap_get(&p->pattern_index, n->text, n->len);
	if (!pat) {
		hr_pattern_error err;
		if (hr_pattern_compile(n->text, n->len, &pat, &err) != HR_OK) {
			char buf[120];
			return FAIL(l, n, "%s: %s is not a valid PCRE2 pattern: %s "
			            "(at offset %zu)", what,
			            quote_node(buf, sizeof(buf), n), err.message,
			            err.offset);
		}
		p->patterns = hr_xgrow(p->patterns, &p->pattern_cap,
		                       p->pattern_count + 1, sizeof(*p->patterns));
		p->patterns[p->pattern_count++] = pat;
		hr_strmap_put(&p->pattern_index, hr_pattern_text(pat), n->len, pat);
	}
	*out = pat;
	return HR_OK;
}

/* ---- custom fields ----------------------------------------------------- */

static int fail_limit(loader *l, const hr_node *n, const char *what,
                      size_t max, const char *items)
{
	return fail_node(l, HR_ELIMIT, n, "%s has more than %zu %s", what, max,
	                 items);
}

static int need_sequence(loader *l, const hr_node *n, const char *what,
                         size_t max, const char *items, const char *example)
{
	if (!n || n->kind != HR_NODE_SEQUENCE)
		return fail_type(l, n, what, example);
	if (n->count > max)
		return fail_limit(l, n, what, max, items);
	return HR_OK;
}

/* select.namespaces, select.names: lists of patterns. */
static int custom_patterns(loader *l, const field *f, const hr_node *key,
                           const hr_node *value, void *target,
                           const char *what)
{
	int rc = need_sequence(l, value, what, HR_POLICY_MAX_LIST, "patterns",
	                       "a list such as [\"a\", \"b-.*\"]");
	if (rc)
		return rc;
	const hr_pattern **items = hr_arena_alloc(&l->p->arena,
	                                          value->count * sizeof(*items));
	for (size_t i = 0; i < value->count; i++) {
		char item[WHAT_MAX];
		join_index(item, what, i);
		if ((rc = compile_pattern(l, value->items[i], item, &items[i])))
			return rc;
	}
	*AT(target, f->offset, const hr_pattern *const *) = items;
	*AT(target, f->offset2, size_t) = value->count;
	return HR_OK;
}

static int custom_kinds(loader *l, const field *f, const hr_node *key,
                        const hr_node *value, void *target, const char *what)
{
	int rc = need_sequence(l, value, what, HR_POLICY_MAX_LIST, "kinds",
	                       "a list such as [Job, CronJob]");
	if (rc)
		return rc;
	const char **items = hr_arena_alloc(&l->p->arena,
	                                    value->count * sizeof(*items));
	for (size_t i = 0; i < value->count; i++) {
		const hr_node *n = value->items[i];
		char item[WHAT_MAX];
		join_index(item, what, i);
		if ((rc = read_text(l, n, item, &items[i])))
			return rc;
		size_t k = 0;
		while (known_kinds[k] && strcmp(known_kinds[k], items[i]) != 0)
			k++;
		if (!known_kinds[k]) {
			char buf[80];
			return FAIL(l, n, "%s: %s is not a kind headroom evaluates; "
			            "use Pod, Deployment, StatefulSet, DaemonSet, "
			            "ReplicaSet, ReplicationController, Job, CronJob "
			            "or Rollout (case matters)", item,
			            quote_node(buf, sizeof(buf), n));
		}
	}
	*AT(target, f->offset, const char *const *) = items;
	*AT(target, f->offset2, size_t) = value->count;
	return HR_OK;
}

static int custom_labels(loader *l, const field *f, const hr_node *key,
                         const hr_node *value, void *target, const char *what)
{
	if (!value || value->kind != HR_NODE_MAPPING)
		return fail_type(l, value, what, "a mapping such as {tier: critical}");
	if (value->count > HR_POLICY_MAX_LIST)
		return fail_limit(l, value, what, HR_POLICY_MAX_LIST, "labels");
	hr_label_selector *items = hr_arena_alloc(&l->p->arena,
	                                          value->count * sizeof(*items));
	size_t count = 0;
	for (size_t i = 0; i < value->count; i++) {
		const hr_pair *pair = &value->pairs[i];
		if (hr_pair_shadowed(pair))
			continue;
		char item[WHAT_MAX];
		if (pair->key->kind != HR_NODE_SCALAR || pair->key->len == 0 ||
		    strlen(pair->key->text) != pair->key->len)
			return FAIL(l, pair->key, "%s: a label key must be a "
			            "non-empty string", what);
		snprintf(item, sizeof(item), "%s.%.64s", what, pair->key->text);
		/* Label values are strings; a plain `version: 2` means "2". */
		const hr_node *v = pair->value;
		if (!v || v->kind != HR_NODE_SCALAR || is_null(v) ||
		    strlen(v->text) != v->len)
			return fail_type(l, v, item, "a label value (a string)");
		items[count].key = hr_arena_strndup(&l->p->arena, pair->key->text,
		                                    pair->key->len);
		items[count].value = hr_arena_strndup(&l->p->arena, v->text, v->len);
		count++;
	}
	*AT(target, f->offset, const hr_label_selector *) = items;
	*AT(target, f->offset2, size_t) = count;
	return HR_OK;
}

/* A rule id of the catalog, copied. */
static int read_rule(loader *l, const hr_node *n, const char *what,
                     const char **out)
{
	if (!n || n->kind != HR_NODE_SCALAR || is_null(n) ||
	    strlen(n->text) != n->len)
		return fail_type(l, n, what, "a rule id such as "
		                 "\"cpu-request-below-usage\"");
	if (!hr_rule_find(n->text)) {
		char buf[120];
		const char *near = closest_rule(n->text, n->len);
		if (near)
			return FAIL(l, n, "%s: unknown rule %s; did you mean \"%s\"? "
			            "(`headroom rules` lists them)", what,
			            quote_node(buf, sizeof(buf), n), near);
		return FAIL(l, n, "%s: unknown rule %s (`headroom rules` lists "
		            "them)", what, quote_node(buf, sizeof(buf), n));
	}
	*out = hr_arena_strndup(&l->p->arena, n->text, n->len);
	return HR_OK;
}

/* severity: {rule: fail|warn|info|off} */
static int custom_severity(loader *l, const field *f, const hr_node *key,
                           const hr_node *value, void *target,
                           const char *what)
{
	if (is_null(value))
		return HR_OK;
	if (value->kind != HR_NODE_MAPPING)
		return fail_type(l, value, what, "a mapping of rule ids to fail, "
		                 "warn, info or off");
	if (value->count > HR_POLICY_MAX_LIST)
		return fail_limit(l, value, what, HR_POLICY_MAX_LIST, "rules");
	hr_severity_override *items =
	        hr_arena_alloc(&l->p->arena, value->count * sizeof(*items));
	size_t count = 0;
	for (size_t i = 0; i < value->count; i++) {
		const hr_pair *pair = &value->pairs[i];
		if (hr_pair_shadowed(pair))
			continue;
		hr_severity_override *o = &items[count];
		int rc = read_rule(l, pair->key, what, &o->rule);
		if (rc)
			return rc;
		char item[WHAT_MAX];
		join(item, what, o->rule);
		int s;
		if ((rc = read_choice(l, pair->value, item, severity_choices, &s)))
			return rc;
		o->severity = (hr_severity)s;
		o->pos = pos_of(l, pair->key);
		count++;
	}
	*AT(target, f->offset, const hr_severity_override *) = items;
	*AT(target, f->offset2, size_t) = count;
	return HR_OK;
}

/* waivers[].workload: the pattern and its text. */
static int custom_pattern(loader *l, const field *f, const hr_node *key,
                          const hr_node *value, void *target,
                          const char *what)
{
	const hr_pattern *pat;
	int rc = compile_pattern(l, value, what, &pat);
	if (rc)
		return rc;
	*AT(target, f->offset, const hr_pattern *) = pat;
	*AT(target, f->offset2, const char *) = hr_pattern_text(pat);
	return HR_OK;
}

static int custom_rule(loader *l, const field *f, const hr_node *key,
                       const hr_node *value, void *target, const char *what)
{
	return read_rule(l, value, what, AT(target, f->offset, const char *));
}

static int custom_date(loader *l, const field *f, const hr_node *key,
                       const hr_node *value, void *target, const char *what)
{
	/* A plain 2026-12-31 is a YAML timestamp to some parsers and a
	 * string to ours: either way, its text. */
	if (!value || value->kind != HR_NODE_SCALAR || is_null(value) ||
	    !hr_date_valid(value->text)) {
		char buf[80];
		return FAIL(l, value, "%s must be a date written YYYY-MM-DD, such "
		            "as 2026-12-31, not %s", what,
		            describe(buf, sizeof(buf), value));
	}
	*AT(target, f->offset, const char *) =
	        hr_arena_strndup(&l->p->arena, value->text, value->len);
	return HR_OK;
}

static const field waiver_fields[] = {
	{.name = "workload", .type = F_CUSTOM, .custom = custom_pattern,
	 .offset = offsetof(hr_waiver, workload),
	 .offset2 = offsetof(hr_waiver, workload_text), .required = true,
	 .hint = " (namespace/Kind/name, a pattern: \"shop/Deployment/cart\")"},
	{.name = "rule", .type = F_CUSTOM, .custom = custom_rule,
	 .offset = offsetof(hr_waiver, rule), .required = true},
	{.name = "container", .type = F_TEXT,
	 .offset = offsetof(hr_waiver, container)},
	{.name = "reason", .type = F_TEXT, .offset = offsetof(hr_waiver, reason),
	 .required = true, .hint = " (why the rule does not apply yet)"},
	{.name = "owner", .type = F_TEXT, .offset = offsetof(hr_waiver, owner),
	 .required = true, .hint = " (who answers for it, e.g. \"@shop-sre\")"},
	{.name = "expires", .type = F_CUSTOM, .custom = custom_date,
	 .offset = offsetof(hr_waiver, expires), .required = true,
	 .hint = " (a date, YYYY-MM-DD: waivers do not last forever)"},
	{.name = NULL},
};

static int custom_waivers(loader *l, const field *f, const hr_node *key,
                          const hr_node *value, void *target,
                          const char *what)
{
	if (is_null(value))
		return HR_OK;
	int rc = need_sequence(l, value, what, HR_POLICY_MAX_WAIVERS, "waivers",
	                       "a list of waivers (\"- workload: ...\")");
	if (rc)
		return rc;
	hr_waiver *items = hr_arena_alloc(&l->p->arena,
	                                  value->count * sizeof(*items));
	for (size_t i = 0; i < value->count; i++) {
		const hr_node *n = value->items[i];
		char item[WHAT_MAX];
		join_index(item, what, i);
		if (!n || n->kind != HR_NODE_MAPPING)
			return fail_type(l, n, item, "a mapping with workload, rule, "
			                 "reason, owner and expires");
		if ((rc = apply_fields(l, n, waiver_fields, &items[i], item)))
			return rc;
		items[i].pos = pos_of(l, n);
	}
	*AT(target, f->offset, const hr_waiver *) = items;
	*AT(target, f->offset2, size_t) = value->count;
	return HR_OK;
}

#define PR(member) offsetof(hr_profile, member)

static const field select_fields[] = {
	{.name = "namespaces", .type = F_CUSTOM, .custom = custom_patterns,
	 .offset = PR(select.namespaces), .offset2 = PR(select.namespace_count)},
	{.name = "names", .type = F_CUSTOM, .custom = custom_patterns,
	 .offset = PR(select.names), .offset2 = PR(select.name_count)},
	{.name = "kinds", .type = F_CUSTOM, .custom = custom_kinds,
	 .offset = PR(select.kinds), .offset2 = PR(select.kind_count)},
	{.name = "labels", .type = F_CUSTOM, .custom = custom_labels,
	 .offset = PR(select.labels), .offset2 = PR(select.label_count)},
	{.name = NULL},
};

static const field memory_fields[] = {
	{.name = "request", .type = F_CHOICE, .choices = requirement_choices,
	 .offset = PR(memory.request)},
	{.name = "limit", .type = F_CHOICE, .choices = requirement_choices,
	 .offset = PR(memory.limit)},
	{.name = "limit_headroom", .type = F_PERCENT, .min = 0, .max = 10,
	 .offset = PR(memory.limit_headroom)},
	{.name = "request_percentile", .type = F_CHOICE,
	 .choices = percentile_choices, .offset = PR(memory.request_percentile)},
	{.name = "limit_equals_request", .type = F_BOOL,
	 .offset = PR(memory.limit_equals_request)},
	{.name = NULL},
};

static const field cpu_fields[] = {
	{.name = "request", .type = F_CHOICE, .choices = requirement_choices,
	 .offset = PR(cpu.request)},
	{.name = "limit", .type = F_CHOICE, .choices = cpu_limit_choices,
	 .offset = PR(cpu.limit)},
	{.name = "request_percentile", .type = F_CHOICE,
	 .choices = percentile_choices, .offset = PR(cpu.request_percentile)},
	{.name = "limit_percentile", .type = F_CHOICE,
	 .choices = percentile_choices, .offset = PR(cpu.limit_percentile)},
	{.name = "max_limit_ratio", .type = F_RATIO, .min = 1, .max = 1000,
	 .offset = PR(cpu.max_limit_ratio)},
	{.name = NULL},
};

static const field change_fields[] = {
	/* Shrinking by 100% is removing: more is meaningless. */
	{.name = "max_decrease", .type = F_PERCENT, .min = 0, .max = 1,
	 .offset = PR(change.max_decrease)},
	{.name = "max_increase", .type = F_PERCENT, .min = 0, .max = 100,
	 .offset = PR(change.max_increase)},
	{.name = "max_cost_increase", .type = F_NUMBER, .min = 0, .max = 1e12,
	 .offset = PR(change.max_cost_increase)},
	{.name = "max_cost_increase_ratio", .type = F_PERCENT, .min = 0,
	 .max = 100, .offset = PR(change.max_cost_increase_ratio)},
	{.name = NULL},
};

static const field replicas_fields[] = {
	{.name = "min", .type = F_INT, .min = 0, .max = 100000,
	 .offset = PR(replicas.min)},
	{.name = NULL},
};

static int custom_budget_memory(loader *l, const field *f, const hr_node *key,
                                const hr_node *value, void *target,
                                const char *what)
{
	(void)key;
	return read_quantity(l, value, what, false, AT(target, f->offset, int64_t));
}

static const field jvm_fields[] = {
	{.name = "max_heap_fraction", .type = F_PERCENT, .min = 0.01, .max = 1,
	 .offset = PR(jvm.max_heap_fraction)},
	{.name = "metaspace", .type = F_CUSTOM, .custom = custom_budget_memory,
	 .offset = PR(jvm.metaspace)},
	{.name = "code_cache", .type = F_CUSTOM, .custom = custom_budget_memory,
	 .offset = PR(jvm.code_cache)},
	{.name = "threads", .type = F_INT, .min = 1, .max = 100000,
	 .offset = PR(jvm.threads)},
	{.name = "thread_stack", .type = F_CUSTOM, .custom = custom_budget_memory,
	 .offset = PR(jvm.thread_stack)},
	{.name = "direct_memory", .type = F_CUSTOM, .custom = custom_budget_memory,
	 .offset = PR(jvm.direct_memory)},
	{.name = "other_native", .type = F_CUSTOM, .custom = custom_budget_memory,
	 .offset = PR(jvm.other_native)},
	{.name = "gc_overhead", .type = F_PERCENT, .min = 0, .max = 1,
	 .offset = PR(jvm.gc_overhead)},
	{.name = NULL},
};

static const field waste_fields[] = {
	{.name = "max_over_recommendation", .type = F_PERCENT, .min = 0,
	 .max = 10, .offset = PR(waste.max_over_recommendation)},
	{.name = "min_monthly", .type = F_NUMBER, .min = 0, .max = 1e12,
	 .offset = PR(waste.min_monthly)},
	{.name = NULL},
};

static const field profile_fields[] = {
	{.name = "select", .type = F_MAP, .children = select_fields},
	{.name = "memory", .type = F_MAP, .children = memory_fields},
	{.name = "cpu", .type = F_MAP, .children = cpu_fields},
	{.name = "change", .type = F_MAP, .children = change_fields},
	{.name = "replicas", .type = F_MAP, .children = replicas_fields},
	{.name = "jvm", .type = F_MAP, .children = jvm_fields},
	{.name = "waste", .type = F_MAP, .children = waste_fields},
	{.name = "on_missing_data", .type = F_CHOICE,
	 .choices = missing_data_choices, .offset = PR(on_missing_data)},
	{.name = "severity", .type = F_CUSTOM, .custom = custom_severity,
	 .offset = PR(severities), .offset2 = PR(severity_count)},
	{.name = NULL},
};

static int custom_profiles(loader *l, const field *f, const hr_node *key,
                           const hr_node *value, void *target,
                           const char *what)
{
	l->profiles_key = key;
	if (is_null(value) || (value->kind == HR_NODE_MAPPING && value->count == 0))
		return FAIL(l, value, "profiles is empty: define at least one "
		            "profile, or leave the key out to use the built-in "
		            "ones");
	if (value->kind != HR_NODE_MAPPING)
		return fail_type(l, value, what, "a mapping of profile names to "
		                 "profiles");
	if (value->count > HR_POLICY_MAX_PROFILES)
		return fail_limit(l, value, what, HR_POLICY_MAX_PROFILES,
		                  "profiles");
	hr_profile *items = hr_arena_alloc(&l->p->arena,
	                                   value->count * sizeof(*items));
	size_t count = 0;
	for (size_t i = 0; i < value->count; i++) {
		const hr_pair *pair = &value->pairs[i];
		if (hr_pair_shadowed(pair))
			continue;
		const hr_node *k = pair->key;
		if (k->kind != HR_NODE_SCALAR || !is_name(k->text, k->len, 63)) {
			char buf[120];
			return FAIL(l, k, "profile name %s must be 1 to 63 letters, "
			            "digits, '-', '_' or '.', beginning and ending "
			            "with a letter or digit",
			            k->kind == HR_NODE_SCALAR
			                    ? quote_node(buf, sizeof(buf), k)
			                    : describe(buf, sizeof(buf), k));
		}
		hr_profile *prof = &items[count];
		*prof = *l->base;
		prof->name = hr_arena_strndup(&l->p->arena, k->text, k->len);
		prof->pos = pos_of(l, k);
		memset(&prof->select, 0, sizeof(prof->select));
		prof->severities = NULL;
		prof->severity_count = 0;
		char where[WHAT_MAX];
		join(where, what, prof->name);
		if (!is_null(pair->value)) {
			if (pair->value->kind != HR_NODE_MAPPING)
				return fail_type(l, pair->value, where, "a mapping");
			int rc = apply_fields(l, pair->value, profile_fields, prof,
			                      where);
			if (rc)
				return rc;
		}
		count++;
	}
	*AT(target, f->offset, const hr_profile *) = items;
	*AT(target, f->offset2, size_t) = count;
	return HR_OK;
}

static int custom_version(loader *l, const field *f, const hr_node *key,
                          const hr_node *value, void *target,
                          const char *what)
{
	int64_t v;
	if (!value || value->kind != HR_NODE_SCALAR || !hr_scalar_as_int(value, &v))
		return fail_type(l, value, what, "1");
	if (v != 1)
		return FAIL(l, value, "version %.40s is not supported: this "
		            "headroom reads policy version 1", value->text);
	l->version_seen = true;
	return HR_OK;
}

static int custom_default_profile(loader *l, const field *f,
                                  const hr_node *key, const hr_node *value,
                                  void *target, const char *what)
{
	if (!is_string(value) || value->len == 0)
		return fail_type(l, value, what, "the name of a profile");
	l->default_name = value;
	return HR_OK;
}

#define PO(member) offsetof(hr_policy, member)

static const field overrides_fields[] = {
	{.name = "annotation", .type = F_TEXT, .check = check_annotation_key,
	 .offset = PO(override_annotation)},
	{.name = "waive_annotation", .type = F_TEXT,
	 .check = check_annotation_key, .offset = PO(waive_annotation)},
	{.name = NULL},
};

static const field pricing_fields[] = {
	{.name = "currency", .type = F_TEXT, .check = check_currency,
	 .offset = PO(pricing.currency)},
	{.name = "cpu_core_hour", .type = F_NUMBER, .min = 0, .max = 1e6,
	 .offset = PO(pricing.cpu_core_hour)},
	{.name = "memory_gib_hour", .type = F_NUMBER, .min = 0, .max = 1e6,
	 .offset = PO(pricing.memory_gib_hour)},
	/* 744 = 31 x 24, the longest month. */
	{.name = "hours_per_month", .type = F_NUMBER, .min = 1, .max = 744,
	 .offset = PO(pricing.hours_per_month)},
	{.name = NULL},
};

static int custom_node_quantity(loader *l, const field *f, const hr_node *key,
                                const hr_node *value, void *target,
                                const char *what)
{
	bool cpu = f->offset == PO(node_cpu_milli);
	return read_quantity(l, value, what, cpu, AT(target, f->offset, int64_t));
}

static const field node_fields[] = {
	{.name = "cpu", .type = F_CUSTOM, .custom = custom_node_quantity,
	 .offset = PO(node_cpu_milli)},
	{.name = "memory", .type = F_CUSTOM, .custom = custom_node_quantity,
	 .offset = PO(node_memory_bytes)},
	{.name = NULL},
};

static const field confidence_fields[] = {
	{.name = "min_samples", .type = F_INT, .min = 0, .max = 1e9,
	 .offset = PO(min_samples)},
	{.name = "min_coverage", .type = F_PERCENT, .min = 0, .max = 1,
	 .offset = PO(min_coverage)},
	{.name = NULL},
};

/* ---- prometheus: ------------------------------------------------------ */

static const choice unreachable_choices[] = {
	{"open", HR_UNREACHABLE_OPEN}, {"closed", HR_UNREACHABLE_CLOSED},
	{NULL, 0}};

static int custom_duration(loader *l, const field *f, const hr_node *key,
                           const hr_node *value, void *target,
                           const char *what)
{
	char buf[80];
	int64_t seconds;
	if (!value || value->kind != HR_NODE_SCALAR || is_null(value) ||
	    strlen(value->text) != value->len ||
	    hr_duration_parse(value->text, &seconds) != HR_OK)
		return FAIL(l, value, "%s must be a duration such as \"30s\", "
		            "\"5m\", \"1h\", \"14d\" or \"2w\", not %s", what,
		            describe(buf, sizeof(buf), value));
	if ((double)seconds > f->max)
		return FAIL(l, value, "%s must be at most %.0f seconds, not %s",
		            what, f->max, describe(buf, sizeof(buf), value));
	*AT(target, f->offset, int64_t) = seconds;
	return HR_OK;
}

/* Letters, digits and _, not starting with a digit: an environment
 * variable's name, or a Prometheus label's. */
static bool is_identifier(const hr_node *n)
{
	bool ok = n->len <= 128 && !(n->text[0] >= '0' && n->text[0] <= '9');
	for (size_t i = 0; ok && i < n->len; i++)
		ok = is_alnum(n->text[i]) || n->text[i] == '_';
	return ok;
}

/* kind: what the name is for, as the message says it ("name an
 * environment variable", "be a Prometheus label name"). */
static int check_identifier(loader *l, const hr_node *n, const char *what,
                            const char *kind)
{
	if (!is_identifier(n)) {
		char buf[80];
		return FAIL(l, n, "%s must %s (letters, digits, _), not %s", what,
		            kind, quote_node(buf, sizeof(buf), n));
	}
	return HR_OK;
}

static int check_env_name(loader *l, const hr_node *n, const char *what)
{
	return check_identifier(l, n, what, "name an environment variable");
}

/* A Prometheus label name: it is written into queries as it is. */
static int check_label_name(loader *l, const hr_node *n, const char *what)
{
	return check_identifier(l, n, what, "be a Prometheus label name");
}

static int check_url(loader *l, const hr_node *n, const char *what)
{
	if (strncmp(n->text, "http://", 7) != 0 &&
	    strncmp(n->text, "https://", 8) != 0) {
		char buf[120];
		return FAIL(l, n, "%s must start with http:// or https://, not %s",
		            what, quote_node(buf, sizeof(buf), n));
	}
	return HR_OK;
}

/* A header name is an HTTP token; a value holds no line break, so that a
 * policy cannot smuggle a second header (or a request) into a request. */
static bool header_token(const char *s, size_t len)
{
	if (len == 0 || len > 128)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_alnum(s[i]) && !strchr("!#$%&'*+-.^_`|~", s[i]))
			return false;
	return true;
}

static int custom_headers(loader *l, const field *f, const hr_node *key,
                          const hr_node *value, void *target, const char *what)
{
	if (is_null(value)) {
		*AT(target, f->offset2, size_t) = 0;
		return HR_OK;
	}
	if (value->kind != HR_NODE_MAPPING)
		return fail_type(l, value, what, "a mapping such as "
		                 "{X-Scope-OrgID: team-a}");
	if (value->count > HR_POLICY_MAX_LIST)
		return fail_limit(l, value, what, HR_POLICY_MAX_LIST, "headers");
	const char **items = hr_arena_alloc(&l->p->arena,
	                                    (value->count + 1) * sizeof(*items));
	size_t count = 0;
	for (size_t i = 0; i < value->count; i++) {
		const hr_pair *pair = &value->pairs[i];
		if (hr_pair_shadowed(pair))
			continue;
		const hr_node *k = pair->key, *v = pair->value;
		char buf[120];
		if (k->kind != HR_NODE_SCALAR || !header_token(k->text, k->len))
			return FAIL(l, k, "%s: a header name is letters, digits and "
			            "-_ (an HTTP token), not %s", what,
			            k->kind == HR_NODE_SCALAR
			                    ? quote_node(buf, sizeof(buf), k)
			                    : "a collection");
		if (!v || v->kind != HR_NODE_SCALAR || is_null(v) ||
		    strlen(v->text) != v->len || strpbrk(v->text, "\r\n"))
			return FAIL(l, v ? v : k, "%s.%.64s must be a one-line "
			            "string", what, k->text);
		size_t n = k->len + 2 + v->len + 1;
		char *line = hr_arena_alloc(&l->p->arena, n);
		snprintf(line, n, "%s: %s", k->text, v->text);
		items[count++] = line;
	}
	*AT(target, f->offset, const char *const *) = items;
	*AT(target, f->offset2, size_t) = count;
	return HR_OK;
}

#define PP(member) PO(prometheus.member)

static const field prometheus_fields[] = {
	{.name = "url", .type = F_TEXT, .check = check_url, .offset = PP(url)},
	{.name = "cluster_label", .type = F_TEXT, .check = check_label_name,
	 .offset = PP(cluster_label)},
	{.name = "cluster", .type = F_TEXT, .offset = PP(cluster)},
	{.name = "token_env", .type = F_TEXT, .check = check_env_name,
	 .offset = PP(token_env)},
	{.name = "username_env", .type = F_TEXT, .check = check_env_name,
	 .offset = PP(username_env)},
	{.name = "password_env", .type = F_TEXT, .check = check_env_name,
	 .offset = PP(password_env)},
	{.name = "headers", .type = F_CUSTOM, .custom = custom_headers,
	 .offset = PP(headers), .offset2 = PP(header_count)},
	{.name = "ca_file", .type = F_TEXT, .offset = PP(ca_file)},
	{.name = "timeout", .type = F_CUSTOM, .custom = custom_duration,
	 .max = 3600, .offset = PP(timeout)},
	{.name = "deadline", .type = F_CUSTOM, .custom = custom_duration,
	 .max = 86400, .offset = PP(deadline)},
	{.name = "max_connections", .type = F_INT, .min = 1, .max = 64,
	 .offset = PP(max_connections)},
	{.name = "rate_window", .type = F_CUSTOM, .custom = custom_duration,
	 .max = 86400, .offset = PP(rate_window)},
	{.name = "step", .type = F_CUSTOM, .custom = custom_duration,
	 .max = 86400, .offset = PP(step)},
	{.name = "on_unreachable", .type = F_CHOICE,
	 .choices = unreachable_choices, .offset = PP(on_unreachable)},
	{.name = NULL},
};

/* The keys, then what only makes sense together. */
static int custom_prometheus(loader *l, const field *f, const hr_node *key,
                             const hr_node *value, void *target,
                             const char *what)
{
	if (is_null(value))
		return HR_OK;
	if (value->kind != HR_NODE_MAPPING)
		return fail_type(l, value, what, "a mapping");
	int rc = apply_fields(l, value, prometheus_fields, target, what);
	if (rc)
		return rc;
	const hr_prometheus_settings *s = &((hr_policy *)target)->prometheus;
	if (!s->cluster_label != !s->cluster)
		return FAIL(l, value, "%s: cluster_label and cluster go together "
		            "(the label that tells clusters apart, and this "
		            "cluster's value of it)", what);
	if ((s->username_env != NULL) != (s->password_env != NULL))
		return FAIL(l, value, "%s: username_env and password_env go "
		            "together (basic auth)", what);
	if (s->token_env && s->username_env)
		return FAIL(l, value, "%s: token_env and username_env exclude each "
		            "other (bearer token or basic auth)", what);
	if (s->rate_window < 2 * s->step)
		return FAIL(l, value, "%s: rate_window must span at least two "
		            "steps (rate() needs several samples)", what);
	return HR_OK;
}

static const field top_fields[] = {
	{.name = "version", .type = F_CUSTOM, .custom = custom_version,
	 .required = true, .hint = ": add `version: 1` as the first line"},
	{.name = "default_profile", .type = F_CUSTOM,
	 .custom = custom_default_profile},
	{.name = "profiles", .type = F_CUSTOM, .custom = custom_profiles,
	 .offset = PO(profiles), .offset2 = PO(profile_count)},
	{.name = "overrides", .type = F_MAP, .children = overrides_fields},
	{.name = "severity", .type = F_CUSTOM, .custom = custom_severity,
	 .offset = PO(severities), .offset2 = PO(severity_count)},
	{.name = "waivers", .type = F_CUSTOM, .custom = custom_waivers,
	 .offset = PO(waivers), .offset2 = PO(waiver_count)},
	{.name = "pricing", .type = F_MAP, .children = pricing_fields},
	{.name = "node", .type = F_MAP, .children = node_fields},
	{.name = "confidence", .type = F_MAP, .children = confidence_fields},
	{.name = "prometheus", .type = F_CUSTOM, .custom = custom_prometheus},
	{.name = NULL},
};

/* ---- applying a table -------------------------------------------------- */

static int apply_field(loader *l, const field *f, const hr_node *key,
                       const hr_node *value, void *target, const char *what)
{
	switch (f->type) {
	case F_MAP:
		if (is_null(value))
			return HR_OK;
		if (value->kind != HR_NODE_MAPPING)
			return fail_type(l, value, what, "a mapping");
		return apply_fields(l, value, f->children, target, what);
	case F_CHOICE:
		return read_choice(l, value, what, f->choices,
		                   AT(target, f->offset, int));
	case F_PERCENT:
		return read_percent(l, value, what, f->min, f->max,
		                    AT(target, f->offset, double));
	case F_NUMBER:
		return read_number(l, value, what, f->min, f->max,
		                   AT(target, f->offset, double));
	case F_RATIO: {
		double v;
		if (!read_double(value, &v))
			return fail_type(l, value, what, "a number");
		if (v != 0 && (v < f->min || v > f->max))
			return FAIL(l, value, "%s must be 0 (no bound) or between %g "
			            "and %g, not %.40s (a limit is never below its "
			            "request)", what, f->min, f->max, value->text);
		*AT(target, f->offset, double) = v;
		return HR_OK;
	}
	case F_INT:
		return read_int(l, value, what, f->min, f->max,
		                AT(target, f->offset, int64_t));
	case F_BOOL:
		return read_bool(l, value, what, AT(target, f->offset, bool));
	case F_TEXT: {
		int rc = read_text(l, value, what, AT(target, f->offset, const char *));
		if (rc == HR_OK && f->check)
			rc = f->check(l, value, what);
		return rc;
	}
	case F_CUSTOM:
		return f->custom(l, f, key, value, target, what);
	}
	return HR_OK;
}

static const char *key_list(char *buf, size_t size, const field *fields)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; fields[i].name && o < size; i++) {
		int w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "",
		                 fields[i].name);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return buf;
}

typedef struct apply_ctx {
	loader *l;
	const field *fields;
	void *target;
	const char *where;
	size_t seen;
} apply_ctx;

static int apply_pair(const hr_node *key, const hr_node *value, void *arg)
{
	apply_ctx *c = arg;
	loader *l = c->l;
	const char *in = c->where[0] ? c->where : "the top level";
	const char *sep = c->where[0] ? "in " : "at ";
	char keys[400];
	if (key->kind != HR_NODE_SCALAR)
		return FAIL(l, key, "%s%s: a key must be a name, not %s; expected "
		            "one of: %s", sep, in,
		            key->kind == HR_NODE_MAPPING ? "a mapping" : "a list",
		            key_list(keys, sizeof(keys), c->fields));
	const field *f = c->fields;
	while (f->name && !(strlen(f->name) == key->len &&
	                    memcmp(f->name, key->text, key->len) == 0))
		f++;
	if (!f->name) {
		char buf[120];
		size_t best_d = SIZE_MAX;
		const char *near = NULL;
		for (const field *g = c->fields; g->name; g++)
			consider(key->text, key->len, g->name, &best_d, &near);
		char hint[96] = "";
		if (near)
			snprintf(hint, sizeof(hint), " (did you mean \"%s\"?)", near);
		return FAIL(l, key, "unknown key %s %s%s%s; expected one of: %s",
		            quote_node(buf, sizeof(buf), key), sep, in, hint,
		            key_list(keys, sizeof(keys), c->fields));
	}
	char what[WHAT_MAX];
	join(what, c->where, f->name);
	return apply_field(l, f, key, value, c->target, what);
}

/* Read every key of map by the table; then check the required ones. */
static int apply_fields(loader *l, const hr_node *map, const field *fields,
                        void *target, const char *where)
{
	apply_ctx c = {l, fields, target, where, 0};
	int rc = hr_map_each(map, apply_pair, &c);
	if (rc)
		return rc;
	for (const field *f = fields; f->name; f++)
		if (f->required && !hr_map_get(map, f->name))
			return FAIL(l, map, "%s is missing \"%s\"%s",
			            where[0] ? where : "the policy", f->name,
			            f->hint ? f->hint : "");
	return HR_OK;
}

/* ---- the document ------------------------------------------------------ */

static const char *profile_names(char *buf, size_t size, const hr_policy *p)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->profile_count && o < size; i++) {
		int w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "",
		                 p->profiles[i].name);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return buf;
}

static int resolve_default(loader *l, hr_policy *out)
{
	char names[400];
	if (l->default_name) {
		const hr_node *n = l->default_name;
		for (size_t i = 0; i < out->profile_count; i++)
			if (strlen(out->profiles[i].name) == n->len &&
			    memcmp(out->profiles[i].name, n->text, n->len) == 0) {
				out->default_profile = &out->profiles[i];
				return HR_OK;
			}
		char buf[120];
		return FAIL(l, n, "default_profile %s names no profile; the "
		            "profiles are: %s", quote_node(buf, sizeof(buf), n),
		            profile_names(names, sizeof(names), out));
	}
	out->default_profile = hr_policy_profile(out, "standard");
	if (!out->default_profile && out->profile_count == 1)
		out->default_profile = &out->profiles[0];
	if (!out->default_profile)
		return FAIL(l, l->profiles_key, "no default_profile: add "
		            "`default_profile: <name>` naming one of %s (or "
		            "define a profile called standard)",
		            profile_names(names, sizeof(names), out));
	return HR_OK;
}

/* The earliest duplicate key of the document, by the later key's place. */
static const hr_duplicate_key *first_duplicate(const hr_yaml_stream *s)
{
	const hr_duplicate_key *best = NULL;
	for (size_t i = 0; i < s->duplicate_count; i++)
		if (!best || s->duplicates[i].later->start.offset <
		                     best->later->start.offset)
			best = &s->duplicates[i];
	return best;
}

static int parse_into(hr_policy_impl *p, const char *name, const char *text,
                      size_t len, bool builtin, const hr_policy *defaults,
                      hr_policy *out)
{
	hr_source *src = hr_arena_alloc(&p->arena, sizeof(*src));
	src->path = hr_arena_strdup(&p->arena, name);
	src->data = hr_arena_strndup(&p->arena, text, len);
	src->len = len;

	hr_load_limits limits;
	hr_load_limits_default(&limits);
	limits.max_file_bytes = HR_POLICY_MAX_BYTES;
	limits.max_total_bytes = HR_POLICY_MAX_BYTES;
	limits.max_depth = HR_POLICY_MAX_DEPTH;
	limits.max_expanded_nodes = HR_POLICY_MAX_EXPANDED_NODES;
	limits.jobs = 1;

	hr_yaml_stream stream;
	int rc = hr_yaml_parse(&p->arena, src, &limits, &stream);
	if (rc)
		return rc;

	loader l = {p, src->path, builtin ? NULL : src->path, NULL, NULL, NULL,
	            NULL, false};
	if (stream.root_count == 0)
		return hr_fail_at(HR_EINVALID, src->path, 0, 0, "empty policy: "
		                  "the file holds no YAML document (a policy "
		                  "starts with `version: 1`)");
	l.root = stream.roots[0];
	if (stream.root_count > 1)
		return FAIL(&l, stream.roots[1], "a policy is one YAML document; "
		            "this is a second one (remove the `---` above it)");
	const hr_duplicate_key *dup = first_duplicate(&stream);
	if (dup) {
		char buf[120];
		return FAIL(&l, dup->later, "key %s is set twice in the same "
		            "mapping (first on line %u); keep one",
		            quote_node(buf, sizeof(buf), dup->later),
		            (unsigned)dup->first->start.line);
	}
	if (l.root->kind != HR_NODE_MAPPING)
		return fail_type(&l, l.root, "a policy", "a mapping of keys "
		                 "(version, profiles, ...)");

	static const hr_profile zero_profile;
	if (defaults) {
		*out = *defaults;
		out->source = NULL;
		out->severities = NULL;
		out->severity_count = 0;
		out->waivers = NULL;
		out->waiver_count = 0;
		out->node_cpu_milli = 0;
		out->node_memory_bytes = 0;
		out->default_profile = NULL;
		l.base = hr_policy_profile(defaults, "standard");
		if (!l.base)
			l.base = &zero_profile;
	} else {
		memset(out, 0, sizeof(*out));
		l.base = &zero_profile;
	}

	if ((rc = apply_fields(&l, l.root, top_fields, out, "")))
		return rc;
	if (out->profile_count == 0)
		return FAIL(&l, l.root, "the policy defines no profiles");
	return resolve_default(&l, out);
}

int hr_policy_parse(const char *name, const char *text, size_t len,
                    bool builtin, hr_policy **out)
{
	*out = NULL;
	if (len > HR_POLICY_MAX_BYTES)
		return hr_fail_at(HR_ELIMIT, name, 0, 0, "the policy is larger "
		                  "than the limit of %u bytes", HR_POLICY_MAX_BYTES);
	hr_policy_impl *p = hr_xcalloc(1, sizeof(*p));
	hr_policy defaults;
	int rc = HR_OK;
	if (!builtin) {
		const char *dt = hr_policy_default_text();
		rc = parse_into(p, HR_POLICY_BUILTIN_NAME, dt, strlen(dt), true,
		                NULL, &defaults);
	}
	if (rc == HR_OK)
		rc = parse_into(p, name, text, len, builtin,
		                builtin ? NULL : &defaults, &p->pub);
	if (rc) {
		hr_policy *pub = &p->pub;
		hr_policy_free(&pub);
		return rc;
	}
	p->pub.source = builtin ? NULL : hr_arena_strdup(&p->arena, name);
	*out = &p->pub;
	return HR_OK;
}

int hr_policy_load_text(const char *name, const char *text, size_t len,
                        hr_policy **out)
{
	return hr_policy_parse(name, text, len, false, out);
}

int hr_policy_load(const char *path, hr_policy **out)
{
	*out = NULL;
	char *data;
	size_t len;
	int rc = hr_read_file(path, HR_POLICY_MAX_BYTES, &data, &len);
	if (rc)
		return rc;
	rc = hr_policy_parse(path, data, len, false, out);
	free(data);
	return rc;
}
