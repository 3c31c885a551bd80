# SPDX-License-Identifier: GPL-2.0-only
# suite-ipc.sh - tests/vm/e2e: ipc between two policies, sourced by
# suite.sh (its helpers check, ev, loc, load, unload).  Policy B's tasks
# own a unix stream listener, a unix datagram socket and a message queue;
# policy A's tasks connect, send and msgsnd to them.  That needs A's
# ipc(B) and B's ipc(A): shown with neither, only A's, both, only B's
# (ipc-a0/a1.pol, ipc-b0/b1.pol: the same two policies, replaced).  Also:
# a task or socket in no policy is no ipc peer; the same policy needs no
# ipc rule; a helper binary no policy names, exec'd by A, stays in A.

# --- the world -------------------------------------------------------------
for c in ipc-a ipc-b ipc-helper; do cp /usr/local/bin/netprobe /work/bin/$c; done
chmod 755 /work/bin/ipc-*
QKEY=0xb0b	# B's message queue
QKEY_DEC=2827
SKEY=0xb0c	# B's shared memory segment

load ipc-a0
load ipc-b0
IA() { bpfcon run e2e-ipc-a -- netprobe "$@"; }
IB() { bpfcon run e2e-ipc-b -- netprobe "$@"; }
ARULE=$(loc ipc-a0.pol 'ipc("e2e-ipc-b")')
# ipc_a HOOK: A denies ipc with B by its restriction; ipc_b HOOK: B denies
# ipc with A by the default.
ipc_a() { ev e2e-ipc-a "$1" peer=e2e-ipc-b "" deny "$ARULE"; }
ipc_b() { ev e2e-ipc-b "$1" peer=e2e-ipc-a "" deny default; }

# B's servers (in B: their sockets are B's), and an unconfined one.
IB socket unix stream + bind @e2e-ipc-b-stream + listen + wait 900 >/tmp/ipc-bs.out 2>&1 &
ipc_bs=$!
IB socket unix dgram + bind @e2e-ipc-b-dgram + wait 900 >/tmp/ipc-bd.out 2>&1 &
ipc_bd=$!
netprobe socket unix stream + bind @e2e-ipc-free + listen + wait 900 >/tmp/ipc-free.out 2>&1 &
ipc_free=$!
i=0
while [ $i -lt 30 ]; do
	[ "$(cat /tmp/ipc-bs.out /tmp/ipc-bd.out /tmp/ipc-free.out 2>/dev/null | grep -c '^ok$')" = 8 ] && break
	sleep 1
	i=$((i + 1))
done
check "ipc world: B's stream listener is up" "ok ok ok" "" cat /tmp/ipc-bs.out
check "ipc world: B's datagram socket is up" "ok ok" "" cat /tmp/ipc-bd.out
check "ipc world: the unconfined listener is up" "ok ok ok" "" cat /tmp/ipc-free.out
check "ipc world: B makes a message queue" ok - IB msgget $QKEY
check "ipc world: B makes a shared memory segment" ok - IB shmget $SKEY

# --- neither grants --------------------------------------------------------
check "ipc neither: A's unix stream connect to B's listener is denied" "ok EPERM" \
	"$(ipc_a unix_connect)|$(ipc_b unix_connect)" IA socket unix stream + connect @e2e-ipc-b-stream
check "ipc neither: A's unix datagram to B's socket is denied" "ok EPERM" \
	"$(ipc_a unix_send)|$(ipc_b unix_send)" IA socket unix dgram + send @e2e-ipc-b-dgram
check "ipc neither: A's msgsnd to B's queue is denied (msgget: EACCES)" msgget-EACCES \
	"$(ipc_a sysv)|$(ipc_b sysv)" IA msgsnd $QKEY
check "ipc neither: A connects a datagram socket to B's (connect(2)): denied" "ok EPERM" \
	"$(ipc_a unix_send)|$(ipc_b unix_send)" IA socket unix dgram + connect @e2e-ipc-b-dgram
check "ipc neither: A's shmat of B's segment is denied (shmget: EACCES)" shmget-EACCES \
	"$(ipc_a sysv)|$(ipc_b sysv)" IA shmat $SKEY
check "ipc twin: a listener in no policy is no ipc peer (net rules alone)" "ok ok" - \
	IA socket unix stream + connect @e2e-ipc-free
check "ipc twin: B's own task connects to B's listener (one policy, no ipc)" "ok ok" - \
	IB socket unix stream + connect @e2e-ipc-b-stream
check "ipc twin: B's own task sends to B's queue" ok - IB msgsnd $QKEY
check "ipc twin: an unconfined process sends to B's queue" ok - netprobe msgsnd $QKEY

# --- only A grants: B's side denies -------------------------------------------
load ipc-a1
check "ipc only A grants: the stream connect is denied by B (default)" "ok EPERM" \
	"$(ipc_b unix_connect)" IA socket unix stream + connect @e2e-ipc-b-stream
check "ipc only A grants: the datagram is denied by B" "ok EPERM" "$(ipc_b unix_send)" \
	IA socket unix dgram + send @e2e-ipc-b-dgram
check "ipc only A grants: msgsnd is denied by B" msgget-EACCES "$(ipc_b sysv)" IA msgsnd $QKEY
check "ipc only A grants: shmat is denied by B" shmget-EACCES "$(ipc_b sysv)" IA shmat $SKEY

# --- both grant ----------------------------------------------------------------
load ipc-b1
check "ipc both grant: the stream connect is allowed" "ok ok" - \
	IA socket unix stream + connect @e2e-ipc-b-stream
check "ipc both grant: the datagram is allowed" "ok ok" - IA socket unix dgram + send @e2e-ipc-b-dgram
check "ipc both grant: msgsnd and msgrcv are allowed" "ok ok" - IA msgsnd $QKEY + msgrcv $QKEY
check "ipc both grant: a datagram socket connects to B's and writes" "ok ok ok" - \
	IA socket unix dgram + connect @e2e-ipc-b-dgram + write
check "ipc both grant: shmat is allowed" ok - IA shmat $SKEY
check "ipc bypass twin: a helper A execs connects (allowed: both grant)" "ok ok" - \
	IA exec /work/bin/ipc-helper socket unix stream + connect @e2e-ipc-b-stream

# --- only B grants: A's side denies, by its restriction ---------------------------
load ipc-a0
check "ipc only B grants: the stream connect is denied by A's #[deny] ipc(\"e2e-ipc-b\")" "ok EPERM" \
	"$(ipc_a unix_connect)" IA socket unix stream + connect @e2e-ipc-b-stream
check "ipc only B grants: the datagram is denied by A's restriction" "ok EPERM" \
	"$(ipc_a unix_send)" IA socket unix dgram + send @e2e-ipc-b-dgram
check "ipc only B grants: msgsnd is denied by A's restriction" msgget-EACCES "$(ipc_a sysv)" \
	IA msgsnd $QKEY
check "ipc only B grants: shmat is denied by A's restriction" shmget-EACCES "$(ipc_a sysv)" \
	IA shmat $SKEY
check "ipc bypass: a helper binary no policy names, exec'd by A, connects: still denied" "ok EPERM" \
	"$(ipc_a unix_connect)" IA exec /work/bin/ipc-helper socket unix stream + connect @e2e-ipc-b-stream
logged "ipc bypass: ... the denial is the helper's, in policy e2e-ipc-a" \
	"policy=\"e2e-ipc-a\" pid=[0-9]+ comm=\"ipc-helper\" operation=\"unix_connect\" "
qid=$(awk -v k=$QKEY_DEC '$1 == k { print $2 }' /proc/sysvipc/msg)
check "ipc bypass: A removes B's queue by its id, no msgget (msgctl IPC_RMID)" EPERM \
	"$(ipc_a sysv)" IA msgrmid "$qid"
check "ipc bypass: ... and B's queue is still there" 1 "" \
	sh -c "awk -v k=$QKEY_DEC '\$1 == k' /proc/sysvipc/msg | wc -l"
check "ipc bypass twin: B removes its own queue by its id" ok - IB msgrmid "$qid"

unload e2e-ipc-a
unload e2e-ipc-b
kill $ipc_bs $ipc_bd $ipc_free 2>/dev/null
wait $ipc_bs $ipc_bd $ipc_free 2>/dev/null
