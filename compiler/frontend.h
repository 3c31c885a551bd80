/* SPDX-License-Identifier: GPL-2.0-only */
/* frontend.h - the two policy languages.  Each front end turns one source
 * into a struct policy, reporting every problem it finds to the diag with
 * its location.  A policy is returned only when the front end reported no
 * error; checks that do not depend on the language live in check.c. */
#ifndef BPFCC_FRONTEND_H
#define BPFCC_FRONTEND_H

#include "diag.h"
#include "ir.h"

/* YAML (BPFContain style), parsed with libyaml: yaml_front.c */
struct policy *yaml_parse_policy(const struct source *src, struct diag *d);

/* Rule DSL (bpfbox style), parsed with flex/bison: dsl_front.c + grammar/ */
struct policy *dsl_parse_policy(const struct source *src, struct diag *d);

/* One DSL rule with no directives, as an explain REQUEST, e.g.
 * fs("/etc/shadow", read).  Returns false after reporting to d. */
bool dsl_parse_request(const struct source *src, struct diag *d, struct rule *out);

/* Picks the language by extension (.yml/.yaml: YAML, .pol/.bpfbox: DSL),
 * else by content (a first non-blank character of '#!' '#[' or '/': DSL). */
enum policy_lang frontend_guess_lang(const struct source *src);
struct policy *frontend_parse(const struct source *src, struct diag *d);

#endif
