/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c: the four report formats (see report.h).
 *
 * The report's time is the audit's start, or SOURCE_DATE_EPOCH when set,
 * so reports can be compared byte for byte.  Text that came from the host
 * (evidence) is escaped for each format: control characters in a
 * terminal, markup characters in XML and HTML.
 */
#include "audit/report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"

int report_parse_format(const char *name, enum report_format *f)
{
	static const char *const names[] = { "text", "json", "junit", "html" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0) {
			*f = (enum report_format)i;
			return 0;
		}
	}
	return -1;
}

static void iso_time(const struct audit *a, char *dst, size_t size)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = a->started;
	struct tm tm;

	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);

		if (!*end && v >= 0)
			t = (time_t)v;
	}
	if (!gmtime_r(&t, &tm) ||
	    strftime(dst, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(dst, size, "unknown");
}

static int theme_rank(const struct audit *a, const char *theme)
{
	size_t i;

	for (i = 0; i < a->nthemes; i++)
		if (strcmp(a->themes[i].theme, theme) == 0)
			return (int)i;
	return (int)a->nthemes;
}

/* Results in report order: by theme (worst first), then status, then
 * severity (highest first), then id.  qsort passes no context, so the
 * audit being sorted waits here. */
static const struct audit *sort_audit;

static int by_report_order(const void *x, const void *y)
{
	const struct result *a = *(const struct result *const *)x;
	const struct result *b = *(const struct result *const *)y;
	int ta = theme_rank(sort_audit, a->check->theme);
	int tb = theme_rank(sort_audit, b->check->theme);

	if (ta != tb)
		return ta - tb;
	if (a->status != b->status)
		return (int)a->status - (int)b->status;
	if (a->check->severity != b->check->severity)
		return (int)b->check->severity - (int)a->check->severity;
	return strcmp(a->check->id, b->check->id);
}

static const struct result **order(const struct audit *a)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	const struct result **r = calloc(a->n + 1, sizeof(*r));
	size_t i;

	if (!r)
		return NULL;
	for (i = 0; i < a->n; i++)
		r[i] = &a->results[i];
	sort_audit = a;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
	qsort(r, a->n, sizeof(*r), by_report_order);
	return r;
}

static void pct(char *dst, size_t size, double score)
{
	if (score < 0)
		snprintf(dst, size, "n/a");
	else
		snprintf(dst, size, "%.0f%%", score);
}

/* ---- text ---- */

static const char *const tags[ST_COUNT] = { "FAIL", "ERROR", "WAIVED", "N/A",
					    "PASS" };
static const char *const colors[ST_COUNT] = { "\033[1;31m", "\033[1;35m",
					      "\033[33m", "\033[2m",
					      "\033[32m" };

/* Writes s with control characters escaped. */
static void put_safe(FILE *fp, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
}

static void text_value(FILE *fp, json_t *v)
{
	if (json_is_string(v))
		put_safe(fp, json_string_value(v));
	else if (json_is_integer(v))
		fprintf(fp, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		fprintf(fp, "%g", json_real_value(v));
	else
		fputs("NULL", fp);
}

static void text_evidence(FILE *fp, const struct result *r)
{
	size_t i, shown = json_array_size(r->evidence);
	json_t *row;

	fprintf(fp, "      found: %zu row%s\n", r->rows, r->rows == 1 ? "" : "s");
	if (shown > 10)
		shown = 10;
	for (i = 0; i < shown; i++) {
		const char *key;
		json_t *v;
		bool first = true;

		row = json_array_get(r->evidence, i);
		fputs("        ", fp);
		json_object_foreach(row, key, v) {
			fprintf(fp, "%s%s=", first ? "" : ", ", key);
			text_value(fp, v);
			first = false;
		}
		fputc('\n', fp);
	}
	if (r->rows > shown)
		fprintf(fp, "        (%zu more)\n", r->rows - shown);
}

static void text_result(FILE *fp, const struct result *r,
			const struct report_meta *m)
{
	const struct check *c = r->check;

	fprintf(fp, "%s%-6s%s %-8s %-9s %s\n", m->color ? colors[r->status] : "",
		tags[r->status], m->color ? "\033[0m" : "",
		pack_severity_name(c->severity), c->id, c->title);
	switch (r->status) {
	case ST_FAIL:
		if (c->rationale)
			fprintf(fp, "      why:   %s\n", c->rationale);
		if (c->remediation)
			fprintf(fp, "      fix:   %s\n", c->remediation);
		if (r->evidence)
			text_evidence(fp, r);
		break;
	case ST_ERROR:
		fputs("      error: ", fp);
		put_safe(fp, r->reason ? r->reason : "");
		fputc('\n', fp);
		break;
	case ST_WAIVED:
		fprintf(fp, "      waived: %s%s%s%s\n", r->reason ? r->reason : "",
			r->expires ? " (until " : "",
			r->expires ? r->expires : "", r->expires ? ")" : "");
		break;
	case ST_NA:
		fprintf(fp, "      not applicable: %s\n",
			r->reason ? r->reason : "");
		break;
	default:
		break;
	}
}

static void counts(FILE *fp, const size_t *count)
{
	fprintf(fp, "%zu pass, %zu fail, %zu error, %zu waived, %zu not applicable",
		count[ST_PASS], count[ST_FAIL], count[ST_ERROR],
		count[ST_WAIVED], count[ST_NA]);
}

static int write_text(FILE *fp, const struct audit *a,
		      const struct report_meta *m, const struct result **r)
{
	char when[32], score[16];
	const char *theme = NULL;
	size_t i;

	iso_time(a, when, sizeof(when));
	pct(score, sizeof(score), a->score);
	fprintf(fp, "vigil audit of %s (root %s), %s\n", m->host ? m->host : "?",
		m->root, when);
	fprintf(fp, "score %s: ", score);
	counts(fp, a->count);
	fprintf(fp, " (%zu checks)\n", a->n);
	for (i = 0; i < a->n; i++) {
		if (!theme || strcmp(theme, r[i]->check->theme) != 0) {
			size_t t = (size_t)theme_rank(a, r[i]->check->theme);

			theme = r[i]->check->theme;
			pct(score, sizeof(score), a->themes[t].score);
			fprintf(fp, "\n== %s: %s (", theme, score);
			counts(fp, a->themes[t].count);
			fputs(")\n", fp);
		}
		if (r[i]->status != ST_PASS || m->verbose)
			text_result(fp, r[i], m);
	}
	return 0;
}

/* ---- json ---- */

static json_t *counts_json(const size_t *count)
{
	json_t *o = json_object();

	json_object_set_new(o, "pass", json_integer((json_int_t)count[ST_PASS]));
	json_object_set_new(o, "fail", json_integer((json_int_t)count[ST_FAIL]));
	json_object_set_new(o, "error",
			    json_integer((json_int_t)count[ST_ERROR]));
	json_object_set_new(o, "waived",
			    json_integer((json_int_t)count[ST_WAIVED]));
	json_object_set_new(o, "not_applicable",
			    json_integer((json_int_t)count[ST_NA]));
	return o;
}

static json_t *opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *score_json(double s)
{
	return s < 0 ? json_null() : json_real((double)(long)(s * 10 + 0.5) / 10);
}

static const char *const status_keys[ST_COUNT] = { "fail", "error", "waived",
						   "not_applicable", "pass" };

static int write_json(FILE *fp, const struct audit *a,
		      const struct report_meta *m, const struct result **r)
{
	json_t *root = json_object(), *themes = json_array(),
	       *results = json_array();
	char when[32];
	size_t i;
	int rc;

	iso_time(a, when, sizeof(when));
	json_object_set_new(root, "vigil", json_string(VIGIL_VERSION));
	json_object_set_new(root, "host", opt_str(m->host));
	json_object_set_new(root, "root", json_string(m->root));
	json_object_set_new(root, "time", json_string(when));
	json_object_set_new(root, "duration_ms", json_real(a->ms));
	json_object_set_new(root, "score", score_json(a->score));
	json_object_set_new(root, "summary", counts_json(a->count));
	for (i = 0; i < a->nthemes; i++) {
		json_t *t = json_object();

		json_object_set_new(t, "theme", json_string(a->themes[i].theme));
		json_object_set_new(t, "score", score_json(a->themes[i].score));
		json_object_set_new(t, "summary", counts_json(a->themes[i].count));
		json_array_append_new(themes, t);
	}
	json_object_set_new(root, "themes", themes);
	for (i = 0; i < a->n; i++) {
		const struct check *c = r[i]->check;
		json_t *o = json_object();

		json_object_set_new(o, "id", json_string(c->id));
		json_object_set_new(o, "title", json_string(c->title));
		json_object_set_new(o, "theme", json_string(c->theme));
		json_object_set_new(o, "severity",
				    json_string(pack_severity_name(c->severity)));
		json_object_set_new(o, "status",
				    json_string(status_keys[r[i]->status]));
		json_object_set_new(o, "reason", opt_str(r[i]->reason));
		json_object_set_new(o, "expires", opt_str(r[i]->expires));
		json_object_set_new(o, "rationale", opt_str(c->rationale));
		json_object_set_new(o, "remediation", opt_str(c->remediation));
		json_object_set_new(o, "seed", opt_str(c->seed));
		json_object_set_new(o, "section", opt_str(c->section));
		json_object_set_new(o, "pack", opt_str(c->pack));
		json_object_set_new(o, "rows",
				    json_integer((json_int_t)r[i]->rows));
		json_object_set_new(o, "evidence",
				    r[i]->evidence ? json_incref(r[i]->evidence) :
						     json_array());
		json_array_append_new(results, o);
	}
	json_object_set_new(root, "results", results);
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					  JSON_REAL_PRECISION(6));
	fputc('\n', fp);
	json_decref(root);
	return rc;
}

/* ---- XML and HTML ---- */

/* Writes s escaped for XML text and attributes; control characters that
 * XML 1.0 cannot carry become U+FFFD. */
static void put_xml(FILE *fp, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; p && *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
				fputs("\xef\xbf\xbd", fp);
			else
				fputc(*p, fp);
		}
	}
}

static void xml_value(FILE *fp, json_t *v)
{
	char num[64];

	if (json_is_string(v)) {
		put_xml(fp, json_string_value(v));
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
			 (long long)json_integer_value(v));
		fputs(num, fp);
	} else if (json_is_real(v)) {
		snprintf(num, sizeof(num), "%g", json_real_value(v));
		fputs(num, fp);
	} else {
		fputs("NULL", fp);
	}
}

static void evidence_lines(FILE *fp, const struct result *r)
{
	size_t i;
	json_t *row;

	json_array_foreach(r->evidence, i, row) {
		const char *key;
		json_t *v;
		bool first = true;

		json_object_foreach(row, key, v) {
			fputs(first ? "" : ", ", fp);
			put_xml(fp, key);
			fputc('=', fp);
			xml_value(fp, v);
			first = false;
		}
		fputc('\n', fp);
	}
	if (r->rows > json_array_size(r->evidence))
		fprintf(fp, "(%zu more)\n", r->rows - json_array_size(r->evidence));
}

static int write_junit(FILE *fp, const struct audit *a,
		       const struct report_meta *m, const struct result **r)
{
	char when[32];
	size_t i;

	iso_time(a, when, sizeof(when));
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
	fprintf(fp,
		"<testsuites name=\"vigil audit\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"%zu\" skipped=\"%zu\">\n",
		a->n, a->count[ST_FAIL], a->count[ST_ERROR],
		a->count[ST_WAIVED] + a->count[ST_NA]);
	fputs("  <testsuite name=\"", fp);
	put_xml(fp, m->host ? m->host : "host");
	fprintf(fp,
		"\" timestamp=\"%s\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"%zu\" skipped=\"%zu\">\n",
		when, a->n, a->count[ST_FAIL], a->count[ST_ERROR],
		a->count[ST_WAIVED] + a->count[ST_NA]);
	for (i = 0; i < a->n; i++) {
		const struct check *c = r[i]->check;

		fputs("    <testcase classname=\"", fp);
		put_xml(fp, c->theme);
		fputs("\" name=\"", fp);
		put_xml(fp, c->id);
		fputs(" ", fp);
		put_xml(fp, c->title);
		fputs("\"", fp);
		switch (r[i]->status) {
		case ST_PASS:
			fputs("/>\n", fp);
			continue;
		case ST_FAIL:
			fprintf(fp, ">\n      <failure type=\"%s\" message=\"",
				pack_severity_name(c->severity));
			put_xml(fp, c->remediation ? c->remediation : c->title);
			fputs("\">", fp);
			if (c->rationale) {
				put_xml(fp, c->rationale);
				fputc('\n', fp);
			}
			if (r[i]->evidence)
				evidence_lines(fp, r[i]);
			fputs("</failure>\n", fp);
			break;
		case ST_ERROR:
			fputs(">\n      <error message=\"", fp);
			put_xml(fp, r[i]->reason ? r[i]->reason : "");
			fputs("\"/>\n", fp);
			break;
		default:
			fputs(">\n      <skipped message=\"", fp);
			fputs(r[i]->status == ST_WAIVED ? "waived: " :
							  "not applicable: ",
			      fp);
			put_xml(fp, r[i]->reason ? r[i]->reason : "");
			fputs("\"/>\n", fp);
			break;
		}
		fputs("    </testcase>\n", fp);
	}
	fputs("  </testsuite>\n</testsuites>\n", fp);
	return 0;
}

static const char *score_color(double s)
{
	if (s < 0)
		return "#9aa0a6";
	if (s >= 90)
		return "#1e8e3e";
	if (s >= 60)
		return "#f9ab00";
	return "#d93025";
}

static void html_chart(FILE *fp, const struct audit *a)
{
	const int bar = 22, gap = 8, label = 170, width = 420;
	size_t i;
	int h = (int)a->nthemes * (bar + gap) + gap;

	fprintf(fp,
		"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%d\" height=\"%d\" role=\"img\" "
		"aria-label=\"score per theme\">\n",
		label + width + 60, h);
	for (i = 0; i < a->nthemes; i++) {
		const struct theme_score *t = &a->themes[i];
		int y = gap + (int)i * (bar + gap);
		double s = t->score < 0 ? 0 : t->score;
		char score[16];

		pct(score, sizeof(score), t->score);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label - 8,
			y + bar - 6);
		put_xml(fp, t->theme);
		fprintf(fp,
			"</text><rect x=\"%d\" y=\"%d\" width=\"%d\" "
			"height=\"%d\" fill=\"#eee\"/>"
			"<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%d\" "
			"fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\">%s</text>\n",
			label, y, width, bar, label, y, s * width / 100, bar,
			score_color(t->score), label + width + 8, y + bar - 6,
			score);
	}
	fputs("</svg>\n", fp);
}

static void html_evidence(FILE *fp, const struct result *r)
{
	size_t i;
	json_t *row;
	const char *key;
	json_t *v;

	fprintf(fp, "<details><summary>%zu offending row%s</summary><table>",
		r->rows, r->rows == 1 ? "" : "s");
	row = json_array_get(r->evidence, 0);
	fputs("<tr>", fp);
	json_object_foreach(row, key, v) {
		fputs("<th>", fp);
		put_xml(fp, key);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	json_array_foreach(r->evidence, i, row) {
		fputs("<tr>", fp);
		json_object_foreach(row, key, v) {
			fputs("<td>", fp);
			xml_value(fp, v);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>", fp);
	if (r->rows > json_array_size(r->evidence))
		fprintf(fp, "<p>(%zu more)</p>",
			r->rows - json_array_size(r->evidence));
	fputs("</details>\n", fp);
}

static const char html_style[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;"
	"max-width:64em;color:#202124;padding:0 1em}"
	"h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;"
	"border-bottom:1px solid #ddd}"
	".chart text{font:13px system-ui,sans-serif}"
	".r{margin:.6em 0;padding:.4em .7em;border-left:4px solid #ccc}"
	".fail{border-color:#d93025}.error{border-color:#a142f4}"
	".waived{border-color:#f9ab00}.not_applicable{border-color:#9aa0a6}"
	".pass{border-color:#1e8e3e}"
	".tag{font-weight:600;display:inline-block;width:8em}"
	".id{font-family:monospace;margin-right:.6em}"
	"table{border-collapse:collapse;margin:.4em 0}"
	"td,th{border:1px solid #ddd;padding:2px 6px;font:12px monospace;"
	"text-align:left}"
	"p.k{margin:.2em 0}";

static int write_html(FILE *fp, const struct audit *a,
		      const struct report_meta *m, const struct result **r)
{
	char when[32], score[16];
	const char *theme = NULL;
	size_t i;

	iso_time(a, when, sizeof(when));
	pct(score, sizeof(score), a->score);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>vigil audit of ",
	      fp);
	put_xml(fp, m->host ? m->host : "host");
	fprintf(fp, "</title><style>%s</style></head><body>\n", html_style);
	fputs("<h1>vigil audit of ", fp);
	put_xml(fp, m->host ? m->host : "host");
	fputs("</h1>\n<p>root ", fp);
	put_xml(fp, m->root);
	fprintf(fp, ", %s, vigil %s</p>\n<p><strong>score %s</strong>: ", when,
		VIGIL_VERSION, score);
	counts(fp, a->count);
	fputs("</p>\n", fp);
	html_chart(fp, a);
	for (i = 0; i < a->n; i++) {
		const struct result *x = r[i];
		const struct check *c = x->check;

		if (!theme || strcmp(theme, c->theme) != 0) {
			size_t t = (size_t)theme_rank(a, c->theme);

			theme = c->theme;
			pct(score, sizeof(score), a->themes[t].score);
			fputs("<h2>", fp);
			put_xml(fp, theme);
			fprintf(fp, ": %s</h2>\n", score);
		}
		fprintf(fp, "<div class=\"r %s\"><span class=\"tag\">%s %s</span>"
			    "<span class=\"id\">",
			status_keys[x->status], tags[x->status],
			pack_severity_name(c->severity));
		put_xml(fp, c->id);
		fputs("</span>", fp);
		put_xml(fp, c->title);
		fputs("\n", fp);
		if (x->status == ST_FAIL) {
			if (c->rationale) {
				fputs("<p class=\"k\"><b>Why:</b> ", fp);
				put_xml(fp, c->rationale);
				fputs("</p>", fp);
			}
			if (c->remediation) {
				fputs("<p class=\"k\"><b>Fix:</b> ", fp);
				put_xml(fp, c->remediation);
				fputs("</p>", fp);
			}
			if (x->evidence && json_array_size(x->evidence))
				html_evidence(fp, x);
		} else if (x->status != ST_PASS) {
			fputs("<p class=\"k\">", fp);
			put_xml(fp, x->reason ? x->reason : "");
			if (x->expires) {
				fputs(" (until ", fp);
				put_xml(fp, x->expires);
				fputs(")", fp);
			}
			fputs("</p>", fp);
		}
		fputs("</div>\n", fp);
	}
	fputs("</body></html>\n", fp);
	return 0;
}

int report_write(FILE *fp, enum report_format f, const struct audit *a,
		 const struct report_meta *m)
{
	const struct result **r = order(a);
	int rc;

	if (!r)
		return -1;
	switch (f) {
	case REPORT_JSON:
		rc = write_json(fp, a, m, r);
		break;
	case REPORT_JUNIT:
		rc = write_junit(fp, a, m, r);
		break;
	case REPORT_HTML:
		rc = write_html(fp, a, m, r);
		break;
	default:
		rc = write_text(fp, a, m, r);
		break;
	}
	free(r);
	if (fflush(fp) != 0 || ferror(fp))
		return -1;
	return rc;
}
