/* money.c - exact decimal parsing, formatting and allocation of int64
 * minor units. */
#include "base/money.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

struct exp_entry {
	char code[4];
	int exp;
};

/* ISO 4217 currencies whose minor unit is not 2 (source: ISO 4217 list,
 * as published by SIX; CLF/UYW with 4 are not shop currencies). */
static const struct exp_entry exponents[] = {
	{"BHD", 3}, {"BIF", 0}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0},
	{"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KMF", 0},
	{"KRW", 0}, {"KWD", 3}, {"LYD", 3}, {"OMR", 3}, {"PYG", 0},
	{"RWF", 0}, {"TND", 3}, {"UGX", 0}, {"UYI", 0}, {"VND", 0},
	{"VUV", 0}, {"XAF", 0}, {"XOF", 0}, {"XPF", 0},
};

int money_exponent(const char *currency)
{
	size_t i;

	if (!currency)
		return 2;
	for (i = 0; i < sizeof(exponents) / sizeof(exponents[0]); i++)
		if (strcmp(exponents[i].code, currency) == 0)
			return exponents[i].exp;
	return 2;
}

bool money_currency_valid(const char *currency)
{
	int i;

	if (!currency)
		return false;
	for (i = 0; i < 3; i++)
		if (currency[i] < 'A' || currency[i] > 'Z')
			return false;
	return currency[3] == '\0';
}

int money_parse(const char *s, size_t len, int exp, int64_t *out,
		struct err *e)
{
	size_t i = 0;
	bool neg = false;
	int frac_digits = 0;
	int int_digits = 0;
	uint64_t mag = 0;
	const uint64_t limit = (uint64_t)INT64_MAX + 1u;

	if (!s || len == 0)
		return err_set(e, ERR_PARSE, "empty amount");
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i++;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, int_digits++) {
		if (mag > (limit - (uint64_t)(s[i] - '0')) / 10u)
			return err_set(e, ERR_OVERFLOW, "amount \"%.*s\" out of range",
				       (int)(len > 40 ? 40 : len), s);
		mag = mag * 10u + (uint64_t)(s[i] - '0');
	}
	if (i < len && s[i] == '.') {
		i++;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (frac_digits < exp) {
				if (mag > (limit - (uint64_t)(s[i] - '0')) / 10u)
					return err_set(e, ERR_OVERFLOW,
						       "amount \"%.*s\" out of range",
						       (int)(len > 40 ? 40 : len), s);
				mag = mag * 10u + (uint64_t)(s[i] - '0');
			} else if (s[i] != '0') {
				return err_set(e, ERR_INVALID,
					       "amount \"%.*s\" has more than %d decimal places",
					       (int)(len > 40 ? 40 : len), s, exp);
			}
			frac_digits++;
		}
		if (frac_digits == 0 && int_digits == 0)
			return err_set(e, ERR_PARSE, "amount \"%.*s\" has no digits",
				       (int)(len > 40 ? 40 : len), s);
	}
	if (int_digits == 0 && frac_digits == 0)
		return err_set(e, ERR_PARSE, "amount \"%.*s\" is not a number",
			       (int)(len > 40 ? 40 : len), s);
	if (i != len)
		return err_set(e, ERR_PARSE, "amount \"%.*s\" is not a plain decimal",
			       (int)(len > 40 ? 40 : len), s);
	for (; frac_digits < exp; frac_digits++) {
		if (mag > limit / 10u)
			return err_set(e, ERR_OVERFLOW, "amount \"%.*s\" out of range",
				       (int)(len > 40 ? 40 : len), s);
		mag *= 10u;
	}
	if (!neg && mag > (uint64_t)INT64_MAX)
		return err_set(e, ERR_OVERFLOW, "amount \"%.*s\" out of range",
			       (int)(len > 40 ? 40 : len), s);
	if (neg)
		*out = mag == limit ? INT64_MIN : -(int64_t)mag;
	else
		*out = (int64_t)mag;
	return 0;
}

int money_parse_cstr(const char *s, int exp, int64_t *out, struct err *e)
{
	return money_parse(s, s ? strlen(s) : 0, exp, out, e);
}

char *money_format(int64_t amount, int exp, char *buf, size_t size)
{
	uint64_t mag = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	uint64_t scale = 1;
	int i;

	for (i = 0; i < exp; i++)
		scale *= 10u;
	if (exp == 0)
		snprintf(buf, size, "%s%llu", amount < 0 ? "-" : "",
			 (unsigned long long)mag);
	else
		snprintf(buf, size, "%s%llu.%0*llu", amount < 0 ? "-" : "",
			 (unsigned long long)(mag / scale), exp,
			 (unsigned long long)(mag % scale));
	return buf;
}

int money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return ERR_OVERFLOW;
	*out = r;
	return 0;
}

int money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return ERR_OVERFLOW;
	*out = r;
	return 0;
}

int money_mul(int64_t amount, int64_t qty, int64_t *out)
{
	int64_t r;

	if (__builtin_mul_overflow(amount, qty, &r))
		return ERR_OVERFLOW;
	*out = r;
	return 0;
}

int money_allocate(int64_t total, const int64_t *weights, size_t n,
		   int64_t *out)
{
	__int128 wsum = 0;
	__int128 assigned = 0;
	size_t i;
	int64_t left;

	if (n == 0)
		return ERR_INVALID;
	for (i = 0; i < n; i++) {
		if (weights[i] < 0)
			return ERR_INVALID;
		wsum += weights[i];
	}
	if (wsum == 0) {
		int64_t each = total / (int64_t)n;
		int64_t rest = total % (int64_t)n;
		for (i = 0; i < n; i++) {
			out[i] = each;
			if (rest > 0 && (int64_t)i < rest)
				out[i]++;
			else if (rest < 0 && (int64_t)i < -rest)
				out[i]--;
		}
		return 0;
	}
	/* Floor share of each part (toward zero), then hand the leftover
	 * minor units, one each, to the parts with the largest remainders that
	 * have not had one yet (a part still equal to its floor share). */
	for (i = 0; i < n; i++) {
		__int128 q = (__int128)total * weights[i] / wsum;
		out[i] = (int64_t)q;
		assigned += q;
	}
	left = (int64_t)((__int128)total - assigned);
	while (left != 0) {
		size_t best = n;
		__int128 best_rem = -1;
		for (i = 0; i < n; i++) {
			__int128 num = (__int128)total * weights[i];
			__int128 rem = num % wsum;
			if (rem < 0)
				rem = -rem;
			if (weights[i] > 0 && out[i] == (int64_t)(num / wsum) &&
			    rem > best_rem) {
				best_rem = rem;
				best = i;
			}
		}
		assert(best < n); /* |left| < number of weighted parts */
		out[best] += left > 0 ? 1 : -1;
		left += left > 0 ? -1 : 1;
	}
	return 0;
}
