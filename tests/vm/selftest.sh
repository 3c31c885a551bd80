# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/selftest.sh: proves the real-kernel test VM works.  Run it as
#   tests/vm/run tests/vm/selftest.sh README.md
# It checks the kernel, the bpf LSM, bpffs, running as uid 1000 and that the
# FILE given on the command line arrived in the working directory.
set -u
fails=0
echo "kernel: $(uname -r)"
echo "lsm: $(cat /sys/kernel/security/lsm)"
case ",$(cat /sys/kernel/security/lsm)," in
*,bpf,*) echo "ok   bpf is an active LSM";;
*) echo "FAIL bpf is not an active LSM"; fails=$((fails + 1));;
esac
if grep -q ' /sys/fs/bpf bpf ' /proc/mounts; then echo "ok   bpffs on /sys/fs/bpf"
else echo "FAIL bpffs not mounted"; fails=$((fails + 1)); fi
if [ -e /sys/kernel/btf/vmlinux ]; then echo "ok   kernel BTF at /sys/kernel/btf/vmlinux"
else echo "FAIL no kernel BTF"; fails=$((fails + 1)); fi
u1=$(su user -c 'id -u; id -ru' 2>&1 | tr '\n' ' ')
if [ "$u1" = "1000 1000 " ]; then echo "ok   su user -c: uid $u1"; else echo "FAIL su user -c: $u1"; fails=$((fails + 1)); fi
if [ -f "$PWD/README.md" ]; then echo "ok   README.md arrived in $PWD ($(wc -c <README.md) bytes)"
else echo "FAIL README.md missing in $PWD"; fails=$((fails + 1)); fi
echo "PATH=$PATH"
echo "selftest: $fails failed"
[ "$fails" = 0 ]
