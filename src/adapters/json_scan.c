/* json_scan.c - an iterative JSON validator that builds nothing and
 * records where the elements of one top-level array lie (contract in
 * json_scan.h). One pass over the bytes, a state machine with a stack of
 * one bit per open container, no recursion; the only allocation is the
 * growing array of element spans. It accepts what jansson's json_loadb
 * accepts with JSON_DECODE_ANY (minus jansson's NUL-after-token quirk),
 * except numbers beyond jansson's range, so jansson can later parse any
 * recorded span alone, failing only on such a number or for memory. */
#include "adapters/json_scan.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scanner {
	const unsigned char *b;
	size_t len;
	size_t i; /* next byte to read */
	struct jscan *s;
};

/* Bytes that stand for themselves inside a string: printable ASCII other
 * than '"' and '\\'. Everything else takes the slow path. */
static const unsigned char plain[256] = {
#define R4(x) x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
	R16(0), R16(0),                    /* 0x00-0x1f: control */
	1, 1, 0, 1, R4(1), R4(1), R4(1),   /* 0x20-0x2f: '"' is 0x22 */
	R16(1), R16(1),                    /* 0x30-0x4f */
	R4(1), R4(1), R4(1), 0, 1, 1, 1,   /* 0x50-0x5f: '\\' is 0x5c */
	R16(1), R16(1),                    /* 0x60-0x7f */
	R16(0), R16(0), R16(0), R16(0),    /* 0x80-0xff: UTF-8 */
	R16(0), R16(0), R16(0), R16(0),
#undef R16
#undef R4
};

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline void skip_ws(struct scanner *sc)
{
	while (sc->i < sc->len) {
		unsigned char c = sc->b[sc->i];
		if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
			break;
		sc->i++;
	}
}

/* Record the first error at byte `at`; always returns false. */
static bool bad(struct scanner *sc, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool bad(struct scanner *sc, size_t at, const char *fmt, ...)
{
	va_list ap;

	sc->s->offset = at;
	va_start(ap, fmt);
	vsnprintf(sc->s->reason, sizeof(sc->s->reason), fmt, ap);
	va_end(ap);
	return false;
}

/* "character '}'", "byte 0x0A" or "end of input": what sits at `at`. */
static const char *found(const struct scanner *sc, size_t at, char *buf,
			 size_t size)
{
	unsigned char c;

	if (at >= sc->len)
		return "end of input";
	c = sc->b[at];
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, size, "character '%c'", c);
	else
		snprintf(buf, size, "byte 0x%02X", c);
	return buf;
}

/* "unexpected <what is there>, expected <what>". */
static bool unexpected(struct scanner *sc, const char *expected)
{
	char what[24];

	return bad(sc, sc->i, "unexpected %s, expected %s",
		   found(sc, sc->i, what, sizeof(what)), expected);
}

/* Length (2-4) of the well-formed UTF-8 sequence at p (avail bytes), or
 * 0: no overlongs, no surrogates, nothing above U+10FFFF. */
static size_t utf8_seq(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0];
	size_t n, k;

	if (c < 0xC2)
		return 0;
	n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
	if (n == 0 || avail < n)
		return 0;
	for (k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
	    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
		return 0;
	return n;
}

/* Value of the 4 hex digits at p (checked by the caller). */
static unsigned hex4(const unsigned char *p)
{
	unsigned v = 0;
	int k;

	for (k = 0; k < 4; k++) {
		unsigned char c = p[k];
		v = v * 16 + (unsigned)(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* Whether b[at] starts "\uXXXX" (4 hex digits); its value in *v. */
static bool u_escape_at(struct scanner *sc, size_t at, unsigned *v)
{
	size_t k;

	if (sc->len - at < 6)
		return false;
	if (sc->b[at] != '\\' || sc->b[at + 1] != 'u')
		return false;
	for (k = 2; k < 6; k++)
		if (!is_hex(sc->b[at + k]))
			return false;
	*v = hex4(sc->b + at + 2);
	return true;
}

/* The string starting at the '"' at sc->i; leaves sc->i after the
 * closing quote. */
static bool scan_string(struct scanner *sc)
{
	const unsigned char *b = sc->b;
	const size_t len = sc->len;
	size_t i = sc->i + 1, n;
	unsigned v, v2;
	unsigned char c;

	for (;;) {
		while (i < len && plain[b[i]])
			i++;
		if (i == len)
			return bad(sc, len, "unterminated string");
		c = b[i];
		if (c == '"')
			break;
		if (c >= 0x80) {
			n = utf8_seq(b + i, len - i);
			if (!n)
				return bad(sc, i, "invalid UTF-8 (byte 0x%02X) in string", c);
			i += n;
			continue;
		}
		if (c < 0x20) {
			if (c == '\n')
				return bad(sc, i, "unescaped newline in string");
			return bad(sc, i, "unescaped control character 0x%02X in string",
				   c);
		}
		if (c != '\\') {
			i++;
			continue;
		}
		if (i + 1 == len)
			return bad(sc, len, "unterminated string");
		c = b[i + 1];
		if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' ||
		    c == 'n' || c == 'r' || c == 't') {
			i += 2;
			continue;
		}
		if (c != 'u') {
			if (c > 0x20 && c < 0x7f)
				return bad(sc, i, "invalid escape '\\%c' in string", c);
			return bad(sc, i, "invalid escape (backslash before byte 0x%02X) in string",
				   c);
		}
		if (!u_escape_at(sc, i, &v)) {
			if (len - i < 6)
				return bad(sc, len, "unterminated string");
			return bad(sc, i, "invalid \\u escape: four hex digits expected");
		}
		if (v == 0)
			return bad(sc, i, "\\u0000 (NUL) is not allowed in a string");
		if (v >= 0xDC00 && v <= 0xDFFF)
			return bad(sc, i, "lone low surrogate \\u%04X in string", v);
		if (v >= 0xD800 && v <= 0xDBFF) {
			if (!u_escape_at(sc, i + 6, &v2) || v2 < 0xDC00 || v2 > 0xDFFF)
				return bad(sc, i, "lone high surrogate \\u%04X in string "
					   "(a \\uDC00-\\uDFFF escape must follow)", v);
			i += 6;
		}
		i += 6;
	}
	sc->i = i + 1;
	return true;
}

/* The number starting at sc->i ('-' or a digit): its grammar only. Its
 * range is not syntax: 1e999 and 10^30 are valid JSON, which jansson
 * refuses only when it builds the value (json_scan.h). */
static bool scan_number(struct scanner *sc)
{
	const unsigned char *b = sc->b;
	const size_t len = sc->len;
	size_t i = sc->i;

	if (b[i] == '-')
		i++;
	if (i == len || !is_digit(b[i]))
		return bad(sc, i, "invalid number: a digit must follow '-'");
	if (b[i] == '0') {
		i++;
		if (i < len && is_digit(b[i]))
			return bad(sc, i, "invalid number: leading zero");
	} else {
		while (i < len && is_digit(b[i]))
			i++;
	}
	if (i < len && b[i] == '.') {
		i++;
		if (i == len || !is_digit(b[i]))
			return bad(sc, i, "invalid number: a digit must follow '.'");
		while (i < len && is_digit(b[i]))
			i++;
	}
	if (i < len && (b[i] == 'e' || b[i] == 'E')) {
		i++;
		if (i < len && (b[i] == '+' || b[i] == '-'))
			i++;
		if (i == len || !is_digit(b[i]))
			return bad(sc, i, "invalid number: the exponent has no digits");
		while (i < len && is_digit(b[i]))
			i++;
	}
	sc->i = i;
	return true;
}

static bool scan_literal(struct scanner *sc, const char *word)
{
	size_t n = strlen(word);

	if (sc->len - sc->i < n || memcmp(sc->b + sc->i, word, n) != 0)
		return bad(sc, sc->i, "invalid literal (expected %s)", word);
	sc->i += n;
	return true;
}

static bool add_elem(struct jscan *s, size_t start, size_t end)
{
	struct jscan_span *p;
	size_t cap;

	if (s->n_elems == s->cap_elems) {
		cap = s->cap_elems ? s->cap_elems * 2 : 64;
		if (cap > SIZE_MAX / sizeof(*p))
			return false;
		p = realloc(s->elems, cap * sizeof(*p));
		if (!p)
			return false;
		s->elems = p;
		s->cap_elems = cap;
	}
	s->elems[s->n_elems].start = start;
	s->elems[s->n_elems].end = end;
	s->n_elems++;
	return true;
}

static enum jscan_kind kind_of(unsigned char c)
{
	switch (c) {
	case '{':
		return JSCAN_OBJECT;
	case '[':
		return JSCAN_ARRAY;
	case '"':
		return JSCAN_STRING;
	case 't':
		return JSCAN_TRUE;
	case 'f':
		return JSCAN_FALSE;
	case 'n':
		return JSCAN_NULL;
	default:
		return c == '-' || is_digit(c) ? JSCAN_NUMBER : JSCAN_NONE;
	}
}

/* Line and byte column of s->offset. */
static void locate(struct jscan *s, const char *buf, size_t len)
{
	size_t at = s->offset < len ? s->offset : len;
	size_t line_start = 0;
	const char *p = buf, *nl;

	s->line = 1;
	while (at > 0 && (nl = memchr(p, '\n', at - (size_t)(p - buf))) != NULL) {
		s->line++;
		p = nl + 1;
		line_start = (size_t)(p - buf);
	}
	s->column = at - line_start + 1;
}

void jscan_init(struct jscan *s, const char *list_key)
{
	memset(s, 0, sizeof(*s));
	s->list_key = list_key;
}

/* States of the scan: what the next token must be. */
enum st {
	ST_VALUE,     /* any value */
	ST_FIRST_KEY, /* after '{': a key or '}' */
	ST_KEY,       /* after ',' in an object: a key */
	ST_DONE       /* a value just ended at sc.i */
};

int jscan_run(struct jscan *s, const char *buf, size_t len, struct err *e)
{
	unsigned char is_obj[JSCAN_MAX_DEPTH / 8]; /* 1 bit per open container */
	struct scanner sc = {(const unsigned char *)buf, len, 0, s};
	const size_t klen = s->list_key ? strlen(s->list_key) : 0;
	size_t depth = 0, key_start, elem_start = 0;
	bool root_obj = false, member_is_list = false, in_list = false;
	enum st st = ST_VALUE;
	enum jscan_kind k;
	unsigned char c;
	int rc = 0;

	assert(s && (buf || len == 0));
	s->top = s->list_kind = JSCAN_NONE;
	s->n_members = s->n_list_key = s->n_elems = 0;
	s->list.start = s->list.end = 0;
	s->line = s->column = s->offset = 0;
	s->reason[0] = '\0';
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		bad(&sc, 0, "UTF-8 byte order mark (BOM) not allowed");
		goto fail;
	}
	for (;;) {
		switch (st) {
		case ST_VALUE:
			skip_ws(&sc);
			if (sc.i == len) {
				unexpected(&sc, "a value");
				goto fail;
			}
			if (depth >= JSCAN_MAX_DEPTH) {
				bad(&sc, sc.i, "nesting deeper than %d", JSCAN_MAX_DEPTH);
				goto fail;
			}
			c = sc.b[sc.i];
			k = kind_of(c);
			if (depth == 0) {
				s->top = k;
				root_obj = k == JSCAN_OBJECT;
			} else if (depth == 1 && root_obj && member_is_list) {
				s->list_kind = k;
				s->list.start = sc.i;
				s->n_elems = 0; /* the last such member wins */
			} else if (depth == 2 && in_list) {
				elem_start = sc.i;
			}
			switch (k) {
			case JSCAN_OBJECT:
			case JSCAN_ARRAY:
				if (k == JSCAN_OBJECT)
					is_obj[depth / 8] |= (unsigned char)(1u << (depth % 8));
				else
					is_obj[depth / 8] &= (unsigned char)~(1u << (depth % 8));
				depth++;
				sc.i++;
				if (k == JSCAN_OBJECT) {
					st = ST_FIRST_KEY;
					continue;
				}
				if (depth == 2 && root_obj && member_is_list)
					in_list = true;
				skip_ws(&sc);
				if (sc.i < len && sc.b[sc.i] == ']') {
					sc.i++;
					depth--;
					st = ST_DONE;
				}
				continue; /* ST_VALUE: the first element */
			case JSCAN_STRING:
				if (!scan_string(&sc))
					goto fail;
				break;
			case JSCAN_NUMBER:
				if (!scan_number(&sc))
					goto fail;
				break;
			case JSCAN_TRUE:
				if (!scan_literal(&sc, "true"))
					goto fail;
				break;
			case JSCAN_FALSE:
				if (!scan_literal(&sc, "false"))
					goto fail;
				break;
			case JSCAN_NULL:
				if (!scan_literal(&sc, "null"))
					goto fail;
				break;
			case JSCAN_NONE:
				unexpected(&sc, "a value");
				goto fail;
			}
			st = ST_DONE;
			continue;

		case ST_FIRST_KEY:
		case ST_KEY:
			skip_ws(&sc);
			if (st == ST_FIRST_KEY && sc.i < len && sc.b[sc.i] == '}') {
				sc.i++;
				depth--;
				st = ST_DONE;
				continue;
			}
			if (sc.i == len || sc.b[sc.i] != '"') {
				unexpected(&sc, st == ST_FIRST_KEY ? "a string or '}'"
								   : "a string");
				goto fail;
			}
			key_start = sc.i + 1;
			if (!scan_string(&sc))
				goto fail;
			if (depth == 1) {
				s->n_members++;
				member_is_list = s->list_key &&
						 sc.i - 1 - key_start == klen &&
						 memcmp(buf + key_start, s->list_key, klen) == 0;
				if (member_is_list)
					s->n_list_key++;
			}
			skip_ws(&sc);
			if (sc.i == len || sc.b[sc.i] != ':') {
				unexpected(&sc, "':'");
				goto fail;
			}
			sc.i++;
			st = ST_VALUE;
			continue;

		case ST_DONE:
			if (depth == 2 && in_list && !add_elem(s, elem_start, sc.i)) {
				rc = err_set(e, ERR_NOMEM, "out of memory scanning JSON");
				goto out;
			}
			if (depth == 1 && root_obj && member_is_list) {
				s->list.end = sc.i;
				member_is_list = false;
				in_list = false;
			}
			skip_ws(&sc);
			if (depth == 0) {
				if (sc.i != len) {
					char what[24];
					bad(&sc, sc.i, "end of file expected, found %s",
					    found(&sc, sc.i, what, sizeof(what)));
					goto fail;
				}
				goto out;
			}
			if (is_obj[(depth - 1) / 8] & (1u << ((depth - 1) % 8))) {
				if (sc.i < len && sc.b[sc.i] == ',') {
					sc.i++;
					st = ST_KEY;
				} else if (sc.i < len && sc.b[sc.i] == '}') {
					sc.i++;
					depth--;
				} else {
					unexpected(&sc, "',' or '}'");
					goto fail;
				}
			} else {
				if (sc.i < len && sc.b[sc.i] == ',') {
					sc.i++;
					st = ST_VALUE;
				} else if (sc.i < len && sc.b[sc.i] == ']') {
					sc.i++;
					depth--;
				} else {
					unexpected(&sc, "',' or ']'");
					goto fail;
				}
			}
			continue;
		}
	}
fail:
	locate(s, buf, len);
	rc = err_set(e, ERR_PARSE, "line %zu, column %zu (byte %zu): %s", s->line,
		     s->column, s->offset, s->reason);
out:
	return rc;
}

void jscan_release(struct jscan *s)
{
	if (!s)
		return;
	free(s->elems);
	jscan_init(s, s->list_key);
}
