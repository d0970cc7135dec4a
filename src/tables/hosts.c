/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hosts.c: the etc_hosts table, the static host name lookup table read
 * from /etc/hosts, and its line parser (hosts.h).
 *
 * Columns (one row a line of /etc/hosts holding an address):
 *   address             the first word of the line, as written
 *   hostnames           the other words (canonical name, then aliases),
 *                       joined by single spaces as osquery does; NULL for
 *                       a line with an address and no name
 *   pid_with_namespace  always NULL: vigil reads only the file under its
 *                       root, not another mount namespace
 *
 * Required constraints: none.  Privileges: none.
 *
 * Example:
 *   SELECT address, hostnames FROM etc_hosts WHERE address = '127.0.0.1';
 *
 * How it works: each scan reads /etc/hosts through hostfs, cut at
 * HOSTS_FILE_MAX (a partial last line is then dropped), and parses each
 * line: a '#' starts a comment wherever it is (glibc's resolver reads the
 * file so; osquery only honours a '#' at the start of a word), words are
 * separated by spaces and tabs, and lines left without a word are skipped,
 * as are lines longer than HOSTS_LINE_MAX.  The address is not checked: a
 * malformed one is shown as it is, since it is what the file says.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sql/table.h"
#include "tables/hosts.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Largest /etc/hosts read; the rest of a longer one is ignored. */
#define HOSTS_FILE_MAX (16u << 20)

enum hosts_col {
	HOSTS_ADDRESS,
	HOSTS_HOSTNAMES,
	HOSTS_PID_WITH_NAMESPACE,
	HOSTS_NCOLS
};

static const struct column hosts_cols[] = {
	{ "address", COL_TEXT, 0, "IP address, the first word of the line." },
	{ "hostnames", COL_TEXT, 0,
	  "The host names after the address, separated by single spaces." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the file under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(hosts_cols) == HOSTS_NCOLS, "etc_hosts columns");

static void set_err(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int hosts_parse(char *line, size_t len, struct hosts_ent *out, char *err,
		size_t errsize)
{
	char *end = line + len, *p = line, *hash, *start, *w;

	if (len > HOSTS_LINE_MAX) {
		set_err(err, errsize, "line too long");
		return -1;
	}
	if (memchr(line, '\0', len)) {
		set_err(err, errsize, "NUL byte in line");
		return -1;
	}
	hash = memchr(line, '#', len);
	if (hash)
		end = hash;
	*end = '\0';

	while (p < end && is_blank(*p))
		p++;
	if (p == end) {
		set_err(err, errsize, "blank line");
		return -1;
	}
	out->address = p;
	while (p < end && !is_blank(*p))
		p++;
	if (p == end) {
		out->hostnames = NULL;
		return 0;
	}
	*p++ = '\0';

	/*
	 * Join the remaining words with single spaces, moving them left in
	 * place.  The writer starts at the reader, and at least one blank
	 * lies between two words while the writer puts exactly one there, so
	 * it never passes the reader.
	 */
	start = w = p;
	while (p < end) {
		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			break;
		if (w != start)
			*w++ = ' ';
		while (p < end && !is_blank(*p))
			*w++ = *p++;
	}
	*w = '\0';
	out->hostnames = w == start ? NULL : start;
	return 0;
}

static int hosts_generate(struct qctx *q)
{
	struct buf b = BUF_INIT(HOSTS_FILE_MAX);
	struct hosts_ent he;
	size_t pos = 0, len;
	bool cut = false;
	char *line, *nl;
	int rc = -1;

	if (hostfs_read_file("/etc/hosts", HOSTS_FILE_MAX, 0, &b, &cut) < 0) {
		if (errno == ENOMEM) {
			qctx_error(q, "reading /etc/hosts: out of memory");
			goto out;
		}
		/* No readable file: no rows. */
		rc = 0;
		goto out;
	}
	if (cut) {
		/* The last line was cut short: leave it out. */
		nl = memrchr(b.data, '\n', b.len);
		b.len = nl ? (size_t)(nl - b.data) + 1 : 0;
		b.data[b.len] = '\0';
	}
	while (pos < b.len) {
		line = b.data + pos;
		nl = memchr(line, '\n', b.len - pos);
		len = nl ? (size_t)(nl - line) : b.len - pos;
		pos += len + 1;
		/* The byte after the line (its newline or the buffer's NUL)
		 * is ours for the parser to overwrite. */
		if (hosts_parse(line, len, &he, NULL, 0) < 0)
			continue;
		if (qctx_row(q) < 0)
			goto out;
		qctx_set_text(q, HOSTS_ADDRESS, he.address);
		qctx_set_text(q, HOSTS_HOSTNAMES, he.hostnames);
	}
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

static const struct table etc_hosts_table = {
	.name = "etc_hosts",
	.desc = "Line-parsed /etc/hosts: addresses and their host names.",
	.cols = hosts_cols,
	.ncols = HOSTS_NCOLS,
	.generate = hosts_generate,
};
TABLE_REGISTER(etc_hosts_table);
