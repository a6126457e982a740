#!/usr/bin/env bash
# The fast inner loop: rebuild the module and tools against the cached test
# kernel, boot the VM and run the named VM tests (and KUnit with --kunit),
# showing each test's log. Usage: scripts/vm-test.sh [--kunit] TEST...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

args=()
if [ "${1:-}" = --kunit ]; then
	args+=(--kunit)
	shift
fi
"$MYTCP_TOP/scripts/build-all.sh" >/dev/null
"$MYTCP_TOP/scripts/vm-run.sh" --name inner --show-log "${args[@]}" "$@"
