/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sshdparse: the effective configuration of OpenSSH's sshd from
 * sshd_config(5) text, read the way sshd 9.2 (Debian 12) reads it.
 *
 * A line, as servconf.c takes it:
 *   - blanks (space, tab, CR) before the keyword and blanks and form
 *     feeds after the last argument are ignored; an empty line or one
 *     whose keyword starts with '#' is a comment;
 *   - the keyword ends at a blank or at one '=' ("Port=22", "Port = 22");
 *     it is case-insensitive and reported lowercase, under its canonical
 *     name when it is an alias (challengeresponseauthentication is
 *     kbdinteractiveauthentication, ...);
 *   - the arguments are split like a shell would, lightly: blanks
 *     separate them, "..." and '...' group (the quotes are removed), a
 *     backslash escapes a quote, a backslash or (outside quotes) a space,
 *     and a word starting with '#' ends the line.  The value is the
 *     arguments joined by single spaces, their case kept.  ForceCommand,
 *     AuthorizedKeysCommand, AuthorizedPrincipalsCommand and
 *     VersionAddendum take the rest of the line as written instead;
 *   - lines sshd would refuse (an unterminated quote, a keyword with no
 *     argument, a NUL byte) are skipped, and so is a line longer than
 *     SSHD_LINE_MAX.  Keywords sshd ignores (Protocol, UsePrivilegeSeparation
 *     and the other deprecated ones) give no entry; keywords it does not
 *     know are kept, as written but lowercased (sshd would refuse to start
 *     on them, which a query can look for).
 *
 * Which value counts:
 *   - for most keywords the first one (sshd's "first obtained value");
 *   - the last one for MaxStartups, PerSourceMaxStartups,
 *     PerSourceNetBlockSize, IPQoS, StreamLocalBindMask and
 *     FingerprintHash, which sshd overwrites;
 *   - every one, in order, for the keywords that accumulate: Port,
 *     ListenAddress, HostKey, HostCertificate, AcceptEnv, AllowUsers,
 *     DenyUsers, AllowGroups, DenyGroups and Subsystem.
 *   Keywords that take several arguments but only once (AuthorizedKeysFile,
 *   AuthenticationMethods, SetEnv, PermitOpen, PermitListen, LogVerbose,
 *   ChannelTimeout) keep their first line whole.
 *
 * Match blocks: "Match CRITERIA" starts a block that runs to the next Match
 * or the end of the file it is in (a Match inside an included file ends
 * with that file).  Its lines are entries of their own, with the criteria
 * (the Match arguments joined by spaces) in match, resolved by the same
 * rules within the block, and never applied to the global values.  An
 * Include inside a Match block puts the included lines in that block; a
 * Match inside such a file has both criteria, the outer first.
 *
 * Include: each argument is a glob(7) pattern, relative to /etc/ssh unless
 * it starts with '/' ("~/" is root's home, /root); the files it matches are
 * read in lexical order, where the Include line is, through the caller's
 * reader (no I/O happens here).  An Include that would read a file already
 * being read (a loop) is skipped, and so is one nested deeper than
 * SSHD_INCLUDE_DEPTH (sshd stops at the same depth, refusing to start), or
 * past SSHD_FILES_MAX files or 16 MiB read in all (globs that include each
 * other could otherwise read every ordering of a directory).  The counters
 * in struct sshd_config say what was skipped.
 *
 * sshdparse_defaults() then adds OpenSSH 9.2's compiled-in defaults, as
 * Debian 12 builds it, for the keywords no global line sets.
 *
 * Everything is pure: no I/O but the reader's, no printing; errors into
 * err[errsize].  The config owns its strings; sshdparse_release() frees
 * them.
 */
#ifndef VIGIL_SSHDPARSE_H
#define VIGIL_SSHDPARSE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* A line longer than this is skipped. */
#define SSHD_LINE_MAX (1u << 20)
/* Include nesting sshd allows (SERVCONF_MAX_DEPTH). */
#define SSHD_INCLUDE_DEPTH 16
/* Files read in all, the main one included. */
#define SSHD_FILES_MAX 256
/* Entries kept; later lines are dropped (counted in dropped). */
#define SSHD_ENTRIES_MAX 65536
/* sshd's directory, base of relative Include patterns. */
#define SSHD_DIR "/etc/ssh"

/* One effective setting.  Strings are owned by the config. */
struct sshd_entry {
	const char *keyword; /* canonical, lowercase */
	const char *value;
	const char *match;   /* the Match criteria; NULL for a global line */
	const char *file;    /* NULL for a default */
	unsigned line;       /* from 1; 0 for a default */
	bool is_default;     /* from sshdparse_defaults() */
};

struct sshd_config {
	struct sshd_entry *v; /* n entries, in the order sshd read them */
	size_t n, alloc;
	/* What was skipped. */
	unsigned loops;      /* Include of a file already open */
	unsigned too_deep;   /* Include past SSHD_INCLUDE_DEPTH */
	unsigned too_many;   /* files past SSHD_FILES_MAX or 16 MiB */
	unsigned unreadable; /* included files the reader could not read */
	unsigned bad_lines;  /* lines sshd would refuse, or too long */
	unsigned dropped;    /* entries past SSHD_ENTRIES_MAX */
	unsigned files;      /* files read */
	/* Internal: owned strings and the (block, keyword) index. */
	char **strs;
	size_t nstrs, astrs;
	struct sshd_slot *slots;
	size_t nslots, used;
	unsigned blocks;
};

/*
 * How the parser reaches included files.  glob() lists the files a
 * pattern (an absolute path with glob(7) wildcards) matches, in lexical
 * order, as malloc'd strings in a malloc'd array the parser frees; it
 * returns 0 (also for no match) or -1.  load() appends a file's bytes to
 * out (whose cap it may lower) and returns 0, or -1 when the file cannot
 * be read.  ctx is passed through.
 */
struct sshd_reader {
	int (*glob)(void *ctx, const char *pattern, char ***paths,
		    size_t *n);
	int (*load)(void *ctx, const char *path, struct buf *out);
	void *ctx;
};

void sshdparse_init(struct sshd_config *c);
void sshdparse_release(struct sshd_config *c);

/*
 * Parses the main file's text (len bytes, need not be terminated, named
 * file for the entries and for loop detection), following Include lines
 * through rd (NULL: Include lines are skipped).  Returns 0, or -1 with err
 * set when memory runs out; c then holds what was parsed before.
 */
int sshdparse_text(struct sshd_config *c, const char *file, const char *text,
		   size_t len, const struct sshd_reader *rd, char *err,
		   size_t errsize);

/*
 * Appends an entry for each default no global entry overrides (HostKey
 * gets its three default keys).  0, or -1 when memory runs out.
 */
int sshdparse_defaults(struct sshd_config *c, char *err, size_t errsize);

/* The canonical lowercase name of a keyword (an alias resolved), in
 * dst[size]; returns dst, or NULL when it does not fit. */
char *sshdparse_keyword(const char *kw, size_t len, char *dst, size_t size);

#endif
