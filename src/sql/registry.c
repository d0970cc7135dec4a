/* SPDX-License-Identifier: Apache-2.0 */
/*
 * registry.c: the single list of tables.
 *
 * Each table file registers its descriptor with TABLE_REGISTER(), which
 * places a pointer to it in the "vigil_tables" linker section; the linker
 * provides __start_/__stop_ symbols around that section.  The registry
 * copies the pointers once, sorted by name, so `vigil tables`, .tables,
 * .schema and the generated docs list tables in a stable order whatever the
 * link order was.
 */
#include <stdlib.h>
#include <string.h>

#include "sql/table.h"

extern const struct table *const __start_vigil_tables[];
extern const struct table *const __stop_vigil_tables[];

static const struct table **sorted;
static size_t nsorted;

static int by_name(const void *a, const void *b)
{
	const struct table *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

const struct table *const *registry_tables(size_t *n)
{
	if (!sorted) {
		size_t count = (size_t)(__stop_vigil_tables - __start_vigil_tables);
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): array of pointers */
		const struct table **p = calloc(count ? count : 1, sizeof(*p));

		if (!p) {
			*n = 0;
			return NULL;
		}
		/* NOLINTBEGIN(bugprone-sizeof-expression): array of pointers */
		memcpy(p, __start_vigil_tables, count * sizeof(*p));
		qsort(p, count, sizeof(*p), by_name);
		/* NOLINTEND(bugprone-sizeof-expression) */
		sorted = p;
		nsorted = count;
	}
	*n = nsorted;
	return (const struct table *const *)sorted;
}

const struct table *registry_find(const char *name)
{
	const struct table *const *t;
	size_t n, i;

	t = registry_tables(&n);
	for (i = 0; i < n; i++)
		if (strcmp(t[i]->name, name) == 0)
			return t[i];
	return NULL;
}
