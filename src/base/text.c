/* text.c - UTF-8 validation and cutting; e-mail and phone keys; display
 * copies without control characters. */
#include "base/text.h"

#include <string.h>

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + n >= len)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

size_t utf8_cut(const char *str, size_t len, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	if (len <= max)
		return len;
	n = max;
	/* back up over continuation bytes to the start of the cut code point */
	while (n > 0 && (s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

bool text_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!is_space(*s))
			return false;
	return true;
}

size_t text_trim(const char *s, char *out, size_t size)
{
	size_t b, e, n;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (!s)
		return 0;
	e = strlen(s);
	b = 0;
	while (b < e && is_space(s[b]))
		b++;
	while (e > b && is_space(s[e - 1]))
		e--;
	n = e - b;
	if (n >= size)
		n = utf8_cut(s + b, n, size - 1);
	memcpy(out, s + b, n);
	out[n] = '\0';
	return n;
}

size_t text_norm_email(const char *s, char *out, size_t size)
{
	size_t n = text_trim(s, out, size);

	for (size_t i = 0; i < n; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	if (!memchr(out, '@', n)) {
		out[0] = '\0';
		return 0;
	}
	return n;
}

size_t text_norm_phone(const char *s, char *out, size_t size)
{
	size_t n = 0, digits = 0;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (!s)
		return 0;
	while (is_space(*s))
		s++;
	if (*s == '+' && size > 1)
		out[n++] = '+';
	for (; *s && n + 1 < size; s++)
		if (*s >= '0' && *s <= '9') {
			out[n++] = *s;
			digits++;
		}
	out[n] = '\0';
	if (digits < 5) {
		out[0] = '\0';
		return 0;
	}
	return n;
}

/* Length of the well-formed UTF-8 sequence at s (1..4, within len > 0
 * bytes) and its code point in *cp, or 0 when s[0] does not start one. */
static size_t utf8_seq(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned c = s[0];
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 1;
		c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2;
		c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3;
		c &= 0x07;
	} else {
		return 0;
	}
	if (n >= len)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3F);
	}
	if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
	    (n == 3 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n + 1;
}

size_t text_sanitize(const char *str, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t len = strlen((const char *)s);
	size_t i = 0, n = 0;

	if (size == 0)
		return 0;
	while (i < len) {
		unsigned cp = 0;
		size_t k = utf8_seq(s + i, len - i, &cp);

		if (k == 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			if (n + 1 >= size)
				break;
			out[n++] = '?';
			i += k ? k : 1;
			continue;
		}
		if (n + k >= size)
			break;
		memcpy(out + n, s + i, k);
		n += k;
		i += k;
	}
	out[n] = '\0';
	return n;
}
