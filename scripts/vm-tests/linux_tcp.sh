#!/bin/sh
# Linux TCP keeps working with mytcp loaded: 1 MiB each way between two
# namespaces over veth, and over 127.0.0.1, bytes compared by SHA-256; the
# hook saw the segments and passed every one on.
. /tests/common.inc
load_mytcp
two_hosts

head -c 1048576 /dev/urandom >/tmp/a
head -c 1048575 /dev/urandom >/tmp/b

$IP netns exec host1 mytcp-peer -t 60 listen 5001 >/tmp/a.got 2>/tmp/l1.log &
srv=$!
wait_listen /tmp/l1.log
$IP netns exec host0 mytcp-peer -t 60 send 10.0.0.2 5001 </tmp/a >/dev/null ||
	fail "send host0 -> host1"
wait $srv || fail "receiver host1"
expect_eq "sha256 host0 -> host1" "$(sha /tmp/a.got)" "$(sha /tmp/a)"

$IP netns exec host0 mytcp-peer -t 60 listen 5002 >/tmp/b.got 2>/tmp/l0.log &
srv=$!
wait_listen /tmp/l0.log
$IP netns exec host1 mytcp-peer -t 60 send 10.0.0.1 5002 </tmp/b >/dev/null ||
	fail "send host1 -> host0"
wait $srv || fail "receiver host0"
expect_eq "sha256 host1 -> host0" "$(sha /tmp/b.got)" "$(sha /tmp/b)"

$IP netns exec host0 sh -c 'mytcp-peer -t 60 listen 5003 >/tmp/c.got 2>/tmp/l2.log & echo $! >/tmp/pid'
wait_listen /tmp/l2.log
$IP netns exec host0 mytcp-peer -t 60 send 127.0.0.1 5003 </tmp/a >/dev/null ||
	fail "send over loopback"
i=0
while kill -0 "$(cat /tmp/pid)" 2>/dev/null; do
	i=$((i + 1)); [ $i -le 100 ] || fail "loopback receiver did not finish"
	sleep 0.1
done
expect_eq "sha256 over 127.0.0.1" "$(sha /tmp/c.got)" "$(sha /tmp/a)"

for ns in host0 host1; do
	seen=$(stat_get HookInSegs $ns)
	# 1 MiB arrives in at least 16 GRO super-segments of 64 KiB.
	[ "$seen" -ge 16 ] || fail "HookInSegs in $ns is $seen"
	expect_eq "HookPassed in $ns" "$(stat_get HookPassed $ns)" "$seen"
done
unload_mytcp
