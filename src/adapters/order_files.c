/* order_files.c - the file transport: read Shopify order JSON files, map
 * each order and hand it to import_order(), in batched transactions. */
#include "adapters/order_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/shopify_json.h"
#include "base/arena.h"
#include "base/strbuf.h"

#define FILE_CAP ((size_t)512 * 1024 * 1024) /* refuse larger files */
#define BATCH 256                            /* orders per transaction */

/* A result waiting for its batch to commit: the user is told an order
 * was created only once it is. */
struct pending {
	const char *file; /* borrowed from the caller's paths */
	bool has_id;
	int64_t id;
	char name[128];
	bool has_name;
	struct import_result res;
	bool has_why;
	struct err why;
};

struct run {
	struct store *s;
	const struct shop_rec *shop;
	order_files_report_fn report;
	void *ctx;
	struct order_files_stats *st;
	size_t in_batch;
	bool in_tx;
	struct pending *q; /* BATCH + 1 entries */
	size_t nq;
};

static void queue(struct run *r, const char *file, bool has_id, int64_t id,
		  const char *name, const struct import_result *res,
		  const struct err *why)
{
	struct pending *p;

	if (!r->report)
		return;
	p = &r->q[r->nq++];
	p->file = file;
	p->has_id = has_id;
	p->id = id;
	p->has_name = name != NULL;
	snprintf(p->name, sizeof(p->name), "%s", name ? name : "");
	p->res = *res;
	p->has_why = why != NULL;
	if (why)
		p->why = *why;
}

static void flush(struct run *r)
{
	for (size_t i = 0; i < r->nq; i++) {
		struct pending *p = &r->q[i];
		r->report(r->ctx, p->file, p->has_id, p->id,
			  p->has_name ? p->name : NULL, &p->res,
			  p->has_why ? &p->why : NULL);
	}
	r->nq = 0;
}

static int commit(struct run *r, struct err *e)
{
	int rc = r->s->ops->tx_commit(r->s, e);

	r->in_tx = false;
	if (rc == 0)
		flush(r);
	return rc;
}

/* A failure of the store itself, not of the order: stop the run. */
static bool store_failure(int rc)
{
	return rc == ERR_DB || rc == ERR_NOMEM || rc == ERR_IO;
}

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
		rc = commit(r, e);
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

/* Rejects a whole file. Orders of earlier files still waiting in the
 * batch are committed (and reported) first, so reports stay in order. */
static int reject_file(struct run *r, const char *path, const struct err *why,
		       struct err *e)
{
	struct import_result res;
	struct err ignored;
	const char *origin;
	char buf[600];

	if (r->in_tx) {
		int rc = commit(r, e);
		if (rc)
			return rc;
	}
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
	return 0;
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
		rc = reject_file(r, path, &why, e);
		goto out;
	}
	if (jmap_doc_parse(sb.buf, sb.len, &doc, &why) != 0) {
		err_prefix(&why, "%s: ", path);
		rc = reject_file(r, path, &why, e);
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
			if (n > 1 && strncmp(why.msg, "orders[", 7) != 0)
				err_prefix(&why, "%s: orders[%zu]: ", path, i);
			else
				err_prefix(&why, "%s: ", path);
			snprintf(res.message, sizeof(res.message), "%s", why.msg);
			import_log_rejected(r->s, r->shop, id != 0, id, name, origin,
					    why.msg, &ignored);
			count(r->st, IMPORT_REJECTED);
			queue(r, path, id != 0, id, name, &res, &why);
			continue;
		}
		rc = import_order(r->s, r->shop, &o, origin, a, &res, &why);
		if (store_failure(rc)) {
			*e = why;
			err_prefix(e, "%s: order %s: the store failed, nothing of the current batch (%zu orders) was kept: ",
				   path, o.name ? o.name : "?", r->in_batch);
			goto out;
		}
		if (rc) {
			err_prefix(&why, "%s: ", path);
			snprintf(res.message, sizeof(res.message), "%s", why.msg);
		}
		rc = 0;
		count(r->st, res.outcome);
		queue(r, path, true, o.id, o.name, &res,
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
	r.q = malloc(sizeof(*r.q) * (BATCH + 1));
	if (!r.q) {
		rc = err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n_paths; i++) {
		stats->files++;
		rc = import_file(&r, paths[i], &a, e);
		if (rc)
			goto out;
	}
	if (r.in_tx)
		rc = commit(&r, e);
out:
	if (r.in_tx) {
		struct err ignored;
		s->ops->tx_rollback(s, &ignored);
	}
	free(r.q);
	arena_release(&a);
	return rc;
}
