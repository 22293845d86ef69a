/* test_text_time.c - UTF-8 cutting, normalised keys, display copies,
 * ISO 8601 instants. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/text.h"
#include "base/timeutil.h"

Test(text, utf8_validity_and_cut)
{
	const char *s = "Estándar"; /* á is 2 bytes */

	cr_assert(utf8_valid(s, strlen(s)));
	cr_assert_not(utf8_valid("\xC3", 1));
	cr_assert_not(utf8_valid("\xC0\xAF", 2)); /* overlong */
	cr_assert_not(utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
	/* cutting inside á backs up to its first byte */
	cr_assert_eq(utf8_cut(s, strlen(s), 4), 3);
	cr_assert_eq(utf8_cut(s, strlen(s), 5), 5);
	cr_assert_eq(utf8_cut(s, strlen(s), 100), strlen(s));
	cr_assert_eq(utf8_cut("\xF0\x9F\x98\x80x", 5, 3), 0);
}

Test(text, keys)
{
	char b[64];

	cr_assert_eq(text_norm_email("  Bob.Norman@Example.COM ", b, sizeof(b)), 22);
	cr_assert_str_eq(b, "bob.norman@example.com");
	cr_assert_eq(text_norm_email("   ", b, sizeof(b)), 0);
	cr_assert_eq(text_norm_email("not-an-email", b, sizeof(b)), 0);
	text_norm_phone(" +1 (555) 555-1234", b, sizeof(b));
	cr_assert_str_eq(b, "+15555551234");
	text_norm_phone("555-0100", b, sizeof(b));
	cr_assert_str_eq(b, "5550100");
	cr_assert_eq(text_norm_phone("12", b, sizeof(b)), 0);
	cr_assert(text_blank(NULL));
	cr_assert(text_blank(" \t\n"));
	cr_assert_not(text_blank(" x "));
}

/* text_sanitize of s into a static buffer. */
static const char *shown(const char *s)
{
	static char b[64];

	text_sanitize(s, b, sizeof(b));
	return b;
}

/* What data prints on a terminal: no control character (it could end a
 * line early, forge the next one or start an escape sequence), valid
 * UTF-8 kept, one '?' per replaced code point or stray byte. */
Test(text, sanitized_display_copy)
{
	char b[64];
	char small[5];

	cr_assert_eq(text_sanitize("#1\ncreated  SO-9\x1b[31m", b, sizeof(b)), 21);
	cr_assert_str_eq(b, "#1?created  SO-9?[31m");
	cr_assert_str_eq(shown("a\tb\rc\x7f\x01"), "a?b?c??");
	/* valid UTF-8 stays; C1 controls (U+0085 NEL, U+009B CSI) do not */
	cr_assert_str_eq(shown("Estándar ☕ 😀"), "Estándar ☕ 😀");
	cr_assert_str_eq(shown("x\xC2\x85y\xC2\x9B" "1m\xC2\xA0z"),
			 "x?y?1m\xC2\xA0z");
	/* malformed bytes: a lone lead, a stray continuation, an overlong,
	 * a surrogate, a sequence cut short by the end */
	cr_assert_str_eq(shown("a\xC3" "b\x80" "c\xC0\xAF" "d\xED\xA0\x80"
			       "e\xE2\x98"),
			 "a?b?c??d???e??");
	/* never longer than the input; a small buffer cuts on a boundary */
	cr_assert_eq(text_sanitize("ab\xC3\xA1" "cd", small, sizeof(small)), 4);
	cr_assert_str_eq(small, "ab\xC3\xA1");
	cr_assert_eq(text_sanitize("ab\xC3\xA1", small, 4), 2);
	cr_assert_str_eq(small, "ab");
	cr_assert_eq(text_sanitize(NULL, b, sizeof(b)), 0);
	cr_assert_str_eq(b, "");
	cr_assert_eq(text_sanitize("x", b, 0), 0);
}

Test(time, iso8601_to_utc)
{
	int64_t t;
	int ms;
	char b[32];

	cr_assert_eq(time_parse_iso8601("2008-01-10T11:00:00-05:00", &t, &ms, NULL), 0);
	cr_assert_eq(t, 1199980800);
	cr_assert_str_eq(time_format_utc(t, b, sizeof(b)), "2008-01-10T16:00:00Z");
	cr_assert_eq(time_parse_iso8601("2008-01-10T16:00:00Z", &t, &ms, NULL), 0);
	cr_assert_eq(t, 1199980800);
	cr_assert_eq(time_parse_iso8601("2024-03-01T00:00:00.250+05:30", &t, &ms, NULL), 0);
	cr_assert_eq(ms, 250);
	cr_assert_str_eq(time_format_utc(t, b, sizeof(b)), "2024-02-29T18:30:00Z");
	cr_assert_eq(time_parse_iso8601("2024-02-30T00:00:00Z", &t, &ms, NULL), ERR_PARSE);
	cr_assert_eq(time_parse_iso8601("yesterday", &t, &ms, NULL), ERR_PARSE);
	cr_assert_eq(time_parse_iso8601("2024-01-01T00:00:00+0x:00", &t, &ms, NULL), ERR_PARSE);
	cr_assert_str_eq(time_local_date("2024-03-01T23:30:00-05:00", b, sizeof(b)), "2024-03-01");
}
