// SPDX-License-Identifier: GPL-2.0-only
/* test_explain.c - the reference evaluator (compiler/explain.c) and the
 * mount table (compiler/mounts.c), on policies built by hand: every
 * semantics point of docs/policy-language.md section 1 and every step of
 * its decision procedure. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "explain.h"
#include "ir.h"
#include "unit.h"
#include "util.h"

#define AF_BIT(n) (UINT64_C(1) << (n))
#define CAP_BIT(n) (UINT64_C(1) << (n))
enum { AF_INET_ = 2, AF_INET6_ = 10, CAP_NET_BIND_ = 10, CAP_SYS_ADMIN_ = 21, CAP_SYS_TIME_ = 25 };

static const struct eval_state TAINTED = { .tainted = true };
static const struct eval_state UNTAINTED = { .tainted = false };

static struct policy *new_policy(void)
{
	struct policy *p = arena_alloc(sizeof(*p));
	p->name = "test";
	p->command = "/usr/bin/test";
	return p;
}

static struct rule *add(struct policy *p, enum rule_kind kind, unsigned actions, uint64_t mask)
{
	struct rule *r = policy_add_rule(p);
	r->kind = kind;
	r->actions = actions;
	r->mask = mask;
	r->text = "(test rule)";
	return r;
}

static struct rule *add_fs(struct policy *p, unsigned actions, const char *path, uint64_t mask)
{
	struct rule *r = add(p, RK_FS, actions, mask);
	r->path = path;
	return r;
}

static struct rule req_of(enum rule_kind kind, uint64_t mask)
{
	struct rule r = { .kind = kind, .mask = mask };
	return r;
}

static struct rule req_fs(const char *path, uint64_t mask)
{
	struct rule r = req_of(RK_FS, mask);
	r.path = path;
	return r;
}

static struct decision decide(const struct policy *p, struct rule req,
			      const struct eval_state *st)
{
	struct decision d;
	explain_decide(p, &req, st, &d);
	return d;
}

/* Is rule index i of p the k-th deciding rule? */
static bool decided_by(const struct policy *p, const struct decision *d, size_t k, size_t i)
{
	return k < d->nrules && d->rules[k] == &p->rules[i];
}

/* Point 2 and step 6: the default. */
static void test_default(void)
{
	struct policy *p = new_policy();
	struct decision d = decide(p, req_fs("/etc/passwd", ACC_READ), &TAINTED);
	CHECK(!d.allow && d.by == BY_DEFAULT && d.nrules == 0 && !d.would_deny);
	p->default_allow = true;
	d = decide(p, req_fs("/etc/passwd", ACC_READ), &TAINTED);
	CHECK(d.allow && d.by == BY_DEFAULT);
}

/* Point 4 and step 5: rights add up and must cover the request. */
static void test_rights_cover(void)
{
	struct policy *p = new_policy();
	add_fs(p, RA_ALLOW, "/a", ACC_READ);			/* 0 */
	add_fs(p, RA_ALLOW, "/b", ACC_WRITE);			/* 1 */
	add_fs(p, RA_ALLOW, "/a", ACC_EXEC);			/* 2 */
	struct decision d = decide(p, req_fs("/a", ACC_READ), &TAINTED);
	CHECK(d.allow && d.by == BY_RULES && d.nrules == 1 && decided_by(p, &d, 0, 0));
	d = decide(p, req_fs("/a", ACC_READ | ACC_WRITE), &TAINTED);
	CHECK(!d.allow && d.by == BY_DEFAULT && d.nrules == 0);
	add_fs(p, RA_ALLOW, "/*", ACC_WRITE | ACC_APPEND);	/* 3 */
	add_fs(p, RA_ALLOW, "/a", ACC_READ);			/* 4: duplicate right */
	d = decide(p, req_fs("/a", ACC_READ | ACC_WRITE), &TAINTED);
	CHECK(d.allow && d.by == BY_RULES && d.nrules == 3);
	CHECK(decided_by(p, &d, 0, 0) && decided_by(p, &d, 1, 3) && decided_by(p, &d, 2, 4));
	d = decide(p, req_fs("/c", ACC_WRITE), &TAINTED);
	CHECK(d.allow && d.nrules == 1 && decided_by(p, &d, 0, 3));
	d = decide(p, req_fs("/c/d", ACC_WRITE), &TAINTED);
	CHECK(!d.allow);
	/* A rule with no base action is a right (#[allow] is the default). */
	add_fs(p, 0, "/z", ACC_READ);
	d = decide(p, req_fs("/z", ACC_READ), &TAINTED);
	CHECK(d.allow && d.by == BY_RULES);
}

/* Point 3 and step 3: restrictions win, and match on any access. */
static void test_restrictions(void)
{
	struct policy *p = new_policy();
	add_fs(p, RA_ALLOW, "/**", ACC_ALL);			/* 0 */
	add_fs(p, RA_DENY, "/**", ACC_WRITE | ACC_APPEND);	/* 1 */
	add_fs(p, RA_DENY, "/etc/shadow", ACC_READ);		/* 2 */
	struct decision d = decide(p, req_fs("/x", ACC_READ | ACC_WRITE), &TAINTED);
	CHECK(!d.allow && d.by == BY_RULES && d.nrules == 1 && decided_by(p, &d, 0, 1));
	d = decide(p, req_fs("/x", ACC_READ), &TAINTED);
	CHECK(d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 0));
	d = decide(p, req_fs("/etc/shadow", ACC_READ | ACC_APPEND), &TAINTED);
	CHECK(!d.allow && d.nrules == 2 && decided_by(p, &d, 0, 1) && decided_by(p, &d, 1, 2));
	/* Also under default allow, and in the untainted state. */
	p->default_allow = true;
	d = decide(p, req_fs("/y", ACC_WRITE), &TAINTED);
	CHECK(!d.allow && d.by == BY_RULES);
	d = decide(p, req_fs("/y", ACC_WRITE), &UNTAINTED);
	CHECK(!d.allow && d.by == BY_RULES && !d.taint);
}

/* Point 5, steps 3 and 4: taint. */
static void test_taint(void)
{
	struct policy *p = new_policy();
	struct rule *t = add(p, RK_NET, RA_TAINT, NET_SEND | NET_RECV);	/* 0 */
	t->families = FAMILY_ANY;
	add_fs(p, RA_DENY, "/etc/shadow", ACC_READ);			/* 1 */
	struct rule *dn = add(p, RK_NET, RA_DENY, NET_BIND);		/* 2 */
	dn->families = AF_BIT(AF_INET6_);
	struct rule *tb = add(p, RK_NET, RA_TAINT, NET_BIND);		/* 3 */
	tb->families = FAMILY_ANY;
	struct rule *at = add(p, RK_NET, RA_ALLOW | RA_TAINT, NET_CONNECT);	/* 4 */
	at->families = FAMILY_ANY;
	CHECK(!policy_starts_tainted(p));

	/* Untainted: everything but restrictions is allowed. */
	struct decision d = decide(p, req_fs("/etc/passwd", ACC_WRITE), &UNTAINTED);
	CHECK(d.allow && d.by == BY_UNTAINTED && !d.taint && d.nrules == 0);
	d = decide(p, req_fs("/etc/shadow", ACC_READ), &UNTAINTED);
	CHECK(!d.allow && d.by == BY_RULES && !d.taint);

	/* A tainting access is allowed, decided by the taint rules. */
	struct rule send = req_of(RK_NET, NET_SEND);
	send.families = AF_BIT(AF_INET_);
	d = decide(p, send, &UNTAINTED);
	CHECK(d.allow && d.taint && d.by == BY_RULES && d.nrules == 1 && decided_by(p, &d, 0, 0));

	/* A restricted tainting access is denied and still taints. */
	struct rule bind6 = req_of(RK_NET, NET_BIND);
	bind6.families = AF_BIT(AF_INET6_);
	d = decide(p, bind6, &UNTAINTED);
	CHECK(!d.allow && d.taint && d.by == BY_RULES && d.nrules == 1 && decided_by(p, &d, 0, 2));

	/* Once tainted: no taint reported, and a taint-only rule grants nothing. */
	d = decide(p, send, &TAINTED);
	CHECK(!d.allow && !d.taint && d.by == BY_DEFAULT);
	d = decide(p, bind6, &TAINTED);
	CHECK(!d.allow && !d.taint);
	d = decide(p, req_fs("/etc/passwd", ACC_WRITE), &TAINTED);
	CHECK(!d.allow && d.by == BY_DEFAULT);

	/* #[taint] #[allow] is both. */
	struct rule conn = req_of(RK_NET, NET_CONNECT);
	conn.families = AF_BIT(AF_INET_);
	d = decide(p, conn, &UNTAINTED);
	CHECK(d.allow && d.taint && decided_by(p, &d, 0, 4));
	d = decide(p, conn, &TAINTED);
	CHECK(d.allow && !d.taint && d.by == BY_RULES && decided_by(p, &d, 0, 4));

	/* A taint rule matches when the request asks for any of its accesses. */
	struct rule sc = req_of(RK_NET, NET_SEND | NET_CREATE);
	sc.families = AF_BIT(AF_INET_);
	d = decide(p, sc, &UNTAINTED);
	CHECK(d.allow && d.taint);
	struct rule create = req_of(RK_NET, NET_CREATE);
	create.families = AF_BIT(AF_INET_);
	d = decide(p, create, &UNTAINTED);
	CHECK(d.allow && !d.taint && d.by == BY_UNTAINTED);
}

/* Point 6: audit. */
static void test_audit(void)
{
	struct policy *p = new_policy();
	add_fs(p, RA_AUDIT, "/log/*", ACC_READ);			/* 0: audit alone */
	add_fs(p, RA_DENY | RA_AUDIT, "/secret", ACC_ALL);		/* 1 */
	add_fs(p, RA_ALLOW, "/plain", ACC_READ);			/* 2 */
	add_fs(p, RA_ALLOW | RA_AUDIT, "/plain", ACC_WRITE);		/* 3 */
	struct rule *t = add(p, RK_CAP, RA_TAINT | RA_AUDIT, CAP_BIT(CAP_SYS_TIME_));	/* 4 */
	(void)t;
	struct decision d = decide(p, req_fs("/log/x", ACC_READ), &TAINTED);
	CHECK(d.allow && d.audit && d.by == BY_RULES);
	d = decide(p, req_fs("/secret", ACC_READ), &TAINTED);
	CHECK(!d.allow && d.audit);
	d = decide(p, req_fs("/plain", ACC_READ), &TAINTED);
	CHECK(d.allow && !d.audit);
	d = decide(p, req_fs("/plain", ACC_READ | ACC_WRITE), &TAINTED);
	CHECK(d.allow && d.audit && d.nrules == 2);
	d = decide(p, req_fs("/other", ACC_READ), &TAINTED);
	CHECK(!d.allow && !d.audit);
	/* Audit on a taint rule logs the tainting access. */
	p->privileged = true;
	d = decide(p, req_of(RK_CAP, CAP_BIT(CAP_SYS_TIME_)), &UNTAINTED);
	CHECK(d.allow && d.taint && d.audit);
}

/* Point 7 and step 8: complain mode. */
static void test_complain(void)
{
	struct policy *p = new_policy();
	p->complain = true;
	add_fs(p, RA_ALLOW, "/a", ACC_READ);
	add_fs(p, RA_DENY, "/b", ACC_READ);
	struct decision d = decide(p, req_fs("/a", ACC_READ), &TAINTED);
	CHECK(d.allow && !d.would_deny && d.by == BY_RULES);
	d = decide(p, req_fs("/a", ACC_WRITE), &TAINTED);
	CHECK(d.allow && d.would_deny && d.by == BY_DEFAULT);
	d = decide(p, req_fs("/b", ACC_READ), &TAINTED);
	CHECK(d.allow && d.would_deny && d.by == BY_RULES && d.nrules == 1);
	d = decide(p, req_of(RK_CAP, CAP_BIT(CAP_SYS_ADMIN_)), &TAINTED);
	CHECK(d.allow && d.would_deny && d.by == BY_BUILTIN);
}

/* Point 8 and step 1: function contexts. */
static void test_func_context(void)
{
	struct policy *p = new_policy();
	struct rule *r = add_fs(p, RA_ALLOW, "/etc/shadow", ACC_READ);	/* 0 */
	r->ctx.func = "check_login";
	r = add_fs(p, RA_DENY, "/etc/passwd", ACC_READ);		/* 1 */
	r->ctx.func = "vfs_read";
	r->ctx.kfunc = true;
	p->default_allow = true;

	struct decision d = decide(p, req_fs("/etc/shadow", ACC_READ), &TAINTED);
	CHECK(d.allow && d.by == BY_DEFAULT);
	p->default_allow = false;
	d = decide(p, req_fs("/etc/shadow", ACC_READ), &TAINTED);
	CHECK(!d.allow && d.by == BY_DEFAULT);

	const char *const in_login[] = { "main", "check_login" };
	struct eval_state st = { .tainted = true, .funcs = in_login, .nfuncs = 2 };
	d = decide(p, req_fs("/etc/shadow", ACC_READ), &st);
	CHECK(d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 0));
	const char *const in_other[] = { "check_log" };
	st.funcs = in_other;
	st.nfuncs = 1;
	d = decide(p, req_fs("/etc/shadow", ACC_READ), &st);
	CHECK(!d.allow);

	/* A kfunc restriction exists only inside that kernel function. */
	p->default_allow = true;
	d = decide(p, req_fs("/etc/passwd", ACC_READ), &TAINTED);
	CHECK(d.allow);
	const char *const in_uf[] = { "vfs_read" };	/* a user function of that name */
	st.funcs = in_uf;
	d = decide(p, req_fs("/etc/passwd", ACC_READ), &st);
	CHECK(d.allow);
	const char *const in_kf[] = { "kfunc:vfs_read" };
	st.funcs = in_kf;
	d = decide(p, req_fs("/etc/passwd", ACC_READ), &st);
	CHECK(!d.allow && d.by == BY_RULES);
}

/* Point 9 and step 7: untaint and transition on exec. */
static void test_exec_modifiers(void)
{
	struct policy *p = new_policy();
	add_fs(p, RA_ALLOW | RA_TRANSITION | RA_UNTAINT, "/bin/bash", ACC_READ | ACC_EXEC);
	add_fs(p, RA_ALLOW | RA_TRANSITION, "/bin/*", ACC_EXEC);
	add_fs(p, RA_ALLOW, "/usr/bin/*", ACC_EXEC | ACC_READ);
	struct decision d = decide(p, req_fs("/bin/bash", ACC_EXEC), &TAINTED);
	CHECK(d.allow && d.untaint && d.transition && d.nrules == 2);
	d = decide(p, req_fs("/bin/bash", ACC_READ), &TAINTED);
	CHECK(d.allow && !d.untaint && !d.transition);
	d = decide(p, req_fs("/bin/ls", ACC_EXEC), &TAINTED);
	CHECK(d.allow && !d.untaint && d.transition);
	d = decide(p, req_fs("/usr/bin/ls", ACC_EXEC), &TAINTED);
	CHECK(d.allow && !d.untaint && !d.transition);
	/* An exec allowed while untainted still transitions; untaint is moot. */
	d = decide(p, req_fs("/bin/bash", ACC_EXEC), &UNTAINTED);
	CHECK(d.allow && d.by == BY_UNTAINTED && !d.untaint && d.transition);
	/* Not reported when the exec is denied. */
	add_fs(p, RA_DENY, "/bin/bash", ACC_EXEC);
	d = decide(p, req_fs("/bin/bash", ACC_EXEC), &TAINTED);
	CHECK(!d.allow && !d.untaint && !d.transition);
}

static const char MOUNTINFO[] =
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	"\n"
	"23 22 0:5 / /proc rw,nosuid - proc proc rw\n"
	"24 22 8:1 /home /mnt/bind rw - ext4 /dev/sda1 rw\n"
	"25 22 0:30 / /mnt/with\\040space rw - tmpfs tmpfs rw\n"
	"26 22 0:31 / /tmp/a\\134b\\011c rw - tmpfs tmpfs rw\n"
	"27 23 0:40 / /proc rw - proc proc rw\n";

/* Writes text to a fresh temporary file; returns its (arena) name. */
static char *temp_file(const char *text)
{
	char *name = arena_strdup("/tmp/bpfcc-test-mounts-XXXXXX");
	int fd = mkstemp(name);
	CHECK(fd >= 0);
	if (fd < 0)
		return name;
	size_t len = strlen(text);
	CHECK(write(fd, text, len) == (ssize_t)len);
	close(fd);
	return name;
}

static void test_mounts(struct mounts *m)
{
	struct diag d = { 0 };
	char *name = temp_file(MOUNTINFO);
	CHECK(mounts_load(name, m, &d));
	CHECK(d.errors == 0);
	unlink(name);
	CHECK(m->n == 6);
	if (m->n != 6)
		return;
	CHECK_STR(m->v[0].point, "/");
	CHECK(m->v[0].major == 8 && m->v[0].minor == 1);
	CHECK_STR(m->v[3].point, "/mnt/with space");
	CHECK_STR(m->v[4].point, "/tmp/a\\b\tc");
	CHECK(mounts_find(m, "/etc/passwd") == &m->v[0]);
	CHECK(mounts_find(m, "/") == &m->v[0]);
	CHECK(mounts_find(m, "/proc") == &m->v[5]);	/* the last one is on top */
	CHECK(mounts_find(m, "/proc/1/status") == &m->v[5]);
	CHECK(mounts_find(m, "/procx") == &m->v[0]);
	CHECK(mounts_find(m, "/mnt/bind/f") == &m->v[2]);
	CHECK(mounts_find(m, "/mnt/with space/f") == &m->v[3]);
	CHECK(mounts_find(m, "/mnt/with") == &m->v[0]);
	struct mounts empty = { 0 };
	CHECK(mounts_find(&empty, "/") == NULL);

	/* Bad lines: reported at file:line:1 with check bad-mounts. */
	struct diag bad = { 0 };
	struct mounts m2 = { 0 };
	name = temp_file("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
			 "23 22 x:5 / /proc rw - proc proc rw\n"
			 "24 22 0:5 /\n"
			 "25 22 0:6 / relative rw - x x rw\n");
	CHECK(!mounts_load(name, &m2, &bad));
	unlink(name);
	CHECK(bad.errors == 3);
	if (bad.errors == 3) {
		CHECK(bad.v[0].loc.line == 2 && bad.v[0].loc.col == 1);
		CHECK(bad.v[1].loc.line == 3 && bad.v[2].loc.line == 4);
		CHECK_STR(bad.v[0].check, "bad-mounts");
		CHECK(strstr(bad.v[0].msg, "'x:5'") != NULL);
		CHECK_STR(bad.v[0].loc.file, name);
	}
	struct diag missing = { 0 };
	struct mounts m3 = { 0 };
	CHECK(!mounts_load("/nonexistent/bpfcc/mountinfo", &m3, &missing));
	CHECK(missing.errors == 1);
}

/* Point 10: fs by glob, filesystem by mount; their rights add up. */
static void test_filesystem(const struct mounts *m)
{
	struct policy *p = new_policy();
	struct rule *r = add(p, RK_FILESYSTEM, RA_ALLOW, ACC_READ);	/* 0 */
	r->path = "/";
	add_fs(p, RA_ALLOW, "/etc/*", ACC_WRITE);			/* 1 */
	r = add(p, RK_FILESYSTEM, RA_ALLOW, ACC_READ | ACC_WRITE);	/* 2 */
	r->path = "/mnt/with space/sub";
	struct eval_state st = { .tainted = true, .mounts = m };

	struct decision d = decide(p, req_fs("/etc/passwd", ACC_READ), &st);
	CHECK(d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 0));
	d = decide(p, req_fs("/etc/passwd", ACC_READ | ACC_WRITE), &st);
	CHECK(d.allow && d.nrules == 2 && decided_by(p, &d, 0, 0) && decided_by(p, &d, 1, 1));
	d = decide(p, req_fs("/proc/1/status", ACC_READ), &st);
	CHECK(!d.allow);
	d = decide(p, req_fs("/mnt/bind/file", ACC_READ), &st);
	CHECK(d.allow);	/* a bind mount of the same filesystem (device 8:1) */
	d = decide(p, req_fs("/mnt/with space/other", ACC_WRITE), &st);
	CHECK(d.allow && decided_by(p, &d, 0, 2));
	/* A filesystem request is treated like an fs request. */
	struct rule fr = req_fs("/usr/lib/x.so", ACC_READ);
	fr.kind = RK_FILESYSTEM;
	d = decide(p, fr, &st);
	CHECK(d.allow && decided_by(p, &d, 0, 0));
	/* Without a mount table filesystem rules never match. */
	d = decide(p, req_fs("/usr/lib/x.so", ACC_READ), &TAINTED);
	CHECK(!d.allow);
	/* A filesystem restriction. */
	r = add(p, RK_FILESYSTEM, RA_DENY, ACC_WRITE);			/* 3 */
	r->path = "/proc";
	add_fs(p, RA_ALLOW, "/proc/**", ACC_ALL);			/* 4 */
	d = decide(p, req_fs("/proc/sys/x", ACC_WRITE), &st);
	CHECK(!d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 3));
	d = decide(p, req_fs("/proc/sys/x", ACC_READ), &st);
	CHECK(d.allow && decided_by(p, &d, 0, 4));
}

static struct rule req_dev(int major, int minor, uint64_t mask)
{
	struct rule r = req_of(RK_DEV_NUM, mask);
	r.major = major;
	r.minor = minor;
	return r;
}

static void test_devices(void)
{
	struct policy *p = new_policy();
	struct rule *r = add(p, RK_DEV_NUM, RA_ALLOW, ACC_READ);	/* 0: 116:any */
	r->major = 116;
	r->minor = -1;
	r = add(p, RK_DEV_NUM, RA_ALLOW, ACC_WRITE);			/* 1: 4:1 */
	r->major = 4;
	r->minor = 1;
	r = add(p, RK_DEV_CLASS, RA_ALLOW, ACC_WRITE);			/* 2: sound */
	r->dev_class = DEV_SOUND;
	r = add(p, RK_DEV_CLASS, RA_ALLOW, ACC_READ);			/* 3: null */
	r->dev_class = DEV_NULL;

	struct decision d = decide(p, req_dev(116, 0, ACC_READ | ACC_WRITE), &TAINTED);
	CHECK(d.allow && d.nrules == 2 && decided_by(p, &d, 0, 0) && decided_by(p, &d, 1, 2));
	d = decide(p, req_dev(4, 1, ACC_WRITE), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 1));
	d = decide(p, req_dev(4, 2, ACC_WRITE), &TAINTED);
	CHECK(!d.allow);
	d = decide(p, req_dev(1, 3, ACC_READ), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 3));
	d = decide(p, req_dev(1, 8, ACC_READ), &TAINTED);
	CHECK(!d.allow);
	d = decide(p, req_dev(14, 3, ACC_WRITE), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 2));
	/* A class request is matched by rules for that class only. */
	struct rule cls = req_of(RK_DEV_CLASS, ACC_WRITE);
	cls.dev_class = DEV_SOUND;
	d = decide(p, cls, &TAINTED);
	CHECK(d.allow && d.nrules == 1 && decided_by(p, &d, 0, 2));
	cls.mask = ACC_READ;
	d = decide(p, cls, &TAINTED);
	CHECK(!d.allow);	/* 116:any read is a number rule */
	cls.dev_class = DEV_TERMINAL;
	cls.mask = ACC_WRITE;
	d = decide(p, cls, &TAINTED);
	CHECK(!d.allow);
}

static struct rule req_net(uint64_t families, uint64_t mask)
{
	struct rule r = req_of(RK_NET, mask);
	r.families = families;
	return r;
}

static void test_net(void)
{
	struct policy *p = new_policy();
	struct rule *r = add(p, RK_NET, RA_ALLOW, NET_CONNECT | NET_SEND);	/* 0 */
	r->families = AF_BIT(AF_INET_) | AF_BIT(AF_INET6_);
	r = add(p, RK_NET, RA_ALLOW, NET_RECV);					/* 1 */
	r->families = FAMILY_ANY;
	struct decision d = decide(p, req_net(AF_BIT(AF_INET_), NET_CONNECT), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 0));
	d = decide(p, req_net(AF_BIT(AF_INET6_), NET_SEND | NET_RECV), &TAINTED);
	CHECK(d.allow && d.nrules == 2);
	d = decide(p, req_net(AF_BIT(1), NET_CONNECT), &TAINTED);
	CHECK(!d.allow);
	d = decide(p, req_net(AF_BIT(1), NET_RECV), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 1));
	/* Request family any: only rules for any family match. */
	d = decide(p, req_net(FAMILY_ANY, NET_CONNECT), &TAINTED);
	CHECK(!d.allow);
	d = decide(p, req_net(FAMILY_ANY, NET_RECV), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 1));
	d = decide(p, req_net(AF_BIT(AF_INET_), NET_BIND), &TAINTED);
	CHECK(!d.allow);
}

static struct rule req_target(enum rule_kind kind, enum target_kind t, const char *name,
			      uint64_t mask)
{
	struct rule r = req_of(kind, mask);
	r.target.kind = t;
	r.target.name = name;
	return r;
}

static struct rule *add_target(struct policy *p, enum rule_kind kind, unsigned actions,
			       enum target_kind t, const char *name, uint64_t mask)
{
	struct rule *r = add(p, kind, actions, mask);
	r->target.kind = t;
	r->target.name = name;
	return r;
}

static void test_targets(void)
{
	uint64_t term = UINT64_C(1) << 15, kill = UINT64_C(1) << 9;
	struct policy *p = new_policy();
	add_target(p, RK_SIGNAL, RA_ALLOW, TGT_CHILD, NULL, term);		/* 0 */
	add_target(p, RK_SIGNAL, RA_ALLOW, TGT_PROGRAM, "/usr/bin/*", kill);	/* 1 */
	add_target(p, RK_SIGNAL, RA_ALLOW, TGT_POLICY, "httpd", SIG_ALL);	/* 2 */
	add_target(p, RK_PTRACE, RA_ALLOW, TGT_ANY, NULL, PT_READ);		/* 3 */
	add_target(p, RK_PROC, RA_ALLOW, TGT_PARENT, NULL, ACC_READ);		/* 4 */

	struct decision d = decide(p, req_target(RK_SIGNAL, TGT_CHILD, NULL, term), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 0));
	d = decide(p, req_target(RK_SIGNAL, TGT_PARENT, NULL, term), &TAINTED);
	CHECK(!d.allow);
	d = decide(p, req_target(RK_SIGNAL, TGT_PROGRAM, "/usr/bin/top", kill), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 1));
	d = decide(p, req_target(RK_SIGNAL, TGT_PROGRAM, "/usr/sbin/top", kill), &TAINTED);
	CHECK(!d.allow);
	d = decide(p, req_target(RK_SIGNAL, TGT_POLICY, "httpd", term | kill), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 2));
	d = decide(p, req_target(RK_SIGNAL, TGT_POLICY, "nginx", term), &TAINTED);
	CHECK(!d.allow);
	d = decide(p, req_target(RK_PTRACE, TGT_SELF, NULL, PT_READ), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 3));
	d = decide(p, req_target(RK_PTRACE, TGT_POLICY, "x", PT_READ | PT_ATTACH), &TAINTED);
	CHECK(!d.allow);
	d = decide(p, req_target(RK_PROC, TGT_PARENT, NULL, ACC_READ), &TAINTED);
	CHECK(d.allow && decided_by(p, &d, 0, 4));
	/* Kinds do not mix: a signal rule does not match a proc request. */
	d = decide(p, req_target(RK_PROC, TGT_CHILD, NULL, ACC_READ), &TAINTED);
	CHECK(!d.allow);
}

/* Point 11 and step 2: capabilities. */
static void test_capabilities(void)
{
	struct rule bind = req_of(RK_CAP, CAP_BIT(CAP_NET_BIND_));
	struct rule admin = req_of(RK_CAP, CAP_BIT(CAP_SYS_ADMIN_));
	struct policy *p = new_policy();
	p->default_allow = true;
	add(p, RK_CAP, RA_ALLOW, CAP_BIT(CAP_NET_BIND_));			/* 0 */
	struct decision d = decide(p, admin, &TAINTED);
	CHECK(!d.allow && d.by == BY_BUILTIN && d.nrules == 0);
	CHECK_STR(d.builtin, "capabilities are denied unless a rule grants them");
	d = decide(p, admin, &UNTAINTED);
	CHECK(!d.allow && d.by == BY_BUILTIN);
	d = decide(p, bind, &TAINTED);
	CHECK(d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 0));
	d = decide(p, bind, &UNTAINTED);
	CHECK(d.allow && d.by == BY_UNTAINTED);
	/* Both asked, one granted: denied by the protection. */
	d = decide(p, req_of(RK_CAP, bind.mask | admin.mask), &TAINTED);
	CHECK(!d.allow && d.by == BY_BUILTIN);
	/* Restrictions come first. */
	add(p, RK_CAP, RA_DENY, CAP_ALL_MASK);					/* 1 */
	d = decide(p, bind, &TAINTED);
	CHECK(!d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 1));
	d = decide(p, admin, &TAINTED);
	CHECK(!d.allow && d.by == BY_RULES);

	/* A taint rule on a capability still taints when the protection denies. */
	struct policy *q = new_policy();
	add(q, RK_CAP, RA_TAINT, CAP_BIT(CAP_SYS_ADMIN_));
	d = decide(q, admin, &UNTAINTED);
	CHECK(!d.allow && d.by == BY_BUILTIN && d.taint);

	/* Privileged: the ordinary procedure. */
	struct policy *pr = new_policy();
	pr->privileged = true;
	d = decide(pr, admin, &TAINTED);
	CHECK(!d.allow && d.by == BY_DEFAULT);
	pr->default_allow = true;
	d = decide(pr, admin, &TAINTED);
	CHECK(d.allow && d.by == BY_DEFAULT);
	add(pr, RK_CAP, RA_TAINT, CAP_BIT(CAP_SYS_TIME_));
	d = decide(pr, admin, &UNTAINTED);
	CHECK(d.allow && d.by == BY_UNTAINTED);
}

/* Point 12: a process may read its own /proc entries. */
static void test_own_proc(void)
{
	struct policy *p = new_policy();
	struct decision d = decide(p, req_target(RK_PROC, TGT_SELF, NULL, ACC_READ), &TAINTED);
	CHECK(d.allow && d.by == BY_BUILTIN);
	CHECK_STR(d.builtin, "a process may always read its own /proc entries");
	d = decide(p, req_target(RK_PROC, TGT_SELF, NULL, ACC_READ | ACC_GETATTR), &TAINTED);
	CHECK(d.allow && d.by == BY_BUILTIN);
	d = decide(p, req_target(RK_PROC, TGT_SELF, NULL, ACC_READ | ACC_WRITE), &TAINTED);
	CHECK(!d.allow && d.by == BY_DEFAULT);
	d = decide(p, req_target(RK_PROC, TGT_PARENT, NULL, ACC_READ), &TAINTED);
	CHECK(!d.allow);
	/* Rights decide first; a restriction beats the built-in grant. */
	add_target(p, RK_PROC, RA_ALLOW, TGT_SELF, NULL, ACC_READ);		/* 0 */
	d = decide(p, req_target(RK_PROC, TGT_SELF, NULL, ACC_READ), &TAINTED);
	CHECK(d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 0));
	add_target(p, RK_PROC, RA_DENY, TGT_ANY, NULL, ACC_GETATTR);		/* 1 */
	d = decide(p, req_target(RK_PROC, TGT_SELF, NULL, ACC_GETATTR), &TAINTED);
	CHECK(!d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 1));
}

static void test_ipc(void)
{
	struct policy *p = new_policy();
	struct rule *r = add(p, RK_IPC, RA_ALLOW, 0);
	r->policy = "dbus";
	struct rule req = req_of(RK_IPC, 0);
	req.policy = "dbus";
	struct decision d = decide(p, req, &TAINTED);
	CHECK(d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 0));
	req.policy = "dbusx";
	d = decide(p, req, &TAINTED);
	CHECK(!d.allow && d.by == BY_DEFAULT);
	r = add(p, RK_IPC, RA_DENY, 0);
	r->policy = "dbus";
	req.policy = "dbus";
	d = decide(p, req, &TAINTED);
	CHECK(!d.allow && d.by == BY_RULES && decided_by(p, &d, 0, 1));
}

static void test_matches_object(const struct mounts *m)
{
	struct rule fs = { .kind = RK_FS, .path = "/a/**" };
	struct rule req = req_fs("/a/b", 0);
	CHECK(rule_matches_object(&fs, &req, NULL));
	req.path = "/b";
	CHECK(!rule_matches_object(&fs, &req, NULL));
	struct rule filesys = { .kind = RK_FILESYSTEM, .path = "/" };
	CHECK(rule_matches_object(&filesys, &req, m));
	CHECK(!rule_matches_object(&filesys, &req, NULL));
	struct rule cap = { .kind = RK_CAP, .mask = CAP_BIT(3) };
	struct rule creq = req_of(RK_CAP, CAP_BIT(4));
	CHECK(!rule_matches_object(&cap, &creq, NULL));
	CHECK(!rule_matches_object(&fs, &creq, NULL));
}

static void run_tests(void)
{
	struct mounts m = { 0 };
	test_default();
	test_rights_cover();
	test_restrictions();
	test_taint();
	test_audit();
	test_complain();
	test_func_context();
	test_exec_modifiers();
	test_mounts(&m);
	test_filesystem(&m);
	test_devices();
	test_net();
	test_targets();
	test_capabilities();
	test_own_proc();
	test_ipc();
	test_matches_object(&m);
}

UNIT_MAIN("explain")
