#!/bin/sh
# Edge cases of the state machine and heavy paths: simultaneous open,
# simultaneous close, SYN retries ending in ETIMEDOUT, TIME-WAIT lasting
# net.mytcp.time_wait_ms, 20 % loss both ways, and 64 MiB each way.
. /tests/common.inc
load_mytcp
two_hosts 1500
# Small enough to go in the first flight: both FINs leave at once.
head -c 1000 /dev/urandom >/tmp/a
head -c 1200 /dev/urandom >/tmp/b

# Simultaneous open (RFC 9293 3.5, figure 8): each side connects to the
# other's bound port; 200 ms of delay each way makes the SYNs cross.
$IP netns exec host0 $TC qdisc add dev veth0 root netem delay 200ms
$IP netns exec host1 $TC qdisc add dev veth1 root netem delay 200ms
$IP netns exec host0 mytcp-peer -f mytcp -t 30 -l 7401 send 10.0.0.2 7402 \
	</tmp/a >/tmp/got_b 2>/tmp/c0.log &
p0=$!
$IP netns exec host1 mytcp-peer -f mytcp -t 30 -l 7402 send 10.0.0.1 7401 \
	</tmp/b >/tmp/got_a 2>/tmp/c1.log &
p1=$!
wait $p0 || fail "simultaneous open, host0: $(cat /tmp/c0.log)"
wait $p1 || fail "simultaneous open, host1: $(cat /tmp/c1.log)"
expect_eq "simultaneous open, data host0 -> host1" "$(sha /tmp/got_a)" "$(sha /tmp/a)"
expect_eq "simultaneous open, data host1 -> host0" "$(sha /tmp/got_b)" "$(sha /tmp/b)"
expect_eq "simultaneous open: no listener, no passive open" "$(stat_get PassiveOpens host1)" 0
# Both sent their FIN before seeing the other's: simultaneous close, and
# both ends pass through TIME-WAIT.
for ns in host0 host1; do
	grep -q TIME_WAIT <<EOT || fail "$ns: no TIME_WAIT after the simultaneous close"
$($IP netns exec $ns cat /proc/mytcp/connections)
EOT
done
ok "both ends in TIME_WAIT after the simultaneous close"
sleep 2
for ns in host0 host1; do
	expect_sockets $ns 0
done
$IP netns exec host0 $TC qdisc del dev veth0 root
$IP netns exec host1 $TC qdisc del dev veth1 root

# SO_LINGER with a time: close() waits for the peer's ACK of everything,
# at most that long. host0's packets take 1.5 s to leave, so 1 s is too
# short and 10 s is long enough; Linux TCP's client must agree.
$IP netns exec host0 $TC qdisc add dev veth0 root netem delay 1500ms
head -c 20000 /dev/urandom >/tmp/l
for fam in inet mytcp; do
	for spec in "1 900 1400" "10 1400 9000"; do
		set -- $spec
		rm -f /tmp/l.log	# wait_listen must not see an older server's line
		$IP netns exec host1 mytcp-peer -f inet -t 30 -k listen 7410 >/dev/null 2>/tmp/l.log &
		srv=$!
		wait_listen /tmp/l.log
		$IP netns exec host0 mytcp-peer -f $fam -t 30 -L $1 send 10.0.0.2 7410 \
			</tmp/l >/dev/null 2>/tmp/cli.log || fail "$fam linger $1: $(cat /tmp/cli.log)"
		ms=$(sed -n 's/^close: \([0-9]*\) ms$/\1/p' /tmp/cli.log)
		[ -n "$ms" ] && [ "$ms" -ge $2 ] && [ "$ms" -le $3 ] ||
			fail "$fam: close with SO_LINGER $1 s took ${ms:-?} ms, want $2..$3"
		ok "$fam: close with SO_LINGER $1 s took $ms ms"
		kill $srv 2>/dev/null
		wait $srv 2>/dev/null
	done
done
$IP netns exec host0 $TC qdisc del dev veth0 root
sleep 2

# SYN retries: nobody answers; net.mytcp.syn_retries=2 gives up after
# 1 + 2 + 4 s (RFC 6298 2.1 initial RTO, doubled).
$IP netns exec host0 sysctl -qw net.mytcp.syn_retries=2
$IP netns exec host1 $TC qdisc add dev veth1 root netem loss 100%
t0=$(cut -d. -f1 /proc/uptime)
if $IP netns exec host0 mytcp-peer -f mytcp -t 30 send 10.0.0.2 7403 </tmp/a \
	>/dev/null 2>/tmp/cli.log; then
	fail "connect succeeded into a black hole"
fi
t1=$(cut -d. -f1 /proc/uptime)
grep -q "Connection timed out" /tmp/cli.log || fail "no ETIMEDOUT: $(cat /tmp/cli.log)"
[ $((t1 - t0)) -ge 6 ] && [ $((t1 - t0)) -le 10 ] || fail "gave up after $((t1 - t0)) s, want 7"
ok "connect: ETIMEDOUT after $((t1 - t0)) s and 2 SYN retries"
$IP netns exec host1 $TC qdisc del dev veth1 root

# A Linux receiver whose whole buffer is below one MSS (SO_RCVBUF at its
# minimum): RFC 9293 3.8.6.2.1, the mytcp sender cuts segments to half the
# largest window offered, instead of waiting for room for a full one.
head -c 50000 /dev/urandom >/tmp/a
rm -f /tmp/srv.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f inet -t 60 -b 1 listen 7408 >/tmp/got 2>/tmp/srv.log &
srv=$!
wait_listen /tmp/srv.log
$IP netns exec host0 mytcp-peer -f mytcp -t 60 send 10.0.0.2 7408 </tmp/a \
	>/dev/null 2>/tmp/cli.log || fail "sub-MSS receiver: $(cat /tmp/cli.log)"
wait $srv || fail "sub-MSS receiver: $(cat /tmp/srv.log)"
expect_eq "sender to a sub-MSS receive buffer: bytes intact" "$(sha /tmp/got)" "$(sha /tmp/a)"

# 64 MiB each way.
head -c 67108864 /dev/urandom >/tmp/big
xfer "64 MiB mytcp->linux" host1 inet host0 mytcp 10.0.0.2 7406 /tmp/big 300
xfer "64 MiB linux->mytcp" host1 mytcp host0 inet 10.0.0.2 7407 /tmp/big 300
rm -f /tmp/big /tmp/got
sleep 2
unload_mytcp
