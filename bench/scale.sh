# SPDX-License-Identifier: GPL-2.0-only
# bench/scale.sh - the part of bench/scale that runs in the test VM
# (tests/vm/run, as root, in /work, busybox sh).  Expects the generated
# policies (bench/scale-gen) as /work/scale/pN.bpf.o and scale-ops
# (bench/scale-ops.c) in /usr/local/bin; the host script puts its settings
# (SIZES, N, NFORK, ROUNDS, LOAD_TIMEOUT, JOBS) in a prelude.
#
# One boot: the rows of SIZES in increasing order, each adding policies to
# those already loaded.  For each row, as uid 1000, best of ROUNDS:
# open()+close(), stat(), read() and write() of one byte, utimensat() (N
# each) and
# fork+exec+exit (NFORK) for a process
# no policy confines (/opt/scale/bin/unconf, a copy of scale-ops) and for one
# confined by scale-p1 (/opt/scale/bin/p1, its command, another copy).
# Each load is bpfcon-load's wall time, JOBS loads running side by side
# (with JOBS > 1 a load shares the CPUs, and takes longer); a failed or hung load (LOAD_TIMEOUT
# seconds) ends the run there with a message, after measuring what was
# loaded (a row "N/M": N of its M policies).  Kernel memory: the memlock
# of every BPF program and map (scale-ops mem: the kernel's own account),
# the /proc/meminfo delta of SUnreclaim + KernelStack + Percpu +
# VmallocUsed, and of MemTotal - MemAvailable ("used": everything, the
# pins' files included), each from the row of 0 policies divided by the
# row's count, and from the row before divided by the policies added
# since.  Each row is printed as soon as it is measured.
# Every row with a policy also checks the confinement is real: p1 may not
# open /opt/scale/files/secret, may open its twin /opt/scale/files/file,
# and the unconfined copy opens the secret.
set -u
SIZES=${SIZES:-0 1 10 100 1000}
N=${N:-5000} NFORK=${NFORK:-100} ROUNDS=${ROUNDS:-5}
LOAD_TIMEOUT=${LOAD_TIMEOUT:-600} JOBS=${JOBS:-1}
OPS=/usr/local/bin/scale-ops
B=/opt/scale/bin F=/opt/scale/files
status=0

max=0
for s in $SIZES; do [ "$s" -gt "$max" ] && max=$s; done
mkdir -p $B $F
echo data >$F/file
echo secret >$F/secret
echo mine >$F/mine
chmod 755 /opt/scale $B $F
chmod 644 $F/*
chown user $F/mine	# utimensat to now: its owner
# Two copies of scale-ops (two inodes: running p1 enters scale-p1, running
# unconf enters nothing); every other policy's command is a small file of
# its own.
cp $OPS $B/p1
cp $OPS $B/unconf
i=2
while [ $i -le "$max" ]; do
	printf '#!/bin/sh\nexit 0\n' >$B/p$i
	i=$((i + 1))
done
chmod 755 $B/*

# The memory figures: memlock bytes of programs and maps, and meminfo kB
# (the kernel's objects; used).
mem() {
	$OPS mem | awk '{ b += $3; n = n " " $1 "=" $2 } END { printf "%d%s", b, n }'
	awk '/^(SUnreclaim|KernelStack|Percpu|VmallocUsed):/ { k += $2 }
	     /^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2 }
	     END { printf " %d %d\n", k, t - a }' /proc/meminfo
}
# ops BIN: "OPEN STAT FORK READ WRITE UTIMES" ns of BIN's ops as uid 1000,
# or "- - - - - -".
ops() {
	out=$(su user -c "$1 ops $N $NFORK $ROUNDS $F/file $F/mine" 2>&1)
	if [ $? != 0 ]; then
		echo "  $1 ops failed: $out" >&2
		: >/tmp/ops-failed
		echo "- - - - - -"
		return
	fi
	echo "$out" | awk '{ v[$1] = $2 } END { print v["open_close"], v["stat"], v["fork_exec"], v["read"], v["write"], v["utimes"] }'
}
# check LABEL EXPECT BIN PATH: BIN opens PATH as uid 1000; EXPECT ok|EPERM.
check() {
	out=$(su user -c "$3 open $4" 2>&1); rc=$?
	case $2/$rc in
	ok/0) ;;
	EPERM/1) echo "$out" | grep -q 'Operation not permitted' || { echo "  check FAILED: $1: $out"; status=1; } ;;
	*) echo "  check FAILED: $1: expected $2, got exit $rc: $out"; status=1 ;;
	esac
}

# table [1]: the table of the rows measured so far (1: only the last row,
# printed as soon as it is measured, so that a run which dies later keeps it).
table() {
	awk -v only_last="${1:-0}" '
BEGIN {
	if (!only_last) {
	printf "%-9s | %-52s | %-52s | %-17s | %-53s\n", "", "unconfined process", "confined by scale-p1", "load ms", "KiB per policy: from 0 | marginal"
	printf "%-9s | %7s %7s %9s %7s %7s %7s | %7s %7s %9s %7s %7s %7s | %5s %5s %5s | %8s %8s %8s | %8s %8s %8s\n", "policies", "open", "stat", "fork+exec", "read", "write", "utimes", "open", "stat", "fork+exec", "read", "write", "utimes", "min", "med", "max", "memlock", "meminfo", "used", "memlock", "meminfo", "used"
	}
}
{
	# label loaded | uo us uf ur uw ut | co cs cf cr cw ct | lmin lmed lmax | base: memlock progs= maps= kB used | now: the same
	l = $2; ml = mi = mu = dl = di = du = "-"
	if (l > 0) { ml = sprintf("%.0f", ($23 - $18) / 1024 / l); mi = sprintf("%.0f", ($26 - $21) / l); mu = sprintf("%.0f", ($27 - $22) / l) }
	if (NR > 1 && l > pl) { dl = sprintf("%.0f", ($23 - pml) / 1024 / (l - pl)); di = sprintf("%.0f", ($26 - pmi) / (l - pl)); du = sprintf("%.0f", ($27 - pmu) / (l - pl)) }
	line = sprintf("%-9s | %7s %7s %9s %7s %7s %7s | %7s %7s %9s %7s %7s %7s | %5s %5s %5s | %8s %8s %8s | %8s %8s %8s", $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, ml, mi, mu, dl, di, du)
	if (!only_last) print line
	pl = l; pml = $23; pmi = $26; pmu = $27; lp = $24; lm = $25
}
END { if (only_last) { if (NR) print "row " $1 ": " line; exit }
	if (NR) printf "(at the last row: %s, %s loaded in all; a row N/M stopped at N of M; marginal: per policy added since the row before)\n", lp, lm }' $rows
}

echo "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU (TCG), $(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB"
echo "rows: $SIZES; best of $ROUNDS x $N open+close / stat / read / write / utimes, x $NFORK fork+exec+exit"
loaded=0
rows=/tmp/rows
: >$rows
rm -f /tmp/ops-failed
ops $B/unconf >/dev/null	# a first run warms the caches up
base_mem=$(mem)
for s in $SIZES; do
	times=/tmp/load-times
	: >$times
	t0=$(date +%s)
	failed=""
	while [ $loaded -lt "$s" ] && [ -z "$failed" ]; do
		# JOBS loads side by side (each timed on its own), then their results
		# in order: the first failure ends the row.
		first=$((loaded + 1)) i=$first
		while [ $i -lt $((first + JOBS)) ] && [ $i -le "$s" ]; do
			(timeout "$LOAD_TIMEOUT" $OPS -t bpfcon-load /work/scale/p$i.bpf.o >/tmp/load.$i 2>&1
			 echo $? >/tmp/load.$i.rc) &
			i=$((i + 1))
		done
		wait
		k=$first
		while [ $k -lt $i ]; do
			rc=$(cat /tmp/load.$k.rc 2>/dev/null || echo 125)
			if [ -n "$failed" ]; then
				:
			elif [ "$rc" = 0 ]; then
				sed -n 's/^elapsed: \([0-9]*\) ns$/\1/p' /tmp/load.$k >>$times
				loaded=$k
				[ $((k % 100)) = 0 ] && echo "  ... $k policies loaded ($(( $(date +%s) - t0 )) s for this row)"
			elif [ "$rc" = 124 ] || [ "$rc" = 143 ]; then
				failed="loading scale-p$k timed out after ${LOAD_TIMEOUT}s"
			else
				failed="loading scale-p$k failed (exit $rc): $(grep -v '^elapsed:' /tmp/load.$k | head -n 3)"
			fi
			rm -f /tmp/load.$k /tmp/load.$k.rc
			k=$((k + 1))
		done
	done
	label=$s
	if [ -n "$failed" ]; then
		# The row is measured as far as it got, then the run ends.
		echo "row $s: stopped with $loaded policies loaded: $failed"
		status=1
		label="$loaded/$s"
	fi
	nl=$(wc -l <$times)
	[ "$nl" -gt 0 ] && echo "row $s: loaded $nl policies in $(( $(date +%s) - t0 )) s"
	m=$(mem)
	free_ops=$(ops $B/unconf)
	conf_ops="- - - - - -"
	if [ "$loaded" -gt 0 ]; then
		conf_ops=$(ops $B/p1)
		check "row $label: p1 opens the secret" EPERM $B/p1 $F/secret
		check "row $label: p1 opens its twin, the file" ok $B/p1 $F/file
		check "row $label: the unconfined copy opens the secret" ok $B/unconf $F/secret
	fi
	# load min / median / max, ms
	lt=$(sort -n $times | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- - -"; exit }
		printf "%.0f %.0f %.0f", v[1] / 1e6, v[int((NR + 1) / 2)] / 1e6, v[NR] / 1e6 }')
	echo "$label $loaded $free_ops $conf_ops $lt $base_mem $m" >>$rows
	table 1
	[ -n "$failed" ] && break
done

echo
echo "bench/scale: ns per operation (best of $ROUNDS), uid 1000; load: bpfcon-load wall ms of the row's new policies (min/median/max);"
echo "kernel memory per policy: memlock of all BPF programs and maps (the kernel's accounting), /proc/meminfo SUnreclaim+KernelStack+Percpu+VmallocUsed,"
echo "and used: MemTotal - MemAvailable (all that loading took, the files of the policies' pins included)"
table
[ -e /tmp/ops-failed ] && status=1
exit $status
