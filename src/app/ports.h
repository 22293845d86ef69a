/* ports.h - what the use cases need from the outside world.
 *
 * `struct store` is the database port. The SQLite adapter
 * (adapters/store_sqlite) is the first implementation; PostgreSQL will be
 * a second one behind the same operations. Use cases call the inline
 * wrappers below and never see SQL dialect details except in the
 * read-side `query` operation, whose SQL is kept portable (`?`
 * placeholders, standard SQL) so reports work on both.
 *
 * Words: a "shop" is a connected Shopify store (named `local` for files),
 * with its own warehouse and customers; the "company" owns the chart of
 * accounts and the number series.
 *
 * Transactions nest: the outermost tx_begin starts a transaction, inner
 * ones are savepoints; tx_rollback undoes only the innermost level. A
 * write outside any transaction runs in its own implicit transaction.
 *
 * Every operation returns 0 or a negative ERR_* code with the message in
 * `e`. Lookups return ERR_NOTFOUND (with no message needed) when nothing
 * matches. A UNIQUE violation is ERR_CONFLICT. Strings in records passed
 * in are borrowed for the call; strings in records returned are allocated
 * from the caller's arena.
 */
#ifndef SHOPERP_APP_PORTS_H
#define SHOPERP_APP_PORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/books.h"

struct store;

struct shop_rec {
	int64_t id;
	const char *name;       /* "local" or the shop domain */
	int64_t company_id;
	int64_t warehouse_id;   /* default warehouse, code "MAIN" */
	const char *warehouse_code;
	bool auto_post;         /* company setting: post journals on completion */
	bool include_test;      /* shop setting: test orders touch the books */
};

/* What the store already holds for a Shopify order. */
struct order_state {
	int64_t sales_order_id;
	const char *number;          /* "SO-000001" */
	int64_t updated_at_unix;     /* of the newest payload applied */
	int updated_at_ms;
	const char *status;          /* "complete" or "cancelled" */
	int64_t customer_id;
	int64_t invoice_id;
	const char *invoice_number;
	enum doc_status invoice_status;
	bool invoice_posted;         /* its journal entry exists */
	int64_t invoice_total;
	bool test;                   /* imported as a test order (fixed) */
	const char *payment_status;  /* Shopify financial_status last applied */
	const char *currency;        /* the order's currency (fixed) */
};

enum customer_key {
	CUSTOMER_BY_SHOPIFY_ID, /* key = decimal text of the Shopify customer id */
	CUSTOMER_BY_EMAIL,      /* key = normalised e-mail */
	CUSTOMER_BY_PHONE,      /* key = normalised phone */
	CUSTOMER_GUEST,         /* the shop's guest customer; key ignored */
};

struct customer_rec {
	int64_t id;              /* out on insert */
	const char *number;      /* out on insert: "C-000001" */
	int64_t shop_id;
	const char *name;
	bool has_shopify_id;
	int64_t shopify_id;      /* attribute "shopify customer" */
	const char *email;       /* attribute "email" as received (trimmed) */
	const char *phone;       /* attribute "phone" as received */
	const char *email_key;   /* normalised, NULL when none */
	const char *phone_key;   /* normalised, NULL when none */
	bool guest;              /* the shop's guest customer */
};

struct product_rec {
	int64_t id;              /* out on insert */
	int64_t shop_id;
	const char *code;        /* unique per shop: a label, not the identity */
	const char *title;
	const char *variant_title;
	bool has_variant_id;
	int64_t variant_id;      /* identity when present */
	const char *identity;    /* identity when no variant: title "\x1f" variant title */
	bool has_product_id;
	int64_t product_id;
	const char *sku;         /* NULL when blank */
	const char *vendor;
	int64_t price;           /* sale price seen on the order, minor units */
	const char *currency;
	bool stock_item;
	bool gift_card;
	bool shopify;            /* flagged as a Shopify product */
};

struct sales_order_rec {
	int64_t id;              /* out */
	const char *number;      /* out: "SO-000001" */
	int64_t shop_id;
	int64_t shopify_order_id;
	const char *name;        /* "#1001" */
	const char *source;      /* "Shopify #1001" */
	int64_t customer_id;
	const char *currency;
	int exp;
	const char *order_date;  /* shop-local date YYYY-MM-DD */
	const char *created_at, *processed_at, *updated_at, *cancelled_at;
	int64_t updated_at_unix;
	int updated_at_ms;
	const char *status;      /* complete | cancelled */
	const char *payment_status;
	const char *fulfillment_status; /* "unfulfilled" when Shopify says null */
	const char *cancel_reason;
	const char *gateways;
	const char *source_name;
	const char *tags, *note, *po_number;
	const char *bill_to, *ship_to; /* formatted address text, may be NULL */
	const char *note_attributes;   /* "name: value" lines, may be NULL */
	bool test;
	bool taxes_included;
	bool needs_review;
	int64_t total_price;     /* Shopify's, for checks */
};

struct so_line_rec {
	int line_no;             /* 1-based */
	int64_t shopify_line_id;
	int64_t product_id;
	const char *product_code; /* out on read */
	const char *title, *variant_title, *sku;
	int64_t quantity;
	int64_t unit_price, discount, tax, net;
	bool stock_item, gift_card, tip;
	const char *properties;  /* "name: value" lines, may be NULL */
};

struct so_ship_rec {
	int line_no;
	const char *title, *code;
	int64_t price, discount, tax;
};

struct invoice_rec {
	int64_t id;              /* out */
	const char *number;      /* out: "INV-000001" */
	int64_t sales_order_id;
	int64_t customer_id;
	enum doc_status status;
	const char *date;
	const char *due_date;    /* payment terms, may be NULL */
	const char *currency;
	struct invoice_figures fig;
};

struct receipt_rec {
	int64_t id;              /* out */
	const char *number;      /* out: "RCV-000001" */
	int64_t shop_id;
	int64_t sales_order_id;
	int64_t invoice_id;
	int64_t customer_id;
	const char *source_key;  /* "txn:<id>", "derived:<paid>", "pending:<amount>": unique per order */
	bool has_txn_id;
	int64_t txn_id;          /* unique per shop */
	int64_t amount;
	const char *currency;
	const char *gateway;
	enum doc_status status;
	const char *date;
	bool posted;             /* on read: its journal entry exists */
};

struct journal_rec {
	const char *number;      /* out: "JE-000001" */
	int64_t company_id;
	int64_t shop_id;
	const char *date;
	const char *doc_type;    /* "invoice", "receipt", "invoice-void", ... */
	const char *doc_number;  /* "INV-000001" */
	int64_t sales_order_id;
	const char *currency;
	const char *memo;
	const struct journal_line *lines;
	size_t n_lines;          /* must balance: the store refuses otherwise */
};

struct import_log_rec {
	int64_t shop_id;
	bool has_order_id;
	int64_t shopify_order_id;
	const char *order_name;
	const char *origin;      /* "file:samples/orders/01.json", "webhook", ... */
	const char *outcome;     /* created | updated | unchanged | stale | rejected */
	const char *message;     /* what was created, or why it failed */
	int64_t sales_order_id;  /* 0 when none */
};

/* Read side: one row of a query result; values as text, NULL for SQL NULL. */
struct store_row {
	size_t ncol;
	const char *const *names;
	const char *const *values;
};
typedef int (*store_row_fn)(void *ctx, const struct store_row *row);

struct store_ops {
	const char *kind; /* "sqlite" */
	void (*close)(struct store *s);

	int (*tx_begin)(struct store *s, struct err *e);
	int (*tx_commit)(struct store *s, struct err *e);
	int (*tx_rollback)(struct store *s, struct err *e);

	/* The shop named `name`, created with its company (chart of
	 * accounts, series), warehouse MAIN and settings on first use when
	 * `create` is true; ERR_NOTFOUND otherwise. */
	int (*shop_open)(struct store *s, const char *name, bool create,
			 struct arena *a, struct shop_rec *out, struct err *e);

	int (*order_state)(struct store *s, int64_t shop_id,
			   int64_t shopify_order_id, struct arena *a,
			   struct order_state *out, struct err *e);

	int (*customer_find)(struct store *s, int64_t shop_id,
			     enum customer_key by, const char *key,
			     struct arena *a, struct customer_rec *out,
			     struct err *e);
	int (*customer_insert)(struct store *s, struct customer_rec *c,
			       struct arena *a, struct err *e);
	/* Overwrite name, shopify id, email, phone and keys of c->id. */
	int (*customer_update)(struct store *s, const struct customer_rec *c,
			       struct err *e);

	int (*product_find_variant)(struct store *s, int64_t shop_id,
				    int64_t variant_id, struct arena *a,
				    struct product_rec *out, struct err *e);
	int (*product_find_identity)(struct store *s, int64_t shop_id,
				     const char *identity, struct arena *a,
				     struct product_rec *out, struct err *e);
	int (*product_code_taken)(struct store *s, int64_t shop_id,
				  const char *code, bool *taken, struct err *e);
	int (*product_insert)(struct store *s, struct product_rec *p,
			      struct err *e);

	/* Inserts the order with its lines and shipping lines; assigns
	 * so->id and so->number. ERR_CONFLICT when (shop, Shopify id) exists. */
	int (*sales_order_insert)(struct store *s, struct sales_order_rec *so,
				  const struct so_line_rec *lines, size_t n_lines,
				  const struct so_ship_rec *ship, size_t n_ship,
				  struct arena *a, struct err *e);
	/* Updates the mutable header fields of so->id: status, payment and
	 * fulfilment status, updated_at(+unix, ms), cancelled_at,
	 * cancel_reason, needs_review, tags, note, total_price. */
	int (*sales_order_update)(struct store *s, const struct sales_order_rec *so,
				  struct err *e);
	/* Replaces the lines and shipping lines of an order whose invoice is
	 * still temporary (an edit before payment). */
	int (*sales_order_replace_lines)(struct store *s, int64_t sales_order_id,
					 const struct so_line_rec *lines, size_t n_lines,
					 const struct so_ship_rec *ship, size_t n_ship,
					 struct err *e);
	int (*sales_order_lines)(struct store *s, int64_t sales_order_id,
				 struct arena *a, struct so_line_rec **out,
				 size_t *n, struct err *e);

	int (*invoice_insert)(struct store *s, struct invoice_rec *inv,
			      struct arena *a, struct err *e);
	int (*invoice_set_status)(struct store *s, int64_t invoice_id,
				  enum doc_status st, struct err *e);
	/* Rewrites status, date, due date and every figure of inv->id. */
	int (*invoice_update)(struct store *s, const struct invoice_rec *inv,
			      struct err *e);

	/* All receipts of an order (any status). */
	int (*receipts_of_order)(struct store *s, int64_t sales_order_id,
				 struct arena *a, struct receipt_rec **out,
				 size_t *n, struct err *e);
	/* ERR_CONFLICT on a duplicate (order, source_key) or (shop, txn id). */
	int (*receipt_insert)(struct store *s, struct receipt_rec *r,
			      struct arena *a, struct err *e);
	int (*receipt_set_status)(struct store *s, int64_t receipt_id,
				  enum doc_status st, struct err *e);

	/* Posts a balanced entry, resolving each line's (kind, label) to an
	 * account of the company (creating per-label accounts on first use);
	 * assigns j->number. ERR_INVALID when it does not balance. */
	int (*journal_post)(struct store *s, struct journal_rec *j,
			    struct arena *a, struct err *e);

	/* The lines of a posted entry, as (kind, label, debit, credit); none
	 * (n = 0) when the document has no entry of that type. */
	int (*journal_lines)(struct store *s, int64_t company_id,
			     const char *doc_type, const char *doc_number,
			     struct arena *a, struct journal_line **out,
			     size_t *n, struct err *e);

	/* Reservation of one order line in a warehouse; quantity 0 removes it. */
	int (*reservation_set)(struct store *s, int64_t sales_order_id,
			       int line_no, int64_t product_id,
			       int64_t warehouse_id, int64_t quantity,
			       struct err *e);
	/* Releases every reservation of the order. */
	int (*reservation_release)(struct store *s, int64_t sales_order_id,
				   struct err *e);
	/* An on-hand movement (negative leaves the warehouse), filed under a
	 * document; (doc_type, doc_ref, product) is unique: a repeat is a
	 * no-op returning 0. */
	int (*stock_move)(struct store *s, int64_t product_id,
			  int64_t warehouse_id, int64_t quantity,
			  const char *doc_type, const char *doc_ref,
			  const char *date, struct err *e);

	int (*import_log)(struct store *s, const struct import_log_rec *l,
			  struct err *e);

	/* Read side: run a portable SELECT with text parameters, calling fn
	 * per row (fn returning non-zero stops and is returned). */
	int (*query)(struct store *s, const char *sql,
		     const char *const *params, size_t n_params,
		     store_row_fn fn, void *ctx, struct err *e);
};

struct store {
	const struct store_ops *ops;
};

static inline void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

#endif
