#!/bin/sh
# The demo `make demo` shows: load mytcp, open an AF_MYTCP socket, read the
# counters with mytcpstat, unload. Each step is also checked.
. /tests/common.inc

echo "== 1. insmod mytcp.ko"
insmod $MOD || fail "insmod"
dmesg | grep 'mytcp:' | tail -n 1
echo "== 2. /proc/mytcp/settings (this namespace)"
cat /proc/mytcp/settings
echo "== 3. a program opens socket(AF_MYTCP=22, SOCK_STREAM, 0) and holds it"
mytcp-sockcheck hold 3 >/tmp/hold.log &
holder=$!
i=0
while ! grep -q holding /tmp/hold.log; do
	i=$((i + 1)); [ $i -le 100 ] || fail "socket did not open"
	sleep 0.1
done
cat /tmp/hold.log
expect_eq "open sockets in /proc/mytcp/settings" \
	"$(awk '$1 == "sockets" { print $2 }' /proc/mytcp/settings)" 1
wait $holder || fail "the socket holder failed"
echo "== 4. mytcpstat after the socket was closed"
mytcpstat || fail "mytcpstat"
expect_eq "SocketsCreated" "$(stat_get SocketsCreated)" 1
expect_eq "SocketsReleased" "$(stat_get SocketsReleased)" 1
echo "== 5. rmmod mytcp; mytcpstat now explains what is missing"
rmmod mytcp || fail "rmmod"
mytcpstat
expect_eq "mytcpstat exit code without the module" $? 2
echo "== demo done: the module loaded, served a socket, counted it, unloaded"
