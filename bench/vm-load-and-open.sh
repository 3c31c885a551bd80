# SPDX-License-Identifier: GPL-2.0-only
# bench/vm-load-and-open.sh - the part of bench/vm-load-and-open that runs
# in the test VM (tests/vm/run, as root, in /work, busybox sh).  Expects the
# objects POLICY.bpf.o of policies/ and openbench.bpf.o in /work, and
# bpfcon, bpfcon-load and open-close in /usr/local/bin.  Prints:
#  (a) how long `bpfcon-load` takes to load and attach each policy (first
#      load, and best of LOADS fresh loads, each followed by an unload);
#  (b) open()+close() latency of one file, as uid 1000: with no policy
#      loaded, with openbench loaded but the process not confined (a copy of
#      open-close, which is not the policy's command), with the process
#      confined by openbench (`bpfcon run`), and unloaded again;
#      then checks the confinement was real (a denied open, and its log).
set -u
N=${N:-20000}
ROUNDS=${ROUNDS:-5}
LOADS=${LOADS:-3}
status=0

ms() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'; }

echo "kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU, no KVM (TCG)"
echo "(a) load + attach with bpfcon-load, ms (first, best of $LOADS)"
for obj in /work/*.bpf.o; do
	name=$(basename "$obj" .bpf.o)
	[ "$name" = openbench ] && continue
	first="" best=""
	for _ in $(seq 1 "$LOADS"); do
		# Unload before running anything else: a policy whose command
		# is a busybox applet here (httpd: /usr/sbin/httpd) confines
		# every busybox command started while it is loaded.
		open-close -t bpfcon-load "$obj" >/tmp/load.out 2>&1
		rc=$?
		bpfcon unload "$name" >/tmp/unload.out 2>&1
		if [ $rc != 0 ]; then
			echo "  $name: bpfcon-load failed (exit $rc):"
			sed 's/^/    /' /tmp/load.out | head -n 20
			status=1
			break
		fi
		grep -q '^unloaded ' /tmp/unload.out || { echo "  $name: unload failed: $(cat /tmp/unload.out)"; status=1; }
		ns=$(sed -n 's/^elapsed: \([0-9]*\) ns$/\1/p' /tmp/load.out)
		[ -z "$first" ] && first=$ns
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
	done
	[ -n "$best" ] && printf '  %-10s %8s %8s   %s\n' "$name" "$(ms "$first")" "$(ms "$best")" \
		"$(grep '^loaded ' /tmp/load.out)"
done

mkdir -p /work/bench-files
echo data >/work/bench-files/file
echo secret >/work/bench-files/secret
chmod 755 /work/bench-files
chmod 644 /work/bench-files/*
F=/work/bench-files/file

oc() { # LABEL CMD: runs CMD as uid 1000, prints LABEL and its ns/op
	out=$(su user -c "$2" 2>&1); rc=$?
	if [ $rc != 0 ]; then
		echo "  $1: failed (exit $rc): $out"
		status=1
		return
	fi
	printf '  %-40s %s\n' "$1" "$(echo "$out" | sed -n 's/^open-close: \([0-9]*\) ns\/op.*/\1 ns/p')"
}

echo "(b) open()+close() of $F as uid 1000, best of $ROUNDS x $N"
oc "no policy loaded" "open-close $N $ROUNDS $F"
out=$(bpfcon-load /work/openbench.bpf.o 2>&1) || { echo "  bpfcon-load openbench failed: $out"; exit 1; }
# A copy is another inode, so it does not enter openbench by being run
# (the policy's command is /usr/local/bin/open-close).
cp /usr/local/bin/open-close /tmp/open-close-copy
oc "openbench loaded, process not confined" "/tmp/open-close-copy $N $ROUNDS $F"
oc "confined: bpfcon run openbench" "/usr/local/bin/bpfcon run openbench -- open-close $N $ROUNDS $F"

# The confinement was real: the same program may not open the secret.
bpfcon logs >/dev/null 2>&1
out=$(su user -c "/usr/local/bin/bpfcon run openbench -- open-close 1 1 /work/bench-files/secret" 2>&1); rc=$?
if [ $rc != 0 ] && echo "$out" | grep -q 'Operation not permitted'; then
	echo "  check: confined open of bench-files/secret is denied ($out)"
else
	echo "  check FAILED: confined open of bench-files/secret: exit $rc: $out"
	status=1
fi
denials=$(bpfcon logs 2>&1 | grep '^bpfcon="DENIED"')
if [ -n "$denials" ]; then
	echo "  logged: $(echo "$denials" | head -n 1 | cut -d' ' -f3-)"
else
	echo "  check FAILED: no deny in bpfcon logs"
	status=1
fi
bpfcon unload openbench >/dev/null 2>&1
oc "unloaded again, no policy" "open-close $N $ROUNDS $F"
exit $status
