/* bpfcon_abi.h - what a bpfcon object shares with the programs that load
 * and read it (runtime/): the config and event layouts, map and pin names,
 * hook and decision codes.  Included by BPF code (with vmlinux types) and
 * by userspace (with <linux/types.h>).  docs/object-format.md explains it. */
#ifndef BPFCON_ABI_H
#define BPFCON_ABI_H

#define BPFCON_MAGIC 0x6e6f6362u	/* "bcon" */
#define BPFCON_ABI_VERSION 1

/* Where a loaded policy lives: PIN_ROOT/NAME/{config,meta,events,lost,link-*};
 * the task map shared by every policy is PIN_ROOT/bpfcon_tasks. */
#define BPFCON_PIN_ROOT "/sys/fs/bpf/bpfcon"
#define BPFCON_TASKS_MAP "bpfcon_tasks"

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

/* Per task, shared by every loaded policy (task storage). */
struct bpfcon_task {
	__u64 policy_id;	/* 0: not confined */
	__u32 flags;		/* BPFCON_TASK_* */
	__u32 pad;
};
#define BPFCON_TASK_TAINTED 1u

/* Request kinds in events: the IR's enum rule_kind (compiler/ir.h). */
#define BPFCON_KIND_FS 0	/* RK_FS: a path */
#define BPFCON_KIND_DEV 4	/* RK_DEV_NUM: a device file (path and major:minor) */

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
	BPFCON_HOOK_GETATTR,		/* inode_getattr */
	BPFCON_HOOK_SETATTR,		/* inode_setattr, path_chmod, path_chown */
	BPFCON_HOOK_TRUNCATE,		/* path_truncate */
	BPFCON_HOOK_CREATE,		/* path_mknod, path_mkdir, path_symlink */
	BPFCON_HOOK_UNLINK,		/* path_unlink, path_rmdir */
	BPFCON_HOOK_LINK,		/* path_link */
	BPFCON_HOOK_RENAME,		/* path_rename */
	BPFCON_HOOK_BPF,		/* bpf(): always denied when confined */
	BPFCON_HOOK_ENTER,		/* the task entered the policy */
	BPFCON_HOOK_RECEIVE,		/* file_receive: a descriptor passed in */
	BPFCON_HOOK__COUNT
};

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
	char comm[16];
	char object[BPFCON_OBJ_MAX];	/* path; "" if none */
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

#endif
