// SPDX-License-Identifier: GPL-2.0-only
/* nametab.c - the names bpfcc and the runtime share (see nametab.h). */
#include "nametab.h"

#include <stdio.h>

const char *const nametab_signals[NAMETAB_SIGNALS] = {
	[0] = "check",	   [1] = "SIGHUP",    [2] = "SIGINT",	  [3] = "SIGQUIT",
	[4] = "SIGILL",	   [5] = "SIGTRAP",   [6] = "SIGABRT",	  [7] = "SIGBUS",
	[8] = "SIGFPE",	   [9] = "SIGKILL",   [10] = "SIGUSR1",	  [11] = "SIGSEGV",
	[12] = "SIGUSR2",  [13] = "SIGPIPE",  [14] = "SIGALRM",	  [15] = "SIGTERM",
	[16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT",	  [19] = "SIGSTOP",
	[20] = "SIGTSTP",  [21] = "SIGTTIN",  [22] = "SIGTTOU",	  [23] = "SIGURG",
	[24] = "SIGXCPU",  [25] = "SIGXFSZ",  [26] = "SIGVTALRM", [27] = "SIGPROF",
	[28] = "SIGWINCH", [29] = "SIGIO",    [30] = "SIGPWR",	  [31] = "SIGSYS",
};

const char *const nametab_caps[NAMETAB_CAPS] = {
	"chown",	    "dac_override",   "dac_read_search", "fowner",	 "fsetid",
	"kill",		    "setgid",	      "setuid",		 "setpcap",	 "linux_immutable",
	"net_bind_service", "net_broadcast",  "net_admin",	 "net_raw",	 "ipc_lock",
	"ipc_owner",	    "sys_module",     "sys_rawio",	 "sys_chroot",	 "sys_ptrace",
	"sys_pacct",	    "sys_admin",      "sys_boot",	 "sys_nice",	 "sys_resource",
	"sys_time",	    "sys_tty_config", "mknod",		 "lease",	 "audit_write",
	"audit_control",    "setfcap",	      "mac_override",	 "mac_admin",	 "syslog",
	"wake_alarm",	    "block_suspend",  "audit_read",	 "perfmon",	 "bpf",
	"checkpoint_restore",
};

const char *const nametab_families[NAMETAB_FAMILIES] = {
	"unspec",  "unix",	 "inet",      "ax25",	   "ipx",    "appletalk", "netrom",
	"bridge",  "atmpvc",	 "x25",	      "inet6",	   "rose",   "decnet",	  "netbeui",
	"security", "key",	 "netlink",   "packet",	   "ash",    "econet",	  "atmsvc",
	"rds",	   "sna",	 "irda",      "pppox",	   "wanpipe", "llc",	  "ib",
	"mpls",	   "can",	 "tipc",      "bluetooth", "iucv",   "rxrpc",	  "isdn",
	"phonet",  "ieee802154", "caif",      "alg",	   "nfc",    "vsock",	  "kcm",
	"qipcrtr", "smc",	 "xdp",	      "mctp",
};

const char *const nametab_kinds[NAMETAB_KINDS] = {
	"fs", "filesystem", "proc", "dev", "dev", "cap", "ipc", "net", "signal", "ptrace",
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
