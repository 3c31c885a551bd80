/* SPDX-License-Identifier: GPL-2.0-only */
/* checks.h - what each check name of bpfcc's diagnostics means: a one-line
 * description and a help text, for SARIF's rule descriptors (code scanning
 * shows them beside each result).  The list of names is the one in
 * docs/policy-language.md, section 4. */
#ifndef BPFCC_CHECKS_H
#define BPFCC_CHECKS_H

struct check_info {
	const char *name;	/* "duplicate-rule" */
	const char *brief;	/* one line, no final period */
	const char *help;	/* what it means and how to fix it */
};

/* The description of check NAME; a generic one for a name not listed. */
const struct check_info *check_info(const char *name);

#endif
