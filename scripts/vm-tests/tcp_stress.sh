#!/bin/sh
# Issue 18: mytcp-stress, seeded threads churning the socket API on shared
# descriptors (mytcp and Linux TCP over 127.0.0.1, raw RSTs and SYNs,
# net.mytcp sysctls rewritten on the fly) in namespace st0; meanwhile a
# shorter one in st1, whose namespace is deleted while it runs and which is
# then killed with its sockets live. Afterwards: the stress exited 0, 1 MiB
# still goes over mytcp both ways intact, st0's mytcp sockets all go once
# their descriptors are closed (TIME-WAIT and FIN-WAIT-2 lowered to 1 s),
# no socket of the deleted namespace holds the module, and rmmod succeeds.
#
# The seed is printed first. Replay a run with its seed:
#   scripts/vm-test.sh --append 'MYTCP_STRESS_SEED=N' tcp_stress
# (MYTCP_STRESS_SECS=N changes how long the stress runs, default 70 s.)
. /tests/common.inc
secs=${MYTCP_STRESS_SECS:-70}
seed=${MYTCP_STRESS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "seed $seed (replay: scripts/vm-test.sh --append 'MYTCP_STRESS_SEED=$seed' tcp_stress)"
# refcnt: references on the module, one per mytcp socket of any namespace.
refcnt() {
	cat /sys/module/mytcp/refcnt 2>/dev/null || echo gone
}

load_mytcp
for ns in st0 st1; do
	$IP netns add $ns || fail "netns add $ns"
	$IP -n $ns link set lo up
	$IP netns exec $ns sysctl -qw net.mytcp.time_wait_ms=1000 || fail "time_wait_ms in $ns"
	$IP netns exec $ns sysctl -qw net.mytcp.fin_wait2_ms=1000 || fail "fin_wait2_ms in $ns"
	# A SYN-RECEIVED connection (a spoofed SYN's, or one whose listener
	# closed) lives through its SYN-ACK retries: 3 keep that under 16 s.
	$IP netns exec $ns sysctl -qw net.mytcp.syn_retries=3 || fail "syn_retries in $ns"
done

base=$(refcnt)
echo "module references before the stress: $base"
bad=0
bad() {
	echo "FAIL: $*"
	bad=1
}

# now: seconds since boot. Waits below go by it: under TCG a loop's own
# commands (ip netns exec) take longer than its sleeps.
now() {
	cut -d. -f1 /proc/uptime
}

# show_task PID: where each thread of a process is in the kernel.
show_task() {
	for t in /proc/$1/task/*; do
		echo "task ${t##*/}: wchan $(cat $t/wchan 2>/dev/null)"
		sed 's/^/    /' $t/stack 2>/dev/null
	done
}

start=$(now)
$IP netns exec st0 mytcp-stress -t "$secs" -s "$seed" >/tmp/st0.log 2>&1 &
pid0=$!
$IP netns exec st1 mytcp-stress -t 25 -s $((seed + 1)) -p 30000 >/tmp/st1.log 2>&1 &
pid1=$!

# st1: the namespace deleted while the stress in it runs, then the process
# killed in the middle of its calls: what it held becomes orphans of a
# namespace nobody can enter any more.
sleep 10
echo "st1 before its deletion: $($IP netns exec st1 awk '$1 == "sockets"' /proc/mytcp/settings)"
$IP netns del st1 || bad "netns del st1"
sleep 5
kill -9 $pid1 2>/dev/null
wait $pid1
echo "st1's stress killed (exit $?), module references now $(refcnt); its output:"
sed 's/^/    /' /tmp/st1.log

# st0: the stress ends by itself; every call in it is bounded.
end=$(($(now) + secs + 45))
while kill -0 $pid0 2>/dev/null && [ $(now) -lt $end ]; do
	sleep 0.5
done
if kill -0 $pid0 2>/dev/null; then
	bad "mytcp-stress still running $((secs + 45)) s after its start"
	show_task $pid0
	kill -9 $pid0
fi
wait $pid0
rc=$?
cat /tmp/st0.log
[ $rc = 0 ] && ok "mytcp-stress (seed $seed) exited 0" ||
	bad "mytcp-stress (seed $seed) exited $rc"
echo "st0's stress ended after $(($(now) - start)) s; st0 has $(sockets_in st0) mytcp sockets"

# The stack still carries data: 1 MiB each way between mytcp and mytcp,
# and Linux TCP to mytcp, SHA-256 compared.
head -c 1048576 /dev/urandom >/tmp/a
xfer_try "1 MiB mytcp->mytcp after the stress" st0 mytcp st0 mytcp 127.0.0.1 7700 /tmp/a 30 ||
	bad "$xfer_err"
xfer_try "1 MiB linux->mytcp after the stress" st0 mytcp st0 inet 127.0.0.1 7701 /tmp/a 30 ||
	bad "$xfer_err"

# Every descriptor is closed now: orphans finish (FINs answered over
# loopback, TIME-WAIT and FIN-WAIT-2 at most 2 s, what the stress may have
# set; SYN-RECEIVED at most 15 s) and st0's count goes to 0. 30 s is ample.
t0=$(now)
while [ "$(sockets_in st0)" != 0 ] && [ $(now) -lt $((t0 + 30)) ]; do
	sleep 0.2
done
n=$(sockets_in st0)
if [ "$n" = 0 ]; then
	ok "st0: no mytcp socket left $(($(now) - t0)) s after the transfers"
else
	bad "st0: $n mytcp sockets left 30 s after the transfers; by state and timer:"
	$IP netns exec st0 awk 'NR > 1 { print "    " $3, $12 }' /proc/mytcp/connections |
		sort | uniq -c
	echo "/proc/mytcp/connections:"
	$IP netns exec st0 cat /proc/mytcp/connections
	$IP netns exec st0 cat /proc/mytcp/settings
fi
$IP netns del st0

# The deleted namespaces' sockets too: the module's references go back
# to what they were before the stress.
t0=$(now)
while [ "$(refcnt)" != "$base" ] && [ $(now) -lt $((t0 + 30)) ]; do
	sleep 0.2
done
[ "$(refcnt)" = "$base" ] && ok "module references back to $base after $(($(now) - t0)) s" ||
	bad "module still referenced ($(refcnt)) 30 s after both namespaces were deleted"
if rmmod_wait; then
	ok "rmmod mytcp"
else
	bad "rmmod mytcp failed; module references $(refcnt)"
	cat /proc/mytcp/settings /proc/mytcp/connections 2>/dev/null
fi
exit $bad
