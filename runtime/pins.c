// SPDX-License-Identifier: GPL-2.0-only
/* pins.c - the pin tree under /sys/fs/bpf/bpfcon: bpffs mount check,
 * policy directories, reading pinned maps (BPF_OBJ_GET, then a lookup of
 * key 0), recursive removal and the lock for changes. */
#include "pins.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "util.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

int pins_prepare(void)
{
	struct statfs sfs;
	if (statfs("/sys/fs/bpf", &sfs) || sfs.f_type != BPF_FS_MAGIC) {
		if (mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700")) {
			rt_err("no bpf filesystem at /sys/fs/bpf and cannot mount one: %s",
			       strerror(errno));
			return -1;
		}
	}
	if (mkdir(BPFCON_PIN_ROOT, 0700) && errno != EEXIST) {
		rt_err("%s: %s", BPFCON_PIN_ROOT, strerror(errno));
		return -1;
	}
	return 0;
}

int pins_relock(int fd, int how)
{
	if (flock(fd, how)) {
		rt_err("cannot lock %s: %s", BPFCON_PIN_ROOT, strerror(errno));
		return -1;
	}
	return 0;
}

static int lock_root(int how)
{
	int fd = open(BPFCON_PIN_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rt_err("%s: %s", BPFCON_PIN_ROOT, strerror(errno));
		return -1;
	}
	if (pins_relock(fd, how)) {
		close(fd);
		return -1;
	}
	return fd;
}

int pins_lock(void)
{
	return lock_root(LOCK_EX);
}

int pins_lock_shared(void)
{
	return lock_root(LOCK_SH);
}

/* The programs behind the link pins removed by one pins_rmtree. */
struct prog_ids {
	__u32 *id;
	size_t n, cap;
};

/* Records the program of the link pinned at path (if it is one). */
static void note_link_prog(const char *path, struct prog_ids *ids)
{
	int fd = bpf_obj_get(path);
	if (fd < 0)
		return;
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && info.prog_id) {
		if (ids->n == ids->cap) {
			ids->cap = ids->cap ? 2 * ids->cap : 16;
			ids->id = xrealloc(ids->id, ids->cap * sizeof(*ids->id));
		}
		ids->id[ids->n++] = info.prog_id;
	}
	close(fd);
}

static int rmtree(const char *dir, struct prog_ids *ids)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	int ret = 0;
	struct dirent *e;
	char path[4096];
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!strncmp(e->d_name, PIN_LINK, strlen(PIN_LINK)))
			note_link_prog(path, ids);
		if (unlink(path)) {
			int r = errno == EISDIR ? rmtree(path, ids) : errno == ENOENT ? 0 : -errno;
			if (r && !ret)
				ret = r;
		}
	}
	closedir(d);
	if (rmdir(dir) && errno != ENOENT && !ret)
		ret = -errno;
	return ret;
}

/* Removing a link's last pin detaches its program, but from Linux 6.3 on
 * the kernel does it later, in a work queue: for a moment the program
 * still runs.  A program is freed only after every link of it has been
 * detached, so this waits (at most 5 s) until none of the programs is
 * still there. */
static void wait_detached(const struct prog_ids *ids)
{
	for (int tries = 0; tries < 5000; tries++) {
		bool left = false;
		for (size_t i = 0; i < ids->n && !left; i++) {
			int fd = bpf_prog_get_fd_by_id(ids->id[i]);
			if (fd >= 0) {
				close(fd);
				left = true;
			}
		}
		if (!left)
			return;
		usleep(1000);
	}
	rt_warn("a removed policy's programs are still attached after 5 s");
}

int pins_remove(const char *dir, bool wait)
{
	struct prog_ids ids = { 0 };
	int ret = rmtree(dir, &ids);
	if (wait)
		wait_detached(&ids);
	free(ids.id);
	return ret;
}

int pins_rmtree(const char *dir)
{
	return pins_remove(dir, true);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **pins_policies(void)
{
	DIR *d = opendir(BPFCON_PIN_ROOT);
	if (!d)
		return NULL;
	size_t n = 0;
	char **names = xcalloc(1, sizeof(*names));
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || e->d_name[0] == '+')
			continue;
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", BPFCON_PIN_ROOT, e->d_name);
		if (stat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		names = xrealloc(names, (n + 2) * sizeof(*names));
		names[n++] = xstrdup(e->d_name);
		names[n] = NULL;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	return names;
}

void pins_free_names(char **names)
{
	if (!names)
		return;
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

static int obj_get(const char *name, const char *what)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/%s", BPFCON_PIN_ROOT, name, what);
	int fd = bpf_obj_get(path);
	if (fd < 0)
		rt_err("policy %s: cannot open %s: %s", name, path, strerror(errno));
	return fd;
}

/* Reads key 0 of the pinned map; returns a malloc'd value (its size in
 * *SIZE) or NULL after an error message. */
static void *read_key0(const char *name, const char *what, __u32 *size)
{
	int fd = obj_get(name, what);
	if (fd < 0)
		return NULL;
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	memset(&info, 0, sizeof(info));
	void *val = NULL;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		rt_err("policy %s: %s: %s", name, what, strerror(errno));
		goto out;
	}
	val = xcalloc(1, info.value_size + 1);
	__u32 key = 0;
	if (bpf_map_lookup_elem(fd, &key, val)) {
		rt_err("policy %s: cannot read %s: %s", name, what, strerror(errno));
		free(val);
		val = NULL;
		goto out;
	}
	*size = info.value_size;
out:
	close(fd);
	return val;
}

int pinned_open(const char *name, int want_rings, struct pinned *p)
{
	memset(p, 0, sizeof(*p));
	p->events_fd = p->lost_fd = -1;
	p->name = xstrdup(name);
	__u32 size = 0;
	void *cfg = read_key0(name, "config", &size);
	if (!cfg)
		goto fail;
	if (size < sizeof(p->config)) {
		rt_err("policy %s: config map of %u bytes, expected %zu", name, size,
		       sizeof(p->config));
		free(cfg);
		goto fail;
	}
	memcpy(&p->config, cfg, sizeof(p->config));
	free(cfg);
	char *text = read_key0(name, "meta", &size);
	if (!text)
		goto fail;
	char err[256];
	int r = meta_parse(text, size, &p->meta, err, sizeof(err));
	free(text);
	if (r) {
		rt_err("policy %s: %s", name, err);
		goto fail;
	}
	if (want_rings) {
		p->events_fd = obj_get(name, "events");
		p->lost_fd = obj_get(name, "lost");
		if (p->events_fd < 0 || p->lost_fd < 0)
			goto fail;
		struct bpf_map_info info;
		__u32 len = sizeof(info);
		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(p->events_fd, &info, &len) == 0)
			p->events_id = info.id;
	}
	return 0;
fail:
	pinned_close(p);
	return -1;
}

void pinned_close(struct pinned *p)
{
	free(p->name);
	meta_free(&p->meta);
	if (p->events_fd >= 0)
		close(p->events_fd);
	if (p->lost_fd >= 0)
		close(p->lost_fd);
	memset(p, 0, sizeof(*p));
	p->events_fd = p->lost_fd = -1;
}

/* Slot key of the lost map; 0 if there is none. */
static __u64 lost_slot(const struct pinned *p, __u32 key)
{
	__u64 v = 0;
	if (p->lost_fd < 0 || bpf_map_lookup_elem(p->lost_fd, &key, &v))
		return 0;
	return v;
}

__u64 pinned_lost(const struct pinned *p)
{
	return lost_slot(p, 0);
}

__u64 pinned_lost_reported(const struct pinned *p)
{
	return lost_slot(p, 1);
}

void pinned_lost_ack(const struct pinned *p, __u64 n)
{
	__u32 key = 1;
	if (p->lost_fd >= 0)
		bpf_map_update_elem(p->lost_fd, &key, &n, BPF_ANY);	/* old objects: no slot 1 */
}

int pinned_state(const char *name, __u64 st[BPFCON_STATE_N])
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/state", BPFCON_PIN_ROOT, name);
	int fd = bpf_obj_get(path);
	if (fd < 0)
		return -1;
	int ret = 0;
	for (__u32 k = 0; k < BPFCON_STATE_N; k++)
		if (bpf_map_lookup_elem(fd, &k, &st[k]))
			ret = -1;
	close(fd);
	return ret;
}

int pinned_set_mode(const char *name, bool complain)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/state", BPFCON_PIN_ROOT, name);
	int fd = bpf_obj_get(path);
	if (fd < 0) {
		if (errno == ENOENT) {
			char dir[4096];
			snprintf(dir, sizeof(dir), "%s/%s", BPFCON_PIN_ROOT, name);
			if (access(dir, F_OK))
				rt_err("policy %s is not loaded", name);
			else
				rt_err("policy %s was loaded from an object without a state map: "
				       "load it again, with or without --complain", name);
		} else {
			rt_err("policy %s: cannot open %s: %s", name, path, strerror(errno));
		}
		return -1;
	}
	__u32 k = BPFCON_STATE_COMPLAIN;
	__u64 v = complain;
	int ret = bpf_map_update_elem(fd, &k, &v, BPF_ANY);
	if (ret)
		rt_err("policy %s: cannot set the mode: %s", name, strerror(errno));
	close(fd);
	return ret ? -1 : 0;
}
