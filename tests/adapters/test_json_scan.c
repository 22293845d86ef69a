/* test_json_scan.c - the JSON validator behind lazy order lists
 * (adapters/json_scan): what it accepts, where it points on each kind of
 * error, the element spans it records, and - differentially - that it
 * accepts exactly what jansson's json_loadb(JSON_DECODE_ANY) accepts as
 * syntax (the range of numbers is not syntax: jansson's numeric overflow
 * is left to the caller that builds the value). */
#include <criterion/criterion.h>

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/json_scan.h"

static struct jscan S;
static struct err E;

static void setup(void)
{
	jscan_init(&S, "orders");
	err_clear(&E);
}

static void teardown(void)
{
	jscan_release(&S);
}

TestSuite(json_scan, .init = setup, .fini = teardown);

/* ---- helpers ------------------------------------------------------------- */

static int run_n(const char *buf, size_t len)
{
	err_clear(&E);
	return jscan_run(&S, buf, len, &E);
}

static void ok_n(const char *buf, size_t len)
{
	int rc = run_n(buf, len);

	cr_assert_eq(rc, 0, "valid %.*s rejected: %s", (int)len, buf, E.msg);
}

static void ok(const char *json)
{
	ok_n(json, strlen(json));
}

/* Rejected at exactly (line, column, byte) with `reason` (whole text). */
static void bad_n(const char *buf, size_t len, size_t line, size_t col,
		  size_t off, const char *reason)
{
	char msg[ERR_MSG_MAX];
	int rc = run_n(buf, len);

	cr_assert_eq(rc, ERR_PARSE, "invalid %.*s accepted", (int)len, buf);
	cr_assert_str_eq(S.reason, reason, "%.*s", (int)len, buf);
	cr_assert_eq(S.offset, off, "%.*s: byte %zu, want %zu", (int)len, buf,
		     S.offset, off);
	cr_assert_eq(S.line, line, "%.*s: line %zu, want %zu", (int)len, buf,
		     S.line, line);
	cr_assert_eq(S.column, col, "%.*s: column %zu, want %zu", (int)len, buf,
		     S.column, col);
	snprintf(msg, sizeof(msg), "line %zu, column %zu (byte %zu): %s", line,
		 col, off, reason);
	cr_assert_str_eq(E.msg, msg);
	cr_assert_eq(E.code, ERR_PARSE);
}

static void bad(const char *json, size_t line, size_t col, size_t off,
		const char *reason)
{
	bad_n(json, strlen(json), line, col, off, reason);
}

static bool digit_at(const char *t, size_t i)
{
	return t[i] >= '0' && t[i] <= '9';
}

/* Start of the number that ends at t[end] (the grammar read backwards:
 * exponent, fraction, integer part, sign), so nothing of a token before
 * it is taken. */
static size_t number_start(const char *t, size_t end)
{
	size_t i = end;

	while (i && digit_at(t, i - 1))
		i--;
	if (i >= 2 && (t[i - 1] == '+' || t[i - 1] == '-') &&
	    (t[i - 2] == 'e' || t[i - 2] == 'E'))
		i -= 2;
	else if (i >= 1 && (t[i - 1] == 'e' || t[i - 1] == 'E'))
		i--;
	else
		goto fraction; /* those digits ended the mantissa */
	while (i && digit_at(t, i - 1))
		i--;
fraction:
	if (i >= 2 && t[i - 1] == '.' && digit_at(t, i - 2)) {
		i--;
		while (i && digit_at(t, i - 1))
			i--;
	}
	if (i && t[i - 1] == '-')
		i--;
	return i;
}

/* Whether jansson accepts the text as syntax, as jmap_doc_parse calls it:
 * a number it refuses for its range (json_error_numeric_overflow, reported
 * just after the number) is replaced by " 0 " and the text tried again;
 * the spaces keep the 0 from joining what stands before or after it (a
 * digit, an 'e', a '.') into a token the original did not have. */
static bool jansson_ok(const char *buf, size_t len)
{
	char *t = malloc(len + 1);
	bool ok = false;

	cr_assert_not_null(t);
	memcpy(t, buf, len);
	for (;;) {
		json_error_t je;
		json_t *v = json_loadb(t, len, JSON_DECODE_ANY, &je);
		size_t end, start;

		if (v) {
			json_decref(v);
			ok = true;
			break;
		}
		if (json_error_code(&je) != json_error_numeric_overflow)
			break;
		end = (size_t)je.position;
		cr_assert_leq(end, len);
		start = number_start(t, end);
		cr_assert_geq(end - start, 3, "overflow without a number: %.*s",
			      (int)len, t);
		memcpy(t + start, " 0 ", 3);
		memmove(t + start + 3, t + end, len - end);
		len -= end - start - 3;
	}
	free(t);
	return ok;
}

/* The scanner and jansson agree on buf; returns the verdict.
 *
 * One known, deliberate difference: jansson drops a NUL byte that comes
 * right after a number or a literal (its lexer "ungets" the byte that
 * ended the token, and an ungot NUL reads as "buffer empty"), so it
 * accepts "[1\0]"; the scanner refuses every NUL outside a string. Such
 * a text must agree once that byte is removed. */
static bool agree(const char *buf, size_t len)
{
	bool mine = run_n(buf, len) == 0;
	bool theirs = jansson_ok(buf, len);
	size_t at = S.offset;

	if (!mine && theirs && at > 0 && at < len && buf[at] == '\0' &&
	    strchr("0123456789abcdefghijklmnopqrstuvwxyz"
		   "ABCDEFGHIJKLMNOPQRSTUVWXYZ", buf[at - 1])) {
		char *cut = malloc(len);
		bool again;

		cr_assert_not_null(cut);
		memcpy(cut, buf, at);
		memcpy(cut + at, buf + at + 1, len - at - 1);
		again = agree(cut, len - 1);
		free(cut);
		cr_assert(again, "without the NUL after a token both accept");
		run_n(buf, len);
		return false;
	}

	cr_assert_eq(mine, theirs, "scanner %s, jansson %s: \"%.*s\" (%s)",
		     mine ? "accepts" : "rejects", theirs ? "accepts" : "rejects",
		     (int)(len > 200 ? 200 : len), buf, E.msg);
	return mine;
}

static void span_is(size_t i, const char *buf, size_t start, size_t end,
		    const char *text)
{
	cr_assert_lt(i, S.n_elems);
	cr_assert_eq(S.elems[i].start, start, "element %zu starts at %zu", i,
		     S.elems[i].start);
	cr_assert_eq(S.elems[i].end, end, "element %zu ends at %zu", i,
		     S.elems[i].end);
	cr_assert_eq(end - start, strlen(text));
	cr_assert_eq(memcmp(buf + start, text, end - start), 0,
		     "element %zu is %.*s", i, (int)(end - start), buf + start);
}

/* ---- valid texts --------------------------------------------------------- */

Test(json_scan, accepts_rfc8259_values)
{
	ok("{}");
	ok("[]");
	ok("0");
	ok("-0");
	ok("-0.0e-0");
	ok("1.5E+10");
	ok("\"\"");
	ok("true");
	ok("false");
	ok("null");
	ok(" \t\r\n{ \"a\" : [ 1 , { } , [ ] , \"b\" ] } \n");
	ok("{\"a\":{\"b\":{\"c\":[[[null]]]}}}");
	ok("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 \\uFFFF\"");
	ok("\"caf\xc3\xa9 \xe6\xb8\xac \xf0\x9f\x98\x80 \x7f\"");
	ok("[9223372036854775807,-9223372036854775808]");
	ok("[1e308,1.7976931348623157e308,-1.7976931348623157e308]");
	ok("[1e-400,0e99999999999999999999,0.000e400,-1e-99999999999999999]");
	ok("{\"a\":1,\"a\":2}"); /* duplicate keys: jansson keeps the last */
	cr_assert_eq(S.top, JSCAN_OBJECT);
	ok("2");
	cr_assert_eq(S.top, JSCAN_NUMBER);
	ok_n("[1]xyz", 3); /* nothing past len is read */
}

/* ---- where errors are reported ------------------------------------------- */

Test(json_scan, structure_errors)
{
	bad("", 1, 1, 0, "unexpected end of input, expected a value");
	bad("  \n ", 2, 2, 4, "unexpected end of input, expected a value");
	bad("{\"a\":1", 1, 7, 6, "unexpected end of input, expected ',' or '}'");
	bad("{\"a\":1,}", 1, 8, 7, "unexpected character '}', expected a string");
	bad("[1,2,]", 1, 6, 5, "unexpected character ']', expected a value");
	bad("[1 2]", 1, 4, 3, "unexpected character '2', expected ',' or ']'");
	bad("{1:2}", 1, 2, 1, "unexpected character '1', expected a string or '}'");
	bad("{\"a\" 1}", 1, 6, 5, "unexpected character '1', expected ':'");
	bad("{\"a\":1 \"b\":2}", 1, 8, 7,
	    "unexpected character '\"', expected ',' or '}'");
	bad("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, 18,
	    "unexpected character '2', expected ':'");
	bad("{} x", 1, 4, 3, "end of file expected, found character 'x'");
	bad("{}{}", 1, 3, 2, "end of file expected, found character '{'");
	bad("[1]\n]", 2, 1, 4, "end of file expected, found character ']'");
	bad("tru", 1, 1, 0, "invalid literal (expected true)");
	bad("[nul]", 1, 2, 1, "invalid literal (expected null)");
	bad("falsy", 1, 1, 0, "invalid literal (expected false)");
	bad("falsey", 1, 6, 5, "end of file expected, found character 'y'");
	bad("[fals]", 1, 2, 1, "invalid literal (expected false)");
	bad("[x]", 1, 2, 1, "unexpected character 'x', expected a value");
	bad("[\xc3\xa9]", 1, 2, 1, "unexpected byte 0xC3, expected a value");
	bad_n("[\0]", 3, 1, 2, 1, "unexpected byte 0x00, expected a value");
	bad("\xef\xbb\xbf{}", 1, 1, 0, "UTF-8 byte order mark (BOM) not allowed");
	cr_assert_not(jansson_ok("\xef\xbb\xbf{}", 5), "jansson rejects a BOM too");
}

Test(json_scan, string_errors)
{
	bad("\"abc", 1, 5, 4, "unterminated string");
	bad("\"ab\\", 1, 5, 4, "unterminated string");
	bad("\"\\u12", 1, 6, 5, "unterminated string");
	bad("[\"a\\x\"]", 1, 4, 3, "invalid escape '\\x' in string");
	bad("[\"a\\\x01\"]", 1, 4, 3,
	    "invalid escape (backslash before byte 0x01) in string");
	bad("\"\\u12G4\"", 1, 2, 1, "invalid \\u escape: four hex digits expected");
	bad("\"\\uD800\"", 1, 2, 1,
	    "lone high surrogate \\uD800 in string (a \\uDC00-\\uDFFF escape must follow)");
	bad("\"x\\uDBFF\\u0041\"", 1, 3, 2,
	    "lone high surrogate \\uDBFF in string (a \\uDC00-\\uDFFF escape must follow)");
	bad("\"\\uDC00\"", 1, 2, 1, "lone low surrogate \\uDC00 in string");
	bad("{\"k\\u0000\":1}", 1, 4, 3, "\\u0000 (NUL) is not allowed in a string");
	bad("[\"a\tb\"]", 1, 4, 3, "unescaped control character 0x09 in string");
	bad("{\n\"k\": \"a\nb\"}", 2, 8, 9, "unescaped newline in string");
	bad_n("\"a\0b\"", 5, 1, 3, 2, "unescaped control character 0x00 in string");
	bad("[\"\xff\"]", 1, 3, 2, "invalid UTF-8 (byte 0xFF) in string");
	bad("\"\xc0\xaf\"", 1, 2, 1, "invalid UTF-8 (byte 0xC0) in string");
	bad("\"\xed\xa0\x80\"", 1, 2, 1, "invalid UTF-8 (byte 0xED) in string");
	bad("\"\xe2\x82\"", 1, 2, 1, "invalid UTF-8 (byte 0xE2) in string");
	bad("\"\xf4\x90\x80\x80\"", 1, 2, 1, "invalid UTF-8 (byte 0xF4) in string");
	bad("\"\x80\"", 1, 2, 1, "invalid UTF-8 (byte 0x80) in string");
	bad_n("\"\xf0\x9f\x98", 4, 1, 2, 1, "invalid UTF-8 (byte 0xF0) in string");
}

Test(json_scan, number_errors)
{
	bad("01", 1, 2, 1, "invalid number: leading zero");
	bad("[-00]", 1, 4, 3, "invalid number: leading zero");
	bad("-", 1, 2, 1, "invalid number: a digit must follow '-'");
	bad("[-a]", 1, 3, 2, "invalid number: a digit must follow '-'");
	bad("1.", 1, 3, 2, "invalid number: a digit must follow '.'");
	bad("[1.e5]", 1, 4, 3, "invalid number: a digit must follow '.'");
	bad("1e", 1, 3, 2, "invalid number: the exponent has no digits");
	bad("1e+", 1, 4, 3, "invalid number: the exponent has no digits");
	bad("[.5]", 1, 2, 1, "unexpected character '.', expected a value");
	bad("[+1]", 1, 2, 1, "unexpected character '+', expected a value");
	/* the range of a number is not syntax: jansson refuses these only
	 * when it builds them, and the caller rejects that one value */
	ok("9223372036854775808");
	ok("[-9223372036854775809]");
	ok("{\"id\":12345678901234567890}");
	ok("{\"quantity\":1000000000000000000000000000000}");
	ok("1e309");
	ok("[-1e309]");
	ok("[1e999,-1e999999999999999999999]");
	ok("1.7976931348623159e308");
	ok("1.7976931348623158e308"); /* rounds down to DBL_MAX */
	ok("0.1e310");
	bad("[1e999 1]", 1, 8, 7, "unexpected character '1', expected ',' or ']'");
}

/* A valid but huge number inside a list: the list is recorded whole, and
 * jansson fails on that element only, saying why. */
Test(json_scan, huge_numbers_are_valid_and_spans_recorded)
{
	static const char json[] =
		"{\"orders\":[{\"q\":1},{\"q\":1000000000000000000000000000000},"
		"{\"p\":1e999},{\"q\":3}]}";
	json_error_t je;
	json_t *v;

	ok(json);
	cr_assert_eq(S.n_elems, 4);
	for (size_t i = 0; i < 4; i++) {
		v = json_loadb(json + S.elems[i].start,
			       S.elems[i].end - S.elems[i].start, JSON_DECODE_ANY,
			       &je);
		if (i == 1 || i == 2) {
			cr_assert_null(v, "element %zu", i);
			cr_assert_eq(json_error_code(&je),
				     json_error_numeric_overflow, "%s", je.text);
		} else {
			cr_assert_not_null(v, "element %zu: %s", i, je.text);
		}
		json_decref(v);
	}
}

/* Each value may sit inside at most 2047 containers: jansson's 2048-deep
 * parse stack counts the value itself. */
Test(json_scan, nesting_limit)
{
	const size_t n = JSCAN_MAX_DEPTH + 2;
	char *buf = malloc(2 * n + 2);
	size_t k;

	cr_assert_not_null(buf);
	/* 2048 nested empty arrays: fine */
	memset(buf, '[', JSCAN_MAX_DEPTH);
	memset(buf + JSCAN_MAX_DEPTH, ']', JSCAN_MAX_DEPTH);
	cr_assert(agree(buf, 2 * JSCAN_MAX_DEPTH));
	/* a number inside 2047 arrays: fine; inside 2048: too deep */
	memset(buf, '[', JSCAN_MAX_DEPTH - 1);
	buf[JSCAN_MAX_DEPTH - 1] = '1';
	memset(buf + JSCAN_MAX_DEPTH, ']', JSCAN_MAX_DEPTH - 1);
	cr_assert(agree(buf, 2 * JSCAN_MAX_DEPTH - 1));
	memset(buf, '[', JSCAN_MAX_DEPTH);
	buf[JSCAN_MAX_DEPTH] = '1';
	memset(buf + JSCAN_MAX_DEPTH + 1, ']', JSCAN_MAX_DEPTH);
	cr_assert_not(agree(buf, 2 * JSCAN_MAX_DEPTH + 1));
	bad_n(buf, 2 * JSCAN_MAX_DEPTH + 1, 1, JSCAN_MAX_DEPTH + 1,
	      JSCAN_MAX_DEPTH, "nesting deeper than 2048");
	/* 2049 arrays */
	memset(buf, '[', JSCAN_MAX_DEPTH + 1);
	memset(buf + JSCAN_MAX_DEPTH + 1, ']', JSCAN_MAX_DEPTH + 1);
	bad_n(buf, 2 * JSCAN_MAX_DEPTH + 2, 1, JSCAN_MAX_DEPTH + 1,
	      JSCAN_MAX_DEPTH, "nesting deeper than 2048");
	/* objects count the same; a deep unclosed prefix never recurses */
	for (k = 0; k + 5 <= 2 * n; k += 5)
		memcpy(buf + k, "{\"a\":", 5);
	cr_assert_not(agree(buf, k));
	free(buf);
}

/* ---- what is recorded ---------------------------------------------------- */

Test(json_scan, spans_of_the_orders_elements)
{
	static const char doc[] =
		"{ \"orders\" : [ {\"id\":1,\"x\":[1,{}]} ,\n  [2, 3],\"x\\\"]y\" ] }";

	ok(doc);
	cr_assert_eq(S.top, JSCAN_OBJECT);
	cr_assert_eq(S.n_members, 1);
	cr_assert_eq(S.n_list_key, 1);
	cr_assert_eq(S.list_kind, JSCAN_ARRAY);
	cr_assert_eq(S.list.start, 13);
	cr_assert_eq(S.list.end, 55);
	cr_assert_eq(S.n_elems, 3);
	span_is(0, doc, 15, 34, "{\"id\":1,\"x\":[1,{}]}");
	span_is(1, doc, 39, 45, "[2, 3]");
	span_is(2, doc, 46, 53, "\"x\\\"]y\"");
	/* every span parses alone to the same value as in the whole */
	{
		json_t *whole = json_loads(doc, JSON_DECODE_ANY, NULL);
		json_t *arr = json_object_get(whole, "orders");

		for (size_t i = 0; i < S.n_elems; i++) {
			json_t *one = json_loadb(doc + S.elems[i].start,
						 S.elems[i].end - S.elems[i].start,
						 JSON_DECODE_ANY, NULL);
			cr_assert(json_equal(one, json_array_get(arr, i)), "%zu", i);
			json_decref(one);
		}
		json_decref(whole);
	}
}

Test(json_scan, which_members_are_recorded)
{
	static const char nested[] = "{\"orders\":[[],[[]],{\"orders\":[9]},-1]}";

	ok("{\"orders\":[]}");
	cr_assert_eq(S.n_list_key, 1);
	cr_assert_eq(S.list_kind, JSCAN_ARRAY);
	cr_assert_eq(S.n_elems, 0);
	cr_assert_eq(S.list.start, 10);
	cr_assert_eq(S.list.end, 12);

	ok(nested);
	cr_assert_eq(S.n_elems, 4);
	span_is(0, nested, 11, 13, "[]");
	span_is(1, nested, 14, 18, "[[]]");
	span_is(2, nested, 19, 33, "{\"orders\":[9]}");
	span_is(3, nested, 34, 36, "-1");

	ok("{\"order\":{},\"orders\":[1]}");
	cr_assert_eq(S.n_members, 2);
	cr_assert_eq(S.n_list_key, 1);
	cr_assert_eq(S.n_elems, 1);

	/* a repeated key: the last one is recorded, as jansson keeps it */
	ok("{\"orders\":[1],\"orders\":[2,3]}");
	cr_assert_eq(S.n_members, 2);
	cr_assert_eq(S.n_list_key, 2);
	cr_assert_eq(S.n_elems, 2);
	cr_assert_eq(S.list.start, 23);
	ok("{\"orders\":[1,2],\"orders\":null}");
	cr_assert_eq(S.list_kind, JSCAN_NULL);
	cr_assert_eq(S.n_elems, 0);

	/* keys are compared as written */
	ok("{\"ord\\u0065rs\":[1]}");
	cr_assert_eq(S.n_members, 1);
	cr_assert_eq(S.n_list_key, 0);
	cr_assert_eq(S.list_kind, JSCAN_NONE);
	ok("{\"order\":[1],\"orders2\":[1],\"Orders\":[1]}");
	cr_assert_eq(S.n_list_key, 0);

	ok("{\"orders\":{\"orders\":[1]}}");
	cr_assert_eq(S.n_members, 1);
	cr_assert_eq(S.list_kind, JSCAN_OBJECT);
	cr_assert_eq(S.n_elems, 0);

	ok("[{\"orders\":[1]}]");
	cr_assert_eq(S.top, JSCAN_ARRAY);
	cr_assert_eq(S.n_members, 0);
	cr_assert_eq(S.n_list_key, 0);
	cr_assert_eq(S.n_elems, 0);

	/* a failed run after a good one leaves nothing usable behind, and
	 * the next good run starts afresh */
	cr_assert_eq(run_n("{\"orders\":[1,2,", 15), ERR_PARSE);
	ok("{\"x\":1}");
	cr_assert_eq(S.n_members, 1);
	cr_assert_eq(S.n_list_key, 0);
	cr_assert_eq(S.list_kind, JSCAN_NONE);
	cr_assert_eq(S.n_elems, 0);

	jscan_release(&S);
	jscan_init(&S, NULL);
	ok("{\"orders\":[1]}");
	cr_assert_eq(S.n_list_key, 0);
	cr_assert_eq(S.n_elems, 0);
	jscan_release(NULL);
}

Test(json_scan, many_elements_grow_the_array)
{
	const size_t n = 5000;
	char *buf = malloc(n * 12 + 32);
	size_t len = 0;

	cr_assert_not_null(buf);
	len += (size_t)sprintf(buf, "{\"orders\":[");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "%s{\"i\":%zu}", i ? "," : "", i);
	len += (size_t)sprintf(buf + len, "]}");
	ok_n(buf, len);
	cr_assert_eq(S.n_elems, n);
	for (size_t i = 0; i < n; i += 997) {
		char want[32];
		snprintf(want, sizeof(want), "{\"i\":%zu}", i);
		cr_assert_eq(S.elems[i].end - S.elems[i].start, strlen(want));
		cr_assert_eq(memcmp(buf + S.elems[i].start, want, strlen(want)), 0);
	}
	free(buf);
}

/* ---- agreement with jansson ---------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static size_t pick(size_t n)
{
	return (size_t)(rnd() % n);
}

/* Bytes a mutation writes: the JSON alphabet and UTF-8 edge bytes. */
static const char alphabet[] =
	"{}[]\":,\\ \t\n\r0123456789-+.eEuUaftrnlsxDdCc/bF\0\x01\x1f\x7f\x80"
	"\xbf\xc0\xc1\xc2\xdf\xe0\xed\xef\xf0\xf4\xf5\xff";

static const char *const seeds[] = {
	("{\"orders\":[{\"id\":1,\"a\":[1,2.5e3,-0,true,false,null],"
	 "\"s\":\"x\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\"},[],{}]}"),
	"[1,-2,3.25,1e5,1E-5,0.5e+3,\"\\u0041\",{\"k\":\"v\"}]",
	" {\"a\" : { \"b\" : [ ] }, \"c\": \"caf\xc3\xa9 \xe6\xb8\xac \xf0\x9f\x98\x80\" } ",
	"[9223372036854775807,-9223372036854775808,1.7976931348623157e308,1e-320]",
	"{\"order\":{\"id\":10,\"line_items\":[{\"price\":\"1.00\"}]}}",
	"\"\\uD834\\uDD1E\"",
	"[[[[{\"x\":[[[\"y\"]]]}]]]]",
	"{\"orders\":[{\"k\":1},{\"k\":2},{\"k\":3}],\"next\":null}",
};

static void mutate(char *buf, size_t *len, size_t cap)
{
	size_t at, n;

	switch (pick(5)) {
	case 0: /* overwrite a byte */
		if (*len)
			buf[pick(*len)] = alphabet[pick(sizeof(alphabet) - 1)];
		break;
	case 1: /* insert a byte */
		if (*len < cap) {
			at = pick(*len + 1);
			memmove(buf + at + 1, buf + at, *len - at);
			buf[at] = alphabet[pick(sizeof(alphabet) - 1)];
			(*len)++;
		}
		break;
	case 2: /* delete a byte */
		if (*len) {
			at = pick(*len);
			memmove(buf + at, buf + at + 1, *len - at - 1);
			(*len)--;
		}
		break;
	case 3: /* truncate */
		if (*len)
			*len = pick(*len + 1);
		break;
	default: /* repeat a slice */
		if (*len) {
			at = pick(*len);
			n = pick(*len - at) + 1;
			if (*len + n <= cap) {
				memmove(buf + at + n, buf + at, *len - at);
				(*len) += n;
			}
		}
		break;
	}
}

/* A lone "orders" array: each span parses alone to its element. */
static void spans_match_jansson(const char *buf, size_t len)
{
	json_t *whole, *arr;

	if (S.top != JSCAN_OBJECT || S.n_members != 1 || S.n_list_key != 1 ||
	    S.list_kind != JSCAN_ARRAY)
		return;
	whole = json_loadb(buf, len, JSON_DECODE_ANY, NULL);
	arr = json_object_get(whole, "orders");
	cr_assert(json_is_array(arr));
	cr_assert_eq(json_array_size(arr), S.n_elems);
	for (size_t i = 0; i < S.n_elems; i++) {
		json_t *one = json_loadb(buf + S.elems[i].start,
					 S.elems[i].end - S.elems[i].start,
					 JSON_DECODE_ANY, NULL);
		cr_assert(json_equal(one, json_array_get(arr, i)),
			  "element %zu of %.*s", i, (int)len, buf);
		json_decref(one);
	}
	json_decref(whole);
}

Test(json_scan, agrees_with_jansson_on_mutated_documents)
{
	char buf[1024];
	size_t i, len, k, accepted = 0, total = 0;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		len = strlen(seeds[i]);
		cr_assert(agree(seeds[i], len), "seed %zu", i);
		spans_match_jansson(seeds[i], len);
	}
	for (k = 0; k < 40000; k++) {
		const char *seed = seeds[pick(sizeof(seeds) / sizeof(seeds[0]))];
		int m = 1 + (int)pick(3);

		len = strlen(seed);
		memcpy(buf, seed, len);
		while (m--)
			mutate(buf, &len, sizeof(buf));
		total++;
		if (agree(buf, len)) {
			accepted++;
			spans_match_jansson(buf, len);
		}
	}
	/* the mutations must exercise both sides */
	cr_assert_gt(accepted, total / 50, "%zu of %zu accepted", accepted, total);
	cr_assert_lt(accepted, total / 2, "%zu of %zu accepted", accepted, total);
}

Test(json_scan, agrees_with_jansson_on_numbers)
{
	static const char *const fixed[] = {
		/* 2^1024 - 2^970, the first value strtod rounds to infinity */
		"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792.0",
		"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999",
		"1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977919999999999e-10",
		"0.17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447573027006985557136695962284291481986083493647529271907416844436551070434271155969950809304288017790417449779e309",
		"1.7976931348623157e308", "1.7976931348623158e308",
		"1.7976931348623159e308", "-1.797693134862315807937289714053e308",
		"-1.797693134862315807937289714052e308", "4.9e-324", "2e-324",
		"1e-400", "123456789012345678901234567890e279",
		"123456789012345678901234567890e278", "0.0e999999999999999999",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808",
		"-9223372036854775809", "10000000000000000000", "-0", "-0.0",
	};
	char buf[96];
	size_t i, len;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		cr_assert(agree(fixed[i], strlen(fixed[i])), "%s", fixed[i]);
	/* jansson itself refuses the first for its range, not its syntax */
	cr_assert_not(json_loadb(fixed[0], strlen(fixed[0]), JSON_DECODE_ANY,
				 NULL));
	for (i = 0; i < 20000; i++) {
		size_t nd = 1 + pick(22), k;

		len = 0;
		if (pick(2))
			buf[len++] = '-';
		for (k = 0; k < nd; k++)
			buf[len++] = (char)(pick(4) ? '0' + pick(10) : (k ? '9' : '1'));
		if (pick(2)) {
			buf[len++] = '.';
			for (k = 1 + pick(20); k; k--)
				buf[len++] = (char)('0' + pick(10));
		}
		if (pick(3)) {
			int e = 280 + (int)pick(50);
			buf[len++] = pick(2) ? 'e' : 'E';
			if (!pick(6))
				e = -e - (int)pick(60);
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%d",
						e >= 0 && pick(2) ? "+" : "", e);
		}
		agree(buf, len);
	}
}
