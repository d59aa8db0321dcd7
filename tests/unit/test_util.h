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

static inline int load_text(const char *text, hr_manifests **set)
{
	hr_manifests_new(set, NULL);
	return hr_manifests_add_buffer(*set, "test.yaml", text, strlen(text));
}

#endif
