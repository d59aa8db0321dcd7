/*
 * Unit tests for src/model/quantity.c.
 *
 * Usage: test_quantity PATH/TO/quantity-cases.tsv
 *
 * The TSV is the conformance table (one row per input, byte-exact); the
 * static tables below cover what it does not: accessors, range errors,
 * embedded NULs and reads past the given length.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "headroom/error.h"
#include "headroom/quantity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPECTED_ROWS 494
#define TSV_MAX (1024 * 1024)

static const char *tsv_path;

/*
 * Parse from a heap copy of exactly len bytes, so that ASan reports any
 * read past the end (a string literal would hide it behind its NUL).
 */
static int parse_exact(const char *text, size_t len, hr_quantity *q)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	if (len)
		memcpy(copy, text, len);
	int rc = hr_quantity_parse(copy, len, q);
	free(copy);
	return rc;
}

static int parse_str(const char *text, hr_quantity *q)
{
	return parse_exact(text, strlen(text), q);
}

static hr_quantity must_parse(const char *text)
{
	hr_quantity q;
	int rc = parse_str(text, &q);
	if (rc != HR_OK)
		fail_msg("parse(\"%s\") = %d: %s", text, rc,
		         hr_error_last()->message);
	return q;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *data = malloc(TSV_MAX + 1);
	assert_non_null(data);
	*len = fread(data, 1, TSV_MAX, f);
	assert_true(feof(f));
	fclose(f);
	data[*len] = '\0';
	return data;
}

/* Split line[0..len) at tabs into at most max fields. */
static size_t split_tabs(char *line, size_t len, char **field, size_t *flen,
                         size_t max)
{
	size_t n = 0;
	size_t start = 0;
	for (size_t i = 0; i <= len && n < max; i++) {
		if (i == len || line[i] == '\t') {
			field[n] = line + start;
			flen[n] = i - start;
			n++;
			start = i + 1;
		}
	}
	return n;
}

static bool field_is(const char *f, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(f, s, len) == 0;
}

/* Returns true if the row passed; prints why not otherwise. */
static bool check_row(size_t row, char **field, size_t *flen)
{
	hr_quantity q;
	char canon[HR_QUANTITY_STRING_MAX];
	char exact[HR_QUANTITY_STRING_MAX];
	const char *input = field[0];
	size_t len = flen[0];
	int rc = parse_exact(input, len, &q);

	if (field_is(field[1], flen[1], "yes")) {
		if (rc != HR_OK) {
			print_error("row %zu \"%.*s\": parse failed (%d): %s\n",
			            row, (int)len, input, rc,
			            hr_error_last()->message);
			return false;
		}
		hr_quantity_canonical(&q, input, len, canon, sizeof(canon));
		hr_quantity_exact(&q, exact, sizeof(exact));
		if (!field_is(field[2], flen[2], canon) ||
		    !field_is(field[3], flen[3], exact)) {
			print_error("row %zu \"%.*s\": got %s / %s, want "
			            "%.*s / %.*s\n",
			            row, (int)len, input, canon, exact,
			            (int)flen[2], field[2], (int)flen[3],
			            field[3]);
			return false;
		}
		return true;
	}

	int want = field_is(field[2], flen[2], "ErrSuffix")
	                   ? HR_EQUANTITY_SUFFIX
	                   : HR_EQUANTITY_FORMAT;
	if (!field_is(field[1], flen[1], "no") ||
	    (!field_is(field[2], flen[2], "ErrSuffix") &&
	     !field_is(field[2], flen[2], "ErrFormatWrong"))) {
		print_error("row %zu: malformed expectation\n", row);
		return false;
	}
	if (rc != want) {
		print_error("row %zu \"%.*s\": got %d, want %d (%.*s)\n", row,
		            (int)len, input, rc, want, (int)flen[2], field[2]);
		return false;
	}
	return true;
}

static void test_conformance_table(void **state)
{
	(void)state;
	size_t len;
	char *data = read_file(tsv_path, &len);
	size_t rows = 0;
	size_t bad = 0;
	size_t pos = 0;
	bool header = true;

	while (pos < len) {
		char *line = data + pos;
		char *nl = memchr(line, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - line) : len - pos;
		pos += line_len + 1;
		if (header) {
			header = false;
			continue;
		}
		char *field[5];
		size_t flen[5];
		rows++;
		if (split_tabs(line, line_len, field, flen, 5) != 5) {
			print_error("row %zu: expected 5 fields\n", rows);
			bad++;
			continue;
		}
		if (!check_row(rows, field, flen))
			bad++;
	}
	free(data);
	if (bad)
		fail_msg("%zu of %zu rows failed", bad, rows);
	assert_int_equal(rows, EXPECTED_ROWS);
}

static void test_value_and_milli(void **state)
{
	(void)state;
	static const struct {
		const char *input;
		int64_t value;
		int64_t milli;
	} cases[] = {
		{ "0", 0, 0 },
		{ "1", 1, 1000 },
		{ "250m", 1, 250 },
		{ "1.5", 2, 1500 },
		{ "-1.5", -2, -1500 },
		{ "0.1m", 1, 1 },
		{ "-0.1m", -1, -1 },
		{ "1n", 1, 1 },
		{ "-1n", -1, -1 },
		{ "1001m", 2, 1001 },
		{ "1Ki", 1024, 1024000 },
		{ "1.5Gi", 1610612736, 1610612736000 },
		{ "1E", 1000000000000000000, INT64_MAX },
		{ "-1E", -1000000000000000000, INT64_MIN },
		{ "9223372036854775807", INT64_MAX, INT64_MAX },
		{ "-9223372036854775808", INT64_MIN, INT64_MIN },
		{ "9223372036854775808", INT64_MAX, INT64_MAX },
		{ "-9223372036854775809", INT64_MIN, INT64_MIN },
		{ "9223372036854775806.1", INT64_MAX, INT64_MAX },
		{ "9223372036854775.807", 9223372036854776,
		  9223372036854775807 },
		{ "9223372036854775.8071", 9223372036854776, INT64_MAX },
		{ "-9223372036854775.808", -9223372036854776, INT64_MIN },
		{ "-9223372036854775.8081", -9223372036854776, INT64_MIN },
		{ "9Ei", INT64_MAX, INT64_MAX },
		{ "-9Ei", -INT64_MAX, INT64_MIN },
		{ "10E", INT64_MAX, INT64_MAX },
		{ "1e-9", 1, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_quantity q = must_parse(cases[i].input);
		if (hr_quantity_value(&q) != cases[i].value ||
		    hr_quantity_milli(&q) != cases[i].milli)
			fail_msg("%s: value %lld milli %lld", cases[i].input,
			         (long long)hr_quantity_value(&q),
			         (long long)hr_quantity_milli(&q));
	}
}

static void test_to_double(void **state)
{
	(void)state;
	static const struct {
		const char *input;
		double value;
	} cases[] = {
		{ "0", 0.0 },
		{ "250m", 0.25 },
		{ "1.001", 1.001 },
		{ "-0.5", -0.5 },
		{ "100m", 0.1 },
		{ "1n", 1e-9 },
		{ "3.001n", 4e-9 },
		{ "1.5Gi", 1610612736.0 },
		{ "100.035k", 100035.0 },
		{ "1E", 1e18 },
		{ "-1e21", -1e21 },
		{ "9Ei", 9223372036854775807.0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_quantity q = must_parse(cases[i].input);
		double got = hr_quantity_to_double(&q);
		if (got != cases[i].value)
			fail_msg("%s: got %.17g, want %.17g", cases[i].input,
			         got, cases[i].value);
	}
}

static void test_cmp(void **state)
{
	(void)state;
	static const struct {
		const char *a;
		const char *b;
		int want;
	} cases[] = {
		{ "1", "1000m", 0 },   { "1Ki", "1024", 0 },
		{ "1k", "1Ki", -1 },   { "1Ki", "1k", 1 },
		{ "-1", "1", -1 },     { "1n", "0", 1 },
		{ "-1n", "0", -1 },    { "-0", "0", 0 },
		{ "9Ei", "8Ei", 0 },   { "1.001", "1001m", 0 },
		{ "0.1m", "100u", 0 }, { "1E", "999999999999999999", 1 },
		{ "1e3", "1k", 0 },    { "1e21", "1000E", 0 },
		{ "129M", "123Mi", 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_quantity a = must_parse(cases[i].a);
		hr_quantity b = must_parse(cases[i].b);
		int got = hr_quantity_cmp(&a, &b);
		int back = hr_quantity_cmp(&b, &a);
		got = (got > 0) - (got < 0);
		back = (back > 0) - (back < 0);
		if (got != cases[i].want || back != -cases[i].want)
			fail_msg("cmp(%s, %s) = %d / %d", cases[i].a,
			         cases[i].b, got, back);
		assert_int_equal(hr_quantity_cmp(&a, &a), 0);
	}
}

/* Inputs beyond the table: range limits, exponents, long digit runs. */
static void test_edge_inputs(void **state)
{
	(void)state;
	static const struct {
		const char *input;
		int rc;
		const char *canonical; /* when rc == HR_OK */
		const char *exact;
	} cases[] = {
		{ "1e100", HR_ERANGE, NULL, NULL },
		{ "-1e100", HR_ERANGE, NULL, NULL },
		{ "1e30", HR_ERANGE, NULL, NULL },
		{ "123456789012345678901234567890123456789012345678901234567890",
		  HR_ERANGE, NULL, NULL },
		{ "1000000000000000000000000000000", HR_ERANGE, NULL, NULL },
		{ "1e2147483647", HR_ERANGE, NULL, NULL },
		{ "1e2147483648", HR_ERANGE, NULL, NULL },
		{ "1e-2147483649", HR_ERANGE, NULL, NULL },
		{ "1e9223372036854775807", HR_ERANGE, NULL, NULL },
		{ "1e9223372036854775808", HR_EQUANTITY_SUFFIX, NULL, NULL },
		{ "1e-9223372036854775809", HR_EQUANTITY_SUFFIX, NULL, NULL },
		{ "1e00000000000000000000000003", HR_OK,
		  "1e00000000000000000000000003", "1000" },
		/* 2^127 - 1 nano-units is the largest value held. */
		{ "170141183460469231731687303715.884105727", HR_OK,
		  "170141183460469231731687303715884105727n",
		  "170141183460469231731687303715.884105727" },
		{ "-170141183460469231731687303715.884105727", HR_OK,
		  "-170141183460469231731687303715884105727n",
		  "-170141183460469231731687303715.884105727" },
		{ "170141183460469231731687303715.884105728", HR_ERANGE, NULL,
		  NULL },
		{ "170141183460469231731687303715.8841057261", HR_OK,
		  "170141183460469231731687303715884105727n",
		  "170141183460469231731687303715.884105727" },
		{ "170141183460469231731687303715.8841057271", HR_ERANGE,
		  NULL, NULL },
		{ "170141183460469231731687303715.8841057260", HR_OK,
		  "170141183460469231731687303715884105726n",
		  "170141183460469231731687303715.884105726" },
		{ "170141183460469231731687303715884105727e-9", HR_OK,
		  "170141183460469231731687303715884105727e-9",
		  "170141183460469231731687303715.884105727" },
		/* BinarySI is capped, never out of range. */
		{ "9Ei", HR_OK, "9223372036854775807", "9223372036854775807" },
		{ "-9Ei", HR_OK, "-9223372036854775807",
		  "-9223372036854775807" },
		{ "1000000000000000000000000000000000000000000000000000Ki",
		  HR_OK, "9223372036854775807", "9223372036854775807" },
		{ "7.99999999999999999999999999999999999999999999Ei", HR_OK,
		  "9223372036854775807", "9223372036854775807" },
		{ "0.00000000000000000000000000000000000001Ei", HR_OK, "1n",
		  "0.000000001" },
		{ "1.0000000000000000000000000001Ki", HR_OK, "1024000000001n",
		  "1024.000000001" },
		{ "0.5Ki", HR_OK, "512", "512" },
		{ "1.5Ki", HR_OK, "1536", "1536" },
		/* Tiny values round up to one nano-unit. */
		{ "1e-100", HR_OK, "1e-9", "0.000000001" },
		{ "-1e-2147483648", HR_OK, "-1e-9", "-0.000000001" },
		{ "0.00000000000000000000000000000000000000000000000001",
		  HR_OK, "1n", "0.000000001" },
		{ "1.00000000000000000000000000000000000000000000000001",
		  HR_OK, "1000000001n", "1.000000001" },
		/* Zero stays zero whatever the exponent. */
		{ "0e999999999999", HR_OK, "0", "0" },
		{ "0.000e-999999999999", HR_OK, "0", "0" },
		{ "0Ei", HR_OK, "0", "0" },
		{ "Ti", HR_OK, "0", "0" },
		{ "e3", HR_OK, "0", "0" },
		{ "m", HR_OK, "0", "0" },
		/* Kubernetes' ErrNumeric: its slow path needs a digit. */
		{ "Ei", HR_EQUANTITY_FORMAT, NULL, NULL },
		{ ".Pi", HR_EQUANTITY_FORMAT, NULL, NULL },
		{ "e-10", HR_EQUANTITY_FORMAT, NULL, NULL },
		{ "-.e-10", HR_EQUANTITY_FORMAT, NULL, NULL },
		{ "e-4294967306", HR_EQUANTITY_FORMAT, NULL, NULL },
		{ "e4294967286", HR_EQUANTITY_FORMAT, NULL, NULL },
		{ "e-4294967296", HR_OK, "0", "0" },
		/* Verbatim reuse only while it fits HR_QUANTITY_STRING_MAX. */
		{ "0000000000000000000000000000000000000000"
		  "00000000000000000000007",
		  HR_OK,
		  "0000000000000000000000000000000000000000"
		  "00000000000000000000007",
		  "7" },
		{ "0000000000000000000000000000000000000000"
		  "000000000000000000000007",
		  HR_OK, "7", "7" },
		{ "1.", HR_OK, "1.", "1" },
		{ "1e3", HR_OK, "1e3", "1000" },
		{ "1000E", HR_OK, "1", "1000000000000000000000" },
		{ "1500E", HR_OK, "1500E", "1500000000000000000000" },
		{ "1e22", HR_OK, "10e21", "10000000000000000000000" },
		{ "1eM3", HR_EQUANTITY_SUFFIX, NULL, NULL },
		{ "1Ee3", HR_EQUANTITY_SUFFIX, NULL, NULL },
		{ "1e+", HR_EQUANTITY_SUFFIX, NULL, NULL },
		{ "1k+", HR_EQUANTITY_SUFFIX, NULL, NULL },
		{ "1+", HR_EQUANTITY_SUFFIX, NULL, NULL },
		{ "++1", HR_EQUANTITY_SUFFIX, NULL, NULL },
		{ "1..", HR_EQUANTITY_FORMAT, NULL, NULL },
	};
	char canon[HR_QUANTITY_STRING_MAX];
	char exact[HR_QUANTITY_STRING_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *in = cases[i].input;
		hr_quantity q;
		int rc = parse_str(in, &q);
		if (rc != cases[i].rc)
			fail_msg("%s: rc %d, want %d (%s)", in, rc,
			         cases[i].rc, hr_error_last()->message);
		if (rc != HR_OK) {
			assert_int_equal(hr_error_last()->code, rc);
			continue;
		}
		hr_quantity_canonical(&q, in, strlen(in), canon,
		                      sizeof(canon));
		hr_quantity_exact(&q, exact, sizeof(exact));
		if (strcmp(canon, cases[i].canonical) ||
		    strcmp(exact, cases[i].exact))
			fail_msg("%s: got %s / %s, want %s / %s", in, canon,
			         exact, cases[i].canonical, cases[i].exact);
	}
}

static void test_formats(void **state)
{
	(void)state;
	static const struct {
		const char *input;
		hr_quantity_format format;
	} cases[] = {
		{ "1", HR_QUANTITY_DECIMAL_SI },
		{ "1k", HR_QUANTITY_DECIMAL_SI },
		{ "1Ki", HR_QUANTITY_BINARY_SI },
		{ "0.5Ki", HR_QUANTITY_BINARY_SI },
		{ ".000000000001Ki", HR_QUANTITY_DECIMAL_SI },
		{ "1e3", HR_QUANTITY_DECIMAL_EXPONENT },
		{ "1E", HR_QUANTITY_DECIMAL_SI },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_quantity q = must_parse(cases[i].input);
		if (q.format != cases[i].format)
			fail_msg("%s: format %d", cases[i].input,
			         (int)q.format);
	}
}

static void test_embedded_nul(void **state)
{
	(void)state;
	static const struct {
		const char *bytes;
		size_t len;
	} cases[] = {
		{ "\0", 1 },     { "1\0", 2 },    { "\0" "1", 2 },
		{ "1\0Ki", 4 },  { "1K\0i", 4 },  { "1e\0" "3", 4 },
		{ "1.\0" "5", 4 }, { "-\0" "1", 3 }, { "1Ki\0", 4 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_quantity q = { 42, HR_QUANTITY_BINARY_SI, true };
		int rc = parse_exact(cases[i].bytes, cases[i].len, &q);
		if (rc == HR_OK)
			fail_msg("case %zu: embedded NUL accepted", i);
		/* out is untouched on failure */
		assert_true(q.nano == 42);
		assert_true(q.canonical_is_input);
		const char *msg = hr_error_last()->message;
		assert_non_null(strstr(msg, "\\x00"));
	}
}

static void test_prefix_only(void **state)
{
	(void)state;
	static const struct {
		const char *buffer;
		size_t len;
		const char *canonical;
	} cases[] = {
		{ "1.5Gi and then some", 5, "1536Mi" },
		{ "1Ki", 1, "1" },
		{ "250mX", 4, "250m" },
		{ "1e3e3", 3, "1e3" },
		{ "7Mi\0garbage", 3, "7Mi" },
		{ "100m ", 4, "100m" },
	};
	char canon[HR_QUANTITY_STRING_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hr_quantity q;
		int rc = parse_exact(cases[i].buffer, cases[i].len, &q);
		if (rc != HR_OK)
			fail_msg("case %zu: rc %d", i, rc);
		hr_quantity_canonical(&q, cases[i].buffer, cases[i].len,
		                      canon, sizeof(canon));
		assert_string_equal(canon, cases[i].canonical);
	}
}

static void test_messages(void **state)
{
	(void)state;
	hr_quantity q;
	char hostile[300];

	assert_int_equal(parse_str("1KiB", &q), HR_EQUANTITY_FORMAT);
	assert_non_null(strstr(hr_error_last()->message,
	                       "quantities must match the regular expression "
	                       "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
	assert_non_null(strstr(hr_error_last()->message, "\"1KiB\""));

	assert_int_equal(parse_str("1K", &q), HR_EQUANTITY_SUFFIX);
	assert_non_null(strstr(hr_error_last()->message,
	                       "unable to parse quantity's suffix"));

	assert_int_equal(parse_str("1e100", &q), HR_ERANGE);
	assert_int_equal(hr_error_last()->code, HR_ERANGE);

	memset(hostile, 0xff, sizeof(hostile));
	hostile[0] = '1';
	hostile[1] = '"';
	hostile[2] = '\n';
	assert_int_equal(parse_exact(hostile, sizeof(hostile), &q),
	                 HR_EQUANTITY_FORMAT);
	const char *msg = hr_error_last()->message;
	assert_true(strlen(msg) < 400);
	assert_non_null(strstr(msg, "\"1\\\"\\x0a\\xff"));
	assert_non_null(strstr(msg, "..."));
	for (const char *p = msg; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
}

static void test_canonical_truncates(void **state)
{
	(void)state;
	hr_quantity q = must_parse("1.5Gi");
	char small[4];

	assert_int_equal(hr_quantity_canonical(&q, "1.5Gi", 5, small,
	                                       sizeof(small)),
	                 3);
	assert_string_equal(small, "153");
	assert_int_equal(hr_quantity_exact(&q, small, sizeof(small)), 3);
	assert_string_equal(small, "161");
	assert_int_equal(hr_quantity_canonical(&q, "1.5Gi", 5, small, 0), 0);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s quantity-cases.tsv\n", argv[0]);
		return 2;
	}
	tsv_path = argv[1];

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conformance_table),
		cmocka_unit_test(test_value_and_milli),
		cmocka_unit_test(test_to_double),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_edge_inputs),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_prefix_only),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_canonical_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
