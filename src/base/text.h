/* text.h - UTF-8 and normalisation helpers (byte-exact, locale-free).
 *
 * Text from Shopify is kept byte for byte; these helpers only measure,
 * cut on code-point boundaries, and build the normalised keys used for
 * exact matching (never fuzzy).
 */
#ifndef SHOPERP_BASE_TEXT_H
#define SHOPERP_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when `s` (len bytes) is well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* Largest n <= max such that s[0..n) ends on a code-point boundary of the
 * (valid UTF-8) string s of length len. */
size_t utf8_cut(const char *s, size_t len, size_t max);

/* True when s is NULL or only ASCII white space. */
bool text_blank(const char *s);

/* Trimmed copy of s into out (size bytes), ASCII white space removed from
 * both ends; returns length written. */
size_t text_trim(const char *s, char *out, size_t size);

/* Normalised e-mail key: trimmed, ASCII lower case. Empty result means
 * "no e-mail". Returns length. */
size_t text_norm_email(const char *s, char *out, size_t size);

/* Normalised phone key: a leading '+' (if the first non-space character
 * is '+') followed by the digits only. Fewer than 5 digits means "no phone"
 * and yields "". Returns length. */
size_t text_norm_phone(const char *s, char *out, size_t size);

/* Display copy of s for a terminal or a text report, so data can never
 * forge a line or send an escape sequence: s is copied into out (size
 * bytes, NUL-terminated when size > 0) with '?' in place of every control
 * character (C0 U+0000..U+001F, including tab, LF and CR; DEL U+007F; C1
 * U+0080..U+009F, which some terminals read as ESC [ or a line break)
 * and of every byte that is not part of well-formed UTF-8 (as
 * utf8_valid). Everything else, valid UTF-8 included, is kept byte for
 * byte. One '?' stands for one code point or one stray byte, so the copy
 * is never longer than s: size strlen(s) + 1 always holds it whole; a
 * smaller out gets a copy cut on a code-point boundary. s NULL is "".
 * Returns the length written. */
size_t text_sanitize(const char *s, char *out, size_t size);

#endif
