/*
 * YAML 1.1 scalar resolution as go-yaml v2 does it (resolve.go), because
 * that is what kubectl and the API server see after sigs.k8s.io/yaml turns
 * YAML into JSON: `cpu: 0.50` reaches the quantity parser as the JSON
 * number 0.5, `replicas: 010` as 8, `cpu: yes` as a bool.
 */
#include "headroom/document.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_MAX 128 /* longer plain scalars are never numbers we accept */

static bool in_list(const char *s, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == len && memcmp(*list, s, len) == 0)
			return true;
	return false;
}

static const char *const true_words[] = {"y", "Y", "yes", "Yes", "YES",
	"true", "True", "TRUE", "on", "On", "ON", NULL};
static const char *const false_words[] = {"n", "N", "no", "No", "NO",
	"false", "False", "FALSE", "off", "Off", "OFF", NULL};
static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const special_floats[] = {".nan", ".NaN", ".NAN", ".inf",
	".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", NULL};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i < len && s[i] == '.') {
		size_t d = ++i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == d)
			return false;
	} else {
		size_t d = i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == d)
			return false;
		if (i < len && s[i] == '.')
			for (i++; i < len && is_digit(s[i]); i++)
				;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t d = i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == d)
			return false;
	}
	return i == len;
}

static int digit_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Go's strconv.ParseUint(s, base 0 or given, 64) on an underscore-free
 * string without sign. */
static bool parse_unsigned(const char *s, size_t len, int base, uint64_t *out)
{
	size_t i = 0;
	if (base == 0) {
		base = 10;
		if (len >= 2 && s[0] == '0') {
			char p = s[1];
			if (p == 'x' || p == 'X')
				base = 16, i = 2;
			else if (p == 'o' || p == 'O')
				base = 8, i = 2;
			else if (p == 'b' || p == 'B')
				base = 2, i = 2;
			else
				base = 8, i = 1;
		}
	}
	if (i >= len && !(base == 8 && i == 1))
		return false;
	uint64_t v = 0;
	for (; i < len; i++) {
		int d = digit_value(s[i]);
		if (d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

typedef struct resolved {
	hr_scalar_type type;
	bool truth;
	bool is_unsigned; /* int beyond int64, held in u */
	int64_t i;
	uint64_t u;
	double f;
} resolved;

static bool resolve_int(const char *plain, size_t len, int base, resolved *r)
{
	bool neg = len && plain[0] == '-';
	size_t skip = len && (plain[0] == '-' || plain[0] == '+');
	uint64_t mag;
	if (!parse_unsigned(plain + skip, len - skip, base, &mag))
		return false;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return false;
		r->i = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else if (mag > (uint64_t)INT64_MAX) {
		/* ParseUint accepts it (but not with a sign). */
		if (skip)
			return false;
		r->is_unsigned = true;
		r->u = mag;
	} else {
		r->i = (int64_t)mag;
	}
	r->type = HR_TYPE_INT;
	return true;
}

static bool is_str_tag(const char *tag)
{
	return tag && (strcmp(tag, "tag:yaml.org,2002:str") == 0 ||
	               strcmp(tag, "tag:yaml.org,2002:binary") == 0);
}

static bool is_resolvable_tag(const char *tag)
{
	static const char *const tags[] = {"tag:yaml.org,2002:int",
		"tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
		"tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
		"tag:yaml.org,2002:str", "tag:yaml.org,2002:binary", NULL};
	if (!tag)
		return true;
	for (const char *const *t = tags; *t; t++)
		if (strcmp(*t, tag) == 0)
			return true;
	return false;
}

static resolved resolve(const hr_node *n)
{
	resolved r = {HR_TYPE_STRING, false, false, 0, 0, 0.0};
	if (!n || n->kind != HR_NODE_SCALAR) {
		r.type = HR_TYPE_NULL;
		return r;
	}
	const char *s = n->text;
	size_t len = n->len;
	const char *tag = hr_node_tag(n);
	if ((n->style == HR_SCALAR_QUOTED && !tag) || is_str_tag(tag) ||
	    !is_resolvable_tag(tag))
		return r;
	/* go-yaml's hint: only these first characters can start anything but
	 * a string, so most scalars are decided here. */
	if (len > 0 && !strchr("yYnNtTfFoO~.+-0123456789<", s[0]))
		return r;
	/* Every null, bool and special float word is at most 6 characters,
	 * and none starts with a digit (the common case: quantities). */
	if (len > 6 || (len > 0 && is_digit(s[0])))
		goto number;
	if (in_list(s, len, null_words)) {
		r.type = HR_TYPE_NULL;
		return r;
	}
	if (in_list(s, len, true_words) || in_list(s, len, false_words)) {
		r.type = HR_TYPE_BOOL;
		r.truth = in_list(s, len, true_words);
		return r;
	}
	if (in_list(s, len, special_floats)) {
		r.type = HR_TYPE_FLOAT;
		r.f = s[len - 1] == 'n' || s[len - 1] == 'N'
		              ? NAN
		              : (s[0] == '-' ? -INFINITY : INFINITY);
		return r;
	}
number:
	if (len == 0 || len >= NUM_MAX)
		return r;
	char first = s[0];
	if (first == '.') {
		if (yaml_style_float(s, len)) {
			r.type = HR_TYPE_FLOAT;
			r.f = strtod(s, NULL);
		}
		return r;
	}
	if (!is_digit(first) && first != '-' && first != '+')
		return r;

	/* go-yaml strips every underscore before trying int and float. */
	char plain[NUM_MAX];
	size_t plen = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] != '_')
			plain[plen++] = s[i];
	plain[plen] = '\0';
	if (resolve_int(plain, plen, 0, &r))
		return r;
	if (yaml_style_float(plain, plen)) {
		errno = 0;
		double f = strtod(plain, NULL);
		/* Go's ParseFloat fails on overflow; the scalar stays a string. */
		if (!(errno == ERANGE && isinf(f))) {
			r.type = HR_TYPE_FLOAT;
			r.f = f;
		}
		return r;
	}
	if (plen > 2 && memcmp(plain, "0b", 2) == 0)
		resolve_int(plain + 2, plen - 2, 2, &r);
	else if (plen > 3 && memcmp(plain, "-0b", 3) == 0 &&
	         resolve_int(plain + 3, plen - 3, 2, &r))
		r.i = -r.i;
	return r;
}

hr_scalar_type hr_scalar_resolve(const hr_node *node)
{
	return resolve(node).type;
}

/* Go's encoding/json float64 output: the shortest digits that round-trip,
 * in plain notation unless the exponent is below -6 or at least 21, where
 * it is written like 1.5e+21 or 1e-7. */
static size_t format_go_float(double f, char *buf, size_t size)
{
	char sci[40];
	int prec;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(sci, sizeof(sci), "%.*e", prec - 1, f);
		if (strtod(sci, NULL) == f)
			break;
	}
	char *e = strchr(sci, 'e');
	int exp = atoi(e + 1);
	*e = '\0';
	double a = fabs(f);
	if (a != 0 && (a < 1e-6 || a >= 1e21))
		return (size_t)snprintf(buf, size, "%se%c%d", sci, exp < 0 ? '-' : '+',
		                        exp < 0 ? -exp : exp);

	/* Plain notation from the shortest digits, so that 1.2345678901234568e20
	 * prints as 123456789012345680000, not as its exact binary value. */
	char digits[24];
	size_t nd = 0;
	bool negative = sci[0] == '-';
	for (const char *p = sci + negative; *p; p++)
		if (*p != '.')
			digits[nd++] = *p;
	size_t o = 0;
	char out[64];
	if (negative)
		out[o++] = '-';
	if (exp < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (int i = -1; i > exp; i--)
			out[o++] = '0';
		for (size_t i = 0; i < nd; i++)
			out[o++] = digits[i];
	} else {
		for (int i = 0; i <= exp; i++)
			out[o++] = (size_t)i < nd ? digits[i] : '0';
		if (nd > (size_t)exp + 1) {
			out[o++] = '.';
			for (size_t i = (size_t)exp + 1; i < nd; i++)
				out[o++] = digits[i];
		}
	}
	out[o] = '\0';
	return (size_t)snprintf(buf, size, "%s", out);
}

const char *hr_scalar_as_string(const hr_node *node, char *buf, size_t size,
                                size_t *len)
{
	resolved r = resolve(node);
	switch (r.type) {
	case HR_TYPE_STRING:
		*len = node->len;
		return node->text;
	case HR_TYPE_INT:
		*len = r.is_unsigned
		               ? (size_t)snprintf(buf, size, "%llu", (unsigned long long)r.u)
		               : (size_t)snprintf(buf, size, "%lld", (long long)r.i);
		return buf;
	case HR_TYPE_FLOAT:
		if (isnan(r.f) || isinf(r.f))
			return NULL; /* encoding/json refuses them */
		*len = format_go_float(r.f, buf, size);
		return buf;
	default:
		return NULL;
	}
}

bool hr_scalar_as_int(const hr_node *node, int64_t *out)
{
	resolved r = resolve(node);
	if (r.type == HR_TYPE_INT && !r.is_unsigned) {
		*out = r.i;
		return true;
	}
	/* A float reaches Go's int decoding as a JSON number: whole values
	 * decode, fractions are refused. */
	if (r.type == HR_TYPE_FLOAT && isfinite(r.f) && r.f == floor(r.f) &&
	    fabs(r.f) < 9.2e18) {
		*out = (int64_t)r.f;
		return true;
	}
	return false;
}

bool hr_scalar_as_bool(const hr_node *node, bool *out)
{
	resolved r = resolve(node);
	if (r.type != HR_TYPE_BOOL)
		return false;
	*out = r.truth;
	return true;
}
