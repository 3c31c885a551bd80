# SPDX-License-Identifier: GPL-2.0-only
# bpfcon top-level Makefile.
#   make            build build/bpfcc
#   make check      run every test (unit, golden, twins, sanitizers)
#   make install    install bpfcc, bpfcon (and bpfcon-load), their man pages,
#                   the BPF templates, bpfcon.service, the policies and
#                   /etc/bpfcon/policies.d (PREFIX, DESTDIR, UNITDIR)
#   make deb        build $(BUILD)/deb/bpfcon_VERSION_amd64.deb
#   make vm-system  the package in a Debian 12 VM with systemd (tests/vm/system)
#   make bench      run the benchmarks in bench/
#   make fuzz       run each libFuzzer harness for FUZZ_S seconds (tests/fuzz/)
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
HDRS := $(wildcard compiler/*.h) bpf-templates/bpfcon_abi.h bpf-templates/bpfcon_decide.h

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

# What an admin's machine gets (also what `make deb` packages): the
# binaries, the man pages, the templates but the test-only one, the unit
# (UNITDIR), the ready policies, the policy folder with its README, and
# the shell completion of dist/completion/ when it is there.
UNITDIR ?= $(PREFIX)/lib/systemd/system
TEMPLATES_INSTALLED := $(filter-out bpf-templates/bpfcon_testprog.h,$(wildcard bpf-templates/*.h))
install: $(BUILD)/bpfcc $(BUILD)/bpfcon
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/bpfcc $(DESTDIR)$(PREFIX)/bin/bpfcc
	install -m 0755 $(BUILD)/bpfcon $(DESTDIR)$(PREFIX)/bin/bpfcon
	ln -f $(DESTDIR)$(PREFIX)/bin/bpfcon $(DESTDIR)$(PREFIX)/bin/bpfcon-load
	install -m 0644 docs/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	ln -sf bpfcon.1 $(DESTDIR)$(PREFIX)/share/man/man1/bpfcon-load.1
	install -d $(DESTDIR)$(PREFIX)/share/bpfcon/bpf-templates
	install -m 0644 $(TEMPLATES_INSTALLED) $(DESTDIR)$(PREFIX)/share/bpfcon/bpf-templates/
	install -d $(DESTDIR)$(PREFIX)/share/bpfcon/policies/abstractions
	install -m 0644 policies/*.pol policies/*.yml $(DESTDIR)$(PREFIX)/share/bpfcon/policies/
	for f in policies/abstractions/*; do [ -f "$$f" ] || continue; \
	  install -m 0644 "$$f" $(DESTDIR)$(PREFIX)/share/bpfcon/policies/abstractions/; done
	install -d $(DESTDIR)/etc/bpfcon/policies.d $(DESTDIR)$(UNITDIR)
	install -m 0644 dist/policies.d-README $(DESTDIR)/etc/bpfcon/policies.d/README
	ln -sfn $(PREFIX)/share/bpfcon/policies/abstractions $(DESTDIR)/etc/bpfcon/policies.d/abstractions
	sed 's|/usr/bin/|$(PREFIX)/bin/|' dist/systemd/bpfcon.service >$(DESTDIR)$(UNITDIR)/bpfcon.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/bpfcon.service
	for f in dist/systemd/*.service; do [ "$$f" = dist/systemd/bpfcon.service ] && continue; \
	  sed 's|/usr/bin/|$(PREFIX)/bin/|' "$$f" >$(DESTDIR)$(UNITDIR)/$${f##*/}; \
	  chmod 0644 $(DESTDIR)$(UNITDIR)/$${f##*/}; done
	for f in dist/completion/*; do [ -f "$$f" ] || continue; b=$${f##*/}; case $$b in \
	  _*) d=$(PREFIX)/share/zsh/vendor-completions; n=$$b;; \
	  *.zsh) d=$(PREFIX)/share/zsh/vendor-completions; n=_$${b%.zsh};; \
	  *.bash) d=$(PREFIX)/share/bash-completion/completions; n=$${b%.bash};; \
	  *) d=$(PREFIX)/share/bash-completion/completions; n=$$b;; esac; \
	  install -d $(DESTDIR)$$d && install -m 0644 "$$f" $(DESTDIR)$$d/$$n; done

# The Debian package, built with debhelper from a copy of the tree (the
# work tree stays clean): $(BUILD)/deb/bpfcon_$(VERSION)_amd64.deb.  The
# package build must not see this make's BUILD (in the environment or in
# MAKEFLAGS): its `make clean` would remove it.
DEB_SRC := $(BUILD)/deb/bpfcon-$(VERSION)
DEB_BUILD_PKGS := debhelper dpkg-dev lintian
.PHONY: deb
deb: deps
	$(Q)missing=""; for p in $(DEB_BUILD_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }; fi
	$(Q)rm -rf $(BUILD)/deb && mkdir -p $(DEB_SRC)
	$(Q)tar -c Makefile LICENSE README.md compiler grammar runtime bpf-templates docs dist debian \
	  policies | tar -x -C $(DEB_SRC)
	$(call msg,DEB,$(BUILD)/deb/bpfcon_$(VERSION)_amd64.deb)
	$(Q)cd $(DEB_SRC) && env -u BUILD -u BPFCC -u BPFCC_TEMPLATES -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	  dpkg-buildpackage -b --no-sign -j2 >$(abspath $(BUILD))/deb/build.log 2>&1 || \
	  { tail -n 30 $(abspath $(BUILD))/deb/build.log; \
	    echo "make deb: dpkg-buildpackage failed (log: $(BUILD)/deb/build.log)"; exit 1; }
	$(Q)test -f $(BUILD)/deb/bpfcon_$(VERSION)_amd64.deb

# Installs the Debian packages the build and the tests need (run as root).
DEB_PKGS := make gcc libc6-dev flex bison libyaml-dev man-db jq \
	clang llvm libbpf-dev libelf-dev zlib1g-dev libclang-rt-14-dev bpftool
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
-include tests/vm/system/system.mk
-include tests/host/host.mk
-include bench/bench.mk
-include tests/fuzz/fuzz.mk
