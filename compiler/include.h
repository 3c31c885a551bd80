/* SPDX-License-Identifier: GPL-2.0-only */
/* include.h - included rule files (DSL `include "FILE"`, YAML `include:`):
 * finding and loading them, refusing cycles and runaway nesting, and the
 * "included from" notes that follow a finding in an included file.
 * Semantics: docs/policy-language.md, "Including shared rules". */
#ifndef BPFCC_INCLUDE_H
#define BPFCC_INCLUDE_H

#include <stddef.h>

#include "diag.h"
#include "ir.h"
#include "source.h"

/* An include statement may name a file that includes others up to this
 * depth (the policy itself is depth 0). */
#define INCLUDE_MAX_DEPTH 16
/* Different files one policy may include in all. */
#define INCLUDE_MAX_FILES 256

/* The files a policy has included so far (canonical paths): a file is
 * read once, however often it is included. */
struct include_set {
	const char **real;
	size_t n, cap;
};

/* The file being read, and the chain of files that included it. */
struct include_ctx {
	const struct source *src;
	const char *real;		/* canonical path, NULL if unknown */
	const struct include_ctx *parent;
	int depth;
	struct include_set *set;	/* shared by the whole policy */
	struct include_set root_set;	/* the set, in the root */
};

/* The context of a policy's own file. */
void include_root(struct include_ctx *ic, const struct source *src);

/* Reads FILE (relative to the folder of the including file, or absolute)
 * and appends its rules to p, at the include statement written at `at`.
 * Every problem is reported to d. */
void include_file(struct policy *p, const struct include_ctx *from, const char *file,
		  struct loc at, struct diag *d);

/* After a front end ran: every finding from index `from` on that lies in an
 * included file gets "included from FILE:LINE:COL" notes (the whole chain). */
void include_notes(struct diag *d, size_t from);

#endif
