// SPDX-License-Identifier: GPL-2.0-only
/* check.c - semantic checks shared by both languages (see check.h). */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "emit_ir.h"
#include "glob.h"
#include "util.h"

bool check_path(struct diag *d, struct loc loc, const char *path, bool glob_ok)
{
	size_t len = strlen(path);
	if (!len) {
		diag_error(d, loc, "bad-path", "empty path");
		return false;
	}
	if (path[0] != '/') {
		diag_error(d, loc, "bad-path", "path '%s' is not absolute", path);
		return false;
	}
	if (len > RULE_PATH_MAX) {
		diag_error(d, loc, "bad-path", "path is longer than %d bytes", RULE_PATH_MAX);
		return false;
	}
	if (strstr(path, "//")) {
		diag_error(d, loc, "bad-path", "'//' in path '%s'", path);
		return false;
	}
	if (len > 1 && path[len - 1] == '/') {
		diag_error(d, loc, "bad-path", "trailing '/' in path '%s'", path);
		return false;
	}
	for (const char *c = path; *c;) {
		const char *next = strchr(c + 1, '/');
		size_t clen = next ? (size_t)(next - c - 1) : strlen(c + 1);
		if ((clen == 2 && !strncmp(c + 1, "..", 2)) || (clen == 1 && c[1] == '.')) {
			diag_error(d, loc, "bad-path", "'%.*s' in path '%s': write the path without it",
				   (int)clen, c + 1, path);
			return false;
		}
		if (!next)
			break;
		c = next;
	}
	if (!glob_has_magic(path))
		return true;
	if (!glob_ok) {
		diag_error(d, loc, "bad-path",
			   "path '%s' must name one file or mount point: globs are not allowed here",
			   path);
		return false;
	}
	size_t off;
	const char *err;
	if (!glob_valid(path, &off, &err)) {
		diag_error(d, loc, "bad-glob", "bad glob '%s' at offset %zu: %s", path, off, err);
		return false;
	}
	return true;
}

/* Policy names end up in pin paths and log lines: keep them plain. */
/* A policy name is also the name of its pin directory in the bpf
 * filesystem, which refuses names with a dot. */
static bool valid_name(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return false;
	return true;
}

static bool valid_symbol(const char *s)
{
	if (!*s || strlen(s) > 255 || (*s >= '0' && *s <= '9'))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '$'))
			return false;
	return true;
}

/* A user function needs a binary to live in.  Returns NULL if fine, else why not. */
static const char *func_binary_problem(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL; /* not on this machine: checked again when loaded */
	unsigned char magic[4] = { 0 };
	size_t n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (n == 4 && !memcmp(magic, "\177ELF", 4))
		return NULL;
	if (n >= 2 && magic[0] == '#' && magic[1] == '!')
		return "it is a script, not an ELF binary";
	return "it is not an ELF binary";
}

static void check_rule(const struct policy *p, const struct rule *r, struct diag *d)
{
	if (r->ctx.func) {
		if (!valid_symbol(r->ctx.func))
			diag_error(d, r->ctx.loc, "bad-func", "'%s' is not a function name", r->ctx.func);
		if (!r->ctx.kfunc) {
			const char *bin = r->ctx.binary ? r->ctx.binary : p->command;
			const char *why = bin ? func_binary_problem(bin) : NULL;
			if (why && !r->ctx.binary)
				diag_error(d, r->ctx.loc, "func-binary",
					   "#[func \"%s\"] needs a binary: the profile path '%s' cannot hold "
					   "a function (%s); write #[func \"%s\" (\"/path/to/binary\")]",
					   r->ctx.func, bin, why, r->ctx.func);
			else if (why)
				diag_error(d, r->ctx.loc, "func-binary",
					   "function '%s' cannot live in '%s': %s", r->ctx.func, bin, why);
		}
	}
	if ((r->kind == RK_PROC || r->kind == RK_SIGNAL || r->kind == RK_PTRACE) &&
	    r->target.kind == TGT_POLICY && !valid_name(r->target.name))
		diag_error(d, r->arg_loc, "bad-name", "'%s' is not a policy name", r->target.name);
	if (r->kind == RK_IPC && !valid_name(r->policy))
		diag_error(d, r->arg_loc, "bad-name", "'%s' is not a policy name", r->policy);
	if ((r->actions & (RA_UNTAINT | RA_TRANSITION)) &&
	    (!(r->actions & RA_ALLOW) || (r->kind != RK_FS && r->kind != RK_FILESYSTEM) ||
	     !(r->mask & ACC_EXEC)))
		diag_error(d, r->loc, "bad-directive",
			   "untaint and transition apply only to rights that grant exec on files");
	if (!r->mask && r->kind != RK_IPC)
		diag_error(d, r->loc, "empty-rule", "rule grants no access");
}

bool check_policy(struct policy *p, struct diag *d)
{
	size_t before = d->errors;
	if (!p->name)
		diag_error(d, p->loc, "missing-name", "policy has no name");
	else if (!valid_name(p->name))
		diag_error(d, p->name_loc, "bad-name",
			   "policy name '%s' may use only letters, digits, '_' and '-' (at most 64)",
			   p->name);
	if (!p->command)
		diag_error(d, p->loc, "missing-command", "policy has no command");
	for (size_t i = 0; i < p->nrules; i++)
		check_rule(p, &p->rules[i], d);
	return d->errors == before;
}

void check_unique_names(struct policy **v, size_t n, struct diag *d)
{
	for (size_t i = 1; i < n; i++) {
		if (!v[i] || !v[i]->name)
			continue;
		for (size_t j = 0; j < i; j++) {
			if (!v[j] || !v[j]->name || strcmp(v[i]->name, v[j]->name))
				continue;
			/* The same policy written in both languages is one policy. */
			if (!strcmp(ir_text(v[i]), ir_text(v[j])))
				continue;
			diag_error(d, v[i]->name_loc, "duplicate-policy",
				   "policy '%s' is defined twice, differently", v[i]->name);
			diag_note(d, v[j]->name_loc, "duplicate-policy", "first defined here");
			break;
		}
	}
}
