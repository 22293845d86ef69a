/* shopify_json.c - the Shopify REST order mapper: parses order JSON with
 * jansson and fills struct shopify_order field by field (contract in
 * shopify_json.h). Every value is type-checked; what the books need and
 * cannot read rejects the order with the field's path, the rest is
 * ignored. Output memory comes from the caller's arena only: every string
 * is copied there, nothing borrows jansson's storage, so a tree can be
 * dropped as soon as its order is mapped.
 *
 * A document is first validated whole by json_scan (no tree). A list
 * {"orders": [...]} with no other member keeps only the byte spans of its
 * elements and parses one element per jmap_order_map, so a big export
 * never exists as one jansson tree; every other shape is parsed whole. */
#include "adapters/shopify_json.h"

#include <assert.h>
#include <float.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "adapters/json_scan.h"
#include "base/money.h"
#include "base/text.h"
#include "base/timeutil.h"

#define JMAP_PATH_MAX 160 /* "shipping_lines[12].tax_lines[3].price_set..." */
#define JMAP_QUOTE_MAX 40 /* bytes of a bad value quoted in a message */
#define JMAP_KEYS_SHOWN 5 /* keys listed when a document is not an order */

/* Either a whole tree (root, with one or list inside it) or, for a lone
 * "orders" array, the caller's text and the spans of its elements. */
struct jmap_doc {
	json_t *root; /* owned: the whole parsed input, or NULL */
	json_t *one;  /* borrowed: the order of a bare / {"order"} document */
	json_t *list; /* borrowed: the "orders" array */
	const char *text;          /* borrowed: the caller's buffer (lazy list) */
	struct jscan_span *elems;  /* owned: spans of the elements in text */
	size_t count;
};

/* One mapping run: where output goes and the order's currency exponent. */
struct mctx {
	struct arena *arena;
	struct err *e;
	int exp;
};

/* ---- paths and messages ------------------------------------------------ */

/* After an snprintf of n into buf: when it did not fit, end the text on a
 * code-point boundary with "..." so a message never carries half a
 * character. */
static void fit(char *buf, size_t size, int n)
{
	size_t keep;

	if (n >= 0 && (size_t)n < size)
		return;
	keep = utf8_cut(buf, strlen(buf), size - 4);
	memcpy(buf + keep, "...", 4);
}

/* "path.key", or "key" at the top, or "path" when key is NULL. */
static const char *path_of(char *buf, size_t size, const char *path,
			   const char *key)
{
	int n;

	if (path && *path && key)
		n = snprintf(buf, size, "%s.%s", path, key);
	else
		n = snprintf(buf, size, "%s", key ? key : path ? path : "");
	fit(buf, size, n);
	return buf;
}

/* "path.key[i]" */
static const char *elem_path(char *buf, size_t size, const char *path,
			     const char *key, size_t i)
{
	char base[JMAP_PATH_MAX];
	int n;

	n = snprintf(buf, size, "%s[%zu]",
		     path_of(base, sizeof(base), path, key), i);
	fit(buf, size, n);
	return buf;
}

static int fail(struct mctx *c, enum err_code code, const char *path,
		const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(struct mctx *c, enum err_code code, const char *path,
		const char *key, const char *fmt, ...)
{
	char where[JMAP_PATH_MAX];
	char why[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return err_set(c->e, code, "%s: %s",
		       path_of(where, sizeof(where), path, key), why);
}

static int nomem(struct mctx *c)
{
	return err_set(c->e, ERR_NOMEM, "out of memory while mapping the order");
}

/* Bytes of s (valid UTF-8, len bytes) to quote in a message. */
static int quote_len(const char *s, size_t len)
{
	return (int)utf8_cut(s, len, JMAP_QUOTE_MAX);
}

static const char *kind_name(const json_t *v)
{
	if (!v)
		return "nothing";
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a fractional number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return "an unknown value";
}

/* Shortest "%.*g" text that reads back as the same double ("0.06"). */
static void real_text(double d, char *buf, size_t size)
{
	int p;

	for (p = 1; p <= 17; p++) {
		snprintf(buf, size, "%.*g", p, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

/* ---- typed readers ------------------------------------------------------
 *
 * Each reads obj[key] (absent and null are the same) and, on a value of
 * the wrong type, fails with the path "path.key". */

/* The member, or NULL when absent or null. */
static json_t *getv(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return v && !json_is_null(v) ? v : NULL;
}

/* obj[key] as an array; *arr is NULL when absent or null. */
static int get_array(struct mctx *c, const json_t *obj, const char *path,
		     const char *key, json_t **arr)
{
	json_t *v = getv(obj, key);

	*arr = NULL;
	if (v && !json_is_array(v))
		return fail(c, ERR_INVALID, path, key, "expected an array, got %s",
			    kind_name(v));
	*arr = v;
	return 0;
}

/* Zeroed arena array of n elements; NULL when n == 0 (not an error) or
 * when out of memory (n > 0). */
static void *alloc_n(struct mctx *c, size_t n, size_t size)
{
	if (n == 0 || n > SIZE_MAX / size)
		return NULL;
	return arena_alloc(c->arena, n * size);
}

/* Text of a value: a string as sent, a number or boolean as its JSON
 * text; an object or array as compact JSON when `any`, else rejected. */
static int value_text(struct mctx *c, const json_t *v, bool any,
		      const char *path, const char *key, const char **out)
{
	char num[32];
	char *t = NULL;
	size_t n;

	*out = NULL;
	if (!v)
		return 0;
	switch (json_typeof(v)) {
	case JSON_NULL:
		return 0;
	case JSON_STRING:
		t = arena_strndup(c->arena, json_string_value(v),
				  json_string_length(v));
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		t = arena_strdup(c->arena, num);
		break;
	case JSON_REAL:
		real_text(json_real_value(v), num, sizeof(num));
		t = arena_strdup(c->arena, num);
		break;
	case JSON_TRUE:
		t = arena_strdup(c->arena, "true");
		break;
	case JSON_FALSE:
		t = arena_strdup(c->arena, "false");
		break;
	case JSON_OBJECT:
	case JSON_ARRAY:
		if (!any)
			return fail(c, ERR_INVALID, path, key,
				    "expected a string, got %s", kind_name(v));
		n = json_dumpb(v, NULL, 0, JSON_COMPACT | JSON_ENCODE_ANY);
		if (n == 0 || n == SIZE_MAX)
			return fail(c, ERR_INVALID, path, key,
				    "cannot be kept as text");
		t = arena_alloc(c->arena, n + 1);
		if (t && json_dumpb(v, t, n, JSON_COMPACT | JSON_ENCODE_ANY) != n)
			return fail(c, ERR_INVALID, path, key,
				    "cannot be kept as text");
		break;
	}
	if (!t)
		return nomem(c);
	*out = t;
	return 0;
}

static int map_str(struct mctx *c, const json_t *obj, const char *path,
		   const char *key, const char **out)
{
	return value_text(c, getv(obj, key), false, path, key, out);
}

/* Digits-only text of len bytes as a non-negative int64. */
static bool digits_value(const char *s, size_t len, int64_t *out)
{
	uint64_t mag = 0;
	size_t i;

	if (len == 0 || len > 19)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		mag = mag * 10u + (uint64_t)(s[i] - '0');
	}
	if (mag > (uint64_t)INT64_MAX)
		return false;
	*out = (int64_t)mag;
	return true;
}

/* An id: a JSON integer or a string of digits. A fractional-number id is
 * rejected: it went through a double and may have lost digits. */
static int id_value(struct mctx *c, const json_t *v, const char *path,
		    const char *key, int64_t *out, bool *has)
{
	char num[32];

	*out = 0;
	if (has)
		*has = false;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return fail(c, ERR_INVALID, path, key,
				    "%" JSON_INTEGER_FORMAT " is not a valid id (negative)",
				    json_integer_value(v));
		*out = (int64_t)json_integer_value(v);
	} else if (json_is_string(v)) {
		if (!digits_value(json_string_value(v), json_string_length(v), out))
			return fail(c, ERR_INVALID, path, key,
				    "\"%.*s\" is not a numeric id",
				    quote_len(json_string_value(v),
					      json_string_length(v)),
				    json_string_value(v));
	} else if (json_is_real(v)) {
		real_text(json_real_value(v), num, sizeof(num));
		return fail(c, ERR_INVALID, path, key,
			    "%s is a floating-point number and may have lost digits; ids must be integers",
			    num);
	} else {
		return fail(c, ERR_INVALID, path, key, "expected an id, got %s",
			    kind_name(v));
	}
	if (has)
		*has = true;
	return 0;
}

static int map_id(struct mctx *c, const json_t *obj, const char *path,
		  const char *key, int64_t *out, bool *has)
{
	return id_value(c, getv(obj, key), path, key, out, has);
}

/* A count (quantity, grams, order number): a JSON integer, a string of
 * digits, or a fractional number with no fraction (exact below 2^53). */
static int map_int(struct mctx *c, const json_t *obj, const char *path,
		   const char *key, int64_t *out, bool *has)
{
	json_t *v = getv(obj, key);
	double r;

	*out = 0;
	if (has)
		*has = false;
	if (!v)
		return 0;
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
	} else if (json_is_string(v)) {
		if (!digits_value(json_string_value(v), json_string_length(v), out))
			return fail(c, ERR_INVALID, path, key,
				    "\"%.*s\" is not a whole number",
				    quote_len(json_string_value(v),
					      json_string_length(v)),
				    json_string_value(v));
	} else if (json_is_real(v)) {
		r = json_real_value(v);
		if (!(r >= -9007199254740992.0 && r <= 9007199254740992.0) ||
		    r != (double)(int64_t)r) {
			char num[32];
			real_text(r, num, sizeof(num));
			return fail(c, ERR_INVALID, path, key,
				    "%s is not a whole number", num);
		}
		*out = (int64_t)r;
	} else {
		return fail(c, ERR_INVALID, path, key,
			    "expected a whole number, got %s", kind_name(v));
	}
	if (has)
		*has = true;
	return 0;
}

/* A boolean; absent or null gives dflt. Also "true"/"false" and 0/1. */
static int map_bool(struct mctx *c, const json_t *obj, const char *path,
		    const char *key, bool dflt, bool *out)
{
	json_t *v = getv(obj, key);

	*out = dflt;
	if (!v)
		return 0;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
	} else if (json_is_string(v) && strcmp(json_string_value(v), "true") == 0) {
		*out = true;
	} else if (json_is_string(v) && strcmp(json_string_value(v), "false") == 0) {
		*out = false;
	} else if (json_is_integer(v) && (json_integer_value(v) == 0 ||
					  json_integer_value(v) == 1)) {
		*out = json_integer_value(v) == 1;
	} else {
		return fail(c, ERR_INVALID, path, key,
			    "expected true or false, got %s", kind_name(v));
	}
	return 0;
}

/* ---- money --------------------------------------------------------------- */

static int64_t scale_of(int exp)
{
	int64_t s = 1;

	while (exp-- > 0)
		s *= 10;
	return s;
}

/* Bare fractional amounts must stay below this many minor units. Below
 * it, doubles are spaced at most 2^-12 minor units apart, so the
 * tolerance money_real allows for floating-point noise (4 ulp, at most
 * 2^-10 minor units) stays far below half a minor unit: a number sent
 * with one decimal too many (6000000.005 USD) is told apart from noise
 * and refused, never rounded, and printing at the currency exponent
 * gives back the decimal that was sent. At 2^50 that tolerance reached a
 * whole minor unit (6000000000000.005 passed as ...00.01). Strings are
 * exact at any size. */
#define MONEY_REAL_MAX_MINOR 1099511627776.0 /* 2^40 */

/* A bare fractional number: refused when too large to be exact, else
 * printed once at the currency exponent, parsed as text, and accepted
 * only when that value reads back as the same double (up to
 * floating-point noise far below a minor unit), i.e. the number had no
 * more decimals than the currency. */
static int money_real(struct mctx *c, double d, const char *path,
		      const char *key, int64_t *out)
{
	char shown[32];
	char txt[64];
	const double scale = (double)scale_of(c->exp);
	const double mag = d < 0 ? -d : d;
	double back, diff, tol;
	int64_t minor;
	struct err me;

	real_text(d, shown, sizeof(shown));
	if (!(mag * scale < MONEY_REAL_MAX_MINOR))
		return fail(c, ERR_INVALID, path, key,
			    "amount sent as a bare number is too large to be "
			    "exact; send it as a string");
	snprintf(txt, sizeof(txt), "%.*f", c->exp, d);
	if (money_parse(txt, strlen(txt), c->exp, &minor, &me))
		return fail(c, ERR_INVALID, path, key, "amount %s: %s", shown,
			    me.msg);
	back = (double)minor / scale;
	diff = back > d ? back - d : d - back;
	tol = 1e-6 / scale;
	if (tol < mag * 4 * DBL_EPSILON)
		tol = mag * 4 * DBL_EPSILON;
	if (diff > tol)
		return fail(c, ERR_INVALID, path, key,
			    "amount %s has more than %d decimal places", shown,
			    c->exp);
	*out = minor;
	return 0;
}

/* An amount in the order currency: decimal string, integer (whole units)
 * or fractional number. */
static int money_value(struct mctx *c, const json_t *v, const char *path,
		       const char *key, int64_t *out)
{
	struct err me;
	int rc;

	switch (json_typeof(v)) {
	case JSON_STRING:
		rc = money_parse(json_string_value(v), json_string_length(v),
				 c->exp, out, &me);
		if (rc)
			return fail(c, rc == ERR_OVERFLOW ? ERR_OVERFLOW : ERR_INVALID,
				    path, key, "%s", me.msg);
		return 0;
	case JSON_INTEGER:
		if (money_mul((int64_t)json_integer_value(v), scale_of(c->exp), out))
			return fail(c, ERR_OVERFLOW, path, key,
				    "amount %" JSON_INTEGER_FORMAT " out of range",
				    json_integer_value(v));
		return 0;
	case JSON_REAL:
		return money_real(c, json_real_value(v), path, key, out);
	default:
		return fail(c, ERR_INVALID, path, key, "expected an amount, got %s",
			    kind_name(v));
	}
}

/* obj[key], else obj[set_key].shop_money.amount (either may be NULL).
 * Absent or null: 0 and *has false. */
static int map_money(struct mctx *c, const json_t *obj, const char *path,
		     const char *key, const char *set_key, int64_t *out,
		     bool *has)
{
	char where[JMAP_PATH_MAX];
	char shop[JMAP_PATH_MAX];
	json_t *v = key ? getv(obj, key) : NULL;
	json_t *set, *sm;
	int rc;

	*out = 0;
	if (has)
		*has = false;
	if (v) {
		rc = money_value(c, v, path, key, out);
		if (rc)
			return rc;
	} else if (set_key && (set = getv(obj, set_key))) {
		path_of(where, sizeof(where), path, set_key);
		if (!json_is_object(set))
			return fail(c, ERR_INVALID, where, NULL,
				    "expected an object, got %s", kind_name(set));
		sm = getv(set, "shop_money");
		if (!sm)
			return 0;
		if (!json_is_object(sm))
			return fail(c, ERR_INVALID, where, "shop_money",
				    "expected an object, got %s", kind_name(sm));
		v = getv(sm, "amount");
		if (!v)
			return 0;
		rc = money_value(c, v, path_of(shop, sizeof(shop), where,
					       "shop_money"), "amount", out);
		if (rc)
			return rc;
	} else {
		return 0;
	}
	if (has)
		*has = true;
	return 0;
}

/* Sum of obj.discount_allocations[].amount; *present is false when the
 * array is absent or empty. */
static int sum_allocations(struct mctx *c, const json_t *obj,
			   const char *path, int64_t *sum, bool *present)
{
	char where[JMAP_PATH_MAX];
	json_t *arr, *el;
	int64_t amount;
	size_t i;
	int rc;

	*sum = 0;
	*present = false;
	rc = get_array(c, obj, path, "discount_allocations", &arr);
	if (rc || !arr)
		return rc;
	json_array_foreach(arr, i, el) {
		elem_path(where, sizeof(where), path, "discount_allocations", i);
		if (!json_is_object(el))
			return fail(c, ERR_INVALID, where, NULL,
				    "expected an object, got %s", kind_name(el));
		rc = map_money(c, el, where, "amount", "amount_set", &amount, NULL);
		if (rc)
			return rc;
		if (money_add(*sum, amount, sum))
			return fail(c, ERR_OVERFLOW, path, "discount_allocations",
				    "sum of the amounts out of range");
	}
	*present = json_array_size(arr) > 0;
	return 0;
}

/* ---- compound parts ------------------------------------------------------ */

static int map_tax_lines(struct mctx *c, const json_t *obj, const char *path,
			 struct so_tax_line **out, size_t *n)
{
	char where[JMAP_PATH_MAX];
	struct so_tax_line *t = NULL;
	json_t *arr, *el, *rate;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	rc = get_array(c, obj, path, "tax_lines", &arr);
	if (rc || !arr)
		goto out;
	t = alloc_n(c, json_array_size(arr), sizeof(*t));
	if (!t && json_array_size(arr)) {
		rc = nomem(c);
		goto out;
	}
	json_array_foreach(arr, i, el) {
		elem_path(where, sizeof(where), path, "tax_lines", i);
		if (!json_is_object(el)) {
			rc = fail(c, ERR_INVALID, where, NULL,
				  "expected an object, got %s", kind_name(el));
			goto out;
		}
		rate = getv(el, "rate");
		if (rate && !json_is_number(rate) && !json_is_string(rate)) {
			rc = fail(c, ERR_INVALID, where, "rate",
				  "expected a number, got %s", kind_name(rate));
			goto out;
		}
		if ((rc = map_str(c, el, where, "title", &t[i].title)) ||
		    (rc = map_money(c, el, where, "price", "price_set",
				    &t[i].amount, NULL)) ||
		    (rc = value_text(c, rate, false, where, "rate", &t[i].rate)) ||
		    (rc = map_bool(c, el, where, "channel_liable", false,
				   &t[i].channel_liable)))
			goto out;
	}
	*out = t;
	*n = json_array_size(arr);
out:
	return rc;
}

/* [{"name": .., "value": ..}] or {"name": value, ...}. */
static int map_name_values(struct mctx *c, const json_t *obj,
			   const char *path, const char *key,
			   struct so_name_value **out, size_t *n)
{
	char where[JMAP_PATH_MAX];
	struct so_name_value *nv = NULL;
	json_t *v = getv(obj, key), *el;
	const char *k;
	size_t i = 0, count;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!v)
		goto out;
	if (!json_is_object(v) && !json_is_array(v)) {
		rc = fail(c, ERR_INVALID, path, key,
			  "expected an array of name/value pairs, got %s",
			  kind_name(v));
		goto out;
	}
	count = json_is_object(v) ? json_object_size(v) : json_array_size(v);
	nv = alloc_n(c, count, sizeof(*nv));
	if (!nv && count) {
		rc = nomem(c);
		goto out;
	}
	if (json_is_object(v)) {
		path_of(where, sizeof(where), path, key);
		json_object_foreach(v, k, el) {
			nv[i].name = arena_strdup(c->arena, k);
			if (!nv[i].name) {
				rc = nomem(c);
				goto out;
			}
			rc = value_text(c, el, true, where, k, &nv[i].value);
			if (rc)
				goto out;
			i++;
		}
	} else {
		json_array_foreach(v, i, el) {
			elem_path(where, sizeof(where), path, key, i);
			if (!json_is_object(el)) {
				rc = fail(c, ERR_INVALID, where, NULL,
					  "expected an object, got %s",
					  kind_name(el));
				goto out;
			}
			if ((rc = value_text(c, json_object_get(el, "name"), true,
					     where, "name", &nv[i].name)) ||
			    (rc = value_text(c, json_object_get(el, "value"), true,
					     where, "value", &nv[i].value)))
				goto out;
		}
	}
	*out = nv;
	*n = count;
out:
	return rc;
}

static const struct {
	const char *key;
	size_t off;
} address_fields[] = {
	{"name", offsetof(struct so_address, name)},
	{"first_name", offsetof(struct so_address, first_name)},
	{"last_name", offsetof(struct so_address, last_name)},
	{"company", offsetof(struct so_address, company)},
	{"address1", offsetof(struct so_address, address1)},
	{"address2", offsetof(struct so_address, address2)},
	{"city", offsetof(struct so_address, city)},
	{"province", offsetof(struct so_address, province)},
	{"province_code", offsetof(struct so_address, province_code)},
	{"country", offsetof(struct so_address, country)},
	{"country_code", offsetof(struct so_address, country_code)},
	{"zip", offsetof(struct so_address, zip)},
	{"phone", offsetof(struct so_address, phone)},
};

static int map_address(struct mctx *c, const json_t *obj, const char *path,
		       const char *key, struct so_address *a)
{
	char where[JMAP_PATH_MAX];
	json_t *v = getv(obj, key);
	size_t i;
	int rc;

	memset(a, 0, sizeof(*a));
	if (!v)
		return 0;
	if (!json_is_object(v))
		return fail(c, ERR_INVALID, path, key,
			    "expected an address object, got %s", kind_name(v));
	path_of(where, sizeof(where), path, key);
	for (i = 0; i < sizeof(address_fields) / sizeof(address_fields[0]); i++) {
		const char **field =
			(const char **)((char *)a + address_fields[i].off);
		rc = map_str(c, v, where, address_fields[i].key, field);
		if (rc)
			return rc;
	}
	a->present = true;
	return 0;
}

static int map_customer(struct mctx *c, const json_t *obj,
			struct so_customer *cu)
{
	json_t *v = getv(obj, "customer");
	int rc = 0;

	memset(cu, 0, sizeof(*cu));
	if (!v)
		goto out;
	if (!json_is_object(v)) {
		rc = fail(c, ERR_INVALID, "", "customer",
			  "expected an object, got %s", kind_name(v));
		goto out;
	}
	if ((rc = map_id(c, v, "customer", "id", &cu->id, &cu->has_id)) ||
	    (rc = map_str(c, v, "customer", "email", &cu->email)) ||
	    (rc = map_str(c, v, "customer", "phone", &cu->phone)) ||
	    (rc = map_str(c, v, "customer", "first_name", &cu->first_name)) ||
	    (rc = map_str(c, v, "customer", "last_name", &cu->last_name)) ||
	    (rc = map_address(c, v, "customer", "default_address",
			      &cu->default_address)))
		goto out;
	cu->present = true;
out:
	return rc;
}

static bool is_tip_line(const json_t *li, const struct so_line *l)
{
	if (getv(li, "tip_payment_gateway") || getv(li, "tip_payment_method"))
		return true;
	return !l->has_product_id && !l->has_variant_id && l->title &&
	       strcasecmp(l->title, "Tip") == 0 && !l->requires_shipping;
}

static int map_line(struct mctx *c, const json_t *li, const char *where,
		    struct so_line *l)
{
	json_t *v;
	bool has, exists, has_alloc;
	int rc;

	if (!json_is_object(li)) {
		rc = fail(c, ERR_INVALID, where, NULL,
			  "expected a line item object, got %s", kind_name(li));
		goto out;
	}
	if ((rc = map_id(c, li, where, "id", &l->id, NULL)) ||
	    (rc = map_id(c, li, where, "variant_id", &l->variant_id,
			 &l->has_variant_id)) ||
	    (rc = map_id(c, li, where, "product_id", &l->product_id,
			 &l->has_product_id)) ||
	    (rc = map_str(c, li, where, "title", &l->title)) ||
	    (rc = map_str(c, li, where, "variant_title", &l->variant_title)) ||
	    (rc = map_str(c, li, where, "name", &l->name)) ||
	    (rc = map_str(c, li, where, "sku", &l->sku)) ||
	    (rc = map_str(c, li, where, "vendor", &l->vendor)) ||
	    (rc = map_str(c, li, where, "fulfillment_status",
			  &l->fulfillment_status)))
		goto out;

	v = getv(li, "product_exists");
	l->product_exists = -1;
	if (v) {
		rc = map_bool(c, li, where, "product_exists", false, &exists);
		if (rc)
			goto out;
		l->product_exists = exists ? 1 : 0;
	}

	rc = map_int(c, li, where, "quantity", &l->quantity, &has);
	if (rc)
		goto out;
	if (!has) {
		rc = fail(c, ERR_INVALID, where, "quantity", "missing");
		goto out;
	}
	if (l->quantity < 0) {
		rc = fail(c, ERR_INVALID, where, "quantity",
			  "%lld is negative", (long long)l->quantity);
		goto out;
	}
	if ((rc = map_int(c, li, where, "current_quantity", &l->current_quantity,
			  &l->has_current_quantity)) ||
	    (rc = map_int(c, li, where, "fulfillable_quantity",
			  &l->fulfillable_quantity,
			  &l->has_fulfillable_quantity)) ||
	    (rc = map_int(c, li, where, "grams", &l->grams, NULL)))
		goto out;

	rc = map_money(c, li, where, "price", "price_set", &l->price, &has);
	if (rc)
		goto out;
	if (!has) {
		rc = fail(c, ERR_INVALID, where, "price",
			  "missing (neither price nor price_set)");
		goto out;
	}
	rc = sum_allocations(c, li, where, &l->discount, &has_alloc);
	if (rc)
		goto out;
	if (!has_alloc) {
		rc = map_money(c, li, where, "total_discount",
			       "total_discount_set", &l->discount, NULL);
		if (rc)
			goto out;
	}

	if ((rc = map_bool(c, li, where, "requires_shipping", true,
			   &l->requires_shipping)) ||
	    (rc = map_bool(c, li, where, "taxable", true, &l->taxable)) ||
	    (rc = map_bool(c, li, where, "gift_card", false, &l->gift_card)) ||
	    (rc = map_tax_lines(c, li, where, &l->tax_lines, &l->n_tax_lines)) ||
	    (rc = map_name_values(c, li, where, "properties", &l->properties,
				  &l->n_properties)))
		goto out;
	l->tip = is_tip_line(li, l);
out:
	return rc;
}

static int map_lines(struct mctx *c, const json_t *obj,
		     struct shopify_order *o)
{
	char where[JMAP_PATH_MAX];
	json_t *arr = json_object_get(obj, "line_items"), *el;
	size_t i;
	int rc = 0;

	if (!arr || json_is_null(arr)) {
		rc = err_set(c->e, ERR_INVALID, "order has no line_items");
		goto out;
	}
	if (!json_is_array(arr)) {
		rc = fail(c, ERR_INVALID, "", "line_items",
			  "expected an array, got %s", kind_name(arr));
		goto out;
	}
	o->lines = alloc_n(c, json_array_size(arr), sizeof(*o->lines));
	if (!o->lines && json_array_size(arr)) {
		rc = nomem(c);
		goto out;
	}
	json_array_foreach(arr, i, el) {
		elem_path(where, sizeof(where), "", "line_items", i);
		rc = map_line(c, el, where, &o->lines[i]);
		if (rc)
			goto out;
	}
	o->n_lines = json_array_size(arr);
out:
	return rc;
}

static int map_shipping_line(struct mctx *c, const json_t *sl,
			     const char *where, struct so_shipping_line *s)
{
	int64_t discounted;
	bool has_alloc, has_discounted;
	int rc;

	if (!json_is_object(sl)) {
		rc = fail(c, ERR_INVALID, where, NULL,
			  "expected an object, got %s", kind_name(sl));
		goto out;
	}
	if ((rc = map_id(c, sl, where, "id", &s->id, NULL)) ||
	    (rc = map_str(c, sl, where, "title", &s->title)) ||
	    (rc = map_str(c, sl, where, "code", &s->code)) ||
	    (rc = map_str(c, sl, where, "source", &s->source)) ||
	    (rc = map_money(c, sl, where, "price", "price_set", &s->price,
			    NULL)) ||
	    (rc = sum_allocations(c, sl, where, &s->discount, &has_alloc)) ||
	    (rc = map_tax_lines(c, sl, where, &s->tax_lines, &s->n_tax_lines)))
		goto out;
	if (has_alloc)
		goto out;
	rc = map_money(c, sl, where, "discounted_price", "discounted_price_set",
		       &discounted, &has_discounted);
	if (rc || !has_discounted)
		goto out;
	if (money_sub(s->price, discounted, &s->discount)) {
		rc = fail(c, ERR_OVERFLOW, where, "discounted_price",
			  "price minus discounted_price out of range");
		goto out;
	}
	if (s->discount < 0)
		s->discount = 0;
out:
	return rc;
}

static int map_shipping_lines(struct mctx *c, const json_t *obj,
			      struct shopify_order *o)
{
	char where[JMAP_PATH_MAX];
	json_t *arr, *el;
	size_t i;
	int rc;

	rc = get_array(c, obj, "", "shipping_lines", &arr);
	if (rc || !arr)
		goto out;
	o->shipping_lines = alloc_n(c, json_array_size(arr),
				    sizeof(*o->shipping_lines));
	if (!o->shipping_lines && json_array_size(arr)) {
		rc = nomem(c);
		goto out;
	}
	json_array_foreach(arr, i, el) {
		elem_path(where, sizeof(where), "", "shipping_lines", i);
		rc = map_shipping_line(c, el, where, &o->shipping_lines[i]);
		if (rc)
			goto out;
	}
	o->n_shipping_lines = json_array_size(arr);
out:
	return rc;
}

static int map_discount_codes(struct mctx *c, const json_t *obj,
			      struct shopify_order *o)
{
	char where[JMAP_PATH_MAX];
	struct so_discount_code *dc = NULL;
	json_t *arr, *el;
	size_t i;
	int rc;

	rc = get_array(c, obj, "", "discount_codes", &arr);
	if (rc || !arr)
		goto out;
	dc = alloc_n(c, json_array_size(arr), sizeof(*dc));
	if (!dc && json_array_size(arr)) {
		rc = nomem(c);
		goto out;
	}
	json_array_foreach(arr, i, el) {
		elem_path(where, sizeof(where), "", "discount_codes", i);
		if (!json_is_object(el)) {
			rc = fail(c, ERR_INVALID, where, NULL,
				  "expected an object, got %s", kind_name(el));
			goto out;
		}
		if ((rc = map_str(c, el, where, "code", &dc[i].code)) ||
		    (rc = map_money(c, el, where, "amount", NULL, &dc[i].amount,
				    NULL)) ||
		    (rc = map_str(c, el, where, "type", &dc[i].type)))
			goto out;
	}
	o->discount_codes = dc;
	o->n_discount_codes = json_array_size(arr);
out:
	return rc;
}

static enum so_txn_kind txn_kind(const char *s)
{
	static const struct {
		const char *text;
		enum so_txn_kind kind;
	} kinds[] = {
		{"authorization", SO_TXN_AUTHORIZATION}, {"capture", SO_TXN_CAPTURE},
		{"sale", SO_TXN_SALE}, {"void", SO_TXN_VOID},
		{"refund", SO_TXN_REFUND},
	};
	size_t i;

	for (i = 0; s && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(s, kinds[i].text) == 0)
			return kinds[i].kind;
	return SO_TXN_OTHER;
}

static enum so_txn_status txn_status(const char *s)
{
	static const struct {
		const char *text;
		enum so_txn_status status;
	} statuses[] = {
		{"pending", SO_TXN_ST_PENDING}, {"success", SO_TXN_ST_SUCCESS},
		{"failure", SO_TXN_ST_FAILURE}, {"error", SO_TXN_ST_ERROR},
	};
	size_t i;

	for (i = 0; s && i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(s, statuses[i].text) == 0)
			return statuses[i].status;
	return SO_TXN_ST_OTHER;
}

static int map_transactions(struct mctx *c, const json_t *obj,
			    struct shopify_order *o)
{
	char where[JMAP_PATH_MAX];
	struct so_transaction *t = NULL;
	json_t *arr, *el;
	size_t i;
	int rc;

	rc = get_array(c, obj, "", "transactions", &arr);
	if (rc || !arr)
		goto out;
	t = alloc_n(c, json_array_size(arr), sizeof(*t));
	if (!t && json_array_size(arr)) {
		rc = nomem(c);
		goto out;
	}
	json_array_foreach(arr, i, el) {
		elem_path(where, sizeof(where), "", "transactions", i);
		if (!json_is_object(el)) {
			rc = fail(c, ERR_INVALID, where, NULL,
				  "expected an object, got %s", kind_name(el));
			goto out;
		}
		if ((rc = map_id(c, el, where, "id", &t[i].id, NULL)) ||
		    (rc = map_id(c, el, where, "parent_id", &t[i].parent_id,
				 &t[i].has_parent_id)) ||
		    (rc = map_str(c, el, where, "kind", &t[i].kind_text)) ||
		    (rc = map_str(c, el, where, "status", &t[i].status_text)) ||
		    (rc = map_money(c, el, where, "amount", NULL, &t[i].amount,
				    NULL)) ||
		    (rc = map_str(c, el, where, "currency", &t[i].currency)) ||
		    (rc = map_str(c, el, where, "gateway", &t[i].gateway)) ||
		    (rc = map_str(c, el, where, "processed_at",
				  &t[i].processed_at)) ||
		    (rc = map_bool(c, el, where, "test", false, &t[i].test)))
			goto out;
		t[i].kind = txn_kind(t[i].kind_text);
		t[i].status = txn_status(t[i].status_text);
	}
	o->has_transactions = true;
	o->transactions = t;
	o->n_transactions = json_array_size(arr);
out:
	return rc;
}

/* payment_gateway_names joined by ", "; else the deprecated "gateway". */
static int map_gateways(struct mctx *c, const json_t *obj,
			struct shopify_order *o)
{
	char where[JMAP_PATH_MAX];
	const char **names = NULL;
	json_t *arr, *el;
	size_t i, n = 0, total = 0;
	char *joined, *p;
	int rc;

	rc = get_array(c, obj, "", "payment_gateway_names", &arr);
	if (rc)
		goto out;
	if (arr && json_array_size(arr)) {
		names = alloc_n(c, json_array_size(arr), sizeof(*names));
		if (!names) {
			rc = nomem(c);
			goto out;
		}
		json_array_foreach(arr, i, el) {
			elem_path(where, sizeof(where), "", "payment_gateway_names",
				  i);
			rc = value_text(c, el, false, where, NULL, &names[n]);
			if (rc)
				goto out;
			if (names[n])
				total += strlen(names[n++]) + 2;
		}
	}
	if (n == 0) {
		rc = map_str(c, obj, "", "gateway", &o->first_gateway);
		if (rc)
			goto out;
		if (o->first_gateway && !*o->first_gateway)
			o->first_gateway = NULL;
		o->gateway_names = o->first_gateway;
		goto out;
	}
	joined = p = arena_alloc(c->arena, total + 1);
	if (!joined) {
		rc = nomem(c);
		goto out;
	}
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (i) {
			memcpy(p, ", ", 2);
			p += 2;
		}
		memcpy(p, names[i], len);
		p += len;
	}
	*p = '\0';
	o->gateway_names = joined;
	o->first_gateway = names[0];
out:
	return rc;
}

/* Three upper-case letters from "currency", else from
 * total_price_set.shop_money.currency_code, else USD. */
static int map_currency(struct mctx *c, const json_t *obj,
			struct shopify_order *o)
{
	const char *path = "";
	const char *key = "currency";
	json_t *v = getv(obj, "currency");

	if (!v) {
		v = getv(getv(getv(obj, "total_price_set"), "shop_money"),
			 "currency_code");
		path = "total_price_set.shop_money";
		key = "currency_code";
	}
	if (!v) {
		memcpy(o->currency, "USD", 4);
	} else if (!json_is_string(v)) {
		return fail(c, ERR_INVALID, path, key,
			    "expected a currency code, got %s", kind_name(v));
	} else if (!money_currency_valid(json_string_value(v))) {
		return fail(c, ERR_INVALID, path, key,
			    "\"%.*s\" is not an ISO 4217 currency code",
			    quote_len(json_string_value(v), json_string_length(v)),
			    json_string_value(v));
	} else {
		memcpy(o->currency, json_string_value(v), 4);
	}
	o->exp = money_exponent(o->currency);
	c->exp = o->exp;
	return 0;
}

static int map_totals(struct mctx *c, const json_t *obj,
		      struct shopify_order *o)
{
	bool has;
	int rc;

	rc = map_money(c, obj, "", "total_price", "total_price_set",
		       &o->total_price, &has);
	if (rc)
		goto out;
	if (!has) {
		rc = err_set(c->e, ERR_INVALID, "order has no total_price");
		goto out;
	}
	if ((rc = map_money(c, obj, "", "current_total_price",
			    "current_total_price_set", &o->current_total_price,
			    &o->has_current_total_price)) ||
	    (rc = map_money(c, obj, "", "subtotal_price", "subtotal_price_set",
			    &o->subtotal_price, NULL)) ||
	    (rc = map_money(c, obj, "", "total_tax", "total_tax_set",
			    &o->total_tax, NULL)) ||
	    (rc = map_money(c, obj, "", "total_discounts", "total_discounts_set",
			    &o->total_discounts, NULL)) ||
	    (rc = map_money(c, obj, "", "total_line_items_price",
			    "total_line_items_price_set",
			    &o->total_line_items_price, NULL)) ||
	    (rc = map_money(c, obj, "", NULL, "total_shipping_price_set",
			    &o->total_shipping, NULL)) ||
	    (rc = map_money(c, obj, "", "total_tip_received", NULL,
			    &o->total_tip_received, NULL)) ||
	    (rc = map_money(c, obj, "", "total_outstanding", NULL,
			    &o->total_outstanding, &o->has_total_outstanding)) ||
	    (rc = map_money(c, obj, "", NULL, "current_total_duties_set",
			    &o->total_duties, &has)))
		goto out;
	if (!has) {
		rc = map_money(c, obj, "", NULL, "original_total_duties_set",
			       &o->total_duties, NULL);
		if (rc)
			goto out;
	}
	rc = map_money(c, obj, "", NULL, "current_total_additional_fees_set",
		       &o->total_additional_fees, &has);
	if (rc)
		goto out;
	if (!has) {
		rc = map_money(c, obj, "", NULL,
			       "original_total_additional_fees_set",
			       &o->total_additional_fees, NULL);
		if (rc)
			goto out;
	}
	rc = map_money(c, obj, "", NULL,
		       "total_cash_rounding_payment_adjustment_set",
		       &o->cash_rounding, NULL);
out:
	return rc;
}

static int map_payment_terms(struct mctx *c, const json_t *obj,
			     struct shopify_order *o)
{
	json_t *pt = getv(obj, "payment_terms"), *sched, *first;
	int rc = 0;

	if (!pt)
		goto out;
	if (!json_is_object(pt)) {
		rc = fail(c, ERR_INVALID, "", "payment_terms",
			  "expected an object, got %s", kind_name(pt));
		goto out;
	}
	o->has_payment_terms = true;
	rc = get_array(c, pt, "payment_terms", "payment_schedules", &sched);
	if (rc || !sched || json_array_size(sched) == 0)
		goto out;
	first = json_array_get(sched, 0);
	if (!json_is_object(first)) {
		rc = fail(c, ERR_INVALID, "payment_terms", "payment_schedules[0]",
			  "expected an object, got %s", kind_name(first));
		goto out;
	}
	rc = map_str(c, first, "payment_terms.payment_schedules[0]", "due_at",
		     &o->payment_due_at);
out:
	return rc;
}

/* id, order_number and name first: they are reported through id_out and
 * name_out even when the order is rejected, so each is read on its own. */
static int map_ident(struct mctx *c, const json_t *obj,
		     struct shopify_order *o, int64_t *id_out,
		     const char **name_out)
{
	struct err e_id, e_num, e_name;
	struct mctx cid = *c, cnum = *c, cname = *c;
	bool has_id = false, has_num = false;
	int rc_id, rc_num, rc_name;

	err_clear(&e_id);
	err_clear(&e_num);
	err_clear(&e_name);
	cid.e = &e_id;
	cnum.e = &e_num;
	cname.e = &e_name;
	rc_id = map_id(&cid, obj, "", "id", &o->id, &has_id);
	rc_num = map_int(&cnum, obj, "", "order_number", &o->order_number,
			 &has_num);
	if (!rc_num && !has_num)
		rc_num = map_int(&cnum, obj, "", "number", &o->order_number, NULL);
	rc_name = map_str(&cname, obj, "", "name", &o->name);
	if (!rc_name && !o->name && !rc_num && o->order_number > 0)
		o->name = arena_printf(c->arena, "#%lld",
				       (long long)o->order_number);
	else if (!rc_name && !o->name && !rc_id && has_id)
		o->name = arena_printf(c->arena, "#%lld", (long long)o->id);
	if (!rc_id && has_id && id_out)
		*id_out = o->id;
	if (name_out)
		*name_out = o->name;

	if (rc_id || rc_num || rc_name) {
		if (c->e)
			*c->e = rc_id ? e_id : rc_num ? e_num : e_name;
		return rc_id ? rc_id : rc_num ? rc_num : rc_name;
	}
	if (!has_id)
		return err_set(c->e, ERR_INVALID, "order has no id");
	if (!o->name)
		return nomem(c);
	return 0;
}

static int map_order(struct mctx *c, const json_t *obj,
		     struct shopify_order *o)
{
	static const struct {
		const char *key;
		size_t off;
	} strings[] = {
		{"email", offsetof(struct shopify_order, email)},
		{"phone", offsetof(struct shopify_order, phone)},
		{"contact_email", offsetof(struct shopify_order, contact_email)},
		{"created_at", offsetof(struct shopify_order, created_at)},
		{"updated_at", offsetof(struct shopify_order, updated_at)},
		{"processed_at", offsetof(struct shopify_order, processed_at)},
		{"cancelled_at", offsetof(struct shopify_order, cancelled_at)},
		{"closed_at", offsetof(struct shopify_order, closed_at)},
		{"presentment_currency",
		 offsetof(struct shopify_order, presentment_currency)},
		{"financial_status",
		 offsetof(struct shopify_order, financial_status)},
		{"fulfillment_status",
		 offsetof(struct shopify_order, fulfillment_status)},
		{"cancel_reason", offsetof(struct shopify_order, cancel_reason)},
		{"source_name", offsetof(struct shopify_order, source_name)},
		{"tags", offsetof(struct shopify_order, tags)},
		{"note", offsetof(struct shopify_order, note)},
		{"po_number", offsetof(struct shopify_order, po_number)},
	};
	struct err te;
	json_t *refunds;
	size_t i;
	int rc;

	if ((rc = map_currency(c, obj, o)))
		goto out;
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		const char **field = (const char **)((char *)o + strings[i].off);
		rc = map_str(c, obj, "", strings[i].key, field);
		if (rc)
			goto out;
	}
	if (o->updated_at &&
	    time_parse_iso8601(o->updated_at, &o->updated_at_unix,
			       &o->updated_at_ms, &te)) {
		rc = fail(c, ERR_INVALID, "", "updated_at", "%s", te.msg);
		goto out;
	}
	if ((rc = map_bool(c, obj, "", "test", false, &o->test)) ||
	    (rc = map_bool(c, obj, "", "taxes_included", false,
			   &o->taxes_included)) ||
	    (rc = map_id(c, obj, "", "location_id", &o->location_id,
			 &o->has_location_id)) ||
	    (rc = map_totals(c, obj, o)) ||
	    (rc = map_payment_terms(c, obj, o)) ||
	    (rc = map_customer(c, obj, &o->customer)) ||
	    (rc = map_address(c, obj, "", "billing_address", &o->billing)) ||
	    (rc = map_address(c, obj, "", "shipping_address",
			      &o->shipping_address)) ||
	    (rc = map_lines(c, obj, o)) ||
	    (rc = map_shipping_lines(c, obj, o)) ||
	    (rc = map_tax_lines(c, obj, "", &o->tax_lines, &o->n_tax_lines)) ||
	    (rc = map_discount_codes(c, obj, o)) ||
	    (rc = map_transactions(c, obj, o)) ||
	    (rc = map_name_values(c, obj, "", "note_attributes",
				  &o->note_attributes, &o->n_note_attributes)) ||
	    (rc = map_gateways(c, obj, o)) ||
	    (rc = get_array(c, obj, "", "refunds", &refunds)))
		goto out;
	o->n_refunds = refunds ? json_array_size(refunds) : 0;
out:
	return rc;
}

/* ---- the document -------------------------------------------------------- */

/* "product, variants, ..." : the first keys of an object, for messages. */
static void key_list(json_t *obj, char *buf, size_t size)
{
	const char *k;
	json_t *v;
	size_t used = 0, n = 0;
	int w;

	buf[0] = '\0';
	json_object_foreach(obj, k, v) {
		if (n == JMAP_KEYS_SHOWN) {
			snprintf(buf + used, size - used, ", ...");
			break;
		}
		w = snprintf(buf + used, size - used, "%s%.*s", n ? ", " : "",
			     quote_len(k, strlen(k)), k);
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
		n++;
	}
}

static const char graphql_reason[] =
	"GraphQL order shape (lineItems); only REST orders are imported";

/* The members that each make a document a shape of its own: a list, a
 * wrapped order, a bare order. */
static const char *const shape_keys[] = {"orders", "order", "line_items"};

/* ERR_UNSUPPORTED when root holds more than one of shape_keys: importing
 * one of them would silently drop the other ({"orders":[#1],"order":#2},
 * a bare order that also has "orders"). */
static int doc_ambiguous(json_t *root, struct err *e)
{
	const char *found[sizeof(shape_keys) / sizeof(shape_keys[0])];
	size_t i, n = 0;

	for (i = 0; i < sizeof(shape_keys) / sizeof(shape_keys[0]); i++)
		if (json_object_get(root, shape_keys[i]))
			found[n++] = shape_keys[i];
	if (n == 2)
		return err_set(e, ERR_UNSUPPORTED,
			       "ambiguous document: it has both \"%s\" and \"%s\"",
			       found[0], found[1]);
	if (n == 3)
		return err_set(e, ERR_UNSUPPORTED,
			       "ambiguous document: it has \"%s\", \"%s\" and \"%s\"",
			       found[0], found[1], found[2]);
	return 0;
}

/* Find the orders in root, or say why there are none. */
static int doc_locate(struct jmap_doc *d, json_t *root, struct err *e)
{
	char keys[256];
	json_t *v;
	int rc;

	if (json_is_array(root))
		return err_set(e, ERR_UNSUPPORTED,
			       "not a Shopify REST order (an array of %zu element%s)",
			       json_array_size(root),
			       json_array_size(root) == 1 ? "" : "s");
	if (!json_is_object(root))
		return err_set(e, ERR_UNSUPPORTED,
			       "not a Shopify REST order (%s)", kind_name(root));
	rc = doc_ambiguous(root, e);
	if (rc)
		return rc;
	if ((v = json_object_get(root, "order"))) {
		if (!json_is_object(v))
			return err_set(e, ERR_UNSUPPORTED,
				       "not a Shopify REST order (\"order\" is %s)",
				       kind_name(v));
		if (!json_object_get(v, "line_items") &&
		    json_object_get(v, "lineItems"))
			return err_set(e, ERR_UNSUPPORTED, "%s", graphql_reason);
		d->one = v;
		d->count = 1;
		return 0;
	}
	if ((v = json_object_get(root, "orders"))) {
		if (!json_is_array(v))
			return err_set(e, ERR_UNSUPPORTED,
				       "not a Shopify REST order list (\"orders\" is %s)",
				       kind_name(v));
		d->list = v;
		d->count = json_array_size(v);
		return 0;
	}
	if (json_object_get(root, "line_items")) {
		if (json_object_get(root, "order_id"))
			return err_set(e, ERR_UNSUPPORTED,
				       "not a Shopify REST order (an object with "
				       "line_items and order_id: a fulfillment or "
				       "draft order)");
		d->one = root;
		d->count = 1;
		return 0;
	}
	if (json_object_get(root, "lineItems"))
		return err_set(e, ERR_UNSUPPORTED, "%s", graphql_reason);
	if ((v = json_object_get(root, "data")) && json_is_object(v) &&
	    (json_object_get(v, "order") || json_object_get(v, "orders")))
		return err_set(e, ERR_UNSUPPORTED,
			       "GraphQL response (data.order/data.orders); only "
			       "REST orders are imported");
	if (json_object_size(root) == 0)
		return err_set(e, ERR_UNSUPPORTED,
			       "not a Shopify REST order (an empty object)");
	key_list(root, keys, sizeof(keys));
	return err_set(e, ERR_UNSUPPORTED,
		       "not a Shopify REST order (object with keys %s)", keys);
}

int jmap_doc_parse(const char *buf, size_t len, struct jmap_doc **out,
		   struct err *e)
{
	struct jmap_doc *d = NULL;
	struct jscan scan;
	json_t *root = NULL;
	json_error_t je;
	int rc = 0;

	assert(out);
	*out = NULL;
	jscan_init(&scan, "orders");
	if (!buf && len) {
		rc = err_set(e, ERR_USAGE, "jmap_doc_parse: no buffer");
		goto out;
	}
	if (!buf)
		buf = "";
	/* Validate the whole text first: a malformed file is rejected before
	 * anything is built, with the scanner's position and reason. */
	rc = jscan_run(&scan, buf, len, e);
	if (rc)
		goto out;
	d = calloc(1, sizeof(*d));
	if (!d) {
		rc = err_set(e, ERR_NOMEM, "out of memory parsing JSON");
		goto out;
	}
	if (scan.top == JSCAN_OBJECT && scan.n_members == 1 &&
	    scan.n_list_key == 1 && scan.list_kind == JSCAN_ARRAY) {
		/* {"orders": [...]} alone: keep the spans, parse per order. A
		 * repeated "orders" (however spelled) is a second member, so
		 * it takes the whole parse below, which refuses it. */
		d->text = buf;
		d->elems = scan.elems;
		d->count = scan.n_elems;
		scan.elems = NULL;
		*out = d;
		d = NULL;
		goto out;
	}
	/* flags: integers stay json_int_t (exact 64-bit ids); any top-level
	 * value parses so a scalar is "unsupported", not "malformed"; a key
	 * repeated in an object is refused (jansson would keep the last:
	 * "total_price":"50.00","total_price":"10.00" would invoice 10.00);
	 * NUL escapes are refused (strings are kept NUL-terminated). */
	root = json_loadb(buf, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		if (json_error_code(&je) == json_error_out_of_memory)
			rc = err_set(e, ERR_NOMEM, "out of memory parsing JSON");
		else
			rc = err_set(e, ERR_PARSE, "line %d, column %d (byte %d): %s",
				     je.line, je.column, je.position, je.text);
		goto out;
	}
	rc = doc_locate(d, root, e);
	if (rc)
		goto out;
	d->root = root;
	root = NULL;
	*out = d;
	d = NULL;
out:
	json_decref(root);
	free(d);
	jscan_release(&scan);
	return rc;
}

size_t jmap_doc_count(const struct jmap_doc *d)
{
	return d ? d->count : 0;
}

/* Line and column of byte offset `pos` of the (valid UTF-8) text, as
 * jansson counts them for a whole document: line 1 + the LF bytes before
 * pos, column the characters (not bytes) after the last of them. */
static void text_line_column(const char *text, size_t pos, size_t *line,
			     size_t *column)
{
	size_t k;

	*line = 1;
	*column = 0;
	for (k = 0; k < pos; k++) {
		if (text[k] == '\n') {
			++*line;
			*column = 0;
		} else if (((unsigned char)text[k] & 0xC0) != 0x80) {
			++*column;
		}
	}
}

/* Element i of a lazy list as its own tree (owned by the caller), or
 * NULL with e set and *rc the code. The text was validated whole, so
 * jansson can fail here only on valid JSON the scanner lets through: a
 * number beyond its range, or a key repeated in an object. Either is
 * ERR_INVALID for this order alone, with jansson's reason and its
 * position in the file: "orders[1]: line 3, column 40 (byte 97): too big
 * integer", the same line, column and byte the whole-document parse would
 * report. Otherwise it is for want of memory (an allocation failure
 * inside jansson's lexer can surface as a syntax error, hence no assert):
 * ERR_NOMEM. */
static json_t *load_elem(const struct jmap_doc *d, size_t i, int *rc,
			 struct err *e)
{
	const struct jscan_span *sp = &d->elems[i];
	enum json_error_code code;
	size_t line, column, at;
	json_error_t je;
	json_t *v;

	v = json_loadb(d->text + sp->start, sp->end - sp->start,
		       JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (v) {
		*rc = 0;
		return v;
	}
	code = json_error_code(&je);
	if (code == json_error_numeric_overflow ||
	    code == json_error_duplicate_key) {
		at = sp->start + (je.position > 0 ? (size_t)je.position : 0);
		if (at > sp->end)
			at = sp->end;
		text_line_column(d->text, at, &line, &column);
		*rc = err_set(e, ERR_INVALID,
			      "orders[%zu]: line %zu, column %zu (byte %zu): %s", i,
			      line, column, at, je.text);
	} else {
		*rc = err_set(e, ERR_NOMEM, "out of memory parsing orders[%zu]%s%s%s",
			      i, je.text[0] ? " (" : "", je.text,
			      je.text[0] ? ")" : "");
	}
	return NULL;
}

int jmap_order_map(const struct jmap_doc *d, size_t i, struct arena *arena,
		   struct shopify_order *o, int64_t *id_out,
		   const char **name_out, struct err *e)
{
	struct mctx c = {arena, e, 2};
	json_t *tree = NULL;
	const json_t *obj;
	int rc;

	assert(arena && o);
	if (id_out)
		*id_out = 0;
	if (name_out)
		*name_out = NULL;
	memset(o, 0, sizeof(*o));
	if (!d || i >= d->count) {
		rc = err_set(e, ERR_USAGE, "order %zu of %zu requested", i,
			     jmap_doc_count(d));
		goto out;
	}
	if (d->text) {
		tree = load_elem(d, i, &rc, e);
		if (!tree)
			goto out;
		obj = tree;
	} else {
		obj = d->list ? json_array_get(d->list, i) : d->one;
	}
	if (!json_is_object(obj)) {
		rc = err_set(e, ERR_INVALID, "orders[%zu]: expected an order object, got %s",
			     i, kind_name(obj));
		goto out;
	}
	if (!json_object_get(obj, "line_items") &&
	    json_object_get(obj, "lineItems")) {
		rc = err_set(e, ERR_UNSUPPORTED, "%s", graphql_reason);
		goto out;
	}
	rc = map_ident(&c, obj, o, id_out, name_out);
	if (rc)
		goto out;
	rc = map_order(&c, obj, o);
out:
	/* *o, *id_out and *name_out hold arena copies only */
	json_decref(tree);
	return rc;
}

void jmap_doc_free(struct jmap_doc *d)
{
	if (!d)
		return;
	json_decref(d->root);
	free(d->elems);
	free(d);
}
