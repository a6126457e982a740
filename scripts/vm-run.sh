#!/usr/bin/env bash
# Boots the test kernel in QEMU with the initramfs and runs VM tests.
# Usage: scripts/vm-run.sh [--kunit] [--show-log] [--name RUN] [--timeout SECS]
#                          [--test-timeout SECS] [--kernel FLAVOUR]
#                          [--mem MB] [--append 'KEY=VALUE ...'] [TEST...]
# --kernel boots scripts/kconfig/FLAVOUR.config's kernel (default
# test-kernel; the module must be built against it); --append adds to the
# kernel command line (KEY=VALUE words reach the guest's tests as
# environment variables); --mem sets the VM's memory (default 2048 MB).
# Results: out/vm/RUN/{console.log,results.log,counts}; exit 0 only if every
# test passed and the console shows no kernel splat.
# Expects the module and tools built (scripts/build-all.sh does that).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kunit=0 name=vm timeout='' ttimeout=300 showlog= flavour=test-kernel append= mem=2048
while [ $# -gt 0 ]; do
	case $1 in
	--kunit) kunit=1 ;;
	--show-log) showlog=--show-log ;;
	--name) name=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--test-timeout) ttimeout=$2; shift ;;
	--kernel) flavour=$2; shift ;;
	--append) append=$2; shift ;;
	--mem) mem=$2; shift ;;
	--) shift; break ;;
	-*) die "vm-run.sh: unknown option $1" ;;
	*) break ;;
	esac
	shift
done
tests=$(IFS=,; echo "$*")

# One VM at a time on this machine (2 cores): wait for any other run.
mkdir -p "$MYTCP_CACHE"
exec 8>"$MYTCP_CACHE/.vm.lock"
flock 8

kdir=$(mytcp_kernel_dir "$flavour")
[ -f "$kdir/.done" ] || die "$flavour kernel not built (scripts/build-kernel.sh $flavour)"
[ -f "$MYTCP_TOP/module/mytcp.ko" ] || die "module/mytcp.ko not built (make)"

run=$MYTCP_OUT/vm/$name
rm -rf "$run"
mkdir -p "$run"
run_step "initramfs" "$run/initramfs.log" \
	"$MYTCP_TOP/scripts/mkinitramfs.sh" "$run/initramfs.cpio"

# KVM only if it answers: /dev/kvm exists here but may hang. The probe's
# verdict is kept for the machine's boot, so it costs once.
accel=tcg,thread=multi
probe=$MYTCP_CACHE/kvm-probe-$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo x)
if [ ! -f "$probe" ]; then
	verdict=no
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		timeout -k 2 15 qemu-system-x86_64 -accel kvm -nodefaults \
			-display none -no-reboot -m 256 -kernel "$kdir/bzImage" \
			-append "console=ttyS0 panic=-1 rdinit=/nonexistent" \
			-serial file:"$run/kvm-probe.log" >/dev/null 2>&1 || true
		grep -q 'Linux version' "$run/kvm-probe.log" 2>/dev/null && verdict=yes
	fi
	mkdir -p "$MYTCP_CACHE"
	echo "$verdict" >"$probe"
fi
[ "$(cat "$probe")" = yes ] && accel=kvm

# The time limit: boot plus each test's own limit, bounded by the caller.
ntests=$#
if [ -z "$timeout" ]; then
	timeout=$((120 + kunit * 120 + ntests * ttimeout))
fi
cmdline="console=ttyS0 panic=-1 oops=panic mytcp_kunit=$kunit mytcp_tests=$tests mytcp_timeout=$ttimeout${append:+ $append}"
say "booting VM ($accel, limit ${timeout}s): kunit=$kunit tests=${tests:-none}"
start=$(date +%s)
# Two CPUs, as two sockets: without ACPI the kernel finds CPUs in SeaBIOS's
# MP table, which lists one CPU per socket.
set +e
timeout -k 5 "$timeout" qemu-system-x86_64 -accel "$accel" -nodefaults \
	-display none -no-reboot -smp 2,sockets=2 -m "$mem" \
	-kernel "$kdir/bzImage" -initrd "$run/initramfs.cpio" \
	-append "$cmdline" \
	-serial file:"$run/console.log" -serial file:"$run/results.log" \
	>"$run/qemu.log" 2>&1
rc=$?
set -e
say "VM ran $(( $(date +%s) - start ))s (console: $run/console.log)"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	say "VM did not finish within ${timeout}s"
elif [ $rc != 0 ]; then
	say "QEMU exited with $rc: $(tail -n 3 "$run/qemu.log")"
fi
exec python3 "$MYTCP_TOP/scripts/results.py" --console "$run/console.log" \
	--results "$run/results.log" --counts "$run/counts" \
	--expect "$tests" $([ "$kunit" = 1 ] && echo --kunit) $showlog
