#!/usr/bin/env bash
# Installs what building and testing mytcp needs from Debian 12's archive:
# the kernel source and headers, the compiler and kernel build tools, QEMU,
# busybox-static and the network tools the VM tests use (iperf3 runs over
# mytcp-run). Debian's dynamic busybox, which would replace busybox-static,
# is not installed: mkinitramfs.sh downloads and unpacks it. Does nothing when
# everything is already there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential flex bison bc libelf-dev libssl-dev cpio xz-utils
	kmod python3 qemu-system-x86 busybox-static iproute2 ethtool tcpdump iperf3
	linux-source-6.12 linux-headers-amd64 dkms)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
# The newest Debian 12 build of the 6.12 headers (no meta-package names it).
if ! ls -d /usr/src/linux-headers-6.12.*-amd64 >/dev/null 2>&1; then
	missing+=(h612)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run_step "apt-get update" "$MYTCP_OUT/logs/apt-update.log" apt-get update
h612=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
	awk '{ print $1 }' | sort -V | tail -n 1)
[ -n "$h612" ] || die "no linux-headers-6.12.*+deb12-amd64 package in the archive"
run_step "apt-get install (${#missing[@]} missing)" "$MYTCP_OUT/logs/apt-install.log" \
	apt-get install -y --no-install-recommends "${pkgs[@]}" "$h612"
