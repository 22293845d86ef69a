/* test_money.c - exact parsing, formatting and allocation of money. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "base/money.h"

static int64_t parse(const char *s, int exp)
{
	int64_t v = 0;
	struct err e;
	int rc = money_parse_cstr(s, exp, &v, &e);
	cr_assert_eq(rc, 0, "parse \"%s\" failed: %s", s, e.msg);
	return v;
}

static int parse_rc(const char *s, int exp)
{
	int64_t v = 0;
	return money_parse_cstr(s, exp, &v, NULL);
}

Test(money, exponents)
{
	cr_assert_eq(money_exponent("USD"), 2);
	cr_assert_eq(money_exponent("JPY"), 0);
	cr_assert_eq(money_exponent("KWD"), 3);
	cr_assert_eq(money_exponent("EUR"), 2);
	cr_assert_eq(money_exponent(NULL), 2);
	cr_assert(money_currency_valid("CAD"));
	cr_assert_not(money_currency_valid("usd"));
	cr_assert_not(money_currency_valid("US"));
}

Test(money, parses_exact_amounts)
{
	cr_assert_eq(parse("1234.50", 2), 123450);
	cr_assert_eq(parse("0.10", 2), 10);
	cr_assert_eq(parse("19.99", 2), 1999);
	cr_assert_eq(parse("1500", 0), 1500);
	cr_assert_eq(parse("1500.00", 0), 1500);
	cr_assert_eq(parse("1.250", 3), 1250);
	cr_assert_eq(parse("1.25", 3), 1250);
	cr_assert_eq(parse("-0.05", 2), -5);
	cr_assert_eq(parse("7", 2), 700);
	cr_assert_eq(parse(".5", 2), 50);
	cr_assert_eq(parse("92233720368547758.07", 2), INT64_MAX);
	cr_assert_eq(parse("-92233720368547758.08", 2), INT64_MIN);
}

Test(money, rejects_bad_text)
{
	cr_assert_eq(parse_rc("", 2), ERR_PARSE);
	cr_assert_eq(parse_rc("abc", 2), ERR_PARSE);
	cr_assert_eq(parse_rc("1e3", 2), ERR_PARSE);
	cr_assert_eq(parse_rc(" 1.00", 2), ERR_PARSE);
	cr_assert_eq(parse_rc("1.00 ", 2), ERR_PARSE);
	cr_assert_eq(parse_rc("1.005", 2), ERR_INVALID);
	cr_assert_eq(parse_rc("10.5", 0), ERR_INVALID);
	cr_assert_eq(parse_rc("92233720368547758.08", 2), ERR_OVERFLOW);
	cr_assert_eq(parse_rc("99999999999999999999", 0), ERR_OVERFLOW);
	cr_assert_eq(parse_rc("-", 2), ERR_PARSE);
	cr_assert_eq(parse_rc(".", 2), ERR_PARSE);
}

Test(money, multiplies_and_sums_exactly)
{
	int64_t v, sum = 0;

	cr_assert_eq(money_mul(parse("0.10", 2), 3, &v), 0);
	cr_assert_eq(v, 30);
	cr_assert_eq(money_mul(parse("19.99", 2), 7, &v), 0);
	cr_assert_eq(v, 13993);
	for (int i = 0; i < 10; i++)
		cr_assert_eq(money_add(sum, 10, &sum), 0);
	cr_assert_eq(sum, 100);
	cr_assert_eq(money_mul(INT64_MAX, 2, &v), ERR_OVERFLOW);
	cr_assert_eq(money_add(INT64_MAX, 1, &v), ERR_OVERFLOW);
}

Test(money, formats_with_exponent)
{
	char b[MONEY_FMT_MAX];

	cr_assert_str_eq(money_format(8800, 2, b, sizeof(b)), "88.00");
	cr_assert_str_eq(money_format(1500, 0, b, sizeof(b)), "1500");
	cr_assert_str_eq(money_format(1250, 3, b, sizeof(b)), "1.250");
	cr_assert_str_eq(money_format(-5, 2, b, sizeof(b)), "-0.05");
	cr_assert_str_eq(money_format(0, 2, b, sizeof(b)), "0.00");
	cr_assert_str_eq(money_format(INT64_MIN, 2, b, sizeof(b)),
			 "-92233720368547758.08");
}

Test(money, largest_remainder_allocation)
{
	int64_t w[3] = {39500, 39500, 39500};
	int64_t out[4];

	/* 59.00 over three equal lines: 19.67 / 19.67 / 19.66 */
	cr_assert_eq(money_allocate(5900, w, 3, out), 0);
	cr_assert_eq(out[0], 1967);
	cr_assert_eq(out[1], 1967);
	cr_assert_eq(out[2], 1966);

	int64_t w2[3] = {1, 1, 1};
	cr_assert_eq(money_allocate(100, w2, 3, out), 0);
	cr_assert_eq(out[0] + out[1] + out[2], 100);
	cr_assert_eq(out[0], 34);

	int64_t w3[4] = {0, 0, 0, 0};
	cr_assert_eq(money_allocate(-7, w3, 4, out), 0);
	cr_assert_eq(out[0] + out[1] + out[2] + out[3], -7);
	cr_assert_eq(out[0], -2);
	cr_assert_eq(out[3], -1);

	int64_t w4[3] = {1000, 3000, 0};
	cr_assert_eq(money_allocate(1001, w4, 3, out), 0);
	cr_assert_eq(out[0], 250);
	cr_assert_eq(out[1], 751);
	cr_assert_eq(out[2], 0);

	int64_t wneg[1] = {-1};
	cr_assert_eq(money_allocate(5, wneg, 1, out), ERR_INVALID);
	cr_assert_eq(money_allocate(5, wneg, 0, out), ERR_INVALID);
}
