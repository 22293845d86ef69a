/* report.c - the read side: sales orders, customers, products, stock,
 * journal and trial balance, read through the store's portable `query`
 * and rendered as JSON (the interface.md documents) or as aligned text.
 *
 * Each report first builds its JSON document; the text rendering is made
 * from that same document, so people and scripts see the same facts.
 * Query rows are copied into a per-report arena (a row is only valid
 * during the store's callback).
 *
 * Text output shows data (order names, titles, messages) through
 * text_sanitize: a control character in a Shopify field could otherwise
 * end a table row early, forge the next one or send an escape sequence
 * to the terminal. Every table cell goes through tbl_add, which keeps a
 * display copy; the few lines printed directly use safe(). JSON output
 * needs none of it: jansson escapes every control character. */
#include "adapters/report.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/money.h"
#include "base/text.h"

/* ---- report context ---- */

struct rep {
	struct store *s;
	struct arena a;
	struct err *e;
	const char *shop_id; /* decimal text; NULL for every shop */
	bool no_shop;        /* the named shop does not exist */
	bool bad;            /* a value was not what the schema promises */
	bool nomem;          /* building JSON or a table ran out of memory */
};

static void rep_init(struct rep *p, struct store *s, struct err *e)
{
	memset(p, 0, sizeof(*p));
	p->s = s;
	p->e = e;
	arena_init(&p->a);
}

static void rep_release(struct rep *p)
{
	if (p)
		arena_release(&p->a);
}

/* The sticky failures become one error, checked once per report step. */
static int rep_check(struct rep *p)
{
	if (p->nomem)
		return err_set(p->e, ERR_NOMEM, "out of memory building the report");
	if (p->bad)
		return err_set(p->e, ERR_DB,
			       "the database holds a value the schema does not allow");
	return 0;
}

/* Resolve `shop` (never created here). A missing shop is not an error:
 * p->no_shop is set and the report is empty. */
static int rep_shop(struct rep *p, const char *shop)
{
	struct shop_rec rec;
	int rc;

	if (!shop)
		return 0;
	memset(&rec, 0, sizeof(rec));
	rc = p->s->ops->shop_open(p->s, shop, false, &p->a, &rec, p->e);
	if (rc == ERR_NOTFOUND) {
		err_clear(p->e);
		p->no_shop = true;
		return 0;
	}
	if (rc)
		return rc;
	p->shop_id = arena_printf(&p->a, "%" PRId64, rec.id);
	if (!p->shop_id)
		return err_set(p->e, ERR_NOMEM, "out of memory");
	return 0;
}

/* ---- query results ---- */

struct rows {
	size_t ncol, n, alloc;
	const char **v; /* n * ncol values (arena copies), NULL for SQL NULL */
};

struct collect {
	struct rep *p;
	struct rows *r;
	int rc;       /* why collect_row stopped the query */
	size_t got;   /* column count of a mismatched row */
};

static int collect_row(void *ctx, const struct store_row *row)
{
	struct collect *c = ctx;
	struct rows *r = c->r;
	size_t i;

	if (row->ncol != r->ncol) {
		c->got = row->ncol;
		return c->rc = ERR_DB;
	}
	if (r->n == r->alloc) {
		size_t na = r->alloc ? r->alloc * 2 : 16;
		const char **nv = arena_alloc(&c->p->a, na * r->ncol * sizeof(*nv));

		if (!nv)
			return c->rc = ERR_NOMEM;
		if (r->n)
			memcpy(nv, r->v, r->n * r->ncol * sizeof(*nv));
		r->v = nv;
		r->alloc = na;
	}
	for (i = 0; i < r->ncol; i++) {
		const char *val = row->values[i];
		const char **slot = &r->v[r->n * r->ncol + i];

		*slot = NULL;
		if (val && !(*slot = arena_strdup(&c->p->a, val)))
			return c->rc = ERR_NOMEM;
	}
	r->n++;
	return 0;
}

/* Run `sql` and keep every row of its `ncol` columns in *r. */
static int q(struct rep *p, struct rows *r, size_t ncol, const char *sql,
	     const char *const *params, size_t n_params)
{
	struct collect c;
	int rc;

	memset(r, 0, sizeof(*r));
	r->ncol = ncol;
	memset(&c, 0, sizeof(c));
	c.p = p;
	c.r = r;
	if (!sql)
		return err_set(p->e, ERR_NOMEM, "out of memory");
	rc = p->s->ops->query(p->s, sql, params, n_params, collect_row, &c, p->e);
	if (c.rc == ERR_NOMEM)
		return err_set(p->e, ERR_NOMEM, "out of memory reading the books");
	if (c.rc)
		return err_set(p->e, ERR_DB, "query returned %zu columns, expected %zu",
			       c.got, ncol);
	return rc;
}

/* Run a report query, restricted to the shop when there is one: the SQL
 * is `head`, then `cond` (e.g. "WHERE so.shop_id = ?") for a shop, then
 * `tail`. */
static int q_shop(struct rep *p, struct rows *r, size_t ncol,
		  const char *head, const char *cond, const char *tail)
{
	const char *params[1];
	const char *sql;

	if (p->shop_id) {
		params[0] = p->shop_id;
		sql = arena_printf(&p->a, "%s %s %s", head, cond, tail);
		return q(p, r, ncol, sql, params, 1);
	}
	sql = arena_printf(&p->a, "%s %s", head, tail);
	return q(p, r, ncol, sql, NULL, 0);
}

static const char *cell(const struct rows *r, size_t row, size_t col)
{
	return r->v[row * r->ncol + col];
}

/* An integer column that may be NULL: false when NULL (or malformed,
 * which also marks the report bad). */
static bool num_opt(struct rep *p, const char *v, int64_t *out)
{
	char *end;
	long long x;

	if (!v)
		return false;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || end == v || *end) {
		p->bad = true;
		return false;
	}
	*out = (int64_t)x;
	return true;
}

/* A NOT NULL integer column. */
static int64_t num(struct rep *p, const char *v)
{
	int64_t x = 0;

	if (!v)
		p->bad = true;
	else
		num_opt(p, v, &x);
	return x;
}

/* A flag column: 0/1 (SQLite) or t/f, true/false (PostgreSQL booleans). */
static bool flag(struct rep *p, const char *v)
{
	if (!v)
		return false;
	if (!strcmp(v, "t") || !strcmp(v, "true"))
		return true;
	if (!strcmp(v, "f") || !strcmp(v, "false"))
		return false;
	return num(p, v) != 0;
}

/* ---- JSON building (failures are sticky in p->nomem) ---- */

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jint(int64_t v)
{
	return json_integer((json_int_t)v);
}

/* An integer column as a JSON integer, null when NULL. */
static json_t *jid(struct rep *p, const char *v)
{
	int64_t x;

	return num_opt(p, v, &x) ? jint(x) : json_null();
}

static json_t *jmoney(int64_t amount, int exp)
{
	char buf[MONEY_FMT_MAX];

	return json_string(money_format(amount, exp, buf, sizeof(buf)));
}

/* An amount column of currency exponent `exp` as a decimal string. */
static json_t *jamount(struct rep *p, const char *v, int exp)
{
	return jmoney(num(p, v), exp);
}

static void jset(struct rep *p, json_t *obj, const char *key, json_t *val)
{
	/* json_object_set_new takes `val` over even when it fails */
	if (!obj) {
		json_decref(val);
		p->nomem = true;
	} else if (!val || json_object_set_new(obj, key, val) != 0) {
		p->nomem = true;
	}
}

/* Set key only when the column is not NULL. */
static void jset_opt(struct rep *p, json_t *obj, const char *key, const char *v)
{
	if (v)
		jset(p, obj, key, json_string(v));
}

static void jpush(struct rep *p, json_t *arr, json_t *val)
{
	if (!arr) {
		json_decref(val);
		p->nomem = true;
	} else if (!val || json_array_append_new(arr, val) != 0) {
		p->nomem = true;
	}
}

static int emit_json(struct rep *p, json_t *doc, FILE *out)
{
	int rc = rep_check(p);

	if (rc)
		return rc;
	if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF || fflush(out) != 0)
		return err_set(p->e, ERR_IO, "cannot write the report");
	return 0;
}

/* ---- text tables ---- */

struct col {
	const char *key;      /* JSON key the cell comes from */
	const char *head;     /* header text */
	bool right;           /* right-aligned (amounts, quantities) */
	const char *if_false; /* text for false ("" when NULL) */
};

#define TBL_MAX_COLS 16

struct tbl {
	struct rep *p;
	const struct col *cols;
	size_t ncol, n, alloc;
	const char **cells; /* n * ncol, borrowed (arena or JSON strings) */
};

static void tbl_init(struct tbl *t, struct rep *p, const struct col *cols,
		     size_t ncol)
{
	assert(ncol <= TBL_MAX_COLS);
	memset(t, 0, sizeof(*t));
	t->p = p;
	t->cols = cols;
	t->ncol = ncol;
}

/* Display copy of a data string for text output (text_sanitize): s itself
 * when it is plain printable ASCII, else a copy in the report's arena
 * ("" and p->nomem when the arena cannot grow). */
static const char *safe(struct rep *p, const char *s)
{
	const unsigned char *c;
	size_t n;
	char *copy;

	if (!s)
		return "";
	for (c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c >= 0x7F)
			break;
	if (!*c)
		return s;
	n = strlen(s) + 1;
	copy = arena_alloc(&p->a, n);
	if (!copy) {
		p->nomem = true;
		return "";
	}
	text_sanitize(s, copy, n);
	return copy;
}

/* Add a row of ncol cells (NULL cells print empty), each a display copy. */
static void tbl_add(struct tbl *t, const char *const *vals)
{
	size_t i;

	if (t->n == t->alloc) {
		size_t na = t->alloc ? t->alloc * 2 : 16;
		const char **nc = arena_alloc(&t->p->a, na * t->ncol * sizeof(*nc));

		if (!nc) {
			t->p->nomem = true;
			return;
		}
		if (t->n)
			memcpy(nc, t->cells, t->n * t->ncol * sizeof(*nc));
		t->cells = nc;
		t->alloc = na;
	}
	for (i = 0; i < t->ncol; i++)
		t->cells[t->n * t->ncol + i] = safe(t->p, vals[i]);
	t->n++;
}

/* Text of a JSON value for a cell. */
static const char *jtext(struct rep *p, const json_t *v, const char *if_false)
{
	const char *s;

	if (!v || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_true(v))
		return "yes";
	if (json_is_false(v))
		return if_false ? if_false : "";
	if (json_is_integer(v)) {
		s = arena_printf(&p->a, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		if (!s)
			p->nomem = true;
		return s ? s : "";
	}
	return "";
}

/* Add a row made of the JSON object's values named by the columns. */
static void tbl_add_json(struct tbl *t, const json_t *obj)
{
	const char *vals[TBL_MAX_COLS];
	size_t i;

	for (i = 0; i < t->ncol; i++)
		vals[i] = jtext(t->p, json_object_get(obj, t->cols[i].key),
				t->cols[i].if_false);
	tbl_add(t, vals);
}

/* Display width: code points of UTF-8 text (good enough for alignment). */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static void pad(FILE *out, size_t n)
{
	while (n--)
		fputc(' ', out);
}

static void tbl_line(const struct tbl *t, FILE *out, const char *indent,
		     const char *const *v, const size_t *w)
{
	size_t last = t->ncol;
	size_t c;

	while (last > 0 && !v[last - 1][0])
		last--;
	fputs(indent, out);
	for (c = 0; c < last; c++) {
		size_t cw = text_width(v[c]);

		if (c)
			fputs("  ", out);
		if (t->cols[c].right) {
			pad(out, w[c] - cw);
			fputs(v[c], out);
		} else {
			fputs(v[c], out);
			if (c + 1 < last)
				pad(out, w[c] - cw);
		}
	}
	fputc('\n', out);
}

/* Print the table with a header row (unless `header` is false); an empty
 * table prints `empty` instead. */
static int tbl_print(struct tbl *t, FILE *out, const char *indent,
		     bool header, const char *empty)
{
	const char *heads[TBL_MAX_COLS];
	size_t *w;
	size_t r, c;
	int rc = rep_check(t->p);

	if (rc)
		return rc;
	if (t->n == 0) {
		if (empty)
			fprintf(out, "%s%s\n", indent, empty);
		return 0;
	}
	w = arena_alloc(&t->p->a, t->ncol * sizeof(*w));
	if (!w)
		return err_set(t->p->e, ERR_NOMEM, "out of memory");
	for (c = 0; c < t->ncol; c++) {
		heads[c] = t->cols[c].head ? t->cols[c].head : "";
		w[c] = header ? text_width(heads[c]) : 0;
	}
	for (r = 0; r < t->n; r++)
		for (c = 0; c < t->ncol; c++) {
			size_t cw = text_width(t->cells[r * t->ncol + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	if (header)
		tbl_line(t, out, indent, heads, w);
	for (r = 0; r < t->n; r++)
		tbl_line(t, out, indent, t->cells + r * t->ncol, w);
	return 0;
}

static int finish_text(struct rep *p, FILE *out)
{
	if (ferror(out) || fflush(out) != 0)
		return err_set(p->e, ERR_IO, "cannot write the report");
	return 0;
}

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* A list report: its JSON array, or its table (`empty` when no rows). */
static int emit_list(struct rep *p, json_t *arr, bool json, FILE *out,
		     const struct col *cols, size_t ncol, const char *empty)
{
	struct tbl t;
	size_t i;
	int rc;

	if (json)
		return emit_json(p, arr, out);
	tbl_init(&t, p, cols, ncol);
	for (i = 0; i < json_array_size(arr); i++)
		tbl_add_json(&t, json_array_get(arr, i));
	rc = tbl_print(&t, out, "", true, empty);
	if (rc)
		return rc;
	return finish_text(p, out);
}

/* ---- order show ---- */

enum {
	O_ID, O_STORE, O_SHOPIFY_ID, O_NAME, O_NUMBER, O_STATUS, O_SOURCE,
	O_CURRENCY, O_PAY, O_FUL, O_GATEWAYS, O_REVIEW, O_TEST, O_DATE,
	O_CANCELLED_AT, O_CANCEL_REASON, O_CNUMBER, O_CNAME, O_CSHOPIFY,
	O_CEMAIL, O_CPHONE, O_NCOL
};

static const char order_select[] =
	"SELECT so.id, sh.name, so.shopify_order_id, so.name, so.number,"
	" so.status, so.source, so.currency, so.payment_status,"
	" so.fulfillment_status, so.gateways, so.needs_review, so.test,"
	" so.order_date, so.cancelled_at, so.cancel_reason,"
	" c.number, c.name, c.shopify_customer_id, c.email, c.phone"
	" FROM sales_order so"
	" JOIN shop sh ON sh.id = so.shop_id"
	" JOIN customer c ON c.id = so.customer_id";

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* ERR_CONFLICT naming the orders of `hdr` that share one name. */
static int order_ambiguous(struct rep *p, const struct rows *hdr)
{
	enum { SHOWN = 10 };
	const char *list = "";

	for (size_t i = 0; i < hdr->n && i < SHOWN && list; i++)
		list = arena_printf(&p->a, "%s%s%s", list, i ? ", " : "",
				    cell(hdr, i, O_NUMBER));
	if (!list)
		return err_set(p->e, ERR_NOMEM, "out of memory");
	return err_set(p->e, ERR_CONFLICT, "order %s is ambiguous: %s%s; use "
		       "the SO number or the Shopify id",
		       cell(hdr, 0, O_NAME), list,
		       hdr->n > SHOWN ? ", ..." : "");
}

/* Find the order `key` names (see report.h for the order of tries). */
static int order_find(struct rep *p, const char *key, struct rows *hdr)
{
	const char *cond[4], *val[4];
	bool by_name[4] = {false};
	size_t n = 0, i;
	int rc;

	by_name[n] = true;
	cond[n] = "so.name = ?";
	val[n++] = key;
	if (key[0] != '#') {
		by_name[n] = true;
		cond[n] = "so.name = ?";
		val[n++] = arena_printf(&p->a, "#%s", key);
	}
	cond[n] = "so.number = ?";
	val[n++] = key;
	if (all_digits(key) && strlen(key) <= 19) {
		long long id;

		errno = 0;
		id = strtoll(key, NULL, 10);
		if (errno == 0) {
			cond[n] = "so.shopify_order_id = ?";
			val[n++] = arena_printf(&p->a, "%lld", id);
		}
	}
	for (i = 0; i < n; i++) {
		const char *params[2];
		const char *sql;

		params[0] = val[i];
		params[1] = p->shop_id;
		/* a name is not unique: fetch every order carrying it */
		sql = arena_printf(&p->a, "%s WHERE %s%s ORDER BY so.id%s",
				   order_select, cond[i],
				   p->shop_id ? " AND so.shop_id = ?" : "",
				   by_name[i] ? "" : " LIMIT 1");
		if (!val[i])
			return err_set(p->e, ERR_NOMEM, "out of memory");
		rc = q(p, hdr, O_NCOL, sql, params, p->shop_id ? 2 : 1);
		if (rc)
			return rc;
		if (hdr->n > 1)
			return order_ambiguous(p, hdr);
		if (hdr->n)
			return 0;
	}
	return err_set(p->e, ERR_NOTFOUND, "order %s not found", key);
}

static int order_lines(struct rep *p, const char *so_id, int exp, json_t *doc)
{
	enum { L_CODE, L_VARIANT, L_QTY, L_PRICE, L_DISC, L_TAX, L_NET,
	       L_STOCK, L_TITLE, L_NCOL };
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	jset(p, doc, "lines", arr);
	rc = q(p, &r, L_NCOL,
	       "SELECT p.code, p.shopify_variant_id, l.quantity, l.unit_price,"
	       " l.discount, l.tax, l.net, l.stock_item, l.title"
	       " FROM sales_order_line l"
	       " LEFT JOIN product p ON p.id = l.product_id"
	       " WHERE l.sales_order_id = ? ORDER BY l.line_no",
	       &so_id, 1);
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();

		jset(p, o, "product_code", jstr(cell(&r, i, L_CODE)));
		jset(p, o, "shopify_variant_id", jid(p, cell(&r, i, L_VARIANT)));
		jset(p, o, "quantity", jint(num(p, cell(&r, i, L_QTY))));
		jset(p, o, "unit_price", jamount(p, cell(&r, i, L_PRICE), exp));
		jset(p, o, "discount", jamount(p, cell(&r, i, L_DISC), exp));
		jset(p, o, "tax", jamount(p, cell(&r, i, L_TAX), exp));
		jset(p, o, "net", jamount(p, cell(&r, i, L_NET), exp));
		jset(p, o, "stock_item", json_boolean(flag(p, cell(&r, i, L_STOCK))));
		jset(p, o, "title", jstr(cell(&r, i, L_TITLE)));
		jpush(p, arr, o);
	}
	return rc;
}

static int order_shipping(struct rep *p, const char *so_id, int exp, json_t *doc)
{
	enum { S_TITLE, S_PRICE, S_DISC, S_TAX, S_NCOL };
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	jset(p, doc, "shipping", arr);
	rc = q(p, &r, S_NCOL,
	       "SELECT title, price, discount, tax FROM sales_order_shipping"
	       " WHERE sales_order_id = ? ORDER BY line_no",
	       &so_id, 1);
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();

		jset(p, o, "title", jstr(cell(&r, i, S_TITLE)));
		jset(p, o, "price", jamount(p, cell(&r, i, S_PRICE), exp));
		jset(p, o, "discount", jamount(p, cell(&r, i, S_DISC), exp));
		jset(p, o, "tax", jamount(p, cell(&r, i, S_TAX), exp));
		jpush(p, arr, o);
	}
	return rc;
}

static int order_invoice(struct rep *p, const char *so_id, json_t *doc)
{
	static const char *const amounts[] = {
		"total", "subtotal", "discounts", "shipping", "tax", "tips",
		"rounding", "unexplained", "duties", "fees", "cash_rounding",
	};
	enum { I_NUMBER, I_STATUS, I_AMOUNTS, I_DUE = I_AMOUNTS + 11, I_CURRENCY,
	       I_NCOL };
	struct rows r;
	json_t *o;
	size_t k;
	int exp;
	int rc;

	rc = q(p, &r, I_NCOL,
	       "SELECT number, status, total, subtotal, discounts, shipping, tax,"
	       " tips, rounding, unexplained, duties, fees, cash_rounding,"
	       " due_date, currency"
	       " FROM invoice WHERE sales_order_id = ? ORDER BY id",
	       &so_id, 1);
	if (rc)
		return rc;
	if (r.n == 0) {
		jset(p, doc, "invoice", json_null());
		return 0;
	}
	exp = money_exponent(cell(&r, 0, I_CURRENCY));
	o = json_object();
	jset(p, doc, "invoice", o);
	jset(p, o, "number", jstr(cell(&r, 0, I_NUMBER)));
	jset(p, o, "status", jstr(cell(&r, 0, I_STATUS)));
	for (k = 0; k < NCOLS(amounts); k++)
		jset(p, o, amounts[k], jamount(p, cell(&r, 0, I_AMOUNTS + k), exp));
	jset(p, o, "due_date", jstr(cell(&r, 0, I_DUE)));
	return 0;
}

static int order_receipts(struct rep *p, const char *so_id, json_t *doc)
{
	enum { R_NUMBER, R_STATUS, R_AMOUNT, R_GATEWAY, R_TXN, R_CURRENCY,
	       R_NCOL };
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	jset(p, doc, "receipts", arr);
	rc = q(p, &r, R_NCOL,
	       "SELECT number, status, amount, gateway, shopify_transaction_id,"
	       " currency FROM receipt WHERE sales_order_id = ? ORDER BY id",
	       &so_id, 1);
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();
		int exp = money_exponent(cell(&r, i, R_CURRENCY));

		jset(p, o, "number", jstr(cell(&r, i, R_NUMBER)));
		jset(p, o, "status", jstr(cell(&r, i, R_STATUS)));
		jset(p, o, "amount", jamount(p, cell(&r, i, R_AMOUNT), exp));
		jset(p, o, "gateway", jstr(cell(&r, i, R_GATEWAY)));
		jset(p, o, "shopify_transaction_id", jid(p, cell(&r, i, R_TXN)));
		jpush(p, arr, o);
	}
	return rc;
}

static int order_journal(struct rep *p, const char *so_id, json_t *doc)
{
	enum { J_ENTRY, J_DOC, J_CODE, J_NAME, J_DEBIT, J_CREDIT, J_CURRENCY,
	       J_NCOL };
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	jset(p, doc, "journal", arr);
	rc = q(p, &r, J_NCOL,
	       "SELECT je.number, je.doc_number, a.code, a.name, jl.debit,"
	       " jl.credit, je.currency"
	       " FROM journal_entry je"
	       " JOIN journal_line jl ON jl.entry_id = je.id"
	       " JOIN account a ON a.id = jl.account_id"
	       " WHERE je.sales_order_id = ? ORDER BY je.id, jl.line_no",
	       &so_id, 1);
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();
		int exp = money_exponent(cell(&r, i, J_CURRENCY));

		jset(p, o, "entry", jstr(cell(&r, i, J_ENTRY)));
		jset(p, o, "document", jstr(cell(&r, i, J_DOC)));
		jset(p, o, "account", jstr(cell(&r, i, J_CODE)));
		jset(p, o, "account_name", jstr(cell(&r, i, J_NAME)));
		jset(p, o, "debit", jamount(p, cell(&r, i, J_DEBIT), exp));
		jset(p, o, "credit", jamount(p, cell(&r, i, J_CREDIT), exp));
		jpush(p, arr, o);
	}
	return rc;
}

static int order_reservations(struct rep *p, const char *so_id, json_t *doc)
{
	enum { V_CODE, V_WAREHOUSE, V_QTY, V_NCOL };
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	jset(p, doc, "reservations", arr);
	rc = q(p, &r, V_NCOL,
	       "SELECT p.code, w.code, r.quantity FROM reservation r"
	       " JOIN product p ON p.id = r.product_id"
	       " JOIN warehouse w ON w.id = r.warehouse_id"
	       " WHERE r.sales_order_id = ? ORDER BY r.line_no",
	       &so_id, 1);
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();

		jset(p, o, "product_code", jstr(cell(&r, i, V_CODE)));
		jset(p, o, "warehouse", jstr(cell(&r, i, V_WAREHOUSE)));
		jset(p, o, "quantity", jint(num(p, cell(&r, i, V_QTY))));
		jpush(p, arr, o);
	}
	return rc;
}

/* The whole `order show` document of the order in row 0 of `h`. */
static int order_doc(struct rep *p, const struct rows *h, json_t **out)
{
	json_t *doc = json_object();
	json_t *attrs = json_object();
	json_t *cust = json_object();
	json_t *cattrs = json_object();
	const char *so_id = cell(h, 0, O_ID);
	const char *currency = cell(h, 0, O_CURRENCY);
	int exp = money_exponent(currency);
	int rc;

	*out = doc;
	jset(p, doc, "store", jstr(cell(h, 0, O_STORE)));
	jset(p, doc, "shopify_order_id", jint(num(p, cell(h, 0, O_SHOPIFY_ID))));
	jset(p, doc, "name", jstr(cell(h, 0, O_NAME)));
	jset(p, doc, "number", jstr(cell(h, 0, O_NUMBER)));
	jset(p, doc, "status", jstr(cell(h, 0, O_STATUS)));
	jset(p, doc, "source", jstr(cell(h, 0, O_SOURCE)));
	jset(p, doc, "currency", jstr(currency));

	jset(p, doc, "attributes", attrs);
	jset(p, attrs, "payment_status", jstr(cell(h, 0, O_PAY)));
	jset(p, attrs, "fulfillment_status", jstr(cell(h, 0, O_FUL)));
	jset_opt(p, attrs, "shopify_order_id", cell(h, 0, O_SHOPIFY_ID));
	jset_opt(p, attrs, "gateways", cell(h, 0, O_GATEWAYS));

	jset(p, doc, "customer", cust);
	jset(p, cust, "number", jstr(cell(h, 0, O_CNUMBER)));
	jset(p, cust, "name", jstr(cell(h, 0, O_CNAME)));
	jset(p, cust, "attributes", cattrs);
	jset_opt(p, cattrs, "shopify customer", cell(h, 0, O_CSHOPIFY));
	jset_opt(p, cattrs, "email", cell(h, 0, O_CEMAIL));
	jset_opt(p, cattrs, "phone", cell(h, 0, O_CPHONE));

	rc = order_lines(p, so_id, exp, doc);
	if (rc == 0)
		rc = order_shipping(p, so_id, exp, doc);
	if (rc == 0)
		rc = order_invoice(p, so_id, doc);
	if (rc)
		return rc;
	jset(p, doc, "credit_notes", json_array());
	rc = order_receipts(p, so_id, doc);
	if (rc == 0)
		rc = order_journal(p, so_id, doc);
	if (rc == 0)
		rc = order_reservations(p, so_id, doc);
	if (rc)
		return rc;
	if (flag(p, cell(h, 0, O_REVIEW)))
		jset(p, doc, "needs_review", json_true());
	if (flag(p, cell(h, 0, O_TEST)))
		jset(p, doc, "test", json_true());
	jset(p, doc, "date", jstr(cell(h, 0, O_DATE)));
	if (cell(h, 0, O_CANCELLED_AT)) {
		jset(p, doc, "cancelled_at", jstr(cell(h, 0, O_CANCELLED_AT)));
		jset(p, doc, "cancel_reason", jstr(cell(h, 0, O_CANCEL_REASON)));
	}
	return rep_check(p);
}

/* ---- order show as text ---- */

static const char *js(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

static int text_section(struct rep *p, FILE *out, const char *title,
			const json_t *arr, const struct col *cols, size_t ncol)
{
	struct tbl t;
	size_t i;

	fprintf(out, "\n%s\n", title);
	tbl_init(&t, p, cols, ncol);
	for (i = 0; i < json_array_size(arr); i++)
		tbl_add_json(&t, json_array_get(arr, i));
	return tbl_print(&t, out, "  ", true, "none");
}

static int order_text(struct rep *p, const json_t *doc, FILE *out)
{
	static const struct col kv[] = {{NULL, NULL, false, NULL},
					{NULL, NULL, false, NULL}};
	static const struct col line_cols[] = {
		{"product_code", "PRODUCT", false, NULL},
		{"shopify_variant_id", "VARIANT ID", true, NULL},
		{"quantity", "QTY", true, NULL},
		{"unit_price", "UNIT PRICE", true, NULL},
		{"discount", "DISCOUNT", true, NULL},
		{"tax", "TAX", true, NULL},
		{"net", "NET", true, NULL},
		{"stock_item", "STOCK", false, "no"},
	};
	static const struct col ship_cols[] = {
		{"title", "TITLE", false, NULL},
		{"price", "PRICE", true, NULL},
		{"discount", "DISCOUNT", true, NULL},
		{"tax", "TAX", true, NULL},
	};
	static const struct col rcv_cols[] = {
		{"number", "NUMBER", false, NULL},
		{"status", "STATUS", false, NULL},
		{"amount", "AMOUNT", true, NULL},
		{"gateway", "GATEWAY", false, NULL},
		{"shopify_transaction_id", "TRANSACTION", true, NULL},
	};
	static const struct col je_cols[] = {
		{"entry", "ENTRY", false, NULL},
		{"document", "DOCUMENT", false, NULL},
		{"account", "ACCOUNT", false, NULL},
		{"account_name", "NAME", false, NULL},
		{"debit", "DEBIT", true, NULL},
		{"credit", "CREDIT", true, NULL},
	};
	static const struct col res_cols[] = {
		{"product_code", "PRODUCT", false, NULL},
		{"warehouse", "WAREHOUSE", false, NULL},
		{"quantity", "QTY", true, NULL},
	};
	static const char *const inv_keys[] = {
		"subtotal", "discounts", "shipping", "tax", "tips", "duties",
		"fees", "cash_rounding", "rounding", "unexplained", "total",
	};
	const json_t *attrs = json_object_get(doc, "attributes");
	const json_t *cust = json_object_get(doc, "customer");
	const json_t *cattrs = json_object_get(cust, "attributes");
	const json_t *inv = json_object_get(doc, "invoice");
	const json_t *lines = json_object_get(doc, "lines");
	struct tbl t;
	const char *row[2];
	char *s;
	size_t i;
	int rc;

	fprintf(out, "Sales order %s  %s\n", safe(p, js(doc, "number")),
		safe(p, js(doc, "name")));
	tbl_init(&t, p, kv, 2);
#define KV(k, v) (row[0] = (k), row[1] = (v), tbl_add(&t, row))
	KV("store", js(doc, "store"));
	KV("Shopify order", jtext(p, json_object_get(doc, "shopify_order_id"), NULL));
	KV("date", js(doc, "date"));
	KV("status", js(doc, "status"));
	KV("payment", js(attrs, "payment_status"));
	KV("fulfillment", js(attrs, "fulfillment_status"));
	if (json_object_get(attrs, "gateways"))
		KV("gateways", js(attrs, "gateways"));
	KV("source", js(doc, "source"));
	KV("currency", js(doc, "currency"));
	s = arena_printf(&p->a, "%s  %s", js(cust, "number"), js(cust, "name"));
	KV("customer", s);
	if (json_object_get(cattrs, "shopify customer"))
		KV("", arena_printf(&p->a, "Shopify customer %s",
				    js(cattrs, "shopify customer")));
	if (json_object_get(cattrs, "email"))
		KV("", js(cattrs, "email"));
	if (json_object_get(cattrs, "phone"))
		KV("", js(cattrs, "phone"));
	if (json_object_get(doc, "cancelled_at"))
		KV("cancelled", arena_printf(&p->a, "%s %s", js(doc, "cancelled_at"),
					      js(doc, "cancel_reason")));
	if (json_is_true(json_object_get(doc, "needs_review")))
		KV("NEEDS REVIEW",
		   arena_printf(&p->a, "Shopify's total differs from its lines"
			        " by %s (unexplained)", js(inv, "unexplained")));
	if (json_is_true(json_object_get(doc, "test")))
		KV("TEST ORDER", "yes");
#undef KV
	rc = tbl_print(&t, out, "  ", false, NULL);
	if (rc)
		return rc;

	/* lines: a line without a product (a tip) shows its title */
	fprintf(out, "\nLines\n");
	tbl_init(&t, p, line_cols, NCOLS(line_cols));
	for (i = 0; i < json_array_size(lines); i++) {
		const json_t *l = json_array_get(lines, i);
		const char *vals[NCOLS(line_cols)];
		size_t c;

		for (c = 0; c < NCOLS(line_cols); c++)
			vals[c] = jtext(p, json_object_get(l, line_cols[c].key),
					line_cols[c].if_false);
		if (!vals[0][0])
			vals[0] = js(l, "title");
		tbl_add(&t, vals);
	}
	rc = tbl_print(&t, out, "  ", true, "none");
	if (rc == 0)
		rc = text_section(p, out, "Shipping",
				  json_object_get(doc, "shipping"), ship_cols,
				  NCOLS(ship_cols));
	if (rc)
		return rc;

	if (json_is_object(inv)) {
		static const struct col inv_cols[] = {{NULL, NULL, false, NULL},
						      {NULL, NULL, true, NULL}};
		fprintf(out, "\nInvoice %s  %s\n", safe(p, js(inv, "number")),
			safe(p, js(inv, "status")));
		tbl_init(&t, p, inv_cols, 2);
		for (i = 0; i < NCOLS(inv_keys); i++) {
			row[0] = strcmp(inv_keys[i], "cash_rounding") == 0
					 ? "cash rounding"
					 : inv_keys[i];
			row[1] = js(inv, inv_keys[i]);
			tbl_add(&t, row);
		}
		if (json_string_value(json_object_get(inv, "due_date"))) {
			row[0] = "due date";
			row[1] = js(inv, "due_date");
			tbl_add(&t, row);
		}
		rc = tbl_print(&t, out, "  ", false, NULL);
	} else {
		fprintf(out, "\nInvoice\n  none\n");
	}
	if (rc == 0)
		fprintf(out, "\nCredit notes\n  none\n");
	if (rc == 0)
		rc = text_section(p, out, "Receipts", json_object_get(doc, "receipts"),
				  rcv_cols, NCOLS(rcv_cols));
	if (rc == 0)
		rc = text_section(p, out, "Journal", json_object_get(doc, "journal"),
				  je_cols, NCOLS(je_cols));
	if (rc == 0)
		rc = text_section(p, out, "Reservations",
				  json_object_get(doc, "reservations"), res_cols,
				  NCOLS(res_cols));
	if (rc)
		return rc;
	return finish_text(p, out);
}

int report_order_show(struct store *s, const char *shop,
		      const char *name_or_id, bool json, FILE *out,
		      struct err *e)
{
	struct rep p;
	struct rows hdr;
	json_t *doc = NULL;
	int rc;

	rep_init(&p, s, e);
	rc = rep_shop(&p, shop);
	if (rc)
		goto out;
	if (p.no_shop) {
		rc = err_set(e, ERR_NOTFOUND, "order %s not found", name_or_id);
		goto out;
	}
	rc = order_find(&p, name_or_id, &hdr);
	if (rc)
		goto out;
	rc = order_doc(&p, &hdr, &doc);
	if (rc)
		goto out;
	rc = json ? emit_json(&p, doc, out) : order_text(&p, doc, out);
out:
	json_decref(doc);
	rep_release(&p);
	return rc;
}

/* ---- lists ---- */

int report_orders(struct store *s, const char *shop, bool json, FILE *out,
		  struct err *e)
{
	enum { N_NUMBER, N_NAME, N_SHOPIFY_ID, N_DATE, N_CNAME, N_CNUMBER,
	       N_STATUS, N_PAY, N_FUL, N_INV, N_INV_STATUS, N_INV_TOTAL,
	       N_TOTAL_PRICE, N_CURRENCY, N_STORE, N_REVIEW, N_TEST, N_NCOL };
	static const struct col cols[] = {
		{"number", "NUMBER", false, NULL},
		{"name", "NAME", false, NULL},
		{"date", "DATE", false, NULL},
		{"customer", "CUSTOMER", false, NULL},
		{"status", "STATUS", false, NULL},
		{"payment_status", "PAYMENT", false, NULL},
		{"fulfillment_status", "FULFILLMENT", false, NULL},
		{"invoice_status", "INVOICE", false, NULL},
		{"total", "TOTAL", true, NULL},
		{"currency", "CUR", false, NULL},
		{"needs_review", "REVIEW", false, NULL},
		{"test", "TEST", false, NULL},
	};
	struct rep p;
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	rep_init(&p, s, e);
	rc = rep_shop(&p, shop);
	if (rc || p.no_shop)
		goto emit;
	rc = q_shop(&p, &r, N_NCOL,
		    "SELECT so.number, so.name, so.shopify_order_id, so.order_date,"
		    " c.name, c.number, so.status, so.payment_status,"
		    " so.fulfillment_status, inv.number, inv.status, inv.total,"
		    " so.total_price, so.currency, sh.name, so.needs_review, so.test"
		    " FROM sales_order so"
		    " JOIN shop sh ON sh.id = so.shop_id"
		    " JOIN customer c ON c.id = so.customer_id"
		    " LEFT JOIN invoice inv ON inv.sales_order_id = so.id",
		    "WHERE so.shop_id = ?", "ORDER BY so.id");
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();
		const char *cur = cell(&r, i, N_CURRENCY);
		const char *total = cell(&r, i, N_INV_TOTAL);

		if (!total)
			total = cell(&r, i, N_TOTAL_PRICE);
		jset(&p, o, "number", jstr(cell(&r, i, N_NUMBER)));
		jset(&p, o, "name", jstr(cell(&r, i, N_NAME)));
		jset(&p, o, "shopify_order_id", jint(num(&p, cell(&r, i, N_SHOPIFY_ID))));
		jset(&p, o, "date", jstr(cell(&r, i, N_DATE)));
		jset(&p, o, "customer", jstr(cell(&r, i, N_CNAME)));
		jset(&p, o, "customer_number", jstr(cell(&r, i, N_CNUMBER)));
		jset(&p, o, "status", jstr(cell(&r, i, N_STATUS)));
		jset(&p, o, "payment_status", jstr(cell(&r, i, N_PAY)));
		jset(&p, o, "fulfillment_status", jstr(cell(&r, i, N_FUL)));
		jset(&p, o, "invoice", jstr(cell(&r, i, N_INV)));
		jset(&p, o, "invoice_status", jstr(cell(&r, i, N_INV_STATUS)));
		jset(&p, o, "total", jamount(&p, total, money_exponent(cur)));
		jset(&p, o, "currency", jstr(cur));
		jset(&p, o, "store", jstr(cell(&r, i, N_STORE)));
		jset(&p, o, "needs_review", json_boolean(flag(&p, cell(&r, i, N_REVIEW))));
		jset(&p, o, "test", json_boolean(flag(&p, cell(&r, i, N_TEST))));
		jpush(&p, arr, o);
	}
emit:
	if (rc == 0)
		rc = emit_list(&p, arr, json, out, cols, NCOLS(cols), "no orders");
	json_decref(arr);
	rep_release(&p);
	return rc;
}

int report_customers(struct store *s, const char *shop, bool json,
		     FILE *out, struct err *e)
{
	enum { C_NUMBER, C_NAME, C_SHOPIFY_ID, C_EMAIL, C_PHONE, C_ORDERS,
	       C_GUEST, C_STORE, C_NCOL };
	static const struct col cols[] = {
		{"number", "NUMBER", false, NULL},
		{"name", "NAME", false, NULL},
		{"shopify_customer_id", "SHOPIFY ID", true, NULL},
		{"email", "EMAIL", false, NULL},
		{"phone", "PHONE", false, NULL},
		{"orders", "ORDERS", true, NULL},
		{"guest", "GUEST", false, NULL},
	};
	struct rep p;
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	rep_init(&p, s, e);
	rc = rep_shop(&p, shop);
	if (rc || p.no_shop)
		goto emit;
	rc = q_shop(&p, &r, C_NCOL,
		    "SELECT c.number, c.name, c.shopify_customer_id, c.email,"
		    " c.phone,"
		    " (SELECT COUNT(*) FROM sales_order so WHERE so.customer_id = c.id),"
		    " c.guest, sh.name"
		    " FROM customer c JOIN shop sh ON sh.id = c.shop_id",
		    "WHERE c.shop_id = ?", "ORDER BY c.id");
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();

		jset(&p, o, "number", jstr(cell(&r, i, C_NUMBER)));
		jset(&p, o, "name", jstr(cell(&r, i, C_NAME)));
		jset(&p, o, "shopify_customer_id", jid(&p, cell(&r, i, C_SHOPIFY_ID)));
		jset(&p, o, "email", jstr(cell(&r, i, C_EMAIL)));
		jset(&p, o, "phone", jstr(cell(&r, i, C_PHONE)));
		jset(&p, o, "orders", jint(num(&p, cell(&r, i, C_ORDERS))));
		jset(&p, o, "guest", json_boolean(flag(&p, cell(&r, i, C_GUEST))));
		jset(&p, o, "store", jstr(cell(&r, i, C_STORE)));
		jpush(&p, arr, o);
	}
emit:
	if (rc == 0)
		rc = emit_list(&p, arr, json, out, cols, NCOLS(cols), "no customers");
	json_decref(arr);
	rep_release(&p);
	return rc;
}

int report_log(struct store *s, const char *shop, bool json, FILE *out,
	       struct err *e)
{
	enum { L_AT, L_OUTCOME, L_NAME, L_ORDER_ID, L_NUMBER, L_ORIGIN, L_MESSAGE,
	       L_STORE, L_NCOL };
	static const struct col cols[] = {
		{"at", "AT", false, NULL},
		{"outcome", "OUTCOME", false, NULL},
		{"order", "ORDER", false, NULL},
		{"sales_order", "SALES ORDER", false, NULL},
		{"origin", "ORIGIN", false, NULL},
		{"message", "MESSAGE", false, NULL},
	};
	struct rep p;
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	rep_init(&p, s, e);
	rc = rep_shop(&p, shop);
	if (rc || p.no_shop)
		goto emit;
	rc = q_shop(&p, &r, L_NCOL,
		    "SELECT l.at, l.outcome, l.order_name, l.shopify_order_id,"
		    " so.number, l.origin, l.message, sh.name"
		    " FROM import_log l JOIN shop sh ON sh.id = l.shop_id"
		    " LEFT JOIN sales_order so ON so.id = l.sales_order_id",
		    "WHERE l.shop_id = ?", "ORDER BY l.id");
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();

		jset(&p, o, "at", jstr(cell(&r, i, L_AT)));
		jset(&p, o, "outcome", jstr(cell(&r, i, L_OUTCOME)));
		jset(&p, o, "order", jstr(cell(&r, i, L_NAME)));
		jset(&p, o, "shopify_order_id", jid(&p, cell(&r, i, L_ORDER_ID)));
		jset(&p, o, "sales_order", jstr(cell(&r, i, L_NUMBER)));
		jset(&p, o, "origin", jstr(cell(&r, i, L_ORIGIN)));
		jset(&p, o, "message", jstr(cell(&r, i, L_MESSAGE)));
		jset(&p, o, "store", jstr(cell(&r, i, L_STORE)));
		jpush(&p, arr, o);
	}
emit:
	if (rc == 0)
		rc = emit_list(&p, arr, json, out, cols, NCOLS(cols), "no imports logged");
	json_decref(arr);
	rep_release(&p);
	return rc;
}

int report_products(struct store *s, const char *shop, bool json,
		    FILE *out, struct err *e)
{
	enum { P_CODE, P_TITLE, P_VTITLE, P_VARIANT, P_PRODUCT, P_SKU, P_PRICE,
	       P_CURRENCY, P_STOCK, P_GIFT, P_SHOPIFY, P_STORE, P_NCOL };
	static const struct col cols[] = {
		{"code", "CODE", false, NULL},
		{"shopify_variant_id", "VARIANT ID", true, NULL},
		{"shopify_product_id", "PRODUCT ID", true, NULL},
		{"sku", "SKU", false, NULL},
		{"price", "PRICE", true, NULL},
		{"currency", "CUR", false, NULL},
		{"stock_item", "STOCK", false, "no"},
		{"gift_card", "GIFT CARD", false, "no"},
		{"shopify", "SHOPIFY", false, "no"},
	};
	struct rep p;
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	rep_init(&p, s, e);
	rc = rep_shop(&p, shop);
	if (rc || p.no_shop)
		goto emit;
	rc = q_shop(&p, &r, P_NCOL,
		    "SELECT p.code, p.title, p.variant_title, p.shopify_variant_id,"
		    " p.shopify_product_id, p.sku, p.price, p.currency,"
		    " p.stock_item, p.gift_card, p.shopify, sh.name"
		    " FROM product p JOIN shop sh ON sh.id = p.shop_id",
		    "WHERE p.shop_id = ?", "ORDER BY p.id");
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();
		const char *cur = cell(&r, i, P_CURRENCY);

		jset(&p, o, "code", jstr(cell(&r, i, P_CODE)));
		jset(&p, o, "title", jstr(cell(&r, i, P_TITLE)));
		jset(&p, o, "variant_title", jstr(cell(&r, i, P_VTITLE)));
		jset(&p, o, "shopify_variant_id", jid(&p, cell(&r, i, P_VARIANT)));
		jset(&p, o, "shopify_product_id", jid(&p, cell(&r, i, P_PRODUCT)));
		jset(&p, o, "sku", jstr(cell(&r, i, P_SKU)));
		jset(&p, o, "price", jamount(&p, cell(&r, i, P_PRICE), money_exponent(cur)));
		jset(&p, o, "currency", jstr(cur));
		jset(&p, o, "stock_item", json_boolean(flag(&p, cell(&r, i, P_STOCK))));
		jset(&p, o, "gift_card", json_boolean(flag(&p, cell(&r, i, P_GIFT))));
		jset(&p, o, "shopify", json_boolean(flag(&p, cell(&r, i, P_SHOPIFY))));
		jset(&p, o, "store", jstr(cell(&r, i, P_STORE)));
		jpush(&p, arr, o);
	}
emit:
	if (rc == 0)
		rc = emit_list(&p, arr, json, out, cols, NCOLS(cols), "no products");
	json_decref(arr);
	rep_release(&p);
	return rc;
}

int report_stock(struct store *s, const char *shop, bool json, FILE *out,
		 struct err *e)
{
	enum { K_CODE, K_WAREHOUSE, K_ON_HAND, K_RESERVED, K_STORE, K_NCOL };
	static const struct col cols[] = {
		{"product_code", "PRODUCT", false, NULL},
		{"warehouse", "WAREHOUSE", false, NULL},
		{"on_hand", "ON HAND", true, NULL},
		{"reserved", "RESERVED", true, NULL},
		{"available", "AVAILABLE", true, NULL},
	};
	struct rep p;
	struct rows r;
	json_t *arr = json_array();
	size_t i;
	int rc;

	rep_init(&p, s, e);
	rc = rep_shop(&p, shop);
	if (rc || p.no_shop)
		goto emit;
	rc = q_shop(&p, &r, K_NCOL,
		    "SELECT p.code, w.code, SUM(x.on_hand), SUM(x.reserved), sh.name"
		    " FROM (SELECT product_id, warehouse_id, quantity AS on_hand,"
		    "              0 AS reserved FROM stock_move"
		    "       UNION ALL"
		    "       SELECT product_id, warehouse_id, 0, quantity"
		    "       FROM reservation) x"
		    " JOIN product p ON p.id = x.product_id"
		    " JOIN warehouse w ON w.id = x.warehouse_id"
		    " JOIN shop sh ON sh.id = p.shop_id",
		    "WHERE p.shop_id = ?",
		    "GROUP BY p.id, p.code, w.id, w.code, sh.name"
		    " HAVING SUM(x.on_hand) <> 0 OR SUM(x.reserved) <> 0"
		    " ORDER BY p.id, w.code");
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *o = json_object();
		int64_t on_hand = num(&p, cell(&r, i, K_ON_HAND));
		int64_t reserved = num(&p, cell(&r, i, K_RESERVED));
		int64_t available;

		if (money_sub(on_hand, reserved, &available) != 0) {
			json_decref(o);
			rc = err_set(e, ERR_OVERFLOW, "stock of %s out of range",
				     cell(&r, i, K_CODE));
			break;
		}
		jset(&p, o, "product_code", jstr(cell(&r, i, K_CODE)));
		jset(&p, o, "warehouse", jstr(cell(&r, i, K_WAREHOUSE)));
		jset(&p, o, "on_hand", jint(on_hand));
		jset(&p, o, "reserved", jint(reserved));
		jset(&p, o, "available", jint(available));
		jset(&p, o, "store", jstr(cell(&r, i, K_STORE)));
		jpush(&p, arr, o);
	}
emit:
	if (rc == 0)
		rc = emit_list(&p, arr, json, out, cols, NCOLS(cols), "no stock");
	json_decref(arr);
	rep_release(&p);
	return rc;
}

/* ---- journal ---- */

static int journal_text(struct rep *p, const json_t *arr, FILE *out)
{
	static const struct col cols[] = {
		{NULL, "ENTRY", false, NULL},
		{NULL, "DATE", false, NULL},
		{NULL, "DOCUMENT", false, NULL},
		{NULL, "ACCOUNT", false, NULL},
		{NULL, "NAME", false, NULL},
		{NULL, "DEBIT", true, NULL},
		{NULL, "CREDIT", true, NULL},
		{NULL, "CUR", false, NULL},
	};
	struct tbl t;
	size_t i, k;
	int rc;

	tbl_init(&t, p, cols, NCOLS(cols));
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *je = json_array_get(arr, i);
		const json_t *lines = json_object_get(je, "lines");
		const char *doc = arena_printf(&p->a, "%s %s", js(je, "doc_type"),
					       js(je, "document"));
		const char *v[NCOLS(cols)];

		if (!doc)
			p->nomem = true;
		v[0] = js(je, "entry");
		v[1] = js(je, "date");
		v[2] = doc;
		v[3] = v[4] = v[5] = v[6] = NULL;
		v[7] = js(je, "currency");
		if (json_array_size(lines) == 0)
			tbl_add(&t, v);
		for (k = 0; k < json_array_size(lines); k++) {
			const json_t *l = json_array_get(lines, k);

			if (k)
				v[0] = v[1] = v[2] = NULL;
			v[3] = js(l, "account");
			v[4] = js(l, "account_name");
			v[5] = js(l, "debit");
			v[6] = js(l, "credit");
			tbl_add(&t, v);
		}
	}
	rc = tbl_print(&t, out, "", true, "no journal entries");
	if (rc)
		return rc;
	return finish_text(p, out);
}

int report_journal(struct store *s, const char *shop, bool json, FILE *out,
		   struct err *e)
{
	enum { J_ID, J_NUMBER, J_DATE, J_DOC_TYPE, J_DOC, J_CURRENCY, J_MEMO,
	       J_STORE, J_LINE, J_CODE, J_NAME, J_DEBIT, J_CREDIT, J_NCOL };
	struct rep p;
	struct rows r;
	json_t *arr = json_array();
	json_t *lines = NULL;
	const char *cur_id = NULL;
	int exp = 2;
	size_t i;
	int rc;

	rep_init(&p, s, e);
	rc = rep_shop(&p, shop);
	if (rc || p.no_shop)
		goto emit;
	rc = q_shop(&p, &r, J_NCOL,
		    "SELECT je.id, je.number, je.date, je.doc_type, je.doc_number,"
		    " je.currency, je.memo, sh.name, jl.line_no, a.code, a.name,"
		    " jl.debit, jl.credit"
		    " FROM journal_entry je"
		    " LEFT JOIN journal_line jl ON jl.entry_id = je.id"
		    " LEFT JOIN account a ON a.id = jl.account_id"
		    " LEFT JOIN shop sh ON sh.id = je.shop_id",
		    "WHERE je.shop_id = ?", "ORDER BY je.id, jl.line_no");
	for (i = 0; rc == 0 && i < r.n; i++) {
		json_t *l;

		if (!cur_id || strcmp(cur_id, cell(&r, i, J_ID)) != 0) {
			json_t *o = json_object();

			cur_id = cell(&r, i, J_ID);
			if (!cur_id) {
				p.bad = true;
				cur_id = "";
			}
			exp = money_exponent(cell(&r, i, J_CURRENCY));
			lines = json_array();
			jset(&p, o, "entry", jstr(cell(&r, i, J_NUMBER)));
			jset(&p, o, "date", jstr(cell(&r, i, J_DATE)));
			jset(&p, o, "doc_type", jstr(cell(&r, i, J_DOC_TYPE)));
			jset(&p, o, "document", jstr(cell(&r, i, J_DOC)));
			jset(&p, o, "currency", jstr(cell(&r, i, J_CURRENCY)));
			jset(&p, o, "memo", jstr(cell(&r, i, J_MEMO)));
			jset(&p, o, "store", jstr(cell(&r, i, J_STORE)));
			jset(&p, o, "lines", lines);
			jpush(&p, arr, o);
		}
		if (!cell(&r, i, J_LINE))
			continue; /* an entry stored without lines */
		l = json_object();
		jset(&p, l, "line", jint(num(&p, cell(&r, i, J_LINE))));
		jset(&p, l, "account", jstr(cell(&r, i, J_CODE)));
		jset(&p, l, "account_name", jstr(cell(&r, i, J_NAME)));
		jset(&p, l, "debit", jamount(&p, cell(&r, i, J_DEBIT), exp));
		jset(&p, l, "credit", jamount(&p, cell(&r, i, J_CREDIT), exp));
		jpush(&p, lines, l);
	}
emit:
	if (rc == 0)
		rc = rep_check(&p);
	if (rc == 0)
		rc = json ? emit_json(&p, arr, out) : journal_text(&p, arr, out);
	json_decref(arr);
	rep_release(&p);
	return rc;
}

/* ---- trial balance ---- */

static int trial_text(struct rep *p, const json_t *arr, FILE *out)
{
	static const struct col cols[] = {
		{NULL, "CUR", false, NULL},
		{NULL, "ACCOUNT", false, NULL},
		{NULL, "NAME", false, NULL},
		{NULL, "DEBIT", true, NULL},
		{NULL, "CREDIT", true, NULL},
		{NULL, "BALANCE", true, NULL},
	};
	struct tbl t;
	size_t i, k;
	int rc;

	tbl_init(&t, p, cols, NCOLS(cols));
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *g = json_array_get(arr, i);
		const json_t *accts = json_object_get(g, "accounts");
		const json_t *tot = json_object_get(g, "total");
		const char *v[NCOLS(cols)];

		v[0] = js(g, "currency");
		for (k = 0; k < json_array_size(accts); k++) {
			const json_t *a = json_array_get(accts, k);

			v[1] = js(a, "code");
			v[2] = js(a, "name");
			v[3] = js(a, "debit");
			v[4] = js(a, "credit");
			v[5] = js(a, "balance");
			tbl_add(&t, v);
		}
		v[1] = "total";
		v[2] = json_is_true(json_object_get(g, "balanced"))
			       ? "debits = credits"
			       : "DEBITS AND CREDITS DIFFER";
		v[3] = js(tot, "debit");
		v[4] = js(tot, "credit");
		v[5] = js(tot, "balance");
		tbl_add(&t, v);
	}
	rc = tbl_print(&t, out, "", true, "no journal entries");
	if (rc)
		return rc;
	return finish_text(p, out);
}

/* Close the currency group `g` with its totals. */
static void trial_total(struct rep *p, json_t *g, int64_t dr, int64_t cr,
			int exp)
{
	json_t *tot = json_object();
	int64_t bal = 0;

	if (money_sub(dr, cr, &bal) != 0)
		p->bad = true;
	jset(p, tot, "debit", jmoney(dr, exp));
	jset(p, tot, "credit", jmoney(cr, exp));
	jset(p, tot, "balance", jmoney(bal, exp));
	jset(p, g, "total", tot);
	jset(p, g, "balanced", json_boolean(dr == cr));
}

int report_trial_balance(struct store *s, const char *shop, bool json,
			 FILE *out, struct err *e)
{
	enum { T_CURRENCY, T_CODE, T_NAME, T_COMPANY, T_DEBIT, T_CREDIT,
	       T_NCOL };
	struct rep p;
	struct rows r;
	json_t *arr = json_array();
	json_t *g = NULL, *accts = NULL;
	const char *cur = NULL;
	int64_t dr = 0, cr = 0;
	int exp = 2;
	size_t i;
	int rc;

	rep_init(&p, s, e);
	rc = rep_shop(&p, shop);
	if (rc || p.no_shop)
		goto emit;
	rc = q_shop(&p, &r, T_NCOL,
		    "SELECT je.currency, a.code, a.name, co.name, SUM(jl.debit),"
		    " SUM(jl.credit)"
		    " FROM journal_line jl"
		    " JOIN journal_entry je ON je.id = jl.entry_id"
		    " JOIN account a ON a.id = jl.account_id"
		    " JOIN company co ON co.id = a.company_id",
		    "WHERE je.shop_id = ?",
		    "GROUP BY je.currency, co.id, co.name, a.id, a.code, a.name"
		    " ORDER BY je.currency, co.id, a.code");
	for (i = 0; rc == 0 && i < r.n; i++) {
		const char *c = cell(&r, i, T_CURRENCY);
		int64_t d = num(&p, cell(&r, i, T_DEBIT));
		int64_t k = num(&p, cell(&r, i, T_CREDIT));
		int64_t bal;
		json_t *o;

		if (!c) {
			p.bad = true;
			c = "";
		}
		if (!cur || strcmp(cur, c) != 0) {
			if (g)
				trial_total(&p, g, dr, cr, exp);
			cur = c;
			exp = money_exponent(c);
			dr = cr = 0;
			g = json_object();
			accts = json_array();
			jset(&p, g, "currency", json_string(c));
			jset(&p, g, "accounts", accts);
			jpush(&p, arr, g);
		}
		if (money_add(dr, d, &dr) != 0 || money_add(cr, k, &cr) != 0 ||
		    money_sub(d, k, &bal) != 0) {
			rc = err_set(e, ERR_OVERFLOW,
				     "trial balance in %s out of range", c);
			break;
		}
		o = json_object();
		jset(&p, o, "code", jstr(cell(&r, i, T_CODE)));
		jset(&p, o, "name", jstr(cell(&r, i, T_NAME)));
		jset(&p, o, "company", jstr(cell(&r, i, T_COMPANY)));
		jset(&p, o, "debit", jmoney(d, exp));
		jset(&p, o, "credit", jmoney(k, exp));
		jset(&p, o, "balance", jmoney(bal, exp));
		jpush(&p, accts, o);
	}
	if (rc == 0 && g)
		trial_total(&p, g, dr, cr, exp);
emit:
	if (rc == 0)
		rc = rep_check(&p);
	if (rc == 0)
		rc = json ? emit_json(&p, arr, out) : trial_text(&p, arr, out);
	json_decref(arr);
	rep_release(&p);
	return rc;
}
