// SPDX-License-Identifier: GPL-2.0-only
/* test_lint.c - lint warnings (each with a near-twin that must stay quiet)
 * and the meta-policy: loading, every forbid key and alwaysDeny. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lint.h"
#include "unit.h"
#include "util.h"
#include "yaml_tree.h"

#define CAP_BIT(n) (UINT64_C(1) << (n))
#define CAP_NET_BIND_SERVICE 10
#define CAP_SYS_MODULE 16
#define CAP_SYS_ADMIN 21
#define AF_INET_BIT (UINT64_C(1) << 2)
#define AF_INET6_BIT (UINT64_C(1) << 10)

/* ---------------------------------------------------------------------- */
/* Building policies                                                       */

static struct policy *policy(void)
{
	struct policy *p = arena_alloc(sizeof(*p));
	p->name = "t";
	p->command = "/bin/t";
	p->loc = (struct loc){ .file = "t.yml", .line = 1, .col = 1 };
	p->lang = LANG_YAML;
	return p;
}

/* A rule on line (its index + 2), column 3. */
static struct rule *add(struct policy *p, enum rule_kind kind, unsigned actions, uint64_t mask)
{
	struct rule *r = policy_add_rule(p);
	r->kind = kind;
	r->actions = actions;
	r->mask = mask;
	r->minor = -1;
	r->loc = (struct loc){ .file = "t.yml", .line = (int)p->nrules + 1, .col = 3 };
	r->arg_loc = r->loc;
	r->text = arena_printf("%s rule %zu", rule_kind_name(kind), p->nrules);
	return r;
}

static struct rule *fs(struct policy *p, unsigned actions, const char *path, uint64_t mask)
{
	struct rule *r = add(p, RK_FS, actions, mask);
	r->path = path;
	r->text = arena_printf("fs %s", path);
	return r;
}

static struct rule *in_func(struct rule *r, const char *func)
{
	r->ctx.func = func;
	r->ctx.loc = r->loc;
	return r;
}

/* ---------------------------------------------------------------------- */
/* Looking at findings                                                     */

static int count(const struct diag *d, const char *check)
{
	int n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev != SEV_NOTE && d->v[i].check && !strcmp(d->v[i].check, check))
			n++;
	return n;
}

static const struct finding *first(const struct diag *d, const char *check)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev != SEV_NOTE && d->v[i].check && !strcmp(d->v[i].check, check))
			return &d->v[i];
	return NULL;
}

static const char *msg(const struct diag *d, const char *check)
{
	const struct finding *f = first(d, check);
	return f ? f->msg : NULL;
}

static int line_of(const struct diag *d, const char *check)
{
	const struct finding *f = first(d, check);
	return f ? f->loc.line : -1;
}

static struct diag lint(const struct policy *p)
{
	struct diag d = { 0 };
	lint_policy(p, &d);
	return d;
}

/* ---------------------------------------------------------------------- */
/* Lint                                                                    */

static void test_cancelled_right(void)
{
	struct policy *p = policy();
	fs(p, RA_ALLOW, "/etc", ACC_READ);
	fs(p, RA_DENY, "/**", ACC_ALL);
	struct diag d = lint(p);
	CHECK(count(&d, "cancelled-right") == 1);
	CHECK_STR(msg(&d, "cancelled-right"),
		  "right 'fs /etc' is cancelled by restriction at t.yml:3:3");
	CHECK(line_of(&d, "cancelled-right") == 2);

	/* Twin: the restriction denies only write; read still goes through. */
	p = policy();
	fs(p, RA_ALLOW, "/etc", ACC_READ);
	fs(p, RA_DENY, "/**", ACC_WRITE);
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);

	/* Two restrictions add up. */
	p = policy();
	fs(p, RA_ALLOW, "/etc/x", ACC_READ | ACC_WRITE);
	fs(p, RA_DENY, "/etc/*", ACC_READ);
	fs(p, RA_DENY, "/**", ACC_WRITE | ACC_APPEND);
	d = lint(p);
	CHECK_STR(msg(&d, "cancelled-right"),
		  "right 'fs /etc/x' is cancelled by restrictions at t.yml:3:3 and t.yml:4:3");

	/* Twin: the restriction's pattern does not cover the right. */
	p = policy();
	fs(p, RA_ALLOW, "/etc/**", ACC_READ);
	fs(p, RA_DENY, "/etc/shadow", ACC_ALL);
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);

	/* A restriction in a function context does not cancel an
	 * unconditional right ... */
	p = policy();
	fs(p, RA_ALLOW, "/etc/passwd", ACC_READ);
	in_func(fs(p, RA_DENY, "/etc/passwd", ACC_READ), "parse");
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);
	/* ... but an unconditional one cancels a right in a context. */
	p = policy();
	in_func(fs(p, RA_ALLOW, "/etc/passwd", ACC_READ), "parse");
	fs(p, RA_DENY, "/etc/passwd", ACC_READ);
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 1);

	/* A taint+allow rule still taints: not reported. */
	p = policy();
	fs(p, RA_ALLOW | RA_TAINT, "/etc/passwd", ACC_READ);
	fs(p, RA_DENY, "/etc/passwd", ACC_READ);
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);

	/* net: family any covers inet; inet6 does not. */
	p = policy();
	add(p, RK_NET, RA_ALLOW, NET_SEND)->families = AF_INET_BIT;
	add(p, RK_NET, RA_DENY, NET_ALL)->families = FAMILY_ANY;
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 1);
	p = policy();
	add(p, RK_NET, RA_ALLOW, NET_SEND)->families = AF_INET_BIT;
	add(p, RK_NET, RA_DENY, NET_ALL)->families = AF_INET6_BIT;
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);

	/* cap: the mask is the object. */
	p = policy();
	add(p, RK_CAP, RA_ALLOW, CAP_BIT(CAP_SYS_ADMIN));
	add(p, RK_CAP, RA_DENY, CAP_ALL_MASK);
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 1);
	p = policy();
	add(p, RK_CAP, RA_ALLOW, CAP_BIT(CAP_SYS_ADMIN));
	add(p, RK_CAP, RA_DENY, CAP_BIT(CAP_SYS_MODULE));
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);

	/* ipc (no mask): same policy name. */
	p = policy();
	add(p, RK_IPC, RA_ALLOW, 0)->policy = "web";
	add(p, RK_IPC, RA_DENY, 0)->policy = "web";
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 1);
	p = policy();
	add(p, RK_IPC, RA_ALLOW, 0)->policy = "web";
	add(p, RK_IPC, RA_DENY, 0)->policy = "db";
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);

	/* targets: any covers a program; self does not. */
	p = policy();
	struct rule *r = add(p, RK_SIGNAL, RA_ALLOW, 1u << 15);
	r->target = (struct target){ TGT_PROGRAM, "/bin/x" };
	add(p, RK_SIGNAL, RA_DENY, SIG_ALL)->target.kind = TGT_ANY;
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 1);
	p = policy();
	r = add(p, RK_SIGNAL, RA_ALLOW, 1u << 15);
	r->target = (struct target){ TGT_PROGRAM, "/bin/x" };
	add(p, RK_SIGNAL, RA_DENY, SIG_ALL)->target.kind = TGT_SELF;
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);

	/* dev numbers: minor any covers a minor. */
	p = policy();
	r = add(p, RK_DEV_NUM, RA_ALLOW, ACC_READ);
	r->major = 4, r->minor = 1;
	r = add(p, RK_DEV_NUM, RA_DENY, ACC_ALL);
	r->major = 4, r->minor = -1;
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 1);
	p = policy();
	r = add(p, RK_DEV_NUM, RA_ALLOW, ACC_READ);
	r->major = 4, r->minor = -1;
	r = add(p, RK_DEV_NUM, RA_DENY, ACC_ALL);
	r->major = 4, r->minor = 1;
	d = lint(p);
	CHECK(count(&d, "cancelled-right") == 0);
}

static void test_duplicate_rule(void)
{
	struct policy *p = policy();
	fs(p, RA_ALLOW, "/etc/passwd", ACC_READ);
	fs(p, RA_ALLOW, "/var/log", ACC_APPEND);
	fs(p, RA_ALLOW, "/etc/passwd", ACC_READ);
	struct diag d = lint(p);
	CHECK(count(&d, "duplicate-rule") == 1);
	CHECK(line_of(&d, "duplicate-rule") == 4);
	CHECK_STR(msg(&d, "duplicate-rule"), "duplicate rule 'fs /etc/passwd'");
	/* The note follows, at the first rule. */
	const struct finding *f = first(&d, "duplicate-rule");
	CHECK(f + 1 < d.v + d.n && f[1].sev == SEV_NOTE && f[1].loc.line == 2);
	CHECK_STR(f[1].msg, "first written here");
	CHECK(count(&d, "unreachable-rule") == 0);	/* not reported twice */

	/* Twins: another context, other actions. */
	p = policy();
	fs(p, RA_ALLOW, "/etc/passwd", ACC_READ);
	in_func(fs(p, RA_ALLOW, "/etc/passwd", ACC_READ), "f");
	fs(p, RA_ALLOW | RA_AUDIT, "/etc/passwd", ACC_READ);
	d = lint(p);
	CHECK(count(&d, "duplicate-rule") == 0);

	/* Three copies: two warnings, both pointing at the first. */
	p = policy();
	for (int i = 0; i < 3; i++)
		add(p, RK_CAP, RA_ALLOW, CAP_BIT(CAP_NET_BIND_SERVICE));
	d = lint(p);
	CHECK(count(&d, "duplicate-rule") == 2);
	CHECK(d.v[d.n - 1].sev == SEV_NOTE && d.v[d.n - 1].loc.line == 2);
}

static void test_allows_everything(void)
{
	struct policy *p = policy();
	p->default_allow = true;
	struct diag d = lint(p);
	CHECK(count(&d, "allows-everything") == 1);
	CHECK(line_of(&d, "allows-everything") == 1);
	CHECK_STR(msg(&d, "allows-everything"),
		  "policy allows everything but capabilities: 'default: allow' with no restrictions");

	p = policy();
	p->default_allow = true;
	fs(p, RA_DENY, "/etc/shadow", ACC_ALL);
	d = lint(p);
	CHECK(count(&d, "allows-everything") == 0);

	/* Default deny with no rules denies everything. */
	p = policy();
	d = lint(p);
	CHECK(count(&d, "allows-everything") == 0);
}

static void test_write_exec(void)
{
	struct policy *p = policy();
	fs(p, RA_ALLOW, "/opt/app/**", ACC_WRITE | ACC_EXEC | ACC_READ);
	struct diag d = lint(p);
	CHECK(count(&d, "write-exec") == 1);
	CHECK_STR(msg(&d, "write-exec"),
		  "right 'fs /opt/app/**' grants both write and exec on '/opt/app/**'");

	p = policy();
	fs(p, RA_ALLOW, "/opt/app/**", ACC_READ | ACC_EXEC | ACC_MAP);
	d = lint(p);
	CHECK(count(&d, "write-exec") == 0);

	/* A pair: one covers the other; reported once, at the later rule. */
	p = policy();
	fs(p, RA_ALLOW, "/tmp/**", ACC_READ | ACC_APPEND);
	fs(p, RA_ALLOW, "/usr/bin/*", ACC_READ | ACC_EXEC);
	fs(p, RA_ALLOW, "/tmp/run.sh", ACC_EXEC);
	d = lint(p);
	CHECK(count(&d, "write-exec") == 1);
	CHECK(line_of(&d, "write-exec") == 4);
	CHECK_STR(msg(&d, "write-exec"),
		  "right 'fs /tmp/run.sh' grants exec on paths that 'fs /tmp/**' at t.yml:2:3 grants write");

	/* The broader rule written later. */
	p = policy();
	fs(p, RA_ALLOW, "/srv/bin/tool", ACC_EXEC);
	fs(p, RA_ALLOW, "/srv/**", ACC_WRITE);
	d = lint(p);
	CHECK(count(&d, "write-exec") == 1);
	CHECK(line_of(&d, "write-exec") == 3);

	/* The same path twice. */
	p = policy();
	fs(p, RA_ALLOW, "/srv/x", ACC_EXEC);
	fs(p, RA_ALLOW, "/srv/x", ACC_WRITE);
	d = lint(p);
	CHECK(count(&d, "write-exec") == 1);
	CHECK(line_of(&d, "write-exec") == 3);

	/* Twins: disjoint paths; two different function contexts. */
	p = policy();
	fs(p, RA_ALLOW, "/tmp/**", ACC_WRITE);
	fs(p, RA_ALLOW, "/usr/bin/env", ACC_EXEC);
	in_func(fs(p, RA_ALLOW, "/srv/x", ACC_WRITE), "save");
	in_func(fs(p, RA_ALLOW, "/srv/x", ACC_EXEC), "run");
	d = lint(p);
	CHECK(count(&d, "write-exec") == 0);
}

static void test_taint_never_fires(void)
{
	struct policy *p = policy();
	p->default_taint = true;
	fs(p, RA_TAINT, "/home/**", ACC_READ);
	add(p, RK_NET, RA_TAINT | RA_ALLOW, NET_ALL)->families = FAMILY_ANY;
	struct diag d = lint(p);
	CHECK(count(&d, "taint-never-fires") == 2);
	CHECK_STR(msg(&d, "taint-never-fires"),
		  "taint rule never fires: the policy starts tainted (defaultTaint: true)");

	p = policy();
	p->lang = LANG_DSL;
	p->default_taint = true;
	fs(p, RA_TAINT, "/home/**", ACC_READ);
	d = lint(p);
	CHECK_STR(msg(&d, "taint-never-fires"),
		  "taint rule never fires: the policy starts tainted (#![default_taint])");

	p = policy();
	fs(p, RA_TAINT, "/home/**", ACC_READ);
	d = lint(p);
	CHECK(count(&d, "taint-never-fires") == 0);
}

static void test_unreachable_rule(void)
{
	struct policy *p = policy();
	p->default_allow = true;
	fs(p, RA_DENY, "/etc/shadow", ACC_ALL);
	fs(p, RA_ALLOW, "/etc/passwd", ACC_READ);
	struct diag d = lint(p);
	CHECK(count(&d, "unreachable-rule") == 1);
	CHECK(line_of(&d, "unreachable-rule") == 3);
	CHECK_STR(msg(&d, "unreachable-rule"),
		  "right is unreachable: the policy's default already allows");

	/* Twins under default allow: a capability right (capabilities are
	 * still denied), an audit rule (it logs), a transition. */
	p = policy();
	p->default_allow = true;
	fs(p, RA_DENY, "/etc/shadow", ACC_ALL);
	add(p, RK_CAP, RA_ALLOW, CAP_BIT(CAP_NET_BIND_SERVICE));
	fs(p, RA_ALLOW | RA_AUDIT, "/etc/passwd", ACC_READ);
	fs(p, RA_ALLOW | RA_TRANSITION, "/bin/sh", ACC_EXEC);
	d = lint(p);
	CHECK(count(&d, "unreachable-rule") == 0);
	/* ... but privileged, the cap right is unreachable too. */
	p->privileged = true;
	d = lint(p);
	CHECK(count(&d, "unreachable-rule") == 1);

	/* Covered by another right with the same modifiers. */
	p = policy();
	fs(p, RA_ALLOW, "/usr/lib/**", ACC_READ | ACC_MAP);
	fs(p, RA_ALLOW, "/usr/lib/libc.so.6", ACC_READ);
	d = lint(p);
	CHECK(count(&d, "unreachable-rule") == 1);
	CHECK(line_of(&d, "unreachable-rule") == 3);
	CHECK_STR(msg(&d, "unreachable-rule"),
		  "right is unreachable: 'fs /usr/lib/**' at t.yml:2:3 already grants it");

	/* Twins: more access than the broader rule; other modifiers; another
	 * context. */
	p = policy();
	fs(p, RA_ALLOW, "/usr/lib/**", ACC_READ | ACC_MAP);
	fs(p, RA_ALLOW, "/usr/lib/libc.so.6", ACC_READ | ACC_WRITE);
	fs(p, RA_ALLOW | RA_AUDIT, "/usr/lib/libm.so.6", ACC_READ);
	in_func(fs(p, RA_ALLOW, "/usr/lib/libz.so", ACC_READ), "load");
	d = lint(p);
	CHECK(count(&d, "unreachable-rule") == 0);

	/* Same object and mask, different text: only the later one. */
	p = policy();
	add(p, RK_NET, RA_ALLOW, NET_CONNECT)->families = AF_INET_BIT;
	add(p, RK_NET, RA_ALLOW, NET_CONNECT | NET_SEND)->families = FAMILY_ANY;
	d = lint(p);
	CHECK(count(&d, "unreachable-rule") == 1);
	CHECK(line_of(&d, "unreachable-rule") == 2);
}

/* A realistic large policy stays quiet and fast. */
static void test_scale(void)
{
	struct policy *p = policy();
	for (int i = 0; i < 10000; i++)
		fs(p, RA_ALLOW, arena_printf("/data/d%d/f%d", i % 97, i), ACC_READ);
	for (int i = 0; i < 200; i++)
		fs(p, RA_DENY, arena_printf("/data/d%d/*.secret", i), ACC_ALL);
	fs(p, RA_ALLOW, "/usr/bin/*", ACC_READ | ACC_EXEC);
	clock_t t0 = clock();
	struct diag d = lint(p);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(d.n == 0);
	CHECK(secs < 5.0);

	/* Many globs in one directory: the budget bounds the work. */
	p = policy();
	for (int i = 0; i < 5000; i++)
		fs(p, RA_DENY, arena_printf("/x/*%d", i), ACC_WRITE);
	for (int i = 0; i < 5000; i++)
		fs(p, RA_ALLOW, arena_printf("/x/f%d", i), ACC_READ);
	t0 = clock();
	d = lint(p);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(d.n == 0);
	CHECK(secs < 20.0);
}

/* ---------------------------------------------------------------------- */
/* Meta-policy                                                             */

static char meta_path[64];

static const char *write_meta(const char *text)
{
	strcpy(meta_path, "/tmp/bpfcc-meta-XXXXXX");
	int fd = mkstemp(meta_path);
	if (fd < 0)
		return NULL;
	size_t len = strlen(text);
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return NULL;
	}
	close(fd);
	return meta_path;
}

static struct meta_policy *load(const char *text, struct diag *d)
{
	int io = 0;
	const char *path = write_meta(text);
	struct meta_policy *m = meta_load(path, d, &io);
	unlink(meta_path);
	return m;
}

static const char *at(int line, int col)
{
	return arena_printf("%s:%d:%d", meta_path, line, col);
}

static const char meta_text[] =
	"forbid:\n"				/* 1 */
	"  defaultAllow: true\n"		/* 2 */
	"  complain: true\n"			/* 3 */
	"  capabilities: [sysAdmin, sysModule]\n" /* 4 */
	"  privileged: true\n"			/* 5 */
	"  ipc: true\n"				/* 6 */
	"  kfunc: true\n"			/* 7 */
	"alwaysDeny:\n"				/* 8 */
	"  - /etc/shadow\n"			/* 9 */
	"  - /root/**\n";			/* 10 */

static struct diag meta_run(const struct meta_policy *m, const struct policy *p)
{
	struct diag d = { 0 };
	meta_check(m, p, &d);
	return d;
}

static void test_meta_load(void)
{
	struct diag d = { 0 };
	struct meta_policy *m = load(meta_text, &d);
	CHECK(m != NULL);
	CHECK(d.n == 0);

	/* Unknown keys, with where they are. */
	d = (struct diag){ 0 };
	m = load("forbid:\n  complian: true\nalwaysDenied: []\n", &d);
	CHECK(m == NULL);
	CHECK(count(&d, "unknown-key") == 2);
	CHECK_STR(msg(&d, "unknown-key"), "unknown key 'complian' in forbid; did you mean 'complain'?");
	CHECK(line_of(&d, "unknown-key") == 2 && first(&d, "unknown-key")->loc.col == 3);
	CHECK(d.v[1].loc.line == 3 && d.v[1].loc.col == 1);

	/* Bad values. */
	d = (struct diag){ 0 };
	m = load("forbid:\n  complain: yes\n  capabilities: [sysAdmn]\nalwaysDeny: [etc]\n", &d);
	CHECK(m == NULL);
	CHECK(count(&d, "bad-value") == 1);
	CHECK(count(&d, "unknown-capability") == 1);
	CHECK(line_of(&d, "unknown-capability") == 3 && first(&d, "unknown-capability")->loc.col == 18);
	CHECK(count(&d, "bad-path") == 1);

	/* Syntax errors and aliases. */
	d = (struct diag){ 0 };
	m = load("forbid: [\n", &d);
	CHECK(m == NULL && count(&d, "syntax") == 1);
	d = (struct diag){ 0 };
	m = load("a: &x true\nforbid: {complain: *x}\n", &d);
	CHECK(m == NULL && d.errors >= 1);
	d = (struct diag){ 0 };
	m = load("- 1\n", &d);
	CHECK(m == NULL && count(&d, "syntax") == 1);
	d = (struct diag){ 0 };
	m = load("forbid:\n  ipc: true\n  ipc: false\n", &d);
	CHECK(m == NULL && count(&d, "duplicate-key") == 1);
	d = (struct diag){ 0 };
	/* the YAML reader's depth bound (yaml_tree.h), as for policies */
	m = load(arena_printf("alwaysDeny: %.*s/a\n", YTREE_MAX_DEPTH + 1,
			      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["), &d);
	CHECK(m == NULL && count(&d, "too-deep") == 1);

	/* Empty and comment-only files: no constraints. */
	d = (struct diag){ 0 };
	m = load("# nothing\n", &d);
	CHECK(m != NULL && d.n == 0);

	/* Non-ASCII before a value: the column counts bytes. */
	d = (struct diag){ 0 };
	m = load("forbid: {\"\xc3\xa9\": true, x: 1}\n", &d);
	CHECK(m == NULL && count(&d, "unknown-key") == 2);
	CHECK(d.n == 2 && d.v[0].loc.col == 10 && d.v[1].loc.line == 1 && d.v[1].loc.col == 22);

	/* A file that cannot be read. */
	d = (struct diag){ 0 };
	int io = 0;
	m = meta_load("/nonexistent/meta.yml", &d, &io);
	CHECK(m == NULL && io == 1);
}

static void test_meta_forbid(void)
{
	struct diag d = { 0 };
	struct meta_policy *m = load(meta_text, &d);
	CHECK(m != NULL);
	if (!m)
		return;

	/* A clean policy. */
	struct policy *p = policy();
	fs(p, RA_ALLOW, "/usr/**", ACC_READ);
	add(p, RK_CAP, RA_ALLOW, CAP_BIT(CAP_NET_BIND_SERVICE));
	add(p, RK_IPC, RA_DENY, 0)->policy = "web";
	d = meta_run(m, p);
	CHECK(d.n == 0);

	/* Each policy-level flag. */
	p = policy();
	p->default_allow = true;
	fs(p, RA_DENY, "/etc/shadow", ACC_ALL);
	fs(p, RA_DENY, "/root/**", ACC_ALL);
	d = meta_run(m, p);
	CHECK(d.errors == 1);
	CHECK_STR(msg(&d, "meta-policy"),
		  arena_printf("default allow is forbidden by meta-policy rule "
			       "'forbid.defaultAllow' (%s)", at(2, 17)));
	CHECK(line_of(&d, "meta-policy") == 1);

	p = policy();
	p->complain = true;
	d = meta_run(m, p);
	CHECK_STR(msg(&d, "meta-policy"),
		  arena_printf("complain mode is forbidden by meta-policy rule 'forbid.complain' (%s)",
			       at(3, 13)));

	p = policy();
	p->privileged = true;
	d = meta_run(m, p);
	CHECK(d.errors == 1);
	CHECK_STR(msg(&d, "meta-policy"),
		  arena_printf("privileged mode is forbidden by meta-policy rule "
			       "'forbid.privileged' (%s)", at(5, 15)));

	/* ipc rights (restrictions on ipc are fine, see above). */
	p = policy();
	add(p, RK_IPC, RA_ALLOW, 0)->policy = "web";
	d = meta_run(m, p);
	CHECK(d.errors == 1 && line_of(&d, "meta-policy") == 2);
	CHECK_STR(msg(&d, "meta-policy"),
		  arena_printf("ipc with 'web' is forbidden by meta-policy rule 'forbid.ipc' (%s)",
			       at(6, 8)));

	/* kfunc: once per directive. */
	p = policy();
	struct rule *r = fs(p, RA_ALLOW, "/a", ACC_READ);
	r->ctx = (struct rule_ctx){ .func = "vfs_read", .kfunc = true, .loc = { .file = "t.yml", .line = 9, .col = 1 } };
	r = fs(p, RA_ALLOW, "/b", ACC_READ);
	r->ctx = p->rules[0].ctx;
	in_func(fs(p, RA_ALLOW, "/c", ACC_READ), "user_fn");
	d = meta_run(m, p);
	CHECK(d.errors == 1 && line_of(&d, "meta-policy") == 9);
	CHECK_STR(msg(&d, "meta-policy"),
		  arena_printf("kernel function context 'vfs_read' is forbidden by meta-policy "
			       "rule 'forbid.kfunc' (%s)", at(7, 10)));

	/* capabilities */
	p = policy();
	add(p, RK_CAP, RA_ALLOW, CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_NET_BIND_SERVICE));
	d = meta_run(m, p);
	CHECK(d.errors == 1);
	CHECK_STR(msg(&d, "meta-policy"),
		  arena_printf("capability 'sys_admin' is forbidden by meta-policy rule "
			       "'forbid.capabilities: sysAdmin' (%s)", at(4, 18)));
	/* cap(any) meets both entries; a restriction takes sys_module back. */
	p = policy();
	add(p, RK_CAP, RA_ALLOW, CAP_ALL_MASK);
	add(p, RK_CAP, RA_DENY, CAP_BIT(CAP_SYS_MODULE));
	d = meta_run(m, p);
	CHECK(d.errors == 1);
	/* A cap restriction is not a grant. */
	p = policy();
	add(p, RK_CAP, RA_DENY, CAP_BIT(CAP_SYS_ADMIN));
	d = meta_run(m, p);
	CHECK(d.errors == 0);

	/* A meta-policy with only capabilities: privileged default allow
	 * grants them without any cap rule. */
	d = (struct diag){ 0 };
	struct meta_policy *mc = load("forbid:\n  capabilities: any\n", &d);
	CHECK(mc != NULL);
	p = policy();
	p->privileged = true;
	p->default_allow = true;
	d = meta_run(mc, p);
	CHECK(d.errors == 1);
	CHECK_STR(msg(&d, "meta-policy"),
		  arena_printf("capability 'any' is forbidden by meta-policy rule "
			       "'forbid.capabilities: any' (%s), but this privileged policy "
			       "allows it by default", at(2, 17)));
	p->privileged = false;
	d = meta_run(mc, p);
	CHECK(d.errors == 0);

	/* false means not forbidden. */
	d = (struct diag){ 0 };
	struct meta_policy *mf = load("forbid: {complain: false, ipc: false}\n", &d);
	CHECK(mf != NULL);
	p = policy();
	p->complain = true;
	add(p, RK_IPC, RA_ALLOW, 0)->policy = "web";
	d = meta_run(mf, p);
	CHECK(d.errors == 0);
}

static void test_meta_always_deny(void)
{
	struct diag d = { 0 };
	struct meta_policy *m = load("alwaysDeny:\n  - /etc/shadow\n  - /root/**\n", &d);
	CHECK(m != NULL);
	if (!m)
		return;

	struct policy *p = policy();
	fs(p, RA_ALLOW, "/etc/*", ACC_READ);
	fs(p, RA_ALLOW, "/usr/**", ACC_READ);
	d = meta_run(m, p);
	CHECK(d.errors == 1 && line_of(&d, "meta-policy") == 2);
	CHECK_STR(msg(&d, "meta-policy"),
		  arena_printf("path '/etc/shadow' must always be denied (meta-policy rule "
			       "'alwaysDeny: /etc/shadow' at %s), but this rule grants it",
			       at(2, 5)));

	/* A restriction on the path for every access makes it fine. */
	fs(p, RA_DENY, "/etc/shadow", ACC_ALL);
	d = meta_run(m, p);
	CHECK(d.errors == 0);

	/* ... one for some accesses only does not, unless it covers what the
	 * rule grants. */
	p = policy();
	fs(p, RA_ALLOW, "/etc/*", ACC_READ | ACC_WRITE);
	fs(p, RA_DENY, "/etc/*", ACC_WRITE);
	d = meta_run(m, p);
	CHECK(d.errors == 1);
	p = policy();
	fs(p, RA_ALLOW, "/etc/*", ACC_READ);
	fs(p, RA_DENY, "/etc/*", ACC_READ);
	d = meta_run(m, p);
	CHECK(d.errors == 0);

	/* filesystem rules: the mount at / holds /root/x. */
	p = policy();
	struct rule *r = add(p, RK_FILESYSTEM, RA_ALLOW, ACC_READ);
	r->path = "/";
	d = meta_run(m, p);
	CHECK(d.errors == 2);
	p = policy();
	r = add(p, RK_FILESYSTEM, RA_ALLOW, ACC_READ);
	r->path = "/home";
	d = meta_run(m, p);
	CHECK(d.errors == 0);
	p = policy();
	r = add(p, RK_FILESYSTEM, RA_ALLOW, ACC_READ);
	r->path = "/root";
	d = meta_run(m, p);
	CHECK(d.errors == 1);

	/* Default allow, and starting untainted. */
	p = policy();
	p->default_allow = true;
	fs(p, RA_DENY, "/root/**", ACC_ALL);
	d = meta_run(m, p);
	CHECK(d.errors == 1 && line_of(&d, "meta-policy") == 1);
	CHECK(strstr(msg(&d, "meta-policy"), "'/etc/shadow'") &&
	      strstr(msg(&d, "meta-policy"), "the policy's default allows it"));
	fs(p, RA_DENY, "/etc/**", ACC_ALL);
	d = meta_run(m, p);
	CHECK(d.errors == 0);

	p = policy();
	fs(p, RA_TAINT, "/home/**", ACC_READ);
	fs(p, RA_DENY, "/etc/shadow", ACC_ALL);
	d = meta_run(m, p);
	CHECK(d.errors == 1);
	CHECK(strstr(msg(&d, "meta-policy"), "'/root/**'") &&
	      strstr(msg(&d, "meta-policy"), "while untainted"));
	p->default_taint = true;
	d = meta_run(m, p);
	CHECK(d.errors == 0);

	/* A taint rule lets its first access through. */
	p = policy();
	fs(p, RA_TAINT, "/root/.ssh/*", ACC_READ);
	fs(p, RA_DENY, "/etc/shadow", ACC_ALL);
	d = meta_run(m, p);
	CHECK(d.errors == 2);
}

static void run_tests(void)
{
	test_cancelled_right();
	test_duplicate_rule();
	test_allows_everything();
	test_write_exec();
	test_taint_never_fires();
	test_unreachable_rule();
	test_scale();
	test_meta_load();
	test_meta_forbid();
	test_meta_always_deny();
}

UNIT_MAIN("lint")
