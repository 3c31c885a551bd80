/* SPDX-License-Identifier: GPL-2.0-only */
/* dispatch.h - the shared dispatcher (bpf-templates/bpfcon_dispatch.bpf.c)
 * from user space: installing it with the first policy, checking its
 * version, putting a policy's LSM programs into its slot, taking them out
 * again, and removing the dispatcher with the last policy.  Every call is
 * made under the pin lock (pins_lock).  docs/object-format.md "The
 * dispatcher". */
#ifndef BPFCON_RT_DISPATCH_H
#define BPFCON_RT_DISPATCH_H

#include <stdbool.h>
#include <linux/types.h>

struct bpf_object;

/* Installs the dispatcher if it is not (loads, attaches and pins it), or
 * checks that the installed one is of this bpfcon's version.  0, or -1
 * after a one-line error; nothing is left half-installed. */
int dispatch_ensure(void);

/* What dispatch_put changed, to undo it if a later step fails. */
struct dispatch_put {
	__u64 id;
	__u32 slot;
	bool replaced;		/* the policy had a slot already */
	int nhooks;
	char (*hook)[64];	/* every slot table of the dispatcher */
	__u32 *old_prog;	/* per hook: the program id that was in the slot; 0: none */
};

/* Sets where OBJ's maps of the dispatcher (the slot and command maps, the
 * slot tables) are pinned: the tables folder.  0, or -1 after an error. */
int dispatch_pin_paths(struct bpf_object *obj);

/* Puts the LSM programs of loaded policy object OBJ (policy ID, command
 * CMD_DEV/CMD_INO, 0: none) into their hooks' slot tables at the policy's
 * slot (its own if it is loaded: replaced hook by hook, each atomically;
 * else the lowest free one), records its command, and makes it live.
 * PATH names the object in messages.  0, or -1 after an error message with
 * nothing changed. */
int dispatch_put(const char *path, struct bpf_object *obj, __u64 id, __u32 cmd_dev,
		 __u64 cmd_ino, struct dispatch_put *put);
/* Puts back what dispatch_put changed. */
void dispatch_undo(struct dispatch_put *put);
void dispatch_put_free(struct dispatch_put *put);

/* Takes policy ID out: not live any more (at once), its slot emptied in
 * every table, its command forgotten.  0, or -1 after an error message. */
int dispatch_drop(__u64 id);

/* Unloads loaded policy NAME: out of the dispatcher, then its pins; and
 * the dispatcher itself when no policy is left.  0 or -errno. */
int dispatch_unload(const char *name);

/* Removes the dispatcher (its links, version and slot tables) if no
 * policy is loaded. */
void dispatch_retire_if_unused(void);

/* The installed dispatcher's version, 0 if none is installed. */
__u32 dispatch_installed_abi(void);
/* Is the installed dispatcher the one obj's tables are (its slot map is
 * the pinned one)?  Not after an unload removed it while obj was being
 * loaded without the exclusive lock. */
bool dispatch_is_current(struct bpf_object *obj);

#endif
