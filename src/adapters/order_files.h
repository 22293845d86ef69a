/* order_files.h - import Shopify order JSON files (the `import` command).
 *
 * Each file may hold a bare order, {"order":{...}} or {"orders":[...]}.
 * Every order goes through import_order(); a file that is not valid JSON
 * or holds no REST order is rejected with file, position and reason, and
 * nothing of it is stored. One bad order never stops the others: orders
 * are applied in batches (one store transaction per batch, a savepoint
 * per order) for speed, and a rejected order only rolls back itself.
 */
#ifndef SHOPERP_ADAPTERS_ORDER_FILES_H
#define SHOPERP_ADAPTERS_ORDER_FILES_H

#include <stdio.h>

#include "app/import.h"

struct order_files_stats {
	size_t files, orders, created, updated, unchanged, stale, rejected,
		files_rejected;
};

/* Called once per order (or per rejected file, with has_id false and
 * `res` describing the rejection). `file` is the path given. */
typedef void (*order_files_report_fn)(void *ctx, const char *file,
				      bool has_id, int64_t shopify_order_id,
				      const char *name,
				      const struct import_result *res,
				      const struct err *why);

/* Import the files. Returns 0 when the run completed (even if some orders
 * were rejected: see stats), or ERR_* when the store failed (then the
 * current batch was rolled back and the error says why). */
int order_files_import(struct store *s, const struct shop_rec *shop,
		       const char *const *paths, size_t n_paths,
		       order_files_report_fn report, void *ctx,
		       struct order_files_stats *stats, struct err *e);

#endif
