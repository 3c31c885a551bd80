// SPDX-License-Identifier: GPL-2.0-only
/* test_yaml.c - the YAML front end: every rule type in its short and
 * structured forms, anchors and aliases, the nesting and expansion bounds,
 * rule text and locations, and errors with their exact line:col. */
#include <stdlib.h>
#include <time.h>

#include "frontend.h"
#include "names.h"
#include "unit.h"
#include "util.h"

static struct diag D;

static struct policy *parse(const char *text)
{
	memset(&D, 0, sizeof(D));
	struct source *src = source_from_string("t.yml", text, strlen(text), &D);
	return src ? yaml_parse_policy(src, &D) : NULL;
}

/* A policy with name and command prepended (rules start on line 3). */
static struct policy *parse_body(const char *body)
{
	return parse(arena_printf("name: app\ncommand: /usr/bin/app\n%s", body));
}

/* Is there an error with this check at line:col?  (line 0: any place) */
static bool has_error(const char *check, int line, int col)
{
	for (size_t i = 0; i < D.n; i++) {
		const struct finding *f = &D.v[i];
		if (f->sev == SEV_ERROR && !strcmp(f->check, check) &&
		    (!line || (f->loc.line == line && f->loc.col == col)))
			return true;
	}
	fprintf(stderr, "  (no '%s' error at %d:%d; findings:", check, line, col);
	for (size_t i = 0; i < D.n; i++)
		fprintf(stderr, " %d:%d [%s] %s;", D.v[i].loc.line, D.v[i].loc.col, D.v[i].check,
			D.v[i].msg);
	fprintf(stderr, ")\n");
	return false;
}

static uint64_t net_bits(const char *word)
{
	uint64_t bits = 0;
	names_lookup(NS_YAML_NET, word, &bits);
	return bits;
}

static const char *first_msg(void)
{
	for (size_t i = 0; i < D.n; i++)
		if (D.v[i].sev == SEV_ERROR)
			return D.v[i].msg;
	return "(none)";
}

/* The one rule of "rights:\n  - ITEM\n" (line 4, item at column 5). */
static const struct rule *one_rule(const char *item)
{
	struct policy *p = parse_body(arena_printf("rights:\n  - %s\n", item));
	if (!p || p->nrules != 1) {
		fprintf(stderr, "  (parsing '%s' failed: %s)\n", item, first_msg());
		return NULL;
	}
	return &p->rules[0];
}

/* Parses one bad item and checks its first error. */
static bool item_error(const char *item, const char *check, int col)
{
	struct policy *p = parse_body(arena_printf("rights:\n  - %s\n", item));
	return !p && has_error(check, 4, col);
}

static void test_header(void)
{
	struct policy *p = parse("name: httpd\n"
				 "command: /usr/sbin/httpd\n"
				 "default: allow\n"
				 "defaultTaint: true\n"
				 "complain: true\n"
				 "privileged: false\n");
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_STR(p->name, "httpd");
	CHECK_STR(p->command, "/usr/sbin/httpd");
	CHECK(p->default_allow && p->default_taint && p->complain && !p->privileged);
	CHECK(p->loc.line == 1 && p->loc.col == 1);
	CHECK(p->name_loc.line == 1 && p->name_loc.col == 7);
	CHECK(p->command_loc.line == 2 && p->command_loc.col == 10);
	CHECK(p->lang == LANG_YAML && p->nrules == 0);

	p = parse("cmd: '/bin/x'\nname: x\nrights:\n");
	CHECK(p && !strcmp(p->command, "/bin/x") && !p->default_allow);
	CHECK(p && p->command_loc.line == 1 && p->command_loc.col == 6);
	p = parse("name: x\ncommand: /bin/x\ndefault: deny\nprivileged: true\n");
	CHECK(p && !p->default_allow && p->privileged);
}

static void test_fs_rules(void)
{
	/* YAML fs is an alias of filesystem (semantics 10); file is the path rule. */
	const struct rule *r = one_rule("fs: {path: /, access: rxm}");
	CHECK(r && r->kind == RK_FILESYSTEM && r->actions == RA_ALLOW);
	CHECK(r && r->mask == (ACC_READ | ACC_GETATTR | ACC_EXEC | ACC_MAP));
	CHECK(r && !strcmp(r->path, "/"));
	CHECK(r && r->loc.line == 4 && r->loc.col == 5);
	CHECK(r && r->arg_loc.line == 4 && r->arg_loc.col == 16);
	CHECK_STR(r ? r->text : NULL, "fs: {path: /, access: rxm}");

	r = one_rule("fs /proc r");
	CHECK(r && r->kind == RK_FILESYSTEM && !strcmp(r->path, "/proc"));
	CHECK(item_error("fs /etc/** rw", "bad-path", 8));
	r = one_rule("file /etc/** rw");
	CHECK(r && r->kind == RK_FS && !strcmp(r->path, "/etc/**"));
	CHECK(r && r->mask == (ACC_READ | ACC_GETATTR | ACC_WRITE));
	CHECK(r && r->arg_loc.col == 10);
	CHECK_STR(r ? r->text : NULL, "file /etc/** rw");

	r = one_rule("file /etc/passwd readonly");
	CHECK(r && r->kind == RK_FS && r->mask == (ACC_READ | ACC_GETATTR));
	r = one_rule("file: /etc/hosts");
	CHECK(r && r->kind == RK_FS && r->mask == ACC_ALL && !strcmp(r->path, "/etc/hosts"));
	r = one_rule("file: {pathname: /var/log/x.log, access: readAppend}");
	CHECK(r && r->kind == RK_FS && r->mask == (ACC_READ | ACC_GETATTR | ACC_APPEND));
	r = one_rule("fs: {path: /tmp}");
	CHECK(r && r->mask == ACC_ALL);
	r = one_rule("file /usr/lib/*.so library");
	CHECK(r && r->mask == (ACC_READ | ACC_GETATTR | ACC_MAP));
	r = one_rule("fs /bin/sh EXEC");
	CHECK(r && r->mask == (ACC_READ | ACC_GETATTR | ACC_EXEC));
	r = one_rule("fs /x wacdli");
	CHECK(r && r->mask == (ACC_WRITE | ACC_APPEND | ACC_SETATTR | ACC_DELETE | ACC_LINK |
			       ACC_IOCTL));

	r = one_rule("filesystem /home r");
	CHECK(r && r->kind == RK_FILESYSTEM && !strcmp(r->path, "/home"));
	r = one_rule("filesystem: {path: /tmp, access: readWrite}");
	CHECK(r && r->kind == RK_FILESYSTEM &&
	      r->mask == (ACC_READ | ACC_GETATTR | ACC_WRITE | ACC_APPEND));
	r = one_rule("filesystem: /");
	CHECK(r && r->kind == RK_FILESYSTEM && r->mask == ACC_ALL);
	r = one_rule("filesystem /");
	CHECK(r && r->kind == RK_FILESYSTEM && r->mask == ACC_ALL);

	/* Globs are for fs only. */
	CHECK(item_error("filesystem /mnt/* r", "bad-path", 16));
	CHECK(item_error("filesystem: {path: /mnt/*}", "bad-path", 24));
	CHECK(item_error("fs: {path: etc, access: r}", "bad-path", 16));
	CHECK(item_error("fs /etc/ r", "bad-path", 8));
	CHECK(item_error("fs", "bad-value", 5));
	CHECK(item_error("fs /etc r w", "bad-value", 15));
	CHECK(item_error("fs: {access: r}", "bad-value", 9));
	CHECK(item_error("fs: [/etc]", "bad-value", 9));
	CHECK(item_error("fs: {path: /etc, access: [r]}", "bad-value", 30));
}

static void test_net_rules(void)
{
	const struct rule *r = one_rule("network");
	CHECK(r && r->kind == RK_NET && r->mask == NET_ALL && r->families == FAMILY_ANY);
	CHECK(r && r->arg_loc.line == r->loc.line && r->arg_loc.col == r->loc.col);
	r = one_rule("net client send");
	CHECK(r && r->kind == RK_NET && r->mask == (net_bits("client") | NET_SEND));
	r = one_rule("net: [send, recv]");
	CHECK(r && r->mask == (NET_SEND | NET_RECV) && r->families == FAMILY_ANY);
	r = one_rule("network: server");
	CHECK(r && r->mask == net_bits("server"));
	r = one_rule("network: any");
	CHECK(r && r->mask == NET_ALL);
	CHECK(item_error("net client sever", "unknown-flag", 16));
	CHECK(item_error("network: [client, serve]", "unknown-flag", 23));
	CHECK(item_error("network: []", "bad-value", 14));
}

static void test_dev_rules(void)
{
	const struct rule *r = one_rule("video");
	CHECK(r && r->kind == RK_DEV_CLASS && r->dev_class == DEV_VIDEO && r->mask == ACC_ALL);
	r = one_rule("tty");
	CHECK(r && r->dev_class == DEV_TERMINAL);
	static const char *const names[] = { "sound", "gpu", "input", "terminal", "null", "random" };
	static const enum dev_class classes[] = { DEV_SOUND, DEV_GPU, DEV_INPUT,
						  DEV_TERMINAL, DEV_NULL, DEV_RANDOM };
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		r = one_rule(names[i]);
		CHECK(r && r->kind == RK_DEV_CLASS && r->dev_class == classes[i]);
	}
	r = one_rule("device sound rw");
	CHECK(r && r->dev_class == DEV_SOUND && r->mask == (ACC_READ | ACC_GETATTR | ACC_WRITE));
	CHECK(r && r->arg_loc.col == 12);
	r = one_rule("device: gpu");
	CHECK(r && r->dev_class == DEV_GPU && r->mask == ACC_ALL && r->arg_loc.col == 13);
	r = one_rule("dev: {class: input, access: r}");
	CHECK(r && r->dev_class == DEV_INPUT && r->mask == (ACC_READ | ACC_GETATTR));

	r = one_rule("numberedDevice: {major: 1, minor: 3, access: rw}");
	CHECK(r && r->kind == RK_DEV_NUM && r->major == 1 && r->minor == 3);
	r = one_rule("numberedDevice: {major: 81}");
	CHECK(r && r->major == 81 && r->minor == -1 && r->mask == ACC_ALL);
	r = one_rule("numberedDevice: {major: 4095, minor: 1048575}");
	CHECK(r && r->major == 4095 && r->minor == 1048575);

	CHECK(item_error("device: termnal", "unknown-device", 13));
	CHECK(item_error("device termnal r", "unknown-device", 12));
	CHECK(item_error("video r", "bad-value", 11));
	CHECK(item_error("numberedDevice: {major: 4096}", "bad-value", 29));
	CHECK(item_error("numberedDevice: {major: 1, minor: 1048576}", "bad-value", 39));
	CHECK(item_error("numberedDevice: {major: -1}", "bad-value", 29));
	CHECK(item_error("numberedDevice: {minor: 1}", "bad-value", 21));
	CHECK(item_error("numberedDevice: 1", "bad-value", 21));
}

static void test_cap_ipc_rules(void)
{
	const struct rule *r = one_rule("capability setUID netBindService");
	CHECK(r && r->kind == RK_CAP && r->mask == ((UINT64_C(1) << 7) | (UINT64_C(1) << 10)));
	CHECK(r && r->arg_loc.col == 16);
	r = one_rule("cap: [CAP_CHOWN, sys_admin]");
	CHECK(r && r->mask == ((UINT64_C(1) << 0) | (UINT64_C(1) << 21)) && r->arg_loc.col == 11);
	r = one_rule("capability: any");
	CHECK(r && r->mask == CAP_ALL_MASK);
	CHECK(item_error("capability", "bad-value", 5));
	CHECK(item_error("capability: [setUID, netBindServce]", "unknown-capability", 26));
	CHECK(item_error("capability setUID netBindServce", "unknown-capability", 23));

	r = one_rule("ipc dbus");
	CHECK(r && r->kind == RK_IPC && !strcmp(r->policy, "dbus") && r->arg_loc.col == 9);
	struct policy *p = parse_body("rights:\n  - ipc: [dbus, avahi]\n");
	CHECK(p && p->nrules == 2);
	if (p && p->nrules == 2) {
		CHECK_STR(p->rules[0].policy, "dbus");
		CHECK_STR(p->rules[1].policy, "avahi");
		CHECK(p->rules[1].arg_loc.col == 17 && p->rules[1].loc.col == 5);
		CHECK_STR(p->rules[1].text, "ipc: [dbus, avahi]");
	}
	r = one_rule("ipc: mysqld");
	CHECK(r && !strcmp(r->policy, "mysqld"));
	CHECK(item_error("ipc a b", "bad-value", 11));
	CHECK(item_error("ipc: {a: b}", "bad-value", 10));
}

static void test_signal_ptrace_proc(void)
{
	const struct rule *r = one_rule("signal child term kill");
	CHECK(r && r->kind == RK_SIGNAL && r->target.kind == TGT_CHILD);
	CHECK(r && r->mask == ((UINT64_C(1) << 15) | (UINT64_C(1) << 9)));
	CHECK(r && r->arg_loc.col == 12);
	r = one_rule("signal: {to: parent, signals: [check, SIGHUP]}");
	CHECK(r && r->target.kind == TGT_PARENT && r->mask == ((UINT64_C(1) << 0) | (UINT64_C(1) << 1)));
	r = one_rule("sig: {to: /usr/bin/w*, signals: superFatal}");
	CHECK(r && r->target.kind == TGT_PROGRAM && !strcmp(r->target.name, "/usr/bin/w*"));
	CHECK(r && r->mask == (UINT64_C(1) << 9));
	r = one_rule("signal httpd any");
	CHECK(r && r->target.kind == TGT_POLICY && !strcmp(r->target.name, "httpd"));
	CHECK(r && r->mask == SIG_ALL);
	r = one_rule("signal: {to: self, signals: sigTerm}");
	CHECK(r && r->target.kind == TGT_SELF && r->mask == (UINT64_C(1) << 15));
	CHECK(item_error("signal: {signals: [term]}", "bad-value", 13));
	CHECK(item_error("signal: {to: child}", "bad-value", 13));
	CHECK(item_error("signal: {to: child, signals: [sigTerm, sigTrem]}", "unknown-signal", 44));
	CHECK(item_error("signal child", "bad-value", 5));
	CHECK(item_error("signal /bin/../x term", "bad-path", 12));

	r = one_rule("ptrace: {to: child, access: [read, attach]}");
	CHECK(r && r->kind == RK_PTRACE && r->target.kind == TGT_CHILD && r->mask == PT_ALL);
	r = one_rule("ptrace: {to: any, access: read}");
	CHECK(r && r->target.kind == TGT_ANY && r->mask == PT_READ);
	r = one_rule("ptrace: {to: parent}");
	CHECK(r && r->mask == PT_ALL);
	CHECK(item_error("ptrace: {to: child, access: [read, write]}", "unknown-flag", 40));
	CHECK(item_error("ptrace child read", "unknown-rule", 5));

	r = one_rule("proc: {to: self, access: r}");
	CHECK(r && r->kind == RK_PROC && r->target.kind == TGT_SELF &&
	      r->mask == (ACC_READ | ACC_GETATTR));
	r = one_rule("proc: {to: /usr/bin/top}");
	CHECK(r && r->target.kind == TGT_PROGRAM && r->mask == ACC_ALL);
	CHECK(item_error("proc: self", "bad-value", 11));
}

static void test_actions_and_mixed(void)
{
	struct policy *p = parse("name: mixed\n"
				 "command: /usr/bin/mixed\n"
				 "allow:\n"
				 "  - filesystem /\n"
				 "  - fs: {path: /, access: rxm}\n"
				 "  - 'fs /srv/** rw'\n"
				 "restrictions:\n"
				 "  - fs: {path: /, access: wa}\n"
				 "taints:\n"
				 "  - net: [send, recv]\n"
				 "deny2: 1\n");
	CHECK(!p && has_error("unknown-key", 11, 1));
	p = parse("name: mixed\n"
		  "command: /usr/bin/mixed\n"
		  "taint:\n"
		  "  - net: [send, recv]\n"
		  "allow:\n"
		  "  - filesystem /\n"
		  "  - fs: {path: /, access: rxm}\n"
		  "  - \"file /srv/** rw\"   # quoted short form\n"
		  "  - capability:\n"
		  "      - setuid\n"
		  "restrictions:\n"
		  "  - fs: {path: /, access: wa}\n");
	CHECK(p && p->nrules == 6);
	if (!p || p->nrules != 6)
		return;
	CHECK(p->rules[0].kind == RK_NET && p->rules[0].actions == RA_TAINT);
	CHECK(p->rules[1].kind == RK_FILESYSTEM && p->rules[1].actions == RA_ALLOW);
	CHECK(p->rules[2].kind == RK_FILESYSTEM && p->rules[2].actions == RA_ALLOW);
	CHECK(p->rules[3].kind == RK_FS && !strcmp(p->rules[3].path, "/srv/**"));
	CHECK_STR(p->rules[3].text, "\"file /srv/** rw\"");
	CHECK(p->rules[3].loc.line == 8 && p->rules[3].loc.col == 5);
	CHECK(p->rules[3].arg_loc.line == 8 && p->rules[3].arg_loc.col == 11);
	CHECK(p->rules[4].kind == RK_CAP && p->rules[4].arg_loc.line == 10);
	CHECK_STR(p->rules[4].text, "capability: - setuid");
	CHECK(p->rules[5].kind == RK_FILESYSTEM && p->rules[5].actions == RA_DENY);
	CHECK(p->rules[5].mask == (ACC_WRITE | ACC_APPEND));
}

static void test_rule_text(void)
{
	struct policy *p = parse_body("rights:\n"
				      "  - fs:\n"
				      "      path: /etc   # the config\n"
				      "      access: 'r'  # '#' in quotes stays\n"
				      "\n"
				      "  - fs: {path: '/a#b',\n"
				      "         access: r}\n"
				      "  - fs /x r # comment\n");
	CHECK(p && p->nrules == 3);
	if (p && p->nrules == 3) {
		CHECK_STR(p->rules[0].text, "fs: path: /etc access: 'r'");
		CHECK_STR(p->rules[1].text, "fs: {path: '/a#b', access: r}");
		CHECK_STR(p->rules[2].text, "fs /x r");
		CHECK(p->rules[0].arg_loc.line == 5 && p->rules[0].arg_loc.col == 13);
	}
	/* A multi-line plain scalar: word locations still exact. */
	p = parse_body("rights:\n  - fs /etc\n    rq\n");
	CHECK(!p && has_error("unknown-flag", 5, 6));
}

static void test_aliases(void)
{
	struct policy *p = parse_body("rights: &r\n"
				      "  - file /a r\n"
				      "  - &n net client\n"
				      "deny:\n"
				      "  - *n\n"
				      "taint: *r\n");
	CHECK(p && p->nrules == 5);
	if (p && p->nrules == 5) {
		CHECK(p->rules[2].kind == RK_NET && p->rules[2].actions == RA_DENY);
		CHECK(p->rules[2].loc.line == 7 && p->rules[2].loc.col == 5);
		CHECK_STR(p->rules[2].text, "net client");
		CHECK(p->rules[3].kind == RK_FS && p->rules[3].actions == RA_TAINT);
		CHECK(p->rules[4].kind == RK_NET && p->rules[4].actions == RA_TAINT);
	}
	/* Shared value nodes. */
	p = parse_body("rights:\n"
		       "  - fs: {path: &p /srv/data, access: r}\n"
		       "  - fs: {path: *p, access: w}\n");
	CHECK(p && p->nrules == 2 && !strcmp(p->rules[1].path, "/srv/data"));
	CHECK(p && p->rules[1].arg_loc.line == 5 && p->rules[1].arg_loc.col == 16);
	/* A duplicate key through an alias. */
	p = parse("name: &k name\ncommand: /bin/x\n*k : y\n");
	CHECK(!p && has_error("duplicate-key", 3, 1));
	p = parse_body("rights:\n  - *nothing\n");
	CHECK(!p && has_error("syntax", 4, 5));
	p = parse_body("rights: &a [*a]\n");
	CHECK(!p && has_error("syntax", 3, 13));
}

static void test_alias_bomb(void)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "name: app\ncommand: /usr/bin/app\nrights:\n"
		     "  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (char c = 'b'; c <= 'z'; c++) {
		sb_printf(&sb, "  - &%c [", c);
		for (int i = 0; i < 10; i++)
			sb_printf(&sb, "%s*%c", i ? ", " : "", c - 1);
		sb_puts(&sb, "]\n");
	}
	clock_t t0 = clock();
	struct policy *p = parse(sb.s);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	sb_free(&sb);
	CHECK(!p && has_error("too-many-nodes", 0, 0));
	CHECK(D.errors == 1);
	CHECK(secs < 1.0);

	/* Expansion through rule items: a long list used by many aliases. */
	sb_puts(&sb, "name: app\ncommand: /usr/bin/app\nrights:\n  - capability: &c [");
	for (int i = 0; i < 2000; i++)
		sb_printf(&sb, "%schown", i ? ", " : "");
	sb_puts(&sb, "]\n");
	for (int i = 0; i < 100; i++)
		sb_puts(&sb, "  - capability: *c\n");
	p = parse(sb.s);
	sb_free(&sb);
	CHECK(!p && has_error("too-many-nodes", 0, 0));
}

/* n nested flow sequences as the value of 'rights'. */
static struct policy *nested(int n)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "name: app\ncommand: /usr/bin/app\nrights: ");
	for (int i = 0; i < n; i++)
		sb_putc(&sb, '[');
	for (int i = 0; i < n; i++)
		sb_putc(&sb, ']');
	sb_putc(&sb, '\n');
	struct policy *p = parse(sb.s);
	sb_free(&sb);
	return p;
}

static size_t count_check(const char *check)
{
	size_t n = 0;
	for (size_t i = 0; i < D.n; i++)
		n += !strcmp(D.v[i].check, check);
	return n;
}

static void test_depth(void)
{
	/* The top-level mapping is level 1: 63 more levels are allowed (the
	 * items are then bad rules), 64 more are not. */
	CHECK(nested(63) == NULL && count_check("too-deep") == 0 && has_error("bad-value", 3, 10));
	CHECK(nested(64) == NULL && has_error("too-deep", 3, 72) && D.errors == 1);
	CHECK(nested(100000) == NULL && has_error("too-deep", 3, 72) && D.errors == 1);
	/* Block nesting counts too. */
	struct strbuf sb = { 0 };
	sb_puts(&sb, "name: app\ncommand: /usr/bin/app\nrights:\n");
	for (int i = 0; i < 70; i++)
		sb_printf(&sb, "%*s- \n", i * 2, "");
	struct policy *p = parse(sb.s);
	sb_free(&sb);
	CHECK(!p && count_check("too-deep") == 1);
}

static void test_locations(void)
{
	/* Columns count bytes, while libyaml counts characters. */
	struct policy *p = parse_body("rights:\n  - fs /tmp/\xc3\xa9t\xc3\xa9 rq\n");
	CHECK(!p && has_error("unknown-flag", 4, 20));
	p = parse("name: \xe2\x82\xac\xe2\x82\xac\ncommand: /bin/x\nrights: [a, b\n");
	CHECK(!p && has_error("syntax", 4, 1));
	/* "mapping values are not allowed" at the second ':' (byte 9, character 8). */
	p = parse("name: \xc3\xa9: x\n");
	CHECK(!p && has_error("syntax", 1, 9));
	p = parse("name: x # \xf0\x9f\x98\x80\ncommand: /bin/x\nrights: {a: b: c}\n");
	CHECK(!p && has_error("syntax", 3, 14));
	p = parse("name: x\ncommand: /bin/\xc3\xa9\xc3\xa9\ncomplain: [\xc3\xa9, 1]\n");
	CHECK(!p && has_error("bad-value", 3, 11));
	/* A byte-order mark and CR LF line ends. */
	p = parse("\xef\xbb\xbfname: x\r\ncommand: /bin/x\r\nrights:\r\n  - fs /etc rz\r\n");
	CHECK(!p && has_error("unknown-flag", 4, 14));
	p = parse("\xef\xbb\xbfname: x\r\ncommand: /bin/x\r\nrights:\r\n  - fs /etc r\r\n");
	CHECK(p && p->nrules == 1 && p->rules[0].loc.line == 4 && p->rules[0].loc.col == 5);
	CHECK(p && p->nrules == 1 && !strcmp(p->rules[0].text, "fs /etc r"));
	/* Access letters in quoted strings. */
	p = parse_body("rights:\n  - fs: {path: /etc, access: 'rwq'}\n");
	CHECK(!p && has_error("unknown-flag", 4, 33));
	p = parse_body("rights:\n  - \"fs /etc rwq\"\n");
	CHECK(!p && has_error("unknown-flag", 4, 16));
	/* With an escape the string is not verbatim: the scalar's place. */
	p = parse_body("rights:\n  - \"fs /\\x65tc rwq\"\n");
	CHECK(!p && has_error("unknown-flag", 4, 5));
	/* A tab-indented line is a libyaml error, converted to 1-based. */
	p = parse_body("rights:\n\t- fs /etc r\n");
	CHECK(!p && has_error("syntax", 4, 1));
}

static void test_keys(void)
{
	struct policy *p = parse_body("rigths:\n  - fs /etc r\n");
	CHECK(!p && has_error("unknown-key", 3, 1));
	CHECK(strstr(first_msg(), "did you mean 'rights'?") != NULL);
	p = parse_body("color: blue\n");
	CHECK(!p && has_error("unknown-key", 3, 1) && !strstr(first_msg(), "did you mean"));
	p = parse_body("rights:\n  - fs: {path: /etc/passwd, acess: r}\n");
	CHECK(!p && has_error("unknown-key", 4, 29));
	CHECK(strstr(first_msg(), "'access'") != NULL);
	p = parse_body("rights:\n  - filez: {path: /etc/passwd, access: r}\n");
	CHECK(!p && has_error("unknown-rule", 4, 5));
	CHECK(strstr(first_msg(), "did you mean 'file'?") != NULL);
	p = parse_body("rights:\n  - filesytem / r\n");
	CHECK(!p && has_error("unknown-rule", 4, 5));
	CHECK(strstr(first_msg(), "did you mean 'filesystem'?") != NULL);
	p = parse("name: a\ncommand: /bin/a\ncmd: /bin/b\n");
	CHECK(!p && has_error("duplicate-key", 3, 1) && D.n == 2 && D.v[1].sev == SEV_NOTE);
	p = parse_body("rights:\n  - fs: {path: /a, pathname: /b}\n");
	CHECK(!p && has_error("duplicate-key", 4, 20));
	p = parse_body("rights: []\nallow: []\n");
	CHECK(!p && has_error("duplicate-key", 4, 1));
	p = parse_body("? [a]\n: b\n");
	CHECK(!p && has_error("bad-value", 3, 3));
	p = parse_body("rights:\n  - fs:\n    path: /etc\n    access: r\n");
	CHECK(!p && has_error("bad-value", 5, 5) && strstr(first_msg(), "indent it under"));
}

static void test_policy_errors(void)
{
	CHECK(!parse("") && has_error("missing-name", 1, 1) && D.errors == 1);
	CHECK(!parse("# only a comment\n") && has_error("missing-name", 1, 1));
	CHECK(!parse("---\n") && has_error("missing-name", 1, 1));
	CHECK(!parse("- a\n- b\n") && has_error("bad-value", 1, 1));
	CHECK(!parse("command: /bin/x\n") && has_error("missing-name", 1, 1) && D.errors == 1);
	CHECK(!parse("name: x\n") && has_error("missing-command", 1, 1) && D.errors == 1);
	CHECK(!parse("name: x\ncommand: bin/x\n") && has_error("bad-path", 2, 10));
	CHECK(!parse("name: x\ncommand: /bin/x\n---\nname: y\n") && has_error("syntax", 3, 1));
	CHECK(!parse("name: x\ncommand: /bin/x\ncomplain: yes\n") && has_error("bad-value", 3, 11));
	CHECK(!parse("name: x\ncommand: /bin/x\ncomplain: 'true'\n") &&
	      has_error("bad-value", 3, 11));
	CHECK(!parse("name: x\ncommand: /bin/x\ndefault: maybe\n") && has_error("bad-value", 3, 10));
	CHECK(!parse("name: [x]\ncommand: /bin/x\n") && has_error("bad-value", 1, 7));
	CHECK(!parse("name: x\ncommand: /bin/x\nrights: fs /etc r\n") &&
	      has_error("bad-value", 3, 9));
	CHECK(!parse("name: x\ncommand: /bin/x\nrights:\n  - [fs, /etc]\n") &&
	      has_error("bad-value", 4, 5));
	CHECK(!parse("name: x\ncommand: /bin/x\nrights:\n  -\n") && has_error("bad-value", 0, 0));
	CHECK(!parse("name: x\ncommand: /bin/x\nrights:\n  - x: !!binary aGk=\n") &&
	      has_error("syntax", 4, 8));
	CHECK(!parse("name: \"a\\0b\"\ncommand: /bin/x\n") && has_error("bad-value", 1, 7));
	/* Empty lists are fine. */
	struct policy *p = parse("name: x\ncommand: /bin/x\nrights:\ndeny: []\ntaint: ~\n");
	CHECK(p && p->nrules == 0);
}

static void test_independent_errors(void)
{
	struct policy *p = parse("name: x\n"
				 "command: /bin/x\n"
				 "bogus: 1\n"
				 "rights:\n"
				 "  - fs /etc rq\n"
				 "  - fs /etc r\n"
				 "  - net clinet\n"
				 "  - fs: {path: /x, acess: r, bad: 2}\n"
				 "deny:\n"
				 "  - capability nope\n");
	CHECK(!p);
	CHECK(has_error("unknown-key", 3, 1));
	CHECK(has_error("unknown-flag", 5, 14));
	CHECK(has_error("unknown-flag", 7, 9));
	CHECK(has_error("unknown-key", 8, 20));
	CHECK(has_error("unknown-key", 8, 30));
	CHECK(has_error("unknown-capability", 10, 16));
	CHECK(D.errors == 6);
}

static void test_too_many_rules(void)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "name: x\ncommand: /bin/x\nrights:\n");
	for (int i = 0; i <= POLICY_MAX_RULES; i++)
		sb_puts(&sb, "  - net\n");
	struct policy *p = parse(sb.s);
	CHECK(!p && has_error("too-many-rules", POLICY_MAX_RULES + 4, 5) && D.errors == 1);
	/* One fewer is fine. */
	sb.len -= strlen("  - net\n");
	sb.s[sb.len] = '\0';
	p = parse(sb.s);
	CHECK(p && p->nrules == POLICY_MAX_RULES);
	sb_free(&sb);

	/* Structured flow rules with no aliases reach the same limit as the
	 * DSL (they once hit "too many YAML nodes" at about 14,000). */
	sb_puts(&sb, "name: x\ncommand: /bin/x\nrights:\n");
	for (int i = 0; i < POLICY_MAX_RULES; i++)
		sb_printf(&sb, "  - {file: {path: /a/%d, access: r}, audit: true}\n", i);
	p = parse(sb.s);
	CHECK(p && p->nrules == POLICY_MAX_RULES && D.n == 0);
	sb_printf(&sb, "  - {file: {path: /b, access: r}, audit: true}\n");
	p = parse(sb.s);
	CHECK(!p && has_error("too-many-rules", POLICY_MAX_RULES + 4, 5) && D.errors == 1);
	sb_free(&sb);
}

static void run_tests(void)
{
	test_header();
	test_fs_rules();
	test_net_rules();
	test_dev_rules();
	test_cap_ipc_rules();
	test_signal_ptrace_proc();
	test_actions_and_mixed();
	test_rule_text();
	test_aliases();
	test_alias_bomb();
	test_depth();
	test_locations();
	test_keys();
	test_policy_errors();
	test_independent_errors();
	test_too_many_rules();
}

UNIT_MAIN("yaml")
