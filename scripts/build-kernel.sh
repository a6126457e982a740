#!/usr/bin/env bash
# Builds the mytcp test kernel (Debian's linux-source-6.12, tinyconfig plus
# scripts/kconfig/FLAVOUR.config) into a cache folder outside the clone, and
# prints that folder. A cache hit (same source version, same fragment) skips
# the build. Usage: scripts/build-kernel.sh [FLAVOUR]   (default: test-kernel)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:-test-kernel}
frag=$MYTCP_TOP/scripts/kconfig/$flavour.config
[ -f "$frag" ] || die "no config fragment $frag"
kdir=$(mytcp_kernel_dir "$flavour")

if [ -f "$kdir/.done" ]; then
	echo "$kdir"
	exit 0
fi

tarball=$(mytcp_src_tarball) || die "linux-source-6.12 is not installed (run scripts/install-deps.sh)"
mkdir -p "$MYTCP_CACHE"
exec 9>"$MYTCP_CACHE/.kernel-build.lock"
flock 9
if [ -f "$kdir/.done" ]; then
	echo "$kdir"
	exit 0
fi

ver=$(dpkg-query -W -f '${Version}' linux-source-6.12)
src=$MYTCP_CACHE/src-$ver
if [ ! -f "$src/.done" ]; then
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	run_step "unpack kernel source $ver" "$MYTCP_CACHE/unpack.log" \
		tar -C "$src.tmp" --strip-components=1 -xf "$tarball"
	mv "$src.tmp" "$src"
	touch "$src/.done"
fi

rm -rf "$kdir"
mkdir -p "$kdir/build"
log=$kdir/build.log
say "building test kernel $flavour (cold cache: ~10 min on 2 cores)"
start=$(date +%s)
{
	make -C "$src" O="$kdir/build" ARCH=x86_64 tinyconfig &&
	"$src/scripts/kconfig/merge_config.sh" -m -O "$kdir/build" \
		"$kdir/build/.config" "$frag" &&
	make -C "$src" O="$kdir/build" ARCH=x86_64 olddefconfig
} >"$kdir/config.log" 2>&1 || {
	tail -n 30 "$kdir/config.log" >&2
	die "kernel configuration failed; log: $kdir/config.log"
}

# Every option the fragment asks for must have survived olddefconfig.
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n)
		opt=${line%%=*}
		if grep -q "^$opt=y" "$kdir/build/.config"; then
			say "fragment asks $line but the kernel has it on"
			missing=1
		fi ;;
	CONFIG_*=*)
		grep -qx "$line" "$kdir/build/.config" || {
			say "fragment asks $line but got: $(grep "^${line%%=*}=" "$kdir/build/.config" || echo 'not set')"
			missing=1
		} ;;
	esac
done < <(grep -v '^#' "$frag")
[ "$missing" = 0 ] || die "config fragment not satisfied; see $kdir/build/.config"

run_step "make bzImage modules_prepare" "$log" \
	make -C "$src" O="$kdir/build" ARCH=x86_64 -j"$(nproc)" bzImage modules modules_prepare
cp "$kdir/build/arch/x86/boot/bzImage" "$kdir/bzImage"
touch "$kdir/.done"
# Older builds of this flavour are stale: free their space.
for old in "$MYTCP_CACHE/kernel-$flavour-"*; do
	[ "$old" = "$kdir" ] || rm -rf "$old"
done
say "test kernel built in $(( $(date +%s) - start )) s: $kdir"
echo "$kdir"
