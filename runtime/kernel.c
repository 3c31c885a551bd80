// SPDX-License-Identifier: GPL-2.0-only
/* kernel.c - checks of what this kernel offers before an object is
 * loaded (kernel.h): one line naming what is missing, what needs it and
 * the first kernel that has it, instead of a verifier or libbpf error. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kernel.h"
#include "util.h"

int kernel_lsm_list(char *buf, size_t n)
{
	buf[0] = '\0';
	FILE *f = fopen(KERNEL_LSM_FILE, "r");
	/* securityfs not mounted (a bare system; systemd mounts it): as root,
	 * mount it, as pins_prepare does bpffs. */
	if (!f && errno == ENOENT && geteuid() == 0 &&
	    mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL) == 0)
		f = fopen(KERNEL_LSM_FILE, "r");
	if (!f) {
		if (errno == 0)
			errno = ENOENT;
		return -1;
	}
	if (!fgets(buf, (int)n, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	char copy[512];
	snprintf(copy, sizeof(copy), "%s", buf);
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (!strcmp(t, "bpf"))
			return 1;
	return 0;
}

void kernel_lsm_fix(const char *list, char *buf, size_t n)
{
	char copy[512];
	size_t len = 0;
	snprintf(copy, sizeof(copy), "%s", list);
	buf[0] = '\0';
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "capability") || !strcmp(t, "bpf"))
			continue;
		len += snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? "," : "", t);
	}
	snprintf(buf + (len < n ? len : n - 1), len < n ? n - len : 1, "%sbpf", len ? "," : "");
}

void kernel_lsm_problem(char *buf, size_t n)
{
	char list[512], fix[600];
	int r = kernel_lsm_list(list, sizeof(list));
	if (r == 1) {
		buf[0] = '\0';
		return;
	}
	if (r < 0) {
		snprintf(buf, n, "cannot read %s (%s): is securityfs mounted? "
			 "(mount -t securityfs securityfs /sys/kernel/security)",
			 KERNEL_LSM_FILE, strerror(errno));
		return;
	}
	kernel_lsm_fix(list, fix, sizeof(fix));
	snprintf(buf, n, "the BPF LSM is not active (active LSMs: %s), so no policy would be "
		 "enforced; add lsm=%s to the kernel command line and reboot",
		 list[0] ? list : "none", fix);
}

void kernel_release(char *buf, size_t n)
{
	struct utsname u;
	snprintf(buf, n, "%s", uname(&u) ? "unknown" : u.release);
}

/* Hooks that a later kernel split out of another one: where the kernel
 * lacks them, what they decide still comes through the older hook (POSIX
 * ACLs through inode_setxattr, inode_removexattr and inode_getxattr,
 * ftruncate through path_truncate, up to 6.1), so their programs are left
 * out instead of refusing the object. */
static bool hook_split_later(const char *hook)
{
	return !strcmp(hook, "inode_set_acl") || !strcmp(hook, "inode_remove_acl") ||
	       !strcmp(hook, "inode_get_acl") || !strcmp(hook, "file_truncate");
}

/* The first kernel with a hook: the BPF LSM came in 5.7 with every hook
 * bpfcon uses but these. */
static const char *hook_first_kernel(const char *hook)
{
	if (!strcmp(hook, "userns_create"))
		return "6.1";
	if (hook_split_later(hook))
		return "6.2";
	return "5.7";
}

/* A program for one form of a hook whose arguments changed between kernels
 * is named ...__aN, N its number of arguments: N, or -1 for any other. */
static int for_nargs(const char *name)
{
	const char *s = strstr(name, "__a");
	if (!s || s[3] < '0' || s[3] > '9' || s[4])
		return -1;
	return s[3] - '0';
}

/* The number of arguments of the kernel's function fid (bpf_lsm_HOOK). */
static int hook_nargs(const struct btf *vmlinux, int fid)
{
	const struct btf_type *f = btf__type_by_id(vmlinux, fid);
	const struct btf_type *proto = f ? btf__type_by_id(vmlinux, f->type) : NULL;
	return proto && btf_is_func_proto(proto) ? btf_vlen(proto) : -1;
}

/* What needs a hook, in the words of the policy language. */
static const char *hook_user(const char *hook)
{
	static const struct {
		const char *prefix, *what;
	} users[] = {
		{ "socket_", "net rules" },	  { "unix_", "ipc rules" },
		{ "msg_queue_", "ipc rules" },	  { "shm_", "ipc rules" },
		{ "sem_", "ipc rules" },	  { "ipc_", "ipc rules" },
		{ "task_kill", "signal rules" },  { "ptrace_", "ptrace rules" },
		{ "task_set", "proc rules" },	  { "task_movememory", "proc rules" },
		{ "capable", "capability rules" }, { "bprm_", "exec, taint and transitions" },
		{ "task_", "confinement of children" }, { "path_", "fs rules" },
		{ "file_", "fs rules" },	  { "inode_", "fs rules" },
		{ "mmap_", "fs rules" },	  { "sb_", "the always-denied mount operations" },
		{ "bpf", "the protection of loaded policies" },
		{ "userns_", "capability rules (new namespaces are always denied)" },
		{ "kernel_", "capability rules (modules and kexec are always denied)" },
		{ "key_", "capability rules (keys are always denied)" },
		{ "settime", "capability rules (the clock is always denied)" },
		{ "perf_", "capability rules (perf is always denied)" },
		{ "move_mount", "the always-denied mount operations" },
	};
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (!strncmp(hook, users[i].prefix, strlen(users[i].prefix)))
			return users[i].what;
	return "the policy's enforcement";
}

int kernel_check_lsm(const char *path)
{
	char why[900], rel[128];
	kernel_release(rel, sizeof(rel));
	kernel_lsm_problem(why, sizeof(why));
	if (why[0]) {
		rt_err("%s: %s", path, why);
		return -1;
	}
	if (access(KERNEL_BTF_FILE, R_OK)) {
		rt_err("%s: this kernel (%s) has no BTF (%s: %s), needed by every bpfcon program; "
		       "it needs a kernel built with CONFIG_DEBUG_INFO_BTF=y (Debian's since 5.10)",
		       path, rel, KERNEL_BTF_FILE, strerror(errno));
		return -1;
	}
	return 0;
}

int kernel_check_object(const char *path, struct bpf_object *obj)
{
	char rel[128];
	kernel_release(rel, sizeof(rel));
	if (kernel_check_lsm(path))
		return -1;
	struct btf *vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		rt_err("%s: cannot read the kernel's BTF (%s): %s", path, KERNEL_BTF_FILE,
		       strerror(errno));
		return -1;
	}
	int ret = 0;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);
		if (strncmp(sec, "lsm/", 4))
			continue;
		const char *hook = sec + 4;
		char fn[160];
		snprintf(fn, sizeof(fn), "bpf_lsm_%s", hook);
		int fid = btf__find_by_name_kind(vmlinux, fn, BTF_KIND_FUNC);
		int nargs = for_nargs(bpf_program__name(prog));
		if (fid >= 0 && nargs >= 0 && nargs != hook_nargs(vmlinux, fid)) {
			bpf_program__set_autoload(prog, false);	/* the other variant's kernel */
			continue;
		}
		if (fid < 0) {
			if (hook_split_later(hook)) {
				bpf_program__set_autoload(prog, false);
				continue;
			}
			rt_err("%s: this kernel (%s) has no LSM hook %s, needed by %s (program %s); "
			       "it first appears in Linux %s", path, rel, hook, hook_user(hook),
			       bpf_program__name(prog), hook_first_kernel(hook));
			ret = -1;
			break;
		}
	}
	btf__free(vmlinux);
	if (ret)
		return ret;
	if (libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_loop, NULL) == 0) {
		rt_err("%s: this kernel (%s) has no bpf_loop helper, needed by every path, "
		       "rule table and context walk; it first appears in Linux 5.17", path, rel);
		return -1;
	}
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) == 0) {
		rt_err("%s: this kernel (%s) has no task storage maps, needed to know which "
		       "process is confined; they first appear in Linux 5.11", path, rel);
		return -1;
	}
	return 0;
}
