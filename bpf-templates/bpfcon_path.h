/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_path.h - the full path of a dentry, as the kernel sees it from the
 * root of the initial mount namespace: components are read walking up
 * d_parent, crossing mounts through mnt_mountpoint/mnt_parent, and written
 * backwards into the per-CPU scratch buffer.  Works in every hook (the
 * kernel's bpf_d_path is allowed in only a few).  Symlinks, "..",
 * /proc/self/fd and bind mounts are already resolved by the time a hook
 * sees a dentry, so the path is the file's own. */
#ifndef BPFCON_PATH_H
#define BPFCON_PATH_H

#define PATH_MAX_DEPTH 512

static __always_inline struct mount *real_mount(u64 vfsmnt)
{
	return (struct mount *)(vfsmnt - bpf_core_field_offset(struct mount, mnt));
}

static long walk_step(u32 i, void *ctx)
{
	struct scratch *s = get_scratch();
	if (!s)
		return 1;
	struct walk *w = &s->walk;
	struct dentry *d = (struct dentry *)w->dentry;
	struct vfsmount *vm = (struct vfsmount *)w->vfsmnt;
	struct dentry *root = BPF_CORE_READ(vm, mnt_root);
	struct dentry *parent = BPF_CORE_READ(d, d_parent);

	if (d == root || d == parent) {
		struct mount *m = real_mount(w->vfsmnt);
		struct mount *mp = BPF_CORE_READ(m, mnt_parent);
		if (d != root || mp == m || !mp)
			return 1;	/* the root: done */
		w->dentry = (u64)BPF_CORE_READ(m, mnt_mountpoint);
		w->vfsmnt = (u64)mp + bpf_core_field_offset(struct mount, mnt);
		return 0;
	}
	u32 len = BPF_CORE_READ(d, d_name.len);
	const unsigned char *name = BPF_CORE_READ(d, d_name.name);
	if (len > NAME_MAX_K || (s32)len + 1 > w->pos - w->lo) {
		w->err = 1;	/* too long: the caller fails closed */
		return 1;
	}
	s32 pos = w->pos - (s32)len;
	bpf_probe_read_kernel(&s->buf[pos & PATHS_MASK], len & NAME_MAX_K, name);
	pos--;
	s->buf[pos & PATHS_MASK] = '/';
	w->pos = pos;
	w->dentry = (u64)parent;
	return 0;
}

/* Writes the path of (mnt, dentry) into the scratch buffer, ending at end
 * (PATH_MAX_K or 2 * PATH_MAX_K; NUL there), and returns where it starts;
 * -1 if it is too long or too deep. */
static __always_inline s32 build_path_in(const struct vfsmount *mnt, const struct dentry *dentry,
					 s32 end)
{
	struct scratch *s = get_scratch();
	if (!s || !mnt || !dentry || (end != PATH_MAX_K && end != 2 * PATH_MAX_K))
		return -1;
	if (end == PATH_MAX_K)
		s->buf[PATH_MAX_K] = 0;
	else
		s->buf[2 * PATH_MAX_K] = 0;
	/* The second region stays clear of the first one's NUL. */
	struct walk *w = &s->walk;
	w->dentry = (u64)dentry;
	w->vfsmnt = (u64)mnt;
	w->pos = end;
	w->lo = end == PATH_MAX_K ? 0 : PATH_MAX_K + 1;
	w->err = 0;
	long n = bpf_loop(PATH_MAX_DEPTH, walk_step, NULL, 0);
	s32 pos = w->pos;
	if (n < 0 || w->err || n >= PATH_MAX_DEPTH || pos < 1 || pos > end)
		return -1;
	if (pos == end) {
		pos--;
		s->buf[pos & PATHS_MASK] = '/';
	}
	return pos;
}

/* The file's path, in the first region. */
static __always_inline s32 build_path(const struct vfsmount *mnt, const struct dentry *dentry)
{
	return build_path_in(mnt, dentry, PATH_MAX_K);
}

#endif
