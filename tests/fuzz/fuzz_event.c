/*
 * libFuzzer harness for the GitHub event payload reader
 * (hr_base_from_github_event): bytes in, pull_request.base.sha out.
 *
 * The input is not NUL-terminated, so ASan sees any read past the end.
 * Invariants (abort() when one breaks):
 *   - success gives a commit id: 40 or 64 hex digits, nothing else;
 *   - a failure returns HR_EINVALID or HR_ELIMIT, the same code as the
 *     last error, a non-empty message naming this input, and an empty sha.
 */
#include "headroom/base.h"
#include "headroom/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

#define FUZZ_NAME "event.json"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	check(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	char sha[HR_BASE_REV_MAX];
	int rc = hr_base_from_github_event(FUZZ_NAME, copy, size, sha);
	if (rc == HR_OK) {
		size_t n = strspn(sha, "0123456789abcdefABCDEF");
		check(sha[n] == '\0' && (n == 40 || n == 64));
	} else {
		const hr_error *e = hr_error_last();
		check(rc == HR_EINVALID || rc == HR_ELIMIT);
		check(e->code == rc);
		check(e->message[0] != '\0');
		check(e->file && strcmp(e->file, FUZZ_NAME) == 0);
		check(sha[0] == '\0');
		touch_str(e->message);
	}
	touch_str(sha);
	free(copy);
	return 0;
}
