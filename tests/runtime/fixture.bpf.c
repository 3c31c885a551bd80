/* fixture.bpf.c - the smallest object that follows the bpfcon object
 * contract (docs/object-format.md), for the runtime's tests: the
 * self-description, the config, the three maps, one LSM program and the
 * `bpfcon run` uprobe.  Its one rule: a confined task may not open a file
 * named "bpfcon-fixture-denied" (logged; allowed and logged as complain in
 * complain mode).  Entering the policy is logged too. */
#include "fixture_kernel.h"

#include <bpf/bpf_helpers.h>

#include "bpfcon_abi.h"

#define FIXTURE_ID 0xa53a2564de6d7f72ull	/* bpfcon_policy_id("fixture") */

char LICENSE[] SEC("license") = "GPL";

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

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct bpfcon_task);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_tasks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/* Not `static const`: clang 14 would put it in .rodata.str1.1 while BTF
 * names .rodata, which libbpf 1.1 refuses ("failed to determine size"). */
const volatile char denied_name[] = "bpfcon-fixture-denied";

static struct bpfcon_event *event_new(__u32 hook)
{
	struct bpfcon_event *ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev) {
		__u32 zero = 0;
		__u64 *n = bpf_map_lookup_elem(&lost, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
		return 0;
	}
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	ev->time_ns = bpf_ktime_get_boot_ns();
	ev->policy_id = bpfcon_config.policy_id;
	ev->pid = (__u32)pid_tgid;
	ev->tgid = pid_tgid >> 32;
	ev->hook = hook;
	ev->kind = 0;
	ev->access = 0;
	ev->decision = BPFCON_ALLOW;
	ev->by = BPFCON_BY_RULES;
	ev->rule = -1;
	ev->flags = 0;
	ev->dev_major = 0;
	ev->dev_minor = 0;
	ev->object[0] = 0;
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
	return ev;
}

static int confined(void)
{
	struct bpfcon_task *t =
		bpf_task_storage_get(&bpfcon_tasks, bpf_get_current_task_btf(), 0, 0);
	return t && t->policy_id == bpfcon_config.policy_id;
}

SEC("lsm/file_open")
int fixture_file_open(unsigned long long *ctx)
{
	struct file *file = (struct file *)ctx[0];
	int ret = (int)ctx[1];
	char name[sizeof(denied_name)];

	if (ret || !confined())
		return ret;
	const unsigned char *dname = file->f_path.dentry->d_name.name;
	if (bpf_probe_read_kernel_str(name, sizeof(name), dname) != sizeof(name))
		return 0;
	for (int i = 0; i < (int)sizeof(name); i++)
		if (name[i] != denied_name[i])
			return 0;
	struct bpfcon_event *ev = event_new(BPFCON_HOOK_FILE_OPEN);
	int complain = bpfcon_config.complain;
	if (ev) {
		ev->access = 1;	/* read (the fixture does not look at the mode) */
		ev->decision = complain ? BPFCON_COMPLAIN : BPFCON_DENY;
		ev->rule = 0;
		ev->flags = BPFCON_EV_AUDIT;
		bpf_probe_read_kernel_str(ev->object, sizeof(ev->object), dname);
		bpf_ringbuf_submit(ev, 0);
	}
	return complain ? 0 : -EPERM;
}

/* bpfcon_enter_policy(__u64 id, int *ok) in the bpfcon executable. */
SEC("uprobe")
int bpfcon_enter(struct pt_regs *regs)
{
	__u64 id = regs->di;
	int *ok = (int *)regs->si;
	int one = 1;

	if (id != bpfcon_config.policy_id)
		return 0;
#ifdef FIXTURE_BAD
	/* fixture-bad.bpf.o: the verifier must reject this (a scalar used as
	 * a pointer), to test that a refused load undoes everything. */
	if (*(volatile int *)(long)id)
		return 1;
#endif
	struct bpfcon_task *t = bpf_task_storage_get(&bpfcon_tasks, bpf_get_current_task_btf(),
						     0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!t || (t->policy_id && t->policy_id != id))
		return 0;
	t->policy_id = id;
	bpf_probe_write_user(ok, &one, sizeof(one));
	struct bpfcon_event *ev = event_new(BPFCON_HOOK_ENTER);
	if (ev)
		bpf_ringbuf_submit(ev, 0);
	return 0;
}
