/* bpfcon_testprog.h - the decision code of a policy as a SEC("syscall")
 * program, which a kernel that refuses LSM programs still verifies, JITs
 * and runs with BPF_PROG_TEST_RUN.  The host tests compare its verdicts
 * with `bpfcc explain` (bpfcc --test-prog adds it to the object).
 *
 * The request comes in as the context, the verdict goes back in it. */
#ifndef BPFCON_TESTPROG_H
#define BPFCON_TESTPROG_H

/* Request kinds. */
#define TEST_PATH 0	/* a file: fs and filesystem rules */
#define TEST_DEV 1	/* a device: dev rules */
#define TEST_DEVFILE 2	/* a device node's path: fs, filesystem and dev rules */

struct bpfcon_test_req {
	u32 kind;		/* TEST_* */
	u32 access;		/* access bits asked */
	u32 tainted;		/* the task's taint state */
	u32 dev;		/* TEST_PATH: the file's device (kernel encoding) */
	u32 major, minor;	/* TEST_DEV, TEST_DEVFILE */
	u32 start;		/* TEST_PATH, TEST_DEVFILE: the path is path[start..4096) */
	/* out */
	s32 decision;		/* enum bpfcon_decision */
	s32 by;			/* enum bpfcon_by */
	s32 rule;		/* deciding rule or -1 */
	u32 flags;		/* BPFCON_EV_* */
	char path[PATH_MAX_K];
};

SEC("syscall")
int bpfcon_test(struct bpfcon_test_req *req)
{
	struct scratch *s = get_scratch();
	struct verdict v = { 0 };
	struct acc a;
	if (!s)
		return 1;
	acc_init(&a);
	if (req->kind == TEST_PATH || req->kind == TEST_DEVFILE) {
		u32 start = req->start;
		if (start >= PATH_MAX_K)
			return 1;
		bpf_probe_read_kernel(s->buf, PATH_MAX_K, req->path);
		s->buf[PATH_MAX_K] = 0;
		collect_fs(&a, start);
		collect_fsys(&a, req->dev);
	}
	if (req->kind == TEST_DEV || req->kind == TEST_DEVFILE)	/* as check_file does */
		collect_dev(&a, req->major, req->minor);
	decide(&a, req->access, req->tainted, &v);
	req->decision = v.decision;
	req->by = v.by;
	req->rule = v.rule;
	req->flags = v.flags;
	return 0;
}

#endif
