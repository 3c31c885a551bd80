# SPDX-License-Identifier: GPL-2.0-only
# bench/vs-apparmor.sh - the part of bench/vs-apparmor that runs in the test
# VM (tests/vm/run with VM_APPARMOR=1, as root, in /work, busybox sh; N,
# ROUNDS and READER set by a prelude).  Expects in /work, for each configuration C of
# osb10, osb1000 and osbaudit, C.bpf.o (bpfcon) and C.aa (AppArmor profile
# "osbench"); in /usr/local/bin osbench, osbench-nop, audit-drain, bpfcon
# and bpfcon-load; /sbin/apparmor_parser.  Runs osbench as uid 1000
# unconfined, under AppArmor and under bpfcon for each configuration (see
# bench/vs-apparmor for what and why), prints what it checked and one line
# "result CONFIG SIDE OP NS" per measurement (SIDE free, aa or bpf), and
# exits 1 if anything failed to load, to run, or to be confined.
set -u
N=${N:-2000}
ROUNDS=${ROUNDS:-8}
READER=${READER:-1}
status=0
R=/tmp/vsaa
mkdir -p $R

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
echo "osbench as uid 1000, ns/op, best of $ROUNDS x 2 rounds of $N (fork, exec, connect: $((N / 10))), the three sides in turn"

ip link set lo up || { echo "FAILED: cannot bring lo up"; exit 1; }
mkdir -p /tmp/osb
chown user:user /tmp/osb
# The unconfined twin: another path (AppArmor attaches by path) and another
# inode (bpfcon enters by file identity).
cp /usr/local/bin/osbench /usr/local/bin/osbench-free
chmod 755 /usr/local/bin/osbench-free

# bench OUT PROGRAM: runs PROGRAM's whole set once as uid 1000 (best of 2
# rounds inside), into OUT.
bench() {
	rm -rf /tmp/osb/*
	out=$(su user -c "$2 -n $N -r 2" 2>&1)
	rc=$?
	if [ $rc != 0 ]; then
		fail "$1: osbench exit $rc: $out"
		: >"$1"
		return 1
	fi
	echo "$out" >"$1"
}

# best BEST NEW: keeps in BEST the lowest ns/op of each operation.
best() {
	if [ -s "$1" ]; then
		awk 'NR == FNR { b[$1] = $2; next }
		     { if (!($1 in b) || $2 + 0 < b[$1] + 0) b[$1] = $2; o[++n] = $1 }
		     END { for (i = 1; i <= n; i++) print o[i], b[o[i]] }' "$1" "$2" >"$1.new" &&
			mv "$1.new" "$1"
	else
		cp "$2" "$1"
	fi
}

# denied WHAT: the confined osbench must not create a directory its rules
# do not name (so the runs are confined).
denied() {
	out=$(su user -c "/usr/local/bin/osbench -n 1 -r 1 -d /tmp/osb-denied create" 2>&1)
	rc=$?
	rmdir /tmp/osb-denied 2>/dev/null
	if [ $rc = 0 ]; then
		fail "$1: the confined osbench was not denied /tmp/osb-denied"
	else
		echo "  $1: confined (denied: $out)"
	fi
}

# run_aa C ROUND: one AppArmor run of configuration C.
run_aa() {
	if ! out=$(apparmor_parser -r -K /work/$1.aa 2>&1); then
		fail "$1: apparmor_parser -r /work/$1.aa failed: $out"
		eval "broken_aa_$1=1"
		return
	fi
	grep -q '^osbench (enforce)' /sys/kernel/security/apparmor/profiles ||
		fail "$1: apparmor_parser loaded no enforcing profile osbench"
	drain_pid=""
	if [ $1 = osbaudit ] && [ "$READER" = 1 ]; then
		rm -f $R/drain.out
		audit-drain $R/audit.log >$R/drain.out 2>&1 &
		drain_pid=$!
		i=0
		until grep -q ready $R/drain.out 2>/dev/null; do
			i=$((i + 1))
			[ $i -gt 100 ] && { fail "audit-drain did not start: $(cat $R/drain.out)"; break; }
			sleep 0.1
		done
	fi
	bench $R/run /usr/local/bin/osbench && best $R/$1.aa $R/run
	[ "$2" = 1 ] && denied "AppArmor $1"
	if [ -n "$drain_pid" ]; then
		sleep 1
		kill -TERM "$drain_pid"
		wait "$drain_pid" || fail "audit-drain failed: $(cat $R/drain.out)"
		drain_pid=""
		set -- "$1" "$2" $(sed -n 's/^audit-drain: \([0-9]*\) records, \([0-9]*\) AVCs.*, \([0-9]*\) lost$/\1 \2 \3/p' $R/drain.out)
		aa_records=$((aa_records + ${3:-0})) aa_lost=$((aa_lost + ${5:-0}))
		rm -f $R/audit.log
	fi
	apparmor_parser -R /work/$1.aa >/dev/null 2>&1 || fail "$1: apparmor_parser -R failed"
}

# run_bpf C ROUND: one bpfcon run of configuration C.
run_bpf() {
	if ! out=$(bpfcon-load /work/$1.bpf.o 2>&1); then
		fail "$1: bpfcon-load /work/$1.bpf.o failed: $out"
		eval "broken_bpf_$1=1"
		return
	fi
	logs_pid=""
	if [ $1 = osbaudit ] && [ "$READER" = 1 ]; then
		bpfcon logs -f >$R/logs.out 2>$R/logs.err &
		logs_pid=$!
		sleep 1
	fi
	bench $R/run /usr/local/bin/osbench && best $R/$1.bpf $R/run
	[ "$2" = 1 ] && denied "bpfcon $1"
	if [ $1 = osbaudit ]; then
		if [ -n "$logs_pid" ]; then
			sleep 1
			kill -TERM "$logs_pid"
			wait "$logs_pid"
			logs_pid=""
			bpf_records=$((bpf_records + $(wc -l <$R/logs.out)))
			rm -f $R/logs.out
		fi
		lost=$(bpfcon status --format=prometheus 2>/dev/null |
			sed -n "s/^bpfcon_lost_events_total{policy=\"$1\"} \([0-9]*\)$/\1/p")
		bpf_lost=$((bpf_lost + ${lost:-0}))
	fi
	bpfcon unload $1 >/dev/null 2>&1 || fail "$1: bpfcon unload failed"
}

# One untimed run first: the first run of a fresh VM pays for cold caches.
bench $R/warmup /usr/local/bin/osbench-free

# The three sides take turns, round after round, so that a slow spell of
# the (shared, emulated) host spreads over all three.
for c in osb10 osb1000 osbaudit; do
	aa_records=0 aa_lost=0 bpf_records=0 bpf_lost=0
	r=1
	while [ $r -le "$ROUNDS" ]; do
		bench $R/run /usr/local/bin/osbench-free && best $R/$c.free $R/run
		eval "[ -n \"\${broken_aa_$c:-}\" ]" || run_aa $c $r
		eval "[ -n \"\${broken_bpf_$c:-}\" ]" || run_bpf $c $r
		r=$((r + 1))
	done
	if [ $c = osbaudit ]; then
		if [ "$READER" = 1 ]; then
			echo "  AppArmor audit: $aa_records records read by audit-drain, $aa_lost lost (kernel audit lost count)"
			echo "  bpfcon audit: $bpf_records records read by bpfcon logs -f, $bpf_lost lost (bpfcon status)"
		else
			echo "  no log readers (READER=0); bpfcon lost $bpf_lost events (its ring buffer was full)"
		fi
	fi
	for side in free aa bpf; do [ -f $R/$c.$side ] || : >$R/$c.$side; done
done

# The results, one line per measurement, for bench/vs-apparmor's table
# (busybox awk has no log() for the geometric means).
for c in osb10 osb1000 osbaudit; do
	for side in free aa bpf; do
		sed "s/^/result $c $side /" $R/$c.$side
	done
done
exit $status
