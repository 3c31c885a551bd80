# SPDX-License-Identifier: GPL-2.0-only
# tests/host/host.mk - the host tests that need libbpf and a kernel that
# runs SEC("syscall") programs: difftest (the kernel's decisions against
# `bpfcc explain`, tests/host/difftest.c and its generators in
# tests/host/difftest-gen.c) and its --check-object mode used by
# tests/host/objects.sh.  Included by the top Makefile, whose BUILD, CC,
# CFLAGS, BASE_CFLAGS, LIB_OBJS, HDRS, LDLIBS, Q and msg it uses.
#   make difftest       build and run the differential test (as root);
#                       DIFFTEST_ARGS="SEED -v ..." passes options
#   make objects-test   every policy and example compiles; self-descriptions

HOST_LDLIBS := -lbpf -lelf -lz $(LDLIBS)
DIFFTEST_SRCS := tests/host/difftest.c tests/host/difftest-gen.c

$(BUILD)/host/difftest: $(DIFFTEST_SRCS) tests/host/difftest.h $(LIB_OBJS) $(HDRS) \
		bpf-templates/bpfcon_abi.h
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $(DIFFTEST_SRCS) $(LIB_OBJS) $(HOST_LDLIBS)

.PHONY: difftest objects-test
difftest: $(BUILD)/host/difftest $(BUILD)/bpfcc
	$(Q)BPFCC=$${BPFCC:-$(BUILD)/bpfcc} $(BUILD)/host/difftest $(DIFFTEST_ARGS)

objects-test: $(BUILD)/host/difftest $(BUILD)/bpfcc
	$(Q)BUILD=$(BUILD) BPFCC=$${BPFCC:-$(BUILD)/bpfcc} tests/host/objects.sh
