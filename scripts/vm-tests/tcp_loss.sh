#!/bin/sh
# Transfers survive a bad path: netem on both ends of the veth pair with
# loss (1 %, 5 %), reordering (25 %), duplication (5 %), corruption (1 %),
# delay (20 ms +- 5 ms), and the link taken down for 3 s mid-transfer.
# mytcp->Linux, Linux->mytcp and mytcp->mytcp each time, SHA-256 compared.
. /tests/common.inc
load_mytcp
two_hosts 500
head -c 1048576 /dev/urandom >/tmp/f1m

port=7000
for spec in "loss 1%" "loss 5%" "delay 10ms reorder 25% 50%" "duplicate 5%" \
	"corrupt 1%" "delay 20ms 5ms"; do
	# shellcheck disable=SC2086
	netem_both $spec
	port=$((port + 1))
	xfer "$spec mytcp->linux" host1 inet host0 mytcp 10.0.0.2 $port /tmp/f1m 120
	port=$((port + 1))
	xfer "$spec linux->mytcp" host1 mytcp host0 inet 10.0.0.2 $port /tmp/f1m 120
	port=$((port + 1))
	xfer "$spec mytcp->mytcp" host1 mytcp host0 mytcp 10.0.0.2 $port /tmp/f1m 120
done
[ "$(stat_get RetransSegs host0)" -gt 0 ] || fail "no retransmissions counted"
[ "$(stat_get InCsumErrors host1)" -gt 0 ] || [ "$(stat_get InCsumErrors host0)" -gt 0 ] ||
	fail "corruption was not caught by a checksum"
ok "retransmitted $(stat_get RetransSegs host0), bad checksums dropped $(( $(stat_get InCsumErrors host0) + $(stat_get InCsumErrors host1) ))"

# The link goes down for 3 s in the middle of a transfer.
netem_both delay 1ms
head -c 4194304 /dev/urandom >/tmp/f4m
( sleep 1; $IP -n host0 link set veth0 down; sleep 3; $IP -n host0 link set veth0 up ) &
xfer "link down 3 s, mytcp->linux" host1 inet host0 mytcp 10.0.0.2 7100 /tmp/f4m 120
wait
unload_mytcp
