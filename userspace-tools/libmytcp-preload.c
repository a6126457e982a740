// SPDX-License-Identifier: GPL-2.0
/*
 * libmytcp-preload.so: run unmodified programs over mytcp (LD_PRELOAD).
 *
 * socket(AF_INET, SOCK_STREAM, 0 or IPPROTO_TCP), with or without
 * SOCK_NONBLOCK/SOCK_CLOEXEC, creates an AF_MYTCP socket instead. mytcp takes
 * struct sockaddr_in as it is and answers with sin_family AF_INET, so the
 * program sees no difference in its addresses. Every other socket (AF_UNIX,
 * UDP, AF_INET6, AF_NETLINK, ...) is created as the program asked.
 *
 * If socket(AF_MYTCP) fails (module not loaded: EAFNOSUPPORT), socket()
 * fails with that errno; nothing falls back to Linux TCP unless the
 * environment says MYTCP_FALLBACK=1. MYTCP_DEBUG=1 logs each decision to
 * stderr.
 *
 * getsockopt(SOL_SOCKET, SO_DOMAIN) of a mytcp socket answers AF_INET, the
 * family the program asked for (the kernel would say AF_MYTCP). Errors of
 * every call, unknown socket options included, reach the program unchanged;
 * with MYTCP_DEBUG=1, failed getsockopt()/setsockopt() calls are logged, to
 * see which options a program misses.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "uapi/mytcp.h"

typedef int (*socket_fn)(int, int, int);
typedef int (*getsockopt_fn)(int, int, int, void *, socklen_t *);
typedef int (*setsockopt_fn)(int, int, int, const void *, socklen_t);

static socket_fn real_socket;
static getsockopt_fn real_getsockopt;
static setsockopt_fn real_setsockopt;
static int opt_debug;
static int opt_fallback;

/* An environment variable set to "1". */
static int env_on(const char *name)
{
	const char *v = getenv(name);

	return v && !strcmp(v, "1");
}

/*
 * A line on stderr with write(2): no stdio state touched in the program;
 * errno is kept for the caller to return.
 */
static void debug(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	ssize_t ret;
	int n, saved = errno;

	if (!opt_debug)
		return;
	n = snprintf(buf, sizeof(buf), "mytcp-preload[%d]: ", (int)getpid());
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	/* A failed write has nowhere to be reported. */
	ret = write(STDERR_FILENO, buf, n);
	(void)ret;
	errno = saved;
}

/* The libc functions we wrap; also called if another constructor is first. */
static void resolve(void)
{
	if (!real_socket)
		real_socket = (socket_fn)dlsym(RTLD_NEXT, "socket");
	if (!real_getsockopt)
		real_getsockopt = (getsockopt_fn)dlsym(RTLD_NEXT, "getsockopt");
	if (!real_setsockopt)
		real_setsockopt = (setsockopt_fn)dlsym(RTLD_NEXT, "setsockopt");
}

__attribute__((constructor)) static void mytcp_preload_init(void)
{
	opt_debug = env_on("MYTCP_DEBUG");
	opt_fallback = env_on("MYTCP_FALLBACK");
	resolve();
	debug("loaded%s", opt_fallback ? " (MYTCP_FALLBACK=1)" : "");
}

static int call_socket(int domain, int type, int protocol)
{
	resolve();
	if (real_socket)
		return real_socket(domain, type, protocol);
	return syscall(SYS_socket, domain, type, protocol);
}

/* A socket Linux TCP would make: what mytcp takes over. */
static int is_inet_tcp(int domain, int type, int protocol)
{
	return domain == AF_INET &&
	       (type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) == SOCK_STREAM &&
	       (protocol == 0 || protocol == IPPROTO_TCP);
}

/* socket() for what is_inet_tcp() took: AF_MYTCP, or the fallback. */
static int mytcp_socket(int domain, int type, int protocol)
{
	int fd, err;

	fd = call_socket(AF_MYTCP, type, protocol);
	if (fd >= 0) {
		debug("socket(AF_INET, SOCK_STREAM, %d) -> AF_MYTCP fd %d",
		      protocol, fd);
		return fd;
	}
	err = errno;
	if (!opt_fallback) {
		debug("socket(AF_MYTCP) failed: %s; no fallback (MYTCP_FALLBACK=1 allows it)",
		      strerror(err));
		errno = err;
		return -1;
	}
	fd = call_socket(domain, type, protocol);
	debug("socket(AF_MYTCP) failed: %s; fell back to Linux TCP: fd %d",
	      strerror(err), fd);
	return fd;
}

int socket(int domain, int type, int protocol)
{
	int fd;

	if (!is_inet_tcp(domain, type, protocol)) {
		fd = call_socket(domain, type, protocol);
		debug("family %d type %#x protocol %d: not TCP over IPv4, passed through: fd %d",
		      domain, type, protocol, fd);
		return fd;
	}

	return mytcp_socket(domain, type, protocol);
}

int getsockopt(int fd, int level, int optname, void *optval,
	       socklen_t *optlen)
{
	int ret;

	resolve();
	if (real_getsockopt)
		ret = real_getsockopt(fd, level, optname, optval, optlen);
	else
		ret = syscall(SYS_getsockopt, fd, level, optname, optval, optlen);
	if (ret < 0)
		debug("%s(fd %d, level %d, option %d) failed: %s", __func__,
		      fd, level, optname, strerror(errno));
	if (ret == 0 && level == SOL_SOCKET && optname == SO_DOMAIN &&
	    optval && optlen && *optlen >= sizeof(int) &&
	    *(int *)optval == AF_MYTCP)
		*(int *)optval = AF_INET;
	return ret;
}

int setsockopt(int fd, int level, int optname, const void *optval,
	       socklen_t optlen)
{
	int ret;

	resolve();
	if (real_setsockopt)
		ret = real_setsockopt(fd, level, optname, optval, optlen);
	else
		ret = syscall(SYS_setsockopt, fd, level, optname, optval, optlen);
	if (ret < 0)
		debug("%s(fd %d, level %d, option %d) failed: %s", __func__,
		      fd, level, optname, strerror(errno));
	return ret;
}
