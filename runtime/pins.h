/* SPDX-License-Identifier: GPL-2.0-only */
/* pins.h - the pin tree under BPFCON_PIN_ROOT: one directory per loaded
 * policy, holding maps config, meta, events, lost and links link-PROG.
 * bpffs refuses every name with a '.' in it (EPERM: dots are reserved for
 * the kernel), so the docs' ".NAME.new" and "link.PROG" are spelled
 * PIN_NEW/PIN_OLD and PIN_LINK here; '+' never occurs in a policy name.
 * Listing policies, reading their pinned config and meta, removing a
 * policy directory, and the lock that serialises changes. */
#ifndef BPFCON_RT_PINS_H
#define BPFCON_RT_PINS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "bpfcon_abi.h"
#include "meta.h"

#define PIN_NEW "%s/+%s+new"	/* PIN_ROOT, NAME: being pinned */
#define PIN_OLD "%s/+%s+old"	/* PIN_ROOT, NAME: being replaced */
#define PIN_LINK "link-"	/* + program name */

/* Makes sure a bpffs is mounted at /sys/fs/bpf (mounts one if not) and
 * that PIN_ROOT exists.  Returns 0 or -1 after an error message. */
int pins_prepare(void);
/* Exclusive lock on PIN_ROOT for load and unload; returns an fd or -1. */
int pins_lock(void);
/* The same, shared (see pins_relock). */
int pins_lock_shared(void);
/* Turns the lock on fd into a shared one (LOCK_SH: what bpfcon-load holds
 * while the kernel verifies, so that loads run side by side while changes
 * wait) or back into an exclusive one (LOCK_EX).  Not atomic: the lock is
 * let go in between.  0, or -1 after an error message. */
int pins_relock(int fd, int how);

/* Removes DIR and the pins in it (missing: not an error).  Unpinning a
 * link detaches it.  Returns 0 or -errno. */
int pins_rmtree(const char *dir);
/* The same; with WAIT false, returns without waiting for the detached
 * programs to be freed (nothing depends on it). */
int pins_remove(const char *dir, bool wait);

/* Names of loaded policies (directories of PIN_ROOT but the staging
 * ones), sorted; NULL-terminated, free with pins_free_names.  Returns NULL
 * (with errno ENOENT) when PIN_ROOT does not exist. */
char **pins_policies(void);
void pins_free_names(char **names);

/* A loaded policy as read from its pins. */
struct pinned {
	char *name;
	struct bpfcon_config config;
	struct meta meta;
	int events_fd, lost_fd;	/* -1 unless asked for */
	__u32 events_id;	/* map id of events */
};
/* Reads the config and meta maps of policy NAME; with WANT_RINGS also
 * opens events and lost.  Returns 0 or -1 after an error message. */
int pinned_open(const char *name, int want_rings, struct pinned *p);
void pinned_close(struct pinned *p);
/* The lost-events counter (0 if unreadable). */
__u64 pinned_lost(const struct pinned *p);
/* How many of those `bpfcon logs` has reported already, and recording that
 * it reported n (slot 1 of the lost map; objects without it: 0, no-op). */
__u64 pinned_lost_reported(const struct pinned *p);
void pinned_lost_ack(const struct pinned *p, __u64 n);

/* The mode and counters of loaded policy NAME (its pinned "state" map,
 * BPFCON_STATE_* keys) into st; -1 when it has none (an object older than
 * the map: its mode is config.complain) or it cannot be read. */
int pinned_state(const char *name, __u64 st[BPFCON_STATE_N]);
/* Switches loaded policy NAME to complain mode or back to enforcing, in
 * place; 0, or -1 after an error message. */
int pinned_set_mode(const char *name, bool complain);

#endif
