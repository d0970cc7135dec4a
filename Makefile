# SPDX-License-Identifier: Apache-2.0
#
# vigil build.
#
#   make              build ./vigil (installs missing Debian packages as root)
#   make run          build, then audit this host (vigil's main job)
#   make test         unit + end-to-end tests, then the same under ASan+UBSan
#   make SANITIZE=1   build build/asan/vigil with AddressSanitizer + UBSan
#   make bench        benchmarks against the tools people use today
#   make docs         regenerate docs/tables.md and the README table list
#   make install      install vigil, /etc/vigil/vigil.conf and the docs
#                     (PREFIX=/usr/local, DESTDIR for staging)
#
# Every build is hardened (PIE, full RELRO, stack protector and clash
# protection, FORTIFY_SOURCE, CET) and every warning is an error.

VERSION := 0.1.0

CC ?= cc
PKG_CONFIG ?= pkg-config

# Debian packages: what the build needs, and what the tests add.
DEB_BUILD := gcc make pkg-config libc6-dev libsqlite3-dev libssl-dev \
	libjansson-dev libedit-dev libmagic-dev libyara-dev libmnl-dev \
	libnftnl-dev libyaml-dev zlib1g-dev libseccomp-dev
DEB_TEST := libcmocka-dev openssl python3 tmux binutils procps strace \
	file attr libcap2-bin nftables iproute2 chromium clang libclang-rt-14-dev \
	cppcheck clang-tidy checksec devscripts groff-base man-db
PKGS := jansson libmnl
# SQLite is linked statically, from Debian's libsqlite3-dev.  Debian's
# libsqlite3.so exports its internal functions and is bound at load time
# (BIND_NOW), so loading it resolves 1,238 symbols, which took 0.3-0.4 ms
# of every vigil run on this project's machine: a quarter of
# `vigil query 'SELECT 1'`.  The binary records the archive it took
# (section .vigil.static, read by `vigil version --verbose`, mk/sbom.sh
# and mk/hardening.sh).  A rebuild picks up a fixed libsqlite3-dev, as for
# any statically linked library; SQLITE_LINK=shared links libsqlite3.so.0
# instead.
SQLITE_LINK ?= static

# Flags from pkg-config are looked up when first used, not when make reads
# this file: on a fresh machine the packages are installed by then.
once = $(eval $(1) := $(2))$($(1))
ifeq ($(SQLITE_LINK),static)
SQLITE_ARCHIVE = $(call once,SQLITE_ARCHIVE,$(shell $(PKG_CONFIG) \
	--variable=libdir sqlite3 2>/dev/null)/libsqlite3.a)
SQLITE_LIBS = $(SQLITE_ARCHIVE)
SQLITE_DEFS = -DVIGIL_SQLITE_ARCHIVE='"$(SQLITE_ARCHIVE)"'
else
SQLITE_LIBS = $(call once,SQLITE_LIBS,$(shell $(PKG_CONFIG) --libs sqlite3 \
	2>/dev/null))
SQLITE_DEFS :=
endif
# Loaded on first use (src/util/lazylib.h): headers only, not linked.
# (The unit tests link libcrypto, libnftnl, with which test_nft builds its
# netlink messages, and zlib, with which test_secparse compresses.)
PKGS_LAZY := libcrypto libedit libmagic yara yaml-0.1 libnftnl zlib \
	libseccomp

ifeq ($(SANITIZE),1)
BUILD := build/asan
BIN := $(BUILD)/vigil
OPT := -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FORTIFY :=
else
BUILD := build/release
BIN := vigil
OPT := -O2 -g
# _FORTIFY_SOURCE=3 needs GCC 12; older compilers get level 2.
FORTIFY := -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=$(shell \
	echo 'int main(void){return 0;}' | $(CC) -x c -O2 -D_FORTIFY_SOURCE=3 \
	-Werror -o /dev/null - >/dev/null 2>&1 && echo 3 || echo 2)
endif

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Werror
HARDEN := -fPIE -fstack-protector-strong -fstack-clash-protection \
	-fcf-protection $(FORTIFY)
REPRO := -ffile-prefix-map=$(CURDIR)=.

PKG_CFLAGS = $(call once,PKG_CFLAGS,$(shell $(PKG_CONFIG) --cflags sqlite3 \
	$(PKGS) $(PKGS_LAZY) 2>/dev/null))
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -DVIGIL_VERSION='"$(VERSION)"' \
	$(SQLITE_DEFS) $(OPT) $(WARN) $(HARDEN) $(REPRO) -Isrc -include src/util/banned.h \
	$(PKG_CFLAGS) $(CFLAGS)
# Relative relocations packed (DT_RELR, binutils 2.38 and glibc 2.36): the
# table descriptors hold thousands of pointers, and their 24-byte RELA
# entries were a tenth of the binary.
RELR := $(shell echo 'int main(void){return 0;}' | $(CC) -x c -pie -fPIE \
	-Wl,-z,pack-relative-relocs -o /dev/null - >/dev/null 2>&1 && \
	echo -Wl,-z,pack-relative-relocs)
LDFLAGS_ALL := -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack -Wl,--as-needed \
	$(RELR) $(OPT) $(LDFLAGS)
LIBS = $(SQLITE_LIBS) $(call once,PKG_LIBS,$(shell $(PKG_CONFIG) --libs \
	$(PKGS) 2>/dev/null)) -lm

SRCS := $(sort $(wildcard src/*.c src/*/*.c))
OBJS := $(SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS := $(filter-out $(BUILD)/src/main.o,$(OBJS))

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

DEPS_STAMP := build/.deps-build
TEST_STAMP := build/.deps-test

.PHONY: all run test test-one unit e2e bench docs check-docs clean deps

all: $(BIN)

$(DEPS_STAMP): mk/deps.sh
	@sh mk/deps.sh $(DEB_BUILD)
	@mkdir -p build && touch $@

$(TEST_STAMP): mk/deps.sh
	@sh mk/deps.sh $(DEB_BUILD) $(DEB_TEST)
	@mkdir -p build && touch $@

deps: $(DEPS_STAMP)

$(BUILD)/%.o: %.c $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# version.c is built for the SQLite linkage chosen: rebuilt when it changes.
$(BUILD)/.sqlite-link-$(SQLITE_LINK):
	@mkdir -p $(BUILD) && rm -f $(BUILD)/.sqlite-link-* && touch $@
$(BUILD)/src/cli/version.o: $(BUILD)/.sqlite-link-$(SQLITE_LINK)

# The built-in audit packs are embedded with .incbin (src/audit/builtin.c).
$(BUILD)/src/audit/builtin.o: $(wildcard packs/*.json)

$(BIN): $(OBJS)
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $(OBJS) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) $(TEST_STAMP)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS_ALL) $(shell $(PKG_CONFIG) --cflags cmocka) \
		$(LDFLAGS_ALL) -o $@ $< $(LIB_OBJS) $(LIBS) \
		$(shell $(PKG_CONFIG) --libs cmocka libcrypto libnftnl zlib)

# vigil's main job: audit this host against the built-in benchmark.
run: $(BIN)
	./$(BIN) audit

# The whole suite, plain and then sanitized.
test:
	@$(MAKE) --no-print-directory test-one
	@$(MAKE) --no-print-directory SANITIZE=1 test-one

test-one: $(BIN) $(UNIT_BINS) $(TEST_STAMP)
	@VIGIL=$(CURDIR)/$(BIN) UNIT_DIR=$(CURDIR)/$(BUILD)/tests \
		MODE=$(if $(filter 1,$(SANITIZE)),asan+ubsan,release) \
		bash tests/run

bench: $(BIN)
	bash bench/run

docs: $(BIN)
	./$(BIN) tables --markdown > docs/tables.md
	sh mk/readme-tables.sh ./$(BIN) README.md

# Installs the binary, the example daemon configuration (as
# /etc/vigil/vigil.conf, kept when one is already there) and the docs.
# The configuration goes under /etc whatever PREFIX is, as the daemon's
# documentation says; DESTDIR stages the whole tree for a package.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SYSCONFDIR ?= /etc
DOCDIR ?= $(PREFIX)/share/doc/vigil

.PHONY: install
install: $(BIN)
	install -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(DOCDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/vigil
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/vigil
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/vigil/vigil.conf ]; then \
		echo "  KEEP    $(DESTDIR)$(SYSCONFDIR)/vigil/vigil.conf"; \
	else \
		install -m 0644 contrib/vigil.conf \
			$(DESTDIR)$(SYSCONFDIR)/vigil/vigil.conf; \
	fi
	install -m 0644 README.md docs/config.md docs/tables.md \
		$(DESTDIR)$(DOCDIR)/
	install -d -m 0755 $(DESTDIR)$(PREFIX)/lib/systemd/system
	sed 's|/usr/local/bin/vigil|$(BINDIR)/vigil|' contrib/vigil.service \
		>$(DESTDIR)$(PREFIX)/lib/systemd/system/vigil.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/vigil.service
	install -d -m 0755 $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(PREFIX)/share/man/man5
	install -m 0644 docs/vigil.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -m 0644 docs/vigil.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/

clean:
	rm -rf build vigil

-include $(OBJS:.o=.d)

# Fuzzing (clang + libFuzzer): see mk/fuzz.mk.
-include mk/fuzz.mk

# Static analysis, reproducibility and hardening gates: see mk/lint.mk.
-include mk/lint.mk
