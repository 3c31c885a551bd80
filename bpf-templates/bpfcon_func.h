/* bpfcon_func.h - function contexts (#[func], #[kfunc]): which contexts the
 * current thread is inside.  Stub until the uprobe/kprobe tracking lands. */
#ifndef BPFCON_FUNC_H
#define BPFCON_FUNC_H

static __always_inline u32 active_contexts(struct bpfcon_task *st)
{
	return 0;
}

#endif
