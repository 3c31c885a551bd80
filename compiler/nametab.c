// SPDX-License-Identifier: GPL-2.0-only
/* nametab.c - the names bpfcc and the runtime share (see nametab.h). */
#include "nametab.h"

#include <linux/capability.h>
#include <linux/types.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>

#include "../bpf-templates/bpfcon_abi.h"

_Static_assert(NAMETAB_SIGNALS == SIGSYS + 1, "nametab_signals ends at SIGSYS");
_Static_assert(NAMETAB_CAPS == CAP_LAST_CAP + 1, "nametab_caps has every capability");
_Static_assert(NAMETAB_FAMILIES == AF_MCTP + 1, "nametab_families ends at AF_MCTP");
_Static_assert(NAMETAB_KINDS == BPFCON_KIND__COUNT, "nametab_kinds has every request kind");

/* Indexed by the kernel's own constants, so a name cannot drift from its
 * number (signal 0 has none: it only checks that the target exists). */
const char *const nametab_signals[NAMETAB_SIGNALS] = {
	[0] = "check",
	[SIGHUP] = "SIGHUP",
	[SIGINT] = "SIGINT",
	[SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP",
	[SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",
	[SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1",
	[SIGSEGV] = "SIGSEGV",
	[SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE",
	[SIGALRM] = "SIGALRM",
	[SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT",
	[SIGCHLD] = "SIGCHLD",
	[SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP",
	[SIGTSTP] = "SIGTSTP",
	[SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG",
	[SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM",
	[SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH",
	[SIGIO] = "SIGIO",
	[SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

const char *const nametab_caps[NAMETAB_CAPS] = {
	[CAP_CHOWN] = "chown",
	[CAP_DAC_OVERRIDE] = "dac_override",
	[CAP_DAC_READ_SEARCH] = "dac_read_search",
	[CAP_FOWNER] = "fowner",
	[CAP_FSETID] = "fsetid",
	[CAP_KILL] = "kill",
	[CAP_SETGID] = "setgid",
	[CAP_SETUID] = "setuid",
	[CAP_SETPCAP] = "setpcap",
	[CAP_LINUX_IMMUTABLE] = "linux_immutable",
	[CAP_NET_BIND_SERVICE] = "net_bind_service",
	[CAP_NET_BROADCAST] = "net_broadcast",
	[CAP_NET_ADMIN] = "net_admin",
	[CAP_NET_RAW] = "net_raw",
	[CAP_IPC_LOCK] = "ipc_lock",
	[CAP_IPC_OWNER] = "ipc_owner",
	[CAP_SYS_MODULE] = "sys_module",
	[CAP_SYS_RAWIO] = "sys_rawio",
	[CAP_SYS_CHROOT] = "sys_chroot",
	[CAP_SYS_PTRACE] = "sys_ptrace",
	[CAP_SYS_PACCT] = "sys_pacct",
	[CAP_SYS_ADMIN] = "sys_admin",
	[CAP_SYS_BOOT] = "sys_boot",
	[CAP_SYS_NICE] = "sys_nice",
	[CAP_SYS_RESOURCE] = "sys_resource",
	[CAP_SYS_TIME] = "sys_time",
	[CAP_SYS_TTY_CONFIG] = "sys_tty_config",
	[CAP_MKNOD] = "mknod",
	[CAP_LEASE] = "lease",
	[CAP_AUDIT_WRITE] = "audit_write",
	[CAP_AUDIT_CONTROL] = "audit_control",
	[CAP_SETFCAP] = "setfcap",
	[CAP_MAC_OVERRIDE] = "mac_override",
	[CAP_MAC_ADMIN] = "mac_admin",
	[CAP_SYSLOG] = "syslog",
	[CAP_WAKE_ALARM] = "wake_alarm",
	[CAP_BLOCK_SUSPEND] = "block_suspend",
	[CAP_AUDIT_READ] = "audit_read",
	[CAP_PERFMON] = "perfmon",
	[CAP_BPF] = "bpf",
	[CAP_CHECKPOINT_RESTORE] = "checkpoint_restore",
};

const char *const nametab_families[NAMETAB_FAMILIES] = {
	[AF_UNSPEC] = "unspec",
	[AF_UNIX] = "unix",
	[AF_INET] = "inet",
	[AF_AX25] = "ax25",
	[AF_IPX] = "ipx",
	[AF_APPLETALK] = "appletalk",
	[AF_NETROM] = "netrom",
	[AF_BRIDGE] = "bridge",
	[AF_ATMPVC] = "atmpvc",
	[AF_X25] = "x25",
	[AF_INET6] = "inet6",
	[AF_ROSE] = "rose",
	[AF_DECnet] = "decnet",
	[AF_NETBEUI] = "netbeui",
	[AF_SECURITY] = "security",
	[AF_KEY] = "key",
	[AF_NETLINK] = "netlink",
	[AF_PACKET] = "packet",
	[AF_ASH] = "ash",
	[AF_ECONET] = "econet",
	[AF_ATMSVC] = "atmsvc",
	[AF_RDS] = "rds",
	[AF_SNA] = "sna",
	[AF_IRDA] = "irda",
	[AF_PPPOX] = "pppox",
	[AF_WANPIPE] = "wanpipe",
	[AF_LLC] = "llc",
	[AF_IB] = "ib",
	[AF_MPLS] = "mpls",
	[AF_CAN] = "can",
	[AF_TIPC] = "tipc",
	[AF_BLUETOOTH] = "bluetooth",
	[AF_IUCV] = "iucv",
	[AF_RXRPC] = "rxrpc",
	[AF_ISDN] = "isdn",
	[AF_PHONET] = "phonet",
	[AF_IEEE802154] = "ieee802154",
	[AF_CAIF] = "caif",
	[AF_ALG] = "alg",
	[AF_NFC] = "nfc",
	[AF_VSOCK] = "vsock",
	[AF_KCM] = "kcm",
	[AF_QIPCRTR] = "qipcrtr",
	[AF_SMC] = "smc",
	[AF_XDP] = "xdp",
	[AF_MCTP] = "mctp",
};

/* Indexed by the ABI's request kinds (= enum rule_kind, names.c checks). */
const char *const nametab_kinds[NAMETAB_KINDS] = {
	[BPFCON_KIND_FS] = "fs",
	[BPFCON_KIND_FILESYSTEM] = "filesystem",
	[BPFCON_KIND_PROC] = "proc",
	[BPFCON_KIND_DEV_CLASS] = "dev",
	[BPFCON_KIND_DEV] = "dev",
	[BPFCON_KIND_CAP] = "cap",
	[BPFCON_KIND_IPC] = "ipc",
	[BPFCON_KIND_NET] = "net",
	[BPFCON_KIND_SIGNAL] = "signal",
	[BPFCON_KIND_PTRACE] = "ptrace",
};

const char *const nametab_fs_bits[NAMETAB_FS_BITS] = {
	"read", "write", "append", "exec", "map", "setattr", "getattr", "ioctl", "rm", "link",
};
const char *const nametab_net_bits[NAMETAB_NET_BITS] = {
	"connect", "bind", "accept", "listen", "send", "recv", "create", "shutdown",
};
const char *const nametab_ptrace_bits[NAMETAB_PTRACE_BITS] = { "read", "attach" };

const char *nametab_signal(unsigned signo, char buf[static NAMETAB_BUF])
{
	if (signo < NAMETAB_SIGNALS)
		return nametab_signals[signo];
	if (signo == 32)
		return "SIGRTMIN";
	if (signo <= 64)
		snprintf(buf, NAMETAB_BUF, "SIGRTMIN+%u", signo - 32);
	else
		snprintf(buf, NAMETAB_BUF, "signal%u", signo);
	return buf;
}

const char *nametab_cap(unsigned cap, char buf[static NAMETAB_BUF])
{
	if (cap < NAMETAB_CAPS)
		return nametab_caps[cap];
	snprintf(buf, NAMETAB_BUF, "cap%u", cap);
	return buf;
}

const char *nametab_family(unsigned af, char buf[static NAMETAB_BUF])
{
	if (af < NAMETAB_FAMILIES)
		return nametab_families[af];
	snprintf(buf, NAMETAB_BUF, "af%u", af);
	return buf;
}

const char *nametab_kind(unsigned kind)
{
	return kind < NAMETAB_KINDS ? nametab_kinds[kind] : "unknown";
}
