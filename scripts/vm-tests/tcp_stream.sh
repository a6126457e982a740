#!/bin/sh
# Stream semantics against Linux TCP and mytcp: half-close (echo after
# EOF), both directions at once, 100 concurrent connections, a peer's RST
# mid-transfer (ECONNRESET), a receiver that stops reading for 5 s (zero
# window, persist), the software checksum path, a socket closed in
# FIN-WAIT-2 (gone after fin_wait2_ms; new data for it answered with RST),
# the neighbour confirmed by ACKs (no ARP probes), and a peer that
# vanishes (ETIMEDOUT).
. /tests/common.inc
load_mytcp
two_hosts 500
head -c 300000 /dev/urandom >/tmp/a
head -c 200000 /dev/urandom >/tmp/b
head -c 4194304 /dev/urandom >/tmp/big

# Half-close: the client sends, shuts down its side, then reads the echo.
for pair in "inet mytcp" "mytcp inet" "mytcp mytcp"; do
	set -- $pair
	rm -f /tmp/e.log	# wait_listen must not see an older server's line
	$IP netns exec host1 mytcp-peer -f $1 -t 30 echo 6001 2>/tmp/e.log &
	srv=$!
	wait_listen /tmp/e.log
	$IP netns exec host0 mytcp-peer -f $2 -t 30 send 10.0.0.2 6001 </tmp/a >/tmp/echo ||
		fail "half-close client $2 -> server $1"
	wait $srv || fail "echo server $1: $(cat /tmp/e.log)"
	expect_eq "half-close echo, server $1, client $2" "$(sha /tmp/echo)" "$(sha /tmp/a)"
done

# Both directions at once: the server sends b while receiving a.
for pair in "inet mytcp" "mytcp inet" "mytcp mytcp"; do
	set -- $pair
	rm -f /tmp/l.log	# wait_listen must not see an older server's line
	$IP netns exec host1 mytcp-peer -f $1 -t 30 -i /tmp/b listen 6002 \
		>/tmp/got_a 2>/tmp/l.log &
	srv=$!
	wait_listen /tmp/l.log
	$IP netns exec host0 mytcp-peer -f $2 -t 30 send 10.0.0.2 6002 </tmp/a >/tmp/got_b ||
		fail "duplex client $2"
	wait $srv || fail "duplex server $1"
	expect_eq "duplex a, server $1, client $2" "$(sha /tmp/got_a)" "$(sha /tmp/a)"
	expect_eq "duplex b, server $1, client $2" "$(sha /tmp/got_b)" "$(sha /tmp/b)"
done

# 100 concurrent connections to a mytcp echo server.
head -c 20000 /dev/urandom >/tmp/c
rm -f /tmp/e.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f mytcp -t 90 -n 100 echo 6003 2>/tmp/e.log &
srv=$!
wait_listen /tmp/e.log
pids=""
for i in $(seq 1 100); do
	$IP netns exec host0 mytcp-peer -f mytcp -t 90 send 10.0.0.2 6003 \
		</tmp/c >/tmp/echo.$i 2>/tmp/cli.$i &
	pids="$pids $!"
done
n=0
for p in $pids; do
	wait $p && n=$((n + 1))
done
wait $srv || fail "echo server for 100 connections: $(cat /tmp/e.log)"
expect_eq "clients that finished" $n 100
good=0
want=$(sha /tmp/c)
for i in $(seq 1 100); do
	[ "$(sha /tmp/echo.$i)" = "$want" ] && good=$((good + 1))
done
expect_eq "echoes intact of 100" $good 100

# The peer aborts with RST mid-transfer. Connected: ECONNRESET; after the
# peer half-closed (CLOSE-WAIT): EPIPE. Linux TCP's sender says the same.
estab=$(stat_get EstabResets host0)
for mode in "-k:Connection reset by peer" ":Broken pipe"; do
	flag=${mode%%:*} want=${mode#*:}
	for fam in inet mytcp; do
		rm -f /tmp/l.log	# wait_listen must not see an older server's line
		$IP netns exec host1 mytcp-peer -f inet -t 30 $flag -r 100000 listen 6004 \
			>/dev/null 2>/tmp/l.log &
		srv=$!
		wait_listen /tmp/l.log
		if $IP netns exec host0 mytcp-peer -f $fam -t 30 send 10.0.0.2 6004 \
			</tmp/big >/dev/null 2>/tmp/cli.log; then
			fail "$fam: the sender did not notice the reset"
		fi
		wait $srv
		grep -q "$want" /tmp/cli.log || fail "$fam ${flag:-half-closed}: $(cat /tmp/cli.log)"
		ok "$fam sender after the peer's RST${flag:+ (peer open)}: $want"
	done
done
expect_eq "EstabResets host0" $(( $(stat_get EstabResets host0) - estab )) 2

# Zero window: the mytcp receiver reads nothing for 5 s, then everything.
probes=$(stat_get WindowProbes host0)
rm -f /tmp/l.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f mytcp -t 60 -p 5 listen 6005 >/tmp/got 2>/tmp/l.log &
srv=$!
wait_listen /tmp/l.log
$IP netns exec host0 mytcp-peer -f mytcp -t 60 send 10.0.0.2 6005 </tmp/big >/dev/null ||
	fail "zero-window sender"
wait $srv || fail "zero-window receiver"
expect_eq "zero window transfer" "$(sha /tmp/got)" "$(sha /tmp/big)"
[ "$(stat_get WindowProbes host0)" -gt "$probes" ] || fail "no window probes sent"
ok "window probes: $(( $(stat_get WindowProbes host0) - probes ))"

# Software checksums: no TX checksum offload on host0's veth.
$IP netns exec host0 $ETHTOOL -K veth0 tx off >/dev/null || fail "ethtool tx off"
sw=$(stat_get OutCsumSoftware host0)
xfer "software checksum mytcp->linux" host1 inet host0 mytcp 10.0.0.2 6006 /tmp/a
[ "$(stat_get OutCsumSoftware host0)" -gt "$sw" ] || fail "OutCsumSoftware did not move"
expect_eq "InCsumErrors host1 (mytcp server next)" "$(stat_get InCsumErrors host1)" 0
xfer "software checksum linux->mytcp" host1 mytcp host0 inet 10.0.0.2 6007 /tmp/a
$IP netns exec host0 $ETHTOOL -K veth0 tx on >/dev/null
[ "$(stat_get OutCsumOffload host0)" -gt 0 ] || fail "OutCsumOffload never moved"

# Closed in FIN-WAIT-2: a mytcp client sends nothing, shuts its side down
# (the Linux server, asleep for 20 s after accept, has its kernel
# acknowledge the FIN and keeps its own side open) and is killed at 2 s
# (-t), so close() finds FIN-WAIT-2. The orphan waits at most
# fin_wait2_ms (1 s here) for the peer's FIN, then is gone.
$IP netns exec host0 sysctl -qw net.mytcp.fin_wait2_ms=1000
rm -f /tmp/l.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f inet -t 30 -p 20 listen 6009 >/dev/null 2>/tmp/l.log &
srv=$!
wait_listen /tmp/l.log
$IP netns exec host0 mytcp-peer -f mytcp -t 2 send 10.0.0.2 6009 </dev/null >/dev/null 2>&1 &&
	fail "the FIN-WAIT-2 client was not killed by its alarm"
c=$($IP netns exec host0 cat /proc/mytcp/connections | grep ":6009 ")
case $c in
*" FIN_WAIT2 "*" finwait2 "*) ;;
*) fail "closed in FIN-WAIT-2: want FIN_WAIT2 with its timer, got '$c'" ;;
esac
t0=$(cut -d' ' -f1 /proc/uptime)
since() { awk -v t0="$t0" '{ print $1 - t0 }' /proc/uptime; }
while $IP netns exec host0 cat /proc/mytcp/connections | grep -q ":6009 " &&
	awk -v s="$(since)" 'BEGIN { exit !(s < 4) }'; do
	sleep 0.1
done
$IP netns exec host0 cat /proc/mytcp/connections | grep ":6009 " &&
	fail "an orphan in FIN-WAIT-2 still there 4 s after its close (fin_wait2_ms 1 s)"
ok "an orphan in FIN-WAIT-2 gone $(since) s after its close (fin_wait2_ms 1 s)"
kill $srv 2>/dev/null
wait $srv 2>/dev/null
$IP netns exec host0 sysctl -qw net.mytcp.fin_wait2_ms=60000

# Data for a socket closed in FIN-WAIT-2: nobody will read it, so mytcp
# answers with RST (RFC 1122 4.2.2.13), as Linux TCP does; the Linux
# server's write then fails.
abort=$(stat_get AbortOnData host0)
rm -f /tmp/l.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f inet -t 30 -p 4 -i /tmp/a listen 6010 >/dev/null 2>/tmp/l.log &
srv=$!
wait_listen /tmp/l.log
$IP netns exec host0 mytcp-peer -f mytcp -t 2 send 10.0.0.2 6010 </dev/null >/dev/null 2>&1 &&
	fail "the FIN-WAIT-2 client was not killed by its alarm"
wait $srv && fail "the Linux server could send to a closed mytcp socket"
grep -q "reset by peer\|Broken pipe" /tmp/l.log || fail "no reset seen by the sender: $(cat /tmp/l.log)"
expect_eq "AbortOnData host0" $(( $(stat_get AbortOnData host0) - abort )) 1
$IP netns exec host0 cat /proc/mytcp/connections | grep ":6010 " &&
	fail "the reset connection is still listed"
ok "data after close: reset, connection gone"

# Neighbour confirmation (RFC 4861 7.3.1; the same for ARP): with a 500 ms
# reachable time and the first probe 1 s after an entry went stale, a
# mytcp sender whose data is being acknowledged keeps its ARP entry
# confirmed: no ARP request from host0 between its first and last data
# segment of 16 MiB (about 2 s here). Before mytcp confirmed, the entry
# went stale and was probed (2-3 requests per run).
head -c 16777216 /dev/urandom >/tmp/n16m
$IP netns exec host0 sysctl -qw net.ipv4.neigh.veth0.base_reachable_time_ms=500 \
	net.ipv4.neigh.veth0.delay_first_probe_time=1
# Resolved before the capture starts: only later requests count.
$IP netns exec host0 ping -c 1 -W 2 10.0.0.2 >/dev/null || fail "ping 10.0.0.2"
rm -f /tmp/arp.pcap
$IP netns exec host1 /usr/sbin/tcpdump -Z root -i veth1 -n -s 100 -U -w /tmp/arp.pcap \
	arp or tcp port 6011 2>/dev/null &
td=$!
sleep 1
xfer "neighbour confirmed, mytcp->linux" host1 inet host0 mytcp 10.0.0.2 6011 /tmp/n16m
kill $td
wait $td
# ARP requests from host0 between its first and its last data segment.
n=$(/usr/sbin/tcpdump -Z root -r /tmp/arp.pcap -n -tt 2>/dev/null | awk '
	/^[0-9.]+ IP 10.0.0.1.[0-9]+ > 10.0.0.2.6011: .* length [1-9]/ {
		if (!first) first = $1
		last = $1
	}
	/Request who-has 10.0.0.2 tell 10.0.0.1/ { t[++k] = $1 }
	END {
		for (i = 1; i <= k; i++)
			if (first && t[i] > first && t[i] < last)
				n++
		print n + 0 " " last - first
	}')
expect_eq "ARP requests from the mytcp sender while it sent 16 MiB (for ${n#* } s)" "${n% *}" 0
$IP netns exec host0 sysctl -qw net.ipv4.neigh.veth0.base_reachable_time_ms=30000 \
	net.ipv4.neigh.veth0.delay_first_probe_time=5
rm -f /tmp/n16m

# The peer vanishes mid-connection: ETIMEDOUT after the retries.
$IP netns exec host0 sysctl -qw net.mytcp.retries=3
rm -f /tmp/l.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f inet -t 60 -p 30 listen 6008 >/dev/null 2>/tmp/l.log &
srv=$!
wait_listen /tmp/l.log
( sleep 1; $IP netns exec host1 $TC qdisc add dev veth1 root netem loss 100% ) &
if $IP netns exec host0 mytcp-peer -f mytcp -t 60 send 10.0.0.2 6008 </tmp/big \
	>/dev/null 2>/tmp/cli.log; then
	fail "the sender did not time out"
fi
grep -q "Connection timed out" /tmp/cli.log || fail "no ETIMEDOUT: $(cat /tmp/cli.log)"
ok "ETIMEDOUT when the peer vanished"
[ "$(stat_get TimeoutsFatal host0)" -ge 1 ] || fail "TimeoutsFatal did not move"
kill $srv 2>/dev/null
wait $srv 2>/dev/null
$IP netns exec host1 $TC qdisc del dev veth1 root
unload_mytcp
