/* SPDX-License-Identifier: GPL-2.0-only */
/* glob.h - path patterns: '*' (within one component), '**' (across
 * components), '?', '[abc]', '[a-z]', '[!abc]'.  A pattern without any of
 * these is a literal path. */
#ifndef BPFCC_GLOB_H
#define BPFCC_GLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool glob_has_magic(const char *pattern);
/* Is the pattern well formed?  On error sets *err_off to the offending
 * byte and *err to a message. */
bool glob_valid(const char *pattern, size_t *err_off, const char **err);
/* Does path match pattern?  Time O(len(pattern) * len(path)). */
bool glob_match(const char *pattern, const char *path);
/* Is there a path both patterns match? */
bool glob_intersects(const char *a, const char *b);
/* A pattern compiled to an NFA whose epsilon edges only go forward, the
 * form glob_match runs and pathdfa.c builds its DFA from.  Node i consumes
 * one byte of .set and moves to i + 1 (GLOB_CHAR), or loops on .set with
 * an epsilon edge to i + 1 (GLOB_LOOP), or has epsilon edges to i + 1 and
 * .jump > i (GLOB_SPLIT).  State n, one past the last node, accepts. */
struct glob_byteset {
	uint64_t w[4];
};
enum glob_op { GLOB_CHAR, GLOB_LOOP, GLOB_SPLIT };
struct glob_node {
	enum glob_op op;
	size_t jump;
	struct glob_byteset set;
};
/* The nodes of a valid pattern (malloc'd, the caller frees them; *n may
 * be 0), or NULL if it is not valid. */
struct glob_node *glob_compile(const char *pattern, size_t *n);

/* Does every path matched by b also match a?  Exact for a literal b;
 * otherwise conservative (may answer false when true). */
bool glob_covers(const char *a, const char *b);

#endif
