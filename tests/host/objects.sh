#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# objects.sh - every policy in policies/ and examples/ compiles with
# `bpfcc POLICY -o OBJ` (no --test-prog), libbpf opens the object, and its
# self-description (.rodata.bpfcon, docs/object-format.md) matches the
# source: name, command, source path, `rules N` and each `rule ID
# FILE:LINE:COL TEXT` line against the IR (difftest --check-object), and
# the sha256 line against sha256sum.  Builds difftest with make.
# Prints "objects: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
BPFCC=${BPFCC:-$BUILD/bpfcc}
DIFFTEST=$BUILD/host/difftest
make --no-print-directory -s BUILD="$BUILD" "$DIFFTEST" >/dev/null || {
	echo "objects: cannot build $DIFFTEST" >&2
	echo "objects: 0 passed, 1 failed"
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

files=()
for f in policies/*.pol policies/*.yml policies/*.yaml examples/*.pol examples/*.yml examples/*.yaml; do
	[ -f "$f" ] && files+=("$f")
done

# Compile them all first, one per CPU (clang is the slow part).
obj_of() { printf '%s/%s.bpf.o' "$tmp" "$(tr / _ <<<"$1")"; }
export BPFCC tmp
printf '%s\0' "${files[@]}" | xargs -0 -P "$(nproc)" -I{} sh -c \
	'o="$tmp/$(printf %s "$1" | tr / _).bpf.o"; "$BPFCC" "$1" -o "$o" >"$o.log" 2>&1; echo $? >"$o.rc"' \
	sh {}

for f in "${files[@]}"; do
	o=$(obj_of "$f")
	rc=$(cat "$o.rc" 2>/dev/null || echo missing)
	if [ "$rc" != 0 ] || [ ! -s "$o" ]; then
		echo "FAIL $f: bpfcc -o exited $rc" >&2
		head -n 20 "$o.log" >&2
		fail=$((fail + 1))
		continue
	fi
	if ! out=$("$DIFFTEST" --check-object "$f" "$o" 2>"$o.err"); then
		echo "FAIL $f: the object's self-description does not match the source" >&2
		head -n 20 "$o.err" >&2
		fail=$((fail + 1))
		continue
	fi
	want=$(sha256sum "$f" | cut -d' ' -f1)
	if [ "$out" != "sha256 $want" ]; then
		echo "FAIL $f: object says '$out', sha256sum says $want" >&2
		fail=$((fail + 1))
		continue
	fi
	pass=$((pass + 1))
done
[ ${#files[@]} -gt 0 ] || { echo "objects: no policies found" >&2; fail=1; }
echo "objects: $pass passed, $fail failed"
[ "$fail" = 0 ]
