/* difftest.c - the host differential test: the kernel's decision equals
 * `bpfcc explain`.
 *
 * Generates random policies (seeded, deterministic) in the rule DSL, using
 * only what this version of the kernel side enforces (fs rules with literal
 * paths and globs, filesystem rules, dev rules by class and number; allow,
 * deny, taint and audit; default allow/deny, complain, default_taint).
 * Each is parsed and checked with the compiler's own front end, compiled
 * with `$BPFCC --test-prog` and loaded with libbpf (only the SEC("syscall")
 * program bpfcon_test, with .rodata.config's mount_dev[] filled from a
 * synthetic mount table).  Then, for many random requests (path requests
 * near the rules' globs, device requests, tainted or not), the verdict of
 * the kernel (BPF_PROG_TEST_RUN) is compared with explain_decide(): allow,
 * complain, how it was decided, the deciding rule, audit and taint.
 *
 *   difftest [SEED] [-v]            the differential test (root: loads BPF)
 *   difftest --check-object POLICY OBJ
 *                                   compares OBJ's self-description
 *                                   (.rodata.bpfcon) with POLICY's IR and
 *                                   prints its sha256 line (tests/host/objects.sh)
 *
 * Prints "difftest: N cases, M disagreements" and "difftest: N passed,
 * M failed"; exits 1 on any disagreement. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>

#include "../../bpf-templates/bpfcon_abi.h"
#include "check.h"
#include "diag.h"
#include "explain.h"
#include "frontend.h"
#include "ir.h"
#include "source.h"
#include "util.h"

/* --- the test program's request (bpf-templates/bpfcon_testprog.h) ------ */

#define PATH_MAX_K 4096
#define TEST_PATH 0
#define TEST_DEV 1
#define TEST_DEVFILE 2

struct test_req {
	__u32 kind;
	__u32 access;
	__u32 tainted;
	__u32 dev;
	__u32 major, minor;
	__u32 start;
	__s32 decision;
	__s32 by;
	__s32 rule;
	__u32 flags;
	char path[PATH_MAX_K];
};
_Static_assert(sizeof(struct test_req) == 44 + PATH_MAX_K, "struct bpfcon_test_req layout");

/* --- sizes of the default run ------------------------------------------ */

#define DEFAULT_SEED 1
#define NPOLICIES 32
#define NREQUESTS 400
#define MAX_REPORTS 12		/* disagreements printed in full */

static bool verbose;

/* --- deterministic random numbers (splitmix64) ------------------------- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned rnd(unsigned n)
{
	return n ? (unsigned)(rnd64() % n) : 0;
}

static bool chance(unsigned percent)
{
	return rnd(100) < percent;
}

#define PICK(a) ((a)[rnd(ARRAY_LEN(a))])

/* --- the synthetic mount table ------------------------------------------ */

/* / and a bind mount of part of it (/srv/bind), a second disk at /mnt/a with
 * a bind mount of it at /mnt/b and a third disk mounted below it, and two
 * pseudo filesystems. */
static struct mount mount_table[] = {
	{ "/", 8, 1 },		{ "/mnt/a", 8, 2 }, { "/mnt/a/sub", 8, 3 }, { "/proc", 0, 20 },
	{ "/srv/bind", 8, 1 }, { "/mnt/b", 8, 2 }, { "/tmp", 0, 30 },
};
static struct mounts mounts = { mount_table, ARRAY_LEN(mount_table), ARRAY_LEN(mount_table) };

static __u32 kdev(unsigned major, unsigned minor)
{
	return (__u32)(major << 20 | minor);
}

/* --- policy generator --------------------------------------------------- */

static const char *const acc_names[] = { "read",    "write",   "append", "exec", "map",
					 "setattr", "getattr", "ioctl",  "rm",   "link" };

static const char *const roots[] = { "",	  "",	      "", "/mnt/a", "/mnt/a/sub", "/proc",
				     "/srv/bind", "/mnt/b", "/tmp", "/etc", "/srv" };
static const char *const words[] = { "a",   "b",      "c",	   "ab",  "etc", "x",
				     "x1",  "conf",   "file1.txt", "log", "abc", "zeta",
				     "Zeta", "d.conf", "bin",	   "lib", "sub", "passwd",
				     "my data", "caf\xc3\xa9" };
static const char *const glob_parts[] = { "*",	   "**",      "**",	"a*",	  "*.conf", "x*1",
					  "file?.txt", "a?",  "?",	"[abc]",  "[a-c]x", "[!ab]",
					  "[!a-c]*", "*b*",   "[xz]*",	"lib*",	  "?*",	    "[A-Z]eta",
					  "caf?",  "*\xc3\xa9",   "my *",	"[!a]*" };
static const char *const dev_classes[] = { "terminal", "tty",   "null",	 "random",
					   "video",    "sound", "gpu",	 "input" };
static const unsigned dev_majors[] = { 1,   4,   5,   8,	  10,  13,  14,	 81,
				       116, 135, 136, 139, 143, 144, 195, 226 };
static const char *const fsys_points[] = { "/",	     "/mnt/a",	"/mnt/a/sub", "/proc", "/srv/bind",
					   "/mnt/b", "/tmp",	"/etc",	      "/mnt/a/x", "/srv" };

/* A random access set: mostly a few common bits, so rules and requests meet. */
static unsigned gen_mask(void)
{
	static const unsigned common[] = { ACC_READ, ACC_WRITE, ACC_EXEC, ACC_GETATTR, ACC_APPEND };
	switch (rnd(6)) {
	case 0:
	case 1:
		return PICK(common);
	case 2:
	case 3: {
		unsigned m = 0;
		while (!m)
			for (size_t i = 0; i < ARRAY_LEN(common); i++)
				if (chance(35))
					m |= common[i];
		return m;
	}
	case 4: {
		unsigned m = 0;
		while (!m)
			m = rnd(ACC_ALL + 1);
		return m;
	}
	default:
		return chance(50) ? ACC_ALL : 1u << rnd(10);
	}
}

/* A random non-empty subset of m (m != 0). */
static unsigned sub_mask(unsigned m)
{
	for (;;) {
		unsigned s = m & (unsigned)rnd64();
		if (s)
			return chance(30) ? s & (0 - s) : s;	/* often a single bit */
	}
}

static void put_mask(struct strbuf *sb, unsigned m)
{
	if (m == ACC_ALL && chance(70)) {
		sb_puts(sb, "any");
		return;
	}
	bool first = true;
	for (int b = 0; b < 10; b++)
		if (m & (1u << b)) {
			sb_printf(sb, "%s%s", first ? "" : "|", acc_names[b]);
			first = false;
		}
}

static void gen_fs_path(struct strbuf *sb)
{
	const char *root = PICK(roots);
	unsigned n = rnd(4);
	if (!*root && !n)
		n = 1;
	if (*root && !n && chance(50))
		n = 1;
	sb_puts(sb, root);
	for (unsigned i = 0; i < n; i++)
		sb_printf(sb, "/%s", chance(45) ? PICK(glob_parts) : PICK(words));
}

static void gen_rule(struct strbuf *sb, bool in_block)
{
	static const char *const dirs[] = {
		"",	   "",	       "",	   "",		"#[allow] ",	       "#[deny] ",
		"#[deny] ", "#[deny] ", "#[taint] ", "#[taint] ", "#[taint] #[allow] ",
		"#[audit] ", "#[deny] #[audit] ", "#[audit] #[deny] ", "#[taint] #[audit] ",
		"#[allow] #[audit] ", "#[audit] #[taint] #[allow] ",
	};
	if (in_block)
		sb_puts(sb, "  ");
	else
		sb_puts(sb, PICK(dirs));
	unsigned k = rnd(100);
	if (k < 60) {
		sb_puts(sb, "fs(\"");
		gen_fs_path(sb);
		sb_puts(sb, "\", ");
	} else if (k < 75) {
		sb_printf(sb, "filesystem(\"%s\", ", PICK(fsys_points));
	} else if (k < 85) {
		sb_printf(sb, "dev(%s, ", PICK(dev_classes));
	} else if (chance(50)) {
		sb_printf(sb, "dev(%u, ", PICK(dev_majors));
	} else {
		sb_printf(sb, "dev(%u:%u, ", PICK(dev_majors), rnd(10));
	}
	put_mask(sb, gen_mask());
	sb_puts(sb, ")\n");
}

static char *gen_policy(unsigned id)
{
	struct strbuf sb = { 0 };
	sb_printf(&sb, "#![profile \"/usr/bin/t%u\"]\n", id);
	if (chance(60))
		sb_printf(&sb, "#![name \"t%u\"]\n", id);
	if (chance(35))
		sb_puts(&sb, "#![default allow]\n");
	else if (chance(20))
		sb_puts(&sb, "#![default deny]\n");
	if (chance(25))
		sb_puts(&sb, "#![complain]\n");
	if (chance(20))
		sb_puts(&sb, "#![default_taint]\n");
	unsigned n = chance(10) ? 20 + rnd(30) : 1 + rnd(10);
	for (unsigned i = 0; i < n; i++) {
		if (chance(8)) {
			static const char *const blocks[] = { "#[deny]", "#[taint]", "#[audit]",
							      "#[taint] #[allow]" };
			sb_printf(&sb, "%s {\n", PICK(blocks));
			unsigned m = 1 + rnd(3);
			for (unsigned j = 0; j < m; j++)
				gen_rule(&sb, true);
			sb_puts(&sb, "}\n");
		} else {
			gen_rule(&sb, false);
		}
	}
	return sb_finish(&sb);
}

/* --- request generator -------------------------------------------------- */

static const char path_chars[] = "abcxz19._-AZ \xc3\xa9";

/* One byte; sometimes half of a UTF-8 character, which the kernel may see
 * in a file name (explain compares bytes too). */
static char rand_char(void)
{
	return path_chars[rnd(sizeof(path_chars) - 1)];
}

/* A path the pattern (probably) matches: each wildcard replaced by
 * something it matches, sets by one of their characters. */
static void instantiate(struct strbuf *sb, const char *p)
{
	for (size_t i = 0; p[i];) {
		if (p[i] == '/' && p[i + 1] == '*' && p[i + 2] == '*' &&
		    (p[i + 3] == '/' || !p[i + 3])) {
			unsigned n = rnd(3);
			for (unsigned k = 0; k < n; k++)
				sb_printf(sb, "/%s", chance(50) ? PICK(words) : "q");
			i += 3;
		} else if (p[i] == '*') {
			while (p[i] == '*')
				i++;
			unsigned n = rnd(4);
			for (unsigned k = 0; k < n; k++)
				sb_putc(sb, rand_char());
		} else if (p[i] == '?') {
			sb_putc(sb, rand_char());
			i++;
		} else if (p[i] == '[') {
			size_t j = i + 1;
			bool neg = p[j] == '!';
			if (neg)
				j++;
			sb_putc(sb, neg || chance(20) ? rand_char() : p[j]);
			while (p[j] && p[j] != ']')
				j++;
			i = p[j] ? j + 1 : j;
		} else {
			sb_putc(sb, p[i++]);
		}
	}
}

/* A small change: a near miss (or, by chance, still a match). */
static void mutate(struct strbuf *sb)
{
	size_t len = sb->len;
	switch (rnd(7)) {
	case 0:
		if (len > 1)
			sb->s[1 + rnd((unsigned)len - 1)] = rand_char();
		break;
	case 1:
		if (len > 1) {
			size_t at = 1 + rnd((unsigned)len - 1);
			memmove(sb->s + at, sb->s + at + 1, len - at);
			sb->len--;
		}
		break;
	case 2: {
		size_t at = 1 + rnd((unsigned)len);
		if (at > len)
			at = len;
		sb_putc(sb, 0);
		memmove(sb->s + at + 1, sb->s + at, len - at);
		sb->s[at] = rand_char();
		break;
	}
	case 3:
		sb_printf(sb, "/%s", PICK(words));
		break;
	case 4: {
		char *slash = strrchr(sb->s, '/');
		if (slash && slash != sb->s)
			sb->len = (size_t)(slash - sb->s);
		break;
	}
	case 5:
		sb_putc(sb, rand_char());
		break;
	default: {
		char *slash = strrchr(sb->s, '/');
		if (slash) {
			sb->len = (size_t)(slash - sb->s);
			sb_printf(sb, "/%s", PICK(words));
		}
	}
	}
	sb_putc(sb, 0);
	sb->len = strlen(sb->s);
}

/* An absolute path as the kernel would print it: no "//", no trailing
 * '/', no "." or ".." components. */
static char *normalize(const char *in)
{
	struct strbuf out = { 0 };
	const char *s = in;
	while (*s) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		size_t n = strcspn(s, "/");
		sb_putc(&out, '/');
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			sb_putc(&out, 'd');
		else
			sb_putn(&out, s, n);
		s += n;
	}
	if (!out.len)
		sb_putc(&out, '/');
	return sb_finish(&out);
}

/* A path request, and in *mask_hint the access set of the rule it was
 * made from (0 if none). */
static char *gen_path(const struct policy *p, unsigned *mask_hint)
{
	*mask_hint = 0;
	struct strbuf sb = { 0 };
	const struct rule *fs[64];
	size_t nfs = 0;
	for (size_t i = 0; i < p->nrules && nfs < ARRAY_LEN(fs); i++)
		if (p->rules[i].kind == RK_FS || p->rules[i].kind == RK_FILESYSTEM)
			fs[nfs++] = &p->rules[i];
	unsigned k = rnd(100);
	if (nfs && k < 70) {
		const struct rule *r = fs[rnd((unsigned)nfs)];
		*mask_hint = (unsigned)r->mask;
		instantiate(&sb, r->path);
		sb_putc(&sb, 0);
		sb.len--;
		if (r->kind == RK_FILESYSTEM || chance(45))
			mutate(&sb);
		if (chance(10))
			sb_printf(&sb, "/%s", PICK(words));
	} else if (k < 97) {
		sb_puts(&sb, chance(50) ? PICK(roots) : PICK(fsys_points));
		unsigned n = rnd(4);
		for (unsigned i = 0; i < n; i++)
			sb_printf(&sb, "/%s", PICK(words));
	} else {
		/* a long path, up to the kernel's limit */
		sb_puts(&sb, PICK(roots));
		size_t want = 100 + rnd(4000);
		while (sb.len + 12 < want && sb.len < 4080)
			sb_printf(&sb, "/%s", PICK(words));
	}
	sb_putc(&sb, 0);
	char *norm = normalize(sb.s);
	sb_free(&sb);
	if (strlen(norm) >= PATH_MAX_K)
		norm[PATH_MAX_K - 1] = 0;
	return normalize(norm);
}

/* --- running one case ----------------------------------------------------- */

struct verdict_cmp {
	bool allow, complain, audit, taint;
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
	printf("    %-8s %s%s%s%s by %s, rule %d", who, v->allow ? "allow" : "deny",
	       v->complain ? " complain" : "", v->audit ? " audit" : "", v->taint ? " taint" : "",
	       by_name(v->by), v->rule);
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

static struct {
	unsigned long cases, disagreements, reports;
	/* what the cases covered (explain's verdicts) */
	unsigned long allow, deny, complain, by[4], audit, taint, dev, devfile;
} stats;

/* One loaded policy. */
struct subject {
	unsigned id;
	const char *text;
	const struct policy *p;
	int prog_fd;
	bool text_shown;
};

static void report(struct subject *s, const char *request, bool tainted,
		   const struct verdict_cmp *want, const struct verdict_cmp *got)
{
	stats.disagreements++;
	if (stats.reports >= MAX_REPORTS)
		return;
	stats.reports++;
	if (!s->text_shown) {
		printf("--- policy %u (%s):\n%s", s->id, s->p->src->name, s->text);
		s->text_shown = true;
	}
	printf("  request %s %s\n", request, tainted ? "--tainted" : "--untainted");
	print_verdict("explain:", want, s->p);
	print_verdict("kernel:", got, s->p);
}

/* Runs one request through explain and the kernel; false if they differ
 * or the request could not be run. */
static bool run_case(struct subject *s, const char *request_text, const struct test_req *kreq)
{
	struct diag d = { 0 };
	struct rule req;
	memset(&req, 0, sizeof(req));
	const struct source *rs = NULL;
	if (kreq->kind != TEST_DEV && !source_valid_utf8(request_text, strlen(request_text))) {
		/* A file name that is not UTF-8: the kernel sees such names, but
		 * no request text can say it; the request fs("PATH", ...) parses to. */
		req.kind = RK_FS;
		req.actions = RA_ALLOW;
		req.path = arena_strndup(kreq->path + kreq->start, PATH_MAX_K - kreq->start);
		req.mask = kreq->access;
	} else if (!(rs = source_from_string("<request>", request_text, strlen(request_text),
					     &d)) ||
		   !dsl_parse_request(rs, &d, &req)) {
		printf("difftest: cannot parse generated request %s\n", request_text);
		diag_print_text(&d, stdout, false);
		stats.disagreements++;
		return false;
	}
	struct eval_state st = { .tainted = kreq->tainted, .mounts = &mounts };
	if (kreq->kind == TEST_DEVFILE) {	/* explain --device MAJ:MIN */
		st.dev_file = true;
		st.dev_major = (int)kreq->major;
		st.dev_minor = (int)kreq->minor;
	}
	struct decision dec;
	explain_decide(s->p, &req, &st, &dec);
	struct verdict_cmp want = {
		.allow = dec.allow,
		.complain = dec.would_deny,
		.audit = dec.audit,
		.taint = dec.taint,
		.by = by_to_abi(dec.by),
		.rule = dec.nrules ? (int)(dec.rules[0] - s->p->rules) : -1,
	};

	struct test_req k = *kreq;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &k, .ctx_size_in = sizeof(k));
	/* A syscall program's context comes back in ctx_in (ctx_out must be NULL). */
	int err = bpf_prog_test_run_opts(s->prog_fd, &opts);
	stats.cases++;
	if (err || opts.retval != 0) {
		printf("difftest: policy %u: test run failed (err %d, retval %u) for %s\n", s->id,
		       err, opts.retval, request_text);
		stats.disagreements++;
		return false;
	}
	struct verdict_cmp got = {
		.allow = k.decision == BPFCON_ALLOW || k.decision == BPFCON_COMPLAIN,
		.complain = k.decision == BPFCON_COMPLAIN,
		.audit = k.flags & BPFCON_EV_AUDIT,
		.taint = k.flags & BPFCON_EV_TAINT,
		.by = k.by,
		.rule = k.rule,
	};
	bool same = want.allow == got.allow && want.complain == got.complain &&
		    want.audit == got.audit && want.taint == got.taint && want.by == got.by &&
		    want.rule == got.rule &&
		    (k.decision == BPFCON_ALLOW || k.decision == BPFCON_DENY ||
		     k.decision == BPFCON_COMPLAIN) &&
		    !(k.flags & ~(BPFCON_EV_AUDIT | BPFCON_EV_TAINT));
	if (!same)
		report(s, request_text, kreq->tainted, &want, &got);
	stats.allow += want.allow && !want.complain;
	stats.deny += !want.allow;
	stats.complain += want.complain;
	if (want.by >= 0 && want.by < 4)
		stats.by[want.by]++;
	stats.audit += want.audit;
	stats.taint += want.taint;
	stats.dev += kreq->kind == TEST_DEV;
	stats.devfile += kreq->kind == TEST_DEVFILE;
	return same;
}

static void put_request_mask(struct strbuf *sb, unsigned m)
{
	bool first = true;
	for (int b = 0; b < 10; b++)
		if (m & (1u << b)) {
			sb_printf(sb, "%s%s", first ? "" : "|", acc_names[b]);
			first = false;
		}
}

/* A file request; a device node's when devfile (major:minor). */
static bool path_case(struct subject *s, const char *path, unsigned mask, bool tainted,
		      bool devfile, unsigned major, unsigned minor)
{
	struct test_req k;
	memset(&k, 0, sizeof(k));
	size_t len = strlen(path);
	k.kind = devfile ? TEST_DEVFILE : TEST_PATH;
	k.major = major;
	k.minor = minor;
	k.access = mask;
	k.tainted = tainted;
	k.start = (__u32)(PATH_MAX_K - len);
	memcpy(k.path + k.start, path, len);
	const struct mount *m = mounts_find(&mounts, path);
	k.dev = m ? kdev(m->major, m->minor) : 0;
	struct strbuf sb = { 0 };
	sb_printf(&sb, "fs(\"%s\", ", path);
	put_request_mask(&sb, mask);
	sb_puts(&sb, ")");
	bool ok = run_case(s, sb.s, &k);
	if (devfile && !ok)
		printf("  (with --device %u:%u)\n", major, minor);
	sb_free(&sb);
	return ok;
}

static bool dev_case(struct subject *s, unsigned major, unsigned minor, unsigned mask,
		     bool tainted)
{
	struct test_req k;
	memset(&k, 0, sizeof(k));
	k.kind = TEST_DEV;
	k.access = mask;
	k.tainted = tainted;
	k.major = major;
	k.minor = minor;
	struct strbuf sb = { 0 };
	sb_printf(&sb, "dev(%u:%u, ", major, minor);
	put_request_mask(&sb, mask);
	sb_puts(&sb, ")");
	bool ok = run_case(s, sb.s, &k);
	sb_free(&sb);
	return ok;
}

static void random_cases(struct subject *s, unsigned n)
{
	const struct rule *devs[64];
	size_t ndev = 0;
	for (size_t i = 0; i < s->p->nrules && ndev < ARRAY_LEN(devs); i++)
		if (s->p->rules[i].kind == RK_DEV_CLASS || s->p->rules[i].kind == RK_DEV_NUM)
			devs[ndev++] = &s->p->rules[i];
	/* Untainted is a state only a policy with taint rules can be in (but
	 * the decision code does not care, so test it a little anyway). */
	unsigned untainted_pct = policy_has_taint_rules(s->p) ? 50 : 10;
	for (unsigned i = 0; i < n; i++) {
		bool tainted = !chance(untainted_pct);
		unsigned mask = gen_mask(), hint = 0;
		if (chance(ndev ? 30 : 8)) {
			unsigned major = chance(80) ? PICK(dev_majors) : rnd(300);
			unsigned minor = chance(80) ? rnd(10) : rnd(300);
			if (ndev && chance(40)) {
				const struct rule *r = devs[rnd((unsigned)ndev)];
				hint = (unsigned)r->mask;
				if (r->kind == RK_DEV_NUM) {
					major = (unsigned)r->major;
					minor = r->minor >= 0 && chance(80) ? (unsigned)r->minor : rnd(10);
				}
			}
			if (hint && chance(60))
				mask = sub_mask(hint);
			dev_case(s, major, minor, mask, tainted);
		} else {
			const char *path = gen_path(s->p, &hint);
			if (hint && chance(60))
				mask = sub_mask(hint);
			/* Now and then the path is a device node: dev rules match too. */
			bool devfile = chance(ndev ? 25 : 5);
			unsigned major = chance(80) ? PICK(dev_majors) : rnd(300);
			unsigned minor = rnd(10);
			if (devfile && ndev && chance(50)) {
				const struct rule *r = devs[rnd((unsigned)ndev)];
				if (r->kind == RK_DEV_NUM) {
					major = (unsigned)r->major;
					minor = r->minor >= 0 ? (unsigned)r->minor : rnd(10);
				}
			}
			path_case(s, path, mask, tainted, devfile, major, minor);
		}
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
			const struct mount *mt = mounts_find(&mounts, point);
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

/* Opens and loads the object with only bpfcon_test; its fd, or -1. */
static int load_test_prog(const char *objpath, struct bpf_object **objp)
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
	if (!fill_mounts(obj, meta, err, sizeof(err))) {
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

static int run_difftest(uint64_t seed)
{
	const char *bpfcc = getenv("BPFCC");
	if (!bpfcc || !*bpfcc)
		bpfcc = "build/bpfcc";
	char tmpl[] = "/tmp/difftest.XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		fatal("mkdtemp: %s", strerror(errno));
	libbpf_set_print(libbpf_quiet);
	rng_state = seed;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	unsigned n = NPOLICIES, rejected = 0, failed_setup = 0;
	char **srcs = arena_alloc(sizeof(char *) * n), **objs = arena_alloc(sizeof(char *) * n);
	char **logs = arena_alloc(sizeof(char *) * n), **texts = arena_alloc(sizeof(char *) * n);
	struct policy **pols = arena_alloc(sizeof(*pols) * n);
	bool *ok = arena_alloc(n);
	for (unsigned i = 0; i < n; i++) {
		srcs[i] = arena_printf("%s/t%u.pol", dir, i);
		objs[i] = arena_printf("%s/t%u.bpf.o", dir, i);
		logs[i] = arena_printf("%s/t%u.log", dir, i);
		for (;;) {
			texts[i] = gen_policy(i);
			FILE *f = fopen(srcs[i], "w");
			if (!f || fputs(texts[i], f) < 0 || fclose(f))
				fatal("cannot write %s", srcs[i]);
			pols[i] = load_policy(srcs[i], !verbose);
			if (pols[i])
				break;
			rejected++;
			if (rejected > 10 * n)
				fatal("the generator makes only invalid policies");
		}
	}
	compile_all(bpfcc, srcs, objs, logs, ok, n);
	struct timespec tc;
	clock_gettime(CLOCK_MONOTONIC, &tc);

	for (unsigned i = 0; i < n; i++) {
		if (!ok[i]) {
			printf("difftest: policy %u does not compile:\n%s%s", i, texts[i],
			       slurp(logs[i]));
			failed_setup++;
			continue;
		}
		struct bpf_object *obj = NULL;
		int fd = load_test_prog(objs[i], &obj);
		if (fd < 0) {
			printf("difftest: policy %u does not load:\n%s", i, texts[i]);
			failed_setup++;
			continue;
		}
		struct subject s = { .id = i, .text = texts[i], .p = pols[i], .prog_fd = fd };
		random_cases(&s, NREQUESTS);
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
	       (unsigned long long)seed, n, rejected, secs, csecs);
	printf("difftest: explain said %lu allow, %lu deny, %lu complain; by rules %lu, "
	       "default %lu, untainted %lu; %lu audit, %lu taint; %lu device requests, "
	       "%lu device-node paths\n",
	       stats.allow, stats.deny, stats.complain, stats.by[BPFCON_BY_RULES],
	       stats.by[BPFCON_BY_DEFAULT], stats.by[BPFCON_BY_UNTAINTED], stats.audit, stats.taint,
	       stats.dev, stats.devfile);
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

int main(int argc, char **argv)
{
	atexit(arena_release);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "--check-object"))
		return check_object(argv[2], argv[3]);
	uint64_t seed = DEFAULT_SEED;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (!strcmp(argv[i], "-v")) {
			verbose = true;
			continue;
		}
		errno = 0;
		unsigned long long v = strtoull(argv[i], &end, 0);
		if (errno || *end || end == argv[i]) {
			fprintf(stderr, "usage: difftest [SEED] [-v]\n"
					"       difftest --check-object POLICY OBJ\n");
			return 2;
		}
		seed = v;
	}
	return run_difftest(seed);
}
