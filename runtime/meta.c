// SPDX-License-Identifier: GPL-2.0-only
/* meta.c - parses the self-description text of a bpfcon object: one
 * record per line, fields separated by one space, the last field running
 * to the end of the line.  Unknown records are skipped (newer compilers may
 * add some); the first line must be "bpfcon 1". */
#include "meta.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_MOUNTS_TEXT 4096
#define MAX_CTX_TEXT 32		/* BPFCON_MAX_CTX */

static int parse_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

/* Splits "KEY REST" at the first space; REST is "" if there is none. */
static char *split(char *line)
{
	char *sp = strchr(line, ' ');
	if (!sp)
		return line + strlen(line);
	*sp = '\0';
	return sp + 1;
}

int meta_parse(const char *text, size_t len, struct meta *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	m->complain = -1;
	m->nrules_decl = -1;
	size_t n = strnlen(text, len);
	m->buf = xmalloc(n + 1);
	memcpy(m->buf, text, n);
	m->buf[n] = '\0';

	size_t cap_r = 0;
	long lineno = 0;
	char *next;
	for (char *line = m->buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		char *key = line, *rest = split(line);
		if (lineno == 1) {
			if (strcmp(key, "bpfcon") || parse_long(rest, &m->version)) {
				snprintf(err, errlen, "self-description does not start with \"bpfcon 1\"");
				goto fail;
			}
			if (m->version != 1) {
				snprintf(err, errlen, "self-description version %ld, this bpfcon reads version 1",
					 m->version);
				goto fail;
			}
			continue;
		}
		if (!strcmp(key, "name"))
			m->name = rest;
		else if (!strcmp(key, "command"))
			m->command = rest;
		else if (!strcmp(key, "source"))
			m->source = rest;
		else if (!strcmp(key, "sha256"))
			m->sha256 = rest;
		else if (!strcmp(key, "compiler"))
			m->compiler = rest;
		else if (!strcmp(key, "default"))
			m->deflt = rest;
		else if (!strcmp(key, "complain")) {
			if (parse_long(rest, &m->complain))
				goto bad;
		} else if (!strcmp(key, "rules")) {
			if (parse_long(rest, &m->nrules_decl))
				goto bad;
		} else if (!strcmp(key, "mount")) {
			char *path = split(rest);
			long idx;
			if (parse_long(rest, &idx) || (size_t)idx != m->nmounts || !*path ||
			    idx >= MAX_MOUNTS_TEXT)
				goto bad;
			m->mounts = xrealloc(m->mounts, (m->nmounts + 1) * sizeof(*m->mounts));
			m->mounts[m->nmounts++] = path;
		} else if (!strcmp(key, "rule")) {
			char *loc = split(rest);
			char *rtext = split(loc);
			long id;
			if (parse_long(rest, &id) || !*loc)
				goto bad;
			if (m->nrules == cap_r) {
				cap_r = cap_r ? cap_r * 2 : 16;
				m->rules = xrealloc(m->rules, cap_r * sizeof(*m->rules));
			}
			m->rules[m->nrules++] = (struct meta_rule){ id, loc, rtext };
		} else if (!strcmp(key, "ctx")) {
			/* ctx I func NAME BINARY | ctx I kfunc NAME */
			char *kind = split(rest);
			char *fname = split(kind);
			char *binary = split(fname);
			long idx;
			int kfunc = !strcmp(kind, "kfunc");
			if (parse_long(rest, &idx) || (size_t)idx != m->nctx || idx >= MAX_CTX_TEXT ||
			    !*fname || (!kfunc && (strcmp(kind, "func") || !*binary)) ||
			    (kfunc && *binary))
				goto bad;
			m->ctxs = xrealloc(m->ctxs, (m->nctx + 1) * sizeof(*m->ctxs));
			m->ctxs[m->nctx++] = (struct meta_ctx){ idx, kfunc, fname, kfunc ? NULL : binary };
		}
	}
	if (lineno == 0) {
		snprintf(err, errlen, "self-description is empty");
		goto fail;
	}
	if (!m->name || !*m->name) {
		snprintf(err, errlen, "self-description has no name");
		goto fail;
	}
	return 0;
bad:
	snprintf(err, errlen, "self-description line %ld is malformed", lineno);
fail:
	meta_free(m);
	return -1;
}

const struct meta_rule *meta_rule(const struct meta *m, long id)
{
	/* Ids are normally the index; fall back to a search. */
	if (id >= 0 && (size_t)id < m->nrules && m->rules[id].id == id)
		return &m->rules[id];
	for (size_t i = 0; i < m->nrules; i++)
		if (m->rules[i].id == id)
			return &m->rules[i];
	return NULL;
}

void meta_free(struct meta *m)
{
	free(m->buf);
	free(m->mounts);
	free(m->rules);
	free(m->ctxs);
	memset(m, 0, sizeof(*m));
}
