/* SPDX-License-Identifier: GPL-2.0-only */
/* difftest.h - what the two halves of the host differential test share:
 * the test program's request (bpf-templates/bpfcon_testprog.h), the
 * deterministic random numbers, the synthetic mount table, and the
 * generators of tests/host/difftest-gen.c (random policies and, for one
 * loaded policy, random requests of every kind) used by the driver in
 * tests/host/difftest.c. */
#ifndef DIFFTEST_H
#define DIFFTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

#include "../../bpf-templates/bpfcon_abi.h"

#include "explain.h"
#include "ir.h"
#include "util.h"

/* --- the test program's request (bpf-templates/bpfcon_testprog.h) ------ */

#define PATH_MAX_K 4096
/* The request of the test program: struct bpfcon_test_req (bpfcon_abi.h). */
#define TEST_REQ_PATH_OFF 80
_Static_assert(sizeof(struct bpfcon_test_req) == TEST_REQ_PATH_OFF + PATH_MAX_K,
	       "struct bpfcon_test_req layout");

/* --- deterministic random numbers (splitmix64) ------------------------- */

void rnd_seed(uint64_t seed, uint64_t stream, uint64_t sub);
uint64_t rnd64(void);
unsigned rnd(unsigned n);		/* 0 .. n-1 (0 if n == 0) */
bool chance(unsigned percent);
#define PICK(a) ((a)[rnd(ARRAY_LEN(a))])

/* --- the synthetic mount table ------------------------------------------ */

extern struct mounts difftest_mounts;
__u32 kdev(unsigned major, unsigned minor);

/* --- generators ----------------------------------------------------------- */

/* The names of the policies a generated policy may name (ipc, targets):
 * "t0" .. "t<npolicies-1>" and a few that are never loaded. */
void gen_set_npolicies(unsigned n);

/* The text of random policy number id (DSL), from the current random stream. */
char *gen_policy(unsigned id);

/* Classes of requests, for the summary. */
enum case_class {
	CC_PATH,	/* a file */
	CC_DEVFILE,	/* a device node's path */
	CC_DEV,		/* a device number */
	CC_NET,
	CC_SIGNAL,
	CC_PTRACE,
	CC_PROC,
	CC_CAP,
	CC_IPC,
	CC__COUNT
};
extern const char *const case_class_names[CC__COUNT];

/* One loaded policy, as the generators and the driver see it. */
struct subject {
	unsigned id;
	const char *text;
	const struct policy *p;
	int prog_fd;
	bool text_shown;
	const char *warnings;	/* what bpfcc printed when compiling it */
	/* Function contexts, by the object's meta "ctx I KIND NAME ..." lines. */
	const char *ctx_names[32];
	unsigned nctx;
};

/* The bits of contexts 0 .. n-1. */
static inline __u32 ctx_bits(unsigned n)
{
	return n >= 32 ? ~0u : (1u << n) - 1;
}

/* One request: what the kernel is asked, and the same for explain. */
struct dcase {
	enum case_class cls;
	struct bpfcon_test_req k;
	char *text;		/* explain's request, in the DSL */
	/* req: the request explain is asked, when built: the text must parse
	 * to it.  direct: the text cannot say it (a name that is not UTF-8),
	 * explain is asked req without parsing. */
	bool built, direct;
	struct rule req;
};

/* A random request for policy s (from the current random stream). */
void gen_case(const struct subject *s, struct dcase *c);

#endif
