#!/usr/bin/env bash
# Builds the VM's initramfs: busybox-static, iproute2's ip/tc and ethtool
# with their shared libraries, netem's distribution tables, the modules, the
# userspace tools, the guest init and the VM tests.
# Usage: scripts/mkinitramfs.sh OUT.cpio
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: mkinitramfs.sh OUT.cpio}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib64,proc,sys,dev,tmp,run,var,etc,mytcp,tests}
ln -s ../run "$stage/var/run"

# Copy a binary and every library it needs (ldd), dereferencing links.
copy_bin() {
	local src=$1 dst=$2 lib
	[ -e "$src" ] || die "missing $src (run scripts/install-deps.sh)"
	cp -L "$src" "$stage/$dst"
	for lib in $(ldd "$src" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

cp /bin/busybox "$stage/bin/busybox"
copy_bin /bin/ip usr/sbin/ip
copy_bin /sbin/tc usr/sbin/tc
copy_bin /sbin/ethtool usr/sbin/ethtool
if [ -x /usr/bin/tcpdump ]; then
	copy_bin /usr/bin/tcpdump usr/sbin/tcpdump
fi
mkdir -p "$stage/usr/lib/x86_64-linux-gnu/tc"
cp /usr/lib/x86_64-linux-gnu/tc/*.dist "$stage/usr/lib/x86_64-linux-gnu/tc/"

# Busybox applets, where nothing real stands already.
for applet in $("$stage/bin/busybox" --list-full); do
	[ -e "$stage/$applet" ] || [ -L "$stage/$applet" ] ||
		ln -s /bin/busybox "$stage/$applet"
done

echo 'root:x:0:0:root:/:/bin/sh' >"$stage/etc/passwd"
echo 'root:x:0:' >"$stage/etc/group"

cp "$MYTCP_TOP/module/mytcp.ko" "$stage/mytcp/"
if [ -f "$MYTCP_TOP/kunit/mytcp_kunit.ko" ]; then
	cp "$MYTCP_TOP/kunit/mytcp_kunit.ko" "$stage/mytcp/"
fi
for t in mytcpstat mytcp-peer mytcp-sockcheck mytcp-apitest mytcp-inject mytcp-bench; do
	cp "$MYTCP_TOP/userspace-tools/$t" "$stage/usr/bin/"
done
cp "$MYTCP_TOP/scripts/guest/init" "$stage/init"
cp "$MYTCP_TOP/scripts/guest/bench.sh" "$stage/tests/bench_run.sh"
cp "$MYTCP_TOP"/scripts/vm-tests/*.sh "$MYTCP_TOP"/scripts/vm-tests/common.inc "$stage/tests/"
# The KUnit suites the module should report, for the guest to check.
grep -ho '\.name = "mytcp_[a-z0-9_]*"' "$MYTCP_TOP"/kunit/*.c |
	sed 's/.*"\(.*\)"/\1/' >"$stage/mytcp/kunit-suites"
chmod +x "$stage/init" "$stage"/tests/*.sh

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
