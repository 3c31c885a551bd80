/* bpfcon_check.h - the decisions the hooks ask for: one file access
 * (check_file) and one request of another kind (check_obj), each turned
 * into what the engine collects and decides, enforced and logged. */
#ifndef BPFCON_CHECK_H
#define BPFCON_CHECK_H

static __always_inline u32 dev_major(u32 dev) { return dev >> 20; }
static __always_inline u32 dev_minor(u32 dev) { return dev & 0xfffff; }

/* Decides one access to the file at (mnt, dentry) for a task of this
 * policy: 0 or -EPERM.  Logs denials, audits, taints and complaints. */
static __noinline int check_file(struct bpfcon_task *st, u32 hook, const struct vfsmount *mnt,
				      const struct dentry *dentry, u32 req)
{
	struct verdict v = { .decision = BPFCON_DENY, .by = BPFCON_BY_BUILTIN, .rule = -1 };
	struct acc a;
	u32 major = 0, minor = 0, kind = BPFCON_KIND_FS;
	s32 start = build_path(mnt, dentry);
	struct scratch *s = get_scratch();
	if (start < 0 || !s) {
		/* The path cannot be known: fail closed. */
		if (bpfcon_config.complain)
			v.decision = BPFCON_COMPLAIN;
		log_event(hook, 0, req, &v, 0, 0, 0);
		return v.decision == BPFCON_DENY ? -EPERM_K : 0;
	}
	acc_init(&a);
	collect_fs(&a, start);
	collect_fsys(&a, BPF_CORE_READ(dentry, d_sb, s_dev));
	struct inode *ino = BPF_CORE_READ(dentry, d_inode);
	if (ino) {
		unsigned short mode = BPF_CORE_READ(ino, i_mode);
		if ((mode & S_IFMT) == S_IFCHR || (mode & S_IFMT) == S_IFBLK) {
			u32 rdev = BPF_CORE_READ(ino, i_rdev);
			major = dev_major(rdev);
			minor = dev_minor(rdev);
			kind = BPFCON_KIND_DEV;
			collect_dev(&a, major, minor);
		}
	}
	decide(&a, req, st->flags & BPFCON_TASK_TAINTED, &v);
	if (v.flags & BPFCON_EV_TAINT)
		st->flags |= BPFCON_TASK_TAINTED;
	if (v.decision != BPFCON_ALLOW || v.flags)
		log_event(hook, kind, req, &v, &s->buf[start & PATH_MASK], major, minor);
	return v.decision == BPFCON_DENY ? -EPERM_K : 0;
}

#endif
