/* SPDX-License-Identifier: GPL-2.0-only */
/* check.h - semantic checks shared by both languages (errors), run on the
 * IR after parsing: paths, names, directive combinations, func binaries,
 * duplicate policy names across files. */
#ifndef BPFCC_CHECK_H
#define BPFCC_CHECK_H

#include "diag.h"
#include "ir.h"

/* Validates one rule path (absolute, no "..", no "//", no "." component,
 * no trailing "/" except for "/" itself, well-formed glob, length).
 * Reports to d at loc and returns false when invalid.  Used by both
 * front ends on every path they read. */
bool check_path(struct diag *d, struct loc loc, const char *path, bool glob_ok);

/* Errors that do not depend on the language.  Returns false if any. */
bool check_policy(struct policy *p, struct diag *d);

/* Two files defining the same policy name differently (a YAML policy and
 * its DSL twin, with identical IR, are one policy). */
void check_unique_names(struct policy **v, size_t n, struct diag *d);

#endif
