/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ssh.c: the authorized_keys, user_ssh_keys, known_hosts and ssh_configs
 * tables: the SSH keys and settings of each local user.
 *
 * Users and their homes come from /etc/passwd (homes.c); every table
 * narrows on `uid = N`.  Files under a home are read with
 * HOSTFS_NOFOLLOW, so a user's symlink (~/.ssh/authorized_keys ->
 * /etc/shadow) is never followed; such a file gives no rows.
 *
 * authorized_keys (one row a key line of ~/.ssh/authorized_keys and
 * ~/.ssh/authorized_keys2; lines sshd would not read are skipped):
 *   uid        the user's uid
 *   algorithm  the key type ("ssh-ed25519", "ssh-rsa", a -cert- type)
 *   key        the base64 key
 *   options    the options before the key type, as written (quoted parts
 *              may hold blanks and commas), NULL when there are none
 *   comment    the text after the key, NULL when there is none
 *   key_file   the file
 * user_ssh_keys (one row a private key file in ~/.ssh: a file whose
 *   first line is a "-----BEGIN ... PRIVATE KEY-----" header, or, for
 *   files named id_* or *.pem, that holds such a header anywhere):
 *   uid, path  the user's uid and the file
 *   encrypted  1 when it needs a passphrase: an OpenSSH key whose cipher
 *              is not "none", a PEM key with "Proc-Type: 4,ENCRYPTED", or
 *              a PKCS#8 "ENCRYPTED PRIVATE KEY"; else 0
 *   key_type   OpenSSL's type as osquery names it: "rsa", "dsa", "ec",
 *              "dh", "hmac", "cmac", or "" for any other (Ed25519);
 *              NULL when it cannot be known without the passphrase
 *   key_group_name  the curve of an EC key ("prime256v1"), "" for keys
 *              without a group, NULL when unknown
 *   key_length, key_security_bits  the key size in bits and its strength
 *              (NIST SP 800-57) as OpenSSL computes them, NULL when unknown
 * known_hosts (one row a host key line of ~/.ssh/known_hosts):
 *   uid, key_file  the user's uid and the file
 *   key        the whole line, as osquery shows it (marker, hosts or their
 *              hash, key type, key and comment)
 * ssh_configs (one row an option line of each user's ~/.ssh/config, then
 *   of /etc/ssh/ssh_config with uid 0; lowercased, as osquery does):
 *   uid, ssh_config_file  the user (0 for the system file) and the file
 *   block      the Host or Match line the option falls under, "" before
 *              the first one
 *   option     the option line, keyword and arguments
 *   Include directives are rows like any option; the files they name are
 *   not read (osquery does not read them either).
 * pid_with_namespace (authorized_keys, user_ssh_keys) is always NULL:
 *   vigil reads the files under its root only.
 *
 * Required constraints: none.  uid = N narrows every table to that user;
 * user_ssh_keys also narrows on path = 'file'.
 *
 * Privileges: root to read other users' files (homes are often 0700).
 *
 * Example:
 *   SELECT u.username, k.path FROM users u JOIN user_ssh_keys k USING (uid)
 *     WHERE k.encrypted = 0;
 *   SELECT uid, options, comment FROM authorized_keys
 *     WHERE options IS NULL OR options NOT LIKE '%from=%';
 *
 * How it works: each file is read whole (bounded) through hostfs and its
 * lines parsed by acctparse.c.  A private key is never decrypted, and
 * whether it is encrypted comes from the file's own headers.  The type
 * and size of an OpenSSH key come from its public half, which the file
 * keeps in clear even when the private half is encrypted, measured by
 * handing those public numbers to OpenSSL; an unencrypted PEM key is read
 * by OpenSSL with a passphrase callback that always refuses.  libcrypto is
 * loaded on first use (util/lazylib.h), and only when the query reads
 * key_type, key_group_name, key_length or key_security_bits; without it
 * those columns are NULL.  Buffers that held key material are wiped before
 * they are freed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "sql/table.h"
#include "tables/acctparse.h"
#include "tables/homes.h"
#include "util/buf.h"
#include "util/hostfs.h"
#include "util/lazylib.h"

/* Caps on what is read of each file. */
#define AUTHKEYS_FILE_MAX (4u << 20)
#define KNOWN_HOSTS_FILE_MAX (16u << 20)
#define SSH_CONFIG_FILE_MAX (1u << 20)
#define KEY_FILE_MAX (256u << 10)
/* Decoded OpenSSH key bodies: a 16384-bit RSA key takes about 9 KiB. */
#define KEY_SCRATCH (64u << 10)
/* Entries of ~/.ssh looked at. */
#define SSH_DIR_MAX_ENTRIES 4096
/* Largest public numbers handed to OpenSSL (bytes): RSA and DSA moduli of
 * 16384 bits, EC points of P-521. */
#define KEY_MP_MAX 2049

enum authorized_keys_col {
	AK_UID,
	AK_ALGORITHM,
	AK_KEY,
	AK_OPTIONS,
	AK_COMMENT,
	AK_KEY_FILE,
	AK_PID_WITH_NAMESPACE,
	AK_NCOLS
};

static const struct column authorized_keys_cols[] = {
	{ "uid", COL_BIGINT, COL_ADDITIONAL,
	  "The uid of the user whose file holds the key." },
	{ "algorithm", COL_TEXT, 0,
	  "The key type, such as ssh-ed25519 or ssh-rsa." },
	{ "key", COL_TEXT, 0, "The base64-encoded public key." },
	{ "options", COL_TEXT, 0,
	  "The options before the key type, as written; NULL when none." },
	{ "comment", COL_TEXT, 0,
	  "The text after the key; NULL when none." },
	{ "key_file", COL_TEXT, 0, "The authorized_keys file." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(authorized_keys_cols) == AK_NCOLS,
	       "authorized_keys columns");

enum user_ssh_keys_col {
	UK_UID,
	UK_PATH,
	UK_ENCRYPTED,
	UK_KEY_TYPE,
	UK_KEY_GROUP_NAME,
	UK_KEY_LENGTH,
	UK_KEY_SECURITY_BITS,
	UK_PID_WITH_NAMESPACE,
	UK_NCOLS
};

static const struct column user_ssh_keys_cols[] = {
	{ "uid", COL_BIGINT, COL_ADDITIONAL | COL_OPTIMIZED,
	  "The uid of the user whose ~/.ssh holds the key." },
	{ "path", COL_TEXT, COL_INDEX, "The private key file." },
	{ "encrypted", COL_INTEGER, 0,
	  "1 when the key is protected by a passphrase, else 0." },
	{ "key_type", COL_TEXT, 0,
	  "OpenSSL's key type: rsa, dsa, dh, ec, hmac, cmac, or \"\" for "
	  "others such as Ed25519; NULL when unknown without the "
	  "passphrase." },
	{ "key_group_name", COL_TEXT, 0,
	  "The curve of an EC key (prime256v1 ...), \"\" for keys without "
	  "one, NULL when unknown." },
	{ "key_length", COL_INTEGER, 0,
	  "The key size in bits, as OpenSSL counts it; NULL when unknown." },
	{ "key_security_bits", COL_INTEGER, 0,
	  "The key's strength in bits (NIST SP 800-57), as OpenSSL computes "
	  "it; NULL when unknown." },
	{ "pid_with_namespace", COL_INTEGER, COL_HIDDEN | COL_ADDITIONAL,
	  "Always NULL: vigil reads only the files under its root, "
	  "not other mount namespaces." },
};
_Static_assert(TABLE_NCOLS(user_ssh_keys_cols) == UK_NCOLS,
	       "user_ssh_keys columns");

enum known_hosts_col {
	KH_UID,
	KH_KEY,
	KH_KEY_FILE,
	KH_NCOLS
};

static const struct column known_hosts_cols[] = {
	{ "uid", COL_BIGINT, COL_INDEX | COL_OPTIMIZED,
	  "The uid of the user whose file holds the line." },
	{ "key", COL_TEXT, 0,
	  "The whole known_hosts line: marker, host patterns or their hash, "
	  "key type, key and comment." },
	{ "key_file", COL_TEXT, 0, "The known_hosts file." },
};
_Static_assert(TABLE_NCOLS(known_hosts_cols) == KH_NCOLS,
	       "known_hosts columns");

enum ssh_configs_col {
	SC_UID,
	SC_BLOCK,
	SC_OPTION,
	SC_SSH_CONFIG_FILE,
	SC_NCOLS
};

static const struct column ssh_configs_cols[] = {
	{ "uid", COL_BIGINT, COL_ADDITIONAL | COL_OPTIMIZED,
	  "The uid of the user whose ~/.ssh/config holds the option; 0 for "
	  "/etc/ssh/ssh_config." },
	{ "block", COL_TEXT, 0,
	  "The Host or Match line the option belongs to (lowercased), \"\" "
	  "before the first one." },
	{ "option", COL_TEXT, 0,
	  "The option line, keyword and arguments, lowercased." },
	{ "ssh_config_file", COL_TEXT, 0, "The configuration file." },
};
_Static_assert(TABLE_NCOLS(ssh_configs_cols) == SC_NCOLS,
	       "ssh_configs columns");

static void set_str(struct qctx *q, int col, struct acct_str s)
{
	if (s.p)
		qctx_set_textn(q, col, s.p, s.n);
}

/* The next line of b from *pos (without its newline); NULL at the end. */
static char *next_line(const struct buf *b, size_t *pos, size_t *len)
{
	char *start, *nl;

	if (!b->data || *pos >= b->len)
		return NULL;
	start = b->data + *pos;
	nl = memchr(start, '\n', b->len - *pos);
	*len = nl ? (size_t)(nl - start) : b->len - *pos;
	*pos += *len + 1;
	return start;
}

/*
 * Reads a file for a table into b (initialised here; the caller releases
 * it).  Returns 1 when read, 0 when missing or unreadable (no rows), -1
 * after qctx_error() when memory ran out.
 */
static int read_for(struct qctx *q, const char *path, unsigned flags,
		    size_t cap, struct buf *b)
{
	struct stat st;

	buf_init(b, cap);
	if (homes_read_file(path, flags, cap, b, &st) == 0)
		return 1;
	if (errno == ENOMEM)
		return qctx_error(q, "reading %s: out of memory", path);
	return 0;
}

/* ---- authorized_keys -------------------------------------------------- */

static int authkeys_user(struct qctx *q, const struct homes_user *u,
			 void *arg)
{
	static const char *const files[] = { ".ssh/authorized_keys",
					     ".ssh/authorized_keys2" };
	struct acct_authkey k;
	char path[PATH_MAX], *line;
	struct buf b;
	size_t i, pos, len;
	int r;

	(void)arg;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (homes_path(path, sizeof(path), u->dir, files[i]) < 0)
			continue;
		r = read_for(q, path, HOSTFS_NOFOLLOW, AUTHKEYS_FILE_MAX, &b);
		if (r <= 0) {
			buf_release(&b);
			if (r < 0)
				return -1;
			continue;
		}
		pos = 0;
		while ((line = next_line(&b, &pos, &len))) {
			if (acct_authkey_parse(line, len, &k, NULL, 0) < 0)
				continue;
			if (qctx_row(q) < 0) {
				buf_release(&b);
				return -1;
			}
			qctx_set_int(q, AK_UID, u->uid);
			set_str(q, AK_ALGORITHM, k.type);
			set_str(q, AK_KEY, k.key);
			set_str(q, AK_OPTIONS, k.options);
			set_str(q, AK_COMMENT, k.comment);
			qctx_set_text(q, AK_KEY_FILE, path);
		}
		buf_release(&b);
	}
	return 0;
}

static int authorized_keys_generate(struct qctx *q)
{
	return homes_each(q, AK_UID, authkeys_user, NULL);
}

/* ---- known_hosts ------------------------------------------------------ */

static int known_hosts_user(struct qctx *q, const struct homes_user *u,
			    void *arg)
{
	struct acct_knownhost kh;
	char path[PATH_MAX], *line;
	struct buf b;
	size_t pos = 0, len;
	int r;

	(void)arg;
	if (homes_path(path, sizeof(path), u->dir, ".ssh/known_hosts") < 0)
		return 0;
	r = read_for(q, path, HOSTFS_NOFOLLOW, KNOWN_HOSTS_FILE_MAX, &b);
	if (r <= 0) {
		buf_release(&b);
		return r;
	}
	while ((line = next_line(&b, &pos, &len))) {
		if (acct_knownhost_parse(line, len, &kh, NULL, 0) < 0)
			continue;
		if (qctx_row(q) < 0) {
			buf_release(&b);
			return -1;
		}
		qctx_set_int(q, KH_UID, u->uid);
		set_str(q, KH_KEY, kh.line);
		qctx_set_text(q, KH_KEY_FILE, path);
	}
	buf_release(&b);
	return 0;
}

static int known_hosts_generate(struct qctx *q)
{
	return homes_each(q, KH_UID, known_hosts_user, NULL);
}

/* ---- ssh_configs ------------------------------------------------------ */

static int ssh_config_file(struct qctx *q, uint32_t uid, const char *path,
			   unsigned flags)
{
	struct acct_sshcfg c;
	struct acct_str block = { "", 0 };
	struct buf b;
	size_t pos = 0, len;
	char *line;
	int r;

	r = read_for(q, path, flags, SSH_CONFIG_FILE_MAX, &b);
	if (r <= 0) {
		buf_release(&b);
		return r;
	}
	while ((line = next_line(&b, &pos, &len))) {
		if (acct_sshcfg_parse(line, len, &c, NULL, 0) < 0)
			continue;
		if (c.kind == ACCT_SSHCFG_BLOCK) {
			block = c.text;
			continue;
		}
		if (qctx_row(q) < 0) {
			buf_release(&b);
			return -1;
		}
		qctx_set_int(q, SC_UID, uid);
		qctx_set_textn(q, SC_BLOCK, block.p, block.n);
		set_str(q, SC_OPTION, c.text);
		qctx_set_text(q, SC_SSH_CONFIG_FILE, path);
	}
	buf_release(&b);
	return 0;
}

static int ssh_configs_user(struct qctx *q, const struct homes_user *u,
			    void *arg)
{
	char path[PATH_MAX];

	(void)arg;
	if (homes_path(path, sizeof(path), u->dir, ".ssh/config") < 0)
		return 0;
	return ssh_config_file(q, u->uid, path, HOSTFS_NOFOLLOW);
}

static int ssh_configs_generate(struct qctx *q)
{
	if (homes_each(q, SC_UID, ssh_configs_user, NULL) < 0)
		return -1;
	return ssh_config_file(q, 0, "/etc/ssh/ssh_config", 0);
}

/* ---- user_ssh_keys ---------------------------------------------------- */

/* What user_ssh_keys shows of one key; NULL strings and -1 numbers are
 * NULL columns. */
struct key_info {
	int encrypted;
	const char *type;
	char group[64];
	bool group_known;
	int64_t length;
	int64_t security_bits;
};

/*
 * libcrypto, loaded on first use (util/lazylib.h), and only by scans that
 * read the key_type, key_group_name, key_length or key_security_bits
 * columns.  Function pointers take their types from OpenSSL's headers.
 */
static struct lazylib libcrypto = LAZYLIB_INIT("libcrypto.so.3");

static struct {
	__typeof__(BIO_new_mem_buf) *bio_new_mem_buf;
	__typeof__(BIO_free) *bio_free;
	__typeof__(PEM_read_bio_PrivateKey) *pem_read_bio_privatekey;
	__typeof__(EVP_PKEY_free) *pkey_free;
	__typeof__(EVP_PKEY_get_base_id) *pkey_get_base_id;
	__typeof__(EVP_PKEY_get_bits) *pkey_get_bits;
	__typeof__(EVP_PKEY_get_security_bits) *pkey_get_security_bits;
	__typeof__(EVP_PKEY_get_group_name) *pkey_get_group_name;
	__typeof__(EVP_PKEY_new_raw_public_key) *pkey_new_raw_public_key;
	__typeof__(EVP_PKEY_CTX_new_from_name) *ctx_new_from_name;
	__typeof__(EVP_PKEY_CTX_free) *ctx_free;
	__typeof__(EVP_PKEY_fromdata_init) *fromdata_init;
	__typeof__(EVP_PKEY_fromdata) *fromdata;
	__typeof__(OSSL_PARAM_BLD_new) *bld_new;
	__typeof__(OSSL_PARAM_BLD_push_BN) *bld_push_bn;
	__typeof__(OSSL_PARAM_BLD_push_utf8_string) *bld_push_utf8;
	__typeof__(OSSL_PARAM_BLD_push_octet_string) *bld_push_octets;
	__typeof__(OSSL_PARAM_BLD_to_param) *bld_to_param;
	__typeof__(OSSL_PARAM_BLD_free) *bld_free;
	__typeof__(OSSL_PARAM_free) *param_free;
	__typeof__(BN_bin2bn) *bn_bin2bn;
	__typeof__(BN_free) *bn_free;
	__typeof__(ERR_clear_error) *err_clear;
} ossl;

static const char *const ossl_names[] = {
	"BIO_new_mem_buf",
	"BIO_free",
	"PEM_read_bio_PrivateKey",
	"EVP_PKEY_free",
	"EVP_PKEY_get_base_id",
	"EVP_PKEY_get_bits",
	"EVP_PKEY_get_security_bits",
	"EVP_PKEY_get_group_name",
	"EVP_PKEY_new_raw_public_key",
	"EVP_PKEY_CTX_new_from_name",
	"EVP_PKEY_CTX_free",
	"EVP_PKEY_fromdata_init",
	"EVP_PKEY_fromdata",
	"OSSL_PARAM_BLD_new",
	"OSSL_PARAM_BLD_push_BN",
	"OSSL_PARAM_BLD_push_utf8_string",
	"OSSL_PARAM_BLD_push_octet_string",
	"OSSL_PARAM_BLD_to_param",
	"OSSL_PARAM_BLD_free",
	"OSSL_PARAM_free",
	"BN_bin2bn",
	"BN_free",
	"ERR_clear_error",
};
_Static_assert(sizeof(ossl_names) / sizeof(ossl_names[0]) ==
		       sizeof(ossl) / sizeof(void *),
	       "one name per function pointer");

/* Loads libcrypto once.  True when the functions are there. */
static bool ossl_load(void)
{
	return lazylib_bind(&libcrypto, ossl_names,
			    sizeof(ossl_names) / sizeof(ossl_names[0]),
			    &ossl) == 0;
}

/* osquery's keyTypeAsString(). */
static const char *evp_type_name(int id)
{
	switch (id) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA2:
		return "rsa";
	case EVP_PKEY_DSA:
	case EVP_PKEY_DSA1:
	case EVP_PKEY_DSA2:
	case EVP_PKEY_DSA3:
	case EVP_PKEY_DSA4:
		return "dsa";
	case EVP_PKEY_DH:
	case EVP_PKEY_DHX:
		return "dh";
	case EVP_PKEY_EC:
		return "ec";
	case EVP_PKEY_HMAC:
		return "hmac";
	case EVP_PKEY_CMAC:
		return "cmac";
	}
	return "";
}

static void info_from_evp(EVP_PKEY *pk, struct key_info *ki)
{
	size_t glen = 0;

	ki->type = evp_type_name(ossl.pkey_get_base_id(pk));
	ki->length = ossl.pkey_get_bits(pk);
	ki->security_bits = ossl.pkey_get_security_bits(pk);
	ki->group_known = true;
	if (ossl.pkey_get_group_name(pk, ki->group, sizeof(ki->group),
				     &glen) != 1)
		ki->group[0] = '\0';
}

static const char *label_type(enum acct_keyalg alg)
{
	switch (alg) {
	case ACCT_KEY_RSA:
		return "rsa";
	case ACCT_KEY_DSA:
		return "dsa";
	case ACCT_KEY_ECDSA:
		return "ec";
	default:
		return NULL;
	}
}

/* OpenSSL's name of an OpenSSH curve. */
static const char *curve_group(struct acct_bytes c)
{
	if (c.n == 8 && memcmp(c.p, "nistp256", 8) == 0)
		return "prime256v1";
	if (c.n == 8 && memcmp(c.p, "nistp384", 8) == 0)
		return "secp384r1";
	if (c.n == 8 && memcmp(c.p, "nistp521", 8) == 0)
		return "secp521r1";
	return NULL;
}

static int push_bn(OSSL_PARAM_BLD *bld, const char *name,
		   struct acct_bytes v, BIGNUM **keep)
{
	if (v.n == 0 || v.n > KEY_MP_MAX)
		return -1;
	*keep = ossl.bn_bin2bn(v.p, (int)v.n, NULL);
	if (!*keep || !ossl.bld_push_bn(bld, name, *keep))
		return -1;
	return 0;
}

/*
 * Builds a public key from the numbers of an OpenSSH key's public half.
 * Returns the key (free it with ossl.pkey_free) or NULL.
 */
static EVP_PKEY *pkey_from_public(const struct acct_privkey *k)
{
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;
	BIGNUM *bn[4] = { NULL, NULL, NULL, NULL };
	const char *kind = NULL, *group;
	int i;

	if (k->alg == ACCT_KEY_ED25519)
		return ossl.pkey_new_raw_public_key(EVP_PKEY_ED25519, NULL,
						    k->mp[0].p, k->mp[0].n);
	bld = ossl.bld_new();
	if (!bld)
		goto out;
	switch (k->alg) {
	case ACCT_KEY_RSA:
		kind = "RSA";
		if (push_bn(bld, OSSL_PKEY_PARAM_RSA_E, k->mp[0], &bn[0]) < 0 ||
		    push_bn(bld, OSSL_PKEY_PARAM_RSA_N, k->mp[1], &bn[1]) < 0)
			goto out;
		break;
	case ACCT_KEY_DSA:
		kind = "DSA";
		if (push_bn(bld, OSSL_PKEY_PARAM_FFC_P, k->mp[0], &bn[0]) < 0 ||
		    push_bn(bld, OSSL_PKEY_PARAM_FFC_Q, k->mp[1], &bn[1]) < 0 ||
		    push_bn(bld, OSSL_PKEY_PARAM_FFC_G, k->mp[2], &bn[2]) < 0 ||
		    push_bn(bld, OSSL_PKEY_PARAM_PUB_KEY, k->mp[3], &bn[3]) < 0)
			goto out;
		break;
	case ACCT_KEY_ECDSA:
		kind = "EC";
		group = curve_group(k->curve);
		if (!group || k->mp[0].n > KEY_MP_MAX ||
		    !ossl.bld_push_utf8(bld, OSSL_PKEY_PARAM_GROUP_NAME, group,
					0) ||
		    !ossl.bld_push_octets(bld, OSSL_PKEY_PARAM_PUB_KEY,
					  k->mp[0].p, k->mp[0].n))
			goto out;
		break;
	default:
		goto out;
	}
	params = ossl.bld_to_param(bld);
	ctx = ossl.ctx_new_from_name(NULL, kind, NULL);
	if (!params || !ctx || ossl.fromdata_init(ctx) <= 0 ||
	    ossl.fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pk = NULL;
out:
	ossl.ctx_free(ctx);
	ossl.param_free(params);
	ossl.bld_free(bld);
	for (i = 0; i < 4; i++)
		ossl.bn_free(bn[i]);
	return pk;
}

/* A passphrase callback that refuses: a key that needs one is never
 * decrypted.  (The headers already told whether it is encrypted.) */
static int refuse_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/*
 * Fills what user_ssh_keys shows of a key.  encrypted comes from the
 * file's headers; the rest needs libcrypto, and is looked up only when
 * details is set (the query reads those columns) and libcrypto loads.
 */
static void key_info(const struct acct_privkey *k, bool details,
		     struct key_info *ki)
{
	EVP_PKEY *pk = NULL;
	BIO *bio;

	memset(ki, 0, sizeof(*ki));
	ki->encrypted = k->encrypted;
	ki->length = ki->security_bits = -1;
	if (k->format == ACCT_PKEY_PEM)
		ki->type = label_type(k->alg);
	if (!details || !ossl_load())
		return;
	if (k->format == ACCT_PKEY_OPENSSH) {
		if (k->pub_ok)
			pk = pkey_from_public(k);
	} else if (!k->encrypted && k->pem.n <= INT_MAX) {
		bio = ossl.bio_new_mem_buf(k->pem.p, (int)k->pem.n);
		if (bio) {
			pk = ossl.pem_read_bio_privatekey(
				bio, NULL, refuse_passphrase, NULL);
			ossl.bio_free(bio);
		}
	}
	if (pk) {
		info_from_evp(pk, ki);
		ossl.pkey_free(pk);
	}
	ossl.err_clear();
}

/* The file names that may hold a PEM key after other text. */
static bool key_name(const char *name)
{
	size_t n = strlen(name);

	return strncmp(name, "id_", 3) == 0 ||
	       (n > 4 && strcmp(name + n - 4, ".pem") == 0);
}

static bool path_wanted(const char *const *vals, int n, const char *path)
{
	int i;

	if (n == 0)
		return true;
	for (i = 0; i < n; i++) {
		if (strcmp(vals[i], path) == 0)
			return true;
	}
	return false;
}


/* One scan's state: the path constraints, whether the key details are
 * read, and a reused scratch buffer. */
struct keys_scan {
	const char *const *paths;
	int npaths;
	bool details;
	unsigned char *scratch;
};

static int key_file(struct qctx *q, struct keys_scan *ks,
		    const struct homes_user *u, const char *name,
		    const char *path)
{
	struct acct_privkey k;
	struct key_info ki;
	struct stat st;
	struct buf b = BUF_INIT(KEY_FILE_MAX);
	int rc = 0;

	if (homes_read_file(path, HOSTFS_NOFOLLOW, KEY_FILE_MAX, &b, &st) < 0) {
		if (errno == ENOMEM)
			rc = qctx_error(q, "reading %s: out of memory", path);
		goto out;
	}
	if ((size_t)st.st_size > KEY_FILE_MAX ||
	    acct_privkey_parse(b.data, b.len, key_name(name), ks->scratch,
			       KEY_SCRATCH, &k, NULL, 0) < 0)
		goto out;
	key_info(&k, ks->details, &ki);
	if (qctx_row(q) < 0) {
		rc = -1;
		goto out;
	}
	qctx_set_int(q, UK_UID, u->uid);
	qctx_set_text(q, UK_PATH, path);
	qctx_set_int(q, UK_ENCRYPTED, ki.encrypted);
	qctx_set_text(q, UK_KEY_TYPE, ki.type);
	if (ki.group_known)
		qctx_set_text(q, UK_KEY_GROUP_NAME, ki.group);
	if (ki.length >= 0)
		qctx_set_int(q, UK_KEY_LENGTH, ki.length);
	if (ki.security_bits >= 0)
		qctx_set_int(q, UK_KEY_SECURITY_BITS, ki.security_bits);
out:
	/* Private keys: wipe the file and its decoded body. */
	if (b.data)
		explicit_bzero(b.data, b.alloc);
	buf_release(&b);
	explicit_bzero(ks->scratch, KEY_SCRATCH);
	return rc;
}

/* What keys_name needs to judge an entry of one ~/.ssh. */
struct keys_dir {
	const struct keys_scan *ks;
	const char *dir;
};

/* A regular file small enough to be a key, and wanted by the query. */
static bool keys_name(int dirfd, const struct dirent *de, void *arg)
{
	const struct keys_dir *kd = arg;
	char path[PATH_MAX];
	struct stat st;

	if (de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
		return false;
	/* A key file is small: larger files are not read at all. */
	if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(st.st_mode) || st.st_size > (off_t)KEY_FILE_MAX)
		return false;
	return hostfs_join(path, sizeof(path), kd->dir, de->d_name) == 0 &&
	       path_wanted(kd->ks->paths, kd->ks->npaths, path);
}

static int keys_user(struct qctx *q, const struct homes_user *u, void *arg)
{
	struct keys_scan *ks = arg;
	char dir[PATH_MAX], path[PATH_MAX];
	struct hostfs_names names;
	struct keys_dir kd = { ks, dir };
	size_t i;
	int rc = 0;

	if (homes_path(dir, sizeof(dir), u->dir, ".ssh") < 0)
		return 0;
	if (hostfs_list(dir, HOSTFS_NOFOLLOW, SSH_DIR_MAX_ENTRIES, keys_name, &kd,
			&names) < 0)
		return errno == ENOMEM ?
			       qctx_error(q, "user_ssh_keys: out of memory") :
			       0;
	for (i = 0; i < names.n && rc == 0; i++)
		if (hostfs_join(path, sizeof(path), dir, names.v[i]) == 0)
			rc = key_file(q, ks, u, names.v[i], path);
	hostfs_names_release(&names);
	return rc;
}

static int user_ssh_keys_generate(struct qctx *q)
{
	struct keys_scan ks;
	int rc;

	ks.npaths = qctx_values(q, UK_PATH, QOP_EQ, &ks.paths);
	ks.details = qctx_used(q, UK_KEY_TYPE) ||
		     qctx_used(q, UK_KEY_GROUP_NAME) ||
		     qctx_used(q, UK_KEY_LENGTH) ||
		     qctx_used(q, UK_KEY_SECURITY_BITS);
	ks.scratch = malloc(KEY_SCRATCH);
	if (!ks.scratch)
		return qctx_error(q, "user_ssh_keys: out of memory");
	rc = homes_each(q, UK_UID, keys_user, &ks);
	explicit_bzero(ks.scratch, KEY_SCRATCH);
	free(ks.scratch);
	return rc;
}

static const struct table authorized_keys_table = {
	.name = "authorized_keys",
	.desc = "Public keys that may log in as each local user, from "
		"~/.ssh/authorized_keys and authorized_keys2.",
	.cols = authorized_keys_cols,
	.ncols = AK_NCOLS,
	.generate = authorized_keys_generate,
};
TABLE_REGISTER(authorized_keys_table);

static const struct table user_ssh_keys_table = {
	.name = "user_ssh_keys",
	.desc = "Private keys in each local user's ~/.ssh, and whether a "
		"passphrase protects them.",
	.cols = user_ssh_keys_cols,
	.ncols = UK_NCOLS,
	.generate = user_ssh_keys_generate,
};
TABLE_REGISTER(user_ssh_keys_table);

static const struct table known_hosts_table = {
	.name = "known_hosts",
	.desc = "Host keys each local user trusts, from ~/.ssh/known_hosts.",
	.cols = known_hosts_cols,
	.ncols = KH_NCOLS,
	.generate = known_hosts_generate,
};
TABLE_REGISTER(known_hosts_table);

static const struct table ssh_configs_table = {
	.name = "ssh_configs",
	.desc = "SSH client options of each local user's ~/.ssh/config and "
		"of /etc/ssh/ssh_config.",
	.cols = ssh_configs_cols,
	.ncols = SC_NCOLS,
	.generate = ssh_configs_generate,
};
TABLE_REGISTER(ssh_configs_table);
