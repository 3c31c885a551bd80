/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_abi.h - what a bpfcon object shares with the programs that load
 * and read it (runtime/): the config and event layouts, map and pin names,
 * hook and decision codes.  Included by BPF code (with vmlinux types) and
 * by userspace (with <linux/types.h>).  docs/object-format.md explains it. */
#ifndef BPFCON_ABI_H
#define BPFCON_ABI_H

#define BPFCON_MAGIC 0x6e6f6362u	/* "bcon" */
/* The version of the binary layouts below and of the dispatcher: a policy
 * object is loaded only by a dispatcher of its own version. */
#define BPFCON_ABI_VERSION 5

/* Where a loaded policy lives: PIN_ROOT/NAME/{config,meta,events,lost,link-*};
 * the task map shared by every policy is PIN_ROOT/bpfcon_tasks. */
#define BPFCON_PIN_ROOT "/sys/fs/bpf/bpfcon"
#define BPFCON_TASKS_MAP "bpfcon_tasks"

/* The dispatcher (bpfcon_dispatch.bpf.c): one program per LSM hook, shared
 * by every policy; its links and its version map ("abi") are pinned in
 * PIN_ROOT/+dispatch.  A loaded policy owns one slot (the map
 * PIN_ROOT/+tables/bpfcon_slots: policy id -> slot); its program for hook
 * H sits at that index of the program array PIN_ROOT/+tables/bpfcon_jt_H.
 * The maps named BPFCON_TABLES_PREFIX... are pinned in +tables, the other
 * shared maps by name in PIN_ROOT. */
#define BPFCON_MAX_POLICIES 4096
#define BPFCON_DISPATCH_DIR "+dispatch"
#define BPFCON_SLOTS_MAP "bpfcon_slots"
#define BPFCON_CMDS_MAP "bpfcon_cmds"
#define BPFCON_JT_PREFIX "bpfcon_jt_"
#define BPFCON_TABLES_DIR "+tables"

/* ELF sections (and libbpf map names) of the self-description and config. */
#define BPFCON_META_SEC ".rodata.bpfcon"
#define BPFCON_CONFIG_SEC ".rodata.config"

/* `bpfcon run` calls this function of its own executable; every loaded
 * policy has a uprobe on it (program "bpfcon_enter"). */
#define BPFCON_ENTER_FUNC "bpfcon_enter_policy"

#define BPFCON_MAX_MOUNTS 64
#define BPFCON_OBJ_MAX 256	/* object text kept in an event */

/* Set by bpfcc (policy_id, nmounts, complain from the policy) and by
 * bpfcon-load before the object is loaded (mount_dev, cmd_*, complain with
 * --complain, loaded_ns).  Read-only for the BPF programs. */
struct bpfcon_config {
	__u32 magic;
	__u32 abi;
	__u64 policy_id;	/* bpfcon_policy_id(name) */
	__u64 loaded_ns;	/* CLOCK_REALTIME when loaded */
	__u64 cmd_ino;		/* inode of `command` on this machine; 0: none */
	__u32 cmd_dev;		/* its device, kernel encoding (major << 20 | minor) */
	__u8 complain;
	__u8 pad[3];
	__u32 nmounts;		/* entries of mount_dev in use */
	__u32 mount_dev[BPFCON_MAX_MOUNTS];	/* device of meta's `mount I PATH` */
};

/* Function contexts (#[func], #[kfunc]) a policy may name. */
#define BPFCON_MAX_CTX 32

/* Per task, shared by every loaded policy (task storage). */
struct bpfcon_task {
	__u64 policy_id;	/* 0: not confined */
	__u32 flags;		/* BPFCON_TASK_* */
	__u32 pad;
	/* User stack pointer of the innermost signal frame whose handler is
	 * running; 0: none.  See bpfcon_func.h. */
	__u64 sig_sp;
	/* Per function context I of the policy (meta "ctx I ..."): for a
	 * #[func], the user stack pointer at entry of the outermost call still
	 * live (0: not inside); for a #[kfunc], the call depth. */
	__u64 ctx[BPFCON_MAX_CTX];
};
#define BPFCON_TASK_TAINTED 1u
/* Set by the exec hook when an allowed exec went through a #[transition]
 * (#[untaint]) right; acted on once the exec has succeeded. */
#define BPFCON_TASK_PENDING_TRANSITION 2u
#define BPFCON_TASK_PENDING_UNTAINT 4u
/* Set by the exec hook when it allowed an executable; files the exec
 * opens after it (interpreters) are decided by the restrictions alone.
 * Cleared when the exec ends. */
#define BPFCON_TASK_IN_EXEC 8u

/* Request kinds in events and rule tables: the IR's enum rule_kind
 * (compiler/ir.h; compiler/names.c checks they agree), named by
 * nametab_kinds (compiler/nametab.c, shared by bpfcc and the runtime). */
#define BPFCON_KIND_FS 0	/* RK_FS: a path */
#define BPFCON_KIND_FILESYSTEM 1 /* RK_FILESYSTEM: a path under a mount point */
#define BPFCON_KIND_PROC 2	/* RK_PROC: a file in another task's /proc/PID */
#define BPFCON_KIND_DEV_CLASS 3	/* RK_DEV_CLASS: a device of a class */
#define BPFCON_KIND_DEV 4	/* RK_DEV_NUM: a device file (path and major:minor) */
#define BPFCON_KIND_CAP 5	/* RK_CAP: capability number in `bit` */
#define BPFCON_KIND_IPC 6	/* RK_IPC: the peer's policy in `peer_policy` */
#define BPFCON_KIND_NET 7	/* RK_NET: family in `family`, operation in access */
#define BPFCON_KIND_SIGNAL 8	/* RK_SIGNAL: signal number in `bit` */
#define BPFCON_KIND_PTRACE 9	/* RK_PTRACE: read / attach in access */
#define BPFCON_KIND__COUNT 10

/* Network operation bits (compiler/ir.h NET_*). */
#define BPFCON_NET_CONNECT (1u << 0)
#define BPFCON_NET_BIND (1u << 1)
#define BPFCON_NET_ACCEPT (1u << 2)
#define BPFCON_NET_LISTEN (1u << 3)
#define BPFCON_NET_SEND (1u << 4)
#define BPFCON_NET_RECV (1u << 5)
#define BPFCON_NET_CREATE (1u << 6)
#define BPFCON_NET_SHUTDOWN (1u << 7)
/* ptrace bits (compiler/ir.h PT_*). */
#define BPFCON_PT_READ (1u << 0)
#define BPFCON_PT_ATTACH (1u << 1)

/* What a target task is, seen from the requesting task (a rule's target
 * self/parent/child matches when the fact holds; any always). */
#define BPFCON_TF_SELF (1u << 0)	/* same thread group */
#define BPFCON_TF_PARENT (1u << 1)	/* the requester's parent process */
#define BPFCON_TF_CHILD (1u << 2)	/* a child process of the requester */
#define BPFCON_TF_ALWAYS (1u << 31)	/* set in every request: `any` matches it */

/* File access bits, as in the IR (compiler/ir.h ACC_*). */
#define BPFCON_ACC_READ (1u << 0)
#define BPFCON_ACC_WRITE (1u << 1)
#define BPFCON_ACC_APPEND (1u << 2)
#define BPFCON_ACC_EXEC (1u << 3)
#define BPFCON_ACC_MAP (1u << 4)
#define BPFCON_ACC_SETATTR (1u << 5)
#define BPFCON_ACC_GETATTR (1u << 6)
#define BPFCON_ACC_IOCTL (1u << 7)
#define BPFCON_ACC_DELETE (1u << 8)
#define BPFCON_ACC_LINK (1u << 9)

/* Hooks, as logged. */
enum bpfcon_hook {
	BPFCON_HOOK_FILE_OPEN = 1,
	BPFCON_HOOK_EXEC,		/* bprm_check_security */
	BPFCON_HOOK_MMAP,		/* mmap_file */
	BPFCON_HOOK_MPROTECT,		/* file_mprotect */
	BPFCON_HOOK_IOCTL,		/* file_ioctl */
	BPFCON_HOOK_GETATTR,		/* inode_getattr, inode_getxattr, inode_listxattr,
					 * inode_get_acl */
	BPFCON_HOOK_SETATTR,		/* path_chmod, path_chown, inode_setattr (times),
					 * inode_setxattr, inode_removexattr,
					 * inode_set_acl, inode_remove_acl */
	BPFCON_HOOK_TRUNCATE,		/* path_truncate */
	BPFCON_HOOK_CREATE,		/* path_mknod, path_mkdir, path_symlink */
	BPFCON_HOOK_UNLINK,		/* path_unlink, path_rmdir */
	BPFCON_HOOK_LINK,		/* path_link */
	BPFCON_HOOK_RENAME,		/* path_rename */
	BPFCON_HOOK_BPF,		/* bpf(): always denied when confined */
	BPFCON_HOOK_ENTER,		/* the task entered the policy */
	BPFCON_HOOK_RECEIVE,		/* file_receive: a descriptor passed in */
	BPFCON_HOOK_SOCKET_CREATE,	/* socket_create */
	BPFCON_HOOK_CONNECT,		/* socket_connect */
	BPFCON_HOOK_BIND,		/* socket_bind */
	BPFCON_HOOK_LISTEN,		/* socket_listen */
	BPFCON_HOOK_ACCEPT,		/* socket_accept */
	BPFCON_HOOK_SENDMSG,		/* socket_sendmsg */
	BPFCON_HOOK_RECVMSG,		/* socket_recvmsg */
	BPFCON_HOOK_SHUTDOWN,		/* socket_shutdown */
	BPFCON_HOOK_UNIX_CONNECT,	/* unix_stream_connect (ipc) */
	BPFCON_HOOK_UNIX_SEND,		/* unix_may_send (ipc) */
	BPFCON_HOOK_KILL,		/* task_kill */
	BPFCON_HOOK_SIGIO,		/* file_send_sigiotask (F_SETOWN) */
	BPFCON_HOOK_PTRACE,		/* ptrace_access_check */
	BPFCON_HOOK_TRACEME,		/* ptrace_traceme */
	BPFCON_HOOK_PROC,		/* a file of another task's /proc/PID */
	BPFCON_HOOK_CAPABLE,		/* capable */
	BPFCON_HOOK_MODULE,		/* kernel_module_request, kernel_read_file, kernel_load_data */
	BPFCON_HOOK_MOUNT,		/* sb_mount, sb_umount, move_mount, sb_pivotroot */
	BPFCON_HOOK_NAMESPACE,		/* userns_create, task_alloc with CLONE_NEW* */
	BPFCON_HOOK_PERF,		/* perf_event_open */
	BPFCON_HOOK_KEY,		/* key_alloc, key_permission */
	BPFCON_HOOK_SETTIME,		/* settime */
	BPFCON_HOOK_SYSV,		/* ipc_permission, msg/shm/sem (ipc) */
	BPFCON_HOOK_TRANSITION,		/* the task moved to this policy by #[transition] */
	BPFCON_HOOK_UNTAINT,		/* the task was untainted by #[untaint] */
	BPFCON_HOOK_TASK_SET,		/* task_setnice, task_setioprio, task_setscheduler,
					 * task_setrlimit, task_movememory (proc) */
	BPFCON_HOOK_READLINK,		/* inode_readlink */
	BPFCON_HOOK_FD_USE,		/* file_permission, mmap_file, file_truncate: a
					 * descriptor opened outside the policy, read,
					 * written, truncated or mapped */
	BPFCON_HOOK_WATCH,		/* path_notify: inotify, fanotify, dnotify */
	BPFCON_HOOK__COUNT
};
/* Or'ed into the hook given to check_file: only a restriction decides
 * (anything else allows, unlogged); never logged as part of the hook. */
#define BPFCON_RESTRICT_ONLY (1u << 31)

/* What was decided. */
enum bpfcon_decision {
	BPFCON_DENY = 0,
	BPFCON_ALLOW = 1,
	BPFCON_COMPLAIN = 2,	/* would deny; complain mode allowed it */
};

/* How (explain's decided_by). */
enum bpfcon_by {
	BPFCON_BY_RULES = 0,
	BPFCON_BY_DEFAULT,
	BPFCON_BY_UNTAINTED,
	BPFCON_BY_BUILTIN,
};

/* Event flags. */
#define BPFCON_EV_AUDIT 1u	/* an #[audit] rule decided */
#define BPFCON_EV_TAINT 2u	/* the access tainted the task */
#define BPFCON_EV_TRANSITION 4u	/* an allowed exec through a #[transition] right */
#define BPFCON_EV_UNTAINT 8u	/* an allowed exec through an #[untaint] right (tainted task) */

/* One log record (ring buffer "events"). */
struct bpfcon_event {
	__u64 time_ns;		/* bpf_ktime_get_boot_ns() */
	__u64 policy_id;
	__u32 pid, tgid;
	__u32 hook;		/* enum bpfcon_hook */
	__u32 kind;		/* request kind: the IR's enum rule_kind */
	__u32 access;		/* access bits asked (ACC_* ...) */
	__u32 decision;		/* enum bpfcon_decision */
	__u32 by;		/* enum bpfcon_by */
	__s32 rule;		/* deciding rule: index in meta's rule table; -1 none */
	__u32 flags;		/* BPFCON_EV_* */
	__u32 dev_major, dev_minor;	/* device requests */
	__u32 bit;		/* signal and capability requests: the number */
	__u32 family;		/* net requests: AF_* */
	__u32 target_pid;	/* signal, ptrace, proc: the target task's pid */
	__u32 pad;
	__u64 peer_policy;	/* ipc: the other side's policy id; signal, ptrace,
				 * proc: the target's policy id (0: none) */
	char comm[16];
	char object[BPFCON_OBJ_MAX];	/* path; a target's executable; "" if none */
};

/* The policy id is the 64-bit FNV-1a hash of the policy name, never 0. */
static inline __u64 bpfcon_policy_id(const char *name)
{
	__u64 h = 0xcbf29ce484222325ull;
	for (; *name; name++) {
		h ^= (unsigned char)*name;
		h *= 0x100000001b3ull;
	}
	return h ? h : 1;
}

/* The keys of a loaded policy's pinned "state" map (u64 values). */
enum {
	BPFCON_STATE_COMPLAIN = 0,	/* 1: complain mode (the mode in force) */
	BPFCON_STATE_ALLOWED = 1,	/* decisions allowed and logged (audit, taint...) */
	BPFCON_STATE_DENIED = 2,	/* decisions denied */
	BPFCON_STATE_COMPLAINED = 3,	/* decisions complain mode let through */
	BPFCON_STATE_N = 4,
};

/* The request of a policy's test program (`bpfcc --test-prog`,
 * bpfcon_testprog.h), which the host tests (tests/host/difftest) fill in
 * and run with BPF_PROG_TEST_RUN: the request comes in as the context and
 * the verdict goes back in it.  One definition for both sides. */
#define BPFCON_TEST_PATH_MAX 4096	/* the path region (PATH_MAX_K) */
#define TEST_PATH 0	/* a file: fs and filesystem rules */
#define TEST_DEV 1	/* a device: dev rules */
#define TEST_DEVFILE 2	/* a device node's path: fs, filesystem and dev rules */
#define TEST_OBJ 3	/* net, signal, ptrace, proc, cap, ipc: the obj_* fields */

struct bpfcon_test_req {
	__u32 kind;		/* TEST_* */
	__u32 access;		/* access bits asked: ACC_*, NET_* (one), PT_* (one) */
	__u32 tainted;		/* the task's taint state */
	__u32 dev;		/* TEST_PATH: the file's device (kernel encoding) */
	__u32 major, minor;	/* TEST_DEV, TEST_DEVFILE */
	__u32 start;		/* TEST_PATH, TEST_DEVFILE: the path is path[start..4096) */
	/* out */
	__s32 decision;		/* enum bpfcon_decision */
	__s32 by;		/* enum bpfcon_by */
	__s32 rule;		/* deciding rule or -1 */
	__u32 flags;		/* BPFCON_EV_* */
	/* in */
	__u32 active;		/* function contexts the thread is inside (bit I: meta "ctx I") */
	__u32 obj_kind;		/* TEST_OBJ: BPFCON_KIND_* */
	__u32 bit;		/* signal or capability number */
	__u32 family;		/* AF_* */
	__u32 facts;		/* BPFCON_TF_* of the target (TF_ALWAYS is added) */
	__u32 has_prog;		/* 1: the target's executable is path[start..4096) */
	__u64 policy;		/* the target's policy id, or the ipc peer's */
	char path[BPFCON_TEST_PATH_MAX];
};

#endif
