// SPDX-License-Identifier: GPL-2.0-only
/* fuzz_meta.c - libFuzzer harness: the meta-policy reader (meta.c on
 * yaml_tree.c) on arbitrary input, then meta_check() of what it accepted
 * against a small fixed policy that breaks most meta rules. */
#include <string.h>

#include "frontend.h"
#include "fuzz.h"
#include "lint.h"

static const char policy_text[] =
	"#![profile \"/usr/bin/fz\"]\n"
	"#![default allow]\n"
	"#![complain]\n"
	"#![privileged]\n"
	"fs(\"/etc/**\", read)\n"
	"#[taint] fs(\"/root/*\", write)\n"
	"filesystem(\"/\", read)\n"
	"#[kfunc \"vfs_read\"] cap(sys_admin)\n"
	"cap(any)\n"
	"ipc(\"other\")\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct source *ms = source_from_string("meta.yml", (const char *)data, size, &d);
	struct meta_policy *m = ms ? meta_load_source(ms, &d) : NULL;
	if (m) {
		struct source *ps = source_from_string("/nonexistent-fuzz/p.pol", policy_text,
						       strlen(policy_text), &d);
		struct policy *p = ps ? dsl_parse_policy(ps, &d) : NULL;
		if (!p)
			__builtin_trap();	/* the fixed policy must parse */
		meta_check(m, p, &d);
	}
	fuzz_finish(&d);
	return 0;
}
