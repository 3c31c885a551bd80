/* SPDX-License-Identifier: GPL-2.0-only */
/* unit.h - a minimal unit-test harness: CHECK() records failures, and
 * main() (from UNIT_MAIN) prints "N passed, N failed". */
#ifndef BPFCON_UNIT_H
#define BPFCON_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond)                                                               \
	do {                                                                      \
		if (cond) {                                                       \
			unit_passed++;                                            \
		} else {                                                          \
			unit_failed++;                                            \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,    \
				__LINE__, #cond);                                 \
		}                                                                 \
	} while (0)

#define CHECK_STR(a, b)                                                           \
	do {                                                                      \
		const char *a_ = (a), *b_ = (b);                                  \
		if (a_ && b_ && !strcmp(a_, b_)) {                                \
			unit_passed++;                                            \
		} else {                                                          \
			unit_failed++;                                            \
			fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n",   \
				__FILE__, __LINE__, b_ ? b_ : "(null)",           \
				a_ ? a_ : "(null)");                              \
		}                                                                 \
	} while (0)

/* Each test file defines static void run_tests(void). */
#define UNIT_MAIN(name)                                                           \
	int main(void)                                                            \
	{                                                                         \
		run_tests();                                                      \
		arena_release();                                                  \
		printf("%s: %d passed, %d failed\n", name, unit_passed,           \
		       unit_failed);                                              \
		return unit_failed ? 1 : 0;                                       \
	}

#endif
