/* SPDX-License-Identifier: Apache-2.0 */
/*
 * devices.c: the machine's block, PCI and USB devices: block_devices,
 * disk_encryption, pci_devices and usb_devices.
 *
 * osquery asks libudev, libblkid, liblvm and libcryptsetup; vigil reads
 * what those libraries read themselves: sysfs, and udev's database of
 * device properties (/run/udev/data, written by udevd from its rules, its
 * hardware database and its blkid probe).  It never opens a device node.
 * The udev database exists only on a running host with udevd; without it
 * (an offline image, a container, a host without udev) the columns that
 * only udev knows are NULL.
 *
 * block_devices, one row per entry of /sys/block and per partition under
 * it (a subdirectory holding a "partition" file), disks in name order each
 * followed by its partitions:
 *   name        "/dev/" + DEVNAME of the device's uevent ("/dev/sda1")
 *   parent      for a partition its disk; for a device-mapper or md device
 *               its first slave (/sys/block/X/slaves) in name order, as
 *               osquery gives an LVM volume its physical volume; else NULL
 *   vendor      device/vendor (blanks trimmed)
 *   model       udev's ID_MODEL_FROM_DATABASE or ID_MODEL, else
 *               device/model (blanks trimmed)
 *   serial      device/wwid, as osquery reads it
 *   size        the size file: 512-byte sectors, as osquery gives it
 *   block_size  queue/logical_block_size (a partition's is its disk's)
 *   uuid, type, label
 *               udev's ID_FS_UUID, ID_FS_TYPE, ID_FS_LABEL (its blkid
 *               probe); without udev's database, uuid and label come from
 *               the /dev/disk/by-uuid and /dev/disk/by-label symlinks and
 *               type is NULL
 *
 * disk_encryption, one row per block device, as osquery gives one per
 * block_devices row:
 *   name, uuid         as block_devices
 *   encrypted          1 for a dm-crypt mapping (dm/uuid "CRYPT-<type>-",
 *                      except the integrity-only VERITY, INTEGRITY and
 *                      SUBDEV types) and for any device stacked on one
 *                      (through slaves, or a partition's disk), else 0
 *   type               the mapping's type from its dm uuid: "LUKS2",
 *                      "LUKS1", "PLAIN", "BITLK", "TCRYPT" ...; osquery
 *                      appends the cipher and mode from libcryptsetup,
 *                      which only the device-mapper ioctl (root, and key
 *                      material nearby) would give, so vigil does not
 *   encryption_status  "encrypted" or "not encrypted"
 *
 * pci_devices, one row per entry of /sys/bus/pci/devices, in slot order:
 *   pci_slot, driver       PCI_SLOT_NAME and DRIVER of the uevent file
 *                          (else the directory name and the driver link)
 *   vendor_id, model_id    PCI_ID, as "0x8086" and "0x1237" (else the
 *                          vendor and device files)
 *   subsystem_vendor_id, subsystem_model_id
 *                          PCI_SUBSYS_ID likewise (else the subsystem_*
 *                          files)
 *   pci_class_id, pci_subclass_id
 *                          the first two bytes of PCI_CLASS ("0x01",
 *                          "0x06"), else of the class file
 *   vendor, model, pci_class, pci_subclass
 *                          udev's ID_VENDOR_FROM_DATABASE,
 *                          ID_MODEL_FROM_DATABASE,
 *                          ID_PCI_CLASS_FROM_DATABASE and
 *                          ID_PCI_SUBCLASS_FROM_DATABASE; NULL without
 *                          udev: vigil carries no pci.ids database
 *   subsystem_vendor, subsystem_model
 *                          NULL: only pci.ids names them
 *
 * usb_devices, one row per USB device (not interface) of
 * /sys/bus/usb/devices: the entries whose uevent has BUSNUM and DEVNUM,
 * as osquery keeps only those:
 *   usb_address, usb_port  BUSNUM and DEVNUM, as osquery maps them
 *   vendor_id, model_id    idVendor, idProduct ("1d6b", no "0x", as udev)
 *   version                bcdDevice ("0601")
 *   vendor, model          udev's ID_VENDOR_FROM_DATABASE and
 *                          ID_MODEL_FROM_DATABASE, else the strings the
 *                          device reports (manufacturer, product)
 *   serial                 the serial string
 *   class, subclass, protocol
 *                          the uevent's TYPE=class/subclass/protocol, in
 *                          decimal as udev and osquery give them
 *   removable              1 for "removable", 0 for "fixed", -1 for
 *                          "unknown" or no removable file (osquery says 1
 *                          for anything but "unknown")
 *
 * Required constraints: none; block_devices and disk_encryption read only
 * the named device's attributes for WHERE name = '/dev/...'.  Privileges:
 * none (sysfs and udev's database are world-readable).
 *
 * Example:
 *   SELECT b.name, b.size * 512 AS bytes, d.encrypted, d.type
 *     FROM block_devices b JOIN disk_encryption d USING (name)
 *     WHERE b.parent IS NULL OR d.encrypted = 1;
 *
 * How it works: directories are listed through hostfs (their entries are
 * symlinks into /sys/devices, which hostfs resolves inside the root), the
 * small attribute files are read with caps, and uevent and udev database
 * lines go through sysparse_kv_get().
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sql/table.h"
#include "tables/sysparse.h"
#include "util/buf.h"
#include "util/hostfs.h"

/* Cap for uevent files and udev database entries. */
#define KV_FILE_MAX (64u << 10)
/* Entries kept from one directory listing. */
#define DIR_ENTRIES_MAX 16384

/* ---------------------------------------------------------------- */
/* Helpers */

static int cmp_ver(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Lists the entries of host directory path (no dot files) into l, in
 * natural order (sda2 before sda10), or in byte order when bytes is true
 * (PCI slots are hexadecimal).  A missing directory gives an empty list.
 * 0, or -1 when memory runs out.
 */
static int list_dir_by(const char *path, struct hostfs_names *l, bool bytes)
{
	if (hostfs_list(path, 0, DIR_ENTRIES_MAX, hostfs_no_dot_file, NULL,
			l) < 0)
		return errno == ENOMEM ? -1 : 0;
	/* hostfs_list sorts in byte order. */
	if (!bytes && l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_ver);
	return 0;
}

static int list_dir(const char *path, struct hostfs_names *l)
{
	return list_dir_by(path, l, false);
}

/* Trims blanks and newlines at both ends of s in place; returns s. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/*
 * Reads attribute file dir/name, trimmed, into dst.  Returns a pointer to
 * the trimmed text inside dst, or NULL when it is missing or empty.
 */
static char *read_attr(const char *dir, const char *name, char *dst,
		       size_t size)
{
	char path[PATH_MAX];
	char *t;

	if (hostfs_join(path, sizeof(path), dir, name) < 0 ||
	    hostfs_read_small(path, dst, size) < 0)
		return NULL;
	t = trim(dst);
	return *t ? t : NULL;
}

/* Reads a whole KEY=value file into b (reset first).  0 or -1. */
static int read_kv(const char *path, struct buf *b)
{
	buf_reset(b);
	if (hostfs_read_file(path, KV_FILE_MAX, 0, b, NULL) < 0 || !b->data)
		return -1;
	return 0;
}

/*
 * Copies the value of "<prefix>key=" in b into dst (cut to size), or
 * returns NULL when it is absent or empty.
 */
static char *kv(const struct buf *b, const char *prefix, const char *key,
		char *dst, size_t size)
{
	const char *v;
	size_t vl;

	if (!b->data ||
	    sysparse_kv_get(b->data, b->len, prefix, key, &v, &vl) < 0 ||
	    vl == 0)
		return NULL;
	if (vl >= size)
		vl = size - 1;
	memcpy(dst, v, vl);
	dst[vl] = '\0';
	return memchr(dst, '\0', vl) ? NULL : dst;
}

/* A whole decimal string into *v.  0 or -1. */
static int parse_num(const char *s, int64_t *v)
{
	int64_t x = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (INT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (*s - '0');
	}
	*v = x;
	return 0;
}

static bool is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return n > 0;
}

/* Writes "0x" and n hex digits of s, lower-cased, into dst. */
static void hex_id(char *dst, size_t size, const char *s, size_t n)
{
	size_t i, o = 0;

	if (size < n + 3)
		n = size - 3;
	dst[o++] = '0';
	dst[o++] = 'x';
	for (i = 0; i < n; i++) {
		char c = s[i];

		dst[o++] = (char)(c >= 'A' && c <= 'F' ? c + 32 : c);
	}
	dst[o] = '\0';
}

/* ---------------------------------------------------------------- */
/* Block devices */

/* One block device found under /sys/block. */
struct blockdev {
	char *name;    /* kernel name: "sda1", "dm-0" */
	char *devname; /* DEVNAME of its uevent, else name: "sda1" */
	char *sysdir;  /* "/sys/block/sda/sda1" */
	int parent;    /* for a partition, the index of its disk; else -1 */
	unsigned major, minor;
	bool have_devt;
	int crypt;       /* disk_encryption: -1 not computed, 0 no, 1 yes */
	char *crypttype; /* owned; NULL when not encrypted or unknown */
};

struct blocklist {
	struct blockdev *v;
	size_t n, alloc;
	struct buf kvb; /* scratch for uevent and udev files */
	/* /dev/disk/by-uuid and by-label, read once when needed. */
	bool links_read;
	struct hostfs_names uuid_names, label_names;
	char **uuid_targets, **label_targets; /* kernel names, or NULL */
};

static void blocklist_free(struct blocklist *bl)
{
	size_t i;

	for (i = 0; i < bl->n; i++) {
		free(bl->v[i].name);
		free(bl->v[i].devname);
		free(bl->v[i].sysdir);
		free(bl->v[i].crypttype);
	}
	free(bl->v);
	for (i = 0; bl->uuid_targets && i < bl->uuid_names.n; i++)
		free(bl->uuid_targets[i]);
	for (i = 0; bl->label_targets && i < bl->label_names.n; i++)
		free(bl->label_targets[i]);
	free(bl->uuid_targets);
	free(bl->label_targets);
	hostfs_names_release(&bl->uuid_names);
	hostfs_names_release(&bl->label_names);
	buf_release(&bl->kvb);
}

/* Adds the device at sysdir called name; 0 or -1 (no memory). */
static int blocklist_add(struct blocklist *bl, const char *sysdir,
			 const char *name, int parent)
{
	struct blockdev *d;
	char path[PATH_MAX], v[256], nmaj[32], nmin[32], *dn;
	int64_t maj, min;

	if (bl->n == bl->alloc) {
		size_t na = bl->alloc ? bl->alloc * 2 : 32;
		struct blockdev *p = reallocarray(bl->v, na, sizeof(*p));

		if (!p)
			return -1;
		bl->v = p;
		bl->alloc = na;
	}
	d = &bl->v[bl->n];
	memset(d, 0, sizeof(*d));
	d->parent = parent;
	d->crypt = -1;
	dn = NULL;
	if (hostfs_join(path, sizeof(path), sysdir, "uevent") == 0 &&
	    read_kv(path, &bl->kvb) == 0) {
		dn = kv(&bl->kvb, "", "DEVNAME", v, sizeof(v));
		/* A DEVNAME must stay below /dev. */
		if (dn && (dn[0] == '/' || strstr(dn, "..")))
			dn = NULL;
		if (parse_num(kv(&bl->kvb, "", "MAJOR", nmaj, sizeof(nmaj)),
			      &maj) == 0 &&
		    parse_num(kv(&bl->kvb, "", "MINOR", nmin, sizeof(nmin)),
			      &min) == 0 &&
		    maj <= UINT32_MAX && min <= UINT32_MAX) {
			d->major = (unsigned)maj;
			d->minor = (unsigned)min;
			d->have_devt = true;
		}
	}
	d->name = strdup(name);
	d->devname = strdup(dn ? dn : name);
	d->sysdir = strdup(sysdir);
	if (!d->name || !d->devname || !d->sysdir) {
		free(d->name);
		free(d->devname);
		free(d->sysdir);
		return -1;
	}
	bl->n++;
	return 0;
}

/* Lists /sys/block: each disk, then its partitions.  0 or -1. */
static int blocklist_load(struct blocklist *bl)
{
	struct hostfs_names disks;
	size_t i, j;
	int rc = 0;

	buf_init(&bl->kvb, KV_FILE_MAX);
	if (list_dir("/sys/block", &disks) < 0)
		return -1;
	for (i = 0; i < disks.n && rc == 0; i++) {
		char dir[PATH_MAX];
		struct hostfs_names parts;
		int disk;

		if (hostfs_join(dir, sizeof(dir), "/sys/block", disks.v[i]) < 0)
			continue;
		disk = (int)bl->n;
		if (blocklist_add(bl, dir, disks.v[i], -1) < 0) {
			rc = -1;
			break;
		}
		if (list_dir(dir, &parts) < 0) {
			rc = -1;
			break;
		}
		for (j = 0; j < parts.n && rc == 0; j++) {
			char pdir[PATH_MAX], marker[PATH_MAX];
			struct stat st;

			if (hostfs_join(pdir, sizeof(pdir), dir, parts.v[j]) < 0 ||
			    hostfs_join(marker, sizeof(marker), pdir,
					"partition") < 0 ||
			    hostfs_lstat(marker, &st) < 0 ||
			    !S_ISREG(st.st_mode))
				continue;
			rc = blocklist_add(bl, pdir, parts.v[j], disk);
		}
		hostfs_names_release(&parts);
	}
	hostfs_names_release(&disks);
	return rc;
}

/* The index of the device with kernel name name, or -1. */
static int blocklist_find(const struct blocklist *bl, const char *name)
{
	size_t i;

	for (i = 0; i < bl->n; i++)
		if (strcmp(bl->v[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Reads the /dev/disk/by-* links: name -> the kernel name it points to. */
static void read_links(const char *dir, struct hostfs_names *names, char ***targets)
{
	size_t i;

	if (list_dir(dir, names) < 0 || names->n == 0)
		return;
	*targets = calloc(names->n, sizeof(**targets));
	if (!*targets)
		return;
	for (i = 0; i < names->n; i++) {
		char path[PATH_MAX], t[PATH_MAX], *base;

		if (hostfs_join(path, sizeof(path), dir, names->v[i]) < 0 ||
		    hostfs_readlink(path, t, sizeof(t)) <= 0)
			continue;
		base = strrchr(t, '/');
		(*targets)[i] = strdup(base ? base + 1 : t);
	}
}

/* Decodes udev's \xHH escapes of a by-label name into dst. */
static void decode_label(const char *s, char *dst, size_t size)
{
	size_t o = 0;

	while (*s && o + 1 < size) {
		if (s[0] == '\\' && s[1] == 'x' && is_hex(s + 2, 2)) {
			char h[3] = { s[2], s[3], '\0' };
			char c = (char)strtol(h, NULL, 16);

			if (c)
				dst[o++] = c;
			s += 4;
		} else {
			dst[o++] = *s++;
		}
	}
	dst[o] = '\0';
}

/* The by-uuid (label = false) or by-label name pointing at device d. */
static const char *link_for(struct blocklist *bl, const struct blockdev *d,
			    bool label)
{
	struct hostfs_names *names = label ? &bl->label_names : &bl->uuid_names;
	char **targets;
	size_t i;

	if (!bl->links_read) {
		read_links("/dev/disk/by-uuid", &bl->uuid_names,
			   &bl->uuid_targets);
		read_links("/dev/disk/by-label", &bl->label_names,
			   &bl->label_targets);
		bl->links_read = true;
	}
	targets = label ? bl->label_targets : bl->uuid_targets;
	for (i = 0; targets && i < names->n; i++)
		if (targets[i] && (strcmp(targets[i], d->devname) == 0 ||
				   strcmp(targets[i], d->name) == 0))
			return names->v[i];
	return NULL;
}

/* Loads device d's udev database entry into bl->kvb; 0 or -1. */
static int udev_entry(struct blocklist *bl, const struct blockdev *d)
{
	char path[64];

	if (!d->have_devt)
		return -1;
	snprintf(path, sizeof(path), "/run/udev/data/b%u:%u", d->major,
		 d->minor);
	return read_kv(path, &bl->kvb);
}

/* Filesystem properties of d: uuid, label and type. */
struct fsinfo {
	char uuid[128], label[256], type[64];
	bool have_uuid, have_label, have_type;
};

static void get_fsinfo(struct blocklist *bl, const struct blockdev *d,
		       struct fsinfo *fi, bool want_label_type)
{
	const char *l;

	memset(fi, 0, sizeof(*fi));
	if (udev_entry(bl, d) == 0) {
		fi->have_uuid = kv(&bl->kvb, "E:", "ID_FS_UUID", fi->uuid,
				   sizeof(fi->uuid)) != NULL;
		fi->have_label = kv(&bl->kvb, "E:", "ID_FS_LABEL", fi->label,
				    sizeof(fi->label)) != NULL;
		fi->have_type = kv(&bl->kvb, "E:", "ID_FS_TYPE", fi->type,
				   sizeof(fi->type)) != NULL;
	}
	if (!fi->have_uuid && (l = link_for(bl, d, false)) != NULL) {
		snprintf(fi->uuid, sizeof(fi->uuid), "%s", l);
		fi->have_uuid = true;
	}
	if (want_label_type && !fi->have_label &&
	    (l = link_for(bl, d, true)) != NULL) {
		decode_label(l, fi->label, sizeof(fi->label));
		fi->have_label = fi->label[0] != '\0';
	}
}

/*
 * True when the query names devices and d is not one of them
 * ("/dev/" + devname compared with each = value of column col).
 */
static bool name_excluded(struct qctx *q, int col, const struct blockdev *d)
{
	const char *const *vals;
	int n = qctx_values(q, col, QOP_EQ, &vals), i;

	if (n <= 0)
		return false;
	for (i = 0; i < n; i++)
		if (strncmp(vals[i], "/dev/", 5) == 0 &&
		    strcmp(vals[i] + 5, d->devname) == 0)
			return false;
	return true;
}

/* "/dev/" + the devname of device i into dst. */
static void dev_path(const struct blocklist *bl, int i, char *dst, size_t size)
{
	snprintf(dst, size, "/dev/%s", bl->v[i].devname);
}

/* The first slave of device d in name order, as a kernel name, or NULL. */
static char *first_slave(const struct blockdev *d, struct hostfs_names *slaves)
{
	char dir[PATH_MAX];

	slaves->v = NULL;
	slaves->n = 0;
	if (hostfs_join(dir, sizeof(dir), d->sysdir, "slaves") < 0 ||
	    list_dir(dir, slaves) < 0 || slaves->n == 0)
		return NULL;
	return slaves->v[0];
}

enum {
	BD_NAME,
	BD_PARENT,
	BD_VENDOR,
	BD_MODEL,
	BD_SERIAL,
	BD_SIZE,
	BD_BLOCK_SIZE,
	BD_UUID,
	BD_TYPE,
	BD_LABEL,
	BD_NCOLS
};

static const struct column block_devices_cols[] = {
	{ "name", COL_TEXT, COL_INDEX, "Block device name (/dev/...)." },
	{ "parent", COL_TEXT, 0,
	  "Block device parent name: a partition's disk, a mapping's first "
	  "slave." },
	{ "vendor", COL_TEXT, 0, "Block device vendor string." },
	{ "model", COL_TEXT, 0, "Block device model string identifier." },
	{ "serial", COL_TEXT, 0, "Block device serial number (its wwid)." },
	{ "size", COL_BIGINT, 0, "Block device size in 512-byte sectors." },
	{ "block_size", COL_INTEGER, 0, "Block size in bytes (logical)." },
	{ "uuid", COL_TEXT, COL_NOCASE, "Block device Universally Unique "
	  "Identifier (of its filesystem or container)." },
	{ "type", COL_TEXT, 0, "Block device type string (filesystem type)." },
	{ "label", COL_TEXT, 0, "Block device label string." },
};

_Static_assert(TABLE_NCOLS(block_devices_cols) == BD_NCOLS,
	       "block_devices column enum and array disagree");

static int block_devices_row(struct qctx *q, struct blocklist *bl, int i)
{
	const struct blockdev *d = &bl->v[i];
	const struct blockdev *attrs = d->parent >= 0 ? &bl->v[d->parent] : d;
	char v[512], *t, path[PATH_MAX + 8];
	struct hostfs_names slaves;
	int64_t num;

	if (qctx_row(q) < 0)
		return -1;
	dev_path(bl, i, path, sizeof(path));
	qctx_set_text(q, BD_NAME, path);
	if (qctx_used(q, BD_PARENT)) {
		if (d->parent >= 0) {
			dev_path(bl, d->parent, path, sizeof(path));
			qctx_set_text(q, BD_PARENT, path);
		} else if ((t = first_slave(d, &slaves)) != NULL) {
			int s = blocklist_find(bl, t);

			if (s >= 0)
				dev_path(bl, s, path, sizeof(path));
			else
				snprintf(path, sizeof(path), "/dev/%s", t);
			qctx_set_text(q, BD_PARENT, path);
			hostfs_names_release(&slaves);
		}
	}
	if (qctx_used(q, BD_VENDOR) &&
	    (t = read_attr(d->sysdir, "device/vendor", v, sizeof(v))) != NULL)
		qctx_set_text(q, BD_VENDOR, t);
	if (qctx_used(q, BD_MODEL)) {
		t = NULL;
		if (udev_entry(bl, d) == 0) {
			t = kv(&bl->kvb, "E:", "ID_MODEL_FROM_DATABASE", v,
			       sizeof(v));
			if (!t)
				t = kv(&bl->kvb, "E:", "ID_MODEL", v, sizeof(v));
		}
		if (!t)
			t = read_attr(d->sysdir, "device/model", v, sizeof(v));
		qctx_set_text(q, BD_MODEL, t);
	}
	if (qctx_used(q, BD_SERIAL) &&
	    (t = read_attr(d->sysdir, "device/wwid", v, sizeof(v))) != NULL)
		qctx_set_text(q, BD_SERIAL, t);
	if (qctx_used(q, BD_SIZE) &&
	    parse_num(read_attr(d->sysdir, "size", v, sizeof(v)), &num) == 0)
		qctx_set_int(q, BD_SIZE, num);
	if (qctx_used(q, BD_BLOCK_SIZE) &&
	    parse_num(read_attr(attrs->sysdir, "queue/logical_block_size", v,
				sizeof(v)), &num) == 0)
		qctx_set_int(q, BD_BLOCK_SIZE, num);
	if (qctx_used(q, BD_UUID) || qctx_used(q, BD_TYPE) ||
	    qctx_used(q, BD_LABEL)) {
		struct fsinfo fi;

		get_fsinfo(bl, d, &fi, true);
		if (fi.have_uuid)
			qctx_set_text(q, BD_UUID, fi.uuid);
		if (fi.have_type)
			qctx_set_text(q, BD_TYPE, fi.type);
		if (fi.have_label)
			qctx_set_text(q, BD_LABEL, fi.label);
	}
	return 0;
}

static int block_devices_generate(struct qctx *q)
{
	struct blocklist bl;
	size_t i;
	int rc = 0;

	memset(&bl, 0, sizeof(bl));
	if (blocklist_load(&bl) < 0) {
		rc = qctx_error(q, "block_devices: out of memory");
		goto out;
	}
	for (i = 0; i < bl.n && rc == 0; i++)
		if (!name_excluded(q, BD_NAME, &bl.v[i]))
			rc = block_devices_row(q, &bl, (int)i);
out:
	blocklist_free(&bl);
	return rc;
}

static const struct table block_devices_table = {
	.name = "block_devices",
	.desc = "Block (buffered access) device file nodes: disks, partitions "
		"and mappings.",
	.cols = block_devices_cols,
	.ncols = BD_NCOLS,
	.generate = block_devices_generate,
};

TABLE_REGISTER(block_devices_table);

/* ---------------------------------------------------------------- */
/* disk_encryption */

enum {
	DE_NAME,
	DE_UUID,
	DE_ENCRYPTED,
	DE_TYPE,
	DE_ENCRYPTION_STATUS,
	DE_NCOLS
};

static const struct column disk_encryption_cols[] = {
	{ "name", COL_TEXT, COL_INDEX, "Disk name (/dev/...)." },
	{ "uuid", COL_TEXT, COL_NOCASE, "Disk Universally Unique Identifier." },
	{ "encrypted", COL_INTEGER, 0, "1 If encrypted: true (disk is encrypted), "
	  "else 0." },
	{ "type", COL_TEXT, 0,
	  "Description of cipher type and mode if available (the dm-crypt "
	  "type: LUKS2, LUKS1, PLAIN ...)." },
	{ "encryption_status", COL_TEXT, 0,
	  "Disk encryption status with one of following values: encrypted | "
	  "not encrypted." },
};

_Static_assert(TABLE_NCOLS(disk_encryption_cols) == DE_NCOLS,
	       "disk_encryption column enum and array disagree");

/* Device-mapper crypt types that protect integrity only, not secrecy. */
static bool crypt_type_encrypts(const char *t, size_t n)
{
	static const char *const integrity_only[] = { "VERITY", "INTEGRITY",
						      "SUBDEV" };
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < sizeof(integrity_only) / sizeof(integrity_only[0]); i++)
		if (strlen(integrity_only[i]) == n &&
		    memcmp(t, integrity_only[i], n) == 0)
			return false;
	return true;
}

/*
 * Works out whether device i is encrypted: a dm-crypt mapping itself, or
 * stacked on one.  depth bounds the walk through slaves.
 */
/* NOLINTNEXTLINE(misc-no-recursion): depth > 16 stops it */
static int crypt_state(struct blocklist *bl, int i, int depth)
{
	struct blockdev *d = &bl->v[i];
	char v[512], *u;
	struct hostfs_names slaves;
	size_t k;

	if (d->crypt >= 0)
		return d->crypt;
	d->crypt = 0; /* Also breaks any cycle in a hostile tree. */
	if (depth > 16)
		return 0;
	u = read_attr(d->sysdir, "dm/uuid", v, sizeof(v));
	if (u && strncmp(u, "CRYPT-", 6) == 0) {
		const char *t = u + 6;
		size_t tl = strcspn(t, "-");

		if (crypt_type_encrypts(t, tl)) {
			d->crypt = 1;
			d->crypttype = strndup(t, tl);
			return 1;
		}
	}
	if (d->parent >= 0 && crypt_state(bl, d->parent, depth + 1) == 1) {
		const char *pt = bl->v[d->parent].crypttype;

		d->crypt = 1;
		d->crypttype = pt ? strdup(pt) : NULL;
		return 1;
	}
	if (first_slave(d, &slaves) == NULL)
		return 0;
	for (k = 0; k < slaves.n && d->crypt == 0; k++) {
		int s = blocklist_find(bl, slaves.v[k]);

		if (s >= 0 && s != i && crypt_state(bl, s, depth + 1) == 1) {
			const char *st = bl->v[s].crypttype;

			d->crypt = 1;
			d->crypttype = st ? strdup(st) : NULL;
		}
	}
	hostfs_names_release(&slaves);
	return d->crypt;
}

static int disk_encryption_generate(struct qctx *q)
{
	struct blocklist bl;
	size_t i;
	int rc = 0;

	memset(&bl, 0, sizeof(bl));
	if (blocklist_load(&bl) < 0) {
		rc = qctx_error(q, "disk_encryption: out of memory");
		goto out;
	}
	for (i = 0; i < bl.n; i++) {
		char path[PATH_MAX + 8];
		int enc;

		if (name_excluded(q, DE_NAME, &bl.v[i]))
			continue;
		enc = crypt_state(&bl, (int)i, 0);
		if (qctx_row(q) < 0) {
			rc = -1;
			goto out;
		}
		dev_path(&bl, (int)i, path, sizeof(path));
		qctx_set_text(q, DE_NAME, path);
		if (qctx_used(q, DE_UUID)) {
			struct fsinfo fi;

			get_fsinfo(&bl, &bl.v[i], &fi, false);
			if (fi.have_uuid)
				qctx_set_text(q, DE_UUID, fi.uuid);
		}
		qctx_set_int(q, DE_ENCRYPTED, enc);
		if (enc)
			qctx_set_text(q, DE_TYPE, bl.v[i].crypttype);
		qctx_set_text(q, DE_ENCRYPTION_STATUS,
			      enc ? "encrypted" : "not encrypted");
	}
out:
	blocklist_free(&bl);
	return rc;
}

static const struct table disk_encryption_table = {
	.name = "disk_encryption",
	.desc = "Disk encryption status and information.",
	.cols = disk_encryption_cols,
	.ncols = DE_NCOLS,
	.generate = disk_encryption_generate,
};

TABLE_REGISTER(disk_encryption_table);

/* ---------------------------------------------------------------- */
/* pci_devices */

enum {
	PD_PCI_SLOT,
	PD_PCI_CLASS,
	PD_DRIVER,
	PD_VENDOR,
	PD_VENDOR_ID,
	PD_MODEL,
	PD_MODEL_ID,
	PD_PCI_CLASS_ID,
	PD_PCI_SUBCLASS_ID,
	PD_PCI_SUBCLASS,
	PD_SUBSYSTEM_VENDOR_ID,
	PD_SUBSYSTEM_VENDOR,
	PD_SUBSYSTEM_MODEL_ID,
	PD_SUBSYSTEM_MODEL,
	PD_NCOLS
};

static const struct column pci_devices_cols[] = {
	{ "pci_slot", COL_TEXT, 0, "PCI Device used slot." },
	{ "pci_class", COL_TEXT, 0, "PCI Device class (from udev's database)." },
	{ "driver", COL_TEXT, 0, "PCI Device used driver." },
	{ "vendor", COL_TEXT, 0, "PCI Device vendor (from udev's database)." },
	{ "vendor_id", COL_TEXT, COL_NOCASE, "Hex encoded PCI Device vendor "
	  "identifier." },
	{ "model", COL_TEXT, 0, "PCI Device model (from udev's database)." },
	{ "model_id", COL_TEXT, COL_NOCASE, "Hex encoded PCI Device model "
	  "identifier." },
	{ "pci_class_id", COL_TEXT, COL_NOCASE, "PCI Device class ID in hex "
	  "format." },
	{ "pci_subclass_id", COL_TEXT, COL_NOCASE, "PCI Device subclass in hex "
	  "format." },
	{ "pci_subclass", COL_TEXT, 0,
	  "PCI Device subclass (from udev's database)." },
	{ "subsystem_vendor_id", COL_TEXT, COL_NOCASE, "Vendor ID of PCI device "
	  "subsystem." },
	{ "subsystem_vendor", COL_TEXT, 0,
	  "Vendor of PCI device subsystem (NULL: needs pci.ids)." },
	{ "subsystem_model_id", COL_TEXT, COL_NOCASE, "Model ID of PCI device "
	  "subsystem." },
	{ "subsystem_model", COL_TEXT, 0,
	  "Device description of PCI device subsystem (NULL: needs pci.ids)." },
};

_Static_assert(TABLE_NCOLS(pci_devices_cols) == PD_NCOLS,
	       "pci_devices column enum and array disagree");

/*
 * Sets the two id columns from "VVVV:DDDD" (uevent style), else from the
 * two attribute files ("0x8086").
 */
static void pci_ids(struct qctx *q, const char *pair, const char *dir,
		    const char *vfile, const char *dfile, int vcol, int dcol)
{
	char id[16], v[64], *t;
	const char *colon = pair ? strchr(pair, ':') : NULL;

	if (colon && is_hex(pair, (size_t)(colon - pair)) &&
	    (size_t)(colon - pair) <= 8 && is_hex(colon + 1, strlen(colon + 1)) &&
	    strlen(colon + 1) <= 8) {
		hex_id(id, sizeof(id), pair, (size_t)(colon - pair));
		qctx_set_text(q, vcol, id);
		hex_id(id, sizeof(id), colon + 1, strlen(colon + 1));
		qctx_set_text(q, dcol, id);
		return;
	}
	if ((t = read_attr(dir, vfile, v, sizeof(v))) != NULL &&
	    strncmp(t, "0x", 2) == 0 && is_hex(t + 2, strlen(t + 2)) &&
	    strlen(t + 2) <= 8) {
		hex_id(id, sizeof(id), t + 2, strlen(t + 2));
		qctx_set_text(q, vcol, id);
	}
	if ((t = read_attr(dir, dfile, v, sizeof(v))) != NULL &&
	    strncmp(t, "0x", 2) == 0 && is_hex(t + 2, strlen(t + 2)) &&
	    strlen(t + 2) <= 8) {
		hex_id(id, sizeof(id), t + 2, strlen(t + 2));
		qctx_set_text(q, dcol, id);
	}
}

static int pci_row(struct qctx *q, const char *name, struct buf *ue,
		   struct buf *udev)
{
	char dir[PATH_MAX], path[PATH_MAX], v[256], id[16], *t;
	char pair[64];
	const char *cls;

	if (hostfs_join(dir, sizeof(dir), "/sys/bus/pci/devices", name) < 0 ||
	    hostfs_join(path, sizeof(path), dir, "uevent") < 0)
		return 0;
	if (read_kv(path, ue) < 0)
		buf_reset(ue);
	if (qctx_row(q) < 0)
		return -1;
	t = kv(ue, "", "PCI_SLOT_NAME", v, sizeof(v));
	qctx_set_text(q, PD_PCI_SLOT, t ? t : name);

	t = kv(ue, "", "DRIVER", v, sizeof(v));
	if (!t && hostfs_join(path, sizeof(path), dir, "driver") == 0 &&
	    hostfs_readlink(path, v, sizeof(v)) > 0) {
		t = strrchr(v, '/');
		t = t ? t + 1 : v;
	}
	qctx_set_text(q, PD_DRIVER, t);

	pci_ids(q, kv(ue, "", "PCI_ID", pair, sizeof(pair)), dir, "vendor",
		"device", PD_VENDOR_ID, PD_MODEL_ID);
	pci_ids(q, kv(ue, "", "PCI_SUBSYS_ID", pair, sizeof(pair)), dir,
		"subsystem_vendor", "subsystem_device", PD_SUBSYSTEM_VENDOR_ID,
		PD_SUBSYSTEM_MODEL_ID);

	/* PCI_CLASS is 5 or 6 hex digits ("10601"); the file "0x010601". */
	cls = kv(ue, "", "PCI_CLASS", pair, sizeof(pair));
	if (!cls && (t = read_attr(dir, "class", v, sizeof(v))) != NULL &&
	    strncmp(t, "0x", 2) == 0)
		cls = t + 2;
	if (cls && is_hex(cls, strlen(cls)) &&
	    (strlen(cls) == 5 || strlen(cls) == 6)) {
		char six[8];

		snprintf(six, sizeof(six), "%s%s", strlen(cls) == 5 ? "0" : "",
			 cls);
		hex_id(id, sizeof(id), six, 2);
		qctx_set_text(q, PD_PCI_CLASS_ID, id);
		hex_id(id, sizeof(id), six + 2, 2);
		qctx_set_text(q, PD_PCI_SUBCLASS_ID, id);
	}

	if (qctx_used(q, PD_VENDOR) || qctx_used(q, PD_MODEL) ||
	    qctx_used(q, PD_PCI_CLASS) || qctx_used(q, PD_PCI_SUBCLASS)) {
		snprintf(path, sizeof(path), "/run/udev/data/+pci:%s", name);
		if (read_kv(path, udev) == 0) {
			qctx_set_text(q, PD_VENDOR,
				      kv(udev, "E:", "ID_VENDOR_FROM_DATABASE",
					 v, sizeof(v)));
			qctx_set_text(q, PD_MODEL,
				      kv(udev, "E:", "ID_MODEL_FROM_DATABASE",
					 v, sizeof(v)));
			qctx_set_text(q, PD_PCI_CLASS,
				      kv(udev, "E:",
					 "ID_PCI_CLASS_FROM_DATABASE", v,
					 sizeof(v)));
			qctx_set_text(q, PD_PCI_SUBCLASS,
				      kv(udev, "E:",
					 "ID_PCI_SUBCLASS_FROM_DATABASE", v,
					 sizeof(v)));
		}
	}
	return 0;
}

static int pci_devices_generate(struct qctx *q)
{
	struct buf ue = BUF_INIT(KV_FILE_MAX), udev = BUF_INIT(KV_FILE_MAX);
	struct hostfs_names devs;
	size_t i;
	int rc = 0;

	if (list_dir_by("/sys/bus/pci/devices", &devs, true) < 0)
		return qctx_error(q, "pci_devices: out of memory");
	for (i = 0; i < devs.n && rc == 0; i++)
		rc = pci_row(q, devs.v[i], &ue, &udev);
	hostfs_names_release(&devs);
	buf_release(&ue);
	buf_release(&udev);
	return rc;
}

static const struct table pci_devices_table = {
	.name = "pci_devices",
	.desc = "PCI devices active on the host system.",
	.cols = pci_devices_cols,
	.ncols = PD_NCOLS,
	.generate = pci_devices_generate,
};

TABLE_REGISTER(pci_devices_table);

/* ---------------------------------------------------------------- */
/* usb_devices */

enum {
	UD_USB_ADDRESS,
	UD_USB_PORT,
	UD_VENDOR,
	UD_VENDOR_ID,
	UD_VERSION,
	UD_MODEL,
	UD_MODEL_ID,
	UD_SERIAL,
	UD_CLASS,
	UD_SUBCLASS,
	UD_PROTOCOL,
	UD_REMOVABLE,
	UD_NCOLS
};

static const struct column usb_devices_cols[] = {
	{ "usb_address", COL_INTEGER, 0, "USB Device used address (its bus)." },
	{ "usb_port", COL_INTEGER, 0, "USB Device used port (its device number)." },
	{ "vendor", COL_TEXT, 0, "USB Device vendor string." },
	{ "vendor_id", COL_TEXT, COL_NOCASE, "Hex encoded USB Device vendor "
	  "identifier." },
	{ "version", COL_TEXT, COL_VERSION, "USB Device version number "
	  "(bcdDevice)." },
	{ "model", COL_TEXT, 0, "USB Device model string." },
	{ "model_id", COL_TEXT, COL_NOCASE, "Hex encoded USB Device model "
	  "identifier." },
	{ "serial", COL_TEXT, 0, "USB Device serial connection." },
	{ "class", COL_TEXT, 0, "USB Device class." },
	{ "subclass", COL_TEXT, 0, "USB Device subclass." },
	{ "protocol", COL_TEXT, 0, "USB Device protocol." },
	{ "removable", COL_INTEGER, 0,
	  "1 If USB device is removable, 0 if fixed, -1 if unknown." },
};

_Static_assert(TABLE_NCOLS(usb_devices_cols) == UD_NCOLS,
	       "usb_devices column enum and array disagree");

static int usb_row(struct qctx *q, const char *name, struct buf *ue,
		   struct buf *udev)
{
	char dir[PATH_MAX], path[PATH_MAX], v[256], n1[32], n2[32], *t, *u;
	int64_t bus, dev, maj, min;
	bool have_udev = false;

	if (hostfs_join(dir, sizeof(dir), "/sys/bus/usb/devices", name) < 0 ||
	    hostfs_join(path, sizeof(path), dir, "uevent") < 0 ||
	    read_kv(path, ue) < 0)
		return 0;
	if (parse_num(kv(ue, "", "BUSNUM", n1, sizeof(n1)), &bus) < 0 ||
	    parse_num(kv(ue, "", "DEVNUM", n2, sizeof(n2)), &dev) < 0 ||
	    bus > INT32_MAX || dev > INT32_MAX)
		return 0; /* An interface, or not a device at all. */
	if (qctx_row(q) < 0)
		return -1;
	qctx_set_int(q, UD_USB_ADDRESS, bus);
	qctx_set_int(q, UD_USB_PORT, dev);

	if ((qctx_used(q, UD_VENDOR) || qctx_used(q, UD_MODEL)) &&
	    parse_num(kv(ue, "", "MAJOR", n1, sizeof(n1)), &maj) == 0 &&
	    parse_num(kv(ue, "", "MINOR", n2, sizeof(n2)), &min) == 0) {
		snprintf(path, sizeof(path), "/run/udev/data/c%lld:%lld",
			 (long long)maj, (long long)min);
		have_udev = read_kv(path, udev) == 0;
	}
	if (qctx_used(q, UD_VENDOR)) {
		t = have_udev ? kv(udev, "E:", "ID_VENDOR_FROM_DATABASE", v,
				   sizeof(v))
			      : NULL;
		if (!t)
			t = read_attr(dir, "manufacturer", v, sizeof(v));
		qctx_set_text(q, UD_VENDOR, t);
	}
	if (qctx_used(q, UD_MODEL)) {
		t = have_udev ? kv(udev, "E:", "ID_MODEL_FROM_DATABASE", v,
				   sizeof(v))
			      : NULL;
		if (!t)
			t = read_attr(dir, "product", v, sizeof(v));
		qctx_set_text(q, UD_MODEL, t);
	}
	qctx_set_text(q, UD_VENDOR_ID, read_attr(dir, "idVendor", v, sizeof(v)));
	qctx_set_text(q, UD_MODEL_ID, read_attr(dir, "idProduct", v, sizeof(v)));
	qctx_set_text(q, UD_VERSION, read_attr(dir, "bcdDevice", v, sizeof(v)));
	if (qctx_used(q, UD_SERIAL))
		qctx_set_text(q, UD_SERIAL,
			      read_attr(dir, "serial", v, sizeof(v)));

	/* TYPE=class/subclass/protocol, in decimal. */
	t = kv(ue, "", "TYPE", v, sizeof(v));
	if (t && (u = strchr(t, '/')) != NULL) {
		char *w = strchr(u + 1, '/');

		if (w && !strchr(w + 1, '/')) {
			*u = *w = '\0';
			qctx_set_text(q, UD_CLASS, t);
			qctx_set_text(q, UD_SUBCLASS, u + 1);
			qctx_set_text(q, UD_PROTOCOL, w + 1);
		}
	}
	t = read_attr(dir, "removable", v, sizeof(v));
	qctx_set_int(q, UD_REMOVABLE,
		     t && strcmp(t, "removable") == 0 ? 1
		     : t && strcmp(t, "fixed") == 0   ? 0
						      : -1);
	return 0;
}

static int usb_devices_generate(struct qctx *q)
{
	struct buf ue = BUF_INIT(KV_FILE_MAX), udev = BUF_INIT(KV_FILE_MAX);
	struct hostfs_names devs;
	size_t i;
	int rc = 0;

	if (list_dir("/sys/bus/usb/devices", &devs) < 0)
		return qctx_error(q, "usb_devices: out of memory");
	for (i = 0; i < devs.n && rc == 0; i++)
		rc = usb_row(q, devs.v[i], &ue, &udev);
	hostfs_names_release(&devs);
	buf_release(&ue);
	buf_release(&udev);
	return rc;
}

static const struct table usb_devices_table = {
	.name = "usb_devices",
	.desc = "USB devices that are actively plugged into the host system.",
	.cols = usb_devices_cols,
	.ncols = UD_NCOLS,
	.generate = usb_devices_generate,
};

TABLE_REGISTER(usb_devices_table);
