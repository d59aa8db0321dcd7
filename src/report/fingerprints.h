/*
 * One stable identity per finding, for the formats whose consumers track
 * findings across runs (GitLab Code Quality's fingerprint, code scanning's
 * partialFingerprints).
 *
 * The identity is the hash of what the finding is about, never where it
 * is: rule, file, workload (kind, namespace, name), container and the
 * field a suggestion names; and, when several findings share all of
 * those, the order among them (0 for the first).  So a finding keeps its
 * fingerprint when lines move, and two findings never share one.
 */
#ifndef HR_REPORT_FINGERPRINTS_H
#define HR_REPORT_FINGERPRINTS_H

#include "headroom/check.h"
#include "util/fingerprint.h"

/**
 * The fingerprint of every finding of r, in report order.
 *
 * @param out  receives an array of r->finding_count entries (NULL when
 *             there are none); the caller frees it
 * @return HR_OK, or HR_EIO when libgit2 failed (error set, *out NULL)
 */
int hr_report_fingerprints(const hr_report *r, hr_fingerprint_text **out);

#endif
