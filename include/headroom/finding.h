/*
 * headroom: findings (what the "evaluate" stage produces).
 *
 * A finding names a rule, a severity, the exact place in a manifest it is
 * about (the value itself, or the mapping where a missing field belongs),
 * the workload and container, the evidence behind it and, when there is
 * one, a safe value to write instead.
 *
 * Ownership: findings and everything they point to belong to the report
 * that holds them (include/headroom/check.h).
 */
#ifndef HEADROOM_FINDING_H
#define HEADROOM_FINDING_H

#include "headroom/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hr_severity {
	HR_SEVERITY_OFF,
	HR_SEVERITY_INFO,
	HR_SEVERITY_WARN,
	HR_SEVERITY_FAIL,
	HR_SEVERITY_COUNT
} hr_severity;

/** "off", "info", "warn", "fail". */
const char *hr_severity_name(hr_severity s);

/** Parse a severity name; HR_EINVALID for anything else. */
int hr_severity_parse(const char *name, hr_severity *out);

typedef enum hr_evidence_type {
	HR_EVIDENCE_INT,
	HR_EVIDENCE_NUMBER,
	HR_EVIDENCE_STRING,
	HR_EVIDENCE_BOOL,
} hr_evidence_type;

/** One named fact behind a finding ("memory_peak_bytes": 315621376). */
typedef struct hr_evidence {
	const char *key;
	hr_evidence_type type;
	union {
		int64_t i;
		double d;
		const char *s;
		bool b;
	} as;
} hr_evidence;

typedef struct hr_finding {
	const char *rule;          /**< a rule id from the catalog */
	hr_severity severity;
	const char *message;       /**< one line, may quote manifest text */
	const char *file;
	unsigned line;             /**< 1-based */
	unsigned column;           /**< 1-based */
	const hr_workload *workload;   /**< NULL when not about one */
	const hr_container *container; /**< NULL when not about one */
	const char *profile;       /**< policy profile, NULL when none */
	const hr_evidence *evidence;
	size_t evidence_count;
	const char *suggestion_field;  /**< "resources.limits.memory" or NULL */
	const char *suggestion_value;  /**< "384Mi" or NULL */
	/** An unexpired waiver covers it: reported, never counted in the
	 *  verdict.  The waiver's text fields, else NULL. */
	bool waived;
	const char *waiver_reason;
	const char *waiver_owner;
	const char *waiver_expires;
	/** Monthly money this finding is about (waste), in the pricing
	 *  currency; 0 when none. */
	double monthly_cost;
	/** With a base revision: the line was added or modified by the
	 *  change (what inline annotations should show). */
	bool changed;
} hr_finding;

#ifdef __cplusplus
}
#endif

#endif
