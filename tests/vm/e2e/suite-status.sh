# SPDX-License-Identifier: GPL-2.0-only
# suite-status.sh - tests/vm/e2e: `bpfcon status` and switching a loaded
# policy's mode in place with `bpfcon complain NAME` / `bpfcon enforce NAME`
# (no object, no gap), on allow.pol (default allow, a restriction on
# /work/t/a/secret); sourced by suite.sh (its helpers check, ev, loc, load,
# unload, pass, fail).

load allow
P=e2e-allow
A() { bpfcon run e2e-allow -- probe "$@"; }
AS=$(loc allow.pol 'fs("/work/t/a/secret"')
check "status: enforcing, the restriction denies" EPERM \
	"$(ev $P file_open $T/a/secret read deny "$AS")" A read $T/a/secret
check "status: enforcing twin: an open file reads" ok - A read $T/a/open

# A confined process that stays: status lists it.
bpfcon run $P -- sleep 30 &
sleeper=$!
sleep 1
out=$(bpfcon status 2>&1)
r=$?
printf '%s\n' "$out" | sed 's/^/  | /'
[ $r = 0 ] && printf '%s\n' "$out" | grep -q '^BPF LSM: active (' &&
	pass "status: the BPF LSM is active" || fail "status: BPF LSM line" "exit $r" "$out"
line=$(printf '%s\n' "$out" | grep "^$P ")
set -- $line
[ "$2" = enforce ] && [ "$3" = 2 ] && [ "$6" -ge 1 ] && pass "status: $P enforce, 2 rules, $6 denied" ||
	fail "status: the policy's line" "$line"
printf '%s\n' "$out" | grep -qE "^  processes: .*( |^)$sleeper( |\$)" &&
	pass "status: the confined sleeper ($sleeper) is listed" || fail "status: processes" "$out"
printf '%s\n' "$out" | grep -qE "allow\\.pol\$" && pass "status: the source is named" ||
	fail "status: source" "$out"
json=$(bpfcon status --format=json 2>&1)
printf '%s\n' "$json" | tr -d ' \n' | grep -q "\"name\":\"$P\",\"mode\":\"enforce\",\"rules\":2," &&
	printf '%s\n' "$json" | tr -d ' \n' | grep -q "\"processes\":\\[[0-9,]*$sleeper" &&
	pass "status --format=json: mode, rules, processes" || fail "status --format=json" "$json"
prom=$(bpfcon status --format=prometheus 2>&1)
printf '%s\n' "$prom" | grep -q "^bpfcon_policy_info{policy=\"$P\",mode=\"enforce\"," &&
	printf '%s\n' "$prom" | grep -qE "^bpfcon_decisions_total\\{policy=\"$P\",decision=\"denied\"\\} [1-9]" &&
	printf '%s\n' "$prom" | grep -q '^bpfcon_lsm_active 1$' &&
	printf '%s\n' "$prom" | grep -q '^# TYPE bpfcon_decisions_total counter$' &&
	pass "status --format=prometheus: info, decisions, lsm" || fail "status --format=prometheus" "$prom"
kill $sleeper 2>/dev/null
wait $sleeper 2>/dev/null

# complain in place: the same access goes through, logged as complain.
check "complain NAME: switches in place" "$P: complain" "" bpfcon complain $P
check "complain NAME: the denied access succeeds, logged as complain with the rule" ok \
	"$(ev $P file_open $T/a/secret read complain "$AS")" A read $T/a/secret
check "complain NAME: listed as complain" 1 "" sh -c "bpfcon list | grep -c '^$P  *complain '"
c=$(bpfcon status --format=prometheus | sed -n "s/^bpfcon_decisions_total{policy=\"$P\",decision=\"complained\"} //p")
[ "${c:-0}" -ge 1 ] && pass "complain NAME: counted as complained ($c)" || fail "complain NAME: count" "$c"
# enforce in place: denied again.
check "enforce NAME: switches back" "$P: enforce" "" bpfcon enforce $P
check "enforce NAME: the access is denied again" EPERM \
	"$(ev $P file_open $T/a/secret read deny "$AS")" A read $T/a/secret
check "enforce NAME: the open file still reads" ok - A read $T/a/open
check "complain of a policy not loaded fails" "exit 1" "" rc bpfcon complain e2e-nosuch
check "complain from inside the policy fails (bpf() is denied)" "exit 1" "" rc bpfcon run $P -- bpfcon complain $P
check "... and the policy still enforces" EPERM "" A read $T/a/secret
unload $P
