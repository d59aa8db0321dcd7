/*
 * Inside the HTTP module: the retry policy and the failure messages, kept
 * apart from the transfer loop in http.c so each can be read alone.
 */
#ifndef HR_NET_HTTP_INTERNAL_H
#define HR_NET_HTTP_INTERNAL_H

#include "net/http.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- retry policy (http_retry.c) ---- */

/* Whether an answer with this status is worth asking again. */
bool hr_http_status_retried(long status, bool has_retry_after);

/* Whether a transfer that failed with this libcurl code may be retried. */
bool hr_http_code_retried(CURLcode code);

/* The wait before attempt `attempt` + 1 (attempt counts from 1): base,
 * doubled per attempt, drawn in [half, all] of that from *rng; at least
 * retry_after_s seconds when the server said so (negative: it did not).
 * Saturates instead of overflowing. */
long hr_http_retry_wait_ms(long base_ms, unsigned attempt, long retry_after_s,
                           uint64_t *rng);

/* ---- messages (http_message.c) ---- */

/* url without a user:password@ part, for messages; caller frees.  A URL
 * libcurl cannot parse has everything before an '@' in what looks like
 * its authority replaced by "***". */
char *hr_http_redacted_url(const char *url);

/* "1.25 s", "30 s", "0.3 s": ms as seconds for messages, exactly. */
void hr_http_format_seconds(char *buf, size_t size, long ms);

/* "METHOD URL: what (N attempts)" with every occurrence of each secret
 * (NULL entries and ones shorter than 4 bytes skipped) masked; caller
 * frees. */
char *hr_http_failure_message(const char *method, const char *url,
                              const char *what, unsigned attempts,
                              const char *const *secrets, size_t secret_count);

#endif
