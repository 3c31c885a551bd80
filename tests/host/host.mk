# tests/host/host.mk - the host tests that need libbpf and a kernel that
# runs SEC("syscall") programs: difftest (the kernel's decisions against
# `bpfcc explain`, tests/host/difftest.c) and its --check-object mode used
# by tests/host/objects.sh.  Included by the top Makefile, whose BUILD, CC,
# CFLAGS, BASE_CFLAGS, LIB_OBJS, HDRS, LDLIBS, Q and msg it uses.
#   make difftest       build and run the differential test (as root)
#   make objects-test   every policy and example compiles; self-descriptions

HOST_LDLIBS := -lbpf -lelf -lz $(LDLIBS)

$(BUILD)/host/difftest: tests/host/difftest.c $(LIB_OBJS) $(HDRS)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< $(LIB_OBJS) $(HOST_LDLIBS)

.PHONY: difftest objects-test
difftest: $(BUILD)/host/difftest $(BUILD)/bpfcc
	$(Q)BPFCC=$${BPFCC:-$(BUILD)/bpfcc} $(BUILD)/host/difftest

objects-test: $(BUILD)/host/difftest $(BUILD)/bpfcc
	$(Q)BUILD=$(BUILD) BPFCC=$${BPFCC:-$(BUILD)/bpfcc} tests/host/objects.sh
