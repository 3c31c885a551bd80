# SPDX-License-Identifier: GPL-2.0-only
# bench/vs-apparmor.sh - the part of bench/vs-apparmor that runs in the test
# VM (tests/vm/run with VM_APPARMOR=1, as root, in /work, busybox sh; N and
# ROUNDS set by a prelude).  Expects in /work, for each configuration C of
# osb10, osb1000 and osbaudit, C.bpf.o (bpfcon) and C.aa (AppArmor profile
# "osbench"); in /usr/local/bin osbench, osbench-nop, audit-drain, bpfcon
# and bpfcon-load; /sbin/apparmor_parser.  Runs osbench as uid 1000
# unconfined, under AppArmor and under bpfcon for each configuration (see
# bench/vs-apparmor for what and why), prints what it checked and one line
# "result CONFIG SIDE OP NS" per measurement (SIDE free, aa or bpf), and
# exits 1 if anything failed to load, to run, or to be confined.
set -u
N=${N:-2000}
ROUNDS=${ROUNDS:-7}
status=0
R=/tmp/vsaa
mkdir -p $R
OPS="create open stat fork exec connect signal"

fail() { echo "FAILED: $*"; status=1; }

# Leaves nothing loaded, whatever happened.
cleanup() {
	for c in osb10 osb1000 osbaudit; do
		bpfcon unload $c >/dev/null 2>&1
	done
	grep -q '^osbench ' /sys/kernel/security/apparmor/profiles 2>/dev/null &&
		apparmor_parser -R /work/osb10.aa >/dev/null 2>&1
	[ -n "${drain_pid:-}" ] && kill "$drain_pid" 2>/dev/null
	[ -n "${logs_pid:-}" ] && kill "$logs_pid" 2>/dev/null
}
trap cleanup EXIT

echo "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU, no KVM (TCG)"
lsm=$(cat /sys/kernel/security/lsm 2>/dev/null)
echo "LSMs: $lsm"
case ",$lsm," in *,apparmor,*) ;; *) echo "FAILED: AppArmor is not an active LSM"; exit 1 ;; esac
case ",$lsm," in *,bpf,*) ;; *) echo "FAILED: the BPF LSM is not active"; exit 1 ;; esac
[ -d /sys/kernel/security/apparmor ] || { echo "FAILED: no /sys/kernel/security/apparmor"; exit 1; }
aaver=$(apparmor_parser -V 2>&1 | head -n 1) || { echo "FAILED: apparmor_parser does not run: $aaver"; exit 1; }
echo "$aaver; kernel AppArmor $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)"
echo "osbench as uid 1000, ns/op, best of $ROUNDS rounds of $N (fork, exec, connect: $((N / 10)))"

ip link set lo up || { echo "FAILED: cannot bring lo up"; exit 1; }
mkdir -p /tmp/osb
chown user:user /tmp/osb
# The unconfined twin: another path (AppArmor attaches by path) and another
# inode (bpfcon enters by file identity).
cp /usr/local/bin/osbench /usr/local/bin/osbench-free
chmod 755 /usr/local/bin/osbench-free

# bench OUT PROGRAM: runs PROGRAM's whole set as uid 1000 into OUT.
bench() {
	rm -rf /tmp/osb/*
	out=$(su user -c "$2 -n $N -r $ROUNDS" 2>&1)
	rc=$?
	if [ $rc != 0 ]; then
		fail "$1: osbench exit $rc: $out"
		: >"$1"
		return 1
	fi
	echo "$out" >"$1"
}

# denied WHAT: the confined osbench must not create a directory its rules
# do not name (so the run above was confined).
denied() {
	out=$(su user -c "/usr/local/bin/osbench -n 1 -r 1 -d /tmp/osb-denied create" 2>&1)
	rc=$?
	rmdir /tmp/osb-denied 2>/dev/null
	if [ $rc = 0 ]; then
		fail "$1: the confined osbench was not denied /tmp/osb-denied"
	else
		echo "  $1 check: denied as it should ($out)"
	fi
}

# One untimed run first: the first run of a fresh VM pays for cold caches.
bench $R/warmup /usr/local/bin/osbench-free

for c in osb10 osb1000 osbaudit; do
	bench $R/$c.free /usr/local/bin/osbench-free

	# AppArmor.
	if out=$(apparmor_parser -r -K /work/$c.aa 2>&1); then
		grep -q '^osbench (enforce)' /sys/kernel/security/apparmor/profiles ||
			fail "$c: apparmor_parser loaded no enforcing profile osbench"
		drain_pid=""
		if [ $c = osbaudit ]; then
			audit-drain >$R/drain.out 2>&1 &
			drain_pid=$!
			i=0
			until grep -q ready $R/drain.out; do
				i=$((i + 1))
				[ $i -gt 100 ] && { fail "audit-drain did not start: $(cat $R/drain.out)"; break; }
				sleep 0.1
			done
		fi
		bench $R/$c.aa /usr/local/bin/osbench
		denied "AppArmor $c"
		if [ -n "$drain_pid" ]; then
			sleep 1
			kill -TERM "$drain_pid"
			wait "$drain_pid" || fail "audit-drain failed: $(cat $R/drain.out)"
			drain_pid=""
			echo "  AppArmor audit: $(sed -n 's/^audit-drain: \([0-9].*\)/\1/p' $R/drain.out)"
		fi
		apparmor_parser -R /work/$c.aa >/dev/null 2>&1 || fail "$c: apparmor_parser -R failed"
	else
		fail "$c: apparmor_parser -r failed: $out"
		: >$R/$c.aa
	fi

	# bpfcon.
	if out=$(bpfcon-load /work/$c.bpf.o 2>&1); then
		logs_pid=""
		if [ $c = osbaudit ]; then
			bpfcon logs -f >$R/logs.out 2>$R/logs.err &
			logs_pid=$!
			sleep 1
		fi
		bench $R/$c.bpf /usr/local/bin/osbench
		denied "bpfcon $c"
		if [ -n "$logs_pid" ]; then
			sleep 1
			kill -TERM "$logs_pid"
			wait "$logs_pid"
			logs_pid=""
			lost=$(bpfcon status --format=prometheus 2>/dev/null |
				sed -n "s/^bpfcon_lost_events_total{policy=\"$c\"} \([0-9]*\)/\1/p")
			echo "  bpfcon audit: $(wc -l <$R/logs.out) records read by bpfcon logs -f, ${lost:-?} lost"
			rm -f $R/logs.out
		fi
		bpfcon unload $c >/dev/null 2>&1 || fail "$c: bpfcon unload failed"
	else
		fail "$c: bpfcon-load failed: $out"
		: >$R/$c.bpf
	fi
done

# The results, one line per measurement, for bench/vs-apparmor's table
# (busybox awk has no log() for the geometric means).
for c in osb10 osb1000 osbaudit; do
	for side in free aa bpf; do
		sed "s/^/result $c $side /" $R/$c.$side
	done
done
exit $status
