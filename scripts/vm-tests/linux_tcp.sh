#!/bin/sh
# Linux TCP keeps working with mytcp loaded: 1 MiB each way between two
# namespaces over veth, and over 127.0.0.1, bytes compared by SHA-256; the
# hook saw the segments and passed every one on.
. /tests/common.inc
load_mytcp
two_hosts

head -c 1048576 /dev/urandom >/tmp/a
head -c 1048575 /dev/urandom >/tmp/b

xfer "Linux TCP host0 -> host1" host1 inet host0 inet 10.0.0.2 5001 /tmp/a
xfer "Linux TCP host1 -> host0" host0 inet host1 inet 10.0.0.1 5002 /tmp/b

xfer "Linux TCP over 127.0.0.1" host0 inet host0 inet 127.0.0.1 5003 /tmp/a

for ns in host0 host1; do
	seen=$(stat_get HookInSegs $ns)
	# 1 MiB arrives in at least 16 GRO super-segments of 64 KiB.
	[ "$seen" -ge 16 ] || fail "HookInSegs in $ns is $seen"
	expect_eq "HookPassed in $ns" "$(stat_get HookPassed $ns)" "$seen"
done
unload_mytcp
