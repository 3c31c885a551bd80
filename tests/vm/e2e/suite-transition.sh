# SPDX-License-Identifier: GPL-2.0-only
# suite-transition.sh - tests/vm/e2e: what happens at exec, sourced by
# suite.sh (its helpers check, ev, loc, load, unload, logged).
#  - #[transition]: a task of e2e-trans-a (trans-a.pol) executing
#    e2e-trans-b's command through a transition right is in e2e-trans-b
#    afterwards (its rules apply, the log says transition), whichever
#    policy's programs run first; it stays when e2e-trans-b is not loaded,
#    or when the exec went through a right without #[transition];
#  - #[untaint] (trans-u.yml): a tainted task is untainted after the exec,
#    so what the default denied is allowed again; the twin without it;
#  - a taint rule on the network (trans-net.pol): the first send taints and
#    is allowed, later sends and unnamed files are denied.

# --- the world -------------------------------------------------------------
TR=$T/tr
mkdir -p $TR
for f in a-only b-only free trigger never; do echo "content of tr/$f" >$TR/$f; done
for c in trans-a trans-b trans-u trans-net; do cp /usr/local/bin/probe /work/bin/$c; done
cp /usr/local/bin/webd /work/bin/trans-net
rm -f /work/bin/trans-b-link
ln /work/bin/trans-b /work/bin/trans-b-link
cp /usr/local/bin/probe $TR/fresh
cp /usr/local/bin/probe $TR/stale
chmod 755 /work/bin/trans-* $TR/fresh $TR/stale
chmod -R a+rX $TR
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up

# tev POLICY FILE FROM: the log line of a task moving into POLICY by
# executing FILE, from policy FROM.
tev() { stev "$1" transition "$(esc "$2")" " from=\"$(esc "$3")\""; }
# no_transition DESC: no transition line in $LOG (the logs of the last check).
no_transition() {
	if printf '%s\n' "$LOG" | grep -qE 'operation="transition"'; then fail "$1" "logs:" "$LOG"
	else pass "$1"; fi
}

A=e2e-trans-a B=e2e-trans-b
TA() { bpfcon run $A -- probe "$@"; }
TRANS_RIGHT=$(loc trans-a.pol 'fs("/work/bin/trans-b", exec)')

# --- transition into a loaded policy, both load orders ----------------------------
load trans-b
load trans-a
check "transition: before the exec, trans-a's rules (a-only ok, b-only denied)" "ok EPERM" \
	"$(ev $A file_open $TR/b-only read deny default)" TA read $TR/a-only + read $TR/b-only
check "transition: after exec of trans-b through #[transition], trans-b's rules apply" \
	"ok EPERM ok" "$(ev $B file_open $TR/a-only read deny default)" \
	TA read $TR/a-only + exec /work/bin/trans-b read $TR/a-only + read $TR/b-only
logged "transition: the log says transition, into e2e-trans-b from e2e-trans-a" \
	"$(tev $B /work/bin/trans-b $A)"
logged "transition: trans-a logs the exec through the #[transition] right" \
	"$(ev $A exec /work/bin/trans-b exec "allow [transition]" "$TRANS_RIGHT")"
check "transition: a child of the moved task is in e2e-trans-b too" "EPERM ok" \
	"$(ev $B file_open $TR/a-only read deny default)" \
	TA exec /work/bin/trans-b fork read $TR/a-only + fork read $TR/b-only
check "transition twin: the same file through a right without #[transition] (hard link): stays" \
	"ok EPERM" "$(ev $A file_open $TR/b-only read deny default)" \
	TA exec /work/bin/trans-b-link read $TR/a-only + read $TR/b-only
no_transition "transition twin: no transition logged"
# trans-b loaded again: its programs now come after trans-a's on every hook.
load trans-b
check "transition, the other load order (trans-b replaced after trans-a): same result" \
	"EPERM ok" "$(ev $B file_open $TR/a-only read deny default)" \
	TA exec /work/bin/trans-b read $TR/a-only + read $TR/b-only
logged "transition, the other load order: logged" "$(tev $B /work/bin/trans-b $A)"
check "transition: an unconfined exec of trans-b's command still enters it (no transition)" \
	"EPERM ok" "$(ev $B file_open $TR/a-only read deny default)" \
	/work/bin/trans-b read $TR/a-only + read $TR/b-only
no_transition "transition: entering is not a transition"

# --- the target policy is not loaded: the task stays --------------------------------
unload $B
check "transition, target not loaded: the task stays in trans-a (its rules after the exec)" \
	"ok EPERM" "$(ev $A file_open $TR/b-only read deny default)" \
	TA exec /work/bin/trans-b read $TR/a-only + read $TR/b-only
no_transition "transition, target not loaded: no transition logged"
check "transition, target not loaded: a second exec still stays (nothing pending left over)" \
	"ok EPERM" "$(ev $A file_open $TR/b-only read deny default)" \
	TA exec /work/bin/trans-b exec /work/bin/trans-b-link read $TR/a-only + read $TR/b-only
unload $A

# --- #[untaint] ------------------------------------------------------------
load trans-u
U=e2e-trans-u
TU() { bpfcon run $U -- probe "$@"; }
check "untaint: untainted, free reads; the trigger taints; then free is denied" "ok ok EPERM" \
	"$(ev $U file_open $TR/free read deny default)" \
	TU read $TR/free + read $TR/trigger + read $TR/free
check "untaint: after exec through the untaint right, free reads again" "ok EPERM ok" \
	"$(stev $U untaint "$(esc $TR/fresh)")" \
	TU read $TR/trigger + read $TR/free + exec $TR/fresh read $TR/free
logged "untaint: the exec through the untaint right is logged with [untaint]" \
	"$(ev $U exec $TR/fresh exec "allow [untaint]" "$(loc trans-u.yml "file: {path: $TR/fresh,")")"
check "untaint: the restriction still holds after the untaint" "ok ok EPERM" \
	"$(ev $U file_open $TR/never read deny "$(loc trans-u.yml "file: {path: $TR/never,")")" \
	TU read $TR/trigger + exec $TR/fresh read $TR/free + read $TR/never
check "untaint: untainted again, the trigger taints again" "ok ok EPERM" \
	"$(ev $U file_open $TR/free read deny default)" \
	TU read $TR/trigger + exec $TR/fresh read $TR/trigger + read $TR/free
check "untaint twin: exec through a right without untaint stays tainted" "ok EPERM" \
	"$(ev $U file_open $TR/free read deny default)" \
	TU read $TR/trigger + exec $TR/stale read $TR/free
if printf '%s\n' "$LOG" | grep -qE 'operation="untaint"'; then fail "untaint twin: no untaint logged" "$LOG"
else pass "untaint twin: no untaint logged"; fi
unload $U

# --- taint on the network --------------------------------------------------
load trans-net
N=e2e-trans-net
NL=$(loc trans-net.pol 'net(inet, send)')
check "net taint: untainted, an unnamed file reads; the first send taints and is allowed" "ok ok" \
	"$(ev $N sendmsg family=inet send "allow [taint]" "$NL")" \
	bpfcon run $N -- webd read $TR/free + udp 7901
check "net taint: after the first send, a second send is denied (a taint rule is no right)" \
	"ok EPERM" "$(ev $N sendmsg family=inet send deny default)" \
	bpfcon run $N -- webd udp 7902 + udp 7903
check "net taint: after the first send, the unnamed file is denied, the right still reads" \
	"ok EPERM ok" "$(ev $N file_open $TR/free read deny default)" \
	bpfcon run $N -- webd udp 7904 + read $TR/free + read $TR/a-only
check "net taint twin: without a send, nothing is tainted" "ok ok" - \
	bpfcon run $N -- webd read $TR/free + read $TR/free
unload $N
