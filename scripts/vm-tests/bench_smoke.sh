#!/bin/sh
# `make bench` in miniature: the guest bench script (bench_run.sh) runs
# every workload tiny (1 MiB bulk, 200 rr transactions alone and beside
# 1000 idle connections, 20 crr, 1000 idle connections, 1 MiB at 1 % loss,
# 1 MiB of iperf3, both ends through mytcp-run for mytcp) over Linux TCP
# and over mytcp, and each case must give a well-formed result for both
# families, numbers > 0. 1000 idle connections, not fewer: on the debug
# kernel Slab moves by hundreds of KB on its own (KASAN quarantine,
# kmemleak); with 100 (about 600 KB) one run measured a negative growth.
. /tests/common.inc

CASES="idle bulk1 bulk4 rr rr_idle crr bulk_loss iperf3"
MYTCP_BENCH_REPS=1 MYTCP_BENCH_CASES=$CASES MYTCP_BENCH_BULK_BYTES=1048576 \
	MYTCP_BENCH_BULK_CAP=30 MYTCP_BENCH_RR_N=200 MYTCP_BENCH_RR_CAP=30 \
	MYTCP_BENCH_CRR_N=20 MYTCP_BENCH_CRR_CAP=30 MYTCP_BENCH_IDLE_N=1000 \
	sh /tests/bench_run.sh >/tmp/smoke.out 2>&1
rc=$?
cat /tmp/smoke.out
[ $rc = 0 ] || fail "bench_run.sh exited $rc"

# field NAME LINE: a number of the JSON line (empty if absent).
field() {
	echo "$2" | sed -n "s/.*\"$1\":\([-0-9.e+]*\).*/\1/p"
}

positive() {
	v=$(field "$1" "$2")
	[ -n "$v" ] || fail "$3: no $1 in: $2"
	awk -v v="$v" 'BEGIN { exit !(v > 0) }' || fail "$3: $1 = $v, want > 0"
}

for c in $CASES; do
	for fam in inet mytcp; do
		what="$c $fam"
		n=$(grep -c "^BENCH {\"case\":\"$c\",.*\"family\":\"$fam\"" /tmp/smoke.out)
		[ "$n" = 1 ] || fail "$what: $n result lines, want 1"
		line=$(grep "^BENCH {\"case\":\"$c\",.*\"family\":\"$fam\"" /tmp/smoke.out)
		case $line in
		*'"error"'*) fail "$what: $line" ;;
		*'}') ;;
		*) fail "$what: not one JSON object: $line" ;;
		esac
		case $c in
		bulk*)
			positive mbit_s "$line" "$what"
			expect_eq "$what bytes" "$(field bytes "$line")" 1048576 ;;
		iperf3)
			# iperf3's server stops counting when the end of the
			# test reaches it on the control connection; what is
			# still in flight on the data connection is not counted
			# (esnet/iperf#382; see mytcp_run). mytcp's send buffer
			# grows faster than Linux's (six windows), so more of
			# the 1 MiB may be on its way then: measured 1 run in 4.
			positive mbit_s "$line" "$what"
			b=$(field bytes "$line")
			[ "$b" -le 1048576 ] && [ "$b" -gt 524288 ] ||
				fail "$what bytes: $b of 1048576" ;;
		rr | rr_idle)
			positive tps "$line" "$what"
			# The debug VM's clock is jiffies (4 ms): a p50 of 0
			# is possible there; p99 > 0 is not, nor p99 < p50.
			positive p99_us "$line" "$what"
			awk -v a="$(field p50_us "$line")" -v b="$(field p99_us "$line")" \
				'BEGIN { exit !(a != "" && a >= 0 && a <= b) }' ||
				fail "$what: p50/p99 not in order: $line"
			expect_eq "$what transactions" "$(field transactions "$line")" 200 ;;
		crr)
			positive cps "$line" "$what"
			expect_eq "$what connections" "$(field connections "$line")" 20 ;;
		idle)
			positive open_seconds "$line" "$what"
			positive slab_per_conn "$line" "$what"
			[ -n "$(field mem_per_conn "$line")" ] || fail "$what: no mem_per_conn"
			expect_eq "$what connections" "$(field connections "$line")" 1000 ;;
		esac
		ok "$what: $line"
	done
done
