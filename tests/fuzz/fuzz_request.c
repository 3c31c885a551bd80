// SPDX-License-Identifier: GPL-2.0-only
/* fuzz_request.c - libFuzzer harness: explain's request parser (one DSL
 * rule, dsl_parse_request) and the decision for it against a small fixed
 * policy with rules of every kind. */
#include <string.h>

#include "explain.h"
#include "frontend.h"
#include "fuzz.h"

static const char policy_text[] =
	"#![profile \"/usr/bin/fz\"]\n"
	"fs(\"/etc/**\", read)\n"
	"#[deny] fs(\"/etc/shadow\", read)\n"
	"#[taint] net(inet|inet6, connect)\n"
	"#[func \"f\"] fs(\"/var/*/x?\", write|append)\n"
	"filesystem(\"/\", read)\n"
	"proc(self, read)\n"
	"dev(terminal, read|write)\n"
	"dev(4:64, read)\n"
	"signal(child, SIGTERM|SIGKILL)\n"
	"ptrace(parent, read)\n"
	"cap(net_bind_service)\n"
	"ipc(\"other\")\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct source *ps = source_from_string("/nonexistent-fuzz/p.pol", policy_text,
					       strlen(policy_text), &d);
	struct policy *p = ps ? dsl_parse_policy(ps, &d) : NULL;
	if (!p)
		__builtin_trap();	/* the fixed policy must parse */
	struct source *rs = source_from_string("<request>", (const char *)data, size, &d);
	struct rule req;
	if (rs && dsl_parse_request(rs, &d, &req)) {
		static const char *const funcs[] = { "f" };
		for (int tainted = 0; tainted < 2; tainted++) {
			struct eval_state st = { .tainted = tainted, .funcs = funcs, .nfuncs = 1,
						 .dev_file = req.kind == RK_FS, .dev_major = 4,
						 .dev_minor = 64 };
			struct decision dec = { 0 };
			explain_decide(p, &req, &st, &dec);
		}
	}
	fuzz_finish(&d);
	return 0;
}
