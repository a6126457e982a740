// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp-peer: a TCP test peer for either stack.
 *
 *   mytcp-peer [OPTIONS] listen PORT
 *       accept one connection; copy what it receives to stdout until EOF
 *       while sending the file of -i (if any), then half-close
 *   mytcp-peer [OPTIONS] send HOST PORT
 *       connect; copy stdin to the connection (half-close at its end)
 *       while copying what arrives to stdout, until EOF
 *   mytcp-peer [OPTIONS] echo PORT
 *       accept connections (one child process each, -n of them, default
 *       1); read each to EOF, send it all back, close
 *
 * Options: -i FILE (listen: send FILE), -n COUNT (echo: connections),
 * -r BYTES (listen: after BYTES received, abort with RST via SO_LINGER 0),
 * -p SECONDS (listen: pause before reading, to fill the peer's window),
 * -k (listen: send nothing and never half-close),
 * -K IDLE,INTVL,CNT (send: SO_KEEPALIVE with TCP_KEEPIDLE/INTVL/CNT),
 * -l PORT (send: bind the local port first, e.g. for a simultaneous open),
 * -L SECONDS (send: SO_LINGER with that time; write all of stdin, then
 *     close at once and print how long close() took, in ms, to stderr),
 * -b BYTES (listen: SO_RCVBUF on the listener, before the connection),
 * -c (send: when the transfer is done, print the connection's congestion
 *     control and counters to stderr: "cc=NAME retrans=N ssthresh=N",
 *     from TCP_CONGESTION and TCP_INFO).
 *
 * -f picks the socket family: inet (Linux TCP, the default) or mytcp
 * (AF_MYTCP); addresses are always struct sockaddr_in. -t bounds the whole
 * run (default 60 s): the program exits 124 when it expires.
 * Exit codes: 0 done; 1 usage; 2 a system call failed (printed); 124 timeout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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
	fprintf(stderr, "usage: mytcp-peer [-f inet|mytcp] [-t SECONDS] [-i FILE|-k] [-r BYTES]\n"
			"                  [-p SECONDS] listen PORT\n"
			"       mytcp-peer [-f inet|mytcp] [-t SECONDS] [-K IDLE,INTVL,CNT] [-l PORT] [-L SECS] [-c] send HOST PORT\n"
			"       mytcp-peer [-f inet|mytcp] [-t SECONDS] [-n COUNT] echo PORT\n");
	return 1;
}

static char buf[65536];

/* Write all of @n bytes; -1 on error. */
static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

/*
 * Both directions at once: @in (or -1) to the socket, half-closing when
 * @in ends; the socket to @out until EOF. With @rst_after, abort after
 * that many bytes received. Return: 0, or -1 with errno set.
 */
static int pump(int sock, int in, int out, long long rst_after)
{
	int in_open = in >= 0, rx_open = 1;
	long long got = 0;
	struct pollfd p[2];
	ssize_t n;

	/* in == -2: send nothing and keep our side open. */
	if (in == -1 && shutdown(sock, SHUT_WR))
		return -1;
	while (in_open || rx_open) {
		/* Wait on both: a silent input must not hide the socket. */
		p[0] = (struct pollfd){ .fd = rx_open ? sock : -1, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = in_open ? in : -1, .events = POLLIN };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(sock, buf, sizeof(buf));
			if (n < 0 && errno != EINTR && errno != EAGAIN)
				return -1;
			if (n == 0)
				rx_open = 0;
			if (n > 0) {
				if (write_all(out, buf, n))
					return -1;
				got += n;
				if (rst_after >= 0 && got >= rst_after) {
					struct linger l = { 1, 0 };

					setsockopt(sock, SOL_SOCKET, SO_LINGER,
						   &l, sizeof(l));
					close(sock);
					_exit(0);
				}
			}
		}
		if (in_open && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			n = read(in, buf, 16384);
			if (n < 0 && errno != EINTR)
				return -1;
			if (n == 0) {
				in_open = 0;
				if (shutdown(sock, SHUT_WR))
					return -1;
			} else if (n > 0 && write_all(sock, buf, n)) {
				return -1;
			}
		}
	}
	return 0;
}

/* Read to EOF, send everything back, close. */
static int echo_one(int c)
{
	size_t cap = 1 << 20, len = 0;
	char *data = malloc(cap);
	ssize_t n;

	if (!data)
		return -1;
	for (;;) {
		if (len == cap) {
			cap *= 2;
			data = realloc(data, cap);
			if (!data)
				return -1;
		}
		n = read(c, data + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += n;
	}
	if (write_all(c, data, len))
		return -1;
	free(data);
	return close(c);
}

/* -c: the congestion control a connection used, and what it did. */
static int print_cc(int fd)
{
	char name[16] = "";
	socklen_t len = sizeof(name) - 1;
	struct tcp_info ti = { 0 };
	socklen_t tlen = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len) ||
	    getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tlen))
		return -1;
	fprintf(stderr, "cc=%s retrans=%u ssthresh=%u\n", name,
		ti.tcpi_total_retrans, ti.tcpi_snd_ssthresh);
	return 0;
}

int main(int argc, char **argv)
{
	int family = AF_INET, timeout = 60, opt, fd, one = 1, count = 1;
	int pause_s = 0, keep_open = 0, local_port = 0, linger_s = -1, rcvbuf = 0;
	int report_cc = 0;
	long long rst_after = -1;
	const char *infile = NULL, *keepalive = NULL;
	struct sockaddr_in sin = { .sin_family = AF_INET };

	while ((opt = getopt(argc, argv, "f:t:i:n:r:p:kK:l:L:b:c")) != -1) {
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
		case 'i':
			infile = optarg;
			break;
		case 'n':
			count = atoi(optarg);
			break;
		case 'r':
			rst_after = atoll(optarg);
			break;
		case 'p':
			pause_s = atoi(optarg);
			break;
		case 'k':
			keep_open = 1;
			break;
		case 'K':
			keepalive = optarg;
			break;
		case 'l':
			local_port = atoi(optarg);
			break;
		case 'L':
			linger_s = atoi(optarg);
			break;
		case 'b':
			rcvbuf = atoi(optarg);
			break;
		case 'c':
			report_cc = 1;
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

	if ((!strcmp(argv[0], "listen") || !strcmp(argv[0], "echo")) &&
	    argc == 2) {
		int c, in = -1, i;

		sin.sin_port = htons(atoi(argv[1]));
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (rcvbuf &&
		    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
			return fail("SO_RCVBUF");
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
			return fail("bind");
		if (listen(fd, 128))
			return fail("listen");
		/* Tell a waiting script that the port is open. */
		fprintf(stderr, "mytcp-peer: listening on %s\n", argv[1]);
		if (!strcmp(argv[0], "echo")) {
			for (i = 0; i < count; i++) {
				c = accept(fd, NULL, NULL);
				if (c < 0)
					return fail("accept");
				if (fork() == 0)
					_exit(echo_one(c) ? fail("echo") : 0);
				close(c);
			}
			for (i = 0; i < count; i++) {
				int st;

				if (wait(&st) < 0 || !WIFEXITED(st) ||
				    WEXITSTATUS(st))
					return fail("an echo child");
			}
			close(fd);
			return 0;
		}
		c = accept(fd, NULL, NULL);
		if (c < 0)
			return fail("accept");
		if (pause_s)
			sleep(pause_s);
		if (infile) {
			in = open(infile, O_RDONLY);
			if (in < 0)
				return fail(infile);
		} else if (keep_open) {
			in = -2;
		}
		if (pump(c, in, 1, rst_after))
			return fail("transfer");
		close(c);
	} else if (!strcmp(argv[0], "send") && argc == 3) {
		if (inet_pton(AF_INET, argv[1], &sin.sin_addr) != 1)
			return print_usage();
		sin.sin_port = htons(atoi(argv[2]));
		if (keepalive) {
			int ka[3];

			if (sscanf(keepalive, "%d,%d,%d", &ka[0], &ka[1], &ka[2]) != 3)
				return print_usage();
			if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) ||
			    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &ka[0], sizeof(int)) ||
			    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &ka[1], sizeof(int)) ||
			    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &ka[2], sizeof(int)))
				return fail("keepalive options");
		}
		if (local_port) {
			struct sockaddr_in lsin = { .sin_family = AF_INET,
						    .sin_port = htons(local_port) };

			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			if (bind(fd, (struct sockaddr *)&lsin, sizeof(lsin)))
				return fail("bind");
		}
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
			return fail("connect");
		if (linger_s >= 0) {
			struct linger l = { 1, linger_s };
			struct timespec t0, t1;
			ssize_t n;

			while ((n = read(0, buf, sizeof(buf))) > 0)
				if (write_all(fd, buf, n))
					return fail("send");
			if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)))
				return fail("SO_LINGER");
			clock_gettime(CLOCK_MONOTONIC, &t0);
			close(fd);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			fprintf(stderr, "close: %ld ms\n",
				(long)((t1.tv_sec - t0.tv_sec) * 1000 +
				       (t1.tv_nsec - t0.tv_nsec) / 1000000));
			return 0;
		}
		if (pump(fd, 0, 1, -1))
			return fail("transfer");
		if (report_cc && print_cc(fd))
			return fail("TCP_CONGESTION/TCP_INFO");
	} else {
		return print_usage();
	}
	close(fd);
	return 0;
}
