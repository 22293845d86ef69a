/* test_order_files.c - the file transport: a long list with one bad order
 * imports the rest, and an order is reported as created only once it is
 * committed (a second connection already sees it). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/order_files.h"
#include "adapters/store_sqlite.h"
#include "support/harness.h"

struct watch {
	struct store *other; /* a second connection to the same file */
	size_t reports, created, rejected, not_yet_visible;
	int64_t last_id;
	bool in_order;
};

static int count_cb(void *ctx, const struct store_row *row)
{
	*(long *)ctx = atol(row->values[0]);
	return 0;
}

static void on_result(void *ctx, const char *file, bool has_id, int64_t id,
		      const char *name, const struct import_result *res,
		      const struct err *why)
{
	struct watch *w = ctx;
	char idtext[32];
	const char *params[1] = {idtext};
	long n = -1;
	struct err e;

	w->reports++;
	if (id <= w->last_id)
		w->in_order = false;
	w->last_id = id;
	if (res->outcome == IMPORT_REJECTED) {
		w->rejected++;
		cr_assert(strstr(res->message, "negative price") != NULL, "%s", res->message);
		return;
	}
	w->created += res->outcome == IMPORT_CREATED;
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	cr_assert_eq(w->other->ops->query(w->other,
		"SELECT COUNT(*) FROM sales_order WHERE shopify_order_id = ?",
		params, 1, count_cb, &n, &e), 0, "%s", e.msg);
	if (n != 1)
		w->not_yet_visible++;
}

Test(order_files, long_list_with_one_bad_order_reports_after_commit)
{
	struct harness h;
	struct watch w;
	struct order_files_stats st;
	struct err e;
	char path[256];
	const char *paths[1] = {path};
	FILE *f;
	const int n = 600;

	h_open(&h);
	snprintf(path, sizeof(path), "%s/orders.json", h.dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "{\"orders\":[");
	for (int i = 1; i <= n; i++)
		fprintf(f, "%s{\"id\":%d,\"name\":\"#%d\",\"currency\":\"USD\","
			   "\"updated_at\":\"2024-05-01T10:00:00Z\",\"financial_status\":\"paid\","
			   "\"total_price\":\"5.00\",\"line_items\":[{\"id\":%d,\"variant_id\":%d,"
			   "\"product_id\":77,\"title\":\"Pin\",\"price\":\"%s\",\"quantity\":1}]}",
			i > 1 ? "," : "", 1000 + i, 1000 + i, i, 500 + i % 7,
			i == 300 ? "-5.00" : "5.00");
	fprintf(f, "]}");
	fclose(f);

	memset(&w, 0, sizeof(w));
	w.in_order = true;
	cr_assert_eq(store_sqlite_open(h.path, &w.other, &e), 0, "%s", e.msg);
	cr_assert_eq(order_files_import(h.s, &h.shop, paths, 1, on_result, &w, &st, &e), 0,
		     "%s", e.msg);
	cr_assert_eq(st.orders, (size_t)n);
	cr_assert_eq(st.created, (size_t)n - 1);
	cr_assert_eq(st.rejected, 1);
	cr_assert_eq(w.reports, (size_t)n);
	cr_assert_eq(w.created, (size_t)n - 1);
	cr_assert(w.in_order, "reports out of order");
	cr_assert_eq(w.not_yet_visible, 0, "%zu orders reported before their commit",
		     w.not_yet_visible);
	cr_assert_eq(h_int(&h, "SELECT COUNT(*) FROM sales_order", NULL), n - 1);
	cr_assert_eq(h_int(&h, "SELECT COUNT(*) FROM product", NULL), 7);
	cr_assert_eq(h_unbalanced(&h), 0);
	store_close(w.other);
	remove(path);
	h_close(&h);
}
