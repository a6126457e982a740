// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp-bench: the same workloads over Linux TCP or over mytcp.
 *
 *   mytcp-bench [OPTIONS] server PORT
 *       serve every workload on PORT until killed (or -t): a connection's
 *       first byte picks what it gets: 'B' a sink (read to EOF, close),
 *       'E' an echo (every byte read is sent back); a connection that sends
 *       nothing is held until the peer closes it
 *   mytcp-bench [OPTIONS] bulk HOST PORT
 *       -b BYTES in total over -P parallel streams (each sends its share,
 *       half-closes and waits for the server's close): throughput
 *   mytcp-bench [OPTIONS] rr HOST PORT
 *       1-byte request, 1-byte response on one connection, -n times or for
 *       -T seconds: transactions/s, p50 and p99 latency
 *   mytcp-bench [OPTIONS] crr HOST PORT
 *       connect, 1-byte request, 1-byte response, close; -n times or for
 *       -T seconds: connections/s
 *   mytcp-bench [OPTIONS] idle HOST PORT
 *       open -n connections (from the -s source addresses in turn), time
 *       that, read /proc/meminfo before and after, say "ready" on stderr,
 *       hold them -H seconds (-1: until SIGUSR1 or SIGTERM), then reset
 *       them (SO_LINGER 0, so no TIME-WAIT is left behind)
 *
 * Options: -f inet|mytcp (the socket family; addresses are always struct
 * sockaddr_in), -t SECONDS (bounds the whole run, default 600: exit 124),
 * -b BYTES, -P STREAMS, -n COUNT, -T SECONDS (caps a bulk, rr or crr run;
 * bulk then reports what it moved), -s ADDR[,ADDR...] (idle: source
 * addresses), -H SECONDS (idle: hold time).
 *
 * Each client run prints one line of JSON with its metrics on stdout.
 * Exit codes: 0 done; 1 usage; 2 a system call failed (printed); 124 timeout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "uapi/mytcp.h"

#define MAX_STREAMS	64
#define MAX_SOURCES	64
#define MAX_COUNT	10000000L
/* The server's descriptors: fs.nr_open's default less want_files' margin. */
#define SERVER_FILES	(1048576L - 64)
#define CHUNK		65536

static int family = AF_INET;
static const char *family_name = "inet";
static struct sockaddr_in server = { .sin_family = AF_INET };
static sig_atomic_t stop;	/* loops that test it all call functions */

static void on_alarm(int sig)
{
	static const char msg[] = "mytcp-bench: timed out\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(124);
	_exit(124);
}

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static int fail(const char *what)
{
	fprintf(stderr, "mytcp-bench: %s: %s\n", what, strerror(errno));
	return 2;
}

static int print_usage(void)
{
	fprintf(stderr,
		"usage: mytcp-bench [-f inet|mytcp] [-t SECONDS] server PORT\n"
		"       mytcp-bench [-f inet|mytcp] [-t SECONDS] [-b BYTES] [-P STREAMS] [-T SECONDS] bulk HOST PORT\n"
		"       mytcp-bench [-f inet|mytcp] [-t SECONDS] [-n COUNT] [-T SECONDS] rr|crr HOST PORT\n"
		"       mytcp-bench [-f inet|mytcp] [-t SECONDS] [-n COUNT] [-s ADDR,...] [-H SECONDS] idle HOST PORT\n");
	return 1;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* One line of JSON: json_begin(), fields, json_end(). */
static void json_begin(const char *workload)
{
	printf("{\"workload\":\"%s\",\"family\":\"%s\"", workload, family_name);
}

static void json_int(const char *key, long long v)
{
	printf(",\"%s\":%lld", key, v);
}

static void json_num(const char *key, double v)
{
	printf(",\"%s\":%.4f", key, v);
}

static void json_end(void)
{
	printf("}\n");
	fflush(stdout);
}

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

/* Read exactly one byte; -1 on error or EOF (errno EPIPE then). */
static int read_byte(int fd)
{
	char c;
	ssize_t r;

	do {
		r = read(fd, &c, 1);
	} while (r < 0 && errno == EINTR);
	if (r == 0)
		errno = EPIPE;
	return r == 1 ? 0 : -1;
}

/* Read to EOF, discarding; -1 on error. */
static int drain(int fd)
{
	char b[4096];
	ssize_t r;

	for (;;) {
		r = read(fd, b, sizeof(b));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r;
	}
}

/*
 * Descriptors for @n connections, raising the hard limit if allowed (root
 * in the VM), else up to it. Return: how many connections fit, or -1.
 */
static long want_files(long n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -1;
	if (rl.rlim_cur >= (rlim_t)n + 64)
		return n;
	rl.rlim_cur = n + 64;
	if (rl.rlim_max < rl.rlim_cur)
		rl.rlim_max = rl.rlim_cur;
	if (!setrlimit(RLIMIT_NOFILE, &rl))
		return n;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -1;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur < 64)
		return -1;
	return rl.rlim_cur - 64;
}

static int open_conn(const struct in_addr *src, int nodelay)
{
	int fd, one = 1;

	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (src) {
		struct sockaddr_in l = { .sin_family = AF_INET, .sin_addr = *src };

		/*
		 * Either stack would pick the port at bind(), with no 4-tuple
		 * to share it by: let it choose at connect(), as a client
		 * that binds a source address should.
		 */
		if (setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
			       sizeof(one)))
			goto err;
		if (bind(fd, (struct sockaddr *)&l, sizeof(l)))
			goto err;
	}
	if (nodelay &&
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		goto err;
	if (connect(fd, (struct sockaddr *)&server, sizeof(server)))
		goto err;
	return fd;
err:
	close(fd);
	return -1;
}

/* --- server --- */

static int serve(int port)
{
	struct epoll_event ev, evs[64];
	static char buf[CHUNK];
	int lfd, ep, one = 1, i, n;
	char *mode;
	long nfiles;
	ssize_t r;

	nfiles = want_files(SERVER_FILES);
	if (nfiles < 0)
		return fail("RLIMIT_NOFILE");
	mode = calloc(nfiles + 64, 1);
	if (!mode)
		return fail("calloc");
	lfd = socket(family, SOCK_STREAM, 0);
	if (lfd < 0)
		return fail("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	server.sin_port = htons(port);
	if (bind(lfd, (struct sockaddr *)&server, sizeof(server)))
		return fail("bind");
	if (listen(lfd, 4096))
		return fail("listen");
	if (fcntl(lfd, F_SETFL, O_NONBLOCK))
		return fail("O_NONBLOCK");
	ep = epoll_create1(0);
	if (ep < 0)
		return fail("epoll_create1");
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = lfd };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev))
		return fail("epoll_ctl");
	fprintf(stderr, "mytcp-bench: listening on %d\n", port);
	while (!stop) {
		n = epoll_wait(ep, evs, 64, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail("epoll_wait");
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd == lfd) {
				for (;;) {
					int c = accept(lfd, NULL, NULL);

					if (c < 0 && (errno == EAGAIN || errno == EINTR))
						break;
					if (c < 0)
						return fail("accept");
					if (c >= nfiles) {
						errno = EMFILE;
						return fail("accept");
					}
					setsockopt(c, IPPROTO_TCP, TCP_NODELAY,
						   &one, sizeof(one));
					mode[c] = 0;
					ev = (struct epoll_event){ .events = EPOLLIN,
								   .data.fd = c };
					if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev))
						return fail("epoll_ctl");
				}
				continue;
			}
			r = read(fd, buf, sizeof(buf));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				/* EOF, or a reset: either ends the connection. */
				close(fd);
				continue;
			}
			if (!mode[fd])
				mode[fd] = buf[0];
			if (mode[fd] == 'E' && write_all(fd, buf, r))
				close(fd);
		}
	}
	return 0;
}

/* --- bulk --- */

struct stream {
	pthread_t thread;
	long long want, sent;
	double deadline;
	double done;	/* when the server had read it all (now()) */
	int sndbuf;	/* SO_SNDBUF once all was written: autotuning's size */
	int err;
	const char *what;
};

static void *bulk_stream(void *arg)
{
	static char buf[CHUNK];
	struct stream *s = arg;
	long long chunk;
	socklen_t len;
	int fd;

	fd = open_conn(NULL, 0);
	if (fd < 0) {
		s->err = errno;
		s->what = "connect";
		return NULL;
	}
	if (write_all(fd, "B", 1))
		goto err;
	s->sent = 1;
	while (s->sent < s->want && now() < s->deadline) {
		chunk = s->want - s->sent;
		if (chunk > CHUNK)
			chunk = CHUNK;
		if (write_all(fd, buf, chunk))
			goto err;
		s->sent += chunk;
	}
	len = sizeof(s->sndbuf);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &s->sndbuf, &len))
		s->sndbuf = -1;
	/* Done when the server read everything: it closes at our EOF. */
	if (shutdown(fd, SHUT_WR) || drain(fd))
		goto err;
	s->done = now();
	close(fd);
	return NULL;
err:
	s->err = errno;
	s->what = "send";
	close(fd);
	return NULL;
}

static int bulk(long long bytes, int streams, double cap)
{
	struct stream s[MAX_STREAMS] = {};
	long long total = 0;
	double t0, secs;
	int i;

	if (streams < 1 || streams > MAX_STREAMS || bytes < streams)
		return print_usage();
	t0 = now();
	for (i = 0; i < streams; i++) {
		s[i].want = bytes / streams + (i < bytes % streams);
		s[i].deadline = cap > 0 ? t0 + cap : 1e18;
		errno = pthread_create(&s[i].thread, NULL, bulk_stream, &s[i]);
		if (errno)
			return fail("pthread_create");
	}
	for (i = 0; i < streams; i++)
		pthread_join(s[i].thread, NULL);
	secs = now() - t0;
	for (i = 0; i < streams; i++) {
		if (s[i].err) {
			errno = s[i].err;
			return fail(s[i].what);
		}
		total += s[i].sent;
	}
	json_begin("bulk");
	json_int("streams", streams);
	json_int("bytes_asked", bytes);
	json_int("bytes", total);
	json_num("seconds", secs);
	json_num("mbit_s", total * 8 / secs / 1e6);
	printf(",\"capped\":%s", total < bytes ? "true" : "false");
	/* Each stream's time to done: how evenly the streams shared. */
	printf(",\"stream_seconds\":[");
	for (i = 0; i < streams; i++)
		printf("%s%.4f", i ? "," : "", s[i].done - t0);
	printf("]");
	/* The send buffer each stream had grown to by its last write. */
	printf(",\"stream_sndbuf\":[");
	for (i = 0; i < streams; i++)
		printf("%s%d", i ? "," : "", s[i].sndbuf);
	printf("]");
	json_end();
	return 0;
}

/* --- rr and crr --- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(const double *v, long n, double p)
{
	long i = (long)(p * (n - 1) + 0.5);

	return v[i];
}

static int rr(long count, double cap)
{
	double t0, t1, end, secs, *lat;
	long n = 0, cap_n = 65536;
	int fd;

	lat = malloc(sizeof(*lat) * cap_n);
	if (!lat)
		return fail("malloc");
	fd = open_conn(NULL, 1);
	if (fd < 0)
		return fail("connect");
	t0 = now();
	end = cap > 0 ? t0 + cap : 1e18;
	t1 = t0;
	while (n < count && t1 < end) {
		double s = t1;

		if (write_all(fd, "E", 1))
			return fail("send");
		if (read_byte(fd))
			return fail("receive");
		t1 = now();
		if (n == cap_n) {
			cap_n *= 2;
			lat = realloc(lat, sizeof(*lat) * cap_n);
			if (!lat)
				return fail("realloc");
		}
		lat[n++] = (t1 - s) * 1e6;
	}
	secs = t1 - t0;
	close(fd);
	qsort(lat, n, sizeof(*lat), cmp_double);
	json_begin("rr");
	json_int("transactions", n);
	json_num("seconds", secs);
	json_num("tps", n / secs);
	json_num("p50_us", pct(lat, n, 0.5));
	json_num("p99_us", pct(lat, n, 0.99));
	json_end();
	free(lat);
	return 0;
}

static int crr(long count, double cap)
{
	double t0, t1, end, secs;
	long n = 0;
	int fd;

	t0 = now();
	end = cap > 0 ? t0 + cap : 1e18;
	t1 = t0;
	while (n < count && t1 < end) {
		fd = open_conn(NULL, 1);
		if (fd < 0)
			return fail("connect");
		if (write_all(fd, "E", 1))
			return fail("send");
		if (read_byte(fd))
			return fail("receive");
		close(fd);
		n++;
		t1 = now();
	}
	secs = t1 - t0;
	json_begin("crr");
	json_int("connections", n);
	json_num("seconds", secs);
	json_num("cps", n / secs);
	json_end();
	return 0;
}

/* --- idle --- */

struct meminfo {
	long long slab, avail, free;
};

/* Slab, MemAvailable and MemFree from /proc/meminfo, in bytes. */
static int read_meminfo(struct meminfo *m)
{
	char line[256];
	long long kb;
	FILE *f;

	memset(m, 0, sizeof(*m));
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Slab: %lld", &kb) == 1)
			m->slab = kb * 1024;
		else if (sscanf(line, "MemAvailable: %lld", &kb) == 1)
			m->avail = kb * 1024;
		else if (sscanf(line, "MemFree: %lld", &kb) == 1)
			m->free = kb * 1024;
	}
	fclose(f);
	return m->slab && m->free ? 0 : -1;
}

/*
 * The baseline of idle: wait (at most 5 s) until Slab holds still, so that
 * memory a previous run is still freeing (sockets are freed after an RCU
 * grace period, TIME-WAITs expire) does not count against this run.
 */
static int settled_meminfo(struct meminfo *m)
{
	struct meminfo prev;
	int i;

	if (read_meminfo(&prev))
		return -1;
	for (i = 0; i < 25; i++) {
		usleep(200000);
		if (read_meminfo(m))
			return -1;
		if (llabs(m->slab - prev.slab) < 64 * 1024)
			return 0;
		prev = *m;
	}
	return 0;
}

static int parse_sources(char *list, struct in_addr *src)
{
	char *tok, *save = NULL;
	int n = 0;

	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_SOURCES || inet_pton(AF_INET, tok, &src[n]) != 1)
			return -1;
		n++;
	}
	return n;
}

static int idle(long count, struct in_addr *src, int nsrc, int hold)
{
	struct linger lg = { 1, 0 };
	struct meminfo m0, m1;
	double t0, open_s, held;
	int *fds;
	long i;

	if (want_files(count) < count) {
		fprintf(stderr, "mytcp-bench: too few descriptors for %ld connections\n",
			count);
		return 2;
	}
	fds = calloc(count, sizeof(*fds));
	if (!fds)
		return fail("calloc");
	if (settled_meminfo(&m0))
		return fail("/proc/meminfo");
	t0 = now();
	for (i = 0; i < count; i++) {
		fds[i] = open_conn(nsrc ? &src[i % nsrc] : NULL, 0);
		if (fds[i] < 0) {
			fprintf(stderr, "mytcp-bench: connection %ld of %ld: ",
				i + 1, count);
			return fail("connect");
		}
	}
	open_s = now() - t0;
	/*
	 * The server accepts in order: once it echoes on the last connection
	 * it has accepted them all. Then let freed memory settle.
	 */
	if (write_all(fds[count - 1], "E", 1) || read_byte(fds[count - 1]))
		return fail("sync with the server");
	sleep(1);
	if (read_meminfo(&m1))
		return fail("/proc/meminfo");
	fprintf(stderr, "mytcp-bench: ready: %ld connections open\n", count);
	t0 = now();
	while (!stop && (hold < 0 || now() - t0 < hold))
		usleep(100000);
	held = now() - t0;
	for (i = 0; i < count; i++) {
		setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(fds[i]);
	}
	free(fds);
	json_begin("idle");
	json_int("connections", count);
	json_int("sources", nsrc);
	json_num("open_seconds", open_s);
	json_num("open_cps", count / open_s);
	json_num("held_seconds", held);
	json_int("slab_delta", m1.slab - m0.slab);
	json_int("memavail_delta", m0.avail - m1.avail);
	json_int("memfree_delta", m0.free - m1.free);
	json_num("slab_per_conn", (double)(m1.slab - m0.slab) / count);
	json_num("mem_per_conn", (double)(m0.avail - m1.avail) / count);
	json_end();
	return 0;
}

int main(int argc, char **argv)
{
	long long bytes = 1 << 20;
	long count = 0;
	int timeout = 600, streams = 1, opt, nsrc = 0, hold = 0;
	double cap = 0;
	struct in_addr src[MAX_SOURCES];
	char *end;

	while ((opt = getopt(argc, argv, "f:t:b:P:n:T:s:H:")) != -1) {
		switch (opt) {
		case 'f':
			if (!strcmp(optarg, "inet"))
				family = AF_INET;
			else if (!strcmp(optarg, "mytcp"))
				family = AF_MYTCP;
			else
				return print_usage();
			family_name = optarg;
			break;
		case 't':
			timeout = atoi(optarg);
			break;
		case 'b':
			bytes = strtoll(optarg, &end, 10);
			if (*end || bytes <= 0)
				return print_usage();
			break;
		case 'P':
			streams = atoi(optarg);
			break;
		case 'n':
			count = strtol(optarg, &end, 10);
			if (*end || count <= 0 || count > MAX_COUNT)
				return print_usage();
			break;
		case 'T':
			cap = atof(optarg);
			break;
		case 's':
			nsrc = parse_sources(optarg, src);
			if (nsrc < 0)
				return print_usage();
			break;
		case 'H':
			hold = atoi(optarg);
			break;
		default:
			return print_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || timeout <= 0)
		return print_usage();

	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR1, on_stop);
	signal(SIGTERM, on_stop);
	alarm(timeout);

	if (!strcmp(argv[0], "server") && argc == 2)
		return serve(atoi(argv[1]));
	if (argc != 3)
		return print_usage();
	if (inet_pton(AF_INET, argv[1], &server.sin_addr) != 1)
		return print_usage();
	server.sin_port = htons(atoi(argv[2]));
	if (!strcmp(argv[0], "bulk"))
		return bulk(bytes, streams, cap);
	/* rr and crr without -n or -T: 10 s */
	if (!count)
		count = cap > 0 ? MAX_COUNT : 0;
	if (!count && strcmp(argv[0], "idle")) {
		count = MAX_COUNT;
		cap = 10;
	}
	if (!strcmp(argv[0], "rr"))
		return rr(count, cap);
	if (!strcmp(argv[0], "crr"))
		return crr(count, cap);
	if (!strcmp(argv[0], "idle") && count)
		return idle(count, src, nsrc, hold);
	return print_usage();
}
