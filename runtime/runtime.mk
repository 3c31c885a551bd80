# SPDX-License-Identifier: GPL-2.0-only
# runtime/runtime.mk - builds the runtime: bpfcon (alias bpfcon-load), a
# dynamic host build and a static one for machines without libbpf, and the
# fixture object its tests load.  Included by the top Makefile, whose
# BUILD, CC, CFLAGS, Q, msg and WARN it uses.
#   make runtime        $(BUILD)/bpfcon, $(BUILD)/static/bpfcon{,-load}
#   make runtime-test   runtime plus the fixture objects tests/runtime.sh uses
#   make runtime-vm     tests/vm/runtime-smoke.sh in the test VM

RT_SRCS := $(sort $(wildcard runtime/*.c))
RT_HDRS := $(wildcard runtime/*.h) bpf-templates/bpfcon_abi.h
# What the runtime shares with bpfcc, compiled from compiler/: the SHA-256
# (apply's cache keys), the JSON writer and the name table.
RT_SHARED := sha256 json nametab
RT_SHARED_OBJS := $(patsubst %,$(BUILD)/rt/%.o,$(RT_SHARED))
RT_OBJS := $(patsubst runtime/%.c,$(BUILD)/rt/%.o,$(RT_SRCS)) $(RT_SHARED_OBJS)
RT_CFLAGS := -std=gnu11 $(WARN) -Iruntime -Ibpf-templates -Icompiler -I$(BUILD)/dispatch \
	-DBPFCON_VERSION='"$(VERSION)"'
RT_LDLIBS := -lbpf -lelf -lz
# libbpf.a needs libelf.a and libz.a; Debian 12's libelf.a (elfutils 0.188)
# needs only libz.a (no zstd).  Static glibc: nothing here uses NSS.
RT_STATIC_LDLIBS := -Wl,--start-group -lbpf -lelf -lz -Wl,--end-group

BPF_CLANG ?= clang
RT_FIXTURE := $(BUILD)/runtime/fixture.bpf.o
RT_FIXTURE_SRCS := tests/runtime/fixture.bpf.c $(wildcard tests/runtime/*.h bpf-templates/*.h)

# The dispatcher (bpf-templates/bpfcon_dispatch.bpf.c), built into the
# runtime as a libbpf skeleton: bpfcon-load installs it with the first policy.
# DWARF is stripped (BTF stays) so the binaries hold no build path.
DISPATCH_OBJ := $(BUILD)/dispatch/bpfcon_dispatch.bpf.o
DISPATCH_SKEL := $(BUILD)/dispatch/bpfcon_dispatch.skel.h
DISPATCH_SRCS := bpf-templates/bpfcon_dispatch.bpf.c bpf-templates/bpfcon_shared.h \
	bpf-templates/bpfcon_abi.h bpf-templates/bpfcon_types.h

$(DISPATCH_OBJ): $(DISPATCH_SRCS)
	$(call msg,CLANG,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPF_CLANG) -target bpf -O2 -g -D__TARGET_ARCH_x86 -Ibpf-templates \
		-I/usr/include/x86_64-linux-gnu -Wall -Werror \
		-ffile-prefix-map=$(CURDIR)=. -c -o $@.tmp $<
	$(Q)llvm-strip -g -o $@ $@.tmp && rm -f $@.tmp

$(DISPATCH_SKEL): $(DISPATCH_OBJ)
	$(call msg,GEN-SKEL,$@)
	$(Q)bpftool gen skeleton $< name bpfcon_dispatch >$@.tmp && mv $@.tmp $@

$(BUILD)/rt/dispatch.o: $(DISPATCH_SKEL)

.PHONY: runtime runtime-test
runtime: $(BUILD)/bpfcon $(BUILD)/static/bpfcon $(BUILD)/static/bpfcon-load
runtime-test: runtime $(RT_FIXTURE) $(BUILD)/runtime/fixture-bad.bpf.o $(BUILD)/runtime/test_events

$(BUILD)/rt/%.o: runtime/%.c $(RT_HDRS)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(RT_CFLAGS) $(CFLAGS) -c -o $@ $<

$(RT_SHARED_OBJS): $(BUILD)/rt/%.o: compiler/%.c compiler/%.h bpf-templates/bpfcon_abi.h
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(RT_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/bpfcon: $(RT_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(RT_LDLIBS)

# Not stripped: the loader finds bpfcon_enter_policy in the symbol table.
$(BUILD)/static/bpfcon: $(RT_OBJS)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -static -o $@ $^ $(RT_STATIC_LDLIBS)

# A hard link: the uprobe sits on the executable's inode, so bpfcon-load
# and bpfcon must be one file for `bpfcon run` to reach what bpfcon-load
# attached.  A copy only where hard links cannot be made.
$(BUILD)/static/bpfcon-load: $(BUILD)/static/bpfcon
	$(call msg,LN,$@)
	$(Q)rm -f $@ && (ln $< $@ 2>/dev/null || cp -p $< $@)

# Log records of made-up events, for tests/runtime.sh (no kernel needed).
$(BUILD)/runtime/test_events: tests/runtime/test_events.c \
		$(patsubst %,$(BUILD)/rt/%.o,events journal pins meta util json nametab)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(RT_CFLAGS) $(CFLAGS) -o $@ $^ $(RT_LDLIBS)

$(RT_FIXTURE): $(RT_FIXTURE_SRCS)
	$(call msg,CLANG,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPF_CLANG) -target bpf -O2 -g -D__TARGET_ARCH_x86 -Ibpf-templates -Itests/runtime \
		-I/usr/include/x86_64-linux-gnu \
		-Wall -Werror -c -o $@ $<

# The same, with a program the verifier rejects.
$(BUILD)/runtime/fixture-bad.bpf.o: $(RT_FIXTURE_SRCS)
	$(call msg,CLANG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPF_CLANG) -target bpf -O2 -g -D__TARGET_ARCH_x86 -DFIXTURE_BAD -Ibpf-templates \
		-I/usr/include/x86_64-linux-gnu \
		-Itests/runtime -Wall -Werror -c -o $@ $<

# The runtime on a real kernel (tests/vm/run boots Debian's cloud kernel).
.PHONY: runtime-vm
runtime-vm: runtime-test
	$(Q)BUILD=$(BUILD) VM_OBJS="$(RT_FIXTURE) $(BUILD)/runtime/fixture-bad.bpf.o" \
		tests/vm/run tests/vm/runtime-smoke.sh
