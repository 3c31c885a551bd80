// SPDX-License-Identifier: GPL-2.0-only
/* ir.c - small helpers over the IR (see ir.h). */
#include "ir.h"

#include "nametab.h"
#include "util.h"

struct rule *policy_add_rule(struct policy *p)
{
	return arena_grow(&p->rules, &p->nrules, &p->cap, sizeof(*p->rules));
}

bool policy_has_taint_rules(const struct policy *p)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].actions & RA_TAINT)
			return true;
	return false;
}

bool policy_starts_tainted(const struct policy *p)
{
	return p->default_taint || !policy_has_taint_rules(p);
}

const char *rule_kind_name(enum rule_kind k)
{
	return k < RK__COUNT ? nametab_kind(k) : "?";
}

bool rule_kind_has_file_access(enum rule_kind k)
{
	return k == RK_FS || k == RK_FILESYSTEM || k == RK_PROC || k == RK_DEV_CLASS ||
	       k == RK_DEV_NUM;
}
