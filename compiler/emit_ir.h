/* SPDX-License-Identifier: GPL-2.0-only */
/* emit_ir.h - the IR's stable text form (bpfcc --emit-ir), documented in
 * docs/ir.md: no source locations, rules merged and sorted, so a YAML
 * policy and its DSL twin print the same bytes. */
#ifndef BPFCC_EMIT_IR_H
#define BPFCC_EMIT_IR_H

#include <stdio.h>

#include "ir.h"
#include "util.h"

void emit_ir(const struct policy *p, FILE *out);
/* The same text, in the arena. */
char *ir_text(const struct policy *p);
/* A rule's object, e.g. fs "/etc/passwd", signal policy "httpd"; shared
 * with messages. */
void ir_format_object(const struct rule *r, struct strbuf *sb);
/* Quoted, escaped string. */
void ir_format_string(const char *s, struct strbuf *sb);

#endif
