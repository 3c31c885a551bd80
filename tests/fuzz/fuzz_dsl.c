// SPDX-License-Identifier: GPL-2.0-only
/* fuzz_dsl.c - libFuzzer harness: the rule DSL front end (grammar/,
 * dsl_front.c), then the shared checks, lint, and (for small
 * policies) code generation, on arbitrary input (fuzz_front_end, fuzz.h). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* p.pol in a folder of files to include (fuzz.h) */
	return fuzz_front_end("p.pol", data, size, dsl_parse_policy);
}
