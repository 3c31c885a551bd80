/* SPDX-License-Identifier: GPL-2.0-only */
/* ir.h - the one intermediate representation both policy languages
 * (YAML and the rule DSL) are parsed into.  Checks, lint, explain and
 * (later) code generation work only on this.  Semantics: docs/policy-language.md;
 * text form (--emit-ir): docs/ir.md. */
#ifndef BPFCC_IR_H
#define BPFCC_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "source.h"

enum rule_kind {
	RK_FS,		/* fs(PATH-or-glob, fsflags), YAML file:/fs: */
	RK_FILESYSTEM,	/* filesystem(MOUNTPOINT, fsflags), YAML filesystem: */
	RK_PROC,	/* proc(TARGET, fsflags): another program's /proc entries */
	RK_DEV_CLASS,	/* dev(CLASS, fsflags), YAML device: */
	RK_DEV_NUM,	/* dev(MAJOR[:MINOR], fsflags), YAML numberedDevice: */
	RK_CAP,		/* cap(NAME|any), YAML capability: */
	RK_IPC,		/* ipc(POLICY), YAML ipc: */
	RK_NET,		/* net(FAMILY, netflags), YAML network: */
	RK_SIGNAL,	/* signal(TARGET, sigflags), YAML signal: */
	RK_PTRACE,	/* ptrace(TARGET, read|attach), YAML ptrace: */
	RK__COUNT
};

/* File access bits (RK_FS, RK_FILESYSTEM, RK_PROC, RK_DEV_*). */
enum {
	ACC_READ = 1u << 0,
	ACC_WRITE = 1u << 1,
	ACC_APPEND = 1u << 2,
	ACC_EXEC = 1u << 3,
	ACC_MAP = 1u << 4,	/* exec-mmap (YAML m) */
	ACC_SETATTR = 1u << 5,	/* chmod/chown/setattr (YAML c) */
	ACC_GETATTR = 1u << 6,	/* stat (YAML r includes it) */
	ACC_IOCTL = 1u << 7,
	ACC_DELETE = 1u << 8,	/* rm (YAML d) */
	ACC_LINK = 1u << 9,
	ACC_ALL = (1u << 10) - 1
};

/* Network operation bits (RK_NET). */
enum {
	NET_CONNECT = 1u << 0,
	NET_BIND = 1u << 1,
	NET_ACCEPT = 1u << 2,
	NET_LISTEN = 1u << 3,
	NET_SEND = 1u << 4,
	NET_RECV = 1u << 5,
	NET_CREATE = 1u << 6,
	NET_SHUTDOWN = 1u << 7,
	NET_ALL = (1u << 8) - 1
};

/* ptrace bits (RK_PTRACE). */
enum { PT_READ = 1u << 0, PT_ATTACH = 1u << 1, PT_ALL = 3 };

/* Signals (RK_SIGNAL): bit n is signal n for n = 1..63; bit 0 is the
 * existence check (signal 0).  SIG_ALL is "any". */
#define SIG_ALL UINT64_MAX
/* Capabilities (RK_CAP): bit n is capability n (CAP_CHOWN = 0 ...). */
#define CAP_ALL_MASK ((UINT64_C(1) << (CAP_COUNT)) - 1)
#define CAP_COUNT 41
/* Socket families (RK_NET): bit n is AF n; FAMILY_ANY is "any". */
#define FAMILY_ANY UINT64_MAX

/* What a rule does.  A rule has exactly one of ALLOW, DENY or (alone) TAINT
 * as its base: ALLOW|TAINT is allowed too ("taints, and is a right").
 * AUDIT, UNTAINT and TRANSITION are modifiers. */
enum {
	RA_ALLOW = 1u << 0,
	RA_DENY = 1u << 1,
	RA_TAINT = 1u << 2,
	RA_AUDIT = 1u << 3,
	RA_UNTAINT = 1u << 4,
	RA_TRANSITION = 1u << 5
};

enum target_kind {
	TGT_ANY,
	TGT_SELF,
	TGT_PARENT,
	TGT_CHILD,
	TGT_PROGRAM,	/* name is an absolute program path (may be a glob) */
	TGT_POLICY	/* name is a policy name */
};

struct target {
	enum target_kind kind;
	const char *name;	/* TGT_PROGRAM, TGT_POLICY */
};

enum dev_class {
	DEV_TERMINAL,	/* terminal, tty */
	DEV_NULL,
	DEV_RANDOM,
	DEV_VIDEO,
	DEV_SOUND,
	DEV_GPU,
	DEV_INPUT,
	DEV__COUNT
};

/* Context a rule is limited to: while the thread is inside a user function
 * (#[func]) or a kernel function (#[kfunc]).  func == NULL: always. */
struct rule_ctx {
	const char *func;
	const char *binary;	/* #[func "f" ("/bin")]; NULL = the profile path */
	bool kfunc;
	struct loc loc;		/* where the directive is */
};

struct rule {
	enum rule_kind kind;
	unsigned actions;	/* RA_* */
	const char *path;	/* RK_FS, RK_FILESYSTEM */
	struct target target;	/* RK_PROC, RK_SIGNAL, RK_PTRACE */
	const char *policy;	/* RK_IPC */
	enum dev_class dev_class; /* RK_DEV_CLASS */
	int major, minor;	/* RK_DEV_NUM; minor -1 = any */
	uint64_t families;	/* RK_NET: bit per AF_*, FAMILY_ANY */
	uint64_t mask;		/* ACC_*, NET_*, PT_*, signal or capability bits */
	struct rule_ctx ctx;
	struct loc loc;		/* start of the rule as written */
	struct loc arg_loc;	/* its object (path, target, name ...); = loc if none */
	const char *text;	/* the rule as written, on one line */
};

enum policy_lang { LANG_YAML, LANG_DSL };

struct policy {
	const char *name;	/* NULL if missing (an error) */
	const char *command;	/* NULL if missing (an error) */
	struct loc loc;		/* start of the file */
	struct loc name_loc, command_loc;
	bool default_allow;
	bool default_taint;	/* YAML defaultTaint, DSL #![default_taint] */
	bool complain;
	bool privileged;
	struct rule *rules;
	size_t nrules, cap;
	const struct source *src;
	enum policy_lang lang;
};

/* Appends a zeroed rule to p and returns it. */
struct rule *policy_add_rule(struct policy *p);
bool policy_has_taint_rules(const struct policy *p);
/* Semantics 5: untainted at start iff it has taint rules and !default_taint. */
bool policy_starts_tainted(const struct policy *p);

const char *rule_kind_name(enum rule_kind k);	/* "fs", "filesystem", ... */
/* Does kind k's mask use file access bits? */
bool rule_kind_has_file_access(enum rule_kind k);

/* Limits that keep every pass bounded. */
#define POLICY_MAX_RULES 65536
#define RULE_PATH_MAX 4096

#endif
