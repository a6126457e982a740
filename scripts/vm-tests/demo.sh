#!/bin/sh
# The demo `make demo` shows: load mytcp, open an AF_MYTCP socket, send
# 1 MiB over mytcp to a Linux TCP server in another network namespace,
# read the counters and connections, unload. Each step is also checked.
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
echo "== 5. host0 (10.0.0.1, mytcp) sends 1 MiB to host1 (10.0.0.2, Linux TCP) over veth"
two_hosts 500
head -c 1048576 /dev/urandom >/tmp/demo.bin
rm -f /tmp/demo-srv.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f inet -t 60 listen 8080 >/tmp/demo.got 2>/tmp/demo-srv.log &
srv=$!
wait_listen /tmp/demo-srv.log
$IP netns exec host0 mytcp-peer -f mytcp -t 60 send 10.0.0.2 8080 </tmp/demo.bin >/dev/null &
cli=$!
# The connection as /proc/mytcp/connections shows it, while it runs.
i=0
while ! $IP netns exec host0 grep -q ' 10.0.0.2:8080 ' /proc/mytcp/connections; do
	i=$((i + 1)); [ $i -le 50 ] || break
	sleep 0.1
done
echo "-- /proc/mytcp/connections in host0 during the transfer:"
$IP netns exec host0 cat /proc/mytcp/connections
wait $cli || fail "mytcp client"
wait $srv || fail "Linux server"
expect_eq "SHA-256 of what Linux TCP received" "$(sha /tmp/demo.got)" "$(sha /tmp/demo.bin)"
echo "-- mytcpstat in host0:"
$IP netns exec host0 mytcpstat || fail "mytcpstat in host0"
sleep 1
$IP netns del host0
$IP netns del host1
sleep 1
echo "== 6. rmmod mytcp; mytcpstat now explains what is missing"
rmmod_wait || fail "rmmod"
mytcpstat
expect_eq "mytcpstat exit code without the module" $? 2
echo "== demo done: the module loaded, served a socket, counted it, unloaded"
