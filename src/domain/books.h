/* books.h - the ERP documents an order must produce, computed purely.
 *
 * books_plan() reads a mapped Shopify order and computes, without any
 * I/O, what the books must hold for it: the invoice amounts and each
 * line's figures, the invoice journal entry (balanced by construction),
 * the receipts the payments call for with their status, the receipt
 * journal lines, and the quantity to reserve per line. The import use
 * case (app/import) persists this plan through the store port.
 *
 * Invoice arithmetic (every amount int64 minor units):
 *   line gross  = price x quantity; line net = gross - discount
 *   subtotal    = sum of net over goods lines (not tips)
 *   shipping    = sum of (shipping price - shipping discount)
 *   tax         = sum of line + shipping tax lines (order tax_lines when
 *                 no line carries any); added to the total only when the
 *                 order is not tax-inclusive
 *   total       = subtotal + shipping + tax(excl) + tips + duties + fees
 *                 + cash rounding + rounding + unexplained  == Shopify's
 *                 total_price, always.
 *   The difference between Shopify's total and what its own lines explain
 *   is `rounding` when at most one minor unit per line (lines + shipping
 *   lines), else `unexplained` (Shopify differences suspense account) and
 *   the order needs review. It is never spread over lines.
 *
 * Payment rule (documented in README):
 *   - invoice `completed` when money has been received (paid,
 *     partially_paid, partially_refunded, refunded), when the total is
 *     zero, or on payment terms (B2B: completed with its due date, the
 *     receivable stays open); `temporary` while nothing is received
 *     (pending, authorized, COD); `void` when cancelled with no money taken.
 *   - a receipt per successful sale/capture transaction (completed); a
 *     pending sale transaction gives a temporary receipt; authorisations,
 *     voids, failures and errors never give a receipt.
 *   - without a transactions array, receipts are derived from
 *     financial_status: paid -> one completed receipt for
 *     total_price - total_outstanding; partially_paid -> the same for the
 *     paid part; pending (not on payment terms) -> one temporary receipt
 *     for the total; authorized -> none.
 */
#ifndef SHOPERP_DOMAIN_BOOKS_H
#define SHOPERP_DOMAIN_BOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/order.h"

enum doc_status { DOC_TEMPORARY = 0, DOC_COMPLETED = 1, DOC_VOID = 2 };

/* "temporary", "completed", "void" */
const char *doc_status_word(enum doc_status s);
/* 0 and *out set, or ERR_INVALID */
int doc_status_parse(const char *word, enum doc_status *out);

/* Account kinds of the default chart. Kinds marked "per label" have one
 * account per label (gateway, tax title), created on first use. */
#define ACCT_KINDS(X)                                                        \
	X(ACCT_RECEIVABLE, "1100", "Accounts receivable", "asset", 0)        \
	X(ACCT_CLEARING, "1200", "Payment clearing", "asset", 1)             \
	X(ACCT_INVENTORY, "1300", "Inventory", "asset", 0)                   \
	X(ACCT_GIFT_CARD, "2100", "Gift card liability", "liability", 0)     \
	X(ACCT_TAX, "2200", "Tax payable", "liability", 1)                   \
	X(ACCT_CHANNEL_TAX, "2300", "Channel-remitted tax", "liability", 0)  \
	X(ACCT_DUTIES, "2400", "Duties collected", "liability", 0)           \
	X(ACCT_SALES, "4000", "Sales", "income", 0)                          \
	X(ACCT_DISCOUNTS, "4100", "Sales discounts", "income", 0)            \
	X(ACCT_SHIPPING, "4200", "Shipping income", "income", 0)             \
	X(ACCT_TIPS, "4300", "Tips", "income", 0)                            \
	X(ACCT_FEES, "4400", "Additional fees", "income", 0)                 \
	X(ACCT_ROUNDING, "4900", "Rounding", "income", 0)                    \
	X(ACCT_CASH_ROUNDING, "4910", "Cash rounding", "income", 0)          \
	X(ACCT_SUSPENSE, "9990", "Shopify differences (suspense)", "suspense", 0)

enum acct_kind {
#define ACCT_ENUM_(k, code, name, type, per_label) k,
	ACCT_KINDS(ACCT_ENUM_)
#undef ACCT_ENUM_
	ACCT_KIND_COUNT
};

struct acct_info {
	const char *code;  /* base code; per-label accounts get base+1, +2, ... */
	const char *name;  /* per-label accounts: "<name> - <label>" */
	const char *type;  /* asset, liability, income, suspense */
	bool per_label;
	const char *key;   /* stable kind key: "receivable", "clearing", ... */
};

const struct acct_info *acct_kind_info(enum acct_kind k);

struct journal_line {
	enum acct_kind kind;
	const char *label; /* gateway or tax title for per-label kinds, else NULL */
	int64_t debit;
	int64_t credit;
};

struct line_figures {
	int64_t gross;    /* price x quantity */
	int64_t discount;
	int64_t tax;      /* all tax lines (incl. channel-liable) */
	int64_t net;      /* gross - discount */
	bool stock_item;  /* ships from the warehouse: reserve it */
	int64_t reserve;  /* quantity to reserve now */
};

struct ship_figures {
	int64_t price, discount, tax;
};

struct invoice_figures {
	int64_t total, subtotal, discounts, shipping, tax, tips, duties, fees,
		cash_rounding, rounding, unexplained;
	bool needs_review;
};

struct receipt_plan {
	const char *key;   /* "txn:<id>"; "derived" for a payment known only from
			    * financial_status (amount = cumulative paid, or expected when
			    * temporary): the import records the gap to what is held */
	bool has_txn_id;
	int64_t txn_id;
	int64_t amount;
	const char *gateway; /* never NULL ("manual" when unknown) */
	enum doc_status status;
};

struct books_plan {
	struct invoice_figures inv;
	enum doc_status invoice_status;
	struct line_figures *lines;       /* n = order->n_lines */
	struct ship_figures *ship;        /* n = order->n_shipping_lines */
	struct journal_line *inv_journal; /* balanced; zero lines omitted */
	size_t n_inv_journal;
	struct receipt_plan *receipts;
	size_t n_receipts;
	bool cancelled;      /* cancelled_at set */
	bool books_effect;   /* false for test orders: no journal, no stock */
	bool pos_handover;   /* point of sale: stock left at once, no reservation */
	const char *notes;   /* human-readable warnings for the import log, or NULL */
};

/* Compute the plan for `o`. Allocates from `arena`. Fails only on
 * arithmetic overflow (ERR_OVERFLOW) or out of memory. `include_test`
 * is the shop setting that lets test orders touch the books. */
int books_plan(const struct shopify_order *o, bool include_test,
	       struct arena *arena, struct books_plan *plan, struct err *e);

/* Journal lines of a receipt: Dr clearing(gateway) (or gift-card
 * liability for gateway "gift_card"), Cr receivable. out has room for 2. */
size_t books_receipt_journal(const struct receipt_plan *r,
			     struct journal_line out[2]);

/* Reverse a journal (swap debit and credit) in place. */
void books_reverse(struct journal_line *lines, size_t n);

/* Sum of debits and of credits; true when they are equal. */
bool books_balanced(const struct journal_line *lines, size_t n,
		    int64_t *debits, int64_t *credits);

/* Product code label: "<title> / <variant_title>", no suffix for a
 * variant title that is NULL, blank, "Default Title" or "Default"; cut on
 * a UTF-8 boundary to at most `max` bytes. Written into out (max+1). */
void books_product_code(const char *title, const char *variant_title,
			char *out, size_t max);

/* Readable customer name for an order: "first last" of the customer, else
 * of the billing address, else the shipping address name, else
 * "Shopify customer <id>", else NULL (caller uses the guest customer). */
const char *books_customer_name(const struct shopify_order *o,
				struct arena *arena);

#endif
