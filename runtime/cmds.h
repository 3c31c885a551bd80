/* SPDX-License-Identifier: GPL-2.0-only */
/* cmds.h - the subcommands of bpfcon, each in its own file, and their
 * help texts (main.c).  Each takes the argv starting at the subcommand's
 * name and returns the exit status. */
#ifndef BPFCON_RT_CMDS_H
#define BPFCON_RT_CMDS_H

int cmd_load(int argc, char **argv);	/* load.c */
int cmd_unload(int argc, char **argv);	/* list.c */
int cmd_list(int argc, char **argv);	/* list.c */
int cmd_info(int argc, char **argv);	/* info.c */
int cmd_logs(int argc, char **argv);	/* logs.c */
int cmd_run(int argc, char **argv);	/* run.c */
int cmd_apply(int argc, char **argv);	/* apply.c */
int cmd_logprof(int argc, char **argv);	/* logprof.c */
int cmd_learn(int argc, char **argv);	/* learn.c */
int cmd_doctor(int argc, char **argv);	/* doctor.c */
int cmd_status(int argc, char **argv);	/* status.c */
int cmd_complain(int argc, char **argv);	/* status.c */
int cmd_enforce(int argc, char **argv);	/* status.c */

/* Help for `load` alone (bpfcon-load --help); returns 0. */
int help_load(void);

#endif
