/* import.h - the one use case that puts a Shopify order into the books.
 *
 * Every transport (file import, webhook receiver, manual sync,
 * reconciliation) maps its payload into a `struct shopify_order` and calls
 * import_order(). It never knows where the order came from.
 *
 * import_order() runs in ONE store transaction (a savepoint when the
 * caller already holds one, as batch importers do): customer, products,
 * sales order, invoice, receipts, journal entries, reservations and the
 * import log row are written together or not at all.
 *
 * Order life (the sales order's states and who moves them):
 *
 *     (absent) --import_order: create--> complete --cancelled_at--> cancelled
 *        complete --newer payload: update payment/fulfilment status,
 *                   complete invoice/receipts as money arrives--> complete
 *     any --older or same updated_at--> unchanged (stale / unchanged)
 *
 * Idempotent: the same Shopify state imported twice changes nothing in
 * the books; a payload with an older updated_at never sets an order back.
 */
#ifndef SHOPERP_APP_IMPORT_H
#define SHOPERP_APP_IMPORT_H

#include "app/ports.h"
#include "domain/order.h"

enum import_outcome {
	IMPORT_CREATED,
	IMPORT_UPDATED,
	IMPORT_UNCHANGED, /* same updated_at: nothing to do */
	IMPORT_STALE,     /* older updated_at: ignored */
	IMPORT_REJECTED,
};

const char *import_outcome_word(enum import_outcome o);

struct import_result {
	enum import_outcome outcome;
	char so_number[32];     /* "SO-000001" when the order exists */
	char invoice_status[16];
	bool needs_review;
	char message[512];      /* one line: what was created or changed */
};

/* Import `o` for `shop`. `origin` names the transport for the log
 * ("file:x.json", "webhook"). `scratch` is an arena the call may use and
 * clear. On success returns 0 with res filled (created, updated,
 * unchanged or stale). On failure nothing of the order is stored (the
 * transaction is rolled back), a "rejected" log row is written when
 * possible, and the error is returned. */
int import_order(struct store *s, const struct shop_rec *shop,
		 const struct shopify_order *o, const char *origin,
		 struct arena *scratch, struct import_result *res,
		 struct err *e);

/* Write a "rejected" log row for an order that could not even be mapped
 * (has_id false when its id is unknown). */
int import_log_rejected(struct store *s, const struct shop_rec *shop,
			bool has_id, int64_t shopify_order_id,
			const char *name, const char *origin,
			const char *reason, struct err *e);

#endif
