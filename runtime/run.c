// SPDX-License-Identifier: GPL-2.0-only
/* run.c - `bpfcon run NAME -- CMD...`: enters policy NAME through the
 * uprobe every loaded policy has on bpfcon_enter_policy() in this very
 * executable, then execs CMD.  No privileges: the kernel side decides.
 * CMD runs only when the policy said yes (ok == 1); never unconfined. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/types.h>

#include "bpfcon_abi.h"
#include "cmds.h"
#include "util.h"

/* The uprobe target (BPFCON_ENTER_FUNC).  It does nothing itself: the
 * policy whose id is ID confines the calling task and writes 1 to *OK.
 * It must stay a real, separately callable function under its own
 * symbol: not inlined, not cloned (which would rename it), its arguments
 * kept in their registers, and the caller must re-read *ok after it. */
#if defined(__GNUC__) && !defined(__clang__)
#define BPFCON_NOIPA __attribute__((noipa))
#else
#define BPFCON_NOIPA
#endif
__attribute__((noinline, used)) BPFCON_NOIPA int bpfcon_enter_policy(__u64 id, int *ok);
__attribute__((noinline, used)) BPFCON_NOIPA int bpfcon_enter_policy(__u64 id, int *ok)
{
	asm volatile("" : : "r"(id), "r"(ok) : "memory");
	return 0;
}

int cmd_run(int argc, char **argv)
{
	int r = rt_parse_help(argc, argv, "run", "Usage: bpfcon run NAME -- CMD [ARG]...\n", true);
	if (r >= 0)
		return r;
	if (optind >= argc)
		return rt_usage("run: missing NAME");
	const char *name = argv[optind];
	if (!rt_valid_name(name))
		return rt_usage("run: '%s' is not a policy name", name);
	if (argc - optind < 2 || strcmp(argv[optind + 1], "--"))
		return rt_usage("run: expected '--' after NAME");
	char **cmd = argv + optind + 2;
	if (!cmd[0])
		return rt_usage("run: missing CMD after '--'");

	volatile int ok = 0;
	bpfcon_enter_policy(bpfcon_policy_id(name), (int *)&ok);
	if (ok != 1) {
		rt_err("policy %s is not loaded", name);
		return RT_FAIL;
	}
	execvp(cmd[0], cmd);
	int e = errno;
	rt_err("%s: %s", cmd[0], strerror(e));
	return e == ENOENT ? 127 : 126;
}
