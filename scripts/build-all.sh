#!/usr/bin/env bash
# Builds everything the VM needs: the test kernel (cached), the module and
# KUnit suites against it with W=1 (any warning fails), and the tools.
# Prints "PASS|FAIL compile-module-test-kernel (W=1)".
set -euo pipefail
. "$(dirname "$0")/lib.sh"

run_step "install dependencies" "$MYTCP_OUT/logs/install-deps.log" \
	"$MYTCP_TOP/scripts/install-deps.sh"
run_step "build test kernel" "$MYTCP_OUT/logs/build-kernel.log" \
	"$MYTCP_TOP/scripts/build-kernel.sh"
kdir=$(mytcp_kernel_dir test-kernel)
log=$MYTCP_OUT/logs/module.log
if make -C "$MYTCP_TOP" KDIR="$kdir/build" W=1 modules >"$log" 2>&1 &&
	! grep -q 'warning:' "$log"; then
	echo "PASS compile-module-test-kernel (W=1)"
else
	echo "FAIL compile-module-test-kernel (W=1), log: $log"
	grep -E 'warning:|error:' "$log" | head -n 20 | sed 's/^/    /'
	exit 1
fi
run_step "build userspace tools" "$MYTCP_OUT/logs/tools.log" \
	make -C "$MYTCP_TOP/userspace-tools"
