// SPDX-License-Identifier: GPL-2.0-only
/* bench/decision-cost.c - how long one policy decision takes in the kernel.
 *
 *   decision-cost OBJ ROUNDS CALLS PATH...
 *
 * OBJ is a policy compiled with `bpfcc --test-prog`.  Loads only its
 * SEC("syscall") program bpfcon_test (the LSM programs are not loaded, so
 * this runs on a kernel that refuses them; no map is pinned) and, for each
 * PATH, asks it to decide a read of PATH by a tainted task.
 *
 * The kernel's BPF_PROG_TEST_RUN does not take `repeat` (nor report a
 * duration) for syscall programs, so the time is measured here: CALLS
 * single test runs, timed with CLOCK_MONOTONIC, best of ROUNDS.  The same
 * is measured for an empty syscall program (r0 = 0; exit) with the same
 * context; the difference is the cost of the decision itself.  Prints one
 * line per PATH:
 *
 *   PATH_LEN RAW_NS EMPTY_NS DECISION_NS DECISION BY RULE
 *
 * and a first line "# repeat: ..." saying what the kernel answered when
 * asked for repeat. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/types.h>

#include "../bpf-templates/bpfcon_abi.h"

/* The context of bpfcon_test (bpf-templates/bpfcon_testprog.h) is struct
 * bpfcon_test_req of bpfcon_abi.h, its one definition. */
#define PATH_MAX_K BPFCON_TEST_PATH_MAX

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* A request of another kind, written @KIND:ACCESS:BIT:FAMILY:FACTS[:EXE[:PEER]]
 * (bpfcon_abi.h numbers; EXE: the target's executable, for program
 * targets, may be empty; PEER: the target's or the peer's policy name). */
static void set_obj(struct bpfcon_test_req *r, const char *spec)
{
	char buf[PATH_MAX_K], *f[7] = { 0 };
	int nf = 0;
	memset(r, 0, sizeof(*r));
	r->kind = TEST_OBJ;
	r->tainted = 1;
	r->start = PATH_MAX_K - 1;
	snprintf(buf, sizeof(buf), "%s", spec + 1);
	for (char *p = buf; nf < 7; nf++) {
		f[nf] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p++ = 0;
	}
	r->obj_kind = f[0] ? (uint32_t)strtoul(f[0], NULL, 0) : 0;
	r->access = f[1] ? (uint32_t)strtoul(f[1], NULL, 0) : 0;
	r->bit = f[2] ? (uint32_t)strtoul(f[2], NULL, 0) : 0;
	r->family = f[3] ? (uint32_t)strtoul(f[3], NULL, 0) : 0;
	r->facts = f[4] ? (uint32_t)strtoul(f[4], NULL, 0) : 0;
	size_t n = f[5] ? strlen(f[5]) : 0;
	if (n && n < PATH_MAX_K - 1) {
		r->has_prog = 1;
		r->start = (uint32_t)(PATH_MAX_K - n);
		memcpy(&r->path[PATH_MAX_K - n], f[5], n);
	}
	if (f[6] && *f[6])
		r->policy = bpfcon_policy_id(f[6]);
}

static void set_path(struct bpfcon_test_req *r, const char *path)
{
	if (path[0] == '@') {
		set_obj(r, path);
		return;
	}
	size_t n = strlen(path);
	memset(r, 0, sizeof(*r));
	r->kind = TEST_PATH;
	r->access = BPFCON_ACC_READ;
	r->tainted = 1;
	r->start = (uint32_t)(PATH_MAX_K - n);
	memcpy(&r->path[PATH_MAX_K - n], path, n);
}

static int run_once(int fd, struct bpfcon_test_req *r)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = r, .ctx_size_in = sizeof(*r));
	int err = bpf_prog_test_run_opts(fd, &o);
	if (err)
		return err;
	return (int)o.retval;
}

/* Best ns per test run over ROUNDS rounds of CALLS runs; -1 on error. */
static double time_runs(int fd, const char *path, int rounds, int calls)
{
	struct bpfcon_test_req r;
	double best = -1;
	for (int k = 0; k < rounds; k++) {
		double t0 = now_ns();
		for (int i = 0; i < calls; i++) {
			set_path(&r, path);
			if (run_once(fd, &r) < 0)
				return -1;
		}
		double ns = (now_ns() - t0) / calls;
		if (best < 0 || ns < best)
			best = ns;
	}
	return best;
}

static int load_empty(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o, .prog_flags = BPF_F_SLEEPABLE);
	return bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "bench_empty", "GPL", insns, 2, &o);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: decision-cost OBJ ROUNDS CALLS PATH|@KIND:ACCESS:BIT:FAMILY:FACTS[:EXE[:PEER]]...\n");
		return 2;
	}
	int rounds = atoi(argv[2]), calls = atoi(argv[3]);
	if (rounds < 1 || calls < 1) {
		fprintf(stderr, "decision-cost: ROUNDS and CALLS must be positive\n");
		return 2;
	}
	libbpf_set_print(quiet_print);

	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "decision-cost: cannot open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	struct bpf_program *prog, *test = NULL;
	bpf_object__for_each_program(prog, obj) {
		if (!strcmp(bpf_program__name(prog), "bpfcon_test"))
			test = prog;
		else
			bpf_program__set_autoload(prog, false);
	}
	if (!test) {
		fprintf(stderr, "decision-cost: %s has no bpfcon_test program (compile with --test-prog)\n",
			argv[1]);
		return 1;
	}
	struct bpf_map *map;
	bpf_object__for_each_map(map, obj)
		bpf_map__set_pin_path(map, NULL);	/* never pin on this host */
	int err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "decision-cost: loading bpfcon_test of %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	int fd = bpf_program__fd(test);
	int efd = load_empty();
	if (efd < 0) {
		fprintf(stderr, "decision-cost: loading the empty program: %s\n", strerror(errno));
		return 1;
	}

	/* What the kernel says to repeat for this program type. */
	struct bpfcon_test_req r;
	set_path(&r, argv[4]);
	LIBBPF_OPTS(bpf_test_run_opts, ro, .ctx_in = &r, .ctx_size_in = sizeof(r), .repeat = 1000);
	err = bpf_prog_test_run_opts(fd, &ro);
	if (err)
		printf("# repeat: refused (%s); timed from user space instead\n", strerror(errno));
	else
		printf("# repeat: accepted, kernel duration %u ns per run\n", ro.duration);

	for (int i = 4; i < argc; i++) {
		const char *path = argv[i];
		set_path(&r, path);
		int rc = run_once(fd, &r);
		if (rc != 0) {
			fprintf(stderr, "decision-cost: test run on %s: %s\n", path,
				rc < 0 ? strerror(errno) : "the program returned 1");
			return 1;
		}
		double raw = time_runs(fd, path, rounds, calls);
		double empty = time_runs(efd, path, rounds, calls);
		if (raw < 0 || empty < 0) {
			fprintf(stderr, "decision-cost: test run failed: %s\n", strerror(errno));
			return 1;
		}
		printf("%zu %.0f %.0f %.0f %s %d %d\n", strlen(path), raw, empty, raw - empty,
		       r.decision == 1 ? "allow" : r.decision == 0 ? "deny" : "complain", r.by, r.rule);
	}
	return 0;
}
