/* test_import_cases.c - the cases the importer must get right, each on a
 * real SQLite file, asserting the actual values in the books. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "support/harness.h"

/* A line with a variant: id, variant id, title, variant title, price, qty,
 * then the rest of the members (tax_lines, discount_allocations, ...). */
#define LINE(id, vid, title, vt, price, qty, rest)                                 \
	"{\"id\":" #id ",\"variant_id\":" #vid ",\"product_id\":" #vid "0,"          \
	"\"title\":\"" title "\",\"variant_title\":" vt ",\"price\":\"" price "\","  \
	"\"quantity\":" #qty ",\"requires_shipping\":true,\"sku\":\"\"" rest "}"

#define ORDER(id, name, fin, total, rest)                                          \
	"{\"id\":" #id ",\"name\":\"" name "\",\"currency\":\"USD\","                \
	"\"created_at\":\"2024-05-01T10:00:00-04:00\","                               \
	"\"updated_at\":\"2024-05-01T10:00:00-04:00\","                               \
	"\"financial_status\":\"" fin "\",\"total_price\":\"" total "\"" rest "}"

static struct harness H;

static void setup(void) { h_open(&H); }
static void teardown(void) { h_close(&H); }

TestSuite(import, .init = setup, .fini = teardown);

static int64_t so_int(const char *col, const char *name)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT %s FROM sales_order WHERE name = ?", col);
	return h_int(&H, sql, name, NULL);
}

static int64_t inv_int(const char *col, const char *name)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT i.%s FROM invoice i JOIN sales_order o ON o.id = i.sales_order_id WHERE o.name = ?",
		 col);
	return h_int(&H, sql, name, NULL);
}

static const char *inv_status(const char *name)
{
	return h_text(&H, "SELECT i.status FROM invoice i JOIN sales_order o ON o.id = i.sales_order_id WHERE o.name = ?",
		      name, NULL);
}

static const char *customer_of(const char *col, const char *name)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT c.%s FROM customer c JOIN sales_order o ON o.customer_id = c.id WHERE o.name = ?",
		 col);
	return h_text(&H, sql, name, NULL);
}

Test(import, guest_with_null_customer_uses_email_and_billing_name)
{
	h_import(&H, ORDER(9001, "#G1", "paid", "10.00",
			   ",\"customer\":null,\"email\":\"Ines.Guest@Example.org\","
			   "\"billing_address\":{\"first_name\":\"Ines\",\"last_name\":\"Guest\"},"
			   "\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	cr_assert_str_eq(customer_of("name", "#G1"), "Ines Guest");
	cr_assert_str_eq(customer_of("email", "#G1"), "Ines.Guest@Example.org");
	cr_assert_str_eq(customer_of("email_key", "#G1"), "ines.guest@example.org");
	cr_assert_eq(h_int(&H, "SELECT guest FROM customer", NULL), 0);
}

Test(import, guest_without_customer_or_email_uses_guest_customer)
{
	h_import(&H, ORDER(9002, "#G2", "paid", "10.00",
			   ",\"email\":\"\",\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	h_import(&H, ORDER(9003, "#G3", "paid", "10.00",
			   ",\"customer\":null,\"email\":null,\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	cr_assert_str_eq(customer_of("name", "#G2"), "Guest customer");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM customer WHERE guest = 1", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT COUNT(DISTINCT customer_id) FROM sales_order", NULL), 1);
}

Test(import, customer_with_id_only_is_readable_and_later_filled_in)
{
	h_import(&H, ORDER(9010, "#C1", "paid", "10.00",
			   ",\"customer\":{\"id\":7001,\"email\":null,\"first_name\":null,\"last_name\":null,\"phone\":null},"
			   "\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	cr_assert_str_eq(customer_of("name", "#C1"), "Shopify customer 7001");
	cr_assert_null(customer_of("email", "#C1"));

	h_import(&H, ORDER(9011, "#C2", "paid", "10.00",
			   ",\"customer\":{\"id\":7001,\"email\":\"maya@example.com\"},"
			   "\"shipping_address\":{\"name\":\"Maya Lindqvist\"},"
			   "\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM customer", NULL), 1);
	cr_assert_str_eq(customer_of("email", "#C1"), "maya@example.com");
	cr_assert_str_eq(customer_of("name", "#C1"), "Maya Lindqvist");
	cr_assert_eq(h_int(&H, "SELECT shopify_customer_id FROM customer", NULL), 7001);

	/* a shipping name makes an id-only customer readable straight away */
	h_import(&H, ORDER(9012, "#C3", "paid", "10.00",
			   ",\"customer\":{\"id\":7002},\"shipping_address\":{\"name\":\"Ola Berg\"},"
			   "\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	cr_assert_str_eq(customer_of("name", "#C3"), "Ola Berg");
}

Test(import, same_email_or_phone_is_the_same_customer)
{
	h_import(&H, ORDER(9020, "#E1", "paid", "10.00",
			   ",\"customer\":{\"id\":8001,\"email\":\"Sam@Example.com\",\"first_name\":\"Sam\",\"last_name\":\"Lee\"},"
			   "\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	h_import(&H, ORDER(9021, "#E2", "paid", "10.00",
			   ",\"customer\":null,\"email\":\" sam@example.COM \","
			   "\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	h_import(&H, ORDER(9022, "#E3", "paid", "10.00",
			   ",\"customer\":{\"id\":8002,\"phone\":\"+1 555 010 9999\",\"first_name\":\"Kim\"},"
			   "\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	h_import(&H, ORDER(9023, "#E4", "paid", "10.00",
			   ",\"phone\":\"+15550109999\",\"line_items\":[" LINE(1, 501, "Mug", "null", "10.00", 1, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM customer", NULL), 2);
	cr_assert_str_eq(customer_of("name", "#E2"), "Sam Lee");
	cr_assert_str_eq(customer_of("name", "#E4"), "Kim");
}

Test(import, deleted_product_and_custom_lines_import)
{
	struct import_result r = h_import(&H, ORDER(9030, "#D1", "paid", "36.00",
		",\"line_items\":["
		LINE(1, 501, "Mug", "null", "10.00", 1, "") ","
		"{\"id\":2,\"variant_id\":null,\"product_id\":null,\"product_exists\":false,"
		"\"title\":\"Discontinued Lantern\",\"variant_title\":null,\"price\":\"20.00\",\"quantity\":1,\"requires_shipping\":true},"
		"{\"id\":3,\"variant_id\":null,\"product_id\":null,\"title\":\"Gift wrapping\","
		"\"price\":\"6.00\",\"quantity\":1,\"requires_shipping\":false,\"sku\":\"\"}]"));
	cr_assert_eq(r.outcome, IMPORT_CREATED);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product", NULL), 3);
	cr_assert_eq(h_int(&H, "SELECT stock_item FROM product WHERE code = 'Discontinued Lantern'", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT stock_item FROM product WHERE code = 'Gift wrapping'", NULL), 0);
	cr_assert_null(h_text(&H, "SELECT shopify_variant_id FROM product WHERE code = 'Gift wrapping'", NULL));
	cr_assert_eq(inv_int("total", "#D1"), 3600);
	cr_assert_eq(h_int(&H, "SELECT COALESCE(SUM(quantity),0) FROM reservation", NULL), 2);
	/* the same deleted line on another order reuses its product */
	h_import(&H, ORDER(9031, "#D2", "paid", "20.00",
		",\"line_items\":[{\"id\":4,\"variant_id\":null,\"product_id\":null,\"product_exists\":false,"
		"\"title\":\"Discontinued Lantern\",\"price\":\"20.00\",\"quantity\":1}]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product", NULL), 3);
}

Test(import, default_variant_titles_give_one_plain_code)
{
	h_import(&H, ORDER(9040, "#P1", "paid", "30.00",
		",\"line_items\":[" LINE(1, 601, "Canvas Tote", "\"Default Title\"", "10.00", 1, "") ","
		LINE(2, 602, "Field Notes", "\"Default\"", "10.00", 1, "") ","
		LINE(3, 603, "Enamel Pin", "null", "10.00", 1, "") "]"));
	h_import(&H, ORDER(9041, "#P2", "paid", "10.00",
		",\"line_items\":[" LINE(1, 601, "Canvas Tote", "\"Default Title\"", "10.00", 1, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product", NULL), 3);
	cr_assert_eq(h_int(&H, "SELECT shopify_variant_id FROM product WHERE code = 'Canvas Tote'", NULL), 601);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product WHERE code = 'Field Notes'", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product WHERE code = 'Enamel Pin'", NULL), 1);
}

Test(import, variant_codes_and_clashes)
{
	h_import(&H, ORDER(9045, "#P3", "paid", "30.00",
		",\"line_items\":[" LINE(1, 701, "Trail T-Shirt", "\"Red / L\"", "10.00", 1, "") ","
		LINE(2, 702, "Trail T-Shirt", "\"Red / L\"", "10.00", 1, "") ","
		LINE(3, 703, "Trail T-Shirt", "\"Blue / M\"", "10.00", 1, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product", NULL), 3);
	cr_assert_eq(h_int(&H, "SELECT shopify_variant_id FROM product WHERE code = 'Trail T-Shirt / Red / L'", NULL), 701);
	/* the second variant with the same label gets a short stable suffix */
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product WHERE code LIKE 'Trail T-Shirt / Red / L ~%' AND shopify_variant_id = 702", NULL), 1);
}

Test(import, blank_sku_is_never_a_match_key)
{
	h_import(&H, ORDER(9050, "#S1", "paid", "20.00",
		",\"line_items\":["
		"{\"id\":1,\"variant_id\":801,\"product_id\":80,\"title\":\"Socks\",\"variant_title\":\"S\",\"sku\":\"\",\"price\":\"10.00\",\"quantity\":1},"
		"{\"id\":2,\"variant_id\":802,\"product_id\":80,\"title\":\"Socks\",\"variant_title\":\"M\",\"sku\":\"   \",\"price\":\"10.00\",\"quantity\":1}]"));
	h_import(&H, ORDER(9051, "#S2", "paid", "10.00",
		",\"line_items\":[{\"id\":3,\"variant_id\":803,\"product_id\":80,\"title\":\"Socks\",\"variant_title\":\"L\",\"sku\":null,\"price\":\"10.00\",\"quantity\":1}]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product", NULL), 3);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product WHERE sku IS NOT NULL", NULL), 0);
}

#define INCL_LINES                                                                 \
	"\"line_items\":["                                                         \
	"{\"id\":1,\"variant_id\":901,\"product_id\":90,\"title\":\"Wool Coat\",\"variant_title\":\"S\",\"price\":\"395.00\",\"quantity\":1," \
	"\"discount_allocations\":[{\"amount\":\"19.67\"}],\"tax_lines\":[{\"title\":\"VAT\",\"price\":\"53.62\",\"rate\":0.05}]}," \
	"{\"id\":2,\"variant_id\":902,\"product_id\":90,\"title\":\"Wool Coat\",\"variant_title\":\"M\",\"price\":\"395.00\",\"quantity\":1," \
	"\"discount_allocations\":[{\"amount\":\"19.67\"}],\"tax_lines\":[]}," \
	"{\"id\":3,\"variant_id\":903,\"product_id\":90,\"title\":\"Wool Coat\",\"variant_title\":\"L\",\"price\":\"395.00\",\"quantity\":1," \
	"\"discount_allocations\":[{\"amount\":\"19.66\"}],\"tax_lines\":[]}]"

Test(import, tax_inclusive_with_tax_on_first_line)
{
	h_import(&H, "{\"id\":9060,\"name\":\"#T1\",\"currency\":\"EUR\",\"taxes_included\":true,"
		     "\"updated_at\":\"2024-05-01T10:00:00Z\",\"financial_status\":\"paid\","
		     "\"total_price\":\"1126.00\",\"total_tax\":\"53.62\",\"total_discounts\":\"59.00\"," INCL_LINES "}");
	cr_assert_eq(inv_int("total", "#T1"), 112600);
	cr_assert_eq(inv_int("tax", "#T1"), 5362);
	cr_assert_eq(inv_int("rounding", "#T1"), 0);
	cr_assert_eq(inv_int("unexplained", "#T1"), 0);
	cr_assert_eq(h_balance(&H, "2201"), -5362);   /* Tax payable - VAT */
	cr_assert_eq(h_balance(&H, "4000"), -(118500 - 5362));
	cr_assert_eq(h_balance(&H, "4100"), 5900);
	cr_assert_eq(h_balance(&H, "1100"), 0);       /* invoice paid by receipt */
	cr_assert_eq(h_int(&H, "SELECT amount FROM receipt", NULL), 112600);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, tax_inclusive_shipping)
{
	h_import(&H, "{\"id\":9061,\"name\":\"#T2\",\"currency\":\"EUR\",\"taxes_included\":true,"
		     "\"updated_at\":\"2024-05-01T10:00:00Z\",\"financial_status\":\"paid\","
		     "\"total_price\":\"1136.00\",\"total_tax\":\"54.10\","
		     "\"shipping_lines\":[{\"title\":\"Courier\",\"price\":\"10.00\",\"tax_lines\":[{\"title\":\"VAT\",\"price\":\"0.48\",\"rate\":0.05}]}],"
		     INCL_LINES "}");
	cr_assert_eq(inv_int("total", "#T2"), 113600);
	cr_assert_eq(inv_int("tax", "#T2"), 5410);
	cr_assert_eq(h_balance(&H, "4200"), -952);    /* shipping income 9.52 */
	cr_assert_eq(h_balance(&H, "2201"), -5410);
	cr_assert_eq(inv_int("unexplained", "#T2"), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, discount_before_tax)
{
	h_import(&H, ORDER(9070, "#DS", "paid", "88.00",
		",\"total_discounts\":\"20.00\",\"total_tax\":\"8.00\","
		"\"discount_codes\":[{\"code\":\"SAVE20\",\"amount\":\"20.00\",\"type\":\"fixed_amount\"}],"
		"\"payment_gateway_names\":[\"shopify_payments\"],"
		"\"line_items\":[" LINE(1, 1001, "Lamp", "null", "100.00", 1,
		",\"discount_allocations\":[{\"amount\":\"20.00\",\"discount_application_index\":0}],"
		"\"tax_lines\":[{\"title\":\"Sales Tax\",\"price\":\"8.00\",\"rate\":0.1}]") "]"));
	cr_assert_eq(inv_int("total", "#DS"), 8800);
	cr_assert_eq(inv_int("subtotal", "#DS"), 8000);
	cr_assert_eq(inv_int("discounts", "#DS"), 2000);
	cr_assert_eq(h_int(&H, "SELECT amount FROM receipt", NULL), 8800);
	/* Dr clearing 88, Dr discounts 20 = Cr sales 100, Cr tax 8 */
	cr_assert_eq(h_balance(&H, "1201"), 8800);
	cr_assert_str_eq(h_text(&H, "SELECT name FROM account WHERE code = '1201'", NULL),
			 "Payment clearing - shopify_payments");
	cr_assert_eq(h_balance(&H, "4100"), 2000);
	cr_assert_eq(h_balance(&H, "4000"), -10000);
	cr_assert_eq(h_balance(&H, "2201"), -800);
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, fully_discounted_line_is_still_reserved)
{
	h_import(&H, ORDER(9080, "#FD", "paid", "15.00",
		",\"line_items\":[" LINE(1, 1101, "Sticker", "null", "25.00", 2,
		",\"discount_allocations\":[{\"amount\":\"50.00\"}]") ","
		LINE(2, 1102, "Card", "null", "15.00", 1, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT net FROM sales_order_line WHERE line_no = 1", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT unit_price FROM sales_order_line WHERE line_no = 1", NULL), 2500);
	cr_assert_eq(h_int(&H, "SELECT quantity FROM reservation WHERE line_no = 1", NULL), 2);
	cr_assert_eq(inv_int("total", "#FD"), 1500);
	/* the catalogue price is never looked up: the product price is the order's */
	cr_assert_eq(h_int(&H, "SELECT price FROM product WHERE shopify_variant_id = 1101", NULL), 2500);
}

Test(import, partially_paid)
{
	h_import(&H, ORDER(9090, "#PP", "partially_paid", "100.00",
		",\"total_outstanding\":\"60.00\",\"payment_gateway_names\":[\"manual\"],"
		"\"transactions\":[{\"id\":55501,\"kind\":\"sale\",\"status\":\"success\",\"amount\":\"40.00\",\"gateway\":\"manual\"}],"
		"\"line_items\":[" LINE(1, 1201, "Chair", "null", "100.00", 1, "") "]"));
	cr_assert_str_eq(inv_status("#PP"), "completed");
	cr_assert_eq(inv_int("total", "#PP"), 10000);
	cr_assert_eq(h_int(&H, "SELECT amount FROM receipt", NULL), 4000);
	cr_assert_eq(h_int(&H, "SELECT shopify_transaction_id FROM receipt", NULL), 55501);
	cr_assert_eq(h_balance(&H, "1100"), 6000);
	cr_assert_eq(h_int(&H, "SELECT quantity FROM reservation", NULL), 1);
}

Test(import, authorized_is_not_cash)
{
	h_import(&H, ORDER(9091, "#AU", "authorized", "50.00",
		",\"transactions\":[{\"id\":55502,\"kind\":\"authorization\",\"status\":\"success\",\"amount\":\"50.00\",\"gateway\":\"shopify_payments\"}],"
		"\"line_items\":[" LINE(1, 1202, "Desk", "null", "50.00", 1, "") "]"));
	cr_assert_str_eq(inv_status("#AU"), "temporary");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT quantity FROM reservation", NULL), 1);
}

Test(import, pending_cod_then_paid)
{
	h_import(&H, ORDER(9092, "#COD", "pending", "30.00",
		",\"payment_gateway_names\":[\"Cash on Delivery (COD)\"],"
		"\"line_items\":[" LINE(1, 1203, "Vase", "null", "30.00", 1, "") "]"));
	cr_assert_str_eq(inv_status("#COD"), "temporary");
	cr_assert_str_eq(h_text(&H, "SELECT status FROM receipt", NULL), "temporary");
	cr_assert_eq(h_int(&H, "SELECT amount FROM receipt", NULL), 3000);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry", NULL), 0);

	/* the payment arrives: a newer state completes invoice and receipt */
	struct import_result r = h_import(&H,
		"{\"id\":9092,\"name\":\"#COD\",\"currency\":\"USD\",\"updated_at\":\"2024-05-03T09:00:00-04:00\","
		"\"financial_status\":\"paid\",\"total_price\":\"30.00\",\"payment_gateway_names\":[\"Cash on Delivery (COD)\"],"
		"\"line_items\":[" LINE(1, 1203, "Vase", "null", "30.00", 1, "") "]}");
	cr_assert_eq(r.outcome, IMPORT_UPDATED);
	cr_assert_str_eq(inv_status("#COD"), "completed");
	cr_assert_str_eq(h_text(&H, "SELECT status FROM receipt", NULL), "completed");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry", NULL), 2);
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_str_eq(h_text(&H, "SELECT payment_status FROM sales_order", NULL), "paid");

	/* the older pending payload arriving late sets nothing back */
	r = h_import(&H, ORDER(9092, "#COD", "pending", "30.00",
		",\"line_items\":[" LINE(1, 1203, "Vase", "null", "30.00", 1, "") "]"));
	cr_assert_eq(r.outcome, IMPORT_STALE);
	cr_assert_str_eq(h_text(&H, "SELECT payment_status FROM sales_order", NULL), "paid");
	cr_assert_str_eq(inv_status("#COD"), "completed");
}

Test(import, paid_with_failed_and_voided_transactions)
{
	h_import(&H, ORDER(9093, "#PD", "paid", "20.00",
		",\"transactions\":["
		"{\"id\":1,\"kind\":\"sale\",\"status\":\"failure\",\"amount\":\"20.00\",\"gateway\":\"shopify_payments\"},"
		"{\"id\":2,\"kind\":\"authorization\",\"status\":\"success\",\"amount\":\"20.00\",\"gateway\":\"shopify_payments\"},"
		"{\"id\":3,\"kind\":\"void\",\"status\":\"success\",\"amount\":\"20.00\",\"gateway\":\"shopify_payments\"},"
		"{\"id\":4,\"kind\":\"sale\",\"status\":\"error\",\"amount\":\"20.00\",\"gateway\":\"shopify_payments\"},"
		"{\"id\":5,\"kind\":\"sale\",\"status\":\"success\",\"amount\":\"20.00\",\"gateway\":\"paypal\"}],"
		"\"line_items\":[" LINE(1, 1204, "Rug", "null", "20.00", 1, "") "]"));
	cr_assert_str_eq(inv_status("#PD"), "completed");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT shopify_transaction_id FROM receipt", NULL), 5);
	cr_assert_str_eq(h_text(&H, "SELECT gateway FROM receipt", NULL), "paypal");
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, exact_amounts)
{
	h_import(&H, ORDER(9100, "#X1", "paid", "1234.50",
		",\"line_items\":[" LINE(1, 1301, "Sofa", "null", "1234.50", 1, "") "]"));
	h_import(&H, ORDER(9101, "#X2", "paid", "0.30",
		",\"line_items\":[" LINE(1, 1302, "Clip", "null", "0.10", 3, "") "]"));
	h_import(&H, ORDER(9102, "#X3", "paid", "139.93",
		",\"line_items\":[" LINE(1, 1303, "Book", "null", "19.99", 7, "") "]"));
	cr_assert_eq(inv_int("total", "#X1"), 123450);
	cr_assert_eq(inv_int("total", "#X2"), 30);
	cr_assert_eq(h_int(&H, "SELECT net FROM sales_order_line l JOIN sales_order o ON o.id = l.sales_order_id WHERE o.name = '#X2'", NULL), 30);
	cr_assert_eq(inv_int("total", "#X3"), 13993);
	cr_assert_eq(inv_int("rounding", "#X3"), 0);
	h_import(&H, "{\"id\":9103,\"name\":\"#J1\",\"currency\":\"JPY\",\"updated_at\":\"2024-05-01T10:00:00+09:00\","
		     "\"financial_status\":\"paid\",\"total_price\":\"1500\",\"line_items\":["
		     LINE(1, 1304, "Tea", "null", "1500", 1, "") "]}");
	cr_assert_eq(inv_int("total", "#J1"), 1500);
	cr_assert_eq(so_int("exp", "#J1"), 0);
	h_import(&H, "{\"id\":9104,\"name\":\"#K1\",\"currency\":\"KWD\",\"updated_at\":\"2024-05-01T10:00:00+03:00\","
		     "\"financial_status\":\"paid\",\"total_price\":\"1.250\",\"line_items\":["
		     LINE(1, 1305, "Dates", "null", "1.250", 1, "") "]}");
	cr_assert_eq(inv_int("total", "#K1"), 1250);
	cr_assert_eq(so_int("exp", "#K1"), 3);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, eighteen_digit_id_survives)
{
	h_import(&H, ORDER(820982911946154508, "#9999", "paid", "10.00",
		",\"line_items\":[{\"id\":866550311766439020,\"variant_id\":808950810,\"product_id\":788032119674292922,"
		"\"title\":\"Example T-Shirt\",\"variant_title\":null,\"price\":\"10.00\",\"quantity\":1}]"));
	cr_assert_str_eq(h_text(&H, "SELECT CAST(shopify_order_id AS TEXT) FROM sales_order", NULL),
			 "820982911946154508");
	cr_assert_str_eq(h_text(&H, "SELECT CAST(shopify_product_id AS TEXT) FROM product", NULL),
			 "788032119674292922");
	cr_assert_str_eq(h_text(&H, "SELECT CAST(shopify_line_id AS TEXT) FROM sales_order_line", NULL),
			 "866550311766439020");
}

Test(import, reimport_changes_nothing)
{
	const char *o = ORDER(9110, "#R1", "paid", "21.00",
		",\"customer\":{\"id\":4242,\"email\":\"r@example.com\"},"
		"\"shipping_lines\":[{\"title\":\"Std\",\"price\":\"5.00\"}],"
		"\"line_items\":[" LINE(1, 1401, "Cup", "null", "8.00", 2, "") "]");
	char before[4096];

	h_import(&H, o);
	snprintf(before, sizeof(before), "%s", h_books_fingerprint(&H));
	struct import_result r = h_import(&H, o);
	cr_assert_eq(r.outcome, IMPORT_UNCHANGED);
	cr_assert_str_eq(h_books_fingerprint(&H), before);
	cr_assert_eq(inv_int("total", "#R1"), 2100);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM import_log WHERE outcome = 'unchanged'", NULL), 1);
}

Test(import, cancellation_releases_and_voids)
{
	h_import(&H, ORDER(9120, "#CX", "pending", "40.00",
		",\"line_items\":[" LINE(1, 1501, "Lamp", "null", "20.00", 2, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT quantity FROM reservation", NULL), 2);
	struct import_result r = h_import(&H,
		"{\"id\":9120,\"name\":\"#CX\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00-04:00\","
		"\"cancelled_at\":\"2024-05-02T10:00:00-04:00\",\"cancel_reason\":\"customer\","
		"\"financial_status\":\"voided\",\"total_price\":\"40.00\",\"line_items\":["
		LINE(1, 1501, "Lamp", "null", "20.00", 2, "") "]}");
	cr_assert_eq(r.outcome, IMPORT_UPDATED);
	cr_assert_str_eq(h_text(&H, "SELECT status FROM sales_order", NULL), "cancelled");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM reservation", NULL), 0);
	cr_assert_str_eq(inv_status("#CX"), "void");
	cr_assert_str_eq(h_text(&H, "SELECT status FROM receipt", NULL), "void");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry", NULL), 0);
}

Test(import, unexplained_difference_goes_to_suspense)
{
	struct import_result r = h_import(&H, ORDER(9130, "#U1", "paid", "55.00",
		",\"line_items\":[" LINE(1, 1601, "Pot", "null", "50.00", 1, "") "]"));
	cr_assert(r.needs_review);
	cr_assert_eq(inv_int("total", "#U1"), 5500);
	cr_assert_eq(inv_int("unexplained", "#U1"), 500);
	cr_assert_eq(so_int("needs_review", "#U1"), 1);
	cr_assert_eq(h_balance(&H, "9990"), -500);
	h_import(&H, ORDER(9131, "#U2", "paid", "50.01",
		",\"line_items\":[" LINE(1, 1601, "Pot", "null", "50.00", 1, "") "]"));
	cr_assert_eq(inv_int("rounding", "#U2"), 1);
	cr_assert_eq(so_int("needs_review", "#U2"), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, zero_total_is_settled_without_entries)
{
	h_import(&H, ORDER(9140, "#Z1", "paid", "0.00",
		",\"line_items\":[" LINE(1, 1701, "Sample", "null", "5.00", 1,
		",\"discount_allocations\":[{\"amount\":\"5.00\"}]") "]"));
	cr_assert_str_eq(inv_status("#Z1"), "completed");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT quantity FROM reservation", NULL), 1);
	/* Dr discounts 5 = Cr sales 5, nothing on receivable */
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, test_orders_have_no_books_effect)
{
	h_import(&H, ORDER(9150, "#TST", "paid", "10.00",
		",\"test\":true,\"line_items\":[" LINE(1, 1801, "Thing", "null", "10.00", 1, "") "]"));
	cr_assert_eq(so_int("test", "#TST"), 1);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM reservation", NULL), 0);
}

Test(import, pos_order_leaves_stock_at_once)
{
	h_import(&H, ORDER(9160, "#POS1", "paid", "12.00",
		",\"source_name\":\"pos\",\"shipping_lines\":[],\"location_id\":123,"
		"\"line_items\":[" LINE(1, 1901, "Candle", "null", "6.00", 2, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM reservation", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT SUM(quantity) FROM stock_move", NULL), -2);
}

Test(import, tips_gift_cards_and_channel_tax_have_their_accounts)
{
	h_import(&H, ORDER(9170, "#TG", "paid", "79.50",
		",\"line_items\":["
		LINE(1, 2001, "Scarf", "null", "40.00", 1,
		     ",\"tax_lines\":[{\"title\":\"Marketplace tax\",\"price\":\"5.00\",\"channel_liable\":true}]") ","
		"{\"id\":2,\"variant_id\":2002,\"product_id\":200,\"title\":\"Gift Card\",\"variant_title\":\"$30\",\"price\":\"30.00\",\"quantity\":1,\"gift_card\":true,\"requires_shipping\":false},"
		"{\"id\":3,\"variant_id\":null,\"product_id\":null,\"title\":\"Tip\",\"price\":\"4.50\",\"quantity\":1,\"requires_shipping\":false}]"));
	cr_assert_eq(h_balance(&H, "4000"), -4000);
	cr_assert_eq(h_balance(&H, "2100"), -3000);
	cr_assert_eq(h_balance(&H, "4300"), -450);
	cr_assert_eq(h_balance(&H, "2300"), -500);
	cr_assert_eq(inv_int("tips", "#TG"), 450);
	cr_assert_eq(inv_int("unexplained", "#TG"), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM reservation", NULL), 1);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, absurd_amounts_are_rejected_and_nothing_is_stored)
{
	struct import_result r;
	int rc = h_import_rc(&H, ORDER(9180, "#BIG", "paid", "92233720368547758.07",
		",\"line_items\":[" LINE(1, 2101, "Thing", "null", "1.00", 1, "") "]"), &r);
	cr_assert_eq(rc, ERR_OVERFLOW);
	cr_assert_eq(r.outcome, IMPORT_REJECTED);
	cr_assert(strstr(r.message, "overflow") != NULL, "%s", r.message);
	rc = h_import_rc(&H, ORDER(9182, "#NEG", "paid", "-1.00",
		",\"line_items\":[" LINE(1, 2101, "Thing", "null", "1.00", 1, "") "]"), &r);
	cr_assert_eq(rc, ERR_INVALID);
	cr_assert_str_eq(r.message, "total_price is negative");
	rc = h_import_rc(&H, ORDER(9183, "#TXN", "paid", "1.00",
		",\"transactions\":[{\"id\":5,\"kind\":\"sale\",\"status\":\"success\",\"amount\":\"92233720368547758.07\"}],"
		"\"line_items\":[" LINE(1, 2101, "Thing", "null", "1.00", 1, "") "]"), &r);
	cr_assert_eq(rc, ERR_OVERFLOW);
	cr_assert(strstr(r.message, "transactions[0]") != NULL, "%s", r.message);
	rc = h_import_rc(&H, ORDER(9184, "#NP", "paid", "1.00",
		",\"line_items\":[" LINE(1, 2101, "Thing", "null", "-1.00", 1, "") "]"), &r);
	cr_assert_eq(rc, ERR_INVALID);
	cr_assert_str_eq(r.message, "line_items[0]: negative price");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM sales_order", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM product", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM customer", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM import_log WHERE outcome = 'rejected' AND shopify_order_id = 9180", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM import_log WHERE outcome = 'rejected'", NULL), 4);
	/* the next order is not affected */
	h_import(&H, ORDER(9181, "#OK", "paid", "1.00",
		",\"line_items\":[" LINE(1, 2101, "Thing", "null", "1.00", 1, "") "]"));
	cr_assert_eq(inv_int("total", "#OK"), 100);
}

Test(import, payments_known_only_from_status_fill_the_gap)
{
	h_import(&H, ORDER(9190, "#GAP", "pending", "30.00",
		",\"payment_gateway_names\":[\"bank_transfer\"],"
		"\"line_items\":[" LINE(1, 2201, "Bench", "null", "30.00", 1, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt WHERE status = 'temporary' AND amount = 3000", NULL), 1);
	h_import(&H, "{\"id\":9190,\"name\":\"#GAP\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		     "\"financial_status\":\"partially_paid\",\"total_price\":\"30.00\",\"total_outstanding\":\"10.00\","
		     "\"payment_gateway_names\":[\"bank_transfer\"],\"line_items\":["
		     LINE(1, 2201, "Bench", "null", "30.00", 1, "") "]}");
	cr_assert_str_eq(inv_status("#GAP"), "completed");
	cr_assert_eq(h_int(&H, "SELECT COALESCE(SUM(amount),0) FROM receipt WHERE status = 'completed'", NULL), 2000);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt WHERE status = 'void'", NULL), 1);
	cr_assert_eq(h_balance(&H, "1100"), 1000);
	h_import(&H, "{\"id\":9190,\"name\":\"#GAP\",\"currency\":\"USD\",\"updated_at\":\"2024-05-03T10:00:00Z\","
		     "\"financial_status\":\"paid\",\"total_price\":\"30.00\",\"total_outstanding\":\"0.00\","
		     "\"payment_gateway_names\":[\"bank_transfer\"],\"line_items\":["
		     LINE(1, 2201, "Bench", "null", "30.00", 1, "") "]}");
	cr_assert_eq(h_int(&H, "SELECT COALESCE(SUM(amount),0) FROM receipt WHERE status = 'completed'", NULL), 3000);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt WHERE status = 'completed'", NULL), 2);
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
	/* a webhook body without transactions after the real transactions
	 * were recorded adds nothing: the gap is zero */
	h_import(&H, ORDER(9191, "#GAP2", "paid", "12.00",
		",\"transactions\":[{\"id\":77,\"kind\":\"sale\",\"status\":\"success\",\"amount\":\"12.00\",\"gateway\":\"paypal\"}],"
		"\"line_items\":[" LINE(1, 2202, "Stool", "null", "12.00", 1, "") "]"));
	h_import(&H, "{\"id\":9191,\"name\":\"#GAP2\",\"currency\":\"USD\",\"updated_at\":\"2024-05-04T10:00:00Z\","
		     "\"financial_status\":\"paid\",\"fulfillment_status\":\"fulfilled\",\"total_price\":\"12.00\",\"line_items\":["
		     LINE(1, 2202, "Stool", "null", "12.00", 1, ",\"fulfillable_quantity\":0") "]}");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt r JOIN sales_order o ON o.id = r.sales_order_id WHERE o.name = '#GAP2'", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM reservation r JOIN sales_order o ON o.id = r.sales_order_id WHERE o.name = '#GAP2'", NULL), 0);
	cr_assert_str_eq(h_text(&H, "SELECT fulfillment_status FROM sales_order WHERE name = '#GAP2'", NULL), "fulfilled");
}

Test(import, edit_before_payment_rebuilds_lines_and_invoice)
{
	h_import(&H, ORDER(9200, "#ED1", "pending", "50.00",
		",\"line_items\":[" LINE(1, 2301, "Kettle", "null", "25.00", 2, "") "]"));
	struct import_result r = h_import(&H,
		"{\"id\":9200,\"name\":\"#ED1\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		"\"financial_status\":\"paid\",\"total_price\":\"75.00\",\"line_items\":["
		LINE(1, 2301, "Kettle", "null", "25.00", 3, "") "]}");
	cr_assert_eq(r.outcome, IMPORT_UPDATED);
	cr_assert_eq(inv_int("total", "#ED1"), 7500);
	cr_assert_str_eq(inv_status("#ED1"), "completed");
	cr_assert_eq(h_int(&H, "SELECT quantity FROM sales_order_line", NULL), 3);
	cr_assert_eq(so_int("total_price", "#ED1"), 7500);
	cr_assert_eq(h_int(&H, "SELECT quantity FROM reservation", NULL), 3);
	/* the posted invoice entry is the rebuilt invoice */
	cr_assert_eq(h_int(&H, "SELECT l.debit FROM journal_line l JOIN journal_entry j ON j.id = l.entry_id "
			      "JOIN account a ON a.id = l.account_id WHERE j.doc_type = 'invoice' AND a.code = '1100'", NULL), 7500);
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, edit_after_payment_keeps_books_and_flags_review)
{
	h_import(&H, ORDER(9201, "#ED2", "paid", "50.00",
		",\"line_items\":[" LINE(1, 2302, "Toaster", "null", "25.00", 2, "") "]"));
	struct import_result r = h_import(&H,
		"{\"id\":9201,\"name\":\"#ED2\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		"\"financial_status\":\"paid\",\"total_price\":\"25.00\",\"line_items\":["
		LINE(1, 2302, "Toaster", "null", "25.00", 1, "") "]}");
	cr_assert_eq(r.outcome, IMPORT_UPDATED);
	cr_assert(r.needs_review);
	cr_assert_eq(so_int("needs_review", "#ED2"), 1);
	cr_assert_eq(inv_int("total", "#ED2"), 5000);
	cr_assert_eq(so_int("total_price", "#ED2"), 5000);
	cr_assert_eq(h_int(&H, "SELECT quantity FROM sales_order_line", NULL), 2);
	/* reservation follows Shopify's quantity, never above the ordered one */
	cr_assert_eq(h_int(&H, "SELECT quantity FROM reservation", NULL), 1);
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
	cr_assert(strstr(r.message, "needs review") != NULL, "%s", r.message);
}

Test(import, test_flag_is_fixed_at_first_import)
{
	h_import(&H, ORDER(9210, "#TF1", "paid", "10.00",
		",\"test\":true,\"line_items\":[" LINE(1, 2401, "Gizmo", "null", "10.00", 1, "") "]"));
	h_import(&H, "{\"id\":9210,\"name\":\"#TF1\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		     "\"test\":false,\"financial_status\":\"paid\",\"total_price\":\"10.00\",\"line_items\":["
		     LINE(1, 2401, "Gizmo", "null", "10.00", 1, "") "]}");
	cr_assert_eq(so_int("test", "#TF1"), 1);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry", NULL), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM reservation", NULL), 0);

	h_import(&H, ORDER(9211, "#TF2", "pending", "10.00",
		",\"line_items\":[" LINE(1, 2401, "Gizmo", "null", "10.00", 1, "") "]"));
	h_import(&H, "{\"id\":9211,\"name\":\"#TF2\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		     "\"test\":true,\"financial_status\":\"paid\",\"total_price\":\"10.00\",\"line_items\":["
		     LINE(1, 2401, "Gizmo", "null", "10.00", 1, "") "]}");
	cr_assert_str_eq(inv_status("#TF2"), "completed");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry", NULL), 2);
	cr_assert_eq(h_balance(&H, "1100"), 0);
}

Test(import, cancelled_after_payment_keeps_the_invoice)
{
	h_import(&H, ORDER(9220, "#CP", "paid", "50.00",
		",\"line_items\":[" LINE(1, 2501, "Lamp", "null", "50.00", 1, "") "]"));
	h_import(&H, "{\"id\":9220,\"name\":\"#CP\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		     "\"cancelled_at\":\"2024-05-02T10:00:00Z\",\"financial_status\":\"refunded\","
		     "\"total_price\":\"50.00\",\"line_items\":["
		     LINE(1, 2501, "Lamp", "null", "50.00", 1, "") "]}");
	cr_assert_str_eq(h_text(&H, "SELECT status FROM sales_order", NULL), "cancelled");
	cr_assert_str_eq(inv_status("#CP"), "completed");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM reservation", NULL), 0);
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry WHERE doc_type = 'invoice-void'", NULL), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, payment_terms_then_cancelled_reverses_the_posted_entry)
{
	h_import(&H, ORDER(9230, "#B2B", "pending", "110.00",
		",\"po_number\":\"PO-77\",\"payment_terms\":{\"payment_terms_name\":\"Net 30\","
		"\"payment_schedules\":[{\"due_at\":\"2024-05-31T10:00:00-04:00\"}]},"
		"\"line_items\":[" LINE(1, 2601, "Crate", "null", "50.00", 2,
		",\"tax_lines\":[{\"title\":\"GST\",\"price\":\"10.00\",\"rate\":0.1}]") "]"));
	cr_assert_str_eq(inv_status("#B2B"), "completed");
	cr_assert_str_eq(h_text(&H, "SELECT due_date FROM invoice", NULL), "2024-05-31");
	cr_assert_str_eq(h_text(&H, "SELECT po_number FROM sales_order", NULL), "PO-77");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM receipt", NULL), 0);
	cr_assert_eq(h_balance(&H, "1100"), 11000);

	h_import(&H, "{\"id\":9230,\"name\":\"#B2B\",\"currency\":\"USD\",\"updated_at\":\"2024-05-03T10:00:00Z\","
		     "\"cancelled_at\":\"2024-05-03T10:00:00Z\",\"financial_status\":\"voided\","
		     "\"payment_terms\":{\"payment_schedules\":[{\"due_at\":\"2024-05-31T10:00:00-04:00\"}]},"
		     "\"total_price\":\"110.00\",\"line_items\":["
		     LINE(1, 2601, "Crate", "null", "50.00", 2,
		     ",\"tax_lines\":[{\"title\":\"GST\",\"price\":\"10.00\",\"rate\":0.1}]") "]}");
	cr_assert_str_eq(inv_status("#B2B"), "void");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_entry WHERE doc_type = 'invoice-void'", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM journal_line l JOIN journal_entry j ON j.id = l.entry_id WHERE j.doc_type = 'invoice-void'", NULL),
		     h_int(&H, "SELECT COUNT(*) FROM journal_line l JOIN journal_entry j ON j.id = l.entry_id WHERE j.doc_type = 'invoice'", NULL));
	cr_assert_eq(h_balance(&H, "1100"), 0);
	cr_assert_eq(h_balance(&H, "4000"), 0);
	cr_assert_eq(h_balance(&H, "2201"), 0);
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM reservation", NULL), 0);
	cr_assert_eq(h_unbalanced(&H), 0);
}

Test(import, same_second_payment_is_not_lost)
{
	h_import(&H, ORDER(9240, "#SS", "pending", "20.00",
		",\"line_items\":[" LINE(1, 2701, "Cup", "null", "20.00", 1, "") "]"));
	struct import_result r = h_import(&H, ORDER(9240, "#SS", "paid", "20.00",
		",\"line_items\":[" LINE(1, 2701, "Cup", "null", "20.00", 1, "") "]"));
	cr_assert_eq(r.outcome, IMPORT_UPDATED);
	cr_assert_str_eq(inv_status("#SS"), "completed");
	cr_assert_eq(h_balance(&H, "1100"), 0);
	/* and the pending state of the same second after it changes nothing */
	r = h_import(&H, ORDER(9240, "#SS", "pending", "20.00",
		",\"line_items\":[" LINE(1, 2701, "Cup", "null", "20.00", 1, "") "]"));
	cr_assert_eq(r.outcome, IMPORT_UNCHANGED);
	cr_assert_str_eq(h_text(&H, "SELECT payment_status FROM sales_order", NULL), "paid");
}

Test(import, currency_change_is_rejected)
{
	h_import(&H, ORDER(9250, "#CU", "pending", "50.00",
		",\"line_items\":[" LINE(1, 2801, "Bowl", "null", "50.00", 1, "") "]"));
	struct import_result r;
	int rc = h_import_rc(&H, "{\"id\":9250,\"name\":\"#CU\",\"currency\":\"JPY\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		"\"financial_status\":\"paid\",\"total_price\":\"50\",\"line_items\":["
		LINE(1, 2801, "Bowl", "null", "50", 1, "") "]}", &r);
	cr_assert_eq(rc, ERR_INVALID);
	cr_assert(strstr(r.message, "currency changed from USD to JPY") != NULL, "%s", r.message);
	cr_assert_eq(inv_int("total", "#CU"), 5000);
	cr_assert_str_eq(inv_status("#CU"), "temporary");
}

Test(import, edit_with_the_same_total_rebuilds_the_lines)
{
	h_import(&H, ORDER(9260, "#SW", "pending", "50.00",
		",\"line_items\":[" LINE(1, 2901, "Widget", "null", "25.00", 2, "") "]"));
	h_import(&H, "{\"id\":9260,\"name\":\"#SW\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		     "\"financial_status\":\"pending\",\"total_price\":\"50.00\",\"line_items\":["
		     LINE(2, 2902, "Gadget", "null", "50.00", 1, "") "]}");
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM sales_order_line", NULL), 1);
	cr_assert_str_eq(h_text(&H, "SELECT title FROM sales_order_line", NULL), "Gadget");
	cr_assert_eq(h_int(&H, "SELECT quantity FROM reservation", NULL), 1);
	cr_assert_eq(h_int(&H, "SELECT p.shopify_variant_id FROM reservation r JOIN product p ON p.id = r.product_id", NULL), 2902);
}

Test(import, pos_order_edit_is_flagged_not_rebuilt)
{
	h_import(&H, ORDER(9270, "#PE", "pending", "50.00",
		",\"source_name\":\"pos\",\"line_items\":[" LINE(1, 3001, "Candle", "null", "25.00", 2, "") "]"));
	struct import_result r = h_import(&H,
		"{\"id\":9270,\"name\":\"#PE\",\"currency\":\"USD\",\"updated_at\":\"2024-05-02T10:00:00Z\","
		"\"source_name\":\"pos\",\"financial_status\":\"paid\",\"total_price\":\"75.00\",\"line_items\":["
		LINE(1, 3001, "Candle", "null", "25.00", 3, "") "]}");
	cr_assert(r.needs_review);
	cr_assert_eq(h_int(&H, "SELECT SUM(quantity) FROM stock_move", NULL), -2);
	cr_assert_eq(h_int(&H, "SELECT quantity FROM sales_order_line", NULL), 2);
	cr_assert_eq(inv_int("total", "#PE"), 5000);
}

Test(import, two_shopify_customers_sharing_an_email_stay_two)
{
	h_import(&H, ORDER(9280, "#M1", "paid", "10.00",
		",\"customer\":{\"id\":555,\"email\":\"bob@example.com\",\"first_name\":\"Bob\"},"
		"\"line_items\":[" LINE(1, 3101, "Pen", "null", "10.00", 1, "") "]"));
	h_import(&H, ORDER(9281, "#M2", "paid", "10.00",
		",\"customer\":{\"id\":999,\"email\":\"bob@example.com\",\"first_name\":\"Robert\"},"
		"\"line_items\":[" LINE(1, 3101, "Pen", "null", "10.00", 1, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM customer", NULL), 2);
	cr_assert_eq(h_int(&H, "SELECT c.shopify_customer_id FROM customer c JOIN sales_order o ON o.customer_id = c.id WHERE o.name = '#M2'", NULL), 999);
	/* a guest order with that e-mail still finds an account */
	h_import(&H, ORDER(9282, "#M3", "paid", "10.00",
		",\"customer\":null,\"email\":\"BOB@example.com\","
		"\"line_items\":[" LINE(1, 3101, "Pen", "null", "10.00", 1, "") "]"));
	cr_assert_eq(h_int(&H, "SELECT COUNT(*) FROM customer", NULL), 2);
}

Test(import, overpayment_is_flagged)
{
	struct import_result r = h_import(&H, ORDER(9290, "#OP", "paid", "50.00",
		",\"transactions\":[{\"id\":91,\"kind\":\"sale\",\"status\":\"success\",\"amount\":\"80.00\",\"gateway\":\"manual\"}],"
		"\"line_items\":[" LINE(1, 3201, "Clock", "null", "50.00", 1, "") "]"));
	cr_assert(r.needs_review);
	cr_assert_eq(so_int("needs_review", "#OP"), 1);
	cr_assert(strstr(r.message, "payments exceed the invoice by 30.00 USD") != NULL, "%s", r.message);
	cr_assert_eq(h_balance(&H, "1100"), -3000);
}

Test(import, later_documents_are_dated_when_they_happen)
{
	h_import(&H, ORDER(9300, "#DT", "pending", "30.00",
		",\"processed_at\":\"2024-05-01T10:00:00-04:00\",\"payment_gateway_names\":[\"manual\"],"
		"\"line_items\":[" LINE(1, 3301, "Mat", "null", "30.00", 1, "") "]"));
	h_import(&H, "{\"id\":9300,\"name\":\"#DT\",\"currency\":\"USD\",\"processed_at\":\"2024-05-01T10:00:00-04:00\","
		     "\"updated_at\":\"2024-05-07T09:00:00-04:00\",\"financial_status\":\"paid\",\"total_price\":\"30.00\","
		     "\"payment_gateway_names\":[\"manual\"],\"line_items\":["
		     LINE(1, 3301, "Mat", "null", "30.00", 1, "") "]}");
	cr_assert_str_eq(h_text(&H, "SELECT date FROM invoice", NULL), "2024-05-01");
	cr_assert_str_eq(h_text(&H, "SELECT date FROM journal_entry WHERE doc_type = 'invoice'", NULL), "2024-05-01");
	cr_assert_str_eq(h_text(&H, "SELECT date FROM journal_entry WHERE doc_type = 'receipt'", NULL), "2024-05-07");
}
