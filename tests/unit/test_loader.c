/*
 * The loader: documents, positions, duplicates, aliases, merges, limits and
 * hostile input.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct load_case {
	const char *name;
	const char *input;
	size_t input_len; /* 0: strlen */
	int rc;
	size_t documents;
	size_t duplicates;
	unsigned error_line; /* 0: not checked */
	const char *error_contains;
} load_case;

#define DEPLOY(name) "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " name "}\n"

static const load_case cases[] = {
	{"one object", DEPLOY("a"), 0, HR_OK, 1, 0, 0, NULL},
	{"empty input", "", 0, HR_OK, 0, 0, 0, NULL},
	{"comment-only documents", "# only a comment\n---\n# another\n---\n" DEPLOY("a"),
	 0, HR_OK, 1, 0, 0, NULL},
	{"multi-document stream", DEPLOY("a") "---\n" DEPLOY("b") "---\n" DEPLOY("c"),
	 0, HR_OK, 3, 0, 0, NULL},
	{"non-objects skipped", "just a string\n---\n- a list\n---\nfoo: bar\n---\n"
	 "kind: Deployment\n---\napiVersion: v1\n---\n" DEPLOY("a"),
	 0, HR_OK, 1, 0, 0, NULL},
	{"kind and apiVersion must be strings", "apiVersion: 1\nkind: Deployment\n"
	 "---\napiVersion: v1\nkind: [Pod]\n", 0, HR_OK, 0, 0, 0, NULL},
	{"kind List expands", "apiVersion: v1\nkind: List\nitems:\n- " 
	 "{apiVersion: v1, kind: Pod, metadata: {name: p}}\n- {apiVersion: apps/v1, "
	 "kind: Deployment, metadata: {name: d}}\n- not an object\n",
	 0, HR_OK, 2, 0, 0, NULL},
	{"DeploymentList expands", "apiVersion: apps/v1\nkind: DeploymentList\n"
	 "items: [{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}}]\n",
	 0, HR_OK, 1, 0, 0, NULL},
	{"JSON with tabs", "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"List\",\n\t"
	 "\"items\": [\n\t\t{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\":"
	 " {\"name\": \"p\"}}\n\t]\n}\n", 0, HR_OK, 1, 0, 0, NULL},
	{"duplicate key", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n",
	 0, HR_OK, 1, 1, 0, NULL},
	{"duplicate key in JSON", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"kind\":\"Pod\"}",
	 0, HR_OK, 1, 1, 0, NULL},
	{"duplicates outside objects ignored", "a: 1\na: 2\n", 0, HR_OK, 0, 0, 0, NULL},
	{"triple key gives two duplicates", "apiVersion: v1\nkind: Pod\nx: 1\nx: 2\nx: 3\n",
	 0, HR_OK, 1, 2, 0, NULL},
	{"quoted and plain keys are the same key", "apiVersion: v1\nkind: Pod\n"
	 "\"x\": 1\nx: 2\n", 0, HR_OK, 1, 1, 0, NULL},
	{"syntax error", DEPLOY("a") "spec:\n  replicas: 1\n bad: indent\n", 0,
	 HR_EINVALID, 0, 0, 6, "YAML syntax error"},
	{"truncated flow", "apiVersion: v1\nkind: Pod\nmetadata: {name: [a, b\n", 0,
	 HR_EINVALID, 0, 0, 0, "YAML syntax error"},
	{"truncated quote", "apiVersion: v1\nkind: \"Pod\n", 0, HR_EINVALID, 0, 0, 0,
	 "YAML syntax error"},
	{"undefined alias", "a: *nothing\n", 0, HR_EINVALID, 0, 0, 1,
	 "refers to no anchor"},
	{"self-referencing alias", "a: &x [1, *x]\n", 0, HR_EINVALID, 0, 0, 1,
	 "refers to no anchor"},
	{"invalid UTF-8", "apiVersion: v1\nkind: Pod\nname: \xff\xfe\n", 0,
	 HR_EINVALID, 0, 0, 3, "UTF-8"},
	{"UTF-16 BOM", "\xff\xfe" "a\0:\0", 6, HR_EINVALID, 0, 0, 1, "UTF-16"},
	{"NUL byte", "apiVersion: v1\nkind: Pod\x00\n", 26, HR_EINVALID, 0, 0, 0,
	 NULL},
	{"helm template that does not parse", "apiVersion: v1\nkind: Pod\n"
	 "{{- if .Values.enabled }}\nmetadata: {}\n{{- end }}\n", 0, HR_ETEMPLATE,
	 0, 0, 0, "helm template"},
	{"helm template that parses", DEPLOY("a") "spec:\n  replicas: {{ .Values.n }}\n",
	 0, HR_ETEMPLATE, 0, 0, 5, "helm template"},
	{"braces inside strings are fine", "apiVersion: v1\nkind: ConfigMap\ndata:\n"
	 "  a: \"{{ $labels.instance }} down\"\n  b: Instance {{ $labels.x }}\n",
	 0, HR_OK, 1, 0, 0, NULL},
	{"merge of a scalar is refused", "apiVersion: v1\nkind: Pod\n<<: 5\n", 0,
	 HR_EINVALID, 0, 0, 3, "merge key"},
	{"CRLF line endings", "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n",
	 0, HR_OK, 1, 0, 0, NULL},
	{"UTF-8 BOM", "\xef\xbb\xbf" "apiVersion: v1\nkind: Pod\n", 0, HR_OK, 1, 0,
	 0, NULL},
};

static void test_load_cases(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const load_case *c = &cases[i];
		hr_manifests *set;
		hr_manifests_new(&set, NULL);
		size_t len = c->input_len ? c->input_len : strlen(c->input);
		int rc = hr_manifests_add_buffer(set, "t.yaml", c->input, len);
		const hr_error *e = hr_error_last();
		bool ok = rc == c->rc;
		if (ok && rc == HR_OK)
			ok = hr_manifests_count(set) == c->documents &&
			     hr_manifests_duplicate_count(set) == c->duplicates;
		if (ok && rc != HR_OK) {
			ok = e->file && strcmp(e->file, "t.yaml") == 0;
			if (c->error_line)
				ok = ok && e->line == c->error_line;
			if (c->error_contains)
				ok = ok && strstr(e->message, c->error_contains);
		}
		if (!ok) {
			printf("case '%s': rc %d (want %d), docs %zu (want %zu), dups %zu "
			       "(want %zu), error %s:%u: %s\n", c->name, rc, c->rc,
			       hr_manifests_count(set), c->documents,
			       hr_manifests_duplicate_count(set), c->duplicates,
			       e->file ? e->file : "-", e->line, e->message);
			bad++;
		}
		hr_manifests_free(&set);
	}
	assert_int_equal(bad, 0);
}

static const hr_node *doc_root(hr_manifests *set, size_t i)
{
	const hr_document *d = hr_manifests_get(set, i);
	assert_non_null(d);
	return d->root;
}

/* Lines and columns count characters, offsets count bytes: "é" is one
 * column and two bytes. */
static void test_positions_bytes_and_chars(void **state)
{
	(void)state;
	const char *text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xc3\xa9t\xc3\xa9\n"
	                   "  labels: {a: \xc3\xa9, b: \"256Mi\"}\n";
	hr_manifests *set;
	assert_int_equal(load_text(text, &set), HR_OK);
	const hr_node *labels = hr_map_get(hr_map_get(doc_root(set, 0), "metadata"), "labels");
	const hr_node *b = hr_map_get(labels, "b");
	assert_non_null(b);
	assert_int_equal(b->start.line, 5);
	assert_int_equal(b->start.column, 21);
	assert_memory_equal(text + b->start.offset, "\"256Mi\"", 7);
	assert_int_equal(b->end_offset - b->start.offset, 7);
	const hr_node *name = hr_map_get(hr_map_get(doc_root(set, 0), "metadata"), "name");
	assert_string_equal(name->text, "\xc3\xa9t\xc3\xa9");
	assert_int_equal(name->start.column, 9);
	assert_memory_equal(text + name->start.offset, "\xc3\xa9t\xc3\xa9\n", 6);
	hr_manifests_free(&set);
}

static void test_positions_after_bom_and_crlf(void **state)
{
	(void)state;
	const char *text = "\xef\xbb\xbf" "apiVersion: v1\r\nkind: Pod\r\nx: value\r\n";
	hr_manifests *set;
	assert_int_equal(load_text(text, &set), HR_OK);
	const hr_node *x = hr_map_get(doc_root(set, 0), "x");
	assert_int_equal(x->start.line, 3);
	assert_int_equal(x->start.column, 4);
	assert_memory_equal(text + x->start.offset, "value", 5);
	hr_manifests_free(&set);
}

static void test_duplicate_later_wins(void **state)
{
	(void)state;
	hr_manifests *set;
	assert_int_equal(load_text("apiVersion: v1\nkind: Pod\nm: 1\nm: 2\n", &set), HR_OK);
	assert_string_equal(hr_node_text(hr_map_get(doc_root(set, 0), "m")), "2");
	const hr_duplicate_key *d = hr_manifests_duplicate(set, 0);
	assert_int_equal(d->first->start.line, 3);
	assert_int_equal(d->later->start.line, 4);
	assert_int_equal(d->document, 0);
	hr_manifests_free(&set);
}

static int count_visit(const hr_node *k, const hr_node *v, void *ctx)
{
	(void)k;
	(void)v;
	(*(int *)ctx)++;
	return 0;
}

static void test_aliases_share_nodes(void **state)
{
	(void)state;
	hr_manifests *set;
	assert_int_equal(load_text("apiVersion: v1\nkind: Pod\na: &r {cpu: 1}\nb: *r\n", &set),
	                 HR_OK);
	const hr_node *root = doc_root(set, 0);
	assert_ptr_equal(hr_map_get(root, "a"), hr_map_get(root, "b"));
	hr_manifests_free(&set);
}

/* go-yaml v2: pairs apply in order, a later key overrides a merged one and
 * a merge overrides an earlier key; in a merged list the first map wins. */
static void test_merge_keys(void **state)
{
	(void)state;
	const char *text = "apiVersion: v1\nkind: Pod\n"
	                   "base: &base {cpu: 1, memory: 2, x: 9}\n"
	                   "other: &other {cpu: 7, y: 8}\n"
	                   "m:\n  memory: 5\n  <<: [*base, *other]\n  cpu: 3\n";
	hr_manifests *set;
	assert_int_equal(load_text(text, &set), HR_OK);
	const hr_node *m = hr_map_get(doc_root(set, 0), "m");
	assert_string_equal(hr_node_text(hr_map_get(m, "cpu")), "3");
	assert_string_equal(hr_node_text(hr_map_get(m, "memory")), "2");
	assert_string_equal(hr_node_text(hr_map_get(m, "x")), "9");
	assert_string_equal(hr_node_text(hr_map_get(m, "y")), "8");
	int n = 0;
	hr_map_each(m, count_visit, &n);
	assert_int_equal(n, 4);
	hr_manifests_free(&set);
}

static void test_alias_bomb_is_bounded(void **state)
{
	(void)state;
	const char *bomb = "apiVersion: v1\nkind: Pod\n"
	                   "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	                   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	                   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	                   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	                   "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	                   "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	                   "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
	hr_manifests *set;
	assert_int_equal(load_text(bomb, &set), HR_ELIMIT);
	assert_non_null(strstr(hr_error_last()->message, "aliases expand"));
	hr_manifests_free(&set);
}

static void test_depth_is_bounded(void **state)
{
	(void)state;
	size_t n = 100000;
	char *deep = malloc(2 * n + 1);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	hr_manifests *set;
	assert_int_equal(load_text(deep, &set), HR_ELIMIT);
	assert_non_null(strstr(hr_error_last()->message, "nesting deeper"));
	assert_int_equal(hr_error_last()->line, 1);
	hr_manifests_free(&set);
	free(deep);
}

static void test_file_size_limit(void **state)
{
	(void)state;
	hr_load_limits limits;
	hr_load_limits_default(&limits);
	limits.max_file_bytes = 10;
	hr_manifests *set;
	hr_manifests_new(&set, &limits);
	assert_int_equal(hr_manifests_add_buffer(set, "big.yaml", "apiVersion: v1\n", 15),
	                 HR_ELIMIT);
	hr_manifests_free(&set);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Directories: recursive, byte order, manifest extensions only, hidden
 * entries skipped. */
static void test_directory_walk(void **state)
{
	(void)state;
	char dir[] = "/tmp/hr-walk-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	const char *files[][2] = {
		{"b.yaml", DEPLOY("b")}, {"a.yml", DEPLOY("a")},
		{"sub/c.json", "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
		               "\"metadata\":{\"name\":\"c\"}}"},
		{"notes.txt", DEPLOY("txt")}, {".hidden/d.yaml", DEPLOY("hidden")},
		{"Z.yaml", DEPLOY("Z")},
	};
	snprintf(path, sizeof(path), "%s/sub", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/.hidden", dir);
	mkdir(path, 0700);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		write_file(path, files[i][1]);
	}
	hr_manifests *set;
	hr_manifests_new(&set, NULL);
	assert_int_equal(hr_manifests_add_path(set, dir), HR_OK);
	const char *want[] = {"Z", "a", "b", "c"};
	assert_int_equal(hr_manifests_count(set), 4);
	for (size_t i = 0; i < 4; i++) {
		const hr_node *meta = hr_map_get(doc_root(set, i), "metadata");
		assert_string_equal(hr_node_text(hr_map_get(meta, "name")), want[i]);
	}
	hr_manifests_free(&set);

	hr_manifests_new(&set, NULL);
	snprintf(path, sizeof(path), "%s/missing.yaml", dir);
	assert_int_equal(hr_manifests_add_path(set, path), HR_EIO);
	assert_non_null(strstr(hr_error_last()->message, "No such file"));
	hr_manifests_free(&set);

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/.hidden", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_cases),
		cmocka_unit_test(test_positions_bytes_and_chars),
		cmocka_unit_test(test_positions_after_bom_and_crlf),
		cmocka_unit_test(test_duplicate_later_wins),
		cmocka_unit_test(test_aliases_share_nodes),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_alias_bomb_is_bounded),
		cmocka_unit_test(test_depth_is_bounded),
		cmocka_unit_test(test_file_size_limit),
		cmocka_unit_test(test_directory_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
