/* bpfcon_task.h - stub: filled in by the issue-4 work on this kind. */
#ifndef BPFCON_TASK_H
#define BPFCON_TASK_H
#endif
