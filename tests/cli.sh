#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# cli.sh - the command line itself: --help, --version, exit codes, and
# `make install` honouring PREFIX and DESTDIR.
set -u
cd "$(dirname "$0")/.."
BPFCC=${BPFCC:-build/bpfcc}
. tests/lib.sh

"$BPFCC" --help | grep -q '^Exit status:' && ok || bad "--help lacks exit status"
"$BPFCC" --version | grep -qE '^bpfcc [0-9]+\.[0-9]+' && ok || bad "--version"
"$BPFCC" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "no arguments should exit 2"
"$BPFCC" explain >/dev/null 2>&1; [ $? = 2 ] && ok || bad "explain without args should exit 2"
"$BPFCC" --emit-ir >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--emit-ir without file should exit 2"

make -s install PREFIX=/opt/bpfcon DESTDIR="$tmp/root" >/dev/null 2>&1 || bad "make install failed"
[ -x "$tmp/root/opt/bpfcon/bin/bpfcc" ] && ok || bad "make install: no bin/bpfcc under DESTDIR/PREFIX"
[ -f "$tmp/root/opt/bpfcon/share/man/man1/bpfcc.1" ] && ok || bad "make install: no man page"
if command -v man >/dev/null && [ -f docs/bpfcc.1 ]; then
	MANWIDTH=80 man -l docs/bpfcc.1 2>&1 | grep -q 'EXIT STATUS' && ok || bad "man page lacks EXIT STATUS"
fi

finish cli
