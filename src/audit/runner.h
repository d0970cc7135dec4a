/* SPDX-License-Identifier: Apache-2.0 */
/*
 * runner: runs audit checks through the SQL engine and scores the result.
 *
 * Each check ends in one of five states: pass (its query returned no row),
 * fail (rows: they are the evidence), not applicable (its `applies` query
 * returned no row; the reason says why), waived (an unexpired waiver names
 * it), or error (its SQL failed: reported, never a crash and never a
 * silent pass).
 *
 * The score is the severity-weighted share of applicable checks that pass
 * (low 1, medium 2, high 4, critical 8); waived and not-applicable checks
 * are left out, errors count against it.  It is computed overall and per
 * theme.
 */
#ifndef VIGIL_RUNNER_H
#define VIGIL_RUNNER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "audit/pack.h"

struct engine;

enum status {
	ST_FAIL,
	ST_ERROR,
	ST_WAIVED,
	ST_NA,
	ST_PASS,
	ST_COUNT,
};

/* At most this many offending rows are kept as evidence per check. */
#define EVIDENCE_MAX_ROWS 50

struct result {
	const struct check *check;
	enum status status;
	char *reason;    /* N/A or error: why; waived: the waiver's reason */
	char *expires;   /* waived: the waiver's expiry date, or NULL */
	json_t *evidence; /* fail: array of row objects (capped), else NULL */
	size_t rows;     /* fail: how many rows the query returned */
	double ms;       /* time the check took */
};

struct theme_score {
	char *theme;
	double score; /* 0..100, or -1 when nothing applicable */
	size_t count[ST_COUNT];
};

struct audit {
	struct result *results;
	size_t n;
	double score; /* 0..100, or -1 */
	size_t count[ST_COUNT];
	struct theme_score *themes; /* worst first */
	size_t nthemes;
	time_t started;
	double ms;
};

/* A waiver: an accepted risk for one check, until a date. */
struct waiver {
	char *id;
	char *reason;
	char *expires; /* YYYY-MM-DD, or NULL for never */
	bool expired;
};

struct waivers {
	struct waiver *w;
	size_t n;
};

/*
 * Parses a waivers file ({"waivers": [{"id", "reason", "expires"}]}).
 * today is "YYYY-MM-DD"; a waiver whose expiry is before it is kept but
 * marked expired.  Returns 0, or -1 with the reason in err.
 */
int waivers_parse(struct waivers *w, const char *json,
		  size_t len, const char *today, char *err, size_t errsize);
void waivers_release(struct waivers *w);

/* Which checks to run: NULL lists mean "all" and "none". */
struct audit_filter {
	char **only;
	size_t nonly;
	char **skip;
	size_t nskip;
};

/* Severity weights used by the score. */
double audit_weight(enum severity s);

/*
 * Runs the checks of p that the filter selects, in pack order.  Returns 0
 * (results in out; audit_release() it), or -1 when memory ran out.
 */
int audit_run(struct engine *e, const struct pack *p,
	      const struct audit_filter *f, const struct waivers *w,
	      struct audit *out);
void audit_release(struct audit *a);

const char *audit_status_name(enum status s);

#endif
