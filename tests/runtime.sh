#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# runtime.sh - the runtime (bpfcon, bpfcon-load) on this host, where the
# kernel need not accept LSM programs: --help and exit codes, usage errors,
# `info` on the fixture object (also unprivileged), objects that are not
# bpfcon objects, `run` refusing to exec when its policy is not loaded (as
# root and as nobody), and a refused load leaving nothing pinned.  The real
# kernel side is tests/vm/runtime-smoke.sh.  Builds what it needs with
# `make runtime-test`.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
make --no-print-directory -s BUILD="$BUILD" runtime-test >/dev/null || {
	echo "runtime: cannot build (make runtime-test)" >&2
	echo "runtime: 0 passed, 1 failed"
	exit 1
}
BPFCON=$BUILD/bpfcon
STATIC=$BUILD/static/bpfcon
FIX=$BUILD/runtime/fixture.bpf.o
. tests/lib.sh
chmod 755 "$tmp"

# expect STATUS GREP-PATTERN DESCRIPTION -- CMD...: runs CMD, checks its
# exit status and that stdout+stderr matches the pattern ("" = anything).
expect() {
	local want=$1 pat=$2 what=$3
	shift 4
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" != "$want" ]; then
		bad "$what: exit $rc, expected $want; output: $(head -c 400 <<<"$out")"
	elif [ -n "$pat" ] && ! grep -qE -- "$pat" <<<"$out"; then
		bad "$what: output lacks /$pat/: $(head -c 400 <<<"$out")"
	else
		ok
	fi
}

as_nobody() { setpriv --reuid 65534 --regid 65534 --clear-groups -- "$@"; }
can_drop=0
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && can_drop=1

ln -s "$(pwd)/$BPFCON" "$tmp/bpfcon-load"
cp "$BPFCON" "$tmp/bpfcon-copy"

# --help, --version, exit codes
out=$("$BPFCON" --help)
[ $? = 0 ] && ok || bad "--help exit status"
for w in load unload list info logs run 'Exit status' 127; do
	grep -q -- "$w" <<<"$out" && ok || bad "--help does not mention $w"
done
expect 0 '^bpfcon [0-9]+\.[0-9]+' "--version" -- "$BPFCON" --version
expect 0 'bpfcon-load OBJ' "bpfcon-load --help" -- "$tmp/bpfcon-load" --help

# usage errors: 2
expect 2 'missing command' "no arguments" -- "$BPFCON"
expect 2 "unknown command 'frob'" "unknown command" -- "$BPFCON" frob
expect 2 'missing OBJ' "load without OBJ" -- "$BPFCON" load
expect 2 'missing OBJ' "bpfcon-load without OBJ" -- "$tmp/bpfcon-load"
expect 2 "unknown option '--enforce'" "load with a bad option" -- "$BPFCON" load "$FIX" --enforce
expect 2 'one object' "load with two objects" -- "$BPFCON" load "$FIX" "$FIX"
expect 2 'missing OBJ' "info without OBJ" -- "$BPFCON" info
expect 2 'one object' "info with two objects" -- "$BPFCON" info "$FIX" "$FIX"
expect 2 'missing NAME' "unload without NAME" -- "$BPFCON" unload
expect 2 'not a policy name' "unload ../x" -- "$BPFCON" unload ../x
expect 2 'unexpected argument' "list with an argument" -- "$BPFCON" list x
expect 2 "logs: unknown option '--xml'" "logs --xml" -- "$BPFCON" logs --xml
expect 2 'missing NAME' "run without NAME" -- "$BPFCON" run
expect 2 "expected '--'" "run without --" -- "$BPFCON" run fixture true
expect 2 'missing CMD' "run without CMD" -- "$BPFCON" run fixture --
expect 2 'not a policy name' "run with a bad name" -- "$BPFCON" run a/b -- true
expect 2 'Try .bpfcon --help' "usage errors point at --help" -- "$BPFCON" run
# options are parsed by getopt_long: anywhere before the operands (run
# stops at NAME), unknown ones named, --opt=value refused where none is taken
expect 2 "^bpfcon: unknown option '-x'" "unknown short option" -- "$BPFCON" -x
expect 2 "^bpfcon: unknown option '--bogus'" "unknown long option" -- "$BPFCON" --bogus list
expect 0 '^Usage: bpfcon COMMAND' "help command" -- "$BPFCON" help
expect 2 "info: unknown option '-z'" "info -z" -- "$BPFCON" info -z "$FIX"
expect 0 '^Usage: bpfcon info OBJ' "info OBJ --help (options after operands)" -- "$BPFCON" info "$FIX" --help
expect 2 "logs: option '--json' takes no value" "logs --json=x" -- "$BPFCON" logs --json=x
expect 2 "logs: unexpected argument 'x'" "logs x" -- "$BPFCON" logs x
expect 2 "logs: --json and --journal exclude each other" "logs --json --journal" -- "$BPFCON" logs --json --journal
expect 0 '^Usage: bpfcon logs' "logs -h" -- "$BPFCON" logs -h
expect 0 '^Usage: bpfcon run NAME' "run --help" -- "$BPFCON" run --help
expect 2 "unload: unknown option '--force'" "unload --force" -- "$BPFCON" unload --force x
expect 2 "load: option '--complain' takes no value" "load --complain=yes" -- "$BPFCON" load --complain=yes "$FIX"
expect 2 "load: unknown option '-q'" "bpfcon-load -q" -- "$tmp/bpfcon-load" -q "$FIX"

# info on the fixture, by both builds, also without privileges
for b in "$BPFCON" "$STATIC"; do
	out=$("$b" info "$FIX" 2>&1)
	[ $? = 0 ] && ok || bad "$b info fixture: exit status"
	for pat in '^name +fixture$' '^command +/usr/local/bin/bpfcon-fixture$' \
		'^policy-id +0xa53a2564de6d7f72$' '^mode +enforce$' '^rules +1$' '^mount 0 +/$' \
		'^programs +lsm/file_open uprobe$' \
		'^rule 0 +tests/runtime/fixture.pol:3:5 fs\("/\*\*/bpfcon-fixture-denied", none\)$'; do
		grep -qE -- "$pat" <<<"$out" && ok || bad "$b info fixture lacks /$pat/"
	done
done
cp "$FIX" "$tmp/fixture.bpf.o"
chmod 644 "$tmp/fixture.bpf.o"
if [ $can_drop = 1 ]; then
	expect 0 '^name +fixture$' "info as nobody" -- as_nobody "$BPFCON" info "$tmp/fixture.bpf.o"
fi

# not bpfcon objects: 1, with a clear error, for info and load alike
printf 'hello\n' >"$tmp/text.o"
mkobj() { # NAME SECTION OFFSET BYTES: the fixture with bytes patched in a section
	llvm-objcopy --dump-section "$2=$tmp/sec.bin" "$FIX" &&
		printf "$4" | dd of="$tmp/sec.bin" bs=1 seek="$3" conv=notrunc status=none &&
		llvm-objcopy --update-section "$2=$tmp/sec.bin" "$FIX" "$tmp/$1"
}
mkobj badmagic.o .rodata.config 0 '\0\0\0\0'
mkobj badabi.o .rodata.config 4 '\143'
mkobj badid.o .rodata.config 8 '\1'
mkobj badmeta.o .rodata.bpfcon 7 '9'
llvm-objcopy --rename-section .rodata.bpfcon=.rodata.other "$FIX" "$tmp/nometa.o"
for c in info load; do
	expect 1 'text.o: not a bpfcon object: not an ELF file' "$c on a text file" -- "$BPFCON" $c "$tmp/text.o"
	expect 1 'not a bpfcon object: not a BPF object' "$c on a host object" -- "$BPFCON" $c "$BUILD/rt/util.o"
	expect 1 'not a bpfcon object: no .rodata.bpfcon section' "$c without a self-description" -- "$BPFCON" $c "$tmp/nometa.o"
	expect 1 'not a bpfcon object: bad magic' "$c with a bad magic" -- "$BPFCON" $c "$tmp/badmagic.o"
	expect 1 'ABI version 99' "$c with ABI version 99" -- "$BPFCON" $c "$tmp/badabi.o"
	expect 1 'policy id .* is not the id of "fixture"' "$c with a wrong policy id" -- "$BPFCON" $c "$tmp/badid.o"
	expect 1 'version 9' "$c with self-description version 9" -- "$BPFCON" $c "$tmp/badmeta.o"
	expect 1 'No such file' "$c on a missing file" -- "$BPFCON" $c "$tmp/missing.o"
done
expect 1 'not an ELF file' "bpfcon-load on a text file" -- "$tmp/bpfcon-load" "$tmp/text.o"

# run: never execs CMD when the policy is not loaded
for b in "$BPFCON" "$STATIC" "$tmp/bpfcon-copy"; do
	rm -f "$tmp/marker"
	expect 1 '^bpfcon: error: policy nosuchpolicy is not loaded$' "$b run, not loaded (uid $(id -u))" \
		-- "$b" run nosuchpolicy -- touch "$tmp/marker"
	[ ! -e "$tmp/marker" ] && ok || bad "$b run executed CMD without the policy"
done
if [ $can_drop = 1 ]; then
	chmod 1777 "$tmp"
	for b in "$BPFCON" "$STATIC"; do
		rm -f "$tmp/marker"
		expect 1 'policy fixture is not loaded' "$b run as nobody, not loaded" \
			-- as_nobody "$b" run fixture -- touch "$tmp/marker"
		[ ! -e "$tmp/marker" ] && ok || bad "$b run as nobody executed CMD without the policy"
	done
	chmod 755 "$tmp"
fi

# the uprobe target is a real, uncloned function in both builds
for b in "$BPFCON" "$STATIC"; do
	nm "$b" | grep -qE ' T bpfcon_enter_policy$' && ok || bad "$b: no bpfcon_enter_policy symbol"
	nm "$b" | grep -qE 'bpfcon_enter_policy\.' && bad "$b: bpfcon_enter_policy was cloned" || ok
done
file "$STATIC" | grep -q 'statically linked' && ok || bad "$STATIC is not static"
[ "$(stat -c %i "$STATIC")" = "$(stat -c %i "$BUILD/static/bpfcon-load")" ] && ok ||
	bad "static bpfcon-load is not a hard link of bpfcon"

# log records of made-up events (build/runtime/test_events; no kernel)
TEV=$BUILD/runtime/test_events
kv=$("$TEV" kv)
T0='bpfcon="DENIED" time="2026-12-06T02:40:01.123Z" policy="httpd" pid=42 comm="cat"'
for want in \
	"$T0 operation=\"file_open\" name=\"/etc/shadow\" requested=\"read\" by=\"rules\" rule=\"tests/x.pol:3:5\"" \
	'bpfcon="COMPLAIN" time="2026-12-06T02:40:01.123Z" policy="httpd" pid=7 comm=6D792070726F67 operation="file_open" name=2F746D702F61206222635C640A6501 66C3A967FF68C3 requested="read,write" by="default"' \
	'pid=8 comm="dd" operation="file_open" name="/dev/zero" dev="1:5" requested="read" flags="audit,taint" by="rules" rule="tests/x.pol:3:5"' \
	'operation="kill" target_pid=10 name="/usr/bin/sleep" requested="SIGTERM" by="default"' \
	'operation="kill" target_pid=10 requested="SIGRTMIN+2" by="default"' \
	'operation="capable" requested="sys_admin" by="builtin"' \
	'operation="connect" family="inet6" requested="connect" by="rules"' \
	'operation="unix_connect" peer="0x0000000000001234" by="default"' \
	'bpfcon="STATUS" time="2026-12-06T02:40:01.123Z" policy="httpd" pid=14 comm="bpfcon" operation="enter"' \
	'operation="transition" name="/usr/bin/b" from="0x0000000000000099"'; do
	want=${want/6501 66/650166}
	grep -qF -- "$want" <<<"$kv" && ok || bad "log record lacks: $want"
done
# every record is key=value fields: quoted (no space or quote inside),
# hex or a number
bad_lines=$(grep -vcE '^[a-z_]+=("[^" ]*"|[0-9A-F]+|[0-9]+)( [a-z_]+=("[^" ]*"|[0-9A-F]+|[0-9]+))*$' <<<"$kv")
[ "$bad_lines" = 0 ] && ok || bad "$bad_lines log records are not key=value fields"
[ "$(wc -l <<<"$kv")" = 10 ] && ok || bad "one record a line: $(wc -l <<<"$kv") lines"
# the hex name is the path's bytes
printf '/tmp/a b"c\\d\ne\001f\303\251g\377h\303' >"$tmp/nasty"
sed -n 2p <<<"$kv" | sed -E 's/.* name=([0-9A-F]+) .*/\1/' | xxd -r -p >"$tmp/name"
cmp -s "$tmp/nasty" "$tmp/name" && ok || bad "the hex name= is not the path's bytes"
# JSON: jq reads every line; RFC 3339 times in UTC; bytes that are not
# UTF-8 come out as \u00XX, the rest as they are
"$TEV" json >"$tmp/ev.json"
jq -e . "$tmp/ev.json" >/dev/null 2>&1 && ok || bad "jq cannot read the JSON records"
[ "$(jq -s length "$tmp/ev.json" 2>/dev/null)" = 10 ] && ok || bad "not 10 JSON records"
[ "$(jq -r .time "$tmp/ev.json" | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$')" = 10 ] &&
	ok || bad "JSON time is not RFC 3339 UTC"
grep -qF '"object":"/tmp/a b\"c\\d\ne\u0001fég\u00ffh\u00c3"' "$tmp/ev.json" && ok ||
	bad "JSON object escaping: $(sed -n 2p "$tmp/ev.json")"
[ "$(jq -r 'select(.pid == 7) | .comm' "$tmp/ev.json")" = "my prog" ] && ok || bad "JSON comm"
[ "$(jq -c 'select(.pid == 9) | .access' "$tmp/ev.json" | head -1)" = '["SIGTERM"]' ] && ok ||
	bad "JSON access of a signal"
# the journal's native protocol, to a socket of the test's own
jr=$(BPFCON_JOURNAL_SOCKET=$tmp/journal.sock "$TEV" journal)
for want in 'MESSAGE=bpfcon="DENIED" policy="httpd" pid=42 comm="cat" operation="file_open" name="/etc/shadow" requested="read" by="rules" rule="tests/x.pol:3:5"' \
	PRIORITY=4 PRIORITY=5 SYSLOG_IDENTIFIER=bpfcon BPFCON_DECISION=DENIED BPFCON_POLICY=httpd \
	BPFCON_NAME=/etc/shadow BPFCON_RULE=tests/x.pol:3:5 'BPFCON_RULE_TEXT=fs("/etc/shadow", none)' \
	'BPFCON_COMM=my prog' BPFCON_REQUESTED=SIGTERM BPFCON_TARGET_PID=10; do
	grep -qxF -- "$want" <<<"$jr" && ok || bad "journal entry lacks $want"
done
# a name with a newline goes as a length-prefixed binary field
grep -qF 'BPFCON_NAME=/tmp/a b"c\d\ne' <<<"$jr" && ok || bad "journal: binary field for a name with a newline"
[ "$(grep -c '^--$' <<<"$jr")" = 10 ] && ok || bad "journal: not 10 entries"

# logprof: a recorded complain log (tests/runtime/logprof.log, key=value
# records) into rule-DSL lines, generalized, each with its count
LP=tests/runtime/logprof
out=$("$BPFCON" logprof learnme $LP.log 2>&1)
[ "$out" = "$(cat $LP.out)" ] && ok || bad "logprof learnme: $(diff <(printf '%s\n' "$out") $LP.out)"
[ "$("$BPFCON" logprof learnme <$LP.log 2>&1)" = "$out" ] && ok || bad "logprof from standard input"
expect 2 'logprof: missing NAME' "logprof without NAME" -- "$BPFCON" logprof
expect 1 'nosuch.log: No such file' "logprof of a missing file" -- "$BPFCON" logprof x "$tmp/nosuch.log"
expect 0 '^// bpfcon logprof: 0 rules for policy nobody from 0 records$' "logprof of another policy" \
	-- "$BPFCON" logprof nobody $LP.log
BPFCC=${BPFCC:-$BUILD/bpfcc}
if [ -x "$BPFCC" ]; then
	{ echo '#![profile "/usr/bin/learnme"]'; printf '%s\n' "$out"; } >"$tmp/learned.pol"
	expect 0 '' "the learned rules pass bpfcc lint" -- "$BPFCC" lint "$tmp/learned.pol"
	# what the globs allow beyond what was seen, and what stays denied
	for req in 'fs("/home/carol/.config/app/settings.ini", read):allow' \
		'fs("/usr/lib/x86_64-linux-gnu/libc.so.7", map):allow' \
		'fs("/tmp/tmp.Qq9Zz8Yy", write):allow' 'fs("/run/user/1001/app/state", read):allow' \
		'fs("/srv/my docs/a \"b\".txt", read):allow' \
		'fs("/data/file1x.txt", read):deny' 'fs("/etc/shadow", read):deny' \
		'fs("/home/carol/.ssh/id_rsa", read):deny' 'fs("/tmp/other", read):deny' \
		'fs("/usr/lib/x86_64-linux-gnu/libcrypt.so.1", read):deny'; do
		got=$("$BPFCC" explain "$tmp/learned.pol" "${req%:*}" 2>&1 | head -n 1)
		[ "$got" = "${req##*:}" ] && ok || bad "learned policy: ${req%:*} is $got, expected ${req##*:}"
	done
fi

# learn: usage errors; on this host (no BPF LSM) the skeleton compiles but
# the load is refused: exit 1, no policy written, nothing left behind
expect 2 'learn: missing NAME' "learn without NAME" -- "$BPFCON" learn
expect 2 "learn: expected '--' after NAME" "learn without --" -- "$BPFCON" learn app true
expect 2 "learn: missing CMD after '--'" "learn without CMD" -- "$BPFCON" learn app --
expect 2 "learn: 'a/b' is not a policy name" "learn with a bad name" -- "$BPFCON" learn a/b -- true
expect 1 'nosuchcmd: command not found' "learn of a missing command" -- "$BPFCON" learn app -- nosuchcmd
expect 0 '^Usage: bpfcon learn NAME' "learn --help" -- "$BPFCON" learn --help
if [ "$(id -u)" = 0 ] && [ -x "$BPFCC" ]; then
	pinned_before=$(ls -A /sys/fs/bpf/bpfcon 2>/dev/null | sort)
	tmps_before=$(ls -d /tmp/bpfcon-learn-* 2>/dev/null)
	out=$(BPFCC=$BPFCC "$BPFCON" learn -o "$tmp/learned-app.pol" learnapp -- cat /etc/hostname 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		echo "note: this kernel runs BPF LSM programs; learn wrote a policy" >&2
		grep -q '^#!\[profile "/usr/bin/cat"\]' "$tmp/learned-app.pol" && ok || bad "learned policy: $(cat "$tmp/learned-app.pol")"
	else
		[ $rc = 1 ] && ok || bad "learn, load refused: exit $rc: $out"
		grep -qE 'rejected|cannot (load|attach)|BPF LSM' <<<"$out" && ok || bad "learn, load refused: $out"
		[ ! -e "$tmp/learned-app.pol" ] && ok || bad "learn wrote a policy though the load failed"
	fi
	[ "$(ls -A /sys/fs/bpf/bpfcon 2>/dev/null | sort)" = "$pinned_before" ] && ok || bad "learn left pins"
	[ "$(ls -d /tmp/bpfcon-learn-* 2>/dev/null)" = "$tmps_before" ] && ok || bad "learn left its folder"
fi

# the optional unit that forwards events to the journal
unit=dist/systemd/bpfcon-logs.service
grep -qx 'ExecStart=/usr/bin/bpfcon logs -f --journal' "$unit" && ok || bad "$unit: ExecStart"
if command -v systemd-analyze >/dev/null; then
	sed -e "s|/usr/bin/bpfcon|$(pwd)/$BPFCON|" -e '/^Documentation=/d' "$unit" >"$tmp/bpfcon-logs.service"
	out=$(systemd-analyze verify "$tmp/bpfcon-logs.service" 2>&1)
	[ -z "$out" ] && ok || bad "systemd-analyze verify $unit: $out"
fi

# unload of a policy that is not loaded
expect 1 'policy nosuchpolicy is not loaded' "unload, not loaded" -- "$BPFCON" unload nosuchpolicy

# As root: a load the kernel refuses (no BPF LSM here) fails with the
# program and hook named, and leaves nothing attached or pinned.
if [ "$(id -u)" = 0 ]; then
	pinned_before=$(ls -A /sys/fs/bpf/bpfcon 2>/dev/null | sort)
	out=$("$BPFCON" load "$FIX" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		echo "note: this kernel accepted the fixture; unloading it" >&2
		"$BPFCON" unload fixture >/dev/null
		ok
	else
		[ $rc = 1 ] && ok || bad "refused load: exit $rc, expected 1"
		grep -qE 'program fixture_file_open \(hook file_open|cannot (load|attach)' <<<"$out" && ok ||
			bad "refused load does not name the program: $out"
		[ "$(ls -A /sys/fs/bpf/bpfcon 2>/dev/null | sort)" = "$pinned_before" ] && ok ||
			bad "refused load left pins: $(ls -A /sys/fs/bpf/bpfcon)"
	fi
	expect 0 '' "logs with no policy loaded" -- "$BPFCON" logs
	expect 0 '' "list with no policy loaded" -- "$BPFCON" list
fi

# the man page
if command -v man >/dev/null && [ -f docs/bpfcon.1 ]; then
	out=$(MANWIDTH=80 man -l docs/bpfcon.1 2>&1)
	for w in 'EXIT STATUS' 'bpfcon-load' 'logs' 'run NAME'; do
		grep -q -- "$w" <<<"$out" && ok || bad "man page lacks $w"
	done
fi

finish runtime
