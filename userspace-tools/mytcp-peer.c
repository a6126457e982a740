// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp-peer: a TCP test peer for either stack.
 *
 *   mytcp-peer [-f inet|mytcp] [-t SECONDS] listen PORT
 *       accept one connection, copy what it receives to stdout until EOF
 *   mytcp-peer [-f inet|mytcp] [-t SECONDS] send HOST PORT
 *       connect, copy stdin to the connection, half-close, wait for EOF
 *
 * -f picks the socket family: inet (Linux TCP, the default) or mytcp
 * (AF_MYTCP); addresses are always struct sockaddr_in. -t bounds the whole
 * run (default 60 s): the program exits 124 when it expires.
 * Exit codes: 0 done; 1 usage; 2 a system call failed (printed); 124 timeout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "uapi/mytcp.h"

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "mytcp-peer: timed out\n";

	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(124);
	_exit(124);
}

static int fail(const char *what)
{
	fprintf(stderr, "mytcp-peer: %s: %s\n", what, strerror(errno));
	return 2;
}

static int print_usage(void)
{
	fprintf(stderr, "usage: mytcp-peer [-f inet|mytcp] [-t SECONDS] listen PORT\n"
			"       mytcp-peer [-f inet|mytcp] [-t SECONDS] send HOST PORT\n");
	return 1;
}

/* Copy everything from @in to @out until EOF; -1 on error. */
static long long copy_fd(int in, int out)
{
	static char buf[65536];
	long long total = 0;
	ssize_t n, w, off;

	for (;;) {
		n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : total;
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, n - off);
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w <= 0)
				return -1;
		}
		total += n;
	}
}

int main(int argc, char **argv)
{
	int family = AF_INET, timeout = 60, opt, fd, one = 1;
	struct sockaddr_in sin = { .sin_family = AF_INET };

	while ((opt = getopt(argc, argv, "f:t:")) != -1) {
		switch (opt) {
		case 'f':
			if (!strcmp(optarg, "inet"))
				family = AF_INET;
			else if (!strcmp(optarg, "mytcp"))
				family = AF_MYTCP;
			else
				return print_usage();
			break;
		case 't':
			timeout = atoi(optarg);
			break;
		default:
			return print_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		return print_usage();

	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	alarm(timeout);

	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0)
		return fail("socket");

	if (!strcmp(argv[0], "listen") && argc == 2) {
		int c;

		sin.sin_port = htons(atoi(argv[1]));
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
			return fail("bind");
		if (listen(fd, 16))
			return fail("listen");
		/* Tell a waiting script that the port is open. */
		fprintf(stderr, "mytcp-peer: listening on %s\n", argv[1]);
		c = accept(fd, NULL, NULL);
		if (c < 0)
			return fail("accept");
		if (copy_fd(c, 1) < 0)
			return fail("receive");
		close(c);
	} else if (!strcmp(argv[0], "send") && argc == 3) {
		if (inet_pton(AF_INET, argv[1], &sin.sin_addr) != 1)
			return print_usage();
		sin.sin_port = htons(atoi(argv[2]));
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
			return fail("connect");
		if (copy_fd(0, fd) < 0)
			return fail("send");
		if (shutdown(fd, SHUT_WR))
			return fail("shutdown");
		if (copy_fd(fd, 1) < 0)
			return fail("wait for EOF");
	} else {
		return print_usage();
	}
	close(fd);
	return 0;
}
