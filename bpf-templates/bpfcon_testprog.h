/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_testprog.h - the decision code of a policy as a SEC("syscall")
 * program, which a kernel that refuses LSM programs still verifies, JITs
 * and runs with BPF_PROG_TEST_RUN.  The host tests compare its verdicts
 * with `bpfcc explain` (bpfcc --test-prog adds it to the object).
 *
 * The request comes in as the context, the verdict goes back in it. */
#ifndef BPFCON_TESTPROG_H
#define BPFCON_TESTPROG_H

/* The request is struct bpfcon_test_req of bpfcon_abi.h. */
_Static_assert(BPFCON_TEST_PATH_MAX == PATH_MAX_K, "the test request's path is one region");

SEC("syscall")
int bpfcon_test(struct bpfcon_test_req *req)
{
	struct scratch *s = get_scratch();
	struct verdict v = { 0 };
	struct acc a;
	if (!s)
		return 1;
	u32 start = req->start;
	if (start >= PATH_MAX_K)
		return 1;
	u32 active = req->active;
	struct dreq q = { .access = req->access, .tainted = req->tainted };
	acc_init(&a);
	if (req->kind == TEST_PATH || req->kind == TEST_DEVFILE) {
		bpf_probe_read_kernel(s->buf, PATH_MAX_K, req->path);
		s->buf[PATH_MAX_K] = 0;
		collect_fs(&a, start, PATH_MAX_K, active, 0);
		collect_fsys(&a, req->dev, active);
		q.kind = BPFCON_KIND_FS;
	}
	if (req->kind == TEST_DEV || req->kind == TEST_DEVFILE) {	/* as check_file does */
		collect_dev(&a, req->major, req->minor, active);
		q.kind = BPFCON_KIND_DEV;
	}
	if (req->kind == TEST_OBJ) {
		struct obj_req r;
		obj_req_init(&r, req->obj_kind);
		r.access = req->access;
		r.bit = req->bit;
		r.family = req->family;
		r.facts |= req->facts;
		r.policy = req->policy;
		if (req->has_prog) {	/* the executable goes where target_facts puts it */
			bpf_probe_read_kernel(&s->buf[PATH_MAX_K + 1], PATH_MAX_K - 1, req->path + 1);
			s->buf[2 * PATH_MAX_K] = 0;
			if (start == 0)
				return 1;	/* the second region holds 4095 bytes */
			r.progs = match_programs(PATH_MAX_K + start, 2 * PATH_MAX_K);
		}
		collect_obj(&a, &r, active);
		q.kind = r.kind;
		q.access = obj_access(&r);
		q.facts = r.facts;
	}
	decide(&a, &q, &v);
	req->decision = v.decision;
	req->by = v.by;
	req->rule = v.rule;
	req->flags = v.flags;
	return 0;
}

#endif
