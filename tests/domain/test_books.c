/* test_books.c - the pure books plan: codes, names, invoice figures and
 * the invoice journal computed from a hand-built order struct. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/arena.h"
#include "domain/books.h"

static struct arena A;
static void setup(void) { arena_init(&A); }
static void teardown(void) { arena_release(&A); }
TestSuite(books, .init = setup, .fini = teardown);

Test(books, product_codes)
{
	char code[64];

	books_product_code("T-Shirt", "Red / L", code, 60);
	cr_assert_str_eq(code, "T-Shirt / Red / L");
	books_product_code("Canvas Tote", "Default Title", code, 60);
	cr_assert_str_eq(code, "Canvas Tote");
	books_product_code("Canvas Tote", " Default ", code, 60);
	cr_assert_str_eq(code, "Canvas Tote");
	books_product_code("Canvas Tote", NULL, code, 60);
	cr_assert_str_eq(code, "Canvas Tote");
	books_product_code("  ", NULL, code, 60);
	cr_assert_str_eq(code, "Untitled product");
	/* "Crème" cut inside the two-byte è keeps only whole code points */
	books_product_code("Crème brûlée", NULL, code, 4);
	cr_assert_str_eq(code, "Cr\xc3\xa8");
	books_product_code("Crème brûlée", NULL, code, 3);
	cr_assert_str_eq(code, "Cr");
}

Test(books, customer_names)
{
	struct shopify_order o;

	memset(&o, 0, sizeof(o));
	cr_assert_null(books_customer_name(&o, &A));
	o.customer.present = true;
	o.customer.has_id = true;
	o.customer.id = 207119551;
	cr_assert_str_eq(books_customer_name(&o, &A), "Shopify customer 207119551");
	o.shipping_address.present = true;
	o.shipping_address.name = "Maya Lindqvist";
	cr_assert_str_eq(books_customer_name(&o, &A), "Maya Lindqvist");
	o.billing.present = true;
	o.billing.first_name = "Ines";
	cr_assert_str_eq(books_customer_name(&o, &A), "Ines");
	o.customer.first_name = " Bob ";
	o.customer.last_name = "Norman";
	cr_assert_str_eq(books_customer_name(&o, &A), "Bob Norman");
}

static const struct journal_line *find(const struct books_plan *p, enum acct_kind k)
{
	for (size_t i = 0; i < p->n_inv_journal; i++)
		if (p->inv_journal[i].kind == k)
			return &p->inv_journal[i];
	return NULL;
}

Test(books, discount_before_tax_plan)
{
	struct shopify_order o;
	struct so_line li;
	struct so_tax_line tax = {"Sales Tax", 800, "0.1", false};
	struct books_plan p;
	struct err e;

	memset(&o, 0, sizeof(o));
	memset(&li, 0, sizeof(li));
	li.has_variant_id = true;
	li.variant_id = 1;
	li.quantity = 1;
	li.price = 10000;
	li.discount = 2000;
	li.requires_shipping = true;
	li.tax_lines = &tax;
	li.n_tax_lines = 1;
	o.id = 1;
	strcpy(o.currency, "USD");
	o.exp = 2;
	o.total_price = 8800;
	o.financial_status = "paid";
	o.lines = &li;
	o.n_lines = 1;
	cr_assert_eq(books_plan(&o, false, &A, &p, &e), 0, "%s", e.msg);
	cr_assert_eq(p.inv.total, 8800);
	cr_assert_eq(p.inv.subtotal, 8000);
	cr_assert_eq(p.inv.tax, 800);
	cr_assert_eq(p.inv.discounts, 2000);
	cr_assert_eq(p.inv.rounding, 0);
	cr_assert_eq(p.invoice_status, DOC_COMPLETED);
	cr_assert_eq(p.lines[0].reserve, 1);
	cr_assert_eq(find(&p, ACCT_RECEIVABLE)->debit, 8800);
	cr_assert_eq(find(&p, ACCT_DISCOUNTS)->debit, 2000);
	cr_assert_eq(find(&p, ACCT_SALES)->credit, 10000);
	cr_assert_str_eq(find(&p, ACCT_TAX)->label, "Sales Tax");
	cr_assert_eq(find(&p, ACCT_TAX)->credit, 800);
	cr_assert(books_balanced(p.inv_journal, p.n_inv_journal, NULL, NULL));
	cr_assert_eq(p.n_receipts, 1);
	cr_assert_eq(p.receipts[0].amount, 8800);
	cr_assert_eq(p.receipts[0].status, DOC_COMPLETED);
	cr_assert_str_eq(p.receipts[0].gateway, "manual");

	/* the same order cancelled before payment: void, nothing reserved */
	o.financial_status = "voided";
	o.cancelled_at = "2024-05-02T10:00:00Z";
	cr_assert_eq(books_plan(&o, false, &A, &p, &e), 0);
	cr_assert_eq(p.invoice_status, DOC_VOID);
	cr_assert_eq(p.lines[0].reserve, 0);
	cr_assert_eq(p.n_receipts, 0);
}

Test(books, receipt_journal_and_reverse)
{
	struct receipt_plan r = {"txn:1", true, 1, 4000, "gift_card", DOC_COMPLETED};
	struct journal_line jl[2];
	size_t n = books_receipt_journal(&r, jl);

	cr_assert_eq(n, 2);
	cr_assert_eq(jl[0].kind, ACCT_GIFT_CARD);
	cr_assert_eq(jl[0].debit, 4000);
	cr_assert_eq(jl[1].kind, ACCT_RECEIVABLE);
	cr_assert_eq(jl[1].credit, 4000);
	books_reverse(jl, n);
	cr_assert_eq(jl[0].credit, 4000);
	cr_assert_eq(jl[1].debit, 4000);
	cr_assert_str_eq(acct_kind_info(ACCT_SUSPENSE)->code, "9990");
	cr_assert_str_eq(acct_kind_info(ACCT_TAX)->key, "tax");
	cr_assert(acct_kind_info(ACCT_CLEARING)->per_label);
}
