/*
 * Explicit tags are rare (`!!str 5`), so a node only pays for one when it
 * has one: a tagged node is allocated with its tag right behind it, and
 * bit HR_NODE_TAGGED of its flags says so.
 */
#ifndef HR_TAGGED_NODE_H
#define HR_TAGGED_NODE_H

#include "headroom/document.h"

#define HR_NODE_TAGGED 0x2u
/* A key node whose pair a later pair of its mapping shadows.  Such a key
 * node is a private copy, so an aliased key shared elsewhere is not
 * marked. */
#define HR_NODE_SHADOWED 0x4u

typedef struct hr_tagged_node {
	hr_node node; /* first: a tagged node is used as an hr_node */
	const char *tag;
} hr_tagged_node;

#endif
