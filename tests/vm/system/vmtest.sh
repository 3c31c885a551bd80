#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vmtest.sh - runs inside the systemd VM (tests/vm/system/run) at every
# boot, from the second disk (/mnt/run), started by the image's
# vmtest.service after multi-user.target.
#   boot 1: installs bpfcon.deb, sets up the test's users, keys and the
#           nginx misconfiguration, drops the shipped nginx, sshd and
#           postgresql policies into /etc/bpfcon/policies.d, checks what
#           `bpfcon apply` does (load, keep, unload, a policy loaded by
#           hand left alone, a broken policy), learns a policy for
#           coreutils' cat and enforces it (`bpfcon learn`), enables
#           bpfcon-logs.service, and reboots.
#   boot 2: nothing is typed: checks that bpfcon.service loaded the
#           policies before the daemons started, that each daemon serves
#           a real request (HTTP GET, ssh login with a key, SQL query)
#           with no denial logged, that `bpfcon status` names each, and
#           that an attack through each is denied with the log naming the
#           rule (the events read from the journal, where
#           bpfcon-logs.service put them); then powers off.
# Results go to /mnt/run/result.txt ("ok ..." / "FAIL ...", then
# "vm-system: N passed, N failed"); the phase to /mnt/run/phase.
R=/mnt/run
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C.UTF-8
P=/etc/bpfcon/policies.d
phase=$(cat $R/phase 2>/dev/null || echo 1)
pass=0
fail=0
out=$R/result$phase.txt
: >"$out"
say() { echo "$*" | tee -a "$out" >/dev/console; }
ok() { pass=$((pass + 1)); say "ok $*"; }
bad() { fail=$((fail + 1)); say "FAIL $*"; }
check() { # check WHAT CMD...: CMD's status 0 is ok
	what=$1
	shift
	if "$@" >>"$R/detail$phase.txt" 2>&1; then ok "$what"; else bad "$what"; fi
}
finish() {
	say "vm-system-boot$phase: $pass passed, $fail failed"
	sync
}
logs() { bpfcon logs 2>&1 | tee -a "$R/logs$phase.txt"; }
# Boot 2: bpfcon-logs.service forwards every event to the journal, so the
# events come from there (those since the last call: a cursor file).
jlogs() {
	sleep 2
	journalctl -b -t bpfcon -o cat --no-pager --cursor-file=$R/jcursor 2>&1 | tee -a "$R/logs$phase.txt"
}

if [ "$phase" = 1 ]; then
	say "boot 1: $(uname -r), $(systemctl is-system-running 2>&1)"
	check "dpkg -i bpfcon.deb" dpkg -i $R/bpfcon.deb
	check "bpfcon.service is enabled" sh -c '[ "$(systemctl is-enabled bpfcon.service)" = enabled ]'
	check "the policy folder holds its README and abstractions" sh -c "[ \"\$(ls $P | tr '\n' ' ')\" = 'README abstractions ' ]"

	# The test's fixtures: keys for alice (login shell /bin/sh) and mallory
	# (/bin/bash), and a careless alias in nginx's default site.
	mkdir -p /root/.ssh
	rm -f /root/.ssh/id_ed25519*
	ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519
	for u in alice mallory; do
		mkdir -p /home/$u/.ssh
		cp /root/.ssh/id_ed25519.pub /home/$u/.ssh/authorized_keys
		chown -R $u:$u /home/$u/.ssh
		chmod 700 /home/$u/.ssh
	done
	sed -i 's|^\(\s*location / {\)|\tlocation /files/ { alias /etc/; }\n\1|' /etc/nginx/sites-available/default
	check "nginx accepts the test site" nginx -t

	# The admin's path: ready policies into the folder, then apply.
	for p in nginx sshd postgresql; do
		cp /usr/share/bpfcon/policies/$p.pol $P/
		# VM_SYSTEM_COMPLAIN=1: complain mode, to see what a daemon needs.
		[ -e $R/complain ] && sed -i 's/^#!\[default deny\]$/&\n#![complain]/' $P/$p.pol
	done
	bpfcon apply >$R/apply1.txt 2>&1
	st=$?
	cat $R/apply1.txt >>"$R/detail1.txt"
	check "bpfcon apply: exit 0" [ $st = 0 ]
	for p in nginx sshd postgresql; do
		check "bpfcon apply loads $p" grep -qE "^load +$p +$P/$p.pol" $R/apply1.txt
	done
	bpfcon apply >$R/apply2.txt 2>&1
	check "a second apply keeps all three" sh -c "[ \$(grep -cE '^keep ' $R/apply2.txt) = 3 ]"
	# A policy dropped in and removed again is unloaded; one loaded by hand
	# is never touched; a broken one is reported and stays out.
	cp /usr/share/bpfcon/policies/vim.pol $P/
	check "apply loads a new policy" sh -c "bpfcon apply | grep -qE '^load +vim '"
	bpfcc /usr/share/bpfcon/policies/make.pol -o /tmp/make.bpf.o && bpfcon load /tmp/make.bpf.o >/dev/null
	rm $P/vim.pol
	printf '#![profile "/usr/bin/true"]\nfs("/etc", raed)\n' >$P/broken.pol
	bpfcon apply >$R/apply3.txt 2>&1
	st=$?
	cat $R/apply3.txt >>"$R/detail1.txt"
	check "apply with a broken policy: exit 1" [ $st = 1 ]
	check "apply unloads the policy whose file is gone" grep -qE "^unload +vim " $R/apply3.txt
	check "the broken policy is reported with FILE:LINE" grep -qE "^error +- +$P/broken.pol:2 " $R/apply3.txt
	check "bpfcc's diagnostic names FILE:LINE:COL" grep -q "$P/broken.pol:2:[0-9]*: error" $R/apply3.txt
	check "the others are kept" sh -c "[ \$(grep -cE '^keep ' $R/apply3.txt) = 3 ]"
	check "a policy loaded by hand is left alone" sh -c "bpfcon list | grep -q '^make '"
	check "vim is gone" sh -c "! bpfcon list | grep -q '^vim '"
	rm $P/broken.pol
	bpfcon unload make >/dev/null
	check "systemctl reload bpfcon runs apply" systemctl reload bpfcon.service

	# Learn mode on a dynamically linked Debian program (coreutils' cat):
	# what one run did becomes a policy; enforced, the same run works with
	# no denial, and a file it did not read is denied.  (Before
	# bpfcon-logs.service runs: learn reads its policy's events itself.)
	bpfcon learn catlearn -o $R/catlearn.pol -- /usr/bin/cat /etc/hostname >$R/learn.txt 2>&1
	st=$?
	cat $R/learn.txt $R/catlearn.pol >>"$R/detail1.txt" 2>&1
	check "learn: cat /etc/hostname, exit 0" [ $st = 0 ]
	check "learn: the policy allows /etc/hostname" grep -q '"/etc/hostname"' $R/catlearn.pol
	check "learn: the shared libraries it mapped are there" grep -qE 'libc\.so' $R/catlearn.pol
	check "learn: each rule says how often it was seen" grep -qE '// seen [0-9]+' $R/catlearn.pol
	bpfcc $R/catlearn.pol -o /tmp/catlearn.bpf.o >>"$R/detail1.txt" 2>&1 &&
		bpfcon load /tmp/catlearn.bpf.o >>"$R/detail1.txt" 2>&1
	check "learn: the learned policy compiles and loads" sh -c "bpfcon list | grep -q '^catlearn  *enforce '"
	# Run as it was learned: its standard output the same file (cat checks
	# it with fstat, and the policy allows exactly what the run did).
	bpfcon logs >/dev/null 2>&1
	bpfcon run catlearn -- /usr/bin/cat /etc/hostname >$R/learn.txt 2>>"$R/detail1.txt"
	st=$?
	# (read back with head: while catlearn is loaded, every exec of
	# /usr/bin/cat enters it, the test's own included)
	check "learned policy enforced: cat /etc/hostname works" sh -c "[ $st = 0 ] && [ -s $R/learn.txt ] && [ \"\$(head -c 4096 $R/learn.txt)\" = \"\$(head -c 4096 /etc/hostname)\" ]"
	bpfcon logs >$R/learn-logs.txt 2>&1
	check "learned policy enforced: ... with no denial logged" sh -c "! grep -q 'bpfcon=\"DENIED\"' $R/learn-logs.txt"
	bpfcon run catlearn -- /usr/bin/cat /etc/passwd >$R/learn.txt 2>>"$R/detail1.txt"
	st=$?
	check "learned policy enforced: cat /etc/passwd is denied" sh -c "[ $st != 0 ] && ! grep -q '^root:' $R/learn.txt"
	bpfcon logs >$R/learn-logs.txt 2>&1
	head -c 1000000 $R/learn-logs.txt >>"$R/detail1.txt"
	check "learned policy enforced: ... and logged" sh -c "grep 'bpfcon=\"DENIED\"' $R/learn-logs.txt | grep -q 'name=\"/etc/passwd\"'"
	bpfcon unload catlearn >/dev/null 2>&1

	# Events into the journal from the next boot on, with nobody watching.
	check "systemctl enable bpfcon-logs" systemctl enable bpfcon-logs.service
	finish
	echo 2 >$R/phase
	sync
	systemctl reboot
	exit 0
fi

# Boot 2: nothing was typed since the reboot.
say "boot 2: $(uname -r), $(systemctl is-system-running 2>&1)"
check "bpfcon.service is active" sh -c '[ "$(systemctl is-active bpfcon.service)" = active ]'
journalctl -b -u bpfcon.service --no-pager >$R/bpfcon-journal.txt 2>&1
for p in nginx sshd postgresql; do
	check "bpfcon.service loaded $p at boot (from the cache)" \
		grep -qE "load +$p +$P/$p.pol +[0-9]+ rules, cached" $R/bpfcon-journal.txt
	check "bpfcon list names $p" sh -c "bpfcon list | grep -q '^$p '"
done
since() { systemctl show -p "$2" --value "$1"; }
bpfdone=$(since bpfcon.service ActiveEnterTimestampMonotonic)
for u in nginx.service ssh.service postgresql@15-main.service; do
	st=$(since $u ExecMainStartTimestampMonotonic)
	say "  $u started at ${st}us, policies loaded at ${bpfdone}us"
	check "$u started after bpfcon.service" [ "$st" -gt "$bpfdone" ]
	check "$u is active" sh -c "[ \"\$(systemctl is-active $u)\" = active ]"
done
check "bpfcon-logs.service is active" sh -c '[ "$(systemctl is-active bpfcon-logs.service)" = active ]'
jlogs >/dev/null  # what boot itself logged
bpfcon status >$R/status.txt 2>&1
cat $R/status.txt >>"$R/detail2.txt"
check "bpfcon status: the BPF LSM is active" grep -q '^BPF LSM: active' $R/status.txt
for p in nginx sshd postgresql; do
	check "bpfcon status names $p, enforcing, confining its processes" \
		grep -qE "^$p +enforce +[0-9]+ +[1-9][0-9]* " $R/status.txt
done

# Real requests, no denial.
i=0
while ! runuser -u postgres -- psql -qAtc 'select 1' >/dev/null 2>&1 && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
check "nginx serves GET /" sh -c 'curl -fsS http://127.0.0.1/ | grep -q "Welcome to nginx"'
check "alice logs in with her key (ssh)" sh -c 'ssh -i /root/.ssh/id_ed25519 -o StrictHostKeyChecking=no -o BatchMode=yes alice@localhost id | grep -q "(alice)"'
check "postgres answers a query (psql)" sh -c '[ "$(runuser -u postgres -- psql -qAtc "select 6 * 7")" = 42 ]'
check "postgres writes a table" runuser -u postgres -- psql -qAtc "create table t(x text); insert into t values ('a'); select count(*) from t"
jlogs >$R/normal.txt
for p in nginx sshd postgresql; do
	check "no denial logged for $p in normal use" sh -c "! grep -E 'policy=\"?$p\"? ' $R/normal.txt | grep -qE 'DENIED|deny'"
done

# Attacks.
# (nginx answers 403 for EACCES, 500 for the EPERM an LSM returns)
code=$(curl -s -o $R/sshd_config.txt -w '%{http_code}' http://127.0.0.1/files/ssh/sshd_config)
check "nginx: GET /files/ssh/sshd_config (alias /etc/) is refused ($code)" sh -c "[ $code = 403 ] || [ $code = 500 ]"
check "nginx: nothing of sshd_config was sent" sh -c "! grep -q PermitRootLogin $R/sshd_config.txt"
code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/files/hostname)
check "nginx: GET /files/hostname is refused too ($code)" sh -c "[ $code = 403 ] || [ $code = 500 ]"
ssh -i /root/.ssh/id_ed25519 -o StrictHostKeyChecking=no -o BatchMode=yes mallory@localhost id >$R/mallory.txt 2>&1
check "sshd: mallory's login shell /bin/bash is not run" sh -c "! grep -q '(mallory)' $R/mallory.txt"
runuser -u postgres -- psql -qAtc "copy t from program 'id'" >$R/copy.txt 2>&1
check "postgres: COPY FROM PROGRAM fails" grep -q ERROR $R/copy.txt
jlogs >$R/attacks.txt
check "the journal has nginx's denial as a key=value record with its structured fields" \
	sh -c "journalctl -b BPFCON_POLICY=nginx BPFCON_DECISION=DENIED -o cat --no-pager | grep '^bpfcon=\"DENIED\" ' | grep -q 'rule=\"$P/nginx.pol:[0-9]'"
check "nginx's denial names its rule" sh -c "grep -E 'policy=\"?nginx\"? ' $R/attacks.txt | grep -E 'DENIED|deny' | grep 'ssh/sshd_config' | grep -q 'rule=\"\\?$P/nginx.pol:[0-9]'"
check "sshd's denial names its rule" sh -c "grep -E 'policy=\"?sshd\"? ' $R/attacks.txt | grep -E 'DENIED|deny' | grep 'bash' | grep -q 'rule=\"\\?$P/sshd.pol:[0-9]'"
check "postgresql's denial names its rule" sh -c "grep -E 'policy=\"?postgresql\"? ' $R/attacks.txt | grep -E 'DENIED|deny' | grep -E 'exec' | grep -q 'rule=\"\\?$P/postgresql.pol:[0-9]'"
bpfcon list >$R/list.txt 2>&1
finish
echo 3 >$R/phase
sync
systemctl poweroff
