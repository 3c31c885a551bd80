#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# bad-input.sh - hostile and huge inputs that are generated at test time
# (too big to keep in the repository): each must give a clear error with a
# location and exit 1, or parse, without crashing, within bounded time.
set -u
cd "$(dirname "$0")/.."
BPFCC=${BPFCC:-build/bpfcc}
. tests/lib.sh

# expect NAME EXIT PATTERN -- ARGS...: runs bpfcc ARGS (30 s limit); the exit
# status must be EXIT and the output must match the extended regex PATTERN.
expect() {
	local name=$1 want=$2 pattern=$3
	shift 4
	local out rc
	out=$(NO_COLOR=1 timeout 30 "$BPFCC" "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -qE -- "$pattern" <<<"$out" &&
		! grep -q 'Sanitizer\|runtime error' <<<"$out"; then
		ok
	else
		bad "$name: exit $rc (want $want), output:"
		head -c 2000 <<<"$out" >&2
		echo >&2
	fi
}

# A 10 MB file: rejected before parsing, pointing at the file.
{
	echo 'name: big'
	echo 'command: /bin/big'
	echo 'rights:'
	head -c 10000000 /dev/zero | tr '\0' 'x' | fold -w 60 | sed 's@^@  - fs /@'
} >"$tmp/big.yml"
expect big-yaml 1 "big.yml:1:1: error: policy file is larger than the 4 MiB limit \[too-large\]" -- lint "$tmp/big.yml"

# 10,000 rules in each language: accepted, quickly.
{
	echo 'name: many'
	echo 'command: /bin/many'
	echo 'rights:'
	for i in $(seq 1 10000); do echo "  - fs: {path: /data/dir$i/file, access: r}"; done
} >"$tmp/many.yml"
expect many-yaml 0 '^$' -- lint "$tmp/many.yml"
{
	echo '#![profile "/bin/many"]'
	for i in $(seq 1 10000); do echo "fs(\"/data/dir$i/file\", read)"; done
} >"$tmp/many.pol"
expect many-dsl 0 '^$' -- lint "$tmp/many.pol"
expect many-explain 0 '^allow' -- explain "$tmp/many.pol" 'fs("/data/dir9999/file", read)'

# 70,000 rules: over the rule limit, a clear error.
{
	echo '#![profile "/bin/many"]'
	for i in $(seq 1 70000); do echo "fs(\"/d/$i\", read)"; done
} >"$tmp/toomany.pol"
expect too-many-rules 1 'too-many-rules' -- lint "$tmp/toomany.pol"

# Deep nesting in both languages.
{ echo 'name: deep'; echo 'command: /bin/deep'; printf 'rights: '; for _ in $(seq 1 5000); do printf '['; done; echo; } >"$tmp/deep.yml"
expect deep-yaml 1 'deep.yml:[0-9]+:[0-9]+: error: .*nested' -- lint "$tmp/deep.yml"
{ echo '#![profile "/bin/deep"]'; for _ in $(seq 1 5000); do printf '{'; done; echo; } >"$tmp/deep.pol"
expect deep-dsl 1 'deep.pol:[0-9]+:[0-9]+: error: .*nested' -- lint "$tmp/deep.pol"

# Random binary garbage, in both languages: an error with a location, no crash.
for seed in 1 2 3 4 5 6 7 8; do
	head -c 4096 /dev/urandom >"$tmp/garbage$seed.yml"
	cp "$tmp/garbage$seed.yml" "$tmp/garbage$seed.pol"
	expect "garbage-yaml-$seed" 1 "garbage$seed.yml:[0-9]+:[0-9]+: error" -- lint "$tmp/garbage$seed.yml"
	expect "garbage-dsl-$seed" 1 "garbage$seed.pol:[0-9]+:[0-9]+: error" -- lint "$tmp/garbage$seed.pol"
done

# An unreadable file and a bad option: exit 2.
expect missing-file 2 'cannot open' -- lint "$tmp/does-not-exist.pol"
expect bad-option 2 'bpfcc' -- lint --no-such-option "$tmp/many.pol"
expect bad-format 2 'unknown format' -- lint --format=xml "$tmp/many.pol"

finish bad-input
