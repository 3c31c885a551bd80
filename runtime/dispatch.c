// SPDX-License-Identifier: GPL-2.0-only
/* dispatch.c - the shared dispatcher from user space (dispatch.h): its
 * installation from the skeleton built into this executable, its version
 * check, and the slot of each policy in its per-hook slot tables. */
#include "dispatch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfcon_abi.h"
#include "bpfcon_dispatch.skel.h"
#include "kernel.h"
#include "pins.h"
#include "util.h"

#define DISPATCH_PATH BPFCON_PIN_ROOT "/" BPFCON_DISPATCH_DIR
#define DISPATCH_NEW BPFCON_PIN_ROOT "/" BPFCON_DISPATCH_DIR "+new"
#define TABLES_PATH BPFCON_PIN_ROOT "/" BPFCON_TABLES_DIR

struct cmd_key {
	__u64 dev;
	__u64 ino;
};

/* The dispatcher's own maps (the slot map, the command map, the slot
 * tables), in the tables folder. */
static bool is_table(const char *name)
{
	return !strncmp(name, BPFCON_JT_PREFIX, strlen(BPFCON_JT_PREFIX)) ||
	       !strcmp(name, BPFCON_SLOTS_MAP) || !strcmp(name, BPFCON_CMDS_MAP);
}

int dispatch_pin_paths(struct bpf_object *obj)
{
	struct bpf_map *map;
	bpf_object__for_each_map(map, obj) {
		if (!is_table(bpf_map__name(map)))
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", TABLES_PATH, bpf_map__name(map));
		if (bpf_map__set_pin_path(map, path)) {
			rt_err("map %s: cannot pin it at %s", bpf_map__name(map), path);
			return -1;
		}
	}
	return 0;
}

static int root_obj(const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", TABLES_PATH, name);
	return bpf_obj_get(path);
}

__u32 dispatch_installed_abi(void)
{
	int fd = bpf_obj_get(DISPATCH_PATH "/abi");
	if (fd < 0)
		return 0;
	__u32 k = 0, v = 0;
	if (bpf_map_lookup_elem(fd, &k, &v))
		v = 0;
	close(fd);
	return v;
}

/* The id of the map behind fd, 0 if none. */
static __u32 map_id(int fd)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	return fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len) ? info.id : 0;
}

bool dispatch_is_current(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, BPFCON_SLOTS_MAP);
	int fd = root_obj(BPFCON_SLOTS_MAP);
	__u32 pinned = map_id(fd);
	if (fd >= 0)
		close(fd);
	return m && pinned && map_id(bpf_map__fd(m)) == pinned;
}

static const char *hook_of_sec(const char *sec)
{
	return strncmp(sec, "lsm/", 4) ? NULL : sec + 4;
}

/* Loads, attaches and pins the dispatcher under +dispatch+new, then
 * renames that to +dispatch.  The slot tables and shared maps are pinned
 * by name in PIN_ROOT (reused if they are there). */
static int install(void)
{
	int ret = -1;
	struct bpfcon_dispatch *skel = NULL;
	struct bpf_link **links = NULL;
	size_t nlinks = 0;
	bool made = false;

	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = BPFCON_PIN_ROOT);
	skel = bpfcon_dispatch__open_opts(&oo);
	if (!skel) {
		rt_err("cannot open the dispatcher: %s", strerror(errno));
		return -1;
	}
	if (kernel_check_object("the dispatcher", skel->obj) || dispatch_pin_paths(skel->obj))
		goto out;
	int err = bpfcon_dispatch__load(skel);
	if (err) {
		rt_err("cannot load the dispatcher: %s (BPFCON_VERBOSE=1 shows libbpf's log)",
		       strerror(-err));
		goto out;
	}
	__u32 k = 0, v = BPFCON_ABI_VERSION;
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.abi), &k, &v, BPF_ANY)) {
		rt_err("cannot set the dispatcher's version: %s", strerror(errno));
		goto out;
	}
	pins_rmtree(DISPATCH_NEW);
	if (mkdir(DISPATCH_NEW, 0700)) {
		rt_err("%s: %s", DISPATCH_NEW, strerror(errno));
		goto out;
	}
	made = true;
	if (bpf_obj_pin(bpf_map__fd(skel->maps.abi), DISPATCH_NEW "/abi")) {
		rt_err("cannot pin %s/abi: %s", DISPATCH_NEW, strerror(errno));
		goto out;
	}
	struct bpf_program *prog;
	size_t nprogs = 0;
	bpf_object__for_each_program(prog, skel->obj)
		nprogs++;
	links = xcalloc(nprogs ? nprogs : 1, sizeof(*links));
	bpf_object__for_each_program(prog, skel->obj) {
		const char *hook = hook_of_sec(bpf_program__section_name(prog));
		if (!bpf_program__autoload(prog))
			continue;	/* a hook this kernel lacks (kernel_check_object) */
		struct bpf_link *link = bpf_program__attach(prog);
		if (!link) {
			rt_err("cannot attach the dispatcher's program for hook %s: %s",
			       hook ? hook : bpf_program__section_name(prog), strerror(errno));
			goto out;
		}
		links[nlinks++] = link;
		char lp[PATH_MAX];
		snprintf(lp, sizeof(lp), "%s/" PIN_LINK "%s", DISPATCH_NEW, hook ? hook : "?");
		if (bpf_link__pin(link, lp)) {
			rt_err("cannot pin %s: %s", lp, strerror(errno));
			goto out;
		}
	}
	if (rename(DISPATCH_NEW, DISPATCH_PATH)) {
		rt_err("cannot rename %s to %s: %s", DISPATCH_NEW, DISPATCH_PATH, strerror(errno));
		goto out;
	}
	made = false;
	ret = 0;
out:
	if (made)
		pins_rmtree(DISPATCH_NEW);
	for (size_t i = 0; i < nlinks; i++) {
		if (ret == 0)
			bpf_link__disconnect(links[i]);
		bpf_link__destroy(links[i]);
	}
	free(links);
	bpfcon_dispatch__destroy(skel);
	return ret;
}

int dispatch_ensure(void)
{
	__u32 abi = dispatch_installed_abi();
	if (abi == BPFCON_ABI_VERSION)
		return 0;
	if (abi) {
		rt_err("the installed dispatcher is version %u, this bpfcon's is %u: unload every "
		       "policy (bpfcon unload NAME) and load them again", abi, BPFCON_ABI_VERSION);
		return -1;
	}
	struct stat st;
	if (stat(DISPATCH_PATH, &st) == 0) {
		/* a dispatcher directory without its version: left by a crash */
		pins_rmtree(DISPATCH_PATH);
	}
	return install();
}

/* The hooks that have a slot table (+tables/bpfcon_jt_HOOK). */
static int list_tables(char (**out)[64])
{
	DIR *d = opendir(TABLES_PATH);
	if (!d)
		return -1;
	int n = 0;
	char (*h)[64] = NULL;
	struct dirent *e;
	size_t plen = strlen(BPFCON_JT_PREFIX);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, BPFCON_JT_PREFIX, plen) || strlen(e->d_name + plen) >= 64)
			continue;
		h = xrealloc(h, (n + 1) * sizeof(*h));
		snprintf(h[n++], 64, "%s", e->d_name + plen);
	}
	closedir(d);
	*out = h;
	return n;
}

static int table_fd(const char *hook)
{
	char name[128];
	snprintf(name, sizeof(name), BPFCON_JT_PREFIX "%s", hook);
	return root_obj(name);
}

/* The program id in slot of hook's table; 0: empty or unreadable. */
static __u32 slot_prog(const char *hook, __u32 slot)
{
	int fd = table_fd(hook);
	__u32 id = 0;
	if (fd >= 0) {
		if (bpf_map_lookup_elem(fd, &slot, &id))
			id = 0;
		close(fd);
	}
	return id;
}

/* Sets slot of hook's table to program fd PROG (-1: empties it). */
static int set_slot(const char *hook, __u32 slot, int prog)
{
	int fd = table_fd(hook);
	if (fd < 0)
		return -errno;
	int r = prog >= 0 ? bpf_map_update_elem(fd, &slot, &prog, BPF_ANY)
			  : bpf_map_delete_elem(fd, &slot);
	int e = errno;
	close(fd);
	if (r && prog < 0 && e == ENOENT)
		return 0;
	return r ? -e : 0;
}

/* The lowest slot no loaded policy has; -1 if all are taken. */
static long free_slot(int slots_fd)
{
	static unsigned char used[BPFCON_MAX_POLICIES];
	memset(used, 0, sizeof(used));
	__u64 key, next;
	__u64 *prev = NULL;
	while (bpf_map_get_next_key(slots_fd, prev, &next) == 0) {
		__u32 s;
		if (bpf_map_lookup_elem(slots_fd, &next, &s) == 0 && s < BPFCON_MAX_POLICIES)
			used[s] = 1;
		key = next;
		prev = &key;
	}
	for (long i = 0; i < BPFCON_MAX_POLICIES; i++)
		if (!used[i])
			return i;
	return -1;
}

/* Removes every command entry of policy id but KEEP (NULL: all). */
static void forget_commands(int cmds_fd, __u64 id, const struct cmd_key *keep)
{
	struct cmd_key key, next, *prev = NULL;
	struct cmd_key *gone = NULL;
	size_t n = 0;
	while (bpf_map_get_next_key(cmds_fd, prev, &next) == 0) {
		__u64 v;
		if (bpf_map_lookup_elem(cmds_fd, &next, &v) == 0 && v == id &&
		    !(keep && !memcmp(keep, &next, sizeof(next)))) {
			gone = xrealloc(gone, (n + 1) * sizeof(*gone));
			gone[n++] = next;
		}
		key = next;
		prev = &key;
	}
	for (size_t i = 0; i < n; i++)
		bpf_map_delete_elem(cmds_fd, &gone[i]);
	free(gone);
}

void dispatch_put_free(struct dispatch_put *put)
{
	free(put->hook);
	free(put->old_prog);
	put->hook = NULL;
	put->old_prog = NULL;
}

void dispatch_undo(struct dispatch_put *put)
{
	if (!put->replaced) {
		dispatch_drop(put->id);
		return;
	}
	/* The old programs back in their slots, where they still exist. */
	for (int i = 0; i < put->nhooks; i++) {
		int fd = put->old_prog[i] ? bpf_prog_get_fd_by_id(put->old_prog[i]) : -1;
		set_slot(put->hook[i], put->slot, fd);
		if (fd >= 0)
			close(fd);
	}
}

int dispatch_put(const char *path, struct bpf_object *obj, __u64 id, __u32 cmd_dev,
		 __u64 cmd_ino, struct dispatch_put *put)
{
	memset(put, 0, sizeof(*put));
	put->id = id;
	int ret = -1, slots_fd = root_obj(BPFCON_SLOTS_MAP), cmds_fd = root_obj(BPFCON_CMDS_MAP);
	bool *set = NULL;
	if (slots_fd < 0 || cmds_fd < 0) {
		rt_err("the dispatcher's maps %s and %s: %s", BPFCON_SLOTS_MAP, BPFCON_CMDS_MAP,
		       strerror(errno));
		goto out;
	}
	put->nhooks = list_tables(&put->hook);
	if (put->nhooks <= 0) {
		rt_err("the dispatcher has no slot tables in %s", TABLES_PATH);
		goto out;
	}
	put->old_prog = xcalloc(put->nhooks, sizeof(*put->old_prog));
	set = xcalloc(put->nhooks, sizeof(*set));
	__u32 slot;
	if (bpf_map_lookup_elem(slots_fd, &id, &slot) == 0) {
		put->replaced = true;
	} else {
		long s = free_slot(slots_fd);
		if (s < 0) {
			rt_err("%s: %d policies are loaded, the most there can be", path,
			       BPFCON_MAX_POLICIES);
			goto out;
		}
		slot = (__u32)s;
	}
	put->slot = slot;
	for (int i = 0; i < put->nhooks; i++)
		put->old_prog[i] = slot_prog(put->hook[i], slot);

	/* Every hook's slot: this policy's program, or none.  A new policy's
	 * slot is not reachable yet (it has no entry in the slot map); a
	 * loaded one changes hook by hook, each change atomic. */
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj) {
		const char *hook = hook_of_sec(bpf_program__section_name(prog));
		if (!hook || !bpf_program__autoload(prog))
			continue;
		int i = 0;
		while (i < put->nhooks && strcmp(put->hook[i], hook))
			i++;
		if (i == put->nhooks) {
			rt_err("%s: program %s is for hook %s, which the dispatcher does not serve "
			       "(an object built for another bpfcon?)", path, bpf_program__name(prog),
			       hook);
			goto undo;
		}
		int r = set_slot(hook, slot, bpf_program__fd(prog));
		if (r) {
			rt_err("%s: cannot put program %s into the slot table of hook %s: %s", path,
			       bpf_program__name(prog), hook, strerror(-r));
			goto undo;
		}
		set[i] = true;
	}
	for (int i = 0; i < put->nhooks; i++) {
		if (set[i] || !put->old_prog[i])
			continue;
		int r = set_slot(put->hook[i], slot, -1);
		if (r) {
			rt_err("%s: cannot empty slot %u of hook %s: %s", path, slot, put->hook[i],
			       strerror(-r));
			goto undo;
		}
	}
	struct cmd_key ck = { cmd_dev, cmd_ino };
	if (cmd_ino) {
		__u64 other = 0;
		if (bpf_map_lookup_elem(cmds_fd, &ck, &other) == 0 && other != id)
			rt_warn("%s: its command is another loaded policy's command too; executing "
				"it now enters this one", path);
		if (bpf_map_update_elem(cmds_fd, &ck, &id, BPF_ANY)) {
			rt_err("%s: cannot record its command: %s", path, strerror(errno));
			goto undo;
		}
	}
	forget_commands(cmds_fd, id, cmd_ino ? &ck : NULL);
	if (!put->replaced && bpf_map_update_elem(slots_fd, &id, &slot, BPF_NOEXIST)) {
		rt_err("%s: cannot make it live (slot map): %s", path, strerror(errno));
		goto undo;
	}
	ret = 0;
	goto out;
undo:
	dispatch_undo(put);
out:
	free(set);
	if (slots_fd >= 0)
		close(slots_fd);
	if (cmds_fd >= 0)
		close(cmds_fd);
	if (ret)
		dispatch_put_free(put);
	return ret;
}

int dispatch_drop(__u64 id)
{
	int slots_fd = root_obj(BPFCON_SLOTS_MAP), cmds_fd = root_obj(BPFCON_CMDS_MAP);
	int ret = 0;
	__u32 slot;
	if (slots_fd >= 0 && bpf_map_lookup_elem(slots_fd, &id, &slot) == 0) {
		/* Not live from here on: the dispatcher finds no slot. */
		if (bpf_map_delete_elem(slots_fd, &id)) {
			rt_err("cannot take policy %016llx out of the slot map: %s",
			       (unsigned long long)id, strerror(errno));
			ret = -1;
		}
		char (*hook)[64] = NULL;
		int n = list_tables(&hook);
		for (int i = 0; i < n; i++)
			set_slot(hook[i], slot, -1);
		free(hook);
	}
	if (cmds_fd >= 0)
		forget_commands(cmds_fd, id, NULL);
	if (slots_fd >= 0)
		close(slots_fd);
	if (cmds_fd >= 0)
		close(cmds_fd);
	return ret;
}

/* With no policy left, the dispatcher goes: its links (so no process pays
 * for it), its version and slot tables (a newer bpfcon installs its own). */
void dispatch_retire_if_unused(void)
{
	char **names = pins_policies();
	bool none = names && !names[0];
	pins_free_names(names);
	if (!none)
		return;
	int slots_fd = root_obj(BPFCON_SLOTS_MAP);
	if (slots_fd >= 0) {
		__u64 k;
		bool empty = bpf_map_get_next_key(slots_fd, NULL, &k) != 0;
		close(slots_fd);
		if (!empty)
			return;
	}
	/* No policy is left: nothing waits for its programs to be freed. */
	pins_remove(DISPATCH_PATH, false);
	pins_remove(TABLES_PATH, false);
}

int dispatch_unload(const char *name)
{
	char path[PATH_MAX];
	/* a loaded policy's id is always that of its name (objfile.c) */
	dispatch_drop(bpfcon_policy_id(name));
	snprintf(path, sizeof(path), "%s/%s", BPFCON_PIN_ROOT, name);
	int r = pins_rmtree(path);
	if (r)
		return r;
	dispatch_retire_if_unused();
	return 0;
}
