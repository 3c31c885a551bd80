/* SPDX-License-Identifier: GPL-2.0-only */
/* yaml_tree.h - a YAML source loaded into a small node tree (scalars,
 * sequences, mappings, aliases) with byte offsets, using libyaml's event
 * API.  Only the YAML front end uses it; it knows nothing of policies.
 *
 * Bounds, reported while loading: nesting deeper than YTREE_MAX_DEPTH;
 * more than YTREE_MAX_NODES nodes as written (enough for the largest
 * policy, POLICY_MAX_RULES rules of up to 15 nodes each); and aliases that
 * stand for more than YTREE_MAX_ALIAS_NODES nodes in all (each use counts
 * its anchored node's whole expansion), which stops "billion laughs". */
#ifndef BPFCC_YAML_TREE_H
#define BPFCC_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "source.h"

#define YTREE_MAX_DEPTH 64
#define YTREE_MAX_NODES 1000000
#define YTREE_MAX_ALIAS_NODES 100000

enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP, YN_ALIAS };

enum yscalar_style { YS_PLAIN, YS_SINGLE, YS_DOUBLE, YS_LITERAL, YS_FOLDED };

struct ynode {
	enum ynode_kind kind;
	enum yscalar_style style;	/* YN_SCALAR */
	bool flow;			/* YN_SEQ, YN_MAP: written in flow style */
	size_t start, end;		/* byte offsets of the node as written */
	const char *value;		/* YN_SCALAR, NUL-terminated */
	size_t len;
	struct ynode **kids;		/* YN_SEQ: items; YN_MAP: key, value, key, value ... */
	size_t nkids, cap;
	struct ynode *target;		/* YN_ALIAS: the anchored node (shared) */
	size_t weight;			/* nodes in the expansion of this node */
	const char *anchor;		/* pending until the node is complete */
	const char *text;		/* cache of ytree_text() */
};

struct yspan {
	size_t start, end;
};

struct ytree {
	const struct source *src;
	struct ynode *root;		/* NULL for an empty stream */
	/* Private: offsets of quoted and block scalars, in source order
	 * (a '#' inside them is not a comment). */
	struct yspan *quoted;
	size_t nquoted, capquoted;
};

/* Loads src.  Reports YAML syntax errors, more than one document, unknown
 * aliases, unsupported tags and the bounds above to d and returns NULL. */
struct ytree *ytree_load(const struct source *src, struct diag *d);

/* Is the scalar a YAML null: empty and plain, '~' or 'null'? */
bool ynode_is_null(const struct ynode *n);

/* Location of the node's first byte (anchor or tag included). */
struct loc ytree_loc(const struct ytree *t, const struct ynode *n);
/* Location of a scalar's token (its opening quote, if quoted). */
struct loc ytree_scalar_loc(const struct ytree *t, const struct ynode *n);
/* Location of byte off of a scalar's value, when the value is written
 * verbatim on one line; otherwise the scalar's location. */
struct loc ytree_value_loc(const struct ytree *t, const struct ynode *n, size_t off);

/* The node as written, on one line: comments dropped, runs of white space
 * collapsed to one space, leading anchor/tag and trailing spaces and commas
 * removed.  Cached in the node. */
const char *ytree_text(const struct ytree *t, struct ynode *n);

#endif
