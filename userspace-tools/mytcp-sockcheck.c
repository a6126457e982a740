// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp-sockcheck: checks of socket(2) on AF_MYTCP, against what Linux TCP
 * (AF_INET) answers for the same arguments.
 *
 *   mytcp-sockcheck absent     AF_MYTCP is not registered: EAFNOSUPPORT
 *   mytcp-sockcheck create     types, protocols, flags, socket options
 *   mytcp-sockcheck many N     N sockets open at once, then closed; the
 *                              /proc/mytcp/settings socket count follows
 *   mytcp-sockcheck hold SECS  open one socket, print "holding", sleep
 *   mytcp-sockcheck api        bind/connect/listen/accept/send/recv/
 *                              shutdown/sockopt misuse: the errno of
 *                              AF_MYTCP equals AF_INET's (on 127.0.0.1)
 * Prints one "ok"/"FAIL" line per check; exits 0 only if all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "uapi/mytcp.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int failures;
static char buf_dummy[16];

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok" : "FAIL", what);
	if (!cond)
		failures++;
}

/* An errno as text; 0 is "success". */
static const char *errstr(int e)
{
	return e ? strerror(e) : "success";
}

/* socket(family, type, proto): 0 if it succeeded (closed again), or errno. */
static int try_socket(int family, int type, int proto)
{
	int fd = socket(family, type, proto);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* The same errno from both families, and the one we expect. */
static void same_as_inet(int type, int proto, int want, const char *what)
{
	int inet = try_socket(AF_INET, type, proto);
	int mine = try_socket(AF_MYTCP, type, proto);
	char buf[160];

	snprintf(buf, sizeof(buf), "%s: AF_MYTCP %s, AF_INET %s, want %s", what,
		 errstr(mine), errstr(inet), errstr(want));
	check(mine == want && inet == want, buf);
}

static int getint(int fd, int level, int name)
{
	socklen_t len = sizeof(int);
	int v = -1;

	if (getsockopt(fd, level, name, &v, &len))
		return -errno;
	return v;
}

/* The "sockets N" line of /proc/mytcp/settings, or -1. */
static long proc_sockets(void)
{
	char line[128];
	long n = -1;
	FILE *f = fopen(MYTCP_PROC_SETTINGS, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "sockets %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

static void check_create(void)
{
	int fd, fl;

	same_as_inet(SOCK_STREAM, 0, 0, "SOCK_STREAM, protocol 0");
	same_as_inet(SOCK_STREAM, IPPROTO_TCP, 0, "SOCK_STREAM, IPPROTO_TCP");
	same_as_inet(SOCK_STREAM, IPPROTO_UDP, EPROTONOSUPPORT,
		     "SOCK_STREAM, IPPROTO_UDP");
	same_as_inet(SOCK_STREAM, 200, EPROTONOSUPPORT, "SOCK_STREAM, protocol 200");
	same_as_inet(SOCK_STREAM, -1, EINVAL, "SOCK_STREAM, protocol -1");
	same_as_inet(SOCK_STREAM, 100000, EINVAL, "SOCK_STREAM, protocol 100000");
	same_as_inet(SOCK_SEQPACKET, 0, ESOCKTNOSUPPORT, "SOCK_SEQPACKET");
	same_as_inet(99, 0, EINVAL, "type 99");
	check(try_socket(AF_MYTCP, SOCK_DGRAM, 0) == ESOCKTNOSUPPORT,
	      "SOCK_DGRAM is not mytcp's: ESOCKTNOSUPPORT");
	check(try_socket(AF_MYTCP, SOCK_RAW, IPPROTO_TCP) == ESOCKTNOSUPPORT,
	      "SOCK_RAW is not mytcp's: ESOCKTNOSUPPORT");

	fd = socket(AF_MYTCP, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	check(fd >= 0, "SOCK_NONBLOCK | SOCK_CLOEXEC accepted");
	if (fd < 0)
		return;
	fl = fcntl(fd, F_GETFL);
	check(fl >= 0 && (fl & O_NONBLOCK), "O_NONBLOCK set");
	fl = fcntl(fd, F_GETFD);
	check(fl >= 0 && (fl & FD_CLOEXEC), "FD_CLOEXEC set");
	check(getint(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM, "SO_TYPE is SOCK_STREAM");
	check(getint(fd, SOL_SOCKET, SO_DOMAIN) == AF_MYTCP, "SO_DOMAIN is AF_MYTCP");
	check(getint(fd, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_TCP,
	      "SO_PROTOCOL is IPPROTO_TCP");
	check(close(fd) == 0, "close");
}

static void check_many(long n)
{
	long base = proc_sockets(), i;
	int *fds = calloc(n, sizeof(*fds));
	char buf[128];

	check(base >= 0, "read sockets from " MYTCP_PROC_SETTINGS);
	if (!fds || base < 0)
		return;
	for (i = 0; i < n; i++) {
		fds[i] = socket(AF_MYTCP, SOCK_STREAM, 0);
		if (fds[i] < 0)
			break;
	}
	snprintf(buf, sizeof(buf), "%ld sockets opened", n);
	check(i == n, buf);
	snprintf(buf, sizeof(buf), "settings shows %ld more sockets (%ld -> %ld)",
		 n, base, proc_sockets());
	check(proc_sockets() == base + i, buf);
	while (i--)
		close(fds[i]);
	/*
	 * A closed socket is freed after an RCU grace period (receive-path
	 * lookups take no lock): allow up to 5 s for that.
	 */
	for (i = 0; i < 500 && proc_sockets() > base; i++)
		usleep(10000);
	snprintf(buf, sizeof(buf), "settings back to %ld after close (%ld)",
		 base, proc_sockets());
	check(proc_sockets() <= base, buf);
	free(fds);
}

/* One misuse, run for a family: returns 0 or the errno. */
typedef int (*api_case_fn)(int family);

static struct sockaddr_in lo_addr(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

#define SA(x) ((struct sockaddr *)&(x))

static int api_ret(int fd, int r)
{
	int e = r < 0 ? errno : 0;

	close(fd);
	return e;
}

static int c_bind_short(int f)
{
	struct sockaddr_in a = lo_addr(0);
	int fd = socket(f, SOCK_STREAM, 0);

	return api_ret(fd, bind(fd, SA(a), 4));
}

static int c_bind_family(int f)
{
	struct sockaddr_in a = lo_addr(0);
	int fd = socket(f, SOCK_STREAM, 0);

	a.sin_family = AF_UNIX;
	return api_ret(fd, bind(fd, SA(a), sizeof(a)));
}

static int c_bind_twice(int f)
{
	struct sockaddr_in a = lo_addr(0);
	int fd = socket(f, SOCK_STREAM, 0);

	if (bind(fd, SA(a), sizeof(a)))
		return api_ret(fd, -1);
	return api_ret(fd, bind(fd, SA(a), sizeof(a)));
}

static int c_bind_in_use(int f)
{
	struct sockaddr_in a = lo_addr(f == AF_INET ? 7001 : 7002);
	int fd = socket(f, SOCK_STREAM, 0), fd2 = socket(f, SOCK_STREAM, 0);
	int r;

	if (bind(fd, SA(a), sizeof(a)) || listen(fd, 1))
		return api_ret(fd, -1);
	r = bind(fd2, SA(a), sizeof(a));
	close(fd);
	return api_ret(fd2, r);
}

static int c_bind_nonlocal(int f)
{
	struct sockaddr_in a = lo_addr(0);
	int fd = socket(f, SOCK_STREAM, 0);

	inet_pton(AF_INET, "192.0.2.1", &a.sin_addr);
	return api_ret(fd, bind(fd, SA(a), sizeof(a)));
}

static int c_getpeername(int f)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(f, SOCK_STREAM, 0);

	return api_ret(fd, getpeername(fd, SA(a), &len));
}

static int c_recv_unconnected(int f)
{
	int fd = socket(f, SOCK_STREAM, 0);

	return api_ret(fd, recv(fd, buf_dummy, 1, MSG_DONTWAIT));
}

static int c_send_unconnected(int f)
{
	int fd = socket(f, SOCK_STREAM, 0);

	return api_ret(fd, send(fd, "x", 1, MSG_NOSIGNAL));
}

static int c_shutdown_unconnected(int f)
{
	int fd = socket(f, SOCK_STREAM, 0);

	return api_ret(fd, shutdown(fd, SHUT_WR));
}

static int c_accept_unlistened(int f)
{
	int fd = socket(f, SOCK_STREAM, 0);

	return api_ret(fd, accept(fd, NULL, NULL));
}

static int c_sockopt_unknown(int f)
{
	int fd = socket(f, SOCK_STREAM, 0), v = 1;

	return api_ret(fd, setsockopt(fd, IPPROTO_TCP, 9999, &v, sizeof(v)));
}

static int c_maxseg_bad(int f)
{
	int fd = socket(f, SOCK_STREAM, 0), v = 10;

	return api_ret(fd, setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &v, sizeof(v)));
}

static int c_nodelay(int f)
{
	int fd = socket(f, SOCK_STREAM, 0), v = 1;
	socklen_t len = sizeof(v);

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v)))
		return api_ret(fd, -1);
	v = 0;
	if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len))
		return api_ret(fd, -1);
	close(fd);
	return v == 1 ? 0 : -1;
}

static int c_connect_short(int f)
{
	struct sockaddr_in a = lo_addr(9);
	int fd = socket(f, SOCK_STREAM, 0);

	return api_ret(fd, connect(fd, SA(a), 4));
}

static int c_connect_refused(int f)
{
	struct sockaddr_in a = lo_addr(9);
	int fd = socket(f, SOCK_STREAM, 0);

	return api_ret(fd, connect(fd, SA(a), sizeof(a)));
}

/* Non-blocking: EINPROGRESS, then the refusal in SO_ERROR. */
static int c_connect_refused_nb(int f)
{
	struct sockaddr_in a = lo_addr(9);
	int fd = socket(f, SOCK_STREAM | SOCK_NONBLOCK, 0), err = 0;
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(err);

	if (connect(fd, SA(a), sizeof(a)) == 0 || errno != EINPROGRESS)
		return api_ret(fd, -1);
	if (poll(&p, 1, 5000) != 1)
		return api_ret(fd, -1);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return api_ret(fd, -1);
	close(fd);
	return err;
}

static int c_listen_connected_port(int f)
{
	struct sockaddr_in a = lo_addr(0);
	socklen_t len = sizeof(a);
	int fd = socket(f, SOCK_STREAM, 0);

	if (bind(fd, SA(a), sizeof(a)) || getsockname(fd, SA(a), &len))
		return api_ret(fd, -1);
	close(fd);
	return a.sin_port ? 0 : -1;
}

static void check_api(void)
{
	static const struct {
		api_case_fn fn;
		int want;
		const char *what;
	} cases[] = {
		{ c_bind_short, EINVAL, "bind with a short address" },
		{ c_bind_family, EAFNOSUPPORT, "bind with sin_family AF_UNIX" },
		{ c_bind_twice, EINVAL, "bind twice" },
		{ c_bind_in_use, EADDRINUSE, "bind to a listening port" },
		{ c_bind_nonlocal, EADDRNOTAVAIL, "bind to a non-local address" },
		{ c_getpeername, ENOTCONN, "getpeername unconnected" },
		{ c_recv_unconnected, ENOTCONN, "recv unconnected" },
		{ c_send_unconnected, EPIPE, "send unconnected" },
		{ c_shutdown_unconnected, ENOTCONN, "shutdown unconnected" },
		{ c_accept_unlistened, EINVAL, "accept without listen" },
		{ c_sockopt_unknown, ENOPROTOOPT, "unknown IPPROTO_TCP option" },
		{ c_maxseg_bad, EINVAL, "TCP_MAXSEG 10" },
		{ c_nodelay, 0, "TCP_NODELAY set and read back" },
		{ c_connect_short, EINVAL, "connect with a short address" },
		{ c_connect_refused, ECONNREFUSED, "connect to a closed port" },
		{ c_connect_refused_nb, ECONNREFUSED,
		  "non-blocking connect to a closed port: SO_ERROR" },
		{ c_listen_connected_port, 0, "bind port 0 gets a port" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int inet = cases[i].fn(AF_INET), mine = cases[i].fn(AF_MYTCP);
		char line[200];

		snprintf(line, sizeof(line), "%s: AF_MYTCP %s, AF_INET %s, want %s",
			 cases[i].what, errstr(mine), errstr(inet),
			 errstr(cases[i].want));
		check(mine == cases[i].want && inet == cases[i].want, line);
	}
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "absent")) {
		int err = try_socket(AF_MYTCP, SOCK_STREAM, 0);

		check(err == EAFNOSUPPORT, "no AF_MYTCP: EAFNOSUPPORT");
	} else if (argc == 2 && !strcmp(argv[1], "api")) {
		check_api();
	} else if (argc == 2 && !strcmp(argv[1], "create")) {
		check_create();
	} else if (argc == 3 && !strcmp(argv[1], "hold")) {
		int fd = socket(AF_MYTCP, SOCK_STREAM, 0);

		check(fd >= 0, "socket");
		if (fd < 0)
			return 1;
		printf("holding\n");
		fflush(stdout);
		sleep(atoi(argv[2]));
		close(fd);
	} else if (argc == 3 && !strcmp(argv[1], "many")) {
		check_many(atol(argv[2]));
	} else {
		fprintf(stderr, "usage: mytcp-sockcheck absent|create|api|many N|hold SECS\n");
		return 1;
	}
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
