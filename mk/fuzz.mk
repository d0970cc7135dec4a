# SPDX-License-Identifier: Apache-2.0
#
# Fuzzing with clang's libFuzzer (included from the Makefile).
#
#   make fuzz-build        build every fuzz/fuzz_*.c into build/fuzz/
#   make fuzz              run each target for FUZZ_SECONDS (default 60)
#                          over its corpus; new inputs go to build/fuzz/corpus
#   make fuzz-smoke        each target for FUZZ_SMOKE_RUNS inputs (CI)
#   make fuzz-check        every parser function has a target (no clang)
#   make fuzz-one FUZZ_TARGET=fuzz_procfs [FUZZ_ARGS=-runs=1000000]
#
# Targets are built with -fsanitize=fuzzer,address,undefined from the same
# sources as ./vigil (everything under src/ but src/main.c) and with the
# same warning flags, into build/fuzz/ (FUZZ_DIR).  A crash, leak,
# sanitizer report or timeout stops a run with a reproducer named crash-*,
# leak-* or timeout-* in build/fuzz/artifacts/; replay one with
#   build/fuzz/fuzz_procfs build/fuzz/artifacts/crash-...
# The seed corpora under fuzz/corpus/ are never written: libFuzzer adds what
# it finds to build/fuzz/corpus/<target>/ (the first directory it is given).

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_RUNS ?= 2000
FUZZ_JOBS ?= 1
FUZZ_ARGS ?=
FUZZ_DIR := build/fuzz
FUZZ_STAMP := build/.deps-fuzz

FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRCS:fuzz/%.c=%)
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_DIR)/%.o,$(filter-out src/main.c,$(SRCS)))

# The Makefile's own flags (warnings, defines, includes, pkg-config) with
# its optimisation, sanitizer and _FORTIFY_SOURCE choices swapped for the
# fuzzer's: -O1 with ASan, UBSan and libFuzzer's coverage.  No PIE flags:
# the targets are never installed.
#
# Warnings are errors in the targets.  In the project's sources they are
# shown but not fatal unless FUZZ_WERROR=1: gcc is the compiler of record,
# and clang warns about a few things gcc accepts (a vsnprintf through a
# va_list in a function without a format attribute), which should not
# stop the fuzzers.
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = $(filter-out $(OPT) $(FORTIFY) -fPIE -Werror,$(CFLAGS_ALL)) \
	-DVIGIL_FUZZING -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link
FUZZ_SRC_WERROR := $(if $(filter 1,$(FUZZ_WERROR)),-Werror,-Wno-error)
FUZZ_LDFLAGS := -g $(FUZZ_SAN) -fsanitize=fuzzer

.PHONY: fuzz fuzz-build fuzz-smoke fuzz-check fuzz-one

$(FUZZ_STAMP): mk/deps.sh
	@sh mk/deps.sh $(DEB_BUILD) clang libclang-rt-14-dev
	@mkdir -p build && touch $@

$(FUZZ_DIR)/src/%.o: src/%.c $(FUZZ_STAMP)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SRC_WERROR) -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/%.o: fuzz/%.c $(FUZZ_STAMP)
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -MMD -MP -c -o $@ $<

# The project's objects go into one archive, linked whole into every
# target: the tables register themselves through a linker section that
# nothing else refers to, and the engine (which a pack parser may reach)
# expects them there.
FUZZ_LIB := $(FUZZ_DIR)/libvigil.a

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $(FUZZ_LIB_OBJS)

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz_%.o $(FUZZ_LIB)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $< -Wl,--whole-archive $(FUZZ_LIB) \
		-Wl,--no-whole-archive $(LIBS)

fuzz-build: $(FUZZ_BINS)

# The objects are reached through a chain of pattern rules: keep them, or
# make deletes them after every link and rebuilds them all next time.
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_NAMES:%=$(FUZZ_DIR)/%.o)

fuzz-check:
	@sh mk/check-fuzz.sh

# The options of target $$t, in shell: short inputs for SQL, a dictionary
# when fuzz/dict/<name>.dict exists, a 10 s timeout per input, and
# reproducers in $(FUZZ_DIR)/artifacts/.
# fuzz_sql is told where the fixture host is (it looks next to itself
# otherwise, which only works in build/fuzz).
FUZZ_OPTS_SH = n=$${t\#fuzz_}; \
	case $$t in fuzz_sql) ml=2048 ;; *) ml=8192 ;; esac; \
	dict=; [ -f $(CURDIR)/fuzz/dict/$$n.dict ] && dict=-dict=$(CURDIR)/fuzz/dict/$$n.dict; \
	opts="-max_len=$$ml -timeout=10 -rss_limit_mb=2048 $$dict \
		-artifact_prefix=$(abspath $(FUZZ_DIR))/artifacts/"; \
	VIGIL_FUZZ_ROOT=$(CURDIR)/tests/fixtures/debian12; export VIGIL_FUZZ_ROOT

# Each target in turn for FUZZ_SECONDS, from the seeds plus whatever earlier
# runs found (kept in $(FUZZ_DIR)/corpus/<target>/).  FUZZ_JOBS=2 runs two
# workers a target (their logs go to $(FUZZ_DIR)/fuzz-N.log).
fuzz: $(FUZZ_BINS)
	@sh mk/check-fuzz.sh || echo "fuzz: warning: parsers without a target (above)"
	@mkdir -p $(FUZZ_DIR)/artifacts
	@set -e; cd $(FUZZ_DIR); for t in $(FUZZ_NAMES); do \
		$(FUZZ_OPTS_SH); \
		echo "== $$t: $(FUZZ_SECONDS) s"; \
		mkdir -p corpus/$$t; \
		./$$t $$opts -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 \
			$(if $(filter-out 1,$(FUZZ_JOBS)),-jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS)) \
			$(FUZZ_ARGS) corpus/$$t $(CURDIR)/fuzz/corpus/$$n; \
	done

# CI: every seed, then FUZZ_SMOKE_RUNS mutations a target, with a fixed
# seed so a failure reproduces.  What it finds goes to a scratch directory
# emptied first (libFuzzer writes to the first directory it is given),
# never to fuzz/corpus.  Prints one line a target, or the end of the log of
# the one that failed.
fuzz-smoke: fuzz-check $(FUZZ_BINS)
	@mkdir -p $(FUZZ_DIR)/artifacts $(FUZZ_DIR)/logs
	@set -e; cd $(FUZZ_DIR); for t in $(FUZZ_NAMES); do \
		$(FUZZ_OPTS_SH); \
		rm -rf smoke/$$t; mkdir -p smoke/$$t; \
		if ./$$t $$opts -seed=1 -runs=$(FUZZ_SMOKE_RUNS) \
			-max_total_time=60 $(FUZZ_ARGS) smoke/$$t \
			$(CURDIR)/fuzz/corpus/$$n >logs/$$t.log 2>&1; then \
			awk -v t=$$t '$$2 == "DONE" { sub(/^#/, "", $$1); \
				print "  FUZZ    " t ": " $$1 " runs, coverage " $$4 }' \
				logs/$$t.log; \
		else \
			tail -n 60 logs/$$t.log; \
			echo "fuzz-smoke: $$t failed (log: $(FUZZ_DIR)/logs/$$t.log)"; \
			exit 1; \
		fi; \
	done

# One target with arguments passed through, e.g.
#   make fuzz-one FUZZ_TARGET=fuzz_sql FUZZ_ARGS='-runs=100000 -jobs=2 -workers=2'
fuzz-one: $(FUZZ_DIR)/$(FUZZ_TARGET)
	@mkdir -p $(FUZZ_DIR)/artifacts $(FUZZ_DIR)/corpus/$(FUZZ_TARGET)
	@set -e; cd $(FUZZ_DIR); t=$(FUZZ_TARGET); $(FUZZ_OPTS_SH); \
		./$$t $$opts -print_final_stats=1 $(FUZZ_ARGS) corpus/$$t \
		$(CURDIR)/fuzz/corpus/$$n

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_NAMES:%=$(FUZZ_DIR)/%.d)
