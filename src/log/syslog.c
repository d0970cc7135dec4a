/* SPDX-License-Identifier: Apache-2.0 */
/*
 * syslog.c: the syslog logger plugin (see logger.h).
 *
 * Each line is one syslog(3) message with ident "vigil" and the process
 * id, in facility logger_syslog_facility (osquery's default, 19, is
 * local3).  Result and snapshot lines go at LOG_INFO; status lines at the
 * priority of their severity.  syslog(3) reports no failure: a message the
 * local syslog daemon drops is not seen here, so this plugin always takes
 * its lines (as osquery's does).  The connection is to the local datagram
 * socket; nothing listens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include "log/logger.h"

struct sysl {
	int facility; /* already shifted: LOG_LOCAL3 and such */
};

static int sl_open(void **state, const struct logger_conf *conf, char *err,
		   size_t errsize)
{
	struct sysl *s = calloc(1, sizeof(*s));

	*state = NULL;
	if (!s) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	s->facility = conf->facility << 3;
	openlog("vigil", LOG_PID | LOG_NDELAY, s->facility);
	*state = s;
	return 0;
}

static int priority(int severity)
{
	switch (severity) {
	case LOG_SEV_WARNING: return LOG_WARNING;
	case LOG_SEV_ERROR: return LOG_ERR;
	case LOG_SEV_FATAL: return LOG_CRIT;
	default: return LOG_INFO;
	}
}

static int sl_write(void *state, enum log_channel ch,
		    const struct logger_line *lines, size_t n, char *err,
		    size_t errsize)
{
	struct sysl *s = state;
	size_t i;

	(void)err;
	(void)errsize;
	for (i = 0; i < n; i++) {
		int pri = ch == LOG_CH_STATUS ? priority(lines[i].severity)
					      : LOG_INFO;
		int len = lines[i].len > 65536 ? 65536 : (int)lines[i].len;

		syslog(s->facility | pri, "%.*s", len, lines[i].text);
	}
	return 0;
}

static void sl_close(void *state)
{
	if (!state)
		return;
	closelog();
	free(state);
}

const struct logger_plugin logger_syslog = {
	"syslog", sl_open, sl_write, sl_close,
};
