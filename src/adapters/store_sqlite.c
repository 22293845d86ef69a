/* store_sqlite.c - the store port on SQLite: connection setup, embedded
 * migrations, a per-connection cache of prepared statements, nested
 * transactions, and one function per operation of struct store_ops.
 * The contract is in store_sqlite.h and app/ports.h. */
#include "adapters/store_sqlite.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "adapters/sql_migrations.h"
#include "base/money.h"

#define COMPANY_ID 1 /* the one company shop_open creates */
#define BUSY_TIMEOUT_MS 5000
#define BUSY_RETRY_MS 10 /* pause between tries where SQLite does not wait */
#define SP_CACHE 8   /* savepoint levels whose statements are cached */

#define NOW_SQL "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

#define CUSTOMER_COLS                                                      \
	"id, number, shop_id, name, shopify_customer_id, email, phone, "   \
	"email_key, phone_key, guest"
#define PRODUCT_COLS                                                       \
	"id, shop_id, code, title, variant_title, shopify_variant_id, "    \
	"identity, shopify_product_id, sku, vendor, price, currency, "     \
	"stock_item, gift_card, shopify"

/* X(id, sql): every statement the operations use, prepared on first use
 * and kept for the life of the connection. */
#define STMTS(X)                                                              \
	X(ST_BEGIN, "BEGIN IMMEDIATE")                                        \
	X(ST_COMMIT, "COMMIT")                                                \
	X(ST_ROLLBACK, "ROLLBACK")                                            \
	X(ST_SERIES_BUMP, "UPDATE series SET next_no = next_no + 1"           \
	  " WHERE company_id = ?1 AND prefix = ?2")                           \
	X(ST_SERIES_GET, "SELECT next_no - 1 FROM series"                     \
	  " WHERE company_id = ?1 AND prefix = ?2")                           \
	X(ST_SERIES_ADD, "INSERT INTO series (company_id, prefix, next_no)"   \
	  " VALUES (?1, ?2, 1) ON CONFLICT DO NOTHING")                       \
	X(ST_COMPANY_ADD, "INSERT INTO company (id, name, auto_post)"         \
	  " VALUES (?1, ?2, 1) ON CONFLICT DO NOTHING")                       \
	X(ST_ACCOUNT_ADD, "INSERT INTO account"                               \
	  " (company_id, code, name, type, kind, label)"                      \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")          \
	X(ST_ACCOUNT_INSERT, "INSERT INTO account"                            \
	  " (company_id, code, name, type, kind, label)"                      \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                                 \
	X(ST_ACCOUNT_GET, "SELECT id FROM account"                            \
	  " WHERE company_id = ?1 AND kind = ?2 AND label = ?3")              \
	X(ST_ACCOUNT_LABELS, "SELECT count(*) FROM account"                   \
	  " WHERE company_id = ?1 AND kind = ?2 AND label <> ''")             \
	X(ST_ACCOUNT_CODE, "SELECT 1 FROM account"                            \
	  " WHERE company_id = ?1 AND code = ?2")                             \
	X(ST_WAREHOUSE_ADD, "INSERT INTO warehouse (company_id, code, name)"  \
	  " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")                      \
	X(ST_WAREHOUSE_GET, "SELECT id FROM warehouse"                        \
	  " WHERE company_id = ?1 AND code = ?2")                             \
	X(ST_SHOP_GET, "SELECT s.id, s.name, s.company_id, s.warehouse_id,"   \
	  " w.code, c.auto_post, s.include_test FROM shop s"                  \
	  " JOIN warehouse w ON w.id = s.warehouse_id"                        \
	  " JOIN company c ON c.id = s.company_id WHERE s.name = ?1")         \
	X(ST_SHOP_ADD, "INSERT INTO shop"                                     \
	  " (company_id, name, warehouse_id, include_test, created_at)"       \
	  " VALUES (?1, ?2, ?3, 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")   \
	X(ST_ORDER_STATE, "SELECT so.id, so.number, so.updated_at_unix,"     \
	  " so.updated_at_ms, so.status, so.customer_id, i.id, i.number,"     \
	  " i.status, EXISTS (SELECT 1 FROM journal_entry je"                 \
	  "  WHERE je.company_id = sh.company_id AND je.doc_type = 'invoice'" \
	  "  AND je.doc_number = i.number), i.total, so.test,"                \
	  " so.payment_status, so.currency"                                   \
	  " FROM sales_order so JOIN shop sh ON sh.id = so.shop_id"           \
	  " LEFT JOIN invoice i ON i.sales_order_id = so.id"                  \
	  " WHERE so.shop_id = ?1 AND so.shopify_order_id = ?2")              \
	X(ST_CUST_BY_SHOPIFY, "SELECT " CUSTOMER_COLS " FROM customer"        \
	  " WHERE shop_id = ?1 AND shopify_customer_id = ?2"                  \
	  " ORDER BY id LIMIT 1")                                             \
	X(ST_CUST_BY_EMAIL, "SELECT " CUSTOMER_COLS " FROM customer"          \
	  " WHERE shop_id = ?1 AND email_key = ?2 ORDER BY id LIMIT 1")       \
	X(ST_CUST_BY_PHONE, "SELECT " CUSTOMER_COLS " FROM customer"          \
	  " WHERE shop_id = ?1 AND phone_key = ?2 ORDER BY id LIMIT 1")       \
	X(ST_CUST_GUEST, "SELECT " CUSTOMER_COLS " FROM customer"             \
	  " WHERE shop_id = ?1 AND guest = 1 ORDER BY id LIMIT 1")            \
	X(ST_CUST_INSERT, "INSERT INTO customer (shop_id, number, name,"      \
	  " shopify_customer_id, email, phone, email_key, phone_key, guest)"  \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")                     \
	X(ST_CUST_UPDATE, "UPDATE customer SET name = ?1,"                    \
	  " shopify_customer_id = ?2, email = ?3, phone = ?4,"                \
	  " email_key = ?5, phone_key = ?6 WHERE id = ?7")                    \
	X(ST_PROD_BY_VARIANT, "SELECT " PRODUCT_COLS " FROM product"          \
	  " WHERE shop_id = ?1 AND shopify_variant_id = ?2")                  \
	X(ST_PROD_BY_IDENTITY, "SELECT " PRODUCT_COLS " FROM product"         \
	  " WHERE shop_id = ?1 AND identity = ?2")                            \
	X(ST_PROD_CODE, "SELECT 1 FROM product WHERE shop_id = ?1"            \
	  " AND code = ?2")                                                   \
	X(ST_PROD_INSERT, "INSERT INTO product (shop_id, code, title,"        \
	  " variant_title, shopify_variant_id, identity, shopify_product_id," \
	  " sku, vendor, price, currency, stock_item, gift_card, shopify)"    \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"  \
	  " ?14)")                                                            \
	X(ST_SO_INSERT, "INSERT INTO sales_order (shop_id, shopify_order_id," \
	  " number, name, source, customer_id, currency, exp, order_date,"    \
	  " created_at, processed_at, updated_at, cancelled_at,"              \
	  " updated_at_unix, updated_at_ms, status, payment_status,"          \
	  " fulfillment_status, cancel_reason, gateways, source_name, tags,"  \
	  " note, po_number, bill_to, ship_to, note_attributes, test,"        \
	  " taxes_included, needs_review, total_price) VALUES (?1, ?2, ?3,"   \
	  " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"  \
	  " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30," \
	  " ?31)")                                                            \
	X(ST_SO_LINE_INSERT, "INSERT INTO sales_order_line (sales_order_id,"  \
	  " line_no, shopify_line_id, product_id, title, variant_title, sku," \
	  " quantity, unit_price, discount, tax, net, stock_item, gift_card," \
	  " tip, properties) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"     \
	  " ?10, ?11, ?12, ?13, ?14, ?15, ?16)")                              \
	X(ST_SO_SHIP_INSERT, "INSERT INTO sales_order_shipping"               \
	  " (sales_order_id, line_no, title, code, price, discount, tax)"     \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")                             \
	X(ST_SO_UPDATE, "UPDATE sales_order SET status = ?1,"                 \
	  " payment_status = ?2, fulfillment_status = ?3, updated_at = ?4,"   \
	  " updated_at_unix = ?5, updated_at_ms = ?6, cancelled_at = ?7,"     \
	  " cancel_reason = ?8, needs_review = ?9, tags = ?10, note = ?11,"   \
	  " total_price = ?12 WHERE id = ?13")                                \
	X(ST_SO_EXISTS, "SELECT 1 FROM sales_order WHERE id = ?1")            \
	X(ST_SO_LINES_DELETE, "DELETE FROM sales_order_line"                  \
	  " WHERE sales_order_id = ?1")                                       \
	X(ST_SO_SHIP_DELETE, "DELETE FROM sales_order_shipping"               \
	  " WHERE sales_order_id = ?1")                                       \
	X(ST_SO_LINES, "SELECT l.line_no, l.shopify_line_id, l.product_id,"   \
	  " p.code, l.title, l.variant_title, l.sku, l.quantity,"             \
	  " l.unit_price, l.discount, l.tax, l.net, l.stock_item,"            \
	  " l.gift_card, l.tip, l.properties FROM sales_order_line l"         \
	  " LEFT JOIN product p ON p.id = l.product_id"                       \
	  " WHERE l.sales_order_id = ?1 ORDER BY l.line_no")                  \
	X(ST_INV_INSERT, "INSERT INTO invoice (number, sales_order_id,"       \
	  " customer_id, status, date, due_date, currency, total, subtotal,"  \
	  " discounts, shipping, tax, tips, duties, fees, cash_rounding,"     \
	  " rounding, unexplained) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"   \
	  " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)")                \
	X(ST_INV_STATUS, "UPDATE invoice SET status = ?1 WHERE id = ?2")      \
	X(ST_INV_UPDATE, "UPDATE invoice SET status = ?1, date = ?2,"         \
	  " due_date = ?3, total = ?4, subtotal = ?5, discounts = ?6,"        \
	  " shipping = ?7, tax = ?8, tips = ?9, duties = ?10, fees = ?11,"    \
	  " cash_rounding = ?12, rounding = ?13, unexplained = ?14"           \
	  " WHERE id = ?15")                                                  \
	X(ST_RCV_OF_ORDER, "SELECT r.id, r.number, r.shop_id,"                \
	  " r.sales_order_id, r.invoice_id, r.customer_id, r.source_key,"     \
	  " r.shopify_transaction_id, r.amount, r.currency, r.gateway,"       \
	  " r.status, r.date, EXISTS (SELECT 1 FROM journal_entry je"         \
	  "  WHERE je.company_id = sh.company_id AND je.doc_type = 'receipt'" \
	  "  AND je.doc_number = r.number)"                                   \
	  " FROM receipt r JOIN shop sh ON sh.id = r.shop_id"                 \
	  " WHERE r.sales_order_id = ?1 ORDER BY r.id")                       \
	X(ST_RCV_INSERT, "INSERT INTO receipt (number, shop_id,"              \
	  " sales_order_id, invoice_id, customer_id, source_key,"             \
	  " shopify_transaction_id, amount, currency, gateway, status, date)" \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")      \
	X(ST_RCV_STATUS, "UPDATE receipt SET status = ?1 WHERE id = ?2")      \
	X(ST_JE_INSERT, "INSERT INTO journal_entry (number, company_id,"      \
	  " shop_id, date, doc_type, doc_number, sales_order_id, currency,"   \
	  " memo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")               \
	X(ST_JL_INSERT, "INSERT INTO journal_line (entry_id, line_no,"        \
	  " account_id, debit, credit) VALUES (?1, ?2, ?3, ?4, ?5)")          \
	X(ST_JE_LINES, "SELECT a.kind, a.label, l.debit, l.credit"            \
	  " FROM journal_entry j JOIN journal_line l ON l.entry_id = j.id"    \
	  " JOIN account a ON a.id = l.account_id WHERE j.company_id = ?1"    \
	  " AND j.doc_type = ?2 AND j.doc_number = ?3 ORDER BY l.line_no")    \
	X(ST_RES_SET, "INSERT INTO reservation (sales_order_id, line_no,"     \
	  " product_id, warehouse_id, quantity) VALUES (?1, ?2, ?3, ?4, ?5)"  \
	  " ON CONFLICT (sales_order_id, line_no) DO UPDATE SET"              \
	  " product_id = excluded.product_id,"                                \
	  " warehouse_id = excluded.warehouse_id,"                            \
	  " quantity = excluded.quantity")                                    \
	X(ST_RES_DELETE, "DELETE FROM reservation WHERE sales_order_id = ?1"  \
	  " AND line_no = ?2")                                                \
	X(ST_RES_RELEASE, "DELETE FROM reservation"                           \
	  " WHERE sales_order_id = ?1")                                       \
	X(ST_STOCK_MOVE, "INSERT INTO stock_move (product_id, warehouse_id,"  \
	  " quantity, doc_type, doc_ref, date)"                               \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"                                  \
	  " ON CONFLICT (doc_type, doc_ref, product_id) DO NOTHING")          \
	X(ST_IMPORT_LOG, "INSERT INTO import_log (shop_id, shopify_order_id," \
	  " order_name, origin, outcome, message, sales_order_id, at)"        \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " NOW_SQL ")")

enum stmt_id {
#define STMT_ENUM_(id, sql) id,
	STMTS(STMT_ENUM_)
#undef STMT_ENUM_
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
#define STMT_SQL_(id, sql) [id] = sql,
	STMTS(STMT_SQL_)
#undef STMT_SQL_
};

enum sp_verb { SP_BEGIN, SP_RELEASE, SP_ROLLBACK, SP_VERBS };

struct sq_store {
	struct store base; /* first: a struct store * is a struct sq_store * */
	sqlite3 *db;
	int depth;         /* 0: no transaction; 1: BEGIN; n > 1: sp<n-1> */
	sqlite3_stmt *st[ST_COUNT];
	sqlite3_stmt *sp[SP_VERBS][SP_CACHE];
};

static struct sq_store *sq(struct store *base)
{
	return (struct sq_store *)base;
}

/* ---- errors, statements, binding, reading ---------------------------- */

static int db_fail(struct sq_store *s, int rc, const char *what,
		   struct err *e)
{
	enum err_code code = ERR_DB;

	if (rc == SQLITE_CONSTRAINT_UNIQUE ||
	    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		code = ERR_CONFLICT;
	else if (rc == SQLITE_NOMEM)
		code = ERR_NOMEM;
	else if (rc == SQLITE_READONLY_DIRECTORY)
		return err_set(e, code, "%s: %s: a database in WAL mode is read "
			       "through -wal and -shm files next to it, and "
			       "its folder is not writable", what,
			       sqlite3_errmsg(s->db));
	return err_set(e, code, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* The cached statement `id`, prepared on first use. */
static int stmt(struct sq_store *s, enum stmt_id id, sqlite3_stmt **out,
		struct err *e)
{
	if (!s->st[id]) {
		int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1,
					    SQLITE_PREPARE_PERSISTENT,
					    &s->st[id], NULL);
		if (rc != SQLITE_OK) {
			sqlite3_finalize(s->st[id]);
			s->st[id] = NULL;
			*out = NULL;
			return db_fail(s, rc, "preparing a statement", e);
		}
	}
	*out = s->st[id];
	return 0;
}

/* Ready a cached statement for its next use; accepts NULL. */
static void done(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

/* Step a statement run for its effect. */
static int run(struct sq_store *s, sqlite3_stmt *st, const char *what,
	       struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return db_fail(s, rc, what, e);
}

/* Step a query: 1 with a row ready, 0 at the end, < 0 on failure. */
static int fetch(struct sq_store *s, sqlite3_stmt *st, const char *what,
		 struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_fail(s, rc, what, e);
}

/* Binds parameters 1, 2, ... in order; the first failure is kept. */
struct binder {
	sqlite3_stmt *st;
	int n;
	int rc;
};

static void keep(struct binder *b, int rc)
{
	if (b->rc == SQLITE_OK)
		b->rc = rc;
}

static void bind_i64(struct binder *b, int64_t v)
{
	keep(b, sqlite3_bind_int64(b->st, ++b->n, v));
}

/* An optional value: NULL unless `has`. */
static void bind_opt(struct binder *b, bool has, int64_t v)
{
	if (has)
		bind_i64(b, v);
	else
		keep(b, sqlite3_bind_null(b->st, ++b->n));
}

/* An optional reference: 0 is NULL. */
static void bind_ref(struct binder *b, int64_t id)
{
	bind_opt(b, id != 0, id);
}

static void bind_bool(struct binder *b, bool v)
{
	bind_i64(b, v ? 1 : 0);
}

/* Text borrowed until the statement is reset (done()); NULL is NULL. */
static void bind_text(struct binder *b, const char *t)
{
	if (t)
		keep(b, sqlite3_bind_text(b->st, ++b->n, t, -1, SQLITE_STATIC));
	else
		keep(b, sqlite3_bind_null(b->st, ++b->n));
}

static int bound(struct sq_store *s, const struct binder *b,
		 const char *what, struct err *e)
{
	return b->rc == SQLITE_OK ? 0 : db_fail(s, b->rc, what, e);
}

/* Reads columns 0, 1, ... in order, copying text into the arena. */
struct reader {
	sqlite3_stmt *st;
	struct arena *a;
	int i;
	bool nomem;
	bool bad; /* a status word that is not a doc_status */
};

static int64_t get_i64(struct reader *r)
{
	return sqlite3_column_int64(r->st, r->i++);
}

static int64_t get_opt(struct reader *r, bool *has)
{
	*has = sqlite3_column_type(r->st, r->i) != SQLITE_NULL;
	return get_i64(r);
}

static bool get_bool(struct reader *r)
{
	return get_i64(r) != 0;
}

static int get_int(struct reader *r)
{
	return sqlite3_column_int(r->st, r->i++);
}

static const char *get_text(struct reader *r)
{
	int i = r->i++;
	const unsigned char *t;
	char *p;

	if (sqlite3_column_type(r->st, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(r->st, i);
	if (!t) {
		r->nomem = true;
		return NULL;
	}
	p = arena_strndup(r->a, (const char *)t,
			  (size_t)sqlite3_column_bytes(r->st, i));
	if (!p)
		r->nomem = true;
	return p;
}

static enum doc_status get_status(struct reader *r)
{
	const unsigned char *t = sqlite3_column_text(r->st, r->i++);
	enum doc_status st = DOC_TEMPORARY;

	if (t && doc_status_parse((const char *)t, &st) != 0)
		r->bad = true;
	return st;
}

static int read_ok(const struct reader *r, const char *what, struct err *e)
{
	if (r->nomem)
		return err_set(e, ERR_NOMEM, "%s: out of memory", what);
	if (r->bad)
		return err_set(e, ERR_DB, "%s: unknown document status", what);
	return 0;
}



/* Room for element n of an arena array of `size`-byte elements; the
 * array moves when it grows. NULL when out of memory. */
static void *grow(struct arena *a, void *arr, size_t n, size_t *cap,
		  size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return arr;
	ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / size)
		return NULL;
	p = arena_alloc(a, ncap * size);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, arr, n * size);
	*cap = ncap;
	return p;
}

/* Collect one element of `size` bytes per row of the bound statement,
 * each filled by `fill` from its columns; the array lives in the arena. */
typedef int (*row_fill_fn)(struct reader *r, void *elem, struct err *e);

static int collect(struct sq_store *s, sqlite3_stmt *st, struct arena *a,
		   size_t size, row_fill_fn fill, const char *what, void **out,
		   size_t *n, struct err *e)
{
	void *arr = NULL;
	size_t count = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = fetch(s, st, what, e)) == 1) {
		struct reader r = {st, a, 0, false, false};
		void *elem;

		arr = grow(a, arr, count, &cap, size);
		if (!arr)
			return err_set(e, ERR_NOMEM, "%s: out of memory", what);
		elem = (char *)arr + count * size;
		memset(elem, 0, size);
		rc = fill(&r, elem, e);
		if (!rc)
			rc = read_ok(&r, what, e);
		if (rc)
			return rc;
		count++;
	}
	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

/* ---- transactions ----------------------------------------------------- */

/* Run SAVEPOINT / RELEASE / ROLLBACK TO of savepoint sp<level>. */
static int sp_run(struct sq_store *s, enum sp_verb verb, int level,
		  struct err *e)
{
	static const char *const fmt[SP_VERBS] = {
		[SP_BEGIN] = "SAVEPOINT sp%d",
		[SP_RELEASE] = "RELEASE sp%d",
		[SP_ROLLBACK] = "ROLLBACK TO sp%d",
	};
	char sql[48];
	sqlite3_stmt *st = NULL;
	bool cached = level < SP_CACHE;
	int rc;

	if (cached)
		st = s->sp[verb][level];
	if (!st) {
		snprintf(sql, sizeof(sql), fmt[verb], level);
		rc = sqlite3_prepare_v3(s->db, sql, -1,
					cached ? SQLITE_PREPARE_PERSISTENT : 0,
					&st, NULL);
		if (rc != SQLITE_OK) {
			sqlite3_finalize(st);
			return db_fail(s, rc, "savepoint", e);
		}
		if (cached)
			s->sp[verb][level] = st;
	}
	rc = run(s, st, "savepoint", e);
	if (cached)
		done(st);
	else
		sqlite3_finalize(st);
	return rc;
}

static int run_cached(struct sq_store *s, enum stmt_id id, const char *what,
		      struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = stmt(s, id, &st, e);

	if (!rc)
		rc = run(s, st, what, e);
	done(st);
	return rc;
}

/* SQLite rolls a whole transaction back by itself after some errors (disk
 * full, out of memory): then our depth no longer holds. */
static bool tx_lost(struct sq_store *s)
{
	return s->depth > 0 && sqlite3_get_autocommit(s->db);
}

static int sq_tx_begin(struct store *base, struct err *e)
{
	struct sq_store *s = sq(base);
	int rc;

	if (tx_lost(s))
		return err_set(e, ERR_DB, "the transaction was rolled back "
			       "after an earlier error");
	if (s->depth == 0)
		rc = run_cached(s, ST_BEGIN, "begin transaction", e);
	else
		rc = sp_run(s, SP_BEGIN, s->depth, e);
	if (!rc)
		s->depth++;
	return rc;
}

static int sq_tx_rollback(struct store *base, struct err *e)
{
	struct sq_store *s = sq(base);
	int rc;

	if (s->depth == 0)
		return err_set(e, ERR_INVALID, "rollback without a transaction");
	if (tx_lost(s)) {
		s->depth--;
		if (s->depth == 0)
			return 0;
		return err_set(e, ERR_DB, "the transaction was rolled back "
			       "after an earlier error");
	}
	s->depth--;
	if (s->depth == 0)
		return run_cached(s, ST_ROLLBACK, "rollback", e);
	rc = sp_run(s, SP_ROLLBACK, s->depth, e);
	if (!rc)
		rc = sp_run(s, SP_RELEASE, s->depth, e);
	return rc;
}

static int sq_tx_commit(struct store *base, struct err *e)
{
	struct sq_store *s = sq(base);
	int rc;

	if (s->depth == 0)
		return err_set(e, ERR_INVALID, "commit without a transaction");
	if (tx_lost(s)) {
		s->depth--;
		return err_set(e, ERR_DB, "the transaction was rolled back "
			       "after an earlier error");
	}
	if (s->depth == 1) {
		rc = run_cached(s, ST_COMMIT, "commit", e);
		if (rc && !sqlite3_get_autocommit(s->db))
			run_cached(s, ST_ROLLBACK, "rollback", NULL);
		s->depth = 0;
		return rc;
	}
	s->depth--;
	rc = sp_run(s, SP_RELEASE, s->depth, e);
	if (rc) { /* undo the level anyway: the caller sees it failed */
		sp_run(s, SP_ROLLBACK, s->depth, NULL);
		sp_run(s, SP_RELEASE, s->depth, NULL);
	}
	return rc;
}

/* End an operation's own savepoint: commit when rc is 0, else roll back
 * keeping the first error. Returns the outcome. */
static int tx_end(struct sq_store *s, int rc, struct err *e)
{
	if (rc == 0)
		return sq_tx_commit(&s->base, e);
	sq_tx_rollback(&s->base, NULL);
	return rc;
}

/* ---- numbers and accounts --------------------------------------------- */

/* Take the next number of series `prefix` of `company`: "SO-000001". */
static int next_number(struct sq_store *s, int64_t company,
		       const char *prefix, struct arena *a, const char **out,
		       struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	int64_t n = 0;
	int rc;

	rc = stmt(s, ST_SERIES_BUMP, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, company);
	bind_text(&b, prefix);
	rc = bound(s, &b, "numbering", e);
	if (!rc)
		rc = run(s, st, "numbering", e);
	if (rc)
		goto out;
	if (sqlite3_changes(s->db) != 1) {
		rc = err_set(e, ERR_DB, "no number series %s for company %" PRId64,
			     prefix, company);
		goto out;
	}
	done(st);
	rc = stmt(s, ST_SERIES_GET, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, company);
	bind_text(&b, prefix);
	rc = bound(s, &b, "numbering", e);
	if (!rc)
		rc = fetch(s, st, "numbering", e);
	if (rc < 0)
		goto out;
	n = sqlite3_column_int64(st, 0);
	rc = 0;
	*out = arena_printf(a, "%s-%06lld", prefix, (long long)n);
	if (!*out)
		rc = err_set(e, ERR_NOMEM, "numbering: out of memory");
out:
	done(st);
	return rc;
}

/* id of a one-column, one-row lookup (*found false when no row). */
static int lookup_id(struct sq_store *s, sqlite3_stmt *st,
		     const struct binder *b, const char *what, int64_t *id,
		     bool *found, struct err *e)
{
	int rc = bound(s, b, what, e);

	if (!rc)
		rc = fetch(s, st, what, e);
	if (rc < 0)
		return rc;
	*found = rc == 1;
	*id = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
	return 0;
}

static int insert_account(struct sq_store *s, enum stmt_id which,
			  int64_t company, const char *code,
			  const char *name, const struct acct_info *info,
			  const char *label, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, which, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, company);
	bind_text(&b, code);
	bind_text(&b, name);
	bind_text(&b, info->type);
	bind_text(&b, info->key);
	bind_text(&b, label);
	rc = bound(s, &b, "creating an account", e);
	if (!rc)
		rc = run(s, st, "creating an account", e);
out:
	done(st);
	return rc;
}

/* The account of (kind, label) of `company`, created on first use. */
static int account_for(struct sq_store *s, int64_t company,
		       const struct acct_info *info, const char *label,
		       struct arena *a, int64_t *id, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	const char *lab = info->per_label && label ? label : "";
	const char *code = info->code, *name = info->name;
	char codebuf[32];
	int64_t taken;
	bool found;
	int rc;

	rc = stmt(s, ST_ACCOUNT_GET, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, company);
	bind_text(&b, info->key);
	bind_text(&b, lab);
	rc = lookup_id(s, st, &b, "finding an account", id, &found, e);
	if (rc || found)
		goto out;
	done(st);

	if (lab[0]) {
		long long base_code = strtoll(info->code, NULL, 10);
		int64_t n;

		rc = stmt(s, ST_ACCOUNT_LABELS, &st, e);
		if (rc)
			goto out;
		b = (struct binder){st, 0, SQLITE_OK};
		bind_i64(&b, company);
		bind_text(&b, info->key);
		rc = lookup_id(s, st, &b, "numbering an account", &n, &found, e);
		if (rc)
			goto out;
		done(st);
		for (n++;; n++) { /* the first free code base+n */
			snprintf(codebuf, sizeof(codebuf), "%lld",
				 base_code + (long long)n);
			rc = stmt(s, ST_ACCOUNT_CODE, &st, e);
			if (rc)
				goto out;
			b = (struct binder){st, 0, SQLITE_OK};
			bind_i64(&b, company);
			bind_text(&b, codebuf);
			rc = lookup_id(s, st, &b, "numbering an account",
				       &taken, &found, e);
			done(st);
			if (rc)
				goto out;
			if (!found)
				break;
		}
		code = codebuf;
		name = arena_printf(a, "%s - %s", info->name, lab);
		if (!name) {
			rc = err_set(e, ERR_NOMEM, "account name: out of memory");
			goto out;
		}
	}
	rc = insert_account(s, ST_ACCOUNT_INSERT, company, code, name, info,
			    lab, e);
	if (!rc)
		*id = sqlite3_last_insert_rowid(s->db);
out:
	done(st);
	return rc;
}

/* ---- shops ------------------------------------------------------------ */

static int shop_get(struct sq_store *s, const char *name, struct arena *a,
		    struct shop_rec *out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	struct reader r;
	int rc = stmt(s, ST_SHOP_GET, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_text(&b, name);
	rc = bound(s, &b, "reading a shop", e);
	if (!rc)
		rc = fetch(s, st, "reading a shop", e);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(e, ERR_NOTFOUND, "no shop named %s", name);
		goto out;
	}
	r = (struct reader){st, a, 0, false, false};
	memset(out, 0, sizeof(*out));
	out->id = get_i64(&r);
	out->name = get_text(&r);
	out->company_id = get_i64(&r);
	out->warehouse_id = get_i64(&r);
	out->warehouse_code = get_text(&r);
	out->auto_post = get_bool(&r);
	out->include_test = get_bool(&r);
	rc = read_ok(&r, "reading a shop", e);
out:
	done(st);
	return rc;
}

/* The company, its chart, series and warehouse MAIN, where absent. */
static int company_setup(struct sq_store *s, int64_t *warehouse_id,
			 struct err *e)
{
	static const char *const series[] = {"SO", "INV", "RCV", "JE", "C"};
	sqlite3_stmt *st = NULL;
	struct binder b;
	bool found;
	int rc;

	rc = stmt(s, ST_COMPANY_ADD, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, COMPANY_ID);
	bind_text(&b, "Company");
	rc = bound(s, &b, "creating the company", e);
	if (!rc)
		rc = run(s, st, "creating the company", e);
	if (rc)
		goto out;
	done(st);

	for (int k = 0; k < ACCT_KIND_COUNT; k++) {
		const struct acct_info *info = acct_kind_info((enum acct_kind)k);

		if (info->per_label)
			continue;
		rc = insert_account(s, ST_ACCOUNT_ADD, COMPANY_ID, info->code,
				    info->name, info, "", e);
		if (rc)
			goto out;
	}

	for (size_t i = 0; i < sizeof(series) / sizeof(series[0]); i++) {
		rc = stmt(s, ST_SERIES_ADD, &st, e);
		if (rc)
			goto out;
		b = (struct binder){st, 0, SQLITE_OK};
		bind_i64(&b, COMPANY_ID);
		bind_text(&b, series[i]);
		rc = bound(s, &b, "creating number series", e);
		if (!rc)
			rc = run(s, st, "creating number series", e);
		done(st);
		if (rc)
			goto out;
	}

	rc = stmt(s, ST_WAREHOUSE_ADD, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, COMPANY_ID);
	bind_text(&b, "MAIN");
	bind_text(&b, "Main warehouse");
	rc = bound(s, &b, "creating the warehouse", e);
	if (!rc)
		rc = run(s, st, "creating the warehouse", e);
	if (rc)
		goto out;
	done(st);

	rc = stmt(s, ST_WAREHOUSE_GET, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, COMPANY_ID);
	bind_text(&b, "MAIN");
	rc = lookup_id(s, st, &b, "finding the warehouse", warehouse_id,
		       &found, e);
	if (!rc && !found)
		rc = err_set(e, ERR_DB, "warehouse MAIN is missing");
out:
	done(st);
	return rc;
}

static int sq_shop_open(struct store *base, const char *name, bool create,
			struct arena *a, struct shop_rec *out, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int64_t warehouse_id = 0;
	int rc;

	if (!name || !name[0])
		return err_set(e, ERR_INVALID, "a shop needs a name");
	rc = shop_get(s, name, a, out, e);
	if (rc != ERR_NOTFOUND || !create)
		return rc;

	/* Look again under the write lock (BEGIN IMMEDIATE when the caller
	 * holds no transaction): another connection may have created it
	 * since, and two creators must not both insert. */
	rc = sq_tx_begin(base, e);
	if (rc)
		return rc;
	rc = shop_get(s, name, a, out, e);
	if (rc != ERR_NOTFOUND)
		goto out;
	rc = company_setup(s, &warehouse_id, e);
	if (rc)
		goto out;
	rc = stmt(s, ST_SHOP_ADD, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, COMPANY_ID);
	bind_text(&b, name);
	bind_i64(&b, warehouse_id);
	rc = bound(s, &b, "creating a shop", e);
	if (!rc)
		rc = run(s, st, "creating a shop", e);
	done(st);
	if (!rc)
		rc = shop_get(s, name, a, out, e);
out:
	return tx_end(s, rc, e);
}

/* ---- orders ----------------------------------------------------------- */

static int sq_order_state(struct store *base, int64_t shop_id,
			  int64_t shopify_order_id, struct arena *a,
			  struct order_state *out, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	struct reader r;
	int rc = stmt(s, ST_ORDER_STATE, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, shop_id);
	bind_i64(&b, shopify_order_id);
	rc = bound(s, &b, "reading an order", e);
	if (!rc)
		rc = fetch(s, st, "reading an order", e);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(e, ERR_NOTFOUND, "no order %" PRId64,
			     shopify_order_id);
		goto out;
	}
	r = (struct reader){st, a, 0, false, false};
	memset(out, 0, sizeof(*out));
	out->sales_order_id = get_i64(&r);
	out->number = get_text(&r);
	out->updated_at_unix = get_i64(&r);
	out->updated_at_ms = get_int(&r);
	out->status = get_text(&r);
	out->customer_id = get_i64(&r);
	out->invoice_id = get_i64(&r);
	out->invoice_number = get_text(&r);
	out->invoice_status = get_status(&r);
	out->invoice_posted = get_bool(&r);
	out->invoice_total = get_i64(&r);
	out->test = get_bool(&r);
	out->payment_status = get_text(&r);
	out->currency = get_text(&r);
	rc = read_ok(&r, "reading an order", e);
out:
	done(st);
	return rc;
}

static void read_customer(struct reader *r, struct customer_rec *c)
{
	memset(c, 0, sizeof(*c));
	c->id = get_i64(r);
	c->number = get_text(r);
	c->shop_id = get_i64(r);
	c->name = get_text(r);
	c->shopify_id = get_opt(r, &c->has_shopify_id);
	c->email = get_text(r);
	c->phone = get_text(r);
	c->email_key = get_text(r);
	c->phone_key = get_text(r);
	c->guest = get_bool(r);
}

static int parse_id(const char *key, int64_t *out)
{
	char *end;
	long long v;

	if (!key || !key[0])
		return -1;
	errno = 0;
	v = strtoll(key, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int sq_customer_find(struct store *base, int64_t shop_id,
			    enum customer_key by, const char *key,
			    struct arena *a, struct customer_rec *out,
			    struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	struct reader r;
	enum stmt_id id;
	int64_t shopify_id = 0;
	int rc;

	switch (by) {
	case CUSTOMER_BY_SHOPIFY_ID:
		if (parse_id(key, &shopify_id))
			return err_set(e, ERR_INVALID, "customer id \"%s\" is "
				       "not a number", key ? key : "");
		id = ST_CUST_BY_SHOPIFY;
		break;
	case CUSTOMER_BY_EMAIL:
		id = ST_CUST_BY_EMAIL;
		break;
	case CUSTOMER_BY_PHONE:
		id = ST_CUST_BY_PHONE;
		break;
	case CUSTOMER_GUEST:
		id = ST_CUST_GUEST;
		break;
	default:
		return err_set(e, ERR_INVALID, "unknown customer key %d",
			       (int)by);
	}
	if (by != CUSTOMER_GUEST && (!key || !key[0]))
		return err_set(e, ERR_NOTFOUND, "no customer");

	rc = stmt(s, id, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, shop_id);
	if (by == CUSTOMER_BY_SHOPIFY_ID)
		bind_i64(&b, shopify_id);
	else if (by != CUSTOMER_GUEST)
		bind_text(&b, key);
	rc = bound(s, &b, "finding a customer", e);
	if (!rc)
		rc = fetch(s, st, "finding a customer", e);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(e, ERR_NOTFOUND, "no customer");
		goto out;
	}
	r = (struct reader){st, a, 0, false, false};
	read_customer(&r, out);
	rc = read_ok(&r, "finding a customer", e);
out:
	done(st);
	return rc;
}

static int sq_customer_insert(struct store *base, struct customer_rec *c,
			      struct arena *a, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	const char *number = NULL;
	int rc = sq_tx_begin(base, e);

	if (rc)
		return rc;
	rc = next_number(s, COMPANY_ID, "C", a, &number, e);
	if (rc)
		goto out;
	rc = stmt(s, ST_CUST_INSERT, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, c->shop_id);
	bind_text(&b, number);
	bind_text(&b, c->name);
	bind_opt(&b, c->has_shopify_id, c->shopify_id);
	bind_text(&b, c->email);
	bind_text(&b, c->phone);
	bind_text(&b, c->email_key);
	bind_text(&b, c->phone_key);
	bind_bool(&b, c->guest);
	rc = bound(s, &b, "creating a customer", e);
	if (!rc)
		rc = run(s, st, "creating a customer", e);
	if (!rc) {
		c->id = sqlite3_last_insert_rowid(s->db);
		c->number = number;
	}
out:
	done(st);
	return tx_end(s, rc, e);
}

static int sq_customer_update(struct store *base, const struct customer_rec *c,
			      struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_CUST_UPDATE, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_text(&b, c->name);
	bind_opt(&b, c->has_shopify_id, c->shopify_id);
	bind_text(&b, c->email);
	bind_text(&b, c->phone);
	bind_text(&b, c->email_key);
	bind_text(&b, c->phone_key);
	bind_i64(&b, c->id);
	rc = bound(s, &b, "updating a customer", e);
	if (!rc)
		rc = run(s, st, "updating a customer", e);
	if (!rc && sqlite3_changes(s->db) == 0)
		rc = err_set(e, ERR_NOTFOUND, "no customer %" PRId64, c->id);
out:
	done(st);
	return rc;
}

/* ---- products --------------------------------------------------------- */

static int product_get(struct sq_store *s, enum stmt_id id, int64_t shop_id,
		       int64_t variant_id, const char *identity,
		       struct arena *a, struct product_rec *p, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	struct reader r;
	int rc = stmt(s, id, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, shop_id);
	if (id == ST_PROD_BY_VARIANT)
		bind_i64(&b, variant_id);
	else
		bind_text(&b, identity);
	rc = bound(s, &b, "finding a product", e);
	if (!rc)
		rc = fetch(s, st, "finding a product", e);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		rc = err_set(e, ERR_NOTFOUND, "no product");
		goto out;
	}
	r = (struct reader){st, a, 0, false, false};
	memset(p, 0, sizeof(*p));
	p->id = get_i64(&r);
	p->shop_id = get_i64(&r);
	p->code = get_text(&r);
	p->title = get_text(&r);
	p->variant_title = get_text(&r);
	p->variant_id = get_opt(&r, &p->has_variant_id);
	p->identity = get_text(&r);
	p->product_id = get_opt(&r, &p->has_product_id);
	p->sku = get_text(&r);
	p->vendor = get_text(&r);
	p->price = get_i64(&r);
	p->currency = get_text(&r);
	p->stock_item = get_bool(&r);
	p->gift_card = get_bool(&r);
	p->shopify = get_bool(&r);
	rc = read_ok(&r, "finding a product", e);
out:
	done(st);
	return rc;
}

static int sq_product_find_variant(struct store *base, int64_t shop_id,
				   int64_t variant_id, struct arena *a,
				   struct product_rec *out, struct err *e)
{
	return product_get(sq(base), ST_PROD_BY_VARIANT, shop_id, variant_id,
			   NULL, a, out, e);
}

static int sq_product_find_identity(struct store *base, int64_t shop_id,
				    const char *identity, struct arena *a,
				    struct product_rec *out, struct err *e)
{
	if (!identity)
		return err_set(e, ERR_NOTFOUND, "no product");
	return product_get(sq(base), ST_PROD_BY_IDENTITY, shop_id, 0,
			   identity, a, out, e);
}

static int sq_product_code_taken(struct store *base, int64_t shop_id,
				 const char *code, bool *taken, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int64_t one;
	int rc = stmt(s, ST_PROD_CODE, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, shop_id);
	bind_text(&b, code);
	rc = lookup_id(s, st, &b, "checking a product code", &one, taken, e);
out:
	done(st);
	return rc;
}

static int sq_product_insert(struct store *base, struct product_rec *p,
			     struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_PROD_INSERT, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, p->shop_id);
	bind_text(&b, p->code);
	bind_text(&b, p->title);
	bind_text(&b, p->variant_title);
	bind_opt(&b, p->has_variant_id, p->variant_id);
	bind_text(&b, p->has_variant_id ? NULL : p->identity);
	bind_opt(&b, p->has_product_id, p->product_id);
	bind_text(&b, p->sku);
	bind_text(&b, p->vendor);
	bind_i64(&b, p->price);
	bind_text(&b, p->currency);
	bind_bool(&b, p->stock_item);
	bind_bool(&b, p->gift_card);
	bind_bool(&b, p->shopify);
	rc = bound(s, &b, "creating a product", e);
	if (!rc)
		rc = run(s, st, "creating a product", e);
	if (!rc)
		p->id = sqlite3_last_insert_rowid(s->db);
out:
	done(st);
	return rc;
}

/* ---- sales orders ----------------------------------------------------- */

static int insert_so_line(struct sq_store *s, int64_t so_id,
			  const struct so_line_rec *l, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_SO_LINE_INSERT, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, so_id);
	bind_i64(&b, l->line_no);
	bind_ref(&b, l->shopify_line_id);
	bind_ref(&b, l->product_id);
	bind_text(&b, l->title);
	bind_text(&b, l->variant_title);
	bind_text(&b, l->sku);
	bind_i64(&b, l->quantity);
	bind_i64(&b, l->unit_price);
	bind_i64(&b, l->discount);
	bind_i64(&b, l->tax);
	bind_i64(&b, l->net);
	bind_bool(&b, l->stock_item);
	bind_bool(&b, l->gift_card);
	bind_bool(&b, l->tip);
	bind_text(&b, l->properties);
	rc = bound(s, &b, "storing an order line", e);
	if (!rc)
		rc = run(s, st, "storing an order line", e);
out:
	done(st);
	return rc;
}

static int insert_so_ship(struct sq_store *s, int64_t so_id,
			  const struct so_ship_rec *l, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_SO_SHIP_INSERT, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, so_id);
	bind_i64(&b, l->line_no);
	bind_text(&b, l->title);
	bind_text(&b, l->code);
	bind_i64(&b, l->price);
	bind_i64(&b, l->discount);
	bind_i64(&b, l->tax);
	rc = bound(s, &b, "storing a shipping line", e);
	if (!rc)
		rc = run(s, st, "storing a shipping line", e);
out:
	done(st);
	return rc;
}

/* Every line and shipping line of order so_id, in the caller's savepoint. */
static int insert_so_lines(struct sq_store *s, int64_t so_id,
			   const struct so_line_rec *lines, size_t n_lines,
			   const struct so_ship_rec *ship, size_t n_ship,
			   struct err *e)
{
	int rc = 0;

	for (size_t i = 0; i < n_lines && !rc; i++)
		rc = insert_so_line(s, so_id, &lines[i], e);
	for (size_t i = 0; i < n_ship && !rc; i++)
		rc = insert_so_ship(s, so_id, &ship[i], e);
	return rc;
}

static int sq_sales_order_insert(struct store *base,
				 struct sales_order_rec *so,
				 const struct so_line_rec *lines,
				 size_t n_lines, const struct so_ship_rec *ship,
				 size_t n_ship, struct arena *a, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	const char *number = NULL;
	int64_t id = 0;
	int rc = sq_tx_begin(base, e);

	if (rc)
		return rc;
	rc = next_number(s, COMPANY_ID, "SO", a, &number, e);
	if (rc)
		goto out;
	rc = stmt(s, ST_SO_INSERT, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, so->shop_id);
	bind_i64(&b, so->shopify_order_id);
	bind_text(&b, number);
	bind_text(&b, so->name);
	bind_text(&b, so->source);
	bind_i64(&b, so->customer_id);
	bind_text(&b, so->currency);
	bind_i64(&b, so->exp);
	bind_text(&b, so->order_date);
	bind_text(&b, so->created_at);
	bind_text(&b, so->processed_at);
	bind_text(&b, so->updated_at);
	bind_text(&b, so->cancelled_at);
	bind_i64(&b, so->updated_at_unix);
	bind_i64(&b, so->updated_at_ms);
	bind_text(&b, so->status);
	bind_text(&b, so->payment_status);
	bind_text(&b, so->fulfillment_status);
	bind_text(&b, so->cancel_reason);
	bind_text(&b, so->gateways);
	bind_text(&b, so->source_name);
	bind_text(&b, so->tags);
	bind_text(&b, so->note);
	bind_text(&b, so->po_number);
	bind_text(&b, so->bill_to);
	bind_text(&b, so->ship_to);
	bind_text(&b, so->note_attributes);
	bind_bool(&b, so->test);
	bind_bool(&b, so->taxes_included);
	bind_bool(&b, so->needs_review);
	bind_i64(&b, so->total_price);
	rc = bound(s, &b, "storing a sales order", e);
	if (!rc)
		rc = run(s, st, "storing a sales order", e);
	if (rc)
		goto out;
	id = sqlite3_last_insert_rowid(s->db);
	rc = insert_so_lines(s, id, lines, n_lines, ship, n_ship, e);
	if (!rc) {
		so->id = id;
		so->number = number;
	}
out:
	done(st);
	return tx_end(s, rc, e);
}

static int sq_sales_order_update(struct store *base,
				 const struct sales_order_rec *so,
				 struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_SO_UPDATE, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_text(&b, so->status);
	bind_text(&b, so->payment_status);
	bind_text(&b, so->fulfillment_status);
	bind_text(&b, so->updated_at);
	bind_i64(&b, so->updated_at_unix);
	bind_i64(&b, so->updated_at_ms);
	bind_text(&b, so->cancelled_at);
	bind_text(&b, so->cancel_reason);
	bind_bool(&b, so->needs_review);
	bind_text(&b, so->tags);
	bind_text(&b, so->note);
	bind_i64(&b, so->total_price);
	bind_i64(&b, so->id);
	rc = bound(s, &b, "updating a sales order", e);
	if (!rc)
		rc = run(s, st, "updating a sales order", e);
	if (!rc && sqlite3_changes(s->db) == 0)
		rc = err_set(e, ERR_NOTFOUND, "no sales order %" PRId64, so->id);
out:
	done(st);
	return rc;
}

/* Run statement `id` (one parameter: the order id) for its effect. */
static int run_for_order(struct sq_store *s, enum stmt_id id,
			 int64_t sales_order_id, const char *what,
			 struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, id, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, sales_order_id);
	rc = bound(s, &b, what, e);
	if (!rc)
		rc = run(s, st, what, e);
out:
	done(st);
	return rc;
}

static int sq_sales_order_replace_lines(struct store *base,
					int64_t sales_order_id,
					const struct so_line_rec *lines,
					size_t n_lines,
					const struct so_ship_rec *ship,
					size_t n_ship, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int64_t one;
	bool found;
	int rc = sq_tx_begin(base, e);

	if (rc)
		return rc;
	rc = stmt(s, ST_SO_EXISTS, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, sales_order_id);
	rc = lookup_id(s, st, &b, "finding a sales order", &one, &found, e);
	done(st);
	if (!rc && !found)
		rc = err_set(e, ERR_NOTFOUND, "no sales order %" PRId64,
			     sales_order_id);
	if (!rc)
		rc = run_for_order(s, ST_SO_LINES_DELETE, sales_order_id,
				   "removing order lines", e);
	if (!rc)
		rc = run_for_order(s, ST_SO_SHIP_DELETE, sales_order_id,
				   "removing shipping lines", e);
	if (!rc)
		rc = insert_so_lines(s, sales_order_id, lines, n_lines, ship,
				     n_ship, e);
out:
	return tx_end(s, rc, e);
}

static int fill_so_line(struct reader *r, void *elem, struct err *e)
{
	struct so_line_rec *l = elem;

	l->line_no = get_int(r);
	l->shopify_line_id = get_i64(r);
	l->product_id = get_i64(r);
	l->product_code = get_text(r);
	l->title = get_text(r);
	l->variant_title = get_text(r);
	l->sku = get_text(r);
	l->quantity = get_i64(r);
	l->unit_price = get_i64(r);
	l->discount = get_i64(r);
	l->tax = get_i64(r);
	l->net = get_i64(r);
	l->stock_item = get_bool(r);
	l->gift_card = get_bool(r);
	l->tip = get_bool(r);
	l->properties = get_text(r);
	return 0;
}

static int sq_sales_order_lines(struct store *base, int64_t sales_order_id,
				struct arena *a, struct so_line_rec **out,
				size_t *n, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_SO_LINES, &st, e);

	*out = NULL;
	*n = 0;
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, sales_order_id);
	rc = bound(s, &b, "reading order lines", e);
	if (!rc)
		rc = collect(s, st, a, sizeof(**out), fill_so_line,
			     "reading order lines", (void **)out, n, e);
out:
	done(st);
	return rc;
}

/* ---- invoices and receipts -------------------------------------------- */

static int sq_invoice_insert(struct store *base, struct invoice_rec *inv,
			     struct arena *a, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	const struct invoice_figures *f = &inv->fig;
	const char *number = NULL;
	int rc = sq_tx_begin(base, e);

	if (rc)
		return rc;
	rc = next_number(s, COMPANY_ID, "INV", a, &number, e);
	if (rc)
		goto out;
	rc = stmt(s, ST_INV_INSERT, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_text(&b, number);
	bind_i64(&b, inv->sales_order_id);
	bind_i64(&b, inv->customer_id);
	bind_text(&b, doc_status_word(inv->status));
	bind_text(&b, inv->date);
	bind_text(&b, inv->due_date);
	bind_text(&b, inv->currency);
	bind_i64(&b, f->total);
	bind_i64(&b, f->subtotal);
	bind_i64(&b, f->discounts);
	bind_i64(&b, f->shipping);
	bind_i64(&b, f->tax);
	bind_i64(&b, f->tips);
	bind_i64(&b, f->duties);
	bind_i64(&b, f->fees);
	bind_i64(&b, f->cash_rounding);
	bind_i64(&b, f->rounding);
	bind_i64(&b, f->unexplained);
	rc = bound(s, &b, "storing an invoice", e);
	if (!rc)
		rc = run(s, st, "storing an invoice", e);
	if (!rc) {
		inv->id = sqlite3_last_insert_rowid(s->db);
		inv->number = number;
	}
out:
	done(st);
	return tx_end(s, rc, e);
}

static int sq_invoice_update(struct store *base, const struct invoice_rec *inv,
			     struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	const struct invoice_figures *f = &inv->fig;
	int rc = stmt(s, ST_INV_UPDATE, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_text(&b, doc_status_word(inv->status));
	bind_text(&b, inv->date);
	bind_text(&b, inv->due_date);
	bind_i64(&b, f->total);
	bind_i64(&b, f->subtotal);
	bind_i64(&b, f->discounts);
	bind_i64(&b, f->shipping);
	bind_i64(&b, f->tax);
	bind_i64(&b, f->tips);
	bind_i64(&b, f->duties);
	bind_i64(&b, f->fees);
	bind_i64(&b, f->cash_rounding);
	bind_i64(&b, f->rounding);
	bind_i64(&b, f->unexplained);
	bind_i64(&b, inv->id);
	rc = bound(s, &b, "updating an invoice", e);
	if (!rc)
		rc = run(s, st, "updating an invoice", e);
	if (!rc && sqlite3_changes(s->db) == 0)
		rc = err_set(e, ERR_NOTFOUND, "no invoice %" PRId64, inv->id);
out:
	done(st);
	return rc;
}

static int set_status(struct sq_store *s, enum stmt_id id, int64_t row,
		      enum doc_status status, const char *what, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, id, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_text(&b, doc_status_word(status));
	bind_i64(&b, row);
	rc = bound(s, &b, what, e);
	if (!rc)
		rc = run(s, st, what, e);
	if (!rc && sqlite3_changes(s->db) == 0)
		rc = err_set(e, ERR_NOTFOUND, "%s: no row %" PRId64, what, row);
out:
	done(st);
	return rc;
}

static int sq_invoice_set_status(struct store *base, int64_t invoice_id,
				 enum doc_status status, struct err *e)
{
	return set_status(sq(base), ST_INV_STATUS, invoice_id, status,
			  "invoice status", e);
}

static int sq_receipt_set_status(struct store *base, int64_t receipt_id,
				 enum doc_status status, struct err *e)
{
	return set_status(sq(base), ST_RCV_STATUS, receipt_id, status,
			  "receipt status", e);
}

static int fill_receipt(struct reader *r, void *elem, struct err *e)
{
	struct receipt_rec *x = elem;

	x->id = get_i64(r);
	x->number = get_text(r);
	x->shop_id = get_i64(r);
	x->sales_order_id = get_i64(r);
	x->invoice_id = get_i64(r);
	x->customer_id = get_i64(r);
	x->source_key = get_text(r);
	x->txn_id = get_opt(r, &x->has_txn_id);
	x->amount = get_i64(r);
	x->currency = get_text(r);
	x->gateway = get_text(r);
	x->status = get_status(r);
	x->date = get_text(r);
	x->posted = get_bool(r);
	return 0;
}

static int sq_receipts_of_order(struct store *base, int64_t sales_order_id,
				struct arena *a, struct receipt_rec **out,
				size_t *n, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_RCV_OF_ORDER, &st, e);

	*out = NULL;
	*n = 0;
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, sales_order_id);
	rc = bound(s, &b, "reading receipts", e);
	if (!rc)
		rc = collect(s, st, a, sizeof(**out), fill_receipt,
			     "reading receipts", (void **)out, n, e);
out:
	done(st);
	return rc;
}

static int sq_receipt_insert(struct store *base, struct receipt_rec *r,
			     struct arena *a, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	const char *number = NULL;
	int rc = sq_tx_begin(base, e);

	if (rc)
		return rc;
	rc = next_number(s, COMPANY_ID, "RCV", a, &number, e);
	if (rc)
		goto out;
	rc = stmt(s, ST_RCV_INSERT, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_text(&b, number);
	bind_i64(&b, r->shop_id);
	bind_i64(&b, r->sales_order_id);
	bind_i64(&b, r->invoice_id);
	bind_i64(&b, r->customer_id);
	bind_text(&b, r->source_key);
	bind_opt(&b, r->has_txn_id, r->txn_id);
	bind_i64(&b, r->amount);
	bind_text(&b, r->currency);
	bind_text(&b, r->gateway);
	bind_text(&b, doc_status_word(r->status));
	bind_text(&b, r->date);
	rc = bound(s, &b, "storing a receipt", e);
	if (!rc)
		rc = run(s, st, "storing a receipt", e);
	if (!rc) {
		r->id = sqlite3_last_insert_rowid(s->db);
		r->number = number;
	}
out:
	done(st);
	return tx_end(s, rc, e);
}

/* ---- journal ---------------------------------------------------------- */

static int journal_check(const struct journal_rec *j, struct err *e)
{
	int64_t debits = 0, credits = 0;

	for (size_t i = 0; i < j->n_lines; i++) {
		const struct journal_line *l = &j->lines[i];

		if ((int)l->kind < 0 || l->kind >= ACCT_KIND_COUNT)
			return err_set(e, ERR_INVALID, "journal line %zu: "
				       "unknown account kind %d", i + 1,
				       (int)l->kind);
		if (l->debit < 0 || l->credit < 0)
			return err_set(e, ERR_INVALID, "journal line %zu: "
				       "negative amount", i + 1);
		if (l->debit > 0 && l->credit > 0)
			return err_set(e, ERR_INVALID, "journal line %zu: "
				       "both debit and credit", i + 1);
		if (money_add(debits, l->debit, &debits) ||
		    money_add(credits, l->credit, &credits))
			return err_set(e, ERR_INVALID, "journal entry: "
				       "amounts out of range");
	}
	if (debits != credits)
		return err_set(e, ERR_INVALID, "journal entry for %s %s does "
			       "not balance: debits %" PRId64 ", credits %"
			       PRId64, j->doc_type ? j->doc_type : "?",
			       j->doc_number ? j->doc_number : "?", debits,
			       credits);
	return 0;
}

static int insert_journal_line(struct sq_store *s, int64_t entry, int line_no,
			       int64_t account, const struct journal_line *l,
			       struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_JL_INSERT, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, entry);
	bind_i64(&b, line_no);
	bind_i64(&b, account);
	bind_i64(&b, l->debit);
	bind_i64(&b, l->credit);
	rc = bound(s, &b, "storing a journal line", e);
	if (!rc)
		rc = run(s, st, "storing a journal line", e);
out:
	done(st);
	return rc;
}

static int sq_journal_post(struct store *base, struct journal_rec *j,
			   struct arena *a, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	const char *number = NULL;
	int64_t entry, account;
	int line_no = 0;
	int rc = journal_check(j, e);

	if (rc)
		return rc;
	rc = sq_tx_begin(base, e);
	if (rc)
		return rc;
	rc = next_number(s, j->company_id, "JE", a, &number, e);
	if (rc)
		goto out;
	rc = stmt(s, ST_JE_INSERT, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_text(&b, number);
	bind_i64(&b, j->company_id);
	bind_ref(&b, j->shop_id);
	bind_text(&b, j->date);
	bind_text(&b, j->doc_type);
	bind_text(&b, j->doc_number);
	bind_ref(&b, j->sales_order_id);
	bind_text(&b, j->currency);
	bind_text(&b, j->memo);
	rc = bound(s, &b, "storing a journal entry", e);
	if (!rc)
		rc = run(s, st, "storing a journal entry", e);
	if (rc)
		goto out;
	entry = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < j->n_lines; i++) {
		const struct journal_line *l = &j->lines[i];

		if (l->debit == 0 && l->credit == 0)
			continue;
		rc = account_for(s, j->company_id, acct_kind_info(l->kind),
				 l->label, a, &account, e);
		if (!rc)
			rc = insert_journal_line(s, entry, ++line_no, account,
						 l, e);
		if (rc)
			goto out;
	}
	j->number = number;
out:
	done(st);
	return tx_end(s, rc, e);
}

static int fill_journal_line(struct reader *r, void *elem, struct err *e)
{
	struct journal_line *l = elem;
	const char *key = get_text(r);
	const char *label = get_text(r);
	int k;

	l->debit = get_i64(r);
	l->credit = get_i64(r);
	for (k = 0; k < ACCT_KIND_COUNT; k++)
		if (key && strcmp(acct_kind_info((enum acct_kind)k)->key, key) == 0)
			break;
	if (k == ACCT_KIND_COUNT)
		return err_set(e, ERR_DB, "journal entry: unknown account kind \"%s\"",
			       key ? key : "");
	l->kind = (enum acct_kind)k;
	l->label = label && *label ? label : NULL;
	return 0;
}

static int sq_journal_lines(struct store *base, int64_t company_id,
			    const char *doc_type, const char *doc_number,
			    struct arena *a, struct journal_line **out,
			    size_t *n, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_JE_LINES, &st, e);

	*out = NULL;
	*n = 0;
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, company_id);
	bind_text(&b, doc_type);
	bind_text(&b, doc_number);
	rc = bound(s, &b, "reading a journal entry", e);
	if (!rc)
		rc = collect(s, st, a, sizeof(**out), fill_journal_line,
			     "reading a journal entry", (void **)out, n, e);
out:
	done(st);
	return rc;
}

/* ---- stock ------------------------------------------------------------ */

static int sq_reservation_set(struct store *base, int64_t sales_order_id,
			      int line_no, int64_t product_id,
			      int64_t warehouse_id, int64_t quantity,
			      struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc;

	if (quantity < 0)
		return err_set(e, ERR_INVALID, "reservation of line %d: "
			       "negative quantity", line_no);
	rc = stmt(s, quantity ? ST_RES_SET : ST_RES_DELETE, &st, e);
	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, sales_order_id);
	bind_i64(&b, line_no);
	if (quantity) {
		bind_i64(&b, product_id);
		bind_i64(&b, warehouse_id);
		bind_i64(&b, quantity);
	}
	rc = bound(s, &b, "setting a reservation", e);
	if (!rc)
		rc = run(s, st, "setting a reservation", e);
out:
	done(st);
	return rc;
}

static int sq_reservation_release(struct store *base, int64_t sales_order_id,
				  struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_RES_RELEASE, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, sales_order_id);
	rc = bound(s, &b, "releasing reservations", e);
	if (!rc)
		rc = run(s, st, "releasing reservations", e);
out:
	done(st);
	return rc;
}

static int sq_stock_move(struct store *base, int64_t product_id,
			 int64_t warehouse_id, int64_t quantity,
			 const char *doc_type, const char *doc_ref,
			 const char *date, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_STOCK_MOVE, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_i64(&b, product_id);
	bind_i64(&b, warehouse_id);
	bind_i64(&b, quantity);
	bind_text(&b, doc_type);
	bind_text(&b, doc_ref);
	bind_text(&b, date);
	rc = bound(s, &b, "moving stock", e);
	if (!rc)
		rc = run(s, st, "moving stock", e);
out:
	done(st);
	return rc;
}

/* ---- log and reports -------------------------------------------------- */

static int sq_import_log(struct store *base, const struct import_log_rec *l,
			 struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL;
	struct binder b;
	int rc = stmt(s, ST_IMPORT_LOG, &st, e);

	if (rc)
		goto out;
	b = (struct binder){st, 0, SQLITE_OK};
	bind_ref(&b, l->shop_id);
	bind_opt(&b, l->has_order_id, l->shopify_order_id);
	bind_text(&b, l->order_name);
	bind_text(&b, l->origin);
	bind_text(&b, l->outcome);
	bind_text(&b, l->message);
	bind_ref(&b, l->sales_order_id);
	rc = bound(s, &b, "writing the import log", e);
	if (!rc)
		rc = run(s, st, "writing the import log", e);
out:
	done(st);
	return rc;
}

static int sq_query(struct store *base, const char *sql,
		    const char *const *params, size_t n_params,
		    store_row_fn fn, void *ctx, struct err *e)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st = NULL, *more = NULL;
	const char **names = NULL, **values = NULL;
	const char *tail = NULL;
	size_t ncol;
	int rc;

	rc = sqlite3_prepare_v3(s->db, sql, -1, 0, &st, &tail);
	if (rc != SQLITE_OK) {
		rc = err_set(e, ERR_INVALID, "query: %s", sqlite3_errmsg(s->db));
		goto out;
	}
	if (!st) {
		rc = err_set(e, ERR_INVALID, "query: no statement");
		goto out;
	}
	if (tail && *tail) { /* only comments and spaces may follow */
		if (sqlite3_prepare_v3(s->db, tail, -1, 0, &more, NULL) !=
			    SQLITE_OK || more) {
			rc = err_set(e, ERR_INVALID,
				     "query: one statement only");
			goto out;
		}
	}
	if (!sqlite3_stmt_readonly(st)) {
		rc = err_set(e, ERR_INVALID, "query: read-only statements "
			     "only");
		goto out;
	}
	if ((size_t)sqlite3_bind_parameter_count(st) != n_params) {
		rc = err_set(e, ERR_INVALID, "query: %d parameters expected, "
			     "%zu given", sqlite3_bind_parameter_count(st),
			     n_params);
		goto out;
	}
	for (size_t i = 0; i < n_params; i++) {
		int brc = params[i] ? sqlite3_bind_text(st, (int)i + 1,
							params[i], -1,
							SQLITE_STATIC)
				    : sqlite3_bind_null(st, (int)i + 1);
		if (brc != SQLITE_OK) {
			rc = db_fail(s, brc, "query", e);
			goto out;
		}
	}
	ncol = (size_t)sqlite3_column_count(st);
	names = calloc(ncol + 1, sizeof(*names));
	values = calloc(ncol + 1, sizeof(*values));
	if (!names || !values) {
		rc = err_set(e, ERR_NOMEM, "query: out of memory");
		goto out;
	}
	for (size_t i = 0; i < ncol; i++)
		names[i] = sqlite3_column_name(st, (int)i);
	while ((rc = fetch(s, st, "query", e)) == 1) {
		struct store_row row = {ncol, names, values};

		for (size_t i = 0; i < ncol; i++) {
			values[i] = (const char *)sqlite3_column_text(st, (int)i);
			if (!values[i] && sqlite3_column_type(st, (int)i) !=
						  SQLITE_NULL) {
				rc = err_set(e, ERR_NOMEM, "query: out of memory");
				goto out;
			}
		}
		rc = fn(ctx, &row);
		if (rc)
			goto out;
	}
out:
	free(names);
	free(values);
	sqlite3_finalize(more);
	sqlite3_finalize(st);
	return rc;
}

/* ---- lifecycle -------------------------------------------------------- */

static void sq_close(struct store *base)
{
	struct sq_store *s = sq(base);
	sqlite3_stmt *st;

	if (!s)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	for (int v = 0; v < SP_VERBS; v++)
		for (int i = 0; i < SP_CACHE; i++)
			sqlite3_finalize(s->sp[v][i]);
	while (s->db && (st = sqlite3_next_stmt(s->db, NULL)))
		sqlite3_finalize(st); /* none expected: belt and braces */
	sqlite3_close(s->db); /* rolls back an open transaction */
	free(s);
}

static const struct store_ops sq_ops = {
	.kind = "sqlite",
	.close = sq_close,
	.tx_begin = sq_tx_begin,
	.tx_commit = sq_tx_commit,
	.tx_rollback = sq_tx_rollback,
	.shop_open = sq_shop_open,
	.order_state = sq_order_state,
	.customer_find = sq_customer_find,
	.customer_insert = sq_customer_insert,
	.customer_update = sq_customer_update,
	.product_find_variant = sq_product_find_variant,
	.product_find_identity = sq_product_find_identity,
	.product_code_taken = sq_product_code_taken,
	.product_insert = sq_product_insert,
	.sales_order_insert = sq_sales_order_insert,
	.sales_order_update = sq_sales_order_update,
	.sales_order_replace_lines = sq_sales_order_replace_lines,
	.sales_order_lines = sq_sales_order_lines,
	.invoice_insert = sq_invoice_insert,
	.invoice_set_status = sq_invoice_set_status,
	.invoice_update = sq_invoice_update,
	.receipts_of_order = sq_receipts_of_order,
	.receipt_insert = sq_receipt_insert,
	.receipt_set_status = sq_receipt_set_status,
	.journal_post = sq_journal_post,
	.journal_lines = sq_journal_lines,
	.reservation_set = sq_reservation_set,
	.reservation_release = sq_reservation_release,
	.stock_move = sq_stock_move,
	.import_log = sq_import_log,
	.query = sq_query,
};

/* One-off SQL of the setup (pragmas, migrations): not cached. */
static int exec(struct sq_store *s, const char *sql, const char *what,
		struct err *e)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(s, rc, what, e);
}

/* An integer from a one-off query binding one optional integer. */
static int scalar(struct sq_store *s, const char *sql, bool has_arg,
		  int64_t arg, int64_t *out, bool *found, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		rc = db_fail(s, rc, "reading the schema version", e);
		goto out;
	}
	if (has_arg)
		sqlite3_bind_int64(st, 1, arg);
	rc = fetch(s, st, "reading the schema version", e);
	if (rc < 0)
		goto out;
	*found = rc == 1;
	*out = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int apply_migration(struct sq_store *s, const struct sql_migration *m,
			   struct err *e)
{
	sqlite3_stmt *st = NULL;
	int64_t one;
	bool applied;
	int rc;

	rc = exec(s, "BEGIN IMMEDIATE", "migrating the database", e);
	if (rc)
		return rc;
	/* again under the write lock: another process may have been first */
	rc = scalar(s, "SELECT 1 FROM schema_migrations WHERE version = ?1",
		    true, m->version, &one, &applied, e);
	if (rc || applied)
		goto out;
	rc = exec(s, m->sql, "migration", e);
	if (rc) {
		err_prefix(e, "%s: ", m->name);
		goto out;
	}
	rc = sqlite3_prepare_v2(s->db, "INSERT INTO schema_migrations "
				"(version, applied_at) VALUES (?1, " NOW_SQL ")",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, m->version);
		rc = run(s, st, "recording a migration", e);
	} else {
		rc = db_fail(s, rc, "recording a migration", e);
	}
out:
	sqlite3_finalize(st);
	if (!rc)
		return exec(s, "COMMIT", "migrating the database", e);
	exec(s, "ROLLBACK", "migrating the database", NULL);
	return rc;
}

static int migrate(struct sq_store *s, struct err *e)
{
	const struct sql_migration *last;
	int64_t have, v;
	bool found;
	int rc;

	assert(sql_migrations_count > 0);
	last = &sql_migrations[sql_migrations_count - 1];
	/* Only reads when the schema is current: a database the user may
	 * only read still opens. */
	rc = scalar(s, "SELECT count(*) FROM sqlite_master WHERE type = "
		    "'table' AND name = 'schema_migrations'", false, 0, &v,
		    &found, e);
	if (!rc && v == 0)
		rc = exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  "version INTEGER PRIMARY KEY, applied_at TEXT)",
			  "creating schema_migrations", e);
	if (rc)
		return rc;
	rc = scalar(s, "SELECT max(version) FROM schema_migrations", false, 0,
		    &have, &found, e);
	if (rc)
		return rc;
	if (have > last->version)
		return err_set(e, ERR_UNSUPPORTED, "the database has schema "
			       "version %" PRId64 ", newer than this shoperp "
			       "knows (%d, %s): use a newer shoperp", have,
			       last->version, last->name);
	for (size_t i = 0; i < sql_migrations_count; i++) {
		const struct sql_migration *m = &sql_migrations[i];

		assert(i == 0 || m->version > sql_migrations[i - 1].version);
		rc = scalar(s, "SELECT 1 FROM schema_migrations "
			    "WHERE version = ?1", true, m->version, &v, &found,
			    e);
		if (!rc && !found)
			rc = apply_migration(s, m, e);
		if (rc)
			return rc;
	}
	return 0;
}

/* The text of the first column of a one-off statement's first row ("" when
 * none) into buf. Where SQLite reports SQLITE_BUSY without waiting on the
 * busy handler (changing the journal mode needs an exclusive lock and
 * would risk a deadlock), try again after a pause, up to the busy
 * timeout. */
static int pragma_text(struct sq_store *s, const char *sql, char *buf,
		       size_t size, const char *what, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc, waited = 0;

	for (;;) {
		buf[0] = '\0';
		rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);

			snprintf(buf, size, "%s", t ? (const char *)t : "");
		}
		if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
			rc = 0;
			break;
		}
		if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS) {
			rc = db_fail(s, rc, what, e);
			break;
		}
		sqlite3_finalize(st);
		st = NULL;
		sqlite3_sleep(BUSY_RETRY_MS);
		waited += BUSY_RETRY_MS;
	}
	sqlite3_finalize(st);
	return rc;
}

/* journal_mode=WAL, set only when it is not already (the mode is stored
 * in the file: setting it writes) and the file may be written. */
static int wal_on(struct sq_store *s, struct err *e)
{
	char mode[16];
	int rc = pragma_text(s, "PRAGMA journal_mode", mode, sizeof(mode),
			     "reading the journal mode", e);

	if (rc || strcmp(mode, "wal") == 0 ||
	    sqlite3_db_readonly(s->db, "main") == 1)
		return rc;
	return pragma_text(s, "PRAGMA journal_mode = WAL", mode, sizeof(mode),
			   "setting the journal mode", e);
}

static int sq_open(const char *path, bool create, struct store **out,
		   struct err *e)
{
	struct sq_store *s = NULL;
	bool memory = !path || !path[0] || strcmp(path, ":memory:") == 0;
	struct stat sb;
	int rc;

	*out = NULL;
	if (!memory && !create && stat(path, &sb) != 0 && errno == ENOENT)
		return err_set(e, ERR_NOTFOUND, "no database at %s", path);
	s = calloc(1, sizeof(*s));
	if (!s)
		return err_set(e, ERR_NOMEM, "out of memory");
	s->base.ops = &sq_ops;
	rc = sqlite3_open_v2(memory ? ":memory:" : path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
				     (create || memory ? SQLITE_OPEN_CREATE : 0),
			     NULL);
	if (rc != SQLITE_OK) {
		rc = err_set(e, rc == SQLITE_NOMEM ? ERR_NOMEM : ERR_DB,
			     "%s: %s", memory ? ":memory:" : path,
			     s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	rc = memory ? 0 : wal_on(s, e);
	if (!rc)
		rc = exec(s, "PRAGMA synchronous = NORMAL;"
			  "PRAGMA foreign_keys = ON", "opening", e);
	if (!rc)
		rc = migrate(s, e);
	if (rc)
		err_prefix(e, "%s: ", memory ? ":memory:" : path);
out:
	if (rc) {
		sq_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return 0;
}

int store_sqlite_open(const char *path, struct store **out, struct err *e)
{
	return sq_open(path, true, out, e);
}

int store_sqlite_open_existing(const char *path, struct store **out,
			       struct err *e)
{
	return sq_open(path, false, out, e);
}
