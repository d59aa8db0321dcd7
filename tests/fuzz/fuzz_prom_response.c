/*
 * libFuzzer harness for the Prometheus answer decoder: bytes in as an
 * /api/v1/query answer (and as a label-values answer), rows out, then the
 * rows through aggregation into a document that the recommendations
 * reader must accept.
 *
 * Invariants (abort() when one breaks):
 *   - a failure returns HR_EINVALID or HR_ELIMIT with a message free of
 *     control characters (the server's words are printed);
 *   - every row has its labels, non-empty and at most PROM_LABEL_MAX
 *     bytes, and a finite value;
 *   - the document built from any decoded rows reads back as
 *     headroom/recommendations/v1, or is refused with HR_EINVALID (a
 *     server's values may be out of the format's range), never worse.
 */
#include "fuzz_util.h"

#include "headroom/error.h"
#include "headroom/recommendations.h"
#include "prom/prom_internal.h"

#include <math.h>

static void check_message(void)
{
	const char *m = hr_error_last()->message;
	touch_str(m);
	for (; *m; m++)
		check((unsigned char)*m >= 0x20 && *m != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	hr_arena arena = HR_ARENA_INIT;
	prom_rows rows[PS_COUNT];
	memset(rows, 0, sizeof(rows));
	/* The same answer as every statistic: owner labels and container
	 * labels both get exercised. */
	for (int s = 0; s < PS_COUNT; s++) {
		int rc = hr_prom_decode_vector(body, size, hr_prom_stat(s)->labels,
		                               &arena, &rows[s]);
		if (rc != HR_OK) {
			check(rc == HR_EINVALID || rc == HR_ELIMIT);
			check_message();
			continue;
		}
		for (size_t i = 0; i < rows[s].count; i++) {
			check(isfinite(rows[s].rows[i].value));
			for (size_t k = 0; k < PROM_LABELS_MAX &&
			                   hr_prom_stat(s)->labels[k]; k++) {
				size_t len = strlen(rows[s].rows[i].label[k]);
				check(len > 0 && len <= PROM_LABEL_MAX);
				touch(rows[s].rows[i].label[k], len);
			}
		}
	}
	const char **names;
	size_t count;
	if (hr_prom_decode_strings(body, size, &arena, &names, &count) == HR_OK)
		for (size_t i = 0; i < count; i++)
			touch_str(names[i]);
	else
		check_message();

	prom_owners owners;
	hr_prom_owners_init(&owners, &arena);
	for (int s = PS_POD_OWNER; s <= PS_JOB_OWNER; s++)
		hr_prom_owners_add(&owners, (prom_stat)s, &rows[s]);
	prom_doc_options o = {1741996800, 1209600, NULL};
	char *doc;
	size_t len, workloads;
	check(hr_prom_document(rows, &owners, &o, &doc, &len, &workloads) ==
	      HR_OK);
	hr_recommendations *set;
	hr_recommendations_new(&set);
	int rc = hr_recommendations_add_buffer(set, "prometheus", doc, len);
	check(rc == HR_OK || rc == HR_EINVALID || rc == HR_ELIMIT);
	hr_recommendations_free(&set);
	free(doc);
	hr_prom_owners_dispose(&owners);
	hr_arena_free(&arena);
	return 0;
}
