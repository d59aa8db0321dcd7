/*
 * YAML 1.1 scalar resolution, as kubectl and the API server see values.
 */
#include "test_util.h"

#include <stdio.h>

typedef struct scalar_case {
	const char *yaml;        /* the value as written after "v: " */
	hr_scalar_type type;
	const char *as_string;   /* hr_scalar_as_string, NULL when none */
} scalar_case;

static const scalar_case cases[] = {
	{"256Mi", HR_TYPE_STRING, "256Mi"},
	{"\"0.5\"", HR_TYPE_STRING, "0.5"},
	{"'1'", HR_TYPE_STRING, "1"},
	{"0.5", HR_TYPE_FLOAT, "0.5"},
	{"0.50", HR_TYPE_FLOAT, "0.5"},
	{".5", HR_TYPE_FLOAT, "0.5"},
	{"1.0", HR_TYPE_FLOAT, "1"},
	{"1e3", HR_TYPE_FLOAT, "1000"},
	{"1.5e-7", HR_TYPE_FLOAT, "1.5e-7"},
	{"2e21", HR_TYPE_FLOAT, "2e+21"},
	{"0.1", HR_TYPE_FLOAT, "0.1"},
	{"0.30000000000000004", HR_TYPE_FLOAT, "0.30000000000000004"},
	{"12345678901234567890", HR_TYPE_INT, "12345678901234567890"},
	{"123456789012345678901", HR_TYPE_FLOAT, "123456789012345680000"},
	{"1e400", HR_TYPE_STRING, "1e400"},
	{"3", HR_TYPE_INT, "3"},
	{"-3", HR_TYPE_INT, "-3"},
	{"+3", HR_TYPE_INT, "3"},
	{"010", HR_TYPE_INT, "8"},
	{"08", HR_TYPE_FLOAT, "8"},
	{"0x1F", HR_TYPE_INT, "31"},
	{"0o17", HR_TYPE_INT, "15"},
	{"0b101", HR_TYPE_INT, "5"},
	{"1_000", HR_TYPE_INT, "1000"},
	{"yes", HR_TYPE_BOOL, NULL},
	{"On", HR_TYPE_BOOL, NULL},
	{"n", HR_TYPE_BOOL, NULL},
	{"FALSE", HR_TYPE_BOOL, NULL},
	{"~", HR_TYPE_NULL, NULL},
	{"null", HR_TYPE_NULL, NULL},
	{"", HR_TYPE_NULL, NULL},
	{".inf", HR_TYPE_FLOAT, NULL},
	{"-.Inf", HR_TYPE_FLOAT, NULL},
	{".nan", HR_TYPE_FLOAT, NULL},
	{"!!str 5", HR_TYPE_STRING, "5"},
	{"!!str yes", HR_TYPE_STRING, "yes"},
	{"2026-12-31", HR_TYPE_STRING, "2026-12-31"},
	{"1.2.3", HR_TYPE_STRING, "1.2.3"},
	{"100m", HR_TYPE_STRING, "100m"},
	{"-x", HR_TYPE_STRING, "-x"},
	{"0x", HR_TYPE_STRING, "0x"},
};

static void test_resolution(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const scalar_case *c = &cases[i];
		char text[256];
		snprintf(text, sizeof(text), "apiVersion: v1\nkind: Pod\nv: %s\n", c->yaml);
		hr_manifests *set;
		assert_int_equal(load_text(text, &set), HR_OK);
		const hr_node *v = hr_map_get(hr_manifests_get(set, 0)->root, "v");
		char buf[64];
		size_t len = 0;
		hr_scalar_type type = hr_scalar_resolve(v);
		const char *s = hr_scalar_as_string(v, buf, sizeof(buf), &len);
		bool ok = type == c->type &&
		          (c->as_string ? s && strlen(c->as_string) == len &&
		                                  memcmp(s, c->as_string, len) == 0
		                        : s == NULL);
		if (!ok) {
			printf("'%s': type %d (want %d), string '%.*s' (want '%s')\n",
			       c->yaml, type, c->type, s ? (int)len : 4, s ? s : "NULL",
			       c->as_string ? c->as_string : "NULL");
			bad++;
		}
		hr_manifests_free(&set);
	}
	assert_int_equal(bad, 0);
}

typedef struct int_case {
	const char *yaml;
	bool ok;
	int64_t value;
} int_case;

static const int_case int_cases[] = {
	{"3", true, 3},      {"010", true, 8},   {"3.0", true, 3},
	{"3.5", false, 0},   {"\"3\"", false, 0}, {"yes", false, 0},
	{"-1", true, -1},    {"0x10", true, 16}, {"9223372036854775807", true, INT64_MAX},
	{"9223372036854775808", false, 0}, {"[3]", false, 0},
};

static void test_int_decoding(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(int_cases) / sizeof(int_cases[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "apiVersion: v1\nkind: Pod\nv: %s\n",
		         int_cases[i].yaml);
		hr_manifests *set;
		assert_int_equal(load_text(text, &set), HR_OK);
		int64_t v = 0;
		bool ok = hr_scalar_as_int(hr_map_get(hr_manifests_get(set, 0)->root, "v"), &v);
		if (ok != int_cases[i].ok || (ok && v != int_cases[i].value))
			fail_msg("'%s': ok %d value %lld", int_cases[i].yaml, ok, (long long)v);
		hr_manifests_free(&set);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolution),
		cmocka_unit_test(test_int_decoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
