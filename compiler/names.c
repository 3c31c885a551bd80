// SPDX-License-Identifier: GPL-2.0-only
/* names.c - the vocabulary tables of both policy languages (see names.h). */
#include "names.h"

#include <linux/types.h>

#include "../bpf-templates/bpfcon_abi.h"
#include "nametab.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct name_bits {
	const char *name;
	uint64_t bits;
};

#define SIGBIT(n) (UINT64_C(1) << (n))

/* The flags of a kind: bit i is names[i] (nametab.h); "any" is all of them. */
struct bit_names {
	const char *const *names;
	size_t n;
	uint64_t all;
};
static const struct bit_names fs_flags = { nametab_fs_bits, NAMETAB_FS_BITS, ACC_ALL };
static const struct bit_names net_flags = { nametab_net_bits, NAMETAB_NET_BITS, NET_ALL };
static const struct bit_names ptrace_flags = { nametab_ptrace_bits, NAMETAB_PTRACE_BITS, PT_ALL };

/* The shared tables are indexed by the IR's numbers. */
_Static_assert(ACC_READ == 1 && ACC_WRITE == 2 && ACC_APPEND == 4 && ACC_EXEC == 8 &&
		       ACC_MAP == 16 && ACC_SETATTR == 32 && ACC_GETATTR == 64 &&
		       ACC_IOCTL == 128 && ACC_DELETE == 256 && ACC_LINK == 512 &&
		       ACC_ALL == (1u << NAMETAB_FS_BITS) - 1,
	       "nametab_fs_bits follows ACC_*");
_Static_assert(NET_CONNECT == 1 && NET_BIND == 2 && NET_ACCEPT == 4 && NET_LISTEN == 8 &&
		       NET_SEND == 16 && NET_RECV == 32 && NET_CREATE == 64 &&
		       NET_SHUTDOWN == 128 && NET_ALL == (1u << NAMETAB_NET_BITS) - 1,
	       "nametab_net_bits follows NET_*");
_Static_assert(PT_READ == 1 && PT_ATTACH == 2 && PT_ALL == 3, "nametab_ptrace_bits follows PT_*");
_Static_assert(CAP_COUNT == NAMETAB_CAPS, "nametab_caps has every capability");
_Static_assert(RK__COUNT == BPFCON_KIND__COUNT && RK_FS == BPFCON_KIND_FS &&
		       RK_FILESYSTEM == BPFCON_KIND_FILESYSTEM && RK_PROC == BPFCON_KIND_PROC &&
		       RK_DEV_CLASS == BPFCON_KIND_DEV_CLASS && RK_DEV_NUM == BPFCON_KIND_DEV && RK_CAP == BPFCON_KIND_CAP &&
		       RK_IPC == BPFCON_KIND_IPC && RK_NET == BPFCON_KIND_NET &&
		       RK_SIGNAL == BPFCON_KIND_SIGNAL && RK_PTRACE == BPFCON_KIND_PTRACE,
	       "enum rule_kind is the ABI's request kind (nametab_kinds, bpfcon_abi.h)");

/* Compared without regard to case. */
static const struct name_bits yaml_access_words[] = {
	{ "readOnly", ACC_READ | ACC_GETATTR },
	{ "readWrite", ACC_READ | ACC_GETATTR | ACC_WRITE | ACC_APPEND },
	{ "readAppend", ACC_READ | ACC_GETATTR | ACC_APPEND },
	{ "library", ACC_READ | ACC_GETATTR | ACC_MAP },
	{ "exec", ACC_READ | ACC_GETATTR | ACC_EXEC },
	{ "any", ACC_ALL },
};


static const struct name_bits yaml_net_words[] = {
	/* A socket a program may create it may also shut down. */
	{ "client", NET_CREATE | NET_CONNECT | NET_SHUTDOWN },
	{ "server", NET_CREATE | NET_BIND | NET_LISTEN | NET_ACCEPT | NET_SHUTDOWN },
	{ "send", NET_SEND },
	{ "recv", NET_RECV },
	{ "any", NET_ALL },
};


static const struct name_bits targets[] = {
	{ "self", TGT_SELF }, { "parent", TGT_PARENT }, { "child", TGT_CHILD }, { "any", TGT_ANY },
};

static const struct name_bits family_aliases[] = {
	{ "local", SIGBIT(1) }, { "file", SIGBIT(1) }, { "route", SIGBIT(16) }, { "any", FAMILY_ANY },
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

static bool bits_lookup(const struct bit_names *t, const char *w, uint64_t *bits)
{
	if (!strcmp(w, "any")) {
		*bits |= t->all;
		return true;
	}
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->names[i], w)) {
			*bits |= UINT64_C(1) << i;
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
		for (int i = 1; i < NAMETAB_SIGNALS; i++) {
			char n[16];
			/* "SIGHUP" folds to "sighup"; compared without "sig" */
			fold(nametab_signals[i] + 3, n, sizeof(n));
			if (!strcmp(n, s))
				return i;
		}
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
		fold(nametab_caps[i], c, sizeof(c));
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
	for (int i = 0; i < NAMETAB_FAMILIES; i++)
		if (!strcmp(nametab_families[i], s) || !strcmp(nametab_families[i], f))
			return i;
	return -1;
}

bool names_lookup(enum name_space ns, const char *w, uint64_t *bits)
{
	int n;
	switch (ns) {
	case NS_FS_FLAG:
		return bits_lookup(&fs_flags, w, bits);
	case NS_YAML_ACCESS:
		return table_lookup(yaml_access_words, ARRAY_LEN(yaml_access_words), w, true, bits);
	case NS_NET_FLAG:
		return bits_lookup(&net_flags, w, bits);
	case NS_YAML_NET:
		return table_lookup(yaml_net_words, ARRAY_LEN(yaml_net_words), w, false, bits);
	case NS_PTRACE_FLAG:
		return bits_lookup(&ptrace_flags, w, bits);
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

static void each_bit(const struct bit_names *t, void (*fn)(const char *, void *), void *ctx)
{
	for (size_t i = 0; i < t->n; i++)
		fn(t->names[i], ctx);
	fn("any", ctx);
}

/* Calls fn(name, ctx) for every name of a name space. */
static void each_name(enum name_space ns, void (*fn)(const char *, void *), void *ctx)
{
#define EACH_TABLE(t)                                \
	for (size_t i = 0; i < ARRAY_LEN(t); i++)    \
		fn(t[i].name, ctx)
	switch (ns) {
	case NS_FS_FLAG: each_bit(&fs_flags, fn, ctx); break;
	case NS_YAML_ACCESS: EACH_TABLE(yaml_access_words); break;
	case NS_NET_FLAG: each_bit(&net_flags, fn, ctx); break;
	case NS_YAML_NET: EACH_TABLE(yaml_net_words); break;
	case NS_PTRACE_FLAG: each_bit(&ptrace_flags, fn, ctx); break;
	case NS_TARGET: EACH_TABLE(targets); break;
	case NS_FAMILY:
		EACH_TABLE(family_aliases);
		for (size_t i = 0; i < NAMETAB_FAMILIES; i++)
			fn(nametab_families[i], ctx);
		break;
	case NS_SIGNAL:
		EACH_TABLE(signal_classes);
		for (size_t i = 1; i < NAMETAB_SIGNALS; i++)
			fn(nametab_signals[i], ctx);
		fn("sigchld", ctx);
		fn("sigkill", ctx);
		fn("sigstop", ctx);
		break;
	case NS_CAP:
		fn("any", ctx);
		for (size_t i = 0; i < CAP_COUNT; i++)
			fn(nametab_caps[i], ctx);
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

static void format_bits(const struct bit_names *t, uint64_t mask, struct strbuf *sb)
{
	if ((mask & t->all) == t->all) {
		sb_puts(sb, "any");
		return;
	}
	bool first = true;
	for (size_t i = 0; i < t->n; i++) {
		if (!(mask & (UINT64_C(1) << i)))
			continue;
		sb_puts(sb, first ? "" : "|");
		sb_puts(sb, t->names[i]);
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
		format_bits(&net_flags, mask, sb);
		return;
	case RK_PTRACE:
		format_bits(&ptrace_flags, mask, sb);
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
			sb_puts(sb, nametab_caps[i]);
			first = false;
		}
		break;
	case RK_IPC:
		return;
	default:
		format_bits(&fs_flags, mask, sb);
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
	static char rt[64][NAMETAB_BUF];
	if (signo < 0 || signo >= 64)
		return "?";
	return nametab_signal((unsigned)signo, rt[signo]);
}

const char *names_cap_name(int cap)
{
	return cap >= 0 && cap < CAP_COUNT ? nametab_caps[cap] : "?";
}

const char *names_family_name(int af)
{
	static char unknown[64][NAMETAB_BUF];
	if (af < 0 || af >= 64)
		return "?";
	return nametab_family((unsigned)af, unknown[af]);
}
