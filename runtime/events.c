// SPDX-License-Identifier: GPL-2.0-only
/* events.c - formats bpfcon events (struct bpfcon_event from a policy's
 * ring buffer) as one text line or one JSON object.  Kinds and access bits
 * are the compiler's (compiler/ir.h enum rule_kind, ACC_*, NET_*, PT_*);
 * the names of signals, capabilities and socket families are the ones the
 * policy languages use (compiler/names.c), so a log line reads like the
 * rule that decided it.
 *
 * Text line (docs/bpfcon.1, "LOG LINES"):
 *   TIME POLICY pid=N comm=C HOOK [OBJECT] [ACCESS] DECISION [FLAGS] [by RULE]
 * where OBJECT is, by kind: a path (fs; dev adds dev=MAJ:MIN), the
 * socket's family=NAME (net), pid=N and the target's executable (signal,
 * ptrace), pid=N and the /proc file (proc), peer=POLICY (ipc), nothing
 * (cap), the executed file and from=POLICY (transition); ACCESS is the
 * access bits, the signal's name or the capability's name. */
#include "events.h"

#include <string.h>

#include "pins.h"
#include "util.h"

static const char *const hook_names[BPFCON_HOOK__COUNT] = {
	[BPFCON_HOOK_FILE_OPEN] = "file_open",	 [BPFCON_HOOK_EXEC] = "exec",
	[BPFCON_HOOK_MMAP] = "mmap",		 [BPFCON_HOOK_MPROTECT] = "mprotect",
	[BPFCON_HOOK_IOCTL] = "ioctl",		 [BPFCON_HOOK_GETATTR] = "getattr",
	[BPFCON_HOOK_SETATTR] = "setattr",	 [BPFCON_HOOK_TRUNCATE] = "truncate",
	[BPFCON_HOOK_CREATE] = "create",	 [BPFCON_HOOK_UNLINK] = "unlink",
	[BPFCON_HOOK_LINK] = "link",		 [BPFCON_HOOK_RENAME] = "rename",
	[BPFCON_HOOK_BPF] = "bpf",		 [BPFCON_HOOK_ENTER] = "enter",
	[BPFCON_HOOK_RECEIVE] = "file_receive",	 [BPFCON_HOOK_SOCKET_CREATE] = "socket_create",
	[BPFCON_HOOK_CONNECT] = "connect",	 [BPFCON_HOOK_BIND] = "bind",
	[BPFCON_HOOK_LISTEN] = "listen",	 [BPFCON_HOOK_ACCEPT] = "accept",
	[BPFCON_HOOK_SENDMSG] = "sendmsg",	 [BPFCON_HOOK_RECVMSG] = "recvmsg",
	[BPFCON_HOOK_SHUTDOWN] = "shutdown",	 [BPFCON_HOOK_UNIX_CONNECT] = "unix_connect",
	[BPFCON_HOOK_UNIX_SEND] = "unix_send",	 [BPFCON_HOOK_KILL] = "kill",
	[BPFCON_HOOK_SIGIO] = "sigio",		 [BPFCON_HOOK_PTRACE] = "ptrace",
	[BPFCON_HOOK_TRACEME] = "traceme",	 [BPFCON_HOOK_PROC] = "proc",
	[BPFCON_HOOK_CAPABLE] = "capable",	 [BPFCON_HOOK_MODULE] = "module",
	[BPFCON_HOOK_MOUNT] = "mount",		 [BPFCON_HOOK_NAMESPACE] = "namespace",
	[BPFCON_HOOK_PERF] = "perf",		 [BPFCON_HOOK_KEY] = "key",
	[BPFCON_HOOK_SETTIME] = "settime",	 [BPFCON_HOOK_SYSV] = "sysv",
	[BPFCON_HOOK_TRANSITION] = "transition", [BPFCON_HOOK_UNTAINT] = "untaint",
};

/* compiler/ir.h enum rule_kind, in order. */
static const char *const kind_names[] = {
	"fs", "filesystem", "proc", "dev", "dev", "cap", "ipc", "net", "signal", "ptrace",
};
#define KIND_DEV_CLASS 3

#define NAMES(a) (sizeof(a) / sizeof((a)[0]))

/* Bit names per kind, bit 0 first. */
static const char *const acc_names[] = {
	"read", "write", "append", "exec", "map", "setattr", "getattr", "ioctl", "rm", "link",
};
static const char *const net_names[] = {
	"connect", "bind", "accept", "listen", "send", "recv", "create", "shutdown",
};
static const char *const ptrace_names[] = { "read", "attach" };

/* Socket families by AF_ number, as policies name them. */
static const char *const family_names[] = {
	"unspec",   "unix",	 "inet",     "ax25",	  "ipx",       "appletalk", "netrom",
	"bridge",   "atmpvc",	 "x25",	     "inet6",	  "rose",      "decnet",    "netbeui",
	"security", "key",	 "netlink",  "packet",	  "ash",       "econet",    "atmsvc",
	"rds",	    "sna",	 "irda",     "pppox",	  "wanpipe",   "llc",	    "ib",
	"mpls",	    "can",	 "tipc",     "bluetooth", "iucv",      "rxrpc",	    "isdn",
	"phonet",   "ieee802154", "caif",    "alg",	  "nfc",       "vsock",	    "kcm",
	"qipcrtr",  "smc",	 "xdp",	     "mctp",
};

/* Signals by number; 0 is the existence check. */
static const char *const signal_names[] = {
	"check",   "SIGHUP",  "SIGINT",	 "SIGQUIT", "SIGILL",    "SIGTRAP",   "SIGABRT",
	"SIGBUS",  "SIGFPE",  "SIGKILL", "SIGUSR1", "SIGSEGV",   "SIGUSR2",   "SIGPIPE",
	"SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",   "SIGTSTP",
	"SIGTTIN", "SIGTTOU", "SIGURG",	 "SIGXCPU", "SIGXFSZ",   "SIGVTALRM", "SIGPROF",
	"SIGWINCH", "SIGIO",  "SIGPWR",	 "SIGSYS",
};

/* Capabilities by number, as policies name them (snake_case). */
static const char *const cap_names[] = {
	"chown",	    "dac_override",  "dac_read_search", "fowner",	"fsetid",
	"kill",		    "setgid",	     "setuid",		"setpcap",	"linux_immutable",
	"net_bind_service", "net_broadcast", "net_admin",	"net_raw",	"ipc_lock",
	"ipc_owner",	    "sys_module",    "sys_rawio",	"sys_chroot",	"sys_ptrace",
	"sys_pacct",	    "sys_admin",     "sys_boot",	"sys_nice",	"sys_resource",
	"sys_time",	    "sys_tty_config", "mknod",		"lease",	"audit_write",
	"audit_control",    "setfcap",	     "mac_override",	"mac_admin",	"syslog",
	"wake_alarm",	    "block_suspend", "audit_read",	"perfmon",	"bpf",
	"checkpoint_restore",
};

const char *event_hook_name(__u32 hook)
{
	return hook < BPFCON_HOOK__COUNT && hook_names[hook] ? hook_names[hook] : "unknown";
}

static const char *decision_name(__u32 d)
{
	return d == BPFCON_DENY ? "deny" : d == BPFCON_ALLOW ? "allow"
		: d == BPFCON_COMPLAIN ? "complain" : "unknown";
}

static const char *by_name(__u32 by)
{
	static const char *const n[] = { "rules", "default", "untainted", "builtin" };
	return by < NAMES(n) ? n[by] : "unknown";
}

/* Hooks that record a change of the task's state, not a decision: they
 * carry no access and no deciding rule. */
static bool state_change(__u32 hook)
{
	return hook == BPFCON_HOOK_ENTER || hook == BPFCON_HOOK_TRANSITION ||
	       hook == BPFCON_HOOK_UNTAINT;
}

/* A name from TABLE, or PREFIX and the number when it has none. */
static const char *number_name(const char *const *table, size_t n, __u32 v, const char *prefix,
			       char *buf, size_t len)
{
	if (v < n && table[v])
		return table[v];
	snprintf(buf, len, "%s%u", prefix, v);
	return buf;
}

static const char *family_name(__u32 af, char *buf, size_t len)
{
	return number_name(family_names, NAMES(family_names), af, "af", buf, len);
}

static const char *signal_name(__u32 sig, char *buf, size_t len)
{
	if (sig == 32) {
		snprintf(buf, len, "SIGRTMIN");
		return buf;
	}
	if (sig > 32 && sig <= 64) {
		snprintf(buf, len, "SIGRTMIN+%u", sig - 32);
		return buf;
	}
	return number_name(signal_names, NAMES(signal_names), sig, "signal", buf, len);
}

static const char *cap_name(__u32 cap, char *buf, size_t len)
{
	return number_name(cap_names, NAMES(cap_names), cap, "cap", buf, len);
}

/* The name of the loaded policy with id ID, or NULL.  Policy ids are the
 * hash of the name, and a loaded policy's pin directory is its name, so
 * the directory names are enough; they are read again when an id is not
 * among them (a policy loaded since). */
static const char *policy_name(__u64 id)
{
	static char **names;
	for (int pass = 0; pass < 2; pass++) {
		for (char **p = names; p && *p; p++)
			if (bpfcon_policy_id(*p) == id)
				return *p;
		if (pass)
			break;
		pins_free_names(names);
		names = pins_policies();
	}
	return NULL;
}

/* Appends one item to a list: "a,b" in text, "\"a\",\"b\"" in JSON. */
static void list_add(char *buf, size_t n, size_t *len, const char *item, bool json)
{
	if (*len >= n)
		return;
	*len += (size_t)snprintf(buf + *len, n - *len, json ? "%s\"%s\"" : "%s%s",
				 *len ? "," : "", item);
}

/* The access of an event as a list: the bit names of its kind, the signal
 * or the capability; bits without a name as 0x... */
static void access_text(const struct bpfcon_event *ev, char *buf, size_t n, bool json)
{
	char num[32];
	size_t len = 0;
	buf[0] = '\0';
	if (state_change(ev->hook))
		return;
	const char *const *names = acc_names;
	size_t nnames = NAMES(acc_names);
	switch (ev->kind) {
	case BPFCON_KIND_SIGNAL:
		list_add(buf, n, &len, signal_name(ev->bit, num, sizeof(num)), json);
		return;
	case BPFCON_KIND_CAP:
		list_add(buf, n, &len, cap_name(ev->bit, num, sizeof(num)), json);
		return;
	case BPFCON_KIND_IPC:
		return;
	case BPFCON_KIND_NET:
		names = net_names;
		nnames = NAMES(net_names);
		break;
	case BPFCON_KIND_PTRACE:
		names = ptrace_names;
		nnames = NAMES(ptrace_names);
		break;
	default:
		break;
	}
	for (size_t b = 0; b < nnames; b++)
		if (ev->access & (1u << b))
			list_add(buf, n, &len, names[b], json);
	__u32 rest = nnames < 32 ? ev->access & ~((1u << nnames) - 1) : 0;
	if (rest) {
		snprintf(num, sizeof(num), "0x%x", rest);
		list_add(buf, n, &len, num, json);
	}
}

static bool has_target(const struct bpfcon_event *ev)
{
	return ev->kind == BPFCON_KIND_SIGNAL || ev->kind == BPFCON_KIND_PTRACE ||
	       ev->kind == BPFCON_KIND_PROC || (ev->kind == BPFCON_KIND_IPC && ev->target_pid);
}

static void json_str(FILE *out, const char *s, size_t max)
{
	fputc('"', out);
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* Text output keeps control bytes out of the terminal. */
static void text_str(FILE *out, const char *s, size_t max)
{
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

/* The fields only some kinds have, as JSON members. */
static void json_kind_fields(FILE *out, const struct bpfcon_event *ev)
{
	char num[32];
	if (ev->kind == KIND_DEV_CLASS || ev->kind == BPFCON_KIND_DEV)
		fprintf(out, ",\"dev\":\"%u:%u\"", ev->dev_major, ev->dev_minor);
	if (ev->kind == BPFCON_KIND_NET)
		fprintf(out, ",\"family\":\"%s\"", family_name(ev->family, num, sizeof(num)));
	if (ev->kind == BPFCON_KIND_SIGNAL)
		fprintf(out, ",\"signal\":\"%s\",\"signo\":%u",
			signal_name(ev->bit, num, sizeof(num)), ev->bit);
	if (ev->kind == BPFCON_KIND_CAP)
		fprintf(out, ",\"capability\":\"%s\",\"capno\":%u",
			cap_name(ev->bit, num, sizeof(num)), ev->bit);
	if (has_target(ev)) {
		fprintf(out, ",\"target_pid\":%u", ev->target_pid);
		if (ev->kind != BPFCON_KIND_IPC && ev->peer_policy) {
			const char *name = policy_name(ev->peer_policy);
			fprintf(out, ",\"target_policy_id\":\"0x%016llx\",\"target_policy\":",
				(unsigned long long)ev->peer_policy);
			if (name)
				json_str(out, name, 256);
			else
				fputs("null", out);
		}
	}
	if (ev->kind == BPFCON_KIND_IPC || ev->hook == BPFCON_HOOK_TRANSITION) {
		const char *name = ev->peer_policy ? policy_name(ev->peer_policy) : NULL;
		fprintf(out, ev->kind == BPFCON_KIND_IPC
			? ",\"peer_policy_id\":\"0x%016llx\",\"peer_policy\":"
			: ",\"from_policy_id\":\"0x%016llx\",\"from_policy\":",
			(unsigned long long)ev->peer_policy);
		if (name)
			json_str(out, name, 256);
		else
			fputs("null", out);
	}
}

/* OBJECT of the text line (see the top of this file). */
static void text_object(FILE *out, const struct bpfcon_event *ev)
{
	char num[32];
	if (ev->kind == BPFCON_KIND_NET && !state_change(ev->hook))
		fprintf(out, " family=%s", family_name(ev->family, num, sizeof(num)));
	if (has_target(ev) && !state_change(ev->hook))
		fprintf(out, " pid=%u", ev->target_pid);
	if (ev->kind == BPFCON_KIND_IPC && !state_change(ev->hook)) {
		const char *name = ev->peer_policy ? policy_name(ev->peer_policy) : NULL;
		if (name)
			fprintf(out, " peer=%s", name);
		else
			fprintf(out, " peer=0x%016llx", (unsigned long long)ev->peer_policy);
	}
	if (ev->object[0]) {
		fputc(' ', out);
		text_str(out, ev->object, sizeof(ev->object));
	}
	if (ev->kind == KIND_DEV_CLASS || ev->kind == BPFCON_KIND_DEV)
		fprintf(out, " dev=%u:%u", ev->dev_major, ev->dev_minor);
	if (ev->hook == BPFCON_HOOK_TRANSITION && ev->peer_policy) {
		const char *name = policy_name(ev->peer_policy);
		if (name)
			fprintf(out, " from=%s", name);
		else
			fprintf(out, " from=0x%016llx", (unsigned long long)ev->peer_policy);
	}
}

static const struct {
	__u32 bit;
	const char *name;
} flag_names[] = {
	{ BPFCON_EV_AUDIT, "audit" },
	{ BPFCON_EV_TAINT, "taint" },
	{ BPFCON_EV_TRANSITION, "transition" },
	{ BPFCON_EV_UNTAINT, "untaint" },
};

void event_print(FILE *out, const struct bpfcon_event *ev, const char *policy,
		 const struct meta *meta, int64_t boot_offset, bool json)
{
	char when[64], acc[512];
	uint64_t real = (uint64_t)((int64_t)ev->time_ns + boot_offset);
	rt_format_time(real, when, sizeof(when), true);
	const struct meta_rule *rule = meta && ev->rule >= 0 ? meta_rule(meta, ev->rule) : NULL;
	const char *kind = ev->kind < NAMES(kind_names) ? kind_names[ev->kind] : "unknown";
	const char *hook = event_hook_name(ev->hook);
	access_text(ev, acc, sizeof(acc), json);

	if (json) {
		fprintf(out, "{\"time\":\"%s\",\"time_ns\":%llu,\"policy\":", when,
			(unsigned long long)real);
		json_str(out, policy ? policy : "", 256);
		fprintf(out, ",\"policy_id\":\"0x%016llx\",\"pid\":%u,\"tgid\":%u,\"comm\":",
			(unsigned long long)ev->policy_id, ev->pid, ev->tgid);
		json_str(out, ev->comm, sizeof(ev->comm));
		fprintf(out, ",\"hook\":\"%s\",\"kind\":\"%s\",\"object\":", hook, kind);
		json_str(out, ev->object, sizeof(ev->object));
		json_kind_fields(out, ev);
		fprintf(out, ",\"access\":[%s],\"decision\":\"%s\",\"by\":\"%s\",\"rule\":",
			acc, decision_name(ev->decision), by_name(ev->by));
		if (ev->rule < 0) {
			fputs("null", out);
		} else {
			fprintf(out, "{\"id\":%d,\"location\":", ev->rule);
			json_str(out, rule ? rule->loc : "", 4096);
			fputs(",\"text\":", out);
			json_str(out, rule ? rule->text : "", 4096);
			fputc('}', out);
		}
		for (size_t i = 0; i < NAMES(flag_names); i++)
			fprintf(out, ",\"%s\":%s", flag_names[i].name,
				ev->flags & flag_names[i].bit ? "true" : "false");
		fputs("}\n", out);
		return;
	}

	fprintf(out, "%s %s pid=%u comm=", when, policy ? policy : "?", ev->pid);
	text_str(out, ev->comm, sizeof(ev->comm));
	fprintf(out, " %s", hook);
	text_object(out, ev);
	if (acc[0])
		fprintf(out, " %s", acc);
	fprintf(out, " %s", decision_name(ev->decision));
	for (size_t i = 0; i < NAMES(flag_names); i++)
		if (ev->flags & flag_names[i].bit)
			fprintf(out, " [%s]", flag_names[i].name);
	if (ev->rule >= 0) {
		if (rule)
			fprintf(out, " by %s: %s", rule->loc, rule->text);
		else
			fprintf(out, " by rule %d", ev->rule);
	} else if (!state_change(ev->hook)) {
		fprintf(out, " by %s", by_name(ev->by));
	}
	fputc('\n', out);
}
