/* store_sqlite.h - the store port (app/ports.h) on SQLite.
 *
 * store_sqlite_open() opens or creates the database file `path`
 * (":memory:" for a private in-memory database), configures the
 * connection and brings the schema up to date, then returns a `struct
 * store` whose operations are those of app/ports.h;
 * store_sqlite_open_existing() does the same for a file that must
 * already exist (reads never create an empty database). Release it with
 * store_close() (finalizes every statement, closes the connection; an
 * open transaction is rolled back).
 *
 * Connection: one connection per store, used by one thread at a time
 * (SQLITE_OPEN_NOMUTEX). journal_mode=WAL for files, synchronous=NORMAL,
 * foreign_keys=ON, busy_timeout 5000 ms. Opening writes nothing when the
 * file is already in WAL mode and its schema is current, so a database
 * the user may only read opens for reading (a write then fails with
 * ERR_DB). Switching to WAL needs an exclusive lock on which SQLite does
 * not wait: opening retries it every 10 ms up to the busy timeout, so
 * processes opening a new file at once all succeed.
 *
 * Schema: the migrations src/adapters/sql/NNN_name.sql are embedded in
 * the binary (adapters/sql_migrations.h). Table schema_migrations(version,
 * applied_at) records each one applied; opening applies, in order, each
 * migration not yet recorded, one transaction per migration (a failed
 * migration leaves the database as it was before it). A database that
 * records a version newer than this binary knows is refused with
 * ERR_UNSUPPORTED: an older shoperp must not write to a newer schema.
 *
 * Statements: every write and lookup is prepared once per connection (on
 * first use) and reused; values are always bound, never spliced into SQL.
 * `query` prepares its caller's SQL per call, accepts one read-only
 * statement only (ERR_INVALID otherwise, and when the number of `?`
 * parameters differs from n_params) and binds the params as text. The
 * row given to the callback is valid during the call only.
 *
 * Transactions: the outermost tx_begin is BEGIN IMMEDIATE (the write lock
 * is taken at once, so a busy database fails there, not at the first
 * write), inner ones SAVEPOINT sp<n>. tx_rollback undoes the innermost
 * level only. A COMMIT that fails rolls the whole transaction back (the
 * depth returns to 0) and reports ERR_DB. Operations that write several
 * rows (sales_order_insert, sales_order_replace_lines, journal_post,
 * shop_open, the numbered inserts) run in their own savepoint: they write
 * all or nothing.
 *
 * Errors: SQLite failures become ERR_DB with sqlite3_errmsg() and what
 * was being done; a UNIQUE or PRIMARY KEY violation is ERR_CONFLICT;
 * an update, status change or line replacement of a row that does not
 * exist is ERR_NOTFOUND; out of arena memory is ERR_NOMEM.
 *
 * Choices this implementation makes where the port leaves room:
 *   - shop_open(create) creates company 1 "Company" (auto_post 1), its
 *     default chart (one account per kind of ACCT_KINDS that is not per
 *     label), series SO INV RCV JE C, warehouse MAIN "Main warehouse"
 *     (shared by every shop of the company) and the shop
 *     (include_test 0). Every shop belongs to company 1. A shop not
 *     found is looked up again and created inside one transaction
 *     (BEGIN IMMEDIATE when the caller holds none), so processes
 *     opening the same new shop at once get the one shop.
 *   - Numbers ("SO-000001", "INV-", "RCV-", "C-" from company 1's series,
 *     "JE-" from the series of the entry's company) are taken inside the
 *     insert's savepoint: a failed insert does not consume one.
 *   - journal_post: lines with debit and credit both 0 are skipped (an
 *     entry whose lines are all zero is stored without lines: it still
 *     records that the document was posted). A per-label kind (clearing,
 *     tax) resolves to the account of (kind, label), created on first use
 *     with the first free code base+1, base+2, ... ("1201") and name
 *     "<name> - <label>"; a NULL or empty label on a per-label kind means
 *     the base account (code "1200", name "Payment clearing"), created on
 *     first use. The label of other kinds is ignored. A kind outside
 *     ACCT_KINDS, a negative amount, a line with both sides, a sum that
 *     overflows or an unbalanced entry is ERR_INVALID and nothing is
 *     written. A second entry for the same (company, doc_type,
 *     doc_number) is ERR_CONFLICT.
 *   - product_insert stores `identity` only for a product without a
 *     variant id (the variant id is then its identity), so
 *     product_find_identity finds only those.
 *   - Zero ids (shop 0, sales order 0, product 0 on a line, Shopify line
 *     id 0) are stored as NULL and read back as 0.
 *   - stock_move: a repeat of (doc_type, doc_ref, product) is a no-op
 *     (ON CONFLICT DO NOTHING on that key only; other failures, such as
 *     an unknown product, are errors).
 *   - reservation_set with a negative quantity is ERR_INVALID.
 */
#ifndef SHOPERP_ADAPTERS_STORE_SQLITE_H
#define SHOPERP_ADAPTERS_STORE_SQLITE_H

#include "app/ports.h"
#include "base/err.h"

/* Open (creating when absent) the database at `path` and migrate it.
 * On success *out is a new store owned by the caller (store_close()).
 * On failure *out is NULL and nothing is left open: ERR_DB (cannot open,
 * not a database, a migration failed), ERR_UNSUPPORTED (schema newer
 * than this binary) or ERR_NOMEM. Messages begin with "PATH: ". */
int store_sqlite_open(const char *path, struct store **out, struct err *e);

/* Same, but never creates the file: ERR_NOTFOUND "no database at PATH"
 * when there is none (":memory:" is always there). */
int store_sqlite_open_existing(const char *path, struct store **out,
			       struct err *e);

#endif
