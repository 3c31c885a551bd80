# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/nolsm/check.sh: runs in the VM booted without the BPF LSM (see
# tests/vm/nolsm/run), with /work/notes.bpf.o.
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
fix="lsm=lockdown,landlock,yama,apparmor,bpf"

lsm=$(cat /sys/kernel/security/lsm)
case ",$lsm," in
*,bpf,*) bad "the VM booted with bpf in its LSM list: $lsm" ;;
*) ok "booted without the BPF LSM ($lsm)" ;;
esac

out=$(bpfcon doctor 2>&1)
rc=$?
echo "$out" | sed 's/^/  | /'
[ $rc = 1 ] && ok "doctor exits 1" || bad "doctor exits $rc, not 1"
echo "$out" | grep -q "^FAIL bpf-lsm .*add $fix to the kernel command line" &&
	ok "doctor names the fix $fix" || bad "doctor does not name $fix"
echo "$out" | grep -q '^ok   btf ' && ok "doctor: BTF is there" || bad "doctor: no ok btf line"

out=$(bpfcon-load notes.bpf.o 2>&1)
rc=$?
echo "$out" | sed 's/^/  | /'
[ $rc = 1 ] && ok "bpfcon-load exits 1" || bad "bpfcon-load exits $rc, not 1"
[ "$(echo "$out" | grep -c .)" = 1 ] && ok "bpfcon-load says one line" || bad "bpfcon-load says more than one line"
echo "$out" | grep -q "^bpfcon-load: error: notes.bpf.o: the BPF LSM is not active .*add $fix to the kernel command line" &&
	ok "bpfcon-load names the cause and the same fix" || bad "bpfcon-load's line does not name the cause and $fix"
echo "$out" | grep -qi libbpf && bad "libbpf spoke" || ok "nothing from libbpf"
left=$(ls -A /sys/fs/bpf/bpfcon 2>/dev/null)
[ -z "$left" ] && ok "nothing loaded or pinned" || bad "left in /sys/fs/bpf/bpfcon: $left"
[ "$(bpfcon list 2>&1 | grep -c '^notes ')" = 0 ] && ok "bpfcon list shows no notes" || bad "notes is listed"

echo "nolsm: $pass passed, $fail failed"
[ $fail = 0 ]
