# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/many/many.sh: many policies at once, run as root in the test VM
# by tests/vm/many/run (one boot).  /work/many holds COUNT generated
# policies (bench/scale-gen: scale-p1 .. scale-pCOUNT, each with its own
# name and command /opt/scale/bin/pN, default deny), /usr/local/bin
# scale-ops (bench/scale-ops.c), bpfcon and bpfcon-load.  Loads them all
# (JOBS at a time; a load that fails or hangs past LOAD_TIMEOUT seconds
# stops the loading with its message), then shows the first and the last
# enforced, each with a denial and its allowed twin in one process, the
# denial logged, and an unconfined process unaffected; then unloads them
# all.  Prints "ok N - ..." / "not ok N - ..." lines and
# "many: N passed, M failed"; exits 1 on any failure.
set -u
COUNT=${COUNT:-1000} JOBS=${JOBS:-1} LOAD_TIMEOUT=${LOAD_TIMEOUT:-600}
B=/opt/scale/bin F=/opt/scale/files PIN=/sys/fs/bpf/bpfcon
passes=0 fails=0 n=0
pass() { n=$((n + 1)); passes=$((passes + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1)); fails=$((fails + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do printf '%s\n' "$l"; done | sed 's/^/#   /'
}

mkdir -p $B $F
echo data >$F/file
echo secret >$F/secret
chmod 755 /opt/scale $B $F
chmod 644 $F/*
# The first and the last policy's commands are copies of scale-ops (their
# own inodes), and so is an unconfined one; the others are small files.
last=$COUNT
cp /usr/local/bin/scale-ops $B/unconf
i=1
while [ $i -le "$COUNT" ]; do
	if [ $i = 1 ] || [ $i = "$last" ]; then
		cp /usr/local/bin/scale-ops $B/p$i
	else
		printf '#!/bin/sh\nexit 0\n' >$B/p$i
	fi
	i=$((i + 1))
done
chmod 755 $B/*

# --- load them all ---------------------------------------------------------
t0=$(date +%s)
loaded=0 failed=""
i=1
while [ $i -le "$COUNT" ] && [ -z "$failed" ]; do
	first=$i j=0
	while [ $j -lt "$JOBS" ] && [ $i -le "$COUNT" ]; do
		(timeout "$LOAD_TIMEOUT" bpfcon-load /work/many/p$i.bpf.o >/tmp/load.$i 2>&1
		 echo $? >/tmp/load.$i.rc) &
		i=$((i + 1)) j=$((j + 1))
	done
	wait
	k=$first
	while [ $k -lt $i ]; do
		rc=$(cat /tmp/load.$k.rc 2>/dev/null || echo "?")
		if [ "$rc" = 0 ]; then
			loaded=$((loaded + 1))
		elif [ -z "$failed" ]; then
			case $rc in
			124 | 143) failed="scale-p$k: bpfcon-load hung, killed after ${LOAD_TIMEOUT}s" ;;
			*) failed="scale-p$k: bpfcon-load exit $rc: $(head -n 3 /tmp/load.$k)" ;;
			esac
		fi
		rm -f /tmp/load.$k /tmp/load.$k.rc
		k=$((k + 1))
	done
	[ $((loaded % 100)) = 0 ] && [ $loaded -gt 0 ] && echo "# $loaded loaded, $(( $(date +%s) - t0 )) s"
done
secs=$(( $(date +%s) - t0 ))
if [ -z "$failed" ]; then
	pass "$COUNT policies loaded, $JOBS at a time, in $secs s"
else
	fail "$COUNT policies loaded: stopped after $loaded ($secs s)" "$failed"
fi
pinned=$(ls $PIN 2>/dev/null | grep -c '^scale-p')
if [ "$pinned" = "$loaded" ]; then
	pass "$loaded policies pinned under $PIN"
else
	fail "$loaded policies pinned under $PIN" "found $pinned"
fi
listed=$(bpfcon list 2>&1 | grep -c 'scale-p')
if [ "$listed" = "$loaded" ]; then
	pass "bpfcon list names the $loaded policies"
else
	fail "bpfcon list names the $loaded policies" "it names $listed: $(bpfcon list 2>&1 | tail -n 3)"
fi

# --- enforced: a denial and its allowed twin, in one process ------------
# enforced N: policy scale-pN (when loaded) confines /opt/scale/bin/pN.
enforced() {
	p=$1
	[ -d $PIN/scale-p$p ] || { fail "scale-p$p enforced" "scale-p$p is not loaded"; return; }
	bpfcon logs >/dev/null 2>&1	# drain what came before
	out=$(su user -c "$B/p$p open $F/file $F/secret" 2>&1)
	exp="open $F/file: ok
open $F/secret: Operation not permitted"
	if [ "$out" = "$exp" ]; then
		pass "scale-p$p: its command reads $F/file and is denied $F/secret, in one process"
	else
		fail "scale-p$p: its command reads $F/file and is denied $F/secret, in one process" \
			"expected:" "$exp" "got:" "$out"
	fi
	logs=$(bpfcon logs 2>&1)
	d=$(echo "$logs" | grep '^bpfcon="DENIED"' | grep "policy=\"scale-p$p\"")
	if echo "$d" | grep -q "name=\"$F/secret\".*by=\"rules\" rule=\"p$p.pol:" &&
		! echo "$logs" | grep '^bpfcon="DENIED"' | grep -q "name=\"$F/file\""; then
		pass "scale-p$p: the denial is logged with its rule, the twin is not"
	else
		fail "scale-p$p: the denial is logged with its rule, the twin is not" \
			"bpfcon logs:" "$(echo "$logs" | tail -n 5)"
	fi
}
enforced 1
[ "$last" != 1 ] && enforced "$last"

out=$(su user -c "$B/unconf open $F/file $F/secret" 2>&1)
if [ "$out" = "open $F/file: ok
open $F/secret: ok" ]; then
	pass "an unconfined process reads both files"
else
	fail "an unconfined process reads both files" "$out"
fi

# --- unload them all -------------------------------------------------------
t0=$(date +%s)
bad=""
for d in $PIN/scale-p*; do
	[ -d "$d" ] || continue
	out=$(bpfcon unload "${d##*/}" 2>&1) || { bad="${d##*/}: $out"; break; }
done
secs=$(( $(date +%s) - t0 ))
left=$(ls $PIN 2>/dev/null | grep -c '^scale-p')
if [ -z "$bad" ] && [ "$left" = 0 ]; then
	pass "$loaded policies unloaded in $secs s"
else
	fail "$loaded policies unloaded" "$bad" "$left left"
fi
out=$(su user -c "$B/p1 open $F/secret" 2>&1)
if [ "$out" = "open $F/secret: ok" ]; then
	pass "unloaded: scale-p1's command reads $F/secret"
else
	fail "unloaded: scale-p1's command reads $F/secret" "$out"
fi

echo "many: $passes passed, $fails failed"
[ $fails = 0 ]
