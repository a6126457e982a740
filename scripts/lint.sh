#!/usr/bin/env bash
# Style check: the kernel's checkpatch.pl --strict over every C source and
# header of the module, the KUnit suites, the uapi header and the tools.
# Prints "PASS|FAIL checkpatch"; exits non-zero on any warning or error.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ver=$(dpkg-query -W -f '${Version}' linux-source-6.12)
src=$MYTCP_CACHE/src-$ver
[ -x "$src/scripts/checkpatch.pl" ] || die "no kernel source at $src (scripts/build-kernel.sh)"
cd "$MYTCP_TOP"
files=$(ls module/*.[ch] kunit/*.c include/uapi/*.h userspace-tools/*.c | grep -v "\.mod\.c$")
log=$MYTCP_OUT/logs/checkpatch.log
mkdir -p "$(dirname "$log")"
# shellcheck disable=SC2086
cp=("$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG)
# compat.h is the one place that tests the kernel version (an out-of-tree
# module builds against several); checkpatch's in-tree rule against
# LINUX_VERSION_CODE does not apply there, and only there.
if "${cp[@]}" -f $(echo "$files" | grep -v '^module/compat.h$') >"$log" 2>&1 &&
	"${cp[@]}" --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
		-f module/compat.h >>"$log" 2>&1; then
	echo "PASS checkpatch --strict ($(echo "$files" | wc -w) files)"
else
	echo "FAIL checkpatch --strict, log: $log"
	grep -E 'ERROR|WARNING|CHECK' "$log" | head -n 30 | sed 's/^/    /'
	exit 1
fi
