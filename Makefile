# SPDX-License-Identifier: GPL-2.0
# mytcp: build the module and tools, run the demo and the tests.
#   make            build module/mytcp.ko (+ kunit/mytcp_kunit.ko) against KDIR
#   make demo       boot the VM, load mytcp, open a socket, show mytcpstat
#   make check      the whole test suite (what CI runs)
#   make bench      mytcp against Linux TCP on a kernel without debug checkers
#   make vm-test T="name..."  fast loop: rebuild, boot, run the named VM tests
#   make compile-check        W=1 builds against Debian's 6.1 and 6.12 headers
#   make lint       checkpatch --strict on the sources

TEST_KDIR = $(shell $(CURDIR)/scripts/build-kernel.sh)/build
HOST_KDIR := /lib/modules/$(shell uname -r)/build
KDIR ?= $(if $(wildcard $(HOST_KDIR)/Makefile),$(HOST_KDIR),$(TEST_KDIR))

.PHONY: all modules tools demo check bench vm-test compile-check lint clean

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C userspace-tools

demo:
	scripts/demo.sh

check:
	scripts/check.sh

bench:
	scripts/bench.sh

vm-test:
	scripts/vm-test.sh $(T)

compile-check:
	scripts/compile-check.sh

lint:
	scripts/lint.sh

clean:
	-[ -d "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userspace-tools clean
	rm -rf out
