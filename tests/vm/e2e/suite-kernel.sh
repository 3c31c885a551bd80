# SPDX-License-Identifier: GPL-2.0-only
# suite-kernel.sh - tests/vm/e2e: what depends on the kernel the VM booted
# (tests/vm/e2e/run runs the suite on Debian's 6.1 and 6.12 kernels),
# sourced by suite.sh (its helpers pass, fail, check).
#  - `bpfcon doctor` finds everything in place and says so (exit 0); the
#    boot without the BPF LSM is tests/vm/nolsm.
#  - The verifier budget: every program of every shipped policy (the
#    seed-*.bpf.o of policies/) and of the largest e2e policy (scale, 10,000
#    rules) stays at or under 200,000 processed instructions, a fifth of
#    the kernel's limit (bpfcon-load --verify-only: loaded, nothing attached).

echo "# kernel: Linux $(uname -r)"
out=$(bpfcon doctor 2>&1)
r=$?
if [ $r = 0 ] && printf '%s\n' "$out" | grep -q "^ok   kernel       Linux $(uname -r)\$" &&
	printf '%s\n' "$out" | grep -q '^ok   bpf-lsm ' &&
	! printf '%s\n' "$out" | grep -q '^FAIL'; then
	pass "doctor: everything in place on Linux $(uname -r)"
else
	fail "doctor on Linux $(uname -r)" "exit $r" "$out"
fi

BUDGET=200000
for o in /work/seed-*.bpf.o /work/scale.bpf.o; do
	[ -f "$o" ] || continue
	n=$(basename "$o" .bpf.o)
	out=$(bpfcon-load --verify-only "$o" 2>&1)
	r=$?
	worst=$(printf '%s\n' "$out" | awk '/^  bpfcon_/ && $4 + 0 > m { m = $4 + 0; p = $1 } END { print m + 0, p }')
	progs=$(printf '%s\n' "$out" | grep -c '^  bpfcon_')
	if [ $r = 0 ] && [ "$progs" -gt 0 ] && [ "${worst% *}" -le $BUDGET ]; then
		pass "verifier budget: $n, $progs programs, the largest $worst processed instructions (<= $BUDGET)"
	else
		fail "verifier budget: $n" "exit $r, largest: $worst (budget $BUDGET)" "$out"
	fi
done
