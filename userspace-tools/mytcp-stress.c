// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp-stress: a seeded, multi-threaded stress of the socket API on shared
 * descriptors, mytcp (AF_MYTCP) and Linux TCP (AF_INET) side by side, in
 * the network namespace it runs in (issue 18).
 *
 *   mytcp-stress [-t SECS] [-s SEED] [-j THREADS] [-a ADDR] [-p PORT]
 *
 * -t: how long the threads churn (default 60 s); -s: the seed (default
 * from the time), printed first so that a run can be replayed; -j: worker
 * threads (default 6); -a: the address connections go to (default
 * 127.0.0.1; it must be one of this namespace's own); -p: the first port
 * (default 20000): mytcp listeners use PORT..PORT+7, Linux TCP listeners
 * PORT+8..PORT+15, and PORT+16..PORT+19 never listen (refused connects).
 *
 * The workers share one table of descriptors (listeners, connections,
 * sockets of either family in any state) and pick from it at random: one
 * thread closes or shuts down a descriptor while another is blocked on it.
 * The operations: listen, blocking and non-blocking connect (mytcp to
 * mytcp, mytcp to Linux TCP and back), accept, send and recv with
 * MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT and their combinations, SO_RCVLOWAT,
 * shutdown (listeners too), listen() and connect() on used sockets, close,
 * SO_LINGER 0 and 1 s closes, poll, socket options, listeners closed
 * (plainly, after shutdown(SHUT_RD) or SHUT_RDWR, with SO_LINGER 0) with
 * children in their accept queue, RSTs, SYNs and data from a raw socket
 * (blind, and exact ones built from segments seen on an AF_PACKET socket),
 * and the net.mytcp sysctls rewritten with values in range (restored at
 * the end). Each thread's sequence of operations follows from the seed;
 * how the threads interleave does not.
 *
 * Every blocking call is bounded: each socket gets SO_RCVTIMEO and
 * SO_SNDTIMEO (at most 1.5 s) when it is made, SO_LINGER times are at most
 * 1 s, polls at most 0.3 s. A call that overruns its bound by more than
 * 10 s, or that kept its thread's CPU busy (80 % of at least 1 s) while it
 * waited, is an anomaly; so is an errno that no operation here can give.
 * The main thread watches the workers: one still in a call 30 s after it
 * began is reported (its wchan, CPU use and kernel stack) at once; at the
 * end the workers get 15 s to finish before the program exits anyway.
 *
 * Output: "mytcp-stress: seed N" first, then anomalies as they happen, one
 * line per operation ("op NAME: N calls, N ok, ERRNO=N ...") and a summary
 * line ("mytcp-stress: summary ...").
 * Exit codes: 0 no anomaly; 1 anomalies; 2 usage or setup failed; 3 a
 * worker never came back from a system call.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "csum16.h"
#include "uapi/mytcp.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NSLOTS		64
#define MAX_THREADS	16
#define NERR		160
#define TMO_MIN_MS	50
#define TMO_MAX_MS	1500
/* The longest an operation may take by design (timeouts, linger, polls). */
#define OP_BOUND_MS	4000
/* TCG with KASAN and lockdep: scheduling alone can take seconds. */
#define SLACK_MS	10000
#define STUCK_MS	30000
#define GRACE_MS	15000
#define HIGH_FD		900

/* A slot holds -1 or fd | meta << 32, exchanged atomically. */
#define META_INET	1LL
#define META_LISTEN	2LL

enum op {
	OP_LISTEN, OP_CONNECT, OP_CONNECT_NB, OP_ACCEPT, OP_SEND, OP_RECV,
	OP_RCVLOWAT, OP_SHUTDOWN, OP_REUSE, OP_CLOSE, OP_LINGER, OP_EVICT,
	OP_BURST, OP_POLL, OP_OPTS, OP_INJECT, OP_SYSCTL, NOPS
};

static const char *const op_name[NOPS] = {
	"listen", "connect", "connect_nb", "accept", "send", "recv",
	"rcvlowat", "shutdown", "reuse", "close", "linger_close", "evict",
	"listener_burst", "poll", "sockopt", "inject", "sysctl",
};

/* Relative weights of the operations a worker picks (evict has none). */
static const unsigned int op_weight[NOPS] = {
	[OP_LISTEN] = 6, [OP_CONNECT] = 8, [OP_CONNECT_NB] = 8,
	[OP_ACCEPT] = 10, [OP_SEND] = 14, [OP_RECV] = 14, [OP_RCVLOWAT] = 3,
	[OP_SHUTDOWN] = 5, [OP_REUSE] = 3, [OP_CLOSE] = 5, [OP_LINGER] = 4,
	[OP_BURST] = 2, [OP_POLL] = 3, [OP_OPTS] = 4, [OP_INJECT] = 4,
	[OP_SYSCTL] = 2,
};

struct worker {
	pthread_t th;
	clockid_t cpuclock;
	int idx;
	pid_t tid;
	unsigned long long rng;
	int op;			/* -1 between operations */
	long long op_start;	/* ms */
	long long op_cpu;	/* ns of thread CPU at its start */
	long long reported;	/* op_start of the call last reported */
	char what[64];
};

static struct worker workers[MAX_THREADS];
static long long slots[NSLOTS];
static unsigned long counts[NOPS][NERR + 2];	/* [NERR]: calls, [0]: ok */
static int stop, anomalies, nthreads = 6;
static struct in_addr addr;
static int base_port = 20000;
static int rawfd = -1, pktfd = -1;
static char sendbuf[65536];

#define SYSCTL_DIR "/proc/sys/net/mytcp/"

struct tunable {
	const char *name;
	int lo, hi;
	char saved[64];
	int have;
};

#define TUNABLE(n, l, h) { .name = n, .lo = l, .hi = h }

static struct tunable tunables[] = {
	TUNABLE("time_wait_ms", 100, 2000), TUNABLE("fin_wait2_ms", 100, 2000),
	TUNABLE("syn_retries", 1, 4), TUNABLE("retries", 3, 8),
	TUNABLE("rmem_default", 4096, 1 << 20), TUNABLE("wmem_default", 4096, 1 << 20),
	TUNABLE("rmem_max", 65536, 8 << 20), TUNABLE("wmem_max", 65536, 8 << 20),
	TUNABLE("congestion_control", 0, 1),
};

#define NTUNABLES ARRAY_SIZE(tunables)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static long long cpu_ns(clockid_t c)
{
	struct timespec ts;

	if (clock_gettime(c, &ts))
		return 0;
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* xorshift64*: each worker's own stream, from the seed and its index. */
static unsigned long long rnd64(struct worker *w)
{
	unsigned long long x = w->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	w->rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, n). */
static unsigned int rnd(struct worker *w, unsigned int n)
{
	return n ? (unsigned int)((rnd64(w) >> 32) % n) : 0;
}

static void anomaly(struct worker *w, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (__atomic_add_fetch(&anomalies, 1, __ATOMIC_RELAXED) <= 50)
		printf("mytcp-stress: ANOMALY (thread %d): %s\n", w ? w->idx : -1, msg);
}

/* Errnos the operations here can give, the races between them included. */
static int errno_expected(int e)
{
	static const int ok[] = {
		EAGAIN, EINPROGRESS, EALREADY, EISCONN, ENOTCONN, ECONNREFUSED,
		ECONNRESET, ECONNABORTED, EPIPE, ETIMEDOUT, EBADF, ENOTSOCK,
		EINVAL, EADDRINUSE, EADDRNOTAVAIL, EOPNOTSUPP, EINTR,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (e == ok[i])
			return 1;
	return 0;
}

/* The calls that wait: they must sleep while they wait, not spin. */
static int op_waits(enum op o)
{
	return o == OP_RECV || o == OP_ACCEPT || o == OP_POLL || o == OP_CONNECT ||
	       o == OP_LINGER;
}

/*
 * Count one call of @op that returned @ret (errno in errno when < 0);
 * check the errno, and the time the call took against its bound.
 */
static void account(struct worker *w, enum op o, long long ret, const char *what)
{
	int err = errno, e = ret < 0 ? err : 0;
	long long ms = now_ms() - w->op_start;
	long long cpu = cpu_ns(w->cpuclock) - w->op_cpu;

	__atomic_add_fetch(&counts[o][NERR], 1, __ATOMIC_RELAXED);
	if (e >= NERR || e < 0)
		e = NERR + 1;
	__atomic_add_fetch(&counts[o][e], 1, __ATOMIC_RELAXED);
	if (ret < 0 && !errno_expected(err))
		anomaly(w, "%s %s: unexpected errno %s (%s)", op_name[o], what,
			strerrorname_np(err) ?: "?", strerror(err));
	if (ms > OP_BOUND_MS + SLACK_MS)
		anomaly(w, "%s %s took %lld ms (bound %d ms)", op_name[o], what,
			ms, OP_BOUND_MS);
	if (op_waits(o) && ms >= 1000 && cpu / 1000000 >= ms * 8 / 10)
		anomaly(w, "%s %s: busy for %lld ms of CPU in %lld ms", op_name[o],
			what, cpu / 1000000, ms);
}

/* The start of a call: what the watchdog shows if it does not return. */
static void begin(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->what, sizeof(w->what), fmt, ap);
	va_end(ap);
	w->op_cpu = cpu_ns(w->cpuclock);
	__atomic_store_n(&w->op_start, now_ms(), __ATOMIC_RELEASE);
}

/* ---- the shared table of descriptors ---- */

static long long slot_make(int fd, long long meta)
{
	return (long long)(unsigned int)fd | meta << 32;
}

static int slot_fd(long long v)
{
	return (int)(v & 0xffffffff);
}

static long long slot_meta(long long v)
{
	return v >> 32;
}

/* A random occupied slot's value, left in place; -1 if none found. */
static long long slot_peek(struct worker *w, long long want)
{
	unsigned int i, start = rnd(w, NSLOTS);
	long long v;

	for (i = 0; i < NSLOTS; i++) {
		v = __atomic_load_n(&slots[(start + i) % NSLOTS], __ATOMIC_ACQUIRE);
		if (v != -1 && (!want || (slot_meta(v) & want)))
			return v;
	}
	return -1;
}

/* A random occupied slot's value, taken out (the caller owns the fd). */
static long long slot_take(struct worker *w, long long want)
{
	unsigned int i, start = rnd(w, NSLOTS);
	long long v;

	for (i = 0; i < NSLOTS; i++) {
		long long *s = &slots[(start + i) % NSLOTS];

		v = __atomic_load_n(s, __ATOMIC_ACQUIRE);
		if (v == -1 || (want && !(slot_meta(v) & want)))
			continue;
		if (__atomic_compare_exchange_n(s, &v, -1, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return v;
	}
	return -1;
}

static void linger_close(int fd, int secs)
{
	struct linger l = { 1, secs };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

/* Put @fd in a free slot; if the table is full, close what was there. */
static void slot_put(struct worker *w, int fd, long long meta)
{
	unsigned int i, start = rnd(w, NSLOTS);
	long long v = slot_make(fd, meta), old;

	for (i = 0; i < NSLOTS; i++) {
		old = -1;
		if (__atomic_compare_exchange_n(&slots[(start + i) % NSLOTS], &old, v, 0,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return;
	}
	old = __atomic_exchange_n(&slots[start], v, __ATOMIC_ACQ_REL);
	if (old == -1)
		return;
	__atomic_add_fetch(&counts[OP_EVICT][NERR], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&counts[OP_EVICT][0], 1, __ATOMIC_RELAXED);
	if (rnd(w, 4) == 0)
		linger_close(slot_fd(old), 0);
	else
		close(slot_fd(old));
}

/* ---- sockets ---- */

/* A timeout: mostly short, for churn; sometimes long, to be closed under. */
static unsigned int tmo_ms(struct worker *w)
{
	if (rnd(w, 4))
		return TMO_MIN_MS + rnd(w, 300);
	return TMO_MIN_MS + rnd(w, TMO_MAX_MS - TMO_MIN_MS + 1);
}

static void set_timeouts(struct worker *w, int fd)
{
	struct timeval tv;
	unsigned int ms;

	ms = tmo_ms(w);
	tv = (struct timeval){ ms / 1000, (ms % 1000) * 1000 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ms = tmo_ms(w);
	tv = (struct timeval){ ms / 1000, (ms % 1000) * 1000 };
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* A new socket of @inet's family, its timeouts set. */
static int new_socket(struct worker *w, int inet)
{
	int fd = socket(inet ? AF_INET : AF_MYTCP, SOCK_STREAM, 0);

	if (fd >= 0)
		set_timeouts(w, fd);
	return fd;
}

static struct sockaddr_in sin_of(struct in_addr a, int port)
{
	return (struct sockaddr_in){ .sin_family = AF_INET,
				     .sin_port = htons(port), .sin_addr = a };
}

/*
 * A port to connect to: mostly a listener's from the table (mytcp or
 * Linux TCP), else any of the listener ports, or a dead one.
 */
static int target_port(struct worker *w)
{
	unsigned int r = rnd(w, 10);
	struct sockaddr_in sa;
	socklen_t l = sizeof(sa);
	long long v;

	if (r < 6) {
		v = slot_peek(w, META_LISTEN);
		if (v != -1 && !getsockname(slot_fd(v), (struct sockaddr *)&sa, &l) &&
		    sa.sin_family == AF_INET && ntohs(sa.sin_port) >= base_port &&
		    ntohs(sa.sin_port) < base_port + 16)
			return ntohs(sa.sin_port);
	}
	if (r < 9)
		return base_port + rnd(w, 16);
	return base_port + 16 + rnd(w, 4);
}

static int is_inet(int fd)
{
	int d = 0;
	socklen_t l = sizeof(d);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d, &l))
		return 0;
	return d == AF_INET;
}

static void op_listen(struct worker *w)
{
	int inet = rnd(w, 2), one = 1, fd, port, backlog = rnd(w, 9);
	struct sockaddr_in sa;
	long long r;

	port = base_port + (inet ? 8 : 0) + rnd(w, 8);
	begin(w, "%s port %d backlog %d", inet ? "inet" : "mytcp", port, backlog);
	fd = new_socket(w, inet);
	if (fd < 0) {
		account(w, OP_LISTEN, -1, "socket");
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa = sin_of((struct in_addr){ htonl(INADDR_ANY) }, port);
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	if (!r)
		r = listen(fd, backlog);
	account(w, OP_LISTEN, r, w->what);
	if (r) {
		close(fd);
		return;
	}
	slot_put(w, fd, META_LISTEN | (inet ? META_INET : 0));
}

static void op_connect(struct worker *w, int nonblock)
{
	int inet = rnd(w, 2), port = target_port(w), fd, err = 0;
	struct sockaddr_in sa = sin_of(addr, port);
	socklen_t l = sizeof(err);
	enum op op = nonblock ? OP_CONNECT_NB : OP_CONNECT;
	long long r;

	begin(w, "%s to %d", inet ? "inet" : "mytcp", port);
	fd = new_socket(w, inet);
	if (fd < 0) {
		account(w, op, -1, "socket");
		return;
	}
	if (nonblock)
		fcntl(fd, F_SETFL, O_NONBLOCK);
	r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	if (r && nonblock && errno == EINPROGRESS && rnd(w, 3)) {
		struct pollfd p = { .fd = fd, .events = POLLOUT };

		r = poll(&p, 1, rnd(w, 300));
		if (r >= 0 && !getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l) && err) {
			errno = err;
			r = -1;
		} else if (r == 0) {
			errno = EINPROGRESS;
			r = -1;
		} else if (r > 0) {
			r = 0;
		}
	}
	err = r ? errno : 0;
	account(w, op, r, w->what);
	if (nonblock && rnd(w, 2))
		fcntl(fd, F_SETFL, 0);
	/* Failed ones too, sometimes: their later calls must fail cleanly. */
	if (!r || err == EINPROGRESS || rnd(w, 8) == 0)
		slot_put(w, fd, inet ? META_INET : 0);
	else
		close(fd);
}

static void op_accept(struct worker *w)
{
	long long v = slot_peek(w, META_LISTEN);
	int fd, c;

	if (v == -1)
		return;
	fd = slot_fd(v);
	begin(w, "fd %d", fd);
	if (rnd(w, 2)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		poll(&p, 1, rnd(w, 200));
	}
	c = accept4(fd, NULL, NULL, rnd(w, 4) ? 0 : SOCK_NONBLOCK);
	account(w, OP_ACCEPT, c, w->what);
	if (c < 0)
		return;
	set_timeouts(w, c);
	slot_put(w, c, is_inet(c) ? META_INET : 0);
}

static void op_send(struct worker *w)
{
	long long v = slot_peek(w, 0);
	size_t len = rnd(w, 2) ? 1 + rnd(w, 1460) : 1 + rnd(w, sizeof(sendbuf));
	int flags = MSG_NOSIGNAL | (rnd(w, 3) ? 0 : MSG_DONTWAIT);

	if (v == -1)
		return;
	begin(w, "%s fd %d len %zu%s", slot_meta(v) & META_INET ? "inet" : "mytcp",
	      slot_fd(v), len, flags & MSG_DONTWAIT ? " DONTWAIT" : "");
	account(w, OP_SEND, send(slot_fd(v), sendbuf, len, flags), w->what);
}

static const int recv_flags[] = {
	0, MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, MSG_PEEK | MSG_WAITALL,
	MSG_PEEK | MSG_DONTWAIT, MSG_WAITALL | MSG_DONTWAIT,
	MSG_PEEK | MSG_WAITALL | MSG_DONTWAIT,
};

static void flags_str(int f, char *s, size_t n)
{
	snprintf(s, n, "%s%s%s%s", f ? "" : "0", f & MSG_PEEK ? "PEEK|" : "",
		 f & MSG_WAITALL ? "WAITALL|" : "", f & MSG_DONTWAIT ? "DONTWAIT|" : "");
	if (f && strlen(s))
		s[strlen(s) - 1] = 0;
}

static void op_recv(struct worker *w)
{
	static __thread char buf[131072];
	long long v = slot_peek(w, 0);
	int f = recv_flags[rnd(w, ARRAY_SIZE(recv_flags))];
	size_t len = rnd(w, 2) ? 1 + rnd(w, 2048) : 1 + rnd(w, sizeof(buf));
	char fs[40];
	int fd;

	if (v == -1)
		return;
	fd = slot_fd(v);
	/* PEEK|WAITALL may wait for more than ever comes: bound it again. */
	if ((f & (MSG_PEEK | MSG_WAITALL)) == (MSG_PEEK | MSG_WAITALL))
		set_timeouts(w, fd);
	flags_str(f, fs, sizeof(fs));
	begin(w, "%s fd %d len %zu %s", slot_meta(v) & META_INET ? "inet" : "mytcp", fd,
	      len, fs);
	account(w, OP_RECV, recv(fd, buf, len, f), w->what);
}

static void op_rcvlowat(struct worker *w)
{
	long long v = slot_peek(w, 0);
	int lowat = rnd(w, 2) ? 1 + rnd(w, 4096) : 1 + rnd(w, 262144);

	if (v == -1)
		return;
	begin(w, "fd %d %d", slot_fd(v), lowat);
	account(w, OP_RCVLOWAT, setsockopt(slot_fd(v), SOL_SOCKET, SO_RCVLOWAT, &lowat,
					   sizeof(lowat)), w->what);
}

/* listen() or connect() on a socket already used (or shut down). */
static void reuse(struct worker *w, int fd)
{
	struct sockaddr_in sa = sin_of(addr, target_port(w));

	if (rnd(w, 2)) {
		begin(w, "listen on fd %d", fd);
		account(w, OP_REUSE, listen(fd, rnd(w, 5)), w->what);
	} else {
		begin(w, "connect fd %d to %d", fd, ntohs(sa.sin_port));
		account(w, OP_REUSE, connect(fd, (struct sockaddr *)&sa, sizeof(sa)), w->what);
	}
}

static void op_shutdown(struct worker *w)
{
	long long v = slot_peek(w, rnd(w, 3) ? 0 : META_LISTEN);
	int how = rnd(w, 3);

	if (v == -1)
		return;
	begin(w, "fd %d how %d%s", slot_fd(v), how,
	      slot_meta(v) & META_LISTEN ? " listener" : "");
	account(w, OP_SHUTDOWN, shutdown(slot_fd(v), how), w->what);
	if (rnd(w, 2))
		reuse(w, slot_fd(v));
}

static void op_reuse(struct worker *w)
{
	long long v = slot_peek(w, 0);

	if (v != -1)
		reuse(w, slot_fd(v));
}

static void op_close(struct worker *w, int linger)
{
	long long v = slot_take(w, 0);
	int secs = rnd(w, 4) ? 0 : 1;

	if (v == -1)
		return;
	if (linger) {
		begin(w, "fd %d SO_LINGER %d", slot_fd(v), secs);
		linger_close(slot_fd(v), secs);
		account(w, OP_LINGER, 0, w->what);
	} else {
		begin(w, "fd %d", slot_fd(v));
		account(w, OP_CLOSE, close(slot_fd(v)), w->what);
	}
}

/*
 * A listener taken out of the table, a burst of connects to it, then the
 * listener closed with children in its accept queue: plainly, after
 * shutdown(SHUT_RD) or SHUT_RDWR, with SO_LINGER 0, or after one accept.
 */
static void op_burst(struct worker *w)
{
	long long v = slot_take(w, META_LISTEN);
	struct sockaddr_in sa;
	socklen_t l = sizeof(sa);
	int fd, i, n = 2 + rnd(w, 7), how = rnd(w, 5), c;

	if (v == -1)
		return;
	fd = slot_fd(v);
	begin(w, "fd %d: %d connects, end %d", fd, n, how);
	if (getsockname(fd, (struct sockaddr *)&sa, &l)) {
		account(w, OP_BURST, -1, w->what);
		close(fd);
		return;
	}
	sa.sin_addr = addr;
	for (i = 0; i < n; i++) {
		int inet = rnd(w, 2);

		c = new_socket(w, inet);
		if (c < 0)
			break;
		fcntl(c, F_SETFL, O_NONBLOCK);
		connect(c, (struct sockaddr *)&sa, sizeof(sa));
		slot_put(w, c, inet ? META_INET : 0);
	}
	/* Time for the handshakes: the children reach the accept queue. */
	poll(NULL, 0, 50 + rnd(w, 200));
	switch (how) {
	case 0:
		close(fd);
		break;
	case 1:
	case 2:
		shutdown(fd, how == 1 ? SHUT_RD : SHUT_RDWR);
		if (rnd(w, 2))
			poll(NULL, 0, rnd(w, 50));
		close(fd);
		break;
	case 3:
		linger_close(fd, 0);
		break;
	default:
		c = accept4(fd, NULL, NULL, SOCK_NONBLOCK);
		if (c >= 0)
			slot_put(w, c, is_inet(c) ? META_INET : 0);
		close(fd);
	}
	account(w, OP_BURST, 0, w->what);
}

static void op_poll(struct worker *w)
{
	long long v = slot_peek(w, 0);
	struct pollfd p;

	if (v == -1)
		return;
	p = (struct pollfd){ .fd = slot_fd(v), .events = POLLIN | POLLOUT | POLLRDHUP };
	begin(w, "fd %d", p.fd);
	account(w, OP_POLL, poll(&p, 1, rnd(w, 300)), w->what);
}

static void op_opts(struct worker *w)
{
	long long v = slot_peek(w, 0);
	int fd, val, k = rnd(w, 9);
	struct tcp_info ti;
	struct sockaddr_in sa;
	socklen_t l;
	long long r = 0;

	if (v == -1)
		return;
	fd = slot_fd(v);
	begin(w, "fd %d kind %d", fd, k);
	switch (k) {
	case 0:
		val = rnd(w, 2);
		r = setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &val, sizeof(val));
		break;
	case 1:
		val = 4096 + rnd(w, 512 * 1024);
		r = setsockopt(fd, SOL_SOCKET, rnd(w, 2) ? SO_RCVBUF : SO_SNDBUF, &val,
			       sizeof(val));
		break;
	case 2:
		val = 1;
		r = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &val, sizeof(val));
		if (!r)
			r = setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &val, sizeof(val));
		if (!r)
			r = setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &val, sizeof(val));
		break;
	case 3:
		l = sizeof(ti);
		r = getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &l);
		break;
	case 4:
		l = sizeof(val);
		r = getsockopt(fd, SOL_SOCKET, SO_ERROR, &val, &l);
		break;
	case 5:
		l = sizeof(sa);
		r = rnd(w, 2) ? getsockname(fd, (struct sockaddr *)&sa, &l) :
				getpeername(fd, (struct sockaddr *)&sa, &l);
		break;
	case 6:
		val = fcntl(fd, F_GETFL);
		if (val >= 0)
			r = fcntl(fd, F_SETFL, val ^ O_NONBLOCK);
		break;
	case 7:
		set_timeouts(w, fd);
		break;
	default:
		val = rnd(w, 2);
		r = setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &val, sizeof(val));
	}
	account(w, OP_OPTS, r, w->what);
}

/* ---- raw segments ---- */

/* Send one IPv4 TCP segment (20-byte header, @dlen bytes of data). */
static long long raw_send(struct in_addr src, struct in_addr dst, int sport, int dport,
			  unsigned int seq, unsigned int ack, int flags, int dlen)
{
	unsigned char pkt[20 + 20 + 64], ph[12], *th = pkt + 20;
	struct sockaddr_in to = sin_of(dst, 0);
	unsigned int tlen = 20 + dlen, csum;

	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 0x45;
	pkt[2] = (20 + tlen) >> 8;
	pkt[3] = (20 + tlen) & 0xff;
	pkt[8] = 64;
	pkt[9] = IPPROTO_TCP;
	memcpy(pkt + 12, &src, 4);
	memcpy(pkt + 16, &dst, 4);
	th[0] = sport >> 8;
	th[1] = sport & 0xff;
	th[2] = dport >> 8;
	th[3] = dport & 0xff;
	seq = htonl(seq);
	ack = htonl(ack);
	memcpy(th + 4, &seq, 4);
	memcpy(th + 8, &ack, 4);
	th[12] = 5 << 4;
	th[13] = flags;
	th[14] = 0xff;
	th[15] = 0xff;
	memset(th + 20, 'r', dlen);
	memcpy(ph, &src, 4);
	memcpy(ph + 4, &dst, 4);
	ph[9] = IPPROTO_TCP;
	ph[10] = tlen >> 8;
	ph[11] = tlen & 0xff;
	csum = ~sum16(th, tlen, sum16(ph, 12, 0)) & 0xffff;
	th[16] = csum >> 8;
	th[17] = csum & 0xff;
	return sendto(rawfd, pkt, 20 + tlen, 0, (struct sockaddr *)&to, sizeof(to));
}

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10

/*
 * A segment seen on the wire, answered with an exact RST, an in-window
 * (not exact) RST or a SYN from its receiver's peer: RFC 5961's cases on
 * a live connection. Stale segments (the connection gone) are drained
 * first; what they would hit is gone anyway.
 */
static long long inject_seen(struct worker *w)
{
	unsigned char p[256];
	int i, k = rnd(w, 3);
	ssize_t n;

	for (i = 0; i < 256; i++)
		if (recv(pktfd, p, sizeof(p), MSG_DONTWAIT) < 0)
			break;
	for (i = 0; i < 20; i++) {
		struct in_addr s, d;
		unsigned int seq, ack;
		unsigned int ihl, sport, dport;

		n = recv(pktfd, p, sizeof(p), 0);
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		ihl = (p[0] & 15) * 4;
		if (n < 40 || p[9] != IPPROTO_TCP || n < ihl + 20)
			continue;
		if (!(p[ihl + 13] & TH_ACK) || (p[ihl + 13] & TH_RST))
			continue;
		memcpy(&s, p + 12, 4);
		memcpy(&d, p + 16, 4);
		sport = p[ihl] << 8 | p[ihl + 1];
		dport = p[ihl + 2] << 8 | p[ihl + 3];
		memcpy(&seq, p + ihl + 4, 4);
		memcpy(&ack, p + ihl + 8, 4);
		ack = ntohl(ack);
		/* To the segment's sender, from its peer: its RCV.NXT is ack. */
		switch (k) {
		case 0:
			return raw_send(d, s, dport, sport, ack, 0, TH_RST, 0);
		case 1:
			return raw_send(d, s, dport, sport, ack + 1 + rnd(w, 1000), 0,
					TH_RST, 0);
		default:
			return raw_send(d, s, dport, sport, ack + rnd(w, 1000), 0, TH_SYN, 0);
		}
	}
	return 0;
}

static void op_inject(struct worker *w)
{
	long long v, r = 0;
	int k = rnd(w, 4);
	struct sockaddr_in la, pa;
	socklen_t l = sizeof(la);

	if (rawfd < 0)
		return;
	begin(w, "kind %d", k);
	switch (k) {
	case 0:
		/* A SYN from a port nothing uses: the SYN-ACK meets a RST. */
		r = raw_send(addr, addr, 1024 + rnd(w, 8000), base_port + rnd(w, 16),
			     (unsigned int)rnd64(w), 0, TH_SYN, 0);
		break;
	case 1:
	case 2:
		/* Blind RST or data at a live connection of the table. */
		v = slot_peek(w, 0);
		if (v == -1 || getsockname(slot_fd(v), (struct sockaddr *)&la, &l))
			break;
		l = sizeof(pa);
		if (getpeername(slot_fd(v), (struct sockaddr *)&pa, &l))
			break;
		r = raw_send(pa.sin_addr, la.sin_addr, ntohs(pa.sin_port), ntohs(la.sin_port),
			     (unsigned int)rnd64(w), (unsigned int)rnd64(w),
			     k == 1 ? TH_RST : TH_ACK | TH_PSH, k == 1 ? 0 : 16);
		break;
	default:
		if (pktfd >= 0)
			r = inject_seen(w);
	}
	account(w, OP_INJECT, r, w->what);
}

/* ---- sysctls ---- */

static int sysctl_write(const char *name, const char *val)
{
	char path[128];
	int fd, r;

	snprintf(path, sizeof(path), SYSCTL_DIR "%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = write(fd, val, strlen(val)) < 0 ? -1 : 0;
	close(fd);
	return r;
}

static void sysctl_save(void)
{
	char path[128];
	size_t i;
	FILE *f;

	for (i = 0; i < NTUNABLES; i++) {
		snprintf(path, sizeof(path), SYSCTL_DIR "%s", tunables[i].name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(tunables[i].saved, sizeof(tunables[i].saved), f))
			tunables[i].have = 1;
		fclose(f);
	}
}

static void sysctl_restore(void)
{
	size_t i;

	for (i = 0; i < NTUNABLES; i++)
		if (tunables[i].have && sysctl_write(tunables[i].name, tunables[i].saved))
			printf("mytcp-stress: could not restore %s: %s\n", tunables[i].name,
			       strerror(errno));
}

static void op_sysctl(struct worker *w)
{
	struct tunable *t = &tunables[rnd(w, NTUNABLES)];
	char val[32];

	if (!t->have)
		return;
	if (!strcmp(t->name, "congestion_control"))
		snprintf(val, sizeof(val), "%s", rnd(w, 2) ? "cubic" : "reno");
	else
		snprintf(val, sizeof(val), "%u", t->lo + rnd(w, t->hi - t->lo + 1));
	begin(w, "%s=%s", t->name, val);
	account(w, OP_SYSCTL, sysctl_write(t->name, val), w->what);
}

/* ---- threads ---- */

static void op_connect_b(struct worker *w)
{
	op_connect(w, 0);
}

static void op_connect_nb(struct worker *w)
{
	op_connect(w, 1);
}

static void op_close_plain(struct worker *w)
{
	op_close(w, 0);
}

static void op_close_linger(struct worker *w)
{
	op_close(w, 1);
}

static void (*const op_fn[NOPS])(struct worker *w) = {
	[OP_LISTEN] = op_listen, [OP_CONNECT] = op_connect_b,
	[OP_CONNECT_NB] = op_connect_nb, [OP_ACCEPT] = op_accept,
	[OP_SEND] = op_send, [OP_RECV] = op_recv, [OP_RCVLOWAT] = op_rcvlowat,
	[OP_SHUTDOWN] = op_shutdown, [OP_REUSE] = op_reuse,
	[OP_CLOSE] = op_close_plain, [OP_LINGER] = op_close_linger,
	[OP_BURST] = op_burst, [OP_POLL] = op_poll, [OP_OPTS] = op_opts,
	[OP_INJECT] = op_inject, [OP_SYSCTL] = op_sysctl,
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned int total = 0, r, i;

	w->tid = syscall(SYS_gettid);
	pthread_getcpuclockid(pthread_self(), &w->cpuclock);
	for (i = 0; i < NOPS; i++)
		total += op_weight[i];
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		r = rnd(w, total);
		for (i = 0; r >= op_weight[i]; i++)
			r -= op_weight[i];
		begin(w, "%s", op_name[i]);
		__atomic_store_n(&w->op, (int)i, __ATOMIC_RELEASE);
		op_fn[i](w);
		__atomic_store_n(&w->op, -1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static void show_file(const char *what, const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("mytcp-stress:   %s: %s%s", what, line,
		       line[strlen(line) - 1] == '\n' ? "" : "\n");
	fclose(f);
}

/* A worker in the same call for too long: say where it is. */
static int check_stuck(long long limit, int report)
{
	long long t = now_ms();
	int i, stuck = 0;

	for (i = 0; i < nthreads; i++) {
		struct worker *w = &workers[i];
		int op = __atomic_load_n(&w->op, __ATOMIC_ACQUIRE);
		long long since = t - __atomic_load_n(&w->op_start, __ATOMIC_ACQUIRE);
		char path[96];

		if (op < 0 || since < limit)
			continue;
		stuck++;
		if (!report || w->reported == w->op_start)
			continue;
		w->reported = w->op_start;
		anomaly(w, "still in %s %s after %lld ms, %lld ms of CPU (tid %d)",
			op_name[op], w->what, since,
			(cpu_ns(w->cpuclock) - w->op_cpu) / 1000000, w->tid);
		snprintf(path, sizeof(path), "/proc/self/task/%d/wchan", w->tid);
		show_file("wchan", path);
		snprintf(path, sizeof(path), "/proc/self/task/%d/stack", w->tid);
		show_file("stack", path);
	}
	return stuck;
}

static int print_usage(void)
{
	fprintf(stderr, "usage: mytcp-stress [-t SECS] [-s SEED] [-j THREADS] [-a ADDR]\n"
			"                    [-p PORT]\n");
	return 2;
}

static void print_summary(unsigned long long seed, int secs)
{
	unsigned long calls = 0, errs = 0;
	char line[2048];
	int o, e, n;

	for (o = 0; o < NOPS; o++) {
		n = snprintf(line, sizeof(line), "op %s: %lu calls, %lu ok", op_name[o],
			     counts[o][NERR], counts[o][0]);
		calls += counts[o][NERR];
		for (e = 1; e <= NERR + 1; e++) {
			const char *name = e <= NERR ? strerrorname_np(e) : "other";

			if (!counts[o][e] || e == NERR)
				continue;
			errs += counts[o][e];
			n += snprintf(line + n, sizeof(line) - n, ", %s %lu", name ?: "?",
				      counts[o][e]);
			if (n >= (int)sizeof(line))
				break;
		}
		printf("mytcp-stress: %s\n", line);
	}
	printf("mytcp-stress: summary seed=%llu secs=%d threads=%d calls=%lu errors=%lu",
	       seed, secs, nthreads, calls, errs);
	printf(" anomalies=%d\n", anomalies);
}

int main(int argc, char **argv)
{
	unsigned long long seed = (unsigned long long)time(NULL) ^
				  (unsigned long long)getpid() << 16;
	int secs = 60, opt, i, fd, stuck, one = 1;
	long long end, t;

	while ((opt = getopt(argc, argv, "t:s:j:a:p:")) != -1) {
		switch (opt) {
		case 't':
			secs = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'j':
			nthreads = atoi(optarg);
			break;
		case 'a':
			if (inet_pton(AF_INET, optarg, &addr) != 1)
				return print_usage();
			break;
		case 'p':
			base_port = atoi(optarg);
			break;
		default:
			return print_usage();
		}
	}
	if (optind != argc || secs < 1 || nthreads < 1 || nthreads > MAX_THREADS ||
	    base_port < 1024 || base_port > 65000)
		return print_usage();
	if (!addr.s_addr)
		addr.s_addr = htonl(INADDR_LOOPBACK);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("mytcp-stress: seed %llu\n", seed);
	printf("mytcp-stress: %d threads for %d s against %s, ports %d-%d\n", nthreads, secs,
	       inet_ntoa(addr), base_port, base_port + 19);
	signal(SIGPIPE, SIG_IGN);

	fd = socket(AF_MYTCP, SOCK_STREAM, 0);
	if (fd < 0) {
		fprintf(stderr, "mytcp-stress: socket(AF_MYTCP): %s\n", strerror(errno));
		return 2;
	}
	close(fd);
	/* Helpers far above the table's descriptors: never picked by mistake. */
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd >= 0 && !setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)))
		rawfd = fcntl(fd, F_DUPFD_CLOEXEC, HIGH_FD);
	else
		printf("mytcp-stress: no raw socket (%s): no injection\n", strerror(errno));
	if (fd >= 0)
		close(fd);
	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (fd >= 0) {
		struct timeval tv = { 0, 100000 };
		int sz = 65536;

		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
		pktfd = fcntl(fd, F_DUPFD_CLOEXEC, HIGH_FD + 1);
		close(fd);
	}
	sysctl_save();
	for (i = 0; i < (int)sizeof(sendbuf); i++)
		sendbuf[i] = 'a' + i % 26;
	for (i = 0; i < NSLOTS; i++)
		slots[i] = -1;

	for (i = 0; i < nthreads; i++) {
		workers[i].idx = i;
		workers[i].op = -1;
		workers[i].rng = (seed + 1) * 0x9e3779b97f4a7c15ULL + i * 0xbf58476d1ce4e5b9ULL;
		if (!workers[i].rng)
			workers[i].rng = 1;
		if (pthread_create(&workers[i].th, NULL, worker_main, &workers[i])) {
			fprintf(stderr, "mytcp-stress: pthread_create failed\n");
			return 2;
		}
	}
	end = now_ms() + secs * 1000LL;
	while ((t = now_ms()) < end) {
		poll(NULL, 0, 200);
		check_stuck(STUCK_MS, 1);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	/* The workers' calls are bounded: they come back within seconds. */
	end = now_ms() + GRACE_MS;
	while ((stuck = check_stuck(0, 0)) && now_ms() < end)
		poll(NULL, 0, 100);
	if (stuck) {
		check_stuck(0, 1);
		printf("mytcp-stress: %d worker(s) still in a system call %d s after the end\n",
		       stuck, GRACE_MS / 1000);
	} else {
		for (i = 0; i < nthreads; i++)
			pthread_join(workers[i].th, NULL);
	}
	for (i = 0; i < NSLOTS; i++)
		if (slots[i] != -1)
			close(slot_fd(slots[i]));
	sysctl_restore();
	print_summary(seed, secs);
	if (stuck) {
		fflush(stdout);
		_exit(3);
	}
	return anomalies ? 1 : 0;
}
