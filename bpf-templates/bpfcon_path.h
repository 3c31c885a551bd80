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

/* The mount namespace of the kernel's internal mounts (pipes, sockets,
 * memfds, anonymous inodes, an overlay's layers): ERR_PTR(-EINVAL). */
#define MNT_NS_INTERNAL_K ((struct mnt_namespace *)-22l)

/* The mount of a dentry a hook got without it, found among those of the dentry's filesystem (its super_block's s_mounts,
 * looked at up to MOUNTS_SEEN): the first in the current task's mount
 * namespace that shows the whole filesystem, else the first there that
 * shows part of it, else an internal one (pipes, sockets, memfd, an
 * overlay's layers: MNT_NS_INTERNAL).  NULL if none: the path is then
 * unknown, and the access denied (fail closed).  Not inlined: its frame
 * would add to the stack of the calls below check_file. */
#define MOUNTS_SEEN 16

static __always_inline const struct vfsmount *mount_in_ns(const struct dentry *d)
{
	struct super_block *sb = BPF_CORE_READ(d, d_sb);
	struct task_struct *me = bpf_get_current_task_btf();
	struct mnt_namespace *ns = BPF_CORE_READ(me, nsproxy, mnt_ns);
	struct dentry *sroot = BPF_CORE_READ(sb, s_root);
	struct list_head *head =
		(void *)sb + bpf_core_field_offset(struct super_block, s_mounts);
	struct list_head *n = BPF_CORE_READ(sb, s_mounts.next);
	const struct vfsmount *part = 0, *internal = 0;
	for (int i = 0; i < MOUNTS_SEEN && n && n != head; i++) {
		struct mount *m = (void *)n - bpf_core_field_offset(struct mount, mnt_instance);
		const struct vfsmount *vm = (void *)m + bpf_core_field_offset(struct mount, mnt);
		struct mnt_namespace *mns = BPF_CORE_READ(m, mnt_ns);
		if (mns == ns) {
			if (BPF_CORE_READ(m, mnt.mnt_root) == sroot)
				return vm;
			if (!part)
				part = vm;
		} else if (mns == MNT_NS_INTERNAL_K && !internal) {
			internal = vm;
		}
		n = BPF_CORE_READ(n, next);
	}
	return part ? part : internal;
}

static __noinline __attribute__((unused)) const struct vfsmount *mount_of(const struct dentry *d)
{
	return mount_in_ns(d);
}

/* Another name of the file at (mnt, dentry), under which restrictions
 * are checked as well (check_file): when mnt is not the first mount in the
 * task's mount namespace that shows the file's whole filesystem (it is a
 * bind mount of a folder, a second mount of the filesystem, a detached
 * mount from open_tree(OPEN_TREE_CLONE) or another namespace's), that
 * mount; else NULL (also when the namespace shows no whole mount of it).
 * A filesystem mounted once, in the task's namespace, is told at once. */
static __noinline __attribute__((unused)) const struct vfsmount *other_name(const struct vfsmount *mnt,
									  const struct dentry *d)
{
	struct super_block *sb = BPF_CORE_READ(mnt, mnt_sb);
	struct dentry *sroot = BPF_CORE_READ(sb, s_root);
	struct mount *m = real_mount((u64)mnt);
	struct task_struct *me = bpf_get_current_task_btf();
	struct mnt_namespace *ns = BPF_CORE_READ(me, nsproxy, mnt_ns);
	struct list_head *head = (void *)sb + bpf_core_field_offset(struct super_block, s_mounts);
	if (BPF_CORE_READ(mnt, mnt_root) == sroot && BPF_CORE_READ(m, mnt_ns) == ns &&
	    BPF_CORE_READ(sb, s_mounts.next, next) == head)
		return 0;
	const struct vfsmount *whole = mount_in_ns(d);	/* inline: one frame less */
	if (!whole || whole == mnt || BPF_CORE_READ(whole, mnt_root) != sroot)
		return 0;
	return whole;
}

/* One step up: a component written before the path so far, or a mount
 * crossed.  Three reads of kernel memory per component (its parent, its
 * name as one struct qstr, the name's bytes); the mount's root is read
 * only when a mount is entered. */
static long walk_step(u32 i, void *ctx)
{
	struct scratch *s = get_scratch();
	if (!s)
		return 1;
	struct walk *w = &s->walk;
	struct dentry *d = (struct dentry *)w->dentry;
	struct dentry *parent = BPF_CORE_READ(d, d_parent);

	if ((u64)d == w->root || d == parent) {
		struct mount *m = real_mount(w->vfsmnt);
		struct mount *mp = BPF_CORE_READ(m, mnt_parent);
		if ((u64)d != w->root || mp == m || !mp)
			return 1;	/* the root: done */
		w->dentry = (u64)BPF_CORE_READ(m, mnt_mountpoint);
		w->vfsmnt = (u64)mp + bpf_core_field_offset(struct mount, mnt);
		w->root = (u64)BPF_CORE_READ(mp, mnt.mnt_root);
		return 0;
	}
	struct qstr q;
	if (bpf_core_read(&q, sizeof(q), &d->d_name)) {
		w->err = 1;
		return 1;
	}
	u32 len = q.len;
	if (len > NAME_MAX_K || (s32)len + 1 > w->pos - w->lo) {
		w->err = 1;	/* too long: the caller fails closed */
		return 1;
	}
	s32 pos = w->pos - (s32)len;
	bpf_probe_read_kernel(&s->buf[pos & PATHS_MASK], len & NAME_MAX_K, q.name);
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
	w->root = (u64)BPF_CORE_READ(mnt, mnt_root);
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
