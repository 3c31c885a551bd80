// SPDX-License-Identifier: GPL-2.0-only
/* frontend.c - picks the policy language of a source by its extension
 * and parses it. */
#include "frontend.h"

#include <string.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

bool frontend_lang_of(const char *path, enum policy_lang *out)
{
	if (ends_with(path, ".yml") || ends_with(path, ".yaml")) {
		*out = LANG_YAML;
		return true;
	}
	if (ends_with(path, ".pol")) {
		*out = LANG_DSL;
		return true;
	}
	return false;
}

struct policy *frontend_parse(const struct source *src, struct diag *d)
{
	enum policy_lang lang;
	if (!frontend_lang_of(src->name, &lang)) {
		struct loc whole = { .src = src, .file = src->name };
		diag_error(d, whole, "bad-input",
			   "cannot tell the policy language of '%s': its name must end in "
			   FRONTEND_EXTENSIONS, src->name);
		return NULL;
	}
	return lang == LANG_YAML ? yaml_parse_policy(src, d) : dsl_parse_policy(src, d);
}
