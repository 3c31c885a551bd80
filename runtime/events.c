/* events.c - formats bpfcon events (struct bpfcon_event from a policy's
 * ring buffer) as one text line or one JSON object.  Kinds and access bits
 * are the compiler's (compiler/ir.h enum rule_kind and ACC_*). */
#include "events.h"

#include <string.h>

#include "util.h"

static const char *const hook_names[BPFCON_HOOK__COUNT] = {
	[BPFCON_HOOK_FILE_OPEN] = "file_open", [BPFCON_HOOK_EXEC] = "exec",
	[BPFCON_HOOK_MMAP] = "mmap",	       [BPFCON_HOOK_MPROTECT] = "mprotect",
	[BPFCON_HOOK_IOCTL] = "ioctl",	       [BPFCON_HOOK_GETATTR] = "getattr",
	[BPFCON_HOOK_SETATTR] = "setattr",     [BPFCON_HOOK_TRUNCATE] = "truncate",
	[BPFCON_HOOK_CREATE] = "create",       [BPFCON_HOOK_UNLINK] = "unlink",
	[BPFCON_HOOK_LINK] = "link",	       [BPFCON_HOOK_RENAME] = "rename",
	[BPFCON_HOOK_BPF] = "bpf",	       [BPFCON_HOOK_ENTER] = "enter",
	[BPFCON_HOOK_RECEIVE] = "file_receive",
};

/* compiler/ir.h enum rule_kind, in order. */
static const char *const kind_names[] = {
	"fs", "filesystem", "proc", "dev", "dev", "cap", "ipc", "net", "signal", "ptrace",
};
#define KIND_DEV_CLASS 3
#define KIND_DEV_NUM 4
#define KIND_FILE_LAST 4	/* fs .. dev: file access bits */

/* compiler/ir.h ACC_*, bit by bit. */
static const char *const acc_names[] = {
	"read", "write", "append", "exec", "map", "setattr", "getattr", "ioctl", "rm", "link",
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
	return by < sizeof(n) / sizeof(n[0]) ? n[by] : "unknown";
}

/* "read,write" or "0x..." for kinds whose bits are not file accesses. */
static void access_text(const struct bpfcon_event *ev, char *buf, size_t n, bool json)
{
	size_t len = 0;
	buf[0] = '\0';
	if (ev->hook == BPFCON_HOOK_ENTER)
		return;
	if (ev->kind > KIND_FILE_LAST) {
		snprintf(buf, n, json ? "\"0x%x\"" : "0x%x", ev->access);
		return;
	}
	for (size_t b = 0; b < sizeof(acc_names) / sizeof(acc_names[0]); b++) {
		if (!(ev->access & (1u << b)))
			continue;
		len += snprintf(buf + len, n - len, json ? "%s\"%s\"" : "%s%s",
				len ? "," : "", acc_names[b]);
		if (len >= n)
			return;
	}
	__u32 rest = ev->access & ~((1u << 10) - 1);
	if (rest && len < n)
		snprintf(buf + len, n - len, json ? "%s\"0x%x\"" : "%s0x%x", len ? "," : "", rest);
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

void event_print(FILE *out, const struct bpfcon_event *ev, const char *policy,
		 const struct meta *meta, int64_t boot_offset, bool json)
{
	char when[64], acc[256];
	uint64_t real = (uint64_t)((int64_t)ev->time_ns + boot_offset);
	rt_format_time(real, when, sizeof(when), true);
	const struct meta_rule *rule = meta && ev->rule >= 0 ? meta_rule(meta, ev->rule) : NULL;
	const char *kind = ev->kind < sizeof(kind_names) / sizeof(kind_names[0])
		? kind_names[ev->kind] : "unknown";
	bool dev = ev->kind == KIND_DEV_CLASS || ev->kind == KIND_DEV_NUM;
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
		if (dev)
			fprintf(out, ",\"dev\":\"%u:%u\"", ev->dev_major, ev->dev_minor);
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
		fprintf(out, ",\"audit\":%s,\"taint\":%s}\n",
			ev->flags & BPFCON_EV_AUDIT ? "true" : "false",
			ev->flags & BPFCON_EV_TAINT ? "true" : "false");
		return;
	}

	fprintf(out, "%s %s pid=%u comm=", when, policy ? policy : "?", ev->pid);
	text_str(out, ev->comm, sizeof(ev->comm));
	fprintf(out, " %s", hook);
	if (ev->object[0]) {
		fputc(' ', out);
		text_str(out, ev->object, sizeof(ev->object));
	}
	if (dev)
		fprintf(out, " dev=%u:%u", ev->dev_major, ev->dev_minor);
	if (acc[0])
		fprintf(out, " %s", acc);
	fprintf(out, " %s", decision_name(ev->decision));
	if (ev->flags & BPFCON_EV_AUDIT)
		fputs(" [audit]", out);
	if (ev->flags & BPFCON_EV_TAINT)
		fputs(" [taint]", out);
	if (ev->rule >= 0) {
		if (rule)
			fprintf(out, " by %s: %s", rule->loc, rule->text);
		else
			fprintf(out, " by rule %d", ev->rule);
	} else if (ev->hook != BPFCON_HOOK_ENTER) {
		fprintf(out, " by %s", by_name(ev->by));
	}
	fputc('\n', out);
}
