/*
 * Options JDK releases deprecated, ignore or no longer recognise
 * (reference/jvm.md 2.4).  An unrecognised option stops the JVM:
 * "Unrecognized VM option".  Which of these applies depends on the JDK the
 * image runs; when the image does not say, the finding is a warning that
 * names the release that refuses it.
 */
#include "jvm/jvm_internal.h"

#include "util/pattern_table.h"

#include <stdio.h>
#include <string.h>

typedef struct removed_option {
	int deprecated_in;  /* warns from this release */
	int ignored_from;   /* obsolete: accepted and ignored; 0 never */
	int refused_from;   /* unrecognised, the JVM exits; 0 never (yet) */
	const char *replacement;
	const char *source;
} removed_option;

/* Row i goes with pattern i. */
static const char *const removed_texts[] = {
	"UseConcMarkSweepGC|CMS[A-Za-z0-9_]*",
	"UseParallelOldGC",
	"PermSize|MaxPermSize",
	"UseCGroupMemoryLimitForHeap",
	"(?:Max|Min|Initial|DefaultMax)RAMFraction",
	"ZGenerational",
};
static const removed_option removed[] = {
	{9, 14, 15, "-XX:+UseG1GC (or -XX:+UseZGC)", "JEP 363"},
	{14, 15, 16, "-XX:+UseParallelGC", "JEP 366"},
	{8, 8, 17, "-XX:MaxMetaspaceSize", "JDK 8 removed PermGen"},
	{10, 0, 11, "nothing: container support is on by default (JDK 10, 8u191)",
	 "openshift-docs #68617"},
	{10, 23, 0, "-XX:MaxRAMPercentage (100 / fraction)", "JDK-8324771"},
	{23, 24, 26, "nothing: ZGC is generational from JDK 23", "JEP 474, JEP 490"},
};
static hr_pattern_table removed_patterns = HR_PATTERN_TABLE(removed_texts, false);

_Static_assert(sizeof(removed_texts) / sizeof(removed_texts[0]) ==
                       sizeof(removed) / sizeof(removed[0]),
               "one pattern per removed option");

void hr_jvm_check_removed(jvm_build *b, const hr_jvm_option *o,
                          const char *flag, size_t flag_len)
{
	int feature = b->jvm->jdk_feature;
	for (size_t i = 0; i < sizeof(removed) / sizeof(removed[0]); i++) {
		const hr_pattern *p = hr_pattern_table_get(&removed_patterns, i);
		if (!p || hr_pattern_match(p, flag, flag_len) != HR_MATCH_FOUND)
			continue;
		const removed_option *r = &removed[i];
		int name_len = flag_len > 80 ? 80 : (int)flag_len;
		hr_jvm_issue *issue = NULL;
		if (feature && r->refused_from && feature >= r->refused_from)
			issue = hr_jvm_issue_at(b, HR_JVM_ISSUE_REMOVED, o, NULL,
			                        "%.*s was removed: Java %d refuses it "
			                        "(\"Unrecognized VM option\") and does not "
			                        "start (%s)", name_len, flag, feature, r->source);
		else if (feature && r->ignored_from && feature >= r->ignored_from)
			issue = hr_jvm_issue_at(b, HR_JVM_ISSUE_OBSOLETE, o, NULL,
			                        "%.*s is ignored from Java %d on%s (%s)",
			                        name_len, flag, r->ignored_from,
			                        r->refused_from ? ", and refused later" : "",
			                        r->source);
		else if (feature && feature >= r->deprecated_in)
			issue = hr_jvm_issue_at(b, HR_JVM_ISSUE_OBSOLETE, o, NULL,
			                        "%.*s is deprecated since Java %d (%s)",
			                        name_len, flag, r->deprecated_in, r->source);
		else if (!feature && r->refused_from)
			issue = hr_jvm_issue_at(b, HR_JVM_ISSUE_OBSOLETE, o, NULL,
			                        "%.*s stops Java %d and later from starting "
			                        "(\"Unrecognized VM option\"); the image does "
			                        "not say which Java it runs (%s)",
			                        name_len, flag, r->refused_from, r->source);
		else if (!feature)
			issue = hr_jvm_issue_at(b, HR_JVM_ISSUE_OBSOLETE, o, NULL,
			                        "%.*s is deprecated since Java %d (%s)",
			                        name_len, flag, r->deprecated_in, r->source);
		if (issue)
			issue->replacement = r->replacement;
		return;
	}
}
