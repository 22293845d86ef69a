/* books.c - from a mapped Shopify order to the documents the books need:
 * invoice figures, the invoice journal, receipts and reservations. Pure
 * computation over int64 minor units; see books.h for the rules. */
#include "domain/books.h"

#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "base/text.h"

static const struct acct_info acct_table[ACCT_KIND_COUNT] = {
#define ACCT_INFO_(k, code, name, type, per_label) \
	[k] = {code, name, type, per_label, NULL},
	ACCT_KINDS(ACCT_INFO_)
#undef ACCT_INFO_
};

static const char *const acct_keys[ACCT_KIND_COUNT] = {
	[ACCT_RECEIVABLE] = "receivable", [ACCT_CLEARING] = "clearing",
	[ACCT_INVENTORY] = "inventory",   [ACCT_GIFT_CARD] = "gift_card",
	[ACCT_TAX] = "tax",               [ACCT_CHANNEL_TAX] = "channel_tax",
	[ACCT_DUTIES] = "duties",         [ACCT_SALES] = "sales",
	[ACCT_DISCOUNTS] = "discounts",   [ACCT_SHIPPING] = "shipping",
	[ACCT_TIPS] = "tips",             [ACCT_FEES] = "fees",
	[ACCT_ROUNDING] = "rounding",     [ACCT_CASH_ROUNDING] = "cash_rounding",
	[ACCT_SUSPENSE] = "suspense",
};

const struct acct_info *acct_kind_info(enum acct_kind k)
{
	static struct acct_info with_keys[ACCT_KIND_COUNT];
	static int ready;

	if ((int)k < 0 || k >= ACCT_KIND_COUNT)
		return NULL;
	if (!ready) {
		/* the table is constant; filling keys twice is harmless */
		for (int i = 0; i < ACCT_KIND_COUNT; i++) {
			with_keys[i] = acct_table[i];
			with_keys[i].key = acct_keys[i];
		}
		ready = 1;
	}
	return &with_keys[k];
}

const char *doc_status_word(enum doc_status s)
{
	switch (s) {
	case DOC_TEMPORARY:
		return "temporary";
	case DOC_COMPLETED:
		return "completed";
	case DOC_VOID:
		return "void";
	}
	return "temporary";
}

int doc_status_parse(const char *word, enum doc_status *out)
{
	if (!word)
		return ERR_INVALID;
	if (strcmp(word, "temporary") == 0)
		*out = DOC_TEMPORARY;
	else if (strcmp(word, "completed") == 0)
		*out = DOC_COMPLETED;
	else if (strcmp(word, "void") == 0)
		*out = DOC_VOID;
	else
		return ERR_INVALID;
	return 0;
}

/* ---- journal building ---- */

struct jbuild {
	struct journal_line *lines;
	size_t n, cap;
};

/* Add `amount` as a credit to (kind, label); a negative amount is a debit
 * of its magnitude. Zero adds nothing. */
static void jb_credit(struct jbuild *jb, enum acct_kind kind,
		      const char *label, int64_t amount)
{
	struct journal_line *l;

	if (amount == 0 || jb->n == jb->cap)
		return;
	l = &jb->lines[jb->n++];
	l->kind = kind;
	l->label = label;
	l->debit = amount < 0 ? -amount : 0;
	l->credit = amount > 0 ? amount : 0;
}

static void jb_debit(struct jbuild *jb, enum acct_kind kind,
		     const char *label, int64_t amount)
{
	jb_credit(jb, kind, label, amount == INT64_MIN ? amount : -amount);
}

/* Credit tax lines to tax payable per title (or to channel-remitted tax),
 * adding to the line already there for that account. */
static void jb_tax(struct jbuild *jb, const struct so_tax_line *tl, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		enum acct_kind kind = tl[k].channel_liable ? ACCT_CHANNEL_TAX : ACCT_TAX;
		const char *label = kind == ACCT_CHANNEL_TAX ? NULL
				    : text_blank(tl[k].title) ? "Tax"
							      : tl[k].title;
		size_t j;

		for (j = 0; j < jb->n; j++)
			if (jb->lines[j].kind == kind &&
			    (label == NULL || (jb->lines[j].label &&
					       strcmp(jb->lines[j].label, label) == 0)))
				break;
		if (j < jb->n) {
			int64_t net = jb->lines[j].credit - jb->lines[j].debit + tl[k].amount;
			jb->lines[j].credit = net > 0 ? net : 0;
			jb->lines[j].debit = net < 0 ? -net : 0;
		} else {
			jb_credit(jb, kind, label, tl[k].amount);
		}
	}
}

size_t books_receipt_journal(const struct receipt_plan *r,
			     struct journal_line out[2])
{
	struct jbuild jb = {out, 0, 2};
	bool gift = r->gateway && strcmp(r->gateway, "gift_card") == 0;

	if (gift)
		jb_debit(&jb, ACCT_GIFT_CARD, NULL, r->amount);
	else
		jb_debit(&jb, ACCT_CLEARING, r->gateway ? r->gateway : "manual",
			 r->amount);
	jb_credit(&jb, ACCT_RECEIVABLE, NULL, r->amount);
	return jb.n;
}

void books_reverse(struct journal_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int64_t t = lines[i].debit;
		lines[i].debit = lines[i].credit;
		lines[i].credit = t;
	}
}

bool books_balanced(const struct journal_line *lines, size_t n,
		    int64_t *debits, int64_t *credits)
{
	int64_t d = 0, c = 0;

	for (size_t i = 0; i < n; i++) {
		d += lines[i].debit;
		c += lines[i].credit;
	}
	if (debits)
		*debits = d;
	if (credits)
		*credits = c;
	return d == c;
}

/* ---- naming ---- */

static bool is_default_variant(const char *vt)
{
	char t[64];

	if (text_blank(vt))
		return true;
	text_trim(vt, t, sizeof(t));
	return strcmp(t, "Default Title") == 0 || strcmp(t, "Default") == 0;
}

void books_product_code(const char *title, const char *variant_title,
			char *out, size_t max)
{
	char full[1024];
	size_t n;

	if (text_blank(title))
		title = "Untitled product";
	if (is_default_variant(variant_title))
		snprintf(full, sizeof(full), "%s", title);
	else
		snprintf(full, sizeof(full), "%s / %s", title, variant_title);
	n = strlen(full);
	n = utf8_cut(full, n, max);
	memcpy(out, full, n);
	out[n] = '\0';
}

static const char *join_name(struct arena *a, const char *first,
			     const char *last)
{
	char f[256], l[256];

	text_trim(first, f, sizeof(f));
	text_trim(last, l, sizeof(l));
	if (f[0] && l[0])
		return arena_printf(a, "%s %s", f, l);
	if (f[0])
		return arena_strdup(a, f);
	if (l[0])
		return arena_strdup(a, l);
	return NULL;
}

static const char *address_name(struct arena *a, const struct so_address *ad)
{
	const char *n;
	char t[256];

	if (!ad->present)
		return NULL;
	n = join_name(a, ad->first_name, ad->last_name);
	if (n)
		return n;
	if (text_trim(ad->name, t, sizeof(t)))
		return arena_strdup(a, t);
	return NULL;
}

const char *books_customer_name(const struct shopify_order *o,
				struct arena *a)
{
	const char *n = NULL;

	if (o->customer.present)
		n = join_name(a, o->customer.first_name, o->customer.last_name);
	if (!n)
		n = address_name(a, &o->billing);
	if (!n)
		n = address_name(a, &o->shipping_address);
	if (!n && o->customer.present && o->customer.has_id)
		n = arena_printf(a, "Shopify customer %lld",
				 (long long)o->customer.id);
	return n;
}

/* ---- the plan ---- */

/* Largest magnitude of any invoice figure: 10^15 minor units (ten
 * trillion dollars), far inside int64 so sums of a few figures and their
 * negations are always representable. */
#define BOOKS_AMOUNT_MAX INT64_C(1000000000000000)

static bool streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void note(struct arena *a, const char **notes, const char *text)
{
	if (!text)
		return;
	*notes = *notes ? arena_printf(a, "%s; %s", *notes, text)
			: arena_strdup(a, text);
}

#define ADD(acc, v)                                          \
	do {                                                 \
		if (money_add((acc), (v), &(acc)))           \
			goto overflow;                       \
	} while (0)

static int64_t sum_tax(const struct so_tax_line *t, size_t n, bool *overflow)
{
	int64_t s = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i].amount > BOOKS_AMOUNT_MAX || t[i].amount < -BOOKS_AMOUNT_MAX ||
		    money_add(s, t[i].amount, &s))
			*overflow = true;
	return s;
}

static bool money_in(const char *fin)
{
	return streq(fin, "paid") || streq(fin, "partially_paid") ||
	       streq(fin, "partially_refunded") || streq(fin, "refunded");
}

static int plan_receipts(const struct shopify_order *o, struct arena *a,
			 struct books_plan *p)
{
	const char *fin = o->financial_status;
	const char *gw = o->first_gateway ? o->first_gateway : "manual";
	size_t n = 0;

	p->receipts = arena_alloc(a, sizeof(*p->receipts) *
					     (o->n_transactions + 1));
	if (!p->receipts)
		return ERR_NOMEM;
	if (o->has_transactions) {
		for (size_t i = 0; i < o->n_transactions; i++) {
			const struct so_transaction *t = &o->transactions[i];
			struct receipt_plan *r;

			if (t->kind != SO_TXN_SALE && t->kind != SO_TXN_CAPTURE)
				continue;
			if (t->status != SO_TXN_ST_SUCCESS &&
			    t->status != SO_TXN_ST_PENDING) {
				note(a, &p->notes,
				     arena_printf(a, "transaction %lld (%s %s) not posted",
						  (long long)t->id,
						  t->kind_text ? t->kind_text : "?",
						  t->status_text ? t->status_text : "?"));
				continue;
			}
			if (t->amount <= 0) {
				note(a, &p->notes,
				     arena_printf(a, "transaction %lld has no positive amount: not posted",
						  (long long)t->id));
				continue;
			}
			if (t->currency && strcmp(t->currency, o->currency) != 0)
				note(a, &p->notes,
				     arena_printf(a, "transaction %lld is in %s, the order in %s",
						  (long long)t->id, t->currency, o->currency));
			r = &p->receipts[n++];
			r->key = arena_printf(a, "txn:%lld", (long long)t->id);
			r->has_txn_id = true;
			r->txn_id = t->id;
			r->amount = t->amount;
			r->gateway = t->gateway && *t->gateway ? t->gateway : gw;
			r->status = t->status == SO_TXN_ST_SUCCESS ? DOC_COMPLETED
								   : DOC_TEMPORARY;
			if (!r->key)
				return ERR_NOMEM;
		}
	} else {
		int64_t outstanding = o->has_total_outstanding ? o->total_outstanding : 0;
		int64_t paid = o->total_price - outstanding;
		struct receipt_plan *r = &p->receipts[0];

		if (money_in(fin)) {
			if (streq(fin, "partially_paid") && !o->has_total_outstanding) {
				note(a, &p->notes,
				     "partially paid without total_outstanding or transactions: no receipt");
			} else if (paid > 0) {
				r->amount = paid;
				r->status = DOC_COMPLETED;
				n = 1;
			}
		} else if ((fin == NULL || streq(fin, "pending")) &&
			   !o->has_payment_terms && o->total_price > 0) {
			r->amount = o->total_price;
			r->status = DOC_TEMPORARY;
			n = 1;
		}
		if (n) {
			r->key = "derived";
			r->gateway = gw;
		}
	}
	p->n_receipts = n;
	return 0;
}

/* What Shopify never sends: an order the books cannot take as it is. */
static int books_validate(const struct shopify_order *o, struct err *e)
{
	if (o->id <= 0)
		return err_set(e, ERR_INVALID, "order id %lld is not a Shopify id",
			       (long long)o->id);
	if (o->total_price < 0)
		return err_set(e, ERR_INVALID, "total_price is negative");
	for (size_t i = 0; i < o->n_lines; i++) {
		const struct so_line *li = &o->lines[i];
		if (li->quantity < 0 || li->price < 0 || li->discount < 0)
			return err_set(e, ERR_INVALID,
				       "line_items[%zu]: negative %s", i,
				       li->quantity < 0 ? "quantity"
				       : li->price < 0	? "price"
							: "discount");
	}
	for (size_t i = 0; i < o->n_shipping_lines; i++)
		if (o->shipping_lines[i].price < 0 || o->shipping_lines[i].discount < 0)
			return err_set(e, ERR_INVALID, "shipping_lines[%zu]: negative %s", i,
				       o->shipping_lines[i].price < 0 ? "price" : "discount");
	for (size_t i = 0; i < o->n_transactions; i++)
		if (o->transactions[i].amount > BOOKS_AMOUNT_MAX ||
		    o->transactions[i].amount < -BOOKS_AMOUNT_MAX)
			return err_set(e, ERR_OVERFLOW,
				       "transactions[%zu]: amount out of range", i);
	return 0;
}

int books_plan(const struct shopify_order *o, bool include_test,
	       struct arena *a, struct books_plan *p, struct err *e)
{
	struct invoice_figures *f = &p->inv;
	int64_t gross_sales = 0, gross_gift = 0, gross_tips = 0;
	int64_t tax_goods = 0, tax_gift = 0, tax_tips = 0, tax_ship = 0;
	int64_t tax_lines_total = 0, ship_price = 0, computed = 0, diff;
	int64_t units = (int64_t)(o->n_lines + o->n_shipping_lines);
	bool ovf = false, order_level_tax = false, tip_lines = false;
	bool any_completed = false;
	struct jbuild jb;
	size_t ntax_max;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = books_validate(o, e);
	if (rc)
		return rc;
	p->cancelled = o->cancelled_at != NULL;
	p->books_effect = !o->test || include_test;
	p->pos_handover = streq(o->source_name, "pos");
	p->lines = arena_alloc(a, sizeof(*p->lines) * (o->n_lines + 1));
	p->ship = arena_alloc(a, sizeof(*p->ship) * (o->n_shipping_lines + 1));
	if (!p->lines || !p->ship)
		return err_set(e, ERR_NOMEM, "out of memory planning the invoice");

	for (size_t i = 0; i < o->n_lines; i++) {
		const struct so_line *li = &o->lines[i];
		struct line_figures *lf = &p->lines[i];
		int64_t qty;

		if (money_mul(li->price, li->quantity, &lf->gross))
			goto overflow;
		lf->discount = li->discount;
		lf->tax = sum_tax(li->tax_lines, li->n_tax_lines, &ovf);
		if (money_sub(lf->gross, lf->discount, &lf->net))
			goto overflow;
		lf->stock_item = !li->gift_card && !li->tip && li->requires_shipping &&
				 (li->has_variant_id || li->has_product_id ||
				  li->product_exists == 0);
		qty = li->has_fulfillable_quantity ? li->fulfillable_quantity
			: li->has_current_quantity ? li->current_quantity
						   : li->quantity;
		if (streq(li->fulfillment_status, "fulfilled"))
			qty = 0;
		if (qty > li->quantity)
			qty = li->quantity;
		lf->reserve = lf->stock_item && !p->cancelled && p->books_effect &&
					      !p->pos_handover && qty > 0
				      ? qty
				      : 0;
		ADD(tax_lines_total, lf->tax);
		ADD(f->discounts, lf->discount);
		if (li->tip) {
			tip_lines = true;
			ADD(gross_tips, lf->gross);
			ADD(tax_tips, lf->tax);
			ADD(f->tips, lf->net);
		} else {
			ADD(f->subtotal, lf->net);
			if (li->gift_card) {
				ADD(gross_gift, lf->gross);
				ADD(tax_gift, lf->tax);
			} else {
				ADD(gross_sales, lf->gross);
				ADD(tax_goods, lf->tax);
			}
		}
	}
	for (size_t i = 0; i < o->n_shipping_lines; i++) {
		const struct so_shipping_line *sl = &o->shipping_lines[i];
		struct ship_figures *sf = &p->ship[i];

		sf->price = sl->price;
		sf->discount = sl->discount;
		sf->tax = sum_tax(sl->tax_lines, sl->n_tax_lines, &ovf);
		ADD(ship_price, sf->price);
		ADD(f->discounts, sf->discount);
		ADD(f->shipping, sf->price - sf->discount);
		ADD(tax_ship, sf->tax);
		ADD(tax_lines_total, sf->tax);
	}
	if (ovf)
		goto overflow;
	if (!tip_lines && o->total_tip_received > 0) {
		f->tips = o->total_tip_received;
		gross_tips = o->total_tip_received;
	}
	/* Line and shipping tax lines are the detail; the order's own
	 * tax_lines are used only when no line carries any. */
	if (tax_lines_total == 0 && o->n_tax_lines > 0) {
		order_level_tax = true;
		f->tax = sum_tax(o->tax_lines, o->n_tax_lines, &ovf);
		if (ovf)
			goto overflow;
	} else {
		f->tax = tax_lines_total;
	}
	f->duties = o->total_duties;
	f->fees = o->total_additional_fees;
	f->cash_rounding = o->cash_rounding;

	ADD(computed, f->subtotal);
	ADD(computed, f->shipping);
	ADD(computed, f->tips);
	ADD(computed, f->duties);
	ADD(computed, f->fees);
	ADD(computed, f->cash_rounding);
	if (!o->taxes_included)
		ADD(computed, f->tax);
	if (money_sub(o->total_price, computed, &diff))
		goto overflow;
	if (units < 1)
		units = 1;
	if (diff != 0 && (diff <= units && diff >= -units)) {
		f->rounding = diff;
	} else if (diff != 0) {
		char d1[MONEY_FMT_MAX];
		f->unexplained = diff;
		f->needs_review = true;
		note(a, &p->notes,
		     arena_printf(a, "Shopify's total differs from its lines by %s %s: posted to suspense, needs review",
				  money_format(diff, o->exp, d1, sizeof(d1)), o->currency));
	}
	f->total = o->total_price;
	/* Every figure must be far from INT64's edges so that negating or
	 * adding two of them in the journal cannot overflow. */
	{
		const int64_t figs[] = {f->total, f->subtotal, f->discounts, f->shipping,
					f->tax, f->tips, f->duties, f->fees,
					f->cash_rounding, f->rounding, f->unexplained,
					gross_sales, gross_gift, gross_tips, ship_price,
					computed};
		for (size_t i = 0; i < sizeof(figs) / sizeof(figs[0]); i++)
			if (figs[i] > BOOKS_AMOUNT_MAX || figs[i] < -BOOKS_AMOUNT_MAX)
				goto overflow;
	}

	/* The invoice journal: Dr receivable and discounts; Cr sales, gift
	 * cards, tips, shipping (net of included tax), each tax title,
	 * duties, fees, cash rounding, rounding, suspense. */
	ntax_max = o->n_tax_lines + o->n_shipping_lines;
	for (size_t i = 0; i < o->n_lines; i++)
		ntax_max += o->lines[i].n_tax_lines;
	for (size_t i = 0; i < o->n_shipping_lines; i++)
		ntax_max += o->shipping_lines[i].n_tax_lines;
	jb.cap = 16 + ntax_max;
	jb.n = 0;
	jb.lines = arena_alloc(a, sizeof(*jb.lines) * jb.cap);
	if (!jb.lines)
		return err_set(e, ERR_NOMEM, "out of memory planning the journal");
	jb_debit(&jb, ACCT_RECEIVABLE, NULL, f->total);
	jb_debit(&jb, ACCT_DISCOUNTS, NULL, f->discounts);
	if (o->taxes_included) {
		if (order_level_tax) {
			gross_sales -= f->tax; /* included tax leaves sales */
		} else {
			gross_sales -= tax_goods;
			gross_gift -= tax_gift;
			gross_tips -= tax_tips;
			ship_price -= tax_ship;
		}
	}
	jb_credit(&jb, ACCT_SALES, NULL, gross_sales);
	jb_credit(&jb, ACCT_GIFT_CARD, NULL, gross_gift);
	jb_credit(&jb, ACCT_TIPS, NULL, gross_tips);
	jb_credit(&jb, ACCT_SHIPPING, NULL, ship_price);
	/* one credit per tax title (channel-remitted tax on its own account) */
	if (order_level_tax) {
		jb_tax(&jb, o->tax_lines, o->n_tax_lines);
	} else {
		for (size_t i = 0; i < o->n_lines; i++)
			jb_tax(&jb, o->lines[i].tax_lines, o->lines[i].n_tax_lines);
		for (size_t i = 0; i < o->n_shipping_lines; i++)
			jb_tax(&jb, o->shipping_lines[i].tax_lines,
			       o->shipping_lines[i].n_tax_lines);
	}
	jb_credit(&jb, ACCT_DUTIES, NULL, f->duties);
	jb_credit(&jb, ACCT_FEES, NULL, f->fees);
	jb_credit(&jb, ACCT_CASH_ROUNDING, NULL, f->cash_rounding);
	jb_credit(&jb, ACCT_ROUNDING, NULL, f->rounding);
	jb_credit(&jb, ACCT_SUSPENSE, NULL, f->unexplained);
	/* drop lines a merge brought to zero */
	{
		size_t w = 0;
		for (size_t i = 0; i < jb.n; i++)
			if (jb.lines[i].debit || jb.lines[i].credit)
				jb.lines[w++] = jb.lines[i];
		jb.n = w;
	}
	p->inv_journal = jb.lines;
	p->n_inv_journal = jb.n;
	if (!books_balanced(jb.lines, jb.n, NULL, NULL))
		return err_set(e, ERR_INVALID,
			       "internal: invoice journal of order %lld does not balance",
			       (long long)o->id);

	rc = plan_receipts(o, a, p);
	if (rc)
		return err_set(e, rc, "out of memory planning receipts");
	{
		int64_t received = 0;
		for (size_t i = 0; i < p->n_receipts; i++) {
			if (p->cancelled && p->receipts[i].status == DOC_TEMPORARY)
				p->receipts[i].status = DOC_VOID;
			if (p->receipts[i].status == DOC_COMPLETED) {
				any_completed = true;
				if (money_add(received, p->receipts[i].amount, &received))
					goto overflow;
			}
		}
		if (received > f->total) {
			char d1[MONEY_FMT_MAX];
			f->needs_review = true;
			note(a, &p->notes,
			     arena_printf(a, "payments exceed the invoice by %s %s: needs review",
					  money_format(received - f->total, o->exp, d1, sizeof(d1)),
					  o->currency));
		}
	}
	if (p->cancelled && !any_completed)
		p->invoice_status = DOC_VOID;
	else if (f->total == 0 || any_completed || money_in(o->financial_status) ||
		 o->has_payment_terms)
		p->invoice_status = DOC_COMPLETED;
	else
		p->invoice_status = DOC_TEMPORARY;
	if (o->test)
		note(a, &p->notes, p->books_effect ? "test order"
						   : "test order: no journal entries, no stock effect");
	return 0;

overflow:
	return err_set(e, ERR_OVERFLOW, "order %lld: amounts overflow", (long long)o->id);
}
