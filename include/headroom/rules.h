/*
 * headroom: the rule catalog.
 *
 * Every rule headroom can report, with its stable id, default severity,
 * one-line summary and an explanation of the reason and the fix.  Ids are
 * never renamed; new ones may be added.  The catalog is static data owned
 * by the library.
 */
#ifndef HEADROOM_RULES_H
#define HEADROOM_RULES_H

#include "headroom/finding.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hr_rule_info {
	const char *id;
	hr_severity default_severity;
	const char *group;   /**< "manifest", "shape", "usage", "jvm" ... */
	const char *summary; /**< one line */
	const char *explain; /**< paragraphs: what, why, how to fix */
} hr_rule_info;

/** Number of rules in the catalog. */
size_t hr_rule_count(void);

/** The i-th rule (catalog order), or NULL past the end. */
const hr_rule_info *hr_rule_at(size_t i);

/** The rule with this id, or NULL. */
const hr_rule_info *hr_rule_find(const char *id);

#ifdef __cplusplus
}
#endif

#endif
