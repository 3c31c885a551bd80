/* SPDX-License-Identifier: GPL-2.0-only */
/* names.h - every name a policy may use, in one place: access letters and
 * words, fs/net/ptrace flags, socket families, signals and signal classes,
 * capabilities and device classes.  Both front ends and explain look names
 * up here, so the two languages accept exactly the same vocabulary.
 * Lookups return false for unknown names; names_suggest() then offers the
 * closest known name for a "did you mean" hint. */
#ifndef BPFCC_NAMES_H
#define BPFCC_NAMES_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "util.h"

enum name_space {
	NS_FS_FLAG,	/* DSL fsflags: read write append exec map setattr getattr ioctl rm link any */
	NS_YAML_ACCESS,	/* YAML access words: readOnly readWrite readAppend library exec any */
	NS_NET_FLAG,	/* DSL netflags: connect bind accept listen send recv create shutdown any */
	NS_YAML_NET,	/* YAML net words: client server send recv any */
	NS_FAMILY,	/* socket families: unix inet inet6 netlink packet ... any */
	NS_SIGNAL,	/* signal names and classes (both languages) */
	NS_CAP,		/* capabilities (camelCase, snake_case, CAP_X) and any */
	NS_DEV_CLASS,	/* terminal tty null random video sound gpu input */
	NS_PTRACE_FLAG,	/* read attach any */
	NS_TARGET	/* self parent child any */
};

/* One word of a flag list (DSL "read", YAML "readOnly", "client", ...).
 * ORs its bits into *bits. */
bool names_lookup(enum name_space ns, const char *word, uint64_t *bits);

/* A YAML access string: either one access word (NS_YAML_ACCESS, matched
 * without regard to case) or a string of access letters "rwaxmcdli".
 * On an unknown letter returns false and sets *bad to its index in s. */
bool names_yaml_access(const char *s, uint64_t *bits, size_t *bad);

/* Closest known name in ns to word (for "did you mean"), or NULL. */
const char *names_suggest(enum name_space ns, const char *word);

/* Device classes: name -> class, and the device numbers a class covers. */
bool names_dev_class(const char *word, enum dev_class *out);
const char *names_dev_class_name(enum dev_class c);
/* Is major:minor one of class c's devices? */
bool names_dev_in_class(enum dev_class c, int major, int minor);
/* The same knowledge as a table, for code generation: class cls is every
 * device with major in [major_lo, major_hi] and minor `minor` (-1: any). */
struct dev_range {
	enum dev_class cls;
	int major_lo, major_hi, minor;
};
const struct dev_range *names_dev_ranges(size_t *n);

/* Canonical names, for --emit-ir and messages.  Flags are printed in bit
 * order joined by "|"; a full mask prints as "any". */
void names_format_mask(enum rule_kind kind, uint64_t mask, struct strbuf *sb);
void names_format_families(uint64_t families, struct strbuf *sb);
const char *names_signal_name(int signo);	/* "SIGTERM", "check" for 0 */
const char *names_cap_name(int cap);		/* "net_bind_service" */
const char *names_family_name(int af);		/* "inet6" */

#endif
