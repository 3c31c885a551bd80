// SPDX-License-Identifier: GPL-2.0-only
/* fuzz_dsl.c - libFuzzer harness: the rule DSL front end (grammar/,
 * dsl_front.c), then the shared checks, lint, and (for small policies)
 * code generation, on arbitrary input. */
#include "check.h"
#include "codegen.h"
#include "frontend.h"
#include "fuzz.h"
#include "lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	/* p.pol in a folder of files to include (fuzz.h) */
	struct source *src = fuzz_source("p.pol", data, size, &d);
	struct policy *p = src ? dsl_parse_policy(src, &d) : NULL;
	if (p && check_policy(p, &d)) {
		lint_policy(p, &d);
		if (p->nrules <= 16) {
			struct strbuf c = { 0 };
			codegen_emit_c(p, NULL, &c, &d);
			sb_free(&c);
		}
	}
	fuzz_finish(&d);
	return 0;
}
