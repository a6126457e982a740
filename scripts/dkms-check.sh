#!/usr/bin/env bash
# DKMS check: dkms.conf builds mytcp.ko the way a user's distribution would
# on a kernel upgrade: dkms add + build (in a private DKMS tree, nothing
# installed system-wide) against Debian 12's newest 6.12 headers; the module
# must come out with that kernel's vermagic.
# Prints "PASS|FAIL dkms-build"; exits non-zero on a failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

command -v dkms >/dev/null || die "dkms is not installed (scripts/install-deps.sh)"
hdr=$(ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | sort -V | tail -n 1)
[ -n "$hdr" ] || die "no Debian linux-headers for 6.12 (scripts/install-deps.sh)"
kver=${hdr#/usr/src/linux-headers-}
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$MYTCP_TOP/dkms.conf")
work=$MYTCP_OUT/dkms
rm -rf "$work"
mkdir -p "$work/src/mytcp-$ver" "$work/tree"
(cd "$MYTCP_TOP" && find Makefile Kbuild dkms.conf module kunit include \
	\( -name '*.[ch]' -o -name Kbuild -o -name Makefile -o -name dkms.conf \) -print0 |
	cpio --null -pdm --quiet "$work/src/mytcp-$ver")
log=$work/dkms.log
d=(dkms --sourcetree "$work/src" --dkmstree "$work/tree")
if "${d[@]}" add -m mytcp -v "$ver" >"$log" 2>&1 &&
	"${d[@]}" build -m mytcp -v "$ver" -k "$kver" --kernelsourcedir "$hdr" >>"$log" 2>&1; then
	ko=$(find "$work/tree/mytcp/$ver/$kver" -name "mytcp.ko*" | head -n 1)
	magic=$(modinfo -F vermagic "$ko" 2>/dev/null || true)
	if [ "${magic%% *}" = "$kver" ]; then
		echo "PASS dkms-build ($kver)"
		exit 0
	fi
	echo "FAIL dkms-build: no mytcp.ko for $kver (vermagic '$magic'), log: $log"
	exit 1
fi
echo "FAIL dkms-build, log: $log"
tail -n 20 "$log" | sed 's/^/    /'
exit 1
