#include "net/http_internal.h"

#include <limits.h>

/* Transport failures that another attempt may not meet: the network or the
 * server had a bad moment.  Not here, on purpose: malformed URLs, protocols
 * we refuse, TLS verification failures and our own size limit, which fail
 * the same way every time. */
static const CURLcode retried_codes[] = {
	CURLE_COULDNT_RESOLVE_PROXY,
	CURLE_COULDNT_RESOLVE_HOST,
	CURLE_COULDNT_CONNECT,
	CURLE_PARTIAL_FILE,
	CURLE_OPERATION_TIMEDOUT,
	CURLE_GOT_NOTHING,
	CURLE_SEND_ERROR,
	CURLE_RECV_ERROR,
	CURLE_HTTP2,
	CURLE_HTTP2_STREAM,
	CURLE_HTTP3,
};

bool hr_http_status_retried(long status, bool has_retry_after)
{
	/* 501 Not Implemented and 505 HTTP Version Not Supported are answers
	 * about the request itself: asking again gets the same.  A 403 is
	 * final, unless it says when to come back: GitHub's secondary rate
	 * limits answer 403 with Retry-After. */
	if (status == 429 || (status == 403 && has_retry_after))
		return true;
	return status >= 500 && status <= 599 && status != 501 && status != 505;
}

bool hr_http_code_retried(CURLcode code)
{
	for (size_t i = 0; i < sizeof(retried_codes) / sizeof(retried_codes[0]); i++)
		if (retried_codes[i] == code)
			return true;
	return false;
}

/* xorshift64*: jitter needs spread, not secrecy. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9E3779B97F4A7C15u;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Du;
}

long hr_http_retry_wait_ms(long base_ms, unsigned attempt, long retry_after_s,
                           uint64_t *rng)
{
	long wait = base_ms > 0 ? base_ms : 0;
	for (unsigned i = 1; i < attempt && wait < LONG_MAX / 2; i++)
		wait *= 2;
	long half = wait / 2;
	if (wait > half)
		wait = half + (long)(next_random(rng) % (uint64_t)(wait - half + 1));
	if (retry_after_s >= 0) {
		long asked = retry_after_s < LONG_MAX / 1000 ? retry_after_s * 1000
		                                             : LONG_MAX;
		if (asked > wait)
			wait = asked;
	}
	return wait;
}
