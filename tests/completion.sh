#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# completion.sh - the bash completion of bpfcc and bpfcon
# (dist/completion/): `complete -p` names the functions, and the functions,
# called as bash calls them (COMP_WORDS, COMP_CWORD), offer the commands,
# the options, option values, policy files, objects and the loaded policies
# (`bpfcon list`, here a stand-in printing two policies).  The zsh ones
# (_bpfcc, _bpfcon) are checked to parse and to be found by compinit.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
. dist/completion/bpfcc
. dist/completion/bpfcon

# A stand-in bpfcon on PATH: its list names two loaded policies.
mkdir -p "$tmp/bin" "$tmp/w/sub"
cat >"$tmp/bin/bpfcon" <<'STUB'
#!/bin/sh
[ "$1" = list ] || exit 2
printf 'NAME                     MODE      RULES  LOADED\n'
printf 'httpd                    enforce       12  2026-12-06T02:40:01Z\n'
printf 'notes                    complain       3  2026-12-06T02:41:07Z\n'
STUB
chmod +x "$tmp/bin/bpfcon"
PATH=$tmp/bin:$PATH
touch "$tmp/w/a.pol" "$tmp/w/b.yml" "$tmp/w/c.yaml" "$tmp/w/meta.yml" "$tmp/w/x.bpf.o" "$tmp/w/notes.txt"
cd "$tmp/w"

# comp WORDS...: what the completion offers for the command line WORDS,
# the cursor on the last word (give "" for a new word), sorted, one line.
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMPREPLY=()
	local f
	f=$(complete -p "$1" 2>/dev/null | sed -E 's/.*-F ([^ ]+).*/\1/')
	"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
# want DESC EXPECTED WORDS...
want() {
	local desc=$1 exp=$2 got
	shift 2
	got=$(comp "$@")
	[ "$got" = "$exp" ] && ok || bad "$desc: '$*' offers '$got', expected '$exp'"
}
# has DESC WORD WORDS...: WORD is among what is offered.
has() {
	local desc=$1 w=$2 got
	shift 2
	got=" $(comp "$@") "
	[[ $got == *" $w "* ]] && ok || bad "$desc: '$*' offers '$got', lacks '$w'"
}

for c in bpfcc bpfcon bpfcon-load; do
	complete -p $c 2>/dev/null | grep -qE -- "-F _bpf(cc|con) $c\$" && ok || bad "complete -p $c: $(complete -p $c 2>&1)"
done

# bpfcon
want "commands" "--help --version apply complain doctor enforce help info learn list load logprof logs run status unload" bpfcon ""
want "commands by prefix" "learn list load logprof logs" bpfcon l
want "learn: options" "--bpfcc --help --output" bpfcon learn --
want "learn: -- after NAME" "--" bpfcon learn app ""
has "learn: a command after --" "sh" bpfcon learn app -- s
want "logprof: a loaded policy" "httpd notes" bpfcon logprof ""
want "logprof: then a log file" "a.pol b.yml c.yaml meta.yml notes.txt sub x.bpf.o" bpfcon logprof httpd ""
want "unload: the loaded policies" "httpd notes" bpfcon unload ""
want "unload: by prefix" "notes" bpfcon unload n
want "unload: one policy" "" bpfcon unload httpd ""
want "run: the loaded policies" "httpd notes" bpfcon run ""
want "run: -- after NAME" "--" bpfcon run httpd ""
has "run: a command after --" "sh" bpfcon run httpd -- s
want "logs options" "--journal --json" bpfcon logs --j
want "logs -f" "-f" bpfcon logs -f
want "load: objects and folders" "sub x.bpf.o" bpfcon load ""
want "load: options" "--complain" bpfcon load x.bpf.o --co
want "bpfcon-load: objects" "sub x.bpf.o" bpfcon-load ""
want "bpfcon-load: options" "--verifier-stats --verify-only" bpfcon-load --veri
want "info: objects" "sub x.bpf.o" bpfcon info ""
want "apply: options" "--bpfcc --dry-run --help --state-dir" bpfcon apply --
want "apply: --state-dir takes a folder" "sub" bpfcon apply --state-dir ""
want "apply: a policy folder" "sub" bpfcon apply ""
want "list" "--help" bpfcon list -
want "global options before the command" "learn list load logprof logs" bpfcon --help l

# bpfcc
want "first word: commands, policies, folders" "a.pol b.yml c.yaml explain lint meta.yml sub" bpfcc ""
want "compile options" "--emit-c --emit-ir" bpfcc --emit
want "compile: -o takes a file" "a.pol b.yml c.yaml meta.yml notes.txt sub x.bpf.o" bpfcc a.pol -o ""
want "lint: policy files" "a.pol b.yml c.yaml meta.yml sub" bpfcc lint ""
want "lint: options" "--format= --help --meta --werror" bpfcc lint --
want "lint: --format values (word split at =)" "json sarif text" bpfcc lint --format = ""
want "lint: --format values by prefix" "sarif" bpfcc lint --format = s
want "lint: --format=VALUE as one word" "json" bpfcc lint --format=j
want "lint: --meta takes YAML" "b.yml c.yaml meta.yml sub" bpfcc lint --meta ""
want "explain: the policy" "a.pol b.yml c.yaml meta.yml sub" bpfcc explain ""
want "explain: request kinds" "filesystem( fs(" bpfcc explain a.pol f
want "explain: options" "--tainted" bpfcc explain a.pol --t
want "explain: more options" "--in-func --in-kfunc" bpfcc explain a.pol --in
want "explain: --in-func takes a name" "" bpfcc explain a.pol --in-func ""
want "--emit-ir: a policy" "a.pol b.yml c.yaml meta.yml sub" bpfcc --emit-ir ""

cd "$OLDPWD" || exit 1
# zsh (if installed): compinit finds _bpfcc and _bpfcon for the three
# commands, and their functions parse
if command -v zsh >/dev/null; then
	for c in bpfcc bpfcon bpfcon-load; do
		got=$(zsh -fc "fpath=($PWD/dist/completion \$fpath); autoload -U compinit; compinit -u -D; print -r -- \$_comps[$c]" 2>&1)
		[ "$got" = "_${c%-load}" ] && ok || bad "zsh: completion of $c is '$got'"
	done
	for f in dist/completion/_bpfcc dist/completion/_bpfcon; do
		zsh -n "$f" && ok || bad "zsh -n $f"
	done
fi
# make install puts them where bash-completion looks them up by command name
BUILD=${BUILD:-build}
if [ -x "$BUILD/bpfcc" ] && [ -x "$BUILD/bpfcon" ]; then
	make -s --no-print-directory -o "$BUILD/bpfcc" -o "$BUILD/bpfcon" BUILD="$BUILD" \
		DESTDIR="$tmp/inst" PREFIX=/usr install >"$tmp/install.log" 2>&1 || bad "make install: $(tail -5 "$tmp/install.log")"
	for c in bpfcc bpfcon bpfcon-load; do
		f=$tmp/inst/usr/share/bash-completion/completions/$c
		[ -f "$f" ] && bash -c ". '$f' && complete -p $c" >/dev/null 2>&1 && ok || bad "installed completion for $c"
	done
	for c in _bpfcc _bpfcon; do
		[ -f "$tmp/inst/usr/share/zsh/vendor-completions/$c" ] && ok || bad "installed zsh completion $c"
	done
fi
finish completion
