/* SPDX-License-Identifier: GPL-2.0-only */
/* fuzz.h - what the libFuzzer harnesses of tests/fuzz/ share: diagnostics
 * are printed (to /dev/null) so that every location they carry is used,
 * and the arena is released after each input so memory stays flat. */
#ifndef BPFCON_FUZZ_H
#define BPFCON_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_finish(struct diag *d)
{
	static FILE *null_out;
	if (!null_out)
		null_out = fopen("/dev/null", "w");
	if (null_out) {
		diag_print_text(d, null_out, false);
		diag_print_json(d, null_out);
	}
	arena_release();
}

#endif
