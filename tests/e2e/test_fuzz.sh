# SPDX-License-Identifier: Apache-2.0
# Every parser of untrusted bytes has a libFuzzer target (mk/check-fuzz.sh),
# and, when clang with libFuzzer is installed, every target builds and
# survives its seed corpus plus a short fixed-seed run of mutations, with
# what it finds kept in $TMPD, never in the seeds.  Without clang the smoke
# pass is skipped.  Long runs: make fuzz.
. "$TOP/tests/lib.sh"

ok "every parser function has a fuzz target (mk/check-fuzz.sh)" \
	sh "$TOP/mk/check-fuzz.sh"

# Mutations per target after the seeds: enough to shake out a shallow
# crash, few enough for the whole test to stay well under two minutes.
runs=${FUZZ_SMOKE_RUNS:-2000}

# libFuzzer needs clang and its runtime (libclang-rt-14-dev on Debian 12).
cat >probe.c <<'C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
C
if ! command -v clang >/dev/null 2>&1; then
	skip "fuzz targets build and pass a smoke run" "clang is not installed"
	exit 0
fi
if ! clang -fsanitize=fuzzer,address,undefined -o probe probe.c \
	>probe.log 2>&1; then
	skip "fuzz targets build and pass a smoke run" \
		"clang cannot link libFuzzer (install libclang-rt-14-dev)"
	exit 0
fi

# The targets build where `make fuzz` builds them, build/fuzz, so a second
# run (make test runs the suite twice) rebuilds only what changed.  A make
# started from `make test` inherits its jobserver; this one is its own.
unset MAKEFLAGS MFLAGS MAKELEVEL
ok "fuzz targets build (make fuzz-build)" \
	make -s -C "$TOP" -j2 fuzz-build

export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export VIGIL_FUZZ_ROOT="$TOP/tests/fixtures/debian12"
for src in "$TOP"/fuzz/fuzz_*.c; do
	bin=$TOP/build/fuzz/$(basename "$src" .c)
	t=$(basename "$bin")
	n=${t#fuzz_}
	if [ ! -x "$bin" ]; then
		ok "$t: built (the build's errors are above)" test -x "$bin"
		continue
	fi
	max=8192
	[ "$t" = fuzz_sql ] && max=2048
	dict=
	[ -f "$TOP/fuzz/dict/$n.dict" ] && dict=-dict=$TOP/fuzz/dict/$n.dict
	# New inputs go to a scratch directory, never to the seeds.
	mkdir -p "smoke/$n" artifacts
	ok "$t: seeds and $runs mutations without a finding" \
		"$bin" -seed=1 -runs="$runs" -max_len=$max -timeout=10 \
		-max_total_time=60 -rss_limit_mb=2048 $dict \
		-artifact_prefix="$TMPD/artifacts/" \
		"smoke/$n" "$TOP/fuzz/corpus/$n"
done
