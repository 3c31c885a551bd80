#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# twins.sh - checks that the shipped policies and examples mean the same in
# both languages: for every NAME.yml in policies/ and examples/ with a
# NAME.pol beside it, `bpfcc --emit-ir` of the two must print the same IR.
# Also: every file in policies/ has its twin (.yml <-> .pol) and is
# lint-clean with --werror, alone and together with the other files of its
# language (two policies must not share a name).
# Prints "twins: N passed, N failed"; exits non-zero on any failure.
# BPFCC names the bpfcc to test (default build/bpfcc).
set -u
cd "$(dirname "$0")/.."
BPFCC=${BPFCC:-build/bpfcc}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	printf 'FAIL %s\n' "$1"
}

if [ ! -x "$BPFCC" ]; then
	echo "twins: $BPFCC is not executable (run make first)"
	echo "twins: 0 passed, 1 failed"
	exit 1
fi

# IR of both languages, byte for byte.
compare_twin() {
	local yml=$1 pol=${1%.yml}.pol
	if ! "$BPFCC" --emit-ir "$yml" >"$tmp/yml" 2>"$tmp/yml.err"; then
		bad "$yml: --emit-ir failed"
		cat "$tmp/yml.err"
		return
	fi
	if ! "$BPFCC" --emit-ir "$pol" >"$tmp/pol" 2>"$tmp/pol.err"; then
		bad "$pol: --emit-ir failed"
		cat "$tmp/pol.err"
		return
	fi
	if diff -u --label "$yml" --label "$pol" "$tmp/yml" "$tmp/pol" >"$tmp/diff"; then
		ok
	else
		bad "$yml and $pol differ"
		cat "$tmp/diff"
	fi
}

for yml in policies/*.yml examples/*.yml; do
	[ -e "$yml" ] || continue
	[ -e "${yml%.yml}.pol" ] || continue
	compare_twin "$yml"
done

# Every shipped policy and example has its twin.
for f in policies/* examples/*.yml examples/*.pol; do
	[ -e "$f" ] || continue
	# policies/abstractions/: rules the policies include, not policies.
	[ -d "$f" ] && continue
	case $f in
	*.yml) twin=${f%.yml}.pol ;;
	*.pol) twin=${f%.pol}.yml ;;
	*) bad "$f: not a .yml or .pol file"; continue ;;
	esac
	if [ -e "$twin" ]; then ok; else bad "$f has no twin $twin"; fi
done

# Lint-clean, with warnings as errors.
lint_clean() {
	local what=$1
	shift
	if "$BPFCC" lint --werror "$@" >"$tmp/lint" 2>&1; then
		ok
	else
		bad "lint --werror $what"
		cat "$tmp/lint"
	fi
}

for f in policies/*.yml policies/*.pol; do
	[ -e "$f" ] || continue
	lint_clean "$f" "$f"
done
# A policy and its twin share their name, so each language is linted as a
# set on its own: this finds two different policies with one name.
for ext in yml pol; do
	set -- policies/*."$ext"
	[ -e "$1" ] || continue
	lint_clean "policies/*.$ext" "$@"
done

echo "twins: $pass passed, $fail failed"
[ "$fail" = 0 ]
