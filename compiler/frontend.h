/* SPDX-License-Identifier: GPL-2.0-only */
/* frontend.h - the two policy languages.  Each front end turns one source
 * into a struct policy, reporting every problem it finds to the diag with
 * its location.  A policy is returned only when the front end reported no
 * error; checks that do not depend on the language live in check.c. */
#ifndef BPFCC_FRONTEND_H
#define BPFCC_FRONTEND_H

#include "diag.h"
#include "include.h"
#include "ir.h"

/* YAML (BPFContain style), parsed with libyaml: yaml_front.c */
struct policy *yaml_parse_policy(const struct source *src, struct diag *d);
/* The rules of an included YAML file (only rule keys and include), added to p. */
void yaml_include_rules(const struct source *src, const struct include_ctx *ic,
			struct policy *p, struct diag *d);

/* Rule DSL (bpfbox style), parsed with flex/bison: dsl_front.c + grammar/ */
struct policy *dsl_parse_policy(const struct source *src, struct diag *d);
/* The rules of an included DSL file (no #![...] directives), added to p. */
void dsl_include_rules(const struct source *src, const struct include_ctx *ic,
		       struct policy *p, struct diag *d);

/* One DSL rule with no directives, as an explain REQUEST, e.g.
 * fs("/etc/shadow", read).  Returns false after reporting to d. */
bool dsl_parse_request(const struct source *src, struct diag *d, struct rule *out);

/* The language a file's extension names: .pol (the DSL), .yml or .yaml.
 * false for any other name. */
bool frontend_lang_of(const char *path, enum policy_lang *out);
/* The accepted extensions, for messages: "'.pol', '.yml' or '.yaml'". */
#define FRONTEND_EXTENSIONS "'.pol' (rule DSL), '.yml' or '.yaml' (YAML)"

/* Parses src in the language its name says; an unknown extension is an
 * error naming the accepted ones. */
struct policy *frontend_parse(const struct source *src, struct diag *d);

#endif
