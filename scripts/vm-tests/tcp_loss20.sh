#!/bin/sh
# 20 % loss both ways (netem on both veth ends): mytcp sends 100 kB to
# Linux TCP, SHA-256 compared, and must have retransmitted. A test of its
# own, for the time: at 20 % loss a run of lost retransmissions (or SYNs)
# backs the sender's timer off exponentially (RFC 6298 5.5). Measured
# here, 36 runs: 1.1-39 s (median 3.4 s); Linux TCP sending to Linux TCP
# on the same path took up to 107 s (30 runs). So xfer_lossy allows one
# timed-out transfer (120 s), logged with a capture. 100 kB leave in a
# handful of GSO skbs, so a run may lose none of them (seen once): then
# it sends again, at most three times in all. Linux->mytcp is
# tcp_loss20_rx.
. /tests/common.inc
loss20_test "20% loss mytcp->linux" inet mytcp 7404 RetransSegs host0
