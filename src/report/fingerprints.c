#include "report/fingerprints.h"

#include "headroom/error.h"
#include "report/escape.h"
#include "util/alloc.h"
#include "util/strmap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int identity(const hr_finding *f, hr_fingerprint_text *out)
{
	const hr_workload *w = f->workload;
	const char *parts[] = {
		"headroom/finding/v1",
		f->rule,
		hr_report_path(f->file),
		w ? w->kind_name : NULL,
		w ? w->namespace_ : NULL,
		w ? w->name : NULL,
		f->container ? f->container->name : NULL,
		f->suggestion_field,
	};
	return hr_fingerprint(parts, sizeof(parts) / sizeof(parts[0]), out);
}

int hr_report_fingerprints(const hr_report *r, hr_fingerprint_text **out)
{
	*out = NULL;
	if (r->finding_count == 0)
		return HR_OK;
	int rc = hr_fingerprint_begin();
	if (rc)
		return rc;
	hr_fingerprint_text *ids = hr_xcalloc(r->finding_count, sizeof(*ids));
	hr_fingerprint_text *base = hr_xcalloc(r->finding_count, sizeof(*base));
	/* identity -> how many findings had it so far (keys point into base) */
	hr_strmap seen = HR_STRMAP_INIT;
	for (size_t i = 0; i < r->finding_count && rc == HR_OK; i++) {
		rc = identity(&r->findings[i], &base[i]);
		if (rc)
			break;
		uintptr_t n = (uintptr_t)hr_strmap_get(&seen, base[i].hex,
		                                       HR_FINGERPRINT_HEX);
		hr_strmap_put(&seen, base[i].hex, HR_FINGERPRINT_HEX,
		              (void *)(n + 1));
		ids[i] = base[i];
		if (n) {
			char ordinal[24];
			snprintf(ordinal, sizeof(ordinal), "%zu", (size_t)n);
			const char *parts[] = {base[i].hex, ordinal};
			rc = hr_fingerprint(parts, 2, &ids[i]);
		}
	}
	free(base);
	hr_strmap_dispose(&seen);
	hr_fingerprint_end();
	if (rc) {
		free(ids);
		return rc;
	}
	*out = ids;
	return HR_OK;
}
