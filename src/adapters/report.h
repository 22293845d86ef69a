/* report.h - the read side: what the books hold, for people and scripts.
 *
 * Every report reads through the store's portable `query` operation
 * (app/ports.h: `?` parameters, standard SQL), so it works on any store
 * implementation, and writes either aligned text tables for people
 * (header row, amounts right-aligned) or JSON for scripts (json = true:
 * pretty-printed, two-space indent, keys in a fixed order, one trailing
 * newline). The JSON shapes are the contract of docs/interface.md:
 *
 *   - ids (Shopify order, variant, product, customer, transaction ids) are
 *     JSON integers printed exactly (18-digit ids survive), or null;
 *   - amounts are decimal strings at the currency's exponent ("88.00",
 *     "1500" for JPY, "1.250" for KWD), never JSON numbers;
 *   - quantities and counts are JSON integers; flags are true/false.
 *
 * Common arguments:
 *   s      an open store (borrowed);
 *   shop   the shop ("local" or a shop domain) to report on, or NULL for
 *          every shop. The shop is opened without creating it: a shop
 *          that does not exist yields an empty list (and "not found" for
 *          report_order_show);
 *   json   JSON instead of text;
 *   out    where the report is written (borrowed, not closed);
 *   e      filled on failure (may be NULL).
 *
 * Each function returns 0, or a negative ERR_* code with the message in
 * `e`: ERR_NOTFOUND and ERR_CONFLICT (report_order_show only), ERR_DB
 * (the store failed or returned a value the schema does not allow),
 * ERR_IO (writing `out` failed), ERR_OVERFLOW (a total does not fit
 * int64), ERR_NOMEM. On failure part of the report may already have been
 * written.
 *
 * This is the only CLI-facing code that knows JSON; callers include no
 * third-party header.
 */
#ifndef SHOPERP_ADAPTERS_REPORT_H
#define SHOPERP_ADAPTERS_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "app/ports.h"
#include "base/err.h"

/* One sales order with everything it created: the `order show --json`
 * document of docs/interface.md (store, shopify_order_id, name, number,
 * status, source, currency, attributes, customer, lines, shipping,
 * invoice, credit_notes, receipts, journal, reservations; "needs_review"
 * and "test" appear, as true, only when set). Extra keys beyond the
 * contract: attributes.shopify_order_id (text) and attributes.gateways
 * (when known); lines[].title (the line's title: a tip line has no
 * product, so product_code is null); invoice duties, fees, cash_rounding
 * and due_date; "invoice" is null when the order has none; top-level
 * "date" (the shop-local order date) and, for a cancelled order,
 * "cancelled_at" and "cancel_reason".
 *
 * `name_or_id` is tried, first match wins, as: the order name exactly
 * ("#1001"); the name with '#' prepended ("1001" -> "#1001"); the sales
 * order number ("SO-000001"); the Shopify order id (digits only). A name
 * is not unique (files of several shops may be imported into one): when
 * more than one order of `shop` (of any shop when NULL) carries it, the
 * result is ERR_CONFLICT "order #1001 is ambiguous: SO-000008,
 * SO-000010; use the SO number or the Shopify id". When `shop` is NULL
 * and orders of several shops have the Shopify id, the oldest wins.
 * No match: ERR_NOTFOUND "order X not found". */
int report_order_show(struct store *s, const char *shop,
		      const char *name_or_id, bool json, FILE *out,
		      struct err *e);

/* Sales orders, oldest first: number, name, shopify_order_id, date,
 * customer (name), customer_number, status, payment_status,
 * fulfillment_status, invoice (number or null), invoice_status, total
 * (the invoice total, else Shopify's total), currency, store,
 * needs_review, test. */
int report_orders(struct store *s, const char *shop, bool json, FILE *out,
		  struct err *e);

/* Customers: number, name, shopify_customer_id, email, phone, orders
 * (count), guest, store. */
int report_customers(struct store *s, const char *shop, bool json,
		     FILE *out, struct err *e);

/* Products: code, title, variant_title, shopify_variant_id,
 * shopify_product_id, sku, price (last sale price seen), currency,
 * stock_item, gift_card, shopify, store. */
/* The import log: one row per imported, unchanged, stale or rejected order
 * and per rejected file, oldest first: when, outcome, order, sales order,
 * origin (file:..., webhook, ...) and the message saying what was created
 * or why it failed. */
int report_log(struct store *s, const char *shop, bool json, FILE *out,
	       struct err *e);

int report_products(struct store *s, const char *shop, bool json,
		    FILE *out, struct err *e);

/* Stock per product and warehouse: product_code, warehouse, on_hand (sum
 * of stock moves), reserved (sum of reservations), available (on_hand -
 * reserved), store; only rows where any of them is non-zero, in product
 * creation order, then warehouse code. */
int report_stock(struct store *s, const char *shop, bool json, FILE *out,
		 struct err *e);

/* Journal entries in posting order, each with its lines: entry, date,
 * doc_type, document, currency, memo, store, lines [{line, account,
 * account_name, debit, credit}]. With a shop, only that shop's entries. */
int report_journal(struct store *s, const char *shop, bool json, FILE *out,
		   struct err *e);

/* Trial balance, one group per currency (amounts of different currencies
 * are never added together): [{currency, accounts [{code, name, company,
 * debit, credit, balance}], total {debit, credit, balance}, balanced}],
 * where balance = debit - credit and `balanced` says total debits equal
 * total credits. Only accounts with journal lines appear. */
int report_trial_balance(struct store *s, const char *shop, bool json,
			 FILE *out, struct err *e);

#endif
