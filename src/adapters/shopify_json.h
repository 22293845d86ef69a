/* shopify_json.h - map Shopify REST order JSON into struct shopify_order.
 *
 * The only place that reads order JSON (it alone includes <jansson.h> for
 * orders). Two steps, so a list of orders is validated once and each
 * order is mapped, accepted or rejected on its own:
 *
 *	jmap_doc_parse(buf, len, &d, &e)        text -> document (borrows buf)
 *	n = jmap_doc_count(d)                   how many orders it holds
 *	jmap_order_map(d, i, arena, &o, ...)    order i -> struct shopify_order
 *	jmap_doc_free(d)                        drops the document
 *	... only now may buf be freed or changed
 *
 * Memory: jmap_doc_parse checks the whole text first without building it
 * (adapters/json_scan). A list {"orders": [...]} with no other top-level
 * member is then never built whole: the document keeps the byte span of
 * each order in `buf`, and jmap_order_map parses just order i, maps it
 * and drops its tree before returning, so a large export costs about its
 * own size plus one order at a time. Every other shape is parsed whole
 * and the document owns that tree.
 *
 * Documents accepted: a bare order (a webhook body: an object with
 * "line_items"), {"order": {...}} (Admin API GET orders/{id}.json) and
 * {"orders": [...]} (Admin API list, possibly empty). A document with
 * more than one of the top-level keys "orders", "order" and "line_items"
 * is refused as ambiguous rather than one of its shapes imported.
 *
 * Keys: a key repeated in one object ("total_price":"50.00",
 * "total_price":"10.00") is refused, never read last-wins: jansson is
 * always called with JSON_REJECT_DUPLICATES.
 *
 * Numbers: integers are kept as int64 (18-digit ids survive exactly); a
 * floating-point id is rejected (it has lost precision). Money is read
 * from Shopify's decimal strings with money_parse() in the exponent of the
 * order's currency, never through double. Where Shopify sends a bare JSON
 * number for an amount (tax_lines[].price in some versions, total_tax),
 * an integer is taken as whole currency units and a fractional number is
 * printed once at the currency exponent and parsed from that text; it is
 * rejected when it carries more decimals than the currency has (beyond
 * floating-point noise), like a string amount would be, and when it is
 * 2^40 minor units or more (10995116277.76 USD, 1099511627776 JPY),
 * beyond which the noise tolerated would no longer stay far below half a
 * minor unit and an extra decimal could pass rounded ("amount sent as a
 * bare number is too large to be exact; send it as a string"). A string
 * amount is exact at any size. That printing and
 * the rate text use printf/strtod, so LC_NUMERIC must stay "C" (the
 * default: nothing in shoperp calls setlocale).
 *
 * Error messages name the field inside the order, relative to the order
 * object: "line_items[2].price: amount \"abc\" is not a number".
 */
#ifndef SHOPERP_ADAPTERS_SHOPIFY_JSON_H
#define SHOPERP_ADAPTERS_SHOPIFY_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/order.h"

/* A parsed document: a jansson tree of the whole input, or the spans of
 * the orders of a lone "orders" list inside the caller's buffer. */
struct jmap_doc;

/* Parse `len` bytes of `buf` (need not be NUL-terminated; nothing past
 * `len` is read) into a new document stored in *out (owned by the caller,
 * release with jmap_doc_free).
 *
 * Rule: the document may borrow `buf`. The caller keeps those `len` bytes
 * alive and unchanged until jmap_doc_free(*out) (whether or not this
 * particular text was borrowed). The callers do: order_files.c frees its
 * strbuf after jmap_doc_free, the test harness passes string literals and
 * frees the document before returning, and the fuzz target frees the
 * document before returning libFuzzer's data.
 *
 * The whole text is validated before anything is kept, so a malformed
 * file imports nothing, even when only its last order is broken. On
 * failure *out is NULL and:
 *   ERR_PARSE        malformed JSON (RFC 8259 as jansson reads it: also
 *                    trailing text, invalid UTF-8, a raw control character
 *                    or a \u0000 escape in a string, a lone surrogate
 *                    escape, nesting deeper than 2048, a UTF-8 BOM, any
 *                    NUL byte outside a string; and, except inside a
 *                    lone "orders" list, a number jansson cannot hold:
 *                    an integer beyond int64, a number beyond a double,
 *                    or a key repeated in an object, the top-level
 *                    "orders" included: "duplicate object key near
 *                    '\"total_price\"'"):
 *                    "line L, column C (byte B): <reason>", L 1-based,
 *                    C 1-based in bytes, B the 0-based offset of the
 *                    offending byte (json_scan.h lists the reasons); for
 *                    the number range and repeated keys, which only
 *                    jansson checks, L, C and B are jansson's: C counts
 *                    characters and B is just past the offending token;
 *   ERR_UNSUPPORTED  valid JSON that holds no REST order: a product, a
 *                    customer, a transactions list, a fulfillment, a
 *                    wrapper such as webhook metadata ("not a Shopify REST
 *                    order (object with keys product, ...)"), or the GraphQL
 *                    shape ("GraphQL order shape (lineItems); only REST
 *                    orders are imported"); or more than one shape at once
 *                    ("ambiguous document: it has both \"orders\" and
 *                    \"order\"", or with all three keys "ambiguous
 *                    document: it has \"orders\", \"order\" and
 *                    \"line_items\"");
 *   ERR_NOMEM, ERR_USAGE (buf NULL with len > 0).
 * Whether each order is complete is decided by jmap_order_map, so one bad
 * order in a list does not hide the others: in a lone "orders" list, a
 * number beyond jansson's range or a repeated key is valid JSON that only
 * the order holding it fails on. */
int jmap_doc_parse(const char *buf, size_t len, struct jmap_doc **out,
		   struct err *e);

/* Number of orders in the document: 1 for a bare or {"order"} document,
 * the array size for {"orders": [...]} (may be 0). */
size_t jmap_doc_count(const struct jmap_doc *d);

/* Map order `i` (< jmap_doc_count(d)) into *o. Every string and array in
 * *o is allocated from `arena` and borrowed by *o: *o lives as long as the
 * arena, not the document nor buf (both may be freed right after). In a
 * lone "orders" list, order i is parsed here (it was validated by
 * jmap_doc_parse, so only a number beyond jansson's range or memory can
 * fail) and its tree dropped again.
 *
 * id_out and name_out may be NULL. They are filled with the order's id
 * and display name whenever those could be read, even when the mapping
 * fails, so the caller can say which order was rejected; otherwise *id_out
 * is 0 and *name_out NULL. *name_out is arena memory; when the order has
 * no "name" it is "#<order_number>" (or "#<id>").
 *
 * Returns 0, or on failure (then *o is unusable):
 *   ERR_INVALID      a field the books need is missing or has the wrong
 *                    type or value; the message names it ("order has no id",
 *                    "line_items: expected an array, got an object",
 *                    "currency: \"EURO\" is not an ISO 4217 code",
 *                    "line_items[0].price: amount \"1.005\" has more than 2
 *                    decimal places"); in a lone "orders" list, order i
 *                    holding a number jansson cannot hold or a key
 *                    repeated in an object, with jansson's reason and
 *                    where it is in the file, counted as the whole-document
 *                    parse counts them ("orders[1]: line 3, column 40
 *                    (byte 97): too big integer"; its id and name are
 *                    then unknown);
 *   ERR_OVERFLOW     an amount, or a sum of allocations, beyond int64;
 *   ERR_UNSUPPORTED  element i of an "orders" list is a GraphQL order;
 *   ERR_NOMEM        the arena could not grow, or order i of a lone
 *                    "orders" list could not be parsed for lack of memory;
 *   ERR_USAGE        i out of range.
 *
 * Mapping rules worth knowing (the rest follows domain/order.h):
 *  - currency: "currency", else total_price_set.shop_money.currency_code,
 *    else "USD"; present but not three upper-case letters is rejected;
 *  - an amount field falls back to its *_set.shop_money.amount when the
 *    plain field is absent or null (total_shipping has only the set form);
 *    an absent/null amount is 0 and its has_* flag false;
 *  - ids: integer or a string of digits; null/absent -> has_* false;
 *  - strings are kept byte for byte; a number or boolean where a string is
 *    expected becomes its JSON text (2 -> "2", true -> "true"), and free
 *    text (properties / note_attributes values) keeps objects and arrays
 *    as compact JSON text;
 *  - line discount: sum of discount_allocations[].amount when that array
 *    is non-empty, else total_discount, else 0; shipping discount: sum of
 *    discount_allocations, else max(0, price - discounted_price), else 0;
 *  - tip line: non-null tip_payment_gateway / tip_payment_method, or no
 *    product and no variant, title "Tip" (any case) and no shipping;
 *  - properties and note_attributes accept [{"name","value"}] or an object
 *    {"name": value, ...};
 *  - gateway_names: payment_gateway_names joined by ", ", falling back to
 *    the deprecated "gateway" when the array is absent or empty. */
int jmap_order_map(const struct jmap_doc *d, size_t i, struct arena *arena,
		   struct shopify_order *o, int64_t *id_out,
		   const char **name_out, struct err *e);

/* Free the document and its jansson tree, if any (after this the caller
 * may release buf); accepts NULL. */
void jmap_doc_free(struct jmap_doc *d);

#endif
