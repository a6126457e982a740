#!/usr/bin/env bash
# The whole test suite (`make check`, and what .ci/run calls): host checks
# (W=1 builds against Debian's 6.1 and 6.12 headers and the test kernel,
# a DKMS build, checkpatch --strict), then one VM boot on the debug kernel
# with every KUnit suite and every VM test. The last line reads
# "N passed, N failed, N skipped"; any failure or kernel splat exits 1.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

passed=0 failed=0 skipped=0
start=$(date +%s)

# count OUTPUT: add the PASS/FAIL lines of a host check to the totals.
count() {
	passed=$((passed + $(grep -c '^PASS ' <<<"$1")))
	failed=$((failed + $(grep -c '^FAIL ' <<<"$1")))
}

finish() {
	say "check took $(( $(date +%s) - start ))s"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
	exit $?
}

out=$("$MYTCP_TOP/scripts/build-all.sh")
rc=$?
echo "$out"
count "$out"
if [ $rc != 0 ]; then
	[ "$(grep -c '^FAIL ' <<<"$out")" -gt 0 ] || failed=$((failed + 1))
	say "the build failed: no VM tests can run"
	finish
fi

out=$("$MYTCP_TOP/scripts/compile-check.sh" 2>&1)
echo "$out"
count "$out"
grep -q '^PASS \|^FAIL ' <<<"$out" || failed=$((failed + 1))

out=$("$MYTCP_TOP/scripts/dkms-check.sh" 2>&1)
echo "$out"
count "$out"
grep -q '^PASS \|^FAIL ' <<<"$out" || failed=$((failed + 1))

out=$("$MYTCP_TOP/scripts/lint.sh" 2>&1)
echo "$out"
count "$out"
grep -q '^PASS \|^FAIL ' <<<"$out" || failed=$((failed + 1))

out=$(python3 "$MYTCP_TOP/scripts/bench-report.py" --self-test 2>&1)
echo "$out"
count "$out"
grep -q '^PASS \|^FAIL ' <<<"$out" || failed=$((failed + 1))

mapfile -t tests < <(cd "$MYTCP_TOP/scripts/vm-tests" && ls -- *.sh | sed 's/\.sh$//')
"$MYTCP_TOP/scripts/vm-run.sh" --kunit --name check "${tests[@]}"
counts=$MYTCP_OUT/vm/check/counts
if [ -f "$counts" ]; then
	read -r p f s <"$counts"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
else
	failed=$((failed + 1))
fi
finish
