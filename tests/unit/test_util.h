/*
 * Helpers shared by the unit tests: loading a manifest from a string.
 */
#ifndef HR_TEST_UTIL_H
#define HR_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "headroom/headroom.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline int load_text(const char *text, hr_manifests **set)
{
	hr_manifests_new(set, NULL);
	return hr_manifests_add_buffer(*set, "test.yaml", text, strlen(text));
}

/* text in a new file under /tmp named ...suffix; the caller unlinks and
 * frees the returned path. */
static inline char *write_temp_file(const char *text, const char *suffix)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/hr-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	char *named = malloc(strlen(path) + strlen(suffix) + 1);
	sprintf(named, "%s%s", path, suffix);
	assert_int_equal(rename(path, named), 0);
	return named;
}

#endif
