# SPDX-License-Identifier: GPL-2.0-only
# suite-control.sh - tests/vm/e2e: kernel control files under default
# allow, as root inside the policy (issue "escape routes", classes 3, 4,
# 8 and 13): no pin of the bpf filesystem opens, no sysctl
# (core_pattern, hostname), /proc/sysrq-trigger or sysfs file opens for
# writing, no byte is pushed into a terminal's input (TIOCSTI), unless
# the policy grants sys_admin; each next to its legitimate twin.  Two
# policies: one with an open restriction (the full file_open program)
# and one naming no open or ioctl (only the control-file programs).
# Sourced by suite.sh (its helpers check, ev, loc, load, unload).

mkdir -p $T/ctl
echo s >$T/ctl/secret
for pol in control control-min; do
	load $pol
	P=e2e-$pol
	C() { bpfcon run "$P" -- probe "$@"; }
	check "$pol: reading a policy's pin fails" EPERM "$(ev $P file_open "" "" deny builtin)" \
		C read $PIN/$P/meta
	check "$pol twin: unconfined, the pin reads" ok "" probe read $PIN/$P/meta
	check "$pol: writing core_pattern fails" EPERM \
		"$(ev $P file_open /proc/sys/kernel/core_pattern sys_admin deny builtin)" \
		C open /proc/sys/kernel/core_pattern w
	check "$pol: writing the hostname sysctl fails" EPERM \
		"$(ev $P file_open /proc/sys/kernel/hostname sys_admin deny builtin)" \
		C open /proc/sys/kernel/hostname w
	check "$pol twin: the hostname sysctl reads" ok - C read /proc/sys/kernel/hostname
	check "$pol: opening /proc/sysrq-trigger for writing fails" EPERM \
		"$(ev $P file_open /proc/sysrq-trigger sys_admin deny builtin)" \
		C open /proc/sysrq-trigger w
	check "$pol twin: unconfined, it opens (nothing written)" ok "" probe open /proc/sysrq-trigger w
	check "$pol: writing a sysfs file fails" EPERM \
		"$(ev $P file_open /sys/kernel/mm/transparent_hugepage/enabled sys_admin deny builtin)" \
		C open /sys/kernel/mm/transparent_hugepage/enabled w
	check "$pol twin: the sysfs file reads" ok - C read /sys/kernel/mm/transparent_hugepage/enabled
	check "$pol: TIOCSTI into its own terminal fails" EPERM \
		"$(ev $P ioctl "" sys_admin deny builtin)" C tiocsti
	check "$pol twin: unconfined, TIOCSTI works" ok "" probe tiocsti
	unload $P
done
