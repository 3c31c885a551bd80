# SPDX-License-Identifier: GPL-2.0-only
# suite-func.sh - tests/vm/e2e: function contexts, sourced by suite.sh (its
# helpers check, logged, ev, loc, load, unload, rc).  The program is
# funcprobe (funcprobe.c), run as copies that are the policies' commands,
# so running one enters its policy.  Each check shows the read that the
# context allows and the same read denied outside it, in one run; the
# denials name the default (the right does not exist outside), the
# allowed reads name their #[audit] #[func] rule.
#   func.pol     #[func] rights, a #[func] restriction, a #[func] on a
#                second binary; nesting, recursion, threads, signals,
#                longjmp, a function that never returns, exec; bypasses
#   func-k.yml   #[kfunc "do_filp_open"], and #[func] written in YAML
#   func-missing.pol, func-nobin.pol   load errors

# --- the world -------------------------------------------------------------
mkdir -p $T/f
for f in secret open locked other kfile; do echo "content of f/$f" >$T/f/$f; done
chmod -R a+rwX $T/f
for c in func func2 funck; do cp /usr/local/bin/funcprobe /work/bin/$c; done
chmod 755 /work/bin/func*

# floc FILE FUNC: where the rule of context FUNC is written in FILE: the
# line naming "FUNC", the column of its fs( or file:.
floc() {
	awk -v n="\"$2\"" -v f="tests/vm/e2e/$1" \
		'index($0, n) { c = index($0, "fs("); if (!c) c = index($0, "- file:") + 2
		 print f ":" NR ":" c; found = 1; exit }
		 END { if (!found) print f ":NOT-FOUND:" n }' "$SRC/$1"
}
# yloc FILE NEEDLE: the line after the one holding NEEDLE (a YAML rule
# whose modifier key is NEEDLE), column of its "file:".
yloc() {
	awk -v n="$2" -v f="tests/vm/e2e/$1" \
		'index($0, n) { print f ":" NR - 1 ":" index(prev, "file:"); found = 1; exit }
		 { prev = $0 }
		 END { if (!found) print f ":NOT-FOUND:" n }' "$SRC/$1"
}

# --- func.pol --------------------------------------------------------------
load func
P=e2e-func
S=$T/f/secret
O=$T/f/open
FN() { /work/bin/func "$@"; }
DEF="$(ev $P file_open $S read deny default)"
AUD() { ev $P file_open "$2" read "allow [audit]" "$(floc func.pol "$1")"; }

check "func: check_login's right exists only inside it (outside, inside, outside)" \
	"out:EPERM login0:ok after:EPERM" "$DEF" FN inside $S
logged "func: the read inside check_login is allowed by its #[func] rule, named" "$(AUD check_login $S)"
# A follower sees audited allows too, though they wake no reader
# (bpfcon_common.h wakeup_flags): logs -f takes them when its poll times out.
drain
bpfcon logs -f >/tmp/e2e-func-follow.log 2>&1 &
fpid=$!
sleep 1
FN inside $S >/dev/null 2>&1
sleep 2
LOG=$(cat /tmp/e2e-func-follow.log)	# before it ends: its exit drains too
kill $fpid; wait $fpid 2>/dev/null
logged "func: bpfcon logs -f shows the audited allow within its poll" "$(AUD check_login $S)"
check "func twin: a file of a rule without context reads everywhere" \
	"out:ok login0:ok after:ok" - FN inside $O

check "func: recursion: every level of check_login is inside, also after its inner call returned" \
	"login0:ok login1:ok login2:ok login3:ok after:EPERM" "$DEF" FN nested $S 3
check "func: recursion twin (no context needed)" \
	"login0:ok login1:ok login2:ok login3:ok after:ok" - FN nested $O 3

check "func: a thread started inside check_login is outside it (bypass fails)" \
	"thread:EPERM login0:ok" "$DEF" FN thread $S
check "func: thread twin: the thread reads what needs no context" "thread:ok login0:ok" - FN thread $O
check "func: another thread, while the main thread is inside check_login, is outside (bypass fails)" \
	"other:EPERM login0:ok" "$DEF" FN otherthread $S
check "func: other-thread twin" "other:ok login0:ok" - FN otherthread $O

check "func: a signal handler run while in check_login is outside (bypass fails); check_login called from it is inside; back in check_login inside again" \
	"handler:EPERM handler-f:ok login-after:ok after:EPERM" "$DEF" FN signal $S
check "func: signal twin" "handler:ok handler-f:ok login-after:ok after:ok" - FN signal $O

check "func: a handler that edits the saved context to resume in its own code on check_login's stack is outside (bypass fails)" \
	"hijack:EPERM" "$DEF" FN sigedit $S
check "func: sigedit twin: the hijacked code reads what needs no context" "hijack:ok" - FN sigedit $O
check "func: nested handlers: the inner one is outside, check_login called from it inside; the outer one still outside after it; check_login inside again" \
	"h2:EPERM handler-f:ok h1:EPERM login-after:ok" "$DEF" FN signest $S
check "func: nested-handler twin" "h2:ok handler-f:ok h1:ok login-after:ok" - FN signest $O
check "func: a handler that moves its stack pointer into check_login's frame (above its signal frame) is still outside (bypass fails)" \
	"stack:EPERM" "$DEF" FN sigstack $S
check "func: sigstack twin" "stack:ok" - FN sigstack $O
check "func: a handler that siglongjmps out of check_login leaves it outside; check_login is inside again" \
	"main:EPERM login0:ok" "$DEF" FN sigjmp $S
check "func: sigjmp twin" "main:ok login0:ok" - FN sigjmp $O

check "func: longjmp out of jumper leaves its context (main and a deeper helper are outside; bypass fails); jumper is inside again" \
	"jumper:ok main:EPERM helper:EPERM jumper-again:ok" "$DEF" FN longjmp $S
logged "func: ... the reads inside jumper name jumper's rule" "$(AUD jumper $S)"
check "func: longjmp twin" "jumper:ok main:ok helper:ok jumper-again:ok" - FN longjmp $O

check "func: never_returns ends its thread, then its process, inside; the main thread is outside; re-entry works" \
	"never:ok main:EPERM child:ok never-again:ok" "$DEF" FN never $S
logged "func: ... the reads inside never_returns name its rule" "$(AUD never_returns $S)"
check "func: never_returns twin" "never:ok main:ok child:ok never-again:ok" - FN never $O

check "func: exec from inside check_login starts outside every context" \
	"login0:ok plain:EPERM" "$DEF" FN exec $S
check "func: exec twin" "login0:ok plain:ok" - FN exec $O

L=$T/f/locked
check "func: a #[func \"add_user\"] restriction denies only inside add_user, and is named" \
	"out:ok add_user:EPERM after:ok" "$(ev $P file_open $L read deny "$(floc func.pol add_user)")" \
	FN restrict $L
check "func: restriction twin: add_user reads a file its restriction does not name" \
	"out:ok add_user:ok after:ok" - FN restrict $O

check "func: #[func \"other_login\" (\"/work/bin/func2\")]: the same function in /work/bin/func is not the context; in /work/bin/func2 it is" \
	"other_login:EPERM other_login:ok" "$(ev $P file_open $T/f/other read deny default)" \
	FN other $T/f/other /work/bin/func2
logged "func: ... the read inside func2's other_login names its rule" "$(AUD other_login $T/f/other)"
check "func: second-binary twin" "other_login:ok other_login:ok" - FN other $O /work/bin/func2

check "func: the per-context links are pinned (one uprobe and one uretprobe per #[func])" "10" "" \
	sh -c "ls $PIN/$P | grep -c '^link-bpfcon_func_e[a-z]*-[0-9]'"

# Complain mode: the read outside the context goes through, logged as such.
load func --complain
check "func complain: outside check_login the read is allowed and logged as complain" \
	"out:ok login0:ok after:ok" "$(ev $P file_open $S read complain default)" FN inside $S
logged "func complain: ... inside check_login it is an audited allow naming the rule" "$(AUD check_login $S)"
unload $P

# --- func-k.yml: a kernel function ----------------------------------------
load func-k
P=e2e-funck
K=$T/f/kfile
check "kfunc: opening kfile passes through do_filp_open, where the right exists; stat does not" \
	"open:ok stat:EPERM" "$(ev $P getattr $K getattr deny default)" /work/bin/funck kfunc $K
logged "kfunc: ... the open names the #[kfunc] rule" \
	"$(ev $P file_open $K read "allow [audit]" "$(yloc func-k.yml 'kfunc: do_filp_open')")"
check "kfunc twin: a file of no rule is denied both ways" "open:EPERM stat:EPERM" \
	"$(ev $P file_open $O read deny default)" /work/bin/funck kfunc $O
check "func in YAML: check_login's right exists only inside it" \
	"out:EPERM login0:ok after:EPERM" "$(ev $P file_open $S read deny default)" /work/bin/funck inside $S
unload $P

# --- load errors ---------------------------------------------------------
for b in missing:no_such_function nobin:no-such-binary; do
	o=func-${b%%:*} w=${b#*:}
	check "func: $o.bpf.o does not load" "exit 1" "" rc bpfcon-load /work/$o.bpf.o
	check "func: ... its error names $w and the policy" "1" "" \
		sh -c "bpfcon-load /work/$o.bpf.o 2>&1 | grep -c \"$w.*tests/vm/e2e/$o.pol\""
	check "func: ... and leaves nothing loaded" "gone" "" \
		sh -c "[ -e $PIN/e2e-$o ] && echo there || echo gone"
done
