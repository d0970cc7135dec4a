/* SPDX-License-Identifier: Apache-2.0 */
/*
 * acctparse: pure parsers for the account and access files behind the
 * shadow, sudoers, authorized_keys, user_ssh_keys, known_hosts,
 * ssh_configs, crontab, shell_history, last and logged_in_users tables.
 *
 * Every parser is a pure function: no I/O, no allocation, no printing.
 * Each takes the bytes of one line (or one record, or one whole file where
 * the format needs it) with an explicit length, never relies on a NUL
 * terminator, and either fills a struct or returns -1 with a reason in the
 * caller's err (cut to errsize; err may be NULL).  Lines that hold no entry
 * (blank lines, comments) are refused with the reasons "blank line" and
 * "comment", so callers can skip them like any other refusal.
 *
 * Unless a parser says it writes into its input, the structs it fills
 * point into the caller's bytes (as pointer and length pairs, not
 * NUL-terminated), and stay valid as long as those bytes do.  Nothing
 * needs freeing.
 *
 * Lines longer than ACCT_LINE_MAX, and lines holding a NUL byte, are
 * refused by every line parser: no file these tables read can hold one
 * legitimately, and a binary file read by mistake then yields no rows.
 */
#ifndef VIGIL_ACCTPARSE_H
#define VIGIL_ACCTPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line any parser takes; a longer one is refused, not cut. */
#define ACCT_LINE_MAX (64u * 1024)

/* A span of the caller's bytes: p is NULL (and n 0) when absent. */
struct acct_str {
	const char *p;
	size_t n;
};

/* ---- /etc/shadow ------------------------------------------------------ */

/*
 * One /etc/shadow entry, read as glibc's getspent() reads it.  A numeric
 * field left empty is -1, as glibc reports it; the day counts are cast
 * through a C int as glibc casts them, and flag through an unsigned long,
 * so the values match what osquery shows.  A line of the old short form
 * (name:passwd:lastchg:min:max) has warning, inactive, expire and flag -1.
 *
 * password_status is osquery's reading of the password field:
 *   "not_set"  the field is exactly "!!"
 *   "locked"   it starts with '!', '*' or 'x'
 *   "empty"    it is empty
 *   "active"   anything else
 * hash_alg is the identifier between the first two '$' of a crypt(3)
 * hash ("6" for SHA-512, "y" for yescrypt), absent when the field does not
 * start with "$id$" (a locked "!$6$..." has none, as in osquery).
 */
struct acct_shadow {
	struct acct_str name;
	struct acct_str passwd;
	struct acct_str hash_alg;
	const char *password_status;
	int64_t last_change;
	int64_t min;
	int64_t max;
	int64_t warning;
	int64_t inactive;
	int64_t expire;
	int64_t flag;
};

/*
 * Parses one line (without its newline).  Refuses comments, blank lines,
 * NIS compat entries ("+", "-name"), lines without a user name, and lines
 * whose numbers are not plain decimal digits (glibc skips those).  Fields
 * after the flag are ignored, as glibc ignores them.
 */
int acct_shadow_parse(const char *line, size_t len, struct acct_shadow *out,
		      char *err, size_t errsize);

/* ---- sudoers ---------------------------------------------------------- */

enum acct_sudo_kind {
	ACCT_SUDO_RULE,       /* any other line: a rule, Defaults, an alias */
	ACCT_SUDO_INCLUDE,    /* #include or @include */
	ACCT_SUDO_INCLUDEDIR, /* #includedir or @includedir */
};

/*
 * One logical sudoers entry as osquery splits it: header is the first
 * word, details the rest of the line, both trimmed of blanks.  For the
 * include kinds, header is the directive as written ("@includedir") and
 * details the path as written; include_path is that path with one pair of
 * surrounding double quotes removed, ready to resolve.
 */
struct acct_sudo_entry {
	enum acct_sudo_kind kind;
	char *header;  /* NUL-terminated, inside the caller's buffer */
	char *details; /* NUL-terminated, inside the caller's buffer */
	size_t details_len;
	struct acct_str include_path;
};

/*
 * Reads the next entry of a sudoers file held in data[0..len), starting
 * at *pos and moving it past the entry.  data must have len + 1 writable
 * bytes: the parser WRITES INTO IT, joining continuation lines in place
 * (the entry never grows past the bytes it consumed) and terminating
 * header and details, so each entry is valid only until the next call.
 *
 * Follows osquery: every line is trimmed of blanks (space, tab, vertical
 * tab, CR); blank lines are skipped everywhere; comments ('#' lines other
 * than #include and #includedir) are skipped; an include without a path
 * is a comment.  A rule line ending in a backslash continues on the next
 * non-blank line, whatever it holds: the backslash is dropped and the
 * next line appended to details as it is (to the header when details are
 * still empty).  Include lines never continue.  A logical entry longer
 * than ACCT_LINE_MAX, or holding a NUL byte, is refused and skipped.
 *
 * Returns 1 with *out filled, 0 at the end of the data, or -1 with err set
 * for an entry that was refused (*pos has moved past it: call again).
 */
int acct_sudoers_next(char *data, size_t len, size_t *pos,
		      struct acct_sudo_entry *out, char *err, size_t errsize);

/* ---- authorized_keys and known_hosts ---------------------------------- */

/*
 * One authorized_keys line, split as sshd splits it: an optional options
 * field (a run of non-blank characters in which double-quoted parts may
 * hold blanks and commas, and \" is a quote that does not close), the key
 * type, the base64 key, and an optional comment (the rest of the line,
 * trimmed).  A line whose first word is a known key type has no options.
 * options and comment are absent (p NULL) when the line has none.
 */
struct acct_authkey {
	struct acct_str options;
	struct acct_str type;
	struct acct_str key;
	struct acct_str comment;
};

/*
 * Parses one line.  Refuses blank lines, comments, unterminated quotes in
 * the options, an unknown key type, a missing key, and a key that is not
 * base64 text.
 */
int acct_authkey_parse(const char *line, size_t len, struct acct_authkey *out,
		       char *err, size_t errsize);

enum acct_kh_marker {
	ACCT_KH_NONE,
	ACCT_KH_CERT_AUTHORITY, /* @cert-authority */
	ACCT_KH_REVOKED,        /* @revoked */
};

/*
 * One known_hosts line: an optional marker, the host patterns (a
 * comma-separated list, or one hashed entry "|1|salt|hash" with base64
 * salt and hash), the key type, the base64 key and an optional comment.
 * line is the whole entry trimmed of surrounding blanks (what the table's
 * key column shows, as osquery shows the whole line).
 */
struct acct_knownhost {
	enum acct_kh_marker marker;
	bool hashed;
	struct acct_str line;
	struct acct_str hosts;
	struct acct_str type;
	struct acct_str key;
	struct acct_str comment;
};

/*
 * Parses one line.  Refuses blank lines, comments, unknown markers, a
 * malformed hashed entry, an unknown key type (including the SSH-1 "bits
 * exponent modulus" form, which ssh no longer reads) and a missing or
 * non-base64 key.
 */
int acct_knownhost_parse(const char *line, size_t len,
			 struct acct_knownhost *out, char *err,
			 size_t errsize);

/* True when s[0..n) names an OpenSSH public key or certificate type. */
bool acct_ssh_keytype_known(const char *s, size_t n);

/* ---- ssh_config ------------------------------------------------------- */

enum acct_sshcfg_kind {
	ACCT_SSHCFG_OPTION, /* a keyword line inside the current block */
	ACCT_SSHCFG_BLOCK,  /* a Host or Match line: starts a new block */
};

/*
 * One ssh_config line as osquery reads it: trimmed of white space and
 * lowercased, whole (keyword and arguments).  A line whose keyword is
 * "host" or "match" (followed by blanks or '=') starts a block, and the
 * lines after it, up to the next one, belong to that block; lines before
 * the first block belong to the empty block "".
 *
 * WRITES INTO line: lowercases it in place.  text points into line.
 * Refuses blank lines and comments.
 */
struct acct_sshcfg {
	enum acct_sshcfg_kind kind;
	struct acct_str text;
};

int acct_sshcfg_parse(char *line, size_t len, struct acct_sshcfg *out,
		      char *err, size_t errsize);

/* ---- crontab ---------------------------------------------------------- */

/*
 * One crontab entry: either an @special schedule ("@reboot", "@daily",
 * any word starting with '@') in event, or the five time fields, then the
 * command: the rest of the line, its words joined by single spaces as
 * osquery joins them (in /etc/crontab and /etc/cron.d it starts with the
 * user name, which osquery leaves in the command too).  Absent parts have
 * p NULL.
 */
struct acct_cron {
	struct acct_str event;
	struct acct_str minute;
	struct acct_str hour;
	struct acct_str day_of_month;
	struct acct_str month;
	struct acct_str day_of_week;
	struct acct_str command;
};

/*
 * Parses one line.  WRITES INTO line: the command's runs of blanks are
 * squeezed to one space in place.  Refuses blank lines, comments,
 * environment settings (NAME=value, with optional blanks around '=' and
 * an optionally quoted name, as cron reads them: reason "environment
 * setting"), and entries without a command.
 */
int acct_cron_parse(char *line, size_t len, struct acct_cron *out,
		    char *err, size_t errsize);

/* ---- shell history ---------------------------------------------------- */

/* State carried from one history line to the next: a bash timestamp
 * comment ("#1700000000") applies to the line after it.  Zero it before
 * the first line of each file. */
struct acct_hist_state {
	bool pending;
	int64_t time;
};

struct acct_hist_entry {
	int64_t time; /* seconds since the epoch, or 0 when unknown */
	struct acct_str command;
};

/*
 * Reads one line of a bash or zsh history file, as osquery does:
 *   - "#<digits>" with no timestamp pending is a bash timestamp: it is
 *     remembered and the function returns 0 (no entry);
 *   - the line after a bash timestamp is a command at that time, as it is;
 *   - ": <time>:<duration>;<command>" (zsh's extended history; up to ten
 *     spaces after the colon, at most eleven digits of time) is a command
 *     at that time;
 *   - any other line, empty ones included, is a command at time 0.
 * Returns 1 with *out filled, 0 for a timestamp line, or -1 for a line
 * refused (too long, or holding a NUL byte), which also drops a pending
 * timestamp.
 */
int acct_history_line(struct acct_hist_state *st, const char *line,
		      size_t len, struct acct_hist_entry *out, char *err,
		      size_t errsize);

/* ---- utmp / wtmp ------------------------------------------------------ */

/* The size of one record of utmp and wtmp: glibc's struct utmp (384 bytes
 * on x86_64, where the time fields are 32 bits wide). */
size_t acct_utmp_record_size(void);

/* One utmp record with its strings copied out and NUL-terminated (cut at
 * the first NUL of their field, never read past it). */
struct acct_utmp {
	int type; /* ut_type: EMPTY (0) .. ACCOUNTING (9), or anything */
	int32_t pid;
	char line[33];
	char id[5];
	char user[33];
	char host[257];
	int64_t tv_sec;
	int64_t tv_usec;
};

/*
 * Decodes one record from rec[0..len).  Refuses a record of any other
 * size than acct_utmp_record_size() (the tail of a truncated file).
 */
int acct_utmp_parse(const unsigned char *rec, size_t len,
		    struct acct_utmp *out, char *err, size_t errsize);

/* osquery's names for ut_type in logged_in_users ("user", "login",
 * "dead", "boot_time" ...), "unknown" for other values. */
const char *acct_utmp_type_name(int type);

/* osquery's names for ut_type in last ("user-process", "dead-process",
 * "boot-time" ...), "" for other values. */
const char *acct_utmp_last_type_name(int type);

/* ---- private keys ----------------------------------------------------- */

enum acct_pkey_format {
	ACCT_PKEY_PEM,     /* "-----BEGIN <label>PRIVATE KEY-----" */
	ACCT_PKEY_OPENSSH, /* "-----BEGIN OPENSSH PRIVATE KEY-----" */
};

enum acct_keyalg {
	ACCT_KEY_UNKNOWN,
	ACCT_KEY_RSA,
	ACCT_KEY_DSA,
	ACCT_KEY_ECDSA,
	ACCT_KEY_ED25519,
};

struct acct_bytes {
	const unsigned char *p;
	size_t n;
};

/*
 * A private key file, as far as it can be read without a passphrase.
 *
 * PEM: label is the text between "BEGIN " and "-----" ("RSA PRIVATE KEY",
 * "PRIVATE KEY", "ENCRYPTED PRIVATE KEY" ...); encrypted is set for the
 * PKCS#8 "ENCRYPTED PRIVATE KEY" label and for a legacy header
 * "Proc-Type: 4,ENCRYPTED"; alg is what the label says (RSA, DSA, EC), or
 * unknown.  pem points at the whole block, BEGIN to END lines included,
 * for a library to decode.
 *
 * OPENSSH (openssh-key-v1): cipher and kdf are the names in the decoded
 * header; encrypted is set when the cipher is not "none".  The first
 * public key of the file, which is never encrypted, gives alg and its
 * parts: RSA e and n (mp[0], mp[1]); DSA p, q, g, y (mp[0..3]); ECDSA the
 * curve name ("nistp256") and point Q (mp[0]); Ed25519 the public key
 * (mp[0]).  Security keys (sk-*) read as their base types.
 * The byte fields point into the caller's scratch buffer.
 */
struct acct_privkey {
	enum acct_pkey_format format;
	bool encrypted;
	enum acct_keyalg alg;
	struct acct_str label;
	struct acct_str pem;
	struct acct_bytes cipher;
	struct acct_bytes kdf;
	struct acct_bytes keytype;
	struct acct_bytes curve;
	struct acct_bytes mp[4];
	bool pub_ok; /* the public key was read: alg and mp are set */
};

/*
 * Looks for a private key in a file's contents data[0..len).  With
 * anywhere false the key's BEGIN line must be the first line of the file
 * (leading blank lines aside); with anywhere true (files named id_* or
 * *.pem) it may follow other text, as PEM readers allow.  The OpenSSH
 * body is decoded into scratch (scratch_size bytes; a body that does not
 * fit is refused).  Returns 0 with *out filled, or -1 with err set when
 * the data holds no private key or an OpenSSH key that cannot be read.
 * An OpenSSH key whose public part is malformed is still a key: it
 * returns 0 with pub_ok false.
 */
int acct_privkey_parse(const char *data, size_t len, bool anywhere,
		       unsigned char *scratch, size_t scratch_size,
		       struct acct_privkey *out, char *err, size_t errsize);

/*
 * Decodes base64 text src[0..n) into dst (room for dstsize bytes),
 * skipping white space; '=' padding ends the data.  Returns the number of
 * bytes written, or -1 for a character outside the alphabet, a bad
 * length, or output that does not fit.
 */
long acct_base64_decode(const char *src, size_t n, unsigned char *dst,
			size_t dstsize);

#endif
