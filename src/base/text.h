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

#endif
