/* gen_orders.c - synthetic Shopify orders for benchmarks and load tests.
 *
 *   build/gen-orders N [SEED]
 *
 * Writes {"orders":[...]} with N Shopify REST order objects to stdout. The
 * output depends only on N and SEED (xorshift64; SEED defaults to 1), so a
 * benchmark can be repeated byte for byte. The catalogue (about 200
 * variants of the fictional shop "Northwind Outfitters") and the customer
 * pool (2000, some with an id only) are fixed; SEED picks the orders.
 *
 * Every order is internally consistent the way Shopify's are: money is
 * computed in integer cents and printed as two-decimal strings with the
 * matching *_set MoneyBags; per-line discount_allocations sum to
 * total_discounts; line and shipping tax_lines sum to the order's tax_lines
 * and total_tax; total_price = line items - discounts + shipping + tax
 * (tax added only when taxes_included is false); current_* equal the
 * totals; total_outstanding is what the successful sale transactions leave.
 *
 * Mix: 1-5 distinct lines, quantities 1-4; about a quarter discounted
 * (percentage or fixed amount, allocated across lines); most taxed; ~10%
 * EUR with VAT included in prices, the rest USD with tax added; shipping on
 * most; ~10% guests with a null customer; financial_status paid 70%,
 * pending 10%, authorized 10%, partially_paid 5%, and ~5% cancelled with
 * the authorisation voided. Orders carry a "transactions" array (except
 * pending ones), as the importer accepts it. Ids are 13 digits and unique.
 *
 * libc only; exit 0, 1 on a write error, 2 on usage errors.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_VARIANTS 200
#define N_CUSTOMERS 2000
#define MAX_LINES 5
#define MAX_TAXES 4
#define MAX_DEPTH 16
#define MAX_ORDERS 10000000LL
#define TIME_MAX 80 /* room for any long long date snprintf can be asked for */

/* ---- deterministic randomness --------------------------------------- */

struct rng {
	uint64_t s;
};

static void rng_seed(struct rng *r, uint64_t seed)
{
	/* splitmix64 step so that small seeds give well-mixed states */
	uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	r->s = z ? z : 0x2545F4914F6CDD1DULL;
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t x = r->s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	r->s = x;
	return x * 0x2545F4914F6CDD1DULL; /* xorshift64*: scrambles the low bits */
}

/* Uniform in [0, n); n > 0. The modulo bias is irrelevant here. */
static int64_t rng_below(struct rng *r, int64_t n)
{
	return (int64_t)(rng_next(r) % (uint64_t)n);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/* True with probability pct/100. */
static bool rng_pct(struct rng *r, int pct)
{
	return rng_below(r, 100) < pct;
}

#define PICK(r, arr) ((arr)[rng_below((r), (int64_t)(sizeof(arr) / sizeof((arr)[0])))])
#define COUNT(arr) ((int)(sizeof(arr) / sizeof((arr)[0])))

/* ---- fixed data ------------------------------------------------------ */

static const char *const ADJ[] = {
	"Trail", "Summit", "Alpine", "Ridge", "Canyon", "Harbor", "Forest",
	"Glacier", "Prairie", "Cedar", "Coastal", "Timber", "Basecamp",
	"Northwind", "Granite",
};
static const char *const NOUN[] = {
	"T-Shirt", "Hoodie", "Fleece Pullover", "Rain Shell", "Down Jacket",
	"Beanie", "Hiking Socks", "Day Pack", "Duffel", "Water Bottle",
	"Camp Mug", "Headlamp", "Trekking Poles", "Camp Chair", "Hammock",
	"Sleeping Bag", "Tent 2P", "Cap", "Gloves", "Bandana",
};
static const char *const COLOR[] = {"Red", "Blue", "Black", "Olive", "Navy", "Sand"};
static const char *const SIZE[] = {"S", "M", "L", "XL"};
static const char *const FIRST[] = {
	"Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "Lucas",
	"Mia", "Mateo", "Amelia", "Levi", "Harper", "Ezra", "Evelyn", "Omar",
	"Priya", "Haruto", "Ines", "Daniel", "Lena", "Jonas", "Fatima", "Rafael",
	"Clara", "Sam", "Maya", "Ethan", "Zoe", "Kofi", "Aisha", "Mateus",
	"Sofia", "Arjun", "Nora", "Felix", "Leila", "Tomas", "Grace", "Yusuf",
};
static const char *const LAST[] = {
	"Carter", "Okafor", "Fischer", "Weber", "Lindqvist", "Haddad", "Raman",
	"Whitfield", "Sato", "Bennett", "Jensen", "Moreno", "Brooks", "Nguyen",
	"Garcia", "Kowalski", "Murphy", "Rossi", "Silva", "Novak", "Andersen",
	"Kim", "Patel", "Dubois", "Costa", "Hughes", "Mensah", "Ortiz", "Park",
	"Larsen", "Schmidt", "Ali", "Young", "Foster", "Reyes", "Chen", "Baker",
	"Ward", "Price", "Quinn",
};

struct place {
	const char *city, *province, *province_code, *country, *country_code,
		*zip;
};

static const struct place US_PLACES[] = {
	{"Albany", "New York", "NY", "United States", "US", "12208"},
	{"Buffalo", "New York", "NY", "United States", "US", "14202"},
	{"Boston", "Massachusetts", "MA", "United States", "US", "02135"},
	{"Portland", "Maine", "ME", "United States", "US", "04101"},
	{"Burlington", "Vermont", "VT", "United States", "US", "05401"},
	{"Hartford", "Connecticut", "CT", "United States", "US", "06103"},
	{"Providence", "Rhode Island", "RI", "United States", "US", "02903"},
	{"Philadelphia", "Pennsylvania", "PA", "United States", "US", "19103"},
	{"Newark", "New Jersey", "NJ", "United States", "US", "07102"},
	{"Baltimore", "Maryland", "MD", "United States", "US", "21201"},
};
static const struct place EU_PLACES[] = {
	{"Berlin", "Berlin", "BE", "Germany", "DE", "10435"},
	{"Munich", "Bavaria", "BY", "Germany", "DE", "80331"},
	{"Lyon", "Auvergne-Rhone-Alpes", "ARA", "France", "FR", "69002"},
	{"Utrecht", "Utrecht", "UT", "Netherlands", "NL", "3511"},
	{"Graz", "Styria", "6", "Austria", "AT", "8010"},
};
static const char *const STREET[] = {
	"Maple Avenue", "Harbor Street", "Birch Lane", "Elm Street",
	"College Street", "Mill Road", "Ridge Road", "Pearl Street",
	"Summit Drive", "Lake Shore Road",
};

struct variant {
	int64_t product_id, variant_id;
	char title[48];
	char variant_title[24]; /* "" = Default Title */
	char sku[24];           /* "" = blank SKU */
	int64_t price;          /* cents */
	int grams;
};

struct customer {
	int64_t id;
	bool id_only; /* protected data withheld: everything but the id null */
	const char *first, *last;
	char email[64];
	char phone[16]; /* "" = none */
	const struct place *place;
	int house;
	const char *street;
};

static struct variant variants[N_VARIANTS];
static struct customer customers[N_CUSTOMERS];

static void lower_copy(char *dst, size_t size, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < size; i++) {
		char c = src[i];
		dst[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	dst[i] = '\0';
}

static void build_catalogue(void)
{
	static const int64_t cents[] = {0, 50, 95, 99};
	struct rng r;
	int v = 0;

	rng_seed(&r, 0x4E57C0FFEEULL); /* fixed: same catalogue for every SEED */
	for (int p = 0; v < N_VARIANTS; p++) {
		int n_var = rng_pct(&r, 25) ? 0 : (int)rng_range(&r, 1, 4);
		int64_t price = rng_range(&r, 5, 249) * 100 + PICK(&r, cents);
		int grams = (int)rng_range(&r, 40, 2400);
		int c0 = (int)rng_below(&r, COUNT(COLOR));
		int s0 = (int)rng_below(&r, COUNT(SIZE));
		char title[48];

		snprintf(title, sizeof title, "%s %s", ADJ[(p / COUNT(NOUN)) % COUNT(ADJ)],
			 NOUN[p % COUNT(NOUN)]);
		for (int k = 0; k < (n_var ? n_var : 1) && v < N_VARIANTS; k++, v++) {
			struct variant *x = &variants[v];
			x->product_id = 8100000000001LL + p;
			x->variant_id = 4500000000001LL + v;
			memcpy(x->title, title, sizeof title);
			if (n_var == 0)
				x->variant_title[0] = '\0';
			else if (p % 3 == 0)
				snprintf(x->variant_title, sizeof x->variant_title, "%s",
					 COLOR[(c0 + k) % COUNT(COLOR)]);
			else
				snprintf(x->variant_title, sizeof x->variant_title, "%s / %s",
					 COLOR[(c0 + k / 2) % COUNT(COLOR)],
					 SIZE[(s0 + k) % COUNT(SIZE)]);
			if (rng_pct(&r, 8))
				x->sku[0] = '\0';
			else
				snprintf(x->sku, sizeof x->sku, "NW-%03d-%02d", p + 1, k + 1);
			x->price = price;
			x->grams = grams;
		}
	}
}

static void build_customers(void)
{
	struct rng r;

	rng_seed(&r, 0xC0575EEDULL);
	for (int i = 0; i < N_CUSTOMERS; i++) {
		struct customer *c = &customers[i];
		char f[24], l[24];

		c->id = 7100000000001LL + i;
		c->id_only = rng_pct(&r, 5);
		c->first = PICK(&r, FIRST);
		c->last = PICK(&r, LAST);
		lower_copy(f, sizeof f, c->first);
		lower_copy(l, sizeof l, c->last);
		snprintf(c->email, sizeof c->email, "%s.%s%d@example.com", f, l, i + 1);
		if (rng_pct(&r, 40))
			snprintf(c->phone, sizeof c->phone, "+1555%07" PRId64,
				 rng_below(&r, 10000000));
		else
			c->phone[0] = '\0';
		c->place = &PICK(&r, US_PLACES);
		c->house = (int)rng_range(&r, 1, 2999);
		c->street = PICK(&r, STREET);
	}
}

/* ---- a tiny JSON writer ---------------------------------------------- */

struct jw {
	FILE *f;
	int depth;
	bool after_key;
	bool need_comma[MAX_DEPTH];
};

static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		putc(',', w->f);
	w->need_comma[w->depth] = true;
}

static void jw_open(struct jw *w, int ch)
{
	jw_sep(w);
	putc(ch, w->f);
	w->depth++;
	w->need_comma[w->depth] = false;
}

static void jw_close(struct jw *w, int ch)
{
	w->depth--;
	putc(ch, w->f);
}

static void jw_key(struct jw *w, const char *k)
{
	jw_sep(w);
	fprintf(w->f, "\"%s\":", k);
	w->after_key = true;
}

static void jw_str(struct jw *w, const char *s)
{
	jw_sep(w);
	putc('"', w->f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(w->f, "\\%c", c);
		else if (c < 0x20)
			fprintf(w->f, "\\u%04x", c);
		else
			putc(c, w->f);
	}
	putc('"', w->f);
}

static void jw_raw(struct jw *w, const char *text)
{
	jw_sep(w);
	fputs(text, w->f);
}

static void jw_int(struct jw *w, int64_t v)
{
	jw_sep(w);
	fprintf(w->f, "%" PRId64, v);
}

static void kv_str(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_str(w, s);
}

/* A string, or null when s is NULL or "". */
static void kv_str_or_null(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	if (s && *s)
		jw_str(w, s);
	else
		jw_raw(w, "null");
}

static void kv_raw(struct jw *w, const char *k, const char *text)
{
	jw_key(w, k);
	jw_raw(w, text);
}

static void kv_int(struct jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_int(w, v);
}

static void kv_bool(struct jw *w, const char *k, bool v)
{
	kv_raw(w, k, v ? "true" : "false");
}

static void kv_gid(struct jw *w, const char *type, int64_t id)
{
	char buf[64];
	snprintf(buf, sizeof buf, "gid://shopify/%s/%" PRId64, type, id);
	kv_str(w, "admin_graphql_api_id", buf);
}

/* ---- money ------------------------------------------------------------ */

static char *fmt_money(int64_t cents, char *buf, size_t size)
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(buf, size, "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "", a / 100,
		 (unsigned)(a % 100));
	return buf;
}

/* "0.08", "0.0625", "0.2" from basis points. */
static char *fmt_rate(int bp, char *buf, size_t size)
{
	char frac[8];
	int n;

	snprintf(frac, sizeof frac, "%04d", bp % 10000);
	n = (int)strlen(frac);
	while (n > 1 && frac[n - 1] == '0')
		frac[--n] = '\0';
	snprintf(buf, size, "%d.%s", bp / 10000, frac);
	return buf;
}

static void jw_bag(struct jw *w, int64_t cents, const char *cur)
{
	char m[32];

	fmt_money(cents, m, sizeof m);
	jw_open(w, '{');
	jw_key(w, "shop_money");
	jw_open(w, '{');
	kv_str(w, "amount", m);
	kv_str(w, "currency_code", cur);
	jw_close(w, '}');
	jw_key(w, "presentment_money");
	jw_open(w, '{');
	kv_str(w, "amount", m);
	kv_str(w, "currency_code", cur);
	jw_close(w, '}');
	jw_close(w, '}');
}

/* "key": "12.34", "key_set": {...} */
static void kv_money(struct jw *w, const char *k, int64_t cents, const char *cur)
{
	char m[32], set[64];

	kv_str(w, k, fmt_money(cents, m, sizeof m));
	snprintf(set, sizeof set, "%s_set", k);
	jw_key(w, set);
	jw_bag(w, cents, cur);
}

static void kv_bag(struct jw *w, const char *k, int64_t cents, const char *cur)
{
	jw_key(w, k);
	jw_bag(w, cents, cur);
}

/* round(a * num / den) half up, for non-negative a, num and den > 0 */
static int64_t mul_div_round(int64_t a, int64_t num, int64_t den)
{
	return (a * num + den / 2) / den;
}

/* Split total over n parts in proportion to weights (largest remainder,
 * ties to the earliest part); the parts sum to total exactly. */
static void allocate(int64_t total, const int64_t *weights, int n, int64_t *out)
{
	int64_t sum = 0, given = 0, rem[MAX_LINES];

	for (int i = 0; i < n; i++)
		sum += weights[i];
	for (int i = 0; i < n; i++) {
		out[i] = sum ? total * weights[i] / sum : 0;
		rem[i] = sum ? total * weights[i] % sum : 0;
		given += out[i];
	}
	while (given < total) {
		int best = 0;
		for (int i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		out[best]++;
		rem[best] = -1;
		given++;
	}
}

/* ---- one order ------------------------------------------------------- */

struct tax {
	const char *title;
	int bp;         /* rate in basis points */
	int64_t amount; /* cents */
};

struct line {
	const struct variant *v;
	int64_t id, qty, discount;
	struct tax tax[2];
	int n_tax;
};

enum fin { FIN_PAID, FIN_PENDING, FIN_AUTHORIZED, FIN_PARTIAL, FIN_CANCELLED };

struct order {
	int64_t id, number;
	const char *currency;
	bool taxes_included;
	long long created; /* unix seconds */
	struct line lines[MAX_LINES];
	int n_lines;
	/* discount */
	const char *code, *code_type, *code_value;
	/* shipping */
	bool has_shipping;
	const char *ship_title;
	int64_t ship_id, ship_price;
	struct tax ship_tax[1];
	int n_ship_tax;
	/* totals */
	int64_t line_items, discounts, subtotal, tax, total, paid;
	struct tax taxes[MAX_TAXES]; /* order level, aggregated by title */
	int n_taxes;
	/* people and money */
	enum fin fin;
	const struct customer *cust; /* NULL = guest */
	const char *guest_first, *guest_last;
	const struct place *place;
	int house;
	const char *street;
	const char *gateway;
	bool failed_first; /* a declined card attempt before the sale */
	const char *cancel_reason;
};

struct ids {
	int64_t line, ship, txn, checkout;
};

/* ISO 8601 in the shop's zone, fixed at -05:00. */
static void fmt_time(long long unix_s, char *buf, size_t size)
{
	long long t = unix_s - 5 * 3600;
	long long days = t / 86400, secs = t % 86400;
	/* civil_from_days (H. Hinnant), days since 1970-01-01 */
	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long d = doy - (153 * mp + 2) / 5 + 1;
	long long m = mp < 10 ? mp + 3 : mp - 9;

	if (m <= 2)
		y++;
	snprintf(buf, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld-05:00", y, m, d,
		 secs / 3600, secs / 60 % 60, secs % 60);
}

static void add_order_tax(struct order *o, const struct tax *t)
{
	for (int i = 0; i < o->n_taxes; i++) {
		if (strcmp(o->taxes[i].title, t->title) == 0 && o->taxes[i].bp == t->bp) {
			o->taxes[i].amount += t->amount;
			return;
		}
	}
	if (o->n_taxes < MAX_TAXES)
		o->taxes[o->n_taxes++] = *t;
}

static int64_t tax_on(int64_t net, int bp, bool included)
{
	return included ? mul_div_round(net, bp, 10000 + bp) : mul_div_round(net, bp, 10000);
}

static void make_order(struct rng *r, int64_t index, long long created, struct ids *ids,
		       struct order *o)
{
	static const int us_bp[] = {400, 600, 625, 700, 800};
	static const int pct_codes[] = {10, 15, 20};
	static const int64_t fixed_codes[] = {500, 1000, 2000};
	static const char *const pct_names[] = {"WELCOME10", "TRAIL15", "SUMMIT20"};
	static const char *const fixed_names[] = {"SAVE5", "SAVE10", "SAVE20"};
	static const char *const pct_values[] = {"10.0", "15.0", "20.0"};
	static const char *const fixed_values[] = {"5.0", "10.0", "20.0"};
	static const char *const reasons[] = {"customer", "inventory", "fraud", "declined"};
	int64_t weights[MAX_LINES];
	int64_t alloc[MAX_LINES];
	int fin_roll;
	bool taxed;
	int bp = 0;
	bool county;

	memset(o, 0, sizeof *o);
	o->id = 5600000000001LL + index;
	o->number = 1001 + index;
	o->created = created;
	o->currency = rng_pct(r, 10) ? "EUR" : "USD";
	o->taxes_included = strcmp(o->currency, "EUR") == 0;

	/* lines: distinct variants */
	o->n_lines = (int)rng_range(r, 1, MAX_LINES);
	for (int i = 0; i < o->n_lines; i++) {
		const struct variant *v;
		bool dup;
		do {
			v = &variants[rng_below(r, N_VARIANTS)];
			dup = false;
			for (int j = 0; j < i; j++)
				dup = dup || o->lines[j].v == v;
		} while (dup);
		o->lines[i].v = v;
		o->lines[i].id = ++ids->line;
		o->lines[i].qty = rng_range(r, 1, 4);
		weights[i] = v->price * o->lines[i].qty;
		o->line_items += weights[i];
	}

	/* discount on about a quarter: percentage per line, or a fixed amount
	 * allocated across lines in proportion to their totals */
	if (rng_pct(r, 25)) {
		int k = (int)rng_below(r, 3);
		if (rng_pct(r, 50)) {
			o->code = pct_names[k];
			o->code_type = "percentage";
			o->code_value = pct_values[k];
			for (int i = 0; i < o->n_lines; i++)
				alloc[i] = mul_div_round(weights[i], pct_codes[k], 100);
		} else {
			int64_t amount = fixed_codes[k];
			if (amount > o->line_items)
				amount = o->line_items;
			o->code = fixed_names[k];
			o->code_type = "fixed_amount";
			o->code_value = fixed_values[k];
			allocate(amount, weights, o->n_lines, alloc);
		}
		for (int i = 0; i < o->n_lines; i++) {
			o->lines[i].discount = alloc[i];
			o->discounts += alloc[i];
		}
	}
	o->subtotal = o->line_items - o->discounts;

	/* taxes: VAT included for EUR; US state (+ county) tax added on most */
	if (o->taxes_included) {
		taxed = true;
		bp = rng_pct(r, 70) ? 1900 : 2000;
		county = false;
	} else {
		taxed = rng_pct(r, 85);
		bp = PICK(r, us_bp);
		county = rng_pct(r, 20);
	}
	for (int i = 0; taxed && i < o->n_lines; i++) {
		struct line *l = &o->lines[i];
		int64_t net = weights[i] - l->discount;
		l->tax[l->n_tax++] = (struct tax){o->taxes_included ? "VAT" : "State Tax", bp,
						  tax_on(net, bp, o->taxes_included)};
		if (county)
			l->tax[l->n_tax++] = (struct tax){"County Tax", 100, tax_on(net, 100, false)};
		for (int t = 0; t < l->n_tax; t++) {
			add_order_tax(o, &l->tax[t]);
			o->tax += l->tax[t].amount;
		}
	}

	/* shipping on most */
	o->has_shipping = rng_pct(r, 85);
	if (o->has_shipping) {
		int s = (int)rng_below(r, 10);
		o->ship_id = ++ids->ship;
		if (s < 6) {
			o->ship_title = "Standard";
			o->ship_price = 750;
		} else if (s < 8) {
			o->ship_title = "Expedited";
			o->ship_price = 1400;
		} else if (s < 9) {
			o->ship_title = "Overnight";
			o->ship_price = 2900;
		} else {
			o->ship_title = "Free Shipping";
			o->ship_price = 0;
		}
		if (o->taxes_included && o->ship_price > 0) {
			o->ship_tax[0] = (struct tax){"VAT", bp, tax_on(o->ship_price, bp, true)};
			o->n_ship_tax = 1;
			add_order_tax(o, &o->ship_tax[0]);
			o->tax += o->ship_tax[0].amount;
		}
	}
	o->total = o->subtotal + o->ship_price + (o->taxes_included ? 0 : o->tax);

	/* customer: ~10% guests with a null customer */
	if (rng_pct(r, 10)) {
		o->cust = NULL;
		o->guest_first = PICK(r, FIRST);
		o->guest_last = PICK(r, LAST);
		o->place = o->taxes_included ? &PICK(r, EU_PLACES) : &PICK(r, US_PLACES);
		o->house = (int)rng_range(r, 1, 2999);
		o->street = PICK(r, STREET);
	} else {
		o->cust = &customers[rng_below(r, N_CUSTOMERS)];
		o->place = o->taxes_included ? &EU_PLACES[o->cust->id % COUNT(EU_PLACES)]
					     : o->cust->place;
		o->house = o->cust->house;
		o->street = o->cust->street;
	}

	/* payment state */
	fin_roll = (int)rng_below(r, 100);
	o->fin = fin_roll < 70 ? FIN_PAID : fin_roll < 80 ? FIN_PENDING
		: fin_roll < 90 ? FIN_AUTHORIZED : fin_roll < 95 ? FIN_PARTIAL : FIN_CANCELLED;
	o->gateway = "shopify_payments";
	switch (o->fin) {
	case FIN_PAID:
		if (rng_pct(r, 12))
			o->gateway = "paypal";
		o->failed_first = rng_pct(r, 4) && strcmp(o->gateway, "shopify_payments") == 0;
		o->paid = o->total;
		break;
	case FIN_PENDING:
		o->gateway = rng_pct(r, 50) ? "Cash on Delivery (COD)" : "Bank Deposit";
		break;
	case FIN_AUTHORIZED:
		break;
	case FIN_PARTIAL:
		o->gateway = "manual";
		o->paid = mul_div_round(o->total, rng_range(r, 20, 80), 100);
		if (o->paid <= 0 || o->paid >= o->total) {
			o->fin = FIN_PAID;
			o->paid = o->total;
		}
		break;
	case FIN_CANCELLED:
		o->cancel_reason = PICK(r, reasons);
		break;
	}
}

/* ---- writing an order -------------------------------------------------- */

static void write_tax_lines(struct jw *w, const struct tax *t, int n, const char *cur)
{
	char rate[16];

	jw_key(w, "tax_lines");
	jw_open(w, '[');
	for (int i = 0; i < n; i++) {
		jw_open(w, '{');
		kv_money(w, "price", t[i].amount, cur);
		kv_raw(w, "rate", fmt_rate(t[i].bp, rate, sizeof rate));
		kv_str(w, "title", t[i].title);
		kv_bool(w, "channel_liable", false);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void write_address(struct jw *w, const char *key, const struct order *o,
			  const char *first, const char *last, const char *phone)
{
	char a1[64], name[64];

	jw_key(w, key);
	jw_open(w, '{');
	snprintf(a1, sizeof a1, "%d %s", o->house, o->street);
	snprintf(name, sizeof name, "%s %s", first, last);
	kv_str(w, "first_name", first);
	kv_str(w, "last_name", last);
	kv_str(w, "name", name);
	kv_raw(w, "company", "null");
	kv_str(w, "address1", a1);
	kv_str(w, "address2", "");
	kv_str(w, "city", o->place->city);
	kv_str(w, "province", o->place->province);
	kv_str(w, "province_code", o->place->province_code);
	kv_str(w, "country", o->place->country);
	kv_str(w, "country_code", o->place->country_code);
	kv_str(w, "zip", o->place->zip);
	kv_str_or_null(w, "phone", phone);
	kv_raw(w, "latitude", "null");
	kv_raw(w, "longitude", "null");
	jw_close(w, '}');
}

static void write_customer(struct jw *w, const struct order *o)
{
	const struct customer *c = o->cust;
	char when[TIME_MAX];

	jw_key(w, "customer");
	if (!c) {
		jw_raw(w, "null");
		return;
	}
	fmt_time(1672549200LL + (c->id % 30000000), when, sizeof when); /* 2023 */
	jw_open(w, '{');
	kv_int(w, "id", c->id);
	kv_str_or_null(w, "email", c->id_only ? NULL : c->email);
	kv_str(w, "created_at", when);
	kv_str(w, "updated_at", when);
	kv_str_or_null(w, "first_name", c->id_only ? NULL : c->first);
	kv_str_or_null(w, "last_name", c->id_only ? NULL : c->last);
	kv_str(w, "state", c->id_only ? "disabled" : "enabled");
	kv_raw(w, "note", "null");
	kv_bool(w, "verified_email", !c->id_only);
	kv_raw(w, "multipass_identifier", "null");
	kv_bool(w, "tax_exempt", false);
	kv_str_or_null(w, "phone", c->id_only ? NULL : c->phone);
	kv_str(w, "tags", "");
	kv_str(w, "currency", o->currency);
	kv_raw(w, "tax_exemptions", "[]");
	kv_gid(w, "Customer", c->id);
	if (!c->id_only)
		write_address(w, "default_address", o, c->first, c->last, c->phone);
	jw_close(w, '}');
}

static void write_transaction(struct jw *w, const struct order *o, int64_t id, int n,
			      const char *kind, const char *status, int64_t amount,
			      int64_t parent, const char *when)
{
	char m[32], pid[40];
	bool card = strcmp(o->gateway, "shopify_payments") == 0;
	bool ok = strcmp(status, "success") == 0;

	jw_open(w, '{');
	kv_int(w, "id", id);
	kv_gid(w, "OrderTransaction", id);
	kv_int(w, "order_id", o->id);
	kv_str(w, "kind", kind);
	kv_str(w, "gateway", o->gateway);
	kv_str(w, "status", status);
	kv_str(w, "message", ok ? "Transaction approved" : "Your card was declined.");
	kv_str(w, "created_at", when);
	kv_str(w, "processed_at", when);
	kv_bool(w, "test", false);
	kv_raw(w, "authorization", "null");
	kv_raw(w, "location_id", "null");
	kv_raw(w, "user_id", "null");
	jw_key(w, "parent_id");
	if (parent)
		jw_int(w, parent);
	else
		jw_raw(w, "null");
	kv_raw(w, "device_id", "null");
	kv_str_or_null(w, "error_code", ok ? NULL : "card_declined");
	kv_str(w, "source_name", "web");
	kv_str(w, "amount", fmt_money(amount, m, sizeof m));
	kv_str(w, "currency", o->currency);
	snprintf(pid, sizeof pid, "c%" PRId64 ".%d", (int64_t)(o->id % 100000000000LL), n);
	kv_str(w, "payment_id", pid);
	kv_raw(w, "receipt", "{}");
	kv_bool(w, "manual_payment_gateway", !card && strcmp(o->gateway, "paypal") != 0);
	if (card) {
		jw_key(w, "payment_details");
		jw_open(w, '{');
		kv_str(w, "credit_card_bin", "424242");
		kv_str(w, "credit_card_number", "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 4242");
		kv_str(w, "credit_card_company", "Visa");
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

static void write_transactions(struct jw *w, const struct order *o, struct ids *ids,
			       const char *created, const char *later)
{
	int n = 0;
	int64_t auth;

	if (o->fin == FIN_PENDING)
		return; /* nothing has happened to the money yet */
	jw_key(w, "transactions");
	jw_open(w, '[');
	switch (o->fin) {
	case FIN_PAID:
		if (o->failed_first)
			write_transaction(w, o, ++ids->txn, ++n, "sale", "failure", o->total, 0,
					  created);
		write_transaction(w, o, ++ids->txn, ++n, "sale", "success", o->total, 0,
				  created);
		break;
	case FIN_PARTIAL:
		write_transaction(w, o, ++ids->txn, ++n, "sale", "success", o->paid, 0, created);
		break;
	case FIN_AUTHORIZED:
		write_transaction(w, o, ++ids->txn, ++n, "authorization", "success", o->total,
				  0, created);
		break;
	case FIN_CANCELLED:
		auth = ++ids->txn;
		write_transaction(w, o, auth, ++n, "authorization", "success", o->total, 0,
				  created);
		write_transaction(w, o, ++ids->txn, ++n, "void", "success", o->total, auth,
				  later);
		break;
	case FIN_PENDING:
		break;
	}
	jw_close(w, ']');
}

static void write_line(struct jw *w, const struct order *o, const struct line *l)
{
	const struct variant *v = l->v;
	const char *cur = o->currency;
	char name[80];

	if (v->variant_title[0])
		snprintf(name, sizeof name, "%s - %s", v->title, v->variant_title);
	else
		snprintf(name, sizeof name, "%s", v->title);
	jw_open(w, '{');
	kv_int(w, "id", l->id);
	kv_gid(w, "LineItem", l->id);
	kv_raw(w, "attributed_staffs", "[]");
	kv_int(w, "current_quantity", l->qty);
	kv_int(w, "fulfillable_quantity", l->qty);
	kv_str(w, "fulfillment_service", "manual");
	kv_raw(w, "fulfillment_status", "null");
	kv_bool(w, "gift_card", false);
	kv_int(w, "grams", v->grams);
	kv_str(w, "name", name);
	kv_money(w, "price", v->price, cur);
	kv_bool(w, "product_exists", true);
	kv_int(w, "product_id", v->product_id);
	kv_raw(w, "properties", "[]");
	kv_int(w, "quantity", l->qty);
	kv_bool(w, "requires_shipping", true);
	kv_str(w, "sku", v->sku);
	kv_bool(w, "taxable", true);
	kv_str(w, "title", v->title);
	kv_money(w, "total_discount", 0, cur);
	kv_int(w, "variant_id", v->variant_id);
	kv_str(w, "variant_inventory_management", "shopify");
	kv_str(w, "variant_title", v->variant_title[0] ? v->variant_title : "Default Title");
	kv_str(w, "vendor", "Northwind Outfitters");
	write_tax_lines(w, l->tax, l->n_tax, cur);
	kv_raw(w, "duties", "[]");
	jw_key(w, "discount_allocations");
	jw_open(w, '[');
	if (o->code) { /* every line shares the one code, 0.00 when rounding leaves nothing */
		jw_open(w, '{');
		kv_money(w, "amount", l->discount, cur);
		kv_int(w, "discount_application_index", 0);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

static void write_order(struct jw *w, const struct order *o, struct ids *ids)
{
	const char *cur = o->currency;
	const struct customer *c = o->cust;
	char created[TIME_MAX], updated[TIME_MAX], later[TIME_MAX], name[24], tok[40];
	char m[32];
	char guest_email[64];
	const char *email, *first, *last, *phone;
	int64_t outstanding = o->total - o->paid;
	int weight = 0;

	fmt_time(o->created, created, sizeof created);
	fmt_time(o->created + 90 + (o->id % 600), updated, sizeof updated);
	fmt_time(o->created + 3600 * (1 + o->id % 47), later, sizeof later);
	snprintf(name, sizeof name, "#%" PRId64, o->number);
	snprintf(tok, sizeof tok, "%016" PRIx64 "%016" PRIx64,
		 (uint64_t)((uint64_t)o->id * 0x9E3779B97F4A7C15ULL),
		 (uint64_t)((uint64_t)o->number * 0xC2B2AE3D27D4EB4FULL));
	for (int i = 0; i < o->n_lines; i++)
		weight += o->lines[i].v->grams * (int)o->lines[i].qty;

	if (c) {
		email = c->id_only ? NULL : c->email;
		first = c->first;
		last = c->last;
		phone = c->id_only ? NULL : c->phone;
	} else {
		char f[24];
		lower_copy(f, sizeof f, o->guest_first);
		snprintf(guest_email, sizeof guest_email, "%s.guest%" PRId64 "@example.org", f,
			 o->number);
		email = guest_email;
		first = o->guest_first;
		last = o->guest_last;
		phone = NULL;
	}

	jw_open(w, '{');
	kv_int(w, "id", o->id);
	kv_gid(w, "Order", o->id);
	kv_int(w, "app_id", 580111);
	kv_str(w, "browser_ip", "198.51.100.24");
	kv_bool(w, "buyer_accepts_marketing", false);
	kv_str_or_null(w, "cancel_reason", o->cancel_reason);
	kv_str_or_null(w, "cancelled_at", o->fin == FIN_CANCELLED ? later : NULL);
	kv_str(w, "cart_token", tok + 8);
	kv_int(w, "checkout_id", ++ids->checkout);
	kv_str(w, "checkout_token", tok);
	kv_str_or_null(w, "closed_at", o->fin == FIN_CANCELLED ? later : NULL);
	kv_raw(w, "company", "null");
	kv_bool(w, "confirmed", true);
	kv_str_or_null(w, "contact_email", email);
	kv_str(w, "created_at", created);
	kv_str(w, "currency", cur);
	kv_bag(w, "current_shipping_price_set", o->ship_price, cur);
	kv_money(w, "current_subtotal_price", o->subtotal, cur);
	kv_raw(w, "current_total_additional_fees_set", "null");
	kv_money(w, "current_total_discounts", o->discounts, cur);
	kv_raw(w, "current_total_duties_set", "null");
	kv_money(w, "current_total_price", o->total, cur);
	kv_money(w, "current_total_tax", o->tax, cur);
	kv_str(w, "customer_locale", o->taxes_included ? "de" : "en-US");
	kv_raw(w, "device_id", "null");
	jw_key(w, "discount_codes");
	jw_open(w, '[');
	if (o->code) {
		jw_open(w, '{');
		kv_str(w, "code", o->code);
		kv_str(w, "amount", fmt_money(o->discounts, m, sizeof m));
		kv_str(w, "type", o->code_type);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	kv_bool(w, "duties_included", false);
	kv_str_or_null(w, "email", email);
	kv_bool(w, "estimated_taxes", false);
	kv_str(w, "financial_status",
	       o->fin == FIN_PAID ? "paid" : o->fin == FIN_PENDING ? "pending"
	       : o->fin == FIN_AUTHORIZED ? "authorized"
	       : o->fin == FIN_PARTIAL ? "partially_paid" : "voided");
	kv_raw(w, "fulfillment_status", "null");
	kv_str(w, "landing_site", "/");
	kv_raw(w, "location_id", "null");
	kv_str(w, "name", name);
	kv_raw(w, "note", "null");
	kv_raw(w, "note_attributes", "[]");
	kv_int(w, "number", o->number - 1000);
	kv_int(w, "order_number", o->number);
	jw_key(w, "payment_gateway_names");
	jw_open(w, '[');
	jw_str(w, o->gateway);
	jw_close(w, ']');
	kv_str_or_null(w, "phone", phone);
	kv_raw(w, "po_number", "null");
	kv_str(w, "presentment_currency", cur);
	kv_str(w, "processed_at", created);
	kv_raw(w, "referring_site", "null");
	kv_str(w, "source_name", "web");
	kv_money(w, "subtotal_price", o->subtotal, cur);
	kv_str(w, "tags", "");
	kv_bool(w, "tax_exempt", false);
	write_tax_lines(w, o->taxes, o->n_taxes, cur);
	kv_bool(w, "taxes_included", o->taxes_included);
	kv_bool(w, "test", false);
	kv_str(w, "token", tok);
	kv_bag(w, "total_cash_rounding_payment_adjustment_set", 0, cur);
	kv_bag(w, "total_cash_rounding_refund_adjustment_set", 0, cur);
	kv_money(w, "total_discounts", o->discounts, cur);
	kv_money(w, "total_line_items_price", o->line_items, cur);
	kv_str(w, "total_outstanding", fmt_money(outstanding, m, sizeof m));
	kv_money(w, "total_price", o->total, cur);
	kv_bag(w, "total_shipping_price_set", o->ship_price, cur);
	kv_money(w, "total_tax", o->tax, cur);
	kv_str(w, "total_tip_received", "0.00");
	kv_int(w, "total_weight", weight);
	kv_str(w, "updated_at", o->fin == FIN_CANCELLED ? later : updated);
	kv_raw(w, "user_id", "null");
	if (c && c->id_only)
		kv_raw(w, "billing_address", "null");
	else
		write_address(w, "billing_address", o, first, last, phone);
	write_customer(w, o);

	jw_key(w, "discount_applications");
	jw_open(w, '[');
	if (o->code) {
		jw_open(w, '{');
		kv_str(w, "target_type", "line_item");
		kv_str(w, "type", "discount_code");
		kv_str(w, "value", o->code_value);
		kv_str(w, "value_type", o->code_type);
		kv_str(w, "allocation_method", "across");
		kv_str(w, "target_selection", "all");
		kv_str(w, "code", o->code);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	kv_raw(w, "fulfillments", "[]");
	jw_key(w, "line_items");
	jw_open(w, '[');
	for (int i = 0; i < o->n_lines; i++)
		write_line(w, o, &o->lines[i]);
	jw_close(w, ']');
	kv_raw(w, "payment_terms", "null");
	kv_raw(w, "refunds", "[]");
	write_address(w, "shipping_address", o, first, last, phone);
	jw_key(w, "shipping_lines");
	jw_open(w, '[');
	if (o->has_shipping) {
		jw_open(w, '{');
		kv_int(w, "id", o->ship_id);
		kv_raw(w, "carrier_identifier", "null");
		kv_str(w, "code", o->ship_title);
		kv_money(w, "discounted_price", o->ship_price, cur);
		kv_bool(w, "is_removed", false);
		kv_raw(w, "phone", "null");
		kv_money(w, "price", o->ship_price, cur);
		kv_raw(w, "requested_fulfillment_service_id", "null");
		kv_str(w, "source", "shopify");
		kv_str(w, "title", o->ship_title);
		write_tax_lines(w, o->ship_tax, o->n_ship_tax, cur);
		kv_raw(w, "discount_allocations", "[]");
		jw_close(w, '}');
	}
	jw_close(w, ']');
	write_transactions(w, o, ids, created, later);
	jw_close(w, '}');
}

/* ---- main --------------------------------------------------------------- */

static int usage(void)
{
	fputs("usage: gen-orders N [SEED]\n"
	      "  writes {\"orders\":[...]} with N synthetic Shopify orders to stdout\n",
	      stderr);
	return 2;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	static char obuf[1 << 16];
	uint64_t n, seed = 1;
	struct rng r;
	struct ids ids = {1300000000000LL, 4300000000000LL, 7300000000000LL,
			  3700000000000LL};
	struct jw w = {0};
	struct order o;
	long long t = 1704690000LL; /* 2024-01-08T00:00:00-05:00 */

	if (argc < 2 || argc > 3 || !parse_u64(argv[1], &n) || n > (uint64_t)MAX_ORDERS)
		return usage();
	if (argc == 3 && !parse_u64(argv[2], &seed))
		return usage();

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	build_catalogue();
	build_customers();
	rng_seed(&r, seed);
	w.f = stdout;

	fputs("{\"orders\":[\n", stdout);
	w.depth = 1; /* inside the array; one order per line */
	for (uint64_t i = 0; i < n; i++) {
		t += rng_range(&r, 20, 480);
		make_order(&r, (int64_t)i, t, &ids, &o);
		if (i)
			fputs(",\n", stdout);
		w.need_comma[1] = false;
		write_order(&w, &o, &ids);
	}
	fputs("\n]}\n", stdout);

	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gen-orders: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
