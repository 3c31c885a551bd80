// SPDX-License-Identifier: GPL-2.0-only
/* fuzz_glob.c - libFuzzer harness: glob validation and compilation
 * (glob.c) and the path matcher (pathdfa.c).  The input is lines: the
 * first is a path, the rest (at most 8) are patterns.  Every valid pattern
 * is compiled, the set is built into one DFA, and the DFA must report for
 * the path exactly the patterns glob_match() says match (an abort
 * otherwise: a differential check, not just a crash hunt). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "glob.h"
#include "pathdfa.h"

#define MAX_PATTERNS 8
#define MAX_STATES 20000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = arena_strndup((const char *)data, size);
	if (strlen(text) != size) {
		arena_release();
		return 0;	/* a NUL byte: patterns are C strings */
	}
	char *lines[MAX_PATTERNS + 1];
	size_t nlines = 0;
	for (char *p = text; p && nlines < MAX_PATTERNS + 1;) {
		lines[nlines++] = p;
		char *e = strchr(p, '\n');
		p = e ? e + 1 : NULL;
		if (e)
			*e = '\0';
	}
	const char *path = lines[0];
	const char *pats[MAX_PATTERNS];
	uint32_t ids[MAX_PATTERNS];
	size_t n = 0;
	for (size_t i = 1; i < nlines; i++) {
		size_t off;
		const char *why;
		if (!glob_valid(lines[i], &off, &why))
			continue;
		size_t nn;
		free(glob_compile(lines[i], &nn));
		ids[n] = (uint32_t)n;
		pats[n++] = lines[i];
	}
	if (n >= 2) {
		glob_intersects(pats[0], pats[1]);
		glob_covers(pats[0], pats[1]);
	}
	struct pathdfa dfa;
	const char *err;
	if (n && pathdfa_build(pats, ids, n, MAX_STATES, &dfa, &err)) {
		const struct pathdfa_set *got = pathdfa_run(&dfa, path);
		uint32_t want = 0;
		for (size_t i = 0; i < n; i++) {
			bool m = glob_match(pats[i], path);
			bool in = false;
			for (uint32_t j = 0; j < got->n; j++)
				in |= got->ids[j] == i;
			if (m != in)
				abort();
			want += m;
		}
		if (want != got->n)
			abort();
	}
	arena_release();
	return 0;
}
