/*
 * Anchored, bounded PCRE2 patterns (see pattern.h).  Patterns from policy
 * files are interpreted: they are matched against a few names per
 * workload, and the interpreter's limits are the ones that hold.  The
 * built-in grammars (image references, JVM options) run for every
 * container and are JIT-compiled (hr_pattern_jit()): interpreted, the
 * image reference alone cost a tenth of a 10,000-workload check.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "util/pattern.h"

#include "util/alloc.h"
#include "util/error_internal.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hr_pattern {
	pcre2_code *code;
	/* Shared by every match: PCRE2 only reads a context while matching,
	 * so one pattern can be matched from several threads. */
	pcre2_match_context *match_context;
	char *text;
	uint32_t capture_count;
};

#define COMPILE_OPTIONS (PCRE2_ANCHORED | PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C)

static int compile(const char *text, size_t len, uint32_t options,
                   hr_pattern **out, hr_pattern_error *err)
{
	hr_pattern_error scratch;
	if (!err)
		err = &scratch;
	*out = NULL;
	err->message[0] = '\0';
	err->offset = 0;

	if (len > HR_PATTERN_MAX_LENGTH) {
		snprintf(err->message, sizeof(err->message),
		         "pattern is longer than %u bytes", HR_PATTERN_MAX_LENGTH);
		err->offset = HR_PATTERN_MAX_LENGTH;
		return hr_fail(HR_EINVALID, "%s", err->message);
	}

	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	if (!cc)
		abort(); /* PCRE2 fails here only when malloc does */
	pcre2_set_max_pattern_length(cc, HR_PATTERN_MAX_LENGTH);
	pcre2_set_parens_nest_limit(cc, 64);
	int code = 0;
	PCRE2_SIZE offset = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)text, len,
	                               COMPILE_OPTIONS | options, &code, &offset,
	                               cc);
	pcre2_compile_context_free(cc);
	if (!re) {
		PCRE2_UCHAR buf[sizeof(err->message)];
		if (pcre2_get_error_message(code, buf, sizeof(buf)) < 0)
			snprintf((char *)buf, sizeof(buf), "error %d", code);
		snprintf(err->message, sizeof(err->message), "%s", (char *)buf);
		err->offset = offset;
		return hr_fail(HR_EINVALID, "%s at offset %zu", err->message,
		               err->offset);
	}

	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	if (!mc)
		abort();
	pcre2_set_match_limit(mc, HR_PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(mc, HR_PATTERN_DEPTH_LIMIT);
	pcre2_set_heap_limit(mc, HR_PATTERN_HEAP_LIMIT_KIB);

	hr_pattern *p = hr_xcalloc(1, sizeof(*p));
	p->code = re;
	p->match_context = mc;
	p->text = hr_xstrndup(text, len);
	uint32_t n = 0;
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &n);
	p->capture_count = n;
	*out = p;
	return HR_OK;
}

int hr_pattern_compile(const char *text, size_t len, hr_pattern **out,
                       hr_pattern_error *err)
{
	return compile(text, len, PCRE2_ENDANCHORED, out, err);
}

int hr_pattern_compile_prefix(const char *text, size_t len, hr_pattern **out,
                              hr_pattern_error *err)
{
	return compile(text, len, 0, out, err);
}

const char *hr_pattern_text(const hr_pattern *pattern)
{
	return pattern->text;
}

size_t hr_pattern_capture_count(const hr_pattern *pattern)
{
	return pattern->capture_count;
}

/*
 * One match data per thread, kept between matches.  A new one per match
 * cost a malloc, and PCRE2 (10.41 on) keeps its backtracking frames in it:
 * 20 KiB allocated again for every match, of which the JVM layer makes
 * dozens per container.  Freed when the thread ends, and for the main
 * thread when the process exits (valgrind counts every block).
 */
#define MATCH_PAIRS_MIN 16u

static pthread_key_t match_key;
static pthread_once_t match_key_once = PTHREAD_ONCE_INIT;
static bool match_key_made;

static void free_match_data(void *md)
{
	pcre2_match_data_free(md);
}

static void make_match_key(void)
{
	match_key_made = pthread_key_create(&match_key, free_match_data) == 0;
}

/* Match data with room for pairs ovector pairs; *owned when the caller
 * must free it (no thread-specific slot). */
static pcre2_match_data *match_data(uint32_t pairs, bool *owned)
{
	pthread_once(&match_key_once, make_match_key);
	pcre2_match_data *md =
	        match_key_made ? pthread_getspecific(match_key) : NULL;
	*owned = false;
	if (md && pcre2_get_ovector_count(md) >= pairs)
		return md;
	if (pairs < MATCH_PAIRS_MIN)
		pairs = MATCH_PAIRS_MIN;
	pcre2_match_data *fresh = pcre2_match_data_create(pairs, NULL);
	if (!fresh)
		abort();
	if (match_key_made && pthread_setspecific(match_key, fresh) == 0) {
		pcre2_match_data_free(md);
		return fresh;
	}
	*owned = true;
	return fresh;
}

__attribute__((destructor)) static void free_main_match_data(void)
{
	if (!match_key_made)
		return;
	pcre2_match_data_free(pthread_getspecific(match_key));
	pthread_setspecific(match_key, NULL);
}

hr_match hr_pattern_match_captures(const hr_pattern *pattern,
                                   const char *subject, size_t len,
                                   hr_capture *caps, size_t cap_count)
{
	for (size_t i = 0; i < cap_count; i++)
		caps[i] = (hr_capture){NULL, 0};
	bool owned;
	pcre2_match_data *md = match_data(pattern->capture_count + 1, &owned);
	/* A NULL subject with length 0 is an empty subject to PCRE2 10.43+
	 * only; give older versions a real pointer. */
	int rc = pcre2_match(pattern->code,
	                     (PCRE2_SPTR)(subject ? subject : ""), len, 0, 0,
	                     md, pattern->match_context);
	hr_match result;
	if (rc >= 0) {
		result = HR_MATCH_FOUND;
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		/* The shared match data may have more pairs than this
		 * pattern has groups: those hold an earlier match. */
		uint32_t pairs = pattern->capture_count + 1;
		for (size_t i = 0; i < cap_count && i < pairs; i++) {
			if (ov[2 * i] == PCRE2_UNSET || ov[2 * i + 1] < ov[2 * i])
				continue;
			caps[i].text = subject + ov[2 * i];
			caps[i].len = ov[2 * i + 1] - ov[2 * i];
		}
	} else if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL) {
		result = HR_MATCH_NONE;
	} else {
		/* PCRE2_ERROR_MATCHLIMIT, _DEPTHLIMIT, _HEAPLIMIT, a UTF-8
		 * error in the subject: give up, as no match. */
		result = HR_MATCH_ABORTED;
	}
	if (owned)
		pcre2_match_data_free(md);
	return result;
}

hr_match hr_pattern_match(const hr_pattern *pattern, const char *subject,
                          size_t len)
{
	return hr_pattern_match_captures(pattern, subject, len, NULL, 0);
}

void hr_pattern_jit(hr_pattern *pattern)
{
	/* PCRE2_ERROR_JIT_BADOPTION where there is no JIT: interpreted. */
	(void)pcre2_jit_compile(pattern->code, PCRE2_JIT_COMPLETE);
}

void hr_pattern_free(hr_pattern *pattern)
{
	if (!pattern)
		return;
	pcre2_code_free(pattern->code);
	pcre2_match_context_free(pattern->match_context);
	free(pattern->text);
	free(pattern);
}
