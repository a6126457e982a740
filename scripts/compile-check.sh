#!/usr/bin/env bash
# Compile-only check: builds the module with W=1 against Debian 12's stock
# headers for 6.1 and for 6.12 (and, with --test-kernel, the project's test
# kernel, KUnit suites included). Any warning or error fails.
# Prints "PASS|FAIL compile-<kernel>" per build; exits non-zero on a failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

targets=()
for series in 6.1 6.12; do
	d=$(ls -d /usr/src/linux-headers-"$series".*-amd64 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] || die "no Debian linux-headers for $series (scripts/install-deps.sh)"
	targets+=("$d")
done
if [ "${1:-}" = --test-kernel ]; then
	targets+=("$(mytcp_kernel_dir test-kernel)/build")
fi

rc=0
for kdir in "${targets[@]}"; do
	name=$(basename "$kdir")
	[ "$name" = build ] && name=test-kernel
	work=$MYTCP_OUT/compile/$name
	rm -rf "$work"
	mkdir -p "$work"
	# A copy per kernel, so object files of one build never meet another.
	(cd "$MYTCP_TOP" && find Kbuild module kunit include \
		\( -name '*.[ch]' -o -name Kbuild \) -print0 |
		cpio --null -pdm --quiet "$work")
	if make -C "$kdir" M="$work" W=1 modules >"$work/build.log" 2>&1 &&
		! grep -q 'warning:' "$work/build.log"; then
		echo "PASS compile-$name (W=1)"
	else
		echo "FAIL compile-$name (W=1), log: $work/build.log"
		grep -E 'warning:|error:' "$work/build.log" | head -n 20 | sed 's/^/    /'
		rc=1
	fi
done
exit $rc
