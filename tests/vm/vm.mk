# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/vm.mk: make targets of the real-kernel test VM (tests/vm/),
# included by the top Makefile.
#   make vm-fetch     download and cache the VM's kernel and busybox
#   make vm-selftest  boot the VM once and check the harness itself
#   make vm-smoke     build tests/vm/smoke and show a BPF LSM program
#                     enforced in the VM (prints PASS or FAIL)
#   make vm-deps      install the Debian packages vm-smoke builds with
#   make vm-many      COUNT (default 100) policies loaded at once, one
#                     shown enforced (tests/vm/many/run; COUNT=1000)
# See docs/testing.md, "Real-kernel tests".

VM_SMOKE_OUT := $(BUILD)/vm/smoke
VM_SMOKE_BPF_CFLAGS := -target bpf -O2 -g -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu -Wall -Werror
VM_SMOKE_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -O2 -g
# libelf.a (elfutils 0.188) needs only zlib; libbpf.a needs libelf and zlib.
VM_STATIC_LIBDIR := /usr/lib/x86_64-linux-gnu
VM_SMOKE_LIBS := $(VM_STATIC_LIBDIR)/libbpf.a $(VM_STATIC_LIBDIR)/libelf.a $(VM_STATIC_LIBDIR)/libz.a
VM_DEB_PKGS := clang gcc libc6-dev libbpf-dev libelf-dev zlib1g-dev

.PHONY: vm-fetch vm-selftest vm-smoke vm-deps vm-many

vm-fetch:
	$(Q)BUILD=$(BUILD) tests/vm/fetch

vm-deps:
	$(Q)missing=""; for p in $(VM_DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }; fi

vm-selftest: vm-fetch
	$(Q)BUILD=$(BUILD) tests/vm/run tests/vm/selftest.sh README.md

$(VM_SMOKE_OUT)/smoke.bpf.o: tests/vm/smoke/smoke.bpf.c tests/vm/smoke/types.h
	$(call msg,CLANG,$<)
	$(Q)mkdir -p $(@D)
	$(Q)clang $(VM_SMOKE_BPF_CFLAGS) -c -o $@ $<

$(VM_SMOKE_OUT)/smoke: tests/vm/smoke/smoke.c
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(VM_SMOKE_CFLAGS) -static -o $@ $< $(VM_SMOKE_LIBS)

vm-smoke: vm-deps vm-fetch
	$(Q)$(MAKE) --no-print-directory $(VM_SMOKE_OUT)/smoke.bpf.o $(VM_SMOKE_OUT)/smoke
	$(Q)if BUILD=$(BUILD) VM_BINS=$(VM_SMOKE_OUT)/smoke VM_OBJS=$(VM_SMOKE_OUT)/smoke.bpf.o \
	     tests/vm/run tests/vm/smoke/smoke.sh; then echo "vm-smoke: PASS"; \
	   else st=$$?; echo "vm-smoke: FAIL (exit $$st)"; exit 1; fi

vm-many: vm-fetch
	$(Q)BUILD=$(BUILD) tests/vm/many/run
