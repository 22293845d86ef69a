/* harness.h - a real SQLite store in a temporary folder for tests, with
 * helpers to import JSON orders and to read values back with SQL. */
#ifndef SHOPERP_TESTS_HARNESS_H
#define SHOPERP_TESTS_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/import.h"
#include "app/ports.h"
#include "base/arena.h"

struct harness {
	char dir[128];
	char path[192];
	struct store *s;
	struct shop_rec shop;
	struct arena a;     /* shop record strings */
	struct arena scratch;
	char text[4096];    /* last h_text result */
};

/* Fresh database file in a new temp folder, shop "local" opened. */
void h_open(struct harness *h);
void h_close(struct harness *h);

/* Map and import every order of a JSON document; returns the result of
 * the last order. Fails the test when the document does not map. */
struct import_result h_import(struct harness *h, const char *json);
/* Same, returning the import_order return code (0 or ERR_*). */
int h_import_rc(struct harness *h, const char *json, struct import_result *res);

/* First column of the first row of a query, params are NUL-terminated
 * strings ending with NULL. h_int fails the test when there is no row. */
int64_t h_int(struct harness *h, const char *sql, ...);
const char *h_text(struct harness *h, const char *sql, ...); /* NULL for NULL */

/* Balance (debits - credits) of the account with this code, minor units. */
int64_t h_balance(struct harness *h, const char *code);
/* Number of journal entries that do not balance (must be 0). */
int64_t h_unbalanced(struct harness *h);
/* A fingerprint of every book table (counts and sums), for "changes
 * nothing" checks. Written into h->text and returned. */
const char *h_books_fingerprint(struct harness *h);

/* Path of ../shared/fixtures or NULL when absent. */
const char *h_fixtures_dir(void);

#endif
