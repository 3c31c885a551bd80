// SPDX-License-Identifier: GPL-2.0-only
/* logprof.c - `bpfcon logprof NAME [FILE]`: turns the log of policy NAME
 * (key=value records, as `bpfcon logs` prints them and the journal's
 * MESSAGE holds them) into the rule-DSL lines that would allow what was
 * denied or complained about, generalized as a person would write them:
 *   - the user's home, /home/USER/..., as a glob over every user;
 *   - another task's /proc/PID files as proc(any, ...);
 *   - versioned libraries (libssl.so.3, libc.so.6) as libssl.so*;
 *   - temporary files (/tmp, /var/tmp, /dev/shm, /run/user/UID) with
 *     their random or numbered parts as *;
 * the accesses of one rule merged, and each rule followed by a comment
 * saying how often it was seen and by which operations.  Records are read
 * from the key=value form because it is exact (a hex value keeps every
 * byte of a path) and needs no JSON parser. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "events.h"
#include "logprof.h"
#include "nametab.h"
#include "util.h"

/* The rule kinds logprof writes, in output order. */
enum lp_kind { LP_FS, LP_PROC, LP_NET, LP_SIGNAL, LP_PTRACE, LP_CAP, LP_IPC, LP__COUNT };

struct lp_rule {
	enum lp_kind kind;
	char *head;		/* fs("/etc/hosts" ... up to the access list */
	unsigned long long bits;	/* access bits (fs, net, ptrace), signals */
	unsigned count;
	char ops[128];		/* the operations seen, comma-separated */
};

struct logprof {
	struct lp_rule *v;
	size_t n, cap;
	unsigned records, used, skipped;
	char *skipped_ops[8];	/* the first records not written as rules */
};

static const char *field(const struct ev_field *f, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return f[i].str ? f[i].str : "";
	return NULL;
}

/* Bit i set for each comma-separated word of LIST that is NAMES[i];
 * false if a word is none of them. */
static bool words_to_bits(const char *list, const char *const *names, size_t n,
			  unsigned long long *bits)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", list);
	for (char *save, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t i = 0;
		while (i < n && strcmp(names[i], w))
			i++;
		if (i == n)
			return false;
		*bits |= 1ull << i;
	}
	return true;
}

/* The signal number of NAME as nametab_signal writes it, or -1. */
static int signal_number(const char *name)
{
	char buf[NAMETAB_BUF];
	for (unsigned s = 0; s <= 64; s++)
		if (!strcmp(nametab_signal(s, buf), name))
			return (int)s;
	return -1;
}

static bool is_cap(const char *name)
{
	for (size_t i = 0; i < NAMETAB_CAPS; i++)
		if (!strcmp(nametab_caps[i], name))
			return true;
	return false;
}

/* Appends S to OUT (size N) with glob characters made literal. */
static void put_literal(char *out, size_t n, const char *s, size_t len)
{
	size_t o = strlen(out);
	for (size_t i = 0; i < len && o + 4 < n; i++) {
		if (strchr("*?[", s[i]))
			o += (size_t)snprintf(out + o, n - o, "[%c]", s[i]);
		else
			out[o++] = s[i];
	}
	out[o] = '\0';
}

static void put_glob(char *out, size_t n, const char *g)
{
	size_t o = strlen(out);
	snprintf(out + o, n - o, "%s", g);
}

/* A random-looking part of a temporary file's name: digits only, or six
 * or more letters and digits with a digit or both cases among them. */
static bool random_token(const char *s, size_t len)
{
	bool digit = false, upper = false, lower = false, alnum = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		digit |= isdigit(c) != 0;
		upper |= isupper(c) != 0;
		lower |= islower(c) != 0;
		alnum &= isalnum(c) != 0;
	}
	if (!alnum || !len)
		return false;
	if (digit && !upper && !lower)
		return true;
	return len >= 6 && (digit || (upper && lower));
}

/* One component of a temporary file's path: its random tokens (between
 * '.', '_' and '-') as '*'. */
static void put_temp_name(char *out, size_t n, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && !strchr("._-", s[j]))
			j++;
		if (random_token(s + i, j - i)) {
			/* one '*' for a run of random tokens */
			size_t o = strlen(out);
			if (!o || out[o - 1] != '*')
				put_glob(out, n, "*");
		} else {
			put_literal(out, n, s + i, j - i);
		}
		if (j < len)
			put_literal(out, n, s + j, 1);
		i = j + 1;
	}
}

/* A versioned shared library's name as a glob: "libssl.so.3" ->
 * "libssl.so*", "libfoo-1.2.so" -> "libfoo-*.so".  False if NAME is
 * not one. */
static bool put_library(char *out, size_t n, const char *s, size_t len)
{
	const char *so = NULL;
	for (size_t i = 0; i + 3 <= len; i++)
		if (!memcmp(s + i, ".so", 3) && (i + 3 == len || s[i + 3] == '.'))
			so = s + i;
	if (!so || strncmp(s, "lib", 3))
		return false;
	size_t base = (size_t)(so - s) + 3;
	if (base < len && strspn(s + base, ".0123456789") == len - base) {
		put_literal(out, n, s, base);
		put_glob(out, n, "*");
		return true;
	}
	/* libfoo-1.2.so */
	const char *dash = NULL;
	for (const char *p = s; p < so; p++)
		if (*p == '-' && isdigit((unsigned char)p[1]))
			dash = p;
	bool version = dash != NULL;
	for (const char *p = dash ? dash + 1 : so; p < so; p++)
		version &= (isdigit((unsigned char)*p) || *p == '.');
	if (base == len && version) {
		put_literal(out, n, s, (size_t)(dash - s) + 1);
		put_glob(out, n, "*");
		put_literal(out, n, so, 3);
		return true;
	}
	return false;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && path[n] == '/';
}

/* PATH generalized into OUT as a glob (see the top of the file). */
static void generalize(const char *path, char *out, size_t n)
{
	out[0] = '\0';
	bool temp = under(path, "/tmp") || under(path, "/var/tmp") || under(path, "/dev/shm");
	int comp = 0;
	const char *p = path;
	while (*p) {
		if (*p == '/') {
			put_literal(out, n, "/", 1);
			p++;
			continue;
		}
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		comp++;
		bool last = !e;
		/* /home/USER, /run/user/UID */
		if ((comp == 2 && under(path, "/home")) ||
		    (comp == 3 && under(path, "/run/user") && strspn(p, "0123456789") == len)) {
			put_glob(out, n, "*");
			if (under(path, "/run/user"))
				temp = true;
		} else if (temp && comp >= 2) {
			put_temp_name(out, n, p, len);
		} else if (!(last && put_library(out, n, p, len))) {
			put_literal(out, n, p, len);
		}
		p += len;
	}
}

/* S as a DSL string literal, or false if S is not printable text (the
 * DSL takes UTF-8 without control characters). */
bool logprof_dsl_string(const char *s, char *out, size_t n)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (o + 3 >= n)
			return false;
		if (*p == '"' || *p == '\\')
			out[o++] = '\\';
		out[o++] = (char)*p;
	}
	out[o] = '\0';
	/* invalid UTF-8 */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			continue;
		int k = (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
		if (k < 0 || *p < 0xc2 || *p > 0xf4)
			return false;
		for (int i = 1; i <= k; i++)
			if ((p[i] & 0xc0) != 0x80)
				return false;
		p += k;
	}
	return true;
}

static void add_rule(struct logprof *lp, enum lp_kind kind, const char *head,
		     unsigned long long bits, const char *op)
{
	struct lp_rule *r = NULL;
	for (size_t i = 0; i < lp->n; i++)
		if (lp->v[i].kind == kind && !strcmp(lp->v[i].head, head))
			r = &lp->v[i];
	if (!r) {
		if (lp->n == lp->cap) {
			lp->cap = lp->cap ? 2 * lp->cap : 32;
			lp->v = xrealloc(lp->v, lp->cap * sizeof(*lp->v));
		}
		r = &lp->v[lp->n++];
		*r = (struct lp_rule){ .kind = kind, .head = xstrdup(head) };
	}
	r->bits |= bits;
	r->count++;
	/* the operation, once */
	size_t len = strlen(op);
	for (const char *p = r->ops; (p = strstr(p, op)); p += len)
		if ((p == r->ops || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return;
	size_t o = strlen(r->ops);
	if (o + len + 2 < sizeof(r->ops))
		snprintf(r->ops + o, sizeof(r->ops) - o, "%s%s", o ? "," : "", op);
}

/* One record: the rule that allows it, or false if none is written. */
static bool take(struct logprof *lp, const struct ev_field *f, int n)
{
	const char *op = field(f, n, "operation"), *name = field(f, n, "name");
	const char *req = field(f, n, "requested"), *family = field(f, n, "family");
	const char *peer = field(f, n, "peer");
	bool target = field(f, n, "target_pid") != NULL;
	char head[8192], str[4096], glob[4096];
	unsigned long long bits = 0;
	if (!op)
		return false;
	if (!strcmp(op, "kill") || !strcmp(op, "sigio")) {
		int sig = req ? signal_number(req) : -1;
		if (sig < 0)
			return false;
		add_rule(lp, LP_SIGNAL, "signal(any", 1ull << sig, op);
		return true;
	}
	if (family) {
		if (!req || !words_to_bits(req, nametab_net_bits, NAMETAB_NET_BITS, &bits))
			return false;
		snprintf(head, sizeof(head), "net(%s", family);
		add_rule(lp, LP_NET, head, bits, op);
		return true;
	}
	if (peer) {
		if (!logprof_dsl_string(peer, str, sizeof(str)) || !strncmp(peer, "0x", 2))
			return false;
		snprintf(head, sizeof(head), "ipc(\"%s\")", str);
		add_rule(lp, LP_IPC, head, 0, op);
		return true;
	}
	if (!strcmp(op, "ptrace") || !strcmp(op, "traceme")) {
		if (!req || !words_to_bits(req, nametab_ptrace_bits, NAMETAB_PTRACE_BITS, &bits))
			return false;
		add_rule(lp, LP_PTRACE, "ptrace(any", bits, op);
		return true;
	}
	if (req && name && words_to_bits(req, nametab_fs_bits, NAMETAB_FS_BITS, &bits)) {
		bool proc_pid = !strncmp(name, "/proc/", 6) && isdigit((unsigned char)name[6]);
		if (target || proc_pid) {
			add_rule(lp, LP_PROC, "proc(any", bits, op);
			return true;
		}
		if (name[0] != '/' || !logprof_dsl_string(name, str, sizeof(str)))
			return false;
		generalize(name, glob, sizeof(glob));
		if (!logprof_dsl_string(glob, str, sizeof(str)))
			return false;
		snprintf(head, sizeof(head), "fs(\"%s\"", str);
		add_rule(lp, LP_FS, head, bits, op);
		return true;
	}
	if (req && is_cap(req)) {
		snprintf(head, sizeof(head), "cap(%s)", req);
		add_rule(lp, LP_CAP, head, 0, op);
		return true;
	}
	return false;
}

/* What a record that gave no rule asked, for a comment: its fields from
 * operation on, values as in the record (hex where they are not text). */
static char *skipped_text(const struct ev_field *f, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return xstrdup("?");
	bool on = false;
	for (int i = 0; i < n; i++) {
		on |= !strcmp(f[i].key, "operation");
		if (!on || !strcmp(f[i].key, "by") || !strcmp(f[i].key, "rule"))
			continue;
		fprintf(m, " %s=", f[i].key);
		if (f[i].str)
			event_kv_value(m, f[i].str);
		else
			fprintf(m, "%llu", f[i].num);
	}
	fclose(m);
	return buf;
}

static int by_kind_head(const void *a, const void *b)
{
	const struct lp_rule *x = a, *y = b;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return strcmp(x->head, y->head);
}

static void print_bits(FILE *out, const struct lp_rule *r)
{
	char buf[NAMETAB_BUF];
	const char *const *names = nametab_fs_bits;
	size_t n = NAMETAB_FS_BITS;
	if (r->kind == LP_NET) {
		names = nametab_net_bits;
		n = NAMETAB_NET_BITS;
	} else if (r->kind == LP_PTRACE) {
		names = nametab_ptrace_bits;
		n = NAMETAB_PTRACE_BITS;
	}
	bool first = true;
	for (unsigned i = 0; i < 64; i++) {
		if (!(r->bits & (1ull << i)))
			continue;
		const char *w = r->kind == LP_SIGNAL ? nametab_signal(i, buf) : i < n ? names[i] : NULL;
		if (!w)
			continue;
		fprintf(out, "%s%s", first ? "" : "|", w);
		first = false;
	}
}

static void print_rules(FILE *out, struct logprof *lp, const char *policy)
{
	qsort(lp->v, lp->n, sizeof(*lp->v), by_kind_head);
	fprintf(out, "// bpfcon logprof: %zu rule%s for policy %s from %u record%s", lp->n,
		lp->n == 1 ? "" : "s", policy, lp->used, lp->used == 1 ? "" : "s");
	if (lp->skipped)
		fprintf(out, " (%u not written as a rule)", lp->skipped);
	fputc('\n', out);
	for (size_t i = 0; i < lp->skipped && i < sizeof(lp->skipped_ops) / sizeof(lp->skipped_ops[0]); i++)
		fprintf(out, "// not written:%s\n", lp->skipped_ops[i]);
	for (size_t i = 0; i < lp->n; i++) {
		const struct lp_rule *r = &lp->v[i];
		fputs(r->head, out);
		if (r->kind != LP_CAP && r->kind != LP_IPC) {
			fputs(", ", out);
			print_bits(out, r);
			fputc(')', out);
		}
		fprintf(out, "  // seen %u time%s: %s\n", r->count, r->count == 1 ? "" : "s", r->ops);
	}
}

int logprof_run(FILE *in, const char *policy, FILE *out)
{
	struct logprof lp = { 0 };
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, in) > 0) {
		struct ev_field f[EV_MAX_FIELDS];
		int n = event_kv_parse(line, f, EV_MAX_FIELDS);
		if (n <= 0)
			continue;	/* not a record: "events lost" lines, other text */
		const char *verdict = field(f, n, "bpfcon"), *pol = field(f, n, "policy");
		if (!verdict || !pol || strcmp(pol, policy))
			continue;
		lp.records++;
		if (strcmp(verdict, "DENIED") && strcmp(verdict, "COMPLAIN"))
			continue;
		if (take(&lp, f, n)) {
			lp.used++;
		} else {
			if (lp.skipped < sizeof(lp.skipped_ops) / sizeof(lp.skipped_ops[0]))
				lp.skipped_ops[lp.skipped] = skipped_text(f, n);
			lp.skipped++;
		}
	}
	free(line);
	print_rules(out, &lp, policy);
	int nrules = (int)lp.n;
	for (size_t i = 0; i < lp.n; i++)
		free(lp.v[i].head);
	for (size_t i = 0; i < lp.skipped && i < sizeof(lp.skipped_ops) / sizeof(lp.skipped_ops[0]); i++)
		free(lp.skipped_ops[i]);
	free(lp.v);
	return nrules;
}

static const char logprof_usage[] =
	"Usage: bpfcon logprof NAME [FILE]\n"
	"Reads the log records of policy NAME (`bpfcon logs` key=value records;\n"
	"FILE or standard input) and prints the rule-DSL lines that would allow\n"
	"what was denied or complained about, generalized (/home/*/, proc rules,\n"
	"library versions and temporary names as globs), each with its count.\n";

int cmd_logprof(int argc, char **argv)
{
	int r = rt_parse_help(argc, argv, "logprof", logprof_usage, false);
	if (r >= 0)
		return r;
	if (optind >= argc)
		return rt_usage("logprof: missing NAME");
	if (argc - optind > 2)
		return rt_usage("logprof: one log file at a time");
	const char *policy = argv[optind];
	const char *path = optind + 1 < argc ? argv[optind + 1] : "-";
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!in) {
		rt_err("%s: %s", path, strerror(errno));
		return RT_FAIL;
	}
	logprof_run(in, policy, stdout);
	if (in != stdin)
		fclose(in);
	return RT_OK;
}
