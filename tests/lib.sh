# SPDX-License-Identifier: GPL-2.0-only
# lib.sh - what the shell suites share, sourced from the repository root: a
# temporary folder removed at exit, the pass/fail counters with ok and bad,
# and finish, which prints the "NAME: N passed, M failed" line that
# tests/run-all reads.
# The build tree's bpfcc finds the tree's templates through this.
export BPFCC_TEMPLATES=${BPFCC_TEMPLATES:-$PWD/bpf-templates}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*" >&2; }
# finish NAME: the summary line; the status is 1 if anything failed.
finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}
