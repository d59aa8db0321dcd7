/*
 * Kubernetes resource quantities, re-stated from apimachinery's
 * pkg/api/resource (ParseQuantity, CanonicalizeBytes, suffix.go).
 *
 * Kubernetes has two code paths: a fast int64 path and an arbitrary
 * precision inf.Dec path.  Both yield the same value, so the value is
 * computed here once, exactly, in 128 bits.  The path still matters for
 * three observable quirks, which are modelled separately:
 *   - the fast path reuses already-canonical input verbatim in String();
 *   - the slow path fails with ErrNumeric on a number with no digit;
 *   - the slow path turns a BinarySI value with 0 < |v| < 1 into DecimalSI.
 */
#include "headroom/quantity.h"

#include "util/error_internal.h"

#include <stdio.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

#define NANO_PER_UNIT 1000000000u
#define NANO_PER_MILLI 1000000u

/* Kubernetes' own error texts, so users can search for them. */
#define MSG_FORMAT                                                            \
	"quantities must match the regular expression "                      \
	"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
#define MSG_SUFFIX "unable to parse quantity's suffix"
#define MSG_NUMERIC "unable to parse numeric part of quantity"

/* Input shown in messages is hostile: cap it and escape it. */
#define QUOTE_INPUT_MAX 40
#define QUOTE_BUF (QUOTE_INPUT_MAX * 4 + 8)

/* A canonical mantissa has at most 39 digits (2^127 has 39). */
#define MAX_MAGNITUDE_DIGITS 39

/* What Kubernetes' scanner (parseQuantityString) splits the text into. */
typedef struct scan {
	bool negative;
	bool has_digit;     /* any digit before the suffix (inf.Dec needs one) */
	const char *num;    /* integer digits after the leading zeros */
	size_t num_len;
	const char *frac;   /* digits after the '.' */
	size_t frac_len;
	const char *suffix; /* everything after the number */
	size_t suffix_len;
} scan;

/* What the suffix means. */
typedef struct suffix_meaning {
	hr_quantity_format format;
	int64_t exponent; /* power of 10, or of 2 for BinarySI */
} suffix_meaning;

static u128 u128_max_signed(void)
{
	return ((u128)1 << 127) - 1;
}

/* BinarySI values are capped at 2^63-1 units; in nano-units. */
static u128 binary_cap_nano(void)
{
	return (u128)INT64_MAX * NANO_PER_UNIT;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void quote(char *dst, const char *text, size_t len)
{
	size_t shown = len < QUOTE_INPUT_MAX ? len : QUOTE_INPUT_MAX;
	size_t o = 0;

	dst[o++] = '"';
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '"' || c == '\\') {
			dst[o++] = '\\';
			dst[o++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			o += (size_t)snprintf(dst + o, 5, "\\x%02x", c);
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o++] = '"';
	if (shown < len) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

static int fail_quoted(int code, const char *text, size_t len, const char *why)
{
	char q[QUOTE_BUF];
	quote(q, text, len);
	return hr_fail(code, "invalid quantity %s: %s", q, why);
}

static size_t skip_digits(const char *text, size_t pos, size_t len)
{
	while (pos < len && is_digit(text[pos]))
		pos++;
	return pos;
}

static bool is_suffix_letter(char c)
{
	return c != '\0' && strchr("eEinumkKMGTP", c) != NULL;
}

/*
 * Kubernetes' scanner, step for step.  It is looser than its own regular
 * expression: "", ".", "+", "1.", ".5" and a bare suffix all scan.
 */
static int scan_text(const char *text, size_t len, scan *s)
{
	size_t pos = 0;

	memset(s, 0, sizeof(*s));
	if (len > 0 && (text[0] == '-' || text[0] == '+')) {
		s->negative = text[0] == '-';
		pos++;
	}
	while (pos < len && text[pos] == '0') {
		s->has_digit = true;
		pos++;
	}
	s->num = text + pos;
	pos = skip_digits(text, pos, len);
	s->num_len = (size_t)(text + pos - s->num);
	if (pos < len && text[pos] == '.') {
		pos++;
		s->frac = text + pos;
		pos = skip_digits(text, pos, len);
		s->frac_len = (size_t)(text + pos - s->frac);
	}
	if (s->num_len || s->frac_len)
		s->has_digit = true;

	s->suffix = text + pos;
	while (pos < len && is_suffix_letter(text[pos]))
		pos++;
	if (pos < len && (text[pos] == '-' || text[pos] == '+'))
		pos++;
	pos = skip_digits(text, pos, len);
	s->suffix_len = (size_t)(text + pos - s->suffix);
	if (pos < len)
		return fail_quoted(HR_EQUANTITY_FORMAT, text, len, MSG_FORMAT);
	return HR_OK;
}

/* strconv.ParseInt(text, 10, 64): optional sign, at least one digit. */
static bool parse_int64(const char *text, size_t len, int64_t *out)
{
	bool negative = false;
	size_t pos = 0;
	uint64_t limit = (uint64_t)INT64_MAX;
	uint64_t v = 0;

	if (len > 0 && (text[0] == '-' || text[0] == '+')) {
		negative = text[0] == '-';
		pos++;
	}
	if (pos == len)
		return false;
	if (negative)
		limit++;
	for (; pos < len; pos++) {
		if (!is_digit(text[pos]))
			return false;
		unsigned d = (unsigned)(text[pos] - '0');
		if (v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	/* Negate via v - 1: -2^63 has no positive twin. */
	if (negative)
		*out = v == 0 ? 0 : -(int64_t)(v - 1) - 1;
	else
		*out = (int64_t)v;
	return true;
}

static bool suffix_is(const scan *s, const char *name)
{
	size_t n = strlen(name);
	return s->suffix_len == n && memcmp(s->suffix, name, n) == 0;
}

static bool interpret_suffix(const scan *s, suffix_meaning *m)
{
	static const struct {
		const char *name;
		hr_quantity_format format;
		int exponent;
	} table[] = {
		{ "", HR_QUANTITY_DECIMAL_SI, 0 },
		{ "n", HR_QUANTITY_DECIMAL_SI, -9 },
		{ "u", HR_QUANTITY_DECIMAL_SI, -6 },
		{ "m", HR_QUANTITY_DECIMAL_SI, -3 },
		{ "k", HR_QUANTITY_DECIMAL_SI, 3 },
		{ "M", HR_QUANTITY_DECIMAL_SI, 6 },
		{ "G", HR_QUANTITY_DECIMAL_SI, 9 },
		{ "T", HR_QUANTITY_DECIMAL_SI, 12 },
		{ "P", HR_QUANTITY_DECIMAL_SI, 15 },
		{ "E", HR_QUANTITY_DECIMAL_SI, 18 },
		{ "Ki", HR_QUANTITY_BINARY_SI, 10 },
		{ "Mi", HR_QUANTITY_BINARY_SI, 20 },
		{ "Gi", HR_QUANTITY_BINARY_SI, 30 },
		{ "Ti", HR_QUANTITY_BINARY_SI, 40 },
		{ "Pi", HR_QUANTITY_BINARY_SI, 50 },
		{ "Ei", HR_QUANTITY_BINARY_SI, 60 },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (suffix_is(s, table[i].name)) {
			m->format = table[i].format;
			m->exponent = table[i].exponent;
			return true;
		}
	}
	/* A lone "E" is exa (above); "e"/"E" followed by more is 10^n. */
	if (s->suffix_len > 1 && (s->suffix[0] == 'e' || s->suffix[0] == 'E')) {
		m->format = HR_QUANTITY_DECIMAL_EXPONENT;
		return parse_int64(s->suffix + 1, s->suffix_len - 1, &m->exponent);
	}
	return false;
}

/* Go's int32(x) for an int64 x: keep the low 32 bits, two's complement. */
static int64_t truncate_int32(int64_t x)
{
	uint32_t low = (uint32_t)((uint64_t)x & 0xffffffffu);
	return low <= INT32_MAX ? (int64_t)low : (int64_t)low - 4294967296LL;
}

static bool fits_int32(int64_t x)
{
	return x >= INT32_MIN && x <= INT32_MAX;
}

/* The i-th digit of num followed by frac; zeros beyond the end. */
static unsigned digit_at(const scan *s, size_t i)
{
	if (i < s->num_len)
		return (unsigned)(s->num[i] - '0');
	i -= s->num_len;
	if (i < s->frac_len)
		return (unsigned)(s->frac[i] - '0');
	return 0;
}

static size_t digit_count(const scan *s)
{
	return s->num_len + s->frac_len;
}

/* Index of the first non-zero digit, or digit_count() if all are zero. */
static size_t first_nonzero(const scan *s)
{
	size_t n = digit_count(s);
	size_t i = 0;
	while (i < n && digit_at(s, i) == 0)
		i++;
	return i;
}

/*
 * Digits [from, to) as an integer, or false if it exceeds limit.  The
 * caller keeps to - from small, so the loop is short even for huge
 * exponents.
 */
static bool integer_part(const scan *s, size_t from, size_t to, u128 limit,
                         u128 *out)
{
	u128 v = 0;
	for (size_t i = from; i < to; i++) {
		unsigned d = digit_at(s, i);
		if (v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/*
 * ceil(h * 2^k) for the fraction h = 0.d[from] d[from+1] ..., exactly: a
 * right-to-left long multiplication that keeps only the carry and whether
 * any product digit below the point was non-zero.  k <= 60, so a digit
 * times 2^k plus a carry (< 2^k) stays below 10 * 2^60 < 2^64.  For
 * decimal values k is 0 and this is "1 if any digit is non-zero".
 */
static uint64_t fraction_ceil(const scan *s, size_t from, unsigned k)
{
	uint64_t carry = 0;
	bool inexact = false;

	for (size_t i = digit_count(s); i > from; i--) {
		uint64_t t = ((uint64_t)digit_at(s, i - 1) << k) + carry;
		inexact |= t % 10 != 0;
		carry = t / 10;
	}
	return carry + (inexact ? 1 : 0);
}

/*
 * |value| in nano-units, rounded up (away from zero) as Kubernetes does.
 * With d the digits of num then frac, |value| x 10^9 is
 * (d[0] ... d[point-1] . d[point] ...) x 2^k: point counts the digits
 * left of the nano position and may lie outside the digits.
 *
 * Returns false when the magnitude does not fit; BinarySI (cap_binary)
 * values are capped instead, as Kubernetes does.
 */
static bool magnitude(const scan *s, int64_t point, unsigned k, bool cap_binary,
                      u128 *out)
{
	size_t first = first_nonzero(s);
	u128 limit = cap_binary ? binary_cap_nano() >> k : u128_max_signed();
	u128 whole = 0;
	size_t int_end = 0;

	if (point > 0) {
		/* Beyond this many significant digits the limit is passed;
		 * checking first keeps "1e2000000000" from looping. */
		if ((uint64_t)point > first &&
		    (uint64_t)point - first > MAX_MAGNITUDE_DIGITS)
			goto too_large;
		int_end = (size_t)point;
		if (int_end > first &&
		    !integer_part(s, first, int_end, limit, &whole))
			goto too_large;
	}

	u128 v = (whole << k) + fraction_ceil(s, int_end, k);
	u128 total_limit = cap_binary ? binary_cap_nano() : u128_max_signed();
	if (v > total_limit)
		goto too_large;
	*out = v;
	return true;

too_large:
	if (!cap_binary)
		return false;
	*out = binary_cap_nano();
	return true;
}

/*
 * Whether Kubernetes' fast path handles the quantity, from ParseQuantity's
 * "precision" arithmetic.  num_len counts digits after the leading zeros;
 * Kubernetes uses "0" when there are none.
 */
static bool takes_fast_path(const scan *s, const suffix_meaning *m,
                            int64_t exponent)
{
	int64_t num_len = s->num_len ? (int64_t)s->num_len : 1;

	if (m->format == HR_QUANTITY_BINARY_SI) {
		int64_t precision = 15 - num_len - m->exponent * 3 / 10 - 1;
		return s->frac_len == 0 && precision >= 0;
	}
	if (s->frac_len > 18 || num_len + (int64_t)s->frac_len > 18)
		return false;
	return exponent - (int64_t)s->frac_len >= -9;
}

/* The fast path's "already canonical, keep the string" test. */
static bool fast_path_reuses_input(const scan *s, const suffix_meaning *m)
{
	size_t n = digit_count(s);

	/* num is the text after the leading zeros, so a non-zero first
	 * digit is the same as a non-empty num. */
	if (s->num_len == 0)
		return false;
	if (m->format == HR_QUANTITY_BINARY_SI) {
		/* The fast path saw at most 11 integer digits. */
		uint64_t v = 0;
		for (size_t i = 0; i < s->num_len; i++)
			v = v * 10 + digit_at(s, i);
		return (v & 7) != 0;
	}
	if ((m->exponent - (int64_t)s->frac_len) % 3 != 0)
		return false;
	return !(n >= 3 && digit_at(s, n - 1) == 0 && digit_at(s, n - 2) == 0 &&
	         digit_at(s, n - 3) == 0);
}

int hr_quantity_parse(const char *text, size_t len, hr_quantity *out)
{
	scan s;
	suffix_meaning m;
	int rc;

	if (len == 0)
		return hr_fail(HR_EQUANTITY_FORMAT,
		               "invalid quantity \"\": " MSG_FORMAT);
	rc = scan_text(text, len, &s);
	if (rc)
		return rc;
	if (!interpret_suffix(&s, &m)) {
		char suf[QUOTE_BUF];
		char msg[QUOTE_BUF + 160];
		quote(suf, s.suffix, s.suffix_len);
		snprintf(msg, sizeof(msg),
		         MSG_SUFFIX " %s (known: n u m k M G T P E Ki Mi Gi "
		                    "Ti Pi Ei, e<exponent>)",
		         suf);
		return fail_quoted(HR_EQUANTITY_SUFFIX, text, len, msg);
	}

	hr_quantity q = { 0, m.format, false };
	bool binary = m.format == HR_QUANTITY_BINARY_SI;

	if (first_nonzero(&s) == digit_count(&s)) {
		/* Zero, whatever the exponent; but Kubernetes' slow path
		 * rejects a number with no digit, and it picks the path
		 * after truncating the exponent to int32. */
		if (!s.has_digit &&
		    !takes_fast_path(&s, &m, truncate_int32(m.exponent)))
			return fail_quoted(HR_EQUANTITY_FORMAT, text, len,
			                   MSG_NUMERIC);
		*out = q;
		return HR_OK;
	}

	/* Kubernetes truncates such exponents to int32 and computes with
	 * the wrong power of ten; refusing is the honest answer. */
	if (!fits_int32(m.exponent))
		return fail_quoted(HR_ERANGE, text, len,
		                   "exponent out of range (Kubernetes "
		                   "would truncate it to 32 bits)");

	int64_t point = (int64_t)s.num_len + 9 + (binary ? 0 : m.exponent);
	unsigned k = binary ? (unsigned)m.exponent : 0;
	u128 mag;
	if (!magnitude(&s, point, k, binary, &mag))
		return fail_quoted(HR_ERANGE, text, len,
		                   "magnitude too large (headroom holds "
		                   "quantities up to about 1.7e29)");

	q.nano = s.negative ? -(hr_nano)mag : (hr_nano)mag;
	if (binary && mag < NANO_PER_UNIT)
		q.format = HR_QUANTITY_DECIMAL_SI;
	q.canonical_is_input = len < HR_QUANTITY_STRING_MAX &&
	                       takes_fast_path(&s, &m, m.exponent) &&
	                       fast_path_reuses_input(&s, &m);
	*out = q;
	return HR_OK;
}

static u128 magnitude_of(hr_nano v)
{
	return v < 0 ? -(u128)v : (u128)v;
}

/* Decimal digits of v into out (no NUL); returns their count. */
static size_t format_u128(u128 v, char *out)
{
	char tmp[MAX_MAGNITUDE_DIGITS + 1];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + (unsigned)(v % 10));
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static size_t emit(char *buf, size_t size, const char *s, size_t n)
{
	if (size == 0)
		return 0;
	if (n > size - 1)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return n;
}

static const char *decimal_suffix(int exponent)
{
	static const char *const names[] = { "n", "u", "m", "", "k",
		                             "M", "G", "T", "P", "E" };
	if (exponent < -9 || exponent > 18 || exponent % 3 != 0)
		return NULL;
	return names[(exponent + 9) / 3];
}

/* mantissa x 1024^exponent; only reached for integral |v| >= 1024. */
static size_t format_binary(bool negative, u128 units, char *out)
{
	static const char *const names[] = { "", "Ki", "Mi", "Gi",
		                             "Ti", "Pi", "Ei" };
	size_t power = 0;
	size_t n = 0;

	while (units >= 1024 && units % 1024 == 0 && power < 6) {
		units /= 1024;
		power++;
	}
	if (negative)
		out[n++] = '-';
	n += format_u128(units, out + n);
	memcpy(out + n, names[power], strlen(names[power]));
	return n + strlen(names[power]);
}

/*
 * Strip factors of ten, then lower the exponent to a multiple of three.
 * A DecimalSI exponent above 18 has no suffix, and this apimachinery
 * version then drops the exponent entirely ("1000E" prints as "1").
 */
static size_t format_decimal(bool negative, u128 mag, hr_quantity_format f,
                             char *out)
{
	int exponent = -9;
	size_t n = 0;

	while (mag % 10 == 0) {
		mag /= 10;
		exponent++;
	}
	/* Each step undoes a division above, so it cannot overflow. */
	while (exponent % 3 != 0) {
		mag *= 10;
		exponent--;
	}
	if (negative)
		out[n++] = '-';
	n += format_u128(mag, out + n);
	if (f == HR_QUANTITY_DECIMAL_EXPONENT) {
		if (exponent != 0)
			n += (size_t)sprintf(out + n, "e%d", exponent);
	} else {
		const char *suffix = decimal_suffix(exponent);
		if (suffix) {
			memcpy(out + n, suffix, strlen(suffix));
			n += strlen(suffix);
		}
	}
	return n;
}

size_t hr_quantity_canonical(const hr_quantity *q, const char *input,
                             size_t len, char *buf, size_t size)
{
	char out[HR_QUANTITY_STRING_MAX];
	u128 mag = magnitude_of(q->nano);
	bool negative = q->nano < 0;
	hr_quantity_format f = q->format;

	if (q->canonical_is_input && input)
		return emit(buf, size, input, len);
	if (mag == 0)
		return emit(buf, size, "0", 1);
	if (f == HR_QUANTITY_BINARY_SI &&
	    (mag < (u128)1024 * NANO_PER_UNIT || mag % NANO_PER_UNIT != 0))
		f = HR_QUANTITY_DECIMAL_SI;
	if (f == HR_QUANTITY_BINARY_SI)
		return emit(buf, size, out,
		            format_binary(negative, mag / NANO_PER_UNIT, out));
	return emit(buf, size, out, format_decimal(negative, mag, f, out));
}

size_t hr_quantity_exact(const hr_quantity *q, char *buf, size_t size)
{
	char out[HR_QUANTITY_STRING_MAX];
	u128 mag = magnitude_of(q->nano);
	uint32_t frac = (uint32_t)(mag % NANO_PER_UNIT);
	size_t n = 0;

	if (q->nano < 0)
		out[n++] = '-';
	n += format_u128(mag / NANO_PER_UNIT, out + n);
	if (frac) {
		int digits = 9;
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		n += (size_t)sprintf(out + n, ".%0*u", digits, (unsigned)frac);
	}
	return emit(buf, size, out, n);
}

/* ceil(|v| / unit) with v's sign, saturated to int64. */
static int64_t scaled_ceil(hr_nano v, uint32_t unit)
{
	u128 mag = magnitude_of(v);
	u128 r = mag / unit + (mag % unit != 0 ? 1 : 0);

	if (v >= 0)
		return r > INT64_MAX ? INT64_MAX : (int64_t)r;
	if (r > (u128)INT64_MAX + 1)
		return INT64_MIN;
	return -(int64_t)(r - 1) - 1;
}

int64_t hr_quantity_value(const hr_quantity *q)
{
	return scaled_ceil(q->nano, NANO_PER_UNIT);
}

int64_t hr_quantity_milli(const hr_quantity *q)
{
	return scaled_ceil(q->nano, NANO_PER_MILLI);
}

double hr_quantity_to_double(const hr_quantity *q)
{
	hr_nano v = q->nano;

	/* One correctly rounded division while the nano count is exact. */
	if (v > -((hr_nano)1 << 53) && v < ((hr_nano)1 << 53))
		return (double)v / NANO_PER_UNIT;
	return (double)(v / NANO_PER_UNIT) +
	       (double)(v % NANO_PER_UNIT) / NANO_PER_UNIT;
}

int hr_quantity_cmp(const hr_quantity *a, const hr_quantity *b)
{
	return (a->nano > b->nano) - (a->nano < b->nano);
}
