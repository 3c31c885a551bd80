// SPDX-License-Identifier: GPL-2.0-only
/* fixture.bpf.c - the smallest object that follows the bpfcon object
 * contract (docs/object-format.md), for the runtime's tests: the
 * self-description, the config, the three maps, one LSM program and the
 * `bpfcon run` uprobe.  Its one rule: a confined task may not open a file
 * named "bpfcon-fixture-denied" (logged; allowed and logged as complain in
 * complain mode).  Entering the policy is logged too.  The maps, the task
 * state and logging are the templates' own (bpf-templates/bpfcon_common.h),
 * so the runtime is tested against the contract as bpfcc objects build it. */
#include "bpfcon_common.h"

#define FIXTURE_ID 0xa53a2564de6d7f72ull	/* bpfcon_policy_id("fixture") */

__attribute__((used)) const char bpfcon_meta[] SEC(".rodata.bpfcon") =
	"bpfcon 1\n"
	"name fixture\n"
	"command /usr/local/bin/bpfcon-fixture\n"
	"source tests/runtime/fixture.bpf.c\n"
	"sha256 0000000000000000000000000000000000000000000000000000000000000000\n"
	"compiler hand-written fixture\n"
	"default allow\n"
	"complain 0\n"
	"rules 1\n"
	"mount 0 /\n"
	"rule 0 tests/runtime/fixture.pol:3:5 fs(\"/**/bpfcon-fixture-denied\", none)\n";

const volatile struct bpfcon_config bpfcon_config SEC(".rodata.config") = {
	.magic = BPFCON_MAGIC,
	.abi = BPFCON_ABI_VERSION,
	.policy_id = FIXTURE_ID,
	.nmounts = 1,
};

/* Not `static const`: clang 14 would put it in .rodata.str1.1 while BTF
 * names .rodata, which libbpf 1.1 refuses ("failed to determine size"). */
const volatile char denied_name[] = "bpfcon-fixture-denied";

SEC("lsm/file_open")
int BPF_PROG(fixture_file_open, struct file *file, int ret)
{
	char name[sizeof(denied_name)];

	if (ret || !my_task())
		return ret;
	const unsigned char *dname = file->f_path.dentry->d_name.name;
	if (bpf_probe_read_kernel_str(name, sizeof(name), dname) != sizeof(name))
		return 0;
	for (int i = 0; i < (int)sizeof(name); i++)
		if (name[i] != denied_name[i])
			return 0;
	int complain = bpfcon_config.complain;
	struct verdict v = {
		.decision = complain ? BPFCON_COMPLAIN : BPFCON_DENY,
		.by = BPFCON_BY_RULES,
		.rule = 0,
		.flags = BPFCON_EV_AUDIT,
	};
	/* access: read (the fixture does not look at the mode) */
	log_event(BPFCON_HOOK_FILE_OPEN, BPFCON_KIND_FS, BPFCON_ACC_READ, &v,
		  (const char *)dname, 0, 0);
	return complain ? 0 : -EPERM_K;
}

/* bpfcon_enter_policy(__u64 id, int *ok) in the bpfcon executable. */
SEC("uprobe")
int BPF_KPROBE(bpfcon_enter, u64 id, int *ok)
{
	int one = 1;

	if (id != bpfcon_config.policy_id)
		return 0;
#ifdef FIXTURE_BAD
	/* fixture-bad.bpf.o: the verifier must reject this (a scalar used as
	 * a pointer), to test that a refused load undoes everything. */
	if (*(volatile int *)(long)id)
		return 1;
#endif
	if (!enter_policy(bpf_get_current_task_btf(), true))
		return 0;
	bpf_probe_write_user(ok, &one, sizeof(one));
	struct verdict v = { .decision = BPFCON_ALLOW, .by = BPFCON_BY_RULES, .rule = -1 };
	log_event(BPFCON_HOOK_ENTER, 0, 0, &v, 0, 0, 0);
	return 0;
}
