// SPDX-License-Identifier: GPL-2.0
/*
 * mytcpstat: print mytcp's counters from /proc/mytcp/stats.
 *
 * Usage: mytcpstat [-z] [-f FILE]
 *   -z       also print counters that are zero
 *   -f FILE  read FILE instead of /proc/mytcp/stats
 * Exit codes: 0 ok; 1 usage error; 2 the file cannot be read (module not
 * loaded); 3 the file is malformed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uapi/mytcp.h"

static void print_usage(FILE *f)
{
	fprintf(f, "usage: mytcpstat [-z] [-f FILE]\n"
		   "  -z       also show counters that are zero\n"
		   "  -f FILE  read FILE instead of " MYTCP_PROC_STATS "\n");
}

int main(int argc, char **argv)
{
	const char *path = MYTCP_PROC_STATS;
	char line[256], name[128];
	int opt, zeros = 0, lineno = 0;
	unsigned long long val;
	FILE *f;

	while ((opt = getopt(argc, argv, "zf:h")) != -1) {
		switch (opt) {
		case 'z':
			zeros = 1;
			break;
		case 'f':
			path = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		print_usage(stderr);
		return 1;
	}

	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "mytcpstat: cannot read %s: %s\n", path,
			strerror(errno));
		if (errno == ENOENT)
			fprintf(stderr,
				"mytcpstat: is the mytcp module loaded? (insmod mytcp.ko)\n");
		return 2;
	}
	printf("#mytcp counters (%s)\n", path);
	while (fgets(line, sizeof(line), f)) {
		char extra;

		lineno++;
		if (!strchr(line, '\n') ||
		    sscanf(line, "%127s %llu %c", name, &val, &extra) != 2) {
			fprintf(stderr, "mytcpstat: %s:%d: malformed line\n",
				path, lineno);
			fclose(f);
			return 3;
		}
		if (val || zeros)
			printf("%-32s %20llu\n", name, val);
	}
	fclose(f);
	if (!lineno) {
		fprintf(stderr, "mytcpstat: %s is empty\n", path);
		return 3;
	}
	return 0;
}
