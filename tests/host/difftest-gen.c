// SPDX-License-Identifier: GPL-2.0-only
/* difftest-gen.c - the random half of the host differential test: policies
 * in the rule DSL that use every rule kind (fs, filesystem, dev, net,
 * signal, ptrace, proc, cap, ipc), every directive (allow, deny, taint,
 * audit, untaint, transition, func and kfunc contexts) and every policy
 * setting (default allow/deny, complain, default_taint, privileged); and,
 * for one loaded policy, requests near its rules: each one as the test
 * program's request and as the `bpfcc explain` request it mirrors.
 *
 * A kernel request may describe its target several ways at once (the
 * parent, running a program, in a policy); explain's request has one
 * target, so each generated request describes its target exactly one way:
 * facts SELF, PARENT or CHILD; none (explain's `any`); a program path; or
 * a policy.  Everything is drawn from the random stream set by rnd_seed(),
 * so a seed reproduces every policy and request. */
#include <string.h>

#include <linux/types.h>

#include "../../bpf-templates/bpfcon_abi.h"
#include "difftest.h"
#include "names.h"

/* --- random numbers --------------------------------------------------- */

static uint64_t rng_state;

uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* One stream per (seed, stream, sub): policy i's text and its requests
 * do not depend on the other policies. */
void rnd_seed(uint64_t seed, uint64_t stream, uint64_t sub)
{
	rng_state = seed;
	rng_state = rnd64() ^ (stream * 0xd1342543de82ef95ull);
	rng_state = rnd64() ^ (sub * 0x2545f4914f6cdd1dull);
}

unsigned rnd(unsigned n)
{
	return n ? (unsigned)(rnd64() % n) : 0;
}

bool chance(unsigned percent)
{
	return rnd(100) < percent;
}

/* --- the synthetic mount table ------------------------------------------ */

/* / and a bind mount of part of it (/srv/bind), a second disk at /mnt/a with
 * a bind mount of it at /mnt/b and a third disk mounted below it, and two
 * pseudo filesystems. */
static struct mount mount_table[] = {
	{ "/", 8, 1 },		{ "/mnt/a", 8, 2 }, { "/mnt/a/sub", 8, 3 }, { "/proc", 0, 20 },
	{ "/srv/bind", 8, 1 }, { "/mnt/b", 8, 2 }, { "/tmp", 0, 30 },
};
struct mounts difftest_mounts = { mount_table, ARRAY_LEN(mount_table), ARRAY_LEN(mount_table) };

__u32 kdev(unsigned major, unsigned minor)
{
	return (__u32)(major << 20 | minor);
}

const char *const case_class_names[CC__COUNT] = {
	[CC_PATH] = "fs path", [CC_DEVFILE] = "dev node", [CC_DEV] = "dev num",
	[CC_NET] = "net",      [CC_SIGNAL] = "signal",    [CC_PTRACE] = "ptrace",
	[CC_PROC] = "proc",    [CC_CAP] = "cap",	  [CC_IPC] = "ipc",
};

/* --- vocabulary ----------------------------------------------------------- */

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

/* Programs (signal, ptrace and proc targets) live below these. */
static const char *const prog_roots[] = { "/usr/bin", "/bin", "/opt/app", "/usr/local/bin",
					  "/usr/lib", "/usr" };

/* Socket families rules and requests name most (AF_ numbers), beside any
 * number up to AF_MAX - 1 (45). */
static const unsigned common_families[] = { 0, 1, 2, 10, 16, 17, 31, 38, 40, 44 };
#define NFAMILIES 46
static const char *const net_flag_names[] = { "connect", "bind", "accept",  "listen",
					      "send",	 "recv", "create", "shutdown" };

/* Signal words a rule may use: classes, names in their several spellings,
 * real-time signals. */
static const char *const signal_words[] = {
	"check", "fatal",   "stop",    "superFatal", "superStop", "sigmisc", "misc",  "any",
	"term",	 "SIGKILL", "sigchld", "sigstop",    "sigkill",	  "hup",     "int",   "usr1",
	"usr2",	 "cont",    "SIGTSTP", "ttin",	     "winch",	  "io",	     "pipe",  "alrm",
	"rtmin", "rtmin+5", "sigrtmin+31", "sigcheck", "segv",	  "urg",     "quit",  "sys",
};

/* Capabilities every request list should hit: the always-denied ones. */
static const unsigned builtin_caps[] = { 16, 21, 22, 25, 38, 39 };
static const char *const cap_words[] = {
	"any",	     "sys_admin",    "sys_module",   "sys_boot",  "sys_time", "perfmon",
	"bpf",	     "net_bind_service", "netAdmin", "CAP_SETUID", "chown",   "kill",
	"sys_ptrace", "dac_override", "ipc_lock",    "mknod",	  "checkpoint_restore",
	"setfcap",   "sys_nice",     "audit_write",
};

static const char *const ptrace_words[] = { "read", "attach", "read|attach", "any" };

/* Function contexts: names never shared between a func and a kfunc, nor
 * between two binaries (explain knows a context by its name alone). */
static const char *const func_names[] = { "parse",	 "check_login", "handle_req",
					  "f",		 "worker_main", "add_user" };
static const char *const kfunc_names[] = { "tcp_sendmsg", "vfs_read", "do_sys_openat2",
					   "security_file_open" };
static const char *const func_binaries[] = { "/usr/lib/libauth.so.1", "/opt/app/lib/libx.so" };

/* Policy names that are never loaded, beside t0 .. tN-1. */
static const char *const other_policy_names[] = { "web", "db", "other-pol", "x_1" };

static unsigned npolicies = 1;

void gen_set_npolicies(unsigned n)
{
	npolicies = n ? n : 1;
}

/* While a large policy of one kind is generated: its band of gen_rule's
 * kinds (net, signal, ptrace, proc, cap, ipc), else -1. */
static int big_lo = -1, big_n;

static const char *random_policy_name(void)
{
	if (big_lo >= 0 && chance(60))	/* many distinct keys */
		return arena_printf("big%u", rnd(3000));
	if (chance(75))
		return arena_printf("t%u", rnd(npolicies));
	return PICK(other_policy_names);
}

/* --- access sets ---------------------------------------------------------- */

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

/* One of the bits below limit set in m, or any number below limit. */
static unsigned pick_bit(uint64_t m, unsigned limit)
{
	unsigned set[64], n = 0;
	for (unsigned b = 0; b < limit && b < 64; b++)
		if (m >> b & 1)
			set[n++] = b;
	return n ? set[rnd(n)] : rnd(limit);
}

static void put_flags(struct strbuf *sb, unsigned m)
{
	bool first = true;
	for (int b = 0; b < 10; b++)
		if (m & (1u << b)) {
			sb_printf(sb, "%s%s", first ? "" : "|", acc_names[b]);
			first = false;
		}
}

static void put_mask(struct strbuf *sb, unsigned m)
{
	if (m == ACC_ALL && chance(70))
		sb_puts(sb, "any");
	else
		put_flags(sb, m);
}

/* --- policies ------------------------------------------------------------- */

struct gen_ctx {
	bool kfunc;
	const char *name;
	const char *binary;	/* #[func "f" ("BINARY")]; NULL: the profile */
};

struct gen_policy {
	struct gen_ctx ctx[16];
	unsigned nctx;
};

static void put_ctx(struct strbuf *sb, const struct gen_ctx *c)
{
	if (c->kfunc)
		sb_printf(sb, "#[kfunc \"%s\"] ", c->name);
	else if (c->binary)
		sb_printf(sb, "#[func \"%s\" (\"%s\")] ", c->name, c->binary);
	else
		sb_printf(sb, "#[func \"%s\"] ", c->name);
}

static void gen_fs_path(struct strbuf *sb)
{
	/* Some where programs live: paths and program targets share the
	 * kernel's path matcher. */
	const char *root = chance(20) ? PICK(prog_roots) : PICK(roots);
	unsigned n = rnd(4);
	if (!*root && !n)
		n = 1;
	if (*root && !n && chance(50))
		n = 1;
	sb_puts(sb, root);
	for (unsigned i = 0; i < n; i++)
		sb_printf(sb, "/%s", chance(45) ? PICK(glob_parts) : PICK(words));
}

/* A program path or glob, for targets. */
static void gen_prog_pattern(struct strbuf *sb)
{
	if (chance(25)) {
		sb_printf(sb, "/usr/bin/t%u", rnd(npolicies));
		return;
	}
	sb_puts(sb, chance(15) ? PICK(roots) : PICK(prog_roots));
	unsigned n = 1 + rnd(2);
	for (unsigned i = 0; i < n; i++)
		sb_printf(sb, "/%s", chance(50) ? PICK(glob_parts) : PICK(words));
}

static void gen_target(struct strbuf *sb)
{
	static const char *const words_t[] = { "self", "parent", "child", "any" };
	unsigned k = rnd(100);
	if (big_lo >= 0 && k >= 55 && k < 80 && !chance(4))
		k = 90;		/* at most 64 program targets a policy */
	if (k < 55) {
		sb_puts(sb, PICK(words_t));
	} else if (k < 80) {
		sb_putc(sb, '"');
		gen_prog_pattern(sb);
		sb_putc(sb, '"');
	} else {
		sb_printf(sb, "\"%s\"", random_policy_name());
	}
}

static void gen_net_rule(struct strbuf *sb)
{
	sb_puts(sb, "net(");
	if (chance(25)) {
		sb_puts(sb, "any");
	} else {
		unsigned n = 1 + rnd(3);
		for (unsigned i = 0; i < n; i++) {
			unsigned af = chance(75) ? PICK(common_families) : rnd(NFAMILIES);
			const char *name = names_family_name((int)af);
			if (af == 1 && chance(30))
				name = "local";
			sb_printf(sb, "%s%s", i ? "|" : "", name);
		}
	}
	sb_puts(sb, ", ");
	if (chance(20)) {
		sb_puts(sb, "any");
	} else {
		unsigned m = chance(40) ? 1u << rnd(8) : 1 + rnd(NET_ALL);
		bool first = true;
		for (unsigned b = 0; b < 8; b++)
			if (m >> b & 1) {
				sb_printf(sb, "%s%s", first ? "" : "|", net_flag_names[b]);
				first = false;
			}
	}
	sb_puts(sb, ")");
}

/* One rule (with its directives) of the policy; exec rights may get
 * #[transition] and #[untaint]. */
static void gen_rule(struct strbuf *sb, const struct gen_policy *g, bool in_block, bool block_ctx)
{
	static const char *const dirs[] = {
		"",	   "",	       "",	   "",		"#[allow] ",	       "#[deny] ",
		"#[deny] ", "#[deny] ", "#[taint] ", "#[taint] ", "#[taint] #[allow] ",
		"#[audit] ", "#[deny] #[audit] ", "#[audit] #[deny] ", "#[taint] #[audit] ",
		"#[allow] #[audit] ", "#[audit] #[taint] #[allow] ",
	};
	const char *dir = in_block ? "" : PICK(dirs);
	if (in_block)
		sb_puts(sb, "  ");
	if (g->nctx && !block_ctx && chance(35))
		put_ctx(sb, &g->ctx[rnd(g->nctx)]);
	sb_puts(sb, dir);
	unsigned k = big_lo >= 0 ? (unsigned)big_lo + rnd((unsigned)big_n) : rnd(100);
	if (k < 34) {
		/* An fs right may transition or untaint when it grants exec. */
		bool right = !in_block && !strstr(dir, "deny") &&
			     (!strstr(dir, "taint") || strstr(dir, "allow"));
		unsigned m = gen_mask();
		bool fs = chance(85);
		if (fs && right && chance(25)) {	/* only fs rules take them */
			m |= ACC_EXEC;
			if (chance(60))
				sb_puts(sb, "#[transition] ");
			if (chance(50))
				sb_puts(sb, "#[untaint] ");
		}
		if (fs) {
			sb_puts(sb, "fs(\"");
			gen_fs_path(sb);
			sb_puts(sb, "\", ");
		} else {
			sb_printf(sb, "filesystem(\"%s\", ", PICK(fsys_points));
		}
		put_mask(sb, m);
	} else if (k < 42) {
		sb_printf(sb, "dev(%s, ", PICK(dev_classes));
		put_mask(sb, gen_mask());
	} else if (k < 47) {
		if (chance(50))
			sb_printf(sb, "dev(%u, ", PICK(dev_majors));
		else
			sb_printf(sb, "dev(%u:%u, ", PICK(dev_majors), rnd(10));
		put_mask(sb, gen_mask());
	} else if (k < 58) {
		gen_net_rule(sb);
		sb_puts(sb, "\n");
		return;
	} else if (k < 68) {
		sb_puts(sb, "signal(");
		gen_target(sb);
		unsigned n = 1 + rnd(3);
		for (unsigned i = 0; i < n; i++)
			sb_printf(sb, "%s%s", i ? "|" : ", ", PICK(signal_words));
	} else if (k < 75) {
		sb_puts(sb, "ptrace(");
		gen_target(sb);
		sb_printf(sb, ", %s", PICK(ptrace_words));
	} else if (k < 83) {
		sb_puts(sb, "proc(");
		gen_target(sb);
		sb_puts(sb, ", ");
		put_mask(sb, chance(30) ? sub_mask(ACC_READ | ACC_GETATTR) : gen_mask());
	} else if (k < 92) {
		sb_puts(sb, "cap(");
		unsigned n = chance(80) ? 1 : 2;
		for (unsigned i = 0; i < n; i++)
			sb_printf(sb, "%s%s", i ? "|" : "", PICK(cap_words));
	} else {
		sb_printf(sb, "ipc(\"%s\"", random_policy_name());
	}
	sb_puts(sb, ")\n");
}

char *gen_policy(unsigned id)
{
	struct strbuf sb = { 0 };
	struct gen_policy g = { .nctx = 0 };
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
	if (chance(25))
		sb_puts(&sb, "#![privileged]\n");
	if (chance(8)) {
		/* Many contexts: names made up (distinct, as below). */
		g.nctx = 5 + rnd(ARRAY_LEN(g.ctx) - 4);
		for (unsigned i = 0; i < g.nctx; i++) {
			struct gen_ctx *c = &g.ctx[i];
			c->kfunc = chance(40);
			c->name = arena_printf("%s%u", c->kfunc ? "kh" : "h", i);
			c->binary = !c->kfunc && chance(30) ? PICK(func_binaries) : NULL;
		}
	} else if (chance(60)) {
		/* Distinct names: the pools share none. */
		g.nctx = 1 + rnd(4);
		bool used_f[ARRAY_LEN(func_names)] = { 0 }, used_k[ARRAY_LEN(kfunc_names)] = { 0 };
		for (unsigned i = 0; i < g.nctx; i++) {
			struct gen_ctx *c = &g.ctx[i];
			c->kfunc = chance(40);
			unsigned j;
			if (c->kfunc) {
				do
					j = rnd(ARRAY_LEN(kfunc_names));
				while (used_k[j]);
				used_k[j] = true;
				c->name = kfunc_names[j];
			} else {
				do
					j = rnd(ARRAY_LEN(func_names));
				while (used_f[j]);
				used_f[j] = true;
				c->name = func_names[j];
				c->binary = chance(30) ? PICK(func_binaries) : NULL;
			}
		}
	}
	unsigned n = chance(10) ? 20 + rnd(30) : 1 + rnd(12);
	if (chance(12)) {
		/* A large policy of one of the indexed kinds (net, signal,
		 * ptrace, proc, cap, ipc: gen_rule's bands), many keys and many
		 * rules under one key; a few rules of any kind after it. */
		static const int lo[] = { 47, 58, 68, 75, 83, 92 }, width[] = { 11, 10, 7, 8, 9, 8 };
		unsigned b = rnd(ARRAY_LEN(lo));
		big_lo = lo[b];
		big_n = width[b];
		unsigned m = 300 + rnd(1700);
		for (unsigned i = 0; i < m; i++)
			gen_rule(&sb, &g, false, false);
		big_lo = -1;
	}
	for (unsigned i = 0; i < n; i++) {
		if (chance(10)) {
			static const char *const blocks[] = { "#[deny]", "#[taint]", "#[audit]",
							      "#[taint] #[allow]" };
			bool ctx = g.nctx && chance(50);
			if (ctx)
				put_ctx(&sb, &g.ctx[rnd(g.nctx)]);
			/* A context alone may open a block too. */
			sb_printf(&sb, "%s {\n", ctx && chance(30) ? "" : PICK(blocks));
			unsigned m = 1 + rnd(3);
			for (unsigned j = 0; j < m; j++)
				gen_rule(&sb, &g, true, ctx);
			sb_puts(&sb, "}\n");
		} else {
			gen_rule(&sb, &g, false, false);
		}
	}
	return sb_finish(&sb);
}

/* --- requests: paths --------------------------------------------------------- */

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
	sb_putc(sb, 0);
	sb->len--;
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
 * '/', no "." or ".." components; cut to the kernel's limit. */
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
	if (out.len >= PATH_MAX_K) {
		out.len = PATH_MAX_K - 1;
		sb_putc(&out, 0);
		char *cut = sb_finish(&out);
		return normalize(cut);	/* the cut may leave a trailing '/' */
	}
	return sb_finish(&out);
}

/* Rules of the policy, by what requests they lead to. */
struct rule_pick {
	const struct rule *v[64];
	size_t n;
};

static void rules_of(const struct policy *p, bool (*want)(const struct rule *), struct rule_pick *out)
{
	out->n = 0;
	for (size_t i = 0; i < p->nrules && out->n < ARRAY_LEN(out->v); i++)
		if (want(&p->rules[i]))
			out->v[out->n++] = &p->rules[i];
}

static const struct rule *pick_rule(const struct rule_pick *r)
{
	return r->n ? r->v[rnd((unsigned)r->n)] : NULL;
}

static bool is_path_rule(const struct rule *r)
{
	return r->kind == RK_FS || r->kind == RK_FILESYSTEM;
}

static bool is_exec_mod_rule(const struct rule *r)
{
	return is_path_rule(r) && (r->actions & (RA_TRANSITION | RA_UNTAINT));
}

static bool is_dev_rule(const struct rule *r)
{
	return r->kind == RK_DEV_CLASS || r->kind == RK_DEV_NUM;
}

/* A path request, and in *mask_hint the access set of the rule it was
 * made from (0 if none). */
static char *gen_path(const struct policy *p, unsigned *mask_hint)
{
	*mask_hint = 0;
	struct strbuf sb = { 0 };
	struct rule_pick fs, mods;
	rules_of(p, is_path_rule, &fs);
	rules_of(p, is_exec_mod_rule, &mods);
	unsigned k = rnd(100);
	if (fs.n && k < 70) {
		const struct rule *r = mods.n && chance(30) ? pick_rule(&mods) : pick_rule(&fs);
		*mask_hint = (unsigned)r->mask;
		instantiate(&sb, r->path);
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
	return norm;
}

/* Puts path at the end of k->path, as the kernel builds it. */
static void put_path(struct bpfcon_test_req *k, const char *path)
{
	size_t len = strlen(path);
	k->start = (__u32)(PATH_MAX_K - len);
	memcpy(k->path + k->start, path, len);
}

static void file_case(const struct subject *s, struct dcase *c)
{
	struct rule_pick devs;
	rules_of(s->p, is_dev_rule, &devs);
	unsigned mask = gen_mask(), hint = 0;
	struct bpfcon_test_req *k = &c->k;
	struct strbuf sb = { 0 };
	if (chance(devs.n ? 30 : 8)) {
		unsigned major = chance(80) ? PICK(dev_majors) : rnd(300);
		unsigned minor = chance(80) ? rnd(10) : rnd(300);
		if (devs.n && chance(40)) {
			const struct rule *r = pick_rule(&devs);
			hint = (unsigned)r->mask;
			if (r->kind == RK_DEV_NUM) {
				major = (unsigned)r->major;
				minor = r->minor >= 0 && chance(80) ? (unsigned)r->minor : rnd(10);
			}
		}
		if (hint && chance(60))
			mask = sub_mask(hint);
		c->cls = CC_DEV;
		k->kind = TEST_DEV;
		k->access = mask;
		k->major = major;
		k->minor = minor;
		sb_printf(&sb, "dev(%u:%u, ", major, minor);
		put_flags(&sb, mask);
		sb_puts(&sb, ")");
		c->text = sb_finish(&sb);
		return;
	}
	const char *path = gen_path(s->p, &hint);
	if (hint && chance(60))
		mask = sub_mask(hint);
	if (hint & ACC_EXEC && chance(30))
		mask = chance(50) ? ACC_EXEC : ACC_EXEC | ACC_READ;
	/* Now and then the path is a device node: dev rules match too. */
	bool devfile = chance(devs.n ? 25 : 5);
	unsigned major = chance(80) ? PICK(dev_majors) : rnd(300);
	unsigned minor = rnd(10);
	if (devfile && devs.n && chance(50)) {
		const struct rule *r = pick_rule(&devs);
		if (r->kind == RK_DEV_NUM) {
			major = (unsigned)r->major;
			minor = r->minor >= 0 ? (unsigned)r->minor : rnd(10);
		}
	}
	c->cls = devfile ? CC_DEVFILE : CC_PATH;
	k->kind = devfile ? TEST_DEVFILE : TEST_PATH;
	k->major = devfile ? major : 0;
	k->minor = devfile ? minor : 0;
	k->access = mask;
	put_path(k, path);
	const struct mount *m = mounts_find(&difftest_mounts, path);
	k->dev = m ? kdev(m->major, m->minor) : 0;
	sb_printf(&sb, "fs(\"%s\", ", path);
	put_flags(&sb, mask);
	sb_puts(&sb, ")");
	c->text = sb_finish(&sb);
	if (!source_valid_utf8(path, strlen(path))) {
		/* A file name that is not UTF-8: the kernel sees such names, but
		 * no request text can say it; the request fs("PATH", ...) parses to. */
		c->direct = c->built = true;
		c->req.kind = RK_FS;
		c->req.actions = RA_ALLOW;
		c->req.path = path;
		c->req.mask = mask;
	}
}

/* --- requests: the other kinds ---------------------------------------------- */

static void kind_rules(const struct policy *p, enum rule_kind kind, struct rule_pick *out)
{
	out->n = 0;
	for (size_t i = 0; i < p->nrules && out->n < ARRAY_LEN(out->v); i++)
		if (p->rules[i].kind == kind)
			out->v[out->n++] = &p->rules[i];
}

/* The request's target, described one way only, in the kernel request,
 * in explain's request (c->req.target) and as text.  From rule r's target
 * (when r) or at random. */
static void gen_request_target(const struct rule *r, struct dcase *c, struct strbuf *sb)
{
	struct bpfcon_test_req *k = &c->k;
	enum target_kind kind;
	const char *name = NULL;
	if (r && r->target.kind != TGT_ANY && chance(70)) {
		kind = r->target.kind;
		if (kind == TGT_POLICY)
			name = chance(85) ? r->target.name : random_policy_name();
		if (kind == TGT_PROGRAM) {
			struct strbuf pb = { 0 };
			instantiate(&pb, r->target.name);
			if (chance(30))
				mutate(&pb);
			sb_putc(&pb, 0);
			name = normalize(pb.s);
			sb_free(&pb);
		}
	} else {
		static const enum target_kind kinds[] = { TGT_SELF,    TGT_PARENT,  TGT_CHILD,
							  TGT_ANY,     TGT_PROGRAM, TGT_PROGRAM,
							  TGT_POLICY,  TGT_POLICY,  TGT_SELF };
		kind = PICK(kinds);
		if (kind == TGT_POLICY)
			name = random_policy_name();
		if (kind == TGT_PROGRAM && chance(5)) {
			/* A long path, up to the kernel's limit. */
			struct strbuf pb = { 0 };
			sb_puts(&pb, PICK(prog_roots));
			size_t want = 100 + rnd(4000);
			while (pb.len + 12 < want && pb.len < 4090)
				sb_printf(&pb, "/%s", PICK(words));
			sb_putc(&pb, 0);
			name = normalize(pb.s);
			sb_free(&pb);
		} else if (kind == TGT_PROGRAM) {
			struct strbuf pb = { 0 };
			gen_prog_pattern(&pb);
			sb_putc(&pb, 0);
			char *pat = arena_strdup(pb.s);
			sb_free(&pb);
			instantiate(&pb, pat);
			sb_putc(&pb, 0);
			name = normalize(pb.s);
			sb_free(&pb);
		}
	}
	c->req.target.kind = kind;
	c->req.target.name = name;
	switch (kind) {
	case TGT_SELF:
		k->facts = BPFCON_TF_SELF;
		sb_puts(sb, "self");
		break;
	case TGT_PARENT:
		k->facts = BPFCON_TF_PARENT;
		sb_puts(sb, "parent");
		break;
	case TGT_CHILD:
		k->facts = BPFCON_TF_CHILD;
		sb_puts(sb, "child");
		break;
	case TGT_ANY:
		sb_puts(sb, "any");
		break;
	case TGT_PROGRAM:
		k->has_prog = 1;
		put_path(k, name);
		sb_printf(sb, "\"%s\"", name);
		if (!source_valid_utf8(name, strlen(name)))
			c->direct = true;
		break;
	case TGT_POLICY:
		k->policy = bpfcon_policy_id(name);
		sb_printf(sb, "\"%s\"", name);
		break;
	}
}

static void net_case(const struct subject *s, struct dcase *c, struct strbuf *sb)
{
	struct rule_pick rs;
	kind_rules(s->p, RK_NET, &rs);
	const struct rule *r = chance(70) ? pick_rule(&rs) : NULL;
	unsigned af, op;
	if (r && chance(85))
		af = pick_bit(r->families, NFAMILIES);
	else
		af = chance(60) ? PICK(common_families) : rnd(NFAMILIES);
	op = r && chance(70) ? pick_bit(r->mask, 8) : rnd(8);
	c->cls = CC_NET;
	c->k.obj_kind = BPFCON_KIND_NET;
	c->k.family = af;
	c->k.access = 1u << op;
	c->req.kind = RK_NET;
	c->req.families = UINT64_C(1) << af;
	c->req.mask = 1u << op;
	sb_printf(sb, "net(%s, %s)", names_family_name((int)af), net_flag_names[op]);
}

static void signal_case(const struct subject *s, struct dcase *c, struct strbuf *sb)
{
	struct rule_pick rs;
	kind_rules(s->p, RK_SIGNAL, &rs);
	const struct rule *r = chance(70) ? pick_rule(&rs) : NULL;
	unsigned sig = r && chance(75) ? pick_bit(r->mask, 64) : chance(60) ? rnd(32) : rnd(64);
	c->cls = CC_SIGNAL;
	c->k.obj_kind = BPFCON_KIND_SIGNAL;
	c->k.bit = sig;
	c->req.kind = RK_SIGNAL;
	c->req.mask = UINT64_C(1) << sig;
	sb_puts(sb, "signal(");
	gen_request_target(r, c, sb);
	sb_printf(sb, ", %s)", names_signal_name((int)sig));
}

static void ptrace_case(const struct subject *s, struct dcase *c, struct strbuf *sb)
{
	struct rule_pick rs;
	kind_rules(s->p, RK_PTRACE, &rs);
	const struct rule *r = chance(70) ? pick_rule(&rs) : NULL;
	unsigned bit = chance(50) ? PT_READ : PT_ATTACH;
	c->cls = CC_PTRACE;
	c->k.obj_kind = BPFCON_KIND_PTRACE;
	c->k.access = bit;
	c->req.kind = RK_PTRACE;
	c->req.mask = bit;
	sb_puts(sb, "ptrace(");
	gen_request_target(r, c, sb);
	sb_printf(sb, ", %s)", bit == PT_READ ? "read" : "attach");
}

static void proc_case(const struct subject *s, struct dcase *c, struct strbuf *sb)
{
	struct rule_pick rs;
	kind_rules(s->p, RK_PROC, &rs);
	const struct rule *r = chance(70) ? pick_rule(&rs) : NULL;
	unsigned mask = r && chance(60) ? sub_mask((unsigned)r->mask) : gen_mask();
	c->cls = CC_PROC;
	c->k.obj_kind = BPFCON_KIND_PROC;
	c->req.kind = RK_PROC;
	sb_puts(sb, "proc(");
	if (chance(20)) {
		/* The built-in grant: one's own /proc, read and getattr. */
		struct rule self = { .kind = RK_PROC, .target = { TGT_SELF, NULL } };
		gen_request_target(&self, c, sb);
		if (chance(70))
			mask = sub_mask(ACC_READ | ACC_GETATTR);
	} else {
		gen_request_target(r, c, sb);
	}
	c->k.access = mask;
	c->req.mask = mask;
	sb_puts(sb, ", ");
	put_flags(sb, mask);
	sb_puts(sb, ")");
}

static void cap_case(const struct subject *s, struct dcase *c, struct strbuf *sb)
{
	struct rule_pick rs;
	kind_rules(s->p, RK_CAP, &rs);
	const struct rule *r = chance(65) ? pick_rule(&rs) : NULL;
	unsigned cap = r ? pick_bit(r->mask, CAP_COUNT)
		       : chance(40) ? PICK(builtin_caps) : rnd(CAP_COUNT);
	c->cls = CC_CAP;
	c->k.obj_kind = BPFCON_KIND_CAP;
	c->k.bit = cap;
	c->req.kind = RK_CAP;
	c->req.mask = UINT64_C(1) << cap;
	sb_printf(sb, "cap(%s)", names_cap_name((int)cap));
}

static void ipc_case(const struct subject *s, struct dcase *c, struct strbuf *sb)
{
	struct rule_pick rs;
	kind_rules(s->p, RK_IPC, &rs);
	const struct rule *r = chance(70) ? pick_rule(&rs) : NULL;
	const char *peer = r ? r->policy : random_policy_name();
	c->cls = CC_IPC;
	c->k.obj_kind = BPFCON_KIND_IPC;
	c->k.policy = bpfcon_policy_id(peer);
	c->req.kind = RK_IPC;
	c->req.policy = peer;
	sb_printf(sb, "ipc(\"%s\")", peer);
}

/* --- one request ------------------------------------------------------------ */

void gen_case(const struct subject *s, struct dcase *c)
{
	memset(c, 0, sizeof(*c));
	/* Weights: every kind is asked; more often when the policy has rules
	 * of that kind. */
	static const enum rule_kind kinds[] = { RK_NET, RK_SIGNAL, RK_PTRACE, RK_PROC, RK_CAP, RK_IPC };
	unsigned w[1 + ARRAY_LEN(kinds)], total = 0;
	w[0] = 45;
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		struct rule_pick rs;
		kind_rules(s->p, kinds[i], &rs);
		w[i + 1] = rs.n ? 16 : 5;
	}
	for (size_t i = 0; i < ARRAY_LEN(w); i++)
		total += w[i];
	unsigned pick = rnd(total), which = 0;
	while (pick >= w[which])
		pick -= w[which++];
	/* The state: untainted is a state only a policy with taint rules can
	 * be in (the decision code does not care: test it a little anyway). */
	c->k.tainted = !chance(policy_has_taint_rules(s->p) ? 50 : 10);
	if (s->nctx && chance(55)) {
		while (!c->k.active)
			c->k.active = (__u32)rnd64() & ctx_bits(s->nctx);
	}
	if (which == 0) {
		file_case(s, c);
		return;
	}
	struct strbuf sb = { 0 };
	c->k.kind = TEST_OBJ;
	c->built = true;
	c->req.actions = RA_ALLOW;
	switch (kinds[which - 1]) {
	case RK_NET: net_case(s, c, &sb); break;
	case RK_SIGNAL: signal_case(s, c, &sb); break;
	case RK_PTRACE: ptrace_case(s, c, &sb); break;
	case RK_PROC: proc_case(s, c, &sb); break;
	case RK_CAP: cap_case(s, c, &sb); break;
	default: ipc_case(s, c, &sb); break;
	}
	c->text = sb_finish(&sb);
}
