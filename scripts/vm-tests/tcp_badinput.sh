#!/bin/sh
# Bad input from the wire, sent raw at a mytcp listener and at an
# established mytcp connection: malformed headers, impossible flags, bad
# checksums are dropped and counted; blind RSTs, SYNs and data with
# guessed sequence numbers do not disturb the connection (RFC 5961), and
# challenge ACKs are rate-limited. The kernel must stay silent (the run
# fails on any KASAN, lockdep or WARN report).
. /tests/common.inc
load_mytcp
two_hosts 500
inj() { $IP netns exec host0 mytcp-inject 10.0.0.1 10.0.0.2 "$@" || fail "inject $*"; }

# A long-lived connection: a mytcp server in host1, fed slowly from host0.
rm -f /tmp/feed
mkfifo /tmp/feed
rm -f /tmp/l.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f mytcp -t 60 -k listen 7501 >/tmp/got 2>/tmp/l.log &
srv=$!
wait_listen /tmp/l.log
$IP netns exec host0 mytcp-peer -f inet -t 60 -l 7600 send 10.0.0.2 7501 </tmp/feed \
	>/dev/null 2>/tmp/cli.log &
cli=$!
exec 5>/tmp/feed
echo "first line" >&5
sleep 1

errs=$(stat_get InErrs host1)
inj 7601 7501 doff3 5
inj 7601 7501 doff15 5
inj 7601 7501 optoverrun 5
inj 7601 7501 optzero 5
expect_eq "malformed headers to the listener counted in InErrs" \
	$(( $(stat_get InErrs host1) - errs )) 20
bad=$(stat_get InBadFlags host1)
inj 7601 7501 synfin 3
inj 7601 7501 synrst 3
inj 7601 7501 noflags 3
inj 7600 7501 synfin 3
expect_eq "impossible flags counted in InBadFlags" $(( $(stat_get InBadFlags host1) - bad )) 12
cs=$(stat_get InCsumErrors host1)
inj 7601 7501 badcsum 4
inj 7600 7501 badcsum 4
expect_eq "bad checksums counted in InCsumErrors" $(( $(stat_get InCsumErrors host1) - cs )) 8
expect_eq "no connection from the garbage" "$(stat_get PassiveOpens host1)" 1

# Blind attacks on the established connection (4-tuple 10.0.0.1:7600 ->
# 10.0.0.2:7501) with random sequence numbers: RFC 5961.
inj 7600 7501 rst 50
inj 7600 7501 syn 50
inj 7600 7501 ackdata 50
grep -q ESTABLISHED <<EOT || fail "the connection did not survive the blind segments"
$($IP netns exec host1 cat /proc/mytcp/connections)
EOT
ok "the connection survived 150 blind RST/SYN/data segments"
expect_eq "EstabResets" "$(stat_get EstabResets host1)" 0
lim=$(stat_get ChallengeAcksLimited host1)
[ "$lim" -gt 0 ] || ok "(no challenge ACK needed limiting: $(stat_get ChallengeAcks host1) sent)"
[ "$(stat_get ChallengeAcks host1)" -le 30 ] || fail "challenge ACKs not limited: $(stat_get ChallengeAcks host1)"
echo "second line" >&5
exec 5>&-
wait $cli || fail "client: $(cat /tmp/cli.log)"
wait $srv || fail "server: $(cat /tmp/l.log)"
expect_eq "data intact across the attack" "$(cat /tmp/got | tr '\n' '|')" "first line|second line|"
sleep 1
unload_mytcp
