#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# compile.sh - `bpfcc POLICY -o OUT` and `--emit-c` on the host: every
# shipped policy compiles to a BPF object with its self-description, the
# output is deterministic, and failures (policy errors, clang missing or
# failing) exit with the documented status and never leave an object.
set -u
cd "$(dirname "$0")/.."
BPFCC=${BPFCC:-build/bpfcc}
. tests/lib.sh

for f in policies/*.pol policies/*.yml examples/*.pol examples/*.yml; do
	out=$tmp/$(basename "$f").bpf.o
	if "$BPFCC" "$f" -o "$out" 2>"$tmp/err"; then ok; else bad "$f does not compile: $(head -3 "$tmp/err")"; continue; fi
	# One BPF ELF object with the self-description and the config.
	readelf -h "$out" 2>/dev/null | grep -q 'Linux BPF' && ok || bad "$f: not a BPF ELF object"
	readelf -S -W "$out" | grep -q ' \.rodata\.bpfcon ' && ok || bad "$f: no .rodata.bpfcon"
	readelf -S -W "$out" | grep -q ' \.rodata\.config ' && ok || bad "$f: no .rodata.config"
	readelf -S -W "$out" | grep -q ' \.BTF ' && ok || bad "$f: no BTF"
	readelf -S -W "$out" | grep -q ' \.debug_info ' && bad "$f: DWARF left in" || ok
	# Every rule is enforced: bpfcc says nothing.
	[ -s "$tmp/err" ] && bad "$f: unexpected output: $(head -2 "$tmp/err")" || ok
done

p=examples/httpd.pol
"$BPFCC" --emit-c "$p" >"$tmp/a.c" 2>/dev/null && "$BPFCC" --emit-c "$p" -o "$tmp/b.c" 2>/dev/null &&
	cmp -s "$tmp/a.c" "$tmp/b.c" && ok || bad "--emit-c is not deterministic (or -o differs from stdout)"
grep -q '^#define NEED_OPEN' "$tmp/a.c" && grep -q '#include "bpfcon_hooks.h"' "$tmp/a.c" && ok ||
	bad "--emit-c lacks hook selection or templates"

# A YAML policy and its DSL twin compile to the same tables.
tables() { grep -v -E '^\s*/\*|^ \*|^\s*"|sha256|^/\*|^const char bpfcon_meta' "$1"; }
for y in examples/*.yml; do
	d=${y%.yml}.pol
	[ -f "$d" ] || continue
	"$BPFCC" --emit-c "$y" >"$tmp/y.c" 2>/dev/null
	"$BPFCC" --emit-c "$d" >"$tmp/d.c" 2>/dev/null
	diff <(tables "$tmp/y.c") <(tables "$tmp/d.c") >/dev/null && ok || bad "$y and $d generate different tables"
done

# Errors: no object, documented status.
printf '#![profile "/bin/x"]\n#![name "x"]\nfs("relative", read)\n' >"$tmp/bad.pol"
"$BPFCC" "$tmp/bad.pol" -o "$tmp/bad.o" 2>/dev/null; rc=$?
[ $rc = 1 ] && [ ! -e "$tmp/bad.o" ] && ok || bad "policy with errors: exit $rc (want 1), object left: $(ls "$tmp"/bad.o 2>/dev/null)"
{ printf '#![profile "/bin/x"]\n#![name "x"]\n'
  for i in $(seq 0 64); do printf 'filesystem("/m%d", read)\n' "$i"; done; } >"$tmp/mounts.pol"
"$BPFCC" "$tmp/mounts.pol" -o "$tmp/mounts.o" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'name 65 mount points; at most 64 .*\[too-complex\]' "$tmp/err" && [ ! -e "$tmp/mounts.o" ] &&
	ok || bad "65 mount points: exit $rc, $(head -1 "$tmp/err")"
"$BPFCC" "$p" 2>/dev/null; [ $? = 2 ] && ok || bad "compile without -o should exit 2"
"$BPFCC" "$p" -o "$tmp/x.o" --clang /nonexistent/clang 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q 'cannot run /nonexistent/clang' "$tmp/err" && [ ! -e "$tmp/x.o" ] && ok ||
	bad "missing clang: exit $rc, $(cat "$tmp/err")"
cp "$tmp/notes.pol.bpf.o" "$tmp/keep.o"	# an earlier object: the one thing -o may replace
BPFCC_CLANG=false "$BPFCC" "$p" -o "$tmp/keep.o" 2>"$tmp/err"; rc=$?
[ $rc = 3 ] && cmp -s "$tmp/notes.pol.bpf.o" "$tmp/keep.o" && [ -z "$(ls -A "$tmp" | grep '^\.keep\.o\.')" ] && ok ||
	bad "failing clang: exit $rc (want 3), or the old object was touched"

finish compile
