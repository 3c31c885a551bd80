// SPDX-License-Identifier: GPL-2.0-only
/* events.c - formats bpfcon events (struct bpfcon_event from a policy's
 * ring buffer) as log records.  Kinds and access bits are the ABI's
 * (BPFCON_KIND_*, BPFCON_ACC_*, .. of bpfcon_abi.h, which bpfcc's IR
 * follows), named from the table bpfcc uses too (compiler/nametab.c), so a
 * record reads like the rule that decided it.
 *
 * key=value record (docs/bpfcon.1, LOG RECORDS), in this order:
 *   bpfcon="DENIED|COMPLAIN|ALLOWED|STATUS" time="RFC 3339, UTC"
 *   policy="P" pid=N comm="C" operation="HOOK" [family="F"]
 *   [target_pid=N] [peer="P"] [name="OBJECT"] [dev="MAJ:MIN"] [from="P"]
 *   [requested="ACCESS"] [flags="audit,taint,..."] [by="..."] [rule="LOC"]
 * STATUS records (enter, transition, untaint) change the task's state and
 * carry no requested, by or rule.  requested is the access bits, the
 * signal's name or the capability's name.  String values are quoted, or
 * hex-encoded when they hold a space, a quote, a control or a non-ASCII
 * byte (event_kv_value). */
#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "nametab.h"
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
	[BPFCON_HOOK_TASK_SET] = "task_set",	 [BPFCON_HOOK_READLINK] = "readlink",
	[BPFCON_HOOK_FD_USE] = "fd_use",	 [BPFCON_HOOK_WATCH] = "watch",
};

#define NAMES(a) (sizeof(a) / sizeof((a)[0]))

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

/* The names of what an event asked, in order: the bit names of its kind,
 * the signal or the capability; bits without a name as 0x...  Calls FN
 * with each, in that order. */
static void each_access(const struct bpfcon_event *ev, void (*fn)(const char *, void *),
			void *ctx)
{
	char num[NAMETAB_BUF];
	if (state_change(ev->hook))
		return;
	const char *const *names = nametab_fs_bits;
	size_t nnames = NAMETAB_FS_BITS;
	switch (ev->kind) {
	case BPFCON_KIND_SIGNAL:
		fn(nametab_signal(ev->bit, num), ctx);
		return;
	case BPFCON_KIND_CAP:
		fn(nametab_cap(ev->bit, num), ctx);
		return;
	case BPFCON_KIND_IPC:
		return;
	case BPFCON_KIND_NET:
		names = nametab_net_bits;
		nnames = NAMETAB_NET_BITS;
		break;
	case BPFCON_KIND_PTRACE:
		names = nametab_ptrace_bits;
		nnames = NAMETAB_PTRACE_BITS;
		break;
	default:
		break;
	}
	for (size_t b = 0; b < nnames; b++)
		if (ev->access & (1u << b))
			fn(names[b], ctx);
	__u32 rest = nnames < 32 ? ev->access & ~((1u << nnames) - 1) : 0;
	if (rest) {
		snprintf(num, sizeof(num), "0x%x", rest);
		fn(num, ctx);
	}
}

struct list {
	char *buf;
	size_t n, len;
};

/* Appends ITEM to a comma-separated list. */
static void list_add(const char *item, void *ctx)
{
	struct list *l = ctx;
	if (l->len >= l->n)
		return;
	int w = snprintf(l->buf + l->len, l->n - l->len, "%s%s", l->len ? "," : "", item);
	l->len += w > 0 ? (size_t)w : 0;
}

static void json_add(const char *item, void *ctx)
{
	json_str(ctx, item);
}

static bool has_target(const struct bpfcon_event *ev)
{
	return ev->kind == BPFCON_KIND_SIGNAL || ev->kind == BPFCON_KIND_PTRACE ||
	       ev->kind == BPFCON_KIND_PROC || (ev->kind == BPFCON_KIND_IPC && ev->target_pid);
}

static bool is_dev(const struct bpfcon_event *ev)
{
	return ev->kind == BPFCON_KIND_DEV_CLASS || ev->kind == BPFCON_KIND_DEV;
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

static void add_str(struct ev_record *r, const char *key, const char *s)
{
	if (r->n < EV_MAX_FIELDS)
		r->f[r->n++] = (struct ev_field){ .key = key, .str = s ? s : "" };
}

static void add_num(struct ev_record *r, const char *key, unsigned long long v)
{
	if (r->n < EV_MAX_FIELDS)
		r->f[r->n++] = (struct ev_field){ .key = key, .num = v };
}

/* A policy by name, or its id in hex when it is not loaded. */
static const char *policy_or_id(__u64 id, char *buf, size_t n)
{
	const char *name = policy_name(id);
	if (name)
		return name;
	snprintf(buf, n, "0x%016llx", (unsigned long long)id);
	return buf;
}

void event_record(struct ev_record *r, const struct bpfcon_event *ev, const char *policy,
		  const struct meta *meta, int64_t boot_offset)
{
	memset(r, 0, sizeof(*r));
	bool status = state_change(ev->hook);
	const char *verdict = status			       ? "STATUS"
			      : ev->decision == BPFCON_DENY     ? "DENIED"
			      : ev->decision == BPFCON_COMPLAIN ? "COMPLAIN"
			      : ev->decision == BPFCON_ALLOW    ? "ALLOWED"
								: "UNKNOWN";
	r->priority = status || ev->decision == BPFCON_ALLOW ? 6
		      : ev->decision == BPFCON_COMPLAIN   ? 5 : 4;
	uint64_t real = (uint64_t)((int64_t)ev->time_ns + boot_offset);
	rt_format_time(real, r->time, sizeof(r->time), true);

	add_str(r, "bpfcon", verdict);
	add_str(r, "time", r->time);
	add_str(r, "policy", policy ? policy : "?");
	add_num(r, "pid", ev->pid);
	add_str(r, "comm", ev->comm);
	add_str(r, "operation", event_hook_name(ev->hook));
	if (ev->kind == BPFCON_KIND_NET && !status)
		add_str(r, "family", nametab_family(ev->family, r->num[0]));
	if (has_target(ev) && !status)
		add_num(r, "target_pid", ev->target_pid);
	if (ev->kind == BPFCON_KIND_IPC && !status)
		add_str(r, "peer", policy_or_id(ev->peer_policy, r->peer_id, sizeof(r->peer_id)));
	if (ev->object[0])
		add_str(r, "name", ev->object);
	if (is_dev(ev)) {
		snprintf(r->dev, sizeof(r->dev), "%u:%u", ev->dev_major, ev->dev_minor);
		add_str(r, "dev", r->dev);
	}
	if (ev->hook == BPFCON_HOOK_TRANSITION && ev->peer_policy)
		add_str(r, "from", policy_or_id(ev->peer_policy, r->peer_id, sizeof(r->peer_id)));
	struct list acc = { r->acc, sizeof(r->acc), 0 };
	each_access(ev, list_add, &acc);
	if (acc.len)
		add_str(r, "requested", r->acc);
	struct list fl = { r->flags, sizeof(r->flags), 0 };
	for (size_t i = 0; i < NAMES(flag_names); i++)
		if (ev->flags & flag_names[i].bit)
			list_add(flag_names[i].name, &fl);
	if (fl.len)
		add_str(r, "flags", r->flags);
	if (status)
		return;
	add_str(r, "by", by_name(ev->by));
	if (ev->rule >= 0) {
		const struct meta_rule *rule = meta ? meta_rule(meta, ev->rule) : NULL;
		if (rule) {
			add_str(r, "rule", rule->loc);
			r->rule_text = rule->text;
		} else {
			snprintf(r->num[1], sizeof(r->num[1]), "#%d", ev->rule);
			add_str(r, "rule", r->num[1]);
		}
	}
}

void event_kv_value(FILE *out, const char *v)
{
	bool plain = true;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '"')
			plain = false;
	if (plain) {
		fprintf(out, "\"%s\"", v);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		fprintf(out, "%02X", *p);
}

void event_print_kv(FILE *out, const struct ev_record *r, bool no_time)
{
	bool first = true;
	for (size_t i = 0; i < r->n; i++) {
		const struct ev_field *f = &r->f[i];
		if (no_time && !strcmp(f->key, "time"))
			continue;
		fprintf(out, "%s%s=", first ? "" : " ", f->key);
		first = false;
		if (f->str)
			event_kv_value(out, f->str);
		else
			fprintf(out, "%llu", f->num);
	}
	fputc('\n', out);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int event_kv_parse(char *line, struct ev_field *out, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (*p && *p != '\n') {
		char *key = p;
		while ((*p >= 'a' && *p <= 'z') || *p == '_')
			p++;
		if (p == key || *p != '=' || n >= max)
			return -1;
		*p++ = '\0';
		struct ev_field *f = &out[n++];
		*f = (struct ev_field){ .key = key };
		if (*p == '"') {
			f->str = ++p;
			while (*p && *p != '"')
				p++;
			if (*p != '"')
				return -1;
			*p++ = '\0';
		} else {
			char *v = p, *w = p;
			while (*p && *p != ' ' && *p != '\n')
				p++;
			size_t len = (size_t)(p - v);
			if (!len)
				return -1;
			char end = *p;
			*p = '\0';
			/* the numbers are pid and target_pid; the rest are strings */
			if (!strcmp(key, "pid") || !strcmp(key, "target_pid")) {
				char *e;
				f->num = strtoull(v, &e, 10);
				if (*e)
					return -1;
			} else {
				/* hex: two digits a byte */
				if (len % 2)
					return -1;
				for (size_t i = 0; i < len; i += 2) {
					int hi = hexval(v[i]), lo = hexval(v[i + 1]);
					if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
						return -1;
					*w++ = (char)(hi << 4 | lo);
				}
				*w = '\0';
				f->str = v;
			}
			*p = end;
		}
		if (*p == ' ')
			*p++ = '\0';
		else if (*p && *p != '\n')
			return -1;
	}
	if (*p == '\n')
		*p = '\0';
	return (int)n;
}

/* A policy's name and id as two JSON members, the name null if unknown. */
static void json_policy(struct json *j, const char *what, __u64 id)
{
	char key[32];
	snprintf(key, sizeof(key), "%s_id", what);
	json_key(j, key);
	json_rawf(j, "\"0x%016llx\"", (unsigned long long)id);
	json_key(j, what);
	json_str(j, policy_name(id));
}

/* The members only some kinds have. */
static void json_kind_fields(struct json *j, const struct bpfcon_event *ev)
{
	char num[NAMETAB_BUF];
	if (is_dev(ev)) {
		json_key(j, "dev");
		json_rawf(j, "\"%u:%u\"", ev->dev_major, ev->dev_minor);
	}
	if (ev->kind == BPFCON_KIND_NET)
		json_kv_str(j, "family", nametab_family(ev->family, num));
	if (ev->kind == BPFCON_KIND_SIGNAL) {
		json_kv_str(j, "signal", nametab_signal(ev->bit, num));
		json_kv_int(j, "signo", ev->bit);
	}
	if (ev->kind == BPFCON_KIND_CAP) {
		json_kv_str(j, "capability", nametab_cap(ev->bit, num));
		json_kv_int(j, "capno", ev->bit);
	}
	if (has_target(ev)) {
		json_kv_int(j, "target_pid", ev->target_pid);
		if (ev->kind != BPFCON_KIND_IPC && ev->peer_policy)
			json_policy(j, "target_policy", ev->peer_policy);
	}
	if (ev->kind == BPFCON_KIND_IPC)
		json_policy(j, "peer_policy", ev->peer_policy);
	else if (ev->hook == BPFCON_HOOK_TRANSITION)
		json_policy(j, "from_policy", ev->peer_policy);
}

void event_print_json(FILE *out, const struct bpfcon_event *ev, const char *policy,
		      const struct meta *meta, int64_t boot_offset)
{
	char when[40];
	uint64_t real = (uint64_t)((int64_t)ev->time_ns + boot_offset);
	rt_format_time(real, when, sizeof(when), true);
	const struct meta_rule *rule = meta && ev->rule >= 0 ? meta_rule(meta, ev->rule) : NULL;
	struct json j;
	json_init(&j, out, 0, false);
	json_object(&j);
	json_kv_str(&j, "time", when);
	json_key(&j, "time_ns");
	json_uint(&j, real);
	json_kv_str(&j, "policy", policy ? policy : "");
	json_key(&j, "policy_id");
	json_rawf(&j, "\"0x%016llx\"", (unsigned long long)ev->policy_id);
	json_kv_int(&j, "pid", ev->pid);
	json_kv_int(&j, "tgid", ev->tgid);
	json_key(&j, "comm");
	json_strn(&j, ev->comm, sizeof(ev->comm));
	json_kv_str(&j, "hook", event_hook_name(ev->hook));
	json_kv_str(&j, "kind", nametab_kind(ev->kind));
	json_key(&j, "object");
	json_strn(&j, ev->object, sizeof(ev->object));
	json_kind_fields(&j, ev);
	json_key(&j, "access");
	json_array(&j);
	each_access(ev, json_add, &j);
	json_end(&j);
	json_kv_str(&j, "decision", decision_name(ev->decision));
	json_kv_str(&j, "by", by_name(ev->by));
	json_key(&j, "rule");
	if (ev->rule < 0) {
		json_null(&j);
	} else {
		json_object(&j);
		json_kv_int(&j, "id", ev->rule);
		json_kv_str(&j, "location", rule ? rule->loc : "");
		json_kv_str(&j, "text", rule ? rule->text : "");
		json_end(&j);
	}
	for (size_t i = 0; i < NAMES(flag_names); i++) {
		json_key(&j, flag_names[i].name);
		json_bool(&j, ev->flags & flag_names[i].bit);
	}
	json_end(&j);
	fputc('\n', out);
}
