/* order.h - a Shopify order as the books need it: a plain C struct.
 *
 * The mapper (adapters/shopify_json) fills a `struct shopify_order` from
 * Shopify's REST order JSON (webhook body or Admin API); the import use
 * case (app/import) turns it into ERP documents. Nothing here knows JSON
 * or where the order came from.
 *
 * Ownership: every pointer inside a shopify_order (strings and arrays)
 * is borrowed from the arena the mapper was given; the struct lives as
 * long as that arena. Strings are NUL-terminated UTF-8 kept byte for byte.
 *
 * Null vs absent: a string field is NULL when Shopify sent null or left
 * it out. Where the difference matters to the books a `has_*` flag says
 * whether the value was present (and not null). Money fields are int64
 * minor units in the order's `currency` (exponent `exp`).
 */
#ifndef SHOPERP_DOMAIN_ORDER_H
#define SHOPERP_DOMAIN_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct so_name_value { /* properties, note_attributes */
	const char *name;
	const char *value; /* numbers and booleans arrive as their JSON text */
};

struct so_tax_line {
	const char *title;   /* "GST", "State Tax"; NULL when absent */
	int64_t amount;      /* price */
	const char *rate;    /* the rate's decimal text as sent ("0.06"), or NULL */
	bool channel_liable; /* the channel remits it, not the shop */
};

struct so_address {
	bool present; /* false when null or absent */
	const char *name, *first_name, *last_name, *company;
	const char *address1, *address2, *city, *province, *province_code;
	const char *country, *country_code, *zip, *phone;
};

struct so_customer {
	bool present;   /* object present and not null */
	bool has_id;    /* id present and not null */
	int64_t id;
	const char *email, *phone, *first_name, *last_name;
	struct so_address default_address;
};

struct so_line {
	int64_t id;
	bool has_variant_id, has_product_id;
	int64_t variant_id, product_id;
	int product_exists;  /* 1 true, 0 false, -1 absent */
	const char *title;   /* product title */
	const char *variant_title;
	const char *name;    /* "IPod Nano - 8gb - green" */
	const char *sku;     /* may be NULL, "" or blank: never a match key */
	const char *vendor;
	int64_t quantity;
	bool has_current_quantity;
	int64_t current_quantity;
	bool has_fulfillable_quantity;
	int64_t fulfillable_quantity;
	const char *fulfillment_status;
	int64_t price;         /* unit price before discounts */
	int64_t discount;      /* sum of discount_allocations, else total_discount */
	bool requires_shipping;
	bool taxable;
	bool gift_card;
	bool tip;              /* a tip line (no product, tip_payment_* or "Tip") */
	int64_t grams;
	struct so_tax_line *tax_lines;
	size_t n_tax_lines;
	struct so_name_value *properties;
	size_t n_properties;
};

struct so_shipping_line {
	int64_t id;
	const char *title, *code, *source;
	int64_t price;    /* before discounts */
	int64_t discount; /* sum of discount_allocations, else price - discounted_price */
	struct so_tax_line *tax_lines;
	size_t n_tax_lines;
};

struct so_discount_code {
	const char *code;
	int64_t amount;
	const char *type; /* fixed_amount, percentage, shipping; may be NULL */
};

enum so_txn_kind {
	SO_TXN_OTHER = 0,
	SO_TXN_AUTHORIZATION,
	SO_TXN_CAPTURE,
	SO_TXN_SALE,
	SO_TXN_VOID,
	SO_TXN_REFUND,
};

enum so_txn_status {
	SO_TXN_ST_OTHER = 0,
	SO_TXN_ST_PENDING,
	SO_TXN_ST_SUCCESS,
	SO_TXN_ST_FAILURE,
	SO_TXN_ST_ERROR,
};

struct so_transaction {
	int64_t id;
	bool has_parent_id;
	int64_t parent_id;
	enum so_txn_kind kind;
	enum so_txn_status status;
	const char *kind_text, *status_text; /* as sent */
	int64_t amount;       /* in the order currency's exponent */
	const char *currency; /* as sent, may differ from the order's */
	const char *gateway;
	const char *processed_at;
	bool test;
};

struct shopify_order {
	int64_t id;
	const char *name;           /* "#1001" */
	int64_t order_number;       /* 1001, 0 when absent */
	const char *email, *phone, *contact_email;
	const char *created_at, *updated_at, *processed_at, *cancelled_at,
		*closed_at;
	int64_t updated_at_unix;    /* UTC seconds; 0 when absent */
	int updated_at_ms;
	char currency[4];           /* shop currency, "USD" */
	int exp;                    /* its exponent */
	const char *presentment_currency;
	const char *financial_status;   /* pending, authorized, paid, ... or NULL */
	const char *fulfillment_status; /* NULL, partial, fulfilled, restocked */
	const char *cancel_reason;
	const char *source_name;        /* web, pos, shopify_draft_order, app id */
	const char *tags;
	const char *note;
	const char *po_number;
	const char *gateway_names;      /* payment_gateway_names joined by ", " */
	const char *first_gateway;      /* first of payment_gateway_names or NULL */
	bool test;
	bool taxes_included;
	bool has_location_id;
	int64_t location_id;

	/* Shopify's totals, as sent (has_* false when absent/null). */
	int64_t total_price;            /* required */
	bool has_current_total_price;
	int64_t current_total_price;
	int64_t subtotal_price, total_tax, total_discounts,
		total_line_items_price, total_shipping, total_tip_received,
		total_outstanding;
	bool has_total_outstanding;
	int64_t total_duties;           /* current_, else original_total_duties_set */
	int64_t total_additional_fees;  /* current_, else original_ */
	int64_t cash_rounding;          /* total_cash_rounding_payment_adjustment */
	bool has_payment_terms;
	const char *payment_due_at;     /* first payment schedule's due_at */

	struct so_customer customer;
	struct so_address billing, shipping_address;

	struct so_line *lines;
	size_t n_lines;
	struct so_shipping_line *shipping_lines;
	size_t n_shipping_lines;
	struct so_tax_line *tax_lines;   /* order-level */
	size_t n_tax_lines;
	struct so_discount_code *discount_codes;
	size_t n_discount_codes;
	bool has_transactions;           /* a transactions array was present */
	struct so_transaction *transactions;
	size_t n_transactions;
	struct so_name_value *note_attributes;
	size_t n_note_attributes;
	size_t n_refunds;                /* refunds are credit notes: later */
};

#endif
