#!/bin/sh
# mytcpstat prints /proc/mytcp/stats; clear errors and exit codes when the
# module is absent, a flag is bad, or the file is malformed.
. /tests/common.inc

mytcpstat >/tmp/out 2>/tmp/err
expect_eq "exit code without the module" $? 2
grep -q "is the mytcp module loaded" /tmp/err || fail "no hint: $(cat /tmp/err)"

load_mytcp
mytcp-sockcheck many 4 >/dev/null || fail "sockets"
mytcpstat -z >/tmp/out || fail "mytcpstat -z"
# Every line of the proc file, with its value, is in the output.
n=0
while read -r name val; do
	grep -Eq "^$name +$val\$" /tmp/out || fail "$name $val missing from: $(cat /tmp/out)"
	n=$((n + 1))
done </proc/mytcp/stats
expect_eq "lines with -z" "$(grep -vc '^#' /tmp/out)" "$n"
# Without -z, zero counters are left out.
mytcpstat >/tmp/out || fail "mytcpstat"
grep -Eq '^SocketsCreated +4$' /tmp/out || fail "SocketsCreated 4 missing"
if grep -Eq ' 0$' /tmp/out; then
	fail "zero counter shown without -z"
fi
ok "zeros hidden without -z"

mytcpstat --bogus >/dev/null 2>&1
expect_eq "exit code for a bad flag" $? 1
printf 'SocketsCreated 1\nthis is not a counter line\n' >/tmp/bad
mytcpstat -f /tmp/bad >/dev/null 2>/tmp/err
expect_eq "exit code for a malformed file" $? 3
grep -q "malformed line" /tmp/err || fail "no malformed-line message"
printf 'SocketsCreated 12x\n' >/tmp/bad
mytcpstat -f /tmp/bad >/dev/null 2>&1
expect_eq "exit code for a bad value" $? 3
unload_mytcp
