/* harness.c - test harness over a real SQLite file (see harness.h). */
#include "support/harness.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapters/shopify_json.h"
#include "adapters/store_sqlite.h"

void h_open(struct harness *h)
{
	struct err e;

	memset(h, 0, sizeof(*h));
	snprintf(h->dir, sizeof(h->dir), "/tmp/shoperp-test-XXXXXX");
	cr_assert_not_null(mkdtemp(h->dir));
	snprintf(h->path, sizeof(h->path), "%s/books.db", h->dir);
	arena_init(&h->a);
	arena_init(&h->scratch);
	cr_assert_eq(store_sqlite_open(h->path, &h->s, &e), 0, "open: %s", e.msg);
	cr_assert_eq(h->s->ops->shop_open(h->s, "local", true, &h->a, &h->shop, &e),
		     0, "shop_open: %s", e.msg);
}

void h_close(struct harness *h)
{
	char p[256];

	store_close(h->s);
	h->s = NULL;
	arena_release(&h->a);
	arena_release(&h->scratch);
	snprintf(p, sizeof(p), "%s-wal", h->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", h->path);
	unlink(p);
	unlink(h->path);
	rmdir(h->dir);
}

int h_import_rc(struct harness *h, const char *json, struct import_result *res)
{
	struct jmap_doc *doc = NULL;
	struct err e;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	cr_assert_eq(jmap_doc_parse(json, strlen(json), &doc, &e), 0,
		     "parse: %s", e.msg);
	for (size_t i = 0; i < jmap_doc_count(doc); i++) {
		struct shopify_order o;
		arena_clear(&h->scratch);
		cr_assert_eq(jmap_order_map(doc, i, &h->scratch, &o, NULL, NULL, &e), 0,
			     "map: %s", e.msg);
		rc = import_order(h->s, &h->shop, &o, "test", &h->scratch, res, &e);
	}
	jmap_doc_free(doc);
	return rc;
}

struct import_result h_import(struct harness *h, const char *json)
{
	struct import_result res;
	int rc = h_import_rc(h, json, &res);

	cr_assert_eq(rc, 0, "import failed: %s", res.message);
	return res;
}

struct first_row {
	bool seen;
	char value[4096];
	bool null;
};

static int take_first(void *ctx, const struct store_row *row)
{
	struct first_row *fr = ctx;

	if (fr->seen)
		return 0;
	fr->seen = true;
	fr->null = row->values[0] == NULL;
	snprintf(fr->value, sizeof(fr->value), "%s", row->values[0] ? row->values[0] : "");
	return 0;
}

static void run_first(struct harness *h, const char *sql, va_list ap,
		      struct first_row *fr)
{
	const char *params[16];
	size_t n = 0;
	const char *p;
	struct err e;

	while ((p = va_arg(ap, const char *)) != NULL && n < 16)
		params[n++] = p;
	memset(fr, 0, sizeof(*fr));
	cr_assert_eq(h->s->ops->query(h->s, sql, params, n, take_first, fr, &e), 0,
		     "query \"%s\": %s", sql, e.msg);
}

int64_t h_int(struct harness *h, const char *sql, ...)
{
	struct first_row fr;
	va_list ap;

	va_start(ap, sql);
	run_first(h, sql, ap, &fr);
	va_end(ap);
	cr_assert(fr.seen, "no row for \"%s\"", sql);
	return fr.null ? 0 : strtoll(fr.value, NULL, 10);
}

const char *h_text(struct harness *h, const char *sql, ...)
{
	struct first_row fr;
	va_list ap;

	va_start(ap, sql);
	run_first(h, sql, ap, &fr);
	va_end(ap);
	if (!fr.seen || fr.null)
		return NULL;
	snprintf(h->text, sizeof(h->text), "%s", fr.value);
	return h->text;
}

int64_t h_balance(struct harness *h, const char *code)
{
	return h_int(h,
		     "SELECT COALESCE(SUM(l.debit) - SUM(l.credit), 0) FROM journal_line l "
		     "JOIN account a ON a.id = l.account_id WHERE a.code = ?",
		     code, NULL);
}

int64_t h_unbalanced(struct harness *h)
{
	return h_int(h,
		     "SELECT COUNT(*) FROM (SELECT entry_id, SUM(debit) - SUM(credit) AS d "
		     "FROM journal_line GROUP BY entry_id) WHERE d <> 0",
		     NULL);
}

const char *h_books_fingerprint(struct harness *h)
{
	return h_text(h,
		      "SELECT (SELECT COUNT(*) FROM customer) || '/' ||"
		      " (SELECT COUNT(*) FROM product) || '/' ||"
		      " (SELECT COUNT(*) || ':' || COALESCE(SUM(total_price),0) || ':' ||"
		      "   COALESCE(GROUP_CONCAT(status || payment_status || fulfillment_status || updated_at_unix, ','),'') FROM sales_order) || '/' ||"
		      " (SELECT COUNT(*) FROM sales_order_line) || '/' ||"
		      " (SELECT COUNT(*) || ':' || COALESCE(SUM(total),0) || ':' || COALESCE(GROUP_CONCAT(status, ','),'') FROM invoice) || '/' ||"
		      " (SELECT COUNT(*) || ':' || COALESCE(SUM(amount),0) || ':' || COALESCE(GROUP_CONCAT(status, ','),'') FROM receipt) || '/' ||"
		      " (SELECT COUNT(*) FROM journal_entry) || '/' ||"
		      " (SELECT COUNT(*) || ':' || COALESCE(SUM(debit),0) || ':' || COALESCE(SUM(credit),0) FROM journal_line) || '/' ||"
		      " (SELECT COUNT(*) || ':' || COALESCE(SUM(quantity),0) FROM reservation) || '/' ||"
		      " (SELECT COUNT(*) || ':' || COALESCE(SUM(quantity),0) FROM stock_move) || '/' ||"
		      " (SELECT COUNT(*) FROM account)",
		      NULL);
}

const char *h_fixtures_dir(void)
{
	struct stat st;
	static const char *dir = "../shared/fixtures";

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return dir;
	return NULL;
}
