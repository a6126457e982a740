#!/bin/sh
# 20 % loss both ways (netem on both veth ends): Linux TCP sends 100 kB to
# mytcp, SHA-256 compared, and mytcp must have queued data out of order
# (its reassembly, SACK blocks and immediate ACKs for filled holes, RFC
# 5681 4.2, carried the repair).
#
# How long it takes is up to Linux's sender: its retransmission timer
# backs off exponentially (to 120 s) while retransmissions are lost, and a
# lost SYN-ACK makes its first RTT sample 1 s. Measured here in one VM, 30
# runs each of 100 kB at 20 % loss: Linux->Linux 0.26-107 s (two runs over
# 90 s, median 2.5 s), Linux->mytcp 0.25-27 s (median 1.3 s). So
# xfer_lossy allows one timed-out transfer (120 s), logged with a capture;
# at most three transfers in all, until one queued data out of order.
. /tests/common.inc
loss20_test "20% loss linux->mytcp" mytcp inet 7405 OfoQueued host1
