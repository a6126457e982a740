#!/usr/bin/env bash
# `make bench`: mytcp against Linux TCP, side by side, on a kernel without
# the debug checkers (scripts/kconfig/bench-kernel.config). Builds that
# kernel (cached), the module against it in a copy of the tree
# (out/bench/tree, so module/mytcp.ko stays built for the debug kernel) and
# the tools, boots the VM once and runs scripts/guest/bench.sh there, then
# prints the table of scripts/bench-report.py and writes
# out/bench/results.json (raw runs: out/bench/results.txt).
#
# Sizes come from MYTCP_BENCH_* variables (see scripts/guest/bench.sh), e.g.
#   MYTCP_BENCH_REPS=1 MYTCP_BENCH_BULK_BYTES=16777216 make bench
# and the VM's memory from MYTCP_BENCH_MEM (MB, default 2048: raise it for
# 100,000 idle connections, e.g. MYTCP_BENCH_IDLE_N=100000
# MYTCP_BENCH_MEM=4096).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

run_step "install dependencies" "$MYTCP_OUT/logs/install-deps.log" \
	"$MYTCP_TOP/scripts/install-deps.sh"
run_step "build bench kernel" "$MYTCP_OUT/logs/build-bench-kernel.log" \
	"$MYTCP_TOP/scripts/build-kernel.sh" bench-kernel
kdir=$(mytcp_kernel_dir bench-kernel)
run_step "build userspace tools" "$MYTCP_OUT/logs/tools.log" \
	make -C "$MYTCP_TOP/userspace-tools"

bench=$MYTCP_OUT/bench
tree=$bench/tree
rm -rf "$tree"
mkdir -p "$tree/module" "$tree/userspace-tools"
cp "$MYTCP_TOP"/{Kbuild,Makefile} "$tree/"
cp -a "$MYTCP_TOP/include" "$MYTCP_TOP/scripts" "$tree/"
cp "$MYTCP_TOP"/module/{Kbuild,*.c,*.h} "$tree/module/"
mkdir -p "$tree/kunit"
cp "$MYTCP_TOP"/kunit/*.c "$tree/kunit/"	# mkinitramfs lists their suites
find "$MYTCP_TOP/userspace-tools" -maxdepth 1 -type f -perm -u+x \
	-exec cp {} "$tree/userspace-tools/" \;
run_step "build module against the bench kernel" "$MYTCP_OUT/logs/bench-module.log" \
	make -C "$kdir/build" M="$tree" modules

# MYTCP_BENCH_PROFILE=1: perf in the initramfs, a kernel profile of every
# run (the guest prints it; out/bench/profile.txt keeps it).
if [ "${MYTCP_BENCH_PROFILE:-0}" = 1 ]; then
	command -v perf >/dev/null ||
		run_step "install perf" "$MYTCP_OUT/logs/install-perf.log" \
			apt-get install -y linux-perf
	export MYTCP_WITH_PERF=1
fi

# The sizes, for the guest through the kernel command line.
params=$(env | grep '^MYTCP_BENCH_[A-Z0-9_]*=[^ ]*$' | sort | tr '\n' ' ' || true)
cmd="${params}make bench"
say "bench: ${params:-default sizes} (the VM's TSC as its clock: tsc=reliable)"
set +e
"$tree/scripts/vm-run.sh" --kernel bench-kernel --name bench --show-log \
	--test-timeout "${MYTCP_BENCH_LIMIT:-1500}" --mem "${MYTCP_BENCH_MEM:-2048}" \
	--append "tsc=reliable $params" bench_run
rc=$?
set -e
grep -o 'BENCH {.*' "$MYTCP_OUT/vm/bench/results.log" >"$bench/results.txt" || true
if [ "${MYTCP_BENCH_PROFILE:-0}" = 1 ]; then
	grep -o 'PROFILE .*' "$MYTCP_OUT/vm/bench/results.log" | cut -c9- | tr -d '\r' >"$bench/profile.txt" || true
	say "profiles: $bench/profile.txt"
fi
echo
if python3 "$MYTCP_TOP/scripts/bench-report.py" "$bench/results.txt" \
	--json "$bench/results.json" --command "$cmd"; then
	say "results: $bench/results.json (runs: $bench/results.txt)"
else
	rc=1
fi
[ $rc = 0 ] || say "the bench had failures: see above and $MYTCP_OUT/vm/bench/"
exit $rc
