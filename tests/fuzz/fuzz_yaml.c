// SPDX-License-Identifier: GPL-2.0-only
/* fuzz_yaml.c - libFuzzer harness: the YAML front end (yaml_tree.c,
 * yaml_front.c), then the shared checks, lint, and (for small
 * policies) code generation, on arbitrary input (fuzz_front_end, fuzz.h). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* p.yml in a folder of files to include (fuzz.h) */
	return fuzz_front_end("p.yml", data, size, yaml_parse_policy);
}
