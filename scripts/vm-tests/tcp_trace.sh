#!/bin/sh
# Tracepoints: mytcp's events in tracefs (events/mytcp/). A connection's
# state changes come in RFC 9293's order on both the active and the passive
# side; every retransmission and every reset, sent or received, is one
# event, as many as the counters say.
. /tests/common.inc
T=/sys/kernel/tracing
load_mytcp
for e in mytcp_set_state mytcp_retransmit mytcp_send_reset mytcp_receive_reset; do
	[ -f $T/events/mytcp/$e/format ] || fail "no event mytcp:$e in tracefs"
done
ok "the four mytcp events are in tracefs"
two_hosts 300
head -c 1048576 /dev/urandom >/tmp/f1m
echo 8192 >$T/buffer_size_kb
: >$T/trace
echo 1 >$T/events/mytcp/enable || fail "enable mytcp events"

# count EVENT: events of that name in the trace so far.
count() {
	grep -c " $1: " $T/trace
}

# path MATCH: the state changes of the trace lines matching MATCH, as
# "OLD>NEW" words in order.
path() {
	grep " mytcp_set_state: " $T/trace | grep -- "$1" |
		sed 's/.* \([A-Z_0-9]*\) -> \([A-Z_0-9]*\)$/\1>\2/' | tr '\n' ' '
}

# chained PATH: every change starts in the state the one before ended in.
chained() {
	prev=""
	for step in $1; do
		from=${step%>*}
		[ -z "$prev" ] || [ "$prev" = "$from" ] || return 1
		prev=${step#*>}
	done
	return 0
}

# Active open: mytcp client, Linux server. The server half-closes at once
# (mytcp-peer without -i), so the client's side ends passively.
xfer "traced mytcp->linux" host1 inet host0 mytcp 10.0.0.2 7101 /tmp/f1m
sleep 0.5
expect_eq "active path" "$(path " 10.0.0.2:7101 ")" \
	"CLOSE>SYN_SENT SYN_SENT>ESTABLISHED ESTABLISHED>CLOSE_WAIT CLOSE_WAIT>LAST_ACK LAST_ACK>CLOSE "

# Passive open: mytcp server (listener and child), Linux client. The mytcp
# server half-closes at once, so its side ends actively, via TIME-WAIT.
xfer "traced linux->mytcp" host1 mytcp host0 inet 10.0.0.2 7102 /tmp/f1m
sleep 1	# TIME-WAIT (300 ms) ends
expect_eq "listener path" "$(path "0.0.0.0:7102 0.0.0.0:0 ")" \
	"CLOSE>LISTEN LISTEN>CLOSE "
p=$(path "10.0.0.2:7102 10.0.0.1:")
case "$p" in
"CLOSE>SYN_RECV SYN_RECV>ESTABLISHED ESTABLISHED>FIN_WAIT1 "*">TIME_WAIT TIME_WAIT>CLOSE ")
	chained "$p" || fail "passive path not chained: $p" ;;
*) fail "passive path: $p" ;;
esac
ok "passive path: $p"

# Retransmissions: 5 % loss both ways; one event per retransmitted segment.
# 8 MiB: mytcp sends up to 64 KB per GSO packet, and netem drops whole
# packets, so 1 MiB (about 16 of them) went through without a loss in
# about one run in three.
head -c 8388608 /dev/urandom >/tmp/f8m
r0=$(( $(stat_get RetransSegs host0) + $(stat_get RetransSegs host1) ))
e0=$(count mytcp_retransmit)
netem_both loss 5%
xfer "traced lossy mytcp->linux" host1 inet host0 mytcp 10.0.0.2 7103 /tmp/f8m 120
netem_both del
r=$(( $(stat_get RetransSegs host0) + $(stat_get RetransSegs host1) - r0 ))
[ "$r" -gt 0 ] || fail "no retransmission at 5 % loss"
expect_eq "retransmit events = RetransSegs delta" $(( $(count mytcp_retransmit) - e0 )) "$r"
grep " mytcp_retransmit: 10.0.0.1:[0-9]* 10.0.0.2:7103 seq=[0-9]* len=[0-9]* reason=\(fast\|timeout\) state=[A-Z_0-9]* cwnd=[0-9]* rto_us=[0-9]*$" \
	$T/trace >/dev/null || fail "retransmit event format: $(grep -m1 mytcp_retransmit $T/trace)"
ok "retransmit events name the connection, sequence, reason and window"

# Resets: the Linux peer aborts a mytcp sender (received), and a mytcp
# listener aborts a Linux sender (sent). One event per reset.
head -c 4194304 /dev/zero >/tmp/big
s0=$(count mytcp_send_reset) o0=$(stat_get OutRsts host1)
rm -f /tmp/l.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f inet -t 30 -k -r 100000 listen 7104 \
	>/dev/null 2>/tmp/l.log &
srv=$!
wait_listen /tmp/l.log
$IP netns exec host0 mytcp-peer -f mytcp -t 30 send 10.0.0.2 7104 \
	</tmp/big >/dev/null 2>/tmp/cli.log && fail "mytcp sender did not see the RST"
wait $srv
grep -q " mytcp_receive_reset: 10.0.0.1:[0-9]* 10.0.0.2:7104 state=ESTABLISHED$" $T/trace ||
	fail "no receive_reset event: $(grep mytcp_receive_reset $T/trace)"
ok "a received reset is traced"
rm -f /tmp/l.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f mytcp -t 30 -k -r 100000 listen 7105 \
	>/dev/null 2>/tmp/l.log &
srv=$!
wait_listen /tmp/l.log
$IP netns exec host0 mytcp-peer -f inet -t 30 send 10.0.0.2 7105 \
	</tmp/big >/dev/null 2>/tmp/cli.log && fail "Linux sender did not see the RST"
wait $srv
o=$(( $(stat_get OutRsts host1) - o0 ))
[ "$o" -gt 0 ] || fail "the mytcp listener sent no RST"
expect_eq "send_reset events = OutRsts delta" $(( $(count mytcp_send_reset) - s0 )) "$o"
grep -q " mytcp_send_reset: 10.0.0.2:7105 10.0.0.1:[0-9]* seq=[0-9]*$" $T/trace ||
	fail "send_reset event format: $(grep -m1 mytcp_send_reset $T/trace)"
ok "sent resets are traced"

echo 0 >$T/events/mytcp/enable
: >$T/trace
sleep 0.5
$IP netns del host0
$IP netns del host1
unload_mytcp
