// SPDX-License-Identifier: GPL-2.0
/*
 * mytcpstat: mytcp's counters (in the manner of iproute2's nstat) and its
 * sockets (in the manner of ss), from /proc/mytcp. See print_usage() and
 * README.md for the flags, the history file and the JSON formats.
 *
 * Counters: by default the increments since the last run, kept in a history
 * file (MYTCPSTAT_HISTORY, else /tmp/.mytcpstat.u<uid>) written by each run
 * via a temporary file and rename(2). CurrEstab, a gauge, always shows its
 * current value; a counter that went down (module reloaded) counts from 0.
 *
 * Exit codes: 0 ok; 1 usage error; 2 a file cannot be read (module not
 * loaded) or the history cannot be written; 3 a /proc file is malformed.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uapi/mytcp.h"

#define PROC_CONNS	MYTCP_PROC_DIR "/connections"
#define CONNS_HEADER	"local remote state sendq recvq srtt_us rttvar_us rto_us cwnd ssthresh retrans timer refs cc\n"
#define HIST_MAGIC	"#mytcpstat-history netns="
#define NAME_LEN	64
#define MAX_COUNTERS	512
#define MAX_INTERVAL	86400
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum { EX_OK, EX_USAGE, EX_READ, EX_MALFORMED };

struct counters {
	int n;
	char name[MAX_COUNTERS][NAME_LEN];
	unsigned long long val[MAX_COUNTERS];
};

/* The numeric columns of /proc/mytcp/connections, in order after state. */
static const char *const conn_cols[] = {
	"sendq", "recvq", "srtt_us", "rttvar_us", "rto_us", "cwnd", "ssthresh",
	"retrans",
};

#define NCOLS	ARRAY_SIZE(conn_cols)

/* Their widths in the table. */
static const int col_width[NCOLS] = { 6, 6, 8, 9, 8, 6, 10, 7 };

struct conn {
	char laddr[INET_ADDRSTRLEN], raddr[INET_ADDRSTRLEN];
	unsigned long long lport, rport;
	int state;			/* index in states[], -1 for "?" */
	unsigned long long v[NCOLS];
	char timer[16];
	long long refs;
	char cc[16];			/* congestion control */
};

/* TCP states: the /proc spelling and the ss one (shown by -c). */
static const struct {
	const char *proc, *ss;
} states[] = {
	{ "ESTABLISHED", "ESTAB" }, { "SYN_SENT", "SYN-SENT" },
	{ "SYN_RECV", "SYN-RECV" }, { "FIN_WAIT1", "FIN-WAIT-1" },
	{ "FIN_WAIT2", "FIN-WAIT-2" }, { "TIME_WAIT", "TIME-WAIT" },
	{ "CLOSE", "UNCONN" }, { "CLOSE_WAIT", "CLOSE-WAIT" },
	{ "LAST_ACK", "LAST-ACK" }, { "LISTEN", "LISTEN" },
	{ "CLOSING", "CLOSING" },
};

#define NSTATES	((int)ARRAY_SIZE(states))

static struct {
	int zeros, json, absolute, nooutput, reset, noupdate, conns;
	unsigned long long interval, count, sport, dport, port;
	int have_sport, have_dport, have_port;
	unsigned int state_mask;
	const char *stats_path, *conns_path;
	char **patterns;
	int npatterns;
} opt = {
	.stats_path = MYTCP_PROC_STATS,
	.conns_path = PROC_CONNS,
};

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: mytcpstat [OPTIONS] [PATTERN...]   counters (deltas since the last run)\n"
		"       mytcpstat -c [-j] [--state NAME] [--port N] [--sport N] [--dport N]\n"
		"Counters (PATTERNs are shell globs on counter names):\n"
		"  -a, --ignore-history  absolute values (the history is still updated)\n"
		"  -n, --nooutput        update the history only\n"
		"  -r, --reset           drop the history first (show absolute values)\n"
		"  -s, --noupdate        do not update the history\n"
		"  -z, --zeros           also show counters (or deltas) that are zero\n"
		"  -j, --json            JSON: {\"mytcp\": {\"Name\": value, ...}}\n"
		"  -i, --interval SECS   every SECS seconds, print that interval's deltas\n"
		"      --count N         with -i: stop after N intervals\n"
		"  -f, --file FILE       read FILE instead of " MYTCP_PROC_STATS "\n"
		"  history: $MYTCPSTAT_HISTORY, else /tmp/.mytcpstat.u<uid>\n"
		"Sockets:\n"
		"  -c, --connections     list mytcp sockets (-j: a JSON array)\n"
		"      --state NAME      only this state (repeatable): established,\n"
		"                        listen, time-wait, ... or ESTABLISHED, TIME_WAIT,\n"
		"                        ... as in /proc; 'all' for every state\n"
		"      --port N          local or remote port N\n"
		"      --sport N         local port N\n"
		"      --dport N         remote port N\n"
		"      --conn-file FILE  read FILE instead of " PROC_CONNS "\n"
		"  -h, --help            this text\n"
		"  -V, --version         the version\n"
		"Exit codes: 0 ok; 1 usage error; 2 a file cannot be read (is the\n"
		"mytcp module loaded?) or the history cannot be written; 3 a /proc\n"
		"file is malformed.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "mytcpstat: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'mytcpstat --help'.\n");
	return EX_USAGE;
}

/* A decimal number of at most @max, nothing else; 0 or -1. */
static int parse_num(const char *s, unsigned long long max,
		     unsigned long long *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end || *out > max ? -1 : 0;
}

static int cannot_read(const char *path)
{
	int err = errno;

	fprintf(stderr, "mytcpstat: cannot read %s: %s\n", path, strerror(err));
	if (err == ENOENT)
		fprintf(stderr,
			"mytcpstat: is the mytcp module loaded? (insmod mytcp.ko)\n");
	return EX_READ;
}

static int bad_line(const char *path, int lineno, const char *why)
{
	fprintf(stderr, "mytcpstat: %s:%d: malformed line (%s)\n", path, lineno,
		why);
	return EX_MALFORMED;
}

static int counter_index(const struct counters *c, const char *name)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name))
			return i;
	return -1;
}

/*
 * Read "Name value" lines from @f into @c; @lineno counts lines already
 * read. Return NULL, or why the line *@lineno is malformed.
 */
static const char *parse_counters(FILE *f, struct counters *c, int *lineno)
{
	char line[256], *sp, *p;
	unsigned long long v;

	c->n = 0;
	while (fgets(line, sizeof(line), f)) {
		++*lineno;
		p = strchr(line, '\n');
		if (!p)
			return "too long or unterminated";
		*p = '\0';
		sp = strchr(line, ' ');
		if (!sp || sp == line || sp - line >= NAME_LEN)
			return "not 'Name value'";
		*sp = '\0';
		for (p = line; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '_')
				return "bad counter name";
		if (parse_num(sp + 1, ULLONG_MAX, &v))
			return "bad value";
		if (counter_index(c, line) >= 0)
			return "counter repeated";
		if (c->n == MAX_COUNTERS)
			return "too many counters";
		memcpy(c->name[c->n], line, sp - line + 1);
		c->val[c->n++] = v;
	}
	return NULL;
}

static int read_stats(struct counters *c)
{
	const char *why;
	int lineno = 0;
	FILE *f;

	f = fopen(opt.stats_path, "r");
	if (!f)
		return cannot_read(opt.stats_path);
	why = parse_counters(f, c, &lineno);
	fclose(f);
	if (why)
		return bad_line(opt.stats_path, lineno, why);
	if (!c->n) {
		fprintf(stderr, "mytcpstat: %s is empty\n", opt.stats_path);
		return EX_MALFORMED;
	}
	return EX_OK;
}

/* The network namespace /proc/mytcp shows: a history is for one only. */
static unsigned long long netns_id(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) ? 0 : st.st_ino;
}

static void history_path(char *buf, size_t len)
{
	const char *env = getenv("MYTCPSTAT_HISTORY");

	if (env && *env)
		snprintf(buf, len, "%s", env);
	else
		snprintf(buf, len, "/tmp/.mytcpstat.u%u", (unsigned int)getuid());
}

/*
 * Load the history into @h; 0 if there is one for this namespace, -1 if
 * none (absent, another namespace's, or corrupt: warned and ignored).
 */
static int read_history(const char *path, struct counters *h)
{
	unsigned long long ns = 0;
	char line[128], *end;
	const char *why;
	int fd, lineno = 1;
	struct stat st;
	FILE *f;

	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		if (errno != ENOENT)
			fprintf(stderr, "mytcpstat: warning: history %s ignored: %s\n",
				path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != getuid()) {
		fprintf(stderr,
			"mytcpstat: warning: history %s ignored: not a regular file of ours\n",
			path);
		close(fd);
		return -1;
	}
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -1;
	}
	why = "no header";
	if (fgets(line, sizeof(line), f) &&
	    !strncmp(line, HIST_MAGIC, strlen(HIST_MAGIC))) {
		errno = 0;
		ns = strtoull(line + strlen(HIST_MAGIC), &end, 10);
		why = errno || *end != '\n' ? "bad header" :
			parse_counters(f, h, &lineno);
	}
	fclose(f);
	if (why) {
		fprintf(stderr,
			"mytcpstat: warning: corrupt history %s ignored (line %d: %s)\n",
			path, lineno, why);
		return -1;
	}
	return ns == netns_id() ? 0 : -1;
}

static int write_history(const char *path, const struct counters *c)
{
	char tmp[PATH_MAX + 8];
	int fd, i, err;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail;
	f = fdopen(fd, "w");
	if (!f)
		goto fail_unlink;
	fprintf(f, HIST_MAGIC "%llu\n", netns_id());
	for (i = 0; i < c->n; i++)
		fprintf(f, "%s %llu\n", c->name[i], c->val[i]);
	if (fclose(f))
		goto fail_unlink;
	if (rename(tmp, path))
		goto fail_unlink;
	return EX_OK;
fail_unlink:
	err = errno;
	unlink(tmp);
	errno = err;
fail:
	fprintf(stderr, "mytcpstat: cannot write history %s: %s\n", path,
		strerror(errno));
	return EX_READ;
}

static int is_gauge(const char *name)
{
	return !strcmp(name, "CurrEstab");
}

static int shown(const char *name, unsigned long long v)
{
	int i;

	if (!v && !opt.zeros)
		return 0;
	if (!opt.npatterns)
		return 1;
	for (i = 0; i < opt.npatterns; i++)
		if (!fnmatch(opt.patterns[i], name, 0))
			return 1;
	return 0;
}

/* Print @cur, less @old where @old has the counter (NULL: absolute). */
static void print_counters(const struct counters *cur,
			   const struct counters *old, const char *what)
{
	unsigned long long v;
	int i, j, first = 1;

	if (opt.json)
		printf("{\"mytcp\": {");
	else
		printf("#mytcp counters (%s), %s\n", opt.stats_path, what);
	for (i = 0; i < cur->n; i++) {
		v = cur->val[i];
		j = old ? counter_index(old, cur->name[i]) : -1;
		if (j >= 0 && !is_gauge(cur->name[i]) && old->val[j] <= v)
			v -= old->val[j];
		if (!shown(cur->name[i], v))
			continue;
		if (opt.json)
			printf("%s\"%s\": %llu", first ? "" : ", ",
			       cur->name[i], v);
		else
			printf("%-32s %20llu\n", cur->name[i], v);
		first = 0;
	}
	if (opt.json)
		printf("}}\n");
	fflush(stdout);
}

static int run_interval(void)
{
	static struct counters a, b;
	struct counters *prev = &a, *cur = &b, *t;
	struct timespec ts = { .tv_sec = opt.interval };
	unsigned long long i;
	char what[64];
	sigset_t sigs;
	int ret;

	/* SIGINT or SIGTERM during a wait ends the run cleanly (exit 0). */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	ret = read_stats(prev);
	if (ret)
		return ret;
	snprintf(what, sizeof(what), "%s over %llu s",
		 opt.absolute ? "absolute values" : "deltas", opt.interval);
	for (i = 0; !opt.count || i < opt.count; i++) {
		if (sigtimedwait(&sigs, NULL, &ts) >= 0)
			break;
		ret = read_stats(cur);
		if (ret)
			return ret;
		print_counters(cur, opt.absolute ? NULL : prev, what);
		t = prev;
		prev = cur;
		cur = t;
	}
	return EX_OK;
}

static int run_counters(void)
{
	static struct counters cur, hist;
	char path[PATH_MAX];
	int ret, have_hist = 0;

	history_path(path, sizeof(path));
	ret = read_stats(&cur);
	if (ret)
		return ret;
	if (opt.reset && unlink(path) && errno != ENOENT)
		fprintf(stderr, "mytcpstat: warning: cannot remove %s: %s\n",
			path, strerror(errno));
	if (!opt.reset && !opt.absolute && !opt.nooutput)
		have_hist = !read_history(path, &hist);
	if (!opt.nooutput)
		print_counters(&cur, have_hist ? &hist : NULL,
			       have_hist ? "deltas since the last run" :
			       "absolute values");
	return opt.noupdate ? EX_OK : write_history(path, &cur);
}

/* Lower-case @s without '-' and '_', so "TIME_WAIT" is "time-wait". */
static void squash(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s && n + 1 < len; s++)
		if (*s != '-' && *s != '_')
			out[n++] = tolower((unsigned char)*s);
	out[n] = '\0';
}

/* The bits of state filter @name, 0 if unknown. */
static unsigned int state_bits(const char *name)
{
	char want[32], a[32], b[32];
	int i;

	squash(name, want, sizeof(want));
	if (!strcmp(want, "all"))
		return (1u << NSTATES) - 1;
	if (!strcmp(want, "closed"))
		want[5] = '\0';
	for (i = 0; i < NSTATES; i++) {
		squash(states[i].proc, a, sizeof(a));
		squash(states[i].ss, b, sizeof(b));
		if (!strcmp(want, a) || !strcmp(want, b))
			return 1u << i;
	}
	return 0;
}

/* Split "a.b.c.d:port" into @addr and @port; 0 or -1. */
static int parse_endpoint(char *s, char *addr, unsigned long long *port)
{
	struct in_addr in;
	char *colon = strrchr(s, ':');

	if (!colon)
		return -1;
	*colon = '\0';
	if (inet_pton(AF_INET, s, &in) != 1 || parse_num(colon + 1, 65535, port))
		return -1;
	snprintf(addr, INET_ADDRSTRLEN, "%s", s);
	return 0;
}

static const char *parse_conn(char *line, struct conn *c)
{
	char *tok[6 + NCOLS], *save = NULL, *p;
	unsigned long long refs;
	int n = 0, i;

	p = strchr(line, '\n');
	if (!p)
		return "too long or unterminated";
	*p = '\0';
	for (p = strtok_r(line, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		if (n == 6 + NCOLS)
			return "too many fields";
		tok[n++] = p;
	}
	if (n != 6 + NCOLS)
		return "too few fields";
	if (parse_endpoint(tok[0], c->laddr, &c->lport))
		return "bad local address";
	if (parse_endpoint(tok[1], c->raddr, &c->rport))
		return "bad remote address";
	c->state = -1;
	for (i = 0; i < NSTATES; i++)
		if (!strcmp(tok[2], states[i].proc))
			c->state = i;
	if (c->state < 0 && strcmp(tok[2], "?"))
		return "unknown state";
	for (i = 0; i < (int)NCOLS; i++)
		if (parse_num(tok[3 + i], UINT_MAX, &c->v[i]))
			return "bad number";
	p = tok[3 + NCOLS];
	if (strlen(p) >= sizeof(c->timer) ||
	    strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(p))
		return "bad timer";
	snprintf(c->timer, sizeof(c->timer), "%s", p);
	p = tok[4 + NCOLS];
	if (*p == '-' ? parse_num(p + 1, (unsigned long long)INT_MAX + 1, &refs) :
	    parse_num(p, INT_MAX, &refs))
		return "bad refs";
	c->refs = *p == '-' ? -(long long)refs : (long long)refs;
	p = tok[5 + NCOLS];
	if (strlen(p) >= sizeof(c->cc) ||
	    strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(p))
		return "bad congestion control";
	snprintf(c->cc, sizeof(c->cc), "%s", p);
	return NULL;
}

static int conn_matches(const struct conn *c)
{
	if (opt.state_mask &&
	    (c->state < 0 || !(opt.state_mask & (1u << c->state))))
		return 0;
	if (opt.have_sport && c->lport != opt.sport)
		return 0;
	if (opt.have_dport && c->rport != opt.dport)
		return 0;
	return !opt.have_port || c->lport == opt.port || c->rport == opt.port;
}

static void print_conn(const struct conn *c, int first)
{
	char l[32], r[32];
	unsigned int i;

	if (opt.json) {
		printf("%s{\"local\": \"%s:%llu\", \"remote\": \"%s:%llu\", ",
		       first ? "" : ",\n", c->laddr, c->lport, c->raddr, c->rport);
		printf("\"local_addr\": \"%s\", \"local_port\": %llu, ",
		       c->laddr, c->lport);
		printf("\"remote_addr\": \"%s\", \"remote_port\": %llu, ",
		       c->raddr, c->rport);
		printf("\"state\": \"%s\"",
		       c->state < 0 ? "?" : states[c->state].proc);
		for (i = 0; i < NCOLS; i++)
			printf(", \"%s\": %llu", conn_cols[i], c->v[i]);
		printf(", \"timer\": \"%s\", \"refs\": %lld, \"cc\": \"%s\"}",
		       c->timer, c->refs, c->cc);
		return;
	}
	snprintf(l, sizeof(l), "%s:%llu", c->laddr, c->lport);
	snprintf(r, sizeof(r), "%s:%llu", c->raddr, c->rport);
	printf("%-11s %6llu %6llu %-21s %-21s", c->state < 0 ? "?" :
	       states[c->state].ss, c->v[1], c->v[0], l, r);
	for (i = 2; i < NCOLS; i++)
		printf(" %*llu", col_width[i], c->v[i]);
	printf(" %-8s %4lld %s\n", c->timer, c->refs, c->cc);
}

static int run_connections(void)
{
	struct conn *all = NULL, *t;
	int n = 0, cap = 0, lineno = 1, i, first = 1;
	const char *why = NULL;
	char line[512];
	FILE *f;

	f = fopen(opt.conns_path, "r");
	if (!f)
		return cannot_read(opt.conns_path);
	if (!fgets(line, sizeof(line), f) || strcmp(line, CONNS_HEADER))
		why = "not the expected header";
	while (!why && fgets(line, sizeof(line), f)) {
		lineno++;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			t = realloc(all, cap * sizeof(*all));
			if (!t) {
				why = "out of memory";
				break;
			}
			all = t;
		}
		why = parse_conn(line, &all[n]);
		n++;
	}
	fclose(f);
	if (why) {
		free(all);
		return bad_line(opt.conns_path, lineno, why);
	}
	if (opt.json) {
		printf("[");
	} else {
		printf("%-11s %6s %6s %-21s %-21s", "State", "Recv-Q", "Send-Q",
		       "Local:Port", "Peer:Port");
		for (i = 2; i < (int)NCOLS; i++)
			printf(" %*s", col_width[i], conn_cols[i]);
		printf(" %-8s %4s %s\n", "timer", "refs", "cc");
	}
	for (i = 0; i < n; i++) {
		if (!conn_matches(&all[i]))
			continue;
		print_conn(&all[i], first);
		first = 0;
	}
	if (opt.json)
		printf("%s]\n", first ? "" : "\n");
	free(all);
	return EX_OK;
}

enum { OPT_COUNT = 256, OPT_STATE, OPT_PORT, OPT_SPORT, OPT_DPORT,
	OPT_CONN_FILE };

static const struct option long_opts[] = {
	{ "ignore-history", no_argument, NULL, 'a' },
	{ "nooutput", no_argument, NULL, 'n' },
	{ "reset", no_argument, NULL, 'r' },
	{ "noupdate", no_argument, NULL, 's' },
	{ "zeros", no_argument, NULL, 'z' },
	{ "json", no_argument, NULL, 'j' },
	{ "interval", required_argument, NULL, 'i' },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "file", required_argument, NULL, 'f' },
	{ "connections", no_argument, NULL, 'c' },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "sport", required_argument, NULL, OPT_SPORT },
	{ "dport", required_argument, NULL, OPT_DPORT },
	{ "conn-file", required_argument, NULL, OPT_CONN_FILE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int parse_port(const char *arg, unsigned long long *port, int *have)
{
	if (parse_num(arg, 65535, port))
		return usage_error("bad port '%s' (0-65535)", arg);
	*have = 1;
	return EX_OK;
}

static int parse_args(int argc, char **argv)
{
	unsigned int bits;
	int c;

	while ((c = getopt_long(argc, argv, "anrszji:f:chV", long_opts,
				NULL)) != -1) {
		switch (c) {
		case 'a':
			opt.absolute = 1;
			break;
		case 'n':
			opt.nooutput = 1;
			break;
		case 'r':
			opt.reset = 1;
			break;
		case 's':
			opt.noupdate = 1;
			break;
		case 'z':
			opt.zeros = 1;
			break;
		case 'j':
			opt.json = 1;
			break;
		case 'i':
			if (parse_num(optarg, MAX_INTERVAL, &opt.interval) ||
			    !opt.interval)
				return usage_error("bad interval '%s' (whole seconds, 1-86400)",
						   optarg);
			break;
		case OPT_COUNT:
			if (parse_num(optarg, INT_MAX, &opt.count) || !opt.count)
				return usage_error("bad count '%s' (a positive number)",
						   optarg);
			break;
		case 'f':
			opt.stats_path = optarg;
			break;
		case 'c':
			opt.conns = 1;
			break;
		case OPT_STATE:
			bits = state_bits(optarg);
			if (!bits)
				return usage_error("unknown state '%s' (see --help)",
						   optarg);
			opt.state_mask |= bits;
			break;
		case OPT_PORT:
			if (parse_port(optarg, &opt.port, &opt.have_port))
				return EX_USAGE;
			break;
		case OPT_SPORT:
			if (parse_port(optarg, &opt.sport, &opt.have_sport))
				return EX_USAGE;
			break;
		case OPT_DPORT:
			if (parse_port(optarg, &opt.dport, &opt.have_dport))
				return EX_USAGE;
			break;
		case OPT_CONN_FILE:
			opt.conns_path = optarg;
			break;
		case 'h':
			print_usage(stdout);
			exit(EX_OK);
		case 'V':
			printf("mytcpstat 2.0 (mytcp, AF_MYTCP=%d)\n", AF_MYTCP);
			exit(EX_OK);
		default:
			print_usage(stderr);
			return EX_USAGE;
		}
	}
	opt.patterns = argv + optind;
	opt.npatterns = argc - optind;
	if (opt.conns && (opt.absolute || opt.nooutput || opt.reset ||
			  opt.noupdate || opt.zeros || opt.interval ||
			  opt.npatterns))
		return usage_error("%s: -c takes only -j, filters, --conn-file",
				   "bad arguments");
	if (!opt.conns && (opt.state_mask || opt.have_port || opt.have_sport ||
			   opt.have_dport))
		return usage_error("%s: --state and the port filters need -c",
				   "bad arguments");
	if (opt.count && !opt.interval)
		return usage_error("%s: --count needs -i", "bad arguments");
	if (opt.interval && (opt.nooutput || opt.reset || opt.noupdate))
		return usage_error("%s: -i does not use the history (-n, -r, -s)",
				   "bad arguments");
	return EX_OK;
}

int main(int argc, char **argv)
{
	int ret = parse_args(argc, argv);

	if (ret)
		return ret;
	if (opt.conns)
		return run_connections();
	if (opt.interval)
		return run_interval();
	return run_counters();
}
