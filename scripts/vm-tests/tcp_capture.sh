#!/bin/sh
# A packet capture of mytcp connections, decoded by tcpdump: the options
# and flags negotiated with Linux TCP (MSS, SACK-permitted, timestamps,
# window scale) in both directions of the handshake, and every segment a
# valid TCP segment with a correct checksum.
. /tests/common.inc
[ -x /usr/sbin/tcpdump ] || { echo "no tcpdump in the initramfs"; exit 77; }
load_mytcp
two_hosts 500
# Software checksums on both ends, so that captured segments carry the
# final checksum (with offload they leave with a partial one).
$IP netns exec host0 $ETHTOOL -K veth0 tx off >/dev/null
$IP netns exec host1 $ETHTOOL -K veth1 tx off >/dev/null
head -c 200000 /dev/urandom >/tmp/a

$IP netns exec host1 /usr/sbin/tcpdump -Z root -i veth1 -U -w /tmp/cap.pcap tcp \
	>/dev/null 2>/tmp/td.log &
td=$!
sleep 1
xfer "mytcp client -> Linux server" host1 inet host0 mytcp 10.0.0.2 7201 /tmp/a
xfer "Linux client -> mytcp server" host0 mytcp host1 inet 10.0.0.1 7202 /tmp/a
sleep 1
kill $td
wait $td
/usr/sbin/tcpdump -Z root -r /tmp/cap.pcap -nn -vv >/tmp/cap.txt 2>/tmp/tdr.log ||
	fail "tcpdump could not read the capture: $(cat /tmp/td.log /tmp/tdr.log)"
n=$(grep -c 'cksum' /tmp/cap.txt)
[ "$n" -gt 100 ] || fail "only $n segments decoded: $(head -20 /tmp/cap.txt)"
bad=$(grep 'cksum' /tmp/cap.txt | grep -vc '(correct)')
expect_eq "segments with a bad checksum (of $n)" "$bad" 0
# mytcp's SYN (from 10.0.0.1, port 7201) and its SYN-ACK (from port 7202).
syn=$(grep -A1 'Flags \[S\]' /tmp/cap.txt | grep -A1 '10.0.0.1.[0-9]* > 10.0.0.2.7201' | tr '\n' ' ')
synack=$(grep -A1 'Flags \[S\.\]' /tmp/cap.txt | grep -A1 '10.0.0.1.7202 >' | tr '\n' ' ')
for o in "mss 1460" "sackOK" "TS val" "wscale 7"; do
	case "$syn" in *"$o"*) ok "mytcp SYN has $o" ;; *) fail "mytcp SYN lacks $o: $syn" ;; esac
	case "$synack" in *"$o"*) ok "mytcp SYN-ACK has $o" ;; *) fail "mytcp SYN-ACK lacks $o: $synack" ;; esac
done
for f in 'Flags \[S\]' 'Flags \[S\.\]' 'Flags \[\.\]' 'Flags \[P\.\]' 'Flags \[F\.\]'; do
	grep -q "10.0.0.1.720[12] > .*$f" /tmp/cap.txt ||
		grep -q "10.0.0.1.[0-9]* > 10.0.0.2.7201: $f" /tmp/cap.txt ||
		fail "no $f segment from mytcp"
done
ok "mytcp sent SYN, SYN-ACK, ACK, PSH-ACK and FIN-ACK segments"
# Timestamps on every mytcp segment after the handshake.
nots=$(grep '^[0-9:. ]*IP (' -A1 /tmp/cap.txt | grep '10.0.0.1.[0-9]* > ' | grep -vc 'TS val')
expect_eq "mytcp segments without timestamps" "$nots" 0
unload_mytcp
