# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/e2e/suite-task.sh: signals, ptrace, other tasks' /proc files,
# capabilities and the operations only a capability allows, in the real
# kernel.  Sourced by suite.sh (its helpers check, ev, loc, load, unload)
# after the world is set up.  The test program is taskprobe
# (tests/vm/e2e/taskprobe.c); the policies are sig*.pol, taskpt.pol,
# cap*.pol and taskcomplain.yml.  Every denial has its allowed twin in
# this same run, and the log line naming the deciding rule (FILE:LINE:COL),
# the default or builtin.
#
# Targets outside every policy are sleepers (taskprobe sleeper) started here
# under other names: /work/bin/tsleep1 (matched by the program targets
# "/work/bin/tsleep*") and /work/bin/other (matched by nothing, or by
# "/work/bin/other").  Sleepers in policies: /work/bin/sigpeer and
# /work/bin/sigc (executing a policy's command enters it).

TK=$T/tk
tk_t0=$(date +%s)
mkdir -p $TK /work/tk-m
echo "content of tk/f" >$TK/f
chmod -R a+rwX $TK
for c in sig sigpeer sigc taskpt cap capprv taskcomplain tsleep1 other; do
	cp /usr/local/bin/taskprobe /work/bin/$c
done
chmod 755 /work/bin/*

# tev POLICY HOOK OBJRE ACCESS DECISION BY: like ev, with OBJRE a regular
# expression (a target's pid is not always known here).
tev() { kvev "$@"; }

# sleeper PROGRAM [ARG...]: starts PROGRAM ARG... sleeper in the background
# and waits until it is ready (it prints "ready" into a FIFO); its pid is
# in $SL.
sleeper() {
	rm -f $TK/ready
	mkfifo $TK/ready
	"$@" sleeper >$TK/ready 2>/dev/null &
	SL=$!
	read -r _ready <$TK/ready
	rm -f $TK/ready
}

# Yama would ask for CAP_SYS_PTRACE before bpfcon sees an attach to a task
# that is not a descendant; off during this section, so bpfcon decides.
YAMA=/proc/sys/kernel/yama/ptrace_scope
yama_was=$(cat $YAMA 2>/dev/null || echo none)
[ "$yama_was" = none ] || echo 0 >$YAMA
# Debian's default (3) asks capable(CAP_PERFMON) before perf_event_open's
# own LSM hook: 1 here, so that the hook decides.
PERF=/proc/sys/kernel/perf_event_paranoid
perf_was=$(cat $PERF)
echo 1 >$PERF

sleeper /work/bin/tsleep1
SL1=$SL
sleeper /work/bin/other
SL2=$SL
TS1="pid=$SL1 /work/bin/tsleep1"
TS2="pid=$SL2 /work/bin/other"
ME="pid=[0-9]+ /usr/local/bin/taskprobe"

# --- sig.pol: signals --------------------------------------------------------

load sig
P=e2e-sig
SG() { bpfcon run $P -- taskprobe "$@"; }
SL() { loc sig.pol "$1"; }

# check (signal 0)
check "signal check: to itself, by signal(self, check|usr1|io)" ok - SG kill self 0
check "signal check: to a program the glob matches (/work/bin/tsleep1)" ok - SG kill $SL1 0
check "signal check: to a program no rule names is denied by the default" EPERM \
	"$(ev $P kill "$TS2" check deny default)" SG kill $SL2 0
# fatal
check "signal fatal: SIGTERM to its child, by signal(child, fatal|superFatal)" "ok ok" - \
	SG spawn + kill child TERM
check "signal fatal: SIGINT to its child, denied by the restriction inside it" "ok EPERM" \
	"$(tev $P kill "$ME" SIGINT deny "$(SL 'signal(child, sigint)')")" SG spawn + kill child INT
check "signal fatal: SIGTERM to itself is denied by the default" EPERM \
	"$(tev $P kill "$ME" SIGTERM deny default)" SG kill self TERM
# superFatal
check "signal superFatal: SIGKILL to its child" "ok ok" - SG spawn + kill child KILL
check "signal superFatal: SIGKILL to /work/bin/tsleep1 is denied by the default" EPERM \
	"$(ev $P kill "$TS1" SIGKILL deny default)" SG kill $SL1 KILL
check "signal superFatal: ... and the sleeper is alive" ok "" sh -c "kill -0 $SL1 && echo ok"
# stop
check "signal stop: SIGTSTP, SIGTTIN, SIGTTOU to its parent, by signal(parent, stop)" "ok ok ok" - \
	SG sub kill parent TSTP + sub kill parent TTIN + sub kill parent TTOU
check "signal stop: SIGTSTP to its child is denied by the default" "ok EPERM" \
	"$(tev $P kill "$ME" SIGTSTP deny default)" SG spawn + kill child TSTP
# superStop
check "signal superStop: SIGSTOP to its child is denied by the default" "ok EPERM" \
	"$(tev $P kill "$ME" SIGSTOP deny default)" SG spawn + kill child STOP
check "signal superStop: SIGSTOP to /work/bin/tsleep1, by signal(\"/work/bin/tsleep*\", ...)" ok - \
	SG kill $SL1 STOP
kill -CONT $SL1
# sigchld
check "signal sigchld: SIGCHLD to its parent, by signal(any, sigchld)" ok - SG sub kill parent CHLD
check "signal sigchld: SIGCHLD to itself, denied by the restriction signal(self, chld)" EPERM \
	"$(tev $P kill "$ME" SIGCHLD deny "$(SL 'signal(self, chld)')")" SG kill self CHLD
# misc, audited
check "signal misc: SIGWINCH to itself is allowed and audited" ok \
	"$(tev $P kill "$ME" SIGWINCH "allow [audit]" "$(SL 'signal(self, misc)')")" SG kill self WINCH
check "signal misc: SIGCONT to itself is allowed and audited" ok \
	"$(tev $P kill "$ME" SIGCONT "allow [audit]" "$(SL 'signal(self, misc)')")" SG kill self CONT
check "signal misc: SIGURG to its parent is denied by the default" EPERM \
	"$(tev $P kill "$ME" SIGURG deny default)" SG sub kill parent URG
# every system call that sends a signal
check "signal syscalls: tgkill, tkill, sigqueue, pidfd_send_signal of SIGUSR1 to itself" \
	"ok ok ok ok" - SG tgkill self USR1 + tkill self USR1 + sigqueue self USR1 + pidfd self USR1
check "signal syscalls: the same with SIGUSR2 are denied" "EPERM EPERM EPERM EPERM" \
	"$(tev $P kill "$ME" SIGUSR2 deny default)" \
	SG tgkill self USR2 + tkill self USR2 + sigqueue self USR2 + pidfd self USR2
# SIGIO: decided for whoever set the file's owner (F_SETOWN)
check "sigio: owner itself, by signal(self, check|usr1|io): SIGIO arrives" "ok ok ok ok" - \
	SG pipe + arm self + fire + pending
check "sigio: owner set by its child to the child's parent: denied, SIGIO does not arrive" \
	"ok ok ok none" "$(tev $P sigio "$ME" SIGIO deny default)" \
	SG pipe + sub arm parent + fire + pending
check "sigio: owner set by itself, written by its child: the setter's self, SIGIO arrives" \
	"ok ok ok ok" - SG pipe + arm self + sub fire + pending
# bypass attempts
check "bypass: a forked child signals the forbidden target (it is in the policy too)" EPERM \
	"$(ev $P kill "$TS2" SIGTERM deny default)" SG fork kill $SL2 TERM
check "bypass: an exec'd program signals it" EPERM \
	"$(ev $P kill "$TS2" SIGTERM deny default)" SG exec /usr/local/bin/taskprobe kill $SL2 TERM
check "bypass twin: the forked child signals an allowed target" ok - SG fork kill $SL1 0
check "ptrace traceme: denied by the default (no ptrace rule in e2e-sig)" EPERM \
	"$(tev $P traceme "$ME" attach deny default)" SG traceme

# Signals between policies: e2e-sig -> e2e-sigpeer needs e2e-sig's
# signal and ipc(e2e-sigpeer) rights and e2e-sigpeer's ipc(e2e-sig).
load sigpeer
load sigc
sleeper /work/bin/sigpeer
SLP=$SL
sleeper /work/bin/sigc
SLC=$SL
check "ipc: SIGUSR2 to a task of e2e-sigpeer, by a policy target (both sides' ipc granted)" ok - \
	SG kill $SLP USR2
check "ipc: SIGUSR1 to it is denied by e2e-sig's default (no signal right)" EPERM \
	"$(ev $P kill "pid=$SLP /work/bin/sigpeer" SIGUSR1 deny default)" SG kill $SLP USR1
check "ipc: e2e-sigc's SIGUSR2 to it is denied by e2e-sigpeer (no ipc(e2e-sigc))" EPERM \
	"^bpfcon=\"DENIED\" .* policy=\"e2e-sigpeer\" pid=[0-9]+ comm=[^ ]+ operation=\"kill\" peer=\"e2e-sigc\" .*by=\"default\"" \
	bpfcon run e2e-sigc -- taskprobe kill $SLP USR2
check "ipc: e2e-sig's SIGUSR2 to /work/bin/sigc (e2e-sigc) is denied: no ipc(e2e-sigc)" EPERM \
	"^bpfcon=\"DENIED\" .* policy=\"$P\" pid=[0-9]+ comm=[^ ]+ operation=\"kill\" target_pid=$SLC peer=\"e2e-sigc\" .*by=\"default\"" SG kill $SLC USR2
check "ipc: a process in no policy is no ipc peer: it signals e2e-sigpeer's task" ok "" \
	sh -c "kill -USR2 $SLP && echo ok"
kill -9 $SLP $SLC
wait $SLP $SLC 2>/dev/null
unload e2e-sigc
unload e2e-sigpeer
unload $P

# --- taskpt.pol: ptrace, /proc, capabilities under default deny ---------------

load taskpt
P=e2e-taskpt
PT() { bpfcon run $P -- taskprobe "$@"; }
PL() { loc taskpt.pol "$1"; }
ATT=$(PL 'ptrace("/work/bin/tsleep*", attach)')

check "ptrace attach: its child, by ptrace(child, read|attach)" "ok ok" - PT spawn + ptrace child
check "ptrace attach: /work/bin/tsleep1, denied by the restriction" EPERM \
	"$(ev $P ptrace "$TS1" attach deny "$ATT")" PT ptrace $SL1
check "ptrace attach: /work/bin/other, denied by the default" EPERM \
	"$(ev $P ptrace "$TS2" attach deny default)" PT ptrace $SL2
check "ptrace traceme: by #[audit] ptrace(parent, attach): allowed, audited" ok \
	"$(tev $P traceme "pid=[0-9]+ /usr/local/bin/taskprobe" attach "allow [audit]" "$(PL 'ptrace(parent, attach)')")" \
	PT traceme
check "ptrace read: /proc/PID/environ of /work/bin/tsleep1 (proc read + ptrace read)" ok - \
	PT environ $SL1
check "ptrace read: /proc/PID/environ of /work/bin/other: proc read, ptrace read denied" EACCES \
	"$(ev $P ptrace "$TS2" read deny default)" PT environ $SL2
check "ptrace: /proc/PID/mem of its child" "ok ok" - PT spawn + mem child
check "bypass: /proc/PID/mem of /work/bin/tsleep1 asks ptrace attach: denied" EACCES \
	"$(ev $P ptrace "$TS1" attach deny "$ATT")" PT mem $SL1
check "ptrace: process_vm_readv of its child" "ok ok" - PT spawn + vmread child
check "bypass: process_vm_readv of /work/bin/tsleep1 asks ptrace attach: denied" EPERM \
	"$(ev $P ptrace "$TS1" attach deny "$ATT")" PT vmread $SL1
check "proc read: /proc/PID/status of /work/bin/other, by proc(\"/work/bin/other\", read)" ok - \
	PT status $SL2
check "bypass: reading another process's /proc (init's status) is denied by the default" EPERM \
	"$(ev $P file_open "pid=1 /proc/1/status" read deny default)" PT status 1
check "bypass: ... and its environ" EPERM \
	"$(ev $P file_open "pid=1 /proc/1/environ" read deny default)" PT environ 1
check "proc getattr: stat /proc/PID/status of /work/bin/tsleep1" ok - PT statproc $SL1
check "proc getattr: stat /proc/PID/status of /work/bin/other is denied (read only)" EPERM \
	"$(ev $P getattr "pid=$SL2 /proc/$SL2/status" getattr deny default)" PT statproc $SL2
check "proc: its own /proc is readable without a rule (built in)" "ok ok ok" - \
	PT status self + statproc self + environ self
check "proc audit: its parent's status, by #[audit] proc(parent, read)" ok \
	"$(tev $P file_open "pid=[0-9]+ /proc/[0-9]+/status" read "allow [audit]" "$(PL 'proc(parent, read)')")" \
	PT sub status parent
# Another process's priority, scheduling, limits, memory placement: proc
# write (each set to what it is, so the kernel asks no capability).
check "task_set: setpriority, ioprio_set, sched_setaffinity, prlimit of /work/bin/tsleep1, by proc(\"/work/bin/tsleep*\", write)" \
	"ok ok ok ok" - PT setnice $SL1 + ioprio $SL1 + affinity $SL1 + prlimit $SL1
check "task_set: its own, without a rule" "ok ok ok ok" - \
	PT setnice self + ioprio self + affinity self + prlimit self
# migrate_pages also asks capable(sys_nice), only to pick how much it may
# move: denied (builtin) and logged, and the call succeeds.
check "task_set: migrate_pages of /work/bin/tsleep1 (ptrace read, proc write) and its own" \
	"ok ok" "" PT movemem $SL1 + movemem self
for op in setnice ioprio affinity prlimit; do
	check "bypass: $op of /work/bin/other (unconfined) is denied by the default (proc write)" EPERM \
		"$(ev $P task_set "$TS2" write deny default)" PT $op $SL2
done
check "bypass: migrate_pages of its child: ptrace read granted, proc write denied by the default" \
	"ok EPERM" "$(tev $P task_set "$ME" write deny default)" PT spawn + movemem child
# No cap rule: every capability is denied (builtin), each with its twin in
# cap.pol (e2e-cap) below.
check "cap chown: denied without cap(chown) (builtin)" EPERM \
	"$(ev $P capable "" chown deny builtin)" PT chown $TK/f 1000
check "cap sys_time: clock_settime denied (builtin)" EPERM \
	"$(ev $P capable "" sys_time deny builtin)" PT settime
check "cap sys_boot: reboot denied (builtin)" EPERM "$(ev $P capable "" sys_boot deny builtin)" \
	PT reboot
check "cap sys_boot: kexec_load denied (builtin)" EPERM "$(ev $P capable "" sys_boot deny builtin)" \
	PT kexec
check "cap sys_module: init_module denied (builtin)" EPERM \
	"$(ev $P capable "" sys_module deny builtin)" PT initmod
check "perf_event_open: denied at its hook (builtin perfmon)" EPERM \
	"$(ev $P perf "" perfmon deny builtin)" PT perf
unload $P

# --- cap.pol: capabilities under default allow ----------------------------------

load cap
P=e2e-cap
CP() { bpfcon run $P -- taskprobe "$@"; }
CL() { loc cap.pol "$1"; }

check "cap chown: chown to uid 1000, by cap(chown)" ok - CP chown $TK/f 1000
check "cap sys_admin: sethostname is denied (builtin)" EPERM \
	"$(ev $P capable "" sys_admin deny builtin)" CP hostname
check "cap sys_time: clock_settime, by cap(sys_time)" ok - CP settime
check "cap sys_boot: reboot(CAD_OFF), by #[audit] cap(sys_boot): allowed, audited" ok \
	"$(ev $P capable "" sys_boot "allow [audit]" "$(CL 'cap(sys_boot)')")" CP reboot
check "kexec_load: sys_boot for capable and for the kexec image, audited" ok \
	"$(ev $P module "" sys_boot "allow [audit]" "$(CL 'cap(sys_boot)')")" CP kexec
check "perf_event_open: by cap(perfmon)" ok - CP perf
check "init_module: sys_module granted, the kernel refuses the garbage" ENOEXEC - CP initmod
check "module request (socket of a missing family): allowed by cap(sys_module)" EAFNOSUPPORT - CP modreq
check "mount: denied at sb_mount (it comes before the capability check), the mount point named" \
	EPERM "$(ev $P mount /work/tk-m sys_admin deny builtin)" CP mount /work/tk-m
check "umount: denied (builtin sys_admin)" EPERM "$(ev $P capable "" sys_admin deny builtin)" \
	CP umount /work/mnt/sub
check "unshare(CLONE_NEWNS): denied (builtin sys_admin)" EPERM \
	"$(ev $P capable "" sys_admin deny builtin)" CP unshare mnt
check "unshare(CLONE_NEWUSER): denied at userns_create (builtin sys_admin)" EPERM \
	"$(ev $P namespace "" sys_admin deny builtin)" CP unshare user
check "clone(CLONE_NEWUTS): denied at task_alloc (builtin sys_admin)" EPERM \
	"$(ev $P namespace "" sys_admin deny builtin)" CP clone uts
check "setns: denied (builtin sys_admin)" EPERM "$(ev $P capable "" sys_admin deny builtin)" \
	CP setns uts
check "add_key: denied at key_alloc (builtin sys_admin)" EPERM \
	"$(ev $P key "" sys_admin deny builtin)" CP addkey
check "keys twin: unconfined root adds a key to its user keyring and reads it" "ok ok" - \
	taskprobe adduserkey + readuserkey
check "bypass: reading that key from inside fails: the search is denied at key_permission (builtin sys_admin)" ENOKEY \
	"$(ev $P key "" sys_admin deny builtin)" CP readuserkey
check "bypass: unshare(CLONE_NEWUSER) then mount in the new namespace: the first step fails" \
	EPERM "$(ev $P namespace "" sys_admin deny builtin)" CP userns-mount /work/tk-m
check "default allow with restrictions: SIGTERM is denied by #[deny] signal(any, term)" EPERM \
	"$(ev $P kill "$TS2" SIGTERM deny "$(CL 'signal(any, term)')")" CP kill $SL2 TERM
check "default allow with restrictions: SIGUSR1 to the same task is allowed" ok - CP kill $SL2 USR1
unload $P

# --- capprv.pol: a privileged policy -----------------------------------------------

load capprv
P=e2e-capprv
CV() { bpfcon run $P -- taskprobe "$@"; }
VL() { loc capprv.pol "$1"; }
check "privileged: sethostname allowed by the default" ok - CV hostname
check "privileged: mount and umount allowed" "ok ok" - CV mount /work/tk-m + umount /work/tk-m
check "privileged: add_key, reading root's user key, clone(CLONE_NEWUTS), unshare(CLONE_NEWUSER) allowed" \
	"ok ok ok ok" - CV addkey + readuserkey + clone uts + unshare user
check "privileged: unshare(CLONE_NEWNS) and setns allowed" "ok ok" - CV unshare mnt + setns uts
check "privileged: a new user namespace and a mount in it (twin of the bypass)" "ok ok" - \
	CV userns-mount /work/tk-m
check "privileged: reboot denied by #[deny] cap(sys_boot)" EPERM \
	"$(ev $P capable "" sys_boot deny "$(VL 'cap(sys_boot)')")" CV reboot
check "privileged: init_module denied by #[deny] cap(sys_module)" EPERM \
	"$(ev $P capable "" sys_module deny "$(VL 'cap(sys_module)')")" CV initmod
check "module request: denied by #[deny] cap(sys_module), the module named" EAFNOSUPPORT \
	"$(ev $P module net-pf-12 sys_module deny "$(VL 'cap(sys_module)')")" CV modreq
unload $P

# --- taskcomplain.yml: complain mode -------------------------------------------------

load taskcomplain
P=e2e-taskcomplain
CC() { bpfcon run $P -- taskprobe "$@"; }
check "complain signal: SIGTERM to /work/bin/other goes through, logged" ok \
	"$(ev $P kill "$TS2" SIGTERM complain default)" CC kill $SL2 TERM
check "complain signal: an audited right is logged as allow" ok \
	"$(tev $P kill "$ME" SIGUSR1 "allow [audit]" "$(loc taskcomplain.yml 'signal: {to: self')")" \
	CC kill self USR1
check "complain ptrace: attaching /work/bin/tsleep1 goes through, logged" ok \
	"$(ev $P ptrace "$TS1" attach complain default)" CC ptrace $SL1
check "complain proc: /work/bin/other's status reads, logged" ok \
	"$(ev $P file_open "pid=$SL2 /proc/$SL2/status" read complain default)" CC status $SL2
check "complain cap: sethostname goes through, logged (builtin)" ok \
	"$(ev $P capable "" sys_admin complain builtin)" CC hostname
check "complain mount: mount and umount go through; capable is logged" "ok ok" \
	"$(ev $P capable "" sys_admin complain builtin)" CC mount /work/tk-m + umount /work/tk-m
logged "complain mount: ... and so is the mount hook, naming the mount point" \
	"$(ev $P mount /work/tk-m sys_admin complain builtin)"
check "complain settime: clock_settime goes through; capable is logged" ok \
	"$(ev $P capable "" sys_time complain builtin)" CC settime
logged "complain settime: ... and so is the settime hook" "$(ev $P settime "" sys_time complain builtin)"
check "complain namespace: unshare(CLONE_NEWUSER) goes through, logged" ok \
	"$(ev $P namespace "" sys_admin complain builtin)" CC unshare user
unload $P

kill -9 $SL1 $SL2
wait $SL1 $SL2 2>/dev/null
[ "$yama_was" = none ] || echo "$yama_was" >$YAMA
echo "$perf_was" >$PERF
echo "# suite-task.sh: $(( $(date +%s) - tk_t0 )) s"
