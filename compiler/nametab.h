/* SPDX-License-Identifier: GPL-2.0-only */
/* nametab.h - the one table of names that bpfcc and the runtime share:
 * signals, capabilities, socket families, rule kinds and the access bits
 * of each kind.  bpfcc reads and prints policies with them (names.c,
 * ir.c), `bpfcon logs` names what an event asked for with them
 * (runtime/events.c), so a log line reads like the rule that decided it.
 * Indexes are the kernel's numbers (signal, CAP_*, AF_*: nametab.c is
 * written with those constants), the ABI's request kinds (BPFCON_KIND_* of
 * bpfcon_abi.h, which the IR's enum rule_kind follows; names.c checks
 * that) and bit positions (ACC_*, NET_*, PT_*).  It needs libc, the
 * kernel's uapi headers and bpfcon_abi.h, nothing of bpfcc. */
#ifndef BPFCON_NAMETAB_H
#define BPFCON_NAMETAB_H

#include <stddef.h>

#define NAMETAB_SIGNALS 32	/* 0 ("check") to SIGSYS; real-time ones are formatted */
#define NAMETAB_CAPS 41		/* CAP_CHOWN .. CAP_CHECKPOINT_RESTORE */
#define NAMETAB_FAMILIES 46	/* AF_UNSPEC .. AF_MCTP */
#define NAMETAB_KINDS 10	/* BPFCON_KIND__COUNT, enum rule_kind */
#define NAMETAB_FS_BITS 10	/* ACC_READ .. ACC_LINK */
#define NAMETAB_NET_BITS 8	/* NET_CONNECT .. NET_SHUTDOWN */
#define NAMETAB_PTRACE_BITS 2	/* PT_READ, PT_ATTACH */
#define NAMETAB_BUF 24		/* room for a formatted name */

/* "check" (signal 0, the existence check), "SIGHUP" .. "SIGSYS". */
extern const char *const nametab_signals[NAMETAB_SIGNALS];
/* "chown" .. "checkpoint_restore", as policies write them. */
extern const char *const nametab_caps[NAMETAB_CAPS];
/* "unspec", "unix", "inet", .. "mctp". */
extern const char *const nametab_families[NAMETAB_FAMILIES];
/* "fs", "filesystem", "proc", "dev" (class), "dev" (number), "cap", "ipc",
 * "net", "signal", "ptrace". */
extern const char *const nametab_kinds[NAMETAB_KINDS];
/* The flags of each kind, bit 0 first: "read", "write", ..; "connect", ..;
 * "read", "attach". */
extern const char *const nametab_fs_bits[NAMETAB_FS_BITS];
extern const char *const nametab_net_bits[NAMETAB_NET_BITS];
extern const char *const nametab_ptrace_bits[NAMETAB_PTRACE_BITS];

/* The name of signal SIGNO: from the table, "SIGRTMIN" and "SIGRTMIN+N"
 * (32 to 64), else "signalN".  BUF (NAMETAB_BUF bytes) holds formatted names. */
const char *nametab_signal(unsigned signo, char buf[static NAMETAB_BUF]);
/* A capability's or a family's name, else "capN" / "afN" in BUF. */
const char *nametab_cap(unsigned cap, char buf[static NAMETAB_BUF]);
const char *nametab_family(unsigned af, char buf[static NAMETAB_BUF]);
/* A rule kind's name, or "unknown". */
const char *nametab_kind(unsigned kind);

#endif
