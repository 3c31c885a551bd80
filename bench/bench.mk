# SPDX-License-Identifier: GPL-2.0-only
# bench/bench.mk - the back-end benchmarks of bench/ (what compiling,
# deciding, loading and enforcing a policy cost), included by the top
# Makefile, whose BUILD, CC, CFLAGS, Q, msg and WARN it uses.
#   make bench-matcher   bench/matcher-budget (the path matcher's budget on
#                        the worst-case glob policies: time and peak RSS)
#   make bench-verifier  bench/verifier-budget (each program's verifier
#                        work on 6.1 and 6.12, against the 200,000 budget)
#   make bench-backend   bench/matcher-budget, bench/verifier-budget, bench/compile-time, bench/decision-cost (needs
#                        root: BPF_PROG_TEST_RUN on this host) and
#                        bench/vm-load-and-open (one boot of the test VM)
#   make bench-scale     bench/scale (0 to 1,000 loaded policies in the test VM:
#                        costs, load times, memory; SIZES picks the rows)
#   make bench-all       bench (lint throughput) and bench-backend
#   make bench-vs-apparmor  bench/vs-apparmor: bpfcon and AppArmor side by
#                        side on an OSBench-like set, one boot of the test
#                        VM (VM_KERNEL=6.1 by default, or 6.12)
# Each prints figures; none of them is a test.

BENCH_OUT := $(BUILD)/bench
BENCH_CFLAGS := -std=gnu11 $(WARN) -O2 -g

.PHONY: bench-backend bench-all bench-matcher bench-verifier bench-vs-apparmor

bench-matcher: $(BUILD)/bpfcc
	$(Q)BPFCC=$(BUILD)/bpfcc bench/matcher-budget

bench-verifier: $(BUILD)/bpfcc $(BUILD)/static/bpfcon $(BUILD)/static/bpfcon-load
	$(Q)BUILD=$(BUILD) BPFCC=$(BUILD)/bpfcc bench/verifier-budget

$(BENCH_OUT)/decision-cost: bench/decision-cost.c bpf-templates/bpfcon_abi.h
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $< -lbpf -lelf -lz

# Static: it runs in the test VM, which has no libc.
$(BENCH_OUT)/open-close: bench/open-close.c bench/timing.h
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BENCH_CFLAGS) -static -o $@ $<

# bench/vs-apparmor's programs, static for the VM; the exec helper has no
# libc at all.
$(BENCH_OUT)/osbench $(BENCH_OUT)/audit-drain: $(BENCH_OUT)/%: bench/%.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BENCH_CFLAGS) -static -o $@ $<

$(BENCH_OUT)/osbench-nop: bench/osbench-nop.c
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BENCH_CFLAGS) -nostdlib -static -o $@ $<

bench-vs-apparmor: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/bpfcc $(BUILD)/static/bpfcon $(BUILD)/static/bpfcon-load \
		$(BENCH_OUT)/osbench $(BENCH_OUT)/osbench-nop $(BENCH_OUT)/audit-drain
	$(Q)BUILD=$(BUILD) BPFCC=$(BUILD)/bpfcc bench/vs-apparmor

bench-backend: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/bpfcc $(BUILD)/static/bpfcon $(BUILD)/static/bpfcon-load \
		$(BENCH_OUT)/decision-cost $(BENCH_OUT)/open-close
	$(Q)BPFCC=$(BUILD)/bpfcc bench/matcher-budget
	$(Q)BPFCC=$(BUILD)/bpfcc bench/compile-time
	$(Q)BUILD=$(BUILD) BPFCC=$(BUILD)/bpfcc bench/verifier-budget
	$(Q)BPFCC=$(BUILD)/bpfcc DECISION_COST=$(BENCH_OUT)/decision-cost bench/decision-cost
	$(Q)BUILD=$(BUILD) BPFCC=$(BUILD)/bpfcc OPEN_CLOSE=$(BENCH_OUT)/open-close bench/vm-load-and-open

bench-all: bench bench-backend

# bench/scale: 0 to 1,000 loaded policies in one boot of the test VM
# (SIZES="0 1 10" for fewer rows).
.PHONY: bench-scale
$(BENCH_OUT)/scale-ops: bench/scale-ops.c bench/timing.h
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BENCH_CFLAGS) -static -o $@ $<

bench-scale: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/bpfcc $(BUILD)/static/bpfcon $(BUILD)/static/bpfcon-load \
		$(BENCH_OUT)/scale-ops
	$(Q)BUILD=$(BUILD) BPFCC=$(BUILD)/bpfcc SCALE_OPS=$(BENCH_OUT)/scale-ops bench/scale
