/* order_files.c - the file transport: read Shopify order JSON files, map
 * each order and hand it to import_order(), in batched transactions. */
#include "adapters/order_files.h"

#include <stdio.h>
#include <string.h>

#include "adapters/shopify_json.h"
#include "base/arena.h"
#include "base/strbuf.h"

#define FILE_CAP ((size_t)512 * 1024 * 1024) /* refuse larger files */
#define BATCH 256                            /* orders per transaction */

struct run {
	struct store *s;
	const struct shop_rec *shop;
	order_files_report_fn report;
	void *ctx;
	struct order_files_stats *st;
	size_t in_batch;
	bool in_tx;
};

static void count(struct order_files_stats *st, enum import_outcome o)
{
	switch (o) {
	case IMPORT_CREATED:
		st->created++;
		break;
	case IMPORT_UPDATED:
		st->updated++;
		break;
	case IMPORT_UNCHANGED:
		st->unchanged++;
		break;
	case IMPORT_STALE:
		st->stale++;
		break;
	case IMPORT_REJECTED:
		st->rejected++;
		break;
	}
}

static int batch_step(struct run *r, struct err *e)
{
	int rc;

	if (r->in_tx && r->in_batch >= BATCH) {
		rc = r->s->ops->tx_commit(r->s, e);
		r->in_tx = false;
		if (rc)
			return rc;
	}
	if (!r->in_tx) {
		rc = r->s->ops->tx_begin(r->s, e);
		if (rc)
			return rc;
		r->in_tx = true;
		r->in_batch = 0;
	}
	r->in_batch++;
	return 0;
}

static void reject_file(struct run *r, const char *path, const struct err *why)
{
	struct import_result res;
	struct err ignored;
	const char *origin;
	char buf[600];

	memset(&res, 0, sizeof(res));
	res.outcome = IMPORT_REJECTED;
	snprintf(res.message, sizeof(res.message), "%s", why->msg);
	r->st->files_rejected++;
	snprintf(buf, sizeof(buf), "file:%s", path);
	origin = buf;
	import_log_rejected(r->s, r->shop, false, 0, NULL, origin, why->msg,
			    &ignored);
	if (r->report)
		r->report(r->ctx, path, false, 0, NULL, &res, why);
}

static int import_file(struct run *r, const char *path, struct arena *a,
		       struct err *e)
{
	struct strbuf sb;
	struct jmap_doc *doc = NULL;
	struct err why;
	char origin[600];
	size_t n;
	int rc = 0;

	strbuf_init(&sb, FILE_CAP);
	err_clear(&why);
	snprintf(origin, sizeof(origin), "file:%s", path);
	if (strbuf_read_file(&sb, path, &why) != 0) {
		reject_file(r, path, &why);
		goto out;
	}
	if (jmap_doc_parse(sb.buf, sb.len, &doc, &why) != 0) {
		err_prefix(&why, "%s: ", path);
		reject_file(r, path, &why);
		goto out;
	}
	n = jmap_doc_count(doc);
	for (size_t i = 0; i < n; i++) {
		struct shopify_order o;
		struct import_result res;
		int64_t id = 0;
		const char *name = NULL;

		arena_clear(a);
		err_clear(&why);
		r->st->orders++;
		rc = batch_step(r, e);
		if (rc)
			goto out;
		if (jmap_order_map(doc, i, a, &o, &id, &name, &why) != 0) {
			struct err ignored;

			memset(&res, 0, sizeof(res));
			res.outcome = IMPORT_REJECTED;
			if (n > 1)
				err_prefix(&why, "%s: order %zu: ", path, i + 1);
			else
				err_prefix(&why, "%s: ", path);
			snprintf(res.message, sizeof(res.message), "%s", why.msg);
			import_log_rejected(r->s, r->shop, id != 0, id, name, origin,
					    why.msg, &ignored);
			count(r->st, IMPORT_REJECTED);
			if (r->report)
				r->report(r->ctx, path, id != 0, id, name, &res, &why);
			continue;
		}
		if (import_order(r->s, r->shop, &o, origin, a, &res, &why) != 0) {
			err_prefix(&why, "%s: ", path);
			snprintf(res.message, sizeof(res.message), "%s", why.msg);
		}
		count(r->st, res.outcome);
		if (r->report)
			r->report(r->ctx, path, true, o.id, o.name, &res,
				  res.outcome == IMPORT_REJECTED ? &why : NULL);
	}
out:
	jmap_doc_free(doc);
	strbuf_release(&sb);
	return rc;
}

int order_files_import(struct store *s, const struct shop_rec *shop,
		       const char *const *paths, size_t n_paths,
		       order_files_report_fn report, void *ctx,
		       struct order_files_stats *stats, struct err *e)
{
	struct run r;
	struct arena a;
	int rc = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.shop = shop;
	r.report = report;
	r.ctx = ctx;
	r.st = stats;
	arena_init(&a);
	for (size_t i = 0; i < n_paths; i++) {
		stats->files++;
		rc = import_file(&r, paths[i], &a, e);
		if (rc)
			goto out;
	}
	if (r.in_tx) {
		rc = s->ops->tx_commit(s, e);
		r.in_tx = false;
	}
out:
	if (r.in_tx) {
		struct err ignored;
		s->ops->tx_rollback(s, &ignored);
	}
	arena_release(&a);
	return rc;
}
