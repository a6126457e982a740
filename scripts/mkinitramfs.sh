#!/usr/bin/env bash
# Builds the VM's initramfs: busybox-static, iproute2's ip/tc, ethtool and
# iperf3 with their shared libraries, a dynamically linked busybox (for
# LD_PRELOAD), netem's distribution tables, the modules, the userspace tools,
# the guest init and the VM tests.
# Usage: scripts/mkinitramfs.sh OUT.cpio
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: mkinitramfs.sh OUT.cpio}
stage=$(mktemp -d)
chmod 755 "$stage"	# the root directory, for tests that run as nobody
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

# Debian's dynamically linked busybox, which LD_PRELOAD (mytcp-run) can act
# on, unlike busybox-static: its package would replace busybox-static, so it
# is downloaded and unpacked into the cache instead of installed.
busybox_dyn() {
	local dir=$MYTCP_CACHE/busybox-dyn tmp
	if [ ! -x "$dir/bin/busybox" ]; then
		tmp=$(mktemp -d "$MYTCP_CACHE/busybox-dyn.XXXXXX")
		(cd "$tmp" && apt-get download busybox) >"$tmp.log" 2>&1 ||
			die "apt-get download busybox failed: $(tail -n 3 "$tmp.log")"
		dpkg-deb -x "$tmp"/busybox_*.deb "$tmp/root" ||
			die "dpkg-deb -x busybox failed"
		rm -rf "$dir" "$tmp.log"
		mv "$tmp/root" "$dir"
		rm -rf "$tmp"
	fi
	echo "$dir/bin/busybox"
}

cp /bin/busybox "$stage/bin/busybox"
copy_bin "$(busybox_dyn)" usr/bin/busybox-dyn
copy_bin /usr/bin/iperf3 usr/bin/iperf3
copy_bin /bin/ip usr/sbin/ip
copy_bin /sbin/tc usr/sbin/tc
copy_bin /sbin/ethtool usr/sbin/ethtool
if [ -x /usr/bin/tcpdump ]; then
	copy_bin /usr/bin/tcpdump usr/sbin/tcpdump
fi
# perf, for MYTCP_BENCH_PROFILE=1 make bench (24 MB with its libraries).
if [ "${MYTCP_WITH_PERF:-0}" = 1 ]; then
	[ -x /usr/bin/perf ] || die "MYTCP_WITH_PERF=1 but no /usr/bin/perf (apt-get install linux-perf)"
	copy_bin /usr/bin/perf usr/bin/perf
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
for t in mytcpstat mytcp-peer mytcp-sockcheck mytcp-apitest mytcp-inject mytcp-bench mytcp-stress; do
	cp "$MYTCP_TOP/userspace-tools/$t" "$stage/usr/bin/"
done
# mytcp-run finds the library in ../lib, as after make install.
cp "$MYTCP_TOP/userspace-tools/mytcp-run" "$stage/usr/bin/"
mkdir -p "$stage/usr/lib"
cp "$MYTCP_TOP/userspace-tools/libmytcp-preload.so" "$stage/usr/lib/"
cp "$MYTCP_TOP/scripts/guest/init" "$stage/init"
cp "$MYTCP_TOP/scripts/guest/bench.sh" "$stage/tests/bench_run.sh"
cp "$MYTCP_TOP"/scripts/vm-tests/*.sh "$MYTCP_TOP"/scripts/vm-tests/common.inc "$stage/tests/"
# The KUnit suites the module should report, for the guest to check.
grep -ho '\.name = "mytcp_[a-z0-9_]*"' "$MYTCP_TOP"/kunit/*.c |
	sed 's/.*"\(.*\)"/\1/' >"$stage/mytcp/kunit-suites"
chmod +x "$stage/init" "$stage"/tests/*.sh

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
