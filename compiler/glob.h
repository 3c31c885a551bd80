/* glob.h - path patterns: '*' (within one component), '**' (across
 * components), '?', '[abc]', '[a-z]', '[!abc]'.  A pattern without any of
 * these is a literal path. */
#ifndef BPFCC_GLOB_H
#define BPFCC_GLOB_H

#include <stdbool.h>
#include <stddef.h>

bool glob_has_magic(const char *pattern);
/* Is the pattern well formed?  On error sets *err_off to the offending
 * byte and *err to a message. */
bool glob_valid(const char *pattern, size_t *err_off, const char **err);
/* Does path match pattern?  Time O(len(pattern) * len(path)). */
bool glob_match(const char *pattern, const char *path);
/* Is there a path both patterns match? */
bool glob_intersects(const char *a, const char *b);
/* Does every path matched by b also match a?  Exact for a literal b;
 * otherwise conservative (may answer false when true). */
bool glob_covers(const char *a, const char *b);

#endif
