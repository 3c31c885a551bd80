#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# cli.sh - the command line itself: --help, --version, exit codes,
# `make install` honouring PREFIX and DESTDIR, and what -o may replace.
set -u
cd "$(dirname "$0")/.."
BPFCC=${BPFCC:-build/bpfcc}
. tests/lib.sh

"$BPFCC" --help | grep -q '^Exit status:' && ok || bad "--help lacks exit status"
"$BPFCC" --help | grep -q 'over 4 MiB) is 2 in every command' && ok || bad "--help lacks the input error mapping"
"$BPFCC" --version | grep -qE '^bpfcc [0-9]+\.[0-9]+' && ok || bad "--version"
"$BPFCC" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "no arguments should exit 2"
"$BPFCC" explain >/dev/null 2>&1; [ $? = 2 ] && ok || bad "explain without args should exit 2"
"$BPFCC" --emit-ir >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--emit-ir without file should exit 2"

make -s install PREFIX=/opt/bpfcon DESTDIR="$tmp/root" >/dev/null 2>&1 || bad "make install failed"
[ -x "$tmp/root/opt/bpfcon/bin/bpfcc" ] && ok || bad "make install: no bin/bpfcc under DESTDIR/PREFIX"
[ -f "$tmp/root/opt/bpfcon/share/man/man1/bpfcc.1" ] && ok || bad "make install: no man page"
if command -v man >/dev/null && [ -f docs/bpfcc.1 ]; then
	MANWIDTH=80 man -l docs/bpfcc.1 2>&1 | grep -q 'EXIT STATUS' && ok || bad "man page lacks EXIT STATUS"
	MANWIDTH=200 man -l docs/bpfcc.1 2>&1 | grep -q 'is exit 2 in every command' && ok ||
		bad "man page does not say which exit an unreadable input gets"
fi

# ---- -o: what bpfcc may replace (issue 12) ----
# refused NAME PATTERN -- ARGS...: bpfcc ARGS exits 2 at once (clang is
# /bin/false, so a clang run would be exit 3) with one line matching
# PATTERN, and leaves no temporary beside the output.
refused() {
	local name=$1 pattern=$2
	shift 3
	local rc
	BPFCC_CLANG=false timeout 10 "$BPFCC" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -qE -- "$pattern" "$tmp/err" &&
		[ -z "$(ls -A "$tmp/o" | grep '^\.')" ]; then
		ok
	else
		bad "$name: exit $rc (want 2, one line matching '$pattern'): $(head -3 "$tmp/err")"
	fi
}
mkdir "$tmp/o"
pol=$tmp/o/p.pol
cp examples/notes.pol "$pol"
cp "$pol" "$tmp/orig.pol"
ln -s p.pol "$tmp/o/link.pol"
ln "$pol" "$tmp/o/hard.pol"
same_input() { cmp -s "$pol" "$tmp/orig.pol" && ok || bad "$1: the input was changed"; }
refused input-as-output 'refusing to write .*p\.pol: it is the input' -- "$pol" -o "$pol"
same_input input-as-output
refused input-by-symlink 'refusing to write .*link\.pol: it is the input' -- "$pol" -o "$tmp/o/link.pol"
same_input input-by-symlink
refused input-by-hard-link 'it is the input' -- "$pol" -o "$tmp/o/hard.pol"
refused input-by-other-path 'it is the input' -- "$pol" -o "$tmp/o/../o/./p.pol"
refused emit-c-over-input 'it is the input' -- --emit-c "$pol" -o "$tmp/o/link.pol"
same_input emit-c-over-input
[ -L "$tmp/o/link.pol" ] && ok || bad "the symlink to the input was replaced"
refused empty-o "-o needs a file name" -- "$pol" -o ''
refused missing-folder "cannot write $tmp/o/nowhere/x\.o: No such file or directory" -- "$pol" -o "$tmp/o/nowhere/x.o"
refused missing-folder-emit-c "cannot write" -- --emit-c "$pol" -o "$tmp/o/nowhere/x.c"
if [ "$(id -u)" = 0 ]; then
	# root writes anywhere a mode allows: /proc takes no new files
	refused unwritable-folder "cannot write /proc/bpfcc-test\.o" -- "$pol" -o /proc/bpfcc-test.o
else
	mkdir "$tmp/o/ro" && chmod 555 "$tmp/o/ro"
	refused unwritable-folder "cannot write .*Permission denied" -- "$pol" -o "$tmp/o/ro/x.o"
fi
mkfifo "$tmp/o/fifo"
refused fifo-output 'refusing to replace .*fifo: it is a FIFO' -- "$pol" -o "$tmp/o/fifo"
refused fifo-output-emit-c 'it is a FIFO' -- --emit-c "$pol" -o "$tmp/o/fifo"
[ -p "$tmp/o/fifo" ] && ok || bad "the FIFO was replaced"
refused device-output 'refusing to replace /dev/null: it is a character device' -- "$pol" -o /dev/null
[ -c /dev/null ] && ok || bad "/dev/null is no longer a device"
refused folder-output 'it is a folder' -- "$pol" -o "$tmp/o"
refused folder-output-emit-c 'it is a folder' -- --emit-c "$pol" -o "$tmp/o"
ln -s nothing "$tmp/o/dangling"
refused dangling-symlink 'symbolic link to nothing' -- "$pol" -o "$tmp/o/dangling"
echo 'my notes' >"$tmp/o/notes.txt"
refused not-an-object 'refusing to replace .*notes\.txt: it exists and is not a BPF object' -- "$pol" -o "$tmp/o/notes.txt"
[ "$(cat "$tmp/o/notes.txt")" = 'my notes' ] && ok || bad "a text file was replaced by an object"
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\001\000\076\000' >"$tmp/o/x86.o"
refused x86-object 'is not a BPF object' -- "$pol" -o "$tmp/o/x86.o"
# A policy with errors, or clang failing: exit 1 or 3, no temporary left.
printf '#![profile "/bin/x"]\nfs("relative", read)\n' >"$tmp/bad.pol"
"$BPFCC" "$tmp/bad.pol" -o "$tmp/o/bad.o" 2>/dev/null; rc=$?
BPFCC_CLANG=false "$BPFCC" "$pol" -o "$tmp/o/clang.o" 2>/dev/null; rc2=$?
[ $rc = 1 ] && [ $rc2 = 3 ] && [ -z "$(ls -A "$tmp/o" | grep -E '^\.|^bad\.o$|^clang\.o$')" ] && ok ||
	bad "failed compiles: exit $rc and $rc2 (want 1 and 3), left: $(ls -A "$tmp/o")"
# No templates (an uninstalled bpfcc, BPFCC_TEMPLATES unset): exit 2 with
# one line saying where it looked, not clang's error and exit 3.
BPFCC_TEMPLATES="$tmp/none" "$BPFCC" "$pol" -o "$tmp/o/nt.o" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "^bpfcc: error: no BPF templates in $tmp/none (install bpfcon, or set BPFCC_TEMPLATES" "$tmp/err" &&
	[ ! -e "$tmp/o/nt.o" ] && [ -z "$(ls -A "$tmp/o" | grep '^\.')" ] && ok ||
	bad "no templates: exit $rc (want 2): $(head -2 "$tmp/err")"
# --emit-c may replace a regular file that is not the input.
"$BPFCC" --emit-c "$pol" -o "$tmp/o/notes.txt" 2>"$tmp/err" && grep -q '^#define NEED_OPEN' "$tmp/o/notes.txt" &&
	ok || bad "--emit-c -o over a regular file: $(head -2 "$tmp/err")"
# An earlier object, an empty file and a symlink to an object are replaced
# (the symlink stays; its target gets the object).  Needs clang.
if command -v "${BPFCC_CLANG:-clang}" >/dev/null; then
	"$BPFCC" "$pol" -o "$tmp/o/p.bpf.o" 2>"$tmp/err" && ok || bad "compile: $(head -2 "$tmp/err")"
	readelf -h "$tmp/o/p.bpf.o" 2>/dev/null | grep -q 'Linux BPF' && ok || bad "no BPF object written"
	perm=$(stat -c %a "$tmp/o/p.bpf.o")
	[ "$perm" = "$(printf '%o' $((0666 & ~$(umask))))" ] && ok || bad "object mode $perm, not 0666 & ~umask"
	"$BPFCC" "$pol" -o "$tmp/o/p.bpf.o" 2>"$tmp/err" && ok || bad "replacing an object: $(head -2 "$tmp/err")"
	: >"$tmp/o/empty.o"
	"$BPFCC" "$pol" -o "$tmp/o/empty.o" 2>"$tmp/err" && [ -s "$tmp/o/empty.o" ] && ok ||
		bad "an empty file is not replaced: $(head -2 "$tmp/err")"
	rm "$tmp/o/p.bpf.o"
	: >"$tmp/o/p.bpf.o"
	ln -s p.bpf.o "$tmp/o/obj-link"
	"$BPFCC" "$pol" -o "$tmp/o/obj-link" 2>"$tmp/err" && [ -L "$tmp/o/obj-link" ] && [ -s "$tmp/o/p.bpf.o" ] &&
		ok || bad "a symlink to an object: not written through ($(head -2 "$tmp/err"))"
	[ -z "$(ls -A "$tmp/o" | grep '^\.')" ] && ok || bad "temporaries left: $(ls -A "$tmp/o")"
fi

finish cli
