// SPDX-License-Identifier: GPL-2.0-only
/* difftest.c - the host differential test: the kernel's decision equals
 * `bpfcc explain`, for every rule kind and state.
 *
 * Random policies in the rule DSL (tests/host/difftest-gen.c: every rule
 * kind, directive, function context and policy setting), each parsed and
 * checked with the compiler's own front end, compiled with `$BPFCC
 * --test-prog` and loaded with libbpf (only the SEC("syscall") program
 * bpfcon_test, with .rodata.config's mount_dev[] filled from a synthetic
 * mount table).  Then, for many random requests of every kind (paths near
 * the rules' globs, device nodes and numbers, net, signal, ptrace, proc,
 * cap, ipc), tainted or not, inside function contexts or not, the verdict
 * of the kernel (BPF_PROG_TEST_RUN) is compared with explain_decide():
 * allow, deny or complain, how it was decided, the deciding rule (the
 * first of explain's list), audit, taint, transition and untaint.
 *
 *   difftest [SEED] [-v] [--policies N] [--requests N] [--policy I] [--file P]
 *                                   the differential test (root: loads BPF);
 *                                   --policy I runs only policy I of the seed,
 *                                   --file P random requests on policy P
 *   difftest --check-object POLICY OBJ
 *                                   compares OBJ's self-description
 *                                   (.rodata.bpfcon) with POLICY's IR and
 *                                   prints its sha256 line (tests/host/objects.sh)
 *
 * Prints the cases per kind and state, "difftest: N cases, M
 * disagreements" and "difftest: N passed, M failed"; exits 1 on any
 * disagreement. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>

#include <bpf/btf.h>

#include "../../bpf-templates/bpfcon_abi.h"
#include "check.h"
#include "diag.h"
#include "difftest.h"
#include "frontend.h"
#include "source.h"

/* --- sizes of the default run ------------------------------------------ */

#define DEFAULT_SEED 1
#define NPOLICIES 64
#define NREQUESTS 1000
#define MAX_REPORTS 12		/* disagreements printed in full */

static bool verbose;

/* --- running one case ----------------------------------------------------- */

struct verdict_cmp {
	bool allow, complain, audit, taint, transition, untaint;
	int by;		/* BPFCON_BY_* */
	int rule;
};

static const char *by_name(int by)
{
	switch (by) {
	case BPFCON_BY_RULES: return "rules";
	case BPFCON_BY_DEFAULT: return "default";
	case BPFCON_BY_UNTAINTED: return "untainted";
	case BPFCON_BY_BUILTIN: return "builtin";
	}
	return "?";
}

static void print_verdict(const char *who, const struct verdict_cmp *v, const struct policy *p)
{
	printf("    %-8s %s%s%s%s%s%s by %s, rule %d", who, v->allow ? "allow" : "deny",
	       v->complain ? " complain" : "", v->audit ? " audit" : "", v->taint ? " taint" : "",
	       v->transition ? " transition" : "", v->untaint ? " untaint" : "", by_name(v->by),
	       v->rule);
	if (v->rule >= 0 && (size_t)v->rule < p->nrules)
		printf(" (line %d: %s)", p->rules[v->rule].loc.line, p->rules[v->rule].text);
	putchar('\n');
}

static int by_to_abi(enum decided_by by)
{
	switch (by) {
	case BY_RULES: return BPFCON_BY_RULES;
	case BY_DEFAULT: return BPFCON_BY_DEFAULT;
	case BY_UNTAINTED: return BPFCON_BY_UNTAINTED;
	case BY_BUILTIN: return BPFCON_BY_BUILTIN;
	}
	return -1;
}

/* What the cases covered: per class of request, the states asked in and
 * explain's verdicts. */
enum {
	ST_CASES,
	ST_TAINTED,
	ST_UNTAINTED,
	ST_IN_CTX,
	ST_DEFAULT_ALLOW,	/* the policy's settings */
	ST_COMPLAIN_POLICY,
	ST_PRIVILEGED,
	ST_ALLOW,		/* explain's verdict */
	ST_DENY,
	ST_COMPLAIN,
	ST_BY_RULES,
	ST_BY_DEFAULT,
	ST_BY_UNTAINTED,
	ST_BY_BUILTIN,
	ST_AUDIT,
	ST_TAINT,
	ST_TRANSITION,
	ST_UNTAINT,
	ST_DISAGREE,
	ST__COUNT
};
static const char *const stat_names[ST__COUNT] = {
	"cases", "taintd", "untntd", "in-ctx", "dflt-a", "cmpl-p", "privil", "allow", "deny",
	"cmplan", "rules", "dflt", "untntd", "builtn", "audit", "taint", "trans", "untnt", "differ",
};

static struct {
	unsigned long cases, disagreements, reports;
	unsigned long by_class[CC__COUNT][ST__COUNT];
} stats;

static void report(struct subject *s, const struct dcase *c, const char *what,
		   const struct verdict_cmp *want, const struct verdict_cmp *got)
{
	stats.disagreements++;
	stats.by_class[c->cls][ST_DISAGREE]++;
	if (stats.reports >= MAX_REPORTS)
		return;
	stats.reports++;
	if (!s->text_shown) {
		printf("--- policy %u (%s):\n%s", s->id, s->p->src->name, s->text);
		if (s->warnings && *s->warnings)
			printf("  bpfcc said:\n%s", s->warnings);
		s->text_shown = true;
	}
	printf("  request %s %s", c->text, c->k.tainted ? "--tainted" : "--untainted");
	for (unsigned i = 0; i < s->nctx; i++)
		if (c->k.active >> i & 1)
			printf(strncmp(s->ctx_names[i], "kfunc:", 6) ? " --in-func %s" : " --in-kfunc %s",
			       strncmp(s->ctx_names[i], "kfunc:", 6) ? s->ctx_names[i] : s->ctx_names[i] + 6);
	if (c->k.kind == TEST_DEVFILE)
		printf(" --device %u:%u", c->k.major, c->k.minor);
	if (c->k.active & ~ctx_bits(s->nctx))
		printf(" (active contexts 0x%x)", c->k.active);
	putchar('\n');
	if (what) {
		printf("    %s\n", what);
		return;
	}
	print_verdict("explain:", want, s->p);
	print_verdict("kernel:", got, s->p);
}

/* Is explain's request built by the generator the one its text parses to?
 * (The generator's mapping of a kernel request to explain's.) */
static bool same_request(const struct rule *a, const struct rule *b)
{
	if (a->kind != b->kind || a->mask != b->mask)
		return false;
	switch (a->kind) {
	case RK_NET:
		return a->families == b->families;
	case RK_IPC:
		return a->policy && b->policy && !strcmp(a->policy, b->policy);
	case RK_CAP:
		return true;
	case RK_PROC:
	case RK_SIGNAL:
	case RK_PTRACE:
		return a->target.kind == b->target.kind &&
		       (a->target.name == b->target.name ||
			(a->target.name && b->target.name && !strcmp(a->target.name, b->target.name)));
	default:
		return a->path && b->path && !strcmp(a->path, b->path);
	}
}

/* Runs one request through explain and the kernel; false if they differ
 * or the request could not be run. */
static bool run_case(struct subject *s, const struct dcase *c)
{
	struct rule req;
	if (c->direct) {
		req = c->req;
	} else {
		struct diag d = { 0 };
		const struct source *rs =
			source_from_string("<request>", c->text, strlen(c->text), &d);
		if (!rs || !dsl_parse_request(rs, &d, &req)) {
			printf("difftest: cannot parse generated request %s\n", c->text);
			diag_print_text(&d, stdout, false);
			stats.disagreements++;
			return false;
		}
		if (c->built && !same_request(&req, &c->req)) {
			report(s, c, "the generator's explain request is not what its text parses to",
			       NULL, NULL);
			return false;
		}
	}
	/* The contexts the thread is inside, by name (meta's "ctx I" lines). */
	const char *funcs[32];
	size_t nfuncs = 0;
	for (unsigned i = 0; i < s->nctx; i++)
		if (c->k.active >> i & 1)
			funcs[nfuncs++] = s->ctx_names[i];
	struct eval_state st = {
		.tainted = c->k.tainted, .funcs = funcs, .nfuncs = nfuncs, .mounts = &difftest_mounts,
	};
	if (c->k.kind == TEST_DEVFILE) {	/* explain --device MAJ:MIN */
		st.dev_file = true;
		st.dev_major = (int)c->k.major;
		st.dev_minor = (int)c->k.minor;
	}
	struct decision dec;
	explain_decide(s->p, &req, &st, &dec);
	struct verdict_cmp want = {
		.allow = dec.allow,
		.complain = dec.would_deny,
		.audit = dec.audit,
		.taint = dec.taint,
		.transition = dec.transition,
		.untaint = dec.untaint,
		.by = by_to_abi(dec.by),
		.rule = dec.nrules ? (int)(dec.rules[0] - s->p->rules) : -1,
	};

	struct bpfcon_test_req k = c->k;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &k, .ctx_size_in = sizeof(k));
	/* A syscall program's context comes back in ctx_in (ctx_out must be NULL). */
	int err = bpf_prog_test_run_opts(s->prog_fd, &opts);
	stats.cases++;
	if (err || opts.retval != 0) {
		printf("difftest: policy %u: test run failed (err %d, retval %u) for %s\n", s->id,
		       err, opts.retval, c->text);
		stats.disagreements++;
		return false;
	}
	struct verdict_cmp got = {
		.allow = k.decision == BPFCON_ALLOW || k.decision == BPFCON_COMPLAIN,
		.complain = k.decision == BPFCON_COMPLAIN,
		.audit = k.flags & BPFCON_EV_AUDIT,
		.taint = k.flags & BPFCON_EV_TAINT,
		.transition = k.flags & BPFCON_EV_TRANSITION,
		.untaint = k.flags & BPFCON_EV_UNTAINT,
		.by = k.by,
		.rule = k.rule,
	};
	bool same = want.allow == got.allow && want.complain == got.complain &&
		    want.audit == got.audit && want.taint == got.taint &&
		    want.transition == got.transition && want.untaint == got.untaint &&
		    want.by == got.by && want.rule == got.rule &&
		    (k.decision == BPFCON_ALLOW || k.decision == BPFCON_DENY ||
		     k.decision == BPFCON_COMPLAIN) &&
		    !(k.flags & ~(BPFCON_EV_AUDIT | BPFCON_EV_TAINT | BPFCON_EV_TRANSITION |
				  BPFCON_EV_UNTAINT));
	if (!same)
		report(s, c, NULL, &want, &got);
	unsigned long *t = stats.by_class[c->cls];
	t[ST_CASES]++;
	t[c->k.tainted ? ST_TAINTED : ST_UNTAINTED]++;
	t[ST_IN_CTX] += c->k.active != 0;
	t[ST_DEFAULT_ALLOW] += s->p->default_allow;
	t[ST_COMPLAIN_POLICY] += s->p->complain;
	t[ST_PRIVILEGED] += s->p->privileged;
	t[ST_ALLOW] += want.allow && !want.complain;
	t[ST_DENY] += !want.allow;
	t[ST_COMPLAIN] += want.complain;
	if (want.by >= 0 && want.by < 4)
		t[ST_BY_RULES + want.by]++;
	t[ST_AUDIT] += want.audit;
	t[ST_TAINT] += want.taint;
	t[ST_TRANSITION] += want.transition;
	t[ST_UNTAINT] += want.untaint;
	return same;
}

static void print_stats(void)
{
	unsigned long total[ST__COUNT] = { 0 };
	printf("difftest: cases by kind and state (explain's verdicts):\n  %-9s", "");
	for (int j = 0; j < ST__COUNT; j++)
		printf("%7s", stat_names[j]);
	putchar('\n');
	for (int i = 0; i <= CC__COUNT; i++) {
		const unsigned long *t = i < CC__COUNT ? stats.by_class[i] : total;
		printf("  %-9s", i < CC__COUNT ? case_class_names[i] : "all");
		for (int j = 0; j < ST__COUNT; j++) {
			printf("%7lu", t[j]);
			if (i < CC__COUNT)
				total[j] += t[j];
		}
		putchar('\n');
	}
}

/* --- policies: parse, compile, load -------------------------------------- */

static struct policy *load_policy(const char *path, bool quiet)
{
	struct diag d = { 0 };
	int io = 0;
	const struct source *src = source_load(path, &d, &io);
	struct policy *p = src ? frontend_parse(src, &d) : NULL;
	if (p && !check_policy(p, &d))
		p = NULL;
	if (!p && !quiet)
		diag_print_text(&d, stderr, false);
	return p;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!verbose && level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return arena_strdup("");
	struct strbuf sb = { 0 };
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_putn(&sb, buf, n);
	fclose(f);
	sb_putc(&sb, 0);
	return sb_finish(&sb);
}

/* The self-description of an opened object, or NULL. */
static const char *object_meta(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, BPFCON_META_SEC);
	size_t sz = 0;
	const char *v = m ? bpf_map__initial_value(m, &sz) : NULL;
	if (!v || !sz || memchr(v, 0, sz) == NULL)
		return NULL;
	return v;
}

/* Fills config.mount_dev[] from the object's `mount I PATH` lines and the
 * synthetic mount table, as bpfcon-load does from the real one. */
static bool fill_mounts(struct bpf_object *obj, const char *meta, char *err, size_t errlen)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, BPFCON_CONFIG_SEC);
	size_t sz = 0;
	const void *init = m ? bpf_map__initial_value(m, &sz) : NULL;
	if (!init || sz < sizeof(struct bpfcon_config)) {
		snprintf(err, errlen, "no %s", BPFCON_CONFIG_SEC);
		return false;
	}
	void *copy = arena_alloc(sz);
	memcpy(copy, init, sz);
	struct bpfcon_config *cfg = copy;
	if (cfg->magic != BPFCON_MAGIC || cfg->abi != BPFCON_ABI_VERSION) {
		snprintf(err, errlen, "bad config magic/abi");
		return false;
	}
	unsigned n = 0;
	for (const char *line = meta; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		unsigned idx;
		int off = 0;
		if (len > 6 && !strncmp(line, "mount ", 6) &&
		    sscanf(line, "mount %u %n", &idx, &off) == 1 && off > 0) {
			char *point = arena_strndup(line + off, len - (size_t)off);
			if (idx != n || idx >= BPFCON_MAX_MOUNTS) {
				snprintf(err, errlen, "mount line %u out of order", idx);
				return false;
			}
			const struct mount *mt = mounts_find(&difftest_mounts, point);
			cfg->mount_dev[idx] = mt ? kdev(mt->major, mt->minor) : 0;
			n++;
		}
		line += len + (nl ? 1 : 0);
	}
	if (n != cfg->nmounts) {
		snprintf(err, errlen, "%u mount lines, config.nmounts %u", n, cfg->nmounts);
		return false;
	}
	int e = bpf_map__set_initial_value(m, copy, sz);
	if (e) {
		snprintf(err, errlen, "cannot set %s: %s", BPFCON_CONFIG_SEC, strerror(-e));
		return false;
	}
	return true;
}

/* The test program's request in the object's BTF must be struct bpfcon_test_req:
 * same size, same fields at the same offsets. */
static bool check_request_layout(struct bpf_object *obj, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{ "kind", offsetof(struct bpfcon_test_req, kind) },
		{ "access", offsetof(struct bpfcon_test_req, access) },
		{ "tainted", offsetof(struct bpfcon_test_req, tainted) },
		{ "dev", offsetof(struct bpfcon_test_req, dev) },
		{ "major", offsetof(struct bpfcon_test_req, major) },
		{ "minor", offsetof(struct bpfcon_test_req, minor) },
		{ "start", offsetof(struct bpfcon_test_req, start) },
		{ "decision", offsetof(struct bpfcon_test_req, decision) },
		{ "by", offsetof(struct bpfcon_test_req, by) },
		{ "rule", offsetof(struct bpfcon_test_req, rule) },
		{ "flags", offsetof(struct bpfcon_test_req, flags) },
		{ "active", offsetof(struct bpfcon_test_req, active) },
		{ "obj_kind", offsetof(struct bpfcon_test_req, obj_kind) },
		{ "bit", offsetof(struct bpfcon_test_req, bit) },
		{ "family", offsetof(struct bpfcon_test_req, family) },
		{ "facts", offsetof(struct bpfcon_test_req, facts) },
		{ "has_prog", offsetof(struct bpfcon_test_req, has_prog) },
		{ "policy", offsetof(struct bpfcon_test_req, policy) },
		{ "path", offsetof(struct bpfcon_test_req, path) },
	};
	struct btf *btf = bpf_object__btf(obj);
	__s32 id = btf ? btf__find_by_name_kind(btf, "bpfcon_test_req", BTF_KIND_STRUCT) : -1;
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, (__u32)id) : NULL;
	if (!t) {
		snprintf(err, errlen, "no struct bpfcon_test_req in its BTF");
		return false;
	}
	if (t->size != sizeof(struct bpfcon_test_req)) {
		snprintf(err, errlen,
			 "struct bpfcon_test_req is %u bytes, difftest's %zu: "
			 "the object was built from another bpf-templates/bpfcon_abi.h",
			 t->size, sizeof(struct bpfcon_test_req));
		return false;
	}
	const struct btf_member *m = btf_members(t);
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		bool found = false;
		for (unsigned j = 0; j < btf_vlen(t); j++)
			if (!strcmp(btf__name_by_offset(btf, m[j].name_off), fields[i].name)) {
				found = btf_member_bit_offset(t, j) == fields[i].off * 8;
				break;
			}
		if (!found) {
			snprintf(err, errlen, "struct bpfcon_test_req has no field %s at offset %zu",
				 fields[i].name, fields[i].off);
			return false;
		}
	}
	return true;
}

/* The function contexts of the object: meta lines "ctx I KIND NAME ...",
 * I from 0 in order; named as explain's eval_state names them. */
static bool read_contexts(const char *meta, struct subject *s, char *err, size_t errlen)
{
	s->nctx = 0;
	for (const char *line = meta; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *l = arena_strndup(line, len);
		line += len + (nl ? 1 : 0);
		unsigned idx;
		char kind[16], name[256], bin[4096] = "";
		if (strncmp(l, "ctx ", 4))
			continue;
		if (sscanf(l, "ctx %u %15s %255s %4095s", &idx, kind, name, bin) < 3 || idx != s->nctx ||
		    idx >= ARRAY_LEN(s->ctx_names) || (strcmp(kind, "func") && strcmp(kind, "kfunc"))) {
			snprintf(err, errlen, "bad or out of order meta line '%s'", l);
			return false;
		}
		/* explain's names: NAME@BINARY for a #[func], kfunc:NAME */
		s->ctx_names[s->nctx++] = strcmp(kind, "kfunc") ? arena_printf("%s@%s", name, bin)
								: arena_printf("kfunc:%s", name);
	}
	return true;
}

/* Opens and loads the object with only bpfcon_test; its fd, or -1.  Fills
 * s's contexts. */
static int load_test_prog(const char *objpath, struct bpf_object **objp, struct subject *s)
{
	char err[256] = "";
	struct bpf_object *obj = bpf_object__open_file(objpath, NULL);
	if (!obj) {
		fprintf(stderr, "difftest: cannot open %s: %s\n", objpath, strerror(errno));
		return -1;
	}
	struct bpf_program *prog, *test = NULL;
	bpf_object__for_each_program(prog, obj) {
		bool is_test = !strcmp(bpf_program__name(prog), "bpfcon_test");
		bpf_program__set_autoload(prog, is_test);
		if (is_test)
			test = prog;
	}
	struct bpf_map *map;
	bpf_object__for_each_map(map, obj)
		if (bpf_map__pin_path(map))
			bpf_map__set_pin_path(map, NULL);	/* pin nothing */
	const char *meta = object_meta(obj);
	if (!test || !meta) {
		fprintf(stderr, "difftest: %s: no bpfcon_test program or no %s\n", objpath,
			BPFCON_META_SEC);
		bpf_object__close(obj);
		return -1;
	}
	if (!check_request_layout(obj, err, sizeof(err)) || !read_contexts(meta, s, err, sizeof(err)) ||
	    !fill_mounts(obj, meta, err, sizeof(err))) {
		fprintf(stderr, "difftest: %s: %s\n", objpath, err);
		bpf_object__close(obj);
		return -1;
	}
	int e = bpf_object__load(obj);
	if (e) {
		fprintf(stderr, "difftest: %s: load failed: %s\n", objpath, strerror(-e));
		bpf_object__close(obj);
		return -1;
	}
	*objp = obj;
	return bpf_program__fd(test);
}

/* Runs `$BPFCC --test-prog SRC -o OBJ` for every policy, ncpu at a time;
 * ok[i] says which succeeded. */
static void compile_all(const char *bpfcc, char **srcs, char **objs, char **logs, bool *ok,
			unsigned n)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned par = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (unsigned)ncpu;
	pid_t *pids = arena_alloc(sizeof(pid_t) * n);
	unsigned next = 0, running = 0;
	while (next < n || running) {
		while (next < n && running < par) {
			pid_t pid = fork();
			if (pid < 0)
				fatal("fork: %s", strerror(errno));
			if (pid == 0) {
				FILE *log = freopen(logs[next], "w", stdout);
				if (!log || dup2(fileno(stdout), 2) < 0)
					_exit(127);
				execl(bpfcc, bpfcc, "--test-prog", srcs[next], "-o", objs[next],
				      (char *)NULL);
				fprintf(stderr, "cannot run %s: %s\n", bpfcc, strerror(errno));
				_exit(127);
			}
			pids[next++] = pid;
			running++;
		}
		int status;
		pid_t done = wait(&status);
		if (done < 0)
			fatal("wait: %s", strerror(errno));
		for (unsigned i = 0; i < next; i++)
			if (pids[i] == done) {
				ok[i] = WIFEXITED(status) && WEXITSTATUS(status) == 0;
				pids[i] = 0;
			}
		running--;
	}
}

struct run_opts {
	uint64_t seed;
	unsigned npolicies, nrequests;
	int only;		/* run only this policy; -1: all */
	const char *file;	/* --file: this policy instead of generated ones */
};

static int run_difftest(const struct run_opts *o)
{
	const char *bpfcc = getenv("BPFCC");
	if (!bpfcc || !*bpfcc)
		bpfcc = "build/bpfcc";
	char tmpl[] = "/tmp/difftest.XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		fatal("mkdtemp: %s", strerror(errno));
	libbpf_set_print(libbpf_quiet);
	gen_set_npolicies(o->npolicies);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	/* Policy i is policies[i - first]; with --policy only that one. */
	unsigned first = o->only >= 0 ? (unsigned)o->only : 0;
	unsigned n = o->only >= 0 || o->file ? 1 : o->npolicies, rejected = 0, failed_setup = 0;
	unsigned not_enforced = 0;
	char **srcs = arena_alloc(sizeof(char *) * n), **objs = arena_alloc(sizeof(char *) * n);
	char **logs = arena_alloc(sizeof(char *) * n), **texts = arena_alloc(sizeof(char *) * n);
	struct policy **pols = arena_alloc(sizeof(*pols) * n);
	bool *ok = arena_alloc(n);
	for (unsigned i = 0; i < n; i++) {
		unsigned id = first + i;
		/* --file keeps the file's extension: YAML or DSL. */
		const char *ext = o->file && strrchr(o->file, '.') ? strrchr(o->file, '.') : ".pol";
		srcs[i] = arena_printf("%s/t%u%s", dir, id, ext);
		objs[i] = arena_printf("%s/t%u.bpf.o", dir, id);
		logs[i] = arena_printf("%s/t%u.log", dir, id);
		rnd_seed(o->seed, id, 0);
		for (;;) {
			texts[i] = o->file ? slurp(o->file) : gen_policy(id);
			FILE *f = fopen(srcs[i], "w");
			if (!f || fputs(texts[i], f) < 0 || fclose(f))
				fatal("cannot write %s", srcs[i]);
			pols[i] = load_policy(srcs[i], !verbose);
			if (pols[i])
				break;
			if (o->file) {
				load_policy(srcs[i], false);
				fatal("%s is not a valid policy", o->file);
			}
			if (verbose)
				printf("difftest: generated policy %u rejected:\n%s", id, texts[i]);
			rejected++;
			if (rejected > 10 * n)
				fatal("the generator makes only invalid policies");
		}
	}
	compile_all(bpfcc, srcs, objs, logs, ok, n);
	struct timespec tc;
	clock_gettime(CLOCK_MONOTONIC, &tc);

	unsigned nctx_policies = 0, privileged = 0, default_allow = 0, complain = 0, taints = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned id = first + i;
		const char *log = slurp(logs[i]);
		if (!ok[i]) {
			printf("difftest: policy %u does not compile:\n%s%s", id, texts[i], log);
			failed_setup++;
			continue;
		}
		not_enforced += strstr(log, "not-enforced") != NULL;
		struct subject s = { .id = id, .text = texts[i], .p = pols[i], .warnings = log };
		struct bpf_object *obj = NULL;
		s.prog_fd = load_test_prog(objs[i], &obj, &s);
		if (s.prog_fd < 0) {
			printf("difftest: policy %u does not load:\n%s", id, texts[i]);
			failed_setup++;
			continue;
		}
		nctx_policies += s.nctx > 0;
		privileged += pols[i]->privileged;
		default_allow += pols[i]->default_allow;
		complain += pols[i]->complain;
		taints += policy_has_taint_rules(pols[i]);
		rnd_seed(o->seed, id, 1);
		for (unsigned r = 0; r < o->nrequests; r++) {
			struct dcase c;
			gen_case(&s, &c);
			run_case(&s, &c);
		}
		bpf_object__close(obj);
	}
	for (unsigned i = 0; i < n; i++) {
		unlink(srcs[i]);
		unlink(objs[i]);
		unlink(logs[i]);
	}
	rmdir(dir);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (stats.disagreements > stats.reports)
		printf("(%lu more disagreements not shown)\n", stats.disagreements - stats.reports);
	double csecs = (double)(tc.tv_sec - t0.tv_sec) + (double)(tc.tv_nsec - t0.tv_nsec) / 1e9;
	printf("difftest: seed %llu, %u policies (%u generated ones rejected by check), "
	       "%.1f s (%.1f s compiling)\n",
	       (unsigned long long)o->seed, n, rejected, secs, csecs);
	printf("difftest: policies: %u default allow, %u complain, %u privileged, %u with taint "
	       "rules, %u with function contexts\n",
	       default_allow, complain, privileged, taints, nctx_policies);
	if (not_enforced)
		printf("difftest: bpfcc warned not-enforced for %u policies: the kernel leaves "
		       "those rules out\n", not_enforced);
	print_stats();
	printf("difftest: %lu cases, %lu disagreements\n", stats.cases, stats.disagreements);
	unsigned long failed = stats.disagreements + failed_setup;
	printf("difftest: %lu passed, %lu failed\n",
	       stats.cases >= stats.disagreements ? stats.cases - stats.disagreements : 0, failed);
	return failed || !stats.cases ? 1 : 0;
}

/* --- --check-object: the self-description against the source ------------- */

static int check_object(const char *policy_path, const char *obj_path)
{
	libbpf_set_print(libbpf_quiet);
	struct policy *p = load_policy(policy_path, false);
	if (!p)
		return 1;
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	if (!obj) {
		fprintf(stderr, "%s: libbpf cannot open it: %s\n", obj_path, strerror(errno));
		return 1;
	}
	const char *meta = object_meta(obj);
	if (!meta) {
		fprintf(stderr, "%s: no %s\n", obj_path, BPFCON_META_SEC);
		bpf_object__close(obj);
		return 1;
	}
	/* The expected lines, in order; rules and mounts checked separately. */
	const char *want_head[] = {
		"bpfcon 1",
		arena_printf("name %s", p->name),
		arena_printf("command %s", p->command),
		arena_printf("source %s", policy_path),
	};
	int bad = 0;
	size_t lineno = 0, nrule_lines = 0;
	bool saw_rules = false, saw_sha = false;
	for (const char *line = meta; *line; lineno++) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *l = arena_strndup(line, len);
		line += len + (nl ? 1 : 0);
		if (lineno < ARRAY_LEN(want_head)) {
			if (strcmp(l, want_head[lineno])) {
				fprintf(stderr, "%s: line %zu is '%s', expected '%s'\n", obj_path,
					lineno + 1, l, want_head[lineno]);
				bad++;
			}
			continue;
		}
		size_t id;
		int off = 0;
		if (!strncmp(l, "sha256 ", 7)) {
			printf("%s\n", l);
			saw_sha = true;
		} else if (!strncmp(l, "rules ", 6)) {
			saw_rules = true;
			if (strcmp(l + 6, arena_printf("%zu", p->nrules))) {
				fprintf(stderr, "%s: '%s', the policy has %zu rules\n", obj_path, l,
					p->nrules);
				bad++;
			}
		} else if (!strncmp(l, "rule ", 5) && sscanf(l, "rule %zu %n", &id, &off) == 1) {
			if (id != nrule_lines || id >= p->nrules) {
				fprintf(stderr, "%s: '%s' out of order or beyond the rules\n", obj_path,
					l);
				bad++;
			} else {
				const struct rule *r = &p->rules[id];
				const char *want = arena_printf("rule %zu %s:%d:%d %s", id, r->loc.file,
								r->loc.line, r->loc.col, r->text);
				if (strcmp(l, want)) {
					fprintf(stderr, "%s: '%s', expected '%s'\n", obj_path, l, want);
					bad++;
				}
			}
			nrule_lines++;
		}
	}
	if (!saw_sha || !saw_rules || nrule_lines != p->nrules) {
		fprintf(stderr, "%s: sha256 %s, rules line %s, %zu rule lines for %zu rules\n",
			obj_path, saw_sha ? "present" : "missing", saw_rules ? "present" : "missing",
			nrule_lines, p->nrules);
		bad++;
	}
	bpf_object__close(obj);
	return bad ? 1 : 0;
}

static bool parse_number(const char *s, unsigned long long *out)
{
	char *end;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return !errno && *s && !*end;
}

int main(int argc, char **argv)
{
	atexit(arena_release);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "--check-object"))
		return check_object(argv[2], argv[3]);
	struct run_opts o = { .seed = DEFAULT_SEED, .npolicies = NPOLICIES,
			      .nrequests = NREQUESTS, .only = -1 };
	for (int i = 1; i < argc; i++) {
		unsigned long long v = 0;
		bool has_value = i + 1 < argc && parse_number(argv[i + 1], &v);
		if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else if (!strcmp(argv[i], "--policy") && has_value && v < 100000) {
			o.only = (int)v;
			i++;
		} else if (!strcmp(argv[i], "--policies") && has_value && v && v <= 100000) {
			o.npolicies = (unsigned)v;
			i++;
		} else if (!strcmp(argv[i], "--requests") && has_value && v <= 10000000) {
			o.nrequests = (unsigned)v;
			i++;
		} else if (!strcmp(argv[i], "--file") && i + 1 < argc) {
			o.file = argv[++i];
		} else if (parse_number(argv[i], &v)) {
			o.seed = v;
		} else {
			fprintf(stderr,
				"usage: difftest [SEED] [-v] [--policies N] [--requests N] [--policy I]\n"
				"                [--file POLICY]\n"
				"       difftest --check-object POLICY OBJ\n");
			return 2;
		}
	}
	if (o.only >= 0 && (unsigned)o.only >= o.npolicies)
		o.npolicies = (unsigned)o.only + 1;
	return run_difftest(&o);
}
