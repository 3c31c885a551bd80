// SPDX-License-Identifier: GPL-2.0-only
/* checks.c - the description and help of every check name (see checks.h). */
#include "checks.h"

#include <string.h>

static const struct check_info checks[] = {
	/* errors: the input */
	{ "syntax", "Syntax error", "The policy does not parse. Fix the text at the caret." },
	{ "bad-input", "Input is not text",
	  "The file holds NUL bytes, invalid UTF-8 or control characters. Save it as UTF-8 text." },
	{ "io", "File cannot be read", "bpfcc could not open or read a file it needs." },
	{ "too-large", "Input too large", "The file is larger than bpfcc accepts. Split the policy." },
	{ "too-deep", "Input nested too deeply", "The YAML nests deeper than bpfcc accepts." },
	{ "too-many-nodes", "Input has too many YAML nodes",
	  "The YAML document has more nodes than bpfcc accepts. Split the policy." },
	{ "too-many-rules", "Too many rules", "The policy has more rules than bpfcc accepts." },
	/* errors: names and values */
	{ "unknown-key", "Unknown YAML key", "The key is not part of the YAML policy language." },
	{ "duplicate-key", "Key given twice", "A YAML mapping names the same key twice; keep one." },
	{ "unknown-rule", "Unknown rule", "The rule kind is not part of the policy language." },
	{ "unknown-flag", "Unknown access flag",
	  "The access word is not one the rule kind takes; the message suggests the closest one." },
	{ "unknown-family", "Unknown socket family", "Name a socket family such as unix, inet or inet6." },
	{ "unknown-signal", "Unknown signal", "Name a signal (SIGTERM, term) or a class (fatal, stop, misc)." },
	{ "unknown-capability", "Unknown capability",
	  "Name a capability as in capabilities(7), e.g. net_bind_service or CAP_NET_BIND_SERVICE." },
	{ "unknown-device", "Unknown device class",
	  "Name a device class: terminal, null, random, video, sound, gpu or input." },
	{ "unknown-target", "Unknown target", "Name a target: self, parent, child or any." },
	{ "unknown-directive", "Unknown directive", "The #[...] or #![...] directive is not known." },
	{ "bad-value", "Value of the wrong type or range", "The value does not fit what the key expects." },
	{ "bad-argument", "Bad rule argument", "The rule's argument is not what the rule takes." },
	{ "bad-device", "Bad device number", "Write a device as MAJOR or MAJOR:MINOR." },
	{ "bad-target", "Bad target", "The target is neither a known target nor a policy name." },
	{ "bad-path", "Bad path", "Paths are absolute, without '.', '..' or empty components." },
	{ "bad-glob", "Bad glob", "The glob pattern is malformed; see the policy language's globs." },
	{ "bad-name", "Bad policy name",
	  "A policy name uses only letters, digits, '_' and '-', at most 64 of them." },
	{ "bad-func", "Bad function context", "Write a function context as NAME or NAME@BINARY." },
	{ "bad-directive", "Directive in the wrong place", "The directive does not apply where it is written." },
	{ "bad-request", "Bad explain request", "The request given to bpfcc explain is malformed." },
	{ "bad-mounts", "Bad mount table", "The mount table given to bpfcc cannot be read as one." },
	{ "conflicting-directives", "Conflicting directives", "Two directives contradict each other; keep one." },
	{ "duplicate-directive", "Directive given twice", "A directive is given twice; keep one." },
	{ "directive-order", "Directive out of order",
	  "Policy directives (#![...]) come before the first rule." },
	{ "missing-profile", "No profile directive", "A DSL policy starts with #![profile \"/path/to/cmd\"]." },
	{ "missing-name", "No policy name", "A YAML policy gives its name with the key name:." },
	{ "missing-command", "No command", "A YAML policy gives the program it confines with command:." },
	{ "func-binary", "Function context's binary unusable",
	  "The binary of a function context cannot be read or has no such symbol." },
	{ "empty-rule", "Rule grants nothing", "The rule names no access; give at least one flag." },
	{ "duplicate-policy", "Policy defined twice",
	  "Two files define the same policy name differently. Rename one of them." },
	{ "include", "Bad include",
	  "An included file cannot be read, is not a rule file (.pol, .yml, .yaml), holds "
	  "settings as well as rules, or includes itself; or includes nest too deep." },
	{ "meta-policy", "Meta policy violated",
	  "The policy breaks a rule of the meta policy given with --meta; the message names it." },
	{ "too-complex", "Policy too complex to compile",
	  "The path rules need more than 1,000,000 matcher states, or filesystem rules name more "
	  "than 64 mount points. Use fewer or simpler globs." },
	/* warnings: lint */
	{ "cancelled-right", "Right cancelled by a restriction",
	  "A restriction covers everything this right grants, so the right has no effect. "
	  "Remove the right or narrow the restriction." },
	{ "duplicate-rule", "Duplicate rule",
	  "The same rule is written twice; the related location is the first. Remove one." },
	{ "allows-everything", "Policy allows everything",
	  "'#![default allow]' with no restriction confines nothing but capabilities." },
	{ "write-exec", "Write and exec on the same files",
	  "A program that may write a file and then execute it can run code of its choosing. "
	  "Split the rights so no file is both writable and executable." },
	{ "taint-never-fires", "Taint rule never fires",
	  "The taint rule can never match, so the policy's tainted rules never apply." },
	{ "unreachable-rule", "Rule can never decide",
	  "Another rule always decides first, so this one never applies; the related location "
	  "is that rule." },
};

const struct check_info *check_info(const char *name)
{
	static const struct check_info generic = { NULL, "bpfcc diagnostic", "See bpfcc(1)." };
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (name && !strcmp(checks[i].name, name))
			return &checks[i];
	return &generic;
}
