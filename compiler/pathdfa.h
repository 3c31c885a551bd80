/* SPDX-License-Identifier: GPL-2.0-only */
/* pathdfa.h - compiles a set of path globs (glob.h semantics) into one
 * minimal DFA over byte classes, with a row-displacement compressed
 * transition table: the form the kernel walks, one byte per step, to learn
 * which rules a path matches. */
#ifndef BPFCC_PATHDFA_H
#define BPFCC_PATHDFA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A sorted, deduplicated set of pattern ids. */
struct pathdfa_set {
	uint32_t n;
	const uint32_t *ids;
};

struct pathdfa {
	uint32_t nstates;	/* state 0 = start */
	uint32_t dead;		/* the one state with no way to accept (always present) */
	uint32_t nclasses;	/* byte equivalence classes */
	uint8_t cls[256];	/* byte -> class */
	/* Transitions, row-displacement compressed, O(1) per byte: the next
	 * state of s on class c is
	 *   check[base[s] + c] == s ? next[base[s] + c] : dflt[s].
	 * base[s] + c < ntrans for every s and every c < nclasses; unused
	 * slots have check == UINT32_MAX and next == dead. */
	uint32_t *base, *dflt;	/* nstates entries each */
	uint32_t *next, *check; /* ntrans entries each */
	uint32_t ntrans;
	uint32_t *accept;	/* nstates entries: index into sets, 0 = accepts nothing */
	uint32_t nsets;		/* sets[0] is the empty set */
	struct pathdfa_set *sets;
	/* After a too-complex failure: the patterns (indexes into patterns[])
	 * whose combination multiplies the states, worst first. */
	uint32_t nblame;	/* 0, 1 or 2 */
	uint32_t blame[2];
};

/* The budget of one build, counted while the DFA is built: memory (what
 * the subset construction holds plus what minimizing and compressing it
 * will take) and work (epsilon-closure steps).  Either bounds a build to
 * about a second and a few hundred MB whatever the patterns. */
#define PATHDFA_MAX_BYTES (192u << 20)
#define PATHDFA_MAX_WORK (200ull * 1000 * 1000)

/* Compiles patterns (each valid per glob_valid) into *out.  ids[i] is the
 * id reported for patterns[i] (several patterns may share an id).  Returns
 * false and sets *err (arena-allocated, never freed) when a pattern is
 * invalid or the DFA would exceed max_states states (dead state included).
 * Subset construction also stops at 4 * max_states states before
 * minimization, or past the budget above, so a pathological set is refused
 * without unbounded work; then *err names the patterns to blame and
 * out->blame holds their indexes.
 * Memory: arena (util.h); temporaries are freed. */
bool pathdfa_build(const char *const *patterns, const uint32_t *ids, size_t n,
		   uint32_t max_states, struct pathdfa *out, const char **err);

/* Runs the DFA over path; returns the accept set of the final state: the
 * ids of exactly the patterns p with glob_match(p, path). */
const struct pathdfa_set *pathdfa_run(const struct pathdfa *d, const char *path);

/* The state after s reads byte c (the table lookup pathdfa_run does). */
uint32_t pathdfa_step(const struct pathdfa *d, uint32_t s, unsigned char c);

/* For every state s, reach[s] is mark[t] for a state t nearest to s (in
 * steps) among the states reachable from s with mark[t] != UINT32_MAX (s
 * itself included); UINT32_MAX if none is.  Deterministic.  mark and
 * reach have nstates entries.  Memory: temporaries are freed. */
void pathdfa_reach(const struct pathdfa *d, const uint32_t *mark, uint32_t *reach);

/* For every state s, bits[s] becomes the union of bits[t] over the states
 * t reachable from s (s itself included). */
void pathdfa_reach_union(const struct pathdfa *d, uint32_t *bits);

#endif
