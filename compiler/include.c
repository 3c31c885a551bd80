// SPDX-License-Identifier: GPL-2.0-only
/* include.c - included rule files: resolving the path against the
 * including file's folder, bounding depth and count, refusing cycles,
 * handing the file to the front end of its language, and the
 * "included from" notes. */
#include "include.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "frontend.h"
#include "util.h"

static const char *canonical(const char *path)
{
	char *r = realpath(path, NULL);
	if (!r)
		return NULL;
	const char *s = arena_strdup(r);
	free(r);
	return s;
}

void include_root(struct include_ctx *ic, const struct source *src)
{
	memset(ic, 0, sizeof(*ic));
	ic->src = src;
	ic->real = canonical(src->name);
	ic->set = &ic->root_set;
}

/* FILE as named by an include in the file `from`: absolute, or relative to
 * the folder of `from`. */
static const char *resolve(const char *from, const char *file)
{
	if (file[0] == '/')
		return file;
	const char *slash = strrchr(from, '/');
	if (!slash)
		return file;
	return arena_printf("%.*s/%s", (int)(slash - from), from, file);
}

/* The chain of files from the root down to ic, for a cycle message. */
static const char *chain_text(const struct include_ctx *ic, const char *last)
{
	const char *s = last;
	for (; ic; ic = ic->parent)
		s = arena_printf("%s -> %s", ic->src->name, s);
	return s;
}

void include_file(struct policy *p, const struct include_ctx *from, const char *file,
		  struct loc at, struct diag *d)
{
	if (!*file) {
		diag_error(d, at, "include", "empty include path");
		return;
	}
	const char *path = resolve(from->src->name, file);
	enum policy_lang lang;
	if (!frontend_lang_of(path, &lang)) {
		diag_error(d, at, "include",
			   "cannot include '%s': an included file's name must end in "
			   FRONTEND_EXTENSIONS, file);
		return;
	}
	if (from->depth + 1 > INCLUDE_MAX_DEPTH) {
		diag_error(d, at, "include", "includes nested too deeply (the limit is %d): %s",
			   INCLUDE_MAX_DEPTH, chain_text(from, path));
		return;
	}
	struct stat sb;
	if (stat(path, &sb) != 0) {
		diag_error(d, at, "include", "cannot include '%s': %s", path, strerror(errno));
		return;
	}
	if (!S_ISREG(sb.st_mode)) {
		diag_error(d, at, "include", "cannot include '%s': %s", path,
			   S_ISDIR(sb.st_mode) ? "it is a folder" : "not a regular file");
		return;
	}
	const char *real = canonical(path);
	for (const struct include_ctx *c = from; c; c = c->parent) {
		if (real && c->real && !strcmp(real, c->real)) {
			diag_error(d, at, "include", "include cycle: %s", chain_text(from, path));
			return;
		}
	}
	for (size_t i = 0; real && i < from->set->n; i++)
		if (!strcmp(real, from->set->real[i]))
			return;		/* read once already: its rules are in */
	if (from->set->n >= INCLUDE_MAX_FILES) {
		diag_error(d, at, "include", "too many included files (the limit is %d)",
			   INCLUDE_MAX_FILES);
		return;
	}
	*(const char **)arena_grow(&from->set->real, &from->set->n, &from->set->cap,
				   sizeof(*from->set->real)) = real ? real : path;
	/* Problems reading the file are reported at the include statement. */
	struct diag sub = { 0 };
	int io_error;
	struct source *src = source_load(path, &sub, &io_error);
	for (size_t i = 0; i < sub.n; i++) {
		const struct finding *f = &sub.v[i];
		if (f->sev != SEV_ERROR) {
			diag_note(d, f->loc, f->check, "%s", f->msg);
		} else if (f->loc.src) {
			diag_error(d, f->loc, f->check, "%s", f->msg);
			diag_note(d, at, f->check, "'%s' included from here", path);
		} else {
			diag_error(d, at, f->check, "cannot include '%s': %s", path, f->msg);
		}
	}
	if (!src)
		return;
	struct loc *where = arena_alloc(sizeof(*where));
	*where = at;
	src->included_from = where;
	struct include_ctx ic = {
		.src = src, .real = real, .parent = from, .depth = from->depth + 1,
		.set = from->set,
	};
	if (lang == LANG_YAML)
		yaml_include_rules(src, &ic, p, d);
	else
		dsl_include_rules(src, &ic, p, d);
}

static void push(struct diag *d, const struct finding *f)
{
	*(struct finding *)arena_grow(&d->v, &d->n, &d->cap, sizeof(*d->v)) = *f;
}

void include_notes(struct diag *d, size_t from)
{
	bool any = false;
	for (size_t i = from; i < d->n && !any; i++)
		any = d->v[i].loc.src && d->v[i].loc.src->included_from;
	if (!any)
		return;
	size_t n = d->n - from;
	struct finding *old = arena_alloc(n * sizeof(*old));
	memcpy(old, d->v + from, n * sizeof(*old));
	d->n = from;
	for (size_t i = 0; i < n; i++) {
		push(d, &old[i]);
		const struct source *src = old[i].loc.src;
		if (old[i].sev == SEV_NOTE || !src)
			continue;
		const char *check = old[i].check;
		/* The finding's own notes come first, then the include chain. */
		while (i + 1 < n && old[i + 1].sev == SEV_NOTE)
			push(d, &old[++i]);
		for (const struct source *s = src; s->included_from;) {
			const struct loc *l = s->included_from;
			struct finding note = { .sev = SEV_NOTE, .check = check, .loc = *l,
						.msg = arena_printf("'%s' included from here", s->name) };
			push(d, &note);
			if (!l->src)
				break;
			s = l->src;
		}
	}
}
