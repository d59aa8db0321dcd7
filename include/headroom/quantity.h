/*
 * headroom: Kubernetes resource quantities.
 *
 * Parses "250m", "1.5Gi", "1e3" exactly as apimachinery's
 * resource.ParseQuantity does: the same grammar, the same suffix tables,
 * the same rounding (away from zero, to 10^-9), the same cap (BinarySI
 * values at 2^63-1), the same canonical String() including its quirks.
 * The conformance table tests/data/quantity-cases.tsv is the reference.
 *
 * Values are exact: an integer count of nano-units (10^-9), never a float.
 * Quantities hold no pointers; they are plain values owned by whoever
 * holds them.
 */
#ifndef HEADROOM_QUANTITY_H
#define HEADROOM_QUANTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 128 bits hold every value Kubernetes' fast and slow paths produce for
 * realistic and adversarial manifests (up to about 1.7e29 units); larger
 * magnitudes are rejected with HR_ERANGE rather than approximated. */
__extension__ typedef __int128 hr_nano;

/** How the quantity was written; decides its canonical form. */
typedef enum hr_quantity_format {
	HR_QUANTITY_DECIMAL_SI,       /**< n u m "" k M G T P E */
	HR_QUANTITY_BINARY_SI,        /**< Ki Mi Gi Ti Pi Ei */
	HR_QUANTITY_DECIMAL_EXPONENT, /**< e3, E-3 */
} hr_quantity_format;

typedef struct hr_quantity {
	hr_nano nano;              /**< value x 10^9, exact after rounding */
	hr_quantity_format format; /**< as Kubernetes records it */
	/** True when Kubernetes' String() returns the input text verbatim
	 *  and it fits HR_QUANTITY_STRING_MAX (longer ones, e.g. with many
	 *  leading zeros, get the computed canonical form instead). */
	bool canonical_is_input;
} hr_quantity;

/** Longest canonical string hr_quantity_canonical() can produce, with NUL. */
#define HR_QUANTITY_STRING_MAX 64

/**
 * Parse a quantity.
 *
 * @param text  the bytes of the quantity, not necessarily NUL-terminated
 * @param len   their length
 * @param out   receives the value; untouched on failure
 * @return HR_OK, HR_EQUANTITY_FORMAT or HR_EQUANTITY_SUFFIX (Kubernetes'
 *         ErrFormatWrong / ErrSuffix), or HR_ERANGE for a valid quantity
 *         too large to hold.  The last-error message says which.
 */
int hr_quantity_parse(const char *text, size_t len, hr_quantity *out);

/**
 * Kubernetes' canonical String() of a parsed quantity.
 *
 * @param q      a quantity from hr_quantity_parse()
 * @param input  the text it was parsed from (needed because Kubernetes
 *               reuses already-canonical input verbatim)
 * @param len    length of input
 * @param buf    receives a NUL-terminated string
 * @param size   size of buf; HR_QUANTITY_STRING_MAX always suffices
 * @return the length written, excluding the NUL
 */
size_t hr_quantity_canonical(const hr_quantity *q, const char *input,
                             size_t len, char *buf, size_t size);

/**
 * The exact decimal value ("0.001", "-1073741824", "1000000000000000000000").
 * @return the length written, excluding the NUL
 */
size_t hr_quantity_exact(const hr_quantity *q, char *buf, size_t size);

/** Value() of Kubernetes: rounded up (away from zero) to an integer,
 *  saturated to the int64 range. */
int64_t hr_quantity_value(const hr_quantity *q);

/** MilliValue(): rounded up to thousandths, saturated to int64. */
int64_t hr_quantity_milli(const hr_quantity *q);

/** The value as a double (CPU cores); exact for realistic values. */
double hr_quantity_to_double(const hr_quantity *q);

/** Compare two quantities by value: <0, 0, >0. */
int hr_quantity_cmp(const hr_quantity *a, const hr_quantity *b);

#ifdef __cplusplus
}
#endif

#endif
