#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# deb.sh - the Debian package: `make deb` builds bpfcon_VERSION_amd64.deb;
# its contents list (binaries, man pages, templates without the test-only
# header, the unit, the policy folder and its README, the ready policies);
# its control fields; lintian has nothing to say; the binaries hold no
# build-folder path; unpacked in a scratch root (dpkg -x), its bpfcc
# compiles a shipped policy against the installed templates (no
# BPFCC_TEMPLATES), refuses --test-prog cleanly, its bpfcon reads the
# object, and `systemd-analyze verify` accepts its unit there.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
. tests/lib.sh
VERSION=$(sed -n 's/^VERSION := //p' Makefile)
DEB=$BUILD/deb/bpfcon_${VERSION}_amd64.deb

out=$(make --no-print-directory -s BUILD="$BUILD" deb 2>&1)
if [ $? != 0 ] || [ ! -f "$DEB" ]; then
	printf '%s\n' "$out" | tail -n 30 >&2
	bad "make deb did not build $DEB"
	finish deb
	exit 1
fi
ok

# Contents.
dpkg-deb -c "$DEB" | awk '{ print $6 }' | sed 's|^\./|/|' >"$tmp/list"
for f in /usr/bin/bpfcc /usr/bin/bpfcon /usr/bin/bpfcon-load \
	/usr/share/man/man1/bpfcc.1.gz /usr/share/man/man1/bpfcon.1.gz \
	/usr/share/man/man1/bpfcon-load.1.gz \
	/usr/share/bpfcon/bpf-templates/bpfcon_common.h /usr/share/bpfcon/bpf-templates/bpfcon_abi.h \
	/lib/systemd/system/bpfcon.service /etc/bpfcon/policies.d/ /etc/bpfcon/policies.d/README \
	/usr/share/bpfcon/policies/nginx.pol /usr/share/bpfcon/policies/sshd.pol \
	/usr/share/bpfcon/policies/postgresql.pol /usr/share/bpfcon/policies/abstractions/ \
	/usr/share/doc/bpfcon/copyright; do
	grep -qxF "$f" "$tmp/list" && ok || bad "the package lacks $f"
done
for h in bpf-templates/*.h; do
	b=${h##*/}
	if [ "$b" = bpfcon_testprog.h ]; then
		grep -q "/$b\$" "$tmp/list" && bad "the test-only $b is packaged" || ok
	else
		grep -qxF "/usr/share/bpfcon/bpf-templates/$b" "$tmp/list" && ok || bad "template $b is not packaged"
	fi
done
for p in policies/*.pol policies/*.yml; do
	grep -qxF "/usr/share/bpfcon/policies/${p##*/}" "$tmp/list" && ok || bad "policy $p is not packaged"
done
for c in dist/completion/*; do
	[ -f "$c" ] || continue
	n=${c##*/}
	n=${n#_}
	n=${n%.*sh}
	grep -qE "^/usr/share/(bash-completion/completions|zsh/vendor-completions)/_?$n\$" "$tmp/list" &&
		ok || bad "completion $c is not packaged"
done
[ "$(grep '^/etc/bpfcon/policies.d/.' "$tmp/list" | tr '\n' ' ')" = "/etc/bpfcon/policies.d/README /etc/bpfcon/policies.d/abstractions " ] && ok ||
	bad "the policy folder holds its README and the abstractions link only: $(grep '^/etc/bpfcon/policies.d/' "$tmp/list")"

# Control fields.
[ "$(dpkg-deb -f "$DEB" Package)" = bpfcon ] && ok || bad "Package is not bpfcon"
[ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] && ok || bad "Version is not $VERSION"
dep=$(dpkg-deb -f "$DEB" Depends)
for d in clang llvm libbpf-dev linux-libc-dev; do
	grep -qE "(^|, )$d(,|\$| )" <<<"$dep" && ok || bad "Depends lacks $d: $dep"
done
dpkg-deb -I "$DEB" conffiles 2>/dev/null | grep -qx /etc/bpfcon/policies.d/README && ok ||
	bad "the README is not a conffile"

# lintian: clean (each tag that stays is overridden with its reason in
# debian/bpfcon.lintian-overrides).
if command -v lintian >/dev/null; then
	l=$(lintian --allow-root "$DEB" 2>&1)
	[ $? = 0 ] && [ -z "$l" ] && ok || bad "lintian: $l"
else
	bad "lintian is not installed (make deb installs it)"
fi

# Reproducible: no build-folder path in the binaries.
root=$tmp/root
dpkg-deb -x "$DEB" "$root" || bad "dpkg-deb -x failed"
[ "$(readlink "$root/etc/bpfcon/policies.d/abstractions")" = /usr/share/bpfcon/policies/abstractions ] &&
	ok || bad "policies.d/abstractions does not point at the shipped abstractions"
for a in policies/abstractions/*; do
	[ -f "$root/usr/share/bpfcon/$a" ] && ok || bad "$a is not packaged"
done
srcdir=$(cd "$BUILD/deb/bpfcon-$VERSION" && pwd)
for b in bpfcc bpfcon; do
	s=$(strings -a "$root/usr/bin/$b")
	grep -qF "$srcdir" <<<"$s" && bad "$b holds the build path $srcdir" || ok
	grep -qF "$PWD" <<<"$s" && bad "$b holds the work-tree path $PWD" || ok
done
strings -a "$root/usr/bin/bpfcc" | grep -qx /usr/share/bpfcon/bpf-templates && ok ||
	bad "bpfcc does not name /usr/share/bpfcon/bpf-templates"
nm "$root/usr/bin/bpfcon" 2>/dev/null | grep -q ' T bpfcon_enter_policy$' && ok ||
	bad "bpfcon lost bpfcon_enter_policy from its symbol table (the uprobe of run)"
[ "$(stat -c %i "$root/usr/bin/bpfcon")" = "$(stat -c %i "$root/usr/bin/bpfcon-load")" ] && ok ||
	bad "bpfcon-load is not a hard link to bpfcon"

# The unpacked bpfcc on the installed templates.
out=$(env -u BPFCC_TEMPLATES "$root/usr/bin/bpfcc" "$root/usr/share/bpfcon/policies/vim.pol" \
	-o "$tmp/vim.bpf.o" 2>&1)
[ $? = 0 ] && [ -s "$tmp/vim.bpf.o" ] && ok || bad "installed bpfcc cannot compile vim.pol: $out"
out=$("$root/usr/bin/bpfcon" info "$tmp/vim.bpf.o" 2>&1)
grep -qE '^name +vim$' <<<"$out" && ok || bad "installed bpfcon info: $out"
out=$(env -u BPFCC_TEMPLATES "$root/usr/bin/bpfcc" --test-prog policies/vim.pol -o "$tmp/t.o" 2>&1)
rc=$?
[ $rc = 2 ] && grep -q 'test-prog needs bpfcon_testprog.h' <<<"$out" && ok ||
	bad "--test-prog without the test-only header: exit $rc: $out"
for p in nginx sshd postgresql; do
	f=$root/usr/share/bpfcon/policies/$p.pol
	[ -f "$f" ] || continue
	out=$(env -u BPFCC_TEMPLATES "$root/usr/bin/bpfcc" "$f" -o "$tmp/$p.bpf.o" 2>&1)
	[ $? = 0 ] && ok || bad "installed bpfcc cannot compile the shipped $p.pol: $out"
done

# The unit, as installed.
out=$(systemd-analyze verify --man=no --root="$root" bpfcon.service 2>&1)
[ $? = 0 ] && [ -z "$out" ] && ok || bad "systemd-analyze verify bpfcon.service: $out"
u=$root/lib/systemd/system/bpfcon.service
for l in Type=oneshot RemainAfterExit=yes 'ExecStart=/usr/bin/bpfcon apply' \
	'ExecReload=/usr/bin/bpfcon apply' DefaultDependencies=no 'Before=sysinit.target' \
	'After=sys-fs-bpf.mount'; do
	grep -q "^$l" "$u" && ok || bad "the unit lacks $l"
done

finish deb
