/* json_scan.h - validate a JSON text without building it, and find the
 * elements of one top-level array.
 *
 * A streaming check of a whole buffer against RFC 8259, made to accept
 * exactly what jansson's json_loadb(buf, len, JSON_DECODE_ANY, ..) accepts,
 * so a text it passes can afterwards be parsed piece by piece with
 * jansson without a parse error:
 *
 *	struct jscan s;
 *	jscan_init(&s, "orders");
 *	rc = jscan_run(&s, buf, len, &e);     whole text, first error only
 *	... s.top, s.n_members, s.n_list_key, s.list_kind, s.elems ...
 *	jscan_release(&s);
 *
 * What is checked (and rejected with ERR_PARSE):
 *  - one value, optionally surrounded by white space (space, tab, LF, CR
 *    only), then the end of the buffer ("end of file expected");
 *  - objects, arrays, true/false/null spelled exactly;
 *  - strings: raw bytes must be valid UTF-8 (no overlongs, no surrogates,
 *    nothing above U+10FFFF), no raw control character below 0x20, escapes
 *    only \" \\ \/ \b \f \n \r \t \uXXXX; a \uD800-\uDBFF escape must be
 *    followed by a \uDC00-\uDFFF escape and a low surrogate may not stand
 *    alone; \u0000 is refused (in keys too), as jansson does without
 *    JSON_ALLOW_NUL;
 *  - numbers per the grammar (-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?),
 *    and nothing more: their range is not syntax. An integer beyond int64
 *    or a number beyond a double is valid JSON (RFC 8259 leaves the range
 *    to the reader) and passes; jansson refuses it only when it builds the
 *    value (json_error_numeric_overflow), so the caller can reject just
 *    the element that holds it;
 *  - nesting: a value may sit inside at most JSCAN_MAX_DEPTH - 1 open
 *    containers (jansson's limit of 2048 values on its parse stack). The
 *    scan is iterative: depth costs 1 bit of stack, never recursion;
 *  - a UTF-8 byte order mark is refused, as jansson does.
 * Nothing past `len` is read; the buffer need not be NUL-terminated and a
 * NUL byte anywhere is an error (outside strings an unexpected byte,
 * inside a control character). That is the one deliberate difference
 * from jansson, which skips a NUL byte right after a number or a literal
 * ("[1\0]" loads there). Apart from that and the range of numbers, the
 * scanner is never more lenient: whatever it accepts jansson accepts too,
 * or refuses only with a numeric overflow. Repeated keys are not checked
 * (that would need every key of every object): with JSON_REJECT_DUPLICATES,
 * as the order mapper loads, jansson also refuses a text the scanner
 * passed for a key repeated in an object (json_error_duplicate_key).
 * n_members counts a repeated top-level key each time, so a caller that
 * takes the list apart only when it is the one member never misses a
 * second "orders", however it is spelled.
 *
 * Positions: on an error, `offset` is the 0-based byte offset of the first
 * offending byte (`len` when the text ends too early), `line` is 1 + the
 * number of LF bytes before it and `column` is 1-based and counted in
 * BYTES from the start of that line (jansson counts characters, and points
 * after the offending token rather than at it).
 *
 * What is recorded (for a valid text; for an invalid one the fields are
 * unspecified):
 *  - `top`: the kind of the top-level value;
 *  - when it is an object: `n_members`, its number of members (a repeated
 *    key counts each time) and `n_list_key`, how many of them have the key
 *    `list_key`. A key matches when its raw bytes between the quotes equal
 *    list_key, so a key spelled with escapes ("ord\u0065rs") does not
 *    match (callers that need certainty fall back to a real parser unless
 *    the key stands alone);
 *  - for the last member with key list_key: `list_kind` and `list`, the
 *    byte span of its value, and when that value is an array, `elems`: the
 *    spans of its elements in order, each from the first byte of the
 *    element to just after its last byte (no surrounding white space).
 * A span [start, end) is byte offsets into the scanned buffer.
 *
 * Memory: jscan_run allocates only the `elems` array (malloc/realloc,
 * doubling); jscan_release frees it. The caller may take it over instead
 * (set s.elems to NULL after copying the pointer, then free() it).
 */
#ifndef SHOPERP_ADAPTERS_JSON_SCAN_H
#define SHOPERP_ADAPTERS_JSON_SCAN_H

#include <stddef.h>

#include "base/err.h"

/* Most values on the parse stack, as jansson's JSON_PARSER_MAX_DEPTH. */
#define JSCAN_MAX_DEPTH 2048

#define JSCAN_REASON_MAX 96

enum jscan_kind {
	JSCAN_NONE = 0, /* nothing recorded */
	JSCAN_OBJECT,
	JSCAN_ARRAY,
	JSCAN_STRING,
	JSCAN_NUMBER,
	JSCAN_TRUE,
	JSCAN_FALSE,
	JSCAN_NULL
};

struct jscan_span {
	size_t start; /* first byte */
	size_t end;   /* one past the last byte */
};

struct jscan {
	/* in (jscan_init): key of the top-level member whose array elements
	 * are recorded; borrowed, NUL-terminated, or NULL for none */
	const char *list_key;

	/* out, after jscan_run returned 0 */
	enum jscan_kind top;
	size_t n_members;
	size_t n_list_key;
	enum jscan_kind list_kind;
	struct jscan_span list;
	struct jscan_span *elems; /* owned; NULL when none */
	size_t n_elems;
	size_t cap_elems;

	/* out, after jscan_run returned ERR_PARSE */
	size_t line;
	size_t column;
	size_t offset;
	char reason[JSCAN_REASON_MAX]; /* "unterminated string", ... */
};

/* Prepare *s for jscan_run with nothing recorded. */
void jscan_init(struct jscan *s, const char *list_key);

/* Check `len` bytes of `buf` (NULL only with len 0) and record as above.
 * May be run again on the same *s (the previous results are dropped, the
 * elems array is reused). Returns 0, or:
 *   ERR_PARSE  the text is not valid JSON: line, column, offset and reason
 *              are set and e gets "line L, column C (byte B): reason";
 *   ERR_NOMEM  the elems array could not grow (e says so).
 * e may be NULL. */
int jscan_run(struct jscan *s, const char *buf, size_t len, struct err *e);

/* Free the elems array and reset *s to the jscan_init state (keeping
 * list_key); accepts NULL. */
void jscan_release(struct jscan *s);

#endif
