#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# apply.sh - `bpfcon apply` on this host, whose kernel need not accept LSM
# programs: options and exit codes, the plan of a --dry-run (load for new
# policies, error FILE:LINE for one that does not compile, the others still
# planned), the sha256 cache (an unchanged policy is not compiled again; a
# changed source or changed templates are), files that are not policies
# ignored, two files of one policy name refused, and a real apply whose
# loads the kernel refuses: each reported, nothing pinned, nothing recorded,
# exit 1; bpfcon.service passes systemd-analyze verify.  Loading, keeping
# and unloading for real: tests/vm/system/.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BPFCC=${BPFCC:-$BUILD/bpfcc}
make --no-print-directory -s BUILD="$BUILD" "$BUILD/bpfcon" >/dev/null || {
	echo "apply: cannot build $BUILD/bpfcon" >&2
	echo "apply: 0 passed, 1 failed"
	exit 1
}
BPFCON=$BUILD/bpfcon
if [ ! -x "$BPFCC" ]; then
	echo "apply: $BPFCC is not executable (run make first)" >&2
	echo "apply: 0 passed, 1 failed"
	exit 1
fi
. tests/lib.sh

# A bpfcc that counts its runs (one line per compiled file in $tmp/runs).
cat >"$tmp/bpfcc" <<EOF
#!/bin/sh
echo "\$1" >>"$tmp/runs"
exec "$(realpath "$BPFCC")" "\$@"
EOF
chmod +x "$tmp/bpfcc"
runs() { [ -f "$tmp/runs" ] && wc -l <"$tmp/runs" | tr -d ' ' || echo 0; }
P=$tmp/policies.d ST=$tmp/state
mkdir -p "$P"
apply() { "$BPFCON" apply --state-dir "$ST" --bpfcc "$tmp/bpfcc" "$@"; }

# expect STATUS PATTERN WHAT -- CMD...: exit status, and output matching.
expect() {
	local want=$1 pat=$2 what=$3
	shift 4
	out=$("$@" 2>&1)
	local rc=$?
	if [ "$rc" != "$want" ]; then
		bad "$what: exit $rc, expected $want: $(head -c 600 <<<"$out")"
	elif [ -n "$pat" ] && ! grep -qE -- "$pat" <<<"$out"; then
		bad "$what: output lacks /$pat/: $(head -c 600 <<<"$out")"
	else
		ok
	fi
}

# Options, usage errors, help.
expect 0 'Usage: bpfcon apply' "apply --help" -- "$BPFCON" apply --help
expect 0 'apply \[DIR\]' "bpfcon --help lists apply" -- "$BPFCON" --help
expect 2 "unknown option '--frob'" "unknown option" -- "$BPFCON" apply --frob
expect 2 'one policy folder' "two folders" -- "$BPFCON" apply "$P" "$P"
expect 1 'no-such: No such file' "missing folder" -- apply "$tmp/no-such"
expect 0 '' "an empty folder" -- apply --dry-run "$P"
[ -z "$out" ] || [ "$out" = "bpfcon: dry run: nothing was loaded, unloaded or recorded" ] &&
	ok || bad "an empty folder prints no policy line: $out"

# A dry run: two policies (both languages), one broken, files that are
# not policies.
cp policies/vim.pol policies/make.yml "$P/"
printf '#![profile "/bin/x"]\nfs("/etc/x", read)\nfs("/y", read\n' >"$P/broken.pol"
echo "not a policy" >"$P/README"
echo "fs(" >"$P/.hidden.pol"
expect 1 '' "dry run with a broken policy" -- apply -n "$P"
grep -qE "^load +vim +$P/vim.pol +14 rules, compiled$" <<<"$out" && ok || bad "dry run plans vim: $out"
grep -qE "^load +make +$P/make.yml +[0-9]+ rules, compiled$" <<<"$out" && ok || bad "dry run plans make: $out"
grep -qE "^error +- +$P/broken.pol:3 +does not compile" <<<"$out" && ok ||
	bad "the broken policy is reported with FILE:LINE: $out"
grep -qE "^$P/broken.pol:3:[0-9]+: error:" <<<"$out" && ok || bad "bpfcc's diagnostic is shown: $out"
grep -qE 'README|hidden' <<<"$out" && bad "non-policy files are ignored: $out" || ok
grep -q 'dry run: nothing was loaded' <<<"$out" && ok || bad "a dry run says so: $out"
[ ! -e "$ST/applied" ] && ok || bad "a dry run records nothing"
[ "$(ls "$ST/cache" | grep -c '^[0-9a-f]\{64\}\.bpf\.o$')" = 2 ] && ok ||
	bad "two objects cached: $(ls "$ST/cache")"
[ "$(runs)" = 3 ] && ok || bad "three compilations, not $(runs)"

# The cache: nothing compiled again but the broken one.
rm -f "$tmp/runs"
expect 1 '^load +vim' "second dry run" -- apply -n "$P"
[ "$(runs)" = 1 ] && grep -q broken "$tmp/runs" && ok ||
	bad "only the broken policy is compiled again: $(cat "$tmp/runs" 2>/dev/null)"
rm "$P/broken.pol"
rm -f "$tmp/runs"
expect 0 '' "dry run, all good" -- apply -n "$P"
[ "$(runs)" = 0 ] && ok || bad "an unchanged policy is never compiled again ($(runs) runs)"
grep -qE "^load +vim +$P/vim.pol +14 rules, cached$" <<<"$out" && ok || bad "the plan says cached: $out"

# A changed source: that policy alone is compiled.
echo '// a comment' >>"$P/vim.pol"
expect 0 '^load +vim' "dry run after a change" -- apply -n "$P"
[ "$(runs)" = 1 ] && grep -q vim.pol "$tmp/runs" && ok || bad "only vim is compiled again: $(cat "$tmp/runs")"

# Changed templates: everything is compiled again.
cp -R "${BPFCC_TEMPLATES:-bpf-templates}" "$tmp/tpl"
echo '/* changed */' >>"$tmp/tpl/bpfcon_common.h"
rm -f "$tmp/runs"
BPFCC_TEMPLATES=$tmp/tpl expect 0 '' "dry run with new templates" -- apply -n "$P"
[ "$(runs)" = 2 ] && ok || bad "new templates recompile both ($(runs) runs)"
# A new bpfcc too (the wrapper is part of the key).
echo '# v2' >>"$tmp/bpfcc"
rm -f "$tmp/runs"
expect 0 '' "dry run with a new bpfcc" -- apply -n "$P"
[ "$(runs)" = 2 ] && ok || bad "a new bpfcc recompiles both ($(runs) runs)"

# An included file is part of the key (DSL and YAML include, nested).
mkdir -p "$P/abstractions"
printf 'fs("/etc/ld.so.cache", read)\ninclude "more.yml"\n' >"$P/abstractions/base.pol"
printf 'rights:\n  - file /etc/hosts r\n' >"$P/abstractions/more.yml"
printf '#![profile "/usr/bin/inc"]\ninclude "abstractions/base.pol"\n' >"$P/inc.pol"
printf 'name: incy\ncommand: /usr/bin/incy\ninclude:\n  - abstractions/more.yml\nrights:\n  - file /x r\n' >"$P/incy.yml"
rm -f "$tmp/runs"
expect 0 '^load +inc ' "a policy with includes" -- apply -n "$P"
grep -qE '^load +incy ' <<<"$out" && ok || bad "a YAML policy with includes: $out"
echo '  - file /etc/hostname r' >>"$P/abstractions/more.yml"
rm -f "$tmp/runs"
expect 0 '^load +inc ' "after a change to a nested include" -- apply -n "$P"
[ "$(sort "$tmp/runs" | tr '\n' ' ')" = "$P/inc.pol $P/incy.yml " ] && ok ||
	bad "a changed included file recompiles its includers only: $(cat "$tmp/runs")"
rm -r "$P/inc.pol" "$P/incy.yml" "$P/abstractions"

# Two files of one policy name: the second is refused.
cp "$P/vim.pol" "$P/vim2.pol"
expect 1 "^error +vim +$P/vim2.pol +another file" "one name twice" -- apply -n "$P"
grep -qE "^load +vim +$P/vim.pol" <<<"$out" && ok || bad "the first file of the name still applies: $out"
rm "$P/vim2.pol"

# bpfcon.service as systemd reads it (with this build's bpfcon in place
# of /usr/bin/bpfcon).
command -v systemd-analyze >/dev/null ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null 2>&1
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$tmp/unit"
	sed "s|/usr/bin/bpfcon|$(realpath "$BPFCON")|" dist/systemd/bpfcon.service >"$tmp/unit/bpfcon.service"
	v=$(systemd-analyze verify --man=no "$tmp/unit/bpfcon.service" 2>&1)
	[ $? = 0 ] && [ -z "$v" ] && ok || bad "systemd-analyze verify bpfcon.service: $v"
	for l in Type=oneshot RemainAfterExit=yes DefaultDependencies=no 'Before=sysinit.target' \
		'After=sys-fs-bpf.mount local-fs.target'; do
		grep -q "^$l" dist/systemd/bpfcon.service && ok || bad "bpfcon.service lacks $l"
	done
	grep -qx 'ExecReload=/usr/bin/bpfcon apply' dist/systemd/bpfcon.service && ok || bad "no ExecReload"
else
	bad "systemd-analyze is not installed"
fi

# A real apply here: the kernel refuses LSM programs (when it accepts them,
# this part is left to the VM test).
if [ "$(id -u)" = 0 ] && ! grep -qw bpf /sys/kernel/security/lsm 2>/dev/null; then
	echo "stale 0000000000000000000000000000000000000000000000000000000000000000 123 $P/stale.pol" >"$ST/applied"
	expect 1 "^error +vim +$P/vim.pol +not loaded$" "apply where loading fails" -- apply "$P"
	grep -qE "^error +make +$P/make.yml +not loaded$" <<<"$out" && ok || bad "make is reported too: $out"
	grep -qE 'bpfcon: error: .*\.bpf\.o' <<<"$out" && ok || bad "the loader says why: $out"
	[ ! -e /sys/fs/bpf/bpfcon/vim ] && [ ! -e /sys/fs/bpf/bpfcon/make ] && ok || bad "nothing is pinned"
	grep -qvE '^#' "$ST/applied" && bad "nothing recorded: $(cat "$ST/applied")" || ok
	[ "$(ls "$ST/cache" | wc -l)" = 2 ] && ok || bad "the cache keeps the current objects only: $(ls "$ST/cache")"
fi

finish apply
