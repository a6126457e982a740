#!/bin/sh
# mytcp carries data to and from Linux TCP and itself: client and server on
# each side of a veth pair between two namespaces, and over 127.0.0.1;
# sizes from 1 byte up; bytes compared by SHA-256; counters checked.
. /tests/common.inc
load_mytcp
two_hosts
for ns in host0 host1; do
	$IP netns exec $ns sysctl -qw net.mytcp.time_wait_ms=500
done

printf x >/tmp/f1
head -c 100000 /dev/urandom >/tmp/f100k
head -c 1048576 /dev/urandom >/tmp/f1m

for f in /tmp/f1 /tmp/f100k /tmp/f1m; do
	xfer "mytcp->linux" host1 inet host0 mytcp 10.0.0.2 5001 $f
	xfer "linux->mytcp" host1 mytcp host0 inet 10.0.0.2 5002 $f
	xfer "mytcp->mytcp" host1 mytcp host0 mytcp 10.0.0.2 5003 $f
done
xfer "mytcp loopback" host0 mytcp host0 mytcp 127.0.0.1 5004 /tmp/f1m

for ns in host0 host1; do
	[ "$(stat_get ActiveOpens $ns)" -ge 4 ] || [ "$(stat_get PassiveOpens $ns)" -ge 4 ] ||
		fail "opens not counted in $ns"
	expect_eq "InCsumErrors in $ns" "$(stat_get InCsumErrors $ns)" 0
	expect_eq "InErrs in $ns" "$(stat_get InErrs $ns)" 0
done
expect_eq "ActiveOpens host0" "$(stat_get ActiveOpens host0)" 7
expect_eq "PassiveOpens host1" "$(stat_get PassiveOpens host1)" 6
# Every connection closed: TIME_WAIT (500 ms) has run out.
sleep 1
expect_eq "CurrEstab host0" "$(stat_get CurrEstab host0)" 0
expect_eq "sockets left in host1" \
	"$($IP netns exec host1 awk '$1 == "sockets" { print $2 }' /proc/mytcp/settings)" 0
unload_mytcp
