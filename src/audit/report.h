/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report: an audit's results as text for a terminal, JSON, JUnit XML, or
 * one self-contained HTML page.
 *
 * text:  grouped by theme, worst theme first; in each, failures and
 *        errors (most severe first) with the rationale, the fix and the
 *        evidence, then waived and not-applicable checks one line each;
 *        passes are counted (listed with verbose).  Colour only when asked.
 * json:  {"vigil", "host", "root", "time", "duration_ms", "score",
 *        "summary", "themes": [...], "results": [...]} (docs/audit.md).
 * junit: one <testcase> per check: <failure> with the evidence, <error>,
 *        or <skipped> for waived and not applicable.
 * html:  inline CSS and an inline SVG bar chart of the per-theme scores;
 *        evidence in <details>; no script, no outside asset.
 */
#ifndef VIGIL_REPORT_H
#define VIGIL_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "audit/runner.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_JUNIT,
	REPORT_HTML,
};

struct report_meta {
	const char *host; /* host name, or NULL */
	const char *root; /* the root audited */
	bool color;       /* text: ANSI colours */
	bool verbose;     /* text: list passing checks too */
};

/* "text", "json", "junit", "html" -> format; 0, or -1 if unknown. */
int report_parse_format(const char *name, enum report_format *f);

/* Writes the report.  0, or -1 when writing failed. */
int report_write(FILE *fp, enum report_format f, const struct audit *a,
		 const struct report_meta *m);

#endif
