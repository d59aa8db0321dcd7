#include "util/fingerprint.h"

#include "headroom/error.h"
#include "util/error_internal.h"
#include "util/alloc.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hr_fingerprint_begin(void)
{
	if (git_libgit2_init() < 0)
		return hr_fail(HR_EIO, "cannot start libgit2 to hash findings");
	return HR_OK;
}

void hr_fingerprint_end(void)
{
	git_libgit2_shutdown();
}

int hr_fingerprint(const char *const *parts, size_t count,
                   hr_fingerprint_text *out)
{
	out->hex[0] = '\0';
	/* "3:abc" per part; 21 bytes hold any size_t and the colon */
	size_t len = 0;
	for (size_t i = 0; i < count; i++)
		len += 21 + (parts[i] ? strlen(parts[i]) : 0);
	char *buf = hr_xmalloc(len + 1);
	size_t used = 0;
	for (size_t i = 0; i < count; i++) {
		const char *s = parts[i] ? parts[i] : "";
		size_t n = strlen(s);
		used += (size_t)snprintf(buf + used, 22, "%zu:", n);
		memcpy(buf + used, s, n);
		used += n;
	}
	git_oid id;
	int rc = git_odb_hash(&id, buf, used, GIT_OBJECT_BLOB);
	free(buf);
	if (rc < 0)
		return hr_fail(HR_EIO, "libgit2 could not hash a finding");
	git_oid_tostr(out->hex, sizeof(out->hex), &id);
	return HR_OK;
}
