# SPDX-License-Identifier: GPL-2.0-only
# suite-control.sh - tests/vm/e2e: kernel control files under default
# allow, as root inside the policy (issue "escape routes", classes 1-10,
# 13-15; 11 and 12 are in suite-task.sh): no pin of the bpf filesystem opens, no sysctl
# (core_pattern, hostname), /proc/sysrq-trigger or sysfs file opens for
# writing, no byte is pushed into a terminal's input (TIOCSTI), unless
# the policy grants sys_admin; an exec restriction also stops an
# executable naming the program as its ELF interpreter; uselib(2) is an
# ordinary open; descriptors opened outside the policy (inherited, an
# io_uring fixed file, ftruncate) are decided on use; watches are reads; each next to its legitimate twin.  Two
# policies: one with an open restriction (the full file_open program)
# and one naming no open or ioctl (only the control-file programs).
# Sourced by suite.sh (its helpers check, ev, loc, load, unload).

# A tmpfs of its own: the root file system of the VM may lack ACLs.
mkdir -p $T/ctl
mount -t tmpfs tmpfs $T/ctl
mkdir -p $T/ctl/meta $T/ctl/hidden $T/ctl/anc/box $T/ctl/anc/box2 $T/ctl/open
echo b >$T/ctl/anc/box/f
echo g >$T/ctl/open/g
echo t >$T/ctl/trunc
# other names, made before confinement: bind mounts of a restricted
# folder and of another one
mkdir -p /work/view /work/view2
mount --bind $T/ctl/anc/box /work/view
mount --bind $T/ctl/open /work/view2
echo s >$T/ctl/secret
echo m >$T/ctl/meta/f
chmod 600 $T/ctl/meta/f
ln -s target $T/ctl/hidden/l
ln -s target $T/ctl/l
echo "not a library" >$T/ctl/plain
echo o >$T/ctl/other
echo r >$T/ctl/ro
# uselib opens with MAY_EXEC: without an x bit, the kernel refuses first
chmod 755 $T/ctl/plain $T/ctl/secret
# interp and interp-ok: tiny ELF programs printing ok; uses-interp and
# uses-ok: ELF executables naming them as their program interpreter.
probe mkelf $T/ctl/interp + mkelf $T/ctl/interp-ok + mkelf $T/ctl/uses-interp $T/ctl/interp \
	+ mkelf $T/ctl/uses-ok $T/ctl/interp-ok >/dev/null
# uselib(2) exists up to 6.14 with CONFIG_USELIB (and IA32 emulation).
uselib_there=$(probe uselib $T/ctl/plain)
for pol in control control-min; do
	load $pol
	P=e2e-$pol
	C() { bpfcon run "$P" -- probe "$@"; }
	check "$pol: reading a policy's pin fails" EPERM "$(ev $P file_open "" "" deny builtin)" \
		C read $PIN/$P/meta
	check "$pol twin: unconfined, the pin reads" ok "" probe read $PIN/$P/meta
	check "$pol: opening the pin folder (to flock it) fails" EPERM \
		"$(ev $P file_open "" "" deny builtin)" C open $PIN r
	check "$pol: mkdir in the pin folder fails" EPERM "$(ev $P create "" "" deny builtin)" \
		C mkdir $PIN/x
	check "$pol: a symlink in the pin folder fails" EPERM "$(ev $P create "" "" deny builtin)" \
		C symlink /tmp $PIN/l
	check "$pol: a hard link into the pin folder fails" EPERM "$(ev $P link "" "" deny builtin)" \
		C link $PIN/$P/meta $PIN/m
	check "$pol twin: unconfined, a folder in the bpf filesystem comes and goes" "ok ok" "" \
		probe mkdir /sys/fs/bpf/e2e-twin + rmdir /sys/fs/bpf/e2e-twin
	check "$pol twin: mkdir elsewhere works" "ok ok" - C mkdir $T/ctl/d + rmdir $T/ctl/d
	check "$pol: writing core_pattern fails" EPERM \
		"$(ev $P file_open /proc/sys/kernel/core_pattern sys_admin deny builtin)" \
		C open /proc/sys/kernel/core_pattern w
	check "$pol: writing the hostname sysctl fails" EPERM \
		"$(ev $P file_open /proc/sys/kernel/hostname sys_admin deny builtin)" \
		C open /proc/sys/kernel/hostname w
	check "$pol twin: the hostname sysctl reads" ok - C read /proc/sys/kernel/hostname
	host=$(cat /proc/sys/kernel/hostname)
	check "$pol: writing the hostname sysctl through an inherited descriptor fails" EPERM \
		"$(ev $P fd_use /proc/sys/kernel/hostname sys_admin deny builtin)" \
		C writefd 3 3>/proc/sys/kernel/hostname
	check "$pol twin: the hostname stays" "$host" "" cat /proc/sys/kernel/hostname
	check "$pol twin: unconfined, the same write works" ok "" \
		probe writefd 3 3>/proc/sys/kernel/hostname
	echo "$host" >/proc/sys/kernel/hostname
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
	ML=$(loc $pol.pol 'fs("/work/t/ctl/meta/**", setattr|getattr)')
	MF=$T/ctl/meta/f
	check "$pol: utimensat (now) of a file its restriction names fails" EPERM \
		"$(ev $P setattr $MF setattr deny "$ML")" C utimes $MF
	check "$pol: utimensat with given times fails" EPERM "$(ev $P setattr $MF setattr deny "$ML")" \
		C utimes-set $MF
	check "$pol: futimens fails" EPERM "$(ev $P setattr $MF setattr deny "$ML")" C futimes $MF
	check "$pol: setting a POSIX ACL (mode 600 to 644) fails" EPERM \
		"$(ev $P setattr $MF setattr deny "$ML")" C acl $MF
	check "$pol: the mode stays 600" 600 "" stat -c %a $MF
	check "$pol: removing the ACL fails" EPERM "$(ev $P setattr $MF setattr deny "$ML")" C rmacl $MF
	check "$pol: reading its ACL (getxattr) fails" EPERM "$(ev $P getattr $MF getattr deny "$ML")" \
		C getacl $MF
	check "$pol: listing its extended attributes fails" EPERM \
		"$(ev $P getattr $MF getattr deny "$ML")" C listxattr $MF
	# (an ACL equal to the mode is kept as the mode: no xattr to read back)
	check "$pol twin: each of them on another file works" "ok ok ok ok ENODATA ok ok" - \
		C utimes $T/ctl/other + utimes-set $T/ctl/other + futimes $T/ctl/other + acl $T/ctl/other \
		+ getacl $T/ctl/other + listxattr $T/ctl/other + rmacl $T/ctl/other
	if [ $pol = control ]; then
		# Descriptors opened outside the policy (here: by the shell that runs
		# bpfcon run) are decided on use, as an open would be.
		SL=$(loc $pol.pol 'fs("/work/t/ctl/secret", read)')
		for op in readfd mmapfd sendfile; do
			check "$pol: $op of an inherited descriptor of the secret fails" EPERM \
				"$(ev $P fd_use $T/ctl/secret read deny "$SL")" C $op 3 3<$T/ctl/secret
		done
		check "$pol: appending through an inherited descriptor of a file it may not write fails" \
			EPERM "$(ev $P fd_use $T/ctl/ro append deny "$(loc $pol.pol 'fs("/work/t/ctl/ro", write|append)')")" \
			C writefd 3 3>>$T/ctl/ro
		check "$pol twin: the same through inherited descriptors of other files works" \
			"ok ok ok ok" - C readfd 3 + mmapfd 3 + sendfile 3 + writefd 4 3<$T/ctl/plain 4>>$T/ctl/other
		check "$pol twin: unconfined, the inherited secret reads" ok "" probe readfd 3 3<$T/ctl/secret
		# ftruncate: path_truncate up to 6.1, file_truncate from 6.2 on
		case $(uname -r) in 6.1.*) TH=truncate ;; *) TH=fd_use ;; esac
		check "$pol: truncating through an inherited descriptor of a file it may not write fails" \
			EPERM "$(ev $P $TH $T/ctl/ro write deny "$(loc $pol.pol 'fs("/work/t/ctl/ro", write|append)')")" \
			C truncfd 3 3>>$T/ctl/ro
		check "$pol twin: the same on another file works" ok - C truncfd 3 3>>$T/ctl/trunc
		check "$pol: a watch (inotify) on the secret fails" EPERM \
			"$(ev $P watch $T/ctl/secret read deny "$SL")" C watch $T/ctl/secret
		check "$pol twin: a watch on another file works" ok - C watch $T/ctl/other
		check "$pol: an io_uring fixed file registered outside the policy (the secret) does not read" \
			EPERM "$(ev $P fd_use $T/ctl/secret read deny "$SL")" \
			uringprobe prep $T/ctl/secret bpfcon run $P -- uringprobe read 3
		check "$pol twin: the same with another file reads" ok - \
			uringprobe prep $T/ctl/plain bpfcon run $P -- uringprobe read 3
		check "$pol twin: own polled ring (SQPOLL), another file opens" ok - \
			bpfcon run $P -- uringprobe sqown $T/ctl/plain
		check "$pol: own polled ring: its poller is confined too, the secret does not open" EPERM \
			"$(ev $P file_open $T/ctl/secret read deny "$SL")" \
			bpfcon run $P -- uringprobe sqown $T/ctl/secret
	fi
	# class 5: a ring polled by a thread of an unconfined process (its
	# maker, still running) runs what is queued as that process: a confined
	# task may not map its queues.
	check "$pol: a ring another process polls (SQPOLL), inherited, does not map" EPERM \
		"$(ev $P mmap "[io_uring]" read,write deny builtin)" \
		uringprobe sqprep $T/ctl/secret bpfcon run $P -- uringprobe sqopen 3 $T/ctl/secret
	check "$pol twin: unconfined, that ring opens the secret" ok "" \
		uringprobe sqprep $T/ctl/secret uringprobe sqopen 3 $T/ctl/secret
	if [ $pol = control ]; then
		check "$pol: readlink of a symlink in a folder its restriction hides fails" EPERM \
			"$(ev $P readlink $T/ctl/hidden/l read deny "$(loc $pol.pol 'fs("/work/t/ctl/hidden/**", read)')")" \
			C readlink $T/ctl/hidden/l
		check "$pol twin: readlink of another symlink works" ok - C readlink $T/ctl/l
		# class 7: a new name for what a restriction names (the file, its
		# folder, an ancestor of its folder) would dodge it.
		HL=$(loc $pol.pol 'fs("/work/t/ctl/hidden/**", read)')
		BL=$(loc $pol.pol 'fs("/work/t/ctl/anc/box/**", read)')
		check "$pol: renaming the secret fails" EPERM "$(ev $P rename $T/ctl/secret rm deny "$SL")" \
			C rename $T/ctl/secret $T/ctl/secret2
		check "$pol: a hard link to the secret fails" EPERM \
			"$(ev $P link $T/ctl/secret link deny "$SL")" C link $T/ctl/secret $T/ctl/secret2
		check "$pol: renaming the folder its restriction covers fails" EPERM \
			"$(ev $P rename $T/ctl/hidden rm deny "$HL")" C rename $T/ctl/hidden $T/ctl/shown
		check "$pol: renaming an ancestor of a restricted folder fails" EPERM \
			"$(ev $P rename $T/ctl/anc rm deny "$BL")" C rename $T/ctl/anc $T/ctl/anc2
		check "$pol: the secret still does not read, under its own name" EPERM \
			"$(ev $P file_open $T/ctl/secret read deny "$SL")" C read $T/ctl/secret
		check "$pol twin: renaming, linking other files and folders works" "ok ok ok ok ok ok" - \
			C rename $T/ctl/other $T/ctl/other2 + rename $T/ctl/other2 $T/ctl/other \
			+ link $T/ctl/other $T/ctl/other-l + unlink $T/ctl/other-l \
			+ rename $T/ctl/anc/box2 $T/ctl/anc/box3 + rename $T/ctl/anc/box3 $T/ctl/anc/box2
		check "$pol twin: unconfined, the ancestor renames" "ok ok" "" \
			probe rename $T/ctl/anc $T/ctl/anc2 + rename $T/ctl/anc2 $T/ctl/anc
		check "$pol: through a bind mount made before, a restricted file does not read" EPERM \
			"$(ev $P file_open $T/ctl/anc/box/f read deny "$BL")" C read /work/view/f
		check "$pol: nor through a detached copy of its mount (open_tree)" openat-EPERM \
			"$(ev $P file_open $T/ctl/anc/box/f read deny "$BL")" \
			probe clonetree $T/ctl/anc/box bpfcon run $P -- probe readat 3 f
		check "$pol twin: another folder's bind mount reads" ok - C read /work/view2/g
		check "$pol twin: another folder's detached copy reads" ok - \
			probe clonetree $T/ctl/open bpfcon run $P -- probe readat 3 g
		check "$pol twin: unconfined, both read" "ok ok" "" \
			probe read /work/view/f + clonetree $T/ctl/anc/box probe readat 3 f
	fi
	IL=$(loc $pol.pol 'fs("/work/t/ctl/interp", exec)')
	check "$pol: exec of a program its restriction names fails" EPERM \
		"$(ev $P exec $T/ctl/interp exec deny "$IL")" C exec $T/ctl/interp
	check "$pol: exec of an executable naming that program as its interpreter fails" EPERM \
		"$(ev $P exec $T/ctl/interp exec deny "$IL")" C exec $T/ctl/uses-interp
	check "$pol twin: unconfined, the interpreter runs" ok "" probe exec $T/ctl/uses-interp
	check "$pol twin: an executable naming another interpreter runs" ok - C exec $T/ctl/uses-ok
	if [ "$uselib_there" = ENOEXEC ]; then
		if [ $pol = control ]; then
			check "$pol: uselib of the secret fails (an open for read, not skipped as an exec)" \
				EPERM "$(ev $P file_open $T/ctl/secret read deny "$(loc $pol.pol 'fs("/work/t/ctl/secret", read)')")" \
				C uselib $T/ctl/secret
		fi
		check "$pol twin: uselib of another file opens it (no library: ENOEXEC)" ENOEXEC - \
			C uselib $T/ctl/plain
	else
		check "uselib(2) is not in this kernel ($uselib_there): nothing to confine" ENOSYS "" \
			C uselib $T/ctl/plain
	fi
	unload $P
done
umount /work/view /work/view2
umount $T/ctl
