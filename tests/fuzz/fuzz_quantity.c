/*
 * libFuzzer harness for hr_quantity_parse() and the formatters.
 *
 * The input is the quantity text itself, not NUL-terminated, so ASan sees
 * any read past the end.  Invariants (abort() when one breaks):
 *   - a failure leaves one of the three quantity codes and a short,
 *     printable message;
 *   - the exact decimal re-parses to the same value;
 *   - the canonical string re-parses to the same value, except for
 *     Kubernetes' "1000E" quirk (a DecimalSI exponent above 18 is dropped
 *     from String()), and, unless it came from BinarySI, is a fixed point
 *     of canonicalisation;
 *   - cmp is reflexive; Value(), MilliValue() and the double agree in sign.
 */
#include "headroom/error.h"
#include "headroom/quantity.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"


static int sign_of(hr_nano v)
{
	return (v > 0) - (v < 0);
}

static void check_failure(int rc)
{
	const hr_error *e = hr_error_last();

	check(rc == HR_EQUANTITY_FORMAT || rc == HR_EQUANTITY_SUFFIX ||
	      rc == HR_ERANGE);
	check(e->code == rc);
	check(e->message[0] != '\0');
	check(strlen(e->message) < 512);
	for (const char *p = e->message; *p; p++)
		check(*p >= 0x20 && *p < 0x7f);
}

static hr_quantity reparse(const char *s)
{
	hr_quantity q;
	check(hr_quantity_parse(s, strlen(s), &q) == HR_OK);
	return q;
}

/* The "1000E" quirk: canonical text is the mantissa alone and the value
 * is that mantissa times 1000^j for some j >= 7 (10^21 and up). */
static bool is_dropped_exa_exponent(const hr_quantity *q,
                                    const hr_quantity *again)
{
	/* 2^127 - 1 without overflowing on the way. */
	const hr_nano max = ((hr_nano)1 << 126) - 1 + ((hr_nano)1 << 126);
	hr_nano scaled = again->nano;
	int j = 0;

	if (q->format != HR_QUANTITY_DECIMAL_SI || again->nano == 0)
		return false;
	while (scaled != q->nano) {
		if (scaled > max / 1000 || scaled < -(max / 1000))
			return false;
		scaled *= 1000;
		j++;
	}
	return j >= 7;
}

static void check_success(const hr_quantity *q, const char *text, size_t len)
{
	char canon[HR_QUANTITY_STRING_MAX];
	char exact[HR_QUANTITY_STRING_MAX];
	char canon2[HR_QUANTITY_STRING_MAX];

	size_t clen = hr_quantity_canonical(q, text, len, canon, sizeof(canon));
	size_t elen = hr_quantity_exact(q, exact, sizeof(exact));
	check(clen == strlen(canon) && clen > 0 &&
	      clen < HR_QUANTITY_STRING_MAX);
	check(elen == strlen(exact) && elen > 0 &&
	      elen < HR_QUANTITY_STRING_MAX);
	check(!q->canonical_is_input ||
	      (len == clen && memcmp(text, canon, len) == 0));

	hr_quantity e = reparse(exact);
	check(hr_quantity_cmp(&e, q) == 0);

	hr_quantity c = reparse(canon);
	if (hr_quantity_cmp(&c, q) != 0) {
		check(is_dropped_exa_exponent(q, &c));
		return;
	}
	/* A BinarySI value printed without a binary suffix ("312.5Ki" is
	 * "320000") re-parses as DecimalSI and may print differently
	 * ("320k"), as in Kubernetes; others are fixed points. */
	hr_quantity_canonical(&c, canon, clen, canon2, sizeof(canon2));
	check(q->format == HR_QUANTITY_BINARY_SI || strcmp(canon, canon2) == 0);

	check(hr_quantity_cmp(q, q) == 0);
	int s = sign_of(q->nano);
	int64_t v = hr_quantity_value(q);
	int64_t m = hr_quantity_milli(q);
	double d = hr_quantity_to_double(q);
	check(((v > 0) - (v < 0)) == s);
	check(((m > 0) - (m < 0)) == s);
	check(((d > 0) - (d < 0)) == s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hr_quantity q;
	const char *text = (const char *)data;
	int rc = hr_quantity_parse(text, size, &q);

	if (rc != HR_OK)
		check_failure(rc);
	else
		check_success(&q, text, size);
	return 0;
}
