# SPDX-License-Identifier: GPL-2.0-only
# suite-policies.sh - tests/vm/e2e: the shipped seed policies of policies/
# at work, sourced by suite.sh (its helpers check, ev, load, unload,
# logged).  Each policy's command is a stand-in installed at the path the
# policy names: webd (webd.c) as /usr/sbin/webd and its report helper,
# mylogin (mylogin.c) as /usr/bin/mylogin, probe as /usr/bin/bash and as
# Discord.  For each: an allowed action and a denied one, the log naming
# the rule (policies/FILE:LINE:COL).
#  - webd.yml: untainted until it receives a request; then only its rights;
#    its restrictions always; the report helper runs in webd-report.yml
#    (transition), or stays in webd when that is not loaded;
#  - mylogin.yml: /etc/shadow only inside check_login(), /etc/passwd
#    appended only inside add_user() (audited); the shell moves into
#    bash.yml (transition) or, without it, is untainted;
#  - discord.yml (default deny, rights) and discord-restrictions.yml
#    (default allow, restrictions).
# The objects are /work/seed-NAME.bpf.o, compiled from policies/NAME.yml
# by tests/vm/e2e/run.

if [ ! -f /work/seed-webd.bpf.o ]; then
	echo "# suite-policies.sh: skipped: no /work/seed-*.bpf.o (tests/vm/e2e/run does not compile policies/*.yml)"
	return 0
fi

# --- the world -------------------------------------------------------------
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
mkdir -p /etc/webd /srv/www /var/log/webd /var/lib/webd /usr/lib/webd /usr/share/discord \
	/home/user/.ssh /home/user/.config/discord /home/user/Downloads
echo "port 8080" >/etc/webd/webd.conf
echo "the index page" >/srv/www/index.html
: >/var/log/webd/access.log
: >/var/lib/webd/report
: >/var/log/mylogin.log
cp /usr/local/bin/webd /usr/sbin/webd
cp /usr/local/bin/webd /usr/lib/webd/webd-report
cp /usr/local/bin/mylogin /usr/bin/mylogin
rm -f /usr/bin/bash
cp /usr/local/bin/probe /usr/bin/bash
cp /usr/local/bin/probe /usr/share/discord/Discord
cp /usr/local/bin/probe /tmp/downloaded
echo "secret key" >/home/user/.ssh/id_rsa
echo '{"theme": "dark"}' >/home/user/.config/discord/settings.json
echo "alias ls='ls -F'" >/home/user/.bashrc
chmod 755 /usr/sbin/webd /usr/lib/webd/webd-report /usr/bin/mylogin /usr/bin/bash \
	/usr/share/discord/Discord /tmp/downloaded

# sloc FILE NEEDLE: where the rule starting with NEEDLE is written in
# policies/FILE (as loc does for tests/vm/e2e).
sloc() {
	awk -v n="$2" -v f="policies/$1" \
		'index($0, n) { print f ":" NR ":" index($0, n); found = 1; exit }
		 END { if (!found) print f ":NOT-FOUND:" n }' "/work/policies/$1"
}
# sev POLICY FILE FROM: POLICY took the task over when it executed FILE.
sev() { stev "$1" transition "$(esc "$2")" " from=\"$(esc "$3")\""; }
# serve PORT OP...: /usr/sbin/webd serves one request on PORT (it enters the
# webd policy by exec), then does OP...; the client is the unconfined webd.
# Prints the server's lines and the answer, in order.
serve() {
	port=$1
	shift
	/usr/sbin/webd serve "$port" /srv/www/index.html /var/log/webd/access.log "$@" 2>&1 |
		{ read -r first; echo "$first"; webd get "$port"; cat; }
}

# --- webd.yml: taint on network input, transition to the report helper -----
load seed-webd-report
load seed-webd
W=webd
check "webd: untainted, it reads what no right names (/etc/passwd)" ok - \
	/usr/sbin/webd read /etc/passwd
check "webd: a restriction holds untainted: the site is never written" EPERM \
	"$(ev $W file_open /srv/www/index.html append deny "$(sloc webd.yml 'file /srv/www/** wacdl')")" \
	/usr/sbin/webd append /srv/www/index.html defaced
check "webd: serves the site and logs; the request taints it (recv)" \
	"listening doc=ok log=ok the index page served doc=ok log=ok" \
	"$(ev $W recvmsg family=inet recv "allow [taint]" "$(sloc webd.yml 'network: [recv]')")" \
	serve 8081
check "webd: once tainted, /etc/passwd is denied; its config still reads" \
	"listening doc=ok log=ok the index page served doc=ok log=ok EPERM ok" \
	"$(ev $W file_open /etc/passwd read deny default)" \
	serve 8082 + read /etc/passwd + read /etc/webd/webd.conf
check "webd: once tainted, it runs no other program" \
	"listening doc=ok log=ok the index page served doc=ok log=ok EPERM" \
	"$(ev $W exec /usr/local/bin/probe exec deny default)" \
	serve 8083 + exec /usr/local/bin/probe nop
check "webd: the request line is in the access log" 3 "" sh -c "grep -c 'GET / doc=ok' /var/log/webd/access.log"
check "webd: the report helper runs in webd-report: the log reads, the site does not" \
	"listening doc=ok log=ok the index page served doc=ok log=ok ok ok EPERM" \
	"$(ev webd-report file_open /srv/www/index.html read deny default)" \
	serve 8084 + exec /usr/lib/webd/webd-report read /var/log/webd/access.log + \
	append /var/lib/webd/report "4 requests" + read /srv/www/index.html
logged "webd: the log says transition, into webd-report from webd" \
	"$(sev webd-report /usr/lib/webd/webd-report webd)"
logged "webd: webd logs the exec through its transition right" \
	"$(ev $W exec /usr/lib/webd/webd-report exec "allow [transition]" "$(sloc webd.yml 'file: {path: /usr/lib/webd/webd-report')")"
check "webd-report: it never changes the log it reads" EPERM \
	"$(ev webd-report file_open /var/log/webd/access.log append deny "$(sloc webd-report.yml 'file /var/log/webd/** wacdl')")" \
	/usr/lib/webd/webd-report append /var/log/webd/access.log forged
unload webd-report
check "webd twin: without webd-report loaded, the helper stays in webd (the site reads)" \
	"listening doc=ok log=ok the index page served doc=ok log=ok ok EPERM" \
	"$(ev $W file_open /var/lib/webd/report append deny default)" \
	serve 8085 + exec /usr/lib/webd/webd-report read /srv/www/index.html + \
	append /var/lib/webd/report "5 requests"
unload $W

# --- mylogin.yml: function contexts, audit, transition and untaint ----------
load seed-mylogin
M=mylogin
check "mylogin: untainted, /etc/shadow reads anywhere (only restrictions apply)" ok - \
	/usr/bin/mylogin shadow
check "mylogin: reading /etc/passwd taints; then /etc/shadow outside check_login is denied" \
	"ok EPERM" "$(ev $M file_open /etc/shadow read deny default)" \
	/usr/bin/mylogin passwd + shadow
logged "mylogin: the taint is logged, by the passwd right" \
	"$(ev $M file_open /etc/passwd read "allow [taint]" "$(sloc mylogin.yml 'file: {path: /etc/passwd, access: readOnly}')")"
check "mylogin: inside check_login, /etc/shadow reads" "ok ok" - \
	/usr/bin/mylogin passwd + check root
check "mylogin: inside add_user, /etc/passwd is appended to, audited" "ok ok" \
	"$(ev $M file_open /etc/passwd append "allow [audit]" "$(sloc mylogin.yml 'file: {path: /etc/passwd, access: ra}')")" \
	/usr/bin/mylogin passwd + add alice
check "mylogin: outside add_user, the same append is denied" "ok EPERM" \
	"$(ev $M file_open /etc/passwd append deny default)" \
	/usr/bin/mylogin passwd + append mallory
check "mylogin: alice was added, mallory was not" "1 0" "" \
	sh -c "grep -c '^alice:' /etc/passwd; grep -c '^mallory:' /etc/passwd"
check "mylogin: the shell, without bash's policy: untainted after the exec (shadow reads)" \
	"ok EPERM ok" "$(stev $M untaint /usr/bin/bash)" \
	/usr/bin/mylogin passwd + shadow + shell read /etc/shadow
load seed-bash
check "mylogin: the shell, with bash's policy loaded: bash's rules apply (shadow denied, /etc reads)" \
	"ok EPERM ok" "$(ev bash file_open /etc/shadow read deny "$(sloc bash.yml 'file /etc/shadow any')")" \
	/usr/bin/mylogin passwd + shell read /etc/shadow + read /etc/group
logged "mylogin: the log says transition, into bash from mylogin" "$(sev bash /usr/bin/bash $M)"
unload bash
unload $M

# --- discord.yml: default deny with rights ----------------------------------
load seed-discord
D=discord
DC() { /usr/share/discord/Discord "$@"; }
check "discord: its settings read and write" "ok ok" - \
	DC read /home/user/.config/discord/settings.json + open /home/user/.config/discord/settings.json w
check "discord: the root filesystem reads (filesystem / library)" ok - DC read /etc/group
check "discord: SSH keys are out of reach" EPERM \
	"$(ev $D file_open /home/user/.ssh/id_rsa read deny "$(sloc discord.yml 'file /home/*/.ssh/** any')")" \
	DC read /home/user/.ssh/id_rsa
check "discord: it runs nothing from /tmp (no right has exec)" EPERM \
	"$(ev $D exec /tmp/downloaded exec deny default)" DC exec /tmp/downloaded nop
check "discord: /proc is never written" EPERM \
	"$(ev $D file_open /proc/sys/kernel/hostname write deny "$(sloc discord.yml 'filesystem /proc wacdl')")" \
	DC open /proc/sys/kernel/hostname w
unload $D

# --- discord-restrictions.yml: default allow with restrictions ---------------
load seed-discord-restrictions
D=discord-restrictions
check "discord-restrictions: what no restriction names is allowed (read, exec)" "ok ok ok" - \
	DC read /etc/group + read /home/user/.bashrc + exec /usr/local/bin/probe nop
check "discord-restrictions: SSH keys are out of reach" EPERM \
	"$(ev $D file_open /home/user/.ssh/id_rsa read deny "$(sloc discord-restrictions.yml 'file /home/*/.ssh/** any')")" \
	DC read /home/user/.ssh/id_rsa
check "discord-restrictions: shell startup files are not changed" EPERM \
	"$(ev $D file_open /home/user/.bashrc append deny "$(sloc discord-restrictions.yml 'file /home/*/.bashrc wacdl')")" \
	DC open /home/user/.bashrc a
check "discord-restrictions: its own /proc entries are not written" EPERM \
	"$(kvev $D file_open "pid=[0-9]+ /proc/[0-9]+/oom_score_adj" write deny "$(sloc discord-restrictions.yml 'proc: {to: any, access: wacdl}')")" \
	DC open /proc/self/oom_score_adj w
check "discord-restrictions: ... its own /proc entries read (built in)" ok - DC read /proc/self/status
check "discord-restrictions: nothing in /tmp is run" EPERM \
	"$(ev $D exec /tmp/downloaded exec deny "$(sloc discord-restrictions.yml 'file /tmp/** x')")" \
	DC exec /tmp/downloaded nop
unload $D
