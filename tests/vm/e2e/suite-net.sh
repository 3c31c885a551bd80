# SPDX-License-Identifier: GPL-2.0-only
# suite-net.sh - tests/vm/e2e: network mediation, sourced by suite.sh (its
# helpers check, ev, loc, load, unload).  Every socket operation (create,
# bind, listen, accept, connect, send, recv, shutdown), for unix and inet
# sockets: the denial by a restriction named in the log (net.pol) and the
# allowed twin (net-ok.pol); default allow with restrictions
# (net-allow.pol); taint on a send (net-taint.yml); audit; complain mode.
# The test program is netprobe (netprobe.c); unix addresses are abstract
# (@name), inet ones on 127.0.0.1, each check its own.

# --- the world -------------------------------------------------------------
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
for c in net net-ok net-allow net-taint; do cp /usr/local/bin/netprobe /work/bin/$c; done
chmod 755 /work/bin/net*

# naddr FAMILY N: the address of check N in FAMILY.
naddr() { if [ "$1" = unix ]; then echo "@e2e-net-$2"; else echo "127.0.0.1:$((7000 + $2))"; fi; }

# --- net.pol: each operation denied by its own restriction --------------------
load net
load net-ok
P=e2e-net
N() { bpfcon run e2e-net -- netprobe "$@"; }
O() { bpfcon run e2e-net-ok -- netprobe "$@"; }
# nev HOOK FAMILY OP: the log line of net.pol's restriction net(FAMILY, OP).
nev() { ev $P "$1" "family=$2" "$3" deny "$(loc net.pol "net($2, $3)")"; }

for F in unix inet; do
	check "net $F create: allowed by net($F, any)" ok - N socket $F stream
	check "net $F bind: denied by #[deny] net($F, bind)" "ok EPERM" "$(nev bind $F bind)" \
		N socket $F stream + bind "$(naddr $F 101)"
	check "net $F listen: denied by #[deny] net($F, listen)" "ok EPERM" "$(nev listen $F listen)" \
		N socket $F stream + listen
	check "net $F accept: denied by #[deny] net($F, accept)" "ok EPERM" "$(nev accept $F accept)" \
		N socket $F stream + accept
	check "net $F connect: denied by #[deny] net($F, connect)" "ok EPERM" \
		"$(nev connect $F connect)" N socket $F stream + connect "$(naddr $F 102)"
	check "net $F send: denied by #[deny] net($F, send)" "ok EPERM" "$(nev sendmsg $F send)" \
		N socket $F dgram + send "$(naddr $F 103)"
	check "net $F recv: denied by #[deny] net($F, recv)" "ok EPERM" "$(nev recvmsg $F recv)" \
		N socket $F dgram + recv
	check "net $F shutdown: denied by #[deny] net($F, shutdown)" "ok EPERM" \
		"$(nev shutdown $F shutdown)" N socket $F stream + shutdown
done
check "net audit: an inet6 socket is allowed by #[audit] net(inet6, create), and logged" ok \
	"$(ev $P socket_create family=inet6 create "allow [audit]" "$(loc net.pol 'net(inet6, create)')")" \
	N socket inet6 dgram

# --- net-ok.pol: the allowed twins ----------------------------------------------
for F in unix inet; do
	check "net $F create twin: allowed by net($F, create|...)" ok - O socket $F stream
	check "net $F bind twin: allowed" "ok ok" - O socket $F stream + bind "$(naddr $F 201)"
	check "net $F listen twin: allowed" "ok ok ok" - \
		O socket $F stream + bind "$(naddr $F 202)" + listen
	A=$(naddr $F 203)
	check "net $F connect, send, accept, recv, shutdown twins: a whole stream conversation" \
		"ok ok ok ok ok ok ok ok ok" - \
		O socket $F stream + bind $A + listen + socket $F stream + connect $A + send + accept + recv + shutdown
	A=$(naddr $F 204)
	check "net $F send, recv twins: a datagram to itself" "ok ok ok ok" - \
		O socket $F dgram + bind $A + send $A + recv
	check "net $F accept twin: accept(2) allowed, a connection arrives" "ok ok ok ok ok ok" - \
		O socket $F stream + bind "$(naddr $F 205)" + listen + socket $F stream + connect "$(naddr $F 205)" + accept
done
check "net default deny: an inet6 socket no right grants" EPERM \
	"$(ev e2e-net-ok socket_create family=inet6 create deny default)" O socket inet6 dgram
check "net default deny twin: the same program makes an inet socket" ok - O socket inet dgram
check "net: an unconfined netprobe makes an inet6 socket" ok - netprobe socket inet6 dgram
# Bypass attempts: the requests are decided in the kernel, whatever the
# process is or does.
check "net bypass: a program the confined one execs is still denied" "ok EPERM" \
	"$(nev connect inet connect)" N exec /usr/local/bin/netprobe socket inet stream + connect 127.0.0.1:7301
check "net bypass: write(2) on a socket is a send" "ok EPERM" "$(nev sendmsg unix send)" \
	N socket unix dgram + write
check "net bypass twin: write(2) on a connected datagram socket" "ok ok ok ok ok" - \
	O socket unix dgram + bind @e2e-net-303 + connect @e2e-net-303 + write + recv
unload e2e-net-ok

# --- complain mode: net.pol again, --complain --------------------------------------
load net --complain
check "net complain: a denied bind succeeds, logged as complain with the rule" "ok ok" \
	"$(ev $P bind family=unix bind complain "$(loc net.pol 'net(unix, bind)')")" \
	N socket unix stream + bind @e2e-net-401
check "net complain: a denied inet connect succeeds, logged" "ok ok" \
	"$(ev $P connect family=inet connect complain "$(loc net.pol 'net(inet, connect)')")" \
	N socket inet dgram + connect 127.0.0.1:7402
unload $P

# --- net-allow.pol: default allow with restrictions ---------------------------------
load net-allow
P=e2e-net-allow
W() { bpfcon run e2e-net-allow -- netprobe "$@"; }
check "net default allow: a unix socket is denied by #[deny] net(unix, create)" EPERM \
	"$(ev $P socket_create family=unix create deny "$(loc net-allow.pol 'net(unix, create)')")" \
	W socket unix dgram
check "net default allow: an inet socket is denied by #[deny] net(inet, create)" EPERM \
	"$(ev $P socket_create family=inet create deny "$(loc net-allow.pol 'net(inet, create)')")" \
	W socket inet stream
check "net default allow twin: inet6 and netlink sockets (no rule) are allowed" "ok ok" - \
	W socket inet6 dgram + socket netlink dgram
unload $P

# --- net-taint.yml: a send taints -----------------------------------------------
load net-taint
P=e2e-net-taint
TN() { bpfcon run e2e-net-taint -- netprobe "$@"; }
check "net taint: untainted, a connect no right grants is allowed" "ok ok" - \
	TN socket inet dgram + connect 127.0.0.1:7501
check "net taint: the first send taints and is allowed, the next is denied, recv still allowed" \
	"ok ok ok EPERM ok" \
	"$(ev $P sendmsg family=inet send "allow [taint]" "$(loc net-taint.yml 'network: [send]')")" \
	TN socket inet dgram + bind 127.0.0.1:7502 + send 127.0.0.1:7502 + send 127.0.0.1:7502 + recv
logged "net taint: ... the second send is denied by the default" \
	"$(ev $P sendmsg family=inet send deny default)"
check "net taint: tainted, the connect is denied by the default" "ok ok EPERM" \
	"$(ev $P connect family=inet connect deny default)" \
	TN socket inet dgram + send 127.0.0.1:7503 + connect 127.0.0.1:7503
check "net taint: a new process of the policy starts untainted again" "ok ok" - \
	TN socket inet dgram + connect 127.0.0.1:7504
unload $P
