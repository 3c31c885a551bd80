/* SPDX-License-Identifier: GPL-2.0-only */
/* lint.h - warnings for policies that parse and check cleanly but are
 * probably wrong, and the meta-policy (what policies on this system may
 * contain).  Every finding carries a check name. */
#ifndef BPFCC_LINT_H
#define BPFCC_LINT_H

#include "diag.h"
#include "ir.h"

/* Warnings: cancelled-right, duplicate-rule, allows-everything, write-exec,
 * taint-never-fires, unreachable-rule. */
void lint_policy(const struct policy *p, struct diag *d);

struct meta_policy;
/* Parses a meta-policy YAML file (docs/meta-policy.md).  NULL after
 * reporting to d; *io_error set when it could not be read at all. */
struct meta_policy *meta_load(const char *path, struct diag *d, int *io_error);
/* The same, from a source already read (meta.c; the fuzz harness). */
struct meta_policy *meta_load_source(const struct source *src, struct diag *d);
/* Errors (check "meta-policy") for each violation, naming the meta rule. */
void meta_check(const struct meta_policy *m, const struct policy *p, struct diag *d);

#endif
