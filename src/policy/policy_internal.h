/*
 * The policy's private side: what an hr_policy owns, and the loader shared
 * by hr_policy_load(), hr_policy_load_text() and hr_policy_default().
 */
#ifndef HR_POLICY_INTERNAL_H
#define HR_POLICY_INTERNAL_H

#include "headroom/policy.h"
#include "util/arena.h"
#include "util/pattern.h"
#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>

/* Bounds on a policy, which a pull request can edit: a policy is small,
 * and these keep a hostile one from making selection or waiver matching
 * expensive.  Going over is HR_ELIMIT at the offending node. */
#define HR_POLICY_MAX_BYTES (1024u * 1024u)
#define HR_POLICY_MAX_PROFILES 256u
#define HR_POLICY_MAX_WAIVERS 10000u
#define HR_POLICY_MAX_LIST 1000u      /* items of one selector list or map */
/* Nodes one policy may reach once aliases are expanded. */
#define HR_POLICY_MAX_EXPANDED_NODES 100000u
#define HR_POLICY_MAX_DEPTH 64u

/* The name built-in positions are reported under in messages. */
#define HR_POLICY_BUILTIN_NAME "<built-in>"

typedef struct hr_policy_impl {
	hr_policy pub;              /* first: the two pointers convert */
	hr_arena arena;             /* every node, string and array */
	hr_pattern **patterns;      /* owned, freed with the policy */
	size_t pattern_count, pattern_cap;
	hr_strmap pattern_index;    /* text -> pattern: compile each once */
} hr_policy_impl;

/**
 * Parse a policy.  With builtin, text is the built-in policy: every key is
 * read from it and positions carry no file.  Otherwise the built-in policy
 * is read first and gives the values the text leaves out (see the header
 * comment of policy_load.c).
 */
int hr_policy_parse(const char *name, const char *text, size_t len,
                    bool builtin, hr_policy **out);

/**
 * Quote s (len bytes) for a message: in double quotes, control bytes and
 * double quotes escaped (backslashes are not: patterns read as written), cut at a UTF-8 boundary with "..." past about size/2
 * bytes.  Always NUL-terminates buf (size >= 8).
 * @return buf
 */
const char *hr_policy_quote(char *buf, size_t size, const char *s, size_t len);

#endif
