// SPDX-License-Identifier: GPL-2.0-only
/* test_dsl.c - the rule DSL front end: every rule kind and directive,
 * strings and comments, requests, and errors with their exact locations. */
#include <stdlib.h>

#include "dsl_ast.h"
#include "frontend.h"
#include "names.h"
#include "unit.h"
#include "util.h"

static struct diag D;

static struct source *src_of(const char *text)
{
	return source_from_string("t.pol", text, strlen(text), &D);
}

/* Parses text as a policy with a fresh diag. */
static struct policy *parse(const char *text)
{
	memset(&D, 0, sizeof(D));
	struct source *src = src_of(text);
	return src ? dsl_parse_policy(src, &D) : NULL;
}

/* A policy with the profile line prepended. */
static struct policy *parse_rules(const char *rules)
{
	return parse(arena_printf("#![profile \"/usr/bin/prog\"]\n%s", rules));
}

static bool request(const char *text, struct rule *r)
{
	memset(&D, 0, sizeof(D));
	struct source *src = src_of(text);
	return src && dsl_parse_request(src, &D, r);
}

/* Is there an error with this check at line:col?  (line 0: any place) */
static bool has_error(const char *check, int line, int col)
{
	for (size_t i = 0; i < D.n; i++) {
		const struct finding *f = &D.v[i];
		if (f->sev == SEV_ERROR && f->check && !strcmp(f->check, check) &&
		    (!line || (f->loc.line == line && f->loc.col == col)))
			return true;
	}
	if (line)
		fprintf(stderr, "  (no '%s' error at %d:%d; findings:", check, line, col);
	else
		fprintf(stderr, "  (no '%s' error; findings:", check);
	for (size_t i = 0; i < D.n; i++)
		fprintf(stderr, " %d:%d [%s] %s;", D.v[i].loc.line, D.v[i].loc.col,
			D.v[i].check ? D.v[i].check : "", D.v[i].msg);
	fprintf(stderr, ")\n");
	return false;
}

static const char *first_msg(void)
{
	for (size_t i = 0; i < D.n; i++)
		if (D.v[i].sev == SEV_ERROR)
			return D.v[i].msg;
	return "(none)";
}

/* Parses one rule (after the profile) and returns it, or NULL. */
static const struct rule *one_rule(const char *text)
{
	struct policy *p = parse_rules(text);
	if (!p || p->nrules != 1) {
		fprintf(stderr, "  (parsing '%s' failed: %s)\n", text, first_msg());
		return NULL;
	}
	return &p->rules[0];
}

static void test_policy_header(void)
{
	struct policy *p = parse("#![profile \"/usr/bin/mylogin\"]\n");
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_STR(p->command, "/usr/bin/mylogin");
	CHECK_STR(p->name, "mylogin");
	CHECK(p->command_loc.line == 1 && p->command_loc.col == 12);
	CHECK(p->name_loc.line == 1 && p->name_loc.col == 12);
	CHECK(p->loc.line == 1 && p->loc.col == 1);
	CHECK(p->lang == LANG_DSL);
	CHECK(!p->default_allow && !p->complain && !p->default_taint && !p->privileged);
	CHECK(p->nrules == 0);

	p = parse("// a login program\n#![profile '/bin/login']\n#![name \"login-x\"]\n"
		  "#![default allow]\n#![complain] #![default_taint]\n#![privileged]\n");
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_STR(p->name, "login-x");
	CHECK(p->name_loc.line == 3 && p->name_loc.col == 9);
	CHECK(p->default_allow && p->complain && p->default_taint && p->privileged);

	p = parse("#![profile \"/bin/x\"] #![default deny]");
	CHECK(p && !p->default_allow);
}

static void test_fs_rules(void)
{
	const struct rule *r = one_rule("fs(\"/etc/passwd\", read|append)");
	CHECK(r != NULL);
	if (r) {
		CHECK(r->kind == RK_FS);
		CHECK_STR(r->path, "/etc/passwd");
		CHECK(r->mask == (ACC_READ | ACC_APPEND));
		CHECK(r->actions == RA_ALLOW);
		CHECK(r->ctx.func == NULL);
		CHECK(r->loc.line == 2 && r->loc.col == 1);
		CHECK(r->arg_loc.line == 2 && r->arg_loc.col == 4);
		CHECK_STR(r->text, "fs(\"/etc/passwd\", read|append)");
	}
	r = one_rule("  fs(\n  \"/var/log/*\" ,\t// where\n   read |\n /* c */ write\n  )");
	CHECK(r != NULL);
	if (r) {
		CHECK_STR(r->path, "/var/log/*");
		CHECK(r->mask == (ACC_READ | ACC_WRITE));
		CHECK_STR(r->text, "fs( \"/var/log/*\" , read | write )");
		CHECK(r->loc.line == 2 && r->loc.col == 3);
		CHECK(r->arg_loc.line == 3 && r->arg_loc.col == 3);
	}
	r = one_rule("fs(\"/a  b/**\", any)");
	CHECK(r && r->mask == ACC_ALL && !strcmp(r->path, "/a  b/**"));
	CHECK(r && !strcmp(r->text, "fs(\"/a  b/**\", any)"));
	r = one_rule("filesystem(\"/\", read|exec|map|getattr|setattr|ioctl|rm|link)");
	CHECK(r && r->kind == RK_FILESYSTEM && !strcmp(r->path, "/"));
	CHECK(r && r->mask == (ACC_READ | ACC_EXEC | ACC_MAP | ACC_GETATTR | ACC_SETATTR |
			       ACC_IOCTL | ACC_DELETE | ACC_LINK));
	/* filesystem takes no globs */
	CHECK(!parse_rules("filesystem(\"/a/*\", read)"));
	CHECK(has_error("bad-path", 2, 12));
	CHECK(!parse_rules("fs(\"/a/../b\", read)"));
	CHECK(has_error("bad-path", 2, 4));
	CHECK(!parse_rules("fs(\"relative\", read)"));
	CHECK(has_error("bad-path", 2, 4));
}

static void test_target_rules(void)
{
	const struct rule *r = one_rule("proc(self, read|getattr)");
	CHECK(r && r->kind == RK_PROC && r->target.kind == TGT_SELF);
	CHECK(r && r->mask == (ACC_READ | ACC_GETATTR));
	r = one_rule("proc(\"/usr/bin/*\", read)");
	CHECK(r && r->target.kind == TGT_PROGRAM && !strcmp(r->target.name, "/usr/bin/*"));
	r = one_rule("proc('httpd', read)");
	CHECK(r && r->target.kind == TGT_POLICY && !strcmp(r->target.name, "httpd"));
	r = one_rule("signal(parent, sigterm|kill|SIGUSR1)");
	CHECK(r && r->kind == RK_SIGNAL && r->target.kind == TGT_PARENT);
	CHECK(r && r->mask == ((UINT64_C(1) << 15) | (UINT64_C(1) << 9) | (UINT64_C(1) << 10)));
	r = one_rule("signal(child, sigrtmin+3)");
	CHECK(r && r->mask == (UINT64_C(1) << 35));
	r = one_rule("signal(any, any)");
	CHECK(r && r->target.kind == TGT_ANY && r->mask == SIG_ALL);
	r = one_rule("ptrace(child, read|attach)");
	CHECK(r && r->kind == RK_PTRACE && r->target.kind == TGT_CHILD && r->mask == PT_ALL);

	CHECK(!parse_rules("proc(slef, read)"));
	CHECK(has_error("unknown-target", 2, 6));
	CHECK(strstr(first_msg(), "did you mean 'self'?") != NULL);
	CHECK(!parse_rules("proc(\"two words\", read)"));
	CHECK(has_error("bad-target", 2, 6));
	CHECK(!parse_rules("proc(\"\", read)"));
	CHECK(has_error("bad-target", 2, 6));
	CHECK(!parse_rules("proc(self|parent, read)"));
	CHECK(has_error("bad-target", 0, 0));
	CHECK(!parse_rules("signal(self, sigfoo)"));
	CHECK(has_error("unknown-signal", 2, 14));
	CHECK(!parse_rules("ptrace(self, read|atach)"));
	CHECK(has_error("unknown-flag", 2, 19));
	CHECK(strstr(first_msg(), "did you mean 'attach'?") != NULL);
}

static void test_dev_net_cap_ipc(void)
{
	const struct rule *r = one_rule("dev(tty, read|write|ioctl)");
	CHECK(r && r->kind == RK_DEV_CLASS && r->dev_class == DEV_TERMINAL);
	CHECK(r && r->mask == (ACC_READ | ACC_WRITE | ACC_IOCTL));
	r = one_rule("dev(4, read)");
	CHECK(r && r->kind == RK_DEV_NUM && r->major == 4 && r->minor == -1);
	r = one_rule("dev(1:3, read|write)");
	CHECK(r && r->kind == RK_DEV_NUM && r->major == 1 && r->minor == 3);
	r = one_rule("dev(4095:1048575, read)");
	CHECK(r && r->major == 4095 && r->minor == 1048575);
	CHECK(!parse_rules("dev(4096, read)"));
	CHECK(has_error("bad-device", 2, 5));
	CHECK(!parse_rules("dev(1:99999999999999999999, read)"));
	CHECK(has_error("bad-device", 2, 7));
	CHECK(strstr(first_msg(), "'99999999999999999999'") != NULL);
	CHECK(!parse_rules("dev(gpuu, read)"));
	CHECK(has_error("unknown-device", 2, 5));
	CHECK(strstr(first_msg(), "did you mean 'gpu'?") != NULL);

	r = one_rule("net(inet|inet6, bind|connect)");
	CHECK(r && r->kind == RK_NET && r->families == ((UINT64_C(1) << 2) | (UINT64_C(1) << 10)));
	CHECK(r && r->mask == (NET_BIND | NET_CONNECT));
	r = one_rule("net(any, any)");
	CHECK(r && r->families == FAMILY_ANY && r->mask == NET_ALL);
	CHECK(!parse_rules("net(inett, send)"));
	CHECK(has_error("unknown-family", 2, 5));
	CHECK(!parse_rules("net(unix, sned)"));
	CHECK(has_error("unknown-flag", 2, 11));

	r = one_rule("cap(net_bind_service)");
	CHECK(r && r->kind == RK_CAP && r->mask == (UINT64_C(1) << 10));
	CHECK(r && r->arg_loc.col == 5);
	r = one_rule("cap(any)");
	CHECK(r && r->mask == CAP_ALL_MASK);
	r = one_rule("cap(setuid|setgid)");
	CHECK(r && r->mask == ((UINT64_C(1) << 7) | (UINT64_C(1) << 6)));
	CHECK(!parse_rules("cap(sys_admn)"));
	CHECK(has_error("unknown-capability", 2, 5));

	r = one_rule("ipc(\"other\")");
	CHECK(r && r->kind == RK_IPC && !strcmp(r->policy, "other"));
	CHECK(!parse_rules("ipc(other)"));
	CHECK(has_error("bad-argument", 2, 5));
}

static void test_bad_rules(void)
{
	CHECK(!parse_rules("fss(\"/a\", read)"));
	CHECK(has_error("unknown-rule", 2, 1));
	CHECK(strstr(first_msg(), "did you mean 'fs'?") != NULL);
	CHECK(!parse_rules("fs(\"/a\", raed)"));
	CHECK(has_error("unknown-flag", 2, 10));
	CHECK_STR(first_msg(), "unknown fs flag 'raed'; did you mean 'read'?");
	/* every bad flag is reported */
	CHECK(!parse_rules("fs(\"/a\", raed|wrte)"));
	CHECK(D.errors == 2);
	CHECK(!parse_rules("fs(\"/a\")"));
	CHECK(has_error("bad-argument", 2, 8));
	CHECK(!parse_rules("fs(\"/a\", read, write)"));
	CHECK(has_error("bad-argument", 2, 16));
	CHECK(!parse_rules("fs(read, read)"));
	CHECK(has_error("bad-argument", 2, 4));
	CHECK(!parse_rules("fs(\"/a\", \"read\")"));
	CHECK(has_error("bad-argument", 2, 10));
	/* errors in several rules are all reported */
	CHECK(!parse_rules("fs(\"/a\", raed)\nnet(inet, foo)\n"));
	CHECK(has_error("unknown-flag", 2, 10) && has_error("unknown-flag", 3, 11));
}

/* Actions of the single rule under the given directives. */
static unsigned actions(const char *dirs)
{
	const struct rule *r = one_rule(arena_printf("%s fs(\"/bin/sh\", read|exec)", dirs));
	return r ? r->actions : 0xffff;
}

static void test_directives(void)
{
	CHECK(actions("") == RA_ALLOW);
	CHECK(actions("#[allow]") == RA_ALLOW);
	CHECK(actions("#[deny]") == RA_DENY);
	CHECK(actions("#[audit]") == (RA_ALLOW | RA_AUDIT));
	CHECK(actions("#[taint]") == RA_TAINT);
	CHECK(actions("#[taint] #[allow]") == (RA_TAINT | RA_ALLOW));
	CHECK(actions("#[allow]#[taint]") == (RA_TAINT | RA_ALLOW));
	CHECK(actions("#[deny] #[audit]") == (RA_DENY | RA_AUDIT));
	CHECK(actions("#[taint] #[audit]") == (RA_TAINT | RA_AUDIT));
	CHECK(actions("#[untaint]") == (RA_ALLOW | RA_UNTAINT));
	CHECK(actions("#[transition] #[untaint]") == (RA_ALLOW | RA_UNTAINT | RA_TRANSITION));
	CHECK(actions("#[deny] #[deny]") == RA_DENY);

	CHECK(!parse_rules("#[deny] #[allow] fs(\"/a\", read)"));
	CHECK(has_error("conflicting-directives", 2, 9));
	CHECK(!parse_rules("#[deny]\n#[taint] fs(\"/a\", read)"));
	CHECK(has_error("conflicting-directives", 3, 1));
	CHECK(!parse_rules("#[taint] { #[deny] fs(\"/a\", read) }"));
	CHECK(has_error("conflicting-directives", 2, 12));
	CHECK(!parse_rules("#[untaint] fs(\"/a\", read)"));
	CHECK(has_error("bad-directive", 2, 12));
	CHECK(!parse_rules("#[transition] net(inet, bind)"));
	CHECK(has_error("bad-directive", 2, 15));
	CHECK(!parse_rules("#[deny(x)] fs(\"/a\", read)"));
	CHECK(has_error("syntax", 2, 8));
	CHECK(!parse_rules("#[deny \"x\"] fs(\"/a\", read)"));
	CHECK(has_error("bad-directive", 2, 8));
	CHECK(!parse_rules("#[dney] fs(\"/a\", read)"));
	CHECK(has_error("unknown-directive", 2, 1));
	CHECK(strstr(first_msg(), "did you mean '#[deny]'?") != NULL);
	CHECK(!parse_rules("#[name \"x\"] fs(\"/a\", read)"));
	CHECK(has_error("unknown-directive", 2, 1));
	CHECK(!parse("#![profile \"/a\"] #![deny]"));
	CHECK(has_error("unknown-directive", 1, 18));
}

static void test_func_context(void)
{
	const struct rule *r = one_rule("#[func \"check_login\"] fs(\"/etc/shadow\", read)");
	CHECK(r && r->ctx.func && !strcmp(r->ctx.func, "check_login"));
	CHECK(r && !r->ctx.binary && !r->ctx.kfunc);
	CHECK(r && r->ctx.loc.line == 2 && r->ctx.loc.col == 1);
	CHECK(r && !strcmp(r->text, "fs(\"/etc/shadow\", read)"));
	CHECK(r && r->loc.col == 23);
	r = one_rule("#[func \"f\" (\"/lib/libc.so.6\")] fs(\"/a\", read)");
	CHECK(r && !strcmp(r->ctx.func, "f") && r->ctx.binary && !strcmp(r->ctx.binary, "/lib/libc.so.6"));
	r = one_rule("#[kfunc \"do_sys_open\"] fs(\"/a\", read)");
	CHECK(r && r->ctx.kfunc && !strcmp(r->ctx.func, "do_sys_open"));
	/* the same context twice is fine */
	r = one_rule("#[func \"f\"] { #[func \"f\"] fs(\"/a\", read) }");
	CHECK(r && !strcmp(r->ctx.func, "f"));

	CHECK(!parse_rules("#[func \"f\"] { #[func \"g\"] fs(\"/a\", read) }"));
	CHECK(has_error("conflicting-directives", 2, 15));
	CHECK(!parse_rules("#[func \"f\"] #[kfunc \"f\"] fs(\"/a\", read)"));
	CHECK(has_error("conflicting-directives", 2, 13));
	CHECK(!parse_rules("#[func] fs(\"/a\", read)"));
	CHECK(has_error("bad-directive", 2, 1));
	CHECK(!parse_rules("#[kfunc \"f\" (\"/bin/x\")] fs(\"/a\", read)"));
	CHECK(has_error("bad-directive", 2, 9));
	CHECK(!parse_rules("#[func \"f\" (\"bin\")] fs(\"/a\", read)"));
	CHECK(has_error("bad-path", 2, 13));
}

static void test_blocks(void)
{
	struct policy *p = parse_rules("#[taint] {\n  net(inet, bind)\n  #[allow] fs(\"/a\", read)\n}\n"
				       "fs(\"/b\", read)\n"
				       "#[transition] #[untaint] {\n  fs(\"/bin/bash\", read|exec)\n"
				       "  #[audit] { fs(\"/bin/sh\", exec) }\n}\n{}\n");
	CHECK(p && p->nrules == 5);
	if (!p || p->nrules != 5)
		return;
	CHECK(p->rules[0].kind == RK_NET && p->rules[0].actions == RA_TAINT);
	CHECK(p->rules[0].loc.line == 3 && p->rules[0].loc.col == 3);
	CHECK(p->rules[1].actions == (RA_TAINT | RA_ALLOW));
	CHECK(p->rules[2].actions == RA_ALLOW);
	CHECK(p->rules[3].actions == (RA_ALLOW | RA_UNTAINT | RA_TRANSITION));
	CHECK(p->rules[4].actions == (RA_ALLOW | RA_UNTAINT | RA_TRANSITION | RA_AUDIT));

	/* 64 levels are fine, 65 are not */
	struct strbuf sb = { 0 };
	for (int i = 0; i < 64; i++)
		sb_puts(&sb, "{");
	sb_puts(&sb, "fs(\"/a\", read)");
	for (int i = 0; i < 64; i++)
		sb_puts(&sb, "}");
	p = parse_rules(sb.s);
	CHECK(p && p->nrules == 1);
	sb_free(&sb);
	for (int i = 0; i < 100000; i++)
		sb_puts(&sb, "{");
	p = parse_rules(sb.s);
	sb_free(&sb);
	CHECK(!p && has_error("too-deep", 2, 65) && D.errors == 1);
	/* long directive stacks and flag lists do not grow the parser stack */
	for (int i = 0; i < 20000; i++)
		sb_puts(&sb, "#[audit] ");
	sb_puts(&sb, "fs(\"/a\", read");
	for (int i = 0; i < 20000; i++)
		sb_puts(&sb, "|write");
	sb_puts(&sb, ")");
	p = parse_rules(sb.s);
	sb_free(&sb);
	CHECK(p && p->nrules == 1 && p->rules[0].actions == (RA_ALLOW | RA_AUDIT));
}

static void test_policy_directive_errors(void)
{
	CHECK(!parse("fs(\"/a\", read)"));
	CHECK(has_error("missing-profile", 1, 1));
	CHECK(!parse("// nothing\n\n  fs(\"/a\", read)"));
	CHECK(has_error("missing-profile", 3, 3));
	CHECK(!parse(""));
	CHECK(has_error("missing-profile", 1, 1));
	CHECK(!parse("#![name \"x\"]\n#![profile \"/bin/x\"]"));
	CHECK(has_error("directive-order", 2, 1));
	CHECK(!parse("fs(\"/a\", read)\n#![profile \"/bin/x\"]"));
	CHECK(D.errors == 1 && has_error("directive-order", 2, 1));
	CHECK(!parse_rules("fs(\"/a\", read)\n#![complain]"));
	CHECK(has_error("directive-order", 3, 1));
	CHECK(!parse_rules("#![name \"a\"]\n#![name \"b\"]"));
	CHECK(has_error("duplicate-directive", 3, 1));
	CHECK(!parse("#![profile \"/bin/x\"]\n#![profile \"/bin/y\"]"));
	CHECK(has_error("duplicate-directive", 2, 1));
	CHECK(!parse("#![profile \"/bin/*\"]"));
	CHECK(has_error("bad-path", 1, 12));
	CHECK(!parse("#![profile /bin/x]"));
	CHECK(has_error("syntax", 1, 12));
	CHECK(!parse("#![profile]"));
	CHECK(has_error("bad-directive", 1, 1));
	CHECK(!parse_rules("#![default maybe]"));
	CHECK(has_error("bad-directive", 2, 12));
	CHECK(!parse_rules("#![complain yes]"));
	CHECK(has_error("bad-directive", 2, 13));
	CHECK(!parse_rules("#![nmae \"x\"]"));
	CHECK(has_error("unknown-directive", 2, 1));
	CHECK(strstr(first_msg(), "'#![name]'") != NULL);
	CHECK(!parse_rules("#![name \"\"]"));
	CHECK(has_error("bad-name", 2, 9));
	CHECK(!parse("#![profile \"/\"]"));
	CHECK(has_error("missing-name", 1, 12));
	/* policy directives only at top level */
	CHECK(!parse_rules("{ #![complain] }"));
	CHECK(has_error("syntax", 2, 3));
}

static void test_lexical(void)
{
	const struct rule *r = one_rule("fs(\"/a\\\\b\\\"c\\'d\", read)");
	CHECK(r && !strcmp(r->path, "/a\\b\"c'd"));
	r = one_rule("fs('/it\\'s \"here\"', read)");
	CHECK(r && !strcmp(r->path, "/it's \"here\""));
	r = one_rule("fs(\"/caf\xc3\xa9\", read)");
	CHECK(r && !strcmp(r->path, "/caf\xc3\xa9"));
	r = one_rule("/* multi\n * line\n */ fs(\"/a\", read) // trailing\n/**/");
	CHECK(r && r->loc.line == 4 && r->loc.col == 5);

	CHECK(!parse_rules("fs(\"/a\\n\", read)"));
	CHECK(has_error("syntax", 2, 7));
	CHECK(strstr(first_msg(), "'\\n'") != NULL);
	CHECK(!parse_rules("fs(\"/a, read)"));
	CHECK(has_error("syntax", 2, 4));
	CHECK_STR(first_msg(), "unterminated string");
	CHECK(!parse_rules("fs(\"/a\n\", read)"));
	CHECK(has_error("syntax", 2, 4) && D.errors == 1);
	CHECK(!parse_rules("fs('/a\\"));
	CHECK(has_error("syntax", 2, 4));
	CHECK(!parse_rules("fs(\"/a\", read)\n  /* never closed\n fs(\"/b\", read)"));
	CHECK(has_error("syntax", 3, 3) && D.errors == 1);
	CHECK_STR(first_msg(), "unterminated comment");
	CHECK(!parse_rules("fs(\"/a\", read) \xc3\xa9"));
	CHECK(has_error("syntax", 2, 16) && D.errors == 1);
	CHECK_STR(first_msg(), "unexpected character '\xc3\xa9'");
	CHECK(!parse_rules("fs(\"/a\", read) @"));
	CHECK(has_error("syntax", 2, 16));
	CHECK(!parse_rules("# [deny] fs(\"/a\", read)"));
	CHECK(has_error("syntax", 2, 1));
}

static void test_syntax_errors(void)
{
	CHECK(!parse_rules("fs(\"/a\", read"));
	CHECK(has_error("syntax", 2, 14));
	CHECK(strstr(first_msg(), "unexpected end of file") != NULL);
	CHECK(!parse_rules("fs(\"/a\",)"));
	CHECK(has_error("syntax", 2, 9) && D.errors == 1);
	CHECK(strstr(first_msg(), "syntax error, unexpected ')'") == first_msg());
	/* each bad rule once: recovery skips to its ')' */
	CHECK(!parse_rules("fs(\"/a\" read)\nfs(\"/b\" read)\n"));
	CHECK(D.errors == 2 && has_error("syntax", 2, 9) && has_error("syntax", 3, 9));
	CHECK(strstr(first_msg(), "unexpected identifier") != NULL);
	CHECK(!parse_rules("fs(\"/a\", read) }"));
	CHECK(has_error("syntax", 2, 16));
	CHECK(!parse_rules("{ fs(\"/a\", read)"));
	CHECK(has_error("syntax", 2, 17));
	CHECK(!parse_rules("#[deny]"));
	CHECK(has_error("syntax", 2, 8));
	CHECK(!parse_rules("fs \"/a\""));
	CHECK(strstr(first_msg(), "expected '(' after 'fs'") != NULL);
}

/* Error recovery: a syntax error does not hide the errors after it. */
static void test_recovery(void)
{
	/* a missing ')' swallows the next rule, then parsing goes on */
	CHECK(!parse_rules("fs(\"/a\", read\nfs(\"/b\", read)\nfs(\"/c\", raed)\n"));
	CHECK(D.errors == 2 && has_error("syntax", 3, 1) && has_error("unknown-flag", 4, 10));
	/* bad directive, bad block, a stray ']' at the top: each reported, and the
	 * rules after them still checked */
	CHECK(!parse_rules("#[deny 3 (] fs(\"/a\", read)\n{ fs(\"/b\" \"x\") }\n"
			   "#![name ]]\nfs(\"/c\", read)\ncap(sys_admn)\n"));
	CHECK(D.errors == 5 && has_error("syntax", 2, 8) && has_error("syntax", 3, 11) &&
	      has_error("syntax", 4, 10) && has_error("directive-order", 4, 1) &&
	      has_error("unknown-capability", 6, 5));
	/* a lexer error inside a rule: the rest of the rule is skipped */
	CHECK(!parse_rules("fs(\"/a\", re@d)\nfs(\"/b\", wirte)\n"));
	CHECK(D.errors == 2 && has_error("syntax", 2, 12) && has_error("unknown-flag", 3, 10));
	/* the cap: 20 errors, then one "too many errors" */
	struct strbuf sb = { 0 };
	for (int i = 0; i < 40; i++)
		sb_puts(&sb, "fs(\"/a\" read)\n");
	CHECK(!parse_rules(sb_finish(&sb)));
	CHECK(D.errors == DSL_MAX_SYNTAX_ERRORS + 1);
	CHECK(D.n && strstr(D.v[D.n - 1].msg, "too many errors") != NULL);
	/* a block error keeps the nesting count right */
	struct strbuf deep = { 0 };
	for (int i = 0; i < DSL_MAX_DEPTH; i++)
		sb_puts(&deep, "{ ( }\n");
	sb_puts(&deep, "{ fs(\"/a\", read) }\n");
	CHECK(!parse_rules(sb_finish(&deep)));
	CHECK(!has_error("too-deep", 0, 0));
	/* no "missing profile" after a syntax error that may have hidden it */
	CHECK(!parse("#![profile \"/bin/x\" (]\nfs(\"/a\", read)\n"));
	CHECK(D.errors == 1 && !has_error("missing-profile", 0, 0));
}

static void test_requests(void)
{
	struct rule r;
	CHECK(request("fs(\"/etc/shadow\", read)", &r));
	CHECK(r.kind == RK_FS && !strcmp(r.path, "/etc/shadow") && r.mask == ACC_READ);
	CHECK(r.actions == RA_ALLOW && !r.ctx.func);
	CHECK_STR(r.text, "fs(\"/etc/shadow\", read)");
	CHECK(r.loc.line == 1 && r.loc.col == 1 && r.arg_loc.col == 4);
	CHECK(request("  signal( parent ,term )\n", &r));
	CHECK(r.kind == RK_SIGNAL && r.target.kind == TGT_PARENT && r.mask == (UINT64_C(1) << 15));
	CHECK_STR(r.text, "signal( parent ,term )");
	CHECK(request("dev(136:2, write)", &r) && r.major == 136 && r.minor == 2);
	CHECK(request("cap(sys_admin)", &r) && r.kind == RK_CAP);

	CHECK(!request("fs(\"/a\", read) fs(\"/b\", read)", &r));
	CHECK(has_error("syntax", 1, 16));
	CHECK(strstr(first_msg(), "expecting end of file") != NULL);
	CHECK(!request("#[deny] fs(\"/a\", read)", &r));
	CHECK(has_error("syntax", 1, 1));
	CHECK(!request("#![profile \"/a\"]", &r));
	CHECK(has_error("syntax", 1, 1));
	CHECK(!request("", &r));
	CHECK(has_error("syntax", 1, 1));
	CHECK(!request("fs(\"/a\", reed)", &r));
	CHECK(has_error("unknown-flag", 1, 10));
	CHECK(!request("{ fs(\"/a\", read) }", &r));
	CHECK(has_error("syntax", 1, 1));
}

static void test_limits(void)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "#![profile \"/usr/bin/big\"]\n");
	for (int i = 0; i < 10000; i++)
		sb_printf(&sb, "#[deny] fs(\"/data/%d/*\", read|write) net(inet, bind|connect)\n", i);
	struct policy *p = parse(sb.s);
	sb_free(&sb);
	CHECK(p && p->nrules == 20000);
	CHECK(p && p->rules[19999].loc.line == 10001);
	CHECK(p && p->rules[19998].actions == RA_DENY && p->rules[19999].actions == RA_ALLOW);

	sb_puts(&sb, "#![profile \"/usr/bin/big\"]\n");
	for (int i = 0; i < POLICY_MAX_RULES + 2; i++)
		sb_puts(&sb, "cap(any)\n");
	p = parse(sb.s);
	sb_free(&sb);
	CHECK(!p && D.errors == 1 && has_error("too-many-rules", POLICY_MAX_RULES + 2, 1));
}

static void run_tests(void)
{
	test_policy_header();
	test_fs_rules();
	test_target_rules();
	test_dev_net_cap_ipc();
	test_bad_rules();
	test_directives();
	test_func_context();
	test_blocks();
	test_policy_directive_errors();
	test_lexical();
	test_syntax_errors();
	test_recovery();
	test_requests();
	test_limits();
}

UNIT_MAIN("test_dsl")
