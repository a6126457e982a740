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
 * Prints one "ok"/"FAIL" line per check; exits 0 only if all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "uapi/mytcp.h"

static int failures;

static void check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok" : "FAIL", what);
	if (!cond)
		failures++;
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
		 mine ? strerror(mine) : "success",
		 inet ? strerror(inet) : "success",
		 want ? strerror(want) : "success");
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
	snprintf(buf, sizeof(buf), "settings back to %ld after close (%ld)",
		 base, proc_sockets());
	check(proc_sockets() == base, buf);
	free(fds);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "absent")) {
		int err = try_socket(AF_MYTCP, SOCK_STREAM, 0);

		check(err == EAFNOSUPPORT, "no AF_MYTCP: EAFNOSUPPORT");
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
		fprintf(stderr, "usage: mytcp-sockcheck absent|create|many N|hold SECS\n");
		return 1;
	}
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
