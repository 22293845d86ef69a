/* test_fixtures_import.c - every real Shopify payload under
 * ../shared/fixtures goes through the file importer: REST orders import
 * with balanced journals and the invoice equal to Shopify's total, a
 * second import changes nothing, and everything else is rejected cleanly
 * with a reason. Skips, saying so, when ../shared is absent. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "adapters/order_files.h"
#include "base/money.h"
#include "support/harness.h"

struct seen {
	size_t files, orders_ok, rejected_files, rejected_orders, unusable;
	char last_reason[600];
};

static void on_result(void *ctx, const char *file, bool has_id, int64_t id,
		      const char *name, const struct import_result *res,
		      const struct err *why)
{
	struct seen *s = ctx;

	if (res->outcome == IMPORT_REJECTED) {
		cr_assert(res->message[0], "%s: rejected without a reason", file);
		snprintf(s->last_reason, sizeof(s->last_reason), "%s", res->message);
		if (has_id)
			s->rejected_orders++;
		else
			s->rejected_files++;
	} else {
		s->orders_ok++;
	}
}

/* Shopify's own total of every REST order in the file, read straight from
 * the JSON (not through our mapper). */
static size_t expected_totals(const char *path, const char *ids[], const char *totals[],
			      const char *currents[], size_t max)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr), *orders;
	size_t n = 0;

	if (!root)
		return 0;
	if (json_is_array(json_object_get(root, "orders")))
		orders = json_incref(json_object_get(root, "orders"));
	else if (json_is_object(json_object_get(root, "order")))
		orders = json_pack("[O]", json_object_get(root, "order"));
	else if (json_is_array(json_object_get(root, "line_items")))
		orders = json_pack("[O]", root);
	else
		orders = json_array();
	for (size_t i = 0; i < json_array_size(orders) && n < max; i++) {
		json_t *o = json_array_get(orders, i);
		json_t *id = json_object_get(o, "id");
		json_t *t = json_object_get(o, "total_price");
		json_t *c = json_object_get(o, "current_total_price");
		char buf[64];

		if (!json_is_integer(id) || !json_is_string(t))
			continue;
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(id));
		ids[n] = strdup(buf);
		totals[n] = strdup(json_string_value(t));
		currents[n] = json_is_string(c) ? strdup(json_string_value(c)) : NULL;
		n++;
	}
	json_decref(orders);
	json_decref(root);
	return n;
}

static bool same_amount(const char *shopify, int64_t ours, int exp)
{
	int64_t v;

	return shopify && money_parse_cstr(shopify, exp, &v, NULL) == 0 && v == ours;
}

static void check_file(const char *path, struct seen *total)
{
	struct harness h;
	struct order_files_stats st, st2;
	struct seen s;
	struct err e;
	const char *paths[1] = {path};
	const char *ids[64], *totals[64], *currents[64];
	size_t n_exp;
	char before[4096];

	memset(&s, 0, sizeof(s));
	h_open(&h);
	cr_assert_eq(order_files_import(h.s, &h.shop, paths, 1, on_result, &s, &st, &e), 0,
		     "%s: %s", path, e.msg);
	n_exp = expected_totals(path, ids, totals, currents, 64);
	total->files++;
	total->orders_ok += s.orders_ok;
	total->rejected_files += s.rejected_files;
	total->rejected_orders += s.rejected_orders;

	/* invariants on whatever was imported */
	cr_assert_eq(h_unbalanced(&h), 0, "%s: unbalanced journal entry", path);
	for (size_t i = 0; i < n_exp; i++) {
		int64_t inv, exp;
		if (h_int(&h, "SELECT COUNT(*) FROM sales_order WHERE shopify_order_id = ?", ids[i], NULL) == 0) {
			/* Only an order whose own total is not an amount (schema
			 * exemplars with "example string" values) may be rejected. */
			int64_t v;
			cr_assert_neq(money_parse_cstr(totals[i], 3, &v, NULL), 0,
				      "%s: order %s with total %s was not imported", path, ids[i], totals[i]);
			total->unusable++;
			continue;
		}
		inv = h_int(&h, "SELECT i.total FROM invoice i JOIN sales_order o ON o.id = i.sales_order_id WHERE o.shopify_order_id = ?", ids[i], NULL);
		exp = h_int(&h, "SELECT exp FROM sales_order WHERE shopify_order_id = ?", ids[i], NULL);
		cr_assert(same_amount(totals[i], inv, (int)exp) || same_amount(currents[i], inv, (int)exp),
			  "%s: order %s invoice %lld differs from Shopify's total %s", path, ids[i],
			  (long long)inv, totals[i]);
		/* every imported order has one balanced invoice entry or none */
		cr_assert_eq(h_int(&h, "SELECT COUNT(*) FROM invoice i JOIN sales_order o ON o.id = i.sales_order_id WHERE o.shopify_order_id = ?", ids[i], NULL), 1);
	}
	cr_assert_eq(st.created + st.rejected + st.unchanged + st.updated + st.stale, st.orders);

	/* a second import of the same file changes nothing */
	snprintf(before, sizeof(before), "%s", h_books_fingerprint(&h));
	cr_assert_eq(order_files_import(h.s, &h.shop, paths, 1, NULL, NULL, &st2, &e), 0);
	cr_assert_str_eq(h_books_fingerprint(&h), before, "%s: second import changed the books", path);
	cr_assert_eq(st2.created, 0, "%s", path);
	cr_assert_eq(st2.updated, 0, "%s", path);
	for (size_t i = 0; i < n_exp; i++) {
		free((void *)ids[i]);
		free((void *)totals[i]);
		free((void *)currents[i]);
	}
	h_close(&h);
}

static void walk(const char *dir, struct seen *s, char found[][512], size_t *nfound)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	cr_assert_not_null(d, "cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		char p[512];
		struct stat st;
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(p, s, found, nfound);
		else if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0 && *nfound < 256)
			snprintf(found[(*nfound)++], 512, "%s", p);
	}
	closedir(d);
}

Test(fixtures, every_rest_order_imports_exactly)
{
	const char *dir = h_fixtures_dir();
	static char files[256][512];
	size_t n = 0;
	struct seen s;

	if (!dir)
		cr_skip_test("../shared/fixtures is absent: fixture import not checked");
	memset(&s, 0, sizeof(s));
	walk(dir, &s, files, &n);
	cr_assert_gt(n, 0);
	for (size_t i = 0; i < n; i++)
		check_file(files[i], &s);
	cr_log_info("fixtures: %zu files, %zu orders imported, %zu files rejected, %zu orders rejected",
		    s.files, s.orders_ok, s.rejected_files, s.rejected_orders);
	/* every REST order there imports; the only ones rejected are those
	 * whose total is not an amount at all */
	cr_assert_eq(s.rejected_orders, s.unusable, "an order was rejected: %s", s.last_reason);
	cr_assert_geq(s.orders_ok, 20);
}

static void expect_malformed(const char *rel)
{
	const char *dir = h_fixtures_dir();
	char path[512];
	struct harness h;
	struct order_files_stats st;
	struct seen s;
	struct err e;
	const char *paths[1];

	if (!dir)
		cr_skip_test("../shared/fixtures is absent");
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	paths[0] = path;
	memset(&s, 0, sizeof(s));
	h_open(&h);
	cr_assert_eq(order_files_import(h.s, &h.shop, paths, 1, on_result, &s, &st, &e), 0);
	cr_assert_eq(st.files_rejected, 1, "%s was not rejected", rel);
	cr_assert(strstr(s.last_reason, "line") != NULL, "no position in: %s", s.last_reason);
	cr_assert(strstr(s.last_reason, rel) != NULL, "no file name in: %s", s.last_reason);
	cr_assert_eq(h_int(&h, "SELECT COUNT(*) FROM sales_order", NULL), 0);
	cr_assert_eq(h_int(&h, "SELECT COUNT(*) FROM import_log WHERE outcome = 'rejected'", NULL), 1);
	h_close(&h);
}

Test(fixtures, malformed_quickbooks_order_rejected) { expect_malformed("shopify-quickbooks/shop_order.json"); }
Test(fixtures, malformed_membi_example_rejected) { expect_malformed("membi_integration_shopify/example2.json"); }
Test(fixtures, malformed_membi_control_char_rejected) { expect_malformed("membi_integration_shopify/order_create_no_dis.json"); }
Test(fixtures, malformed_membi_log_rejected) { expect_malformed("membi_integration_shopify/order_cancelled_log.json"); }
