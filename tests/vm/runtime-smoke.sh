# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/runtime-smoke.sh: the runtime on a real kernel.  Run it as
#   make runtime-test && \
#   VM_OBJS="build/runtime/fixture.bpf.o build/runtime/fixture-bad.bpf.o" \
#     tests/vm/run tests/vm/runtime-smoke.sh
# with build/static/bpfcon and bpfcon-load in the VM.  Loads the fixture
# (tests/runtime/fixture.bpf.c: a confined task may not open files named
# bpfcon-fixture-denied) with bpfcon-load, shows info, list and logs, runs
# commands confined as uid 1000 with `bpfcon run`, replaces the policy by
# loading it again (enforce, then complain, then enforce) and unloads it.
# Exits 0 only if every check holds.
set -u
fails=0 passes=0
ok() { passes=$((passes + 1)); echo "ok   $*"; }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }
show() { echo "\$ $*"; "$@" 2>&1 | sed 's/^/  /'; }
# has PATTERN TEXT DESCRIPTION
has() { if printf '%s\n' "$2" | grep -qE -- "$1"; then ok "$3"; else bad "$3: no /$1/ in: $2"; fi; }

OBJ=/work/fixture.bpf.o
PIN=/sys/fs/bpf/bpfcon
echo "kernel $(uname -r), lsm $(cat /sys/kernel/security/lsm)"
mkdir -p /tmp/d
echo secret >/tmp/d/bpfcon-fixture-denied
echo fine >/tmp/d/ok
chmod 755 /tmp/d
chmod 644 /tmp/d/*

show bpfcon info "$OBJ"

# Load with bpfcon-load (a copy of bpfcon here, not a hard link).
out=$(bpfcon-load "$OBJ" 2>&1); rc=$?
echo "$out" | sed 's/^/  /'
[ $rc = 0 ] && ok "bpfcon-load exit 0" || bad "bpfcon-load exit $rc"
has '^loaded fixture \(1 rules, 2 programs, enforce\)$' "$out" "load prints its summary"
has 'warning: command /usr/local/bin/bpfcon-fixture' "$out" "load warns about the absent command"
show ls -A "$PIN" "$PIN/fixture"
pins=$(ls -A "$PIN/fixture" | tr '\n' ' ')
[ "$pins" = "config events link-bpfcon_enter lost meta state " ] &&
	ok "pins: $pins" || bad "pins: $pins"
[ -e "$PIN/bpfcon_tasks" ] && ok "bpfcon_tasks pinned by name" || bad "no $PIN/bpfcon_tasks"
# The first load installed the dispatcher: its version, one link per hook
# (file_open among them), and the slot tables.
[ -e "$PIN/+dispatch/abi" ] && [ -e "$PIN/+dispatch/link-file_open" ] &&
	[ -e "$PIN/+tables/bpfcon_jt_file_open" ] && [ -e "$PIN/+tables/bpfcon_slots" ] &&
	ok "dispatcher installed ($(ls "$PIN/+dispatch" | grep -c '^link-') hooks)" ||
	bad "dispatcher pins: $(ls -A "$PIN/+dispatch" "$PIN/+tables" 2>&1 | tr '\n' ' ')"

out=$(bpfcon list 2>&1)
echo "$out" | sed 's/^/  /'
has '^fixture +enforce +1  [0-9]{4}-' "$out" "list shows fixture, enforce, 1 rule"

# Confined runs as uid 1000.
out=$(su user -c '/usr/local/bin/bpfcon run fixture -- id -u' 2>&1); rc=$?
[ $rc = 0 ] && [ "$out" = 1000 ] && ok "run as uid 1000 execs CMD (id -u: $out)" ||
	bad "run as uid 1000: exit $rc: $out"
out=$(su user -c '/usr/local/bin/bpfcon run fixture -- cat /tmp/d/bpfcon-fixture-denied' 2>&1); rc=$?
[ $rc != 0 ] && ok "confined cat of the denied file fails (exit $rc: $out)" ||
	bad "confined cat of the denied file succeeded: $out"
has 'Operation not permitted' "$out" "the denial is EPERM"
out=$(su user -c '/usr/local/bin/bpfcon run fixture -- cat /tmp/d/ok' 2>&1); rc=$?
[ $rc = 0 ] && [ "$out" = fine ] && ok "confined cat of another file works" ||
	bad "confined cat of /tmp/d/ok: exit $rc: $out"
out=$(su user -c 'cat /tmp/d/bpfcon-fixture-denied' 2>&1); rc=$?
[ $rc = 0 ] && [ "$out" = secret ] && ok "unconfined uid 1000 reads the file" ||
	bad "unconfined cat: exit $rc: $out"
out=$(su user -c '/usr/local/bin/bpfcon run otherpolicy -- touch /tmp/marker' 2>&1); rc=$?
[ $rc = 1 ] && [ ! -e /tmp/marker ] && ok "run of a policy not loaded refuses (exit 1: $out)" ||
	bad "run of a policy not loaded: exit $rc: $out"
out=$(su user -c '/usr/local/bin/bpfcon run fixture -- /nonexistent' 2>&1); rc=$?
[ $rc = 127 ] && ok "run of a missing CMD exits 127" || bad "run of a missing CMD: exit $rc: $out"

out=$(bpfcon logs 2>&1); rc=$?
echo "$out" | sed 's/^/  /'
[ $rc = 0 ] && ok "logs exit 0" || bad "logs exit $rc"
has '^bpfcon="STATUS" time="[^"]+" policy="fixture" pid=[0-9]+ comm="bpfcon" operation="enter"$' "$out" "logs show the task entering"
has '^bpfcon="DENIED" time="[^"]+" policy="fixture" pid=[0-9]+ comm="cat" operation="file_open" name="bpfcon-fixture-denied" requested="read" flags="audit" by="rules" rule="tests/runtime/fixture.pol:3:5"$' \
	"$out" "logs show the denial with its rule"
has "time=\"$(date -u +%Y-%m-%d)T[0-9:.]+Z\"" "$out" "logs show wall-clock time (RFC 3339, UTC)"
out=$(bpfcon logs 2>&1)
[ -z "$out" ] && ok "a second logs finds the ring drained" || bad "second logs: $out"

# logs -f --json while something happens
bpfcon logs -f --json >/tmp/follow.json 2>&1 &
fpid=$!
sleep 1
su user -c '/usr/local/bin/bpfcon run fixture -- cat /tmp/d/bpfcon-fixture-denied' >/dev/null 2>&1
sleep 2
kill $fpid; wait $fpid 2>/dev/null
echo "  logs -f --json:"; sed 's/^/    /' /tmp/follow.json
has '"policy":"fixture".*"hook":"file_open".*"object":"bpfcon-fixture-denied".*"access":\["read"\],"decision":"deny".*"rule":\{"id":0,"location":"tests/runtime/fixture.pol:3:5"' \
	"$(cat /tmp/follow.json)" "logs -f --json follows the denial"

# Replacement: load again (enforce), then complain, then enforce.
id_before=$(ls -i "$PIN/fixture/link-bpfcon_enter" | awk '{print $1}')
out=$(bpfcon load "$OBJ" 2>&1); rc=$?
[ $rc = 0 ] && ok "second load replaces ($(echo "$out" | tail -n1))" || bad "second load: exit $rc: $out"
id_after=$(ls -i "$PIN/fixture/link-bpfcon_enter" | awk '{print $1}')
[ "$id_before" != "$id_after" ] && ok "new link pins replace the old" || bad "link pin unchanged"
left=$(ls -A "$PIN" | tr '\n' ' ')
ROOT_PINS="+dispatch +tables bpfcon_fds bpfcon_fowners bpfcon_proc_owner bpfcon_socks bpfcon_sysv bpfcon_tasks fixture "
[ "$left" = "$ROOT_PINS" ] && ok "no +fixture+new or +fixture+old left: $left" || bad "pin root: $left"
out=$(su user -c '/usr/local/bin/bpfcon run fixture -- cat /tmp/d/bpfcon-fixture-denied' 2>&1)
[ "$out" != secret ] && ok "replaced policy still enforces" || bad "replaced policy lets the file be read"

out=$(bpfcon load "$OBJ" --complain 2>&1); rc=$?
has '^loaded fixture \(1 rules, 2 programs, complain\)$' "$out" "load --complain"
has '^fixture +complain +1 ' "$(bpfcon list 2>&1)" "list shows complain"
bpfcon logs >/dev/null 2>&1
out=$(su user -c '/usr/local/bin/bpfcon run fixture -- cat /tmp/d/bpfcon-fixture-denied' 2>&1)
[ "$out" = secret ] && ok "complain mode allows (the enforcing version is detached)" ||
	bad "complain mode: $out"
has '^bpfcon="COMPLAIN" .* operation="file_open" name="bpfcon-fixture-denied" requested="read"' "$(bpfcon logs 2>&1)" "complain is logged"

# A load the verifier refuses leaves the loaded version alone.
if [ -f /work/fixture-bad.bpf.o ]; then
	ls -A "$PIN/fixture" >/tmp/pins.before
	out=$(bpfcon load /work/fixture-bad.bpf.o 2>&1); rc=$?
	echo "$out" | sed 's/^/  /' | head -n 12
	[ $rc = 1 ] && ok "refused load exits 1" || bad "refused load: exit $rc"
	has 'program bpfcon_enter \(hook uprobe' "$out" "refused load names the program and hook"
	has '^verifier log:' "$out" "refused load shows the verifier log"
	has "invalid mem access 'scalar'" "$out" "refused load shows the verifier's message"
	ls -A "$PIN/fixture" | cmp -s - /tmp/pins.before && ok "loaded version untouched" ||
		bad "pins changed by a refused load"
	left=$(ls -A "$PIN" | tr '\n' ' ')
	[ "$left" = "$ROOT_PINS" ] && ok "refused load left nothing: $left" || bad "pin root: $left"
	has '^fixture +complain ' "$(bpfcon list 2>&1)" "still the complain version"
fi

out=$(bpfcon load "$OBJ" 2>&1)
has 'enforce\)$' "$out" "back to enforce"
out=$(su user -c '/usr/local/bin/bpfcon run fixture -- cat /tmp/d/bpfcon-fixture-denied' 2>&1)
[ "$out" != secret ] && ok "enforcing again" || bad "not enforcing after reload"

# Unload.
out=$(bpfcon unload fixture 2>&1); rc=$?
[ $rc = 0 ] && ok "unload: $out" || bad "unload exit $rc: $out"
[ ! -e "$PIN/fixture" ] && ok "pins gone" || bad "pins left: $(ls -A $PIN/fixture)"
[ ! -e "$PIN/+dispatch" ] && [ ! -e "$PIN/+tables" ] && ok "the last unload removed the dispatcher" ||
	bad "dispatcher left: $(ls -A "$PIN" | tr '\n' ' ')"
out=$(su user -c '/usr/local/bin/bpfcon run fixture -- cat /tmp/d/bpfcon-fixture-denied' 2>&1); rc=$?
[ $rc = 1 ] && ok "run after unload refuses: $out" || bad "run after unload: exit $rc: $out"
out=$(bpfcon unload fixture 2>&1); rc=$?
[ $rc = 1 ] && ok "unload again: $out" || bad "unload again: exit $rc"
show bpfcon list

echo "runtime-smoke: $passes passed, $fails failed"
[ "$fails" = 0 ]
