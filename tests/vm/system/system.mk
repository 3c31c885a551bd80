# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/system/system.mk: the systemd VM test, included by the top
# Makefile.
#   make vm-system    build the Debian 12 image (cached in $(BUILD)/vm/sysimg)
#                     and the package, boot twice, check nginx, sshd and
#                     postgresql under their policies (tests/vm/system/run)
.PHONY: vm-system
vm-system: deps
	$(Q)BUILD=$(BUILD) tests/vm/system/run
