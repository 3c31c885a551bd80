/* SPDX-License-Identifier: GPL-2.0-only */
/* diag.h - diagnostics: findings collected while parsing and checking,
 * printed like a compiler (file:line:col, source line, caret), or as JSON
 * or SARIF 2.1.0 for CI. */
#ifndef BPFCC_DIAG_H
#define BPFCC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

struct finding {
	enum severity sev;
	const char *check;	/* check name, e.g. "syntax", "unknown-flag" */
	struct loc loc;
	const char *msg;
};

struct diag {
	struct finding *v;
	size_t n, cap;
	size_t errors, warnings;
};

void diag_error(struct diag *d, struct loc loc, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warn(struct diag *d, struct loc loc, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A note attached to the finding before it (e.g. "first defined here"). */
void diag_note(struct diag *d, struct loc loc, const char *check, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Turns every warning into an error (lint --werror). */
void diag_promote_warnings(struct diag *d);

/* file:line:col: error: message [check], then source line and caret. */
void diag_print_text(const struct diag *d, FILE *out, bool color);
void diag_print_json(const struct diag *d, FILE *out);
/* SARIF 2.1.0 log with one run; rules are the check names. */
void diag_print_sarif(const struct diag *d, FILE *out, const char *tool_version);

#endif
