/* SPDX-License-Identifier: GPL-2.0-only */
/* logprof.h - log records into rule-DSL lines (logprof.c), for `bpfcon
 * logprof` and `bpfcon learn`. */
#ifndef BPFCON_RT_LOGPROF_H
#define BPFCON_RT_LOGPROF_H

#include <stdbool.h>
#include <stdio.h>

/* Reads key=value records from IN and writes the rules that allow what
 * policy POLICY's DENIED and COMPLAIN records show, with a header comment,
 * to OUT.  Returns the number of rules. */
int logprof_run(FILE *in, const char *policy, FILE *out);
/* S as the inside of a DSL string literal ('"' and '\' escaped) in OUT
 * (N bytes); false if S is not printable UTF-8 text or does not fit. */
bool logprof_dsl_string(const char *s, char *out, size_t n);

#endif
