/* money.h - exact money: int64 minor units with ISO 4217 exponents.
 *
 * An amount is an int64_t count of the currency's minor unit (cents for
 * USD, yen for JPY, fils for KWD). Nothing here, or anywhere on the money
 * path, uses floating point. Parsing is exact: "19.99" in USD is 1999,
 * "1.250" in KWD is 1250, "1500" in JPY is 1500. Extra fractional digits
 * are accepted only when they are zeros ("10.50" for JPY is rejected).
 */
#ifndef SHOPERP_BASE_MONEY_H
#define SHOPERP_BASE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define MONEY_FMT_MAX 32 /* enough for "-92233720368547758.07" and NUL */

/* Minor-unit exponent of an ISO 4217 code (0, 2 or 3; 2 when unknown or
 * NULL). Case-sensitive upper-case codes, as Shopify sends them. */
int money_exponent(const char *currency);

/* True when `currency` is three upper-case ASCII letters. */
bool money_currency_valid(const char *currency);

/* Parse a decimal string of `len` bytes ("-12.30", "7", "0.10") into minor
 * units of exponent `exp`. Accepts an optional leading '-' or '+', at least
 * one digit, an optional '.' followed by digits. Fractional digits beyond
 * `exp` must all be '0'. Rejects empty text, spaces, exponents ("1e3"),
 * and values that do not fit int64 (ERR_OVERFLOW). Returns 0 or ERR_*. */
int money_parse(const char *s, size_t len, int exp, int64_t *out,
		struct err *e);

/* Same as money_parse for a NUL-terminated string. */
int money_parse_cstr(const char *s, int exp, int64_t *out, struct err *e);

/* Write `amount` as a decimal string with exactly `exp` fractional digits
 * ("88.00", "1500", "1.250", "-0.05") into buf (at least MONEY_FMT_MAX
 * bytes). Returns buf. */
char *money_format(int64_t amount, int exp, char *buf, size_t size);

/* Checked arithmetic: 0 on success, ERR_OVERFLOW when the result does not
 * fit int64 (and *out is left unchanged). */
int money_add(int64_t a, int64_t b, int64_t *out);
int money_sub(int64_t a, int64_t b, int64_t *out);
int money_mul(int64_t amount, int64_t qty, int64_t *out);

/* Split `total` over `n` parts in proportion to non-negative `weights`
 * with the largest-remainder method: the parts are exact, sum to `total`,
 * and the leftover minor units go to the parts with the largest remainders
 * (ties to the earliest part). When all weights are zero the split is even.
 * Returns 0, ERR_INVALID (n == 0, negative weight) or ERR_OVERFLOW. */
int money_allocate(int64_t total, const int64_t *weights, size_t n,
		   int64_t *out);

#endif
