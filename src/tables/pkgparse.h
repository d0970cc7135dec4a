/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkgparse: parsers for the files that describe installed software: the
 * dpkg status database, apt's sources (one-line and deb822) and cached
 * Release files, Python package metadata (METADATA, PKG-INFO) and npm's
 * package.json.
 *
 * All of them are pure: no I/O, no printing, errors into a caller's
 * err[errsize] (cut to fit).  The text parsers never allocate and never
 * write: they return spans that point into the caller's buffer, which must
 * outlive them.  None needs its input NUL-terminated; each takes a length,
 * and a NUL byte is just another byte.  Only the package.json parser
 * allocates (it hands the bytes to Jansson); pkg_npm_release() frees that.
 *
 * The text formats share one shape, deb822 (RFC 822 headers): paragraphs
 * of "Name: value" lines separated by blank lines, a value continued on
 * following lines that start with a space or a tab.  Field names compare
 * without regard to case, as dpkg and apt compare them.
 */
#ifndef VIGIL_PKGPARSE_H
#define VIGIL_PKGPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes inside the caller's buffer, not NUL-terminated.  p is NULL when
 * the thing it describes is absent; an empty value has p set and n 0. */
struct pkg_span {
	const char *p;
	size_t n;
};

/* True when the span is present and equals the NUL-terminated s, bytewise. */
bool pkg_span_eq(const struct pkg_span *a, const char *s);

/*
 * Cuts the leading whitespace-separated word off *list (spaces, tabs,
 * newlines): returns true with *word set and *list advanced past it, false
 * when no word is left.  In a multi-line deb822 value, a line that starts
 * with '#' is a comment (apt allows them inside .sources paragraphs) and
 * yields no words.
 */
bool pkg_word_next(struct pkg_span *list, struct pkg_span *word);

/* ---- deb822 paragraphs and fields ---- */

enum pkg_deb822_flags {
	/* A line starting with '#' is a comment, as in apt's .sources files:
	 * it is skipped, and neither ends a paragraph nor a value. */
	PKG_DEB822_COMMENTS = 1 << 0,
};

/*
 * Finds the next paragraph of buf[0..len) at or after *pos.  Blank lines
 * (empty, or only spaces, tabs and carriage returns) separate paragraphs;
 * with PKG_DEB822_COMMENTS, comment lines between paragraphs are skipped.
 * Returns true with *para set to the paragraph (its first line through its
 * last line's newline, or the end of the buffer when the last line has
 * none) and *pos moved past it; false when none is left.
 */
bool pkg_deb822_next(const char *buf, size_t len, size_t *pos, unsigned flags,
		     struct pkg_span *para);

struct pkg_field {
	struct pkg_span name;  /* before the colon, surrounding blanks cut */
	struct pkg_span value; /* see pkg_field_next() */
};

/*
 * Walks the fields of a paragraph: call with *pos 0, then again with the
 * same *pos; returns true with *f set, false after the last field.  A
 * value runs from after the colon and its following blanks through the
 * last continuation line, without that line's newline; trailing blanks
 * and carriage returns are cut.  Continuation lines keep their leading
 * blank and their newlines ("Description: short\n long text").  A line
 * that is neither a field nor a continuation (no colon, an empty name, a
 * continuation before the first field) is skipped.
 */
bool pkg_field_next(const struct pkg_span *para, size_t *pos, unsigned flags,
		    struct pkg_field *f);

/* The first line of a value, blanks cut (an empty span when the value
 * starts on the next line, as an embedded key does). */
struct pkg_span pkg_value_first_line(const struct pkg_span *value);

/* ---- dpkg's status database (/var/lib/dpkg/status) ---- */

/* The fields the package tables use from one paragraph; absent fields
 * have p NULL.  Every value is its first line only. */
struct pkg_dpkg {
	struct pkg_span package;
	struct pkg_span status;         /* "install ok installed" */
	struct pkg_span version;        /* "1:2.3-4" */
	struct pkg_span source;         /* "glibc (2.36-9)" */
	struct pkg_span installed_size; /* KiB, decimal */
	struct pkg_span architecture;
	struct pkg_span multi_arch;     /* "same", "foreign", "allowed", "no" */
	struct pkg_span maintainer;
	struct pkg_span section;
	struct pkg_span priority;
};

/*
 * Fills *out from one paragraph.  When name is not NULL, stops early and
 * returns 1 as soon as the Package field shows a different name (a cheap
 * filter for WHERE name = 'x').  Returns 0, or -1 when the paragraph has
 * no Package field ("no Package field").
 */
int pkg_dpkg_parse(const struct pkg_span *para, const char *name,
		   struct pkg_dpkg *out, char *err, size_t errsize);

/*
 * Splits a Status value into its three words (want, error flag, state) and
 * joins them with single spaces into dst[size] (osquery's form).  Returns
 * 0, or -1 when it does not hold exactly three words or does not fit.
 */
int pkg_dpkg_status(const struct pkg_span *status, char *dst, size_t size,
		    struct pkg_span *state);

/*
 * The version as dpkg-query shows it (a zero epoch "0:" dropped) and its
 * Debian revision: what follows the last '-', or an empty span for a
 * native package.  Leading and trailing blanks must already be cut.
 */
void pkg_dpkg_version(const struct pkg_span *version, struct pkg_span *shown,
		      struct pkg_span *revision);

/* The source package's name: a Source value without its "(version)". */
struct pkg_span pkg_dpkg_source_name(const struct pkg_span *source);

/*
 * True when a package name (or name:arch) is safe to use as a file name in
 * dpkg's info directory: 1 to 255 bytes of [a-z0-9+.-:], not "." or "..",
 * and no '/'.  dpkg's own names are stricter.
 */
bool pkg_dpkg_name_ok(const struct pkg_span *name);

/* Parses a decimal number with no sign or suffix into *v.  0 or -1. */
int pkg_parse_u64(const struct pkg_span *s, uint64_t *v);

/* ---- apt sources ---- */

/*
 * One source entry: a line of sources.list, or a paragraph of a .sources
 * file.  The list fields (types, uris, suites) hold one word for a line and
 * whitespace-separated words for a paragraph: walk them with
 * pkg_word_next().  The option fields keep what the entry says, for the
 * tables that judge a source's trust: signed_by may be paths, fingerprints
 * or (in a paragraph) a whole embedded key block.
 */
struct pkg_apt_source {
	struct pkg_span types;         /* "deb", "deb-src" */
	struct pkg_span uris;
	struct pkg_span suites;
	struct pkg_span components;    /* rest of the line, or Components */
	struct pkg_span architectures; /* arch=, or Architectures */
	struct pkg_span signed_by;     /* signed-by=, or Signed-By */
	int trusted;                   /* -1 not set, else 0 or 1 */
	int allow_insecure;            /* allow-insecure */
	int allow_weak;                /* allow-weak */
	int allow_downgrade_to_insecure;
	bool enabled;                  /* false for "Enabled: no" */
	bool deb822;                   /* read from a .sources paragraph */
};

/*
 * Parses one line of a sources.list file:
 *   TYPE [ [option=value ...] ] URI SUITE [COMPONENT ...]
 * Everything from a '#' on is a comment.  Returns 0, or -1 with err set:
 * "blank line" (nothing but blanks and a comment), "unknown type" (the
 * first word is neither deb nor deb-src), "unterminated options",
 * "missing URI", "missing suite".
 */
int pkg_apt_line_parse(const char *line, size_t len,
		       struct pkg_apt_source *out, char *err, size_t errsize);

/*
 * Parses one paragraph of a .sources file (read with PKG_DEB822_COMMENTS).
 * Returns 0, or -1 with err set: "missing Types", "missing URIs",
 * "missing Suites".  A paragraph that says "Enabled: no" parses, with
 * enabled false.
 */
int pkg_apt_deb822_parse(const struct pkg_span *para,
			 struct pkg_apt_source *out, char *err,
			 size_t errsize);

/* True when the list (types, uris ...) holds the word w. */
bool pkg_list_has(const struct pkg_span *list, const char *w);

/* apt's boolean words: 1 for yes/true/with/on/enable/1, 0 for
 * no/false/without/off/disable/0, -1 for anything else. */
int pkg_apt_bool(const struct pkg_span *v);

/*
 * The name apt gives a source's cached Release file under
 * /var/lib/apt/lists, without its last part ("InRelease" or "Release"):
 * "deb.debian.org_debian_dists_bookworm_" for
 * http://deb.debian.org/debian and suite bookworm.  As apt does it: the
 * scheme and any user:password@ are dropped, a flat suite (ending in '/')
 * is appended as is ("/" alone adds nothing) and any other goes under
 * "dists/", a few punctuation bytes and all control and non-ASCII bytes
 * are %-escaped, and every '/' becomes '_'.  Returns 0, or -1 when the URI
 * has no scheme or the name does not fit dst[size].
 */
int pkg_apt_list_name(const struct pkg_span *uri, const struct pkg_span *suite,
		      char *dst, size_t size);

/* What the apt_sources table shows from a cached (In)Release file. */
struct pkg_release {
	struct pkg_span origin;
	struct pkg_span label;
	struct pkg_span suite;
	struct pkg_span version;
	struct pkg_span codename;
	struct pkg_span components;
	struct pkg_span architectures;
};

/*
 * Parses the first paragraph of a Release file, or of an InRelease file
 * (its OpenPGP cleartext armor header is skipped).  Returns 0, or -1 with
 * err set when no paragraph is found ("empty file").
 */
int pkg_release_parse(const char *buf, size_t len, struct pkg_release *out,
		      char *err, size_t errsize);

/* ---- Python package metadata ---- */

/* The header fields of a METADATA or PKG-INFO file, first lines only. */
struct pkg_pymeta {
	struct pkg_span name;
	struct pkg_span version;
	struct pkg_span summary;
	struct pkg_span author;
	struct pkg_span license;            /* License */
	struct pkg_span license_expression; /* License-Expression (2.4) */
};

/*
 * Parses the headers of a core metadata file (RFC 822: they end at the
 * first blank line, and the description that may follow is not read).  A
 * field given twice keeps its first value.  Returns 0, or -1 with err set
 * when no header holds a Name ("no Name field").
 */
int pkg_pymeta_parse(const char *buf, size_t len, struct pkg_pymeta *out,
		     char *err, size_t errsize);

/* ---- npm package.json ---- */

/*
 * The fields the npm_packages table shows.  Strings are NUL-terminated
 * (Jansson refuses NUL bytes inside strings) and owned by root; each is
 * NULL when the key is missing or not a string.  author is the "author"
 * string or its object's "name"; license is the "license" string or, in
 * the old object form, its "url" (as osquery shows it).
 */
struct pkg_npm {
	void *root; /* the parsed document (json_t *) */
	const char *name;
	const char *version;
	const char *description;
	const char *author;
	const char *license;
	const char *homepage;
};

/*
 * Parses a package.json of len bytes.  Returns 0 with *out filled (free
 * it with pkg_npm_release()), or -1 with err set when the bytes are not
 * one JSON object (Jansson's message, which names the line and column;
 * Jansson also refuses nesting deeper than its limit of 2048 levels), with
 * nothing to free.
 */
int pkg_npm_parse(const char *buf, size_t len, struct pkg_npm *out,
		  char *err, size_t errsize);

/* Frees what pkg_npm_parse() allocated; NULL or a zeroed struct is fine. */
void pkg_npm_release(struct pkg_npm *p);

#endif
