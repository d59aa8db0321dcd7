#include "net/http_internal.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *hr_http_redacted_url(const char *url)
{
	CURLU *u = curl_url();
	char *clean = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_USER, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_OPTIONS, NULL, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &clean, 0) == CURLUE_OK) {
		char *copy = hr_xstrdup(clean);
		curl_free(clean);
		curl_url_cleanup(u);
		return copy;
	}
	curl_free(clean);
	curl_url_cleanup(u);
	/* Unparsable, yet it may still carry credentials: mask up to the last
	 * '@' before the path, as a parser that accepted it would see it. */
	const char *authority = strstr(url, "://");
	authority = authority ? authority + 3 : url;
	size_t span = strcspn(authority, "/?#");
	const char *at = NULL;
	for (const char *p = authority; p < authority + span; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return hr_xstrdup(url);
	size_t head = (size_t)(authority - url);
	size_t tail = strlen(at);
	char *masked = hr_xmalloc(head + 3 + tail + 1);
	memcpy(masked, url, head);
	memcpy(masked + head, "***", 3);
	memcpy(masked + head + 3, at, tail + 1);
	return masked;
}

void hr_http_format_seconds(char *buf, size_t size, long ms)
{
	snprintf(buf, size, "%g s", (double)ms / 1000.0);
}

/* text with every occurrence of secret replaced by "***"; frees text. */
static char *mask(char *text, const char *secret)
{
	size_t n = strlen(secret);
	char *hit = strstr(text, secret);
	if (!hit)
		return text;
	size_t len = strlen(text);
	/* "***" is never longer than a masked secret (n >= 4). */
	char *out = hr_xmalloc(len + 1);
	char *w = out;
	const char *r = text;
	for (; hit; hit = strstr(r, secret)) {
		memcpy(w, r, (size_t)(hit - r));
		w += hit - r;
		memcpy(w, "***", 3);
		w += 3;
		r = hit + n;
	}
	strcpy(w, r);
	free(text);
	return out;
}

char *hr_http_failure_message(const char *method, const char *url,
                              const char *what, unsigned attempts,
                              const char *const *secrets, size_t secret_count)
{
	char *where = hr_http_redacted_url(url);
	const char *plural = attempts == 1 ? "" : "s";
#define FAILURE_FORMAT "%s %s: %s (%u attempt%s)"
	int n = snprintf(NULL, 0, FAILURE_FORMAT, method, where, what, attempts,
	                 plural);
	size_t size = (size_t)(n > 0 ? n : 0) + 1;
	char *text = hr_xmalloc(size);
	snprintf(text, size, FAILURE_FORMAT, method, where, what, attempts, plural);
#undef FAILURE_FORMAT
	free(where);
	for (size_t i = 0; i < secret_count; i++)
		if (secrets[i] && strlen(secrets[i]) >= 4)
			text = mask(text, secrets[i]);
	return text;
}
