// SPDX-License-Identifier: GPL-2.0-only
/* frontend.c - picks the policy language of a source and parses it. */
#include "frontend.h"

#include <string.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

enum policy_lang frontend_guess_lang(const struct source *src)
{
	if (ends_with(src->name, ".yml") || ends_with(src->name, ".yaml"))
		return LANG_YAML;
	if (ends_with(src->name, ".pol") || ends_with(src->name, ".bpfbox"))
		return LANG_DSL;
	const char *p = src->text;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if ((p[0] == '#' && (p[1] == '!' || p[1] == '[')) || p[0] == '/')
		return LANG_DSL;
	return LANG_YAML;
}

struct policy *frontend_parse(const struct source *src, struct diag *d)
{
	return frontend_guess_lang(src) == LANG_YAML ? yaml_parse_policy(src, d)
						     : dsl_parse_policy(src, d);
}
