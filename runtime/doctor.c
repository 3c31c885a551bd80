// SPDX-License-Identifier: GPL-2.0-only
/* doctor.c - `bpfcon doctor`: checks what enforcement needs on this
 * machine (the kernel, BTF, the BPF LSM in the active LSM list, bpffs,
 * the pin folder, the helpers and maps the programs use) and prints one
 * line for each, with the fix for what is missing.  Exit 0 when all is in
 * place, 1 otherwise. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "cmds.h"
#include "dispatch.h"
#include "kernel.h"
#include "pins.h"
#include "util.h"

#define BPF_FS_MAGIC_K 0xcafe4a11

static int failures;

static void line(bool ok, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void line(bool ok, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%-4s %-12s ", ok ? "ok" : "FAIL", what);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	if (!ok)
		failures++;
}

/* Linux MAJOR.MINOR of a release string; 0 if unparsable. */
static int release_code(const char *rel)
{
	int maj = 0, min = 0;
	if (sscanf(rel, "%d.%d", &maj, &min) != 2)
		return 0;
	return maj * 1000 + min;
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int cmd_doctor(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs("Usage: bpfcon doctor\n"
			      "Checks what enforcement needs on this machine and prints one line\n"
			      "for each piece, with the fix for what is missing.\n"
			      "Exit status: 0 everything is in place, 1 something is missing,\n"
			      "2 usage error.\n", stdout);
			return RT_OK;
		}
		return rt_usage("doctor: unexpected argument '%s'", argv[i]);
	}
	libbpf_set_print(silent_print);
	failures = 0;

	char rel[128];
	kernel_release(rel, sizeof(rel));
	int code = release_code(rel);
	line(code >= 5017, "kernel", "Linux %s%s", rel,
	     code >= 5017 ? "" : ": bpfcon needs 5.17 or later (bpf_loop); tested on 6.1 and 6.12");

	bool btf = access(KERNEL_BTF_FILE, R_OK) == 0;
	line(btf, "btf", "%s%s", KERNEL_BTF_FILE,
	     btf ? "" : ": missing; a kernel built with CONFIG_DEBUG_INFO_BTF=y is needed");

	char list[512], fix[600];
	int r = kernel_lsm_list(list, sizeof(list));
	if (r == 1) {
		line(true, "bpf-lsm", "bpf is in the active LSM list (%s)", list);
	} else if (r == 0) {
		kernel_lsm_fix(list, fix, sizeof(fix));
		line(false, "bpf-lsm", "bpf is not in the active LSM list (%s): nothing would be "
		     "enforced; fix: add lsm=%s to the kernel command line (e.g. "
		     "GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub) and reboot",
		     list[0] ? list : "none", fix);
	} else {
		line(false, "bpf-lsm", "cannot read %s (%s); fix: mount -t securityfs securityfs "
		     "/sys/kernel/security", KERNEL_LSM_FILE, strerror(errno));
	}

	struct statfs sf;
	bool bpffs = statfs("/sys/fs/bpf", &sf) == 0 && (unsigned long)sf.f_type == BPF_FS_MAGIC_K;
	line(bpffs, "bpffs", "/sys/fs/bpf%s", bpffs ? " is a bpf filesystem" :
	     ": no bpf filesystem there; fix: mount -t bpf bpf /sys/fs/bpf");

	struct stat st;
	if (stat(BPFCON_PIN_ROOT, &st) == 0)
		line(S_ISDIR(st.st_mode) && st.st_uid == 0 && !(st.st_mode & 077), "pins",
		     "%s%s", BPFCON_PIN_ROOT, S_ISDIR(st.st_mode) && st.st_uid == 0 &&
		     !(st.st_mode & 077) ? " (root's, mode 0700)" :
		     ": not a folder owned by root with mode 0700; fix: bpfcon unload each "
		     "policy, remove it, and load them again");
	else
		line(true, "pins", "%s: not made yet (the first bpfcon-load makes it)",
		     BPFCON_PIN_ROOT);

	if (geteuid() != 0) {
		line(false, "helpers", "not checked: run bpfcon doctor as root");
	} else {
		bool loop = libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_loop, NULL) == 1;
		bool tstore = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) == 1;
		line(loop && tstore, "helpers", "bpf_loop %s, task storage %s",
		     loop ? "yes" : "NO (Linux 5.17+)", tstore ? "yes" : "NO (Linux 5.11+)");
	}

	char **names = pins_policies();
	size_t n = 0;
	if (names) {
		for (char **p = names; *p; p++)
			n++;
		printf("%-4s %-12s %zu loaded", "ok", "policies", n);
		for (char **p = names; *p; p++)
			printf("%s%s", p == names ? ": " : ", ", *p);
		putchar('\n');
		pins_free_names(names);
	} else {
		printf("%-4s %-12s none loaded\n", "ok", "policies");
	}
	/* The dispatcher: there with the first policy, of this version. */
	__u32 abi = dispatch_installed_abi();
	if (!abi)
		line(n == 0, "dispatcher", "%s", n == 0 ? "not installed (the first bpfcon-load "
		     "installs it)" : "MISSING while policies are loaded: nothing of theirs is "
		     "enforced; fix: load each policy again (bpfcon apply)");
	else if (abi == BPFCON_ABI_VERSION)
		line(true, "dispatcher", "installed, version %u (%s/%s)", abi, BPFCON_PIN_ROOT,
		     BPFCON_DISPATCH_DIR);
	else
		line(false, "dispatcher", "version %u installed, this bpfcon needs %u; fix: bpfcon "
		     "unload every policy, then load them again", abi, BPFCON_ABI_VERSION);
	if (failures)
		printf("bpfcon doctor: %d problem%s: policies would not be enforced here\n", failures,
		       failures == 1 ? "" : "s");
	else
		printf("bpfcon doctor: everything enforcement needs is in place\n");
	return failures ? RT_FAIL : RT_OK;
}
