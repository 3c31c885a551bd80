// SPDX-License-Identifier: GPL-2.0-only
/* codegen.c - turns a checked policy into C for the BPF templates: the
 * config and self-description, the path matcher (pathdfa.c) and the rule
 * tables of bpf-templates/bpfcon_rules.h, and which hooks to build.  The
 * output is meant to be read: every table says what it is and which rules
 * it came from. */
#include "codegen.h"

#include <string.h>

#include <linux/types.h>

#include "../bpf-templates/bpfcon_abi.h"
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
_Static_assert(BPFCON_KIND_FS == RK_FS && BPFCON_KIND_DEV == RK_DEV_NUM,
	       "the templates' request kinds are the IR's");

#define NBITS 10
#define MAX_DFA_STATES 1000000u

enum { ROLE_DENY, ROLE_TAINT, ROLE_ALLOW, NROLES };
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

#define MOD_TRANSITION 1u
#define MOD_UNTAINT 2u

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
		{ "NEED_OPEN", ACC_READ | ACC_WRITE | ACC_APPEND, "file_open, file_receive" },
		{ "NEED_EXEC", ACC_EXEC, "bprm_check_security" },
		{ "NEED_MAP", ACC_MAP, "mmap_file, file_mprotect" },
		{ "NEED_IOCTL", ACC_IOCTL, "file_ioctl" },
		{ "NEED_GETATTR", ACC_GETATTR, "inode_getattr" },
		{ "NEED_SETATTR", ACC_SETATTR, "path_chmod, path_chown" },
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
		{ "NEED_PROC", RK_PROC, "another task's /proc/PID files (file hooks): proc rules" },
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

/* One record: for each role the policy's rules play here, the access bits
 * they name, the audited ones, and per bit (read, write, append, exec, map,
 * setattr, getattr, ioctl, rm, link) the first rule naming it, + 1. */
static void emit_rec(const struct roles *rs, uint32_t ctx, uint32_t next, uint64_t progs,
		     struct strbuf *out)
{
	sb_printf(out, "{ .ctx = 0x%x, .next = %u,", ctx, next);
	if (progs)
		sb_printf(out, " .progs = 0x%llxull,", (unsigned long long)progs);
	if (rs->mods)
		sb_printf(out, "\n\t\t.mods = %s,", rs->mods == 3 ? "MOD_TRANSITION | MOD_UNTAINT"
						  : rs->mods == MOD_TRANSITION ? "MOD_TRANSITION" : "MOD_UNTAINT");
	for (int role = 0; role < NROLES; role++) {
		if (!rs->mask[role])
			continue;
		sb_printf(out, "\n\t\t.mask[%s] = 0x%03x,", role_names[role], rs->mask[role]);
		if (rs->audit[role])
			sb_printf(out, " .audit[%s] = 0x%03x,", role_names[role], rs->audit[role]);
		sb_printf(out, "\n\t\t.first1[%s] = {", role_names[role]);
		for (int b = 0; b < NBITS; b++)
			sb_printf(out, "%s%d", b ? ", " : " ", rs->first1[role][b]);
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
	emit_rec(&rs, want, next, progs, out);
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
	if (!n) {
		sb_puts(out, "/* No fs rules or program targets: no path matcher. */\n"
			     "#define PDFA_NSTATES 0\n\n");
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
			sb_printf(&body, "\t{ .mount = %zu, .role = %s, .mask = 0x%03x, .audit = 0x%03x, .rule = %zu, .ctx = 0x%x, .mods = %u },\n",
				  m, role_names[roles[k]], (unsigned)r->mask, audit_mask(r), i,
				  ctx_bit(&g->ctxs, r, p->command),
				  roles[k] == ROLE_ALLOW ? rule_mods(r) : 0u);
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
				sb_printf(&body, "\t{ %d, %d, %d, %s, 0x%03x, 0x%03x, %zu, 0x%x },\n",
					  ranges[j].major_lo, ranges[j].major_hi, ranges[j].minor,
					  role_names[roles[k]], (unsigned)r->mask, audit_mask(r), i,
					  ctx_bit(&g->ctxs, r, p->command));
	}
	sb_printf(out, "/* dev rules, as device ranges: { major_lo, major_hi, minor (-1 any),\n"
		       " * role, mask, audit, rule, ctx }. */\n#define BPFCON_NDEV %zu\n",
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

/* A rule's target as the fields tfacts, tprogs, tpolicy. */
static void put_target(const struct gen *g, const struct rule *r, struct strbuf *out)
{
	if (r->kind == RK_IPC) {
		sb_printf(out, ".tfacts = 0, .tpolicy = 0x%016llxull /* ", 
			  (unsigned long long)bpfcon_policy_id(r->policy));
		put_comment_text(out, r->policy);
		sb_puts(out, " */");
		return;
	}
	if (!has_target(r)) {
		sb_puts(out, ".tfacts = ANY_TARGET");
		return;
	}
	switch (r->target.kind) {
	case TGT_ANY: sb_puts(out, ".tfacts = ANY_TARGET"); break;
	case TGT_SELF: sb_puts(out, ".tfacts = BPFCON_TF_SELF"); break;
	case TGT_PARENT: sb_puts(out, ".tfacts = BPFCON_TF_PARENT"); break;
	case TGT_CHILD: sb_puts(out, ".tfacts = BPFCON_TF_CHILD"); break;
	case TGT_PROGRAM:
		sb_printf(out, ".tprogs = 1ull << %zu", program_index(&g->progs, r->target.name));
		break;
	case TGT_POLICY:
		sb_printf(out, ".tpolicy = 0x%016llxull",
			  (unsigned long long)bpfcon_policy_id(r->target.name));
		break;
	}
}

/* The obj_rules entries of rule i, one per role it plays; how many. */
static size_t emit_obj_rule(const struct gen *g, size_t i, struct strbuf *out)
{
	const struct rule *r = &g->p->rules[i];
	int roles[NROLES];
	size_t nr = rule_roles(r, roles);
	bool by_bit = r->kind == RK_SIGNAL || r->kind == RK_CAP;
	uint64_t mask = r->kind == RK_IPC ? 1 : r->mask;
	emit_rule_comment(r, i, out);
	for (size_t k = 0; k < nr; k++) {
		sb_printf(out, "\t{ .kind = %s, .role = %s, .rule = %zu, .ctx = 0x%x, .by_bit = %d,\n"
			       "\t  .mask = 0x%llxull, .audit = 0x%llxull, .families = 0x%llxull,\n\t  ",
			  obj_kind_macro(r->kind), role_names[roles[k]], i,
			  ctx_bit(&g->ctxs, r, g->p->command), by_bit, (unsigned long long)mask,
			  (unsigned long long)(r->actions & RA_AUDIT ? mask : 0),
			  (unsigned long long)(r->kind == RK_NET ? r->families : FAMILY_ANY));
		put_target(g, r, out);
		sb_puts(out, " },\n");
	}
	return nr;
}

/* net, signal, ptrace, proc, cap and ipc rules: one table, one entry per
 * role of each rule. */
static void emit_obj_rules(const struct gen *g, struct strbuf *out)
{
	const struct policy *p = g->p;
	size_t n = 0, first[RK__COUNT + 1];
	struct strbuf body = { 0 };
	/* sorted by kind (then source order): a request walks its kind's rules */
	for (int kd = 0; kd < RK__COUNT; kd++) {
		first[kd] = n;
		for (size_t i = 0; i < p->nrules; i++)
			if ((int)p->rules[i].kind == kd && obj_kind_macro(p->rules[i].kind))
				n += emit_obj_rule(g, i, &body);
	}
	first[RK__COUNT] = n;
	sb_printf(out, "/* net, signal, ptrace, proc, cap and ipc rules (bpfcon_rules.h\n"
		       " * struct bpfcon_obj_rule); signal and capability numbers are bits of\n"
		       " * mask (by_bit). */\n#define BPFCON_NOBJ %zu\n#define ANY_TARGET 0xffffffffu\n",
		  n);
	if (n) {
		sb_printf(out, "static const struct bpfcon_obj_rule obj_rules[%zu] = {\n%s};\n", n,
			  body.s);
		sb_printf(out, "/* The rules of kind K are obj_rules[obj_kind_first[K] ..\n"
			       " * obj_kind_first[K + 1]) (K: the IR's rule kind). */\n"
			       "#define BPFCON_NKINDS %d\nstatic const u32 obj_kind_first[16] = {", RK__COUNT);
		for (int kd = 0; kd < 16; kd++)
			sb_printf(out, "%s%zu", kd ? ", " : " ", first[kd < RK__COUNT ? kd : RK__COUNT]);
		sb_puts(out, " };\n");
	}
	sb_putc(out, '\n');
	sb_free(&body);
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
	emit_obj_rules(&g, out);
	sb_puts(out, "#include \"bpfcon_path.h\"\n#include \"bpfcon_engine.h\"\n"
		     "#include \"bpfcon_func.h\"\n#include \"bpfcon_check.h\"\n"
		     "#include \"bpfcon_hooks.h\"\n#include \"bpfcon_net.h\"\n"
		     "#include \"bpfcon_task.h\"\n");
	if (o && o->test_prog)
		sb_puts(out, "#include \"bpfcon_testprog.h\"\n");
	return true;
}
