/* test_store_sqlite.c - the store contract (app/ports.h) held against
 * the SQLite adapter, each case on a database file in a fresh temporary
 * directory and on ":memory:". */
#include <criterion/criterion.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adapters/store_sqlite.h"

static char g_dir[64];
static char g_path[128];
static struct store *g_s;
static struct arena g_a;
static struct shop_rec g_shop;
static struct err g_e;

/* ---- fixtures --------------------------------------------------------- */

static void open_store(const char *path)
{
	int rc = store_sqlite_open(path, &g_s, &g_e);

	cr_assert_eq(rc, 0, "open %s: %s", path, g_e.msg);
	cr_assert_not_null(g_s);
	rc = g_s->ops->shop_open(g_s, "local", true, &g_a, &g_shop, &g_e);
	cr_assert_eq(rc, 0, "shop_open: %s", g_e.msg);
}

static void make_dir(void)
{
	snprintf(g_dir, sizeof(g_dir), "/tmp/shoperp-store-XXXXXX");
	cr_assert_not_null(mkdtemp(g_dir));
	snprintf(g_path, sizeof(g_path), "%s/books.db", g_dir);
}

static void setup_file(void)
{
	arena_init(&g_a);
	make_dir();
	open_store(g_path);
}

static void setup_mem(void)
{
	arena_init(&g_a);
	g_dir[0] = '\0';
	open_store(":memory:");
}

static void teardown(void)
{
	char p[160];

	store_close(g_s);
	g_s = NULL;
	arena_release(&g_a);
	if (g_dir[0]) {
		static const char *const suffix[] = {"", "-wal", "-shm",
						     "-journal"};
		for (size_t i = 0; i < 4; i++) {
			snprintf(p, sizeof(p), "%s%s", g_path, suffix[i]);
			unlink(p);
		}
		rmdir(g_dir);
	}
}

/* Each contract case runs on a file and in memory. */
#define CONTRACT(name)                                                    \
	static void name(void);                                           \
	Test(store_file, name, .init = setup_file, .fini = teardown)      \
	{                                                                 \
		name();                                                   \
	}                                                                 \
	Test(store_memory, name, .init = setup_mem, .fini = teardown)     \
	{                                                                 \
		name();                                                   \
	}                                                                 \
	static void name(void)

/* ---- query helpers ---------------------------------------------------- */

#define MAXC 8

struct rows {
	int n;
	size_t ncol;
	const char *name[MAXC];
	const char *val[4][MAXC]; /* first four rows, arena copies */
};

static int collect(void *ctx, const struct store_row *row)
{
	struct rows *r = ctx;

	cr_assert_leq(row->ncol, MAXC);
	r->ncol = row->ncol;
	for (size_t i = 0; i < row->ncol; i++) {
		r->name[i] = arena_strdup(&g_a, row->names[i]);
		if (r->n < 4)
			r->val[r->n][i] = arena_strdup(&g_a, row->values[i]);
	}
	r->n++;
	return 0;
}

static struct rows q(const char *sql, const char *p1, const char *p2)
{
	struct rows r = {0};
	const char *params[2] = {p1, p2};
	size_t n = p2 ? 2 : p1 ? 1 : 0;
	int rc = g_s->ops->query(g_s, sql, params, n, collect, &r, &g_e);

	cr_assert_eq(rc, 0, "query %s: %s", sql, g_e.msg);
	return r;
}

/* First column of the only row (NULL for SQL NULL). */
static const char *q1(const char *sql, const char *p1)
{
	struct rows r = q(sql, p1, NULL);

	cr_assert_eq(r.n, 1, "%s: %d rows", sql, r.n);
	return r.val[0][0];
}

static int count(const char *sql, const char *p1)
{
	return atoi(q1(sql, p1));
}

/* ---- record builders -------------------------------------------------- */

static int64_t add_customer(const char *name, const char *email_key,
			    const char *phone_key, bool guest,
			    bool has_shopify_id, int64_t shopify_id)
{
	struct customer_rec c = {
		.shop_id = g_shop.id,
		.name = name,
		.has_shopify_id = has_shopify_id,
		.shopify_id = shopify_id,
		.email = email_key,
		.phone = phone_key,
		.email_key = email_key,
		.phone_key = phone_key,
		.guest = guest,
	};
	int rc = g_s->ops->customer_insert(g_s, &c, &g_a, &g_e);

	cr_assert_eq(rc, 0, "customer_insert: %s", g_e.msg);
	cr_assert_gt(c.id, 0);
	cr_assert_not_null(c.number);
	return c.id;
}

static int64_t add_product(const char *code, bool has_variant,
			   int64_t variant_id, const char *identity)
{
	struct product_rec p = {
		.shop_id = g_shop.id,
		.code = code,
		.title = "Shirt",
		.variant_title = "Red",
		.has_variant_id = has_variant,
		.variant_id = variant_id,
		.identity = identity,
		.has_product_id = true,
		.product_id = 632910392,
		.sku = "SH-RED",
		.vendor = "Acme",
		.price = 1999,
		.currency = "USD",
		.stock_item = true,
		.shopify = true,
	};
	int rc = g_s->ops->product_insert(g_s, &p, &g_e);

	cr_assert_eq(rc, 0, "product_insert: %s", g_e.msg);
	return p.id;
}

static struct sales_order_rec order_rec(int64_t shopify_id,
					int64_t customer_id)
{
	struct sales_order_rec so = {
		.shop_id = g_shop.id,
		.shopify_order_id = shopify_id,
		.name = "#1001",
		.source = "Shopify #1001",
		.customer_id = customer_id,
		.currency = "USD",
		.exp = 2,
		.order_date = "2024-03-01",
		.updated_at = "2024-03-01T10:00:00-05:00",
		.updated_at_unix = 1709305200,
		.updated_at_ms = 250,
		.status = "complete",
		.payment_status = "paid",
		.fulfillment_status = "unfulfilled",
		.tags = "vip",
		.total_price = 4398,
	};
	return so;
}

static int64_t add_order(int64_t shopify_id, int64_t customer_id,
			 int64_t product_id, const char **number)
{
	struct sales_order_rec so = order_rec(shopify_id, customer_id);
	struct so_line_rec lines[2] = {
		{.line_no = 1, .shopify_line_id = 466157049,
		 .product_id = product_id, .title = "Shirt",
		 .variant_title = "Red", .sku = "SH-RED", .quantity = 2,
		 .unit_price = 1999, .discount = 0, .tax = 200, .net = 3998,
		 .stock_item = true, .properties = "gift: yes"},
		{.line_no = 2, .title = "Tip", .quantity = 1,
		 .unit_price = 400, .net = 400, .tip = true},
	};
	struct so_ship_rec ship = {.line_no = 1, .title = "Standard",
				   .code = "STD", .price = 0};
	int rc = g_s->ops->sales_order_insert(g_s, &so, lines, 2, &ship, 1,
					      &g_a, &g_e);

	cr_assert_eq(rc, 0, "sales_order_insert: %s", g_e.msg);
	if (number)
		*number = so.number;
	return so.id;
}

static int64_t add_invoice(int64_t so_id, int64_t customer_id,
			   const char **number)
{
	struct invoice_rec inv = {
		.sales_order_id = so_id,
		.customer_id = customer_id,
		.status = DOC_COMPLETED,
		.date = "2024-03-01",
		.currency = "USD",
		.fig = {.total = 4398, .subtotal = 3998, .tax = 0,
			.tips = 400},
	};
	int rc = g_s->ops->invoice_insert(g_s, &inv, &g_a, &g_e);

	cr_assert_eq(rc, 0, "invoice_insert: %s", g_e.msg);
	if (number)
		*number = inv.number;
	return inv.id;
}

static struct receipt_rec receipt(int64_t so_id, int64_t inv_id,
				  int64_t customer_id, const char *key,
				  int64_t txn)
{
	struct receipt_rec r = {
		.shop_id = g_shop.id,
		.sales_order_id = so_id,
		.invoice_id = inv_id,
		.customer_id = customer_id,
		.source_key = key,
		.has_txn_id = txn != 0,
		.txn_id = txn,
		.amount = 4398,
		.currency = "USD",
		.gateway = "shopify_payments",
		.status = DOC_COMPLETED,
		.date = "2024-03-01",
	};
	return r;
}

static struct journal_rec journal(const char *doc_type, const char *doc_no,
				  const struct journal_line *lines, size_t n)
{
	struct journal_rec j = {
		.company_id = g_shop.company_id,
		.shop_id = g_shop.id,
		.date = "2024-03-01",
		.doc_type = doc_type,
		.doc_number = doc_no,
		.currency = "USD",
		.lines = lines,
		.n_lines = n,
	};
	return j;
}

/* ---- opening and migrations (file only) ------------------------------- */

Test(store_open, migrations_applied_once_on_reopen, .init = setup_file,
     .fini = teardown)
{
	struct rows r;

	add_customer("Kept", NULL, NULL, false, false, 0);
	store_close(g_s);
	g_s = NULL;
	open_store(g_path);
	store_close(g_s);
	g_s = NULL;
	open_store(g_path);

	r = q("SELECT version, applied_at FROM schema_migrations", NULL, NULL);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.val[0][0], "1");
	cr_assert_not_null(r.val[0][1]);
	cr_assert_eq(count("SELECT count(*) FROM customer WHERE name = ?",
			   "Kept"), 1);
	cr_assert_eq(count("SELECT count(*) FROM company", NULL), 1);
	cr_assert_eq(count("SELECT count(*) FROM shop", NULL), 1);
	cr_assert_eq(count("SELECT count(*) FROM account", NULL), 13);
}

Test(store_open, wal_for_a_file, .init = setup_file, .fini = teardown)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	cr_assert_eq(sqlite3_open(g_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st,
					NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

Test(store_open, newer_schema_refused, .init = setup_file, .fini = teardown)
{
	sqlite3 *db;
	struct store *s = NULL;
	int rc;

	store_close(g_s);
	g_s = NULL;
	cr_assert_eq(sqlite3_open(g_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "INSERT INTO schema_migrations "
				  "VALUES (999, 'future')", NULL, NULL, NULL),
		     SQLITE_OK);
	sqlite3_close(db);

	rc = store_sqlite_open(g_path, &s, &g_e);
	cr_assert_eq(rc, ERR_UNSUPPORTED, "%s", g_e.msg);
	cr_assert_null(s);
	cr_assert_not_null(strstr(g_e.msg, "999"), "%s", g_e.msg);
}

Test(store_open, not_a_database_refused)
{
	char dir[64] = "/tmp/shoperp-store-XXXXXX", path[96];
	struct store *s = NULL;
	struct err e;
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/junk.db", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("this is not an sqlite database, just some text that is long "
	      "enough to have a header..........................", f);
	fclose(f);
	cr_assert_eq(store_sqlite_open(path, &s, &e), ERR_DB);
	cr_assert_null(s);
	unlink(path);
	rmdir(dir);
}

/* A child of the concurrent tests: opens `path` and the shop "local"
 * (creating both), after waiting on the barrier (a pipe closed by the
 * parent) before the open, or between open and shop_open; exits 0, or 1
 * saying why. */
static void open_child(const char *path, int barrier, bool open_first)
{
	struct store *s = NULL;
	struct shop_rec shop;
	struct arena a = ARENA_INIT;
	struct err e;
	char c;
	int rc = 0;

	err_clear(&e);
	if (open_first)
		rc = store_sqlite_open(path, &s, &e);
	if (read(barrier, &c, 1) < 0)
		_exit(2);
	if (!rc && !open_first)
		rc = store_sqlite_open(path, &s, &e);
	if (!rc)
		rc = s->ops->shop_open(s, "local", true, &a, &shop, &e);
	if (rc)
		fprintf(stderr, "child %d: %s\n", (int)getpid(), e.msg);
	store_close(s);
	arena_release(&a);
	_exit(rc ? 1 : 0);
}

/* 20 rounds of two processes opening g_path and shop "local" at once;
 * `fresh`: from no file at all, else from a migrated file with no shop. */
static void concurrent_rounds(bool fresh)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	store_close(g_s);
	g_s = NULL;
	for (int round = 0; round < 20; round++) {
		pid_t pid[2];
		int fd[2], status;

		for (size_t i = 0; i < 4; i++) {
			snprintf(p, sizeof(p), "%s%s", g_path, suffix[i]);
			unlink(p);
		}
		if (!fresh) {
			cr_assert_eq(store_sqlite_open(g_path, &g_s, &g_e), 0,
				     "%s", g_e.msg);
			store_close(g_s);
			g_s = NULL;
		}
		cr_assert_eq(pipe(fd), 0);
		fflush(NULL);
		for (int k = 0; k < 2; k++) {
			pid[k] = fork();
			cr_assert_geq(pid[k], 0, "fork");
			if (pid[k] == 0) {
				close(fd[1]);
				open_child(g_path, fd[0], !fresh);
			}
		}
		close(fd[0]);
		if (!fresh)
			usleep(20000); /* both children opened and wait */
		close(fd[1]); /* both go at once */
		for (int k = 0; k < 2; k++) {
			cr_assert_eq(waitpid(pid[k], &status, 0), pid[k]);
			cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
				  "round %d: child %d failed (status %d)", round,
				  k, status);
		}
		open_store(g_path);
		cr_assert_eq(count("SELECT count(*) FROM shop", NULL), 1,
			     "round %d", round);
		cr_assert_eq(count("SELECT count(*) FROM company", NULL), 1);
		cr_assert_eq(count("SELECT count(*) FROM schema_migrations",
				   NULL), 1);
		store_close(g_s);
		g_s = NULL;
	}
}

/* Two processes opening one new file at once both succeed: the switch to
 * WAL waits instead of failing "database is locked". */
Test(store_open, concurrent_open_of_a_new_file, .init = setup_file,
     .fini = teardown)
{
	concurrent_rounds(true);
}

/* Two processes opening a new shop at once get the one shop: no
 * "UNIQUE constraint failed: shop.name". */
Test(store_open, concurrent_shop_open_creates_one_shop, .init = setup_file,
     .fini = teardown)
{
	concurrent_rounds(false);
}

/* Reads open an existing database only: no file is created. */
Test(store_open, open_existing, .init = setup_file, .fini = teardown)
{
	char missing[160];
	struct store *s = NULL;
	int rc;

	add_customer("Kept", NULL, NULL, false, false, 0);
	store_close(g_s);
	g_s = NULL;
	snprintf(missing, sizeof(missing), "%s/missing.db", g_dir);
	rc = store_sqlite_open_existing(missing, &s, &g_e);
	cr_assert_eq(rc, ERR_NOTFOUND, "%d %s", rc, g_e.msg);
	cr_assert_null(s);
	cr_assert_str_eq(g_e.msg + strlen(g_e.msg) - strlen(missing), missing);
	cr_assert(strncmp(g_e.msg, "no database at ", 15) == 0, "%s", g_e.msg);
	cr_assert_neq(access(missing, F_OK), 0, "%s was created", missing);

	rc = store_sqlite_open_existing(g_path, &g_s, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(count("SELECT count(*) FROM customer WHERE name = ?",
			   "Kept"), 1);
	store_close(g_s);
	g_s = NULL;
	rc = store_sqlite_open_existing(":memory:", &g_s, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
}

/* Failures name the database once, at the start. */
Test(store_open, errors_name_the_path, .init = setup_file, .fini = teardown)
{
	struct store *s = NULL;
	char want[160];
	sqlite3 *db;

	store_close(g_s);
	g_s = NULL;
	cr_assert_eq(sqlite3_open(g_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "INSERT INTO schema_migrations "
				  "VALUES (999, 'future')", NULL, NULL, NULL),
		     SQLITE_OK);
	sqlite3_close(db);
	cr_assert_eq(store_sqlite_open(g_path, &s, &g_e), ERR_UNSUPPORTED);
	snprintf(want, sizeof(want), "%s: ", g_path);
	cr_assert(strncmp(g_e.msg, want, strlen(want)) == 0, "%s", g_e.msg);
	cr_assert_null(strstr(g_e.msg + strlen(want), g_path), "%s", g_e.msg);
}

Test(store_open, memory_database, .init = setup_mem, .fini = teardown)
{
	cr_assert_str_eq(g_s->ops->kind, "sqlite");
	cr_assert_str_eq(q1("SELECT version FROM schema_migrations", NULL),
			 "1");
}

/* ---- contract --------------------------------------------------------- */

CONTRACT(foreign_keys_are_enforced)
{
	struct customer_rec c = {.shop_id = 999, .name = "Nobody"};
	int rc = g_s->ops->customer_insert(g_s, &c, &g_a, &g_e);

	cr_assert_eq(rc, ERR_DB, "%d %s", rc, g_e.msg);
	cr_assert_not_null(strstr(g_e.msg, "FOREIGN KEY"), "%s", g_e.msg);
	cr_assert_eq(count("SELECT count(*) FROM customer", NULL), 0);
	/* the failed insert did not use up a number */
	cr_assert_str_eq(q1("SELECT next_no FROM series WHERE prefix = 'C'",
			    NULL), "1");
}

CONTRACT(shop_open_creates_company_chart_warehouse)
{
	struct shop_rec other, again;
	struct rows r;
	int rc;

	cr_assert_gt(g_shop.id, 0);
	cr_assert_str_eq(g_shop.name, "local");
	cr_assert_eq(g_shop.company_id, 1);
	cr_assert_str_eq(g_shop.warehouse_code, "MAIN");
	cr_assert(g_shop.auto_post);
	cr_assert_not(g_shop.include_test);

	r = q("SELECT name, auto_post FROM company", NULL, NULL);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.val[0][0], "Company");
	cr_assert_str_eq(r.val[0][1], "1");

	r = q("SELECT name, type, kind, label FROM account WHERE code = ?",
	      "1100", NULL);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.val[0][0], "Accounts receivable");
	cr_assert_str_eq(r.val[0][1], "asset");
	cr_assert_str_eq(r.val[0][2], acct_kind_info(ACCT_RECEIVABLE)->key);
	cr_assert_str_eq(r.val[0][3], "");
	cr_assert_str_eq(q1("SELECT name FROM account WHERE code = '9990'",
			    NULL), "Shopify differences (suspense)");
	/* per-label kinds get accounts only on first use */
	cr_assert_eq(count("SELECT count(*) FROM account", NULL), 13);
	cr_assert_eq(count("SELECT count(*) FROM account WHERE code IN "
			   "('1200', '2200')", NULL), 0);
	cr_assert_eq(count("SELECT count(*) FROM series WHERE next_no = 1 AND"
			   " prefix IN ('SO','INV','RCV','JE','C')", NULL), 5);

	r = q("SELECT id, code, name FROM warehouse", NULL, NULL);
	cr_assert_eq(r.n, 1);
	cr_assert_eq(atoll(r.val[0][0]), g_shop.warehouse_id);
	cr_assert_str_eq(r.val[0][1], "MAIN");
	cr_assert_str_eq(r.val[0][2], "Main warehouse");

	/* a second shop shares company and warehouse */
	rc = g_s->ops->shop_open(g_s, "acme.myshopify.com", true, &g_a, &other,
				 &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_neq(other.id, g_shop.id);
	cr_assert_eq(other.warehouse_id, g_shop.warehouse_id);
	cr_assert_eq(other.company_id, 1);
	cr_assert_eq(count("SELECT count(*) FROM account", NULL), 13);
	cr_assert_eq(count("SELECT count(*) FROM warehouse", NULL), 1);
	cr_assert_eq(count("SELECT count(*) FROM company", NULL), 1);

	/* opening again finds the same shop; unknown without create */
	rc = g_s->ops->shop_open(g_s, "local", false, &g_a, &again, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(again.id, g_shop.id);
	rc = g_s->ops->shop_open(g_s, "missing.myshopify.com", false, &g_a,
				 &again, &g_e);
	cr_assert_eq(rc, ERR_NOTFOUND);
	cr_assert_eq(count("SELECT count(*) FROM shop", NULL), 2);
}

CONTRACT(customer_insert_and_find_by_each_key)
{
	const struct store_ops *o = g_s->ops;
	struct customer_rec c;
	int64_t a, b, guest;
	int rc;

	a = add_customer("Ann", "ann@example.com", "+15551234567", false,
			 true, 6789012345678901234LL);
	b = add_customer("Ann again", "ann@example.com", NULL, false, false,
			 0);
	guest = add_customer("Guest", NULL, NULL, true, false, 0);
	cr_assert(a < b && b < guest);

	rc = o->customer_find(g_s, g_shop.id, CUSTOMER_BY_SHOPIFY_ID,
			      "6789012345678901234", &g_a, &c, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(c.id, a);
	cr_assert_str_eq(c.number, "C-000001");
	cr_assert_str_eq(c.name, "Ann");
	cr_assert(c.has_shopify_id);
	cr_assert_eq(c.shopify_id, 6789012345678901234LL);
	cr_assert_str_eq(c.email, "ann@example.com");
	cr_assert_str_eq(c.phone_key, "+15551234567");
	cr_assert_eq(c.shop_id, g_shop.id);
	cr_assert_not(c.guest);

	/* two match: the lowest id wins */
	rc = o->customer_find(g_s, g_shop.id, CUSTOMER_BY_EMAIL,
			      "ann@example.com", &g_a, &c, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(c.id, a);

	rc = o->customer_find(g_s, g_shop.id, CUSTOMER_BY_PHONE,
			      "+15551234567", &g_a, &c, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(c.id, a);

	rc = o->customer_find(g_s, g_shop.id, CUSTOMER_GUEST, NULL, &g_a, &c,
			      &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(c.id, guest);
	cr_assert(c.guest);
	cr_assert_str_eq(c.number, "C-000003");
	cr_assert_null(c.email);
	cr_assert_not(c.has_shopify_id);

	rc = o->customer_find(g_s, g_shop.id, CUSTOMER_BY_EMAIL,
			      "bob@example.com", &g_a, &c, &g_e);
	cr_assert_eq(rc, ERR_NOTFOUND);
	rc = o->customer_find(g_s, g_shop.id, CUSTOMER_BY_SHOPIFY_ID, "42",
			      &g_a, &c, &g_e);
	cr_assert_eq(rc, ERR_NOTFOUND);
	rc = o->customer_find(g_s, g_shop.id + 1, CUSTOMER_GUEST, NULL, &g_a,
			      &c, &g_e);
	cr_assert_eq(rc, ERR_NOTFOUND);

	/* update overwrites the identity fields */
	c = (struct customer_rec){.id = b, .name = "Bea", .has_shopify_id = true,
				  .shopify_id = 77, .email = "bea@example.com",
				  .email_key = "bea@example.com"};
	rc = o->customer_update(g_s, &c, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	rc = o->customer_find(g_s, g_shop.id, CUSTOMER_BY_SHOPIFY_ID, "77",
			      &g_a, &c, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(c.id, b);
	cr_assert_str_eq(c.name, "Bea");
	cr_assert_str_eq(c.number, "C-000002");
	c.id = 12345;
	cr_assert_eq(o->customer_update(g_s, &c, &g_e), ERR_NOTFOUND);

	/* one guest per shop, one customer per Shopify id */
	c = (struct customer_rec){.shop_id = g_shop.id, .name = "G2",
				  .guest = true};
	cr_assert_eq(o->customer_insert(g_s, &c, &g_a, &g_e), ERR_CONFLICT);
	c = (struct customer_rec){.shop_id = g_shop.id, .name = "Dup",
				  .has_shopify_id = true, .shopify_id = 77};
	cr_assert_eq(o->customer_insert(g_s, &c, &g_a, &g_e), ERR_CONFLICT);
}

CONTRACT(product_insert_and_find)
{
	const struct store_ops *o = g_s->ops;
	struct product_rec p;
	bool taken;
	int64_t v, g;
	int rc;

	v = add_product("Shirt / Red", true, 820982911946154508LL,
			"Shirt\x1fRed");
	g = add_product("Gift wrap", false, 0, "Gift wrap\x1f");

	rc = o->product_find_variant(g_s, g_shop.id, 820982911946154508LL,
				     &g_a, &p, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(p.id, v);
	cr_assert(p.has_variant_id);
	cr_assert_eq(p.variant_id, 820982911946154508LL);
	cr_assert_str_eq(p.code, "Shirt / Red");
	cr_assert_str_eq(p.title, "Shirt");
	cr_assert_str_eq(p.variant_title, "Red");
	cr_assert(p.has_product_id);
	cr_assert_eq(p.product_id, 632910392);
	cr_assert_str_eq(p.sku, "SH-RED");
	cr_assert_str_eq(p.vendor, "Acme");
	cr_assert_eq(p.price, 1999);
	cr_assert_str_eq(p.currency, "USD");
	cr_assert(p.stock_item);
	cr_assert_not(p.gift_card);
	cr_assert(p.shopify);
	cr_assert_null(p.identity); /* the variant id is its identity */
	cr_assert_str_eq(q1("SELECT shopify_variant_id FROM product WHERE "
			    "code = ?", "Shirt / Red"), "820982911946154508");
	rc = o->product_find_variant(g_s, g_shop.id, 820982911946154509LL,
				     &g_a, &p, &g_e);
	cr_assert_eq(rc, ERR_NOTFOUND);

	rc = o->product_find_identity(g_s, g_shop.id, "Gift wrap\x1f", &g_a, &p,
				      &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(p.id, g);
	cr_assert_not(p.has_variant_id);
	cr_assert_str_eq(p.identity, "Gift wrap\x1f");
	rc = o->product_find_identity(g_s, g_shop.id, "Shirt\x1fRed", &g_a, &p,
				      &g_e);
	cr_assert_eq(rc, ERR_NOTFOUND);

	cr_assert_eq(o->product_code_taken(g_s, g_shop.id, "Gift wrap",
					   &taken, &g_e), 0);
	cr_assert(taken);
	cr_assert_eq(o->product_code_taken(g_s, g_shop.id, "Gift wrap 2",
					   &taken, &g_e), 0);
	cr_assert_not(taken);

	p = (struct product_rec){.shop_id = g_shop.id, .code = "Gift wrap",
				 .title = "Other", .identity = "Other\x1f"};
	cr_assert_eq(o->product_insert(g_s, &p, &g_e), ERR_CONFLICT);
}

CONTRACT(sales_order_insert_state_lines_update)
{
	const struct store_ops *o = g_s->ops;
	struct sales_order_rec so;
	struct order_state os;
	struct so_line_rec *lines;
	const char *number, *inv_no;
	size_t n;
	int64_t cust, prod, id, inv;
	int rc;

	cust = add_customer("Ann", NULL, NULL, false, false, 0);
	prod = add_product("Shirt / Red", true, 820982911946154508LL, NULL);
	id = add_order(450789469123456789LL, cust, prod, &number);
	cr_assert_str_eq(number, "SO-000001");

	rc = o->order_state(g_s, g_shop.id, 450789469123456789LL, &g_a, &os,
			    &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(os.sales_order_id, id);
	cr_assert_str_eq(os.number, "SO-000001");
	cr_assert_eq(os.updated_at_unix, 1709305200);
	cr_assert_eq(os.updated_at_ms, 250);
	cr_assert_str_eq(os.status, "complete");
	cr_assert_eq(os.customer_id, cust);
	cr_assert_eq(os.invoice_id, 0);
	cr_assert_null(os.invoice_number);
	cr_assert_not(os.invoice_posted);
	cr_assert_eq(o->order_state(g_s, g_shop.id, 1, &g_a, &os, &g_e),
		     ERR_NOTFOUND);

	rc = o->sales_order_lines(g_s, id, &g_a, &lines, &n, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(n, 2);
	cr_assert_eq(lines[0].line_no, 1);
	cr_assert_eq(lines[0].shopify_line_id, 466157049);
	cr_assert_eq(lines[0].product_id, prod);
	cr_assert_str_eq(lines[0].product_code, "Shirt / Red");
	cr_assert_eq(lines[0].quantity, 2);
	cr_assert_eq(lines[0].unit_price, 1999);
	cr_assert_eq(lines[0].tax, 200);
	cr_assert_eq(lines[0].net, 3998);
	cr_assert(lines[0].stock_item);
	cr_assert_str_eq(lines[0].properties, "gift: yes");
	cr_assert_eq(lines[1].product_id, 0);
	cr_assert_null(lines[1].product_code);
	cr_assert(lines[1].tip);
	cr_assert_eq(count("SELECT count(*) FROM sales_order_shipping WHERE "
			   "code = 'STD'", NULL), 1);

	/* a duplicate (shop, Shopify order id) is a conflict; nothing of it
	 * stays and no number is used up */
	so = order_rec(450789469123456789LL, cust);
	rc = o->sales_order_insert(g_s, &so, NULL, 0, NULL, 0, &g_a, &g_e);
	cr_assert_eq(rc, ERR_CONFLICT, "%d %s", rc, g_e.msg);
	cr_assert_eq(count("SELECT count(*) FROM sales_order", NULL), 1);
	add_order(450789469123456790LL, cust, prod, &number);
	cr_assert_str_eq(number, "SO-000002");

	/* update of the mutable header */
	so = order_rec(450789469123456789LL, cust);
	so.id = id;
	so.status = "cancelled";
	so.cancelled_at = "2024-03-02T09:00:00Z";
	so.cancel_reason = "customer";
	so.updated_at_unix = 1709370000;
	so.updated_at_ms = 0;
	so.needs_review = true;
	rc = o->sales_order_update(g_s, &so, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	rc = o->order_state(g_s, g_shop.id, 450789469123456789LL, &g_a, &os,
			    &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_str_eq(os.status, "cancelled");
	cr_assert_eq(os.updated_at_unix, 1709370000);
	cr_assert_str_eq(q1("SELECT cancel_reason || '/' || needs_review FROM "
			    "sales_order WHERE number = ?", "SO-000001"),
			 "customer/1");
	so.id = 999999;
	cr_assert_eq(o->sales_order_update(g_s, &so, &g_e), ERR_NOTFOUND);

	/* invoice, then its journal entry */
	inv = add_invoice(id, cust, &inv_no);
	cr_assert_str_eq(inv_no, "INV-000001");
	rc = o->order_state(g_s, g_shop.id, 450789469123456789LL, &g_a, &os,
			    &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(os.invoice_id, inv);
	cr_assert_str_eq(os.invoice_number, "INV-000001");
	cr_assert_eq(os.invoice_status, DOC_COMPLETED);
	cr_assert_not(os.invoice_posted);

	struct journal_line jl[2] = {
		{ACCT_RECEIVABLE, NULL, 4398, 0},
		{ACCT_SALES, NULL, 0, 4398},
	};
	struct journal_rec j = journal("invoice", inv_no, jl, 2);
	j.sales_order_id = id;
	rc = o->journal_post(g_s, &j, &g_a, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	rc = o->invoice_set_status(g_s, inv, DOC_VOID, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	rc = o->order_state(g_s, g_shop.id, 450789469123456789LL, &g_a, &os,
			    &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert(os.invoice_posted);
	cr_assert_eq(os.invoice_status, DOC_VOID);
	cr_assert_eq(o->invoice_set_status(g_s, 999, DOC_VOID, &g_e),
		     ERR_NOTFOUND);
	/* one invoice per order */
	struct invoice_rec dup = {.sales_order_id = id, .customer_id = cust,
				  .date = "2024-03-01", .currency = "USD"};
	cr_assert_eq(o->invoice_insert(g_s, &dup, &g_a, &g_e), ERR_CONFLICT);
}

CONTRACT(order_state_reports_invoice_total_and_test)
{
	const struct store_ops *o = g_s->ops;
	struct sales_order_rec so;
	struct order_state os;
	int64_t cust, id;
	int rc;

	cust = add_customer("Ann", NULL, NULL, false, false, 0);
	id = add_order(1001, cust, 0, NULL);
	rc = o->order_state(g_s, g_shop.id, 1001, &g_a, &os, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(os.invoice_id, 0);
	cr_assert_eq(os.invoice_total, 0); /* no invoice yet */
	cr_assert_not(os.test);

	add_invoice(id, cust, NULL);
	so = order_rec(1002, cust);
	so.test = true;
	rc = o->sales_order_insert(g_s, &so, NULL, 0, NULL, 0, &g_a, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);

	rc = o->order_state(g_s, g_shop.id, 1001, &g_a, &os, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(os.invoice_total, 4398);
	cr_assert_not(os.test);
	rc = o->order_state(g_s, g_shop.id, 1002, &g_a, &os, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert(os.test);
}

CONTRACT(sales_order_update_sets_total_price)
{
	const struct store_ops *o = g_s->ops;
	int64_t cust = add_customer("Ann", NULL, NULL, false, false, 0);
	int64_t id = add_order(1001, cust, 0, NULL);
	struct sales_order_rec so = order_rec(1001, cust);
	int rc;

	so.id = id;
	so.total_price = 5000;
	rc = o->sales_order_update(g_s, &so, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_str_eq(q1("SELECT total_price FROM sales_order WHERE "
			    "number = ?", "SO-000001"), "5000");
}

CONTRACT(sales_order_replace_lines)
{
	const struct store_ops *o = g_s->ops;
	struct so_line_rec *got;
	size_t n;
	int64_t cust, prod, id, other;
	int rc;

	cust = add_customer("Ann", NULL, NULL, false, false, 0);
	prod = add_product("Shirt / Red", true, 1, NULL);
	id = add_order(1001, cust, prod, NULL);
	other = add_order(1002, cust, prod, NULL);

	struct so_line_rec lines[1] = {
		{.line_no = 1, .shopify_line_id = 466157050,
		 .product_id = prod, .title = "Shirt", .variant_title = "Red",
		 .quantity = 3, .unit_price = 1999, .discount = 500,
		 .tax = 100, .net = 5497, .stock_item = true},
	};
	struct so_ship_rec ship[2] = {
		{.line_no = 1, .title = "Express", .code = "EXP", .price = 1500,
		 .discount = 200, .tax = 50},
		{.line_no = 2, .title = "Insurance", .code = "INS", .price = 300},
	};
	rc = o->sales_order_replace_lines(g_s, id, lines, 1, ship, 2, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);

	rc = o->sales_order_lines(g_s, id, &g_a, &got, &n, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(n, 1);
	cr_assert_eq(got[0].shopify_line_id, 466157050);
	cr_assert_eq(got[0].quantity, 3);
	cr_assert_eq(got[0].discount, 500);
	cr_assert_eq(got[0].net, 5497);
	cr_assert_null(got[0].properties);
	struct rows r = q("SELECT title, code, price, discount, tax FROM "
			  "sales_order_shipping WHERE sales_order_id = ? "
			  "ORDER BY line_no", q1("SELECT id FROM sales_order "
						 "WHERE number = ?",
						 "SO-000001"), NULL);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.val[0][1], "EXP");
	cr_assert_str_eq(r.val[0][2], "1500");
	cr_assert_str_eq(r.val[0][3], "200");
	cr_assert_str_eq(r.val[1][0], "Insurance");

	/* the other order keeps its lines */
	rc = o->sales_order_lines(g_s, other, &g_a, &got, &n, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(n, 2);
	cr_assert_eq(count("SELECT count(*) FROM sales_order_shipping", NULL),
		     3);

	/* all or nothing: a duplicate line number keeps the old lines */
	struct so_line_rec dup[2] = {lines[0], lines[0]};
	rc = o->sales_order_replace_lines(g_s, id, dup, 2, NULL, 0, &g_e);
	cr_assert_eq(rc, ERR_CONFLICT, "%d %s", rc, g_e.msg);
	rc = o->sales_order_lines(g_s, id, &g_a, &got, &n, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(n, 1);
	cr_assert_eq(count("SELECT count(*) FROM sales_order_shipping", NULL),
		     3);

	/* no lines at all is allowed; an unknown order is not found */
	rc = o->sales_order_replace_lines(g_s, id, NULL, 0, NULL, 0, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(count("SELECT count(*) FROM sales_order_line", NULL), 2);
	cr_assert_eq(count("SELECT count(*) FROM sales_order_shipping", NULL),
		     1);
	rc = o->sales_order_replace_lines(g_s, other + 100, lines, 1, NULL, 0,
					  &g_e);
	cr_assert_eq(rc, ERR_NOTFOUND, "%d %s", rc, g_e.msg);
	cr_assert_eq(count("SELECT count(*) FROM sales_order_line", NULL), 2);
}

CONTRACT(invoice_update_rewrites_status_dates_and_figures)
{
	const struct store_ops *o = g_s->ops;
	int64_t cust, so, inv, other;
	const char *number;
	struct rows r;
	int rc;

	cust = add_customer("Ann", NULL, NULL, false, false, 0);
	so = add_order(1001, cust, 0, NULL);
	inv = add_invoice(so, cust, &number);
	other = add_invoice(add_order(1002, cust, 0, NULL), cust, NULL);

	struct invoice_rec u = {
		.id = inv,
		.status = DOC_TEMPORARY,
		.date = "2024-03-05",
		.due_date = "2024-04-04",
		.currency = "EUR", /* not rewritten */
		.fig = {.total = 10, .subtotal = 1, .discounts = 2,
			.shipping = 3, .tax = 4, .tips = 5, .duties = 6,
			.fees = 7, .cash_rounding = 8, .rounding = 9,
			.unexplained = 11},
	};
	rc = o->invoice_update(g_s, &u, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	r = q("SELECT status, date, due_date, currency, number, total || ','"
	      " || subtotal || ',' || discounts || ',' || shipping || ',' ||"
	      " tax || ',' || tips || ',' || duties || ',' || fees || ',' ||"
	      " cash_rounding || ',' || rounding || ',' || unexplained"
	      " FROM invoice ORDER BY id", NULL, NULL);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.val[0][0], "temporary");
	cr_assert_str_eq(r.val[0][1], "2024-03-05");
	cr_assert_str_eq(r.val[0][2], "2024-04-04");
	cr_assert_str_eq(r.val[0][3], "USD");
	cr_assert_str_eq(r.val[0][4], number);
	cr_assert_str_eq(r.val[0][5], "10,1,2,3,4,5,6,7,8,9,11");
	/* the other invoice is untouched */
	cr_assert_str_eq(r.val[1][0], "completed");
	cr_assert_str_eq(r.val[1][5], "4398,3998,0,0,0,400,0,0,0,0,0");

	struct order_state os;
	rc = o->order_state(g_s, g_shop.id, 1001, &g_a, &os, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(os.invoice_total, 10);
	cr_assert_eq(os.invoice_status, DOC_TEMPORARY);

	/* due date cleared; an unknown invoice is not found */
	u.due_date = NULL;
	u.status = DOC_COMPLETED;
	rc = o->invoice_update(g_s, &u, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_null(q1("SELECT due_date FROM invoice WHERE id = ?",
			  q1("SELECT min(id) FROM invoice", NULL)));
	u.id = other + 100;
	cr_assert_eq(o->invoice_update(g_s, &u, &g_e), ERR_NOTFOUND);
}

CONTRACT(receipts_insert_list_conflict)
{
	const struct store_ops *o = g_s->ops;
	struct receipt_rec r, *list;
	size_t n;
	int64_t cust, so, inv;
	int rc;

	cust = add_customer("Ann", NULL, NULL, false, false, 0);
	so = add_order(1001, cust, 0, NULL);
	inv = add_invoice(so, cust, NULL);

	r = receipt(so, inv, cust, "txn:389404469123456789", 389404469123456789LL);
	rc = o->receipt_insert(g_s, &r, &g_a, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_str_eq(r.number, "RCV-000001");

	/* the same transaction id again, under another key: conflict */
	r = receipt(so, inv, cust, "txn:other", 389404469123456789LL);
	rc = o->receipt_insert(g_s, &r, &g_a, &g_e);
	cr_assert_eq(rc, ERR_CONFLICT, "%d %s", rc, g_e.msg);
	/* the same source key again: conflict */
	r = receipt(so, inv, cust, "txn:389404469123456789", 5);
	cr_assert_eq(o->receipt_insert(g_s, &r, &g_a, &g_e), ERR_CONFLICT);

	r = receipt(so, inv, cust, "derived", 0);
	r.status = DOC_TEMPORARY;
	r.amount = 100;
	rc = o->receipt_insert(g_s, &r, &g_a, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_str_eq(r.number, "RCV-000002");

	struct journal_line jl[2] = {
		{ACCT_CLEARING, "shopify_payments", 4398, 0},
		{ACCT_RECEIVABLE, NULL, 0, 4398},
	};
	struct journal_rec j = journal("receipt", "RCV-000001", jl, 2);
	cr_assert_eq(o->journal_post(g_s, &j, &g_a, &g_e), 0, "%s", g_e.msg);
	cr_assert_eq(o->receipt_set_status(g_s, r.id, DOC_VOID, &g_e), 0);

	rc = o->receipts_of_order(g_s, so, &g_a, &list, &n, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(list[0].number, "RCV-000001");
	cr_assert_str_eq(list[0].source_key, "txn:389404469123456789");
	cr_assert(list[0].has_txn_id);
	cr_assert_eq(list[0].txn_id, 389404469123456789LL);
	cr_assert_eq(list[0].amount, 4398);
	cr_assert_str_eq(list[0].gateway, "shopify_payments");
	cr_assert_eq(list[0].status, DOC_COMPLETED);
	cr_assert(list[0].posted);
	cr_assert_eq(list[0].invoice_id, inv);
	cr_assert_str_eq(list[1].source_key, "derived");
	cr_assert_not(list[1].has_txn_id);
	cr_assert_eq(list[1].status, DOC_VOID);
	cr_assert_not(list[1].posted);

	rc = o->receipts_of_order(g_s, so + 100, &g_a, &list, &n, &g_e);
	cr_assert_eq(rc, 0);
	cr_assert_eq(n, 0);
}

CONTRACT(unbalanced_journal_refused_and_nothing_stored)
{
	const struct store_ops *o = g_s->ops;
	struct journal_line bad[2] = {
		{ACCT_RECEIVABLE, NULL, 1000, 0},
		{ACCT_TAX, "GST", 0, 999},
	};
	struct journal_line neg[2] = {
		{ACCT_RECEIVABLE, NULL, -5, 0},
		{ACCT_SALES, NULL, 0, -5},
	};
	struct journal_line both[2] = {
		{ACCT_RECEIVABLE, NULL, 5, 5},
		{ACCT_SALES, NULL, 0, 0},
	};
	struct journal_rec j = journal("invoice", "INV-000001", bad, 2);
	int rc = o->journal_post(g_s, &j, &g_a, &g_e);

	cr_assert_eq(rc, ERR_INVALID, "%d", rc);
	cr_assert_not_null(strstr(g_e.msg, "does not balance"), "%s", g_e.msg);
	cr_assert_null(j.number);
	j.lines = neg;
	cr_assert_eq(o->journal_post(g_s, &j, &g_a, &g_e), ERR_INVALID);
	j.lines = both;
	cr_assert_eq(o->journal_post(g_s, &j, &g_a, &g_e), ERR_INVALID);

	cr_assert_eq(count("SELECT count(*) FROM journal_entry", NULL), 0);
	cr_assert_eq(count("SELECT count(*) FROM journal_line", NULL), 0);
	cr_assert_eq(count("SELECT count(*) FROM account", NULL), 13);
	cr_assert_str_eq(q1("SELECT next_no FROM series WHERE prefix = 'JE'",
			    NULL), "1");
}

CONTRACT(journal_creates_per_label_accounts)
{
	const struct store_ops *o = g_s->ops;
	struct journal_line l1[4] = {
		{ACCT_RECEIVABLE, NULL, 1150, 0},
		{ACCT_SALES, NULL, 0, 1000},
		{ACCT_TAX, "GST", 0, 150},
		{ACCT_SHIPPING, NULL, 0, 0}, /* skipped */
	};
	struct journal_line l2[4] = {
		{ACCT_RECEIVABLE, NULL, 1320, 0},
		{ACCT_SALES, NULL, 0, 1000},
		{ACCT_TAX, "VAT", 0, 200},
		{ACCT_TAX, "GST", 0, 120},
	};
	struct journal_rec j = journal("invoice", "INV-000001", l1, 4);
	struct rows r;
	struct journal_line *back = NULL;
	size_t n_back = 0;
	int rc;

	rc = o->journal_post(g_s, &j, &g_a, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_str_eq(j.number, "JE-000001");
	j = journal("invoice", "INV-000002", l2, 4);
	rc = o->journal_post(g_s, &j, &g_a, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	cr_assert_str_eq(j.number, "JE-000002");

	r = q("SELECT code, name, type, label FROM account WHERE kind = ? "
	      "ORDER BY code", acct_kind_info(ACCT_TAX)->key, NULL);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.val[0][0], "2201");
	cr_assert_str_eq(r.val[0][1], "Tax payable - GST");
	cr_assert_str_eq(r.val[0][2], "liability");
	cr_assert_str_eq(r.val[0][3], "GST");
	cr_assert_str_eq(r.val[1][0], "2202");
	cr_assert_str_eq(r.val[1][1], "Tax payable - VAT");

	/* the lines, with the zero line left out */
	r = q("SELECT l.line_no, a.code, l.debit, l.credit FROM journal_line l"
	      " JOIN journal_entry e ON e.id = l.entry_id"
	      " JOIN account a ON a.id = l.account_id"
	      " WHERE e.number = ? ORDER BY l.line_no", "JE-000001", NULL);
	cr_assert_eq(r.n, 3);
	cr_assert_str_eq(r.val[0][1], "1100");
	cr_assert_str_eq(r.val[0][2], "1150");
	cr_assert_str_eq(r.val[2][0], "3");
	cr_assert_str_eq(r.val[2][1], "2201");
	cr_assert_str_eq(r.val[2][3], "150");
	cr_assert_str_eq(q1("SELECT sum(debit) - sum(credit) FROM "
			    "journal_line", NULL), "0");

	/* a posted entry reads back as (kind, label, debit, credit) */
	cr_assert_eq(o->journal_lines(g_s, 1, "invoice", "INV-000002", &g_a,
				      &back, &n_back, &g_e), 0, "%s", g_e.msg);
	cr_assert_eq(n_back, 4);
	cr_assert_eq(back[0].kind, ACCT_RECEIVABLE);
	cr_assert_eq(back[0].debit, 1320);
	cr_assert_null(back[0].label);
	cr_assert_eq(back[2].kind, ACCT_TAX);
	cr_assert_str_eq(back[2].label, "VAT");
	cr_assert_eq(back[2].credit, 200);
	cr_assert_str_eq(back[3].label, "GST");
	cr_assert_eq(o->journal_lines(g_s, 1, "invoice-void", "INV-000002", &g_a,
				      &back, &n_back, &g_e), 0);
	cr_assert_eq(n_back, 0);

	/* the same document twice is a conflict, and uses no number */
	rc = o->journal_post(g_s, &j, &g_a, &g_e);
	cr_assert_eq(rc, ERR_CONFLICT, "%d %s", rc, g_e.msg);
	cr_assert_str_eq(q1("SELECT next_no FROM series WHERE prefix = 'JE'",
			    NULL), "3");

	/* a clearing account per gateway; no label means the base account */
	struct journal_line l3[3] = {
		{ACCT_CLEARING, "paypal", 500, 0},
		{ACCT_CLEARING, NULL, 500, 0},
		{ACCT_RECEIVABLE, NULL, 0, 1000},
	};
	j = journal("receipt", "RCV-000001", l3, 3);
	rc = o->journal_post(g_s, &j, &g_a, &g_e);
	cr_assert_eq(rc, 0, "%s", g_e.msg);
	r = q("SELECT code, name FROM account WHERE kind = ? ORDER BY code",
	      acct_kind_info(ACCT_CLEARING)->key, NULL);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.val[0][0], "1200");
	cr_assert_str_eq(r.val[0][1], "Payment clearing");
	cr_assert_str_eq(r.val[1][0], "1201");
	cr_assert_str_eq(r.val[1][1], "Payment clearing - paypal");
}

CONTRACT(nested_transactions)
{
	const struct store_ops *o = g_s->ops;
	struct err e;

	cr_assert_eq(o->tx_commit(g_s, &e), ERR_INVALID);
	cr_assert_eq(o->tx_rollback(g_s, &e), ERR_INVALID);

	cr_assert_eq(o->tx_begin(g_s, &g_e), 0, "%s", g_e.msg);
	add_customer("Outer", NULL, NULL, false, false, 0);
	cr_assert_eq(o->tx_begin(g_s, &g_e), 0, "%s", g_e.msg);
	add_customer("Inner", NULL, NULL, false, false, 0);
	cr_assert_eq(o->tx_begin(g_s, &g_e), 0, "%s", g_e.msg);
	add_customer("Innermost", NULL, NULL, false, false, 0);
	cr_assert_eq(o->tx_commit(g_s, &g_e), 0, "%s", g_e.msg);
	cr_assert_eq(o->tx_rollback(g_s, &g_e), 0, "%s", g_e.msg);
	cr_assert_eq(count("SELECT count(*) FROM customer", NULL), 1);
	add_customer("After", NULL, NULL, false, false, 0);
	cr_assert_eq(o->tx_commit(g_s, &g_e), 0, "%s", g_e.msg);

	struct rows r = q("SELECT name, number FROM customer ORDER BY id",
			  NULL, NULL);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.val[0][0], "Outer");
	cr_assert_str_eq(r.val[0][1], "C-000001");
	cr_assert_str_eq(r.val[1][0], "After");
	cr_assert_str_eq(r.val[1][1], "C-000002"); /* rolled back numbers reused */

	/* an outer rollback drops everything */
	cr_assert_eq(o->tx_begin(g_s, &g_e), 0);
	add_customer("Gone", NULL, NULL, false, false, 0);
	cr_assert_eq(o->tx_begin(g_s, &g_e), 0);
	add_customer("Gone too", NULL, NULL, false, false, 0);
	cr_assert_eq(o->tx_commit(g_s, &g_e), 0);
	cr_assert_eq(o->tx_rollback(g_s, &g_e), 0);
	cr_assert_eq(count("SELECT count(*) FROM customer", NULL), 2);
	cr_assert_eq(o->tx_rollback(g_s, &e), ERR_INVALID);
}

CONTRACT(reservations_set_and_release)
{
	const struct store_ops *o = g_s->ops;
	int64_t cust, prod, so, wh = g_shop.warehouse_id;
	struct rows r;

	cust = add_customer("Ann", NULL, NULL, false, false, 0);
	prod = add_product("Shirt / Red", true, 1, NULL);
	so = add_order(1001, cust, prod, NULL);

	cr_assert_eq(o->reservation_set(g_s, so, 1, prod, wh, 2, &g_e), 0,
		     "%s", g_e.msg);
	cr_assert_eq(o->reservation_set(g_s, so, 2, prod, wh, 1, &g_e), 0,
		     "%s", g_e.msg);
	cr_assert_eq(o->reservation_set(g_s, so, 1, prod, wh, 5, &g_e), 0,
		     "%s", g_e.msg);
	r = q("SELECT line_no, quantity FROM reservation ORDER BY line_no",
	      NULL, NULL);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.val[0][1], "5");
	cr_assert_str_eq(r.val[1][1], "1");

	cr_assert_eq(o->reservation_set(g_s, so, 2, prod, wh, 0, &g_e), 0);
	cr_assert_eq(count("SELECT count(*) FROM reservation", NULL), 1);
	cr_assert_eq(o->reservation_set(g_s, so, 2, prod, wh, -1, &g_e),
		     ERR_INVALID);

	cr_assert_eq(o->reservation_release(g_s, so, &g_e), 0);
	cr_assert_eq(count("SELECT count(*) FROM reservation", NULL), 0);
	cr_assert_eq(o->reservation_release(g_s, so, &g_e), 0);
}

CONTRACT(stock_move_repeat_is_a_noop)
{
	const struct store_ops *o = g_s->ops;
	int64_t prod = add_product("Shirt / Red", true, 1, NULL);
	int64_t wh = g_shop.warehouse_id;
	struct rows r;

	cr_assert_eq(o->stock_move(g_s, prod, wh, -2, "shipment", "SH-000001",
				   "2024-03-02", &g_e), 0, "%s", g_e.msg);
	cr_assert_eq(o->stock_move(g_s, prod, wh, -7, "shipment", "SH-000001",
				   "2024-03-09", &g_e), 0, "%s", g_e.msg);
	cr_assert_eq(o->stock_move(g_s, prod, wh, 10, "adjustment", "ADJ-1",
				   "2024-03-03", &g_e), 0, "%s", g_e.msg);
	r = q("SELECT doc_type, quantity, date FROM stock_move ORDER BY id",
	      NULL, NULL);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.val[0][1], "-2");
	cr_assert_str_eq(r.val[0][2], "2024-03-02");
	cr_assert_str_eq(r.val[1][1], "10");
	/* other failures still fail */
	cr_assert_eq(o->stock_move(g_s, prod + 50, wh, 1, "adjustment",
				   "ADJ-2", "2024-03-03", &g_e), ERR_DB);
}

CONTRACT(import_log_rows)
{
	const struct store_ops *o = g_s->ops;
	struct import_log_rec l = {
		.shop_id = g_shop.id,
		.has_order_id = true,
		.shopify_order_id = 820982911946154508LL,
		.order_name = "#1001",
		.origin = "file:samples/orders/01.json",
		.outcome = "rejected",
		.message = "bad total",
	};
	struct rows r;

	cr_assert_eq(o->import_log(g_s, &l, &g_e), 0, "%s", g_e.msg);
	r = q("SELECT shopify_order_id, outcome, sales_order_id, at FROM "
	      "import_log", NULL, NULL);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.val[0][0], "820982911946154508");
	cr_assert_str_eq(r.val[0][1], "rejected");
	cr_assert_null(r.val[0][2]);
	cr_assert_not_null(r.val[0][3]);
}

static int stop_at_first(void *ctx, const struct store_row *row)
{
	(*(int *)ctx)++;
	return 42;
}

CONTRACT(query_rows_as_text_with_nulls)
{
	const struct store_ops *o = g_s->ops;
	const char *one[1] = {"x"};
	struct rows r;
	int calls = 0;

	add_customer("Ann", "ann@example.com", NULL, false, true,
		     9007199254740993LL);
	add_customer("Bob", NULL, NULL, false, false, 0);

	r = q("SELECT name, email, shopify_customer_id, guest FROM customer "
	      "WHERE name = ? OR name = ? ORDER BY id", "Ann", "Bob");
	cr_assert_eq(r.n, 2);
	cr_assert_eq(r.ncol, 4);
	cr_assert_str_eq(r.name[0], "name");
	cr_assert_str_eq(r.name[2], "shopify_customer_id");
	cr_assert_str_eq(r.val[0][0], "Ann");
	cr_assert_str_eq(r.val[0][1], "ann@example.com");
	cr_assert_str_eq(r.val[0][2], "9007199254740993");
	cr_assert_str_eq(r.val[0][3], "0");
	cr_assert_str_eq(r.val[1][0], "Bob");
	cr_assert_null(r.val[1][1]);
	cr_assert_null(r.val[1][2]);

	/* text parameters compare with integer columns by affinity */
	cr_assert_str_eq(q1("SELECT name FROM customer WHERE "
			    "shopify_customer_id = ?", "9007199254740993"),
			 "Ann");
	r = q("SELECT name FROM customer WHERE name = ?", "Nobody", NULL);
	cr_assert_eq(r.n, 0);

	cr_assert_eq(o->query(g_s, "SELECT name FROM customer", NULL, 0,
			      stop_at_first, &calls, &g_e), 42);
	cr_assert_eq(calls, 1);

	cr_assert_eq(o->query(g_s, "DELETE FROM customer", NULL, 0, collect,
			      &r, &g_e), ERR_INVALID);
	cr_assert_eq(o->query(g_s, "SELECT 1; DELETE FROM customer", NULL, 0,
			      collect, &r, &g_e), ERR_INVALID);
	cr_assert_eq(o->query(g_s, "SELECT ?, ?", one, 1, collect, &r, &g_e),
		     ERR_INVALID);
	cr_assert_eq(o->query(g_s, "SELEKT 1", NULL, 0, collect, &r, &g_e),
		     ERR_INVALID);
	cr_assert_eq(count("SELECT count(*) FROM customer", NULL), 2);
	cr_assert_str_eq(q1("SELECT 7 -- trailing comment\n;", NULL), "7");
}
