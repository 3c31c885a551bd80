// SPDX-License-Identifier: GPL-2.0-only
/* names.c - the vocabulary tables of both policy languages (see names.h). */
#include "names.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct name_bits {
	const char *name;
	uint64_t bits;
};

#define SIGBIT(n) (UINT64_C(1) << (n))

static const struct name_bits fs_flags[] = {
	{ "read", ACC_READ },	    { "write", ACC_WRITE },	{ "append", ACC_APPEND },
	{ "exec", ACC_EXEC },	    { "map", ACC_MAP },		{ "setattr", ACC_SETATTR },
	{ "getattr", ACC_GETATTR }, { "ioctl", ACC_IOCTL },	{ "rm", ACC_DELETE },
	{ "link", ACC_LINK },	    { "any", ACC_ALL },
};

/* Compared without regard to case. */
static const struct name_bits yaml_access_words[] = {
	{ "readOnly", ACC_READ | ACC_GETATTR },
	{ "readWrite", ACC_READ | ACC_GETATTR | ACC_WRITE | ACC_APPEND },
	{ "readAppend", ACC_READ | ACC_GETATTR | ACC_APPEND },
	{ "library", ACC_READ | ACC_GETATTR | ACC_MAP },
	{ "exec", ACC_READ | ACC_GETATTR | ACC_EXEC },
	{ "any", ACC_ALL },
};

static const struct name_bits net_flags[] = {
	{ "connect", NET_CONNECT }, { "bind", NET_BIND },     { "accept", NET_ACCEPT },
	{ "listen", NET_LISTEN },   { "send", NET_SEND },     { "recv", NET_RECV },
	{ "create", NET_CREATE },   { "shutdown", NET_SHUTDOWN }, { "any", NET_ALL },
};

static const struct name_bits yaml_net_words[] = {
	/* A socket a program may create it may also shut down. */
	{ "client", NET_CREATE | NET_CONNECT | NET_SHUTDOWN },
	{ "server", NET_CREATE | NET_BIND | NET_LISTEN | NET_ACCEPT | NET_SHUTDOWN },
	{ "send", NET_SEND },
	{ "recv", NET_RECV },
	{ "any", NET_ALL },
};

static const struct name_bits ptrace_flags[] = {
	{ "read", PT_READ }, { "attach", PT_ATTACH }, { "any", PT_ALL },
};

static const struct name_bits targets[] = {
	{ "self", TGT_SELF }, { "parent", TGT_PARENT }, { "child", TGT_CHILD }, { "any", TGT_ANY },
};

/* Socket families by AF_ number (<sys/socket.h>). */
static const char *const families[] = {
	[0] = "unspec",	    [1] = "unix",	 [2] = "inet",	     [3] = "ax25",
	[4] = "ipx",	    [5] = "appletalk",	 [6] = "netrom",     [7] = "bridge",
	[8] = "atmpvc",	    [9] = "x25",	 [10] = "inet6",     [11] = "rose",
	[12] = "decnet",    [13] = "netbeui",	 [14] = "security",  [15] = "key",
	[16] = "netlink",   [17] = "packet",	 [18] = "ash",	     [19] = "econet",
	[20] = "atmsvc",    [21] = "rds",	 [22] = "sna",	     [23] = "irda",
	[24] = "pppox",	    [25] = "wanpipe",	 [26] = "llc",	     [27] = "ib",
	[28] = "mpls",	    [29] = "can",	 [30] = "tipc",	     [31] = "bluetooth",
	[32] = "iucv",	    [33] = "rxrpc",	 [34] = "isdn",	     [35] = "phonet",
	[36] = "ieee802154", [37] = "caif",	 [38] = "alg",	     [39] = "nfc",
	[40] = "vsock",	    [41] = "kcm",	 [42] = "qipcrtr",   [43] = "smc",
	[44] = "xdp",	    [45] = "mctp",
};
static const struct name_bits family_aliases[] = {
	{ "local", SIGBIT(1) }, { "file", SIGBIT(1) }, { "route", SIGBIT(16) }, { "any", FAMILY_ANY },
};

/* Signal names without "SIG", by number. */
static const char *const signals[] = {
	[1] = "hup",   [2] = "int",	[3] = "quit",	 [4] = "ill",	  [5] = "trap",
	[6] = "abrt",  [7] = "bus",	[8] = "fpe",	 [9] = "kill",	  [10] = "usr1",
	[11] = "segv", [12] = "usr2",	[13] = "pipe",	 [14] = "alrm",	  [15] = "term",
	[16] = "stkflt", [17] = "chld", [18] = "cont",	 [19] = "stop",	  [20] = "tstp",
	[21] = "ttin", [22] = "ttou",	[23] = "urg",	 [24] = "xcpu",	  [25] = "xfsz",
	[26] = "vtalrm", [27] = "prof", [28] = "winch",	 [29] = "io",	  [30] = "pwr",
	[31] = "sys",
};
static const char *const signal_display[] = {
	[0] = "check", [1] = "SIGHUP",	 [2] = "SIGINT",   [3] = "SIGQUIT",  [4] = "SIGILL",
	[5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS",  [8] = "SIGFPE",   [9] = "SIGKILL",
	[10] = "SIGUSR1", [11] = "SIGSEGV", [12] = "SIGUSR2", [13] = "SIGPIPE", [14] = "SIGALRM",
	[15] = "SIGTERM", [16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT", [19] = "SIGSTOP",
	[20] = "SIGTSTP", [21] = "SIGTTIN", [22] = "SIGTTOU", [23] = "SIGURG", [24] = "SIGXCPU",
	[25] = "SIGXFSZ", [26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO",
	[30] = "SIGPWR", [31] = "SIGSYS",
};
/* Default action "terminate" or "core", except SIGKILL; real-time signals too. */
#define SIG_FATAL                                                                         \
	(SIGBIT(1) | SIGBIT(2) | SIGBIT(3) | SIGBIT(4) | SIGBIT(5) | SIGBIT(6) | SIGBIT(7) | \
	 SIGBIT(8) | SIGBIT(10) | SIGBIT(11) | SIGBIT(12) | SIGBIT(13) | SIGBIT(14) |       \
	 SIGBIT(15) | SIGBIT(16) | SIGBIT(24) | SIGBIT(25) | SIGBIT(26) | SIGBIT(27) |      \
	 SIGBIT(29) | SIGBIT(30) | SIGBIT(31) | (~UINT64_C(0) << 32))
#define SIG_STOPS (SIGBIT(20) | SIGBIT(21) | SIGBIT(22))
/* Neither fatal nor SIGCHLD/SIGKILL/SIGSTOP: cont, urg, winch and the stops. */
#define SIG_MISC (SIGBIT(18) | SIGBIT(23) | SIGBIT(28) | SIG_STOPS)

/* Signal classes; matched before the plain names, without regard to case. */
static const struct name_bits signal_classes[] = {
	{ "check", SIGBIT(0) },	   { "sigcheck", SIGBIT(0) }, { "fatal", SIG_FATAL },
	{ "stop", SIG_STOPS },	   { "superFatal", SIGBIT(9) }, { "superStop", SIGBIT(19) },
	{ "sigmisc", SIG_MISC },   { "misc", SIG_MISC },	{ "any", SIG_ALL },
};

static const char *const caps[CAP_COUNT] = {
	"chown",	   "dac_override",    "dac_read_search", "fowner",	  "fsetid",
	"kill",		   "setgid",	      "setuid",		 "setpcap",	  "linux_immutable",
	"net_bind_service", "net_broadcast",  "net_admin",	 "net_raw",	  "ipc_lock",
	"ipc_owner",	   "sys_module",      "sys_rawio",	 "sys_chroot",	  "sys_ptrace",
	"sys_pacct",	   "sys_admin",	      "sys_boot",	 "sys_nice",	  "sys_resource",
	"sys_time",	   "sys_tty_config",  "mknod",		 "lease",	  "audit_write",
	"audit_control",   "setfcap",	      "mac_override",	 "mac_admin",	  "syslog",
	"wake_alarm",	   "block_suspend",   "audit_read",	 "perfmon",	  "bpf",
	"checkpoint_restore",
};

static const char *const dev_classes[DEV__COUNT] = {
	[DEV_TERMINAL] = "terminal", [DEV_NULL] = "null",   [DEV_RANDOM] = "random",
	[DEV_VIDEO] = "video",	     [DEV_SOUND] = "sound", [DEV_GPU] = "gpu",
	[DEV_INPUT] = "input",
};

/* Lower-case copy without '_' and '-', for case-free, underscore-free matching. */
static void fold(const char *in, char *out, size_t outsz)
{
	size_t j = 0;
	for (; *in && j + 1 < outsz; in++)
		if (*in != '_' && *in != '-')
			out[j++] = (char)tolower((unsigned char)*in);
	out[j] = '\0';
}

static bool eq_fold(const char *a, const char *b)
{
	char fa[64], fb[64];
	if (strlen(a) >= sizeof(fa) || strlen(b) >= sizeof(fb))
		return false;
	fold(a, fa, sizeof(fa));
	fold(b, fb, sizeof(fb));
	return !strcmp(fa, fb);
}

static bool table_lookup(const struct name_bits *t, size_t n, const char *w, bool folded,
			 uint64_t *bits)
{
	for (size_t i = 0; i < n; i++)
		if (folded ? eq_fold(t[i].name, w) : !strcmp(t[i].name, w)) {
			*bits |= t[i].bits;
			return true;
		}
	return false;
}

static int signal_number(const char *w)
{
	char f[64];
	if (strlen(w) >= sizeof(f))
		return -1;
	fold(w, f, sizeof(f));
	const char *s = f;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 1; i < (int)ARRAY_LEN(signals); i++)
			if (!strcmp(signals[i], s))
				return i;
		if (strncmp(s, "sig", 3))
			break;
		s += 3;
	}
	/* Real-time signals: rtmin, rtmin+N (32 + N). */
	if (!strncmp(s, "sig", 3))
		s += 3;
	if (!strncmp(s, "rtmin", 5)) {
		if (!s[5])
			return 32;
		if (s[5] == '+' && s[6] >= '0' && s[6] <= '9') {
			int n = 0;
			for (const char *p = s + 6; *p; p++) {
				if (*p < '0' || *p > '9' || n > 100)
					return -1;
				n = n * 10 + (*p - '0');
			}
			return n <= 31 ? 32 + n : -1;
		}
	}
	return -1;
}

static int cap_number(const char *w)
{
	char f[64], c[64];
	if (strlen(w) >= sizeof(f))
		return -1;
	fold(w, f, sizeof(f));
	const char *s = !strncmp(f, "cap", 3) && strcmp(f, "cap") ? f + 3 : f;
	for (int i = 0; i < CAP_COUNT; i++) {
		fold(caps[i], c, sizeof(c));
		if (!strcmp(c, s) || !strcmp(c, f))
			return i;
	}
	return -1;
}

static int family_number(const char *w)
{
	char f[64];
	if (strlen(w) >= sizeof(f))
		return -1;
	fold(w, f, sizeof(f));
	const char *s = !strncmp(f, "af", 2) && strlen(f) > 2 ? f + 2 : f;
	for (int i = 0; i < (int)ARRAY_LEN(families); i++)
		if (!strcmp(families[i], s) || !strcmp(families[i], f))
			return i;
	return -1;
}

bool names_lookup(enum name_space ns, const char *w, uint64_t *bits)
{
	int n;
	switch (ns) {
	case NS_FS_FLAG:
		return table_lookup(fs_flags, ARRAY_LEN(fs_flags), w, false, bits);
	case NS_YAML_ACCESS:
		return table_lookup(yaml_access_words, ARRAY_LEN(yaml_access_words), w, true, bits);
	case NS_NET_FLAG:
		return table_lookup(net_flags, ARRAY_LEN(net_flags), w, false, bits);
	case NS_YAML_NET:
		return table_lookup(yaml_net_words, ARRAY_LEN(yaml_net_words), w, false, bits);
	case NS_PTRACE_FLAG:
		return table_lookup(ptrace_flags, ARRAY_LEN(ptrace_flags), w, false, bits);
	case NS_TARGET:
		return table_lookup(targets, ARRAY_LEN(targets), w, false, bits);
	case NS_FAMILY:
		if (table_lookup(family_aliases, ARRAY_LEN(family_aliases), w, true, bits))
			return true;
		n = family_number(w);
		if (n < 0)
			return false;
		*bits |= SIGBIT(n);
		return true;
	case NS_SIGNAL:
		if (table_lookup(signal_classes, ARRAY_LEN(signal_classes), w, true, bits))
			return true;
		n = signal_number(w);
		if (n < 0)
			return false;
		*bits |= SIGBIT(n);
		return true;
	case NS_CAP:
		if (eq_fold(w, "any")) {
			*bits |= CAP_ALL_MASK;
			return true;
		}
		n = cap_number(w);
		if (n < 0)
			return false;
		*bits |= SIGBIT(n);
		return true;
	case NS_DEV_CLASS: {
		enum dev_class c;
		if (!names_dev_class(w, &c))
			return false;
		*bits |= SIGBIT(c);
		return true;
	}
	}
	return false;
}

bool names_yaml_access(const char *s, uint64_t *bits, size_t *bad)
{
	uint64_t b = 0;
	if (names_lookup(NS_YAML_ACCESS, s, &b)) {
		*bits |= b;
		return true;
	}
	static const char letters[] = "rwaxmcdli";
	static const uint64_t letter_bits[] = {
		ACC_READ | ACC_GETATTR, ACC_WRITE, ACC_APPEND, ACC_EXEC, ACC_MAP,
		ACC_SETATTR, ACC_DELETE, ACC_LINK, ACC_IOCTL,
	};
	if (!*s) {
		*bad = 0;
		return false;
	}
	for (size_t i = 0; s[i]; i++) {
		const char *p = strchr(letters, s[i]);
		if (!p || !s[i]) {
			*bad = i;
			return false;
		}
		b |= letter_bits[p - letters];
	}
	*bits |= b;
	return true;
}

/* Calls fn(name, ctx) for every name of a name space. */
static void each_name(enum name_space ns, void (*fn)(const char *, void *), void *ctx)
{
#define EACH_TABLE(t)                                \
	for (size_t i = 0; i < ARRAY_LEN(t); i++)    \
		fn(t[i].name, ctx)
	switch (ns) {
	case NS_FS_FLAG: EACH_TABLE(fs_flags); break;
	case NS_YAML_ACCESS: EACH_TABLE(yaml_access_words); break;
	case NS_NET_FLAG: EACH_TABLE(net_flags); break;
	case NS_YAML_NET: EACH_TABLE(yaml_net_words); break;
	case NS_PTRACE_FLAG: EACH_TABLE(ptrace_flags); break;
	case NS_TARGET: EACH_TABLE(targets); break;
	case NS_FAMILY:
		EACH_TABLE(family_aliases);
		for (size_t i = 0; i < ARRAY_LEN(families); i++)
			fn(families[i], ctx);
		break;
	case NS_SIGNAL:
		EACH_TABLE(signal_classes);
		for (size_t i = 1; i < ARRAY_LEN(signals); i++)
			fn(signal_display[i], ctx);
		fn("sigchld", ctx);
		fn("sigkill", ctx);
		fn("sigstop", ctx);
		break;
	case NS_CAP:
		fn("any", ctx);
		for (size_t i = 0; i < CAP_COUNT; i++)
			fn(caps[i], ctx);
		break;
	case NS_DEV_CLASS:
		for (size_t i = 0; i < DEV__COUNT; i++)
			fn(dev_classes[i], ctx);
		fn("tty", ctx);
		break;
	}
#undef EACH_TABLE
}

struct suggest_ctx {
	const char *word;
	char folded[64];
	const char *best;
	int best_d;
};

static void suggest_one(const char *name, void *vctx)
{
	struct suggest_ctx *c = vctx;
	char f[64];
	if (strlen(name) >= sizeof(f))
		return;
	fold(name, f, sizeof(f));
	int d = edit_distance(c->folded, f, 3);
	if (d < c->best_d) {
		c->best_d = d;
		c->best = name;
	}
}

const char *names_suggest(enum name_space ns, const char *word)
{
	struct suggest_ctx c = { .word = word, .best_d = 3 };
	if (strlen(word) >= sizeof(c.folded))
		return NULL;
	fold(word, c.folded, sizeof(c.folded));
	/* Allow one edit for words of up to three letters, two for longer ones. */
	c.best_d = strlen(c.folded) <= 3 ? 2 : 3;
	each_name(ns, suggest_one, &c);
	return c.best;
}

bool names_dev_class(const char *w, enum dev_class *out)
{
	if (eq_fold(w, "tty")) {
		*out = DEV_TERMINAL;
		return true;
	}
	for (int i = 0; i < DEV__COUNT; i++)
		if (eq_fold(w, dev_classes[i])) {
			*out = (enum dev_class)i;
			return true;
		}
	return false;
}

const char *names_dev_class_name(enum dev_class c)
{
	return c < DEV__COUNT ? dev_classes[c] : "?";
}

/* The devices of each class, as ranges of majors with one minor or any. */
static const struct dev_range dev_ranges[] = {
	{ DEV_TERMINAL, 4, 5, -1 },   { DEV_TERMINAL, 136, 143, -1 },
	{ DEV_NULL, 1, 1, 3 },	      { DEV_NULL, 1, 1, 5 },
	{ DEV_NULL, 1, 1, 7 },	      { DEV_RANDOM, 1, 1, 8 },
	{ DEV_RANDOM, 1, 1, 9 },      { DEV_VIDEO, 81, 81, -1 },
	{ DEV_SOUND, 116, 116, -1 },  { DEV_SOUND, 14, 14, -1 },
	{ DEV_GPU, 226, 226, -1 },    { DEV_GPU, 195, 195, -1 },
	{ DEV_INPUT, 13, 13, -1 },
};

const struct dev_range *names_dev_ranges(size_t *n)
{
	*n = ARRAY_LEN(dev_ranges);
	return dev_ranges;
}

bool names_dev_in_class(enum dev_class c, int major, int minor)
{
	for (size_t i = 0; i < ARRAY_LEN(dev_ranges); i++) {
		const struct dev_range *r = &dev_ranges[i];
		if (r->cls == c && major >= r->major_lo && major <= r->major_hi &&
		    (r->minor < 0 || r->minor == minor))
			return true;
	}
	return false;
}

static void format_bits(const struct name_bits *t, size_t n, uint64_t mask, uint64_t all,
			struct strbuf *sb)
{
	if ((mask & all) == all) {
		sb_puts(sb, "any");
		return;
	}
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (t[i].bits == all || !(mask & t[i].bits))
			continue;
		sb_puts(sb, first ? "" : "|");
		sb_puts(sb, t[i].name);
		first = false;
	}
	if (first)
		sb_puts(sb, "none");
}

void names_format_mask(enum rule_kind kind, uint64_t mask, struct strbuf *sb)
{
	bool first = true;
	switch (kind) {
	case RK_NET:
		format_bits(net_flags, ARRAY_LEN(net_flags), mask, NET_ALL, sb);
		return;
	case RK_PTRACE:
		format_bits(ptrace_flags, ARRAY_LEN(ptrace_flags), mask, PT_ALL, sb);
		return;
	case RK_SIGNAL:
		if (mask == SIG_ALL) {
			sb_puts(sb, "any");
			return;
		}
		for (int i = 0; i < 64; i++) {
			if (!(mask & SIGBIT(i)))
				continue;
			sb_puts(sb, first ? "" : "|");
			sb_puts(sb, names_signal_name(i));
			first = false;
		}
		break;
	case RK_CAP:
		if ((mask & CAP_ALL_MASK) == CAP_ALL_MASK) {
			sb_puts(sb, "any");
			return;
		}
		for (int i = 0; i < CAP_COUNT; i++) {
			if (!(mask & SIGBIT(i)))
				continue;
			sb_puts(sb, first ? "" : "|");
			sb_puts(sb, caps[i]);
			first = false;
		}
		break;
	case RK_IPC:
		return;
	default:
		format_bits(fs_flags, ARRAY_LEN(fs_flags), mask, ACC_ALL, sb);
		return;
	}
	if (first)
		sb_puts(sb, "none");
}

void names_format_families(uint64_t fams, struct strbuf *sb)
{
	if (fams == FAMILY_ANY) {
		sb_puts(sb, "any");
		return;
	}
	bool first = true;
	for (int i = 0; i < 64; i++) {
		if (!(fams & SIGBIT(i)))
			continue;
		sb_puts(sb, first ? "" : "|");
		sb_puts(sb, names_family_name(i));
		first = false;
	}
	if (first)
		sb_puts(sb, "none");
}

const char *names_signal_name(int signo)
{
	static char rt[32][16];
	if (signo >= 0 && signo < (int)ARRAY_LEN(signal_display) && signal_display[signo])
		return signal_display[signo];
	if (signo >= 32 && signo < 64) {
		snprintf(rt[signo - 32], sizeof(rt[0]), "SIGRTMIN+%d", signo - 32);
		return rt[signo - 32];
	}
	return "?";
}

const char *names_cap_name(int cap)
{
	return cap >= 0 && cap < CAP_COUNT ? caps[cap] : "?";
}

const char *names_family_name(int af)
{
	static char unknown[64][8];
	if (af >= 0 && af < (int)ARRAY_LEN(families) && families[af])
		return families[af];
	if (af >= 0 && af < 64) {
		snprintf(unknown[af], sizeof(unknown[0]), "af%d", af);
		return unknown[af];
	}
	return "?";
}
