/*
 * The rule catalog: one row per rule, in the order `headroom rules` lists
 * them.  Adding a rule means adding a row here and its check function.
 */
#include "evaluate/evaluate_internal.h"

#include <string.h>

static const hr_rule_entry entries[] = {
	{{"manifest-duplicate-key", HR_SEVERITY_FAIL, "manifest",
	  "a mapping sets the same key twice",
	  "A key written twice in one YAML or JSON mapping is ambiguous: a "
	  "reviewer reads one value, the cluster another.  kubectl and the API "
	  "server silently keep the last one (or, with strict field validation, "
	  "refuse the object), so the value a reviewer approved may not be the "
	  "value that runs.\n\n"
	  "Fix: delete one of the two lines, keeping the value you mean.  The "
	  "finding points at the later key, the one the cluster uses, and names "
	  "the line of the earlier one."},
	 hr_check_duplicate_keys},
};

const hr_rule_entry *hr_rule_entries(size_t *count)
{
	*count = sizeof(entries) / sizeof(entries[0]);
	return entries;
}

size_t hr_rule_count(void)
{
	return sizeof(entries) / sizeof(entries[0]);
}

const hr_rule_info *hr_rule_at(size_t i)
{
	return i < hr_rule_count() ? &entries[i].info : NULL;
}

const hr_rule_info *hr_rule_find(const char *id)
{
	for (size_t i = 0; i < hr_rule_count(); i++)
		if (strcmp(entries[i].info.id, id) == 0)
			return &entries[i].info;
	return NULL;
}
