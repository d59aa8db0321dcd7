/*
 * The report's JSON writer must write exactly what jansson's compact
 * encoder writes: every value here is encoded both ways and compared.
 */
#include "test_util.h"

#include "report/json_writer.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

/* Encode with the writer into a string. */
static char *with_writer(void (*write)(hr_json_writer *, const void *),
                         const void *arg)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	hr_json_writer *w = malloc(sizeof(*w));
	hr_jw_init(w, out);
	write(w, arg);
	assert_true(hr_jw_finish(w));
	free(w);
	fclose(out);
	return text;
}

static void expect_same(json_t *value, char *ours, const char *what)
{
	char *theirs = json_dumps(value, FLAGS);
	assert_non_null(theirs);
	if (strcmp(theirs, ours) != 0)
		fail_msg("%s: jansson wrote %s, the writer %s", what, theirs, ours);
	free(theirs);
	free(ours);
	json_decref(value);
}

static void write_real(hr_json_writer *w, const void *arg)
{
	hr_jw_real(w, *(const double *)arg);
}

static void test_reals(void **state)
{
	(void)state;
	static const double values[] = {0, -0.0, 1, -1, 0.5, 0.001, -0.001,
		999999999999.999, 1e12, 1e11 + 0.5, 0.35, 2.0, -2.5, 0.25, 1e-7, 1.5e21,
		123456789012345680000.0, 0.1, 0.2 + 0.1, 3.14159265358979,
		1e15, 1e16, 1e17, 2.5e-300, 1.7976931348623157e308, 42.0, 0.35,
		1073741824.0, 0.003, 729.9999999999999};
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char what[64];
		snprintf(what, sizeof(what), "real %.17g", values[i]);
		expect_same(json_real(values[i]), with_writer(write_real, &values[i]),
		            what);
	}
}

/* Thousandths take a path of their own: compare a great many of them,
 * and random doubles around them. */
static void test_many_reals(void **state)
{
	(void)state;
	uint64_t x = 0x9e3779b97f4a7c15u;
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		double v;
		switch (i % 4) {
		case 0: v = (double)(int64_t)(x % 2000000001u - 1000000000u) / 1000.0; break;
		case 1: v = (double)(x % 100000u) / 1000.0; break;
		case 2: v = (double)(x >> 11) / 9007199254740992.0 * 1e6; break;
		default: v = round((double)(x % 100000000u)) / 100.0; break;
		}
		char what[64];
		snprintf(what, sizeof(what), "real %.17g", v);
		expect_same(json_real(v), with_writer(write_real, &v), what);
	}
}

static void write_int(hr_json_writer *w, const void *arg)
{
	hr_jw_int(w, *(const int64_t *)arg);
}

static void test_integers(void **state)
{
	(void)state;
	static const int64_t values[] = {0, 1, -1, 9, 10, 4096, -4096,
		INT64_MAX, INT64_MIN, 1000000000000LL};
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		expect_same(json_integer(values[i]), with_writer(write_int, &values[i]),
		            "integer");
}

static void write_string(hr_json_writer *w, const void *arg)
{
	hr_jw_string(w, arg);
}

static void test_strings(void **state)
{
	(void)state;
	static const char *const values[] = {"", "plain", "with space",
		"quote\"inside", "back\\slash", "new\nline", "tab\there",
		"\x1b[31mred\x1b[0m", "bell\x07", "caf\xc3\xa9", "\xe2\x80\xaertl",
		"emoji \xf0\x9f\x98\x80", "del\x7f", "slash/ok", "<html>&amp;",
		"\x01\x02\x1f"};
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		expect_same(json_string(values[i]), with_writer(write_string, values[i]),
		            values[i]);
	/* Not UTF-8: jansson refuses it, and so does the writer (null). */
	char *ours = with_writer(write_string, "bad\xff");
	assert_string_equal(ours, "null");
	free(ours);
}

static void write_nested(hr_json_writer *w, const void *arg)
{
	(void)arg;
	hr_jw_begin_object(w);
	hr_jw_key(w, "a");
	hr_jw_begin_array(w);
	hr_jw_int(w, 1);
	hr_jw_begin_object(w);
	hr_jw_end_object(w);
	hr_jw_begin_array(w);
	hr_jw_end_array(w);
	hr_jw_null(w);
	hr_jw_bool(w, true);
	hr_jw_end_array(w);
	hr_jw_key_string(w, "k\"ey");
	hr_jw_string(w, NULL);
	hr_jw_key(w, "b");
	hr_jw_bool(w, false);
	hr_jw_end_object(w);
}

static void test_structure(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:[i,{},[],n,b],s:n,s:b}", "a", 1, true, "k\"ey",
	                      "b", false);
	expect_same(v, with_writer(write_nested, NULL), "nested");
}

/* Output larger than the writer's buffer arrives whole. */
static void write_many(hr_json_writer *w, const void *arg)
{
	(void)arg;
	hr_jw_begin_array(w);
	for (int i = 0; i < 50000; i++)
		hr_jw_string(w, "0123456789");
	hr_jw_end_array(w);
}

static void test_large_output(void **state)
{
	(void)state;
	json_t *v = json_array();
	for (int i = 0; i < 50000; i++)
		json_array_append_new(v, json_string("0123456789"));
	expect_same(v, with_writer(write_many, NULL), "large");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reals),
		cmocka_unit_test(test_many_reals),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_large_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
