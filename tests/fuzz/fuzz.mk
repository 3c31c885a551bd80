# SPDX-License-Identifier: GPL-2.0-only
# tests/fuzz/fuzz.mk - the libFuzzer harnesses of tests/fuzz/ (clang,
# -fsanitize=fuzzer,address,undefined).  Included by the top Makefile,
# whose BUILD, BASE_CFLAGS, GEN_CFLAGS, LIB_SRCS, Q and msg it uses.
#   make fuzz          build every harness, run each for FUZZ_S seconds
#                      (default 300), one after another
#   make fuzz-build    only build them ($(BUILD)/fuzz/fuzz_NAME)
# `make check` runs each for 30 s (tests/run-all).  Seeds and dictionaries:
# tests/fuzz/corpus/NAME/, tests/fuzz/NAME.dict; what a run finds goes to
# $(BUILD)/fuzz/work/NAME/ (kept between runs), crashes to
# $(BUILD)/fuzz/crashes/.

FUZZ_S ?= 300
FUZZ_CC ?= clang
FUZZ_NAMES := yaml dsl request meta glob objinfo
FUZZ_BINS := $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_NAMES))
FUZZ_SAN := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LIB_OBJS := $(patsubst compiler/%.c,$(BUILD)/fuzz/obj/%.o,$(LIB_SRCS)) \
	$(BUILD)/fuzz/obj/dsl_parser.o $(BUILD)/fuzz/obj/dsl_lexer.o
FUZZ_RT_OBJS := $(patsubst %,$(BUILD)/fuzz/rt/%.o,objfile meta util)

.PHONY: fuzz fuzz-build
# Objects reached only through the pattern rules below are kept.
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_RT_OBJS)
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	$(Q)BUILD=$(BUILD) tests/fuzz/run $(FUZZ_S)

$(BUILD)/fuzz/obj/dsl_front.o: $(GEN_HDRS)

$(BUILD)/fuzz/obj/%.o: compiler/%.c $(HDRS)
	$(call msg,CC-FUZZ,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

$(BUILD)/fuzz/obj/dsl_%.o: $(BUILD)/gen/dsl_%.c $(HDRS) $(GEN_HDRS)
	$(call msg,CC-FUZZ,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(GEN_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

$(BUILD)/fuzz/rt/%.o: runtime/%.c $(wildcard runtime/*.h) bpf-templates/bpfcon_abi.h
	$(call msg,CC-FUZZ,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) -std=gnu11 $(WARN) -Iruntime -Ibpf-templates -Icompiler \
		-DBPFCON_VERSION='"$(VERSION)"' $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

$(BUILD)/fuzz/fuzz_objinfo: tests/fuzz/fuzz_objinfo.c $(FUZZ_RT_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) -std=gnu11 $(WARN) -Iruntime -Ibpf-templates -Icompiler $(FUZZ_SAN) \
		-fsanitize=fuzzer -o $@ $^ -lelf -lz

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) -Itests/fuzz $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_LIB_OBJS) $(LDLIBS)

# Line coverage of what the harnesses reach (llvm-cov): the harnesses built
# with -fprofile-instr-generate (no sanitizers), run once over their corpus
# (the seeds plus what `make fuzz` found in $(BUILD)/fuzz/work/).
#   make fuzz-cov      prints one llvm-cov summary per harness
FUZZ_COV := -g -O1 -fprofile-instr-generate -fcoverage-mapping
FUZZ_COV_LIB_OBJS := $(patsubst $(BUILD)/fuzz/obj/%,$(BUILD)/fuzzcov/obj/%,$(FUZZ_LIB_OBJS))
FUZZ_COV_RT_OBJS := $(patsubst $(BUILD)/fuzz/rt/%,$(BUILD)/fuzzcov/rt/%,$(FUZZ_RT_OBJS))
FUZZ_COV_BINS := $(patsubst %,$(BUILD)/fuzzcov/fuzz_%,$(FUZZ_NAMES))
.PHONY: fuzz-cov
.SECONDARY: $(FUZZ_COV_LIB_OBJS) $(FUZZ_COV_RT_OBJS)

fuzz-cov: $(FUZZ_COV_BINS)
	$(Q)BUILD=$(BUILD) tests/fuzz/coverage

$(BUILD)/fuzzcov/obj/dsl_front.o: $(GEN_HDRS)

$(BUILD)/fuzzcov/obj/%.o: compiler/%.c $(HDRS)
	$(call msg,CC-COV,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_COV) -c -o $@ $<

$(BUILD)/fuzzcov/obj/dsl_%.o: $(BUILD)/gen/dsl_%.c $(HDRS) $(GEN_HDRS)
	$(call msg,CC-COV,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(GEN_CFLAGS) $(FUZZ_COV) -c -o $@ $<

$(BUILD)/fuzzcov/rt/%.o: runtime/%.c $(wildcard runtime/*.h) bpf-templates/bpfcon_abi.h
	$(call msg,CC-COV,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) -std=gnu11 $(WARN) -Iruntime -Ibpf-templates -Icompiler \
		-DBPFCON_VERSION='"$(VERSION)"' $(FUZZ_COV) -c -o $@ $<

$(BUILD)/fuzzcov/fuzz_objinfo: tests/fuzz/fuzz_objinfo.c $(FUZZ_COV_RT_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) -std=gnu11 $(WARN) -Iruntime -Ibpf-templates -Icompiler $(FUZZ_COV) \
		-fsanitize=fuzzer -o $@ $^ -lelf -lz

$(BUILD)/fuzzcov/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_COV_LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) -Itests/fuzz $(FUZZ_COV) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_COV_LIB_OBJS) $(LDLIBS)
