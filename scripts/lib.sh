# shellcheck shell=bash
# Shared helpers for the mytcp VM bench: logging, step runner, cache paths.
# Sourced by the other scripts in this folder; defines no behaviour on its own.

MYTCP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MYTCP_CACHE=${MYTCP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mytcp}
MYTCP_OUT=${MYTCP_OUT:-$MYTCP_TOP/out}
export MYTCP_TOP MYTCP_CACHE MYTCP_OUT

say() { printf '[mytcp] %s\n' "$*" >&2; }
die() { printf '[mytcp] ERROR: %s\n' "$*" >&2; exit 1; }

# run_step NAME LOGFILE CMD...: run CMD with output to LOGFILE; on failure
# name the step, show the log's tail and exit non-zero.
run_step() {
	local name=$1 log=$2
	shift 2
	mkdir -p "$(dirname "$log")"
	say "$name (log: $log)"
	if ! "$@" >"$log" 2>&1; then
		printf '[mytcp] ERROR: step "%s" failed; last lines of %s:\n' "$name" "$log" >&2
		tail -n 30 "$log" | sed 's/^/    /' >&2
		exit 1
	fi
}

# The kernel source tarball Debian's linux-source-6.12 ships.
mytcp_src_tarball() {
	ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null
}

# Bump when build-kernel.sh changes how a kernel is built, to rebuild.
MYTCP_KERNEL_RECIPE=1

# mytcp_kernel_dir FLAVOUR: the cache folder of the built kernel for a
# config flavour (scripts/kconfig/FLAVOUR.config), keyed by the source
# package's version, the fragment's hash and the recipe version.
mytcp_kernel_dir() {
	local flavour=$1 ver key
	ver=$(dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null) || ver=unknown
	key=$( (echo "recipe $MYTCP_KERNEL_RECIPE"
		cat "$MYTCP_TOP/scripts/kconfig/$flavour.config") | sha256sum | cut -c1-16)
	echo "$MYTCP_CACHE/kernel-$flavour-$ver-$key"
}
