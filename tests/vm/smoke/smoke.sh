# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/smoke/smoke.sh: the VM side of `make vm-smoke`.  Runs in the test
# VM (tests/vm/run) with the static loader `smoke` in /usr/local/bin and
# smoke.bpf.o in the working directory, and shows that a BPF LSM program is
# enforced: while it is attached, opening the denied file fails with EPERM
# (for root and for uid 1000) and another file still opens; once it is
# detached, the denied file opens again.  Exits 0 only if all of that holds.
set -u

if [ "${1:-}" = attached ]; then
	# Runs under `smoke`, with the program attached.
	bad=0
	if out=$(cat /work/denied 2>&1); then
		echo "FAIL root opened /work/denied: $out"; bad=1
	else
		echo "ok   root: cat /work/denied: $out"
		case $out in *"Operation not permitted"*) ;; *) echo "FAIL not EPERM"; bad=1;; esac
	fi
	if out=$(su user -c 'cat /work/denied' 2>&1); then
		echo "FAIL uid 1000 opened /work/denied: $out"; bad=1
	else
		echo "ok   uid 1000: cat /work/denied: $out"
	fi
	if out=$(cat /work/allowed 2>&1) && [ "$out" = allowed ]; then
		echo "ok   root: cat /work/allowed: $out"
	else
		echo "FAIL root could not open /work/allowed: $out"; bad=1
	fi
	exit $bad
fi

echo denied >/work/denied
echo allowed >/work/allowed
chmod 0644 /work/denied /work/allowed
echo "kernel $(uname -r), lsm $(cat /sys/kernel/security/lsm)"

fails=0
smoke ./smoke.bpf.o /work/denied /bin/sh "$0" attached || fails=1
if out=$(cat /work/denied 2>&1) && [ "$out" = denied ]; then
	echo "ok   after detach: cat /work/denied: $out"
else
	echo "FAIL after detach: cat /work/denied: $out"; fails=1
fi
[ $fails = 0 ] && echo "smoke: enforcement works" || echo "smoke: enforcement FAILED"
exit $fails
