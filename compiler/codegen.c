// SPDX-License-Identifier: GPL-2.0-only
/* codegen.c - turns a checked policy into C for the BPF templates: the
 * config and self-description, the path matcher (pathdfa.c) and the rule
 * tables of bpf-templates/bpfcon_rules.h, and which hooks to build.  The
 * output is meant to be read: every table says what it is and which rules
 * it came from. */
#include "codegen.h"

#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "../bpf-templates/bpfcon_abi.h"
#include "../bpf-templates/bpfcon_decide.h"
#include "diag.h"
#include "explain.h"
#include "names.h"
#include "pathdfa.h"
#include "sha256.h"

_Static_assert(BPFCON_ACC_READ == ACC_READ && BPFCON_ACC_WRITE == ACC_WRITE &&
		       BPFCON_ACC_APPEND == ACC_APPEND && BPFCON_ACC_EXEC == ACC_EXEC &&
		       BPFCON_ACC_MAP == ACC_MAP && BPFCON_ACC_SETATTR == ACC_SETATTR &&
		       BPFCON_ACC_GETATTR == ACC_GETATTR && BPFCON_ACC_IOCTL == ACC_IOCTL &&
		       BPFCON_ACC_DELETE == ACC_DELETE && BPFCON_ACC_LINK == ACC_LINK,
	       "the templates' access bits are the IR's");
_Static_assert(BPFCON_KIND_FS == RK_FS && BPFCON_KIND_DEV == RK_DEV_NUM &&
		       BPFCON_KIND_PROC == RK_PROC && BPFCON_KIND_CAP == RK_CAP &&
		       BPFCON_KIND_IPC == RK_IPC && BPFCON_KIND_NET == RK_NET &&
		       BPFCON_KIND_SIGNAL == RK_SIGNAL && BPFCON_KIND_PTRACE == RK_PTRACE,
	       "the templates' request kinds are the IR's");

#define NBITS 10
#define MAX_DFA_STATES 1000000u

static const char *const role_names[NROLES] = { "ROLE_DENY", "ROLE_TAINT", "ROLE_ALLOW" };

/* --- function contexts and program targets ---------------------------- */

/* The distinct function contexts (#[func], #[kfunc]) of a policy, in the
 * order of their first rule: context I is bit 1 << I of a rule's ctx. */
struct contexts {
	const struct rule_ctx **v;
	size_t n, cap;
};

static bool same_ctx(const struct rule_ctx *a, const struct rule_ctx *b, const char *command)
{
	const char *ba = a->binary ? a->binary : command, *bb = b->binary ? b->binary : command;
	return a->kfunc == b->kfunc && strcmp(a->func, b->func) == 0 &&
	       (a->kfunc || strcmp(ba, bb) == 0);
}

/* The rule's ctx bit: 0 without a context. */
static uint32_t ctx_bit(const struct contexts *c, const struct rule *r, const char *command)
{
	if (!r->ctx.func)
		return 0;
	for (size_t i = 0; i < c->n; i++)
		if (same_ctx(c->v[i], &r->ctx, command))
			return 1u << i;
	return 0;	/* not reached: every context was listed */
}

static bool list_contexts(const struct policy *p, struct contexts *c, struct diag *d)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!r->ctx.func || ctx_bit(c, r, p->command))
			continue;
		if (c->n == BPFCON_MAX_CTX) {
			diag_error(d, r->ctx.loc, "too-complex",
				   "more than %d function contexts; at most %d are supported",
				   BPFCON_MAX_CTX, BPFCON_MAX_CTX);
			return false;
		}
		*(const struct rule_ctx **)arena_grow(&c->v, &c->n, &c->cap, sizeof(*c->v)) = &r->ctx;
	}
	return true;
}

/* Does the rule name a target (signal, ptrace, proc)? */
static bool has_target(const struct rule *r)
{
	return r->kind == RK_SIGNAL || r->kind == RK_PTRACE || r->kind == RK_PROC;
}

/* The distinct program-path targets: pattern k is bit 1 << k of a path
 * record's progs. */
struct programs {
	const char **v;
	size_t n, cap;
};

static size_t program_index(const struct programs *pr, const char *glob)
{
	for (size_t i = 0; i < pr->n; i++)
		if (strcmp(pr->v[i], glob) == 0)
			return i;
	return pr->n;
}

static bool list_programs(const struct policy *p, struct programs *pr, struct diag *d)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!has_target(r) || r->target.kind != TGT_PROGRAM ||
		    program_index(pr, r->target.name) < pr->n)
			continue;
		if (pr->n == 64) {
			diag_error(d, r->arg_loc, "too-complex",
				   "more than 64 different program targets; at most 64 are supported");
			return false;
		}
		*(const char **)arena_grow(&pr->v, &pr->n, &pr->cap, sizeof(*pr->v)) = r->target.name;
	}
	return true;
}

/* --- what a set of rules says, per role -------------------------------- */

struct roles {
	uint32_t mask[NROLES], audit[NROLES];
	int32_t first1[NROLES][NBITS];	/* rule id + 1; 0 none */
	uint32_t mods;			/* MOD_* */
};

/* The modifiers a right contributes (explain's step 7: rights granting
 * exec). */
static uint32_t rule_mods(const struct rule *r)
{
	if (!rule_is_allow(r) || !(r->mask & ACC_EXEC))
		return 0;
	return (r->actions & RA_TRANSITION ? MOD_TRANSITION : 0) |
	       (r->actions & RA_UNTAINT ? MOD_UNTAINT : 0);
}

/* The accesses of r that are audited. */
static unsigned audit_mask(const struct rule *r)
{
	return r->actions & RA_AUDIT ? (unsigned)r->mask : 0u;
}

static void roles_add(struct roles *rs, const struct rule *r, int32_t id)
{
	bool in[NROLES] = { rule_is_deny(r), rule_is_taint(r), rule_is_allow(r) };
	uint32_t mask = (uint32_t)r->mask & ACC_ALL;
	rs->mods |= rule_mods(r);
	for (int role = 0; role < NROLES; role++) {
		if (!in[role])
			continue;
		rs->mask[role] |= mask;
		rs->audit[role] |= audit_mask(r) & mask;
		for (int b = 0; b < NBITS; b++)
			if ((mask & (1u << b)) &&
			    (!rs->first1[role][b] || id + 1 < rs->first1[role][b]))
				rs->first1[role][b] = id + 1;
	}
}

/* --- C output helpers --------------------------------------------------- */

static void put_c_string_line(struct strbuf *out, const char *s)
{
	sb_puts(out, "\t\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			sb_printf(out, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			sb_printf(out, "\\%03o", *c);
		else
			sb_putc(out, (char)*c);
	}
	sb_puts(out, "\\n\"\n");
}

/* Text for a C comment: a space keeps "*" and "/" from meeting, so no
 * comment opens or ends inside it. */
static void put_comment_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		sb_putc(out, *s);
		if ((s[0] == '*' && s[1] == '/') || (s[0] == '/' && s[1] == '*'))
			sb_putc(out, ' ');
	}
}

static void put_u32_array(struct strbuf *out, const char *type, const char *name,
			  const char *section, const uint32_t *v, size_t n)
{
	sb_printf(out, "static const %s %s[%zu] SEC(\"%s\") = {", type, name, n, section);
	for (size_t i = 0; i < n; i++) {
		sb_puts(out, i % 12 ? " " : "\n\t");
		if (v[i] == UINT32_MAX)
			sb_puts(out, "PDFA_UNUSED,");
		else
			sb_printf(out, "%u,", v[i]);
	}
	sb_puts(out, "\n};\n\n");
}

static const char *loc_text(const struct loc *l)
{
	return arena_printf("%s:%d:%d", l->file ? l->file : "?", l->line, l->col);
}

/* --- sections ----------------------------------------------------------- */

/* The mount points of the filesystem rules, each once, in rule order:
 * meta's `mount I PATH` lines and config.mount_dev follow this order. */
struct mount_list {
	const char **v;
	size_t n, cap;
};

static size_t mount_index(struct mount_list *m, const char *path)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i], path) == 0)
			return i;
	*(const char **)arena_grow(&m->v, &m->n, &m->cap, sizeof(*m->v)) = path;
	return m->n - 1;
}

/* Everything the emitters share. */
struct gen {
	const struct policy *p;
	struct contexts ctxs;
	struct programs progs;
	struct mount_list mounts;
};

static uint32_t kfunc_mask(const struct contexts *c)
{
	uint32_t m = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i]->kfunc)
			m |= 1u << i;
	return m;
}

static void emit_header(const struct gen *g, const char *digest, struct strbuf *out)
{
	const struct policy *p = g->p;
	sb_puts(out, "/* Generated by bpfcc " BPFCC_VERSION " from ");
	put_comment_text(out, p->src->name);
	sb_printf(out, "\n * (sha256 %s).  Do not edit: change the policy and recompile.\n", digest);
	sb_puts(out, " *\n * Policy ");
	put_comment_text(out, p->name);
	sb_puts(out, ": command ");
	put_comment_text(out, p->command);
	sb_printf(out, ", default %s, %s%s%s.\n", p->default_allow ? "allow" : "deny",
		  policy_starts_tainted(p) ? "starts tainted" : "starts untainted",
		  p->complain ? ", complain mode" : "", p->privileged ? ", privileged" : "");
	sb_puts(out, " * Templates: bpf-templates/ (docs/object-format.md). */\n"
		     "#include \"bpfcon_common.h\"\n#include \"bpfcon_rules.h\"\n\n");
	sb_printf(out, "#define BPFCON_DEFAULT_ALLOW %d\n#define BPFCON_START_TAINTED %d\n"
		       "#define BPFCON_PRIVILEGED %d\n\n",
		  p->default_allow, policy_starts_tainted(p), p->privileged);
	sb_printf(out, "/* Function contexts (meta \"ctx I ...\"): bit I of a rule's ctx. */\n"
		       "#define BPFCON_NCTX %zu\n#define BPFCON_CTX_KFUNC_MASK 0x%08xu\n\n",
		  g->ctxs.n, kfunc_mask(&g->ctxs));
}

/* The hooks a policy needs: every hook of a kind under default deny (they
 * deny); under default allow only those whose requests a restriction or
 * a taint rule names.  Capabilities are denied by default unless the
 * policy is privileged. */
static void emit_hook_selection(const struct gen *g, struct strbuf *out)
{
	const struct policy *p = g->p;
	uint32_t named = 0;		/* file access bits (fs, filesystem, dev, proc) */
	bool kinds[RK__COUNT] = { 0 };	/* kinds a restriction or taint rule has */
	bool modifiers = false;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		modifiers |= rule_mods(r) != 0;
		if (!rule_is_deny(r) && !rule_is_taint(r))
			continue;
		kinds[r->kind] = true;
		if (rule_kind_has_file_access(r->kind))
			named |= (uint32_t)r->mask;
	}
	static const struct {
		const char *macro;
		uint32_t bits;
		const char *what;
	} hooks[] = {
		{ "NEED_OPEN", ACC_READ | ACC_WRITE | ACC_APPEND, "file_open, file_receive, file_permission, file_truncate, mmap_file, inode_readlink, path_notify" },
		{ "NEED_EXEC", ACC_EXEC, "bprm_check_security" },
		{ "NEED_MAP", ACC_MAP, "mmap_file, file_mprotect" },
		{ "NEED_IOCTL", ACC_IOCTL, "file_ioctl" },
		{ "NEED_GETATTR", ACC_GETATTR, "inode_getattr, inode_getxattr, inode_listxattr, inode_get_acl" },
		{ "NEED_SETATTR", ACC_SETATTR, "path_chmod, path_chown, inode_setattr, inode_*xattr, inode_*_acl" },
		{ "NEED_WRITE", ACC_WRITE, "path_truncate, path_mknod, path_mkdir, path_symlink" },
		{ "NEED_DELETE", ACC_DELETE, "path_unlink, path_rmdir" },
		{ "NEED_LINK", ACC_LINK | ACC_WRITE, "path_link" },
		{ "NEED_RENAME", ACC_DELETE | ACC_WRITE, "path_rename" },
	};
	bool all = !p->default_allow;
	sb_printf(out, "/* Hooks: %s. */\n",
		  all ? "all of them (default deny)"
		      : "those whose requests a restriction or taint rule names (default allow)");
	for (size_t i = 0; i < ARRAY_LEN(hooks); i++) {
		bool need = all || (named & hooks[i].bits) ||
			    (modifiers && !strcmp(hooks[i].macro, "NEED_EXEC"));
		sb_printf(out, "#define %-13s %d\t/* %s */\n", hooks[i].macro, need, hooks[i].what);
	}
	static const struct {
		const char *macro;
		enum rule_kind kind;
		const char *what;
	} kinds_hooks[] = {
		{ "NEED_NET", RK_NET, "socket_*: net rules" },
		{ "NEED_SIGNAL", RK_SIGNAL, "task_kill, file_send_sigiotask: signal rules" },
		{ "NEED_PTRACE", RK_PTRACE, "ptrace_access_check, ptrace_traceme: ptrace rules" },
		{ "NEED_PROC", RK_PROC, "another task's /proc/PID files (file hooks), its scheduling and limits (task_set*): proc rules" },
		{ "NEED_IPC", RK_IPC, "unix sockets, SysV IPC, signals between policies: ipc rules" },
	};
	for (size_t i = 0; i < ARRAY_LEN(kinds_hooks); i++)
		sb_printf(out, "#define %-13s %d\t/* %s */\n", kinds_hooks[i].macro,
			  all || kinds[kinds_hooks[i].kind], kinds_hooks[i].what);
	sb_printf(out, "#define %-13s %d\t/* capable and the always-denied operations */\n\n",
		  "NEED_CAP", all || !p->privileged || kinds[RK_CAP]);
}

static void emit_config(const struct gen *g, struct strbuf *out)
{
	const struct policy *p = g->p;
	sb_puts(out, "/* Filled in further by bpfcon-load: mount_dev, cmd_dev, cmd_ino, loaded_ns. */\n");
	sb_puts(out, "const volatile struct bpfcon_config bpfcon_config SEC(\"" BPFCON_CONFIG_SEC
		     "\") = {\n");
	sb_printf(out, "\t.magic = 0x%08x,\n\t.abi = %d,\n", BPFCON_MAGIC, BPFCON_ABI_VERSION);
	sb_printf(out, "\t.policy_id = 0x%016llxull,\t/* bpfcon_policy_id(\"",
		  (unsigned long long)bpfcon_policy_id(p->name));
	put_comment_text(out, p->name);
	sb_printf(out, "\") */\n\t.complain = %d,\n\t.nmounts = %zu,\n};\n\n", p->complain,
		  g->mounts.n);
}

static void emit_meta(const struct gen *g, const char *digest, struct strbuf *out)
{
	const struct policy *p = g->p;
	sb_puts(out, "/* The self-description (docs/object-format.md): what `bpfcon info`\n"
		     " * prints, how logs name the deciding rule, and the functions the loader\n"
		     " * attaches the contexts' probes to. */\n");
	sb_puts(out, "const char bpfcon_meta[] SEC(\"" BPFCON_META_SEC
		     "\") __attribute__((used)) =\n");
	put_c_string_line(out, "bpfcon 1");
	put_c_string_line(out, arena_printf("name %s", p->name));
	put_c_string_line(out, arena_printf("command %s", p->command));
	put_c_string_line(out, arena_printf("source %s", p->src->name));
	put_c_string_line(out, arena_printf("sha256 %s", digest));
	put_c_string_line(out, "compiler bpfcc " BPFCC_VERSION);
	put_c_string_line(out, p->default_allow ? "default allow" : "default deny");
	put_c_string_line(out, p->complain ? "complain 1" : "complain 0");
	put_c_string_line(out, arena_printf("rules %zu", p->nrules));
	for (size_t i = 0; i < g->mounts.n; i++)
		put_c_string_line(out, arena_printf("mount %zu %s", i, g->mounts.v[i]));
	for (size_t i = 0; i < g->ctxs.n; i++) {
		const struct rule_ctx *c = g->ctxs.v[i];
		if (c->kfunc)
			put_c_string_line(out, arena_printf("ctx %zu kfunc %s", i, c->func));
		else
			put_c_string_line(out, arena_printf("ctx %zu func %s %s", i, c->func,
							    c->binary ? c->binary : p->command));
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		put_c_string_line(out, arena_printf("rule %zu %s %s", i, loc_text(&r->loc),
						    r->text ? r->text : "?"));
	}
	sb_puts(out, ";\n\n");
}

/* The access bits of a record of rule kind `kind`, by name. */
static void put_bits(struct strbuf *out, enum rule_kind kind, uint32_t mask)
{
	static const char *const acc[NBITS] = {
		"BPFCON_ACC_READ", "BPFCON_ACC_WRITE", "BPFCON_ACC_APPEND", "BPFCON_ACC_EXEC",
		"BPFCON_ACC_MAP", "BPFCON_ACC_SETATTR", "BPFCON_ACC_GETATTR", "BPFCON_ACC_IOCTL",
		"BPFCON_ACC_DELETE", "BPFCON_ACC_LINK",
	};
	static const char *const net[NBITS] = {
		"BPFCON_NET_CONNECT", "BPFCON_NET_BIND", "BPFCON_NET_ACCEPT", "BPFCON_NET_LISTEN",
		"BPFCON_NET_SEND", "BPFCON_NET_RECV", "BPFCON_NET_CREATE", "BPFCON_NET_SHUTDOWN",
	};
	static const char *const pt[NBITS] = { "BPFCON_PT_READ", "BPFCON_PT_ATTACH" };
	const char *const *names = kind == RK_NET ? net : kind == RK_PTRACE ? pt
				 : rule_kind_has_file_access(kind) ? acc : NULL;
	if (!mask) {
		sb_puts(out, "0");
		return;
	}
	if (!names) {	/* signal, cap, ipc: the one bit of the request */
		sb_puts(out, mask == 1 ? "OBJ_NUMBER" : arena_printf("0x%x", mask));
		return;
	}
	const char *sep = "";
	for (int b = 0; b < 32; b++) {
		if (!(mask & (1u << b)))
			continue;
		if (b < NBITS && names[b])
			sb_printf(out, "%s%s", sep, names[b]);
		else
			sb_printf(out, "%s(1u << %d)", sep, b);
		sep = "|";
	}
}

/* A rule's or record's context: 0 (none) or the bit of context I. */
static const char *ctx_text(uint32_t ctx)
{
	return ctx ? arena_printf("1u << %d", __builtin_ctz(ctx)) : "0";
}

/* One record: for each role the policy's rules play here, the access bits
 * they name, the audited ones, and per bit the first rule naming it, + 1
 * (bits no rule names are left out: 0). */
static void emit_rec(const struct roles *rs, enum rule_kind kind, uint32_t ctx, uint32_t next,
		     uint64_t progs, struct strbuf *out)
{
	sb_printf(out, "{ .ctx = %s, .next = %u,", ctx_text(ctx), next);
	if (progs)
		sb_printf(out, " .progs = 0x%llxull,", (unsigned long long)progs);
	if (rs->mods)
		sb_printf(out, "\n\t\t.mods = %s,", rs->mods == 3 ? "MOD_TRANSITION | MOD_UNTAINT"
						  : rs->mods == MOD_TRANSITION ? "MOD_TRANSITION" : "MOD_UNTAINT");
	for (int role = 0; role < NROLES; role++) {
		if (!rs->mask[role])
			continue;
		sb_printf(out, "\n\t\t.mask[%s] = ", role_names[role]);
		put_bits(out, kind, rs->mask[role]);
		sb_putc(out, ',');
		if (rs->audit[role]) {
			sb_printf(out, " .audit[%s] = ", role_names[role]);
			put_bits(out, kind, rs->audit[role]);
			sb_putc(out, ',');
		}
		sb_printf(out, "\n\t\t.first1[%s] = {", role_names[role]);
		const char *sep = " ";
		for (int b = 0; b < NBITS; b++)
			if (rs->first1[role][b]) {
				sb_printf(out, "%s[%d] = %d", sep, b, rs->first1[role][b]);
				sep = ", ";
			}
		sb_puts(out, " },");
	}
	sb_puts(out, "\n\t}");
}

/* Record `index` of pdfa_rec: the rules of accept set `set` whose context
 * is `want` (0: none; the first record of a chain also lists the program
 * targets), then `next`. */
static void emit_path_rec(const struct gen *g, const struct pathdfa_set *set, uint32_t want,
			  uint32_t index, uint32_t next, struct strbuf *out)
{
	const struct policy *p = g->p;
	struct roles rs = { 0 };
	uint64_t progs = 0;
	int shown = 0;
	sb_printf(out, "\t/* %s", want ? arena_printf("context %d: ", __builtin_ctz(want)) : "");
	for (uint32_t j = 0; j < set->n; j++) {
		if (set->ids[j] >= p->nrules) {
			if (!want) {
				progs |= UINT64_C(1) << (set->ids[j] - p->nrules);
				sb_printf(out, "%sprogram target %u", shown++ ? ", " : "",
					  set->ids[j] - (uint32_t)p->nrules);
			}
			continue;
		}
		const struct rule *r = &p->rules[set->ids[j]];
		if (ctx_bit(&g->ctxs, r, p->command) != want)
			continue;
		roles_add(&rs, r, (int32_t)set->ids[j]);
		if (shown < 8)
			sb_printf(out, "%srule %u (%s)", shown ? ", " : "", set->ids[j], loc_text(&r->loc));
		else if (shown == 8)
			sb_puts(out, ", ...");
		shown++;
	}
	sb_printf(out, " */\n\t[%u] = ", index);
	emit_rec(&rs, RK_FS, want, next, progs, out);
	sb_puts(out, ",\n");
}

/* Where a path matcher pattern comes from: its fs rule (id < nrules), or
 * the first rule naming that program target. */
static struct loc pattern_loc(const struct policy *p, uint32_t id, const char *pat)
{
	if (id < p->nrules)
		return p->rules[id].loc;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (has_target(r) && r->target.kind == TGT_PROGRAM && strcmp(r->target.name, pat) == 0)
			return r->arg_loc;
	}
	return p->loc;
}

/* pdfa_moves[s], pdfa_moves_mask[s]: after the path of a file or folder,
 * the access bits restrictions name for it or for something below it
 * (after a '/'), and one such restriction (an fs rule id, for the log;
 * PDFA_UNUSED if none).  A rename or hard link is denied when the old
 * name's bits are not all restricted at the new name too: the new name
 * would take it out of their reach.  Only when the policy has an fs
 * restriction (PDFA_MOVES). */
static void emit_moves(const struct policy *p, const struct pathdfa *dfa, struct strbuf *out)
{
	uint32_t *own = arena_alloc(dfa->nstates * sizeof(*own));
	uint32_t *bits = arena_alloc(dfa->nstates * sizeof(*bits));
	uint32_t *reach = arena_alloc(dfa->nstates * sizeof(*reach));
	uint32_t *mask = arena_alloc(dfa->nstates * sizeof(*mask));
	bool any = false;
	for (uint32_t s = 0; s < dfa->nstates; s++) {
		const struct pathdfa_set *set = &dfa->sets[dfa->accept[s]];
		own[s] = UINT32_MAX;
		bits[s] = 0;
		for (uint32_t j = 0; j < set->n; j++) {
			uint32_t id = set->ids[j];
			if (id >= p->nrules || p->rules[id].kind != RK_FS || !rule_is_deny(&p->rules[id]))
				continue;
			bits[s] |= (uint32_t)p->rules[id].mask;
			if (id < own[s])
				own[s] = id;
		}
		any |= own[s] != UINT32_MAX;
	}
	if (!any) {
		sb_puts(out, "/* No fs restriction: nothing a new name could dodge. */\n"
			     "#define PDFA_MOVES 0\n\n");
		return;
	}
	pathdfa_reach(dfa, own, reach);
	uint32_t *below = arena_alloc(dfa->nstates * sizeof(*below));
	memcpy(below, bits, dfa->nstates * sizeof(*below));
	pathdfa_reach_union(dfa, below);
	for (uint32_t s = 0; s < dfa->nstates; s++) {
		uint32_t after = pathdfa_step(dfa, s, '/');
		mask[s] = bits[s] | below[after];
		if (own[s] == UINT32_MAX)
			own[s] = reach[after];
	}
	sb_puts(out, "/* After the path of a file or folder: the access bits restrictions name\n"
		     " * for it or something below it, and one such restriction (or\n"
		     " * PDFA_UNUSED).  A rename or hard link is denied when the new name is\n"
		     " * not restricted in all of those bits. */\n"
		     "#define PDFA_MOVES 1\n");
	put_u32_array(out, "u32", "pdfa_moves", ".rodata.pdfa_moves", own, dfa->nstates);
	put_u32_array(out, "u32", "pdfa_moves_mask", ".rodata.pdfa_moves_mask", mask, dfa->nstates);
}

/* fs rules and program targets: one DFA over every pattern.  Each
 * accepting state's set becomes a chain of bpfcon_rec: the first for the
 * rules without a context (and the program targets), one more per
 * context the set's rules have. */
static bool emit_path_matcher(const struct gen *g, struct strbuf *out, struct diag *d)
{
	const struct policy *p = g->p;
	const char **pats = NULL;
	uint32_t *ids = NULL;
	size_t n = 0, cap = 0, cap2 = 0, n2 = 0, nfs = 0;
	struct loc first_loc = p->loc;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (r->kind != RK_FS)
			continue;
		if (!n)
			first_loc = r->loc;
		*(const char **)arena_grow(&pats, &n, &cap, sizeof(*pats)) = r->path;
		*(uint32_t *)arena_grow(&ids, &n2, &cap2, sizeof(*ids)) = (uint32_t)i;
		nfs++;
	}
	for (size_t k = 0; k < g->progs.n; k++) {
		*(const char **)arena_grow(&pats, &n, &cap, sizeof(*pats)) = g->progs.v[k];
		*(uint32_t *)arena_grow(&ids, &n2, &cap2, sizeof(*ids)) = (uint32_t)(p->nrules + k);
	}
	sb_printf(out, "/* Program targets named by signal, ptrace and proc rules (with none, a\n"
		       " * target's executable path is built only for a decision that logs). */\n"
		       "#define PROG_TARGETS %zu\n\n", g->progs.n);
	if (!n) {
		sb_puts(out, "/* No fs rules or program targets: no path matcher. */\n"
			     "#define PDFA_NSTATES 0\n#define PDFA_MOVES 0\n\n");
		return true;
	}
	struct pathdfa dfa;
	const char *err = NULL;
	if (!pathdfa_build(pats, ids, n, MAX_DFA_STATES, &dfa, &err)) {
		/* at the rules whose patterns multiply the states, if known */
		diag_error(d, dfa.nblame ? pattern_loc(p, ids[dfa.blame[0]], pats[dfa.blame[0]]) : first_loc,
			   "too-complex", "%s", err);
		if (dfa.nblame == 2)
			diag_note(d, pattern_loc(p, ids[dfa.blame[1]], pats[dfa.blame[1]]), "too-complex",
				  "the other pattern that multiplies the states");
		return false;
	}
	/* The records: heads first (index = accept set), then the chained ones,
	 * one per context present in the set, in context order. */
	struct strbuf heads = { 0 }, chained = { 0 };
	uint32_t nextra = 0;
	for (uint32_t k = 1; k < dfa.nsets; k++) {
		const struct pathdfa_set *set = &dfa.sets[k];
		uint32_t ctxs = 0;	/* contexts present */
		for (uint32_t j = 0; j < set->n; j++)
			if (set->ids[j] < p->nrules)
				ctxs |= ctx_bit(&g->ctxs, &p->rules[set->ids[j]], p->command);
		uint32_t index = dfa.nsets + nextra;	/* of the first chained record */
		emit_path_rec(g, set, 0, k, ctxs ? index : 0, &heads);
		for (uint32_t left = ctxs; left; left &= left - 1, index++, nextra++) {
			uint32_t want = left & -left;
			emit_path_rec(g, set, want, index, left != want ? index + 1 : 0, &chained);
		}
	}
	sb_printf(out,
		  "/* Path matcher: one DFA for the %zu fs rules and %zu program targets,\n"
		  " * %u states over %u byte classes, %u transition slots.  From state s\n"
		  " * on byte c:\n"
		  " *   i = pdfa_base[s] + pdfa_cls[c];\n"
		  " *   s = pdfa_check[i] == s ? pdfa_next[i] : pdfa_dflt[s];\n"
		  " * After the whole path, pdfa_rec[pdfa_accept[s]] says what the rules\n"
		  " * matching it grant, restrict and taint (and .next, what those of a\n"
		  " * function context do), and which program targets it is. */\n",
		  nfs, g->progs.n, dfa.nstates, dfa.nclasses, dfa.ntrans);
	sb_printf(out, "#define PDFA_NSTATES %u\n#define PDFA_NTRANS %u\n#define PDFA_DEAD %u\n"
		       "#define PDFA_NRECS %u\n#define PDFA_NRECS_ALL %u\n"
		       "#define PDFA_UNUSED 0xffffffffu\t/* a free slot */\n\n",
		  dfa.nstates, dfa.ntrans, dfa.dead, dfa.nsets, dfa.nsets + nextra);
	uint32_t cls[256];
	for (int c = 0; c < 256; c++)
		cls[c] = dfa.cls[c];
	put_u32_array(out, "u8", "pdfa_cls", ".rodata.pdfa_cls", cls, 256);
	put_u32_array(out, "u32", "pdfa_base", ".rodata.pdfa_base", dfa.base, dfa.nstates);
	put_u32_array(out, "u32", "pdfa_dflt", ".rodata.pdfa_dflt", dfa.dflt, dfa.nstates);
	put_u32_array(out, "u32", "pdfa_next", ".rodata.pdfa_next", dfa.next, dfa.ntrans);
	put_u32_array(out, "u32", "pdfa_check", ".rodata.pdfa_check", dfa.check, dfa.ntrans);
	put_u32_array(out, "u32", "pdfa_accept", ".rodata.pdfa_accept", dfa.accept, dfa.nstates);
	emit_moves(p, &dfa, out);
	sb_printf(out, "static const struct bpfcon_rec pdfa_rec[%u] SEC(\".rodata.pdfa_rec\") = {\n",
		  dfa.nsets + nextra);
	sb_puts(out, heads.s ? heads.s : "");
	sb_puts(out, chained.s ? chained.s : "");
	sb_puts(out, "};\n\n");
	sb_free(&heads);
	sb_free(&chained);
	return true;
}

static void emit_rule_comment(const struct rule *r, size_t id, struct strbuf *out)
{
	sb_printf(out, "\t/* %zu: %s ", id, loc_text(&r->loc));
	put_comment_text(out, r->text ? r->text : "?");
	sb_puts(out, " */\n");
}

/* The role entries of one rule: a rule that is a right and a taint rule
 * is two entries. */
static size_t rule_roles(const struct rule *r, int roles[NROLES])
{
	size_t n = 0;
	if (rule_is_deny(r))
		roles[n++] = ROLE_DENY;
	if (rule_is_taint(r))
		roles[n++] = ROLE_TAINT;
	if (rule_is_allow(r))
		roles[n++] = ROLE_ALLOW;
	return n;
}

static void emit_fsys_rules(const struct gen *g, struct strbuf *out)
{
	const struct policy *p = g->p;
	size_t n = 0;
	struct strbuf body = { 0 };
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (r->kind != RK_FILESYSTEM)
			continue;
		size_t m = mount_index((struct mount_list *)&g->mounts, r->path);	/* listed already */
		int roles[NROLES];
		size_t nr = rule_roles(r, roles);
		emit_rule_comment(r, i, &body);
		for (size_t k = 0; k < nr; k++, n++)
		{
			uint32_t mods = roles[k] == ROLE_ALLOW ? rule_mods(r) : 0u;
			sb_printf(&body, "\t{ .mount = %zu, .role = %s, .mask = ", m, role_names[roles[k]]);
			put_bits(&body, r->kind, (uint32_t)r->mask);
			sb_puts(&body, ", .audit = ");
			put_bits(&body, r->kind, audit_mask(r));
			sb_printf(&body, ",\n\t  .rule = %zu, .ctx = %s, .mods = %s },\n", i,
				  ctx_text(ctx_bit(&g->ctxs, r, p->command)),
				  mods == 3 ? "MOD_TRANSITION | MOD_UNTAINT" : mods == MOD_TRANSITION ? "MOD_TRANSITION"
				  : mods ? "MOD_UNTAINT" : "0");
		}
	}
	sb_printf(out, "/* filesystem rules: a file matches when it lives on the device of\n"
		       " * mount point `mount` (config.mount_dev, filled in by the loader). */\n"
		       "#define BPFCON_NFSYS %zu\n",
		  n);
	if (n)
		sb_printf(out, "static const struct bpfcon_fsys_rule fsys_rules[%zu] = {\n%s};\n", n,
			  body.s);
	sb_putc(out, '\n');
	sb_free(&body);
}

/* The device ranges a dev rule covers: its number, or its class's ranges. */
static size_t rule_dev_ranges(const struct rule *r, struct dev_range *out, size_t max)
{
	if (r->kind == RK_DEV_NUM) {
		out[0] = (struct dev_range){ .major_lo = r->major, .major_hi = r->major,
					     .minor = r->minor };
		return 1;
	}
	size_t nranges, n = 0;
	const struct dev_range *ranges = names_dev_ranges(&nranges);
	for (size_t j = 0; j < nranges && n < max; j++)
		if (ranges[j].cls == r->dev_class)
			out[n++] = ranges[j];
	return n;
}

static void emit_dev_rules(const struct gen *g, struct strbuf *out)
{
	const struct policy *p = g->p;
	size_t n = 0;
	struct strbuf body = { 0 };
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (r->kind != RK_DEV_CLASS && r->kind != RK_DEV_NUM)
			continue;
		int roles[NROLES];
		size_t nr = rule_roles(r, roles);
		struct dev_range ranges[16];
		size_t ndr = rule_dev_ranges(r, ranges, ARRAY_LEN(ranges));
		emit_rule_comment(r, i, &body);
		for (size_t k = 0; k < nr; k++)
			for (size_t j = 0; j < ndr; j++, n++)
			{
				sb_printf(&body, "\t{ .major_lo = %d, .major_hi = %d, .minor = %d, .role = %s,\n\t  .mask = ",
					  ranges[j].major_lo, ranges[j].major_hi, ranges[j].minor,
					  role_names[roles[k]]);
				put_bits(&body, RK_DEV_NUM, (uint32_t)r->mask);
				sb_puts(&body, ", .audit = ");
				put_bits(&body, RK_DEV_NUM, audit_mask(r));
				sb_printf(&body, ", .rule = %zu, .ctx = %s },\n", i,
					  ctx_text(ctx_bit(&g->ctxs, r, p->command)));
			}
	}
	sb_printf(out, "/* dev rules, as device ranges (minor -1: any). */\n#define BPFCON_NDEV %zu\n",
		  n);
	if (n)
		sb_printf(out, "static const struct bpfcon_dev_rule dev_rules[%zu] = {\n%s};\n", n,
			  body.s);
	sb_putc(out, '\n');
	sb_free(&body);
}

static const char *obj_kind_macro(enum rule_kind k)
{
	switch (k) {
	case RK_NET: return "BPFCON_KIND_NET";
	case RK_SIGNAL: return "BPFCON_KIND_SIGNAL";
	case RK_PTRACE: return "BPFCON_KIND_PTRACE";
	case RK_PROC: return "BPFCON_KIND_PROC";
	case RK_CAP: return "BPFCON_KIND_CAP";
	case RK_IPC: return "BPFCON_KIND_IPC";
	default: return NULL;
	}
}

/* --- the index of the other kinds ---------------------------------------- */

/* Target groups and keys: bpf-templates/bpfcon_rules.h OBJ_*. */
#define OBJ_TG_ANY 0u
#define OBJ_TG_SELF 1u
#define OBJ_TG_PARENT 2u
#define OBJ_TG_CHILD 3u
#define OBJ_TG_PROG 4u
#define OBJ_TG_POLICY 68u
#define OBJ_TG_MAX (1u << 20)

static uint32_t obj_key(enum rule_kind kind, uint32_t sel, uint32_t group)
{
	return ((uint32_t)kind << 27) | (sel << 20) | group;
}

/* One role of one rule under one key. */
struct obj_entry {
	uint32_t key, ctx;
	int32_t rule;
	int role;
	uint32_t mask, audit;
};

struct obj_index {
	struct obj_entry *v;
	size_t n, cap;
	uint64_t *pol;		/* the policy ids named, sorted, each once */
	size_t npol, cappol;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct obj_entry *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->ctx != y->ctx)
		return x->ctx < y->ctx ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* The target group of policy id `id` (0: none, such a rule never matches). */
static uint32_t policy_group(const struct obj_index *ix, uint64_t id)
{
	if (!id)
		return 0;
	const uint64_t *f = bsearch(&id, ix->pol, ix->npol, sizeof(*ix->pol), cmp_u64);
	return f ? OBJ_TG_POLICY + (uint32_t)(f - ix->pol) : 0;
}

/* The target group of rule r (0 with *none set: it matches nothing). */
static uint32_t rule_group(const struct gen *g, const struct obj_index *ix, const struct rule *r,
			   bool *none)
{
	*none = false;
	if (r->kind == RK_IPC) {
		uint32_t pg = policy_group(ix, bpfcon_policy_id(r->policy));
		*none = !pg;
		return pg;
	}
	if (!has_target(r))
		return OBJ_TG_ANY;
	switch (r->target.kind) {
	case TGT_ANY: return OBJ_TG_ANY;
	case TGT_SELF: return OBJ_TG_SELF;
	case TGT_PARENT: return OBJ_TG_PARENT;
	case TGT_CHILD: return OBJ_TG_CHILD;
	case TGT_PROGRAM: return OBJ_TG_PROG + (uint32_t)program_index(&g->progs, r->target.name);
	case TGT_POLICY: {
		uint32_t pg = policy_group(ix, bpfcon_policy_id(r->target.name));
		*none = !pg;
		return pg;
	}
	}
	*none = true;
	return 0;
}

static const char *rule_policy_name(const struct rule *r)
{
	if (r->kind == RK_IPC)
		return r->policy;
	if (has_target(r) && r->target.kind == TGT_POLICY)
		return r->target.name;
	return NULL;
}

/* Every key of every role of every rule of the other kinds. */
static bool build_obj_index(const struct gen *g, struct obj_index *ix, struct diag *d)
{
	const struct policy *p = g->p;
	for (size_t i = 0; i < p->nrules; i++) {
		const char *name = rule_policy_name(&p->rules[i]);
		uint64_t id = name ? bpfcon_policy_id(name) : 0;
		if (id)
			*(uint64_t *)arena_grow(&ix->pol, &ix->npol, &ix->cappol, sizeof(*ix->pol)) = id;
	}
	if (ix->npol) {
		qsort(ix->pol, ix->npol, sizeof(*ix->pol), cmp_u64);
		size_t n = 1;
		for (size_t i = 1; i < ix->npol; i++)
			if (ix->pol[i] != ix->pol[n - 1])
				ix->pol[n++] = ix->pol[i];
		ix->npol = n;
	}
	if (OBJ_TG_POLICY + ix->npol > OBJ_TG_MAX) {
		diag_error(d, p->loc, "too-complex", "rules name %zu policies; at most %u are supported",
			   ix->npol, OBJ_TG_MAX - OBJ_TG_POLICY);
		return false;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!obj_kind_macro(r->kind))
			continue;
		bool none;
		uint32_t group = rule_group(g, ix, r, &none);
		if (none)
			continue;
		bool by_bit = r->kind == RK_SIGNAL || r->kind == RK_CAP;
		uint64_t sels = r->kind == RK_NET ? r->families : by_bit ? r->mask : 1;
		uint32_t mask = r->kind == RK_IPC ? 1 : (uint32_t)r->mask & ((1u << NBITS) - 1);
		if (by_bit)
			mask = 1;
		uint32_t audit = r->actions & RA_AUDIT ? mask : 0;
		uint32_t ctx = ctx_bit(&g->ctxs, r, p->command);
		int roles[NROLES];
		size_t nr = rule_roles(r, roles);
		if (!mask)
			continue;
		for (uint32_t sel = 0; sel < 64; sel++) {
			if (!(sels & (UINT64_C(1) << sel)))
				continue;
			for (size_t k = 0; k < nr; k++)
				*(struct obj_entry *)arena_grow(&ix->v, &ix->n, &ix->cap, sizeof(*ix->v)) =
					(struct obj_entry){ .key = obj_key(r->kind, sel, group), .ctx = ctx,
							    .rule = (int32_t)i, .role = roles[k],
							    .mask = mask, .audit = audit };
		}
	}
	if (ix->n)
		qsort(ix->v, ix->n, sizeof(*ix->v), cmp_entry);
	return true;
}

/* The selector of a key, with its name in a comment. */
static void put_sel(struct strbuf *out, enum rule_kind kind, uint32_t sel)
{
	const char *name = kind == RK_NET ? names_family_name((int)sel)
			 : kind == RK_SIGNAL ? names_signal_name((int)sel)
			 : kind == RK_CAP ? names_cap_name((int)sel) : NULL;
	sb_printf(out, "%u", sel);
	if (name) {
		sb_puts(out, " /* ");
		if (kind == RK_CAP)
			for (const char *c = name; *c; c++)
				sb_putc(out, (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c));
		else
			put_comment_text(out, name);
		sb_puts(out, kind == RK_CAP ? " capability */" : " */");
	}
}

static void put_group(struct strbuf *out, uint32_t group)
{
	static const char *const fixed[] = { "OBJ_TG_ANY", "OBJ_TG_SELF", "OBJ_TG_PARENT", "OBJ_TG_CHILD" };
	if (group < OBJ_TG_PROG)
		sb_puts(out, fixed[group]);
	else if (group < OBJ_TG_POLICY)
		sb_printf(out, "OBJ_TG_PROG + %u", group - OBJ_TG_PROG);
	else
		sb_printf(out, "OBJ_TG_POLICY + %u", group - OBJ_TG_POLICY);
}

static uint32_t log2_ceil(size_t n)
{
	uint32_t l = 0;
	while ((size_t)1 << l < n)
		l++;
	return l;
}

/* bpf-templates/bpfcon_rules.h OBJ_HASH. */
static uint32_t obj_hash(uint32_t key, uint64_t id)
{
	return (uint32_t)(((id ^ ((uint64_t)key * UINT64_C(0x9e3779b97f4a7c15))) *
			   UINT64_C(0xff51afd7ed558ccd)) >> 40);
}

/* One key of the hash table, as emitted. */
struct obj_slot {
	uint32_t key, rec;	/* rec 0: empty */
	uint64_t id;
	const char *text;	/* its initializer */
};

/* net, signal, ptrace, proc, cap and ipc rules: the index (bpfcon_rules.h). */
static bool emit_obj_index(const struct gen *g, struct strbuf *out, struct diag *d)
{
	const struct policy *p = g->p;
	struct obj_index ix = { 0 };
	if (!build_obj_index(g, &ix, d))
		return false;
	sb_puts(out, "/* net, signal, ptrace, proc, cap and ipc rules, indexed by key\n"
		     " * (bpfcon_rules.h OBJ_KEY: request kind, selector, target group; and\n"
		     " * a policy's id): a hash table of the keys, each with its record,\n"
		     " * which says what its rules say, a signal or capability number as\n"
		     " * access bit 0. */\n");
	/* the keys, then the records: one chain per key, one record per context */
	struct obj_slot *keys = NULL;
	size_t nkeys = 0, capkeys = 0;
	struct strbuf recs = { 0 };
	uint32_t nrecs = 1;
	for (size_t a = 0; a < ix.n;) {
		size_t b = a;
		while (b < ix.n && ix.v[b].key == ix.v[a].key)
			b++;
		enum rule_kind kind = (enum rule_kind)(ix.v[a].key >> 27);
		uint32_t sel = (ix.v[a].key >> 20) & 127, group = ix.v[a].key & (OBJ_TG_MAX - 1);
		struct obj_slot *k = arena_grow(&keys, &nkeys, &capkeys, sizeof(*keys));
		struct strbuf t = { 0 };
		const char *km = obj_kind_macro(kind);
		sb_printf(&t, "{ .key = OBJ_KEY(%s, ", km ? km : "?");
		put_sel(&t, kind, sel);
		sb_puts(&t, ", ");
		k->id = 0;
		if (group >= OBJ_TG_POLICY) {
			k->id = ix.pol[group - OBJ_TG_POLICY];
			group = OBJ_TG_POLICY;
			const char *name = NULL;
			for (size_t j = 0; j < p->nrules && !name; j++) {
				const char *n = rule_policy_name(&p->rules[j]);
				if (n && bpfcon_policy_id(n) == k->id)
					name = n;
			}
			sb_printf(&t, "OBJ_TG_POLICY), .id = 0x%016llxull /* ", (unsigned long long)k->id);
			put_comment_text(&t, name ? name : "?");
			sb_puts(&t, " */");
		} else {
			put_group(&t, group);
			sb_puts(&t, ")");
		}
		sb_printf(&t, ", .rec = %u }", nrecs);
		k->key = obj_key(kind, sel, group);
		k->rec = nrecs;
		k->text = arena_printf("%s", t.s);
		sb_free(&t);
		for (size_t c = a; c < b;) {
			size_t e = c;
			struct roles rs = { 0 };
			int shown = 0;
			sb_puts(&recs, "\t/* ");
			if (ix.v[c].ctx)
				sb_printf(&recs, "context %d: ", __builtin_ctz(ix.v[c].ctx));
			for (; e < b && ix.v[e].ctx == ix.v[c].ctx; e++) {
				const struct obj_entry *en = &ix.v[e];
				bool in[NROLES] = { en->role == ROLE_DENY, en->role == ROLE_TAINT, en->role == ROLE_ALLOW };
				for (int role = 0; role < NROLES; role++) {
					if (!in[role])
						continue;
					rs.mask[role] |= en->mask;
					rs.audit[role] |= en->audit;
					for (int bit = 0; bit < NBITS; bit++)
						if ((en->mask & (1u << bit)) &&
						    (!rs.first1[role][bit] || en->rule + 1 < rs.first1[role][bit]))
							rs.first1[role][bit] = en->rule + 1;
				}
				if (e > c && ix.v[e - 1].rule == en->rule)
					continue;	/* the same rule's other role */
				if (shown < 8)
					sb_printf(&recs, "%srule %d (%s)", shown ? ", " : "", en->rule,
						  loc_text(&p->rules[en->rule].loc));
				else if (shown == 8)
					sb_puts(&recs, ", ...");
				shown++;
			}
			sb_printf(&recs, " */\n\t[%u] = ", nrecs);
			emit_rec(&rs, kind, ix.v[c].ctx, e < b ? nrecs + 1 : 0, 0, &recs);
			sb_puts(&recs, ",\n");
			nrecs++;
			c = e;
		}
		a = b;
	}
	sb_printf(out, "#define OBJ_NKEYS %zu\n", nkeys);
	if (nkeys) {
		/* at most half full: a key is mostly at its slot or the next */
		uint32_t log2 = log2_ceil(2 * nkeys);
		size_t size = (size_t)1 << log2, maxprobe = 1;
		struct obj_slot *slots = arena_alloc(size * sizeof(*slots));
		memset(slots, 0, size * sizeof(*slots));
		for (size_t i = 0; i < nkeys; i++) {
			size_t h = obj_hash(keys[i].key, keys[i].id) & (size - 1), probes = 1;
			while (slots[h].rec) {
				h = (h + 1) & (size - 1);
				probes++;
			}
			slots[h] = keys[i];
			if (probes > maxprobe)
				maxprobe = probes;
		}
		sb_printf(out, "#define OBJ_KEYS_POW2 %zu\n#define OBJ_MAX_PROBE %zu\n#define OBJ_NRECS %u\n",
			  size, maxprobe, nrecs);
		sb_puts(out, "static const struct bpfcon_obj_key obj_keys[OBJ_KEYS_POW2] SEC(\".rodata.obj_keys\") = {\n");
		for (size_t h = 0; h < size; h++)
			if (slots[h].rec)
				sb_printf(out, "\t[%zu] = %s,\n", h, slots[h].text);
		sb_printf(out, "};\nstatic const struct bpfcon_rec obj_rec[OBJ_NRECS] SEC(\".rodata.obj_rec\") = {\n%s};\n",
			  recs.s);
	}
	sb_putc(out, '\n');
	sb_free(&recs);
	return true;
}

bool codegen_emit_c(const struct policy *p, const struct codegen_opts *o, struct strbuf *out,
		    struct diag *d)
{
	char digest[65];
	sha256_hex(p->src->text, p->src->len, digest);
	struct gen g = { .p = p };
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].kind == RK_FILESYSTEM)
			mount_index(&g.mounts, p->rules[i].path);
	if (g.mounts.n > BPFCON_MAX_MOUNTS) {
		diag_error(d, p->loc, "too-complex",
			   "filesystem rules name %zu mount points; at most %d are supported",
			   g.mounts.n, BPFCON_MAX_MOUNTS);
		return false;
	}
	if (!list_contexts(p, &g.ctxs, d) || !list_programs(p, &g.progs, d))
		return false;
	emit_header(&g, digest, out);
	emit_hook_selection(&g, out);
	emit_config(&g, out);
	emit_meta(&g, digest, out);
	if (!emit_path_matcher(&g, out, d))
		return false;
	emit_fsys_rules(&g, out);
	emit_dev_rules(&g, out);
	if (!emit_obj_index(&g, out, d))
		return false;
	sb_puts(out, "#include \"bpfcon_path.h\"\n#include \"bpfcon_engine.h\"\n"
		     "#include \"bpfcon_func.h\"\n#include \"bpfcon_check.h\"\n"
		     "#include \"bpfcon_hooks.h\"\n#include \"bpfcon_net.h\"\n"
		     "#include \"bpfcon_task.h\"\n");
	if (o && o->test_prog)
		sb_puts(out, "#include \"bpfcon_testprog.h\"\n");
	return true;
}
