/* SPDX-License-Identifier: Apache-2.0 */
/*
 * netproc: parsers for the socket lists of /proc/net and for the
 * per-process files the process tables read (maps, environ, fdinfo, the
 * targets of fd and ns links).
 *
 * These are pure functions over bytes already read: no I/O, no printing.
 * Their input is untrusted twice over: a fixture or mounted image can hold
 * anything, and on a live host a user names the unix sockets and files
 * that show up in these lines, so every field is bounded and a line that
 * does not parse is refused whole with a reason in the caller's err[].
 * The input need not be NUL-terminated: each parser takes a length.
 *
 * struct netproc_sock is also what sockdiag.c fills from netlink, so the
 * tables see one record whichever source the sockets came from.
 */
#ifndef VIGIL_NETPROC_H
#define VIGIL_NETPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Longest unix socket path kept, with its terminating NUL: sun_path holds
 * 108 bytes, and an abstract name is shown with a leading '@'.
 */
#define NETPROC_PATH_MAX 112

/* Room for any address netproc_format_addr writes. */
#define NETPROC_ADDR_MAX 48

/* Kernel socket states (include/net/tcp_states.h), as both sources give
 * them; unix sockets use the same numbers. */
enum netproc_state {
	NETPROC_ESTABLISHED = 1,
	NETPROC_SYN_SENT = 2,
	NETPROC_CLOSE = 7,
	NETPROC_LISTEN = 10,
};

/*
 * One socket.  Addresses are the raw bytes in network order (4 used for
 * AF_INET, 16 for AF_INET6); ports are in host order.  state is the kernel's
 * state number (enum netproc_state; 0 when unknown).  For AF_UNIX, protocol
 * is 0, unix_type is SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET, and path
 * is the bound name ("" when unbound; abstract names start with '@').
 * uid is -1 when the source does not give it.
 */
struct netproc_sock {
	uint64_t inode;
	int family;
	int protocol;
	int state;
	unsigned unix_type;
	uint8_t local[16];
	uint8_t remote[16];
	uint16_t local_port;
	uint16_t remote_port;
	int64_t uid;
	char path[NETPROC_PATH_MAX]; /* NUL-terminated */
};

/*
 * Parses one line of /proc/net/{tcp,udp,raw} (family AF_INET) or
 * {tcp6,udp6,raw6} (AF_INET6); protocol is stored as given.  The header
 * line, blank lines and anything malformed return -1 with the reason in
 * err.  The inode must be followed by more fields, as the kernel always
 * prints them, so a line cut inside its inode is refused rather than read
 * as a smaller number.  Returns 0 and fills *out.
 */
int netproc_parse_inet(const char *line, size_t len, int family,
		       int protocol, struct netproc_sock *out, char *err,
		       size_t errsize);

/*
 * Parses one line of /proc/net/unix.  The path is the rest of the line
 * after the inode and one space, kept whole even when it holds spaces; a
 * path longer than sun_path allows is malformed.  A listening socket
 * (flag __SO_ACCEPTCON) gets state NETPROC_LISTEN, a connected one
 * NETPROC_ESTABLISHED, a connecting one NETPROC_SYN_SENT and any other
 * NETPROC_CLOSE, as unix_diag reports them.  Returns 0, or -1 with err.
 */
int netproc_parse_unix(const char *line, size_t len, struct netproc_sock *out,
		       char *err, size_t errsize);

/*
 * Writes the text form of an address (inet_ntop: "127.0.0.1", "::1",
 * "::ffff:10.0.0.1") into dst, which should hold NETPROC_ADDR_MAX bytes.
 * Returns 0, or -1 for another family or too small a dst.
 */
int netproc_format_addr(int family, const uint8_t *addr, char *dst,
			size_t size);

/* osquery's name of a TCP state ("ESTABLISHED", "LISTEN" ...); "UNKNOWN"
 * for 0 and for numbers it has no name for.  Never NULL. */
const char *netproc_tcp_state_name(int state);

/*
 * Reads "TYPE:[NUMBER]" (the target of an fd link such as "socket:[123]"
 * or "pipe:[9]", or of an ns link such as "net:[4026531840]") where TYPE
 * is type.  Returns 0 and sets *inode, or -1 when the link is another kind
 * or malformed (0 is not an inode).
 */
int netproc_link_inode(const char *link, size_t len, const char *type,
		       uint64_t *inode);

/*
 * One line of /proc/PID/maps.  start, end, perms and device point into the
 * line (not terminated; start and end are the hex text without "0x").
 * path is the rest of the line after the inode and its padding, spaces
 * included, or empty; the kernel escapes newlines in it.
 */
struct netproc_map {
	const char *start;
	size_t start_len;
	const char *end;
	size_t end_len;
	const char *perms;
	size_t perms_len;
	uint64_t offset;
	const char *device;
	size_t device_len;
	uint64_t inode;
	const char *path;
	size_t path_len;
};

/* Parses one maps line (without its newline).  Returns 0, or -1 with err. */
int netproc_parse_map(const char *line, size_t len, struct netproc_map *out,
		      char *err, size_t errsize);

/*
 * One variable of an environ block: key and value point into the block.
 * has_value is false for an entry without '=' (value is then empty).
 */
struct netproc_env {
	const char *key;
	size_t key_len;
	const char *value;
	size_t value_len;
	bool has_value;
};

/*
 * Walks /proc/PID/environ: entries are separated by NULs, the last one
 * need not be terminated, and empty entries are skipped.  Start with
 * *pos = 0; each call fills *out with the next entry and returns 1, or
 * returns 0 at the end.
 */
int netproc_environ_next(const char *s, size_t len, size_t *pos,
			 struct netproc_env *out);

/*
 * Finds the "flags:" line of /proc/PID/fdinfo/N text (octal open flags).
 * Returns 0 and sets *flags, or -1 when it is missing or malformed.
 */
int netproc_parse_fdinfo_flags(const char *s, size_t len, unsigned *flags);

#endif
