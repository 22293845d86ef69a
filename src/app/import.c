/* import.c - the import use case: one Shopify order into customer,
 * products, sales order, invoice, receipts, journal entries, reservations
 * and the import log, in one store transaction. See import.h. */
#include "app/import.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "base/text.h"
#include "base/timeutil.h"
#include "domain/books.h"

#define PRODUCT_CODE_MAX 120

const char *import_outcome_word(enum import_outcome o)
{
	switch (o) {
	case IMPORT_CREATED:
		return "created";
	case IMPORT_UPDATED:
		return "updated";
	case IMPORT_UNCHANGED:
		return "unchanged";
	case IMPORT_STALE:
		return "stale";
	case IMPORT_REJECTED:
		return "rejected";
	}
	return "rejected";
}

/* Everything one import needs, in one place. */
struct imp {
	struct store *s;
	const struct store_ops *ops;
	const struct shop_rec *shop;
	const struct shopify_order *o;
	struct arena *a;
	struct books_plan plan;
	const char *date;     /* shop-local document date */
	const char *event_date; /* when this state was seen: updated_at's date */
	const char *source;   /* "Shopify #1001" */
	bool post;            /* journals are posted */
	bool paid;            /* set by apply_receipts: the order holds a completed receipt */
	char msg[512];
	size_t msg_len;
};

static void say(struct imp *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct imp *im, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (im->msg_len >= sizeof(im->msg) - 1)
		return;
	if (im->msg_len) {
		im->msg[im->msg_len++] = ',';
		im->msg[im->msg_len++] = ' ';
		im->msg[im->msg_len] = '\0';
	}
	va_start(ap, fmt);
	n = vsnprintf(im->msg + im->msg_len, sizeof(im->msg) - im->msg_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		im->msg_len += (size_t)n;
	if (im->msg_len > sizeof(im->msg) - 1)
		im->msg_len = sizeof(im->msg) - 1;
}

static const char *trimmed(struct arena *a, const char *s)
{
	char buf[1024];

	if (text_blank(s))
		return NULL;
	text_trim(s, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

/* ---- customer ---- */

static bool is_placeholder_name(const char *name)
{
	return name && strncmp(name, "Shopify customer ", 17) == 0;
}

static int resolve_customer(struct imp *im, int64_t *customer_id,
			    struct err *e)
{
	const struct shopify_order *o = im->o;
	const struct so_customer *c = &o->customer;
	struct customer_rec found, rec;
	char ekey[320], pkey[64], idtext[32];
	const char *email, *phone, *name;
	int rc = ERR_NOTFOUND;

	email = trimmed(im->a, c->present && !text_blank(c->email) ? c->email
			: !text_blank(o->email) ? o->email : o->contact_email);
	phone = trimmed(im->a, c->present && !text_blank(c->phone) ? c->phone : o->phone);
	text_norm_email(email, ekey, sizeof(ekey));
	text_norm_phone(phone, pkey, sizeof(pkey));
	name = books_customer_name(o, im->a);
	memset(&found, 0, sizeof(found));

	if (c->present && c->has_id) {
		snprintf(idtext, sizeof(idtext), "%lld", (long long)c->id);
		rc = im->ops->customer_find(im->s, im->shop->id, CUSTOMER_BY_SHOPIFY_ID,
					    idtext, im->a, &found, e);
	}
	if (rc == ERR_NOTFOUND && ekey[0])
		rc = im->ops->customer_find(im->s, im->shop->id, CUSTOMER_BY_EMAIL,
					    ekey, im->a, &found, e);
	if (rc == ERR_NOTFOUND && pkey[0])
		rc = im->ops->customer_find(im->s, im->shop->id, CUSTOMER_BY_PHONE,
					    pkey, im->a, &found, e);
	if (rc == 0 && found.has_shopify_id && c->present && c->has_id &&
	    found.shopify_id != c->id) {
		/* Same e-mail or phone, but Shopify says another customer: two
		 * accounts, never merged. */
		rc = ERR_NOTFOUND;
	}
	if (rc == 0) {
		/* Same person: fill in what we did not know; never clear. */
		bool changed = false;

		if (!found.has_shopify_id && c->present && c->has_id) {
			found.has_shopify_id = true;
			found.shopify_id = c->id;
			changed = true;
		}
		if (!found.email_key && ekey[0]) {
			found.email = email;
			found.email_key = arena_strdup(im->a, ekey);
			changed = true;
		}
		if (!found.phone_key && pkey[0]) {
			found.phone = phone;
			found.phone_key = arena_strdup(im->a, pkey);
			changed = true;
		}
		if (name && is_placeholder_name(found.name) &&
		    !is_placeholder_name(name)) {
			found.name = name;
			changed = true;
		}
		if (changed) {
			rc = im->ops->customer_update(im->s, &found, e);
			if (rc)
				return rc;
			say(im, "customer %s updated", found.number);
		}
		*customer_id = found.id;
		return 0;
	}
	if (rc != ERR_NOTFOUND)
		return rc;

	if (!(c->present && c->has_id) && !ekey[0] && !pkey[0]) {
		/* Nothing identifies the buyer: the shop's guest customer. */
		rc = im->ops->customer_find(im->s, im->shop->id, CUSTOMER_GUEST, NULL,
					    im->a, &found, e);
		if (rc == 0) {
			*customer_id = found.id;
			return 0;
		}
		if (rc != ERR_NOTFOUND)
			return rc;
		memset(&rec, 0, sizeof(rec));
		rec.shop_id = im->shop->id;
		rec.name = "Guest customer";
		rec.guest = true;
		rc = im->ops->customer_insert(im->s, &rec, im->a, e);
		if (rc)
			return rc;
		say(im, "guest customer %s created", rec.number);
		*customer_id = rec.id;
		return 0;
	}
	memset(&rec, 0, sizeof(rec));
	rec.shop_id = im->shop->id;
	rec.name = name ? name : email ? email : phone;
	rec.has_shopify_id = c->present && c->has_id;
	rec.shopify_id = c->id;
	rec.email = ekey[0] ? email : NULL;
	rec.phone = pkey[0] ? phone : NULL;
	rec.email_key = ekey[0] ? ekey : NULL;
	rec.phone_key = pkey[0] ? pkey : NULL;
	rc = im->ops->customer_insert(im->s, &rec, im->a, e);
	if (rc)
		return rc;
	say(im, "customer %s created", rec.number);
	*customer_id = rec.id;
	return 0;
}

/* ---- products ---- */

/* FNV-1a of the identity, for a short stable suffix on code clashes. */
static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static int resolve_product(struct imp *im, const struct so_line *li,
			   const struct line_figures *lf, int64_t *product_id,
			   struct err *e)
{
	struct product_rec p;
	const char *identity = NULL;
	char code[PRODUCT_CODE_MAX + 16];
	bool taken = false;
	int rc;

	memset(&p, 0, sizeof(p));
	if (li->has_variant_id) {
		rc = im->ops->product_find_variant(im->s, im->shop->id, li->variant_id,
						   im->a, &p, e);
	} else {
		identity = arena_printf(im->a, "%s\x1f%s",
					li->title ? li->title : "",
					li->variant_title ? li->variant_title : "");
		if (!identity)
			return err_set(e, ERR_NOMEM, "out of memory");
		rc = im->ops->product_find_identity(im->s, im->shop->id, identity,
						    im->a, &p, e);
	}
	if (rc == 0) {
		*product_id = p.id;
		return 0;
	}
	if (rc != ERR_NOTFOUND)
		return rc;

	books_product_code(li->title, li->variant_title, code, PRODUCT_CODE_MAX);
	rc = im->ops->product_code_taken(im->s, im->shop->id, code, &taken, e);
	if (rc)
		return rc;
	if (taken) {
		char base[PRODUCT_CODE_MAX + 1];
		uint32_t h = li->has_variant_id
				     ? fnv1a(arena_printf(im->a, "%lld", (long long)li->variant_id))
				     : fnv1a(identity);
		size_t n = utf8_cut(code, strlen(code), PRODUCT_CODE_MAX - 8);

		memcpy(base, code, n);
		base[n] = '\0';
		for (int attempt = 0; taken && attempt < 16; attempt++) {
			snprintf(code, sizeof(code), "%s ~%06x", base,
				 (unsigned)((h + (uint32_t)attempt) & 0xFFFFFFu));
			rc = im->ops->product_code_taken(im->s, im->shop->id, code,
							 &taken, e);
			if (rc)
				return rc;
		}
		if (taken)
			return err_set(e, ERR_CONFLICT, "no free product code for \"%s\"", base);
	}
	p.shop_id = im->shop->id;
	p.code = code;
	p.title = li->title ? li->title : "Untitled product";
	p.variant_title = li->variant_title;
	p.has_variant_id = li->has_variant_id;
	p.variant_id = li->variant_id;
	p.identity = identity;
	p.has_product_id = li->has_product_id;
	p.product_id = li->product_id;
	p.sku = text_blank(li->sku) ? NULL : li->sku;
	p.vendor = li->vendor;
	p.price = li->price;
	p.currency = im->o->currency;
	p.stock_item = lf->stock_item;
	p.gift_card = li->gift_card;
	p.shopify = true;
	rc = im->ops->product_insert(im->s, &p, e);
	if (rc)
		return rc;
	say(im, "product \"%s\" created", code);
	*product_id = p.id;
	return 0;
}

/* ---- text helpers for the sales order ---- */

static const char *name_values(struct arena *a, const struct so_name_value *nv,
			       size_t n)
{
	const char *out = NULL;

	for (size_t i = 0; i < n; i++) {
		const char *name = nv[i].name ? nv[i].name : "";
		const char *value = nv[i].value ? nv[i].value : "";
		out = out ? arena_printf(a, "%s\n%s: %s", out, name, value)
			  : arena_printf(a, "%s: %s", name, value);
	}
	return out;
}

static const char *address_text(struct arena *a, const struct so_address *ad)
{
	const char *parts[9];
	const char *out = NULL;
	size_t n = 0;

	if (!ad->present)
		return NULL;
	parts[n++] = ad->name;
	parts[n++] = ad->company;
	parts[n++] = ad->address1;
	parts[n++] = ad->address2;
	parts[n++] = ad->zip;
	parts[n++] = ad->city;
	parts[n++] = ad->province;
	parts[n++] = ad->country;
	parts[n++] = ad->phone;
	for (size_t i = 0; i < n; i++) {
		if (text_blank(parts[i]))
			continue;
		out = out ? arena_printf(a, "%s\n%s", out, parts[i])
			  : arena_strdup(a, parts[i]);
	}
	return out;
}

static const char *doc_date(struct arena *a, const struct shopify_order *o)
{
	char d[16];
	const char *when = o->processed_at ? o->processed_at : o->created_at;

	time_local_date(when, d, sizeof(d));
	if (!d[0]) {
		time_local_date(o->created_at, d, sizeof(d));
		if (!d[0])
			snprintf(d, sizeof(d), "1970-01-01");
	}
	return arena_strdup(a, d);
}

static void fill_header(struct imp *im, struct sales_order_rec *so)
{
	const struct shopify_order *o = im->o;

	so->shop_id = im->shop->id;
	so->shopify_order_id = o->id;
	so->name = o->name;
	so->source = im->source;
	so->currency = o->currency;
	so->exp = o->exp;
	so->order_date = im->date;
	so->created_at = o->created_at;
	so->processed_at = o->processed_at;
	so->updated_at = o->updated_at;
	so->cancelled_at = o->cancelled_at;
	so->updated_at_unix = o->updated_at_unix;
	so->updated_at_ms = o->updated_at_ms;
	so->status = o->cancelled_at ? "cancelled" : "complete";
	so->payment_status = o->financial_status ? o->financial_status : "pending";
	so->fulfillment_status = o->fulfillment_status ? o->fulfillment_status
						       : "unfulfilled";
	so->cancel_reason = o->cancel_reason;
	so->gateways = o->gateway_names;
	so->source_name = o->source_name;
	so->tags = o->tags;
	so->note = o->note;
	so->po_number = o->po_number;
	so->bill_to = address_text(im->a, &o->billing);
	so->ship_to = address_text(im->a, &o->shipping_address);
	so->note_attributes = name_values(im->a, o->note_attributes,
					  o->n_note_attributes);
	so->test = o->test;
	so->taxes_included = o->taxes_included;
	so->needs_review = im->plan.inv.needs_review;
	so->total_price = o->total_price;
}

/* ---- journals ---- */

static int post(struct imp *im, const char *doc_type, const char *doc_number,
		int64_t sales_order_id, const char *date,
		const struct journal_line *lines, size_t n, struct err *e)
{
	struct journal_rec j;
	int rc;

	if (!im->post || n == 0)
		return 0;
	memset(&j, 0, sizeof(j));
	j.company_id = im->shop->company_id;
	j.shop_id = im->shop->id;
	j.date = date;
	j.doc_type = doc_type;
	j.doc_number = doc_number;
	j.sales_order_id = sales_order_id;
	j.currency = im->o->currency;
	j.memo = im->source;
	j.lines = lines;
	j.n_lines = n;
	rc = im->ops->journal_post(im->s, &j, im->a, e);
	if (rc == 0)
		say(im, "%s posted (%s %s)", j.number, doc_type, doc_number);
	return rc;
}

static int post_receipt(struct imp *im, const struct receipt_rec *r,
			struct err *e)
{
	struct receipt_plan rp;
	struct journal_line jl[2];
	size_t n;

	memset(&rp, 0, sizeof(rp));
	rp.amount = r->amount;
	rp.gateway = r->gateway;
	n = books_receipt_journal(&rp, jl);
	return post(im, "receipt", r->number, r->sales_order_id, r->date, jl, n, e);
}

/* ---- receipts (both paths) ---- */

static const char *receipt_date(struct imp *im, const struct receipt_plan *rp)
{
	if (rp->has_txn_id)
		for (size_t i = 0; i < im->o->n_transactions; i++)
			if (im->o->transactions[i].id == rp->txn_id &&
			    im->o->transactions[i].processed_at) {
				char d[16];
				time_local_date(im->o->transactions[i].processed_at, d,
						sizeof(d));
				if (d[0])
					return arena_strdup(im->a, d);
			}
	return im->event_date;
}

static bool is_derived_key(const char *key)
{
	return strncmp(key, "derived:", 8) == 0 || strncmp(key, "pending:", 8) == 0;
}

static int insert_receipt(struct imp *im, const struct receipt_plan *rp,
			  const char *key, int64_t amount, int64_t so_id,
			  int64_t inv_id, int64_t customer_id, struct err *e)
{
	struct receipt_rec r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.shop_id = im->shop->id;
	r.sales_order_id = so_id;
	r.invoice_id = inv_id;
	r.customer_id = customer_id;
	r.source_key = key;
	r.has_txn_id = rp->has_txn_id;
	r.txn_id = rp->txn_id;
	r.amount = amount;
	r.currency = im->o->currency;
	r.gateway = rp->gateway;
	r.status = rp->status;
	r.date = receipt_date(im, rp);
	rc = im->ops->receipt_insert(im->s, &r, im->a, e);
	if (rc == ERR_CONFLICT && r.has_txn_id)
		return err_set(e, ERR_CONFLICT,
			       "transaction %lld is already recorded on another order",
			       (long long)r.txn_id);
	if (rc)
		return rc;
	say(im, "receipt %s %s", r.number, doc_status_word(r.status));
	if (r.status == DOC_COMPLETED) {
		im->paid = true;
		rc = post_receipt(im, &r, e);
	}
	return rc;
}

static int set_receipt(struct imp *im, struct receipt_rec *cur,
		       enum doc_status st, struct err *e)
{
	int rc = im->ops->receipt_set_status(im->s, cur->id, st, e);

	if (rc)
		return rc;
	say(im, "receipt %s %s", cur->number, doc_status_word(st));
	cur->status = st;
	cur->date = im->event_date; /* the entry is dated when the money came */
	if (st != DOC_COMPLETED)
		return 0;
	im->paid = true;
	return post_receipt(im, cur, e);
}

/* A payment known only from financial_status ("derived"): record the gap
 * between what Shopify says was paid (rp->amount, cumulative) and what the
 * order's completed receipts already hold, reusing a temporary receipt of
 * exactly that amount. Keys: "derived:<cumulative paid>" for money
 * received, "pending:<amount>" for money expected. */
static int apply_derived(struct imp *im, const struct receipt_plan *rp,
			 struct receipt_rec *have, size_t n_have, bool *matched,
			 int64_t so_id, int64_t inv_id, int64_t customer_id,
			 struct err *e)
{
	int64_t received = 0, gap;
	const char *key;

	for (size_t k = 0; k < n_have; k++)
		if (have[k].status == DOC_COMPLETED)
			received += have[k].amount;
	gap = rp->amount - received;
	if (gap <= 0)
		return 0;
	if (rp->status == DOC_COMPLETED) {
		for (size_t k = 0; k < n_have; k++)
			if (!matched[k] && have[k].status == DOC_TEMPORARY &&
			    is_derived_key(have[k].source_key) && have[k].amount == gap) {
				matched[k] = true;
				return set_receipt(im, &have[k], DOC_COMPLETED, e);
			}
		key = arena_printf(im->a, "derived:%lld", (long long)rp->amount);
	} else {
		key = arena_printf(im->a, "pending:%lld", (long long)gap);
	}
	if (!key)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (size_t k = 0; k < n_have; k++)
		if (strcmp(have[k].source_key, key) == 0) {
			matched[k] = true;
			if (have[k].status == DOC_TEMPORARY && rp->status != DOC_TEMPORARY)
				return set_receipt(im, &have[k], rp->status, e);
			return 0;
		}
	return insert_receipt(im, rp, key, gap, so_id, inv_id, customer_id, e);
}

/* Bring the order's receipts to the plan: insert the missing ones,
 * complete or void temporary ones, void temporary ones the plan no longer
 * has. Completed receipts are never touched here (refunds are credit
 * notes). Sets im->paid when the order then holds a completed receipt. */
static int apply_receipts(struct imp *im, int64_t so_id, int64_t inv_id,
			  int64_t customer_id, struct err *e)
{
	struct receipt_rec *have = NULL;
	size_t n_have = 0;
	bool derived_done = false;
	bool *matched;
	int rc;

	rc = im->ops->receipts_of_order(im->s, so_id, im->a, &have, &n_have, e);
	if (rc)
		return rc;
	matched = arena_alloc(im->a, sizeof(*matched) * (n_have + 1));
	if (!matched)
		return err_set(e, ERR_NOMEM, "out of memory");
	im->paid = false;
	for (size_t k = 0; k < n_have; k++)
		if (have[k].status == DOC_COMPLETED) {
			im->paid = true;
			if (is_derived_key(have[k].source_key))
				derived_done = true;
		}

	for (size_t i = 0; i < im->plan.n_receipts; i++) {
		const struct receipt_plan *rp = &im->plan.receipts[i];
		struct receipt_rec *cur = NULL;

		if (!rp->has_txn_id) {
			rc = apply_derived(im, rp, have, n_have, matched, so_id, inv_id,
					   customer_id, e);
			if (rc)
				return rc;
			continue;
		}
		for (size_t k = 0; k < n_have; k++)
			if (strcmp(have[k].source_key, rp->key) == 0) {
				cur = &have[k];
				matched[k] = true;
			}
		if (!cur) {
			if (derived_done) {
				say(im, "transaction %lld already counted in the payment recorded from the order's status",
				    (long long)rp->txn_id);
				continue;
			}
			rc = insert_receipt(im, rp, rp->key, rp->amount, so_id, inv_id,
					    customer_id, e);
		} else if (cur->status == DOC_TEMPORARY && rp->status != DOC_TEMPORARY) {
			rc = set_receipt(im, cur, rp->status, e);
		}
		if (rc)
			return rc;
	}
	for (size_t k = 0; k < n_have; k++) {
		if (matched[k] || have[k].status != DOC_TEMPORARY)
			continue;
		rc = set_receipt(im, &have[k], DOC_VOID, e);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- reservations and POS hand-over ---- */

static int apply_stock(struct imp *im, int64_t so_id, const char *so_number,
		       const struct so_line_rec *stored, size_t n_stored,
		       struct err *e)
{
	const struct shopify_order *o = im->o;
	int rc;

	if (im->plan.cancelled)
		return im->ops->reservation_release(im->s, so_id, e);
	for (size_t i = 0; i < o->n_lines; i++) {
		const struct line_figures *lf = &im->plan.lines[i];
		const struct so_line_rec *sl = NULL;

		for (size_t k = 0; k < n_stored && !sl; k++)
			if (stored[k].shopify_line_id == o->lines[i].id &&
			    (o->lines[i].id != 0 || stored[k].line_no == (int)i + 1))
				sl = &stored[k];
		if (!sl || !sl->stock_item || !sl->product_id)
			continue;
		if (im->plan.pos_handover && im->plan.books_effect) {
			/* goods handed over at the counter: on hand drops now */
			rc = im->ops->stock_move(im->s, sl->product_id,
						 im->shop->warehouse_id,
						 -o->lines[i].quantity, "pos-sale",
						 arena_printf(im->a, "%s/%d", so_number,
							      sl->line_no),
						 im->date, e);
			if (rc)
				return rc;
			continue;
		}
		rc = im->ops->reservation_set(im->s, so_id, sl->line_no, sl->product_id,
					      im->shop->warehouse_id,
					      lf->reserve < sl->quantity ? lf->reserve
									 : sl->quantity,
					      e);
		if (rc)
			return rc;
	}
	return 0;
}

/* The sales order's lines and shipping lines from the order and its plan,
 * resolving (creating) each line's product. */
static int build_lines(struct imp *im, struct so_line_rec **lines_out,
		       struct so_ship_rec **ship_out, struct err *e)
{
	const struct shopify_order *o = im->o;
	struct so_line_rec *lines;
	struct so_ship_rec *ship;
	int rc;

	lines = arena_alloc(im->a, sizeof(*lines) * (o->n_lines + 1));
	ship = arena_alloc(im->a, sizeof(*ship) * (o->n_shipping_lines + 1));
	if (!lines || !ship)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < o->n_lines; i++) {
		const struct so_line *li = &o->lines[i];
		const struct line_figures *lf = &im->plan.lines[i];
		struct so_line_rec *l = &lines[i];

		if (!li->tip) {
			rc = resolve_product(im, li, lf, &l->product_id, e);
			if (rc)
				return rc;
		}
		l->line_no = (int)i + 1;
		l->shopify_line_id = li->id;
		l->title = li->title;
		l->variant_title = li->variant_title;
		l->sku = text_blank(li->sku) ? NULL : li->sku;
		l->quantity = li->quantity;
		l->unit_price = li->price;
		l->discount = lf->discount;
		l->tax = lf->tax;
		l->net = lf->net;
		l->stock_item = lf->stock_item;
		l->gift_card = li->gift_card;
		l->tip = li->tip;
		l->properties = name_values(im->a, li->properties, li->n_properties);
	}
	for (size_t i = 0; i < o->n_shipping_lines; i++) {
		ship[i].line_no = (int)i + 1;
		ship[i].title = o->shipping_lines[i].title;
		ship[i].code = o->shipping_lines[i].code;
		ship[i].price = im->plan.ship[i].price;
		ship[i].discount = im->plan.ship[i].discount;
		ship[i].tax = im->plan.ship[i].tax;
	}
	*lines_out = lines;
	*ship_out = ship;
	return 0;
}

static void fill_invoice(struct imp *im, struct invoice_rec *inv)
{
	inv->status = im->plan.invoice_status;
	inv->date = im->date;
	inv->due_date = NULL;
	if (im->o->payment_due_at) {
		char d[16];
		time_local_date(im->o->payment_due_at, d, sizeof(d));
		inv->due_date = d[0] ? arena_strdup(im->a, d) : NULL;
	}
	inv->currency = im->o->currency;
	inv->fig = im->plan.inv;
}

/* ---- create ---- */

static int create_order(struct imp *im, struct import_result *res,
			int64_t *so_id_out, struct err *e)
{
	const struct shopify_order *o = im->o;
	struct sales_order_rec so;
	struct so_line_rec *lines = NULL;
	struct so_ship_rec *ship = NULL;
	struct invoice_rec inv;
	int64_t customer_id = 0;
	int rc;

	rc = resolve_customer(im, &customer_id, e);
	if (rc)
		return rc;
	rc = build_lines(im, &lines, &ship, e);
	if (rc)
		return rc;
	memset(&so, 0, sizeof(so));
	fill_header(im, &so);
	so.customer_id = customer_id;
	rc = im->ops->sales_order_insert(im->s, &so, lines, o->n_lines, ship,
					 o->n_shipping_lines, im->a, e);
	if (rc)
		return rc;
	snprintf(res->so_number, sizeof(res->so_number), "%s", so.number);
	say(im, "sales order %s", so.number);

	memset(&inv, 0, sizeof(inv));
	inv.sales_order_id = so.id;
	inv.customer_id = customer_id;
	fill_invoice(im, &inv);
	rc = im->ops->invoice_insert(im->s, &inv, im->a, e);
	if (rc)
		return rc;
	{
		char t[MONEY_FMT_MAX];
		say(im, "invoice %s %s %s %s", inv.number, doc_status_word(inv.status),
		    money_format(inv.fig.total, o->exp, t, sizeof(t)), o->currency);
	}
	if (inv.status == DOC_COMPLETED) {
		rc = post(im, "invoice", inv.number, so.id, inv.date, im->plan.inv_journal,
			  im->plan.n_inv_journal, e);
		if (rc)
			return rc;
	}
	rc = apply_receipts(im, so.id, inv.id, customer_id, e);
	if (rc)
		return rc;
	rc = apply_stock(im, so.id, so.number, lines, o->n_lines, e);
	if (rc)
		return rc;
	res->outcome = IMPORT_CREATED;
	snprintf(res->invoice_status, sizeof(res->invoice_status), "%s",
		 doc_status_word(inv.status));
	*so_id_out = so.id;
	return 0;
}

/* ---- update (a newer state of a known order) ---- */

/* Money already in: the order has a completed receipt. */
static int money_received(struct imp *im, int64_t so_id, bool *yes, struct err *e)
{
	struct receipt_rec *have = NULL;
	size_t n = 0;
	int rc = im->ops->receipts_of_order(im->s, so_id, im->a, &have, &n, e);

	*yes = false;
	for (size_t k = 0; rc == 0 && k < n; k++)
		if (have[k].status == DOC_COMPLETED)
			*yes = true;
	return rc;
}

/* True when Shopify's lines are not the ones the sales order holds. */
static bool lines_differ(const struct imp *im, const struct so_line_rec *stored,
			 size_t n_stored)
{
	const struct shopify_order *o = im->o;

	if (n_stored != o->n_lines)
		return true;
	for (size_t i = 0; i < n_stored; i++)
		if (stored[i].shopify_line_id != o->lines[i].id ||
		    stored[i].quantity != o->lines[i].quantity ||
		    stored[i].unit_price != o->lines[i].price ||
		    stored[i].discount != im->plan.lines[i].discount)
			return true;
	return false;
}

/* Shopify's amounts changed since the order was imported (an edit). While
 * nothing is settled (invoice temporary, no money in) the lines and the
 * invoice are rebuilt from the new state; once the invoice is completed
 * the books are kept and the order is flagged for review: edits and
 * refunds after that are credit notes. Sets *rebuilt. */
static int apply_edit(struct imp *im, const struct order_state *st,
		      bool paid, bool *rebuilt, struct err *e)
{
	char was[MONEY_FMT_MAX], now[MONEY_FMT_MAX];
	struct so_line_rec *lines = NULL;
	struct so_ship_rec *ship = NULL;
	struct invoice_rec inv;
	int rc;

	*rebuilt = false;
	money_format(st->invoice_total, im->o->exp, was, sizeof(was));
	money_format(im->plan.inv.total, im->o->exp, now, sizeof(now));
	if (st->invoice_status != DOC_TEMPORARY || st->invoice_posted || paid ||
	    im->plan.pos_handover) {
		im->plan.inv.needs_review = true;
		say(im, "Shopify's order changed (total %s -> %s) after %s: books kept, needs review",
		    was, now, im->plan.pos_handover ? "the goods were handed over"
						   : "the invoice was settled");
		return 0;
	}
	rc = build_lines(im, &lines, &ship, e);
	if (!rc)
		rc = im->ops->sales_order_replace_lines(im->s, st->sales_order_id, lines,
							im->o->n_lines, ship,
							im->o->n_shipping_lines, e);
	if (!rc)
		rc = im->ops->reservation_release(im->s, st->sales_order_id, e);
	if (rc)
		return rc;
	memset(&inv, 0, sizeof(inv));
	inv.id = st->invoice_id;
	inv.sales_order_id = st->sales_order_id;
	inv.customer_id = st->customer_id;
	fill_invoice(im, &inv);
	inv.status = DOC_TEMPORARY; /* the transition below completes it */
	rc = im->ops->invoice_update(im->s, &inv, e);
	if (rc)
		return rc;
	say(im, "order edited before payment: lines and invoice %s rebuilt (total %s -> %s)",
	    st->invoice_number, was, now);
	*rebuilt = true;
	return 0;
}

static int update_order(struct imp *im, const struct order_state *st,
			struct import_result *res, struct err *e)
{
	struct sales_order_rec so;
	struct so_line_rec *stored = NULL;
	size_t n_stored = 0;
	enum doc_status want = im->plan.invoice_status;
	enum doc_status inv_status = st->invoice_status;
	bool paid_before = false, edited = false, rebuilt = false;
	int rc;

	snprintf(res->so_number, sizeof(res->so_number), "%s", st->number);
	rc = money_received(im, st->sales_order_id, &paid_before, e);
	if (!rc)
		rc = im->ops->sales_order_lines(im->s, st->sales_order_id, im->a, &stored,
						&n_stored, e);
	if (rc)
		return rc;
	if (im->plan.inv.total != st->invoice_total ||
	    lines_differ(im, stored, n_stored)) {
		edited = true;
		rc = apply_edit(im, st, paid_before, &rebuilt, e);
		if (rc)
			return rc;
	}
	memset(&so, 0, sizeof(so));
	fill_header(im, &so);
	so.id = st->sales_order_id;
	so.customer_id = st->customer_id;
	if (edited && !rebuilt)
		so.total_price = st->invoice_total; /* the books keep the old state */
	rc = im->ops->sales_order_update(im->s, &so, e);
	if (rc)
		return rc;
	if (strcmp(st->status, so.status) != 0)
		say(im, "sales order %s %s", st->number, so.status);
	else
		say(im, "sales order %s payment %s, fulfilment %s", st->number,
		    so.payment_status, so.fulfillment_status);

	/* Receipts first: a payment that arrives completes the invoice. */
	rc = apply_receipts(im, st->sales_order_id, st->invoice_id, st->customer_id, e);
	if (rc)
		return rc;
	if (want == DOC_VOID && im->paid) {
		/* cancelled after money came in: the invoice stands, the refund
		 * will be a credit note */
		want = DOC_COMPLETED;
		if (inv_status != DOC_VOID)
			say(im, "cancelled after payment: invoice %s kept until the refund",
			    st->invoice_number);
	}
	if (edited && !rebuilt) {
		/* settled books are not re-posted from a changed state */
	} else if (want != DOC_TEMPORARY && want != inv_status &&
		   (inv_status == DOC_TEMPORARY || want == DOC_COMPLETED)) {
		/* temporary -> completed or void; void -> completed when money
		 * arrived on an order that had been voided */
		rc = im->ops->invoice_set_status(im->s, st->invoice_id, want, e);
		if (rc)
			return rc;
		inv_status = want;
		say(im, "invoice %s %s", st->invoice_number, doc_status_word(want));
		if (want == DOC_COMPLETED && !st->invoice_posted) {
			rc = post(im, "invoice", st->invoice_number, st->sales_order_id, im->date,
				  im->plan.inv_journal, im->plan.n_inv_journal, e);
			if (rc)
				return rc;
		}
	} else if (inv_status == DOC_COMPLETED && want == DOC_VOID) {
		/* cancelled before any money came in: void and reverse */
		rc = im->ops->invoice_set_status(im->s, st->invoice_id, DOC_VOID, e);
		if (rc)
			return rc;
		inv_status = DOC_VOID;
		say(im, "invoice %s void", st->invoice_number);
		if (st->invoice_posted) {
			/* reverse exactly what was posted */
			struct journal_line *rev = NULL;
			size_t n_rev = 0;

			rc = im->ops->journal_lines(im->s, im->shop->company_id, "invoice",
						    st->invoice_number, im->a, &rev,
						    &n_rev, e);
			if (rc)
				return rc;
			books_reverse(rev, n_rev);
			rc = post(im, "invoice-void", st->invoice_number,
				  st->sales_order_id, im->event_date, rev, n_rev, e);
			if (rc)
				return rc;
		}
	}
	if (rebuilt)
		rc = im->ops->sales_order_lines(im->s, st->sales_order_id, im->a, &stored,
						&n_stored, e);
	if (rc)
		return rc;
	rc = apply_stock(im, st->sales_order_id, st->number, stored, n_stored, e);
	if (rc)
		return rc;
	res->outcome = IMPORT_UPDATED;
	snprintf(res->invoice_status, sizeof(res->invoice_status), "%s",
		 doc_status_word(inv_status));
	return 0;
}

/* ---- the use case ---- */

static int write_log(struct imp *im, enum import_outcome outcome,
		     int64_t so_id, const char *origin, struct err *e)
{
	struct import_log_rec l;

	memset(&l, 0, sizeof(l));
	l.shop_id = im->shop->id;
	l.has_order_id = true;
	l.shopify_order_id = im->o->id;
	l.order_name = im->o->name;
	l.origin = origin;
	l.outcome = import_outcome_word(outcome);
	l.message = im->msg;
	l.sales_order_id = so_id;
	return im->ops->import_log(im->s, &l, e);
}

/* Where a financial status stands in an order's life; -1 when unknown. */
static int fin_rank(const char *fin)
{
	static const char *const life[] = {"pending", "authorized", "partially_paid",
					   "paid", "partially_refunded", "refunded"};

	for (int i = 0; fin && i < (int)(sizeof(life) / sizeof(life[0])); i++)
		if (strcmp(fin, life[i]) == 0)
			return i;
	if (fin && strcmp(fin, "voided") == 0)
		return 2; /* after an authorisation, never after money */
	return -1;
}

/* Newer (1), same (0) or older (-1) than what the store holds. Shopify's
 * updated_at has whole seconds: two states in the same second (or with no
 * updated_at at all) are ordered by how far the order has come in its
 * life, so a payment or a cancellation is never lost. */
static int cmp_updated(const struct shopify_order *o, const struct order_state *st)
{
	if (o->updated_at_unix != st->updated_at_unix)
		return o->updated_at_unix < st->updated_at_unix ? -1 : 1;
	if (o->updated_at_ms != st->updated_at_ms)
		return o->updated_at_ms < st->updated_at_ms ? -1 : 1;
	if (o->cancelled_at && strcmp(st->status, "cancelled") != 0)
		return 1;
	if (fin_rank(o->financial_status) > fin_rank(st->payment_status))
		return 1;
	return 0;
}

int import_order(struct store *s, const struct shop_rec *shop,
		 const struct shopify_order *o, const char *origin,
		 struct arena *scratch, struct import_result *res,
		 struct err *e)
{
	struct imp im;
	struct order_state st;
	int64_t so_id = 0;
	bool in_tx = false, found;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&im, 0, sizeof(im));
	memset(&st, 0, sizeof(st));
	im.s = s;
	im.ops = s->ops;
	im.shop = shop;
	im.o = o;
	im.a = scratch;
	im.source = arena_printf(scratch, "Shopify %s", o->name ? o->name : "?");
	im.date = doc_date(scratch, o);
	im.event_date = im.date;
	if (!im.source || !im.date) {
		rc = err_set(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	rc = s->ops->tx_begin(s, e);
	if (rc)
		goto fail;
	in_tx = true;
	rc = s->ops->order_state(s, shop->id, o->id, scratch, &st, e);
	if (rc != 0 && rc != ERR_NOTFOUND)
		goto fail;
	found = rc == 0;
	if (found && st.currency && strcmp(st.currency, o->currency) != 0) {
		rc = err_set(e, ERR_INVALID,
			     "currency changed from %s to %s: a Shopify order keeps its currency; not applied",
			     st.currency, o->currency);
		goto fail;
	}
	if (found && o->updated_at) {
		char d[16];
		time_local_date(o->updated_at, d, sizeof(d));
		if (d[0])
			im.event_date = arena_strdup(scratch, d);
	}
	if (found && st.test != o->test) {
		/* Whether an order is a test order is fixed when it is first
		 * imported: its books effect must not flip half-way. */
		struct shopify_order *fixed = arena_alloc(scratch, sizeof(*fixed));

		if (!fixed) {
			rc = err_set(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		*fixed = *o;
		fixed->test = st.test;
		o = im.o = fixed;
		say(&im, "test flag %s ignored: the order was imported as %s",
		    st.test ? "false" : "true", st.test ? "a test order" : "a real order");
	}
	rc = books_plan(o, shop->include_test, scratch, &im.plan, e);
	if (rc)
		goto fail;
	im.post = shop->auto_post && im.plan.books_effect;
	if (found) {
		int c = cmp_updated(o, &st);

		so_id = st.sales_order_id;
		snprintf(res->so_number, sizeof(res->so_number), "%s", st.number);
		snprintf(res->invoice_status, sizeof(res->invoice_status), "%s",
			 doc_status_word(st.invoice_status));
		if (c <= 0) {
			res->outcome = c == 0 ? IMPORT_UNCHANGED : IMPORT_STALE;
			say(&im, c == 0 ? "already imported with this updated_at"
					: "older than the state already imported (%s): ignored",
			    st.number);
			goto done;
		}
		rc = update_order(&im, &st, res, e);
	} else {
		rc = create_order(&im, res, &so_id, e);
	}
	if (rc)
		goto fail;
	if (im.plan.notes)
		say(&im, "%s", im.plan.notes);
done:
	res->needs_review = im.plan.inv.needs_review;
	rc = write_log(&im, res->outcome, so_id, origin, e);
	if (rc)
		goto fail;
	rc = s->ops->tx_commit(s, e);
	if (rc)
		goto fail;
	snprintf(res->message, sizeof(res->message), "%s", im.msg);
	return 0;

fail:
	if (in_tx) {
		struct err ignored;
		s->ops->tx_rollback(s, &ignored);
	}
	res->outcome = IMPORT_REJECTED;
	res->so_number[0] = '\0';
	snprintf(res->message, sizeof(res->message), "%s",
		 e && e->msg[0] ? e->msg : "import failed");
	{
		struct err ignored;
		import_log_rejected(s, shop, true, o->id, o->name, origin,
				    res->message, &ignored);
	}
	return rc ? rc : ERR_INVALID;
}

int import_log_rejected(struct store *s, const struct shop_rec *shop,
			bool has_id, int64_t shopify_order_id,
			const char *name, const char *origin,
			const char *reason, struct err *e)
{
	struct import_log_rec l;

	memset(&l, 0, sizeof(l));
	l.shop_id = shop->id;
	l.has_order_id = has_id;
	l.shopify_order_id = shopify_order_id;
	l.order_name = name;
	l.origin = origin;
	l.outcome = "rejected";
	l.message = reason;
	return s->ops->import_log(s, &l, e);
}
