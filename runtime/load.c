// SPDX-License-Identifier: GPL-2.0-only
/* load.c - `bpfcon load OBJ [--complain]` (also `bpfcon-load`): the
 * steps of docs/object-format.md "Loading".  Checks the object, fills in
 * .rodata.config for this machine, installs the shared dispatcher if it is
 * not there (dispatch.c), opens the object with the shared pin root, loads
 * it (keeping the verifier's log), attaches its probes, pins everything
 * under +NAME+new (the docs' .NAME.new: bpffs refuses dots), puts its LSM
 * programs into the dispatcher's slot tables and swaps the pins in for
 * NAME.  The programs of function contexts are
 * attached once per context (uprobes on the named functions of the named
 * binaries, kprobes on kernel functions), each with its context index as
 * the BPF cookie.  On any failure
 * every pin and link made so far is undone. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cmds.h"
#include "dispatch.h"
#include "kernel.h"
#include "objfile.h"
#include "pins.h"
#include "util.h"

#define KLOG_SIZE (16u << 20)	/* verifier log of the program that failed */

/* Everything libbpf says, kept to explain a failure (shown live with
 * BPFCON_VERBOSE=1). */
static char *lb_text;
static size_t lb_len, lb_cap;
static int lb_verbose;

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && lb_verbose < 2)
		return 0;
	va_list ap2;
	va_copy(ap2, ap);
	if (lb_verbose)
		vfprintf(stderr, fmt, ap2);
	va_end(ap2);
	char tmp[1024];
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	if (n < 0)
		return 0;
	if ((size_t)n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	if (lb_len + n + 1 > lb_cap) {
		lb_cap = (lb_len + n + 1) * 2;
		lb_text = xrealloc(lb_text, lb_cap);
	}
	memcpy(lb_text + lb_len, tmp, n);
	lb_len += n;
	lb_text[lb_len] = '\0';
	return 0;
}

/* The program libbpf blamed: the name in the last "prog 'NAME': failed to
 * load" line, else in the first "prog 'NAME':" line.  NULL if none. */
static struct bpf_program *blamed_program(struct bpf_object *obj)
{
	if (!lb_text)
		return NULL;
	const char *hit = NULL;
	for (const char *p = lb_text; (p = strstr(p, "prog '")); p++) {
		const char *q = strchr(p + 6, '\'');
		if (q && !strncmp(q, "': failed to load", 17))
			hit = p;
		else if (!hit)
			hit = p;
	}
	if (!hit)
		return NULL;
	const char *name = hit + 6, *end = strchr(name, '\'');
	if (!end)
		return NULL;
	char buf[256];
	snprintf(buf, sizeof(buf), "%.*s", (int)(end - name), name);
	return bpf_object__find_program_by_name(obj, buf);
}

static const char *hook_of(const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog);
	const char *slash = strchr(sec, '/');
	return slash ? slash + 1 : sec;
}

/* An LSM program: loaded for its hook, called by the dispatcher. */
static bool is_lsm_prog(const struct bpf_program *prog)
{
	return !strncmp(bpf_program__section_name(prog), "lsm/", 4);
}

static bool is_enter_prog(const struct bpf_program *prog)
{
	return !strcmp(bpf_program__name(prog), "bpfcon_enter");
}

/* The programs of bpfcon_func.h attached once per function context of
 * their kind (meta "ctx I ..."), with the context index as the cookie. */
static const struct ctx_prog {
	const char *name;
	int kfunc;
	bool retprobe;
} ctx_progs[] = {
	{ "bpfcon_func_entry", 0, false },
	{ "bpfcon_func_exit", 0, true },
	{ "bpfcon_kfunc_entry", 1, false },
	{ "bpfcon_kfunc_exit", 1, true },
};

static const struct ctx_prog *ctx_prog_of(const struct bpf_program *prog)
{
	for (size_t i = 0; i < sizeof(ctx_progs) / sizeof(ctx_progs[0]); i++)
		if (!strcmp(bpf_program__name(prog), ctx_progs[i].name))
			return &ctx_progs[i];
	return NULL;
}

/* Attaches PROG (a ctx_prog CP) for context C; NULL with errno and a
 * message naming the context on failure. */
static struct bpf_link *attach_ctx(const char *path, const struct meta *m,
				   struct bpf_program *prog, const struct ctx_prog *cp,
				   const struct meta_ctx *c)
{
	struct bpf_link *link;
	const char *src = m->source && *m->source ? m->source : path;
	if (c->kfunc) {
		LIBBPF_OPTS(bpf_kprobe_opts, ko, .bpf_cookie = (__u64)c->idx,
			    .retprobe = cp->retprobe);
		link = bpf_program__attach_kprobe_opts(prog, c->func, &ko);
		if (!link) {
			int e = errno;
			rt_err("%s: cannot attach a %s to kernel function %s for #[kfunc \"%s\"] "
			       "(policy %s, \"ctx %ld kfunc %s\"): %s%s", path,
			       cp->retprobe ? "kretprobe" : "kprobe", c->func, c->func, src, c->idx,
			       c->func, strerror(e),
			       e == ENOENT || e == EINVAL ? " (no such kernel function, or it cannot be probed)" : "");
			errno = e;
		}
		return link;
	}
	struct stat st;
	if (stat(c->binary, &st)) {
		int e = errno;
		rt_err("%s: binary %s of #[func \"%s\"] (policy %s, \"ctx %ld func %s %s\"): %s",
		       path, c->binary, c->func, src, c->idx, c->func, c->binary, strerror(e));
		errno = e;
		return NULL;
	}
	LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = c->func, .bpf_cookie = (__u64)c->idx,
		    .retprobe = cp->retprobe);
	link = bpf_program__attach_uprobe_opts(prog, -1, c->binary, 0, &uo);
	if (!link) {
		int e = errno;
		rt_err("%s: cannot attach a %s to function %s in %s for #[func \"%s\"] "
		       "(policy %s, \"ctx %ld func %s %s\"): %s%s", path,
		       cp->retprobe ? "uretprobe" : "uprobe", c->func, c->binary, c->func, src,
		       c->idx, c->func, c->binary, strerror(e),
		       e == ENOENT ? " (the binary has no such function in its symbol table)" : "");
		errno = e;
	}
	return link;
}

/* Prints the last lines of a log, indented; all of it when verbose. */
static void print_log_tail(const char *log, int max_lines)
{
	size_t len = strlen(log);
	while (len && log[len - 1] == '\n')
		len--;
	const char *start = log;
	int lines = 0;
	for (size_t i = len; i > 0; i--) {
		if (log[i - 1] == '\n' && ++lines == max_lines && !lb_verbose) {
			start = log + i;
			break;
		}
	}
	if (start != log)
		fprintf(stderr, "  ... (earlier lines: run with BPFCON_VERBOSE=1)\n");
	for (const char *p = start; p < log + len;) {
		const char *nl = memchr(p, '\n', log + len - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(log + len - p);
		fprintf(stderr, "  %.*s\n", (int)n, p);
		p += n + 1;
	}
}

static void report_load_failure(const char *path, struct bpf_object *obj, int err,
				const char *klog)
{
	struct bpf_program *prog = blamed_program(obj);
	if (prog)
		rt_err("%s: program %s (hook %s, section %s) was rejected: %s", path,
		       bpf_program__name(prog), hook_of(prog), bpf_program__section_name(prog),
		       strerror(-err));
	else
		rt_err("%s: cannot load the object: %s", path, strerror(-err));
	if (klog && klog[0]) {
		fprintf(stderr, "verifier log:\n");
		print_log_tail(klog, 30);
	} else if (lb_text && lb_text[0] && !lb_verbose) {
		fprintf(stderr, "libbpf said:\n");
		print_log_tail(lb_text, 30);
	}
	if (err != -EPERM && err != -EACCES)
		return;
	if (geteuid() != 0) {
		fprintf(stderr, "%s: loading a policy needs root\n", rt_prog);
		return;
	}
	/* Root and refused without a verifier log: usually no BPF LSM. */
	char lsms[512] = "";
	FILE *f = fopen("/sys/kernel/security/lsm", "r");
	if (f) {
		if (!fgets(lsms, sizeof(lsms), f))
			lsms[0] = '\0';
		fclose(f);
	}
	bool has_bpf = false;
	char active[512];
	snprintf(active, sizeof(active), "%s", lsms);
	active[strcspn(active, "\n")] = '\0';
	for (char *t = strtok(lsms, ",\n"); t; t = strtok(NULL, ",\n"))
		has_bpf |= !strcmp(t, "bpf");
	if (prog && !strncmp(bpf_program__section_name(prog), "lsm", 3) && !has_bpf)
		fprintf(stderr, "%s: the BPF LSM is not active on this kernel%s%s%s "
			"(boot with lsm=...,bpf)\n", rt_prog, active[0] ? " (active: " : "",
			active, active[0] ? ")" : "");
}

/* Step 2: what only this machine knows. */
static int fill_config(struct bpfcon_config *cfg, const struct meta *m, bool complain)
{
	for (size_t i = 0; i < m->nmounts; i++) {
		struct stat st;
		if (stat(m->mounts[i], &st)) {
			rt_warn("mount point %s: %s; its filesystem rules match nothing here",
				m->mounts[i], strerror(errno));
			cfg->mount_dev[i] = 0;
			continue;
		}
		cfg->mount_dev[i] = major(st.st_dev) << 20 | minor(st.st_dev);
	}
	cfg->cmd_dev = 0;
	cfg->cmd_ino = 0;
	if (m->command && *m->command) {
		struct stat st;
		if (stat(m->command, &st) == 0) {
			cfg->cmd_dev = major(st.st_dev) << 20 | minor(st.st_dev);
			cfg->cmd_ino = st.st_ino;
		} else {
			rt_warn("command %s: %s; only `bpfcon run %s -- CMD` enters this policy",
				m->command, strerror(errno), m->name);
		}
	}
	if (complain)
		cfg->complain = 1;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	cfg->loaded_ns = (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	return 0;
}

struct attached {
	struct bpf_program *prog;
	struct bpf_link *link;
	int ctx;		/* function context of the link, -1: none */
};

static int pin_map(struct bpf_object *obj, const char *map_name, const char *dir,
		   const char *pin)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, map_name);
	if (!map) {
		rt_err("the object has no map %s", map_name);
		return -1;
	}
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, pin);
	if (bpf_obj_pin(bpf_map__fd(map), path)) {
		rt_err("cannot pin map %s at %s: %s", map_name, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Step 4: +NAME+new holds everything; NAME is renamed away, .NAME.new
 * takes its place, then the old pins are removed (their links detach).
 * The new links were attached before, so there is no gap; doing the
 * rename first (rather than removing NAME first) lets a failed rename
 * put the old version back. */
static int swap_in(const char *name, const char *newdir)
{
	char cur[PATH_MAX], old[PATH_MAX];
	snprintf(cur, sizeof(cur), "%s/%s", BPFCON_PIN_ROOT, name);
	snprintf(old, sizeof(old), PIN_OLD, BPFCON_PIN_ROOT, name);
	pins_rmtree(old);
	bool had_old = access(cur, F_OK) == 0;
	if (had_old && rename(cur, old)) {
		rt_err("cannot move %s aside: %s", cur, strerror(errno));
		return -1;
	}
	if (rename(newdir, cur)) {
		rt_err("cannot rename %s to %s: %s", newdir, cur, strerror(errno));
		if (had_old && rename(old, cur))
			rt_err("cannot put %s back: %s (the old version stays enforced from %s)",
			       cur, strerror(errno), old);
		return -1;
	}
	if (had_old) {
		int r = pins_rmtree(old);
		if (r)
			rt_warn("cannot remove the old version's pins %s: %s; it stays attached "
				"until they are removed", old, strerror(-r));
	}
	return 0;
}

/* The uprobe's file: the `bpfcon` executable, which is what `bpfcon run`
 * runs.  Uprobes sit on an inode, so when this is a copy of bpfcon under
 * another name (bpfcon-load copied rather than linked) the `bpfcon` beside
 * it is the target; otherwise this executable itself. */
static int enter_target(char *buf, size_t n)
{
	char self[PATH_MAX], sib[PATH_MAX + 16], real[PATH_MAX];
	if (!realpath("/proc/self/exe", self)) {
		rt_err("cannot resolve /proc/self/exe: %s", strerror(errno));
		return -1;
	}
	const char *slash = strrchr(self, '/');
	snprintf(buf, n, "%s", self);
	if (!slash || !strcmp(slash + 1, "bpfcon"))
		return 0;
	snprintf(sib, sizeof(sib), "%.*s/bpfcon", (int)(slash - self), self);
	struct stat st;
	if (stat(sib, &st) == 0 && S_ISREG(st.st_mode) && realpath(sib, real))
		snprintf(buf, n, "%s", real);
	return 0;
}

/* The verifier's figures for one loaded program: processed instructions
 * (the kernel's limit is 1,000,000), peak states, the time the verifier
 * took and the stack depth of each of its functions, from its stats log. */
#define STATS_LOG_SIZE 4096

struct prog_stats {
	char log[STATS_LOG_SIZE];
};

/* The number after KEY in a stats log, or -1 if KEY is not there. */
static long log_number(const char *log, const char *key)
{
	const char *p = strstr(log, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static void print_verifier_stats(struct bpf_object *obj, struct prog_stats *st)
{
	char rel[128];
	kernel_release(rel, sizeof(rel));
	printf("verifier stats (kernel %s; limit 1000000 processed instructions a program):\n", rel);
	printf("  %-32s %-28s %10s %11s %8s %8s  %s\n", "program", "hook", "insns", "processed", "peak",
	       "ms", "stack (bytes of each function: main+called..., 512 a chain)");
	size_t i = 0;
	long total_processed = 0, total_us = 0;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__autoload(prog)) {
			i++;
			continue;	/* left out: a hook this kernel lacks */
		}
		long processed = log_number(st[i].log, "processed ");
		long peak = log_number(st[i].log, "peak_states ");
		long us = log_number(st[i].log, "verification time ");
		char stack[96] = "-";
		const char *p = strstr(st[i].log, "stack depth ");
		if (p)
			sscanf(p + 12, "%95[0-9+]", stack);
		printf("  %-32s %-28s %10zu %11ld %8ld %8.1f  %s\n", bpf_program__name(prog), hook_of(prog),
		       bpf_program__insn_cnt(prog), processed, peak, us / 1000.0, stack);
		total_processed += processed > 0 ? processed : 0;
		total_us += us > 0 ? us : 0;
		i++;
	}
	printf("  %-32s %-28s %10s %11ld %8s %8.1f\n", "(all programs)", "", "", total_processed, "",
	       total_us / 1000.0);
}

int cmd_load(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "complain", no_argument, NULL, 'c' },
		{ "verifier-stats", no_argument, NULL, 's' },
		{ "verify-only", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool complain = false, stats = false, verify_only = false;
	int c;
	optind = 0;
	while ((c = rt_getopt(argc, argv, "h", opts, "load")) != -1) {
		switch (c) {
		case 'c': complain = true; break;
		case 's': stats = true; break;
		case 'v': verify_only = stats = true; break;
		case 'h': return help_load();
		default: return RT_USAGE;
		}
	}
	if (optind == argc)
		return rt_usage("load: missing OBJ");
	if (argc - optind > 1)
		return rt_usage("load: one object at a time ('%s' and '%s')", argv[optind],
				argv[optind + 1]);
	const char *path = argv[optind];

	/* Step 1. */
	struct objfile of;
	if (objfile_read(path, &of))
		return RT_FAIL;
	if (!rt_valid_name(of.meta.name)) {
		rt_err("%s: policy name \"%s\" cannot be a pin name (bpffs refuses '.', and '/' "
		       "and '+' are not allowed)", path, of.meta.name);
		objfile_free(&of);
		return RT_FAIL;
	}
	const char *env = getenv("BPFCON_VERBOSE");
	lb_verbose = env && *env ? atoi(env) > 1 ? 2 : 1 : 0;
	libbpf_set_print(capture_print);

	int ret = RT_FAIL, lockfd = -1;
	struct bpf_object *obj = NULL;
	struct attached *att = NULL;
	struct prog_stats *pstats = NULL;
	size_t natt = 0, nprogs = 0;
	char *klog = xcalloc(1, KLOG_SIZE);
	char newdir[PATH_MAX], tasks_pin[PATH_MAX], exe[PATH_MAX];
	bool tasks_existed = true, newdir_made = false, put_done = false;
	struct dispatch_put put = { 0 };
	const char *name = of.meta.name;
	snprintf(newdir, sizeof(newdir), PIN_NEW, BPFCON_PIN_ROOT, name);
	snprintf(tasks_pin, sizeof(tasks_pin), "%s/%s", BPFCON_PIN_ROOT, BPFCON_TASKS_MAP);

	/* No BPF LSM, no BTF: said in one line, before libbpf says anything. */
	if (kernel_check_lsm(path))
		goto out;
	if (enter_target(exe, sizeof(exe)))
		goto out;
	if (pins_prepare())
		goto out;
	/* The kernel's verification, most of a load, runs under a shared lock:
	 * loads go side by side, and an unload, which may remove the
	 * dispatcher, waits.  Installing the dispatcher takes the exclusive
	 * lock, and turning it into a shared one lets go of it for a moment:
	 * an unload of the last policy may remove the dispatcher then, so
	 * check again. */
	if ((lockfd = pins_lock_shared()) < 0)
		goto out;
	for (int tries = 0; !verify_only && dispatch_installed_abi() != BPFCON_ABI_VERSION;
	     tries++) {
		if (tries == 3) {
			rt_err("the dispatcher keeps being removed (bpfcon unload running at the "
			       "same time?); load %s again", name);
			goto out;
		}
		if (pins_relock(lockfd, LOCK_EX) || dispatch_ensure() ||
		    pins_relock(lockfd, LOCK_SH))
			goto out;
	}
	tasks_existed = access(tasks_pin, F_OK) == 0;

	/* Step 3: open with the shared pin root. */
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = BPFCON_PIN_ROOT,
		    .kernel_log_buf = klog, .kernel_log_size = KLOG_SIZE,
		    .kernel_log_level = 0);
	obj = bpf_object__open_file(path, &oo);
	if (!obj) {
		rt_err("%s: libbpf cannot open it: %s", path, strerror(errno));
		if (lb_text)
			print_log_tail(lb_text, 10);
		goto out;
	}

	/* Step 2: fill in .rodata.config. */
	struct bpf_map *cmap = bpf_object__find_map_by_name(obj, BPFCON_CONFIG_SEC);
	size_t csize = 0;
	/* libbpf 1.1 returns a const pointer, but it is the map's writable
	 * image until load (what skeletons write .rodata through). */
	struct bpfcon_config *cfg =
		cmap ? (struct bpfcon_config *)bpf_map__initial_value(cmap, &csize) : NULL;
	if (!cfg || csize < sizeof(*cfg)) {
		rt_err("%s: libbpf has no map %s of %zu bytes", path, BPFCON_CONFIG_SEC,
		       sizeof(*cfg));
		goto out;
	}
	fill_config(cfg, &of.meta, complain);
	bool complaining = cfg->complain;
	__u64 cfg_id = cfg->policy_id, cfg_cmd_ino = cfg->cmd_ino;
	__u32 cfg_cmd_dev = cfg->cmd_dev;

	/* What the kernel lacks is said in one line, before it is asked. */
	if (kernel_check_object(path, obj))
		goto out;

	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj)
		nprogs++;
	if (stats) {
		pstats = xcalloc(nprogs ? nprogs : 1, sizeof(*pstats));
		size_t i = 0;
		bpf_object__for_each_program(prog, obj) {
			bpf_program__set_log_buf(prog, pstats[i].log, STATS_LOG_SIZE);
			bpf_program__set_log_level(prog, 4);	/* BPF_LOG_STATS */
			i++;
		}
	}
	if (!verify_only && dispatch_pin_paths(obj))
		goto out;
	if (verify_only) {
		/* Nothing is pinned or shared: the object's maps are its own. */
		struct bpf_map *map;
		bpf_object__for_each_map(map, obj)
			bpf_map__set_pin_path(map, NULL);
	}
	int err = bpf_object__load(obj);
	if (err) {
		report_load_failure(path, obj, err, klog);
		if (stats) {
			size_t i = 0;
			bpf_object__for_each_program(prog, obj) {
				if (pstats[i].log[0])
					fprintf(stderr, "%s: %s", bpf_program__name(prog), pstats[i].log);
				i++;
			}
		}
		goto out;
	}
	if (stats)
		print_verifier_stats(obj, pstats);
	/* The mode in force starts as the policy's (or --complain), before
	 * any program is attached. */
	struct bpf_map *smap = bpf_object__find_map_by_name(obj, "state");
	if (smap) {
		__u32 k = BPFCON_STATE_COMPLAIN;
		__u64 v = complaining;
		if (bpf_map_update_elem(bpf_map__fd(smap), &k, &v, BPF_ANY)) {
			rt_err("%s: cannot set the mode in map state: %s", path, strerror(errno));
			goto out;
		}
	}
	if (verify_only) {
		printf("verified %s (%zu programs; nothing attached)\n", name, nprogs);
		ret = RT_OK;
		goto out;
	}

	/* From here on, changes: under the exclusive lock again, with the
	 * dispatcher the object was loaded against (not one installed anew
	 * after an unload removed it in the moment the lock was let go). */
	if (pins_relock(lockfd, LOCK_EX))
		goto out;
	if (!dispatch_is_current(obj)) {
		rt_err("%s: the dispatcher was removed while it was being loaded (bpfcon unload "
		       "of the last policy at the same time); load it again", path);
		goto out;
	}

	/* Attach the probes: the function-context ones once per context of
	 * their kind, the others once.  The LSM programs are the dispatcher's
	 * to call (below). */
	att = xcalloc(nprogs + 2 * of.meta.nctx, sizeof(*att));
	size_t nlsm = 0;
	bpf_object__for_each_program(prog, obj) {
		struct bpf_link *link;
		if (is_lsm_prog(prog)) {
			nlsm++;
			continue;
		}
		const struct ctx_prog *cp = ctx_prog_of(prog);
		if (cp) {
			for (size_t i = 0; i < of.meta.nctx; i++) {
				const struct meta_ctx *c = &of.meta.ctxs[i];
				if (c->kfunc != cp->kfunc)
					continue;
				if (!(link = attach_ctx(path, &of.meta, prog, cp, c)))
					goto out;
				att[natt++] = (struct attached){ prog, link, (int)c->idx };
			}
			continue;
		}
		if (is_enter_prog(prog)) {
			LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = BPFCON_ENTER_FUNC,
				    .retprobe = false);
			link = bpf_program__attach_uprobe_opts(prog, -1, exe, 0, &uo);
		} else {
			link = bpf_program__attach(prog);
		}
		if (!link) {
			int e = errno;
			rt_err("%s: cannot attach program %s (hook %s): %s", path,
			       bpf_program__name(prog), hook_of(prog), strerror(e));
			if (is_enter_prog(prog))
				fprintf(stderr, "  (uprobe on %s in %s)\n", BPFCON_ENTER_FUNC, exe);
			goto out;
		}
		att[natt++] = (struct attached){ prog, link, -1 };
	}

	/* Step 4: pin under +NAME+new, then swap. */
	int r = pins_rmtree(newdir);	/* left over by a crash */
	if (r) {
		rt_err("cannot remove stale %s: %s", newdir, strerror(-r));
		goto out;
	}
	if (mkdir(newdir, 0700)) {
		rt_err("%s: %s", newdir, strerror(errno));
		goto out;
	}
	newdir_made = true;
	if (pin_map(obj, BPFCON_CONFIG_SEC, newdir, "config") ||
	    pin_map(obj, BPFCON_META_SEC, newdir, "meta") ||
	    pin_map(obj, "events", newdir, "events") || pin_map(obj, "lost", newdir, "lost") ||
	    (smap && pin_map(obj, "state", newdir, "state")))
		goto out;
	for (size_t i = 0; i < natt; i++) {
		/* link-PROG, or link-PROG-I for context I */
		char lp[PATH_MAX], sfx[24] = "";
		if (att[i].ctx >= 0)
			snprintf(sfx, sizeof(sfx), "-%d", att[i].ctx);
		if (snprintf(lp, sizeof(lp), "%s/" PIN_LINK "%s%s", newdir,
			     bpf_program__name(att[i].prog), sfx) >= (int)sizeof(lp) ||
		    bpf_link__pin(att[i].link, lp)) {
			rt_err("cannot pin link of %s at %s: %s", bpf_program__name(att[i].prog),
			       lp, strerror(errno));
			goto out;
		}
	}
	/* Live: the LSM programs into the policy's slot, then the pins. */
	if (dispatch_put(path, obj, cfg_id, cfg_cmd_dev, cfg_cmd_ino, &put))
		goto out;
	put_done = true;
	if (swap_in(name, newdir)) {
		dispatch_undo(&put);
		goto out;
	}
	newdir_made = false;
	printf("loaded %s (%ld rules, %zu programs, %s)\n", name,
	       of.meta.nrules_decl >= 0 ? of.meta.nrules_decl : (long)of.meta.nrules,
	       natt + nlsm, complaining ? "complain" : "enforce");
	ret = RT_OK;
out:
	/* Our own references first (links, the object's programs), so that
	 * removing the pins on failure really detaches, without waiting. */
	for (size_t i = 0; i < natt; i++) {
		if (ret == RT_OK)
			bpf_link__disconnect(att[i].link);
		bpf_link__destroy(att[i].link);
	}
	if (put_done)
		dispatch_put_free(&put);
	free(att);
	free(pstats);
	bpf_object__close(obj);
	if (ret != RT_OK) {
		if (newdir_made)
			pins_rmtree(newdir);
		if (!tasks_existed)
			unlink(tasks_pin);
		if (!verify_only && lockfd >= 0 && !pins_relock(lockfd, LOCK_EX))
			dispatch_retire_if_unused();	/* installed for this load only */
	}
	if (lockfd >= 0)
		close(lockfd);
	free(klog);
	free(lb_text);
	lb_text = NULL;
	objfile_free(&of);
	return ret;
}
