# SPDX-License-Identifier: GPL-2.0-only
# bpfcon top-level Makefile.
#   make            build build/bpfcc
#   make check      run every test (unit, golden, twins, sanitizers)
#   make install    install bpfcc, bpfcon (and bpfcon-load), their man pages
#                   and the BPF templates (PREFIX, DESTDIR)
#   make bench      run the benchmarks in bench/
# Quiet by default; V=1 shows the commands.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc
VERSION := 0.1.0

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2);
endif

WARN := -Wall -Wextra -Werror
# The installed templates' folder is baked in (from PREFIX, never the build
# folder, and source paths in the debug info are relative: the binaries are
# reproducible).  The build tree's bpfcc finds the tree's templates through
# $BPFCC_TEMPLATES, set here for every recipe (tests/run-all and
# tests/lib.sh set it too when run directly).
BASE_CFLAGS := -std=gnu11 $(WARN) -Icompiler -I$(BUILD)/gen -DBPFCC_VERSION='"$(VERSION)"' \
	-DBPFCC_TEMPLATES_DIR='"$(PREFIX)/share/bpfcon/bpf-templates"' -ffile-prefix-map=$(CURDIR)=.
export BPFCC_TEMPLATES ?= $(CURDIR)/bpf-templates
CFLAGS ?= -O2 -g
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDLIBS := -lyaml

# Generated parser code is compiled with the same -Werror, minus the
# warnings flex/bison skeletons are known to trip.
GEN_CFLAGS := -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter

SRCS := $(sort $(wildcard compiler/*.c))
LIB_SRCS := $(filter-out compiler/main.c,$(SRCS))
GEN_SRCS := $(BUILD)/gen/dsl_parser.c $(BUILD)/gen/dsl_lexer.c
GEN_HDRS := $(BUILD)/gen/dsl_parser.h $(BUILD)/gen/dsl_lexer.h
HDRS := $(wildcard compiler/*.h) bpf-templates/bpfcon_abi.h

OBJS := $(patsubst compiler/%.c,$(BUILD)/obj/%.o,$(SRCS)) $(BUILD)/obj/dsl_parser.o $(BUILD)/obj/dsl_lexer.o
LIB_OBJS := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
SAN_OBJS := $(patsubst $(BUILD)/obj/%,$(BUILD)/san/%,$(OBJS))
SAN_LIB_OBJS := $(filter-out $(BUILD)/san/main.o,$(SAN_OBJS))

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/san/unit/%,$(UNIT_SRCS))

.PHONY: all check test demo install clean bench update-golden deps
all: $(BUILD)/bpfcc

$(BUILD)/gen/dsl_parser.c $(BUILD)/gen/dsl_parser.h: grammar/dsl.y
	$(call msg,BISON,$<)
	$(Q)mkdir -p $(BUILD)/gen
	$(Q)bison -Wall -Werror --defines=$(BUILD)/gen/dsl_parser.h -o $(BUILD)/gen/dsl_parser.c $<

$(BUILD)/gen/dsl_lexer.c $(BUILD)/gen/dsl_lexer.h: grammar/dsl.l $(BUILD)/gen/dsl_parser.h
	$(call msg,FLEX,$<)
	$(Q)mkdir -p $(BUILD)/gen
	$(Q)flex --header-file=$(BUILD)/gen/dsl_lexer.h -o $(BUILD)/gen/dsl_lexer.c $<

# The DSL front end includes the generated parser and lexer headers.
$(BUILD)/obj/dsl_front.o $(BUILD)/san/dsl_front.o: $(GEN_HDRS)

$(BUILD)/obj/%.o: compiler/%.c $(HDRS)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/dsl_%.o: $(BUILD)/gen/dsl_%.c $(HDRS) $(GEN_HDRS)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) $(GEN_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/san/%.o: compiler/%.c $(HDRS)
	$(call msg,CC-SAN,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(BUILD)/san/dsl_%.o: $(BUILD)/gen/dsl_%.c $(HDRS) $(GEN_HDRS)
	$(call msg,CC-SAN,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) $(GEN_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(BUILD)/bpfcc: $(OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/san/bpfcc: $(SAN_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/san/unit/%: tests/unit/%.c $(SAN_LIB_OBJS) tests/unit/unit.h
	$(call msg,CC-SAN,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) -Itests/unit $(SAN_FLAGS) -o $@ $< $(SAN_LIB_OBJS) $(LDLIBS)

# Every test, against the sanitizer build of bpfcc.  Installs what is
# missing first (see deps).
check: deps
	$(Q)$(MAKE) --no-print-directory test

test: $(BUILD)/bpfcc $(BUILD)/san/bpfcc $(UNIT_BINS)
	$(Q)BUILD=$(BUILD) BPFCC=$(BUILD)/san/bpfcc tests/run-all

# The main job on a shipped example: compile examples/notes.pol, load it in
# the test VM (a real kernel, tests/vm/run), and show a denied access, an
# allowed one and the log line naming the rule.  Then lint and explain.
demo: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/bpfcc $(BUILD)/static/bpfcon $(BUILD)/static/bpfcon-load
	$(Q)BUILD=$(BUILD) BPFCC=$(BUILD)/bpfcc examples/demo-vm
	$(Q)BPFCC=$(BUILD)/bpfcc examples/demo

update-golden: $(BUILD)/bpfcc
	$(Q)BPFCC=$(BUILD)/bpfcc tests/run-cases --update

bench: $(BUILD)/bpfcc bench-backend
	$(Q)BPFCC=$(BUILD)/bpfcc bench/lint-throughput

install: $(BUILD)/bpfcc $(BUILD)/bpfcon
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/bpfcc $(DESTDIR)$(PREFIX)/bin/bpfcc
	install -m 0755 $(BUILD)/bpfcon $(DESTDIR)$(PREFIX)/bin/bpfcon
	ln -f $(DESTDIR)$(PREFIX)/bin/bpfcon $(DESTDIR)$(PREFIX)/bin/bpfcon-load
	install -m 0644 docs/bpfcc.1 docs/bpfcon.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/bpfcon/bpf-templates
	install -m 0644 bpf-templates/*.h $(DESTDIR)$(PREFIX)/share/bpfcon/bpf-templates/

# Installs the Debian packages the build and the tests need (run as root).
DEB_PKGS := make gcc libc6-dev flex bison libyaml-dev man-db jq \
	clang llvm libbpf-dev libelf-dev zlib1g-dev
deps:
	$(Q)missing=""; for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

clean:
	rm -rf $(BUILD)

# Parts kept beside what they build: the runtime (bpfcon, bpfcon-load) and
# the real-kernel test VM.
-include runtime/runtime.mk
-include tests/vm/vm.mk
-include tests/host/host.mk
-include bench/bench.mk
