/* sql_migrations.h - the schema migrations embedded in the binary.
 *
 * The table is generated at build time by scripts/embed-sql from
 * src/adapters/sql/NNN_name.sql into $(BUILD)/gen/sql_migrations.c. It
 * is sorted by strictly increasing version; `sql` is the whole file text
 * (several statements, run with sqlite3_exec). Static data: nothing to
 * free. Only the SQLite store (store_sqlite.c) applies them.
 */
#ifndef SHOPERP_ADAPTERS_SQL_MIGRATIONS_H
#define SHOPERP_ADAPTERS_SQL_MIGRATIONS_H

#include <stddef.h>

struct sql_migration {
	int version;      /* NNN of the file name */
	const char *name; /* "001_books" */
	const char *sql;
};

extern const struct sql_migration sql_migrations[];
extern const size_t sql_migrations_count;

#endif
